//! The four-part readout: exceptions skip green key results, a dependency chain,
//! reallocation requests and strategic questions; and the property that the readout
//! never lists a key result that every rule calls on track.
// Tests fail loudly: they unwrap, index and panic.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
#![cfg(feature = "serde")]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Days;
use folio_okr::tracking::{
    AtRiskReason, CapacityDrain, CheckIn, CheckInLog, OwnerCalibration, Reading, ReadoutExtras,
    ReadoutInputs, ReadoutPolicy, RecoveryPlan, RequestSource, Staleness, StrategicQuestion, drift,
    off_track, readout, readout_with, staleness,
};
use folio_okr::{OkrGraph, PortfolioData, ProgressInputs};
use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, Period};
use proptest::prelude::*;
use serde_json::json;

fn q1() -> Period {
    Period::quarter(2026, 1).unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn kr(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn ci(id: &str, date: &str, value: i64, confidence: &str) -> CheckIn {
    CheckIn {
        key_result: kr(id),
        date: day(date),
        reading: Reading::Value(Decimal::from(value)),
        confidence: Confidence::new(confidence.parse().unwrap()).unwrap(),
        note: String::new(),
        blocker: None,
        decision_needed: None,
    }
}

/// Five product key results under one objective; "onboard" (lens) depends on "api"
/// (atlas), which depends on "migrate" (core).
fn graph() -> OkrGraph {
    let k = |id: &str, product: &str, depends: serde_json::Value| {
        json!({"id": id, "name": id, "tier": "product", "owner": format!("{id}-owner"), "product": product,
               "target": {"metric": "m", "goal": {"increase_to": {"baseline": "0", "target": "10"}}},
               "contributes_to": [{"to": {"objective": "grow"}}], "depends_on": depends})
    };
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results"}],
        "key_results": [
            k("green", "atlas", json!([])),
            k("migrate", "core", json!([])),
            k("api", "atlas", json!([{"on": {"key_result": "migrate"}, "kind": "platform_migration"}])),
            k("onboard", "lens", json!([{"on": {"key_result": "api"}, "kind": "shared_api"}])),
            k("slow", "lens", json!([]))
        ]
    }))
    .unwrap();
    OkrGraph::new(data).unwrap()
}

/// Measured progress; a key result without a check-in counts as not started.
fn progress_of(log: &CheckInLog, graph: &OkrGraph) -> ProgressInputs {
    let mut progress = log
        .progress(graph, folio_metrics::Scoring::Clamped)
        .unwrap();
    for id in IDS {
        progress
            .entry(kr(id))
            .or_insert(folio_types::Progress::ZERO);
    }
    ProgressInputs::new(progress)
}

