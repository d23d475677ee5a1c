//! The plain-data model of an OKR portfolio, as written in JSON.
//!
//! A [`PortfolioData`] lists objectives and key results; every record names the records
//! on the tier above it contributes to, each with a [`Weight`]. It is only data: build an
//! [`OkrGraph`](crate::OkrGraph) from it to have it validated and compiled.
//!
//! # Tiers
//!
//! | tier | objectives | key results |
//! |---|---|---|
//! | 1 | [`ObjectiveTier::Portfolio`]: 3-5 per period, owned by the CPO | none |
//! | 2 | [`ObjectiveTier::Product`]: each product line's objectives | [`KeyResultTier::Product`]: owned by a product manager |
//! | 3 | none | [`KeyResultTier::Initiative`]: a team's or initiative's key results (optional) |
//!
//! Contribution edges point from a record to its parent. The edges allowed are exactly
//! the ones that climb: a record contributes to the tier directly above it, and a
//! key result may also contribute to an objective on its own tier (that objective's
//! own key results):
//!
//! | child | may contribute to |
//! |---|---|
//! | product objective (2) | portfolio objective (1) |
//! | product key result (2) | product objective (2), portfolio objective (1) |
//! | initiative key result (3) | product key result (2), product objective (2) |
//!
//! Every other edge is reported by validation as a tier skip (a parent two tiers up), an
//! inversion (a parent below the child, or an objective under a key result) or a
//! same-tier edge (objective to objective or key result to key result on one tier).
//! Portfolio objectives contribute to nothing.
//!
//! # JSON
//!
//! ```
//! use folio_okr::PortfolioData;
//!
//! let data: PortfolioData = serde_json::from_str(r#"{
//!   "policy": { "method": "weighted" },
//!   "objectives": [
//!     { "id": "grow", "name": "Grow mid-market", "tier": "portfolio",
//!       "drivers": "child_objectives", "theme": "market expansion" },
//!     { "id": "atlas-win", "name": "Atlas wins mid-market deals", "tier": "product",
//!       "drivers": "key_results", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "2" }] }
//!   ],
//!   "key_results": [
//!     { "id": "atlas-arr", "name": "Mid-market ARR 2M", "tier": "product",
//!       "owner": "ana", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "atlas-win" } }] }
//!   ]
//! }"#)?;
//! assert_eq!(data.objectives.len(), 2);
//! // A weight left out is 1.
//! assert_eq!(data.key_results[0].contributes_to[0].weight, folio_types::Weight::ONE);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use folio_types::{
    KeyResultId, NaiveDate, ObjectiveId, OwnerId, Period, ProductId, Progress, Weight,
};

use crate::status::StatusPolicy;

/// The tier of an objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ObjectiveTier {
    /// Tier 1: what the whole portfolio is trying to achieve.
    Portfolio,
    /// Tier 2: a product line's objective, laddering up to portfolio objectives.
    Product,
}

/// The tier of a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum KeyResultTier {
    /// Tier 2: a product-level key result, owned by a product manager.
    Product,
    /// Tier 3: an initiative's or team's key result, contributing to the product level.
    Initiative,
}

/// The tier number (1, 2 or 3) and kind of a record, as used in tier checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Level {
    /// A portfolio objective (tier 1).
    PortfolioObjective,
    /// A product objective (tier 2).
    ProductObjective,
    /// A product key result (tier 2).
    ProductKeyResult,
    /// An initiative or team key result (tier 3).
    InitiativeKeyResult,
}

impl Level {
    /// The tier number: 1 for portfolio objectives, 2 for product objectives and key
    /// results, 3 for initiative key results.
    ///
    /// ```
    /// use folio_okr::Level;
    ///
    /// assert_eq!(Level::InitiativeKeyResult.tier(), 3);
    /// assert!(Level::ProductObjective.is_objective());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn tier(self) -> u8 {
        match self {
            Self::PortfolioObjective => 1,
            Self::ProductObjective | Self::ProductKeyResult => 2,
            Self::InitiativeKeyResult => 3,
        }
    }

    /// Whether this is an objective (rather than a key result).
    pub const fn is_objective(self) -> bool {
        matches!(self, Self::PortfolioObjective | Self::ProductObjective)
    }

    /// The position of the level in the contribution order: every allowed edge goes
    /// from a higher rank to a strictly lower one, which is what makes a graph with only
    /// allowed edges acyclic and lets the compiled plan sort nodes by rank.
    pub(crate) const fn rank(self) -> u8 {
        match self {
            Self::PortfolioObjective => 0,
            Self::ProductObjective => 1,
            Self::ProductKeyResult => 2,
            Self::InitiativeKeyResult => 3,
        }
    }
}

