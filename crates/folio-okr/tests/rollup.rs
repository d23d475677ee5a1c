//! Rollups with hand-checkable numbers: weighted, say-do, overrides, inputs, updates.
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

use common::{
    crate_example, crate_example_inputs, d, inputs, key_result, kid, objective, oid, p, portfolio,
};
use folio_okr::{
    Error, NodeId, OkrGraph, Override, OverridePolicy, PortfolioData, RollupMethod, SayDo,
    SayDoCounts, Source, Weighted,
};
use folio_types::{KeyResultId, OwnerId};

/// One product objective `o` over leaf key results with the given weights, under one
/// portfolio objective `top`.
fn flat(method: &str, weights: &[&str]) -> PortfolioData {
    let key_results = weights
        .iter()
        .enumerate()
        .map(|(i, w)| key_result(&format!("k{i}"), "product", &[("o:o", w)]))
        .collect();
    portfolio(
        method,
        vec![
            objective("top", "portfolio", "child_objectives", &[]),
            objective("o", "product", "key_results", &[("o:top", "1")]),
        ],
        key_results,
    )
}

fn flat_inputs(values: &[&str]) -> folio_okr::ProgressInputs {
    let ids: Vec<String> = (0..values.len()).map(|i| format!("k{i}")).collect();
    let pairs: Vec<(&str, &str)> = ids
        .iter()
        .map(String::as_str)
        .zip(values.iter().copied())
        .collect();
    inputs(&pairs)
}

#[test]
fn weighted_table() {
    // weights, values, expected value, expected shares, expected contributions
    let cases: &[(&[&str], &[&str], &str, &[&str], &[&str])] = &[
        (
            &["1", "3"],
            &["0.4", "0.8"],
            "0.7",
            &["0.25", "0.75"],
            &["0.1", "0.6"],
        ),
        (
            &["0.25", "0.75"],
            &["0.4", "0.8"],
            "0.7",
            &["0.25", "0.75"],
            &["0.1", "0.6"],
        ),
        // A zero weight shows the key result without counting it.
        (
            &["0", "2"],
            &["1", "0.5"],
            "0.5",
            &["0", "1"],
            &["0", "0.5"],
        ),
        // Over-achievement is kept, not clamped.
        (
            &["1", "1"],
            &["1.5", "0.5"],
            "1",
            &["0.5", "0.5"],
            &["0.75", "0.25"],
        ),
        (
            &["1", "1", "1"],
            &["1", "0", "0"],
            "0.3333333333333333333333333333",
            &["0.3333333333333333333333333333"; 3],
            &["0.3333333333333333333333333333", "0", "0"],
        ),
    ];
    for &(weights, values, expected, shares, contributions) in cases {
        let graph = OkrGraph::new(flat("weighted", weights)).unwrap();
        let rollup = graph.rollup(&flat_inputs(values)).unwrap();
        let explanation = rollup.explain(&oid("o")).unwrap();
        assert_eq!(
            explanation.value.computed,
            p(expected),
            "{weights:?} {values:?}"
        );
        let total: folio_types::Decimal = weights.iter().map(|w| d(w)).sum();
        assert_eq!(explanation.breakdown.basis, total);
        let got_shares: Vec<_> = explanation
            .breakdown
            .terms
            .iter()
            .map(|t| t.share)
            .collect();
        let got_contributions: Vec<_> = explanation
            .breakdown
            .terms
            .iter()
            .map(|t| t.contribution)
            .collect();
        assert_eq!(got_shares, shares.iter().map(|s| d(s)).collect::<Vec<_>>());
        assert_eq!(
            got_contributions,
            contributions.iter().map(|s| d(s)).collect::<Vec<_>>()
        );
        // The single child objective passes its value up, its term rounded to 20
        // decimal places (TERM_SCALE): 1/3 arrives as 0.33333333333333333333.
        assert_eq!(
            rollup.value(&oid("top")).unwrap().reported.value(),
            d(expected).round_dp(folio_okr::TERM_SCALE)
        );
    }
}

