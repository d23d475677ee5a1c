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

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use folio_types::{KeyResultId, ObjectiveId, OwnerId, Period, ProductId, Progress, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::graph::from_columns::{Details, NodeColumns};
use crate::hash::FixedState;
use crate::inputs::ProgressInputs;
use crate::model::{
    Drivers, KeyResultTier, Level, NodeId, ObjectiveData, PortfolioData, RollupPolicy,
};
use crate::plan::NodeIndex;
use crate::rollup::{Engine, Rollup};

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

/// Why the column reader stepped aside: never shown, the record path reports instead.
const ASIDE: &str = "outside the column path";

fn aside<E: de::Error>() -> E {
    E::custom(ASIDE)
}

/// The portfolio as columns, or `None` where it is not of the shape the column path
/// takes (see the module docs), or does not parse.
fn read_columns(text: &str) -> Option<(NodeColumns, Extra)> {
    let mut reader = Reader::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let (policy, period) = PortfolioSeed(&mut reader).deserialize(&mut de).ok()?;
    de.end().ok()?;
    let Reader {
        ids,
        levels,
        drivers,
        edges,
        details,
        owner,
        product,
        objectives,
        ..
    } = reader;
    // Every node named must be defined: a parent that is not is the record path's.
    let levels: Vec<Level> = levels.into_iter().collect::<Option<_>>()?;
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

/// The node numbers of ids, by kind and text: an open-addressing table of
/// `(hash, node)` pairs, at most half full, whose keys are the nodes' own ids.
#[derive(Debug)]
struct IdTable {
    slots: Vec<(u32, u32)>,
    len: usize,
}

const EMPTY: u32 = u32::MAX;

impl Default for IdTable {
    fn default() -> Self {
        Self {
            slots: vec![(0, EMPTY); 1 << 10],
            len: 0,
        }
    }
}

fn same(node: &NodeId, kind: u8, text: &str) -> bool {
    match node {
        NodeId::Objective(id) => kind == 0 && id.as_str() == text,
        NodeId::KeyResult(id) => kind == 1 && id.as_str() == text,
    }
}

impl IdTable {
    fn hash(kind: u8, text: &str) -> u32 {
        use std::hash::BuildHasher;
        let h = FixedState::default().hash_one((kind, text));
        u32::try_from((h ^ (h >> 32)) & u64::from(u32::MAX)).unwrap_or(0)
    }

    /// The node of `(kind, text)`, or the free slot where it belongs.
    fn find(
        &self,
        kind: u8,
        text: &str,
        h: u32,
        ids: &[NodeId],
    ) -> std::result::Result<u32, usize> {
        let mask = self.slots.len().saturating_sub(1);
        let mut i = usize::try_from(h).unwrap_or(0) & mask;
        loop {
            match self.slots.get(i) {
                Some(&(slot_hash, n)) if n != EMPTY => {
                    if slot_hash == h
                        && ids
                            .get(usize::try_from(n).unwrap_or(usize::MAX))
                            .is_some_and(|id| same(id, kind, text))
                    {
                        return Ok(n);
                    }
                    i = i.wrapping_add(1) & mask;
                }
                _ => return Err(i),
            }
        }
    }

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

/// What the portfolio document says so far, as columns by node number.
#[derive(Debug, Default)]
struct Reader {
    table: IdTable,
    ids: Vec<NodeId>,
    /// Each node's level once it is defined; `None` while it is only named as a parent.
    levels: Vec<Option<Level>>,
    drivers: Vec<Option<Drivers>>,
    edges: Vec<(u32, u32, Weight)>,
    details: Vec<(u32, Details)>,
    /// The first key result's owner and product: the columns' defaults.
    owner: Option<OwnerId>,
    product: Option<ProductId>,
    objectives: Vec<ObjectiveData>,
    /// The current key result's parents, before its id is known.
    scratch: Vec<(u32, Weight)>,
    /// The current key result's name.
    name: String,
}

impl Reader {
    /// The node of `(kind, text)`, numbered on first sight; the text is checked as an id
    /// of that kind then (a text seen before is the text of a valid id).
    fn number(&mut self, kind: u8, text: &str) -> std::result::Result<u32, folio_types::Error> {
        let h = IdTable::hash(kind, text);
        let slot = match self.table.find(kind, text, h, &self.ids) {
            Ok(n) => return Ok(n),
            Err(slot) => slot,
        };
        let id = if kind == 0 {
            NodeId::Objective(ObjectiveId::new(text)?)
        } else {
            NodeId::KeyResult(KeyResultId::new(text)?)
        };
        let n = u32::try_from(self.ids.len())
            .ok()
            .filter(|&n| n != EMPTY)
            .ok_or(folio_types::Error::Overflow {
                operation: "numbering the nodes of a JSON portfolio",
            })?;
        self.table.insert(slot, h, n);
        self.ids.push(id);
        self.levels.push(None);
        self.drivers.push(None);
        Ok(n)
    }

    /// Defines node `n` at `level`; `false` if it was defined before (a duplicate id).
    fn define(&mut self, n: u32, level: Level) -> bool {
        match self
            .levels
            .get_mut(usize::try_from(n).unwrap_or(usize::MAX))
        {
            Some(slot @ None) => {
                *slot = Some(level);
                true
            }
            _ => false,
        }
    }
}

/// Gives a string field's text to a function, borrowed where the document allows.
struct Text<F>(F);

impl<'de, R, F: FnOnce(&str) -> std::result::Result<R, folio_types::Error>> DeserializeSeed<'de>
    for Text<F>
{
    type Value = R;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<R, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, R, F: FnOnce(&str) -> std::result::Result<R, folio_types::Error>> Visitor<'de>
    for Text<F>
{
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<R, E> {
        (self.0)(v).map_err(E::custom)
    }
}

/// The top level of the portfolio document.
struct PortfolioSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for PortfolioSeed<'_> {
    type Value = (RollupPolicy, Option<Period>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PortfolioSeed<'_> {
    type Value = (RollupPolicy, Option<Period>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct PortfolioData")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let reader = self.0;
        let mut policy = None;
        let mut period = None;
        let (mut objectives, mut key_results) = (false, false);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "policy" if policy.is_none() => policy = Some(map.next_value::<RollupPolicy>()?),
                "period" if period.is_none() => period = Some(map.next_value::<Option<Period>>()?),
                "objectives" if !objectives => {
                    objectives = true;
                    let records = map.next_value::<Vec<ObjectiveData>>()?;
                    add_objectives(reader, records).map_err(|()| aside::<A::Error>())?;
                }
                "key_results" if !key_results => {
                    key_results = true;
                    map.next_value_seed(KeyResultsSeed(&mut *reader))?;
                }
                _ => return Err(aside()),
            }
        }
        match (policy, objectives && key_results) {
            (Some(policy), true) => Ok((policy, period.flatten())),
            _ => Err(aside()),
        }
    }
}

/// Numbers the objectives and their edges; `Err` for what the column path leaves to
/// the record path (a duplicate id or edge, a method, target, deadline or dependency).
fn add_objectives(reader: &mut Reader, records: Vec<ObjectiveData>) -> std::result::Result<(), ()> {
    for record in &records {
        if record.method.is_some()
            || record.target.is_some()
            || record.deadline.is_some()
            || !record.depends_on.is_empty()
        {
            return Err(());
        }
        let n = reader.number(0, record.id.as_str()).map_err(|_| ())?;
        if !reader.define(n, Level::from(record.tier)) {
            return Err(());
        }
        if let Some(slot) = reader
            .drivers
            .get_mut(usize::try_from(n).unwrap_or(usize::MAX))
        {
            *slot = Some(record.drivers);
        }
        let mut parents = BTreeSet::new();
        for edge in &record.contributes_to {
            let (kind, text) = crate::plan::id_index::kind_of(&edge.to);
            let parent = reader.number(kind, text).map_err(|_| ())?;
            if !parents.insert(parent) {
                return Err(());
            }
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
    Ok(())
}

/// The `key_results` array.
struct KeyResultsSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for KeyResultsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for KeyResultsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq
            .next_element_seed(KeyResultSeed(&mut *self.0))?
            .is_some()
        {}
        Ok(())
    }
}

/// One key result, read into the columns.
struct KeyResultSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for KeyResultSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
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

impl<'de> Visitor<'de> for KeyResultSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct KeyResultData")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let reader = self.0;
        reader.scratch.clear();
        let mut id = None;
        let mut named = false;
        let mut tier = None;
        let mut owner = None;
        let mut product = None;
        let mut edges = false;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "id" if id.is_none() => {
                    id = Some(map.next_value_seed(Text(|t: &str| reader.number(1, t)))?);
                }
                "name" if !named => {
                    named = true;
                    let name = &mut reader.name;
                    map.next_value_seed(Text(|t: &str| {
                        name.clear();
                        name.push_str(t);
                        Ok(())
                    }))?;
                }
                "tier" if tier.is_none() => tier = Some(map.next_value::<KeyResultTier>()?),
                "owner" if owner.is_none() => {
                    let slot = &mut reader.owner;
                    owner =
                        Some(map.next_value_seed(Text(|t: &str| {
                            choose(slot, t, |t| OwnerId::new(t))
                        }))?);
                }
                "product" if product.is_none() => {
                    let slot = &mut reader.product;
                    product =
                        Some(map.next_value_seed(Text(|t: &str| {
                            choose(slot, t, |t| ProductId::new(t))
                        }))?);
                }
                "contributes_to" if !edges => {
                    edges = true;
                    map.next_value_seed(EdgesSeed(&mut *reader))?;
                }
                _ => return Err(aside()),
            }
        }
        let (Some(n), true, Some(tier), Some(owner), Some(product), true) =
            (id, named, tier, owner, product, edges)
        else {
            return Err(aside());
        };
        if !reader.define(n, Level::from(tier)) {
            return Err(aside());
        }
        for i in 0..reader.scratch.len() {
            let Some(&(parent, weight)) = reader.scratch.get(i) else {
                break;
            };
            // A parent listed twice is the record path's to report.
            if reader
                .scratch
                .get(..i)
                .is_some_and(|before| before.iter().any(|&(p, _)| p == parent))
            {
                return Err(aside());
            }
            reader.edges.push((n, parent, weight));
        }
        let name = match reader.ids.get(usize::try_from(n).unwrap_or(usize::MAX)) {
            Some(NodeId::KeyResult(id)) if id.as_str() == reader.name => None,
            _ => Some(reader.name.clone()),
        };
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
        Ok(())
    }
}

