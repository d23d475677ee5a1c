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
//! Built on the same division: a checkpoint's variance with its root-cause test in
//! one integer pass ([`checkpoint_variance`]), an initiative's rate and relative
//! variance from one division ([`rate_and_variance`]), and the bias shortfall sums
//! with `rust_decimal`'s rounding once they outgrow 96 bits ([`sum`]). Each declines
//! to the general code where its argument does not hold.
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
use folio_types::decimal::{power_of_ten, strip_trailing_zeros};
use rust_decimal::Decimal;

use crate::variance::Variance;

/// The largest mantissa of a [`Decimal`]: `2^96 − 1`.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// The largest scale of a [`Decimal`].
const MAX_SCALE: u32 = 28;

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
    let rounded = rounded_quotient(
        numerator.mantissa().unsigned_abs(),
        numerator.scale(),
        denominator.mantissa().unsigned_abs(),
        denominator.scale(),
    )?;
    from_rounded(
        rounded,
        numerator.is_sign_negative() != denominator.is_sign_negative(),
    )
}

/// `|q| · 10^28` rounded half to even, for `q = (top · 10^-top_scale) / (bottom ·
/// 10^-bottom_scale)`, where the shortcut of the module docs applies: the mantissa of
/// `rust_decimal`'s quotient at scale 28, before trailing zeros are stripped. `None`
/// where it does not (a product beyond `u128`, a zero divisor, a quotient whose floor
/// reaches `2^96 − 1`) and for a quotient that rounds to zero (whose sign
/// `rust_decimal` decides).
#[inline]
fn rounded_quotient(top: u128, top_scale: u32, bottom: u128, bottom_scale: u32) -> Option<u128> {
    let shift = MAX_SCALE
        .checked_add(bottom_scale)?
        .checked_sub(top_scale)?;
    let scaled = widening_mul(top, power_of_ten(shift)?)?;
    let floor = scaled.checked_div(bottom)?;
    if floor >= MAX_MANTISSA {
        return None;
    }
    // `floor · bottom ≤ scaled`: neither operation wraps.
    let remainder = scaled.wrapping_sub(floor.wrapping_mul(bottom));
    // Half to even: `remainder < bottom`, and `bottom` is a mantissa (below `2^96`), so
    // doubling it cannot overflow.
    let twice = remainder.checked_mul(2)?;
    // Without a branch: which way a quotient rounds is as good as random, so a branch
    // on it would be mispredicted about half the time. `floor < 2^96 − 1`, so adding
    // one cannot wrap.
    let round_up = (twice > bottom) | ((twice == bottom) & (floor & 1 == 1));
    let rounded = floor.wrapping_add(u128::from(round_up));
    (rounded != 0).then_some(rounded)
}

/// `a · b`, if it fits in a `u128`: for an `a` below `2^64` (every mantissa of money
/// and most others) two 64-by-64-bit products, which cannot overflow, rather than the
/// general overflow-checked 128-bit multiplication.
#[inline(always)]
fn widening_mul(a: u128, b: u128) -> Option<u128> {
    let Ok(a) = u64::try_from(a) else {
        return a.checked_mul(b);
    };
    let a = u128::from(a);
    let low = u128::from(u64::try_from(b & u128::from(u64::MAX)).ok()?);
    let high = b >> 64;
    // Products of two values below `2^64` are below `2^128`: no wrap.
    let (low, high) = (a.wrapping_mul(low), a.wrapping_mul(high));
    if high >> 64 != 0 {
        return None;
    }
    (high << 64).checked_add(low)
}

/// The [`Decimal`] `±rounded · 10^-28`, normalized (as [`Decimal::normalize`] gives
/// it); `rounded` is non-zero and at most `2^96 − 1`.
#[inline]
fn from_rounded(rounded: u128, negative: bool) -> Option<Decimal> {
    let (mantissa, scale) = strip_trailing_zeros(rounded, MAX_SCALE);
    from_magnitude(mantissa, negative, scale)
}

/// The exact difference `minuend − subtrahend` as `rust_decimal`'s `checked_sub` gives
/// it (value, scale and sign), as a magnitude, a sign and a scale: both brought to the
/// larger scale and subtracted in `i128`. `None` where that might not be
/// `rust_decimal`'s answer: a zero operand (it returns the other one, or its negation,
/// at that operand's own scale), a zero difference (whose sign and scale it decides) or
/// one beyond 96 bits (which it rounds).
#[inline]
fn difference(minuend: Decimal, subtrahend: Decimal) -> Option<(u128, bool, u32)> {
    difference_of(
        minuend.mantissa(),
        minuend.scale(),
        subtrahend.mantissa(),
        subtrahend.scale(),
    )
}

/// [`difference`] of two decimals given as signed mantissas and scales.
#[inline(always)]
fn difference_of(minuend: i128, s_m: u32, subtrahend: i128, s_s: u32) -> Option<(u128, bool, u32)> {
    if minuend == 0 || subtrahend == 0 {
        return None;
    }
    let scale = s_m.max(s_s);
    let m = scale_up(minuend, scale.checked_sub(s_m)?)?;
    let s = scale_up(subtrahend, scale.checked_sub(s_s)?)?;
    let difference = m.checked_sub(s)?;
    let magnitude = difference.unsigned_abs();
    if magnitude == 0 || magnitude > MAX_MANTISSA {
        return None;
    }
    Some((magnitude, difference < 0, scale))
}

