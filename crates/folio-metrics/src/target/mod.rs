//! Targets and progress toward them.
//!
//! A [`Target`] names a metric and a [`Goal`]: increase to, decrease to, stay above,
//! stay below, stay within a range, or reach a milestone. [`Target::progress`] turns a
//! current value into a [`Progress`]; whether over-achievement shows as a value above 1
//! or is capped at 1 is the caller's explicit [`Scoring`] choice.
//!
//! # Formulas
//!
//! With current value `c`:
//!
//! | goal | progress | met when |
//! |---|---|---|
//! | increase `baseline -> target` | `(c - baseline) / (target - baseline)`, at least 0 | `c >= target` |
//! | decrease `baseline -> target` | `(baseline - c) / (baseline - target)`, at least 0 | `c <= target` |
//! | stay above `threshold` | 1 if `c >= threshold`, else 0 | `c >= threshold` |
//! | stay below `threshold` | 1 if `c <= threshold`, else 0 | `c <= threshold` |
//! | within `low..=high` | 1 if `low <= c <= high`, else 0 | `low <= c <= high` |
//! | milestone | `c` itself, which must be 0 (not done) or 1 (done) | `c == 1` |
//!
//! Conventions:
//!
//! - Movement in the wrong direction (below the baseline of an increase) is progress 0,
//!   never negative: [`Progress`] is non-negative by construction. Use
//!   [`Target::gap`] for the signed distance still to go.
//! - Guard rails (stay above, stay below, within a range) and milestones are held or
//!   not: they score 0 or 1 and never over-achieve.
//! - Under [`Scoring::AllowOverAchievement`], an increase past its target scores above
//!   1 (`baseline 100, target 120, current 130` is 1.5); under [`Scoring::Clamped`] it
//!   scores 1.
//! - Division rounds to 28 significant digits.
//!
//! # Contradictions
//!
//! A target equal to its baseline (the formula would divide by zero), an increase
//! target below its baseline, a decrease target above it, and a range whose low end is
//! above its high end are [`Error::ContradictoryTarget`] when the target is built, also
//! from JSON. [`Target::check_against`] adds the metric's direction (increasing a
//! lower-is-better metric is a contradiction), and [`TargetSet`] rejects targets on one
//! metric that cannot all hold at once (stay above 50 and stay below 40).

mod set;

pub use set::TargetSet;

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use folio_types::{MetricId, Progress};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::def::{Direction, MetricDef};
use crate::error::{Error, Result};
use crate::math;

/// What a target asks of a metric.
///
/// In JSON: `{"increase_to": {"baseline": "100", "target": "120"}}`,
/// `{"stay_below": {"threshold": "5"}}`, `{"within_range": {"low": "70", "high": "85"}}`,
/// `"milestone"`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Goal {
    /// Raise the metric from `baseline` to `target` (`target > baseline`).
    IncreaseTo {
        /// Where the metric started.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        baseline: Decimal,
        /// Where it should get to.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        target: Decimal,
    },
    /// Lower the metric from `baseline` to `target` (`target < baseline`).
    DecreaseTo {
        /// Where the metric started.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        baseline: Decimal,
        /// Where it should get to.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        target: Decimal,
    },
    /// Keep the metric at or above `threshold`.
    StayAbove {
        /// The floor.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        threshold: Decimal,
    },
    /// Keep the metric at or below `threshold`.
    StayBelow {
        /// The ceiling.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        threshold: Decimal,
    },
    /// Keep the metric within `low..=high`.
    WithinRange {
        /// The lowest acceptable value.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        low: Decimal,
        /// The highest acceptable value.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        high: Decimal,
    },
    /// Done (1) or not done (0).
    Milestone,
}

