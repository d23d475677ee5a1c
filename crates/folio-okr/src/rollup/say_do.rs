//! The say-do rollup: how much of what was said was done.
//!
//! A rolled-up node's value is the share of the key results it counts that hit their
//! target:
//!
//! ```text
//! progress = hits / total,   hit: reported progress >= hit threshold (default 1)
//! ```
//!
//! reported also as counts ([`SayDoCounts`]). The division is
//! exact as far as 28 significant digits reach (`2 / 3` rounds in the 28th place).
//! Weights play no part: every key result counted counts once.
//!
//! # What a node counts
//!
//! - A key result with contributors (a product key result with initiative key results
//!   under it) counts those contributors.
//! - An objective counts its own key results (if its drivers include key results) and
//!   every key result its child objectives count (if its drivers include child
//!   objectives): for a portfolio objective, "the percentage of product-level key results
//!   that hit their target", as the seeds put it.
//!
//! Counted key results form a set: a key result that reaches an objective along two
//! paths (its own edge and a child objective's, or two child objectives) is counted
//! once there, so no total counts a key result twice. An override of a key result
//! changes whether it hits; an override of an objective changes that objective's
//! reported value but not its parents' counts, which are counts of key results.
//!
//! Worked example: key results at 1.0, 1.2, 0.7 and 0.99 with the default threshold:
//! 2 hits of 4, progress 0.5.

use folio_types::{Decimal, Progress};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, RollupTerm, SayDoCounts};
use crate::model::RollupMethod;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::{RollupEngine, node_error, value_of};

/// The say-do rollup engine: the share of counted key results at or above a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
pub struct SayDo {
    /// The progress at or above which a key result hits; above 0.
    hit_threshold: Progress,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(SayDo);

impl Default for SayDo {
    /// A threshold of 1: the target met.
    fn default() -> Self {
        Self {
            hit_threshold: Progress::COMPLETE,
        }
    }
}

impl SayDo {
    /// An engine with `hit_threshold`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `hit_threshold` if it is 0: every key result would count as hit.
    ///
    /// ```
    /// use folio_okr::{RollupEngine, RollupMethod, SayDo};
    /// use folio_types::{Decimal, Progress};
    ///
    /// let engine = SayDo::new(Progress::new(Decimal::new(7, 1))?)?;
    /// assert_eq!(engine.method(), RollupMethod::SayDo);
    /// assert_eq!(engine.hit_threshold().to_string(), "0.7");
    /// assert!(SayDo::new(Progress::ZERO).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(hit_threshold: Progress) -> Result<Self> {
        let engine = Self { hit_threshold };
        engine.validate()?;
        Ok(engine)
    }

    /// The progress at or above which a key result hits.
    pub fn hit_threshold(&self) -> Progress {
        self.hit_threshold
    }

    /// Checks that the hit threshold is above 0.
    fn validate(&self) -> Result<()> {
        if self.hit_threshold.value() <= Decimal::ZERO {
            return Err(crate::error::invalid_setting(
                "say-do engine",
                "hit_threshold",
                format!(
                    "({}) must be above 0: every key result would count as hit",
                    self.hit_threshold
                ),
            ));
        }
        Ok(())
    }

    /// The counts at `node`.
    ///
    /// # Errors
    ///
    /// [`Error::NoKeyResults`] if the node counts no key result;
    /// [`Error::IndexOutOfPlan`] if `values` is shorter than the plan.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::{NodeId, SayDo};
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// let plan = graph.plan();
    /// let mut values = vec![Progress::ZERO; plan.len()];
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let nps = plan.index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap();
    /// values[arr.get()] = Progress::COMPLETE;
    /// values[nps.get()] = Progress::new(Decimal::new(9, 1))?;
    /// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// // At the default threshold of 1, arr hits and nps (0.9) misses.
    /// let counts = SayDo::default().counts(plan, grow, &values)?;
    /// assert_eq!((counts.hits, counts.total), (1, 2));
    /// // At 0.9 both hit.
    /// let counts = SayDo::new(Progress::new(Decimal::new(9, 1))?)?.counts(plan, grow, &values)?;
    /// assert_eq!((counts.hits, counts.total), (2, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counts(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<SayDoCounts> {
        let members = plan.say_do_members(node);
        if members.is_empty() {
            return Err(node_error(plan, node, |node| Error::NoKeyResults { node }));
        }
        let mut hits = 0u64;
        for &member in members {
            if value_of(values, member)? >= self.hit_threshold {
                hits = hits.saturating_add(1);
            }
        }
        let total = u64::try_from(members.len()).unwrap_or(u64::MAX);
        Ok(SayDoCounts { hits, total })
    }

    pub(super) fn share(
        plan: &Plan,
        node: NodeIndex,
        numerator: u64,
        total: u64,
    ) -> Result<Decimal> {
        Decimal::from(numerator)
            .checked_div(Decimal::from(total))
            .ok_or_else(|| {
                node_error(plan, node, |node| Error::Overflow {
                    node,
                    operation: "dividing hits by the key results counted",
                })
            })
    }
}

impl RollupEngine for SayDo {
    fn method(&self) -> RollupMethod {
        RollupMethod::SayDo
    }

    fn compute(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Progress> {
        let counts = self.counts(plan, node, values)?;
        Ok(Progress::new(Self::share(
            plan,
            node,
            counts.hits,
            counts.total,
        )?)?)
    }

    fn explain(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Breakdown> {
        let counts = self.counts(plan, node, values)?;
        let share = Self::share(plan, node, 1, counts.total)?;
        // Members are stored in index order, for the sweep; an explanation lists them
        // by level and id, the plan's listing order.
        let mut members = plan.say_do_members(node).to_vec();
        members.sort_unstable_by_key(|&member| plan.listing_position(member));
        let terms = members
            .into_iter()
            .map(|member| {
                let value = value_of(values, member)?;
                let hit = value >= self.hit_threshold;
                Ok(RollupTerm {
                    child: plan
                        .node(member)
                        .cloned()
                        .ok_or_else(|| Error::IndexOutOfPlan {
                            index: member.get(),
                            len: plan.len(),
                        })?,
                    weight: Decimal::ONE,
                    share,
                    value,
                    contribution: if hit { share } else { Decimal::ZERO },
                    hit: Some(hit),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Breakdown {
            basis: Decimal::from(counts.total),
            terms,
            counts: Some(counts),
            kpi: None,
        })
    }
}
