//! Return on investment for product portfolios: business cases, ROI, payback,
//! discounted payback, NPV, IRR, XNPV, XIRR and MIRR, for initiatives and for the
//! product lines they belong to.
//!
//! The measures match the common spreadsheet functions, conventions included, so a
//! finance user who checks a number in a spreadsheet finds the same one; the solvers
//! return the spreadsheet's rate of return together with every other rate found and
//! say whether it is unique, and say when none exists instead of returning a wrong
//! number.
//!
//! # Example
//!
//! ```
//! use folio_types::{Currency, Decimal, NaiveDate, Ratio};
//! use folio_roi::{DatedFlow, DatedFlows, Error, Payback, PeriodicFlows, RateSearch, TimeUnit};
//!
//! let usd = Currency::new("USD")?;
//! let flows = PeriodicFlows::new(usd, [-10_000, 3_000, 4_200, 6_800].map(Decimal::from).to_vec());
//! let ten_percent = Ratio::new(Decimal::new(10, 2))?;
//!
//! // NPV discounts the first flow, as the spreadsheet NPV does: 1,188.44.
//! assert_eq!(folio_roi::npv(ten_percent, &flows)?.amount().round_dp(2), Decimal::new(118_844, 2));
//! // IRR: the rate at which the flows are worth nothing, 16.34% per period.
//! let rates = folio_roi::irr(&flows)?;
//! assert_eq!(rates.rate().value().round_dp(4), Decimal::new(1634, 4));
//! assert!(rates.is_unique());
//! // Payback is interpolated within the period: 10,000 is recovered 2.41 periods in.
//! let Payback::PaysBack { after, unit: TimeUnit::Periods } = folio_roi::payback(&flows)? else {
//!     return Err("expected a payback".into());
//! };
//! assert_eq!(after.round_dp(2), Decimal::new(241, 2));
//!
//! // Dated flows use actual/365 from the earliest date, as XNPV and XIRR do.
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
//! let dated = DatedFlows::new(usd, vec![
//!     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-1_000)),
//!     DatedFlow::new(d(2027, 1, 1)?, Decimal::from(1_100)),
//! ]);
//! assert_eq!(folio_roi::xirr(&dated)?.rate().value().round_dp(9), Decimal::new(1, 1));
//!
//! // Two sign changes, two rates: the spreadsheet's (Newton from 10%) and the other.
//! let twice = PeriodicFlows::new(usd, [-100, 230, -132].map(Decimal::from).to_vec());
//! let rates = folio_roi::irr(&twice)?;
//! assert_eq!(rates.rate().value().round_dp(9), Decimal::new(1, 1));
//! assert!(!rates.is_unique() && rates.all().len() == 2);
//! // The strict variant refuses to choose.
//! let strict = folio_roi::irr_strict(&twice, &RateSearch::default());
//! assert!(matches!(strict, Err(Error::MultipleRates { rates }) if rates.len() == 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - Schedules ([`flows`]): [`PeriodicFlows`] (one amount per period) and
//!   [`DatedFlows`] (amounts on dates, any order, shared dates netted), each in one
//!   currency.
//! - Measures: [`npv()`], [`npv_from_start`], [`xnpv`], [`xnpv_with`] ([`mod@npv`]);
//!   [`irr()`], [`xirr`] (returning [`Rates`]), [`mirr`] and the `*_with` (search range,
//!   guess, day count), `*_strict` (refuse if ambiguous) and `*_all` (every rate)
//!   variants ([`mod@irr`]); [`payback()`], [`discounted_payback`] and their dated forms
//!   ([`mod@payback`]); [`roi`].
//! - Day counts ([`day_count`]): [`DayCount`], ACT/365F (default), ACT/360,
//!   ACT/365.25, ACT/ACT ISDA, 30/360 ISDA, 30U/360, 30E/360 and 30E/360 ISDA, named
//!   as pyxirr names them.
//! - The payback of a business case: [`evaluate`] it and read
//!   `report.measures.payback` (a [`Payback`], see [`Measures`]), or call [`payback()`]
//!   or [`dated_payback`] on the [`NetFlows`] of [`BusinessCase::net_flows`].
//! - The business case ([`case`]): [`BusinessCase`], investment = people + vendor +
//!   opportunity cost, benefit = revenue + margin + cost savings + risk reduction, and
//!   a benefit [`Window`] ([`window`]).
//! - Two levels ([`report`]): [`evaluate`] an initiative, aggregate [`product_lines`]
//!   with each initiative's [`InitiativeContribution`]; [`rank_by_payback`] and [`rank_by_npv`]
//!   ([`ranking`]); the [`PaybackTrigger`] ([`trigger`]).
//! - [`solver`]: the root finder behind IRR and XIRR, its tolerance and bounds.
//! - [`Error`]: the one error type.
//!
//! # Conventions at a glance
//!
//! | measure | convention |
//! |---|---|
//! | [`npv()`] | spreadsheet `NPV`: the first flow is discounted one period |
//! | [`npv_from_start`] | the first flow is at time 0 (`a₀ + NPV(r, a₁..)`) |
//! | [`xnpv`], [`xirr`] | actual/365 from the earliest date, which is not discounted; any [`DayCount`] with [`xnpv_with`], [`xirr_with`] |
//! | [`irr()`], [`xirr`] | the spreadsheet's rate (Newton from 10%) with every other rate; the first flow at time 0 |
//! | [`mirr`] | spreadsheet `MIRR` over `n - 1` periods |
//! | payback | last move of the cumulative flow to non-negative, interpolated; [`Payback::Never`] otherwise |
//!
//! Argument order is the same everywhere: the rates first, then the flows, as in the
//! spreadsheet's `NPV(rate, values)`: [`npv()`]`(rate, &flows)`,
//! [`discounted_payback`]`(rate, &flows)`, [`mirr`]`(finance_rate, reinvest_rate, &flows)`.
//! A series with no meaningful currency (a rate-of-return exercise) is built with
//! [`PeriodicFlows::without_currency`] or [`DatedFlows::without_currency`]. The payback of a
//! business case is in its report: [`evaluate`]`(&case, &policy)?.measures.payback` (and
//! `.discounted_payback`).
//!
//! # Numbers
//!
//! Money stays [`rust_decimal::Decimal`] with checked arithmetic: ROI and simple
//! payback are exact (to [`Decimal`](rust_decimal::Decimal)'s 28 significant digits
//! where a division is involved), periodic NPV rounds only at the 28th significant
//! digit of each step, and an overflow is [`Error::Overflow`], never a panic. Where
//! fractional powers are needed (the XNPV and dated discounted-payback factors, the MIRR
//! root) and in the IRR/XIRR solvers, the work is done in `f64`: rates are returned at
//! the precision the solver achieved, and the NPV at a returned rate is zero to
//! [`solver::NPV_TOLERANCE`] (1e-9) relative to the sum of the absolute present values
//! of the flows; see [`solver`] for the method and its iteration bounds.
//!
//! No function reads the clock or the environment; the same input gives the same
//! output, whatever the order of dated flows or business cases.
//!
//! # Features
//!
//! - `serde` (on by default): serialize and deserialize the input and output types;
//!   deserializing an input runs the same validation as its constructor. Output types
//!   ([`Rates`], the reports) serialize only.
//! - `schemars` (off by default, implies `serde`): `schemars::JsonSchema` for every
//!   serde type.
//!
//! # Dependencies
//!
//! - [`rust_decimal`]: exact decimal money with checked arithmetic.
//! - [`chrono`]: calendar dates for dated flows and day counts.
//! - `thiserror`: derives the one [`Error`] type.
//! - `folio-types`: the shared money, currency, ratio and id types.
//! - `serde`, `schemars` (optional): see the features above.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The README's example, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod case;
pub mod day_count;
pub mod error;
pub mod flows;
pub mod irr;
pub mod npv;
pub mod payback;
pub mod ranking;
pub mod report;
pub mod solver;
pub mod trigger;
pub mod window;

pub use case::{
    Benefit, BusinessCase, BusinessCaseData, Component, DatedMoney, Investment, NetFlows, Roi, roi,
};
pub use day_count::DayCount;
pub use error::{Error, Result};
pub use flows::{DatedFlow, DatedFlows, PeriodicFlows};
pub use irr::{
    RateSearch, Rates, irr, irr_all, irr_strict, irr_with, mirr, xirr, xirr_all, xirr_strict,
    xirr_with,
};
pub use npv::{DAYS_PER_YEAR, npv, npv_from_start, xnpv, xnpv_with};
pub use payback::{
    Payback, TimeUnit, dated_discounted_payback, dated_payback, discounted_payback, payback,
};
pub use ranking::{Ranked, rank_by_npv, rank_by_payback};
pub use report::{
    InitiativeContribution, InitiativeReport, Measures, ProductLineReport, RateOfReturn,
    ReportPolicy, evaluate, product_lines,
};
pub use trigger::{PaybackAlert, PaybackTrigger, Subject};
pub use window::{PeriodRange, Window};