impl Goal {
    /// The goal's name as used in JSON and messages: `"increase_to"`, ...
    pub const fn name(&self) -> &'static str {
        match self {
            Self::IncreaseTo { .. } => "increase_to",
            Self::DecreaseTo { .. } => "decrease_to",
            Self::StayAbove { .. } => "stay_above",
            Self::StayBelow { .. } => "stay_below",
            Self::WithinRange { .. } => "within_range",
            Self::Milestone => "milestone",
        }
    }

    /// The values the goal accepts as met, as `(lowest, highest)`; `None` for an open
    /// end. A milestone accepts exactly 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Goal;
    /// use rust_decimal::Decimal;
    ///
    /// let range = Goal::WithinRange { low: Decimal::from(70), high: Decimal::from(85) };
    /// assert_eq!(range.accepted(), (Some(Decimal::from(70)), Some(Decimal::from(85))));
    /// assert_eq!(Goal::StayBelow { threshold: Decimal::from(5) }.accepted(), (None, Some(Decimal::from(5))));
    /// assert_eq!(range.name(), "within_range");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accepted(&self) -> (Option<Decimal>, Option<Decimal>) {
        match *self {
            Self::IncreaseTo { target, .. } | Self::StayAbove { threshold: target } => {
                (Some(target), None)
            }
            Self::DecreaseTo { target, .. } | Self::StayBelow { threshold: target } => {
                (None, Some(target))
            }
            Self::WithinRange { low, high } => (Some(low), Some(high)),
            Self::Milestone => (Some(Decimal::ONE), Some(Decimal::ONE)),
        }
    }
}

/// Whether progress above 1 is kept or capped. There is no default: every caller says
/// which it wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Scoring {
    /// Progress is capped at 1: beating the target counts as meeting it.
    Clamped,
    /// Progress above 1 is kept: beating the target by half its distance is 1.5.
    AllowOverAchievement,
}

/// The plain-data form of a [`Target`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TargetData {
    /// The metric the target is for.
    pub metric: MetricId,
    /// What the target asks.
    pub goal: Goal,
}

/// A validated target on one metric.
///
/// ```
/// use folio_metrics::{Goal, Scoring, Target};
/// use rust_decimal::Decimal;
///
/// let churn = Target::new("logo_churn".parse()?, Goal::DecreaseTo {
///     baseline: Decimal::new(8, 0),
///     target: Decimal::new(5, 0),
/// })?;
/// // From 8% to 6% is two thirds of the way to 5%.
/// let p = churn.progress(Decimal::new(6, 0), Scoring::Clamped)?;
/// assert_eq!(p.value().round_dp(4).to_string(), "0.6667");
///
/// // A decrease "to" a value above the baseline is a contradiction, not a number.
/// assert!(Target::new("logo_churn".parse()?, Goal::DecreaseTo {
///     baseline: Decimal::new(5, 0),
///     target: Decimal::new(8, 0),
/// }).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "TargetData", into = "TargetData"))]
pub struct Target {
    metric: MetricId,
    goal: Goal,
}

