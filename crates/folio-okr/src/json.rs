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

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use folio_types::{KeyResultId, ObjectiveId, OwnerId, Period, ProductId, Progress, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::graph::from_columns::{Details, NodeColumns};
use crate::inputs::ProgressInputs;
use crate::model::{
    Drivers, KeyResultTier, Level, NodeId, ObjectiveData, PortfolioData, RollupPolicy,
};
use crate::plan::NodeIndex;
use crate::plan::id_index::IdIndex;
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
/// any other value is handed to the type's own `Deserialize`, so that it reads exactly
/// as before.
struct Plain<T>(std::marker::PhantomData<T>);

impl<T> Plain<T> {
    fn new() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<'de, T> DeserializeSeed<'de> for Plain<T>
where
    T: serde::Deserialize<'de> + TryFrom<folio_types::Decimal, Error = folio_types::Error>,
{
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<T, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T> Visitor<'de> for Plain<T>
where
    T: serde::Deserialize<'de> + TryFrom<folio_types::Decimal, Error = folio_types::Error>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<T, E> {
        match crate::plain_decimal::plain(v) {
            Some(value) => T::try_from(value).map_err(E::custom),
            None => T::deserialize(de::value::StrDeserializer::<E>::new(v)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<T, E> {
        T::deserialize(de::value::I64Deserializer::<E>::new(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<T, E> {
        T::deserialize(de::value::U64Deserializer::<E>::new(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<T, E> {
        T::deserialize(de::value::I128Deserializer::<E>::new(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<T, E> {
        T::deserialize(de::value::U128Deserializer::<E>::new(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<T, E> {
        T::deserialize(de::value::F64Deserializer::<E>::new(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
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

/// Numbers the objectives and records their edges; `Err` for what the column path
/// leaves to the record path (a method, target, deadline or dependency).
fn add_objectives(reader: &mut Reader, records: Vec<ObjectiveData>) -> std::result::Result<(), ()> {
    for record in &records {
        if record.method.is_some()
            || record.target.is_some()
            || record.deadline.is_some()
            || !record.depends_on.is_empty()
        {
            return Err(());
        }
        let n = reader
            .define(
                NodeId::Objective(record.id.clone()),
                Level::from(record.tier),
                Some(record.drivers),
            )
            .ok_or(())?;
        for edge in &record.contributes_to {
            let (kind, text) = crate::plan::id_index::kind_of(&edge.to);
            let parent = reader.reference(kind, text).map_err(|_| ())?;
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
                    id = Some(map.next_value_seed(Text(|t: &str| KeyResultId::new(t)))?);
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
        let (Some(id), true, Some(tier), Some(owner), Some(product), true) =
            (id, named, tier, owner, product, edges)
        else {
            return Err(aside());
        };
        let name = (id.as_str() != reader.name).then(|| reader.name.clone());
        let n = reader
            .define(NodeId::KeyResult(id), Level::from(tier), None)
            .ok_or_else(aside::<A::Error>)?;
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
                "weight" if weight.is_none() => {
                    weight = Some(map.next_value_seed(Plain::<Weight>::new())?);
                }
                _ => return Err(aside()),
            }
        }
        match to {
            Some(to) => Ok((to, weight.unwrap_or_default())),
            None => Err(aside()),
        }
    }
}

/// A parent's node id, `{ "objective": id }` or `{ "key_result": id }`, recorded as a
/// reference.
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
        let n = map.next_value_seed(Text(|t: &str| reader.reference(kind, t)))?;
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
    /// The ids of at most seven bytes, as the id table's hashes and keys, looked
    /// up once the map is read (`Plan::key_result_indices`).
    keys: Vec<(u64, [u8; 8])>,
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
        let find = |t: &str| match crate::plan::Plan::key_result_whole_key(t) {
            Some(key) => Ok(Ok(key)),
            None => Ok(Err(plan.key_result_text_index(t))),
        };
        while let Some(key) = map.next_key_seed(Text(find))? {
            let value = map.next_value_seed(Plain::<Progress>::new())?;
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
