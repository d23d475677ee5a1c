//! The JSON Schemas that tools in other languages validate their input against.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]
#![cfg(feature = "schemars")]

use folio_benefits::{BenefitsBook, Review, ReviewPolicy, Schedule};
use serde_json::Value;

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap()
}

/// Checks that `schema` is titled `title` and lists `properties`.
fn check(schema: &Value, title: &str, properties: &[&str]) {
    assert_eq!(schema["title"], title, "{schema:#}");
    for property in properties {
        assert!(
            schema["properties"].get(property).is_some(),
            "{title} lacks {property}: {schema:#}"
        );
    }
}

#[test]
fn input_schemas_name_their_types_and_fields() {
    check(
        &schema::<ReviewPolicy>(),
        "ReviewPolicy",
        &[
            "root_cause_threshold",
            "post_mortem_threshold",
            "grace_days",
            "unrecorded",
            "bias_min_initiatives",
            "bias_systematic_share",
        ],
    );
    check(
        &schema::<Schedule>(),
        "Schedule",
        &["days_after_launch", "then_every_months"],
    );
    let book = schema::<BenefitsBook>();
    check(
        &book,
        "BenefitsBook",
        &["schedule", "cases", "realizations"],
    );
    // The book refers to the schedule's own schema, not to an empty one.
    check(
        &book["$defs"]["Schedule"],
        "Schedule",
        &["days_after_launch", "then_every_months"],
    );
    let case = &book["$defs"]["BenefitsCase"];
    for field in [
        "initiative",
        "owner",
        "product_line",
        "approved_on",
        "launched_on",
        "expected",
    ] {
        assert!(
            case["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == field),
            "{field}"
        );
    }

    // A review embeds the policy it applied, by reference to the policy's schema.
    let review = schema::<Review<'static>>();
    check(
        &review["$defs"]["ReviewPolicy"],
        "ReviewPolicy",
        &["grace_days"],
    );
}

/// The JSON Schema of a review, the output other tools read, is the committed one:
/// a change to any output field, its type or its description shows here.
/// Regenerate the file with `FOLIO_BLESS_SCHEMA=1 cargo test -p folio-benefits
/// --features schemars --test schema` after a deliberate change, and read its diff.
#[test]
fn the_review_schema_is_the_committed_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/review_output.schema.json");
    let schema = schema::<Review<'static>>();
    if std::env::var_os("FOLIO_BLESS_SCHEMA").is_some() {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        schema == committed,
        "the review's schema differs from {}:\n{schema:#}",
        path.display()
    );
}
