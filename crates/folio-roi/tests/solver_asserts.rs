//! The root solver's documented choices, asserted through the public API: which rate is
//! the spreadsheet's when there are several, the bracketing fallback when Newton's
//! method fails, a rate outside the search range, a double root, long schedules (whose
//! first Newton steps run on the sweep's Taylor models) and published values.
//!
//! Every expected rate is a root known in closed form (the schedules are polynomials
//! built from their roots), a published figure with its source, or the result of plain
//! Newton's method as the module docs of `folio_roi::solver` define it, run here on the
//! exact NPV independently of the crate.

// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and test tables are data.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::float_cmp
)]

use folio_roi::{
    DatedFlow, DatedFlows, Error, PeriodicFlows, RateSearch, Rates, irr, irr_strict, irr_with, xirr,
};
use folio_types::{Currency, Decimal, NaiveDate, Ratio};
use rust_decimal::prelude::ToPrimitive;

fn usd() -> Currency {
    Currency::new("USD").unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn periodic(amounts: &[&str]) -> PeriodicFlows {
    PeriodicFlows::new(usd(), amounts.iter().map(|a| d(a)).collect())
}

fn f(r: Ratio) -> f64 {
    r.value().to_f64().unwrap()
}

/// The default range with Newton's method starting at `guess`.
fn guess(g: &str) -> RateSearch {
    let default = RateSearch::default();
    RateSearch::new(
        default.min_rate(),
        default.max_rate(),
        Ratio::new(d(g)).unwrap(),
    )
    .unwrap()
}

fn search(min: &str, max: &str, g: &str) -> RateSearch {
    let r = |s: &str| Ratio::new(d(s)).unwrap();
    RateSearch::new(r(min), r(max), r(g)).unwrap()
}

fn assert_rates(rates: &Rates, rate: f64, all: &[f64], what: &str) {
    let got: Vec<f64> = rates.all().iter().map(|r| f(*r)).collect();
    assert_eq!(got.len(), all.len(), "{what}: {rates}");
    for (g, w) in got.iter().zip(all) {
        assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{what}: {rates}");
    }
    assert!(
        (f(rates.rate()) - rate).abs() <= 1e-9 * rate.abs().max(1.0),
        "{what}: the spreadsheet's rate of {rates} is not {rate}"
    );
    assert_eq!(rates.is_unique(), all.len() == 1, "{what}: {rates}");
}

/// -100, +230, -132: `-(1 + r)² + 2.3 (1 + r) - 1.32 = -(1 + r - 1.1)(1 + r - 1.2)` over
/// `(1 + r)²`, so the rates are exactly 10% and 20%.
const TWO_RATES: [&str; 3] = ["-100", "230", "-132"];

#[test]
fn newton_from_the_guess_picks_the_spreadsheet_rate() {
    // From 25% Newton's steps are 25% -> 20.6% -> 20.0%; from 5% and from -90% they
    // reach 10%.
    for (g, want) in [("0.25", 0.2), ("0.05", 0.1), ("-0.9", 0.1)] {
        let rates = irr_with(&periodic(&TWO_RATES), &guess(g)).unwrap();
        assert_rates(&rates, want, &[0.1, 0.2], g);
    }
}

#[test]
fn where_newton_fails_the_root_nearest_the_guess_is_taken() {
    // From 10,000%: f = -1 + 2.3x - 1.32x² with x = 1/101 is about -0.977 and
    // f'(r) = -x² (2.3 - 2.64x) about -2.2e-4, so the first step lands near -4,285:
    // below -100%, Newton's method fails (a spreadsheet shows #NUM!). The bracketing
    // fallback takes the root nearest the guess in ln(1 + r): ln 1.2 is nearer ln 101
    // than ln 1.1 is.
    let rates = irr_with(&periodic(&TWO_RATES), &guess("100")).unwrap();
    assert_rates(&rates, 0.2, &[0.1, 0.2], "guess 100");
    // From 14.7%, just below the top of the NPV curve (where f' = 0 at 1 + r = 2.64 /
    // 2.3), f' is about 1.26e-3 and f about 1.89e-3: the first step lands at -135.7%.
    // ln 1.147 is 0.0418 from ln 1.1 and 0.0452 from ln 1.2: the lower rate.
    let rates = irr_with(&periodic(&TWO_RATES), &guess("0.147")).unwrap();
    assert_rates(&rates, 0.1, &[0.1, 0.2], "guess 0.147");
}

#[test]
fn a_spreadsheet_rate_outside_the_range_is_not_returned() {
    // Newton from 25% reaches 20%, outside -50%..=15%: the rate in the range is 10%,
    // and it is the only one.
    let rates = irr_with(&periodic(&TWO_RATES), &search("-0.5", "0.15", "0.25")).unwrap();
    assert_rates(&rates, 0.1, &[0.1], "-50%..=15%");
    // Newton from 5% reaches 10%, outside 15%..=100%: 20% is left.
    let rates = irr_with(&periodic(&TWO_RATES), &search("0.15", "1", "0.05")).unwrap();
    assert_rates(&rates, 0.2, &[0.2], "15%..=100%");
    // Neither rate in 25%..=100%.
    assert!(matches!(
        irr_with(&periodic(&TWO_RATES), &search("0.25", "1", "0.5")),
        Err(Error::NoRateInRange { .. })
    ));
}

/// 100, -220, 121: `(11x - 10)²` with `x = 1 / (1 + r)`, a double root at 10% where the
/// NPV touches zero without changing sign.
const DOUBLE_ROOT: [&str; 3] = ["100", "-220", "121"];

#[test]
fn a_double_root_is_reported_when_newton_reaches_it() {
    // The module docs: a root of even multiplicity is reported only when it is the
    // spreadsheet's rate. From 5% Newton's method converges (linearly) to 10%; a
    // double root is only as precise as the square root of the rounding allows.
    let rates = irr_with(&periodic(&DOUBLE_ROOT), &guess("0.05")).unwrap();
    assert_eq!(rates.all().len(), 1, "{rates}");
    assert!(rates.is_unique());
    assert!((f(rates.rate()) - 0.1).abs() < 1e-7, "{rates}");
    // From 4% and from 8%, the same.
    for g in ["0.04", "0.08"] {
        let rates = irr_with(&periodic(&DOUBLE_ROOT), &guess(g)).unwrap();
        assert_eq!(rates.all().len(), 1, "{g}: {rates}");
        assert!((f(rates.rate()) - 0.1).abs() < 1e-7, "{g}: {rates}");
    }
}

/// 72 periods: the coefficients of `(y - 1.05)(y - 1.3)(1 + y + ... + y⁶⁹)` in
/// `y = 1 + r`, highest power first, so that the NPV is that polynomial over `y⁷¹`. The
/// last factor has no positive root: the rates are exactly 5% and 30%, and the amounts
/// change sign four times (1, -1.35, 0.015 sixty-eight times, -0.985, 1.365).
fn long_two_rates() -> PeriodicFlows {
    let mut amounts = vec!["1", "-1.35"];
    amounts.extend(std::iter::repeat_n("0.015", 68));
    amounts.extend(["-0.985", "1.365"]);
    periodic(&amounts)
}

/// Plain Newton's method in `r` on the exact NPV, as the spreadsheet's `IRR` runs it
/// (see `folio_roi::solver`): 50 steps, stopping once a step is below
/// `1e-10 · max(1, |r|)`; `None` if an iterate reaches -100% or the steps do not settle.
fn plain_newton(amounts: &[f64], mut r: f64) -> Option<f64> {
    for _ in 0..50 {
        let x = 1.0 / (1.0 + r);
        let (mut p, mut dp) = (0.0, 0.0);
        for &a in amounts.iter().rev() {
            dp = dp * x + p;
            p = p * x + a;
        }
        let step = p / (-dp * x * x);
        r -= step;
        if !r.is_finite() || r <= -1.0 {
            return None;
        }
        if step.abs() <= 1e-10 * r.abs().max(1.0) {
            return Some(r);
        }
    }
    None
}

#[test]
fn long_schedules_choose_as_plain_newton_does() {
    // 72 flows: the spreadsheet's first Newton steps run on the sweep's Taylor models,
    // which must not change where Newton's method ends.
    let flows = long_two_rates();
    let amounts: Vec<f64> = flows
        .amounts()
        .iter()
        .map(|a| a.to_f64().unwrap())
        .collect();
    // Guesses whose Newton iterates settle in a few steps, without wandering.
    for (g, want) in [("0", 0.05), ("0.2", 0.3), ("0.5", 0.3), ("1", 0.05)] {
        let newton = plain_newton(&amounts, g.parse().unwrap()).unwrap();
        assert!((newton - want).abs() < 1e-9, "{g}: plain Newton {newton}");
        let rates = irr_with(&flows, &guess(g)).unwrap();
        assert_rates(&rates, want, &[0.05, 0.3], g);
    }
    // From 300% the first step lands below -100%: the fallback takes the root nearest
    // ln 4, which is 30%.
    assert_eq!(plain_newton(&amounts, 3.0), None);
    let rates = irr_with(&flows, &guess("3")).unwrap();
    assert_rates(&rates, 0.3, &[0.05, 0.3], "3");
    assert!(matches!(
        irr_strict(&flows, &RateSearch::default()),
        Err(Error::MultipleRates { rates }) if rates.len() == 2
    ));
}

#[test]
fn openoffice_xirr_example() {
    // Apache OpenOffice Wiki, "Documentation/How Tos/Calc: XIRR function"
    // (<https://wiki.openoffice.org/wiki/Documentation/How_Tos/Calc:_XIRR_function>):
    // -2750 on 2008-02-05, 1000 on 2008-07-05 and 2000 on 2009-01-05 "returns
    // approximately 0.124". The exact root, with 40-digit arithmetic (mpmath), is
    // 0.1236310959043366.
    let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let flows = DatedFlows::new(
        usd(),
        vec![
            DatedFlow::new(day(2008, 2, 5), d("-2750")),
            DatedFlow::new(day(2008, 7, 5), d("1000")),
            DatedFlow::new(day(2009, 1, 5), d("2000")),
        ],
    );
    let rates = xirr(&flows).unwrap();
    assert!((f(rates.rate()) - 0.124).abs() <= 0.0005, "{rates}");
    assert_rates(
        &rates,
        0.123_631_095_904_336_6,
        &[0.123_631_095_904_336_6],
        "xirr",
    );
}

#[test]
fn no_sign_change_is_its_own_error() {
    // numpy-financial `numpy_financial/tests/test_financial.py`, `TestIrr`
    // (`test_numpy_gh_6744` and `test_irr_no_real_solution_exception`): flows of one
    // sign have no rate.
    for amounts in [
        &["1", "2", "3"][..],
        &["-1", "-2", "-3"],
        &["40000", "5000", "8000", "12000", "30000"],
    ] {
        assert_eq!(irr(&periodic(amounts)), Err(Error::NoSignChange));
    }
}

/// 1, -8.75, 26.875, -36.875, 22.75, -5: the coefficients of
/// `(y - 0.5)(y - 1)(y - 1.25)(y - 2)(y - 4)` in `y = 1 + r`, highest power first, so
/// the rates are exactly -50%, 0%, 25%, 100% and 300%, on both sides of 0 and at 0.
const FIVE_RATES: [&str; 6] = ["1", "-8.75", "26.875", "-36.875", "22.75", "-5"];
const FIVE: [f64; 5] = [-0.5, 0.0, 0.25, 1.0, 3.0];

#[test]
fn five_sign_changes_give_five_rates_and_newton_picks_one() {
    let flows = periodic(&FIVE_RATES);
    let amounts: Vec<f64> = FIVE_RATES.iter().map(|a| a.parse().unwrap()).collect();
    // Plain Newton's method from each guess (from 10% it overshoots 25% and ends at
    // 100%); the sweep lists all five, 0% once.
    for (g, want) in [
        ("0.1", 1.0),
        ("-0.3", 0.0),
        ("0.2", 0.25),
        ("2", 3.0),
        ("-0.9", -0.5),
    ] {
        let newton = plain_newton(&amounts, g.parse().unwrap()).unwrap();
        assert!((newton - want).abs() < 1e-9, "{g}: plain Newton {newton}");
        let rates = irr_with(&flows, &guess(g)).unwrap();
        assert_rates(&rates, want, &FIVE, g);
    }
    // Narrower ranges keep the rates inside them, ends included.
    let rates = irr_with(&flows, &search("-0.2", "1", "0.2")).unwrap();
    assert_rates(&rates, 0.25, &[0.0, 0.25, 1.0], "-20%..=100%");
    let rates = irr_with(&flows, &search("-0.9", "-0.1", "-0.3")).unwrap();
    assert_rates(&rates, -0.5, &[-0.5], "-90%..=-10%");
}

/// `amounts` on dates 365 days apart from 2001-01-01: under ACT/365F (XIRR's) the year
/// fractions are the whole numbers 0, 1, 2, ..., so the rates are IRR's. `zeros` adds
/// flows of 0 on irregular days between them (which change no rate, but make the gaps
/// between flow times irregular).
fn yearly(amounts: &[&str], zeros: bool) -> DatedFlows {
    let start = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
    let mut flows = Vec::new();
    for (i, a) in amounts.iter().enumerate() {
        let i = i64::try_from(i).unwrap();
        let date = start + chrono::Days::new(u64::try_from(365 * i).unwrap());
        flows.push(DatedFlow::new(date, d(a)));
        if zeros && i + 1 < i64::try_from(amounts.len()).unwrap() {
            // Days 1 + (7 i mod 300) and 2 + (11 i mod 300) of the year: no two gaps
            // alike.
            for offset in [1 + (7 * i) % 300, 2 + (11 * i + 150) % 300] {
                let zero = date + chrono::Days::new(u64::try_from(offset).unwrap());
                flows.push(DatedFlow::new(zero, Decimal::ZERO));
            }
        }
    }
    DatedFlows::new(usd(), flows)
}

#[test]
fn dated_flows_a_year_apart_have_the_periodic_rates() {
    let amounts: Vec<f64> = FIVE_RATES.iter().map(|a| a.parse().unwrap()).collect();
    for zeros in [false, true] {
        let flows = yearly(&FIVE_RATES, zeros);
        for (g, want) in [("0.1", 1.0), ("0.2", 0.25), ("-0.9", -0.5)] {
            assert!((plain_newton(&amounts, g.parse().unwrap()).unwrap() - want).abs() < 1e-9);
            let rates =
                folio_roi::xirr_with(&flows, &guess(g), folio_roi::DayCount::Act365F).unwrap();
            assert_rates(&rates, want, &FIVE, &format!("{g}, zeros {zeros}"));
        }
    }
    // 72 yearly flows (and 142 zeros): the discount factors are built in blocks of 64,
    // and the first Newton steps run on the Taylor models.
    let long = long_two_rates();
    let strings: Vec<String> = long.amounts().iter().map(ToString::to_string).collect();
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    for zeros in [false, true] {
        let flows = yearly(&strs, zeros);
        for (g, want) in [("0", 0.05), ("0.2", 0.3), ("3", 0.3)] {
            let rates =
                folio_roi::xirr_with(&flows, &guess(g), folio_roi::DayCount::Act365F).unwrap();
            assert_rates(&rates, want, &[0.05, 0.3], &format!("{g}, zeros {zeros}"));
        }
    }
}

#[test]
fn a_double_root_takes_its_place_among_the_rates() {
    // (y - 1.1)²(y - 1.5) and (y - 1.05)(y - 1.3)² in y = 1 + r: a double root (10%,
    // then 30%) that Newton's method reaches from the guess, beside a simple one. The
    // rates are listed lowest first, the double root where it belongs.
    for (amounts, g, double, simple) in [
        (&["1", "-3.7", "4.51", "-1.815"], "0.08", 0.1, 0.5),
        (&["1", "-3.65", "4.42", "-1.7745"], "0.4", 0.3, 0.05),
    ] {
        let rates = irr_with(&periodic(amounts), &guess(g)).unwrap();
        let all: Vec<f64> = rates.all().iter().map(|r| f(*r)).collect();
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{g}: {rates}");
        assert!((f(rates.rate()) - double).abs() < 1e-6, "{g}: {rates}");
        assert!(
            all.iter().any(|r| (r - simple).abs() < 1e-9),
            "{g}: {rates}"
        );
        assert!(
            all.iter()
                .all(|r| (r - simple).abs() < 1e-9 || (r - double).abs() < 1e-6),
            "{g}: {rates}"
        );
    }
}

#[test]
fn rates_at_zero_and_mirrored_about_it_are_each_listed_once() {
    // 1, -3.3, 3.5, -1.2: (y - 0.8)(y - 1)(y - 1.5) in y = 1 + r, whose NPV at 0% sums
    // to exactly zero: rates -20%, 0% and 50%.
    let rates = irr_with(&periodic(&["1", "-3.3", "3.5", "-1.2"]), &guess("0.1")).unwrap();
    let all: Vec<f64> = rates.all().iter().map(|r| f(*r)).collect();
    assert_eq!(all.len(), 3, "{rates}");
    for (got, want) in all.iter().zip([-0.2, 0.0, 0.5]) {
        assert!((got - want).abs() < 1e-9, "{rates}");
    }
    // 1, -2.05, 1: (y - 0.8)(y - 1.25), rates -20% and 25%, whose ln(1 + r) are
    // ln 0.8 = -ln 1.25: two roots, not one, whichever Newton's method reaches.
    for (g, want) in [("-0.15", -0.2), ("0.1", 0.25)] {
        let rates = irr_with(&periodic(&["1", "-2.05", "1"]), &guess(g)).unwrap();
        assert_rates(&rates, want, &[-0.2, 0.25], g);
    }
}
