//! Aggregation of one metric across products, per its definition's combine rule.
//!
//! Each product contributes one [`ProductReading`]: a date and a [`Reading`] whose shape
//! the combine rule dictates: a plain value for most rules, the value with its base for
//! a weighted mean, a numerator and denominator for a ratio of sums. [`aggregate`]
//! returns an [`Aggregate`]: the combined value together with one [`Term`] per product
//! showing the product's own value and its weight in the result.
//!
//! # Formulas
//!
//! With products `i = 1..n`, values `v_i`:
//!
//! | rule | value | weight of product `i` |
//! |---|---|---|
//! | `sum` | `Σ v_i` | 1 |
//! | `mean` | `Σ v_i / n` | `1/n` |
//! | `weighted_mean` | `Σ v_i·b_i / Σ b_i` (bases `b_i >= 0`, `Σ b_i > 0`) | `b_i / Σ b_i` |
//! | `ratio_of_sums` | `Σ num_i / Σ den_i` (`den_i >= 0`, `Σ den_i > 0`); ×100 for a `percent` metric | `den_i / Σ den_i` |
//! | `min`, `max` | the smallest / largest value | 1 for the chosen product, 0 for the others |
//! | `median` | the middle value; for even `n` the mean of the two middle values | 1, or ½ for each of the two middle values |
//! | `last` | the value with the latest date | `1/k` for each of the `k` products on that date |
//!
//! For every rule, `value = Σ weight_i · value_i` over the terms whose value is
//! defined (a ratio-of-sums term with a zero denominator has no value of its own).
//!
//! # Conventions
//!
//! - Products are processed in id order, so the result is the same for any input
//!   order; ties (equal minima, equal maxima) go to the smallest product id.
//! - No products is [`Error::Empty`]; a zero sum of bases or denominators is
//!   [`Error::ZeroDenominator`]: a weighted mean of nothing has no honest value.
//! - A product may appear only once ([`Error::DuplicateProduct`]).
//! - Under `last`, products that share the latest date must agree on the value, else
//!   [`Error::AmbiguousLast`]: picking one would be arbitrary.
//! - Division rounds to 28 significant digits (`rust_decimal`'s precision); sums are
//!   exact while they fit.
//!
//! # Borrowed ids
//!
//! An [`Aggregate`] and its [`Term`]s borrow the metric id and the product ids from
//! what they were computed from (the readings and the definition, the
//! [`Observations`](crate::Observations) and the catalog, a
//! [`MetricTable`](crate::MetricTable)'s observations) as [`Cow`]s, instead of
//! counting a shared id up for every term and down again when the result is dropped.
//! [`Aggregate::into_owned`] gives a copy that owns its ids, for a result that must
//! outlive its inputs. Values, `Debug` text, JSON and the JSON schema are those of the
//! ids themselves, so borrowed and owned results print and serialize alike.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::NaiveDate;
use folio_types::{MetricId, ProductId};
use rust_decimal::Decimal;

use crate::def::{Combine, MetricDef, Unit};
use crate::error::{Error, Result};
use crate::math;

/// One product's reading of a metric, in the shape its combine rule needs.
///
/// In JSON: `{"value": "12.5"}`, `{"weighted": {"value": "41", "base": "230"}}` or
/// `{"fraction": {"numerator": "18000", "denominator": "400000"}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Reading {
    /// A plain value, for `sum`, `mean`, `min`, `max`, `median` and `last`.
    Value(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        Decimal,
    ),
    /// A value with its base (weight), for `weighted_mean`.
    Weighted {
        /// The product's value.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        value: Decimal,
        /// Its weight: the product's value of the base metric. Must not be negative.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        base: Decimal,
    },
    /// A numerator and denominator, for `ratio_of_sums`.
    Fraction {
        /// The part above the line.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        numerator: Decimal,
        /// The part below the line. Must not be negative.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        denominator: Decimal,
    },
}

