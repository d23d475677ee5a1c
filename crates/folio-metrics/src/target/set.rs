//! Sets of targets that must be jointly satisfiable.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::collections::BTreeMap;

use folio_types::MetricId;
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::Target;
use crate::error::{Error, Result};

/// Targets on several metrics that must all be able to hold at once.
///
/// For each metric, the values every target accepts (see [`Goal::accepted`](super::Goal::accepted)) must
/// overlap: "stay above 50" and "stay below 40" on one metric cannot both be met, nor
/// can "increase to 120" and "stay below 100".
///
/// ```
/// use folio_metrics::{Goal, Target, TargetSet};
/// use rust_decimal::Decimal;
///
/// let floor = Target::new("nps".parse()?, Goal::StayAbove { threshold: Decimal::new(50, 0) })?;
/// let ceiling = Target::new("nps".parse()?, Goal::StayBelow { threshold: Decimal::new(40, 0) })?;
/// assert!(TargetSet::new(vec![floor, ceiling]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<Target>", into = "Vec<Target>")
)]
pub struct TargetSet {
    targets: Vec<Target>,
}

impl TargetSet {
    /// Validates that the targets on each metric are jointly satisfiable.
    ///
    /// # Errors
    ///
    /// [`Error::ContradictoryTarget`] naming the metric (the first in id order) whose
    /// targets accept no common value.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::{Goal, Target, TargetSet};
    /// use rust_decimal::Decimal;
    ///
    /// let churn = "churn".parse()?;
    /// let below_5 = Target::new(churn, Goal::StayBelow { threshold: Decimal::from(5) })?;
    /// let above_3 = Target::new("churn".parse()?, Goal::StayAbove { threshold: Decimal::from(3) })?;
    /// let above_6 = Target::new("churn".parse()?, Goal::StayAbove { threshold: Decimal::from(6) })?;
    /// // 3..=5 can be met; "below 5 and above 6" cannot.
    /// assert!(TargetSet::new(vec![below_5.clone(), above_3]).is_ok());
    /// assert!(TargetSet::new(vec![below_5, above_6]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(mut targets: Vec<Target>) -> Result<Self> {
        targets.sort_by(|a, b| {
            a.metric()
                .cmp(b.metric())
                .then_with(|| format!("{:?}", a.goal()).cmp(&format!("{:?}", b.goal())))
        });
        let mut bounds: BTreeMap<&MetricId, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
        for target in &targets {
            let (low, high) = target.goal().accepted();
            let entry = bounds.entry(target.metric()).or_insert((None, None));
            entry.0 = max_opt(entry.0, low);
            entry.1 = min_opt(entry.1, high);
        }
        if let Some((metric, (Some(low), Some(high)))) = bounds
            .into_iter()
            .find(|(_, (low, high))| matches!((low, high), (Some(l), Some(h)) if l > h))
        {
            return Err(Error::ContradictoryTarget {
                metric: metric.clone(),
                problem: format!(
                    "its targets need a value of at least {low} and at most {high} at once"
                ),
            });
        }
        Ok(Self { targets })
    }

    /// The targets, by metric id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Target> {
        self.targets.iter()
    }

    /// The targets on `metric`.
    pub fn for_metric<'a>(&'a self, metric: &'a MetricId) -> impl Iterator<Item = &'a Target> {
        self.targets.iter().filter(move |t| t.metric() == metric)
    }
}

fn max_opt(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl TryFrom<Vec<Target>> for TargetSet {
    type Error = Error;

    fn try_from(targets: Vec<Target>) -> Result<Self> {
        Self::new(targets)
    }
}

impl From<TargetSet> for Vec<Target> {
    fn from(set: TargetSet) -> Self {
        set.targets
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for TargetSet {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("TargetSet")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Vec::<Target>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "serde")]
    use super::*;
    #[cfg(feature = "serde")]
    use crate::target::Goal;

    #[cfg(feature = "serde")]
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[cfg(feature = "serde")]
    fn target(goal: Goal) -> Target {
        Target::new(MetricId::new("m").unwrap(), goal).unwrap()
    }

    #[cfg(feature = "serde")]
    fn inc(b: &str, t: &str) -> Goal {
        Goal::IncreaseTo {
            baseline: d(b),
            target: d(t),
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn target_sets_reject_unsatisfiable_combinations() {
        let set = |goals: &[Goal]| TargetSet::new(goals.iter().map(|g| target(*g)).collect());
        let above = |x| Goal::StayAbove { threshold: d(x) };
        let below = |x| Goal::StayBelow { threshold: d(x) };
        assert!(set(&[above("40"), below("50")]).is_ok());
        assert!(set(&[above("50"), below("40")]).is_err());
        assert!(set(&[inc("80", "120"), below("100")]).is_err());
        assert!(set(&[inc("80", "95"), below("100"), above("90")]).is_ok());
        assert!(set(&[Goal::Milestone, above("2")]).is_err());
        // Targets on different metrics never conflict.
        let other = Target::new(MetricId::new("x").unwrap(), below("1")).unwrap();
        assert!(TargetSet::new(vec![target(above("5")), other]).is_ok());
        let json = r#"[{"metric":"m","goal":{"stay_above":{"threshold":"5"}}},
                       {"metric":"m","goal":{"stay_below":{"threshold":"1"}}}]"#;
        assert!(serde_json::from_str::<TargetSet>(json).is_err());
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn lookup_and_serde_round_trip() {
        let other = Target::new(MetricId::new("x").unwrap(), Goal::Milestone).unwrap();
        let set = TargetSet::new(vec![other.clone(), target(inc("1", "2"))]).unwrap();
        let m = MetricId::new("m").unwrap();
        let on_m: Vec<Goal> = set.for_metric(&m).map(Target::goal).collect();
        assert_eq!(on_m, [inc("1", "2")]);
        assert_eq!(set.iter().count(), 2);
        let json = serde_json::to_string(&set).unwrap();
        assert!(json.starts_with(r#"[{"metric":"m""#), "{json}");
        let back: TargetSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, set);
        let schema = serde_json::to_value(schemars::schema_for!(TargetSet)).unwrap();
        assert_eq!(
            (&schema["title"], &schema["type"]),
            (&"TargetSet".into(), &"array".into())
        );
    }
}
