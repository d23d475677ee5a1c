//! The fixed-point arithmetic at its limits: mantissas of exactly `2^32`, `2^64` and
//! `2^96` (and one less), sums at the edge of a `u128`, products rounded past the
//! table of reciprocals (`10^20` and up). Each answer is checked against plain `Decimal`
//! arithmetic (digits and scale), against the term-by-term sum of [`product`]s the
//! rollup falls back to, or against a value worked out by hand.

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// `mantissa × 10^-scale`.
fn dec(mantissa: u128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(i128::try_from(mantissa).unwrap(), scale)
}

/// A decimal's digits and scale: `Decimal`'s `==` compares values only.
fn digits(value: Decimal) -> (i128, u32) {
    (value.mantissa(), value.scale())
}

/// `sum × 10^-scale / total` in plain `Decimal` division, without trailing zeros.
fn decimal_quotient(sum: u128, scale: u32, total: Decimal) -> Decimal {
    (dec(sum, scale) / total).normalize()
}

/// The pairs as the rollup hands them to [`uniform_sum`].
fn pairs(
    list: &[(Decimal, Decimal)],
) -> impl Iterator<Item = Option<(Weight, Progress)>> + Clone + '_ {
    list.iter()
        .map(|&(w, p)| Some((Weight::new(w).unwrap(), Progress::new(p).unwrap())))
}

/// The sum the rollup builds term by term at 20 places when [`uniform_sum`] declines.
fn term_by_term(list: &[(Decimal, Decimal)]) -> Option<u128> {
    list.iter()
        .try_fold(0u128, |sum, &(w, p)| sum.checked_add(product(w, p, 20)?))
}

/// The exact sum of `w × p` in `Decimal`, as a mantissa at 20 places (for sums whose
/// exact value has at most 20 places).
fn decimal_sum(list: &[(Decimal, Decimal)]) -> u128 {
    let mut sum = list.iter().fold(Decimal::ZERO, |sum, &(w, p)| sum + w * p);
    assert!(sum.scale() <= 20);
    sum.rescale(20);
    u128::try_from(sum.mantissa()).unwrap()
}

#[test]
fn a_quotient_of_exactly_2_to_the_96_units_takes_one_place_fewer() {
    // 2^95 × 10^-28 / 0.5 is 2^96 units at 28 places, one more than a mantissa holds:
    // 7.9228162514264337593543950336 is rounded to 27 places, ...0336 → ...034.
    let sum = 1u128 << 95;
    let got = quotient(sum, 28, d("0.5")).unwrap();
    assert_eq!(got.to_string(), "7.922816251426433759354395034");
    assert_eq!(digits(got), digits(decimal_quotient(sum, 28, d("0.5"))));
    // Through a prepared total: the same digits.
    let total = Total::new(d("0.5")).unwrap();
    assert_eq!(quotient_by(sum, 28, &total).map(digits), Some(digits(got)));
}

#[test]
fn a_quotient_of_2_to_the_96_minus_1_units_keeps_28_places() {
    let sum = (1u128 << 96) - 1;
    let got = quotient(sum, 28, d("1")).unwrap();
    assert_eq!(got.to_string(), "7.9228162514264337593543950335");
    assert_eq!(digits(got), digits(decimal_quotient(sum, 28, d("1"))));
    assert_eq!(digits(got), (i128::try_from(sum).unwrap(), 28));
}

#[test]
fn a_total_of_exactly_2_to_the_32_still_gives_up_places_on_overflow() {
    // 4 × 10^10 (at 20 places) over 2^32: the numerator at 28 places, 4 × 10^38,
    // overflows a `u128`; over a total of at most 2^32 that means the quotient needs
    // fewer places. 4 × 10^10 / 2^32 = 9.31322574615478515625 exactly.
    let sum = 4 * 10u128.pow(30);
    let total = dec(1 << 32, 0);
    let got = quotient(sum, 20, total).unwrap();
    assert_eq!(got.to_string(), "9.31322574615478515625");
    // (The sum's mantissa is too wide for a `Decimal` at 20 places; its value is 4 × 10^10.)
    let reference = (Decimal::from(40_000_000_000u64) / total).normalize();
    assert_eq!(digits(got), digits(reference));
    // One more and the total is above 2^32: the node goes to `Decimal` division.
    assert_eq!(quotient(sum, 20, dec((1 << 32) + 1, 0)), None);
}

