//! Benchmarks for folio-benefits: a review of 10,000 initiatives with 8 checkpoints
//! each, beside a floor measured in the same run: a plain loop that sums the same
//! expected and realized decimals and divides once per initiative, with no statuses,
//! no checks, no explanation and no output records.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::Decimal;
use folio_benches::{benefits_as_of, benefits_book};
use folio_benefits::{BenefitsBook, ReviewPolicy, realization_rates};

const INITIATIVES: usize = 10_000;
const CHECKPOINTS: u32 = 8;

fn review(c: &mut Criterion) {
    let data = benefits_book(INITIATIVES, CHECKPOINTS, 42);
    let book = BenefitsBook::new(data.clone()).unwrap();
    let as_of = benefits_as_of();
    let policy = ReviewPolicy::default();
    // The floor's input: per initiative, the (due date, expected, realized if recorded
    // by as_of) of every checkpoint, flattened ahead of time.
    let flat: Vec<Vec<(folio_analytics::NaiveDate, Decimal, Option<Decimal>)>> = book
        .cases()
        .map(|case| {
            case.checkpoints()
                .iter()
                .map(|c| {
                    let realized = c
                        .realization
                        .as_ref()
                        .filter(|r| r.recorded_on <= as_of)
                        .map(|r| r.realized.amount());
                    (c.due_on, c.expected, realized)
                })
                .collect()
        })
        .collect();

    let mut group = c.benchmark_group("benefits_10k_x8");
    group.sample_size(20);
    group.bench_function("review", |b| {
        b.iter(|| book.review(black_box(as_of), &policy).unwrap());
    });
    group.bench_function("initiative_reviews", |b| {
        b.iter(|| book.initiative_reviews(black_box(as_of), &policy).unwrap());
    });
    let initiatives = book.initiative_reviews(as_of, &policy).unwrap();
    group.bench_function("realization_rates", |b| {
        b.iter(|| realization_rates(black_box(&initiatives)).unwrap());
    });
    group.bench_function("post_mortems", |b| {
        b.iter(|| folio_benefits::post_mortems(black_box(&initiatives), &policy).unwrap());
    });
    group.bench_function("estimation_bias", |b| {
        b.iter(|| folio_benefits::estimation_bias(black_box(&initiatives), &policy).unwrap());
    });
    group.bench_function("overdue_and_missing", |b| {
        b.iter(|| {
            (
                folio_benefits::overdue(black_box(&initiatives)),
                folio_benefits::missing_root_causes(black_box(&initiatives)),
            )
        });
    });
    group.bench_function("validate_book", |b| {
        b.iter(|| BenefitsBook::new(black_box(data.clone())).unwrap());
    });
    group.bench_function("floor_naive_sums", |b| {
        b.iter(|| {
            let (mut expected_all, mut realized_all) = (Decimal::ZERO, Decimal::ZERO);
            for checkpoints in black_box(&flat) {
                let (mut expected, mut realized) = (Decimal::ZERO, Decimal::ZERO);
                for (due, e, r) in checkpoints {
                    if *due < as_of {
                        expected += *e;
                        realized += r.unwrap_or(Decimal::ZERO);
                    }
                }
                if !expected.is_zero() {
                    black_box(realized / expected);
                }
                expected_all += expected;
                realized_all += realized;
            }
            realized_all / expected_all
        });
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
