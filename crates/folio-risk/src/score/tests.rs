//! Worked examples for scoring, with numbers that can be checked by hand.

use super::*;
use crate::model::RiskModelData;
use crate::ratings::Ratings;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn r(s: &str) -> RiskRating {
    RiskRating::new(d(s)).unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
}

fn assessment(ratings: &[(&str, &str)]) -> Assessment {
    Assessment {
        product: ProductId::new("atlas").unwrap(),
        date: date(),
        ratings: ratings
            .iter()
            .map(|(f, v)| (FactorId::new(f).unwrap(), r(v)))
            .collect::<Ratings>(),
    }
}

/// The worked example of the module docs.
const EXAMPLE: [(&str, &str); 9] = [
    ("reliability", "4"),
    ("security", "5"),
    ("platform_debt", "3"),
    ("competitive_pressure", "2"),
    ("churn_signals", "3"),
    ("critical_path_delivery", "4"),
    ("dependency_risk", "4"),
    ("margin_compression", "1"),
    ("cost_volatility", "2"),
];

fn without(factors: &[&str]) -> Vec<(&'static str, &'static str)> {
    EXAMPLE
        .iter()
        .filter(|(f, _)| !factors.contains(f))
        .copied()
        .collect()
}

fn scorer(config: ScoringConfig) -> Scorer {
    let expected = config.clone();
    let scorer = Scorer::new(RiskModel::standard(), config).unwrap();
    assert_eq!(scorer.model(), &RiskModel::standard());
    assert_eq!(scorer.config(), &expected);
    scorer
}

fn exclude() -> ScoringConfig {
    ScoringConfig {
        missing: MissingRatingPolicy::ExcludeAndRenormalize,
        ..ScoringConfig::default()
    }
}

/// Checks the product score and each dimension's score (`None` when left out).
fn check(
    scorer: &Scorer,
    ratings: &[(&str, &str)],
    score: &str,
    dimensions: &[(&str, Option<&str>)],
) {
    let scored = scorer.score(&assessment(ratings)).unwrap();
    assert_eq!(scored.score, r(score), "score of {ratings:?}");
    for (id, expected) in dimensions {
        let line = scored.dimension(id).unwrap();
        assert_eq!(
            line.score(),
            expected.map(r),
            "dimension {id} of {ratings:?}"
        );
    }
}

#[test]
fn worked_examples() {
    let standard = scorer(ScoringConfig::default());
    let lenient = scorer(exclude());
    // The module docs' example: (4 + 1.5 + 2.5 + 4) / 4 = 3.
    check(
        &standard,
        &EXAMPLE,
        "3",
        &[
            ("execution", Some("4")),
            ("financial", Some("1.5")),
            ("market", Some("2.5")),
            ("technical", Some("4")),
        ],
    );
    // Without security, technical is (4 + 3) / 2 = 3.5 and the score (4 + 1.5 + 2.5 +
    // 3.5) / 4 = 2.875.
    check(
        &lenient,
        &without(&["security"]),
        "2.875",
        &[("technical", Some("3.5")), ("market", Some("2.5"))],
    );
    // Reliability now holds half of technical, a quarter of the score: lift 0.375.
    let scored = lenient.score(&assessment(&without(&["security"]))).unwrap();
    let technical = scored.dimension("technical").unwrap();
    assert_eq!(
        technical.factors().nth(1).unwrap().share().value(),
        d("0.5")
    );
    assert_eq!(technical.factors().nth(1).unwrap().lift(), d("0.375"));
    // Without the market dimension, the score is (4 + 1.5 + 4) / 3 = 3.1666… -> 3.1667.
    // The explanation renormalizes too: reliability and platform debt share technical
    // half and half, and the three scored dimensions a third each.
    let scored = lenient
        .score(&assessment(&without(&[
            "security",
            "competitive_pressure",
            "churn_signals",
        ])))
        .unwrap();
    let technical = scored.dimension("technical").unwrap();
    let shares: Vec<_> = technical.factors().map(|f| f.share().value()).collect();
    assert_eq!(shares, [d("0.5"), d("0.5"), d("0")]);
    assert_eq!(
        technical.share().value(),
        d("0.3333333333333333333333333333")
    );
    assert_eq!(scored.dimension("market").unwrap().share(), Ratio::ZERO);
    // Reliability (4) lifts by 1/3 · 1/2 · 3 = 0.5, computed from the 28-digit third.
    assert_eq!(
        technical.factors().nth(1).unwrap().lift(),
        d("0.4999999999999999999999999998")
    );
    check(
        &lenient,
        &without(&["competitive_pressure", "churn_signals"]),
        "3.1667",
        &[("market", None), ("technical", Some("4"))],
    );
    // All ones and all fives are the ends of the scale.
    let all = |v: &'static str| EXAMPLE.iter().map(|(f, _)| (*f, v)).collect::<Vec<_>>();
    check(&standard, &all("1"), "1", &[("technical", Some("1"))]);
    check(&standard, &all("5"), "5", &[("market", Some("5"))]);
}

