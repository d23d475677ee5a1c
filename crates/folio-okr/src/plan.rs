//! The compiled plan: a validated graph in dense indices and topological order.
//!
//! Building an [`OkrGraph`](crate::OkrGraph) compiles its nodes once into a [`Plan`], so
//! that a rollup is a linear sweep over `Vec`s: no hashing, no map lookup and no
//! allocation per node. Ids are hashed once, into a table that finds a node by id with
//! one hash and a short probe ([`Plan::index_of`]): an update by id costs about what an
//! update by index does.
//!
//! # Layout
//!
//! Nodes are numbered `0..len` ([`NodeIndex`]) in topological order, in two steps.
//! The compiler first numbers them in *listing order*:
//!
//! 1. the leaves (key results without contributors, whose progress is an input):
//!    initiative key results, then product key results;
//! 2. then the rolled-up nodes by level, lowest tier first: product key results with
//!    contributors, product objectives, portfolio objectives.
//!
//! Within a level, nodes are ordered by id. Every allowed edge climbs from a higher
//! rank to a lower one (see [`crate::model`]), and a leaf has no contributors, so every
//! node comes after all of its contributors: the order is topological, and it depends
//! only on ids, never on input order.
//!
//! Its last step then renumbers the nodes in *sweep order*
//! (`Plan::assemble`): the leaves stay first and each level keeps its place,
//! but within the leaves and within each level nodes are grouped by the parent that
//! reads them, so that a full sweep reads each level's values front to back instead of
//! all over memory. A node with several parents is grouped with one of them, the
//! parent that comes first; the others read it out of line. The order is still
//! topological and still depends only on ids and edges.
//!
//! What users see keeps the listing order: contributor rows list contributors in it
//! (so explanations list their terms by level and id), and results listed for every
//! node (such as [`Rollup::values`](crate::Rollup::values)) come out in it; only the
//! numbers, [`NodeIndex`], follow the sweep.
//!
//! Edges are stored twice in compressed sparse row form: by parent (the contributors of
//! each node with their weights, in listing order: the sweep reads these) and by child
//! (the parents of each node: an incremental update climbs these; a node with one
//! parent, most of them, also holds that parent and the edge's weight side by side, so
//! that climbing a level is one read). A third row set
//! lists, per rolled-up node, the key results a say-do rollup counts there.
//!
//! Memory per node and per edge, in bytes, on a 64-bit target (the text of the ids is
//! shared with the graph and not counted):
//!
//! | array | per | bytes |
//! |---|---|---|
//! | node id ([`NodeId`]) | node | 24 |
//! | level | node | 1 |
//! | id hash table (12-byte slots, a power of two, at most three quarters full) | node | 16 to 32 |
//! | contributor row starts (a leaf's row is empty and not stored) | rolled-up node | 4 |
//! | parent row starts | node | 4 |
//! | total contribution weight | rolled-up node | 16 |
//! | contributor index and weight | edge | 20 |
//! | parent index and the edge's place among the contributors | edge | 8 |
//! | the one parent and its edge's weight (packed), read by incremental updates | node | 8 |
//! | say-do member row start and members | rolled-up node, member | 4 + 4 |
//! | listing position | node | 4 |
//!
//! [`Plan::heap_bytes`] reports the figure for a given plan.

use std::collections::HashMap;
use std::mem::size_of;

use folio_types::{Decimal, Weight};

use crate::error::{Error, Result};
use crate::hash::FixedState;
use crate::model::{Contribution, Drivers, Level, NodeId, PortfolioData, RollupPolicy};

#[cfg(test)]
mod accessor_tests;
#[cfg(test)]
mod grouped_tests;
pub(crate) mod id_index;
mod sweep_order;
#[cfg(test)]
mod up_tests;

use id_index::IdIndex;

/// The position of a node in a compiled [`Plan`].
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// use folio_okr::NodeId;
/// use folio_types::KeyResultId;
///
/// let plan = graph.plan();
/// let nps = NodeId::from(KeyResultId::new("nps")?);
/// let index = plan.index_of(&nps).unwrap();
/// assert!(plan.is_leaf(index));
/// assert_eq!(plan.node(index), Some(&nps));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeIndex(u32);

impl NodeIndex {
    /// The index as a `usize`, for indexing the value slices of a rollup.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::ObjectiveId;
    ///
    /// // The objective is rolled up, so it comes after the two leaves.
    /// let grow = graph.plan().index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// assert_eq!(grow.get(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(self) -> usize {
        // A u32 always fits in usize on the 32- and 64-bit targets folio supports.
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }

    pub(crate) const fn from_u32(index: u32) -> Self {
        Self(index)
    }

    fn new(index: usize) -> Result<Self> {
        u32::try_from(index).map(Self).map_err(|_| {
            Error::Core(folio_types::Error::Overflow {
                operation: "numbering the nodes of an OKR plan",
            })
        })
    }
}