impl From<ObjectiveTier> for Level {
    fn from(tier: ObjectiveTier) -> Self {
        match tier {
            ObjectiveTier::Portfolio => Self::PortfolioObjective,
            ObjectiveTier::Product => Self::ProductObjective,
        }
    }
}

impl From<KeyResultTier> for Level {
    fn from(tier: KeyResultTier) -> Self {
        match tier {
            KeyResultTier::Product => Self::ProductKeyResult,
            KeyResultTier::Initiative => Self::InitiativeKeyResult,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::PortfolioObjective => "tier-1 portfolio objective",
            Self::ProductObjective => "tier-2 product objective",
            Self::ProductKeyResult => "tier-2 product key result",
            Self::InitiativeKeyResult => "tier-3 initiative key result",
        })
    }
}

/// Names one node of the graph: an objective or a key result.
///
/// Objective ids and key result ids are separate name spaces, so an objective and a key
/// result may share a text. In JSON: `{ "objective": "grow" }` or
/// `{ "key_result": "atlas-arr" }`. Objectives order before key results, then by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NodeId {
    /// An objective, on tier 1 or 2.
    Objective(ObjectiveId),
    /// A key result, on tier 2 or 3.
    KeyResult(KeyResultId),
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Objective(id) => write!(f, "objective {:?}", id.as_str()),
            Self::KeyResult(id) => write!(f, "key result {:?}", id.as_str()),
        }
    }
}

impl From<ObjectiveId> for NodeId {
    fn from(id: ObjectiveId) -> Self {
        Self::Objective(id)
    }
}

impl From<KeyResultId> for NodeId {
    fn from(id: KeyResultId) -> Self {
        Self::KeyResult(id)
    }
}

/// One contribution edge: this record counts towards `to`, with `weight`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Contribution {
    /// The parent on the tier above (or, for a key result, its own objective).
    pub to: NodeId,
    /// How much this edge counts in the parent, relative to the parent's other edges.
    /// Defaults to 1. Weights need not sum to 1; the rollup reports the normalized share.
    #[cfg_attr(feature = "serde", serde(default))]
    pub weight: Weight,
}

impl Contribution {
    /// An edge to `to` with `weight`.
    ///
    /// ```
    /// use folio_okr::{Contribution, NodeId};
    /// use folio_types::{ObjectiveId, Weight};
    ///
    /// let edge = Contribution::new(ObjectiveId::new("grow")?, Weight::ONE);
    /// assert_eq!(edge.to, NodeId::from(ObjectiveId::new("grow")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(to: impl Into<NodeId>, weight: Weight) -> Self {
        Self {
            to: to.into(),
            weight,
        }
    }
}

/// What drives an objective's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Drivers {
    /// Only the key results that contribute to it directly.
    KeyResults,
    /// Only the objectives that contribute to it (its child objectives).
    ChildObjectives,
    /// Both, each edge counted once with its weight.
    Both,
}

impl Drivers {
    /// Whether key results contributing directly are counted.
    pub const fn counts_key_results(self) -> bool {
        matches!(self, Self::KeyResults | Self::Both)
    }

    /// Whether child objectives are counted.
    pub const fn counts_objectives(self) -> bool {
        matches!(self, Self::ChildObjectives | Self::Both)
    }
}

