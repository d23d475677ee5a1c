//! Aggregation does not depend on the order of its inputs, for every combine rule.
// A property test should fail loudly on a broken fixture; unwrap is how it does.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use folio_metrics::{
    Combine, Direction, Layer, MetricCatalog, MetricDef, MetricDefData, Observations,
    ProductReading, Reading, Unit, aggregate,
};
use folio_types::{MetricId, Period, ProductId, strategy};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn def(combine: Combine) -> MetricDef {
    def_of("m", combine)
}

fn def_of(id: &str, combine: Combine) -> MetricDef {
    let unit = match combine {
        Combine::Sum | Combine::Mean => Unit::Count,
        _ => Unit::Ratio,
    };
    MetricDef::new(MetricDefData {
        id: MetricId::new(id).unwrap(),
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
            let readings = readings(&combine, &raw);
            let got = aggregate(&def(combine.clone()), &readings).unwrap();
            prop_assert!(lo <= got.value && got.value <= hi, "{:?}: {} not in {}..={}", combine, got.value, lo, hi);
        }
    }

    /// `Observations::aggregate_in` (readings straight from the maps, no re-sorting,
    /// one search per series) gives exactly what `aggregate` gives on the readings
    /// built the straightforward way: the last observation of each series inside the
    /// period.
    #[test]
    fn aggregate_in_matches_aggregate_of_the_readings(
        series in proptest::collection::btree_map(
            strategy::product_id(),
            proptest::collection::vec(
                (0u64..120, strategy::decimal(1_000_000), (0i64..10_000).prop_map(Decimal::from)),
                0..6,
            ),
            1..10,
        ),
        month in 0u32..4,
    ) {
        let day = |offset: u64| {
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(offset)
        };
        let period = Period::month(2026, month + 1).unwrap();
        for combine in combines() {
            let catalog = MetricCatalog::from_definitions([
                def(combine.clone()),
                def_of("b", Combine::Sum),
                def_of("n", Combine::Sum),
                def_of("d", Combine::Sum),
            ])
            .unwrap();
            let metrics: &[&str] = match combine {
                Combine::WeightedMean { .. } => &["m", "b"],
                Combine::RatioOfSums { .. } => &["n", "d"],
                _ => &["m"],
            };
            let mut observations = Observations::new();
            for (product, points) in &series {
                for (offset, value, base) in points {
                    for metric in metrics {
                        let v = if *metric == "m" || *metric == "n" { *value } else { *base };
                        // Repeated dates are skipped, as a duplicate is an error.
                        let _ = observations.insert(
                            MetricId::new(*metric).unwrap(),
                            product.clone(),
                            day(*offset),
                            v,
                        );
                    }
                }
            }
            let m = MetricId::new("m").unwrap();
            let fast = observations.aggregate_in(&catalog, &m, period);
            // The straightforward readings, then `aggregate` with its sorting and checks.
            let slow = observations.readings(&catalog, &m, period).and_then(|readings| {
                for r in &readings {
                    let own = match combine {
                        Combine::RatioOfSums { .. } => "n",
                        _ => "m",
                    };
                    let own = MetricId::new(own).unwrap();
                    let expected = observations
                        .value_in(&own, &r.product, period)
                        .map(|o| o.value);
                    let got = match r.reading {
                        Reading::Value(v) | Reading::Weighted { value: v, .. } => v,
                        Reading::Fraction { numerator, .. } => numerator,
                    };
                    assert_eq!(Some(got), expected);
                }
                // An owned copy outlives the readings; it prints the same as a borrowed one.
                aggregate(catalog.require(&m, "a test").unwrap(), &readings)
                    .map(folio_metrics::Aggregate::into_owned)
            });
            prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{:?}", combine);
            // The flat table gives the same, for this period and the ones around it.
            let table = observations.table(&catalog, &m).unwrap();
            for p in [period.previous().unwrap(), period, period.next().unwrap()] {
                let direct = observations.aggregate_in(&catalog, &m, p);
                prop_assert_eq!(
                    format!("{:?}", table.aggregate_in(p)),
                    format!("{direct:?}"),
                    "{:?} in {}", combine, p
                );
                // The value alone is the aggregate's value, with the same errors.
                prop_assert_eq!(
                    format!("{:?}", table.value_in(p)),
                    format!("{:?}", direct.map(|a| a.value)),
                    "{:?} in {}", combine, p
                );
            }
        }
    }
}
