//! The last step of compiling a plan: numbering its nodes in the order a full sweep
//! reads them.
//!
//! A compiler numbers nodes in *listing order* (leaves first, then the rolled-up nodes
//! from the bottom tier up, by id within each: see [`Plan`]). In that order a node's
//! contributors are scattered: the initiative key results of one product key result
//! have unrelated ids, so a sweep over a million key results misses the cache on
//! almost every contributor it reads. [`Plan::assemble`] numbers the nodes of a compiled
//! plan so that the nodes a parent reads sit next to each other:
//!
//! - the groups stay where they were: the leaves first (`0..leaf_count`), then each run
//!   of rolled-up nodes of one rank, bottom tier first, so the order stays topological
//!   and a leaf is still an index below [`Plan::leaf_count`];
//! - within a group, nodes are ordered by the new index of their *home* parent, then by
//!   their listing position. The groups are numbered from the top tier down, so a
//!   parent is numbered before its contributors; the contributors whose home is one
//!   parent then occupy a consecutive range, in the order the sweep reaches their
//!   parents. A full sweep reads each group of values front to back.
//!
//! A node with several parents (a key result contributing to more than one objective)
//! can be contiguous with only one set of siblings: its home is the parent with the
//! lowest new index, and the other parents read it out of line (those reads stay
//! random, as every read was before). A node without a parent is placed after the
//! others of its group.
//!
//! The order users see does not change: contributor rows stay in listing order (so
//! explanations list their terms as before), and the plan keeps each node's listing
//! position ([`Plan::listing_position`]) so that results listed for every node come out
//! in listing order. Ids are found through the same hash table, renumbered in place.
//!
//! The step takes nodes in listing order whose leaves come first and whose rolled-up
//! nodes are grouped by rank, bottom tier first (every compiler of this crate lists
//! them so), with their edges, and gives back the plan in sweep order with the
//! renumbering, so that a compiler can translate the positions it reported for its
//! input records. The rows are grouped from the edges straight into the new
//! numbering (one counting sort per row set), so no row set is built in listing
//! order and then permuted.

use std::ops::Range;

use folio_types::{Decimal, Weight};

use crate::error::{Error, Result};
use crate::model::{Drivers, Level, NodeId, RollupPolicy};
use crate::plan::id_index::IdIndex;
use crate::plan::{NodeIndex, Plan, RowFill, Rows, SEVERAL, Up, grouped, grouped_in_edge_order};

/// Where each node of a plan went when [`Plan::assemble`] numbered it in sweep order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Renumbering {
    /// `new_of_old[i]` is the new index of the node that had index `i`.
    new_of_old: Vec<u32>,
}

