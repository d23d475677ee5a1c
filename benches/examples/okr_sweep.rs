//! Full weighted or say-do rollups of the bench portfolio, for counting instructions and
//! simulated cache misses under valgrind, where a criterion run would take hours.
//!
//! `okr_sweep N METHOD SWEEPS [SCALE]` builds `folio_benches::okr_portfolio(N, METHOD, 42)`
//! (`weighted` or `say_do`; with `SCALE`, `okr_portfolio_at_scale(N, METHOD, 42, SCALE)`:
//! the same weights' mantissas at `SCALE` places, 2 by default), rolls it up once from `progress_values` (as the `okr`
//! bench does), then runs `SWEEPS` more full rollups (`recompute_all`). One full rollup
//! is the difference between two runs that differ only in `SWEEPS`, divided by that
//! difference. The caches are given explicitly (a 1 MB last level, so that the sweep's
//! few megabytes at 100,000 key results do not fit, as a million key results do not fit
//! a real last-level cache; valgrind would otherwise simulate the host's, which a VM
//! may report as hundreds of megabytes):
//!
//! ```text
//! cargo build --profile bench -p folio-benches --example okr_sweep
//! valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 \
//!     --LL=1048576,16,64 --cachegrind-out-file=/dev/null \
//!     target/release/examples/okr_sweep 100000 weighted 0
//! # the same with 10 sweeps
//! ```
// An example prints its figures and aborts loudly on a bad argument.
#![allow(clippy::print_stdout)]

use std::error::Error;

use folio_analytics::okr::{OkrGraph, RollupMethod, SayDo, Weighted};
use folio_benches::{okr_portfolio_at_scale, progress_values};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let method = match args.next().as_deref() {
        None | Some("weighted") => RollupMethod::Weighted,
        Some("say_do") => RollupMethod::SayDo,
        Some(other) => return Err(format!("unknown method {other}").into()),
    };
    let sweeps: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    let weight_scale: u32 = args.next().map_or(Ok(2), |n| n.parse())?;
    let graph = OkrGraph::new(okr_portfolio_at_scale(
        key_results,
        method,
        42,
        weight_scale,
    ))?;
    let leaves = progress_values(graph.plan().leaf_count(), 7);
    let last = if method == RollupMethod::Weighted {
        let mut rollup = graph.rollup_leaves(Weighted, leaves)?;
        for _ in 0..sweeps {
            rollup.recompute_all()?;
        }
        rollup.reported_values().last().copied()
    } else {
        let mut rollup = graph.rollup_leaves(SayDo::default(), leaves)?;
        for _ in 0..sweeps {
            rollup.recompute_all()?;
        }
        rollup.reported_values().last().copied()
    };
    println!(
        "{key_results} key results, {} nodes, {sweeps} sweeps after the first; last node {:?}",
        graph.plan().len(),
        last.map(|p| p.value().to_string())
    );
    Ok(())
}
