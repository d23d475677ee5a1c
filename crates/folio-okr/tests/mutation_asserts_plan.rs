//! The compiled plan of one small portfolio, every number worked out by hand from the
//! documented layout (`folio_okr::plan` and its sweep order): listing order, sweep
//! order, contributor and parent rows, weights, say-do members, memory.
//!
//! The portfolio (weights in brackets; `k` product and `i` initiative key results):
//!
//! - grow (portfolio, drivers both) <- k2 [1], k4 [1], pb [2]
//! - keep (portfolio, drivers both) <- k5 [1], pa [1]
//! - pa (product, drivers both) <- k6 [1]
//! - pb (product, drivers key results) <- k1 [3], k2 [1], k3 [1]
//! - k3 <- i1 [1], i2 [1]
//!
//! Listing order (leaves: initiative, then product key results; then the rolled-up
//! nodes by rank from the bottom up; by id within each): i1 i2 k1 k2 k4 k5 k6 | k3 |
//! pa pb | grow keep, positions 0 to 11, 7 leaves.
//!
//! Sweep order, numbered from the top group down, each group by (home parent's new
//! index, listing position), the home being the parent of lowest new index:
//! - grow, keep: no parent, listing order: grow 10, keep 11;
//! - pa (home keep 11), pb (home grow 10): pb 8, pa 9;
//! - k3 (home pb 8): 7;
//! - leaves: i1, i2 (k3 7), k1, k2 (pb 8; k2's other parent grow is 10), k6 (pa 9),
//!   k4 (grow 10), k5 (keep 11): i1 0, i2 1, k1 2, k2 3, k6 4, k4 5, k5 6.
// Tests fail loudly: they unwrap, index and panic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use std::mem::size_of;

use common::{d, inputs, key_result, kid, objective, oid, p, portfolio};
use folio_okr::{Level, NodeId, NodeIndex, OkrGraph, Plan, PortfolioData};
use folio_types::{Decimal, KeyResultId, Weight};

/// The portfolio of the module docs, rolled up by `method`.
fn fixture(method: &str) -> PortfolioData {
    portfolio(
        method,
        vec![
            objective("grow", "portfolio", "both", &[]),
            objective("keep", "portfolio", "both", &[]),
            objective("pa", "product", "both", &[("o:keep", "1")]),
            objective("pb", "product", "key_results", &[("o:grow", "2")]),
        ],
        vec![
            key_result("k1", "product", &[("o:pb", "3")]),
            key_result("k2", "product", &[("o:pb", "1"), ("o:grow", "1")]),
            key_result("k3", "product", &[("o:pb", "1")]),
            key_result("k4", "product", &[("o:grow", "1")]),
            key_result("k5", "product", &[("o:keep", "1")]),
            key_result("k6", "product", &[("o:pa", "1")]),
            key_result("i1", "initiative", &[("k:k3", "1")]),
            key_result("i2", "initiative", &[("k:k3", "1")]),
        ],
    )
}

/// Every node in sweep order (its index), as worked out in the module docs.
const SWEEP: [&str; 12] = [
    "i1", "i2", "k1", "k2", "k6", "k4", "k5", "k3", "pb", "pa", "grow", "keep",
];

/// Every node in listing order.
const LISTING: [&str; 12] = [
    "i1", "i2", "k1", "k2", "k4", "k5", "k6", "k3", "pa", "pb", "grow", "keep",
];

fn id(name: &str) -> NodeId {
    match name {
        "grow" | "keep" | "pa" | "pb" => oid(name),
        _ => kid(name),
    }
}

fn at(plan: &Plan, name: &str) -> NodeIndex {
    plan.index_of(&id(name)).unwrap()
}

fn named(plan: &Plan, nodes: &[NodeIndex]) -> Vec<String> {
    nodes
        .iter()
        .map(|&n| match plan.node(n).unwrap() {
            NodeId::KeyResult(id) => id.to_string(),
            NodeId::Objective(id) => id.to_string(),
        })
        .collect()
}