/// A key result's `contributes_to` array, into the reader's scratch edges.
struct EdgesSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for EdgesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EdgesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(edge) = seq.next_element_seed(EdgeSeed(&mut *self.0))? {
            self.0.scratch.push(edge);
        }
        Ok(())
    }
}

/// One contribution: `{ "to": { "objective" | "key_result": id }, "weight": w }`.
struct EdgeSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for EdgeSeed<'_> {
    type Value = (u32, Weight);

    fn deserialize<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<(u32, Weight), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EdgeSeed<'_> {
    type Value = (u32, Weight);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Contribution")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(u32, Weight), A::Error> {
        let mut to = None;
        let mut weight = None;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "to" if to.is_none() => to = Some(map.next_value_seed(ParentSeed(&mut *self.0))?),
                "weight" if weight.is_none() => weight = Some(map.next_value::<Weight>()?),
                _ => return Err(aside()),
            }
        }
        match to {
            Some(to) => Ok((to, weight.unwrap_or_default())),
            None => Err(aside()),
        }
    }
}

/// A parent's node id, `{ "objective": id }` or `{ "key_result": id }`, numbered.
struct ParentSeed<'r>(&'r mut Reader);

impl<'de> DeserializeSeed<'de> for ParentSeed<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<u32, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ParentSeed<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("enum NodeId")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<u32, A::Error> {
        let kind = match map.next_key::<&str>()? {
            Some("objective") => 0,
            Some("key_result") => 1,
            _ => return Err(aside()),
        };
        let reader = self.0;
        let n = map.next_value_seed(Text(|t: &str| reader.number(kind, t)))?;
        match map.next_key::<IgnoredAny>()? {
            None => Ok(n),
            Some(_) => Err(aside()),
        }
    }
}