#[test]
fn weights_shift_the_score() {
    // Technical weighs 2 and, within it, security weighs 2:
    // technical = (4·1 + 5·2 + 3·1) / 4 = 4.25;
    // score = (2·4.25 + 4 + 1.5 + 2.5) / 5 = 16.5 / 5 = 3.3.
    let mut data = RiskModelData::standard();
    for dimension in &mut data.dimensions {
        if dimension.id.as_str() == "technical" {
            dimension.weight = Weight::new(d("2")).unwrap();
            for factor in &mut dimension.factors {
                if factor.id.as_str() == "security" {
                    factor.weight = Weight::new(d("2")).unwrap();
                }
            }
        }
    }
    let scorer = Scorer::new(RiskModel::new(data).unwrap(), ScoringConfig::default()).unwrap();
    let scored = scorer.score(&assessment(&EXAMPLE)).unwrap();
    assert_eq!(scored.score, r("3.3"));
    let technical = scored.dimension("technical").unwrap();
    assert_eq!(technical.score(), Some(r("4.25")));
    assert_eq!(technical.share().value(), d("0.4"));
    assert_eq!(technical.contribution(), d("1.7"));
    let security = technical
        .factors()
        .find(|f| f.factor().as_str() == "security");
    let security = security.unwrap();
    assert_eq!(security.share().value(), d("0.5"));
    assert_eq!(security.contribution(), d("2.5"));
    // lift = 0.4 · 0.5 · (5 − 1) = 0.8
    assert_eq!(security.lift(), d("0.8"));
    assert_eq!(
        scored.drivers().next().unwrap().factor().as_str(),
        "security"
    );
}

#[test]
fn explanation_of_the_worked_example() {
    let scored = scorer(ScoringConfig::default())
        .score(&assessment(&EXAMPLE))
        .unwrap();
    assert_eq!(scored.band, Band::Medium);
    let ids: Vec<_> = scored
        .dimensions()
        .map(|d| d.dimension().as_str())
        .collect();
    assert_eq!(ids, ["execution", "financial", "market", "technical"]);
    for line in scored.dimensions() {
        assert_eq!(line.share().value(), d("0.25"), "{}", line.dimension());
    }
    let contributions: Vec<_> = scored.dimensions().map(|d| d.contribution()).collect();
    assert_eq!(contributions, [d("1"), d("0.375"), d("0.625"), d("1")]);
    assert_eq!(contributions.iter().sum::<Decimal>(), d("3"));
    let technical = scored.dimension("technical").unwrap();
    let factors: Vec<_> = technical.factors().map(|f| f.factor().as_str()).collect();
    assert_eq!(factors, ["platform_debt", "reliability", "security"]);
    assert_eq!(
        technical.factors().next().unwrap().share().value(),
        d("0.3333333333333333333333333333")
    );
    assert_eq!(technical.band(), Some(Band::High));
    // Lifts add up to score − 1 = 2 (to 27 places: the thirds are rounded).
    let lifts: Decimal = scored
        .dimensions()
        .flat_map(|d| d.factors().map(|f| f.lift()))
        .sum();
    assert!((lifts - d("2")).abs() < d("1e-26"), "{lifts}");
    let drivers: Vec<_> = scored
        .drivers()
        .map(|d| (d.factor().as_str(), d.lift()))
        .collect();
    assert_eq!(
        drivers,
        [
            ("critical_path_delivery", d("0.375")),
            ("dependency_risk", d("0.375")),
            // 1/4 · 0.333…3 (28 places) · 4 loses one unit in the last place.
            ("security", d("0.3333333333333333333333333332")),
        ]
    );
}

