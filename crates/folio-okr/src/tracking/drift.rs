//! Drift: early signs that a key result is heading off track, before the mid-period
//! confidence rule can fire.
//!
//! Four rules, each an alert that names the rule and carries its evidence; the numbers
//! are fields of [`DriftPolicy`]:
//!
//! - **not moving** ([`DriftRule::NotMoving`]): the reported value (or milestone flag)
//!   has not changed for at least 14 days although the owner kept checking in. (No
//!   check-in at all is staleness, not drift.) A key result already met is not
//!   drifting when its value holds still: a milestone reported done, or a value its
//!   target accepts (a `stay_below` value within its limit, an `increase_to` value at
//!   or past its target), by folio-metrics'
//!   [`Target::is_met`](folio_metrics::Target::is_met).
//! - **behind pace** ([`DriftRule::BehindPace`]): progress is below the linear pace line
//!   by more than the margin (default 0.10): `progress < fraction_elapsed - margin`,
//!   strictly. The pace line runs from 0 at the period's start to 1 at its end, with
//!   `as_of` counted as a full day.
//! - **confidence trend** ([`DriftRule::ConfidenceTrend`]): a least-squares line through
//!   the confidences of the check-ins of the last 42 days (at least 3 of them), with x
//!   in days, projected to the period's last day, lands strictly below the threshold
//!   (default 0.4). This is what flags a key result sliding from 0.8 to 0.6 in the first
//!   three weeks, long before the mid-period rule.
//! - **activity without outcome** ([`DriftRule::ActivityWithoutOutcome`]): at least 3
//!   delivery items tied to the key result shipped in the last 30 days while its value
//!   did not move in that window.
//!
//! The regression is exact [`Decimal`] arithmetic, checked; its slope and projection
//! round at 28 significant digits.

use std::collections::BTreeMap;

use chrono::{Datelike, Days};
use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, Progress, Ratio, Series};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::tracking::checkin::{CheckInLog, InOrder, Reading, Update};

/// The drift thresholds. The defaults follow the seeds (14 days, linear pace, the 0.4
/// confidence threshold); the windows are this crate's choice.
///
/// A policy that exists is valid: the `with_*` methods and deserialization check that
/// `pace_margin` lies in 0..=1, that `unmoved_days`, `trend_window_days` and
/// `delivery_window_days` are at least 1, and that `trend_min_points` is at least 2 (a
/// trend needs two points); the fields are private.
///
/// ```
/// use folio_okr::tracking::DriftPolicy;
/// use folio_types::{Decimal, Ratio};
///
/// let policy = DriftPolicy::default().with_trend(28, 4)?;
/// assert_eq!((policy.trend_window_days(), policy.trend_min_points()), (28, 4));
/// let err = policy.with_trend(28, 1).unwrap_err();
/// assert_eq!(err.to_string(), "invalid drift policy: trend_min_points (1) must be at least 2: a trend needs two points");
/// assert!(policy.with_pace_margin(Ratio::from_decimal(Decimal::new(-1, 1))).is_err());
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<DriftPolicy>(r#"{"pace_margin": "-0.1"}"#).is_err());
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
        description = "The drift thresholds. The defaults follow the seeds (14 days, linear pace, the 0.4\nconfidence threshold); the windows are this crate's choice. pace_margin lies in 0..=1, the windows are at least 1 day and trend_min_points is at least 2."
    )
)]
pub struct DriftPolicy {
    /// Days without a change in the reported value that count as not moving.
    unmoved_days: u32,
    /// How far below the pace line progress may fall before it is drift.
    pace_margin: Ratio,
    /// The confidence the trend is projected against (strictly below fires).
    confidence_threshold: Confidence,
    /// Check-ins of the last this-many days feed the confidence trend.
    trend_window_days: u32,
    /// The fewest check-ins in the window for a trend.
    trend_min_points: u32,
    /// The window, in days, over which delivery items are counted.
    delivery_window_days: u32,
    /// The fewest shipped items that count as activity.
    delivery_min_items: u32,
}

