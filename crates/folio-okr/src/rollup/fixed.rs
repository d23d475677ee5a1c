//! Fixed-point arithmetic for the weighted rollup: non-negative decimals as `u128`
//! mantissas at a fixed scale, so that a term and a sum cost one integer operation and
//! stay exact.
//!
//! A value `v` at scale `s` is the integer `v × 10^s`. Weights and progress are never
//! negative, so every quantity here is a `u128`; anything that does not fit is `None`
//! and the caller falls back to `Decimal` arithmetic.

use std::num::NonZeroU64;

use folio_types::{Decimal, Progress, Weight};

use crate::plan::NodeIndex;

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

#[inline(always)]
pub(super) fn pow10(exponent: u32) -> Option<u128> {
    POW10.get(usize::try_from(exponent).ok()?).copied()
}

/// The mantissa and scale of a non-negative decimal.
#[inline(always)]
fn parts(value: Decimal) -> Option<(u128, u32)> {
    if value.is_sign_negative() && !value.is_zero() {
        return None;
    }
    Some((value.mantissa().unsigned_abs(), value.scale()))
}

/// `a × b`, or `None` on overflow. Mantissas of everyday weights and progress fit in
/// 64 bits, and a product of two such factors is one widening multiplication.
#[inline(always)]
fn mul(a: u128, b: u128) -> Option<u128> {
    match (u64::try_from(a), u64::try_from(b)) {
        // Both factors are below 2^64, so the product is below 2^128: it cannot wrap.
        (Ok(a), Ok(b)) => Some(u128::from(a).wrapping_mul(u128::from(b))),
        // One factor below 2^64 (a sum of terms at 20 places scaled by a power of ten,
        // say): two widening multiplications instead of a general 128-bit one.
        (_, Ok(b)) => mul_by_u64(a, b),
        (Ok(a), _) => mul_by_u64(b, a),
        _ => a.checked_mul(b),
    }
}

/// `a × b` for a `b` below `2^64`, or `None` on overflow: `a`'s high half times `b`
/// must fit 64 bits, and shifted up it must leave room for the low half's product.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn mul_by_u64(a: u128, b: u64) -> Option<u128> {
    // Truncation is the point: the low half, then the high half.
    let (high, low) = ((a >> 64) as u64, a as u64);
    // Each product of two factors below 2^64 is below 2^128: neither can wrap.
    let low = u128::from(low).wrapping_mul(u128::from(b));
    let high = u64::try_from(u128::from(high).wrapping_mul(u128::from(b))).ok()?;
    (u128::from(high) << 64).checked_add(low)
}

/// `numerator / denominator` and its remainder, with one division.
#[inline]
fn div_rem(numerator: u128, denominator: u128) -> Option<(u128, u128)> {
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_sub(mul(quotient, denominator)?)?;
    Some((quotient, remainder))
}

/// A divisor below `2^64` with its precomputed reciprocal, so that dividing a `u128`
/// by it costs a few multiplications instead of a 128-bit division (the "division by
/// invariant integers" of Möller and Granlund, *Improved division by invariant
/// integers*, IEEE Transactions on Computers 60(2), 2011, algorithm 4). Exact: the
/// quotient and remainder are those of `/` and `%` (the unit and property tests below
/// compare them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Divisor {
    /// The divisor shifted left until its top bit is set (never zero, which gives an
    /// `Option<Divisor>` the same size).
    normalized: NonZeroU64,
    /// `floor((2^128 - 1) / normalized) - 2^64`.
    reciprocal: u64,
    /// How far the divisor was shifted, below 64.
    shift: u32,
}

impl Divisor {
    /// The divisor `d`, or `None` for zero. Costs one 128-bit division: build it once
    /// per divisor, not once per quotient.
    #[inline]
    pub(crate) const fn new(d: u64) -> Option<Self> {
        if d == 0 {
            return None;
        }
        let shift = d.leading_zeros();
        let normalized = d << shift;
        // `normalized >= 2^63`, so the quotient lies in (2^64, 2^65]: dropping its top
        // bit (the truncation to 64 bits) subtracts 2^64. The division cannot be by
        // zero.
        #[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
        let reciprocal = (u128::MAX / normalized as u128) as u64;
        let Some(normalized) = NonZeroU64::new(normalized) else {
            return None;
        };
        Some(Self {
            normalized,
            reciprocal,
            shift,
        })
    }

    /// The divisor.
    #[inline(always)]
    pub(crate) const fn get(&self) -> u64 {
        self.normalized.get() >> self.shift
    }

    /// `⟨high, low⟩ / normalized` for `high < normalized`: a 64-bit quotient and the
    /// remainder (Möller and Granlund's algorithm 4).
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    fn div_2by1(&self, high: u64, low: u64) -> (u64, u64) {
        let d = self.normalized.get();
        let product = u128::from(self.reciprocal).wrapping_mul(u128::from(high));
        let estimate = product.wrapping_add((u128::from(high) << 64) | u128::from(low));
        let mut quotient = ((estimate >> 64) as u64).wrapping_add(1);
        let fraction = estimate as u64;
        let mut remainder = low.wrapping_sub(quotient.wrapping_mul(d));
        if remainder > fraction {
            quotient = quotient.wrapping_sub(1);
            remainder = remainder.wrapping_add(d);
        }
        if remainder >= d {
            quotient = quotient.wrapping_add(1);
            remainder = remainder.wrapping_sub(d);
        }
        (quotient, remainder)
    }

    /// `n / d` and `n % d`.
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) fn div_rem(&self, n: u128) -> (u128, u64) {
        let s = self.shift;
        let (high, low) = ((n >> 64) as u64, n as u64);
        // `n << s` as three 64-bit limbs; the top one is below `2^s <= normalized`.
        let (n2, n1, n0) = if s == 0 {
            (0, high, low)
        } else {
            (
                high >> (64u32.wrapping_sub(s)),
                (high << s) | (low >> (64u32.wrapping_sub(s))),
                low << s,
            )
        };
        let (q1, r) = self.div_2by1(n2, n1);
        let (q0, r) = self.div_2by1(r, n0);
        ((u128::from(q1) << 64) | u128::from(q0), r >> s)
    }

    /// `n / d` and `n % d` for an `n` whose quotient fits 64 bits (its high half is
    /// below `d`): one step of [`div_rem`](Self::div_rem)'s two. `None` otherwise.
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) fn div_rem_narrow(&self, n: u128) -> Option<(u64, u64)> {
        let s = self.shift;
        let (high, low) = ((n >> 64) as u64, n as u64);
        if high >= self.get() {
            return None;
        }
        // `high < d`, so `high << s` stays below `normalized`: `n << s` is two limbs.
        let (n1, n0) = if s == 0 {
            (high, low)
        } else {
            ((high << s) | (low >> (64u32.wrapping_sub(s))), low << s)
        };
        let (q, r) = self.div_2by1(n1, n0);
        Some((q, r >> s))
    }
}

