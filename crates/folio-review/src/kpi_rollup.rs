//! The KPI rollup section: a third sample portfolio whose objectives are real metrics
//! (quarterly revenue, NRR). Each leaf key result's reading is its product's value of
//! its target's metric in the quarter, taken from `metrics.json` in the shape the
//! metric's definition needs (a plain value for revenue, a value with its revenue base
//! for NRR), so the figures are the KPI section's, rolled up by folio-okr's KPI engine.
//!
//! The KPI portfolio goes through the same four-part readout as the others
//! (`folio_okr::tracking::readout_with` with its KPI rollups): the scorecard reads the
//! rollup of `quarter` against the rollup of the quarter before, and the strategic
//! questions come from its cascade check (with the metric catalog), which is where the
//! goals that do not add up show: on the sample, the product revenue targets sum to
//! 11.0M under the 11.5M portfolio objective. Its leaves take readings from
//! `metrics.json`, not check-ins, so tracking's check-in rules (staleness, off track,
//! drift, cadence) have nothing to read: the readout is built over an empty check-in
//! log dated `quarter`'s last day, and stale leaves (no check-in by design) are not
//! exceptions of the KPI portfolio. Its exceptions are the key results at risk by
//! another rule, if any.
//!
//! ```
//! use folio_review::{Inputs, run};
//!
//! // kpi.json reads its metrics in 2026-Q3.
//! let rollup = run(&Inputs::sample()?)?.kpi_rollup;
//! assert_eq!(rollup.quarter.to_string(), "2026-Q3");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use folio_okr::tracking::{
    AtRiskReason, CheckInLog, Readout, ReadoutExtras, ReadoutInputs, readout_with,
};
use folio_okr::{
    CascadeInputs, CascadeReport, Explanation, KeyResultData, KpiInputs, MetricReading, NodeId,
    ObjectiveTier, OkrGraph, ProgressInputs, cascade_with,
};
use folio_types::{Decimal, KeyResultId, MetricId, ObjectiveId, Period, Progress};
use serde::Serialize;

use super::input::{Inputs, ReviewError};

/// One portfolio objective of the KPI portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct KpiObjective {
    /// The objective.
    pub objective: ObjectiveId,
    /// Its name.
    pub name: String,
    /// The metric its target measures.
    pub metric: MetricId,
    /// The metric combined over the leaves beneath it, per the metric's definition.
    pub value: Option<Decimal>,
    /// That value measured against the objective's own target.
    pub progress: Progress,
}

/// The KPI rollup section.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRollupSection {
    /// The quarter the readings are taken from.
    pub quarter: Period,
    /// The quarter before, whose readings give the scorecard's previous values; `None`
    /// when `metrics.json` lacks a reading of that quarter for some leaf (then the
    /// scorecard compares the quarter with itself: every trend flat).
    pub previous_quarter: Option<Period>,
    /// The four-part readout of the KPI portfolio (see the module docs).
    pub readout: Readout,
    /// Its cascade check with the metric catalog: goals whose contributors' targets do
    /// not add up, with the numbers.
    pub cascade: CascadeReport,
    /// The reading of every leaf key result, as the rollup received it.
    pub readings: KpiInputs,
    /// Each portfolio objective, in id order.
    pub objectives: Vec<KpiObjective>,
    /// The same objectives' rollups, term by term.
    pub explanations: Vec<Explanation>,
}

/// The key results no other key result contributes to: the ones that take readings.
fn leaves(key_results: &[KeyResultData]) -> Vec<&KeyResultData> {
    let parents: BTreeSet<&KeyResultId> = key_results
        .iter()
        .flat_map(|kr| &kr.contributes_to)
        .filter_map(|edge| match &edge.to {
            NodeId::KeyResult(id) => Some(id),
            NodeId::Objective(_) => None,
        })
        .collect();
    key_results
        .iter()
        .filter(|kr| !parents.contains(&kr.id))
        .collect()
}

