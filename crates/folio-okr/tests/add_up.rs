//! Do the goals add up? Worked examples from the seeds and a property against a naive
//! recomputation; dependencies between goals and their validation.
// Tests fail loudly: they unwrap, index, panic and compute expected values with plain
// operators on small numbers.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::needless_pass_by_value
)]
#![cfg(feature = "serde")]

mod common;

use common::{d, kid, oid};
use folio_metrics::{MetricCatalog, MetricDef};
use folio_okr::{
    AddUpFinding, Aggregate, CascadeInputs, OkrGraph, PortfolioData, Problem, SmartCriterion,
    SmartFailure, Warning, add_up, cascade_with, validate,
};
use folio_types::{Decimal, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};

fn catalog() -> MetricCatalog {
    let defs: Vec<MetricDef> = serde_json::from_value(json!([
        {"id": "revenue", "name": "Revenue", "unit": {"currency": "USD"}, "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue in the quarter."},
        {"id": "nrr", "name": "Net revenue retention", "unit": "percent", "direction": "higher_is_better", "layer": "portfolio_health", "combine": {"weighted_mean": {"base": "revenue"}}, "definition": "NRR."},
        {"id": "ttv", "name": "Median time to value", "unit": {"duration": "days"}, "direction": "lower_is_better", "layer": "delivery_execution", "combine": "median", "definition": "Days from purchase to first value."}
    ]))
    .unwrap();
    MetricCatalog::from_definitions(defs).unwrap()
}

/// The sample KPI portfolio of the review (`examples/data/sample/kpi.json`), as of
/// 2026-12-01: product revenue targets 3.2M + 5.2M + 0.8M + 1.45M + 0.35M = 11.0M under
/// an 11.5M portfolio objective.
fn sample() -> PortfolioData {
    let kr = |id: &str, product: &str, metric: &str, baseline: &str, target: &str, to: &str| {
        json!({"id": id, "name": id, "tier": "product", "owner": "owner", "product": product,
               "target": {"metric": metric, "goal": {"increase_to": {"baseline": baseline, "target": target}}},
               "contributes_to": [{"to": {"objective": to}}]})
    };
    serde_json::from_value(json!({
        "policy": {"method": "kpi"},
        "objectives": [
            {"id": "nrr-115", "name": "Portfolio NRR to 115%", "tier": "portfolio", "drivers": "key_results", "theme": "retention", "target": {"metric": "nrr", "goal": {"increase_to": {"baseline": "110", "target": "115"}}}},
            {"id": "revenue-11m", "name": "Quarterly revenue to 11.5M", "tier": "portfolio", "drivers": "key_results", "theme": "profitable growth", "target": {"metric": "revenue", "goal": {"increase_to": {"baseline": "9110000", "target": "11500000"}}}}
        ],
        "key_results": [
            kr("ledger-revenue", "ledger", "revenue", "3030000", "3200000", "revenue-11m"),
            kr("pulse-revenue", "pulse", "revenue", "3800000", "5200000", "revenue-11m"),
            kr("relay-revenue", "relay", "revenue", "760000", "800000", "revenue-11m"),
            kr("harbor-revenue", "harbor", "revenue", "1300000", "1450000", "revenue-11m"),
            kr("scout-revenue", "scout", "revenue", "220000", "350000", "revenue-11m"),
            kr("ledger-retention", "ledger", "nrr", "104", "106", "nrr-115"),
            kr("pulse-retention", "pulse", "nrr", "124", "125", "nrr-115"),
            kr("relay-retention", "relay", "nrr", "91", "100", "nrr-115"),
            kr("harbor-retention", "harbor", "nrr", "110", "112", "nrr-115"),
            kr("scout-retention", "scout", "nrr", "105", "115", "nrr-115")
        ]
    }))
    .unwrap()
}

