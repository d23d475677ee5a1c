//! The KPI rollup: worked examples for every combine rule, validation of metrics
//! across edges, errors, and properties (an additive metric sums its leaves; an
//! incremental update equals a full recompute; input order changes nothing).
// Tests fail loudly: they unwrap, index, panic and compute expected values with plain
// operators on small numbers.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::needless_pass_by_value
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{d, kid, oid, p};
use folio_metrics::{MetricCatalog, Reading, Scoring};
use folio_okr::{
    Error, KpiInputs, MetricReading, OkrGraph, Override, PortfolioData, Problem, ProgressInputs,
    RollupMethod, validate,
};
use folio_types::{KeyResultId, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};

fn catalog() -> MetricCatalog {
    let def = |id: &str, unit: Value, combine: Value| {
        json!({ "id": id, "name": id, "unit": unit, "direction": "higher_is_better",
                "layer": "portfolio_health", "combine": combine, "definition": id })
    };
    serde_json::from_value(json!({ "metrics": [
        def("arr", json!({ "currency": "EUR" }), json!("sum")),
        def("avg_arr", json!({ "currency": "EUR" }), json!("mean")),
        def("nps", json!("score"), json!({ "weighted_mean": { "base": "respondents" } })),
        def("respondents", json!("count"), json!("sum")),
        def("nrr", json!("percent"), json!({ "ratio_of_sums": {
            "numerator": "retained_arr", "denominator": "starting_arr" } })),
        def("retained_arr", json!({ "currency": "EUR" }), json!("sum")),
        def("starting_arr", json!({ "currency": "EUR" }), json!("sum")),
        def("uptime", json!("percent"), json!("min")),
        def("latency", json!("count"), json!("max")),
        def("ttv", json!("count"), json!("median")),
        def("headcount", json!("count"), json!("last")),
    ]}))
    .unwrap()
}

fn increase(metric: &str, from: &str, to: &str) -> Value {
    json!({ "metric": metric, "goal": { "increase_to": { "baseline": from, "target": to } } })
}

fn edges(to: &[&str]) -> Vec<Value> {
    to.iter()
        .map(|t| match t.split_once(':') {
            Some(("o", id)) => json!({ "to": { "objective": id } }),
            Some(("k", id)) => json!({ "to": { "key_result": id } }),
            _ => panic!("bad edge {t}"),
        })
        .collect()
}

fn objective(id: &str, tier: &str, drivers: &str, to: &[&str], target: &Value) -> Value {
    json!({ "id": id, "name": id, "tier": tier, "drivers": drivers,
            "contributes_to": edges(to), "target": target })
}

fn key_result(id: &str, tier: &str, product: &str, to: &[&str], target: &Value) -> Value {
    json!({ "id": id, "name": id, "tier": tier, "owner": "owner", "product": product,
            "contributes_to": edges(to), "target": target })
}

fn kpi_portfolio(objectives: Vec<Value>, key_results: Vec<Value>) -> PortfolioData {
    serde_json::from_value(json!({
        "policy": { "method": "kpi" }, "objectives": objectives, "key_results": key_results,
    }))
    .unwrap()
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, day).unwrap()
}

fn value(v: &str) -> MetricReading {
    MetricReading {
        date: date(30),
        reading: Reading::Value(d(v)),
    }
}

fn readings(list: &[(&str, MetricReading)]) -> KpiInputs {
    KpiInputs {
        readings: list
            .iter()
            .map(|(id, r)| (KeyResultId::new(*id).unwrap(), *r))
            .collect(),
        overrides: Vec::new(),
    }
}

/// One portfolio objective over two products' key results, all on `metric`.
fn flat(metric: &str, target: &Value) -> PortfolioData {
    kpi_portfolio(
        vec![objective("goal", "portfolio", "key_results", &[], target)],
        vec![
            key_result("atlas", "product", "atlas", &["o:goal"], &target_on(metric)),
            key_result("lens", "product", "lens", &["o:goal"], &target_on(metric)),
        ],
    )
}

fn target_on(metric: &str) -> Value {
    increase(metric, "0", "1000000")
}