impl Reading {
    /// The product's own value: the plain or weighted value, or `numerator /
    /// denominator` (`None` when the denominator is zero or the quotient overflows).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Reading;
    /// use rust_decimal::Decimal;
    ///
    /// assert_eq!(Reading::Value(Decimal::from(7)).value(), Some(Decimal::from(7)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> Option<Decimal> {
        match *self {
            Self::Value(value) | Self::Weighted { value, .. } => Some(value),
            Self::Fraction {
                numerator,
                denominator,
            } => math::div(numerator, denominator, "dividing a reading").ok(),
        }
    }
}

/// A product's reading on a date: the input of [`aggregate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ProductReading {
    /// The product.
    pub product: ProductId,
    /// The date of the reading (used by the `last` rule).
    pub date: NaiveDate,
    /// The reading.
    pub reading: Reading,
}

/// One product's part in an [`Aggregate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Term<'a> {
    /// The product.
    pub product: Cow<'a, ProductId>,
    /// The product's own value in the metric's unit; `None` for a ratio-of-sums term
    /// with a zero denominator.
    pub value: Option<Decimal>,
    /// The product's weight in the result (see the [module docs](self)).
    pub weight: Decimal,
}

/// A metric combined across products, with the math shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Aggregate<'a> {
    /// The metric.
    pub metric: Cow<'a, MetricId>,
    /// The rule that combined it.
    pub combine: Combine,
    /// The combined value, in the metric's unit.
    pub value: Decimal,
    /// One term per product, in product id order.
    pub terms: Vec<Term<'a>>,
}

impl Term<'_> {
    /// The same term with its product id owned rather than borrowed, so that it can
    /// outlive the readings or observations it was computed from.
    ///
    /// # Example
    ///
    /// ```
    /// use std::borrow::Cow;
    ///
    /// use chrono::NaiveDate;
    /// use folio_metrics::{aggregate, Combine, Direction, Layer, MetricDef, MetricDefData,
    ///     MetricKind, ProductReading, Reading, Term, Unit};
    ///
    /// let arr = MetricDef::new(MetricDefData {
    ///     id: "arr".parse()?, name: "ARR".into(), unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter, layer: Layer::PortfolioHealth,
    ///     kind: MetricKind::Outcome, combine: Combine::Sum, definition: "ARR.".into(),
    /// })?;
    /// let term: Term<'static> = {
    ///     let readings = [ProductReading {
    ///         product: "atlas".parse()?,
    ///         date: NaiveDate::from_ymd_opt(2026, 9, 30).ok_or("date")?,
    ///         reading: Reading::Value(120.into()),
    ///     }];
    ///     let mut sum = aggregate(&arr, &readings)?;
    ///     sum.terms.remove(0).into_owned()
    /// };
    /// assert!(matches!(term.product, Cow::Owned(_)));
    /// assert_eq!(term.product.as_str(), "atlas");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Term<'static> {
        Term {
            product: Cow::Owned(self.product.into_owned()),
            value: self.value,
            weight: self.weight,
        }
    }
}

impl Aggregate<'_> {
    /// The same aggregate with its metric and product ids owned rather than borrowed,
    /// so that it can outlive the readings or observations it was computed from.
    ///
    /// # Example
    ///
    #[cfg_attr(feature = "serde", doc = "```")]
    #[cfg_attr(not(feature = "serde"), doc = "```ignore")]
    /// use folio_metrics::{Aggregate, MetricCatalog, Observations};
    ///
    /// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
    ///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
    ///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."}]}"#)?;
    /// let q3: Aggregate<'static> = {
    ///     let observations: Observations = serde_json::from_str(r#"[
    ///       {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"},
    ///       {"metric": "revenue", "product": "lens", "period": "2026-Q3", "value": "40"}
    ///     ]"#)?;
    ///     observations.aggregate_in(&catalog, &"revenue".parse()?, "2026-Q3".parse()?)?.into_owned()
    /// };
    /// // The observations are gone; the aggregate keeps its own copies of the ids.
    /// assert_eq!(q3.value.to_string(), "165");
    /// assert_eq!(q3.terms[1].product.as_str(), "lens");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Aggregate<'static> {
        Aggregate {
            metric: Cow::Owned(self.metric.into_owned()),
            combine: self.combine,
            value: self.value,
            terms: self.terms.into_iter().map(Term::into_owned).collect(),
        }
    }
}