/// The leaves' progress by plan index, read from the inputs document; `None` where the
/// inputs are not progress alone for exactly the graph's leaves, or do not parse.
fn read_progress(graph: &OkrGraph, text: &str) -> Option<Vec<Progress>> {
    let plan = graph.plan();
    let mut state = LeafProgress {
        plan,
        leaves: vec![Progress::ZERO; plan.leaf_count()],
        given: vec![false; plan.leaf_count()],
        keys: Vec::new(),
        values: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    InputsSeed(&mut state).deserialize(&mut de).ok()?;
    de.end().ok()?;
    let LeafProgress {
        mut leaves,
        mut given,
        keys,
        values,
        ..
    } = state;
    // The short ids, looked up together in the order of the id table; placed in the
    // order read, so that of a key given twice the last value stands, as in a map.
    let found = plan.key_result_indices(&keys);
    drop(keys);
    for (at, value) in found.into_iter().zip(values) {
        // An id the graph does not have, or a key result with contributors: the
        // record path reports it.
        let at = at?.get();
        *leaves.get_mut(at)? = value;
        *given.get_mut(at)? = true;
    }
    given.iter().all(|&g| g).then_some(leaves)
}

/// The leaves' progress as it is read.
struct LeafProgress<'g> {
    plan: &'g crate::plan::Plan,
    leaves: Vec<Progress>,
    given: Vec<bool>,
    /// The ids of at most seven bytes, as the id table's first slots and keys, looked
    /// up once the map is read (`Plan::key_result_indices`).
    keys: Vec<(u32, [u8; 8])>,
    /// Their values, in the same order.
    values: Vec<Progress>,
}

