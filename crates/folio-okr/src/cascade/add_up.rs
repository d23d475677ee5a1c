//! Do the goals add up? Each node's metric target against its contributors' targets,
//! combined by the metric's rule.
//!
//! Seed 001 names the check most portfolios skip: "nobody checks if the product-level
//! goals actually add up to the portfolio outcome". For every objective or key result
//! with a metric target whose direct contributors all have targets on the same metric,
//! [`add_up`] combines the contributors' target values as the metric's definition says
//! and compares the result with the node's own target value:
//!
//! | combine rule | what the contributors' targets give |
//! |---|---|
//! | `sum` | their sum, exactly |
//! | `mean`, `median`, `min`, `max` | that statistic of them, exactly |
//! | `weighted_mean`, `ratio_of_sums`, `last` | only bounds: the aggregate lies between the smallest and the largest, since the bases (revenue, respondents) and dates are not targets |
//!
//! A *target value* is the `target` of an `increase_to` or `decrease_to` goal, or the
//! `threshold` of a `stay_above` or `stay_below` guard rail. Nodes whose own goal or any
//! contributor's goal is a range or a milestone, or whose contributors lack a target
//! on the node's metric, are not compared: their goals do not have one number to add.
//!
//! Findings ([`AddUpFinding`]), for a goal to raise the metric (`increase_to`,
//! `stay_above`; mirrored for goals to lower it):
//!
//! - **Shortfall**: even the best case of the aggregate is below the node's target.
//!   Every contributor at 100% still leaves the node below 100%: the finding carries
//!   the node's progress in that case ([`AddUpFinding::Shortfall::progress_when_met`],
//!   scored with [`Scoring::Clamped`]) and the amount no contributor owns.
//! - **Surplus**: even the worst case of the aggregate is above the node's target. The
//!   node can be met while a contributor is behind; for a `sum` the finding names the
//!   contributor that can fall furthest (all others at target) and its progress then.
//!
//! For the weighted and say-do methods, every contributor at 100% gives the parent
//! 100% by construction, so the progress rollup cannot show a shortfall: the metric
//! check here is what shows that the numbers behind the goals do not add up. For the
//! KPI method the shortfall is exactly what the rollup will report.
//!
//! Contributors are the node's *direct* contributors, each once, which is what the
//! product teams commit to. Every amount is checked [`Decimal`] arithmetic; a mean
//! divides at 28 significant digits.
//!
//! # Example: the sample revenue objective
//!
//! ```
//! use folio_metrics::{MetricCatalog, MetricDef};
//! use folio_okr::{AddUpFinding, OkrGraph, PortfolioData, add_up};
//! use folio_types::Decimal;
//!
//! let catalog = MetricCatalog::from_definitions([serde_json::from_str::<MetricDef>(
//!     r#"{ "id": "revenue", "name": "Revenue", "unit": { "currency": "USD" }, "direction": "higher_is_better",
//!          "combine": "sum", "layer": "portfolio_health", "definition": "Recognized revenue in the period." }"#,
//! )?])?;
//! let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
//!   "policy": { "method": "kpi" },
//!   "objectives": [
//!     { "id": "revenue-11m", "name": "Revenue to 11.5M", "tier": "portfolio", "drivers": "key_results",
//!       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "9110000", "target": "11500000" } } } }
//!   ],
//!   "key_results": [
//!     { "id": "a", "name": "A to 6M", "tier": "product", "owner": "ana", "product": "a",
//!       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "5000000", "target": "6000000" } } },
//!       "contributes_to": [{ "to": { "objective": "revenue-11m" } }] },
//!     { "id": "b", "name": "B to 5M", "tier": "product", "owner": "bo", "product": "b",
//!       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "4110000", "target": "5000000" } } },
//!       "contributes_to": [{ "to": { "objective": "revenue-11m" } }] }
//!   ]
//! }"#)?)?;
//! let findings = add_up(&graph, &catalog)?;
//! let AddUpFinding::Shortfall { amount, progress_when_met } = &findings[0].finding else {
//!     panic!("expected a shortfall");
//! };
//! assert_eq!(*amount, Decimal::from(500_000));
//! // (11.0M - 9.11M) / (11.5M - 9.11M)
//! assert_eq!(progress_when_met.map(|p| p.value().round_dp(4)), Some(Decimal::new(7908, 4)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use folio_metrics::{Combine, Goal, MetricCatalog, Scoring, Target};
use folio_types::{Decimal, MetricId, Progress};

