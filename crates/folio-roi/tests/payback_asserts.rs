//! `Payback::pays_back`, `after` and `unit` on both outcomes, so that a method that
//! always answers the same fails a test: flows that pay back, flows that never do, and
//! the boundary where the cumulative sum reaches exactly zero.
// Tests fail loudly: they unwrap.
#![allow(clippy::unwrap_used)]

use folio_roi::{Payback, PeriodicFlows, TimeUnit, discounted_payback, payback};
use folio_types::{Currency, Decimal, Ratio};

fn flows(amounts: &[i64]) -> PeriodicFlows {
    PeriodicFlows::new(
        Currency::new("EUR").unwrap(),
        amounts.iter().copied().map(Decimal::from).collect(),
    )
}

/// Flows, whether they pay back, after how many periods, and the shortfall if never.
type Case = (
    &'static [i64],
    bool,
    Option<&'static str>,
    Option<&'static str>,
);

#[test]
fn pays_back_is_true_only_when_the_investment_is_recovered() {
    let cases: [Case; 5] = [
        // -100 + 60 = -40, then 40 of the next 60: 1 + 40/60 = 1.666...
        (&[-100, 60, 60], true, Some("1.67"), None),
        // Exactly recovered at the end of period 2.
        (&[-100, 50, 50], true, Some("2"), None),
        // 10 + 10 of 100: 80 short at the end.
        (&[-100, 10, 10], false, None, Some("80")),
        // One cent short is still short.
        (&[-100, 50, 49], false, None, Some("1")),
        // Nothing invested: paid back at once.
        (&[0, 10], true, Some("0"), None),
    ];
    for (amounts, pays, after, shortfall) in cases {
        let result = payback(&flows(amounts)).unwrap();
        assert_eq!(result.pays_back(), pays, "{amounts:?}: {result}");
        assert_eq!(
            result.after().map(|a| a.round_dp(2)),
            after.map(|a| a.parse().unwrap()),
            "{amounts:?}"
        );
        let short = match result {
            Payback::Never { shortfall, .. } => Some(shortfall),
            _ => None,
        };
        assert_eq!(short, shortfall.map(|s| s.parse().unwrap()), "{amounts:?}");
        assert_eq!(result.unit(), TimeUnit::Periods);
    }
}

#[test]
fn discounting_can_turn_a_payback_into_none() {
    // Undiscounted, -100, 55, 55 pays back (110 >= 100); at 10% the two receipts are
    // worth 50 + 45.45 = 95.45, short of 100.
    let f = flows(&[-100, 55, 55]);
    assert!(payback(&f).unwrap().pays_back());
    let rate = Ratio::new(Decimal::new(1, 1)).unwrap();
    let discounted = discounted_payback(rate, &f).unwrap();
    assert!(!discounted.pays_back(), "{discounted}");
    assert_eq!(discounted.after(), None);
}