#[test]
fn drivers_only_lift_above_the_floor() {
    let config = ScoringConfig {
        top_drivers: 20,
        ..ScoringConfig::default()
    };
    let scored = scorer(config).score(&assessment(&EXAMPLE)).unwrap();
    // margin_compression is rated 1: it lifts nothing and is not a driver.
    assert_eq!(scored.drivers().count(), 8);
    assert!(
        scored
            .drivers()
            .all(|d| d.factor().as_str() != "margin_compression")
    );
    let none = ScoringConfig {
        top_drivers: 0,
        ..ScoringConfig::default()
    };
    assert!(
        scorer(none)
            .score(&assessment(&EXAMPLE))
            .unwrap()
            .drivers()
            .next()
            .is_none()
    );
}

#[cfg(feature = "serde")]
#[test]
fn thirds_are_rounded_to_four_places() {
    let model: RiskModel = serde_json::from_str(
        r#"{"dimensions":[{"id":"a","name":"A","factors":[
            {"id":"x","name":"X"},{"id":"y","name":"Y"},{"id":"z","name":"Z"}]}]}"#,
    )
    .unwrap();
    let scorer = Scorer::new(model, ScoringConfig::default()).unwrap();
    for (ratings, expected) in [
        ([("x", "1"), ("y", "1"), ("z", "2")], "1.3333"),
        ([("x", "1"), ("y", "2"), ("z", "2")], "1.6667"),
        ([("x", "4"), ("y", "4"), ("z", "4")], "4"),
    ] {
        let scored = scorer.score(&assessment(&ratings)).unwrap();
        assert_eq!(scored.score, r(expected), "{ratings:?}");
    }
}

#[test]
fn scoring_errors_name_the_offending_ids() {
    let standard = scorer(ScoringConfig::default());
    let lenient = scorer(exclude());
    let product = ProductId::new("atlas").unwrap();
    let f = |s: &str| FactorId::new(s).unwrap();
    assert_eq!(
        standard.score(&assessment(&without(&["security", "dependency_risk"]))),
        Err(Error::MissingRating {
            product: product.clone(),
            date: date(),
            dimension: DimensionId::new("execution").unwrap(),
            factor: f("dependency_risk"),
        })
    );
    let mut unknown = EXAMPLE.to_vec();
    unknown.push(("velocity", "3"));
    unknown.push(("agility", "3"));
    assert_eq!(
        lenient.score(&assessment(&unknown)),
        Err(Error::UnknownFactor {
            product: product.clone(),
            date: date(),
            factor: f("agility"),
        })
    );
    // Found after scoring when nothing is missing: one unknown among nine ratings.
    let mut swapped = without(&["security"]);
    swapped.push(("velocity", "3"));
    assert_eq!(
        lenient.score(&assessment(&swapped)),
        Err(Error::UnknownFactor {
            product: product.clone(),
            date: date(),
            factor: f("velocity"),
        })
    );
    // An unknown factor is reported before a missing one, whatever the policy.
    let mut both = without(&["security"]);
    both.push(("velocity", "3"));
    assert_eq!(
        standard.score(&assessment(&both)),
        Err(Error::UnknownFactor {
            product: product.clone(),
            date: date(),
            factor: f("velocity"),
        })
    );
    assert_eq!(
        lenient.score(&assessment(&[])),
        Err(Error::NothingRated {
            product,
            date: date(),
        })
    );
}

