//! Loading a portfolio from its JSON documents straight into a compiled graph (feature
//! `serde`).
//!
//! [`load`] takes the two documents a portfolio arrives as, the [`PortfolioData`] and
//! the [`ProgressInputs`], and gives what
//!
//! ```text
//! let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(portfolio)?)?;
//! let rollup = graph.rollup(&serde_json::from_str::<ProgressInputs>(inputs)?)?;
//! ```
//!
//! gives, with the same errors, without building a [`KeyResultData`](crate::KeyResultData)
//! record per key result: the key results are read field by field into columns by node
//! number (each id numbered once, through one table, as the CSV loader does), validated
//! and compiled from those columns, and their progress is read into the rollup by plan
//! index, without a map by id.
//!
//! The column path takes the common shape of a large portfolio: key results with an id,
//! name, tier, owner, product and edges, objectives of any shape but a method, a
//! target, a deadline or dependencies of their own, and inputs with progress only. A
//! document outside that shape (a key result with a target, a field given twice, a
//! struct written as an array, an override), one that does not parse, and a portfolio
//! that fails validation are read again by the record path above, so that the answer
//! and every error are exactly its own: the column path is a shortcut, never a second
//! definition of the format.
//!
//! The column path reads the text with a strict scan of its JSON: strings without
//! escapes are borrowed where they are, and the key a writer puts next (the fields in
//! the order the record path serializes them) is compared in place. A key result, an
//! objective or a progress entry written exactly as the record path writes it (no
//! white space, fields in order, plain strings and decimal strings) is read with its
//! keys and punctuation compared as whole words; any other writing of it is read
//! again from its start the general way. Anything else (an escape, a number, the
//! policy, an objective not so written) is parsed by `serde_json` from where it
//! starts, exactly as the record path parses it there, so keys in any order, any white
//! space and numbers for weights and progress take the column path too.
//!
//! ```
//! use folio_okr::json::load;
//! use folio_okr::NodeId;
//! use folio_types::{Decimal, ObjectiveId};
//!
//! let portfolio = r#"{
//!   "policy": { "method": "weighted" },
//!   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
//!   "key_results": [
//!     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
//!     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
//!       "contributes_to": [{ "to": { "objective": "grow" } }] }
//!   ]
//! }"#;
//! let inputs = r#"{ "progress": { "arr": "0.8", "nps": "0.4" } }"#;
//! let (graph, rollup) = load(portfolio, inputs)?;
//! assert_eq!(graph.key_result_count(), 2);
//! // (3 x 0.8 + 1 x 0.4) / 4 = 0.7
//! let grow = NodeId::from(ObjectiveId::new("grow")?);
//! assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use folio_types::{KeyResultId, ObjectiveId, OwnerId, Period, ProductId, Progress, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::graph::from_columns::{Details, NodeColumns};
use crate::inputs::ProgressInputs;
use crate::model::{
    Contribution, Drivers, KeyResultTier, Level, NodeId, ObjectiveData, ObjectiveTier,
    PortfolioData, RollupPolicy,
};

mod scan;

use crate::plan::id_index::IdIndex;
use crate::rollup::{Engine, Rollup};
use scan::Scan;

