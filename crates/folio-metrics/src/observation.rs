//! Observations: metric values per product and date, built on folio-types's
//! [`Series`], with aggregation per period and period-over-period change.
//!
//! # Dating
//!
//! An [`ObservationRecord`] carries either a `date` or a `period`; a value for a period
//! (a quarter's revenue) is recorded on the period's **last day**, so it lies inside
//! that period and is "known" from its end onwards. A product has at most one value per
//! metric and date ([`Error::DuplicateObservation`] otherwise).
//!
//! # Value of a period
//!
//! The value of a product's metric *in* a period is its **latest observation dated
//! inside the period**: a period-end reading. Record flow metrics (revenue, tickets) as
//! one value per period; record stock metrics (ARR, active users) as often as you like.
//! A period with no observation has no value (`None`), never zero.
//!
//! # Change
//!
//! [`Change`] compares a period with the one before it (the previous month, quarter or
//! year, see [`Period::previous`]): `absolute = current - previous` and
//! `relative = (current - previous) / |previous|`, which is `None` when the previous
//! value is zero. Dividing by the magnitude keeps the sign meaningful: a loss shrinking
//! from -10 to -5 is +50%.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_types::{MetricId, Observation, Period, ProductId, Series};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::aggregate::{Aggregate, Item, ProductReading, Reading, aggregate_sorted, sum_plain};
use crate::catalog::MetricCatalog;
use crate::def::{Combine, MetricDef};
use crate::error::{Error, Result};
use crate::math;

/// One observed value, as written in JSON: a metric, a product, a `date` or a
/// `period` (exactly one of the two) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ObservationRecord {
    /// The metric observed.
    pub metric: MetricId,
    /// The product observed.
    pub product: ProductId,
    /// The day of the observation.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub date: Option<NaiveDate>,
    /// The period the value is for; recorded on its last day.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub period: Option<Period>,
    /// The value, in the metric's unit.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub value: Decimal,
}

impl ObservationRecord {
    /// The date the record is filed under: its `date`, or its `period`'s last day.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless exactly one of `date` and `period` is given.
    pub fn filed_date(&self) -> Result<NaiveDate> {
        match (self.date, self.period) {
            (Some(date), None) => Ok(date),
            (None, Some(period)) => Ok(period.end()),
            (date, _) => Err(Error::InvalidValue {
                field: "observation dating",
                value: format!(
                    "metric \"{}\", product \"{}\", {}",
                    self.metric,
                    self.product,
                    if date.is_some() {
                        "both date and period"
                    } else {
                        "neither date nor period"
                    }
                ),
                problem: "give exactly one of `date` and `period`",
            }),
        }
    }
}

/// Metric values per metric, product and date.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_metrics::Observations;
///
/// let observations: Observations = serde_json::from_str(r#"[
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q2", "value": "100"},
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"},
///   {"metric": "revenue", "product": "atlas", "date": "2026-09-01", "value": "40"}
/// ]"#)?;
/// let q3 = "2026-Q3".parse()?;
/// // The Q3 value is the latest inside Q3: the period value filed on 30 September.
/// let change = observations.change(&"revenue".parse()?, &"atlas".parse()?, q3)?.ok_or("no data")?;
/// assert_eq!(change.absolute.to_string(), "25");
/// assert_eq!(change.relative.map(|r| r.to_string()), Some("0.25".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<ObservationRecord>", into = "Vec<ObservationRecord>")
)]
pub struct Observations {
    by_metric: BTreeMap<MetricId, BTreeMap<ProductId, Series<Decimal>>>,
}

/// A period's value compared with the previous period's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Change {
    /// The period compared.
    pub period: Period,
    /// The period before it.
    pub previous_period: Period,
    /// The value in `period`.
    pub current: Decimal,
    /// The value in `previous_period`.
    pub previous: Decimal,
    /// `current - previous`.
    pub absolute: Decimal,
    /// `(current - previous) / |previous|`; `None` when `previous` is zero.
    pub relative: Option<Decimal>,
}

