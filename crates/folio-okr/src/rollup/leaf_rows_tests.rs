//! The compact leaf rows of the weighted sweep: which rows a plan keeps and with what
//! edges; each kept row's sum against the term-by-term sum of [`fixed::product`]s the
//! sweep builds without it (and its `Decimal` value); and full sweeps after incremental
//! updates against a fresh rollup of the same inputs and the `Decimal` reference, digit
//! for digit and scale for scale.
// Test helpers unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress, Weight};
use proptest::collection::vec;
use proptest::prelude::*;

use super::fixed;
use super::leaf_rows::{LeafEdge, LeafRow, LeafRows};
use super::update_tests::{check, key_result, objective};
use crate::{
    Contribution, KeyResultTier, NodeId, ObjectiveTier, OkrGraph, PortfolioData, ProgressInputs,
    RollupMethod, RollupPolicy,
};

fn dec(mantissa: u128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(i128::try_from(mantissa).unwrap(), scale)
}

/// A portfolio: objective `o` over product key results `k0`, `k1`, `k2`, each over
/// leaves with the given weights; `k3` a leaf straight under `o`.
fn three_rows(weights: [&[Decimal]; 3]) -> (PortfolioData, ProgressInputs) {
    rows_under_o(weights, [Decimal::ONE; 3], true)
}

/// [`three_rows`] with the weights `top` of `k0`, `k1` and `k2` under `o`, and `k3`
/// only where `leaf_under_o`.
fn rows_under_o(
    weights: [&[Decimal]; 3],
    top: [Decimal; 3],
    leaf_under_o: bool,
) -> (PortfolioData, ProgressInputs) {
    let mut key_results = Vec::new();
    let mut leaves = Vec::new();
    for (k, (row, top)) in weights.iter().zip(top).enumerate() {
        let to = ObjectiveId::new("o").unwrap();
        key_results.push(key_result(
            &format!("k{k}"),
            KeyResultTier::Product,
            vec![Contribution::new(to, Weight::new(top).unwrap())],
        ));
        for (i, &w) in row.iter().enumerate() {
            let to = KeyResultId::new(format!("k{k}")).unwrap();
            key_results.push(key_result(
                &format!("i{k}_{i}"),
                KeyResultTier::Initiative,
                vec![Contribution::new(to, Weight::new(w).unwrap())],
            ));
            leaves.push(format!("i{k}_{i}"));
        }
    }
    if leaf_under_o {
        key_results.push(key_result(
            "k3",
            KeyResultTier::Product,
            vec![Contribution::new(
                ObjectiveId::new("o").unwrap(),
                Weight::new(Decimal::ONE).unwrap(),
            )],
        ));
        leaves.push("k3".to_owned());
    }
    let data = PortfolioData {
        policy: RollupPolicy::new(RollupMethod::Weighted),
        period: None,
        objectives: vec![objective("o", ObjectiveTier::Portfolio, vec![])],
        key_results,
    };
    let inputs = ProgressInputs::new(leaves.into_iter().enumerate().map(|(n, id)| {
        let value = Progress::new(dec(1_000 + n as u128 * 37, 4)).unwrap();
        (KeyResultId::new(id).unwrap(), value)
    }));
    (data, inputs)
}

/// The rows of `k0` (weights at 2 places), `k1` (one weight at 3 places) and `k2`
/// (one mantissa of `2^32`), and `o` (leaf `k3` and rolled-up children): only `k0`'s
/// row is kept, with its weights' mantissas and leaf indices in plan order.
#[test]
fn kept_rows_are_the_leaf_rows_at_one_scale_with_32_bit_weights() {
    let (data, inputs) = three_rows([
        &[dec(150, 2), dec(25, 2)],
        &[dec(100, 2), dec(1_500, 3)],
        &[dec(1 << 32, 2), dec(1, 2)],
    ]);
    let graph = OkrGraph::new(data.clone()).unwrap();
    let plan = graph.plan();
    let kept = LeafRows::new(plan);
    let k0 = plan
        .index_of(&NodeId::from(KeyResultId::new("k0").unwrap()))
        .unwrap();
    let record = u32::try_from(k0.get() - plan.leaf_count()).unwrap();
    assert_eq!(kept.rows, vec![LeafRow { record, end: 2 }]);
    assert_eq!(kept.scale, 2);
    let expected: Vec<LeafEdge> = plan
        .contributors(k0)
        .iter()
        .map(|&(child, w)| LeafEdge {
            weight: u32::try_from(w.value().mantissa()).unwrap(),
            leaf: u32::try_from(child.get()).unwrap(),
        })
        .collect();
    assert_eq!(kept.edges, expected);
    assert_eq!(kept.heap_bytes(), 3 * 8);
    // The rollup keeps those rows, and its values are the reference's.
    let rollup = graph.rollup(&inputs).unwrap();
    assert_eq!(rollup.leaf_rows.rows, kept.rows);
    assert_eq!(rollup.leaf_rows.edges, kept.edges);
    proptest::test_runner::TestRunner::default()
        .run(&Just(()), |()| check(&data, &inputs, &rollup))
        .unwrap();
}

