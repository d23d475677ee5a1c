//! Rollup entry points checked against numbers worked by hand, so that a change to the
//! code (a median index off by one, a dense-leaf path that drops a leaf, `values` or
//! `explain_all` skipping a node) fails a test rather than agreeing with itself.
//!
//! The crate-docs portfolio, by hand (weights in brackets):
//! - atlas-win = (3 × atlas-arr 0.6 + 1 × atlas-nps 1) / 4 = 0.7
//! - lens-active = (1 × lens-onboarding 0.5 + 1 × lens-docs 0.3) / 2 = 0.4
//! - lens-adopt = lens-active = 0.4
//! - grow = (2 × atlas-win 0.7 + 1 × lens-adopt 0.4) / 3 = 0.6
// Tests fail loudly: they unwrap, index and panic.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use std::collections::BTreeMap;

use common::{crate_example, crate_example_inputs, d, kid, oid, p};
use folio_metrics::{MetricCatalog, Reading, Scoring};
use folio_okr::rollup::{SayDo, Weighted};
use folio_okr::{Error, KpiInputs, MetricReading, NodeId, OkrGraph, PortfolioData};
use folio_types::{KeyResultId, NaiveDate, Progress};
use serde_json::{Value, json};

/// Every node of the crate-docs portfolio with its hand-computed value.
fn crate_example_values() -> BTreeMap<NodeId, Progress> {
    [
        (kid("atlas-arr"), "0.6"),
        (kid("atlas-nps"), "1"),
        (kid("lens-onboarding"), "0.5"),
        (kid("lens-docs"), "0.3"),
        (kid("lens-active"), "0.4"),
        (oid("atlas-win"), "0.7"),
        (oid("lens-adopt"), "0.4"),
        (oid("grow"), "0.6"),
    ]
    .into_iter()
    .map(|(node, v)| (node, p(v)))
    .collect()
}

/// The crate-docs inputs as dense leaves in plan order.
fn dense_leaves(graph: &OkrGraph) -> Vec<Progress> {
    let plan = graph.plan();
    let mut leaves = vec![Progress::ZERO; plan.leaf_count()];
    for (id, value) in &crate_example_inputs().progress {
        let at = plan.index_of(&NodeId::KeyResult(id.clone())).unwrap();
        leaves[at.get()] = *value;
    }
    leaves
}

#[test]
fn rollup_leaves_gives_the_hand_computed_values() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup_leaves(Weighted, dense_leaves(&graph)).unwrap();
    for (node, expected) in crate_example_values() {
        let value = rollup.value(&node).unwrap();
        assert_eq!(
            (value.computed, value.reported),
            (expected, expected),
            "{node}"
        );
    }
    // The same as the rollup by id.
    let by_id = graph.rollup(&crate_example_inputs()).unwrap();
    assert_eq!(rollup.reported_values(), by_id.reported_values());
    assert_eq!(rollup.values(), by_id.values());
}

#[test]
fn rollup_leaves_rejects_a_wrong_count_and_a_wrong_engine() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut leaves = dense_leaves(&graph);
    assert_eq!(leaves.len(), 4);
    leaves.pop();
    assert!(matches!(
        graph.rollup_leaves(Weighted, leaves),
        Err(Error::IndexOutOfPlan { index: 3, len: 4 })
    ));
    let leaves = dense_leaves(&graph);
    assert!(matches!(
        graph.rollup_leaves(SayDo::default(), leaves),
        Err(Error::MethodMismatch { .. })
    ));
}

#[test]
fn rollup_leaves_rolls_up_say_do_as_the_rollup_by_id_does() {
    let graph = OkrGraph::new(crate_example("say_do")).unwrap();
    let rollup = graph
        .rollup_leaves(SayDo::default(), dense_leaves(&graph))
        .unwrap();
    let by_id = graph.rollup(&crate_example_inputs()).unwrap();
    assert_eq!(rollup.values(), by_id.values());
    // Only atlas-nps (1) hits the default threshold of 1 among lens-active's and
    // atlas-win's key results: lens-active has no hit at all.
    assert_eq!(rollup.value(&kid("lens-active")).unwrap().computed, p("0"));
}

#[test]
fn values_lists_every_node_once_with_its_value() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let values = rollup.values();
    assert_eq!(values.len(), 8);
    let listed: BTreeMap<NodeId, Progress> = values
        .iter()
        .map(|v| (v.node.clone(), v.reported))
        .collect();
    assert_eq!(listed, crate_example_values());
    // In plan order: leaves first, the portfolio objective last.
    assert_eq!(values.last().map(|v| &v.node), Some(&oid("grow")));
    assert!(
        values[..4]
            .iter()
            .all(|v| matches!(v.node, NodeId::KeyResult(_)))
    );
}

