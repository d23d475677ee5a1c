//! Numbers read exactly: decimal text to [`Decimal`] without rounding, and the serde
//! helper every folio type uses to read a `Decimal` from JSON; and one way to write a
//! fraction as a percentage for people ([`percent_points`]); and the powers of ten that
//! integer arithmetic on mantissas scales by ([`POWERS_OF_TEN`], [`power_of_ten`]), with
//! the division by them that normalizes a mantissa ([`strip_trailing_zeros`]).
//!
//! # Why
//!
//! `Decimal` holds at most 28 digits after the point and a 96-bit coefficient (about
//! 28-29 significant digits). `rust_decimal`'s own parsing rounds what does not fit, and
//! its serde support reads a JSON number through `f64`: the JSON number `1e-30` became
//! `0`, and a 24-digit integer lost its last digits, both silently. A weight or an
//! amount that is silently changed is a wrong answer, so folio rejects such numbers.
//!
//! # The rules
//!
//! - **Text** (a JSON string, or [`parse_exact`]) is read digit by digit: an optional
//!   `-`, digits, an optional fraction, an optional exponent (`1.5e-3`). The value is
//!   kept exactly, with its written scale where it fits (`"1.50"` stays `1.50`);
//!   trailing zeros are dropped only when needed to fit. A number that needs more than
//!   28 decimal places or a coefficient above `Decimal::MAX` is an error
//!   ([`Error::InexactNumber`]), never rounded.
//! - **JSON integers** that fit in 64 bits arrive as integers and are exact.
//! - **Other JSON numbers** (a fraction, an exponent, or an integer beyond 64 bits):
//!   `serde_json` has already turned them into an `f64` before any folio code sees them,
//!   so their literal text is gone. folio takes the shortest decimal that the `f64`
//!   round-trips to (what Rust prints for it) when it has at most 15 significant
//!   digits: every decimal of 15 digits or fewer survives the trip through `f64`
//!   unchanged, so such a number is exactly what was written (`0.1` stays `0.1`). A
//!   number whose shortest form needs 16 or 17 digits may have been written with more
//!   digits than `f64` kept, so it is rejected with a message asking for a string.
//!   Then the rules for text apply (`1e-30` needs 30 decimal places: an error).
//!   This needs `serde_json` to parse floats correctly rounded: turn on its
//!   `float_roundtrip` feature (folio's workspace does). With `serde_json`'s default,
//!   faster parser a number can arrive one unit in the last place off (`1e-30` as
//!   `9.999999999999999e-31`); folio then sees 16 digits and refuses it, never
//!   guesses.
//! - When another crate in the build turns on `serde_json`'s `arbitrary_precision`
//!   feature, `serde_json` hands over the number's literal text, and the rules for text
//!   apply to it directly.
//!
//! # Why not `serde_json`'s `arbitrary_precision`
//!
//! It would carry the literal text of every number, but it is a global switch: cargo
//! unifies features across the whole build, so turning it on in a folio library would
//! change `serde_json::Value` and every number inside `#[serde(untagged)]` or
//! `#[serde(flatten)]` types for every other crate of the user's program, and it would
//! make folio-types depend on `serde_json` rather than on serde alone. The visitor here
//! needs neither and is exact everywhere except for fractional JSON numbers of 16 or
//! more significant digits, which it refuses rather than guesses. Write such numbers as
//! strings (`"0.12345678901234567"`), as folio itself does when it serializes.
//!
//! ```
//! use folio_types::decimal::parse_exact;
//! use rust_decimal::Decimal;
//!
//! assert_eq!(parse_exact("0.1")?, Decimal::new(1, 1));
//! assert_eq!(parse_exact("1.5e-3")?, Decimal::new(15, 4));
//! assert!(parse_exact("1e-30").is_err());
//! # #[cfg(feature = "serde")]
//! # {
//! #[derive(serde::Deserialize)]
//! struct Weighted {
//!     #[serde(deserialize_with = "folio_types::decimal::deserialize")]
//!     weight: Decimal,
//! }
//! let w: Weighted = serde_json::from_str(r#"{"weight": 0.1}"#)?;
//! assert_eq!(w.weight, Decimal::new(1, 1));
//! assert!(serde_json::from_str::<Weighted>(r#"{"weight": 1e-30}"#).is_err());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The most decimal places a [`Decimal`] holds.
const MAX_SCALE: u32 = 28;

