//! Builders shared by the integration tests: portfolios written as compact JSON.
// Each test binary uses some of these helpers; a malformed fixture should fail the test
// loudly, so the helpers unwrap and panic like the tests themselves.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::needless_pass_by_value
)]

pub mod cascade;

use folio_okr::{Level, NodeId, PortfolioData, Problem, ProgressInputs, TierProblem};
use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
use serde_json::{Value, json};

pub fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn p(text: &str) -> Progress {
    Progress::new(d(text)).unwrap()
}

/// The validation problem of an edge that breaks the tier rules.
pub fn tier(
    child: NodeId,
    child_level: Level,
    parent: NodeId,
    parent_level: Level,
    kind: TierProblem,
) -> Problem {
    Problem::Tier {
        child,
        child_level,
        parent,
        parent_level,
        kind,
    }
}

pub fn oid(id: &str) -> NodeId {
    NodeId::Objective(ObjectiveId::new(id).unwrap())
}

pub fn kid(id: &str) -> NodeId {
    NodeId::KeyResult(KeyResultId::new(id).unwrap())
}

/// An edge: `"o:grow"` or `"k:arr"`, with a weight.
pub fn edge(to: &str, weight: &str) -> Value {
    let target = match to.split_once(':') {
        Some(("o", id)) => json!({ "objective": id }),
        Some(("k", id)) => json!({ "key_result": id }),
        _ => panic!("bad edge target {to}"),
    };
    json!({ "to": target, "weight": weight })
}

/// An objective: tier "portfolio" or "product", drivers, edges `(to, weight)`.
pub fn objective(id: &str, tier: &str, drivers: &str, to: &[(&str, &str)]) -> Value {
    json!({
        "id": id, "name": id, "tier": tier, "drivers": drivers,
        "contributes_to": to.iter().map(|(t, w)| edge(t, w)).collect::<Vec<_>>(),
    })
}

/// A key result: tier "product" or "initiative", edges `(to, weight)`.
pub fn key_result(id: &str, tier: &str, to: &[(&str, &str)]) -> Value {
    json!({
        "id": id, "name": id, "tier": tier, "owner": "owner", "product": "atlas",
        "contributes_to": to.iter().map(|(t, w)| edge(t, w)).collect::<Vec<_>>(),
    })
}

pub fn portfolio(method: &str, objectives: Vec<Value>, key_results: Vec<Value>) -> PortfolioData {
    serde_json::from_value(json!({
        "policy": { "method": method },
        "objectives": objectives,
        "key_results": key_results,
    }))
    .unwrap()
}

pub fn inputs(progress: &[(&str, &str)]) -> ProgressInputs {
    ProgressInputs::new(
        progress
            .iter()
            .map(|(id, value)| (KeyResultId::new(*id).unwrap(), p(value))),
    )
}

/// The three-tier portfolio of the crate docs.
pub fn crate_example(method: &str) -> PortfolioData {
    portfolio(
        method,
        vec![
            objective("grow", "portfolio", "child_objectives", &[]),
            objective("atlas-win", "product", "key_results", &[("o:grow", "2")]),
            objective("lens-adopt", "product", "key_results", &[("o:grow", "1")]),
        ],
        vec![
            key_result("atlas-arr", "product", &[("o:atlas-win", "3")]),
            key_result("atlas-nps", "product", &[("o:atlas-win", "1")]),
            key_result("lens-active", "product", &[("o:lens-adopt", "1")]),
            key_result("lens-onboarding", "initiative", &[("k:lens-active", "1")]),
            key_result("lens-docs", "initiative", &[("k:lens-active", "1")]),
        ],
    )
}

pub fn crate_example_inputs() -> ProgressInputs {
    inputs(&[
        ("atlas-arr", "0.6"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0.3"),
    ])
}

/// A valid three-tier portfolio, as lists to edit: portfolio objective "p1"; product
/// objective "a" contributing to it; product key results "ka1" (weight 1) and "ka2"
/// (weight 2) contributing to "a"; initiative key result "i1" contributing to "ka1".
pub fn three_tier_lists() -> (Vec<Value>, Vec<Value>) {
    (
        vec![
            objective("p1", "portfolio", "child_objectives", &[]),
            objective("a", "product", "key_results", &[("o:p1", "1")]),
        ],
        vec![
            key_result("ka1", "product", &[("o:a", "1")]),
            key_result("ka2", "product", &[("o:a", "2")]),
            key_result("i1", "initiative", &[("k:ka1", "1")]),
        ],
    )
}
