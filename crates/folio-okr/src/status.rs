//! Status roll-up: on track, at risk or critical, from owners' confidence.
//!
//! Each leaf key result's owner reports a [`Confidence`] (0 to 1, the seeds' weekly
//! check-in score). A leaf's status follows from it by two thresholds: below
//! [`StatusPolicy::critical_below`] (default 0.4, the seeds' off-track line) it is
//! critical, below [`StatusPolicy::at_risk_below`] (default 0.7, an assumption of this
//! crate: the common "0.7 is a good score" line of OKR practice) at risk, else on track.
//!
//! A rolled-up node's confidence is the weighted mean of its contributors'
//! (`sum(w_i × c_i) / sum(w_i)` over its contribution edges; when every weight is zero,
//! which only a say-do portfolio allows, each contributor counts once). Its status
//! follows the portfolio's [`StatusRule`]:
//!
//! - [`StatusRule::WorstChild`] (the default): the worst status among its contributors,
//!   zero-weight ones included: a key result that carries no weight in the mean is still
//!   a key result in trouble. [`NodeStatus::driven_by`] names the contributor (the first
//!   in plan order among the worst).
//! - [`StatusRule::ConfidenceWeightedMean`]: the status of its weighted mean confidence,
//!   by the same thresholds.
//!
//! # Critical is not "off track"
//!
//! The seeds call a key result *off track* when its confidence is below 0.4 **by
//! mid-quarter**: that rule, with its recovery plan, is
//! [`tracking::off_track()`](crate::tracking::off_track()), and it does not apply before
//! half the period has elapsed. The status here reads the same threshold at any point
//! of the period, so it has its own name, [`Status::Critical`]: a critical key result
//! in week three is a warning, not yet an off-track one that owes a recovery plan. In
//! JSON the old spellings (`"off_track"`, `off_track_below`) are still read.
//!
//! Status is independent of progress and of overrides, and its arithmetic is checked
//! like the rollups'; the mean of values in 0..=1 is capped at 1 against a rounding in
//! the 28th digit.

use std::sync::Arc;

use folio_types::{Confidence, Decimal, KeyResultId};

use crate::error::{Error, Result};
use crate::inputs::ProgressInputs;
use crate::model::NodeId;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::node_error;

/// How a key result or objective is doing, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Status {
    /// Confidence at or above the at-risk line.
    OnTrack,
    /// Confidence below the at-risk line, at or above the critical line.
    AtRisk,
    /// Confidence below the critical line (0.4 by default), at any point of the period.
    /// Not the same as off track, which applies from mid-period (see the [module
    /// docs](self#critical-is-not-off-track)).
    #[cfg_attr(feature = "serde", serde(alias = "off_track"))]
    Critical,
}

/// How a rolled-up node's status follows from its contributors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StatusRule {
    /// The worst contributor's status.
    #[default]
    WorstChild,
    /// The status of the weighted mean confidence.
    ConfidenceWeightedMean,
}

/// The status settings of a portfolio.
///
/// A policy that exists is valid: [`new`](Self::new), the `with_*` methods and
/// deserialization check that `critical_below` is not above `at_risk_below` (critical
/// is the worse status, so its threshold is the lower one); the fields are private.
///
/// ```
/// use folio_okr::{StatusPolicy, StatusRule};
/// use folio_types::{Confidence, Decimal};
///
/// let c = |tenths| Confidence::new(Decimal::new(tenths, 1));
/// let policy = StatusPolicy::new(StatusRule::ConfidenceWeightedMean, c(8)?, c(5)?)?;
/// assert_eq!(policy.at_risk_below(), c(8)?);
/// let err = StatusPolicy::default().with_thresholds(c(3)?, c(6)?).unwrap_err();
/// assert_eq!(err.to_string(), "invalid status policy: critical_below (0.6) must not be above at_risk_below (0.3)");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<StatusPolicy>(r#"{"at_risk_below": "0.3", "critical_below": "0.6"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The status settings of a portfolio. critical_below is not above at_risk_below."
    )
)]
pub struct StatusPolicy {
    /// How rolled-up nodes take their status. Defaults to the worst child's.
    #[cfg_attr(feature = "serde", serde(default))]
    rule: StatusRule,
    /// Confidence below this is at risk. Defaults to 0.7.
    #[cfg_attr(feature = "serde", serde(default = "default_at_risk"))]
    at_risk_below: Confidence,
    /// Confidence below this is critical. Defaults to 0.4.
    #[cfg_attr(
        feature = "serde",
        serde(default = "default_critical", alias = "off_track_below")
    )]
    critical_below: Confidence,
}

