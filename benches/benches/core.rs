//! Benchmarks for folio-types's hot operations, each beside a floor measured in the
//! same run: a plain loop that does the least possible work for the same answer.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::{Currency, Decimal, Money};
use folio_benches::{amounts, daily_series, epoch};

fn series_as_of(c: &mut Criterion) {
    let series = daily_series(100_000, 7);
    let queries: Vec<_> = (0..1_000u64)
        .filter_map(|i| epoch().checked_add_days(chrono::Days::new(i * 97)))
        .collect();
    let mut group = c.benchmark_group("series_as_of_100k");
    // Both sum the values found, so neither lookup can be optimized away.
    group.bench_function("binary_search", |b| {
        b.iter(|| {
            black_box(&queries)
                .iter()
                .filter_map(|d| series.as_of(*d))
                .map(|o| o.value)
                .sum::<Decimal>()
        });
    });
    group.bench_function("floor_linear_scan", |b| {
        b.iter(|| {
            black_box(&queries)
                .iter()
                .filter_map(|d| series.iter().take_while(|o| o.date <= *d).last())
                .map(|o| o.value)
                .sum::<Decimal>()
        });
    });
    group.finish();
}

fn money_sum(c: &mut Criterion) {
    let eur = Currency::new("EUR").unwrap();
    let flows = amounts(100_000, eur, 11);
    let raw: Vec<Decimal> = flows.iter().map(Money::amount).collect();
    let mut group = c.benchmark_group("money_sum_100k");
    group.bench_function("checked_money", |b| {
        b.iter(|| Money::try_sum(eur, black_box(&flows).iter().copied()));
    });
    group.bench_function("floor_unchecked_decimal", |b| {
        b.iter(|| black_box(&raw).iter().copied().sum::<Decimal>());
    });
    group.finish();
}

criterion_group!(benches, series_as_of, money_sum);
criterion_main!(benches);
