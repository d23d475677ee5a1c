//! Trigger rules: governance as data.
//!
//! "If adoption is below X for 2 quarters, require a fix-or-sunset plan." A [`Rule`]
//! names a metric, a [`Condition`], an optional [`Persistence`] and the [`Action`] it
//! requires. A [`RuleSet`] evaluated over [`Observations`] at an `as_of` date returns
//! the [`Alert`]s that fired, each with the [`Evidence`]: the observations that made
//! it fire.
//!
//! # Semantics
//!
//! Only observations dated on or before `as_of` are seen. For each product with a
//! series of the rule's metric (or, for [`Scope::Portfolio`], for the metric combined
//! across products per its definition):
//!
//! - **No persistence**: the condition is tested on the latest observation.
//! - **Persistence of `n` periods** of a [`Cadence`]: the streak is anchored at the
//!   period that holds the latest observation, and the condition must hold in that
//!   period and the `n - 1` periods before it, each period's value being its latest
//!   observation. A period without an observation breaks the streak: missing data is
//!   not evidence (staleness is what [`Condition::NotUpdatedSince`] is for). Anchoring
//!   at the latest data rather than at the period of `as_of` means a rule evaluated
//!   mid-quarter still sees the two completed quarters before it.
//! - [`Condition::NotUpdatedSince`] fires when the latest observation is more than
//!   `days` days before `as_of`; it takes no persistence.
//! - [`Condition::VarianceAbove`] compares the metric with an `expected` metric
//!   observed on the **same date** (or, with persistence, in the same period):
//!   `|actual - expected| / |expected| × 100 > percent`. With no expected value, or an
//!   expected value of zero, the variance is undefined and the rule does not fire.
//!
//! Alerts come back ordered by rule id, then product id (portfolio alerts first), so
//! the result does not depend on the order of rules or observations.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use folio_core::{IdProblem, MetricId, Observation, Period, ProductId, Series};
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::MetricCatalog;
use crate::error::{Error, Result};
use crate::math;
use crate::observation::Observations;

/// The most periods a persistence may span: enough for decades of months, and a
/// bound on the work one rule can ask for.
pub const MAX_PERSISTENCE: u32 = 1_000;

/// Identifies a trigger rule: 1 to 128 characters, no surrounding white space, no
/// control characters (the same rules as folio-core's ids).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// Validates and wraps a rule id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRuleId`] for an empty, padded or over-long id or one with a
    /// control character.
    pub fn new(value: &str) -> Result<Self> {
        let problem = if value.is_empty() {
            Some(IdProblem::Empty)
        } else if value.trim() != value {
            Some(IdProblem::Untrimmed)
        } else if value.chars().count() > folio_core::MAX_ID_LEN {
            Some(IdProblem::TooLong)
        } else if value.chars().any(char::is_control) {
            Some(IdProblem::ControlCharacter)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::InvalidRuleId {
                value: value.to_owned(),
                problem,
            }),
            None => Ok(Self(Arc::from(value))),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuleId({:?})", &*self.0)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for RuleId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::new(s)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for RuleId {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RuleId")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": folio_core::MAX_ID_LEN,
            "description": "A trigger rule id: 1 to 128 characters, no surrounding white space, no control characters."
        })
    }
}

/// When a rule's value is out of bounds.
///
/// In JSON: `{"below": {"threshold": "0.3"}}`, `{"outside": {"low": "1", "high": "2"}}`,
/// `{"variance_above": {"expected": "expected_benefit", "percent": "20"}}`,
/// `{"not_updated_since": {"days": 45}}`, ...
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The value is strictly below `threshold`.
    Below {
        /// The floor.
        threshold: Decimal,
    },
    /// The value is strictly above `threshold`.
    Above {
        /// The ceiling.
        threshold: Decimal,
    },
    /// The value is outside `low..=high`.
    Outside {
        /// The lowest acceptable value.
        low: Decimal,
        /// The highest acceptable value.
        high: Decimal,
    },
    /// The value differs from the `expected` metric's value by more than `percent`
    /// percent of the expected value.
    VarianceAbove {
        /// The metric holding the expected values (e.g. benefits at approval time).
        expected: MetricId,
        /// The largest tolerated variance, in percent (20 means 20%).
        percent: Decimal,
    },
    /// The latest observation is more than `days` days old.
    NotUpdatedSince {
        /// The longest tolerated silence, in days.
        days: u32,
    },
}

