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
