//! The executive readout: one data structure with everything a monthly portfolio
//! review reads, and plain-text and Markdown renderings of it.
//!
//! Its four parts follow seed 002 ("A working format for the monthly portfolio
//! readout"): the scorecard, the at-risk exceptions, resource reallocation requests and
//! strategic questions; the tracking detail (off track, stale, drift, dependency risk,
//! cadence) follows them.
//!
//! - **Scorecard**, per portfolio objective: progress now and at the previous review,
//!   the trend arrow between them (↑ up, → flat, ↓ down; any change counts), confidence
//!   (when leaf confidences are given), and the product that drove the most movement.
//!   A product's movement is measured, not guessed: the objective is rolled up with
//!   every leaf at its previous progress except that product's, which take their
//!   current progress; the difference from the previous value is the product's part.
//!   For a weighted rollup these parts add up to the total movement.
//!   For a KPI portfolio ([`ReadoutExtras::with_kpi`]) the scorecard reads the KPI
//!   rollups now and at the previous review; the product that drove the movement is
//!   then not attributed (`None`).
//! - **Exceptions**: key results **at risk** only, by at least one rule: off track,
//!   stale (any state but fresh or retired), drifting, behind the pace line, or at
//!   risk through a dependency ([`AtRiskReason`]). Anything green is skipped: a key
//!   result below 100% that no rule flags is not an exception, so fewer than three may
//!   be listed and the list is never padded. At most
//!   [`ReadoutPolicy::max_exceptions`] (default 5), ranked by severity (the worst
//!   reason: off track 3; stale or behind pace 2; drifting or through a dependency 1),
//!   then by weight x gap, where the weight is the sum of the key result's
//!   contribution weights and the gap is `max(0, 1 - progress)`, then by id. Each
//!   names its recovery plan's owner (if any), the decision needed (the one its latest
//!   check-in asked for; else the one its reasons call for: a recovery plan, update
//!   or retire, unblock the prerequisite), and the owner's latest confidence,
//!   calibrated beside raw when an [`OwnerCalibration`] is given.
//! - **Resource reallocation requests**: one per recovery plan that changes the
//!   resources (with its [`ResourceShift`] when given), and one per
//!   [`CapacityDrain`] with a shortfall; each with from, to, how much and why.
//! - **Strategic questions**: generated from the findings with their evidence: a goal
//!   whose contributors' targets fall short ([`AddUp`](crate::AddUp)), a scorecard
//!   portfolio goal, a child due after its parent (from a [`CascadeReport`] given to
//!   [`ReadoutExtras::with_cascade`]), a goal at risk through another product's
//!   prerequisite, a portfolio objective that moved down; then the caller's own
//!   questions ([`ReadoutExtras::with_questions`]: a product line declining two
//!   quarters running, revenue concentration rising, a bet starved of capacity).
//! - **Off track**, **stale** (every state but fresh and retired), **drifting**, and
//!   **cadence** compliance, from the tracking policies.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use folio_types::{
    Confidence, Decimal, KeyResultId, NaiveDate, ObjectiveId, OwnerId, Period, ProductId, Progress,
};

use crate::cascade::{AddUpFinding, CascadeReport};
use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::inputs::ProgressInputs;
use crate::model::{KeyResultData, NodeId, ObjectiveTier};
use crate::rollup::{Engine, KpiRollup, Rollup};
use crate::tracking::cadence::{Cadence, CadenceReport, cadence};
use crate::tracking::calibration::OwnerCalibration;
use crate::tracking::checkin::{CheckInLog, InOrder};
use crate::tracking::dependency::{DependencyRisk, risks, signals};
use crate::tracking::drift::{DeliveryItem, DriftAlert, DriftPolicy, DriftRule, drift};
use crate::tracking::off_track::{
    OffTrack, OffTrackPolicy, RecoveryChange, RecoveryPlan, off_track,
};
use crate::tracking::requests::{
    CapacityDrain, ReallocationRequest, RequestSource, ResourceShift, StrategicQuestion,
};
use crate::tracking::staleness::{Action, Staleness, StalenessPolicy, StalenessReport, staleness};

/// The readout's settings: its own bound and the tracking policies it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ReadoutPolicy {
    /// The most exceptions listed.
    pub max_exceptions: usize,
    /// The staleness rule.
    pub staleness: StalenessPolicy,
    /// The off-track rule.
    pub off_track: OffTrackPolicy,
    /// The drift rules.
    pub drift: DriftPolicy,
}

impl Default for ReadoutPolicy {
    fn default() -> Self {
        Self {
            max_exceptions: 5,
            staleness: StalenessPolicy::default(),
            off_track: OffTrackPolicy::default(),
            drift: DriftPolicy::default(),
        }
    }
}

/// What the readout is built from, besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct ReadoutInputs<'a> {
    /// The period's check-ins, validated as of the review date.
    pub log: &'a CheckInLog,
    /// Leaf progress (and optionally confidence and overrides) now.
    pub current: &'a ProgressInputs,
    /// Leaf progress at the previous review, for the trend.
    pub previous: &'a ProgressInputs,
    /// Recorded retire and escalate actions.
    pub actions: &'a [Action],
    /// Recovery plans of off-track key results.
    pub plans: &'a [RecoveryPlan],
    /// Shipped delivery items.
    pub delivery: &'a [DeliveryItem],
    /// Each product's declared check-in cadence.
    pub cadences: &'a BTreeMap<ProductId, Cadence>,
    /// Owners' calibration from earlier periods, to show calibrated confidence beside
    /// raw confidence in the exceptions; empty shows raw confidence only.
    pub calibration: &'a [OwnerCalibration],
}

/// What the readout may read besides [`ReadoutInputs`]; everything optional, empty by
/// default.
///
/// ```
/// use folio_okr::tracking::{ReadoutExtras, StrategicQuestion};
///
/// let questions = [StrategicQuestion::new("Fix or sunset Scout?", vec![])];
/// let extras = ReadoutExtras::new().with_questions(&questions);
/// assert_eq!(extras.questions.len(), 1);
/// assert!(extras.capacity.is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct ReadoutExtras<'a> {
    /// Products whose capacity is drained, for reallocation requests.
    pub capacity: &'a [CapacityDrain],
    /// The cascade check, for strategic questions about goals that do not add up.
    pub cascade: Option<&'a CascadeReport>,
    /// Questions the caller's other analyses raise, appended to the generated ones.
    pub questions: &'a [StrategicQuestion],
    /// For a KPI portfolio: its rollups now and at the previous review, which the
    /// scorecard reads instead of rolling progress up.
    pub kpi: Option<(&'a KpiRollup, &'a KpiRollup)>,
}

impl<'a> ReadoutExtras<'a> {
    /// Nothing extra.
    ///
    /// ```
    /// use folio_okr::tracking::ReadoutExtras;
    ///
    /// let extras = ReadoutExtras::new();
    /// assert!(extras.capacity.is_empty() && extras.cascade.is_none() && extras.kpi.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// With capacity drains.
    ///
    /// ```
    /// use folio_okr::tracking::{CapacityDrain, ReadoutExtras};
    ///
    /// let drains: Vec<CapacityDrain> = serde_json::from_str(
    ///     r#"[{ "product": "harbor", "kind": "headcount", "planned": "12", "available": "8",
    ///           "cause": "incident follow-ups" }]"#,
    /// )?;
    /// let extras = ReadoutExtras::new().with_capacity(&drains);
    /// assert_eq!(extras.capacity.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_capacity(self, capacity: &'a [CapacityDrain]) -> Self {
        Self { capacity, ..self }
    }

    /// With the cascade check's report.
    ///
    /// ```
    /// use folio_okr::tracking::ReadoutExtras;
    /// use folio_okr::CascadeReport;
    ///
    /// let report = CascadeReport::default();
    /// let extras = ReadoutExtras::new().with_cascade(&report);
    /// assert!(extras.cascade.is_some_and(CascadeReport::is_clean));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_cascade(self, cascade: &'a CascadeReport) -> Self {
        Self {
            cascade: Some(cascade),
            ..self
        }
    }

    /// With the caller's own strategic questions.
    ///
    /// ```
    /// use folio_okr::tracking::{ReadoutExtras, StrategicQuestion};
    ///
    /// let questions = [StrategicQuestion::new("Fix or sunset Scout?", vec![])];
    /// let extras = ReadoutExtras::new().with_questions(&questions);
    /// assert_eq!(extras.questions[0].question, "Fix or sunset Scout?");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_questions(self, questions: &'a [StrategicQuestion]) -> Self {
        Self { questions, ..self }
    }

    /// With a KPI portfolio's rollups now and at the previous review.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, OkrGraph, PortfolioData};
    /// # let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
    /// #   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
    /// #     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
    /// #     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
    /// # let arr = |from: &str, to: &str| {
    /// #     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
    /// # };
    /// # let data: PortfolioData = serde_json::from_str(&format!(r#"{{
    /// #   "policy": {{ "method": "kpi" }},
    /// #   "objectives": [
    /// #     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
    /// #        "target": {} }} ],
    /// #   "key_results": [
    /// #     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
    /// #        "product": "atlas", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
    /// #     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
    /// #        "product": "lens", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
    /// # }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
    /// # let graph = OkrGraph::new(data)?;
    /// // ARR to 2M (from 1M) sums Atlas ARR (0.8M to 1.4M) and Lens ARR (0.2M to 0.6M).
    /// let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
    ///   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1400000" } },
    ///   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// use folio_okr::tracking::ReadoutExtras;
    ///
    /// // No change since the previous review: the same rollup twice.
    /// let extras = ReadoutExtras::new().with_kpi(&rollup, &rollup);
    /// let (now, before) = extras.kpi.unwrap();
    /// assert_eq!(now.reported_values(), before.reported_values());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_kpi(self, current: &'a KpiRollup, previous: &'a KpiRollup) -> Self {
        Self {
            kpi: Some((current, previous)),
            ..self
        }
    }
}