/// `10^0 ..= 10^19` as [`Divisor`]s: every power of ten below `2^64`.
const POW10_DIVISORS: [Option<Divisor>; 20] = {
    let mut table = [None; 20];
    let mut i = 0;
    // A constant loop over a fixed table, evaluated by the compiler: an index out of
    // bounds would fail the build.
    #[allow(
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )]
    while i < 20 {
        table[i] = Divisor::new(POW10[i] as u64);
        i += 1;
    }
    table
};

/// `10^10` as a [`Divisor`], a constant: the unit of a term whose weight has 2 places
/// and whose value has 28 (a rolled-up child's quotient) at 20 places.
const TEN_TO_THE_TEN: Option<Divisor> = Divisor::new(10_000_000_000);

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

/// `numerator / 10^exponent`, rounded half away from zero: through a precomputed
/// reciprocal when `10^exponent` is below `2^64`.
#[inline(always)]
fn div_pow10_half_up(numerator: u128, exponent: u32) -> Option<u128> {
    match POW10_DIVISORS.get(usize::try_from(exponent).ok()?) {
        Some(Some(divisor)) => {
            let (quotient, remainder) = divisor.div_rem(numerator);
            if remainder >= divisor.get().checked_sub(remainder)? {
                quotient.checked_add(1)
            } else {
                Some(quotient)
            }
        }
        _ => div_half_up(numerator, pow10(exponent)?),
    }
}

/// `w × p` at `scale` decimal places, rounded half away from zero when the exact
/// product has more; `None` when it does not fit.
#[inline(always)]
pub(crate) fn product(w: Decimal, p: Decimal, scale: u32) -> Option<u128> {
    let (mw, sw) = parts(w)?;
    let (mp, sp) = parts(p)?;
    let exact = mul(mw, mp)?;
    let exact_scale = sw.checked_add(sp)?;
    if exact_scale <= scale {
        mul(exact, pow10(scale.checked_sub(exact_scale)?)?)
    } else {
        div_pow10_half_up(exact, exact_scale.checked_sub(scale)?)
    }
}

/// The parts of a weight or a progress value as `Decimal` stores them: its scale, the
/// low 64 bits of its mantissa and the high 32. Reading them is a few loads
/// ([`Decimal::unpack`]), where [`Decimal::mantissa`] builds a signed `i128`. Weights and
/// progress are never below zero (their types refuse it); a negative zero is a zero
/// mantissa, which is the term [`product`] gives it, so the sign is not read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw {
    pub(crate) scale: u32,
    pub(crate) low: u64,
    pub(crate) high: u32,
}

impl Raw {
    #[inline(always)]
    pub(crate) fn of(value: Decimal) -> Self {
        let parts = value.unpack();
        Self {
            scale: parts.scale,
            low: u64::from(parts.lo) | (u64::from(parts.mid) << 32),
            high: parts.hi,
        }
    }
}

/// The sum of the [`product`]s `w_i × p_i` at `scale` decimal places, for a node whose
/// weights all have one scale `ws` (weights and values come as their types, so neither
/// is below zero), in one of two shapes:
///
/// - every value has one scale and `ws` plus it is at most `scale` (leaf key results'
///   progress, say, at 4 places under weights at 2), with mantissas below `2^64`: each
///   term is `w_i × p_i × 10^k` exactly, with one `k` for all, so their sum is
///   `10^k × sum(w_i × p_i)`: one multiply-add per pair and one scaling;
/// - every product has more than `scale` places (rolled-up children, whose values keep
///   the places their quotients need, each its own), weights below `2^32` and values
///   below `2^96`: each term is `w_i × p_i` divided by its `10^(e_i - scale)` and
///   rounded half away from zero as [`product`] rounds it, through that power's
///   precomputed reciprocal.
///
/// `None` when neither shape fits or the sum does not fit a `u128`: exactly the nodes
/// whose term-by-term sum of [`product`]s either takes another route or does not fit,
/// so a caller then builds that sum term by term and gets the same answer.
#[inline(always)]
pub(crate) fn uniform_sum(
    pairs: impl Iterator<Item = Option<(Weight, Progress)>> + Clone,
    scale: u32,
) -> Option<u128> {
    let (w0, p0) = pairs.clone().next()??;
    let (wf, pf) = (Raw::of(w0.value()).scale, Raw::of(p0.value()).scale);
    let exact_scale = wf.checked_add(pf)?;
    let mut differs = 0u32;
    let mut sum = 0u128;
    let mut carried = false;
    if exact_scale <= scale {
        for pair in pairs {
            let (w, p) = pair?;
            let (w, p) = (Raw::of(w.value()), Raw::of(p.value()));
            // One test per node instead of a branch per pair: any other scale, or any
            // mantissa bit beyond 64, marks the node.
            differs |= (w.scale ^ wf) | (p.scale ^ pf) | p.high | w.high;
            // Both factors are below 2^64, so their product fits a `u128`.
            let (next, carry) =
                sum.overflowing_add(u128::from(w.low).wrapping_mul(u128::from(p.low)));
            sum = next;
            carried |= carry;
        }
        if differs != 0 || carried {
            return None;
        }
        return mul(sum, pow10(scale.checked_sub(exact_scale)?)?);
    }
    for pair in pairs {
        let (w, p) = pair?;
        let (w, p) = (Raw::of(w.value()), Raw::of(p.value()));
        // Each value's own scale picks the power of ten its product is divided by. A
        // product with at most `scale` places finds no divisor (the subtraction wraps)
        // and sends the node to the term-by-term sum.
        let places = wf.wrapping_add(p.scale).wrapping_sub(scale);
        let wide = u32::from(w.low > u64::from(u32::MAX));
        differs |= (w.scale ^ wf) | w.high | wide;
        // `w < 2^32` (else the node is marked) and `p < 2^96`: the product is below
        // 2^128. The wrapping forms cannot wrap for an unmarked node, and a marked
        // node's sum is discarded.
        let mantissa = (u128::from(p.high) << 64) | u128::from(p.low);
        let exact = mantissa.wrapping_mul(u128::from(w.low));
        // The common case, a weight at 2 places times a quotient at 28, is divided by
        // a constant (its shift and reciprocal known to the compiler); any other power
        // of ten is read from the table.
        let (quotient, remainder, unit) = match (places, TEN_TO_THE_TEN) {
            (10, Some(unit)) => {
                let (quotient, remainder) = unit.div_rem(exact);
                (quotient, remainder, unit.get())
            }
            _ => {
                let Some(Some(unit)) =
                    POW10_DIVISORS.get(usize::try_from(places).unwrap_or(usize::MAX))
                else {
                    return None;
                };
                let (quotient, remainder) = unit.div_rem(exact);
                (quotient, remainder, unit.get())
            }
        };
        // Half away from zero: up when the remainder is at least half the unit.
        let up = remainder >= unit.wrapping_sub(remainder);
        let (next, carry) = sum.overflowing_add(quotient.wrapping_add(u128::from(up)));
        sum = next;
        carried |= carry;
    }
    if differs != 0 || carried {
        return None;
    }
    Some(sum)
}

/// A value held at 28 places by [`at_28`] that no term takes: a mantissa of `2^96` or
/// more marks it.
pub(crate) const NOT_AT_28: u128 = u128::MAX;

