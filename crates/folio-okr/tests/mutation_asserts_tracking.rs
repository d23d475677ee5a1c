//! Assertions on the tracking policies' documented rules that the scenario tests leave
//! implicit: the boundaries of each threshold, the plain words of every label, the
//! validation of each setting and record, and the renderings of the readout. Every
//! expected value is worked by hand from the rule in the module docs.
// Tests fail loudly: they unwrap, index and panic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::needless_pass_by_value,
    clippy::type_complexity
)]
#![cfg(feature = "serde")]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use folio_okr::tracking::{
    Action, ActionKind, AtRiskReason, Cadence, CapacityDrain, CheckIn, CheckInLog, OffTrackPolicy,
    OwnerCalibration, Reading, ReallocationRequest, RecoveryChange, RecoveryPlan, RequestSource,
    ShiftKind, Signal, Staleness, StalenessPolicy, StrategicQuestion, Trend, cadence, calibration,
    dependency_risk, off_track, staleness,
};
use folio_okr::{Error, NodeId, OkrGraph, PortfolioData};
use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, OwnerId, Period, ProductId, Ratio};
use serde_json::{Value, json};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn kr(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn owner(id: &str) -> OwnerId {
    OwnerId::new(id).unwrap()
}

fn product(id: &str) -> ProductId {
    ProductId::new(id).unwrap()
}

fn conf(text: &str) -> Confidence {
    Confidence::new(d(text)).unwrap()
}

fn q1() -> Period {
    Period::quarter(2026, 1).unwrap()
}

/// A product key result of `product`, owned by `<id>-owner`, with a 0 -> 10 target,
/// contributing with `weight` to "grow", depending on `depends` (key result ids).
fn k(id: &str, product: &str, weight: &str, depends: &[&str]) -> Value {
    json!({
        "id": id, "name": id, "tier": "product", "owner": format!("{id}-owner"),
        "product": product,
        "target": {"metric": "m", "goal": {"increase_to": {"baseline": "0", "target": "10"}}},
        "contributes_to": [{"to": {"objective": "grow"}, "weight": weight}],
        "depends_on": depends.iter()
            .map(|on| json!({"on": {"key_result": on}, "kind": "shared_api"}))
            .collect::<Vec<_>>(),
    })
}

fn graph_of(key_results: Vec<Value>) -> OkrGraph {
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results"}],
        "key_results": key_results,
    }))
    .unwrap();
    OkrGraph::new(data).unwrap()
}

/// Four key results of "atlas", none depending on another.
fn graph() -> OkrGraph {
    graph_of(vec![
        k("arr", "atlas", "1", &[]),
        k("nps", "atlas", "1", &[]),
        k("adoption", "atlas", "1", &[]),
        k("launch", "atlas", "1", &[]),
    ])
}

fn ci(key_result: &str, date: &str, value: &str, confidence: &str) -> CheckIn {
    CheckIn {
        key_result: kr(key_result),
        date: day(date),
        reading: Reading::Value(d(value)),
        confidence: conf(confidence),
        note: String::new(),
        blocker: None,
        decision_needed: None,
    }
}

fn log_of(graph: &OkrGraph, as_of: &str, check_ins: Vec<CheckIn>) -> CheckInLog {
    CheckInLog::new(graph, q1(), day(as_of), check_ins).unwrap()
}

// ---------------------------------------------------------------------------------
// Plain words

#[test]
fn labels_read_as_documented() {
    let cadences: Vec<String> = [Cadence::Weekly, Cadence::BiWeekly, Cadence::Monthly]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(cadences, ["weekly", "bi-weekly", "monthly"]);
    let signals: Vec<String> = [Signal::OffTrack, Signal::Stale, Signal::BehindPace]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(signals, ["off track", "stale", "behind pace"]);
    let kinds: Vec<String> = [ShiftKind::Budget, ShiftKind::Headcount, ShiftKind::Priority]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(kinds, ["budget", "headcount", "priority"]);
    let reasons = [
        AtRiskReason::OffTrack,
        AtRiskReason::Stale,
        AtRiskReason::BehindPace,
        AtRiskReason::Drifting,
        AtRiskReason::ThroughDependency,
    ];
    let words: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    assert_eq!(
        words,
        [
            "off track",
            "stale",
            "behind pace",
            "drifting",
            "at risk through a dependency"
        ]
    );
    // Off track 3; stale or behind pace 2; drifting or through a dependency 1.
    let severities: Vec<u8> = reasons.iter().map(|r| r.severity()).collect();
    assert_eq!(severities, [3, 2, 2, 1, 1]);
    let arrows: Vec<char> = [Trend::Up, Trend::Flat, Trend::Down]
        .iter()
        .map(|t| t.arrow())
        .collect();
    assert_eq!(arrows, ['↑', '→', '↓']);
}

#[test]
fn requests_and_questions_render_from_to_how_much_and_why() {
    let mut request =
        ReallocationRequest::new(product("lens"), "to recover nps", RequestSource::Allocation);
    assert_eq!(request.key_result, None);
    assert_eq!(request.source, RequestSource::Allocation);
    assert_eq!(
        request.to_string(),
        "move resources from a source to decide to lens: to recover nps"
    );
    request.amount = Some(d("2.50"));
    assert_eq!(
        request.to_string(),
        "move 2.5 from a source to decide to lens: to recover nps"
    );
    request.kind = Some(ShiftKind::Headcount);
    request.from = Some("scout".to_owned());
    assert_eq!(
        request.to_string(),
        "move 2.5 headcount from scout to lens: to recover nps"
    );
    request.amount = None;
    assert_eq!(
        request.to_string(),
        "move headcount from scout to lens: to recover nps"
    );

    let question = StrategicQuestion::new(
        "Fix or sunset Scout?",
        vec!["revenue fell".to_owned(), "churn rose".to_owned()],
    );
    assert_eq!(
        question.to_string(),
        "Fix or sunset Scout?\n  evidence: revenue fell\n  evidence: churn rose"
    );
    assert_eq!(StrategicQuestion::new("Why?", vec![]).to_string(), "Why?");
}

#[test]
fn capacity_drains_validate_and_give_their_shortfall() {
    let drain = |planned: &str, available: &str| CapacityDrain {
        product: product("core"),
        kind: ShiftKind::Budget,
        planned: d(planned),
        available: d(available),
        cause: String::new(),
    };
    assert_eq!(drain("6", "4").shortfall(), Some(d("2")));
    // No shortfall when as much is available as planned, or more.
    assert_eq!(drain("6", "6").shortfall(), None);
    assert_eq!(drain("6", "7").shortfall(), None);
    assert!(drain("0", "0").validate().is_ok());
    assert_eq!(
        drain("-1", "4").validate(),
        Err(Error::NegativeCapacity {
            product: product("core"),
            field: "planned",
            value: d("-1"),
        })
    );
    assert_eq!(
        drain("6", "-0.5").validate(),
        Err(Error::NegativeCapacity {
            product: product("core"),
            field: "available",
            value: d("-0.5"),
        })
    );
}

// ---------------------------------------------------------------------------------
// Cadence

