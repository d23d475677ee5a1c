//! The shipped items of an export feed folio-okr's "activity without outcome" drift rule
//! (the rule the tracking crate had to be fed by hand before).
// Helpers outside `#[test]` functions are not covered by clippy.toml's test exemptions.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
// The OKR graph is written as JSON.
#![cfg(feature = "serde")]

mod common;

use std::collections::BTreeMap;

use common::{day, item};
use folio_delivery::{Window, Workflow, delivery_items};
use folio_okr::OkrGraph;
use folio_okr::tracking::{CheckIn, CheckInLog, DriftPolicy, DriftRule, Reading, drift};
use folio_types::{Confidence, KeyResultId, Period, ProductId};
use serde_json::json;

#[test]
fn shipped_items_from_an_export_raise_the_activity_without_outcome_alert() {
    let edge = json!([{ "to": { "objective": "grow" }, "weight": "1" }]);
    let graph: OkrGraph = OkrGraph::new(
        serde_json::from_value(json!({
            "policy": { "method": "weighted" },
            "objectives": [{ "id": "grow", "name": "grow", "tier": "portfolio",
                             "drivers": "key_results", "contributes_to": [] }],
            "key_results": [{ "id": "adoption", "name": "adoption", "tier": "product",
                              "owner": "owner", "product": "atlas", "contributes_to": edge }],
        }))
        .unwrap(),
    )
    .unwrap();

    // Three features tied to `adoption` reach Done in January; the value stays at 10.
    let shipped = |id: &str, done: &str| {
        let mut it = item(
            id,
            "2026-01-02T09:00:00",
            "Done",
            &[
                ("2026-01-05T09:00:00", "To Do", "In Progress"),
                (&format!("{done}T16:00:00"), "In Progress", "Done"),
            ],
        );
        it.product = Some(ProductId::new("atlas").unwrap());
        it.key_results = vec![KeyResultId::new("adoption").unwrap()];
        it
    };
    let items = [
        shipped("FEAT-12", "2026-01-20"),
        shipped("FEAT-19", "2026-01-28"),
        shipped("EPIC-7", "2026-02-05"),
    ];
    let workflow = Workflow::standard();
    let mapping = workflow.map(&items).unwrap();
    let window = Window::new(day("2026-01-01"), day("2026-02-10")).unwrap();
    let delivered = delivery_items(&workflow, &mapping, window);
    assert_eq!(delivered.len(), 3);

    let check_in = |date: &str| CheckIn {
        key_result: KeyResultId::new("adoption").unwrap(),
        date: day(date),
        reading: Reading::Value(10.into()),
        confidence: Confidence::new("0.8".parse().unwrap()).unwrap(),
        note: String::new(),
        blocker: None,
        decision_needed: None,
    };
    let log = CheckInLog::new(
        &graph,
        Period::quarter(2026, 1).unwrap(),
        day("2026-02-10"),
        vec![
            check_in("2026-01-05"),
            check_in("2026-01-26"),
            check_in("2026-02-09"),
        ],
    )
    .unwrap();
    let alerts = drift(
        &graph,
        &log,
        &BTreeMap::new(),
        &delivered,
        &DriftPolicy::default(),
    )
    .unwrap();
    let alert = alerts
        .iter()
        .find(|a| a.rule == DriftRule::ActivityWithoutOutcome)
        .unwrap();
    assert_eq!(
        alert.message,
        "shipped 3 items tied to this key result in the last 30 days; the value has not moved since 2026-01-05"
    );
}