impl DriftPolicy {
    /// The same policy with `unmoved_days`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `unmoved_days` if it is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::DriftPolicy;
    ///
    /// assert_eq!(DriftPolicy::default().with_unmoved_days(7)?.unmoved_days(), 7);
    /// assert!(DriftPolicy::default().with_unmoved_days(0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_unmoved_days(self, unmoved_days: u32) -> crate::Result<Self> {
        Self {
            unmoved_days,
            ..self
        }
        .validated()
    }

    /// The same policy with the pace margin `pace_margin`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `pace_margin` unless it lies in 0..=1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::DriftPolicy;
    /// use folio_types::{Decimal, Ratio};
    ///
    /// let policy = DriftPolicy::default().with_pace_margin(Ratio::from_decimal(Decimal::new(2, 1)))?;
    /// assert_eq!(policy.pace_margin().to_string(), "0.2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_pace_margin(self, pace_margin: Ratio) -> crate::Result<Self> {
        Self {
            pace_margin,
            ..self
        }
        .validated()
    }

    /// The same policy with the confidence the trend is projected against. Every
    /// confidence is a valid threshold.
    ///
    /// ```
    /// use folio_okr::tracking::DriftPolicy;
    /// use folio_types::{Confidence, Decimal};
    ///
    /// let half = Confidence::new(Decimal::new(5, 1))?;
    /// assert_eq!(DriftPolicy::default().with_confidence_threshold(half).confidence_threshold(), half);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_confidence_threshold(self, confidence_threshold: Confidence) -> Self {
        Self {
            confidence_threshold,
            ..self
        }
    }

    /// The same policy with the confidence-trend window and the fewest check-ins in it.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `trend_window_days` if it is 0, or `trend_min_points` if it is below 2.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::DriftPolicy;
    ///
    /// assert_eq!(DriftPolicy::default().with_trend(21, 2)?.trend_window_days(), 21);
    /// assert!(DriftPolicy::default().with_trend(0, 3).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_trend(self, trend_window_days: u32, trend_min_points: u32) -> crate::Result<Self> {
        Self {
            trend_window_days,
            trend_min_points,
            ..self
        }
        .validated()
    }

    /// The same policy with the delivery window and the fewest shipped items in it
    /// that count as activity.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `delivery_window_days` if it is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::DriftPolicy;
    ///
    /// assert_eq!(DriftPolicy::default().with_delivery(14, 2)?.delivery_min_items(), 2);
    /// assert!(DriftPolicy::default().with_delivery(0, 2).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_delivery(
        self,
        delivery_window_days: u32,
        delivery_min_items: u32,
    ) -> crate::Result<Self> {
        Self {
            delivery_window_days,
            delivery_min_items,
            ..self
        }
        .validated()
    }

    fn validated(self) -> crate::Result<Self> {
        self.validate()?;
        Ok(self)
    }

    /// Days without a change in the reported value that count as not moving.
    pub fn unmoved_days(&self) -> u32 {
        self.unmoved_days
    }

    /// How far below the pace line progress may fall before it is drift.
    pub fn pace_margin(&self) -> Ratio {
        self.pace_margin
    }

    /// The confidence the trend is projected against (strictly below fires).
    pub fn confidence_threshold(&self) -> Confidence {
        self.confidence_threshold
    }

    /// Check-ins of the last this-many days feed the confidence trend.
    pub fn trend_window_days(&self) -> u32 {
        self.trend_window_days
    }

    /// The fewest check-ins in the window for a trend.
    pub fn trend_min_points(&self) -> u32 {
        self.trend_min_points
    }

    /// The window, in days, over which delivery items are counted.
    pub fn delivery_window_days(&self) -> u32 {
        self.delivery_window_days
    }

    /// The fewest shipped items that count as activity.
    pub fn delivery_min_items(&self) -> u32 {
        self.delivery_min_items
    }

    /// Checks the rules listed on the type. Deserialization runs this check.
    fn validate(&self) -> crate::Result<()> {
        let invalid =
            |field, problem| crate::error::invalid_setting("drift policy", field, problem);
        let margin = self.pace_margin.value();
        if margin < Decimal::ZERO || margin > Decimal::ONE {
            return Err(invalid(
                "pace_margin",
                format!("({margin}) must lie in 0..=1"),
            ));
        }
        for (field, days) in [
            ("unmoved_days", self.unmoved_days),
            ("trend_window_days", self.trend_window_days),
            ("delivery_window_days", self.delivery_window_days),
        ] {
            if days == 0 {
                return Err(invalid(field, "(0) must be at least 1".to_owned()));
            }
        }
        if self.trend_min_points < 2 {
            return Err(invalid(
                "trend_min_points",
                format!(
                    "({}) must be at least 2: a trend needs two points",
                    self.trend_min_points
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(DriftPolicy);

impl Default for DriftPolicy {
    fn default() -> Self {
        Self {
            unmoved_days: 14,
            pace_margin: Ratio::from_decimal(Decimal::new(1, 1)),
            confidence_threshold: Confidence::new(Decimal::new(4, 1)).unwrap_or(Confidence::ZERO),
            trend_window_days: 42,
            trend_min_points: 3,
            delivery_window_days: 30,
            delivery_min_items: 3,
        }
    }
}

/// A shipped piece of delivery work (a feature, a closed epic) tied to a key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct DeliveryItem {
    /// The item's id in the delivery tool.
    pub id: String,
    /// The key result it is meant to move.
    pub key_result: KeyResultId,
    /// The day it shipped.
    pub shipped_on: NaiveDate,
}

/// Which drift rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DriftRule {
    /// The value has not moved although check-ins continued.
    NotMoving,
    /// Progress is behind the linear pace line.
    BehindPace,
    /// The confidence trend is projected below the threshold by period end.
    ConfidenceTrend,
    /// Delivery items ship while the value does not move.
    ActivityWithoutOutcome,
}

/// The evidence behind a drift alert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DriftEvidence {
    /// For [`DriftRule::NotMoving`].
    NotMoving {
        /// The last day the value changed (or was first reported).
        last_change: NaiveDate,
        /// Days since then.
        days_unmoved: u32,
        /// Check-ins since then that reported the same value.
        check_ins_since: u32,
    },
    /// For [`DriftRule::BehindPace`].
    BehindPace {
        /// The key result's progress.
        progress: Progress,
        /// Where the pace line is at `as_of`.
        expected: Ratio,
    },
    /// For [`DriftRule::ConfidenceTrend`].
    ConfidenceTrend {
        /// The (date, confidence) points the line was fitted to.
        points: Vec<(NaiveDate, Confidence)>,
        /// The fitted slope, confidence per day.
        slope_per_day: Decimal,
        /// The line's value on the period's last day.
        projected_at_end: Decimal,
    },
    /// For [`DriftRule::ActivityWithoutOutcome`].
    ActivityWithoutOutcome {
        /// The items shipped in the window, in date then id order.
        items: Vec<String>,
        /// The first day of the window.
        window_start: NaiveDate,
        /// The last day the value changed.
        value_unchanged_since: NaiveDate,
    },
}

/// One drift alert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DriftAlert {
    /// The key result.
    pub key_result: KeyResultId,
    /// The rule that fired.
    pub rule: DriftRule,
    /// What made it fire.
    pub evidence: DriftEvidence,
    /// The alert in one sentence.
    pub message: String,
}

pub(super) fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "fitting a confidence trend",
    })
}