#[test]
fn say_do_table() {
    // values, threshold, hits, total, value
    let cases: &[(&[&str], &str, u64, u64, &str)] = &[
        (&["1", "1.2", "0.7", "0.99"], "1", 2, 4, "0.5"),
        (&["1", "1.2", "0.7", "0.99"], "0.7", 4, 4, "1"),
        (&["0", "0", "0"], "1", 0, 3, "0"),
        (
            &["1", "0", "0"],
            "1",
            1,
            3,
            "0.3333333333333333333333333333",
        ),
    ];
    for &(values, threshold, hits, total, expected) in cases {
        let weights = vec!["1"; values.len()];
        let graph = OkrGraph::new(flat("say_do", &weights)).unwrap();
        let rollup = graph
            .rollup_with(SayDo::new(p(threshold)).unwrap(), &flat_inputs(values))
            .unwrap();
        let explanation = rollup.explain(&oid("o")).unwrap();
        assert_eq!(
            explanation.value.computed,
            p(expected),
            "{values:?} {threshold}"
        );
        assert_eq!(
            explanation.breakdown.counts,
            Some(SayDoCounts { hits, total })
        );
        let flags: Vec<bool> = explanation
            .breakdown
            .terms
            .iter()
            .filter_map(|t| t.hit)
            .collect();
        assert_eq!(flags.iter().filter(|h| **h).count() as u64, hits);
    }
}

#[test]
fn say_do_counts_a_shared_key_result_once() {
    // "shared" contributes to both product objectives, which both ladder up to "top",
    // and directly to "top" as well: "top" counts three distinct key results, not five.
    let data = portfolio(
        "say_do",
        vec![
            objective("top", "portfolio", "both", &[]),
            objective("a", "product", "key_results", &[("o:top", "1")]),
            objective("b", "product", "key_results", &[("o:top", "1")]),
        ],
        vec![
            key_result(
                "shared",
                "product",
                &[("o:a", "1"), ("o:b", "1"), ("o:top", "1")],
            ),
            key_result("ka", "product", &[("o:a", "1")]),
            key_result("kb", "product", &[("o:b", "1")]),
        ],
    );
    let graph = OkrGraph::new(data).unwrap();
    let rollup = graph
        .rollup(&inputs(&[("shared", "1"), ("ka", "0.5"), ("kb", "1")]))
        .unwrap();
    let top = rollup.explain(&oid("top")).unwrap();
    assert_eq!(
        top.breakdown.counts,
        Some(SayDoCounts { hits: 2, total: 3 })
    );
    assert_eq!(rollup.explain(&oid("a")).unwrap().value.computed, p("0.5"));
    assert_eq!(rollup.explain(&oid("b")).unwrap().value.computed, p("1"));
}

#[test]
fn say_do_judges_a_rolled_up_key_result_by_its_own_value() {
    // "kr" is rolled up from two initiative key results, one hit: 0.5, so it misses.
    let data = portfolio(
        "say_do",
        vec![
            objective("top", "portfolio", "child_objectives", &[]),
            objective("o", "product", "key_results", &[("o:top", "1")]),
        ],
        vec![
            key_result("kr", "product", &[("o:o", "1")]),
            key_result("done", "product", &[("o:o", "1")]),
            key_result("i1", "initiative", &[("k:kr", "1")]),
            key_result("i2", "initiative", &[("k:kr", "1")]),
        ],
    );
    let graph = OkrGraph::new(data).unwrap();
    let rollup = graph
        .rollup(&inputs(&[("i1", "1"), ("i2", "0.2"), ("done", "1")]))
        .unwrap();
    assert_eq!(rollup.value(&kid("kr")).unwrap().reported, p("0.5"));
    let o = rollup.explain(&oid("o")).unwrap();
    assert_eq!(o.breakdown.counts, Some(SayDoCounts { hits: 1, total: 2 }));
}

