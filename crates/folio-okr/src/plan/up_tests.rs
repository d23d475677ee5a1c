//! The plan's ways up against the edges it was given: for random plans with nodes of
//! several parents, repeated edges and zero weights, every node's [`Up`](super::Up)
//! record, parent edges, edge weights and total weight agree with the edge list.
// Test helpers unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use folio_types::{Decimal, KeyResultId, ObjectiveId, Weight, strategy};
use proptest::collection::vec;
use proptest::prelude::*;

use crate::model::{Drivers, Level, NodeId, RollupMethod, RollupPolicy};
use crate::plan::{NO_PARENT, NodeIndex, Plan, SEVERAL, Up, UpEdge};

/// An edge as `(parent id, child id, weight with its scale)`, for comparing edge lists
/// of plans numbered differently.
type Named = (String, String, String);

/// Node counts per group (leaves, product key results, product objectives, portfolio
/// objectives) and, per node, up to three `(parent pick, weight)` edges: a pick chooses
/// among the nodes of every higher group (none for a portfolio objective).
fn shape() -> impl Strategy<Value = ([usize; 4], Vec<Vec<(u16, Weight)>>)> {
    (1usize..=24, 1usize..=8, 1usize..=4, 1usize..=3).prop_flat_map(|(l, k, o, p)| {
        let n = l + k + o + p;
        (
            Just([l, k, o, p]),
            vec(vec((any::<u16>(), weight()), 0..=3), n),
        )
    })
}

/// A weight at two places, or at another scale (so that edges tell their weights
/// apart by scale too), or one that an [`Up`](super::Up) record cannot hold packed: a
/// mantissa at or around `2^27`, a wide one, a scale of 28, a negative zero.
fn weight() -> impl Strategy<Value = Weight> {
    let packed_limit = 1i64 << 27;
    prop_oneof![
        4 => strategy::weight(),
        4 => (0i64..=1_000, 0u32..=6)
            .prop_map(|(units, scale)| Weight::new(Decimal::new(units, scale)).unwrap()),
        1 => (packed_limit - 2..=packed_limit + 2, 0u32..=28)
            .prop_map(|(units, scale)| Weight::new(Decimal::new(units, scale)).unwrap()),
        1 => (any::<i64>(), 0u32..=28).prop_map(|(units, scale)| {
            Weight::new(Decimal::new(units.saturating_abs(), scale)).unwrap()
        }),
        1 => (0u32..=28).prop_map(|scale| {
            let mut zero = Decimal::new(0, scale);
            zero.set_sign_negative(true);
            Weight::new(zero).unwrap()
        }),
    ]
}

/// A weight's digits, scale and sign, which equal weights of different spellings do
/// not share.
fn spelled(weight: Weight) -> (bool, u32, i128) {
    let value = weight.value();
    (value.is_sign_negative(), value.scale(), value.mantissa())
}