#[test]
fn worked_examples_for_every_combine_rule() {
    let weighted = |v: &str, b: &str| MetricReading {
        date: date(30),
        reading: Reading::Weighted {
            value: d(v),
            base: d(b),
        },
    };
    let fraction = |n: &str, dn: &str| MetricReading {
        date: date(30),
        reading: Reading::Fraction {
            numerator: d(n),
            denominator: d(dn),
        },
    };
    let dated = |day: u32, v: &str| MetricReading {
        date: date(day),
        reading: Reading::Value(d(v)),
    };
    // (metric, objective target, atlas reading, lens reading, aggregate, progress)
    let cases = [
        // ARR sums: 1.2M + 0.3M = 1.5M, half-way from 1M to 2M.
        (
            "arr",
            increase("arr", "1000000", "2000000"),
            value("1200000"),
            value("300000"),
            "1500000",
            "0.5",
        ),
        // A mean metric averages: (1.2M + 0.3M) / 2 = 750k, a quarter from 500k to 1.5M.
        (
            "avg_arr",
            increase("avg_arr", "500000", "1500000"),
            value("1200000"),
            value("300000"),
            "750000",
            "0.25",
        ),
        // NPS weighted by respondents: (40 × 300 + 10 × 100) / 400 = 32.5.
        (
            "nps",
            increase("nps", "30", "40"),
            weighted("40", "300"),
            weighted("10", "100"),
            "32.5",
            "0.25",
        ),
        // NRR as a ratio of sums, in percent: (96 + 210) / (100 + 200) × 100 = 102.
        (
            "nrr",
            increase("nrr", "100", "110"),
            fraction("96", "100"),
            fraction("210", "200"),
            "102",
            "0.2",
        ),
        // Uptime is as good as the worst product: 99.5.
        (
            "uptime",
            increase("uptime", "99", "100"),
            value("99.9"),
            value("99.5"),
            "99.5",
            "0.5",
        ),
        (
            "latency",
            increase("latency", "100", "300"),
            value("250"),
            value("180"),
            "250",
            "0.75",
        ),
        // Two values: the median is their mean.
        (
            "ttv",
            increase("ttv", "10", "20"),
            value("12"),
            value("16"),
            "14",
            "0.4",
        ),
        // The latest reading counts: lens on the 30th.
        (
            "headcount",
            increase("headcount", "10", "20"),
            dated(12, "30"),
            dated(30, "15"),
            "15",
            "0.5",
        ),
    ];
    for (metric, target, atlas, lens, aggregate, progress) in cases {
        let graph = OkrGraph::new(flat(metric, &target)).unwrap();
        let rollup = graph
            .rollup_kpi(
                &catalog(),
                Scoring::AllowOverAchievement,
                &readings(&[("atlas", atlas), ("lens", lens)]),
            )
            .unwrap();
        assert_eq!(
            rollup.metric_value(&oid("goal")),
            Some(d(aggregate)),
            "{metric}"
        );
        assert_eq!(
            rollup.value(&oid("goal")).unwrap().reported,
            p(progress),
            "{metric}"
        );
        // The explanation's contributions add up to the aggregate.
        let explanation = rollup.explain(&oid("goal")).unwrap();
        let kpi = explanation.breakdown.kpi.as_ref().unwrap();
        let total: folio_types::Decimal = kpi.terms.iter().filter_map(|t| t.contribution).sum();
        assert_eq!(total, d(aggregate), "{metric}");
        assert_eq!(kpi.terms.len(), 2, "{metric}");
        assert_eq!(explanation.method, RollupMethod::Kpi);
    }
}

#[test]
fn a_shared_key_result_counts_once_in_the_portfolio_total() {
    // atlas-arr contributes to two product objectives; both feed the portfolio goal.
    let arr = |from: &str, to: &str| increase("arr", from, to);
    let data = kpi_portfolio(
        vec![
            objective(
                "grow",
                "portfolio",
                "child_objectives",
                &[],
                &arr("0", "3000000"),
            ),
            objective(
                "mid",
                "product",
                "key_results",
                &["o:grow"],
                &arr("0", "2000000"),
            ),
            objective(
                "ent",
                "product",
                "key_results",
                &["o:grow"],
                &arr("0", "2000000"),
            ),
        ],
        vec![
            key_result(
                "atlas-arr",
                "product",
                "atlas",
                &["o:mid", "o:ent"],
                &arr("0", "1000000"),
            ),
            key_result(
                "lens-arr",
                "product",
                "lens",
                &["o:mid"],
                &arr("0", "1000000"),
            ),
            key_result(
                "core-arr",
                "product",
                "core",
                &["o:ent"],
                &arr("0", "1000000"),
            ),
        ],
    );
    let graph = OkrGraph::new(data).unwrap();
    let inputs = readings(&[
        ("atlas-arr", value("1000000")),
        ("lens-arr", value("200000")),
        ("core-arr", value("300000")),
    ]);
    let rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    assert_eq!(rollup.metric_value(&oid("mid")), Some(d("1200000")));
    assert_eq!(rollup.metric_value(&oid("ent")), Some(d("1300000")));
    // 1.0M + 0.2M + 0.3M, not 1.2M + 1.3M.
    assert_eq!(rollup.metric_value(&oid("grow")), Some(d("1500000")));
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("0.5"));
    assert_eq!(
        rollup
            .explain(&oid("grow"))
            .unwrap()
            .breakdown
            .kpi
            .unwrap()
            .terms
            .len(),
        3
    );
}

