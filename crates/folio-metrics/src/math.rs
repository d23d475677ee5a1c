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
mod tests {
    use super::*;

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
