//! Plain CSV exports (feature `csv`), in one of two layouts, told apart by the header
//! (column names are case-insensitive, in any order):
//!
//! - **one row per item**: `id,type,product,key_results,created,started,done`. `id`
//!   and `created` are required columns; `started` and `done` may be empty. The item
//!   is created in [`CsvStatuses::created`], moves to [`CsvStatuses::started`] on
//!   `started` and to [`CsvStatuses::done`] on `done`.
//! - **one row per transition**: `id,at,to` plus optional `from`, `type`, `product`,
//!   `key_results` and `created`. An item's rows may come in any order; its creation
//!   is `created` when given, else its earliest `at`; its current status is the `to` of
//!   its latest row. `type`, `product` and `key_results` may be repeated on every row
//!   or given once; two different non-empty values are an error.
//!
//! `key_results` holds zero or more key-result ids separated by `;`, `,` or spaces.
//! Dates are `YYYY-MM-DD` or timestamps (see [`crate::adapter`]).

use std::collections::BTreeMap;

use folio_types::{KeyResultId, ProductId};

use crate::adapter::{key_result, product, timestamp};
use crate::error::{Error, Result};
use crate::item::{Transition, WorkItem};

/// The status names the one-row-per-item layout writes, so a
/// [`Workflow`](crate::Workflow) can map them (the defaults are in
/// [`Workflow::standard`](crate::Workflow::standard)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CsvStatuses {
    /// The status at creation (default `Backlog`).
    pub created: String,
    /// The status from `started` (default `In Progress`).
    pub started: String,
    /// The status from `done` (default `Done`).
    pub done: String,
}

impl Default for CsvStatuses {
    fn default() -> Self {
        Self {
            created: "Backlog".into(),
            started: "In Progress".into(),
            done: "Done".into(),
        }
    }
}

/// Reads a CSV export in either layout.
///
/// ```
/// use folio_delivery::adapter::csv::{CsvStatuses, parse};
///
/// let text = "id,type,product,key_results,created,started,done\n\
///             F-1,Feature,atlas,kr3;kr4,2026-11-02,2026-11-03,2026-11-09\n\
///             F-2,Feature,atlas,,2026-11-04,,\n";
/// let items = parse(text, &CsvStatuses::default())?;
/// assert_eq!(items[0].key_results.len(), 2);
/// assert_eq!(items[0].status, "Done");
/// assert_eq!(items[1].status, "Backlog");
/// # Ok::<(), folio_delivery::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Parse`] for unreadable CSV or a header that fits neither layout;
/// [`Error::Field`] naming the item and column for a bad value; where a row is at
/// fault (an empty `id`, `at` or `to`), the line it starts on, counted by line feeds
/// from 1 (empty lines and line ends inside quoted fields included).
pub fn parse(text: &str, statuses: &CsvStatuses) -> Result<Vec<WorkItem>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| parse_error(&e))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let columns = Columns {
        id: column("id"),
        kind: column("type"),
        product: column("product"),
        key_results: column("key_results"),
        created: column("created"),
        started: column("started"),
        done: column("done"),
        at: column("at"),
        from: column("from"),
        to: column("to"),
    };
    let Some(id) = columns.id else {
        return Err(header_error("an `id` column"));
    };
    let mut lines = Lines::default();
    let rows = reader
        .records()
        .map(|r| {
            let row = r.map_err(|e| parse_error(&e))?;
            let line = lines.of(text.as_bytes(), row.position());
            Ok((row, line))
        })
        .collect::<Result<Vec<_>>>()?;
    match (columns.at, columns.to) {
        (Some(at), Some(to)) => transitions(&rows, &columns, id, at, to),
        _ if columns.created.is_some() => summaries(&rows, &columns, id, statuses),
        _ => Err(header_error(
            "`created` (one row per item) or `at` and `to` (one row per transition)",
        )),
    }
}

struct Columns {
    id: Option<usize>,
    kind: Option<usize>,
    product: Option<usize>,
    key_results: Option<usize>,
    created: Option<usize>,
    started: Option<usize>,
    done: Option<usize>,
    at: Option<usize>,
    from: Option<usize>,
    to: Option<usize>,
}

/// The line each row starts on, counted by line feeds from 1, empty lines and line
/// ends inside quoted fields included.
///
/// The `csv` crate's own record line is the one it had counted when it began reading
/// the record, before the `\n` of a `\r\n` and any empty lines ahead of it were read;
/// its byte position is where it began, so the row itself starts at the first byte
/// from there that ends no line. Rows come in text order, so each line feed is
/// counted once.
#[derive(Debug, Default)]
struct Lines {
    /// Where counting stopped.
    at: usize,
    /// Line feeds before `at`.
    feeds: usize,
}

impl Lines {
    fn of(&mut self, text: &[u8], position: Option<&::csv::Position>) -> usize {
        let from = position
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.at)
            .max(self.at);
        let start = text
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b != b'\r' && b != b'\n'))
            .map_or(text.len(), |i| from.saturating_add(i));
        let feeds = text
            .get(self.at..start)
            .map_or(0, |between| between.iter().filter(|&&b| b == b'\n').count());
        self.feeds = self.feeds.saturating_add(feeds);
        self.at = start;
        self.feeds.saturating_add(1)
    }
}

fn parse_error(e: &::csv::Error) -> Error {
    Error::Parse {
        format: "csv",
        problem: e.to_string(),
    }
}

fn header_error(needs: &str) -> Error {
    Error::Parse {
        format: "csv",
        problem: format!("the header needs {needs}"),
    }
}

