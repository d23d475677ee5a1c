//! Trend versus the previous assessment, per product and per dimension.
//!
//! Risk scores rise with risk, so a positive change is [`TrendDirection::Worsened`] and a
//! negative one [`TrendDirection::Improved`]. Changes are differences of the rounded scores
//! as shown (exact, no further rounding); any non-zero difference counts, there is no
//! tolerance band.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_types::{ProductId, RiskRating};
use rust_decimal::Decimal;

use crate::assessment::Assessment;
use crate::error::{Error, Result};
use crate::id::DimensionId;
use crate::math::sub;
use crate::score::{ProductScore, RiskAlert};

/// Which way a score moved.
///
/// # Example
///
/// ```
/// use folio_risk::TrendDirection;
/// use rust_decimal::Decimal;
///
/// // A higher risk score is worse.
/// assert_eq!(TrendDirection::of(Decimal::ONE), TrendDirection::Worsened);
/// assert_eq!(TrendDirection::Worsened.to_string(), "worsened");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "Which way a score moved.")
)]
pub enum TrendDirection {
    /// The score went up: more risk.
    Worsened,
    /// The score did not change.
    Unchanged,
    /// The score went down: less risk.
    Improved,
}

impl std::fmt::Display for TrendDirection {
    /// `worsened`, `unchanged` or `improved`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Worsened => "worsened",
            Self::Unchanged => "unchanged",
            Self::Improved => "improved",
        })
    }
}

impl TrendDirection {
    /// The direction of a change `current − previous`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::TrendDirection;
    /// use rust_decimal::Decimal;
    ///
    /// assert_eq!(TrendDirection::of(Decimal::new(5, 1)), TrendDirection::Worsened);
    /// assert_eq!(TrendDirection::of(Decimal::ZERO), TrendDirection::Unchanged);
    /// assert_eq!(TrendDirection::of(Decimal::new(-5, 1)).to_string(), "improved");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(change: Decimal) -> Self {
        if change > Decimal::ZERO {
            Self::Worsened
        } else if change < Decimal::ZERO {
            Self::Improved
        } else {
            Self::Unchanged
        }
    }
}

/// A score compared with its previous value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ScoreChange {
    /// The previous score.
    pub previous: RiskRating,
    /// `current − previous`.
    pub delta: Decimal,
    /// Which way it moved.
    pub direction: TrendDirection,
}

impl ScoreChange {
    fn between(current: RiskRating, previous: RiskRating) -> Result<Self> {
        let delta = sub(current.value(), previous.value(), "computing a trend")?;
        Ok(Self {
            previous,
            delta,
            direction: TrendDirection::of(delta),
        })
    }
}

/// One dimension's trend.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DimensionTrend {
    /// The dimension.
    pub dimension: DimensionId,
    /// Its current score; `None` if it was left out of the current assessment.
    pub current: Option<RiskRating>,
    /// The change since the previous assessment; `None` without a previous assessment
    /// or when either score is missing.
    pub change: Option<ScoreChange>,
}

/// One product's current score and its trend versus the previous assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ProductTrend {
    /// The current scored assessment.
    pub current: ProductScore,
    /// The date of the previous assessment, if there is one.
    pub previous_date: Option<NaiveDate>,
    /// The change of the overall score; `None` without a previous assessment.
    pub change: Option<ScoreChange>,
    /// Every dimension of the current score, in id order.
    pub dimensions: Vec<DimensionTrend>,
    /// The current alerts whose rule did not fire for the same subject at the previous
    /// assessment (all current alerts when there is none).
    pub new_alerts: Vec<RiskAlert>,
}

