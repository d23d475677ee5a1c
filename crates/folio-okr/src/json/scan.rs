//! A strict reader of the plain JSON a large document is written in, for the column
//! path.
//!
//! A million key results are some sixteen million short strings (keys, ids, tiers,
//! weights). Read through `serde_json`'s deserializer and visitors, each costs a
//! hundred instructions or more; read here, a string with no escapes is found by one
//! pass over its bytes and borrowed from the document. Everything else is handed to
//! `serde_json` itself: a string with an escape, a number, a nested value of a type the
//! column path reads whole (a policy, the objectives) is parsed by [`Scan::value`] from
//! where it starts, exactly as the record path parses it there, and the scan goes on
//! where `serde_json` stopped.
//!
//! The scan accepts only JSON: white space is the four characters JSON allows, a string
//! has no control characters (and one with an escape is `serde_json`'s to read), values
//! are separated by commas and colons as the grammar says, and nothing but white space
//! may follow the document. Whatever it does not take returns `None`, and the caller
//! leaves the whole document to the record path, which reports it.

use std::borrow::Cow;

use serde::Deserialize;

/// A position in a JSON document.
pub(super) struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    /// A scan at the start of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// The bytes not read yet.
    #[inline]
    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }

    /// The next byte after white space, not consumed.
    #[inline]
    pub(super) fn peek(&mut self) -> Option<u8> {
        loop {
            let byte = *self.text.as_bytes().get(self.at)?;
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            // Below the text's length, so far from overflowing.
            self.at = self.at.wrapping_add(1);
        }
    }

    /// Consumes `byte`, after white space.
    #[inline]
    pub(super) fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then_some(())?;
        self.at = self.at.wrapping_add(1);
        Some(())
    }

    /// Opens an object or array (`open` is `{` or `[`, `close` its closing byte):
    /// `Some(true)` when a member or element follows, `Some(false)` when it is empty
    /// (and closed).
    #[inline]
    pub(super) fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.eat(open)?;
        if self.peek()? == close {
            self.at = self.at.wrapping_add(1);
            return Some(false);
        }
        Some(true)
    }

    /// After a member or element: `Some(true)` at a comma (another follows),
    /// `Some(false)` at `close` (consumed).
    #[inline]
    pub(super) fn more(&mut self, close: u8) -> Option<bool> {
        let next = self.peek()?;
        // `peek` found a byte there: the position is below the text's length.
        self.at = self.at.wrapping_add(1);
        match next {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }

    /// A string, after white space: borrowed when it has no escape, else read by
    /// `serde_json`. `None` where the next value is not a string, or is not valid.
    pub(super) fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        match self.plain_string() {
            Some(text) => Some(Cow::Borrowed(text)),
            None => self.escaped(),
        }
    }

    /// A string starting right here (no white space first) with neither an escape nor
    /// a control character, borrowed; `None`, the scan unmoved, for anything else.
    #[inline]
    pub(super) fn plain_string(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at.checked_add(1)?;
        let body = bytes.get(start..)?;
        let len = string_end(body)?;
        if body.get(len) != Some(&b'"') {
            return None;
        }
        // A quote is one byte of ASCII: both ends fall between characters.
        let end = start.checked_add(len)?;
        let text = self.text.get(start..end)?;
        self.at = end.checked_add(1)?;
        Some(text)
    }

    /// Consumes `bytes` when the text goes on with exactly them, right here (no white
    /// space first): the fixed parts of a document as its writer writes it, compared as
    /// a few whole words.
    #[inline]
    pub(super) fn literal<const N: usize>(&mut self, bytes: &[u8; N]) -> bool {
        let next = self
            .rest()
            .get(..N)
            .and_then(|next| <&[u8; N]>::try_from(next).ok());
        if next == Some(bytes) {
            // `N` bytes were there: the position stays within the text.
            self.at = self.at.wrapping_add(N);
            true
        } else {
            false
        }
    }

    /// A string with an escape or a control character, read by `serde_json` (which
    /// refuses the control character, as the record path does).
    #[cold]
    #[inline(never)]
    fn escaped(&mut self) -> Option<Cow<'a, str>> {
        self.value::<String>().map(Cow::Owned)
    }

    /// A member's key and its colon.
    pub(super) fn key(&mut self) -> Option<Cow<'a, str>> {
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// A member's key and its colon, like [`Scan::key`], found without a search when it
    /// is one of `likely` written plainly (the key a writer puts next): the bytes
    /// `"key"` are compared in place.
    pub(super) fn key_among(&mut self, likely: &[&'static str]) -> Option<Cow<'a, str>> {
        self.peek()?;
        let rest = self.rest();
        for &key in likely {
            let len = key.len();
            // The closing quote first: it turns most other keys away in one test.
            let written = rest.get(len.checked_add(1)?) == Some(&b'"')
                && rest.first() == Some(&b'"')
                && rest.get(1..len.checked_add(1)?) == Some(key.as_bytes());
            if written {
                self.at = self.at.checked_add(len.checked_add(2)?)?;
                self.eat(b':')?;
                return Some(Cow::Borrowed(key));
            }
        }
        self.key()
    }

    /// The next value, whatever it is, read as `T` by `serde_json` from where it starts,
    /// as the record path reads it there; the scan goes on after it.
    pub(super) fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        self.peek()?;
        let rest = self.text.get(self.at..)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = values.next()?.ok()?;
        self.at = self.at.checked_add(values.byte_offset())?;
        Some(value)
    }

    /// Whether the next value is a string (after white space), without reading it.
    pub(super) fn at_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// The position, to come back to with [`Scan::rewind`].
    pub(super) fn mark(&self) -> usize {
        self.at
    }

    /// Goes back to a position given by [`Scan::mark`].
    pub(super) fn rewind(&mut self, at: usize) {
        self.at = at;
    }

    /// The end of the document: nothing but white space is left.
    pub(super) fn end(&mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(_) => None,
        }
    }
}

