//! The aggregate as it was before its ids were borrowed: a test-only oracle. The two
//! structs here are the crate's `Term` and `Aggregate` of commit 85616df, word for
//! word (doc comments included, as schemars publishes them), owning their ids. The
//! tests compare the current borrowed results, and their `into_owned` copies, with
//! them: the same values, `Debug` text, JSON and JSON schema; and check that the
//! current results borrow every id and that `into_owned` owns every id.

use folio_types::{MetricId, ProductId};
use rust_decimal::Decimal;

use crate::def::Combine;

/// One product's part in an [`Aggregate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub(crate) struct Term {
    /// The product.
    pub(crate) product: ProductId,
    /// The product's own value in the metric's unit; `None` for a ratio-of-sums term
    /// with a zero denominator.
    pub(crate) value: Option<Decimal>,
    /// The product's weight in the result (see the [module docs](self)).
    pub(crate) weight: Decimal,
}

/// A metric combined across products, with the math shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub(crate) struct Aggregate {
    /// The metric.
    pub(crate) metric: MetricId,
    /// The rule that combined it.
    pub(crate) combine: Combine,
    /// The combined value, in the metric's unit.
    pub(crate) value: Decimal,
    /// One term per product, in product id order.
    pub(crate) terms: Vec<Term>,
}

