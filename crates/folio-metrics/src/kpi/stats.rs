//! Order statistics: percentiles and the median, by one documented interpolation.
//!
//! # Interpolation
//!
//! Percentiles use **linear interpolation between closest ranks**, the method
//! Hyndman and Fan call type 7 and the default of `NumPy`, R and Excel's
//! `PERCENTILE.INC`: sort the `n` values ascending as `x_0..x_{n-1}`, let
//! `h = (n - 1)·p`, and return `x_⌊h⌋ + (h - ⌊h⌋)·(x_⌊h⌋+1 - x_⌊h⌋)`. So `p = 0` is the
//! minimum, `p = 1` the maximum, `p = 0.5` the median (the mean of the two middle
//! values for an even `n`), and every percentile lies between the minimum and the
//! maximum and grows with `p`.
//!
//! No values is [`Error::Empty`]; `p` outside `0..=1` is [`Error::InvalidValue`].

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, Result};
use crate::math;

/// The `p`-quantile of `values` (`p` in `0..=1`: 0.9 is the 90th percentile), by
/// linear interpolation between closest ranks (see the [module docs](self)).
///
/// ```
/// use folio_metrics::kpi::percentile;
/// use rust_decimal::Decimal;
///
/// // Days to first value for five customers.
/// let days: Vec<Decimal> = [12, 3, 7, 30, 9].into_iter().map(Decimal::from).collect();
/// // Sorted: 3 7 9 12 30. h = 4 × 0.9 = 3.6, so 12 + 0.6 × (30 - 12) = 22.8.
/// assert_eq!(percentile(&days, Decimal::new(9, 1))?, Decimal::new(228, 1));
/// assert_eq!(percentile(&days, Decimal::new(5, 1))?, Decimal::from(9));
/// assert!(percentile(&[], Decimal::new(5, 1)).is_err());
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no values, [`Error::InvalidValue`] for `p` outside `0..=1`,
/// an overflow as [`Error::Core`].
pub fn percentile(values: &[Decimal], p: Decimal) -> Result<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    percentile_of_sorted(&sorted, p)
}

/// As [`percentile`], for values already sorted ascending.
fn percentile_of_sorted(sorted: &[Decimal], p: Decimal) -> Result<Decimal> {
    if p < Decimal::ZERO || p > Decimal::ONE {
        return Err(Error::InvalidValue {
            field: "percentile",
            value: p.to_string(),
            problem: "a percentile is a fraction in 0..=1 (0.9 is the 90th)",
        });
    }
    let last = sorted.len().checked_sub(1).ok_or_else(|| Error::Empty {
        what: "values",
        computing: "a percentile".to_owned(),
    })?;
    let h = math::mul(math::count(last), p, "locating a percentile")?;
    let lower = h.floor();
    let fraction = math::sub(h, lower, "locating a percentile")?;
    let index = lower.to_usize().unwrap_or(last).min(last);
    let below = sorted.get(index).copied();
    let above = sorted.get(index.saturating_add(1)).copied().or(below);
    let (Some(below), Some(above)) = (below, above) else {
        return Err(Error::Empty {
            what: "values",
            computing: "a percentile".to_owned(),
        });
    };
    let step = math::mul(
        fraction,
        math::sub(above, below, "interpolating a percentile")?,
        "interpolating a percentile",
    )?;
    // Clamping guards against the last digit of rounding stepping past the neighbour.
    Ok(math::add(below, step, "interpolating a percentile")?.clamp(below, above.max(below)))
}

/// The median of `values`: the middle value, or the mean of the two middle values for
/// an even count. Equal to `percentile(values, 0.5)`.
///
/// ```
/// use folio_metrics::kpi::median;
/// use rust_decimal::Decimal;
///
/// let hours: Vec<Decimal> = [4, 1, 10, 6].into_iter().map(Decimal::from).collect();
/// assert_eq!(median(&hours)?, Decimal::from(5)); // (4 + 6) / 2
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no values.
pub fn median(values: &[Decimal]) -> Result<Decimal> {
    percentile(values, Decimal::new(5, 1))
}

/// The shape of a set of durations or amounts: count, minimum, quartiles, 90th
/// percentile and maximum, all by the same interpolation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Distribution {
    /// The number of values.
    pub count: usize,
    /// The smallest value.
    pub min: Decimal,
    /// The 25th percentile.
    pub p25: Decimal,
    /// The median.
    pub median: Decimal,
    /// The 75th percentile.
    pub p75: Decimal,
    /// The 90th percentile.
    pub p90: Decimal,
    /// The largest value.
    pub max: Decimal,
}

/// The [`Distribution`] of `values`.
///
/// ```
/// use folio_metrics::kpi::distribution;
/// use rust_decimal::Decimal;
///
/// let days: Vec<Decimal> = (1..=11).map(Decimal::from).collect();
/// let d = distribution(&days)?;
/// assert_eq!(
///     (d.min, d.p25, d.median, d.p75, d.max),
///     (Decimal::from(1), Decimal::new(35, 1), Decimal::from(6), Decimal::new(85, 1), Decimal::from(11)),
/// );
/// assert_eq!(d.p90, Decimal::from(10));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no values.
pub fn distribution(values: &[Decimal]) -> Result<Distribution> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let at = |p: Decimal| percentile_of_sorted(&sorted, p);
    Ok(Distribution {
        count: sorted.len(),
        min: at(Decimal::ZERO)?,
        p25: at(Decimal::new(25, 2))?,
        median: at(Decimal::new(5, 1))?,
        p75: at(Decimal::new(75, 2))?,
        p90: at(Decimal::new(9, 1))?,
        max: at(Decimal::ONE)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn check(values: &[&str], p: &str, expected: &str) {
        let values: Vec<Decimal> = values.iter().map(|v| d(v)).collect();
        assert_eq!(
            percentile(&values, d(p)).unwrap(),
            d(expected),
            "{values:?} at {p}"
        );
    }

    #[test]
    fn interpolation_table() {
        check(&["5"], "0", "5");
        check(&["5"], "0.9", "5");
        check(&["1", "2"], "0.5", "1.5");
        check(&["3", "1", "2"], "0.5", "2");
        check(&["1", "2", "3", "4"], "0.25", "1.75");
        check(&["10", "20", "30", "40", "50"], "0.1", "14");
        check(&["10", "20", "30", "40", "50"], "1", "50");
        check(&["-4", "4"], "0.5", "0");
        check(&["2", "2", "2"], "0.37", "2");
    }

    #[test]
    fn median_and_distribution() {
        let values: Vec<Decimal> = ["4", "1", "10", "6"].iter().map(|v| d(v)).collect();
        assert_eq!(median(&values).unwrap(), d("5"));
        let dist = distribution(&values).unwrap();
        assert_eq!((dist.count, dist.min, dist.max), (4, d("1"), d("10")));
        assert_eq!(
            (dist.p25, dist.p75, dist.p90),
            (d("3.25"), d("7"), d("8.8"))
        );
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(
            percentile(&[], d("0.5")),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            percentile(&[d("1")], d("1.01")),
            Err(Error::InvalidValue { .. })
        ));
        assert!(matches!(
            percentile(&[d("1")], d("-0.1")),
            Err(Error::InvalidValue { .. })
        ));
        assert!(percentile(&[Decimal::MIN, Decimal::MAX], d("0.5")).is_err());
    }
}
