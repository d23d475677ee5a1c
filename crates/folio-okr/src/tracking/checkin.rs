//! Check-ins: the dated updates owners give their key results.
//!
//! A [`CheckIn`] records a reading (a metric value or a milestone's done flag), the
//! owner's confidence, a note, and optionally a blocker and a decision the owner needs.
//! [`CheckInLog::new`] validates a batch against the OKR graph, the tracked period and
//! `as_of`, and keeps each key result's check-ins as a dated [`Series`]. The state of a
//! key result at a date is its latest check-in on or before that date.
//!
//! # Validation
//!
//! - a check-in must name a key result of the graph;
//! - it must be dated inside the tracked period and on or before `as_of` (a future
//!   check-in is a data error, never silently ignored);
//! - one check-in per key result per day;
//! - a check-in reports what its key result measures: a value for a metric target, a
//!   done flag for a milestone (the goal `milestone`). A key result without a target
//!   may report either, but not both across its check-ins.
//!
//! # Progress
//!
//! [`CheckInLog::progress`] measures each key result that has a target and a check-in
//! against its target (folio-metrics' [`Target::progress`](folio_metrics::Target::progress),
//! with the caller's [`Scoring`]): the state that the rollup engines consume.

use std::collections::BTreeMap;

use folio_metrics::{Goal, Scoring};
use folio_types::{
    Confidence, Decimal, KeyResultId, NaiveDate, Observation, Period, Progress, Series,
};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;

/// What a check-in reports: a metric value or whether a milestone is done.
///
/// In JSON: `{"value": "12.5"}` or `{"done": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Reading {
    /// The current value of the key result's metric.
    Value(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        Decimal,
    ),
    /// Whether the milestone is done.
    Done(bool),
}

impl Reading {
    fn same_kind(self, other: Self) -> bool {
        matches!(
            (self, other),
            (Self::Value(_), Self::Value(_)) | (Self::Done(_), Self::Done(_))
        )
    }
}

/// One dated update of a key result by its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CheckIn {
    /// The key result updated.
    pub key_result: KeyResultId,
    /// The day of the update.
    pub date: NaiveDate,
    /// The value or milestone flag reported.
    pub reading: Reading,
    /// The owner's confidence that the key result will be hit, 0..=1.
    pub confidence: Confidence,
    /// What changed, in the owner's words.
    #[cfg_attr(feature = "serde", serde(default))]
    pub note: String,
    /// What stands in the way, if anything.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub blocker: Option<String>,
    /// A decision the owner needs from someone else, if any.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub decision_needed: Option<String>,
}

/// What a key result's series holds for one day: everything of a [`CheckIn`] but its
/// key result and date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Update {
    /// The value or milestone flag reported.
    pub reading: Reading,
    /// The owner's confidence.
    pub confidence: Confidence,
    /// The owner's note.
    pub note: String,
    /// What stands in the way, if anything.
    pub blocker: Option<String>,
    /// A decision the owner needs, if any.
    pub decision_needed: Option<String>,
}

/// Validated check-ins of one period, per key result, as of one date.
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
/// use folio_okr::tracking::{CheckIn, CheckInLog};
/// use folio_types::KeyResultId;
///
/// let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
///   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
///   { "key_result": "arr", "date": "2026-02-02", "reading": { "value": "5" }, "confidence": "0.6" }
/// ]"#)?;
/// let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
/// assert_eq!(log.history(&KeyResultId::new("arr")?).len(), 2);
/// assert!(log.state(&KeyResultId::new("nps")?).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInLog {
    period: Period,
    as_of: NaiveDate,
    by_key_result: BTreeMap<KeyResultId, Series<Update>>,
}

