//! Return on investment for product portfolios: business cases, ROI, payback,
//! discounted payback, NPV, IRR, XNPV, XIRR and MIRR, for initiatives and for the
//! product lines they belong to.
//!
//! The measures match the common spreadsheet functions, conventions included, so a
//! finance user who checks a number in a spreadsheet finds the same one; the solvers
//! say when a rate of return does not exist or is not unique instead of returning a
//! wrong number.
//!
//! # Example
//!
//! ```
//! use folio_types::{Currency, Decimal, NaiveDate, Ratio};
//! use folio_roi::{DatedFlow, DatedFlows, Error, Payback, PeriodicFlows, TimeUnit};
//!
//! let usd = Currency::new("USD")?;
//! let flows = PeriodicFlows::new(usd, [-10_000, 3_000, 4_200, 6_800].map(Decimal::from).to_vec());
//! let ten_percent = Ratio::new(Decimal::new(10, 2))?;
//!
//! // NPV discounts the first flow, as the spreadsheet NPV does: 1,188.44.
//! assert_eq!(folio_roi::npv(ten_percent, &flows)?.amount().round_dp(2), Decimal::new(118_844, 2));
//! // IRR: the rate at which the flows are worth nothing, 16.34% per period.
//! assert_eq!(folio_roi::irr(&flows)?.value().round_dp(4), Decimal::new(1634, 4));
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
//! assert_eq!(folio_roi::xirr(&dated)?.value().round_dp(9), Decimal::new(1, 1));
//!
//! // Two sign changes, two rates: the solver says so instead of picking one.
//! let twice = PeriodicFlows::new(usd, [-100, 230, -132].map(Decimal::from).to_vec());
//! assert!(matches!(folio_roi::irr(&twice), Err(Error::MultipleRates { rates }) if rates.len() == 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - Schedules ([`flows`]): [`PeriodicFlows`] (one amount per period) and
//!   [`DatedFlows`] (amounts on dates, any order, shared dates netted), each in one
//!   currency.
//! - Measures: [`npv()`], [`npv_from_start`], [`xnpv`] ([`mod@npv`]); [`irr()`],
//!   [`xirr`], [`mirr`] and the `*_all` / `*_with` variants ([`mod@irr`]); [`payback()`],
//!   [`discounted_payback`] and their dated forms ([`mod@payback`]); [`roi`].
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
//! | [`xnpv`], [`xirr`] | actual/365 from the earliest date, which is not discounted |
//! | [`irr()`] | the first flow at time 0; per-period rate |
//! | [`mirr`] | spreadsheet `MIRR` over `n - 1` periods |
//! | payback | last move of the cumulative flow to non-negative, interpolated; [`Payback::Never`] otherwise |
//!
//! # Numbers
//!
//! Money stays [`rust_decimal::Decimal`] with checked arithmetic: ROI and simple
//! payback are exact (to [`Decimal`](rust_decimal::Decimal)'s 28 significant digits
//! where a division is involved), periodic NPV rounds only at the 28th significant
//! digit of each step, and an overflow is [`Error::Overflow`], never a panic. Where
//! fractional powers are needed (the XNPV and dated discounted-payback factors, the MIRR
//! root) and in the IRR/XIRR solvers, the work is done in `f64`: rates are accurate to
//! [`solver::TOLERANCE`] relative to `max(1, |rate|)` and returned rounded to
//! [`RATE_DECIMALS`] places; see [`solver`] for the method and its iteration bounds.
//!
//! No function reads the clock or the environment; the same input gives the same
//! output, whatever the order of dated flows or business cases.
//!
//! # Features
//!
//! folio-roi has no cargo features of its own.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod case;
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
pub use error::{Error, Result};
pub use flows::{DatedFlow, DatedFlows, PeriodicFlows};
pub use irr::{RATE_DECIMALS, RateSearch, irr, irr_all, irr_with, mirr, xirr, xirr_all, xirr_with};
pub use npv::{DAYS_PER_YEAR, npv, npv_from_start, xnpv};
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