/// Reads the portfolio and its inputs, validates and compiles the portfolio and rolls it
/// up with the engine its policy names: the path from the JSON documents to the first
/// answer (see the module docs).
///
/// # Errors
///
/// [`Error::Json`] naming the document that does not parse, with `serde_json`'s message
/// (line and column); otherwise exactly what [`OkrGraph::new`] and
/// [`OkrGraph::rollup`] give for the deserialized documents. The portfolio is read and
/// validated before the inputs are read.
///
/// ```
/// use folio_okr::json::load;
/// use folio_okr::Error;
///
/// let portfolio = r#"{ "policy": { "method": "weighted" }, "objectives": [],
///   "key_results": [{ "id": "k", "name": "K", "tier": "product", "owner": "o",
///                     "product": "p", "contributes_to": [{ "to": { "objective": "gone" } }] }] }"#;
/// // An edge to an objective the portfolio does not have: validation names it.
/// assert!(matches!(load(portfolio, r#"{ "progress": {} }"#), Err(Error::Invalid { .. })));
/// // A document that does not parse.
/// assert!(matches!(load("{", "{}"), Err(Error::Json { document: "portfolio", .. })));
/// ```
pub fn load(portfolio: &str, inputs: &str) -> Result<(OkrGraph, Rollup)> {
    let graph = match read_columns(portfolio) {
        Some((columns, extra)) if columns.is_valid() => {
            let (graph, _) = columns.compile()?;
            graph.with_objective_records(extra.objectives, extra.period)
        }
        // Anything else, valid or not, the record path reads and reports.
        _ => OkrGraph::new(parse::<PortfolioData>(portfolio, "portfolio")?)?,
    };
    let rollup = match read_progress(&graph, inputs) {
        Some(leaves) => {
            let engine = Engine::from_policy(graph.policy())?;
            graph.rollup_leaves(engine, leaves)?
        }
        None => graph.rollup(&parse::<ProgressInputs>(inputs, "inputs")?)?,
    };
    Ok((graph, rollup))
}

/// `text` deserialized as `T` by `serde_json`, or [`Error::Json`] naming `document`.
fn parse<'a, T: serde::Deserialize<'a>>(text: &'a str, document: &'static str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Json {
        document,
        message: e.to_string(),
    })
}

/// The parts of a portfolio the columns do not hold.
struct Extra {
    /// The objectives as written (their themes are kept).
    objectives: Vec<ObjectiveData>,
    /// The period, if given.
    period: Option<Period>,
}

/// The portfolio as columns, or `None` where it is not of the shape the column path
/// takes (see the module docs), or does not parse.
fn read_columns(text: &str) -> Option<(NodeColumns, Extra)> {
    let mut reader = Reader::default();
    let mut scan = Scan::new(text);
    let (policy, period) = read_portfolio(&mut scan, &mut reader)?;
    scan.end()?;
    let Reader {
        ids,
        levels,
        drivers,
        mut edges,
        refs,
        long_refs,
        long_text,
        details,
        owner,
        product,
        objectives,
        ..
    } = reader;
    // The parents, now that every node is defined: looked up all at once, in the
    // order of the id table (a repeated id is the record path's to report).
    let index = IdIndex::new_distinct(&ids)?;
    let mut parents = index.get_all_whole(&refs);
    drop(refs);
    let mut start = 0usize;
    for (at, kind, end) in long_refs {
        let end = usize::try_from(end).ok()?;
        let text = long_text.get(start..end)?;
        *parents.get_mut(usize::try_from(at).ok()?)? = index.get(&ids, kind, text);
        start = end;
    }
    drop(long_text);
    drop(index);
    for edge in &mut edges {
        // A parent that is not defined is the record path's to report.
        let parent = (*parents.get(usize::try_from(edge.1).ok()?)?)?;
        edge.1 = u32::try_from(parent.get()).ok()?;
    }
    drop(parents);
    // Each node's edges are read together: a parent listed twice among them is the
    // record path's to report.
    let mut from = 0usize;
    while let Some(&(child, _, _)) = edges.get(from) {
        let to = edges
            .get(from..)?
            .iter()
            .position(|e| e.0 != child)
            .map_or(edges.len(), |n| from.saturating_add(n));
        let row = edges.get(from..to)?;
        for (i, edge) in row.iter().enumerate() {
            if row.get(..i)?.iter().any(|e| e.1 == edge.1) {
                return None;
            }
        }
        from = to;
    }
    let owner = owner.map_or_else(|| OwnerId::new("unassigned").ok(), Some)?;
    let product = product.map_or_else(|| ProductId::new("unassigned").ok(), Some)?;
    let mut details = details;
    details.sort_unstable_by_key(|&(n, _)| n);
    Some((
        NodeColumns {
            policy,
            ids,
            levels,
            drivers,
            edges,
            details,
            owner,
            product,
        },
        Extra { objectives, period },
    ))
}

