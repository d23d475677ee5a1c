//! Assertions that close the gaps cargo-mutants found in the rollups (see
//! `docs/mutants.md`, "folio-okr (partial)").
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, through the public API only, so that a change to the rule's
//! code (a flipped comparison, a lost branch, a constant result) makes a test fail.
//!
//! The crate-docs portfolio, by hand (weights in brackets):
//! - atlas-win = (3 × atlas-arr 0.6 + 1 × atlas-nps 1) / 4 = 0.7
//! - lens-active = (1 × lens-onboarding 0.5 + 1 × lens-docs 0.3) / 2 = 0.4
//! - lens-adopt = lens-active = 0.4
//! - grow = (2 × atlas-win 0.7 + 1 × lens-adopt 0.4) / 3 = 0.6
// Tests fail loudly: they unwrap, index and panic; their index arithmetic is on small
// counts.
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

use common::{crate_example, crate_example_inputs, d, kid, oid, p};
use folio_metrics::{Combine, MetricCatalog, Reading, Scoring};
use folio_okr::{
    AdditiveEngine, Engine, Error, KpiInputs, MetricReading, NodeId, NodeIndex, OkrGraph, Override,
    PortfolioData, RolledUp, RollupEngine, RollupMethod, RollupPolicy, SayDo, Weighted,
};
use folio_types::{KeyResultId, NaiveDate, Progress};
use serde_json::{Value, json};

/// The reported value of every node, by plan index, as the hand computation gives it.
fn crate_example_reported(graph: &OkrGraph) -> Vec<Progress> {
    let plan = graph.plan();
    let mut expected = vec![Progress::ZERO; plan.len()];
    for (node, value) in [
        (kid("atlas-arr"), "0.6"),
        (kid("atlas-nps"), "1"),
        (kid("lens-onboarding"), "0.5"),
        (kid("lens-docs"), "0.3"),
        (kid("lens-active"), "0.4"),
        (oid("atlas-win"), "0.7"),
        (oid("lens-adopt"), "0.4"),
        (oid("grow"), "0.6"),
    ] {
        expected[plan.index_of(&node).unwrap().get()] = p(value);
    }
    expected
}

/// A progress rollup read through the `RolledUp` trait gives what it gives directly:
/// its method, plan, every reported value, a node's value and its explanation.
#[test]
fn a_progress_rollup_reads_the_same_through_rolled_up() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let dynamic: &dyn RolledUp = &rollup;
    assert_eq!(dynamic.method(), RollupMethod::Weighted);
    assert_eq!(dynamic.plan().len(), 8);
    assert_eq!(dynamic.plan().leaf_count(), 4);
    assert_eq!(dynamic.reported_values(), crate_example_reported(&graph));
    let grow = dynamic.value(&oid("grow")).unwrap();
    assert_eq!((grow.node.clone(), grow.reported), (oid("grow"), p("0.6")));
    let explanation = dynamic.explain(&oid("atlas-win")).unwrap();
    assert_eq!(explanation.value.computed, p("0.7"));
    assert_eq!(explanation.breakdown.basis, d("4"));
    assert!(dynamic.value(&oid("nowhere")).is_none());

    // A say-do portfolio: atlas-win counts atlas-arr (0.6, missed) and atlas-nps (1,
    // hit) at the default threshold of 1: 1 of 2.
    let graph = OkrGraph::new(crate_example("say_do")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let dynamic: &dyn RolledUp = &rollup;
    assert_eq!(dynamic.method(), RollupMethod::SayDo);
    let at = graph.plan().index_of(&oid("atlas-win")).unwrap().get();
    assert_eq!(dynamic.reported_values()[at], p("0.5"));
    assert_eq!(dynamic.reported_values().len(), 8);
}