/// [`Up::parent`] of a node without parents.
const NO_PARENT: u32 = u32::MAX;

/// [`Up::parent`] of a node with several parents (or one numbered at [`SEVERAL`] or
/// above, which only a plan of four billion nodes has): its parent row is read instead.
pub(crate) const SEVERAL: u32 = u32::MAX - 1;

/// A node's one parent and the weight of that edge, side by side, so that an
/// incremental update climbs a level with one read (the parent rows and the weight in
/// the parent's contributor row are three places, each a cache miss one after the
/// other on a large plan). 8 bytes: the weight is held packed (see [`pack_weight`]);
/// a weight that does not pack is read from the parent row, as for several parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Up {
    /// The parent's index, or [`NO_PARENT`], or [`SEVERAL`] (the parent row is read).
    parent: u32,
    /// The edge's weight, packed, when `parent` is below [`SEVERAL`] (else unused).
    weight: u32,
}

/// The bits of a packed weight that hold its mantissa; the five bits above hold its
/// scale.
const MANTISSA_BITS: u32 = 27;

/// A weight as 32 bits, `mantissa | scale << 27`, when its mantissa is below `2^27`
/// (any weight written with up to eight significant digits) and it is not a negative
/// zero; `None` for any other weight. [`unpack_weight`] gives back the same digits and
/// scale.
pub(crate) fn pack_weight(weight: Weight) -> Option<u32> {
    let value = weight.value();
    let mantissa = u32::try_from(value.mantissa()).ok()?;
    let scale = value.scale();
    (!value.is_sign_negative() && mantissa >> MANTISSA_BITS == 0 && scale <= 28)
        .then_some(mantissa | (scale << MANTISSA_BITS))
}

/// The weight [`pack_weight`] packed.
#[inline(always)]
pub(crate) fn unpack_weight(packed: u32) -> Option<Weight> {
    let mantissa = packed & ((1 << MANTISSA_BITS) - 1);
    let scale = packed >> MANTISSA_BITS;
    Weight::new(Decimal::from_parts(mantissa, 0, 0, false, scale)).ok()
}

impl Up {
    /// The record of a node without parents.
    pub(crate) const NONE: Self = Self {
        parent: NO_PARENT,
        weight: 0,
    };

    /// The record of a node whose parent row is to be read.
    pub(crate) const SEVERAL: Self = Self {
        parent: SEVERAL,
        weight: 0,
    };

    /// The record of a node with the one parent `parent` (below [`SEVERAL`]) through an
    /// edge of weight `weight`: [`Up::SEVERAL`] if the weight does not pack.
    pub(crate) fn one(parent: u32, weight: Weight) -> Self {
        match pack_weight(weight) {
            Some(weight) if parent < SEVERAL => Self { parent, weight },
            _ => Self::SEVERAL,
        }
    }
}

/// A node's way up, as [`Plan::up`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpEdge {
    /// A root: nothing to update above it.
    None,
    /// One parent, through an edge of this weight.
    One(NodeIndex, Weight),
    /// Several parents: see [`Plan::parent_edges`].
    Several,
}

/// Level, drivers (objectives only) and whether anything contributes to it, per node.
type NodeInfo = (Level, Option<Drivers>, bool);

/// One row set in compressed sparse row form: rows `0..first` are empty and are not
/// stored (the leaves' rows in a plan's contributor and member rows), and row
/// `first + i` is `items[starts[i]..starts[i+1]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rows<T> {
    first: usize,
    starts: Vec<u32>,
    pub(crate) items: Vec<T>,
}

impl<T> Rows<T> {
    #[inline]
    pub(crate) fn row(&self, row: usize) -> &[T] {
        let Some(row) = row.checked_sub(self.first) else {
            return &[];
        };
        let bounds = self
            .starts
            .get(row)
            .zip(row.checked_add(1).and_then(|next| self.starts.get(next)));
        bounds
            .and_then(|(&start, &end)| {
                let start = usize::try_from(start).ok()?;
                let end = usize::try_from(end).ok()?;
                self.items.get(start..end)
            })
            .unwrap_or(&[])
    }

