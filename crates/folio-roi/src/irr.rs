//! Rates of return: `IRR` on periodic flows, `XIRR` on dated flows, and `MIRR`.
//!
//! # Conventions
//!
//! - [`irr()`] solves `Σ aₜ / (1 + r)^t = 0` with the first flow at time 0, like the
//!   spreadsheet `IRR` (the root is the same whether or not the first flow is
//!   discounted, so this also zeroes [`crate::npv()`]). The rate is per period.
//! - [`xirr`] solves `Σ aᵢ / (1 + r)^((dᵢ - d₀) / 365) = 0` from the earliest date
//!   `d₀`, like the spreadsheet `XIRR` (actual/365); [`xirr_with`] takes any
//!   [`DayCount`] for the year fraction. The rate is annual.
//! - [`mirr`] is the spreadsheet `MIRR`: outflows are discounted to time 0 at the
//!   finance rate, inflows compounded to the last period at the reinvestment rate, and
//!   `MIRR = (FV(inflows) / -PV(outflows))^(1 / (n - 1)) - 1` for `n` flows.
//!
//! # Which rate, when there are several
//!
//! [`irr()`] and [`xirr`] return [`Rates`]: **the spreadsheet's rate**, every rate
//! found in the [`RateSearch`] range, and whether the rate is unique, as data.
//!
//! - One sign change: by Descartes' rule there is exactly one rate above -100%; it is
//!   the spreadsheet's rate and it is unique.
//! - Several sign changes: the spreadsheet's rate is the root plain Newton's method
//!   reaches from the guess (10% by default), as Excel's `IRR` and `XIRR` and pyxirr
//!   compute it, so a user who checks the number in a spreadsheet finds the same one.
//!   Where Newton's method fails from that guess (Excel shows `#NUM!`), the bracketing
//!   fallback takes the rate found closest to the guess. The other rates are listed
//!   beside it, and [`Rates::is_unique`] is false: a project with several rates of
//!   return has no single one that means "the" return, and the list says so.
//! - [`irr_strict`] and [`xirr_strict`] refuse to choose: [`Error::MultipleRates`]
//!   carrying every rate when there are several. [`irr_all`] and [`xirr_all`] return
//!   the list itself, possibly empty.
//!
//! # What the solvers promise
//!
//! The solvers work in `f64`, in `ln(1 + r)`; the method, the tolerance and the
//! iteration bounds are in [`crate::solver`]. Rates come back as [`Ratio`]s at the
//! precision the solver achieved, not rounded: below -50% as `e^u - 1` from the exact
//! decimal of `e^u` (so a rate of -99.9999999964% keeps every digit of `1 + r`), above
//! it as the shortest decimal of `e^u - 1` in `f64`;
//! the NPV at a returned rate is zero to [`crate::solver::NPV_TOLERANCE`] (1e-9)
//! relative to the sum of the absolute present values of the flows, wherever `f64` can
//! evaluate it so closely (every simple root). A rate is returned only if it lies in
//! the [`RateSearch`] range, which by default is every rate from just above -100%
//! (-99.9999999999%) to +100,000,000% per period or year: wide enough for short-dated
//! gains that annualise to thousands of percent and losses just short of -100%.
//!
//! - Flows that never change sign: [`Error::NoSignChange`].
//! - No rate in the range: [`Error::NoRateInRange`], which names the range searched.
//!
//! Empty input is [`Error::Empty`]. Dated flows may come in any order and share dates
//! (they are netted); see [`DatedFlows`]. Dated flows are timed by a [`DayCount`]
//! convention, [`DayCount::Act365F`] (the spreadsheet's) unless given.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::fmt;

use chrono::Datelike;
use folio_types::Ratio;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::day_count::DayCount;
use crate::error::{Error, Result};
use crate::flows::{DatedFlows, PeriodicFlows};
use crate::npv::growth;
use crate::solver::{Found, Problem};