/// A non-negative value as the integer `value × 10^28`, when that is below `2^96` (a
/// value below about 7.9), else [`NOT_AT_28`]. A rolled-up node's value is kept this
/// way beside its `Decimal`, so that a term of it ([`sum_at_28`], [`term_at_28`])
/// needs no unpacking and has one scale whatever places the value has. The sign is not
/// read: progress is never below zero, and a negative zero has a zero mantissa.
#[inline]
pub(crate) fn at_28(value: Decimal) -> u128 {
    let raw = Raw::of(value);
    let mantissa = (u128::from(raw.high) << 64) | u128::from(raw.low);
    MAX_SCALE
        .checked_sub(raw.scale)
        .and_then(pow10)
        .and_then(|unit| mul(mantissa, unit))
        .filter(|&v| v <= MAX_MANTISSA)
        .unwrap_or(NOT_AT_28)
}

/// The [`product`] `w × v` at 20 places of a weight and a value held at 28 places
/// ([`at_28`]): the exact product `w × v` at `ws + 28` places divided by
/// `10^(ws + 8)`, rounded half away from zero. That is the product [`product`] gives
/// the value's `Decimal`: the same rational number, rounded the same way (exact, with
/// no remainder, when the `Decimal` product has at most 20 places). `None` when the
/// weight has more than 11 places or a mantissa of `2^32` or more, or the value is
/// [`NOT_AT_28`]: the caller then takes [`product`].
#[inline]
pub(crate) fn term_at_28(w: Weight, v: u128) -> Option<u128> {
    let w = Raw::of(w.value());
    let weight = u32::try_from(w.low).ok().filter(|_| w.high == 0)?;
    if v > MAX_MANTISSA {
        return None;
    }
    let Some(Some(unit)) = POW10_DIVISORS.get(usize::try_from(w.scale.checked_add(8)?).ok()?)
    else {
        return None;
    };
    // `w < 2^32` and `v < 2^96`: the product is below 2^128.
    let (quotient, remainder) = unit.div_rem(v.wrapping_mul(u128::from(weight)));
    let up = remainder >= unit.get().checked_sub(remainder)?;
    quotient.checked_add(u128::from(up))
}

/// A value held at 28 places ([`at_28`]) split at its tenth place, `[high, low]` with
/// `value = high × 10^10 + low` and `low < 10^10`: the form a sweep keeps, so that a
/// term by a weight at 2 places ([`sum_at_28_by_ten`]) needs no 128-bit division. A
/// value below `2^96` has `high < 2^63`; [`NOT_AT_28`] is `[u64::MAX, 0]`.
#[inline(always)]
pub(crate) fn split_at_28(value: u128) -> [u64; 2] {
    let split = match TEN_TO_THE_TEN {
        Some(unit) if value <= MAX_MANTISSA => unit.div_rem_narrow(value),
        _ => None,
    };
    split.map_or([u64::MAX, 0], |(high, low)| [high, low])
}

/// The value [`split_at_28`] split: `high × 10^10 + low`, or [`NOT_AT_28`].
#[inline(always)]
pub(crate) fn join_at_28([high, low]: [u64; 2]) -> u128 {
    if high >> 63 != 0 {
        return NOT_AT_28;
    }
    // `high < 2^63`: the product is below 2^97 and the sum cannot wrap.
    u128::from(high)
        .wrapping_mul(10_000_000_000)
        .wrapping_add(u128::from(low))
}

/// [`sum_at_28`] for weights at 2 places, over values split at their tenth place
/// ([`split_at_28`]): `w × v / 10^10 = w × high + (w × low) / 10^10`, where for a
/// weight below `2^30` the second product fits 64 bits and is divided by a constant, so
/// each term is two multiplications and a multiply-high. The same terms, rounded half
/// away from zero on the same remainder. `None` if a pair is missing, a weight has
/// another scale or a mantissa of `2^30` or more, a value is [`NOT_AT_28`], or the sum
/// does not fit.
#[inline(always)]
pub(crate) fn sum_at_28_by_ten(
    pairs: impl Iterator<Item = Option<(Weight, [u64; 2])>>,
) -> Option<u128> {
    const UNIT: u64 = 10_000_000_000;
    let mut marks = 0u64;
    let mut sum = 0u128;
    let mut carried = false;
    for pair in pairs {
        let (w, [high, low]) = pair?;
        let w = Raw::of(w.value());
        // Another scale, a weight of 30 bits or more, or a value marked as not held
        // (its high word's top bit) marks the node.
        marks |= u64::from(w.scale ^ 2) | u64::from(w.high) | (w.low >> 30) | (high >> 63);
        // `w < 2^30` and `low < 10^10 < 2^34`: the product fits 64 bits; `w × high`
        // is below 2^93. A marked node's sum is discarded.
        let part = w.low.wrapping_mul(low);
        // By a non-zero constant: neither fails, and each compiles to a multiply-high.
        let (quotient, remainder) = (
            part.checked_div(UNIT).unwrap_or(0),
            part.checked_rem(UNIT).unwrap_or(0),
        );
        // Half away from zero: up when the remainder is at least half the unit.
        let up = remainder >= UNIT.wrapping_sub(remainder);
        let term = u128::from(w.low)
            .wrapping_mul(u128::from(high))
            .wrapping_add(u128::from(quotient.wrapping_add(u64::from(up))));
        let (next, carry) = sum.overflowing_add(term);
        sum = next;
        carried |= carry;
    }
    if marks != 0 || carried {
        return None;
    }
    Some(sum)
}

/// The sum of [`term_at_28`] over pairs of a weight and a value held at 28 places, for
/// a node whose weights all have `ws` places: each term divided by the one `unit`,
/// `10^(ws + 8)` (a constant for weights at 2 places, so that the compiler knows its
/// reciprocal). `None` if a pair is missing, a weight has another scale or a mantissa
/// of `2^32` or more, a value is [`NOT_AT_28`], or the sum does not fit: then some
/// term needs [`product`] or the sum overflows, and the caller sums term by term.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
pub(crate) fn sum_at_28(
    pairs: impl Iterator<Item = Option<(Weight, u128)>>,
    ws: u32,
    unit: Divisor,
) -> Option<u128> {
    let mut marks = 0u64;
    let mut sum = 0u128;
    let mut carried = false;
    for pair in pairs {
        let (w, v) = pair?;
        let w = Raw::of(w.value());
        // One test per node instead of a branch per pair: another scale, a weight of 32
        // bits or more, or a value of 96 bits or more marks the node. (The truncation
        // keeps `v`'s top 32 bits, all of them.)
        marks |= u64::from(w.scale ^ ws) | u64::from(w.high) | (w.low >> 32) | ((v >> 96) as u64);
        // Below 2^128 for an unmarked pair; a marked node's sum is discarded.
        let exact = v.wrapping_mul(u128::from(w.low));
        let (quotient, remainder) = unit.div_rem(exact);
        // Half away from zero: up when the remainder is at least half the unit.
        let up = remainder >= unit.get().wrapping_sub(remainder);
        let (next, carry) = sum.overflowing_add(quotient.wrapping_add(u128::from(up)));
        sum = next;
        carried |= carry;
    }
    if marks != 0 || carried {
        return None;
    }
    Some(sum)
}

