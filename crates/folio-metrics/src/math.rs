//! Checked decimal arithmetic that reports what was being computed.
//!
//! `Decimal`'s operators panic on overflow and on division by zero; library code in
//! this crate goes through these helpers instead, so an overflow is an
//! [`Error::Core`] naming the computation and a zero divisor is a typed error.

use folio_types::Ratio;
use rust_decimal::Decimal;

use crate::error::{Error, Result};

fn overflow(operation: &'static str) -> Error {
    Error::Core(folio_types::Error::Overflow { operation })
}

/// `a + b`.
#[inline]
pub(crate) fn add(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| overflow(operation))
}

/// `a - b`.
pub(crate) fn sub(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| overflow(operation))
}

/// `a * b`.
pub(crate) fn mul(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| overflow(operation))
}

/// `a / b`, with a zero divisor reported as [`folio_types::Error::DivisionByZero`].
/// Trailing zeros are removed so that `1 / 4` prints as `0.25`.
pub(crate) fn div(a: Decimal, b: Decimal, operation: &'static str) -> Result<Decimal> {
    if b.is_zero() {
        return Err(Error::Core(folio_types::Error::DivisionByZero {
            operation,
        }));
    }
    a.checked_div(b)
        .map(|q| q.normalize())
        .ok_or_else(|| overflow(operation))
}

/// The sum of `values`; zero for none.
pub(crate) fn sum<I>(values: I, operation: &'static str) -> Result<Decimal>
where
    I: IntoIterator<Item = Decimal>,
{
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| add(acc, v, operation))
}

/// A running sum that gives, digit for digit and error for error, what a chain of
/// [`add`]s from zero gives, with the commonest step done on a plain integer.
///
/// `rust_decimal` adds two non-zero values of the same scale exactly, at that scale,
/// whenever the result's magnitude fits in 96 bits (a zero result is a positive zero
/// of that scale). While every value has the scale of the running total, is not zero
/// and the total stays under `2^96`, the sum is therefore the integer sum of the
/// mantissas at that scale: `Σ` over `i128` here. Any other step (a zero, whose
/// addition returns one operand unchanged, sign and scale included; a value of
/// another scale, which rescales or rounds; a total reaching `2^96`, which rounds or
/// overflows; the first value, added to a zero) goes through [`add`] from the exact
/// total so far, so the chain's rules apply as they are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExactSum {
    /// The total when `fast` is false.
    total: Decimal,
    /// The total's mantissa and scale when `fast` is true (then `|mantissa| < 2^96`).
    mantissa: i128,
    scale: u32,
    fast: bool,
}

/// `2^96`: the first magnitude a `Decimal` cannot hold.
const MANTISSA_LIMIT: u128 = 1 << 96;

impl ExactSum {
    /// Zero.
    pub(crate) fn new() -> Self {
        Self {
            total: Decimal::ZERO,
            mantissa: 0,
            scale: 0,
            fast: false,
        }
    }

    /// Adds `value`, as `add(total, value, operation)`.
    #[inline(always)]
    pub(crate) fn add(&mut self, value: Decimal, operation: &'static str) -> Result<()> {
        if self.fast && value.scale() == self.scale && !value.is_zero() {
            // Both mantissas are below 2^96 in magnitude, so the i128 sum cannot wrap.
            let sum = self.mantissa.wrapping_add(value.mantissa());
            if sum.unsigned_abs() < MANTISSA_LIMIT {
                self.mantissa = sum;
                return Ok(());
            }
        }
        self.add_general(value, operation)
    }

    /// [`ExactSum::add`] through [`add`]: the first value, and the rare steps.
    #[cold]
    #[inline(never)]
    fn add_general(&mut self, value: Decimal, operation: &'static str) -> Result<()> {
        let total = add(self.total(operation)?, value, operation)?;
        *self = Self {
            total,
            mantissa: total.mantissa(),
            scale: total.scale(),
            // A zero total takes the next value as it is: that step stays general.
            fast: !total.is_zero(),
        };
        Ok(())
    }

    /// The total so far. The error (an overflow naming `operation`) cannot happen:
    /// the mantissa is kept under `2^96` and the scale is a decimal's.
    #[inline]
    pub(crate) fn total(&self, operation: &'static str) -> Result<Decimal> {
        if self.fast {
            // Exact; a zero sum is built as a positive zero of the scale, as `add`
            // builds it.
            Decimal::try_from_i128_with_scale(self.mantissa, self.scale)
                .map_err(|_| overflow(operation))
        } else {
            Ok(self.total)
        }
    }
}

/// `count` as a decimal.
pub(crate) fn count(n: usize) -> Decimal {
    // A usize fits in 64 bits and a Decimal holds 96, so the conversion is exact.
    Decimal::from(u64::try_from(n).unwrap_or(u64::MAX))
}

/// `part / whole`, or an [`Error::ZeroDenominator`] naming `what` when `whole` is zero.
pub(crate) fn fraction(
    part: Decimal,
    whole: Decimal,
    what: &'static str,
    computing: &'static str,
) -> Result<Decimal> {
    if whole.is_zero() {
        return Err(Error::ZeroDenominator {
            what,
            computing: computing.to_owned(),
        });
    }
    div(part, whole, computing)
}

/// Rejects a negative `value` of `field`.
pub(crate) fn non_negative(value: Decimal, field: &'static str) -> Result<Decimal> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(Error::Negative {
            field,
            value: value.to_string(),
            context: String::new(),
        })
    } else {
        Ok(value)
    }
}

