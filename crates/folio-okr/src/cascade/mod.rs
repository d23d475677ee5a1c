//! The cascade check: does the portfolio's cascade hold together?
//!
//! Once every product team has written goals that ladder up to the portfolio's, the
//! portfolio leadership reviews them side by side for three things (seed 001):
//!
//! - **Gaps**: a portfolio goal that no product team has addressed.
//! - **Redundancies**: two teams working toward the same outcome independently.
//! - **Conflicts**: two products competing for the same shared resource.
//!
//! and checks every goal against SMART (see [`smart`]). [`cascade()`] reads a validated
//! [`OkrGraph`]; [`cascade_draft`] reads a [`PortfolioData`] that may still have goals
//! nobody has picked up. Both return a [`CascadeReport`]: plain data, with a `Display`
//! for every finding that names the ids involved.
//!
//! # Example
//!
//! ```
//! use folio_okr::{cascade_draft, PortfolioData};
//!
//! let data: PortfolioData = serde_json::from_str(r#"{
//!   "policy": { "method": "weighted" },
//!   "period": "2026-Q2",
//!   "objectives": [
//!     { "id": "adopt", "name": "Cross-product adoption to 30%", "tier": "portfolio",
//!       "drivers": "key_results", "theme": "cross-sell growth" },
//!     { "id": "platform", "name": "One shared platform", "tier": "portfolio",
//!       "drivers": "child_objectives", "theme": "platform consolidation" }
//!   ],
//!   "key_results": [
//!     { "id": "atlas-adopt", "name": "Atlas accounts in Lens", "tier": "product",
//!       "owner": "ana", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "adopt" } }],
//!       "target": { "metric": "adoption", "goal": { "increase_to": { "baseline": "18", "target": "30" } } },
//!       "resources": [{ "resource": "data-team", "period": "2026-05" }] },
//!     { "id": "lens-adopt", "name": "Lens accounts in Atlas", "tier": "product",
//!       "owner": "lee", "product": "lens",
//!       "contributes_to": [{ "to": { "objective": "adopt" } }],
//!       "target": { "metric": "adoption", "goal": { "increase_to": { "baseline": "18", "target": "30" } } },
//!       "resources": [{ "resource": "data-team", "period": "2026-Q2" }] }
//!   ]
//! }"#)?;
//! // "platform" has no contributors yet: the graph would not compile, but a draft can
//! // be checked.
//! let report = cascade_draft(&data)?;
//! assert_eq!(report.gaps.len(), 1);
//! assert_eq!(report.redundancies.len(), 1);
//! assert_eq!(report.conflicts.len(), 1);
//! assert_eq!(
//!     report.gaps[0].to_string(),
//!     r#"gap: no product's key result reaches portfolio objective "platform""#
//! );
//! assert_eq!(
//!     report.conflicts[0].to_string(),
//!     r#"conflict: key result "atlas-adopt" (product "atlas", 2026-05) and key result "lens-adopt" (product "lens", 2026-Q2) both claim resource "data-team" in 2026-05"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Which graphs
//!
//! Validation rejects an objective with no contributors
//! ([`Problem::NoContributors`]), and in a graph that passes it every objective has at
//! least one key result beneath it, and every key result names its product. So on an
//! [`OkrGraph`] the gap list is always empty. Gaps show up while the cascade is being
//! written: [`cascade_draft`] accepts a portfolio whose only problems are objectives
//! without contributors (a portfolio goal nobody has picked up yet, or a product
//! objective still without key results) and refuses any other problem, so the records
//! it reads have unique ids, known parents, no cycles and edges that climb the tiers.
//!
//! # Rules
//!
//! *Beneath* a node are its contributors, their contributors, and so on. Weights play
//! no part: the cascade check asks who works toward what, the rollup asks how much it
//! counts, so a zero-weight edge still connects.
//!
//! - **Gap**: a portfolio objective with no key result beneath it. A product objective
//!   without key results does not close a gap: it names a team but not how the team
//!   will measure its part.
//! - **Redundancy**: under one objective, the key results contributing to it directly
//!   whose targets are on the same metric, when they belong to at least two products.
//!   "Under" means the direct parent: the product objective that lists two products'
//!   ARR key results is where the overlap is visible and decided. Key results that
//!   contribute to a parent key result are not compared, since a parent key result
//!   composes its contributors into its own measure. A milestone target counts with
//!   its metric like any other. The redundancy lists every such key result (a product
//!   may have more than one) and the products, each in id order. A redundancy is a
//!   prompt for the side-by-side review, not an error.
//!
//!   A portfolio that rolls up by [`RollupMethod::Kpi`] has no redundancies: there,
//!   validation requires every contributor to measure its parent's metric
//!   ([`Problem::MetricMismatch`]), so two products' ARR key results under "ARR to
//!   10M" are the shares the KPI rollup sums, not two teams chasing one outcome, and
//!   flagging them would flag every objective more than one product serves.
//! - **Conflict**: two key results of different products that claim one resource for
//!   periods sharing at least one day. One product's key results never conflict with
//!   each other: a team sequences its own work. Each pair of claims is one conflict,
//!   with the days both need ([`Conflict::overlap`]: the shorter period itself when it
//!   lies inside the other, else the custom range of shared days). Adjacent periods
//!   (May, then June) do not conflict.
//! - **SMART**: see [`smart`].
//!
//! Every list is sorted by ids and carries no repeats, so the report is the same
//! whatever the order of the input records and edges. Nothing here reads the clock or
//! does arithmetic that could overflow; building a report cannot fail on a validated
//! graph.

