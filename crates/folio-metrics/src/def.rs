//! Metric definitions: what a metric measures, in which unit, which way is better and
//! how its values combine across products.
//!
//! A [`MetricDef`] is built from [`MetricDefData`] (its plain serde form) by
//! [`MetricDef::new`], which rejects combinations the unit forbids:
//!
//! | unit | `sum` | `mean` | `weighted_mean`, `ratio_of_sums` | `min`, `max`, `median`, `last` |
//! |---|---|---|---|---|
//! | currency, count, duration | yes | yes | yes | yes |
//! | percent, ratio, score | **no** | **no** | yes | yes |
//!
//! Summing a percentage is meaningless (two products at 60% retention are not at
//! 120%), and an unweighted mean of a rate or a score lets a product with ten NPS
//! responses count as much as one with ten thousand. Such metrics combine by a
//! weighted mean over a named base metric (NPS weighted by respondents) or as a ratio
//! of sums (churned revenue over starting revenue).

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::fmt;

use folio_types::{Currency, MetricId};
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};

/// The unit a metric's values are expressed in.
///
/// In JSON a unit is a string (`"percent"`) or, for units with a parameter, an object
/// (`{"currency": "EUR"}`, `{"duration": "days"}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unit {
    /// An amount of money in one currency.
    Currency(Currency),
    /// A percentage in percentage points: `12.5` is 12.5%.
    Percent,
    /// A count of things: accounts, tickets, users.
    Count,
    /// A span of time in the given unit.
    Duration(DurationUnit),
    /// A score on a scale of its own, such as NPS (-100..=100) or CSAT.
    Score,
    /// A plain fraction: `0.125` is 12.5%.
    Ratio,
}

impl Unit {
    /// The unit's name as used in messages: `"currency"`, `"percent"`, ...
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Currency(_) => "currency",
            Self::Percent => "percent",
            Self::Count => "count",
            Self::Duration(_) => "duration",
            Self::Score => "score",
            Self::Ratio => "ratio",
        }
    }

    /// Whether values of this unit add up across products (money, counts, time).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{DurationUnit, Unit};
    ///
    /// // Revenue adds up across products; a percentage does not.
    /// assert!(Unit::Count.is_additive());
    /// assert!(Unit::Duration(DurationUnit::Days).is_additive());
    /// assert!(!Unit::Percent.is_additive());
    /// assert_eq!(Unit::Percent.name(), "percent");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn is_additive(&self) -> bool {
        matches!(self, Self::Currency(_) | Self::Count | Self::Duration(_))
    }
}

/// The unit of a [`Unit::Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DurationUnit {
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
}

/// Which way a metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Direction {
    /// More is better: revenue, retention, adoption.
    HigherIsBetter,
    /// Less is better: churn, time-to-value, cost-to-serve.
    LowerIsBetter,
}

impl fmt::Display for Direction {
    /// `higher is better` or `lower is better`.
    ///
    /// ```
    /// use folio_metrics::Direction;
    ///
    /// assert_eq!(Direction::LowerIsBetter.to_string(), "lower is better");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HigherIsBetter => "higher is better",
            Self::LowerIsBetter => "lower is better",
        })
    }
}

/// The layer of the portfolio hierarchy a metric informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Layer {
    /// Is the overall portfolio getting healthier?
    PortfolioHealth,
    /// Which products are winning, stable or declining?
    ProductPerformance,
    /// Are money and people going to the right places?
    Investment,
    /// Can we deliver reliably, and where are the bottlenecks?
    DeliveryExecution,
}

/// Whether a metric measures an outcome or an output, so that a catalog can warn when an
/// output is used as a portfolio KPI.
///
/// An **outcome** is a change in what customers or the business experience (revenue,
/// retention, adoption, time-to-value); an **output** counts the team's own activity
/// (features shipped, story points, tickets closed). Outputs are useful delivery
/// signal but make vanity KPIs: shipping more does not say whether anything moved, and
/// "a metric that cannot influence a funding decision is not a portfolio KPI" (the
/// portfolio-review requirements). See [`MetricCatalog::vanity_warnings`](crate::MetricCatalog::vanity_warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MetricKind {
    /// A result customers or the business experience (the default).
    #[default]
    Outcome,
    /// A count of the team's own activity.
    Output,
}

