//! Explanations: enough of a rollup's arithmetic to redo it by hand.
//!
//! Every rolled-up node explains itself with one [`RollupTerm`] per contributor: the raw
//! weight, the normalized share (`weight / basis`), the contributor's value and its
//! contribution (`weight × value / basis`). The node's computed value is the sum of the
//! contributions.
//!
//! # Rounding
//!
//! Values are exact [`Decimal`]s as far as their rounding rules allow. The computed
//! value is one division: `sum(w_i × p_i) / sum(w_i)`, each product rounded to 20
//! decimal places first (see [`Weighted`](crate::Weighted)), or `hits / total`; the
//! division rounds at `rust_decimal`'s 28 significant digits. Each share and
//! contribution is a division of its own, from the unrounded product, so the
//! contributions can differ from the computed value far below any digit a reader
//! sees: the computed value is the reference, the terms are its audit trail. The [`Display`](std::fmt::Display) form rounds to four decimals for
//! reading; the fields keep every digit.
//!
//! ```
//! # use folio_okr::{OkrGraph, PortfolioData};
//! # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
//! #   "policy": { "method": "weighted" },
//! #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
//! #   "key_results": [
//! #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
//! #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
//! #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
//! #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" } }] }
//! #   ]
//! # }"#)?)?;
//! use folio_okr::{NodeId, ProgressInputs};
//! use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
//!
//! let rollup = graph.rollup(&ProgressInputs::new([
//!     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
//!     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
//! ]))?;
//! let explanation = rollup.explain(&NodeId::from(ObjectiveId::new("grow")?))?;
//! // The contributions add up to the computed value: 0.75 x 0.8 + 0.25 x 0.4 = 0.7.
//! let sum: Decimal = explanation.breakdown.terms.iter().map(|t| t.contribution).sum();
//! assert_eq!(sum, explanation.value.computed.value());
//! assert!(explanation.to_string().contains("computed 0.7, reported 0.7 (computed)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use folio_metrics::{Combine, Goal};
use folio_types::{Decimal, MetricId, Progress};

use crate::inputs::Override;
use crate::model::{NodeId, RollupMethod};

/// One contributor's part in a rolled-up value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RollupTerm {
    /// The contributor.
    pub child: NodeId,
    /// Its raw edge weight (say-do: 1, every key result counts once).
    pub weight: Decimal,
    /// `weight / basis`: its normalized share of the parent.
    pub share: Decimal,
    /// The contributor's reported value, as the parent saw it.
    pub value: Progress,
    /// What it adds to the parent: `weight × value / basis` (say-do: `1 / total` if it
    /// hit, else 0).
    pub contribution: Decimal,
    /// Say-do only: whether the value reached the hit threshold.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub hit: Option<bool>,
}

/// Say-do counts at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SayDoCounts {
    /// Key results at or above the hit threshold.
    pub hits: u64,
    /// Key results counted.
    pub total: u64,
}

/// One leaf key result's part in a KPI aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct KpiTerm {
    /// The leaf key result.
    pub child: NodeId,
    /// Its own value of the metric, in the metric's unit; `None` for a fraction with a
    /// zero denominator, which adds to the sums without a value of its own.
    pub value: Option<Decimal>,
    /// Its raw weight: 1 for `sum`, `mean`, `min`, `max`, `median` and `last`; its base
    /// for `weighted_mean`; its denominator for `ratio_of_sums`.
    pub weight: Decimal,
    /// Its share of the aggregate, as folio-metrics defines it for the rule (`1` for a
    /// sum; `weight / basis` for the means and the ratio of sums; 1 (or ½, or `1/k`)
    /// for the values `min`, `max`, `median` and `last` pick, 0 for the rest).
    pub share: Decimal,
    /// `share × value`: what it adds to the aggregate; the contributions sum to the
    /// aggregate value (up to the 28-digit rounding of the shares).
    pub contribution: Option<Decimal>,
}