/// Whether `text` is certainly a valid id: 1 to 128 printable ASCII characters, the
/// first and last not a space. Any other text is checked by the id's constructor.
fn plainly_valid(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= folio_types::id::MAX_ID_LEN
        && bytes.iter().all(|&b| (b' '..=b'~').contains(&b))
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
}

/// What the portfolio document says so far, as columns by node number: nodes are
/// numbered as they are defined, and parents are found once all are (a parent may be
/// named before its definition).
#[derive(Debug, Default)]
struct Reader {
    ids: Vec<NodeId>,
    levels: Vec<Level>,
    drivers: Vec<Option<Drivers>>,
    /// Every edge as `(child, parent)`, the parent as the number of its reference in
    /// `refs` until the references are resolved.
    edges: Vec<(u32, u32, Weight)>,
    /// Each parent reference as the id table's hash and key of its id.
    refs: Vec<(u64, [u8; 8])>,
    /// The references whose ids are longer than a key holds: the reference, the kind,
    /// and where the id ends in `long_text` (it starts where the previous one ends).
    long_refs: Vec<(u32, u8, u32)>,
    long_text: String,
    details: Vec<(u32, Details)>,
    /// The first key result's owner and product: the columns' defaults.
    owner: Option<OwnerId>,
    product: Option<ProductId>,
    objectives: Vec<ObjectiveData>,
    /// The current key result's parent references, before its id is known.
    scratch: Vec<(u32, Weight)>,
    /// The current key result's name.
    name: String,
}

impl Reader {
    /// Numbers the node `id` at `level`.
    fn define(&mut self, id: NodeId, level: Level, drivers: Option<Drivers>) -> Option<u32> {
        let n = u32::try_from(self.ids.len())
            .ok()
            .filter(|&n| n != u32::MAX)?;
        self.ids.push(id);
        self.levels.push(level);
        self.drivers.push(drivers);
        Some(n)
    }

    /// Records a reference to the node `(kind, text)`, checking the text as an id of
    /// that kind, and returns its number.
    fn reference(&mut self, kind: u8, text: &str) -> std::result::Result<u32, folio_types::Error> {
        if !plainly_valid(text) {
            if kind == 0 {
                ObjectiveId::new(text)?;
            } else {
                KeyResultId::new(text)?;
            }
        }
        let overflow = folio_types::Error::Overflow {
            operation: "numbering the parents of a JSON portfolio",
        };
        let n = u32::try_from(self.refs.len()).map_err(|_| overflow.clone())?;
        let h = crate::plan::id_index::hash(kind, text);
        let (key, whole) = crate::plan::id_index::key(kind, text, h);
        self.refs.push((h, key));
        if !whole {
            self.long_text.push_str(text);
            let end = u32::try_from(self.long_text.len()).map_err(|_| overflow)?;
            self.long_refs.push((n, kind, end));
        }
        Ok(n)
    }
}

/// A bounded number (`Weight` or `Progress`): a plain decimal string (see
/// `crate::plain_decimal`) is read in one pass and checked by the type's `TryFrom`;
/// any other value (another string, a number, an object) is read by the type's own
/// `Deserialize` from where it starts, exactly as the record path reads it.
fn bounded<'a, T>(scan: &mut Scan<'a>) -> Option<T>
where
    T: serde::Deserialize<'a> + TryFrom<folio_types::Decimal, Error = folio_types::Error>,
{
    let start = scan.mark();
    if scan.at_string() {
        let text = scan.string()?;
        if let Some(value) = crate::plain_decimal::plain(&text) {
            return T::try_from(value).ok();
        }
        scan.rewind(start);
    }
    scan.value::<T>()
}

