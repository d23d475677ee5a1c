//! The committed JSON Schemas of the review's input files match the types, and every
//! sample file parses through the library types (whose constructors validate).
//!
//! To refresh the committed schemas after changing a type:
//! `FOLIO_UPDATE_SCHEMAS=1 cargo test -p folio-review --features schemars --test schemas`.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use folio_review::input::{FILES, Inputs, SAMPLE};
use folio_review::schema::schemas;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/schema")
}

#[test]
fn committed_schemas_match_the_types() {
    let update = std::env::var_os("FOLIO_UPDATE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for (name, generated) in schemas() {
        let path = schema_dir().join(name);
        if update {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "schemas out of date: {stale:?}; run FOLIO_UPDATE_SCHEMAS=1 cargo test -p folio-review --features schemars --test schemas"
    );
}

#[test]
fn one_schema_per_input_file() {
    let names: Vec<String> = schemas().iter().map(|(n, _)| (*n).to_owned()).collect();
    let expected: Vec<String> = FILES
        .iter()
        .chain(["allocation.json"].iter())
        .map(|f| f.replace(".json", ".schema.json"))
        .collect();
    assert_eq!(names, expected);
    let sample: Vec<&str> = SAMPLE.iter().map(|(n, _)| *n).collect();
    assert_eq!(sample, FILES);
}

#[test]
fn every_sample_file_parses() {
    let inputs = Inputs::sample().unwrap();
    assert_eq!(inputs.structure.lines().len(), 5);
    assert_eq!(inputs.structure.products().len(), 5);
    assert_eq!(inputs.portfolio.objectives.len(), 8);
    assert_eq!(inputs.metrics.rules.iter().len(), 5);
    assert_eq!(inputs.roi.cases.len(), 6);
    assert_eq!(inputs.benefits.book.cases().len(), 4);
    // The files on disk are the embedded ones.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let from_disk = Inputs::from_dir(&dir).unwrap();
    assert_eq!(from_disk.tracking.check_ins, inputs.tracking.check_ins);
    // The optional files are in the sample too.
    assert_eq!(
        inputs
            .allocation
            .as_ref()
            .map(|a| a.portfolio.initiatives().len()),
        Some(8)
    );
    assert_eq!(inputs.jira.as_ref().map(Vec::len), Some(6));
    assert_eq!(inputs.linear.as_ref().map(Vec::len), Some(7));
}
