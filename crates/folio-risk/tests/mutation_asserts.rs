//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly, and fixture arithmetic cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use folio_risk::{
    AlertSubject, Band, DimensionSpec, ExposureBase, FactorSpec, RequiredAction, RiskModel,
    RiskModelData, Scorer, ScoringConfig, TrendDirection,
};

/// The bands in plain words, as the reports print them.
#[test]
fn bands_read_as_plain_words() {
    for (band, words) in [
        (Band::Low, "low"),
        (Band::Medium, "medium"),
        (Band::High, "high"),
        (Band::Critical, "critical"),
    ] {
        assert_eq!(band.to_string(), words, "{band:?}");
    }
}

/// A required action gives back the owner, discussion and plan it was built with.
#[test]
fn required_action_keeps_what_it_was_given() {
    let action = RequiredAction::new(
        "head-of-product".parse().unwrap(),
        "Portfolio risk review at the monthly health meeting",
        "Mitigation plan with owners and dates",
    )
    .unwrap();
    assert_eq!(action.owner().as_str(), "head-of-product");
    assert_eq!(
        action.discussion(),
        "Portfolio risk review at the monthly health meeting"
    );
    assert_eq!(action.plan(), "Mitigation plan with owners and dates");
}

/// An exposure base prints as its name, the word error messages use for it.
#[test]
fn exposure_bases_print_their_names() {
    for (base, name) in [
        (ExposureBase::Revenue, "revenue"),
        (ExposureBase::Investment, "investment"),
        (ExposureBase::Equal, "equal"),
    ] {
        assert_eq!(base.name(), name);
        assert_eq!(base.to_string(), name);
    }
}

/// An alert names what it watched: `score`, or `<dimension> score`.
#[test]
fn alert_subjects_name_what_they_watch() {
    assert_eq!(AlertSubject::Score.to_string(), "score");
    let technical = AlertSubject::Dimension {
        dimension: "technical".parse().unwrap(),
    };
    assert_eq!(technical.to_string(), "technical score");
}

/// A scorer built on a custom model gives back that model, not the standard one.
#[test]
fn scorer_keeps_its_own_model() {
    let factor = |id: &str| FactorSpec::new(id.parse().unwrap(), id);
    let model = RiskModel::new(RiskModelData {
        dimensions: vec![
            DimensionSpec::new(
                "people".parse().unwrap(),
                "People",
                vec![factor("attrition")],
            ),
            DimensionSpec::new("legal".parse().unwrap(), "Legal", vec![factor("licensing")]),
        ],
    })
    .unwrap();
    let scorer = Scorer::new(model.clone(), ScoringConfig::default()).unwrap();
    assert_eq!(scorer.model(), &model);
    assert_ne!(scorer.model(), &RiskModel::standard());
    let ids: Vec<_> = scorer
        .model()
        .dimensions()
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["legal", "people"]);

    // A product scored on it refers to that model too.
    let ratings = [
        ("attrition".parse().unwrap(), "2".parse().unwrap()),
        ("licensing".parse().unwrap(), "4".parse().unwrap()),
    ];
    let assessment = folio_risk::Assessment::new(
        "atlas".parse().unwrap(),
        "2026-09-30".parse().unwrap(),
        ratings,
    )
    .unwrap();
    let scored = scorer.score(&assessment).unwrap();
    assert_eq!(scored.model(), &model);
    assert_ne!(scored.model(), &RiskModel::standard());
}

/// A trend's direction in plain words.
#[test]
fn trend_directions_read_as_plain_words() {
    for (direction, words) in [
        (TrendDirection::Worsened, "worsened"),
        (TrendDirection::Unchanged, "unchanged"),
        (TrendDirection::Improved, "improved"),
    ] {
        assert_eq!(direction.to_string(), words);
    }
}

