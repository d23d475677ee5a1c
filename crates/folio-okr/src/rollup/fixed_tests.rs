//! The tests of the fixed-point arithmetic. First at its limits: mantissas of exactly
//! `2^32`, `2^64` and `2^96` (and one less), sums at the edge of a `u128`, products
//! rounded past the table of reciprocals (`10^20` and up); then each operation as a
//! worked example and a property test. Each answer is checked against plain `Decimal`
//! arithmetic (digits and scale), against plain `u128` operators, against the
//! term-by-term sum of [`product`]s the rollup falls back to, or against a value worked
//! out by hand.

use proptest::strategy::Strategy as _;

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

#[test]
fn products_round_half_up_past_the_scale() {
    let cases = [
        ("3", "0.8", 20, Some(240_000_000_000_000_000_000u128)),
        ("0.5", "0.3", 1, Some(2)),
        ("0.5", "0.1", 1, Some(1)),
        ("0.25", "0.1", 2, Some(3)),
        ("-1", "1", 2, None),
    ];
    for (w, p, scale, expected) in cases {
        assert_eq!(product(d(w), d(p), scale), expected, "{w} × {p}");
    }
}

#[test]
fn divisors_divide_as_u128_division_does() {
    let divisors = [
        1u64,
        2,
        3,
        7,
        10,
        400,
        2_347,
        9_765_625,
        10_000_000_000,
        (1 << 32) - 1,
        1 << 32,
        (1 << 63) - 1,
        1 << 63,
        (1 << 63) + 1,
        u64::MAX - 1,
        u64::MAX,
    ];
    let dividends = [
        0u128,
        1,
        9,
        10,
        u128::from(u64::MAX),
        u128::from(u64::MAX) + 1,
        12_345_678_901_234_567_890_123_456_789,
        1 << 96,
        (1 << 127) - 1,
        1 << 127,
        u128::MAX - 1,
        u128::MAX,
    ];
    for d in divisors {
        let divisor = Divisor::new(d).unwrap();
        assert_eq!(divisor.get(), d);
        for n in dividends {
            for n in [
                n,
                n.wrapping_mul(u128::from(d)),
                n / u128::from(d) * u128::from(d),
            ] {
                let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
                assert_eq!(divisor.div_rem(n), expected, "{n} / {d}");
            }
        }
    }
    assert_eq!(Divisor::new(0), None);
    for (i, divisor) in POW10_DIVISORS.iter().enumerate() {
        assert_eq!(
            divisor.map(|d| u128::from(d.get())),
            pow10(u32::try_from(i).unwrap())
        );
    }
}

#[test]
fn a_prepared_total_holds_24_bytes() {
    assert_eq!(std::mem::size_of::<Total>(), 24);
    assert_eq!(std::mem::size_of::<Option<Total>>(), 24);
}

#[test]
fn thresholds_compare_as_decimal_does() {
    let values = [
        "0",
        "-0",
        "-0.5",
        "1",
        "1.0000",
        "0.9999",
        "1.2",
        "0.7",
        "0.70",
        "0.69",
        "0.6999999999999999999999999999",
        "79228162514264337593543950335",
        "7.9228162514264337593543950335",
        "0.0000000000000000000000000001",
    ];
    for t in [
        "1",
        "0.7",
        "0.70",
        "1.5",
        "0.0000000000000000000000000001",
        "0",
        "79228162514264337593543950335",
        "123.456",
    ] {
        let threshold = Threshold::new(d(t)).unwrap();
        for v in values {
            // A negative value is not a progress; "-0" is.
            if let Ok(progress) = Progress::new(d(v)) {
                assert_eq!(
                    threshold.reached_by_progress(progress),
                    d(v) >= d(t),
                    "progress {v} >= {t}"
                );
            }
        }
    }
    assert_eq!(Threshold::new(d("-1")), None);
}

/// A mantissa near the limits the uniform-scale sum tests: small, around `2^32`,
/// around `2^64`, up to `2^96 - 1`.
fn mantissa() -> impl proptest::strategy::Strategy<Value = u128> {
    proptest::prop_oneof![
        4 => 0u128..100_000,
        1 => ((1u128 << 32) - 3)..((1u128 << 32) + 3),
        1 => ((1u128 << 64) - 3)..((1u128 << 64) + 3),
        1 => 0u128..(1 << 96),
        1 => proptest::strategy::Just((1u128 << 96) - 1),
    ]
    .prop_map(|m| m.min((1 << 96) - 1))
}

