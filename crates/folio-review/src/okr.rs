//! The OKR sections: the four-part executive readout of a portfolio (scorecard,
//! at-risk exceptions, resource reallocation requests, strategic questions; then off
//! track, stale, drift, dependency risk, cadence), the cascade check (do the goals add
//! up?) and the explanation of each portfolio objective.
//!
//! ```
//! use folio_review::{Inputs, run};
//!
//! // The roadmap reads by objective, then product, then key result.
//! let okr = run(&Inputs::sample()?)?.okr;
//! let keys: Vec<_> = okr.roadmap.iter().map(|r| (&r.objective, &r.product, &r.key_result)).collect();
//! let mut sorted = keys.clone();
//! sorted.sort();
//! assert_eq!(keys, sorted);
//! assert!(!keys.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use folio_metrics::MetricCatalog;
use folio_okr::tracking::{
    Action, Cadence, CapacityDrain, CheckIn, CheckInLog, DeliveryItem, Readout, ReadoutExtras,
    ReadoutInputs, ReallocationRequest, RecoveryPlan, StrategicQuestion, off_track, readout_with,
};
use folio_okr::{
    CascadeInputs, CascadeReport, Explanation, KeyResultData, NodeId, ObjectiveData, ObjectiveTier,
    OkrGraph, PortfolioData, ProgressInputs, cascade_with,
};
use folio_types::{Confidence, KeyResultId, NaiveDate, ObjectiveId, ProductId, Progress};
use serde::Serialize;

use super::input::{ReviewError, Settings};

/// One portfolio's readout, with the arithmetic behind each portfolio objective.
#[derive(Debug, Clone, Serialize)]
pub struct OkrSection {
    /// The monthly readout, computed by folio-okr's tracking (`readout_with`): its
    /// reallocation requests include folio-allocation's recommendations and its
    /// strategic questions the review's own (see [`crate::executive`]).
    pub readout: Readout,
    /// The cascade check with the metric catalog (`folio_okr::cascade_with`): goals
    /// whose contributors' targets do not add up, scorecard goals, late deadlines,
    /// conflicts, the portfolio-size warnings and a SMART check per goal (achievable
    /// reads the off-track key results).
    pub cascade: CascadeReport,
    /// Each portfolio objective's rollup, term by term, in id order.
    pub explanations: Vec<Explanation>,
    /// The roadmap: every measured key result under each portfolio (umbrella) objective
    /// it contributes to, by objective, product and key result.
    pub roadmap: Vec<RoadmapRow>,
}

/// One key result on the portfolio roadmap: where it stands against the umbrella
/// objective it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapRow {
    /// The portfolio (tier 1) objective the key result contributes to, directly or
    /// through product objectives.
    pub objective: ObjectiveId,
    /// The key result's product.
    pub product: ProductId,
    /// The key result.
    pub key_result: KeyResultId,
    /// Its name.
    pub name: String,
    /// Its progress at the review date.
    pub progress: Progress,
    /// Its progress at the previous review (zero when it had no check-in then).
    pub previous: Progress,
    /// Its owner's latest confidence, when a check-in gave one.
    pub confidence: Option<Confidence>,
}

/// The portfolio objectives `start` contributes to, following contributions upwards.
fn umbrellas(portfolio: &PortfolioData, start: &KeyResultData) -> BTreeSet<ObjectiveId> {
    let objectives: BTreeMap<&ObjectiveId, &ObjectiveData> =
        portfolio.objectives.iter().map(|o| (&o.id, o)).collect();
    let key_results: BTreeMap<&KeyResultId, &KeyResultData> =
        portfolio.key_results.iter().map(|k| (&k.id, k)).collect();
    let mut found = BTreeSet::new();
    let mut seen: BTreeSet<NodeId> = BTreeSet::new();
    let mut todo: Vec<&NodeId> = start.contributes_to.iter().map(|c| &c.to).collect();
    // The graph is validated (no cycles), but `seen` keeps the walk finite regardless.
    while let Some(node) = todo.pop() {
        if !seen.insert(node.clone()) {
            continue;
        }
        match node {
            NodeId::Objective(id) => match objectives.get(id) {
                Some(o) if o.tier == ObjectiveTier::Portfolio => {
                    found.insert(id.clone());
                }
                Some(o) => todo.extend(o.contributes_to.iter().map(|c| &c.to)),
                None => {}
            },
            NodeId::KeyResult(id) => {
                if let Some(k) = key_results.get(id) {
                    todo.extend(k.contributes_to.iter().map(|c| &c.to));
                }
            }
        }
    }
    found
}

/// The roadmap rows of every leaf key result that has a progress reading.
fn roadmap(
    portfolio: &PortfolioData,
    current: &ProgressInputs,
    previous: &ProgressInputs,
) -> Vec<RoadmapRow> {
    let mut rows: Vec<RoadmapRow> = portfolio
        .key_results
        .iter()
        .filter_map(|kr| current.progress.get(&kr.id).map(|p| (kr, *p)))
        .flat_map(|(kr, progress)| {
            umbrellas(portfolio, kr)
                .into_iter()
                .map(move |objective| RoadmapRow {
                    objective,
                    product: kr.product.clone(),
                    key_result: kr.id.clone(),
                    name: kr.name.clone(),
                    progress,
                    previous: previous
                        .progress
                        .get(&kr.id)
                        .copied()
                        .unwrap_or(Progress::ZERO),
                    confidence: current.confidence.get(&kr.id).copied(),
                })
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.objective, &a.product, &a.key_result).cmp(&(&b.objective, &b.product, &b.key_result))
    });
    rows
}