impl Change {
    /// The change from `previous` (in `previous_period`) to `current` (in `period`).
    ///
    /// # Errors
    ///
    /// An overflow as [`Error::Core`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Change;
    /// use folio_types::Period;
    /// use rust_decimal::Decimal;
    ///
    /// // Churn went from 4 to 5: +1 absolute, +25% relative.
    /// let c = Change::between(Period::month(2026, 5)?, Decimal::from(4), Period::month(2026, 6)?, Decimal::from(5))?;
    /// assert_eq!(c.absolute, Decimal::ONE);
    /// assert_eq!(c.relative, Some(Decimal::new(25, 2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn between(
        previous_period: Period,
        previous: Decimal,
        period: Period,
        current: Decimal,
    ) -> Result<Self> {
        let absolute = math::sub(current, previous, "computing a period-over-period change")?;
        let relative = if previous.is_zero() {
            None
        } else {
            Some(math::div(
                absolute,
                previous.abs(),
                "computing a relative change",
            )?)
        };
        Ok(Self {
            period,
            previous_period,
            current,
            previous,
            absolute,
            relative,
        })
    }
}

impl Observations {
    /// No observations.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// assert_eq!(obs.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Observations from records in any order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a record with both or neither of `date` and
    /// `period`; [`Error::DuplicateObservation`] for two values of one metric and
    /// product on one date.
    pub fn from_records<I>(records: I) -> Result<Self>
    where
        I: IntoIterator<Item = ObservationRecord>,
    {
        let mut observations = Self::new();
        for record in records {
            let date = record.filed_date()?;
            observations.insert(record.metric, record.product, date, record.value)?;
        }
        Ok(observations)
    }