/// Where and how the IRR and XIRR solvers look for rates of return.
///
/// The default searches from just above -100% (-99.9999999999%) to +100,000,000% (per
/// period for IRR, per year for XIRR), starting Newton's method at 10% as spreadsheets
/// do. Narrow it to exclude rates that make no sense for a schedule; a rate outside the
/// range is never returned, even where it is the one a spreadsheet would give.
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
    ///
    /// ```
    /// use folio_roi::RateSearch;
    ///
    /// assert!(RateSearch::default().min_rate().value() > -folio_types::Decimal::ONE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn min_rate(&self) -> Ratio {
        self.min_rate
    }

    /// The highest rate searched.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::RateSearch;
    ///
    /// assert_eq!(RateSearch::default().max_rate().value(), Decimal::from(1_000_000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_rate(&self) -> Ratio {
        self.max_rate
    }

    /// Where Newton's method starts.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::RateSearch;
    ///
    /// // Newton starts at 10%, as spreadsheets do.
    /// assert_eq!(RateSearch::default().guess().value(), Decimal::new(1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn guess(&self) -> Ratio {
        self.guess
    }

    /// The range as `ln(1 + r)` (from the exact `1 + r`, so that a bound just above
    /// -100% keeps its digits) and the guess as a rate, in `f64`.
    fn as_f64(&self) -> (f64, f64, f64) {
        let log = |r: Ratio| {
            r.value()
                .checked_add(Decimal::ONE)
                .map_or(0.0, decimal_to_f64)
                .max(f64::MIN_POSITIVE)
                .ln()
        };
        let guess = decimal_to_f64(self.guess.value()).max(-1.0 + 1e-15);
        (log(self.min_rate), log(self.max_rate), guess)
    }
}

impl Default for RateSearch {
    fn default() -> Self {
        Self {
            min_rate: Ratio::new(Decimal::new(-999_999_999_999, 12)).unwrap_or(Ratio::ZERO),
            max_rate: Ratio::new(Decimal::from(MAX_SEARCH_RATE)).unwrap_or(Ratio::ONE),
            guess: Ratio::new(Decimal::new(1, 1)).unwrap_or(Ratio::ZERO),
        }
    }
}

/// The rates of return of a schedule: the spreadsheet's rate, every rate found and
/// whether the rate is unique. See the [module docs](self) for which rate is chosen.
///
/// [`Display`](fmt::Display) writes the rate, and the others when it is not unique:
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{PeriodicFlows, irr};
///
/// // -100, +230, -132: NPV is zero at 10% and at 20%; Newton from 10% stays at 10%.
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 230, -132].map(Decimal::from).to_vec());
/// let rates = irr(&flows)?;
/// assert_eq!(rates.rate().value().round_dp(9), Decimal::new(1, 1));
/// assert!(!rates.is_unique());
/// assert_eq!(rates.all().len(), 2);
/// assert_eq!(rates.others().map(|r| r.value().round_dp(9)).collect::<Vec<_>>(), [Decimal::new(2, 1)]);
/// assert!(rates.to_string().contains(" (not unique; also 0.2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Rates {
    /// The spreadsheet's rate.
    rate: Ratio,
    /// Every rate found in the search range, lowest first; `rate` is among them.
    all: Vec<Ratio>,
    /// Whether `rate` is the only rate found.
    unique: bool,
}

impl Rates {
    /// The spreadsheet's rate: per period for IRR, per year for XIRR.
    pub fn rate(&self) -> Ratio {
        self.rate
    }

    /// Every rate found in the search range, lowest first; [`Rates::rate`] is among them.
    pub fn all(&self) -> &[Ratio] {
        &self.all
    }

    /// The rates found other than [`Rates::rate`], lowest first.
    pub fn others(&self) -> impl Iterator<Item = Ratio> + '_ {
        let rate = self.rate;
        self.all.iter().copied().filter(move |r| *r != rate)
    }

    /// Whether [`Rates::rate`] is the only rate found.
    pub fn is_unique(&self) -> bool {
        self.unique
    }
}

impl fmt::Display for Rates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rate)?;
        if !self.unique {
            let others = self.others().map(|r| r.to_string()).collect::<Vec<_>>();
            write!(f, " (not unique; also {})", others.join(", "))?;
        }
        Ok(())
    }
}

/// An `f64` rate as a [`Ratio`]: the shortest decimal that converts back to the same
/// `f64`, so no precision the solver achieved is lost.
fn to_ratio(rate: f64) -> Result<Ratio> {
    Decimal::from_f64(rate)
        .map(|d| d.normalize())
        .and_then(|d| Ratio::new(d).ok())
        .ok_or(Error::Overflow {
            operation: "converting a rate to a decimal",
        })
}