impl Aggregate {
    /// The owned aggregate with the same fields as `current`.
    fn of(current: &super::Aggregate<'_>) -> Self {
        Self {
            metric: current.metric.as_ref().clone(),
            combine: current.combine.clone(),
            value: current.value,
            terms: current
                .terms
                .iter()
                .map(|t| Term {
                    product: t.product.as_ref().clone(),
                    value: t.value,
                    weight: t.weight,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use chrono::NaiveDate;
    use folio_types::strategy;
    use proptest::prelude::*;

    use super::*;
    use crate::def::{MetricDef, Unit};
    use crate::{MetricCatalog, Observations, ProductReading, Reading};

    fn def(id: &str, combine: Combine) -> MetricDef {
        // A count adds up and averages; a ratio is what the other rules are for.
        let unit = match combine {
            Combine::Sum | Combine::Mean => Unit::Count,
            _ => Unit::Ratio,
        };
        super::super::tests::def_of(id, unit, combine)
    }

    fn combines() -> Vec<Combine> {
        let id = |s: &str| MetricId::new(s).unwrap();
        vec![
            Combine::Sum,
            Combine::Mean,
            Combine::WeightedMean { base: id("b") },
            Combine::RatioOfSums {
                numerator: id("n"),
                denominator: id("d"),
            },
            Combine::Min,
            Combine::Max,
            Combine::Median,
            Combine::Last,
        ]
    }

    /// Whether every id of `aggregate` is borrowed (`true`) or every id owned (`false`);
    /// `None` for a mix.
    fn borrowed(aggregate: &super::super::Aggregate<'_>) -> Option<bool> {
        let is_borrowed = |cow: &Cow<'_, _>| matches!(cow, Cow::Borrowed(_));
        let metric = matches!(aggregate.metric, Cow::Borrowed(_));
        aggregate
            .terms
            .iter()
            .all(|t| is_borrowed(&t.product) == metric)
            .then_some(metric)
    }

    /// The same aggregate, or the same error, in the three forms: borrowed as
    /// computed, owned with `into_owned`, and the reference's owned structs.
    fn check(
        got: crate::Result<super::super::Aggregate<'_>>,
        metric_borrowed: bool,
    ) -> std::result::Result<(), TestCaseError> {
        let Ok(got) = got else { return Ok(()) };
        // The terms always borrow; the metric is borrowed from a catalog or table and
        // copied by `aggregate`, which does not hold on to the definition.
        prop_assert!(
            got.terms
                .iter()
                .all(|t| matches!(t.product, Cow::Borrowed(_)))
        );
        prop_assert_eq!(matches!(got.metric, Cow::Borrowed(_)), metric_borrowed);
        let reference = Aggregate::of(&got);
        let owned = got.clone().into_owned();
        prop_assert_eq!(borrowed(&owned), Some(false));
        prop_assert_eq!(&owned, &got);
        let debug = format!("{reference:?}");
        prop_assert_eq!(format!("{got:?}"), debug.clone());
        prop_assert_eq!(format!("{owned:?}"), debug.clone());
        prop_assert_eq!(format!("{got:#?}"), format!("{reference:#?}"));
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&reference).unwrap();
            prop_assert_eq!(serde_json::to_string(&got).unwrap(), json.clone());
            prop_assert_eq!(serde_json::to_string(&owned).unwrap(), json);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Every path to an aggregate (`aggregate`, `Observations::aggregate_in`,
        /// `MetricTable::aggregate_in`) and every combine rule: borrowed ids, and the
        /// same Debug text and JSON as the owned structs of before.
        #[test]
        fn borrowed_aggregates_print_and_serialize_as_the_owned_ones(
            raw in proptest::collection::btree_map(
                strategy::product_id(),
                (strategy::decimal(1_000_000), (0i64..10_000).prop_map(Decimal::from), 1u32..29),
                1..8,
            ),
        ) {
            let day = |d: u32| NaiveDate::from_ymd_opt(2026, 2, d).unwrap();
            let period = "2026-02".parse().unwrap();
            for combine in combines() {
                let readings: Vec<ProductReading> = raw
                    .iter()
                    .map(|(product, (v, b, d))| ProductReading {
                        product: product.clone(),
                        date: day(*d),
                        reading: match combine {
                            Combine::WeightedMean { .. } => Reading::Weighted { value: *v, base: *b },
                            Combine::RatioOfSums { .. } => {
                                Reading::Fraction { numerator: *v, denominator: *b }
                            }
                            _ => Reading::Value(*v),
                        },
                    })
                    .collect();
                check(crate::aggregate(&def("m", combine.clone()), &readings), false)?;

                let catalog = MetricCatalog::from_definitions(
                    [def("m", combine.clone())]
                        .into_iter()
                        .chain(["b", "n", "d"].map(|id| def(id, Combine::Sum))),
                )
                .unwrap();
                let mut observations = Observations::new();
                for (product, (v, b, d)) in &raw {
                    for (metric, value) in [("m", v), ("n", v), ("b", b), ("d", b)] {
                        observations
                            .insert(MetricId::new(metric).unwrap(), product.clone(), day(*d), *value)
                            .unwrap();
                    }
                }
                let m = MetricId::new("m").unwrap();
                check(observations.aggregate_in(&catalog, &m, period), true)?;
                let table = observations.table(&catalog, &m).unwrap();
                check(table.aggregate_in(period), true)?;
            }
        }
    }

    /// The JSON schema is the owned structs' schema, byte for byte: schemars
    /// describes `Cow<T>` as `T`.
    #[cfg(feature = "schemars")]
    #[test]
    fn the_schema_is_the_owned_structs_schema() {
        let got = schemars::schema_for!(super::super::Aggregate<'static>);
        let reference = schemars::schema_for!(Aggregate);
        assert_eq!(
            serde_json::to_string_pretty(&got).unwrap(),
            serde_json::to_string_pretty(&reference).unwrap()
        );
        let got = schemars::schema_for!(super::super::Term<'static>);
        let reference = schemars::schema_for!(Term);
        assert_eq!(
            serde_json::to_string_pretty(&got).unwrap(),
            serde_json::to_string_pretty(&reference).unwrap()
        );
    }

    /// An aggregate that outlives its observations and catalog: `into_owned` copies
    /// every id, and the copy compares, prints and serializes as the borrowed one did.
    #[cfg(feature = "serde")]
    #[test]
    fn an_owned_aggregate_outlives_its_observations() {
        let (borrowed_debug, owned) = {
            let catalog = MetricCatalog::from_definitions([def("m", Combine::Sum)]).unwrap();
            let mut observations = Observations::new();
            for (product, value) in [("a", 1), ("b", 2)] {
                observations
                    .insert(
                        MetricId::new("m").unwrap(),
                        ProductId::new(product).unwrap(),
                        NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
                        Decimal::from(value),
                    )
                    .unwrap();
            }
            let period = "2026-02".parse().unwrap();
            let got = observations
                .aggregate_in(&catalog, &MetricId::new("m").unwrap(), period)
                .unwrap();
            assert_eq!(borrowed(&got), Some(true));
            (format!("{got:?}"), got.into_owned())
        };
        assert_eq!(borrowed(&owned), Some(false));
        assert_eq!(format!("{owned:?}"), borrowed_debug);
        assert_eq!(
            serde_json::to_string(&owned).unwrap(),
            r#"{"metric":"m","combine":"sum","value":"3","terms":[{"product":"a","value":"1","weight":"1"},{"product":"b","value":"2","weight":"1"}]}"#
        );
    }
}