    /// Rows `from..`, in order, as the slices [`row`](Self::row) gives (one whose bounds
    /// are out of order or past the items is empty, as there); `None` if `from` is below
    /// `first`, whose rows are not stored. Reading consecutive rows this way reads each
    /// start once and checks no row number.
    #[inline]
    pub(crate) fn rows_from(&self, from: usize) -> Option<impl Iterator<Item = &[T]> + '_> {
        let starts = self.starts.get(from.checked_sub(self.first)?..)?;
        Some(starts.windows(2).map(|bounds| {
            match *bounds {
                [start, end] => usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(start, end)| self.items.get(start..end))
                    .unwrap_or(&[]),
                _ => &[],
            }
        }))
    }

    /// Row `row` with the range of its items.
    pub(crate) fn row_range(&self, row: usize) -> Option<(std::ops::Range<usize>, &[T])> {
        let Some(row) = row.checked_sub(self.first) else {
            return Some((0..0, &[]));
        };
        let start = usize::try_from(*self.starts.get(row)?).ok()?;
        let end = usize::try_from(*self.starts.get(row.checked_add(1)?)?).ok()?;
        Some((start..end, self.items.get(start..end)?))
    }

    /// The number of rows, the empty ones not stored included.
    pub(crate) fn len(&self) -> usize {
        self.first
            .saturating_add(self.starts.len().saturating_sub(1))
    }

    /// Closes the current row: the items pushed since the last call form it.
    pub(crate) fn close_row(&mut self) -> Result<()> {
        let end = u32::try_from(self.items.len()).map_err(|_| {
            Error::Core(folio_types::Error::Overflow {
                operation: "numbering the edges of an OKR plan",
            })
        })?;
        self.starts.push(end);
        Ok(())
    }

    pub(crate) fn with_rows(rows: usize) -> Self {
        Self::with_rows_after(0, rows)
    }

    /// An empty row set whose rows `0..first` are empty and not stored, with room for
    /// `rows` rows after them.
    pub(crate) fn with_rows_after(first: usize, rows: usize) -> Self {
        let mut starts = Vec::with_capacity(rows.saturating_add(1));
        starts.push(0);
        Self {
            first,
            starts,
            items: Vec::new(),
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.starts
            .capacity()
            .saturating_mul(size_of::<u32>())
            .saturating_add(self.items.capacity().saturating_mul(size_of::<T>()))
    }
}

/// An item of a row set that rows are ordered by: a node index, or a (node index,
/// weight) pair ordered by its index.
pub(crate) trait RowKey {
    /// The node index the item is ordered by within its row.
    fn key(&self) -> NodeIndex;
}

impl RowKey for NodeIndex {
    fn key(&self) -> NodeIndex {
        *self
    }
}

impl RowKey for (NodeIndex, Weight) {
    fn key(&self) -> NodeIndex {
        self.0
    }
}

/// The items `split` makes of `edges`, grouped into `n` rows by the row index it
/// gives, each row in the order of `edges` (so [`grouped`] then orders each row by its
/// items' [`RowKey`], which gives what sorting the pairs by row and key and then
/// cutting them into rows gives: items with equal row and key, which validation
/// refuses, in no set order). A counting sort: one pass to count each row's items,
/// one to place them (then, in [`grouped`], a sort of each row, which is short: the
/// contributors of one node), in place of a sort of every edge. Pairs whose row is
/// not below `n` are dropped, as the row-by-row cut of a sorted list never reaches
/// them.
fn grouped_in_edge_order<E, T: Copy>(
    n: usize,
    edges: &[E],
    split: impl Fn(&E) -> (NodeIndex, T),
) -> Result<Rows<T>> {
    let overflow = || {
        Error::Core(folio_types::Error::Overflow {
            operation: "numbering the edges of an OKR plan",
        })
    };
    // `starts[r + 1]` counts row `r`'s items, then (summed) ends row `r`.
    let mut starts = vec![0u32; n.saturating_add(1)];
    let mut filler = None;
    for edge in edges {
        let (row, item) = split(edge);
        if let Some(count) = starts.get_mut(row.get().saturating_add(1)) {
            *count = count.checked_add(1).ok_or_else(overflow)?;
            filler.get_or_insert(item);
        }
    }
    let Some(filler) = filler else {
        let mut rows = Rows::with_rows(n);
        for _ in 0..n {
            rows.close_row()?;
        }
        return Ok(rows);
    };
    let mut fill = RowFill::new(starts, filler, overflow)?;
    for edge in edges {
        let (row, item) = split(edge);
        fill.place(row.get(), item);
    }
    Ok(fill.rows())
}