use super::view::View;
use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::model::NodeId;

/// What the contributors' targets combine to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Aggregate {
    /// The combined value, exactly.
    Exact {
        /// The value.
        value: Decimal,
    },
    /// Only bounds: the value lies in `low..=high`.
    Between {
        /// The smallest contributor target.
        low: Decimal,
        /// The largest contributor target.
        high: Decimal,
    },
}

impl Aggregate {
    /// The lower bound (the value itself when exact).
    ///
    /// ```
    /// use folio_okr::Aggregate;
    /// use folio_types::Decimal;
    ///
    /// let bounds = Aggregate::Between { low: Decimal::from(100), high: Decimal::from(125) };
    /// assert_eq!((bounds.low(), bounds.high()), (Decimal::from(100), Decimal::from(125)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn low(self) -> Decimal {
        match self {
            Self::Exact { value } => value,
            Self::Between { low, .. } => low,
        }
    }

    /// The upper bound (the value itself when exact).
    ///
    /// ```
    /// use folio_okr::Aggregate;
    /// use folio_types::Decimal;
    ///
    /// let exact = Aggregate::Exact { value: Decimal::from(120) };
    /// assert_eq!(exact.high(), Decimal::from(120));
    /// let bounds = Aggregate::Between { low: Decimal::from(100), high: Decimal::from(125) };
    /// assert_eq!(bounds.high(), Decimal::from(125));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn high(self) -> Decimal {
        match self {
            Self::Exact { value } => value,
            Self::Between { high, .. } => high,
        }
    }
}

impl fmt::Display for Aggregate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact { value } => write!(f, "{}", value.normalize()),
            Self::Between { low, high } => {
                write!(f, "between {} and {}", low.normalize(), high.normalize())
            }
        }
    }
}

/// Whether the goals add up, and if not, by how much.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AddUpFinding {
    /// Every contributor at its target still leaves the node short of its own.
    Shortfall {
        /// How far the best case of the aggregate falls short: the part of the node's
        /// target that no contributor owns.
        amount: Decimal,
        /// The node's progress with every contributor exactly at its target, when the
        /// aggregate is exact.
        progress_when_met: Option<Progress>,
    },
    /// The contributors' targets exceed the node's: it can be met while a contributor
    /// is behind.
    Surplus {
        /// By how much the worst case of the aggregate exceeds the node's target.
        amount: Decimal,
        /// For a `sum`: the contributor that can fall furthest behind while the node is
        /// still met (every other one at its target), with its progress then.
        weakest: Option<(NodeId, Progress)>,
    },
}

/// One node whose contributors' targets do not add up to its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AddUp {
    /// The node.
    pub node: NodeId,
    /// The metric of its target.
    pub metric: MetricId,
    /// The metric's combine rule, by name (`"sum"`, `"weighted_mean"`, ...).
    pub combine: String,
    /// The node's own target value.
    pub target: Decimal,
    /// Each direct contributor's target value, in id order.
    pub contributors: Vec<(NodeId, Decimal)>,
    /// What those combine to.
    pub aggregate: Aggregate,
    /// The shortfall or surplus.
    pub finding: AddUpFinding,
}

