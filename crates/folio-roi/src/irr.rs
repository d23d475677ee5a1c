//! Rates of return: `IRR` on periodic flows, `XIRR` on dated flows, and `MIRR`.
//!
//! # Conventions
//!
//! - [`irr()`] solves `Σ aₜ / (1 + r)^t = 0` with the first flow at time 0, like the
//!   spreadsheet `IRR` (the root is the same whether or not the first flow is
//!   discounted, so this also zeroes [`crate::npv()`]). The rate is per period.
//! - [`xirr`] solves `Σ aᵢ / (1 + r)^((dᵢ - d₀) / 365) = 0` from the earliest date
//!   `d₀`, like the spreadsheet `XIRR` (actual/365). The rate is annual.
//! - [`mirr`] is the spreadsheet `MIRR`: outflows are discounted to time 0 at the
//!   finance rate, inflows compounded to the last period at the reinvestment rate, and
//!   `MIRR = (FV(inflows) / -PV(outflows))^(1 / (n - 1)) - 1` for `n` flows.
//!
//! # What the solvers promise
//!
//! The solvers work in `f64`; the method, the tolerance and the iteration bounds
//! are in [`crate::solver`] (tolerance [`crate::solver::TOLERANCE`]). Rates come back as [`Ratio`]s rounded to 12 decimal
//! places. A rate is only ever returned if the NPV changes sign within the tolerance
//! around it, and only if it lies in the [`RateSearch`] range (by default -99% to
//! +1,000% per period or year).
//!
//! - Flows that never change sign: [`Error::NoSignChange`].
//! - One sign change: there is exactly one rate above -100%; it is returned, or
//!   [`Error::NoRateInRange`] if it lies outside the search range.
//! - Several sign changes: several rates may exist. [`irr()`] and [`xirr`] return the
//!   rate if exactly one is found in the range, [`Error::MultipleRates`] carrying every
//!   rate found if there are more, and [`Error::NoRateInRange`] if there is none.
//!   [`irr_all`] and [`xirr_all`] return the list itself, possibly empty.
//!
//! Empty input is [`Error::Empty`]. Dated flows may come in any order and share dates
//! (they are netted); see [`DatedFlows`].

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use folio_types::Ratio;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};
use crate::flows::{DatedFlows, PeriodicFlows};
use crate::npv::{DAYS_PER_YEAR, growth};
use crate::solver::Problem;

/// The decimal places of every rate the solvers return.
pub const RATE_DECIMALS: u32 = 12;

/// Where and how the IRR and XIRR solvers look for rates of return.
///
/// The default searches -99% to +1,000% (per period for IRR, per year for XIRR),
/// starting Newton's method at 10% as spreadsheets do.
///
/// ```
/// use folio_types::{Decimal, Ratio};
/// use folio_roi::RateSearch;
///
/// let wide = RateSearch::new(
///     Ratio::new(Decimal::new(-999, 3))?,
///     Ratio::new(Decimal::from(100))?,
///     Ratio::new(Decimal::new(1, 1))?,
/// )?;
/// assert_eq!(wide.max_rate().value(), Decimal::from(100));
/// assert!(RateSearch::new(Ratio::new(Decimal::NEGATIVE_ONE)?, wide.max_rate(), wide.guess()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RateSearchData", into = "RateSearchData")
)]
pub struct RateSearch {
    min_rate: Ratio,
    max_rate: Ratio,
    guess: Ratio,
}

/// The serialized form of [`RateSearch`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct RateSearchData {
    /// The lowest rate searched; above -1.
    min_rate: Ratio,
    /// The highest rate searched; above `min_rate`, at most 1,000,000.
    max_rate: Ratio,
    /// Where Newton's method starts.
    guess: Ratio,
}

impl TryFrom<RateSearchData> for RateSearch {
    type Error = Error;

    fn try_from(data: RateSearchData) -> Result<Self> {
        Self::new(data.min_rate, data.max_rate, data.guess)
    }
}