/// The top level of the portfolio document: its policy and period, with the objectives
/// and key results read into `reader`.
fn read_portfolio(
    scan: &mut Scan<'_>,
    reader: &mut Reader,
) -> Option<(RollupPolicy, Option<Period>)> {
    let mut policy = None;
    let mut period = None;
    let (mut objectives, mut key_results) = (false, false);
    let mut more = scan.open(b'{', b'}')?;
    while more {
        match &*scan.key()? {
            "policy" if policy.is_none() => policy = Some(scan.value::<RollupPolicy>()?),
            "period" if period.is_none() => period = Some(scan.value::<Option<Period>>()?),
            "objectives" if !objectives => {
                objectives = true;
                add_objectives(reader, read_objectives(scan)?)?;
            }
            "key_results" if !key_results => {
                key_results = true;
                let mut more = scan.open(b'[', b']')?;
                while more {
                    let fields = match read_written_key_result(scan, reader) {
                        Some(fields) => fields,
                        None => read_key_result(scan, reader)?,
                    };
                    add_key_result(reader, fields)?;
                    more = scan.more(b']')?;
                }
            }
            _ => return None,
        }
        more = scan.more(b'}')?;
    }
    match (policy, objectives && key_results) {
        (Some(policy), true) => Some((policy, period.flatten())),
        _ => None,
    }
}

/// The objectives array: each record as the record path writes it read in place
/// ([`read_written_objective`]), any other read by `serde_json` from where it starts,
/// as the record path reads each element of the array.
fn read_objectives(scan: &mut Scan<'_>) -> Option<Vec<ObjectiveData>> {
    let mut records = Vec::new();
    let mut more = scan.open(b'[', b']')?;
    while more {
        let start = scan.mark();
        let record = match read_written_objective(scan) {
            Some(record) => record,
            None => {
                scan.rewind(start);
                scan.value::<ObjectiveData>()?
            }
        };
        records.push(record);
        more = scan.more(b']')?;
    }
    Some(records)
}

/// One objective written as the record path writes it (`ObjectiveData` serialized
/// without white space: an id, a name, a tier, drivers, then optionally an owner, a
/// product, a theme and contributions, in that order, strings without escapes, weights
/// as plain decimal strings), read in place; `None` for any other writing (and for
/// a method, a target, a deadline or dependencies), which the caller rewinds and leaves
/// to `serde_json`.
fn read_written_objective(scan: &mut Scan<'_>) -> Option<ObjectiveData> {
    if !scan.literal(b"{\"id\":") {
        return None;
    }
    let id = ObjectiveId::new(scan.plain_string()?).ok()?;
    if !scan.literal(b",\"name\":") {
        return None;
    }
    let name = scan.plain_string()?.to_owned();
    let tier = if scan.literal(b",\"tier\":\"product\"") {
        ObjectiveTier::Product
    } else if scan.literal(b",\"tier\":\"portfolio\"") {
        ObjectiveTier::Portfolio
    } else {
        return None;
    };
    let drivers = if scan.literal(b",\"drivers\":\"key_results\"") {
        Drivers::KeyResults
    } else if scan.literal(b",\"drivers\":\"child_objectives\"") {
        Drivers::ChildObjectives
    } else if scan.literal(b",\"drivers\":\"both\"") {
        Drivers::Both
    } else {
        return None;
    };
    let owner = match scan.literal(b",\"owner\":") {
        true => Some(OwnerId::new(scan.plain_string()?).ok()?),
        false => None,
    };
    let product = match scan.literal(b",\"product\":") {
        true => Some(ProductId::new(scan.plain_string()?).ok()?),
        false => None,
    };
    let theme = match scan.literal(b",\"theme\":") {
        true => Some(scan.plain_string()?.to_owned()),
        false => None,
    };
    let mut contributes_to = Vec::new();
    if scan.literal(b",\"contributes_to\":[") {
        written_contributions(scan, |kind, text, weight| {
            let to = match kind {
                0 => NodeId::Objective(ObjectiveId::new(text).ok()?),
                _ => NodeId::KeyResult(KeyResultId::new(text).ok()?),
            };
            contributes_to.push(Contribution { to, weight });
            Some(())
        })?;
    }
    if !scan.literal(b"}") {
        return None;
    }
    Some(ObjectiveData {
        id,
        name,
        tier,
        drivers,
        owner,
        product,
        theme,
        method: None,
        contributes_to,
        target: None,
        deadline: None,
        depends_on: Vec::new(),
    })
}