/// A rate given as `u = ln(1 + r)` as a [`Ratio`]. Below -50%, `e^u` (the shortest
/// decimal that converts back to the same `f64`) minus one, exactly in [`Decimal`], so
/// every digit of `1 + r` is kept however close the rate is to -100%; elsewhere the
/// shortest decimal of `e^u - 1`, so small rates keep theirs.
fn log_to_ratio(u: f64) -> Result<Ratio> {
    let value = if u < -std::f64::consts::LN_2 {
        Decimal::from_f64(u.exp()).and_then(|g| g.checked_sub(Decimal::ONE))
    } else {
        Decimal::from_f64(u.exp_m1())
    };
    value
        .map(|d| d.normalize())
        .and_then(|d| Ratio::new(d).ok())
        .ok_or(Error::Overflow {
            operation: "converting a rate to a decimal",
        })
}

/// Solver roots as [`Ratio`]s, clamped into the search range (a root found at an end
/// of the range must not leave it through the conversion to `f64` and back), with the
/// index of the spreadsheet's rate carried along.
fn to_ratios(found: &Found, search: &RateSearch) -> Result<(Vec<Ratio>, Option<usize>)> {
    let mut out: Vec<Ratio> = Vec::with_capacity(found.roots.len());
    let mut chosen = None;
    for (i, &u) in found.roots.iter().enumerate() {
        let value = log_to_ratio(u)?
            .value()
            .max(search.min_rate.value())
            .min(search.max_rate.value());
        let ratio = Ratio::new(value)?;
        // Two roots within the tolerance of an end can meet there after clamping.
        if out.last() != Some(&ratio) {
            out.push(ratio);
        }
        if found.chosen == Some(i) {
            chosen = out.len().checked_sub(1);
        }
    }
    Ok((out, chosen))
}

/// [`Rates`] from what the solver found, or [`Error::NoRateInRange`].
fn rates(found: &Found, search: &RateSearch) -> Result<Rates> {
    let (all, chosen) = to_ratios(found, search)?;
    match chosen.and_then(|i| all.get(i)).copied() {
        Some(rate) => Ok(Rates {
            rate,
            unique: all.len() == 1,
            all,
        }),
        None => Err(no_rate(search)),
    }
}

fn no_rate(search: &RateSearch) -> Error {
    Error::NoRateInRange {
        min: search.min_rate,
        max: search.max_rate,
    }
}

/// The one rate of `rates`, or the error that says why there is not exactly one.
fn exactly_one(rates: Vec<Ratio>, search: &RateSearch) -> Result<Ratio> {
    match rates.as_slice() {
        [one] => Ok(*one),
        [] => Err(no_rate(search)),
        _ => Err(Error::MultipleRates { rates }),
    }
}

/// Powers of ten that `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `d` in `f64`. Amounts of up to 18 significant digits with at most 22 decimal places
/// (every real amount) take one division of two `f64`s, much faster than the general
/// conversion: correctly rounded up to 15 digits (both are exact), within one unit of
/// rounding beyond (the mantissa is rounded first).
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    let mantissa = i64::try_from(d.mantissa()).ok();
    let power = usize::try_from(d.scale())
        .ok()
        .and_then(|s| EXACT_POWERS_OF_TEN.get(s));
    match (mantissa, power) {
        // Exact below 2^53, rounded once above.
        #[allow(clippy::cast_precision_loss)]
        (Some(m), Some(p)) => m as f64 / p,
        _ => d.to_f64().unwrap_or(0.0),
    }
}

fn solve_periodic(flows: &PeriodicFlows, search: &RateSearch) -> Result<Found> {
    let amounts = flows.non_empty()?;
    let problem = Problem::periodic(amounts.iter().copied().map(decimal_to_f64).collect());
    let (min, max, guess) = search.as_f64();
    problem.solve(min, max, guess)
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
    Ok(to_ratios(&solve_periodic(flows, search)?, search)?.0)
}

/// The periodic rates of return within `search`: the spreadsheet's rate and the others;
/// see the [module docs](self).
///
/// ```
/// use folio_types::{Currency, Decimal, Ratio};
/// use folio_roi::{PeriodicFlows, RateSearch, irr_with};
///
/// // -100, +230, -132 has rates 10% and 20%; Newton from a 25% guess reaches 20%.
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 230, -132].map(Decimal::from).to_vec());
/// let search = RateSearch::new(Ratio::new(Decimal::new(-9, 1))?, Ratio::new(Decimal::ONE)?, Ratio::new(Decimal::new(25, 2))?)?;
/// assert_eq!(irr_with(&flows, &search)?.rate().value().round_dp(9), Decimal::new(2, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_all`], and [`Error::NoRateInRange`] if no rate is found in the range.
pub fn irr_with(flows: &PeriodicFlows, search: &RateSearch) -> Result<Rates> {
    rates(&solve_periodic(flows, search)?, search)
}

