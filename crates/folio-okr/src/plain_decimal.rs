//! The plain decimals of a large file (weights and progress), read without the general
//! parser's work.
//!
//! `folio_types` reads a bounded number's text exactly (`parse_exact`): it collects the
//! significant digits into a `String`, and handles signs, exponents, trailing zeros and
//! 29-digit coefficients. A loader reads a million such fields, nearly all of them short
//! unsigned decimals like `2.5` or `0.8125`. For those, [`plain`] computes the same
//! `Decimal` (the same coefficient and the same scale) in one pass over the bytes, and
//! declines everything else, which the caller then reads the general way, so that every
//! other text (and every error) is exactly what it was.

use folio_types::Decimal;

/// The most digits [`plain`] reads: their value fits a `u64` without overflow.
const MAX_DIGITS: usize = 18;

/// `text` as the `Decimal` that `folio_types` reads from it, when it is an unsigned
/// plain decimal (digits, then optionally a dot and digits) of at most 18 digits: the
/// coefficient of its digits at the scale of its written fraction, leading zeros
/// dropped, trailing zeros kept. `None` for any other text.
pub(crate) fn plain(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.len() > MAX_DIGITS.saturating_add(1) {
        return None;
    }
    // The digits before a dot, then those after it: two tight loops, no test for the
    // dot in each byte.
    let mut coefficient: u64 = 0;
    let mut at = 0usize;
    while let Some(&b) = bytes.get(at) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        coefficient = coefficient.checked_mul(10)?.checked_add(u64::from(digit))?;
        at = at.saturating_add(1);
    }
    if at == 0 {
        return None;
    }
    let scale = match bytes.get(at..)? {
        // Digits alone: at most 18 of them.
        [] if at <= MAX_DIGITS => 0,
        // A dot and at least one digit (at most 18 digits in all, as the text has at
        // most 19 bytes).
        [b'.', fraction @ ..] if !fraction.is_empty() => {
            for &b in fraction {
                let digit = b.wrapping_sub(b'0');
                if digit > 9 {
                    return None;
                }
                coefficient = coefficient.checked_mul(10)?.checked_add(u64::from(digit))?;
            }
            fraction.len()
        }
        _ => return None,
    };
    let scale = u32::try_from(scale).ok()?;
    Decimal::try_from_i128_with_scale(i128::from(coefficient), scale).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use folio_types::{Progress, Weight};
    use proptest::prelude::*;

    use super::*;

    /// `plain` agrees with the general reading: the same coefficient and scale.
    fn agrees(text: &str) {
        if let Some(fast) = plain(text) {
            let exact = folio_types::decimal::parse_exact(text).unwrap();
            assert_eq!(
                (fast.mantissa(), fast.scale()),
                (exact.mantissa(), exact.scale()),
                "{text}"
            );
            assert_eq!(
                Weight::new(fast).ok(),
                text.parse::<Weight>().ok(),
                "{text}"
            );
            assert_eq!(
                Progress::new(fast).ok(),
                text.parse::<Progress>().ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn plain_decimals_are_read_as_the_general_reader_reads_them() {
        let cases = [
            ("0", Some((0, 0))),
            ("0.000", Some((0, 3))),
            ("007.50", Some((750, 2))),
            ("2.5", Some((25, 1))),
            ("10", Some((10, 0))),
            ("0.8125", Some((8125, 4))),
            ("999999999999999999", Some((999_999_999_999_999_999, 0))),
            ("0.00000000000000001", Some((1, 17))),
        ];
        for (text, expected) in cases {
            assert_eq!(
                plain(text).map(|d| (d.mantissa(), d.scale())),
                expected,
                "{text}"
            );
            agrees(text);
        }
        // Declined: the general reader decides (and names the error).
        for text in [
            "",
            ".",
            "1.",
            ".5",
            "-1",
            "+1",
            "1e2",
            "1.2.3",
            " 1",
            "1 ",
            "1_0",
            "0x1",
            // Nineteen digits.
            "1000000000000000000",
            "0.000000000000000001",
            "99999999999999999999",
        ] {
            assert_eq!(plain(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn plain_agrees_with_the_general_reader(text in "[0-9]{0,12}(\\.[0-9]{0,10})?") {
            agrees(&text);
            // Every such text with digits on each side of any dot is taken.
            let taken = !text.is_empty() && !text.starts_with('.') && !text.ends_with('.')
                && text.bytes().filter(u8::is_ascii_digit).count() <= MAX_DIGITS;
            prop_assert_eq!(plain(&text).is_some(), taken, "{}", text);
        }

        #[test]
        fn plain_declines_or_agrees_on_any_text(text in "[-+0-9.eE_ ]{0,22}") {
            agrees(&text);
        }
    }
}