/// The contributions as the record path writes them, after the opening `[`: each
/// `{"to":{"objective":"id"},"weight":"2.5"}` (or `"key_result"`, or no weight for the
/// default), separated by commas, up to the closing `]`. `each` takes the parent's kind
/// (0 for an objective, 1 for a key result), its id and the weight; `None` for any
/// other writing, or where `each` declines.
#[inline]
fn written_contributions(
    scan: &mut Scan<'_>,
    mut each: impl FnMut(u8, &str, Weight) -> Option<()>,
) -> Option<()> {
    if scan.literal(b"]") {
        return Some(());
    }
    loop {
        let kind = if scan.literal(b"{\"to\":{\"objective\":") {
            0
        } else if scan.literal(b"{\"to\":{\"key_result\":") {
            1
        } else {
            return None;
        };
        let text = scan.plain_string()?;
        let weight = written_weight(scan)?;
        each(kind, text, weight)?;
        if scan.literal(b"]") {
            return Some(());
        }
        if !scan.literal(b",") {
            return None;
        }
    }
}

/// The end of a contribution as the record path writes it, after its parent's id:
/// `},"weight":"2.5"}` (a plain decimal), or `}}` for the default weight.
#[inline]
fn written_weight(scan: &mut Scan<'_>) -> Option<Weight> {
    if scan.literal(b"},\"weight\":") {
        let weight = crate::plain_decimal::plain(scan.plain_string()?)?;
        scan.literal(b"}").then_some(())?;
        Weight::try_from(weight).ok()
    } else if scan.literal(b"}}") {
        Some(Weight::default())
    } else {
        None
    }
}

/// Numbers the objectives and records their edges; `None` for what the column path
/// leaves to the record path (a method, target, deadline or dependency).
fn add_objectives(reader: &mut Reader, records: Vec<ObjectiveData>) -> Option<()> {
    for record in &records {
        if record.method.is_some()
            || record.target.is_some()
            || record.deadline.is_some()
            || !record.depends_on.is_empty()
        {
            return None;
        }
        let n = reader.define(
            NodeId::Objective(record.id.clone()),
            Level::from(record.tier),
            Some(record.drivers),
        )?;
        for edge in &record.contributes_to {
            let (kind, text) = crate::plan::id_index::kind_of(&edge.to);
            let parent = reader.reference(kind, text).ok()?;
            reader.edges.push((n, parent, edge.weight));
        }
        let name = (record.name != record.id.as_str()).then(|| record.name.clone());
        if name.is_some() || record.owner.is_some() || record.product.is_some() {
            reader.details.push((
                n,
                Details {
                    name,
                    owner: record.owner.clone(),
                    product: record.product.clone(),
                },
            ));
        }
    }
    reader.objectives = records;
    Some(())
}

/// The owner or product of a key result: the columns' default, or another.
enum Choice<T> {
    Default,
    Other(T),
}

/// `text` against the default `slot` (set by the first key result): the default when
/// it matches, else a new id.
fn choose<T: AsRef<str>>(
    slot: &mut Option<T>,
    text: &str,
    new: fn(&str) -> folio_types::Result<T>,
) -> folio_types::Result<Choice<T>> {
    match slot {
        Some(default) if default.as_ref() == text => Ok(Choice::Default),
        Some(_) => Ok(Choice::Other(new(text)?)),
        None => {
            *slot = Some(new(text)?);
            Ok(Choice::Default)
        }
    }
}