#[test]
fn initiatives_of_one_product_both_count() {
    let arr = increase("arr", "0", "1000000");
    let data = kpi_portfolio(
        vec![objective("grow", "portfolio", "key_results", &[], &arr)],
        vec![
            key_result("atlas-arr", "product", "atlas", &["o:grow"], &arr),
            key_result("new-logos", "initiative", "atlas", &["k:atlas-arr"], &arr),
            key_result("expansion", "initiative", "atlas", &["k:atlas-arr"], &arr),
        ],
    );
    let graph = OkrGraph::new(data).unwrap();
    let inputs = readings(&[
        ("new-logos", value("400000")),
        ("expansion", value("350000")),
    ]);
    let mut rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    assert_eq!(rollup.metric_value(&kid("atlas-arr")), Some(d("750000")));
    assert_eq!(rollup.value(&kid("new-logos")).unwrap().reported, p("0.4"));
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("0.75"));

    // An update reaches every ancestor; clamped scoring caps progress at 1.
    rollup
        .update(&KeyResultId::new("expansion").unwrap(), value("900000"))
        .unwrap();
    assert_eq!(rollup.metric_value(&oid("grow")), Some(d("1300000")));
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("1"));
    let fresh = graph
        .rollup_kpi(
            &catalog(),
            Scoring::Clamped,
            &readings(&[
                ("new-logos", value("400000")),
                ("expansion", value("900000")),
            ]),
        )
        .unwrap();
    assert_eq!(rollup.values(), fresh.values());

    // An override is reported beside the computed progress, and not propagated.
    rollup
        .set_override(Override {
            node: kid("atlas-arr"),
            progress: p("0.8"),
            owner: "ana".parse().unwrap(),
            reason: "one deal is at risk".into(),
        })
        .unwrap();
    let overridden = rollup.value(&kid("atlas-arr")).unwrap();
    assert_eq!(
        (overridden.computed, overridden.reported),
        (p("1"), p("0.8"))
    );
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("1"));
    rollup.clear_override(&kid("atlas-arr")).unwrap();
    assert_eq!(rollup.value(&kid("atlas-arr")).unwrap().reported, p("1"));
}

#[test]
fn validation_wants_one_metric_per_edge_and_a_target_everywhere() {
    let data = kpi_portfolio(
        vec![objective(
            "grow",
            "portfolio",
            "key_results",
            &[],
            &increase("arr", "0", "10"),
        )],
        vec![
            key_result(
                "nps",
                "product",
                "atlas",
                &["o:grow"],
                &increase("nps", "0", "10"),
            ),
            json!({ "id": "bare", "name": "bare", "tier": "product", "owner": "o",
                    "product": "lens", "contributes_to": edges(&["o:grow"]) }),
        ],
    );
    let problems = validate(&data).problems;
    assert_eq!(
        problems,
        vec![
            Problem::MissingTarget { node: kid("bare") },
            Problem::MetricMismatch {
                child: kid("nps"),
                child_metric: "nps".parse().unwrap(),
                parent: oid("grow"),
                parent_metric: "arr".parse().unwrap(),
            },
        ]
    );
    assert_eq!(
        problems[1].to_string(),
        "key result \"nps\" measures metric \"nps\", but it contributes to objective \"grow\", which measures \"arr\""
    );
    // The same graph under the weighted method needs no targets.
    let mut weighted = data;
    weighted.policy = weighted.policy.with_method(RollupMethod::Weighted);
    assert!(validate(&weighted).is_valid());
}