#[test]
fn cadence_counts_full_weeks_and_months_and_ties_go_to_the_first_id() {
    let graph = graph();
    let declared = |c: Cadence| BTreeMap::from([(product("atlas"), c)]);
    assert!(
        cadence(
            &graph,
            &log_of(&graph, "2026-02-01", vec![]),
            &BTreeMap::new()
        )
        .unwrap()
        .is_empty()
    );
    // At the end of 6 January 6 days have passed: no full week; at the end of
    // 7 January, one.
    let weekly = |as_of: &str| {
        cadence(
            &graph,
            &log_of(&graph, as_of, vec![]),
            &declared(Cadence::Weekly),
        )
        .unwrap()[0]
            .expected
    };
    assert_eq!(weekly("2026-01-06"), 0);
    assert_eq!(
        weekly("2026-01-07"),
        4,
        "one per key result, four key results"
    );
    let biweekly = |as_of: &str| {
        cadence(
            &graph,
            &log_of(&graph, as_of, vec![]),
            &declared(Cadence::BiWeekly),
        )
        .unwrap()[0]
            .expected
    };
    assert_eq!(biweekly("2026-01-13"), 0);
    assert_eq!(biweekly("2026-01-14"), 4);
    assert_eq!(biweekly("2026-01-28"), 8);

    // Every key result silent: each gap is the 40 days from 1 January to 10 February,
    // and the tie goes to the first in id order.
    let silent = cadence(
        &graph,
        &log_of(&graph, "2026-02-10", vec![]),
        &declared(Cadence::Monthly),
    )
    .unwrap();
    assert_eq!(silent[0].longest_gap, Some((40, kr("adoption"))));
    assert_eq!(silent[0].received, 0);
    assert_eq!(
        silent[0].key_results,
        [kr("adoption"), kr("arr"), kr("launch"), kr("nps")]
    );
    // January has ended: one monthly check-in expected per key result, none received.
    assert_eq!(silent[0].expected, 4);
    assert_eq!(silent[0].compliance.map(Ratio::value), Some(Decimal::ZERO));

    // Past the period's end the last gap stops at 31 March: arr checked in on
    // 10 January (9 days after the start) and 10 February (31 days later); from then
    // to 31 March is 49 days (to as_of, 20 April, it would be 69).
    let late = Period::quarter(2026, 1).unwrap();
    let log = CheckInLog::new(
        &graph,
        late,
        day("2026-04-20"),
        vec![
            ci("arr", "2026-01-10", "1", "0.8"),
            ci("arr", "2026-02-10", "2", "0.8"),
        ],
    )
    .unwrap();
    let report = cadence(
        &graph_of(vec![k("arr", "atlas", "1", &[])]),
        &log,
        &declared(Cadence::Monthly),
    )
    .unwrap();
    assert_eq!(report[0].longest_gap, Some((49, kr("arr"))));
    assert_eq!(
        report[0].expected, 3,
        "January, February and March have ended"
    );
    assert_eq!(report[0].received, 2);
    assert_eq!(
        report[0].compliance.map(Ratio::value),
        Some(d("2") / d("3"))
    );
}

// ---------------------------------------------------------------------------------
// Calibration

#[test]
fn calibration_records_validate_every_field() {
    let record = |key_results: u32, check_ins: u32, bias: &str, mae: &str| OwnerCalibration {
        owner: owner("ana"),
        key_results,
        check_ins,
        bias: d(bias),
        mean_absolute_error: d(mae),
    };
    let field_of = |r: OwnerCalibration| match r.validate() {
        Err(Error::InvalidCalibration { owner, field, .. }) => {
            assert_eq!(owner.as_str(), "ana");
            Some(field)
        }
        Err(other) => panic!("unexpected error {other:?}"),
        Ok(()) => None,
    };
    assert_eq!(field_of(record(1, 1, "0", "0")), None);
    assert_eq!(
        field_of(record(2, 2, "-1", "1")),
        None,
        "the edges are allowed"
    );
    assert_eq!(field_of(record(0, 3, "0", "0")), Some("key_results"));
    assert_eq!(field_of(record(3, 2, "0", "0")), Some("check_ins"));
    assert_eq!(
        field_of(record(3, 3, "0", "-0.1")),
        Some("mean_absolute_error")
    );
    assert_eq!(
        field_of(record(3, 3, "0", "1.1")),
        Some("mean_absolute_error")
    );
    assert_eq!(field_of(record(3, 3, "0.3", "0.2")), Some("bias"));
    assert_eq!(field_of(record(3, 3, "-0.3", "0.2")), Some("bias"));
    // A record read from JSON is validated as it is read.
    assert!(
        serde_json::from_value::<OwnerCalibration>(json!({
            "owner": "ana", "key_results": 0, "check_ins": 1,
            "bias": "0", "mean_absolute_error": "0"
        }))
        .is_err()
    );

    // Calibrated confidence is raw minus bias, capped to 0..=1.
    let cautious = record(1, 1, "-0.2", "0.2");
    assert_eq!(cautious.calibrated(conf("0.5")), conf("0.7"));
    let optimist = record(1, 1, "0.3", "0.3");
    assert_eq!(optimist.calibrated(conf("0.5")), conf("0.2"));
    assert_eq!(optimist.calibrated(conf("0.1")), conf("0"), "capped at 0");
}

#[test]
fn calibration_counts_each_check_in_once_and_skips_unscored_key_results() {
    let graph = graph();
    let log = log_of(
        &graph,
        "2026-03-31",
        vec![
            ci("arr", "2026-01-05", "1", "0.9"),
            ci("arr", "2026-02-05", "2", "0.5"),
            ci("arr", "2026-03-05", "3", "0.4"),
            ci("nps", "2026-01-05", "1", "0.6"),
        ],
    );
    // arr scored 0.5: errors 0.4, 0, -0.1 (sum 0.3, absolute 0.5); nps is unscored;
    // launch is scored but has no check-in.
    let scores = BTreeMap::from([
        (kr("arr"), folio_types::Progress::new(d("0.5")).unwrap()),
        (kr("launch"), folio_types::Progress::new(d("1")).unwrap()),
    ]);
    let owners = calibration(&graph, &log, &scores).unwrap();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].owner.as_str(), "arr-owner");
    assert_eq!((owners[0].key_results, owners[0].check_ins), (1, 3));
    assert_eq!(owners[0].bias, d("0.1"));
    assert_eq!(owners[0].mean_absolute_error, d("0.5") / d("3"));
    // A score for a key result the graph lacks is an error.
    let ghost = BTreeMap::from([(kr("ghost"), folio_types::Progress::new(d("1")).unwrap())]);
    assert!(matches!(
        calibration(&graph, &log, &ghost),
        Err(Error::UnknownKeyResult { .. })
    ));
}

// ---------------------------------------------------------------------------------
// Off track

#[test]
fn off_track_policy_validates_and_applies_its_own_thresholds() {
    let policy = OffTrackPolicy::default();
    assert_eq!(policy.confidence_below(), conf("0.4"));
    assert_eq!(policy.from_fraction_elapsed().value(), d("0.5"));
    let ratio = |text: &str| Ratio::from_decimal(d(text));
    assert!(OffTrackPolicy::new(conf("0.4"), ratio("1.01")).is_err());
    assert!(OffTrackPolicy::new(conf("0.4"), ratio("-0.01")).is_err());
    let strict = OffTrackPolicy::new(conf("0.6"), ratio("0.1")).unwrap();
    assert_eq!(strict.confidence_below(), conf("0.6"));
    assert_eq!(strict.from_fraction_elapsed().value(), d("0.1"));

    let graph = graph();
    // 9 January: 9 of 90 days, 0.1 of the period.
    let log = log_of(
        &graph,
        "2026-01-09",
        vec![
            ci("arr", "2026-01-05", "1", "0.5"),
            ci("nps", "2026-01-05", "1", "0.6"),
        ],
    );
    let off = off_track(&graph, &log, &[], &strict).unwrap();
    let ids: Vec<&str> = off.iter().map(|o| o.key_result.as_str()).collect();
    assert_eq!(ids, ["arr"], "0.5 is below 0.6, 0.6 is not");
    assert_eq!(off[0].confidence, conf("0.5"));
    assert_eq!(off[0].confidence_date, day("2026-01-05"));
    assert_eq!(off[0].fraction_elapsed.value(), d("0.1"));
    // 8 January is before a tenth of the period.
    let early = log_of(
        &graph,
        "2026-01-08",
        vec![ci("arr", "2026-01-05", "1", "0.5")],
    );
    assert!(off_track(&graph, &early, &[], &strict).unwrap().is_empty());

    let plan = RecoveryPlan {
        key_result: kr("ghost"),
        change: RecoveryChange::Target,
        owner: owner("ana"),
        due: day("2026-02-01"),
        description: String::new(),
        resources: None,
    };
    assert_eq!(
        off_track(&graph, &log, &[plan], &strict),
        Err(Error::UnknownKeyResult {
            what: "recovery plan",
            key_result: kr("ghost"),
            date: day("2026-02-01"),
        })
    );
}

// ---------------------------------------------------------------------------------
// Staleness