fn default_at_risk() -> Confidence {
    Confidence::new(Decimal::new(7, 1)).unwrap_or(Confidence::ONE)
}

fn default_critical() -> Confidence {
    Confidence::new(Decimal::new(4, 1)).unwrap_or(Confidence::ZERO)
}

impl Default for StatusPolicy {
    fn default() -> Self {
        Self {
            rule: StatusRule::WorstChild,
            at_risk_below: default_at_risk(),
            critical_below: default_critical(),
        }
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(StatusPolicy);

impl StatusPolicy {
    /// A policy with `rule`: confidence below `at_risk_below` is at risk, below
    /// `critical_below` critical.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `critical_below` if it is above `at_risk_below`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::{StatusPolicy, StatusRule};
    /// use folio_types::{Confidence, Decimal};
    ///
    /// let c = |tenths| Confidence::new(Decimal::new(tenths, 1));
    /// assert_eq!(StatusPolicy::new(StatusRule::WorstChild, c(7)?, c(4)?)?, StatusPolicy::default());
    /// assert!(StatusPolicy::new(StatusRule::WorstChild, c(4)?, c(7)?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        rule: StatusRule,
        at_risk_below: Confidence,
        critical_below: Confidence,
    ) -> crate::Result<Self> {
        let policy = Self {
            rule,
            at_risk_below,
            critical_below,
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The same policy with `rule`; every rule goes with every pair of thresholds.
    ///
    /// ```
    /// use folio_okr::{StatusPolicy, StatusRule};
    ///
    /// let policy = StatusPolicy::default().with_rule(StatusRule::ConfidenceWeightedMean);
    /// assert_eq!(policy.rule(), StatusRule::ConfidenceWeightedMean);
    /// ```
    #[must_use]
    pub fn with_rule(self, rule: StatusRule) -> Self {
        Self { rule, ..self }
    }

    /// The same policy with the thresholds `at_risk_below` and `critical_below`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new): `critical_below` above `at_risk_below` is an error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::StatusPolicy;
    /// use folio_types::Confidence;
    ///
    /// let strict = StatusPolicy::default().with_thresholds(Confidence::ONE, Confidence::ONE)?;
    /// assert_eq!(strict.critical_below(), Confidence::ONE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_thresholds(
        self,
        at_risk_below: Confidence,
        critical_below: Confidence,
    ) -> crate::Result<Self> {
        Self::new(self.rule, at_risk_below, critical_below)
    }

    /// How rolled-up nodes take their status.
    pub fn rule(&self) -> StatusRule {
        self.rule
    }

    /// Confidence below this is at risk.
    pub fn at_risk_below(&self) -> Confidence {
        self.at_risk_below
    }

    /// Confidence below this is critical; not above [`at_risk_below`](Self::at_risk_below).
    pub fn critical_below(&self) -> Confidence {
        self.critical_below
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    pub(crate) fn validate(&self) -> crate::Result<()> {
        if self.critical_below > self.at_risk_below {
            return Err(crate::error::invalid_setting(
                "status policy",
                "critical_below",
                format!(
                    "({}) must not be above at_risk_below ({})",
                    self.critical_below, self.at_risk_below
                ),
            ));
        }
        Ok(())
    }

    /// The status of a confidence by the policy's thresholds.
    ///
    /// ```
    /// use folio_types::{Confidence, Decimal};
    /// use folio_okr::{Status, StatusPolicy};
    ///
    /// let policy = StatusPolicy::default();
    /// let status = |c| Confidence::new(Decimal::new(c, 1)).map(|c| policy.status_of(c));
    /// assert_eq!(status(3)?, Status::Critical);
    /// assert_eq!(status(4)?, Status::AtRisk);
    /// assert_eq!(status(7)?, Status::OnTrack);
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    pub fn status_of(&self, confidence: Confidence) -> Status {
        if confidence < self.critical_below {
            Status::Critical
        } else if confidence < self.at_risk_below {
            Status::AtRisk
        } else {
            Status::OnTrack
        }
    }
}

/// One node's status.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NodeStatus {
    /// The node.
    pub node: NodeId,
    /// Its confidence: a leaf's input, a rolled-up node's weighted mean.
    pub confidence: Confidence,
    /// Its status.
    pub status: Status,
    /// Under [`StatusRule::WorstChild`], the contributor whose status it takes.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub driven_by: Option<NodeId>,
}

/// The rolled-up status of a portfolio, with incremental updates.
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
/// use folio_okr::{NodeId, ProgressInputs, Status};
/// use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId};
///
/// let mut inputs = ProgressInputs::default();
/// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::ONE);
/// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(3, 1))?);
/// let mut status = graph.status(&inputs)?;
/// let grow = NodeId::from(ObjectiveId::new("grow")?);
/// // nps at 0.3 is critical, and grow takes its worst child's status.
/// assert_eq!(status.status(&grow).map(|s| s.status), Some(Status::Critical));
/// // nps recovers: only grow is recomputed.
/// status.update(&KeyResultId::new("nps")?, Confidence::ONE)?;
/// assert_eq!(status.status(&grow).map(|s| s.status), Some(Status::OnTrack));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct StatusRollup {
    plan: Arc<Plan>,
    policy: StatusPolicy,
    confidence: Vec<Confidence>,
    status: Vec<Status>,
    driven_by: Vec<Option<NodeIndex>>,
    scratch: Vec<NodeIndex>,
}

impl StatusRollup {
    /// Rolls status up from the leaf confidences in `inputs`, by the plan's policy.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`] or [`Error::NotALeaf`] for a confidence naming an unknown
    /// or rolled-up key result; [`Error::MissingConfidence`] listing every leaf without
    /// one; [`Error::Overflow`] if a weighted mean overflows.
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
    /// use std::sync::Arc;
    /// use folio_okr::{ProgressInputs, Status, StatusRollup};
    /// use folio_types::{Confidence, KeyResultId};
    ///
    /// let mut inputs = ProgressInputs::default();
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::ONE);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::ONE);
    /// let status = StatusRollup::new(Arc::new(graph.plan().clone()), &inputs)?;
    /// // Everyone certain: every node on track.
    /// assert!(status.status_values().iter().all(|s| *s == Status::OnTrack));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(plan: Arc<Plan>, inputs: &ProgressInputs) -> Result<Self> {
        let mut leaves: Vec<Option<Confidence>> = vec![None; plan.leaf_count()];
        for (id, &confidence) in &inputs.confidence {
            let index = plan
                .key_result_index(id)
                .ok_or_else(|| Error::UnknownNode {
                    node: NodeId::KeyResult(id.clone()),
                })?;
            let slot = leaves.get_mut(index.get()).ok_or_else(|| Error::NotALeaf {
                key_result: id.clone(),
            })?;
            *slot = Some(confidence);
        }
        let mut missing: Vec<KeyResultId> = plan
            .indices()
            .zip(&leaves)
            .filter(|(_, c)| c.is_none())
            .filter_map(|(i, _)| match plan.node(i) {
                Some(NodeId::KeyResult(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            missing.sort();
            return Err(Error::MissingConfidence {
                key_results: missing,
            });
        }
        let policy = plan.policy().status;
        let mut confidence: Vec<Confidence> = leaves.into_iter().flatten().collect();
        let mut status: Vec<Status> = confidence.iter().map(|c| policy.status_of(*c)).collect();
        confidence.resize(plan.len(), Confidence::ZERO);
        status.resize(plan.len(), Status::OnTrack);
        let mut rollup = Self {
            driven_by: vec![None; plan.len()],
            plan,
            policy,
            confidence,
            status,
            scratch: Vec::new(),
        };
        let plan = Arc::clone(&rollup.plan);
        for node in plan.rolled_up() {
            rollup.recompute(node)?;
        }
        Ok(rollup)
    }

    fn recompute(&mut self, node: NodeIndex) -> Result<()> {
        let contributors = self.plan.contributors(node);
        let total = self.plan.total_weight(node);
        let equal = total.is_zero();
        let mut sum = Decimal::ZERO;
        let mut worst: Option<(Status, NodeIndex)> = None;
        for &(child, weight) in contributors {
            let i = child.get();
            let (c, s) = self
                .confidence
                .get(i)
                .zip(self.status.get(i))
                .ok_or_else(|| Error::IndexOutOfPlan {
                    index: i,
                    len: self.plan.len(),
                })?;
            let w = if equal { Decimal::ONE } else { weight.value() };
            sum = w
                .checked_mul(c.value())
                .and_then(|t| sum.checked_add(t))
                .ok_or_else(|| overflow(&self.plan, node))?;
            if worst.is_none_or(|(w, _)| *s > w) {
                worst = Some((*s, child));
            }
        }
        let divisor = if equal {
            Decimal::from(contributors.len())
        } else {
            total
        };
        let mean = sum
            .checked_div(divisor)
            .ok_or_else(|| overflow(&self.plan, node))?
            .min(Decimal::ONE);
        let confidence = Confidence::new(mean)?;
        let (status, driven_by) = match self.policy.rule {
            StatusRule::WorstChild => match worst {
                Some((status, child)) => (status, Some(child)),
                None => (self.policy.status_of(confidence), None),
            },
            StatusRule::ConfidenceWeightedMean => (self.policy.status_of(confidence), None),
        };
        let i = node.get();
        let out_of_plan = Error::IndexOutOfPlan {
            index: i,
            len: self.plan.len(),
        };
        *self.confidence.get_mut(i).ok_or(out_of_plan.clone())? = confidence;
        *self.status.get_mut(i).ok_or(out_of_plan.clone())? = status;
        *self.driven_by.get_mut(i).ok_or(out_of_plan)? = driven_by;
        Ok(())
    }

    /// The status of a node, by id.
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
    /// # use folio_okr::{NodeId, ProgressInputs, Status};
    /// # use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId, Progress};
    /// # let mut inputs = ProgressInputs::new([
    /// #     (KeyResultId::new("arr")?, Progress::ZERO),
    /// #     (KeyResultId::new("nps")?, Progress::ZERO),
    /// # ]);
    /// // arr's owner is 0.8 confident (on track), nps's 0.5 (at risk).
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::new(Decimal::new(8, 1))?);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(5, 1))?);
    /// let status = graph.status(&inputs)?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let node = status.status(&grow).unwrap();
    /// // The worst child's status, and who it comes from.
    /// assert_eq!(node.status, Status::AtRisk);
    /// assert_eq!(node.driven_by, Some(NodeId::from(KeyResultId::new("nps")?)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status(&self, node: &NodeId) -> Option<NodeStatus> {
        let index = self.plan.index_of(node)?;
        let i = index.get();
        Some(NodeStatus {
            node: node.clone(),
            confidence: *self.confidence.get(i)?,
            status: *self.status.get(i)?,
            driven_by: self
                .driven_by
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| self.plan.node(c).cloned()),
        })
    }

    /// Every node's status, by [`NodeIndex`].
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
    /// # use folio_okr::{NodeId, ProgressInputs, Status};
    /// # use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId, Progress};
    /// # let mut inputs = ProgressInputs::new([
    /// #     (KeyResultId::new("arr")?, Progress::ZERO),
    /// #     (KeyResultId::new("nps")?, Progress::ZERO),
    /// # ]);
    /// // arr's owner is 0.8 confident (on track), nps's 0.5 (at risk).
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::new(Decimal::new(8, 1))?);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(5, 1))?);
    /// let status = graph.status(&inputs)?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let grow_at = graph.plan().index_of(&grow).unwrap();
    /// assert_eq!(status.status_values()[grow_at.get()], Status::AtRisk);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status_values(&self) -> &[Status] {
        &self.status
    }

    /// Every node's confidence, by [`NodeIndex`].
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId, Progress};
    /// # let mut inputs = ProgressInputs::new([
    /// #     (KeyResultId::new("arr")?, Progress::ZERO),
    /// #     (KeyResultId::new("nps")?, Progress::ZERO),
    /// # ]);
    /// // arr's owner is 0.8 confident (on track), nps's 0.5 (at risk).
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::new(Decimal::new(8, 1))?);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(5, 1))?);
    /// let status = graph.status(&inputs)?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let grow_at = graph.plan().index_of(&grow).unwrap();
    /// // The weighted mean: (3 x 0.8 + 1 x 0.5) / 4 = 0.725.
    /// assert_eq!(status.confidence_values()[grow_at.get()].value(), Decimal::new(725, 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn confidence_values(&self) -> &[Confidence] {
        &self.confidence
    }

    /// Sets one leaf key result's confidence and recomputes its ancestors only; the
    /// result equals a full roll-up with the same inputs.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], or [`Error::Overflow`] (the state is
    /// then partly updated).
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
    /// # use folio_okr::{NodeId, ProgressInputs, Status};
    /// # use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId, Progress};
    /// # let mut inputs = ProgressInputs::new([
    /// #     (KeyResultId::new("arr")?, Progress::ZERO),
    /// #     (KeyResultId::new("nps")?, Progress::ZERO),
    /// # ]);
    /// // arr's owner is 0.8 confident (on track), nps's 0.5 (at risk).
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::new(Decimal::new(8, 1))?);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(5, 1))?);
    /// let mut status = graph.status(&inputs)?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// status.update(&KeyResultId::new("nps")?, Confidence::new(Decimal::new(2, 1))?)?;
    /// // nps at 0.2 is critical, and so is grow.
    /// assert_eq!(status.status(&grow).map(|s| s.status), Some(Status::Critical));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(&mut self, key_result: &KeyResultId, confidence: Confidence) -> Result<()> {
        let node = NodeId::KeyResult(key_result.clone());
        let index = self
            .plan
            .index_of(&node)
            .ok_or(Error::UnknownNode { node })?;
        if !self.plan.is_leaf(index) {
            return Err(Error::NotALeaf {
                key_result: key_result.clone(),
            });
        }
        let i = index.get();
        let out_of_plan = Error::IndexOutOfPlan {
            index: i,
            len: self.plan.len(),
        };
        *self.confidence.get_mut(i).ok_or(out_of_plan.clone())? = confidence;
        *self.status.get_mut(i).ok_or(out_of_plan)? = self.policy.status_of(confidence);
        self.scratch.clear();
        self.scratch.extend_from_slice(self.plan.parents(index));
        self.plan.close_upwards(&mut self.scratch);
        let scratch = std::mem::take(&mut self.scratch);
        let mut result = Ok(());
        for &node in &scratch {
            result = self.recompute(node);
            if result.is_err() {
                break;
            }
        }
        self.scratch = scratch;
        result
    }
}

fn overflow(plan: &Plan, node: NodeIndex) -> Error {
    node_error(plan, node, |node| Error::Overflow {
        node,
        operation: "averaging confidence",
    })
}