/// A pair of a weight and a value: usually at the node's two scales, sometimes at
/// another scale or negative zero, which leave the uniform sum.
fn pair(ws: u32, ps: u32) -> impl proptest::strategy::Strategy<Value = (Decimal, Decimal)> {
    (mantissa(), mantissa(), 0u32..20, 0u32..=28).prop_map(move |(w, p, odd, other)| {
        let (ws, ps) = match odd {
            0 => (other, ps),
            1 => (ws, other),
            _ => (ws, ps),
        };
        let w = Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), ws);
        let mut p = Decimal::from_i128_with_scale(i128::try_from(p).unwrap(), ps);
        if odd == 2 && p.is_zero() {
            p.set_sign_negative(true);
        }
        (w, p)
    })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

    #[test]
    fn uniform_sums_equal_the_sum_of_products(
        // Half the cases at a weight's 2 places and a quotient's 28, the shape the
        // sum divides by a constant.
        pairs in proptest::prop_oneof![
            (0u32..=28, 0u32..=28),
            proptest::strategy::Just((2u32, 28u32)),
        ]
        .prop_flat_map(|(ws, ps)| {
            proptest::collection::vec(pair(ws, ps), 1..12)
        }),
    ) {
        // The term-by-term sum the sweep builds without the shortcut.
        let terms = pairs
            .iter()
            .try_fold(0u128, |sum, &(w, p)| sum.checked_add(product(w, p, 20)?));
        let uniform = uniform_sum(
            pairs.iter().map(|&(w, p)| Some((Weight::new(w).unwrap(), Progress::new(p).unwrap()))),
            20,
        );
        // Wherever the shortcut answers, it is the term-by-term sum.
        if let Some(sum) = uniform {
            proptest::prop_assert_eq!(Some(sum), terms);
        }
        // And it answers wherever the scales are uniform and the mantissas within its
        // limits, unless the sum itself does not fit.
        let (w0, p0) = pairs[0];
        let uniform_scales = pairs.iter().all(|(w, p)| {
            w.scale() == w0.scale() && p.scale() == p0.scale()
                && !w.is_sign_negative() && !p.is_sign_negative()
        });
        let rounded = w0.scale() + p0.scale() > 20;
        let within = pairs.iter().all(|(w, p)| {
            let (w, p) = (w.mantissa().unsigned_abs(), p.mantissa().unsigned_abs());
            if rounded { w < 1 << 32 } else { w < 1 << 64 && p < 1 << 64 }
        });
        if uniform_scales && within && w0.scale() + p0.scale() <= 39 {
            proptest::prop_assert_eq!(uniform, terms);
        }
    }
}

