//! The JSON Schemas of the model and the answers can be generated, and a portfolio's
//! schema is the plain data's.
#![cfg(feature = "schemars")]

use folio_allocation::{Acceleration, CutPlan, Frontier, Portfolio, PortfolioData, Reallocation};

#[test]
fn schemas_generate() {
    let portfolio = serde_json::to_value(schemars::schema_for!(Portfolio)).unwrap_or_default();
    let data = serde_json::to_value(schemars::schema_for!(PortfolioData)).unwrap_or_default();
    assert_eq!(portfolio.get("properties"), data.get("properties"));
    assert!(portfolio.pointer("/properties/initiatives").is_some());
    for schema in [
        serde_json::to_value(schemars::schema_for!(CutPlan)),
        serde_json::to_value(schemars::schema_for!(Acceleration)),
        serde_json::to_value(schemars::schema_for!(Frontier)),
        serde_json::to_value(schemars::schema_for!(Reallocation)),
    ] {
        assert!(schema.is_ok_and(|s| s.get("properties").is_some() || s.get("oneOf").is_some()));
    }
}