#[test]
fn staleness_policy_validates_and_overdue_needs_a_late_retirement() {
    let policy = StalenessPolicy::default();
    assert_eq!(
        (
            policy.stale_after_days(),
            policy.action_window_days(),
            policy.retire_after_days()
        ),
        (14, 7, 21)
    );
    assert!(StalenessPolicy::new(0, 7, 21).is_err());
    assert!(StalenessPolicy::new(10, 7, 9).is_err());
    let edge = StalenessPolicy::new(1, 0, 1).unwrap();
    assert_eq!(
        (
            edge.stale_after_days(),
            edge.action_window_days(),
            edge.retire_after_days()
        ),
        (1, 0, 1)
    );
    assert!(serde_json::from_value::<StalenessPolicy>(json!({"stale_after_days": 0})).is_err());

    // Stale after 10 days, 5 to act, retire after 30: the window closes on day 15 and
    // the key result is overdue from day 16 to day 30.
    let late = StalenessPolicy::new(10, 5, 30).unwrap();
    let graph = graph();
    let state = |as_of: &str| {
        let log = log_of(&graph, as_of, vec![ci("arr", "2026-01-05", "1", "0.8")]);
        staleness(&graph, &log, &[], &late)
            .unwrap()
            .into_iter()
            .find(|r| r.key_result == kr("arr"))
            .unwrap()
    };
    let due = day("2026-01-20");
    assert_eq!(
        state("2026-01-14").staleness,
        Staleness::Fresh {
            days_since_update: 9
        }
    );
    assert_eq!(
        state("2026-01-15").staleness,
        Staleness::ActionDue {
            days_since_update: 10,
            due
        }
    );
    assert_eq!(
        state("2026-01-20").staleness,
        Staleness::ActionDue {
            days_since_update: 15,
            due
        }
    );
    assert_eq!(
        state("2026-01-21").staleness,
        Staleness::ActionOverdue {
            days_since_update: 16,
            due
        }
    );
    assert_eq!(
        state("2026-02-04").staleness,
        Staleness::ActionOverdue {
            days_since_update: 30,
            due
        }
    );
    let report = state("2026-02-05");
    assert_eq!(
        report.staleness,
        Staleness::RetirementRecommended {
            days_since_update: 31,
            days_stale: 21
        }
    );
    assert_eq!(report.last_update, Some(day("2026-01-05")));
}

#[test]
fn staleness_actions_count_on_their_day_and_not_after_as_of() {
    let graph = graph();
    let log = log_of(
        &graph,
        "2026-01-25",
        vec![ci("arr", "2026-01-05", "1", "0.8")],
    );
    let act = |date: &str, kind: ActionKind| Action {
        key_result: kr("arr"),
        date: day(date),
        kind,
        actor: owner("ana"),
        note: String::new(),
    };
    let escalate = || ActionKind::Escalate { to: owner("cpo") };
    let arr = |actions: &[Action]| {
        staleness(&graph, &log, actions, &StalenessPolicy::default())
            .unwrap()
            .into_iter()
            .find(|r| r.key_result == kr("arr"))
            .unwrap()
            .staleness
    };
    // Stale from 19 January (14 days after 5 January): an escalation on that very day
    // answers the duty to act; the later of two escalations is the one shown.
    let on_the_day = act("2026-01-19", escalate());
    let later = act("2026-01-22", escalate());
    assert_eq!(
        arr(&[later.clone(), on_the_day.clone()]),
        Staleness::Escalated {
            days_since_update: 20,
            action: later
        }
    );
    assert_eq!(
        arr(std::slice::from_ref(&on_the_day)),
        Staleness::Escalated {
            days_since_update: 20,
            action: on_the_day
        }
    );
    // The day before it went stale belongs to no stale spell.
    assert!(matches!(
        arr(&[act("2026-01-18", escalate())]),
        Staleness::ActionDue { .. }
    ));
    // An action dated after as_of is not taken yet.
    assert!(matches!(
        arr(&[act("2026-01-26", ActionKind::Retire)]),
        Staleness::ActionDue { .. }
    ));
    let retired = act("2026-01-25", ActionKind::Retire);
    let earlier = act("2026-01-10", ActionKind::Retire);
    assert_eq!(
        arr(&[retired.clone(), earlier]),
        Staleness::Retired { action: retired },
        "the latest retirement wins"
    );
}

#[test]
fn a_key_result_fed_by_others_is_as_fresh_as_its_latest_contributor() {
    // "api" has no check-in of its own; "cli", "docs" and "sdk" feed it, and "docs"
    // never checked in.
    let initiative = |id: &str| {
        json!({"id": id, "name": id, "tier": "initiative", "owner": "o", "product": "atlas",
               "contributes_to": [{"to": {"key_result": "api"}}]})
    };
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results"}],
        "key_results": [
            {"id": "api", "name": "api", "tier": "product", "owner": "o", "product": "atlas",
             "contributes_to": [{"to": {"objective": "grow"}}]},
            initiative("cli"), initiative("docs"), initiative("sdk")
        ]
    }))
    .unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let log = log_of(
        &graph,
        "2026-02-01",
        vec![
            ci("sdk", "2026-01-10", "1", "0.8"),
            ci("cli", "2026-01-20", "1", "0.8"),
        ],
    );
    let reports = staleness(&graph, &log, &[], &StalenessPolicy::default()).unwrap();
    let last: Vec<(&str, Option<NaiveDate>)> = reports
        .iter()
        .map(|r| (r.key_result.as_str(), r.last_update))
        .collect();
    // api: the latest of its contributors' check-ins, cli's of 20 January.
    assert_eq!(
        last,
        [
            ("api", Some(day("2026-01-20"))),
            ("cli", Some(day("2026-01-20"))),
            ("docs", None),
            ("sdk", Some(day("2026-01-10"))),
        ]
    );
    assert_eq!(
        reports[0].staleness,
        Staleness::Fresh {
            days_since_update: 12
        }
    );
    // docs counts from 1 January: 31 days, stale since 15 January.
    assert_eq!(
        reports[2].staleness,
        Staleness::RetirementRecommended {
            days_since_update: 31,
            days_stale: 17
        }
    );
}

// ---------------------------------------------------------------------------------
// Dependency risk

#[test]
fn dependency_risk_names_the_chain_and_every_signal() {
    // onboard -> api -> migrate; "solo" depends on nothing; "waits" depends on "solo".
    let graph = graph_of(vec![
        k("api", "atlas", "1", &["migrate"]),
        k("migrate", "core", "1", &[]),
        k("onboard", "lens", "1", &["api"]),
        k("solo", "lens", "1", &[]),
        k("waits", "lens", "1", &["solo"]),
    ]);
    // As of 14 February (half-way): migrate is off track (0.3) and silent since
    // 20 January (stale); solo checked in recently with confidence 0.9.
    let log = log_of(
        &graph,
        "2026-02-14",
        vec![
            ci("migrate", "2026-01-20", "5", "0.3"),
            ci("api", "2026-02-12", "5", "0.8"),
            ci("onboard", "2026-02-12", "5", "0.8"),
            ci("solo", "2026-02-12", "5", "0.9"),
            ci("waits", "2026-02-12", "5", "0.9"),
        ],
    );
    let off = off_track(&graph, &log, &[], &OffTrackPolicy::default()).unwrap();
    let stale = staleness(&graph, &log, &[], &StalenessPolicy::default()).unwrap();
    let risks = dependency_risk(&graph, &off, &stale, &[]);
    let found: Vec<(String, Vec<NodeId>, &str, Vec<Signal>)> = risks
        .iter()
        .map(|r| {
            (
                r.node.to_string(),
                r.chain.clone(),
                r.prerequisite.as_str(),
                r.signals.clone(),
            )
        })
        .collect();
    let node = |id: &str| NodeId::KeyResult(kr(id));
    assert_eq!(
        found,
        [
            (
                node("api").to_string(),
                vec![node("api"), node("migrate")],
                "migrate",
                vec![Signal::OffTrack, Signal::Stale]
            ),
            (
                node("onboard").to_string(),
                vec![node("onboard"), node("api"), node("migrate")],
                "migrate",
                vec![Signal::OffTrack, Signal::Stale]
            ),
        ]
    );
    assert_eq!(
        risks[1].to_string(),
        format!(
            "{} is at risk through a dependency: {} depends on {} depends on {}, which is off track and stale",
            node("onboard"),
            node("onboard"),
            node("api"),
            node("migrate")
        )
    );
    // A flagged key result that nothing depends on raises no risk; a retired
    // prerequisite is no longer a stale one.
    let retire = Action {
        key_result: kr("migrate"),
        date: day("2026-02-01"),
        kind: ActionKind::Retire,
        actor: owner("ana"),
        note: String::new(),
    };
    let stale = staleness(&graph, &log, &[retire], &StalenessPolicy::default()).unwrap();
    let risks = dependency_risk(&graph, &[], &stale, &[]);
    assert!(risks.is_empty(), "{risks:?}");
    let flagged: BTreeSet<&str> = off.iter().map(|o| o.key_result.as_str()).collect();
    assert_eq!(flagged, BTreeSet::from(["migrate"]));
}