    /// Adds one value.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateObservation`] if the product already has a value for the
    /// metric on `date`; nothing changes then.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// // A second value for the same day is an error, and nothing changes.
    /// assert!(obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(999)).is_err());
    /// assert_eq!(obs.latest(&revenue, &atlas, d(7, 1)?).map(|o| o.value), Some(Decimal::from(120)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(
        &mut self,
        metric: MetricId,
        product: ProductId,
        date: NaiveDate,
        value: Decimal,
    ) -> Result<()> {
        let series = self
            .by_metric
            .entry(metric.clone())
            .or_default()
            .entry(product.clone())
            .or_default();
        series
            .insert(date, value)
            .map_err(|_| Error::DuplicateObservation {
                metric,
                product,
                date,
            })
    }

    /// The series of `metric` for `product`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// assert_eq!(obs.series(&revenue, &atlas).map(|s| s.len()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn series(&self, metric: &MetricId, product: &ProductId) -> Option<&Series<Decimal>> {
        self.by_metric.get(metric)?.get(product)
    }

    /// The metrics observed, in id order.
    pub fn metrics(&self) -> impl Iterator<Item = &MetricId> {
        self.by_metric.keys()
    }

    /// The products with at least one observation of `metric`, with their series, in
    /// product id order.
    pub fn products(
        &self,
        metric: &MetricId,
    ) -> impl Iterator<Item = (&ProductId, &Series<Decimal>)> {
        self.by_metric.get(metric).into_iter().flatten()
    }

    /// The products observed on either side of a ratio, in id order, each once.
    pub(crate) fn ratio_products(
        &self,
        numerator: &MetricId,
        denominator: &MetricId,
    ) -> std::collections::BTreeSet<&ProductId> {
        self.products(numerator)
            .chain(self.products(denominator))
            .map(|(p, _)| p)
            .collect()
    }

    /// Per-product series of a ratio-of-sums metric that is not observed itself,
    /// derived from its numerator and denominator: on each date where a product has
    /// both, `numerator / denominator` (×100 for a `percent` metric). Dates with a zero
    /// denominator are left out (the ratio is undefined there). Empty for other
    /// metrics.
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "lost", "name": "Lost ARR", "unit": {"currency": "EUR"}, "direction": "lower_is_better",
    ///    "layer": "product_performance", "combine": "sum", "definition": "ARR lost."},
    ///   {"id": "start", "name": "Starting ARR", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "product_performance", "combine": "sum", "definition": "ARR at the start."},
    ///   {"id": "churn", "name": "Revenue churn", "unit": "percent", "direction": "lower_is_better",
    ///    "layer": "product_performance", "combine": {"ratio_of_sums": {"numerator": "lost", "denominator": "start"}},
    ///    "definition": "Lost over starting ARR."}]}"#)?;
    /// let observations: Observations = serde_json::from_str(r#"[
    ///   {"metric": "lost", "product": "atlas", "period": "2026-Q3", "value": "6"},
    ///   {"metric": "start", "product": "atlas", "period": "2026-Q3", "value": "200"}
    /// ]"#)?;
    /// let derived = observations.derived_series(&catalog, &"churn".parse()?)?;
    /// let atlas = &derived["atlas"];
    /// assert_eq!(atlas.latest().map(|o| o.value.to_string()), Some("3".into())); // 3%
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if `metric` is not in `catalog`; an overflow as
    /// [`Error::Core`].
    pub fn derived_series(
        &self,
        catalog: &MetricCatalog,
        metric: &MetricId,
    ) -> Result<BTreeMap<ProductId, Series<Decimal>>> {
        let def = catalog.require(metric, "a derived series")?;
        let mut derived = BTreeMap::new();
        let Combine::RatioOfSums {
            numerator,
            denominator,
        } = def.combine()
        else {
            return Ok(derived);
        };
        let scale = if def.unit() == crate::def::Unit::Percent {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ONE
        };
        for (product, numerators) in self.products(numerator) {
            let Some(denominators) = self.series(denominator, product) else {
                continue;
            };
            let mut series = Series::new();
            for n in numerators {
                match denominators.on(n.date) {
                    Some(d) if !d.is_zero() => {
                        let scaled = math::mul(n.value, scale, "scaling a ratio")?;
                        let ratio = math::div(scaled, *d, "deriving a ratio")?;
                        // Dates come from one series, so they are distinct.
                        series.upsert(n.date, ratio);
                    }
                    _ => {}
                }
            }
            if !series.is_empty() {
                derived.insert(product.clone(), series);
            }
        }
        Ok(derived)
    }

    /// The total number of observations.
    pub fn len(&self) -> usize {
        self.by_metric
            .values()
            .flat_map(BTreeMap::values)
            .map(Series::len)
            .fold(0, usize::saturating_add)
    }

    /// Whether there are no observations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The latest observation of `metric` for `product` on or before `as_of`: the
    /// current value at `as_of`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// // On 15 May the latest value is the one of 31 March.
    /// assert_eq!(obs.latest(&revenue, &atlas, d(5, 15)?).map(|o| o.value), Some(Decimal::from(100)));
    /// assert!(obs.latest(&revenue, &atlas, d(1, 1)?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn latest(
        &self,
        metric: &MetricId,
        product: &ProductId,
        as_of: NaiveDate,
    ) -> Option<&Observation<Decimal>> {
        self.series(metric, product)?.as_of(as_of)
    }

    #[cfg(feature = "schemars")]
    /// The JSON Schema of an observations document (an array of
    /// [`ObservationRecord`]).
    pub fn json_schema() -> Schema {
        schemars::schema_for!(Observations)
    }

    /// The value of `metric` for `product` in `period`: the latest observation dated
    /// inside it.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// let q2 = folio_types::Period::quarter(2026, 2)?;
    /// assert_eq!(obs.value_in(&revenue, &atlas, q2).map(|o| o.value), Some(Decimal::from(120)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value_in(
        &self,
        metric: &MetricId,
        product: &ProductId,
        period: Period,
    ) -> Option<&Observation<Decimal>> {
        self.series(metric, product)?.in_period(&period).last()
    }

    /// Each product's reading of `metric` in `period`, in the shape its combine rule
    /// needs: the metric's own value, joined with the base metric's value for a
    /// weighted mean, or the numerator and denominator metrics' values for a ratio of
    /// sums. Products without a value in the period are left out.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if `metric` is not in `catalog`;
    /// [`Error::MissingObservation`] if a product has a value but lacks the base (or
    /// has a numerator without a denominator, or the reverse) in the period.
    pub fn readings(
        &self,
        catalog: &MetricCatalog,
        metric: &MetricId,
        period: Period,
    ) -> Result<Vec<ProductReading>> {
        let def = catalog.require(metric, "a request for readings")?;
        Ok(self
            .items(def, metric, period)?
            .into_iter()
            .map(|item| ProductReading {
                product: item.product.clone(),
                date: item.date,
                reading: item.reading,
            })
            .collect())
    }

    /// The readings of [`Observations::readings`] with the product ids borrowed, in
    /// product id order (each product once).
    fn items(&self, def: &MetricDef, metric: &MetricId, period: Period) -> Result<Vec<Item<'_>>> {
        let missing = |metric: &MetricId, product: &ProductId| Error::MissingObservation {
            metric: metric.clone(),
            product: product.clone(),
            period,
        };
        let latest = |series: &'_ Series<Decimal>| latest_in(series, period);
        let mut readings = Vec::new();
        match def.combine() {
            Combine::RatioOfSums {
                numerator,
                denominator,
            } => {
                for product in self.ratio_products(numerator, denominator) {
                    let num = self.value_in(numerator, product, period);
                    let den = self.value_in(denominator, product, period);
                    match (num, den) {
                        (None, None) => {}
                        (Some(n), Some(d)) => readings.push(Item {
                            product,
                            date: n.date.max(d.date),
                            reading: Reading::Fraction {
                                numerator: n.value,
                                denominator: d.value,
                            },
                        }),
                        (None, Some(_)) => return Err(missing(numerator, product)),
                        (Some(_), None) => return Err(missing(denominator, product)),
                    }
                }
            }
            Combine::WeightedMean { base } => {
                for (product, series) in self.products(metric) {
                    let Some(value) = latest(series) else {
                        continue;
                    };
                    let weight = self
                        .value_in(base, product, period)
                        .ok_or_else(|| missing(base, product))?;
                    readings.push(Item {
                        product,
                        date: value.date,
                        reading: Reading::Weighted {
                            value: value.value,
                            base: weight.value,
                        },
                    });
                }
            }
            _ => {
                let products = self.by_metric.get(metric);
                readings.reserve(products.map_or(0, BTreeMap::len));
                for (product, series) in products.into_iter().flatten() {
                    if let Some(value) = latest(series) {
                        readings.push(Item {
                            product,
                            date: value.date,
                            reading: Reading::Value(value.value),
                        });
                    }
                }
            }
        }
        Ok(readings)
    }

    /// `metric` combined across products in `period`, per its definition. The
    /// aggregate borrows its product ids from the observations and its metric id from
    /// the catalog ([`Aggregate::into_owned`] copies them).
    ///
    /// # Errors
    ///
    /// As [`Observations::readings`] and [`aggregate`](crate::aggregate()); [`Error::Empty`] if no product
    /// has a value in the period.
    pub fn aggregate_in<'a>(
        &'a self,
        catalog: &'a MetricCatalog,
        metric: &MetricId,
        period: Period,
    ) -> Result<Aggregate<'a>> {
        let def = catalog.require(metric, "an aggregation")?;
        if *def.combine() == Combine::Sum {
            // The commonest rule, summed in one pass without intermediate readings. Each
            // product's search starts at the position found for the product before.
            let products = self.by_metric.get(metric);
            let mut hint = 0;
            let values = products
                .into_iter()
                .flatten()
                .filter_map(|(product, series)| {
                    latest_near(series, period, &mut hint).map(|o| (product, o.value))
                });
            let capacity = products.map_or(0, BTreeMap::len);
            return sum_plain(def, Cow::Borrowed(def.id()), values, capacity);
        }
        // The readings come from maps keyed by product id: in id order, each product
        // once, so they need no sorting and no check for repeats.
        aggregate_sorted(
            def,
            Cow::Borrowed(def.id()),
            &self.items(def, metric, period)?,
        )
    }

    /// The change of `metric` for `product` from the period before `period` to
    /// `period`; `None` if either period has no value. This reads the metric's own
    /// series; for a ratio-of-sums metric observed only through its parts, compare the
    /// periods of [`Observations::derived_series`] with [`Change::between`].
    ///
    /// # Errors
    ///
    /// [`Error::Core`] if `period` is the first representable one, or on overflow.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Observations;
    /// use folio_types::{MetricId, NaiveDate, ProductId};
    /// use rust_decimal::Decimal;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let revenue: MetricId = "revenue".parse()?;
    /// let atlas: ProductId = "atlas".parse()?;
    /// let mut obs = Observations::new();
    /// obs.insert(revenue.clone(), atlas.clone(), d(3, 31)?, Decimal::from(100))?;
    /// obs.insert(revenue.clone(), atlas.clone(), d(6, 30)?, Decimal::from(120))?;
    /// // Q2 against Q1: 120 against 100 is +20, or +20%.
    /// let change = obs.change(&revenue, &atlas, folio_types::Period::quarter(2026, 2)?)?.ok_or("no change")?;
    /// assert_eq!(change.absolute, Decimal::from(20));
    /// assert_eq!(change.relative, Some(Decimal::new(2, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn change(
        &self,
        metric: &MetricId,
        product: &ProductId,
        period: Period,
    ) -> Result<Option<Change>> {
        let previous_period = period.previous()?;
        let current = self.value_in(metric, product, period);
        let previous = self.value_in(metric, product, previous_period);
        match (previous, current) {
            (Some(p), Some(c)) => {
                Change::between(previous_period, p.value, period, c.value).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The change of `metric` combined across products, from the period before
    /// `period` to `period`; `None` if either period has no product value.
    ///
    /// # Errors
    ///
    /// As [`Observations::aggregate_in`] (except that an empty period gives `None`).
    pub fn portfolio_change(
        &self,
        catalog: &MetricCatalog,
        metric: &MetricId,
        period: Period,
    ) -> Result<Option<Change>> {
        let previous_period = period.previous()?;
        let value = |p: Period| -> Result<Option<Decimal>> {
            let def = catalog.require(metric, "a request for readings")?;
            let readings = self.items(def, metric, p)?;
            if readings.is_empty() {
                return Ok(None);
            }
            Ok(Some(
                aggregate_sorted(def, Cow::Borrowed(metric), &readings)?.value,
            ))
        };
        match (value(previous_period)?, value(period)?) {
            (Some(p), Some(c)) => Change::between(previous_period, p, period, c).map(Some),
            _ => Ok(None),
        }
    }
}

/// The last observation of `series` in `period`: one search for the period's end, then
/// a look at the date found (the same as the last of `in_period`, with half the
/// searching).
fn latest_in(series: &Series<Decimal>, period: Period) -> Option<Observation<Decimal>> {
    series
        .up_to(period.end())
        .last()
        .filter(|o| o.date >= period.start())
        .copied()
}

/// [`latest_in`], trying first the position `hint` found in another series (series
/// observed on the same dates, the common case, need no search); `hint` is updated to
/// the position found.
fn latest_near(
    series: &Series<Decimal>,
    period: Period,
    hint: &mut usize,
) -> Option<Observation<Decimal>> {
    let observations = series.as_slice();
    let upto = after_near(observations, |o| o.date, period.end(), hint);
    observations
        .get(upto.checked_sub(1)?)
        .filter(|o| o.date >= period.start())
        .copied()
}

/// The position after the last item dated on or before `end` in `items` (sorted by
/// `date`): `hint` if the items around it say so, else found by binary search;
/// `hint` is updated to the position.
pub(crate) fn after_near<T>(
    items: &[T],
    date: impl Fn(&T) -> NaiveDate,
    end: NaiveDate,
    hint: &mut usize,
) -> usize {
    let upto = match (items.get(hint.wrapping_sub(1)), items.get(*hint)) {
        (Some(before), after) if date(before) <= end && after.is_none_or(|a| date(a) > end) => {
            *hint
        }
        _ => items.partition_point(|o| date(o) <= end),
    };
    *hint = upto;
    upto
}

impl TryFrom<Vec<ObservationRecord>> for Observations {
    type Error = Error;

    fn try_from(records: Vec<ObservationRecord>) -> Result<Self> {
        Self::from_records(records)
    }
}

impl From<Observations> for Vec<ObservationRecord> {
    fn from(observations: Observations) -> Self {
        let mut records = Vec::with_capacity(observations.len());
        for (metric, products) in observations.by_metric {
            for (product, series) in products {
                for o in &series {
                    records.push(ObservationRecord {
                        metric: metric.clone(),
                        product: product.clone(),
                        date: Some(o.date),
                        period: None,
                        value: o.value,
                    });
                }
            }
        }
        records
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Observations {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Observations")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Vec::<ObservationRecord>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[cfg(feature = "serde")]
    fn catalog() -> MetricCatalog {
        serde_json::from_str(
            r#"{"metrics":[
            {"id":"revenue","name":"Revenue","unit":{"currency":"EUR"},"direction":"higher_is_better",
             "layer":"portfolio_health","combine":"sum","definition":"Recognized revenue."},
            {"id":"resp","name":"Respondents","unit":"count","direction":"higher_is_better",
             "layer":"product_performance","combine":"sum","definition":"Survey respondents."},
            {"id":"nps","name":"NPS","unit":"score","direction":"higher_is_better",
             "layer":"product_performance","combine":{"weighted_mean":{"base":"resp"}},
             "definition":"Promoters minus detractors."},
            {"id":"churned","name":"Churned ARR","unit":{"currency":"EUR"},"direction":"lower_is_better",
             "layer":"product_performance","combine":"sum","definition":"ARR lost."},
            {"id":"start_arr","name":"Starting ARR","unit":{"currency":"EUR"},"direction":"higher_is_better",
             "layer":"product_performance","combine":"sum","definition":"ARR at period start."},
            {"id":"churn","name":"Revenue churn","unit":"percent","direction":"lower_is_better",
             "layer":"product_performance","combine":{"ratio_of_sums":{"numerator":"churned","denominator":"start_arr"}},
             "definition":"Churned ARR over starting ARR."}
        ]}"#,
        )
        .unwrap()
    }

    #[cfg(feature = "serde")]
    fn obs(json: &str) -> Observations {
        serde_json::from_str(json).unwrap()
    }

    #[cfg(feature = "serde")]
    fn id(s: &str) -> MetricId {
        MetricId::new(s).unwrap()
    }

    fn q(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[cfg(feature = "serde")]
    #[test]
    fn aggregation_per_period_follows_the_definition() {
        let o = obs(r#"[
            {"metric":"revenue","product":"a","period":"2026-Q1","value":"100"},
            {"metric":"revenue","product":"b","period":"2026-Q1","value":"50"},
            {"metric":"revenue","product":"a","period":"2026-Q2","value":"120"},
            {"metric":"revenue","product":"b","period":"2026-Q2","value":"60"},
            {"metric":"nps","product":"a","period":"2026-Q2","value":"40"},
            {"metric":"resp","product":"a","period":"2026-Q2","value":"300"},
            {"metric":"nps","product":"b","period":"2026-Q2","value":"10"},
            {"metric":"resp","product":"b","period":"2026-Q2","value":"100"},
            {"metric":"churned","product":"a","period":"2026-Q2","value":"5"},
            {"metric":"start_arr","product":"a","period":"2026-Q2","value":"100"},
            {"metric":"churned","product":"b","period":"2026-Q2","value":"15"},
            {"metric":"start_arr","product":"b","period":"2026-Q2","value":"300"}
        ]"#);
        let c = catalog();
        let agg = |m| o.aggregate_in(&c, &id(m), q("2026-Q2")).unwrap().value;
        assert_eq!(agg("revenue"), d("180"));
        assert_eq!(agg("nps"), d("32.5"));
        assert_eq!(agg("churn"), d("5")); // 20 / 400 = 5%
        let change = o
            .portfolio_change(&c, &id("revenue"), q("2026-Q2"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (change.absolute, change.relative),
            (d("30"), Some(d("0.2")))
        );
        // No Q1 NPS: the change is undefined, not zero.
        assert_eq!(
            o.portfolio_change(&c, &id("nps"), q("2026-Q2")).unwrap(),
            None
        );
        assert!(matches!(
            o.aggregate_in(&c, &id("revenue"), q("2026-Q3")),
            Err(Error::Empty { .. })
        ));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn missing_base_or_denominator_is_an_error() {
        let o = obs(
            r#"[{"metric":"nps","product":"a","date":"2026-05-01","value":"40"},
                       {"metric":"churned","product":"b","date":"2026-05-01","value":"4"}]"#,
        );
        let c = catalog();
        let err = o.aggregate_in(&c, &id("nps"), q("2026-Q2")).unwrap_err();
        assert!(
            err.to_string().contains("no value of metric \"resp\""),
            "{err}"
        );
        let err = o.aggregate_in(&c, &id("churn"), q("2026-Q2")).unwrap_err();
        assert!(err.to_string().contains("metric \"start_arr\""), "{err}");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn product_change_and_lookups() {
        let o = obs(r#"[
            {"metric":"revenue","product":"a","period":"2026-Q1","value":"80"},
            {"metric":"revenue","product":"a","period":"2026-Q2","value":"100"},
            {"metric":"nps","product":"a","period":"2026-Q2","value":"10"}
        ]"#);
        let a = ProductId::new("a").unwrap();
        let change = o.change(&id("revenue"), &a, q("2026-Q2")).unwrap().unwrap();
        assert_eq!(
            (change.previous, change.current, change.relative),
            (d("80"), d("100"), Some(d("0.25")))
        );
        assert_eq!(change.previous_period, q("2026-Q1"));
        assert_eq!(o.change(&id("revenue"), &a, q("2026-Q3")).unwrap(), None);
        assert_eq!(o.change(&id("nps"), &a, q("2026-Q2")).unwrap(), None);
        let metrics: Vec<&str> = o.metrics().map(MetricId::as_str).collect();
        assert_eq!(metrics, ["nps", "revenue"]);
        assert_eq!(o.len(), 3);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn derived_series_skip_undefined_ratios() {
        let o = obs(r#"[
            {"metric":"churned","product":"a","period":"2026-Q1","value":"5"},
            {"metric":"start_arr","product":"a","period":"2026-Q1","value":"0"},
            {"metric":"churned","product":"a","period":"2026-Q2","value":"5"},
            {"metric":"start_arr","product":"a","period":"2026-Q2","value":"50"},
            {"metric":"churned","product":"b","period":"2026-Q2","value":"5"}
        ]"#);
        let derived = o.derived_series(&catalog(), &id("churn")).unwrap();
        // a's Q1 ratio has a zero denominator; b has no denominator at all.
        let a: Vec<(String, String)> = derived["a"]
            .iter()
            .map(|x| (x.date.to_string(), x.value.to_string()))
            .collect();
        assert_eq!(a, [("2026-06-30".to_owned(), "10".to_owned())]);
        assert!(!derived.contains_key("b"));
        assert!(
            o.derived_series(&catalog(), &id("revenue"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn change_table() {
        let check = |prev: &str, cur: &str, abs: &str, rel: Option<&str>| {
            let c = Change::between(q("2026-Q1"), d(prev), q("2026-Q2"), d(cur)).unwrap();
            assert_eq!(c.absolute, d(abs), "{prev} -> {cur}");
            assert_eq!(c.relative, rel.map(d), "{prev} -> {cur}");
        };
        check("100", "125", "25", Some("0.25"));
        check("100", "80", "-20", Some("-0.2"));
        check("-10", "-5", "5", Some("0.5"));
        check("0", "5", "5", None);
        check("7", "7", "0", Some("0"));
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn records_are_validated() {
        let both =
            r#"[{"metric":"m","product":"a","date":"2026-01-01","period":"2026-Q1","value":"1"}]"#;
        let err = serde_json::from_str::<Observations>(both).unwrap_err();
        assert!(err.to_string().contains("both date and period"), "{err}");
        let neither = r#"[{"metric":"m","product":"a","value":"1"}]"#;
        assert!(serde_json::from_str::<Observations>(neither).is_err());
        let dup = r#"[{"metric":"m","product":"a","date":"2026-03-31","value":"1"},
                      {"metric":"m","product":"a","period":"2026-Q1","value":"2"}]"#;
        let err = serde_json::from_str::<Observations>(dup).unwrap_err();
        assert!(
            err.to_string()
                .contains("metric \"m\", product \"a\" has two values on 2026-03-31"),
            "{err}"
        );
        let o = obs(r#"[{"metric":"m","product":"a","period":"2026-Q1","value":"1"}]"#);
        let back: Observations = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
        assert_eq!(o.len(), 1);
        let (m, a) = (MetricId::new("m").unwrap(), ProductId::new("a").unwrap());
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(o.latest(&m, &a, day("2026-03-30")), None);
        assert_eq!(
            o.latest(&m, &a, day("2026-04-02")).map(|x| x.value),
            Some(d("1"))
        );
        let schema = serde_json::to_value(Observations::json_schema()).unwrap();
        assert_eq!(schema["type"], "array", "{schema}");
        assert_eq!(schema["title"], "Observations", "{schema}");
        assert!(Observations::new().is_empty());
        assert!(!o.is_empty());
    }
}
