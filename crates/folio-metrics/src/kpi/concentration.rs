//! Shares and concentration: revenue mix, capacity allocation, investment mix, the
//! Herfindahl-Hirschman index and top-N share.
//!
//! # Shares that sum to exactly one
//!
//! [`shares`] divides each part by the total and rounds to [`SHARE_DECIMALS`] decimal
//! places by the **largest-remainder method**: every share is first truncated, then
//! the units of the last place still missing from a total of 1 go, one each, to the
//! parts with the largest truncated remainders (ties to the smaller key). The shares
//! therefore sum to exactly `1` in `Decimal`, and each is within `10^-12` of the
//! exact quotient.

use std::collections::BTreeMap;

use folio_types::Ratio;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, Result};
use crate::math;

/// The number of decimal places of a share from [`shares`].
pub const SHARE_DECIMALS: u32 = 12;

/// Each key's share of the total of `parts`; parts with the same key are added first.
///
/// ```
/// use folio_metrics::kpi::shares;
/// use rust_decimal::Decimal;
///
/// // Revenue by product line: thirds that still sum to exactly 1.
/// let mix = shares([("analytics", Decimal::from(100)), ("core", Decimal::from(100)),
///                   ("labs", Decimal::from(100))])?;
/// assert_eq!(mix["analytics"].value().to_string(), "0.333333333334");
/// assert_eq!(mix["core"].value().to_string(), "0.333333333333");
/// assert_eq!(mix.values().map(|s| s.value()).sum::<Decimal>(), Decimal::ONE);
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no parts, [`Error::Negative`] for a negative part,
/// [`Error::ZeroDenominator`] if the parts sum to zero, an overflow as
/// [`Error::Core`].
pub fn shares<K, I>(parts: I) -> Result<BTreeMap<K, Ratio>>
where
    K: Ord + Clone,
    I: IntoIterator<Item = (K, Decimal)>,
{
    let mut totals: BTreeMap<K, Decimal> = BTreeMap::new();
    for (key, value) in parts {
        math::non_negative(value, "share part")?;
        let entry = totals.entry(key).or_insert(Decimal::ZERO);
        *entry = math::add(*entry, value, "adding parts of a total")?;
    }
    if totals.is_empty() {
        return Err(Error::Empty {
            what: "parts",
            computing: "shares".to_owned(),
        });
    }
    let total = math::sum(totals.values().copied(), "summing parts")?;
    if total.is_zero() {
        return Err(Error::ZeroDenominator {
            what: "the total of the parts",
            computing: "shares".to_owned(),
        });
    }
    let unit = Decimal::new(1, SHARE_DECIMALS);
    let mut truncated: Vec<(K, Decimal, Decimal)> = Vec::with_capacity(totals.len());
    for (key, value) in totals {
        let exact = math::div(value, total, "computing a share")?;
        let floor = exact.trunc_with_scale(SHARE_DECIMALS);
        let remainder = math::sub(exact, floor, "computing a share")?;
        truncated.push((key, floor, remainder));
    }
    let assigned = math::sum(truncated.iter().map(|t| t.1), "summing shares")?;
    let missing = math::sub(Decimal::ONE, assigned, "summing shares")?;
    // Each truncation loses less than one unit, so fewer units than parts are missing.
    let missing_units = math::div(missing, unit, "summing shares")?
        .round()
        .to_usize()
        .unwrap_or(0);
    let mut order: Vec<usize> = (0..truncated.len()).collect();
    // Largest remainder first; equal remainders go to the smaller key (earlier index).
    order.sort_by(|&a, &b| {
        let ra = truncated.get(a).map(|t| t.2);
        let rb = truncated.get(b).map(|t| t.2);
        rb.cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(missing_units) {
        if let Some(t) = truncated.get_mut(i) {
            t.1 = math::add(t.1, unit, "rounding a share")?;
        }
    }
    truncated
        .into_iter()
        .map(|(key, share, _)| Ok((key, Ratio::new(share)?)))
        .collect()
}

/// The Herfindahl-Hirschman index of `parts` (revenue by product, say): the sum of
/// the squared shares, `Σ s_i²`, with `s_i = part_i / total` computed exactly (not
/// the rounded [`shares`]).
///
/// The scale is the **fraction scale**, `1/n ..= 1`: `1/n` for `n` equal parts, `1`
/// for a single part holding everything. Multiply by 10,000 for the "points" scale
/// that competition authorities use. A zero
/// part adds nothing, so the bound `1/n` holds whether or not zero parts are counted
/// in `n`.
///
/// ```
/// use folio_metrics::kpi::hhi;
/// use rust_decimal::Decimal;
///
/// // Shares 0.5, 0.3, 0.2: 0.25 + 0.09 + 0.04 = 0.38 (3,800 points).
/// let revenue = [Decimal::from(50), Decimal::from(30), Decimal::from(20)];
/// assert_eq!(hhi(&revenue)?, Decimal::new(38, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no parts, [`Error::Negative`] for a negative part,
/// [`Error::ZeroDenominator`] if the parts sum to zero.
pub fn hhi(parts: &[Decimal]) -> Result<Decimal> {
    let total = checked_total(parts, "a Herfindahl-Hirschman index")?;
    let squares = parts.iter().try_fold(Decimal::ZERO, |acc, part| {
        let share = math::div(*part, total, "computing a share")?;
        math::add(
            acc,
            math::mul(share, share, "squaring a share")?,
            "summing squared shares",
        )
    })?;
    Ok(squares.normalize())
}

/// The share of the total held by the `n` largest parts (all of it if `n` is at
/// least the number of parts; nothing if `n` is zero).
///
/// ```
/// use folio_metrics::kpi::top_n_share;
/// use rust_decimal::Decimal;
///
/// let revenue: Vec<Decimal> = [10, 50, 25, 15].into_iter().map(Decimal::from).collect();
/// // The top two products (50 and 25) hold 75% of revenue.
/// assert_eq!(top_n_share(&revenue, 2)?.value(), Decimal::new(75, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`hhi`].
pub fn top_n_share(parts: &[Decimal], n: usize) -> Result<Ratio> {
    let total = checked_total(parts, "a top-N share")?;
    let mut sorted = parts.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top = math::sum(sorted.into_iter().take(n), "summing the largest parts")?;
    Ok(Ratio::new(math::div(
        top,
        total,
        "computing a top-N share",
    )?)?)
}

fn checked_total(parts: &[Decimal], computing: &'static str) -> Result<Decimal> {
    if parts.is_empty() {
        return Err(Error::Empty {
            what: "parts",
            computing: computing.to_owned(),
        });
    }
    for part in parts {
        math::non_negative(*part, "part")?;
    }
    let total = math::sum(parts.iter().copied(), "summing parts")?;
    if total.is_zero() {
        return Err(Error::ZeroDenominator {
            what: "the total of the parts",
            computing: computing.to_owned(),
        });
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn ds(values: &[&str]) -> Vec<Decimal> {
        values.iter().map(|v| d(v)).collect()
    }

    fn check_shares(parts: &[(&str, &str)], expected: &[(&str, &str)]) {
        let got = shares(parts.iter().map(|&(k, v)| (k, d(v)))).unwrap();
        let got: Vec<(&str, String)> = got
            .iter()
            .map(|(k, s)| (*k, s.value().to_string()))
            .collect();
        let expected: Vec<(&str, String)> =
            expected.iter().map(|&(k, s)| (k, s.to_owned())).collect();
        assert_eq!(got, expected, "{parts:?}");
    }

    #[test]
    fn shares_table() {
        check_shares(
            &[("a", "1"), ("b", "3")],
            &[("a", "0.250000000000"), ("b", "0.750000000000")],
        );
        check_shares(
            &[("a", "2"), ("b", "1")],
            &[("a", "0.666666666667"), ("b", "0.333333333333")],
        );
        // Parts with one key are added first; a zero part has a zero share.
        check_shares(
            &[("a", "1"), ("b", "0"), ("a", "1")],
            &[("a", "1.000000000000"), ("b", "0.000000000000")],
        );
        // Three equal thirds: the one missing unit goes to the smallest key.
        check_shares(
            &[("c", "1"), ("b", "1"), ("a", "1")],
            &[
                ("a", "0.333333333334"),
                ("b", "0.333333333333"),
                ("c", "0.333333333333"),
            ],
        );
    }

    #[test]
    fn concentration_table() {
        assert_eq!(hhi(&ds(&["1"])).unwrap(), d("1"));
        assert_eq!(hhi(&ds(&["1", "1", "1", "1"])).unwrap(), d("0.25"));
        assert_eq!(hhi(&ds(&["60", "40", "0"])).unwrap(), d("0.52"));
        assert_eq!(
            top_n_share(&ds(&["1", "1", "2"]), 1).unwrap().value(),
            d("0.5")
        );
        assert_eq!(
            top_n_share(&ds(&["1", "1", "2"]), 0).unwrap().value(),
            d("0")
        );
        assert_eq!(
            top_n_share(&ds(&["1", "1", "2"]), 9).unwrap().value(),
            d("1")
        );
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(hhi(&[]), Err(Error::Empty { .. })));
        assert!(matches!(
            hhi(&ds(&["0", "0"])),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(matches!(
            hhi(&ds(&["1", "-1"])),
            Err(Error::Negative { .. })
        ));
        assert!(matches!(top_n_share(&[], 1), Err(Error::Empty { .. })));
        assert!(matches!(shares::<&str, _>([]), Err(Error::Empty { .. })));
        assert!(matches!(
            shares([("a", d("0"))]),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(matches!(
            shares([("a", d("-1"))]),
            Err(Error::Negative { .. })
        ));
    }
}
