//! Benchmark for folio-delivery, each beside a floor measured in the same run:
//!
//! - mapping 1,000,000 items x 6 status changes onto a 7-stage workflow
//!   (`Workflow::map`: first entry, backward wipes, back-fill, unmapped report, ids
//!   copied into owned timelines), against a floor that only resolves each status to
//!   its stage through a pre-built hash map and keeps the first entry per stage;
//! - the full flow report of the mapped items over a 90-day window (cycle and lead time
//!   percentiles, weekly throughput, WIP, ageing WIP, net flow, CFD, predictability),
//!   against a floor of plain loops over precomputed stage days (`u32`) that count the
//!   same throughput, WIP and CFD and sort the cycle times once;
//! - Monte Carlo forecasts of 10,000 trials over 90 days ("how many by" and "when
//!   done"), against a floor of the same draws from a bare xorshift generator with a
//!   modulo (biased, unchecked).
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::delivery::{
    Flow, FlowReport, Forecast, Interval, Scope, Stage, StageKind, Transition, Window, WorkItem,
    Workflow, WorkflowData, how_many_by, when_done,
};

const ITEMS: usize = 1_000_000;
const STATUSES: [&str; 7] = [
    "Backlog",
    "Ready",
    "In Progress",
    "Review",
    "Test",
    "Deploy",
    "Done",
];

fn workflow() -> Workflow {
    let kinds = [
        StageKind::Backlog,
        StageKind::Committed,
        StageKind::InProgress,
        StageKind::InProgress,
        StageKind::InProgress,
        StageKind::InProgress,
        StageKind::Done,
    ];
    Workflow::new(WorkflowData {
        stages: STATUSES
            .iter()
            .zip(kinds)
            .map(|(s, k)| Stage::new(*s, k, [*s]))
            .collect(),
        cycle_start: None,
        done: None,
        lead_start: Default::default(),
        day_count: Default::default(),
    })
    .unwrap()
}

/// A small deterministic generator for the data (not the code under test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn base() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// 1,000,000 items created over 2026, each moving through the six later stages with
/// gaps of 0 to 4 days (one in twenty moves back from Test to In Progress on its way,
/// replacing its Deploy change, so the wipe rule runs too).
fn items() -> Vec<WorkItem> {
    let mut rng = Lcg(42);
    (0..ITEMS)
        .map(|i| {
            let mut at = base() + Days::new(rng.next(330));
            let created = at;
            let backward = rng.next(20) == 0;
            let transitions = (1..STATUSES.len())
                .map(|s| {
                    at = at + Days::new(rng.next(5));
                    let to = if backward && s == 5 { 2 } else { s };
                    Transition {
                        at,
                        from: None,
                        to: STATUSES[to].to_owned(),
                    }
                })
                .collect();
            WorkItem {
                id: format!("ITEM-{i:07}"),
                kind: "Story".to_owned(),
                product: None,
                key_results: vec![],
                created,
                resolved: None,
                status: "Done".to_owned(),
                transitions,
            }
        })
        .collect()
}

/// The floor of the mapping: status to stage through a hash map, first entry kept.
fn floor_map(items: &[WorkItem], lookup: &HashMap<&str, usize>) -> Vec<[u32; 7]> {
    items
        .iter()
        .map(|item| {
            let mut entered = [u32::MAX; 7];
            entered[0] = day_of(item.created);
            for t in &item.transitions {
                let s = lookup[t.to.as_str()];
                if entered[s] == u32::MAX {
                    entered[s] = day_of(t.at);
                }
            }
            entered
        })
        .collect()
}

fn day_of(at: NaiveDateTime) -> u32 {
    at.signed_duration_since(base()).num_days() as u32
}