pub mod add_up;
mod conflicts;
pub mod smart;
mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use folio_metrics::MetricCatalog;
use folio_types::{KeyResultId, MetricId, NaiveDate, ObjectiveId, Period, ProductId};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::model::{Level, NodeId, PortfolioData, ResourceId, RollupMethod};
use crate::validate::{Problem, Warning, validate};

pub use add_up::{AddUp, AddUpFinding, Aggregate, add_up};
pub use smart::{SmartCheck, SmartCriterion, SmartFailure};
use view::{Record, View};

/// A portfolio objective that no product reaches: no key result lies beneath it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Gap {
    /// The portfolio objective.
    pub objective: ObjectiveId,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gap: no product's key result reaches portfolio objective {:?}",
            self.objective.as_str()
        )
    }
}

/// Key results of two or more products that measure one metric under one objective.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Redundancy {
    /// The objective they contribute to directly.
    pub objective: ObjectiveId,
    /// The metric their targets are on.
    pub metric: MetricId,
    /// Every key result under `objective` with a target on `metric`, in id order.
    pub key_results: Vec<KeyResultId>,
    /// Their products, in id order: at least two.
    pub products: Vec<ProductId>,
}

impl fmt::Display for Redundancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("redundancy: key results ")?;
        write_list(f, self.key_results.iter().map(KeyResultId::as_str))?;
        f.write_str(" of products ")?;
        write_list(f, self.products.iter().map(ProductId::as_str))?;
        write!(
            f,
            " all measure metric {:?} under objective {:?}",
            self.metric.as_str(),
            self.objective.as_str()
        )
    }
}

/// One side of a [`Conflict`]: a key result, its product and the period it claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Claimant {
    /// The key result holding the claim.
    pub key_result: KeyResultId,
    /// Its product.
    pub product: ProductId,
    /// The period of its claim.
    pub period: Period,
}

impl fmt::Display for Claimant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "key result {:?} (product {:?}, {})",
            self.key_result.as_str(),
            self.product.as_str(),
            self.period
        )
    }
}

/// Two key results of different products that claim one resource for periods that
/// share at least one day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Conflict {
    /// The shared resource.
    pub resource: ResourceId,
    /// The claimant that orders first (by key result id, then product, then period).
    pub first: Claimant,
    /// The other claimant.
    pub second: Claimant,
    /// The days both claims need: the shorter period when it lies inside the other,
    /// else the custom range of the shared days.
    pub overlap: Period,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "conflict: {} and {} both claim resource {:?} in {}",
            self.first,
            self.second,
            self.resource.as_str(),
            self.overlap
        )
    }
}

/// A goal due after the goal it contributes to: the parent's deadline passes before the
/// child can be counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LateDeadline {
    /// The contributing goal.
    pub child: NodeId,
    /// Its deadline.
    pub child_deadline: NaiveDate,
    /// The goal it contributes to.
    pub parent: NodeId,
    /// The parent's deadline, before the child's.
    pub parent_deadline: NaiveDate,
}

impl fmt::Display for LateDeadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "late deadline: {} is due {}, after {} it contributes to ({})",
            self.child, self.child_deadline, self.parent, self.parent_deadline
        )
    }
}