#[test]
fn errors_name_the_key_result_and_the_rule() {
    let graph = OkrGraph::new(flat("nps", &target_on("nps"))).unwrap();
    let run = |inputs: &KpiInputs| graph.rollup_kpi(&catalog(), Scoring::Clamped, inputs);
    let weighted = |v: &str, b: &str| MetricReading {
        date: date(30),
        reading: Reading::Weighted {
            value: d(v),
            base: d(b),
        },
    };
    let cases: Vec<(KpiInputs, &str)> = vec![
        (
            readings(&[("atlas", value("40")), ("lens", weighted("10", "100"))]),
            "the reading of key result \"atlas\" for metric \"nps\" must be a value with its base",
        ),
        (
            readings(&[
                ("atlas", weighted("40", "-1")),
                ("lens", weighted("10", "100")),
            ]),
            "the reading of key result \"atlas\" has a negative base (-1)",
        ),
        (
            readings(&[
                ("atlas", weighted("40", "0")),
                ("lens", weighted("10", "0")),
            ]),
            "objective \"goal\" has no metric value: the sum of bases is zero",
        ),
        (
            readings(&[("atlas", weighted("40", "1"))]),
            "no metric reading given for 1 leaf key result(s), first \"lens\"",
        ),
        (
            readings(&[
                ("atlas", weighted("40", "1")),
                ("lens", weighted("1", "1")),
                ("ghost", weighted("1", "1")),
            ]),
            "unknown key result \"ghost\"",
        ),
    ];
    for (inputs, message) in cases {
        let err = run(&inputs).unwrap_err();
        assert!(err.to_string().starts_with(message), "{err} / {message}");
    }

    // A metric the catalog lacks, named with the node.
    let lacking = MetricCatalog::new();
    let err = graph
        .rollup_kpi(
            &lacking,
            Scoring::Clamped,
            &readings(&[("atlas", weighted("1", "1")), ("lens", weighted("1", "1"))]),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Metric { .. }), "{err}");

    // Progress rollups refuse a KPI portfolio, and the KPI rollup the other methods.
    assert_eq!(
        graph.rollup(&ProgressInputs::default()).unwrap_err(),
        Error::NeedsMetricReadings
    );
    let weighted_graph = OkrGraph::new(common::crate_example("weighted")).unwrap();
    assert!(matches!(
        weighted_graph.rollup_kpi(&catalog(), Scoring::Clamped, &KpiInputs::default()),
        Err(Error::MethodMismatch { .. })
    ));
}

#[test]
fn a_last_metric_with_two_latest_values_is_ambiguous() {
    let graph = OkrGraph::new(flat("headcount", &target_on("headcount"))).unwrap();
    let err = graph
        .rollup_kpi(
            &catalog(),
            Scoring::Clamped,
            &readings(&[("atlas", value("3")), ("lens", value("4"))]),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "objective \"goal\": key results \"atlas\" and \"lens\" both report the latest value on 2026-09-30, and they differ"
    );
}

#[test]
fn an_update_that_does_not_fit_changes_nothing() {
    let graph = OkrGraph::new(flat("arr", &target_on("arr"))).unwrap();
    let inputs = readings(&[("atlas", value("10")), ("lens", value("20"))]);
    let mut rollup = graph
        .rollup_kpi(&catalog(), Scoring::Clamped, &inputs)
        .unwrap();
    let before = rollup.values();
    let bad = MetricReading {
        date: date(30),
        reading: Reading::Weighted {
            value: d("1"),
            base: d("1"),
        },
    };
    assert!(matches!(
        rollup.update(&KeyResultId::new("atlas").unwrap(), bad),
        Err(Error::ReadingShape { .. })
    ));
    assert!(matches!(
        rollup.update(&KeyResultId::new("goal").unwrap(), value("1")),
        Err(Error::UnknownNode { .. })
    ));
    assert_eq!(rollup.values(), before);
    assert_eq!(rollup.metric_value(&oid("goal")), Some(d("30")));
}

#[cfg(feature = "schemars")]
#[test]
fn kpi_inputs_read_from_json_and_have_a_schema() {
    let inputs: KpiInputs = serde_json::from_str(
        r#"{ "readings": { "atlas": { "date": "2026-09-30", "reading": { "value": "12.5" } } } }"#,
    )
    .unwrap();
    assert_eq!(inputs.readings.len(), 1);
    let schema = serde_json::to_string(&KpiInputs::json_schema()).unwrap();
    assert!(schema.contains("readings"));
}

/// Three tiers on one metric: `objectives` product objectives under one portfolio
/// objective, a product key result per product objective, and initiatives under them.
fn tiered(metric: &str, shape: &[usize]) -> PortfolioData {
    tiered_with(metric, shape, false)
}

/// As [`tiered`]; with `shared`, the first product key result also contributes to the
/// last product objective, so its leaves reach the top along two paths.
fn tiered_with(metric: &str, shape: &[usize], shared: bool) -> PortfolioData {
    let target = target_on(metric);
    let mut objectives = vec![objective(
        "top",
        "portfolio",
        "child_objectives",
        &[],
        &target,
    )];
    let mut key_results = Vec::new();
    for (o, &initiatives) in shape.iter().enumerate() {
        objectives.push(objective(
            &format!("o{o}"),
            "product",
            "key_results",
            &["o:top"],
            &target,
        ));
        let parent = format!("o:o{o}");
        let last = format!("o:o{}", shape.len() - 1);
        let parents: Vec<&str> = if shared && o == 0 && shape.len() > 1 {
            vec![&parent, &last]
        } else {
            vec![&parent]
        };
        key_results.push(key_result(
            &format!("k{o}"),
            "product",
            &format!("p{o}"),
            &parents,
            &target,
        ));
        let kr = format!("k:k{o}");
        for i in 0..initiatives {
            key_results.push(key_result(
                &format!("i{o}-{i}"),
                "initiative",
                &format!("p{o}"),
                &[&kr],
                &target,
            ));
        }
    }
    kpi_portfolio(objectives, key_results)
}

