//! The first pass of scoring in integers: each dimension's weighted sums, its rounded
//! score and the product's, and their bands, without a `Decimal` addition, division or
//! comparison, where that provably gives the same digits as the `Decimal` computation.
//!
//! # Why the digits are the same
//!
//! Within a dimension, every factor weight `w_f` is written as an integer `W_f` at the
//! dimension's largest weight scale `S` (`w_f = W_f · 10^-S`) and every rating with at
//! most two decimals as its hundredths `h_f` (`r_f = h_f / 100`). Then
//!
//! ```text
//! Σ w_f · r_f / Σ w_f = N / (100 · D)      with N = Σ W_f · h_f, D = Σ W_f
//! ```
//!
//! exactly, and the score rounded to four places, half away from zero, is
//! `⌊(100 · N + D / 2) / D⌋` in units of `10^-4` (the remainder compared with half of
//! `D`). The `Decimal` computation adds the same exact terms (no rounding: the sums stay
//! far below 96 bits) and divides them with [`div_round_score`](crate::math), whose
//! integer path gives the exactly rounded quotient when its denominator, at most
//! `D · 10^(S + 2)`, stays below `10^20`. [`Sums::new`] only covers a dimension for
//! which that holds for the sum of *all* its weights (any subset of rated factors has a
//! smaller sum), so both computations give the same digits. The product score is
//! the same with the dimension weights at their largest scale and the dimension scores
//! in units of `10^-4` (a rounded score has at most four decimals), against a
//! denominator of at most `D · 10^(S + 4)`.
//!
//! A rating with more than two decimals, or a model whose weights are too large or have
//! too many decimals, takes the `Decimal` computation, with its overflow errors.
//!
//! Bands compare a score `q · 10^-4` with a cut `c`: `q · 10^-4 ≥ c` exactly when
//! `q ≥ ⌈c · 10^4⌉`, because `q` is an integer.

use folio_types::RiskRating;
use rust_decimal::Decimal;

use super::view::FactorLine;
use crate::SCORE_DECIMALS;
use crate::config::{Band, Bands};
use crate::model::RiskModel;

/// Ratings are summed in units of `10^-RATING_DECIMALS`.
const RATING_DECIMALS: u32 = 2;

/// `10^RATING_DECIMALS`: a rating's value in these units at most `5 · RATING_UNIT`.
const RATING_UNIT: u64 = 100;

/// `10^SCORE_DECIMALS`: scores are integers in these units.
const SCORE_UNIT: u64 = 10_000;

/// The largest rating (and score), 5, in units of `10^-RATING_DECIMALS` and
/// `10^-SCORE_DECIMALS`.
const MAX_HUNDREDTHS: u64 = 5 * RATING_UNIT;
const MAX_SCORE: u64 = 5 * SCORE_UNIT;

/// The denominator below which `div_round_score` divides exactly in integers (its
/// `LIMIT`).
const LIMIT: u128 = 100_000_000_000_000_000_000;

/// The integer weights of a model, for the first pass of scoring.
#[derive(Debug, Clone)]
pub(super) struct Sums {
    /// For each dimension, its factors' weights as integers at the dimension's largest
    /// weight scale, or `None` if the bound of the module docs does not hold for it.
    factors: Vec<Option<Vec<u64>>>,
    /// For each dimension, the `Decimal` sum of all its factors' weights, added in model
    /// order as the `Decimal` computation adds them.
    totals: Vec<Decimal>,
    /// The dimension weights as integers at their largest scale, or `None` if the bound
    /// does not hold for them.
    dimensions: Option<Vec<u64>>,
    /// The `Decimal` sum of all the dimension weights, added in model order.
    dimension_total: Decimal,
}

impl Sums {
    /// The integer weights of `model`; `None` only if a `Decimal` sum of its weights
    /// overflows (the `Decimal` computation then reports it).
    pub(super) fn new(model: &RiskModel) -> Option<Self> {
        let dimensions = model.dimensions();
        let mut factors = Vec::with_capacity(dimensions.len());
        let mut totals = Vec::with_capacity(dimensions.len());
        for dimension in dimensions {
            let weights: Vec<Decimal> =
                dimension.factors.iter().map(|f| f.weight.value()).collect();
            // `100 · N` is at most `MAX_HUNDREDTHS · RATING_UNIT · D`.
            factors.push(scaled(
                &weights,
                RATING_DECIMALS,
                MAX_HUNDREDTHS.checked_mul(RATING_UNIT)?,
            ));
            totals.push(
                weights
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, w| sum.checked_add(*w))?,
            );
        }
        let weights: Vec<Decimal> = dimensions.iter().map(|d| d.weight.value()).collect();
        Some(Self {
            factors,
            totals,
            dimensions: scaled(&weights, SCORE_DECIMALS, MAX_SCORE),
            dimension_total: weights
                .iter()
                .try_fold(Decimal::ZERO, |sum, w| sum.checked_add(*w))?,
        })
    }

    /// `N = Σ W_f · h_f` and `D = Σ W_f` over the rated factors of dimension `index`,
    /// whose lines are `lines`; `None` if the dimension or a rating is not covered.
    pub(super) fn dimension(&self, index: usize, lines: &[FactorLine]) -> Option<(u64, u64)> {
        let weights = self.factors.get(index)?.as_ref()?;
        let (mut n, mut d) = (0u64, 0u64);
        for (w, line) in weights.iter().zip(lines) {
            if let Some(rating) = line.rating {
                n = n.checked_add(w.checked_mul(hundredths(rating)?)?)?;
                d = d.checked_add(*w)?;
            }
        }
        Some((n, d))
    }

    /// Dimension `index`'s factor weights as integers at its largest weight scale;
    /// `None` if the dimension is not covered.
    pub(super) fn factor_weights(&self, index: usize) -> Option<&[u64]> {
        self.factors.get(index)?.as_deref()
    }

    /// The `Decimal` sum of dimension `index`'s weights, when all its factors are rated.
    pub(super) fn total(&self, index: usize) -> Option<Decimal> {
        self.totals.get(index).copied()
    }

    /// The `Decimal` sum of all the dimension weights, as the `Decimal` computation adds
    /// them when every dimension is scored.
    pub(super) fn dimension_total(&self) -> Decimal {
        self.dimension_total
    }

    /// Dimension `index`'s weight as an integer at the dimension weights' largest
    /// scale; `None` if the dimension weights are not covered.
    pub(super) fn dimension_weight(&self, index: usize) -> Option<u64> {
        self.dimensions.as_ref()?.get(index).copied()
    }
}

