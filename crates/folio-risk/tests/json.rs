//! The JSON boundary: a whole review from JSON documents, and the exported schemas.

// Fixtures are known-good: a failure should abort the test loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

use folio_risk::{
    Assessment, Band, ProductFigures, ReviewConfig, RiskModel, Scorer, ScoringConfig, review,
};
use folio_types::NaiveDate;

const CONFIG: &str = r#"{
    "missing": "exclude_and_renormalize",
    "bands": { "medium": "2", "high": "3", "critical": "4" },
    "triggers": [
        { "id": "score", "scope": { "on": "score" }, "threshold": "3",
          "action": { "owner": "cpo", "discussion": "Portfolio review", "plan": "Mitigation plan" } }
    ]
}"#;

const ASSESSMENTS: &str = r#"[
    { "product": "lens", "date": "2026-09-15",
      "ratings": { "reliability": 2, "margin_compression": 5 } },
    { "product": "atlas", "date": "2026-09-30",
      "ratings": { "reliability": 4, "security": 5, "platform_debt": 3,
                   "competitive_pressure": 2, "churn_signals": 3,
                   "critical_path_delivery": 4, "dependency_risk": 4,
                   "margin_compression": 1, "cost_volatility": 2 } }
]"#;

const FIGURES: &str = r#"[
    { "product": "atlas", "revenue": { "amount": "300", "currency": "EUR" } },
    { "product": "lens", "revenue": { "amount": "100", "currency": "EUR" } }
]"#;

#[test]
fn a_review_from_json_documents() {
    let config: ScoringConfig = serde_json::from_str(CONFIG).unwrap();
    let assessments: Vec<Assessment> = serde_json::from_str(ASSESSMENTS).unwrap();
    let figures: Vec<ProductFigures> = serde_json::from_str(FIGURES).unwrap();
    let scorer = Scorer::new(RiskModel::standard(), config).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let review = review(
        &scorer,
        &assessments,
        &figures,
        as_of,
        &ReviewConfig::default(),
    )
    .unwrap();

    // Lens rates one technical and one financial factor: technical 2, financial 5, the
    // other dimensions are left out, so its score is (2 + 5) / 2 = 3.5.
    let lens = &review.products[1].current;
    assert_eq!(lens.score.to_string(), "3.5");
    assert_eq!(lens.dimension("market").unwrap().score(), None);
    // Exposure: (300 · 3 + 100 · 3.5) / 400 = 3.125; critical from 4 up, high from 3.
    assert_eq!(review.exposure.score.to_string(), "3.125");
    assert_eq!(review.band, Band::High);
    assert_eq!(review.riskiest[0].product.as_str(), "lens");
    // Both products are at or above 3 on their first assessment: two new alerts.
    assert_eq!(review.alerts.len(), 2);

    // The review is plain data for reports: it serializes with decimals as strings and
    // bands in words. It does not deserialize: a review only comes out of `review`, so
    // a stored review can never hold numbers that disagree with each other.
    let json = serde_json::to_value(&review).unwrap();
    assert_eq!(json["exposure"]["score"], "3.125");
    assert_eq!(json["band"], "high");
    assert_eq!(json["riskiest"][0]["product"], "lens");
    assert_eq!(json["alerts"].as_array().unwrap().len(), 2);
}

#[cfg(feature = "schemars")]
#[test]
fn input_schemas_describe_the_validated_forms() {
    let schema = serde_json::to_value(schemars::schema_for!(RiskModel)).unwrap();
    assert!(schema["properties"]["dimensions"].is_object(), "{schema}");
    let schema = serde_json::to_value(schemars::schema_for!(ScoringConfig)).unwrap();
    let text = schema.to_string();
    for field in [
        "missing",
        "bands",
        "triggers",
        "top_drivers",
        "exclude_and_renormalize",
    ] {
        assert!(text.contains(field), "{field} missing from {text}");
    }
    let schema = serde_json::to_value(schemars::schema_for!(Assessment)).unwrap();
    assert!(schema.to_string().contains("ratings"));
}
