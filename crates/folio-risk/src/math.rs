//! Checked decimal arithmetic and the one rounding rule of the crate.

use folio_types::decimal::power_of_ten;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};

/// The number of decimal places every score (dimension, product, portfolio) is rounded
/// to.
///
/// Rounding is half away from zero (`3.45675` becomes `3.4568`). Shares and
/// contributions in explanations are not rounded: they keep the 28 significant digits
/// of a [`Decimal`] division.
///
/// # Example
///
/// ```
/// use folio_risk::{MissingRatingPolicy, RiskModel, Scorer, ScoringConfig};
/// # use folio_risk::Assessment;
/// # use folio_types::RiskRating;
/// # use rust_decimal::Decimal;
/// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
/// #     let mut pairs = Vec::new();
/// #     for &(factor, rating) in ratings {
/// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
/// #     }
/// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
/// # }
///
/// let scorer = Scorer::new(
///     RiskModel::standard(),
///     ScoringConfig::default().with_missing(MissingRatingPolicy::ExcludeAndRenormalize),
/// )?;
/// // Technical (1 + 1 + 2) / 3 = 1.3333… and financial 2: the score is 1.6666…, shown
/// // rounded to four places.
/// let scored = scorer.score(&assess("atlas", "2026-09-30", &[
///     ("reliability", 1), ("security", 1), ("platform_debt", 2), ("margin_compression", 2),
/// ])?)?;
/// assert_eq!(scored.score.to_string(), "1.6667");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const SCORE_DECIMALS: u32 = 4;

fn overflow(operation: &'static str) -> Error {
    Error::Core(folio_types::Error::Overflow { operation })
}

/// `a + b`, or an overflow error naming `operation`.
pub(crate) fn add(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| overflow(operation))
}

/// `a - b`, or an overflow error naming `operation`.
pub(crate) fn sub(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| overflow(operation))
}

/// `a * b`, or an overflow error naming `operation`.
pub(crate) fn mul(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| overflow(operation))
}

/// `a * b` with the digits and scale of [`mul`], for a non-negative `a` (a share) and
/// a non-negative `b` whose mantissa fits in 32 bits (a rounded score): the product of
/// the mantissas then fits in `u128` and is rounded there as `rust_decimal` rounds it,
/// instead of in its 192-bit buffer.
///
/// `rust_decimal` keeps the exact product when it fits in 96 bits with at most 28
/// decimals. Otherwise it drops `k` digits, rounding half to even on the exact
/// remainder: `k` is first its estimate from the product's bit length `n`
/// (`⌊77 (n − 97) / 256⌋ + 1`, an overflow if that exceeds the scale), at least the
/// decimals beyond 28, then one more while the quotient still needs more than 96 bits.
/// A quotient that rounds up to exactly `2^96` is divided once more after rounding; that
/// case, and anything else outside the shortcut, goes to [`mul`]. A property test checks
/// both give the same digits.
pub(crate) fn mul_share(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    match fast_mul_share(a, b) {
        Some(product) => Ok(product),
        None => mul(a, b, operation),
    }
}

/// The `u128` path of [`mul_share`]; `None` where it does not apply.
fn fast_mul_share(a: Decimal, b: Decimal) -> Option<Decimal> {
    const MAX_SCALE: u32 = 28;
    /// Beyond this scale `rust_decimal` writes the product of two 32-bit mantissas as a
    /// zero of scale 0 rather than of scale 28.
    const ZERO_SCALE: u32 = MAX_SCALE + 19;
    const LIMIT: u128 = 1 << 96;
    if a.is_sign_negative() || b.is_sign_negative() {
        return None;
    }
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    if ma == 0 || mb == 0 {
        return Some(Decimal::ZERO);
    }
    if mb > u128::from(u32::MAX) {
        return None;
    }
    let product = ma.checked_mul(mb)?;
    let scale = a.scale().checked_add(b.scale())?;
    if scale > ZERO_SCALE {
        return None;
    }
    let bits = 128u32.checked_sub(product.leading_zeros())?;
    let estimate = match bits.checked_sub(97) {
        Some(excess) => {
            let estimate = excess.checked_mul(77)?.checked_shr(8)?.checked_add(1)?;
            if estimate > scale {
                return None;
            }
            estimate
        }
        None => 0,
    };
    let mut drop = estimate.max(scale.saturating_sub(MAX_SCALE));
    if drop == 0 {
        return Decimal::try_from_i128_with_scale(i128::try_from(product).ok()?, scale).ok();
    }
    loop {
        let unit = power_of_ten(drop)?;
        let (quotient, remainder) = div_rem(product, unit)?;
        if quotient >= LIMIT {
            drop = drop.checked_add(1)?;
            continue;
        }
        let half = unit.checked_div(2)?;
        let odd = quotient.checked_rem(2)? == 1;
        let rounded = if remainder > half || (remainder == half && odd) {
            quotient.checked_add(1)?
        } else {
            quotient
        };
        if rounded >= LIMIT {
            return None;
        }
        return Decimal::try_from_i128_with_scale(
            i128::try_from(rounded).ok()?,
            scale.checked_sub(drop)?,
        )
        .ok();
    }
}