/// How progress rolls up. One method is chosen for the whole portfolio: a rollup that
/// mixes methods is not comparable across products, so a portfolio whose objectives ask
/// for different methods is rejected by validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RollupMethod {
    /// `sum(w_i * p_i) / sum(w_i)` over a node's contributors; see
    /// [`Weighted`](crate::rollup::Weighted).
    Weighted,
    /// The share of key results that hit their target; see
    /// [`SayDo`](crate::rollup::SayDo).
    SayDo,
    /// Every node measures one metric; a rolled-up node's value is the aggregate of the
    /// metric readings of the leaf key results beneath it, combined as the metric's
    /// definition says, and its progress is measured against its own target; see
    /// [`KpiRollup`](crate::rollup::KpiRollup).
    Kpi,
}

impl fmt::Display for RollupMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Weighted => "weighted",
            Self::SayDo => "say-do",
            Self::Kpi => "KPI",
        })
    }
}

/// Which value a node reports when its owner has overridden the computed one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum OverridePolicy {
    /// The override is reported, and it is what the node's parents see. The default: an
    /// owner overrides because the computed value is known to be wrong.
    #[default]
    Report,
    /// The computed value is reported and propagated; overrides are kept alongside for
    /// display only.
    Ignore,
}

/// The rollup settings of a portfolio, chosen once for the whole graph.
///
/// A policy that exists is valid: [`new`](Self::new) gives a valid policy, and
/// [`with_hit_threshold`](Self::with_hit_threshold) and deserialization check that the
/// say-do hit threshold is above 0 (at 0 every key result would count as hit, whatever
/// its progress); the status policy is valid by its own type. The fields are private.
///
/// ```
/// use folio_okr::{OverridePolicy, RollupMethod, RollupPolicy};
/// use folio_types::Progress;
///
/// let policy = RollupPolicy::new(RollupMethod::SayDo).with_overrides(OverridePolicy::Ignore);
/// assert_eq!(policy.overrides(), OverridePolicy::Ignore);
/// let err = policy.with_hit_threshold(Progress::ZERO).unwrap_err();
/// assert_eq!(err.to_string(), "invalid rollup policy: hit_threshold (0) must be above 0: every key result would count as hit");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<RollupPolicy>(r#"{"method": "say_do", "hit_threshold": 0}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The rollup settings of a portfolio, chosen once for the whole graph. The say-do hit threshold is above 0."
    )
)]
// The fields are readable across the crate (the engines read them on hot paths); outside
// it, only through the getters, so a policy cannot be built around the checks.
pub struct RollupPolicy {
    /// The rollup method of every node.
    pub(crate) method: RollupMethod,
    /// For [`RollupMethod::SayDo`]: the progress at or above which a key result counts
    /// as hit. Defaults to 1 (the target met).
    #[cfg_attr(feature = "serde", serde(default = "default_hit_threshold"))]
    pub(crate) hit_threshold: Progress,
    /// Whether owner overrides are reported and propagated. Defaults to
    /// [`OverridePolicy::Report`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) overrides: OverridePolicy,
    /// How status rolls up; see [`crate::status`]. Defaults to the worst child's, with
    /// the seeds' thresholds.
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) status: StatusPolicy,
}

