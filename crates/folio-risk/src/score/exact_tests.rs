//! The integer first pass against the `Decimal` computation: the same digits and
//! scale of every score, the same bands, the same errors, and the `Decimal` path taken
//! wherever the integers are not shown to agree.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use chrono::NaiveDate;
use folio_types::{ProductId, Weight};
use proptest::collection::vec;
use proptest::prelude::*;

use super::*;
use crate::assessment::Assessment;
use crate::config::{MissingRatingPolicy, ScoringConfig};
use crate::math::div_round_score;
use crate::score::Scorer;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn r(s: &str) -> RiskRating {
    RiskRating::new(d(s)).unwrap()
}

/// The same number with the same digits: `Decimal` equality ignores the scale.
fn same(a: Decimal, b: Decimal) {
    assert_eq!(
        (a.mantissa(), a.scale()),
        (b.mantissa(), b.scale()),
        "{a} against {b}"
    );
}

#[test]
fn conversions_table() {
    for (rating, expected) in [
        ("4", Some(400)),
        ("4.5", Some(450)),
        ("4.00", Some(400)),
        ("4.25", Some(425)),
        ("4.125", None),
        ("4.000", None),
        ("1", Some(100)),
        ("5.00", Some(500)),
    ] {
        assert_eq!(hundredths(r(rating)), expected, "{rating}");
    }
    for (score, expected) in [
        ("3", Some(30_000)),
        ("3.4568", Some(34_568)),
        ("3.4", Some(34_000)),
        ("3.45678", None),
        ("-1", None),
    ] {
        assert_eq!(quantum(d(score)), expected, "{score}");
    }
    for (cut, expected) in [
        ("2.5", 25_000),
        ("2.5000", 25_000),
        ("2.50000", 25_000),
        ("2.50001", 25_001),
        ("2.5000000000000000000000000001", 25_001),
        ("1", 10_000),
        ("5", 50_000),
        ("4.99999", 50_000),
    ] {
        assert_eq!(ceil_quantum(r(cut)), Some(expected), "{cut}");
    }
    for (q, expected) in [
        (30_000, "3"),
        (34_560, "3.456"),
        (10_001, "1.0001"),
        (25_000, "2.5"),
        (0, "0"),
    ] {
        same(score_decimal(q).unwrap(), d(expected));
    }
    for (n, dd, expected) in [
        (5, 2, Some(3)),
        (4, 3, Some(1)),
        (5, 3, Some(2)),
        (0, 1, Some(0)),
        (1, 0, None),
        (u64::MAX, 2, Some(u64::MAX / 2 + 1)),
    ] {
        assert_eq!(div_round(n, dd), expected, "{n} / {dd}");
    }
}

#[test]
fn the_bound_keeps_the_decimal_division_exact() {
    // `D · 10^(S + 2)` just below and at `LIMIT`, the denominator of `div_round_score`
    // below which it divides exactly.
    let below = [d("9999999999999999.9")];
    let at = [d("10000000000000000.0")];
    assert!(scaled(&below, RATING_DECIMALS, 1).is_some());
    assert!(scaled(&at, RATING_DECIMALS, 1).is_none());
    // Two weights at different scales are written at the larger one.
    assert_eq!(scaled(&[d("1.5"), d("2")], 0, 1), Some(vec![15, 20]));
    // `D · max` must stay within `u64`.
    assert!(scaled(&[d("3")], 0, u64::MAX / 3).is_some());
    assert!(scaled(&[d("3")], 0, u64::MAX / 3 + 1).is_none());
    // A weight too large for `u64` at the common scale.
    assert!(scaled(&[d("18446744073709551616"), d("0.1")], 0, 1).is_none());
}

/// Weights: zero, small whole numbers, a few decimals, and wide mantissas and scales
/// on both sides of the bound.
fn weight() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        3 => (1i64..=5).prop_map(Decimal::from),
        3 => (1i64..=10_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (0u32..=96, any::<u128>(), 0u32..=28).prop_map(|(width, bits, s)| {
            let m = if width == 0 { 1 } else { bits >> (128 - width) }.max(1);
            Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), s)
        }),
        1 => (1i64..=20, 0u32..=20).prop_map(|(m, s)| {
            // Around `10^k` with `k` near the bound.
            Decimal::from_i128_with_scale(10i128.pow(17 + s % 4) + i128::from(m) - 10, s)
        }),
    ]
}

/// Ratings with zero to four decimals, and some with many.
fn rating() -> impl Strategy<Value = RiskRating> {
    prop_oneof![
        3 => (1i64..=5).prop_map(|m| r(&m.to_string())),
        3 => (10i64..=50).prop_map(|m| RiskRating::new(Decimal::new(m, 1)).unwrap()),
        2 => (100i64..=500).prop_map(|m| RiskRating::new(Decimal::new(m, 2)).unwrap()),
        1 => (1_000i64..=5_000).prop_map(|m| RiskRating::new(Decimal::new(m, 3)).unwrap()),
        1 => (0u32..=24, any::<u64>()).prop_filter_map("in range", |(s, m)| {
            let unit = 10i128.pow(s);
            let m = unit + i128::from(m) % (4 * unit + 1);
            RiskRating::new(Decimal::from_i128_with_scale(m, s)).ok()
        }),
    ]
}