pub(super) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

pub(super) fn days_u32(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from(days_between(from, to).max(0)).unwrap_or(u32::MAX)
}

pub(super) fn window_start(as_of: NaiveDate, days: u32) -> NaiveDate {
    // The window is the `days` days ending on `as_of`.
    as_of
        .checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
        .unwrap_or(NaiveDate::MIN)
}

/// The day the reading last changed, and how many check-ins followed it.
pub(super) fn last_reading_change(
    history: &[folio_types::Observation<Update>],
) -> Option<(NaiveDate, u32)> {
    // The last check-in whose reading differs from the one before it, else the first.
    let change = history
        .windows(2)
        .rev()
        .find_map(|pair| match pair {
            [a, b] if a.value.reading != b.value.reading => Some(b.date),
            _ => None,
        })
        .or_else(|| history.first().map(|o| o.date))?;
    // The history is in date order: the check-ins after `change` are its tail.
    let after = history
        .len()
        .saturating_sub(history.partition_point(|o| o.date <= change));
    Some((change, u32::try_from(after).unwrap_or(u32::MAX)))
}

/// Whether the latest reading meets the key result's target: a milestone done, or a
/// value the target accepts. Without a target, only a done milestone counts as met.
pub(super) fn is_met(
    kr: &crate::model::KeyResultData,
    history: &[folio_types::Observation<Update>],
) -> bool {
    let Some(latest) = history.last() else {
        return false;
    };
    match latest.value.reading {
        Reading::Done(done) => done,
        Reading::Value(value) => kr
            .target
            .as_ref()
            .is_some_and(|target| target.is_met(value).unwrap_or(false)),
    }
}