#[test]
fn sample_revenue_targets_fall_half_a_million_short() {
    let graph = OkrGraph::new(sample()).unwrap();
    let findings = add_up(&graph, &catalog()).unwrap();
    // NRR is a weighted mean by revenue: its targets only bound the aggregate, to
    // 100..=125, which holds 115, so it is not a finding.
    assert_eq!(findings.len(), 1, "{findings:?}");
    let revenue = &findings[0];
    assert_eq!(revenue.node, oid("revenue-11m"));
    assert_eq!(revenue.combine, "sum");
    assert_eq!(revenue.target, d("11500000"));
    assert_eq!(
        revenue.aggregate,
        Aggregate::Exact {
            value: d("11000000")
        }
    );
    assert_eq!(revenue.contributors.len(), 5);
    let AddUpFinding::Shortfall {
        amount,
        progress_when_met,
    } = &revenue.finding
    else {
        panic!("{revenue:?}")
    };
    assert_eq!(*amount, d("500000"));
    // (11,000,000 - 9,110,000) / (11,500,000 - 9,110,000) = 1.89 / 2.39 = 0.7908: the
    // 0.79 the issue measured with every product exactly at target.
    assert_eq!(
        progress_when_met.unwrap().value().round_dp(4),
        Decimal::new(7908, 4)
    );
    assert_eq!(
        revenue.to_string(),
        r#"revenue targets of the 5 contributor(s) of objective "revenue-11m" sum to 11000000 against its 11500000 on metric "revenue": 500000 that no contributor owns; with every contributor at target it reaches only 0.7908"#
    );

    // The whole report: the add-up finding, both objectives are only per-product
    // splits of one metric (scorecards), and two portfolio objectives are too few.
    let report = cascade_with(&graph, &CascadeInputs::new().with_catalog(&catalog())).unwrap();
    assert_eq!(report.add_up, findings);
    let scorecards: Vec<String> = report
        .scorecards
        .iter()
        .map(|s| s.objective.to_string())
        .collect();
    assert_eq!(scorecards, ["nrr-115", "revenue-11m"]);
    assert!(matches!(
        report.warnings.as_slice(),
        [Warning::TooFewPortfolioObjectives { .. }]
    ));
    // Without a catalog, the add-up check is skipped.
    assert!(graph.cascade().add_up.is_empty());
}

fn revenue_kr(id: &str, product: &str, target: &str, to: &str) -> Value {
    json!({"id": id, "name": id, "tier": "product", "owner": "owner", "product": product,
           "target": {"metric": "revenue", "goal": {"increase_to": {"baseline": "0", "target": target}}},
           "contributes_to": [{"to": {"objective": to}}]})
}

fn revenue_portfolio(top: &str, products: &[(&str, &str)]) -> PortfolioData {
    serde_json::from_value(json!({
        "policy": {"method": "kpi"},
        "objectives": [
            {"id": "top", "name": "top", "tier": "portfolio", "drivers": "key_results",
             "target": {"metric": "revenue", "goal": {"increase_to": {"baseline": "0", "target": top}}}}
        ],
        "key_results": products
            .iter()
            .map(|(id, target)| revenue_kr(id, id, target, "top"))
            .collect::<Vec<_>>()
    }))
    .unwrap()
}

/// The reverse case: product targets sum above the portfolio's, so the portfolio is
/// met while a product is far behind.
#[test]
fn a_surplus_names_the_product_that_can_fall_furthest_behind() {
    let graph = OkrGraph::new(revenue_portfolio("10", &[("a", "6"), ("b", "6")])).unwrap();
    let findings = add_up(&graph, &catalog()).unwrap();
    let AddUpFinding::Surplus { amount, weakest } = &findings[0].finding else {
        panic!("{findings:?}")
    };
    assert_eq!(*amount, d("2"));
    // With "b" at 6, "a" needs only 4 of its 6: progress 4/6. Ties go to the first id.
    let (node, progress) = weakest.clone().unwrap();
    assert_eq!(node, kid("a"));
    assert_eq!(progress.value().round_dp(4), Decimal::new(6667, 4));
    // Targets that add up exactly are no finding.
    let exact = OkrGraph::new(revenue_portfolio("12", &[("a", "6"), ("b", "6")])).unwrap();
    assert!(add_up(&exact, &catalog()).unwrap().is_empty());
}

/// A metric where lower is better, combined by the median: a parent asking for a
/// median time to value of 10 days over products aiming at 12, 9 and 14 days cannot be
/// met with every product at target (median 12).
#[test]
fn a_lower_is_better_median_falls_short_too() {
    let kr = |id: &str, target: &str| {
        json!({"id": id, "name": id, "tier": "product", "owner": "owner", "product": id,
               "target": {"metric": "ttv", "goal": {"decrease_to": {"baseline": "30", "target": target}}},
               "contributes_to": [{"to": {"objective": "top"}}]})
    };
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "top", "name": "top", "tier": "portfolio", "drivers": "key_results",
            "target": {"metric": "ttv", "goal": {"decrease_to": {"baseline": "30", "target": "10"}}}}],
        "key_results": [kr("a", "12"), kr("b", "9"), kr("c", "14")]
    }))
    .unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let findings = add_up(&graph, &catalog()).unwrap();
    assert_eq!(findings[0].aggregate, Aggregate::Exact { value: d("12") });
    let AddUpFinding::Shortfall {
        amount,
        progress_when_met,
    } = &findings[0].finding
    else {
        panic!("{findings:?}")
    };
    assert_eq!(*amount, d("2"));
    // From 30 down to 12 of the 20 days asked: 18 / 20.
    assert_eq!(progress_when_met.unwrap().value(), d("0.9"));
}