proptest::proptest! {
    #[test]
    fn thresholds_compare_any_decimals(
        v in 0u128..(1 << 96), vs in 0u32..=28, t in 0u128..(1 << 96), ts in 0u32..=28,
    ) {
        let v = Decimal::from_i128_with_scale(i128::try_from(v).unwrap(), vs);
        let t = Decimal::from_i128_with_scale(i128::try_from(t).unwrap(), ts);
        let progress = Progress::new(v).unwrap();
        proptest::prop_assert_eq!(
            Threshold::new(t).unwrap().reached_by_progress(progress),
            progress.value() >= t
        );
    }

    #[test]
    fn hit_tables_count_as_decimal_comparisons_do(
        values in proptest::collection::vec(
            (0u128..(1 << 96), 0u32..=28, 0u8..8),
            1..24,
        ),
        members in proptest::collection::vec(0u32..26, 0..32),
        t in 1u128..(1 << 96), ts in 0u32..=28,
    ) {
        // Values of any digits and scale: a few mantissas small, so that they meet a
        // threshold at another scale; a few the threshold itself, at its scale or
        // with trailing zeros at a larger one (equal, so a hit), or one unit of its
        // last place below it (a miss); a few negative zeros. Members in any order,
        // repeated, some past the end.
        let threshold = Decimal::from_i128_with_scale(i128::try_from(t).unwrap(), ts);
        let values: Vec<Progress> = values
            .into_iter()
            .map(|(m, scale, kind)| {
                let m = if kind < 3 { m % 20_000 } else { m };
                let v = match kind {
                    3 => threshold,
                    4 => {
                        let zeros = scale.saturating_sub(ts);
                        let m = 10u128.checked_pow(zeros)
                            .and_then(|unit| t.checked_mul(unit))
                            .filter(|&m| m < 1 << 96);
                        match m {
                            Some(m) => Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), ts + zeros),
                            None => threshold,
                        }
                    }
                    5 => Decimal::from_i128_with_scale(i128::try_from(t - 1).unwrap(), ts),
                    7 => {
                        let mut zero = Decimal::from_i128_with_scale(0, scale);
                        zero.set_sign_negative(true);
                        zero
                    }
                    _ => Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), scale),
                };
                Progress::new(v).unwrap()
            })
            .collect();
        let members: Vec<NodeIndex> =
            members.into_iter().map(NodeIndex::from_u32).collect();
        let table = HitTable::new(&Threshold::new(threshold).unwrap());
        // The plain count: `Decimal`'s comparison, member by member, stopping at the
        // first member without a value.
        let expected = members.iter().try_fold(0u64, |hits, &member| {
            let value = values.get(member.get())?;
            Some(hits + u64::from(value.value() >= threshold))
        });
        proptest::prop_assert_eq!(table.hits(&values, &members), expected);
    }

    #[test]
    fn products_equal_checked_multiplication(
        a in proptest::prop_oneof![proptest::prelude::any::<u128>(), 0u128..1 << 70, 0u128..1 << 64],
        b in proptest::prop_oneof![proptest::prelude::any::<u128>(), 0u128..1 << 64, 0u128..1 << 40],
        swap in proptest::prelude::any::<bool>(),
    ) {
        let (a, b) = if swap { (b, a) } else { (a, b) };
        proptest::prop_assert_eq!(mul(a, b), a.checked_mul(b));
        // At the edge of overflow: the largest factor that fits, and one more.
        let most = u128::MAX / a.max(1);
        for b in [most, most.saturating_add(1)] {
            proptest::prop_assert_eq!(mul(a, b), a.checked_mul(b));
            proptest::prop_assert_eq!(mul(b, a), b.checked_mul(a));
        }
    }

    #[test]
    fn divisors_divide_any_u128(n in proptest::prelude::any::<u128>(), d in 1u64..) {
        let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
        proptest::prop_assert_eq!(Divisor::new(d).unwrap().div_rem(n), expected);
    }

    #[test]
    fn divisors_divide_by_small_divisors(n in proptest::prelude::any::<u128>(), d in 1u64..100_000) {
        let expected = (n / u128::from(d), u64::try_from(n % u128::from(d)).unwrap());
        proptest::prop_assert_eq!(Divisor::new(d).unwrap().div_rem(n), expected);
    }

    #[test]
    fn products_round_as_decimal_rescaling_does(
        w in 0u64..100_000_000, ws in 0u32..=10,
        p in 0u128..(1 << 96), ps in 0u32..=28,
    ) {
        // The term `w × p` at 20 places: the exact product rescaled by `Decimal`
        // (half away from zero) when it fits a `Decimal`.
        let (wd, pd) = (Decimal::new(i64::try_from(w).unwrap(), ws),
                        Decimal::from_i128_with_scale(i128::try_from(p).unwrap(), ps));
        if let Some(mut exact) = wd.checked_mul(pd) {
            if exact.scale() == ws + ps && exact.scale() > 20 {
                exact.rescale(20);
                let expected = u128::try_from(exact.mantissa()).ok();
                proptest::prop_assert_eq!(product(wd, pd, 20), expected);
            }
        }
    }
}

