//! `folio_okr::json::load` against its documented behaviour: the values of the crate
//! example and of hand-made portfolios worked out from the weighted rollup by hand, and
//! the record path's errors for numbers and objectives the column path must not take
//! as read.
#![cfg(feature = "serde")]
// The helpers fail the test loudly, as the tests themselves do.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use common::{crate_example, crate_example_inputs, d, kid, oid};
use folio_okr::json::load;
use folio_okr::{Error, NodeId, Rollup};

fn value(rollup: &Rollup, node: &NodeId) -> folio_types::Decimal {
    rollup
        .value(node)
        .map(|v| v.reported.value())
        .unwrap_or_else(|| panic!("no value for {node:?}"))
}

/// Two product key results under one portfolio objective, the weights and the
/// objective's extra field given as JSON text.
fn two_key_results(arr_weight: &str, nps_weight: &str, objective_extra: &str) -> String {
    format!(
        r#"{{ "policy": {{ "method": "weighted" }},
  "objectives": [{{ "id": "grow", "name": "Grow", "tier": "portfolio",
                    "drivers": "key_results"{objective_extra} }}],
  "key_results": [
    {{ "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
      "contributes_to": [{{ "to": {{ "objective": "grow" }}, "weight": {arr_weight} }}] }},
    {{ "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
      "contributes_to": [{{ "to": {{ "objective": "grow" }}, "weight": {nps_weight} }}] }}
  ] }}"#
    )
}

/// The crate example (weighted): atlas-win = (3 x 0.6 + 1 x 1) / 4 = 0.7; lens-active
/// = (0.5 + 0.3) / 2 = 0.4, so lens-adopt = 0.4; grow = (2 x 0.7 + 1 x 0.4) / 3 = 0.6.
#[test]
fn the_crate_example_loads_from_its_json_text() {
    let portfolio = serde_json::to_string(&crate_example("weighted")).unwrap();
    let inputs = serde_json::to_string(&crate_example_inputs()).unwrap();
    let (graph, rollup) = load(&portfolio, &inputs).unwrap();
    assert_eq!(graph.key_result_count(), 5);
    assert_eq!(value(&rollup, &oid("atlas-win")), d("0.7"));
    assert_eq!(value(&rollup, &kid("lens-active")), d("0.4"));
    assert_eq!(value(&rollup, &oid("lens-adopt")), d("0.4"));
    assert_eq!(value(&rollup, &oid("grow")), d("0.6"));
    assert_eq!(value(&rollup, &kid("lens-docs")), d("0.3"));
}

/// JSON integers are weights and progress as exactly as strings: (3 x 1 + 1 x 0) / 4.
#[test]
fn integer_weights_and_progress_read_as_their_values() {
    let portfolio = two_key_results("3", "1", "");
    let (_, rollup) = load(&portfolio, r#"{ "progress": { "arr": 1, "nps": 0 } }"#).unwrap();
    assert_eq!(value(&rollup, &kid("arr")), d("1"));
    assert_eq!(value(&rollup, &kid("nps")), d("0"));
    assert_eq!(value(&rollup, &oid("grow")), d("0.75"));
    // The same as strings.
    let (_, rollup) = load(
        &two_key_results(r#""3""#, r#""1""#, ""),
        r#"{ "progress": { "arr": "1", "nps": "0" } }"#,
    )
    .unwrap();
    assert_eq!(value(&rollup, &oid("grow")), d("0.75"));
}

fn assert_json_error(result: folio_okr::Result<impl Sized>, expected: &str) {
    match result {
        Err(Error::Json { document, .. }) => assert_eq!(document, expected),
        Err(other) => panic!("expected the {expected} JSON to fail, got {other}"),
        Ok(_) => panic!("expected the {expected} JSON to fail, it loaded"),
    }
}

/// A weight is positive and progress at least zero: a negative JSON integer, or an
/// object where a number belongs, does not parse.
#[test]
fn negative_integers_and_objects_are_not_weights_or_progress() {
    let inputs = r#"{ "progress": { "arr": 1, "nps": 0 } }"#;
    assert_json_error(load(&two_key_results("-1", "1", ""), inputs), "portfolio");
    assert_json_error(load(&two_key_results("{}", "1", ""), inputs), "portfolio");
    let portfolio = two_key_results("3", "1", "");
    assert_json_error(
        load(&portfolio, r#"{ "progress": { "arr": 1, "nps": -1 } }"#),
        "inputs",
    );
    assert_json_error(
        load(&portfolio, r#"{ "progress": { "arr": 1, "nps": {} } }"#),
        "inputs",
    );
}

/// An objective's own method must equal the portfolio's: a different one fails
/// validation; the same one loads with the portfolio's values.
#[test]
fn an_objectives_own_method_is_validated() {
    let inputs = r#"{ "progress": { "arr": "0.8", "nps": "0.4" } }"#;
    let portfolio = two_key_results("3", "1", r#", "method": "say_do""#);
    assert!(matches!(
        load(&portfolio, inputs),
        Err(Error::Invalid { .. })
    ));
    let portfolio = two_key_results("3", "1", r#", "method": "weighted""#);
    let (_, rollup) = load(&portfolio, inputs).unwrap();
    // (3 x 0.8 + 1 x 0.4) / 4
    assert_eq!(value(&rollup, &oid("grow")), d("0.7"));
}

/// `objectives` and `key_results` are both required fields, even when empty.
#[test]
fn a_portfolio_without_objectives_or_key_results_does_not_parse() {
    let inputs = r#"{ "progress": {} }"#;
    for portfolio in [
        r#"{ "policy": { "method": "weighted" }, "objectives": [] }"#,
        r#"{ "policy": { "method": "weighted" }, "key_results": [] }"#,
        r#"{ "objectives": [], "key_results": [] }"#,
    ] {
        match load(portfolio, inputs) {
            Err(Error::Json { document, message }) => {
                assert_eq!(document, "portfolio");
                assert!(message.contains("missing field"), "{message}");
            }
            Err(other) => panic!("{portfolio}: {other}"),
            Ok(_) => panic!("{portfolio}: loaded"),
        }
    }
}