/// The periodic rate of return within `search` if it is unique; the refuse-if-ambiguous
/// variant of [`irr_with`].
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{Error, PeriodicFlows, RateSearch, irr_strict};
///
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 230, -132].map(Decimal::from).to_vec());
/// assert!(matches!(irr_strict(&flows, &RateSearch::default()), Err(Error::MultipleRates { rates }) if rates.len() == 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_all`], and [`Error::NoRateInRange`] or [`Error::MultipleRates`] unless
/// exactly one rate is found.
pub fn irr_strict(flows: &PeriodicFlows, search: &RateSearch) -> Result<Ratio> {
    exactly_one(irr_all(flows, search)?, search)
}

/// The periodic rate of return (the spreadsheet `IRR`, Newton from 10%), searched in
/// the default range, with every other rate found.
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{PeriodicFlows, irr};
///
/// // Microsoft's IRR example: five years of income on a 70,000 investment, 8.7%.
/// let flows = PeriodicFlows::new(Currency::new("USD")?,
///     [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000].map(Decimal::from).to_vec());
/// let rates = irr(&flows)?;
/// assert_eq!(rates.rate().to_percent()?.round_dp(1), Decimal::new(87, 1));
/// assert!(rates.is_unique());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_with`].
pub fn irr(flows: &PeriodicFlows) -> Result<Rates> {
    irr_with(flows, &RateSearch::default())
}

/// The dated problem: netted flows at their year fractions from the earliest date.
fn dated_problem(flows: &DatedFlows, day_count: DayCount) -> Result<Problem> {
    let netted = flows.netted()?;
    let first = netted.first().map(|f| f.date).ok_or(Error::Empty {
        what: "dated flows",
    })?;
    let times = match day_count.actual_basis() {
        // The same `days / basis` as `year_fraction`, from day numbers (faster).
        Some(basis) => {
            let base = i64::from(first.num_days_from_ce());
            netted
                .iter()
                .map(|f| {
                    let days = i64::from(f.date.num_days_from_ce()).saturating_sub(base);
                    crate::day_count::days_f64(days) / basis
                })
                .collect()
        }
        None => netted
            .iter()
            .map(|f| day_count.year_fraction(first, f.date))
            .collect(),
    };
    let amounts = netted.iter().map(|f| decimal_to_f64(f.amount)).collect();
    Ok(Problem::dated(times, amounts))
}

fn solve_dated(flows: &DatedFlows, search: &RateSearch, day_count: DayCount) -> Result<Found> {
    let (min, max, guess) = search.as_f64();
    dated_problem(flows, day_count)?.solve(min, max, guess)
}

/// Every annual rate of return of dated flows in the search range, lowest first.
///
/// ```
/// use folio_types::{Currency, Decimal, NaiveDate};
/// use folio_roi::{DatedFlow, DatedFlows, DayCount, RateSearch, xirr_all};
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
///     DatedFlow::new(d(2025, 1, 1)?, Decimal::from(-100)),
///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(230)),
///     DatedFlow::new(d(2027, 1, 1)?, Decimal::from(-132)),
/// ]);
/// assert_eq!(xirr_all(&flows, &RateSearch::default(), DayCount::Act365F)?.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_all`].
pub fn xirr_all(
    flows: &DatedFlows,
    search: &RateSearch,
    day_count: DayCount,
) -> Result<Vec<Ratio>> {
    Ok(to_ratios(&solve_dated(flows, search, day_count)?, search)?.0)
}