/// A value of any digits and places, sometimes one that ends in zeros or is a
/// negative zero, sometimes one of 7.9 or more (which has no mantissa below 2^96
/// at 28 places).
fn value() -> impl proptest::strategy::Strategy<Value = Decimal> {
    (mantissa(), 0u32..=28, 0u32..10).prop_map(|(m, s, kind)| {
        // Kinds 8 and 9 end in 5 at 19 places: under an odd weight at 2 places the
        // product has 21 places and ends in 5, exactly half a unit of the 20th.
        let (m, s) = match kind {
            0 => (m % 1_000 * 1_000, s),
            1 => (0, s),
            8 | 9 => (m % 100_000 * 10 + 5, 19),
            _ => (m, s),
        };
        let mut v = Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), s);
        if kind == 1 {
            v.set_sign_negative(true);
        }
        v
    })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

    #[test]
    fn values_at_28_places_are_their_mantissas_scaled(v in value()) {
        let expected = v
            .mantissa()
            .unsigned_abs()
            .checked_mul(10u128.pow(28 - v.scale()))
            .filter(|&m| m < 1 << 96)
            .unwrap_or(NOT_AT_28);
        proptest::prop_assert_eq!(at_28(v), expected);
        // Split at the tenth place and joined again, the same value (or the mark).
        let [high, low] = split_at_28(expected);
        proptest::prop_assert_eq!(join_at_28([high, low]), expected);
        if expected != NOT_AT_28 {
            proptest::prop_assert_eq!(
                (u128::from(high), u128::from(low)),
                (expected / 10_000_000_000, expected % 10_000_000_000)
            );
        }
    }

    #[test]
    fn terms_at_28_places_equal_products(
        w in mantissa(), ws in 0u32..=14, v in value(),
    ) {
        // The term of a value held at 28 places is the `product` of its `Decimal`
        // (rounded or exact alike), wherever it answers, and it answers for every
        // weight of at most 11 places and 32 bits and every value below 2^96 at 28.
        let w = Weight::new(Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), ws)).unwrap();
        let term = term_at_28(w, at_28(v));
        let expected = product(w.value(), v, 20);
        if term.is_some() {
            proptest::prop_assert_eq!(term, expected);
        }
        let within = ws <= 11 && w.value().mantissa() < 1 << 32 && at_28(v) != NOT_AT_28;
        if within {
            proptest::prop_assert_eq!(term, expected);
        }
    }

    #[test]
    fn sums_at_28_places_equal_the_sum_of_products(
        ws in proptest::prop_oneof![0u32..=12, proptest::strategy::Just(2u32), 0u32..=4],
        pairs in proptest::collection::vec((
            proptest::prop_oneof![mantissa(), 0u128..1 << 30],
            0u32..12,
            value(),
        ), 1..12),
    ) {
        // Weights at the node's `ws` places, one in twelve at another scale; values
        // of any places. Wherever the sum answers it is the term-by-term sum of
        // products, and it answers wherever every term does and the sum fits.
        let pairs: Vec<(Weight, Decimal)> = pairs
            .into_iter()
            .map(|(w, odd, v)| {
                let s = if odd == 0 { (ws + 1) % 29 } else { ws };
                (Weight::new(Decimal::from_i128_with_scale(i128::try_from(w).unwrap(), s)).unwrap(), v)
            })
            .collect();
        let terms = pairs
            .iter()
            .try_fold(0u128, |sum, &(w, v)| sum.checked_add(product(w.value(), v, 20)?));
        let Some(unit) = unit_at_28(ws) else {
            proptest::prop_assert!(ws > 11);
            return Ok(());
        };
        proptest::prop_assert_eq!(u128::from(unit.get()), 10u128.pow(ws + 8));
        let split = || pairs.iter().map(|&(w, v)| Some((w, split_at_28(at_28(v)))));
        let sum = sum_at_28(split(), ws, unit);
        if sum.is_some() {
            proptest::prop_assert_eq!(sum, terms);
        }
        let within = pairs.iter().all(|&(w, v)| {
            w.value().scale() == ws && w.value().mantissa() < 1 << 32 && at_28(v) != NOT_AT_28
        });
        if within {
            proptest::prop_assert_eq!(sum, terms);
        }
        // A missing pair (a child without a record) leaves the sum to the caller.
        proptest::prop_assert_eq!(sum_at_28(split().chain([None]), ws, unit), None);
        proptest::prop_assert_eq!(sum_at_28(split().chain([None]), ws, ByPlaces::<2, false>), None);
        // Weights at 0 to 4 places over values split at their tenth place, by their
        // shortcut: the same sum wherever it answers, and it answers for weights below
        // 2^30; with the weights known (every one at `ws` places and below 2^30, as the
        // sweep checks before it takes it), the same sum.
        let split_pairs: Vec<_> = pairs.iter().map(|&(w, v)| (w, split_at_28(at_28(v)))).collect();
        if let Some(by_places) = sum_by_places(&split_pairs, ws, false) {
            if by_places.is_some() {
                proptest::prop_assert_eq!(by_places, terms);
            }
            let narrow = pairs.iter().all(|&(w, _)| w.value().mantissa() < 1 << 30);
            if within && narrow {
                proptest::prop_assert_eq!(by_places, terms);
                proptest::prop_assert_eq!(sum_by_places(&split_pairs, ws, true), Some(terms));
            }
        } else {
            proptest::prop_assert!(ws > 4);
        }
    }

    #[test]
    fn totals_below_2_places_are_held_at_2_and_divide_as_decimal_does(
        sum in proptest::prop_oneof![0u128..1 << 72, 0u128..1 << 96],
        total in 1u64.., small in 1u64..100_000, pick in 0u8..2, scale in 0u32..=1,
    ) {
        // A total at 0 or 1 places is held at 2 where its mantissa then fits 64 bits
        // (else at its own); every quotient by it that answers has `Decimal`'s digits.
        let mantissa = if pick == 0 { small } else { total };
        let total = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
        let prepared = Total::new(total).unwrap();
        let raised = u64::try_from(u128::from(mantissa) * 10u128.pow(2 - scale)).is_ok();
        let held = if raised { 2 } else { scale };
        proptest::prop_assert_eq!(prepared.prepared_parts().3, held);
        proptest::prop_assert_eq!(Total::held_scale(total), Some(held));
        let expected = digits(decimal_quotient(sum, 20, total));
        if let Some(q) = quotient_by(sum, 20, &prepared) {
            proptest::prop_assert_eq!(digits(q), expected);
        }
        match quotient_at_28(sum, &prepared) {
            Some((q, at)) => {
                proptest::prop_assert_eq!(digits(q), expected);
                proptest::prop_assert_eq!(at, split_at_28(at_28(q)));
            }
            // None where the quotient is not below 2^96 at 28 places, or where the sum
            // at the held scale's `10^(2 + 8)` does not fit (the caller then takes
            // `quotient_by` or `Decimal`).
            None => proptest::prop_assert!(
                at_28(decimal_quotient(sum, 20, total)) == NOT_AT_28
                    || sum.checked_mul(10u128.pow(held + 8)).is_none()
            ),
        }
    }

    #[test]
    fn quotients_at_28_places_equal_prepared_quotients(
        sum in proptest::prop_oneof![
            0u128..1 << 72,
            0u128..(1 << 96),
            proptest::prelude::any::<u128>(),
        ],
        total in 1u64.., scale in 0u32..=28, small in 0u64..100_000,
        pick in 0u8..2,
    ) {
        // Wherever the quotient at 28 places answers it has the digits and scale of
        // `quotient_by`, and its mantissa before the zeros are dropped is the value
        // at 28 places; it answers wherever `quotient_by` keeps 28 places.
        let total = if pick == 0 { small.max(1) } else { total };
        let total = Decimal::from_i128_with_scale(i128::from(total), scale);
        let prepared = Total::new(total).unwrap();
        let reference = quotient_by(sum, 20, &prepared);
        match quotient_at_28(sum, &prepared) {
            Some((value, at)) => {
                let reference = reference.unwrap();
                proptest::prop_assert_eq!(
                    (value.mantissa(), value.scale()),
                    (reference.mantissa(), reference.scale())
                );
                proptest::prop_assert_eq!(at, split_at_28(at_28(value)));
            }
            None => {
                // Then the quotient is not below 2^96 at 28 places: it is 7.9 or
                // more, or there is none.
                let below = reference.is_some_and(|q| at_28(q) != NOT_AT_28);
                proptest::prop_assert!(!below, "{} / {} = {:?}", sum, total, reference);
            }
        }
    }
}

