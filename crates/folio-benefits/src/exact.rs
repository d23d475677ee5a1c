//! Exact division with the digits of [`Ratio::of`], without `rust_decimal`'s general
//! division loop on the common path.
//!
//! Every ratio this crate publishes (a checkpoint's relative variance, an initiative's
//! rate and variance, a group's rate, each member's share and contribution, a bias
//! share) is `Ratio::of(a, b)`: `rust_decimal`'s quotient, rounded to 28 decimal places
//! (half to even) when it has more, then normalized (no trailing zeros). A review of
//! 10,000 initiatives does about twelve of these per initiative, and the general loop
//! (several 96-bit long-division steps, then a separate normalization pass) was the
//! largest single cost of the review.
//!
//! # The shortcut
//!
//! With `a = m_a / 10^s_a` and `b = m_b / 10^s_b`, the quotient at 28 places is
//! `n / m_b` with `n = m_a · 10^(28 + s_b − s_a)`. When `n` fits in a `u128` (amounts
//! with up to about nine significant digits each side, as money in cents is), one
//! `u128` division gives `⌊|q| · 10^28⌋` and its remainder, which round half to even
//! exactly as `rust_decimal` rounds its last digit.
//!
//! Why this gives the same digits: `rust_decimal` computes the integer quotient at the
//! scale `s_a − s_b`, then, while a remainder is left, appends up to nine digits at a
//! time (as many as keep the mantissa within 96 bits, and the scale at most 28), and
//! rounds the last digit half to even on the remainder. Each intermediate mantissa is
//! `⌊|q| · 10^s⌋` for its scale `s ≤ 28`, so none exceeds `⌊|q| · 10^28⌋`. When that is
//! below `2^96 − 1`, no step can overflow, every step appends as many digits as it may,
//! and the result is either the exact quotient (when it has at most 28 places) or
//! `⌊|q| · 10^28⌋` rounded half to even on the remainder, at scale 28; normalized, both
//! are what this computes. Outside that range (a quotient of about 7.9 or more with 28
//! places, operands too wide for `u128`), a zero quotient (whose sign `rust_decimal`
//! decides), a zero divisor: the shortcut declines and [`Ratio::of`] itself runs, so
//! values and errors stay the same. A property test in this module compares both, digit
//! for digit and scale for scale, over arbitrary decimals and over money-like ones.

use folio_types::Ratio;
use rust_decimal::Decimal;

/// The largest mantissa of a [`Decimal`]: `2^96 − 1`.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// The largest scale of a [`Decimal`].
const MAX_SCALE: u32 = 28;

/// `10^k` for every `k` whose power fits in a `u128` (a table: `checked_pow` costs a
/// loop of checked multiplications on every division).
// Evaluated at compile time: an out-of-range index or an overflow would fail the build,
// not a run.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const POWERS_OF_TEN: [u128; 39] = {
    let mut powers = [1u128; 39];
    let mut k = 1;
    while k < powers.len() {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// `10^k`, if it fits in a `u128`.
fn power_of_ten(k: u32) -> Option<u128> {
    POWERS_OF_TEN.get(usize::try_from(k).ok()?).copied()
}

/// `Ratio::of(numerator, denominator)`: the same value, scale and errors.
///
/// # Errors
///
/// Those of [`Ratio::of`]: division by zero, or a quotient that does not fit.
pub(crate) fn ratio_of(numerator: Decimal, denominator: Decimal) -> folio_types::Result<Ratio> {
    match quotient(numerator, denominator) {
        Some(value) => Ok(Ratio::from_decimal(value)),
        None => Ratio::of(numerator, denominator),
    }
}

/// The normalized quotient `numerator / denominator` by the shortcut of the module
/// docs; `None` where the shortcut does not apply.
fn quotient(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        return None;
    }
    if numerator.is_zero() {
        // `rust_decimal` returns its zero for any zero dividend.
        return Some(Decimal::ZERO);
    }
    let top = numerator.mantissa().unsigned_abs();
    let bottom = denominator.mantissa().unsigned_abs();
    let shift = MAX_SCALE
        .checked_add(denominator.scale())?
        .checked_sub(numerator.scale())?;
    let scaled = top.checked_mul(*POWERS_OF_TEN.get(usize::try_from(shift).ok()?)?)?;
    let floor = scaled.checked_div(bottom)?;
    if floor >= MAX_MANTISSA {
        return None;
    }
    // `floor · bottom ≤ scaled`: neither operation wraps.
    let remainder = scaled.wrapping_sub(floor.wrapping_mul(bottom));
    // Half to even: `remainder < bottom < 2^96`, so doubling it cannot overflow.
    let twice = remainder.checked_mul(2)?;
    let round_up = twice > bottom || (twice == bottom && floor & 1 == 1);
    let rounded = if round_up {
        floor.checked_add(1)?
    } else {
        floor
    };
    if rounded == 0 {
        return None;
    }
    let (mantissa, scale) = strip_zeros(rounded, MAX_SCALE)?;
    let signed = i128::try_from(mantissa).ok()?;
    let signed = if numerator.is_sign_negative() != denominator.is_sign_negative() {
        signed.checked_neg()?
    } else {
        signed
    };
    Decimal::try_from_i128_with_scale(signed, scale).ok()
}

