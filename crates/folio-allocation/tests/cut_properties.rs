//! `cut` against brute force over every subset, the greedy floor, an independent
//! feasibility check and input order.
// Test helpers and generators may unwrap, index and use plain arithmetic: a failure
// should fail the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::collections::BTreeSet;

use common::{brute_force, build, feasible_value, spec};
use folio_allocation::{CutOptions, Error, Portfolio, Reduction, SolveStatus, cut, cut_greedy};
use folio_types::{Decimal, InitiativeId, Ratio};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn cut_is_optimal_feasible_and_beats_greedy(spec in spec(12), share in 0u32..=60) {
        let data = build(&spec);
        let p = Portfolio::new(data.clone()).unwrap();
        let reduction = Reduction::Share(Ratio::new(Decimal::new(i64::from(share), 2)).unwrap());
        let ceiling = p.planned_spend() * (Decimal::ONE - Decimal::new(i64::from(share), 2));
        let best = brute_force(&p, ceiling);
        match (cut(&p, reduction, CutOptions::default()), best) {
            (Ok(plan), Some(best)) => {
                prop_assert_eq!(plan.status, SolveStatus::Optimal);
                prop_assert_eq!(plan.value_kept, best);
                let kept: BTreeSet<InitiativeId> = plan.protect.iter().map(|k| k.id.clone()).collect();
                prop_assert_eq!(feasible_value(&p, &kept, ceiling, true), Some(best));
                prop_assert_eq!(plan.protect.len() + plan.cut.len(), p.initiatives().len());
                prop_assert_eq!(plan.spend_saved + plan.kept_spend, p.planned_spend());
                if let Ok(greedy) = cut_greedy(&p, reduction, CutOptions::default()) {
                    prop_assert!(greedy.value_kept <= plan.value_kept);
                    let gk: BTreeSet<InitiativeId> = greedy.protect.iter().map(|k| k.id.clone()).collect();
                    prop_assert_eq!(feasible_value(&p, &gk, ceiling, true), Some(greedy.value_kept));
                }
                // The same portfolio in reverse order gives the same plan.
                let mut reversed = data.clone();
                reversed.initiatives.reverse();
                let again = cut(&Portfolio::new(reversed).unwrap(), reduction, CutOptions::default()).unwrap();
                prop_assert_eq!(again, plan);
            }
            (Err(Error::Infeasible { excess, .. }), None) => prop_assert!(excess >= Decimal::ZERO),
            (got, best) => prop_assert!(false, "cut gave {:?}, brute force {:?}", got, best),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn cut_matches_brute_force_at_sixteen(spec in spec(16), share in 5u32..=40) {
        let p = Portfolio::new(build(&spec)).unwrap();
        let reduction = Reduction::Share(Ratio::new(Decimal::new(i64::from(share), 2)).unwrap());
        let ceiling = p.planned_spend() * (Decimal::ONE - Decimal::new(i64::from(share), 2));
        match (cut(&p, reduction, CutOptions::default()), brute_force(&p, ceiling)) {
            (Ok(plan), Some(best)) => prop_assert_eq!(plan.value_kept, best),
            (Err(Error::Infeasible { .. }), None) => {}
            (got, best) => prop_assert!(false, "cut gave {:?}, brute force {:?}", got, best),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// With almost no search allowed, the answer is still a feasible plan, never worse
    /// than greedy, and either proven optimal or marked with a valid upper bound.
    #[test]
    fn a_node_limit_gives_a_typed_partial_answer(spec in spec(12), share in 5u32..=40) {
        let p = Portfolio::new(build(&spec)).unwrap();
        let reduction = Reduction::Share(Ratio::new(Decimal::new(i64::from(share), 2)).unwrap());
        let ceiling = p.planned_spend() * (Decimal::ONE - Decimal::new(i64::from(share), 2));
        let tight = CutOptions::default().with_max_nodes(1).unwrap();
        let Ok(plan) = cut(&p, reduction, tight) else { return Ok(()) };
        let best = brute_force(&p, ceiling).unwrap();
        let kept: BTreeSet<InitiativeId> = plan.protect.iter().map(|k| k.id.clone()).collect();
        prop_assert_eq!(feasible_value(&p, &kept, ceiling, true), Some(plan.value_kept));
        if let Ok(greedy) = cut_greedy(&p, reduction, tight) {
            prop_assert!(greedy.value_kept <= plan.value_kept);
        }
        match plan.status {
            SolveStatus::Optimal => prop_assert_eq!(plan.value_kept, best),
            SolveStatus::NotSolvedWithinLimit { upper_bound, .. } => {
                // The bound comes from an f64 relaxation: allow its last-digit rounding.
                prop_assert!(best <= upper_bound + Decimal::new(1, 6), "{} > {}", best, upper_bound);
                prop_assert!(plan.describe().contains("Not proven optimal"));
            }
            SolveStatus::Greedy => prop_assert!(false, "cut never answers greedy"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The search is deterministic, so a larger node limit explores the same nodes and
    /// more: it never keeps less value, and never loses a plan a smaller one found.
    #[test]
    fn a_larger_node_limit_never_keeps_less_value(
        spec in spec(12),
        share in 5u32..=40,
        low in 1u64..=20,
        raise in 0u64..=200,
    ) {
        let p = Portfolio::new(build(&spec)).unwrap();
        let reduction = Reduction::Share(Ratio::new(Decimal::new(i64::from(share), 2)).unwrap());
        let value = |nodes: u64| {
            cut(&p, reduction, CutOptions::default().with_max_nodes(nodes).unwrap())
                .ok()
                .map(|plan| plan.value_kept)
        };
        match (value(low), value(low + raise)) {
            (Some(small), Some(large)) => prop_assert!(small <= large, "{} > {}", small, large),
            // A short search may find no plan that a longer one finds, never the reverse.
            (None, _) => {}
            (Some(small), None) => prop_assert!(false, "{} kept with fewer nodes, nothing with more", small),
        }
    }
}
