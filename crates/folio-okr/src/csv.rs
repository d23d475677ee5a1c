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
//! ([`Error::Invalid`]).
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

use std::io::Read;

use folio_types::{KeyResultId, ObjectiveId, OwnerId, ProductId, Progress, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::hash::FixedState;
use crate::model::{
    Contribution, Drivers, KeyResultData, KeyResultTier, NodeId, ObjectiveData, ObjectiveTier,
    PortfolioData, RollupMethod, RollupPolicy,
};
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

/// What the rows say about one node. The columns of the richer form live behind a
/// box that only nodes with such a field allocate: a million-row edge list of the
/// minimal form then holds about a hundred bytes per node while it is read.
#[derive(Debug, Default)]
struct Node {
    /// Where its id lies in the reader's one text buffer: no allocation per node.
    text: (u32, u32),
    /// Parent node numbers with weights, in file order.
    parents: Parents,
    has_children_objectives: bool,
    has_children_key_results: bool,
    progress: Option<(Progress, u64)>,
    rich: Option<Box<Rich>>,
    depth: Option<u8>,
    /// The line and column that first named it: an invalid id is reported there,
    /// once, when the ids are built.
    line: u64,
    column: &'static str,
}

/// A node's parents: the first held inline, since most nodes have one, so that a
/// minimal edge list allocates nothing per node.
#[derive(Debug, Default)]
struct Parents {
    first: Option<(u32, Weight)>,
    more: Vec<(u32, Weight)>,
}

impl Parents {
    fn iter(&self) -> impl Iterator<Item = &(u32, Weight)> {
        self.first.iter().chain(&self.more)
    }

    fn get(&self, i: usize) -> Option<&(u32, Weight)> {
        match i.checked_sub(1) {
            None => self.first.as_ref(),
            Some(i) => self.more.get(i),
        }
    }

    fn push(&mut self, parent: (u32, Weight)) {
        if self.first.is_none() {
            self.first = Some(parent);
        } else {
            self.more.push(parent);
        }
    }
}

/// The id of `node`, from the text buffer.
fn id_text<'t>(texts: &'t str, node: &Node) -> &'t str {
    let (start, end) = node.text;
    usize::try_from(start)
        .ok()
        .zip(usize::try_from(end).ok())
        .and_then(|(start, end)| texts.get(start..end))
        .unwrap_or_default()
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
    read_placed(reader, options).map(|(portfolio, _)| portfolio)
}

/// As [`read`], with the position in `data.key_results` of each progress entry's key
/// result.
fn read_placed<R: Read>(reader: R, options: &CsvOptions) -> Result<(CsvPortfolio, Vec<u32>)> {
    let mut csv = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let header = csv
        .byte_headers()
        .map_err(|e| csv_error(1, None, CsvProblem::Syntax(e.to_string())))?
        .clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| std::str::from_utf8(h).is_ok_and(|h| h.trim() == name))
    };
    let columns = Columns {
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
    };

    let mut numbers = Numbers::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut texts = String::new();
    let mut record = ::csv::ByteRecord::new();
    let mut line = 1u64;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(line.saturating_add(1), ::csv::Position::line);
                return Err(csv_error(at, None, CsvProblem::Syntax(e.to_string())));
            }
        }
        line = record
            .position()
            .map_or(line.saturating_add(1), ::csv::Position::line);
        read_row(&record, columns, line, &mut numbers, &mut nodes, &mut texts)?;
    }
    if nodes.is_empty() {
        return Err(csv_error(line, None, CsvProblem::Empty));
    }
    drop(numbers);
    assign_depths(&mut nodes, &texts)?;
    build(nodes, &texts, options)
}

/// A field as text, or an error naming the column.
fn text<'r>(record: &'r ::csv::ByteRecord, at: usize, column: &str, line: u64) -> Result<&'r str> {
    let bytes = record.get(at).unwrap_or_default();
    std::str::from_utf8(bytes).map_err(|_| {
        csv_error(
            line,
            Some(column),
            CsvProblem::Invalid {
                value: String::from_utf8_lossy(bytes).into_owned(),
                expected: "UTF-8 text",
            },
        )
    })
}