/// As of 14 February (half of Q1): "green" is on pace with high confidence; "migrate"
/// went silent on 20 January (stale); "api" and "onboard" are fine by their own
/// check-ins but wait on "migrate"; "slow" is confident yet behind the pace line.
#[test]
fn exceptions_skip_green_and_follow_the_dependency_chain() {
    let graph = graph();
    let check_ins = vec![
        ci("green", "2026-02-10", 6, "0.9"),
        ci("green", "2026-02-13", 7, "0.9"),
        ci("migrate", "2026-01-20", 5, "0.8"),
        ci("api", "2026-02-12", 5, "0.8"),
        ci("onboard", "2026-02-12", 5, "0.8"),
        ci("slow", "2026-02-05", 1, "0.8"),
        ci("slow", "2026-02-13", 2, "0.8"),
    ];
    let log = CheckInLog::new(&graph, q1(), day("2026-02-14"), check_ins).unwrap();
    let current = progress_of(&log, &graph);
    let plans = [RecoveryPlan {
        key_result: kr("slow"),
        change: folio_okr::tracking::RecoveryChange::Resources,
        owner: folio_types::OwnerId::new("cpo").unwrap(),
        due: day("2026-02-28"),
        description: "two engineers from Scout".to_owned(),
        resources: Some(
            serde_json::from_value(json!({"from": "scout", "kind": "headcount", "amount": "2"}))
                .unwrap(),
        ),
    }];
    let drains = [CapacityDrain {
        product: "core".parse().unwrap(),
        kind: folio_okr::tracking::ShiftKind::Headcount,
        planned: Decimal::from(6),
        available: Decimal::from(4),
        cause: "incident follow-ups".to_owned(),
    }];
    let theirs = [StrategicQuestion::new("Fix or sunset Scout?", vec![])];
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &current,
        actions: &[],
        plans: &plans,
        delivery: &[],
        cadences: &cadences,
        calibration: &[],
    };
    let extras = ReadoutExtras::new()
        .with_capacity(&drains)
        .with_questions(&theirs);
    let r = readout_with(&graph, inputs, &extras, &ReadoutPolicy::default()).unwrap();

    let listed: Vec<(&str, &[AtRiskReason])> = r
        .exceptions
        .iter()
        .map(|e| (e.key_result.as_str(), e.reasons.as_slice()))
        .collect();
    // The pace line is at 45/90 = 0.5, minus the 0.1 margin: "slow" at 0.2 is behind,
    // "api" and "onboard" at 0.5 are not. "green" (0.7, confidence 0.9) is skipped.
    // Severity 2 first ("slow" 1 x 0.8 before "migrate" 1 x 0.5), then severity 1 (a
    // tie at 0.5, by id).
    assert_eq!(
        listed,
        [
            ("slow", &[AtRiskReason::BehindPace][..]),
            ("migrate", &[AtRiskReason::Stale][..]),
            ("api", &[AtRiskReason::ThroughDependency][..]),
            ("onboard", &[AtRiskReason::ThroughDependency][..]),
        ]
    );
    let onboard = &r.exceptions[3];
    assert_eq!(
        onboard.dependency.as_ref().unwrap().to_string(),
        r#"key result "onboard" is at risk through a dependency: key result "onboard" depends on key result "api" depends on key result "migrate", which is stale"#
    );
    assert_eq!(
        onboard.decision_needed.as_deref(),
        Some("unblock prerequisite migrate or re-sequence")
    );
    assert_eq!(r.exceptions[0].plan_owner.as_ref().unwrap().as_str(), "cpo");

    // Reallocation: the plan's two engineers, and core's drained headcount.
    let requests: Vec<String> = r.reallocation.iter().map(ToString::to_string).collect();
    assert_eq!(
        requests,
        [
            "move 2 headcount from a source to decide to core: core has 4 of the 6 headcount planned for its goals: incident follow-ups",
            "move 2 headcount from scout to lens: recovery plan for key result slow (owner cpo, due 2026-02-28): two engineers from Scout",
        ]
    );
    assert_eq!(r.reallocation[0].source, RequestSource::CapacityDrain);
    // Questions: "api" (atlas) and "onboard" (lens) wait on other products; then the
    // caller's own.
    let questions: Vec<&str> = r.questions.iter().map(|q| q.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            r#"Should core reprioritize migrate for atlas, or should atlas re-sequence key result "api"?"#,
            r#"Should core reprioritize migrate for lens, or should lens re-sequence key result "onboard"?"#,
            "Fix or sunset Scout?",
        ]
    );
    let text = r.to_text();
    assert!(text.contains("Resource reallocation requests"), "{text}");
    assert!(text.contains("Strategic questions"), "{text}");
}