#[test]
fn computed_values_hold_the_hand_computed_values_under_an_override() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let at = |node: &NodeId| graph.plan().index_of(node).unwrap().get();
    let check = |computed: &[Progress]| {
        for (node, expected) in crate_example_values() {
            assert_eq!(computed[at(&node)], expected, "{node}");
        }
    };
    check(rollup.computed_values());
    rollup
        .set_override(folio_okr::Override {
            node: kid("lens-active"),
            progress: p("1"),
            owner: "cpo".parse().unwrap(),
            reason: "the feed is late".into(),
        })
        .unwrap();
    // The override changes what lens-active reports (and so its parents), not what it
    // computes.
    assert_eq!(rollup.reported_values()[at(&kid("lens-active"))], p("1"));
    assert_eq!(rollup.computed_values()[at(&kid("lens-active"))], p("0.4"));
    assert_eq!(rollup.reported_values()[at(&oid("grow"))], p("0.8"));
    rollup.clear_override(&kid("lens-active")).unwrap();
    check(rollup.computed_values());
    check(rollup.reported_values());
}

#[test]
fn explain_all_explains_every_rolled_up_node_as_explain_does() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let all = rollup.explain_all().unwrap();
    let nodes: Vec<&NodeId> = all.iter().map(|e| &e.value.node).collect();
    assert_eq!(nodes.len(), 4);
    for node in [
        kid("lens-active"),
        oid("atlas-win"),
        oid("lens-adopt"),
        oid("grow"),
    ] {
        assert!(nodes.contains(&&node), "{node}");
    }
    let expected = crate_example_values();
    for explanation in &all {
        let node = &explanation.value.node;
        assert_eq!(explanation, &rollup.explain(node).unwrap());
        assert_eq!(explanation.value.reported, expected[node], "{node}");
    }
    // grow's terms: atlas-win (2/3 × 0.7) and lens-adopt (1/3 × 0.4).
    let grow = all.iter().find(|e| e.value.node == oid("grow")).unwrap();
    assert_eq!(grow.breakdown.terms.len(), 2);
}

// The KPI rollup.

fn catalog() -> MetricCatalog {
    let def = |id: &str, unit: Value, combine: &str| {
        json!({ "id": id, "name": id, "unit": unit, "direction": "higher_is_better",
                "layer": "portfolio_health", "combine": combine, "definition": id })
    };
    serde_json::from_value(json!({ "metrics": [
        def("ttv", json!("count"), "median"),
        def("arr", json!({ "currency": "EUR" }), "sum"),
    ]}))
    .unwrap()
}

fn increase(metric: &str, from: &str, to: &str) -> Value {
    json!({ "metric": metric, "goal": { "increase_to": { "baseline": from, "target": to } } })
}

/// One objective ("goal", `metric` from 10 to 20) over one key result per product,
/// each from 0 to 100.
fn flat_kpi(metric: &str, products: &[&str]) -> PortfolioData {
    let key_results: Vec<Value> = products
        .iter()
        .map(|id| {
            json!({ "id": id, "name": id, "tier": "product", "owner": "owner", "product": id,
                    "contributes_to": [{ "to": { "objective": "goal" } }],
                    "target": increase(metric, "0", "100") })
        })
        .collect();
    serde_json::from_value(json!({
        "policy": { "method": "kpi" },
        "objectives": [{ "id": "goal", "name": "goal", "tier": "portfolio",
                         "drivers": "key_results", "target": increase(metric, "10", "20") }],
        "key_results": key_results,
    }))
    .unwrap()
}

fn reading(v: &str) -> MetricReading {
    MetricReading {
        date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        reading: Reading::Value(d(v)),
    }
}

fn kpi_inputs(values: &[(&str, &str)]) -> KpiInputs {
    KpiInputs {
        readings: values
            .iter()
            .map(|(id, v)| (KeyResultId::new(*id).unwrap(), reading(v)))
            .collect(),
        overrides: Vec::new(),
    }
}

/// Readings by key result, their median, and the key result whose value it is.
type MedianCase = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

#[test]
fn the_kpi_median_of_an_odd_count_is_the_middle_value() {
    let cases: [MedianCase; 4] = [
        // Sorted: 12, 16, 30; the middle is nova's 16, not the first or the last.
        (
            &[("atlas", "12"), ("lens", "30"), ("nova", "16")],
            "16",
            "nova",
        ),
        (
            &[("atlas", "16"), ("lens", "12"), ("nova", "30")],
            "16",
            "atlas",
        ),
        // Sorted: 1, 2, 3, 4, 5.
        (
            &[
                ("atlas", "5"),
                ("lens", "1"),
                ("nova", "4"),
                ("orbit", "2"),
                ("pike", "3"),
            ],
            "3",
            "pike",
        ),
        // One key result: its own value.
        (&[("atlas", "14")], "14", "atlas"),
    ];
    for (values, median, picked) in cases {
        let products: Vec<&str> = values.iter().map(|(id, _)| *id).collect();
        let graph = OkrGraph::new(flat_kpi("ttv", &products)).unwrap();
        let rollup = graph
            .rollup_kpi(&catalog(), Scoring::Clamped, &kpi_inputs(values))
            .unwrap();
        let goal = oid("goal");
        assert_eq!(rollup.metric_value(&goal), Some(d(median)), "{values:?}");
        // Progress from 10 to 20.
        let progress = ((d(median) - d("10")) / d("10")).clamp(d("0"), d("1"));
        assert_eq!(
            rollup.value(&goal).unwrap().reported.value(),
            progress,
            "{values:?}"
        );
        // The explanation gives the whole share to the middle key result.
        let explanation = rollup.explain(&goal).unwrap();
        let terms = &explanation.breakdown.kpi.as_ref().unwrap().terms;
        assert_eq!(terms.len(), values.len());
        for term in terms {
            let is_picked = term.child == kid(picked);
            let share = if is_picked { d("1") } else { d("0") };
            assert_eq!(term.share, share, "{values:?} {}", term.child);
        }
        let contributed: folio_types::Decimal = terms.iter().filter_map(|t| t.contribution).sum();
        assert_eq!(contributed, d(median), "{values:?}");
    }
}