/// Why a key result is an exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AtRiskReason {
    /// Off track: confidence below the threshold past mid-period.
    OffTrack,
    /// Stale: not updated for the stale threshold.
    Stale,
    /// Progress behind the pace line.
    BehindPace,
    /// Another drift rule fired (not moving, confidence trend, activity without
    /// outcome).
    Drifting,
    /// A prerequisite is off track, stale or behind pace.
    ThroughDependency,
}

impl AtRiskReason {
    /// How serious the reason is: 3 for off track, 2 for stale or behind pace, 1 for
    /// other drift or a dependency.
    ///
    /// ```
    /// use folio_okr::tracking::AtRiskReason;
    ///
    /// assert!(AtRiskReason::OffTrack.severity() > AtRiskReason::Stale.severity());
    /// assert_eq!(AtRiskReason::ThroughDependency.severity(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn severity(self) -> u8 {
        match self {
            Self::OffTrack => 3,
            Self::Stale | Self::BehindPace => 2,
            Self::Drifting | Self::ThroughDependency => 1,
        }
    }
}

impl std::fmt::Display for AtRiskReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::OffTrack => "off track",
            Self::Stale => "stale",
            Self::BehindPace => "behind pace",
            Self::Drifting => "drifting",
            Self::ThroughDependency => "at risk through a dependency",
        })
    }
}

/// The direction of an objective's progress since the previous review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Trend {
    /// Progress rose.
    Up,
    /// Progress did not change.
    Flat,
    /// Progress fell.
    Down,
}

impl Trend {
    /// The arrow: ↑, → or ↓.
    ///
    /// ```
    /// use folio_okr::tracking::Trend;
    ///
    /// assert_eq!(Trend::Up.arrow(), '↑');
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn arrow(self) -> char {
        match self {
            Self::Up => '↑',
            Self::Flat => '→',
            Self::Down => '↓',
        }
    }
}

/// One portfolio objective on the scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ObjectiveLine {
    /// The objective.
    pub objective: ObjectiveId,
    /// Its name.
    pub name: String,
    /// Its reported progress now.
    pub progress: Progress,
    /// Its reported progress at the previous review.
    pub previous: Progress,
    /// The direction between the two.
    pub trend: Trend,
    /// Its rolled-up confidence, when leaf confidences were given.
    pub confidence: Option<Confidence>,
    /// The product whose key results moved it most (by absolute movement; ties by id),
    /// with that movement; `None` when nothing moved.
    pub top_product: Option<(ProductId, Decimal)>,
}

/// An at-risk key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Exception {
    /// The key result.
    pub key_result: KeyResultId,
    /// Its product.
    pub product: ProductId,
    /// Its owner.
    pub owner: OwnerId,
    /// Its progress now.
    pub progress: Progress,
    /// The sum of its contribution weights.
    pub weight: Decimal,
    /// `max(0, 1 - progress)`.
    pub gap: Decimal,
    /// `weight x gap`, the ranking key.
    pub risk: Decimal,
    /// The owner's latest confidence, if it has a check-in.
    pub confidence: Option<Confidence>,
    /// That confidence calibrated by the owner's past bias
    /// ([`OwnerCalibration::calibrated`]), when a calibration for the owner was given.
    pub calibrated_confidence: Option<Confidence>,
    /// The owner of its recovery plan, if it has one.
    pub plan_owner: Option<OwnerId>,
    /// The decision needed: the one its latest check-in asked for, else the one its
    /// reasons call for.
    pub decision_needed: Option<String>,
    /// Why it is at risk, in [`AtRiskReason`] order: never empty.
    pub reasons: Vec<AtRiskReason>,
    /// The worst reason's [`severity`](AtRiskReason::severity), the first ranking key.
    pub severity: u8,
    /// The dependency chain, when it is at risk through a dependency.
    pub dependency: Option<DependencyRisk>,
}

/// The monthly executive readout.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Readout {
    /// The period reviewed.
    pub period: Period,
    /// The review date.
    pub as_of: NaiveDate,
    /// Per portfolio objective, in id order.
    pub scorecard: Vec<ObjectiveLine>,
    /// The at-risk key results, most severe first, at most
    /// [`ReadoutPolicy::max_exceptions`]; green ones are never listed.
    pub exceptions: Vec<Exception>,
    /// Requests to shift budget, headcount or priority, by product then key result.
    pub reallocation: Vec<ReallocationRequest>,
    /// Questions for the executive team, with their evidence.
    pub questions: Vec<StrategicQuestion>,
    /// Off-track key results and their plans.
    pub off_track: Vec<OffTrack>,
    /// Key results that are not fresh (and not retired).
    pub stale: Vec<StalenessReport>,
    /// Drift alerts.
    pub drift: Vec<DriftAlert>,
    /// Goals at risk through a dependency, with the chain.
    pub dependency_risk: Vec<DependencyRisk>,
    /// Cadence compliance per product.
    pub cadence: Vec<CadenceReport>,
}

fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "building the readout",
    })
}

/// Builds the readout with nothing extra; the same as [`readout_with`] and
/// [`ReadoutExtras::new`].
///
/// # Errors
///
/// As [`readout_with`].
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
/// # use folio_okr::tracking::{CheckIn, CheckInLog};
/// # let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
/// #   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
/// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
/// # ]"#)?;
/// # let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
/// use std::collections::BTreeMap;
/// use folio_metrics::Scoring;
/// use folio_okr::ProgressInputs;
/// use folio_okr::tracking::{readout, ReadoutInputs, ReadoutPolicy};
///
/// let current = ProgressInputs::new(log.progress(&graph, Scoring::Clamped)?);
/// let cadences = BTreeMap::new();
/// let inputs = ReadoutInputs {
///     log: &log, current: &current, previous: &current, actions: &[], plans: &[],
///     delivery: &[], cadences: &cadences, calibration: &[],
/// };
/// let r = readout(&graph, inputs, &ReadoutPolicy::default())?;
/// // nps is off track (first), arr is stale; both are behind pace.
/// let listed: Vec<&str> = r.exceptions.iter().map(|e| e.key_result.as_str()).collect();
/// assert_eq!(listed, ["nps", "arr"]);
/// assert!(r.to_text().contains("Strategic questions"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn readout(
    graph: &OkrGraph,
    inputs: ReadoutInputs<'_>,
    policy: &ReadoutPolicy,
) -> Result<Readout> {
    readout_with(graph, inputs, &ReadoutExtras::new(), policy)
}

/// Per portfolio objective, in id order: progress now and at the previous review, and
/// the movement each product's key results caused.
type Scores<'g> = (
    Vec<&'g crate::model::ObjectiveData>,
    Vec<NodeId>,
    Vec<Progress>,
    Vec<Progress>,
    Vec<Vec<(ProductId, Decimal)>>,
);

