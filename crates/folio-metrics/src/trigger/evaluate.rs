//! Evaluating a rule set over observations at `as_of`: alerts with their evidence.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use folio_types::{MetricId, Observation, Period, ProductId, Series};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::rule::{Action, Condition, Persistence, Rule, RuleData, RuleId, Scope};
use crate::catalog::MetricCatalog;
use crate::error::{Error, Result};
use crate::math;
use crate::observation::Observations;

/// One observation behind an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Evidence {
    /// The metric observed (the rule's metric, or the expected metric of a variance).
    pub metric: MetricId,
    /// The period the observation stands for, when the rule counts periods.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub period: Option<Period>,
    /// The observation's date (for a portfolio value, the latest date among the
    /// products' readings).
    pub date: NaiveDate,
    /// The observed value.
    pub value: Decimal,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
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
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Vec<Rule>", into = "Vec<Rule>"))]
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

    /// Checks that every metric the rules watch (and every expected metric of a
    /// variance) is defined in `catalog`, so a rule set can be validated when it is
    /// loaded rather than when it is first evaluated.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] naming the first rule (in id order) with an unknown
    /// metric.
    pub fn check_against(&self, catalog: &MetricCatalog) -> Result<()> {
        for rule in &self.rules {
            let data = rule.data();
            let referrer = || format!("trigger rule \"{}\"", data.id);
            catalog.require(&data.metric, &referrer())?;
            if let Condition::VarianceAbove { expected, .. } = &data.condition {
                catalog.require(expected, &referrer())?;
            }
        }
        Ok(())
    }

    #[cfg(feature = "schemars")]
    /// The JSON Schema of a rule-set document (an array of [`RuleData`]).
    pub fn json_schema() -> Schema {
        schemars::schema_for!(RuleSet)
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
        self.check_against(catalog)?;
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

#[cfg(feature = "schemars")]
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
    // Metrics were checked by `RuleSet::check_against` before any rule ran.
    let data = rule.data();
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
            // A ratio-of-sums metric that is not observed itself is read through its
            // numerator and denominator.
            let derived = if observations.products(&data.metric).next().is_none() {
                observations.derived_series(catalog, &data.metric)?
            } else {
                BTreeMap::new()
            };
            let series: Vec<(&ProductId, &Series<Decimal>)> = if derived.is_empty() {
                observations.products(&data.metric).collect()
            } else {
                derived.iter().collect()
            };
            for (product, series) in series {
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
    // The portfolio's latest observation on or before as_of, of the metric or of the
    // metrics its combine rule reads, anchors the streak.
    let def = catalog.require(&data.metric, "a portfolio trigger rule")?;
    let mut read = def.combine().referenced_metrics();
    read.push(&data.metric);
    let latest = read
        .into_iter()
        .flat_map(|m| observations.products(m))
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