/// A key result's fields in the order `KeyResultData` is serialized.
const KEY_RESULT_FIELDS: [&str; 6] = ["id", "name", "tier", "owner", "product", "contributes_to"];

/// A key result's fields as read, its contributions in `Reader::scratch`.
struct KeyResultFields {
    id: KeyResultId,
    /// The name, where it is not the id.
    name: Option<String>,
    tier: KeyResultTier,
    owner: Choice<OwnerId>,
    product: Choice<ProductId>,
}

/// One key result written as the record path writes it (`KeyResultData` serialized
/// without white space: its fields in that order, strings without escapes, weights as
/// plain decimal strings), its keys and punctuation compared in place as a few words;
/// `None`, with the scan and the references left as they were, for any other writing,
/// which [`read_key_result`] reads. Only ever a shortcut to what `read_key_result`
/// reads from the same text.
fn read_written_key_result(scan: &mut Scan<'_>, reader: &mut Reader) -> Option<KeyResultFields> {
    let start = scan.mark();
    let marks = (
        reader.refs.len(),
        reader.long_refs.len(),
        reader.long_text.len(),
    );
    let fields = written_key_result(scan, reader);
    if fields.is_none() {
        scan.rewind(start);
        reader.refs.truncate(marks.0);
        reader.long_refs.truncate(marks.1);
        reader.long_text.truncate(marks.2);
    }
    fields
}

/// The body of [`read_written_key_result`], which undoes what it recorded when it
/// gives `None`.
#[inline]
fn written_key_result(scan: &mut Scan<'_>, reader: &mut Reader) -> Option<KeyResultFields> {
    reader.scratch.clear();
    if !scan.literal(b"{\"id\":") {
        return None;
    }
    let text = scan.plain_string()?;
    let id = KeyResultId::new(text).ok()?;
    if !scan.literal(b",\"name\":") {
        return None;
    }
    let name = scan.plain_string()?;
    let name = (name != text).then(|| name.to_owned());
    let tier = if scan.literal(b",\"tier\":\"product\"") {
        KeyResultTier::Product
    } else if scan.literal(b",\"tier\":\"initiative\"") {
        KeyResultTier::Initiative
    } else {
        return None;
    };
    if !scan.literal(b",\"owner\":") {
        return None;
    }
    let owner = choose(&mut reader.owner, scan.plain_string()?, |t| OwnerId::new(t)).ok()?;
    if !scan.literal(b",\"product\":") {
        return None;
    }
    let product = choose(&mut reader.product, scan.plain_string()?, |t| {
        ProductId::new(t)
    })
    .ok()?;
    if !scan.literal(b",\"contributes_to\":[") {
        return None;
    }
    written_contributions(scan, |kind, text, weight| {
        let parent = reader.reference(kind, text).ok()?;
        reader.scratch.push((parent, weight));
        Some(())
    })?;
    if !scan.literal(b"}") {
        return None;
    }
    Some(KeyResultFields {
        id,
        name,
        tier,
        owner,
        product,
    })
}