#[test]
fn the_crate_example_explained() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let cases = [
        (oid("atlas-win"), "0.7"),
        (kid("lens-active"), "0.4"),
        (oid("lens-adopt"), "0.4"),
        (oid("grow"), "0.6"),
        (kid("atlas-arr"), "0.6"),
    ];
    for (node, expected) in cases {
        assert_eq!(rollup.value(&node).unwrap().reported, p(expected), "{node}");
    }
    assert_eq!(
        rollup.explain(&oid("grow")).unwrap().to_string(),
        "objective \"grow\" (weighted): computed 0.6, reported 0.6 (computed)\n  \
         sum of weights 3\n  \
         objective \"atlas-win\": weight 2 share 0.6667 value 0.7 contribution 0.4667\n  \
         objective \"lens-adopt\": weight 1 share 0.3333 value 0.4 contribution 0.1333"
    );
    // Every rolled-up node is explained, portfolio objectives last.
    let all = rollup.explain_all().unwrap();
    let order: Vec<NodeId> = all.iter().map(|e| e.value.node.clone()).collect();
    assert_eq!(
        order,
        vec![
            kid("lens-active"),
            oid("atlas-win"),
            oid("lens-adopt"),
            oid("grow")
        ]
    );
    // The values as plain data, and explanations serialize to JSON (as output only:
    // they are not read back, since an output that deserialized would have to
    // validate like an input).
    let values = rollup.values();
    assert_eq!(values.len(), 8);
    assert_eq!(values.last().map(|v| v.node.clone()), Some(oid("grow")));
    let json = serde_json::to_value(&all).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(all.len()));
    assert_eq!(json[all.len() - 1]["value"]["node"]["objective"], "grow");
    // A leaf is explained as its input.
    let leaf = rollup.explain(&kid("lens-docs")).unwrap();
    assert_eq!(leaf.value.source, Source::Input);
    assert!(leaf.breakdown.terms.is_empty());
}

fn override_of(node: NodeId, value: &str) -> Override {
    Override {
        node,
        progress: p(value),
        owner: OwnerId::new("cpo").unwrap(),
        reason: "the ARR feed is a month old".into(),
    }
}

#[test]
fn overrides_keep_both_values_and_say_which_is_reported() {
    for (policy, reported, source, grow) in [
        (
            OverridePolicy::Report,
            "0.9",
            Source::Override,
            "0.7333333333333333333333333333",
        ),
        (OverridePolicy::Ignore, "0.7", Source::Computed, "0.6"),
    ] {
        let mut data = crate_example("weighted");
        data.policy = data.policy.with_overrides(policy);
        let graph = OkrGraph::new(data).unwrap();
        let mut with_override = crate_example_inputs();
        with_override
            .overrides
            .push(override_of(oid("atlas-win"), "0.9"));
        let rollup = graph.rollup(&with_override).unwrap();
        let value = rollup.value(&oid("atlas-win")).unwrap();
        assert_eq!(value.computed, p("0.7"));
        assert_eq!(
            value.owner_override.as_ref().map(|o| o.progress),
            Some(p("0.9"))
        );
        assert_eq!((value.reported, value.source), (p(reported), source));
        // The parent sees the reported value: (2 × 0.9 + 0.4) / 3 under Report.
        assert_eq!(
            rollup.value(&oid("grow")).unwrap().reported,
            p(grow),
            "{policy:?}"
        );
    }
}

#[test]
fn set_and_clear_overrides_incrementally() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut rollup = graph.rollup(&crate_example_inputs()).unwrap();
    rollup
        .set_override(override_of(kid("lens-active"), "1"))
        .unwrap();
    let mut expected_inputs = crate_example_inputs();
    expected_inputs
        .overrides
        .push(override_of(kid("lens-active"), "1"));
    let full = graph.rollup(&expected_inputs).unwrap();
    assert_eq!(rollup.reported_values(), full.reported_values());
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("0.8"));
    rollup.clear_override(&kid("lens-active")).unwrap();
    let full = graph.rollup(&crate_example_inputs()).unwrap();
    assert_eq!(rollup.reported_values(), full.reported_values());
    assert_eq!(rollup.computed_values(), full.computed_values());
    // Both sides above come from `computed_values`: check it against the hand-computed
    // values too (lens-active = (0.5 + 0.3) / 2, grow = (2 x 0.7 + 1 x 0.4) / 3).
    let at = |node: &NodeId| graph.plan().index_of(node).unwrap().get();
    let computed = rollup.computed_values();
    assert_eq!(computed.len(), graph.plan().len());
    assert_eq!(computed[at(&kid("lens-active"))], p("0.4"));
    assert_eq!(computed[at(&oid("grow"))], p("0.6"));
    assert_eq!(computed[at(&kid("atlas-arr"))], p("0.6"));
}