#[test]
fn totals_below_2_to_the_64_are_prepared_and_divide_as_decimal_does() {
    // (sum at 20 places, total): the largest prepared mantissa, 2^64 - 1, at two scales,
    // and everyday totals.
    for (sum, total) in [
        (10u128.pow(20), "18446744073709551615"),
        (1, "1.8446744073709551615"),
        (1, "3"),
        (2, "0.07"),
    ] {
        let prepared = Total::new(d(total)).unwrap();
        let expected = digits(decimal_quotient(sum, 20, d(total)));
        assert_eq!(
            quotient_by(sum, 20, &prepared).map(digits),
            Some(expected),
            "{sum}e-20 / {total}"
        );
        assert_eq!(
            quotient(sum, 20, d(total)).map(digits),
            Some(expected),
            "{sum}e-20 / {total}"
        );
    }
    // 10^20 units / 18446744073709551615 = 5.42101086...e-20: 28 places.
    let prepared = Total::new(d("18446744073709551615")).unwrap();
    assert_eq!(
        quotient_by(10u128.pow(20), 20, &prepared).map(|q| q.to_string()),
        Some("0.0000000000000000000542101086".to_owned())
    );
    // A mantissa of 2^64 and up, zero and a negative total are not prepared.
    assert_eq!(Total::new(dec(1 << 64, 0)), None);
    assert_eq!(Total::new(Decimal::ZERO), None);
    assert_eq!(Total::new(d("-2")), None);
    // `quotient` divides by such a wide total as a `u128`: still `Decimal`'s digits.
    let wide = dec(1 << 64, 0);
    let sum = 1u128 << 64;
    assert_eq!(quotient(sum, 20, wide).map(digits), Some((1, 20)));
    assert_eq!(
        quotient(sum, 20, wide).map(digits),
        Some(digits(decimal_quotient(sum, 20, wide)))
    );
}

#[test]
fn products_rounded_by_10_to_the_20_and_more_round_half_up() {
    // (weight, value, expected units of 10^-20, whether `Decimal` holds the exact
    // product): the exact products have 21 to 56 places, so 1 to 36 are rounded away.
    let cases = [
        // 0.5 × 10^-20: exactly half a unit, rounded up (19, 20 and 36 places away).
        (dec(5 * 10u128.pow(18), 19), dec(1, 20), 1u128, true),
        (dec(5 * 10u128.pow(19), 20), dec(1, 20), 1, true),
        (dec(5 * 10u128.pow(27), 28), dec(10u128.pow(8), 28), 1, true),
        // Just below half a unit (39 and 40 places): rounded down.
        (dec(4_999_999_999_999_999_999, 19), dec(1, 20), 0, false),
        (dec(49_999_999_999_999_999_999, 20), dec(1, 20), 0, false),
        // 1.5 units up to 2, 7.25 down to 7, 7.5 up to 8.
        (dec(15 * 10u128.pow(19), 20), dec(1, 20), 2, true),
        (dec(725 * 10u128.pow(18), 20), dec(1, 20), 7, true),
        (dec(3, 0), dec(25, 21), 8, true),
    ];
    for (w, p, expected, exact) in cases {
        assert_eq!(product(w, p, 20), Some(expected), "{w} × {p}");
        if exact {
            // `Decimal`'s exact product, rescaled half away from zero: the same units.
            let mut rescaled = w.checked_mul(p).unwrap().normalize();
            rescaled.rescale(20);
            assert_eq!(
                u128::try_from(rescaled.mantissa()).unwrap(),
                expected,
                "{w} × {p}"
            );
        }
    }
}

#[test]
fn uniform_sums_at_one_scale_reach_2_to_the_64_minus_1() {
    let largest = u128::from(u64::MAX);
    // Weights at 2 places and values at 4: 1.50 × 0.6250 + 0.25 × 0.0001.
    let small = [(d("1.50"), d("0.6250")), (d("0.25"), d("0.0001"))];
    assert_eq!(
        uniform_sum(pairs(&small), 20),
        Some(93_752_500_000_000_000_000)
    );
    assert_eq!(uniform_sum(pairs(&small), 20), Some(decimal_sum(&small)));
    // The largest mantissas of this shape at 10 places each: the product is
    // (2^64 - 1)^2 units, which fits.
    let one = [(dec(largest, 10), dec(largest, 10))];
    assert_eq!(uniform_sum(pairs(&one), 20), Some(largest * largest));
    assert_eq!(uniform_sum(pairs(&one), 20), term_by_term(&one));
    // Two of them do not fit a `u128`: no sum, as term by term.
    let two = [one[0]; 2];
    assert_eq!(term_by_term(&two), None);
    assert_eq!(uniform_sum(pairs(&two), 20), None);
    // Nor does one scaled up by 10^14 (weights at 2 places, values at 4).
    let scaled = [(dec(largest, 2), dec(largest, 4))];
    assert_eq!(term_by_term(&scaled), None);
    assert_eq!(uniform_sum(pairs(&scaled), 20), None);
}