impl Condition {
    /// Whether `value` meets a threshold condition; `None` for the conditions that
    /// are not about a single value (variance, staleness).
    fn holds(&self, value: Decimal) -> Option<bool> {
        match *self {
            Self::Below { threshold } => Some(value < threshold),
            Self::Above { threshold } => Some(value > threshold),
            Self::Outside { low, high } => Some(value < low || value > high),
            Self::VarianceAbove { .. } | Self::NotUpdatedSince { .. } => None,
        }
    }
}

/// The calendar periods a persistence counts in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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

/// What a rule looks at.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Each product's own series (the default).
    #[default]
    EachProduct,
    /// The metric combined across products per its definition, period by period.
    /// Needs a persistence (whose cadence gives the periods).
    Portfolio,
}

/// The plain-data form of a [`Rule`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleData {
    /// The rule's id.
    pub id: RuleId,
    /// The metric watched.
    pub metric: MetricId,
    /// Each product, or the portfolio as a whole.
    #[serde(default)]
    pub scope: Scope,
    /// When the value is out of bounds.
    pub condition: Condition,
    /// How long the condition must hold; `None` tests the latest value only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistence: Option<Persistence>,
    /// What a firing requires.
    pub action: Action,
}

/// A validated trigger rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RuleData", into = "RuleData")]
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

impl JsonSchema for Rule {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Rule")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RuleData::json_schema(generator)
    }
}

/// One observation behind an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// The metric observed (the rule's metric, or the expected metric of a variance).
    pub metric: MetricId,
    /// The period the observation stands for, when the rule counts periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The observation's date (for a portfolio value, the latest date among the
    /// products' readings).
    pub date: NaiveDate,
    /// The observed value.
    pub value: Decimal,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Alert {
    /// The rule that fired.
    pub rule: RuleId,
    /// The metric watched.
    pub metric: MetricId,
    /// The product it fired for; `None` for a portfolio rule.
    pub product: Option<ProductId>,
    /// The condition that held.
    pub condition: Condition,
    /// What is now required.
    pub action: Action,
    /// The observations that made it fire, oldest first.
    pub evidence: Vec<Evidence>,
}

/// Trigger rules with distinct ids.
///
/// ```
/// use chrono::NaiveDate;
/// use folio_metrics::{Action, MetricCatalog, Observations, RuleSet};
///
/// let catalog: MetricCatalog = serde_json::from_str(r#"{"metrics": [{"id": "adoption",
///     "name": "Adoption", "unit": "percent", "direction": "higher_is_better",
///     "layer": "product_performance", "combine": "median",
///     "definition": "Share of licensed seats active in the last 28 days."}]}"#)?;
/// let rules: RuleSet = serde_json::from_str(r#"[{"id": "adoption-floor", "metric": "adoption",
///     "condition": {"below": {"threshold": "30"}},
///     "persistence": {"periods": 2, "cadence": "quarter"},
///     "action": "fix_or_sunset_plan"}]"#)?;
/// let observations: Observations = serde_json::from_str(r#"[
///   {"metric": "adoption", "product": "lens", "period": "2026-Q2", "value": "24"},
///   {"metric": "adoption", "product": "lens", "period": "2026-Q3", "value": "27"},
///   {"metric": "adoption", "product": "atlas", "period": "2026-Q2", "value": "22"},
///   {"metric": "adoption", "product": "atlas", "period": "2026-Q3", "value": "41"}
/// ]"#)?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).ok_or("date")?;
/// let alerts = rules.evaluate(&catalog, &observations, as_of)?;
/// assert_eq!(alerts.len(), 1); // atlas recovered in Q3
/// assert_eq!(alerts[0].product.as_ref().map(|p| p.as_str()), Some("lens"));
/// assert_eq!(alerts[0].action, Action::FixOrSunsetPlan);
/// assert_eq!(alerts[0].evidence.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Rule>", into = "Vec<Rule>")]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// Validates that rule ids are distinct; rules are kept in id order.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateRule`] naming the first repeated id.
    pub fn new(mut rules: Vec<Rule>) -> Result<Self> {
        rules.sort_by(|a, b| a.id().cmp(b.id()));
        let mut seen = BTreeSet::new();
        for rule in &rules {
            if !seen.insert(rule.id()) {
                return Err(Error::DuplicateRule {
                    rule: rule.id().to_string(),
                });
            }
        }
        Ok(Self { rules })
    }

    /// The rules, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The alerts that fire at `as_of`, ordered by rule id then product id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if a rule's metric (or expected metric) is not in
    /// `catalog`; for portfolio rules, the errors of
    /// [`Observations::aggregate_in`](crate::Observations::aggregate_in) (such as a
    /// missing base); an overflow as [`Error::Core`].
    pub fn evaluate(
        &self,
        catalog: &MetricCatalog,
        observations: &Observations,
        as_of: NaiveDate,
    ) -> Result<Vec<Alert>> {
        let mut alerts = Vec::new();
        for rule in &self.rules {
            evaluate_rule(rule, catalog, observations, as_of, &mut alerts)?;
        }
        Ok(alerts)
    }
}