fn dependent(deadline_api: &str, depends: Value) -> PortfolioData {
    serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [
            {"id": "adopt", "name": "adopt", "tier": "portfolio", "drivers": "key_results",
             "theme": "cross-sell growth", "deadline": "2026-09-30"}
        ],
        "key_results": [
            {"id": "api", "name": "Shared API v2", "tier": "product", "owner": "ana", "product": "atlas",
             "deadline": deadline_api, "contributes_to": [{"to": {"objective": "adopt"}}]},
            {"id": "flow", "name": "Unified onboarding", "tier": "product", "owner": "lee", "product": "lens",
             "deadline": "2026-10-15", "contributes_to": [{"to": {"objective": "adopt"}}],
             "depends_on": depends}
        ]
    }))
    .unwrap()
}

/// Seed 001, "Achievable": a goal that depends on another product shipping first.
#[test]
fn a_prerequisite_due_after_the_goal_fails_achievable() {
    let data = dependent(
        "2026-09-15",
        json!([{"on": {"key_result": "api"}, "kind": "shared_api", "due": "2026-10-20"}]),
    );
    let graph = OkrGraph::new(data).unwrap();
    let report = graph.cascade();
    let flow = report.smart_check(&kid("flow")).unwrap();
    let achievable: Vec<&SmartFailure> = flow
        .failures
        .iter()
        .filter(|f| f.criterion() == SmartCriterion::Achievable)
        .collect();
    assert_eq!(
        achievable,
        [&SmartFailure::PrerequisiteDueLate {
            prerequisite: kid("api"),
            due: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
            deadline: NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
        }]
    );
    assert_eq!(
        achievable[0].to_string(),
        r#"not achievable: prerequisite key result "api" is due 2026-10-20, after the deadline 2026-10-15"#
    );
    // "flow" is due after the objective it contributes to.
    assert_eq!(report.late_deadlines.len(), 1);
    assert_eq!(
        report.late_deadlines[0].to_string(),
        r#"late deadline: key result "flow" is due 2026-10-15, after objective "adopt" it contributes to (2026-09-30)"#
    );
    // Without a due date on the edge, the prerequisite's deadline stands in: due in time.
    let in_time = dependent(
        "2026-09-15",
        json!([{"on": {"key_result": "api"}, "kind": "feature"}]),
    );
    let graph = OkrGraph::new(in_time).unwrap();
    assert!(
        graph
            .cascade()
            .smart_check(&kid("flow"))
            .unwrap()
            .achievable
    );
    // An off-track prerequisite fails it too.
    let off = [kid("api")];
    let report = cascade_with(&graph, &CascadeInputs::new().with_off_track(&off)).unwrap();
    assert!(!report.smart_check(&kid("flow")).unwrap().achievable);
}

#[test]
fn dependency_problems_name_the_ids() {
    let unknown = dependent(
        "2026-09-15",
        json!([{"on": {"key_result": "nope"}, "kind": "feature"},
               {"on": {"key_result": "api"}, "kind": "feature"},
               {"on": {"key_result": "api"}, "kind": "shared_api"}]),
    );
    assert_eq!(
        validate(&unknown).problems,
        [
            Problem::UnknownDependency {
                node: kid("flow"),
                on: kid("nope")
            },
            Problem::DuplicateDependency {
                node: kid("flow"),
                on: kid("api")
            },
        ]
    );
    let mut cycle = dependent(
        "2026-09-15",
        json!([{"on": {"key_result": "api"}, "kind": "feature"}]),
    );
    cycle.key_results[0].depends_on = vec![folio_okr::Dependency::new(
        folio_types::KeyResultId::new("flow").unwrap(),
        folio_okr::DependencyKind::PlatformMigration,
        None,
    )];
    let problems = validate(&cycle).problems;
    assert_eq!(
        problems,
        [Problem::DependencyCycle {
            nodes: vec![kid("api"), kid("flow")]
        }]
    );
    assert_eq!(
        problems[0].to_string(),
        r#"dependency cycle through key result "api", key result "flow""#
    );
    assert!(OkrGraph::new(cycle).is_err());
    // Old files without dependencies still read.
    let old: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "o", "name": "o", "tier": "portfolio", "drivers": "key_results"}],
        "key_results": [{"id": "k", "name": "k", "tier": "product", "owner": "a", "product": "p",
                         "contributes_to": [{"to": {"objective": "o"}}]}]
    }))
    .unwrap();
    assert!(old.key_results[0].depends_on.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The add-up check agrees with a naive recomputation: for a sum metric the
    /// shortfall or surplus is exactly `|target - sum of the product targets|`, and
    /// there is no finding when they are equal.
    #[test]
    fn add_up_agrees_with_a_naive_sum(
        top in 1u32..2_000,
        products in proptest::collection::vec(1u32..1_000, 1..6),
    ) {
        let ids: Vec<String> = (0..products.len()).map(|i| format!("p{i}")).collect();
        let targets: Vec<String> = products.iter().map(u32::to_string).collect();
        let pairs: Vec<(&str, &str)> = ids.iter().map(String::as_str).zip(targets.iter().map(String::as_str)).collect();
        let graph = OkrGraph::new(revenue_portfolio(&top.to_string(), &pairs)).unwrap();
        let findings = add_up(&graph, &catalog()).unwrap();
        let naive: i64 = products.iter().map(|v| i64::from(*v)).sum();
        let diff = i64::from(top) - naive;
        match (diff.signum(), findings.as_slice()) {
            (0, []) => {}
            (1, [f]) => {
                let ok = matches!(&f.finding, AddUpFinding::Shortfall { amount, .. } if *amount == Decimal::from(diff));
                prop_assert!(ok, "{:?}", f);
            }
            (-1, [f]) => {
                let ok = matches!(&f.finding, AddUpFinding::Surplus { amount, .. } if *amount == Decimal::from(-diff));
                prop_assert!(ok, "{:?}", f);
            }
            other => prop_assert!(false, "{other:?}"),
        }
    }
}