/// What tracking reads besides the check-ins; all empty for a portfolio that only
/// reports progress.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extras<'a> {
    pub(crate) plans: &'a [RecoveryPlan],
    pub(crate) actions: &'a [Action],
    pub(crate) delivery: &'a [DeliveryItem],
    pub(crate) cadences: &'a BTreeMap<ProductId, Cadence>,
    /// The metric catalog, for the cascade check's add-up findings.
    pub(crate) catalog: &'a MetricCatalog,
    /// Drained products, for reallocation requests.
    pub(crate) capacity: &'a [CapacityDrain],
    /// The review's own strategic questions, after the generated ones.
    pub(crate) questions: &'a [StrategicQuestion],
    /// Requests raised outside tracking (folio-allocation's recommendations), listed
    /// with the readout's own.
    pub(crate) requests: &'a [ReallocationRequest],
}

/// Validates `portfolio` (errors name `portfolio_file`) and its `check_ins` (errors name
/// `checkins_file`), measures every key result against its target at the review date
/// and at the previous review, and builds the readout.
pub(crate) fn section(
    settings: &Settings,
    portfolio: &PortfolioData,
    portfolio_file: &str,
    check_ins: &[CheckIn],
    checkins_file: &str,
    extras: Extras<'_>,
) -> Result<OkrSection, ReviewError> {
    let graph =
        OkrGraph::new(portfolio.clone()).map_err(|e| ReviewError::new(portfolio_file, e))?;
    let in_checkins = |e: folio_okr::Error| ReviewError::new(checkins_file, e);
    let log_at = |as_of: NaiveDate| {
        let seen = check_ins.iter().filter(|c| c.date <= as_of).cloned();
        CheckInLog::new(&graph, settings.period, as_of, seen).map_err(in_checkins)
    };
    // Every check-in is validated against the review date first, so that one dated
    // after it is reported rather than silently left out of the previous review.
    let log = CheckInLog::new(
        &graph,
        settings.period,
        settings.as_of,
        check_ins.iter().cloned(),
    )
    .map_err(in_checkins)?;
    let previous_log = log_at(settings.previous_review)?;

    let progress = |log: &CheckInLog| {
        log.progress(&graph, settings.scoring)
            .map(ProgressInputs::new)
            .map_err(in_checkins)
    };
    let mut current = progress(&log)?;
    let mut previous = progress(&previous_log)?;
    // A leaf that had no check-in by the previous review counts as not started then.
    for id in current.progress.keys() {
        previous
            .progress
            .entry(id.clone())
            .or_insert(Progress::ZERO);
    }
    current.confidence = current
        .progress
        .keys()
        .filter_map(|id| log.state(id).map(|s| (id.clone(), s.value.confidence)))
        .collect();

    let off =
        off_track(&graph, &log, extras.plans, &settings.readout.off_track).map_err(in_checkins)?;
    let off_nodes: Vec<NodeId> = off
        .iter()
        .map(|o| NodeId::KeyResult(o.key_result.clone()))
        .collect();
    let cascade = cascade_with(
        &graph,
        &CascadeInputs::new()
            .with_catalog(extras.catalog)
            .with_off_track(&off_nodes),
    )
    .map_err(|e| ReviewError::new(portfolio_file, e))?;
    let mut built = readout_with(
        &graph,
        ReadoutInputs {
            log: &log,
            current: &current,
            previous: &previous,
            actions: extras.actions,
            plans: extras.plans,
            delivery: extras.delivery,
            cadences: extras.cadences,
            calibration: &[],
        },
        &ReadoutExtras::new()
            .with_cascade(&cascade)
            .with_capacity(extras.capacity)
            .with_questions(extras.questions),
        &settings.readout,
    )
    .map_err(in_checkins)?;
    add_requests(&mut built, extras.requests);

    let rollup = graph.rollup(&current).map_err(in_checkins)?;
    let mut objectives: Vec<_> = graph
        .objectives()
        .filter(|o| o.tier == ObjectiveTier::Portfolio)
        .map(|o| NodeId::Objective(o.id.clone()))
        .collect();
    objectives.sort();
    let explanations = objectives
        .iter()
        .map(|node| rollup.explain(node).map_err(in_checkins))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OkrSection {
        readout: built,
        cascade,
        explanations,
        roadmap: roadmap(portfolio, &current, &previous),
    })
}

/// Lists `requests` with the readout's own, in the readout's order (by product, then
/// key result, then source).
pub(crate) fn add_requests(readout: &mut Readout, requests: &[ReallocationRequest]) {
    readout.reallocation.extend(requests.iter().cloned());
    readout
        .reallocation
        .sort_by(|a, b| (&a.to, &a.key_result, a.source).cmp(&(&b.to, &b.key_result, b.source)));
}
