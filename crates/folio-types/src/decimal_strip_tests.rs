//! The tests of [`strip_trailing_zeros`]: for the parts of a [`Decimal`] against
//! [`Decimal::normalize`] (every count of trailing zeros at every scale, and as a
//! property), and beyond them (mantissas up to `u128::MAX`, scales above 28) against
//! the plain loop that divides by ten while the last digit is zero and the scale allows.

use proptest::prelude::*;

use super::*;

/// The largest mantissa of a [`Decimal`].
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// `mantissa` at `scale` against `Decimal::normalize`: the same mantissa and scale.
fn check_normalize(mantissa: u128, scale: u32) {
    let normal =
        Decimal::from_i128_with_scale(i128::try_from(mantissa).unwrap(), scale).normalize();
    assert_eq!(
        strip_trailing_zeros(mantissa, scale),
        (normal.mantissa().unsigned_abs(), normal.scale()),
        "{mantissa} at scale {scale}"
    );
}

/// Divides by ten while the last digit is zero and the scale is above zero.
fn naive(mut mantissa: u128, mut scale: u32) -> (u128, u32) {
    while mantissa % 10 == 0 && scale > 0 {
        mantissa /= 10;
        scale -= 1;
    }
    (mantissa, scale)
}

#[test]
fn steps_hold_inverses_and_bounds() {
    assert_eq!(INVERSE_OF_5.wrapping_mul(5), 1);
    assert_eq!(INVERSE_OF_5_MOD_2_64.wrapping_mul(5), 1);
    for (places, low_bits, inverse, most) in STRIP_STEPS {
        let five = 5u128.pow(places);
        assert_eq!(u128::from(low_bits), (1u128 << places) - 1, "2^{places}");
        assert_eq!(five.wrapping_mul(inverse), 1, "5^{places}");
        assert_eq!(most, u128::MAX / five, "5^{places}");
    }
    // The steps cover every trailing zero a nonzero `u128` can have after the first
    // place (38 in all: 10^38 < 2^128 < 10^39).
    let covered: u32 = STRIP_STEPS.iter().map(|&(places, ..)| places).sum();
    assert!(1 + covered >= 38);
    assert!(10u128.checked_pow(38).is_some() && 10u128.checked_pow(39).is_none());
}

#[test]
fn every_count_of_zeros_at_every_scale_is_normalize() {
    // Mantissas odd and even, multiples of 2 or 5 only, with halves that carry when
    // folded (`11 · 2^64 − 6`), multiples of `2^16 · 5^16` and neighbours that miss a
    // step, near 2^96; each times every power of ten from 0 to 28 that stays within 96
    // bits, and zero, at every scale from 0 to 28.
    let bases = [
        1u128,
        2,
        3,
        5,
        7,
        9,
        25,
        64,
        125,
        1 << 20,
        9_765_625,
        123_456_789,
        (1 << 64) - 1,
        1 << 64,
        (1 << 64) + 4,
        u128::from(u64::MAX) * 5,
        11 * (1 << 64) - 6,
        5u128.pow(16) << 16,
        5u128.pow(17) << 16,
        5u128.pow(16) << 15,
        1 << 95,
    ];
    for zeros in 0u32..=28 {
        let unit = 10u128.pow(zeros);
        let top = MAX_MANTISSA / unit;
        let mut mantissas: Vec<u128> = bases
            .iter()
            .chain(&[top, top - 1, top - top % 10 + 1])
            .filter_map(|&b| b.checked_mul(unit))
            .filter(|&m| m <= MAX_MANTISSA)
            .collect();
        mantissas.push(0);
        for mantissa in mantissas {
            for scale in 0u32..=28 {
                check_normalize(mantissa, scale);
            }
        }
    }
    for mantissa in [MAX_MANTISSA, MAX_MANTISSA - 5, MAX_MANTISSA / 10 * 10] {
        for scale in 0u32..=28 {
            check_normalize(mantissa, scale);
        }
    }
}

#[test]
fn beyond_a_decimal_is_the_plain_loop() {
    // Mantissas above 2^96 with up to 38 trailing zeros, and scales above 28 (which a
    // `Decimal` cannot have), against the loop; zero at any scale is (0, 0).
    let mut mantissas = vec![
        u128::MAX,
        u128::MAX - 5,
        u128::MAX / 10 * 10,
        1 << 127,
        1 << 96,
        5u128.pow(55),
        5u128.pow(32) << 32,
        5u128.pow(32) << 31,
        5u128.pow(33) << 32,
        (1 << 64) * 10,
    ];
    for zeros in 0u32..=38 {
        let unit = 10u128.pow(zeros);
        for digits in [1u128, 3, 7, 9, u128::MAX / unit, u128::MAX / unit - 1] {
            mantissas.extend(digits.checked_mul(unit));
        }
    }
    for &mantissa in &mantissas {
        for scale in (0u32..=70).chain([100, 1_000, u32::MAX - 1, u32::MAX]) {
            assert_eq!(
                strip_trailing_zeros(mantissa, scale),
                naive(mantissa, scale),
                "{mantissa} at scale {scale}"
            );
        }
    }
    for (scale, expected) in [(0, (0, 0)), (1, (0, 0)), (64, (0, 0)), (65, (0, 0))] {
        assert_eq!(
            strip_trailing_zeros(0, scale),
            expected,
            "0 at scale {scale}"
        );
        assert_eq!(naive(0, scale), expected, "0 at scale {scale}");
    }
    for scale in [100, 1_000, u32::MAX] {
        assert_eq!(strip_trailing_zeros(0, scale), (0, 0), "0 at scale {scale}");
    }
    // Every power of ten a `u128` holds, at its own scale and past it.
    for zeros in 0u32..=38 {
        let unit = 10u128.pow(zeros);
        assert_eq!(strip_trailing_zeros(unit, zeros), (1, 0), "10^{zeros}");
        assert_eq!(
            strip_trailing_zeros(unit, 40),
            (1, 40 - zeros),
            "10^{zeros}"
        );
    }
}

proptest! {
    #[test]
    fn stripping_is_normalize(
        (bits, width, zeros) in (any::<u128>(), 0u32..=96, 0u32..=30),
        scale in 0u32..=28,
    ) {
        // A mantissa of any width times `10^zeros` where that stays within 96 bits,
        // so that runs of trailing zeros of every length come up.
        let m = if width == 0 { 0 } else { bits >> (128 - width) };
        let m = m.checked_mul(10u128.pow(zeros)).filter(|&v| v <= MAX_MANTISSA).unwrap_or(m);
        let normal = Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), scale).normalize();
        prop_assert_eq!(
            strip_trailing_zeros(m, scale),
            (normal.mantissa().unsigned_abs(), normal.scale())
        );
    }

    #[test]
    fn stripping_any_u128_is_the_plain_loop(
        (bits, width, zeros) in (any::<u128>(), 1u32..=128, 0u32..=38),
        scale in prop_oneof![0u32..=80, any::<u32>()],
    ) {
        // Any nonzero width, times `10^zeros` where that still fits a `u128`.
        let m = (bits >> (128 - width)).max(1);
        let m = m.checked_mul(10u128.pow(zeros)).unwrap_or(m);
        prop_assert_eq!(strip_trailing_zeros(m, scale), naive(m, scale));
    }
}