#[test]
fn uniform_sums_decline_other_scales_and_wide_mantissas() {
    let first = (d("0.03"), d("0.0007"));
    // Each second pair leaves the shape (a scale of its own, or a mantissa of 2^64 or
    // more, where the low 64 bits alone would give a wrong term): the rollup then
    // sums term by term.
    let odd = [
        // Weight and value each one place off: 3 and 5 against 2 and 4.
        (d("0.003"), d("0.00007")),
        (d("0.030"), d("0.0007")),
        (d("0.03"), d("0.00070")),
        // A value's mantissa of 2^64 + 7, at a scale one off.
        (d("0.03"), dec((1 << 64) + 7, 5)),
        (d("0.03"), dec((1 << 64) + 7, 4)),
        // A weight's and a value's mantissa above 2^64.
        (dec((1 << 64) + 3, 2), dec((1 << 64) + 7, 4)),
        (dec((1 << 64) + 3, 3), d("0.0007")),
        (dec((1 << 64) + 3, 2), d("0.0007")),
    ];
    for second in odd {
        let list = [first, second];
        assert_eq!(uniform_sum(pairs(&list), 20), None, "{second:?}");
    }
    // At one scale it answers, with the exact sum.
    let list = [first, (d("0.05"), d("0.0011"))];
    assert_eq!(uniform_sum(pairs(&list), 20), Some(decimal_sum(&list)));
    assert_eq!(decimal_sum(&list), 7_600_000_000_000_000);
}

#[test]
fn rounded_uniform_sums_take_weights_up_to_2_to_the_32_minus_1() {
    // 1.50 × 0.3333333333333333333333333333 = 0.49999999999999999999999999995, which is
    // 0.50000000000000000000 at 20 places; 0.25 × 10^-28 rounds to nothing.
    let third = dec(3_333_333_333_333_333_333_333_333_333, 28);
    let list = [(d("1.50"), third), (d("0.25"), dec(1, 28))];
    assert_eq!(uniform_sum(pairs(&list), 20), Some(5 * 10u128.pow(19)));
    assert_eq!(uniform_sum(pairs(&list), 20), term_by_term(&list));
    // The widest weight the shape takes, 2^32 - 1, under the widest value.
    let edge = [(dec((1 << 32) - 1, 2), dec((1 << 96) - 1, 28))];
    assert!(term_by_term(&edge).is_some());
    assert_eq!(uniform_sum(pairs(&edge), 20), term_by_term(&edge));
    // A weight of 2^32 and more is declined, whether its product would fit or wrap,
    // and one of 2^64 + 2^33 (both its high bits and its low 64 bits too wide).
    for w in [1u128 << 32, 1 << 40, (1 << 64) - 1, (1 << 64) + (1 << 33)] {
        for p in [dec(1, 28), dec(1 << 95, 28)] {
            let list = [(d("1.50"), third), (dec(w, 2), p)];
            assert_eq!(uniform_sum(pairs(&list), 20), None, "{w} × {p}");
        }
    }
}

#[test]
fn rounded_uniform_sums_decline_weights_at_other_scales() {
    let first = (d("1.50"), dec(3_333_333_333_333_333_333_333_333_333, 28));
    // Weights at 3 places under a first at 2: narrow, wider than 2^32, or with a
    // mantissa of 2^64 + 5 (whose low 64 bits are narrow).
    for w in [dec(5, 3), dec(1 << 33, 3), dec((1 << 64) + 5, 3)] {
        let list = [first, (w, dec(7, 28))];
        assert_eq!(uniform_sum(pairs(&list), 20), None, "{w}");
    }
}

#[test]
fn rounded_uniform_sums_at_the_edge_of_a_u128() {
    // Each term (2^32 - 1) × (2^96 - 1) × 10^-21 is about 3.4 × 10^37 units of 10^-20:
    // ten fit a `u128`, eleven do not.
    let pair = (dec((1 << 32) - 1, 0), dec((1 << 96) - 1, 21));
    let ten = [pair; 10];
    let sum = term_by_term(&ten).unwrap();
    assert_eq!(uniform_sum(pairs(&ten), 20), Some(sum));
    // The term, worked out: (2^128 - 2^96 - 2^32 + 1) / 10 rounded half up.
    let exact = u128::MAX - (1 << 96) - (1 << 32) + 2;
    assert_eq!(sum, 10 * ((exact + 5) / 10));
    let eleven = [pair; 11];
    assert_eq!(term_by_term(&eleven), None);
    assert_eq!(uniform_sum(pairs(&eleven), 20), None);
}
