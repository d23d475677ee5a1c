//! Assertions on the cascade check, the status rollup and the model's small public
//! items, each worked out by hand from the documented rules (the module docs and seed
//! 001), where no other test pinned the behaviour down.
// Tests fail loudly: they unwrap, index and panic, and compute expected values with
// plain operators on small numbers.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value
)]
#![cfg(feature = "serde")]

mod common;

use std::sync::Arc;

use common::cascade::{data, date, increase, merge, obj, pkr, product, top};
use common::{crate_example, d, kid, oid};
use folio_okr::{
    DependencyKind, Drivers, Error, KeyResultTier, Level, NodeId, ObjectiveTier, OkrGraph,
    OverridePolicy, PortfolioData, ProgressInputs, RollupMethod, RollupPolicy, Status,
    StatusPolicy, StatusRollup, StatusRule,
};
use folio_types::{Confidence, KeyResultId, ObjectiveId, Progress};
use serde_json::json;

fn c(text: &str) -> Confidence {
    Confidence::new(d(text)).unwrap()
}

// ---------------------------------------------------------------------------------
// model.rs

#[test]
fn levels_follow_the_tiers_and_name_themselves() {
    assert_eq!(
        Level::from(ObjectiveTier::Portfolio),
        Level::PortfolioObjective
    );
    assert_eq!(Level::from(ObjectiveTier::Product), Level::ProductObjective);
    assert_eq!(Level::from(KeyResultTier::Product), Level::ProductKeyResult);
    assert_eq!(
        Level::from(KeyResultTier::Initiative),
        Level::InitiativeKeyResult
    );
    let cases = [
        (
            Level::PortfolioObjective,
            1,
            true,
            "tier-1 portfolio objective",
        ),
        (Level::ProductObjective, 2, true, "tier-2 product objective"),
        (
            Level::ProductKeyResult,
            2,
            false,
            "tier-2 product key result",
        ),
        (
            Level::InitiativeKeyResult,
            3,
            false,
            "tier-3 initiative key result",
        ),
    ];
    for (level, tier, objective, text) in cases {
        assert_eq!(level.tier(), tier, "{level:?}");
        assert_eq!(level.is_objective(), objective, "{level:?}");
        assert_eq!(level.to_string(), text);
    }
}

#[test]
fn node_ids_convert_and_name_their_kind() {
    let grow = NodeId::from(ObjectiveId::new("grow").unwrap());
    let arr = NodeId::from(KeyResultId::new("arr").unwrap());
    assert_eq!(grow, NodeId::Objective(ObjectiveId::new("grow").unwrap()));
    assert_eq!(arr, NodeId::KeyResult(KeyResultId::new("arr").unwrap()));
    assert_eq!(grow.to_string(), r#"objective "grow""#);
    assert_eq!(arr.to_string(), r#"key result "arr""#);
}

#[test]
fn drivers_say_what_they_count() {
    let cases = [
        (Drivers::KeyResults, true, false),
        (Drivers::ChildObjectives, false, true),
        (Drivers::Both, true, true),
    ];
    for (drivers, key_results, objectives) in cases {
        assert_eq!(drivers.counts_key_results(), key_results, "{drivers:?}");
        assert_eq!(drivers.counts_objectives(), objectives, "{drivers:?}");
    }
}

#[test]
fn methods_and_dependency_kinds_display() {
    let methods = [
        (RollupMethod::Weighted, "weighted"),
        (RollupMethod::SayDo, "say-do"),
        (RollupMethod::Kpi, "KPI"),
    ];
    for (method, text) in methods {
        assert_eq!(method.to_string(), text);
    }
    let kinds = [
        (DependencyKind::Feature, "feature"),
        (DependencyKind::SharedApi, "shared API"),
        (DependencyKind::PlatformMigration, "platform migration"),
        (DependencyKind::Resource, "resource"),
        (DependencyKind::Other, "other"),
    ];
    for (kind, text) in kinds {
        assert_eq!(kind.to_string(), text);
    }
}

#[test]
fn a_rollup_policy_keeps_what_each_builder_sets() {
    let strict = StatusPolicy::new(StatusRule::ConfidenceWeightedMean, c("0.8"), c("0.5")).unwrap();
    let policy = RollupPolicy::new(RollupMethod::Weighted)
        .with_method(RollupMethod::SayDo)
        .with_overrides(OverridePolicy::Ignore)
        .with_status(strict)
        .with_hit_threshold(Progress::new(d("0.9")).unwrap())
        .unwrap();
    assert_eq!(policy.method(), RollupMethod::SayDo);
    assert_eq!(policy.overrides(), OverridePolicy::Ignore);
    assert_eq!(policy.status(), &strict);
    assert_eq!(policy.hit_threshold().value(), d("0.9"));
    // The defaults of `new`, each different from what the builders set above.
    let plain = RollupPolicy::new(RollupMethod::Kpi);
    assert_eq!(plain.method(), RollupMethod::Kpi);
    assert_eq!(plain.overrides(), OverridePolicy::Report);
    assert_eq!(plain.status(), &StatusPolicy::default());
    assert_eq!(plain.hit_threshold(), Progress::COMPLETE);
}

#[test]
fn a_hit_threshold_must_be_above_zero() {
    let policy = RollupPolicy::new(RollupMethod::SayDo);
    // Any threshold above 0 is accepted, the smallest step above it too.
    for ok in ["0.5", "0.0001", "1"] {
        let threshold = Progress::new(d(ok)).unwrap();
        assert_eq!(
            policy
                .clone()
                .with_hit_threshold(threshold)
                .unwrap()
                .hit_threshold(),
            threshold
        );
    }
    let err = policy.with_hit_threshold(Progress::ZERO).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Core(folio_types::Error::InvalidSetting {
                setting: "rollup policy",
                field: "hit_threshold",
                ..
            })
        ),
        "{err:?}"
    );
    // Deserialization runs the same check, and leaves out a threshold of 1.
    let read: RollupPolicy = serde_json::from_value(json!({ "method": "say_do" })).unwrap();
    assert_eq!(read.hit_threshold(), Progress::COMPLETE);
    assert_eq!(read.status(), &StatusPolicy::default());
    assert!(
        serde_json::from_value::<RollupPolicy>(json!({ "method": "say_do", "hit_threshold": "0" }))
            .is_err()
    );
    let half: RollupPolicy =
        serde_json::from_value(json!({ "method": "say_do", "hit_threshold": "0.5" })).unwrap();
    assert_eq!(half.hit_threshold().value(), d("0.5"));
}

