//! Percentiles of cycle and lead times by the two methods in use.
//!
//! - **Linear** ([`folio_metrics::kpi::percentile`]): linear interpolation between
//!   closest ranks (Hyndman and Fan type 7, `PERCENTILE.INC`), the method folio-metrics
//!   uses everywhere; also pandas' default `quantile`, which jira-agile-metrics calls
//!   for its cycle-time percentiles.
//! - **Nearest rank** ([`nearest_rank`]): the smallest value such that at least `p` of
//!   the values are at or below it, `x_(⌈p·n⌉)` in 1-based ranks; always one of the
//!   observed values, so "85% of items finished in 12 days or fewer" is literally true
//!   of the data, which is how flow tools such as Actionable Agile read a percentile
//!   line.
//!
//! Worked example (the 10 cycle times of `tests/flow.rs`: 1 2 3 4 5 6 7 8 9 10 days):
//! linear p85 = x₇ + 0.65 × (x₈ − x₇) = 8 + 0.65 = 8.65; nearest rank p85 =
//! x_(⌈8.5⌉) = x_(9) = 9.

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The 50th, 85th and 95th percentiles, the levels flow tools report by default
/// (jira-agile-metrics' default `Quantiles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Percentiles {
    /// The median.
    pub p50: Decimal,
    /// The 85th percentile.
    pub p85: Decimal,
    /// The 95th percentile.
    pub p95: Decimal,
}

/// The shape of a set of durations in days.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TimeStats {
    /// How many durations.
    pub count: u64,
    /// The shortest.
    pub min: i64,
    /// The longest.
    pub max: i64,
    /// The arithmetic mean, rounded to two decimal places.
    pub mean: Decimal,
    /// Percentiles by linear interpolation (folio-metrics' method).
    pub linear: Percentiles,
    /// Percentiles by nearest rank (the flow tools' method).
    pub nearest_rank: Percentiles,
}

/// The nearest-rank `p`-percentile of `sorted` (ascending; `p` in `0..=1`): the value of
/// rank `⌈p·n⌉` (1-based), and the minimum for `p = 0`. `None` for no values.
///
/// ```
/// use folio_delivery::stats::nearest_rank;
/// use rust_decimal::Decimal;
///
/// let days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/// assert_eq!(nearest_rank(&days, Decimal::new(85, 2))?, Some(9));
/// assert_eq!(nearest_rank(&days, Decimal::new(5, 1))?, Some(5));
/// assert_eq!(nearest_rank::<i64>(&[], Decimal::ONE)?, None);
/// # Ok::<(), folio_delivery::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for `p` outside `0..=1`.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: Decimal) -> Result<Option<T>> {
    if p < Decimal::ZERO || p > Decimal::ONE {
        return Err(Error::InvalidArgument {
            name: "percentile",
            value: p.to_string(),
            problem: "a percentile is a fraction in 0..=1",
        });
    }
    let n = Decimal::from(sorted.len());
    let rank = n
        .checked_mul(p)
        .ok_or(Error::Overflow {
            operation: "ranking a percentile",
        })?
        .ceil();
    let rank = usize::try_from(rank).unwrap_or(sorted.len()).max(1);
    Ok(sorted.get(rank.saturating_sub(1)).copied())
}

/// The statistics of `days` (any order); `None` for no values.
///
/// ```
/// use folio_delivery::stats::time_stats;
/// use rust_decimal::Decimal;
///
/// let stats = time_stats(&[10, 1, 9, 2, 8, 3, 7, 4, 6, 5])?.ok_or("no values")?;
/// assert_eq!(stats.linear.p85, Decimal::new(865, 2));
/// assert_eq!(stats.nearest_rank.p85, Decimal::from(9));
/// assert_eq!(stats.mean, Decimal::new(55, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Overflow`] if the sum of the durations overflows.
pub fn time_stats(days: &[i64]) -> Result<Option<TimeStats>> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Ok(None);
    };
    let overflow = || Error::Overflow {
        operation: "averaging durations",
    };
    let sum = sorted
        .iter()
        .try_fold(0_i64, |acc, &d| acc.checked_add(d))
        .ok_or_else(overflow)?;
    let count = Decimal::from(sorted.len());
    let mean = Decimal::from(sum)
        .checked_div(count)
        .ok_or_else(overflow)?
        .round_dp(2);
    let values: Vec<Decimal> = sorted.iter().map(|&d| Decimal::from(d)).collect();
    let linear = |p| folio_metrics::kpi::percentile(&values, p);
    let nearest = |p| -> Result<Decimal> {
        Ok(nearest_rank(&sorted, p)?.map_or(Decimal::ZERO, Decimal::from))
    };
    let levels = [Decimal::new(5, 1), Decimal::new(85, 2), Decimal::new(95, 2)];
    let [p50, p85, p95] = levels;
    Ok(Some(TimeStats {
        count: u64::try_from(sorted.len()).unwrap_or(u64::MAX),
        min,
        max,
        mean,
        linear: Percentiles {
            p50: linear(p50)?,
            p85: linear(p85)?,
            p95: linear(p95)?,
        },
        nearest_rank: Percentiles {
            p50: nearest(p50)?,
            p85: nearest(p85)?,
            p95: nearest(p95)?,
        },
    }))
}