impl Target {
    /// Validates a target.
    ///
    /// # Errors
    ///
    /// [`Error::ContradictoryTarget`] for a target equal to its baseline, an increase
    /// target below its baseline, a decrease target above it, or a range with
    /// `low > high`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Goal, Target};
    /// use rust_decimal::Decimal;
    ///
    /// // Raise adoption from 40 to 60 percent.
    /// let target = Target::new("adoption".parse()?, Goal::IncreaseTo { baseline: Decimal::from(40), target: Decimal::from(60) })?;
    /// assert_eq!(target.metric().as_str(), "adoption");
    /// // An "increase" whose target is below its baseline is an error.
    /// assert!(Target::new("adoption".parse()?, Goal::IncreaseTo { baseline: Decimal::from(60), target: Decimal::from(40) }).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(metric: MetricId, goal: Goal) -> Result<Self> {
        let problem = match goal {
            Goal::IncreaseTo { baseline, target } | Goal::DecreaseTo { baseline, target }
                if target == baseline =>
            {
                Some(format!(
                    "the target {target} equals the baseline, so there is no distance to cover"
                ))
            }
            Goal::IncreaseTo { baseline, target } if target < baseline => Some(format!(
                "an increase target {target} is below its baseline {baseline}"
            )),
            Goal::DecreaseTo { baseline, target } if target > baseline => Some(format!(
                "a decrease target {target} is above its baseline {baseline}"
            )),
            Goal::WithinRange { low, high } if low > high => Some(format!(
                "the range's low end {low} is above its high end {high}"
            )),
            _ => None,
        };
        match problem {
            Some(problem) => Err(Error::ContradictoryTarget { metric, problem }),
            None => Ok(Self { metric, goal }),
        }
    }

    /// The metric the target is for.
    pub fn metric(&self) -> &MetricId {
        &self.metric
    }

    /// What the target asks.
    pub fn goal(&self) -> Goal {
        self.goal
    }

    /// Checks the target against its metric's definition.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if `def` is another metric's definition;
    /// [`Error::ContradictoryTarget`] for an increase target on a lower-is-better
    /// metric or a decrease target on a higher-is-better one.
    pub fn check_against(&self, def: &MetricDef) -> Result<()> {
        if def.id() != &self.metric {
            return Err(Error::UnknownMetric {
                metric: self.metric.clone(),
                referrer: format!(
                    "a target checked against the definition of {:?}",
                    def.id().as_str()
                ),
            });
        }
        let against = match (self.goal, def.direction()) {
            (Goal::IncreaseTo { .. }, Direction::LowerIsBetter) => {
                Some("an increase target on a lower-is-better metric")
            }
            (Goal::DecreaseTo { .. }, Direction::HigherIsBetter) => {
                Some("a decrease target on a higher-is-better metric")
            }
            _ => None,
        };
        match against {
            Some(problem) => Err(Error::ContradictoryTarget {
                metric: self.metric.clone(),
                problem: problem.to_owned(),
            }),
            None => Ok(()),
        }
    }

    /// Progress from `current`, scored as `scoring` says. See the [module
    /// docs](self) for the formulas.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a milestone value other than 0 or 1; an overflow as
    /// [`Error::Core`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Goal, Target};
    /// use rust_decimal::Decimal;
    ///
    /// // Raise adoption from 40 to 60 percent.
    /// let target = Target::new("adoption".parse()?, Goal::IncreaseTo { baseline: Decimal::from(40), target: Decimal::from(60) })?;
    /// // At 55: (55 - 40) / (60 - 40) = 0.75 of the way.
    /// use folio_metrics::Scoring;
    /// assert_eq!(target.progress(Decimal::from(55), Scoring::Clamped)?.value(), Decimal::new(75, 2));
    /// // At 70, 1.5 with over-achievement kept, 1 when clamped.
    /// assert_eq!(target.progress(Decimal::from(70), Scoring::AllowOverAchievement)?.value(), Decimal::new(15, 1));
    /// assert_eq!(target.progress(Decimal::from(70), Scoring::Clamped)?.value(), Decimal::ONE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(&self, current: Decimal, scoring: Scoring) -> Result<Progress> {
        let raw = match self.goal {
            Goal::IncreaseTo { baseline, target } => {
                let done = math::sub(current, baseline, "measuring progress")?;
                let distance = math::sub(target, baseline, "measuring progress")?;
                math::div(done, distance, "measuring progress")?
            }
            Goal::DecreaseTo { baseline, target } => {
                let done = math::sub(baseline, current, "measuring progress")?;
                let distance = math::sub(baseline, target, "measuring progress")?;
                math::div(done, distance, "measuring progress")?
            }
            Goal::Milestone => {
                if current != Decimal::ZERO && current != Decimal::ONE {
                    return Err(Error::InvalidValue {
                        field: "milestone value",
                        value: current.to_string(),
                        problem: "a milestone is 0 (not done) or 1 (done)",
                    });
                }
                current
            }
            Goal::StayAbove { .. } | Goal::StayBelow { .. } | Goal::WithinRange { .. } => {
                if self.is_met(current)? {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            }
        };
        let progress = Progress::new(raw.max(Decimal::ZERO))?;
        Ok(match scoring {
            Scoring::Clamped => progress.clamped(),
            Scoring::AllowOverAchievement => progress,
        })
    }

    /// Whether `current` meets the target.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a milestone value other than 0 or 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Goal, Target};
    /// use rust_decimal::Decimal;
    ///
    /// // Raise adoption from 40 to 60 percent.
    /// let target = Target::new("adoption".parse()?, Goal::IncreaseTo { baseline: Decimal::from(40), target: Decimal::from(60) })?;
    /// assert!(!target.is_met(Decimal::from(59))?);
    /// assert!(target.is_met(Decimal::from(60))?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_met(&self, current: Decimal) -> Result<bool> {
        if self.goal == Goal::Milestone && current != Decimal::ZERO && current != Decimal::ONE {
            return Err(Error::InvalidValue {
                field: "milestone value",
                value: current.to_string(),
                problem: "a milestone is 0 (not done) or 1 (done)",
            });
        }
        let (low, high) = self.goal.accepted();
        Ok(low.is_none_or(|low| current >= low) && high.is_none_or(|high| current <= high))
    }

    /// The signed distance from `current` to the nearest accepted value: positive when
    /// the metric must still rise, negative when it must still fall, zero when the
    /// target is met.
    ///
    /// # Errors
    ///
    /// An overflow as [`Error::Core`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Goal, Target};
    /// use rust_decimal::Decimal;
    ///
    /// // Raise adoption from 40 to 60 percent.
    /// let target = Target::new("adoption".parse()?, Goal::IncreaseTo { baseline: Decimal::from(40), target: Decimal::from(60) })?;
    /// // 15 points to go from 45; nothing once the target is met.
    /// assert_eq!(target.gap(Decimal::from(45))?, Decimal::from(15));
    /// assert_eq!(target.gap(Decimal::from(65))?, Decimal::ZERO);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gap(&self, current: Decimal) -> Result<Decimal> {
        let (low, high) = self.goal.accepted();
        if let Some(low) = low.filter(|low| current < *low) {
            return math::sub(low, current, "measuring the gap to a target");
        }
        if let Some(high) = high.filter(|high| current > *high) {
            return math::sub(high, current, "measuring the gap to a target");
        }
        Ok(Decimal::ZERO)
    }
}

