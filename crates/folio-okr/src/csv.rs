//! Loading a portfolio from a CSV edge list (feature `csv`).
//!
//! Large portfolios usually arrive as an export with one row per contribution edge.
//! [`read`] turns such a file into [`PortfolioData`] and the leaves' progress;
//! [`load`] goes on to the validated [`OkrGraph`] and its [`Rollup`], the shortest path
//! from a file to the first answer.
//!
//! # The minimal form
//!
//! ```text
//! id,parent_id,weight,progress
//! ```
//!
//! One row per edge from `id` to `parent_id`. `weight` may be empty (1); `progress` is
//! the progress of a leaf key result (repeat it, or leave it empty, on the leaf's other
//! rows). A row with an empty `parent_id` declares a node without an edge. Objectives and
//! key results share the id column, so an id names one node. Columns are found by their
//! header names, in any order; `weight` and `progress` may be left out.
//!
//! Kinds and tiers follow from the depth of each node below the nodes without a parent
//! (its longest path up): depth 0 is a portfolio objective, 1 a product objective (or
//! a product key result if its rows carry progress), 2 a product key result, 3 an
//! initiative key result. Every objective's drivers are what
//! contributes to it (key results, child objectives, or both), and every key result's
//! name is its id and its owner and product those of the [`CsvOptions`].
//!
//! # The richer form
//!
//! Any of these columns may be added; on a node's rows a value may be repeated or left
//! empty, but not changed:
//!
//! | column | values | default |
//! |---|---|---|
//! | `kind` | `objective`, `key_result` | from the depth |
//! | `tier` | `portfolio`, `product` (objectives); `product`, `initiative` (key results) | from the depth |
//! | `name` | text | the id |
//! | `owner`, `product` | ids | the options' (key results); none (objectives) |
//! | `drivers` | `key_results`, `child_objectives`, `both` | what contributes |
//!
//! A `kind` without a `tier` takes the tier from the depth, and a `tier` needs a `kind`.
//!
//! # Errors
//!
//! Every error is [`Error::Csv`] with the 1-based line, the column where one is at fault,
//! and a [`CsvProblem`]; a file that parses may still fail validation
//! ([`Error::Invalid`]). Lines are counted by line feeds, empty lines included, and a
//! row's line is the one it starts on, whatever ends the lines (`\n` or `\r\n`).
//!
//! # Reading
//!
//! The input is read whole, then split into rows. A plain text (UTF-8 without quotes,
//! lines ending in `\n` or `\r\n`), which is what nearly every export writes, is split
//! in place; any other input (quoted fields, a byte order mark, a carriage return
//! alone, text that is not UTF-8) is parsed from its start by the `csv` crate (RFC 4180,
//! that crate's defaults). Both give the same rows, the same errors at the same lines.
//! While the rows are read, the input's bytes are held beside the table of nodes (about
//! ninety bytes per node); both are gone before the graph is built.
//!
//! ```
//! use folio_okr::csv::{CsvOptions, load};
//! use folio_okr::NodeId;
//! use folio_types::{Decimal, ObjectiveId};
//!
//! let text = "id,parent_id,weight,progress
//! atlas,grow,,
//! arr,atlas,3,0.8
//! nps,atlas,1,0.4
//! ";
//! let (graph, rollup) = load(text.as_bytes(), &CsvOptions::default())?;
//! assert_eq!(graph.key_results().len(), 2);
//! // (3 x 0.8 + 1 x 0.4) / 4 = 0.7 for the product objective, and so for the portfolio one.
//! let grow = NodeId::from(ObjectiveId::new("grow")?);
//! assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::io::Read;

use folio_types::{KeyResultId, ObjectiveId, OwnerId, ProductId, Progress, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::graph::from_columns::{Details, NodeColumns};
use crate::hash::FixedState;
use crate::model::{Drivers, Level, NodeId, PortfolioData, RollupMethod, RollupPolicy};
use crate::rollup::{Engine, Rollup};

/// What is wrong at a line of a CSV edge list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvProblem {
    /// The CSV itself does not parse (quoting, encoding, a row of another length).
    #[error("{0}")]
    Syntax(String),
    /// The header lacks a required column.
    #[error("the header has no {0:?} column")]
    MissingColumn(&'static str),
    /// A field does not hold what its column needs.
    #[error("{value:?} is not {expected}")]
    Invalid {
        /// The field's text.
        value: String,
        /// What the column holds.
        expected: &'static str,
    },
    /// A node's rows give it two different values in one column.
    #[error("{id:?} was given {earlier:?} on an earlier line and {value:?} here")]
    Conflict {
        /// The node's id.
        id: String,
        /// The earlier value.
        earlier: String,
        /// This line's value.
        value: String,
    },
    /// The same edge twice.
    #[error("the edge from {id:?} to {parent:?} is listed twice")]
    DuplicateEdge {
        /// The child.
        id: String,
        /// The parent.
        parent: String,
    },
    /// Following parents from this node comes back to it.
    #[error("{0:?} is its own ancestor")]
    Cycle(String),
    /// The node is more than three edges below a node without a parent, so its tier
    /// cannot be inferred; give `kind` and `tier` columns.
    #[error("{0:?} lies more than three levels down; give it a kind and tier")]
    TooDeep(String),
    /// Progress given to a node that is not a key result.
    #[error("{0:?} is an objective; only key results take progress")]
    ProgressOfObjective(String),
    /// The file has a header and no rows.
    #[error("the file has no rows")]
    Empty,
}

/// How [`read`] fills in what the minimal form does not say.
///
/// ```
/// use folio_okr::csv::CsvOptions;
/// use folio_okr::{RollupMethod, RollupPolicy};
///
/// let options = CsvOptions { policy: RollupPolicy::new(RollupMethod::SayDo), ..CsvOptions::default() };
/// assert_eq!(options.owner, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// The rollup policy of the portfolio (default: weighted).
    pub policy: RollupPolicy,
    /// The owner of every key result without an `owner` field; `None` (the default)
    /// is the owner id `unassigned`.
    pub owner: Option<OwnerId>,
    /// The product of every key result without a `product` field; `None` (the
    /// default) is the product id `unassigned`.
    pub product: Option<ProductId>,
}

