//! The compiled graph against its documented behaviour (`OkrGraph` docs, the
//! `graph::columns` module docs): objectives by id, key results rebuilt from the
//! columns with their owners, products, names and edges as given, the memory account
//! (no owner or product column while every key result shares one), the period and
//! themes the JSON loader keeps, and the validation warnings of the column compiler.
//! Each graph is built the three ways a caller can build one (`OkrGraph::new`,
//! `json::load`, `csv::load`), and every expected value is written out by hand.
// Tests fail loudly: they unwrap and index.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::oid;
use folio_okr::{
    Contribution, KeyResultData, KeyResultTier, OkrGraph, PortfolioData, RollupMethod, Warning,
};
use folio_types::{KeyResultId, ObjectiveId, OwnerId, Period, ProductId, Weight};
use serde_json::{Value, json};

fn w(text: &str) -> Weight {
    Weight::new(text.parse().unwrap()).unwrap()
}

/// The portfolio document, its graph by the record path and by `json::load` (with every
/// key result at progress 0.5, so the inputs take the column path too).
fn both_json(document: &Value) -> [OkrGraph; 2] {
    let data: PortfolioData = serde_json::from_value(document.clone()).unwrap();
    let progress: serde_json::Map<String, Value> = data
        .key_results
        .iter()
        .map(|k| (k.id.to_string(), json!("0.5")))
        .collect();
    let by_records = OkrGraph::new(data).unwrap();
    let (by_columns, _) = folio_okr::json::load(
        &document.to_string(),
        &json!({ "progress": progress }).to_string(),
    )
    .unwrap();
    [by_records, by_columns]
}

/// A key result record as JSON: product tier, edges `(objective, weight)`.
fn kr(id: &str, name: &str, owner: &str, product: &str, to: &[(&str, &str)]) -> Value {
    json!({
        "id": id, "name": name, "tier": "product", "owner": owner, "product": product,
        "contributes_to": to.iter()
            .map(|(o, w)| json!({ "to": { "objective": o }, "weight": w }))
            .collect::<Vec<_>>(),
    })
}

fn document(objectives: Vec<Value>, key_results: Vec<Value>) -> Value {
    let mut doc = json!({ "policy": { "method": "weighted" } });
    doc["objectives"] = Value::Array(objectives);
    doc["key_results"] = Value::Array(key_results);
    doc
}

/// An objective; a portfolio objective counts both key results and child objectives.
fn obj(id: &str, tier: &str, to: &[&str]) -> Value {
    let drivers = if tier == "portfolio" {
        "both"
    } else {
        "key_results"
    };
    json!({
        "id": id, "name": format!("Objective {id}"), "tier": tier, "drivers": drivers,
        "contributes_to": to.iter().map(|o| json!({ "to": { "objective": o } })).collect::<Vec<_>>(),
    })
}

fn key_result_id(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

/// Four key results, numbered owners ana 0, lee 1, kim 2, ana 0 and products atlas 0,
/// lens 1, atlas 0, orbit 2 in the order given; two with names of their own.
fn four_owners() -> Value {
    document(
        vec![obj("goal", "portfolio", &[])],
        vec![
            kr("k1", "Annual revenue", "ana", "atlas", &[("goal", "1")]),
            kr("k2", "k2", "lee", "lens", &[("goal", "2")]),
            kr("k3", "Net promoter score", "kim", "atlas", &[("goal", "3")]),
            kr("k4", "k4", "ana", "orbit", &[("goal", "4")]),
        ],
    )
}

#[test]
fn key_results_come_back_with_their_owners_products_and_names() {
    // (id, name, owner, product, weight), by id.
    let expected = [
        ("k1", "Annual revenue", "ana", "atlas", "1"),
        ("k2", "k2", "lee", "lens", "2"),
        ("k3", "Net promoter score", "kim", "atlas", "3"),
        ("k4", "k4", "ana", "orbit", "4"),
    ];
    for graph in both_json(&four_owners()) {
        assert_eq!(graph.key_result_count(), 4);
        assert_eq!(graph.key_results().len(), 4);
        let listed: Vec<KeyResultData> = graph.key_results().cloned().collect();
        for (record, &(id, name, owner, product, weight)) in listed.iter().zip(&expected) {
            let want = KeyResultData {
                id: key_result_id(id),
                name: name.to_owned(),
                tier: KeyResultTier::Product,
                owner: OwnerId::new(owner).unwrap(),
                product: ProductId::new(product).unwrap(),
                contributes_to: vec![Contribution::new(oid("goal"), w(weight))],
                target: None,
                deadline: None,
                resources: Vec::new(),
                depends_on: Vec::new(),
            };
            assert_eq!(record, &want);
            assert_eq!(graph.key_result(&key_result_id(id)), Some(&want));
        }
        assert_eq!(graph.key_result(&key_result_id("k5")), None);
    }
}

#[test]
fn objectives_come_back_by_id() {
    let doc = document(
        vec![
            obj("zeta", "product", &["grow"]),
            obj("alpha", "product", &["grow"]),
            obj("grow", "portfolio", &[]),
            obj("mid", "product", &["grow"]),
        ],
        vec![
            kr("kz", "kz", "o", "p", &[("zeta", "1")]),
            kr("ka", "ka", "o", "p", &[("alpha", "1")]),
            kr("km", "km", "o", "p", &[("mid", "1")]),
        ],
    );
    for graph in both_json(&doc) {
        let ids: Vec<&str> = graph.objectives().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["alpha", "grow", "mid", "zeta"]);
        let mid = graph.objective(&ObjectiveId::new("mid").unwrap()).unwrap();
        assert_eq!(mid.name, "Objective mid");
        assert_eq!(mid.contributes_to, [Contribution::new(oid("grow"), w("1"))]);
        assert!(
            graph
                .objective(&ObjectiveId::new("nope").unwrap())
                .is_none()
        );
        // Seven nodes, three of them key results.
        assert_eq!(graph.plan().len(), 7);
        assert_eq!(graph.key_result_count(), 3);
    }
}

