//! The portfolio questions: which product lines are winning, stable or declining, and
//! which products are quietly draining capacity.
//!
//! # Winning, stable or declining
//!
//! [`classify_lines`] reads three signals per product line in a period, each the
//! line's products combined per the metric's definition (see
//! [`Observations::readings`]):
//!
//! | signal | value | winning vote | declining vote |
//! |---|---|---|---|
//! | growth | relative change of the growth metric from the previous period | `>= growth_winning` | `<= growth_declining` |
//! | retention | the retention metric's value in the period | `>= retention_winning` | `<= retention_declining` |
//! | adoption | absolute change of the adoption metric from the previous period | `>= adoption_winning` | `<= adoption_declining` |
//!
//! A signal without data (no value in either period, or growth from zero) does not
//! vote. Then, with `W` winning and `D` declining votes among `n` signals that voted
//! or abstained with data:
//!
//! 1. fewer than `min_signals` signals with data: [`LineClass::InsufficientData`];
//! 2. `D >= declining_votes`: [`LineClass::Declining`];
//! 3. `W >= winning_votes` and `D == 0`: [`LineClass::Winning`];
//! 4. otherwise [`LineClass::Stable`].
//!
//! Every threshold lives in [`ClassificationPolicy`], whose defaults are documented on
//! [`ClassificationPolicy::new`]; each result carries its signals as evidence.
//!
//! # Quietly draining capacity
//!
//! [`capacity_drain`] compares each product's share of what it consumes (capacity or
//! spend) with its share of the value it returns (revenue, margin): `gap =
//! consumption share - value share`. A product whose gap is at least `min_gap` is
//! draining. Shares are exact quotients; products missing from one side count as zero
//! there.

use std::collections::{BTreeMap, BTreeSet};

use folio_types::{MetricId, Period, ProductId, ProductLineId, Structure};
use rust_decimal::Decimal;

use crate::aggregate::aggregate;
use crate::catalog::MetricCatalog;
use crate::error::{Error, Result};
use crate::math;
use crate::observation::Observations;

/// The metrics and thresholds of [`classify_lines`]. Thresholds are in the metrics'
/// own units.
///
/// A policy that exists is valid: [`new`](Self::new) gives the documented defaults,
/// the `with_*` methods and deserialization check every change, and the fields are
/// private. The rules:
///
/// - each signal's winning threshold is strictly above its declining threshold (a
///   value at or above one and at or below the other would vote both ways);
/// - `winning_votes`, `declining_votes` and `min_signals` are 1 to 3, the number of
///   signals that exist (a count of 0 would classify every line, one above 3 none).
///
/// # Example
///
/// ```
/// use folio_metrics::ClassificationPolicy;
/// use rust_decimal::Decimal;
///
/// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?)
///     .with_growth(Decimal::new(10, 2), Decimal::ZERO)?;
/// assert_eq!(policy.growth_winning(), Decimal::new(10, 2));
/// // Crossed thresholds and impossible vote counts are errors.
/// assert!(policy.clone().with_growth(Decimal::new(-5, 2), Decimal::new(5, 2)).is_err());
/// assert!(policy.with_votes(4, 2, 2).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "ClassificationPolicyData",
        into = "ClassificationPolicyData"
    )
)]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The metrics and thresholds of the winning / stable / declining classification, in the metrics' own units. Each winning threshold must be above its declining threshold; vote counts and min_signals are 1 to 3."
    )
)]
pub struct ClassificationPolicy {
    growth_metric: MetricId,
    retention_metric: MetricId,
    adoption_metric: MetricId,
    growth_winning: Decimal,
    growth_declining: Decimal,
    retention_winning: Decimal,
    retention_declining: Decimal,
    adoption_winning: Decimal,
    adoption_declining: Decimal,
    winning_votes: u8,
    declining_votes: u8,
    min_signals: u8,
}

