//! Assertions on the plan's id lookup ([`Plan::index_of`](folio_okr::Plan::index_of),
//! update by id, and the JSON loader's reading of parents and progress by id) on
//! portfolios large enough that the id table spans more than one block of slots and
//! its probe runs are long, with short ids (held whole in the table) and long ones
//! (found by hash and checked), and an objective and a key result sharing a text.
//! Every expected value is worked out by hand from the portfolio as written here.
// Tests fail loudly: they unwrap, index and panic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{d, inputs, key_result, kid, objective, oid, p, tier};
use folio_okr::json::load;
use folio_okr::{
    Error, Level, NodeId, OkrGraph, PortfolioData, Problem, ProgressInputs, TierProblem, validate,
};
use folio_types::KeyResultId;
use serde_json::{Value, json};

/// Key results in the large portfolio.
const KEY_RESULTS: usize = 5_000;
/// Product objectives in the large portfolio.
const PRODUCTS: usize = 50;

/// Product objective `j`: even ones have short ids, odd ones long ones.
fn product(j: usize) -> String {
    if j % 2 == 0 {
        format!("po{j}")
    } else {
        format!("product-objective-{j}")
    }
}

/// Key result `i`: even ones have short ids, odd ones long ones.
fn leaf(i: usize) -> String {
    if i % 2 == 0 {
        format!("k{i}")
    } else {
        format!("key-result-{i}")
    }
}

/// Portfolio objective "grow" (counting child objectives), 50 product objectives under
/// it (weight 1), and 5,000 product key results, key result `i` under product
/// objective `i % 50` (weight 1): 5,051 nodes, so the id table has 8,192 slots
/// (at least 5,051 + 5,051 / 3 + 1 = 6,735).
fn large() -> Value {
    let objectives: Vec<Value> =
        std::iter::once(objective("grow", "portfolio", "child_objectives", &[]))
            .chain(
                (0..PRODUCTS)
                    .map(|j| objective(&product(j), "product", "key_results", &[("o:grow", "1")])),
            )
            .collect();
    let key_results: Vec<Value> = (0..KEY_RESULTS)
        .map(|i| {
            let to = format!("o:{}", product(i % PRODUCTS));
            key_result(&leaf(i), "product", &[(to.as_str(), "1")])
        })
        .collect();
    json!({ "policy": { "method": "weighted" }, "objectives": objectives, "key_results": key_results })
}

fn every_id() -> Vec<NodeId> {
    std::iter::once(oid("grow"))
        .chain((0..PRODUCTS).map(|j| oid(&product(j))))
        .chain((0..KEY_RESULTS).map(|i| kid(&leaf(i))))
        .collect()
}

#[test]
fn every_node_of_a_large_plan_is_found_by_its_id_and_no_other() {
    let data: PortfolioData = serde_json::from_value(large()).unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let plan = graph.plan();
    assert_eq!(plan.len(), 1 + PRODUCTS + KEY_RESULTS);
    let mut seen = vec![false; plan.len()];
    for id in every_id() {
        let at = plan
            .index_of(&id)
            .unwrap_or_else(|| panic!("{id} not found"));
        assert_eq!(plan.node(at), Some(&id));
        assert!(!seen[at.get()], "{id} shares an index");
        seen[at.get()] = true;
    }
    // The same texts as the other kind are other ids, which the portfolio does not have.
    for i in 0..KEY_RESULTS {
        assert_eq!(plan.index_of(&oid(&leaf(i))), None, "objective {}", leaf(i));
    }
    for j in 0..PRODUCTS {
        assert_eq!(
            plan.index_of(&kid(&product(j))),
            None,
            "key result {}",
            product(j)
        );
    }
    assert_eq!(plan.index_of(&kid("grow")), None);
    for absent in [
        "k5000",
        "k1",
        "key-result-5000",
        "key-result-0",
        "k",
        "key-result-",
    ] {
        assert_eq!(plan.index_of(&kid(absent)), None, "{absent}");
    }
    assert_eq!(plan.index_of(&oid("po50")), None);
    assert_eq!(plan.index_of(&oid("product-objective-0")), None);
}