/// `part / whole` as a [`Ratio`], or [`Error::ZeroDenominator`] naming `what`.
pub(crate) fn ratio(
    part: Decimal,
    whole: Decimal,
    what: &'static str,
    computing: &'static str,
) -> Result<Ratio> {
    Ok(Ratio::new(fraction(part, whole, what, computing)?)?)
}

/// `n` as a decimal, for counts given as `u64`.
pub(crate) fn from_u64(n: u64) -> Decimal {
    Decimal::from(n)
}

#[cfg(test)]
// Test inputs near 2^96 are built with plain integer arithmetic on known-small
// constants.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Decimals that exercise every step of [`ExactSum`]: mostly one scale (the fast
    /// step), some other scales, zeros of either sign, and mantissas near `2^96`.
    fn decimal() -> impl Strategy<Value = Decimal> {
        let limit = i128::try_from(MANTISSA_LIMIT).unwrap() - 1;
        let mantissa = prop_oneof![
            4 => -100_000i128..100_000,
            2 => i128::from(i64::MIN)..i128::from(i64::MAX),
            1 => limit - 1_000..=limit,
            1 => (limit - 1_000..=limit).prop_map(|m| -m),
            1 => Just(0i128),
        ];
        let scale = prop_oneof![6 => Just(2u32), 1 => Just(0u32), 1 => 0u32..=28];
        (mantissa, scale, any::<bool>()).prop_map(|(m, s, negative_zero)| {
            let mut d = Decimal::from_i128_with_scale(m, s);
            if m == 0 && negative_zero {
                d.set_sign_negative(true);
            }
            d
        })
    }

    /// The chain of additions and the running sum agree on `values`, bit for bit or
    /// error for error; `expected` is the chain's result, as text.
    fn check_sum(values: &[Decimal], expected: Option<&str>) {
        let chain = values
            .iter()
            .try_fold(Decimal::ZERO, |total, v| add(total, *v, "x"));
        let mut fast = ExactSum::new();
        let fast = values
            .iter()
            .try_for_each(|v| fast.add(*v, "x"))
            .and_then(|()| fast.total("x"));
        assert_eq!(
            chain.as_ref().ok().map(ToString::to_string).as_deref(),
            expected,
            "{values:?}"
        );
        match (chain, fast) {
            (Ok(a), Ok(b)) => assert_eq!(a.serialize(), b.serialize(), "{values:?}"),
            (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{values:?}"),
        }
    }

    #[test]
    fn exact_sum_table() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let limit = i128::try_from(MANTISSA_LIMIT).unwrap();
        let mut negative_zero = d("0.00");
        negative_zero.set_sign_negative(true);
        check_sum(&[], Some("0"));
        check_sum(&[d("1.50"), d("2.25"), d("-0.75")], Some("3.00"));
        // A sum that cancels to zero is a positive zero, and the next value, a zero of
        // either sign, is then taken as it is (sign included).
        check_sum(&[d("5.00"), d("-5.00")], Some("0.00"));
        check_sum(&[d("5.00"), d("-5.00"), negative_zero], Some("-0.00"));
        // A zero of another scale leaves the total as it is.
        check_sum(&[d("1.5"), d("0.000")], Some("1.5"));
        // Scales differ: the total takes the larger one.
        check_sum(&[d("1.5"), d("2.25"), d("1")], Some("4.75"));
        // At exactly 2^96 (79228162514264337593543950336) the total no longer fits:
        // rounded to one place fewer ...
        let below = Decimal::from_i128_with_scale(limit - 1, 2);
        check_sum(&[below, d("0.01")], Some("792281625142643375935439503.4"));
        // ... or, with no place left, an overflow.
        check_sum(&[Decimal::from_i128_with_scale(limit - 1, 0), d("1")], None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The running sum is the chain of checked additions, bit for bit (mantissa,
        /// scale and the sign of a zero), and fails at the same value with the same
        /// error.
        #[test]
        fn exact_sum_is_the_chain_of_additions(values in proptest::collection::vec(decimal(), 0..40)) {
            let mut chain = Ok(Decimal::ZERO);
            let mut fast = ExactSum::new();
            for (i, v) in values.iter().enumerate() {
                chain = chain.and_then(|total| add(total, *v, "x"));
                let step = fast.add(*v, "x");
                prop_assert_eq!(step.is_err(), chain.is_err(), "step {}", i);
                match (&chain, step) {
                    (Err(a), Err(b)) => {
                        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
                        return Ok(());
                    }
                    _ => prop_assert_eq!(
                        fast.total("x").unwrap().serialize(),
                        chain.as_ref().unwrap().serialize(),
                        "step {}", i
                    ),
                }
            }
        }
    }

    #[test]
    fn overflow_and_zero_are_errors() {
        assert!(add(Decimal::MAX, Decimal::ONE, "x").is_err());
        assert!(sub(Decimal::MIN, Decimal::ONE, "x").is_err());
        assert!(mul(Decimal::MAX, Decimal::TWO, "x").is_err());
        assert!(matches!(
            div(Decimal::ONE, Decimal::ZERO, "x"),
            Err(Error::Core(folio_types::Error::DivisionByZero { .. }))
        ));
        assert!(matches!(
            fraction(Decimal::ONE, Decimal::ZERO, "the base", "y"),
            Err(Error::ZeroDenominator {
                what: "the base",
                ..
            })
        ));
        assert!(non_negative(Decimal::NEGATIVE_ONE, "count").is_err());
        assert!(non_negative(Decimal::ZERO, "count").is_ok());
        assert_eq!(
            div(Decimal::ONE, Decimal::from(4), "x")
                .unwrap()
                .to_string(),
            "0.25"
        );
        assert_eq!(
            sum([Decimal::ONE, Decimal::TWO], "x").unwrap(),
            Decimal::from(3)
        );
    }
}
