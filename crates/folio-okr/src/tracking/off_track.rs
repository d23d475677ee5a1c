//! Off track: low confidence once the period is half over, and the recovery plan it
//! requires.
//!
//! The seeds' rule, with the numbers in [`OffTrackPolicy`]: a key result whose latest
//! confidence is **strictly below 0.4** once **half the period has elapsed**
//! ([`Period::fraction_elapsed`](folio_types::Period::fraction_elapsed) at `as_of` is
//! at least 0.5, counting `as_of` as a full day) is off track. A confidence of exactly
//! 0.4 is not off track; on the day the period reaches one half the rule applies.
//!
//! An off-track key result requires a [`RecoveryPlan`] that changes exactly one thing:
//! the tactic, the target, or the resource allocation ([`RecoveryChange`] has those
//! three variants and no other: there is no "try harder"). A plan has an owner and a
//! due date. An off-track key result without a plan is reported as such.

use std::collections::BTreeMap;

use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, OwnerId, Ratio};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::tracking::checkin::{CheckInLog, state_in};

/// The off-track thresholds. Defaults: confidence below 0.4 from half-way through.
///
/// A policy that exists is valid: [`new`](Self::new) and deserialization check that
/// `from_fraction_elapsed` lies in 0..=1 (a fraction of the period); the fields are
/// private.
///
/// ```
/// use folio_okr::tracking::OffTrackPolicy;
/// use folio_types::{Confidence, Decimal, Ratio};
///
/// let policy = OffTrackPolicy::new(Confidence::new(Decimal::new(5, 1))?, Ratio::from_decimal(Decimal::new(25, 2)))?;
/// assert_eq!(policy.from_fraction_elapsed().to_string(), "0.25");
/// let err = OffTrackPolicy::new(Confidence::ZERO, Ratio::from_decimal(Decimal::new(15, 1))).unwrap_err();
/// assert_eq!(err.to_string(), "invalid off-track policy: from_fraction_elapsed (1.5) must lie in 0..=1");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<OffTrackPolicy>(r#"{"from_fraction_elapsed": "1.5"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The off-track thresholds. Defaults: confidence below 0.4 from half-way through. from_fraction_elapsed lies in 0..=1."
    )
)]
pub struct OffTrackPolicy {
    /// A confidence strictly below this is low.
    confidence_below: Confidence,
    /// The rule applies once this fraction of the period has elapsed (inclusive).
    from_fraction_elapsed: Ratio,
}

