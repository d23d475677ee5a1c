//! Invariants of the KPI functions: concentration bounds, exact shares, percentile
//! bounds and monotonicity.
// A property test should fail loudly on a broken fixture; unwrap is how it does.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use folio_metrics::kpi::{hhi, percentile, shares, top_n_share};
use folio_types::strategy;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Non-negative parts with a positive total.
fn parts() -> impl Strategy<Value = Vec<Decimal>> {
    proptest::collection::vec(strategy::decimal(10_000_000).prop_map(|d| d.abs()), 1..40)
        .prop_filter("positive total", |v| v.iter().any(|d| !d.is_zero()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hhi_lies_between_one_over_n_and_one(parts in parts()) {
        let h = hhi(&parts).unwrap();
        let n = Decimal::from(parts.len());
        // The exact bound is 1/n; shares are rounded to 28 digits, so allow for the
        // last digit.
        let slack = Decimal::new(1, 20);
        prop_assert!(h >= Decimal::ONE / n - slack, "{} < 1/{}", h, n);
        prop_assert!(h <= Decimal::ONE + slack, "{} > 1", h);
    }

    #[test]
    fn shares_sum_to_exactly_one(parts in parts()) {
        let keyed: Vec<(usize, Decimal)> = parts.iter().copied().enumerate().collect();
        let s = shares(keyed).unwrap();
        let total: Decimal = s.values().map(|r| r.value()).sum();
        prop_assert_eq!(total, Decimal::ONE);
        for (i, share) in &s {
            prop_assert!(share.value() >= Decimal::ZERO);
            // Each share is within one unit of the twelfth place of the exact quotient.
            let exact = parts[*i] / parts.iter().copied().sum::<Decimal>();
            prop_assert!((share.value() - exact).abs() <= Decimal::new(1, 12));
        }
        let all = top_n_share(&parts, parts.len()).unwrap();
        prop_assert_eq!(all.value(), Decimal::ONE);
    }

    #[test]
    fn percentiles_are_bounded_and_monotone(
        values in proptest::collection::vec(strategy::decimal(1_000_000), 1..50),
        a in strategy::unit_interval(),
        b in strategy::unit_interval(),
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let p_lo = percentile(&values, lo).unwrap();
        let p_hi = percentile(&values, hi).unwrap();
        let min = values.iter().min().copied().unwrap();
        let max = values.iter().max().copied().unwrap();
        prop_assert!(min <= p_lo && p_hi <= max, "{} {} outside {}..={}", p_lo, p_hi, min, max);
        prop_assert!(p_lo <= p_hi, "p{} = {} > p{} = {}", lo, p_lo, hi, p_hi);
        prop_assert_eq!(percentile(&values, Decimal::ZERO).unwrap(), min);
        prop_assert_eq!(percentile(&values, Decimal::ONE).unwrap(), max);
    }
}