/// `mantissa · 10^k`, for a mantissa that fits in an `i64` and `k` up to 18 (both
/// factors below `2^63`, so the product fits in an `i128`); `None` otherwise.
#[inline(always)]
fn scale_up(mantissa: i128, k: u32) -> Option<i128> {
    if k == 0 {
        return Some(mantissa);
    }
    let mantissa = i64::try_from(mantissa).ok()?;
    let power = i64::try_from(power_of_ten(k)?).ok()?;
    // Two factors below `2^63` in size: the product is below `2^126`, no wrap.
    Some(i128::from(mantissa).wrapping_mul(i128::from(power)))
}

/// The [`Decimal`] `±magnitude · 10^-scale`, for a magnitude of at most 96 bits and a
/// scale of at most 28.
#[inline]
fn from_magnitude(magnitude: u128, negative: bool, scale: u32) -> Option<Decimal> {
    if magnitude > MAX_MANTISSA || scale > MAX_SCALE {
        return None;
    }
    let lo = u32::try_from(magnitude & LOW_32).ok()?;
    let mid = u32::try_from((magnitude >> 32) & LOW_32).ok()?;
    let hi = u32::try_from(magnitude >> 64).ok()?;
    Some(Decimal::from_parts(lo, mid, hi, negative, scale))
}

/// The low 32 bits of a `u128`.
const LOW_32: u128 = 0xFFFF_FFFF;

/// A threshold that relative variances are compared with, also as a mantissa at
/// scale 28 where that fits (a non-negative threshold: every one a valid policy holds).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Threshold {
    /// The threshold (read by `checkpoint_variance`, which the tests keep as the
    /// reference of the variance's digits).
    #[cfg(test)]
    value: Ratio,
    /// Its value times `10^28`, where it is non-negative and fits in a `u128`.
    at_max_scale: Option<u128>,
}

impl Threshold {
    /// The threshold `value`.
    pub(crate) fn new(value: Ratio) -> Self {
        let decimal = value.value();
        let at_max_scale = (!decimal.is_sign_negative())
            .then(|| {
                let power = power_of_ten(MAX_SCALE.checked_sub(decimal.scale())?)?;
                decimal.mantissa().unsigned_abs().checked_mul(power)
            })
            .flatten();
        Self {
            #[cfg(test)]
            value,
            at_max_scale,
        }
    }
}

/// `Variance::of(expected, realized)`, the same values and scales, from integers: the
/// absolute variance by [`difference`], the relative one by [`rounded_quotient`].
/// `None` where a step does not apply (a zero expected benefit or difference, operands
/// too wide): then the caller computes it with [`Variance::of`].
///
/// What [`CheckpointReview::variance`] computes when it is read.
///
/// Inlined into its caller: returned through memory, the variance was written in
/// 32-bit parts and read back as wider words, a store the processor cannot forward.
///
/// [`CheckpointReview::variance`]: crate::CheckpointReview::variance
#[inline(always)]
pub(crate) fn variance(expected: Decimal, realized: Decimal) -> Option<Variance> {
    Some(rounded_variance(expected, realized)?.0)
}

/// [`variance`] and the relative variance's 28-place mantissa (its value times
/// `10^28`, exactly).
#[inline(always)]
fn rounded_variance(expected: Decimal, realized: Decimal) -> Option<(Variance, u128)> {
    if expected.is_zero() {
        return None;
    }
    let (magnitude, negative, scale) = difference(realized, expected)?;
    let rounded = rounded_quotient(
        magnitude,
        scale,
        expected.mantissa().unsigned_abs(),
        expected.scale(),
    )?;
    let relative = from_rounded(rounded, negative != expected.is_sign_negative())?;
    let variance = Variance {
        absolute: from_magnitude(magnitude, negative, scale)?,
        relative: Some(Ratio::from_decimal(relative)),
    };
    Some((variance, rounded))
}

/// [`variance`] and whether it exceeds `threshold` ([`Variance::exceeds`]), the
/// relative variance's 28-place mantissa compared with the threshold's. `None` where
/// [`variance`] is.
///
/// Kept for the tests: a review tests the threshold with [`checkpoint_exceeds`], and a
/// checkpoint's variance is computed when it is read.
#[cfg(test)]
pub(crate) fn checkpoint_variance(
    expected: Decimal,
    realized: Decimal,
    threshold: Threshold,
) -> Option<(Variance, bool)> {
    let (variance, rounded) = rounded_variance(expected, realized)?;
    let exceeds = match threshold.at_max_scale {
        Some(bound) => rounded > bound,
        None => abs_exceeds(
            variance
                .relative
                .map_or(Decimal::ZERO, folio_types::Ratio::value),
            threshold.value.value(),
        ),
    };
    Some((variance, exceeds))
}