impl Renumbering {
    /// The new index of the node that had index `old`; an index outside the plan
    /// (such as `u32::MAX`, "no node") comes back as `u32::MAX`.
    pub(crate) fn get(&self, old: u32) -> u32 {
        usize::try_from(old)
            .ok()
            .and_then(|old| self.new_of_old.get(old))
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// Translates plan positions (such as the compiler's position of each input
    /// record) in place.
    pub(crate) fn apply(&self, positions: &mut [u32]) {
        for position in positions {
            *position = self.get(*position);
        }
    }

    /// The inverse: `old_of_new[i]` is the old index of the node now at `i`.
    fn old_of_new(&self) -> Vec<u32> {
        let mut old_of_new = vec![u32::MAX; self.new_of_old.len()];
        for (old, &new) in self.new_of_old.iter().enumerate() {
            if let Some(slot) = usize::try_from(new)
                .ok()
                .and_then(|new| old_of_new.get_mut(new))
            {
                *slot = u32::try_from(old).unwrap_or(u32::MAX);
            }
        }
        old_of_new
    }

    fn node(&self, old: NodeIndex) -> NodeIndex {
        NodeIndex::from_u32(self.get(u32::try_from(old.get()).unwrap_or(u32::MAX)))
    }
}

/// The leaves, then each maximal run of rolled-up nodes of one rank, of a plan of `n`
/// nodes with these levels.
fn groups(n: usize, leaf_count: usize, levels: &[Level]) -> Vec<Range<usize>> {
    let leaf_count = leaf_count.min(n);
    let mut groups = Vec::with_capacity(5);
    groups.push(0..leaf_count);
    let mut start = leaf_count;
    while start < n {
        let rank = levels.get(start).map(|l| l.rank());
        let mut end = start.saturating_add(1);
        while end < n && levels.get(end).map(|l| l.rank()) == rank {
            end = end.saturating_add(1);
        }
        groups.push(start..end);
        start = end;
    }
    groups
}

/// The new index of every node (see the module docs): each group keeps its place and
/// is ordered by home parent, the groups numbered from the top tier down. `parents`
/// are each node's parents in listing indices, in any order (the lowest new index counts).
fn sweep_numbering(leaf_count: usize, levels: &[Level], parents: &Rows<NodeIndex>) -> Renumbering {
    let n = levels.len();
    let mut new_of_old = vec![u32::MAX; n];
    let mut keys: Vec<(u32, u32)> = Vec::new();
    for group in groups(n, leaf_count, levels).into_iter().rev() {
        keys.clear();
        // The group's parent rows read front to back (the rows are all stored); a
        // row past them is empty, as `Rows::row` gives it.
        let mut rows = parents
            .rows_from(group.start)
            .into_iter()
            .flatten()
            .chain(std::iter::repeat(&[][..]));
        for (old, row) in group.clone().zip(&mut rows) {
            // A parent not numbered yet (only in a graph that validation refuses,
            // with an edge inside one rank) counts as no parent.
            let home = row
                .iter()
                .map(|p| new_of_old.get(p.get()).copied().unwrap_or(u32::MAX))
                .min()
                .unwrap_or(u32::MAX);
            keys.push((home, u32::try_from(old).unwrap_or(u32::MAX)));
        }
        order_by_home(&mut keys);
        for (new, &(_, old)) in group.zip(&keys) {
            if let Some(slot) = usize::try_from(old)
                .ok()
                .and_then(|old| new_of_old.get_mut(old))
            {
                *slot = u32::try_from(new).unwrap_or(u32::MAX);
            }
        }
    }
    Renumbering { new_of_old }
}

/// Sorts `keys`, pairs of a home and an old index pushed in ascending old index, as
/// `sort_unstable` would. With the old indices ascending and distinct, that is a
/// stable sort by home, done here as a counting sort over the homes' range (one pass
/// to count, one to place) where that range is not much wider than the group; a
/// comparison sort of every pair otherwise.
fn order_by_home(keys: &mut Vec<(u32, u32)>) {
    let homes = keys
        .iter()
        .map(|&(home, _)| home)
        .filter(|&h| h != u32::MAX);
    let (Some(low), Some(high)) = (homes.clone().min(), homes.max()) else {
        // No home, or none but "no parent": already in order.
        return;
    };
    // Buckets `0..=high - low` for the homes, one more for "no parent" (last).
    let span = usize::try_from(high.saturating_sub(low)).unwrap_or(usize::MAX);
    if span > keys.len().saturating_mul(4).saturating_add(64) {
        keys.sort_unstable();
        return;
    }
    let bucket = |home: u32| {
        if home == u32::MAX {
            span.saturating_add(1)
        } else {
            usize::try_from(home.saturating_sub(low)).unwrap_or(0)
        }
    };
    let mut next = vec![0usize; span.saturating_add(3)];
    for &(home, _) in keys.iter() {
        if let Some(count) = next.get_mut(bucket(home).saturating_add(1)) {
            *count = count.saturating_add(1);
        }
    }
    let mut sum = 0usize;
    for start in &mut next {
        sum = sum.saturating_add(*start);
        *start = sum;
    }
    let mut sorted = vec![(0u32, 0u32); keys.len()];
    for &key in keys.iter() {
        if let Some(at) = next.get_mut(bucket(key.0)) {
            if let Some(slot) = sorted.get_mut(*at) {
                *slot = key;
            }
            *at = at.saturating_add(1);
        }
    }
    *keys = sorted;
}

/// Each node's parents in index order (what `grouped` by child gave, each row sorted),
/// from the contributor rows: one pass counts each node's parents, one places them.
/// The contributor rows are walked parent by parent, in index order, so each node's
/// parent row fills in that order and needs no sort. Contributors not below `n` are
/// left out.
fn parent_rows(n: usize, contributors: &Rows<(NodeIndex, Weight)>) -> Result<Rows<NodeIndex>> {
    let overflow = || {
        Error::Core(folio_types::Error::Overflow {
            operation: "numbering the edges of an OKR plan",
        })
    };
    // `starts[c + 1]` counts node `c`'s parents, then (summed) ends its row.
    let mut starts = vec![0u32; n.saturating_add(1)];
    for &(child, _) in &contributors.items {
        if let Some(count) = starts.get_mut(child.get().saturating_add(1)) {
            *count = count.checked_add(1).ok_or_else(overflow)?;
        }
    }
    let mut fill = RowFill::new(starts, NodeIndex(0), overflow)?;
    for (parent, _, row) in contributor_rows(contributors) {
        for &(child, _) in row {
            fill.place(child.get(), parent);
        }
    }
    Ok(fill.rows())
}

/// Every stored contributor row in index order: its node, the position of its first
/// item in `contributors.items`, and its items.
fn contributor_rows(
    contributors: &Rows<(NodeIndex, Weight)>,
) -> impl Iterator<Item = (NodeIndex, u32, &[(NodeIndex, Weight)])> {
    (contributors.first..)
        .zip(contributors.starts.windows(2))
        .filter_map(|(row, bounds)| {
            let &[start, end] = bounds else {
                return None;
            };
            let row = NodeIndex(u32::try_from(row).ok()?);
            let items = contributors
                .items
                .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
            Some((row, start, items))
        })
}

/// Per parent edge (in the order of `parents`, each row in parent index order), the
/// position of the same edge in `contributors.items`: what [`edge_positions`] gives
/// (kept as the reference in the tests). The contributor rows are walked parent by
/// parent, each row's items read with their positions, so each child's parent row
/// fills front to back in its order; two edges between one pair of nodes take one
/// position each.
fn edge_places(contributors: &Rows<(NodeIndex, Weight)>, parents: &Rows<NodeIndex>) -> Vec<u32> {
    let mut at = vec![u32::MAX; parents.items.len()];
    // Per child, the next entry of its parent row to fill; the rows before
    // `parents.first` are empty and not stored.
    let first = parents.first.min(parents.len());
    let mut next: Vec<u32> = Vec::with_capacity(parents.len());
    next.resize(first, 0);
    next.extend(
        parents
            .starts
            .iter()
            .take(parents.len().saturating_sub(first)),
    );
    for (_, start, items) in contributor_rows(contributors) {
        for (position, &(child, _)) in (start..).zip(items) {
            let end = child
                .get()
                .checked_sub(first)
                .and_then(|row| parents.starts.get(row.saturating_add(1)));
            let (Some(fill), Some(&end)) = (next.get_mut(child.get()), end) else {
                continue;
            };
            // A row that is already full (only if the two row sets disagreed, which
            // the compiler never builds) is left as it is.
            if *fill < end {
                if let Some(slot) = usize::try_from(*fill).ok().and_then(|f| at.get_mut(f)) {
                    *slot = position;
                }
                *fill = fill.saturating_add(1);
            }
        }
    }
    at
}

/// Per node, its [`Up`] record (what [`up_records`] gives, kept as the reference in
/// the tests), the parent rows read front to back.
fn up_of_rows(
    contributors: &Rows<(NodeIndex, Weight)>,
    parents: &Rows<NodeIndex>,
    edge_at: &[u32],
) -> Vec<Up> {
    let rows = parents.len();
    let mut up = Vec::with_capacity(rows);
    // The rows before `parents.first` are empty.
    up.resize(parents.first.min(rows), Up::NONE);
    up.extend(parents.starts.windows(2).map(|bounds| {
        let &[start, end] = bounds else {
            return Up::SEVERAL;
        };
        match end.checked_sub(start) {
            Some(0) => Up::NONE,
            Some(1) => {
                let at = usize::try_from(start).ok();
                let parent = at.and_then(|at| parents.items.get(at));
                let weight = at
                    .and_then(|at| edge_at.get(at))
                    .and_then(|&e| usize::try_from(e).ok())
                    .and_then(|e| contributors.items.get(e))
                    .map(|&(_, weight)| weight);
                match (parent.map(|p| u32::try_from(p.get())), weight) {
                    (Some(Ok(parent)), Some(weight)) if parent < SEVERAL => Up::one(parent, weight),
                    _ => Up::SEVERAL,
                }
            }
            _ => Up::SEVERAL,
        }
    }));
    up
}

/// Per parent edge (in the order of `parents`, each row in parent index order), the
/// position of the same edge in `contributors.items`. The contributor rows are walked
/// parent by parent, so each child's parent row fills front to back in its order; two
/// edges between one pair of nodes take one position each.
#[cfg(test)]
fn edge_positions(contributors: &Rows<(NodeIndex, Weight)>, parents: &Rows<NodeIndex>) -> Vec<u32> {
    let mut at = vec![u32::MAX; parents.items.len()];
    // Per child, the next entry of its parent row to fill.
    let mut next: Vec<u32> = (0..parents.len())
        .map(|child| {
            let start = parents.row_range(child).map_or(0, |(range, _)| range.start);
            u32::try_from(start).unwrap_or(u32::MAX)
        })
        .collect();
    for row in 0..contributors.len() {
        let Some((range, items)) = contributors.row_range(row) else {
            continue;
        };
        for (position, &(child, _)) in range.zip(items) {
            let end = parents.row_range(child.get()).map(|(range, _)| range.end);
            let Some(fill) = next.get_mut(child.get()) else {
                continue;
            };
            // A row that is already full (only if the two row sets disagreed, which
            // the compiler never builds) is left as it is.
            if end.is_some_and(|end| usize::try_from(*fill).is_ok_and(|fill| fill < end)) {
                if let Some(slot) = usize::try_from(*fill).ok().and_then(|f| at.get_mut(f)) {
                    *slot = u32::try_from(position).unwrap_or(u32::MAX);
                }
                *fill = fill.saturating_add(1);
            }
        }
    }
    at
}

/// Per node, its [`Up`] record: its parent and the edge's weight when it has exactly
/// one parent.
#[cfg(test)]
fn up_records(
    contributors: &Rows<(NodeIndex, Weight)>,
    parents: &Rows<NodeIndex>,
    edge_at: &[u32],
) -> Vec<Up> {
    let rows = parents.len();
    let mut up = Vec::with_capacity(rows);
    up.extend((0..rows).map(|row| match parents.row_range(row) {
        Some((range, &[parent])) => {
            let weight = edge_at
                .get(range.start)
                .and_then(|&at| usize::try_from(at).ok())
                .and_then(|at| contributors.items.get(at))
                .map(|&(_, weight)| weight);
            match (u32::try_from(parent.get()), weight) {
                (Ok(parent), Some(weight)) if parent < SEVERAL => Up::one(parent, weight),
                _ => Up::SEVERAL,
            }
        }
        Some((_, [])) => Up::NONE,
        _ => Up::SEVERAL,
    }));
    up
}

/// `items` in the new order: `old_of_new[i]` is the old index of new node `i`.
fn permute<T: Clone>(items: &[T], old_of_new: &[u32]) -> Vec<T> {
    // Sized exactly: the plan keeps no spare capacity.
    let mut permuted = Vec::with_capacity(old_of_new.len());
    permuted.extend(
        old_of_new
            .iter()
            .filter_map(|&old| usize::try_from(old).ok().and_then(|old| items.get(old)))
            .cloned(),
    );
    permuted
}

/// `nodes` in the new order, each id moved to its place rather than cloned: cloning
/// would touch every id's shared count (a cache miss each at a million ids) and
/// dropping the old vector would touch it again. Each place taken is left holding a
/// clone of the first id, whose count stays in the cache.
fn permute_ids(mut nodes: Vec<NodeId>, old_of_new: &[u32]) -> Vec<NodeId> {
    let Some(filler) = nodes.first().cloned() else {
        return nodes;
    };
    let mut permuted = Vec::with_capacity(old_of_new.len());
    permuted.extend(old_of_new.iter().filter_map(|&old| {
        let id = usize::try_from(old)
            .ok()
            .and_then(|old| nodes.get_mut(old))?;
        Some(std::mem::replace(id, filler.clone()))
    }));
    permuted
}

/// `rows` without its leading empty rows stored (the leaves' rows, in contributor and
/// member rows), sized exactly.
fn trimmed<T>(rows: Rows<T>) -> Rows<T> {
    let Rows {
        first,
        starts,
        items,
    } = rows;
    // Row `first + k` is empty when its start and end are equal.
    let empty = starts
        .windows(2)
        .take_while(|bounds| bounds.first() == bounds.get(1))
        .count();
    Rows {
        first: first.saturating_add(empty),
        starts: starts.get(empty..).unwrap_or_default().to_vec(),
        items,
    }
}

/// Say-do members by node, in node order: a key result counts its contributors (all
/// key results); an objective counts its own key results and, through its child
/// objectives (numbered before it), theirs, each key result once. Each row in index
/// order; the leading empty rows (the leaves') not stored.
fn member_rows(
    levels: &[Level],
    drivers: &[Option<Drivers>],
    contributors: &Rows<(NodeIndex, Weight)>,
) -> Result<Rows<NodeIndex>> {
    let n = levels.len();
    let mut members: Option<Rows<NodeIndex>> = None;
    let mut scratch: Vec<NodeIndex> = Vec::new();
    for (row, level) in levels.iter().enumerate() {
        scratch.clear();
        if level.is_objective() {
            let counts = drivers.get(row).copied().flatten().unwrap_or(Drivers::Both);
            for &(child, _) in contributors.row(row) {
                match levels.get(child.get()) {
                    Some(l) if l.is_objective() && counts.counts_objectives() => {
                        if let Some(members) = &members {
                            scratch.extend_from_slice(members.row(child.get()));
                        }
                    }
                    Some(l) if !l.is_objective() && counts.counts_key_results() => {
                        scratch.push(child);
                    }
                    _ => {}
                }
            }
        } else {
            scratch.extend(contributors.row(row).iter().map(|&(child, _)| child));
        }
        if members.is_none() && scratch.is_empty() {
            // Still among the leading empty rows.
            continue;
        }
        scratch.sort_unstable();
        scratch.dedup();
        let rows = members.get_or_insert_with(|| Rows::with_rows_after(row, n.saturating_sub(row)));
        rows.items.extend_from_slice(&scratch);
        rows.close_row()?;
    }
    let mut members = members.unwrap_or_else(|| Rows::with_rows_after(n, 0));
    members.items.shrink_to_fit();
    Ok(members)
}

impl Plan {
    /// The plan of `nodes` (in listing order, see the module docs), with their levels,
    /// the objectives' drivers, the number of leaves and every edge as
    /// `(parent, child, weight)` in any order, built in sweep order, with the
    /// renumbering from listing order: the part of compilation shared by
    /// [`Plan::compile`] and the column loaders (`crate::graph::from_columns`).
    ///
    /// The rows are grouped straight into the new numbering from the edges (a counting
    /// sort each), so no row set is built twice; the order of each row is the one the
    /// module docs give (contributors in listing order, parents and members in index
    /// order).
    pub(crate) fn assemble(
        policy: RollupPolicy,
        nodes: Vec<NodeId>,
        levels: Vec<Level>,
        drivers: &[Option<Drivers>],
        leaf_count: usize,
        edges: Vec<(NodeIndex, NodeIndex, Weight)>,
    ) -> Result<(Self, Renumbering)> {
        let n = nodes.len();
        // Each node's parents, for the numbering only: it takes the lowest, so the rows
        // are left in edge order.
        let renumbering = {
            let listing_parents =
                grouped_in_edge_order(n, &edges, |&(parent, child, _)| (child, parent))?;
            sweep_numbering(leaf_count, &levels, &listing_parents)
        };
        let new = |node: NodeIndex| renumbering.node(node);
        let old_of_new = renumbering.old_of_new();

        // Each parent's contributors in listing order (so explanations list their terms
        // as compiled; for the contributors whose home is the row that is also their new
        // index order, so the sweep reads them front to back), then renumbered.
        let mut contributors = grouped(n, &edges, |&(parent, child, weight)| {
            (new(parent), (child, weight))
        })?;
        for item in &mut contributors.items {
            item.0 = new(item.0);
        }
        let contributors = trimmed(contributors);
        // Each node's parents in index order, from the contributor rows.
        let parents = trimmed(parent_rows(n, &contributors)?);
        // Freed before the id table and the member rows are built, to lower the peak.
        drop(edges);

        let by_id = IdIndex::numbered(&nodes, &renumbering.new_of_old);
        let nodes = permute_ids(nodes, &old_of_new);
        let levels = permute(&{ levels }, &old_of_new);
        let members = member_rows(&levels, &permute(drivers, &old_of_new), &contributors)?;
        let parent_edge_at = edge_places(&contributors, &parents);
        let up = up_of_rows(&contributors, &parents, &parent_edge_at);

        // The listing positions the plan keeps are a copy of the inverse numbering made
        // here, and the totals are summed after it, rather than as soon as each could
        // be: made earlier, these long-lived vectors lie among the row sets'
        // temporaries, next to the old ids, and split the space those leave once
        // freed, which a loader's progress and the rollup's values (one per node) then
        // cannot take whole. The heap is not trimmed below its highest point, so such a
        // split costs resident memory for as long as the plan lives.
        let listed_at = old_of_new.clone();
        // Only the rolled-up nodes' totals are kept (a leaf's is zero). A total that
        // overflows names the first such node in listing order (its listing position,
        // then its row: the ids are in the new order by now).
        let mut total_weights = Vec::with_capacity(n.saturating_sub(leaf_count));
        let mut overflowed: Option<(u32, usize)> = None;
        for row in leaf_count..n {
            let mut total = Some(Decimal::ZERO);
            for &(_, weight) in contributors.row(row) {
                total = total.and_then(|t| t.checked_add(weight.value()));
            }
            match total {
                Some(total) => total_weights.push(total),
                None => {
                    let old = old_of_new.get(row).copied().unwrap_or(u32::MAX);
                    overflowed = Some(overflowed.map_or((old, row), |o| o.min((old, row))));
                    total_weights.push(Decimal::ZERO);
                }
            }
        }
        if let Some((_, row)) = overflowed {
            let node = nodes.get(row);
            return Err(match node {
                Some(node) => Error::Overflow {
                    node: node.clone(),
                    operation: "summing contribution weights",
                },
                None => Error::Core(folio_types::Error::Overflow {
                    operation: "summing contribution weights",
                }),
            });
        }
        let plan = Self {
            policy,
            nodes,
            levels,
            leaf_count,
            by_id,
            contributors,
            total_weights,
            parents,
            parent_edge_at,
            up,
            members,
            // Each node's listing position: its index before the renumbering.
            listed_at,
        };
        Ok((plan, renumbering))
    }
}

#[cfg(test)]
mod reference_tests;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use folio_types::{KeyResultId, ObjectiveId, Weight};

    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::{
        Renumbering, edge_places, edge_positions, groups, order_by_home, parent_rows, trimmed,
        up_of_rows, up_records,
    };
    use crate::model::{Drivers, Level, NodeId, RollupMethod, RollupPolicy};
    use crate::plan::{NodeIndex, Plan, Rows, grouped};
    use folio_types::Decimal;