#[cfg(feature = "serde")]
#[test]
fn zero_weight_ratings_are_shown_but_do_not_count() {
    let model: RiskModel = serde_json::from_str(
        r#"{"dimensions":[
            {"id":"a","name":"A","factors":[{"id":"x","name":"X"},{"id":"y","name":"Y","weight":0}]},
            {"id":"b","name":"B","weight":0,"factors":[{"id":"z","name":"Z"}]}]}"#,
    )
    .unwrap();
    let scorer = Scorer::new(model, exclude()).unwrap();
    let scored = scorer
        .score(&assessment(&[("x", "2"), ("y", "5"), ("z", "5")]))
        .unwrap();
    assert_eq!(scored.score, r("2"));
    let a = scored.dimension("a").unwrap();
    assert_eq!(a.factors().nth(1).unwrap().rating(), Some(r("5")));
    assert_eq!(a.factors().nth(1).unwrap().share(), Ratio::ZERO);
    let b = scored.dimension("b").unwrap();
    assert_eq!((b.score(), b.share()), (Some(r("5")), Ratio::ZERO));
    // A dimension whose only rated factor weighs zero is left out, its rating shown.
    let model: RiskModel = serde_json::from_str(
        r#"{"dimensions":[
            {"id":"a","name":"A","factors":[{"id":"x","name":"X"},{"id":"y","name":"Y","weight":0}]},
            {"id":"b","name":"B","factors":[{"id":"z","name":"Z"}]}]}"#,
    )
    .unwrap();
    let other = Scorer::new(model, exclude()).unwrap();
    let scored = other.score(&assessment(&[("y", "5"), ("z", "3")])).unwrap();
    assert_eq!(scored.score, r("3"));
    let a = scored.dimension("a").unwrap();
    assert_eq!((a.score(), a.share()), (None, Ratio::ZERO));
    assert_eq!(a.factors().nth(1).unwrap().rating(), Some(r("5")));
    assert_eq!(a.factors().nth(1).unwrap().share(), Ratio::ZERO);
    assert_eq!(scored.dimension("b").unwrap().share(), Ratio::ONE);
    // Only zero-weight factors rated: nothing counts.
    assert!(matches!(
        scorer.score(&assessment(&[("y", "5")])),
        Err(Error::NothingRated { .. })
    ));
}

fn rule(id: &str, scope: TriggerScope, threshold: &str) -> TriggerRule {
    TriggerRule {
        id: TriggerRuleId::new(id).unwrap(),
        scope,
        threshold: r(threshold),
        action: RequiredAction::new(
            "cpo".parse().unwrap(),
            "Risk review with the product lead",
            "Mitigation plan",
        )
        .unwrap(),
    }
}

fn on(dimension: &str) -> TriggerScope {
    TriggerScope::Dimension {
        dimension: DimensionId::new(dimension).unwrap(),
    }
}

#[test]
fn triggers_fire_at_or_above_their_threshold() {
    let config = ScoringConfig {
        triggers: vec![
            rule("z-score", TriggerScope::Score, "3"),
            rule("tech", on("technical"), "4.5"),
            rule("any", TriggerScope::AnyDimension, "4"),
            rule("market", on("market"), "2.5"),
        ],
        ..ScoringConfig::default()
    };
    let scored = scorer(config).score(&assessment(&EXAMPLE)).unwrap();
    let fired: Vec<_> = scored
        .alerts
        .iter()
        .map(|a| (a.rule.as_str(), a.subject.clone(), a.value))
        .collect();
    let dim = |id: &str| AlertSubject::Dimension {
        dimension: DimensionId::new(id).unwrap(),
    };
    assert_eq!(
        fired,
        [
            ("any", dim("execution"), r("4")),
            ("any", dim("technical"), r("4")),
            ("market", dim("market"), r("2.5")),
            ("z-score", AlertSubject::Score, r("3")),
        ]
    );
    assert!(
        scored
            .alerts
            .iter()
            .all(|a| a.action.owner().as_str() == "cpo")
    );
    assert!(scored.alerts.iter().all(|a| a.product.as_str() == "atlas"));
}

#[test]
fn scorer_checks_rules_against_the_model() {
    let unknown = ScoringConfig {
        triggers: vec![rule("legal", on("legal"), "4")],
        ..ScoringConfig::default()
    };
    assert_eq!(
        Scorer::new(RiskModel::standard(), unknown).map(|_| ()),
        Err(Error::UnknownDimension {
            rule: TriggerRuleId::new("legal").unwrap(),
            dimension: DimensionId::new("legal").unwrap(),
        })
    );
    let duplicate = ScoringConfig {
        triggers: vec![
            rule("b", TriggerScope::Score, "4"),
            rule("a", TriggerScope::Score, "4"),
            rule("b", TriggerScope::AnyDimension, "4"),
        ],
        ..ScoringConfig::default()
    };
    assert_eq!(
        Scorer::new(RiskModel::standard(), duplicate).map(|_| ()),
        Err(Error::DuplicateRule {
            rule: TriggerRuleId::new("b").unwrap()
        })
    );
}