/// The engine a policy names delegates to the engine of its method: its method, its
/// computation, its explanation and its additive form.
#[test]
fn the_policy_engine_delegates_to_the_engine_of_its_method() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let plan = graph.plan();
    let values = crate_example_reported(&graph);
    let atlas_win = plan.index_of(&oid("atlas-win")).unwrap();

    let weighted = Engine::from_policy(&RollupPolicy::new(RollupMethod::Weighted)).unwrap();
    assert_eq!(weighted, Engine::Weighted(Weighted));
    assert_eq!(weighted.method(), RollupMethod::Weighted);
    // (3 × 0.6 + 1 × 1) / 4 = 0.7
    assert_eq!(
        weighted.compute(plan, atlas_win, &values).unwrap(),
        p("0.7")
    );
    let breakdown = weighted.explain(plan, atlas_win, &values).unwrap();
    assert_eq!(breakdown.basis, d("4"));
    assert_eq!(breakdown.terms.len(), 2);
    // The weighted engine is additive, through the policy engine too: the term of
    // weight 3 and value 0.6 is 1.8 at 20 decimal places.
    let additive = weighted.additive().unwrap();
    let term = additive.term("3".parse().unwrap(), p("0.6")).unwrap();
    assert_eq!(term, 18 * 10u128.pow(19));
    assert!(Weighted.additive().is_some());
    // atlas-nps adds 1 × 1 = 1; the sum 2.8 over the total weight 4 is 0.7.
    let nps = additive.term("1".parse().unwrap(), p("1")).unwrap();
    assert_eq!(nps, 10u128.pow(20));
    assert_eq!(
        additive.finish(plan, atlas_win, term + nps).unwrap(),
        Some(p("0.7"))
    );
    assert_eq!(
        Weighted.finish(plan, atlas_win, term + nps).unwrap(),
        Some(p("0.7"))
    );

    // A say-do policy with a hit threshold of 0.6: atlas-arr (0.6) and atlas-nps (1)
    // both hit.
    let policy = RollupPolicy::new(RollupMethod::SayDo)
        .with_hit_threshold(p("0.6"))
        .unwrap();
    let say_do = Engine::from_policy(&policy).unwrap();
    assert_eq!(say_do, Engine::SayDo(SayDo::new(p("0.6")).unwrap()));
    assert_eq!(say_do.method(), RollupMethod::SayDo);
    assert_eq!(say_do.compute(plan, atlas_win, &values).unwrap(), p("1"));
    let breakdown = say_do.explain(plan, atlas_win, &values).unwrap();
    assert_eq!(breakdown.counts.map(|c| (c.hits, c.total)), Some((2, 2)));
    // Say-do counts hits: it has no additive form.
    assert!(say_do.additive().is_none());
    assert!(SayDo::default().additive().is_none());
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
        def("avg", json!("count"), "mean"),
    ]}))
    .unwrap()
}