/// The annual rates of return of dated flows within `search`, timed by `day_count`:
/// the spreadsheet's rate and the others.
///
/// ```
/// use folio_types::{Currency, Decimal, NaiveDate};
/// use folio_roi::{DatedFlow, DatedFlows, DayCount, RateSearch, xirr_with};
///
/// // MathWorks' xirr example with ACT/360, quoted in pyxirr's tests: 0.0991988898057063.
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// let flows = DatedFlows::new(Currency::new("USD")?, vec![
///     DatedFlow::new(d(2007, 1, 12)?, Decimal::from(-10_000)),
///     DatedFlow::new(d(2008, 2, 14)?, Decimal::from(2_500)),
///     DatedFlow::new(d(2008, 3, 3)?, Decimal::from(2_000)),
///     DatedFlow::new(d(2008, 6, 14)?, Decimal::from(3_000)),
///     DatedFlow::new(d(2008, 12, 1)?, Decimal::from(4_000)),
/// ]);
/// let rates = xirr_with(&flows, &RateSearch::default(), DayCount::Act360)?;
/// assert_eq!(rates.rate().value().round_dp(10), Decimal::new(991_988_898, 10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_with`].
pub fn xirr_with(flows: &DatedFlows, search: &RateSearch, day_count: DayCount) -> Result<Rates> {
    rates(&solve_dated(flows, search, day_count)?, search)
}

/// The annual rate of return of dated flows within `search` if it is unique; the
/// refuse-if-ambiguous variant of [`xirr_with`].
///
/// ```
/// use folio_types::{Currency, Decimal, NaiveDate};
/// use folio_roi::{DatedFlow, DatedFlows, DayCount, RateSearch, xirr_strict};
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
///     DatedFlow::new(d(2025, 1, 1)?, Decimal::from(-100)),
///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(110)),
/// ]);
/// assert_eq!(xirr_strict(&flows, &RateSearch::default(), DayCount::Act365F)?.value(), Decimal::new(1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_strict`].
pub fn xirr_strict(flows: &DatedFlows, search: &RateSearch, day_count: DayCount) -> Result<Ratio> {
    exactly_one(xirr_all(flows, search, day_count)?, search)
}

/// The annual rate of return of dated flows (the spreadsheet `XIRR`: actual/365,
/// Newton from 10%), searched in the default range, with every other rate found.
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
/// assert_eq!(xirr(&flows)?.rate().value().round_dp(10), Decimal::new(3_733_625_335, 10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`irr_with`].
pub fn xirr(flows: &DatedFlows) -> Result<Rates> {
    xirr_with(flows, &RateSearch::default(), DayCount::Act365F)
}

