//! Benchmarks for folio-okr's rollups, each beside a floor measured in the same run: a
//! plain `f64` weighted-sum sweep over the same compiled graph (same edges, same
//! weights, same topological order), which does the least possible work for the same
//! answer, without exact decimals, checks or explanations.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly, and it
// may print its memory figures.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::cast_precision_loss
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::KeyResultId;
use folio_analytics::okr::csv::{CsvOptions, load};
use folio_analytics::okr::{NodeId, NodeIndex, OkrGraph, RollupMethod, SayDo, Weighted};
use folio_benches::{
    FloatPlan, arr_readings, kpi_portfolio, okr_leaf_progress, okr_portfolio, progress_values,
    to_f64, write_okr_csv,
};
use folio_metrics::Scoring;

fn rollups(c: &mut Criterion) {
    for key_results in [1_000usize, 100_000, 1_000_000] {
        let graph = OkrGraph::new(okr_portfolio(key_results, RollupMethod::Weighted, 42)).unwrap();
        let plan = graph.plan();
        let leaves = progress_values(plan.leaf_count(), 7);
        let float_plan = FloatPlan::new(plan);
        let mut rollup = graph.rollup_leaves(Weighted, leaves.clone()).unwrap();
        let mut floats = to_f64(rollup.reported_values());
        println!(
            "okr {key_results} key results: {} nodes, plan {} bytes per key result, \
             rolled-up state {} bytes per key result",
            plan.len(),
            plan.heap_bytes() / key_results,
            rollup.heap_bytes() / key_results,
        );

        let mut group = c.benchmark_group(format!("okr_weighted_{key_results}"));
        if key_results >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("full_rollup", |b| {
            b.iter(|| rollup.recompute_all().unwrap());
        });
        group.bench_function("floor_f64_sweep", |b| {
            b.iter(|| float_plan.sweep(black_box(&mut floats)));
        });
        let leaf_indices: Vec<NodeIndex> = plan.indices().take(plan.leaf_count()).collect();
        let new_values = progress_values(1_024, 11);
        let mut step = 0usize;
        group.bench_function("incremental_update", |b| {
            b.iter(|| {
                step = step.wrapping_add(7_919);
                let leaf = leaf_indices[step % leaf_indices.len()];
                rollup
                    .update_leaf(leaf, new_values[step % new_values.len()])
                    .unwrap();
            });
        });
        // The same check-ins by id, as the README's `update` call takes them: one hash
        // lookup, then the by-index path.
        let leaf_ids: Vec<KeyResultId> = leaf_indices
            .iter()
            .filter_map(|&i| match plan.node(i) {
                Some(NodeId::KeyResult(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let mut step = 0usize;
        group.bench_function("incremental_update_by_id", |b| {
            b.iter(|| {
                step = step.wrapping_add(7_919);
                let leaf = &leaf_ids[step % leaf_ids.len()];
                rollup
                    .update(leaf, new_values[step % new_values.len()])
                    .unwrap();
            });
        });
        // The same check-ins by id again, with the ids as a caller holds them: the bench
        // above reads its array of ids at a stride and then each id's text elsewhere,
        // two cache misses that are the bench's, not folio's; a caller receiving
        // check-ins has each id just parsed. Here the ids are parsed anew, once, in the
        // order of the check-ins (so each id's text follows the one before in memory),
        // and read in that order: the same leaves and values, folio's work the same.
        let arriving: Vec<KeyResultId> = (1..=leaf_ids.len())
            .map(|k| {
                let id = &leaf_ids[k.wrapping_mul(7_919) % leaf_ids.len()];
                KeyResultId::new(id.as_str()).unwrap()
            })
            .collect();
        let mut step = 0usize;
        let mut next = 0usize;
        group.bench_function("incremental_update_by_id_in_arrival_order", |b| {
            b.iter(|| {
                step = step.wrapping_add(7_919);
                let leaf = &arriving[next];
                next = if next + 1 == arriving.len() {
                    0
                } else {
                    next + 1
                };
                rollup
                    .update(leaf, new_values[step % new_values.len()])
                    .unwrap();
            });
        });
        group.finish();

        let say_do = OkrGraph::new(okr_portfolio(key_results, RollupMethod::SayDo, 42)).unwrap();
        let mut say_do_rollup = say_do.rollup_leaves(SayDo::default(), leaves).unwrap();
        let mut group = c.benchmark_group(format!("okr_say_do_{key_results}"));
        if key_results >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("full_rollup", |b| {
            b.iter(|| say_do_rollup.recompute_all().unwrap());
        });
        group.finish();
        drop(say_do_rollup);
        drop(say_do);

        let (data, catalog) = kpi_portfolio(key_results, 42);
        let kpi = OkrGraph::new(data).unwrap();
        let readings = arr_readings(kpi.plan().leaf_count(), 7);
        let mut kpi_rollup = kpi
            .rollup_kpi_leaves(&catalog, Scoring::AllowOverAchievement, readings)
            .unwrap();
        let kpi_plan = FloatPlan::new(kpi.plan());
        let mut sums = vec![0.0f64; kpi.plan().len()];
        println!(
            "okr kpi {key_results} key results: rolled-up state {} bytes per key result",
            kpi_rollup.heap_bytes() / key_results,
        );
        let new_readings = arr_readings(1_024, 11);
        let mut group = c.benchmark_group(format!("okr_kpi_{key_results}"));
        if key_results >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function("full_rollup", |b| {
            b.iter(|| kpi_rollup.recompute_all().unwrap());
        });
        group.bench_function("floor_f64_sum_sweep", |b| {
            b.iter(|| kpi_plan.sum_sweep(black_box(&mut sums)));
        });
        let kpi_leaves: Vec<NodeIndex> =
            kpi.plan().indices().take(kpi.plan().leaf_count()).collect();
        let mut step = 0usize;
        group.bench_function("incremental_update", |b| {
            b.iter(|| {
                step = step.wrapping_add(7_919);
                let leaf = kpi_leaves[step % kpi_leaves.len()];
                kpi_rollup
                    .update_leaf(leaf, new_readings[step % new_readings.len()])
                    .unwrap();
            });
        });
        group.finish();
    }
}

/// The floor of loading: reading the same CSV with the `csv` crate and parsing every
/// weight and progress as `f64`, the least any loader does before it can answer.
fn read_floor(text: &str) -> f64 {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut total = 0.0;
    while reader.read_byte_record(&mut record).unwrap() {
        let number = |i: usize| {
            std::str::from_utf8(&record[i])
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        total += number(2) + number(3) + (record[0].len() + record[1].len()) as f64;
    }
    total
}

/// From a file to the first answer: CSV text to a validated, compiled graph and its
/// rolled-up state, then the value of the last node (a portfolio objective).
fn file_to_first_answer(c: &mut Criterion) {
    for key_results in [100_000usize, 1_000_000] {
        let portfolio = okr_portfolio(key_results, RollupMethod::Weighted, 42);
        let progress = okr_leaf_progress(&portfolio, 7);
        let mut bytes = Vec::new();
        write_okr_csv(&mut bytes, &portfolio, &progress).unwrap();
        drop(portfolio);
        let text = String::from_utf8(bytes).unwrap();
        let mut group = c.benchmark_group(format!("okr_load_{key_results}"));
        group.sample_size(10);
        group.bench_function("csv_to_first_answer", |b| {
            b.iter(|| {
                let (_graph, rollup) =
                    load(black_box(text.as_bytes()), &CsvOptions::default()).unwrap();
                rollup.reported_values().last().copied()
            });
        });
        group.bench_function("floor_csv_read_f64", |b| {
            b.iter(|| read_floor(black_box(&text)));
        });
        group.finish();
    }
}

criterion_group!(benches, rollups, file_to_first_answer);
criterion_main!(benches);