impl Default for CsvOptions {
    /// A weighted portfolio; key results owned by `unassigned` in product `unassigned`.
    fn default() -> Self {
        Self {
            policy: RollupPolicy::new(RollupMethod::Weighted),
            owner: None,
            product: None,
        }
    }
}

/// A portfolio read from CSV: the data and the progress of the key results that carry
/// one, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvPortfolio {
    /// The objectives, key results and edges.
    pub data: PortfolioData,
    /// Each key result's progress, once per key result.
    pub progress: Vec<(KeyResultId, Progress)>,
}

/// What the rows say, by node number (in order of first sight), as columns: a
/// minimal edge list allocates nothing per node, and a million-row file holds about
/// ninety bytes per node while it is read (the id's text, where it ends, the line that
/// first named it, its first parent, its edge and its progress, and the id table).
#[derive(Debug, Default)]
struct Table {
    /// Every id's text, one after another.
    texts: String,
    /// Where each node's id ends in `texts` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// The line that first named each node, times two, plus one when it was named in
    /// the `parent_id` column: an invalid id is reported there, once, when the ids are
    /// built.
    named_at: Vec<u64>,
    /// Each node's first parent ([`EMPTY`] for none).
    first_parent: Vec<u32>,
    /// The parents after the first, of the nodes that have more than one.
    more_parents: HashMap<u32, Vec<u32>, FixedState>,
    /// Every edge as `(child, parent, weight)`, in file order.
    edges: Vec<(u32, u32, Weight)>,
    /// Each node's progress and the line that first gave it (line 0: none).
    progress: Vec<(Progress, u64)>,
    /// The richer form's columns, for the nodes that have any.
    rich: HashMap<u32, Rich, FixedState>,
}

impl Table {
    /// The id of node `n`.
    fn text(&self, n: u32) -> &str {
        let i = index(n);
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.texts.get(index(start)..index(end)).unwrap_or_default()
    }

    /// The `j`-th parent of node `n`, in file order.
    fn parent(&self, n: u32, j: usize) -> Option<u32> {
        match j.checked_sub(1) {
            None => self
                .first_parent
                .get(index(n))
                .copied()
                .filter(|&p| p != EMPTY),
            // Most files give every node one parent: then the map is empty.
            Some(_) if self.more_parents.is_empty() => None,
            Some(k) => self.more_parents.get(&n)?.get(k).copied(),
        }
    }

    /// The line that first named node `n`.
    fn line(&self, n: u32) -> u64 {
        self.named_at.get(index(n)).map_or(0, |&at| at >> 1)
    }

    /// The column that first named node `n`.
    fn column(&self, n: u32) -> &'static str {
        match self.named_at.get(index(n)) {
            Some(at) if at & 1 == 1 => "parent_id",
            _ => "id",
        }
    }

    fn has_progress(&self, n: u32) -> bool {
        self.progress
            .get(index(n))
            .is_some_and(|&(_, line)| line != 0)
    }
}

/// A node number as an index.
fn index(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The richer form's columns of one node.
#[derive(Debug, Default)]
struct Rich {
    kind: Option<bool>,
    tier: Option<(String, u64)>,
    name: Option<String>,
    owner: Option<OwnerId>,
    product: Option<ProductId>,
    drivers: Option<Drivers>,
}

/// Column positions.
#[derive(Debug, Clone, Copy)]
struct Columns {
    id: usize,
    parent: usize,
    weight: Option<usize>,
    progress: Option<usize>,
    kind: Option<usize>,
    tier: Option<usize>,
    name: Option<usize>,
    owner: Option<usize>,
    product: Option<usize>,
    drivers: Option<usize>,
}

fn csv_error(line: u64, column: Option<&str>, problem: CsvProblem) -> Error {
    Error::Csv {
        line,
        column: column.map(str::to_owned),
        problem,
    }
}

/// Reads a CSV edge list (see the module docs for the columns).
///
/// # Errors
///
/// [`Error::Csv`] naming the line, and the column where one is at fault.
///
/// ```
/// use folio_okr::csv::{CsvOptions, CsvProblem, read};
/// use folio_okr::Error;
///
/// let portfolio = read("id,parent_id,weight,progress\nkr,obj,2,0.5\n".as_bytes(), &CsvOptions::default())?;
/// assert_eq!(portfolio.data.objectives.len(), 1);
/// assert_eq!(portfolio.progress.len(), 1);
///
/// // A weight that is not a number, on line 3.
/// let err = read("id,parent_id,weight\na,o,1\nb,o,heavy\n".as_bytes(), &CsvOptions::default()).unwrap_err();
/// assert!(matches!(
///     err,
///     Error::Csv { line: 3, column: Some(ref c), problem: CsvProblem::Invalid { .. } } if c == "weight"
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read<R: Read>(reader: R, options: &CsvOptions) -> Result<CsvPortfolio> {
    let Loaded { columns, progress } = read_columns(reader, options)?;
    let (objectives, key_results) = columns.records();
    let progress = columns
        .ids
        .iter()
        .zip(&progress)
        .filter_map(|(id, &(p, line))| match id {
            NodeId::KeyResult(id) if line != 0 => Some((id.clone(), p)),
            _ => None,
        })
        .collect();
    Ok(CsvPortfolio {
        data: PortfolioData {
            policy: columns.policy,
            period: None,
            objectives,
            key_results,
        },
        progress,
    })
}

/// A file read into columns: the nodes and edges, and each node's progress with the
/// line that gave it (line 0: none).
struct Loaded {
    columns: NodeColumns,
    progress: Vec<(Progress, u64)>,
}

/// Reads the rows into a [`Table`], then the table into columns.
fn read_columns<R: Read>(reader: R, options: &CsvOptions) -> Result<Loaded> {
    read_columns_ahead(reader, options, READ_AHEAD)
}

/// [`read_columns`], reading `ahead` rows at a time (at least one, at most
/// [`READ_AHEAD`]): the tests hold every `ahead` to one row at a time, which warms
/// nothing and carries no hashes, errors included.
///
/// The input is read whole, then split by [`plain`] where it is plain text (nearly
/// every export), or else by the `csv` crate: the same rows either way.
fn read_columns_ahead<R: Read>(
    mut reader: R,
    options: &CsvOptions,
    ahead: usize,
) -> Result<Loaded> {
    let mut bytes = Vec::new();
    let table = match reader.read_to_end(&mut bytes) {
        Ok(_) => match read_plain(&bytes, ahead)? {
            Some(table) => table,
            None => read_records(bytes.as_slice(), &bytes, ahead)?,
        },
        // The rows before the failure are read as they arrived, and the failure is
        // reported where the reader met it.
        Err(failure) => read_records(bytes.as_slice().chain(Failed(Some(failure))), &bytes, ahead)?,
    };
    drop(bytes);
    let depths = assign_depths(&table)?;
    finish(table, &depths, options)
}

/// A reader whose next read fails with the error it holds (once; then it is empty).
struct Failed(Option<std::io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// The column positions a header names.
fn columns_of(header: &::csv::ByteRecord) -> Result<Columns> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| std::str::from_utf8(h).is_ok_and(|h| h.trim() == name))
    };
    Ok(Columns {
        id: find("id").ok_or_else(|| csv_error(1, None, CsvProblem::MissingColumn("id")))?,
        parent: find("parent_id")
            .ok_or_else(|| csv_error(1, None, CsvProblem::MissingColumn("parent_id")))?,
        weight: find("weight"),
        progress: find("progress"),
        kind: find("kind"),
        tier: find("tier"),
        name: find("name"),
        owner: find("owner"),
        product: find("product"),
        drivers: find("drivers"),
    })
}

