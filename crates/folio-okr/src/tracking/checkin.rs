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

use std::collections::{BTreeMap, HashMap};

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
        let check_ins: Vec<CheckIn> = check_ins.into_iter().collect();
        // The fast build costs a pass over the whole graph; a batch much smaller than
        // the graph is cheaper to sort and validate directly.
        if check_ins.len().saturating_mul(4) < graph.key_results().len() {
            return Self::build_in_order(graph, period, as_of, check_ins);
        }
        match Self::build(graph, period, as_of, check_ins) {
            Ok(log) => Ok(log),
            // A batch with a problem is validated again the plain way, in key result and
            // date order, so that the error reported is the first one in that order.
            Err(check_ins) => Self::build_in_order(graph, period, as_of, check_ins),
        }
    }

    /// Builds the log of a valid batch without comparing ids to sort it: each check-in
    /// is matched to its key result through a hash map (consecutive check-ins of one key
    /// result, the common layout, are matched once), grouped by key result with a
    /// counting sort, and ordered by date within each group. Gives the batch back
    /// untouched at the first problem, for [`CheckInLog::build_in_order`] to report.
    fn build(
        graph: &OkrGraph,
        period: Period,
        as_of: NaiveDate,
        mut check_ins: Vec<CheckIn>,
    ) -> std::result::Result<Self, Vec<CheckIn>> {
        let key_results: Vec<&crate::model::KeyResultData> = graph.key_results().collect();
        let rank: HashMap<&str, u32> = key_results
            .iter()
            .enumerate()
            .filter_map(|(i, kr)| Some((kr.id.as_str(), u32::try_from(i).ok()?)))
            .collect();
        // Each check-in's key result (its rank in the graph), or the batch back.
        let mut ranks: Vec<u32> = Vec::with_capacity(check_ins.len());
        let mut previous: Option<(&str, u32)> = None;
        for check_in in &check_ins {
            let id = check_in.key_result.as_str();
            let found = match previous {
                Some((text, r)) if std::ptr::eq(text, id) || text == id => Some(r),
                _ => rank.get(id).copied(),
            };
            let Some(r) = found else {
                return Err(check_ins);
            };
            previous = Some((id, r));
            ranks.push(r);
        }
        // Counting sort by key result, keeping the input order within each.
        let mut starts = vec![0usize; key_results.len().saturating_add(1)];
        for &r in &ranks {
            let at = usize::try_from(r).unwrap_or(usize::MAX).saturating_add(1);
            if let Some(count) = starts.get_mut(at) {
                *count = count.saturating_add(1);
            }
        }
        for i in 1..starts.len() {
            let before = starts.get(i.saturating_sub(1)).copied().unwrap_or(0);
            if let Some(count) = starts.get_mut(i) {
                *count = count.saturating_add(before);
            }
        }
        let mut order = vec![0usize; check_ins.len()];
        let mut next = starts.clone();
        for (position, &r) in ranks.iter().enumerate() {
            let slot = next.get_mut(usize::try_from(r).unwrap_or(usize::MAX));
            if let Some(slot) = slot {
                if let Some(o) = order.get_mut(*slot) {
                    *o = position;
                }
                *slot = slot.saturating_add(1);
            }
        }
        // Validate every group before taking anything out of the batch.
        let date_of = |position: &usize| check_ins.get(*position).map(|c| c.date);
        for (r, kr) in key_results.iter().enumerate() {
            let (Some(&from), Some(&to)) = (starts.get(r), starts.get(r.saturating_add(1))) else {
                return Err(check_ins);
            };
            let Some(group) = order.get_mut(from..to) else {
                return Err(check_ins);
            };
            // Stable, so that equal dates (an error) keep the input order.
            group.sort_by_key(date_of);
            let expected = kr.target.as_ref().map(|t| match t.goal() {
                Goal::Milestone => Reading::Done(false),
                _ => Reading::Value(Decimal::ZERO),
            });
            let mut first: Option<Reading> = None;
            let mut last: Option<NaiveDate> = None;
            for position in group.iter() {
                let Some(c) = check_ins.get(*position) else {
                    return Err(check_ins);
                };
                let kind_ok = expected.is_none_or(|kind| kind.same_kind(c.reading));
                let mixed = first.is_some_and(|f| !f.same_kind(c.reading));
                let repeated = last == Some(c.date);
                if !kind_ok || !period.contains(c.date) || c.date > as_of || mixed || repeated {
                    return Err(check_ins);
                }
                first = first.or(Some(c.reading));
                last = Some(c.date);
            }
        }
        let mut by_key_result = Vec::new();
        for (r, kr) in key_results.iter().enumerate() {
            let (Some(&from), Some(&to)) = (starts.get(r), starts.get(r.saturating_add(1))) else {
                continue;
            };
            let Some(group) = order.get(from..to).filter(|g| !g.is_empty()) else {
                continue;
            };
            let mut observations = Vec::with_capacity(group.len());
            for position in group {
                if let Some(c) = check_ins.get_mut(*position) {
                    let update = Update {
                        reading: c.reading,
                        confidence: c.confidence,
                        note: std::mem::take(&mut c.note),
                        blocker: c.blocker.take(),
                        decision_needed: c.decision_needed.take(),
                    };
                    observations.push(Observation::new(c.date, update));
                }
            }
            // The dates are in order and distinct (checked above), so this cannot fail.
            if let Ok(series) = Series::from_observations(observations) {
                by_key_result.push((kr.id.clone(), series));
            }
        }
        Ok(Self {
            period,
            as_of,
            by_key_result: by_key_result.into_iter().collect(),
        })
    }

    /// Validates and builds the log one check-in at a time, in key result and date
    /// order: the reference that [`CheckInLog::build`] must agree with, and the path
    /// that names the first problem of a batch.
    fn build_in_order(
        graph: &OkrGraph,
        period: Period,
        as_of: NaiveDate,
        mut sorted: Vec<CheckIn>,
    ) -> Result<Self> {
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
        state_in(self.by_key_result.get(key_result)?, self.as_of)
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

    /// Each key result's check-ins with its latest state at `as_of`, in key result id
    /// order: for the policies, which walk every key result and would otherwise look
    /// each one up again.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&KeyResultId, &Series<Update>)> + '_ {
        self.by_key_result.iter()
    }

    /// A cursor over the log for key results asked for in increasing id order.
    pub(crate) fn cursor(&self) -> InOrder<'_, Series<Update>> {
        InOrder::new(&self.by_key_result)
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

