//! Incremental weighted updates of the bench portfolio, for counting instructions and
//! simulated cache misses per update under valgrind.
//!
//! `okr_update N MODE UPDATES` builds `folio_benches::okr_portfolio(N, weighted, 42)`,
//! rolls it up from `progress_values` (as the `okr` bench does), then makes `UPDATES`
//! check-ins the way the bench's `incremental_update` (`MODE` = `index`) or
//! `incremental_update_by_id` (`MODE` = `id`) does: the same leaves and values. One
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

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let by_id = match args.next().as_deref() {
        None | Some("index") => false,
        Some("id") => true,
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
    let new_values: Vec<Progress> = progress_values(1_024, 11);
    let mut step = 0usize;
    for _ in 0..updates {
        step = step.wrapping_add(7_919);
        let value = new_values[step % new_values.len()];
        if by_id {
            rollup.update(&leaf_ids[step % leaf_ids.len()], value)?;
        } else {
            rollup.update_leaf(leaf_indices[step % leaf_indices.len()], value)?;
        }
    }
    println!(
        "{key_results} key results, {} nodes, {updates} updates; last node {:?}",
        plan.len(),
        rollup
            .reported_values()
            .last()
            .map(|p| p.value().to_string())
    );
    Ok(())
}
