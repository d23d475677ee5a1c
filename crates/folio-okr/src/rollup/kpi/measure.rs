//! Measuring a rolled-up node's metric value against its target: the very progress
//! [`Target::progress`] gives, by integer arithmetic where the target allows it.
//!
//! An increase or decrease target's progress is `(value − baseline) / (target −
//! baseline)`, normalized, at least 0 (and at most 1 when clamped): one `Decimal`
//! division per node and sweep. When the distance `target − baseline` is
//! `±2^a·5^b / 10^s` (every power of ten and most round targets: 4,000,000, 250, 0.5),
//! every quotient terminates: it is `(value − baseline) × (10^e / 2^a·5^b)` with the
//! decimal point moved by `e − s` places, `e = max(a, b)`: an integer multiplication.
//! That exact quotient is the one the `Decimal` division gives whenever it has at most
//! 28 decimal places once its trailing zeros are stripped and a mantissa below `2^64`
//! (far inside `Decimal`'s 96 bits, so the division never has to round), and when the
//! value and the baseline, aligned to one scale, stay below `2^95` (so their
//! `Decimal` difference is exact too). Outside those bounds, and for every other goal,
//! the node is measured by [`Target::progress`] itself. A property test checks the two
//! digit for digit and scale for scale.

use folio_metrics::{Goal, Scoring, Target};
use folio_types::{Decimal, Progress};

/// An aligned mantissa below this is subtracted by `Decimal` without rounding.
const SAFE: u128 = 1 << 95;

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// `10^exponent`, the weighted rollup's table: one table of powers for the crate.
pub(super) use crate::rollup::fixed::pow10;

/// `mantissa × 10^places`, if it stays below [`SAFE`] in magnitude.
#[inline(always)]
fn align(mantissa: i128, places: u32) -> Option<i128> {
    let aligned = if places == 0 {
        mantissa
    } else {
        mantissa.checked_mul(i128::try_from(pow10(places)?).ok()?)?
    };
    (aligned.unsigned_abs() < SAFE).then_some(aligned)
}

/// How one node's value is measured against its target, prepared once per rollup.
///
/// 24 bytes, read once per node and sweep: the baseline is kept as the parts the
/// measure reads (its mantissa's magnitude, sign and scale) rather than as a
/// `Decimal`, whose 4-byte alignment beside the 8-byte factor made the record 32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Measure {
    /// `10^e / |distance mantissa|`, exact; zero: measure with [`Target::progress`].
    factor: u64,
    /// The low 64 bits of the baseline's mantissa's magnitude.
    baseline_low: u64,
    /// The bits 64 to 95 of the baseline's mantissa's magnitude.
    baseline_high: u32,
    /// The baseline's scale (at most 28).
    baseline_scale: u8,
    /// Whether the baseline is negative.
    baseline_negative: bool,
    /// `e` minus the distance's scale: the quotient's scale is the aligned
    /// difference's plus this.
    shift: i8,
    /// Whether the distance `target − baseline` is negative (a decrease target).
    negative: bool,
}

impl Measure {
    /// Measure with [`Target::progress`].
    pub(super) const GENERAL: Self = Self {
        factor: 0,
        baseline_low: 0,
        baseline_high: 0,
        baseline_scale: 0,
        baseline_negative: false,
        shift: 0,
        negative: false,
    };

    /// The baseline's signed mantissa.
    #[inline(always)]
    fn baseline_mantissa(&self) -> i128 {
        let magnitude = i128::from(self.baseline_low) | (i128::from(self.baseline_high) << 64);
        if self.baseline_negative {
            // Below 2^96 in magnitude: the negation cannot overflow.
            magnitude.wrapping_neg()
        } else {
            magnitude
        }
    }

