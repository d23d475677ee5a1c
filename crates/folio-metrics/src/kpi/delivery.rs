//! Delivery execution: predictability, schedule variance, lead time, cycle time,
//! throughput and flow efficiency.
//!
//! Times are whole days between dates; lead and cycle time percentiles use the
//! interpolation documented in [`crate::kpi::stats`] (linear between closest ranks).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_types::{Period, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::kpi::retention::count_rate;
use crate::kpi::stats::{Distribution, distribution};
use crate::math;

/// Delivery predictability: the share of the work committed for a period that was
/// delivered in it, `delivered / committed`. Work added mid-period is neither.
///
/// ```
/// use folio_metrics::kpi::delivery_predictability;
/// use rust_decimal::Decimal;
///
/// assert_eq!(delivery_predictability(17, 20)?.value(), Decimal::new(85, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] if more was delivered than committed;
/// [`Error::ZeroDenominator`] if nothing was committed.
pub fn delivery_predictability(delivered: u64, committed: u64) -> Result<Ratio> {
    count_rate(
        delivered,
        committed,
        "delivered committed work",
        "committed work",
        "delivery predictability",
    )
}

/// How late (or early) an initiative finished against its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ScheduleVariance {
    /// Days after the planned end (negative: early).
    pub days: i64,
    /// `days / planned duration in days`; `None` for a plan that starts and ends on
    /// one day.
    pub relative: Option<Ratio>,
}

/// Schedule variance of an initiative planned for `planned_start..=planned_end` that
/// ended on `actual_end`.
///
/// ```
/// use folio_metrics::kpi::schedule_variance;
/// use rust_decimal::Decimal;
///
/// // Planned 1 March to 31 May (91 days), finished 30 June: 30 days, 33% late.
/// let v = schedule_variance("2026-03-01".parse()?, "2026-05-31".parse()?, "2026-06-30".parse()?)?;
/// assert_eq!(v.days, 30);
/// assert_eq!(v.relative.map(|r| r.value().round_dp(2)), Some(Decimal::new(33, 2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] if the planned end is before the planned start.
pub fn schedule_variance(
    planned_start: NaiveDate,
    planned_end: NaiveDate,
    actual_end: NaiveDate,
) -> Result<ScheduleVariance> {
    let planned = planned_end.signed_duration_since(planned_start).num_days();
    if planned < 0 {
        return Err(Error::InvalidValue {
            field: "planned schedule",
            value: format!("{planned_start}..{planned_end}"),
            problem: "the planned end is before the planned start",
        });
    }
    let days = actual_end.signed_duration_since(planned_end).num_days();
    let relative = if planned == 0 {
        None
    } else {
        Some(Ratio::new(math::div(
            Decimal::from(days),
            Decimal::from(planned),
            "computing schedule variance",
        )?)?)
    };
    Ok(ScheduleVariance { days, relative })
}

/// One delivered piece of work, with the days it was worked on and waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WorkItem {
    /// When it entered discovery (lead time starts).
    pub discovered: NaiveDate,
    /// When build started (cycle time starts); not before `discovered`.
    pub started: NaiveDate,
    /// When it was released; not before `started`.
    pub released: NaiveDate,
}