/// The most significant digits of a JSON number read through `f64` that are known to
/// be the digits written (`f64` keeps every decimal of 15 significant digits).
#[cfg(any(feature = "serde", test))]
const F64_EXACT_DIGITS: usize = 15;

/// Parses decimal text exactly: an optional `-`, digits, an optional `.` and fraction
/// digits, an optional exponent `e`/`E` with an optional sign.
///
/// # Errors
///
/// [`Error::InvalidNumber`] if the text is not such a number (white space, `+`, `_`,
/// `.5`, `5.`, `0x1`, ...); [`Error::InexactNumber`] if the number needs more than 28
/// decimal places or more digits than a `Decimal` holds: it is never rounded.
///
/// # Example
///
/// ```
/// use folio_types::decimal::parse_exact;
/// use rust_decimal::Decimal;
///
/// assert_eq!(parse_exact("-12.50")?.to_string(), "-12.50");
/// assert_eq!(parse_exact("79228162514264337593543950335")?, Decimal::MAX);
/// assert!(parse_exact("79228162514264337593543950336").is_err());
/// assert!(parse_exact("0.00000000000000000000000000001").is_err()); // 29 places
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_exact(text: &str) -> Result<Decimal> {
    let invalid = || Error::InvalidNumber {
        quantity: "number",
        value: text.into(),
    };
    let inexact = |problem| Error::InexactNumber {
        value: text.into(),
        problem,
    };
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at).unwrap_or_default(),
            Some(unsigned.get(at.saturating_add(1)..).unwrap_or_default()),
        ),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(invalid());
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
            if !all_digits(digits) {
                return Err(invalid());
            }
            // Any exponent beyond a few hundred cannot give a Decimal anyway.
            e.parse::<i64>()
                .ok()
                .filter(|e| e.unsigned_abs() <= 1_000)
                .ok_or_else(|| inexact("its exponent is far outside the range of a decimal"))?
        }
    };
    let fraction = fraction.unwrap_or_default();
    // The coefficient's digits without leading zeros, and the scale they are read at.
    let digits: String = whole
        .chars()
        .chain(fraction.chars())
        .skip_while(|&c| c == '0')
        .collect();
    let written_scale = i64::try_from(fraction.len()).map_err(|_| invalid())?;
    let mut scale = written_scale.saturating_sub(exponent);
    let mut digits = digits;
    if scale < 0 {
        if digits.is_empty() {
            scale = 0;
        } else {
            let zeros = usize::try_from(scale.unsigned_abs()).map_err(|_| invalid())?;
            if digits.len().saturating_add(zeros) > 29 {
                return Err(inexact("it is larger than the largest decimal"));
            }
            digits.push_str(&"0".repeat(zeros));
            scale = 0;
        }
    }
    // Drop trailing zeros only while the number does not fit: they change the scale,
    // not the value.
    let fits = |digits: &str, scale: i64| {
        scale <= i64::from(MAX_SCALE) && digits.len() <= 29 && coefficient(digits).is_some()
    };
    while !fits(&digits, scale) && scale > 0 && (digits.is_empty() || digits.ends_with('0')) {
        if digits.is_empty() {
            // Zero written with too many places: keep it at the largest scale.
            scale = i64::from(MAX_SCALE).min(scale);
            break;
        }
        digits.pop();
        scale = scale.saturating_sub(1);
    }
    if scale > i64::from(MAX_SCALE) {
        return Err(inexact("it needs more than 28 decimal places"));
    }
    let Some(value) = coefficient(&digits) else {
        return Err(inexact(
            "it has more significant digits than a decimal holds",
        ));
    };
    let scale = u32::try_from(scale).map_err(|_| invalid())?;
    let signed = if negative {
        value.checked_neg()
    } else {
        Some(value)
    };
    signed
        .and_then(|v| Decimal::try_from_i128_with_scale(v, scale).ok())
        .ok_or_else(|| inexact("it has more significant digits than a decimal holds"))
}