    /// The measure of `target`: the integer path for an increase or decrease target
    /// whose distance terminates every quotient, else [`Measure::GENERAL`].
    pub(super) fn new(target: &Target) -> Self {
        // The distance as `Target::progress` computes it (a decrease target divides
        // `baseline − value` by `baseline − target`, the same quotient).
        let linear = match target.goal() {
            Goal::IncreaseTo { baseline, target } => target
                .checked_sub(baseline)
                .and_then(|distance| Self::linear(baseline, distance)),
            Goal::DecreaseTo { baseline, target } => baseline
                .checked_sub(target)
                .and_then(|d| Decimal::ZERO.checked_sub(d))
                .and_then(|distance| Self::linear(baseline, distance)),
            Goal::StayAbove { .. }
            | Goal::StayBelow { .. }
            | Goal::WithinRange { .. }
            | Goal::Milestone => None,
        };
        linear.unwrap_or(Self::GENERAL)
    }

    fn linear(baseline: Decimal, distance: Decimal) -> Option<Self> {
        let mantissa = distance.mantissa().unsigned_abs();
        if mantissa == 0 {
            return None;
        }
        let twos = mantissa.trailing_zeros();
        let mut rest = mantissa.checked_shr(twos)?;
        let mut fives = 0u32;
        while rest % 5 == 0 {
            rest /= 5;
            fives = fives.checked_add(1)?;
        }
        if rest != 1 {
            return None;
        }
        let e = twos.max(fives);
        // `mantissa` is `2^twos · 5^fives`, which divides `10^e`: the factor is exact.
        let factor = u64::try_from(pow10(e)?.checked_div(mantissa)?).ok()?;
        let shift = i8::try_from(i64::from(e).checked_sub(i64::from(distance.scale()))?).ok()?;
        let magnitude = baseline.mantissa().unsigned_abs();
        Some(Self {
            factor,
            baseline_low: u64::try_from(magnitude & u128::from(u64::MAX)).ok()?,
            baseline_high: u32::try_from(magnitude >> 64).ok()?,
            baseline_scale: u8::try_from(baseline.scale()).ok()?,
            baseline_negative: baseline.is_sign_negative() && !baseline.is_zero(),
            shift,
            negative: distance.is_sign_negative(),
        })
    }

    /// The progress of `value` against the target this measure was prepared from, as
    /// [`Target::progress`] gives it; `None` where only `Target::progress` can tell
    /// (including every case where it would fail).
    #[inline]
    pub(super) fn progress(&self, value: Decimal, scoring: Scoring) -> Option<Progress> {
        self.progress_parts(value.mantissa(), value.scale(), scoring)
    }

    /// [`progress`](Measure::progress) of the value `mantissa / 10^vs`, read from its
    /// parts: a sweep that has the value's mantissa in a register measures it without
    /// taking it apart again.
    #[inline(always)]
    pub(super) fn progress_parts(
        &self,
        mantissa: i128,
        vs: u32,
        scoring: Scoring,
    ) -> Option<Progress> {
        if self.factor == 0 {
            return None;
        }
        let (done, scale) = if self.baseline_low == 0 && self.baseline_high == 0 {
            // The most common baseline: the difference is the value itself.
            ((mantissa.unsigned_abs() < SAFE).then_some(mantissa)?, vs)
        } else {
            let bs = u32::from(self.baseline_scale);
            let scale = vs.max(bs);
            let v = align(mantissa, scale.checked_sub(vs)?)?;
            let b = align(self.baseline_mantissa(), scale.checked_sub(bs)?)?;
            (v.checked_sub(b)?, scale)
        };
        if done == 0 {
            return Some(Progress::ZERO);
        }
        let mut q = done.unsigned_abs().checked_mul(u128::from(self.factor))?;
        let mut qs = i32::try_from(scale)
            .ok()?
            .checked_add(i32::from(self.shift))?;
        if qs < 0 {
            q = q.checked_mul(pow10(qs.unsigned_abs())?)?;
            qs = 0;
        }
        let mut q = u64::try_from(q).ok()?;
        let mut qs = qs.unsigned_abs();
        // One division per place: the quotient by ten, multiplied back, tells whether
        // the last digit is zero.
        while qs > 0 {
            let tenth = q / 10;
            if tenth.wrapping_mul(10) != q {
                break;
            }
            q = tenth;
            qs = qs.wrapping_sub(1);
        }
        if qs > MAX_SCALE {
            return None;
        }
        // A negative quotient is raised to zero.
        if (done < 0) != self.negative {
            return Some(Progress::ZERO);
        }
        if scoring == Scoring::Clamped && u128::from(q) > pow10(qs)? {
            return Some(Progress::COMPLETE);
        }
        let raw = Decimal::try_from_i128_with_scale(i128::from(q), qs).ok()?;
        Progress::new(raw).ok()
    }
}