/// Rows being filled by a counting sort's second pass: each item goes to the next free
/// place of its row, so every row keeps the order its items were placed in.
pub(crate) struct RowFill<T> {
    /// Each row's start, then (the last) the end of the last row.
    starts: Vec<u32>,
    /// Each row's next free place.
    next: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> RowFill<T> {
    /// Room for the rows whose item counts `starts` holds (`starts[r + 1]` counts row
    /// `r`'s items, `starts[0]` is 0), every place holding `filler` until placed;
    /// `overflow` is the error for more than `u32::MAX` items in all.
    pub(crate) fn new(
        mut starts: Vec<u32>,
        filler: T,
        overflow: impl Fn() -> Error,
    ) -> Result<Self> {
        let mut end = 0u32;
        for start in &mut starts {
            end = end.checked_add(*start).ok_or_else(&overflow)?;
            *start = end;
        }
        let rows = starts.len().saturating_sub(1);
        let next = starts.get(..rows).unwrap_or_default().to_vec();
        let items = vec![filler; usize::try_from(end).map_err(|_| overflow())?];
        Ok(Self {
            starts,
            next,
            items,
        })
    }

    /// Places `item` at the next free place of `row`; nothing for a row past the last
    /// (whose items were not counted).
    #[inline]
    pub(crate) fn place(&mut self, row: usize, item: T) {
        if let Some(at) = self.next.get_mut(row) {
            if let Some(slot) = usize::try_from(*at)
                .ok()
                .and_then(|i| self.items.get_mut(i))
            {
                *slot = item;
            }
            *at = at.saturating_add(1);
        }
    }

    /// The filled rows.
    pub(crate) fn rows(self) -> Rows<T> {
        Rows {
            first: 0,
            starts: self.starts,
            items: self.items,
        }
    }
}

/// [`grouped_in_edge_order`], each row then ordered by its items' [`RowKey`] (see
/// there).
fn grouped<E, T: Copy + RowKey>(
    n: usize,
    edges: &[E],
    split: impl Fn(&E) -> (NodeIndex, T),
) -> Result<Rows<T>> {
    let mut rows = grouped_in_edge_order(n, edges, split)?;
    for bounds in rows.starts.windows(2) {
        if let [start, end] = *bounds {
            let range = usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0);
            if let Some(row) = rows.items.get_mut(range) {
                if row.len() > 1 {
                    row.sort_unstable_by_key(RowKey::key);
                }
            }
        }
    }
    Ok(rows)
}

/// A validated OKR graph compiled into dense indices in topological order.
///
/// A plan is built by [`OkrGraph::new`](crate::OkrGraph::new) and shared (behind an
/// `Arc`) by every [`Rollup`](crate::Rollup) of the graph. Engines read it through the
/// accessors below.
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// use folio_okr::NodeId;
/// use folio_types::ObjectiveId;
///
/// let plan = graph.plan();
/// // Leaves first (the two key results), then the objective they roll up into.
/// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
/// assert_eq!((plan.leaf_count(), grow.get()), (2, 2));
/// assert_eq!(plan.contributors(grow).len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    policy: RollupPolicy,
    nodes: Vec<NodeId>,
    levels: Vec<Level>,
    leaf_count: usize,
    /// Node indices by id hash.
    by_id: IdIndex,
    contributors: Rows<(NodeIndex, Weight)>,
    /// Per rolled-up node (by index minus the leaf count), the sum of its contribution
    /// weights: a leaf's is zero and is not stored.
    total_weights: Vec<Decimal>,
    parents: Rows<NodeIndex>,
    /// Per parent edge (in the order of `parents`), the position of the same edge in
    /// `contributors.items`, where its weight is.
    parent_edge_at: Vec<u32>,
    /// Per node, its parent and that edge's weight when it has exactly one parent
    /// (see [`Up`]): what an incremental update reads to climb one level.
    up: Vec<Up>,
    members: Rows<NodeIndex>,
    /// Per node, its position in listing order (see the module docs).
    listed_at: Vec<u32>,
}