impl TryFrom<Vec<Rule>> for RuleSet {
    type Error = Error;

    fn try_from(rules: Vec<Rule>) -> Result<Self> {
        Self::new(rules)
    }
}

impl From<RuleSet> for Vec<Rule> {
    fn from(set: RuleSet) -> Self {
        set.rules
    }
}

impl JsonSchema for RuleSet {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RuleSet")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Vec::<Rule>::json_schema(generator)
    }
}

fn evaluate_rule(
    rule: &Rule,
    catalog: &MetricCatalog,
    observations: &Observations,
    as_of: NaiveDate,
    alerts: &mut Vec<Alert>,
) -> Result<()> {
    let data = &rule.data;
    let referrer = || format!("trigger rule \"{}\"", data.id);
    catalog.require(&data.metric, &referrer())?;
    if let Condition::VarianceAbove { expected, .. } = &data.condition {
        catalog.require(expected, &referrer())?;
    }
    let alert = |product: Option<ProductId>, evidence: Vec<Evidence>| Alert {
        rule: data.id.clone(),
        metric: data.metric.clone(),
        product,
        condition: data.condition.clone(),
        action: data.action.clone(),
        evidence,
    };
    match (data.scope, data.persistence) {
        (Scope::Portfolio, Some(persistence)) => {
            if let Some(evidence) =
                portfolio_streak(data, persistence, catalog, observations, as_of)?
            {
                alerts.push(alert(None, evidence));
            }
        }
        // Validation guarantees a portfolio rule has a persistence.
        (Scope::Portfolio, None) => {}
        (Scope::EachProduct, persistence) => {
            for (product, series) in observations.products(&data.metric) {
                let evidence = match persistence {
                    None => latest_evidence(data, product, series, observations, as_of)?,
                    Some(p) => product_streak(data, p, product, series, observations, as_of)?,
                };
                if let Some(evidence) = evidence {
                    alerts.push(alert(Some(product.clone()), evidence));
                }
            }
        }
    }
    Ok(())
}

fn evidence(metric: &MetricId, period: Option<Period>, o: &Observation<Decimal>) -> Evidence {
    Evidence {
        metric: metric.clone(),
        period,
        date: o.date,
        value: o.value,
    }
}

/// Whether `actual` differs from `expected` by more than `percent` percent of
/// `expected`; `None` when the variance is undefined (expected is zero).
fn variance_exceeds(actual: Decimal, expected: Decimal, percent: Decimal) -> Result<Option<bool>> {
    if expected.is_zero() {
        return Ok(None);
    }
    let gap = math::sub(actual, expected, "computing a variance")?.abs();
    let variance = math::div(
        math::mul(gap, Decimal::ONE_HUNDRED, "computing a variance")?,
        expected.abs(),
        "computing a variance",
    )?;
    Ok(Some(variance > percent))
}

/// The evidence for one observation of the rule's metric, if the condition holds on
/// it: the observation itself, plus the expected value for a variance.
fn check_one(
    data: &RuleData,
    period: Option<Period>,
    actual: &Observation<Decimal>,
    expected: impl FnOnce(&MetricId) -> Option<Observation<Decimal>>,
) -> Result<Option<Vec<Evidence>>> {
    let fired = match &data.condition {
        Condition::VarianceAbove {
            expected: metric,
            percent,
        } => match expected(metric) {
            Some(e) => variance_exceeds(actual.value, e.value, *percent)?
                .unwrap_or(false)
                .then(|| {
                    vec![
                        evidence(&data.metric, period, actual),
                        evidence(metric, period, &e),
                    ]
                }),
            None => None,
        },
        other => other
            .holds(actual.value)
            .unwrap_or(false)
            .then(|| vec![evidence(&data.metric, period, actual)]),
    };
    Ok(fired)
}