/// The rounded quotient as the `Decimal` computation gives it, from the same terms.
fn decimal_score(terms: &[(Decimal, Decimal)]) -> Option<Decimal> {
    let mut weighted = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    for (w, v) in terms {
        weighted = weighted.checked_add(w.checked_mul(*v)?)?;
        weights = weights.checked_add(*w)?;
    }
    (!weights.is_zero()).then(|| div_round_score(weighted, weights, "test").unwrap())
}

fn model(dimensions: &[(Decimal, Vec<Decimal>)]) -> Option<RiskModel> {
    let weight = |w: &Decimal| Weight::new(*w).unwrap();
    let weights: Vec<(Weight, Vec<Weight>)> = dimensions
        .iter()
        .map(|(w, factors)| (weight(w), factors.iter().map(weight).collect()))
        .collect();
    RiskModel::new(crate::score::test_models::model_data(&weights, |i, j| {
        format!("f{i}-{j}")
    }))
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn dimension_scores_match_the_decimal_division(
        terms in vec((weight(), proptest::option::of(rating())), 1..=5),
    ) {
        let Some(model) = model(&[(Decimal::ONE, terms.iter().map(|t| t.0).collect())]) else {
            return Ok(());
        };
        let Some(sums) = Sums::new(&model) else { return Ok(()) };
        let lines: Vec<FactorLine> = terms
            .iter()
            .map(|(_, rating)| FactorLine { rating: *rating, ..FactorLine::UNRATED })
            .collect();
        let rated: Vec<(Decimal, Decimal)> = terms
            .iter()
            .filter_map(|(w, r)| r.map(|r| (*w, r.value())))
            .collect();
        if let Some((n, dd)) = sums.dimension(0, &lines) {
            let exact = dimension_score(n, dd).map(|q| (q, score_decimal(q).unwrap()));
            match (exact, decimal_score(&rated)) {
                (Some((q, fast)), Some(slow)) => {
                    same(fast, slow);
                    prop_assert_eq!(quantum(slow), Some(q));
                }
                (None, None) => prop_assert_eq!(dd, 0),
                (fast, slow) => prop_assert!(false, "{fast:?} against {slow:?}"),
            }
        }
    }

    #[test]
    fn product_scores_match_the_decimal_division(
        dimensions in vec((weight(), proptest::option::of(10_000u64..=50_000)), 1..=5),
    ) {
        let data: Vec<(Decimal, Vec<Decimal>)> =
            dimensions.iter().map(|(w, _)| (*w, vec![Decimal::ONE])).collect();
        let Some(model) = model(&data) else { return Ok(()) };
        let Some(sums) = Sums::new(&model) else { return Ok(()) };
        let (mut n, mut dd) = (0u64, 0u64);
        let mut terms = Vec::new();
        for (index, (w, q)) in dimensions.iter().enumerate() {
            let Some(q) = q else { continue };
            let Some(weight) = sums.dimension_weight(index) else { return Ok(()) };
            n += weight * q;
            dd += weight;
            terms.push((*w, score_decimal(*q).unwrap()));
        }
        match (product_score(n, dd), decimal_score(&terms)) {
            (Some(q), Some(slow)) => same(score_decimal(q).unwrap(), slow),
            (None, None) => prop_assert_eq!(dd, 0),
            (fast, slow) => prop_assert!(false, "{fast:?} against {slow:?}"),
        }
    }

    #[test]
    fn integer_cuts_band_as_the_decimal_comparison(
        cut in rating(),
        q in 10_000u64..=50_000,
        nudge in 0u32..=2,
    ) {
        // Scores at, just below and just above the cut too.
        let at = ceil_quantum(cut).unwrap();
        for q in [q, at.saturating_sub(u64::from(nudge)), at + u64::from(nudge)] {
            let Some(value) = score_decimal(q) else { continue };
            let Ok(score) = RiskRating::new(value) else { continue };
            prop_assert_eq!(q >= at, score >= cut, "{} against {}", score, cut);
        }
    }
}