/// One key result, read into the columns: exactly an id, a name, a tier, an owner, a
/// product and its contributions, each once, in any order.
fn read_key_result(scan: &mut Scan<'_>, reader: &mut Reader) -> Option<KeyResultFields> {
    reader.scratch.clear();
    let mut id = None;
    let mut named = false;
    let mut tier = None;
    let mut owner = None;
    let mut product = None;
    let mut edges = false;
    // The fields in the order the record path writes them: the one expected next is
    // found in place.
    let mut field = 0usize;
    let mut more = scan.open(b'{', b'}')?;
    while more {
        let likely = KEY_RESULT_FIELDS.get(field..=field).unwrap_or_default();
        field = field.saturating_add(1);
        match &*scan.key_among(likely)? {
            "id" if id.is_none() => id = Some(KeyResultId::new(&scan.string()?).ok()?),
            "name" if !named => {
                named = true;
                let name = scan.string()?;
                reader.name.clear();
                reader.name.push_str(&name);
            }
            "tier" if tier.is_none() => {
                let start = scan.mark();
                tier = Some(match scan.string().as_deref() {
                    Some("product") => KeyResultTier::Product,
                    Some("initiative") => KeyResultTier::Initiative,
                    _ => {
                        scan.rewind(start);
                        scan.value::<KeyResultTier>()?
                    }
                });
            }
            "owner" if owner.is_none() => {
                owner = Some(choose(&mut reader.owner, &scan.string()?, |t| OwnerId::new(t)).ok()?);
            }
            "product" if product.is_none() => {
                product =
                    Some(choose(&mut reader.product, &scan.string()?, |t| ProductId::new(t)).ok()?);
            }
            "contributes_to" if !edges => {
                edges = true;
                let mut more = scan.open(b'[', b']')?;
                while more {
                    let edge = read_edge(scan, reader)?;
                    reader.scratch.push(edge);
                    more = scan.more(b']')?;
                }
            }
            _ => return None,
        }
        more = scan.more(b'}')?;
    }
    let (Some(id), true, Some(tier), Some(owner), Some(product), true) =
        (id, named, tier, owner, product, edges)
    else {
        return None;
    };
    let name = (id.as_str() != reader.name).then(|| reader.name.clone());
    Some(KeyResultFields {
        id,
        name,
        tier,
        owner,
        product,
    })
}

/// Numbers a key result read into `fields` and records its edges and details.
fn add_key_result(reader: &mut Reader, fields: KeyResultFields) -> Option<()> {
    let KeyResultFields {
        id,
        name,
        tier,
        owner,
        product,
    } = fields;
    let n = reader.define(NodeId::KeyResult(id), Level::from(tier), None)?;
    for i in 0..reader.scratch.len() {
        if let Some(&(parent, weight)) = reader.scratch.get(i) {
            reader.edges.push((n, parent, weight));
        }
    }
    let owner = match owner {
        Choice::Default => None,
        Choice::Other(owner) => Some(owner),
    };
    let product = match product {
        Choice::Default => None,
        Choice::Other(product) => Some(product),
    };
    if name.is_some() || owner.is_some() || product.is_some() {
        reader.details.push((
            n,
            Details {
                name,
                owner,
                product,
            },
        ));
    }
    Some(())
}

/// One contribution, `{ "to": { "objective" | "key_result": id }, "weight": w }` (the
/// weight optional), its parent recorded as a reference.
fn read_edge(scan: &mut Scan<'_>, reader: &mut Reader) -> Option<(u32, Weight)> {
    let mut to = None;
    let mut weight = None;
    let mut more = scan.open(b'{', b'}')?;
    while more {
        match &*scan.key_among(&["to", "weight"])? {
            "to" if to.is_none() => {
                scan.open(b'{', b'}')?.then_some(())?;
                let kind = match &*scan.key_among(&["objective", "key_result"])? {
                    "objective" => 0,
                    "key_result" => 1,
                    _ => return None,
                };
                to = Some(reader.reference(kind, &scan.string()?).ok()?);
                // One key only: a second is the record path's to report.
                (!scan.more(b'}')?).then_some(())?;
            }
            "weight" if weight.is_none() => weight = Some(bounded::<Weight>(scan)?),
            _ => return None,
        }
        more = scan.more(b'}')?;
    }
    Some((to?, weight.unwrap_or_default()))
}

