//! Fixed-point arithmetic for the weighted rollup: non-negative decimals as `u128`
//! mantissas at a fixed scale, so that a term and a sum cost one integer operation and
//! stay exact.
//!
//! A value `v` at scale `s` is the integer `v × 10^s`. Weights and progress are never
//! negative, so every quantity here is a `u128`; anything that does not fit is `None`
//! and the caller falls back to `Decimal` arithmetic.

use std::num::NonZeroU64;

use folio_types::decimal::{POWERS_OF_TEN, strip_trailing_zeros};
use folio_types::{Decimal, Progress, Weight};

use crate::plan::NodeIndex;

/// The largest mantissa a `Decimal` holds: `2^96 - 1`.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// The largest scale a `Decimal` holds.
const MAX_SCALE: u32 = 28;

pub(super) use folio_types::decimal::power_of_ten as pow10;

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
pub(super) fn mul(a: u128, b: u128) -> Option<u128> {
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

    /// [`div_rem_narrow`](Self::div_rem_narrow) with the remainder left shifted as
    /// the divisor is (`(n % d) << shift`, below the normalized divisor): the form
    /// [`div_rem_normalized`](Self::div_rem_normalized) takes.
    #[inline(always)]
    fn div_rem_narrow_shifted(&self, n: u128) -> Option<(u64, u64)> {
        let (n1, n0) = self.narrow_limbs(n)?;
        Some(self.div_2by1(n1, n0))
    }

    /// `n << shift` as two limbs, for an `n` whose high half is below `d` (so that the
    /// quotient fits 64 bits and one step of [`div_2by1`](Self::div_2by1) gives it);
    /// `None` otherwise.
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    fn narrow_limbs(&self, n: u128) -> Option<(u64, u64)> {
        if ((n >> 64) as u64) >= self.get() {
            return None;
        }
        // `high < d`, so `high << s` stays below `normalized`: `n << s` fits 128 bits
        // and is two limbs. (`s` is below 64; the mask says so, and the shift needs no
        // branch for a zero `s`.)
        let n = n << (self.shift & 63);
        Some(((n >> 64) as u64, n as u64))
    }

    /// `(r × k) / d` and its remainder shifted as the divisor is, for a remainder `r`
    /// given shifted (`r << shift`, below the normalized divisor, as
    /// [`div_rem_narrow_shifted`](Self::div_rem_narrow_shifted) leaves it) and any `k`:
    /// `(r << s) × k / (d << s)` is the same quotient, and no shift is needed.
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    fn div_rem_normalized(&self, shifted: u64, k: u64) -> (u64, u64) {
        let n = u128::from(shifted).wrapping_mul(u128::from(k));
        // `shifted < normalized`, so the quotient `shifted × k / normalized` is below
        // `k < 2^64`: the product's high half is below `normalized`, one step.
        self.div_2by1((n >> 64) as u64, n as u64)
    }

    /// `n / d` and `n % d` for an `n` whose quotient fits 64 bits (its high half is
    /// below `d`): one step of [`div_rem`](Self::div_rem)'s two. `None` otherwise.
    #[inline(always)]
    pub(crate) fn div_rem_narrow(&self, n: u128) -> Option<(u64, u64)> {
        let (n1, n0) = self.narrow_limbs(n)?;
        let (q, r) = self.div_2by1(n1, n0);
        Some((q, r >> self.shift))
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
        table[i] = Divisor::new(POWERS_OF_TEN[i] as u64);
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

/// The bits of a `Decimal`'s flags word ([`flags_word`]) that hold its scale.
pub(crate) const SCALE_BITS: u32 = 0x00FF_0000;

/// A `Decimal`'s flags word as it stores it: the scale in bits 16 to 23
/// ([`SCALE_BITS`]), the sign in bit 31, zeros elsewhere. Two values have one scale
/// exactly when their words differ in no bit of [`SCALE_BITS`], which a loop over many
/// values can test once at its end (each word XOR the first, all of them OR together)
/// instead of shifting each scale out.
#[inline(always)]
pub(crate) fn flags_word(value: Decimal) -> u32 {
    let [a, b, c, d, ..] = value.serialize();
    u32::from_le_bytes([a, b, c, d])
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
/// term by a weight at 0 to 8 places ([`ByPlaces`]) needs no 128-bit division. A
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

/// How [`sum_at_28`] divides a term `w × v` (a weight at `ws` places times a value
/// held at 28 places and split at its tenth place, [`split_at_28`]) by `10^(ws + 8)`,
/// down to 20 places, rounded half away from zero as [`term_at_28`] rounds it: by a
/// power of ten through its [`Divisor`], or for weights at up to 8 places by the
/// shortcut [`ByPlaces`].
pub(crate) trait TermUnit: Copy {
    /// The term `w × v` divided down to 20 places and rounded, and a mark: non-zero
    /// when `w` or `v` is past what this unit takes (the term is then meaningless and
    /// the caller discards the sum).
    fn term(self, w: u64, value: [u64; 2]) -> (u128, u64);

    /// Every unmarked term is below `2^TERM_BITS` (128 where no bound is known).
    const TERM_BITS: u32;

    /// Whether every weight [`sum_at_28`] is given is known to have its `ws` places
    /// and a mantissa this unit takes (checked once for a whole plan), so that the
    /// sum does not test them per pair.
    const WEIGHTS_KNOWN: bool = false;
}

/// The [`TermUnit`] of weights at `WS` places (at most 8), for weights below `2^30`:
/// with the value split as `v = high × 10^10 + low`, each term is a few products and
/// divisions of 64-bit words by constants instead of a 128-bit division.
///
/// - For `WS <= 2`, `10^(WS + 8)` divides `10^10`: `w × v / 10^(WS + 8) = w × high ×
///   10^(2 - WS) + (w × low) / 10^(WS + 8)`, where `w × low` fits 64 bits.
/// - For `WS > 2`, with `u = 10^(WS - 2)`, `high = h1 × u + h0` and `w × h0 = q × u +
///   b`: `w × v / 10^(WS + 8) = w × h1 + q + (b × 10^10 + w × low) / 10^(WS + 8)`,
///   whose last numerator is below `10^(WS + 8) + 2^30 × 10^10`, within 64 bits for
///   `WS <= 8`.
///
/// The first part is a whole number in both, so rounding the last division rounds the
/// term. With `KNOWN`, every weight is known to have `WS` places and a mantissa below
/// `2^30` (the weighted sweep checks its plan's rows once, [`TermUnit::WEIGHTS_KNOWN`]),
/// and only the value is marked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByPlaces<const WS: u32, const KNOWN: bool>;

impl<const WS: u32, const KNOWN: bool> ByPlaces<WS, KNOWN> {
    /// `10^(WS + 8)`, the term's unit; fails to compile past 8 places (the bounds
    /// above need it).
    const UNIT: u64 = {
        assert!(WS <= 8, "ByPlaces takes at most 8 places");
        10u64.pow(WS + 8)
    };
    /// `10^(2 - WS)` for `WS <= 2`, `10^(WS - 2)` above: what `high` is multiplied
    /// or divided by.
    const STEP: u64 = 10u64.pow(WS.abs_diff(2));
}

impl<const WS: u32, const KNOWN: bool> TermUnit for ByPlaces<WS, KNOWN> {
    // `w < 2^30`, `high < 2^63` and `low < 10^10`. At 2 places `w × high + (w × low)
    // / 10^10` (rounded) is at most `(2^30 - 1)(2^63 - 1) + 2^30 - 1 < 2^93`; at 1 and 0
    // places `w × high` is multiplied by 10 or 100 (below `2^97`, `2^100`); above 2 the
    // term is at most the one at 2 places.
    const TERM_BITS: u32 = match WS {
        0 => 100,
        1 => 97,
        _ => 93,
    };
    const WEIGHTS_KNOWN: bool = KNOWN;

    #[inline(always)]
    fn term(self, w: u64, [high, low]: [u64; 2]) -> (u128, u64) {
        // A weight of 30 bits or more, or a value marked as not held (its high word's
        // top bit), marks the pair; known weights are below 2^30.
        let mark = if KNOWN {
            high >> 63
        } else {
            (w >> 30) | (high >> 63)
        };
        // `w < 2^30` and `low < 10^10 < 2^34`: the product fits 64 bits. A marked
        // pair's term is discarded, so the wrapping operations below never matter for
        // one that is kept.
        let part = w.wrapping_mul(low);
        // Half away from zero: half the unit added before the division rounds up
        // exactly the parts whose remainder is at least half the unit (the unit is
        // even). By non-zero constants: the divisions do not fail, and compile to
        // multiplies-high.
        let (whole, numerator) = if WS <= 2 {
            // `w × high × 10^(2 - WS)`, below 2^100.
            let whole = u128::from(w)
                .wrapping_mul(u128::from(high))
                .wrapping_mul(u128::from(Self::STEP));
            (whole, part)
        } else {
            let h1 = high.checked_div(Self::STEP).unwrap_or(0);
            let h0 = high.wrapping_sub(h1.wrapping_mul(Self::STEP));
            // `w × h0 < 2^30 × 10^(WS - 2)`: 64 bits.
            let wh0 = w.wrapping_mul(h0);
            let q = wh0.checked_div(Self::STEP).unwrap_or(0);
            let b = wh0.wrapping_sub(q.wrapping_mul(Self::STEP));
            let whole = u128::from(w)
                .wrapping_mul(u128::from(h1))
                .wrapping_add(u128::from(q));
            (whole, b.wrapping_mul(10_000_000_000).wrapping_add(part))
        };
        let rounded = numerator
            .wrapping_add(Self::UNIT / 2)
            .checked_div(Self::UNIT)
            .unwrap_or(0);
        (whole.wrapping_add(u128::from(rounded)), mark)
    }
}

impl TermUnit for Divisor {
    const TERM_BITS: u32 = 128;

    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    fn term(self, w: u64, value: [u64; 2]) -> (u128, u64) {
        let v = join_at_28(value);
        // A weight of 32 bits or more, or a value of 96 bits or more (which
        // [`NOT_AT_28`] is), marks the pair. (The truncation keeps `v`'s top 32 bits,
        // all of them.)
        let mark = (w >> 32) | ((v >> 96) as u64);
        // Below 2^128 for an unmarked pair; a marked pair's term is discarded.
        let exact = v.wrapping_mul(u128::from(w));
        let (quotient, remainder) = self.div_rem(exact);
        // Half away from zero: up when the remainder is at least half the unit.
        let up = remainder >= self.get().wrapping_sub(remainder);
        (quotient.wrapping_add(u128::from(up)), mark)
    }
}

/// The sum of [`term_at_28`] over pairs of a weight and a value held at 28 places
/// (split at its tenth place, [`split_at_28`]), for a node whose weights all have `ws`
/// places, each term divided down by `unit` ([`ByPlaces`] for `ws <= 8`, else
/// [`unit_at_28`]`(ws)`). `None` if a pair is missing, a weight has another scale or
/// more bits than `unit` takes, a value is [`NOT_AT_28`], or the sum does not fit: then
/// some term needs [`product`] or the sum overflows, and the caller sums term by term.
#[inline(always)]
pub(crate) fn sum_at_28<U: TermUnit>(
    pairs: impl Iterator<Item = Option<(Weight, [u64; 2])>>,
    ws: u32,
    unit: U,
) -> Option<u128> {
    let mut marks = 0u64;
    let mut sum = 0u128;
    let mut carried = false;
    // Where every unmarked term is below `2^U::TERM_BITS` and there are fewer than
    // `2^(128 - U::TERM_BITS)` pairs (the iterator's upper bound says), the sum cannot
    // carry, and the loop does not track it (a marked node's sum is discarded anyway).
    let bounded = pairs
        .size_hint()
        .1
        .and_then(|n| u32::try_from(n).ok())
        .is_some_and(|n| n.leading_zeros() >= U::TERM_BITS.saturating_sub(96));
    // A pair's term. One test per node instead of a branch per pair: another scale, a
    // weight mantissa past 64 bits, or what the unit marks marks the node.
    let mut term_of = |pair: Option<(Weight, [u64; 2])>| {
        let (w, value) = pair?;
        let w = Raw::of(w.value());
        let (term, mark) = unit.term(w.low, value);
        marks |= mark;
        if !U::WEIGHTS_KNOWN {
            marks |= u64::from(w.scale ^ ws) | u64::from(w.high);
        }
        Some(term)
    };
    if bounded {
        for pair in pairs {
            sum = sum.wrapping_add(term_of(pair)?);
        }
    } else {
        for pair in pairs {
            let (next, carry) = sum.overflowing_add(term_of(pair)?);
            sum = next;
            carried |= carry;
        }
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
/// before its trailing zeros are dropped, split at its tenth place: the value held at
/// 28 places ([`at_28`], [`split_at_28`]). `None` where [`quotient_by`] would give up
/// places (the scaled sum does not fit, or the quotient at 28 places does not): the
/// caller then takes [`quotient_by`].
///
/// For a total with at least 2 places (`10^(st + 8)` a multiple of `10^10`), the
/// quotient comes in its two parts, each from one step of a division by the total
/// instead of a full 128-bit division and a split: with `m = sum × 10^(st - 2)`,
/// `m = high × mt + rest` and then `rest × 10^10 = low × mt + remainder`, so that
/// `sum × 10^(st + 8) / mt = high × 10^10 + (low + remainder / mt)`, rounded half to
/// even on the last remainder (`10^10` is even: the parity is `low`'s). A `low` rounded
/// up to `10^10` carries into `high`. Where `high` would not fit 64 bits (values from
/// about 1.8 up), or for totals with fewer places, the full division. Both answer for
/// the same sums and totals, with the same digits.
#[inline(always)]
pub(crate) fn quotient_at_28(sum: u128, total: &Total) -> Option<(Decimal, [u64; 2])> {
    let divisor = total.divisor();
    let d = divisor.get();
    // A total at 2 places (weights at 2 places summed) needs no scaling.
    let m = match total.scale {
        2 => Some(sum),
        st => st
            .checked_sub(2)
            .and_then(pow10)
            .and_then(|unit| mul(sum, unit)),
    };
    // Only where `sum × 10^(st + 8) = m × 10^10` fits a `u128`, as the full division
    // asks: past it, [`quotient_by`] leaves the node to `Decimal`.
    let parts = m
        .filter(|&m| m <= MOST_SCALED)
        .and_then(|m| quotient_at_28_in_parts(m, &divisor));
    if let Some(parts) = parts {
        return Some(parts);
    }
    // q = sum × 10^(st + 28 - 20) / mt, as `quotient_of` takes it at r = 28.
    // (28 - 20 = 8 places.)
    let n = mul(sum, pow10(total.scale.checked_add(8)?)?)?;
    let (q, remainder) = divisor.div_rem(n);
    let half = d.wrapping_sub(remainder);
    let up = remainder > half || (remainder == half && q & 1 == 1);
    let q = q.checked_add(u128::from(up))?;
    to_decimal_at_28(q, split_at_28(q))
}

/// The largest `m` whose `m × 10^10` fits a `u128`: the scaled sums
/// [`quotient_at_28_in_parts`] takes.
pub(crate) const MOST_SCALED: u128 = match u128::MAX.checked_div(UNIT_AT_28 as u128) {
    Some(most) => most,
    None => 0,
};

/// `10^10`, where [`split_at_28`] splits a value at 28 places.
const UNIT_AT_28: u64 = 10_000_000_000;

/// [`quotient_at_28`]'s route in two parts, for a total with at least 2 places whose
/// sum, scaled to `m = sum × 10^(st - 2)`, is at most [`MOST_SCALED`]: `m = high × mt +
/// rest` is one narrow step of `divisor`, `rest × 10^10 = low × mt + remainder` one
/// step with no shift. `None` where `high` would not fit 64 bits or the quotient not
/// 96 (the caller then divides in full, or gives up as [`quotient_at_28`] does).
///
/// A caller that knows its totals' scale and a bound on its sums (the weighted sweep's
/// kept leaf rows) scales the sum once and calls this directly.
#[inline(always)]
pub(crate) fn quotient_at_28_in_parts(m: u128, divisor: &Divisor) -> Option<(Decimal, [u64; 2])> {
    let (high, rest) = divisor.div_rem_narrow_shifted(m)?;
    // `rest < mt` (shifted as the divisor is) and `10^10 < 2^64`: the quotient
    // `rest × 10^10 / mt` is below `10^10`, one step without a shift.
    let (low, remainder) = divisor.div_rem_normalized(rest, UNIT_AT_28);
    // Half to even: up when the remainder is above half, or exactly half with an odd
    // quotient (remainder and divisor both shifted: the same order). With `half =
    // normalized - remainder` (at least 1), that is `remainder > half - (low & 1)`
    // in integers, one comparison.
    let half = divisor.normalized.get().wrapping_sub(remainder);
    let up = remainder > half.wrapping_sub(low & 1);
    // `low < 10^10`, so `low + 1` cannot wrap.
    let low = low.wrapping_add(u64::from(up));
    // `high < 2^64` and `low <= 10^10`: below 2^98, it cannot wrap. A `low` rounded up
    // to `10^10` carries into `high` in `q` as it is.
    let q = u128::from(high)
        .wrapping_mul(u128::from(UNIT_AT_28))
        .wrapping_add(u128::from(low));
    // In the split the carry is explicit. (`q <= MAX_MANTISSA`, checked by
    // `to_decimal_at_28` before the split is used, puts `high` below `2^64 - 1`.)
    let split = if low == UNIT_AT_28 {
        [high.wrapping_add(1), 0]
    } else {
        [high, low]
    };
    to_decimal_at_28(q, split)
}

/// The quotient `q` at 28 places as a `Decimal` with its trailing zeros dropped, with
/// its `split`; `None` if it does not fit 96 bits.
#[inline(always)]
fn to_decimal_at_28(q: u128, split: [u64; 2]) -> Option<(Decimal, [u64; 2])> {
    if q > MAX_MANTISSA {
        return None;
    }
    let (digits, r) = strip_trailing_zeros(q, MAX_SCALE);
    let (low, middle, high) = split_96(digits);
    Some((Decimal::from_parts(low, middle, high, false, r), split))
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
    ///
    /// A total with fewer than 2 places (a sum of integer weights, or of weights at 1
    /// place) is held at 2 places where its mantissa then still fits 64 bits
    /// ([`held_scale`](Self::held_scale)): the same value, so every quotient by it has
    /// the same digits, and [`quotient_at_28`]'s two-step route (which needs a total
    /// with at least 2 places) takes it.
    pub(crate) fn new(total: Decimal) -> Option<Self> {
        let (mantissa, scale) = Self::held(total)?;
        Self::from_parts(u128::from(mantissa), scale)
    }

    /// The mantissa and scale at which [`new`](Self::new) holds `total`: its own, or
    /// at 2 places for a total with fewer where the mantissa then fits 64 bits. `None`
    /// where it holds none (zero, negative, a mantissa of `2^64` or more).
    fn held(total: Decimal) -> Option<(u64, u32)> {
        let (mantissa, scale) = parts(total)?;
        let raised = 2u32
            .checked_sub(scale)
            .filter(|&by| by > 0)
            .and_then(pow10)
            .and_then(|unit| mul(mantissa, unit))
            .and_then(|raised| u64::try_from(raised).ok());
        let held = match raised {
            Some(raised) => (raised, 2),
            None => (u64::try_from(mantissa).ok()?, scale),
        };
        (held.0 != 0).then_some(held)
    }

    /// The scale at which [`new`](Self::new) holds `total` (its own, or 2 for a total
    /// with fewer places that [`new`](Self::new) raises), `None` where it holds none.
    pub(crate) fn held_scale(total: Decimal) -> Option<u32> {
        Self::held(total).map(|(_, scale)| scale)
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

    /// The normalized divisor, its reciprocal, the shift and the scale: what
    /// [`from_parts_prepared`](Self::from_parts_prepared) takes back (a rollup's
    /// records hold them apart, to be 48 bytes).
    #[inline(always)]
    pub(crate) fn prepared_parts(&self) -> (NonZeroU64, u64, u32, u32) {
        (self.normalized, self.reciprocal, self.shift, self.scale)
    }

    /// The total whose [`prepared_parts`](Self::prepared_parts) these are.
    #[inline(always)]
    pub(crate) fn from_parts_prepared(
        normalized: NonZeroU64,
        reciprocal: u64,
        shift: u32,
        scale: u32,
    ) -> Self {
        Self {
            normalized,
            reciprocal,
            shift,
            scale,
        }
    }

    /// The total's mantissa as a [`Divisor`].
    #[inline(always)]
    pub(crate) fn divisor(&self) -> Divisor {
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
                let (q, r) = strip_trailing_zeros(q, r);
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

#[cfg(test)]
// The tests work out their expected values with plain operators.
#[allow(clippy::arithmetic_side_effects)]
#[path = "fixed_tests.rs"]
mod tests;