fn scores<'g>(
    graph: &'g OkrGraph,
    inputs: &ReadoutInputs<'_>,
    extras: &ReadoutExtras<'_>,
) -> Result<Scores<'g>> {
    let mut objectives: Vec<_> = graph
        .objectives()
        .filter(|o| o.tier == ObjectiveTier::Portfolio)
        .collect();
    objectives.sort_by(|a, b| a.id.cmp(&b.id));
    let nodes: Vec<NodeId> = objectives
        .iter()
        .map(|o| NodeId::Objective(o.id.clone()))
        .collect();
    if let Some((current, previous)) = extras.kpi {
        let read = |rollup: &KpiRollup| -> Vec<Progress> {
            nodes
                .iter()
                .map(|n| rollup.value(n).map_or(Progress::ZERO, |v| v.reported))
                .collect()
        };
        let movement = vec![Vec::new(); nodes.len()];
        let (now, before) = (read(current), read(previous));
        return Ok((objectives, nodes, now, before, movement));
    }
    let mut now = graph.rollup(inputs.current)?;
    let mut counterfactual = graph.rollup(inputs.previous)?;
    let by_product = changes_by_product(graph, inputs);
    let base = read(&counterfactual, &nodes);
    let progress = read(&now, &nodes);

    // Each product's part is the objectives' values with that product's changed leaves
    // at their current progress and every other leaf at its previous progress, less
    // their previous values. Every way of reaching a set of leaf values (a full
    // rollup, or incremental updates from any other state) gives the very same
    // values, so each product's state is reached the cheapest way:
    // - the product with the most changes (the first in product order on a tie) is
    //   measured on the current rollup with every other product's changes undone,
    //   when both reviews carry the same overrides (with one product that changed,
    //   no update at all);
    // - every other product on the previous rollup, its changes applied and then
    //   undone, except for the last one measured, whose changes are left in place.
    let largest = by_product
        .iter()
        .enumerate()
        .fold(
            None::<(usize, usize)>,
            |best, (i, (_, changes))| match best {
                Some((_, most)) if most >= changes.len() => best,
                _ => Some((i, changes.len())),
            },
        )
        .map(|(i, _)| i);
    let from_now = largest.filter(|_| inputs.current.overrides == inputs.previous.overrides);
    let mut deltas: Vec<Vec<Decimal>> = vec![Vec::new(); by_product.len()];
    let mut on_previous: Vec<usize> = (0..by_product.len())
        .filter(|i| Some(*i) != from_now)
        .collect();
    // Without the current rollup's shortcut, the largest product goes last, so that
    // its changes are the ones left in place.
    if let Some(at) = largest.and_then(|l| on_previous.iter().position(|i| *i == l)) {
        let l = on_previous.remove(at);
        on_previous.push(l);
    }
    let difference = |rollup: &Rollup<Engine>| -> Result<Vec<Decimal>> {
        nodes
            .iter()
            .zip(&base)
            .map(|(node, before)| {
                let after = rollup.value(node).map_or(*before, |v| v.reported);
                after
                    .value()
                    .checked_sub(before.value())
                    .ok_or_else(overflow)
            })
            .collect()
    };
    let last = on_previous.last().copied();
    for &i in &on_previous {
        let Some((_, changes)) = by_product.get(i) else {
            continue;
        };
        let forward: Vec<(KeyResultId, Progress)> = changes
            .iter()
            .map(|(id, _, now)| (id.clone(), *now))
            .collect();
        counterfactual.update_many(&forward)?;
        if let Some(slot) = deltas.get_mut(i) {
            *slot = difference(&counterfactual)?;
        }
        if Some(i) != last {
            let back: Vec<(KeyResultId, Progress)> = changes
                .iter()
                .map(|(id, before, _)| (id.clone(), *before))
                .collect();
            counterfactual.update_many(&back)?;
        }
    }
    if let Some(l) = from_now {
        let others: Vec<(KeyResultId, Progress)> = by_product
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != l)
            .flat_map(|(_, (_, changes))| {
                changes.iter().map(|(id, before, _)| (id.clone(), *before))
            })
            .collect();
        if !others.is_empty() {
            now.update_many(&others)?;
        }
        if let Some(slot) = deltas.get_mut(l) {
            *slot = difference(&now)?;
        }
    }
    // movement[objective][product], in product order.
    let mut movement: Vec<Vec<(ProductId, Decimal)>> = vec![Vec::new(); nodes.len()];
    for ((product, _), product_deltas) in by_product.iter().zip(&deltas) {
        for (moves, delta) in movement.iter_mut().zip(product_deltas) {
            moves.push(((*product).clone(), *delta));
        }
    }
    Ok((objectives, nodes, progress, base, movement))
}

/// The reported values of `nodes`, zero for a node the rollup does not hold.
fn read(rollup: &Rollup<Engine>, nodes: &[NodeId]) -> Vec<Progress> {
    nodes
        .iter()
        .map(|n| rollup.value(n).map_or(Progress::ZERO, |v| v.reported))
        .collect()
}

/// A leaf whose progress changed: its id, previous and current progress.
type Change = (KeyResultId, Progress, Progress);

/// The leaves whose progress changed since the previous review (id, previous,
/// current), grouped by product, in product then key-result order. Both progress maps
/// and the graph are in id order: walked alongside, not searched.
fn changes_by_product<'g>(
    graph: &'g OkrGraph,
    inputs: &ReadoutInputs<'_>,
) -> Vec<(&'g ProductId, Vec<Change>)> {
    let mut by_product: BTreeMap<&ProductId, Vec<(KeyResultId, Progress, Progress)>> =
        BTreeMap::new();
    let mut previous_of = InOrder::new(&inputs.previous.progress);
    let mut key_results = graph.key_results().peekable();
    for (id, current) in &inputs.current.progress {
        while key_results.next_if(|kr| kr.id < *id).is_some() {}
        let Some(kr) = key_results.next_if(|kr| kr.id == *id) else {
            continue;
        };
        let previous = previous_of.get(id).copied().unwrap_or(*current);
        if previous != *current {
            by_product
                .entry(&kr.product)
                .or_default()
                .push((id.clone(), previous, *current));
        }
    }
    by_product.into_iter().collect()
}