    proptest! {
        /// The counting sort gives what a comparison sort of the pairs gives, for homes
        /// in a narrow range (counted), a wide one (compared), with and without "no
        /// parent" (`u32::MAX`), the old indices ascending and distinct as
        /// `sweep_numbering` pushes them.
        #[test]
        fn homes_are_ordered_as_a_sort_orders_them(
            homes in vec(prop_oneof![
                4 => 0u32..40,
                2 => 1_000u32..1_010,
                1 => Just(u32::MAX),
                1 => any::<u32>(),
            ], 0..200),
            gaps in vec(1u32..4, 200),
        ) {
            let mut old = 0u32;
            let mut keys: Vec<(u32, u32)> = homes
                .iter()
                .zip(&gaps)
                .map(|(&home, &gap)| {
                    old = old.saturating_add(gap);
                    (home, old)
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort_unstable();
            order_by_home(&mut keys);
            prop_assert_eq!(keys, expected);
        }
    }

    proptest! {
        /// The parent rows, edge places and up records read from the contributor rows
        /// are what the child-by-child grouping (each row sorted), the look-up of each
        /// edge's place and the row-by-row up records gave: random contributor rows,
        /// with repeated edges, children past the last node, weights that do not pack
        /// and leading rows that are not stored.
        #[test]
        fn parent_rows_are_the_ones_the_grouping_by_child_gave(
            n in 0usize..40,
            first in 0usize..6,
            rows in vec(vec((0u32..44, prop_oneof![
                4 => (0i64..1_000, 0u32..4),
                1 => (any::<i64>(), 0u32..28),
            ]), 0..5), 0..40),
        ) {
            let n_rows = rows.len().min(n.saturating_sub(first));
            let mut contributors: Rows<(NodeIndex, Weight)> =
                Rows::with_rows_after(first, n_rows);
            for row in rows.iter().take(n_rows) {
                for &(child, (units, scale)) in row {
                    let weight =
                        Weight::new(Decimal::new(units.saturating_abs(), scale)).unwrap();
                    contributors.items.push((NodeIndex::from_u32(child), weight));
                }
                contributors.close_row().unwrap();
            }
            // The former way: every (parent, child) pair grouped by child, rows sorted.
            let mut pairs = Vec::new();
            for (r, row) in rows.iter().take(n_rows).enumerate() {
                for &(child, _) in row {
                    let parent = u32::try_from(first.checked_add(r).unwrap()).unwrap();
                    pairs.push((NodeIndex::from_u32(parent), NodeIndex::from_u32(child)));
                }
            }
            let want_parents =
                trimmed(grouped(n, &pairs, |&(parent, child)| (child, parent)).unwrap());
            let want_at = edge_positions(&contributors, &want_parents);
            let want_up = up_records(&contributors, &want_parents, &want_at);

            let parents = trimmed(parent_rows(n, &contributors).unwrap());
            let at = edge_places(&contributors, &parents);
            let up = up_of_rows(&contributors, &parents, &at);
            prop_assert_eq!(&parents, &want_parents);
            prop_assert_eq!(at, want_at);
            prop_assert_eq!(up, want_up);
        }
    }

    /// Positions translate through the renumbering; "no node" stays `u32::MAX`, as does
    /// an index outside the plan.
    #[test]
    fn positions_are_translated_in_place() {
        let renumbering = Renumbering {
            new_of_old: vec![2, 0, 1],
        };
        let mut positions = [0, 1, 2, 1, u32::MAX, 3];
        renumbering.apply(&mut positions);
        assert_eq!(positions, [2, 0, 1, 0, u32::MAX, u32::MAX]);
    }

    /// The leaves, then one group per rank, and no range past the last node.
    #[test]
    fn groups_cover_the_plan_exactly() {
        let kr = |id: &str| NodeId::from(KeyResultId::new(id).unwrap());
        let objective = |id: &str| NodeId::from(ObjectiveId::new(id).unwrap());
        let node = |i: u32| NodeIndex::from_u32(i);
        let (plan, _) = Plan::assemble(
            RollupPolicy::new(RollupMethod::Weighted),
            vec![
                kr("a"),
                kr("b"),
                objective("p"),
                objective("q"),
                objective("top"),
            ],
            vec![
                Level::ProductKeyResult,
                Level::ProductKeyResult,
                Level::ProductObjective,
                Level::ProductObjective,
                Level::PortfolioObjective,
            ],
            &[
                None,
                None,
                Some(Drivers::Both),
                Some(Drivers::Both),
                Some(Drivers::Both),
            ],
            2,
            vec![
                (node(2), node(0), Weight::ONE),
                (node(3), node(1), Weight::ONE),
                (node(4), node(2), Weight::ONE),
                (node(4), node(3), Weight::ONE),
            ],
        )
        .unwrap();
        assert_eq!(
            groups(plan.len(), plan.leaf_count(), &plan.levels),
            [0..2, 2..4, 4..5]
        );
    }
}
