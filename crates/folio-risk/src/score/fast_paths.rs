//! The fast paths of scoring against the straightforward computation: the drivers
//! chosen by lift rank (`Drivers`) against the full `Decimal` comparison of lifts
//! (`top_drivers`), same factors, same order (the lifts are read from the same lines).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::collection::vec;
use proptest::prelude::*;

use super::tabulated::{Choose, Few};
use super::*;
use crate::model::{DimensionSpec, FactorSpec, RiskModelData};

/// Weights that often tie (small whole numbers) and sometimes do not.
fn weight() -> impl Strategy<Value = Weight> {
    prop_oneof![
        (1i64..=4).prop_map(|w| Weight::new(Decimal::from(w)).unwrap()),
        (1i64..=1_000).prop_map(|w| Weight::new(Decimal::new(w, 2)).unwrap()),
    ]
}

/// Ratings as written: whole (`4`), tenths (`4.0`, `3.5`, which the tables hold) and
/// hundredths (which they do not).
fn rating() -> impl Strategy<Value = RiskRating> {
    prop_oneof![
        3 => (1i64..=5).prop_map(|r| RiskRating::new(Decimal::from(r)).unwrap()),
        3 => (10i64..=50).prop_map(|r| RiskRating::new(Decimal::new(r, 1)).unwrap()),
        1 => (100i64..=500).prop_map(|r| RiskRating::new(Decimal::new(r, 2)).unwrap()),
    ]
}

fn model() -> impl Strategy<Value = RiskModelData> {
    vec((weight(), vec(weight(), 1..=4)), 1..=4).prop_map(|dimensions| {
        crate::score::test_models::model_data(&dimensions, |i, j| format!("f{i}-{j}"))
    })
}

/// A model, a rating or nothing for each factor (at least one rated), and how many
/// drivers to ask for.
fn case() -> impl Strategy<Value = (RiskModelData, Vec<Option<RiskRating>>, usize)> {
    model().prop_flat_map(|data| {
        let n: usize = data.dimensions.iter().map(|d| d.factors.len()).sum();
        let ratings = vec(
            prop_oneof![6 => rating().prop_map(Some), 1 => Just(None)],
            n,
        )
        .prop_filter("at least one rating", |rs| rs.iter().any(Option::is_some));
        (Just(data), ratings, 0usize..=8)
    })
}

fn check(data: RiskModelData, ratings: &[Option<RiskRating>], top: usize) {
    let config = ScoringConfig {
        missing: MissingRatingPolicy::ExcludeAndRenormalize,
        top_drivers: top,
        ..ScoringConfig::default()
    };
    let scorer = Scorer::new(RiskModel::new(data).unwrap(), config).unwrap();
    let ids: Vec<FactorId> = scorer
        .model()
        .dimensions()
        .iter()
        .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
        .collect();
    let pairs = ids
        .into_iter()
        .zip(ratings)
        .filter_map(|(id, r)| r.map(|r| (id, r)));
    let assessment = Assessment::new("atlas".parse().unwrap(), date(), pairs).unwrap();
    let Ok(scored) = scorer.score(&assessment) else {
        // Nothing of positive weight rated: no drivers to compare.
        return;
    };
    let lines: Vec<FactorLine> = scored
        .dimensions()
        .flat_map(|d| d.factors().map(|f| f.line()).collect::<Vec<_>>())
        .collect();
    let reference = top_drivers(&scorer.model, &lines, top);
    assert_eq!(scored.driver_positions().collect::<Vec<_>>(), reference);
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
}

#[test]
fn ties_go_to_the_lower_ids_as_in_the_full_comparison() {
    // Every weight 1 and every rating 4: all lifts within a dimension tie, and across
    // dimensions they tie when the dimensions have as many factors.
    let data = RiskModelData {
        dimensions: (0..3)
            .map(|i| {
                DimensionSpec::new(
                    DimensionId::new(format!("d{i}")).unwrap(),
                    "dimension",
                    (0..2)
                        .map(|j| FactorSpec::new(FactorId::new(format!("f{i}-{j}")).unwrap(), "f"))
                        .collect(),
                )
            })
            .collect(),
    };
    let four = RiskRating::new(Decimal::from(4)).unwrap();
    let four_point_oh = RiskRating::new(Decimal::new(40, 1)).unwrap();
    for top in 0..=7 {
        check(data.clone(), &[Some(four); 6], top);
        check(
            data.clone(),
            &[
                Some(four),
                Some(four_point_oh),
                Some(four_point_oh),
                Some(four),
                Some(four),
                None,
            ],
            top,
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ranked_drivers_match_the_full_comparison((data, ratings, top) in case()) {
        check(data, &ratings, top);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Offering precomputed keys without branching chooses what offering positions and
    /// ranks chooses, in any order of offering: many ties of rank (few ranks), lifts
    /// that are not positive (rank 0), and up to the most drivers ranked in place; so
    /// do the tabulated path's register slots, for as many drivers as they hold.
    #[test]
    fn keys_offered_without_branches_choose_as_offers(
        ranks in vec(0u32..=6, 0..=40),
        n in 0usize..=Drivers::MAX_RANKED,
        rotate in 0usize..40,
    ) {
        let mut offered: Vec<(usize, u32)> = ranks.into_iter().enumerate().collect();
        let by = rotate.min(offered.len());
        offered.rotate_left(by);
        let mut by_offer = Drivers::new(n);
        let mut by_key = Drivers::new(n);
        let mut few = Few::new(n);
        for (flat, rank) in offered {
            by_offer.offer(flat, rank);
            let key = Drivers::key(flat, rank).unwrap_or(0);
            by_key.offer_key(key);
            Choose::offer_key(&mut few, key);
        }
        let chosen: Option<Vec<u32>> = by_key.ranked().map(Iterator::collect);
        let expected = by_offer.chosen();
        if n <= Few::SLOTS {
            let in_registers: Option<Vec<u32>> = few.positions().map(Iterator::collect);
            prop_assert_eq!(&in_registers, &expected);
        }
        prop_assert_eq!(chosen, expected);
    }
}