/// A KPI-rollup portfolio goes through the same readout: the scorecard reads the KPI
/// rollups, and the add-up shortfall becomes a strategic question.
#[test]
fn a_kpi_portfolio_goes_through_the_readout() {
    use std::collections::BTreeMap;

    use folio_metrics::Scoring;
    use folio_okr::tracking::{CheckInLog, ReadoutExtras, ReadoutInputs, ReadoutPolicy, Trend};
    use folio_okr::{KpiInputs, ProgressInputs};

    let graph = OkrGraph::new(sample()).unwrap();
    let readings = |revenue: [&str; 5]| -> KpiInputs {
        let ids = ["ledger", "pulse", "relay", "harbor", "scout"];
        let mut readings = serde_json::Map::new();
        for (id, value) in ids.iter().zip(revenue) {
            readings.insert(
                format!("{id}-revenue"),
                json!({"date": "2026-09-30", "reading": {"value": value}}),
            );
            readings.insert(
                format!("{id}-retention"),
                json!({"date": "2026-09-30", "reading": {"weighted": {"value": "110", "base": value}}}),
            );
        }
        serde_json::from_value(json!({ "readings": readings })).unwrap()
    };
    // Every product exactly at target now; at baseline at the previous review.
    let now = graph
        .rollup_kpi(
            &catalog(),
            Scoring::Clamped,
            &readings(["3200000", "5200000", "800000", "1450000", "350000"]),
        )
        .unwrap();
    let before = graph
        .rollup_kpi(
            &catalog(),
            Scoring::Clamped,
            &readings(["3030000", "3800000", "760000", "1300000", "220000"]),
        )
        .unwrap();
    let period: folio_types::Period = "2026-Q3".parse().unwrap();
    let log = CheckInLog::new(&graph, period, "2026-09-30".parse().unwrap(), vec![]).unwrap();
    let empty = ProgressInputs::default();
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &empty,
        previous: &empty,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &[],
    };
    let cascade = cascade_with(&graph, &CascadeInputs::new().with_catalog(&catalog())).unwrap();
    let extras = ReadoutExtras::new()
        .with_kpi(&now, &before)
        .with_cascade(&cascade);
    let r = folio_okr::tracking::readout_with(&graph, inputs, &extras, &ReadoutPolicy::default())
        .unwrap();
    let revenue = &r.scorecard[1];
    assert_eq!(revenue.objective.as_str(), "revenue-11m");
    assert_eq!(revenue.trend, Trend::Up);
    // Every product at target leaves the portfolio at 0.7908 (see above); at baseline,
    // 9.11M is the objective's own baseline: 0.
    assert_eq!(revenue.progress.value().round_dp(4), Decimal::new(7908, 4));
    assert_eq!(revenue.previous.value(), Decimal::ZERO);
    assert!(
        r.questions[0]
            .question
            .starts_with(r#"Who owns the 500000 of revenue under objective "revenue-11m""#),
        "{:?}",
        r.questions
    );
    // A progress rollup of a KPI portfolio is refused, as before.
    assert!(folio_okr::tracking::readout(&graph, inputs, &ReadoutPolicy::default()).is_err());
}