#[test]
fn incremental_updates_touch_ancestors_and_match_a_full_recompute() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut rollup = graph.rollup(&crate_example_inputs()).unwrap();
    rollup
        .update(&KeyResultId::new("lens-docs").unwrap(), p("0.9"))
        .unwrap();
    rollup
        .update_many(&[
            (KeyResultId::new("atlas-arr").unwrap(), p("0.2")),
            (KeyResultId::new("atlas-arr").unwrap(), p("1")),
        ])
        .unwrap();
    let full = graph
        .rollup(&inputs(&[
            ("atlas-arr", "1"),
            ("atlas-nps", "1"),
            ("lens-onboarding", "0.5"),
            ("lens-docs", "0.9"),
        ]))
        .unwrap();
    assert_eq!(rollup.reported_values(), full.reported_values());
    // grow = (2 × 1 + 1 × 0.7) / 3 = 0.9
    assert_eq!(rollup.value(&oid("grow")).unwrap().reported, p("0.9"));
}

#[test]
fn input_errors_name_the_node() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let leaf = |id: &str| KeyResultId::new(id).unwrap();
    let mut missing = crate_example_inputs();
    missing.progress.remove(&leaf("lens-docs"));
    missing.progress.remove(&leaf("atlas-arr"));
    let mut unknown = crate_example_inputs();
    unknown.progress.insert(leaf("ghost"), p("1"));
    let mut rolled_up = crate_example_inputs();
    rolled_up.progress.insert(leaf("lens-active"), p("1"));
    let mut leaf_override = crate_example_inputs();
    leaf_override
        .overrides
        .push(override_of(kid("atlas-arr"), "1"));
    let mut twice = crate_example_inputs();
    twice.overrides.push(override_of(oid("grow"), "1"));
    twice.overrides.push(override_of(oid("grow"), "0.5"));
    let mut unknown_override = crate_example_inputs();
    unknown_override
        .overrides
        .push(override_of(oid("ghost"), "1"));
    let cases = [
        (
            missing,
            Error::MissingProgress {
                key_results: vec![leaf("atlas-arr"), leaf("lens-docs")],
            },
        ),
        (unknown, Error::UnknownNode { node: kid("ghost") }),
        (
            rolled_up,
            Error::NotALeaf {
                key_result: leaf("lens-active"),
            },
        ),
        (
            leaf_override,
            Error::OverrideOfInput {
                key_result: leaf("atlas-arr"),
            },
        ),
        (twice, Error::DuplicateOverride { node: oid("grow") }),
        (unknown_override, Error::UnknownNode { node: oid("ghost") }),
    ];
    for (bad, expected) in cases {
        assert_eq!(graph.rollup(&bad).unwrap_err(), expected);
    }
    let mut rollup = graph.rollup(&crate_example_inputs()).unwrap();
    assert_eq!(
        rollup.update(&leaf("lens-active"), p("1")).unwrap_err(),
        Error::NotALeaf {
            key_result: leaf("lens-active")
        }
    );
}

#[test]
fn an_engine_of_another_method_is_refused() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    assert_eq!(
        graph
            .rollup_with(SayDo::default(), &crate_example_inputs())
            .unwrap_err(),
        Error::MethodMismatch {
            portfolio: RollupMethod::Weighted,
            engine: RollupMethod::SayDo
        }
    );
    let graph = OkrGraph::new(crate_example("say_do")).unwrap();
    assert!(
        graph
            .rollup_with(Weighted, &crate_example_inputs())
            .is_err()
    );
    assert!(
        graph
            .rollup_with(SayDo::default(), &crate_example_inputs())
            .is_ok()
    );
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    // Weights near the top of Decimal's range: their products with progress overflow.
    let big = (folio_types::Decimal::MAX / d("4")).to_string();
    let graph = OkrGraph::new(flat("weighted", &[&big, &big])).unwrap();
    let err = graph.rollup(&flat_inputs(&["2", "2"])).unwrap_err();
    assert!(
        matches!(err, Error::Overflow { ref node, .. } if *node == oid("o")),
        "{err}"
    );
}