/// Rolls the KPI portfolio of `kpi.json` up from the readings in `metrics.json`.
pub(crate) fn section(inputs: &Inputs) -> Result<KpiRollupSection, ReviewError> {
    let file = inputs.file("kpi.json");
    let kpi = &inputs.kpi;
    let catalog = &inputs.metrics.catalog;
    let graph = OkrGraph::new(kpi.portfolio.clone()).map_err(|e| ReviewError::new(&file, e))?;

    let readings = readings_in(inputs, kpi.quarter)?;
    let rollup = graph
        .rollup_kpi(catalog, inputs.settings.scoring, &readings)
        .map_err(|e| ReviewError::new(&file, e))?;
    // A portfolio with one quarter of metrics still gets its readout: without every
    // leaf's reading of the quarter before, there is no previous value to compare.
    let before = kpi
        .quarter
        .previous()
        .ok()
        .and_then(|q| readings_in(inputs, q).ok().map(|r| (q, r)));
    let (previous_quarter, previous) = match before {
        Some((q, r)) => (
            Some(q),
            Some(
                graph
                    .rollup_kpi(catalog, inputs.settings.scoring, &r)
                    .map_err(|e| ReviewError::new(&file, e))?,
            ),
        ),
        None => (None, None),
    };

    let mut portfolio: Vec<_> = graph
        .objectives()
        .filter(|o| o.tier == ObjectiveTier::Portfolio)
        .collect();
    portfolio.sort_by(|a, b| a.id.cmp(&b.id));
    let mut objectives = Vec::with_capacity(portfolio.len());
    let mut explanations = Vec::with_capacity(portfolio.len());
    for objective in portfolio {
        let node = NodeId::Objective(objective.id.clone());
        let Some(target) = &objective.target else {
            return Err(ReviewError::new(
                &file,
                format!("objective {} has no metric target", objective.id),
            ));
        };
        objectives.push(KpiObjective {
            objective: objective.id.clone(),
            name: objective.name.clone(),
            metric: target.metric().clone(),
            value: rollup.metric_value(&node),
            progress: rollup.value(&node).map_or(Progress::ZERO, |v| v.reported),
        });
        explanations.push(
            rollup
                .explain(&node)
                .map_err(|e| ReviewError::new(&file, e))?,
        );
    }
    let cascade = cascade_with(&graph, &CascadeInputs::new().with_catalog(catalog))
        .map_err(|e| ReviewError::new(&file, e))?;
    let log = CheckInLog::new(&graph, kpi.quarter, kpi.quarter.end(), Vec::new())
        .map_err(|e| ReviewError::new(&file, e))?;
    let empty = ProgressInputs::default();
    let cadences = BTreeMap::new();
    let mut readout = readout_with(
        &graph,
        ReadoutInputs {
            log: &log,
            current: &empty,
            previous: &empty,
            actions: &[],
            plans: &[],
            delivery: &[],
            cadences: &cadences,
            calibration: &[],
        },
        &ReadoutExtras::new()
            .with_kpi(&rollup, previous.as_ref().unwrap_or(&rollup))
            .with_cascade(&cascade),
        &inputs.settings.readout,
    )
    .map_err(|e| ReviewError::new(&file, e))?;
    // Leaves read metrics, not check-ins: "stale" says nothing about them.
    readout.stale.clear();
    for e in &mut readout.exceptions {
        e.reasons.retain(|r| *r != AtRiskReason::Stale);
        e.severity = e.reasons.iter().map(|r| r.severity()).max().unwrap_or(0);
    }
    readout.exceptions.retain(|e| !e.reasons.is_empty());
    Ok(KpiRollupSection {
        quarter: kpi.quarter,
        previous_quarter,
        readout,
        cascade,
        readings,
        objectives,
        explanations,
    })
}

/// Every leaf's reading in `quarter`, from `metrics.json`.
fn readings_in(inputs: &Inputs, quarter: Period) -> Result<KpiInputs, ReviewError> {
    let file = inputs.file("kpi.json");
    let kpi = &inputs.kpi;
    let catalog = &inputs.metrics.catalog;
    let observations = &inputs.metrics.observations;
    let mut by_metric = BTreeMap::new();
    let mut readings = BTreeMap::new();
    for kr in leaves(&kpi.portfolio.key_results) {
        let Some(target) = &kr.target else {
            return Err(ReviewError::new(
                &file,
                format!("key result {} has no metric target to read", kr.id),
            ));
        };
        let metric = target.metric();
        if !by_metric.contains_key(metric) {
            let found = observations
                .readings(catalog, metric, quarter)
                .map_err(|e| ReviewError::new(inputs.file("metrics.json"), e))?;
            by_metric.insert(metric.clone(), found);
        }
        let reading = by_metric
            .get(metric)
            .and_then(|found| found.iter().find(|r| r.product == kr.product))
            .ok_or_else(|| {
                ReviewError::new(
                    inputs.file("metrics.json"),
                    format!(
                        "no {metric} value for product {} in {}, which key result {} of kpi.json reads",
                        kr.product, quarter, kr.id
                    ),
                )
            })?;
        readings.insert(
            kr.id.clone(),
            MetricReading {
                date: reading.date,
                reading: reading.reading,
            },
        );
    }
    let readings = KpiInputs {
        readings,
        overrides: Vec::new(),
    };
    Ok(readings)
}
