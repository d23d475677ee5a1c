//! Validation: one case per problem kind, each with the exact problems expected.
// Test helpers outside `#[test]` functions unwrap and panic on bad fixtures like the
// tests do, and table types are spelled out where they are used.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::needless_pass_by_value,
    clippy::type_complexity
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{key_result, kid, objective, oid, portfolio, three_tier_lists as base, tier};
use folio_okr::{
    Drivers, Error, Level, OkrGraph, PortfolioData, Problem, RollupMethod, TierProblem, Warning,
    validate,
};
use folio_types::ObjectiveId;
use serde_json::Value;

fn check(
    method: &str,
    edit: impl FnOnce(&mut Vec<Value>, &mut Vec<Value>),
    expected: Vec<Problem>,
) {
    let (mut objectives, mut key_results) = base();
    edit(&mut objectives, &mut key_results);
    let data = portfolio(method, objectives, key_results);
    let report = validate(&data);
    assert_eq!(report.problems, expected);
    // The graph refuses exactly these problems.
    match OkrGraph::new(data) {
        Ok(_) => assert!(expected.is_empty()),
        Err(Error::Invalid { problems, .. }) => assert_eq!(problems, expected),
        Err(other) => panic!("unexpected error {other}"),
    }
}

fn obj(id: &str) -> ObjectiveId {
    ObjectiveId::new(id).unwrap()
}

#[test]
fn the_base_portfolio_is_valid() {
    check("weighted", |_, _| {}, vec![]);
    check("say_do", |_, _| {}, vec![]);
}

#[test]
fn duplicate_ids() {
    check(
        "weighted",
        |o, k| {
            o.push(objective("a", "product", "key_results", &[("o:p1", "1")]));
            k.push(key_result("ka2", "product", &[("o:a", "1")]));
        },
        vec![
            Problem::DuplicateId { node: oid("a") },
            Problem::DuplicateId { node: kid("ka2") },
        ],
    );
}

#[test]
fn unknown_parents() {
    check(
        "weighted",
        |_, k| {
            k.push(key_result(
                "ka3",
                "product",
                &[("o:a", "1"), ("o:nope", "1")],
            ));
            k.push(key_result("i2", "initiative", &[("k:missing", "1")]));
        },
        vec![
            Problem::UnknownParent {
                child: kid("i2"),
                parent: kid("missing"),
            },
            Problem::UnknownParent {
                child: kid("ka3"),
                parent: oid("nope"),
            },
        ],
    );
}

#[test]
fn tier_skip_is_also_an_uncounted_contributor() {
    check(
        "weighted",
        |_, k| k.push(key_result("i2", "initiative", &[("o:p1", "1")])),
        vec![
            tier(
                kid("i2"),
                Level::InitiativeKeyResult,
                oid("p1"),
                Level::PortfolioObjective,
                TierProblem::Skip,
            ),
            Problem::UncountedContributor {
                objective: obj("p1"),
                drivers: Drivers::ChildObjectives,
                child: kid("i2"),
            },
        ],
    );
}

#[test]
fn inversion_and_the_cycle_it_closes() {
    check(
        "weighted",
        |o, _| {
            o[1] = objective(
                "a",
                "product",
                "key_results",
                &[("o:p1", "1"), ("k:ka1", "1")],
            );
        },
        vec![
            tier(
                oid("a"),
                Level::ProductObjective,
                kid("ka1"),
                Level::ProductKeyResult,
                TierProblem::Inversion,
            ),
            Problem::Cycle {
                nodes: vec![oid("a"), kid("ka1")],
            },
        ],
    );
}

#[test]
fn same_tier_edges() {
    check(
        "weighted",
        |o, k| {
            o.push(objective("b", "product", "key_results", &[("o:a", "1")]));
            k.push(key_result("kb", "product", &[("o:b", "1"), ("k:ka2", "1")]));
        },
        vec![
            tier(
                oid("b"),
                Level::ProductObjective,
                oid("a"),
                Level::ProductObjective,
                TierProblem::SameTier,
            ),
            tier(
                kid("kb"),
                Level::ProductKeyResult,
                kid("ka2"),
                Level::ProductKeyResult,
                TierProblem::SameTier,
            ),
            Problem::UncountedContributor {
                objective: obj("a"),
                drivers: Drivers::KeyResults,
                child: oid("b"),
            },
        ],
    );
}

#[test]
fn self_loop_is_a_cycle() {
    check(
        "weighted",
        |_, k| k[1] = key_result("ka2", "product", &[("o:a", "1"), ("k:ka2", "1")]),
        vec![
            tier(
                kid("ka2"),
                Level::ProductKeyResult,
                kid("ka2"),
                Level::ProductKeyResult,
                TierProblem::SameTier,
            ),
            Problem::Cycle {
                nodes: vec![kid("ka2")],
            },
        ],
    );
}

#[test]
fn duplicate_edges() {
    check(
        "weighted",
        |_, k| k[0] = key_result("ka1", "product", &[("o:a", "1"), ("o:a", "3")]),
        vec![Problem::DuplicateEdge {
            child: kid("ka1"),
            parent: oid("a"),
        }],
    );
}

#[test]
fn objectives_without_contributors() {
    check(
        "weighted",
        |o, _| {
            o.push(objective("b", "product", "key_results", &[("o:p1", "1")]));
            o.push(objective("p2", "portfolio", "both", &[]));
        },
        vec![
            Problem::NoContributors {
                objective: obj("b"),
            },
            Problem::NoContributors {
                objective: obj("p2"),
            },
        ],
    );
}