#[test]
fn terms_at_28_places_round_half_away_from_zero() {
    // (weight, value): the product at 20 places, exactly half a unit below, at and
    // above a tie, as `product` rounds it.
    let cases = [
        ("0.01", "0.0000000000000000005"),
        ("0.03", "0.0000000000000000005"),
        ("0.01", "0.0000000000000000004"),
        ("0.01", "0.0000000000000000006"),
        ("0.07", "0.1234567890123456785"),
        ("9.99", "1.0000000000000000000000000005"),
        ("0.02", "0.0000000000000000025"),
    ];
    for (w, v) in cases {
        let (w, v) = (Weight::new(d(w)).unwrap(), d(v));
        let expected = product(w.value(), v, 20);
        assert_eq!(term_at_28(w, at_28(v)), expected, "{w:?} × {v}");
        let unit = unit_at_28(2).unwrap();
        let split = [Some((w, split_at_28(at_28(v))))];
        assert_eq!(sum_at_28(split.into_iter(), 2, unit), expected);
        assert_eq!(
            sum_at_28(split.into_iter(), 2, ByPlaces::<2, false>),
            expected,
            "{w:?} × {v}"
        );
    }
}

#[test]
fn quotients_at_28_places_round_ties_to_even() {
    // A sum of `odd × 2^28` units of 10^-20 over a total of 2^37: the quotient at 28
    // places is `odd × 5^8 / 2`, exactly half way, which `Decimal` division rounds
    // to even. Over 2^36 and 2^38 the same sums are exact or a quarter off.
    // The same over `2^(37 + s)` at `s` places: the parts' route for `s >= 2`.
    for (shift, scale) in (36..=38).flat_map(|shift| [0u32, 2, 3, 10, 15].map(|s| (shift, s))) {
        let total = Decimal::from_i128_with_scale(1i128 << (shift + scale), scale);
        let prepared = Total::new(total).unwrap();
        for odd in (1u128..64).step_by(2) {
            check_quotient_at_28(odd << 28, total, &prepared);
        }
    }
}

