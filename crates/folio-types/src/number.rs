//! Bounded numbers: values that cannot exist outside their range.
//!
//! Each type wraps a [`Decimal`] with a private field; the only ways in are `new` (and
//! `TryFrom<Decimal>`), which check the range, and deserialization, which goes through
//! the same check. A [`Confidence`] of 1.2 therefore cannot reach an engine.
//!
//! | type | range | meaning |
//! |---|---|---|
//! | [`Confidence`] | `0..=1` | an owner's belief that a key result will be hit |
//! | [`Weight`] | `>= 0` | relative importance; weights need not sum to 1 |
//! | [`Progress`] | `>= 0` | share of a target achieved; above 1 is over-achievement |
//! | [`RiskRating`] | `1..=5` | a risk rating or score, 1 lowest risk, 5 highest |
//! | [`Ratio`] | any | a fraction (0.25 is 25%); may be negative, e.g. a decline |
//!
//! In JSON these serialize as decimal strings (`"0.7"`) so no precision is lost, and
//! deserialize from either a string or a JSON number.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::error::{Error, Result};

#[cfg(feature = "schemars")]
/// The JSON Schema of a bounded decimal: a number or a decimal string.
fn decimal_schema(description: &str, minimum: Option<i64>, maximum: Option<i64>) -> Schema {
    let mut number = json_schema!({ "type": "number" });
    if let Some(min) = minimum {
        number.insert("minimum".into(), min.into());
    }
    if let Some(max) = maximum {
        number.insert("maximum".into(), max.into());
    }
    json_schema!({
        "description": description,
        "anyOf": [
            number,
            { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" }
        ]
    })
}

/// Parses a plain decimal: an optional `-`, digits, and an optional fraction, exactly.
/// `Decimal::from_str` alone would also accept `_` separators and leading dots, and
/// round digits beyond 28 places; the bounded numbers accept exactly what their JSON
/// schema's string pattern describes, and never round.
fn parse_decimal(quantity: &'static str, s: &str) -> Result<Decimal> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(Error::InvalidNumber {
            quantity,
            value: s.into(),
        });
    }
    crate::decimal::parse_exact(s)
}

/// The order of two decimals, as `Decimal`'s comparison gives it, for the range checks
/// of the bounded numbers.
///
/// When the mantissa of the smaller scale is at most `u32::MAX` (a bound such as 1 or 5
/// always is), it is written at the larger scale in `i128` without overflow
/// (`2^32 · 10^28 < 2^127`) and the two mantissas are compared as integers:
/// `m_a · 10^-s_a` against `m_b · 10^-s_b` is `m_a` against `m_b · 10^(s_a - s_b)` for
/// `s_a ≥ s_b`. `Decimal`'s own comparison aligns the scales in 96-bit steps, several
/// times slower, and is kept for everything else. Negative zero has mantissa 0 and so
/// equals zero, as in `Decimal`.
#[inline]
fn compare(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let small = |m: i128| m.unsigned_abs() <= u128::from(u32::MAX);
    // Scales differ by at most 28, and 10^28 < 2^94 fits an `i128`.
    let power = |k: u32| crate::decimal::power_of_ten(k).and_then(|p| i128::try_from(p).ok());
    let aligned = match a.scale().checked_sub(b.scale()) {
        Some(up) => power(up)
            .filter(|_| small(mb))
            .map(|unit| (ma, mb.wrapping_mul(unit))),
        None => power(b.scale().wrapping_sub(a.scale()))
            .filter(|_| small(ma))
            .map(|unit| (ma.wrapping_mul(unit), mb)),
    };
    match aligned {
        Some((a, b)) => a.cmp(&b),
        None => a.cmp(&b),
    }
}