#[cfg(feature = "schemars")]
#[test]
fn the_portfolio_schema_describes_its_records() {
    let schema = serde_json::to_value(PortfolioData::json_schema()).unwrap();
    let properties = &schema["properties"];
    for field in ["policy", "objectives", "key_results"] {
        assert!(properties.get(field).is_some(), "{field}: {schema}");
    }
    let report = serde_json::to_value(folio_okr::CascadeReport::json_schema()).unwrap();
    for field in [
        "gaps",
        "redundancies",
        "conflicts",
        "smart",
        "late_deadlines",
    ] {
        assert!(
            report["properties"].get(field).is_some(),
            "{field}: {report}"
        );
    }
}

// ---------------------------------------------------------------------------------
// status.rs

#[test]
fn a_status_policy_reads_the_documented_defaults() {
    // 0.7 and 0.4 by the module docs, worst child by default.
    let read: StatusPolicy = serde_json::from_value(json!({})).unwrap();
    assert_eq!(read.rule(), StatusRule::WorstChild);
    assert_eq!(read.at_risk_below(), c("0.7"));
    assert_eq!(read.critical_below(), c("0.4"));
    assert_eq!(read, StatusPolicy::default());
    let only_rule: StatusPolicy =
        serde_json::from_value(json!({ "rule": "confidence_weighted_mean" })).unwrap();
    assert_eq!(only_rule.rule(), StatusRule::ConfidenceWeightedMean);
    assert_eq!(only_rule.critical_below(), c("0.4"));
}

#[test]
fn a_status_policy_keeps_what_its_builders_set() {
    let policy = StatusPolicy::default()
        .with_rule(StatusRule::ConfidenceWeightedMean)
        .with_thresholds(c("0.9"), c("0.2"))
        .unwrap();
    assert_eq!(policy.rule(), StatusRule::ConfidenceWeightedMean);
    assert_eq!(policy.at_risk_below(), c("0.9"));
    assert_eq!(policy.critical_below(), c("0.2"));
    // The thresholds keep the rule they were given with.
    let kept = StatusPolicy::default()
        .with_rule(StatusRule::ConfidenceWeightedMean)
        .with_thresholds(c("0.7"), c("0.4"))
        .unwrap();
    assert_eq!(kept.rule(), StatusRule::ConfidenceWeightedMean);
}

