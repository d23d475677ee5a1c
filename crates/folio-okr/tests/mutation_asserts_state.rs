//! The rolled-up state and its incremental updates, checked against numbers worked out
//! by hand from the documented rules and against a full rollup from scratch of the same
//! inputs (an update must give the very digits a fresh rollup gives).
//!
//! The crate-docs portfolio (weights in brackets): atlas-win = (3 × atlas-arr +
//! 1 × atlas-nps) / 4; lens-active = (1 × lens-onboarding + 1 × lens-docs) / 2;
//! lens-adopt = lens-active; grow = (2 × atlas-win + 1 × lens-adopt) / 3.
// Tests fail loudly: they unwrap, index and panic.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{crate_example, inputs, kid, oid, p};
use folio_okr::{Error, NodeId, OkrGraph, Override, ProgressInputs, Rollup, SayDo, Source};
use folio_types::{KeyResultId, OwnerId, Progress};

fn krid(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn override_of(node: NodeId, value: &str) -> Override {
    Override {
        node,
        progress: p(value),
        owner: OwnerId::new("cpo").unwrap(),
        reason: String::new(),
    }
}

/// Every node's computed and reported value as text (digits and scale).
fn digits(rollup: &Rollup) -> Vec<(NodeId, String, String)> {
    rollup
        .values()
        .into_iter()
        .map(|v| (v.node, v.computed.to_string(), v.reported.to_string()))
        .collect()
}

/// Asserts that `rollup` holds the very digits a fresh rollup of `inputs` gives.
fn assert_fresh(graph: &OkrGraph, rollup: &Rollup, inputs: &ProgressInputs) {
    let fresh = graph.rollup(inputs).unwrap();
    assert_eq!(digits(rollup), digits(&fresh));
    assert_eq!(rollup.reported_values(), fresh.reported_values());
    assert_eq!(rollup.computed_values(), fresh.computed_values());
}

fn reported(rollup: &Rollup, node: &NodeId) -> Progress {
    rollup.value(node).unwrap().reported
}

/// A leaf that starts at 0 contributes a zero term; updating it replaces that term in
/// its parent's sum, and the parent's mean is the quotient of the new sum.
#[test]
fn updates_from_zero_climb_to_the_hand_computed_means() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let mut values = vec![
        ("atlas-arr", "0"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0"),
    ];
    let mut rollup = graph.rollup(&inputs(&values)).unwrap();
    // atlas-win = (0 + 1) / 4 = 0.25; lens-active = (0.5 + 0) / 2 = 0.25 = lens-adopt;
    // grow = (2 × 0.25 + 0.25) / 3 = 0.25.
    for node in [
        oid("atlas-win"),
        kid("lens-active"),
        oid("lens-adopt"),
        oid("grow"),
    ] {
        assert_eq!(reported(&rollup, &node), p("0.25"), "{node}");
    }

    rollup.update(&krid("atlas-arr"), p("0.6")).unwrap();
    values[0].1 = "0.6";
    // atlas-win = (3 × 0.6 + 1) / 4 = 0.7; grow = (2 × 0.7 + 0.25) / 3 = 0.55.
    assert_eq!(reported(&rollup, &oid("atlas-win")), p("0.7"));
    assert_eq!(reported(&rollup, &oid("grow")), p("0.55"));
    assert_fresh(&graph, &rollup, &inputs(&values));

    rollup.update(&krid("lens-docs"), p("0.3")).unwrap();
    values[3].1 = "0.3";
    // lens-active = (0.5 + 0.3) / 2 = 0.4 = lens-adopt; grow = (1.4 + 0.4) / 3 = 0.6.
    assert_eq!(reported(&rollup, &kid("lens-active")), p("0.4"));
    assert_eq!(reported(&rollup, &oid("lens-adopt")), p("0.4"));
    assert_eq!(reported(&rollup, &oid("grow")), p("0.6"));
    assert_fresh(&graph, &rollup, &inputs(&values));
}

/// `update_many` from zero: the same means as the updates one by one.
#[test]
fn update_many_from_zero_equals_a_fresh_rollup() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let start = [
        ("atlas-arr", "0"),
        ("atlas-nps", "0"),
        ("lens-onboarding", "0"),
        ("lens-docs", "0"),
    ];
    let mut rollup = graph.rollup(&inputs(&start)).unwrap();
    assert_eq!(reported(&rollup, &oid("grow")), p("0"));
    rollup
        .update_many(&[
            (krid("atlas-arr"), p("0.6")),
            (krid("atlas-nps"), p("1")),
            (krid("lens-docs"), p("0.3")),
            (krid("lens-onboarding"), p("0.5")),
        ])
        .unwrap();
    assert_eq!(reported(&rollup, &oid("atlas-win")), p("0.7"));
    assert_eq!(reported(&rollup, &kid("lens-active")), p("0.4"));
    assert_eq!(reported(&rollup, &oid("grow")), p("0.6"));
    let done = [
        ("atlas-arr", "0.6"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0.3"),
    ];
    assert_fresh(&graph, &rollup, &inputs(&done));
}

/// `update_leaf` takes leaf indices only: the first rolled-up index is outside the
/// leaves (`IndexOutOfPlan` against the leaf count), for either engine, and changes
/// nothing.
#[test]
fn update_leaf_refuses_the_first_rolled_up_index() {
    let start = [
        ("atlas-arr", "0.6"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0.3"),
    ];
    for method in ["weighted", "say_do"] {
        let graph = OkrGraph::new(crate_example(method)).unwrap();
        let mut rollup = graph.rollup(&inputs(&start)).unwrap();
        let before = digits(&rollup);
        let leaves = graph.plan().leaf_count();
        let first = graph.plan().rolled_up().next().unwrap();
        assert_eq!(first.get(), leaves);
        let err = rollup.update_leaf(first, p("1")).unwrap_err();
        assert!(
            matches!(err, Error::IndexOutOfPlan { index, len } if index == leaves && len == leaves),
            "{method}: {err:?}"
        );
        assert_eq!(digits(&rollup), before, "{method}");
        // The last leaf index (atlas-nps, the plan lists leaves by tier from the
        // bottom up, then by id) is accepted, and equals a fresh rollup.
        let last = graph.plan().indices().nth(leaves - 1).unwrap();
        assert_eq!(graph.plan().node(last), Some(&kid("atlas-nps")));
        rollup.update_leaf(last, p("0")).unwrap();
        let mut now = inputs(&start);
        now.progress.insert(krid("atlas-nps"), p("0"));
        assert_fresh(&graph, &rollup, &now);
        // Weighted: atlas-win = 3 × 0.6 / 4 = 0.45; say-do: no hit of 2.
        let win = if method == "weighted" { "0.45" } else { "0" };
        assert_eq!(reported(&rollup, &oid("atlas-win")), p(win), "{method}");
    }
}

/// Say-do: an objective counts the key results of its child objectives, so a key
/// result's change reaches the portfolio objective even when the child objective in
/// between reports an override that does not move.
#[test]
fn say_do_counts_reach_past_an_overridden_child_objective() {
    let graph = OkrGraph::new(crate_example("say_do")).unwrap();
    let mut start = inputs(&[
        ("atlas-arr", "0.6"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0.3"),
    ]);
    start.overrides = vec![override_of(oid("atlas-win"), "0.9")];
    let mut rollup = graph.rollup(&start).unwrap();
    // grow counts atlas-arr, atlas-nps and lens-active: only atlas-nps hits (1 of 3).
    let win = rollup.value(&oid("atlas-win")).unwrap();
    assert_eq!((win.computed, win.reported), (p("0.5"), p("0.9")));
    assert_eq!(win.source, Source::Override);
    assert_eq!(
        reported(&rollup, &oid("grow")).to_string(),
        "0.3333333333333333333333333333"
    );

    rollup.update(&krid("atlas-arr"), p("1")).unwrap();
    start.progress.insert(krid("atlas-arr"), p("1"));
    // atlas-win computes 2 of 2 but still reports 0.9; grow now counts 2 hits of 3.
    let win = rollup.value(&oid("atlas-win")).unwrap();
    assert_eq!((win.computed, win.reported), (p("1"), p("0.9")));
    assert_eq!(
        reported(&rollup, &oid("grow")).to_string(),
        "0.6666666666666666666666666667"
    );
    assert_fresh(&graph, &rollup, &start);
}

/// Say-do engines built directly check the portfolio's method like any engine.
#[test]
fn a_say_do_rollup_of_a_weighted_portfolio_is_refused() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let start = inputs(&[
        ("atlas-arr", "0.6"),
        ("atlas-nps", "1"),
        ("lens-onboarding", "0.5"),
        ("lens-docs", "0.3"),
    ]);
    assert!(matches!(
        graph.rollup_with(SayDo::default(), &start),
        Err(Error::MethodMismatch { .. })
    ));
}

/// `grow` from `a` (weight `10^17`) and `b` (weight 1): at progress 1, `a`'s term
/// (`10^17` at 20 places, `10^37`) fits the fixed-point sum; at 100 it does not
/// (`10^39`), and the node leaves the fixed-point path.
fn wide_weights() -> OkrGraph {
    OkrGraph::new(common::portfolio(
        "weighted",
        vec![common::objective("grow", "portfolio", "key_results", &[])],
        vec![
            common::key_result("a", "product", &[("o:grow", "100000000000000000")]),
            common::key_result("b", "product", &[("o:grow", "1")]),
        ],
    ))
    .unwrap()
}

/// Applies each step with `update` one leaf at a time, then (from the start again) with
/// `update_many`, checking after every step that the rollup holds the very digits a
/// fresh rollup of the same inputs gives.
fn check_steps(graph: &OkrGraph, start: &[(&str, &str)], steps: &[&[(&str, &str)]]) {
    for many in [false, true] {
        let mut values: Vec<(&str, &str)> = start.to_vec();
        let mut rollup = graph.rollup(&inputs(&values)).unwrap();
        for step in steps {
            if many {
                let changes: Vec<(KeyResultId, Progress)> =
                    step.iter().map(|(id, v)| (krid(id), p(v))).collect();
                rollup.update_many(&changes).unwrap();
            } else {
                for (id, v) in *step {
                    rollup.update(&krid(id), p(v)).unwrap();
                }
            }
            for (id, v) in *step {
                let at = values.iter().position(|(k, _)| k == id).unwrap();
                values[at].1 = v;
            }
            assert_fresh(graph, &rollup, &inputs(&values));
        }
    }
}

/// An update whose new term does not fit the parent's sum recomputes the parent in
/// full; so does a node queued by two contributors of which one did not fit; and a
/// node off the fixed-point path stays off it until a full recompute puts it back.
/// Each step equals a fresh rollup of the same inputs, digit for digit.
#[test]
fn updates_whose_terms_stop_fitting_equal_a_fresh_rollup() {
    let graph = wide_weights();
    let start = [("a", "1"), ("b", "0.5")];
    // (10^17 × 1 + 0.5) / (10^17 + 1) is below 1.
    let rollup = graph.rollup(&inputs(&start)).unwrap();
    assert!(reported(&rollup, &oid("grow")) < p("1"));
    check_steps(
        &graph,
        &start,
        &[
            // a's term no longer fits: alone, then beside b's term, which does.
            &[("a", "100")],
            &[("b", "0.25")],
            &[("a", "1"), ("b", "0.5")],
            &[("a", "100"), ("b", "0.25")],
            // Off the fixed-point path: b falls, then a comes back into range.
            &[("b", "0.125")],
            &[("a", "1")],
        ],
    );
}

/// Under a small total (weights 1 and 1, total 2) a node off the fixed-point path (a
/// progress of `10^19`, whose term `10^39` does not fit) is recomputed from its
/// contributors when another contributor changes: its mean is
/// `(10^19 + 0.25) / 2 = 5000000000000000000.125`, not a quotient of a sum it does not
/// hold.
#[test]
fn a_node_off_the_fixed_point_path_under_a_small_total_is_recomputed() {
    let graph = OkrGraph::new(common::portfolio(
        "weighted",
        vec![common::objective("grow", "portfolio", "key_results", &[])],
        vec![
            common::key_result("a", "product", &[("o:grow", "1")]),
            common::key_result("b", "product", &[("o:grow", "1")]),
        ],
    ))
    .unwrap();
    let big = "10000000000000000000";
    let start = [("a", big), ("b", "0.5")];
    check_steps(&graph, &start, &[&[("b", "0.25")], &[("b", "0.125")]]);
    // From the fixed-point path: a's new term does not fit while b's does (with
    // `update_many`, grow is queued by both and must be recomputed in full), then off
    // it and back.
    check_steps(
        &graph,
        &[("a", "1"), ("b", "0.5")],
        &[
            &[("a", big), ("b", "0.25")],
            &[("b", "0.125")],
            &[("a", "1")],
            &[("b", "0.25"), ("a", big)],
        ],
    );
    let mut rollup = graph.rollup(&inputs(&start)).unwrap();
    rollup.update(&krid("b"), p("0.25")).unwrap();
    assert_eq!(
        reported(&rollup, &oid("grow")),
        p("5000000000000000000.125")
    );
}