/// A portfolio objective that is only the sum of product goals: every contributor
/// measures one metric, each from another product, and nothing cuts across products.
/// Seed 001: "If your portfolio goal is simply 'all products hit their revenue
/// targets,' you have not created alignment — you have created a scorecard."
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ScorecardGoal {
    /// The portfolio objective.
    pub objective: ObjectiveId,
    /// The one metric every contributor measures.
    pub metric: MetricId,
    /// The products, one per contributor, in id order.
    pub products: Vec<ProductId>,
}

impl fmt::Display for ScorecardGoal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scorecard, not alignment: portfolio objective {:?} is only products ",
            self.objective.as_str()
        )?;
        write_list(f, self.products.iter().map(ProductId::as_str))?;
        write!(
            f,
            " each hitting their own {:?} target, with no cross-cutting key result of its own",
            self.metric.as_str()
        )
    }
}

/// What the cascade check reads besides the graph; everything optional.
///
/// ```
/// use folio_metrics::MetricCatalog;
/// use folio_okr::CascadeInputs;
///
/// let catalog = MetricCatalog::new();
/// let inputs = CascadeInputs::new().with_catalog(&catalog);
/// assert!(inputs.catalog.is_some());
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct CascadeInputs<'a> {
    /// The metric definitions, for the add-up check ([`add_up`](mod@add_up)); without
    /// them the add-up check is skipped.
    pub catalog: Option<&'a MetricCatalog>,
    /// Goals known to be off track (from tracking), for the SMART achievable criterion.
    pub off_track: &'a [NodeId],
}

impl<'a> CascadeInputs<'a> {
    /// No catalog, nothing off track.
    ///
    /// ```
    /// use folio_okr::CascadeInputs;
    ///
    /// let inputs = CascadeInputs::new();
    /// // Without a catalog the add-up check is skipped.
    /// assert!(inputs.catalog.is_none() && inputs.off_track.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// With the metric catalog, so that the add-up check runs.
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// use folio_okr::CascadeInputs;
    ///
    /// let catalog = MetricCatalog::new();
    /// let inputs = CascadeInputs::new().with_catalog(&catalog);
    /// assert!(inputs.catalog.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_catalog(self, catalog: &'a MetricCatalog) -> Self {
        Self {
            catalog: Some(catalog),
            ..self
        }
    }

    /// With the goals known to be off track.
    ///
    /// ```
    /// use folio_okr::{CascadeInputs, NodeId};
    /// use folio_types::KeyResultId;
    ///
    /// let off_track = [NodeId::from(KeyResultId::new("api")?)];
    /// let inputs = CascadeInputs::new().with_off_track(&off_track);
    /// assert_eq!(inputs.off_track.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_off_track(self, off_track: &'a [NodeId]) -> Self {
        Self { off_track, ..self }
    }
}

/// The outcome of the cascade check: gaps, redundancies, conflicts, goals that do not
/// add up, late deadlines, scorecard goals, the portfolio-size warnings and a SMART
/// check per goal, each list sorted by ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CascadeReport {
    /// The portfolio's period, when it records one. Without it, deadlines are not
    /// checked against a period (see [`smart`]).
    pub period: Option<Period>,
    /// Portfolio objectives no product reaches, by objective id.
    pub gaps: Vec<Gap>,
    /// Redundancies, by objective id, then metric id.
    pub redundancies: Vec<Redundancy>,
    /// Conflicts, by resource id, then claimants.
    pub conflicts: Vec<Conflict>,
    /// Goals whose contributors' targets do not add up to their own, by node; empty
    /// when no catalog was given (see [`cascade_with`]).
    pub add_up: Vec<AddUp>,
    /// Goals due after a goal they contribute to, by child then parent.
    pub late_deadlines: Vec<LateDeadline>,
    /// Portfolio objectives that are a scorecard, not alignment, by objective id.
    pub scorecards: Vec<ScorecardGoal>,
    /// Fewer than 3 or more than 5 portfolio objectives.
    pub warnings: Vec<Warning>,
    /// One SMART check per objective and key result, by [`NodeId`] (objectives first).
    pub smart: Vec<SmartCheck>,
}