/// The most points, and the largest day number, [`fit_exact`] takes on.
const EXACT_LIMIT: i128 = 1_000;

/// [`fit`]'s answer computed exactly in integers, for the common case: at most
/// [`EXACT_LIMIT`] points, days within ±[`EXACT_LIMIT`], confidences of at most six
/// decimal places within ±1. `None` outside that case, or when either rounded figure
/// lies within a thousandth of its last unit of a rounding midpoint.
///
/// [`fit`]'s `Decimal` steps round at 28 significant digits; within this case their
/// error stays many orders of magnitude below a thousandth of the last published
/// digit, so wherever the exact value is further than that from a midpoint both round
/// to the same digits, and the exact ones are returned without the 60-odd `Decimal`
/// operations of a fit. With x in days and y scaled by 10^6 (`n` points):
///
/// - `d = n Σx² - (Σx)²` (n times the sum of squares about the mean),
/// - `c = n Σxy - Σx Σy` (n times the cross sum, scaled),
/// - slope x 10^8 = `100 c / d`,
/// - value at `at` x 10^6 = `(Σy d + c (n at - Σx)) / (n d)`.
fn fit_exact(points: &[(i64, Decimal)], at: i64) -> Option<(Decimal, Decimal)> {
    let n = i128::try_from(points.len()).ok()?;
    let at = i128::from(at);
    if !(2..=EXACT_LIMIT).contains(&n) || at.abs() > EXACT_LIMIT {
        return None;
    }
    let (mut sx, mut sxx, mut sy, mut sxy) = (0i128, 0i128, 0i128, 0i128);
    for &(x, y) in points {
        let x = i128::from(x);
        if x.abs() > EXACT_LIMIT || y.scale() > 6 {
            return None;
        }
        // y in millionths: within ±1 exactly when within ±10^6.
        let y = y
            .mantissa()
            .checked_mul(10i128.checked_pow(6u32.checked_sub(y.scale())?)?)?;
        if y.abs() > 1_000_000 {
            return None;
        }
        sx = sx.checked_add(x)?;
        sxx = sxx.checked_add(x.checked_mul(x)?)?;
        sy = sy.checked_add(y)?;
        sxy = sxy.checked_add(x.checked_mul(y)?)?;
    }
    let d = n.checked_mul(sxx)?.checked_sub(sx.checked_mul(sx)?)?;
    if d <= 0 {
        return None;
    }
    let c = n.checked_mul(sxy)?.checked_sub(sx.checked_mul(sy)?)?;
    let slope = round_far_from_midpoint(c.checked_mul(100)?, d)?;
    let value = sy
        .checked_mul(d)?
        .checked_add(c.checked_mul(n.checked_mul(at)?.checked_sub(sx)?)?)?;
    let projected = round_far_from_midpoint(value, n.checked_mul(d)?)?;
    Some((
        Decimal::try_from_i128_with_scale(projected, 6)
            .ok()?
            .normalize(),
        Decimal::try_from_i128_with_scale(slope, 8)
            .ok()?
            .normalize(),
    ))
}