/// Each byte of a word set to one.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// Each byte of a word set to its high bit.
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// Where a string's body ends: the first quote, backslash or control character in
/// `body` (its position), or `None` if there is none.
///
/// Eight bytes are tested at a time: a word's byte is zero after an exclusive or with
/// the byte sought, and `(x - 1) & !x` sets the high bit of a zero byte (and of a byte
/// below `0x20` for `x - 0x20`). A borrow can mark a byte above the first match but
/// never one below it, so the lowest high bit is the first match.
#[inline]
fn string_end(body: &[u8]) -> Option<usize> {
    let mut at = 0usize;
    while let Some(chunk) = body.get(at..at.checked_add(8)?) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?);
        let quote = word ^ ONES.wrapping_mul(u64::from(b'"'));
        let backslash = word ^ ONES.wrapping_mul(u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word)
            & HIGH;
        if found != 0 {
            return at.checked_add(usize::try_from(found.trailing_zeros() / 8).ok()?);
        }
        at = at.checked_add(8)?;
    }
    let tail = body.get(at..)?;
    at.checked_add(
        tail.iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    proptest::proptest! {
        /// The word-at-a-time search finds what a byte-at-a-time search finds, at any
        /// offset and length, with any bytes around it.
        #[test]
        fn the_end_of_a_string_is_found_as_a_byte_search_finds_it(
            body in proptest::collection::vec(proptest::sample::select(
                &[b'a', b' ', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xa2, 0xdc, 0xff, 0x21, 0x5d][..]), 0..40),
            skip in 0..8usize,
        ) {
            let body = body.get(skip.min(body.len())..).unwrap();
            let naive = body.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            proptest::prop_assert_eq!(string_end(body), naive);
        }
    }

    #[test]
    fn plain_strings_are_borrowed_and_escaped_ones_read_by_serde_json() {
        let mut scan = Scan::new(r#" "id" : "a\"b" , "\u00e9t\u00e9" "#);
        assert!(matches!(scan.key(), Some(Cow::Borrowed("id"))));
        assert_eq!(scan.string().unwrap(), "a\"b");
        assert_eq!(scan.more(b']'), Some(true));
        assert_eq!(scan.string().unwrap(), "été");
        assert_eq!(scan.end(), Some(()));
    }

    #[test]
    fn what_json_refuses_is_refused() {
        // A raw control character in a string, an unclosed string, a string where a
        // number is, white space JSON does not allow, text after the end.
        assert!(Scan::new("\"a\tb\"").string().is_none());
        assert!(Scan::new("\"ab").string().is_none());
        assert!(Scan::new("12").string().is_none());
        assert!(Scan::new("\u{c}\"a\"").string().is_none());
        let mut scan = Scan::new("[] x");
        assert_eq!(scan.open(b'[', b']'), Some(false));
        assert!(scan.end().is_none());
        // A separator other than the grammar's.
        let mut scan = Scan::new("[1 2]");
        assert_eq!(scan.open(b'[', b']'), Some(true));
        assert_eq!(scan.value::<u8>(), Some(1));
        assert!(scan.more(b']').is_none());
    }

    #[test]
    fn a_likely_key_is_found_in_place_and_any_other_as_a_key_is() {
        let text = r#"{"id": 1, "idea" : 2, "i\u0064": 3, "id" :4, "i":5}"#;
        let mut scan = Scan::new(text);
        assert_eq!(scan.open(b'{', b'}'), Some(true));
        let mut keys = Vec::new();
        loop {
            keys.push(scan.key_among(&["id", "i"]).unwrap().into_owned());
            scan.value::<u8>().unwrap();
            if !scan.more(b'}').unwrap() {
                break;
            }
        }
        assert_eq!(keys, ["id", "idea", "id", "id", "i"]);
        assert_eq!(scan.end(), Some(()));
        // A likely key still needs its colon.
        assert!(Scan::new(r#""id" 1"#).key_among(&["id"]).is_none());
    }

    #[test]
    fn a_value_is_read_by_serde_json_and_the_scan_goes_on_after_it() {
        let mut scan = Scan::new(r#"{ "a": [1, 2], "b": 0.5e1, "c": null }"#);
        assert_eq!(scan.open(b'{', b'}'), Some(true));
        assert_eq!(scan.key().unwrap(), "a");
        assert_eq!(scan.value::<Vec<u8>>(), Some(vec![1, 2]));
        assert_eq!(scan.more(b'}'), Some(true));
        assert_eq!(scan.key().unwrap(), "b");
        assert_eq!(scan.value::<f64>(), Some(5.0));
        assert_eq!(scan.more(b'}'), Some(true));
        assert_eq!(scan.key().unwrap(), "c");
        assert_eq!(scan.value::<Option<u8>>(), Some(None));
        assert_eq!(scan.more(b'}'), Some(false));
        assert_eq!(scan.end(), Some(()));
        // A value that does not parse as the type, or is not JSON.
        assert!(Scan::new("\"x\"").value::<u8>().is_none());
        assert!(Scan::new("01").value::<u8>().is_none());
    }
}