macro_rules! bounded_decimal {
    (
        $(#[$meta:meta])*
        $name:ident, $quantity:literal, $range:literal,
        min = $min:expr, max = $max:expr,
        schema_min = $smin:expr, schema_max = $smax:expr
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(into = "Decimal"))]
        pub struct $name(Decimal);

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            /// Reads the number exactly (see [`crate::decimal`]) and checks the range as
            /// [`new`](Self::new) does.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = deserializer.deserialize_any(crate::decimal::ExactDecimal)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// Checks that `value` lies in range and wraps it.
            ///
            /// # Errors
            ///
            #[doc = concat!("[`Error::OutOfRange`] if `value` is outside ", $range, ".")]
            ///
            /// # Example
            ///
            #[doc = concat!(
                "```\n",
                "use folio_types::", stringify!($name), ";\n",
                "use rust_decimal::Decimal;\n\n",
                "let one = ", stringify!($name), "::new(Decimal::ONE)?;\n",
                "assert_eq!(one.value(), Decimal::ONE);\n",
                "// Parsing text runs the same check.\n",
                "assert_eq!(\"1\".parse::<", stringify!($name), ">()?, one);\n",
                "# Ok::<(), Box<dyn std::error::Error>>(())\n",
                "```",
            )]
            // Inlined across crates: a rollup builds one per node it computes.
            #[inline]
            pub fn new(value: Decimal) -> Result<Self> {
                let min: Option<Decimal> = $min;
                let max: Option<Decimal> = $max;
                // Below zero is a sign test: cheaper than `Decimal`'s comparison, which
                // aligns scales (a rollup builds a `Progress` per node it computes).
                let below = min.is_some_and(|min| {
                    if min.is_zero() {
                        value.is_sign_negative() && !value.is_zero()
                    } else {
                        compare(value, min).is_lt()
                    }
                });
                let above = max.is_some_and(|max| compare(value, max).is_gt());
                if below || above {
                    Err(Error::OutOfRange {
                        quantity: $quantity,
                        value: value.to_string(),
                        range: $range,
                    })
                } else {
                    Ok(Self(value))
                }
            }

            /// The wrapped value.
            ///
            /// # Example
            ///
            #[doc = concat!(
                "```\n",
                "use folio_types::", stringify!($name), ";\n",
                "use rust_decimal::Decimal;\n\n",
                "let x: ", stringify!($name), " = \"1.00\".parse()?;\n",
                "// The scale is kept: 1.00 is stored with two decimals.\n",
                "assert_eq!(x.value(), Decimal::new(100, 2));\n",
                "assert_eq!(x.to_string(), \"1.00\");\n",
                "# Ok::<(), Box<dyn std::error::Error>>(())\n",
                "```",
            )]
            #[inline]
            pub const fn value(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;

            /// Parses a plain decimal string (`"0.7"`, `"-3"`, `"12.50"`) and checks the
            /// range as [`new`](Self::new) does. White space, exponents and percent
            /// signs are rejected.
            fn from_str(s: &str) -> Result<Self> {
                Self::new(parse_decimal($quantity, s)?)
            }
        }

        impl TryFrom<Decimal> for $name {
            type Error = Error;

            fn try_from(value: Decimal) -> Result<Self> {
                Self::new(value)
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Decimal {
                value.0
            }
        }

        #[cfg(feature = "schemars")]
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                decimal_schema(
                    concat!("A ", $quantity, " in ", $range, ", as a decimal string or number."),
                    $smin,
                    $smax,
                )
            }
        }
    };
}

bounded_decimal!(
    /// How strongly an owner believes a key result will be hit, from 0 (no chance) to 1
    /// (certain).
    ///
    /// ```
    /// use folio_types::Confidence;
    /// use rust_decimal::Decimal;
    ///
    /// let c = Confidence::new(Decimal::new(7, 1))?;
    /// assert_eq!(c.value(), Decimal::new(7, 1));
    /// assert!(Confidence::new(Decimal::new(12, 1)).is_err());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    Confidence, "confidence", "0..=1",
    min = Some(Decimal::ZERO), max = Some(Decimal::ONE),
    schema_min = Some(0), schema_max = Some(1)
);