#[test]
fn plan_layout() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let plan = graph.plan();
    let ids: Vec<String> = plan
        .indices()
        .map(|i| plan.node(i).unwrap().to_string())
        .collect();
    // Leaves, then rolled-up nodes, each from the bottom tier up and by id in a tier.
    assert_eq!(
        ids,
        [
            "key result \"lens-docs\"",
            "key result \"lens-onboarding\"",
            "key result \"atlas-arr\"",
            "key result \"atlas-nps\"",
            "key result \"lens-active\"",
            "objective \"atlas-win\"",
            "objective \"lens-adopt\"",
            "objective \"grow\"",
        ]
    );
    assert_eq!(plan.leaf_count(), 4);
    for i in plan.indices() {
        assert_eq!(plan.index_of(plan.node(i).unwrap()), Some(i));
        for &(child, _) in plan.contributors(i) {
            assert!(child < i, "topological order");
            assert!(plan.parents(child).contains(&i));
        }
    }
    assert!(plan.heap_bytes() > 0);
}

#[test]
fn sums_too_wide_for_exact_terms_fall_back_to_a_full_recompute() {
    // Sums above about 7.9e8 cannot hold 20 decimal places: those nodes are recomputed
    // from all contributors, and updates still equal a full rollup.
    for weights in [
        ["1000000000", "3"],
        ["10000000000", "2000000000"],
        ["0.5", "1.5"],
    ] {
        let graph = OkrGraph::new(flat("weighted", &weights)).unwrap();
        let mut rollup = graph.rollup(&flat_inputs(&["0.3", "0.7"])).unwrap();
        for (leaf, value) in [("k0", "1.9"), ("k1", "0.0001"), ("k0", "0.123456789")] {
            rollup
                .update(&KeyResultId::new(leaf).unwrap(), p(value))
                .unwrap();
        }
        let full = graph
            .rollup(&flat_inputs(&["0.123456789", "0.0001"]))
            .unwrap();
        assert_eq!(
            rollup.reported_values(),
            full.reported_values(),
            "{weights:?}"
        );
        assert_eq!(
            rollup.computed_values(),
            full.computed_values(),
            "{weights:?}"
        );
        // A leaf's computed value is its latest input, whatever both sides agree on.
        let at = |leaf: &str| graph.plan().index_of(&kid(leaf)).unwrap().get();
        assert_eq!(rollup.computed_values()[at("k0")], p("0.123456789"));
        assert_eq!(rollup.computed_values()[at("k1")], p("0.0001"));
    }
}

#[test]
fn weights_beyond_the_fixed_point_range_fall_back_to_decimal_arithmetic() {
    // 1e20 × 0.5 = 5e19 does not fit the fixed-point range (about 3.4e18): the node is
    // computed in Decimal, and updates still agree with a full recompute.
    let graph = OkrGraph::new(flat("weighted", &["100000000000000000000", "1"])).unwrap();
    let mut rollup = graph.rollup(&flat_inputs(&["0.5", "1"])).unwrap();
    // (1e20 × 0.5 + 1) / (1e20 + 1), at 28 significant digits.
    let expected = d("50000000000000000001") / d("100000000000000000001");
    assert_eq!(
        rollup.value(&oid("o")).unwrap().computed,
        p(&expected.to_string())
    );
    rollup
        .update(&KeyResultId::new("k0").unwrap(), p("0.25"))
        .unwrap();
    let fresh = graph.rollup(&flat_inputs(&["0.25", "1"])).unwrap();
    assert_eq!(rollup.values(), fresh.values());
    let expected = d("25000000000000000001") / d("100000000000000000001");
    assert_eq!(
        rollup.value(&oid("o")).unwrap().computed,
        p(&expected.to_string())
    );
}