#[test]
fn quotients_at_28_places_carry_a_low_part_rounded_up_to_10_to_the_10() {
    // Over `mt = 3 × 10^10` at `s >= 2` places, a sum of `k × mt + mt - 1` units of
    // 10^-20 leaves the rest `mt - 1`, whose ten places `(mt - 1) × 10^10 / mt` are
    // `10^10 - 1/3`: rounded up to `10^10`, one more unit of the high part. Over a total
    // at 0 places the same sums take the full division.
    for scale in [0u32, 2, 5, 12] {
        let total = Decimal::from_i128_with_scale(30_000_000_000, scale);
        let prepared = Total::new(total).unwrap();
        for k in [0u128, 1, 7, 123_456, 10_000_000] {
            let sum = k * 30_000_000_000 + 29_999_999_999;
            let value = check_quotient_at_28(sum, total, &prepared);
            assert_eq!(Some(value), quotient_by(sum, 20, &prepared));
        }
    }
}

/// Checks `quotient_at_28` of `sum` units of 10^-20 over `total` against `Decimal`'s
/// own division (digits and scale) and its split against the value's, and returns the
/// quotient.
fn check_quotient_at_28(sum: u128, total: Decimal, prepared: &Total) -> Decimal {
    let expected =
        (Decimal::from_i128_with_scale(i128::try_from(sum).unwrap(), 20) / total).normalize();
    let (value, at) = quotient_at_28(sum, prepared).unwrap();
    assert_eq!(
        (value.mantissa(), value.scale()),
        (expected.mantissa(), expected.scale()),
        "{sum}e-20 / {total}"
    );
    assert_eq!(at, split_at_28(at_28(value)));
    value
}