/// The fast paths of scoring (ratings matched by a merge, tabulated terms of the common
/// ratings, drivers chosen without a sort) against the straightforward computation:
/// every share and term computed per assessment, drivers by a full sort.
mod fast_path {
    use folio_types::strategy;
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::*;

    /// Ratings as written: whole (`4`), tenths (`4.0`, `3.7`), hundredths (`4.00`,
    /// `3.25`), so that both the tabulated and the computed terms are exercised.
    fn written_rating() -> impl Strategy<Value = RiskRating> {
        prop_oneof![
            (1i64..=5).prop_map(|n| RiskRating::new(Decimal::new(n, 0)).unwrap()),
            (10i64..=50).prop_map(|n| RiskRating::new(Decimal::new(n, 1)).unwrap()),
            strategy::risk_rating(),
        ]
    }

    fn model(weights: &[(Weight, Vec<Weight>)]) -> RiskModel {
        try_model(weights).unwrap()
    }

    /// The model of [`model`]; an error where its weights make it invalid (all zero).
    fn try_model(weights: &[(Weight, Vec<Weight>)]) -> crate::Result<RiskModel> {
        // Ids out of model order, so the merge has work to do.
        RiskModel::new(crate::score::test_models::model_data(weights, |i, j| {
            format!("f{}-{i}", 9usize.saturating_sub(j))
        }))
    }

    /// A driver as plain values, for comparing.
    type Plain = (DimensionId, FactorId, RiskRating, Decimal);

    /// The drivers by a full sort of every candidate.
    fn sorted_drivers(scored: &ProductScore, n: usize) -> Vec<Plain> {
        let mut drivers: Vec<Plain> = scored
            .dimensions()
            .flat_map(|d| {
                d.factors().filter_map(move |f| match f.rating() {
                    Some(rating) if f.lift() > Decimal::ZERO => {
                        Some((d.dimension().clone(), f.factor().clone(), rating, f.lift()))
                    }
                    _ => None,
                })
            })
            .collect();
        drivers.sort_by(|a, b| {
            b.3.cmp(&a.3)
                .then_with(|| a.0.cmp(&b.0))
                .then_with(|| a.1.cmp(&b.1))
        });
        drivers.truncate(n);
        drivers
    }

    fn plain_drivers(scored: &ProductScore) -> Vec<Plain> {
        scored
            .drivers()
            .map(|d| {
                (
                    d.dimension().clone(),
                    d.factor().clone(),
                    d.rating(),
                    d.lift(),
                )
            })
            .collect()
    }

    /// Same digits: `Decimal` equality ignores the scale, so compare the text too.
    fn same_digits(fast: &ProductScore, slow: &ProductScore) {
        assert_eq!(fast, slow);
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn tabulated_terms_match_the_computation(
            weights in vec((strategy::positive_weight(), vec(strategy::positive_weight(), 1..=4)), 1..=4),
            ratings in vec(proptest::option::of(written_rating()), 16),
            unknown in proptest::option::of(written_rating()),
            exclude_missing in any::<bool>(),
            top in 0usize..=5,
        ) {
            let model = model(&weights);
            let config = ScoringConfig {
                missing: if exclude_missing {
                    MissingRatingPolicy::ExcludeAndRenormalize
                } else {
                    MissingRatingPolicy::Error
                },
                top_drivers: top,
                ..ScoringConfig::default()
            };
            let fast = Scorer::new(model.clone(), config).unwrap();
            prop_assert!(fast.plan.is_some());
            let slow = Scorer {
                plan: None,
                tables: None,
                ..fast.clone()
            };
            let mut given: Ratings = model
                .dimensions()
                .iter()
                .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
                .zip(&ratings)
                .filter_map(|(id, r)| r.map(|r| (id, r)))
                .collect();
            if let Some(r) = unknown {
                given.insert(FactorId::new("f5-x").unwrap(), r);
            }
            let assessment = Assessment {
                product: ProductId::new("atlas").unwrap(),
                date: date(),
                ratings: given,
            };
            match (fast.score(&assessment), slow.score(&assessment)) {
                (Ok(a), Ok(b)) => {
                    same_digits(&a, &b);
                    prop_assert_eq!(plain_drivers(&a), sorted_drivers(&a, top));
                }
                (a, b) => prop_assert_eq!(a, b),
            }
        }
    }