/// `n / d` and `n % d` for `0 < d < 2^32`, as three 64-bit divisions of 32-bit digits
/// (schoolbook long division) instead of a 128-bit division; `None` if `d` is zero or
/// too large.
fn div_rem(n: u128, d: u128) -> Option<(u128, u128)> {
    const LOW: u128 = 0xffff_ffff;
    let d = u64::try_from(d)
        .ok()
        .filter(|d| *d > 0 && *d <= 0xffff_ffff)?;
    let high = u64::try_from(n.checked_shr(64)?).ok()?;
    let middle = u64::try_from(n.checked_shr(32)? & LOW).ok()?;
    let low = u64::try_from(n & LOW).ok()?;
    let (q1, r1) = (high.checked_div(d)?, high.checked_rem(d)?);
    // Each remainder is below `d < 2^32`, so the next partial dividend fits in 64 bits.
    let x = r1.checked_shl(32)? | middle;
    let (q2, r2) = (x.checked_div(d)?, x.checked_rem(d)?);
    let y = r2.checked_shl(32)? | low;
    let (q3, r3) = (y.checked_div(d)?, y.checked_rem(d)?);
    let quotient =
        u128::from(q1).checked_shl(64)? | u128::from(q2).checked_shl(32)? | u128::from(q3);
    Some((quotient, u128::from(r3)))
}

/// `a / b`, or a division-by-zero or overflow error naming `operation`.
pub(crate) fn div(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    if b.is_zero() {
        return Err(Error::Core(folio_types::Error::DivisionByZero {
            operation,
        }));
    }
    a.checked_div(b).ok_or_else(|| overflow(operation))
}

/// A score rounded to [`SCORE_DECIMALS`] places, half away from zero, without trailing
/// zeros.
///
/// Scores are rounded once per dimension and product, so this is on the hot path of
/// scoring: the mantissa (at most 96 bits) is divided once in `u128` rather than by
/// `rust_decimal`'s general rounding loop. Anything the shortcut does not cover falls
/// back to that loop, and a property test checks both give the same digits.
pub(crate) fn round_score(value: Decimal) -> Decimal {
    fast_round_score(value).unwrap_or_else(|| reference_round_score(value))
}

/// `round_score(a / b)`: the rounded score of a weighted mean, with the same checks and
/// the same digits as [`div`] followed by [`round_score`].
///
/// When both operands are non-negative with mantissas small enough (the common case:
/// weights and ratings with a few digits), the quotient is rounded straight from integer
/// arithmetic: `a / b = (m_a · 10^s_b) / (m_b · 10^s_a)`, and rounding to
/// [`SCORE_DECIMALS`] places is `⌊n / d⌋` plus one when the remainder is at least half
/// of `d`, with `n = m_a · 10^(s_b + SCORE_DECIMALS)` and `d = m_b · 10^s_a`. This gives
/// the digits of the two-step computation because `d` is kept below `10^20`: the
/// two-step computation first rounds the quotient to 28 significant digits, an error
/// below `10^-26` for a quotient below 100, while a quotient that is not a midpoint lies
/// at least `1 / (2d) · 10^-4 > 10^-25` away from one, so that first rounding never moves
/// it across a midpoint (and an exact midpoint has at most five decimals, which the
/// division keeps exactly).
pub(crate) fn div_round_score(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    match fast_div_round_score(a, b) {
        Some(value) => Ok(value),
        None => Ok(round_score(div(a, b, operation)?)),
    }
}