/// Key result `k` contributes to the product objectives `a` and `b` with equal weights,
/// listed in `order`.
fn two_parents(order: [&str; 2]) -> Value {
    document(
        vec![
            obj("p", "portfolio", &[]),
            obj("a", "product", &["p"]),
            obj("b", "product", &["p"]),
        ],
        vec![
            kr("k", "k", "o", "x", &[(order[0], "1"), (order[1], "1")]),
            kr("ka", "ka", "o", "x", &[("a", "1")]),
            kr("kb", "kb", "o", "x", &[("b", "1")]),
        ],
    )
}

/// The columns keep a key result's edges as listed when the plan holds them in another
/// order (`graph::columns` module docs): listed either way round, they come back as
/// listed, so one of the two orders is not the plan's.
#[test]
fn edges_come_back_in_the_order_listed() {
    for order in [["a", "b"], ["b", "a"]] {
        let want: Vec<Contribution> = order
            .iter()
            .map(|o| Contribution::new(oid(o), w("1")))
            .collect();
        for graph in both_json(&two_parents(order)) {
            let k = graph.key_result(&key_result_id("k")).unwrap();
            assert_eq!(k.contributes_to, want, "listed {order:?}");
        }
    }
}

/// `count` key results under one objective, all of owner `o` and product `x`, each
/// named `name(i)`.
fn flat(count: usize, name: impl Fn(usize) -> String) -> Value {
    document(
        vec![obj("goal", "portfolio", &[])],
        (0..count)
            .map(|i| {
                let id = format!("k{i:03}");
                kr(&id, &name(i), "o", "x", &[("goal", "1")])
            })
            .collect(),
    )
}

/// While every key result has the same owner and product, a name equal to its id,
/// and the plan's edges, the columns hold nothing per key result (`OkrGraph` docs,
/// Memory): two key results or forty, the graph's own heap is the same.
#[test]
fn uniform_key_results_take_no_memory_of_their_own() {
    let [small_records, small_columns] = both_json(&flat(2, |i| format!("k{i:03}")));
    let [large_records, large_columns] = both_json(&flat(40, |i| format!("k{i:03}")));
    assert_eq!(small_records.heap_bytes(), large_records.heap_bytes());
    assert_eq!(small_columns.heap_bytes(), large_columns.heap_bytes());
    assert!(small_records.heap_bytes() > 0);
}

/// Names other than the id are held in the columns and counted; the records, once
/// built, are counted too.
#[test]
fn names_and_built_records_are_counted() {
    let long = |i: usize| format!("A name of its own for key result number {i:03}");
    let name_bytes: usize = (0..40).map(|i| long(i).len()).sum();
    let [plain_records, plain_columns] = both_json(&flat(40, |i| format!("k{i:03}")));
    let [named_records, named_columns] = both_json(&flat(40, long));
    for (plain, named) in [
        (&plain_records, &named_records),
        (&plain_columns, &named_columns),
    ] {
        let before = named.heap_bytes();
        assert!(
            before >= plain.heap_bytes() + name_bytes,
            "{before} < {} + {name_bytes}",
            plain.heap_bytes()
        );
        assert_eq!(named.key_results().len(), 40);
        assert!(
            named.heap_bytes() >= before + 40 * std::mem::size_of::<KeyResultData>(),
            "the built records are not counted"
        );
        assert_eq!(named.key_results().next().unwrap().name, long(0));
    }
}