/// The spreadsheet `MIRR`: the rate that grows the present value of the outflows
/// (discounted at `finance_rate`) into the future value of the inflows (compounded
/// to the last period at `reinvest_rate`) over the `n - 1` periods of `n` flows.
///
/// The present and future values are computed in [`Decimal`] with checked operations;
/// only the final `(n - 1)`-th root is taken in `f64` (relative error below 1e-15),
/// and the rate is returned at `f64` precision.
///
/// ```
/// use folio_types::{Currency, Decimal, Ratio};
/// use folio_roi::{PeriodicFlows, mirr};
///
/// // Microsoft's MIRR example: 13% (12.6% before rounding to whole percent).
/// let flows = PeriodicFlows::new(Currency::new("USD")?,
///     [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000].map(Decimal::from).to_vec());
/// let rate = mirr(Ratio::new(Decimal::new(10, 2))?, Ratio::new(Decimal::new(12, 2))?, &flows)?;
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
pub fn mirr(finance_rate: Ratio, reinvest_rate: Ratio, flows: &PeriodicFlows) -> Result<Ratio> {
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

    fn close(actual: Ratio, expected: &str) -> bool {
        actual.value().checked_sub(d(expected)).unwrap().abs() <= d("0.000000000001")
    }

    #[test]
    fn irr_outcomes() {
        assert!(close(irr(&periodic(&[-100, 110])).unwrap().rate(), "0.1"));
        assert_eq!(irr(&periodic(&[100, 110])), Err(Error::NoSignChange));
        assert_eq!(irr(&periodic(&[0, 0])), Err(Error::NoSignChange));
        assert_eq!(
            irr(&periodic(&[])),
            Err(Error::Empty {
                what: "periodic flows"
            })
        );
        // -1 + 100 / (1 + r) = 0 at r = 99: found by the default range, missed by a
        // narrow one, whose error names the range.
        assert!(close(irr(&periodic(&[-1, 100])).unwrap().rate(), "99"));
        let narrow = RateSearch::new(rate("-0.99"), rate("10"), rate("0.1")).unwrap();
        let err = irr_with(&periodic(&[-1, 100]), &narrow).unwrap_err();
        assert_eq!(
            err,
            Error::NoRateInRange {
                min: rate("-0.99"),
                max: rate("10"),
            }
        );
        assert!(err.to_string().contains("-0.99 to 10"), "{err}");
        assert!(err.to_string().contains("RateSearch::new"), "{err}");
        // Two rates: the spreadsheet's (Newton from 10%) with the other, or refused.
        let twice = irr(&periodic(&[-100, 230, -132])).unwrap();
        assert!(close(twice.rate(), "0.1"), "{twice}");
        assert!(!twice.is_unique());
        assert_eq!(twice.all().len(), 2);
        match irr_strict(&periodic(&[-100, 230, -132]), &RateSearch::default()) {
            Err(Error::MultipleRates { rates }) => {
                let rounded: Vec<_> = rates.iter().map(|r| r.value().round_dp(8)).collect();
                assert_eq!(rounded, [d("0.1"), d("0.2")]);
            }
            other => panic!("expected two rates, got {other:?}"),
        }
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
        assert!(close(xirr(&base).unwrap().rate(), "0.1"));
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
        assert!(close(xirr(&late_first).unwrap().rate(), "0.1"));
        // Two sign changes in dated flows: the spreadsheet's rate and both in the list.
        let twice = dated(vec![
            (day(2025, 1, 1), "-100"),
            (day(2026, 1, 1), "230"),
            (day(2027, 1, 1), "-132"),
        ]);
        let rates = xirr(&twice).unwrap();
        assert!(close(rates.rate(), "0.1") && !rates.is_unique());
        assert!(matches!(
            xirr_strict(&twice, &RateSearch::default(), DayCount::Act365F),
            Err(Error::MultipleRates { rates }) if rates.len() == 2
        ));
        assert_eq!(
            xirr_all(&twice, &RateSearch::default(), DayCount::Act365F)
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn xnpv_is_zero_at_a_rate_just_above_minus_100_percent() {
        use chrono::NaiveDate;

        use crate::flows::DatedFlow;
        use crate::npv::xnpv_with;

        // Found by the property `xirr_zeroes_xnpv_under_every_day_count`: -92,255,959 on
        // 2073-01-07, +499,258.13 98 days later. The rate is -99.99999964% (ACT/365F),
        // where an f64 rate keeps only 8 digits of 1 + r and XNPV missed zero by 1e-5
        // of its scale; the promise is 1e-9.
        let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let flows = DatedFlows::new(
            Currency::new("EUR").unwrap(),
            vec![
                DatedFlow::new(day(2073, 1, 7), d("-92255959")),
                DatedFlow::new(day(2073, 4, 15), d("499258.13")),
            ],
        );
        for day_count in DayCount::ALL {
            let rate = xirr_with(&flows, &RateSearch::default(), day_count)
                .unwrap()
                .rate();
            let t = day_count.year_fraction(day(2073, 1, 7), day(2073, 4, 15));
            // 1 + r from the exact decimal, and the rate it implies in closed form.
            let growth = decimal_to_f64(rate.value() + Decimal::ONE);
            let expected = (499_258.13_f64 / 92_255_959.0).powf(1.0 / t);
            assert!(
                (growth / expected - 1.0).abs() < 1e-12,
                "{day_count}: {rate} vs 1 + r = {expected}"
            );
            let scale = 92_255_959.0 + 499_258.13 * growth.powf(-t);
            let value = decimal_to_f64(xnpv_with(rate, &flows, day_count).unwrap().amount());
            assert!(
                value.abs() <= 1e-9 * scale,
                "{day_count}: rate {rate}, xnpv {value}, scale {scale}"
            );
        }
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
        assert_eq!(mirr(r, r, &periodic(&[-100])), Err(Error::NoSignChange));
        assert_eq!(mirr(r, r, &periodic(&[100, 5])), Err(Error::NoSignChange));
        assert_eq!(
            mirr(r, r, &periodic(&[])),
            Err(Error::Empty {
                what: "periodic flows"
            })
        );
        assert!(matches!(
            mirr(rate("-1"), r, &periodic(&[-1, 2])),
            Err(Error::InvalidRate {
                name: "finance rate",
                ..
            })
        ));
        assert!(matches!(
            mirr(r, rate("-2"), &periodic(&[-1, 2])),
            Err(Error::InvalidRate {
                name: "reinvestment rate",
                ..
            })
        ));
        // Two flows: MIRR is the simple return, whatever the rates: -100 then 121 is 21%.
        assert!(close(
            mirr(r, rate("0.5"), &periodic(&[-100, 121])).unwrap(),
            "0.21"
        ));
    }
}
