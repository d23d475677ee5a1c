//! Tracking at scale: 100,000 key results with 13 weekly check-ins each. Validating the
//! check-ins, evaluating every policy and building the readout, beside a floor that
//! only finds each key result's latest check-in date in the same data.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::okr::tracking::{
    CheckInLog, DriftPolicy, OffTrackPolicy, ReadoutInputs, ReadoutPolicy, StalenessPolicy, drift,
    off_track, readout, staleness,
};
use folio_analytics::okr::{OkrGraph, ProgressInputs, RollupMethod};
use folio_analytics::{NaiveDate, Period};
use folio_benches::{okr_leaf_progress, okr_portfolio, weekly_check_ins};

fn tracking(c: &mut Criterion) {
    let period = Period::quarter(2026, 1).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let data = okr_portfolio(100_000, RollupMethod::Weighted, 42);
    let check_ins = weekly_check_ins(&data, period, 13, 9);
    let progress = okr_leaf_progress(&data, 7);
    let previous = okr_leaf_progress(&data, 8);
    let graph = OkrGraph::new(data).unwrap();
    let log = CheckInLog::new(&graph, period, as_of, check_ins.clone()).unwrap();
    let current = ProgressInputs::new(progress.clone());
    let previous = ProgressInputs::new(previous);
    let cadences = BTreeMap::new();

    let mut group = c.benchmark_group("tracking_100k_x13");
    group.sample_size(10);
    group.bench_function("validate_check_ins", |b| {
        b.iter(|| CheckInLog::new(&graph, period, as_of, black_box(check_ins.clone())).unwrap());
    });
    group.bench_function("all_policies", |b| {
        b.iter(|| {
            let s = staleness(&graph, &log, &[], &StalenessPolicy::default()).unwrap();
            let o = off_track(&graph, &log, &[], &OffTrackPolicy::default()).unwrap();
            let d = drift(&graph, &log, &progress, &[], &DriftPolicy::default()).unwrap();
            (s.len(), o.len(), d.len())
        });
    });
    group.bench_function("readout", |b| {
        b.iter(|| {
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
            readout(&graph, inputs, &ReadoutPolicy::default()).unwrap()
        });
    });
    group.bench_function("floor_latest_date_per_key_result", |b| {
        b.iter(|| {
            let mut latest: HashMap<&str, NaiveDate> = HashMap::new();
            for check_in in black_box(&check_ins) {
                let entry = latest
                    .entry(check_in.key_result.as_str())
                    .or_insert(check_in.date);
                if check_in.date > *entry {
                    *entry = check_in.date;
                }
            }
            latest
                .values()
                .filter(|d| (as_of - **d).num_days() >= 14)
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, tracking);
criterion_main!(benches);