#[test]
fn critical_below_may_equal_but_not_exceed_at_risk_below() {
    // Equal thresholds: nothing is at risk, only critical or on track.
    let equal = StatusPolicy::new(StatusRule::WorstChild, c("0.5"), c("0.5")).unwrap();
    assert_eq!(equal.status_of(c("0.49")), Status::Critical);
    assert_eq!(equal.status_of(c("0.5")), Status::OnTrack);
    // Below it, by one step and by far.
    assert!(StatusPolicy::new(StatusRule::WorstChild, c("0.5"), c("0.49")).is_ok());
    assert!(StatusPolicy::new(StatusRule::WorstChild, c("1"), c("0")).is_ok());
    // Above it, by one step.
    let err = StatusPolicy::new(StatusRule::WorstChild, c("0.5"), c("0.51")).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Core(folio_types::Error::InvalidSetting {
                setting: "status policy",
                field: "critical_below",
                ..
            })
        ),
        "{err:?}"
    );
    assert!(
        serde_json::from_value::<StatusPolicy>(
            json!({ "at_risk_below": "0.5", "critical_below": "0.51" })
        )
        .is_err()
    );
}

#[test]
fn each_threshold_is_the_first_value_of_the_better_status() {
    // "Below critical_below is critical, below at_risk_below at risk, else on track":
    // each threshold itself belongs to the better side.
    let policy = StatusPolicy::default();
    let cases = [
        ("0", Status::Critical),
        ("0.3999", Status::Critical),
        ("0.4", Status::AtRisk),
        ("0.6999", Status::AtRisk),
        ("0.7", Status::OnTrack),
        ("1", Status::OnTrack),
    ];
    for (confidence, status) in cases {
        assert_eq!(policy.status_of(c(confidence)), status, "{confidence}");
    }
}

/// One objective with three leaf key results of one level.
fn three_leaves(rule: StatusRule) -> OkrGraph {
    let key_results: Vec<serde_json::Value> = ["a", "b", "c"]
        .iter()
        .map(|id| {
            json!({
                "id": id, "name": id, "tier": "product", "owner": "owner", "product": id,
                "contributes_to": [{ "to": { "objective": "grow" } }],
            })
        })
        .collect();
    let mut data: PortfolioData = serde_json::from_value(json!({
        "policy": { "method": "weighted" },
        "objectives": [{ "id": "grow", "name": "grow", "tier": "portfolio", "drivers": "key_results" }],
        "key_results": key_results,
    }))
    .unwrap();
    data.policy = data
        .policy
        .clone()
        .with_status(data.policy.status().with_rule(rule));
    OkrGraph::new(data).unwrap()
}

fn confidences(values: [&str; 3]) -> ProgressInputs {
    let mut inputs = ProgressInputs::default();
    for (id, value) in ["a", "b", "c"].iter().zip(values) {
        inputs
            .confidence
            .insert(KeyResultId::new(*id).unwrap(), c(value));
    }
    inputs
}

#[test]
fn a_tie_for_worst_goes_to_the_first_contributor_in_plan_order() {
    let graph = three_leaves(StatusRule::WorstChild);
    let plan = graph.plan();
    // "b" and "c" are both at risk (0.5 and 0.6), "a" on track: the worst status is
    // at risk, and of the two, the one that comes first in plan order drives it.
    let status = graph.status(&confidences(["0.9", "0.5", "0.6"])).unwrap();
    let grow = status.status(&oid("grow")).unwrap();
    let (b, cc) = (
        plan.index_of(&kid("b")).unwrap(),
        plan.index_of(&kid("c")).unwrap(),
    );
    let first = if b < cc { kid("b") } else { kid("c") };
    assert_eq!(grow.status, Status::AtRisk);
    assert_eq!(grow.driven_by, Some(first));
    // (0.9 + 0.5 + 0.6) / 3
    assert_eq!(grow.confidence.value(), d("0.6666666666666666666666666667"));
    // A leaf has no driver.
    assert_eq!(status.status(&kid("b")).unwrap().driven_by, None);
    assert_eq!(status.status(&kid("b")).unwrap().status, Status::AtRisk);
    // Three on track: still a tie, for on track.
    let all = graph.status(&confidences(["0.9", "0.8", "1"])).unwrap();
    let grow = all.status(&oid("grow")).unwrap();
    let a = plan.index_of(&kid("a")).unwrap();
    let first = [("a", a), ("b", b), ("c", cc)]
        .into_iter()
        .min_by_key(|(_, i)| *i)
        .map(|(id, _)| kid(id))
        .unwrap();
    assert_eq!(
        (grow.status, grow.driven_by),
        (Status::OnTrack, Some(first))
    );
}