fn w(text: &str) -> Weight {
    Weight::new(d(text)).unwrap()
}

#[test]
fn nodes_are_numbered_in_sweep_order() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let plan = graph.plan();
    assert_eq!(plan.len(), 12);
    assert!(!plan.is_empty());
    assert_eq!(plan.leaf_count(), 7);
    let indices: Vec<NodeIndex> = plan.indices().collect();
    assert_eq!(named(plan, &indices), SWEEP);
    for (i, name) in SWEEP.iter().enumerate() {
        assert_eq!(at(plan, name).get(), i, "{name}");
        assert_eq!(plan.is_leaf(at(plan, name)), i < 7, "{name}");
    }
    let rolled: Vec<usize> = plan.rolled_up().map(NodeIndex::get).collect();
    assert_eq!(rolled, [7, 8, 9, 10, 11]);
    let levels: Vec<Level> = indices.iter().map(|&n| plan.level(n).unwrap()).collect();
    assert_eq!(
        levels,
        [
            Level::InitiativeKeyResult,
            Level::InitiativeKeyResult,
            Level::ProductKeyResult,
            Level::ProductKeyResult,
            Level::ProductKeyResult,
            Level::ProductKeyResult,
            Level::ProductKeyResult,
            Level::ProductKeyResult,
            Level::ProductObjective,
            Level::ProductObjective,
            Level::PortfolioObjective,
            Level::PortfolioObjective,
        ]
    );
    assert_eq!(plan.index_of(&kid("k9")), None);
    assert_eq!(plan.index_of(&oid("k1")), None);
}

#[test]
fn contributor_rows_are_in_listing_order_with_their_weights() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let plan = graph.plan();
    let row = |name: &str| -> Vec<(String, Weight)> {
        plan.contributors(at(plan, name))
            .iter()
            .map(|&(c, weight)| (named(plan, &[c]).remove(0), weight))
            .collect()
    };
    let expect = |pairs: &[(&str, &str)]| -> Vec<(String, Weight)> {
        pairs.iter().map(|&(n, x)| (n.to_string(), w(x))).collect()
    };
    // grow's contributors in listing order: k2 (3), k4 (4), pb (9); in index order pb
    // (8) would not come last either way, k4 (5) after k2 (3).
    assert_eq!(
        row("grow"),
        expect(&[("k2", "1"), ("k4", "1"), ("pb", "2")])
    );
    assert_eq!(row("keep"), expect(&[("k5", "1"), ("pa", "1")]));
    assert_eq!(row("pa"), expect(&[("k6", "1")]));
    assert_eq!(row("pb"), expect(&[("k1", "3"), ("k2", "1"), ("k3", "1")]));
    assert_eq!(row("k3"), expect(&[("i1", "1"), ("i2", "1")]));
    for leaf in ["i1", "i2", "k1", "k2", "k4", "k5", "k6"] {
        assert!(row(leaf).is_empty(), "{leaf}");
        assert_eq!(plan.total_weight(at(plan, leaf)), Decimal::ZERO, "{leaf}");
    }
    for (name, total) in [
        ("grow", "4"),
        ("keep", "2"),
        ("pa", "1"),
        ("pb", "5"),
        ("k3", "2"),
    ] {
        assert_eq!(plan.total_weight(at(plan, name)), d(total), "{name}");
    }
}

