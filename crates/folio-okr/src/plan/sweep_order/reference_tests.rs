//! The sweep-ordered plan against the way it was built before rows were grouped by a
//! counting sort: the rows built in listing order by sorting every edge, then
//! renumbered and permuted row by row (kept here, as it was, as the reference). For
//! random plans (one to three parents per node, random drivers, weights of every
//! scale, some large enough that a total overflows, edges in any order), both give
//! the same plan, digit for digit (`Debug`), the same renumbering and the same error.
// The reference is the former release code; test sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::ops::Range;

use folio_types::{Decimal, KeyResultId, ObjectiveId, Weight};
use proptest::collection::vec;
use proptest::prelude::*;

use super::{Renumbering, edge_positions, permute, up_records};
use crate::error::{Error, Result};
use crate::model::{Drivers, Level, NodeId, RollupMethod, RollupPolicy};
use crate::plan::id_index::IdIndex;
use crate::plan::{NodeIndex, Plan, Rows};

/// The former `Plan::assemble`.
fn assemble(
    policy: RollupPolicy,
    nodes: Vec<NodeId>,
    levels: Vec<Level>,
    drivers: &[Option<Drivers>],
    leaf_count: usize,
    mut edges: Vec<(NodeIndex, NodeIndex, Weight)>,
) -> Result<(Plan, Renumbering)> {
    edges.sort_unstable_by_key(|&(parent, child, _)| (parent, child));
    let n = nodes.len();

    let mut contributors = Rows::with_rows(n);
    let mut total_weights = Vec::with_capacity(n);
    let mut pending = edges.iter().peekable();
    for (row, node) in nodes.iter().enumerate() {
        let mut total = Decimal::ZERO;
        while let Some(&(_, child, weight)) = pending.next_if(|e| e.0.get() == row) {
            contributors.items.push((child, weight));
            total = total
                .checked_add(weight.value())
                .ok_or_else(|| Error::Overflow {
                    node: node.clone(),
                    operation: "summing contribution weights",
                })?;
        }
        contributors.close_row()?;
        total_weights.push(total);
    }

    // By child: each node's parents. Where each edge's weight is (its place in the
    // contributor rows) is found once the plan is in its final order.
    edges.sort_unstable_by_key(|&(parent, child, _)| (child, parent));
    let mut parents = Rows::with_rows(n);
    parents.items.reserve_exact(edges.len());
    let mut pending = edges.iter().peekable();
    for row in 0..n {
        while let Some(&(parent, _, _)) = pending.next_if(|e| e.1.get() == row) {
            parents.items.push(parent);
        }
        parents.close_row()?;
    }
    // Freed before the member rows and the id table are built, to lower the peak.
    drop(edges);

    // Say-do members: a key result counts its contributors (all key results); an
    // objective counts its own key results and, through its child objectives, theirs,
    // each key result once.
    let mut members: Rows<NodeIndex> = Rows::with_rows(n);
    let mut scratch: Vec<NodeIndex> = Vec::new();
    for (row, level) in levels.iter().enumerate() {
        scratch.clear();
        if level.is_objective() {
            let counts = drivers.get(row).copied().flatten().unwrap_or(Drivers::Both);
            for &(child, _) in contributors.row(row) {
                match levels.get(child.get()) {
                    Some(l) if l.is_objective() && counts.counts_objectives() => {
                        scratch.extend_from_slice(members.row(child.get()));
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
        scratch.sort_unstable();
        scratch.dedup();
        members.items.extend_from_slice(&scratch);
        members.close_row()?;
    }

    let by_id = IdIndex::new(&nodes);
    let listed_at = (0..nodes.len())
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    let plan = Plan {
        policy,
        nodes,
        levels,
        leaf_count,
        by_id,
        contributors,
        total_weights,
        parents,
        parent_edge_at: Vec::new(),
        up: Vec::new(),
        members,
        listed_at,
    };
    into_sweep_order(plan)
}

fn groups(plan: &Plan) -> Vec<Range<usize>> {
    let n = plan.nodes.len();
    let leaf_count = plan.leaf_count.min(n);
    let mut groups = Vec::with_capacity(5);
    groups.push(0..leaf_count);
    let mut start = leaf_count;
    while start < n {
        let rank = plan.levels.get(start).map(|l| l.rank());
        let mut end = start.saturating_add(1);
        while end < n && plan.levels.get(end).map(|l| l.rank()) == rank {
            end = end.saturating_add(1);
        }
        groups.push(start..end);
        start = end;
    }
    groups
}

fn sweep_numbering(plan: &Plan) -> Renumbering {
    let mut new_of_old = vec![u32::MAX; plan.nodes.len()];
    let mut keys: Vec<(u32, u32)> = Vec::new();
    for group in groups(plan).into_iter().rev() {
        keys.clear();
        for old in group.clone() {
            // A parent not numbered yet (only in a graph that validation refuses,
            // with an edge inside one rank) counts as no parent.
            let home = plan
                .parents
                .row(old)
                .iter()
                .map(|p| new_of_old.get(p.get()).copied().unwrap_or(u32::MAX))
                .min()
                .unwrap_or(u32::MAX);
            keys.push((home, u32::try_from(old).unwrap_or(u32::MAX)));
        }
        keys.sort_unstable();
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

fn itself(node: &NodeIndex) -> NodeIndex {
    *node
}

fn permute_rows<T: Copy>(
    rows: &Rows<T>,
    old_of_new: &[u32],
    map: impl Fn(T) -> T,
    sort_key: Option<fn(&T) -> NodeIndex>,
) -> Result<Rows<T>> {
    let row = |old: u32| usize::try_from(old).map_or(&[][..], |old| rows.row(old));
    // The leading empty rows (the leaves', in contributor and member rows) are not
    // stored.
    let first = old_of_new
        .iter()
        .take_while(|&&old| row(old).is_empty())
        .count();
    let rest = old_of_new.get(first..).unwrap_or(&[]);
    let mut permuted = Rows::with_rows_after(first, rest.len());
    permuted.items.reserve_exact(rows.items.len());
    for &old in rest {
        let start = permuted.items.len();
        permuted
            .items
            .extend(row(old).iter().map(|&item| map(item)));
        if let (Some(key), Some(new_row)) = (sort_key, permuted.items.get_mut(start..)) {
            new_row.sort_unstable_by_key(key);
        }
        permuted.close_row()?;
    }
    Ok(permuted)
}

fn into_sweep_order(plan: Plan) -> Result<(Plan, Renumbering)> {
    let renumbering = sweep_numbering(&plan);
    let mut old_of_new = vec![u32::MAX; plan.nodes.len()];
    for (old, &new) in renumbering.new_of_old.iter().enumerate() {
        if let Some(slot) = usize::try_from(new)
            .ok()
            .and_then(|new| old_of_new.get_mut(new))
        {
            *slot = u32::try_from(old).unwrap_or(u32::MAX);
        }
    }
    let Plan {
        policy,
        nodes,
        levels,
        leaf_count,
        mut by_id,
        contributors,
        total_weights,
        parents,
        parent_edge_at: _,
        up: _,
        members,
        listed_at,
    } = plan;
    // Each old array is dropped as soon as its new one is built.
    let nodes = permute(&{ nodes }, &old_of_new);
    let levels = permute(&{ levels }, &old_of_new);
    // Only the rolled-up nodes' totals are kept (a leaf's is zero); the leaves keep
    // their places, so the rolled-up nodes are the same range before and after.
    let total_weights = permute(
        &{ total_weights },
        old_of_new.get(leaf_count..).unwrap_or(&[]),
    );
    let listed_at = permute(&{ listed_at }, &old_of_new);
    by_id.renumber(&renumbering.new_of_old);

    // Contributors keep their listing order, which is also their new index order
    // for every contributor whose home is this row (so explanations do not change,
    // and the sweep reads those front to back).
    let contributors = permute_rows(
        &{ contributors },
        &old_of_new,
        |(child, weight)| (renumbering.node(child), weight),
        None,
    )?;
    // Say-do members (possibly every key result beneath a portfolio objective) are
    // read in new index order: front to back through each home range.
    let members = permute_rows(
        &{ members },
        &old_of_new,
        |member| renumbering.node(member),
        Some(itself),
    )?;
    // Parents in new index order.
    let parents = permute_rows(
        &{ parents },
        &old_of_new,
        |parent| renumbering.node(parent),
        Some(itself),
    )?;
    let parent_edge_at = edge_positions(&contributors, &parents);
    let up = up_records(&contributors, &parents, &parent_edge_at);

    let plan = Plan {
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
        listed_at,
    };
    Ok((plan, renumbering))
}

/// A weight of a few places, one at a larger scale, or (rarely) one so large that two
/// of them overflow a total.
fn weight() -> impl Strategy<Value = Weight> {
    prop_oneof![
        8 => (0i64..=1_000, 0u32..=4)
            .prop_map(|(units, scale)| Weight::new(Decimal::new(units, scale)).unwrap()),
        2 => (any::<i64>(), 0u32..=28).prop_map(|(units, scale)| {
            Weight::new(Decimal::new(units.saturating_abs(), scale)).unwrap()
        }),
        1 => Just(Weight::new(Decimal::MAX / Decimal::TWO).unwrap()),
    ]
}

fn drivers() -> impl Strategy<Value = Drivers> {
    prop_oneof![
        Just(Drivers::Both),
        Just(Drivers::KeyResults),
        Just(Drivers::ChildObjectives),
    ]
}

/// Node counts per group (leaves, product key results, product objectives, portfolio
/// objectives) and, per node, its drivers and up to three `(parent pick, weight)`
/// edges into the groups above it.
#[allow(clippy::type_complexity)]
fn shape() -> impl Strategy<Value = ([usize; 4], Vec<(Drivers, Vec<(u16, Weight)>)>)> {
    (0usize..=30, 0usize..=8, 0usize..=4, 1usize..=3).prop_flat_map(|(l, k, o, p)| {
        let n = l + k + o + p;
        (
            Just([l, k, o, p]),
            vec((drivers(), vec((any::<u16>(), weight()), 1..=3)), n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_plan_is_the_one_the_former_assembly_built(
        (counts, picks) in shape(),
        seed in any::<u64>(),
    ) {
        let [l, k, o, _] = counts;
        let levels_of = [
            Level::InitiativeKeyResult,
            Level::ProductKeyResult,
            Level::ProductObjective,
            Level::PortfolioObjective,
        ];
        let firsts = [0, l, l + k, l + k + o];
        let mut nodes = Vec::new();
        let mut levels = Vec::new();
        let mut node_drivers = Vec::new();
        for (group, &count) in counts.iter().enumerate() {
            for i in 0..count {
                let level = levels_of[group];
                nodes.push(match group {
                    0 | 1 => NodeId::from(KeyResultId::new(format!("k{group}-{i}")).unwrap()),
                    _ => NodeId::from(ObjectiveId::new(format!("o{group}-{i}")).unwrap()),
                });
                levels.push(level);
                node_drivers.push(level.is_objective().then_some(picks[nodes.len() - 1].0));
            }
        }
        let n = nodes.len();
        // Edges to distinct parents in the groups above, in an order set by `seed`.
        let mut edges: Vec<(NodeIndex, NodeIndex, Weight)> = Vec::new();
        for (child, (_, node_picks)) in picks.iter().enumerate() {
            let group = firsts.iter().rposition(|&f| f <= child).unwrap();
            let above = firsts.get(group + 1).copied().unwrap_or(n);
            let mut taken = Vec::new();
            for &(pick, weight) in node_picks {
                if above == n {
                    break;
                }
                let parent = above + usize::from(pick) % (n - above);
                if taken.contains(&parent) {
                    continue;
                }
                taken.push(parent);
                edges.push((
                    NodeIndex::from_u32(u32::try_from(parent).unwrap()),
                    NodeIndex::from_u32(u32::try_from(child).unwrap()),
                    weight,
                ));
            }
        }
        let mut mix = seed | 1;
        for i in (1..edges.len()).rev() {
            mix = mix.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
            edges.swap(i, usize::try_from(mix % (i as u64 + 1)).unwrap());
        }
        let policy = RollupPolicy::new(RollupMethod::Weighted);
        let expected = assemble(
            policy.clone(),
            nodes.clone(),
            levels.clone(),
            &node_drivers,
            l,
            edges.clone(),
        );
        let got = Plan::assemble(policy, nodes, levels, &node_drivers, l, edges);
        match (got, expected) {
            (Ok((plan, renumbering)), Ok((want, want_renumbering))) => {
                prop_assert_eq!(format!("{plan:?}"), format!("{want:?}"));
                prop_assert_eq!(renumbering, want_renumbering);
            }
            (got, want) => prop_assert_eq!(
                format!("{:?}", got.map(|_| ())),
                format!("{:?}", want.map(|_| ()))
            ),
        }
    }
}