#[test]
fn quotients_match_decimal_division() {
    // (sum, scale, total): the quotient equals Decimal's own division, digit for digit.
    let cases = [
        (28u128, 1, "4"),
        (1, 0, "3"),
        (2, 0, "3"),
        (22, 0, "3"),
        (5, 28, "2"),
        (7, 28, "2"),
        (280_000_000_000_000_000_000, 20, "4.00"),
        (123_456_789, 4, "0.07"),
        (1, 20, "7"),
    ];
    for (sum, scale, total) in cases {
        let expected =
            Decimal::from_i128_with_scale(i128::try_from(sum).unwrap(), scale) / d(total);
        let got = quotient(sum, scale, d(total)).unwrap();
        assert_eq!(got, expected, "{sum}e-{scale} / {total}");
        assert_eq!(got.to_string(), expected.normalize().to_string());
    }
    assert_eq!(quotient(1, 0, Decimal::ZERO), None);
    // The numerator at 28 places overflows a `u128`, but over this total the
    // quotient has 21 places that a `Decimal` holds: it is left to `Decimal`
    // division (a regression: it once came back rounded to 19 places).
    assert_eq!(
        quotient(
            18_446_744_073_709_551_614_000_000_000,
            20,
            d("8.00010000001")
        ),
        None
    );
    // Over a total below 2^32 the same overflow means too many digits: fewer places.
    // (4 × 10^10 at 20 places: 4 × 10^30, times 10^8 for 28 places, overflows.)
    let expected = Decimal::from(40_000_000_000u64) / d("3");
    assert_eq!(
        quotient(4 * 10u128.pow(30), 20, d("3")),
        Some(expected.normalize())
    );
}

/// A flags word's scale bits hold the scale, for every scale a `Decimal` has and both
/// signs; the sign is bit 31 and no other bit is set.
#[test]
fn flags_words_hold_the_scale_in_their_scale_bits() {
    for scale in 0..=28u32 {
        for negative in [false, true] {
            let mut value = dec(12_345, scale);
            value.set_sign_negative(negative);
            let word = flags_word(value);
            assert_eq!((word & SCALE_BITS) >> 16, value.scale(), "{value}");
            assert_eq!(word & !SCALE_BITS, u32::from(negative) << 31, "{value}");
        }
    }
}

/// [`sum_at_28`] of `pairs` by [`ByPlaces`] at `ws` places (0 to 4, as the sweep takes
/// it), with the weights `known` or not; `None` for another `ws`.
fn sum_by_places(pairs: &[(Weight, [u64; 2])], ws: u32, known: bool) -> Option<Option<u128>> {
    let it = || pairs.iter().map(|&pair| Some(pair));
    Some(match (ws, known) {
        (0, false) => sum_at_28(it(), 0, ByPlaces::<0, false>),
        (1, false) => sum_at_28(it(), 1, ByPlaces::<1, false>),
        (2, false) => sum_at_28(it(), 2, ByPlaces::<2, false>),
        (3, false) => sum_at_28(it(), 3, ByPlaces::<3, false>),
        (4, false) => sum_at_28(it(), 4, ByPlaces::<4, false>),
        (0, true) => sum_at_28(it(), 0, ByPlaces::<0, true>),
        (1, true) => sum_at_28(it(), 1, ByPlaces::<1, true>),
        (2, true) => sum_at_28(it(), 2, ByPlaces::<2, true>),
        (3, true) => sum_at_28(it(), 3, ByPlaces::<3, true>),
        (4, true) => sum_at_28(it(), 4, ByPlaces::<4, true>),
        _ => return None,
    })
}

/// The largest term [`ByPlaces`] at `WS` places gives unmarked: below
/// `2^TERM_BITS`, and not below half of it where `tight` (the bound is tight).
fn check_largest_term<const WS: u32>(tight: bool) {
    // A weight just below 2^30 times the largest value a split holds unmarked.
    let split = [(1 << 63) - 1, 9_999_999_999];
    let (term, mark) = ByPlaces::<WS, false>.term((1 << 30) - 1, split);
    assert_eq!(mark, 0);
    let bits = <ByPlaces<WS, false> as TermUnit>::TERM_BITS;
    assert!(term < 1 << bits, "{WS}: {term}");
    assert!(!tight || term >= 1 << (bits - 1), "{WS}: {term}");
    // The term is the product divided down to 20 places, rounded half away from zero.
    let exact = join_at_28(split) * ((1 << 30) - 1);
    let unit = 10u128.pow(WS + 8);
    assert_eq!(
        term,
        exact / unit + u128::from(exact % unit >= unit / 2),
        "{WS}"
    );
}

#[test]
fn the_largest_unmarked_term_by_places_is_below_its_bound() {
    // So that a row of fewer than `2^(128 - TERM_BITS)` terms cannot carry.
    check_largest_term::<0>(true);
    check_largest_term::<1>(true);
    check_largest_term::<2>(true);
    check_largest_term::<3>(false);
    check_largest_term::<4>(false);
    check_largest_term::<8>(false);
}
