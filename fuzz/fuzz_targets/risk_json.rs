//! Deserializes arbitrary bytes as JSON into a risk model, a scoring configuration,
//! assessments and product figures, and runs them through scoring, trends, exposure and
//! the portfolio review. Nothing here may panic: invalid input must be a typed error.
#![no_main]

use folio_risk::{
    Assessment, ExposureBase, ProductFigures, ProductTrend, ReviewConfig, RiskModel, RiskModelData,
    Scorer, ScoringConfig, exposure, review,
};
use folio_types::{Decimal, NaiveDate, RiskRating};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with any mix of risk inputs.
#[derive(Debug, Deserialize)]
struct Input {
    /// A custom model; the standard one when absent.
    #[serde(default)]
    model: Option<RiskModelData>,
    #[serde(default)]
    config: ScoringConfig,
    #[serde(default)]
    assessments: Vec<Assessment>,
    #[serde(default)]
    figures: Vec<ProductFigures>,
    #[serde(default)]
    base: ExposureBase,
    #[serde(default)]
    review: ReviewConfig,
    #[serde(default)]
    as_of: Option<NaiveDate>,
}

fn in_scale(r: RiskRating) -> bool {
    r.value() >= Decimal::ONE && r.value() <= Decimal::from(5)
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let model = match input.model {
        Some(data) => match RiskModel::new(data) {
            Ok(model) => model,
            Err(_) => return,
        },
        None => RiskModel::standard(),
    };
    // A validated model survives a JSON round trip unchanged.
    let json = serde_json::to_string(&model).expect("a model serializes");
    let back: RiskModel = serde_json::from_str(&json).expect("a valid model deserializes");
    assert_eq!(back, model);

    let Ok(scorer) = Scorer::new(model, input.config) else {
        return;
    };
    let mut scores = Vec::new();
    for assessment in &input.assessments {
        let Ok(scored) = scorer.score(assessment) else {
            continue;
        };
        assert!(in_scale(scored.score));
        assert!(scored.drivers().count() <= scorer.config().top_drivers());
        for d in scored.dimensions() {
            assert!(d.score().is_none_or(in_scale));
        }
        if let Some(previous) = scores.last() {
            let _ = ProductTrend::new(scored.clone(), Some(previous));
        }
        scores.push(scored);
    }
    if let Ok(exposure) = exposure(&scores, &input.figures, input.base) {
        assert!(in_scale(exposure.score));
    }
    let as_of = input
        .as_of
        .or_else(|| input.assessments.iter().map(|a| a.date).max())
        .unwrap_or(NaiveDate::MIN);
    if let Ok(review) = review(
        &scorer,
        &input.assessments,
        &input.figures,
        as_of,
        &input.review,
    ) {
        assert!(in_scale(review.exposure.score));
        assert!(review.riskiest.len() <= input.review.riskiest());
    }
});
