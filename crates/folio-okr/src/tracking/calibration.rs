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
///
/// ```
/// use std::collections::BTreeMap;
/// use folio_okr::tracking::score_inputs;
/// use folio_types::{KeyResultId, Progress};
///
/// let progress = BTreeMap::from([
///     (KeyResultId::new("arr")?, "1.3".parse::<Progress>()?),
///     (KeyResultId::new("nps")?, "0.4".parse::<Progress>()?),
/// ]);
/// let inputs = score_inputs(&progress);
/// // Over-achievement scores 1; the rest is unchanged.
/// assert_eq!(inputs.progress[&KeyResultId::new("arr")?], Progress::COMPLETE);
/// assert_eq!(inputs.progress[&KeyResultId::new("nps")?], "0.4".parse()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn score_inputs(progress: &BTreeMap<KeyResultId, Progress>) -> ProgressInputs {
    ProgressInputs::new(progress.iter().map(|(id, p)| (id.clone(), p.clamped())))
}

/// How one owner's confidence compared with the scores their key results earned.
///
/// [`calibration`] computes it at the end of a period; a readout of the next period
/// takes it back (see [`ReadoutInputs`](crate::tracking::ReadoutInputs)), so it is
/// also an input: deserializing one runs [`validate`](Self::validate), and so does the
/// readout for every calibration it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
pub struct OwnerCalibration {
    /// The owner.
    pub owner: OwnerId,
    /// Their key results that have a score and at least one check-in.
    pub key_results: u32,
    /// The check-ins compared.
    pub check_ins: u32,
    /// Mean of `confidence - score`: above zero optimistic, below zero cautious.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub bias: Decimal,
    /// Mean of `|confidence - score|`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub mean_absolute_error: Decimal,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(OwnerCalibration);

impl OwnerCalibration {
    /// Checks what [`calibration`] guarantees: at least one key result, at least one
    /// check-in per key result, a mean absolute error in 0..=1 (confidences and scores
    /// are both in 0..=1) and a bias no larger in size than the mean absolute error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCalibration`] naming the owner and the field.
    ///
    /// ```
    /// use folio_okr::tracking::OwnerCalibration;
    ///
    /// let ana: OwnerCalibration = serde_json::from_str(
    ///     r#"{ "owner": "ana", "key_results": 1, "check_ins": 2, "bias": "0.4",
    ///          "mean_absolute_error": "0.4" }"#,
    /// )?;
    /// assert!(ana.validate().is_ok());
    /// // A bias of 0.5 cannot come from errors whose sizes average 0.4.
    /// let skewed = OwnerCalibration { bias: "0.5".parse()?, ..ana };
    /// assert!(skewed.validate().is_err());
    /// assert!(serde_json::from_str::<OwnerCalibration>(
    ///     r#"{ "owner": "ana", "key_results": 1, "check_ins": 2, "bias": "0.5",
    ///          "mean_absolute_error": "0.4" }"#,
    /// ).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        let invalid = |field: &'static str, problem: String| Error::InvalidCalibration {
            owner: self.owner.clone(),
            field,
            problem,
        };
        if self.key_results == 0 {
            return Err(invalid(
                "key_results",
                "must be at least 1: an owner with no scored key result is not listed".into(),
            ));
        }
        if self.check_ins < self.key_results {
            return Err(invalid(
                "check_ins",
                format!(
                    "({}) must be at least key_results ({}): each key result has a check-in",
                    self.check_ins, self.key_results
                ),
            ));
        }
        if self.mean_absolute_error < Decimal::ZERO || self.mean_absolute_error > Decimal::ONE {
            return Err(invalid(
                "mean_absolute_error",
                format!("({}) must be in 0..=1", self.mean_absolute_error),
            ));
        }
        if self.bias.abs() > self.mean_absolute_error {
            return Err(invalid(
                "bias",
                format!(
                    "({}) must be no larger in size than mean_absolute_error ({})",
                    self.bias, self.mean_absolute_error
                ),
            ));
        }
        Ok(())
    }

    /// `raw - bias`, capped to 0..=1: the owner's confidence read on a common scale.
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
    /// #   { "key_result": "arr", "date": "2026-02-02", "reading": { "value": "5" }, "confidence": "0.6" },
    /// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
    /// # ]"#)?;
    /// // arr checked in on 5 January and 2 February, nps on 10 February.
    /// let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
    /// use std::collections::BTreeMap;
    /// use folio_okr::tracking::calibration;
    /// use folio_types::{Confidence, Decimal, KeyResultId};
    ///
    /// let scores = BTreeMap::from([
    ///     (KeyResultId::new("arr")?, "0.3".parse()?),
    ///     (KeyResultId::new("nps")?, "1.2".parse()?),
    /// ]);
    /// let owners = calibration(&graph, &log, &scores)?;
    /// let (ana, lee) = (&owners[0], &owners[1]);
    /// // ana is 0.4 optimistic: a raw 0.9 reads as 0.5.
    /// assert_eq!(ana.calibrated(Confidence::new(Decimal::new(9, 1))?).value(), Decimal::new(5, 1));
    /// // lee is 0.7 cautious: a raw 0.5 reads as 1.2, capped to 1.
    /// assert_eq!(lee.calibrated(Confidence::new(Decimal::new(5, 1))?), Confidence::ONE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
/// #   { "key_result": "arr", "date": "2026-02-02", "reading": { "value": "5" }, "confidence": "0.6" },
/// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
/// # ]"#)?;
/// // arr checked in on 5 January and 2 February, nps on 10 February.
/// let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
/// use std::collections::BTreeMap;
/// use folio_okr::tracking::calibration;
/// use folio_types::{Decimal, KeyResultId};
///
/// let scores = BTreeMap::from([
///     (KeyResultId::new("arr")?, "0.3".parse()?),
///     (KeyResultId::new("nps")?, "1.2".parse()?),
/// ]);
/// let owners = calibration(&graph, &log, &scores)?;
/// // ana (arr): confidence 0.8 and 0.6 against a score of 0.3: errors 0.5 and 0.3.
/// assert_eq!(owners[0].owner.to_string(), "ana");
/// assert_eq!((owners[0].check_ins, owners[0].bias), (2, Decimal::new(4, 1)));
/// // lee (nps): 0.3 against 1.2 capped to 1: -0.7, cautious.
/// assert_eq!(owners[1].bias, Decimal::new(-7, 1));
/// assert_eq!(owners[1].mean_absolute_error, Decimal::new(7, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