/// The coefficient of `digits` if it fits a `Decimal` (96 bits).
fn coefficient(digits: &str) -> Option<i128> {
    const MAX: i128 = (1_i128 << 96) - 1;
    if digits.is_empty() {
        return Some(0);
    }
    if digits.len() > 29 {
        return None;
    }
    digits.parse::<i128>().ok().filter(|&v| v <= MAX)
}

#[cfg(any(feature = "serde", test))]
/// Converts a JSON number that arrived as an `f64` exactly, or explains why not; see
/// the [module docs](self).
fn from_f64(value: f64) -> Result<Decimal> {
    if !value.is_finite() {
        return Err(Error::InexactNumber {
            value: value.to_string().into(),
            problem: "it is not a finite number",
        });
    }
    // `{:e}` prints the shortest decimal that reads back as the same f64.
    let text = format!("{value:e}");
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let significant = mantissa.bytes().filter(u8::is_ascii_digit).count();
    if significant > F64_EXACT_DIGITS {
        return Err(Error::InexactNumber {
            value: value.to_string().into(),
            problem: "as a JSON number it has more digits than a binary float keeps \
                      (over 15) and may have lost some; write it as a string such as \
                      \"0.12345678901234567\" (or parse JSON with serde_json's \
                      `float_roundtrip` feature if it has 15 digits or fewer)",
        });
    }
    parse_exact(&text)
}

/// A fraction as percentage points for display: `fraction × 100` rounded to `places`
/// decimal places, halves away from zero (as a spreadsheet's `ROUND` and its number
/// formats round; `Decimal::round_dp` would round halves to even), without trailing
/// zeros. `0.12345` at one place is `"12.3"`.
///
/// Exact for every `Decimal`: a hundredfold beyond `Decimal`'s range (a fraction of
/// magnitude above about 7.9e26) is written from the fraction's own digits with the
/// decimal point moved two places to the right, so it is never shown unmultiplied,
/// as zero, or as an error.
///
/// # Example
///
/// ```
/// use folio_types::decimal::percent_points;
/// use rust_decimal::Decimal;
///
/// assert_eq!(percent_points(Decimal::new(12345, 5), 1), "12.3");
/// assert_eq!(percent_points(Decimal::new(-5, 4), 1), "-0.1"); // -0.05 rounds away
/// assert_eq!(percent_points(Decimal::new(15, 1), 0), "150");
/// // Decimal::MAX times 100 does not fit a Decimal; its digits are kept.
/// assert_eq!(percent_points(Decimal::MAX, 0), "7922816251426433759354395033500");
/// ```
#[must_use]
pub fn percent_points(fraction: Decimal, places: u32) -> String {
    match fraction.checked_mul(Decimal::ONE_HUNDRED) {
        Some(points) => shown(points, places),
        None => hundredfold_text(fraction, places),
    }
}