bounded_decimal!(
    /// A non-negative relative weight.
    ///
    /// Weights are relative: engines divide by their sum and report the normalized share,
    /// so `[1, 3]` and `[0.25, 0.75]` mean the same. A weight of zero is allowed (the
    /// input is shown but does not count); a set of weights that are all zero is an error
    /// in the engine that needs their sum.
    ///
    /// ```
    /// use folio_types::Weight;
    /// use rust_decimal::Decimal;
    ///
    /// assert!(Weight::new(Decimal::new(3, 0)).is_ok());
    /// assert!(Weight::new(Decimal::NEGATIVE_ONE).is_err());
    /// ```
    Weight, "weight", ">= 0",
    min = Some(Decimal::ZERO), max = None,
    schema_min = Some(0), schema_max = None
);

bounded_decimal!(
    /// The share of a target achieved: 0 is nothing, 1 is the target met.
    ///
    /// Values above 1 mean over-achievement and are kept as they are; a caller that wants
    /// a 0..=1 score asks for it explicitly with [`Progress::clamped`].
    ///
    /// ```
    /// use folio_types::Progress;
    /// use rust_decimal::Decimal;
    ///
    /// let p = Progress::new(Decimal::new(125, 2))?;
    /// assert!(p.is_over_achieved());
    /// assert_eq!(p.clamped(), Progress::COMPLETE);
    /// assert!(Progress::new(Decimal::new(-1, 1)).is_err());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    Progress, "progress", ">= 0",
    min = Some(Decimal::ZERO), max = None,
    schema_min = Some(0), schema_max = None
);

bounded_decimal!(
    /// A risk rating or weighted risk score on the 1-5 scale: 1 is the lowest risk, 5 the
    /// highest.
    ///
    /// Fractional values are allowed so that a weighted score of several ratings is a
    /// `RiskRating` too; a weighted mean of values in 1..=5 always stays in 1..=5.
    ///
    /// ```
    /// use folio_types::RiskRating;
    /// use rust_decimal::Decimal;
    ///
    /// assert!(RiskRating::new(Decimal::new(35, 1)).is_ok());
    /// assert!(RiskRating::new(Decimal::ZERO).is_err());
    /// assert!(RiskRating::new(Decimal::new(6, 0)).is_err());
    /// ```
    RiskRating, "risk rating", "1..=5",
    min = Some(Decimal::ONE), max = Some(Decimal::from_parts(5, 0, 0, false, 0)),
    schema_min = Some(1), schema_max = Some(5)
);

bounded_decimal!(
    /// A fraction, such as a share, a growth rate or a margin: 0.25 means 25%.
    ///
    /// A ratio may be negative (revenue fell) or above 1 (revenue more than doubled).
    /// [`Ratio::new`] never fails; the type exists so that a fraction is never confused
    /// with a percentage: convert with [`Ratio::from_percent`] and [`Ratio::to_percent`].
    ///
    /// ```
    /// use folio_types::Ratio;
    /// use rust_decimal::Decimal;
    ///
    /// let growth = Ratio::of(Decimal::new(15, 0), Decimal::new(120, 0))?;
    /// assert_eq!(growth.to_percent()?, Decimal::new(125, 1)); // 12.5%
    /// assert!(Ratio::of(Decimal::ONE, Decimal::ZERO).is_err());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    Ratio, "ratio", "any decimal",
    min = None, max = None,
    schema_min = None, schema_max = None
);

impl Confidence {
    /// No confidence at all.
    pub const ZERO: Self = Self(Decimal::ZERO);
    /// Certainty.
    pub const ONE: Self = Self(Decimal::ONE);
}

impl Weight {
    /// A weight that does not count.
    pub const ZERO: Self = Self(Decimal::ZERO);
    /// The unit weight, the default where a weight is not given.
    pub const ONE: Self = Self(Decimal::ONE);

    /// Whether the weight is zero.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Weight;
    ///
    /// assert!("0.00".parse::<Weight>()?.is_zero());
    /// assert!(!Weight::ONE.is_zero());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl Default for Weight {
    fn default() -> Self {
        Self::ONE
    }
}

impl Progress {
    /// Nothing achieved.
    pub const ZERO: Self = Self(Decimal::ZERO);
    /// The target is met exactly.
    pub const COMPLETE: Self = Self(Decimal::ONE);

