//! Cadence compliance: does each product check in as often as it said it would?
//!
//! Each product declares a [`Cadence`]. For every key result of the product, the number
//! of check-ins **expected** by `as_of` is:
//!
//! - weekly: one per full 7 days of the period elapsed at the end of `as_of`;
//! - bi-weekly: one per full 14 days elapsed;
//! - monthly: one per calendar month of the period that has ended on or before `as_of`.
//!
//! **Received** counts the key result's check-ins in the period on or before `as_of`;
//! for the compliance ratio each key result's received count is capped at its expected
//! count, so that a burst of check-ins in one week cannot hide a silent month.
//!
//! The **longest gap** (the seeds' "cadence drift") is the most days between two
//! consecutive updates of one key result, counting the period's start as an update
//! before the first check-in and `as_of` as the end of the last gap.

use std::collections::BTreeMap;

use folio_types::{Decimal, KeyResultId, NaiveDate, ProductId, Ratio};

use crate::error::Result;
use crate::graph::OkrGraph;
use crate::tracking::checkin::CheckInLog;

/// How often a product's key results are meant to be checked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Cadence {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    BiWeekly,
    /// Once per calendar month.
    Monthly,
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Weekly => "weekly",
            Self::BiWeekly => "bi-weekly",
            Self::Monthly => "monthly",
        })
    }
}

/// One product's cadence compliance.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CadenceReport {
    /// The product.
    pub product: ProductId,
    /// Its declared cadence.
    pub cadence: Cadence,
    /// Its key results, in id order.
    pub key_results: Vec<KeyResultId>,
    /// Check-ins expected by `as_of`, over all its key results.
    pub expected: u32,
    /// Check-ins received, over all its key results.
    pub received: u32,
    /// Received (capped per key result at its expected count) / expected; `None` when
    /// nothing is expected yet.
    pub compliance: Option<Ratio>,
    /// The longest gap between updates of one key result, in days, and that key
    /// result; `None` for a product without key results.
    pub longest_gap: Option<(u32, KeyResultId)>,
}

fn days(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from(to.signed_duration_since(from).num_days().max(0)).unwrap_or(u32::MAX)
}

fn expected(log: &CheckInLog, cadence: Cadence) -> u32 {
    let period = log.period();
    let elapsed = period.days_elapsed(log.as_of());
    match cadence {
        Cadence::Weekly => elapsed / 7,
        Cadence::BiWeekly => elapsed / 14,
        Cadence::Monthly => {
            let ended = period.months().filter(|m| m.end() <= log.as_of()).count();
            u32::try_from(ended).unwrap_or(u32::MAX)
        }
    }
}

/// Cadence compliance per product that declared a cadence, in product id order.
/// Products without key results are reported with nothing expected.
///
/// # Errors
///
/// [`Error::Core`](crate::Error::Core) if a ratio overflows (it cannot for counts that
/// fit in `u32`; the division is checked all the same).
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
/// use folio_okr::tracking::{cadence, Cadence};
/// use folio_types::{Decimal, KeyResultId, ProductId, Ratio};
///
/// let cadences = BTreeMap::from([
///     (ProductId::new("atlas")?, Cadence::Monthly),
///     (ProductId::new("lens")?, Cadence::Weekly),
/// ]);
/// let reports = cadence(&graph, &log, &cadences)?;
/// // atlas: January has ended, so one check-in is expected of arr; it has two.
/// let atlas = &reports[0];
/// assert_eq!((atlas.expected, atlas.received), (1, 2));
/// assert_eq!(atlas.compliance, Some(Ratio::of(Decimal::ONE, Decimal::ONE)?));
/// // arr's longest gap: 5 January to 2 February.
/// assert_eq!(atlas.longest_gap, Some((28, KeyResultId::new("arr")?)));
/// // lens: 45 days elapsed, six full weeks, one check-in.
/// let lens = &reports[1];
/// assert_eq!((lens.expected, lens.received), (6, 1));
/// // nps: silent from 1 January to 10 February.
/// assert_eq!(lens.longest_gap, Some((40, KeyResultId::new("nps")?)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cadence(
    graph: &OkrGraph,
    log: &CheckInLog,
    cadences: &BTreeMap<ProductId, Cadence>,
) -> Result<Vec<CadenceReport>> {
    if cadences.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_product: BTreeMap<&ProductId, Vec<&KeyResultId>> = BTreeMap::new();
    for kr in graph.key_results() {
        by_product.entry(&kr.product).or_default().push(&kr.id);
    }
    let period = log.period();
    let as_of = log.as_of();
    let mut reports = Vec::new();
    for (product, &cadence) in cadences {
        let mut key_results: Vec<&KeyResultId> =
            by_product.get(product).cloned().unwrap_or_default();
        key_results.sort();
        let per_kr = expected(log, cadence);
        let mut expected_total: u32 = 0;
        let mut received_total: u32 = 0;
        let mut capped_total: u32 = 0;
        let mut longest_gap: Option<(u32, KeyResultId)> = None;
        for id in &key_results {
            let history = log.history(id);
            let received = u32::try_from(history.len()).unwrap_or(u32::MAX);
            expected_total = expected_total.saturating_add(per_kr);
            received_total = received_total.saturating_add(received);
            capped_total = capped_total.saturating_add(received.min(per_kr));
            let mut previous = period.start();
            let mut gap = 0;
            for observation in history {
                gap = gap.max(days(previous, observation.date));
                previous = observation.date;
            }
            gap = gap.max(days(previous, as_of.min(period.end())));
            if longest_gap.as_ref().is_none_or(|(g, _)| gap > *g) {
                longest_gap = Some((gap, (*id).clone()));
            }
        }
        let compliance = if expected_total == 0 {
            None
        } else {
            Some(Ratio::of(
                Decimal::from(capped_total),
                Decimal::from(expected_total),
            )?)
        };
        reports.push(CadenceReport {
            product: product.clone(),
            cadence,
            key_results: key_results.into_iter().cloned().collect(),
            expected: expected_total,
            received: received_total,
            compliance,
            longest_gap,
        });
    }
    Ok(reports)
}