/// Reads the rows of a plain text (see [`plain`]) into a table, `ahead` at a time, or
/// `Ok(None)` where [`plain`] is unsure of the text, a row has another number of fields
/// than the header, or no row follows the header: the `csv` crate then reads the text
/// from its start, and reports what it finds there. Errors are those [`read_records`]
/// gives, at the same row.
fn read_plain(bytes: &[u8], ahead: usize) -> Result<Option<Table>> {
    let Ok(mut records) = plain::Records::new(bytes) else {
        return Ok(None);
    };
    let text = records.text();
    let mut spans = Vec::new();
    let Ok(Some(_)) = records.next_into(&mut spans) else {
        return Ok(None);
    };
    let header = ::csv::ByteRecord::from(
        spans
            .iter()
            .map(|&(start, end)| text.as_bytes().get(start..end).unwrap_or_default())
            .collect::<Vec<_>>(),
    );
    let width = header.len();
    let columns = columns_of(&header)?;
    let mut numbers = Numbers::new();
    let mut table = Table::default();
    let batch = ahead.clamp(1, READ_AHEAD);
    let mut lines = [0u64; READ_AHEAD];
    let mut hashes: [Hashes; READ_AHEAD] = [[None; 2]; READ_AHEAD];
    loop {
        spans.clear();
        let mut filled = 0usize;
        let mut end = false;
        for line in lines.iter_mut().take(batch) {
            match records.next_into(&mut spans) {
                Ok(Some(at)) if spans.len() == width.saturating_mul(filled.saturating_add(1)) => {
                    *line = at;
                    filled = filled.saturating_add(1);
                }
                Ok(None) => {
                    end = true;
                    break;
                }
                Ok(Some(_)) | Err(plain::Unsure) => return Ok(None),
            }
        }
        let mut rows = [(plain::Plain::default(), 0u64); READ_AHEAD];
        for ((row, &line), fields) in rows.iter_mut().zip(&lines).zip(spans.chunks(width.max(1))) {
            *row = (
                plain::Plain {
                    text,
                    spans: fields,
                },
                line,
            );
        }
        let rows = rows.get(..filled).unwrap_or_default();
        if batch > 1 {
            numbers.warm(rows, columns, &table, &mut hashes);
        }
        for ((record, at), &hashes) in rows.iter().zip(&hashes) {
            read_row(record, hashes, columns, *at, &mut numbers, &mut table)?;
        }
        if end {
            break;
        }
    }
    Ok((!table.ends.is_empty()).then_some(table))
}

/// The line a record of the `csv` crate starts on, counted in the text it reads.
///
/// The `csv` crate gives each record the line it had counted when it began reading
/// it, before the end of the previous line (the `\n` of a `\r\n`) and any empty lines
/// ahead of the record were read: after a `\r\n` or an empty line, its line is an
/// earlier one than the record is on. Its byte position is where it began, so the
/// record itself starts at the first byte from there that ends no line, and its line
/// is one more than the line feeds before that byte. Records come in text order, so
/// each line feed is counted once.
#[derive(Debug, Default)]
struct RecordLines {
    /// Where counting stopped.
    at: usize,
    /// Line feeds before `at`.
    feeds: u64,
}

impl RecordLines {
    /// The line of the record at `position` in `text` (the whole text the reader
    /// gives, or as much of it as was read); `None` where the position is not in it.
    fn line(&mut self, text: &[u8], position: Option<&::csv::Position>) -> Option<u64> {
        let from = usize::try_from(position?.byte()).ok()?;
        let rest = text.get(from..)?;
        let start = rest
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .map_or(text.len(), |i| from.saturating_add(i));
        if start < self.at {
            *self = Self::default();
        }
        let feeds = text
            .get(self.at..start)?
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.feeds = self
            .feeds
            .saturating_add(u64::try_from(feeds).unwrap_or(u64::MAX));
        self.at = start;
        Some(self.feeds.saturating_add(1))
    }
}