/// `mantissa / 10^scale` as a normalized `Decimal` (trailing zeros stripped, `-0` as
/// `0`), exactly as `Decimal::normalize` gives it; `None` if it does not fit.
#[inline]
pub(super) fn normalized(mantissa: i128, scale: u32) -> Option<Decimal> {
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    let (m, s) = stripped(mantissa.unsigned_abs(), scale);
    let m = i128::try_from(m).ok()?;
    let signed = if mantissa < 0 { m.checked_neg()? } else { m };
    Decimal::try_from_i128_with_scale(signed, s).ok()
}

/// The magnitude `mantissa / 10^scale` with its trailing zeros stripped (zero at
/// scale 0): the parts of [`normalized`], which a sweep also measures from.
#[inline]
pub(super) fn stripped(mantissa: u128, scale: u32) -> (u128, u32) {
    let mut s = scale;
    match u64::try_from(mantissa) {
        Ok(mut small) => {
            while s > 0 && small % 10 == 0 {
                small /= 10;
                s = s.saturating_sub(1);
            }
            (u128::from(small), s)
        }
        Err(_) => {
            let mut m = mantissa;
            while s > 0 && m % 10 == 0 {
                m /= 10;
                s = s.saturating_sub(1);
            }
            (m, s)
        }
    }
}

