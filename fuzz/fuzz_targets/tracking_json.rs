//! Reads arbitrary bytes as a JSON OKR portfolio with a stream of check-ins, actions,
//! recovery plans and delivery items, and runs every tracking policy over it. Nothing
//! here may panic: invalid input must be a typed error.
#![no_main]

use std::collections::BTreeMap;

use folio_okr::tracking::{
    Action, Cadence, CheckIn, CheckInLog, DeliveryItem, DriftPolicy, OffTrackPolicy,
    OwnerCalibration, ReadoutInputs, ReadoutPolicy, RecoveryPlan, StalenessPolicy, cadence,
    calibration, drift, off_track, readout, staleness,
};
use folio_okr::{OkrGraph, PortfolioData, ProgressInputs};
use folio_types::{KeyResultId, NaiveDate, Period, ProductId, Progress};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Input {
    portfolio: PortfolioData,
    period: Period,
    as_of: NaiveDate,
    #[serde(default)]
    check_ins: Vec<CheckIn>,
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    plans: Vec<RecoveryPlan>,
    #[serde(default)]
    delivery: Vec<DeliveryItem>,
    #[serde(default)]
    progress: BTreeMap<KeyResultId, Progress>,
    #[serde(default)]
    cadences: BTreeMap<ProductId, Cadence>,
    #[serde(default)]
    current: ProgressInputs,
    #[serde(default)]
    previous: ProgressInputs,
    #[serde(default)]
    calibration: Vec<OwnerCalibration>,
    #[serde(default)]
    staleness_policy: StalenessPolicy,
    #[serde(default)]
    off_track_policy: OffTrackPolicy,
    #[serde(default)]
    drift_policy: DriftPolicy,
    #[serde(default)]
    capacity: Vec<folio_okr::tracking::CapacityDrain>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let Ok(graph) = OkrGraph::new(input.portfolio.clone()) else {
        return;
    };
    let Ok(log) = CheckInLog::new(&graph, input.period, input.as_of, input.check_ins.clone())
    else {
        return;
    };
    // Input order must not matter.
    let mut reversed = input.check_ins.clone();
    reversed.reverse();
    let again = CheckInLog::new(&graph, input.period, input.as_of, reversed)
        .expect("the same check-ins in another order validate too");
    assert_eq!(again, log);
    for id in log.key_results() {
        if let Some(state) = log.state(id) {
            assert!(state.date <= input.as_of && input.period.contains(state.date));
        }
    }
    let _ = staleness(&graph, &log, &input.actions, &input.staleness_policy);
    let _ = off_track(&graph, &log, &input.plans, &input.off_track_policy);
    if let Ok(reports) = cadence(&graph, &log, &input.cadences) {
        for report in reports {
            assert!(
                report
                    .compliance
                    .is_none_or(|c| c.value() <= folio_types::Decimal::ONE)
            );
        }
    }
    let _ = drift(
        &graph,
        &log,
        &input.progress,
        &input.delivery,
        &input.drift_policy,
    );
    let _ = calibration(&graph, &log, &input.progress);
    let inputs = ReadoutInputs {
        log: &log,
        current: &input.current,
        previous: &input.previous,
        actions: &input.actions,
        plans: &input.plans,
        delivery: &input.delivery,
        cadences: &input.cadences,
        calibration: &input.calibration,
    };
    if let Ok(r) = readout(&graph, inputs, &ReadoutPolicy::default()) {
        assert!(r.exceptions.len() <= ReadoutPolicy::default().max_exceptions);
        assert!(
            r.exceptions.iter().all(|e| !e.reasons.is_empty()),
            "an exception without a reason"
        );
        let _ = (r.to_text(), r.to_markdown());
    }
    // With the cascade report and capacity drains: reallocation requests and questions.
    let cascade = graph.cascade();
    let extras = folio_okr::tracking::ReadoutExtras::new()
        .with_cascade(&cascade)
        .with_capacity(&input.capacity);
    if let Ok(r) =
        folio_okr::tracking::readout_with(&graph, inputs, &extras, &ReadoutPolicy::default())
    {
        let _ = r.to_text();
    }
});