#[test]
fn the_json_loader_keeps_the_period_and_the_themes() {
    let mut doc = four_owners();
    doc["period"] = json!("2026-Q2");
    doc["objectives"][0]["theme"] = json!("profitable growth");
    let q2: Period = serde_json::from_value(json!("2026-Q2")).unwrap();
    for graph in both_json(&doc) {
        assert_eq!(graph.period(), Some(q2));
        let goal = graph.objective(&ObjectiveId::new("goal").unwrap()).unwrap();
        assert_eq!(goal.theme.as_deref(), Some("profitable growth"));
        assert_eq!(goal.name, "Objective goal");
    }
    for graph in both_json(&four_owners()) {
        assert_eq!(graph.period(), None);
    }
}

#[test]
fn the_policy_is_the_portfolios() {
    let mut doc = four_owners();
    doc["policy"] = json!({ "method": "say_do" });
    for graph in both_json(&doc) {
        assert_eq!(graph.policy().method(), RollupMethod::SayDo);
    }
}

/// `n` portfolio objectives `g1..`, each with a key result, and two product objectives
/// under `g1` (which are not portfolio objectives and must not be counted).
fn portfolio_objectives(n: usize) -> Value {
    let mut objectives: Vec<Value> = (1..=n)
        .map(|i| obj(&format!("g{i}"), "portfolio", &[]))
        .collect();
    objectives.push(obj("pa", "product", &["g1"]));
    objectives.push(obj("pb", "product", &["g1"]));
    let mut key_results: Vec<Value> = (1..=n)
        .map(|i| kr(&format!("k{i}"), "k", "o", "x", &[(&format!("g{i}"), "1")]))
        .collect();
    key_results.push(kr("kpa", "k", "o", "x", &[("pa", "1")]));
    key_results.push(kr("kpb", "k", "o", "x", &[("pb", "1")]));
    document(objectives, key_results)
}

/// Fewer than three portfolio objectives or more than five give a warning listing them
/// in id order (`validate` module docs); three to five give none.
fn expected_warnings(n: usize) -> Vec<Warning> {
    let objectives: Vec<ObjectiveId> = (1..=n)
        .map(|i| ObjectiveId::new(format!("g{i}")).unwrap())
        .collect();
    match n {
        0..=2 => vec![Warning::TooFewPortfolioObjectives { objectives }],
        3..=5 => Vec::new(),
        _ => vec![Warning::TooManyPortfolioObjectives { objectives }],
    }
}

#[test]
fn portfolio_objective_warnings_at_each_count() {
    for n in 1..=7 {
        for graph in both_json(&portfolio_objectives(n)) {
            assert_eq!(
                graph.warnings(),
                expected_warnings(n),
                "{n} portfolio objectives"
            );
        }
    }
}

#[cfg(feature = "csv")]
mod csv {
    use crate::common::kid;
    use folio_okr::NodeId;
    use folio_okr::csv::{CsvOptions, load, read};

    use super::*;

    /// The graph `csv::load` builds, checked against the one `OkrGraph::new` builds from
    /// `csv::read`'s records (as `csv::load` documents).
    fn loaded(text: &str) -> OkrGraph {
        let (graph, _) = load(text.as_bytes(), &CsvOptions::default()).unwrap();
        let data = read(text.as_bytes(), &CsvOptions::default()).unwrap().data;
        let by_records = OkrGraph::new(data).unwrap();
        assert_eq!(
            graph.key_results().collect::<Vec<_>>(),
            by_records.key_results().collect::<Vec<_>>()
        );
        assert_eq!(
            graph.objectives().collect::<Vec<_>>(),
            by_records.objectives().collect::<Vec<_>>()
        );
        assert_eq!(graph.warnings(), by_records.warnings());
        assert_eq!(graph.plan().len(), by_records.plan().len());
        graph
    }