/// `num / den` (`den` positive) rounded to the nearest integer, or `None` when the
/// quotient lies within a thousandth of a midpoint between two integers.
fn round_far_from_midpoint(num: i128, den: i128) -> Option<i128> {
    let whole = num.checked_div_euclid(den)?;
    let rest = num.checked_rem_euclid(den)?;
    // |rest / den - 1/2| > 1/1000, in integers.
    let off = rest.checked_mul(2)?.checked_sub(den)?;
    if off.checked_abs()?.checked_mul(500)? <= den {
        return None;
    }
    if off < 0 {
        Some(whole)
    } else {
        whole.checked_add(1)
    }
}

/// Least squares through `(x, y)`: the line's value at `at`, and its slope.
pub(super) fn fit(points: &[(i64, Decimal)], at: i64) -> Result<Option<(Decimal, Decimal)>> {
    let n = Decimal::from(points.len());
    if points.len() < 2 {
        return Ok(None);
    }
    if let Some(line) = fit_exact(points, at) {
        return Ok(Some(line));
    }
    // The same checked operations in the same order as a textbook two-pass fit; each
    // point's distance from the mean x is computed once for both sums.
    let mut sum_x = Decimal::ZERO;
    let mut sum_y = Decimal::ZERO;
    for p in points {
        sum_x = sum_x.checked_add(Decimal::from(p.0)).ok_or_else(overflow)?;
    }
    for p in points {
        sum_y = sum_y.checked_add(p.1).ok_or_else(overflow)?;
    }
    let mean_x = sum_x.checked_div(n).ok_or_else(overflow)?;
    let mean_y = sum_y.checked_div(n).ok_or_else(overflow)?;
    let dx = |x: i64| Decimal::from(x).checked_sub(mean_x).ok_or_else(overflow);
    let mut sxx = Decimal::ZERO;
    let mut sxy = Decimal::ZERO;
    let mut sxy_error = None;
    for p in points {
        let d = dx(p.0)?;
        sxx = sxx
            .checked_add(d.checked_mul(d).ok_or_else(overflow)?)
            .ok_or_else(overflow)?;
        // The cross sum is only wanted once the squares sum is known to be non-zero:
        // its first failure is kept and reported after that check, as it always was.
        if sxy_error.is_none() {
            let term =
                p.1.checked_sub(mean_y)
                    .and_then(|dy| d.checked_mul(dy))
                    .and_then(|t| sxy.checked_add(t));
            match term {
                Some(t) => sxy = t,
                None => sxy_error = Some(overflow()),
            }
        }
    }
    if sxx.is_zero() {
        return Ok(None);
    }
    if let Some(error) = sxy_error {
        return Err(error);
    }
    let slope = sxy.checked_div(sxx).ok_or_else(overflow)?;
    let projected = slope
        .checked_mul(dx(at)?)
        .and_then(|v| v.checked_add(mean_y))
        .ok_or_else(overflow)?;
    Ok(Some((
        projected.round_dp(6).normalize(),
        slope.round_dp(8).normalize(),
    )))
}