impl WorkItem {
    fn checked(&self) -> Result<()> {
        if self.started < self.discovered || self.released < self.started {
            return Err(Error::InvalidValue {
                field: "work item dates",
                value: format!("{} / {} / {}", self.discovered, self.started, self.released),
                problem: "expected discovered <= started <= released",
            });
        }
        Ok(())
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> Decimal {
    Decimal::from(to.signed_duration_since(from).num_days())
}

/// Lead time, discovery to release, in days: its distribution over `items`.
///
/// ```
/// use folio_metrics::kpi::{lead_time, WorkItem};
/// use rust_decimal::Decimal;
///
/// let item = |d: &str, s: &str, r: &str| -> Result<WorkItem, chrono::ParseError> {
///     Ok(WorkItem { discovered: d.parse()?, started: s.parse()?, released: r.parse()? })
/// };
/// let items = [
///     item("2026-01-01", "2026-01-20", "2026-02-01")?, // lead 31, cycle 12
///     item("2026-01-05", "2026-01-06", "2026-01-15")?, // lead 10, cycle 9
///     item("2026-01-10", "2026-02-01", "2026-03-01")?, // lead 50, cycle 28
/// ];
/// assert_eq!(lead_time(&items)?.median, Decimal::from(31));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no items; [`Error::InvalidValue`] for dates out of order.
pub fn lead_time(items: &[WorkItem]) -> Result<Distribution> {
    let values = items
        .iter()
        .map(|i| i.checked().map(|()| days(i.discovered, i.released)))
        .collect::<Result<Vec<_>>>()?;
    distribution(&values)
}

/// Cycle time, build start to release, in days: its distribution over `items`.
///
/// ```
/// use folio_metrics::kpi::{cycle_time, WorkItem};
/// use rust_decimal::Decimal;
///
/// let item = |d: &str, s: &str, r: &str| -> Result<WorkItem, chrono::ParseError> {
///     Ok(WorkItem { discovered: d.parse()?, started: s.parse()?, released: r.parse()? })
/// };
/// let items = [
///     item("2026-01-01", "2026-01-20", "2026-02-01")?, // cycle 12
///     item("2026-01-05", "2026-01-06", "2026-01-15")?, // cycle 9
///     item("2026-01-10", "2026-02-01", "2026-03-01")?, // cycle 28
/// ];
/// let cycle = cycle_time(&items)?;
/// assert_eq!(cycle.median, Decimal::from(12));
/// assert_eq!(cycle.p90, Decimal::new(248, 1)); // 12 + 0.8 × (28 - 12)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`lead_time`].
pub fn cycle_time(items: &[WorkItem]) -> Result<Distribution> {
    let values = items
        .iter()
        .map(|i| i.checked().map(|()| days(i.started, i.released)))
        .collect::<Result<Vec<_>>>()?;
    distribution(&values)
}

/// Throughput: how many items each key (a product line, an initiative type) released
/// within `period`. `released` lists `(key, release date)` pairs; keys with nothing
/// released in the period are absent.
///
/// ```
/// use folio_metrics::kpi::throughput;
///
/// let released = [("analytics", "2026-04-03".parse()?), ("analytics", "2026-05-20".parse()?),
///                 ("core", "2026-06-30".parse()?), ("core", "2026-07-01".parse()?)];
/// let q2 = throughput(released, "2026-Q2".parse()?);
/// assert_eq!((q2["analytics"], q2["core"]), (2, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn throughput<K, I>(released: I, period: Period) -> BTreeMap<K, u64>
where
    K: Ord,
    I: IntoIterator<Item = (K, NaiveDate)>,
{
    let mut counts = BTreeMap::new();
    for (key, date) in released {
        if period.contains(date) {
            let count: &mut u64 = counts.entry(key).or_insert(0);
            *count = count.saturating_add(1);
        }
    }
    counts
}

/// Flow efficiency: the share of elapsed time that work was actively worked on,
/// `Σ active / Σ (active + waiting)` over items given as `(active, waiting)` times in
/// one unit. Waiting is usually a portfolio problem: dependencies, unclear priorities,
/// overloaded decision-makers.
///
/// ```
/// use folio_metrics::kpi::flow_efficiency;
/// use rust_decimal::Decimal;
///
/// // 3 active days of 12 elapsed, and 5 of 8: 8 / 20 = 40%.
/// let e = flow_efficiency(&[(Decimal::from(3), Decimal::from(9)), (Decimal::from(5), Decimal::from(3))])?;
/// assert_eq!(e.value(), Decimal::new(4, 1));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no items; [`Error::Negative`] for a negative time;
/// [`Error::ZeroDenominator`] if no time elapsed at all.
pub fn flow_efficiency(items: &[(Decimal, Decimal)]) -> Result<Ratio> {
    if items.is_empty() {
        return Err(Error::Empty {
            what: "work items",
            computing: "flow efficiency".to_owned(),
        });
    }
    let mut active = Decimal::ZERO;
    let mut elapsed = Decimal::ZERO;
    for &(a, w) in items {
        math::non_negative(a, "active time")?;
        math::non_negative(w, "waiting time")?;
        active = math::add(active, a, "summing active time")?;
        elapsed = math::add(
            elapsed,
            math::add(a, w, "summing elapsed time")?,
            "summing elapsed time",
        )?;
    }
    math::ratio(active, elapsed, "the elapsed time", "flow efficiency")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn schedule_table() {
        let check = |end: &str, days_: i64, rel: Option<&str>| {
            let v = schedule_variance(day("2026-01-01"), day("2026-01-11"), day(end)).unwrap();
            assert_eq!(v.days, days_, "{end}");
            assert_eq!(
                v.relative.map(Ratio::value),
                rel.map(|r| r.parse().unwrap()),
                "{end}"
            );
        };
        check("2026-01-11", 0, Some("0"));
        check("2026-01-16", 5, Some("0.5"));
        check("2026-01-06", -5, Some("-0.5"));
        let same_day =
            schedule_variance(day("2026-01-01"), day("2026-01-01"), day("2026-01-03")).unwrap();
        assert_eq!((same_day.days, same_day.relative), (2, None));
        assert!(
            schedule_variance(day("2026-01-02"), day("2026-01-01"), day("2026-01-03")).is_err()
        );
    }

    #[test]
    fn flow_and_predictability() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            flow_efficiency(&[(d("1"), d("0"))]).unwrap().value(),
            d("1")
        );
        assert!(matches!(
            flow_efficiency(&[(d("0"), d("0"))]),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(flow_efficiency(&[]).is_err());
        assert!(flow_efficiency(&[(d("-1"), d("2"))]).is_err());
        assert!(delivery_predictability(3, 2).is_err());
        assert!(delivery_predictability(0, 0).is_err());
        let item = |d: &str, s: &str, r: &str| WorkItem {
            discovered: day(d),
            started: day(s),
            released: day(r),
        };
        // Lead 0, 10, 20 days; cycle 0, 5, 0 days. Equal dates are allowed.
        let items = [
            item("2026-01-01", "2026-01-01", "2026-01-01"),
            item("2026-01-01", "2026-01-06", "2026-01-11"),
            item("2026-01-01", "2026-01-21", "2026-01-21"),
        ];
        assert_eq!(lead_time(&items).unwrap().median, Decimal::from(10));
        assert_eq!(lead_time(&items).unwrap().max, Decimal::from(20));
        assert_eq!(cycle_time(&items).unwrap().max, Decimal::from(5));
        assert!(cycle_time(&[item("2026-01-02", "2026-01-03", "2026-01-02")]).is_err());
        let released = [
            ("x", day("2026-03-31")),
            ("x", day("2026-04-01")),
            ("y", day("2026-04-30")),
        ];
        let april = throughput(released, "2026-04".parse().unwrap());
        assert_eq!(april.into_iter().collect::<Vec<_>>(), [("x", 1), ("y", 1)]);
        let bad = WorkItem {
            discovered: day("2026-01-02"),
            started: day("2026-01-01"),
            released: day("2026-01-03"),
        };
        assert!(lead_time(&[bad]).is_err());
        assert!(cycle_time(&[]).is_err());
    }
}