/// How a metric's per-product values combine into one portfolio value.
///
/// In JSON: `"sum"`, `"mean"`, `"min"`, `"max"`, `"median"`, `"last"`,
/// `{"weighted_mean": {"base": "nps_respondents"}}` or
/// `{"ratio_of_sums": {"numerator": "churned_arr", "denominator": "starting_arr"}}`.
/// See [the `aggregate` module](mod@crate::aggregate) for the exact formulas.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Combine {
    /// The sum of the values.
    Sum,
    /// The unweighted arithmetic mean.
    Mean,
    /// The mean weighted by each product's value of the `base` metric.
    WeightedMean {
        /// The metric whose per-product values are the weights, such as the number
        /// of NPS respondents.
        base: MetricId,
    },
    /// The sum of the numerators over the sum of the denominators, multiplied by 100
    /// for a `percent` metric so that the result is in the metric's unit.
    RatioOfSums {
        /// The metric summed above the line.
        numerator: MetricId,
        /// The metric summed below the line.
        denominator: MetricId,
    },
    /// The smallest value.
    Min,
    /// The largest value.
    Max,
    /// The median value (the mean of the two middle values for an even count).
    Median,
    /// The most recently dated value.
    Last,
}

impl Combine {
    /// The rule's name as used in messages and in JSON: `"sum"`, `"weighted_mean"`, ...
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::Mean => "mean",
            Self::WeightedMean { .. } => "weighted_mean",
            Self::RatioOfSums { .. } => "ratio_of_sums",
            Self::Min => "min",
            Self::Max => "max",
            Self::Median => "median",
            Self::Last => "last",
        }
    }

    /// The other metrics this rule reads: the base of a weighted mean, the numerator
    /// and denominator of a ratio of sums.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Combine;
    ///
    /// let nrr = Combine::RatioOfSums { numerator: "retained_arr".parse()?, denominator: "starting_arr".parse()? };
    /// let ids: Vec<&str> = nrr.referenced_metrics().iter().map(|m| m.as_str()).collect();
    /// assert_eq!(ids, ["retained_arr", "starting_arr"]);
    /// assert!(Combine::Sum.referenced_metrics().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn referenced_metrics(&self) -> Vec<&MetricId> {
        match self {
            Self::WeightedMean { base } => vec![base],
            Self::RatioOfSums {
                numerator,
                denominator,
            } => vec![numerator, denominator],
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for Combine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The plain-data form of a [`MetricDef`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct MetricDefData {
    /// The metric's id, such as `"nrr"`.
    pub id: MetricId,
    /// Display name, such as `"Net revenue retention"`.
    pub name: String,
    /// The unit of its values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// The portfolio layer it informs.
    pub layer: Layer,
    /// Outcome or output (absent in JSON: outcome).
    #[cfg_attr(feature = "serde", serde(default))]
    pub kind: MetricKind,
    /// How its values combine across products.
    pub combine: Combine,
    /// What it measures, in plain language: the one definition the whole portfolio
    /// uses (for example what counts as an "active user").
    pub definition: String,
}

/// A validated metric definition.
///
/// ```
/// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
///
/// let nps = MetricDef::new(MetricDefData {
///     id: "nps".parse()?,
///     name: "Net promoter score".into(),
///     unit: Unit::Score,
///     direction: Direction::HigherIsBetter,
///     layer: Layer::ProductPerformance,
///     kind: folio_metrics::MetricKind::Outcome,
///     combine: Combine::WeightedMean { base: "nps_respondents".parse()? },
///     definition: "% promoters (9-10) minus % detractors (0-6) of the quarter's survey".into(),
/// })?;
/// assert_eq!(nps.unit(), Unit::Score);
///
/// // Averaging NPS without its base is an error, not a number.
/// let mut unweighted = nps.to_data();
/// unweighted.combine = Combine::Mean;
/// assert!(MetricDef::new(unweighted).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "MetricDefData", into = "MetricDefData")
)]
pub struct MetricDef {
    data: MetricDefData,
}

const SUM_REASON: &str = "values of this unit do not add up across products; use weighted_mean by a base or ratio_of_sums";
const MEAN_REASON: &str = "an unweighted mean lets a product with few observations count as much as one with many; use weighted_mean by a base or ratio_of_sums";

