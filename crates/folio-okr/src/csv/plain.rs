//! Splitting the plain files nearly every export writes: UTF-8 text without quotes,
//! lines ending in `\n` or `\r\n`.
//!
//! Such a file is split exactly as the `csv` crate splits it (RFC 4180 with that
//! crate's defaults: fields end at a comma, records at a line end, empty lines are
//! skipped, lines are counted from 1): the same fields, the same line for each record.
//! The `csv` crate decodes every field and steps a state machine through every byte;
//! here the text is checked as UTF-8 once and each byte is one comparison. On anything
//! this splitter does not cover, a quote, a carriage return alone, a byte order mark,
//! text that is not UTF-8, it says so ([`Unsure`]) and the file is read by the `csv`
//! crate from its start, so no file is ever read two ways.

use super::Row;

/// A file this splitter cannot be sure to split as the `csv` crate does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsure;

/// The records of a plain text, one at a time.
#[derive(Debug)]
pub(super) struct Records<'t> {
    text: &'t str,
    /// Where the next record starts.
    at: usize,
    /// The line `at` is on.
    line: u64,
}

impl<'t> Records<'t> {
    /// The records of `bytes`, or [`Unsure`] where they are not UTF-8 or start with a
    /// byte order mark (which the `csv` crate drops).
    pub(super) fn new(bytes: &'t [u8]) -> Result<Self, Unsure> {
        let text = std::str::from_utf8(bytes).map_err(|_| Unsure)?;
        if text.starts_with('\u{feff}') {
            return Err(Unsure);
        }
        Ok(Self {
            text,
            at: 0,
            line: 1,
        })
    }

    /// The whole text.
    pub(super) fn text(&self) -> &'t str {
        self.text
    }

    /// Appends the next record's fields to `spans` (as byte ranges of the text) and
    /// gives the line it is on; `Ok(None)` at the end of the text.
    ///
    /// # Errors
    ///
    /// [`Unsure`] at a quote or a carriage return not followed by a line feed.
    pub(super) fn next_into(
        &mut self,
        spans: &mut Vec<(usize, usize)>,
    ) -> Result<Option<u64>, Unsure> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.at;
            if start >= bytes.len() {
                return Ok(None);
            }
            let line = self.line;
            let before = spans.len();
            let mut field = start;
            let mut i = start;
            // Where the record ends and where the next one starts.
            let (end, next) = loop {
                match bytes.get(i) {
                    None => break (i, i),
                    Some(b',') => {
                        spans.push((field, i));
                        field = i.saturating_add(1);
                    }
                    Some(b'\n') => break (i, i.saturating_add(1)),
                    Some(b'\r') if bytes.get(i.saturating_add(1)) == Some(&b'\n') => {
                        break (i, i.saturating_add(2));
                    }
                    Some(b'\r' | b'"') => return Err(Unsure),
                    Some(_) => {}
                }
                i = i.saturating_add(1);
            };
            self.at = next;
            if next > end {
                self.line = self.line.saturating_add(1);
            }
            if end == start {
                // An empty line is no record.
                spans.truncate(before);
                continue;
            }
            spans.push((field, end));
            return Ok(Some(line));
        }
    }
}

/// One record of a plain text: its fields as byte ranges of the text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Plain<'t> {
    pub(super) text: &'t str,
    pub(super) spans: &'t [(usize, usize)],
}

impl Row for Plain<'_> {
    fn bytes(&self, at: usize) -> &[u8] {
        self.spans
            .get(at)
            .and_then(|&(start, end)| self.text.as_bytes().get(start..end))
            .unwrap_or_default()
    }

    fn text(&self, at: usize) -> Option<&str> {
        match self.spans.get(at) {
            // Fields end at ASCII bytes, so every range is on character boundaries.
            Some(&(start, end)) => self.text.get(start..end),
            None => Some(""),
        }
    }
}