/// `mantissa · 10^-scale` without trailing zeros (scale not below zero), as
/// [`Decimal::normalize`] gives it.
fn strip_zeros(mut mantissa: u128, mut scale: u32) -> Option<(u128, u32)> {
    // Most quotients end in a non-zero digit: tell from the two 64-bit halves, since
    // `2^64 ≡ 6 (mod 10)`, without a 128-bit division.
    let high = u64::try_from(mantissa >> 64).ok()?;
    let low = u64::try_from(mantissa & u128::from(u64::MAX)).ok()?;
    let last_digit = high
        .checked_rem(10)?
        .checked_mul(6)?
        .checked_add(low.checked_rem(10)?)?
        .checked_rem(10)?;
    if last_digit != 0 {
        return Some((mantissa, scale));
    }
    // At most 28 zeros to strip: one try each of 16, 8, 4, 2 and 1 covers up to 31.
    for (digits, power) in [
        (16u32, 10_000_000_000_000_000u128),
        (8, 100_000_000),
        (4, 10_000),
        (2, 100),
        (1, 10),
    ] {
        if scale >= digits && mantissa.checked_rem(power)? == 0 {
            mantissa = mantissa.checked_div(power)?;
            scale = scale.checked_sub(digits)?;
        }
    }
    Some((mantissa, scale))
}

/// `value.abs() > bound`, compared on the mantissas in `u128` rather than by
/// `rust_decimal`'s general comparison (which rescales both sides in 192 bits).
///
/// Both sides are brought to the larger of the two scales: `|m_v| · 10^(s − s_v)`
/// against `m_b · 10^(s − s_b)`. Mantissas have at most 96 bits and the scales differ by
/// at most 28, so a side that no longer fits in `u128` is the larger one. A negative
/// bound is left to `rust_decimal`.
pub(crate) fn abs_exceeds(value: Decimal, bound: Decimal) -> bool {
    fast_abs_exceeds(value, bound).unwrap_or_else(|| value.abs() > bound)
}

/// The integer path of [`abs_exceeds`]; `None` where it does not apply.
fn fast_abs_exceeds(value: Decimal, bound: Decimal) -> Option<bool> {
    if bound.is_sign_negative() && !bound.is_zero() {
        return None;
    }
    let magnitude = value.mantissa().unsigned_abs();
    let limit = bound.mantissa().unsigned_abs();
    let (value_scale, bound_scale) = (value.scale(), bound.scale());
    Some(if value_scale >= bound_scale {
        let power = power_of_ten(value_scale.checked_sub(bound_scale)?)?;
        // A bound that overflows `u128` when scaled exceeds every 96-bit magnitude.
        limit
            .checked_mul(power)
            .is_some_and(|limit| magnitude > limit)
    } else {
        let power = power_of_ten(bound_scale.checked_sub(value_scale)?)?;
        magnitude
            .checked_mul(power)
            .is_none_or(|magnitude| magnitude > limit)
    })
}

/// `1 − value`, as `Decimal::ONE.checked_sub(value)` gives it (value, scale and sign),
/// from one integer subtraction at `value`'s scale; `None` where that might not be
/// `rust_decimal`'s answer (then the caller subtracts with `rust_decimal`).
///
/// `rust_decimal` brings 1 to `value`'s scale (`10^s`, which fits in 96 bits for every
/// scale up to 28) and subtracts the mantissas; when the difference fits in 96 bits it
/// is the result, at that scale. A zero `value` (which it returns 1 for, at scale 0), a
/// zero difference (whose sign it decides) and a difference beyond 96 bits (which it
/// rounds) are left to it.
pub(crate) fn one_minus(value: Decimal) -> Option<Decimal> {
    if value.is_zero() {
        return None;
    }
    let scale = value.scale();
    let one = i128::try_from(*POWERS_OF_TEN.get(usize::try_from(scale).ok()?)?).ok()?;
    let difference = one.checked_sub(value.mantissa())?;
    if difference == 0 || difference.unsigned_abs() > MAX_MANTISSA {
        return None;
    }
    Some(Decimal::from_i128_with_scale(difference, scale))
}

