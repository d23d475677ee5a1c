//! Variance of realized against expected benefit.
//!
//! # Formula
//!
//! - absolute variance = realized - expected (negative: the case over-promised);
//! - relative variance = (realized - expected) / expected, a [`Ratio`] (-0.2 is 20%
//!   below the case; multiply by 100 for a percentage with [`Ratio::to_percent`]).
//!
//! # Zero expected benefit
//!
//! When expected is zero the relative variance is **undefined** and reported as `None`
//! (`null` in JSON), never as a division by zero, infinity or NaN. For thresholds, an
//! undefined relative variance counts as unbounded: any non-zero absolute variance on a
//! zero expectation exceeds every threshold (something happened that the case did not
//! foresee, which is worth a root cause), and a zero variance exceeds none.
//!
//! # Worked example
//!
//! Expected 1,000, realized 800: absolute -200, relative -0.2 (-20%). With the default
//! root-cause threshold of 0.10 the checkpoint needs a root cause; with a threshold of
//! 0.25 it would not.

use folio_types::Ratio;
use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The variance of a realized benefit against its expectation.
///
/// ```
/// use folio_benefits::Variance;
/// use folio_types::Ratio;
/// use rust_decimal::Decimal;
///
/// let v = Variance::of(Decimal::new(1000, 0), Decimal::new(800, 0))?;
/// assert_eq!(v.absolute, Decimal::new(-200, 0));
/// assert_eq!(v.relative.map(|r| r.value()), Some(Decimal::new(-2, 1)));
/// assert!(v.exceeds(Ratio::new(Decimal::new(10, 2))?));
///
/// // Zero expected: the relative variance is undefined, not infinite.
/// let v = Variance::of(Decimal::ZERO, Decimal::new(50, 0))?;
/// assert_eq!(v.relative, None);
/// assert!(v.exceeds(Ratio::new(Decimal::new(1000, 0))?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Variance {
    /// realized - expected, in the benefit's unit.
    pub absolute: Decimal,
    /// (realized - expected) / expected; `None` when expected is zero.
    pub relative: Option<Ratio>,
}

impl Variance {
    /// The variance of `realized` against `expected`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the difference or the ratio does not fit in a
    /// [`Decimal`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Variance;
    /// use rust_decimal::Decimal;
    ///
    /// // 1200 realized against 1000 expected: 200 (20%) above the case.
    /// let v = Variance::of(Decimal::from(1000), Decimal::from(1200))?;
    /// assert_eq!(v.absolute, Decimal::from(200));
    /// assert_eq!(v.relative.map(|r| r.value()), Some(Decimal::new(2, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(expected: Decimal, realized: Decimal) -> Result<Self> {
        let overflow = || Error::Overflow {
            operation: "computing a variance",
            subject: format!("expected {expected}, realized {realized}"),
        };
        let absolute = realized.checked_sub(expected).ok_or_else(overflow)?;
        let relative = if expected.is_zero() {
            None
        } else {
            Some(crate::exact::ratio_of(absolute, expected).map_err(|_| overflow())?)
        };
        Ok(Self { absolute, relative })
    }

    /// Whether the size of the variance is beyond `threshold` (strictly).
    ///
    /// `|relative| > threshold`; when the relative variance is undefined (zero
    /// expected), whether the absolute variance is non-zero.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Variance;
    /// use rust_decimal::Decimal;
    ///
    /// // 900 against 1000 is exactly 10% short: not beyond 10% ("beyond" is strict).
    /// let v = Variance::of(Decimal::from(1000), Decimal::from(900))?;
    /// assert!(!v.exceeds("0.10".parse()?));
    /// assert!(v.exceeds("0.05".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exceeds(&self, threshold: Ratio) -> bool {
        match self.relative {
            Some(relative) => crate::exact::abs_exceeds(relative.value(), threshold.value()),
            None => !self.absolute.is_zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// expected, realized, absolute, relative, exceeds 10%, exceeds 25%
    fn check(
        expected: &str,
        realized: &str,
        absolute: &str,
        relative: Option<&str>,
        t10: bool,
        t25: bool,
    ) {
        let v = Variance::of(d(expected), d(realized)).unwrap();
        assert_eq!(v.absolute, d(absolute), "{expected} -> {realized}");
        assert_eq!(
            v.relative.map(Ratio::value),
            relative.map(d),
            "{expected} -> {realized}"
        );
        assert_eq!(
            v.exceeds(Ratio::new(d("0.10")).unwrap()),
            t10,
            "{expected} -> {realized}"
        );
        assert_eq!(
            v.exceeds(Ratio::new(d("0.25")).unwrap()),
            t25,
            "{expected} -> {realized}"
        );
    }

    #[test]
    fn variance_table() {
        check("1000", "800", "-200", Some("-0.2"), true, false);
        check("1000", "1000", "0", Some("0"), false, false);
        check("1000", "900", "-100", Some("-0.1"), false, false); // exactly 10%: not beyond
        check("1000", "899.99", "-100.01", Some("-0.10001"), true, false);
        check("1000", "1300", "300", Some("0.3"), true, true);
        check("400", "0", "-400", Some("-1"), true, true);
        check("400", "-100", "-500", Some("-1.25"), true, true);
        check(
            "3",
            "1",
            "-2",
            Some("-0.6666666666666666666666666667"),
            true,
            true,
        );
        check("0", "0", "0", None, false, false);
        check("0", "50", "50", None, true, true);
        check("0", "-5", "-5", None, true, true);
    }

    #[test]
    fn overflow_is_an_error_naming_the_numbers() {
        let err = Variance::of(Decimal::MAX, Decimal::MIN).unwrap_err();
        assert!(matches!(err, Error::Overflow { .. }), "{err:?}");
        assert!(err.to_string().contains("computing a variance"), "{err}");
        let err = Variance::of(d("0.0000000000000000000000000001"), Decimal::MAX).unwrap_err();
        assert!(matches!(err, Error::Overflow { .. }), "{err:?}");
    }
}
