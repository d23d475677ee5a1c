//! Monte Carlo forecasts: determinism under a seed and the analytic answers for a
//! constant throughput.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and the Little's-law check is f64
// arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]

mod common;

use common::day;
use folio_delivery::{Error, Forecast, how_many_by, when_done};
use proptest::prelude::*;

const HISTORY: [u64; 14] = [0, 3, 1, 0, 2, 5, 0, 0, 1, 4, 2, 0, 3, 1];

#[test]
fn same_seed_same_forecast() {
    let f = Forecast {
        trials: 2_000,
        seed: 2026,
    };
    let a = how_many_by(&HISTORY, day("2026-12-01"), day("2026-12-31"), f).unwrap();
    let b = how_many_by(&HISTORY, day("2026-12-01"), day("2026-12-31"), f).unwrap();
    assert_eq!(a, b);
    let w1 = when_done(&HISTORY, day("2026-12-01"), 40, 365, f).unwrap();
    let w2 = when_done(&HISTORY, day("2026-12-01"), 40, 365, f).unwrap();
    assert_eq!(w1, w2);
    // Confidence orders the answers: fewer items and later dates at higher confidence.
    assert!(a.at_95 <= a.at_85 && a.at_85 <= a.at_50);
    assert!(w1.at_50 <= w1.at_85 && w1.at_85 <= w1.at_95);
    // The mean of the history is 22/14 ≈ 1.57 a day: 31 days ≈ 48.7 items, so the
    // median lies near it.
    assert!((40..=58).contains(&a.at_50), "{}", a.at_50);
}

#[test]
fn a_forecast_of_no_trials_or_no_history_is_an_error() {
    let f = Forecast { trials: 0, seed: 1 };
    assert!(matches!(
        how_many_by(&HISTORY, day("2026-12-01"), day("2026-12-31"), f),
        Err(Error::InvalidArgument { name: "trials", .. })
    ));
    let f = Forecast {
        trials: 10,
        seed: 1,
    };
    assert!(matches!(
        when_done(&[0, 0, 0], day("2026-12-01"), 5, 100, f),
        Err(Error::NoHistory { .. })
    ));
    assert!(matches!(
        how_many_by(&HISTORY, day("2026-12-31"), day("2026-12-01"), f),
        Err(Error::InvalidArgument {
            name: "deadline",
            ..
        })
    ));
}

#[test]
fn trials_that_do_not_finish_are_counted_and_push_the_date_out() {
    // One item every 10 days on average; 50 items cannot be done within 30 days.
    let mut history = [0_u64; 10];
    history[0] = 1;
    let w = when_done(
        &history,
        day("2026-12-01"),
        50,
        30,
        Forecast {
            trials: 200,
            seed: 3,
        },
    )
    .unwrap();
    assert_eq!(w.unfinished, 200);
    assert_eq!(w.at_50, None);
    assert!(w.summary.contains("not within 30 days"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With a constant throughput of k a day every trial is identical, so the forecast
    /// equals the analytic answer at every confidence: k × days items, and ⌈N / k⌉ days.
    #[test]
    fn constant_throughput_gives_the_analytic_answer(
        k in 1_u64..20, days in 1_u64..120, n in 1_u64..500, seed in any::<u64>(), len in 1_usize..30,
    ) {
        let history = vec![k; len];
        let start = day("2026-12-01");
        let deadline = start.checked_add_days(chrono::Days::new(days - 1)).unwrap();
        let f = Forecast { trials: 50, seed };
        let h = how_many_by(&history, start, deadline, f).unwrap();
        prop_assert_eq!((h.at_50, h.at_85, h.at_95), (k * days, k * days, k * days));
        let w = when_done(&history, start, n, 10_000, f).unwrap();
        let expected = start.checked_add_days(chrono::Days::new(n.div_ceil(k) - 1)).unwrap();
        prop_assert_eq!((w.at_50, w.at_85, w.at_95), (Some(expected), Some(expected), Some(expected)));
    }

    /// Every answer lies between the all-worst and all-best days of the history.
    #[test]
    fn answers_are_bounded_by_the_history(seed in any::<u64>(), days in 1_u64..60) {
        let start = day("2026-12-01");
        let deadline = start.checked_add_days(chrono::Days::new(days - 1)).unwrap();
        let h = how_many_by(&HISTORY, start, deadline, Forecast { trials: 100, seed }).unwrap();
        prop_assert!(h.at_50 <= 5 * days);
    }
}