#[test]
fn parent_rows_and_edge_weights_follow_the_edges() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let plan = graph.plan();
    let parents = |name: &str| named(plan, plan.parents(at(plan, name)));
    assert_eq!(parents("k2"), ["pb", "grow"]);
    assert_eq!(parents("k1"), ["pb"]);
    assert_eq!(parents("i2"), ["k3"]);
    assert_eq!(parents("k3"), ["pb"]);
    assert_eq!(parents("pa"), ["keep"]);
    assert_eq!(parents("pb"), ["grow"]);
    assert!(parents("grow").is_empty());
    assert!(parents("keep").is_empty());
    let edge = |child: &str, parent: &str| plan.edge_weight(at(plan, child), at(plan, parent));
    assert_eq!(edge("k1", "pb"), Some(w("3")));
    assert_eq!(edge("k2", "pb"), Some(w("1")));
    assert_eq!(edge("k2", "grow"), Some(w("1")));
    assert_eq!(edge("pb", "grow"), Some(w("2")));
    assert_eq!(edge("k6", "pa"), Some(w("1")));
    assert_eq!(edge("k1", "grow"), None);
    assert_eq!(edge("grow", "pb"), None);
    assert_eq!(edge("keep", "grow"), None);
}

#[test]
fn an_update_recomputes_the_ancestors_in_index_order() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let plan = graph.plan();
    let mut nodes = vec![at(plan, "i1")];
    plan.close_upwards(&mut nodes);
    assert_eq!(named(plan, &nodes), ["i1", "k3", "pb", "grow"]);
    let mut nodes = vec![at(plan, "k2"), at(plan, "k6")];
    plan.close_upwards(&mut nodes);
    assert_eq!(
        named(plan, &nodes),
        ["k2", "k6", "pb", "pa", "grow", "keep"]
    );
}

#[test]
fn say_do_members_follow_the_drivers() {
    let graph = OkrGraph::new(fixture("say_do")).unwrap();
    let plan = graph.plan();
    let members = |name: &str| named(plan, plan.say_do_members(at(plan, name)));
    // A key result counts its contributors.
    assert_eq!(members("k3"), ["i1", "i2"]);
    // pb (key results): k1, k2, k3; pa (both): k6.
    assert_eq!(members("pb"), ["k1", "k2", "k3"]);
    assert_eq!(members("pa"), ["k6"]);
    // grow (both) counts its own key results and pb's, each once, in index order.
    assert_eq!(members("grow"), ["k1", "k2", "k4", "k3"]);
    // keep (both) counts its key result k5 and what pa counts, k6, in index order
    // (k6 is 4, k5 is 6).
    assert_eq!(members("keep"), ["k6", "k5"]);
    for leaf in ["i1", "k1", "k6"] {
        assert!(members(leaf).is_empty(), "{leaf}");
    }
}

#[test]
fn a_say_do_explanation_lists_its_members_in_listing_order() {
    let graph = OkrGraph::new(fixture("say_do")).unwrap();
    let rollup = graph
        .rollup(&inputs(&[
            ("i1", "1"),
            ("i2", "0"),
            ("k1", "1"),
            ("k2", "1"),
            ("k4", "0"),
            ("k5", "1"),
            ("k6", "0"),
        ]))
        .unwrap();
    let terms: Vec<NodeId> = rollup
        .explain(&oid("keep"))
        .unwrap()
        .breakdown
        .terms
        .into_iter()
        .map(|t| t.child)
        .collect();
    // k5 (listing 5) before k6 (listing 6), though k6 has the lower index.
    assert_eq!(terms, [kid("k5"), kid("k6")]);
}

/// The leaves' progress in the weighted examples below.
const GIVEN: [(&str, &str); 7] = [
    ("i1", "0.2"),
    ("i2", "0.6"),
    ("k1", "0.5"),
    ("k2", "1"),
    ("k4", "0"),
    ("k5", "0.4"),
    ("k6", "0.8"),
];

#[test]
fn values_come_out_in_listing_order_and_roll_up_by_weight() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let rollup = graph.rollup(&inputs(&GIVEN)).unwrap();
    let values = rollup.values();
    let order: Vec<NodeId> = values.iter().map(|v| v.node.clone()).collect();
    let listing: Vec<NodeId> = LISTING.iter().map(|n| id(n)).collect();
    assert_eq!(order, listing);
    // k3 = (0.2 + 0.6) / 2; pb = (3 x 0.5 + 1 + 0.4) / 5; pa = 0.8;
    // grow = (1 + 0 + 2 x 0.58) / 4; keep = (0.4 + 0.8) / 2.
    let expected = [
        "0.2", "0.6", "0.5", "1", "0", "0.4", "0.8", "0.4", "0.8", "0.58", "0.54", "0.6",
    ];
    for (value, want) in values.iter().zip(expected) {
        assert_eq!(value.reported.value(), d(want), "{}", value.node);
    }
}