/// Whether `Variance::of(expected, realized)` succeeds and exceeds `threshold`
/// ([`Variance::exceeds`]), without dividing: `Some(answer)` where the shortcut of
/// [`checkpoint_variance`] applies (then `Variance::of` succeeds: its difference fits
/// and its quotient is below `2^96 − 1` units of the 28th place), `None` where it does
/// not (then the caller asks `Variance::of` itself).
///
/// With `n` the difference's magnitude at 28 places over the expected mantissa `d`
/// (the numerator of [`rounded_quotient`]) and `t` the threshold's 28-place mantissa,
/// the rounded quotient exceeds `t` exactly when `n / d > t + 1/2`, or `n / d = t + 1/2`
/// and `t` is odd (a tie rounds to the even `t + 1`): `2n` against `(2t + 1) · d`, a
/// 256-bit product, four 64-bit multiplications where the quotient was a 128-bit
/// division (two hardware divisions a call, a fifth of a review's time). The quotient
/// itself is published only when read ([`CheckpointReview::variance`]).
///
/// [`CheckpointReview::variance`]: crate::CheckpointReview::variance
#[inline(always)]
pub(crate) fn checkpoint_exceeds(
    expected: Decimal,
    realized: Decimal,
    threshold: Threshold,
) -> Option<bool> {
    if expected.is_zero() {
        return None;
    }
    let bound = threshold.at_max_scale?;
    let (magnitude, _, scale) = difference(realized, expected)?;
    let bottom = expected.mantissa().unsigned_abs();
    let shift = MAX_SCALE
        .checked_add(expected.scale())?
        .checked_sub(scale)?;
    let scaled = widening_mul(magnitude, power_of_ten(shift)?)?;
    // The floor of the quotient reaches `2^96 − 1` when `scaled ≥ (2^96 − 1) · bottom`
    // (a product that cannot reach it when it does not fit): declined, as
    // `rounded_quotient` declines it.
    if MAX_MANTISSA
        .checked_mul(bottom)
        .is_some_and(|limit| scaled >= limit)
    {
        return None;
    }
    // A quotient that rounds to zero (`2 · scaled ≤ bottom`) is declined too.
    if scaled <= bottom / 2 {
        return None;
    }
    let odd_bound = bound.checked_mul(2)?.checked_add(1)?;
    let (high, low) = wide_product(odd_bound, bottom);
    let (twice_high, twice_low) = (scaled >> 127, scaled << 1);
    let above = (twice_high, twice_low) > (high, low);
    let tie = (twice_high, twice_low) == (high, low);
    Some(above | (tie & (bound & 1 == 1)))
}

/// The full product `a · b` as its high and low 128 bits.
#[inline(always)]
fn wide_product(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & LOW);
    let (b1, b0) = (b >> 64, b & LOW);
    // Each partial product of two values below `2^64` is below `2^128`, and the middle
    // sum below `3 · 2^64`: no step wraps.
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    let middle = (p00 >> 64).wrapping_add(p01 & LOW).wrapping_add(p10 & LOW);
    let low = (p00 & LOW) | (middle << 64);
    let high = p11
        .wrapping_add(p01 >> 64)
        .wrapping_add(p10 >> 64)
        .wrapping_add(middle >> 64);
    (high, low)
}

/// [`rate_and_variance_of`] of two decimals.
#[cfg(test)]
pub(crate) fn rate_and_variance(expected: Decimal, realized: Decimal) -> Option<(Ratio, Variance)> {
    rate_and_variance_of(
        (expected.mantissa(), expected.scale()),
        (realized.mantissa(), realized.scale()),
    )
}

/// An initiative's rate `Ratio::of(realized, expected)` and `Variance::of(expected,
/// realized)`, the same values and scales, with one integer division for both.
///
/// The relative variance is `(R − E) / E = R / E − 1`, and rounding half to even at 28
/// places commutes with subtracting 1 (that is, `10^28`, an even number of units of
/// the last place; the rounding is symmetric about zero): so the variance's 28-place
/// mantissa is the rate's minus `10^28`. Both are `rust_decimal`'s digits where the
/// shortcut of the module docs applies to each, which holds when the rate's
/// division takes it and the variance's mantissa is non-zero and below `2^96 − 1`
/// (its floor is then too). `None` otherwise (also for a zero realized benefit or
/// difference, or a zero expected benefit): then the caller computes both with the
/// general code.
///
/// The two sums come as signed mantissas and scales ([`RunningSum::parts`]), so that
/// neither is built as a [`Decimal`] only to be taken apart again: the compiler
/// assembled such a `Decimal` through a stack slot, written in 32- and 64-bit parts and
/// read back as one 64-bit word, a store the processor cannot forward (`perf` put
/// about a twentieth of a review's time on that read). Inlined into its caller for
/// the reason [`checkpoint_variance`] is: returned through memory, the result was read
/// back wider than it was written.
#[inline(always)]
pub(crate) fn rate_and_variance_of(
    (expected, expected_scale): (i128, u32),
    (realized, realized_scale): (i128, u32),
) -> Option<(Ratio, Variance)> {
    if expected == 0 || realized == 0 {
        return None;
    }
    let (magnitude, negative, scale) =
        difference_of(realized, realized_scale, expected, expected_scale)?;
    let rate = rounded_quotient(
        realized.unsigned_abs(),
        realized_scale,
        expected.unsigned_abs(),
        expected_scale,
    )?;
    // Neither mantissa is zero, so its sign is the decimal's.
    let rate_negative = (realized < 0) != (expected < 0);
    let signed_rate = i128::try_from(rate).ok()?;
    let signed_rate = if rate_negative {
        signed_rate.checked_neg()?
    } else {
        signed_rate
    };
    let one = i128::try_from(power_of_ten(MAX_SCALE)?).ok()?;
    let relative = signed_rate.checked_sub(one)?;
    let relative_magnitude = relative.unsigned_abs();
    if relative_magnitude == 0 || relative_magnitude >= MAX_MANTISSA {
        return None;
    }
    let variance = Variance {
        absolute: from_magnitude(magnitude, negative, scale)?,
        relative: Some(Ratio::from_decimal(from_rounded(
            relative_magnitude,
            relative < 0,
        )?)),
    };
    Some((
        Ratio::from_decimal(from_rounded(rate, rate_negative)?),
        variance,
    ))
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
    let one = i128::try_from(power_of_ten(scale)?).ok()?;
    let difference = one.checked_sub(value.mantissa())?;
    if difference == 0 || difference.unsigned_abs() > MAX_MANTISSA {
        return None;
    }
    Some(Decimal::from_i128_with_scale(difference, scale))
}