/// `value` rounded to `places` decimal places, halves away from zero, as text without
/// trailing zeros.
fn shown(value: Decimal, places: u32) -> String {
    value
        .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// `fraction` times 100 as text, for the fractions whose hundredfold `Decimal` cannot
/// hold: the same digits with the decimal point two places to the right.
fn hundredfold_text(fraction: Decimal, places: u32) -> String {
    let mantissa = fraction.mantissa();
    match fraction.scale().checked_sub(2) {
        // The same digits with two fewer places: always a `Decimal` (kept for
        // completeness: `checked_mul` rescales such a product itself).
        Some(scale) => shown(Decimal::from_i128_with_scale(mantissa, scale), places),
        // Fewer than two places: the digits followed by the missing zeros, a whole
        // number of points, so nothing is left to round.
        None => {
            let zeros = 2_usize.saturating_sub(fraction.scale() as usize);
            format!("{mantissa}{}", "0".repeat(zeros))
        }
    }
}

/// `10^k` for every `k` from 0 to 38, the powers of ten a `u128` holds: what integer
/// arithmetic on [`Decimal`] mantissas multiplies and divides by to change a scale
/// (a mantissa below `2^96` at scale `s` is `mantissa / 10^s`). A table, because
/// `checked_pow` costs a loop of checked multiplications on every use; a constant, so
/// that other tables can be built from it at compile time. [`power_of_ten`] reads it
/// without indexing.
///
/// # Example
///
/// ```
/// use folio_types::decimal::POWERS_OF_TEN;
///
/// assert_eq!(POWERS_OF_TEN[3], 1_000);
/// // 1.25 (mantissa 125 at scale 2) is 12500 at scale 4: times 10^(4 - 2).
/// assert_eq!(125 * POWERS_OF_TEN[2], 12_500);
/// assert_eq!(POWERS_OF_TEN.last(), Some(&u128::pow(10, 38)));
/// ```
// Evaluated at compile time: an index out of range or an overflow would fail the
// build, never a run.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub const POWERS_OF_TEN: [u128; 39] = {
    let mut powers = [1u128; 39];
    let mut k = 1;
    while k < powers.len() {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// `10^k` where it fits in a `u128` (`k` at most 38), else `None`.
///
/// # Example
///
/// ```
/// use folio_types::decimal::power_of_ten;
///
/// assert_eq!(power_of_ten(0), Some(1));
/// assert_eq!(power_of_ten(28), Some(10_000_000_000_000_000_000_000_000_000));
/// assert_eq!(power_of_ten(39), None);
/// ```
#[inline]
#[must_use]
pub fn power_of_ten(k: u32) -> Option<u128> {
    POWERS_OF_TEN.get(usize::try_from(k).ok()?).copied()
}

/// `mantissa × 10^-scale` without its trailing zeros: `mantissa` divided by `10^k` and
/// `scale − k`, for the largest `k` at most `scale` with `10^k` dividing `mantissa`.
///
/// For the parts of a [`Decimal`] (a mantissa below `2^96`, a scale at most 28) this is
/// the mantissa and scale of [`Decimal::normalize`]: zero gives `(0, 0)` whatever its
/// scale, and a scale of 0 is left as it is. Any other pair has the same meaning and an
/// answer, never a panic: a mantissa up to `u128::MAX` drops all its trailing zeros
/// that the scale allows (a `u128` has at most 38), and a scale above 28 is lowered by
/// the zeros dropped only, so the result is what the loop `while m % 10 == 0 && s > 0
/// { m /= 10; s -= 1 }` leaves (which for a nonzero mantissa may still be beyond a
/// `Decimal`'s 28 places or 96 bits: the caller decides what that means).
///
/// No division. First, whether the last digit is zero at all (most mantissas end in
/// another digit): the mantissa is even, and a multiple of 5, which as `2^64 ≡ 1
/// (mod 5)` it is exactly when the sum of its two 64-bit halves (plus one for a carry
/// out) is, a 64-bit test. Then a ladder of 32, 16, 8, 4, 2 and 1 places, each tried
/// once where the scale allows (32 + 16 + ... + 1 = 63 cover the 38 zeros a `u128` can
/// have): `10^p` divides `m` exactly when the low `p` bits of `m` are zero and `5^p`
/// divides `m / 2^p`, and for an odd `d` with inverse `d⁻¹` modulo `2^128`, `n · d⁻¹
/// mod 2^128` is `n / d` when `d` divides `n` and is above `⌊(2^128 − 1) / d⌋` when it
/// does not (Granlund and Montgomery, "Division by invariant integers using
/// multiplication", PLDI 1994, section 9). So each step is a bit test, one wrapping
/// multiplication and one comparison, and its product is the quotient.
///
/// # Example
///
/// ```
/// use folio_types::decimal::strip_trailing_zeros;
/// use rust_decimal::Decimal;
///
/// // 1.2500 is 1.25; 120.0 is 120 (only the zeros after the point go).
/// assert_eq!(strip_trailing_zeros(12_500, 4), (125, 2));
/// assert_eq!(strip_trailing_zeros(1_200, 1), (120, 0));
/// assert_eq!(strip_trailing_zeros(0, 28), (0, 0));
///
/// // The parts of `Decimal::normalize`.
/// let value = Decimal::new(-1_234_000, 5); // -12.34000
/// let normal = value.normalize();
/// assert_eq!(
///     strip_trailing_zeros(value.mantissa().unsigned_abs(), value.scale()),
///     (normal.mantissa().unsigned_abs(), normal.scale()),
/// );
///
/// // Beyond a `Decimal`: 10^38 at 40 places is 1 at 2 places.
/// assert_eq!(strip_trailing_zeros(u128::pow(10, 38), 40), (1, 2));
/// ```
#[inline(always)]
#[must_use]
pub fn strip_trailing_zeros(mantissa: u128, scale: u32) -> (u128, u32) {
    // The two tests of the last digit without a branch between them: each goes
    // either way at random. Truncation is the point of the casts: the two halves.
    #[allow(clippy::cast_possible_truncation)]
    let (high, low) = ((mantissa >> 64) as u64, mantissa as u64);
    let (halves, carry) = low.overflowing_add(high);
    // After a carry `halves <= 2^64 - 2`: adding one cannot wrap.
    let folded = halves.wrapping_add(u64::from(carry));
    let multiple_of_five = folded.wrapping_mul(INVERSE_OF_5_MOD_2_64) <= u64::MAX / 5;
    if (low & 1 == 1) | !multiple_of_five {
        return (mantissa, scale);
    }
    strip_ladder(mantissa, scale)
}

/// The ladder of [`strip_trailing_zeros`]: `mantissa` at `scale` without its trailing
/// zeros.
///
/// Each step of `p` places (32 down to 1) drops `p` zeros when the scale allows and
/// `10^p` divides. If `t` zeros are still to be dropped before the step of `p` and
/// `t < 2p` (true at 32: a nonzero `u128` has at most 38), the step drops `p` exactly
/// when `t >= p`, leaving `t < p` for the next: after the step of 1, none. Zero is the
/// one mantissa with more than 63 zeros to drop: it goes to `(0, 0)` first.
#[inline(always)]
fn strip_ladder(mut mantissa: u128, mut scale: u32) -> (u128, u32) {
    if mantissa == 0 {
        return (0, 0);
    }
    for &(places, low_bits, inverse, most) in &STRIP_STEPS {
        // `low_bits` is `2^places - 1`, and `places` at most 32: one test of the low
        // word, where counting the `u128`'s trailing zeros took several instructions.
        #[allow(clippy::cast_possible_truncation)]
        let even_enough = mantissa as u64 & low_bits == 0;
        if scale >= places && even_enough {
            let quotient = (mantissa >> places).wrapping_mul(inverse);
            if quotient <= most {
                mantissa = quotient;
                // `places <= scale`: no wrap.
                scale = scale.wrapping_sub(places);
            }
        }
    }
    (mantissa, scale)
}

/// The inverse of 5 modulo `2^128`: `5 · INVERSE_OF_5 ≡ 1`.
const INVERSE_OF_5: u128 = 0xCCCC_CCCC_CCCC_CCCC_CCCC_CCCC_CCCC_CCCD;

/// The inverse of 5 modulo `2^64`: a 64-bit `x` is a multiple of 5 exactly when
/// `x · INVERSE_OF_5_MOD_2_64 mod 2^64 <= ⌊(2^64 − 1) / 5⌋`.
const INVERSE_OF_5_MOD_2_64: u64 = 0xCCCC_CCCC_CCCC_CCCD;

/// For each step of [`strip_ladder`], `(p, 2^p − 1, inverse of 5^p modulo 2^128,
/// ⌊(2^128 − 1) / 5^p⌋)`: a mantissa whose low `p` bits are zero (the mask) is a
/// multiple of `10^p` exactly when its `p`-bit shift times the inverse is at most the
/// bound, and the product is then the quotient.
// Evaluated at compile time: an index out of range or an overflow would fail the
// build, never a run.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const STRIP_STEPS: [(u32, u64, u128, u128); 6] = {
    let places = [32u32, 16, 8, 4, 2, 1];
    let mut steps = [(0u32, 0u64, 0u128, 0u128); 6];
    let mut i = 0;
    while i < steps.len() {
        let p = places[i];
        steps[i] = (
            p,
            (1u64 << p) - 1,
            INVERSE_OF_5.wrapping_pow(p),
            u128::MAX / 5u128.pow(p),
        );
        i += 1;
    }
    steps
};

#[cfg(feature = "serde")]
mod de {
    use std::fmt;

    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, MapAccess, Visitor};

    /// The key `serde_json`'s `arbitrary_precision` feature uses to hand over a number's
    /// literal text.
    const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";

    /// Reads a [`Decimal`] exactly; see the [module docs](super).
    pub(crate) struct ExactDecimal;

    impl<'de> Visitor<'de> for ExactDecimal {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal number or a decimal string such as \"0.7\"")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            super::parse_exact(&v.to_string()).map_err(E::custom)
        }

        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            super::parse_exact(&v.to_string()).map_err(E::custom)
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            super::from_f64(v).map_err(E::custom)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            super::parse_exact(v).map_err(E::custom)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
            match map.next_key::<std::borrow::Cow<'de, str>>()? {
                Some(key) if key == SERDE_JSON_NUMBER => {
                    let text = map.next_value::<std::borrow::Cow<'de, str>>()?;
                    super::parse_exact(&text).map_err(de::Error::custom)
                }
                _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }

    /// Deserializes a [`Decimal`] exactly from a JSON string or number; see the
    /// [module docs](super).
    ///
    /// Use it on plain `Decimal` fields of input types:
    /// `#[serde(deserialize_with = "folio_types::decimal::deserialize")]`.
    ///
    /// # Errors
    ///
    /// The deserializer's error, with the message of [`Error::InvalidNumber`] or
    /// [`Error::InexactNumber`](crate::Error::InexactNumber), for text that is not a
    /// number or a number that a `Decimal` cannot hold exactly.
    ///
    /// [`Error::InvalidNumber`]: crate::Error::InvalidNumber
    ///
    /// # Example
    ///
    /// ```
    /// use rust_decimal::Decimal;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Amount(#[serde(deserialize_with = "folio_types::decimal::deserialize")] Decimal);
    ///
    /// let Amount(a) = serde_json::from_str("12345678901234567")?; // 64-bit integer: exact
    /// assert_eq!(a, Decimal::from(12_345_678_901_234_567_u64));
    /// let Amount(b) = serde_json::from_str(r#""123456789012345678901234.5""#)?;
    /// assert_eq!(b.to_string(), "123456789012345678901234.5");
    /// // Beyond 64 bits a JSON integer reaches folio as an f64 with 17 digits: refused.
    /// assert!(serde_json::from_str::<Amount>("123456789012345678901234").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(ExactDecimal)
    }

    /// One decimal read exactly, for the container helpers.
    struct Exact(Decimal);

    impl<'de> serde::Deserialize<'de> for Exact {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Exact)
        }
    }

    /// Deserializes a list of [`Decimal`]s exactly; see [`deserialize`].
    ///
    /// # Errors
    ///
    /// As [`deserialize`], for the first number that cannot be read exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use rust_decimal::Decimal;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Budget(#[serde(deserialize_with = "folio_types::decimal::deserialize_vec")] Vec<Decimal>);
    ///
    /// let Budget(b) = serde_json::from_str(r#"[0.1, "2.50", 3]"#)?;
    /// assert_eq!(b, [Decimal::new(1, 1), Decimal::new(250, 2), Decimal::from(3)]);
    /// assert!(serde_json::from_str::<Budget>("[1, 1e-30]").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_vec<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Decimal>, D::Error> {
        let values = <Vec<Exact> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|Exact(v)| v).collect())
    }

    /// Deserializes a map of [`Decimal`]s exactly; see [`deserialize`].
    ///
    /// # Errors
    ///
    /// As [`deserialize`], for the first number that cannot be read exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use rust_decimal::Decimal;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Shares(
    ///     #[serde(deserialize_with = "folio_types::decimal::deserialize_map")] BTreeMap<String, Decimal>,
    /// );
    ///
    /// let Shares(s) = serde_json::from_str(r#"{"core": 0.6}"#)?;
    /// assert_eq!(s["core"], Decimal::new(6, 1));
    /// assert!(serde_json::from_str::<Shares>(r#"{"core": 1e-30}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_map<'de, D, K>(
        deserializer: D,
    ) -> Result<std::collections::BTreeMap<K, Decimal>, D::Error>
    where
        D: Deserializer<'de>,
        K: serde::Deserialize<'de> + Ord,
    {
        let values = <std::collections::BTreeMap<K, Exact> as serde::Deserialize>::deserialize(
            deserializer,
        )?;
        Ok(values.into_iter().map(|(k, Exact(v))| (k, v)).collect())
    }

    /// Deserializes a map of lists of [`Decimal`]s exactly; see [`deserialize`].
    ///
    /// # Errors
    ///
    /// As [`deserialize`], for the first number that cannot be read exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use rust_decimal::Decimal;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Capacity(
    ///     #[serde(deserialize_with = "folio_types::decimal::deserialize_map_vec")]
    ///     BTreeMap<String, Vec<Decimal>>,
    /// );
    ///
    /// let Capacity(c) = serde_json::from_str(r#"{"eng": [10, 12.5]}"#)?;
    /// assert_eq!(c["eng"], [Decimal::from(10), Decimal::new(125, 1)]);
    /// assert!(serde_json::from_str::<Capacity>(r#"{"eng": [1e-30]}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_map_vec<'de, D, K>(
        deserializer: D,
    ) -> Result<std::collections::BTreeMap<K, Vec<Decimal>>, D::Error>
    where
        D: Deserializer<'de>,
        K: serde::Deserialize<'de> + Ord,
    {
        let values =
            <std::collections::BTreeMap<K, Vec<Exact>> as serde::Deserialize>::deserialize(
                deserializer,
            )?;
        Ok(values
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|Exact(d)| d).collect()))
            .collect())
    }

    /// Deserializes an optional [`Decimal`] exactly: `null` is `None`; see
    /// [`deserialize`]. Pair it with `#[serde(default)]` when the field may be left out.
    ///
    /// # Errors
    ///
    /// As [`deserialize`].
    ///
    /// # Example
    ///
    /// ```
    /// use rust_decimal::Decimal;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Cap {
    ///     #[serde(default, deserialize_with = "folio_types::decimal::deserialize_option")]
    ///     limit: Option<Decimal>,
    /// }
    ///
    /// assert_eq!(serde_json::from_str::<Cap>("{}")?.limit, None);
    /// assert_eq!(serde_json::from_str::<Cap>(r#"{"limit":null}"#)?.limit, None);
    /// assert_eq!(serde_json::from_str::<Cap>(r#"{"limit":0.5}"#)?.limit, Some(Decimal::new(5, 1)));
    /// assert!(serde_json::from_str::<Cap>(r#"{"limit":1e-30}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        struct OptionVisitor;

        impl<'de> Visitor<'de> for OptionVisitor {
            type Value = Option<Decimal>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or a decimal number")
            }

            fn visit_none<E: de::Error>(self) -> Result<Option<Decimal>, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<Decimal>, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Option<Decimal>, D::Error> {
                deserialize(deserializer).map(Some)
            }
        }

        deserializer.deserialize_option(OptionVisitor)
    }
}