impl ProductTrend {
    /// Compares `current` with `previous`, dimension by dimension (matched by id, so a
    /// model that gained a dimension compares what both have).
    ///
    /// # Errors
    ///
    /// [`Error::ProductMismatch`] if the two scores are of different products,
    /// [`Error::NotBefore`] if `previous` is not dated before `current`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{ProductTrend, RiskModel, Scorer, ScoringConfig, TrendDirection};
    /// # use folio_risk::Assessment;
    /// # use folio_types::RiskRating;
    /// # use rust_decimal::Decimal;
    /// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
    /// #     let mut pairs = Vec::new();
    /// #     for &(factor, rating) in ratings {
    /// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
    /// #     }
    /// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
    /// # }
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// let all = |date: &str, r: i64| assess("atlas", date, &[
    ///     ("reliability", r), ("security", r), ("platform_debt", r),
    ///     ("competitive_pressure", r), ("churn_signals", r),
    ///     ("critical_path_delivery", r), ("dependency_risk", r),
    ///     ("margin_compression", r), ("cost_volatility", r),
    /// ]);
    /// let before = scorer.score(&all("2026-06-30", 2)?)?;
    /// let now = scorer.score(&all("2026-09-30", 3)?)?;
    /// let trend = ProductTrend::new(now, Some(&before))?;
    /// assert_eq!(trend.product().as_str(), "atlas");
    /// let change = trend.change.ok_or("no change")?;
    /// assert_eq!(change.delta.to_string(), "1"); // 3 - 2
    /// assert_eq!(change.direction, TrendDirection::Worsened);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(current: ProductScore, previous: Option<&ProductScore>) -> Result<Self> {
        let Some(previous) = previous else {
            let dimensions = current
                .dimensions()
                .map(|d| DimensionTrend {
                    dimension: d.dimension().clone(),
                    current: d.score(),
                    change: None,
                })
                .collect();
            let new_alerts = current.alerts.clone();
            return Ok(Self {
                current,
                previous_date: None,
                change: None,
                dimensions,
                new_alerts,
            });
        };
        if previous.product != current.product {
            return Err(Error::ProductMismatch {
                current: current.product.clone(),
                previous: previous.product.clone(),
            });
        }
        if previous.date >= current.date {
            return Err(Error::NotBefore {
                product: current.product.clone(),
                current: current.date,
                previous: previous.date,
            });
        }
        let mut dimensions = Vec::with_capacity(current.dimensions().len());
        for d in current.dimensions() {
            let before = previous
                .dimension(d.dimension().as_str())
                .and_then(|p| p.score());
            let change = match (d.score(), before) {
                (Some(now), Some(before)) => Some(ScoreChange::between(now, before)?),
                _ => None,
            };
            dimensions.push(DimensionTrend {
                dimension: d.dimension().clone(),
                current: d.score(),
                change,
            });
        }
        let new_alerts = current
            .alerts
            .iter()
            .filter(|a| {
                !previous
                    .alerts
                    .iter()
                    .any(|p| p.rule == a.rule && p.subject == a.subject)
            })
            .cloned()
            .collect();
        Ok(Self {
            change: Some(ScoreChange::between(current.score, previous.score)?),
            previous_date: Some(previous.date),
            current,
            dimensions,
            new_alerts,
        })
    }

    /// The product.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{ProductTrend, RiskModel, Scorer, ScoringConfig, TrendDirection};
    /// # use folio_risk::Assessment;
    /// # use folio_types::RiskRating;
    /// # use rust_decimal::Decimal;
    /// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
    /// #     let mut pairs = Vec::new();
    /// #     for &(factor, rating) in ratings {
    /// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
    /// #     }
    /// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
    /// # }
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// let all = |date: &str, r: i64| assess("atlas", date, &[
    ///     ("reliability", r), ("security", r), ("platform_debt", r),
    ///     ("competitive_pressure", r), ("churn_signals", r),
    ///     ("critical_path_delivery", r), ("dependency_risk", r),
    ///     ("margin_compression", r), ("cost_volatility", r),
    /// ]);
    /// let before = scorer.score(&all("2026-06-30", 2)?)?;
    /// let now = scorer.score(&all("2026-09-30", 3)?)?;
    /// let trend = ProductTrend::new(now, Some(&before))?;
    /// assert_eq!(trend.product().as_str(), "atlas");
    /// let change = trend.change.ok_or("no change")?;
    /// assert_eq!(change.delta.to_string(), "1"); // 3 - 2
    /// assert_eq!(change.direction, TrendDirection::Worsened);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn product(&self) -> &ProductId {
        &self.current.product
    }
}

/// For each product, its latest assessment dated on or before `as_of` and the one
/// before that; assessments after `as_of` are ignored.
///
/// # Errors
///
/// [`Error::DuplicateAssessment`] if a product has two assessments on one date
/// (checked over all assessments, the first in product, then date order).
///
/// # Example
///
/// ```
/// use folio_risk::latest_two;
/// use folio_types::NaiveDate;
/// # use folio_risk::Assessment;
/// # use folio_types::RiskRating;
/// # use rust_decimal::Decimal;
/// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
/// #     let mut pairs = Vec::new();
/// #     for &(factor, rating) in ratings {
/// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
/// #     }
/// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
/// # }
///
/// let assessments = [
///     assess("atlas", "2026-03-31", &[("security", 2)])?,
///     assess("atlas", "2026-06-30", &[("security", 3)])?,
///     assess("atlas", "2026-09-30", &[("security", 4)])?,
/// ];
/// // As of August the September assessment does not exist yet.
/// let as_of = NaiveDate::from_ymd_opt(2026, 8, 1).ok_or("bad date")?;
/// let latest = latest_two(&assessments, as_of)?;
/// let (current, previous) = latest.get("atlas").ok_or("no atlas")?;
/// assert_eq!(current.date.to_string(), "2026-06-30");
/// assert_eq!(previous.map(|p| p.date.to_string()), Some("2026-03-31".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn latest_two(
    assessments: &[Assessment],
    as_of: NaiveDate,
) -> Result<BTreeMap<ProductId, (&Assessment, Option<&Assessment>)>> {
    let mut sorted: Vec<&Assessment> = assessments.iter().collect();
    sorted.sort_by(|a, b| a.product.cmp(&b.product).then(a.date.cmp(&b.date)));
    if let Some((product, date)) = sorted.windows(2).find_map(|pair| match pair {
        [a, b] if a.product == b.product && a.date == b.date => Some((a.product.clone(), a.date)),
        _ => None,
    }) {
        return Err(Error::DuplicateAssessment { product, date });
    }
    let mut latest: BTreeMap<ProductId, (&Assessment, Option<&Assessment>)> = BTreeMap::new();
    // Dates ascend within a product, so each later assessment pushes the current one
    // into the previous slot.
    for assessment in sorted.into_iter().filter(|a| a.date <= as_of) {
        latest
            .entry(assessment.product.clone())
            .and_modify(|(current, previous)| {
                *previous = Some(*current);
                *current = assessment;
            })
            .or_insert((assessment, None));
    }
    Ok(latest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_table() {
        for (change, direction) in [
            ("0.0001", TrendDirection::Worsened),
            ("2", TrendDirection::Worsened),
            ("0", TrendDirection::Unchanged),
            ("-0", TrendDirection::Unchanged),
            ("-0.0001", TrendDirection::Improved),
            ("-4", TrendDirection::Improved),
        ] {
            assert_eq!(
                TrendDirection::of(change.parse().unwrap()),
                direction,
                "{change}"
            );
        }
    }
}
