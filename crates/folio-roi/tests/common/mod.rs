//! Business cases built from a few numbers, for the integration tests.
// Each test file uses a part of this module; a failing helper should fail loudly.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use folio_roi::{
    Benefit, BusinessCase, BusinessCaseData, Component, Investment, PeriodRange, Window,
};
use folio_types::{Currency, Decimal, InitiativeId, Money, ProductLineId};

pub fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

pub fn m(a: i64) -> Money {
    Money::new(Decimal::from(a), eur())
}

/// A periodic case: `cost` in period 0, `gains` in periods 1.., in product line `line`.
pub fn case(id: &str, line: &str, cost: i64, gains: &[i64]) -> BusinessCase {
    let mut revenue = vec![m(0)];
    revenue.extend(gains.iter().map(|&g| m(g)));
    let last = u32::try_from(gains.len()).unwrap().max(1);
    BusinessCase::new(BusinessCaseData {
        initiative: InitiativeId::new(id).unwrap(),
        product_line: ProductLineId::new(line).unwrap(),
        currency: eur(),
        investment: Investment {
            people_cost: Component::Periodic(vec![m(cost)]),
            ..Investment::default()
        },
        benefit: Benefit {
            revenue: Component::Periodic(revenue),
            ..Benefit::default()
        },
        benefit_window: Window::Periods(PeriodRange::new(1, last).unwrap()),
    })
    .unwrap()
}