/// Reads the rows into a table with the `csv` crate, `ahead` at a time; `text` is what
/// `reader` gives (all of it, or what it gives before failing), where each record's
/// line is counted (see [`RecordLines`]).
fn read_records<R: Read>(reader: R, text: &[u8], ahead: usize) -> Result<Table> {
    let mut csv = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let header = csv
        .byte_headers()
        .map_err(|e| csv_error(1, None, CsvProblem::Syntax(e.to_string())))?
        .clone();
    let columns = columns_of(&header)?;

    let mut numbers = Numbers::new();
    let mut table = Table::default();
    // Rows are read a few at a time, each with its line, so that the id table's slots
    // they will probe can be loaded together (see `Numbers::warm`); they are then read
    // one by one, in file order, exactly as if each had been read alone. A syntax
    // error found while reading ahead is reported after the rows before it, so the
    // first error by line is the same.
    let mut ahead: Vec<(::csv::ByteRecord, u64)> = (0..ahead.clamp(1, READ_AHEAD))
        .map(|_| (::csv::ByteRecord::new(), 0))
        .collect();
    let mut hashes: Vec<Hashes> = vec![[None; 2]; ahead.len()];
    let mut line = 1u64;
    let mut lines = RecordLines::default();
    loop {
        let mut filled = 0usize;
        let mut failure = None;
        let mut end = false;
        for (record, at) in &mut ahead {
            match csv.read_byte_record(record) {
                Ok(true) => {}
                Ok(false) => {
                    end = true;
                    break;
                }
                Err(e) => {
                    let at = lines
                        .line(text, e.position())
                        .unwrap_or(line.saturating_add(1));
                    failure = Some(csv_error(at, None, CsvProblem::Syntax(e.to_string())));
                    break;
                }
            }
            line = lines
                .line(text, record.position())
                .unwrap_or(line.saturating_add(1));
            *at = line;
            filled = filled.saturating_add(1);
        }
        let rows = ahead.get(..filled).unwrap_or_default();
        // One row at a time (the tests' reference) reads as the reader always did:
        // nothing warmed, each id hashed where it is numbered.
        if ahead.len() > 1 {
            numbers.warm(rows, columns, &table, &mut hashes);
        }
        for ((record, at), &hashes) in rows.iter().zip(&hashes) {
            read_row(record, hashes, columns, *at, &mut numbers, &mut table)?;
        }
        if let Some(failure) = failure {
            return Err(failure);
        }
        if end {
            break;
        }
    }
    if table.ends.is_empty() {
        return Err(csv_error(line, None, CsvProblem::Empty));
    }
    Ok(table)
}

/// `str::trim` of a field: ASCII whitespace is trimmed from the bytes first (what a
/// field holds nearly always), and `str::trim` finishes the job only where the text
/// left then starts or ends with a byte that may begin or end other whitespace (one
/// that is not ASCII, or a vertical tab, which `str::trim_ascii` keeps).
fn trim(text: &str) -> &str {
    let trimmed = text.trim_ascii();
    let plain = |b: &u8| b.is_ascii() && *b != 0x0b;
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(first), Some(last)) if plain(first) && plain(last) => trimmed,
        _ => trimmed.trim(),
    }
}

/// A field as text, or an error naming the column.
fn text<'r, R: Row>(record: &'r R, at: usize, column: &str, line: u64) -> Result<&'r str> {
    record.text(at).ok_or_else(|| {
        csv_error(
            line,
            Some(column),
            CsvProblem::Invalid {
                value: String::from_utf8_lossy(record.bytes(at)).into_owned(),
                expected: "UTF-8 text",
            },
        )
    })
}

/// One row's fields, as a reader split them.
trait Row {
    /// The field at `at` as bytes; empty where the row has no such field.
    fn bytes(&self, at: usize) -> &[u8];
    /// The field at `at` as text (empty where the row has no such field), or `None`
    /// where it is not UTF-8.
    fn text(&self, at: usize) -> Option<&str>;
}

impl Row for ::csv::ByteRecord {
    fn bytes(&self, at: usize) -> &[u8] {
        self.get(at).unwrap_or_default()
    }

    fn text(&self, at: usize) -> Option<&str> {
        std::str::from_utf8(self.bytes(at)).ok()
    }
}

fn optional<'r, R: Row>(
    record: &'r R,
    at: Option<usize>,
    column: &str,
    line: u64,
) -> Result<Option<&'r str>> {
    match at {
        Some(at) => {
            let value = trim(text(record, at, column, line)?);
            Ok((!value.is_empty()).then_some(value))
        }
        None => Ok(None),
    }
}

fn invalid(line: u64, column: &str, value: &str, expected: &'static str) -> Error {
    csv_error(
        line,
        Some(column),
        CsvProblem::Invalid {
            value: value.to_owned(),
            expected,
        },
    )
}

/// How many rows are read ahead, so that their probes of the id table overlap.
const READ_AHEAD: usize = 32;

/// A row's id and parent id hashed for [`Numbers`], where they are non-empty text.
type Hashes = [Option<u32>; 2];

/// The marker of an empty slot in [`Numbers`].
const EMPTY: u32 = u32::MAX;

