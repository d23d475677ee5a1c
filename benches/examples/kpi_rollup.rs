//! Runs full KPI rollups of the bench portfolio, for instruction counts and profiles:
//! `cargo build --profile bench -p folio-benches --example kpi_rollup`, then
//! `valgrind --tool=callgrind --toggle-collect='*recompute_all*' target/release/examples/kpi_rollup 100000 1`
//! counts one full rollup at 100,000 key results (the bench's `okr_kpi_*/full_rollup`),
//! and `perf record target/release/examples/kpi_rollup 1000000 50` samples fifty.
//! It prints the time per rollup, the state's bytes per key result and the top values,
//! so that two builds can be compared.
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    clippy::arithmetic_side_effects
)]

use std::error::Error;
use std::time::Instant;

use folio_analytics::okr::OkrGraph;
use folio_benches::{arr_readings, kpi_portfolio};
use folio_metrics::Scoring;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let repeats: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    let (data, catalog) = kpi_portfolio(key_results, 42);
    let graph = OkrGraph::new(data)?;
    let readings = arr_readings(graph.plan().leaf_count(), 7);
    let mut rollup = graph.rollup_kpi_leaves(&catalog, Scoring::AllowOverAchievement, readings)?;
    let start = Instant::now();
    for _ in 0..repeats {
        rollup.recompute_all()?;
    }
    let elapsed = start.elapsed();
    println!(
        "{key_results} key results: {repeats} full KPI rollups, {:.2} ms each; state {} bytes per key result",
        elapsed.as_secs_f64() * 1e3 / repeats.max(1) as f64,
        rollup.heap_bytes() / key_results.max(1),
    );
    let plan = rollup.plan();
    let last = plan.len().saturating_sub(5);
    for node in plan.indices().skip(last) {
        let value = rollup.value_at(node).map(|v| v.reported.value());
        let metric = rollup.metric_values().nth(node.get()).flatten();
        println!("{:?}: {metric:?} -> {value:?}", plan.node(node));
    }
    Ok(())
}
