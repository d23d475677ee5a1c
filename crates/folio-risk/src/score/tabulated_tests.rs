//! Scores whose explanation is read from the tables against the written lines of the
//! general computation and against the implementation they replaced: the same `Debug`
//! text (every digit and scale), the same JSON, the same drivers and alerts, the same
//! errors, and equality meaning the same.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use chrono::NaiveDate;
use folio_types::{ProductId, Weight, strategy};
use proptest::collection::vec;
use proptest::prelude::*;

use super::*;
use crate::assessment::Assessment;
use crate::config::{MissingRatingPolicy, ScoringConfig};
use crate::id::FactorId;
use crate::score::reference;
use crate::score::{Explanation, ProductScore, Scorer};

fn r(s: &str) -> RiskRating {
    RiskRating::new(s.parse().unwrap()).unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
}

fn is_tabulated(scored: &ProductScore) -> bool {
    matches!(scored.explanation, Explanation::Tabulated(_))
}

/// The scorer with every line written out.
fn written(scorer: &Scorer) -> Scorer {
    Scorer {
        tables: None,
        ..scorer.clone()
    }
}

fn assess(
    model: &RiskModel,
    ratings: &[Option<RiskRating>],
    extra: Option<RiskRating>,
) -> Assessment {
    let mut pairs: Vec<(FactorId, RiskRating)> = model
        .dimensions()
        .iter()
        .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
        .zip(ratings)
        .filter_map(|(id, r)| r.map(|r| (id, r)))
        .collect();
    if let Some(r) = extra {
        pairs.push((FactorId::new("f5-x").unwrap(), r));
    }
    Assessment::new(ProductId::new("atlas").unwrap(), date(), pairs).unwrap()
}

/// Scores `assessment` from the tables, from written lines and with the reference
/// implementation: the same text, JSON and equality, or the same error. Returns the
/// three results.
fn check(
    scorer: &Scorer,
    old: &reference::Scorer,
    assessment: &Assessment,
) -> Option<(ProductScore, ProductScore, reference::ProductScore)> {
    let lines = written(scorer);
    match (
        scorer.score(assessment),
        lines.score(assessment),
        old.score(assessment),
    ) {
        (Ok(t), Ok(w), Ok(o)) => {
            assert!(!is_tabulated(&w));
            assert_eq!(format!("{t:?}"), format!("{w:?}"));
            assert_eq!(format!("{t:?}"), format!("{o:?}"));
            assert_eq!(format!("{t:#?}"), format!("{o:#?}"));
            #[cfg(feature = "serde")]
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                serde_json::to_string(&o).unwrap()
            );
            assert_eq!(t, w);
            assert_eq!(w, t);
            assert_eq!(t, t.clone());
            Some((t, w, o))
        }
        (Err(t), Err(w), Err(o)) => {
            assert_eq!(t, w);
            assert_eq!(t, o);
            None
        }
        (t, w, o) => panic!("{t:?}\n{w:?}\n{o:?}"),
    }
}

/// Mostly ratings the tables hold (`4`, `4.0`, `3.5`), sometimes one they do not
/// (`4.00`, `3.25`), sometimes none.
fn rating() -> impl Strategy<Value = Option<RiskRating>> {
    prop_oneof![
        8 => (1i64..=5).prop_map(|n| Some(RiskRating::new(Decimal::new(n, 0)).unwrap())),
        8 => (10i64..=50).prop_map(|n| Some(RiskRating::new(Decimal::new(n, 1)).unwrap())),
        1 => strategy::risk_rating().prop_map(Some),
        1 => Just(None),
    ]
}

/// Small whole weights (many ties), any positive weight, and sometimes zero.
fn weight() -> impl Strategy<Value = Weight> {
    prop_oneof![
        1 => Just(Weight::new(Decimal::ZERO).unwrap()),
        4 => (1i64..=3).prop_map(|n| Weight::new(Decimal::from(n)).unwrap()),
        2 => strategy::positive_weight(),
    ]
}

#[test]
fn the_worked_example_reads_its_explanation_from_the_tables() {
    let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default()).unwrap();
    let old = reference::Scorer::new(RiskModel::standard(), ScoringConfig::default()).unwrap();
    let model = scorer.model().clone();
    // In model order: execution, financial, market, technical.
    let example = ["4", "4", "2", "1", "3", "2", "3", "5", "4"].map(|s| Some(r(s)));
    let (t, _, _) = check(&scorer, &old, &assess(&model, &example, None)).unwrap();
    assert!(is_tabulated(&t));
    assert_eq!(t.score, r("3"));
    // Written as tenths, still tabulated; the same numbers with other digits.
    let mut tenths = example;
    tenths[0] = Some(r("4.0"));
    let (u, _, _) = check(&scorer, &old, &assess(&model, &tenths, None)).unwrap();
    assert!(is_tabulated(&u));
    assert_eq!(t, u);
    assert_ne!(format!("{t:?}"), format!("{u:?}"));
    // Hundredths, a missing rating (excluded) or an unknown factor: the lines.
    let mut hundredths = example;
    hundredths[0] = Some(r("4.00"));
    let (v, _, _) = check(&scorer, &old, &assess(&model, &hundredths, None)).unwrap();
    assert!(!is_tabulated(&v));
    assert_eq!(t, v);
    let exclude = ScoringConfig {
        missing: MissingRatingPolicy::ExcludeAndRenormalize,
        ..ScoringConfig::default()
    };
    let scorer = Scorer::new(RiskModel::standard(), exclude.clone()).unwrap();
    let old = reference::Scorer::new(RiskModel::standard(), exclude).unwrap();
    let mut missing = example;
    missing[8] = None;
    let (w, _, _) = check(&scorer, &old, &assess(&model, &missing, None)).unwrap();
    assert!(!is_tabulated(&w));
    assert_ne!(t, w);
    assert!(check(&scorer, &old, &assess(&model, &example, Some(r("2")))).is_none());
}