/// The catalog with a weighted mean: NPS weighted by its respondents.
fn nps_catalog() -> MetricCatalog {
    serde_json::from_value(json!({ "metrics": [
        { "id": "nps", "name": "nps", "unit": "score", "direction": "higher_is_better",
          "layer": "portfolio_health", "combine": { "weighted_mean": { "base": "respondents" } },
          "definition": "nps" },
        { "id": "respondents", "name": "respondents", "unit": "count",
          "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
          "definition": "respondents" },
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

fn override_of(node: NodeId, progress: &str) -> Override {
    Override {
        node,
        progress: p(progress),
        owner: "cpo".parse().unwrap(),
        reason: "the feed is late".into(),
    }
}

/// A KPI rollup keeps the scoring it was built with: over-achievement is kept only
/// when asked for (150 of a 0-to-100 target is 1.5, or 1 when clamped).
#[test]
fn a_kpi_rollup_keeps_its_scoring() {
    let graph = OkrGraph::new(flat_kpi("arr", &["atlas", "lens"])).unwrap();
    let inputs = kpi_inputs(&[("atlas", "150"), ("lens", "10")]);
    for (scoring, atlas) in [
        (Scoring::AllowOverAchievement, "1.5"),
        (Scoring::Clamped, "1"),
    ] {
        let rollup = graph.rollup_kpi(&catalog(), scoring, &inputs).unwrap();
        assert_eq!(rollup.scoring(), scoring);
        assert_eq!(rollup.value(&kid("atlas")).unwrap().reported, p(atlas));
        // The goal sums 150 + 10 = 160: far above its target of 20 either way.
        assert_eq!(rollup.metric_value(&oid("goal")), Some(d("160")));
    }
}

/// `heap_bytes` counts at least the per-node progress a rollup keeps (computed and
/// reported, one `Progress` each per node), and an owner override's entry.
#[test]
fn heap_bytes_counts_the_per_node_values_and_the_overrides() {
    let per_node = 2 * size_of::<Progress>();
    let override_entry = size_of::<(NodeIndex, Override)>();

    let graph = OkrGraph::new(flat_kpi("arr", &["atlas", "lens", "nova"])).unwrap();
    let mut inputs = kpi_inputs(&[("atlas", "1"), ("lens", "2"), ("nova", "3")]);
    let plain = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    assert!(plain.heap_bytes() >= 4 * per_node, "{}", plain.heap_bytes());
    inputs.overrides.push(override_of(oid("goal"), "0.5"));
    let overridden = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    assert!(
        overridden.heap_bytes() >= plain.heap_bytes() + override_entry,
        "{} {}",
        overridden.heap_bytes(),
        plain.heap_bytes()
    );

    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut inputs = crate_example_inputs();
    let plain = graph.rollup(&inputs).unwrap();
    assert!(plain.heap_bytes() >= 8 * per_node, "{}", plain.heap_bytes());
    inputs.overrides.push(override_of(oid("grow"), "0.5"));
    let overridden = graph.rollup(&inputs).unwrap();
    assert!(
        overridden.heap_bytes() >= plain.heap_bytes() + override_entry,
        "{} {}",
        overridden.heap_bytes(),
        plain.heap_bytes()
    );
}

/// Different objectives may measure different metrics; each node combines by its own
/// metric's rule. Revenue sums ARR: 1,400 + 300 = 1,700 (0.7 of the way from 1,000 to
/// 2,000); speed takes the median time to value of 12, 30 and 16: 16 (0.6 of the way
/// from 10 to 20). A node that took the other metric's rule would give 850 (the
/// median of 1,400 and 300) or 58 (the sum of 12, 30 and 16).
#[test]
fn objectives_of_different_metrics_combine_by_their_own_rules() {
    let leaf = |id: &str, metric: &str, to: &str| {
        json!({ "id": id, "name": id, "tier": "product", "owner": "owner", "product": "atlas",
                "contributes_to": [{ "to": { "objective": to } }],
                "target": increase(metric, "0", "100") })
    };
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": { "method": "kpi" },
        "objectives": [
            { "id": "revenue", "name": "revenue", "tier": "portfolio", "drivers": "key_results",
              "target": increase("arr", "1000", "2000") },
            { "id": "speed", "name": "speed", "tier": "portfolio", "drivers": "key_results",
              "target": increase("ttv", "10", "20") },
        ],
        "key_results": [
            leaf("atlas-arr", "arr", "revenue"),
            leaf("lens-arr", "arr", "revenue"),
            leaf("atlas-ttv", "ttv", "speed"),
            leaf("lens-ttv", "ttv", "speed"),
            leaf("nova-ttv", "ttv", "speed"),
        ],
    }))
    .unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let inputs = kpi_inputs(&[
        ("atlas-arr", "1400"),
        ("lens-arr", "300"),
        ("atlas-ttv", "12"),
        ("lens-ttv", "30"),
        ("nova-ttv", "16"),
    ]);
    let rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    assert_eq!(rollup.metric_value(&oid("revenue")), Some(d("1700")));
    assert_eq!(rollup.value(&oid("revenue")).unwrap().reported, p("0.7"));
    assert_eq!(rollup.metric_value(&oid("speed")), Some(d("16")));
    assert_eq!(rollup.value(&oid("speed")).unwrap().reported, p("0.6"));
    for (node, metric, combine) in [
        (oid("revenue"), "arr", Combine::Sum),
        (oid("speed"), "ttv", Combine::Median),
    ] {
        let explanation = rollup.explain(&node).unwrap();
        let kpi = explanation.breakdown.kpi.unwrap();
        assert_eq!(
            (kpi.metric.as_str(), kpi.combine),
            (metric, combine),
            "{node}"
        );
    }
}

/// A say-do hit threshold must be above 0 (at 0 every key result would count as hit),
/// whether the engine is built or read from JSON; any positive threshold is kept.
#[test]
fn a_say_do_threshold_of_zero_is_refused() {
    let refused = SayDo::new(Progress::ZERO).unwrap_err();
    assert!(
        matches!(
            &refused,
            Error::Core(folio_types::Error::InvalidSetting {
                setting: "say-do engine",
                field: "hit_threshold",
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(serde_json::from_value::<SayDo>(json!({ "hit_threshold": "0" })).is_err());
    let low = SayDo::new(p("0.01")).unwrap();
    assert_eq!(low.hit_threshold(), p("0.01"));
    let read: SayDo = serde_json::from_value(json!({ "hit_threshold": "0.5" })).unwrap();
    assert_eq!(read.hit_threshold(), p("0.5"));
}

fn weighted(value: &str, base: &str) -> MetricReading {
    MetricReading {
        date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        reading: Reading::Weighted {
            value: d(value),
            base: d(base),
        },
    }
}

/// An update equals a full recompute with the same inputs, also when the weighted
/// mean's `value × base` products carry more than 28 decimal places and are rounded
/// (inexact terms): the running sums may then not be patched term by term.
#[test]
fn an_update_with_rounded_products_equals_a_full_recompute() {
    let graph = OkrGraph::new(flat_kpi("nps", &["atlas", "lens", "nova"])).unwrap();
    let readings = |atlas: MetricReading| KpiInputs {
        readings: [
            ("atlas", atlas),
            ("lens", weighted("0.9876543210987654321098765432", "54321")),
            ("nova", weighted("0.5555555555555555555555555555", "77777")),
        ]
        .into_iter()
        .map(|(id, r)| (KeyResultId::new(id).unwrap(), r))
        .collect(),
        overrides: Vec::new(),
    };
    let before = weighted("0.1234567890123456789012345678", "12345");
    let after = [
        weighted("0.3333333333333333333333333333", "99999"),
        weighted("0.25", "4"),
        weighted("0.7777777777777777777777777777", "3"),
    ];
    let mut rollup = graph
        .rollup_kpi(&nps_catalog(), Scoring::Clamped, &readings(before))
        .unwrap();
    for reading in after {
        rollup
            .update(&KeyResultId::new("atlas").unwrap(), reading)
            .unwrap();
        let full = graph
            .rollup_kpi(&nps_catalog(), Scoring::Clamped, &readings(reading))
            .unwrap();
        let got: Vec<_> = rollup.metric_values().collect();
        let expected: Vec<_> = full.metric_values().collect();
        assert_eq!(format!("{got:?}"), format!("{expected:?}"));
        assert_eq!(rollup.values(), full.values());
    }
}

/// Sets each leaf in turn to each value of `palette` (plain readings of the sum metric
/// `arr`, or weighted readings of `nps` when `weighted_base` is given), and checks after
/// every update that the rollup equals a full rollup of the same readings, digit for
/// digit: the rule an update follows, whatever its running sums round to.
fn updates_match_full_rollups(palette: &[&str], weighted_base: Option<&[&str]>) {
    let products = ["atlas", "lens", "nova"];
    let (metric, catalog) = match weighted_base {
        Some(_) => ("nps", nps_catalog()),
        None => ("arr", catalog()),
    };
    let graph = OkrGraph::new(flat_kpi(metric, &products)).unwrap();
    let make = |i: usize| -> MetricReading {
        let value = palette[i % palette.len()];
        match weighted_base {
            Some(bases) => weighted(value, bases[i % bases.len()]),
            None => reading(value),
        }
    };
    let inputs = |current: &[usize; 3]| KpiInputs {
        readings: products
            .iter()
            .zip(current)
            .map(|(id, &i)| (KeyResultId::new(*id).unwrap(), make(i)))
            .collect(),
        overrides: Vec::new(),
    };
    // Every leaf starts on a different value, then each takes every value in turn.
    let mut current = [0, 1, 2];
    let mut rollup = graph
        .rollup_kpi(&catalog, Scoring::Clamped, &inputs(&current))
        .unwrap();
    for step in 0..palette.len() * 6 {
        let leaf = step % 3;
        current[leaf] = step / 3 + leaf;
        rollup
            .update(
                &KeyResultId::new(products[leaf]).unwrap(),
                make(current[leaf]),
            )
            .unwrap();
        let full = graph
            .rollup_kpi(&catalog, Scoring::Clamped, &inputs(&current))
            .unwrap();
        let got: Vec<_> = rollup.metric_values().collect();
        let expected: Vec<_> = full.metric_values().collect();
        assert_eq!(
            format!("{got:?}"),
            format!("{expected:?}"),
            "step {step}: {current:?}"
        );
        assert_eq!(rollup.values(), full.values(), "step {step}");
    }
}

/// Sums that lose digits: beside 10^21, a 96-bit mantissa keeps 7 decimal places, so
/// adding 0.00000004 to it rounds, and the order of the additions decides the result
/// (10^21 + 4e-8 + 4e-8 is 10^21; 4e-8 + 4e-8 + 10^21 is 10^21 + 1e-7).
/// Taking a leaf's old term out of such a sum and putting its new one in is not what
/// a full rollup adds up, so an update must recompute from the leaves instead.
#[test]
fn updates_of_sums_that_round_equal_full_rollups() {
    updates_match_full_rollups(
        &[
            "1000000000000000000000",
            "0.00000004",
            "0.00000004",
            "1",
            "-1000000000000000000000",
            "0.00000006",
            "-0.00000004",
            "0",
            "99999999999999999999.9999999",
        ],
        None,
    );
}

/// The same for a weighted mean, whose numerator (value × base) and denominator (the
/// bases) are running sums that can each round.
#[test]
fn updates_of_weighted_means_that_round_equal_full_rollups() {
    updates_match_full_rollups(
        &["0.5", "0.00000004", "1", "0.3", "0.7"],
        Some(&[
            "1000000000000000000000",
            "3",
            "1",
            "500000000000000000000",
            "7",
            "2",
        ]),
    );
}

/// Sets one leaf after another to `value` and back to `rest`, with the other leaves
/// at `others` (by position, skipping the leaf itself), comparing every update with a
/// full rollup of the same readings. Each leaf takes its turn because the order in
/// which a full rollup adds the leaves decides how a sum that loses digits rounds:
/// whichever leaf comes first, one turn puts the large value there.
fn each_leaf_in_turn(rest: &str, value: &str, others: [&str; 2]) {
    let products = ["atlas", "lens", "nova"];
    let graph = OkrGraph::new(flat_kpi("arr", &products)).unwrap();
    for leaf in 0..3 {
        let mut current: Vec<&str> = Vec::new();
        let mut rest_of = others.iter();
        for i in 0..3 {
            current.push(if i == leaf {
                rest
            } else {
                rest_of.next().unwrap()
            });
        }
        let inputs = |current: &[&str]| {
            let pairs: Vec<(&str, &str)> = products
                .iter()
                .copied()
                .zip(current.iter().copied())
                .collect();
            kpi_inputs(&pairs)
        };
        let mut rollup = graph
            .rollup_kpi(&catalog(), Scoring::Clamped, &inputs(&current))
            .unwrap();
        for next in [value, rest, value] {
            current[leaf] = next;
            rollup
                .update(&KeyResultId::new(products[leaf]).unwrap(), reading(next))
                .unwrap();
            let full = graph
                .rollup_kpi(&catalog(), Scoring::Clamped, &inputs(&current))
                .unwrap();
            let got: Vec<_> = rollup.metric_values().collect();
            let expected: Vec<_> = full.metric_values().collect();
            assert_eq!(format!("{got:?}"), format!("{expected:?}"), "{current:?}");
        }
    }
}

/// An update whose new term makes an exact sum round: from 4e-8 three times (exact),
/// one leaf becomes 10^21. Taking 4e-8 out and adding 10^21 gives 10^21 + 1e-7; a full
/// rollup that adds the large leaf first gives 10^21 (each 4e-8 rounds away).
#[test]
fn an_update_that_makes_an_exact_sum_round_equals_a_full_rollup() {
    each_leaf_in_turn(
        "0.00000004",
        "1000000000000000000000",
        ["0.00000004", "0.00000004"],
    );
}

/// An update that keeps the signed sum exact while the sum of magnitudes rounds: beside
/// 10^21 and -10^21 (which cancel), a leaf goes from 0 to 4e-8. A full rollup that adds
/// it before the second large leaf loses it (10^21 + 4e-8 rounds to 10^21), so the
/// update must add up the leaves again.
#[test]
fn an_update_beside_cancelling_leaves_equals_a_full_rollup() {
    each_leaf_in_turn(
        "0",
        "0.00000004",
        ["1000000000000000000000", "-1000000000000000000000"],
    );
}