#[test]
fn status_and_confidence_values_are_indexed_by_the_plan() {
    let graph = three_leaves(StatusRule::ConfidenceWeightedMean);
    let status = StatusRollup::new(
        Arc::new(graph.plan().clone()),
        &confidences(["0.3", "0.5", "1"]),
    )
    .unwrap();
    let plan = graph.plan();
    assert_eq!(status.status_values().len(), 4);
    assert_eq!(status.confidence_values().len(), 4);
    let cases = [
        (kid("a"), "0.3", Status::Critical),
        (kid("b"), "0.5", Status::AtRisk),
        (kid("c"), "1", Status::OnTrack),
        // (0.3 + 0.5 + 1) / 3 = 0.6: at risk by the mean, no driver.
        (oid("grow"), "0.6", Status::AtRisk),
    ];
    for (node, confidence, expected) in cases {
        let i = plan.index_of(&node).unwrap().get();
        assert_eq!(status.status_values()[i], expected, "{node}");
        assert_eq!(status.confidence_values()[i], c(confidence), "{node}");
        let one = status.status(&node).unwrap();
        assert_eq!((one.status, one.driven_by), (expected, None), "{node}");
    }
    assert!(status.status(&oid("ghost")).is_none());
}

#[test]
fn an_update_of_a_rolled_up_key_result_is_refused() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut inputs = ProgressInputs::default();
    for id in ["atlas-arr", "atlas-nps", "lens-onboarding", "lens-docs"] {
        inputs
            .confidence
            .insert(KeyResultId::new(id).unwrap(), c("0.8"));
    }
    let mut status = graph.status(&inputs).unwrap();
    let before = status.status_values().to_vec();
    assert_eq!(
        status
            .update(&KeyResultId::new("lens-active").unwrap(), c("0.1"))
            .unwrap_err(),
        Error::NotALeaf {
            key_result: KeyResultId::new("lens-active").unwrap()
        }
    );
    assert_eq!(status.status_values(), before.as_slice());
    // A leaf's update goes through: lens-docs at 0.1 makes lens-active critical.
    status
        .update(&KeyResultId::new("lens-docs").unwrap(), c("0.1"))
        .unwrap();
    let active = status.status(&kid("lens-active")).unwrap();
    assert_eq!(
        (active.status, active.driven_by),
        (Status::Critical, Some(kid("lens-docs")))
    );
    // (0.8 + 0.1) / 2
    assert_eq!(active.confidence, c("0.45"));
}

// ---------------------------------------------------------------------------------
// cascade/mod.rs: late deadlines and scorecards

#[test]
fn only_a_child_due_strictly_after_its_parent_is_late() {
    let due = |day: &str| json!({ "deadline": day });
    let report = folio_okr::cascade_draft(&data(
        Some("2026-Q2"),
        vec![top(
            "grow",
            merge(json!({ "theme": "growth" }), due("2026-06-15")),
        )],
        vec![
            // The same day as the parent: in time.
            pkr(
                "a",
                "atlas",
                &["o:grow"],
                merge(increase("arr"), due("2026-06-15")),
            ),
            // One day after: late.
            pkr(
                "b",
                "brio",
                &["o:grow"],
                merge(increase("nps"), due("2026-06-16")),
            ),
            // One day before: in time.
            pkr(
                "c",
                "cora",
                &["o:grow"],
                merge(increase("mau"), due("2026-06-14")),
            ),
        ],
    ))
    .unwrap();
    assert_eq!(report.late_deadlines.len(), 1, "{report}");
    let late = &report.late_deadlines[0];
    assert_eq!(late.child, kid("b"));
    assert_eq!(late.child_deadline, date("2026-06-16"));
    assert_eq!(late.parent, oid("grow"));
    assert_eq!(late.parent_deadline, date("2026-06-15"));
    assert_eq!(
        late.to_string(),
        r#"late deadline: key result "b" is due 2026-06-16, after objective "grow" it contributes to (2026-06-15)"#
    );
    assert!(report.to_string().lines().any(|l| l == late.to_string()));
    assert!(!report.is_clean());
}