fn name(plan: &Plan, node: NodeIndex) -> String {
    plan.node(node).unwrap().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_way_up_agrees_with_the_edges(
        (counts, picks) in shape(),
        seed in any::<u64>(),
    ) {
        let [l, k, o, _] = counts;
        let (levels_of, firsts) = (
            [
                Level::InitiativeKeyResult,
                Level::ProductKeyResult,
                Level::ProductObjective,
                Level::PortfolioObjective,
            ],
            [0, l, l + k, l + k + o],
        );
        let mut nodes = Vec::new();
        let mut levels = Vec::new();
        let mut drivers = Vec::new();
        for (group, &count) in counts.iter().enumerate() {
            for i in 0..count {
                let level = levels_of[group];
                nodes.push(match group {
                    0 | 1 => NodeId::from(KeyResultId::new(format!("k{group}-{i}")).unwrap()),
                    _ => NodeId::from(ObjectiveId::new(format!("o{group}-{i}")).unwrap()),
                });
                levels.push(level);
                drivers.push(level.is_objective().then_some(Drivers::Both));
            }
        }
        let n = nodes.len();
        // Edges from each node to nodes of higher groups, in an order set by `seed`.
        let mut edges: Vec<(NodeIndex, NodeIndex, Weight)> = Vec::new();
        for (child, node_picks) in picks.iter().enumerate() {
            let group = firsts.iter().rposition(|&f| f <= child).unwrap();
            let above = firsts.get(group + 1).copied().unwrap_or(n);
            if above == n {
                continue;
            }
            for &(pick, weight) in node_picks {
                let parent = above + usize::from(pick) % (n - above);
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
        let mut given: Vec<Named> = edges
            .iter()
            .map(|(parent, child, weight)| {
                (
                    nodes[parent.get()].to_string(),
                    nodes[child.get()].to_string(),
                    weight.value().to_string(),
                )
            })
            .collect();
        given.sort();
        let (plan, _) = Plan::assemble(
            RollupPolicy::new(RollupMethod::Weighted),
            nodes,
            levels,
            &drivers,
            l,
            edges,
        )
        .unwrap();

        let mut by_parents: Vec<Named> = Vec::new();
        let mut by_contributors: Vec<Named> = Vec::new();
        for node in plan.indices() {
            let parents = plan.parents(node);
            let edges: Vec<(NodeIndex, Weight)> = plan.parent_edges(node).collect();
            prop_assert_eq!(edges.len(), parents.len());
            prop_assert!(parents.windows(2).all(|w| w[0] <= w[1]));
            for (&parent, &(edge_parent, weight)) in parents.iter().zip(&edges) {
                prop_assert_eq!(parent, edge_parent);
                by_parents.push((name(&plan, parent), name(&plan, node), weight.value().to_string()));
                // The first edge to that parent (a repeated edge keeps each weight).
                let first = edges.iter().find(|e| e.0 == parent).map(|e| e.1);
                prop_assert_eq!(plan.edge_weight(node, parent), first);
            }
            let expected = match edges.as_slice() {
                [] => UpEdge::None,
                [(parent, weight)] => UpEdge::One(*parent, *weight),
                _ => UpEdge::Several,
            };
            prop_assert_eq!(plan.up(node), expected);
            // The record itself (module docs): a node with one parent holds it and the
            // edge's weight packed, unless the weight does not pack; a root holds no
            // parent; any other node reads its parent row.
            let record = match edges.as_slice() {
                [] => Up::NONE,
                [(parent, weight)] => match super::pack_weight(*weight) {
                    Some(packed) => Up {
                        parent: u32::try_from(parent.get()).unwrap(),
                        weight: packed,
                    },
                    None => Up::SEVERAL,
                },
                _ => Up::SEVERAL,
            };
            prop_assert_eq!(plan.up[node.get()], record);
            if let (UpEdge::One(_, read), UpEdge::One(_, given)) = (plan.up(node), expected) {
                prop_assert_eq!(spelled(read), spelled(given));
            }

            let mut total = Decimal::ZERO;
            for &(child, weight) in plan.contributors(node) {
                by_contributors.push((name(&plan, node), name(&plan, child), weight.value().to_string()));
                total += weight.value();
            }
            prop_assert_eq!(plan.total_weight(node).to_string(), total.to_string());
            if plan.is_leaf(node) {
                prop_assert!(plan.contributors(node).is_empty());
            }
        }
        by_parents.sort();
        by_contributors.sort();
        prop_assert_eq!(&by_parents, &given);
        prop_assert_eq!(&by_contributors, &given);
    }
}

proptest! {
    #[test]
    fn packed_weights_keep_their_digits(
        lo in prop_oneof![
            any::<u32>(),
            0u32..1 << 27,
            (1u32 << 27) - 4..=(1u32 << 27) + 4,
            1u32 << 27..1 << 28,
        ],
        mid in prop_oneof![3 => Just(0u32), 1 => any::<u32>()],
        hi in prop_oneof![3 => Just(0u32), 1 => any::<u32>()],
        negative in any::<bool>(),
        scale in 0u32..=28,
    ) {
        // Mantissas below, at and above `2^27`, of every width, of either sign.
        let mut value = Decimal::from_parts(lo, mid, hi, false, scale);
        value.set_sign_negative(negative);
        let Ok(weight) = Weight::new(value) else {
            // A negative weight other than zero is not a weight.
            prop_assert!(negative && !value.is_zero());
            return Ok(());
        };
        let fits = !value.is_sign_negative() && value.mantissa() < (1 << 27);
        let packed = super::pack_weight(weight);
        prop_assert_eq!(packed.is_some(), fits);
        if let Some(packed) = packed {
            let back = super::unpack_weight(packed).unwrap();
            prop_assert_eq!(spelled(back), spelled(weight));
        }
    }
}

/// A parent numbered at [`SEVERAL`] or above (only in a plan of four billion nodes) is
/// never held in a record: it would read as "several parents" or "no parent". Its
/// record sends the reader to the parent row, as does a weight that does not pack.
#[test]
fn a_record_holds_only_a_parent_below_the_markers() {
    let one = Weight::ONE;
    assert_eq!(
        Up::one(7, one),
        Up {
            parent: 7,
            weight: super::pack_weight(one).unwrap()
        }
    );
    assert_eq!(Up::one(SEVERAL - 1, one).parent, SEVERAL - 1);
    assert_eq!(Up::one(SEVERAL, one), Up::SEVERAL);
    assert_eq!(Up::one(NO_PARENT, one), Up::SEVERAL);
    let wide = Weight::new(Decimal::new(1 << 27, 0)).unwrap();
    assert_eq!(Up::one(7, wide), Up::SEVERAL);
}