/// Combines `readings` (one per product) per `def`'s combine rule.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use chrono::NaiveDate;
/// use folio_metrics::{aggregate, MetricDef, ProductReading, Reading};
///
/// let nps: MetricDef = serde_json::from_str(r#"{"id": "nps", "name": "NPS", "unit": "score",
///     "direction": "higher_is_better", "layer": "product_performance",
///     "combine": {"weighted_mean": {"base": "respondents"}},
///     "definition": "Promoters minus detractors, in points."}"#)?;
/// let date = NaiveDate::from_ymd_opt(2026, 9, 30).ok_or("date")?;
/// let reading = |product: &str, value: i64, base: i64| -> Result<ProductReading, folio_types::Error> {
///     Ok(ProductReading {
///         product: product.parse()?,
///         date,
///         reading: Reading::Weighted { value: value.into(), base: base.into() },
///     })
/// };
/// // (40·300 + 10·100) / 400 = 32.5, not the unweighted (40 + 10) / 2 = 25.
/// let readings = [reading("atlas", 40, 300)?, reading("lens", 10, 100)?];
/// let portfolio = aggregate(&nps, &readings)?;
/// assert_eq!(portfolio.value.to_string(), "32.5");
/// assert_eq!(portfolio.terms[0].weight.to_string(), "0.75");
/// // The terms borrow their product ids from the readings.
/// assert_eq!(portfolio.terms[0].product.as_str(), "atlas");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no readings; [`Error::DuplicateProduct`];
/// [`Error::ReadingMismatch`] for a reading whose shape does not fit the rule;
/// [`Error::Negative`] for a negative base or denominator; [`Error::ZeroDenominator`]
/// when the bases or denominators sum to zero; [`Error::AmbiguousLast`]; an overflow
/// as [`Error::Core`].
pub fn aggregate<'a>(def: &MetricDef, readings: &'a [ProductReading]) -> Result<Aggregate<'a>> {
    let metric = def.id();
    // Sorting is linear on input that is already in id order (as readings built from
    // `Observations` are), so the common case pays no more than a scan.
    let mut sorted: Vec<Item<'_>> = readings.iter().map(Item::of).collect();
    sorted.sort_by(|a, b| a.product.cmp(b.product));
    if let Some(pair) = sorted.windows(2).find(|pair| match pair {
        [a, b] => a.product == b.product,
        _ => false,
    }) {
        let product = pair.first().map(|r| r.product.clone());
        if let Some(product) = product {
            return Err(Error::DuplicateProduct {
                metric: metric.clone(),
                product,
            });
        }
    }
    // The product ids are borrowed from the readings; the metric id is copied, once,
    // so that the aggregate does not also hold on to the definition.
    aggregate_sorted(def, Cow::Owned(metric.clone()), &sorted)
}

/// A reading with its product borrowed: what the combine rules work on; the terms of
/// the result borrow the same id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub(crate) product: &'a ProductId,
    pub(crate) date: NaiveDate,
    pub(crate) reading: Reading,
}

impl<'a> Item<'a> {
    fn of(reading: &'a ProductReading) -> Self {
        Self {
            product: &reading.product,
            date: reading.date,
            reading: reading.reading,
        }
    }
}

