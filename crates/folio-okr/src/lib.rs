//! OKR graphs for product portfolios: three tiers of objectives and key results,
//! validated into a compiled graph and rolled up by one method for the whole portfolio,
//! every rolled-up value with the arithmetic behind it.
//!
//! Portfolio objectives (tier 1) are reached through product objectives and key results
//! (tier 2), which initiative or team key results (tier 3, optional) feed. Every record
//! names the records above it that it contributes to, each edge with a weight.
//! [`OkrGraph::new`] validates the whole portfolio at once, reporting every problem with
//! the ids involved, and compiles it into a [`Plan`]: dense indices in topological
//! order, so that a rollup is one linear sweep and a check-in recomputes only the
//! ancestors of the key result it changed.
//!
//! # Example
//!
//! ```
//! use folio_okr::{NodeId, OkrGraph, PortfolioData, ProgressInputs};
//! use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
//!
//! let data: PortfolioData = serde_json::from_str(r#"{
//!   "policy": { "method": "weighted" },
//!   "objectives": [
//!     { "id": "grow", "name": "Become the default for mid-market buyers",
//!       "tier": "portfolio", "drivers": "child_objectives", "theme": "market expansion" },
//!     { "id": "atlas-win", "name": "Atlas wins mid-market deals", "tier": "product",
//!       "drivers": "key_results", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "2" }] },
//!     { "id": "lens-adopt", "name": "Lens is adopted by Atlas customers", "tier": "product",
//!       "drivers": "key_results", "product": "lens",
//!       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "1" }] }
//!   ],
//!   "key_results": [
//!     { "id": "atlas-arr", "name": "Mid-market ARR to 2M", "tier": "product",
//!       "owner": "ana", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "atlas-win" }, "weight": "3" }] },
//!     { "id": "atlas-nps", "name": "Mid-market NPS to 45", "tier": "product",
//!       "owner": "ana", "product": "atlas",
//!       "contributes_to": [{ "to": { "objective": "atlas-win" }, "weight": "1" }] },
//!     { "id": "lens-active", "name": "30% of Atlas accounts active in Lens", "tier": "product",
//!       "owner": "lee", "product": "lens",
//!       "contributes_to": [{ "to": { "objective": "lens-adopt" } }] },
//!     { "id": "lens-onboarding", "name": "Guided onboarding shipped", "tier": "initiative",
//!       "owner": "squad-7", "product": "lens",
//!       "contributes_to": [{ "to": { "key_result": "lens-active" } }] },
//!     { "id": "lens-docs", "name": "Docs for every Lens report", "tier": "initiative",
//!       "owner": "squad-9", "product": "lens",
//!       "contributes_to": [{ "to": { "key_result": "lens-active" } }] }
//!   ]
//! }"#)?;
//! let graph = OkrGraph::new(data)?;
//!
//! let progress = |text: &str| -> Result<Progress, Box<dyn std::error::Error>> {
//!     Ok(Progress::new(text.parse::<Decimal>()?)?)
//! };
//! let inputs = ProgressInputs::new([
//!     (KeyResultId::new("atlas-arr")?, progress("0.6")?),
//!     (KeyResultId::new("atlas-nps")?, progress("1")?),
//!     (KeyResultId::new("lens-onboarding")?, progress("0.5")?),
//!     (KeyResultId::new("lens-docs")?, progress("0.3")?),
//! ]);
//! let mut rollup = graph.rollup(&inputs)?;
//!
//! // atlas-win = (3 × 0.6 + 1 × 1) / 4 = 0.7; lens-active = (0.5 + 0.3) / 2 = 0.4;
//! // grow = (2 × 0.7 + 1 × 0.4) / 3 = 0.6.
//! let grow = NodeId::Objective(ObjectiveId::new("grow")?);
//! let explanation = rollup.explain(&grow)?;
//! assert_eq!(explanation.value.reported, progress("0.6")?);
//! assert_eq!(explanation.breakdown.terms[0].share.round_dp(4), Decimal::new(6667, 4));
//! println!("{explanation}");
//!
//! // A check-in recomputes only the ancestors of the key result it changed.
//! rollup.update(&KeyResultId::new("lens-docs")?, progress("0.9")?)?;
//! assert_eq!(rollup.value(&grow).map(|v| v.reported), Some(progress("0.7")?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The explanation prints as:
//!
//! ```text
//! objective "grow" (weighted): computed 0.6, reported 0.6 (computed)
//!   sum of weights 3
//!   objective "atlas-win": weight 2 share 0.6667 value 0.7 contribution 0.4667
//!   objective "lens-adopt": weight 1 share 0.3333 value 0.4 contribution 0.1333
//! ```
//!
//! # Cascade check
//!
//! Before the period starts, the portfolio leadership reviews the product goals side by
//! side: for gaps, redundancies and resource conflicts, and every goal against SMART.
//!
//! ```
//! use folio_okr::{NodeId, OkrGraph, PortfolioData, SmartFailure};
//! use folio_types::KeyResultId;
//!
//! let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
//!   "policy": { "method": "weighted" },
//!   "period": "2026-Q3",
//!   "objectives": [
//!     { "id": "platform", "name": "Products B, C and D on the shared platform",
//!       "tier": "portfolio", "drivers": "key_results", "theme": "platform consolidation",
//!       "deadline": "2026-09-30" }
//!   ],
//!   "key_results": [
//!     { "id": "b-migrated", "name": "Billing on the shared platform", "tier": "product",
//!       "owner": "bo", "product": "billing", "deadline": "2026-09-30",
//!       "contributes_to": [{ "to": { "objective": "platform" } }],
//!       "target": { "metric": "billing-migrated", "goal": "milestone" },
//!       "resources": [{ "resource": "platform-team", "period": "2026-07" }] },
//!     { "id": "c-migrated", "name": "CRM on the shared platform", "tier": "product",
//!       "owner": "cy", "product": "crm", "deadline": "2026-10-15",
//!       "contributes_to": [{ "to": { "objective": "platform" } }],
//!       "target": { "metric": "lead-time-days",
//!                   "goal": { "decrease_to": { "baseline": "20", "target": "16" } } },
//!       "resources": [{ "resource": "platform-team", "period": "2026-Q3" }] }
//!   ]
//! }"#)?)?;
//! let report = graph.cascade();
//!
//! // Billing and CRM both need the platform team in July.
//! assert_eq!(report.conflicts.len(), 1);
//! assert_eq!(report.conflicts[0].overlap.to_string(), "2026-07");
//! // The CRM key result is due after the quarter ends.
//! let crm = report.smart_check(&NodeId::from(KeyResultId::new("c-migrated")?));
//! assert!(matches!(
//!     crm.map(|c| c.failures.as_slice()),
//!     Some([SmartFailure::DeadlineOutsidePeriod { .. }])
//! ));
//! // The portfolio goal is measurable through its key results, time-bound, themed,
//! // and two products contribute.
//! assert!(report.smart[0].passes());
//! println!("{report}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The report prints as:
//!
//! ```text
//! cascade check of 2026-Q3: 0 gap(s), 0 redundancy(ies), 1 conflict(s), 0 goal(s) that do not add up, 1 of 3 goal(s) fail the SMART check
//! conflict: key result "b-migrated" (product "billing", 2026-07) and key result "c-migrated" (product "crm", 2026-Q3) both claim resource "platform-team" in 2026-07
//! late deadline: key result "c-migrated" is due 2026-10-15, after objective "platform" it contributes to (2026-09-30)
//! warning: 1 portfolio objective(s): fewer than 3, the seeds' 3-5 portfolio goals
//! key result "c-migrated" fails the SMART check: not time-bound: deadline 2026-10-15 is outside the period 2026-Q3
//! ```
//!
//! # Overview
//!
//! - [`model`]: the plain data: [`PortfolioData`], [`ObjectiveData`], [`KeyResultData`],
//!   [`Contribution`], [`NodeId`], tiers and [`Level`]s, [`Drivers`], [`RollupPolicy`].
//!   The tier rules live there.
//! - [`validate()`]: every [`Problem`] at once, plus [`Warning`]s, in a [`Report`].
//! - [`OkrGraph`]: a validated portfolio and its compiled [`Plan`] ([`plan`] documents
//!   the layout and its bytes per node); the key results are kept in compact columns
//!   beside the plan and their records built on first use (see [`OkrGraph`]'s memory
//!   section).
//! - [`rollup`]: the [`RollupEngine`] trait, the [`Weighted`] and [`SayDo`] engines, and
//!   [`Rollup`], the rolled-up state with incremental updates and overrides;
//!   [`KpiRollup`] with its [`KpiInputs`] ([`MetricReading`]s per leaf key result) for
//!   the KPI method; [`RolledUp`], the reading interface both share.
//! - [`explain`]: [`Explanation`], [`RollupTerm`], [`NodeValue`]: the arithmetic, term by term,
//!   and the rounding rules.
//! - [`status`]: [`StatusRollup`]: on track, at risk or critical, from owners'
//!   confidence, by the worst child or the confidence-weighted mean ([`StatusRule`]).
//! - [`ProgressInputs`] and [`Override`]: leaf progress and confidence, and owner
//!   overrides.
//! - [`tracking`]: check-ins and the policies that read them: staleness (14 days stale,
//!   7 days to act, retirement after more than 21 days without an update), off track (confidence below 0.4
//!   once the period is half over, with a recovery plan), and drift (a value that
//!   stopped moving, progress behind the pace line, a falling confidence trend,
//!   shipping without outcome), dependency risk, and the monthly readout in the seed's
//!   four parts ([`tracking::readout_with`]).
//! - [`cascade`](mod@cascade): the cascade check of seed 001 in a [`CascadeReport`]: [`Gap`]s
//!   (portfolio objectives no product reaches), [`Redundancy`]s (two products' key
//!   results on one metric under one objective), [`Conflict`]s (two products' key
//!   results claiming one resource in overlapping periods), and a [`SmartCheck`] per
//!   goal ([`cascade::smart`]: measurable, time-bound, achievable, relevant,
//!   cross-cutting), from an [`OkrGraph`] ([`cascade()`]) or a draft still missing
//!   contributors ([`cascade_draft`]). With a metric catalog, [`cascade_with`] also
//!   checks that goals add up ([`cascade::add_up`](mod@cascade::add_up): contributors'
//!   targets combined by the metric's rule against the node's own, as [`AddUp`]
//!   findings); it flags [`LateDeadline`]s, [`ScorecardGoal`]s (a portfolio goal that
//!   is only the sum of product goals) and fewer than 3 or more than 5 portfolio
//!   objectives. [`Dependency`] edges between goals (a kind and a due date) feed the
//!   SMART achievable criterion and tracking's dependency risk.
//! - [`Error`]: the one error type.
//!
//! # Policies in brief
//!
//! - **One method per portfolio.** [`RollupPolicy::method`] applies everywhere; an
//!   objective that asks for another is a [`Problem::MixedMethods`], and an engine of
//!   another method is refused with [`Error::MethodMismatch`].
//! - **KPI rollups** aggregate a real metric: every node carries a metric target, a
//!   rolled-up node combines the readings of the leaf key results beneath it as the
//!   metric's definition says (ARR sums, NPS is weighted by respondents, retention is a
//!   ratio of sums, a median is never summed), and measures the aggregate against its
//!   own target. [`OkrGraph::rollup_kpi`] returns a [`KpiRollup`]; see
//!   [`rollup::kpi`].
//! - **Shared key results.** A key result may contribute to several parents, with a
//!   weight per edge. Weighted: each parent takes its own weighted mean, and every
//!   node's value stays a convex combination of its leaves (see [`rollup::weighted`]).
//!   Say-do: objectives count a set of key results, each once however many paths lead
//!   to it (see [`rollup::say_do`]). KPI: a node aggregates the set of leaves beneath
//!   it, each once, so a shared ARR key result adds its ARR to the portfolio total once
//!   (see [`rollup::kpi`]).
//! - **Overrides** keep both values; [`OverridePolicy`] says which is reported and
//!   propagated.
//! - **Rounding.** Weighted terms `w × p` round to 20 decimal places when they have
//!   more; every division rounds at 28 significant digits; all arithmetic is checked.
//!   See [`rollup::weighted`] and [`explain`].
//! - **Deterministic.** Results depend only on ids and values, never on input order; no
//!   clock, no randomness. Arithmetic is checked [`Decimal`](folio_types::Decimal).
//!
//! # Dependencies and features
//!
//! - `folio-types` (ids, bounded numbers, periods, series) and `folio-metrics` (metric
//!   definitions, targets, aggregation): the workspace's shared vocabulary.
//! - `chrono` for dates (its clock is off: `as_of` is always an argument), `thiserror`
//!   for the one error enum.
//! - `serde` (feature `serde`, on by default): every type serializes; inputs
//!   deserialize through the same validation as their constructors; outputs
//!   (explanations, reports, the readout) serialize only, since an output read back
//!   would skip that validation. With it, `serde_json` reads the JSON documents in
//!   [`json::load`], which goes from a portfolio and its inputs as JSON text to the
//!   compiled graph and the first rollup without a record per key result (the fast
//!   path for large portfolios; the answer and errors are those of
//!   [`OkrGraph::new`] and [`OkrGraph::rollup`]):
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use folio_okr::json::load;
//!
//! let portfolio = r#"{ "policy": { "method": "weighted" },
//!   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
//!   "key_results": [{ "id": "arr", "name": "ARR", "tier": "product", "owner": "ana",
//!     "product": "atlas", "contributes_to": [{ "to": { "objective": "grow" } }] }] }"#;
//! let (graph, rollup) = load(portfolio, r#"{ "progress": { "arr": "0.6" } }"#)?;
//! assert_eq!(graph.key_result_count(), 1);
//! assert_eq!(rollup.reported_values().len(), 2);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `schemars` (feature `schemars`, implies `serde`): JSON Schemas of the inputs and
//!   reports.
//! - `csv` (feature `csv`, off by default): `csv::read` and `csv::load` read a
//!   portfolio from a CSV edge list (`id,parent_id,weight,progress`, and a richer form)
//!   with errors that name the line; the `csv` crate does the quoting and parsing.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod cascade;
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
pub mod csv;
pub mod error;
pub mod explain;
mod graph;
mod hash;
pub mod inputs;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod json;
pub mod model;
#[cfg(any(feature = "csv", feature = "serde"))]
mod plain_decimal;
pub mod plan;
pub mod rollup;
pub mod status;
pub mod tracking;
pub mod validate;