impl fmt::Display for AddUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.combine == "sum" {
            "sum to".to_owned()
        } else {
            format!("combine ({}) to", self.combine)
        };
        write!(
            f,
            "{} targets of the {} contributor(s) of {} {how} {} against its {} on metric {:?}",
            self.metric.as_str(),
            self.contributors.len(),
            self.node,
            self.aggregate,
            self.target.normalize(),
            self.metric.as_str()
        )?;
        match &self.finding {
            AddUpFinding::Shortfall {
                amount,
                progress_when_met,
            } => {
                write!(f, ": {} that no contributor owns", amount.normalize())?;
                if let Some(p) = progress_when_met {
                    write!(
                        f,
                        "; with every contributor at target it reaches only {}",
                        p.value().round_dp(4).normalize()
                    )?;
                }
                Ok(())
            }
            AddUpFinding::Surplus { amount, weakest } => {
                write!(f, ": {} more than it needs", amount.normalize())?;
                if let Some((node, p)) = weakest {
                    write!(
                        f,
                        "; it is met even with {node} at {}",
                        p.value().round_dp(4).normalize()
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// Runs the add-up check on a validated graph; findings in [`NodeId`] order.
///
/// # Errors
///
/// [`Error::Metric`] naming the node when `catalog` lacks the metric of a compared
/// target or rejects the target; [`Error::Overflow`] if a sum overflows.
///
/// ```
/// use folio_metrics::{MetricCatalog, MetricDef};
/// use folio_okr::{add_up, AddUpFinding, OkrGraph, PortfolioData};
/// use folio_types::Decimal;
///
/// let catalog = MetricCatalog::from_definitions([serde_json::from_str::<MetricDef>(
///     r#"{ "id": "revenue", "name": "Revenue", "unit": { "currency": "USD" }, "direction": "higher_is_better",
///          "combine": "sum", "layer": "portfolio_health", "definition": "Recognized revenue in the period." }"#,
/// )?])?;
/// // The objective asks for 10M; its key results add up to 6M + 3M = 9M.
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "kpi" },
///   "objectives": [
///     { "id": "revenue-10m", "name": "Revenue to 10M", "tier": "portfolio", "drivers": "key_results",
///       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "8000000", "target": "10000000" } } } }
///   ],
///   "key_results": [
///     { "id": "a", "name": "A to 6M", "tier": "product", "owner": "ana", "product": "a",
///       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "5000000", "target": "6000000" } } },
///       "contributes_to": [{ "to": { "objective": "revenue-10m" } }] },
///     { "id": "b", "name": "B to 3M", "tier": "product", "owner": "bo", "product": "b",
///       "target": { "metric": "revenue", "goal": { "increase_to": { "baseline": "2000000", "target": "3000000" } } },
///       "contributes_to": [{ "to": { "objective": "revenue-10m" } }] }
///   ]
/// }"#)?)?;
/// let findings = add_up(&graph, &catalog)?;
/// assert_eq!(findings.len(), 1);
/// let AddUpFinding::Shortfall { amount, progress_when_met } = &findings[0].finding else {
///     panic!("expected a shortfall");
/// };
/// assert_eq!(*amount, Decimal::from(1_000_000));
/// // Met, the key results bring the objective (9M - 8M) / (10M - 8M) = 0.5 of the way.
/// assert_eq!(progress_when_met.map(|p| p.value()), Some(Decimal::new(5, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn add_up(graph: &OkrGraph, catalog: &MetricCatalog) -> Result<Vec<AddUp>> {
    check(
        &View::new(graph.period(), graph.objectives(), graph.key_results()),
        catalog,
    )
}

/// The single number a goal commits to, and whether it aims high (`true`) or low.
fn target_value(target: &Target) -> Option<(Decimal, bool)> {
    match target.goal() {
        Goal::IncreaseTo { target, .. } => Some((target, true)),
        Goal::StayAbove { threshold } => Some((threshold, true)),
        Goal::DecreaseTo { target, .. } => Some((target, false)),
        Goal::StayBelow { threshold } => Some((threshold, false)),
        Goal::WithinRange { .. } | Goal::Milestone => None,
    }
}

pub(super) fn check(view: &View<'_>, catalog: &MetricCatalog) -> Result<Vec<AddUp>> {
    let mut found = Vec::new();
    for (index, record) in view.records().enumerate() {
        let Some(own) = record.target() else {
            continue;
        };
        let Some((goal_value, aims_high)) = target_value(own) else {
            continue;
        };
        let children = view.children(index);
        if children.is_empty() {
            continue;
        }
        let mut contributors = Vec::with_capacity(children.len());
        let mut targets = Vec::with_capacity(children.len());
        for child in children {
            let Some(child) = view.record(*child) else {
                continue;
            };
            let Some((target, value)) = child
                .target()
                .filter(|t| t.metric() == own.metric())
                .and_then(|t| target_value(t).map(|(v, _)| (t, v)))
            else {
                contributors.clear();
                break;
            };
            contributors.push((child.node(), value));
            targets.push(target);
        }
        if contributors.is_empty() {
            continue;
        }
        let node = record.node();
        let def = catalog.check_target(own).map_err(|source| Error::Metric {
            node: node.clone(),
            source,
        })?;
        let values: Vec<Decimal> = contributors.iter().map(|(_, v)| *v).collect();
        let aggregate = combine(def.combine(), &values).ok_or_else(|| Error::Overflow {
            node: node.clone(),
            operation: "adding up the contributors' targets",
        })?;
        let short = if aims_high {
            aggregate.high() < goal_value
        } else {
            aggregate.low() > goal_value
        };
        let over = if aims_high {
            aggregate.low() > goal_value
        } else {
            aggregate.high() < goal_value
        };
        let finding = if short {
            let best = if aims_high {
                aggregate.high()
            } else {
                aggregate.low()
            };
            let amount = goal_value
                .checked_sub(best)
                .map(|d| d.abs())
                .ok_or_else(|| overflow(&node))?;
            let progress_when_met = match aggregate {
                Aggregate::Exact { value } => own.progress(value, Scoring::Clamped).ok(),
                Aggregate::Between { .. } => None,
            };
            AddUpFinding::Shortfall {
                amount,
                progress_when_met,
            }
        } else if over {
            let worst = if aims_high {
                aggregate.low()
            } else {
                aggregate.high()
            };
            let amount = worst
                .checked_sub(goal_value)
                .map(|d| d.abs())
                .ok_or_else(|| overflow(&node))?;
            let weakest = if matches!(def.combine(), Combine::Sum) {
                weakest(&contributors, &targets, amount, aims_high)
            } else {
                None
            };
            AddUpFinding::Surplus { amount, weakest }
        } else {
            continue;
        };
        found.push(AddUp {
            node,
            metric: own.metric().clone(),
            combine: def.combine().name().to_owned(),
            target: goal_value,
            contributors,
            aggregate,
            finding,
        });
    }
    Ok(found)
}

fn overflow(node: &NodeId) -> Error {
    Error::Overflow {
        node: node.clone(),
        operation: "adding up the contributors' targets",
    }
}

/// The contributor with the lowest progress when it gives up all of `slack` (every
/// other one at its target); ties go to the first in id order.
fn weakest(
    contributors: &[(NodeId, Decimal)],
    targets: &[&Target],
    slack: Decimal,
    aims_high: bool,
) -> Option<(NodeId, Progress)> {
    let mut best: Option<(NodeId, Progress)> = None;
    for ((node, value), target) in contributors.iter().zip(targets) {
        let reached = if aims_high {
            value.checked_sub(slack)
        } else {
            value.checked_add(slack)
        };
        let Some(progress) = reached.and_then(|v| target.progress(v, Scoring::Clamped).ok()) else {
            continue;
        };
        if best.as_ref().is_none_or(|(_, p)| progress < *p) {
            best = Some((node.clone(), progress));
        }
    }
    best
}

/// The contributors' targets combined by `rule`; `None` on overflow or no values.
fn combine(rule: &Combine, values: &[Decimal]) -> Option<Aggregate> {
    let sum = || {
        values
            .iter()
            .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
    };
    let mut sorted = values.to_vec();
    sorted.sort();
    let low = *sorted.first()?;
    let high = *sorted.last()?;
    let exact = |value| Some(Aggregate::Exact { value });
    match rule {
        Combine::Sum => exact(sum()?),
        Combine::Mean => exact(sum()?.checked_div(Decimal::from(values.len()))?),
        Combine::Min => exact(low),
        Combine::Max => exact(high),
        Combine::Median => {
            let mid = sorted.len() / 2;
            if sorted.len() % 2 == 1 {
                exact(*sorted.get(mid)?)
            } else {
                let a = *sorted.get(mid.checked_sub(1)?)?;
                let b = *sorted.get(mid)?;
                exact(a.checked_add(b)?.checked_div(Decimal::TWO)?)
            }
        }
        _ => Some(Aggregate::Between { low, high }),
    }
}