#[test]
fn an_update_by_id_in_a_large_plan_moves_its_own_objective() {
    let data: PortfolioData = serde_json::from_value(large()).unwrap();
    let graph = OkrGraph::new(data).unwrap();
    let zeros: Vec<(String, &str)> = (0..KEY_RESULTS).map(|i| (leaf(i), "0")).collect();
    let zeros: Vec<(&str, &str)> = zeros.iter().map(|(id, v)| (id.as_str(), *v)).collect();
    let mut rollup = graph.rollup(&inputs(&zeros)).unwrap();
    let value =
        |rollup: &folio_okr::Rollup, id: &NodeId| rollup.value(id).unwrap().reported.value();
    // Key result 4,999 is the last of the 100 under product objective 49, key result 0
    // the first of those under product objective 0: each moves its objective to 1/100,
    // and "grow" to (0.01 + 0.01) / 50.
    rollup
        .update(&KeyResultId::new("key-result-4999").unwrap(), p("1"))
        .unwrap();
    rollup
        .update(&KeyResultId::new("k0").unwrap(), p("1"))
        .unwrap();
    assert_eq!(value(&rollup, &kid("key-result-4999")), d("1"));
    assert_eq!(value(&rollup, &kid("k0")), d("1"));
    assert_eq!(value(&rollup, &oid("product-objective-49")), d("0.01"));
    assert_eq!(value(&rollup, &oid("po0")), d("0.01"));
    assert_eq!(value(&rollup, &oid("po48")), d("0"));
    assert_eq!(value(&rollup, &oid("grow")), d("0.0004"));
    // Ids the portfolio does not have are refused.
    assert!(
        rollup
            .update(&KeyResultId::new("k5000").unwrap(), p("1"))
            .is_err()
    );
    assert!(
        rollup
            .update(&KeyResultId::new("key-result-5000").unwrap(), p("1"))
            .is_err()
    );
    assert!(
        rollup
            .update(&KeyResultId::new("po0").unwrap(), p("1"))
            .is_err()
    );
}

#[test]
fn loading_a_large_portfolio_reads_every_parent_and_progress_by_id() {
    // Key result `i` at (i mod 10) / 10: the 100 key results under product objective
    // `j` are `j, j + 50, ..., j + 4,950`, all with `i mod 10 = j mod 10`, so objective
    // `j` is at (j mod 10) / 10 and "grow", their mean, at (0 + 0.1 + ... + 0.9) / 10
    // = 0.45.
    let progress: serde_json::Map<String, Value> = (0..KEY_RESULTS)
        .map(|i| (leaf(i), json!(format!("0.{}", i % 10))))
        .collect();
    let inputs_text = json!({ "progress": progress }).to_string();
    let (graph, rollup) = load(&large().to_string(), &inputs_text).unwrap();
    assert_eq!(graph.key_result_count(), KEY_RESULTS);
    let value = |id: &NodeId| rollup.value(id).unwrap().reported.value();
    for i in 0..KEY_RESULTS {
        assert_eq!(
            value(&kid(&leaf(i))),
            d(&format!("0.{}", i % 10)),
            "{}",
            leaf(i)
        );
    }
    for j in 0..PRODUCTS {
        assert_eq!(
            value(&oid(&product(j))),
            d(&format!("0.{}", j % 10)),
            "{}",
            product(j)
        );
        // Each holds its own 100 key results and nothing else.
        let at = graph.plan().index_of(&oid(&product(j))).unwrap();
        assert_eq!(graph.plan().contributors(at).len(), KEY_RESULTS / PRODUCTS);
    }
    assert_eq!(value(&oid("grow")), d("0.45"));
}

