//! Runs the tracking bench's work a given number of times, for a deterministic
//! instruction count under callgrind (the machine's load moves wall-clock times, not
//! instruction counts):
//!
//! ```text
//! cargo build --release -p folio-benches --example tracking_count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/tracking_count readout 0
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/tracking_count readout 1
//! ```
//!
//! The difference of the two totals is the cost of one readout without the setup.
//! Cases: `readout` (the whole readout), `policies` (staleness, off track and drift),
//! `floor` (the bench's floor: the latest check-in date per key result), `parts` (the
//! wall-clock time of each public part of the readout, once). An optional third
//! argument sets the number of key results (100,000 by default).
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, HashMap};

use std::error::Error;
use std::hint::black_box;

use folio_analytics::okr::tracking::{
    CheckInLog, DriftPolicy, OffTrackPolicy, ReadoutInputs, ReadoutPolicy, StalenessPolicy, drift,
    off_track, readout, staleness,
};
use folio_analytics::okr::{OkrGraph, ProgressInputs, RollupMethod};
use folio_analytics::{NaiveDate, Period};
use folio_benches::{okr_leaf_progress, okr_portfolio, weekly_check_ins};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "readout".to_owned());
    let passes: u32 = args.next().map_or(Ok(1), |n| n.parse())?;
    let size: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let period = Period::quarter(2026, 1)?;
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).ok_or("date")?;
    let data = okr_portfolio(size, RollupMethod::Weighted, 42);
    let check_ins = weekly_check_ins(&data, period, 13, 9);
    let progress = okr_leaf_progress(&data, 7);
    let previous = okr_leaf_progress(&data, 8);
    let graph = OkrGraph::new(data)?;
    let log = CheckInLog::new(&graph, period, as_of, check_ins.clone())?;
    let current = ProgressInputs::new(progress.clone());
    let previous = ProgressInputs::new(previous);
    let cadences = BTreeMap::new();
    let mut sum = 0usize;
    for _ in 0..passes {
        sum += match case.as_str() {
            "readout" => {
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
                let r = readout(&graph, black_box(inputs), &ReadoutPolicy::default())?;
                r.stale.len() + r.drift.len() + r.off_track.len() + r.scorecard.len()
            }
            "policies" => {
                let s = staleness(&graph, &log, &[], &StalenessPolicy::default())?;
                let o = off_track(&graph, &log, &[], &OffTrackPolicy::default())?;
                let d = drift(&graph, &log, &progress, &[], &DriftPolicy::default())?;
                s.len() + o.len() + d.len()
            }
            "floor" => {
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
            }
            "parts" => {
                // Wall-clock time of the readout's public parts, one after the other.
                let time = |label: &str, f: &mut dyn FnMut() -> usize| {
                    let start = std::time::Instant::now();
                    let n = f();
                    println!(
                        "{label:>24}: {:>8.2} ms",
                        start.elapsed().as_secs_f64() * 1e3
                    );
                    n
                };
                let mut n = 0;
                n += time("rollup current", &mut || {
                    graph.rollup(&current).unwrap().values().len()
                });
                let mut counterfactual = graph.rollup(&previous).unwrap();
                let changes: Vec<_> = current
                    .progress
                    .iter()
                    .filter(|(id, p)| previous.progress.get(*id) != Some(*p))
                    .map(|(id, p)| (id.clone(), *p))
                    .collect();
                let back: Vec<_> = changes
                    .iter()
                    .map(|(id, _)| (id.clone(), previous.progress[id]))
                    .collect();
                n += time("update_many forward", &mut || {
                    counterfactual.update_many(&changes).unwrap();
                    changes.len()
                });
                n += time("update_many back", &mut || {
                    counterfactual.update_many(&back).unwrap();
                    back.len()
                });
                n += time("staleness", &mut || {
                    staleness(&graph, &log, &[], &StalenessPolicy::default())
                        .unwrap()
                        .len()
                });
                n += time("off_track", &mut || {
                    off_track(&graph, &log, &[], &OffTrackPolicy::default())
                        .unwrap()
                        .len()
                });
                n += time("drift", &mut || {
                    drift(&graph, &log, &progress, &[], &DriftPolicy::default())
                        .unwrap()
                        .len()
                });
                n += time("readout", &mut || {
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
                    readout(&graph, inputs, &ReadoutPolicy::default())
                        .unwrap()
                        .drift
                        .len()
                });
                n
            }
            other => return Err(format!("unknown case {other}").into()),
        };
    }
    println!("{case} x{passes}: {sum}");
    Ok(())
}