#[test]
fn a_scorecard_needs_two_contributors_of_one_metric_and_distinct_products() {
    let scorecards = |key_results: Vec<serde_json::Value>| {
        folio_okr::cascade_draft(&data(
            None,
            vec![top("grow", json!({ "theme": "growth" }))],
            key_results,
        ))
        .unwrap()
        .scorecards
    };
    // Exactly two, one metric, two products: a scorecard.
    let two = scorecards(vec![
        pkr("a", "atlas", &["o:grow"], increase("arr")),
        pkr("l", "lens", &["o:grow"], increase("arr")),
    ]);
    assert_eq!(two.len(), 1);
    assert_eq!(two[0].objective, obj("grow"));
    assert_eq!(two[0].metric.as_str(), "arr");
    assert_eq!(two[0].products, [product("atlas"), product("lens")]);
    assert_eq!(
        two[0].to_string(),
        r#"scorecard, not alignment: portfolio objective "grow" is only products "atlas", "lens" each hitting their own "arr" target, with no cross-cutting key result of its own"#
    );
    // Three products, listed in id order whatever the key result ids.
    let three = scorecards(vec![
        pkr("a", "cora", &["o:grow"], increase("arr")),
        pkr("b", "atlas", &["o:grow"], increase("arr")),
        pkr("c", "brio", &["o:grow"], increase("arr")),
    ]);
    assert_eq!(
        three[0].products,
        [product("atlas"), product("brio"), product("cora")]
    );
    // A single contributor is a product goal, not a scorecard.
    assert!(scorecards(vec![pkr("a", "atlas", &["o:grow"], increase("arr"))]).is_empty());
    // Two metrics: the objective asks for more than either product's number.
    assert!(
        scorecards(vec![
            pkr("a", "atlas", &["o:grow"], increase("arr")),
            pkr("l", "lens", &["o:grow"], increase("nps")),
        ])
        .is_empty()
    );
    // One product twice: not each of another product.
    assert!(
        scorecards(vec![
            pkr("a", "atlas", &["o:grow"], increase("arr")),
            pkr("b", "atlas", &["o:grow"], increase("arr")),
        ])
        .is_empty()
    );
    // A contributor without a target.
    assert!(
        scorecards(vec![
            pkr("a", "atlas", &["o:grow"], increase("arr")),
            pkr("l", "lens", &["o:grow"], json!({})),
        ])
        .is_empty()
    );
}

#[test]
fn a_product_objective_is_never_a_scorecard() {
    // Two products' ARR key results under a product objective: a redundancy there, but
    // the scorecard finding is about portfolio objectives only.
    let report = folio_okr::cascade_draft(&data(
        None,
        vec![
            top("grow", json!({ "theme": "growth" })),
            common::cascade::product_objective("win", "atlas", &["o:grow"], json!({})),
        ],
        vec![
            pkr("a", "atlas", &["o:win"], increase("arr")),
            pkr("l", "lens", &["o:win"], increase("arr")),
        ],
    ))
    .unwrap();
    assert_eq!(report.redundancies.len(), 1, "{report}");
    assert!(report.scorecards.is_empty(), "{report}");
}

#[test]
fn the_graph_method_and_the_inputs_reach_the_check() {
    let data = data(
        None,
        vec![top("grow", json!({ "theme": "growth" }))],
        vec![
            pkr("a", "atlas", &["o:grow"], increase("arr")),
            merge(
                pkr("l", "lens", &["o:grow"], increase("nps")),
                json!({ "deadline": "2026-06-30",
                        "depends_on": [{ "on": { "key_result": "a" }, "kind": "feature" }] }),
            ),
        ],
    );
    let graph = OkrGraph::new(data).unwrap();
    assert_eq!(graph.cascade(), folio_okr::cascade(&graph));
    assert_eq!(graph.cascade().smart.len(), 3);
    // Off track is only what the inputs say.
    let off_track = [kid("a")];
    let with = folio_okr::cascade_with(
        &graph,
        &folio_okr::CascadeInputs::new().with_off_track(&off_track),
    )
    .unwrap();
    let l = with.smart_check(&kid("l")).unwrap();
    assert!(!l.achievable);
    assert_eq!(
        l.failures,
        [folio_okr::SmartFailure::PrerequisiteOffTrack {
            prerequisite: kid("a")
        }]
    );
    let without = folio_okr::cascade_with(&graph, &folio_okr::CascadeInputs::new()).unwrap();
    assert!(without.smart_check(&kid("l")).unwrap().achievable);
    assert!(without.smart_check(&kid("l")).unwrap().passes());
    // A passing check is not among the failures; the other two are.
    let failing: Vec<&NodeId> = without.smart_failures().map(|s| &s.node).collect();
    assert_eq!(failing, [&oid("grow"), &kid("a")]);
    assert_eq!(without.smart_check(&kid("a")).unwrap().node, kid("a"));
}

// ---------------------------------------------------------------------------------
// cascade/add_up.rs: the comparisons at their edges, and every exact combine rule