// ---------------------------------------------------------------------------------
// Check-ins

/// `extra` more key results without a target beside "arr" (a value), "launch" (a
/// milestone) and "free" (no target): with many key results and few check-ins the
/// log is built one check-in at a time; with few key results, by the fast build.
fn tracked_graph(extra: usize) -> OkrGraph {
    let mut key_results = vec![
        k("arr", "atlas", "1", &[]),
        json!({"id": "free", "name": "free", "tier": "product", "owner": "o", "product": "atlas",
               "contributes_to": [{"to": {"objective": "grow"}}]}),
        json!({"id": "launch", "name": "launch", "tier": "product", "owner": "o", "product": "atlas",
               "target": {"metric": "eu", "goal": "milestone"},
               "contributes_to": [{"to": {"objective": "grow"}}]}),
    ];
    for i in 0..extra {
        key_results.push(
            json!({"id": format!("x{i:02}"), "name": "x", "tier": "product",
            "owner": "o", "product": "atlas", "contributes_to": [{"to": {"objective": "grow"}}]}),
        );
    }
    graph_of(key_results)
}

fn done(key_result: &str, date: &str, flag: bool) -> CheckIn {
    let mut c = ci(key_result, date, "0", "0.5");
    c.reading = Reading::Done(flag);
    c
}

#[test]
fn check_in_logs_give_back_what_they_were_built_from() {
    for extra in [0, 40] {
        let graph = tracked_graph(extra);
        let mut noted = ci("arr", "2026-01-20", "4", "0.7");
        noted.note = "pilot signed".to_owned();
        noted.blocker = Some("legal review".to_owned());
        noted.decision_needed = Some("approve the discount".to_owned());
        let check_ins = vec![
            noted,
            ci("arr", "2026-01-06", "2", "0.8"),
            done("launch", "2026-02-14", true),
            ci("free", "2026-01-31", "7", "0.6"),
        ];
        // as_of is the day of the last check-in: a check-in on as_of is allowed.
        let log = CheckInLog::new(&graph, q1(), day("2026-02-14"), check_ins).unwrap();
        assert_eq!(log.period(), q1());
        assert_eq!(log.as_of(), day("2026-02-14"));
        let ids: Vec<&str> = log.key_results().map(KeyResultId::as_str).collect();
        assert_eq!(
            ids,
            ["arr", "free", "launch"],
            "only key results with check-ins"
        );
        let dates: Vec<NaiveDate> = log.history(&kr("arr")).iter().map(|o| o.date).collect();
        assert_eq!(dates, [day("2026-01-06"), day("2026-01-20")]);
        assert!(log.history(&kr("x00")).is_empty());
        assert_eq!(
            log.series(&kr("arr")).map(folio_types::Series::len),
            Some(2)
        );
        assert!(log.series(&kr("ghost")).is_none());
        let latest = log.state(&kr("arr")).unwrap();
        assert_eq!(latest.date, day("2026-01-20"));
        assert_eq!(latest.value.reading, Reading::Value(d("4")));
        assert_eq!(latest.value.confidence, conf("0.7"));
        assert_eq!(latest.value.note, "pilot signed");
        assert_eq!(latest.value.blocker.as_deref(), Some("legal review"));
        assert_eq!(
            latest.value.decision_needed.as_deref(),
            Some("approve the discount")
        );
        // Between the two check-ins the state is the first; before it there is none.
        let earlier = log.state_at(&kr("arr"), day("2026-01-19")).unwrap();
        assert_eq!(earlier.value.reading, Reading::Value(d("2")));
        assert_eq!(
            log.state_at(&kr("arr"), day("2026-01-20")).unwrap().date,
            day("2026-01-20")
        );
        assert!(log.state_at(&kr("arr"), day("2026-01-05")).is_none());
        assert!(log.state(&kr("x00")).is_none());
        // arr: 4 of 0 -> 10; launch done counts 1; free has no target.
        let progress = log
            .progress(&graph, folio_metrics::Scoring::Clamped)
            .unwrap();
        let measured: Vec<(&str, Decimal)> = progress
            .iter()
            .map(|(id, p)| (id.as_str(), p.value()))
            .collect();
        assert_eq!(measured, [("arr", d("0.4")), ("launch", d("1"))]);
    }
}

#[test]
fn a_milestone_not_done_measures_zero() {
    let graph = tracked_graph(0);
    let log = CheckInLog::new(
        &graph,
        q1(),
        day("2026-02-14"),
        vec![
            done("launch", "2026-02-01", false),
            ci("arr", "2026-02-01", "10", "0.5"),
        ],
    )
    .unwrap();
    let progress = log
        .progress(&graph, folio_metrics::Scoring::Clamped)
        .unwrap();
    assert_eq!(progress[&kr("launch")].value(), Decimal::ZERO);
    assert_eq!(progress[&kr("arr")].value(), Decimal::ONE);
}

#[test]
fn check_in_validation_is_the_same_on_both_builds() {
    for extra in [0, 40] {
        let graph = tracked_graph(extra);
        let build =
            |check_ins: Vec<CheckIn>| CheckInLog::new(&graph, q1(), day("2026-02-14"), check_ins);
        // Each batch holds one valid check-in of arr beside the problem.
        let ok = || ci("arr", "2026-01-06", "2", "0.8");
        assert_eq!(
            build(vec![ok(), ci("ghost", "2026-01-07", "1", "0.5")]),
            Err(Error::UnknownKeyResult {
                what: "check-in",
                key_result: kr("ghost"),
                date: day("2026-01-07"),
            })
        );
        assert_eq!(
            build(vec![ok(), ci("launch", "2026-01-07", "1", "0.5")]),
            Err(Error::WrongReading {
                key_result: kr("launch"),
                date: day("2026-01-07"),
                expected: "a done flag",
            })
        );
        assert_eq!(
            build(vec![ok(), done("arr", "2026-01-07", true)]),
            Err(Error::WrongReading {
                key_result: kr("arr"),
                date: day("2026-01-07"),
                expected: "a value",
            })
        );
        assert_eq!(
            build(vec![ok(), ci("arr", "2025-12-31", "1", "0.5")]),
            Err(Error::CheckInOutOfRange {
                key_result: kr("arr"),
                date: day("2025-12-31"),
                allowed: "the period 2026-Q1".to_owned(),
            })
        );
        assert_eq!(
            build(vec![ok(), ci("arr", "2026-02-15", "1", "0.5")]),
            Err(Error::CheckInOutOfRange {
                key_result: kr("arr"),
                date: day("2026-02-15"),
                allowed: "the dates on or before 2026-02-14".to_owned(),
            })
        );
        assert_eq!(
            build(vec![ok(), ci("arr", "2026-01-06", "3", "0.5")]),
            Err(Error::DuplicateCheckIn {
                key_result: kr("arr"),
                date: day("2026-01-06"),
            })
        );
        // A key result without a target reports one kind of reading throughout.
        assert_eq!(
            build(vec![
                ok(),
                ci("free", "2026-01-06", "3", "0.5"),
                done("free", "2026-01-13", true)
            ]),
            Err(Error::MixedReadings {
                key_result: kr("free"),
                date: day("2026-01-13"),
            })
        );
        // Either kind alone is accepted for it.
        assert!(build(vec![ok(), done("free", "2026-01-13", true)]).is_ok());
        assert!(build(vec![ok(), ci("free", "2026-01-13", "1", "0.5")]).is_ok());
        assert!(build(vec![ok(), done("launch", "2026-01-13", false)]).is_ok());
        // The period's first day is inside it.
        assert!(build(vec![ci("arr", "2026-01-01", "1", "0.5")]).is_ok());
    }
}

// ---------------------------------------------------------------------------------
// Drift

use folio_okr::tracking::{DeliveryItem, DriftAlert, DriftEvidence, DriftPolicy, DriftRule, drift};

fn ratio(text: &str) -> Ratio {
    Ratio::from_decimal(d(text))
}