impl From<RateSearch> for RateSearchData {
    fn from(search: RateSearch) -> Self {
        Self {
            min_rate: search.min_rate,
            max_rate: search.max_rate,
            guess: search.guess,
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for RateSearch {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RateSearch")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RateSearchData::json_schema(generator)
    }
}

/// The highest `max_rate` accepted: 100,000,000%.
const MAX_SEARCH_RATE: i64 = 1_000_000;

impl RateSearch {
    /// A search of `min_rate..=max_rate` with Newton's method starting at `guess`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSearchRange`] unless `-1 < min_rate < max_rate <= 1,000,000`;
    /// [`Error::InvalidRate`] if `guess` is -100% or below.
    pub fn new(min_rate: Ratio, max_rate: Ratio, guess: Ratio) -> Result<Self> {
        let invalid = |reason| Error::InvalidSearchRange {
            min: min_rate.to_string(),
            max: max_rate.to_string(),
            reason,
        };
        if min_rate.value() <= Decimal::NEGATIVE_ONE {
            return Err(invalid("the lowest rate must be above -100% (-1)"));
        }
        if max_rate.value() <= min_rate.value() {
            return Err(invalid("the highest rate must be above the lowest"));
        }
        if max_rate.value() > Decimal::from(MAX_SEARCH_RATE) {
            return Err(invalid("the highest rate must be at most 1000000"));
        }
        growth(guess, "guess")?;
        Ok(Self {
            min_rate,
            max_rate,
            guess,
        })
    }

    /// The lowest rate searched.
    pub fn min_rate(&self) -> Ratio {
        self.min_rate
    }

    /// The highest rate searched.
    pub fn max_rate(&self) -> Ratio {
        self.max_rate
    }

    /// Where Newton's method starts.
    pub fn guess(&self) -> Ratio {
        self.guess
    }

    /// The three rates in `f64`, nudged above -1 where the conversion reached it.
    fn as_f64(&self) -> (f64, f64, f64) {
        let f = |r: Ratio| r.value().to_f64().unwrap_or(0.0).max(-1.0 + 1e-12);
        (f(self.min_rate), f(self.max_rate), f(self.guess))
    }
}

impl Default for RateSearch {
    fn default() -> Self {
        Self {
            min_rate: Ratio::new(Decimal::new(-99, 2)).unwrap_or(Ratio::ZERO),
            max_rate: Ratio::new(Decimal::TEN).unwrap_or(Ratio::ONE),
            guess: Ratio::new(Decimal::new(1, 1)).unwrap_or(Ratio::ZERO),
        }
    }
}

/// An `f64` rate as a [`Ratio`] rounded to [`RATE_DECIMALS`] places.
fn to_ratio(rate: f64) -> Result<Ratio> {
    Decimal::from_f64(rate)
        .map(|d| d.round_dp(RATE_DECIMALS).normalize())
        .and_then(|d| Ratio::new(d).ok())
        .ok_or(Error::Overflow {
            operation: "converting a rate to a decimal",
        })
}

/// Solver roots as [`Ratio`]s, clamped into the search range: a root found at an end
/// of the range must not leave it through the conversion to `f64` and back.
fn to_ratios(rates: &[f64], search: &RateSearch) -> Result<Vec<Ratio>> {
    let mut out = Vec::with_capacity(rates.len());
    for &r in rates {
        let value = to_ratio(r)?
            .value()
            .max(search.min_rate.value())
            .min(search.max_rate.value());
        let ratio = Ratio::new(value)?;
        // Two roots within the tolerance of an end can meet there after clamping.
        if out.last() != Some(&ratio) {
            out.push(ratio);
        }
    }
    Ok(out)
}

/// The one rate of `rates`, or the error that says why there is not exactly one.
fn exactly_one(rates: Vec<Ratio>, search: &RateSearch) -> Result<Ratio> {
    match rates.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::NoRateInRange {
            min: search.min_rate,
            max: search.max_rate,
        }),
        _ => Err(Error::MultipleRates { rates }),
    }
}

fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Every periodic rate of return in the search range, lowest first; see the
/// [module docs](self).
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{PeriodicFlows, RateSearch, irr_all};
///
/// // Invest 1, receive 2.3, pay 1.32: the NPV is zero at both 10% and 20%.
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, vec![Decimal::from(-100), Decimal::from(230), Decimal::from(-132)]);
/// let rates = irr_all(&flows, &RateSearch::default())?;
/// assert_eq!(rates.iter().map(|r| r.value().round_dp(6)).collect::<Vec<_>>(), [Decimal::new(1, 1), Decimal::new(2, 1)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`], [`Error::NoSignChange`], [`Error::NoConvergence`] or
/// [`Error::Overflow`] as documented in [`crate::solver`].
pub fn irr_all(flows: &PeriodicFlows, search: &RateSearch) -> Result<Vec<Ratio>> {
    let amounts = flows.non_empty()?;
    let problem = Problem::periodic(amounts.iter().copied().map(decimal_to_f64).collect());
    let (min, max, guess) = search.as_f64();
    to_ratios(&problem.solve(min, max, guess)?, search)
}

