//! Fixed-point arithmetic for the weighted rollup: non-negative decimals as `u128`
//! mantissas at a fixed scale, so that a term and a sum cost one integer operation and
//! stay exact.
//!
//! A value `v` at scale `s` is the integer `v × 10^s`. Weights and progress are never
//! negative, so every quantity here is a `u128`; anything that does not fit is `None`
//! and the caller falls back to `Decimal` arithmetic.

use folio_types::Decimal;

/// `10^0 ..= 10^38`: every power of ten a `u128` holds.
const POW10: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut power = 1u128;
    let mut i = 0;
    // A constant loop over a fixed table: clippy's indexing and arithmetic checks
    // cannot see that it stays in bounds and below 10^38, but the compiler evaluates
    // it, and any overflow would fail the build.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    while i < 39 {
        table[i] = power;
        if i < 38 {
            power *= 10;
        }
        i += 1;
    }
    table
};

/// The largest mantissa a `Decimal` holds: `2^96 - 1`.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// The largest scale a `Decimal` holds.
const MAX_SCALE: u32 = 28;

#[inline]
fn pow10(exponent: u32) -> Option<u128> {
    POW10.get(usize::try_from(exponent).ok()?).copied()
}

/// The mantissa and scale of a non-negative decimal.
#[inline]
fn parts(value: Decimal) -> Option<(u128, u32)> {
    if value.is_sign_negative() && !value.is_zero() {
        return None;
    }
    Some((value.mantissa().unsigned_abs(), value.scale()))
}

/// `a × b`, or `None` on overflow. Mantissas of everyday weights and progress fit in
/// 64 bits, and a product of two such factors is one widening multiplication.
#[inline]
fn mul(a: u128, b: u128) -> Option<u128> {
    match (u64::try_from(a), u64::try_from(b)) {
        // Both factors are below 2^64, so the product is below 2^128: it cannot wrap.
        (Ok(a), Ok(b)) => Some(u128::from(a).wrapping_mul(u128::from(b))),
        _ => a.checked_mul(b),
    }
}

/// `numerator / denominator` and its remainder, with one division.
#[inline]
fn div_rem(numerator: u128, denominator: u128) -> Option<(u128, u128)> {
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_sub(mul(quotient, denominator)?)?;
    Some((quotient, remainder))
}

/// `numerator / denominator`, rounded half away from zero (half up, for positives).
#[inline]
fn div_half_up(numerator: u128, denominator: u128) -> Option<u128> {
    let (quotient, remainder) = div_rem(numerator, denominator)?;
    if remainder >= denominator.checked_sub(remainder)? {
        quotient.checked_add(1)
    } else {
        Some(quotient)
    }
}

/// `w × p` at `scale` decimal places, rounded half away from zero when the exact
/// product has more; `None` when it does not fit.
#[inline]
pub(crate) fn product(w: Decimal, p: Decimal, scale: u32) -> Option<u128> {
    let (mw, sw) = parts(w)?;
    let (mp, sp) = parts(p)?;
    let exact = mul(mw, mp)?;
    let exact_scale = sw.checked_add(sp)?;
    if exact_scale <= scale {
        mul(exact, pow10(scale.checked_sub(exact_scale)?)?)
    } else {
        div_half_up(exact, pow10(exact_scale.checked_sub(scale)?)?)
    }
}

/// Whether `value >= threshold`, for non-negative decimals: the mantissas compared at
/// the larger of the two scales, one multiplication at most. Falls back to `Decimal`'s
/// own comparison when a rescaled mantissa does not fit.
#[inline]
pub(crate) fn at_least(value: Decimal, threshold: Decimal) -> bool {
    let (Some((mv, sv)), Some((mt, st))) = (parts(value), parts(threshold)) else {
        return value >= threshold;
    };
    let rescaled = if sv >= st {
        pow10(sv.saturating_sub(st))
            .and_then(|unit| mul(mt, unit))
            .map(|mt| (mv, mt))
    } else {
        pow10(st.saturating_sub(sv))
            .and_then(|unit| mul(mv, unit))
            .map(|mv| (mv, mt))
    };
    match rescaled {
        Some((v, t)) => v >= t,
        None => value >= threshold,
    }
}