#[test]
fn models_the_tables_do_not_cover_write_their_lines() {
    let one = Weight::ONE;
    let wide = Weight::new("100000000000000000.0".parse().unwrap()).unwrap();
    let zero = Weight::new(Decimal::ZERO).unwrap();
    let config = ScoringConfig::default();
    for (weights, tabulated) in [
        (vec![(one, vec![one, one]), (one, vec![one, one])], true),
        (vec![(one, vec![one, wide]), (one, vec![one, one])], false),
        (vec![(wide, vec![one, one]), (one, vec![one, one])], false),
        (vec![(zero, vec![one, one]), (one, vec![one, one])], true),
    ] {
        let data = crate::score::test_models::model_data(&weights, |i, j| format!("f{i}-{j}"));
        let Ok(model) = RiskModel::new(data) else {
            assert!(!tabulated);
            continue;
        };
        let scorer = Scorer::new(model.clone(), config.clone()).unwrap();
        assert_eq!(scorer.tables.is_some(), tabulated, "{weights:?}");
        let old = reference::Scorer::new(model.clone(), config.clone()).unwrap();
        let ratings = vec![Some(r("4")); model.factor_count()];
        if let Some((t, _, _)) = check(&scorer, &old, &assess(&model, &ratings, None)) {
            assert_eq!(is_tabulated(&t), tabulated);
        }
    }
    // More drivers than are ranked in place: the lines.
    let many = ScoringConfig {
        top_drivers: Drivers::MAX_RANKED + 1,
        ..ScoringConfig::default()
    };
    assert!(
        Scorer::new(RiskModel::standard(), many)
            .unwrap()
            .tables
            .is_none()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tabulated_scores_match_the_lines_and_the_reference(
        weights in vec((weight(), vec(weight(), 1..=4)), 1..=4),
        ratings in vec(rating(), 16),
        rewritten in (0usize..16, any::<bool>(), rating()),
        unknown in proptest::option::weighted(0.1, strategy::risk_rating()),
        exclude in any::<bool>(),
        top in 0usize..=6,
        thresholds in [
            proptest::option::of(strategy::risk_rating()),
            proptest::option::of(strategy::risk_rating()),
            proptest::option::of(strategy::risk_rating()),
        ],
    ) {
        let data = crate::score::test_models::model_data(&weights, |i, j| {
            format!("f{}-{i}", 9usize.saturating_sub(j))
        });
        // A model with zero weights everywhere is invalid; skip those draws.
        let Ok(model) = RiskModel::new(data) else {
            return Ok(());
        };
        let config = crate::score::test_models::config(exclude, top, thresholds);
        let scorer = Scorer::new(model.clone(), config.clone()).unwrap();
        let old = reference::Scorer::new(model.clone(), config).unwrap();
        let first = assess(&model, &ratings, unknown);
        let a = check(&scorer, &old, &first);
        // Every factor rated as the tables hold it, and nothing else: the tables.
        let count = model.factor_count();
        let tabulated = |r: &Option<RiskRating>| r.is_some_and(|r| crate::score::tabulated(r).is_some());
        let all_tabulated = unknown.is_none() && ratings[..count].iter().all(tabulated);
        if let (Some((t, _, _)), Some(_)) = (&a, &scorer.tables) {
            prop_assert_eq!(is_tabulated(t), all_tabulated);
        }
        // One rating rewritten (the same number in other digits, another number, or
        // none): equal exactly when the reference's results are equal.
        let mut second = ratings.clone();
        let (at, same_number, with) = rewritten;
        second[at] = if same_number {
            ratings[at].map(|r| RiskRating::new(r.value().normalize()).unwrap())
        } else {
            with
        };
        let b = check(&scorer, &old, &assess(&model, &second, unknown));
        if let (Some((ta, wa, oa)), Some((tb, wb, ob))) = (a, b) {
            let same = oa == ob;
            prop_assert_eq!(ta == tb, same);
            prop_assert_eq!(tb == ta, same);
            prop_assert_eq!(ta == wb, same);
            prop_assert_eq!(wa == tb, same);
        }
    }
}