/// The drift alerts at the log's `as_of`, by key result id, then rule.
///
/// `progress` gives each key result's progress for the pace rule (key results without
/// an entry are not checked against the pace line); `delivery` lists shipped items.
///
/// # Errors
///
/// [`Error::UnknownKeyResult`] for a delivery item or progress entry naming a key
/// result the graph does not have; [`Error::Core`] if the regression overflows.
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
/// use folio_metrics::Scoring;
/// use folio_okr::tracking::{drift, DriftPolicy, DriftRule};
///
/// let progress = log.progress(&graph, Scoring::Clamped)?;
/// let alerts = drift(&graph, &log, &progress, &[], &DriftPolicy::default())?;
/// // Half-way through, arr at 0.2 and nps at 0.3 are both below 0.5 - 0.1.
/// assert!(alerts.iter().all(|a| a.rule == DriftRule::BehindPace));
/// assert_eq!(alerts.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn drift(
    graph: &OkrGraph,
    log: &CheckInLog,
    progress: &BTreeMap<KeyResultId, Progress>,
    delivery: &[DeliveryItem],
    policy: &DriftPolicy,
) -> Result<Vec<DriftAlert>> {
    let as_of = log.as_of();
    let period = log.period();
    let mut shipped: BTreeMap<&KeyResultId, Vec<&DeliveryItem>> = BTreeMap::new();
    for item in delivery {
        if graph.key_result(&item.key_result).is_none() {
            return Err(Error::UnknownKeyResult {
                what: "delivery item",
                key_result: item.key_result.clone(),
                date: item.shipped_on,
            });
        }
        shipped.entry(&item.key_result).or_default().push(item);
    }
    // Both are in id order: the first progress entry the graph lacks is found by
    // walking them alongside, not by a search per entry.
    let mut known = graph.key_results().map(|kr| &kr.id).peekable();
    let unknown = progress.keys().find(|id| {
        while known.next_if(|k| *k < *id).is_some() {}
        known.next_if(|k| *k == *id).is_none()
    });
    if let Some(unknown) = unknown {
        return Err(Error::UnknownKeyResult {
            what: "progress entry",
            key_result: unknown.clone(),
            date: as_of,
        });
    }
    let expected = period.fraction_elapsed(as_of)?;
    let pace_floor = expected
        .value()
        .checked_sub(policy.pace_margin.value())
        .ok_or_else(overflow)?;
    // The graph keeps its key results in a map by id: already in id order.
    let key_results = graph.key_results();
    // The key results are in increasing id order, so the log and the progress map are
    // walked alongside, not searched for each.
    let mut logged = log.cursor();
    let mut measured = InOrder::new(progress);
    let mut alerts = Vec::new();
    // What every alert of a rule says after its own numbers, written once.
    let pace_tail = format!(
        " is behind the pace line at {} by more than {}",
        expected.value().round_dp(4).normalize(),
        policy.pace_margin
    );
    let trend_tail = format!(
        " by {} (below {})",
        period.end(),
        policy.confidence_threshold
    );
    let from = window_start(as_of, policy.trend_window_days);
    let at = days_between(period.start(), period.end());
    let start_day = i64::from(period.start().num_days_from_ce());
    let mut xs: Vec<(i64, Decimal)> = Vec::new();
    for kr in key_results {
        let id = &kr.id;
        let history = logged.get(id).map_or(&[][..], Series::as_slice);
        let last_change = last_reading_change(history);

        let met = is_met(kr, history);
        if let Some((change, check_ins_since)) = last_change {
            let days_unmoved = days_u32(change, as_of);
            if !met && check_ins_since > 0 && days_unmoved >= policy.unmoved_days {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::NotMoving,
                    message: format!(
                        "the value has not moved for {days_unmoved} days ({check_ins_since} check-in(s) since {change} reported the same value)"
                    ),
                    evidence: DriftEvidence::NotMoving {
                        last_change: change,
                        days_unmoved,
                        check_ins_since,
                    },
                });
            }
        }

        if let Some(p) = measured.get(id) {
            if p.value() < pace_floor {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::BehindPace,
                    message: format!("progress {}{pace_tail}", p.value().round_dp(4).normalize()),
                    evidence: DriftEvidence::BehindPace {
                        progress: *p,
                        expected,
                    },
                });
            }
        }

        // The history is in date order: the window is found by a search, not a scan.
        let window = history
            .get(history.partition_point(|o| o.date < from)..)
            .unwrap_or(&[]);
        let recent = window.iter().filter(|o| o.date <= as_of);
        xs.clear();
        // Days from the period's start, by day numbers (the same count as
        // `days_between`, without building a duration).
        xs.extend(recent.clone().map(|o| {
            let day = i64::from(o.date.num_days_from_ce()).saturating_sub(start_day);
            (day, o.value.confidence.value())
        }));
        if u32::try_from(xs.len()).unwrap_or(u32::MAX) >= policy.trend_min_points {
            if let Some((projected, slope)) = fit(&xs, at)? {
                if projected < policy.confidence_threshold.value() {
                    alerts.push(DriftAlert {
                        key_result: id.clone(),
                        rule: DriftRule::ConfidenceTrend,
                        message: format!("confidence is trending to {projected}{trend_tail}"),
                        evidence: DriftEvidence::ConfidenceTrend {
                            points: recent.map(|o| (o.date, o.value.confidence)).collect(),
                            slope_per_day: slope,
                            projected_at_end: projected,
                        },
                    });
                }
            }
        }

        let start = window_start(as_of, policy.delivery_window_days);
        let mut items: Vec<&DeliveryItem> = shipped
            .get(id)
            .map(|items| {
                items
                    .iter()
                    .copied()
                    .filter(|i| i.shipped_on >= start && i.shipped_on <= as_of)
                    .collect()
            })
            .unwrap_or_default();
        items.sort_by(|a, b| (a.shipped_on, &a.id).cmp(&(b.shipped_on, &b.id)));
        if let Some((change, _)) = last_change {
            let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
            if count >= policy.delivery_min_items && change < start {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::ActivityWithoutOutcome,
                    message: format!(
                        "shipped {count} items tied to this key result in the last {} days; the value has not moved since {change}",
                        policy.delivery_window_days
                    ),
                    evidence: DriftEvidence::ActivityWithoutOutcome {
                        items: items.iter().map(|i| i.id.clone()).collect(),
                        window_start: start,
                        value_unchanged_since: change,
                    },
                });
            }
        }
    }
    Ok(alerts)
}