/// Objective "x" and key result "x" share a text: portfolio objective "grow"; product
/// objective "x" under it; product key results "x" and "y" under objective "x";
/// initiative key result "i" under key result "x". Long ids the same way, with
/// "objective-or-key-result" for "x".
fn shared_text(x: &str) -> String {
    let ox = format!("o:{x}");
    let kx = format!("k:{x}");
    json!({
        "policy": { "method": "weighted" },
        "objectives": [
            objective("grow", "portfolio", "child_objectives", &[]),
            objective(x, "product", "key_results", &[("o:grow", "1")]),
        ],
        "key_results": [
            key_result(x, "product", &[(ox.as_str(), "1")]),
            key_result("y", "product", &[(ox.as_str(), "1")]),
            key_result("i", "initiative", &[(kx.as_str(), "1")]),
        ],
    })
    .to_string()
}

#[test]
fn an_objective_and_a_key_result_sharing_a_text_are_told_apart_when_loading() {
    // "i" at 0.4 is the only contributor of key result "x", so "x" is at 0.4; objective
    // "x" averages key results "x" and "y" (0.8): 0.6, and so does "grow".
    for x in ["x", "objective-or-key-result"] {
        let (graph, rollup) = load(
            &shared_text(x),
            r#"{ "progress": { "i": "0.4", "y": "0.8" } }"#,
        )
        .unwrap();
        let value = |id: &NodeId| rollup.value(id).unwrap().reported.value();
        assert_eq!(value(&kid(x)), d("0.4"), "{x}");
        assert_eq!(value(&oid(x)), d("0.6"), "{x}");
        assert_eq!(value(&oid("grow")), d("0.6"), "{x}");
        let plan = graph.plan();
        let (o, k) = (
            plan.index_of(&oid(x)).unwrap(),
            plan.index_of(&kid(x)).unwrap(),
        );
        assert_ne!(o, k);
        assert_eq!(plan.node(o), Some(&oid(x)));
        assert_eq!(plan.node(k), Some(&kid(x)));
        // Key result "x" has "i" as its contributor; objective "x" has "x" and "y".
        assert_eq!(plan.contributors(k).len(), 1);
        assert_eq!(plan.contributors(o).len(), 2);
    }
}

/// The record path's answer for the same documents: what [`load`] must give.
fn record_path(portfolio: &str, progress: &str) -> Result<(), Error> {
    let data: PortfolioData = serde_json::from_str(portfolio).unwrap();
    let graph = OkrGraph::new(data)?;
    let inputs: ProgressInputs = serde_json::from_str(progress).unwrap();
    graph.rollup(&inputs).map(|_| ())
}