/// The floor of the flow report: throughput, WIP, CFD and sorted cycle times by plain
/// loops over stage days.
fn floor_report(days: &[[u32; 7]], from: u32, to: u32) -> (u64, u64, u64, u32) {
    let n = (to - from + 1) as usize;
    let mut throughput = vec![0_u64; n];
    let mut wip_delta = vec![0_i64; n + 1];
    let mut cfd = vec![vec![0_u64; n]; 7];
    let mut cycle = Vec::new();
    for d in days {
        let (start, done) = (d[1], d[6]);
        if done >= from && done <= to && done != u32::MAX {
            throughput[(done - from) as usize] += 1;
            cycle.push(done - start);
        }
        if start <= to && done >= from {
            wip_delta[(start.max(from) - from) as usize] += 1;
            wip_delta[(done.min(to + 1) - from) as usize] -= 1;
        }
        for (s, row) in cfd.iter_mut().enumerate() {
            if d[s] <= to {
                row[(d[s].max(from) - from) as usize] += 1;
            }
        }
    }
    let mut wip = 0_i64;
    let mut wip_sum = 0_i64;
    for delta in &wip_delta[..n] {
        wip += delta;
        wip_sum += wip;
    }
    for row in &mut cfd {
        let mut running = 0;
        for c in row.iter_mut() {
            running += *c;
            *c = running;
        }
    }
    cycle.sort_unstable();
    let p85 = cycle.get(cycle.len() * 85 / 100).copied().unwrap_or(0);
    (throughput.iter().sum(), wip_sum as u64, cfd[6][n - 1], p85)
}

/// The floor of a forecast: the same number of draws from a bare xorshift, with a
/// modulo, no checks.
fn floor_forecast(history: &[u64], trials: u32, days: u32, seed: u64) -> u64 {
    let mut x = seed | 1;
    let mut totals = Vec::with_capacity(trials as usize);
    for _ in 0..trials {
        let mut total = 0;
        for _ in 0..days {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            total += history[(x % history.len() as u64) as usize];
        }
        totals.push(total);
    }
    totals.sort_unstable();
    totals[totals.len() * 15 / 100]
}

fn delivery(c: &mut Criterion) {
    let workflow = workflow();
    let items = items();
    let lookup: HashMap<&str, usize> = STATUSES.iter().enumerate().map(|(i, s)| (*s, i)).collect();

    let mut group = c.benchmark_group("delivery_1m_items_6_transitions");
    group.sample_size(10);
    group.bench_function("map", |b| {
        b.iter(|| black_box(workflow.map(black_box(&items)).unwrap()));
    });
    group.bench_function("floor_status_lookup", |b| {
        b.iter(|| black_box(floor_map(black_box(&items), &lookup)));
    });

    let mapping = workflow.map(&items).unwrap();
    let window = Window::new(
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
    )
    .unwrap();
    group.bench_function("flow_report_90_days", |b| {
        b.iter(|| {
            let flow = Flow::new(&workflow, &mapping, &Scope::All);
            black_box(FlowReport::build("all", &flow, window, Interval::Week).unwrap())
        });
    });
    let days: Vec<[u32; 7]> = mapping
        .timelines
        .iter()
        .map(|t| {
            let mut d = [u32::MAX; 7];
            for (s, e) in t.entered.iter().enumerate() {
                if let Some(at) = e {
                    d[s] = day_of(at.date().and_hms_opt(9, 0, 0).unwrap());
                }
            }
            d
        })
        .collect();
    let (from, to) = (
        day_of(window.from().and_hms_opt(9, 0, 0).unwrap()),
        day_of(window.to().and_hms_opt(9, 0, 0).unwrap()),
    );
    group.bench_function("floor_flow_loops", |b| {
        b.iter(|| black_box(floor_report(black_box(&days), from, to)));
    });
    group.finish();

    // Forecasts sample the window's daily throughput.
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let history = flow.daily_throughput(window);
    let mean = history.iter().sum::<u64>() / history.len() as u64;
    drop(mapping);
    drop(items);
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let deadline = start + Days::new(89);
    let forecast = Forecast {
        trials: 10_000,
        seed: 7,
    };
    let mut group = c.benchmark_group("delivery_forecast_10k_trials_90_days");
    group.sample_size(10);
    group.bench_function("how_many_by", |b| {
        b.iter(|| black_box(how_many_by(black_box(&history), start, deadline, forecast).unwrap()));
    });
    group.bench_function("when_done", |b| {
        b.iter(|| {
            black_box(when_done(black_box(&history), start, mean * 90, 3_650, forecast).unwrap())
        });
    });
    group.bench_function("floor_xorshift_sum", |b| {
        b.iter(|| black_box(floor_forecast(black_box(&history), 10_000, 90, 7)));
    });
    group.finish();
}

criterion_group!(benches, delivery);
criterion_main!(benches);