/// The sum of `values` from zero, as a chain of `rust_decimal` `checked_add`s gives it
/// (value, scale and sign), from integer additions ([`add`]); `None` where that might
/// not be `rust_decimal`'s answer (then the caller adds with `rust_decimal`).
///
/// Adding a zero gives the other operand unchanged (scale included), so zeros are
/// skipped, and the first non-zero value is the running sum as it is; a running sum
/// that comes to zero (whose sign and scale `rust_decimal` decides) is left to it.
pub(crate) fn sum(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (mut total, mut scale) = (0i128, 0u32);
    for value in values {
        if value.is_zero() {
            continue;
        }
        (total, scale) = if total == 0 {
            (value.mantissa(), value.scale())
        } else {
            add(total, scale, value.mantissa(), value.scale())?
        };
    }
    if total == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(total, scale).ok()
}

/// A running sum from zero that gives what a chain of `rust_decimal` `checked_add`s
/// gives (value, scale and sign, and `None` for an overflow), kept as a mantissa and a
/// scale while [`add`] gives `rust_decimal`'s answer.
///
/// Why not the `Decimal` itself: `checked_add` returns its `Option<Decimal>` through
/// memory, written as four 32-bit words and read back as one 16-byte word, which the
/// processor cannot forward from its store buffer; in the loop over a review's
/// checkpoints that stall took about a tenth of the time. As `rust_decimal` does,
/// adding to a zero gives the other operand (scale and sign included) and adding a
/// zero gives the sum unchanged; a zero sum, and any step [`add`] declines, are left to
/// `rust_decimal` (after which the sum stays a `Decimal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunningSum {
    /// A non-zero sum: `mantissa · 10^-scale`, the mantissa within 96 bits.
    Exact {
        /// The signed mantissa.
        mantissa: i128,
        /// The scale.
        scale: u32,
    },
    /// Any other sum (a zero, or one the integer path declined), as `rust_decimal`
    /// gives it.
    General(Decimal),
}

impl RunningSum {
    /// The empty sum, `Decimal::ZERO`.
    pub(crate) const ZERO: Self = Self::General(Decimal::ZERO);

    /// The sum `value` alone, as adding it to a zero gives it.
    #[inline(always)]
    fn of(value: Decimal) -> Self {
        if value.is_zero() {
            Self::General(value)
        } else {
            Self::Exact {
                mantissa: value.mantissa(),
                scale: value.scale(),
            }
        }
    }

    /// The sum plus `value`, or `None` where `checked_add` overflows.
    #[inline(always)]
    pub(crate) fn plus(self, value: Decimal) -> Option<Self> {
        match self {
            Self::Exact { .. } if value.is_zero() => Some(self),
            Self::Exact { mantissa, scale } if value.scale() == scale => {
                // At one scale `rust_decimal` adds the mantissas, exactly where the sum
                // is within 96 bits (not zero: that is left to it). Both are within 96
                // bits, so the `i128` sum does not wrap.
                let sum = mantissa.wrapping_add(value.mantissa());
                if sum != 0 && sum.unsigned_abs() <= MAX_MANTISSA {
                    Some(Self::Exact {
                        mantissa: sum,
                        scale,
                    })
                } else {
                    Some(Self::General(self.value().checked_add(value)?))
                }
            }
            Self::Exact { mantissa, scale } => Some(
                match add(mantissa, scale, value.mantissa(), value.scale()) {
                    Some((mantissa, scale)) => Self::Exact { mantissa, scale },
                    None => Self::General(self.value().checked_add(value)?),
                },
            ),
            Self::General(sum) if sum.is_zero() => Some(Self::of(value)),
            Self::General(sum) => Some(Self::General(sum.checked_add(value)?)),
        }
    }

    /// The sum as its signed mantissa and scale (those of [`RunningSum::value`]).
    #[inline(always)]
    pub(crate) fn parts(self) -> (i128, u32) {
        match self {
            Self::Exact { mantissa, scale } => (mantissa, scale),
            Self::General(sum) => (sum.mantissa(), sum.scale()),
        }
    }

    /// The sum as a [`Decimal`].
    #[inline(always)]
    pub(crate) fn value(self) -> Decimal {
        match self {
            Self::Exact { mantissa, scale } => {
                // An exact sum's mantissa is within 96 bits and its scale at most 28
                // (so the `min` changes nothing, and shows the compiler that
                // `from_parts` cannot panic). Not through `from_magnitude`: its
                // `Option` was assembled through a stack slot written in 32- and
                // 64-bit parts and read back as one 64-bit word, a store the
                // processor cannot forward (`perf` put about a twentieth of a
                // review's time on that read).
                let magnitude = mantissa.unsigned_abs();
                let word = |shift: u32| u32::try_from((magnitude >> shift) & LOW_32).unwrap_or(0);
                Decimal::from_parts(
                    word(0),
                    word(32),
                    word(64),
                    mantissa < 0,
                    scale.min(MAX_SCALE),
                )
            }
            Self::General(sum) => sum,
        }
    }
}