/// A capacity drain with a negative amount is refused, naming the product and the
/// field, whether it is read from JSON or built in code and given to the readout.
#[test]
fn a_negative_capacity_drain_is_refused_on_deserialization_and_by_the_readout() {
    let json = json!({"product": "core", "kind": "headcount", "planned": "6", "available": "-1"});
    let err = serde_json::from_value::<CapacityDrain>(json)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(r#"the capacity drain of product "core" has a negative available (-1)"#),
        "{err}"
    );
    let json = json!({"product": "core", "kind": "budget", "planned": "-6", "available": "0"});
    let err = serde_json::from_value::<CapacityDrain>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("negative planned (-6)"), "{err}");
    // Zero is a real amount: nothing available of nothing planned.
    let json = json!({"product": "core", "kind": "budget", "planned": "0", "available": "0"});
    assert!(serde_json::from_value::<CapacityDrain>(json).is_ok());

    let graph = graph();
    let log = CheckInLog::new(
        &graph,
        q1(),
        day("2026-02-14"),
        vec![ci("green", "2026-02-10", 6, "0.9")],
    )
    .unwrap();
    let current = progress_of(&log, &graph);
    let drains = [CapacityDrain {
        product: "core".parse().unwrap(),
        kind: folio_okr::tracking::ShiftKind::Headcount,
        planned: Decimal::from(6),
        available: Decimal::from(-2),
        cause: String::new(),
    }];
    assert_eq!(
        drains[0].validate(),
        Err(folio_okr::Error::NegativeCapacity {
            product: "core".parse().unwrap(),
            field: "available",
            value: Decimal::from(-2),
        })
    );
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &current,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &[],
    };
    let extras = ReadoutExtras::new().with_capacity(&drains);
    assert_eq!(
        readout_with(&graph, inputs, &extras, &ReadoutPolicy::default()).unwrap_err(),
        folio_okr::Error::NegativeCapacity {
            product: "core".parse().unwrap(),
            field: "available",
            value: Decimal::from(-2),
        }
    );
}

/// An owner calibration the calibration could not have computed is refused, naming the
/// owner and the field, whether it is read from JSON or given to the readout.
#[test]
fn an_impossible_owner_calibration_is_refused_on_deserialization_and_by_the_readout() {
    let read = |bias: &str, mae: &str, key_results: u32, check_ins: u32| {
        serde_json::from_value::<OwnerCalibration>(json!({
            "owner": "ana", "key_results": key_results, "check_ins": check_ins,
            "bias": bias, "mean_absolute_error": mae
        }))
        .map_err(|e| e.to_string())
    };
    assert!(read("-0.3", "0.5", 2, 3).is_ok());
    let err = read("0.5", "0.4", 1, 2).unwrap_err();
    assert!(
        err.contains(
            r#"the calibration of owner "ana" has an invalid bias: (0.5) must be no larger in size than mean_absolute_error (0.4)"#
        ),
        "{err}"
    );
    let err = read("0", "1.5", 1, 2).unwrap_err();
    assert!(err.contains("invalid mean_absolute_error: (1.5)"), "{err}");
    let err = read("0", "-0.1", 1, 2).unwrap_err();
    assert!(err.contains("invalid mean_absolute_error: (-0.1)"), "{err}");
    let err = read("0", "0", 0, 0).unwrap_err();
    assert!(err.contains("invalid key_results"), "{err}");
    let err = read("0", "0", 3, 2).unwrap_err();
    assert!(
        err.contains("invalid check_ins: (2) must be at least key_results (3)"),
        "{err}"
    );

    // What `calibration` computes reads back.
    let graph = graph();
    let log = CheckInLog::new(
        &graph,
        q1(),
        day("2026-02-14"),
        vec![
            ci("green", "2026-02-10", 6, "0.9"),
            ci("slow", "2026-02-13", 2, "0.8"),
        ],
    )
    .unwrap();
    let scores = BTreeMap::from([
        (kr("green"), "0.7".parse().unwrap()),
        (kr("slow"), "0.2".parse().unwrap()),
    ]);
    let computed = folio_okr::tracking::calibration(&graph, &log, &scores).unwrap();
    assert!(!computed.is_empty());
    let back: Vec<OwnerCalibration> =
        serde_json::from_str(&serde_json::to_string(&computed).unwrap()).unwrap();
    assert_eq!(back, computed);

    // The readout refuses one built in code.
    let current = progress_of(&log, &graph);
    let skewed = [OwnerCalibration {
        bias: Decimal::new(5, 1),
        mean_absolute_error: Decimal::new(4, 1),
        ..computed[0].clone()
    }];
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &current,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &skewed,
    };
    assert!(matches!(
        readout_with(
            &graph,
            inputs,
            &ReadoutExtras::new(),
            &ReadoutPolicy::default()
        ),
        Err(folio_okr::Error::InvalidCalibration { field: "bias", .. })
    ));
}