impl OffTrackPolicy {
    /// A policy under which a confidence strictly below `confidence_below` is off
    /// track once `from_fraction_elapsed` of the period has elapsed.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `from_fraction_elapsed` unless it lies in 0..=1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::OffTrackPolicy;
    /// use folio_types::{Confidence, Decimal, Ratio};
    ///
    /// let half = Ratio::from_decimal(Decimal::new(5, 1));
    /// let policy = OffTrackPolicy::new(Confidence::new(Decimal::new(4, 1))?, half)?;
    /// assert_eq!(policy, OffTrackPolicy::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(confidence_below: Confidence, from_fraction_elapsed: Ratio) -> crate::Result<Self> {
        let policy = Self {
            confidence_below,
            from_fraction_elapsed,
        };
        policy.validate()?;
        Ok(policy)
    }

    /// A confidence strictly below this is low.
    pub fn confidence_below(&self) -> Confidence {
        self.confidence_below
    }

    /// The rule applies once this fraction of the period has elapsed (inclusive).
    pub fn from_fraction_elapsed(&self) -> Ratio {
        self.from_fraction_elapsed
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> crate::Result<()> {
        let f = self.from_fraction_elapsed.value();
        if f < Decimal::ZERO || f > Decimal::ONE {
            return Err(crate::error::invalid_setting(
                "off-track policy",
                "from_fraction_elapsed",
                format!("({f}) must lie in 0..=1"),
            ));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(OffTrackPolicy);

impl Default for OffTrackPolicy {
    fn default() -> Self {
        Self {
            confidence_below: Confidence::new(Decimal::new(4, 1)).unwrap_or(Confidence::ZERO),
            from_fraction_elapsed: Ratio::from_decimal(Decimal::new(5, 1)),
        }
    }
}

/// The one thing a recovery plan changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RecoveryChange {
    /// Change the tactic: a different way to move the metric.
    Tactic,
    /// Change the target: re-plan what is achievable.
    Target,
    /// Change the resource allocation: more (or different) people or money.
    Resources,
}

/// A plan to bring an off-track key result back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RecoveryPlan {
    /// The key result it recovers.
    pub key_result: KeyResultId,
    /// What it changes.
    pub change: RecoveryChange,
    /// Who is accountable for the plan.
    pub owner: OwnerId,
    /// When the change is to be in place.
    pub due: NaiveDate,
    /// The plan in words.
    #[cfg_attr(feature = "serde", serde(default))]
    pub description: String,
    /// For a plan that changes the resources: from where, what and how much. The
    /// readout turns it into a [`ReallocationRequest`](super::ReallocationRequest).
    /// Optional in JSON.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub resources: Option<super::requests::ResourceShift>,
}

/// An off-track key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OffTrack {
    /// The key result.
    pub key_result: KeyResultId,
    /// Its latest confidence.
    pub confidence: Confidence,
    /// The day that confidence was given.
    pub confidence_date: NaiveDate,
    /// How much of the period had elapsed at `as_of`.
    pub fraction_elapsed: Ratio,
    /// Its recovery plan; `None` means a plan is missing and owed.
    pub plan: Option<RecoveryPlan>,
}

/// The off-track key results at the log's `as_of`, in id order. Before the period is
/// far enough along, none are. Key results without a check-in have no confidence and
/// are left to the staleness rule.
///
/// # Errors
///
/// [`Error::UnknownKeyResult`] for a plan on a key result the graph does not have,
/// [`Error::DuplicateRecoveryPlan`] for two plans on one key result.
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
/// use folio_okr::tracking::{off_track, OffTrackPolicy};
///
/// // 14 February is half-way through Q1; nps (confidence 0.3) is off track, with no plan.
/// let off = off_track(&graph, &log, &[], &OffTrackPolicy::default())?;
/// assert_eq!(off.len(), 1);
/// assert_eq!(off[0].key_result.as_str(), "nps");
/// assert!(off[0].plan.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn off_track(
    graph: &OkrGraph,
    log: &CheckInLog,
    plans: &[RecoveryPlan],
    policy: &OffTrackPolicy,
) -> Result<Vec<OffTrack>> {
    let mut by_key_result: BTreeMap<&KeyResultId, &RecoveryPlan> = BTreeMap::new();
    for plan in plans {
        if graph.key_result(&plan.key_result).is_none() {
            return Err(Error::UnknownKeyResult {
                what: "recovery plan",
                key_result: plan.key_result.clone(),
                date: plan.due,
            });
        }
        if by_key_result.insert(&plan.key_result, plan).is_some() {
            return Err(Error::DuplicateRecoveryPlan {
                key_result: plan.key_result.clone(),
            });
        }
    }
    let fraction_elapsed = log.period().fraction_elapsed(log.as_of())?;
    if fraction_elapsed < policy.from_fraction_elapsed {
        return Ok(Vec::new());
    }
    let as_of = log.as_of();
    Ok(log
        .entries()
        .filter_map(|(id, series)| {
            let state = state_in(series, as_of)?;
            (state.value.confidence < policy.confidence_below).then(|| OffTrack {
                key_result: id.clone(),
                confidence: state.value.confidence,
                confidence_date: state.date,
                fraction_elapsed,
                plan: by_key_result.get(id).map(|plan| (*plan).clone()),
            })
        })
        .collect())
}