fn cell(row: &::csv::StringRecord, column: Option<usize>) -> Option<&str> {
    column.and_then(|c| row.get(c)).filter(|s| !s.is_empty())
}

fn key_results_of(item: &str, text: Option<&str>) -> Result<Vec<KeyResultId>> {
    let mut out: Vec<KeyResultId> = text
        .unwrap_or("")
        .split([';', ',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| key_result(item, "key_results", s))
        .collect::<Result<_>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn product_of(item: &str, text: Option<&str>) -> Result<Option<ProductId>> {
    text.map(|t| product(item, "product", t)).transpose()
}

fn summaries(
    rows: &[(::csv::StringRecord, usize)],
    c: &Columns,
    id_column: usize,
    statuses: &CsvStatuses,
) -> Result<Vec<WorkItem>> {
    rows.iter()
        .map(|(row, line)| {
            let id = cell(row, Some(id_column))
                .ok_or_else(|| Error::field(format!("line {line}"), "id", "empty"))?
                .to_owned();
            let created = timestamp(&id, "created", cell(row, c.created))?;
            let started = cell(row, c.started)
                .map(|s| timestamp(&id, "started", Some(s)))
                .transpose()?;
            let done = cell(row, c.done)
                .map(|s| timestamp(&id, "done", Some(s)))
                .transpose()?;
            if let Some(s) = started.filter(|s| *s < created) {
                return Err(Error::field(
                    &id,
                    "started",
                    format!("{s} is before created {created}"),
                ));
            }
            if let (Some(s), Some(d)) = (started, done) {
                if d < s {
                    return Err(Error::field(
                        &id,
                        "done",
                        format!("{d} is before started {s}"),
                    ));
                }
            }
            if let Some(d) = done.filter(|d| *d < created) {
                return Err(Error::field(
                    &id,
                    "done",
                    format!("{d} is before created {created}"),
                ));
            }
            let mut transitions = Vec::new();
            let mut status = statuses.created.clone();
            if let Some(at) = started {
                transitions.push(Transition {
                    at,
                    from: Some(status.clone()),
                    to: statuses.started.clone(),
                });
                status.clone_from(&statuses.started);
            }
            if let Some(at) = done {
                transitions.push(Transition {
                    at,
                    from: Some(status.clone()),
                    to: statuses.done.clone(),
                });
                status.clone_from(&statuses.done);
            }
            Ok(WorkItem {
                kind: cell(row, c.kind).unwrap_or("Item").to_owned(),
                product: product_of(&id, cell(row, c.product))?,
                key_results: key_results_of(&id, cell(row, c.key_results))?,
                created,
                resolved: done,
                status,
                transitions,
                id,
            })
        })
        .collect()
}

/// The value of an attribute repeated over an item's rows: the first non-empty one;
/// a different non-empty value later is an error.
fn same<'r>(
    item: &str,
    field: &str,
    slot: &mut Option<&'r str>,
    value: Option<&'r str>,
) -> Result<()> {
    match (*slot, value) {
        (_, None) => Ok(()),
        (None, Some(v)) => {
            *slot = Some(v);
            Ok(())
        }
        (Some(old), Some(v)) if old == v => Ok(()),
        (Some(old), Some(v)) => Err(Error::field(
            item,
            field,
            format!("rows disagree: {old:?} and {v:?}"),
        )),
    }
}

#[derive(Default)]
struct Rows<'r> {
    kind: Option<&'r str>,
    product: Option<&'r str>,
    key_results: Option<&'r str>,
    created: Option<&'r str>,
    transitions: Vec<Transition>,
}

fn transitions(
    rows: &[(::csv::StringRecord, usize)],
    c: &Columns,
    id_column: usize,
    at_column: usize,
    to_column: usize,
) -> Result<Vec<WorkItem>> {
    let mut items: BTreeMap<&str, Rows<'_>> = BTreeMap::new();
    for (row, line) in rows {
        let id = cell(row, Some(id_column))
            .ok_or_else(|| Error::field(format!("line {line}"), "id", "empty"))?;
        let entry = items.entry(id).or_default();
        same(id, "type", &mut entry.kind, cell(row, c.kind))?;
        same(id, "product", &mut entry.product, cell(row, c.product))?;
        same(
            id,
            "key_results",
            &mut entry.key_results,
            cell(row, c.key_results),
        )?;
        same(id, "created", &mut entry.created, cell(row, c.created))?;
        let at = timestamp(id, &format!("at (line {line})"), cell(row, Some(at_column)))?;
        let to = cell(row, Some(to_column))
            .ok_or_else(|| Error::field(id, format!("to (line {line})"), "empty"))?;
        entry.transitions.push(Transition {
            at,
            from: cell(row, c.from).map(str::to_owned),
            to: to.to_owned(),
        });
    }
    items
        .into_iter()
        .map(|(id, mut rows)| {
            // Sorting by time (then status names) makes the item independent of row
            // order; `Workflow::map` keeps this order for changes at the same instant.
            rows.transitions.sort();
            let earliest = rows.transitions.first().map(|t| t.at);
            let created = match rows.created {
                Some(text) => timestamp(id, "created", Some(text))?,
                None => earliest.ok_or_else(|| Error::field(id, "at", "no rows"))?,
            };
            let status = rows
                .transitions
                .last()
                .map(|t| t.to.clone())
                .unwrap_or_default();
            Ok(WorkItem {
                id: id.to_owned(),
                kind: rows.kind.unwrap_or("Item").to_owned(),
                product: product_of(id, rows.product)?,
                key_results: key_results_of(id, rows.key_results)?,
                created,
                resolved: None,
                status,
                transitions: rows.transitions,
            })
        })
        .collect()
}
