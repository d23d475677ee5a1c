//! Incremental weighted updates of the bench portfolio, for counting instructions and
//! simulated cache misses per update under valgrind.
//!
//! `okr_update N MODE UPDATES` builds `folio_benches::okr_portfolio(N, weighted, 42)`,
//! rolls it up from `progress_values` (as the `okr` bench does), then makes `UPDATES`
//! check-ins the way the bench's `incremental_update` (`MODE` = `index`),
//! `incremental_update_by_id` (`MODE` = `id`) or
//! `incremental_update_by_id_in_arrival_order` (`MODE` = `arrival`: ids parsed anew in
//! the order of the check-ins and read in that order) does: the same leaves and
//! values. One
//! update is the difference between two runs that differ only in `UPDATES`, divided by
//! that difference. The caches are given explicitly, a 1 MB last level, so that the
//! state at 100,000 key results does not fit it, as a million key results do not fit a
//! real one:
//!
//! ```text
//! cargo build --profile bench -p folio-benches --example okr_update
//! valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 \
//!     --LL=1048576,16,64 --cachegrind-out-file=/dev/null \
//!     target/release/examples/okr_update 100000 id 0
//! # the same with 100000 updates
//! ```
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::error::Error;

use folio_analytics::okr::{NodeId, NodeIndex, OkrGraph, RollupMethod, Weighted};
use folio_analytics::{KeyResultId, Progress};
use folio_benches::{okr_portfolio, progress_values};

/// How the check-ins name their leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Index,
    Id,
    Arrival,
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let mode = match args.next().as_deref() {
        None | Some("index") => Mode::Index,
        Some("id") => Mode::Id,
        Some("arrival") => Mode::Arrival,
        Some(other) => return Err(format!("unknown mode {other}").into()),
    };
    let updates: usize = args.next().map_or(Ok(1), |n| n.parse())?;
    let graph = OkrGraph::new(okr_portfolio(key_results, RollupMethod::Weighted, 42))?;
    let plan = graph.plan();
    let leaves = progress_values(plan.leaf_count(), 7);
    let mut rollup = graph.rollup_leaves(Weighted, leaves)?;
    let leaf_indices: Vec<NodeIndex> = plan.indices().take(plan.leaf_count()).collect();
    let leaf_ids: Vec<KeyResultId> = leaf_indices
        .iter()
        .filter_map(|&i| match plan.node(i) {
            Some(NodeId::KeyResult(id)) => Some(id.clone()),
            _ => None,
        })
        .collect();
    let arriving: Vec<KeyResultId> = if mode == Mode::Arrival {
        (1..=leaf_ids.len())
            .map(|k| KeyResultId::new(leaf_ids[k.wrapping_mul(7_919) % leaf_ids.len()].as_str()))
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let new_values: Vec<Progress> = progress_values(1_024, 11);
    let mut step = 0usize;
    let mut next = 0usize;
    for _ in 0..updates {
        step = step.wrapping_add(7_919);
        let value = new_values[step % new_values.len()];
        match mode {
            Mode::Index => rollup.update_leaf(leaf_indices[step % leaf_indices.len()], value)?,
            Mode::Id => rollup.update(&leaf_ids[step % leaf_ids.len()], value)?,
            Mode::Arrival => {
                rollup.update(&arriving[next], value)?;
                next = if next + 1 == arriving.len() {
                    0
                } else {
                    next + 1
                };
            }
        }
    }
    println!(
        "{key_results} key results, {} nodes, {updates} updates; plan {} and rolled-up \
         state {} bytes per key result; last node {:?}",
        plan.len(),
        plan.heap_bytes() / key_results,
        rollup.heap_bytes() / key_results,
        rollup
            .reported_values()
            .last()
            .map(|p| p.value().to_string())
    );
    Ok(())
}
