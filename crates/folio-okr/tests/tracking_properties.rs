//! Properties of the tracking policies: input order never matters, staleness never
//! improves while no new check-in arrives, and a stricter accepted policy never flags
//! more key results. Generated numbers are small: their sums cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
// helpers outside #[test] fns index fixed tables
// The shared fixtures (`common`) are JSON documents.
#![cfg(feature = "serde")]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Days;
use common::{key_result, objective, portfolio};
use folio_okr::OkrGraph;
use folio_okr::tracking::{
    Cadence, CheckIn, CheckInLog, DriftPolicy, DriftRule, OffTrackPolicy, Reading, Staleness,
    StalenessPolicy, cadence, drift, off_track, staleness,
};
use folio_types::{
    Confidence, Decimal, KeyResultId, NaiveDate, Period, ProductId, Progress, Ratio,
};
use proptest::prelude::*;

const KEY_RESULTS: [&str; 3] = ["arr", "nps", "adoption"];

fn graph() -> OkrGraph {
    OkrGraph::new(portfolio(
        "weighted",
        vec![objective("grow", "portfolio", "key_results", &[])],
        KEY_RESULTS
            .iter()
            .map(|id| key_result(id, "product", &[("o:grow", "1")]))
            .collect(),
    ))
    .unwrap()
}

fn q1() -> Period {
    Period::quarter(2026, 1).unwrap()
}

fn day(offset: u64) -> NaiveDate {
    q1().start().checked_add_days(Days::new(offset)).unwrap()
}

