//! Properties of the tracking policies: input order never matters, and staleness never
//! improves while no new check-in arrives.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
// helpers outside #[test] fns index fixed tables
// The shared fixtures (`common`) are JSON documents.
#![cfg(feature = "serde")]

mod common;

use std::collections::BTreeMap;

use chrono::Days;
use common::{key_result, objective, portfolio};
use folio_okr::OkrGraph;
use folio_okr::tracking::{
    Cadence, CheckIn, CheckInLog, DriftPolicy, OffTrackPolicy, Reading, Staleness, StalenessPolicy,
    cadence, drift, off_track, staleness,
};
use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, Period, ProductId, Progress};
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