/// `sum / total` for a `sum` held at `scale` decimal places: exact when the quotient
/// has at most 28 decimal places, else rounded half to even at the most decimal places
/// (at most 28) whose mantissa a `Decimal` holds, as `Decimal` division rounds. Trailing
/// zeros are dropped. `None` if `total` is zero or an intermediate does not fit.
#[inline]
pub(crate) fn quotient(sum: u128, scale: u32, total: Decimal) -> Option<Decimal> {
    let (mt, st) = parts(total)?;
    if mt == 0 {
        return None;
    }
    // At result scale r: q = sum × 10^(st + r) / (mt × 10^scale).
    let mut r = MAX_SCALE;
    loop {
        let e = st.checked_add(r)?;
        let fraction = if e >= scale {
            mul(sum, pow10(e.checked_sub(scale)?)?).map(|n| (n, mt))
        } else {
            mul(mt, pow10(scale.checked_sub(e)?)?).map(|d| (sum, d))
        };
        if let Some((n, d)) = fraction {
            let (q, remainder) = div_rem(n, d)?;
            // Half to even: up when the remainder is above half, or exactly half with an
            // odd quotient.
            let up = match remainder.cmp(&d.checked_sub(remainder)?) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => q & 1 == 1,
                std::cmp::Ordering::Less => false,
            };
            let q = if up { q.checked_add(1)? } else { q };
            if q <= MAX_MANTISSA {
                let (q, r) = if remainder == 0 {
                    strip_zeros(q, r)
                } else {
                    (q, r)
                };
                return Decimal::try_from_i128_with_scale(i128::try_from(q).ok()?, r).ok();
            }
        }
        r = r.checked_sub(1)?;
    }
}

/// Drops trailing decimal zeros of `q` at scale `r`, a few powers of ten at a time.
fn strip_zeros(mut q: u128, mut r: u32) -> (u128, u32) {
    for step in [16u32, 8, 4, 2, 1] {
        let Some(unit) = pow10(step) else { continue };
        while let (Some(rest), Some(0)) = (r.checked_sub(step), q.checked_rem(unit)) {
            q = q.checked_div(unit).unwrap_or(q);
            r = rest;
        }
    }
    (q, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn products_round_half_up_past_the_scale() {
        let cases = [
            ("3", "0.8", 20, Some(240_000_000_000_000_000_000u128)),
            ("0.5", "0.3", 1, Some(2)),
            ("0.5", "0.1", 1, Some(1)),
            ("0.25", "0.1", 2, Some(3)),
            ("-1", "1", 2, None),
        ];
        for (w, p, scale, expected) in cases {
            assert_eq!(product(d(w), d(p), scale), expected, "{w} × {p}");
        }
    }

    #[test]
    fn at_least_matches_decimal_comparison() {
        let cases = [
            ("1", "1"),
            ("1.0000", "1"),
            ("0.9999", "1"),
            ("1.2", "1"),
            ("0.7", "0.70"),
            ("0.6999999999999999999999999999", "0.7"),
            ("0", "0"),
            ("79228162514264337593543950335", "0.5"),
            ("0.5", "79228162514264337593543950335"),
        ];
        for (v, t) in cases {
            assert_eq!(at_least(d(v), d(t)), d(v) >= d(t), "{v} >= {t}");
        }
    }

    #[test]
    fn quotients_match_decimal_division() {
        // (sum, scale, total): the quotient equals Decimal's own division, digit for digit.
        let cases = [
            (28u128, 1, "4"),
            (1, 0, "3"),
            (2, 0, "3"),
            (22, 0, "3"),
            (5, 28, "2"),
            (7, 28, "2"),
            (280_000_000_000_000_000_000, 20, "4.00"),
            (123_456_789, 4, "0.07"),
            (1, 20, "7"),
        ];
        for (sum, scale, total) in cases {
            let expected =
                Decimal::from_i128_with_scale(i128::try_from(sum).unwrap(), scale) / d(total);
            let got = quotient(sum, scale, d(total)).unwrap();
            assert_eq!(got, expected, "{sum}e-{scale} / {total}");
            assert_eq!(got.to_string(), expected.normalize().to_string());
        }
        assert_eq!(quotient(1, 0, Decimal::ZERO), None);
    }
}