/// The same readout without extras has no reallocation from drains and no caller
/// questions; `readout` is `readout_with` and nothing extra.
#[test]
fn readout_without_extras_matches_readout_with_nothing() {
    let graph = graph();
    let log = CheckInLog::new(
        &graph,
        q1(),
        day("2026-02-14"),
        vec![ci("green", "2026-02-13", 7, "0.9")],
    )
    .unwrap();
    let current = progress_of(&log, &graph);
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &current,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &[],
    };
    let a = readout(&graph, inputs, &ReadoutPolicy::default()).unwrap();
    let b = readout_with(
        &graph,
        inputs,
        &ReadoutExtras::new(),
        &ReadoutPolicy::default(),
    )
    .unwrap();
    assert_eq!(a, b);
}

const IDS: [&str; 5] = ["green", "migrate", "api", "onboard", "slow"];

fn check_ins() -> impl Strategy<Value = Vec<CheckIn>> {
    proptest::collection::btree_map((0usize..5, 0u64..75), (0i64..=10, 0i64..=10), 0..30).prop_map(
        |points| {
            points
                .into_iter()
                .map(|((k, offset), (value, confidence))| CheckIn {
                    key_result: kr(IDS[k]),
                    date: q1().start().checked_add_days(Days::new(offset)).unwrap(),
                    reading: Reading::Value(Decimal::from(value)),
                    confidence: Confidence::new(Decimal::new(confidence, 1)).unwrap(),
                    note: String::new(),
                    blocker: None,
                    decision_needed: None,
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The readout never lists a key result that is on track by every rule: each
    /// exception is off track, stale, drifting or behind pace by the tracking functions
    /// called on their own, or has a prerequisite (at any depth) that is.
    #[test]
    fn exceptions_are_never_green(check_ins in check_ins(), as_of in 75u64..90) {
        let graph = graph();
        let as_of = q1().start().checked_add_days(Days::new(as_of)).unwrap();
        let log = CheckInLog::new(&graph, q1(), as_of, check_ins).unwrap();
        let current = progress_of(&log, &graph);
        let policy = ReadoutPolicy::default();
        let cadences = BTreeMap::new();
        let inputs = ReadoutInputs {
            log: &log,
            current: &current,
            previous: &current,
            actions: &[],
            plans: &[],
            delivery: &[],
            cadences: &cadences,
            calibration: &[],
        };
        let r = readout(&graph, inputs, &policy).unwrap();
        let mut flagged: BTreeSet<KeyResultId> = BTreeSet::new();
        flagged.extend(off_track(&graph, &log, &[], &policy.off_track).unwrap().into_iter().map(|o| o.key_result));
        flagged.extend(
            staleness(&graph, &log, &[], &policy.staleness)
                .unwrap()
                .into_iter()
                .filter(|s| !matches!(s.staleness, Staleness::Fresh { .. } | Staleness::Retired { .. }))
                .map(|s| s.key_result),
        );
        flagged.extend(drift(&graph, &log, &current.progress, &[], &policy.drift).unwrap().into_iter().map(|d| d.key_result));
        // The dependency chains of the fixture: onboard -> api -> migrate.
        let prerequisites = |id: &str| -> Vec<&str> {
            match id {
                "onboard" => vec!["api", "migrate"],
                "api" => vec!["migrate"],
                _ => vec![],
            }
        };
        prop_assert!(r.exceptions.len() <= policy.max_exceptions);
        for e in &r.exceptions {
            prop_assert!(!e.reasons.is_empty());
            let own = flagged.contains(&e.key_result);
            let through = prerequisites(e.key_result.as_str()).iter().any(|p| flagged.contains(&kr(p)));
            prop_assert!(own || through, "{} listed but green", e.key_result);
        }
    }
}
