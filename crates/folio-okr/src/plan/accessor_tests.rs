//! The plan's crate-private accessors on a small plan worked out by hand: listing
//! positions against sweep indices, and the lookups of key results by id, by text and
//! (for the JSON loader) by whole key.
//!
//! The plan: portfolio objectives grow and keep; product key results k1 (to keep), k2
//! (to grow) and `k3-with-a-long-name` (to keep, an id longer than the seven bytes a
//! key holds whole).
//!
//! Listing order (leaves, then the rolled-up nodes, by id within each level): k1 k2
//! k3-with-a-long-name | grow keep, positions 0 to 4.
//!
//! Sweep order (see `sweep_order`): grow 3 and keep 4 (no parent, listing order); the
//! leaves by their home parent's new index, then listing position: k2 (grow 3) 0, k1
//! (keep 4) 1, k3-with-a-long-name (keep 4) 2.
// Tests unwrap like the other tests of the crate; sizes are small.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use folio_types::{KeyResultId, ObjectiveId, Weight};

use crate::model::{Drivers, Level, NodeId, RollupMethod, RollupPolicy};
use crate::plan::{NodeIndex, Plan};

const LONG: &str = "k3-with-a-long-name";

fn plan() -> Plan {
    let kr = |id: &str| NodeId::from(KeyResultId::new(id).unwrap());
    let obj = |id: &str| NodeId::from(ObjectiveId::new(id).unwrap());
    // Given in listing order: k1 0, k2 1, LONG 2, grow 3, keep 4.
    let nodes = vec![kr("k1"), kr("k2"), kr(LONG), obj("grow"), obj("keep")];
    let levels = vec![
        Level::ProductKeyResult,
        Level::ProductKeyResult,
        Level::ProductKeyResult,
        Level::PortfolioObjective,
        Level::PortfolioObjective,
    ];
    let drivers = [
        None,
        None,
        None,
        Some(Drivers::KeyResults),
        Some(Drivers::KeyResults),
    ];
    let i = NodeIndex::from_u32;
    let edges = vec![
        (i(4), i(0), Weight::ONE),
        (i(3), i(1), Weight::ONE),
        (i(4), i(2), Weight::ONE),
    ];
    let (plan, _) = Plan::assemble(
        RollupPolicy::new(RollupMethod::Weighted),
        nodes,
        levels,
        &drivers,
        3,
        edges,
    )
    .unwrap();
    plan
}

fn index(n: u32) -> NodeIndex {
    NodeIndex::from_u32(n)
}

#[test]
fn the_sweep_order_differs_from_the_listing_order() {
    let plan = plan();
    let names: Vec<String> = plan
        .indices()
        .map(|n| plan.node(n).unwrap().to_string())
        .collect();
    let expected: Vec<String> = [
        NodeId::from(KeyResultId::new("k2").unwrap()),
        NodeId::from(KeyResultId::new("k1").unwrap()),
        NodeId::from(KeyResultId::new(LONG).unwrap()),
        NodeId::from(ObjectiveId::new("grow").unwrap()),
        NodeId::from(ObjectiveId::new("keep").unwrap()),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(names, expected);
}

#[test]
fn listing_positions_and_the_listing_follow_the_listing_order() {
    let plan = plan();
    // By index: k2 is listed 1, k1 0, LONG 2, grow 3, keep 4.
    let positions: Vec<u32> = plan.indices().map(|n| plan.listing_position(n)).collect();
    assert_eq!(positions, [1, 0, 2, 3, 4]);
    // A node the plan does not have has no place in the listing.
    assert_eq!(plan.listing_position(index(5)), u32::MAX);
    // In listing order: k1 (1), k2 (0), LONG (2), grow (3), keep (4).
    let listed: Vec<usize> = plan.listed().into_iter().map(NodeIndex::get).collect();
    assert_eq!(listed, [1, 0, 2, 3, 4]);
}

#[test]
fn key_results_are_found_by_id_and_by_text() {
    let plan = plan();
    let by_id = |id: &str| plan.key_result_index(&KeyResultId::new(id).unwrap());
    assert_eq!(by_id("k2"), Some(index(0)));
    assert_eq!(by_id("k1"), Some(index(1)));
    assert_eq!(by_id(LONG), Some(index(2)));
    // An objective's id is not a key result's; an unknown id is not found.
    assert_eq!(by_id("grow"), None);
    assert_eq!(by_id("k9"), None);
    assert_eq!(plan.key_result_text_index("k2"), Some(index(0)));
    assert_eq!(plan.key_result_text_index("k1"), Some(index(1)));
    assert_eq!(plan.key_result_text_index(LONG), Some(index(2)));
    assert_eq!(plan.key_result_text_index("keep"), None);
    assert_eq!(plan.key_result_text_index("k9"), None);
}

#[cfg(feature = "serde")]
#[test]
fn short_key_result_ids_are_found_together_by_their_whole_keys() {
    let plan = plan();
    // An id of at most seven bytes is held whole in its key; a longer one is not.
    let whole = |text: &str| Plan::key_result_whole_key(text);
    assert!(whole(LONG).is_none());
    let keys: Vec<(u64, [u8; 8])> = ["k1", "grow", "k2", "k9", "k1"]
        .iter()
        .map(|text| whole(text).unwrap())
        .collect();
    // Distinct ids, distinct keys; the same id, the same key.
    assert_ne!(keys[0], keys[2]);
    assert_eq!(keys[0], keys[4]);
    // In the order of `keys`: k1 1, grow (an objective) none, k2 0, k9 none, k1 1.
    assert_eq!(
        plan.key_result_indices(&keys),
        [Some(index(1)), None, Some(index(0)), None, Some(index(1))]
    );
    assert!(plan.key_result_indices(&[]).is_empty());
}