/// The serde form of a [`ClassificationPolicy`].
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct ClassificationPolicyData {
    /// The metric whose relative change is the growth signal (e.g. revenue).
    growth_metric: MetricId,
    /// The metric whose value is the retention signal (e.g. NRR).
    retention_metric: MetricId,
    /// The metric whose absolute change is the adoption signal (e.g. active share).
    adoption_metric: MetricId,
    /// Growth at or above this votes winning; above `growth_declining`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    growth_winning: Decimal,
    /// Growth at or below this votes declining.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    growth_declining: Decimal,
    /// Retention at or above this votes winning; above `retention_declining`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    retention_winning: Decimal,
    /// Retention at or below this votes declining.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    retention_declining: Decimal,
    /// An adoption change at or above this votes winning; above `adoption_declining`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    adoption_winning: Decimal,
    /// An adoption change at or below this votes declining.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    adoption_declining: Decimal,
    /// Winning votes needed (with no declining vote) to be winning; 1 to 3.
    winning_votes: u8,
    /// Declining votes needed to be declining; 1 to 3.
    declining_votes: u8,
    /// Signals with data needed to classify at all; 1 to 3.
    min_signals: u8,
}

impl TryFrom<ClassificationPolicyData> for ClassificationPolicy {
    type Error = Error;

    fn try_from(d: ClassificationPolicyData) -> Result<Self> {
        let policy = Self {
            growth_metric: d.growth_metric,
            retention_metric: d.retention_metric,
            adoption_metric: d.adoption_metric,
            growth_winning: d.growth_winning,
            growth_declining: d.growth_declining,
            retention_winning: d.retention_winning,
            retention_declining: d.retention_declining,
            adoption_winning: d.adoption_winning,
            adoption_declining: d.adoption_declining,
            winning_votes: d.winning_votes,
            declining_votes: d.declining_votes,
            min_signals: d.min_signals,
        };
        policy.validate()?;
        Ok(policy)
    }
}

impl From<ClassificationPolicy> for ClassificationPolicyData {
    fn from(p: ClassificationPolicy) -> Self {
        Self {
            growth_metric: p.growth_metric,
            retention_metric: p.retention_metric,
            adoption_metric: p.adoption_metric,
            growth_winning: p.growth_winning,
            growth_declining: p.growth_declining,
            retention_winning: p.retention_winning,
            retention_declining: p.retention_declining,
            adoption_winning: p.adoption_winning,
            adoption_declining: p.adoption_declining,
            winning_votes: p.winning_votes,
            declining_votes: p.declining_votes,
            min_signals: p.min_signals,
        }
    }
}

/// The number of signals [`classify_lines`] reads: growth, retention, adoption.
const SIGNALS: u8 = 3;

fn invalid(field: &'static str, problem: String) -> Error {
    Error::Core(folio_types::Error::InvalidSetting {
        setting: "classification policy",
        field,
        problem,
    })
}

