//! [`MetricTable`]: one metric's observations laid out column by column, for
//! aggregating the same metric over many periods.
//!
//! [`Observations`] keeps one [`folio_types::Series`] per metric and product,
//! each its own allocation behind a map: the right shape for inserting values in any
//! order and reading one product's history, the wrong one for reading one value of
//! every product, which walks the map and jumps to a different place in memory for
//! each product. A table copies the dates and values of one metric (and of the
//! metrics its combine rule reads: a weighted mean's base, a ratio's numerator and
//! denominator) into flat vectors in product id order, once; each aggregation then
//! reads memory front to back.
//!
//! A table borrows the observations and the catalog, so it cannot go stale: the
//! observations cannot change while it exists. Its aggregates are the same, digit for
//! digit and error for error, as [`Observations::aggregate_in`].

use std::borrow::Cow;

use chrono::NaiveDate;
use folio_types::{MetricId, Period, ProductId, Series};
use rust_decimal::Decimal;

use crate::aggregate::{Aggregate, Item, Reading, aggregate_sorted, sum_plain};
use crate::catalog::MetricCatalog;
use crate::def::{Combine, MetricDef};
use crate::error::{Error, Result};
use crate::math;
use crate::observation::{Observations, after_near};

/// The dates and values of one metric for a list of products: product `i`'s
/// observations are `dates[starts[i]..starts[i + 1]]` (oldest first) and the values at
/// the same positions.
#[derive(Debug, Clone, Default)]
struct Column {
    starts: Vec<usize>,
    dates: Vec<NaiveDate>,
    values: Vec<Decimal>,
}

impl Column {
    fn with_capacity(products: usize) -> Self {
        let mut starts = Vec::with_capacity(products.saturating_add(1));
        starts.push(0);
        Self {
            starts,
            dates: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends the next product's series (`None`: the product has no observation).
    fn push(&mut self, series: Option<&Series<Decimal>>) {
        for o in series.into_iter().flatten() {
            self.dates.push(o.date);
            self.values.push(o.value);
        }
        self.starts.push(self.dates.len());
    }

    /// Product `i`'s latest observation dated inside `period`.
    fn value_in(&self, i: usize, period: Period) -> Option<(NaiveDate, Decimal)> {
        let from = *self.starts.get(i)?;
        let to = *self.starts.get(i.checked_add(1)?)?;
        self.value_between(from, to, period, &mut 0)
    }

    /// Every product's latest observation dated inside `period`, in product order
    /// (`None` for a product without one). Each search tries first the position found
    /// for the product before: products observed on the same dates, the common case,
    /// need no search.
    fn values_in(&self, period: Period) -> impl Iterator<Item = Option<(NaiveDate, Decimal)>> + '_ {
        let mut hint = 0;
        self.starts.windows(2).map(move |bounds| match *bounds {
            [from, to] => self.value_between(from, to, period, &mut hint),
            _ => None,
        })
    }

    /// The latest observation dated inside `period` among those at `from..to`, trying
    /// first the position `hint` (relative to `from`); `hint` is updated to the
    /// position found.
    #[inline]
    fn value_between(
        &self,
        from: usize,
        to: usize,
        period: Period,
        hint: &mut usize,
    ) -> Option<(NaiveDate, Decimal)> {
        let dates = self.dates.get(from..to)?;
        // The position after the last date on or before the period's end.
        let upto = after_near(dates, |d| *d, period.end(), hint);
        let last = upto.checked_sub(1)?;
        let date = *dates.get(last)?;
        if date < period.start() {
            return None;
        }
        let value = *self.values.get(from.checked_add(last)?)?;
        Some((date, value))
    }
}

/// How the table reads a product's reading.
#[derive(Debug, Clone)]
enum Layout<'a> {
    /// The metric's own value (`sum`, `mean`, `min`, `max`, `median`, `last`).
    Plain(Column),
    /// The value and the base metric's value (`weighted_mean`).
    Weighted {
        values: Column,
        bases: Column,
        base: &'a MetricId,
    },
    /// The numerator and denominator metrics' values (`ratio_of_sums`).
    Fraction {
        numerators: Column,
        denominators: Column,
        numerator: &'a MetricId,
        denominator: &'a MetricId,
    },
}

/// One metric's observations in flat columns, ready to aggregate over any period:
/// built once with [`Observations::table`], then [`MetricTable::aggregate_in`] per
/// period. For aggregating one metric over many periods (a trend, a dashboard): the
/// build reads every observation of the metric, so for a single period
/// [`Observations::aggregate_in`] is quicker.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_metrics::{MetricCatalog, Observations};
///
/// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
/// let observations: Observations = serde_json::from_str(r#"[
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q2", "value": "100"},
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"},
///   {"metric": "revenue", "product": "lens", "period": "2026-Q3", "value": "40"}
/// ]"#)?;
/// let revenue = "revenue".parse()?;
/// let table = observations.table(&catalog, &revenue)?;
/// let q2 = table.aggregate_in("2026-Q2".parse()?)?;
/// let q3 = table.aggregate_in("2026-Q3".parse()?)?;
/// assert_eq!((q2.value.to_string(), q3.value.to_string()), ("100".into(), "165".into()));
/// // The same aggregate as the observations give directly.
/// assert_eq!(q3, observations.aggregate_in(&catalog, &revenue, "2026-Q3".parse()?)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MetricTable<'a> {
    def: &'a MetricDef,
    metric: &'a MetricId,
    /// The products, borrowed from the observations: the terms of each aggregate
    /// borrow the same ids.
    products: Vec<&'a ProductId>,
    layout: Layout<'a>,
}