/// A scoring configuration holds the documented defaults (every factor rated, bands
/// at 2.5 / 3.5 / 4.5, three drivers) and each builder sets its own field and keeps
/// the others.
#[test]
fn scoring_config_builders_set_their_field_and_keep_the_rest() {
    use folio_risk::{Bands, MissingRatingPolicy};

    let rating = |s: &str| s.parse().unwrap();
    let default = ScoringConfig::default();
    assert_eq!(default.missing(), MissingRatingPolicy::Error);
    assert_eq!(default.top_drivers(), 3);
    assert_eq!(default.bands().band(rating("2.4")), Band::Low);
    assert_eq!(default.bands().band(rating("2.5")), Band::Medium);
    assert_eq!(default.bands().band(rating("3.5")), Band::High);
    assert_eq!(default.bands().band(rating("4.5")), Band::Critical);

    // Cut points 2 / 3 / 4: 3 is high here, medium by default.
    let bands = Bands::new(rating("2"), rating("3"), rating("4")).unwrap();
    let config = ScoringConfig::default()
        .with_missing(MissingRatingPolicy::ExcludeAndRenormalize)
        .with_top_drivers(5)
        .with_bands(bands);
    assert_eq!(config.missing(), MissingRatingPolicy::ExcludeAndRenormalize);
    assert_eq!(config.top_drivers(), 5);
    assert_eq!(config.bands().band(rating("3")), Band::High);
    assert_eq!(config.bands().band(rating("1.9")), Band::Low);
    assert!(config.triggers().is_empty());

    // Set in the other order: each builder keeps what the others set.
    let config = ScoringConfig::default()
        .with_bands(bands)
        .with_top_drivers(0)
        .with_missing(MissingRatingPolicy::ExcludeAndRenormalize);
    assert_eq!(config.top_drivers(), 0);
    assert_eq!(config.bands().band(rating("4")), Band::Critical);
    assert_eq!(config.missing(), MissingRatingPolicy::ExcludeAndRenormalize);
}

/// A portfolio review configuration holds the documented defaults (five riskiest
/// products, three most-worsened dimensions) and the counts it is built with.
#[test]
fn review_config_keeps_its_counts() {
    use folio_risk::ReviewConfig;

    let default = ReviewConfig::default();
    assert_eq!((default.riskiest(), default.most_worsened()), (5, 3));
    let config = ReviewConfig::new(ExposureBase::Equal, 2, 4).unwrap();
    assert_eq!((config.riskiest(), config.most_worsened()), (2, 4));
    assert_eq!(config.base(), ExposureBase::Equal);
}

/// A product score's JSON schema describes what its JSON holds (the product, the
/// score, every dimension and factor line, the drivers), under the name
/// `ProductScore`, and other schemas refer to it by that name rather than copying it.
#[cfg(feature = "schemars")]
#[test]
fn a_product_score_schema_is_named_and_referenced() {
    use folio_risk::ProductScore;
    use schemars::JsonSchema;

    assert_eq!(ProductScore::schema_name(), "ProductScore");
    assert!(ProductScore::schema_id().ends_with("ProductScore"));
    assert!(!ProductScore::inline_schema());

    let schema = serde_json::to_value(schemars::schema_for!(ProductScore)).unwrap();
    assert_eq!(schema["title"], "ProductScore", "{schema}");
    for field in [
        "product",
        "date",
        "score",
        "band",
        "dimensions",
        "drivers",
        "alerts",
    ] {
        assert!(
            schema["properties"][field].is_object(),
            "{field} in {schema}"
        );
    }
    let text = schema.to_string();
    for line in ["DimensionScore", "FactorScore", "contribution", "lift"] {
        assert!(text.contains(line), "{line} missing from {text}");
    }

    let list = serde_json::to_value(schemars::schema_for!(Vec<ProductScore>)).unwrap();
    assert_eq!(list["items"]["$ref"], "#/$defs/ProductScore", "{list}");
    assert!(
        list["$defs"]["ProductScore"]["properties"]["drivers"].is_object(),
        "{list}"
    );
}