impl CascadeReport {
    /// Whether no goal has a finding (gap, redundancy, conflict, add-up, late
    /// deadline, scorecard) and every goal passes its SMART check. The portfolio-size
    /// [`warnings`](Self::warnings) are about the portfolio's shape rather than any
    /// goal, and do not count.
    ///
    /// ```
    /// use folio_okr::CascadeReport;
    ///
    /// assert!(CascadeReport::default().is_clean());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_clean(&self) -> bool {
        self.gaps.is_empty()
            && self.redundancies.is_empty()
            && self.conflicts.is_empty()
            && self.add_up.is_empty()
            && self.late_deadlines.is_empty()
            && self.scorecards.is_empty()
            && self.smart.iter().all(SmartCheck::passes)
    }

    /// The SMART checks that failed, in node order.
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
    /// use folio_okr::cascade;
    ///
    /// // No goal has a deadline, so none is time-bound.
    /// let report = cascade(&graph);
    /// assert_eq!(report.smart_failures().count(), 3);
    /// assert!(report.smart_failures().all(|check| !check.time_bound));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn smart_failures(&self) -> impl Iterator<Item = &SmartCheck> {
        self.smart.iter().filter(|check| !check.passes())
    }

    /// The SMART check of `node`, if the portfolio has it.
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
    /// use folio_okr::{cascade, NodeId, SmartFailure};
    /// use folio_types::{KeyResultId, ObjectiveId};
    ///
    /// let report = cascade(&graph);
    /// let grow = report.smart_check(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// // Two products contribute, but grow has no deadline and no theme.
    /// assert_eq!(grow.cross_cutting, Some(true));
    /// assert_eq!(grow.failures, [SmartFailure::NoDeadline, SmartFailure::NoTheme]);
    /// assert!(report.smart_check(&NodeId::from(KeyResultId::new("churn")?)).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn smart_check(&self, node: &NodeId) -> Option<&SmartCheck> {
        self.smart
            .binary_search_by(|check| check.node.cmp(node))
            .ok()
            .and_then(|i| self.smart.get(i))
    }

    #[cfg(feature = "schemars")]
    /// The JSON Schema of the report, for tools that read it.
    pub fn json_schema() -> schemars::Schema {
        schemars::schema_for!(CascadeReport)
    }
}

impl fmt::Display for CascadeReport {
    /// A summary line, then one line per finding: gaps, redundancies, conflicts, then
    /// the goals that fail their SMART check.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cascade check")?;
        if let Some(period) = self.period {
            write!(f, " of {period}")?;
        }
        write!(
            f,
            ": {} gap(s), {} redundancy(ies), {} conflict(s), {} goal(s) that do not add up, {} of {} goal(s) fail the SMART check",
            self.gaps.len(),
            self.redundancies.len(),
            self.conflicts.len(),
            self.add_up.len(),
            self.smart_failures().count(),
            self.smart.len()
        )?;
        for gap in &self.gaps {
            write!(f, "\n{gap}")?;
        }
        for redundancy in &self.redundancies {
            write!(f, "\n{redundancy}")?;
        }
        for conflict in &self.conflicts {
            write!(f, "\n{conflict}")?;
        }
        for finding in &self.add_up {
            write!(f, "\nadd-up: {finding}")?;
        }
        for late in &self.late_deadlines {
            write!(f, "\n{late}")?;
        }
        for scorecard in &self.scorecards {
            write!(f, "\n{scorecard}")?;
        }
        for warning in &self.warnings {
            write!(f, "\nwarning: {warning}")?;
        }
        for check in self.smart_failures() {
            write!(f, "\n{check}")?;
        }
        Ok(())
    }
}

/// Runs the cascade check on a validated graph. Its gap list is always empty (see
/// [Which graphs](self#which-graphs)); use [`cascade_draft`] for a cascade still being
/// written.
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
/// use folio_okr::{cascade, Warning};
///
/// let report = cascade(&graph);
/// // One SMART check per goal, and the single portfolio objective is too few.
/// assert_eq!(report.smart.len(), 3);
/// assert!(matches!(report.warnings.as_slice(), [Warning::TooFewPortfolioObjectives { .. }]));
/// assert!(report.gaps.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cascade(graph: &OkrGraph) -> CascadeReport {
    report(
        &View::new(graph.period(), graph.objectives(), graph.key_results()),
        graph.policy().method,
        &BTreeSet::new(),
        graph.warnings(),
    )
}