/// [`aggregate`] of readings already in strictly increasing product id order (as
/// `Observations` keeps them: a map by product id), without sorting them again or
/// looking for repeats. `metric` is `def`'s id, as the aggregate is to hold it.
pub(crate) fn aggregate_sorted<'a>(
    def: &MetricDef,
    metric: Cow<'a, MetricId>,
    sorted: &[Item<'a>],
) -> Result<Aggregate<'a>> {
    if sorted.is_empty() {
        return Err(Error::Empty {
            what: "product readings",
            computing: format!("metric {:?}", metric.as_str()),
        });
    }
    let (value, terms) = match def.combine() {
        Combine::Sum => {
            let values = sorted.iter().map(|r| match r.reading {
                Reading::Value(v) => Ok((r.product, v)),
                _ => Err(mismatch(def, r.product, PLAIN)),
            });
            // The first reading of the wrong shape is reported before any sum is taken.
            if let Some(Err(e)) = values.clone().find(Result::is_err) {
                return Err(e);
            }
            return sum_plain(def, metric, values.filter_map(Result::ok), sorted.len());
        }
        Combine::Mean => mean(def, sorted)?,
        Combine::WeightedMean { .. } => weighted_mean(def, sorted)?,
        Combine::RatioOfSums { .. } => ratio_of_sums(def, sorted)?,
        Combine::Min => pick(def, sorted, Ordering::Less)?,
        Combine::Max => pick(def, sorted, Ordering::Greater)?,
        Combine::Median => median(def, sorted)?,
        Combine::Last => last(def, sorted)?,
    };
    Ok(Aggregate {
        metric,
        combine: def.combine().clone(),
        value,
        terms,
    })
}

const PLAIN: &str = "a plain value ({\"value\": ...})";

fn mismatch(def: &MetricDef, product: &ProductId, expected: &'static str) -> Error {
    Error::ReadingMismatch {
        metric: def.id().clone(),
        product: product.clone(),
        expected,
    }
}

fn plain_values(def: &MetricDef, sorted: &[Item<'_>]) -> Result<Vec<Decimal>> {
    sorted
        .iter()
        .map(|r| match r.reading {
            Reading::Value(v) => Ok(v),
            _ => Err(mismatch(def, r.product, PLAIN)),
        })
        .collect()
}

fn term(product: &ProductId, value: Option<Decimal>, weight: Decimal) -> Term<'_> {
    Term {
        product: Cow::Borrowed(product),
        value,
        weight,
    }
}

fn negative(field: &'static str, value: Decimal, def: &MetricDef, product: &ProductId) -> Error {
    Error::Negative {
        field,
        value: value.to_string(),
        context: format!(
            " (metric {:?}, product {:?})",
            def.id().as_str(),
            product.as_str()
        ),
    }
}

type Combined<'a> = (Decimal, Vec<Term<'a>>);

/// The `sum` rule over plain values given in strictly increasing product id order, in
/// one pass: the total and a term per product, with no intermediate list of readings.
/// `capacity` is a hint for the number of values. The same result, error for error, as
/// [`aggregate_sorted`] on the same readings.
pub(crate) fn sum_plain<'a>(
    def: &MetricDef,
    metric: Cow<'a, MetricId>,
    values: impl IntoIterator<Item = (&'a ProductId, Decimal)>,
    capacity: usize,
) -> Result<Aggregate<'a>> {
    const SUMMING: &str = "summing a metric across products";
    let mut terms = Vec::with_capacity(capacity);
    let mut total = math::ExactSum::new();
    for (product, value) in values {
        total.add(value, SUMMING)?;
        terms.push(term(product, Some(value), Decimal::ONE));
    }
    if terms.is_empty() {
        return Err(Error::Empty {
            what: "product readings",
            computing: format!("metric {:?}", def.id().as_str()),
        });
    }
    Ok(Aggregate {
        metric,
        combine: def.combine().clone(),
        value: total.total(SUMMING)?,
        terms,
    })
}

