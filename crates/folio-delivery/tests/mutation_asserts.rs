//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with cases
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;

use common::item;
use folio_delivery::{Flow, Scope, Workflow};

/// Each scope keeps exactly the items its documentation names: one product, a set of
/// products, one key result, or one type (case-insensitive).
#[test]
fn scopes_select_the_items_they_name() {
    let changes = [("2026-11-02T09:00:00", "To Do", "In Progress")];
    let mut atlas = item("A", "2026-11-01T08:00:00", "In Progress", &changes);
    atlas.product = Some("atlas".parse().unwrap());
    atlas.key_results = vec!["kr3".parse().unwrap()];
    let mut lens = item("B", "2026-11-01T08:00:00", "In Progress", &changes);
    lens.product = Some("lens".parse().unwrap());
    lens.kind = "Bug".into();
    // No product, no key result.
    let loose = item("C", "2026-11-01T08:00:00", "In Progress", &changes);
    let workflow = Workflow::standard();
    let mapping = workflow.map(&[atlas, lens, loose]).unwrap();
    let ids = |scope: &Scope| -> Vec<&str> {
        mapping
            .timelines
            .iter()
            .filter(|t| scope.contains(t))
            .map(|t| t.id.as_str())
            .collect()
    };
    let products =
        |names: &[&str]| -> BTreeSet<_> { names.iter().map(|n| n.parse().unwrap()).collect() };
    assert_eq!(ids(&Scope::All), ["A", "B", "C"]);
    assert_eq!(ids(&Scope::Product("atlas".parse().unwrap())), ["A"]);
    assert_eq!(ids(&Scope::Product("lens".parse().unwrap())), ["B"]);
    assert!(ids(&Scope::Product("zeus".parse().unwrap())).is_empty());
    assert_eq!(
        ids(&Scope::Products(products(&["atlas", "lens"]))),
        ["A", "B"]
    );
    assert_eq!(ids(&Scope::Products(products(&["lens", "zeus"]))), ["B"]);
    assert!(ids(&Scope::Products(products(&[]))).is_empty());
    assert_eq!(ids(&Scope::KeyResult("kr3".parse().unwrap())), ["A"]);
    assert!(ids(&Scope::KeyResult("kr4".parse().unwrap())).is_empty());
    assert_eq!(ids(&Scope::Kind("story".into())), ["A", "C"]);
    assert_eq!(ids(&Scope::Kind("BUG".into())), ["B"]);

    // A flow holds the timelines of its scope, in the order given.
    let flow_ids = |scope: &Scope| -> Vec<String> {
        Flow::new(&workflow, &mapping, scope)
            .timelines()
            .iter()
            .map(|t| t.id.clone())
            .collect()
    };
    assert_eq!(flow_ids(&Scope::All), ["A", "B", "C"]);
    assert_eq!(flow_ids(&Scope::Kind("story".into())), ["A", "C"]);
}