impl TryFrom<TargetData> for Target {
    type Error = Error;

    fn try_from(data: TargetData) -> Result<Self> {
        Self::new(data.metric, data.goal)
    }
}

impl From<Target> for TargetData {
    fn from(target: Target) -> Self {
        Self {
            metric: target.metric,
            goal: target.goal,
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Target")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        TargetData::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::def::{Combine, Layer, MetricDefData, Unit};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn target(goal: Goal) -> Target {
        Target::new(MetricId::new("m").unwrap(), goal).unwrap()
    }

    fn inc(b: &str, t: &str) -> Goal {
        Goal::IncreaseTo {
            baseline: d(b),
            target: d(t),
        }
    }

    fn dec(b: &str, t: &str) -> Goal {
        Goal::DecreaseTo {
            baseline: d(b),
            target: d(t),
        }
    }

    /// Checks progress under both scorings and whether the target is met.
    fn check(goal: Goal, current: &str, clamped: &str, over: &str, met: bool) {
        let t = target(goal);
        let c = d(current);
        assert_eq!(
            t.progress(c, Scoring::Clamped).unwrap().value(),
            d(clamped),
            "{goal:?} at {current}, clamped"
        );
        assert_eq!(
            t.progress(c, Scoring::AllowOverAchievement)
                .unwrap()
                .value(),
            d(over),
            "{goal:?} at {current}, over-achievement allowed"
        );
        assert_eq!(t.is_met(c).unwrap(), met, "{goal:?} at {current}");
    }

    #[test]
    fn progress_table() {
        check(inc("100", "120"), "110", "0.5", "0.5", false);
        check(inc("100", "120"), "120", "1", "1", true);
        check(inc("100", "120"), "130", "1", "1.5", true);
        check(inc("100", "120"), "90", "0", "0", false);
        check(inc("-10", "10"), "0", "0.5", "0.5", false);
        check(dec("8", "5"), "6.5", "0.5", "0.5", false);
        check(dec("8", "5"), "2", "1", "2", true);
        check(dec("8", "5"), "9", "0", "0", false);
        let above = Goal::StayAbove { threshold: d("50") };
        check(above, "50", "1", "1", true);
        check(above, "49.99", "0", "0", false);
        check(above, "500", "1", "1", true);
        let below = Goal::StayBelow { threshold: d("5") };
        check(below, "5", "1", "1", true);
        check(below, "5.01", "0", "0", false);
        let range = Goal::WithinRange {
            low: d("70"),
            high: d("85"),
        };
        check(range, "69", "0", "0", false);
        check(range, "70", "1", "1", true);
        check(range, "85", "1", "1", true);
        check(range, "86", "0", "0", false);
        check(Goal::Milestone, "0", "0", "0", false);
        check(Goal::Milestone, "1", "1", "1", true);
    }

    #[test]
    fn milestone_values_other_than_zero_or_one_are_errors() {
        let t = target(Goal::Milestone);
        assert!(matches!(
            t.progress(d("0.5"), Scoring::Clamped),
            Err(Error::InvalidValue { .. })
        ));
        assert!(t.is_met(d("2")).is_err());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn contradictions_are_errors() {
        let problem = |goal| match Target::new(MetricId::new("m").unwrap(), goal) {
            Err(Error::ContradictoryTarget { problem, .. }) => problem,
            other => panic!("expected a contradiction, got {other:?}"),
        };
        assert!(problem(inc("100", "100")).contains("equals the baseline"));
        assert!(problem(dec("5", "5")).contains("equals the baseline"));
        assert!(problem(inc("100", "90")).contains("below its baseline"));
        assert!(problem(dec("5", "8")).contains("above its baseline"));
        assert!(
            problem(Goal::WithinRange {
                low: d("2"),
                high: d("1")
            })
            .contains("low end")
        );
        assert!(
            Target::new(
                MetricId::new("m").unwrap(),
                Goal::WithinRange {
                    low: d("1"),
                    high: d("1")
                }
            )
            .is_ok()
        );

        let err = serde_json::from_str::<Target>(
            r#"{"metric":"churn","goal":{"decrease_to":{"baseline":"5","target":"8"}}}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("contradictory target for metric \"churn\""),
            "{err}"
        );
    }

    #[test]
    fn direction_must_agree() {
        let def = |direction| {
            MetricDef::new(MetricDefData {
                id: MetricId::new("m").unwrap(),
                name: "M".into(),
                unit: Unit::Percent,
                direction,
                layer: Layer::ProductPerformance,
                kind: crate::MetricKind::Outcome,
                combine: Combine::Median,
                definition: "A metric.".into(),
            })
            .unwrap()
        };
        let up = target(inc("1", "2"));
        assert!(up.check_against(&def(Direction::HigherIsBetter)).is_ok());
        assert!(up.check_against(&def(Direction::LowerIsBetter)).is_err());
        let down = target(dec("2", "1"));
        assert!(down.check_against(&def(Direction::HigherIsBetter)).is_err());
        let other = Target::new(MetricId::new("x").unwrap(), Goal::Milestone).unwrap();
        assert!(matches!(
            other.check_against(&def(Direction::HigherIsBetter)),
            Err(Error::UnknownMetric { .. })
        ));
    }

    #[test]
    fn gap_is_signed() {
        assert_eq!(target(inc("100", "120")).gap(d("110")).unwrap(), d("10"));
        assert_eq!(target(dec("8", "5")).gap(d("6")).unwrap(), d("-1"));
        assert_eq!(target(inc("100", "120")).gap(d("130")).unwrap(), d("0"));
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn names_and_schema() {
        let names: Vec<&str> = [
            inc("1", "2"),
            dec("2", "1"),
            Goal::StayAbove { threshold: d("1") },
            Goal::StayBelow { threshold: d("1") },
            Goal::WithinRange {
                low: d("1"),
                high: d("2"),
            },
            Goal::Milestone,
        ]
        .iter()
        .map(Goal::name)
        .collect();
        assert_eq!(
            names,
            [
                "increase_to",
                "decrease_to",
                "stay_above",
                "stay_below",
                "within_range",
                "milestone"
            ]
        );
        // The names are the JSON tags.
        let json = serde_json::to_string(&inc("1", "2")).unwrap();
        assert!(json.starts_with(r#"{"increase_to""#), "{json}");
        let schema = serde_json::to_value(schemars::schema_for!(Target)).unwrap();
        assert_eq!(schema["title"], "Target", "{schema}");
        assert!(schema["properties"]["goal"].is_object(), "{schema}");
        assert_eq!(schema["additionalProperties"], false, "{schema}");
    }
}