/// The exact fit's documented case and its rounding, checked on values worked by hand.
#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn points(list: &[(i64, &str)]) -> Vec<(i64, Decimal)> {
        list.iter().map(|&(x, y)| (x, d(y))).collect()
    }

    #[test]
    fn rounding_is_to_the_nearest_integer_away_from_midpoints() {
        // 3.502 and 3.498 round to 4 and 3; -3.502 and -3.498 to -4 and -3.
        assert_eq!(round_far_from_midpoint(3502, 1000), Some(4));
        assert_eq!(round_far_from_midpoint(3498, 1000), Some(3));
        assert_eq!(round_far_from_midpoint(-3502, 1000), Some(-4));
        assert_eq!(round_far_from_midpoint(-3498, 1000), Some(-3));
        assert_eq!(round_far_from_midpoint(12, 4), Some(3));
        assert_eq!(round_far_from_midpoint(-12, 4), Some(-3));
        // On a midpoint, or within a thousandth of one (3.501 is exactly that far),
        // there is no answer.
        assert_eq!(round_far_from_midpoint(7, 2), None);
        assert_eq!(round_far_from_midpoint(-7, 2), None);
        assert_eq!(round_far_from_midpoint(3501, 1000), None);
        assert_eq!(round_far_from_midpoint(3499, 1000), None);
    }

    #[test]
    fn the_exact_fit_gives_the_rounded_line() {
        // Days 4, 11, 18 at 0.8, 0.7, 0.6: n = 3, Σx = 33, Σx² = 461, so
        // d = 3 x 461 - 33² = 294; Σy = 2.1, Σxy = 21.7, so c/10^6 = 65.1 - 69.3 = -4.2.
        // Slope -4.2 / 294 = -1/70 = -0.0142857142...; on day 89 the line reads
        // 0.7 + (89 - 11) x (-1/70) = -0.4142857142...
        let sliding = points(&[(4, "0.8"), (11, "0.7"), (18, "0.6")]);
        let line = Some((d("-0.414286"), d("-0.01428571")));
        assert_eq!(fit_exact(&sliding, 89), line);
        assert_eq!(fit(&sliding, 89).unwrap(), line);
        // The same confidences written with seven places are outside the exact case:
        // the `Decimal` fit gives the same digits.
        let long = points(&[(4, "0.8000000"), (11, "0.7000000"), (18, "0.6000000")]);
        assert_eq!(fit_exact(&long, 89), None);
        assert_eq!(fit(&long, 89).unwrap(), line);
        // A rising pair: slope 0.000002 a day, 0.000005 on day 2.
        let rising = points(&[(0, "0.000001"), (1, "0.000003")]);
        let up = Some((d("0.000005"), d("0.000002")));
        assert_eq!(fit_exact(&rising, 2), up);
        assert_eq!(fit(&rising, 2).unwrap(), up);
    }

    #[test]
    fn the_exact_case_has_the_documented_bounds() {
        let flat = |xs: std::ops::RangeInclusive<i64>| -> Vec<(i64, Decimal)> {
            xs.map(|x| (x, d("0.5"))).collect()
        };
        let level = Some((d("0.5"), Decimal::ZERO));
        // At most 1000 points.
        assert_eq!(fit_exact(&flat(-500..=499), 0), level);
        assert_eq!(fit_exact(&flat(-500..=500), 0), None);
        assert_eq!(fit(&flat(-500..=500), 0).unwrap(), level);
        // Fewer than two points, or two on one day, make no line.
        assert_eq!(fit_exact(&flat(3..=3), 0), None);
        assert_eq!(fit(&flat(3..=3), 0).unwrap(), None);
        assert_eq!(fit(&[], 0).unwrap(), None);
        assert_eq!(fit_exact(&points(&[(3, "0.5"), (3, "0.6")]), 0), None);
        assert_eq!(fit(&points(&[(3, "0.5"), (3, "0.6")]), 0).unwrap(), None);
        // Days, and the day projected to, within ±1000.
        let edge = points(&[(0, "0.5"), (1000, "0.5")]);
        assert_eq!(fit_exact(&edge, 1000), level);
        assert_eq!(fit_exact(&edge, -1000), level);
        assert_eq!(fit_exact(&edge, 1001), None);
        assert_eq!(fit_exact(&edge, -1001), None);
        assert_eq!(fit(&edge, 1001).unwrap(), level);
        assert_eq!(fit_exact(&points(&[(-1000, "0.5"), (0, "0.5")]), 0), level);
        let far = points(&[(0, "0.5"), (1001, "0.5")]);
        assert_eq!(fit_exact(&far, 0), None);
        assert_eq!(fit(&far, 0).unwrap(), level);
        assert_eq!(fit_exact(&points(&[(-1001, "0.5"), (0, "0.5")]), 0), None);
        // Values within ±1: from 1 on day 0 to -1 on day 1, -3 on day 2.
        let steep = Some((d("-3"), d("-2")));
        assert_eq!(fit_exact(&points(&[(0, "1"), (1, "-1")]), 2), steep);
        assert_eq!(fit(&points(&[(0, "1"), (1, "-1")]), 2).unwrap(), steep);
        assert_eq!(fit_exact(&points(&[(0, "1.000001"), (1, "0")]), 2), None);
        assert_eq!(fit_exact(&points(&[(0, "0"), (1, "-1.000001")]), 2), None);
        // On a rounding midpoint: 0.1 + 0.000001 x 89 / 2 = 0.1000445.
        assert_eq!(fit_exact(&points(&[(0, "0.1"), (2, "0.100001")]), 89), None);
    }
}