impl ClassificationPolicy {
    /// A policy over the three metrics with the default thresholds, which assume
    /// growth and adoption as fractions and retention as a fraction (NRR 1.0 = 100%):
    ///
    /// - growth: winning at `+5%` per period or more, declining at `-1%` or less;
    /// - retention: winning at `1.0` or more, declining at `0.9` or less;
    /// - adoption: winning at `+0.02` (two points) or more, declining at `-0.02` or
    ///   less;
    /// - two winning votes and no declining vote to win, two declining votes to
    ///   decline, and at least two signals with data.
    ///
    /// ```
    /// use folio_metrics::ClassificationPolicy;
    ///
    /// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?);
    /// assert_eq!(policy.growth_winning().to_string(), "0.05");
    /// assert_eq!(policy.min_signals(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        growth_metric: MetricId,
        retention_metric: MetricId,
        adoption_metric: MetricId,
    ) -> Self {
        Self {
            growth_metric,
            retention_metric,
            adoption_metric,
            growth_winning: Decimal::new(5, 2),
            growth_declining: Decimal::new(-1, 2),
            retention_winning: Decimal::ONE,
            retention_declining: Decimal::new(9, 1),
            adoption_winning: Decimal::new(2, 2),
            adoption_declining: Decimal::new(-2, 2),
            winning_votes: 2,
            declining_votes: 2,
            min_signals: 2,
        }
    }

    /// Checks the rules listed on the type.
    fn validate(&self) -> Result<()> {
        for (field, winning, other, declining) in [
            (
                "growth_winning",
                self.growth_winning,
                "growth_declining",
                self.growth_declining,
            ),
            (
                "retention_winning",
                self.retention_winning,
                "retention_declining",
                self.retention_declining,
            ),
            (
                "adoption_winning",
                self.adoption_winning,
                "adoption_declining",
                self.adoption_declining,
            ),
        ] {
            if winning <= declining {
                return Err(invalid(
                    field,
                    format!("({winning}) must be above {other} ({declining})"),
                ));
            }
        }
        for (field, count) in [
            ("winning_votes", self.winning_votes),
            ("declining_votes", self.declining_votes),
            ("min_signals", self.min_signals),
        ] {
            if !(1..=SIGNALS).contains(&count) {
                return Err(invalid(
                    field,
                    format!("({count}) must be 1 to {SIGNALS}, the number of signals"),
                ));
            }
        }
        Ok(())
    }

    /// The same policy with growth thresholds `winning` and `declining`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`folio_types::Error::InvalidSetting`] naming
    /// `growth_winning` unless `winning > declining`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::ClassificationPolicy;
    /// use rust_decimal::Decimal;
    ///
    /// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?);
    /// let err = policy.with_growth(Decimal::ZERO, Decimal::ZERO).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid classification policy: growth_winning (0) must be above growth_declining (0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_growth(self, winning: Decimal, declining: Decimal) -> Result<Self> {
        let policy = Self {
            growth_winning: winning,
            growth_declining: declining,
            ..self
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The same policy with retention thresholds `winning` and `declining`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`folio_types::Error::InvalidSetting`] naming
    /// `retention_winning` unless `winning > declining`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::ClassificationPolicy;
    /// use rust_decimal::Decimal;
    ///
    /// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?)
    ///     .with_retention(Decimal::new(11, 1), Decimal::new(95, 2))?;
    /// assert_eq!(policy.retention_declining().to_string(), "0.95");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_retention(self, winning: Decimal, declining: Decimal) -> Result<Self> {
        let policy = Self {
            retention_winning: winning,
            retention_declining: declining,
            ..self
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The same policy with adoption-change thresholds `winning` and `declining`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`folio_types::Error::InvalidSetting`] naming
    /// `adoption_winning` unless `winning > declining`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::ClassificationPolicy;
    /// use rust_decimal::Decimal;
    ///
    /// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?)
    ///     .with_adoption(Decimal::new(5, 2), Decimal::new(-5, 2))?;
    /// assert_eq!(policy.adoption_winning().to_string(), "0.05");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_adoption(self, winning: Decimal, declining: Decimal) -> Result<Self> {
        let policy = Self {
            adoption_winning: winning,
            adoption_declining: declining,
            ..self
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The same policy with the vote counts: winning votes needed (with no declining
    /// vote) to win, declining votes needed to decline, and signals with data needed to
    /// classify at all.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`folio_types::Error::InvalidSetting`] naming the first
    /// count outside 1 to 3.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::ClassificationPolicy;
    ///
    /// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?);
    /// assert_eq!(policy.clone().with_votes(3, 1, 3)?.winning_votes(), 3);
    /// assert!(policy.with_votes(2, 0, 2).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_votes(
        self,
        winning_votes: u8,
        declining_votes: u8,
        min_signals: u8,
    ) -> Result<Self> {
        let policy = Self {
            winning_votes,
            declining_votes,
            min_signals,
            ..self
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The metric whose relative change is the growth signal.
    pub fn growth_metric(&self) -> &MetricId {
        &self.growth_metric
    }

    /// The metric whose value is the retention signal.
    pub fn retention_metric(&self) -> &MetricId {
        &self.retention_metric
    }

    /// The metric whose absolute change is the adoption signal.
    pub fn adoption_metric(&self) -> &MetricId {
        &self.adoption_metric
    }

    /// Growth at or above this votes winning.
    pub fn growth_winning(&self) -> Decimal {
        self.growth_winning
    }

    /// Growth at or below this votes declining.
    pub fn growth_declining(&self) -> Decimal {
        self.growth_declining
    }

    /// Retention at or above this votes winning.
    pub fn retention_winning(&self) -> Decimal {
        self.retention_winning
    }

    /// Retention at or below this votes declining.
    pub fn retention_declining(&self) -> Decimal {
        self.retention_declining
    }

    /// An adoption change at or above this votes winning.
    pub fn adoption_winning(&self) -> Decimal {
        self.adoption_winning
    }

    /// An adoption change at or below this votes declining.
    pub fn adoption_declining(&self) -> Decimal {
        self.adoption_declining
    }

    /// Winning votes needed (with no declining vote) to be winning.
    pub fn winning_votes(&self) -> u8 {
        self.winning_votes
    }

    /// Declining votes needed to be declining.
    pub fn declining_votes(&self) -> u8 {
        self.declining_votes
    }

    /// Signals with data needed to classify at all.
    pub fn min_signals(&self) -> u8 {
        self.min_signals
    }
}

/// A product line's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LineClass {
    /// Compounding: enough winning signals and none declining.
    Winning,
    /// Neither winning nor declining.
    Stable,
    /// Enough declining signals.
    Declining,
    /// Too few signals with data to say.
    InsufficientData,
}

impl std::fmt::Display for LineClass {
    /// `winning`, `stable`, `declining` or `insufficient data`.
    ///
    /// ```
    /// use folio_metrics::LineClass;
    ///
    /// assert_eq!(LineClass::InsufficientData.to_string(), "insufficient data");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Winning => "winning",
            Self::Stable => "stable",
            Self::Declining => "declining",
            Self::InsufficientData => "insufficient data",
        })
    }
}