/// The sum of `values` from zero, as a chain of `rust_decimal` `checked_add`s gives it
/// (value, scale and sign), from integer additions; `None` where that might not be
/// `rust_decimal`'s answer (then the caller adds with `rust_decimal`).
///
/// `rust_decimal` adds two decimals by bringing the one of smaller scale to the larger
/// scale, then adding the mantissas; when the rescaled operand and the sum fit in 96
/// bits, the sum is exact, at the larger scale. So while every running sum and every
/// rescaled operand fits in 96 bits, the chain's result is the exact sum at the largest
/// scale seen, which is what this computes. Adding a zero gives the other operand
/// unchanged (scale included), so zeros are skipped; a running sum that comes to zero
/// (whose sign and scale `rust_decimal` decides) is left to it.
pub(crate) fn sum(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let power = |k: u32| -> Option<i128> {
        i128::try_from(*POWERS_OF_TEN.get(usize::try_from(k).ok()?)?).ok()
    };
    let fits = |m: i128| m.unsigned_abs() <= MAX_MANTISSA;
    let (mut total, mut scale) = (0i128, 0u32);
    for value in values {
        if value.is_zero() {
            continue;
        }
        let mut mantissa = value.mantissa();
        let value_scale = value.scale();
        if value_scale > scale {
            total = total.checked_mul(power(value_scale.checked_sub(scale)?)?)?;
            scale = value_scale;
        } else {
            mantissa = mantissa.checked_mul(power(scale.checked_sub(value_scale)?)?)?;
        }
        if !fits(total) || !fits(mantissa) {
            return None;
        }
        total = total.checked_add(mantissa)?;
        if !fits(total) || total == 0 {
            return None;
        }
    }
    if total == 0 {
        return None;
    }
    Some(Decimal::from_i128_with_scale(total, scale))
}

#[cfg(test)]
mod tests {
    // Generators build operands with plain arithmetic on values far inside their types.
    #![allow(clippy::arithmetic_side_effects)]

    use proptest::prelude::*;

    use super::*;

