//! The value-versus-budget frontier: how much risk-adjusted value the best plan keeps
//! at each level of spend, so a leader sees the marginal value of money.
//!
//! Each point is an exact [`cut()`](crate::cut()) whose spend ceiling is the level times
//! today's planned spend; per-period budgets, capacity, mandates, dependencies and the
//! mix bounds hold as in a cut. Above 100% the ceiling no longer binds, so the curve is
//! flat there unless the portfolio holds more work than its budgets allow: a flat top
//! says money is not what limits the portfolio.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use folio_allocation::{FrontierOptions, Portfolio, frontier};
//! use folio_types::{Decimal, Ratio};
//!
//! # let portfolio: Portfolio = serde_json::from_str(r#"{
//! #   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
//! #   "initiatives": [
//! #     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
//! #       "start": 0, "cost": [{ "money": "60" }], "value": { "source": "given", "npv": "120" } },
//! #     { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
//! #       "start": 0, "cost": [{ "money": "40" }], "value": { "source": "given", "npv": "60" } }
//! #   ]
//! # }"#)?;
//! // Two levels of a planned spend of 100: 60% keeps only a (120), 100% keeps both (180);
//! // the extra 40 of ceiling buys 60 of value, 1.5 per unit.
//! let options = FrontierOptions::new(
//!     Ratio::new(Decimal::new(6, 1))?,
//!     Ratio::new(Decimal::ONE)?,
//!     Ratio::new(Decimal::new(4, 1))?,
//! )?;
//! let curve = frontier(&portfolio, options)?;
//! assert_eq!(curve.points.len(), 2);
//! assert_eq!(curve.points[0].value, Some(Decimal::from(120)));
//! assert_eq!(curve.points[1].marginal_value, Some(Decimal::new(15, 1)));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use folio_types::decimal::percent_points;
use folio_types::{Currency, Money, Ratio};
use rust_decimal::Decimal;

use crate::constraint::Constraint;
use crate::cut::{CutOptions, Reduction, SolveStatus, plan_under};
use crate::error::{Error, Result, overflow};
use crate::model::Portfolio;
use crate::shown::two_places;

/// The most points a frontier may have.
pub const MAX_POINTS: usize = 1_000;

/// Which levels of spend to evaluate.
///
/// A value that exists is valid: [`new`](Self::new), [`with_cut`](Self::with_cut) and
/// deserialization check the levels (`from` not negative, `step` positive,
/// `from <= to`, at most [`MAX_POINTS`] points), and the fields are private.
///
/// ```
/// use folio_allocation::FrontierOptions;
///
/// let options = FrontierOptions::new("0.5".parse()?, "1".parse()?, "0.1".parse()?)?;
/// assert_eq!(options.step().to_string(), "0.1");
/// // Crossed levels are an error naming the level.
/// let err = FrontierOptions::new("1.2".parse()?, "1".parse()?, "0.1".parse()?).unwrap_err();
/// assert_eq!(err.to_string(), "frontier level 1.2 is not allowed: must not exceed the highest level");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<FrontierOptions>(r#"{"step": "0"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
pub struct FrontierOptions {
    /// The lowest level, as a share of today's planned spend (default 0.70).
    from: Ratio,
    /// The highest level (default 1.10).
    to: Ratio,
    /// The step between levels (default 0.05).
    step: Ratio,
    /// Options of each cut.
    cut: CutOptions,
}

