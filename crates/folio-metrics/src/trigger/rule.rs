//! Trigger rules as data: ids, conditions, persistence, actions, scope.

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use chrono::NaiveDate;
use folio_types::{MetricId, Period};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};

/// The most periods a persistence may span: enough for decades of months, and a
/// bound on the work one rule can ask for.
pub const MAX_PERSISTENCE: u32 = 1_000;

folio_types::define_id!(
    /// Identifies a trigger rule: 1 to 128 characters, no surrounding white space, no
    /// control characters (the same rules as folio-types's ids, from
    /// [`folio_types::define_id!`]).
    pub RuleId,
    "rule id",
    path = "folio_metrics::RuleId"
);

/// When a rule's value is out of bounds.
///
/// In JSON: `{"below": {"threshold": "0.3"}}`, `{"outside": {"low": "1", "high": "2"}}`,
/// `{"variance_above": {"expected": "expected_benefit", "percent": "20"}}`,
/// `{"not_updated_since": {"days": 45}}`, ...
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Condition {
    /// The value is strictly below `threshold`.
    Below {
        /// The floor.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        threshold: Decimal,
    },
    /// The value is strictly above `threshold`.
    Above {
        /// The ceiling.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        threshold: Decimal,
    },
    /// The value is outside `low..=high`.
    Outside {
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
    /// The value differs from the `expected` metric's value by more than `percent`
    /// percent of the expected value.
    VarianceAbove {
        /// The metric holding the expected values (e.g. benefits at approval time).
        expected: MetricId,
        /// The largest tolerated variance, in percent (20 means 20%).
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        percent: Decimal,
    },
    /// The latest observation is more than `days` days old.
    NotUpdatedSince {
        /// The longest tolerated silence, in days.
        days: u32,
    },
}

impl std::fmt::Display for Condition {
    /// The condition in plain words: `below 0.2`, `above 5`, `outside 1..3`, `more
    /// than 20% from expected_benefit`, `not updated for 45 days`.
    ///
    /// ```
    /// use folio_metrics::Condition;
    /// use rust_decimal::Decimal;
    ///
    /// let c = Condition::Below { threshold: Decimal::new(2, 1) };
    /// assert_eq!(c.to_string(), "below 0.2");
    /// assert_eq!(Condition::NotUpdatedSince { days: 45 }.to_string(), "not updated for 45 days");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Below { threshold } => write!(f, "below {threshold}"),
            Self::Above { threshold } => write!(f, "above {threshold}"),
            Self::Outside { low, high } => write!(f, "outside {low}..{high}"),
            Self::VarianceAbove { expected, percent } => {
                write!(f, "more than {percent}% from {expected}")
            }
            Self::NotUpdatedSince { days } => write!(f, "not updated for {days} days"),
        }
    }
}

impl Condition {
    /// Whether `value` meets a threshold condition; `None` for the conditions that
    /// are not about a single value (variance, staleness).
    pub(super) fn holds(&self, value: Decimal) -> Option<bool> {
        match *self {
            Self::Below { threshold } => Some(value < threshold),
            Self::Above { threshold } => Some(value > threshold),
            Self::Outside { low, high } => Some(value < low || value > high),
            Self::VarianceAbove { .. } | Self::NotUpdatedSince { .. } => None,
        }
    }
}

/// The calendar periods a persistence counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Cadence {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl Cadence {
    /// The period of this cadence that contains `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] at the edge of the representable dates.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::Cadence;
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 8, 15).ok_or("bad date")?;
    /// assert_eq!(Cadence::Quarter.period_of(day)?, Period::quarter(2026, 3)?);
    /// assert_eq!(Cadence::Month.period_of(day)?.to_string(), "2026-08");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_of(self, date: NaiveDate) -> Result<Period> {
        Ok(match self {
            Self::Month => Period::month_of(date)?,
            Self::Quarter => Period::quarter_of(date)?,
            Self::Year => Period::year_of(date)?,
        })
    }
}

/// "For `periods` consecutive `cadence`s": how long a condition must hold before the
/// rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Persistence {
    /// How many consecutive periods, 1 to [`MAX_PERSISTENCE`].
    pub periods: u32,
    /// The kind of period.
    pub cadence: Cadence,
}

/// What a fired rule requires.
///
/// In JSON: `"fix_or_sunset_plan"`, `"justification_or_scope_change"`,
/// `"post_mortem"` or `{"custom": "executive review"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Action {
    /// A plan to fix the product or sunset it.
    FixOrSunsetPlan,
    /// A justification of the investment, or a change of its scope.
    JustificationOrScopeChange,
    /// A post-mortem of the variance.
    PostMortem,
    /// An action of the organization's own, by name.
    Custom(String),
}

