//! The OKR sections: the executive readout of a portfolio (scorecard, exceptions, off
//! track, stale, drift, cadence) and the explanation of each portfolio objective.

use std::collections::BTreeMap;

use folio_okr::tracking::{
    Action, Cadence, CheckIn, CheckInLog, DeliveryItem, Readout, ReadoutInputs, RecoveryPlan,
    readout,
};
use folio_okr::{Explanation, NodeId, ObjectiveTier, OkrGraph, PortfolioData, ProgressInputs};
use folio_types::{NaiveDate, ProductId};
use serde::Serialize;

use super::input::{ReviewError, Settings};

/// One portfolio's readout, with the arithmetic behind each portfolio objective.
#[derive(Debug, Clone, Serialize)]
pub struct OkrSection {
    /// The monthly readout, computed by folio-okr's tracking.
    pub readout: Readout,
    /// Each portfolio objective's rollup, term by term, in id order.
    pub explanations: Vec<Explanation>,
}

/// What tracking reads besides the check-ins; all empty for a portfolio that only
/// reports progress.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extras<'a> {
    pub(crate) plans: &'a [RecoveryPlan],
    pub(crate) actions: &'a [Action],
    pub(crate) delivery: &'a [DeliveryItem],
    pub(crate) cadences: &'a BTreeMap<ProductId, Cadence>,
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
            .or_insert(folio_types::Progress::ZERO);
    }
    current.confidence = current
        .progress
        .keys()
        .filter_map(|id| log.state(id).map(|s| (id.clone(), s.value.confidence)))
        .collect();

    let built = readout(
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
        &settings.readout,
    )
    .map_err(in_checkins)?;

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
        explanations,
    })
}