#[test]
fn progress_for_an_unknown_short_id_is_refused_as_the_record_path_refuses_it() {
    // One leaf, "arr"; the progress names it and an id the portfolio does not have,
    // first or last.
    let portfolio = json!({
        "policy": { "method": "weighted" },
        "objectives": [objective("grow", "portfolio", "key_results", &[])],
        "key_results": [key_result("arr", "product", &[("o:grow", "1")])],
    })
    .to_string();
    for progress in [
        r#"{ "progress": { "zz": "0.5", "arr": "0.2" } }"#,
        r#"{ "progress": { "arr": "0.2", "zz": "0.5" } }"#,
        r#"{ "progress": { "arr": "0.2", "grow": "0.5" } }"#,
    ] {
        let expected = record_path(&portfolio, progress).unwrap_err();
        assert_eq!(
            load(&portfolio, progress).map(|_| ()).unwrap_err(),
            expected,
            "{progress}"
        );
    }
    // Without the unknown id, "arr" is read.
    let (_, rollup) = load(&portfolio, r#"{ "progress": { "arr": "0.2" } }"#).unwrap();
    assert_eq!(
        rollup.value(&oid("grow")).unwrap().reported.value(),
        d("0.2")
    );
}

#[test]
fn a_repeated_key_result_id_is_refused_when_loading() {
    for id in ["k1", "key-result-1"] {
        let portfolio = json!({
            "policy": { "method": "weighted" },
            "objectives": [objective("grow", "portfolio", "key_results", &[])],
            "key_results": [
                key_result(id, "product", &[("o:grow", "1")]),
                key_result("other", "product", &[("o:grow", "1")]),
                key_result(id, "product", &[("o:grow", "2")]),
            ],
        })
        .to_string();
        let progress = format!(r#"{{ "progress": {{ "{id}": "0.5", "other": "0.1" }} }}"#);
        let Err(Error::Invalid { problems, .. }) = load(&portfolio, &progress) else {
            panic!("{id}: a repeated id must be refused");
        };
        assert!(
            problems.contains(&Problem::DuplicateId { node: kid(id) }),
            "{id}: {problems:?}"
        );
        assert_eq!(
            Err(Error::Invalid {
                problems,
                warnings: vec![folio_okr::Warning::TooFewPortfolioObjectives {
                    objectives: vec![folio_types::ObjectiveId::new("grow").unwrap()],
                }],
            }),
            record_path(&portfolio, &progress)
        );
    }
}

#[test]
fn every_record_of_a_repeated_id_is_checked_with_its_own_tier() {
    // "dupa" and "dupb" are each defined twice, first as product objectives under "p1",
    // then as portfolio objectives, all counting key results; initiative key results
    // "ia" and "ib" contribute to them. Against the product copies the edges are
    // allowed; against the portfolio copies they skip a tier (module docs: records
    // that share an id are all checked, each with its own tier). Both copies count key
    // results, so nothing else is wrong, and "p1", "dupa" and "dupb" are three
    // portfolio objectives: no warning.
    let (mut objectives, mut key_results) = common::three_tier_lists();
    objectives.push(objective(
        "dupa",
        "product",
        "key_results",
        &[("o:p1", "1")],
    ));
    objectives.push(objective(
        "dupb",
        "product",
        "key_results",
        &[("o:p1", "1")],
    ));
    objectives.push(objective("dupa", "portfolio", "key_results", &[]));
    objectives.push(objective("dupb", "portfolio", "key_results", &[]));
    key_results.push(key_result("ia", "initiative", &[("o:dupa", "1")]));
    key_results.push(key_result("ib", "initiative", &[("o:dupb", "1")]));
    let report = validate(&common::portfolio("weighted", objectives, key_results));
    let mut expected = vec![
        Problem::DuplicateId { node: oid("dupa") },
        Problem::DuplicateId { node: oid("dupb") },
        tier(
            kid("ia"),
            Level::InitiativeKeyResult,
            oid("dupa"),
            Level::PortfolioObjective,
            TierProblem::Skip,
        ),
        tier(
            kid("ib"),
            Level::InitiativeKeyResult,
            oid("dupb"),
            Level::PortfolioObjective,
            TierProblem::Skip,
        ),
    ];
    expected.sort();
    assert_eq!(report.problems, expected);
    assert_eq!(report.warnings, []);
}

#[test]
fn a_cycle_that_also_reaches_an_earlier_cycle_is_reported_with_it() {
    // Product objectives "o1" to "o4" (counting child objectives), numbered in that
    // order: "o1" and "o2" contribute to each other, and so do "o3" and "o4"; "o3"
    // also contributes to "o1". Two cycles, {o1, o2} and {o3, o4}, and each of the
    // five edges joins peers.
    let objectives = vec![
        objective("o1", "product", "child_objectives", &[("o:o2", "1")]),
        objective("o2", "product", "child_objectives", &[("o:o1", "1")]),
        objective(
            "o3",
            "product",
            "child_objectives",
            &[("o:o4", "1"), ("o:o1", "1")],
        ),
        objective("o4", "product", "child_objectives", &[("o:o3", "1")]),
    ];
    let report = validate(&common::portfolio("weighted", objectives, vec![]));
    let peers = |child: &str, parent: &str| {
        tier(
            oid(child),
            Level::ProductObjective,
            oid(parent),
            Level::ProductObjective,
            TierProblem::SameTier,
        )
    };
    let mut expected = vec![
        peers("o1", "o2"),
        peers("o2", "o1"),
        peers("o3", "o4"),
        peers("o3", "o1"),
        peers("o4", "o3"),
        Problem::Cycle {
            nodes: vec![oid("o1"), oid("o2")],
        },
        Problem::Cycle {
            nodes: vec![oid("o3"), oid("o4")],
        },
    ];
    expected.sort();
    assert_eq!(report.problems, expected);
}

/// A KPI target on `metric`.
fn target(metric: &str) -> Value {
    json!({ "metric": metric, "goal": { "increase_to": { "baseline": "0", "target": "10" } } })
}

fn with_target(mut record: Value, metric: &str) -> Value {
    record["target"] = target(metric);
    record
}

#[test]
fn a_kpi_edge_between_metrics_is_a_mismatch_and_one_metric_is_not() {
    // Portfolio objective "p1", product objective "a" and product key result "ka1"
    // measure revenue; product key result "ka2" measures NPS and contributes to "a".
    let build = |ka2: &str| {
        let (objectives, key_results) = common::three_tier_lists();
        let objectives = vec![
            with_target(objectives[0].clone(), "revenue"),
            with_target(objectives[1].clone(), "revenue"),
        ];
        let key_results = vec![
            with_target(key_results[0].clone(), "revenue"),
            with_target(key_results[1].clone(), ka2),
        ];
        common::portfolio("kpi", objectives, key_results)
    };
    assert_eq!(validate(&build("revenue")).problems, []);
    assert_eq!(
        validate(&build("nps")).problems,
        [Problem::MetricMismatch {
            child: kid("ka2"),
            child_metric: folio_types::MetricId::new("nps").unwrap(),
            parent: oid("a"),
            parent_metric: folio_types::MetricId::new("revenue").unwrap(),
        }]
    );
}

#[test]
fn dependency_cycles_and_warnings_read_as_sentences() {
    let cycle = Problem::DependencyCycle {
        nodes: vec![oid("a"), kid("ka1"), kid("ka2")],
    };
    assert_eq!(
        cycle.to_string(),
        "dependency cycle through objective \"a\", key result \"ka1\", key result \"ka2\""
    );
    let one = Problem::DependencyCycle {
        nodes: vec![kid("ka1")],
    };
    assert_eq!(
        one.to_string(),
        "dependency cycle through key result \"ka1\""
    );
    let ids = |n: usize| -> Vec<folio_types::ObjectiveId> {
        (1..=n)
            .map(|i| folio_types::ObjectiveId::new(format!("p{i}")).unwrap())
            .collect()
    };
    assert_eq!(
        folio_okr::Warning::TooManyPortfolioObjectives { objectives: ids(6) }.to_string(),
        "6 portfolio objectives: more than 5 and teams lose focus"
    );
    assert_eq!(
        folio_okr::Warning::TooFewPortfolioObjectives { objectives: ids(1) }.to_string(),
        "1 portfolio objective(s): fewer than 3, the seeds' 3-5 portfolio goals"
    );
}

#[test]
fn a_report_with_a_problem_is_not_valid() {
    // The base portfolio with "ka2" defined twice: one problem, and the one warning
    // (a single portfolio objective).
    let (objectives, mut key_results) = common::three_tier_lists();
    key_results.push(key_result("ka2", "product", &[("o:a", "1")]));
    let report = validate(&common::portfolio("weighted", objectives, key_results));
    assert_eq!(report.problems, [Problem::DuplicateId { node: kid("ka2") }]);
    assert!(!report.is_valid());
    let (objectives, key_results) = common::three_tier_lists();
    let report = validate(&common::portfolio("weighted", objectives, key_results));
    assert_eq!(report.warnings.len(), 1);
    assert!(report.is_valid());
}