    #[test]
    fn owners_products_and_names_from_the_richer_form() {
        let graph = loaded(
            "id,parent_id,weight,progress,name,owner,product
k1,goal,1,0.5,Annual revenue,ana,atlas
k2,goal,2,0.5,,lee,lens
k3,goal,3,0.5,Net promoter score,kim,atlas
k4,goal,4,0.5,,ana,orbit
",
        );
        let expected = [
            ("k1", "Annual revenue", "ana", "atlas", "1"),
            ("k2", "k2", "lee", "lens", "2"),
            ("k3", "Net promoter score", "kim", "atlas", "3"),
            ("k4", "k4", "ana", "orbit", "4"),
        ];
        assert_eq!(graph.key_result_count(), 4);
        for (id, name, owner, product, weight) in expected {
            let k = graph.key_result(&key_result_id(id)).unwrap();
            assert_eq!(k.name, name);
            assert_eq!(k.owner.as_str(), owner);
            assert_eq!(k.product.as_str(), product);
            assert_eq!(
                k.contributes_to,
                [Contribution::new(oid("goal"), w(weight))]
            );
        }
    }

    #[test]
    fn edges_come_back_in_file_order() {
        for order in [["a", "b"], ["b", "a"]] {
            let text = format!(
                "id,parent_id,weight,progress
a,p,1,
b,p,1,
k,{},1,0.5
k,{},1,0.5
ka,a,1,0.5
kb,b,1,0.5
",
                order[0], order[1]
            );
            let graph = loaded(&text);
            let want: Vec<Contribution> = order
                .iter()
                .map(|o| Contribution::new(oid(o), w("1")))
                .collect();
            let k = graph.key_result(&key_result_id("k")).unwrap();
            assert_eq!(k.contributes_to, want, "listed {order:?}");
            // The objectives' edges, as read.
            let a = graph.objective(&ObjectiveId::new("a").unwrap()).unwrap();
            assert_eq!(a.contributes_to, [Contribution::new(oid("p"), w("1"))]);
        }
    }

    #[test]
    fn warnings_at_each_count() {
        for n in 1..=7 {
            let mut text = String::from("id,parent_id,weight,progress\n");
            for i in 1..=n {
                text.push_str(&format!("k{i},g{i},1,0.5\n"));
            }
            // Two product objectives under g1, which are not counted.
            text.push_str("pa,g1,1,\npb,g1,1,\nkpa,pa,1,0.5\nkpb,pb,1,0.5\n");
            let graph = loaded(&text);
            assert_eq!(
                graph.warnings(),
                expected_warnings(n),
                "{n} portfolio objectives"
            );
        }
    }

    /// The plan's order (leaves first, then by rank from the bottom tier up, then by
    /// id; `Plan` docs) is the one the record path gives, for a file listed in another
    /// order; the product key result `mid` with contributors sorts after the leaf `ka`
    /// (`kb`) or before it (`ja`), and is never taken for a leaf.
    #[test]
    fn the_plan_order_is_the_record_paths() {
        for mid in ["kb", "ja"] {
            let text = format!(
                "id,parent_id,weight,progress
i2,{mid},1,0.1
{mid},b,1,
a,p,2,
i1,{mid},1,0.3
b,p,1,
ka,a,1,0.7
"
            );
            let graph = loaded(&text);
            let data = read(text.as_bytes(), &CsvOptions::default()).unwrap().data;
            let by_records = OkrGraph::new(data).unwrap();
            let plan = graph.plan();
            let ids: Vec<_> = plan.indices().map(|i| plan.node(i).cloned()).collect();
            let want: Vec<_> = by_records
                .plan()
                .indices()
                .map(|i| by_records.plan().node(i).cloned())
                .collect();
            assert_eq!(ids, want, "{mid}");
            // The leaves: i1, i2 and ka, and only they.
            assert_eq!(plan.leaf_count(), 3);
            let mut leaves: Vec<_> = plan
                .indices()
                .take(3)
                .map(|i| plan.node(i).cloned().unwrap())
                .collect();
            leaves.sort();
            assert_eq!(leaves, [kid("i1"), kid("i2"), kid("ka")], "{mid}");
            let k = graph.key_result(&key_result_id(mid)).unwrap();
            assert_eq!(k.tier, KeyResultTier::Product);
            let i1 = graph.key_result(&key_result_id("i1")).unwrap();
            assert_eq!(i1.tier, KeyResultTier::Initiative);
            // The rollup: mid is the mean of 0.3 and 0.1, a is ka's 0.7.
            let (_, rollup) = load(text.as_bytes(), &CsvOptions::default()).unwrap();
            let value = |id: &NodeId| rollup.value(id).map(|v| v.reported.value());
            assert_eq!(value(&kid(mid)), Some(common::d("0.2")), "{mid}");
            assert_eq!(value(&oid("b")), Some(common::d("0.2")), "{mid}");
            assert_eq!(value(&oid("a")), Some(common::d("0.7")), "{mid}");
        }
    }
}
