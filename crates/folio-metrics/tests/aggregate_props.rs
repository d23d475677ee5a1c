//! Aggregation does not depend on the order of its inputs, for every combine rule.
// A property test should fail loudly on a broken fixture; unwrap is how it does.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use folio_metrics::{
    Combine, Direction, Layer, MetricDef, MetricDefData, ProductReading, Reading, Unit, aggregate,
};
use folio_types::{MetricId, ProductId, strategy};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn def(combine: Combine) -> MetricDef {
    let unit = match combine {
        Combine::Sum | Combine::Mean => Unit::Count,
        _ => Unit::Ratio,
    };
    MetricDef::new(MetricDefData {
        id: MetricId::new("m").unwrap(),
        name: "M".into(),
        unit,
        direction: Direction::HigherIsBetter,
        layer: Layer::PortfolioHealth,
        kind: folio_metrics::MetricKind::Outcome,
        combine,
        definition: "A metric.".into(),
    })
    .unwrap()
}

fn combines() -> Vec<Combine> {
    vec![
        Combine::Sum,
        Combine::Mean,
        Combine::WeightedMean {
            base: MetricId::new("b").unwrap(),
        },
        Combine::RatioOfSums {
            numerator: MetricId::new("n").unwrap(),
            denominator: MetricId::new("d").unwrap(),
        },
        Combine::Min,
        Combine::Max,
        Combine::Median,
        Combine::Last,
    ]
}

/// Readings for distinct products, each with a value, a base and a date.
fn inputs() -> impl Strategy<Value = Vec<(ProductId, Decimal, Decimal, NaiveDate)>> {
    proptest::collection::btree_map(
        strategy::product_id(),
        (
            strategy::decimal(1_000_000),
            (0i64..10_000).prop_map(Decimal::from),
            strategy::date(),
        ),
        1..12,
    )
    .prop_map(|m| m.into_iter().map(|(p, (v, b, d))| (p, v, b, d)).collect())
}

fn readings(
    combine: &Combine,
    raw: &[(ProductId, Decimal, Decimal, NaiveDate)],
) -> Vec<ProductReading> {
    raw.iter()
        .map(|(p, v, b, d)| ProductReading {
            product: p.clone(),
            date: *d,
            reading: match combine {
                Combine::WeightedMean { .. } => Reading::Weighted {
                    value: *v,
                    base: *b,
                },
                Combine::RatioOfSums { .. } => Reading::Fraction {
                    numerator: *v,
                    denominator: *b,
                },
                _ => Reading::Value(*v),
            },
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn aggregation_is_order_independent(raw in inputs(), seed in any::<u64>()) {
        for combine in combines() {
            let def = def(combine.clone());
            let forward = readings(&combine, &raw);
            let mut shuffled = forward.clone();
            // A deterministic shuffle driven by the seed: rotate, then reverse.
            let len = shuffled.len();
            shuffled.rotate_left(usize::try_from(seed % u64::try_from(len).unwrap()).unwrap());
            shuffled.reverse();
            let a = aggregate(&def, &forward);
            let b = aggregate(&def, &shuffled);
            prop_assert_eq!(a, b, "{:?}", combine);
        }
    }

    #[test]
    fn order_statistics_lie_between_min_and_max(raw in inputs()) {
        let values: Vec<Decimal> = raw.iter().map(|r| r.1).collect();
        let lo = values.iter().min().copied().unwrap();
        let hi = values.iter().max().copied().unwrap();
        for combine in [Combine::Mean, Combine::Median, Combine::Min, Combine::Max] {
            let got = aggregate(&def(combine.clone()), &readings(&combine, &raw)).unwrap();
            prop_assert!(lo <= got.value && got.value <= hi, "{:?}: {} not in {}..={}", combine, got.value, lo, hi);
        }
    }
}