/// A kept row whose leaves have a value at another scale, a mantissa of `2^64`, or a
/// product past 20 places gives no sum, and the sweep sums the plan's row: the
/// rollup's values are still the reference's.
#[test]
fn kept_rows_decline_values_the_exact_shape_does_not_take() {
    let row = [dec(150, 2), dec(25, 2)];
    let cases = [
        (dec(5, 1), dec(5_000, 4)),
        (dec(1 << 64, 18), dec(1, 18)),
        (dec(7, 19), dec(3, 19)),
    ];
    for (a, b) in cases {
        let kept = one_kept_row();
        let values = [Progress::new(a).unwrap(), Progress::new(b).unwrap()];
        assert_eq!(kept.row_sum(0, 2, &values), None, "{a} {b}");
        let terms = row.iter().zip(&values).try_fold(0u128, |s, (&w, p)| {
            s.checked_add(fixed::product(w, p.value(), 20)?)
        });
        assert!(terms.is_some());
    }
    // Through a rollup: values at 1 and 4 places, and one past 20 places.
    let (data, mut inputs) = three_rows([&row, &[dec(1, 0)], &[dec(2, 0)]]);
    let first = KeyResultId::new("i0_0").unwrap();
    inputs
        .progress
        .insert(first.clone(), Progress::new(dec(5, 1)).unwrap());
    let graph = OkrGraph::new(data.clone()).unwrap();
    let rollup = graph.rollup(&inputs).unwrap();
    assert!(!rollup.leaf_rows.rows.is_empty());
    let runner = |inputs: &ProgressInputs, rollup: &crate::Rollup| {
        proptest::test_runner::TestRunner::default()
            .run(&Just(()), |()| check(&data, inputs, rollup))
            .unwrap();
    };
    runner(&inputs, &rollup);
    inputs
        .progress
        .insert(first, Progress::new(dec(7, 21)).unwrap());
    let rollup = graph.rollup(&inputs).unwrap();
    runner(&inputs, &rollup);
}

/// One kept row of two leaves at two places, weights 1.50 and 0.25.
fn one_kept_row() -> LeafRows {
    LeafRows {
        rows: vec![LeafRow { record: 0, end: 2 }],
        edges: vec![
            LeafEdge {
                weight: 150,
                leaf: 0,
            },
            LeafEdge {
                weight: 25,
                leaf: 1,
            },
        ],
        scale: 2,
        leading: 1,
        totals_at_scale: true,
        rolled_known: true,
    }
}

/// A kept row reads each value's scale, not its sign: a negative zero among values at
/// the row's scale is summed with them (its term is zero, as [`fixed::product`] gives
/// it), and one at another scale declines the row.
#[test]
fn kept_rows_read_the_scale_of_a_negative_zero_not_its_sign() {
    let kept = one_kept_row();
    for first in [false, true] {
        let mut zero = dec(0, 4);
        zero.set_sign_negative(true);
        let mut values = [
            Progress::new(dec(5_000, 4)).unwrap(),
            Progress::new(zero).unwrap(),
        ];
        if first {
            values.swap(0, 1);
        }
        let terms = [dec(150, 2), dec(25, 2)]
            .iter()
            .zip(&values)
            .try_fold(0u128, |s, (&w, p)| {
                s.checked_add(fixed::product(w, p.value(), 20)?)
            });
        assert!(terms.is_some());
        assert_eq!(kept.row_sum(0, 2, &values), terms, "{values:?}");
        let mut other = dec(0, 3);
        other.set_sign_negative(true);
        values[usize::from(!first)] = Progress::new(other).unwrap();
        assert_eq!(kept.row_sum(0, 2, &values), None, "{values:?}");
    }
}

