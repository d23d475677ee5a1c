//! Scenario tests for check-ins, staleness, off-track and drift, with the dates spelled
//! out. The period is 2026-Q1: 1 January to 31 March, 90 days; half of it has elapsed at
//! the end of 14 February (45 of 90 days).
#![allow(clippy::unwrap_used)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use std::collections::BTreeMap;

use common::{d, key_result, objective, p, portfolio};
use folio_okr::tracking::{
    Action, ActionKind, AtRiskReason, Cadence, CheckIn, CheckInLog, DeliveryItem, DriftEvidence,
    DriftPolicy, DriftRule, OffTrackPolicy, Reading, RecoveryChange, RecoveryPlan, Staleness,
    StalenessPolicy, cadence, drift, off_track, staleness,
};
use folio_okr::{Error, OkrGraph};
use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, OwnerId, Period};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn kr(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn q1() -> Period {
    Period::quarter(2026, 1).unwrap()
}

fn graph() -> OkrGraph {
    let data = portfolio(
        "weighted",
        vec![objective("grow", "portfolio", "key_results", &[])],
        vec![
            key_result("arr", "product", &[("o:grow", "1")]),
            key_result("nps", "product", &[("o:grow", "1")]),
            key_result("adoption", "product", &[("o:grow", "1")]),
            key_result("launch", "product", &[("o:grow", "1")]),
        ],
    );
    OkrGraph::new(data).unwrap()
}

/// A check-in: key result, date, value, confidence.
fn ci(key_result: &str, date: &str, value: &str, confidence: &str) -> CheckIn {
    CheckIn {
        key_result: kr(key_result),
        date: day(date),
        reading: Reading::Value(d(value)),
        confidence: Confidence::new(d(confidence)).unwrap(),
        note: String::new(),
        blocker: None,
        decision_needed: None,
    }
}

fn log(as_of: &str, check_ins: Vec<CheckIn>) -> CheckInLog {
    CheckInLog::new(&graph(), q1(), day(as_of), check_ins).unwrap()
}

fn state_of(as_of: &str, check_ins: Vec<CheckIn>, actions: &[Action], id: &str) -> Staleness {
    let log = log(as_of, check_ins);
    staleness(&graph(), &log, actions, &StalenessPolicy::default())
        .unwrap()
        .into_iter()
        .find(|r| r.key_result.as_str() == id)
        .unwrap()
        .staleness
}

fn action(id: &str, date: &str, kind: ActionKind) -> Action {
    Action {
        key_result: kr(id),
        date: day(date),
        kind,
        actor: OwnerId::new("ana").unwrap(),
        note: String::new(),
    }
}

#[test]
fn check_in_validation_names_key_result_and_date() {
    let build = |as_of: &str, check_ins: Vec<CheckIn>| {
        CheckInLog::new(&graph(), q1(), day(as_of), check_ins).unwrap_err()
    };
    assert_eq!(
        build("2026-02-01", vec![ci("ghost", "2026-01-05", "1", "0.5")]),
        Error::UnknownKeyResult {
            what: "check-in",
            key_result: kr("ghost"),
            date: day("2026-01-05")
        }
    );
    assert!(matches!(
        build("2026-02-01", vec![ci("arr", "2025-12-31", "1", "0.5")]),
        Error::CheckInOutOfRange { allowed, .. } if allowed == "the period 2026-Q1"
    ));
    assert!(matches!(
        build("2026-02-01", vec![ci("arr", "2026-02-02", "1", "0.5")]),
        Error::CheckInOutOfRange { allowed, .. } if allowed == "the dates on or before 2026-02-01"
    ));
    assert_eq!(
        build(
            "2026-02-01",
            vec![
                ci("arr", "2026-01-05", "1", "0.5"),
                ci("arr", "2026-01-05", "2", "0.6")
            ]
        ),
        Error::DuplicateCheckIn {
            key_result: kr("arr"),
            date: day("2026-01-05")
        }
    );
    let mut milestone = ci("arr", "2026-01-12", "0", "0.5");
    milestone.reading = Reading::Done(false);
    assert_eq!(
        build(
            "2026-02-01",
            vec![milestone, ci("arr", "2026-01-05", "1", "0.5")]
        ),
        Error::MixedReadings {
            key_result: kr("arr"),
            date: day("2026-01-12")
        }
    );
}

#[test]
fn state_is_the_latest_check_in_on_or_before_the_date() {
    let log = log(
        "2026-02-01",
        vec![
            ci("arr", "2026-01-19", "12", "0.7"),
            ci("arr", "2026-01-05", "10", "0.8"),
        ],
    );
    assert_eq!(log.state_at(&kr("arr"), day("2026-01-04")), None);
    assert_eq!(
        log.state_at(&kr("arr"), day("2026-01-18")).map(|o| o.date),
        Some(day("2026-01-05"))
    );
    assert_eq!(
        log.state(&kr("arr")).map(|o| o.value.reading),
        Some(Reading::Value(d("12")))
    );
    assert!(log.history(&kr("nps")).is_empty());
}

#[test]
fn staleness_table() {
    let checked = || vec![ci("arr", "2026-01-05", "10", "0.8")];
    let due = day("2026-01-26");
    let cases: &[(&str, Staleness)] = &[
        (
            "2026-01-18",
            Staleness::Fresh {
                days_since_update: 13,
            },
        ),
        // Exactly 14 days without an update: stale, the 7-day window opens.
        (
            "2026-01-19",
            Staleness::ActionDue {
                days_since_update: 14,
                due,
            },
        ),
        (
            "2026-01-26",
            Staleness::ActionDue {
                days_since_update: 21,
                due,
            },
        ),
        // More than three weeks since the last update: retire or reassign (seed 002,
        // read as three weeks since the update, not three weeks after going stale).
        (
            "2026-01-27",
            Staleness::RetirementRecommended {
                days_since_update: 22,
                days_stale: 8,
            },
        ),
        (
            "2026-02-10",
            Staleness::RetirementRecommended {
                days_since_update: 36,
                days_stale: 22,
            },
        ),
    ];
    for (as_of, expected) in cases {
        assert_eq!(
            &state_of(as_of, checked(), &[], "arr"),
            expected,
            "as of {as_of}"
        );
    }
    // No check-in at all counts from the first day of the period.
    assert_eq!(
        state_of("2026-01-15", checked(), &[], "nps"),
        Staleness::ActionDue {
            days_since_update: 14,
            due: day("2026-01-22")
        }
    );
}

#[test]
fn recorded_actions_answer_staleness() {
    let checked = || vec![ci("arr", "2026-01-05", "10", "0.8")];
    let escalate = || ActionKind::Escalate {
        to: OwnerId::new("cpo").unwrap(),
    };
    let escalation = action("arr", "2026-01-20", escalate());
    assert_eq!(
        state_of(
            "2026-01-27",
            checked(),
            std::slice::from_ref(&escalation),
            "arr"
        ),
        Staleness::Escalated {
            days_since_update: 22,
            action: escalation
        }
    );
    // An escalation from before the key result went stale belongs to an earlier spell.
    let early = action("arr", "2026-01-10", escalate());
    assert!(matches!(
        state_of("2026-01-24", checked(), &[early], "arr"),
        Staleness::ActionDue { .. }
    ));
    let retirement = action("arr", "2026-01-22", ActionKind::Retire);
    assert!(matches!(
        state_of(
            "2026-01-21",
            checked(),
            std::slice::from_ref(&retirement),
            "arr"
        ),
        Staleness::ActionDue { .. }
    ));
    assert_eq!(
        state_of(
            "2026-01-25",
            checked(),
            std::slice::from_ref(&retirement),
            "arr"
        ),
        Staleness::Retired { action: retirement }
    );
    let ghost = action("ghost", "2026-01-22", ActionKind::Retire);
    let log = log("2026-01-25", checked());
    assert!(matches!(
        staleness(&graph(), &log, &[ghost], &StalenessPolicy::default()),
        Err(Error::UnknownKeyResult { what: "action", .. })
    ));
}

#[test]
fn staleness_never_improves_without_a_new_check_in() {
    fn rank(s: &Staleness) -> u8 {
        match s {
            Staleness::Fresh { .. } => 0,
            Staleness::ActionDue { .. } => 1,
            Staleness::ActionOverdue { .. } => 2,
            _ => 3,
        }
    }
    let mut previous = 0;
    let mut as_of = day("2026-01-05");
    while as_of <= day("2026-03-31") {
        let s = state_of(
            &as_of.to_string(),
            vec![ci("arr", "2026-01-05", "1", "0.8")],
            &[],
            "arr",
        );
        assert!(rank(&s) >= previous, "{as_of}: {s:?}");
        previous = rank(&s);
        as_of = as_of.succ_opt().unwrap();
    }
    assert_eq!(previous, 3);
}

#[test]
fn off_track_from_half_way_with_confidence_strictly_below_0_4() {
    let check_ins = || {
        vec![
            ci("nps", "2026-01-10", "30", "0.3"),
            ci("arr", "2026-01-10", "5", "0.4"),
        ]
    };
    let policy = OffTrackPolicy::default();
    let found = |as_of: &str, plans: &[RecoveryPlan]| {
        off_track(&graph(), &log(as_of, check_ins()), plans, &policy).unwrap()
    };
    // 13 February: 44 of 90 days, not yet half over.
    assert!(found("2026-02-13", &[]).is_empty());
    // 14 February: exactly half. nps (0.3) is off track, arr (exactly 0.4) is not.
    let off = found("2026-02-14", &[]);
    assert_eq!(off.len(), 1);
    assert_eq!(off[0].key_result, kr("nps"));
    assert_eq!(off[0].fraction_elapsed.value(), d("0.5"));
    assert_eq!(off[0].plan, None, "off track without a plan is reported");

    let plan = RecoveryPlan {
        key_result: kr("nps"),
        change: RecoveryChange::Tactic,
        owner: OwnerId::new("ana").unwrap(),
        due: day("2026-02-28"),
        description: "in-product survey instead of email".into(),
        resources: None,
    };
    assert_eq!(
        found("2026-02-14", std::slice::from_ref(&plan))[0].plan,
        Some(plan.clone())
    );
    assert_eq!(
        off_track(
            &graph(),
            &log("2026-02-14", check_ins()),
            &[plan.clone(), plan],
            &policy
        ),
        Err(Error::DuplicateRecoveryPlan {
            key_result: kr("nps")
        })
    );
}

/// A key result sliding from 0.8 to 0.6 over the first three weeks, its value flat.
fn sliding() -> Vec<CheckIn> {
    vec![
        ci("adoption", "2026-01-05", "10", "0.8"),
        ci("adoption", "2026-01-12", "10", "0.7"),
        ci("adoption", "2026-01-19", "10", "0.6"),
        // A healthy one: moving value, steady confidence.
        ci("arr", "2026-01-05", "10", "0.8"),
        ci("arr", "2026-01-12", "11", "0.8"),
        ci("arr", "2026-01-19", "12", "0.8"),
    ]
}

#[test]
fn drift_is_flagged_in_week_three_not_week_twelve() {
    let as_of = "2026-01-21";
    let log = log(as_of, sliding());
    let alerts = drift(
        &graph(),
        &log,
        &BTreeMap::new(),
        &[],
        &DriftPolicy::default(),
    )
    .unwrap();
    let rules: Vec<(&str, DriftRule)> = alerts
        .iter()
        .map(|a| (a.key_result.as_str(), a.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("adoption", DriftRule::NotMoving),
            ("adoption", DriftRule::ConfidenceTrend)
        ]
    );
    // Least squares through (4, 0.8), (11, 0.7), (18, 0.6): slope -0.1 per 7 days;
    // on day 89 (31 March) the line is at 0.7 - 0.1 / 7 x 78 = -0.414286.
    match &alerts[1].evidence {
        DriftEvidence::ConfidenceTrend {
            projected_at_end,
            slope_per_day,
            points,
        } => {
            assert_eq!(*projected_at_end, d("-0.414286"));
            assert_eq!(*slope_per_day, d("-0.01428571"));
            assert_eq!(points.len(), 3);
        }
        other => panic!("unexpected evidence {other:?}"),
    }
    match &alerts[0].evidence {
        DriftEvidence::NotMoving {
            last_change,
            days_unmoved,
            check_ins_since,
        } => {
            assert_eq!(
                (*last_change, *days_unmoved, *check_ins_since),
                (day("2026-01-05"), 16, 2)
            );
        }
        other => panic!("unexpected evidence {other:?}"),
    }
    // The mid-period confidence rule cannot see it yet.
    assert!(
        off_track(&graph(), &log, &[], &OffTrackPolicy::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn not_moving_needs_14_days_and_a_repeated_check_in() {
    let alerts = |as_of: &str, check_ins: Vec<CheckIn>| {
        drift(
            &graph(),
            &log(as_of, check_ins),
            &BTreeMap::new(),
            &[],
            &DriftPolicy::default(),
        )
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == DriftRule::NotMoving)
        .count()
    };
    let flat = || {
        vec![
            ci("arr", "2026-01-05", "10", "0.8"),
            ci("arr", "2026-01-12", "10", "0.8"),
        ]
    };
    assert_eq!(alerts("2026-01-18", flat()), 0, "13 days");
    assert_eq!(alerts("2026-01-19", flat()), 1, "exactly 14 days");
    // A single check-in 20 days ago is staleness, not drift.
    assert_eq!(
        alerts("2026-01-25", vec![ci("arr", "2026-01-05", "10", "0.8")]),
        0
    );
}

#[test]
fn behind_pace_by_more_than_the_margin() {
    let log = log("2026-02-14", sliding());
    let progress = |value: &str| BTreeMap::from([(kr("arr"), p(value))]);
    let paced = |value: &str| {
        drift(
            &graph(),
            &log,
            &progress(value),
            &[],
            &DriftPolicy::default(),
        )
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == DriftRule::BehindPace)
        .count()
    };
    // Half-way: the pace line is at 0.5; the margin is 0.1.
    assert_eq!(paced("0.39"), 1);
    assert_eq!(paced("0.4"), 0, "exactly at the margin is not behind");
    assert_eq!(paced("0.7"), 0);
}

#[test]
fn shipping_without_outcome_is_called_out() {
    let item = |id: &str, date: &str| DeliveryItem {
        id: id.into(),
        key_result: kr("adoption"),
        shipped_on: day(date),
    };
    let items = [
        item("EPIC-7", "2026-02-05"),
        item("FEAT-12", "2026-01-20"),
        item("FEAT-19", "2026-01-28"),
        item("FEAT-3", "2026-01-02"),
    ];
    let check_ins = vec![
        ci("adoption", "2026-01-05", "10", "0.8"),
        ci("adoption", "2026-01-26", "10", "0.8"),
        ci("adoption", "2026-02-09", "10", "0.8"),
    ];
    let log = log("2026-02-10", check_ins);
    let alerts = drift(
        &graph(),
        &log,
        &BTreeMap::new(),
        &items,
        &DriftPolicy::default(),
    )
    .unwrap();
    let alert = alerts
        .iter()
        .find(|a| a.rule == DriftRule::ActivityWithoutOutcome)
        .unwrap();
    assert_eq!(
        alert.message,
        "shipped 3 items tied to this key result in the last 30 days; the value has not moved since 2026-01-05"
    );
    match &alert.evidence {
        DriftEvidence::ActivityWithoutOutcome {
            items,
            window_start,
            ..
        } => {
            assert_eq!(items, &["FEAT-12", "FEAT-19", "EPIC-7"]);
            assert_eq!(*window_start, day("2026-01-12"));
        }
        other => panic!("unexpected evidence {other:?}"),
    }
    // Results do not depend on the order of the items.
    let mut reversed = items.to_vec();
    reversed.reverse();
    assert_eq!(
        drift(
            &graph(),
            &log,
            &BTreeMap::new(),
            &reversed,
            &DriftPolicy::default()
        )
        .unwrap(),
        alerts
    );
}

#[test]
fn tracking_records_read_from_json() {
    let check_in: CheckIn = serde_json::from_str(
        r#"{"key_result":"arr","date":"2026-01-05","reading":{"value":"10"},"confidence":"0.8"}"#,
    )
    .unwrap();
    assert_eq!(check_in, ci("arr", "2026-01-05", "10", "0.8"));
    let milestone: CheckIn = serde_json::from_str(
        r#"{"key_result":"launch","date":"2026-01-05","reading":{"done":true},"confidence":1,"blocker":"legal review"}"#,
    )
    .unwrap();
    assert_eq!(milestone.reading, Reading::Done(true));
    assert!(
        serde_json::from_str::<CheckIn>(
            r#"{"key_result":"arr","date":"2026-01-05","reading":{"value":"10"},"confidence":"1.2"}"#
        )
        .is_err(),
        "a confidence of 1.2 is rejected"
    );
    let escalation: Action = serde_json::from_str(
        r#"{"key_result":"nps","date":"2026-01-25","kind":{"escalate":{"to":"cpo"}},"actor":"ana"}"#,
    )
    .unwrap();
    assert_eq!(
        escalation.kind,
        ActionKind::Escalate {
            to: OwnerId::new("cpo").unwrap()
        }
    );
    let plan: RecoveryPlan = serde_json::from_str(
        r#"{"key_result":"arr","change":"resources","owner":"ana","due":"2026-03-01"}"#,
    )
    .unwrap();
    assert_eq!(plan.change, RecoveryChange::Resources);
    assert!(
        serde_json::from_str::<RecoveryPlan>(
            r#"{"key_result":"arr","change":"try_harder","owner":"ana","due":"2026-03-01"}"#
        )
        .is_err(),
        "there is no try-harder recovery"
    );
    let policy: DriftPolicy = serde_json::from_str(r#"{"unmoved_days": 10}"#).unwrap();
    assert_eq!((policy.unmoved_days(), policy.trend_min_points()), (10, 3));
}

#[test]
fn cadence_compliance_counts_expected_received_and_the_longest_gap() {
    let check_ins = || {
        vec![
            ci("arr", "2026-01-05", "1", "0.8"),
            ci("arr", "2026-01-12", "2", "0.8"),
            ci("arr", "2026-01-19", "3", "0.8"),
            ci("arr", "2026-01-26", "4", "0.8"),
            ci("adoption", "2026-01-05", "1", "0.8"),
            ci("adoption", "2026-01-12", "1", "0.8"),
            ci("adoption", "2026-01-19", "1", "0.8"),
            ci("nps", "2026-01-10", "30", "0.8"),
        ]
    };
    let atlas = folio_types::ProductId::new("atlas").unwrap();
    let report = |as_of: &str, declared: Cadence| {
        let cadences = BTreeMap::from([(atlas.clone(), declared)]);
        cadence(&graph(), &log(as_of, check_ins()), &cadences)
            .unwrap()
            .remove(0)
    };
    // 31 days elapsed: 4 weekly check-ins expected from each of the 4 key results.
    let weekly = report("2026-01-31", Cadence::Weekly);
    assert_eq!((weekly.expected, weekly.received), (16, 8));
    // Capped per key result: 4 + 3 + 1 + 0 of 16.
    assert_eq!(
        weekly.compliance.map(folio_types::Ratio::value),
        Some(d("0.5"))
    );
    // "launch" never checked in: 30 days from 1 January to 31 January.
    assert_eq!(weekly.longest_gap, Some((30, kr("launch"))));

    let monthly = report("2026-01-31", Cadence::Monthly);
    assert_eq!(monthly.expected, 4);
    assert_eq!(
        monthly.compliance.map(folio_types::Ratio::value),
        Some(d("0.75"))
    );
    // On 30 January no month has ended yet: nothing is expected.
    let early = report("2026-01-30", Cadence::Monthly);
    assert_eq!((early.expected, early.compliance), (0, None));
    assert_eq!(report("2026-01-31", Cadence::BiWeekly).expected, 8);
}

#[test]
fn calibration_makes_a_cautious_and_an_optimistic_owner_comparable() {
    use folio_okr::tracking::{calibration, score_inputs};
    let mut cautious = key_result("arr", "product", &[("o:grow", "1")]);
    cautious["owner"] = serde_json::json!("cautious");
    let mut optimist = key_result("nps", "product", &[("o:grow", "1")]);
    optimist["owner"] = serde_json::json!("optimist");
    let graph = OkrGraph::new(portfolio(
        "weighted",
        vec![objective("grow", "portfolio", "key_results", &[])],
        vec![cautious, optimist],
    ))
    .unwrap();
    let check_ins = vec![
        ci("arr", "2026-01-05", "1", "0.7"),
        ci("arr", "2026-02-05", "2", "0.7"),
        ci("nps", "2026-01-05", "1", "0.9"),
        ci("nps", "2026-02-05", "2", "0.9"),
    ];
    let log = CheckInLog::new(&graph, q1(), day("2026-03-31"), check_ins).unwrap();
    // arr over-achieved (1.2, scored 1); nps reached half its target.
    let scores = BTreeMap::from([(kr("arr"), p("1.2")), (kr("nps"), p("0.5"))]);
    let owners = calibration(&graph, &log, &scores).unwrap();
    let summary: Vec<(&str, u32, Decimal, Decimal)> = owners
        .iter()
        .map(|o| (o.owner.as_str(), o.check_ins, o.bias, o.mean_absolute_error))
        .collect();
    assert_eq!(
        summary,
        [
            ("cautious", 2, d("-0.3"), d("0.3")),
            ("optimist", 2, d("0.4"), d("0.4"))
        ]
    );
    // Calibrated, the cautious 0.7 reads 1.0 and the optimistic 0.9 reads 0.5.
    let c = |text: &str| Confidence::new(d(text)).unwrap();
    assert_eq!(owners[0].calibrated(c("0.7")), c("1"));
    assert_eq!(owners[1].calibrated(c("0.9")), c("0.5"));
    assert_eq!(owners[0].calibrated(c("0.9")), c("1"), "capped at 1");

    // Objectives are scored by rolling the capped scores up: (1 + 0.5) / 2.
    let rollup = graph.rollup(&score_inputs(&scores)).unwrap();
    let grow = folio_okr::NodeId::Objective(folio_types::ObjectiveId::new("grow").unwrap());
    assert_eq!(rollup.value(&grow).map(|v| v.reported), Some(p("0.75")));
}

#[test]
fn readout_gathers_scorecard_exceptions_and_alerts() {
    use folio_okr::ProgressInputs;
    use folio_okr::tracking::{ReadoutInputs, ReadoutPolicy, Trend, readout};
    let mut arr = key_result("arr", "product", &[("o:grow", "2")]);
    arr["product"] = serde_json::json!("atlas");
    let mut nps = key_result("nps", "product", &[("o:grow", "1")]);
    nps["product"] = serde_json::json!("lens");
    let graph = OkrGraph::new(portfolio(
        "weighted",
        vec![objective("grow", "portfolio", "key_results", &[])],
        vec![arr, nps],
    ))
    .unwrap();
    let mut asking = ci("nps", "2026-02-09", "30", "0.3");
    asking.decision_needed = Some("fund the survey vendor".into());
    let log = CheckInLog::new(
        &graph,
        q1(),
        day("2026-02-14"),
        vec![ci("arr", "2026-01-05", "10", "0.8"), asking],
    )
    .unwrap();
    let progress = |arr: &str, nps: &str| {
        let mut inputs = ProgressInputs::new([(kr("arr"), p(arr)), (kr("nps"), p(nps))]);
        inputs.confidence = BTreeMap::from([
            (kr("arr"), Confidence::new(d("0.8")).unwrap()),
            (kr("nps"), Confidence::new(d("0.3")).unwrap()),
        ]);
        inputs
    };
    let (current, previous) = (progress("0.6", "0.45"), progress("0.4", "0.5"));
    let cadences = BTreeMap::from([
        (
            folio_types::ProductId::new("atlas").unwrap(),
            Cadence::Weekly,
        ),
        (
            folio_types::ProductId::new("lens").unwrap(),
            Cadence::Weekly,
        ),
    ]);
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &previous,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &[folio_okr::tracking::OwnerCalibration {
            owner: OwnerId::new("owner").unwrap(),
            key_results: 4,
            check_ins: 20,
            bias: d("0.2"),
            mean_absolute_error: d("0.25"),
        }],
    };
    let r = readout(&graph, inputs, &ReadoutPolicy::default()).unwrap();

    // grow: (2 x 0.4 + 0.5) / 3 = 0.4333 before, (2 x 0.6 + 0.45) / 3 = 0.55 now.
    let line = &r.scorecard[0];
    assert_eq!(line.trend, Trend::Up);
    assert_eq!(line.progress.value().round_dp(4), d("0.55"));
    assert_eq!(line.previous.value().round_dp(4), d("0.4333"));
    // atlas moved it by +0.1333, lens by -0.0167.
    let (product, delta) = line.top_product.clone().unwrap();
    assert_eq!(
        (product.as_str(), delta.round_dp(4)),
        ("atlas", d("0.1333"))
    );
    // Confidence (2 x 0.8 + 0.3) / 3.
    assert_eq!(
        line.confidence.map(|c| c.value().round_dp(4)),
        Some(d("0.6333"))
    );

    // Exceptions are the at-risk key results only, by severity, then weight x gap:
    // nps is off track (severity 3; 1 x 0.55 = 0.55), arr is stale (severity 2;
    // 2 x 0.4 = 0.8).
    let ranked: Vec<(&str, Decimal, Vec<AtRiskReason>)> = r
        .exceptions
        .iter()
        .map(|e| (e.key_result.as_str(), e.risk, e.reasons.clone()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("nps", d("0.55"), vec![AtRiskReason::OffTrack]),
            ("arr", d("0.8"), vec![AtRiskReason::Stale])
        ]
    );
    assert_eq!(
        r.exceptions[0].decision_needed.as_deref(),
        Some("fund the survey vendor")
    );
    // arr's owner named no decision: its staleness calls for one.
    assert_eq!(
        r.exceptions[1].decision_needed.as_deref(),
        Some("update, retire or escalate it")
    );

    assert_eq!(r.off_track.len(), 1, "nps at 0.3 on the half-way day");
    assert_eq!(r.stale.len(), 1, "arr, silent since 5 January");
    assert!(matches!(
        r.stale[0].staleness,
        Staleness::RetirementRecommended { .. }
    ));
    assert_eq!(r.cadence.len(), 2);

    let text = r.to_text();
    assert!(
        text.contains("↑ grow (55% from 43.3%), confidence 0.63,"),
        "{text}"
    );
    assert!(text.contains("Drift\n-----\n  none\n"), "{text}");
    assert!(text.contains("driven by atlas (+0.1333)"), "{text}");
    assert!(
        text.contains("nps: confidence 0.3 on 2026-02-09; NO RECOVERY PLAN"),
        "{text}"
    );
    assert!(
        text.contains("decision needed: fund the survey vendor"),
        "{text}"
    );
    // The owner's optimism (bias 0.2) is taken out of the raw 0.3.
    assert!(
        text.contains("progress 45%, confidence 0.3 (calibrated 0.1), risk 0.55"),
        "{text}"
    );
    let markdown = r.to_markdown();
    assert!(
        markdown.starts_with("# Portfolio readout, 2026-Q1 as of 2026-02-14"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| grow | 55% | ↑ from 43.3% |"),
        "{markdown}"
    );
    // The readout is data first: it serializes to JSON (as output only: it is not
    // read back).
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["exceptions"][0]["reasons"][0], "off_track");
    assert_eq!(json["scorecard"][0]["trend"], "up");
}

#[test]
fn check_ins_report_what_the_key_result_measures_and_give_progress() {
    use folio_metrics::Scoring;
    let mut arr = key_result("arr", "product", &[("o:grow", "1")]);
    arr["target"] = serde_json::json!({
        "metric": "arr",
        "goal": { "increase_to": { "baseline": "100", "target": "120" } }
    });
    let mut launch = key_result("launch", "product", &[("o:grow", "1")]);
    launch["target"] = serde_json::json!({ "metric": "eu_launch", "goal": "milestone" });
    let free = key_result("nps", "product", &[("o:grow", "1")]);
    let graph = OkrGraph::new(portfolio(
        "weighted",
        vec![objective("grow", "portfolio", "key_results", &[])],
        vec![arr, launch, free],
    ))
    .unwrap();
    let done = |date: &str, flag: bool| {
        let mut c = ci("launch", date, "0", "0.9");
        c.reading = Reading::Done(flag);
        c
    };
    let build =
        |check_ins: Vec<CheckIn>| CheckInLog::new(&graph, q1(), day("2026-02-01"), check_ins);

    assert_eq!(
        build(vec![ci("launch", "2026-01-10", "1", "0.9")]),
        Err(Error::WrongReading {
            key_result: kr("launch"),
            date: day("2026-01-10"),
            expected: "a done flag"
        })
    );
    let mut flagged = ci("arr", "2026-01-10", "0", "0.9");
    flagged.reading = Reading::Done(true);
    assert_eq!(
        build(vec![flagged]),
        Err(Error::WrongReading {
            key_result: kr("arr"),
            date: day("2026-01-10"),
            expected: "a value"
        })
    );

    let log = build(vec![
        ci("arr", "2026-01-10", "104", "0.8"),
        ci("arr", "2026-01-24", "110", "0.8"),
        done("2026-01-20", false),
        done("2026-01-27", true),
        ci("nps", "2026-01-10", "31", "0.5"),
    ])
    .unwrap();
    let progress = log.progress(&graph, Scoring::Clamped).unwrap();
    // arr: (110 - 100) / (120 - 100) = 0.5; launch done = 1; nps has no target.
    assert_eq!(
        progress.into_iter().collect::<Vec<_>>(),
        [(kr("arr"), p("0.5")), (kr("launch"), p("1"))]
    );
    // Over-achievement is the caller's choice.
    let log = build(vec![ci("arr", "2026-01-24", "130", "0.8")]).unwrap();
    assert_eq!(
        log.progress(&graph, Scoring::Clamped).unwrap()[&kr("arr")],
        p("1")
    );
    assert_eq!(
        log.progress(&graph, Scoring::AllowOverAchievement).unwrap()[&kr("arr")],
        p("1.5")
    );
}
