//! The fast paths of `math` against the straightforward `rust_decimal` computation:
//! the same value, scale and sign, digit for digit.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{div, div_rem, div_round_score, mul, mul_share, reference_round_score, round_score};

fn same(value: Decimal) {
    let fast = round_score(value);
    let reference = reference_round_score(value);
    assert_eq!(fast.to_string(), reference.to_string(), "{value}");
    assert_eq!(fast.scale(), reference.scale(), "{value}");
    assert_eq!(fast.mantissa(), reference.mantissa(), "{value}");
    assert_eq!(
        fast.is_sign_negative(),
        reference.is_sign_negative(),
        "{value}"
    );
}

/// Any decimal: a mantissa of up to 96 bits and any scale.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<u128>(), 0u32..=28, any::<bool>(), 0u32..=96).prop_map(
        |(bits, scale, negative, width)| {
            let mantissa = if width == 0 { 0 } else { bits >> (128 - width) };
            let mantissa = i128::try_from(mantissa).unwrap();
            Decimal::from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
        },
    )
}

/// A score-like decimal: a weighted mean of ratings, 1 to 5, as a 28-digit quotient.
fn score_like() -> impl Strategy<Value = Decimal> {
    (1u64..=50_000, 1u64..=10_000)
        .prop_map(|(numerator, denominator)| Decimal::from(numerator) / Decimal::from(denominator))
}

#[test]
fn edges_round_the_same() {
    for text in [
        "0",
        "-0.00001",
        "0.00005",
        "-0.00005",
        "0.000049999",
        "3.45675",
        "3.45665",
        "2.5000",
        "1",
        "4.00000000000000000000000001",
        "3.9999999999999999999999999",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "7.9228162514264337593543950335",
        "0.0000000000000000000000000001",
        "-0.0000000000000000000000000001",
        "0.0000500000000000000000000000",
    ] {
        same(text.parse().unwrap());
    }
    same(Decimal::MAX);
    same(Decimal::MIN);
    same(Decimal::from_i128_with_scale(-5, 5));
    same(Decimal::from_i128_with_scale(0, 9).set_sign_negative_copy());
}

trait NegativeCopy {
    fn set_sign_negative_copy(self) -> Self;
}

impl NegativeCopy for Decimal {
    fn set_sign_negative_copy(mut self) -> Self {
        self.set_sign_negative(true);
        self
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn rounding_matches_the_reference(value in any_decimal()) {
        same(value);
    }

    #[test]
    fn rounding_of_quotients_matches_the_reference(value in score_like()) {
        same(value);
    }
}

/// A weighted sum and a sum of weights as scoring builds them: mantissas of a few to
/// many digits, scales 0 to 28, sometimes zero or negative.
fn operand() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..=100_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
        (0u64..=u64::MAX, 0u32..=28)
            .prop_map(|(m, s)| Decimal::from_i128_with_scale(i128::from(m), s)),
        any_decimal(),
    ]
}

fn same_quotient(a: Decimal, b: Decimal) {
    let fast = div_round_score(a, b, "test");
    let reference = div(a, b, "test").map(reference_round_score);
    match (fast, reference) {
        (Ok(fast), Ok(reference)) => {
            assert_eq!(fast.to_string(), reference.to_string(), "{a} / {b}");
            assert_eq!(fast.scale(), reference.scale(), "{a} / {b}");
            assert_eq!(fast.mantissa(), reference.mantissa(), "{a} / {b}");
        }
        (fast, reference) => assert_eq!(fast, reference, "{a} / {b}"),
    }
}