    /// A weight that is sometimes zero, so that weightless factors and dimensions are
    /// exercised, and otherwise a small whole number (many ties) or any weight.
    fn any_weight() -> impl Strategy<Value = Weight> {
        prop_oneof![
            1 => Just(Weight::new(Decimal::ZERO).unwrap()),
            3 => (1i64..=3).prop_map(|n| Weight::new(Decimal::from(n)).unwrap()),
            3 => strategy::positive_weight(),
        ]
    }

    /// The compact result against the implementation it replaced (`reference`, the
    /// code of main at 6282fbf): the same text of every number (digits and scale), the
    /// same drivers in the same order, the same alerts, the same errors, the same
    /// `Debug` text and the same JSON.
    fn same_as_reference(new: &ProductScore, old: &super::super::reference::ProductScore) {
        assert_eq!(format!("{new:?}"), format!("{old:?}"));
        assert_eq!(format!("{new:#?}"), format!("{old:#?}"));
        #[cfg(feature = "serde")]
        assert_eq!(
            serde_json::to_value(new).unwrap(),
            serde_json::to_value(old).unwrap()
        );
        #[cfg(feature = "serde")]
        assert_eq!(
            serde_json::to_string(new).unwrap(),
            serde_json::to_string(old).unwrap()
        );
        assert_eq!(
            (&new.product, new.date, new.score, new.band),
            (&old.product, old.date, old.score, old.band)
        );
        assert_eq!(new.score.to_string(), old.score.to_string());
        assert_eq!(new.alerts, old.alerts);
        assert_eq!(new.dimensions().len(), old.dimensions.len());
        for (n, o) in new.dimensions().zip(&old.dimensions) {
            assert_eq!(n.dimension(), &o.dimension);
            assert_eq!(n.weight(), o.weight);
            assert_eq!(n.share().to_string(), o.share.to_string());
            assert_eq!(
                n.score().map(|s| s.to_string()),
                o.score.map(|s| s.to_string())
            );
            assert_eq!(n.band(), o.band);
            assert_eq!(n.contribution().to_string(), o.contribution.to_string());
            assert_eq!(n.factors().len(), o.factors.len());
            for (nf, of) in n.factors().zip(&o.factors) {
                assert_eq!(nf.factor(), &of.factor);
                assert_eq!(nf.weight(), of.weight);
                assert_eq!(
                    nf.rating().map(|r| r.to_string()),
                    of.rating.map(|r| r.to_string())
                );
                assert_eq!(nf.share().to_string(), of.share.to_string());
                assert_eq!(nf.contribution().to_string(), of.contribution.to_string());
                assert_eq!(nf.lift().to_string(), of.lift.to_string());
            }
        }
        let new_drivers: Vec<_> = new
            .drivers()
            .map(|d| {
                (
                    d.dimension().clone(),
                    d.factor().clone(),
                    d.rating().to_string(),
                    d.lift().to_string(),
                )
            })
            .collect();
        let old_drivers: Vec<_> = old
            .drivers
            .iter()
            .map(|d| {
                (
                    d.dimension.clone(),
                    d.factor.clone(),
                    d.rating.to_string(),
                    d.lift.to_string(),
                )
            })
            .collect();
        assert_eq!(new_drivers, old_drivers);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn compact_results_match_the_reference_implementation(
            weights in vec((any_weight(), vec(any_weight(), 1..=4)), 1..=4),
            ratings in vec(proptest::option::of(written_rating()), 16),
            unknown in proptest::option::of(written_rating()),
            exclude_missing in any::<bool>(),
            top in 0usize..=6,
            thresholds in [
                proptest::option::of(written_rating()),
                proptest::option::of(written_rating()),
                proptest::option::of(written_rating()),
            ],
            rotation in any::<usize>(),
            reversed in any::<bool>(),
            build in 0u8..4,
        ) {
            // A model with zero weights everywhere is invalid; skip those draws.
            let Ok(model) = try_model(&weights) else {
                return Ok(());
            };
            let config = crate::score::test_models::config(exclude_missing, top, thresholds);
            let new = Scorer::new(model.clone(), config.clone()).unwrap();
            let old = super::super::reference::Scorer::new(model.clone(), config).unwrap();
            let mut pairs: Vec<(FactorId, RiskRating)> = model
                .dimensions()
                .iter()
                .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
                .zip(&ratings)
                .filter_map(|(id, r)| r.map(|r| (id, r)))
                .collect();
            if let Some(r) = unknown {
                pairs.push((FactorId::new("f5-x").unwrap(), r));
            }
            // The order the ratings are given in, and the way the ratings are built,
            // never show.
            let len = pairs.len().max(1);
            pairs.rotate_left(rotation.checked_rem(len).unwrap_or(0));
            if reversed {
                pairs.reverse();
            }
            let assessment =
                Assessment::new(ProductId::new("atlas").unwrap(), date(), pairs.clone()).unwrap();
            let built: Ratings = match build {
                0 => pairs.iter().cloned().collect(),
                1 => {
                    let mut ratings = Ratings::new();
                    for (factor, rating) in pairs.iter().cloned() {
                        prop_assert_eq!(ratings.insert(factor, rating), None);
                    }
                    ratings
                }
                2 => {
                    let mut ratings = Ratings::new();
                    ratings.extend(pairs.iter().cloned());
                    ratings
                }
                _ => Ratings::from(pairs.iter().cloned().collect::<std::collections::BTreeMap<_, _>>()),
            };
            prop_assert_eq!(&built, &assessment.ratings);
            match (new.score(&assessment), old.score(&assessment)) {
                (Ok(n), Ok(o)) => same_as_reference(&n, &o),
                (Err(n), Err(o)) => prop_assert_eq!(n, o),
                (n, o) => prop_assert!(false, "{n:?} against {o:?}"),
            }
        }
    }