    /// The shortcut (where it applies) against `Ratio::of`: the same outcome, and for
    /// a value the same mantissa, scale and sign.
    fn same(a: Decimal, b: Decimal) {
        let reference = Ratio::of(a, b);
        let fast = ratio_of(a, b);
        match (&fast, &reference) {
            (Ok(fast), Ok(reference)) => {
                let (f, r) = (fast.value(), reference.value());
                assert_eq!(f.to_string(), r.to_string(), "{a} / {b}");
                assert_eq!(f.mantissa(), r.mantissa(), "{a} / {b}");
                assert_eq!(f.scale(), r.scale(), "{a} / {b}");
                assert_eq!(f.is_sign_negative(), r.is_sign_negative(), "{a} / {b}");
            }
            _ => assert_eq!(fast, reference, "{a} / {b}"),
        }
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// Any decimal: a mantissa of up to 96 bits, any scale, either sign.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<u128>(), 0u32..=28, any::<bool>(), 0u32..=96).prop_map(
            |(bits, scale, negative, width)| {
                let mantissa = if width == 0 { 0 } else { bits >> (128 - width) };
                let mantissa = i128::try_from(mantissa).unwrap();
                Decimal::from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
            },
        )
    }

    /// A money-like decimal: up to twelve digits, up to four places, either sign.
    fn money_like() -> impl Strategy<Value = Decimal> {
        (-999_999_999_999i64..=999_999_999_999, 0u32..=4)
            .prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    #[test]
    fn edges_divide_the_same() {
        let cases = [
            ("1", "3"),
            ("2", "3"),
            ("-2", "3"),
            ("1", "4"),
            ("1.00", "4"),
            ("1.20", "4"),
            ("100", "1.00"),
            ("1", "0.03"),
            ("0", "7"),
            ("-0", "7"),
            ("5", "0"),
            ("0", "0"),
            ("4100", "4000"),
            ("-100.01", "1000"),
            ("1000", "1000"),
            ("7.9228162514264337593543950335", "1"),
            ("7.9228162514264337593543950334", "1"),
            (
                "7.9228162514264337593543950335",
                "0.9999999999999999999999999999",
            ),
            ("79228162514264337593543950335", "1"),
            ("79228162514264337593543950335", "0.1"),
            ("79228162514264337593543950335", "3"),
            ("0.0000000000000000000000000001", "3"),
            ("0.0000000000000000000000000001", "2"),
            ("0.0000000000000000000000000003", "2"),
            (
                "0.0000000000000000000000000001",
                "79228162514264337593543950335",
            ),
            ("1", "79228162514264337593543950335"),
            ("0.9999999999999999999999999999", "1"),
            ("0.99999999999999999999999999995", "1"),
            ("2", "0.0000000000000000000000000001"),
            ("12345678.90", "0.07"),
            ("-7", "-3"),
            ("7", "-3"),
        ];
        for (a, b) in cases {
            same(d(a), d(b));
        }
        same(Decimal::MAX, Decimal::MAX);
        same(Decimal::MIN, Decimal::MAX);
        same(Decimal::MAX, Decimal::new(-1, 28));
    }

    #[test]
    fn comparisons_are_the_same() {
        for (v, b) in [
            ("0.1", "0.10"),
            ("-0.1", "0.10"),
            ("0.10001", "0.1"),
            ("-0.25", "0.25"),
            ("-0.2500000000000000000000000001", "0.25"),
            ("0", "0"),
            ("0.0000000000000000000000000001", "0"),
            (
                "79228162514264337593543950335",
                "0.0000000000000000000000000001",
            ),
            (
                "0.0000000000000000000000000001",
                "79228162514264337593543950335",
            ),
            ("1", "-1"),
        ] {
            assert_eq!(abs_exceeds(d(v), d(b)), d(v).abs() > d(b), "{v} > {b}");
        }
    }

    /// The shortcuts take the common path the module docs describe (and decline where
    /// they say): the comparisons above hold them to `rust_decimal` where they answer,
    /// this holds that they answer at all, since declining everywhere would give the
    /// same values through the general path, only slower.
    #[test]
    fn the_shortcuts_answer_on_the_common_path() {
        // Money-like quotients: `n` fits in a `u128` and the quotient is below 7.9
        // (the digits from Python's `decimal`, quantized to 28 places half to even).
        for (a, b, q) in [
            ("1", "3", "0.3333333333333333333333333333"),
            ("-2", "3", "-0.6666666666666666666666666667"),
            ("1", "4", "0.25"),
            ("4100", "4000", "1.025"),
            ("12.34", "56.78", "0.2173300457907713983797111659"),
        ] {
            let fast = quotient(d(a), d(b));
            assert_eq!(fast.map(|q| q.to_string()), Some(q.to_owned()), "{a} / {b}");
        }
        // A quotient with 28 places whose mantissa is `2^96 − 1` is past the range.
        assert_eq!(quotient(d("7.9228162514264337593543950335"), d("1")), None);
        // A quotient that rounds to zero, and a zero divisor, are left to the general
        // path.
        assert_eq!(quotient(d("0.0000000000000000000000000001"), d("3")), None);
        assert_eq!(quotient(d("5"), d("0")), None);

        // Comparisons with a bound of zero or above, at any two scales.
        for (v, b, exceeds) in [
            ("0.10001", "0.1", true),
            ("0.1", "0.10001", false),
            ("-0.25", "0.25", false),
            ("-0.2500000000000000000000000001", "0.25", true),
            ("3", "0", true),
        ] {
            assert_eq!(fast_abs_exceeds(d(v), d(b)), Some(exceeds), "{v} > {b}");
        }
        assert_eq!(fast_abs_exceeds(d("1"), d("-1")), None);

        // `1 − v` at `v`'s scale.
        let minus = one_minus(d("0.25")).unwrap();
        assert_eq!((minus.mantissa(), minus.scale()), (75, 2));
        let minus = one_minus(d("1.5")).unwrap();
        assert_eq!((minus.mantissa(), minus.scale()), (-5, 1));
        assert_eq!(one_minus(d("1.00")), None);
        // A difference of exactly `2^96 − 1` still fits.
        assert_eq!(
            one_minus(d("-79228162514264337593543950334")),
            Some(Decimal::MAX)
        );

        // Sums whose running totals fit: the exact sum at the largest scale seen.
        let total = sum([d("0.5"), d("1.25"), d("0"), d("-0.75"), d("2")].into_iter()).unwrap();
        assert_eq!((total.mantissa(), total.scale()), (300, 2));
        // A running sum that comes to zero is left to `rust_decimal`.
        assert_eq!(sum([d("1"), d("-1.0")].into_iter()), None);
        assert_eq!(sum(std::iter::empty()), None);
    }

    /// Quotients exactly half-way between two values at 28 places: both the even and
    /// the odd last digit, positive and negative, and a tie that rounds to zero.
    #[test]
    fn ties_round_as_rust_decimal_rounds_them() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let two_e28 = "20000000000000000000000000000";
        for (a, b) in [
            ("5", two_e28),
            ("3", two_e28),
            ("7", two_e28),
            ("-5", two_e28),
            ("-3", two_e28),
            ("1", two_e28),
            ("0.0000000000000000000000000005", "2"),
            ("0.0000000000000000000000000025", "2"),
            ("1.0000000000000000000000000005", "2"),
            ("1.0000000000000000000000000015", "-2"),
            ("2.5", "0.0000000000000000000000000002"),
        ] {
            same(d(a), d(b));
        }
    }

    /// Sums whose operands nearly cancel, where one operand rescaled to the other's
    /// scale needs more than 96 bits although the sum does not: `rust_decimal` adds
    /// them exactly (in a wider buffer), so the shortcut may decline or answer, but an
    /// answer is `rust_decimal`'s digits and scale.
    #[test]
    fn near_cancelling_sums_are_rust_decimals() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let near = "7.9228162514264337593543950335";
        for values in [
            vec![d("8"), -d(near)],
            vec![-d(near), d("8")],
            vec![d("9"), -d(near)],
            vec![d("0.5"), d("7.5"), -d(near)],
            vec![-d(near), d("8"), d("0.25")],
            vec![d("-8"), d(near)],
        ] {
            let reference = values
                .iter()
                .try_fold(Decimal::ZERO, |total, value| total.checked_add(*value))
                .unwrap();
            if let Some(fast) = sum(values.iter().copied()) {
                assert_eq!(fast.mantissa(), reference.mantissa(), "{values:?}");
                assert_eq!(fast.scale(), reference.scale(), "{values:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn any_comparison_is_the_same(v in any_decimal(), b in any_decimal()) {
            prop_assert_eq!(abs_exceeds(v, b), v.abs() > b, "{} > {}", v, b);
        }

        #[test]
        fn one_minus_is_rust_decimals(v in any_decimal()) {
            if let Some(fast) = one_minus(v) {
                let reference = Decimal::ONE.checked_sub(v).unwrap();
                prop_assert_eq!(fast.to_string(), reference.to_string(), "1 - {}", v);
                prop_assert_eq!(fast.mantissa(), reference.mantissa(), "1 - {}", v);
                prop_assert_eq!(fast.scale(), reference.scale(), "1 - {}", v);
                prop_assert_eq!(fast.is_sign_negative(), reference.is_sign_negative());
            }
        }

        #[test]
        fn sums_are_rust_decimals(
            values in proptest::collection::vec(
                prop_oneof![any_decimal(), money_like(), money_like().prop_map(|m| {
                    Decimal::ONE.checked_sub(m / Decimal::from(1000)).unwrap()
                })],
                0..40,
            ),
        ) {
            let mut reference = Some(Decimal::ZERO);
            for value in &values {
                reference = reference.and_then(|total| total.checked_add(*value));
            }
            if let Some(fast) = sum(values.iter().copied()) {
                let reference = reference.unwrap();
                prop_assert_eq!(fast.to_string(), reference.to_string());
                prop_assert_eq!(fast.mantissa(), reference.mantissa());
                prop_assert_eq!(fast.scale(), reference.scale());
                prop_assert_eq!(fast.is_sign_negative(), reference.is_sign_negative());
            }
        }

        #[test]
        fn any_quotient_is_the_same(a in any_decimal(), b in any_decimal()) {
            same(a, b);
        }

        #[test]
        fn money_quotients_are_the_same(a in money_like(), b in money_like()) {
            same(a, b);
        }

        #[test]
        fn quotients_near_the_largest_mantissa_are_the_same(
            q in 7_000_000u64..=8_000_000,
            b in 1u64..=1_000_000,
            tail in 0u32..=28,
        ) {
            // Quotients around 7.9, where 28 places stop fitting in 96 bits.
            let b = Decimal::new(i64::try_from(b).unwrap(), tail.min(6));
            let a = Decimal::new(i64::try_from(q).unwrap(), 6).checked_mul(b);
            if let Some(a) = a {
                same(a, b);
                same(a.checked_add(Decimal::new(1, 28)).unwrap_or(a), b);
            }
        }
    }
}