/// Metrics of every shape the add-up check compares.
fn catalog() -> folio_metrics::MetricCatalog {
    let def = |id: &str, direction: &str, combine: serde_json::Value| {
        json!({ "id": id, "name": id, "unit": "count", "direction": direction,
                "layer": "portfolio_health", "combine": combine, "definition": id })
    };
    let defs: Vec<folio_metrics::MetricDef> = serde_json::from_value(json!([
        def("total", "higher_is_better", json!("sum")),
        def("cost", "lower_is_better", json!("sum")),
        def("avg", "higher_is_better", json!("mean")),
        def("least", "higher_is_better", json!("min")),
        def("most", "higher_is_better", json!("max")),
        def("mid", "higher_is_better", json!("median")),
        def("latest", "higher_is_better", json!("last")),
    ]))
    .unwrap();
    folio_metrics::MetricCatalog::from_definitions(defs).unwrap()
}

/// `increase_to` (or `decrease_to` when `low`) from `baseline` to `target`.
fn goal(metric: &str, baseline: &str, target: &str, low: bool) -> serde_json::Value {
    let kind = if low { "decrease_to" } else { "increase_to" };
    json!({ "target": { "metric": metric,
        "goal": { kind: { "baseline": baseline, "target": target } } } })
}

/// A portfolio objective "top" with `own` target over key results `(id, target)`, one
/// product each.
fn add_up_of(
    own: serde_json::Value,
    key_results: Vec<(&str, serde_json::Value)>,
) -> Vec<folio_okr::AddUp> {
    let key_results = key_results
        .into_iter()
        .map(|(id, target)| pkr(id, id, &["o:top"], target))
        .collect();
    let graph = OkrGraph::new(data(None, vec![top("top", own)], key_results)).unwrap();
    folio_okr::add_up(&graph, &catalog()).unwrap()
}

fn exact(value: &str) -> folio_okr::Aggregate {
    folio_okr::Aggregate::Exact { value: d(value) }
}

#[test]
fn targets_that_add_up_exactly_are_no_finding_either_way() {
    // Raise to 10 with 4 + 6, lower to 10 with 4 + 6: neither short nor over.
    let high = add_up_of(
        goal("total", "0", "10", false),
        vec![
            ("a", goal("total", "0", "4", false)),
            ("b", goal("total", "0", "6", false)),
        ],
    );
    assert!(high.is_empty(), "{high:?}");
    let low = add_up_of(
        goal("cost", "20", "10", true),
        vec![
            ("a", goal("cost", "8", "4", true)),
            ("b", goal("cost", "9", "6", true)),
        ],
    );
    assert!(low.is_empty(), "{low:?}");
}

#[test]
fn bounds_that_touch_the_target_are_no_finding() {
    // "last" only bounds the aggregate by the smallest and the largest target: 4..=8.
    for own in ["4", "6", "8"] {
        let found = add_up_of(
            goal("latest", "0", own, false),
            vec![
                ("a", goal("latest", "0", "4", false)),
                ("b", goal("latest", "0", "8", false)),
            ],
        );
        assert!(found.is_empty(), "{own}: {found:?}");
    }
    // Just outside either bound: a shortfall by the best case, a surplus by the worst.
    let short = add_up_of(
        goal("latest", "0", "9", false),
        vec![
            ("a", goal("latest", "0", "4", false)),
            ("b", goal("latest", "0", "8", false)),
        ],
    );
    assert_eq!(
        short[0].aggregate,
        folio_okr::Aggregate::Between {
            low: d("4"),
            high: d("8")
        }
    );
    assert_eq!(
        short[0].finding,
        folio_okr::AddUpFinding::Shortfall {
            amount: d("1"),
            progress_when_met: None
        }
    );
    assert_eq!(
        short[0].to_string(),
        r#"latest targets of the 2 contributor(s) of objective "top" combine (last) to between 4 and 8 against its 9 on metric "latest": 1 that no contributor owns"#
    );
    let over = add_up_of(
        goal("latest", "0", "3", false),
        vec![
            ("a", goal("latest", "0", "4", false)),
            ("b", goal("latest", "0", "8", false)),
        ],
    );
    // Not a sum: no contributor is named.
    assert_eq!(
        over[0].finding,
        folio_okr::AddUpFinding::Surplus {
            amount: d("1"),
            weakest: None
        }
    );
    assert_eq!(
        over[0].to_string(),
        r#"latest targets of the 2 contributor(s) of objective "top" combine (last) to between 4 and 8 against its 3 on metric "latest": 1 more than it needs"#
    );
}