    #[test]
    fn the_table_keys_ratings_as_written() {
        for index in 0..TABULATED {
            let r = tabulated_rating(index).unwrap();
            assert_eq!(tabulated(r), Some(index), "{r}");
        }
        assert_eq!(tabulated(r("4.00")), None);
        assert_eq!(tabulated(r("4.25")), None);
        // Mantissas beyond one 32-bit word, and a scale beyond 255 is impossible.
        assert_eq!(tabulated(r("4.0000000000")), None);
        assert_eq!(tabulated(r("1.0000000000000000000000000000")), None);
        assert_eq!(tabulated(r("5.0")), Some(45));
        assert_eq!(tabulated(r("1")), Some(0));
        assert_eq!(tabulated(r("4")), Some(3));
        assert_eq!(tabulated(r("4.0")), Some(35));
        assert_eq!(tabulated(r("1.00")), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The key read from the decimal's parts is the reference's, read from its
        /// `i128` mantissa and scale, for ratings of any digits: one to three words of
        /// mantissa, any scale, near the table's edges (`1.00`, `10` and `50` tenths).
        #[test]
        fn the_table_key_from_parts_is_the_reference_key(
            mantissa in prop_oneof![
                1i64..=60,
                1i64..=600_000,
                // A middle word, and a low word that alone would be a key.
                (1i64..=3, 1i64..=60).prop_map(|(high, low)| (high << 32) | low),
                1i64..=i64::MAX,
            ],
            scale in prop_oneof![0u32..=2, 0u32..=28],
        ) {
            if let Ok(rating) = RiskRating::new(Decimal::new(mantissa, scale.min(19))) {
                prop_assert_eq!(tabulated(rating), super::super::reference::tabulated(rating));
            }
            if let Some(value) = Decimal::try_from_i128_with_scale(
                i128::from(mantissa) << 40,
                scale,
            )
            .ok()
            .and_then(|v| RiskRating::new(v).ok())
            {
                prop_assert_eq!(tabulated(value), super::super::reference::tabulated(value));
            }
        }
    }
}