pub use cascade::{
    AddUp, AddUpFinding, Aggregate, CascadeInputs, CascadeReport, Claimant, Conflict, Gap,
    LateDeadline, Redundancy, ScorecardGoal, SmartCheck, SmartCriterion, SmartFailure, add_up,
    cascade, cascade_draft, cascade_with,
};
pub use error::{Error, Result};
pub use explain::{
    Breakdown, Explanation, KpiBreakdown, KpiTerm, NodeValue, RollupTerm, SayDoCounts, Source,
};
pub use graph::OkrGraph;
pub use inputs::{Override, ProgressInputs};
pub use model::{
    Contribution, Dependency, DependencyKind, Drivers, KeyResultData, KeyResultTier, Level, NodeId,
    ObjectiveData, ObjectiveTier, OverridePolicy, PortfolioData, ResourceClaim, ResourceId,
    RollupMethod, RollupPolicy,
};
pub use plan::{NodeIndex, Plan};
pub use rollup::{
    AdditiveEngine, Engine, KpiInputs, KpiRollup, MetricReading, RolledUp, Rollup, RollupEngine,
    SayDo, TERM_SCALE, Weighted,
};
pub use status::{NodeStatus, Status, StatusPolicy, StatusRollup, StatusRule};
pub use validate::{
    MAX_PORTFOLIO_OBJECTIVES, MIN_PORTFOLIO_OBJECTIVES, Problem, Report, TierProblem, Warning,
    validate,
};
