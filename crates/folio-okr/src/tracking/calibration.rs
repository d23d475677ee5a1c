//! End-of-period scoring and scorer calibration.
//!
//! **Scores.** At the end of a period each key result is scored 0.0 to 1.0: its progress
//! capped at 1 (over-achievement scores 1). [`score_inputs`] turns progress into those
//! scores as [`ProgressInputs`], so that objectives are scored by rolling the scores up
//! with the portfolio's own method ([`OkrGraph::rollup`]).
//!
//! **Calibration.** Owners read confidence differently: one writes a cautious 0.7 for
//! a key result they will hit, another an optimistic 0.9 for one they will miss. For
//! each owner, over every check-in of their key results that have a score, the error
//! of a check-in is `confidence - score`:
//!
//! - **bias** is the mean error: positive means optimistic, negative cautious;
//! - **mean absolute error** is the mean of `|error|`: how far off, either way.
//!
//! Each check-in counts once. [`OwnerCalibration::calibrated`] subtracts an owner's bias
//! from a raw confidence, capped to 0..=1 (the cap is the one place a value is clamped,
//! and the method says so), so a readout can show calibrated confidence beside raw.

use std::collections::BTreeMap;

use folio_types::{Confidence, Decimal, KeyResultId, OwnerId, Progress};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::inputs::ProgressInputs;
use crate::tracking::checkin::CheckInLog;

/// End-of-period scores: each key result's progress capped at 1, as rollup inputs.
pub fn score_inputs(progress: &BTreeMap<KeyResultId, Progress>) -> ProgressInputs {
    ProgressInputs::new(progress.iter().map(|(id, p)| (id.clone(), p.clamped())))
}

/// How one owner's confidence compared with the scores their key results earned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OwnerCalibration {
    /// The owner.
    pub owner: OwnerId,
    /// Their key results that have a score and at least one check-in.
    pub key_results: u32,
    /// The check-ins compared.
    pub check_ins: u32,
    /// Mean of `confidence - score`: above zero optimistic, below zero cautious.
    pub bias: Decimal,
    /// Mean of `|confidence - score|`.
    pub mean_absolute_error: Decimal,
}

impl OwnerCalibration {
    /// `raw - bias`, capped to 0..=1: the owner's confidence read on a common scale.
    pub fn calibrated(&self, raw: Confidence) -> Confidence {
        let shifted = raw
            .value()
            .checked_sub(self.bias)
            .unwrap_or(raw.value())
            .clamp(Decimal::ZERO, Decimal::ONE);
        Confidence::new(shifted).unwrap_or(raw)
    }
}

fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "calibrating confidence",
    })
}

/// Calibration per owner, in owner id order, from the check-ins in `log` and each key
/// result's end-of-period `scores` (progress; values above 1 are capped to 1 as scores
/// are). Key results without a score or without check-ins are left out; owners with
/// nothing left are not listed.
///
/// # Errors
///
/// [`Error::UnknownKeyResult`] for a score of a key result the graph does not have;
/// [`Error::Core`] if a sum overflows.
pub fn calibration(
    graph: &OkrGraph,
    log: &CheckInLog,
    scores: &BTreeMap<KeyResultId, Progress>,
) -> Result<Vec<OwnerCalibration>> {
    if let Some(unknown) = scores.keys().find(|id| graph.key_result(id).is_none()) {
        return Err(Error::UnknownKeyResult {
            what: "score",
            key_result: unknown.clone(),
            date: log.as_of(),
        });
    }
    // owner -> (key results, check-ins, sum of errors, sum of absolute errors)
    let mut sums: BTreeMap<&OwnerId, (u32, u32, Decimal, Decimal)> = BTreeMap::new();
    for kr in graph.key_results() {
        let Some(score) = scores.get(&kr.id) else {
            continue;
        };
        let history = log.history(&kr.id);
        if history.is_empty() {
            continue;
        }
        let score = score.clamped().value();
        let entry = sums
            .entry(&kr.owner)
            .or_insert((0, 0, Decimal::ZERO, Decimal::ZERO));
        entry.0 = entry.0.saturating_add(1);
        for check_in in history {
            let error = check_in
                .value
                .confidence
                .value()
                .checked_sub(score)
                .ok_or_else(overflow)?;
            entry.1 = entry.1.saturating_add(1);
            entry.2 = entry.2.checked_add(error).ok_or_else(overflow)?;
            entry.3 = entry.3.checked_add(error.abs()).ok_or_else(overflow)?;
        }
    }
    sums.into_iter()
        .map(|(owner, (key_results, check_ins, errors, absolute))| {
            let n = Decimal::from(check_ins);
            Ok(OwnerCalibration {
                owner: owner.clone(),
                key_results,
                check_ins,
                bias: errors.checked_div(n).ok_or_else(overflow)?.normalize(),
                mean_absolute_error: absolute.checked_div(n).ok_or_else(overflow)?.normalize(),
            })
        })
        .collect()
}