#[cfg(feature = "serde")]
fn default_hit_threshold() -> Progress {
    Progress::COMPLETE
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(RollupPolicy);

impl RollupPolicy {
    /// Checks the rule listed on the type and the status policy. Deserialization runs
    /// this check, and so does every rollup engine built from the policy.
    pub(crate) fn validate(&self) -> crate::Result<()> {
        if self.hit_threshold.value() <= folio_types::Decimal::ZERO {
            return Err(crate::error::invalid_setting(
                "rollup policy",
                "hit_threshold",
                format!(
                    "({}) must be above 0: every key result would count as hit",
                    self.hit_threshold
                ),
            ));
        }
        self.status.validate()
    }

    /// The same policy with the say-do hit threshold `hit_threshold`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`](crate::Error::Core) with
    /// [`InvalidSetting`](folio_types::Error::InvalidSetting) naming `hit_threshold`
    /// if it is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::{RollupMethod, RollupPolicy};
    /// use folio_types::{Decimal, Progress};
    ///
    /// let policy = RollupPolicy::new(RollupMethod::SayDo)
    ///     .with_hit_threshold(Progress::new(Decimal::new(9, 1))?)?;
    /// assert_eq!(policy.hit_threshold().to_string(), "0.9");
    /// assert!(policy.with_hit_threshold(Progress::ZERO).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_hit_threshold(self, hit_threshold: Progress) -> crate::Result<Self> {
        let policy = Self {
            hit_threshold,
            ..self
        };
        policy.validate()?;
        Ok(policy)
    }

    /// A policy with `method`, a hit threshold of 1, reported overrides and the default
    /// status policy.
    ///
    /// ```
    /// use folio_okr::{OverridePolicy, RollupMethod, RollupPolicy};
    /// use folio_types::Progress;
    ///
    /// let policy = RollupPolicy::new(RollupMethod::SayDo);
    /// assert_eq!(policy.hit_threshold(), Progress::COMPLETE);
    /// assert_eq!(policy.overrides(), OverridePolicy::Report);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(method: RollupMethod) -> Self {
        Self {
            method,
            hit_threshold: Progress::COMPLETE,
            overrides: OverridePolicy::Report,
            status: StatusPolicy::default(),
        }
    }

    /// The same policy with `method`; the hit threshold is kept (it applies to the
    /// say-do method only).
    ///
    /// ```
    /// use folio_okr::{RollupMethod, RollupPolicy};
    ///
    /// let policy = RollupPolicy::new(RollupMethod::Kpi).with_method(RollupMethod::Weighted);
    /// assert_eq!(policy.method(), RollupMethod::Weighted);
    /// ```
    #[must_use]
    pub fn with_method(self, method: RollupMethod) -> Self {
        Self { method, ..self }
    }

    /// The same policy with `overrides`; every override policy goes with every method.
    ///
    /// ```
    /// use folio_okr::{OverridePolicy, RollupMethod, RollupPolicy};
    ///
    /// let policy = RollupPolicy::new(RollupMethod::Weighted).with_overrides(OverridePolicy::Ignore);
    /// assert_eq!(policy.overrides(), OverridePolicy::Ignore);
    /// ```
    #[must_use]
    pub fn with_overrides(self, overrides: OverridePolicy) -> Self {
        Self { overrides, ..self }
    }

    /// The same policy with the status settings `status` (valid by their type).
    ///
    /// ```
    /// use folio_okr::{RollupMethod, RollupPolicy, StatusPolicy, StatusRule};
    ///
    /// let status = StatusPolicy::default().with_rule(StatusRule::ConfidenceWeightedMean);
    /// let policy = RollupPolicy::new(RollupMethod::Weighted).with_status(status);
    /// assert_eq!(policy.status().rule(), StatusRule::ConfidenceWeightedMean);
    /// ```
    #[must_use]
    pub fn with_status(self, status: StatusPolicy) -> Self {
        Self { status, ..self }
    }

    /// The rollup method of every node.
    pub fn method(&self) -> RollupMethod {
        self.method
    }

    /// For [`RollupMethod::SayDo`]: the progress at or above which a key result counts
    /// as hit; above 0.
    pub fn hit_threshold(&self) -> Progress {
        self.hit_threshold
    }

    /// Whether owner overrides are reported and propagated.
    pub fn overrides(&self) -> OverridePolicy {
        self.overrides
    }

    /// How status rolls up; see [`crate::status`].
    pub fn status(&self) -> &StatusPolicy {
        &self.status
    }
}

/// An objective, on tier 1 or 2.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ObjectiveData {
    /// The objective's id.
    pub id: ObjectiveId,
    /// Display name.
    pub name: String,
    /// Portfolio (tier 1) or product (tier 2).
    pub tier: ObjectiveTier,
    /// What drives its progress: its own key results, its child objectives, or both.
    pub drivers: Drivers,
    /// Who owns it, if recorded.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub owner: Option<OwnerId>,
    /// The product it belongs to; product objectives usually name one.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub product: Option<ProductId>,
    /// The strategic theme it advances, such as "market expansion".
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub theme: Option<String>,
    /// The rollup method this objective asks for, when the source tool records one
    /// per objective. It must equal the portfolio's [`RollupPolicy::method`].
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub method: Option<RollupMethod>,
    /// The objectives on the tier above it counts towards (empty for tier 1).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub contributes_to: Vec<Contribution>,
    /// The metric target of an objective tied to a real metric (ARR, retention, NPS).
    /// The KPI rollup measures the objective's aggregated metric value against it, and
    /// requires one on every rolled-up objective; the other methods ignore it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub target: Option<folio_metrics::Target>,
    /// The date by which the objective is to be reached; the SMART check wants one
    /// inside the portfolio's period.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub deadline: Option<NaiveDate>,
    /// What the objective needs done first: other objectives or key results, each with
    /// a kind and a due date. Optional in JSON (old files read as no dependencies).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub depends_on: Vec<Dependency>,
}