/// The integer path of [`div_round_score`]; `None` where it does not apply.
fn fast_div_round_score(a: Decimal, b: Decimal) -> Option<Decimal> {
    /// Below this, `d` keeps the first rounding of the two-step computation away from
    /// every midpoint (see [`div_round_score`]).
    const LIMIT: u128 = 100_000_000_000_000_000_000;
    if a.is_sign_negative() || b.is_sign_negative() || b.is_zero() {
        return None;
    }
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let n = ma.checked_mul(10u128.checked_pow(b.scale().checked_add(SCORE_DECIMALS)?)?)?;
    let d = mb.checked_mul(10u128.checked_pow(a.scale())?)?;
    if d >= LIMIT {
        return None;
    }
    let quotient = n.checked_div(d)?;
    // Quotients of 100 or more are left to the general path, which the error bound
    // above does not cover.
    if quotient >= 100u128.checked_mul(10u128.pow(SCORE_DECIMALS))? {
        return None;
    }
    let remainder = n.checked_rem(d)?;
    let rounded = if remainder >= d.checked_sub(remainder)? {
        quotient.checked_add(1)?
    } else {
        quotient
    };
    Decimal::try_from_i128_with_scale(i128::try_from(rounded).ok()?, SCORE_DECIMALS)
        .ok()
        .map(|d| d.normalize())
}

/// The straightforward rounding that [`round_score`] must match digit for digit.
pub(crate) fn reference_round_score(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(SCORE_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `value` rounded to [`SCORE_DECIMALS`] places, half away from zero, and normalized,
/// computed on the mantissa; `None` where the shortcut does not apply.
fn fast_round_score(value: Decimal) -> Option<Decimal> {
    let scale = value.scale();
    let Some(excess) = scale.checked_sub(SCORE_DECIMALS).filter(|e| *e > 0) else {
        return Some(value.normalize());
    };
    let divisor = 10u128.checked_pow(excess)?;
    let mantissa = value.mantissa();
    let magnitude = mantissa.unsigned_abs();
    let quotient = magnitude.checked_div(divisor)?;
    let remainder = magnitude.checked_rem(divisor)?;
    // `divisor` is a power of ten above 1, so half of it is exact.
    let half = divisor.checked_div(2)?;
    let rounded = if remainder >= half {
        quotient.checked_add(1)?
    } else {
        quotient
    };
    let signed = i128::try_from(rounded).ok()?;
    let signed = if mantissa < 0 {
        signed.checked_neg()?
    } else {
        signed
    };
    Decimal::try_from_i128_with_scale(signed, SCORE_DECIMALS)
        .ok()
        .map(|d| d.normalize())
}

#[cfg(test)]
#[path = "math_fast_paths.rs"]
mod fast_paths;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_table() {
        for (input, expected) in [
            ("3.45675", "3.4568"),
            ("3.45665", "3.4567"),
            ("3.4566499", "3.4566"),
            ("4.00000000000000000000000001", "4"),
            ("3.9999999999999999999999999", "4"),
            ("2.5000", "2.5"),
        ] {
            assert_eq!(round_score(d(input)), d(expected), "{input}");
        }
    }

    #[test]
    fn checked_operations_report_the_operation() {
        assert_eq!(
            add(Decimal::MAX, Decimal::ONE, "summing"),
            Err(overflow("summing"))
        );
        assert_eq!(
            sub(Decimal::MIN, Decimal::ONE, "subtracting"),
            Err(overflow("subtracting"))
        );
        assert_eq!(
            mul(Decimal::MAX, Decimal::TWO, "weighting"),
            Err(overflow("weighting"))
        );
        assert_eq!(
            div(Decimal::ONE, Decimal::ZERO, "sharing"),
            Err(Error::Core(folio_types::Error::DivisionByZero {
                operation: "sharing"
            }))
        );
        assert_eq!(div(d("1"), d("4"), "x"), Ok(d("0.25")));
    }
}
