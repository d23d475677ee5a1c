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
use folio_analytics::allocation::{
    Acceleration, CutOptions, Portfolio, Reduction, Target, accelerate, baseline, cut, cut_greedy,
};
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

    // Accelerate the first initiative (in id order) that starts in the second year by
    // two quarters; the floor is one pass of the same schedule rule (the baseline).
    let base = baseline(&portfolio);
    let bet = portfolio
        .initiatives()
        .iter()
        .zip(&base)
        .find(|(_, s)| s.is_some_and(|s| s >= 4))
        .map(|(x, _)| x.id.clone())
        .unwrap();
    let answer = accelerate(&portfolio, bet.as_str(), Target::By(2)).unwrap();
    if let Acceleration::Accelerated(plan) = &answer {
        println!(
            "accelerate {bet} by 2 quarters: {} initiatives delayed, value lost {}",
            plan.delayed.len(),
            plan.value_lost.round_dp(2)
        );
    } else {
        println!("accelerate {bet}: {answer}");
    }
    group.bench_function("accelerate by 2 quarters", |b| {
        b.iter(|| accelerate(black_box(&portfolio), bet.as_str(), Target::By(2)).unwrap());
    });
    group.bench_function("floor: one baseline schedule pass", |b| {
        b.iter(|| baseline(black_box(&portfolio)));
    });
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