/// `10^(ws + 8)` as a [`Divisor`], the unit of [`sum_at_28`] for weights at `ws`
/// places; `None` above 11 places.
#[inline(always)]
pub(crate) fn unit_at_28(ws: u32) -> Option<Divisor> {
    *POW10_DIVISORS.get(usize::try_from(ws.checked_add(8)?).ok()?)?
}

/// [`quotient_by`] for a `sum` at 20 places whose quotient has a mantissa below `2^96`
/// at 28 places (every weighted mean of values below about 7.9), with that mantissa
/// before its trailing zeros are dropped: the value held at 28 places ([`at_28`]).
/// `None` where [`quotient_by`] would give up places (the scaled sum does not fit, or
/// the quotient at 28 places does not): the caller then takes [`quotient_by`].
#[inline(always)]
pub(crate) fn quotient_at_28(sum: u128, total: &Total) -> Option<(Decimal, u128)> {
    let divisor = total.divisor();
    // q = sum × 10^(st + 28 - 20) / mt, as `quotient_of` takes it at r = 28.
    // (28 - 20 = 8 places.)
    let n = mul(sum, pow10(total.scale.checked_add(8)?)?)?;
    let (q, remainder) = divisor.div_rem(n);
    let d = divisor.get();
    // Half to even: up when the remainder is above half, or exactly half with an odd
    // quotient.
    let half = d.wrapping_sub(remainder);
    let up = remainder > half || (remainder == half && q & 1 == 1);
    let q = q.checked_add(u128::from(up))?;
    if q > MAX_MANTISSA {
        return None;
    }
    let (digits, r) = strip_zeros(q, MAX_SCALE);
    let (low, middle, high) = split_96(digits);
    Some((Decimal::from_parts(low, middle, high, false, r), q))
}

/// A threshold prepared for many comparisons `value >= threshold`: for each scale a
/// `Decimal` can have, the least mantissa at that scale that reaches it, so that a
/// comparison is one table read and one integer comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Threshold {
    least: [u128; 29],
}

impl Threshold {
    /// `threshold`, or `None` if it is negative.
    pub(crate) fn new(threshold: Decimal) -> Option<Self> {
        let (mt, st) = parts(threshold)?;
        let mut least = [u128::MAX; 29];
        for (s, slot) in (0u32..).zip(least.iter_mut()) {
            *slot = if s >= st {
                // `mt × 10^(s - st)`; one that does not fit a `u128` is above every
                // mantissa, and `u128::MAX` is too.
                pow10(s.checked_sub(st)?)
                    .and_then(|unit| mul(mt, unit))
                    .unwrap_or(u128::MAX)
            } else {
                // `v × 10^(st - s) >= mt` exactly when `v >= ceil(mt / 10^(st - s))`.
                let unit = pow10(st.checked_sub(s)?)?;
                let (quotient, remainder) = div_rem(mt, unit)?;
                if remainder == 0 {
                    quotient
                } else {
                    quotient.checked_add(1)?
                }
            };
        }
        Some(Self { least })
    }

    /// Whether `progress >= threshold`. A progress value is never below zero, so its
    /// sign is not read: a negative zero has a zero mantissa, which reaches exactly the
    /// thresholds zero does.
    #[inline(always)]
    pub(crate) fn reached_by_progress(&self, progress: Progress) -> bool {
        let parts = progress.value().unpack();
        let mantissa =
            (u128::from(parts.hi) << 64) | (u128::from(parts.mid) << 32) | u128::from(parts.lo);
        usize::try_from(parts.scale)
            .ok()
            .and_then(|s| self.least.get(s))
            .is_some_and(|&least| mantissa >= least)
    }
}

/// A [`Threshold`] laid out for a sweep's hit counting: the least mantissa for every
/// value a scale byte can hold, so that the scale needs no range check (scales above 28,
/// which no `Decimal` has, hold `u128::MAX`, which no mantissa of 96 bits reaches, as
/// [`Threshold::reached_by_progress`] answers for them). 4 KiB, built once per sweep.
#[derive(Debug, Clone)]
pub(crate) struct HitTable {
    least: [u128; 256],
}

impl HitTable {
    pub(crate) fn new(threshold: &Threshold) -> Self {
        let mut least = [u128::MAX; 256];
        for (slot, &value) in least.iter_mut().zip(&threshold.least) {
            *slot = value;
        }
        Self { least }
    }

    /// How many of `members` reach the threshold, by their values in `values`: the
    /// count of [`Threshold::reached_by_progress`], added without a branch on each
    /// outcome (which is as unpredictable as the data); `None` if a member is past the
    /// end of `values`. Not inlined: the loop keeps its few values in registers, which
    /// the sweep around it has too many of.
    #[inline(never)]
    pub(crate) fn hits(&self, values: &[Progress], members: &[NodeIndex]) -> Option<u64> {
        let mut hits = 0u64;
        for &member in members {
            let parts = values.get(member.get())?.value().unpack();
            let mantissa =
                (u128::from(parts.hi) << 64) | (u128::from(parts.mid) << 32) | u128::from(parts.lo);
            // The scale's low byte is the scale (at most 28); the table holds all 256.
            let scale = usize::from(parts.scale.to_le_bytes()[0]);
            let reached = self
                .least
                .get(scale)
                .is_some_and(|&least| mantissa >= least);
            // At most `members.len()` ones are added, so the count never wraps.
            hits = hits.wrapping_add(u64::from(reached));
        }
        Some(hits)
    }
}

/// `sum / total` for a `sum` held at `scale` decimal places: exact when the quotient
/// has at most 28 decimal places, else rounded half to even at the most decimal places
/// (at most 28) whose mantissa a `Decimal` holds, as `Decimal` division rounds. Trailing
/// zeros are dropped, in both cases: the digits and scale of `Decimal`'s quotient,
/// normalized. `None` if `total` is zero or an intermediate does not fit.
#[inline]
pub(crate) fn quotient(sum: u128, scale: u32, total: Decimal) -> Option<Decimal> {
    let (mantissa, total_scale) = parts(total)?;
    match Total::from_parts(mantissa, total_scale) {
        Some(total) => quotient_by(sum, scale, &total),
        None => quotient_of(sum, scale, mantissa, total_scale, None),
    }
}

/// A divisor of [`quotient_by`]: a positive decimal whose mantissa is below `2^64`, as
/// a [`Divisor`] and a scale. Build it once per total; it holds 24 bytes, and an
/// `Option` of it as many.
///
/// The divisor's fields are held flat (not as a nested [`Divisor`], whose padding
/// would make the struct 32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Total {
    normalized: NonZeroU64,
    reciprocal: u64,
    shift: u32,
    scale: u32,
}

impl Total {
    /// The total `total`; `None` if it is zero or negative, or if its mantissa is
    /// `2^64` or more ([`quotient`] then divides it as a `u128`).
    pub(crate) fn new(total: Decimal) -> Option<Self> {
        let (mantissa, scale) = parts(total)?;
        Self::from_parts(mantissa, scale)
    }

