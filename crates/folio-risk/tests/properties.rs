//! Property tests: bounds, monotonicity, weight-scale invariance and order independence.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly, and fixture arithmetic cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;

use folio_risk::{
    Assessment, DimensionId, DimensionSpec, ExposureBase, FactorId, FactorSpec,
    MissingRatingPolicy, ProductFigures, ProductScore, Ratings, RiskModel, RiskModelData, Scorer,
    ScoringConfig, exposure,
};
use folio_types::{Currency, Money, NaiveDate, ProductId, RiskRating, Weight, strategy};
use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A model of 1-4 dimensions with 1-3 factors each, all weights positive.
fn model_data() -> impl Strategy<Value = RiskModelData> {
    vec(
        (
            strategy::positive_weight(),
            vec(strategy::positive_weight(), 1..=3),
        ),
        1..=4,
    )
    .prop_map(|dimensions| RiskModelData {
        dimensions: dimensions
            .into_iter()
            .enumerate()
            .map(|(i, (weight, factors))| DimensionSpec {
                id: DimensionId::new(format!("d{i}")).unwrap(),
                name: format!("Dimension {i}"),
                weight,
                factors: factors
                    .into_iter()
                    .enumerate()
                    .map(|(j, weight)| FactorSpec {
                        id: FactorId::new(format!("f{i}-{j}")).unwrap(),
                        name: format!("Factor {i}.{j}"),
                        weight,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// A model and one rating for each of its factors, in model order.
fn model_and_ratings() -> impl Strategy<Value = (RiskModelData, Vec<RiskRating>)> {
    model_data().prop_flat_map(|data| {
        let n = data
            .dimensions
            .iter()
            .map(|d| d.factors.len())
            .sum::<usize>();
        (Just(data), vec(strategy::risk_rating(), n))
    })
}

fn factor_ids(data: &RiskModelData) -> Vec<FactorId> {
    data.dimensions
        .iter()
        .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
        .collect()
}

fn assessment(product: ProductId, ids: &[FactorId], ratings: &[RiskRating]) -> Assessment {
    Assessment {
        product,
        date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        ratings: ids
            .iter()
            .cloned()
            .zip(ratings.iter().copied())
            .collect::<Ratings>(),
    }
}

fn score(data: &RiskModelData, ratings: &[RiskRating]) -> ProductScore {
    let scorer = Scorer::new(
        RiskModel::new(data.clone()).unwrap(),
        ScoringConfig::default(),
    )
    .unwrap();
    let product = ProductId::new("atlas").unwrap();
    scorer
        .score(&assessment(product, &factor_ids(data), ratings))
        .unwrap()
}

fn scale(data: &RiskModelData, k: Decimal) -> RiskModelData {
    let times = |w: Weight| Weight::new(w.value() * k).unwrap();
    let mut scaled = data.clone();
    for d in &mut scaled.dimensions {
        d.weight = times(d.weight);
        for f in &mut d.factors {
            f.weight = times(f.weight);
        }
    }
    scaled
}

/// A model and, for each factor, a rating or `None` (at least one rated).
fn model_and_partial_ratings() -> impl Strategy<Value = (RiskModelData, Vec<Option<RiskRating>>)> {
    model_data().prop_flat_map(|data| {
        let n = data
            .dimensions
            .iter()
            .map(|d| d.factors.len())
            .sum::<usize>();
        let ratings = vec(proptest::option::of(strategy::risk_rating()), n)
            .prop_filter("at least one rating", |rs| rs.iter().any(Option::is_some));
        (Just(data), ratings)
    })
}

fn score_partial(data: &RiskModelData, ratings: &[Option<RiskRating>]) -> ProductScore {
    let config = ScoringConfig::default().with_missing(MissingRatingPolicy::ExcludeAndRenormalize);
    let scorer = Scorer::new(RiskModel::new(data.clone()).unwrap(), config).unwrap();
    let assessment = Assessment {
        product: ProductId::new("atlas").unwrap(),
        date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        ratings: factor_ids(data)
            .into_iter()
            .zip(ratings)
            .filter_map(|(id, r)| r.map(|r| (id, r)))
            .collect(),
    };
    scorer.score(&assessment).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn excluding_missing_ratings_keeps_bounds_and_monotonicity(
        (data, ratings) in model_and_partial_ratings(),
        pick in any::<prop::sample::Index>(),
        raised in strategy::risk_rating(),
    ) {
        let rated: Vec<RiskRating> = ratings.iter().flatten().copied().collect();
        let min = rated.iter().min().copied().unwrap();
        let max = rated.iter().max().copied().unwrap();
        let scored = score_partial(&data, &ratings);
        prop_assert!(min <= scored.score && scored.score <= max);
        // Shares are normalized over what was rated: they add up to 1 (to the 28th
        // digit) among the scored dimensions and among each one's rated factors.
        let close_to_one = |sum: Decimal| (sum - Decimal::ONE).abs() < Decimal::new(1, 25);
        let dimension_shares: Decimal = scored.dimensions().map(|d| d.share().value()).sum();
        prop_assert!(close_to_one(dimension_shares), "{dimension_shares}");
        for d in scored.dimensions().filter(|d| d.score().is_some()) {
            let factor_shares: Decimal = d.factors().map(|f| f.share().value()).sum();
            prop_assert!(close_to_one(factor_shares), "{factor_shares}");
        }
        // The lifts add up to the score above 1, up to the rounding of the dimension
        // scores to four places (the contributions use the rounded ones): at most half a
        // unit in the fourth place, weighted by shares that add up to 1. The lifts and
        // shares themselves keep 28 significant digits, so their sum may be off by a few
        // units in the 28th place besides (a dimension scored exactly 2.24375 is shown
        // as 2.2438, and its lifts add up to 1.2437499999999999999999999999).
        let lifts: Decimal = scored.dimensions().flat_map(|d| d.factors().map(|f| f.lift())).sum();
        let contributions: Decimal = scored.dimensions().map(|d| d.contribution()).sum();
        let bound = Decimal::new(5, 5) + Decimal::new(1, 25);
        prop_assert!((lifts - (contributions - Decimal::ONE)).abs() <= bound, "{lifts} {contributions}");
        // Unrated factors are shown as unrated, with no share.
        let unrated = scored
            .dimensions()
            .flat_map(|d| d.factors())
            .filter(|f| f.rating().is_none());
        for f in unrated {
            prop_assert!(f.share().value().is_zero() && f.lift().is_zero());
        }
        let i = pick.index(ratings.len());
        let mut higher = ratings.clone();
        if let Some(r) = higher[i] {
            higher[i] = Some(r.max(raised));
        }
        prop_assert!(score_partial(&data, &higher).score >= scored.score);
    }

    #[test]
    fn score_lies_within_the_rated_inputs((data, ratings) in model_and_ratings()) {
        let scored = score(&data, &ratings);
        let min = ratings.iter().min().copied().unwrap();
        let max = ratings.iter().max().copied().unwrap();
        prop_assert!(min <= scored.score && scored.score <= max, "{min} <= {} <= {max}", scored.score);
        for d in scored.dimensions() {
            let s = d.score().unwrap();
            prop_assert!(min <= s && s <= max);
        }
    }

    #[test]
    fn raising_one_rating_never_lowers_the_score(
        (data, ratings) in model_and_ratings(),
        pick in any::<prop::sample::Index>(),
        raised in strategy::risk_rating(),
    ) {
        let i = pick.index(ratings.len());
        let mut higher = ratings.clone();
        higher[i] = higher[i].max(raised);
        let before = score(&data, &ratings);
        let after = score(&data, &higher);
        prop_assert!(after.score >= before.score, "{} -> {}", before.score, after.score);
        for (b, a) in before.dimensions().zip(after.dimensions()) {
            prop_assert!(a.score() >= b.score());
        }
    }

    #[test]
    fn scaling_all_weights_changes_nothing(
        (data, ratings) in model_and_ratings(),
        units in 1i64..=100_000,
        places in 0u32..=3,
    ) {
        let k = Decimal::new(units, places);
        let before = score(&data, &ratings);
        let after = score(&scale(&data, k), &ratings);
        prop_assert_eq!(before.score, after.score);
        prop_assert_eq!(before.band, after.band);
        let dims = |s: &ProductScore| s.dimensions().map(|d| d.score()).collect::<Vec<_>>();
        prop_assert_eq!(dims(&before), dims(&after));
        let drivers = |s: &ProductScore| s.drivers().map(|d| d.factor().clone()).collect::<Vec<_>>();
        prop_assert_eq!(drivers(&before), drivers(&after));
    }

    #[test]
    fn model_and_rating_order_do_not_matter((data, ratings) in model_and_ratings()) {
        let mut reversed = data.clone();
        reversed.dimensions.reverse();
        for d in &mut reversed.dimensions {
            d.factors.reverse();
        }
        let forward = score(&data, &ratings);
        let ids = factor_ids(&data);
        let scorer = Scorer::new(RiskModel::new(reversed).unwrap(), ScoringConfig::default()).unwrap();
        let backward = scorer.score(&assessment(ProductId::new("atlas").unwrap(), &ids, &ratings)).unwrap();
        prop_assert_eq!(forward, backward);
    }

    #[test]
    fn portfolio_exposure_is_order_independent(
        products in vec((strategy::product_id(), strategy::risk_rating(), 1i64..=1_000_000_000), 1..=20)
            .prop_map(|ps| {
                // Distinct products: a repeated id is an error, tested elsewhere.
                let mut seen = BTreeMap::new();
                for (id, score, cents) in ps {
                    seen.entry(id).or_insert((score, cents));
                }
                seen.into_iter().collect::<Vec<_>>()
            })
            .prop_flat_map(|ps| (Just(ps.clone()), Just(ps).prop_shuffle())),
        base in prop_oneof![Just(ExposureBase::Revenue), Just(ExposureBase::Equal)],
    ) {
        let (ordered, shuffled) = products;
        let eur = Currency::new("EUR").unwrap();
        // A model of one factor: each product's score is its one rating, so the
        // scores are as arbitrary as the ratings drawn.
        let factor = FactorId::new("f").unwrap();
        let one_factor = RiskModelData {
            dimensions: vec![DimensionSpec::new(
                "d".parse().unwrap(),
                "D",
                vec![FactorSpec::new(factor.clone(), "F")],
            )],
        };
        let scorer = Scorer::new(RiskModel::new(one_factor).unwrap(), ScoringConfig::default()).unwrap();
        let build = |ps: &[(ProductId, (RiskRating, i64))]| {
            let scores: Vec<ProductScore> = ps
                .iter()
                .map(|(id, (rating, _))| {
                    scorer
                        .score(&assessment(id.clone(), std::slice::from_ref(&factor), &[*rating]))
                        .unwrap()
                })
                .collect();
            let min = scores.iter().map(|s| s.score).min().unwrap();
            let max = scores.iter().map(|s| s.score).max().unwrap();
            let figures: Vec<ProductFigures> = ps
                .iter()
                .rev()
                .map(|(id, (_, cents))| ProductFigures {
                    product: id.clone(),
                    revenue: Some(Money::new(Decimal::new(*cents, 2), eur)),
                    investment: None,
                })
                .collect();
            (exposure(&scores, &figures, base).unwrap(), min, max)
        };
        let (a, min, max) = build(&ordered);
        let (b, _, _) = build(&shuffled);
        prop_assert!(min <= a.score && a.score <= max);
        prop_assert_eq!(a, b);
    }
}