#[cfg(feature = "serde")]
pub(crate) use de::ExactDecimal;
#[cfg(feature = "serde")]
pub use de::{
    deserialize, deserialize_map, deserialize_map_vec, deserialize_option, deserialize_vec,
};

#[cfg(test)]
mod tests {

    #[test]
    fn percent_points_round_halves_away_from_zero() {
        let d = |text: &str| parse_exact(text).unwrap();
        for (fraction, places, shown) in [
            ("0.12345", 1, "12.3"),
            ("0.12355", 1, "12.4"),
            // 12.25 and 12.35: halves go away from zero, not to the even digit.
            ("0.1225", 1, "12.3"),
            ("0.1235", 1, "12.4"),
            ("-0.1225", 1, "-12.3"),
            ("-0.0005", 1, "-0.1"),
            // Below half a unit of the last place: zero, without a sign.
            ("-0.0004", 1, "0"),
            ("0.333333", 28, "33.3333"),
            ("1.5", 0, "150"),
            ("0.9", 2, "90"),
            ("0", 2, "0"),
        ] {
            assert_eq!(percent_points(d(fraction), places), shown, "{fraction}");
        }
    }

    #[test]
    fn percent_points_beyond_the_decimal_range_keep_their_digits() {
        // 79228162514264337593543950335 (Decimal::MAX) times 100.
        assert_eq!(
            percent_points(Decimal::MAX, 1),
            "7922816251426433759354395033500"
        );
        assert_eq!(
            percent_points(Decimal::MIN, 0),
            "-7922816251426433759354395033500"
        );
        // One place: 7922816251426433759354395033.5 times 100.
        assert_eq!(
            percent_points(parse_exact("7922816251426433759354395033.5").unwrap(), 2),
            "792281625142643375935439503350"
        );
        // The largest hundredfold that fits is still multiplied as usual.
        assert_eq!(
            percent_points(parse_exact("792281625142643375935439503.35").unwrap(), 1),
            "79228162514264337593543950335"
        );
        // Two or more places: the digits with the point moved.
        assert_eq!(
            hundredfold_text(Decimal::from_i128_with_scale(123_456, 3), 1),
            "12345.6"
        );
        assert_eq!(
            hundredfold_text(Decimal::from_i128_with_scale(-123_456, 4), 1),
            "-1234.6"
        );
    }
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn exact_text_table() {
        for (text, expected) in [
            ("0", "0"),
            ("-0", "0"),
            ("0.1", "0.1"),
            ("1.50", "1.50"),
            ("-12.345", "-12.345"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            ("1.5e-3", "0.0015"),
            ("25e-2", "0.25"),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            ("1e-28", "0.0000000000000000000000000001"),
            // Trailing zeros beyond 28 places are dropped: the value is unchanged.
            (
                "0.10000000000000000000000000000000",
                "0.1000000000000000000000000000",
            ),
            (
                "0.00000000000000000000000000000000",
                "0.0000000000000000000000000000",
            ),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            (
                "79228162514264337593543950335.000",
                "79228162514264337593543950335",
            ),
            (
                "7.9228162514264337593543950335",
                "7.9228162514264337593543950335",
            ),
            (
                "0.1234567890123456789012345678",
                "0.1234567890123456789012345678",
            ),
            ("007", "7"),
        ] {
            assert_eq!(parse_exact(text), Ok(d(expected)), "{text}");
            assert_eq!(parse_exact(text).unwrap().to_string(), expected, "{text}");
        }
    }

    #[test]
    fn inexact_text_is_an_error_never_rounded() {
        for text in [
            "1e-30",
            "0.000000000000000000000000000001",
            "0.00000000000000000000000000001",
            "0.12345678901234567890123456789",
            "79228162514264337593543950336",
            "792281625142643375935439503350",
            "1e29",
            "1e1000",
            "1e-1000",
            "1e99999999999999999999",
            "7.92281625142643375935439503351",
        ] {
            assert!(
                matches!(parse_exact(text), Err(Error::InexactNumber { .. })),
                "{text}: {:?}",
                parse_exact(text)
            );
        }
    }

    #[test]
    fn malformed_text_is_invalid() {
        for text in [
            "", " 1", "1 ", "+1", ".5", "5.", "1_0", "0x1", "1e", "e3", "1e+", "--1", "1.2.3",
            "NaN", "inf", "1,5", "50%",
        ] {
            assert!(
                matches!(parse_exact(text), Err(Error::InvalidNumber { .. })),
                "{text}: {:?}",
                parse_exact(text)
            );
        }
    }

    #[test]
    fn floats_with_at_most_15_digits_are_the_digits_written() {
        for (value, expected) in [
            (0.1, "0.1"),
            (0.7, "0.7"),
            (-2.5, "-2.5"),
            (1e20, "100000000000000000000"),
            (123_456_789.012_345, "123456789.012345"),
            (1e-28, "0.0000000000000000000000000001"),
        ] {
            assert_eq!(from_f64(value), Ok(d(expected)), "{value}");
        }
        for value in [
            1e-30,
            0.123_456_789_012_345_67,
            1.234_567_890_123_456_8e23,
            f64::NAN,
        ] {
            assert!(
                matches!(from_f64(value), Err(Error::InexactNumber { .. })),
                "{value}"
            );
        }
    }
}

#[cfg(test)]
// The tests work out their expected values with plain operators.
#[allow(clippy::arithmetic_side_effects)]
#[path = "decimal_strip_tests.rs"]
mod strip_tests;
