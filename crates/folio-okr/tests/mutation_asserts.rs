//! Assertions that close the gaps cargo-mutants found in the rollups (see
//! `docs/mutants.md`, "folio-okr (partial)").
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, through the public API only, so that a change to the rule's
//! code (a flipped comparison, a lost branch, a constant result) makes a test fail.
//!
//! The crate-docs portfolio, by hand (weights in brackets):
//! - atlas-win = (3 × atlas-arr 0.6 + 1 × atlas-nps 1) / 4 = 0.7
//! - lens-active = (1 × lens-onboarding 0.5 + 1 × lens-docs 0.3) / 2 = 0.4
//! - lens-adopt = lens-active = 0.4
//! - grow = (2 × atlas-win 0.7 + 1 × lens-adopt 0.4) / 3 = 0.6
// Tests fail loudly: they unwrap, index and panic.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{crate_example, crate_example_inputs, d, kid, oid, p};
use folio_okr::{
    Engine, OkrGraph, RolledUp, RollupEngine, RollupMethod, RollupPolicy, SayDo, Weighted,
};
use folio_types::Progress;

/// The reported value of every node, by plan index, as the hand computation gives it.
fn crate_example_reported(graph: &OkrGraph) -> Vec<Progress> {
    let plan = graph.plan();
    let mut expected = vec![Progress::ZERO; plan.len()];
    for (node, value) in [
        (kid("atlas-arr"), "0.6"),
        (kid("atlas-nps"), "1"),
        (kid("lens-onboarding"), "0.5"),
        (kid("lens-docs"), "0.3"),
        (kid("lens-active"), "0.4"),
        (oid("atlas-win"), "0.7"),
        (oid("lens-adopt"), "0.4"),
        (oid("grow"), "0.6"),
    ] {
        expected[plan.index_of(&node).unwrap().get()] = p(value);
    }
    expected
}

/// A progress rollup read through the `RolledUp` trait gives what it gives directly:
/// its method, plan, every reported value, a node's value and its explanation.
#[test]
fn a_progress_rollup_reads_the_same_through_rolled_up() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let dynamic: &dyn RolledUp = &rollup;
    assert_eq!(dynamic.method(), RollupMethod::Weighted);
    assert_eq!(dynamic.plan().len(), 8);
    assert_eq!(dynamic.plan().leaf_count(), 4);
    assert_eq!(dynamic.reported_values(), crate_example_reported(&graph));
    let grow = dynamic.value(&oid("grow")).unwrap();
    assert_eq!((grow.node.clone(), grow.reported), (oid("grow"), p("0.6")));
    let explanation = dynamic.explain(&oid("atlas-win")).unwrap();
    assert_eq!(explanation.value.computed, p("0.7"));
    assert_eq!(explanation.breakdown.basis, d("4"));
    assert!(dynamic.value(&oid("nowhere")).is_none());

    // A say-do portfolio: atlas-win counts atlas-arr (0.6, missed) and atlas-nps (1,
    // hit) at the default threshold of 1: 1 of 2.
    let graph = OkrGraph::new(crate_example("say_do")).unwrap();
    let rollup = graph.rollup(&crate_example_inputs()).unwrap();
    let dynamic: &dyn RolledUp = &rollup;
    assert_eq!(dynamic.method(), RollupMethod::SayDo);
    let at = graph.plan().index_of(&oid("atlas-win")).unwrap().get();
    assert_eq!(dynamic.reported_values()[at], p("0.5"));
    assert_eq!(dynamic.reported_values().len(), 8);
}

/// The engine a policy names delegates to the engine of its method: its method, its
/// computation, its explanation and its additive form.
#[test]
fn the_policy_engine_delegates_to_the_engine_of_its_method() {
    let graph = OkrGraph::new(crate_example("weighted")).unwrap();
    let plan = graph.plan();
    let values = crate_example_reported(&graph);
    let atlas_win = plan.index_of(&oid("atlas-win")).unwrap();

    let weighted = Engine::from_policy(&RollupPolicy::new(RollupMethod::Weighted)).unwrap();
    assert_eq!(weighted, Engine::Weighted(Weighted));
    assert_eq!(weighted.method(), RollupMethod::Weighted);
    // (3 × 0.6 + 1 × 1) / 4 = 0.7
    assert_eq!(
        weighted.compute(plan, atlas_win, &values).unwrap(),
        p("0.7")
    );
    let breakdown = weighted.explain(plan, atlas_win, &values).unwrap();
    assert_eq!(breakdown.basis, d("4"));
    assert_eq!(breakdown.terms.len(), 2);
    // The weighted engine is additive, through the policy engine too: the term of
    // weight 3 and value 0.6 is 1.8 at 20 decimal places.
    let additive = weighted.additive().unwrap();
    let term = additive.term("3".parse().unwrap(), p("0.6")).unwrap();
    assert_eq!(term, 18 * 10u128.pow(19));
    assert!(Weighted.additive().is_some());

    // A say-do policy with a hit threshold of 0.6: atlas-arr (0.6) and atlas-nps (1)
    // both hit.
    let policy = RollupPolicy::new(RollupMethod::SayDo)
        .with_hit_threshold(p("0.6"))
        .unwrap();
    let say_do = Engine::from_policy(&policy).unwrap();
    assert_eq!(say_do, Engine::SayDo(SayDo::new(p("0.6")).unwrap()));
    assert_eq!(say_do.method(), RollupMethod::SayDo);
    assert_eq!(say_do.compute(plan, atlas_win, &values).unwrap(), p("1"));
    let breakdown = say_do.explain(plan, atlas_win, &values).unwrap();
    assert_eq!(breakdown.counts.map(|c| (c.hits, c.total)), Some((2, 2)));
    // Say-do counts hits: it has no additive form.
    assert!(say_do.additive().is_none());
    assert!(SayDo::default().additive().is_none());
}