#[test]
fn each_exact_rule_combines_the_targets_as_named() {
    // Targets 4 and 8 under a parent asking for 7, by each rule:
    // mean 6 (short 1), min 4 (short 3), max 8 (over 1), median of two 6 (short 1).
    let kids = |metric: &str| {
        vec![
            ("a", goal(metric, "0", "4", false)),
            ("b", goal(metric, "0", "8", false)),
        ]
    };
    let cases = [
        ("avg", "mean", "6", true, "1"),
        ("least", "min", "4", true, "3"),
        ("most", "max", "8", false, "1"),
        ("mid", "median", "6", true, "1"),
    ];
    for (metric, rule, value, short, amount) in cases {
        let found = add_up_of(goal(metric, "0", "7", false), kids(metric));
        assert_eq!(found.len(), 1, "{rule}: {found:?}");
        assert_eq!(found[0].combine, rule);
        assert_eq!(found[0].aggregate, exact(value), "{rule}");
        assert_eq!(found[0].target, d("7"));
        assert_eq!(
            found[0].contributors,
            [(kid("a"), d("4")), (kid("b"), d("8"))]
        );
        match &found[0].finding {
            folio_okr::AddUpFinding::Shortfall {
                amount: a,
                progress_when_met,
            } => {
                assert!(short, "{rule}");
                assert_eq!(*a, d(amount), "{rule}");
                // From 0 towards 7, reaching `value`.
                let expected = d(value) / d("7");
                assert_eq!(progress_when_met.unwrap().value(), expected, "{rule}");
            }
            folio_okr::AddUpFinding::Surplus { amount: a, weakest } => {
                assert!(!short, "{rule}");
                assert_eq!(*a, d(amount), "{rule}");
                assert_eq!(*weakest, None, "{rule}");
            }
            other => panic!("{other:?}"),
        }
    }
    // The median of an odd count is the middle target; of four, the mean of the middle two.
    let odd = add_up_of(
        goal("mid", "0", "7", false),
        vec![
            ("a", goal("mid", "0", "9", false)),
            ("b", goal("mid", "0", "2", false)),
            ("c", goal("mid", "0", "5", false)),
        ],
    );
    assert_eq!(odd[0].aggregate, exact("5"));
    let four = add_up_of(
        goal("mid", "0", "7", false),
        vec![
            ("a", goal("mid", "0", "10", false)),
            ("b", goal("mid", "0", "2", false)),
            ("c", goal("mid", "0", "8", false)),
            ("d", goal("mid", "0", "4", false)),
        ],
    );
    assert_eq!(four[0].aggregate, exact("6"));
    let five = add_up_of(
        goal("mid", "0", "7", false),
        vec![
            ("a", goal("mid", "0", "10", false)),
            ("b", goal("mid", "0", "2", false)),
            ("c", goal("mid", "0", "8", false)),
            ("d", goal("mid", "0", "4", false)),
            ("e", goal("mid", "0", "1", false)),
        ],
    );
    assert_eq!(five[0].aggregate, exact("4"));
}

#[test]
fn a_lower_is_better_surplus_names_the_contributor_with_least_progress() {
    // Lower the cost to 10 with 3 + 4 = 7: met with 3 to spare. Giving all 3 away:
    // "a" reaches 6 on its way from 10 to 3, progress 4/7; "b" reaches 7 on its way
    // from 10 to 4, progress 3/6 = 0.5, the lower.
    let found = add_up_of(
        goal("cost", "20", "10", true),
        vec![
            ("a", goal("cost", "10", "3", true)),
            ("b", goal("cost", "10", "4", true)),
        ],
    );
    assert_eq!(found[0].aggregate, exact("7"));
    let folio_okr::AddUpFinding::Surplus { amount, weakest } = &found[0].finding else {
        panic!("{found:?}")
    };
    assert_eq!(*amount, d("3"));
    let (node, progress) = weakest.clone().unwrap();
    assert_eq!((node, progress.value()), (kid("b"), d("0.5")));
    assert_eq!(
        found[0].to_string(),
        r#"cost targets of the 2 contributor(s) of objective "top" sum to 7 against its 10 on metric "cost": 3 more than it needs; it is met even with key result "b" at 0.5"#
    );
    // And short: lower to 5 with 3 + 4 = 7 leaves 2 nobody owns; from 20 down to 7 of
    // the 15 asked is 13/15.
    let short = add_up_of(
        goal("cost", "20", "5", true),
        vec![
            ("a", goal("cost", "10", "3", true)),
            ("b", goal("cost", "10", "4", true)),
        ],
    );
    assert_eq!(
        short[0].finding,
        folio_okr::AddUpFinding::Shortfall {
            amount: d("2"),
            progress_when_met: Some(Progress::new(d("13") / d("15")).unwrap()),
        }
    );
}