/// The arithmetic of a KPI rollup at one node: the metric aggregate and the target it
/// is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct KpiBreakdown {
    /// The metric every node beneath measures.
    pub metric: MetricId,
    /// How its values combine.
    pub combine: Combine,
    /// The aggregated value, in the metric's unit.
    pub value: Decimal,
    /// The node's own goal, which turns `value` into the node's computed progress.
    pub goal: Goal,
    /// One term per leaf key result beneath the node, each once, in plan order.
    pub terms: Vec<KpiTerm>,
}

/// What an engine reports about one node's arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Breakdown {
    /// The divisor: the sum of the weights (weighted), the number of key results
    /// counted (say-do), or for a KPI rollup the sum of the raw weights (the number of
    /// leaves; the sum of bases or of denominators).
    pub basis: Decimal,
    /// One term per contributor, in the plan's order (weighted, say-do). A KPI rollup
    /// lists its terms in [`kpi`](Breakdown::kpi) instead, since they are metric
    /// values, not progress.
    pub terms: Vec<RollupTerm>,
    /// Say-do only: the counts.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub counts: Option<SayDoCounts>,
    /// KPI only: the aggregate and its terms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub kpi: Option<KpiBreakdown>,
}

/// Where a node's reported value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Source {
    /// A leaf's input progress.
    Input,
    /// Computed by the engine from the contributors.
    Computed,
    /// The owner's override.
    Override,
}

/// The value of one node: computed, overridden and reported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NodeValue {
    /// The node.
    pub node: NodeId,
    /// The value the engine computed (a leaf: its input).
    pub computed: Progress,
    /// The owner's override, if any, kept whether or not it is reported.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub owner_override: Option<Override>,
    /// The value reported, and seen by the node's parents.
    pub reported: Progress,
    /// Which of the two `reported` is.
    pub source: Source,
}

/// A rolled-up node's value with its arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Explanation {
    /// The rollup method.
    pub method: RollupMethod,
    /// The node's value, computed and reported.
    pub value: NodeValue,
    /// The arithmetic behind the computed value.
    pub breakdown: Breakdown,
}

/// Four decimals for reading, trailing zeros dropped.
fn short(value: Decimal) -> Decimal {
    value.round_dp(4).normalize()
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.value;
        write!(
            f,
            "{} ({}): computed {}, reported {} ({})",
            v.node,
            self.method,
            short(v.computed.value()),
            short(v.reported.value()),
            match v.source {
                Source::Input => "input",
                Source::Computed => "computed",
                Source::Override => "owner override",
            }
        )?;
        if let Some(o) = &v.owner_override {
            write!(
                f,
                "; override {} by {} ({})",
                short(o.progress.value()),
                o.owner,
                o.reason
            )?;
        }
        match (&self.breakdown.counts, &self.breakdown.kpi) {
            (Some(c), _) => write!(f, "\n  {} of {} key results hit", c.hits, c.total)?,
            (None, Some(k)) => {
                write!(
                    f,
                    "\n  metric {:?} ({}) = {} over {} key result(s), basis {}; goal {}",
                    k.metric.as_str(),
                    k.combine,
                    short(k.value),
                    k.terms.len(),
                    short(self.breakdown.basis),
                    k.goal.name()
                )?;
                for t in &k.terms {
                    write!(
                        f,
                        "\n  {}: value {} weight {} share {} contribution {}",
                        t.child,
                        t.value
                            .map_or_else(|| "none".to_owned(), |v| short(v).to_string()),
                        short(t.weight),
                        short(t.share),
                        t.contribution
                            .map_or_else(|| "none".to_owned(), |v| short(v).to_string()),
                    )?;
                }
            }
            (None, None) => write!(f, "\n  sum of weights {}", short(self.breakdown.basis))?,
        }
        for t in &self.breakdown.terms {
            write!(
                f,
                "\n  {}: weight {} share {} value {} contribution {}",
                t.child,
                short(t.weight),
                short(t.share),
                short(t.value.value()),
                short(t.contribution)
            )?;
            if let Some(hit) = t.hit {
                f.write_str(if hit { " (hit)" } else { " (missed)" })?;
            }
        }
        Ok(())
    }
}