/// Runs the cascade check on a validated graph with what tracking and the metric model
/// know: the add-up check when `inputs` carries a catalog, and the off-track goals for
/// the SMART achievable criterion.
///
/// ```
/// use folio_okr::{
///     cascade_with, CascadeInputs, NodeId, OkrGraph, PortfolioData, SmartCriterion, SmartFailure,
/// };
/// use folio_types::KeyResultId;
///
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [
///     { "id": "adopt", "name": "Cross-product adoption", "tier": "portfolio",
///       "drivers": "key_results", "theme": "cross-sell", "deadline": "2026-09-30" }
///   ],
///   "key_results": [
///     { "id": "api", "name": "Shared API v2", "tier": "product", "owner": "ana",
///       "product": "atlas", "deadline": "2026-09-15",
///       "contributes_to": [{ "to": { "objective": "adopt" } }] },
///     { "id": "flow", "name": "Unified onboarding", "tier": "product", "owner": "lee",
///       "product": "lens", "deadline": "2026-08-31",
///       "contributes_to": [{ "to": { "objective": "adopt" } }],
///       "depends_on": [{ "on": { "key_result": "api" }, "kind": "shared_api" }] }
///   ]
/// }"#)?)?;
/// let off_track = [NodeId::from(KeyResultId::new("api")?)];
/// let report = cascade_with(&graph, &CascadeInputs::new().with_off_track(&off_track))?;
/// let flow = report.smart_check(&NodeId::from(KeyResultId::new("flow")?)).unwrap();
/// assert!(!flow.achievable);
/// // The API is due 2026-09-15, after the onboarding's 2026-08-31; and it is off track.
/// let achievable: Vec<&SmartFailure> = flow
///     .failures
///     .iter()
///     .filter(|f| f.criterion() == SmartCriterion::Achievable)
///     .collect();
/// assert!(matches!(
///     achievable.as_slice(),
///     [SmartFailure::PrerequisiteDueLate { .. }, SmartFailure::PrerequisiteOffTrack { .. }]
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`add_up()`], when a catalog is given.
pub fn cascade_with(graph: &OkrGraph, inputs: &CascadeInputs<'_>) -> Result<CascadeReport> {
    let view = View::new(graph.period(), graph.objectives(), graph.key_results());
    let off_track: BTreeSet<NodeId> = inputs.off_track.iter().cloned().collect();
    let mut report = report(&view, graph.policy().method, &off_track, graph.warnings());
    if let Some(catalog) = inputs.catalog {
        report.add_up = add_up::check(&view, catalog)?;
    }
    Ok(report)
}

/// Runs the cascade check on a portfolio that may still have objectives without
/// contributors: a portfolio goal no product has picked up (a gap), or a product
/// objective without key results yet.
///
/// # Errors
///
/// [`Error::Invalid`] with every problem found (the tolerated ones included) when
/// validation finds any problem other than [`Problem::NoContributors`].
///
/// ```
/// use folio_okr::{cascade_draft, PortfolioData};
///
/// // "retain" has no contributors yet: OkrGraph::new would refuse it.
/// let data: PortfolioData = serde_json::from_str(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [
///     { "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" },
///     { "id": "retain", "name": "Retain", "tier": "portfolio", "drivers": "key_results" }
///   ],
///   "key_results": [
///     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
///       "contributes_to": [{ "to": { "objective": "grow" } }] }
///   ]
/// }"#)?;
/// let report = cascade_draft(&data)?;
/// assert_eq!(report.gaps.len(), 1);
/// assert_eq!(report.gaps[0].objective.to_string(), "retain");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cascade_draft(data: &PortfolioData) -> Result<CascadeReport> {
    let validation = validate(data);
    let tolerated = |p: &Problem| matches!(p, Problem::NoContributors { .. });
    if !validation.problems.iter().all(tolerated) {
        return Err(Error::Invalid {
            problems: validation.problems,
            warnings: validation.warnings,
        });
    }
    Ok(report(
        &View::new(data.period, data.objectives.iter(), data.key_results.iter()),
        data.policy.method,
        &BTreeSet::new(),
        &validation.warnings,
    ))
}