fn alerts_of(
    graph: &OkrGraph,
    as_of: &str,
    check_ins: Vec<CheckIn>,
    progress: &[(&str, &str)],
    delivery: &[DeliveryItem],
    policy: &DriftPolicy,
) -> Vec<DriftAlert> {
    let log = log_of(graph, as_of, check_ins);
    let progress: BTreeMap<KeyResultId, folio_types::Progress> = progress
        .iter()
        .map(|(id, p)| (kr(id), folio_types::Progress::new(d(p)).unwrap()))
        .collect();
    drift(graph, &log, &progress, delivery, policy).unwrap()
}

fn of_rule(alerts: &[DriftAlert], rule: DriftRule) -> Vec<&DriftAlert> {
    alerts.iter().filter(|a| a.rule == rule).collect()
}

#[test]
fn drift_policy_builders_set_their_own_fields_only() {
    let policy = DriftPolicy::default();
    assert_eq!(
        (
            policy.unmoved_days(),
            policy.pace_margin().value(),
            policy.confidence_threshold(),
            policy.trend_window_days(),
            policy.trend_min_points(),
            policy.delivery_window_days(),
            policy.delivery_min_items(),
        ),
        (14, d("0.1"), conf("0.4"), 42, 3, 30, 3)
    );
    let built = policy
        .with_unmoved_days(9)
        .unwrap()
        .with_pace_margin(ratio("0.25"))
        .unwrap()
        .with_confidence_threshold(conf("0.55"))
        .with_trend(20, 4)
        .unwrap()
        .with_delivery(10, 6)
        .unwrap();
    assert_eq!(
        (
            built.unmoved_days(),
            built.pace_margin().value(),
            built.confidence_threshold(),
            built.trend_window_days(),
            built.trend_min_points(),
            built.delivery_window_days(),
            built.delivery_min_items(),
        ),
        (9, d("0.25"), conf("0.55"), 20, 4, 10, 6)
    );
    // The edges of every range are accepted, one step outside is not.
    assert!(policy.with_pace_margin(ratio("0")).is_ok());
    assert!(policy.with_pace_margin(ratio("1")).is_ok());
    assert!(policy.with_pace_margin(ratio("-0.01")).is_err());
    assert!(policy.with_pace_margin(ratio("1.01")).is_err());
    assert!(policy.with_unmoved_days(1).is_ok());
    assert!(policy.with_trend(1, 2).is_ok());
    assert!(policy.with_trend(1, 1).is_err());
    assert!(policy.with_delivery(1, 0).is_ok());
    assert!(policy.with_delivery(0, 1).is_err());
    assert!(serde_json::from_value::<DriftPolicy>(json!({"trend_min_points": 1})).is_err());
    assert!(serde_json::from_value::<DriftPolicy>(json!({"pace_margin": "1.5"})).is_err());
}

#[test]
fn not_moving_counts_days_from_the_last_change_and_skips_met_key_results() {
    let graph = tracked_graph(0);
    let policy = DriftPolicy::default();
    let not_moving = |as_of: &str, check_ins: Vec<CheckIn>| {
        of_rule(
            &alerts_of(&graph, as_of, check_ins, &[], &[], &policy),
            DriftRule::NotMoving,
        )
        .into_iter()
        .map(|a| (a.key_result.to_string(), a.evidence.clone()))
        .collect::<Vec<_>>()
    };
    let flat = || {
        vec![
            ci("arr", "2026-01-05", "3", "0.8"),
            ci("arr", "2026-01-12", "3", "0.8"),
        ]
    };
    // 13 days after the 5 January reading: not yet; 14 days: flagged.
    assert!(not_moving("2026-01-18", flat()).is_empty());
    assert_eq!(
        not_moving("2026-01-19", flat()),
        [(
            "arr".to_owned(),
            DriftEvidence::NotMoving {
                last_change: day("2026-01-05"),
                days_unmoved: 14,
                check_ins_since: 1
            }
        )]
    );
    // The last change is the check-in whose reading differs from the one before.
    let changed = vec![
        ci("arr", "2026-01-05", "1", "0.8"),
        ci("arr", "2026-01-12", "3", "0.8"),
        ci("arr", "2026-01-19", "3", "0.8"),
        ci("arr", "2026-01-26", "3", "0.8"),
    ];
    assert_eq!(
        not_moving("2026-01-26", changed),
        [(
            "arr".to_owned(),
            DriftEvidence::NotMoving {
                last_change: day("2026-01-12"),
                days_unmoved: 14,
                check_ins_since: 2
            }
        )]
    );
    // A single check-in is staleness, not drift.
    assert!(not_moving("2026-02-14", vec![ci("arr", "2026-01-05", "3", "0.8")]).is_empty());
    // Met key results hold still without drifting: arr at its target 10, launch done;
    // launch not done is drifting.
    let met = vec![
        ci("arr", "2026-01-05", "10", "0.8"),
        ci("arr", "2026-01-12", "10", "0.8"),
        done("launch", "2026-01-05", true),
        done("launch", "2026-01-12", true),
    ];
    assert!(not_moving("2026-02-14", met).is_empty());
    let pending = vec![
        done("launch", "2026-01-05", false),
        done("launch", "2026-01-12", false),
    ];
    assert_eq!(not_moving("2026-02-14", pending).len(), 1);
    // A key result without a target has nothing to meet: its value can drift.
    let free = vec![
        ci("free", "2026-01-05", "10", "0.8"),
        ci("free", "2026-01-12", "10", "0.8"),
    ];
    assert_eq!(not_moving("2026-02-14", free).len(), 1);
}

#[test]
fn behind_pace_is_strictly_below_the_line_less_the_margin() {
    let graph = tracked_graph(0);
    let policy = DriftPolicy::default();
    // 14 February: half the period; the line less 0.1 is 0.4.
    let behind = |arr: &str| {
        of_rule(
            &alerts_of(&graph, "2026-02-14", vec![], &[("arr", arr)], &[], &policy),
            DriftRule::BehindPace,
        )
        .into_iter()
        .map(|a| (a.evidence.clone(), a.message.clone()))
        .collect::<Vec<_>>()
    };
    assert!(behind("0.4").is_empty());
    let found = behind("0.39");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].0,
        DriftEvidence::BehindPace {
            progress: folio_types::Progress::new(d("0.39")).unwrap(),
            expected: ratio("0.5"),
        }
    );
    assert!(
        found[0]
            .1
            .starts_with("progress 0.39 is behind the pace line at 0.5 by more than "),
        "{}",
        found[0].1
    );
    // A wider margin moves the line: 0.39 is within 0.2 of 0.5.
    let wide = policy.with_pace_margin(ratio("0.2")).unwrap();
    assert!(
        of_rule(
            &alerts_of(&graph, "2026-02-14", vec![], &[("arr", "0.39")], &[], &wide),
            DriftRule::BehindPace
        )
        .is_empty()
    );
}

#[test]
fn drift_rejects_records_of_unknown_key_results() {
    let graph = tracked_graph(0);
    let log = log_of(&graph, "2026-02-14", vec![]);
    let policy = DriftPolicy::default();
    let item = DeliveryItem {
        id: "PR-1".to_owned(),
        key_result: kr("ghost"),
        shipped_on: day("2026-02-01"),
    };
    assert_eq!(
        drift(&graph, &log, &BTreeMap::new(), &[item], &policy),
        Err(Error::UnknownKeyResult {
            what: "delivery item",
            key_result: kr("ghost"),
            date: day("2026-02-01"),
        })
    );
    // Progress entries of known key results (ids read afresh, not the graph's own)
    // pass; one the graph lacks, between known ids, is named.
    let p = |v: &str| folio_types::Progress::new(d(v)).unwrap();
    let known = BTreeMap::from([(kr("arr"), p("0.9")), (kr("launch"), p("1"))]);
    assert!(
        drift(&graph, &log, &known, &[], &policy)
            .unwrap()
            .is_empty()
    );
    let unknown = BTreeMap::from([(kr("arr"), p("0.9")), (kr("b-ghost"), p("1"))]);
    assert_eq!(
        drift(&graph, &log, &unknown, &[], &policy),
        Err(Error::UnknownKeyResult {
            what: "progress entry",
            key_result: kr("b-ghost"),
            date: day("2026-02-14"),
        })
    );
}

