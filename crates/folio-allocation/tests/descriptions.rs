//! The sentences `describe` writes for people: percentages rounded as a spreadsheet's
//! `ROUND` rounds (halves away from zero), and never shown as 0% when the hundredfold
//! of a level or a realization does not fit a `Decimal`.
#![allow(clippy::unwrap_used)]

use folio_allocation::{FrontierPoint, Recommendation, SolveStatus, Why};
use folio_types::{Currency, Decimal};

fn point(level: Decimal) -> FrontierPoint {
    FrontierPoint {
        level,
        ceiling: Decimal::from(900),
        value: Some(Decimal::from(1500)),
        spend: Some(Decimal::from(880)),
        marginal_value: None,
        status: Some(SolveStatus::Optimal),
        infeasible: None,
    }
}

fn usd() -> Currency {
    "USD".parse().unwrap()
}

#[test]
fn frontier_levels_round_halves_away_from_zero() {
    // 0.12345 is 12.345%: two places, the half goes up (to even it would stay 12.34).
    assert_eq!(
        point(Decimal::new(12345, 5)).describe(usd()),
        "at 12.35% of spend (ceiling 900 USD): keeps 1500 USD"
    );
    assert_eq!(
        point(Decimal::new(9, 1)).describe(usd()),
        "at 90% of spend (ceiling 900 USD): keeps 1500 USD"
    );
}

#[test]
fn frontier_levels_beyond_the_decimal_range_keep_their_digits() {
    // Decimal::MAX times 100 does not fit a Decimal; it used to be shown as 0%.
    assert_eq!(
        point(Decimal::MAX).describe(usd()),
        "at 7922816251426433759354395033500% of spend (ceiling 900 USD): keeps 1500 USD"
    );
}

fn recommendation(realization: Decimal) -> Recommendation {
    Recommendation {
        from: "legacy".parse().unwrap(),
        key_result: "kr-conversion".parse().unwrap(),
        to: None,
        resource: "engineering".parse().unwrap(),
        amount: Decimal::new(15, 1),
        why: Why {
            realization: Some(realization),
            drain: None,
            asked: Decimal::from(2),
        },
    }
}

#[test]
fn realizations_are_shown_in_percent_at_one_place() {
    // 0.4125 is 41.25%: one place, the half goes up.
    assert_eq!(
        recommendation(Decimal::new(4125, 4)).describe(),
        "move 1.5 engineering per period from legacy to the team for kr-conversion \
         (legacy realizes 41.3% of its expected benefits; kr-conversion is off track and asks for 2)"
    );
    // A realization whose hundredfold does not fit keeps its digits.
    assert!(
        recommendation(Decimal::MAX)
            .describe()
            .contains("legacy realizes 7922816251426433759354395033500% of its expected benefits")
    );
}