#[test]
fn contributors_the_drivers_exclude() {
    check(
        "weighted",
        |o, _| o[1] = objective("a", "product", "child_objectives", &[("o:p1", "1")]),
        vec![
            Problem::NoContributors {
                objective: obj("a"),
            },
            Problem::UncountedContributor {
                objective: obj("a"),
                drivers: Drivers::ChildObjectives,
                child: kid("ka1"),
            },
            Problem::UncountedContributor {
                objective: obj("a"),
                drivers: Drivers::ChildObjectives,
                child: kid("ka2"),
            },
        ],
    );
}

#[test]
fn records_that_ladder_up_to_nothing() {
    check(
        "weighted",
        |o, k| {
            o.push(objective("b", "product", "key_results", &[]));
            k.push(key_result("kb", "product", &[("o:b", "1")]));
            k.push(key_result("loose", "initiative", &[]));
        },
        vec![
            Problem::LaddersUpToNothing { node: oid("b") },
            Problem::LaddersUpToNothing { node: kid("loose") },
        ],
    );
}

#[test]
fn mixed_methods() {
    check(
        "weighted",
        |o, _| o[1]["method"] = "say_do".into(),
        vec![Problem::MixedMethods {
            objective: obj("a"),
            asked: RollupMethod::SayDo,
            portfolio: RollupMethod::Weighted,
        }],
    );
    // Asking for the portfolio's own method is fine.
    check(
        "weighted",
        |o, _| o[1]["method"] = "weighted".into(),
        vec![],
    );
}

#[test]
fn zero_total_weight_matters_only_to_the_weighted_method() {
    let zero = |_: &mut Vec<Value>, k: &mut Vec<Value>| {
        k[0] = key_result("ka1", "product", &[("o:a", "0")]);
        k[1] = key_result("ka2", "product", &[("o:a", "0.000")]);
    };
    check(
        "weighted",
        zero,
        vec![Problem::ZeroTotalWeight { node: oid("a") }],
    );
    check("say_do", zero, vec![]);
}

#[test]
fn weight_overflow_whatever_the_method() {
    let max = folio_types::Decimal::MAX.to_string();
    for method in ["weighted", "say_do"] {
        check(
            method,
            |_, k| {
                k[0] = key_result("ka1", "product", &[("o:a", &max)]);
                k[1] = key_result("ka2", "product", &[("o:a", &max)]);
            },
            vec![Problem::WeightOverflow { node: oid("a") }],
        );
    }
}

#[test]
fn negative_weights_are_rejected_when_read() {
    let (objectives, mut key_results) = base();
    key_results[0] = key_result("ka1", "product", &[("o:a", "-1")]);
    let json = serde_json::json!({
        "policy": { "method": "weighted" },
        "objectives": objectives,
        "key_results": key_results,
    });
    let err = serde_json::from_value::<PortfolioData>(json).unwrap_err();
    assert!(
        err.to_string().contains("weight -1 is outside >= 0"),
        "{err}"
    );
}

#[test]
fn more_than_five_portfolio_objectives_is_a_warning() {
    let (mut objectives, key_results) = base();
    objectives[0] = objective("p1", "portfolio", "both", &[]);
    let mut key_results = key_results;
    for i in 2..=6 {
        objectives.push(objective(&format!("p{i}"), "portfolio", "key_results", &[]));
        key_results.push(key_result(
            &format!("k{i}"),
            "product",
            &[(&format!("o:p{i}"), "1")],
        ));
    }
    let data = portfolio("weighted", objectives, key_results);
    let report = validate(&data);
    assert!(report.is_valid(), "{:?}", report.problems);
    let expected = vec![Warning::TooManyPortfolioObjectives {
        objectives: (1..=6).map(|i| obj(&format!("p{i}"))).collect(),
    }];
    assert_eq!(report.warnings, expected);
    let graph = OkrGraph::new(data).unwrap();
    assert_eq!(graph.warnings(), expected.as_slice());
    assert_eq!(
        expected[0].to_string(),
        "6 portfolio objectives: more than 5 and teams lose focus"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_any_input_order() {
    let edit = |o: &mut Vec<Value>, k: &mut Vec<Value>| {
        o.push(objective("a", "product", "key_results", &[("o:p1", "1")]));
        o.push(objective("b", "product", "key_results", &[]));
        k.push(key_result("i2", "initiative", &[("o:p1", "1")]));
        k.push(key_result("ka3", "product", &[("o:nope", "1")]));
    };
    let (mut objectives, mut key_results) = base();
    edit(&mut objectives, &mut key_results);
    let forward = validate(&portfolio(
        "weighted",
        objectives.clone(),
        key_results.clone(),
    ));
    objectives.reverse();
    key_results.reverse();
    let backward = validate(&portfolio("weighted", objectives, key_results));
    assert_eq!(forward, backward);
    assert_eq!(forward.problems.len(), 6, "{:#?}", forward.problems);
}

#[test]
fn messages_name_ids() {
    let cases = [
        (
            tier(
                kid("i2"),
                Level::InitiativeKeyResult,
                oid("p1"),
                Level::PortfolioObjective,
                TierProblem::Skip,
            ),
            "the edge from key result \"i2\", a tier-3 initiative key result, to objective \"p1\", a tier-1 portfolio objective, skips a tier",
        ),
        (
            Problem::Cycle {
                nodes: vec![oid("a"), kid("ka1")],
            },
            "cycle through objective \"a\", key result \"ka1\"",
        ),
        (
            Problem::UnknownParent {
                child: kid("ka3"),
                parent: oid("nope"),
            },
            "key result \"ka3\" contributes to unknown objective \"nope\"",
        ),
    ];
    for (problem, message) in cases {
        assert_eq!(problem.to_string(), message);
    }
}