#[test]
fn confidence_trend_fits_the_window_and_projects_to_the_period_end() {
    let graph = tracked_graph(0);
    let sliding = || {
        vec![
            ci("arr", "2026-01-05", "1", "0.8"),
            ci("arr", "2026-01-12", "2", "0.7"),
            ci("arr", "2026-01-19", "3", "0.6"),
        ]
    };
    let trend = |check_ins: Vec<CheckIn>, policy: &DriftPolicy| {
        of_rule(
            &alerts_of(&graph, "2026-01-19", check_ins, &[], &[], policy),
            DriftRule::ConfidenceTrend,
        )
        .into_iter()
        .map(|a| a.evidence.clone())
        .collect::<Vec<_>>()
    };
    // Days 4, 11 and 18 of the quarter, 0.1 lower a week: slope -1/70 a day; on
    // 31 March (day 89) 0.8 - 85/70 = -0.4142857..., rounded to 6 places.
    let expected = DriftEvidence::ConfidenceTrend {
        points: vec![
            (day("2026-01-05"), conf("0.8")),
            (day("2026-01-12"), conf("0.7")),
            (day("2026-01-19"), conf("0.6")),
        ],
        slope_per_day: d("-0.01428571"),
        projected_at_end: d("-0.414286"),
    };
    assert_eq!(trend(sliding(), &DriftPolicy::default()), [expected]);
    // Two points are too few by default, enough when the policy asks for two.
    let two = || sliding().into_iter().take(2).collect::<Vec<_>>();
    assert!(trend(two(), &DriftPolicy::default()).is_empty());
    let pairs = DriftPolicy::default().with_trend(42, 2).unwrap();
    let found = trend(two(), &pairs);
    assert_eq!(found.len(), 1);
    let DriftEvidence::ConfidenceTrend {
        slope_per_day,
        projected_at_end,
        ..
    } = &found[0]
    else {
        panic!("{found:?}")
    };
    assert_eq!(
        (*slope_per_day, *projected_at_end),
        (d("-0.01428571"), d("-0.414286"))
    );
    // The window is the days ending on as_of: 15 days from 19 January start on
    // 5 January and hold all three points; 14 days hold two.
    assert_eq!(
        trend(
            sliding(),
            &DriftPolicy::default().with_trend(15, 3).unwrap()
        )
        .len(),
        1
    );
    assert!(
        trend(
            sliding(),
            &DriftPolicy::default().with_trend(14, 3).unwrap()
        )
        .is_empty()
    );
    // A rising trend, or one that stays at the threshold, is no alert: 0.4 flat.
    let flat = vec![
        ci("arr", "2026-01-05", "1", "0.4"),
        ci("arr", "2026-01-12", "2", "0.4"),
        ci("arr", "2026-01-19", "3", "0.4"),
    ];
    assert!(trend(flat, &DriftPolicy::default()).is_empty());
}

#[test]
fn a_projection_on_a_rounding_midpoint_rounds_to_even() {
    // Days 0 and 2 at 0.1 and 0.100001: on day 89 the line reads
    // 0.1 + 0.000001 x 89 / 2 = 0.1000445, halfway between 0.100044 and 0.100045;
    // rounded to even, 0.100044 (the textbook fit's `round_dp`).
    let graph = tracked_graph(0);
    let pairs = DriftPolicy::default().with_trend(42, 2).unwrap();
    let alerts = alerts_of(
        &graph,
        "2026-01-03",
        vec![
            ci("arr", "2026-01-01", "1", "0.1"),
            ci("arr", "2026-01-03", "2", "0.100001"),
        ],
        &[],
        &[],
        &pairs,
    );
    let trend = of_rule(&alerts, DriftRule::ConfidenceTrend);
    let DriftEvidence::ConfidenceTrend {
        slope_per_day,
        projected_at_end,
        ..
    } = &trend[0].evidence
    else {
        panic!("{alerts:?}")
    };
    assert_eq!(*slope_per_day, d("0.0000005"));
    assert_eq!(*projected_at_end, d("0.100044"));
}

#[test]
fn activity_without_outcome_counts_items_inside_the_window() {
    let graph = tracked_graph(0);
    let item = |id: &str, date: &str| DeliveryItem {
        id: id.to_owned(),
        key_result: kr("arr"),
        shipped_on: day(date),
    };
    // As of 14 February the 30-day window starts on 16 January.
    let unmoved = || {
        vec![
            ci("arr", "2026-01-05", "1", "0.8"),
            ci("arr", "2026-02-10", "1", "0.8"),
        ]
    };
    let shipped = |check_ins: Vec<CheckIn>, items: &[DeliveryItem]| {
        of_rule(
            &alerts_of(
                &graph,
                "2026-02-14",
                check_ins,
                &[],
                items,
                &DriftPolicy::default(),
            ),
            DriftRule::ActivityWithoutOutcome,
        )
        .into_iter()
        .map(|a| (a.evidence.clone(), a.message.clone()))
        .collect::<Vec<_>>()
    };
    let items = [
        item("PR-3", "2026-02-14"),
        item("PR-1", "2026-01-16"),
        item("PR-2", "2026-02-01"),
        item("PR-0", "2026-01-15"),
    ];
    let found = shipped(unmoved(), &items);
    assert_eq!(
        found,
        [(
            DriftEvidence::ActivityWithoutOutcome {
                items: vec!["PR-1".to_owned(), "PR-2".to_owned(), "PR-3".to_owned()],
                window_start: day("2026-01-16"),
                value_unchanged_since: day("2026-01-05"),
            },
            "shipped 3 items tied to this key result in the last 30 days; the value has not moved since 2026-01-05"
                .to_owned()
        )]
    );
    // Two items in the window are too few (PR-0 shipped the day before it).
    assert!(shipped(unmoved(), &items[1..]).is_empty());
    assert!(
        shipped(
            unmoved(),
            &[items[0].clone(), items[1].clone(), items[3].clone()]
        )
        .is_empty()
    );
    // An item after as_of is not shipped yet.
    let future = [
        item("PR-1", "2026-01-16"),
        item("PR-2", "2026-02-01"),
        item("PR-9", "2026-02-15"),
    ];
    assert!(shipped(unmoved(), &future).is_empty());
    // A value that changed on the window's first day has moved inside the window.
    let moved = vec![
        ci("arr", "2026-01-05", "1", "0.8"),
        ci("arr", "2026-01-16", "2", "0.8"),
    ];
    assert!(shipped(moved, &items).is_empty());
    // No check-in at all: nothing to compare.
    assert!(shipped(vec![], &items).is_empty());
}

// ---------------------------------------------------------------------------------
// Readout

use folio_okr::ProgressInputs;
use folio_okr::tracking::{Readout, ReadoutInputs, ReadoutPolicy, readout};

/// As of 14 February, stale after 10 days, 5 to act, retire after 30:
/// - arr (atlas, weight 2): 0.2 on 10 February with confidence 0.3, off track with a
///   tactic plan, and behind the pace line (0.2 < 0.5 - 0.1);
/// - due (atlas): last 2 February, stale since 12 February, action due by 17 February;
/// - late (atlas): last 27 January, stale since 6 February, overdue since 11 February;
/// - esc (lens): last 20 January, stale since 30 January, escalated 3 February;
/// - old (lens): last 5 January, 40 days: retirement recommended;
/// - gone (lens): last 5 January with confidence 0.3, retired on 1 February: off
///   track, but retired key results are no exceptions.
///
/// Every key result but arr stands at 5 of 10.
fn tracked_readout(previous_arr: &str) -> Readout {
    let graph = graph_of(vec![
        k("arr", "atlas", "2", &[]),
        k("due", "atlas", "1", &[]),
        k("esc", "lens", "1", &[]),
        k("gone", "lens", "1", &[]),
        k("late", "atlas", "1", &[]),
        k("old", "lens", "1", &[]),
    ]);
    let log = log_of(
        &graph,
        "2026-02-14",
        vec![
            ci("arr", "2026-02-10", "2", "0.3"),
            ci("due", "2026-02-02", "5", "0.8"),
            ci("late", "2026-01-27", "5", "0.8"),
            ci("esc", "2026-01-20", "5", "0.8"),
            ci("old", "2026-01-05", "5", "0.8"),
            ci("gone", "2026-01-05", "5", "0.3"),
        ],
    );
    let current = ProgressInputs::new(
        log.progress(&graph, folio_metrics::Scoring::Clamped)
            .unwrap(),
    );
    let mut previous = current.clone();
    previous.progress.insert(
        kr("arr"),
        folio_types::Progress::new(d(previous_arr)).unwrap(),
    );
    let act = |id: &str, date: &str, kind: ActionKind| Action {
        key_result: kr(id),
        date: day(date),
        kind,
        actor: owner("ana"),
        note: String::new(),
    };
    let actions = [
        act(
            "esc",
            "2026-02-03",
            ActionKind::Escalate { to: owner("cpo") },
        ),
        act("gone", "2026-02-01", ActionKind::Retire),
    ];
    let plans = [RecoveryPlan {
        key_result: kr("arr"),
        change: RecoveryChange::Tactic,
        owner: owner("ana"),
        due: day("2026-02-28"),
        description: String::new(),
        resources: None,
    }];
    let cadences = BTreeMap::from([
        (product("atlas"), Cadence::Weekly),
        (product("core"), Cadence::BiWeekly),
        (product("lens"), Cadence::Monthly),
    ]);
    let calibration = [OwnerCalibration {
        owner: owner("arr-owner"),
        key_results: 1,
        check_ins: 1,
        bias: d("0.1"),
        mean_absolute_error: d("0.2"),
    }];
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &previous,
        actions: &actions,
        plans: &plans,
        delivery: &[],
        cadences: &cadences,
        calibration: &calibration,
    };
    let policy = ReadoutPolicy {
        staleness: StalenessPolicy::new(10, 5, 30).unwrap(),
        ..ReadoutPolicy::default()
    };
    readout(&graph, inputs, &policy).unwrap()
}