fn leaf_ids(data: &PortfolioData) -> Vec<KeyResultId> {
    let parents: std::collections::BTreeSet<_> = data
        .key_results
        .iter()
        .flat_map(|k| k.contributes_to.iter().map(|e| e.to.clone()))
        .collect();
    data.key_results
        .iter()
        .filter(|k| !parents.contains(&folio_okr::NodeId::KeyResult(k.id.clone())))
        .map(|k| k.id.clone())
        .collect()
}

fn amount() -> impl Strategy<Value = folio_types::Decimal> {
    (-1_000_000_000i64..1_000_000_000, 0u32..5).prop_map(|(m, s)| folio_types::Decimal::new(m, s))
}

/// The leaves beneath `node` in the compiled plan, each once, in index order.
fn leaves_under(
    plan: &folio_okr::Plan,
    node: folio_okr::NodeIndex,
    out: &mut std::collections::BTreeSet<folio_okr::NodeIndex>,
) {
    for &(child, _) in plan.contributors(node) {
        if plan.is_leaf(child) {
            out.insert(child);
        } else {
            leaves_under(plan, child, out);
        }
    }
}

/// The value of `metric` over `leaves` (in index order) with plain `Decimal`
/// operations, as the KPI rollup documents it: sums normalized before a division, the
/// first leaf in index order on ties, the two middle values' sum halved.
fn reference(metric: &str, leaves: &[MetricReading]) -> folio_types::Decimal {
    use folio_types::Decimal;
    let sum = |terms: Vec<Decimal>| {
        terms
            .into_iter()
            .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap())
            .normalize()
    };
    let plain: Vec<Decimal> = leaves
        .iter()
        .map(|r| match r.reading {
            Reading::Value(v) | Reading::Weighted { value: v, .. } => v,
            Reading::Fraction { numerator, .. } => numerator,
        })
        .collect();
    match metric {
        "arr" => sum(plain),
        "avg_arr" => sum(plain).checked_div(Decimal::from(leaves.len())).unwrap(),
        "nps" => {
            let bases: Vec<Decimal> = leaves
                .iter()
                .map(|r| match r.reading {
                    Reading::Weighted { base, .. } => base,
                    _ => panic!("a weighted mean reads values with bases"),
                })
                .collect();
            let products = plain
                .iter()
                .zip(&bases)
                .map(|(v, b)| v.checked_mul(*b).unwrap());
            sum(products.collect()).checked_div(sum(bases)).unwrap()
        }
        "nrr" => {
            let dens: Vec<Decimal> = leaves
                .iter()
                .map(|r| match r.reading {
                    Reading::Fraction { denominator, .. } => denominator,
                    _ => panic!("a ratio of sums reads fractions"),
                })
                .collect();
            sum(plain)
                .checked_mul(Decimal::ONE_HUNDRED)
                .unwrap()
                .checked_div(sum(dens))
                .unwrap()
        }
        "uptime" | "latency" => {
            let mut best = plain[0];
            for v in &plain[1..] {
                let better = if metric == "uptime" {
                    *v < best
                } else {
                    *v > best
                };
                if better {
                    best = *v;
                }
            }
            best
        }
        "ttv" => {
            let mut ranked: Vec<(Decimal, usize)> = plain.iter().copied().zip(0..).collect();
            ranked.sort();
            let upper = ranked.len() / 2;
            if ranked.len() % 2 == 1 {
                ranked[upper].0
            } else {
                ranked[upper - 1]
                    .0
                    .checked_add(ranked[upper].0)
                    .unwrap()
                    .checked_div(Decimal::TWO)
                    .unwrap()
            }
        }
        "headcount" => {
            let latest = leaves.iter().map(|r| r.date).max().unwrap();
            leaves
                .iter()
                .zip(&plain)
                .find(|(r, _)| r.date == latest)
                .map(|(_, v)| *v)
                .unwrap()
        }
        _ => panic!("no reference for {metric}"),
    }
}