#[test]
fn quotient_edges_round_the_same() {
    for (a, b) in [
        ("0", "1"),
        ("1", "0"),
        ("12", "3"),
        ("10", "4"),
        ("2.00005", "1"),
        ("2.000049999", "1"),
        ("1", "3"),
        ("2", "3"),
        ("5", "3"),
        ("14.5", "4.0"),
        ("0.00015", "0.0001"),
        ("99999999999999999999", "1"),
        ("1", "99999999999999999999"),
        ("79228162514264337593543950335", "3"),
        ("-3", "2"),
        ("3", "-2"),
        // Just below a midpoint by less than the division's own rounding: the exact
        // quotient 0.00005 - 2.5e-32 rounds to 0, but the division keeps 28 decimal
        // places, lands on 0.00005 and then rounds up to 0.0001. Its denominator
        // (2e27 + 1) is past `LIMIT`, which is why the integer path must not take it.
        ("1", "20000.00000000000000000000001"),
        // The same beyond 100: `a / b` = 99999.99995 - 5e-25 with the denominator
        // 1e20 - 1 just inside `LIMIT`, but five integer digits leave the division 23
        // decimal places, so it lands on the midpoint and rounds up to 100000.
        ("9999999994999999999900000", "99999999999999999999"),
    ] {
        same_quotient(a.parse().unwrap(), b.parse().unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn rounded_quotients_match_the_reference(a in operand(), b in operand()) {
        same_quotient(a, b);
    }

    #[test]
    fn rounded_weighted_means_match_the_reference(
        terms in proptest::collection::vec((1i64..=50, 0u32..=2, 1i64..=1_000, 0u32..=3), 1..=6),
    ) {
        // Σ w · r and Σ w, as a dimension's score divides them.
        let mut weighted = Decimal::ZERO;
        let mut weights = Decimal::ZERO;
        for (r, rs, w, ws) in terms {
            let (r, w) = (Decimal::new(r, rs), Decimal::new(w, ws));
            weighted += w * r;
            weights += w;
        }
        same_quotient(weighted, weights);
    }
}

fn same_product(a: Decimal, b: Decimal) {
    let fast = mul_share(a, b, "test");
    let reference = mul(a, b, "test");
    match (fast, reference) {
        (Ok(fast), Ok(reference)) => {
            assert_eq!(fast.to_string(), reference.to_string(), "{a} * {b}");
            assert_eq!(
                (fast.mantissa(), fast.scale(), fast.is_sign_negative()),
                (
                    reference.mantissa(),
                    reference.scale(),
                    reference.is_sign_negative()
                ),
                "{a} * {b}"
            );
        }
        (fast, reference) => assert_eq!(fast, reference, "{a} * {b}"),
    }
}

/// A rounded score as the second factor: up to four decimals, 1 to 5; sometimes any
/// decimal with a 32-bit mantissa, sometimes any decimal at all.
fn score_factor() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (10_000i64..=50_000).prop_map(|q| Decimal::new(q, 4).normalize()),
        (0u32..=u32::MAX, 0u32..=28).prop_map(|(m, s)| Decimal::new(i64::from(m), s)),
        any_decimal(),
    ]
}

#[test]
fn product_edges_round_the_same() {
    for (a, b) in [
        ("0.3333333333333333333333333333", "4.1234"),
        ("0.6666666666666666666666666667", "3.5"),
        ("0.1428571428571428571428571429", "5"),
        ("0.5", "2.5"),
        ("0", "3"),
        ("3", "0"),
        ("-0.5", "3"),
        ("0.5", "-3"),
        // Products just past 96 bits, and rounding ties to even on both sides.
        ("79228162514264337593543950335", "2"),
        ("7.9228162514264337593543950335", "4294967295"),
        ("79228162514264337593543950335", "4294967295"),
        ("0.0000000000000000000000000025", "0.2"),
        ("0.0000000000000000000000000035", "0.2"),
        (
            "0.0000000000000000000000000025",
            "0.0000000000000000000000000001",
        ),
        ("0.0000000001", "0.00000000000000000001"),
        // A quotient that rounds up to exactly 2^96: (2^96 - 1) · 10 + 6 = 12 · m.
        ("6602346876188694799461995861.3", "12"),
        ("660234687618869479946199586.13", "12"),
        ("39614081257132168796771975168", "2"),
        // Two 32-bit mantissas beyond 47 decimals: a zero of scale 0.
        ("0.0000000000000000000000000001", "0.00000000000000000001"),
        ("0.0000000000000000000000000001", "0.0000000000000000001"),
    ] {
        same_product(a.parse().unwrap(), b.parse().unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn products_match_the_reference(a in any_decimal(), b in score_factor()) {
        same_product(a, b);
    }

    #[test]
    fn shares_times_scores_match_the_reference(
        numerator in 1u64..=1_000_000,
        denominator in 1u64..=1_000_000,
        q in 10_000i64..=50_000,
    ) {
        // A share as a 28-digit quotient, times a rounded score.
        let share = Decimal::from(numerator.min(denominator)) / Decimal::from(denominator);
        same_product(share, Decimal::new(q, 4).normalize());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn long_division_matches_u128(n in any::<u128>(), d in 1u128..=u128::from(u32::MAX), k in 0usize..=9) {
        prop_assert_eq!(div_rem(n, d), Some((n / d, n % d)));
        let unit = 10u128.pow(u32::try_from(k).unwrap());
        prop_assert_eq!(div_rem(n, unit), Some((n / unit, n % unit)));
    }
}

#[test]
fn long_division_refuses_what_it_cannot_do() {
    assert_eq!(div_rem(1, 0), None);
    assert_eq!(div_rem(1, 1 << 32), None);
    assert_eq!(
        div_rem(u128::MAX, u128::from(u32::MAX)),
        Some((u128::MAX / u128::from(u32::MAX), 0))
    );
}