#[test]
fn readout_lists_every_stale_state_and_the_decisions_they_call_for() {
    let r = tracked_readout("0.2");
    let exceptions: Vec<(&str, Vec<AtRiskReason>, u8, Decimal, Option<&str>)> = r
        .exceptions
        .iter()
        .map(|e| {
            (
                e.key_result.as_str(),
                e.reasons.clone(),
                e.severity,
                e.risk,
                e.decision_needed.as_deref(),
            )
        })
        .collect();
    let stale = || vec![AtRiskReason::Stale];
    let update = Some("update, retire or escalate it");
    // arr: severity 3, 2 x (1 - 0.2) = 1.6; it has a plan, so no decision is called
    // for. The stale four: severity 2, 1 x 0.5, by id. gone is retired: not listed.
    assert_eq!(
        exceptions,
        [
            (
                "arr",
                vec![AtRiskReason::OffTrack, AtRiskReason::BehindPace],
                3,
                d("1.6"),
                None
            ),
            ("due", stale(), 2, d("0.5"), update),
            ("esc", stale(), 2, d("0.5"), update),
            ("late", stale(), 2, d("0.5"), update),
            ("old", stale(), 2, d("0.5"), update),
        ]
    );
    assert_eq!(r.exceptions[0].weight, d("2"));
    assert_eq!(r.exceptions[0].gap, d("0.8"));
    assert_eq!(r.exceptions[0].confidence, Some(conf("0.3")));
    assert_eq!(r.exceptions[0].calibrated_confidence, Some(conf("0.2")));
    assert_eq!(r.exceptions[1].calibrated_confidence, None);
    assert_eq!(r.exceptions[0].plan_owner, Some(owner("ana")));
    let off_ids: Vec<&str> = r.off_track.iter().map(|o| o.key_result.as_str()).collect();
    assert_eq!(off_ids, ["arr", "gone"]);
    let stale_ids: Vec<&str> = r.stale.iter().map(|s| s.key_result.as_str()).collect();
    assert_eq!(stale_ids, ["due", "esc", "late", "old"]);

    let text = r.to_text();
    let lines = [
        "Portfolio readout, 2026-Q1 as of 2026-02-14\n===========================================\n",
        "\nScorecard\n---------\n",
        // (2 x 0.2 + 5 x 0.5) / 7 = 0.4142857...: 41.4%.
        "  → Grow (41.4% from 41.4%), confidence -, driven by -\n",
        "  arr (atlas, arr-owner): off track, behind pace; progress 20%, confidence 0.3 (calibrated 0.2), risk 1.6; plan owner ana\n",
        "  due (atlas, due-owner): stale; progress 50%, confidence 0.8, risk 0.5; no recovery plan; decision needed: update, retire or escalate it\n",
        "\nResource reallocation requests\n------------------------------\n  none\n",
        "\nStrategic questions\n-------------------\n  none\n",
        "  arr: confidence 0.3 on 2026-02-10; plan: change the tactic (ana, due 2026-02-28)\n  gone: confidence 0.3 on 2026-01-05; NO RECOVERY PLAN\n",
        "\nStale\n-----\n  due: action due by 2026-02-17\n  esc: escalated on 2026-02-03\n  late: action overdue since 2026-02-11\n  old: not updated for 40 days: retirement recommended\n",
        "\nAt risk through a dependency\n----------------------------\n  none\n",
        // atlas: 6 full weeks x 3 key results, 3 received (3 of 18, 17%); arr's
        // 40 days from 1 January to 10 February. lens: January has ended, one each;
        // gone and old both waited 40 days, gone first in id order.
        "  atlas (weekly): 3 check-ins, 18 expected, 17% on cadence, longest gap 40 days (arr)\n",
        "  core (bi-weekly): 0 check-ins, 0 expected, nothing due yet on cadence\n",
        "  lens (monthly): 3 check-ins, 3 expected, 100% on cadence, longest gap 40 days (gone)\n",
    ];
    for line in lines {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(
        text.contains("\nDrift\n-----\n  arr: progress 0.2 is behind the pace line at 0.5"),
        "{text}"
    );

    let markdown = r.to_markdown();
    let lines = [
        "# Portfolio readout, 2026-Q1 as of 2026-02-14\n",
        "\n## Scorecard\n\n| objective | progress | trend | confidence | top driver |\n|---|---|---|---|---|\n| Grow | 41.4% | → from 41.4% | - | - |\n",
        "\n## Exceptions\n\n- arr (atlas, arr-owner): off track, behind pace;",
        "\n## Resource reallocation requests\n\nnone\n",
        "- due: action due by 2026-02-17\n",
        "- core (bi-weekly): 0 check-ins, 0 expected, nothing due yet on cadence\n",
    ];
    for line in lines {
        assert!(markdown.contains(line), "missing {line:?} in\n{markdown}");
    }
    assert!(!markdown.contains("====="), "{markdown}");
}

#[test]
fn a_falling_objective_raises_a_question_with_its_evidence() {
    // Before, arr stood at 0.5: (2 x 0.5 + 5 x 0.5) / 7 = 0.5; now 0.4142857...,
    // all of the fall from atlas: -0.6 / 7 = -0.0857142...
    let r = tracked_readout("0.5");
    let line = &r.scorecard[0];
    assert_eq!(line.trend, Trend::Down);
    let (top, delta) = line.top_product.clone().unwrap();
    assert_eq!((top.as_str(), delta.round_dp(4)), ("atlas", d("-0.0857")));
    let questions: Vec<String> = r.questions.iter().map(ToString::to_string).collect();
    assert_eq!(
        questions,
        [
            "What is pulling Grow down?\n  evidence: portfolio objective grow fell from 50% to 41.4%\n  evidence: product atlas moved it by -0.0857"
        ]
    );
    let text = r.to_text();
    assert!(
        text.contains("  ↓ Grow (41.4% from 50%), confidence -, driven by atlas (-0.0857)\n"),
        "{text}"
    );
    assert!(
        text.contains("  What is pulling Grow down?\n      evidence: portfolio objective grow fell from 50% to 41.4%\n"),
        "{text}"
    );
    let markdown = r.to_markdown();
    assert!(
        markdown.contains("- What is pulling Grow down?\n  - evidence: portfolio objective grow fell from 50% to 41.4%\n"),
        "{markdown}"
    );
    // Rising instead: the driver carries a plus sign.
    let r = tracked_readout("0.1");
    assert_eq!(r.scorecard[0].trend, Trend::Up);
    assert!(r.questions.is_empty());
    assert!(
        r.to_text().contains("driven by atlas (+0.0286)"),
        "{}",
        r.to_text()
    );
}

#[test]
fn only_the_pace_rule_of_drift_flags_a_prerequisite() {
    use folio_okr::tracking::DriftPolicy;
    // api waits on migrate, which is behind the pace line (0.2 on 14 February, the
    // line less the margin at 0.4); waits waits on still, whose value has not moved
    // since 20 January (25 days) but which is on pace (0.5).
    let graph = graph_of(vec![
        k("api", "atlas", "1", &["migrate"]),
        k("migrate", "core", "1", &[]),
        k("still", "core", "1", &[]),
        k("waits", "lens", "1", &["still"]),
    ]);
    let log = log_of(
        &graph,
        "2026-02-14",
        vec![
            ci("migrate", "2026-02-12", "2", "0.8"),
            ci("still", "2026-01-20", "5", "0.8"),
            ci("still", "2026-02-12", "5", "0.8"),
            ci("api", "2026-02-12", "5", "0.8"),
            ci("waits", "2026-02-12", "5", "0.8"),
        ],
    );
    let progress = log
        .progress(&graph, folio_metrics::Scoring::Clamped)
        .unwrap();
    let alerts = drift(&graph, &log, &progress, &[], &DriftPolicy::default()).unwrap();
    let rules: Vec<(&str, DriftRule)> = alerts
        .iter()
        .map(|a| (a.key_result.as_str(), a.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("migrate", DriftRule::BehindPace),
            ("still", DriftRule::NotMoving)
        ]
    );
    let risks = dependency_risk(&graph, &[], &[], &alerts);
    let found: Vec<(&str, Vec<Signal>)> = risks
        .iter()
        .map(|r| (r.prerequisite.as_str(), r.signals.clone()))
        .collect();
    assert_eq!(found, [("migrate", vec![Signal::BehindPace])]);
    assert_eq!(risks[0].node, NodeId::KeyResult(kr("api")));
}

#[test]
fn a_prerequisite_reached_twice_keeps_the_first_way_in_id_order() {
    // top waits on b1 and c1, both wait on mid, which waits on base; base is off
    // track. Breadth first with neighbours in id order, top reaches mid through b1.
    let graph = graph_of(vec![
        k("b1", "atlas", "1", &["mid"]),
        k("base", "core", "1", &[]),
        k("c1", "atlas", "1", &["mid"]),
        k("mid", "core", "1", &["base"]),
        k("top", "lens", "1", &["c1", "b1"]),
    ]);
    let log = log_of(
        &graph,
        "2026-02-14",
        vec![ci("base", "2026-02-12", "5", "0.2")],
    );
    let off = off_track(&graph, &log, &[], &OffTrackPolicy::default()).unwrap();
    let risks = dependency_risk(&graph, &off, &[], &[]);
    let chains: Vec<Vec<String>> = risks
        .iter()
        .map(|r| {
            r.chain
                .iter()
                .map(|n| match n {
                    NodeId::KeyResult(id) => id.to_string(),
                    NodeId::Objective(id) => id.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        chains,
        [
            vec!["b1", "mid", "base"],
            vec!["c1", "mid", "base"],
            vec!["mid", "base"],
            vec!["top", "b1", "mid", "base"],
        ]
    );
}

/// Ninety key results k00 to k89 of atlas (weight 1 each), all checked in on
/// 10 February at 5 of 10 with confidence 0.8, as of 14 February (half the quarter:
/// the pace line less 0.1 is 0.4), except:
/// - k00 and k70, last checked in on 5 January: 40 days, retirement recommended
///   (stale, severity 2; 1 x (1 - 0.5) = 0.5);
/// - k80 at 2 of 10: progress 0.2 is behind the pace line (severity 2; 1 x 0.8 = 0.8);
/// - k85 with confidence 0.2 past mid-period: off track without a plan (severity 3;
///   0.5).
///
/// The flagged key results lie further apart than the readout's look-ahead of 64,
/// so each is found by its id, not next to the previous one.
fn far_apart_readout(max_exceptions: usize) -> Readout {
    let ids: Vec<String> = (0..90).map(|i| format!("k{i:02}")).collect();
    let graph = graph_of(ids.iter().map(|id| k(id, "atlas", "1", &[])).collect());
    let check_ins = ids
        .iter()
        .map(|id| match id.as_str() {
            "k00" | "k70" => ci(id, "2026-01-05", "5", "0.8"),
            "k80" => ci(id, "2026-02-10", "2", "0.8"),
            "k85" => ci(id, "2026-02-10", "5", "0.2"),
            _ => ci(id, "2026-02-10", "5", "0.8"),
        })
        .collect();
    let log = log_of(&graph, "2026-02-14", check_ins);
    let current = ProgressInputs::new(
        log.progress(&graph, folio_metrics::Scoring::Clamped)
            .unwrap(),
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
    let policy = ReadoutPolicy {
        max_exceptions,
        ..ReadoutPolicy::default()
    };
    readout(&graph, inputs, &policy).unwrap()
}

#[test]
fn exceptions_far_apart_in_id_order_are_all_found_and_cut_to_the_bound() {
    let listed = |r: &Readout| -> Vec<(String, Vec<AtRiskReason>, u8, Decimal, Option<String>)> {
        r.exceptions
            .iter()
            .map(|e| {
                (
                    e.key_result.to_string(),
                    e.reasons.clone(),
                    e.severity,
                    e.risk,
                    e.decision_needed.clone(),
                )
            })
            .collect()
    };
    let recovery =
        Some("choose a recovery plan: change the tactic, the target or the resources".to_owned());
    let update = Some("update, retire or escalate it".to_owned());
    // Off track first; then severity 2 by weight x gap (0.8 before 0.5), then by id.
    let all = [
        (
            "k85".to_owned(),
            vec![AtRiskReason::OffTrack],
            3,
            d("0.5"),
            recovery,
        ),
        (
            "k80".to_owned(),
            vec![AtRiskReason::BehindPace],
            2,
            d("0.8"),
            None,
        ),
        (
            "k00".to_owned(),
            vec![AtRiskReason::Stale],
            2,
            d("0.5"),
            update.clone(),
        ),
        (
            "k70".to_owned(),
            vec![AtRiskReason::Stale],
            2,
            d("0.5"),
            update,
        ),
    ];
    assert_eq!(listed(&far_apart_readout(5)), all);
    // Four at risk, three listed: the worst three, never more than the bound.
    assert_eq!(listed(&far_apart_readout(3)), all[..3]);
    assert!(far_apart_readout(0).exceptions.is_empty());
}

#[test]
fn movement_through_a_rolled_up_key_result_is_its_contributors_product() {
    // "api" (product key result, first in id order) has no progress of its own: the
    // initiative key results cli, docs and sdk of "relay" feed it, and it alone drives
    // "grow". cli rose from 0.3 to 0.6, the others stayed at 0.3: api and grow went
    // from 0.3 to (0.6 + 0.3 + 0.3) / 3 = 0.4, all of it relay's movement.
    let initiative = |id: &str| {
        json!({"id": id, "name": id, "tier": "initiative", "owner": "o", "product": "relay",
               "contributes_to": [{"to": {"key_result": "api"}}]})
    };
    let data: PortfolioData = serde_json::from_value(json!({
        "policy": {"method": "weighted"},
        "objectives": [{"id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results"}],
        "key_results": [
            {"id": "api", "name": "api", "tier": "product", "owner": "o", "product": "atlas",
             "contributes_to": [{"to": {"objective": "grow"}}]},
            initiative("cli"), initiative("docs"), initiative("sdk")
        ]
    }))
    .unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let log = log_of(&graph, "2026-02-14", vec![]);
    let p = |v: &str| folio_types::Progress::new(d(v)).unwrap();
    let progress = |cli: &str| {
        ProgressInputs::new(BTreeMap::from([
            (kr("cli"), p(cli)),
            (kr("docs"), p("0.3")),
            (kr("sdk"), p("0.3")),
        ]))
    };
    let (current, previous) = (progress("0.6"), progress("0.3"));
    let cadences = BTreeMap::new();
    let inputs = ReadoutInputs {
        log: &log,
        current: &current,
        previous: &previous,
        actions: &[],
        plans: &[],
        delivery: &[],
        cadences: &cadences,
        calibration: &[],
    };
    let r = readout(&graph, inputs, &ReadoutPolicy::default()).unwrap();
    let line = &r.scorecard[0];
    assert_eq!(
        (line.progress.value(), line.previous.value(), line.trend),
        (d("0.4"), d("0.3"), Trend::Up)
    );
    assert_eq!(line.top_product, Some((product("relay"), d("0.1"))));
}
