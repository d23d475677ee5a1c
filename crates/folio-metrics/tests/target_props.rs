//! Progress moves the right way as the current value moves, for every kind of target.
// A property test should fail loudly on a broken fixture; unwrap is how it does.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use folio_metrics::{Goal, Scoring, Target};
use folio_types::{MetricId, strategy};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn goal() -> impl Strategy<Value = Goal> {
    let value = || strategy::decimal(100_000);
    prop_oneof![
        (value(), value()).prop_map(|(a, b)| Goal::IncreaseTo {
            baseline: a.min(b),
            target: a.max(b)
        }),
        (value(), value()).prop_map(|(a, b)| Goal::DecreaseTo {
            baseline: a.max(b),
            target: a.min(b)
        }),
        value().prop_map(|threshold| Goal::StayAbove { threshold }),
        value().prop_map(|threshold| Goal::StayBelow { threshold }),
        (value(), value()).prop_map(|(a, b)| Goal::WithinRange {
            low: a.min(b),
            high: a.max(b)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn progress_is_monotone_in_the_right_direction(
        goal in goal(),
        a in strategy::decimal(200_000),
        b in strategy::decimal(200_000),
    ) {
        // Equal baseline and target are rejected; skip those draws.
        let Ok(target) = Target::new(MetricId::new("m").unwrap(), goal) else {
            return Ok(());
        };
        let (lo, hi) = (a.min(b), a.max(b));
        for scoring in [Scoring::Clamped, Scoring::AllowOverAchievement] {
            let p_lo = target.progress(lo, scoring).unwrap();
            let p_hi = target.progress(hi, scoring).unwrap();
            match goal {
                Goal::IncreaseTo { .. } | Goal::StayAbove { .. } => prop_assert!(p_lo <= p_hi),
                Goal::DecreaseTo { .. } | Goal::StayBelow { .. } => prop_assert!(p_lo >= p_hi),
                Goal::WithinRange { low, high } => {
                    // Rising below the range, falling above it.
                    if hi <= low {
                        prop_assert!(p_lo <= p_hi);
                    }
                    if lo >= high {
                        prop_assert!(p_lo >= p_hi);
                    }
                }
                Goal::Milestone => {}
            }
            if scoring == Scoring::Clamped {
                prop_assert!(p_lo.value() <= Decimal::ONE && p_hi.value() <= Decimal::ONE);
            }
            prop_assert_eq!(target.is_met(hi).unwrap(), target.gap(hi).unwrap().is_zero());
        }
    }
}