/// Builds the readout: the scorecard, the at-risk exceptions, reallocation requests and
/// strategic questions, then the tracking detail.
///
/// # Errors
///
/// Any error of the rollup (missing or unknown progress, overflow; for a portfolio
/// that rolls up by the KPI method without [`ReadoutExtras::with_kpi`],
/// [`Error::NeedsMetricReadings`]), of the status rollup when confidences are given,
/// or of the tracking policies; [`Error::NegativeCapacity`] for a capacity drain with a
/// negative amount ([`CapacityDrain::validate`]); [`Error::InvalidCalibration`] for an
/// owner calibration that fails [`OwnerCalibration::validate`].
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
/// # use folio_okr::tracking::{CheckIn, CheckInLog};
/// # let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
/// #   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
/// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
/// # ]"#)?;
/// # let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
/// # use std::collections::BTreeMap;
/// # use folio_metrics::Scoring;
/// # use folio_okr::ProgressInputs;
/// # use folio_okr::tracking::{ReadoutInputs, ReadoutPolicy};
/// # let current = ProgressInputs::new(log.progress(&graph, Scoring::Clamped)?);
/// # let cadences = BTreeMap::new();
/// # let inputs = ReadoutInputs {
/// #     log: &log, current: &current, previous: &current, actions: &[], plans: &[],
/// #     delivery: &[], cadences: &cadences, calibration: &[],
/// # };
/// use folio_okr::tracking::{readout_with, ReadoutExtras, StrategicQuestion};
/// use folio_types::Decimal;
///
/// let questions = [StrategicQuestion::new("Fix or sunset Scout?", vec![])];
/// let extras = ReadoutExtras::new().with_questions(&questions);
/// let r = readout_with(&graph, inputs, &extras, &ReadoutPolicy::default())?;
/// // arr at 2 of 10 (weight 3), nps at 3 of 10: (3 x 0.2 + 1 x 0.3) / 4 = 0.225.
/// assert_eq!(r.scorecard[0].progress.value(), Decimal::new(225, 3));
/// // The caller's question comes after the generated ones.
/// assert_eq!(r.questions.last().map(|q| q.question.as_str()), Some("Fix or sunset Scout?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn readout_with(
    graph: &OkrGraph,
    inputs: ReadoutInputs<'_>,
    extras: &ReadoutExtras<'_>,
    policy: &ReadoutPolicy,
) -> Result<Readout> {
    for drain in extras.capacity {
        drain.validate()?;
    }
    for owner in inputs.calibration {
        owner.validate()?;
    }
    let status = if inputs.current.confidence.is_empty() {
        None
    } else {
        Some(graph.status(inputs.current)?)
    };
    let (objectives, nodes, progress_now, base, movement) = scores(graph, &inputs, extras)?;

    let mut scorecard = Vec::with_capacity(objectives.len());
    for (((objective, node), (progress, before)), moves) in objectives
        .iter()
        .zip(&nodes)
        .zip(progress_now.iter().zip(&base))
        .zip(&movement)
    {
        let trend = match progress.cmp(before) {
            std::cmp::Ordering::Greater => Trend::Up,
            std::cmp::Ordering::Equal => Trend::Flat,
            std::cmp::Ordering::Less => Trend::Down,
        };
        // Largest absolute movement; the first in product order wins a tie.
        let top_product = moves
            .iter()
            .filter(|(_, delta)| !delta.is_zero())
            .fold(None::<&(ProductId, Decimal)>, |best, m| match best {
                Some(b) if b.1.abs() >= m.1.abs() => Some(b),
                _ => Some(m),
            })
            .map(|(product, delta)| (product.clone(), delta.normalize()));
        scorecard.push(ObjectiveLine {
            objective: objective.id.clone(),
            name: objective.name.clone(),
            progress: *progress,
            previous: *before,
            trend,
            confidence: status
                .as_ref()
                .and_then(|s| s.status(node))
                .map(|s| s.confidence),
            top_product,
        });
    }

    let off = off_track(graph, inputs.log, inputs.plans, &policy.off_track)?;
    let all_stale = staleness(graph, inputs.log, inputs.actions, &policy.staleness)?;
    let drift_alerts = drift(
        graph,
        inputs.log,
        &inputs.current.progress,
        inputs.delivery,
        &policy.drift,
    )?;
    let flagged = signals(graph, &off, &all_stale, &drift_alerts);
    let dependency_risk = risks(graph, &flagged);

    let findings = Findings {
        off: &off,
        stale: &all_stale,
        drift: &drift_alerts,
        dependency_risk: &dependency_risk,
    };
    let exceptions = exceptions(graph, &inputs, policy.max_exceptions, &findings)?;

    let reallocation = reallocation(graph, inputs.plans, extras.capacity);
    let questions = questions(graph, &scorecard, &dependency_risk, extras);

    let stale = all_stale
        .into_iter()
        .filter(|r| {
            !matches!(
                r.staleness,
                Staleness::Fresh { .. } | Staleness::Retired { .. }
            )
        })
        .collect();
    Ok(Readout {
        period: inputs.log.period(),
        as_of: inputs.log.as_of(),
        scorecard,
        exceptions,
        reallocation,
        questions,
        off_track: off,
        stale,
        drift: drift_alerts,
        dependency_risk,
        cadence: cadence(graph, inputs.log, inputs.cadences)?,
    })
}

/// The tracking policies' findings, which the exceptions are drawn from.
#[derive(Clone, Copy)]
struct Findings<'a> {
    off: &'a [OffTrack],
    stale: &'a [StalenessReport],
    drift: &'a [DriftAlert],
    dependency_risk: &'a [DependencyRisk],
}

/// How far [`locate`] looks ahead by pointer before it compares ids.
const NEAR: usize = 64;

/// The position of `id` among `key_results` (in id order), for ids asked for mostly
/// in increasing order: walked on from the previous answer, searched from the start
/// when an id comes out of order.
fn locate(key_results: &[&KeyResultData], from: &mut usize, id: &KeyResultId) -> Option<usize> {
    // The policies clone the graph's ids, which share its text: the key results up
    // to the next few dozen are checked without comparing text (a policy flags a
    // good share of them), which spares a search that reads ids all over memory.
    let near = key_results.get(*from..).and_then(|rest| {
        rest.iter()
            .take(NEAR)
            .position(|kr| std::ptr::eq(kr.id.as_str(), id.as_str()))
    });
    if let Some(found) = near.and_then(|step| from.checked_add(step)) {
        *from = found;
        return Some(found);
    }
    let start = match key_results.get(*from) {
        Some(kr) if kr.id <= *id => *from,
        _ => 0,
    };
    let rest = key_results.get(start..)?;
    // A short walk first (the common case: the next few key results), then a search.
    let found = match rest.iter().take(8).position(|kr| kr.id >= *id) {
        Some(step) => start.checked_add(step)?,
        None => start.checked_add(rest.partition_point(|kr| kr.id < *id))?,
    };
    *from = found;
    key_results
        .get(found)
        .filter(|kr| kr.id == *id)
        .map(|_| found)
}

/// Reason bits, in [`AtRiskReason`] order.
const REASONS: [AtRiskReason; 5] = [
    AtRiskReason::OffTrack,
    AtRiskReason::Stale,
    AtRiskReason::BehindPace,
    AtRiskReason::Drifting,
    AtRiskReason::ThroughDependency,
];
/// A bit that marks a retired key result beside the reason bits.
const RETIRED: u8 = 1 << 7;

fn bit(reason: AtRiskReason) -> u8 {
    REASONS
        .iter()
        .position(|r| *r == reason)
        .map_or(0, |i| 1u8 << i)
}

/// The at-risk exceptions, ranked and cut to `max`. Every flagged key result's
/// ranking (severity, then weight x gap, then id) is computed, in id order so that an
/// overflow is reported for the same key result as ever; only the `max` listed are
/// then built in full (ids, owners, confidence, plan, dependency, decision).
fn exceptions(
    graph: &OkrGraph,
    inputs: &ReadoutInputs<'_>,
    max: usize,
    findings: &Findings<'_>,
) -> Result<Vec<Exception>> {
    let key_results: Vec<&KeyResultData> = graph.key_results().collect();
    // Reasons per key result, as bits, in the graph's id order. Each policy lists key
    // results in id order, so each is matched by a walk, not a search per entry.
    let mut marks = vec![0u8; key_results.len()];
    let mut mark = |from: &mut usize, id: &KeyResultId, bits: u8| {
        if let Some(m) = locate(&key_results, from, id).and_then(|i| marks.get_mut(i)) {
            *m |= bits;
        }
    };
    let mut from = 0;
    for o in findings.off {
        mark(&mut from, &o.key_result, bit(AtRiskReason::OffTrack));
    }
    from = 0;
    for r in findings.stale {
        match r.staleness {
            Staleness::Fresh { .. } => {}
            Staleness::Retired { .. } => mark(&mut from, &r.key_result, RETIRED),
            _ => mark(&mut from, &r.key_result, bit(AtRiskReason::Stale)),
        }
    }
    from = 0;
    for alert in findings.drift {
        let reason = if alert.rule == DriftRule::BehindPace {
            AtRiskReason::BehindPace
        } else {
            AtRiskReason::Drifting
        };
        mark(&mut from, &alert.key_result, bit(reason));
    }
    from = 0;
    for risk in findings.dependency_risk {
        if let NodeId::KeyResult(id) = &risk.node {
            mark(&mut from, id, bit(AtRiskReason::ThroughDependency));
        }
    }

    // Each flagged key result's ranking, in id order.
    struct Ranked {
        index: usize,
        severity: u8,
        risk: Decimal,
        progress: Progress,
        weight: Decimal,
        gap: Decimal,
    }
    let mut progress_of = InOrder::new(&inputs.current.progress);
    let mut ranked = Vec::new();
    for (index, (kr, &marks)) in key_results.iter().zip(&marks).enumerate() {
        if marks == 0 || marks & RETIRED != 0 {
            continue;
        }
        let severity = REASONS
            .iter()
            .filter(|r| marks & bit(**r) != 0)
            .map(|r| r.severity())
            .max()
            .unwrap_or(0);
        let progress = progress_of.get(&kr.id).copied().unwrap_or(Progress::ZERO);
        let weight = kr
            .contributes_to
            .iter()
            .try_fold(Decimal::ZERO, |sum, edge| {
                sum.checked_add(edge.weight.value())
            })
            .ok_or_else(overflow)?;
        let gap = Decimal::ONE
            .checked_sub(progress.value())
            .ok_or_else(overflow)?
            .max(Decimal::ZERO);
        let risk = weight.checked_mul(gap).ok_or_else(overflow)?.normalize();
        ranked.push(Ranked {
            index,
            severity,
            risk,
            progress,
            weight,
            gap,
        });
    }
    // Worst first; ties by id, which is the index order.
    let order = |a: &Ranked, b: &Ranked| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.risk.cmp(&a.risk))
            .then_with(|| a.index.cmp(&b.index))
    };
    if ranked.len() > max {
        if let Some(cut) = max.checked_sub(1) {
            ranked.select_nth_unstable_by(cut, order);
        }
        ranked.truncate(max);
    }
    ranked.sort_unstable_by(order);

    let mut exceptions = Vec::with_capacity(ranked.len());
    for r in ranked {
        let (Some(kr), Some(&marks)) = (key_results.get(r.index), marks.get(r.index)) else {
            continue;
        };
        let id = &kr.id;
        let why: Vec<AtRiskReason> = REASONS
            .iter()
            .copied()
            .filter(|reason| marks & bit(*reason) != 0)
            .collect();
        let state = inputs.log.state(id);
        let confidence = state.map(|s| s.value.confidence);
        let calibrated_confidence = inputs
            .calibration
            .iter()
            .find(|c| c.owner == kr.owner)
            .zip(confidence)
            .map(|(c, raw)| c.calibrated(raw));
        // The first dependency risk of the key result; the last plan given for it
        // (plans are unique per key result once the off-track policy accepted them).
        let dependency = findings
            .dependency_risk
            .iter()
            .find(|risk| matches!(&risk.node, NodeId::KeyResult(k) if k == id))
            .cloned();
        let plan = inputs.plans.iter().rev().find(|p| p.key_result == *id);
        let decision_needed = state
            .and_then(|s| s.value.decision_needed.clone())
            .or_else(|| default_decision(&why, plan.is_some(), dependency.as_ref()));
        exceptions.push(Exception {
            key_result: id.clone(),
            product: kr.product.clone(),
            owner: kr.owner.clone(),
            progress: r.progress,
            weight: r.weight.normalize(),
            gap: r.gap.normalize(),
            risk: r.risk,
            confidence,
            calibrated_confidence,
            plan_owner: plan.map(|p| p.owner.clone()),
            decision_needed,
            reasons: why,
            severity: r.severity,
            dependency,
        });
    }
    Ok(exceptions)
}