/// The periodic rate of return within `search`; see the [module docs](self).
///
/// # Errors
///
/// As [`irr_all`], and [`Error::NoRateInRange`] or [`Error::MultipleRates`] unless
/// exactly one rate is found.
pub fn irr_with(flows: &PeriodicFlows, search: &RateSearch) -> Result<Ratio> {
    exactly_one(irr_all(flows, search)?, search)
}

/// The periodic rate of return (the spreadsheet `IRR`), searched in the default range.
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{PeriodicFlows, irr};
///
/// // Microsoft's IRR example: five years of income on a 70,000 investment, 8.7%.
/// let flows = PeriodicFlows::new(Currency::new("USD")?,
///     [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000].map(Decimal::from).to_vec());
/// assert_eq!(irr(&flows)?.to_percent()?.round_dp(1), Decimal::new(87, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_with`].
pub fn irr(flows: &PeriodicFlows) -> Result<Ratio> {
    irr_with(flows, &RateSearch::default())
}

/// The dated problem: netted flows at `days / 365` years from the earliest date.
fn dated_problem(flows: &DatedFlows) -> Result<Problem> {
    let offsets = flows.offsets()?;
    let times = offsets
        .iter()
        .map(|&(days, _)| days.to_f64().unwrap_or(f64::INFINITY) / DAYS_PER_YEAR)
        .collect();
    let amounts = offsets.iter().map(|&(_, a)| decimal_to_f64(a)).collect();
    Ok(Problem::dated(times, amounts))
}

/// Every annual rate of return of dated flows in the search range, lowest first.
///
/// # Errors
///
/// As [`irr_all`].
pub fn xirr_all(flows: &DatedFlows, search: &RateSearch) -> Result<Vec<Ratio>> {
    let (min, max, guess) = search.as_f64();
    to_ratios(&dated_problem(flows)?.solve(min, max, guess)?, search)
}

/// The annual rate of return of dated flows within `search`.
///
/// # Errors
///
/// As [`irr_with`].
pub fn xirr_with(flows: &DatedFlows, search: &RateSearch) -> Result<Ratio> {
    exactly_one(xirr_all(flows, search)?, search)
}

/// The annual rate of return of dated flows (the spreadsheet `XIRR`, actual/365),
/// searched in the default range.
///
/// ```
/// use folio_types::{Currency, Decimal, NaiveDate};
/// use folio_roi::{DatedFlow, DatedFlows, xirr};
///
/// // Microsoft's XIRR example, published as 0.373362535 (37.34%). The exact root is
/// // 0.37336253352; Excel documents its XIRR as accurate to 0.000001%.
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// let flows = DatedFlows::new(Currency::new("USD")?, vec![
///     DatedFlow::new(d(2008, 1, 1)?, Decimal::from(-10_000)),
///     DatedFlow::new(d(2008, 3, 1)?, Decimal::from(2_750)),
///     DatedFlow::new(d(2008, 10, 30)?, Decimal::from(4_250)),
///     DatedFlow::new(d(2009, 2, 15)?, Decimal::from(3_250)),
///     DatedFlow::new(d(2009, 4, 1)?, Decimal::from(2_750)),
/// ]);
/// assert_eq!(xirr(&flows)?.value().round_dp(10), Decimal::new(3_733_625_335, 10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_with`].
pub fn xirr(flows: &DatedFlows) -> Result<Ratio> {
    xirr_with(flows, &RateSearch::default())
}