impl Observations {
    /// `metric`'s observations, and those its combine rule reads, copied into flat
    /// columns in product id order: see [`MetricTable`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if `metric` is not in `catalog`.
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let observations: Observations = serde_json::from_str(r#"[
    ///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"}
    /// ]"#)?;
    /// let table = observations.table(&catalog, &"revenue".parse()?)?;
    /// assert_eq!(table.products().count(), 1);
    /// assert!(observations.table(&catalog, &"arr".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn table<'a>(
        &'a self,
        catalog: &'a MetricCatalog,
        metric: &MetricId,
    ) -> Result<MetricTable<'a>> {
        let def = catalog.require(metric, "an aggregation")?;
        let (products, layout) = match def.combine() {
            Combine::RatioOfSums {
                numerator,
                denominator,
            } => {
                let products: Vec<&ProductId> = self
                    .ratio_products(numerator, denominator)
                    .into_iter()
                    .collect();
                let mut numerators = Column::with_capacity(products.len());
                let mut denominators = Column::with_capacity(products.len());
                for product in &products {
                    numerators.push(self.series(numerator, product));
                    denominators.push(self.series(denominator, product));
                }
                let layout = Layout::Fraction {
                    numerators,
                    denominators,
                    numerator,
                    denominator,
                };
                (products, layout)
            }
            Combine::WeightedMean { base } => {
                let products: Vec<&ProductId> = self.products(def.id()).map(|(p, _)| p).collect();
                let mut values = Column::with_capacity(products.len());
                let mut bases = Column::with_capacity(products.len());
                for (product, series) in self.products(def.id()) {
                    values.push(Some(series));
                    bases.push(self.series(base, product));
                }
                let layout = Layout::Weighted {
                    values,
                    bases,
                    base,
                };
                (products, layout)
            }
            _ => {
                let products: Vec<&ProductId> = self.products(def.id()).map(|(p, _)| p).collect();
                let mut values = Column::with_capacity(products.len());
                for (_, series) in self.products(def.id()) {
                    values.push(Some(series));
                }
                (products, Layout::Plain(values))
            }
        };
        Ok(MetricTable {
            def,
            metric: def.id(),
            products,
            layout,
        })
    }
}

