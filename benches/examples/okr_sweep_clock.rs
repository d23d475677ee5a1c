//! Full weighted rollups timed one by one beside the `f64` floor in the same process,
//! at one or more sizes: the least and the median time of each over many alternated
//! repetitions. On a machine shared with other work a criterion mean moves with the
//! load; the least of many single sweeps moves much less, and the ratio at a size that
//! fits the last-level cache against one that does not shows whether a sweep is bound
//! by memory (its time per key result grows with the size) or by instructions (it
//! does not).
//!
//! ```text
//! cargo build --profile bench -p folio-benches --example okr_sweep_clock
//! target/release/examples/okr_sweep_clock 100000 1000000
//! ```
//!
//! With `OKR_SWEEP_CLOCK_ALL` set it also prints every rollup's time, in order: on a
//! loaded machine they fall in steps of the scheduler's tick (a sweep that another
//! process interrupts takes one tick longer), which is why the least is the figure.
// An example prints its figures and aborts loudly on a bad argument.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use folio_analytics::okr::{OkrGraph, RollupMethod, Weighted};
use folio_benches::{FloatPlan, okr_portfolio, progress_values, to_f64};

/// The least and the median of `times` (milliseconds), which is not empty.
fn least_and_median(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let least = times.first().copied().unwrap_or(f64::NAN);
    let median = times
        .get(times.len().checked_div(2).unwrap_or(0))
        .copied()
        .unwrap_or(f64::NAN);
    (least, median)
}

fn main() -> Result<(), Box<dyn Error>> {
    for size in std::env::args().skip(1) {
        let key_results: usize = size.parse()?;
        let graph = OkrGraph::new(okr_portfolio(key_results, RollupMethod::Weighted, 42))?;
        let plan = graph.plan();
        let mut rollup = graph.rollup_leaves(Weighted, progress_values(plan.leaf_count(), 7))?;
        let floor = FloatPlan::new(plan);
        let mut floats = to_f64(rollup.reported_values());
        // About 200 million key results swept in all, at least 20 times each.
        let repetitions = 200_000_000usize
            .checked_div(key_results)
            .unwrap_or(0)
            .clamp(20, 2_000);
        let (mut sweeps, mut floors) = (Vec::new(), Vec::new());
        for _ in 0..repetitions {
            let start = Instant::now();
            rollup.recompute_all()?;
            sweeps.push(start.elapsed().as_secs_f64() * 1e3);
            let start = Instant::now();
            floor.sweep(black_box(&mut floats));
            floors.push(start.elapsed().as_secs_f64() * 1e3);
        }
        if std::env::var_os("OKR_SWEEP_CLOCK_ALL").is_some() {
            println!("{sweeps:.2?}");
        }
        let (sweep_least, sweep_median) = least_and_median(sweeps);
        let (floor_least, floor_median) = least_and_median(floors);
        println!(
            "{key_results} key results, {repetitions} repetitions: full rollup least {sweep_least:.4} ms, \
             median {sweep_median:.4} ms; f64 floor least {floor_least:.4} ms, median \
             {floor_median:.4} ms; ratio of the least {:.2}, of the medians {:.2}; last node {:?}",
            sweep_least / floor_least,
            sweep_median / floor_median,
            rollup
                .reported_values()
                .last()
                .map(|p| p.value().to_string()),
        );
    }
    Ok(())
}