fn report(
    view: &View<'_>,
    method: RollupMethod,
    off_track: &BTreeSet<NodeId>,
    warnings: &[Warning],
) -> CascadeReport {
    let facts = smart::Facts::compute(view);
    CascadeReport {
        period: view.period,
        gaps: gaps(view, &facts),
        redundancies: if method == RollupMethod::Kpi {
            Vec::new()
        } else {
            redundancies(view)
        },
        conflicts: conflicts::find(view.key_results()),
        add_up: Vec::new(),
        late_deadlines: late_deadlines(view),
        scorecards: scorecards(view),
        warnings: warnings.to_vec(),
        smart: smart::checks(view, &facts, off_track),
    }
}

fn late_deadlines(view: &View<'_>) -> Vec<LateDeadline> {
    let mut found = Vec::new();
    for (parent_index, parent) in view.records().enumerate() {
        let Some(parent_deadline) = parent.deadline() else {
            continue;
        };
        for child in view.children(parent_index) {
            let Some(child) = view.record(*child) else {
                continue;
            };
            if let Some(child_deadline) = child.deadline().filter(|d| *d > parent_deadline) {
                found.push(LateDeadline {
                    child: child.node(),
                    child_deadline,
                    parent: parent.node(),
                    parent_deadline,
                });
            }
        }
    }
    found.sort();
    found
}

/// Portfolio objectives with at least two direct contributors, all of them measuring
/// one metric and each of another product.
fn scorecards(view: &View<'_>) -> Vec<ScorecardGoal> {
    let mut found = Vec::new();
    for (index, objective) in view.objectives() {
        if Level::from(objective.tier) != Level::PortfolioObjective {
            continue;
        }
        let children = view.children(index);
        if children.len() < 2 {
            continue;
        }
        let mut metric: Option<&MetricId> = None;
        let mut products: Vec<ProductId> = Vec::new();
        let mut scorecard = true;
        for child in children {
            let record = view.record(*child);
            let (Some(target), Some(product)) = (
                record.and_then(Record::target),
                record.and_then(Record::product),
            ) else {
                scorecard = false;
                break;
            };
            if metric.is_some_and(|m| m != target.metric()) {
                scorecard = false;
                break;
            }
            metric = Some(target.metric());
            products.push(product.clone());
        }
        products.sort();
        let distinct = products.windows(2).all(|w| matches!(w, [a, b] if a != b));
        if let (true, true, Some(metric)) = (scorecard, distinct, metric) {
            found.push(ScorecardGoal {
                objective: objective.id.clone(),
                metric: metric.clone(),
                products,
            });
        }
    }
    found
}

fn gaps(view: &View<'_>, facts: &smart::Facts<'_>) -> Vec<Gap> {
    view.objectives()
        .filter(|(_, o)| Level::from(o.tier) == Level::PortfolioObjective)
        .filter(|(i, _)| !facts.reaches_key_result(*i))
        .map(|(_, o)| Gap {
            objective: o.id.clone(),
        })
        .collect()
}

fn redundancies(view: &View<'_>) -> Vec<Redundancy> {
    let mut found = Vec::new();
    for (index, objective) in view.objectives() {
        let mut by_metric: BTreeMap<&MetricId, (Vec<KeyResultId>, Vec<ProductId>)> =
            BTreeMap::new();
        // Children come in index order, which for key results is id order.
        for child in view.children(index) {
            let Some(Record::KeyResult(kr)) = view.record(*child) else {
                continue;
            };
            if let Some(target) = &kr.target {
                let (krs, products) = by_metric.entry(target.metric()).or_default();
                krs.push(kr.id.clone());
                products.push(kr.product.clone());
            }
        }
        for (metric, (key_results, mut products)) in by_metric {
            products.sort();
            products.dedup();
            if products.len() >= 2 {
                found.push(Redundancy {
                    objective: objective.id.clone(),
                    metric: metric.clone(),
                    key_results,
                    products,
                });
            }
        }
    }
    found
}

/// Writes quoted names separated by commas: `"a", "b"`.
fn write_list<'s>(
    f: &mut fmt::Formatter<'_>,
    items: impl IntoIterator<Item = &'s str>,
) -> fmt::Result {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item:?}")?;
    }
    Ok(())
}

impl OkrGraph {
    /// Runs the [cascade check](mod@crate::cascade) on this graph; the same as
    /// [`cascade(self)`](cascade()).
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
    /// use folio_okr::cascade;
    ///
    /// assert_eq!(graph.cascade(), cascade(&graph));
    /// assert_eq!(graph.cascade().smart.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cascade(&self) -> CascadeReport {
        cascade(self)
    }
}