/// Which signal a [`Signal`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SignalKind {
    /// Relative change of the growth metric.
    Growth,
    /// Value of the retention metric.
    Retention,
    /// Absolute change of the adoption metric.
    Adoption,
}

impl std::fmt::Display for SignalKind {
    /// `growth`, `retention` or `adoption`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Growth => "growth",
            Self::Retention => "retention",
            Self::Adoption => "adoption",
        })
    }
}

/// How a signal voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Vote {
    /// At or past the winning threshold.
    Winning,
    /// Between the thresholds.
    Neutral,
    /// At or past the declining threshold.
    Declining,
}

impl std::fmt::Display for Vote {
    /// `winning`, `neutral` or `declining`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Winning => "winning",
            Self::Neutral => "neutral",
            Self::Declining => "declining",
        })
    }
}

/// One signal behind a classification: the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Signal {
    /// Which signal.
    pub kind: SignalKind,
    /// The metric read.
    pub metric: MetricId,
    /// The line's value in the previous period (for growth and adoption).
    pub previous: Option<Decimal>,
    /// The line's value in the period.
    pub current: Decimal,
    /// The signal: the relative change, the value, or the absolute change.
    pub value: Decimal,
    /// Its vote.
    pub vote: Vote,
}

/// A product line's class with the signals that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LineClassification {
    /// The line.
    pub line: ProductLineId,
    /// Its class.
    pub class: LineClass,
    /// The signals with data, in [`SignalKind`] order.
    pub signals: Vec<Signal>,
}