impl<'a> MetricTable<'a> {
    /// The metric's definition.
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let observations = Observations::new();
    /// let table = observations.table(&catalog, &"revenue".parse()?)?;
    /// assert_eq!(table.def().id().as_str(), "revenue");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn def(&self) -> &'a MetricDef {
        self.def
    }

    /// The products in the table, in id order: those with an observation of the
    /// metric (for a ratio of sums: of its numerator or its denominator).
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let observations: Observations = serde_json::from_str(r#"[
    ///   {"metric": "revenue", "product": "lens", "period": "2026-Q3", "value": "40"},
    ///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"}
    /// ]"#)?;
    /// let table = observations.table(&catalog, &"revenue".parse()?)?;
    /// let products: Vec<&str> = table.products().map(|p| p.as_str()).collect();
    /// assert_eq!(products, ["atlas", "lens"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn products(&self) -> impl Iterator<Item = &'a ProductId> {
        self.products.iter().copied()
    }

    /// The metric combined across products in `period`, per its definition: the same
    /// as [`Observations::aggregate_in`] on the observations the table was built from.
    /// Like it, the aggregate borrows its ids from the observations and the catalog
    /// (not from the table, which may be dropped first).
    ///
    /// # Errors
    ///
    /// As [`Observations::aggregate_in`]: [`Error::MissingObservation`] for a product
    /// with a value but no base (or a numerator without a denominator, or the
    /// reverse) in the period; [`Error::Empty`] if no product has a value in the
    /// period; the errors of [`aggregate`](crate::aggregate()).
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "resp", "name": "Respondents", "unit": "count", "direction": "higher_is_better",
    ///    "layer": "product_performance", "combine": "sum", "definition": "Survey respondents."},
    ///   {"id": "nps", "name": "NPS", "unit": "score", "direction": "higher_is_better",
    ///    "layer": "product_performance", "combine": {"weighted_mean": {"base": "resp"}},
    ///    "definition": "Promoters minus detractors."}]}"#)?;
    /// let observations: Observations = serde_json::from_str(r#"[
    ///   {"metric": "nps", "product": "atlas", "period": "2026-Q3", "value": "40"},
    ///   {"metric": "resp", "product": "atlas", "period": "2026-Q3", "value": "300"},
    ///   {"metric": "nps", "product": "lens", "period": "2026-Q3", "value": "10"},
    ///   {"metric": "resp", "product": "lens", "period": "2026-Q3", "value": "100"}
    /// ]"#)?;
    /// let table = observations.table(&catalog, &"nps".parse()?)?;
    /// // (40·300 + 10·100) / 400 = 32.5.
    /// assert_eq!(table.aggregate_in("2026-Q3".parse()?)?.value.to_string(), "32.5");
    /// // No value in Q2: an error, never zero.
    /// assert!(table.aggregate_in("2026-Q2".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn aggregate_in(&self, period: Period) -> Result<Aggregate<'a>> {
        if let (Layout::Plain(values), Combine::Sum) = (&self.layout, self.def.combine()) {
            // The commonest rule, summed in one pass without intermediate readings.
            let found = self
                .products
                .iter()
                .zip(values.values_in(period))
                .filter_map(|(&p, found)| found.map(|(_, v)| (p, v)));
            return sum_plain(
                self.def,
                Cow::Borrowed(self.metric),
                found,
                self.products.len(),
            );
        }
        aggregate_sorted(self.def, Cow::Borrowed(self.metric), &self.items(period)?)
    }

    /// The metric's combined value in `period` alone, without the per-product terms
    /// that [`aggregate_in`](Self::aggregate_in) also returns: the same value, digit
    /// for digit and with the same errors, for a trend or a dashboard that shows only
    /// the numbers. For the `sum` rule it is one checked addition per product, and
    /// nothing is allocated; the other rules combine as `aggregate_in` does and drop
    /// the terms.
    ///
    /// # Errors
    ///
    /// As [`aggregate_in`](Self::aggregate_in).
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let observations: Observations = serde_json::from_str(r#"[
    ///   {"metric": "revenue", "product": "atlas", "period": "2026-Q2", "value": "100"},
    ///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"},
    ///   {"metric": "revenue", "product": "lens", "period": "2026-Q3", "value": "40.50"}
    /// ]"#)?;
    /// let table = observations.table(&catalog, &"revenue".parse()?)?;
    /// let trend = ["2026-Q2", "2026-Q3"]
    ///     .iter()
    ///     .map(|p| table.value_in(p.parse()?).map(|v| v.to_string()))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(trend, ["100", "165.50"]);
    /// // No value at all in a period: an error, never zero.
    /// assert!(table.value_in("2026-Q1".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value_in(&self, period: Period) -> Result<Decimal> {
        if let (Layout::Plain(values), Combine::Sum) = (&self.layout, self.def.combine()) {
            const SUMMING: &str = "summing a metric across products";
            let mut total = math::ExactSum::new();
            let mut found = false;
            for (_, value) in values.values_in(period).flatten() {
                total.add(value, SUMMING)?;
                found = true;
            }
            if !found {
                return Err(Error::Empty {
                    what: "product readings",
                    computing: format!("metric {:?}", self.def.id().as_str()),
                });
            }
            return total.total(SUMMING);
        }
        self.aggregate_in(period).map(|aggregate| aggregate.value)
    }

    /// Each product's reading in `period`, as [`Observations::readings`] finds them.
    fn items(&self, period: Period) -> Result<Vec<Item<'a>>> {
        let missing = |metric: &MetricId, product: &ProductId| Error::MissingObservation {
            metric: metric.clone(),
            product: product.clone(),
            period,
        };
        let mut items = Vec::with_capacity(self.products.len());
        for (i, &product) in self.products.iter().enumerate() {
            let item = match &self.layout {
                Layout::Plain(values) => values.value_in(i, period).map(|(date, value)| Item {
                    product,
                    date,
                    reading: Reading::Value(value),
                }),
                Layout::Weighted {
                    values,
                    bases,
                    base,
                } => match values.value_in(i, period) {
                    None => None,
                    Some((date, value)) => {
                        let (_, weight) = bases
                            .value_in(i, period)
                            .ok_or_else(|| missing(base, product))?;
                        Some(Item {
                            product,
                            date,
                            reading: Reading::Weighted {
                                value,
                                base: weight,
                            },
                        })
                    }
                },
                Layout::Fraction {
                    numerators,
                    denominators,
                    numerator,
                    denominator,
                } => match (
                    numerators.value_in(i, period),
                    denominators.value_in(i, period),
                ) {
                    (None, None) => None,
                    (Some((nd, n)), Some((dd, d))) => Some(Item {
                        product,
                        date: nd.max(dd),
                        reading: Reading::Fraction {
                            numerator: n,
                            denominator: d,
                        },
                    }),
                    (None, Some(_)) => return Err(missing(numerator, product)),
                    (Some(_), None) => return Err(missing(denominator, product)),
                },
            };
            items.extend(item);
        }
        Ok(items)
    }

    /// The metric the table aggregates.
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let observations = Observations::new();
    /// let table = observations.table(&catalog, &"revenue".parse()?)?;
    /// assert_eq!(table.metric().as_str(), "revenue");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metric(&self) -> &'a MetricId {
        self.metric
    }
}