impl Plan {
    /// Compiles validated data. The caller has validated `data`; the compiler still never
    /// panics on data that is not, it only produces a plan that may fail to roll up.
    ///
    /// Beside the plan it returns, per record (the objectives, then the key results,
    /// in input order), the plan index of its node; a repeated id (which validation
    /// refuses) keeps its last definition and its earlier records the same index.
    ///
    /// The nodes are numbered in listing order, then renumbered in sweep order by
    /// [`Plan::assemble`] (see the module docs), the positions with them.
    pub(crate) fn compile(data: &PortfolioData) -> Result<(Self, Vec<u32>)> {
        // Level, drivers and whether anything contributes to it, per node. Ids are
        // found through a hash table (a million string lookups in an ordered map cost
        // seconds); the order of the plan comes from the sort below, never from it.
        let mut info: Vec<(&NodeId, NodeInfo)> = Vec::new();
        // Per record, its entry in `info`.
        let mut entry_of: Vec<u32> =
            Vec::with_capacity(data.objectives.len().saturating_add(data.key_results.len()));
        let mut seen: HashMap<&NodeId, usize, FixedState> = HashMap::with_capacity_and_hasher(
            data.objectives.len().saturating_add(data.key_results.len()),
            FixedState::default(),
        );
        let edges_of: Vec<(NodeId, &Vec<Contribution>)> = data
            .objectives
            .iter()
            .map(|o| (NodeId::from(o.id.clone()), &o.contributes_to))
            .chain(
                data.key_results
                    .iter()
                    .map(|k| (NodeId::from(k.id.clone()), &k.contributes_to)),
            )
            .collect();
        let levels_of = data
            .objectives
            .iter()
            .map(|o| (Level::from(o.tier), Some(o.drivers)))
            .chain(data.key_results.iter().map(|k| (Level::from(k.tier), None)));
        for ((id, _), (level, drivers)) in edges_of.iter().zip(levels_of) {
            // A repeated id (which validation refuses) keeps its last definition, as
            // an ordered map's insert would.
            match seen.get(id) {
                Some(&at) => {
                    if let Some(entry) = info.get_mut(at) {
                        entry.1 = (level, drivers, false);
                    }
                    entry_of.push(u32::try_from(at).unwrap_or(u32::MAX));
                }
                None => {
                    seen.insert(id, info.len());
                    entry_of.push(u32::try_from(info.len()).unwrap_or(u32::MAX));
                    info.push((id, (level, drivers, false)));
                }
            }
        }
        // Every edge whose parent is defined, as (child entry, parent entry, weight):
        // each id is hashed once, here, and the edges are renumbered into plan indices
        // once the order is known.
        let mut raw_edges: Vec<(u32, u32, Weight)> = Vec::new();
        for ((_, edges), &child) in edges_of.iter().zip(&entry_of) {
            for edge in *edges {
                if let Some(&at) = seen.get(&edge.to) {
                    if let Some(entry) = info.get_mut(at) {
                        entry.1.2 = true;
                    }
                    raw_edges.push((child, u32::try_from(at).unwrap_or(u32::MAX), edge.weight));
                }
            }
        }
        drop(seen);

        // Leaves first, then by rank from the bottom tier up, then by id.
        let is_leaf =
            |level: Level, has_contributors: bool| !level.is_objective() && !has_contributors;
        // Each node's sort key held inline (leaves first, rank from the bottom up, the
        // id's kind and first eight bytes), so that the sort compares integers and reads
        // an id's text, behind a pointer, only when two keys tie.
        let mut order: Vec<(u64, u64, &NodeId, NodeInfo, u32)> = info
            .into_iter()
            .enumerate()
            .map(|(entry, (id, i))| {
                let group = (u64::from(!is_leaf(i.0, i.2)) << 8)
                    | (u64::from(3u8.saturating_sub(i.0.rank())) << 1)
                    | u64::from(matches!(id, NodeId::KeyResult(_)));
                let entry = u32::try_from(entry).unwrap_or(u32::MAX);
                (group, id_index::prefix(id), id, i, entry)
            })
            .collect();
        order.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| a.2.cmp(b.2)));
        // Each `info` entry's place in the plan, then each record's.
        let mut index_of_entry = vec![u32::MAX; order.len()];
        for (position, &(.., entry)) in order.iter().enumerate() {
            if let Some(slot) = usize::try_from(entry)
                .ok()
                .and_then(|e| index_of_entry.get_mut(e))
            {
                *slot = u32::try_from(position).unwrap_or(u32::MAX);
            }
        }
        let positions: Vec<u32> = entry_of
            .iter()
            .map(|&e| {
                usize::try_from(e)
                    .ok()
                    .and_then(|e| index_of_entry.get(e))
                    .copied()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        drop(entry_of);
        let order: Vec<(&NodeId, NodeInfo)> =
            order.into_iter().map(|(_, _, id, i, _)| (id, i)).collect();
        let leaf_count = order.iter().filter(|(_, i)| is_leaf(i.0, i.2)).count();
        // The plan numbers nodes in u32.
        NodeIndex::new(order.len())?;
        let nodes: Vec<NodeId> = order.iter().map(|(id, _)| (*id).clone()).collect();
        let levels: Vec<Level> = order.iter().map(|(_, i)| i.0).collect();
        let drivers: Vec<Option<Drivers>> = order.iter().map(|(_, i)| i.1).collect();
        drop(order);
        drop(edges_of);

        let place = |entry: u32| {
            usize::try_from(entry)
                .ok()
                .and_then(|e| index_of_entry.get(e))
                .map(|&p| NodeIndex(p))
        };
        let edges: Vec<(NodeIndex, NodeIndex, Weight)> = raw_edges
            .into_iter()
            .filter_map(|(child, parent, weight)| Some((place(parent)?, place(child)?, weight)))
            .collect();
        drop(index_of_entry);
        let (plan, renumbering) = Self::assemble(
            data.policy.clone(),
            nodes,
            levels,
            &drivers,
            leaf_count,
            edges,
        )?;
        let mut positions = positions;
        renumbering.apply(&mut positions);
        Ok((plan, positions))
    }

    /// The portfolio's rollup policy.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert_eq!(graph.plan().policy(), graph.policy());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn policy(&self) -> &RollupPolicy {
        &self.policy
    }

    /// The number of nodes.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert_eq!(graph.plan().len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the plan has no nodes.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert!(!graph.plan().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The number of leaves: nodes `0..leaf_count()` are the leaf key results, whose
    /// progress is an input; the rest are rolled up.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// // arr and nps are leaves; grow is rolled up.
    /// assert_eq!(graph.plan().leaf_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn leaf_count(&self) -> usize {
        self.leaf_count
    }

    /// Whether `node` is a leaf.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// assert!(plan.is_leaf(arr));
    /// assert!(!plan.is_leaf(grow));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_leaf(&self, node: NodeIndex) -> bool {
        node.get() < self.leaf_count
    }

    /// The indices of the rolled-up nodes, in topological order.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::ObjectiveId;
    ///
    /// let plan = graph.plan();
    /// let rolled: Vec<_> = plan.rolled_up().filter_map(|n| plan.node(n)).collect();
    /// assert_eq!(rolled, [&NodeId::from(ObjectiveId::new("grow")?)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rolled_up(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        (self.leaf_count..self.nodes.len()).filter_map(|i| NodeIndex::new(i).ok())
    }

    /// Every node index, in topological order.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// let indices: Vec<usize> = graph.plan().indices().map(|n| n.get()).collect();
    /// assert_eq!(indices, [0, 1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        (0..self.nodes.len()).filter_map(|i| NodeIndex::new(i).ok())
    }

    /// The id of a node.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::KeyResultId;
    ///
    /// let plan = graph.plan();
    /// let nps = NodeId::from(KeyResultId::new("nps")?);
    /// let index = plan.index_of(&nps).unwrap();
    /// assert_eq!(plan.node(index), Some(&nps));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn node(&self, node: NodeIndex) -> Option<&NodeId> {
        self.nodes.get(node.get())
    }

    /// The level of a node.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::{Level, NodeId};
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// assert_eq!(plan.level(arr), Some(Level::ProductKeyResult));
    /// assert_eq!(plan.level(grow), Some(Level::PortfolioObjective));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn level(&self, node: NodeIndex) -> Option<Level> {
        self.levels.get(node.get()).copied()
    }

    /// The index of a node id: one hash of its text and a short probe (see the module
    /// docs).
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// assert_eq!(plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).map(|n| n.get()), Some(2));
    /// assert_eq!(plan.index_of(&NodeId::from(KeyResultId::new("churn")?)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn index_of(&self, id: &NodeId) -> Option<NodeIndex> {
        let (kind, text) = id_index::kind_of(id);
        self.by_id.get(&self.nodes, kind, text)
    }

    /// The position of a node in listing order (see the module docs): leaves first,
    /// then the rolled-up nodes from the bottom tier up, by id within each level.
    pub(crate) fn listing_position(&self, node: NodeIndex) -> u32 {
        self.listed_at.get(node.get()).copied().unwrap_or(u32::MAX)
    }

    /// Every node index in listing order (see the module docs): the order in which
    /// results listed for every node are given.
    pub(crate) fn listed(&self) -> Vec<NodeIndex> {
        let mut listed = vec![NodeIndex(u32::MAX); self.listed_at.len()];
        for (node, &at) in self.listed_at.iter().enumerate() {
            if let Some(slot) = usize::try_from(at).ok().and_then(|at| listed.get_mut(at)) {
                *slot = NodeIndex(u32::try_from(node).unwrap_or(u32::MAX));
            }
        }
        listed
    }

    /// The index of a key result, as [`index_of`](Plan::index_of) without building a
    /// [`NodeId`].
    pub(crate) fn key_result_index(&self, id: &folio_types::KeyResultId) -> Option<NodeIndex> {
        self.key_result_text_index(id.as_str())
    }

    /// The hash and key of the key result id `text` in the id table, when the key holds
    /// the whole id: see [`Plan::key_result_indices`].
    #[cfg(feature = "serde")]
    pub(crate) fn key_result_whole_key(text: &str) -> Option<(u64, [u8; 8])> {
        IdIndex::whole_key(1, text)
    }

    /// The index of each key result id of `keys` (from
    /// [`key_result_whole_key`](Plan::key_result_whole_key)), in order, looked up in the
    /// order of the table rather than of `keys`.
    #[cfg(feature = "serde")]
    pub(crate) fn key_result_indices(&self, keys: &[(u64, [u8; 8])]) -> Vec<Option<NodeIndex>> {
        self.by_id.get_all_whole(keys)
    }

    /// The index of the key result whose id is `text`, without building an id.
    pub(crate) fn key_result_text_index(&self, text: &str) -> Option<NodeIndex> {
        self.by_id.get(&self.nodes, 1, text)
    }

    /// The contributors of a node with their edge weights, in listing order (by level,
    /// then by id: see the module docs), which for the contributors grouped under
    /// this node is also their index order.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let contributors = plan.contributors(grow);
    /// assert_eq!(contributors.len(), 2);
    /// assert!(contributors.contains(&(arr, "3".parse()?)));
    /// assert!(plan.contributors(arr).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn contributors(&self, node: NodeIndex) -> &[(NodeIndex, Weight)] {
        self.contributors.row(node.get())
    }

    /// The sum of a node's contribution weights (zero for a leaf).
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// // arr's 3 plus nps's default 1.
    /// assert_eq!(plan.total_weight(grow), Decimal::new(4, 0));
    /// assert_eq!(plan.total_weight(arr), Decimal::ZERO);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_weight(&self, node: NodeIndex) -> Decimal {
        node.get()
            .checked_sub(self.leaf_count)
            .and_then(|i| self.total_weights.get(i))
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The nodes a node contributes to, in index order.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// let nps = plan.index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap();
    /// assert_eq!(plan.parents(nps), [grow]);
    /// assert!(plan.parents(grow).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parents(&self, node: NodeIndex) -> &[NodeIndex] {
        self.parents.row(node.get())
    }

    /// The weight of the edge from `child` to `parent`, found through the child's
    /// parent row; `None` if there is no such edge.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId, Weight};
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let nps = plan.index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap();
    /// assert_eq!(plan.edge_weight(arr, grow), Some("3".parse()?));
    /// assert_eq!(plan.edge_weight(nps, grow), Some(Weight::ONE));
    /// assert_eq!(plan.edge_weight(grow, arr), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edge_weight(&self, child: NodeIndex, parent: NodeIndex) -> Option<Weight> {
        let (range, parents) = self.parents.row_range(child.get())?;
        let at = parents.iter().position(|&p| p == parent)?;
        self.weight_of_edge(range.start.checked_add(at)?)
    }

    /// The weight of parent edge `edge` (a position in the parent rows), read from the
    /// contributor rows.
    #[inline]
    fn weight_of_edge(&self, edge: usize) -> Option<Weight> {
        let at = usize::try_from(*self.parent_edge_at.get(edge)?).ok()?;
        self.contributors.items.get(at).map(|&(_, weight)| weight)
    }

    /// The parents of a node, each with the weight of its edge, in index order.
    pub(crate) fn parent_edges(
        &self,
        node: NodeIndex,
    ) -> impl Iterator<Item = (NodeIndex, Weight)> + '_ {
        let (range, parents) = self.parents.row_range(node.get()).unwrap_or((0..0, &[]));
        parents
            .iter()
            .zip(range)
            .filter_map(|(&parent, edge)| Some((parent, self.weight_of_edge(edge)?)))
    }

    /// A node's way up in one read: its one parent with the edge's weight, no parent,
    /// or several (then [`parent_edges`](Plan::parent_edges) lists them). A node with
    /// one parent whose weight does not pack (see [`Up`]) reads its parent row.
    #[inline]
    pub(crate) fn up(&self, node: NodeIndex) -> UpEdge {
        match self.up.get(node.get()) {
            Some(&Up { parent, weight }) if parent < SEVERAL => match unpack_weight(weight) {
                Some(weight) => UpEdge::One(NodeIndex(parent), weight),
                None => self.up_by_row(node),
            },
            Some(&Up {
                parent: NO_PARENT, ..
            }) => UpEdge::None,
            _ => self.up_by_row(node),
        }
    }

    /// A node's way up read from its parent row.
    #[cold]
    fn up_by_row(&self, node: NodeIndex) -> UpEdge {
        let mut edges = self.parent_edges(node);
        match (edges.next(), edges.next()) {
            (None, _) => UpEdge::None,
            (Some((parent, weight)), None) => UpEdge::One(parent, weight),
            (Some(_), Some(_)) => UpEdge::Several,
        }
    }

    /// Extends `nodes` with every ancestor of the nodes in it, then sorts them and drops
    /// repeats: the nodes an incremental update recomputes, in topological order.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let mut nodes = vec![arr];
    /// plan.close_upwards(&mut nodes);
    /// // Updating arr recomputes arr and grow.
    /// assert_eq!(nodes, [arr, grow]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn close_upwards(&self, nodes: &mut Vec<NodeIndex>) {
        let mut next = 0;
        while let Some(&node) = nodes.get(next) {
            nodes.extend_from_slice(self.parents(node));
            next = next.saturating_add(1);
        }
        nodes.sort_unstable();
        nodes.dedup();
    }

    /// The key results a say-do rollup counts at a node, each once, in index order: for
    /// a key result its contributors; for an objective the key results it counts
    /// directly and those its child objectives count.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::NodeId;
    /// use folio_types::ObjectiveId;
    ///
    /// let plan = graph.plan();
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// // grow counts both key results.
    /// assert_eq!(plan.say_do_members(grow).len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn say_do_members(&self, node: NodeIndex) -> &[NodeIndex] {
        self.members.row(node.get())
    }

    /// The rolled-up nodes in index order, each with its contributor row (as
    /// [`contributors`](Self::contributors) gives it), for a sweep that reads the rows
    /// front to back; `None` if the rows do not cover every node.
    pub(crate) fn contributor_rows(
        &self,
    ) -> Option<impl Iterator<Item = (NodeIndex, &[(NodeIndex, Weight)])>> {
        self.contributor_rows_from(0)
    }

    /// [`contributor_rows`](Self::contributor_rows) from the `skip`-th rolled-up node
    /// on (none past the last); `None` as there.
    pub(crate) fn contributor_rows_from(
        &self,
        skip: usize,
    ) -> Option<impl Iterator<Item = (NodeIndex, &[(NodeIndex, Weight)])>> {
        if self.contributors.len() != self.nodes.len() {
            return None;
        }
        let first = self.leaf_count.checked_add(skip)?.min(self.nodes.len());
        let end = u32::try_from(self.nodes.len()).ok()?;
        let nodes = (u32::try_from(first).ok()?..end).map(NodeIndex::from_u32);
        Some(nodes.zip(self.contributors.rows_from(first)?))
    }

    /// Every rolled-up node with its [say-do members](Self::say_do_members), in sweep
    /// order, for a full say-do sweep: the same rows, read front to back. `None` if the
    /// member rows do not number every node, leave a rolled-up node's row unstored, or
    /// the nodes do not fit a `u32` (none of which happens in a plan
    /// [`OkrGraph::new`](crate::OkrGraph::new) builds): then ask node by node.
    #[inline]
    pub(crate) fn say_do_rows(&self) -> Option<impl Iterator<Item = (NodeIndex, &[NodeIndex])>> {
        if self.members.len() != self.nodes.len() {
            return None;
        }
        // Numbered in `u32` once, not checked node by node as `rolled_up` does.
        let first = u32::try_from(self.leaf_count).ok()?;
        let end = u32::try_from(self.nodes.len()).ok()?;
        let nodes = (first..end).map(NodeIndex::from_u32);
        Some(nodes.zip(self.members.rows_from(self.leaf_count)?))
    }

    /// The heap memory the plan holds, in bytes (the id text, shared with the graph, is
    /// not counted).
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert!(graph.plan().heap_bytes() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn heap_bytes(&self) -> usize {
        [
            self.nodes.capacity().saturating_mul(size_of::<NodeId>()),
            self.levels.capacity().saturating_mul(size_of::<Level>()),
            self.by_id.heap_bytes(),
            self.total_weights
                .capacity()
                .saturating_mul(size_of::<Decimal>()),
            self.contributors.heap_bytes(),
            self.parents.heap_bytes(),
            self.parent_edge_at
                .capacity()
                .saturating_mul(size_of::<u32>()),
            self.up.capacity().saturating_mul(size_of::<Up>()),
            self.members.heap_bytes(),
            self.listed_at.capacity().saturating_mul(size_of::<u32>()),
        ]
        .into_iter()
        .fold(0usize, usize::saturating_add)
    }
}