/// The straightforward build of the exceptions, kept as the reference that
/// [`exceptions`] is checked against: every reason in a map by id, every at-risk key
/// result built in full, sorted, then cut to `max`.
#[cfg(all(test, feature = "serde"))]
fn exceptions_plain(
    graph: &OkrGraph,
    inputs: &ReadoutInputs<'_>,
    max: usize,
    findings: &Findings<'_>,
) -> Result<Vec<Exception>> {
    let Findings {
        off,
        stale: all_stale,
        drift: drift_alerts,
        dependency_risk,
    } = *findings;
    let policy_max = max;
    // Every reason each key result is at risk.
    let mut reasons: BTreeMap<&KeyResultId, Vec<AtRiskReason>> = BTreeMap::new();
    for o in off {
        reasons
            .entry(&o.key_result)
            .or_default()
            .push(AtRiskReason::OffTrack);
    }
    for r in all_stale {
        if !matches!(
            r.staleness,
            Staleness::Fresh { .. } | Staleness::Retired { .. }
        ) {
            reasons
                .entry(&r.key_result)
                .or_default()
                .push(AtRiskReason::Stale);
        }
    }
    for alert in drift_alerts {
        let reason = if alert.rule == DriftRule::BehindPace {
            AtRiskReason::BehindPace
        } else {
            AtRiskReason::Drifting
        };
        reasons.entry(&alert.key_result).or_default().push(reason);
    }
    for risk in dependency_risk {
        if let NodeId::KeyResult(id) = &risk.node {
            reasons
                .entry(id)
                .or_default()
                .push(AtRiskReason::ThroughDependency);
        }
    }
    let retired: std::collections::BTreeSet<&KeyResultId> = all_stale
        .iter()
        .filter(|r| matches!(r.staleness, Staleness::Retired { .. }))
        .map(|r| &r.key_result)
        .collect();
    // Each key result's first dependency risk, found once rather than by a scan of
    // every risk for every exception.
    let mut dependency_of: BTreeMap<&KeyResultId, _> = BTreeMap::new();
    for risk in dependency_risk {
        if let NodeId::KeyResult(id) = &risk.node {
            dependency_of.entry(id).or_insert(risk);
        }
    }

    let plan_of: BTreeMap<&KeyResultId, &RecoveryPlan> =
        inputs.plans.iter().map(|p| (&p.key_result, p)).collect();
    let mut exceptions = Vec::new();
    for (id, mut why) in reasons {
        let Some(kr) = graph.key_result(id) else {
            continue;
        };
        if retired.contains(&id) {
            continue;
        }
        why.sort();
        why.dedup();
        let severity = why.iter().map(|r| r.severity()).max().unwrap_or(0);
        let progress = inputs
            .current
            .progress
            .get(id)
            .copied()
            .unwrap_or(Progress::ZERO);
        let weight = kr
            .contributes_to
            .iter()
            .try_fold(Decimal::ZERO, |sum, edge| {
                sum.checked_add(edge.weight.value())
            })
            .ok_or_else(overflow)?;
        let gap = Decimal::ONE
            .checked_sub(progress.value())
            .ok_or_else(overflow)?
            .max(Decimal::ZERO);
        let risk = weight.checked_mul(gap).ok_or_else(overflow)?.normalize();
        let confidence = inputs.log.state(id).map(|s| s.value.confidence);
        let calibrated_confidence = inputs
            .calibration
            .iter()
            .find(|c| c.owner == kr.owner)
            .zip(confidence)
            .map(|(c, raw)| c.calibrated(raw));
        let dependency = dependency_of.get(id).map(|r| (*r).clone());
        let plan = plan_of.get(id);
        let decision_needed = inputs
            .log
            .state(id)
            .and_then(|s| s.value.decision_needed.clone())
            .or_else(|| default_decision(&why, plan.is_some(), dependency.as_ref()));
        exceptions.push(Exception {
            key_result: id.clone(),
            product: kr.product.clone(),
            owner: kr.owner.clone(),
            progress,
            weight: weight.normalize(),
            gap: gap.normalize(),
            risk,
            confidence,
            calibrated_confidence,
            plan_owner: plan.map(|p| p.owner.clone()),
            decision_needed,
            reasons: why,
            severity,
            dependency,
        });
    }
    exceptions.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.risk.cmp(&a.risk))
            .then_with(|| a.key_result.cmp(&b.key_result))
    });
    exceptions.truncate(policy_max);
    Ok(exceptions)
}

/// The decision an exception's reasons call for when its owner named none.
fn default_decision(
    reasons: &[AtRiskReason],
    has_plan: bool,
    dependency: Option<&DependencyRisk>,
) -> Option<String> {
    if reasons.contains(&AtRiskReason::OffTrack) && !has_plan {
        return Some(
            "choose a recovery plan: change the tactic, the target or the resources".to_owned(),
        );
    }
    if reasons.contains(&AtRiskReason::Stale) {
        return Some("update, retire or escalate it".to_owned());
    }
    if let Some(risk) = dependency {
        return Some(format!(
            "unblock prerequisite {} or re-sequence",
            risk.prerequisite
        ));
    }
    None
}