#[test]
fn guard_rail_thresholds_count_as_target_values() {
    // stay_above 10 over key results raising to 4 and 5: short by 1.
    let found = add_up_of(
        json!({ "target": { "metric": "total", "goal": { "stay_above": { "threshold": "10" } } } }),
        vec![
            ("a", goal("total", "0", "4", false)),
            ("b", goal("total", "0", "5", false)),
        ],
    );
    assert_eq!(found[0].target, d("10"));
    assert_eq!(found[0].aggregate, exact("9"));
    assert!(matches!(
        found[0].finding,
        folio_okr::AddUpFinding::Shortfall { amount, .. } if amount == d("1")
    ));
    // stay_below 10 over costs lowering to 4 and 5: 9, under the ceiling by 1, a surplus.
    let found = add_up_of(
        json!({ "target": { "metric": "cost", "goal": { "stay_below": { "threshold": "10" } } } }),
        vec![
            ("a", goal("cost", "9", "4", true)),
            ("b", goal("cost", "9", "5", true)),
        ],
    );
    assert_eq!(found[0].target, d("10"));
    assert!(matches!(
        &found[0].finding,
        folio_okr::AddUpFinding::Surplus { amount, .. } if *amount == d("1")
    ));
}

// ---------------------------------------------------------------------------------
// cascade/smart.rs: achievable and relevant at their edges

/// "flow" (due 2026-10-15) depends on "api" (due `api_deadline`), with the edge's
/// own `due` when given.
fn prerequisite(api_deadline: &str, due: Option<&str>) -> folio_okr::SmartCheck {
    let mut dependency = json!({ "on": { "key_result": "api" }, "kind": "shared_api" });
    if let (Some(due), Some(object)) = (due, dependency.as_object_mut()) {
        object.insert("due".to_owned(), json!(due));
    }
    let report = folio_okr::cascade_draft(&data(
        None,
        vec![top(
            "adopt",
            json!({ "theme": "cross-sell", "deadline": "2026-10-31" }),
        )],
        vec![
            pkr(
                "api",
                "atlas",
                &["o:adopt"],
                merge(increase("calls"), json!({ "deadline": api_deadline })),
            ),
            pkr(
                "flow",
                "lens",
                &["o:adopt"],
                merge(
                    increase("signups"),
                    json!({ "deadline": "2026-10-15", "depends_on": [dependency] }),
                ),
            ),
        ],
    ))
    .unwrap();
    report.smart_check(&kid("flow")).unwrap().clone()
}

#[test]
fn a_prerequisite_due_on_the_goals_own_deadline_is_in_time() {
    // "Due on or before its deadline": the same day passes, by the edge's date or by
    // the prerequisite's own deadline.
    let same_day = prerequisite("2026-10-15", None);
    assert!(same_day.achievable && same_day.passes(), "{same_day}");
    let same_day = prerequisite("2026-12-31", Some("2026-10-15"));
    assert!(same_day.achievable, "{same_day}");
    // The day after, through the prerequisite's own deadline (the edge has no date).
    let late = prerequisite("2026-10-16", None);
    assert!(!late.achievable);
    assert_eq!(
        late.failures,
        [folio_okr::SmartFailure::PrerequisiteDueLate {
            prerequisite: kid("api"),
            due: date("2026-10-16"),
            deadline: date("2026-10-15"),
        }]
    );
    assert_eq!(
        late.to_string(),
        r#"key result "flow" fails the SMART check: not achievable: prerequisite key result "api" is due 2026-10-16, after the deadline 2026-10-15"#
    );
    // The edge's date wins over the prerequisite's deadline.
    let early_edge = prerequisite("2026-10-16", Some("2026-10-01"));
    assert!(early_edge.achievable, "{early_edge}");
}

#[test]
fn a_theme_of_spaces_is_no_theme() {
    let check = |theme: &str| {
        folio_okr::cascade_draft(&data(
            None,
            vec![top("grow", json!({ "theme": theme }))],
            vec![pkr("a", "atlas", &["o:grow"], increase("arr"))],
        ))
        .unwrap()
        .smart_check(&oid("grow"))
        .unwrap()
        .clone()
    };
    let blank = check("   ");
    assert!(!blank.relevant);
    assert!(blank.failures.contains(&folio_okr::SmartFailure::NoTheme));
    let themed = check(" growth ");
    assert!(themed.relevant);
    assert!(!themed.failures.contains(&folio_okr::SmartFailure::NoTheme));
}