/// Node numbers by id text: an open-addressing table of (hash, node number) pairs, at
/// most half full, whose keys are the nodes' own text. A map keyed by a copy of each
/// id would allocate that copy and hash it again whenever the table grows; here a
/// node's text is stored once, in the [`Table`]'s text buffer. It is the one id table of
/// a load: validation and compilation work on the node numbers it hands out.
#[derive(Debug)]
struct Numbers {
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl Numbers {
    fn new() -> Self {
        Self {
            slots: vec![(0, EMPTY); 1 << 10],
            len: 0,
        }
    }

    fn hash(id: &str) -> u32 {
        Self::hash_bytes(id.as_bytes())
    }

    /// The hash of a text given as its bytes (as `str`'s `Hash` writes them).
    fn hash_bytes(id: &[u8]) -> u32 {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = FixedState::default().build_hasher();
        hasher.write(id);
        hasher.write_u8(0xff);
        let h = hasher.finish();
        u32::try_from((h ^ (h >> 32)) & u64::from(u32::MAX)).unwrap_or(0)
    }

    /// The number of `id`, or the free slot where it belongs.
    fn find(&self, id: &str, h: u32, table: &Table) -> std::result::Result<u32, usize> {
        let mask = self.slots.len().saturating_sub(1);
        let mut i = usize::try_from(h).unwrap_or(0) & mask;
        loop {
            match self.slots.get(i) {
                Some(&(slot_hash, n)) if n != EMPTY => {
                    if slot_hash == h && table.text(n) == id {
                        return Ok(n);
                    }
                    i = i.wrapping_add(1) & mask;
                }
                _ => return Err(i),
            }
        }
    }

    /// Loads into the cache what reading `rows` will probe: each id's slot in the
    /// table, then the end of the node's text that the slot names, then the text. The
    /// loads of one step do not depend on each other, so their cache misses overlap,
    /// where [`number`] would take them one after another, row by row. Only a hint:
    /// nothing is changed, and a field that is not text is left to the row's reader.
    fn warm<R: Row>(
        &self,
        rows: &[(R, u64)],
        columns: Columns,
        table: &Table,
        hashes: &mut [Hashes],
    ) {
        let mask = self.slots.len().saturating_sub(1);
        let mut seen = [(0u32, 0usize); 2 * READ_AHEAD];
        let mut count = 0usize;
        for ((record, _), row) in rows.iter().zip(hashes.iter_mut()) {
            for (at, slot) in [columns.id, columns.parent].into_iter().zip(row.iter_mut()) {
                *slot = Self::hash_field(record.bytes(at));
                if let (Some(h), Some(entry)) = (*slot, seen.get_mut(count)) {
                    *entry = (h, usize::try_from(h).unwrap_or(0) & mask);
                    count = count.saturating_add(1);
                }
            }
        }
        let seen = seen.get(..count).unwrap_or_default();
        // The slots, then the ends of the texts they name, then the texts.
        let mut touched = 0u32;
        for &(_, at) in seen {
            touched ^= self.slots.get(at).map_or(0, |&(h, _)| h);
        }
        let mut named = [0usize; 2 * READ_AHEAD];
        let mut found = 0usize;
        for &(h, at) in seen {
            if let (Some(&(slot_hash, n)), Some(entry)) = (self.slots.get(at), named.get_mut(found))
            {
                if n != EMPTY && slot_hash == h {
                    *entry = index(n);
                    found = found.saturating_add(1);
                }
            }
        }
        let named = named.get(..found).unwrap_or_default();
        for &n in named {
            touched ^= table.ends.get(n).copied().unwrap_or(0);
        }
        for &n in named {
            let end = table.ends.get(n).copied().unwrap_or(0);
            let last = index(end).saturating_sub(1);
            touched ^= u32::from(table.texts.as_bytes().get(last).copied().unwrap_or(0));
        }
        std::hint::black_box(touched);
    }

    /// [`hash`](Self::hash) of a field's trimmed text, where that is non-empty and
    /// starts and ends with an ASCII byte (so that trimming ASCII whitespace here is
    /// what `str::trim` does); `None` leaves the hash to [`number`].
    fn hash_field(bytes: &[u8]) -> Option<u32> {
        let space = |b: &u8| b.is_ascii() && char::from(*b).is_whitespace();
        let start = bytes.iter().position(|b| !space(b))?;
        let end = bytes.iter().rposition(|b| !space(b))?;
        let id = bytes.get(start..=end)?;
        (id.first()?.is_ascii() && id.last()?.is_ascii()).then(|| Self::hash_bytes(id))
    }

    /// Puts `n` with hash `h` in `slot` (from [`find`](Self::find)), doubling the
    /// table when it would be more than half full.
    fn insert(&mut self, slot: usize, h: u32, n: u32) {
        if let Some(entry) = self.slots.get_mut(slot) {
            *entry = (h, n);
            self.len = self.len.saturating_add(1);
        }
        if self.len.saturating_mul(2) > self.slots.len() {
            let doubled = self.slots.len().saturating_mul(2);
            let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); doubled]);
            let mask = doubled.saturating_sub(1);
            for (h, n) in old.into_iter().filter(|&(_, n)| n != EMPTY) {
                let mut i = usize::try_from(h).unwrap_or(0) & mask;
                while self.slots.get(i).is_some_and(|&(_, m)| m != EMPTY) {
                    i = i.wrapping_add(1) & mask;
                }
                if let Some(entry) = self.slots.get_mut(i) {
                    *entry = (h, n);
                }
            }
        }
    }
}

/// The node numbered for `id`, added on first sight.
fn number(
    id: &str,
    hash: Option<u32>,
    line: u64,
    column: &'static str,
    numbers: &mut Numbers,
    table: &mut Table,
) -> Result<u32> {
    let h = hash.unwrap_or_else(|| Numbers::hash(id));
    let slot = match numbers.find(id, h, table) {
        Ok(n) => return Ok(n),
        Err(slot) => slot,
    };
    let n = u32::try_from(table.ends.len())
        .ok()
        .filter(|&n| n != EMPTY)
        .ok_or(Error::Core(folio_types::Error::Overflow {
            operation: "numbering the rows of a CSV edge list",
        }))?;
    let overflow = || {
        Error::Core(folio_types::Error::Overflow {
            operation: "storing the ids of a CSV edge list",
        })
    };
    table.texts.push_str(id);
    let end = u32::try_from(table.texts.len()).map_err(|_| overflow())?;
    numbers.insert(slot, h, n);
    table.ends.push(end);
    let named_at = line
        .checked_mul(2)
        .ok_or_else(overflow)?
        .saturating_add(u64::from(column == "parent_id"));
    table.named_at.push(named_at);
    table.first_parent.push(EMPTY);
    table.progress.push((Progress::ZERO, 0));
    Ok(n)
}