/// One request per change-the-resources recovery plan, then one per drained product;
/// by product, then key result.
fn reallocation(
    graph: &OkrGraph,
    plans: &[RecoveryPlan],
    capacity: &[CapacityDrain],
) -> Vec<ReallocationRequest> {
    let mut requests = Vec::new();
    for plan in plans
        .iter()
        .filter(|p| p.change == RecoveryChange::Resources)
    {
        let Some(kr) = graph.key_result(&plan.key_result) else {
            continue;
        };
        let shift: Option<&ResourceShift> = plan.resources.as_ref();
        let why = if plan.description.trim().is_empty() {
            format!(
                "recovery plan for key result {} (owner {}, due {})",
                plan.key_result, plan.owner, plan.due
            )
        } else {
            format!(
                "recovery plan for key result {} (owner {}, due {}): {}",
                plan.key_result, plan.owner, plan.due, plan.description
            )
        };
        requests.push(ReallocationRequest {
            to: kr.product.clone(),
            key_result: Some(plan.key_result.clone()),
            from: shift.and_then(|s| s.from.clone()),
            kind: shift.map(|s| s.kind),
            amount: shift.and_then(|s| s.amount),
            why,
            source: RequestSource::RecoveryPlan,
        });
    }
    for drain in capacity {
        let Some(amount) = drain.shortfall() else {
            continue;
        };
        let cause = if drain.cause.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", drain.cause)
        };
        requests.push(ReallocationRequest {
            to: drain.product.clone(),
            key_result: None,
            from: None,
            kind: Some(drain.kind),
            amount: Some(amount),
            why: format!(
                "{} has {} of the {} {} planned for its goals{cause}",
                drain.product,
                drain.available.normalize(),
                drain.planned.normalize(),
                drain.kind
            ),
            source: RequestSource::CapacityDrain,
        });
    }
    requests
        .sort_by(|a, b| (&a.to, &a.key_result, a.source).cmp(&(&b.to, &b.key_result, b.source)));
    requests
}

/// The questions the findings raise, each with its evidence, then the caller's.
fn questions(
    graph: &OkrGraph,
    scorecard: &[ObjectiveLine],
    dependency_risk: &[DependencyRisk],
    extras: &ReadoutExtras<'_>,
) -> Vec<StrategicQuestion> {
    let mut out = Vec::new();
    if let Some(cascade) = extras.cascade {
        for finding in &cascade.add_up {
            if let AddUpFinding::Shortfall { amount, .. } = &finding.finding {
                out.push(StrategicQuestion::new(
                    format!(
                        "Who owns the {} of {} under {} that no contributor has committed to?",
                        amount.normalize(),
                        finding.metric,
                        finding.node
                    ),
                    vec![finding.to_string()],
                ));
            }
        }
        for scorecard_goal in &cascade.scorecards {
            out.push(StrategicQuestion::new(
                format!(
                    "What should portfolio objective {} ask of the products together, beyond each hitting its own target?",
                    scorecard_goal.objective
                ),
                vec![scorecard_goal.to_string()],
            ));
        }
        for late in &cascade.late_deadlines {
            out.push(StrategicQuestion::new(
                format!(
                    "Can {} be met by {} when {} is due later?",
                    late.parent, late.parent_deadline, late.child
                ),
                vec![late.to_string()],
            ));
        }
    }
    for risk in dependency_risk {
        let product_of = |node: &NodeId| match node {
            NodeId::KeyResult(id) => graph.key_result(id).map(|k| &k.product),
            NodeId::Objective(id) => graph.objective(id).and_then(|o| o.product.as_ref()),
        };
        let (Some(mine), Some(theirs)) = (
            product_of(&risk.node),
            graph.key_result(&risk.prerequisite).map(|k| &k.product),
        ) else {
            continue;
        };
        if mine != theirs {
            out.push(StrategicQuestion::new(
                format!(
                    "Should {theirs} reprioritize {} for {mine}, or should {mine} re-sequence {}?",
                    risk.prerequisite, risk.node
                ),
                vec![risk.to_string()],
            ));
        }
    }
    for line in scorecard.iter().filter(|l| l.trend == Trend::Down) {
        let mut evidence = vec![format!(
            "portfolio objective {} fell from {} to {}",
            line.objective,
            percent(line.previous),
            percent(line.progress)
        )];
        if let Some((product, delta)) = &line.top_product {
            evidence.push(format!(
                "product {product} moved it by {}",
                delta.round_dp(4)
            ));
        }
        out.push(StrategicQuestion::new(
            format!("What is pulling {} down?", line.name),
            evidence,
        ));
    }
    out.extend(extras.questions.iter().cloned());
    out
}

fn stale_label(s: &Staleness) -> String {
    match s {
        Staleness::Fresh { .. } => "fresh".into(),
        Staleness::ActionDue { due, .. } => format!("action due by {due}"),
        Staleness::ActionOverdue { due, .. } => format!("action overdue since {due}"),
        Staleness::RetirementRecommended {
            days_since_update, ..
        } => {
            format!("not updated for {days_since_update} days: retirement recommended")
        }
        Staleness::Escalated { action, .. } => format!("escalated on {}", action.date),
        Staleness::Retired { action } => format!("retired on {}", action.date),
    }
}

fn percent(p: Progress) -> String {
    let value = p
        .value()
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(p.value());
    format!("{}%", value.round_dp(1).normalize())
}