fn mean<'a>(def: &MetricDef, sorted: &[Item<'a>]) -> Result<Combined<'a>> {
    let values = plain_values(def, sorted)?;
    let n = math::count(values.len());
    let total = math::sum(values.iter().copied(), "summing a metric across products")?;
    let value = math::div(total, n, "averaging a metric across products")?;
    let weight = math::div(Decimal::ONE, n, "weighting products equally")?;
    let terms = sorted
        .iter()
        .zip(&values)
        .map(|(r, v)| term(r.product, Some(*v), weight))
        .collect();
    Ok((value, terms))
}

fn weighted_mean<'a>(def: &MetricDef, sorted: &[Item<'a>]) -> Result<Combined<'a>> {
    let mut pairs = Vec::with_capacity(sorted.len());
    for r in sorted {
        match r.reading {
            Reading::Weighted { value, base } => {
                if base.is_sign_negative() && !base.is_zero() {
                    return Err(negative("base", base, def, r.product));
                }
                pairs.push((value, base));
            }
            _ => {
                return Err(mismatch(
                    def,
                    r.product,
                    "a value with its base ({\"weighted\": {\"value\": ..., \"base\": ...}})",
                ));
            }
        }
    }
    let computing = || format!("the weighted mean of metric {:?}", def.id().as_str());
    let total_base = math::sum(pairs.iter().map(|p| p.1), "summing bases")?;
    if total_base.is_zero() {
        return Err(Error::ZeroDenominator {
            what: "the sum of bases",
            computing: computing(),
        });
    }
    let weighted = pairs.iter().try_fold(Decimal::ZERO, |acc, (v, b)| {
        math::add(
            acc,
            math::mul(*v, *b, "weighting a value")?,
            "summing weighted values",
        )
    })?;
    let value = math::div(weighted, total_base, "computing a weighted mean")?;
    let terms = sorted
        .iter()
        .zip(&pairs)
        .map(|(r, (v, b))| {
            Ok(term(
                r.product,
                Some(*v),
                math::div(*b, total_base, "normalizing a base")?,
            ))
        })
        .collect::<Result<_>>()?;
    Ok((value, terms))
}

fn ratio_of_sums<'a>(def: &MetricDef, sorted: &[Item<'a>]) -> Result<Combined<'a>> {
    let mut pairs = Vec::with_capacity(sorted.len());
    for r in sorted {
        match r.reading {
            Reading::Fraction {
                numerator,
                denominator,
            } => {
                if denominator.is_sign_negative() && !denominator.is_zero() {
                    return Err(negative("denominator", denominator, def, r.product));
                }
                pairs.push((numerator, denominator));
            }
            _ => {
                return Err(mismatch(
                    def,
                    r.product,
                    "a numerator and denominator ({\"fraction\": {\"numerator\": ..., \"denominator\": ...}})",
                ));
            }
        }
    }
    let scale = if def.unit() == Unit::Percent {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    };
    let numerators = math::sum(pairs.iter().map(|p| p.0), "summing numerators")?;
    let denominators = math::sum(pairs.iter().map(|p| p.1), "summing denominators")?;
    if denominators.is_zero() {
        return Err(Error::ZeroDenominator {
            what: "the sum of denominators",
            computing: format!("the ratio of sums of metric {:?}", def.id().as_str()),
        });
    }
    let value = math::div(
        math::mul(numerators, scale, "scaling a ratio")?,
        denominators,
        "computing a ratio of sums",
    )?;
    let terms = sorted
        .iter()
        .zip(&pairs)
        .map(|(r, (n, d))| {
            let own = if d.is_zero() {
                None
            } else {
                Some(math::div(
                    math::mul(*n, scale, "scaling a ratio")?,
                    *d,
                    "computing a product's ratio",
                )?)
            };
            Ok(term(
                r.product,
                own,
                math::div(*d, denominators, "normalizing a denominator")?,
            ))
        })
        .collect::<Result<_>>()?;
    Ok((value, terms))
}