fn optional<'r>(
    record: &'r ::csv::ByteRecord,
    at: Option<usize>,
    column: &str,
    line: u64,
) -> Result<Option<&'r str>> {
    match at {
        Some(at) => {
            let value = text(record, at, column, line)?.trim();
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

/// The marker of an empty slot in [`Numbers`].
const EMPTY: u32 = u32::MAX;

/// Node numbers by id text: an open-addressing table of (hash, node number) pairs, at
/// most half full, whose keys are the nodes' own text. A map keyed by a copy of each
/// id would allocate that copy and hash it again whenever the table grows; here a
/// node's text is stored once, in the node.
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
        use std::hash::BuildHasher;
        let h = FixedState::default().hash_one(id);
        u32::try_from((h ^ (h >> 32)) & u64::from(u32::MAX)).unwrap_or(0)
    }

    /// The number of `id`, or the free slot where it belongs.
    fn find(
        &self,
        id: &str,
        h: u32,
        nodes: &[Node],
        texts: &str,
    ) -> std::result::Result<u32, usize> {
        let mask = self.slots.len().saturating_sub(1);
        let mut i = usize::try_from(h).unwrap_or(0) & mask;
        loop {
            match self.slots.get(i) {
                Some(&(slot_hash, n)) if n != EMPTY => {
                    if slot_hash == h && at(nodes, n).is_some_and(|node| id_text(texts, node) == id)
                    {
                        return Ok(n);
                    }
                    i = i.wrapping_add(1) & mask;
                }
                _ => return Err(i),
            }
        }
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
    line: u64,
    column: &'static str,
    numbers: &mut Numbers,
    nodes: &mut Vec<Node>,
    texts: &mut String,
) -> Result<u32> {
    let h = Numbers::hash(id);
    let slot = match numbers.find(id, h, nodes, texts) {
        Ok(n) => return Ok(n),
        Err(slot) => slot,
    };
    let n = u32::try_from(nodes.len())
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
    let start = u32::try_from(texts.len()).map_err(|_| overflow())?;
    texts.push_str(id);
    let end = u32::try_from(texts.len()).map_err(|_| overflow())?;
    numbers.insert(slot, h, n);
    nodes.push(Node {
        text: (start, end),
        line,
        column,
        ..Node::default()
    });
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

fn read_row(
    record: &::csv::ByteRecord,
    columns: Columns,
    line: u64,
    numbers: &mut Numbers,
    nodes: &mut Vec<Node>,
    texts: &mut String,
) -> Result<()> {
    let id = text(record, columns.id, "id", line)?.trim();
    if id.is_empty() {
        return Err(invalid(line, "id", id, "an id"));
    }
    let parent = text(record, columns.parent, "parent_id", line)?.trim();
    let weight = match optional(record, columns.weight, "weight", line)? {
        Some(w) => w
            .parse::<Weight>()
            .map_err(|_| invalid(line, "weight", w, "a weight (a decimal of at least 0)"))?,
        None => Weight::ONE,
    };
    let progress = match optional(record, columns.progress, "progress", line)? {
        Some(p) => Some(
            p.parse::<Progress>()
                .map_err(|_| invalid(line, "progress", p, "progress (a decimal of at least 0)"))?,
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

    let child = number(id, line, "id", numbers, nodes, texts)?;
    let parent = if parent.is_empty() {
        None
    } else {
        Some(number(parent, line, "parent_id", numbers, nodes, texts)?)
    };
    let node = nodes
        .get_mut(usize::try_from(child).unwrap_or(usize::MAX))
        .ok_or_else(|| invalid(line, "id", id, "a node"))?;
    if let Some(parent) = parent {
        if node.parents.iter().any(|&(p, _)| p == parent) {
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
        node.parents.push((parent, weight));
    }
    if let Some(progress) = progress {
        match node.progress {
            Some((earlier, _)) if earlier != progress => {
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
            Some(_) => {}
            None => node.progress = Some((progress, line)),
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
    let node = node.rich.get_or_insert_with(Box::default);
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

fn at(nodes: &[Node], n: u32) -> Option<&Node> {
    nodes.get(usize::try_from(n).ok()?)
}

/// Each node's depth: 0 without parents, else one more than its deepest parent. An
/// explicit stack, since a file may chain nodes deeply.
fn assign_depths(nodes: &mut [Node], texts: &str) -> Result<()> {
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; nodes.len()];
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..nodes.len() {
        let root = u32::try_from(root).unwrap_or(u32::MAX);
        if state.get(usize::try_from(root).unwrap_or(usize::MAX)) != Some(&0) {
            continue;
        }
        stack.push((root, 0));
        while let Some(&(n, next)) = stack.last() {
            let i = usize::try_from(n).unwrap_or(usize::MAX);
            if let Some(s) = state.get_mut(i) {
                *s = 1;
            }
            let parent = at(nodes, n)
                .and_then(|node| node.parents.get(next))
                .map(|p| p.0);
            if let Some(parent) = parent {
                if let Some(top) = stack.last_mut() {
                    top.1 = next.saturating_add(1);
                }
                match state.get(usize::try_from(parent).unwrap_or(usize::MAX)) {
                    Some(0) => stack.push((parent, 0)),
                    Some(1) => {
                        let node = at(nodes, parent);
                        return Err(csv_error(
                            node.map_or(0, |n| n.line),
                            Some("parent_id"),
                            CsvProblem::Cycle(
                                node.map(|n| id_text(texts, n).to_owned())
                                    .unwrap_or_default(),
                            ),
                        ));
                    }
                    _ => {}
                }
                continue;
            }
            stack.pop();
            let depth = at(nodes, n).map_or(Some(0), |node| {
                node.parents
                    .iter()
                    .map(|&(p, _)| at(nodes, p).and_then(|p| p.depth))
                    .try_fold(0u8, |deepest, d| Some(deepest.max(d?.saturating_add(1))))
            });
            if let Some(node) = nodes.get_mut(i) {
                node.depth = depth;
            }
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
    Ok(())
}

/// The level a node takes: its explicit kind and tier, else its depth.
fn level(node: &Node, texts: &str) -> Result<(bool, u8)> {
    let depth = node.depth.unwrap_or(0);
    let by_depth = |depth: u8| match depth {
        0 => Some((true, 0)),
        1 => Some((true, 1)),
        2 => Some((false, 2)),
        3 => Some((false, 3)),
        _ => None,
    };
    let too_deep = || {
        csv_error(
            node.line,
            None,
            CsvProblem::TooDeep(id_text(texts, node).to_owned()),
        )
    };
    let (kind, tier) = node
        .rich
        .as_deref()
        .map_or((None, None), |r| (r.kind, r.tier.as_ref()));
    match (kind, tier) {
        // A node one level down that carries progress is a product key result under a
        // portfolio objective, not a product objective.
        (None, None) if depth == 1 && node.progress.is_some() => Ok((false, 2)),
        (None, None) => by_depth(depth).ok_or_else(too_deep),
        (Some(kind), None) => match (kind, by_depth(depth)) {
            (true, Some((true, tier))) => Ok((true, tier)),
            (false, Some((false, tier))) => Ok((false, tier)),
            // A kind at odds with the depth: the nearest tier of that kind.
            (true, _) => Ok((true, 1)),
            (false, _) => Ok((false, if depth >= 3 { 3 } else { 2 })),
        },
        (kind, Some((tier, line))) => match (kind, tier.as_str()) {
            (Some(true), "portfolio") => Ok((true, 0)),
            (Some(true), "product") => Ok((true, 1)),
            (Some(false), "product") => Ok((false, 2)),
            (Some(false), "initiative") => Ok((false, 3)),
            _ => Err(invalid(
                *line,
                "tier",
                tier,
                "portfolio or product (objectives), product or initiative (key results), with a kind",
            )),
        },
    }
}

fn build(
    mut nodes: Vec<Node>,
    texts: &str,
    options: &CsvOptions,
) -> Result<(CsvPortfolio, Vec<u32>)> {
    let owner = match &options.owner {
        Some(owner) => owner.clone(),
        None => OwnerId::new("unassigned")?,
    };
    let product = match &options.product {
        Some(product) => product.clone(),
        None => ProductId::new("unassigned")?,
    };
    let levels: Vec<(bool, u8)> = nodes
        .iter()
        .map(|n| level(n, texts))
        .collect::<Result<_>>()?;
    let mut ids: Vec<NodeId> = Vec::with_capacity(nodes.len());
    for (node, &(objective, _)) in nodes.iter().zip(&levels) {
        let text = id_text(texts, node);
        let bad = |_| invalid(node.line, node.column, text, "a valid id");
        ids.push(if objective {
            NodeId::Objective(ObjectiveId::new(text).map_err(bad)?)
        } else {
            NodeId::KeyResult(KeyResultId::new(text).map_err(bad)?)
        });
    }
    // What contributes to each node, for objectives' default drivers.
    for i in 0..nodes.len() {
        let objective = levels.get(i).is_some_and(|l| l.0);
        // Parents by position, so that no list is copied per node.
        let parent_at = |nodes: &[Node], j: usize| nodes.get(i)?.parents.get(j).map(|p| p.0);
        let mut j = 0usize;
        while let Some(p) = parent_at(&nodes, j) {
            j = j.saturating_add(1);
            if let Some(parent) = nodes.get_mut(usize::try_from(p).unwrap_or(usize::MAX)) {
                if objective {
                    parent.has_children_objectives = true;
                } else {
                    parent.has_children_key_results = true;
                }
            }
        }
    }
    let mut objectives = Vec::new();
    let mut key_results = Vec::new();
    let mut progress = Vec::new();
    let mut placed: Vec<u32> = Vec::new();
    for ((node, (objective, tier)), id) in nodes.drain(..).zip(levels).zip(&ids) {
        let contributes_to: Vec<Contribution> = node
            .parents
            .iter()
            .filter_map(|&(p, w)| {
                let to = ids.get(usize::try_from(p).ok()?)?.clone();
                Some(Contribution { to, weight: w })
            })
            .collect();
        let text = id_text(texts, &node);
        let Rich {
            name,
            owner: node_owner,
            product: node_product,
            drivers: node_drivers,
            ..
        } = node.rich.map(|r| *r).unwrap_or_default();
        let name = name.unwrap_or_else(|| text.to_owned());
        match id {
            NodeId::Objective(id) => {
                if objective && node.progress.is_some() {
                    let line = node.progress.map_or(node.line, |p| p.1);
                    return Err(csv_error(
                        line,
                        Some("progress"),
                        CsvProblem::ProgressOfObjective(text.to_owned()),
                    ));
                }
                let drivers = node_drivers.unwrap_or(
                    match (node.has_children_objectives, node.has_children_key_results) {
                        (true, true) => Drivers::Both,
                        (true, false) => Drivers::ChildObjectives,
                        _ => Drivers::KeyResults,
                    },
                );
                objectives.push(ObjectiveData {
                    id: id.clone(),
                    name,
                    tier: if tier == 0 {
                        ObjectiveTier::Portfolio
                    } else {
                        ObjectiveTier::Product
                    },
                    drivers,
                    owner: node_owner,
                    product: node_product,
                    theme: None,
                    method: None,
                    contributes_to,
                    target: None,
                    deadline: None,
                    depends_on: Vec::new(),
                });
            }
            NodeId::KeyResult(id) => {
                if let Some((p, _)) = node.progress {
                    progress.push((id.clone(), p));
                    placed.push(u32::try_from(key_results.len()).unwrap_or(u32::MAX));
                }
                key_results.push(KeyResultData {
                    id: id.clone(),
                    name,
                    tier: if tier == 3 {
                        KeyResultTier::Initiative
                    } else {
                        KeyResultTier::Product
                    },
                    owner: node_owner.unwrap_or_else(|| owner.clone()),
                    product: node_product.unwrap_or_else(|| product.clone()),
                    contributes_to,
                    target: None,
                    deadline: None,
                    resources: Vec::new(),
                    depends_on: Vec::new(),
                });
            }
        }
    }
    Ok((
        CsvPortfolio {
            data: PortfolioData {
                policy: options.policy.clone(),
                period: None,
                objectives,
                key_results,
            },
            progress,
        },
        placed,
    ))
}

/// Reads a CSV edge list, validates and compiles it, and rolls it up with the engine
/// the policy names: the path from a file to the first answer. Progress goes to the
/// rollup by plan index, with one hash lookup per key result.
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
    let (CsvPortfolio { data, progress }, placed) = read_placed(reader, options)?;
    let (graph, positions) = OkrGraph::new_placed(data)?;
    let plan = graph.plan();
    let mut leaves: Vec<Option<Progress>> = vec![None; plan.leaf_count()];
    for ((id, p), place) in progress.into_iter().zip(placed) {
        // The compiler placed every key result; a lookup by id is the fallback.
        let index = usize::try_from(place)
            .ok()
            .and_then(|k| positions.get(k))
            .map(|&i| crate::plan::NodeIndex::from_u32(i))
            .filter(|&i| matches!(plan.node(i), Some(NodeId::KeyResult(k)) if *k == id))
            .or_else(|| plan.key_result_index(&id))
            .ok_or_else(|| Error::UnknownNode {
                node: NodeId::KeyResult(id.clone()),
            })?;
        match leaves.get_mut(index.get()) {
            Some(slot) => *slot = Some(p),
            None => return Err(Error::NotALeaf { key_result: id }),
        }
    }
    let mut missing: Vec<KeyResultId> = leaves
        .iter()
        .zip(plan.indices())
        .filter(|(p, _)| p.is_none())
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
    let rollup = graph.rollup_leaves(engine, leaves.into_iter().flatten().collect())?;
    Ok((graph, rollup))
}