/// Check-ins on distinct (key result, day) pairs in the first 60 days of Q1.
fn check_ins() -> impl Strategy<Value = Vec<CheckIn>> {
    proptest::collection::btree_map((0usize..3, 0u64..60), (0i64..4, 0i64..=10), 0..25).prop_map(
        |points| {
            points
                .into_iter()
                .map(|((k, offset), (value, confidence))| CheckIn {
                    key_result: KeyResultId::new(KEY_RESULTS[k]).unwrap(),
                    date: day(offset),
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

fn rank(s: &Staleness) -> u8 {
    match s {
        Staleness::Fresh { .. } => 0,
        Staleness::ActionDue { .. } => 1,
        Staleness::ActionOverdue { .. } => 2,
        _ => 3,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_policy_ignores_input_order(
        (check_ins, shuffled) in check_ins().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        as_of in 60u64..90,
    ) {
        let graph = graph();
        let as_of = day(as_of);
        let a = CheckInLog::new(&graph, q1(), as_of, check_ins).unwrap();
        let b = CheckInLog::new(&graph, q1(), as_of, shuffled).unwrap();
        prop_assert_eq!(&a, &b);
        let progress: BTreeMap<KeyResultId, Progress> = BTreeMap::new();
        prop_assert_eq!(
            drift(&graph, &a, &progress, &[], &DriftPolicy::default()).unwrap(),
            drift(&graph, &b, &progress, &[], &DriftPolicy::default()).unwrap()
        );
        prop_assert_eq!(
            off_track(&graph, &a, &[], &OffTrackPolicy::default()).unwrap(),
            off_track(&graph, &b, &[], &OffTrackPolicy::default()).unwrap()
        );
        let cadences = BTreeMap::from([(ProductId::new("atlas").unwrap(), Cadence::Weekly)]);
        let report = cadence(&graph, &a, &cadences).unwrap();
        prop_assert!(report[0].compliance.is_none_or(|c| c.value() <= Decimal::ONE));
    }

    #[test]
    fn staleness_never_improves_without_new_check_ins(check_ins in check_ins()) {
        // From day 60 on, no check-in arrives: every key result's staleness can only
        // stay or get worse as as_of advances.
        let graph = graph();
        let mut previous: BTreeMap<KeyResultId, u8> = BTreeMap::new();
        for offset in 60..90 {
            let log = CheckInLog::new(&graph, q1(), day(offset), check_ins.clone()).unwrap();
            for report in staleness(&graph, &log, &[], &StalenessPolicy::default()).unwrap() {
                let now = rank(&report.staleness);
                let before = previous.insert(report.key_result.clone(), now).unwrap_or(0);
                prop_assert!(now >= before, "{} on day {}", report.key_result, offset);
            }
        }
    }
}

/// The key results `alerts` name under `rule`.
fn fired(alerts: &[folio_okr::tracking::DriftAlert], rule: DriftRule) -> BTreeSet<KeyResultId> {
    alerts
        .iter()
        .filter(|a| a.rule == rule)
        .map(|a| a.key_result.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A key result stale under a longer staleness threshold is stale under a shorter
    /// one too: raising `stale_after_days` never makes more key results stale.
    #[test]
    fn a_later_staleness_threshold_never_flags_more(
        check_ins in check_ins(),
        as_of in 60u64..90,
        low in 1u32..=40,
        raise in 0u32..=20,
    ) {
        let graph = graph();
        let log = CheckInLog::new(&graph, q1(), day(as_of), check_ins).unwrap();
        let stale = |after: u32| -> BTreeSet<KeyResultId> {
            let policy = StalenessPolicy::new(after, 7, 60).unwrap();
            staleness(&graph, &log, &[], &policy)
                .unwrap()
                .into_iter()
                .filter(|r| rank(&r.staleness) > 0)
                .map(|r| r.key_result)
                .collect()
        };
        let (loose, strict) = (stale(low), stale(low + raise));
        prop_assert!(strict.is_subset(&loose), "{strict:?} not within {loose:?}");
    }

    /// A stricter off-track rule (a lower confidence line, or one that starts later in
    /// the period) never flags more key results.
    #[test]
    fn a_stricter_off_track_rule_never_flags_more(
        check_ins in check_ins(),
        as_of in 60u64..90,
        (below, lower) in (0i64..=10, 0i64..=10),
        (from, later) in (0i64..=10, 0i64..=10),
    ) {
        let graph = graph();
        let log = CheckInLog::new(&graph, q1(), day(as_of), check_ins).unwrap();
        let flagged = |below: i64, from: i64| -> BTreeSet<KeyResultId> {
            let policy = OffTrackPolicy::new(
                Confidence::new(Decimal::new(below.clamp(0, 10), 1)).unwrap(),
                Ratio::from_decimal(Decimal::new(from.clamp(0, 10), 1)),
            )
            .unwrap();
            off_track(&graph, &log, &[], &policy)
                .unwrap()
                .into_iter()
                .map(|o| o.key_result)
                .collect()
        };
        let loose = flagged(below, from);
        let strict = flagged(below - lower, from + later);
        prop_assert!(strict.is_subset(&loose), "{strict:?} not within {loose:?}");
    }

    /// A wider pace margin never puts more key results behind pace, and a longer
    /// not-moving window never finds more key results not moving.
    #[test]
    fn wider_drift_margins_never_flag_more(
        check_ins in check_ins(),
        as_of in 60u64..90,
        progress in proptest::collection::vec(0i64..=100, 3),
        margin in 0i64..=100,
        widen in 0i64..=100,
        unmoved in 1u32..=30,
        longer in 0u32..=30,
    ) {
        let graph = graph();
        let log = CheckInLog::new(&graph, q1(), day(as_of), check_ins).unwrap();
        let progress: BTreeMap<KeyResultId, Progress> = KEY_RESULTS
            .iter()
            .zip(progress)
            .map(|(k, p)| (KeyResultId::new(*k).unwrap(), Progress::new(Decimal::new(p, 2)).unwrap()))
            .collect();
        let alerts = |margin: i64, unmoved: u32| {
            let policy = DriftPolicy::default()
                .with_pace_margin(Ratio::from_decimal(Decimal::new(margin.min(100), 2)))
                .unwrap()
                .with_unmoved_days(unmoved)
                .unwrap();
            drift(&graph, &log, &progress, &[], &policy).unwrap()
        };
        let (loose, strict) = (alerts(margin, unmoved), alerts(margin + widen, unmoved + longer));
        for rule in [DriftRule::BehindPace, DriftRule::NotMoving] {
            let (l, s) = (fired(&loose, rule), fired(&strict, rule));
            prop_assert!(s.is_subset(&l), "{rule:?}: {s:?} not within {l:?}");
        }
    }
}