/// The minimum (`want == Less`) or maximum (`want == Greater`); ties go to the
/// smallest product id because products arrive in id order and only a strictly better
/// value replaces the current pick.
fn pick<'a>(def: &MetricDef, sorted: &[Item<'a>], want: Ordering) -> Result<Combined<'a>> {
    let values = plain_values(def, sorted)?;
    let mut best: Option<(usize, Decimal)> = None;
    for (i, v) in values.iter().enumerate() {
        if best.is_none_or(|(_, b)| v.cmp(&b) == want) {
            best = Some((i, *v));
        }
    }
    let Some((chosen, value)) = best else {
        return Err(Error::Empty {
            what: "product readings",
            computing: format!("metric {:?}", def.id().as_str()),
        });
    };
    let terms = sorted
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (r, v))| {
            let weight = if i == chosen {
                Decimal::ONE
            } else {
                Decimal::ZERO
            };
            term(r.product, Some(*v), weight)
        })
        .collect();
    Ok((value, terms))
}

fn median<'a>(def: &MetricDef, sorted: &[Item<'a>]) -> Result<Combined<'a>> {
    let values = plain_values(def, sorted)?;
    // Rank by value, ties by product id (the input order), so the middle is unique.
    let mut ranked: Vec<usize> = (0..values.len()).collect();
    ranked.sort_by(|&a, &b| values.get(a).cmp(&values.get(b)).then(a.cmp(&b)));
    let n = ranked.len();
    let upper = n / 2;
    let middle: Vec<usize> = if n % 2 == 1 {
        ranked.get(upper).copied().into_iter().collect()
    } else {
        ranked
            .get(upper.saturating_sub(1)..=upper)
            .map(<[usize]>::to_vec)
            .unwrap_or_default()
    };
    let weight = math::div(
        Decimal::ONE,
        math::count(middle.len()),
        "weighting the median",
    )?;
    let middle_sum = math::sum(
        middle.iter().filter_map(|&i| values.get(i).copied()),
        "summing the middle values",
    )?;
    let value = math::mul(middle_sum, weight, "computing a median")?;
    Ok((value, selected_terms(sorted, &values, &middle, weight)))
}

fn last<'a>(def: &MetricDef, sorted: &[Item<'a>]) -> Result<Combined<'a>> {
    let values = plain_values(def, sorted)?;
    let latest = sorted.iter().map(|r| r.date).max();
    let on_latest: Vec<usize> = sorted
        .iter()
        .enumerate()
        .filter(|(_, r)| Some(r.date) == latest)
        .map(|(i, _)| i)
        .collect();
    let first = on_latest
        .first()
        .and_then(|&i| Some((*sorted.get(i)?, values.get(i)?)));
    let Some((first_reading, &value)) = first else {
        return Err(Error::Empty {
            what: "product readings",
            computing: format!("metric {:?}", def.id().as_str()),
        });
    };
    if let Some(other) = on_latest
        .iter()
        .find(|&&i| values.get(i) != Some(&value))
        .and_then(|&i| sorted.get(i))
    {
        return Err(Error::AmbiguousLast {
            metric: def.id().clone(),
            date: first_reading.date,
            first: first_reading.product.clone(),
            second: other.product.clone(),
        });
    }
    let weight = math::div(
        Decimal::ONE,
        math::count(on_latest.len()),
        "weighting the latest readings",
    )?;
    Ok((value, selected_terms(sorted, &values, &on_latest, weight)))
}

/// One term per reading: `weight` for the readings at the `selected` indices, zero for
/// the rest. A mask keeps this linear however many readings are selected.
fn selected_terms<'a>(
    sorted: &[Item<'a>],
    values: &[Decimal],
    selected: &[usize],
    weight: Decimal,
) -> Vec<Term<'a>> {
    let mut chosen = vec![false; sorted.len()];
    for &i in selected {
        if let Some(flag) = chosen.get_mut(i) {
            *flag = true;
        }
    }
    sorted
        .iter()
        .zip(values)
        .zip(&chosen)
        .map(|((r, v), &chosen)| {
            let w = if chosen { weight } else { Decimal::ZERO };
            term(r.product, Some(*v), w)
        })
        .collect()
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