impl FrontierOptions {
    /// Levels from `from` to `to` (inclusive where a step lands on it) every `step`,
    /// as shares of today's planned spend, each cut with the default [`CutOptions`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the offending level and why: a negative
    /// `from`, a `step` not above 0, `from` above `to`, or more than [`MAX_POINTS`]
    /// points.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_allocation::FrontierOptions;
    ///
    /// let default = FrontierOptions::new("0.7".parse()?, "1.1".parse()?, "0.05".parse()?)?;
    /// assert_eq!(default, FrontierOptions::default());
    /// assert!(FrontierOptions::new("0.7".parse()?, "1.1".parse()?, "0".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(from: Ratio, to: Ratio, step: Ratio) -> Result<Self> {
        let options = Self {
            from,
            to,
            step,
            cut: CutOptions::default(),
        };
        options.validate()?;
        Ok(options)
    }

    /// The same levels, each cut with `cut` (valid by its type).
    ///
    /// ```
    /// use folio_allocation::{CutOptions, FrontierOptions};
    ///
    /// let cut = CutOptions::default().with_honour_protection(false);
    /// let options = FrontierOptions::default().with_cut(cut);
    /// assert!(!options.cut().honour_protection());
    /// ```
    #[must_use]
    pub fn with_cut(self, cut: CutOptions) -> Self {
        Self { cut, ..self }
    }

    /// The lowest level, as a share of today's planned spend.
    pub fn from(&self) -> Ratio {
        self.from
    }

    /// The highest level.
    pub fn to(&self) -> Ratio {
        self.to
    }

    /// The step between levels; above 0.
    pub fn step(&self) -> Ratio {
        self.step
    }

    /// Options of each cut.
    pub fn cut(&self) -> CutOptions {
        self.cut
    }

    /// Checks the rules listed on the type. Deserialization runs this check, and so
    /// does [`frontier`].
    fn validate(&self) -> Result<()> {
        self.points().map(|_| ())
    }

    /// The number of steps from `from` to `to`, after the checks listed on the type.
    fn points(&self) -> Result<u64> {
        let (from, to, step) = (self.from.value(), self.to.value(), self.step.value());
        let bad = |value: Decimal, reason| Error::InvalidParameter {
            parameter: "frontier level",
            value: value.to_string(),
            reason,
        };
        if from < Decimal::ZERO {
            return Err(bad(from, "must not be negative"));
        }
        if step <= Decimal::ZERO {
            return Err(bad(step, "the step must be positive"));
        }
        if from > to {
            return Err(bad(from, "must not exceed the highest level"));
        }
        let count = to
            .checked_sub(from)
            .and_then(|d| d.checked_div(step))
            .map(|n| n.floor())
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| overflow("counting frontier points"))?;
        if count >= u64::try_from(MAX_POINTS).unwrap_or(u64::MAX) {
            return Err(bad(step, "too many points (at most 1,000)"));
        }
        Ok(count)
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(FrontierOptions);

impl Default for FrontierOptions {
    fn default() -> Self {
        Self {
            from: Ratio::from_decimal(Decimal::new(70, 2)),
            to: Ratio::from_decimal(Decimal::new(110, 2)),
            step: Ratio::from_decimal(Decimal::new(5, 2)),
            cut: CutOptions::default(),
        }
    }
}

/// One level of spend.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FrontierPoint {
    /// The level, as a share of today's planned spend.
    pub level: Decimal,
    /// The spend ceiling at this level.
    pub ceiling: Decimal,
    /// The best plan's risk-adjusted value, or `None` when nothing is feasible.
    pub value: Option<Decimal>,
    /// The best plan's spend.
    pub spend: Option<Decimal>,
    /// Value added per unit of extra ceiling since the previous feasible point.
    pub marginal_value: Option<Decimal>,
    /// How the plan was found (`None` when infeasible).
    pub status: Option<SolveStatus>,
    /// The binding constraint when infeasible.
    pub infeasible: Option<Constraint>,
}

/// The value-versus-budget curve.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Frontier {
    /// The portfolio's currency.
    pub currency: Currency,
    /// Today's planned spend.
    pub planned_spend: Decimal,
    /// The points, lowest level first.
    pub points: Vec<FrontierPoint>,
}