    /// The progress capped at 1: over-achievement counts as complete.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Progress;
    ///
    /// let over: Progress = "1.3".parse()?;
    /// assert_eq!(over.clamped(), Progress::COMPLETE);
    /// let under: Progress = "0.4".parse()?;
    /// assert_eq!(under.clamped(), under);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clamped(self) -> Self {
        Self(self.0.min(Decimal::ONE))
    }

    /// Whether the progress is above 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Progress;
    ///
    /// assert!("1.05".parse::<Progress>()?.is_over_achieved());
    /// assert!(!Progress::COMPLETE.is_over_achieved());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_over_achieved(self) -> bool {
        self.0 > Decimal::ONE
    }
}

impl RiskRating {
    /// The lowest rating.
    pub const LOWEST: Self = Self(Decimal::ONE);
    /// The highest rating.
    pub const HIGHEST: Self = Self(Decimal::from_parts(5, 0, 0, false, 0));
}

impl Ratio {
    /// Zero.
    pub const ZERO: Self = Self(Decimal::ZERO);
    /// One, i.e. 100%.
    pub const ONE: Self = Self(Decimal::ONE);

    /// Wraps any decimal. Unlike the other bounded numbers a ratio has no range, so
    /// this cannot fail; [`Ratio::new`] is the same check-free conversion behind the
    /// `Result` every bounded number's `new` returns.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Ratio;
    /// use rust_decimal::Decimal;
    ///
    /// let decline = Ratio::from_decimal(Decimal::new(-5, 2));
    /// assert_eq!(decline.to_percent()?, Decimal::from(-5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn from_decimal(value: Decimal) -> Self {
        Self(value)
    }

    /// `numerator / denominator`, exactly as far as 28 significant digits reach, with
    /// trailing zeros removed (`46 / 92` is `0.5`, not `0.50`).
    ///
    /// # Errors
    ///
    /// [`Error::DivisionByZero`] if `denominator` is zero, [`Error::Overflow`] if the
    /// quotient does not fit in a [`Decimal`].
    pub fn of(numerator: Decimal, denominator: Decimal) -> Result<Self> {
        if denominator.is_zero() {
            return Err(Error::DivisionByZero {
                operation: "computing a ratio",
            });
        }
        numerator
            .checked_div(denominator)
            .map(|q| Self(q.normalize()))
            .ok_or(Error::Overflow {
                operation: "computing a ratio",
            })
    }

    /// The ratio of a percentage: `from_percent(12.5)` is 0.125.
    ///
    /// # Errors
    ///
    /// Never fails for a representable percentage; the `Result` is kept for symmetry
    /// with [`Ratio::to_percent`], whose multiplication can overflow.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Ratio;
    /// use rust_decimal::Decimal;
    ///
    /// let margin = Ratio::from_percent(Decimal::new(125, 1))?; // 12.5%
    /// assert_eq!(margin.value(), Decimal::new(125, 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_percent(percent: Decimal) -> Result<Self> {
        Self::of(percent, Decimal::ONE_HUNDRED)
    }

    /// The ratio as a percentage: 0.125 becomes 12.5.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the percentage does not fit in a [`Decimal`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Ratio;
    /// use rust_decimal::Decimal;
    ///
    /// let share: Ratio = "0.375".parse()?;
    /// assert_eq!(share.to_percent()?, Decimal::new(375, 1)); // 37.5%
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_percent(self) -> Result<Decimal> {
        self.0
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(Error::Overflow {
                operation: "converting a ratio to a percentage",
            })
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn range_table() {
        let cases: &[(&str, bool, bool, bool, bool)] = &[
            // value, confidence ok, weight ok, progress ok, risk rating ok
            ("-0.0001", false, false, false, false),
            ("0", true, true, true, false),
            ("0.4", true, true, true, false),
            ("1", true, true, true, true),
            ("1.0000000001", false, true, true, true),
            ("1.2", false, true, true, true),
            ("5", false, true, true, true),
            ("5.01", false, true, true, false),
            ("1000000", false, true, true, false),
        ];
        for &(value, c, w, p, r) in cases {
            let v = d(value);
            assert_eq!(Confidence::new(v).is_ok(), c, "confidence {value}");
            assert_eq!(Weight::new(v).is_ok(), w, "weight {value}");
            assert_eq!(Progress::new(v).is_ok(), p, "progress {value}");
            assert_eq!(RiskRating::new(v).is_ok(), r, "risk rating {value}");
            assert_eq!(Ratio::new(v).map(Ratio::value), Ok(v));
        }
    }

    #[test]
    fn range_checks_compare_as_decimal_does() {
        let values = [
            "0",
            "-0",
            "1",
            "-1",
            "5",
            "5.0000000001",
            "4.9999999999999999999999999999",
            "1.0000000000000000000000000001",
            "0.9999999999999999999999999999",
            "3.25",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1000000",
            "5.00",
            "1.000000000",
        ];
        let mut all: Vec<Decimal> = values.iter().map(|v| d(v)).collect();
        all.push(Decimal::MAX);
        all.push(Decimal::MIN);
        for a in &all {
            for b in &all {
                assert_eq!(compare(*a, *b), a.cmp(b), "{a} against {b}");
            }
        }
    }

    /// Any decimal: a mantissa of up to 96 bits, any scale and sign.
    // Test data: the shift and negation stay in range by construction.
    #[allow(clippy::arithmetic_side_effects)]
    fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        (any::<u128>(), 0u32..=28, any::<bool>(), 0u32..=96).prop_map(
            |(bits, scale, negative, width)| {
                let mantissa = if width == 0 { 0 } else { bits >> (128 - width) };
                let mantissa = i128::try_from(mantissa).unwrap();
                Decimal::from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        #[test]
        fn comparisons_match_decimal(a in any_decimal(), b in any_decimal(), near in 0u32..=9) {
            // Also a rescaled copy of `a` and a neighbour, which often tie or nearly do.
            let rescaled = a
                .mantissa()
                .checked_mul(10i128.pow(near))
                .and_then(|m| Decimal::try_from_i128_with_scale(m, a.scale().checked_add(near)?).ok())
                .unwrap_or(a);
            let neighbour = rescaled.checked_add(Decimal::new(1, 28)).unwrap_or(b);
            for b in [b, rescaled, neighbour] {
                proptest::prop_assert_eq!(compare(a, b), a.cmp(&b), "{} against {}", a, b);
                proptest::prop_assert_eq!(compare(b, a), b.cmp(&a), "{} against {}", b, a);
            }
        }
    }

    #[test]
    fn out_of_range_error_names_value_and_range() {
        assert_eq!(
            Confidence::new(d("1.2")),
            Err(Error::OutOfRange {
                quantity: "confidence",
                value: "1.2".into(),
                range: "0..=1",
            })
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_goes_through_the_range_check() {
        let c: Confidence = serde_json::from_str("\"0.7\"").unwrap();
        assert_eq!(c.value(), d("0.7"));
        let c: Confidence = serde_json::from_str("0.7").unwrap();
        assert_eq!(c.value(), d("0.7"));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"0.7\"");

        let err = serde_json::from_str::<Confidence>("1.2").unwrap_err();
        assert!(
            err.to_string().contains("confidence 1.2 is outside 0..=1"),
            "{err}"
        );
        let err = serde_json::from_str::<Weight>("\"-1\"").unwrap_err();
        assert!(
            err.to_string().contains("weight -1 is outside >= 0"),
            "{err}"
        );
        let err = serde_json::from_str::<RiskRating>("0").unwrap_err();
        assert!(err.to_string().contains("risk rating 0"), "{err}");
        assert!(serde_json::from_str::<Progress>("\"-0.5\"").is_err());
        assert!(serde_json::from_str::<Progress>("\"abc\"").is_err());
    }

    #[test]
    fn from_str_table() {
        // text, confidence, weight, progress, risk rating, ratio: Some(value) or None.
        type Row = (&'static str, bool, bool, bool, bool, bool);
        let cases: &[Row] = &[
            ("0.7", true, true, true, false, true),
            ("0", true, true, true, false, true),
            ("1", true, true, true, true, true),
            ("1.00", true, true, true, true, true),
            ("3.5", false, true, true, true, true),
            ("-0.25", false, false, false, false, true),
            ("12", false, true, true, false, true),
        ];
        for &(text, c, w, p, r, q) in cases {
            let v = d(text);
            assert_eq!(
                text.parse::<Confidence>().ok().map(Confidence::value),
                c.then_some(v),
                "confidence {text}"
            );
            assert_eq!(
                text.parse::<Weight>().ok().map(Weight::value),
                w.then_some(v),
                "weight {text}"
            );
            assert_eq!(
                text.parse::<Progress>().ok().map(Progress::value),
                p.then_some(v),
                "progress {text}"
            );
            assert_eq!(
                text.parse::<RiskRating>().ok().map(RiskRating::value),
                r.then_some(v),
                "risk rating {text}"
            );
            assert_eq!(
                text.parse::<Ratio>().ok().map(Ratio::value),
                q.then_some(v),
                "ratio {text}"
            );
        }
    }

    #[test]
    fn from_str_rejects_what_is_not_a_plain_decimal() {
        for text in [
            "", " 0.5", "0.5 ", "+0.5", ".5", "5.", "1e-1", "50%", "0,5", "1_0", "abc", "-", "--1",
            "0x1",
        ] {
            assert_eq!(
                text.parse::<Confidence>(),
                Err(Error::InvalidNumber {
                    quantity: "confidence",
                    value: text.into()
                }),
                "{text:?}"
            );
            assert!(text.parse::<Ratio>().is_err(), "{text:?}");
        }
        assert_eq!(
            "1.2".parse::<Confidence>(),
            Err(Error::OutOfRange {
                quantity: "confidence",
                value: "1.2".into(),
                range: "0..=1"
            })
        );
        assert_eq!(
            "0,5".parse::<RiskRating>().map_err(|e| e.to_string()),
            Err(
                "invalid risk rating \"0,5\": expected a decimal number such as \"0.7\"".to_owned()
            )
        );
    }

    #[test]
    fn from_str_round_trips_display() {
        for text in ["0", "0.125", "0.70", "1"] {
            let c: Confidence = text.parse().unwrap();
            assert_eq!(c.to_string(), text);
            assert_eq!(c.to_string().parse::<Confidence>(), Ok(c));
        }
    }

    #[test]
    fn progress_clamping_is_explicit() {
        let over = Progress::new(d("1.3")).unwrap();
        assert_eq!(over.value(), d("1.3"));
        assert_eq!(over.clamped().value(), Decimal::ONE);
        let under = Progress::new(d("0.3")).unwrap();
        assert_eq!(under.clamped(), under);
        assert!(!under.is_over_achieved());
    }

    #[test]
    fn ratio_arithmetic() {
        assert_eq!(Ratio::of(d("1"), d("4")).unwrap().value(), d("0.25"));
        assert_eq!(Ratio::of(d("-3"), d("4")).unwrap().value(), d("-0.75"));
        assert_eq!(
            Ratio::of(d("1"), Decimal::ZERO),
            Err(Error::DivisionByZero {
                operation: "computing a ratio"
            })
        );
        assert!(Ratio::of(Decimal::MAX, d("0.1")).is_err());
        assert_eq!(Ratio::from_percent(d("12.5")).unwrap().value(), d("0.125"));
        assert_eq!(
            Ratio::from_decimal(d("-3.5")),
            Ratio::new(d("-3.5")).unwrap()
        );
        assert!(Ratio::new(Decimal::MAX).unwrap().to_percent().is_err());
    }

    #[test]
    fn constants_hold_their_values() {
        assert_eq!(RiskRating::HIGHEST.value(), d("5"));
        assert_eq!(RiskRating::LOWEST.value(), d("1"));
        assert_eq!(Weight::default(), Weight::ONE);
        assert!(Weight::ZERO.is_zero());
        assert_eq!(Confidence::ONE.value(), Decimal::ONE);
    }
}