/// The state of a series at `as_of`: its last check-in when that is dated on or before
/// `as_of`, which a log's validation makes the rule (one look at the end instead of a
/// search through the series); else a search.
pub(crate) fn state_in(series: &Series<Update>, as_of: NaiveDate) -> Option<&Observation<Update>> {
    match series.latest() {
        Some(last) if last.date <= as_of => Some(last),
        _ => series.as_of(as_of),
    }
}

/// Looks up key results in a map asked for in strictly increasing id order, by walking
/// the map once alongside (a merge) instead of searching it for each.
pub(crate) struct InOrder<'a, V> {
    entries: std::iter::Peekable<std::collections::btree_map::Iter<'a, KeyResultId, V>>,
}

impl<'a, V> InOrder<'a, V> {
    /// A cursor at the start of `map`.
    pub(crate) fn new(map: &'a BTreeMap<KeyResultId, V>) -> Self {
        Self {
            entries: map.iter().peekable(),
        }
    }

    /// The value of `id`, which must come after every id asked for before (else the
    /// answer is `None`, as for an id the map lacks).
    pub(crate) fn get(&mut self, id: &KeyResultId) -> Option<&'a V> {
        // Ids cloned from one another share their text: the next entry is often the
        // one asked for, found without comparing text.
        if self
            .entries
            .peek()
            .is_some_and(|(key, _)| std::ptr::eq(key.as_str(), id.as_str()))
        {
            return self.entries.next().map(|(_, value)| value);
        }
        while self.entries.next_if(|(key, _)| *key < id).is_some() {}
        self.entries
            .next_if(|(key, _)| *key == id)
            .map(|(_, value)| value)
    }
}

/// The fast build of a log (hash-matched, counting-sorted) against the plain one, one
/// check-in at a time in key result and date order: the same log for a valid batch and
/// the same first error for a batch with problems.
#[cfg(all(test, feature = "serde"))]
mod fast_path_tests {
    // A malformed fixture should fail the test loudly; fixture dates stay near 2026.
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// "arr" and "nps" measure values, "launch" is a milestone, "free" has no target.
    fn graph() -> OkrGraph {
        let target = |goal: serde_json::Value| json!({ "metric": "m", "goal": goal });
        let kr = |id: &str, target: Option<serde_json::Value>| {
            let mut kr = json!({
                "id": id, "name": id, "tier": "product", "owner": "ana", "product": "atlas",
                "contributes_to": [{ "to": { "objective": "grow" }, "weight": "1" }],
            });
            if let (Some(t), Some(map)) = (target, kr.as_object_mut()) {
                map.insert("target".into(), t);
            }
            kr
        };
        let data = serde_json::from_value(json!({
            "policy": { "method": "weighted" },
            "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
            "key_results": [
                kr("nps", Some(target(json!({ "increase_to": { "baseline": "0", "target": "10" } })))),
                kr("arr", Some(target(json!({ "increase_to": { "baseline": "0", "target": "10" } })))),
                kr("launch", Some(target(json!("milestone")))),
                kr("free", None),
            ],
        }))
        .unwrap();
        OkrGraph::new(data).unwrap()
    }

    const IDS: [&str; 5] = ["nps", "arr", "launch", "free", "ghost"];

    fn check_ins() -> impl Strategy<Value = Vec<CheckIn>> {
        // Mostly valid batches; the rarer choices (an unknown key result, a date past
        // as_of or outside the quarter, a done flag for a value) make invalid ones.
        let id = prop_oneof![30 => 0usize..4, 1 => Just(4usize)];
        let date = prop_oneof![30 => 0i64..60, 1 => -5i64..0, 1 => 60i64..100];
        let done = prop_oneof![30 => Just(None), 1 => any::<bool>().prop_map(Some)];
        proptest::collection::vec((id, date, 0i64..5, done), 0..30).prop_map(|points| {
            let start = Period::quarter(2026, 1).unwrap().start();
            points
                .into_iter()
                .map(|(k, offset, value, done)| CheckIn {
                    key_result: KeyResultId::new(IDS[k]).unwrap(),
                    date: start + chrono::Duration::days(offset),
                    reading: match (IDS[k], done) {
                        ("launch", None) => Reading::Done(value > 2),
                        (_, Some(flag)) => Reading::Done(flag),
                        (_, None) => Reading::Value(Decimal::from(value)),
                    },
                    confidence: Confidence::new(Decimal::new(value, 1)).unwrap(),
                    note: format!("note {value}"),
                    blocker: (value == 3).then(|| "blocked".to_owned()),
                    decision_needed: None,
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn fast_build_matches_the_plain_build(check_ins in check_ins()) {
            let graph = graph();
            let period = Period::quarter(2026, 1).unwrap();
            let as_of = period.start() + chrono::Duration::days(70);
            let fast = CheckInLog::new(&graph, period, as_of, check_ins.clone());
            let plain = CheckInLog::build_in_order(&graph, period, as_of, check_ins);
            prop_assert_eq!(fast, plain);
        }
    }
}