/// The spreadsheet `MIRR`: the rate that grows the present value of the outflows
/// (discounted at `finance_rate`) into the future value of the inflows (compounded
/// to the last period at `reinvest_rate`) over the `n - 1` periods of `n` flows.
///
/// The present and future values are computed in [`Decimal`] with checked operations;
/// only the final `(n - 1)`-th root is taken in `f64` (relative error below 1e-15),
/// and the rate is rounded to [`RATE_DECIMALS`] places.
///
/// ```
/// use folio_types::{Currency, Decimal, Ratio};
/// use folio_roi::{PeriodicFlows, mirr};
///
/// // Microsoft's MIRR example: 13% (12.6% before rounding to whole percent).
/// let flows = PeriodicFlows::new(Currency::new("USD")?,
///     [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000].map(Decimal::from).to_vec());
/// let rate = mirr(&flows, Ratio::new(Decimal::new(10, 2))?, Ratio::new(Decimal::new(12, 2))?)?;
/// assert_eq!(rate.to_percent()?.round_dp(0), Decimal::from(13));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no flows; [`Error::NoSignChange`] unless there is at least
/// one outflow and one inflow (the spreadsheet's `#DIV/0!`), which also rules out a
/// single flow; [`Error::InvalidRate`] for a rate of -100% or below;
/// [`Error::Overflow`] if a value leaves [`Decimal`]'s range.
pub fn mirr(flows: &PeriodicFlows, finance_rate: Ratio, reinvest_rate: Ratio) -> Result<Ratio> {
    let amounts = flows.non_empty()?;
    let finance = growth(finance_rate, "finance rate")?;
    let reinvest = growth(reinvest_rate, "reinvestment rate")?;
    let overflow = || Error::Overflow {
        operation: "computing MIRR",
    };
    // PV of outflows: Σ min(aₜ, 0) / finance^t, by Horner from the last period.
    let pv = amounts.iter().rev().try_fold(Decimal::ZERO, |acc, &a| {
        acc.checked_div(finance)
            .and_then(|v| v.checked_add(a.min(Decimal::ZERO)))
            .ok_or_else(overflow)
    })?;
    // FV of inflows: Σ max(aₜ, 0) · reinvest^(n - 1 - t), by Horner from period 0.
    let fv = amounts.iter().try_fold(Decimal::ZERO, |acc, &a| {
        acc.checked_mul(reinvest)
            .and_then(|v| v.checked_add(a.max(Decimal::ZERO)))
            .ok_or_else(overflow)
    })?;
    if pv >= Decimal::ZERO || fv <= Decimal::ZERO {
        return Err(Error::NoSignChange);
    }
    let periods = crate::solver::usize_to_f64(amounts.len().saturating_sub(1));
    let ratio = fv
        .checked_div(crate::flows::negate(pv))
        .ok_or_else(overflow)?;
    let rate = decimal_to_f64(ratio).powf(1.0 / periods) - 1.0;
    if !rate.is_finite() {
        return Err(overflow());
    }
    to_ratio(rate)
}

#[cfg(test)]
mod tests {
    use folio_types::Currency;

    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn rate(s: &str) -> Ratio {
        Ratio::new(d(s)).unwrap()
    }

    fn periodic(amounts: &[i64]) -> PeriodicFlows {
        PeriodicFlows::new(
            Currency::new("EUR").unwrap(),
            amounts.iter().map(|&a| Decimal::from(a)).collect(),
        )
    }

    #[test]
    fn irr_outcomes() {
        assert_eq!(irr(&periodic(&[-100, 110])).unwrap().value(), d("0.1"));
        assert_eq!(irr(&periodic(&[100, 110])), Err(Error::NoSignChange));
        assert_eq!(irr(&periodic(&[0, 0])), Err(Error::NoSignChange));
        assert_eq!(
            irr(&periodic(&[])),
            Err(Error::Empty {
                what: "periodic flows"
            })
        );
        assert_eq!(
            irr(&periodic(&[-1, 100])),
            Err(Error::NoRateInRange {
                min: rate("-0.99"),
                max: rate("10"),
            })
        );
        match irr(&periodic(&[-100, 230, -132])) {
            Err(Error::MultipleRates { rates }) => {
                let rounded: Vec<_> = rates.iter().map(|r| r.value().round_dp(8)).collect();
                assert_eq!(rounded, [d("0.1"), d("0.2")]);
            }
            other => panic!("expected two rates, got {other:?}"),
        }
        // Widening the range finds the far rate: -1 + 100 / (1 + r) = 0 at r = 99.
        let wide = RateSearch::new(rate("-0.5"), rate("1000"), rate("0.1")).unwrap();
        assert_eq!(
            irr_with(&periodic(&[-1, 100]), &wide)
                .unwrap()
                .value()
                .round_dp(8),
            d("99")
        );
    }