/// `total · 10^-scale + value` (both non-zero) as `rust_decimal`'s `checked_add` gives
/// it, as a mantissa and a scale; `None` where this might not be its answer.
///
/// `rust_decimal` brings the operand of smaller scale to the larger scale `S` and adds
/// exactly (in a wider buffer where the rescaled operand needs more than 96 bits). A
/// non-zero sum `V` (at scale `S`) that fits in 96 bits is the result. A larger one is
/// scaled down: by `k₀ = ⌊(b − 97) · 77 / 256⌋ + 1` digits, `b` being the bit length
/// of `|V|` (its estimate of the digits to drop: 77/256 is about log₁₀ 2; where both
/// operands had the same scale, or the rescaled one fit in 96 bits, it drops one digit,
/// and `|V| < 2^97` gives `k₀ = 1` too), then one digit at a time while the quotient
/// still needs more than 96 bits; the quotient is rounded half to even on the whole
/// remainder, at scale `S − k` (an overflow if that is below zero). This computes the
/// same while `V` and the rescaled operand fit in an `i128`, and declines otherwise, for
/// a zero `V` (whose sign and scale `rust_decimal` decides), for a rounded quotient that
/// reaches `2^96` (which it scales down once more) and for an overflow (which it
/// reports).
///
/// The operand comes as its mantissa and scale, in registers: a `Decimal` passed by
/// reference is read from memory, often right after it was written there in 32-bit
/// parts, a store the processor cannot forward to the wider reads.
fn add(total: i128, scale: u32, value: i128, value_scale: u32) -> Option<(i128, u32)> {
    let larger = scale.max(value_scale);
    // Magnitudes at the larger scale, with the power of ten as the first factor of the
    // product (below `2^64` up to `10^19`, the cheap case of `widening_mul`).
    let rescale = |magnitude: u128, from: u32| -> Option<u128> {
        if from == larger {
            Some(magnitude)
        } else {
            widening_mul(power_of_ten(larger.checked_sub(from)?)?, magnitude)
        }
    };
    let a = rescale(total.unsigned_abs(), scale)?;
    let b = rescale(value.unsigned_abs(), value_scale)?;
    let (a_negative, b_negative) = (total < 0, value < 0);
    let (magnitude, negative) = if a_negative == b_negative {
        (a.checked_add(b)?, a_negative)
    } else if a >= b {
        (a.wrapping_sub(b), a_negative)
    } else {
        (b.wrapping_sub(a), b_negative)
    };
    // The exact sum fits in an `i128`, as the argument above needs.
    let sum = i128::try_from(magnitude).ok()?;
    let sum = if negative { sum.checked_neg()? } else { sum };
    if magnitude == 0 {
        return None;
    }
    if magnitude <= MAX_MANTISSA {
        return Some((sum, larger));
    }
    // `|V| > 2^96 − 1`: 97 bits or more.
    let bits = 128u32.checked_sub(magnitude.leading_zeros())?;
    let mut digits = bits.checked_sub(97)?.checked_mul(77)? >> 8;
    digits = digits.checked_add(1)?;
    let (quotient, remainder, divisor) = loop {
        if digits > larger {
            return None;
        }
        let divisor = power_of_ten(digits)?;
        let quotient = magnitude.checked_div(divisor)?;
        if quotient <= MAX_MANTISSA {
            // `quotient · divisor ≤ magnitude`: neither operation wraps.
            break (
                quotient,
                magnitude.wrapping_sub(quotient.wrapping_mul(divisor)),
                divisor,
            );
        }
        digits = digits.checked_add(1)?;
    };
    // Half to even: `remainder < divisor < 2^127`, so doubling it cannot overflow.
    let twice = remainder.checked_mul(2)?;
    // Without a branch, as in `rounded_quotient`; `quotient ≤ 2^96 − 1`, so adding
    // one cannot wrap.
    let round_up = (twice > divisor) | ((twice == divisor) & (quotient & 1 == 1));
    let rounded = quotient.wrapping_add(u128::from(round_up));
    if rounded > MAX_MANTISSA {
        return None;
    }
    let rounded = i128::try_from(rounded).ok()?;
    let signed = if sum < 0 {
        rounded.checked_neg()?
    } else {
        rounded
    };
    Some((signed, larger.checked_sub(digits)?))
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
    fn running_sums_of_money_stay_integers() {
        // Cents, both signs, with zeros between: every step after the first non-zero
        // one keeps the sum as integers (a zero sum goes to `rust_decimal`).
        let values: Vec<Decimal> = [0, 1050, -250, 0, 99_999, -3, 12, 0, 7]
            .iter()
            .map(|&cents| Decimal::new(cents, 2))
            .collect();
        assert_eq!(same_running_sum(&values), 8);
        // Mixed scales take the general integer addition.
        let mixed = [
            Decimal::new(15, 1),
            Decimal::new(25, 3),
            Decimal::new(-7, 0),
        ];
        assert_eq!(same_running_sum(&mixed), 3);
        // Overflow is reported, as by `checked_add`.
        assert_eq!(
            RunningSum::ZERO
                .plus(Decimal::MAX)
                .and_then(|s| s.plus(Decimal::ONE)),
            None
        );
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
        // A long sum of 28-place shortfalls, past 7.9: `rust_decimal` drops digits
        // as the sum grows, and so does the shortcut, rather than declining.
        let third = d("0.3333333333333333333333333333");
        let long = sum(std::iter::repeat_n(third, 300)).unwrap();
        let reference = (0..300).fold(Decimal::ZERO, |t, _| t.checked_add(third).unwrap());
        assert_eq!(
            (long.mantissa(), long.scale()),
            (reference.mantissa(), reference.scale())
        );
        assert!(long.scale() < 28, "{long}");
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

    /// Two decimals with the same value, mantissa, scale and sign.
    fn identical(fast: Decimal, reference: Decimal, what: &str) {
        assert_eq!(fast.to_string(), reference.to_string(), "{what}");
        assert_eq!(fast.mantissa(), reference.mantissa(), "{what}");
        assert_eq!(fast.scale(), reference.scale(), "{what}");
        assert_eq!(
            fast.is_sign_negative(),
            reference.is_sign_negative(),
            "{what}"
        );
    }

    /// The shortcut's sum of `values` (where it answers) against `rust_decimal`'s checked
    /// additions, one after another: identical.
    fn same_sum(values: &[Decimal]) {
        let mut reference = Some(Decimal::ZERO);
        for value in values {
            reference = reference.and_then(|total| total.checked_add(*value));
        }
        if let Some(fast) = sum(values.iter().copied()) {
            let reference = reference.unwrap();
            identical(fast, reference, &format!("the sum of {values:?}"));
        }
    }

    /// A running sum of `values` against `rust_decimal`'s checked additions, one after
    /// another: after each, both overflowed or the sums are identical (value, scale and
    /// sign, zeros included). Returns how many steps the integer path took.
    fn same_running_sum(values: &[Decimal]) -> usize {
        let mut reference = Decimal::ZERO;
        let mut fast = RunningSum::ZERO;
        let mut exact_steps = 0;
        for (step, value) in values.iter().enumerate() {
            let what = format!("{reference} + {value} (step {step} of {values:?})");
            match (fast.plus(*value), reference.checked_add(*value)) {
                (Some(next), Some(want)) => {
                    identical(next.value(), want, &what);
                    assert_eq!(next.parts(), (want.mantissa(), want.scale()), "{what}");
                    if matches!(next, RunningSum::Exact { .. }) {
                        exact_steps += 1;
                    }
                    (fast, reference) = (next, want);
                }
                (None, None) => return exact_steps,
                (got, want) => panic!("{what}: {got:?} against {want:?}"),
            }
        }
        exact_steps
    }

    /// Two variances with identical parts.
    fn identical_variances(fast: Variance, reference: Variance, what: &str) {
        identical(fast.absolute, reference.absolute, what);
        match (fast.relative, reference.relative) {
            (Some(f), Some(r)) => identical(f.value(), r.value(), what),
            (f, r) => assert_eq!(f, r, "{what}"),
        }
    }

    /// The checkpoint shortcut (where it answers) against `Variance::of` and
    /// `Variance::exceeds`; returns whether it answered.
    fn same_checkpoint_variance(expected: Decimal, realized: Decimal, threshold: Ratio) -> bool {
        let fast = checkpoint_variance(expected, realized, Threshold::new(threshold));
        let what = format!("{expected} -> {realized}, threshold {threshold}");
        // The test without division answers where the division does (for thresholds
        // whose doubled 28-place mantissa fits), and answers as `Variance::of` does.
        let without_division = checkpoint_exceeds(expected, realized, Threshold::new(threshold));
        if let Some(exceeds) = without_division {
            let reference = Variance::of(expected, realized).unwrap();
            assert_eq!(exceeds, reference.exceeds(threshold), "{what}");
        }
        let small_bound = Threshold::new(threshold)
            .at_max_scale
            .is_some_and(|bound| bound < 1 << 127);
        assert_eq!(
            without_division.is_some(),
            fast.is_some() && small_bound,
            "{what}"
        );
        let Some((variance, exceeds)) = fast else {
            return false;
        };
        let reference = Variance::of(expected, realized).unwrap();
        identical_variances(variance, reference, &what);
        assert_eq!(exceeds, reference.exceeds(threshold), "{what}");
        true
    }

    /// The initiative shortcut (where it answers) against `Ratio::of` and
    /// `Variance::of`; returns whether it answered.
    fn same_rate_and_variance(expected: Decimal, realized: Decimal) -> bool {
        let Some((rate, variance)) = rate_and_variance(expected, realized) else {
            return false;
        };
        let what = format!("{expected} -> {realized}");
        identical(
            rate.value(),
            Ratio::of(realized, expected).unwrap().value(),
            &what,
        );
        identical_variances(variance, Variance::of(expected, realized).unwrap(), &what);
        true
    }

    /// `a · b` in 32-bit limbs, schoolbook: the reference of [`wide_product`].
    fn limb_product(a: u128, b: u128) -> (u128, u128) {
        let limbs = |x: u128| [0, 32, 64, 96].map(|shift| (x >> shift) & 0xFFFF_FFFF);
        let (a, b) = (limbs(a), limbs(b));
        let mut out = [0u128; 8];
        for i in 0..4 {
            let mut carry = 0u128;
            for j in 0..4 {
                let t = out[i + j] + a[i] * b[j] + carry;
                out[i + j] = t & 0xFFFF_FFFF;
                carry = t >> 32;
            }
            out[i + 4] += carry;
        }
        let join = |l: &[u128]| l.iter().rev().fold(0u128, |acc, x| (acc << 32) | x);
        (join(&out[4..]), join(&out[..4]))
    }

    #[test]
    fn wide_products_are_schoolbook_products() {
        let edges = [
            0,
            1,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            MAX_MANTISSA,
            u128::MAX >> 1,
            u128::MAX,
            (1 << 127) | 1,
        ];
        for a in edges {
            for b in edges {
                assert_eq!(wide_product(a, b), limb_product(a, b), "{a} x {b}");
            }
        }
    }

    #[test]
    fn checkpoint_tests_without_division_decide_ties_as_rounding_does() {
        // Exactly at a threshold and just past it; quotients that fall between two
        // units of the 28th place, where rounding half to even decides.
        let t = |s: &str| Threshold::new(Ratio::new(d(s)).unwrap());
        // At the scale of the realized benefits below (the integer difference needs
        // scales at most 18 apart).
        const TWO: &str = "2.0000000000000000000000000000";
        for (e, r, threshold, exceeds) in [
            ("1000", "900", "0.1", Some(false)),
            ("1000", "899.9", "0.1", Some(true)),
            ("1000", "1100", "0.0999999999999999999999999999", Some(true)),
            // Quotients of a quarter and of half a unit of the 28th place round to
            // zero (declined: `rust_decimal` decides the sign of a zero).
            (
                "4.0000000000000000000000000000",
                "4.0000000000000000000000000001",
                "0",
                None,
            ),
            (TWO, "2.0000000000000000000000000001", "0", None),
            // 1.5 units round to the even 2 (beyond 1, not beyond 2); 2.5 units to the
            // even 2 (beyond neither 2 nor 3); 3.5 units to 4 (beyond 3).
            (
                TWO,
                "2.0000000000000000000000000003",
                "0.0000000000000000000000000001",
                Some(true),
            ),
            (
                TWO,
                "2.0000000000000000000000000003",
                "0.0000000000000000000000000002",
                Some(false),
            ),
            (
                TWO,
                "2.0000000000000000000000000005",
                "0.0000000000000000000000000002",
                Some(false),
            ),
            (
                TWO,
                "2.0000000000000000000000000005",
                "0.0000000000000000000000000003",
                Some(false),
            ),
            (
                TWO,
                "2.0000000000000000000000000007",
                "0.0000000000000000000000000003",
                Some(true),
            ),
            (
                TWO,
                "2.0000000000000000000000000007",
                "0.0000000000000000000000000004",
                Some(false),
            ),
            ("0", "1", "0.1", None),
            ("1", "1", "0.1", None),
        ] {
            let got = checkpoint_exceeds(d(e), d(r), t(threshold));
            assert_eq!(got, exceeds, "{e} -> {r}, threshold {threshold}");
            if let Some(answer) = got {
                let reference = Variance::of(d(e), d(r)).unwrap();
                assert_eq!(answer, reference.exceeds(Ratio::new(d(threshold)).unwrap()));
            }
        }
    }

    #[test]
    fn checkpoint_variances_are_the_general_ones() {
        let t = |s: &str| Ratio::new(d(s)).unwrap();
        // Exactly at the threshold (not beyond), just past it, both signs, 28-place
        // quotients whose rounding decides, a zero difference (left to the general
        // code), a zero expected benefit (likewise), thresholds at every scale.
        for (e, r, threshold, answers) in [
            ("1000", "900", "0.1", true),
            ("1000", "1100", "0.10", true),
            ("1000", "899.99", "0.1", true),
            ("1000", "1100.01", "0.1", true),
            ("3", "1", "0.6666666666666666666666666667", true),
            ("3", "1", "0.6666666666666666666666666666", true),
            ("3", "5", "0.6666666666666666666666666667", true),
            ("3", "5", "0.6666666666666666666666666666", true),
            ("400", "-100", "1.25", true),
            ("-400", "100", "0.25", true),
            ("1000", "1000.00", "0.1", false),
            ("0", "50", "0.1", false),
            ("12345.67", "4567.90", "0", true),
            ("0.0000000000000000000000000003", "1", "0.25", false),
            ("79228162514264337593543950335", "1", "0.25", false),
            ("12345678", "1", "0.25", true),
        ] {
            assert_eq!(
                same_checkpoint_variance(d(e), d(r), t(threshold)),
                answers,
                "{e} -> {r}"
            );
        }
    }

    #[test]
    fn initiative_rates_and_variances_are_the_general_ones() {
        for (e, r, answers) in [
            ("3000", "1500", true),
            ("3", "1", true),
            ("3", "2", true),
            ("3", "4", true),
            ("3", "-1", true),
            ("-3", "1", true),
            // The rate is exactly 1: a zero variance, left to the general code.
            ("1000", "1000.0", false),
            // A rate that rounds to 1 at 28 places: the variance rounds to zero.
            (
                "10000000000000000000000000000",
                "9999999999999999999999999999.9",
                false,
            ),
            ("1000", "0", false),
            ("0", "5", false),
            // A rate near 7.9: the shortcut stops before `rust_decimal` rounds
            // differently.
            ("1", "7.922816", true),
            ("1", "7.922817", false),
            // Operands whose scales differ by more than 18 are left to the general code.
            ("1", "6.9228162514264337593543950335", false),
            // A zero operand keeps its own scale in `rust_decimal`'s difference.
            ("0.001", "0.00000", false),
        ] {
            assert_eq!(same_rate_and_variance(d(e), d(r)), answers, "{e} -> {r}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn any_wide_product_is_the_schoolbook_one(a in any::<u128>(), b in any::<u128>()) {
            prop_assert_eq!(wide_product(a, b), limb_product(a, b));
        }

        #[test]
        fn any_comparison_is_the_same(v in any_decimal(), b in any_decimal()) {
            prop_assert_eq!(abs_exceeds(v, b), v.abs() > b, "{} > {}", v, b);
        }

        #[test]
        fn one_minus_is_rust_decimals(v in any_decimal()) {
            if let Some(fast) = one_minus(v) {
                let reference = Decimal::ONE.checked_sub(v).unwrap();
                identical(fast, reference, &format!("1 - {v}"));
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
            same_sum(&values);
        }

        #[test]
        fn running_sums_are_rust_decimals(
            values in proptest::collection::vec(
                prop_oneof![
                    3 => money_like(),
                    2 => any_decimal(),
                    // Zeros of any scale and sign: `rust_decimal` returns the other
                    // operand, whatever the zero's scale.
                    1 => (0u32..=28, any::<bool>()).prop_map(|(scale, negative)| {
                        let mut zero = Decimal::new(0, scale);
                        zero.set_sign_negative(negative);
                        zero
                    }),
                    // Sums that overflow.
                    1 => prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN)],
                ],
                0..40,
            ),
        ) {
            same_running_sum(&values);
        }

        #[test]
        fn long_sums_of_28_place_shortfalls_are_rust_decimals(
            values in proptest::collection::vec(
                prop_oneof![
                    // Shortfalls `1 − rate` of 28-place rates: sums past 7.9 that
                    // `rust_decimal` rounds, one digit at a time or more.
                    (any::<u64>(), 0i64..=2).prop_map(|(bits, whole)| {
                        let fraction = Decimal::from_i128_with_scale(
                            i128::from(bits % 10_000_000_000_000_000_000) * 1_000_000_000,
                            28,
                        );
                        Decimal::from(whole) - Decimal::ONE + fraction
                    }),
                    // Exact shortfalls of few places, both signs.
                    (-200i64..=200, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
                    any_decimal(),
                ],
                0..400,
            ),
        ) {
            same_sum(&values);
        }

        #[test]
        fn rounding_additions_are_rust_decimals(
            total in any_decimal(),
            value in any_decimal(),
        ) {
            // One addition from any running sum, rounding or not.
            if total.is_zero() || value.is_zero() {
                return Ok(());
            }
            if let Some((mantissa, scale)) = add(total.mantissa(), total.scale(), value.mantissa(), value.scale()) {
                let fast = Decimal::from_i128_with_scale(mantissa, scale);
                let reference = total.checked_add(value).unwrap();
                prop_assert_eq!(fast.mantissa(), reference.mantissa(), "{} + {}", total, value);
                prop_assert_eq!(fast.scale(), reference.scale(), "{} + {}", total, value);
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
        fn any_checkpoint_variance_is_the_general_one(
            e in any_decimal(),
            r in any_decimal(),
            t in prop_oneof![any_decimal(), money_like()],
        ) {
            if let Ok(threshold) = Ratio::new(t.abs()) {
                same_checkpoint_variance(e, r, threshold);
            }
        }

        #[test]
        fn money_checkpoint_variances_are_the_general_ones(
            e in money_like(),
            r in money_like(),
            percent in 0i64..=200,
            t in 0i64..=100,
            t_scale in 0u32..=28,
        ) {
            let threshold = Ratio::new(Decimal::new(t, t_scale.min(2))).unwrap();
            same_checkpoint_variance(e, r, threshold);
            // A realized benefit that is a whole percentage of the expected one, as in
            // the benchmark's data: quotients with many trailing zeros.
            let realized = (e * Decimal::new(percent, 2)).round_dp(4);
            same_checkpoint_variance(e, realized, threshold);
            // Thresholds exactly at the relative variance.
            if let Ok(variance) = Variance::of(e, realized) {
                if let Some(Ok(at)) = variance.relative.map(|v| Ratio::new(v.value().abs())) {
                    same_checkpoint_variance(e, realized, at);
                }
            }
        }

        #[test]
        fn any_rate_and_variance_is_the_general_one(e in any_decimal(), r in any_decimal()) {
            same_rate_and_variance(e, r);
        }

        #[test]
        fn money_rates_and_variances_are_the_general_ones(
            e in money_like(),
            r in money_like(),
            q in 0u64..=9_000_000,
        ) {
            same_rate_and_variance(e, r);
            // Rates from 0 to 9, across the largest mantissa at 28 places (about 7.9).
            let realized = e.checked_mul(Decimal::new(i64::try_from(q).unwrap(), 6));
            if let Some(realized) = realized {
                same_rate_and_variance(e, realized);
                same_rate_and_variance(e, realized + Decimal::new(1, 28).min(realized));
            }
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