proptest! {
    #[test]
    fn an_additive_metric_equals_the_sum_of_its_leaves(
        shape in proptest::collection::vec(0usize..4, 1..5),
        values in proptest::collection::vec(amount(), 20),
        shared in any::<bool>(),
    ) {
        let data = tiered_with("arr", &shape, shared);
        let leaves = leaf_ids(&data);
        let graph = OkrGraph::new(data).unwrap();
        let inputs = KpiInputs {
            readings: leaves.iter().zip(values.iter().cycle()).map(|(id, v)| {
                (id.clone(), MetricReading { date: date(30), reading: Reading::Value(*v) })
            }).collect(),
            overrides: Vec::new(),
        };
        let rollup = graph.rollup_kpi(&catalog(), Scoring::AllowOverAchievement, &inputs).unwrap();
        let total: folio_types::Decimal = inputs.readings.values().map(|r| match r.reading {
            Reading::Value(v) => v,
            _ => panic!("a sum reads plain values"),
        }).sum();
        prop_assert_eq!(rollup.metric_value(&oid("top")), Some(total));
        // Every node, digit for digit: the chain of `Decimal` additions over the leaves
        // beneath it (its explanation's terms), normalized, whether the node's sums
        // were composed from its contributors' or taken over its leaves.
        let plan = rollup.plan();
        for node in plan.rolled_up() {
            let id = plan.node(node).unwrap();
            let explanation = rollup.explain(id).unwrap();
            let terms = explanation.breakdown.kpi.unwrap().terms;
            let reference = terms
                .iter()
                .map(|t| t.value.unwrap())
                .fold(folio_types::Decimal::ZERO, |a, b| a.checked_add(b).unwrap());
            let got = rollup.metric_value(id).unwrap();
            prop_assert_eq!(got.to_string(), reference.normalize().to_string());
        }
    }

    #[test]
    fn incremental_updates_equal_a_full_recompute(
        shape in proptest::collection::vec(0usize..4, 1..5),
        metric in prop_oneof![Just("arr"), Just("avg_arr"), Just("nps"), Just("nrr"), Just("latency"), Just("ttv"), Just("headcount")],
        values in proptest::collection::vec((amount(), 0i64..1_000, 1u32..29), 20),
        updates in proptest::collection::vec((0usize..100, amount(), 0i64..1_000, 1u32..29), 1..12),
        shared in any::<bool>(),
    ) {
        let data = tiered_with(metric, &shape, shared);
        let leaves = leaf_ids(&data);
        let graph = OkrGraph::new(data).unwrap();
        // A reading of the shape the metric needs; "last" readings on distinct days
        // per leaf would be rare, so equal dates must agree: give them the same value.
        let reading = |v: folio_types::Decimal, base: i64, day: u32| {
            let base = folio_types::Decimal::from(base);
            let reading = match metric {
                "nps" => Reading::Weighted { value: v, base: base + folio_types::Decimal::ONE },
                "nrr" => Reading::Fraction { numerator: v.abs(), denominator: base + folio_types::Decimal::ONE },
                "headcount" => Reading::Value(folio_types::Decimal::from(day)),
                _ => Reading::Value(v),
            };
            MetricReading { date: date(day), reading }
        };
        let mut current: std::collections::BTreeMap<KeyResultId, MetricReading> = leaves
            .iter()
            .zip(values.iter().cycle())
            .map(|(id, (v, b, day))| (id.clone(), reading(*v, *b, *day)))
            .collect();
        let inputs = KpiInputs { readings: current.clone(), overrides: Vec::new() };
        let mut rollup = graph.rollup_kpi(&catalog(), Scoring::AllowOverAchievement, &inputs).unwrap();
        for (pick, v, b, day) in updates {
            let id = leaves[pick % leaves.len()].clone();
            let r = reading(v, b, day);
            rollup.update(&id, r).unwrap();
            current.insert(id, r);
        }
        let full = graph
            .rollup_kpi(&catalog(), Scoring::AllowOverAchievement, &KpiInputs { readings: current, overrides: Vec::new() })
            .unwrap();
        prop_assert_eq!(rollup.values(), full.values());
        prop_assert_eq!(rollup.metric_values().collect::<Vec<_>>(), full.metric_values().collect::<Vec<_>>());
        // The very same representation, not only the same number.
        let text = |r: &folio_okr::KpiRollup| r.metric_values().map(|v| format!("{v:?}")).collect::<Vec<_>>();
        prop_assert_eq!(text(&rollup), text(&full));
    }

    #[test]
    fn every_node_equals_the_plain_decimal_reference(
        shape in proptest::collection::vec(0usize..5, 1..5),
        metric in prop_oneof![Just("arr"), Just("avg_arr"), Just("nps"), Just("nrr"), Just("uptime"), Just("latency"), Just("ttv"), Just("headcount")],
        values in proptest::collection::vec((amount(), 0i64..1_000, 1u32..29), 23),
        shared in any::<bool>(),
        clamped in any::<bool>(),
    ) {
        let data = tiered_with(metric, &shape, shared);
        let leaves = leaf_ids(&data);
        let graph = OkrGraph::new(data).unwrap();
        let reading = |v: folio_types::Decimal, base: i64, day: u32| {
            let base = folio_types::Decimal::from(base);
            let reading = match metric {
                "nps" => Reading::Weighted { value: v, base: base + folio_types::Decimal::ONE },
                "nrr" => Reading::Fraction { numerator: v.abs(), denominator: base + folio_types::Decimal::ONE },
                // Equal dates must agree on a "last" metric: one value per day.
                "headcount" => Reading::Value(folio_types::Decimal::new(i64::from(day) * 7, 1)),
                _ => Reading::Value(v),
            };
            MetricReading { date: date(day), reading }
        };
        let inputs = KpiInputs {
            readings: leaves
                .iter()
                .zip(values.iter().cycle())
                .map(|(id, (v, b, day))| (id.clone(), reading(*v, *b, *day)))
                .collect(),
            overrides: Vec::new(),
        };
        let scoring = if clamped { Scoring::Clamped } else { Scoring::AllowOverAchievement };
        let rollup = graph.rollup_kpi(&catalog(), scoring, &inputs).unwrap();
        let plan = rollup.plan();
        let target: folio_metrics::Target = serde_json::from_value(target_on(metric)).unwrap();
        let metric_values: Vec<_> = rollup.metric_values().collect();
        for node in plan.rolled_up() {
            let mut under = std::collections::BTreeSet::new();
            leaves_under(plan, node, &mut under);
            let readings: Vec<MetricReading> = under
                .iter()
                .map(|&leaf| {
                    let Some(folio_okr::NodeId::KeyResult(id)) = plan.node(leaf) else {
                        panic!("a leaf is a key result");
                    };
                    inputs.readings[id]
                })
                .collect();
            let expected = reference(metric, &readings);
            let got = metric_values[node.get()].unwrap();
            // The same digits and the same scale.
            prop_assert_eq!(format!("{got:?}"), format!("{expected:?}"), "node {:?}", plan.node(node));
            let progress = target.progress(expected, scoring).unwrap();
            let computed = rollup.computed_values()[node.get()];
            prop_assert_eq!(format!("{:?}", computed.value()), format!("{:?}", progress.value()));
        }
    }

    #[test]
    fn input_order_changes_nothing(
        shape in proptest::collection::vec(0usize..4, 1..5),
        values in proptest::collection::vec(amount(), 20),
    ) {
        let data = tiered("ttv", &shape);
        let mut reversed = data.clone();
        reversed.objectives.reverse();
        reversed.key_results.reverse();
        let leaves = leaf_ids(&data);
        let inputs = KpiInputs {
            readings: leaves.iter().zip(values.iter().cycle()).map(|(id, v)| {
                (id.clone(), MetricReading { date: date(30), reading: Reading::Value(*v) })
            }).collect(),
            overrides: Vec::new(),
        };
        let a = OkrGraph::new(data).unwrap().rollup_kpi(&catalog(), Scoring::Clamped, &inputs).unwrap();
        let b = OkrGraph::new(reversed).unwrap().rollup_kpi(&catalog(), Scoring::Clamped, &inputs).unwrap();
        prop_assert_eq!(a.values(), b.values());
        prop_assert_eq!(a.explain_all().unwrap(), b.explain_all().unwrap());
    }
}