#[test]
fn default_cuts_band_as_the_bands() {
    let bands = Bands::default();
    let cuts = Cuts::new(&bands).unwrap();
    for q in 10_000..=50_000 {
        let score = RiskRating::new(score_decimal(q).unwrap()).unwrap();
        assert_eq!(cuts.band(q), bands.band(score), "{score}");
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
}

/// The scorer without the integer first pass: every sum and score in `Decimal`.
fn decimal_scorer(scorer: &Scorer) -> Scorer {
    let mut slow = scorer.clone();
    if let Some(plan) = slow.plan.as_mut() {
        plan.sums = None;
    }
    slow.cuts = None;
    slow.tables = None;
    slow
}

/// Scores `ratings` (in model order; `None` unrated) three ways: with the integer first
/// pass, without it, and with the implementation the compact results replaced; the same
/// `Debug` text (every digit and scale) or the same error.
fn check(
    dimensions: &[(Decimal, Vec<Decimal>)],
    ratings: &[Option<RiskRating>],
    missing: MissingRatingPolicy,
) {
    let Some(model) = model(dimensions) else {
        return;
    };
    let config = ScoringConfig {
        missing,
        ..ScoringConfig::default()
    };
    let fast = Scorer::new(model.clone(), config.clone()).unwrap();
    let slow = decimal_scorer(&fast);
    let old = super::super::reference::Scorer::new(model.clone(), config).unwrap();
    let pairs = model
        .dimensions()
        .iter()
        .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
        .zip(ratings)
        .filter_map(|(id, r)| r.map(|r| (id, r)));
    let assessment = Assessment::new(ProductId::new("atlas").unwrap(), date(), pairs).unwrap();
    let (a, b, c) = (
        fast.score(&assessment),
        slow.score(&assessment),
        old.score(&assessment),
    );
    match (&a, &b, &c) {
        (Ok(a), Ok(b), Ok(c)) => {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            assert_eq!(format!("{a:?}"), format!("{c:?}"));
        }
        (Err(a), Err(b), Err(c)) => {
            assert_eq!(a, b);
            assert_eq!(a, c);
        }
        _ => panic!("{a:?}\n{b:?}\n{c:?}"),
    }
}

#[test]
fn the_decimal_path_takes_what_the_integers_do_not_cover() {
    let one = Decimal::ONE;
    let wide = d("100000000000000000.0");
    let model = model(&[(one, vec![one, wide]), (one, vec![one, one])]).unwrap();
    let sums = Sums::new(&model).unwrap();
    assert!(sums.factors[0].is_none());
    assert!(sums.factors[1].is_some());
    // A rating with three decimals leaves its dimension to the `Decimal` path.
    let lines = [
        FactorLine {
            rating: Some(r("4.125")),
            ..FactorLine::UNRATED
        },
        FactorLine {
            rating: Some(r("2")),
            ..FactorLine::UNRATED
        },
    ];
    assert_eq!(sums.dimension(1, &lines), None);
    let exclude = MissingRatingPolicy::ExcludeAndRenormalize;
    let some = |s: &str| Some(r(s));
    for (dimensions, ratings) in [
        // Covered, then a wide weight, then a rating with three decimals.
        (
            vec![(one, vec![one, one]), (one, vec![one, one])],
            [some("4"), some("2.5"), some("3.25"), some("1")],
        ),
        (
            vec![(one, vec![one, wide]), (one, vec![one, one])],
            [some("4"), some("2.5"), some("3.25"), some("1")],
        ),
        (
            vec![(one, vec![one, one]), (one, vec![one, one])],
            [some("4"), some("2.5"), some("3.125"), some("1")],
        ),
        // A dimension weight too wide for the product's integer sums.
        (
            vec![(wide, vec![one, one]), (one, vec![one, one])],
            [some("4"), some("2.5"), some("3.25"), some("1")],
        ),
        // Incomplete dimensions and a left-out one.
        (
            vec![(one, vec![one, one]), (d("2.5"), vec![one, one])],
            [some("4"), None, None, None],
        ),
        // Weightless rated factors and dimensions.
        (
            vec![
                (Decimal::ZERO, vec![one, one]),
                (one, vec![Decimal::ZERO, one]),
            ],
            [some("4"), some("2"), some("3"), None],
        ),
        // Weights near `Decimal::MAX`: the sums overflow, the typed error.
        (
            vec![
                (one, vec![Decimal::MAX, Decimal::MAX]),
                (one, vec![one, one]),
            ],
            [some("4"), some("2.5"), some("3.25"), some("1")],
        ),
        (
            vec![
                (Decimal::MAX, vec![one, one]),
                (Decimal::MAX, vec![one, one]),
            ],
            [some("4"), some("2.5"), some("3.25"), some("1")],
        ),
    ] {
        for missing in [MissingRatingPolicy::Error, exclude] {
            check(&dimensions, &ratings, missing);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scores_match_without_the_integer_pass_and_the_reference(
        dimensions in vec((weight(), vec(weight(), 1..=4)), 1..=4),
        ratings in vec(proptest::option::weighted(0.85, rating()), 16),
        exclude in any::<bool>(),
    ) {
        let missing = if exclude {
            MissingRatingPolicy::ExcludeAndRenormalize
        } else {
            MissingRatingPolicy::Error
        };
        check(&dimensions, &ratings, missing);
    }
}