    fn from_parts(mantissa: u128, scale: u32) -> Option<Self> {
        let divisor = Divisor::new(u64::try_from(mantissa).ok()?)?;
        Some(Self {
            normalized: divisor.normalized,
            reciprocal: divisor.reciprocal,
            shift: divisor.shift,
            scale,
        })
    }

    #[inline(always)]
    fn divisor(&self) -> Divisor {
        Divisor {
            normalized: self.normalized,
            reciprocal: self.reciprocal,
            shift: self.shift,
        }
    }
}

/// [`quotient`] by a prepared [`Total`]: the same digits, without a 128-bit division.
#[inline(always)]
pub(crate) fn quotient_by(sum: u128, scale: u32, total: &Total) -> Option<Decimal> {
    let divisor = total.divisor();
    quotient_of(
        sum,
        scale,
        u128::from(divisor.get()),
        total.scale,
        Some(&divisor),
    )
}

/// [`quotient`] of a total with mantissa `mt` at scale `st`, through `divisor` (which
/// divides by `mt`) when given.
#[inline(always)]
fn quotient_of(
    sum: u128,
    scale: u32,
    mt: u128,
    st: u32,
    divisor: Option<&Divisor>,
) -> Option<Decimal> {
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
        // A scaled numerator that does not fit a `u128` says the quotient has too many
        // digits at this scale only if the divisor is at most 2^32 (then the quotient is
        // at least 2^128 / 2^32 = 2^96); over a larger total the quotient may still fit
        // with this many places, and giving them up would round where `Decimal` division
        // does not. Such a node (and one whose scaled divisor does not fit) goes to
        // `Decimal` division instead.
        let Some((n, d)) = fraction else {
            if e >= scale && mt <= 1 << 32 {
                r = r.checked_sub(1)?;
                continue;
            }
            return None;
        };
        {
            let (q, remainder) = match divisor {
                Some(divisor) if d == mt => {
                    let (q, remainder) = divisor.div_rem(n);
                    (q, u128::from(remainder))
                }
                _ => div_rem(n, d)?,
            };
            // Half to even: up when the remainder is above half, or exactly half with an
            // odd quotient.
            let up = match remainder.cmp(&d.checked_sub(remainder)?) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => q & 1 == 1,
                std::cmp::Ordering::Less => false,
            };
            let q = if up { q.checked_add(1)? } else { q };
            if q <= MAX_MANTISSA {
                // Trailing zeros are dropped whether the division was exact or rounded,
                // as `Decimal` division drops them from a rounded quotient: every value
                // has one spelling, whichever path computed it.
                let (q, r) = strip_zeros(q, r);
                if r > MAX_SCALE {
                    return None;
                }
                // `q` fits 96 bits and `r` at most 28 places: the parts of a `Decimal`,
                // built inline (the checked constructor is a call per node).
                let (low, middle, high) = split_96(q);
                return Some(Decimal::from_parts(low, middle, high, false, r));
            }
        }
        r = r.checked_sub(1)?;
    }
}

/// The three 32-bit words (low, middle, high) of a mantissa below `2^96`.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn split_96(q: u128) -> (u32, u32, u32) {
    // Truncation is the point: each word in turn.
    (q as u32, (q >> 32) as u32, (q >> 64) as u32)
}

/// The inverse of an odd `d` modulo `2^128`: Newton's iteration `x ← x (2 - d x)`
/// doubles the correct low bits, from the 3 that `x = d` already has (`d² ≡ 1 mod 8`).
const fn inverse_mod_2_128(d: u128) -> u128 {
    let mut x = d;
    let mut i = 0u32;
    // 3, 6, 12, 24, 48, 96, 192 bits: seven steps cover 128.
    while i < 7 {
        x = x.wrapping_mul(2u128.wrapping_sub(d.wrapping_mul(x)));
        i = i.wrapping_add(1);
    }
    x
}

/// For each number of places [`strip_zeros`] tries at once, `(k, inverse of 5^k modulo
/// 2^128, floor((2^128 - 1) / 5^k))`: a multiple of `2^k` is a multiple of `10^k`
/// exactly when its `k`-bit shift times the inverse is at most the bound, and that
/// product is then the quotient (multiplying by the inverse maps the multiples of
/// `5^k`, and only them, onto `0..=bound`: Granlund and Montgomery, *Division by
/// invariant integers using multiplication*, PLDI 1994, section 9).
const STRIP_STEPS: [(u32, u128, u128); 5] = {
    let mut steps = [(0u32, 0u128, 0u128); 5];
    let places = [16u32, 8, 4, 2, 1];
    let mut i = 0;
    // A constant loop over fixed tables, evaluated by the compiler: an index out of
    // bounds or a division by zero would fail the build.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    while i < 5 {
        let five = 5u128.pow(places[i]);
        steps[i] = (places[i], inverse_mod_2_128(five), u128::MAX / five);
        i += 1;
    }
    steps
};

/// Drops trailing decimal zeros of `q` at scale `r`: the digits and scale of
/// `Decimal::normalize`. Every factor of ten holds a factor of two, so the binary
/// trailing zeros bound the decimal ones (an odd `q`, half of all quotients, costs one
/// count); then 16, 8, 4, 2 and 1 places are tried in turn, each once (at most 28
/// places are dropped, and 16 + 8 + 4 + 2 + 1 = 31), each an exact division by a
/// multiplication ([`STRIP_STEPS`]) instead of a division by a power of ten.
#[inline(always)]
fn strip_zeros(mut q: u128, mut r: u32) -> (u128, u32) {
    // Zero has 128 binary trailing zeros: all `r` places go, as `normalize` drops them.
    let mut room = q.trailing_zeros().min(r);
    if room == 0 {
        return (q, r);
    }
    for &(places, inverse, most) in &STRIP_STEPS {
        if room >= places {
            let quotient = (q >> places).wrapping_mul(inverse);
            if quotient <= most {
                q = quotient;
                // `places <= room <= r`: neither wraps.
                r = r.wrapping_sub(places);
                room = room.wrapping_sub(places);
            }
        }
    }
    (q, r)
}