impl std::fmt::Display for Action {
    /// The action in plain words: `a fix-or-sunset plan`, `a justification or a scope
    /// change`, `a post-mortem`, or `a <name>` for a custom action.
    ///
    /// ```
    /// use folio_metrics::Action;
    ///
    /// assert_eq!(Action::PostMortem.to_string(), "a post-mortem");
    /// assert_eq!(Action::Custom("executive review".into()).to_string(), "a executive review");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FixOrSunsetPlan => f.write_str("a fix-or-sunset plan"),
            Self::JustificationOrScopeChange => f.write_str("a justification or a scope change"),
            Self::PostMortem => f.write_str("a post-mortem"),
            Self::Custom(name) => write!(f, "a {name}"),
        }
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Scope {
    /// Each product's own series (the default).
    #[default]
    EachProduct,
    /// The metric combined across products per its definition, period by period.
    /// Needs a persistence (whose cadence gives the periods).
    Portfolio,
}

/// The plain-data form of a [`Rule`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RuleData {
    /// The rule's id.
    pub id: RuleId,
    /// The metric watched.
    pub metric: MetricId,
    /// Each product, or the portfolio as a whole.
    #[cfg_attr(feature = "serde", serde(default))]
    pub scope: Scope,
    /// When the value is out of bounds.
    pub condition: Condition,
    /// How long the condition must hold; `None` tests the latest value only.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub persistence: Option<Persistence>,
    /// What a firing requires.
    pub action: Action,
}

/// A validated trigger rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RuleData", into = "RuleData"))]
pub struct Rule {
    data: RuleData,
}

impl Rule {
    /// Validates a rule.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRule`] for a range with `low > high`, a negative variance
    /// percentage, a variance against the metric itself, a persistence outside
    /// `1..=MAX_PERSISTENCE` or on a staleness condition, a portfolio rule without a
    /// persistence, or a custom action with an empty name.
    pub fn new(data: RuleData) -> Result<Self> {
        let problem = match &data.condition {
            Condition::Outside { low, high } if low > high => {
                Some("the range's low end is above its high end")
            }
            Condition::VarianceAbove { percent, .. } if percent.is_sign_negative() => {
                Some("the variance percentage is negative")
            }
            Condition::VarianceAbove { expected, .. } if expected == &data.metric => {
                Some("the variance is measured against the metric itself")
            }
            Condition::NotUpdatedSince { .. } if data.persistence.is_some() => {
                Some("a staleness condition takes no persistence")
            }
            _ => None,
        };
        let problem = problem.or(match data.persistence {
            Some(p) if p.periods == 0 || p.periods > MAX_PERSISTENCE => {
                Some("the persistence must span 1 to 1000 periods")
            }
            None if data.scope == Scope::Portfolio => {
                Some("a portfolio rule needs a persistence, whose cadence gives the periods")
            }
            _ => None,
        });
        let problem = problem.or(match &data.action {
            Action::Custom(name) if name.trim().is_empty() => Some("the custom action has no name"),
            _ => None,
        });
        match problem {
            Some(problem) => Err(Error::InvalidRule {
                rule: data.id.to_string(),
                problem,
            }),
            None => Ok(Self { data }),
        }
    }

    /// The rule's id.
    pub fn id(&self) -> &RuleId {
        &self.data.id
    }

    /// The metric watched.
    pub fn metric(&self) -> &MetricId {
        &self.data.metric
    }

    /// The rule as plain data.
    pub fn data(&self) -> &RuleData {
        &self.data
    }
}

impl TryFrom<RuleData> for Rule {
    type Error = Error;

    fn try_from(data: RuleData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<Rule> for RuleData {
    fn from(rule: Rule) -> Self {
        rule.data
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Rule {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Rule")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RuleData::json_schema(generator)
    }
}

#[cfg(feature = "schemars")]
#[cfg(test)]
mod tests {
    #[cfg(feature = "serde")]
    use super::*;

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn rule_ids_follow_the_id_rules() {
        let id = RuleId::new("adoption-floor").unwrap();
        assert_eq!(id.as_str(), "adoption-floor");
        assert_eq!(id.to_string(), "adoption-floor");
        assert_eq!(format!("{id:?}"), "RuleId(\"adoption-floor\")");
        for (bad, problem) in [
            ("", folio_types::IdProblem::Empty),
            (" x", folio_types::IdProblem::Untrimmed),
            ("a\tb", folio_types::IdProblem::ControlCharacter),
        ] {
            assert!(matches!(
                RuleId::new(bad),
                Err(folio_types::Error::InvalidId { problem: p, kind: "rule id", .. }) if p == problem
            ));
        }
        assert!(RuleId::new("x".repeat(folio_types::MAX_ID_LEN.saturating_add(1))).is_err());
        let schema = serde_json::to_value(schemars::schema_for!(RuleId)).unwrap();
        assert_eq!(
            (&schema["title"], &schema["minLength"]),
            (&"RuleId".into(), &1.into())
        );
        let schema = serde_json::to_value(schemars::schema_for!(Rule)).unwrap();
        assert_eq!(schema["title"], "Rule", "{schema}");
        assert!(schema["properties"]["persistence"].is_object(), "{schema}");
    }
}