impl Readout {
    /// The readout as plain text.
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
    /// # use folio_okr::tracking::{CheckIn, CheckInLog};
    /// # let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
    /// #   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
    /// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
    /// # ]"#)?;
    /// # let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
    /// # use std::collections::BTreeMap;
    /// # use folio_metrics::Scoring;
    /// # use folio_okr::ProgressInputs;
    /// # use folio_okr::tracking::{readout, ReadoutInputs, ReadoutPolicy};
    /// # let current = ProgressInputs::new(log.progress(&graph, Scoring::Clamped)?);
    /// # let cadences = BTreeMap::new();
    /// # let inputs = ReadoutInputs {
    /// #     log: &log, current: &current, previous: &current, actions: &[], plans: &[],
    /// #     delivery: &[], cadences: &cadences, calibration: &[],
    /// # };
    /// let text = readout(&graph, inputs, &ReadoutPolicy::default())?.to_text();
    /// assert!(text.starts_with("Portfolio readout, 2026-Q1 as of 2026-02-14\n===="));
    /// assert!(text.contains("\nScorecard\n---------\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_text(&self) -> String {
        self.render(false)
    }

    /// The readout as Markdown.
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
    /// # use folio_okr::tracking::{CheckIn, CheckInLog};
    /// # let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
    /// #   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
    /// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
    /// # ]"#)?;
    /// # let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
    /// # use std::collections::BTreeMap;
    /// # use folio_metrics::Scoring;
    /// # use folio_okr::ProgressInputs;
    /// # use folio_okr::tracking::{readout, ReadoutInputs, ReadoutPolicy};
    /// # let current = ProgressInputs::new(log.progress(&graph, Scoring::Clamped)?);
    /// # let cadences = BTreeMap::new();
    /// # let inputs = ReadoutInputs {
    /// #     log: &log, current: &current, previous: &current, actions: &[], plans: &[],
    /// #     delivery: &[], cadences: &cadences, calibration: &[],
    /// # };
    /// let markdown = readout(&graph, inputs, &ReadoutPolicy::default())?.to_markdown();
    /// assert!(markdown.starts_with("# Portfolio readout, 2026-Q1 as of 2026-02-14\n"));
    /// assert!(markdown.contains("## Scorecard"));
    /// assert!(markdown.contains("| objective | progress | trend | confidence | top driver |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        self.render(true)
    }

    // Writing to a String cannot fail, so the `fmt::Result`s are dropped.
    fn render(&self, markdown: bool) -> String {
        let mut out = String::new();
        let heading = |out: &mut String, text: &str, empty: bool| {
            if markdown {
                let _ = writeln!(out, "\n## {text}\n");
            } else {
                let _ = writeln!(out, "\n{text}\n{}", "-".repeat(text.chars().count()));
            }
            if empty {
                let _ = writeln!(out, "{}none", if markdown { "" } else { "  " });
            }
        };
        let bullet = if markdown { "- " } else { "  " };
        let title = format!("Portfolio readout, {} as of {}", self.period, self.as_of);
        if markdown {
            let _ = writeln!(out, "# {title}");
        } else {
            let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
        }
        heading(&mut out, "Scorecard", self.scorecard.is_empty());
        if markdown {
            let _ = writeln!(
                out,
                "| objective | progress | trend | confidence | top driver |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|");
        }
        for line in &self.scorecard {
            let confidence = line.confidence.map_or_else(
                || "-".to_owned(),
                |c| c.value().round_dp(2).normalize().to_string(),
            );
            let driver = line.top_product.as_ref().map_or_else(
                || "-".to_owned(),
                |(p, d)| {
                    format!(
                        "{p} ({}{})",
                        if d.is_sign_negative() { "" } else { "+" },
                        d.round_dp(4)
                    )
                },
            );
            if markdown {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} from {} | {confidence} | {driver} |",
                    line.name,
                    percent(line.progress),
                    line.trend.arrow(),
                    percent(line.previous)
                );
            } else {
                let _ = writeln!(
                    out,
                    "{bullet}{} {} ({} from {}), confidence {confidence}, driven by {driver}",
                    line.trend.arrow(),
                    line.name,
                    percent(line.progress),
                    percent(line.previous)
                );
            }
        }
        heading(&mut out, "Exceptions", self.exceptions.is_empty());
        for e in &self.exceptions {
            let plan = e.plan_owner.as_ref().map_or_else(
                || "no recovery plan".to_owned(),
                |o| format!("plan owner {o}"),
            );
            let confidence = match (e.confidence, e.calibrated_confidence) {
                (Some(raw), Some(calibrated)) => format!(
                    ", confidence {} (calibrated {})",
                    raw.value().round_dp(2).normalize(),
                    calibrated.value().round_dp(2).normalize()
                ),
                (Some(raw), None) => {
                    format!(", confidence {}", raw.value().round_dp(2).normalize())
                }
                _ => String::new(),
            };
            let decision = e
                .decision_needed
                .as_ref()
                .map_or_else(String::new, |d| format!("; decision needed: {d}"));
            let reasons: Vec<String> = e.reasons.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "{bullet}{} ({}, {}): {}; progress {}{confidence}, risk {}; {plan}{decision}",
                e.key_result,
                e.product,
                e.owner,
                reasons.join(", "),
                percent(e.progress),
                e.risk.round_dp(4)
            );
        }
        heading(
            &mut out,
            "Resource reallocation requests",
            self.reallocation.is_empty(),
        );
        for r in &self.reallocation {
            let _ = writeln!(out, "{bullet}{r}");
        }
        heading(&mut out, "Strategic questions", self.questions.is_empty());
        for q in &self.questions {
            let _ = writeln!(out, "{bullet}{}", q.question);
            for evidence in &q.evidence {
                let _ = writeln!(
                    out,
                    "{}evidence: {evidence}",
                    if markdown { "  - " } else { "      " }
                );
            }
        }
        heading(&mut out, "Off track", self.off_track.is_empty());
        for o in &self.off_track {
            let plan = o.plan.as_ref().map_or_else(
                || "NO RECOVERY PLAN".to_owned(),
                |p| {
                    format!(
                        "plan: change the {:?} ({}, due {})",
                        p.change, p.owner, p.due
                    )
                    .to_lowercase()
                },
            );
            let _ = writeln!(
                out,
                "{bullet}{}: confidence {} on {}; {plan}",
                o.key_result, o.confidence, o.confidence_date
            );
        }
        heading(&mut out, "Stale", self.stale.is_empty());
        for s in &self.stale {
            let _ = writeln!(
                out,
                "{bullet}{}: {}",
                s.key_result,
                stale_label(&s.staleness)
            );
        }
        heading(&mut out, "Drift", self.drift.is_empty());
        for d in &self.drift {
            let _ = writeln!(out, "{bullet}{}: {}", d.key_result, d.message);
        }
        heading(
            &mut out,
            "At risk through a dependency",
            self.dependency_risk.is_empty(),
        );
        for r in &self.dependency_risk {
            let _ = writeln!(out, "{bullet}{r}");
        }
        heading(&mut out, "Cadence", self.cadence.is_empty());
        for c in &self.cadence {
            let compliance = c.compliance.map_or_else(
                || "nothing due yet".to_owned(),
                |r| {
                    format!(
                        "{}%",
                        r.value()
                            .checked_mul(Decimal::ONE_HUNDRED)
                            .unwrap_or(r.value())
                            .round_dp(0)
                    )
                },
            );
            let gap = c
                .longest_gap
                .as_ref()
                .map_or_else(String::new, |(days, kr)| {
                    format!(", longest gap {days} days ({kr})")
                });
            let _ = writeln!(
                out,
                "{bullet}{} ({}): {} check-ins, {} expected, {compliance} on cadence{gap}",
                c.product, c.cadence, c.received, c.expected
            );
        }
        out
    }
}

/// The ranked build of the exceptions against the plain one (every at-risk key result
/// built, sorted, cut), on random portfolios: the same list, field for field.
#[cfg(all(test, feature = "serde"))]
mod exceptions_tests {
    // A malformed fixture should fail the test loudly; fixture dates stay near 2026.
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::model::{Dependency, DependencyKind};
    use crate::tracking::checkin::{CheckIn, Reading};
    use crate::tracking::staleness::ActionKind;
    use crate::{OkrGraph, PortfolioData};

    const KRS: usize = 8;

    /// Per key result: weight in hundredths, a prerequisite among the earlier ones,
    /// check-ins (day, value, confidence in tenths), progress in hundredths, whether
    /// it has a plan, whether it is retired, and a decision asked for.
    type Spec = (
        u32,
        Option<usize>,
        Vec<(i64, i64, i64)>,
        Option<i64>,
        bool,
        bool,
        bool,
    );

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0u32..300,
            proptest::option::of(0usize..KRS),
            proptest::collection::vec((0i64..80, 0i64..10, 0i64..11), 0..5),
            proptest::option::of(0i64..130),
            any::<bool>(),
            proptest::bool::weighted(0.1),
            proptest::bool::weighted(0.2),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn ranked_exceptions_match_the_plain_build(
            specs in proptest::collection::vec(spec(), KRS),
            max in 0usize..7,
            day in 30i64..85,
        ) {
            let key_results: Vec<serde_json::Value> = specs
                .iter()
                .enumerate()
                .map(|(i, s)| json!({
                    "id": format!("k{i}"), "name": "kr", "tier": "product",
                    "owner": format!("owner{}", i % 3), "product": format!("p{}", i % 2),
                    "target": { "metric": "m", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
                    "contributes_to": [{ "to": { "objective": "grow" }, "weight": format!("{}.{:02}", s.0 / 100, s.0 % 100) }],
                }))
                .collect();
            let mut data: PortfolioData = serde_json::from_value(json!({
                "policy": { "method": "weighted" },
                "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
                "key_results": key_results,
            }))
            .unwrap();
            for (i, s) in specs.iter().enumerate() {
                if let Some(j) = s.1.filter(|j| *j < i) {
                    data.key_results[i].depends_on.push(Dependency::new(
                        NodeId::KeyResult(KeyResultId::new(format!("k{j}")).unwrap()),
                        DependencyKind::Feature,
                        None,
                    ));
                }
            }
            let graph = OkrGraph::new(data).unwrap();
            let period = Period::quarter(2026, 1).unwrap();
            let as_of = period.start() + chrono::Duration::days(day);
            let id = |i: usize| KeyResultId::new(format!("k{i}")).unwrap();
            let mut check_ins = Vec::new();
            for (i, s) in specs.iter().enumerate() {
                let mut days: Vec<i64> = s.2.iter().map(|c| c.0).filter(|d| *d <= day).collect();
                days.sort_unstable();
                days.dedup();
                for (n, d) in days.iter().enumerate() {
                    let (_, value, confidence) = s.2[n];
                    check_ins.push(CheckIn {
                        key_result: id(i),
                        date: period.start() + chrono::Duration::days(*d),
                        reading: Reading::Value(Decimal::from(value)),
                        confidence: Confidence::new(Decimal::new(confidence, 1)).unwrap(),
                        note: String::new(),
                        blocker: None,
                        decision_needed: (s.6 && n + 1 == days.len()).then(|| format!("decide k{i}")),
                    });
                }
            }
            let log = CheckInLog::new(&graph, period, as_of, check_ins).unwrap();
            let progress: BTreeMap<KeyResultId, Progress> = specs
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((id(i), Progress::new(Decimal::new(s.3?, 2)).unwrap())))
                .collect();
            let plans: Vec<RecoveryPlan> = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.4)
                .map(|(i, _)| serde_json::from_value(json!({
                    "key_result": format!("k{i}"), "change": "tactic", "owner": "lead",
                    "due": "2026-03-31",
                })).unwrap())
                .collect();
            let actions: Vec<Action> = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.5)
                .map(|(i, _)| Action {
                    key_result: id(i),
                    date: period.start(),
                    kind: ActionKind::Retire,
                    actor: "lead".parse().unwrap(),
                    note: String::new(),
                })
                .collect();
            let current = ProgressInputs::new(progress);
            let cadences = BTreeMap::new();
            let inputs = ReadoutInputs {
                log: &log,
                current: &current,
                previous: &current,
                actions: &actions,
                plans: &plans,
                delivery: &[],
                cadences: &cadences,
                calibration: &[],
            };
            let policy = ReadoutPolicy::default();
            let off = off_track(&graph, &log, &plans, &policy.off_track).unwrap();
            let stale = staleness(&graph, &log, &actions, &policy.staleness).unwrap();
            let drifting = drift(&graph, &log, &current.progress, &[], &policy.drift).unwrap();
            let dependency_risk = risks(&graph, &signals(&graph, &off, &stale, &drifting));
            let findings = Findings {
                off: &off,
                stale: &stale,
                drift: &drifting,
                dependency_risk: &dependency_risk,
            };
            let fast = exceptions(&graph, &inputs, max, &findings).unwrap();
            let plain = exceptions_plain(&graph, &inputs, max, &findings).unwrap();
            prop_assert_eq!(fast, plain);
        }
    }
}

