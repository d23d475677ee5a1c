//! Numbers in the answers' descriptions (`describe`, `Display`): two decimal places,
//! halves away from zero (as the spreadsheet `ROUND` and folio's other reports round
//! them), without trailing zeros. The answers' fields keep every digit.

use folio_types::{Currency, Money};
use rust_decimal::{Decimal, RoundingStrategy};

/// `value` to two decimal places, halves away from zero, without trailing zeros.
pub(crate) fn two_places(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `amount` in `currency` as text, rounded as [`two_places`] rounds it.
pub(crate) fn money(amount: Decimal, currency: Currency) -> String {
    Money::new(two_places(amount), currency).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn halves_round_away_from_zero() {
        // Half-even rounding (rust_decimal's `round_dp`) would give 0.12, -0.12, 2.5
        // and 0.02 for the first four.
        for (value, shown) in [
            ("0.125", "0.13"),
            ("-0.125", "-0.13"),
            ("2.495", "2.5"),
            ("0.015", "0.02"),
            ("0.135", "0.14"),
            ("0.1249", "0.12"),
            ("7", "7"),
            ("7.100", "7.1"),
            ("-0.001", "0"),
        ] {
            assert_eq!(two_places(d(value)).to_string(), shown, "{value}");
        }
        let usd = Currency::new("USD").unwrap();
        assert_eq!(money(d("1234.565"), usd), "1234.57 USD");
    }

    #[test]
    fn descriptions_round_halves_away_from_zero() {
        use crate::{CutReason, FrontierPoint, SolveStatus};
        let reason = CutReason::NotChosen { gain: d("2.125") };
        assert_eq!(
            reason.describe(),
            "fits and would add 2.13, not chosen within the search limit"
        );
        let usd = Currency::new("USD").unwrap();
        let point = FrontierPoint {
            level: d("0.9"),
            ceiling: d("900.005"),
            value: Some(d("1500.125")),
            spend: Some(d("880")),
            marginal_value: Some(d("0.625")),
            status: Some(SolveStatus::Optimal),
            infeasible: None,
        };
        assert_eq!(
            point.describe(usd),
            "at 90% of spend (ceiling 900.01 USD): keeps 1500.13 USD, 0.63 per extra unit of spend"
        );
    }
}