/// Sets `slot` to `value`, or checks that it already holds it.
fn agree<T: PartialEq + std::fmt::Display>(
    slot: &mut Option<T>,
    value: T,
    id: &str,
    column: &str,
    line: u64,
) -> Result<()> {
    match slot {
        Some(earlier) if *earlier != value => Err(csv_error(
            line,
            Some(column),
            CsvProblem::Conflict {
                id: id.to_owned(),
                earlier: earlier.to_string(),
                value: value.to_string(),
            },
        )),
        Some(_) => Ok(()),
        None => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// Reads one row into the table. `hashes` are its id's and parent's hashes where the
/// read-ahead computed them (the same as [`Numbers::hash`] of the trimmed text).
fn read_row<R: Row>(
    record: &R,
    hashes: Hashes,
    columns: Columns,
    line: u64,
    numbers: &mut Numbers,
    table: &mut Table,
) -> Result<()> {
    let id = trim(text(record, columns.id, "id", line)?);
    if id.is_empty() {
        return Err(invalid(line, "id", id, "an id"));
    }
    let parent = trim(text(record, columns.parent, "parent_id", line)?);
    // A plain decimal is read in one pass; any other text the general way (the same
    // value, and the same error).
    let weight = match optional(record, columns.weight, "weight", line)? {
        Some(w) => match crate::plain_decimal::plain(w) {
            Some(d) => Weight::new(d).ok(),
            None => w.parse::<Weight>().ok(),
        }
        .ok_or_else(|| invalid(line, "weight", w, "a weight (a decimal of at least 0)"))?,
        None => Weight::ONE,
    };
    let progress = match optional(record, columns.progress, "progress", line)? {
        Some(p) => Some(
            match crate::plain_decimal::plain(p) {
                Some(d) => Progress::new(d).ok(),
                None => p.parse::<Progress>().ok(),
            }
            .ok_or_else(|| invalid(line, "progress", p, "progress (a decimal of at least 0)"))?,
        ),
        None => None,
    };
    let kind = match optional(record, columns.kind, "kind", line)? {
        Some("objective") => Some(true),
        Some("key_result") => Some(false),
        Some(other) => return Err(invalid(line, "kind", other, "objective or key_result")),
        None => None,
    };
    let tier = optional(record, columns.tier, "tier", line)?;
    let name = optional(record, columns.name, "name", line)?;
    let owner = match optional(record, columns.owner, "owner", line)? {
        Some(o) => Some(OwnerId::new(o).map_err(|_| invalid(line, "owner", o, "an owner id"))?),
        None => None,
    };
    let product = match optional(record, columns.product, "product", line)? {
        Some(p) => {
            Some(ProductId::new(p).map_err(|_| invalid(line, "product", p, "a product id"))?)
        }
        None => None,
    };
    let drivers = match optional(record, columns.drivers, "drivers", line)? {
        Some("key_results") => Some(Drivers::KeyResults),
        Some("child_objectives") => Some(Drivers::ChildObjectives),
        Some("both") => Some(Drivers::Both),
        Some(other) => {
            return Err(invalid(
                line,
                "drivers",
                other,
                "key_results, child_objectives or both",
            ));
        }
        None => None,
    };

    let [id_hash, parent_hash] = hashes;
    let child = number(id, id_hash, line, "id", numbers, table)?;
    let parent = if parent.is_empty() {
        None
    } else {
        Some(number(
            parent,
            parent_hash,
            line,
            "parent_id",
            numbers,
            table,
        )?)
    };
    if let Some(parent) = parent {
        let first = table.first_parent.get_mut(index(child));
        let repeated = match first {
            Some(first) if *first == EMPTY => {
                *first = parent;
                false
            }
            Some(first) if *first == parent => true,
            _ => {
                let more = table.more_parents.entry(child).or_default();
                let repeated = more.contains(&parent);
                if !repeated {
                    more.push(parent);
                }
                repeated
            }
        };
        if repeated {
            return Err(csv_error(
                line,
                Some("parent_id"),
                CsvProblem::DuplicateEdge {
                    id: id.to_owned(),
                    parent: text(record, columns.parent, "parent_id", line)?
                        .trim()
                        .to_owned(),
                },
            ));
        }
        table.edges.push((child, parent, weight));
    }
    if let Some(progress) = progress {
        match table.progress.get_mut(index(child)) {
            Some((earlier, given)) if *given != 0 && *earlier != progress => {
                return Err(csv_error(
                    line,
                    Some("progress"),
                    CsvProblem::Conflict {
                        id: id.to_owned(),
                        earlier: earlier.to_string(),
                        value: progress.to_string(),
                    },
                ));
            }
            Some((earlier, given)) if *given == 0 => {
                *earlier = progress;
                *given = line;
            }
            _ => {}
        }
    }
    if kind.is_none()
        && tier.is_none()
        && name.is_none()
        && owner.is_none()
        && product.is_none()
        && drivers.is_none()
    {
        return Ok(());
    }
    let node = table.rich.entry(child).or_default();
    if let Some(kind) = kind {
        let label = |k: bool| if k { "objective" } else { "key_result" };
        agree(&mut node.kind.map(label), label(kind), id, "kind", line)?;
        node.kind = Some(kind);
    }
    if let Some(tier) = tier {
        match &node.tier {
            Some((earlier, _)) if earlier != tier => {
                return Err(csv_error(
                    line,
                    Some("tier"),
                    CsvProblem::Conflict {
                        id: id.to_owned(),
                        earlier: earlier.clone(),
                        value: tier.to_owned(),
                    },
                ));
            }
            Some(_) => {}
            None => node.tier = Some((tier.to_owned(), line)),
        }
    }
    if let Some(name) = name {
        agree(&mut node.name, name.to_owned(), id, "name", line)?;
    }
    if let Some(owner) = owner {
        agree(&mut node.owner, owner, id, "owner", line)?;
    }
    if let Some(product) = product {
        agree(&mut node.product, product, id, "product", line)?;
    }
    if let Some(drivers) = drivers {
        let label = |d: Drivers| match d {
            Drivers::KeyResults => "key_results",
            Drivers::ChildObjectives => "child_objectives",
            Drivers::Both => "both",
        };
        agree(
            &mut node.drivers.map(label),
            label(drivers),
            id,
            "drivers",
            line,
        )?;
        node.drivers = Some(drivers);
    }
    Ok(())
}

/// Each node's depth: 0 without parents, else one more than its deepest parent. An
/// explicit stack, since a file may chain nodes deeply.
fn assign_depths(table: &Table) -> Result<Vec<Option<u8>>> {
    let n = table.ends.len();
    let mut depths: Vec<Option<u8>> = vec![None; n];
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        let root = u32::try_from(root).unwrap_or(u32::MAX);
        if state.get(index(root)) != Some(&0) {
            continue;
        }
        stack.push((root, 0));
        while let Some(&(n, next)) = stack.last() {
            let i = index(n);
            if let Some(s) = state.get_mut(i) {
                *s = 1;
            }
            if let Some(parent) = table.parent(n, next) {
                if let Some(top) = stack.last_mut() {
                    top.1 = next.saturating_add(1);
                }
                match state.get(index(parent)) {
                    Some(0) => stack.push((parent, 0)),
                    Some(1) => {
                        return Err(csv_error(
                            table.line(parent),
                            Some("parent_id"),
                            CsvProblem::Cycle(table.text(parent).to_owned()),
                        ));
                    }
                    _ => {}
                }
                continue;
            }
            stack.pop();
            let mut depth = Some(0u8);
            let mut j = 0usize;
            while let Some(p) = table.parent(n, j) {
                j = j.saturating_add(1);
                depth = depth
                    .zip(depths.get(index(p)).copied().flatten())
                    .map(|(deepest, d)| deepest.max(d.saturating_add(1)));
            }
            if let Some(slot) = depths.get_mut(i) {
                *slot = depth;
            }
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
    Ok(depths)
}

/// The level node `n` takes: its explicit kind and tier, else its depth.
fn level(table: &Table, n: u32, depth: Option<u8>) -> Result<Level> {
    let depth = depth.unwrap_or(0);
    let by_depth = |depth: u8| match depth {
        0 => Some(Level::PortfolioObjective),
        1 => Some(Level::ProductObjective),
        2 => Some(Level::ProductKeyResult),
        3 => Some(Level::InitiativeKeyResult),
        _ => None,
    };
    let too_deep = || {
        csv_error(
            table.line(n),
            None,
            CsvProblem::TooDeep(table.text(n).to_owned()),
        )
    };
    let rich = if table.rich.is_empty() {
        None
    } else {
        table.rich.get(&n)
    };
    let (kind, tier) = rich.map_or((None, None), |r| (r.kind, r.tier.as_ref()));
    match (kind, tier) {
        // A node one level down that carries progress is a product key result under a
        // portfolio objective, not a product objective.
        (None, None) if depth == 1 && table.has_progress(n) => Ok(Level::ProductKeyResult),
        (None, None) => by_depth(depth).ok_or_else(too_deep),
        (Some(kind), None) => match (kind, by_depth(depth)) {
            (true, Some(level)) if level.is_objective() => Ok(level),
            (false, Some(level)) if !level.is_objective() => Ok(level),
            // A kind at odds with the depth: the nearest tier of that kind.
            (true, _) => Ok(Level::ProductObjective),
            (false, _) => Ok(if depth >= 3 {
                Level::InitiativeKeyResult
            } else {
                Level::ProductKeyResult
            }),
        },
        (kind, Some((tier, line))) => match (kind, tier.as_str()) {
            (Some(true), "portfolio") => Ok(Level::PortfolioObjective),
            (Some(true), "product") => Ok(Level::ProductObjective),
            (Some(false), "product") => Ok(Level::ProductKeyResult),
            (Some(false), "initiative") => Ok(Level::InitiativeKeyResult),
            _ => Err(invalid(
                *line,
                "tier",
                tier,
                "portfolio or product (objectives), product or initiative (key results), with a kind",
            )),
        },
    }
}

/// Turns the table into columns: every node's level (from its kind and tier, or its
/// depth) and id, each objective's drivers, and the richer form's names, owners and
/// products. Errors come in node order, all levels first, then all ids, then progress
/// given to objectives. Each temporary table is freed once it has served.
fn finish(table: Table, depths: &[Option<u8>], options: &CsvOptions) -> Result<Loaded> {
    let owner = match &options.owner {
        Some(owner) => owner.clone(),
        None => OwnerId::new("unassigned")?,
    };
    let product = match &options.product {
        Some(product) => product.clone(),
        None => ProductId::new("unassigned")?,
    };
    let levels: Vec<Level> = (0..table.ends.len())
        .map(|i| {
            let n = u32::try_from(i).unwrap_or(u32::MAX);
            level(&table, n, depths.get(i).copied().flatten())
        })
        .collect::<Result<_>>()?;
    let mut ids: Vec<NodeId> = Vec::with_capacity(levels.len());
    for (i, level) in levels.iter().enumerate() {
        let n = u32::try_from(i).unwrap_or(u32::MAX);
        let text = table.text(n);
        let bad = |_| invalid(table.line(n), table.column(n), text, "a valid id");
        ids.push(if level.is_objective() {
            NodeId::Objective(ObjectiveId::new(text).map_err(bad)?)
        } else {
            NodeId::KeyResult(KeyResultId::new(text).map_err(bad)?)
        });
    }
    let Table {
        texts,
        ends,
        named_at,
        first_parent,
        more_parents,
        edges,
        progress,
        mut rich,
    } = table;
    // The ids hold the text now; the parents are in the edges.
    drop((texts, ends, named_at, first_parent, more_parents));
    for (id, &(_, line)) in ids.iter().zip(&progress) {
        if let (NodeId::Objective(id), true) = (id, line != 0) {
            return Err(csv_error(
                line,
                Some("progress"),
                CsvProblem::ProgressOfObjective(id.as_str().to_owned()),
            ));
        }
    }
    // What contributes to each objective, for its default drivers: bit 1 for
    // objectives, bit 2 for key results.
    let mut children = vec![0u8; ids.len()];
    for &(child, parent, _) in &edges {
        let bit = if levels.get(index(child)).is_some_and(|l| l.is_objective()) {
            1
        } else {
            2
        };
        if let Some(flags) = children.get_mut(index(parent)) {
            *flags |= bit;
        }
    }
    let drivers: Vec<Option<Drivers>> = levels
        .iter()
        .zip(&children)
        .enumerate()
        .map(|(i, (level, &flags))| {
            if !level.is_objective() {
                return None;
            }
            let n = u32::try_from(i).unwrap_or(u32::MAX);
            let given = if rich.is_empty() {
                None
            } else {
                rich.get(&n).and_then(|r| r.drivers)
            };
            Some(given.unwrap_or(match flags {
                3 => Drivers::Both,
                1 => Drivers::ChildObjectives,
                _ => Drivers::KeyResults,
            }))
        })
        .collect();
    drop(children);
    let mut details: Vec<(u32, Details)> = rich
        .drain()
        .filter(|(_, r)| r.name.is_some() || r.owner.is_some() || r.product.is_some())
        .map(|(n, r)| {
            (
                n,
                Details {
                    name: r.name,
                    owner: r.owner,
                    product: r.product,
                },
            )
        })
        .collect();
    details.sort_unstable_by_key(|&(n, _)| n);
    Ok(Loaded {
        columns: NodeColumns {
            policy: options.policy.clone(),
            ids,
            levels,
            drivers,
            edges,
            details,
            owner,
            product,
        },
        progress,
    })
}

/// Reads a CSV edge list, validates and compiles it, and rolls it up with the engine
/// the policy names: the path from a file to the first answer.
///
/// The rows are read into columns by node (ids numbered once, through one table), and
/// a valid portfolio is validated and compiled from those columns without building a
/// [`KeyResultData`](crate::KeyResultData) record per key result; progress goes to the
/// rollup by plan index, without a lookup by id. The graph is the one
/// [`OkrGraph::new`] builds from [`read`]'s records. A portfolio that fails validation
/// is handed to [`OkrGraph::new`] as records, so that its error names every problem.
///
/// # Errors
///
/// As [`read`]; then as [`OkrGraph::new`]; [`Error::NotALeaf`] for progress given to a
/// key result with contributors, [`Error::MissingProgress`] listing every leaf without
/// progress, and any engine error.
///
/// ```
/// use folio_okr::csv::{CsvOptions, load};
/// use folio_okr::Error;
///
/// // The initiative key result has no progress.
/// let text = "id,parent_id,weight,progress\no,p,1,\nk,o,1,\ni,k,1,\n";
/// assert!(matches!(load(text.as_bytes(), &CsvOptions::default()), Err(Error::MissingProgress { .. })));
/// ```
pub fn load<R: Read>(reader: R, options: &CsvOptions) -> Result<(OkrGraph, Rollup)> {
    let Loaded { columns, progress } = read_columns(reader, options)?;
    let (graph, place) = if columns.is_valid() {
        // The fast path: validated and compiled from the columns, no record built.
        columns.compile()?
    } else {
        // The records name every problem, as `OkrGraph::new` reports them.
        let (objectives, key_results) = columns.records();
        let key_result_nodes: Vec<bool> = columns
            .ids
            .iter()
            .map(|id| matches!(id, NodeId::KeyResult(_)))
            .collect();
        let data = PortfolioData {
            policy: columns.policy,
            period: None,
            objectives,
            key_results,
        };
        let (graph, positions) = OkrGraph::new_placed(data)?;
        // Each key result node's plan index, from its record's.
        let mut records = positions.into_iter();
        let place = key_result_nodes
            .into_iter()
            .map(|key_result| {
                if key_result {
                    records.next().unwrap_or(u32::MAX)
                } else {
                    u32::MAX
                }
            })
            .collect();
        (graph, place)
    };
    let plan = graph.plan();
    // Sized for every node of the plan: the rollup keeps this vector as its values,
    // the rolled-up nodes' after the leaves', and takes it without growing it.
    let mut leaves: Vec<Progress> = Vec::with_capacity(plan.len());
    leaves.resize(plan.leaf_count(), Progress::ZERO);
    let mut given = vec![false; plan.leaf_count()];
    // Only key results carry progress here: progress given to an objective was
    // refused when the file was read.
    for (&(p, line), &at) in progress.iter().zip(&place) {
        if line == 0 {
            continue;
        }
        let index = crate::plan::NodeIndex::from_u32(at);
        let Some(NodeId::KeyResult(id)) = plan.node(index) else {
            continue;
        };
        match (leaves.get_mut(index.get()), given.get_mut(index.get())) {
            (Some(slot), Some(seen)) => {
                *slot = p;
                *seen = true;
            }
            _ => {
                return Err(Error::NotALeaf {
                    key_result: id.clone(),
                });
            }
        }
    }
    drop(progress);
    drop(place);
    let mut missing: Vec<KeyResultId> = given
        .iter()
        .zip(plan.indices())
        .filter(|(seen, _)| !**seen)
        .filter_map(|(_, i)| match plan.node(i) {
            Some(NodeId::KeyResult(id)) => Some(id.clone()),
            _ => None,
        })
        .collect();
    if !missing.is_empty() {
        missing.sort();
        return Err(Error::MissingProgress {
            key_results: missing,
        });
    }
    let engine = Engine::from_policy(graph.policy())?;
    drop(given);
    let rollup = graph.rollup_leaves(engine, leaves)?;
    Ok((graph, rollup))
}

mod plain;

#[cfg(test)]
mod tests;