impl CheckInLog {
    /// Validates `check_ins` against `graph`, the tracked `period` and `as_of`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKeyResult`], [`Error::CheckInOutOfRange`],
    /// [`Error::DuplicateCheckIn`] or [`Error::MixedReadings`], naming the key result
    /// and date. Check-ins are examined in key-result and date order, so the same data
    /// reports the same error whatever order it comes in.
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
    /// use folio_okr::tracking::{CheckIn, CheckInLog};
    /// use folio_types::KeyResultId;
    ///
    /// let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
    ///   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
    ///   { "key_result": "arr", "date": "2026-01-19", "reading": { "value": "4" }, "confidence": "0.7" }
    /// ]"#)?;
    /// let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-01".parse()?, check_ins)?;
    /// assert_eq!(log.history(&KeyResultId::new("arr")?).len(), 2);
    /// // A check-in after `as_of` is an error, not silently ignored.
    /// let future: Vec<CheckIn> = serde_json::from_str(r#"[
    ///   { "key_result": "arr", "date": "2026-03-01", "reading": { "value": "5" }, "confidence": "0.7" }
    /// ]"#)?;
    /// assert!(CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-01".parse()?, future).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        graph: &OkrGraph,
        period: Period,
        as_of: NaiveDate,
        check_ins: impl IntoIterator<Item = CheckIn>,
    ) -> Result<Self> {
        let mut sorted: Vec<CheckIn> = check_ins.into_iter().collect();
        sorted.sort_by(|a, b| (&a.key_result, a.date).cmp(&(&b.key_result, b.date)));
        let mut by_key_result: BTreeMap<KeyResultId, Series<Update>> = BTreeMap::new();
        for check_in in sorted {
            let CheckIn {
                key_result,
                date,
                reading,
                confidence,
                note,
                blocker,
                decision_needed,
            } = check_in;
            let Some(data) = graph.key_result(&key_result) else {
                return Err(Error::UnknownKeyResult {
                    what: "check-in",
                    key_result,
                    date,
                });
            };
            let expected = data.target.as_ref().map(|t| match t.goal() {
                Goal::Milestone => (Reading::Done(false), "a done flag"),
                _ => (Reading::Value(Decimal::ZERO), "a value"),
            });
            if let Some((kind, expected)) = expected {
                if !kind.same_kind(reading) {
                    return Err(Error::WrongReading {
                        key_result,
                        date,
                        expected,
                    });
                }
            }
            if !period.contains(date) {
                return Err(Error::CheckInOutOfRange {
                    key_result,
                    date,
                    allowed: format!("the period {period}"),
                });
            }
            if date > as_of {
                return Err(Error::CheckInOutOfRange {
                    key_result,
                    date,
                    allowed: format!("the dates on or before {as_of}"),
                });
            }
            let series = by_key_result.entry(key_result.clone()).or_default();
            if series
                .first()
                .is_some_and(|first| !first.value.reading.same_kind(reading))
            {
                return Err(Error::MixedReadings { key_result, date });
            }
            let update = Update {
                reading,
                confidence,
                note,
                blocker,
                decision_needed,
            };
            if series.insert(date, update).is_err() {
                return Err(Error::DuplicateCheckIn { key_result, date });
            }
        }
        Ok(Self {
            period,
            as_of,
            by_key_result,
        })
    }

    /// The tracked period.
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
    /// assert_eq!(log.period().to_string(), "2026-Q1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn period(&self) -> Period {
        self.period
    }

    /// The date the log was validated for.
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
    /// assert_eq!(log.as_of().to_string(), "2026-02-14");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// A key result's check-ins, oldest first (empty if it has none).
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
    /// use folio_types::KeyResultId;
    ///
    /// let history = log.history(&KeyResultId::new("arr")?);
    /// let dates: Vec<String> = history.iter().map(|o| o.date.to_string()).collect();
    /// assert_eq!(dates, ["2026-01-05", "2026-02-02"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn history(&self, key_result: &KeyResultId) -> &[Observation<Update>] {
        self.by_key_result
            .get(key_result)
            .map_or(&[], Series::as_slice)
    }

    /// A key result's check-ins as a series, if it has any.
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
    /// use folio_types::KeyResultId;
    ///
    /// assert_eq!(log.series(&KeyResultId::new("nps")?).map(|s| s.len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn series(&self, key_result: &KeyResultId) -> Option<&Series<Update>> {
        self.by_key_result.get(key_result)
    }

    /// The state of a key result at `date`: its latest check-in on or before it.
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
    /// use folio_okr::tracking::Reading;
    /// use folio_types::{Decimal, KeyResultId};
    ///
    /// let arr = KeyResultId::new("arr")?;
    /// // On 1 February the latest check-in is January's.
    /// let state = log.state_at(&arr, "2026-02-01".parse()?).unwrap();
    /// assert_eq!(state.value.reading, Reading::Value(Decimal::new(2, 0)));
    /// // Before the first check-in there is no state.
    /// assert!(log.state_at(&arr, "2026-01-04".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state_at(
        &self,
        key_result: &KeyResultId,
        date: NaiveDate,
    ) -> Option<&Observation<Update>> {
        self.by_key_result.get(key_result)?.as_of(date)
    }

    /// The state of a key result at the log's `as_of`.
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
    /// use folio_types::{Decimal, KeyResultId};
    ///
    /// // At as_of, arr's latest check-in is the one of 2 February.
    /// let state = log.state(&KeyResultId::new("arr")?).unwrap();
    /// assert_eq!(state.date.to_string(), "2026-02-02");
    /// assert_eq!(state.value.confidence.value(), Decimal::new(6, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(&self, key_result: &KeyResultId) -> Option<&Observation<Update>> {
        self.state_at(key_result, self.as_of)
    }

    /// The key results that have at least one check-in, in id order.
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
    /// let ids: Vec<String> = log.key_results().map(|id| id.to_string()).collect();
    /// assert_eq!(ids, ["arr", "nps"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key_results(&self) -> impl Iterator<Item = &KeyResultId> {
        self.by_key_result.keys()
    }

    /// The progress at `as_of` of every key result of `graph` that has a target and a
    /// check-in, measured against its target and scored as `scoring` says; key results
    /// without a target or without a check-in are left out (give their progress
    /// directly). A done flag counts as 1 and not done as 0.
    ///
    /// # Errors
    ///
    /// [`Error::Target`] naming the key result when folio-metrics cannot measure the
    /// value (an overflow, say).
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
    /// use folio_types::{Decimal, KeyResultId};
    ///
    /// let progress = log.progress(&graph, Scoring::Clamped)?;
    /// // arr: 2 of the way from 0 to 10.
    /// assert_eq!(progress[&KeyResultId::new("arr")?].value(), Decimal::new(2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(
        &self,
        graph: &OkrGraph,
        scoring: Scoring,
    ) -> Result<BTreeMap<KeyResultId, Progress>> {
        let mut progress = BTreeMap::new();
        for kr in graph.key_results() {
            let (Some(target), Some(state)) = (&kr.target, self.state(&kr.id)) else {
                continue;
            };
            let value = match state.value.reading {
                Reading::Value(v) => v,
                Reading::Done(true) => Decimal::ONE,
                Reading::Done(false) => Decimal::ZERO,
            };
            let measured = target
                .progress(value, scoring)
                .map_err(|source| Error::Target {
                    key_result: kr.id.clone(),
                    source,
                })?;
            progress.insert(kr.id.clone(), measured);
        }
        Ok(progress)
    }
}