/// A key result's claim on a shared resource (a platform team, a data pipeline, a
/// launch slot) for a period. Two products' key results claiming one resource in
/// overlapping periods are a cascade conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResourceClaim {
    /// The shared resource, by name.
    pub resource: ResourceId,
    /// When the key result needs it.
    pub period: Period,
}

folio_types::define_id!(
    /// Identifies a shared resource that key results may claim, such as
    /// `"data-platform-team"`.
    pub ResourceId,
    "resource id"
);

/// A key result, on tier 2 or 3.
///
/// A key result with no contributors of its own (no initiative key results under it) is
/// a *leaf*: its progress is an input, given directly in
/// [`ProgressInputs`](crate::ProgressInputs) or measured from its `target` and its
/// latest check-in ([`CheckInLog::progress`](crate::tracking::CheckInLog::progress)).
/// A key result with contributors is rolled up from them like an objective.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KeyResultData {
    /// The key result's id.
    pub id: KeyResultId,
    /// Display name.
    pub name: String,
    /// Product (tier 2) or initiative (tier 3).
    pub tier: KeyResultTier,
    /// The person or team accountable for it.
    pub owner: OwnerId,
    /// The product it measures.
    pub product: ProductId,
    /// The objectives or key results it counts towards: at least one.
    pub contributes_to: Vec<Contribution>,
    /// What it measures: a target on a metric of folio-metrics, or a milestone (the
    /// goal `"milestone"`). Check-ins of a metric target report values, those of a
    /// milestone report a done flag. `None` when progress is given directly.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub target: Option<folio_metrics::Target>,
    /// The date by which the key result is to be reached; the SMART check wants one
    /// inside the portfolio's period.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub deadline: Option<NaiveDate>,
    /// Shared resources the key result needs, each for a period.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub resources: Vec<ResourceClaim>,
    /// What the key result needs done first: another product shipping a feature, a
    /// shared API, a platform migration. Optional in JSON (old files read as no
    /// dependencies).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub depends_on: Vec<Dependency>,
}

/// What kind of prerequisite a [`Dependency`] is (seed 001, "Achievable": "Does this
/// goal depend on another product shipping a feature first? Is there a technical
/// dependency (shared API, platform migration)?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DependencyKind {
    /// Another product has to ship a feature first.
    Feature,
    /// A shared API has to exist or change first.
    SharedApi,
    /// A platform migration has to be done first.
    PlatformMigration,
    /// A shared resource (a team, a data pipeline) has to be free first.
    Resource,
    /// Any other prerequisite.
    Other,
}

impl fmt::Display for DependencyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Feature => "feature",
            Self::SharedApi => "shared API",
            Self::PlatformMigration => "platform migration",
            Self::Resource => "resource",
            Self::Other => "other",
        })
    }
}

/// One dependency edge: the record holding it needs `on` done first.
///
/// Dependencies are separate from contribution edges: they say what must happen first,
/// not what counts towards what, so they play no part in rollups. Validation checks
/// that `on` names a record of the portfolio and that dependencies form no cycle.
///
/// ```
/// use folio_okr::{Dependency, DependencyKind, NodeId};
/// use folio_types::KeyResultId;
///
/// let dependency: Dependency = serde_json::from_str(
///     r#"{ "on": { "key_result": "api-v2" }, "kind": "shared_api", "due": "2026-08-15" }"#,
/// )?;
/// assert_eq!(dependency.on, NodeId::from(KeyResultId::new("api-v2")?));
/// assert_eq!(dependency.kind, DependencyKind::SharedApi);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "One dependency edge: the record holding it needs `on` done first.\n\nDependencies are separate from contribution edges: they say what must happen first,\nnot what counts towards what, so they play no part in rollups. Validation checks\nthat `on` names a record of the portfolio and that dependencies form no cycle."
    )
)]
pub struct Dependency {
    /// The prerequisite: an objective or a key result.
    pub on: NodeId,
    /// What kind of prerequisite it is.
    pub kind: DependencyKind,
    /// When the prerequisite is due to be delivered. When absent, the prerequisite's
    /// own deadline stands in for it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub due: Option<NaiveDate>,
}