fn latest_evidence(
    data: &RuleData,
    product: &ProductId,
    series: &Series<Decimal>,
    observations: &Observations,
    as_of: NaiveDate,
) -> Result<Option<Vec<Evidence>>> {
    let Some(latest) = series.as_of(as_of) else {
        return Ok(None);
    };
    if let Condition::NotUpdatedSince { days } = data.condition {
        let silent = as_of.signed_duration_since(latest.date).num_days();
        return Ok((silent > i64::from(days)).then(|| vec![evidence(&data.metric, None, latest)]));
    }
    check_one(data, None, latest, |expected| {
        observations
            .series(expected, product)
            .and_then(|s| s.on(latest.date))
            .map(|v| Observation::new(latest.date, *v))
    })
}

/// The latest observation inside `period` and on or before `as_of`.
fn in_period_as_of(
    series: &Series<Decimal>,
    period: Period,
    as_of: NaiveDate,
) -> Option<&Observation<Decimal>> {
    series
        .window(period.start(), period.end().min(as_of))
        .last()
}

fn product_streak(
    data: &RuleData,
    persistence: Persistence,
    product: &ProductId,
    series: &Series<Decimal>,
    observations: &Observations,
    as_of: NaiveDate,
) -> Result<Option<Vec<Evidence>>> {
    let Some(latest) = series.as_of(as_of) else {
        return Ok(None);
    };
    let mut period = persistence.cadence.period_of(latest.date)?;
    let mut found = Vec::new();
    for step in 0..persistence.periods {
        let Some(actual) = in_period_as_of(series, period, as_of) else {
            return Ok(None);
        };
        let expected = |metric: &MetricId| {
            observations
                .series(metric, product)
                .and_then(|s| in_period_as_of(s, period, as_of))
                .copied()
        };
        match check_one(data, Some(period), actual, expected)? {
            Some(mut evidence) => {
                evidence.reverse();
                found.extend(evidence);
            }
            None => return Ok(None),
        }
        if step.saturating_add(1) < persistence.periods {
            let Ok(previous) = period.previous() else {
                return Ok(None);
            };
            period = previous;
        }
    }
    found.reverse();
    Ok(Some(found))
}

fn portfolio_streak(
    data: &RuleData,
    persistence: Persistence,
    catalog: &MetricCatalog,
    observations: &Observations,
    as_of: NaiveDate,
) -> Result<Option<Vec<Evidence>>> {
    // The portfolio's latest observation of any product on or before as_of anchors
    // the streak.
    let latest = observations
        .products(&data.metric)
        .filter_map(|(_, s)| s.as_of(as_of).map(|o| o.date))
        .max();
    let Some(latest) = latest else {
        return Ok(None);
    };
    let mut period = persistence.cadence.period_of(latest)?;
    let mut found = Vec::new();
    for step in 0..persistence.periods {
        let seen = Period::custom(period.start(), period.end().min(as_of))?;
        let value = |metric: &MetricId| -> Result<Option<Observation<Decimal>>> {
            let readings = observations.readings(catalog, metric, seen)?;
            let Some(date) = readings.iter().map(|r| r.date).max() else {
                return Ok(None);
            };
            let def = catalog.require(metric, "a portfolio trigger rule")?;
            let value = crate::aggregate::aggregate(def, &readings)?.value;
            Ok(Some(Observation::new(date, value)))
        };
        let Some(actual) = value(&data.metric)? else {
            return Ok(None);
        };
        let expected = match &data.condition {
            Condition::VarianceAbove { expected, .. } => value(expected)?,
            _ => None,
        };
        match check_one(data, Some(period), &actual, |_| expected)? {
            Some(mut evidence) => {
                evidence.reverse();
                found.extend(evidence);
            }
            None => return Ok(None),
        }
        if step.saturating_add(1) < persistence.periods {
            let Ok(previous) = period.previous() else {
                return Ok(None);
            };
            period = previous;
        }
    }
    found.reverse();
    Ok(Some(found))
}