#[test]
fn the_kpi_median_of_an_even_count_averages_the_two_middle_values() {
    let values = [
        ("atlas", "30"),
        ("lens", "12"),
        ("nova", "16"),
        ("orbit", "20"),
    ];
    let graph = OkrGraph::new(flat_kpi("ttv", &["atlas", "lens", "nova", "orbit"])).unwrap();
    let rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &kpi_inputs(&values))
        .unwrap();
    // Sorted: 12, 16, 20, 30: (16 + 20) / 2 = 18.
    assert_eq!(rollup.metric_value(&oid("goal")), Some(d("18")));
    let explanation = rollup.explain(&oid("goal")).unwrap();
    let terms = &explanation.breakdown.kpi.as_ref().unwrap().terms;
    let shares: BTreeMap<String, folio_types::Decimal> = terms
        .iter()
        .map(|t| (t.child.to_string(), t.share))
        .collect();
    let half = d("0.5");
    for (id, share) in [
        ("atlas", d("0")),
        ("lens", d("0")),
        ("nova", half),
        ("orbit", half),
    ] {
        let key = kid(id).to_string();
        assert_eq!(shares.get(&key), Some(&share), "{id}");
    }
}

/// `(key result, reading)` in the plan's leaf order.
fn plan_order(graph: &OkrGraph, values: &[(&str, &str)]) -> Vec<MetricReading> {
    let plan = graph.plan();
    let mut dense = vec![None; plan.leaf_count()];
    for (id, v) in values {
        let at = plan.index_of(&kid(id)).unwrap().get();
        dense[at] = Some(reading(v));
    }
    dense.into_iter().map(Option::unwrap).collect()
}

#[test]
fn rollup_kpi_leaves_gives_the_values_of_the_rollup_by_id() {
    let values = [("atlas", "1400000"), ("lens", "300000"), ("nova", "50")];
    let mut data = flat_kpi("arr", &["atlas", "lens", "nova"]);
    data.objectives[0].target =
        Some(serde_json::from_value(increase("arr", "1000000", "2000000")).unwrap());
    let graph = OkrGraph::new(data).unwrap();
    let dense = graph
        .rollup_kpi_leaves(&catalog(), Scoring::Clamped, plan_order(&graph, &values))
        .unwrap();
    // 1,400,000 + 300,000 + 50 = 1,700,050: 0.70005 of the way from 1M to 2M.
    assert_eq!(dense.metric_value(&oid("goal")), Some(d("1700050")));
    assert_eq!(dense.value(&oid("goal")).unwrap().reported, p("0.70005"));
    let by_id = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &kpi_inputs(&values))
        .unwrap();
    assert_eq!(dense.values(), by_id.values());
    // One reading short is an error, not a zero.
    let mut short = plan_order(&graph, &values);
    short.pop();
    assert!(
        graph
            .rollup_kpi_leaves(&catalog(), Scoring::Clamped, short)
            .is_err()
    );
}

#[test]
fn kpi_values_and_explain_all_cover_every_node() {
    let values = [("atlas", "12"), ("lens", "30"), ("nova", "16")];
    let graph = OkrGraph::new(flat_kpi("ttv", &["atlas", "lens", "nova"])).unwrap();
    let rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &kpi_inputs(&values))
        .unwrap();
    // Leaves from 0 to 100: 12 is 0.12; the goal's median 16 is 0.6 from 10 to 20.
    let expected: BTreeMap<NodeId, Progress> = [
        (kid("atlas"), "0.12"),
        (kid("lens"), "0.3"),
        (kid("nova"), "0.16"),
        (oid("goal"), "0.6"),
    ]
    .into_iter()
    .map(|(n, v)| (n, p(v)))
    .collect();
    let listed: BTreeMap<NodeId, Progress> = rollup
        .values()
        .into_iter()
        .map(|v| (v.node, v.reported))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(rollup.values().len(), 4);
    let all = rollup.explain_all().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0], rollup.explain(&oid("goal")).unwrap());
    assert_eq!(all[0].value.reported, p("0.6"));
}