/// A mantissa: mostly everyday, sometimes near `2^32`, `2^64` or `2^96`.
fn mantissa() -> impl Strategy<Value = u128> {
    prop_oneof![
        6 => 0u128..100_000,
        1 => ((1u128 << 32) - 3)..(1u128 << 32),
        1 => ((1u128 << 64) - 3)..((1u128 << 64) + 3),
        1 => 0u128..(1 << 96),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Wherever a kept row gives a sum, it is the term-by-term sum of products at 20
    /// places (the sweep's sum without it), and that sum's `Decimal` value; and it
    /// gives one wherever the values are at one scale with mantissas below `2^64` and
    /// the products within 20 places, unless the sum does not fit.
    #[test]
    fn kept_row_sums_equal_the_sum_of_products(
        ws in 0u32..=20,
        ps in prop_oneof![0u32..=28, Just(4u32)],
        edges in vec((0u32..=u32::MAX, mantissa(), 0u32..12, 0u32..=28), 1..12),
    ) {
        let values: Vec<Progress> = edges
            .iter()
            .map(|&(_, p, odd, other)| {
                let scale = if odd == 0 { other } else { ps };
                Progress::new(dec(p, scale)).unwrap()
            })
            .collect();
        let kept = LeafRows {
            rows: vec![LeafRow { record: 0, end: u32::try_from(edges.len()).unwrap() }],
            edges: edges
                .iter()
                .enumerate()
                .map(|(i, &(w, ..))| LeafEdge { weight: w, leaf: u32::try_from(i).unwrap() })
                .collect(),
            scale: ws,
            leading: 1,
            totals_at_scale: true,
            rolled_known: true,
        };
        let weights: Vec<Decimal> = edges.iter().map(|&(w, ..)| dec(u128::from(w), ws)).collect();
        let terms = weights
            .iter()
            .zip(&values)
            .try_fold(0u128, |s, (&w, p)| s.checked_add(fixed::product(w, p.value(), 20)?));
        let got = kept.row_sum(0, edges.len(), &values);
        if let Some(sum) = got {
            prop_assert_eq!(Some(sum), terms);
            let exact = weights
                .iter()
                .zip(&values)
                .try_fold(Decimal::ZERO, |s, (&w, p)| s.checked_add(w.checked_mul(p.value())?));
            if let Some(mut exact) = exact {
                prop_assert!(exact.scale() <= 20);
                // A `Decimal` holds the sum at 20 places when its mantissa fits 96 bits.
                exact.rescale(20);
                if exact.scale() == 20 {
                    prop_assert_eq!(u128::try_from(exact.mantissa()).unwrap(), sum);
                }
            }
        }
        let p0 = values[0].value().scale();
        let exact_shape = ws + p0 <= 20
            && values
                .iter()
                .all(|p| p.value().scale() == p0 && p.value().mantissa() < 1 << 64);
        if exact_shape {
            prop_assert_eq!(got, terms);
        }
        // Past its edges, or an edge naming no value, gives nothing.
        prop_assert_eq!(kept.row_sum(0, edges.len() + 1, &values), None);
        prop_assert_eq!(kept.row_sum(0, edges.len(), &values[..edges.len() - 1]), None);
    }
}

/// A change of one leaf: its pick and its value's mantissa, and whether the value is
/// at the portfolio's leaf scale or another.
fn change() -> impl Strategy<Value = (u8, u128, u32, u32)> {
    (any::<u8>(), mantissa(), 0u32..6, 0u32..=28)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, max_global_rejects: 4_096, ..ProptestConfig::default() })]

    /// Incremental updates leave the kept rows valid (they hold only the plan's weights
    /// and leaf positions): a full sweep after updates gives every node a fresh
    /// rollup's digits and scale, and the `Decimal` reference's.
    #[test]
    fn full_sweeps_after_updates_equal_fresh_rollups(
        (data, inputs) in super::uniform_tests::portfolio(),
        changes in vec(vec(change(), 1..=4), 1..=4),
    ) {
        let Ok(graph) = OkrGraph::new(data.clone()) else {
            return Err(TestCaseError::reject("an invalid portfolio"));
        };
        let Ok(mut rollup) = graph.rollup(&inputs) else {
            return Err(TestCaseError::reject("the first rollup overflows"));
        };
        let plan = Arc::new(graph.plan().clone());
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        let ps = inputs.progress.values().next().map_or(4, |p| p.value().scale());
        let mut inputs = inputs;
        for batch in changes {
            let batch: Vec<(KeyResultId, Progress)> = batch
                .into_iter()
                .map(|(pick, m, odd, other)| {
                    let scale = if odd == 0 { other } else { ps };
                    let m = m.min(10u128.pow((scale + 4).min(28)));
                    let id = leaves[usize::from(pick) % leaves.len()].clone();
                    (id, Progress::new(dec(m, scale)).unwrap())
                })
                .collect();
            let before = inputs.clone();
            for (id, p) in &batch {
                inputs.progress.insert(id.clone(), *p);
            }
            let updated = rollup.update_many(&batch);
            let fresh = graph.rollup(&inputs);
            let (Ok(()), Ok(fresh)) = (updated, fresh) else {
                // An overflow: the same inputs fail a fresh rollup as well (the update
                // tests hold them to the same error); start again from the last good ones.
                inputs = before;
                rollup = graph.rollup(&inputs).unwrap();
                continue;
            };
            rollup.recompute_all().unwrap();
            for (got, want) in rollup.reported_values().iter().zip(fresh.reported_values()) {
                prop_assert_eq!(
                    (got.value().mantissa(), got.value().scale()),
                    (want.value().mantissa(), want.value().scale())
                );
            }
            check(&data, &inputs, &rollup)?;
            // The kept rows are the plan's, as a new rollup prepares them.
            let again = LeafRows::new(&plan);
            prop_assert_eq!(&rollup.leaf_rows.rows, &again.rows);
            prop_assert_eq!(&rollup.leaf_rows.edges, &again.edges);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Leaves all at one scale, which the sweep's one pass over the leaves takes (the
    /// kept rows then skip their per-edge tests),
    /// some (at 16 places and more) with mantissas of `2^64` or more, and sometimes one
    /// at another scale, which that pass must refuse: after the
    /// first rollup and after a full sweep, every node has the `Decimal` reference's
    /// digits and scale.
    #[test]
    fn kept_rows_over_leaves_of_one_scale_equal_the_reference(
        ws in 0u32..=4,
        ps in prop_oneof![0u32..=20, Just(4u32), 16u32..=20],
        weights in vec(1u128..100_000, 9),
        values in vec(mantissa(), 10),
        (odd, other) in (0usize..20, 0u32..=20),
        (ts, top, odd_top, leaf_under_o) in (
            0u32..=5,
            vec(prop_oneof![1u128..1_000, 1u128..1 << 31], 3),
            0usize..6,
            any::<bool>(),
        ),
    ) {
        // The kept rows' weights at `ws` places (their totals held at 2 places below
        // 2); the top row's (rolled-up children, without a leaf under `o` the row the
        // sweep sums by its unit for `ts` places) at `ts` places, sometimes one at
        // another scale.
        let weights: Vec<Decimal> = weights.iter().map(|&w| dec(w, ws)).collect();
        let top: Vec<Decimal> = top
            .iter()
            .enumerate()
            .map(|(i, &w)| dec(w, if i == odd_top { (ts + 1) % 6 } else { ts }))
            .collect();
        let (data, inputs) = rows_under_o(
            [&weights[..3], &weights[3..6], &weights[6..]],
            [top[0], top[1], top[2]],
            leaf_under_o,
        );
        let inputs = ProgressInputs::new(inputs.progress.keys().zip(&values).enumerate().map(
            |(i, (id, &m))| {
                // One leaf in two portfolios at another scale, which the pass refuses.
                let ps = if i == odd { other } else { ps };
                // Values up to 10,000 (the reference's products stay within 96 bits);
                // at 16 places and more that still reaches mantissas of 2^64.
                let m = m.min(10u128.pow((ps + 4).min(28)));
                (id.clone(), Progress::new(dec(m, ps)).unwrap())
            },
        ));
        let graph = OkrGraph::new(data.clone()).unwrap();
        let Ok(mut rollup) = graph.rollup(&inputs) else {
            return Err(TestCaseError::reject("the first rollup overflows"));
        };
        check(&data, &inputs, &rollup)?;
        // Every kept row's total is held at the weights' scale or at 2 places, so the
        // kept rows' route has a factor at every weight scale.
        prop_assert!(rollup.leaf_rows.totals_at_scale);
        prop_assert_ne!(rollup.leaf_rows.scaled_factor(1).0, 0);
        rollup.recompute_all().unwrap();
        check(&data, &inputs, &rollup)?;
    }
}

/// Leaves all at one scale whose mantissas are `2^64` and more with one high word (1):
/// the pass over the leaves compares each leaf's high word with the first's, and equal
/// high words are not zero ones. The kept rows must not take them as mantissas below
/// `2^64` (which would drop `2^64` from each): every node has the `Decimal` reference's
/// digits and scale, after the first rollup and after a full sweep.
#[test]
fn kept_rows_refuse_leaves_sharing_a_high_word() {
    let weights: Vec<Decimal> = (1..=9u128).map(|w| dec(w * 25, 2)).collect();
    let (data, inputs) = three_rows([&weights[..3], &weights[3..6], &weights[6..]]);
    let inputs = ProgressInputs::new(inputs.progress.keys().enumerate().map(|(i, id)| {
        let m = (1u128 << 64) + 37 * i as u128;
        (id.clone(), Progress::new(dec(m, 18)).unwrap())
    }));
    let graph = OkrGraph::new(data.clone()).unwrap();
    let mut rollup = graph.rollup(&inputs).unwrap();
    check(&data, &inputs, &rollup).unwrap();
    rollup.recompute_all().unwrap();
    check(&data, &inputs, &rollup).unwrap();
}

/// Objective `o` over product key results `k0`, `k1` and `k2` only (a row of rolled-up
/// children) with weights `top`, each over three leaves weighted 1.00 at 0.1000, 0.1000
/// and 0.2000: each key result's mean, 0.1333..., has digits to 28 places.
fn rolled_up_row(top: [Decimal; 3]) -> (PortfolioData, ProgressInputs) {
    let ones = [dec(100, 2); 3];
    let (data, inputs) = rows_under_o([&ones, &ones, &ones], top, false);
    // The leaves in id order: `i{k}_0`, `i{k}_1`, `i{k}_2` for each `k`.
    let inputs = ProgressInputs::new(inputs.progress.keys().enumerate().map(|(n, id)| {
        let value = Progress::new(dec(1_000 * (1 + u128::from(n % 3 == 2)), 4)).unwrap();
        (id.clone(), value)
    }));
    (data, inputs)
}

/// The rows of rolled-up children are summed without a weight test per edge only where
/// every such row's weights have one scale (its first weight's) and mantissas below
/// `2^30`: a weight of `2^30` or more (or one at another scale than the row's first)
/// makes the plan's rows all take the tested sum (a weight of `2^34` times a value's
/// last ten places overflows the untested term). Either way every node has the
/// `Decimal` reference's digits and scale, after the first rollup and after a full
/// sweep, at every scale the untested sums take (0 to 4 places) and past them.
#[test]
fn rolled_up_rows_skip_weight_tests_only_below_30_bits_at_one_scale() {
    let around = |large: Decimal, scale: u32| {
        let other = dec(75 * 10u128.pow(scale), scale + 2);
        [other, large, other]
    };
    let cases = [
        (around(dec((1 << 30) - 1, 2), 0), true),
        (around(dec((1 << 34) + 12_345, 2), 0), false),
        (around(dec(1 << 30, 2), 0), false),
        (around(dec(250, 3), 1), true),
        (around(dec(2_500, 4), 2), true),
        (around(dec((1 << 30) - 1, 4), 2), true),
        (around(dec(1 << 30, 4), 2), false),
        (around(dec(25, 3), 0), false),
        ([dec(3, 0), dec((1 << 30) - 1, 0), dec(2, 0)], true),
        ([dec(3, 0), dec(1 << 30, 0), dec(2, 0)], false),
        ([dec(3, 1), dec(17, 1), dec(2, 1)], true),
        ([dec(3, 0), dec(17, 1), dec(2, 0)], false),
        ([dec(3, 5), dec(17, 5), dec(2, 5)], true),
    ];
    for (top, known) in cases {
        let (data, inputs) = rolled_up_row(top);
        let graph = OkrGraph::new(data.clone()).unwrap();
        let mut rollup = graph.rollup(&inputs).unwrap();
        check(&data, &inputs, &rollup).unwrap();
        rollup.recompute_all().unwrap();
        check(&data, &inputs, &rollup).unwrap();
        assert_eq!(rollup.leaf_rows.rolled_known, known, "{top:?}");
    }
}