impl MetricDef {
    /// Validates `data`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDefinition`] for an empty or padded name, an empty definition,
    /// or a combine rule that refers to the metric itself (or a ratio whose numerator
    /// and denominator are one metric); [`Error::ForbiddenCombination`] for a sum of a
    /// percent, ratio or score, or an unweighted mean of one.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// // A mean of counts is allowed; a sum of percentages is not.
    /// let mut percent = active.to_data();
    /// percent.unit = Unit::Percent;
    /// assert!(MetricDef::new(percent).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(data: MetricDefData) -> Result<Self> {
        let invalid = |field, problem| Error::InvalidDefinition {
            metric: data.id.clone(),
            field,
            problem,
        };
        if data.name.trim().is_empty() {
            return Err(invalid("name", "is empty"));
        }
        if data.name.trim() != data.name {
            return Err(invalid("name", "starts or ends with white space"));
        }
        if data.definition.trim().is_empty() {
            return Err(invalid(
                "definition",
                "is empty: every metric needs its plain-language definition",
            ));
        }
        if data.combine.referenced_metrics().contains(&&data.id) {
            return Err(invalid("combine", "refers to the metric itself"));
        }
        if let Combine::RatioOfSums {
            numerator,
            denominator,
        } = &data.combine
        {
            if numerator == denominator {
                return Err(invalid(
                    "combine",
                    "has the same metric as numerator and denominator",
                ));
            }
        }
        let forbidden = match data.combine {
            Combine::Sum if !data.unit.is_additive() => Some(SUM_REASON),
            Combine::Mean if !data.unit.is_additive() => Some(MEAN_REASON),
            _ => None,
        };
        if let Some(reason) = forbidden {
            return Err(Error::ForbiddenCombination {
                metric: data.id.clone(),
                combine: data.combine.name(),
                unit: data.unit.name(),
                reason,
            });
        }
        Ok(Self { data })
    }

    /// The metric's id.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.id().as_str(), "active_users");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> &MetricId {
        &self.data.id
    }

    /// Display name.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.name(), "Active users");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// The unit of its values.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.unit(), Unit::Count);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> Unit {
        self.data.unit
    }

    /// Which way is better.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.direction(), Direction::HigherIsBetter);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.data.direction
    }

    /// The portfolio layer it informs.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.layer(), Layer::PortfolioHealth);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn layer(&self) -> Layer {
        self.data.layer
    }

    /// Whether it measures an outcome or an output.
    pub fn kind(&self) -> MetricKind {
        self.data.kind
    }

    /// How its values combine across products.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(active.combine(), &Combine::Sum);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn combine(&self) -> &Combine {
        &self.data.combine
    }

    /// The plain-language definition.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert!(active.definition().starts_with("Users with a session"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn definition(&self) -> &str {
        &self.data.definition
    }

    /// The plain-data form, for editing and rebuilding with [`MetricDef::new`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    ///
    /// let active = MetricDef::new(MetricDefData {
    ///     kind: folio_metrics::MetricKind::Outcome,
    ///     id: "active_users".parse()?,
    ///     name: "Active users".into(),
    ///     unit: Unit::Count,
    ///     direction: Direction::HigherIsBetter,
    ///     layer: Layer::PortfolioHealth,
    ///     combine: Combine::Sum,
    ///     definition: "Users with a session in the last 28 days".into(),
    /// })?;
    /// assert_eq!(MetricDef::new(active.to_data())?, active);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_data(&self) -> MetricDefData {
        self.data.clone()
    }

    /// The names of the fields in which two definitions differ, in field order.
    pub fn differences(&self, other: &Self) -> Vec<&'static str> {
        let (a, b) = (&self.data, &other.data);
        [
            ("id", a.id == b.id),
            ("name", a.name == b.name),
            ("unit", a.unit == b.unit),
            ("direction", a.direction == b.direction),
            ("layer", a.layer == b.layer),
            ("combine", a.combine == b.combine),
            ("definition", a.definition == b.definition),
        ]
        .into_iter()
        .filter(|&(_, same)| !same)
        .map(|(field, _)| field)
        .collect()
    }
}

impl TryFrom<MetricDefData> for MetricDef {
    type Error = Error;