/// The inputs document: `{ "progress": { id: progress, ... } }`.
struct InputsSeed<'s, 'g>(&'s mut LeafProgress<'g>);

impl<'de> DeserializeSeed<'de> for InputsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for InputsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct ProgressInputs")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut progress = false;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "progress" if !progress => {
                    progress = true;
                    map.next_value_seed(LeavesSeed(&mut *self.0))?;
                }
                _ => return Err(aside()),
            }
        }
        if progress { Ok(()) } else { Err(aside()) }
    }
}

/// The `progress` map, into the leaves by plan index.
struct LeavesSeed<'s, 'g>(&'s mut LeafProgress<'g>);

impl<'de> DeserializeSeed<'de> for LeavesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LeavesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let state = self.0;
        let plan = state.plan;
        // A short id's place in the table, or a longer id's node, found at once.
        let find = |t: &str| match plan.key_result_whole_key(t) {
            Some(key) => Ok(Ok(key)),
            None => Ok(Err(plan.key_result_text_index(t))),
        };
        while let Some(key) = map.next_key_seed(Text(find))? {
            let value = map.next_value::<Progress>()?;
            match key {
                Ok(key) => {
                    state.keys.push(key);
                    state.values.push(value);
                }
                Err(at) => {
                    // An id the graph does not have, or a key result with
                    // contributors: the record path reports it.
                    let at: NodeIndex = at.ok_or_else(aside::<A::Error>)?;
                    match (
                        state.leaves.get_mut(at.get()),
                        state.given.get_mut(at.get()),
                    ) {
                        (Some(slot), Some(given)) => {
                            // Given twice: the last value stands, as in a map (a short
                            // id, placed later, is never the same id as a long one).
                            *slot = value;
                            *given = true;
                        }
                        _ => return Err(aside()),
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
