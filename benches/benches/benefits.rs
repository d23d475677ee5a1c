//! Benchmarks for folio-benefits: a review of 10,000 initiatives with 8 checkpoints
//! each, beside a floor measured in the same run: a plain loop that sums the same
//! expected and realized decimals and divides once per initiative, with no statuses,
//! no checks, no explanation and no output records; and a second floor that also does
//! every exact `Decimal` division the review publishes (`floor_exact_divisions`).
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::Decimal;
use folio_benches::{benefits_as_of, benefits_book};
use folio_benefits::{BenefitsBook, Group, ReviewPolicy, realization_rates};

/// Per initiative: its product line's index and, per checkpoint, (due date, expected,
/// realized if recorded by `as_of`).
type Flat = Vec<(
    usize,
    Vec<(folio_analytics::NaiveDate, Decimal, Option<Decimal>)>,
)>;

/// The second floor: the naive sums, plus every exact division the review publishes,
/// with `rust_decimal`'s `/`: the relative variance of each realized checkpoint, each
/// initiative's rate and relative variance, and each initiative's share and
/// contribution in the portfolio and in its product line, then the group rates. No
/// statuses, no checks, no explanation, no ids, no records. A checkpoint counts as
/// the review counts it by default: realized by `as_of`, or due before
/// `overdue_before` (`as_of` less the grace days) and counted as zero.
fn floor_exact_divisions(
    flat: &Flat,
    lines: usize,
    overdue_before: folio_analytics::NaiveDate,
    totals: &mut Vec<(Decimal, Decimal)>,
) -> Decimal {
    totals.clear();
    totals.resize(lines, (Decimal::ZERO, Decimal::ZERO));
    let (mut expected_all, mut realized_all) = (Decimal::ZERO, Decimal::ZERO);
    let mut sink = Decimal::ZERO;
    for (line, checkpoints) in flat {
        let (mut expected, mut realized) = (Decimal::ZERO, Decimal::ZERO);
        for (due, e, r) in checkpoints {
            if r.is_some() || *due < overdue_before {
                if let Some(r) = r {
                    if !e.is_zero() {
                        sink = (*r - *e) / *e;
                    }
                }
                expected += *e;
                realized += r.unwrap_or(Decimal::ZERO);
            }
        }
        if !expected.is_zero() {
            black_box(realized / expected);
            black_box((realized - expected) / expected);
            totals[*line].0 += expected;
            totals[*line].1 += realized;
            expected_all += expected;
            realized_all += realized;
        }
    }
    black_box(sink);
    for (line, checkpoints) in flat {
        let (mut expected, mut realized) = (Decimal::ZERO, Decimal::ZERO);
        for (due, e, r) in checkpoints {
            if r.is_some() || *due < overdue_before {
                expected += *e;
                realized += r.unwrap_or(Decimal::ZERO);
            }
        }
        if !expected.is_zero() {
            let line_expected = totals[*line].0;
            black_box((expected / expected_all, realized / expected_all));
            black_box((expected / line_expected, realized / line_expected));
        }
    }
    for (expected, realized) in totals.iter() {
        if !expected.is_zero() {
            black_box(*realized / *expected);
        }
    }
    realized_all / expected_all
}

const INITIATIVES: usize = 10_000;
const CHECKPOINTS: u32 = 8;

fn review(c: &mut Criterion) {
    let data = benefits_book(INITIATIVES, CHECKPOINTS, 42);
    let book = BenefitsBook::new(data.clone()).unwrap();
    let as_of = benefits_as_of();
    let policy = ReviewPolicy::default();
    // The floor's input: per initiative, the (due date, expected, realized if recorded
    // by as_of) of every checkpoint, flattened ahead of time.
    let mut line_index = std::collections::BTreeMap::new();
    for case in book.cases() {
        let next = line_index.len();
        line_index
            .entry(case.case().product_line.clone())
            .or_insert(next);
    }
    let flat: Flat = book
        .cases()
        .map(|case| {
            let line = line_index[&case.case().product_line];
            let checkpoints = case
                .checkpoints()
                .iter()
                .map(|c| {
                    let realized = c
                        .realization
                        .as_ref()
                        .filter(|r| r.recorded_on <= as_of)
                        .map(|r| r.realized.amount());
                    (c.due_on, c.expected, realized)
                })
                .collect();
            (line, checkpoints)
        })
        .collect();
    // The second floor computes the portfolio rate the review publishes.
    let mut totals = Vec::new();
    let overdue_before = as_of
        .checked_sub_days(folio_analytics::Days::new(u64::from(policy.grace_days())))
        .unwrap();
    let review = book.review(as_of, &policy).unwrap();
    let portfolio = review
        .rates
        .iter()
        .find(|r| r.group == Group::Portfolio)
        .and_then(|r| r.rate)
        .unwrap();
    assert_eq!(
        floor_exact_divisions(&flat, line_index.len(), overdue_before, &mut totals).normalize(),
        portfolio.value()
    );
    drop(review);

    let mut group = c.benchmark_group("benefits_10k_x8");
    group.sample_size(20);
    group.bench_function("review", |b| {
        b.iter(|| book.review(black_box(as_of), &policy).unwrap());
    });
    // The review computes a checkpoint's relative variance only when it is read
    // (`CheckpointReview::variance`); this one also reads every one of them, as a
    // JSON export or a rendering of every checkpoint does.
    group.bench_function("review_reading_every_variance", |b| {
        b.iter(|| {
            let review = book.review(black_box(as_of), &policy).unwrap();
            let mut read = 0usize;
            for initiative in review.initiatives() {
                for checkpoint in &initiative.checkpoints {
                    if let Some(variance) = checkpoint.variance() {
                        black_box(variance);
                        read += 1;
                    }
                }
            }
            (review, read)
        });
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
            for (_, checkpoints) in black_box(&flat) {
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
    group.bench_function("floor_exact_divisions", |b| {
        b.iter(|| {
            floor_exact_divisions(
                black_box(&flat),
                line_index.len(),
                overdue_before,
                &mut totals,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