#[test]
fn an_update_by_id_reaches_its_key_result() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let mut rollup = graph.rollup(&inputs(&GIVEN)).unwrap();
    // k6 (index 4) to 0.2: pa = 0.2, keep = (0.4 + 0.2) / 2 = 0.3.
    rollup
        .update(&KeyResultId::new("k6").unwrap(), p("0.2"))
        .unwrap();
    let value = |name: &str| rollup.value(&id(name)).unwrap().reported.value();
    assert_eq!(value("k6"), d("0.2"));
    assert_eq!(value("pa"), d("0.2"));
    assert_eq!(value("keep"), d("0.3"));
    // Nothing else moved.
    assert_eq!(value("i1"), d("0.2"));
    assert_eq!(value("grow"), d("0.54"));
}

#[test]
fn each_key_result_keeps_its_own_record() {
    // The compiler's positions of the records, translated into sweep order, place each
    // key result's columns (here its name) at its own node.
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    for name in ["i1", "i2", "k1", "k2", "k3", "k4", "k5", "k6"] {
        let record = graph.key_result(&KeyResultId::new(name).unwrap()).unwrap();
        assert_eq!(record.id.as_str(), name);
        assert_eq!(record.name, name);
    }
}

#[test]
fn the_plan_holds_at_least_the_documented_memory() {
    let graph = OkrGraph::new(fixture("weighted")).unwrap();
    let plan = graph.plan();
    // From the table of the module docs, leaving out the id table: 12 nodes, 5 of them
    // rolled up, 11 edges, 12 say-do members (k3 2, pb 3, pa 1, grow 4, keep 2: see
    // `say_do_members_follow_the_drivers`).
    let (n, r, e, m) = (12, 5, 11, 12);
    assert_eq!(size_of::<NodeId>(), 24);
    assert_eq!(size_of::<(NodeIndex, Weight)>(), 20);
    let per_node = 24 + 1 + 4 + 8 + 4; // id, level, parent row start, up record, listing
    let per_rolled = 4 + 16 + 4; // contributor row start, total weight, member row start
    let per_edge = 20 + 8; // contributor and weight; parent and its edge's place
    // Each row set stores one start more than its rows.
    let starts = 3 * 4;
    let least = n * per_node + r * per_rolled + e * per_edge + m * 4 + starts;
    assert!(
        plan.heap_bytes() >= least,
        "{} < {least}",
        plan.heap_bytes()
    );
    // The id table holds at most two slots of 12 bytes per node, plus the minimum of 8.
    assert!(
        plan.heap_bytes() <= least + (2 * n + 8) * 12,
        "{} > {}",
        plan.heap_bytes(),
        least + (2 * n + 8) * 12
    );
}

#[test]
fn json_inputs_naming_a_key_result_twice_keep_the_last_value() {
    // One leaf: its value is the last of the two given.
    let text = r#"{ "policy": { "method": "weighted" },
      "objectives": [{ "id": "o", "name": "o", "tier": "portfolio", "drivers": "key_results" }],
      "key_results": [{ "id": "k", "name": "k", "tier": "product", "owner": "a",
        "product": "p", "contributes_to": [{ "to": { "objective": "o" } }] }] }"#;
    let (_, rollup) =
        folio_okr::json::load(text, r#"{ "progress": { "k": "0.2", "k": "0.7" } }"#).unwrap();
    assert_eq!(rollup.value(&kid("k")).unwrap().reported.value(), d("0.7"));
    assert_eq!(rollup.value(&oid("o")).unwrap().reported.value(), d("0.7"));
}