// Tests compute their inputs with plain operators on small numbers.
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use folio_types::MetricId;
    use proptest::prelude::*;

    fn check(goal: Goal, value: Decimal) -> std::result::Result<(), TestCaseError> {
        let Ok(target) = Target::new(MetricId::new("m").unwrap(), goal) else {
            return Ok(());
        };
        let measure = Measure::new(&target);
        for scoring in [Scoring::Clamped, Scoring::AllowOverAchievement] {
            let reference = target.progress(value, scoring);
            if let Some(fast) = measure.progress(value, scoring) {
                let reference = reference.map_err(|e| {
                    TestCaseError::fail(format!("the fast path measured what fails: {e}"))
                })?;
                // The same digits and the same scale.
                prop_assert_eq!(
                    format!("{:?}", fast.value()),
                    format!("{:?}", reference.value())
                );
                prop_assert_eq!(fast.value().scale(), reference.value().scale());
            }
        }
        Ok(())
    }

    /// A decimal with up to 20 digits and 0 to 12 places.
    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..13, 0u32..3).prop_map(|(m, s, widen)| {
            let m = i128::from(m) * i128::from(10i64.pow(widen));
            Decimal::from_i128_with_scale(m, s)
        })
    }

    /// A distance that terminates every quotient: `±2^a·5^b / 10^s`, or any other.
    fn round() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0u32..40, 0u32..20, 0u32..10, any::<bool>()).prop_map(|(a, b, s, neg)| {
                let m = (1i128 << a.min(60)) * 5i128.pow(b.min(20));
                let m = m.min((1i128 << 95) - 1);
                Decimal::from_i128_with_scale(if neg { -m } else { m }, s)
            }),
            decimal(),
        ]
    }

    #[test]
    fn a_measure_is_24_bytes() {
        // Read once per node and sweep: its size is part of the sweep's cost.
        assert_eq!(std::mem::size_of::<Measure>(), 24);
    }

    #[test]
    fn worked_examples() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let target = Target::new(
            MetricId::new("arr").unwrap(),
            Goal::IncreaseTo {
                baseline: d("1000000"),
                target: d("2000000"),
            },
        )
        .unwrap();
        let measure = Measure::new(&target);
        let at = |v: &str, scoring| {
            measure
                .progress(d(v), scoring)
                .map(|p| p.value().to_string())
        };
        // Half way; a quarter past the target (kept or capped); behind the baseline.
        assert_eq!(at("1500000", Scoring::Clamped).as_deref(), Some("0.5"));
        assert_eq!(
            at("2250000.00", Scoring::AllowOverAchievement).as_deref(),
            Some("1.25")
        );
        assert_eq!(at("2250000", Scoring::Clamped).as_deref(), Some("1"));
        assert_eq!(at("900000", Scoring::Clamped).as_deref(), Some("0"));
        // A third of a distance of 3 does not terminate: `Target::progress` measures it.
        let thirds = Target::new(
            MetricId::new("arr").unwrap(),
            Goal::IncreaseTo {
                baseline: d("0"),
                target: d("3"),
            },
        )
        .unwrap();
        assert_eq!(Measure::new(&thirds), Measure::GENERAL);
        assert_eq!(normalized(150_000_000, 2), Some(d("1500000")));
        assert_eq!(normalized(-1_200, 3), Some(d("-1.2")));
        assert_eq!(normalized(0, 5), Some(Decimal::ZERO));
    }

    proptest! {
        #[test]
        fn increase_targets_measure_as_target_progress(
            baseline in decimal(), distance in round(), value in decimal(),
        ) {
            if let Some(target) = baseline.checked_add(distance) {
                if distance.is_sign_positive() {
                    check(Goal::IncreaseTo { baseline, target }, value)?;
                } else {
                    check(Goal::DecreaseTo { baseline, target }, value)?;
                }
            }
        }

        #[test]
        fn values_near_the_target_measure_as_target_progress(
            distance in round(), steps in -40i64..40, places in 0u32..6,
        ) {
            // Values on a fine grid around a zero baseline's target, where quotients
            // hit 0, 1 and the clamp exactly.
            let step = Decimal::new(steps, places);
            let value = distance.checked_mul(step).unwrap_or(step);
            if distance.is_sign_positive() {
                check(Goal::IncreaseTo { baseline: Decimal::ZERO, target: distance }, value)?;
            } else {
                check(Goal::DecreaseTo { baseline: Decimal::ZERO, target: distance }, value)?;
            }
        }

        #[test]
        fn baselines_of_either_sign_measure_as_target_progress(
            baseline in -1_000_000i64..1_000_000, baseline_places in 0u32..4,
            distance in round(), steps in -40i64..40, places in 0u32..6,
        ) {
            // Everyday baselines, negative ones included, and values on a fine grid
            // from the baseline past the target: quotients the integer path measures.
            let baseline = Decimal::new(baseline, baseline_places);
            let step = Decimal::new(steps, places);
            let value = distance
                .checked_mul(step)
                .and_then(|d| d.checked_add(baseline))
                .unwrap_or(baseline);
            if let Some(target) = baseline.checked_add(distance) {
                if distance.is_sign_positive() {
                    check(Goal::IncreaseTo { baseline, target }, value)?;
                } else {
                    check(Goal::DecreaseTo { baseline, target }, value)?;
                }
            }
        }

        #[test]
        fn normalized_is_decimal_normalize(m in any::<i64>(), widen in 0u32..10, s in 0u32..29) {
            let m = i128::from(m) * 10i128.pow(widen);
            let reference = Decimal::from_i128_with_scale(m, s).normalize();
            let got = normalized(m, s).unwrap();
            prop_assert_eq!(format!("{got:?}"), format!("{reference:?}"));
        }
    }
}
