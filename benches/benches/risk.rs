//! Benchmark for folio-risk: 10,000 products x 4 dimensions x 3 factors, scored with
//! full explanations and aggregated into revenue-weighted exposure, beside a floor in
//! the same run: a plain f64 weighted-sum loop over the same ratings, weights and
//! revenues (no explanation, no checks, no exact decimals), and a second floor that does
//! the exact `Decimal` arithmetic the published numbers need (each dimension's and
//! product's weighted mean divided and rounded, each product's exposure share divided)
//! and nothing else, so that the overhead beyond those divisions shows.
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
use folio_analytics::Currency;
use folio_analytics::risk::{ExposureBase, ProductScore, Scorer, ScoringConfig, exposure};
use folio_benches::risk_portfolio;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

const PRODUCTS: usize = 10_000;
const DIMENSIONS: usize = 4;
const FACTORS: usize = 3;

/// The same portfolio as plain f64 arrays, factors in model order.
struct Floor {
    dimension_weights: Vec<f64>,
    factor_weights: Vec<f64>,
    ratings: Vec<f64>,
    revenues: Vec<f64>,
}

fn floor_score_and_aggregate(floor: &Floor) -> f64 {
    let per_product = DIMENSIONS * FACTORS;
    let mut weighted = 0.0;
    let mut total = 0.0;
    for (ratings, revenue) in floor.ratings.chunks_exact(per_product).zip(&floor.revenues) {
        let mut numerator = 0.0;
        let mut denominator = 0.0;
        for (d, dimension_weight) in floor.dimension_weights.iter().enumerate() {
            let mut fnum = 0.0;
            let mut fden = 0.0;
            for f in 0..FACTORS {
                let i = d * FACTORS + f;
                fnum += floor.factor_weights[i] * ratings[i];
                fden += floor.factor_weights[i];
            }
            numerator += dimension_weight * (fnum / fden);
            denominator += dimension_weight;
        }
        weighted += revenue * (numerator / denominator);
        total += revenue;
    }
    weighted / total
}

/// The same portfolio as exact decimals, factors in model order.
struct ExactFloor {
    dimension_weights: Vec<Decimal>,
    factor_weights: Vec<Decimal>,
    ratings: Vec<Decimal>,
    revenues: Vec<Decimal>,
}

fn rounded(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Exposure with the exact divisions it publishes: per product, each dimension's score
/// (`Σ w·r / Σ w`, rounded) and the product's (`Σ W·s / Σ W`, rounded), then each
/// product's share of the revenue (`b / Σ b`, 28 digits) and the exposure (rounded).
/// No checks, no explanation, no ids.
fn floor_exact_divisions(floor: &ExactFloor, scores: &mut Vec<Decimal>) -> Decimal {
    let per_product = DIMENSIONS * FACTORS;
    scores.clear();
    let mut weighted = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for (ratings, revenue) in floor.ratings.chunks_exact(per_product).zip(&floor.revenues) {
        let mut numerator = Decimal::ZERO;
        let mut denominator = Decimal::ZERO;
        for (d, dimension_weight) in floor.dimension_weights.iter().enumerate() {
            let mut fnum = Decimal::ZERO;
            let mut fden = Decimal::ZERO;
            for f in 0..FACTORS {
                let i = d * FACTORS + f;
                fnum += floor.factor_weights[i] * ratings[i];
                fden += floor.factor_weights[i];
            }
            numerator += dimension_weight * rounded(fnum / fden);
            denominator += dimension_weight;
        }
        let score = rounded(numerator / denominator);
        scores.push(score);
        weighted += revenue * score;
        total += revenue;
    }
    let mut shares = Decimal::ZERO;
    for revenue in &floor.revenues {
        shares += revenue / total;
    }
    black_box(shares);
    rounded(weighted / total)
}

fn risk(c: &mut Criterion) {
    let eur = Currency::new("EUR").unwrap();
    let portfolio = risk_portfolio(PRODUCTS, DIMENSIONS, FACTORS, eur, 17).unwrap();
    let scorer = Scorer::new(portfolio.model.clone(), ScoringConfig::default()).unwrap();

    let f64_of = |d: rust_decimal::Decimal| d.to_f64().unwrap();
    let model = scorer.model();
    let floor = Floor {
        dimension_weights: model
            .dimensions()
            .iter()
            .map(|d| f64_of(d.weight.value()))
            .collect(),
        factor_weights: model
            .dimensions()
            .iter()
            .flat_map(|d| d.factors.iter().map(|f| f64_of(f.weight.value())))
            .collect(),
        ratings: portfolio
            .assessments
            .iter()
            .flat_map(|a| {
                model
                    .dimensions()
                    .iter()
                    .flat_map(|d| d.factors.iter())
                    .map(|f| f64_of(a.ratings.get(&f.id).unwrap().value()))
            })
            .collect(),
        revenues: portfolio
            .figures
            .iter()
            .map(|f| f64_of(f.revenue.unwrap().amount()))
            .collect(),
    };

    let exact_floor = ExactFloor {
        dimension_weights: model
            .dimensions()
            .iter()
            .map(|d| d.weight.value())
            .collect(),
        factor_weights: model
            .dimensions()
            .iter()
            .flat_map(|d| d.factors.iter().map(|f| f.weight.value()))
            .collect(),
        ratings: portfolio
            .assessments
            .iter()
            .flat_map(|a| {
                model
                    .dimensions()
                    .iter()
                    .flat_map(|d| d.factors.iter())
                    .map(|f| a.ratings.get(&f.id).unwrap().value())
            })
            .collect(),
        revenues: portfolio
            .figures
            .iter()
            .map(|f| f.revenue.unwrap().amount())
            .collect(),
    };
    let mut floor_scores = Vec::with_capacity(PRODUCTS);

    // Every side agrees on the answer before anything is timed (the exact floor to the
    // digit).
    let scores: Vec<ProductScore> = portfolio
        .assessments
        .iter()
        .map(|a| scorer.score(a).unwrap())
        .collect();
    let exact = exposure(&scores, &portfolio.figures, ExposureBase::Revenue).unwrap();
    let approx = floor_score_and_aggregate(&floor);
    assert!((f64_of(exact.score.value()) - approx).abs() < 1e-3);
    assert_eq!(
        floor_exact_divisions(&exact_floor, &mut floor_scores).to_string(),
        exact.score.to_string()
    );

    let mut group = c.benchmark_group("risk_10k_products_4x3");
    group.sample_size(10);
    group.bench_function("score_and_aggregate", |b| {
        b.iter(|| {
            let scores: Vec<ProductScore> = black_box(&portfolio.assessments)
                .iter()
                .map(|a| scorer.score(a).unwrap())
                .collect();
            exposure(&scores, &portfolio.figures, ExposureBase::Revenue).unwrap()
        });
    });
    group.bench_function("score_only", |b| {
        b.iter(|| {
            for a in black_box(&portfolio.assessments) {
                black_box(scorer.score(a).unwrap());
            }
        });
    });
    group.bench_function("aggregate_only", |b| {
        b.iter(|| {
            exposure(
                black_box(&scores),
                &portfolio.figures,
                ExposureBase::Revenue,
            )
            .unwrap()
        });
    });
    group.bench_function("floor_f64_weighted_sum", |b| {
        b.iter(|| floor_score_and_aggregate(black_box(&floor)));
    });
    group.bench_function("floor_exact_divisions", |b| {
        b.iter(|| floor_exact_divisions(black_box(&exact_floor), &mut floor_scores));
    });
    group.finish();
}

criterion_group!(benches, risk);
criterion_main!(benches);