/// The leaves' progress by plan index, read from the inputs document; `None` where the
/// inputs are not progress alone for exactly the graph's leaves, or do not parse.
fn read_progress(graph: &OkrGraph, text: &str) -> Option<Vec<Progress>> {
    let plan = graph.plan();
    // The keys and values read are sized for one per leaf, what valid inputs hold.
    let mut state = LeafProgress {
        plan,
        keys: Vec::with_capacity(plan.leaf_count()),
        values: Vec::with_capacity(plan.leaf_count()),
        long: Vec::new(),
    };
    let mut scan = Scan::new(text);
    read_inputs(&mut scan, &mut state)?;
    scan.end()?;
    let LeafProgress {
        keys, values, long, ..
    } = state;
    // The short ids, looked up together in the order of the id table.
    let found = plan.key_result_indices(&keys);
    drop(keys);
    // The leaves, allocated once the keys are dropped, in the space they leave (of
    // the same size); the rollup then grows this vector to every node's value into
    // the space the values leave above it.
    let mut leaves = vec![Progress::ZERO; plan.leaf_count()];
    let mut given = vec![false; plan.leaf_count()];
    // Placed in the order read, so that of a key given twice the last value stands,
    // as in a map (a short id is never the same id as a long one).
    for (at, value) in long {
        *leaves.get_mut(at)? = value;
        *given.get_mut(at)? = true;
    }
    for (at, value) in found.into_iter().zip(values) {
        // An id the graph does not have, or a key result with contributors: the
        // record path reports it.
        let at = at?.get();
        *leaves.get_mut(at)? = value;
        *given.get_mut(at)? = true;
    }
    given.iter().all(|&g| g).then_some(leaves)
}

/// One progress entry written as the record path writes it (`"id":"progress"`, no
/// white space, no escape, a plain decimal), read in place; `None`, the scan unmoved,
/// for any other writing, which the caller reads as a key and a bounded number.
#[inline]
fn read_written_entry<'a>(scan: &mut Scan<'a>) -> Option<(&'a str, Progress)> {
    let start = scan.mark();
    let entry = (|| {
        let id = scan.plain_string()?;
        if !scan.literal(b":") {
            return None;
        }
        let value = crate::plain_decimal::plain(scan.plain_string()?)?;
        Some((id, Progress::try_from(value).ok()?))
    })();
    if entry.is_none() {
        scan.rewind(start);
    }
    entry
}

/// The inputs as they are read.
struct LeafProgress<'g> {
    plan: &'g crate::plan::Plan,
    /// The ids of at most seven bytes, as the id table's hashes and keys, looked
    /// up once the map is read (`Plan::key_result_indices`).
    keys: Vec<(u64, [u8; 8])>,
    /// Their values, in the same order.
    values: Vec<Progress>,
    /// The longer ids' plan indices, found as they are read, with their values, in
    /// the order read.
    long: Vec<(usize, Progress)>,
}

/// The inputs document, `{ "progress": { id: progress, ... } }`, into `state`: short ids
/// as keys to look up, longer ones by plan index.
fn read_inputs(scan: &mut Scan<'_>, state: &mut LeafProgress<'_>) -> Option<()> {
    let plan = state.plan;
    let mut progress = false;
    let mut more = scan.open(b'{', b'}')?;
    while more {
        match &*scan.key()? {
            "progress" if !progress => progress = true,
            _ => return None,
        }
        let mut entries = scan.open(b'{', b'}')?;
        while entries {
            let (id, value) = match read_written_entry(scan) {
                Some((id, value)) => (Cow::Borrowed(id), value),
                None => (scan.key()?, bounded::<Progress>(scan)?),
            };
            // A short id's place in the table, or a longer id's node, found at once.
            match crate::plan::Plan::key_result_whole_key(&id) {
                Some(key) => {
                    state.keys.push(key);
                    state.values.push(value);
                }
                None => {
                    // An id the graph does not have, or a key result with
                    // contributors: the record path reports it.
                    let at = plan.key_result_text_index(&id)?.get();
                    state.long.push((at, value));
                }
            }
            entries = scan.more(b'}')?;
        }
        more = scan.more(b'}')?;
    }
    progress.then_some(())
}

#[cfg(test)]
mod tests;