// Plain `cfg(test)` here (the feature gate is inside) so that mutation testing
// knows the file for tests.
#[cfg(test)]
#[path = "readout_reference.rs"]
mod reference;

/// The readout against the reference copy of its earlier build (two rollups walked
/// product by product, drift fitted the textbook way, exceptions matched by search),
/// on random portfolios: the same readout, field for field and in the same order, or
/// the same error.
#[cfg(all(test, feature = "serde"))]
mod readout_tests {
    // A malformed fixture should fail the test loudly; fixture dates stay near 2026.
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::inputs::Override;
    use crate::model::{Dependency, DependencyKind};
    use crate::tracking::checkin::{CheckIn, Reading};
    use crate::tracking::staleness::ActionKind;
    use crate::{OkrGraph, PortfolioData};

    const KRS: usize = 9;

    /// Per key result: weights to the two portfolio objectives in hundredths (0: no
    /// edge), its product, a prerequisite among the earlier ones, check-ins (day,
    /// value, confidence in hundredths), progress now and before in hundredths
    /// (`None`: not given), whether it has a plan, is retired, asks for a decision, and
    /// how many delivery items shipped for it.
    type Spec = (
        (u32, u32),
        usize,
        Option<usize>,
        Vec<(i64, i64, i64)>,
        (Option<i64>, Option<i64>),
        (bool, bool, bool),
        usize,
    );

    fn spec() -> impl Strategy<Value = Spec> {
        (
            (0u32..300, prop_oneof![Just(0u32), 1u32..300]),
            0usize..4,
            proptest::option::of(0usize..KRS),
            proptest::collection::vec((0i64..90, 0i64..4, 0i64..101), 0..8),
            (
                proptest::option::weighted(0.97, 0i64..101),
                proptest::option::weighted(0.97, prop_oneof![0i64..101, Just(50i64)]),
            ),
            (
                any::<bool>(),
                proptest::bool::weighted(0.1),
                proptest::bool::weighted(0.2),
            ),
            0usize..5,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(160))]

        #[test]
        fn readout_matches_the_reference_build(
            specs in proptest::collection::vec(spec(), 1..KRS),
            max in 0usize..7,
            day in 20i64..89,
            overrides in 0usize..3,
            cadence in any::<bool>(),
        ) {
            let weight = |w: u32| format!("{}.{:02}", w / 100, w % 100);
            let key_results: Vec<serde_json::Value> = specs
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut edges = vec![json!({ "to": { "objective": "grow" }, "weight": weight(s.0.0.max(1)) })];
                    if s.0.1 > 0 || i == 0 {
                        edges.push(json!({ "to": { "objective": "keep" }, "weight": weight(s.0.1.max(1)) }));
                    }
                    json!({
                        "id": format!("k{i}"), "name": "kr", "tier": "product",
                        "owner": format!("owner{}", i % 3), "product": format!("p{}", s.1),
                        "target": { "metric": "m", "goal": { "increase_to": { "baseline": "0", "target": "3" } } },
                        "contributes_to": edges,
                    })
                })
                .collect();
            let mut data: PortfolioData = serde_json::from_value(json!({
                "policy": { "method": "weighted" },
                "objectives": [
                    { "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" },
                    { "id": "keep", "name": "Keep", "tier": "portfolio", "drivers": "key_results" },
                ],
                "key_results": key_results,
            }))
            .unwrap();
            for (i, s) in specs.iter().enumerate() {
                if let Some(j) = s.2.filter(|j| *j < i) {
                    data.key_results[i].depends_on.push(Dependency::new(
                        NodeId::KeyResult(KeyResultId::new(format!("k{j}")).unwrap()),
                        DependencyKind::Feature,
                        None,
                    ));
                }
            }
            let graph = OkrGraph::new(data).unwrap();
            let period = Period::quarter(2026, 1).unwrap();
            let as_of = period.start() + chrono::Duration::days(day);
            let id = |i: usize| KeyResultId::new(format!("k{i}")).unwrap();
            let mut check_ins = Vec::new();
            for (i, s) in specs.iter().enumerate() {
                let mut days: Vec<i64> = s.3.iter().map(|c| c.0).filter(|d| *d <= day).collect();
                days.sort_unstable();
                days.dedup();
                for (n, d) in days.iter().enumerate() {
                    let (_, value, confidence) = s.3[n];
                    check_ins.push(CheckIn {
                        key_result: id(i),
                        date: period.start() + chrono::Duration::days(*d),
                        reading: Reading::Value(Decimal::from(value)),
                        confidence: Confidence::new(Decimal::new(confidence, 2)).unwrap(),
                        note: String::new(),
                        blocker: None,
                        decision_needed: (s.5.2 && n + 1 == days.len()).then(|| format!("decide k{i}")),
                    });
                }
            }
            let log = CheckInLog::new(&graph, period, as_of, check_ins).unwrap();
            let progress = |pick: &dyn Fn(&Spec) -> Option<i64>| -> BTreeMap<KeyResultId, Progress> {
                specs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| Some((id(i), Progress::new(Decimal::new(pick(s)?, 2)).unwrap())))
                    .collect()
            };
            let mut current = ProgressInputs::new(progress(&|s| s.4.0));
            let mut previous = ProgressInputs::new(progress(&|s| s.4.1.or(s.4.0)));
            let keep = Override {
                node: NodeId::Objective(ObjectiveId::new("grow").unwrap()),
                progress: Progress::new(Decimal::new(1, 1)).unwrap(),
                owner: "lead".parse().unwrap(),
                reason: String::new(),
            };
            // No overrides, the same one in both reviews, or one given now only.
            if overrides >= 1 {
                current.overrides.push(keep.clone());
            }
            if overrides == 1 {
                previous.overrides.push(keep);
            }
            let plans: Vec<RecoveryPlan> = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.5.0)
                .map(|(i, _)| serde_json::from_value(json!({
                    "key_result": format!("k{i}"), "change": "tactic", "owner": "lead",
                    "due": "2026-03-31",
                })).unwrap())
                .collect();
            let actions: Vec<Action> = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.5.1)
                .map(|(i, _)| Action {
                    key_result: id(i),
                    date: period.start(),
                    kind: ActionKind::Retire,
                    actor: "lead".parse().unwrap(),
                    note: String::new(),
                })
                .collect();
            let delivery: Vec<DeliveryItem> = specs
                .iter()
                .enumerate()
                .flat_map(|(i, s)| (0..s.6).map(move |n| (i, n)))
                .map(|(i, n)| DeliveryItem {
                    id: format!("d{i}-{n}"),
                    key_result: id(i),
                    shipped_on: as_of - chrono::Duration::days(i64::try_from(n).unwrap() * 3),
                })
                .collect();
            let mut cadences = BTreeMap::new();
            if cadence {
                cadences.insert(ProductId::new("p0").unwrap(), Cadence::Weekly);
                cadences.insert(ProductId::new("p9").unwrap(), Cadence::Monthly);
            }
            let inputs = ReadoutInputs {
                log: &log,
                current: &current,
                previous: &previous,
                actions: &actions,
                plans: &plans,
                delivery: &delivery,
                cadences: &cadences,
                calibration: &[],
            };
            let policy = ReadoutPolicy { max_exceptions: max, ..ReadoutPolicy::default() };
            let extras = ReadoutExtras::new();
            let fast = readout_with(&graph, inputs, &extras, &policy);
            let plain = reference::readout_plain(&graph, inputs, &extras, &policy);
            prop_assert_eq!(fast, plain);
        }
    }
}