#[test]
fn every_rollup_reads_through_one_trait() {
    use folio_okr::RolledUp;
    fn top_progress(rollup: &dyn RolledUp, node: &folio_okr::NodeId) -> folio_types::Progress {
        rollup.value(node).unwrap().reported
    }
    let kpi = OkrGraph::new(flat("arr", &increase("arr", "0", "100"))).unwrap();
    let kpi = kpi
        .rollup_kpi(
            &catalog(),
            Scoring::Clamped,
            &readings(&[("atlas", value("30")), ("lens", value("20"))]),
        )
        .unwrap();
    let weighted = OkrGraph::new(common::crate_example("weighted")).unwrap();
    let weighted = weighted.rollup(&common::crate_example_inputs()).unwrap();
    assert_eq!(top_progress(&kpi, &oid("goal")), p("0.5"));
    assert_eq!(top_progress(&weighted, &oid("grow")), p("0.6"));
    assert_eq!(RolledUp::method(&kpi), RollupMethod::Kpi);
    assert_eq!(RolledUp::method(&weighted), RollupMethod::Weighted);
    assert_eq!(
        RolledUp::explain(&kpi, &oid("goal"))
            .unwrap()
            .value
            .reported,
        p("0.5")
    );
    assert_eq!(RolledUp::reported_values(&kpi).len(), kpi.plan().len());
}