#[cfg(test)]
// The tests compute their expected values with plain `u128` operators.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

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
    fn divisors_divide_as_u128_division_does() {
        let divisors = [
            1u64,
            2,
            3,
            7,
            10,
            400,
            2_347,
            9_765_625,
            10_000_000_000,
            (1 << 32) - 1,
            1 << 32,
            (1 << 63) - 1,
            1 << 63,
            (1 << 63) + 1,
            u64::MAX - 1,
            u64::MAX,
        ];
        let dividends = [
            0u128,
            1,
            9,
            10,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            12_345_678_901_234_567_890_123_456_789,
            1 << 96,
            (1 << 127) - 1,
            1 << 127,
            u128::MAX - 1,
            u128::MAX,
        ];
        for d in divisors {
            let divisor = Divisor::new(d).unwrap();
            assert_eq!(divisor.get(), d);
            for n in dividends {
                for n in [
                    n,
                    n.wrapping_mul(u128::from(d)),
                    n / u128::from(d) * u128::from(d),
                ] {
                    let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
                    assert_eq!(divisor.div_rem(n), expected, "{n} / {d}");
                }
            }
        }
        assert_eq!(Divisor::new(0), None);
        for (i, divisor) in POW10_DIVISORS.iter().enumerate() {
            assert_eq!(
                divisor.map(|d| u128::from(d.get())),
                pow10(u32::try_from(i).unwrap())
            );
        }
    }

    #[test]
    fn stripped_zeros_count_every_trailing_zero() {
        // Every count of trailing zeros from 0 to 28 under every scale that holds them,
        // on mantissas odd and even, small and near 2^96: the digits and scale of
        // `Decimal::normalize`.
        let bases = [
            1u128,
            2,
            3,
            5,
            7,
            25,
            64,
            125,
            1 << 20,
            9_765_625,
            123_456_789,
        ];
        for zeros in 0u32..=28 {
            let unit = pow10(zeros).unwrap();
            let mut mantissas: Vec<u128> = bases.iter().map(|b| b * unit).collect();
            // The largest multiple of `10^zeros` below 2^96 with a last digit of 1..9.
            let top = MAX_MANTISSA / unit;
            mantissas.extend([top, top - 1, top - top % 10 + 1].map(|m| m * unit));
            mantissas.push(0);
            for q in mantissas.into_iter().filter(|&q| q <= MAX_MANTISSA) {
                for r in 0u32..=28 {
                    let normal =
                        Decimal::from_i128_with_scale(i128::try_from(q).unwrap(), r).normalize();
                    assert_eq!(
                        strip_zeros(q, r),
                        (normal.mantissa().unsigned_abs(), normal.scale()),
                        "{q}e-{r}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_prepared_total_holds_24_bytes() {
        assert_eq!(std::mem::size_of::<Total>(), 24);
        assert_eq!(std::mem::size_of::<Option<Total>>(), 24);
    }

    #[test]
    fn thresholds_compare_as_decimal_does() {
        let values = [
            "0",
            "-0",
            "-0.5",
            "1",
            "1.0000",
            "0.9999",
            "1.2",
            "0.7",
            "0.70",
            "0.69",
            "0.6999999999999999999999999999",
            "79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
        ];
        for t in [
            "1",
            "0.7",
            "0.70",
            "1.5",
            "0.0000000000000000000000000001",
            "0",
            "79228162514264337593543950335",
            "123.456",
        ] {
            let threshold = Threshold::new(d(t)).unwrap();
            for v in values {
                // A negative value is not a progress; "-0" is.
                if let Ok(progress) = Progress::new(d(v)) {
                    assert_eq!(
                        threshold.reached_by_progress(progress),
                        d(v) >= d(t),
                        "progress {v} >= {t}"
                    );
                }
            }
        }
        assert_eq!(Threshold::new(d("-1")), None);
    }

    /// A mantissa near the limits the uniform-scale sum tests: small, around `2^32`,
    /// around `2^64`, up to `2^96 - 1`.
    fn mantissa() -> impl proptest::strategy::Strategy<Value = u128> {
        proptest::prop_oneof![
            4 => 0u128..100_000,
            1 => ((1u128 << 32) - 3)..((1u128 << 32) + 3),
            1 => ((1u128 << 64) - 3)..((1u128 << 64) + 3),
            1 => 0u128..(1 << 96),
            1 => proptest::strategy::Just((1u128 << 96) - 1),
        ]
        .prop_map(|m| m.min((1 << 96) - 1))
    }

    /// A pair of a weight and a value: usually at the node's two scales, sometimes at
    /// another scale or negative zero, which leave the uniform sum.
    fn pair(ws: u32, ps: u32) -> impl proptest::strategy::Strategy<Value = (Decimal, Decimal)> {
        (mantissa(), mantissa(), 0u32..20, 0u32..=28).prop_map(move |(w, p, odd, other)| {
            let (ws, ps) = match odd {
                0 => (other, ps),
                1 => (ws, other),
                _ => (ws, ps),
            };
            let w = Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), ws);
            let mut p = Decimal::from_i128_with_scale(i128::try_from(p).unwrap(), ps);
            if odd == 2 && p.is_zero() {
                p.set_sign_negative(true);
            }
            (w, p)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

        #[test]
        fn uniform_sums_equal_the_sum_of_products(
            // Half the cases at a weight's 2 places and a quotient's 28, the shape the
            // sum divides by a constant.
            pairs in proptest::prop_oneof![
                (0u32..=28, 0u32..=28),
                proptest::strategy::Just((2u32, 28u32)),
            ]
            .prop_flat_map(|(ws, ps)| {
                proptest::collection::vec(pair(ws, ps), 1..12)
            }),
        ) {
            // The term-by-term sum the sweep builds without the shortcut.
            let terms = pairs
                .iter()
                .try_fold(0u128, |sum, &(w, p)| sum.checked_add(product(w, p, 20)?));
            let uniform = uniform_sum(
                pairs.iter().map(|&(w, p)| Some((Weight::new(w).unwrap(), Progress::new(p).unwrap()))),
                20,
            );
            // Wherever the shortcut answers, it is the term-by-term sum.
            if let Some(sum) = uniform {
                proptest::prop_assert_eq!(Some(sum), terms);
            }
            // And it answers wherever the scales are uniform and the mantissas within its
            // limits, unless the sum itself does not fit.
            let (w0, p0) = pairs[0];
            let uniform_scales = pairs.iter().all(|(w, p)| {
                w.scale() == w0.scale() && p.scale() == p0.scale()
                    && !w.is_sign_negative() && !p.is_sign_negative()
            });
            let rounded = w0.scale() + p0.scale() > 20;
            let within = pairs.iter().all(|(w, p)| {
                let (w, p) = (w.mantissa().unsigned_abs(), p.mantissa().unsigned_abs());
                if rounded { w < 1 << 32 } else { w < 1 << 64 && p < 1 << 64 }
            });
            if uniform_scales && within && w0.scale() + p0.scale() <= 39 {
                proptest::prop_assert_eq!(uniform, terms);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn thresholds_compare_any_decimals(
            v in 0u128..(1 << 96), vs in 0u32..=28, t in 0u128..(1 << 96), ts in 0u32..=28,
        ) {
            let v = Decimal::from_i128_with_scale(i128::try_from(v).unwrap(), vs);
            let t = Decimal::from_i128_with_scale(i128::try_from(t).unwrap(), ts);
            let progress = Progress::new(v).unwrap();
            proptest::prop_assert_eq!(
                Threshold::new(t).unwrap().reached_by_progress(progress),
                progress.value() >= t
            );
        }

        #[test]
        fn hit_tables_count_as_decimal_comparisons_do(
            values in proptest::collection::vec(
                (0u128..(1 << 96), 0u32..=28, 0u8..8),
                1..24,
            ),
            members in proptest::collection::vec(0u32..26, 0..32),
            t in 1u128..(1 << 96), ts in 0u32..=28,
        ) {
            // Values of any digits and scale: a few mantissas small, so that they meet a
            // threshold at another scale; a few the threshold itself, at its scale or
            // with trailing zeros at a larger one (equal, so a hit), or one unit of its
            // last place below it (a miss); a few negative zeros. Members in any order,
            // repeated, some past the end.
            let threshold = Decimal::from_i128_with_scale(i128::try_from(t).unwrap(), ts);
            let values: Vec<Progress> = values
                .into_iter()
                .map(|(m, scale, kind)| {
                    let m = if kind < 3 { m % 20_000 } else { m };
                    let v = match kind {
                        3 => threshold,
                        4 => {
                            let zeros = scale.saturating_sub(ts);
                            let m = 10u128.checked_pow(zeros)
                                .and_then(|unit| t.checked_mul(unit))
                                .filter(|&m| m < 1 << 96);
                            match m {
                                Some(m) => Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), ts + zeros),
                                None => threshold,
                            }
                        }
                        5 => Decimal::from_i128_with_scale(i128::try_from(t - 1).unwrap(), ts),
                        7 => {
                            let mut zero = Decimal::from_i128_with_scale(0, scale);
                            zero.set_sign_negative(true);
                            zero
                        }
                        _ => Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), scale),
                    };
                    Progress::new(v).unwrap()
                })
                .collect();
            let members: Vec<NodeIndex> =
                members.into_iter().map(NodeIndex::from_u32).collect();
            let table = HitTable::new(&Threshold::new(threshold).unwrap());
            // The plain count: `Decimal`'s comparison, member by member, stopping at the
            // first member without a value.
            let expected = members.iter().try_fold(0u64, |hits, &member| {
                let value = values.get(member.get())?;
                Some(hits + u64::from(value.value() >= threshold))
            });
            proptest::prop_assert_eq!(table.hits(&values, &members), expected);
        }

        #[test]
        fn stripped_zeros_equal_decimal_normalization(
            digits in 0u128..(1 << 96), shift in 0u32..96, zeros in 0u32..=28, r in 0u32..=28,
        ) {
            // A mantissa of any length (the shift) with up to 28 trailing zeros (as many
            // as still fit 96 bits), at any scale: the stripped form has the digits and
            // scale `normalize` gives.
            let digits = digits >> shift;
            let q = (0..zeros).fold(digits, |q, _| {
                q.checked_mul(10).filter(|&q| q < (1 << 96)).unwrap_or(q)
            });
            let (stripped, scale) = strip_zeros(q, r);
            let normal = Decimal::from_i128_with_scale(i128::try_from(q).unwrap(), r).normalize();
            proptest::prop_assert_eq!(
                (stripped, scale),
                (normal.mantissa().unsigned_abs(), normal.scale())
            );
        }

        #[test]
        fn products_equal_checked_multiplication(
            a in proptest::prop_oneof![proptest::prelude::any::<u128>(), 0u128..1 << 70, 0u128..1 << 64],
            b in proptest::prop_oneof![proptest::prelude::any::<u128>(), 0u128..1 << 64, 0u128..1 << 40],
            swap in proptest::prelude::any::<bool>(),
        ) {
            let (a, b) = if swap { (b, a) } else { (a, b) };
            proptest::prop_assert_eq!(mul(a, b), a.checked_mul(b));
            // At the edge of overflow: the largest factor that fits, and one more.
            let most = u128::MAX / a.max(1);
            for b in [most, most.saturating_add(1)] {
                proptest::prop_assert_eq!(mul(a, b), a.checked_mul(b));
                proptest::prop_assert_eq!(mul(b, a), b.checked_mul(a));
            }
        }

        #[test]
        fn divisors_divide_any_u128(n in proptest::prelude::any::<u128>(), d in 1u64..) {
            let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
            proptest::prop_assert_eq!(Divisor::new(d).unwrap().div_rem(n), expected);
        }

        #[test]
        fn divisors_divide_by_small_divisors(n in proptest::prelude::any::<u128>(), d in 1u64..100_000) {
            let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
            proptest::prop_assert_eq!(Divisor::new(d).unwrap().div_rem(n), expected);
        }

        #[test]
        fn products_round_as_decimal_rescaling_does(
            w in 0u64..100_000_000, ws in 0u32..=10,
            p in 0u128..(1 << 96), ps in 0u32..=28,
        ) {
            // The term `w × p` at 20 places: the exact product rescaled by `Decimal`
            // (half away from zero) when it fits a `Decimal`.
            let (wd, pd) = (Decimal::new(i64::try_from(w).unwrap(), ws),
                            Decimal::from_i128_with_scale(i128::try_from(p).unwrap(), ps));
            if let Some(mut exact) = wd.checked_mul(pd) {
                if exact.scale() == ws + ps && exact.scale() > 20 {
                    exact.rescale(20);
                    let expected = u128::try_from(exact.mantissa()).ok();
                    proptest::prop_assert_eq!(product(wd, pd, 20), expected);
                }
            }
        }
    }

    /// A value of any digits and places, sometimes one that ends in zeros or is a
    /// negative zero, sometimes one of 7.9 or more (which has no mantissa below 2^96
    /// at 28 places).
    fn value() -> impl proptest::strategy::Strategy<Value = Decimal> {
        (mantissa(), 0u32..=28, 0u32..10).prop_map(|(m, s, kind)| {
            // Kinds 8 and 9 end in 5 at 19 places: under an odd weight at 2 places the
            // product has 21 places and ends in 5, exactly half a unit of the 20th.
            let (m, s) = match kind {
                0 => (m % 1_000 * 1_000, s),
                1 => (0, s),
                8 | 9 => (m % 100_000 * 10 + 5, 19),
                _ => (m, s),
            };
            let mut v = Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), s);
            if kind == 1 {
                v.set_sign_negative(true);
            }
            v
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

        #[test]
        fn values_at_28_places_are_their_mantissas_scaled(v in value()) {
            let expected = v
                .mantissa()
                .unsigned_abs()
                .checked_mul(10u128.pow(28 - v.scale()))
                .filter(|&m| m < 1 << 96)
                .unwrap_or(NOT_AT_28);
            proptest::prop_assert_eq!(at_28(v), expected);
            // Split at the tenth place and joined again, the same value (or the mark).
            let [high, low] = split_at_28(expected);
            proptest::prop_assert_eq!(join_at_28([high, low]), expected);
            if expected != NOT_AT_28 {
                proptest::prop_assert_eq!(
                    (u128::from(high), u128::from(low)),
                    (expected / 10_000_000_000, expected % 10_000_000_000)
                );
            }
        }

        #[test]
        fn terms_at_28_places_equal_products(
            w in mantissa(), ws in 0u32..=14, v in value(),
        ) {
            // The term of a value held at 28 places is the `product` of its `Decimal`
            // (rounded or exact alike), wherever it answers, and it answers for every
            // weight of at most 11 places and 32 bits and every value below 2^96 at 28.
            let w = Weight::new(Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), ws)).unwrap();
            let term = term_at_28(w, at_28(v));
            let expected = product(w.value(), v, 20);
            if term.is_some() {
                proptest::prop_assert_eq!(term, expected);
            }
            let within = ws <= 11 && w.value().mantissa() < 1 << 32 && at_28(v) != NOT_AT_28;
            if within {
                proptest::prop_assert_eq!(term, expected);
            }
        }

        #[test]
        fn sums_at_28_places_equal_the_sum_of_products(
            ws in proptest::prop_oneof![0u32..=12, proptest::strategy::Just(2u32)],
            pairs in proptest::collection::vec((mantissa(), 0u32..12, value()), 1..12),
        ) {
            // Weights at the node's `ws` places, one in twelve at another scale; values
            // of any places. Wherever the sum answers it is the term-by-term sum of
            // products, and it answers wherever every term does and the sum fits.
            let pairs: Vec<(Weight, Decimal)> = pairs
                .into_iter()
                .map(|(w, odd, v)| {
                    let s = if odd == 0 { (ws + 1) % 29 } else { ws };
                    (Weight::new(Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), s)).unwrap(), v)
                })
                .collect();
            let terms = pairs
                .iter()
                .try_fold(0u128, |sum, &(w, v)| sum.checked_add(product(w.value(), v, 20)?));
            let Some(unit) = unit_at_28(ws) else {
                proptest::prop_assert!(ws > 11);
                return Ok(());
            };
            proptest::prop_assert_eq!(u128::from(unit.get()), 10u128.pow(ws + 8));
            let sum = sum_at_28(pairs.iter().map(|&(w, v)| Some((w, at_28(v)))), ws, unit);
            if sum.is_some() {
                proptest::prop_assert_eq!(sum, terms);
            }
            let within = pairs.iter().all(|&(w, v)| {
                w.value().scale() == ws && w.value().mantissa() < 1 << 32 && at_28(v) != NOT_AT_28
            });
            if within {
                proptest::prop_assert_eq!(sum, terms);
            }
            // A missing pair (a child without a record) leaves the sum to the caller.
            let missing = pairs.iter().map(|&(w, v)| Some((w, at_28(v)))).chain([None]);
            proptest::prop_assert_eq!(sum_at_28(missing, ws, unit), None);
            // Weights at 2 places over values split at their tenth place: the same sum
            // wherever it answers, and it answers for weights below 2^30.
            if ws == 2 {
                let split = pairs.iter().map(|&(w, v)| Some((w, split_at_28(at_28(v)))));
                let by_ten = sum_at_28_by_ten(split);
                if by_ten.is_some() {
                    proptest::prop_assert_eq!(by_ten, terms);
                }
                let narrow = pairs.iter().all(|&(w, _)| w.value().mantissa() < 1 << 30);
                if within && narrow {
                    proptest::prop_assert_eq!(by_ten, terms);
                }
            }
        }

        #[test]
        fn quotients_at_28_places_equal_prepared_quotients(
            sum in proptest::prop_oneof![
                0u128..1 << 72,
                0u128..(1 << 96),
                proptest::prelude::any::<u128>(),
            ],
            total in 1u64.., scale in 0u32..=28, small in 0u64..100_000,
            pick in 0u8..2,
        ) {
            // Wherever the quotient at 28 places answers it has the digits and scale of
            // `quotient_by`, and its mantissa before the zeros are dropped is the value
            // at 28 places; it answers wherever `quotient_by` keeps 28 places.
            let total = if pick == 0 { small.max(1) } else { total };
            let total = Decimal::from_i128_with_scale(i128::from(total), scale);
            let prepared = Total::new(total).unwrap();
            let reference = quotient_by(sum, 20, &prepared);
            match quotient_at_28(sum, &prepared) {
                Some((value, at)) => {
                    let reference = reference.unwrap();
                    proptest::prop_assert_eq!(
                        (value.mantissa(), value.scale()),
                        (reference.mantissa(), reference.scale())
                    );
                    proptest::prop_assert_eq!(at, at_28(value));
                }
                None => {
                    // Then the quotient is not below 2^96 at 28 places: it is 7.9 or
                    // more, or there is none.
                    let below = reference.is_some_and(|q| at_28(q) != NOT_AT_28);
                    proptest::prop_assert!(!below, "{} / {} = {:?}", sum, total, reference);
                }
            }
        }
    }

    #[test]
    fn terms_at_28_places_round_half_away_from_zero() {
        // (weight, value): the product at 20 places, exactly half a unit below, at and
        // above a tie, as `product` rounds it.
        let cases = [
            ("0.01", "0.0000000000000000005"),
            ("0.03", "0.0000000000000000005"),
            ("0.01", "0.0000000000000000004"),
            ("0.01", "0.0000000000000000006"),
            ("0.07", "0.1234567890123456785"),
            ("9.99", "1.0000000000000000000000000005"),
            ("0.02", "0.0000000000000000025"),
        ];
        for (w, v) in cases {
            let (w, v) = (Weight::new(d(w)).unwrap(), d(v));
            let expected = product(w.value(), v, 20);
            assert_eq!(term_at_28(w, at_28(v)), expected, "{w:?} × {v}");
            let unit = unit_at_28(2).unwrap();
            assert_eq!(
                sum_at_28([Some((w, at_28(v)))].into_iter(), 2, unit),
                expected
            );
            let split = [Some((w, split_at_28(at_28(v))))];
            assert_eq!(sum_at_28_by_ten(split.into_iter()), expected, "{w:?} × {v}");
        }
    }

    #[test]
    fn quotients_at_28_places_round_ties_to_even() {
        // A sum of `odd × 2^28` units of 10^-20 over a total of 2^37: the quotient at 28
        // places is `odd × 5^8 / 2`, exactly half way, which `Decimal` division rounds
        // to even. Over 2^36 and 2^38 the same sums are exact or a quarter off.
        for total in [1u64 << 36, 1 << 37, 1 << 38] {
            let prepared = Total::new(Decimal::from(total)).unwrap();
            for odd in (1u128..64).step_by(2) {
                let sum = odd << 28;
                let expected = (Decimal::from_i128_with_scale(i128::try_from(sum).unwrap(), 20)
                    / Decimal::from(total))
                .normalize();
                let (value, at) = quotient_at_28(sum, &prepared).unwrap();
                assert_eq!(
                    (value.mantissa(), value.scale()),
                    (expected.mantissa(), expected.scale()),
                    "{sum}e-20 / {total}"
                );
                assert_eq!(at, at_28(value));
            }
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
        // The numerator at 28 places overflows a `u128`, but over this total the
        // quotient has 21 places that a `Decimal` holds: it is left to `Decimal`
        // division (a regression: it once came back rounded to 19 places).
        assert_eq!(
            quotient(
                18_446_744_073_709_551_614_000_000_000,
                20,
                d("8.00010000001")
            ),
            None
        );
        // Over a total below 2^32 the same overflow means too many digits: fewer places.
        // (4 × 10^10 at 20 places: 4 × 10^30, times 10^8 for 28 places, overflows.)
        let expected = Decimal::from(40_000_000_000u64) / d("3");
        assert_eq!(
            quotient(4 * 10u128.pow(30), 20, d("3")),
            Some(expected.normalize())
        );
    }
}

#[cfg(test)]
// The tests work out their expected values with plain operators.
#[allow(clippy::arithmetic_side_effects)]
#[path = "fixed_tests.rs"]
mod edge_tests;