    #[test]
    fn xirr_edge_cases() {
        use chrono::NaiveDate;

        use crate::flows::DatedFlow;

        let eur = Currency::new("EUR").unwrap();
        let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let dated = |flows: Vec<(NaiveDate, &str)>| {
            DatedFlows::new(
                eur,
                flows
                    .into_iter()
                    .map(|(dt, a)| DatedFlow::new(dt, d(a)))
                    .collect(),
            )
        };
        // 365 days at 10%.
        let base = dated(vec![(day(2025, 1, 1), "-100"), (day(2026, 1, 1), "110")]);
        assert_eq!(xirr(&base).unwrap().value(), d("0.1"));
        // Duplicate dates net: -60 and -40 on one day are -100.
        let split = dated(vec![
            (day(2026, 1, 1), "110"),
            (day(2025, 1, 1), "-60"),
            (day(2025, 1, 1), "-40"),
        ]);
        assert_eq!(xirr(&split).unwrap(), xirr(&base).unwrap());
        // Everything on one day nets to one flow: no sign change, whatever the signs.
        let same_day = dated(vec![(day(2025, 1, 1), "-100"), (day(2025, 1, 1), "110")]);
        assert_eq!(xirr(&same_day), Err(Error::NoSignChange));
        assert_eq!(
            xirr(&dated(vec![])),
            Err(Error::Empty {
                what: "dated flows"
            })
        );
        // The earliest date is the base even when it is given last.
        let late_first = dated(vec![(day(2026, 1, 1), "110"), (day(2025, 1, 1), "-100")]);
        assert_eq!(xirr(&late_first).unwrap().value(), d("0.1"));
        // Two sign changes in dated flows: both rates, as an error and as a list.
        let twice = dated(vec![
            (day(2025, 1, 1), "-100"),
            (day(2026, 1, 1), "230"),
            (day(2027, 1, 1), "-132"),
        ]);
        assert!(matches!(xirr(&twice), Err(Error::MultipleRates { rates }) if rates.len() == 2));
        assert_eq!(xirr_all(&twice, &RateSearch::default()).unwrap().len(), 2);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn rate_search_validation() {
        assert!(RateSearch::new(rate("-1"), rate("1"), rate("0.1")).is_err());
        assert!(RateSearch::new(rate("0.5"), rate("0.5"), rate("0.1")).is_err());
        assert!(RateSearch::new(rate("0"), rate("1000001"), rate("0.1")).is_err());
        assert!(matches!(
            RateSearch::new(rate("0"), rate("1"), rate("-1")),
            Err(Error::InvalidRate { name: "guess", .. })
        ));
        let search: RateSearch =
            serde_json::from_str(r#"{"min_rate":"-0.5","max_rate":"2","guess":"0.1"}"#).unwrap();
        assert_eq!(search.min_rate(), rate("-0.5"));
        let err =
            serde_json::from_str::<RateSearch>(r#"{"min_rate":"2","max_rate":"1","guess":"0.1"}"#)
                .unwrap_err();
        assert!(
            err.to_string().contains("invalid rate search range"),
            "{err}"
        );
        let back: RateSearch =
            serde_json::from_str(&serde_json::to_string(&search).unwrap()).unwrap();
        assert_eq!(back, search);
    }

    #[test]
    fn mirr_edge_cases() {
        let r = rate("0.1");
        assert_eq!(mirr(&periodic(&[-100]), r, r), Err(Error::NoSignChange));
        assert_eq!(mirr(&periodic(&[100, 5]), r, r), Err(Error::NoSignChange));
        assert_eq!(
            mirr(&periodic(&[]), r, r),
            Err(Error::Empty {
                what: "periodic flows"
            })
        );
        assert!(matches!(
            mirr(&periodic(&[-1, 2]), rate("-1"), r),
            Err(Error::InvalidRate {
                name: "finance rate",
                ..
            })
        ));
        assert!(matches!(
            mirr(&periodic(&[-1, 2]), r, rate("-2")),
            Err(Error::InvalidRate {
                name: "reinvestment rate",
                ..
            })
        ));
        // Two flows: MIRR is the simple return, whatever the rates: -100 then 121 is 21%.
        assert_eq!(
            mirr(&periodic(&[-100, 121]), r, rate("0.5"))
                .unwrap()
                .value(),
            d("0.21")
        );
    }
}
