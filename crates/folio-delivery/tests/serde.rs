//! Serialization: results serialize to JSON (they are outputs and do not deserialize),
//! and deserializing an input validates.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and the Little's-law check is f64
// arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]
#![cfg(feature = "serde")]

mod common;

use common::{day, jam_issues, jam_workflow};
use folio_delivery::{Flow, FlowReport, Interval, Scope, Window, Workflow, WorkflowData};

#[test]
fn a_flow_report_serializes_to_json() {
    let workflow = jam_workflow();
    let mapping = workflow.map(&jam_issues()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let w = Window::new(day("2018-01-01"), day("2018-01-10")).unwrap();
    let report = FlowReport::build("team", &flow, w, Interval::Week).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["label"], "team");
    assert_eq!(value["done"], report.done);
    assert_eq!(value["items"], report.items);
    assert_eq!(value["summary"], report.summary.as_str());
    assert_eq!(
        value["throughput"].as_array().map(Vec::len),
        Some(report.throughput.len())
    );
    // Decimals are strings, so no precision is lost.
    assert!(json.contains(r#""p85":"3""#), "{json}");
}

#[test]
fn a_workflow_deserializes_through_its_validation() {
    let data: WorkflowData = jam_workflow().into();
    let json = serde_json::to_string(&data).unwrap();
    let back: Workflow = serde_json::from_str(&json).unwrap();
    assert_eq!(back, jam_workflow());
    let twice = r#"{"stages":[
        {"name":"A","kind":"committed","statuses":["x"]},
        {"name":"B","kind":"done","statuses":["x"]}]}"#;
    let err = serde_json::from_str::<Workflow>(twice)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("status \"x\" is in stage \"A\" and in stage \"B\""),
        "{err}"
    );
    let backwards = r#"{"from":"2026-02-01","to":"2026-01-01"}"#;
    assert!(serde_json::from_str::<Window>(backwards).is_err());
}