/// A target finer than the readings (a distance of 0.1 or 0.001 against whole or
/// two-place values) moves the quotient's decimal point right, not left: progress is
/// `(value − baseline) / (target − baseline)` as written in `Target::progress`'s docs.
#[test]
fn a_target_finer_than_the_readings_scales_progress_up() {
    // (objective target, atlas, lens, aggregate, progress)
    let cases = [
        // 1 + 2 = 3 against a target of 0.1 from 0: 3 / 0.1 = 30.
        ("0.1", "1", "2", "3", "30"),
        // 0.5 + 0.25 = 0.75 against 0.001: 750.
        ("0.001", "0.5", "0.25", "0.75", "750"),
        // 7 against 0.04 (4 = 2^2, so the quotient terminates): 175.
        ("0.04", "3", "4", "7", "175"),
    ];
    for (to, atlas, lens, aggregate, progress) in cases {
        let target = increase("arr", "0", to);
        let graph = OkrGraph::new(flat("arr", &target)).unwrap();
        let rollup = graph
            .rollup_kpi(
                &catalog(),
                Scoring::AllowOverAchievement,
                &readings(&[("atlas", value(atlas)), ("lens", value(lens))]),
            )
            .unwrap();
        assert_eq!(
            rollup.metric_value(&oid("goal")),
            Some(d(aggregate)),
            "{to}"
        );
        assert_eq!(
            rollup.value(&oid("goal")).unwrap().reported,
            p(progress),
            "{to}"
        );
        // Clamped, the same node is complete.
        let clamped = graph
            .rollup_kpi(
                &catalog(),
                Scoring::Clamped,
                &readings(&[("atlas", value(atlas)), ("lens", value(lens))]),
            )
            .unwrap();
        assert_eq!(
            clamped.value(&oid("goal")).unwrap().reported,
            p("1"),
            "{to}"
        );
    }
}

/// A weighted mean whose sums had to round is recomputed from its leaves at the next
/// update, not carried forward by replacing one term in the rounded sums: two roundings
/// in a row can land one unit away from the single rounding of a full pass.
///
/// Atlas's term `3 × 0.1234567890123456789012345678 = 0.3703703670370370367037037034`
/// has 28 places. Lens's base 9 makes the numerator's and the denominator's sums too
/// large for 28 places (a `Decimal` mantissa is below 2^96, about 7.92 × 10^28), so
/// both round to 27 (`9.370370367037037036703703703|4` down). Lens's base then moves to
/// `7.8000000000000000000000000002`: the full sum `8.1703703670370370367037037036`
/// rounds up at the 27th place, while the rounded sum carried forward gives
/// `…7032` and would round down.
#[test]
fn updates_after_a_rounded_sum_equal_a_full_rollup() {
    let weighted = |v: &str, b: &str| MetricReading {
        date: date(30),
        reading: Reading::Weighted {
            value: d(v),
            base: d(b),
        },
    };
    let base_of_atlas = "0.1234567890123456789012345678";
    // 3 × the base above: 28 places, exact.
    let term_of_atlas = "0.3703703670370370367037037034";
    let atlas = weighted("3", base_of_atlas);
    let graph = OkrGraph::new(flat("nps", &target_on("nps"))).unwrap();
    let mut rollup = graph
        .rollup_kpi(
            &catalog(),
            Scoring::AllowOverAchievement,
            &readings(&[("atlas", atlas), ("lens", weighted("1", "1"))]),
        )
        .unwrap();
    for base in ["9", "7.8000000000000000000000000002"] {
        rollup
            .update(&KeyResultId::new("lens").unwrap(), weighted("1", base))
            .unwrap();
        let full = graph
            .rollup_kpi(
                &catalog(),
                Scoring::AllowOverAchievement,
                &readings(&[("atlas", atlas), ("lens", weighted("1", base))]),
            )
            .unwrap();
        // The weighted mean as plain `Decimal` operations write it: each sum added
        // (and rounded) once, then divided.
        let num = d(term_of_atlas).checked_add(d(base)).unwrap();
        let den = d(base_of_atlas).checked_add(d(base)).unwrap();
        let reference = num.normalize().checked_div(den.normalize()).unwrap();
        let text = |v: Option<folio_types::Decimal>| format!("{v:?}");
        assert_eq!(
            text(full.metric_value(&oid("goal"))),
            text(Some(reference)),
            "{base}"
        );
        assert_eq!(
            text(rollup.metric_value(&oid("goal"))),
            text(Some(reference)),
            "{base}"
        );
        assert_eq!(rollup.values(), full.values(), "{base}");
    }
}