/// Computes the frontier.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{FrontierOptions, Portfolio, frontier};
/// use folio_types::Decimal;
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
///   "initiatives": [
///     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
///       "start": 0, "cost": [{ "money": "60" }], "value": { "source": "given", "npv": "120" } },
///     { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
///       "start": 0, "cost": [{ "money": "40" }], "value": { "source": "given", "npv": "60" } }
///   ]
/// }"#)?;
/// let curve = frontier(&portfolio, FrontierOptions::default())?;
/// assert_eq!(curve.points.len(), 9); // 70%, 75%, ..., 110%
/// assert_eq!(curve.points[0].value, Some(Decimal::from(120))); // 70: only a fits
/// assert_eq!(curve.points[6].value, Some(Decimal::from(180))); // 100: both
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidParameter`] for a negative level, a non-positive step, `from > to`
/// or more than [`MAX_POINTS`] points; errors of [`cut()`](crate::cut()) other than
/// infeasibility, which is a point with no value.
pub fn frontier(portfolio: &Portfolio, options: FrontierOptions) -> Result<Frontier> {
    let count = options.points()?;
    let (from, step) = (options.from.value(), options.step.value());
    let planned = portfolio.planned_spend();
    let mut points = Vec::new();
    let mut last: Option<(Decimal, Decimal)> = None;
    for n in 0..=count {
        let level = step
            .checked_mul(Decimal::from(n))
            .and_then(|d| d.checked_add(from))
            .ok_or_else(|| overflow("stepping the frontier"))?;
        let ceiling = planned
            .checked_mul(level)
            .ok_or_else(|| overflow("stepping the frontier"))?;
        let reduction = Reduction::Share(Ratio::from_decimal(
            Decimal::ONE.checked_sub(level).unwrap_or_default(),
        ));
        match plan_under(portfolio, reduction, ceiling, options.cut, false) {
            Ok(plan) => {
                let marginal = match last {
                    Some((c, v)) if ceiling > c => plan
                        .value_kept
                        .checked_sub(v)
                        .and_then(|dv| ceiling.checked_sub(c).and_then(|dc| dv.checked_div(dc))),
                    _ => None,
                };
                last = Some((ceiling, plan.value_kept));
                points.push(FrontierPoint {
                    level,
                    ceiling,
                    value: Some(plan.value_kept),
                    spend: Some(plan.kept_spend),
                    marginal_value: marginal,
                    status: Some(plan.status),
                    infeasible: None,
                });
            }
            Err(Error::Infeasible { constraint, .. }) => points.push(FrontierPoint {
                level,
                ceiling,
                value: None,
                spend: None,
                marginal_value: None,
                status: None,
                infeasible: Some(constraint),
            }),
            Err(e) => return Err(e),
        }
    }
    Ok(Frontier {
        currency: portfolio.currency(),
        planned_spend: planned,
        points,
    })
}

impl FrontierPoint {
    /// "at 90% of spend (ceiling 900 USD): keeps 1500 USD, 2.1 per extra unit".
    ///
    /// ```
    /// use folio_allocation::{Constraint, FrontierPoint, SolveStatus};
    /// use folio_types::{Currency, Decimal};
    ///
    /// let usd: Currency = "USD".parse()?;
    /// // 90% of a planned spend of 1000; 210 more value for the last 100 of ceiling.
    /// let mut point = FrontierPoint {
    ///     level: Decimal::new(90, 2),
    ///     ceiling: Decimal::from(900),
    ///     value: Some(Decimal::from(1500)),
    ///     spend: Some(Decimal::from(880)),
    ///     marginal_value: Some(Decimal::from(210) / Decimal::from(100)),
    ///     status: Some(SolveStatus::Optimal),
    ///     infeasible: None,
    /// };
    /// assert_eq!(point.describe(usd), "at 90% of spend (ceiling 900 USD): keeps 1500 USD, 2.1 per extra unit of spend");
    /// point.value = None;
    /// point.infeasible = Some(Constraint::SpendCeiling);
    /// assert_eq!(point.describe(usd), "at 90% of spend (ceiling 900 USD): infeasible (the reduced spend ceiling)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self, currency: Currency) -> String {
        let pct = percent_points(self.level, 2);
        let ceiling = Money::new(two_places(self.ceiling), currency);
        match self.value {
            Some(v) => {
                let mut s = format!(
                    "at {pct}% of spend (ceiling {ceiling}): keeps {}",
                    Money::new(two_places(v), currency)
                );
                if let Some(m) = self.marginal_value {
                    s.push_str(&format!(", {} per extra unit of spend", two_places(m)));
                }
                s
            }
            None => format!(
                "at {pct}% of spend (ceiling {ceiling}): infeasible ({})",
                self.infeasible
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string)
            ),
        }
    }
}

impl fmt::Display for Frontier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, p) in self.points.iter().enumerate() {
            if n > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&p.describe(self.currency))?;
        }
        Ok(())
    }
}
