//! Assertions on validation's documented rules that the one-case-per-problem tests in
//! `tests/validation.rs` leave implicit: repeated parents in a long list, dependencies
//! declared on one kind of record only, and the 3-5 portfolio-objective warnings at
//! their bounds. Every expected problem is worked by hand from the table in the
//! `validate` module docs.
// Tests fail loudly: they unwrap, index and panic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{key_result, kid, objective, oid, portfolio, three_tier_lists as base};
use folio_okr::{Problem, Warning, validate};
use folio_types::ObjectiveId;
use serde_json::{Value, json};

/// `record` with a dependency on each of `on` (`"o:id"` or `"k:id"`).
fn depending(mut record: Value, on: &[&str]) -> Value {
    let dependencies: Vec<Value> = on
        .iter()
        .map(|to| {
            let target = match to.split_once(':') {
                Some(("o", id)) => json!({ "objective": id }),
                Some(("k", id)) => json!({ "key_result": id }),
                _ => panic!("bad dependency target {to}"),
            };
            json!({ "on": target, "kind": "feature" })
        })
        .collect();
    record["depends_on"] = Value::Array(dependencies);
    record
}

#[test]
fn a_parent_repeated_in_a_long_list_is_one_duplicate_edge() {
    // Seventeen more product key results under "a" (kb1..kb17), and "i1" lists all
    // eighteen product key results as parents, "kb5" a second time: 19 edges, one
    // parent listed twice. Every edge climbs from an initiative key result to a
    // product key result, which is allowed, so the repeat is the only problem.
    let (objectives, mut key_results) = base();
    let mut parents: Vec<String> = vec!["k:ka1".to_owned()];
    for i in 1..=17 {
        key_results.push(key_result(&format!("kb{i}"), "product", &[("o:a", "1")]));
        parents.push(format!("k:kb{i}"));
    }
    parents.push("k:kb5".to_owned());
    assert!(parents.len() > 16);
    let edges: Vec<(&str, &str)> = parents.iter().map(|p| (p.as_str(), "1")).collect();
    key_results[2] = key_result("i1", "initiative", &edges);
    let report = validate(&portfolio("weighted", objectives, key_results));
    assert_eq!(
        report.problems,
        [Problem::DuplicateEdge {
            child: kid("i1"),
            parent: kid("kb5"),
        }]
    );
}

#[test]
fn a_long_list_of_distinct_parents_has_no_duplicate() {
    // The same eighteen parents, each once.
    let (objectives, mut key_results) = base();
    let mut parents: Vec<String> = vec!["k:ka1".to_owned()];
    for i in 1..=17 {
        key_results.push(key_result(&format!("kb{i}"), "product", &[("o:a", "1")]));
        parents.push(format!("k:kb{i}"));
    }
    let edges: Vec<(&str, &str)> = parents.iter().map(|p| (p.as_str(), "1")).collect();
    key_results[2] = key_result("i1", "initiative", &edges);
    let report = validate(&portfolio("weighted", objectives, key_results));
    assert_eq!(report.problems, []);
}

#[test]
fn dependencies_declared_by_objectives_alone_are_checked() {
    // Every objective declares a dependency and no key result does: "p1" on "a"
    // (defined), "a" on the undefined objective "nope".
    let (mut objectives, key_results) = base();
    objectives[0] = depending(objectives[0].clone(), &["o:a"]);
    objectives[1] = depending(objectives[1].clone(), &["o:nope"]);
    let report = validate(&portfolio("weighted", objectives, key_results));
    assert_eq!(
        report.problems,
        [Problem::UnknownDependency {
            node: oid("a"),
            on: oid("nope"),
        }]
    );
}

#[test]
fn dependencies_declared_by_key_results_alone_are_checked() {
    // Every key result declares a dependency and no objective does: "ka1" on "ka2",
    // "i1" on "ka1" (both defined), "ka2" on the undefined key result "nope" and,
    // twice, on "ka1".
    let (objectives, mut key_results) = base();
    key_results[0] = depending(key_results[0].clone(), &["k:ka2"]);
    key_results[1] = depending(key_results[1].clone(), &["k:nope", "k:ka1", "k:ka1"]);
    key_results[2] = depending(key_results[2].clone(), &["k:ka1"]);
    let report = validate(&portfolio("weighted", objectives, key_results));
    let mut expected = vec![
        Problem::UnknownDependency {
            node: kid("ka2"),
            on: kid("nope"),
        },
        Problem::DuplicateDependency {
            node: kid("ka2"),
            on: kid("ka1"),
        },
        // "ka1" depends on "ka2" and "ka2" on "ka1".
        Problem::DependencyCycle {
            nodes: vec![kid("ka1"), kid("ka2")],
        },
    ];
    expected.sort();
    assert_eq!(report.problems, expected);
}

/// `n` portfolio objectives "p1".."pn", each with a product key result "k<i>"
/// contributing to it.
fn portfolio_of(n: usize) -> folio_okr::PortfolioData {
    let objectives = (1..=n)
        .map(|i| objective(&format!("p{i}"), "portfolio", "key_results", &[]))
        .collect();
    let key_results = (1..=n)
        .map(|i| key_result(&format!("k{i}"), "product", &[(&format!("o:p{i}"), "1")]))
        .collect();
    portfolio("weighted", objectives, key_results)
}

#[test]
fn three_to_five_portfolio_objectives_draw_no_warning() {
    // "More than five" and "fewer than three" are strict: 3, 4 and 5 are fine; 2 and 6
    // are not.
    let ids = |n: usize| -> Vec<ObjectiveId> {
        (1..=n)
            .map(|i| ObjectiveId::new(format!("p{i}")).unwrap())
            .collect()
    };
    for n in 2..=6 {
        let report = validate(&portfolio_of(n));
        assert!(report.is_valid(), "{n}: {:?}", report.problems);
        let expected = match n {
            2 => vec![Warning::TooFewPortfolioObjectives { objectives: ids(2) }],
            6 => vec![Warning::TooManyPortfolioObjectives { objectives: ids(6) }],
            _ => vec![],
        };
        assert_eq!(report.warnings, expected, "{n} portfolio objectives");
    }
}