/// Classifies every product line of `structure` in `period` as winning, stable or
/// declining (see the [module docs](self) for the rule).
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_types::{Structure, StructureData};
/// use folio_metrics::{ClassificationPolicy, LineClass, MetricCatalog, Observations, classify_lines};
///
/// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [
///   {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
///    "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."},
///   {"id": "nrr", "name": "NRR", "unit": "ratio", "direction": "higher_is_better",
///    "layer": "product_performance", "combine": "median", "definition": "Net revenue retention."},
///   {"id": "adoption", "name": "Adoption", "unit": "ratio", "direction": "higher_is_better",
///    "layer": "product_performance", "combine": "median", "definition": "Active share of seats."}]}"#)?;
/// let structure = Structure::new(serde_json::from_str::<StructureData>(r#"{
///   "lines": [{"id": "analytics", "name": "Analytics", "horizon": "grow"},
///             {"id": "legacy", "name": "Legacy", "horizon": "core"}],
///   "products": [{"id": "atlas", "name": "Atlas", "line": "analytics"},
///                {"id": "ledger", "name": "Ledger", "line": "legacy"}]}"#)?)?;
/// let observations: Observations = serde_json::from_str(r#"[
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q2", "value": "100"},
///   {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "112"},
///   {"metric": "nrr", "product": "atlas", "period": "2026-Q3", "value": "1.15"},
///   {"metric": "revenue", "product": "ledger", "period": "2026-Q2", "value": "100"},
///   {"metric": "revenue", "product": "ledger", "period": "2026-Q3", "value": "95"},
///   {"metric": "nrr", "product": "ledger", "period": "2026-Q3", "value": "0.85"}
/// ]"#)?;
/// let policy = ClassificationPolicy::new("revenue".parse()?, "nrr".parse()?, "adoption".parse()?);
/// let lines = classify_lines(&catalog, &structure, &observations, "2026-Q3".parse()?, &policy)?;
/// assert_eq!(lines[0].class, LineClass::Winning); // analytics: +12% growth, NRR 115%
/// assert_eq!(lines[1].class, LineClass::Declining); // legacy: -5% growth, NRR 85%
/// assert_eq!(lines[1].signals.len(), 2); // no adoption data: that signal abstains
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::UnknownMetric`] for a policy metric not in `catalog`; the errors of
/// [`Observations::readings`] and [`aggregate`] (a missing base, say);
/// [`Error::Core`] at the edge of the representable dates.
pub fn classify_lines(
    catalog: &MetricCatalog,
    structure: &Structure,
    observations: &Observations,
    period: Period,
    policy: &ClassificationPolicy,
) -> Result<Vec<LineClassification>> {
    let previous = period.previous()?;
    let mut results = Vec::with_capacity(structure.lines().len());
    for line in structure.lines() {
        let products: BTreeSet<&ProductId> =
            structure.products_in(&line.id).map(|p| &p.id).collect();
        let value =
            |metric: &MetricId, p: Period| line_value(catalog, observations, metric, p, &products);
        let mut signals = Vec::new();

        let growth = (
            value(&policy.growth_metric, previous)?,
            value(&policy.growth_metric, period)?,
        );
        if let (Some(before), Some(now)) = growth {
            if !before.is_zero() {
                let change = math::div(
                    math::sub(now, before, "computing line growth")?,
                    before.abs(),
                    "computing line growth",
                )?;
                signals.push(signal(
                    SignalKind::Growth,
                    &policy.growth_metric,
                    Some(before),
                    now,
                    change,
                    (policy.growth_winning, policy.growth_declining),
                ));
            }
        }
        if let Some(now) = value(&policy.retention_metric, period)? {
            signals.push(signal(
                SignalKind::Retention,
                &policy.retention_metric,
                None,
                now,
                now,
                (policy.retention_winning, policy.retention_declining),
            ));
        }
        let adoption = (
            value(&policy.adoption_metric, previous)?,
            value(&policy.adoption_metric, period)?,
        );
        if let (Some(before), Some(now)) = adoption {
            signals.push(signal(
                SignalKind::Adoption,
                &policy.adoption_metric,
                Some(before),
                now,
                math::sub(now, before, "computing an adoption change")?,
                (policy.adoption_winning, policy.adoption_declining),
            ));
        }

        let count = |vote| signals.iter().filter(|s| s.vote == vote).count();
        let (winning, declining) = (count(Vote::Winning), count(Vote::Declining));
        let class = if signals.len() < usize::from(policy.min_signals) {
            LineClass::InsufficientData
        } else if declining >= usize::from(policy.declining_votes) {
            LineClass::Declining
        } else if winning >= usize::from(policy.winning_votes) && declining == 0 {
            LineClass::Winning
        } else {
            LineClass::Stable
        };
        results.push(LineClassification {
            line: line.id.clone(),
            class,
            signals,
        });
    }
    Ok(results)
}

fn signal(
    kind: SignalKind,
    metric: &MetricId,
    previous: Option<Decimal>,
    current: Decimal,
    value: Decimal,
    (winning, declining): (Decimal, Decimal),
) -> Signal {
    let vote = if value >= winning {
        Vote::Winning
    } else if value <= declining {
        Vote::Declining
    } else {
        Vote::Neutral
    };
    Signal {
        kind,
        metric: metric.clone(),
        previous,
        current,
        value,
        vote,
    }
}

/// The metric combined over `products` in `period`; `None` when none has a value.
fn line_value(
    catalog: &MetricCatalog,
    observations: &Observations,
    metric: &MetricId,
    period: Period,
    products: &BTreeSet<&ProductId>,
) -> Result<Option<Decimal>> {
    let def = catalog.require(metric, "a line classification policy")?;
    let readings: Vec<_> = observations
        .readings(catalog, metric, period)?
        .into_iter()
        .filter(|r| products.contains(&r.product))
        .collect();
    if readings.is_empty() {
        return Ok(None);
    }
    Ok(Some(aggregate(def, &readings)?.value))
}

/// One product's consumption against its return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ProductBalance {
    /// The product.
    pub product: ProductId,
    /// Its share of the total consumption (capacity or spend).
    pub consumption_share: Decimal,
    /// Its share of the total value returned.
    pub value_share: Decimal,
    /// `consumption_share - value_share`: positive when it takes more than it gives.
    pub gap: Decimal,
    /// Whether `gap >= min_gap`.
    pub draining: bool,
}

/// Each product's share of consumption against its share of value, largest gap
/// first (ties by product id); `draining` marks gaps of at least `min_gap` (0.05 is
/// five percentage points).
///
/// ```
/// use std::collections::BTreeMap;
/// use folio_metrics::capacity_drain;
/// use rust_decimal::Decimal;
///
/// let capacity = BTreeMap::from([("atlas".parse()?, Decimal::from(30)), ("ledger".parse()?, Decimal::from(70))]);
/// let revenue = BTreeMap::from([("atlas".parse()?, Decimal::from(60)), ("ledger".parse()?, Decimal::from(40))]);
/// let balance = capacity_drain(&capacity, &revenue, Decimal::new(5, 2))?;
/// // Ledger takes 70% of capacity for 40% of revenue.
/// assert_eq!(balance[0].product.as_str(), "ledger");
/// assert_eq!(balance[0].gap, Decimal::new(3, 1));
/// assert!(balance[0].draining && !balance[1].draining);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Core`] with [`folio_types::Error::InvalidSetting`] for a negative
/// `min_gap`; [`Error::Empty`] for no products; [`Error::Negative`] for a negative amount;
/// [`Error::ZeroDenominator`] if either side sums to zero.
pub fn capacity_drain(
    consumption: &BTreeMap<ProductId, Decimal>,
    value: &BTreeMap<ProductId, Decimal>,
    min_gap: Decimal,
) -> Result<Vec<ProductBalance>> {
    if min_gap.is_sign_negative() && !min_gap.is_zero() {
        return Err(Error::Core(folio_types::Error::InvalidSetting {
            setting: "capacity drain",
            field: "min_gap",
            problem: format!("({min_gap}) must not be negative: every product would drain"),
        }));
    }
    let products: BTreeSet<&ProductId> = consumption.keys().chain(value.keys()).collect();
    if products.is_empty() {
        return Err(Error::Empty {
            what: "products",
            computing: "capacity drain".to_owned(),
        });
    }
    let total = |side: &BTreeMap<ProductId, Decimal>, what| -> Result<Decimal> {
        for amount in side.values() {
            math::non_negative(*amount, what)?;
        }
        let sum = math::sum(side.values().copied(), "summing a side of capacity drain")?;
        if sum.is_zero() {
            return Err(Error::ZeroDenominator {
                what,
                computing: "capacity drain".to_owned(),
            });
        }
        Ok(sum)
    };
    let consumed = total(consumption, "the total consumption")?;
    let returned = total(value, "the total value")?;
    let mut balances = Vec::with_capacity(products.len());
    for product in products {
        let share = |side: &BTreeMap<ProductId, Decimal>, of: Decimal| {
            let amount = side.get(product).copied().unwrap_or(Decimal::ZERO);
            math::div(amount, of, "computing a share")
        };
        let consumption_share = share(consumption, consumed)?;
        let value_share = share(value, returned)?;
        let gap = math::sub(consumption_share, value_share, "computing a gap")?.normalize();
        balances.push(ProductBalance {
            product: product.clone(),
            consumption_share,
            value_share,
            gap,
            draining: gap >= min_gap,
        });
    }
    balances.sort_by(|a, b| b.gap.cmp(&a.gap).then_with(|| a.product.cmp(&b.product)));
    Ok(balances)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn map(entries: &[(&str, &str)]) -> BTreeMap<ProductId, Decimal> {
        entries
            .iter()
            .map(|(p, v)| (ProductId::new(p).unwrap(), d(v)))
            .collect()
    }

    #[test]
    fn drain_table() {
        let got = capacity_drain(
            &map(&[("a", "50"), ("b", "25"), ("c", "25")]),
            &map(&[("a", "50"), ("b", "50")]),
            d("0.05"),
        )
        .unwrap();
        let rows: Vec<(&str, String, bool)> = got
            .iter()
            .map(|b| (b.product.as_str(), b.gap.to_string(), b.draining))
            .collect();
        assert_eq!(
            rows,
            [
                ("c", "0.25".to_owned(), true),
                ("a", "0".to_owned(), false),
                ("b", "-0.25".to_owned(), false),
            ]
        );
        assert!(matches!(
            capacity_drain(&map(&[]), &map(&[]), d("0")),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            capacity_drain(&map(&[("a", "0")]), &map(&[("a", "1")]), d("0")),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(capacity_drain(&map(&[("a", "-1")]), &map(&[("a", "1")]), d("0")).is_err());
    }

    #[cfg(feature = "serde")]
    fn policy() -> ClassificationPolicy {
        ClassificationPolicy::new(
            MetricId::new("revenue").unwrap(),
            MetricId::new("nrr").unwrap(),
            MetricId::new("adoption").unwrap(),
        )
    }

    #[cfg(feature = "serde")]
    /// Classifies one line from (previous revenue, revenue, NRR, previous adoption,
    /// adoption), any of them absent.
    fn check(values: [Option<&str>; 5], expected: LineClass) {
        let catalog: MetricCatalog = serde_json::from_str(
            r#"{"metrics": [
            {"id": "revenue", "name": "Revenue", "unit": "count", "direction": "higher_is_better",
             "layer": "portfolio_health", "combine": "sum", "definition": "Revenue."},
            {"id": "nrr", "name": "NRR", "unit": "ratio", "direction": "higher_is_better",
             "layer": "product_performance", "combine": "median", "definition": "NRR."},
            {"id": "adoption", "name": "Adoption", "unit": "ratio", "direction": "higher_is_better",
             "layer": "product_performance", "combine": "median", "definition": "Adoption."}]}"#,
        )
        .unwrap();
        let structure: Structure = serde_json::from_str(
            r#"{"lines": [{"id": "l", "name": "L", "horizon": "grow"}],
                "products": [{"id": "p", "name": "P", "line": "l"}]}"#,
        )
        .unwrap();
        let mut observations = Observations::new();
        let slots = [
            ("revenue", "2026-Q1"),
            ("revenue", "2026-Q2"),
            ("nrr", "2026-Q2"),
            ("adoption", "2026-Q1"),
            ("adoption", "2026-Q2"),
        ];
        for ((metric, period), value) in slots.iter().zip(values) {
            if let Some(v) = value {
                let period: Period = period.parse().unwrap();
                observations
                    .insert(
                        MetricId::new(metric).unwrap(),
                        ProductId::new("p").unwrap(),
                        period.end(),
                        d(v),
                    )
                    .unwrap();
            }
        }
        let got = classify_lines(
            &catalog,
            &structure,
            &observations,
            "2026-Q2".parse().unwrap(),
            &policy(),
        )
        .unwrap();
        assert_eq!(got[0].class, expected, "{values:?}: {:?}", got[0].signals);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn classification_table() {
        // growth +10%, NRR 1.1, adoption +5 points: all winning.
        check(
            [
                Some("100"),
                Some("110"),
                Some("1.1"),
                Some("0.3"),
                Some("0.35"),
            ],
            LineClass::Winning,
        );
        // Two winning, one neutral: still winning.
        check(
            [
                Some("100"),
                Some("110"),
                Some("1.1"),
                Some("0.3"),
                Some("0.3"),
            ],
            LineClass::Winning,
        );
        // Two winning but one declining: stable.
        check(
            [
                Some("100"),
                Some("110"),
                Some("1.1"),
                Some("0.3"),
                Some("0.2"),
            ],
            LineClass::Stable,
        );
        // Growth -5% and NRR 0.85: declining.
        check(
            [Some("100"), Some("95"), Some("0.85"), None, None],
            LineClass::Declining,
        );
        // Neutral growth and retention.
        check(
            [Some("100"), Some("102"), Some("0.95"), None, None],
            LineClass::Stable,
        );
        // Only one signal with data.
        check(
            [None, Some("95"), Some("0.85"), None, None],
            LineClass::InsufficientData,
        );
        // Growth from zero does not vote.
        check(
            [Some("0"), Some("95"), Some("1.2"), None, None],
            LineClass::InsufficientData,
        );
    }
}
