//! The full weighted sweep against the plain `Decimal` reference of `update_tests`, on
//! portfolios built to exercise its uniform-scale sums: every weight at one scale and
//! every leaf at one scale (drawn per portfolio, 0 to 28 places, so that products are
//! exact or rounded), mantissas near `2^32`, `2^64` and `2^96`, and now and then an
//! edge or a leaf at another scale, which sends its node back to the term-by-term sum.
//! Every node has the reference's digits and scale; a portfolio whose reference
//! overflows fails with the typed overflow error, never a panic.
// Test helpers unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress, Weight};
use proptest::collection::vec;
use proptest::prelude::*;

use super::update_tests::{Reference, check, key_result, objective};
use crate::{
    Contribution, Error, KeyResultTier, ObjectiveTier, OkrGraph, PortfolioData, ProgressInputs,
    RollupMethod, RollupPolicy,
};

/// A mantissa: mostly everyday, sometimes near a limit of the uniform sums.
fn mantissa(everyday: u128) -> impl Strategy<Value = u128> {
    prop_oneof![
        12 => 1u128..=everyday,
        1 => ((1u128 << 32) - 2)..=((1u128 << 32) + 2),
        1 => ((1u128 << 64) - 2)..=((1u128 << 64) + 2),
        1 => 1u128..(1 << 96),
    ]
}

/// A decimal at `scale`, or (when `odd` is 0) at `other`, at most `10^digits`: the
/// reference sums in `Decimal`, so values and weights stay moderate (a mantissa near
/// `2^64` or `2^96` at a scale that makes it so).
fn at_scale(mantissa: u128, scale: u32, odd: u32, other: u32, digits: u32) -> Decimal {
    let scale = if odd == 0 { other } else { scale };
    let mantissa = mantissa.min(10u128.pow((scale + digits).min(38)));
    Decimal::from_i128_with_scale(i128::try_from(mantissa.min((1 << 96) - 1)).unwrap(), scale)
}

/// `(mantissa, odd, other scale)` per edge or leaf.
fn shape(
    everyday: u128,
    n: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Vec<(u128, u32, u32)>> {
    vec((mantissa(everyday), 0u32..24, 0u32..=28), n)
}

#[allow(clippy::type_complexity)]
pub(super) fn portfolio() -> impl Strategy<Value = (PortfolioData, ProgressInputs)> {
    (
        0u32..=8,
        0u32..=28,
        1usize..=2,
        shape(1_000, 1..=3),
        shape(1_000, 1..=8),
        vec(any::<u8>(), 0..=24),
        shape(1_000, 24..=24),
        shape(20_000, 32..=32),
    )
        .prop_map(
            |(ws, ps, n_p, mut o_edges, k_edges, parents, i_edges, values)| {
                // Every objective needs a contributor: no more product objectives than
                // product key results, no more portfolio objectives than product ones.
                o_edges.truncate(k_edges.len());
                let n_p = n_p.min(o_edges.len());
                let weight = |(m, odd, other): (u128, u32, u32)| {
                    Weight::new(at_scale(m, ws, odd, other, 10)).unwrap()
                };
                let mut objectives: Vec<_> = (0..n_p)
                    .map(|i| objective(&format!("p{i}"), ObjectiveTier::Portfolio, vec![]))
                    .collect();
                for (j, &e) in o_edges.iter().enumerate() {
                    let to = ObjectiveId::new(format!("p{}", j % n_p)).unwrap();
                    objectives.push(objective(
                        &format!("o{j}"),
                        ObjectiveTier::Product,
                        vec![Contribution::new(to, weight(e))],
                    ));
                }
                let mut key_results = Vec::new();
                for (k, &e) in k_edges.iter().enumerate() {
                    let to = ObjectiveId::new(format!("o{}", k % o_edges.len())).unwrap();
                    key_results.push(key_result(
                        &format!("k{k}"),
                        KeyResultTier::Product,
                        vec![Contribution::new(to, weight(e))],
                    ));
                }
                let mut leaves: Vec<String> = Vec::new();
                let mut has_children = vec![false; k_edges.len()];
                for (i, (&parent, &e)) in parents.iter().zip(&i_edges).enumerate() {
                    let parent = usize::from(parent) % k_edges.len();
                    has_children[parent] = true;
                    let to = KeyResultId::new(format!("k{parent}")).unwrap();
                    key_results.push(key_result(
                        &format!("i{i}"),
                        KeyResultTier::Initiative,
                        vec![Contribution::new(to, weight(e))],
                    ));
                    leaves.push(format!("i{i}"));
                }
                leaves.extend(
                    (0..k_edges.len())
                        .filter(|&k| !has_children[k])
                        .map(|k| format!("k{k}")),
                );
                let inputs = ProgressInputs::new(leaves.into_iter().zip(values).map(
                    |(id, (m, odd, other))| {
                        let value = Progress::new(at_scale(m, ps, odd, other, 4)).unwrap();
                        (KeyResultId::new(id).unwrap(), value)
                    },
                ));
                let data = PortfolioData {
                    policy: RollupPolicy::new(RollupMethod::Weighted),
                    period: None,
                    objectives,
                    key_results,
                };
                (data, inputs)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_global_rejects: 4_096, ..ProptestConfig::default() })]

    #[test]
    fn full_weighted_rollups_equal_a_decimal_reference((data, inputs) in portfolio()) {
        let graph = match OkrGraph::new(data.clone()) {
            Ok(graph) => graph,
            // Validation refuses total weights that overflow; nothing to roll up.
            Err(Error::Invalid { problems, .. })
                if problems.iter().all(|p| matches!(p, crate::Problem::WeightOverflow { .. })) =>
            {
                return Err(TestCaseError::reject("total weights overflow"));
            }
            Err(error) => return Err(TestCaseError::fail(format!("{error:?}"))),
        };
        match graph.rollup(&inputs) {
            Ok(rollup) => check(&data, &inputs, &rollup)?,
            Err(error) => {
                prop_assert!(matches!(error, Error::Overflow { .. }), "{error:?}");
                let mut reference = Reference::new(&data, &inputs);
                let mut overflows = false;
                for id in reference.ids() {
                    overflows |= reference.value(&id).is_none();
                }
                if reference.inexact {
                    return Err(TestCaseError::reject("a rounded Decimal sum"));
                }
                prop_assert!(overflows, "the rollup overflows, the reference does not: {error:?}");
            }
        }
    }
}