/// `weights` as integers at their largest scale `S`, if their sum `D` keeps
/// `D · 10^(S + decimals)` below [`LIMIT`] and `D · max` within `u64`.
fn scaled(weights: &[Decimal], decimals: u32, max: u64) -> Option<Vec<u64>> {
    let scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    let scaled: Vec<u64> = weights
        .iter()
        .map(|w| {
            let unit = 10u128.checked_pow(scale.checked_sub(w.scale())?)?;
            let mantissa = u128::try_from(w.mantissa()).ok()?;
            u64::try_from(mantissa.checked_mul(unit)?).ok()
        })
        .collect::<Option<_>>()?;
    let total = scaled.iter().try_fold(0u64, |sum, w| sum.checked_add(*w))?;
    let bound = u128::from(total).checked_mul(10u128.checked_pow(scale.checked_add(decimals)?)?)?;
    (bound < LIMIT && total.checked_mul(max).is_some()).then_some(scaled)
}

/// A rating in hundredths, if it has at most two decimals.
fn hundredths(rating: RiskRating) -> Option<u64> {
    let value = rating.value();
    let unit = 10u64.checked_pow(RATING_DECIMALS.checked_sub(value.scale())?)?;
    u64::try_from(value.mantissa()).ok()?.checked_mul(unit)
}

/// `n / d` rounded half up (half away from zero, all being non-negative); `None` if
/// `d` is zero.
fn div_round(n: u64, d: u64) -> Option<u64> {
    let quotient = n.checked_div(d)?;
    let remainder = n.checked_rem(d)?;
    if remainder >= d.checked_sub(remainder)? {
        quotient.checked_add(1)
    } else {
        Some(quotient)
    }
}

/// A dimension's score in units of `10^-4`, from its sums `N` and `D > 0`; `None` if
/// `D` is zero or `100 · N` overflows (which the bound of [`Sums::new`] rules out).
pub(super) fn dimension_score(n: u64, d: u64) -> Option<u64> {
    div_round(n.checked_mul(RATING_UNIT)?, d)
}

/// The product's score in units of `10^-4`, from `Σ W_d · q_d` and `Σ W_d > 0`.
pub(super) fn product_score(n: u64, d: u64) -> Option<u64> {
    div_round(n, d)
}

/// A score in units of `10^-4` as the `Decimal` the division gives: four decimals,
/// trailing zeros removed.
pub(super) fn score_decimal(q: u64) -> Option<Decimal> {
    let (mut mantissa, mut scale) = (q, SCORE_DECIMALS);
    while scale > 0 && mantissa.checked_rem(10) == Some(0) {
        mantissa = mantissa.checked_div(10)?;
        scale = scale.checked_sub(1)?;
    }
    Some(Decimal::from_parts(
        u32::try_from(mantissa).ok()?,
        0,
        0,
        false,
        scale,
    ))
}

/// A rounded score in units of `10^-4`; `None` if it has more than four decimals or
/// is negative (never, for a rounded score).
pub(super) fn quantum(score: Decimal) -> Option<u64> {
    let unit = 10u64.checked_pow(SCORE_DECIMALS.checked_sub(score.scale())?)?;
    u64::try_from(score.mantissa()).ok()?.checked_mul(unit)
}

/// The band cuts as integers in units of `10^-4`, rounded up.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cuts {
    medium: u64,
    high: u64,
    critical: u64,
}

impl Cuts {
    /// The cuts of `bands`; `None` only if a cut is not a rating (never).
    pub(super) fn new(bands: &Bands) -> Option<Self> {
        Some(Self {
            medium: ceil_quantum(bands.medium())?,
            high: ceil_quantum(bands.high())?,
            critical: ceil_quantum(bands.critical())?,
        })
    }

    /// The band of the score `q · 10^-4`, as [`Bands::band`] gives it.
    pub(super) fn band(self, q: u64) -> Band {
        if q >= self.critical {
            Band::Critical
        } else if q >= self.high {
            Band::High
        } else if q >= self.medium {
            Band::Medium
        } else {
            Band::Low
        }
    }
}

/// `⌈c · 10^4⌉` for a rating `c`.
fn ceil_quantum(c: RiskRating) -> Option<u64> {
    let value = c.value();
    let mantissa = u128::try_from(value.mantissa()).ok()?;
    let scaled = match value.scale().checked_sub(SCORE_DECIMALS) {
        Some(excess) => mantissa.div_ceil(10u128.checked_pow(excess)?),
        None => {
            mantissa.checked_mul(10u128.checked_pow(SCORE_DECIMALS.checked_sub(value.scale())?)?)?
        }
    };
    u64::try_from(scaled).ok()
}

#[cfg(test)]
#[path = "exact_tests.rs"]
mod tests;
