//! Assertions on behaviour no other test pinned down, found by mutation testing: the
//! JSON Schema of the rollup inputs. Every expected value is worked out by hand from
//! the type's docs.
// Tests fail loudly: they unwrap, index and panic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

#[cfg(feature = "schemars")]
use folio_okr::ProgressInputs;

/// The inputs' schema names the three fields, requires only the leaf progress (the
/// overrides and confidences default to empty) and, as the inputs deny unknown
/// fields, admits no other property.
#[cfg(feature = "schemars")]
#[test]
fn the_progress_inputs_schema_describes_their_three_fields() {
    let schema = serde_json::to_value(ProgressInputs::json_schema()).unwrap();
    assert_eq!(schema["title"], "ProgressInputs");
    assert_eq!(schema["type"], "object");
    let properties = schema["properties"].as_object().unwrap();
    let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["confidence", "overrides", "progress"]);
    assert_eq!(schema["required"], serde_json::json!(["progress"]));
    assert_eq!(schema["additionalProperties"], false);
}
