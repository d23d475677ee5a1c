//! Deserializes arbitrary bytes as JSON into a portfolio and scenario requests, and runs
//! the cut (exact and greedy), accelerate, frontier and reallocation scenarios. Nothing
//! here may panic or hang: invalid input must be a typed error, and the solver's work is
//! bounded by its node limit.
#![no_main]

use folio_allocation::{
    CutOptions, FrontierOptions, Portfolio, ReallocationOptions, Reduction, Signal, SolveStatus,
    Target, accelerate, cut, cut_greedy, frontier, reallocate,
};
use folio_types::Decimal;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with a portfolio and any mix of questions.
#[derive(Debug, Deserialize)]
struct Input {
    portfolio: Portfolio,
    #[serde(default)]
    reduction: Option<Reduction>,
    #[serde(default)]
    options: CutOptions,
    #[serde(default)]
    accelerate: Option<(String, Target)>,
    #[serde(default)]
    frontier: Option<FrontierOptions>,
    #[serde(default)]
    signals: Vec<Signal>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let portfolio = input.portfolio;
    // A validated portfolio survives a JSON round trip unchanged.
    let json = serde_json::to_string(&portfolio).expect("a portfolio serializes");
    let back: Portfolio = serde_json::from_str(&json).expect("a valid portfolio deserializes");
    assert_eq!(back, portfolio);

    // Keep each run short: the limit is the documented way to bound the work.
    let options = input
        .options
        .with_max_nodes(input.options.max_nodes().min(2_000))
        .expect("a deserialized node limit is at least 1");
    if let Some(reduction) = input.reduction {
        if let Ok(plan) = cut(&portfolio, reduction, options) {
            assert!(plan.kept_spend <= plan.ceiling);
            assert_eq!(
                plan.protect.len() + plan.cut.len(),
                portfolio.initiatives().len()
            );
            if let Ok(greedy) = cut_greedy(&portfolio, reduction, options) {
                assert!(greedy.value_kept <= plan.value_kept);
            }
            if let SolveStatus::NotSolvedWithinLimit { upper_bound, .. } = plan.status {
                // The bound is an f64 relaxation converted back: allow its rounding.
                assert!(plan.value_kept <= upper_bound + Decimal::ONE);
            }
            let _ = plan.describe();
            let _ = serde_json::to_string(&plan).expect("a plan serializes");
        }
    }
    if let Some((id, target)) = &input.accelerate {
        if let Ok(answer) = accelerate(&portfolio, id, *target) {
            let _ = answer.describe();
            let _ = serde_json::to_string(&answer).expect("an answer serializes");
        }
    }
    if let Some(f) = input.frontier {
        let cut = f
            .cut()
            .with_max_nodes(f.cut().max_nodes().min(500))
            .expect("a deserialized node limit is at least 1");
        let f = f.with_cut(cut);
        // At most a dozen points per run.
        let span = f.to().value() - f.from().value();
        if f.step().value() > Decimal::ZERO && span <= f.step().value() * Decimal::from(12) {
            if let Ok(curve) = frontier(&portfolio, f) {
                let _ = curve.to_string();
            }
        }
    }
    if let Ok(answer) = reallocate(&portfolio, &input.signals, ReallocationOptions::default()) {
        let _ = answer.to_string();
    }
});
