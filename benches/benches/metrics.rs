//! Benchmarks for folio-metrics, each beside floors measured in the same run: plain
//! loops that do the least possible work for a comparable answer.
//!
//! - `aggregate_10k_x_12`: one metric (a sum) over 10,000 products for each of 12
//!   months, through `Observations::aggregate_in` (readings per product, checked
//!   arithmetic, the per-product terms of the explanation), and through a
//!   `MetricTable` built once (its build timed apart), against an unchecked `Decimal`
//!   loop, the same loop also writing one term per product, and an `f64` loop, over the
//!   same numbers held in flat vectors.
//! - `rules_100_over_10k_x_12`: 100 trigger rules (thresholds with 1-3 months of
//!   persistence, ranges, staleness) evaluated at `as_of` over the same data, against
//!   a loop that compares each product's latest value with each rule's threshold.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::indexing_slicing
)]

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::metrics::{MetricCatalog, RuleSet};
use folio_analytics::{Decimal, MetricId, ProductId};
use folio_benches::{monthly_observations, values_by_period};
use rust_decimal::prelude::ToPrimitive;

const PRODUCTS: usize = 10_000;
const MONTHS: u32 = 12;

fn catalog() -> MetricCatalog {
    serde_json::from_str(
        r#"{"metrics": [{"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"},
            "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
            "definition": "Recognized revenue in the month."}]}"#,
    )
    .unwrap()
}

fn aggregate(c: &mut Criterion) {
    let metric = MetricId::new("revenue").unwrap();
    let catalog = catalog();
    let (observations, months) = monthly_observations(&metric, PRODUCTS, MONTHS, 3);
    // The same numbers, month-major, for the floors.
    let flat = values_by_period(&observations, &metric, &months);
    let floats: Vec<Vec<f64>> = flat
        .iter()
        .map(|v| v.iter().map(|d| d.to_f64().unwrap()).collect())
        .collect();

    let mut group = c.benchmark_group("aggregate_10k_x_12");
    group.bench_function("observations_aggregate_in", |b| {
        b.iter(|| {
            months
                .iter()
                .map(|m| {
                    observations
                        .aggregate_in(&catalog, &metric, *m)
                        .unwrap()
                        .value
                })
                .collect::<Vec<_>>()
        });
    });
    // The same aggregations through a table built once, as a trend or a dashboard
    // reads one metric over many periods; the build is timed on its own below.
    let table = observations.table(&catalog, &metric).unwrap();
    group.bench_function("metric_table_aggregate_in", |b| {
        b.iter(|| {
            months
                .iter()
                .map(|m| table.aggregate_in(*m).unwrap().value)
                .collect::<Vec<_>>()
        });
    });
    // The values alone (a trend line), without the per-product terms.
    group.bench_function("metric_table_value_in", |b| {
        b.iter(|| {
            months
                .iter()
                .map(|m| table.value_in(*m).unwrap())
                .collect::<Vec<_>>()
        });
    });
    group.bench_function("metric_table_build", |b| {
        b.iter(|| {
            observations
                .table(&catalog, black_box(&metric))
                .unwrap()
                .products()
                .count()
        });
    });
    group.bench_function("floor_decimal_loop", |b| {
        b.iter(|| {
            black_box(&flat)
                .iter()
                .map(|v| v.iter().copied().sum::<Decimal>())
                .collect::<Vec<_>>()
        });
    });
    // The same loop, also writing what the aggregation returns beside the total: one
    // term per product (its id, borrowed; its value; its weight 1), as `aggregate_in`
    // must to show the math.
    let flat_terms: Vec<Vec<(&ProductId, Decimal)>> = months
        .iter()
        .map(|m| {
            observations
                .products(&metric)
                .filter_map(|(p, s)| s.in_period(m).last().map(|o| (p, o.value)))
                .collect()
        })
        .collect();
    group.bench_function("floor_decimal_loop_with_terms", |b| {
        b.iter(|| {
            black_box(&flat_terms)
                .iter()
                .map(|v| {
                    let mut terms = Vec::with_capacity(v.len());
                    let mut total = Decimal::ZERO;
                    for (p, value) in v {
                        total += *value;
                        terms.push((Cow::Borrowed(*p), Some(*value), Decimal::ONE));
                    }
                    (total, terms)
                })
                .map(|(total, terms)| (total, terms.len()))
                .collect::<Vec<_>>()
        });
    });
    group.bench_function("floor_f64_loop", |b| {
        b.iter(|| {
            black_box(&floats)
                .iter()
                .map(|v| v.iter().sum::<f64>())
                .collect::<Vec<_>>()
        });
    });
    group.finish();
}

/// 100 rules on `revenue`, with thresholds spread over the data's range.
fn rules() -> RuleSet {
    let mut json = Vec::new();
    for i in 0..100u32 {
        let threshold = format!("{}", 5_000 + i * 900);
        let rule = match i % 5 {
            0 | 1 => format!(
                r#"{{"id": "r{i:03}", "metric": "revenue", "condition": {{"below": {{"threshold": "{threshold}"}}}},
                    "persistence": {{"periods": {}, "cadence": "month"}}, "action": "fix_or_sunset_plan"}}"#,
                i % 3 + 1
            ),
            2 => format!(
                r#"{{"id": "r{i:03}", "metric": "revenue", "condition": {{"above": {{"threshold": "{threshold}"}}}},
                    "action": "justification_or_scope_change"}}"#
            ),
            3 => format!(
                r#"{{"id": "r{i:03}", "metric": "revenue", "condition": {{"outside": {{"low": "{threshold}", "high": "95000"}}}},
                    "persistence": {{"periods": 2, "cadence": "month"}}, "action": "post_mortem"}}"#
            ),
            _ => format!(
                r#"{{"id": "r{i:03}", "metric": "revenue", "condition": {{"not_updated_since": {{"days": {}}}}},
                    "action": {{"custom": "refresh data"}}}}"#,
                i % 60
            ),
        };
        json.push(rule);
    }
    serde_json::from_str(&format!("[{}]", json.join(","))).unwrap()
}

fn evaluate(c: &mut Criterion) {
    let metric = MetricId::new("revenue").unwrap();
    let catalog = catalog();
    let (observations, months) = monthly_observations(&metric, PRODUCTS, MONTHS, 3);
    let as_of = months.last().unwrap().end() + chrono::Days::new(20);
    let rules = rules();
    let latest: Vec<Decimal> = observations
        .products(&metric)
        .filter_map(|(_, s)| s.as_of(as_of).map(|o| o.value))
        .collect();
    let thresholds: Vec<Decimal> = (0..100i64)
        .map(|i| Decimal::from(5_000 + i * 900))
        .collect();

    let mut group = c.benchmark_group("rules_100_over_10k_x_12");
    group.sample_size(10);
    group.bench_function("ruleset_evaluate", |b| {
        b.iter(|| {
            rules
                .evaluate(&catalog, &observations, as_of)
                .unwrap()
                .len()
        });
    });
    group.bench_function("floor_latest_value_compare", |b| {
        b.iter(|| {
            black_box(&thresholds)
                .iter()
                .map(|t| black_box(&latest).iter().filter(|v| *v < t).count())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, aggregate, evaluate);
criterion_main!(benches);