impl Dependency {
    /// A dependency on `on` of `kind`, due on `due` if given.
    ///
    /// ```
    /// use folio_okr::{Dependency, DependencyKind};
    /// use folio_types::ObjectiveId;
    ///
    /// let dependency = Dependency::new(ObjectiveId::new("platform")?, DependencyKind::PlatformMigration, None);
    /// assert!(dependency.due.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(on: impl Into<NodeId>, kind: DependencyKind, due: Option<NaiveDate>) -> Self {
        Self {
            on: on.into(),
            kind,
            due,
        }
    }
}

/// A whole OKR portfolio as plain data. Validate and compile it with
/// [`OkrGraph::new`](crate::OkrGraph::new).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PortfolioData {
    /// The rollup method and its settings, one for the whole portfolio.
    pub policy: RollupPolicy,
    /// The OKR period (usually a quarter) the goals are set for, when recorded: the
    /// SMART check wants every deadline inside it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub period: Option<Period>,
    /// Objectives of tiers 1 and 2, in any order.
    pub objectives: Vec<ObjectiveData>,
    /// Key results of tiers 2 and 3, in any order.
    pub key_results: Vec<KeyResultData>,
}

impl PortfolioData {
    #[cfg(feature = "schemars")]
    /// The JSON Schema of the portfolio input, for tools that write it.
    pub fn json_schema() -> schemars::Schema {
        schemars::schema_for!(PortfolioData)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_table() {
        let cases = [
            (Level::PortfolioObjective, 1, true, 0),
            (Level::ProductObjective, 2, true, 1),
            (Level::ProductKeyResult, 2, false, 2),
            (Level::InitiativeKeyResult, 3, false, 3),
        ];
        for (level, tier, objective, rank) in cases {
            assert_eq!(level.tier(), tier, "{level}");
            assert_eq!(level.is_objective(), objective, "{level}");
            assert_eq!(level.rank(), rank, "{level}");
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn node_id_json_shape() {
        let node: NodeId = serde_json::from_str(r#"{ "key_result": "kr-1" }"#).unwrap();
        assert_eq!(node, NodeId::KeyResult(KeyResultId::new("kr-1").unwrap()));
        assert_eq!(
            serde_json::to_string(&node).unwrap(),
            r#"{"key_result":"kr-1"}"#
        );
        assert_eq!(node.to_string(), "key result \"kr-1\"");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn negative_weight_in_json_is_an_error() {
        let err = serde_json::from_str::<Contribution>(
            r#"{ "to": { "objective": "o" }, "weight": "-0.5" }"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("weight -0.5 is outside >= 0"),
            "{err}"
        );
        let err =
            serde_json::from_str::<Contribution>(r#"{ "to": { "objective": "o" }, "weight": -1 }"#)
                .unwrap_err();
        assert!(err.to_string().contains("weight -1"), "{err}");
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn policy_defaults() {
        let policy: RollupPolicy = serde_json::from_str(r#"{ "method": "say_do" }"#).unwrap();
        assert_eq!(policy, RollupPolicy::new(RollupMethod::SayDo));
        let kpi: RollupPolicy = serde_json::from_str(r#"{ "method": "kpi" }"#).unwrap();
        assert_eq!(kpi.method, RollupMethod::Kpi);
        assert!(serde_json::from_str::<RollupPolicy>(r#"{ "method": "mixed" }"#).is_err());
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn schema_names_the_inputs() {
        let schema = serde_json::to_string(&PortfolioData::json_schema()).unwrap();
        for word in ["contributes_to", "drivers", "hit_threshold", "key_result"] {
            assert!(schema.contains(word), "schema lacks {word}");
        }
    }
}