    fn try_from(data: MetricDefData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<MetricDef> for MetricDefData {
    fn from(def: MetricDef) -> Self {
        def.data
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for MetricDef {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("MetricDef")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        MetricDefData::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(unit: Unit, combine: Combine) -> MetricDefData {
        MetricDefData {
            id: MetricId::new("m").unwrap(),
            name: "M".into(),
            unit,
            direction: Direction::HigherIsBetter,
            layer: Layer::PortfolioHealth,
            kind: crate::MetricKind::Outcome,
            combine,
            definition: "A metric.".into(),
        }
    }

    fn base() -> Combine {
        Combine::WeightedMean {
            base: MetricId::new("b").unwrap(),
        }
    }

    /// `None` for an accepted definition, else the forbidden rule's name.
    fn check(unit: Unit, combine: &Combine, forbidden: Option<&str>) {
        let got = match MetricDef::new(data(unit, combine.clone())) {
            Ok(_) => None,
            Err(Error::ForbiddenCombination { combine, .. }) => Some(combine),
            Err(other) => panic!("unexpected {other:?}"),
        };
        assert_eq!(got, forbidden, "{unit:?} {combine:?}");
    }

    #[test]
    fn combination_table() {
        let eur = Unit::Currency(Currency::new("EUR").unwrap());
        let days = Unit::Duration(DurationUnit::Days);
        for unit in [eur, Unit::Count, days] {
            for combine in [Combine::Sum, Combine::Mean, base(), Combine::Median] {
                check(unit, &combine, None);
            }
        }
        for unit in [Unit::Percent, Unit::Ratio, Unit::Score] {
            check(unit, &Combine::Sum, Some("sum"));
            check(unit, &Combine::Mean, Some("mean"));
            check(unit, &base(), None);
            check(unit, &Combine::Min, None);
            check(unit, &Combine::Max, None);
            check(unit, &Combine::Median, None);
            check(unit, &Combine::Last, None);
        }
    }

    #[test]
    fn malformed_definitions_name_the_field() {
        let field = |d: MetricDefData| match MetricDef::new(d) {
            Err(Error::InvalidDefinition { field, .. }) => field,
            other => panic!("unexpected {other:?}"),
        };
        let mut d = data(Unit::Count, Combine::Sum);
        d.name = " ".into();
        assert_eq!(field(d), "name");
        let mut d = data(Unit::Count, Combine::Sum);
        d.definition = String::new();
        assert_eq!(field(d), "definition");
        let d = data(
            Unit::Count,
            Combine::WeightedMean {
                base: MetricId::new("m").unwrap(),
            },
        );
        assert_eq!(field(d), "combine");
        let same = MetricId::new("x").unwrap();
        let d = data(
            Unit::Ratio,
            Combine::RatioOfSums {
                numerator: same.clone(),
                denominator: same,
            },
        );
        assert_eq!(field(d), "combine");
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn serde_shape_and_validation() {
        let json = r#"{"id":"nps","name":"NPS","unit":"score","direction":"higher_is_better",
            "layer":"product_performance","combine":{"weighted_mean":{"base":"resp"}},
            "definition":"Promoters minus detractors."}"#;
        let def: MetricDef = serde_json::from_str(json).unwrap();
        assert_eq!(def.combine().to_string(), "weighted_mean");
        assert_eq!(def.definition(), "Promoters minus detractors.");
        assert_eq!(
            (def.name(), def.direction(), def.layer()),
            ("NPS", Direction::HigherIsBetter, Layer::ProductPerformance)
        );
        let back: MetricDef = serde_json::from_str(&serde_json::to_string(&def).unwrap()).unwrap();
        assert_eq!(back, def);

        let summed = json.replace(r#"{"weighted_mean":{"base":"resp"}}"#, r#""sum""#);
        let err = serde_json::from_str::<MetricDef>(&summed).unwrap_err();
        assert!(
            err.to_string().contains("cannot sum a score metric"),
            "{err}"
        );
        let arr = r#"{"id":"arr","name":"ARR","unit":{"currency":"EUR"},"direction":"higher_is_better",
            "layer":"portfolio_health","combine":"sum","definition":"Annual recurring revenue."}"#;
        let def: MetricDef = serde_json::from_str(arr).unwrap();
        assert_eq!(def.unit().name(), "currency");
        assert!(serde_json::from_str::<MetricDef>(&arr.replace("\"sum\"", "\"total\"")).is_err());
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn schema_is_the_plain_data_form() {
        let schema = serde_json::to_value(schemars::schema_for!(MetricDef)).unwrap();
        assert_eq!(schema["title"], "MetricDef", "{schema}");
        assert!(schema["properties"]["combine"].is_object(), "{schema}");
        assert_eq!(schema["additionalProperties"], false, "{schema}");
    }

    #[test]
    fn differences_list_fields_in_order() {
        let a = MetricDef::new(data(Unit::Count, Combine::Sum)).unwrap();
        let mut d = data(Unit::Count, Combine::Max);
        d.name = "Other".into();
        let b = MetricDef::new(d).unwrap();
        assert_eq!(a.differences(&b), ["name", "combine"]);
        assert!(a.differences(&a).is_empty());
    }
}
