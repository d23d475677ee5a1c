//! Tracking: check-ins and the policies that read them.
//!
//! - [`checkin`]: validated [`CheckIn`]s per key result; the state at `as_of` is the
//!   latest check-in on or before it.
//! - [`cadence`](mod@cadence): per product, check-ins expected by its declared
//!   [`Cadence`] against those received, and the longest gap.
//! - [`staleness`](mod@staleness): the 14-day stale rule, the owner's 7 days to act, retirement after
//!   3 weeks stale, with retire and escalate as recorded [`Action`]s.
//! - [`off_track`](mod@off_track): confidence below 0.4 once the period is half over, and the
//!   [`RecoveryPlan`] it requires (change the tactic, the target or the resources).
//! - [`calibration`](mod@calibration): end-of-period scores 0..=1, and per owner how far
//!   confidence sat from the score (bias and mean absolute error).
//! - [`drift`](mod@drift): a value that stopped moving, progress behind the pace line, a confidence
//!   trend heading below the threshold, shipping without outcome.
//! - [`dependency`](mod@dependency): goals at risk through a dependency whose
//!   prerequisite is off track, stale or behind pace, with the chain.
//! - [`readout`](mod@readout): the executive readout in the seed's four parts
//!   (scorecard, at-risk exceptions, reallocation requests, strategic questions), a
//!   [`Readout`] with plain-text and Markdown renderings; [`requests`] holds the types
//!   of the last two parts.
//!
//! Every policy is plain data with the seeds' numbers as defaults; no function reads the
//! clock: `as_of` is fixed when the [`CheckInLog`] is built.
//!
//! ```
//! # use folio_okr::{OkrGraph, PortfolioData};
//! # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
//! #   "policy": { "method": "weighted" },
//! #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
//! #   "key_results": [
//! #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
//! #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
//! #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
//! #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" } }] }
//! #   ]
//! # }"#)?)?;
//! use folio_metrics::Scoring;
//! use folio_okr::tracking::{off_track, CheckIn, CheckInLog, OffTrackPolicy};
//! use folio_types::{Decimal, KeyResultId};
//!
//! // Half of 2026-Q1 is over by 14 February.
//! let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
//!   { "key_result": "arr", "date": "2026-02-09", "reading": { "value": "4" }, "confidence": "0.8" },
//!   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
//! ]"#)?;
//! let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
//! // arr: 4 of the way from 0 to 10.
//! let progress = log.progress(&graph, Scoring::Clamped)?;
//! assert_eq!(progress[&KeyResultId::new("arr")?].value(), Decimal::new(4, 1));
//! // nps's owner is 0.3 confident, below 0.4: off track, with no recovery plan yet.
//! let off = off_track(&graph, &log, &[], &OffTrackPolicy::default())?;
//! assert_eq!(off.len(), 1);
//! assert_eq!(off[0].key_result, KeyResultId::new("nps")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cadence;
pub mod calibration;
pub mod checkin;
pub mod dependency;
pub mod drift;
pub mod off_track;
pub mod readout;
pub mod requests;
pub mod staleness;

pub use cadence::{Cadence, CadenceReport, cadence};
pub use calibration::{OwnerCalibration, calibration, score_inputs};
pub use checkin::{CheckIn, CheckInLog, Reading, Update};
pub use dependency::{DependencyRisk, Signal, dependency_risk};
pub use drift::{DeliveryItem, DriftAlert, DriftEvidence, DriftPolicy, DriftRule, drift};
pub use off_track::{OffTrack, OffTrackPolicy, RecoveryChange, RecoveryPlan, off_track};
pub use readout::{
    AtRiskReason, Exception, ObjectiveLine, Readout, ReadoutExtras, ReadoutInputs, ReadoutPolicy,
    Trend, readout, readout_with,
};
pub use requests::{
    CapacityDrain, ReallocationRequest, RequestSource, ResourceShift, ShiftKind, StrategicQuestion,
};
pub use staleness::{Action, ActionKind, Staleness, StalenessPolicy, StalenessReport, staleness};
