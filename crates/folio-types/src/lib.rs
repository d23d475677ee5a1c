//! The shared vocabulary of folio: validated ids, exact money, bounded numbers,
//! calendar periods, dated series and the structure of a product portfolio.
//!
//! Every folio crate speaks in these types, so a value checked here (a confidence in
//! 0..=1, a quarter between 1 and 4, a non-empty product id) never has to be checked
//! again by an engine, and invalid input comes back as one typed [`Error`] that names
//! the offending value.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use folio_types::{Confidence, Currency, Money, Observation, Period, ProductId, Series};
//! use rust_decimal::Decimal;
//!
//! let product = ProductId::new("atlas")?;
//! let quarter: Period = "2026-Q3".parse()?;
//! let as_of = NaiveDate::from_ymd_opt(2026, 8, 15).ok_or("bad date")?;
//!
//! // Exact money: currencies never mix silently.
//! let eur = Currency::new("EUR")?;
//! let revenue = Money::try_sum(eur, [
//!     Money::new(Decimal::new(1_250_000, 2), eur),
//!     Money::new(Decimal::new(830_050, 2), eur),
//! ])?;
//! assert_eq!(revenue.to_string(), "20800.50 EUR");
//!
//! // Bounded numbers cannot be built out of range, also not from JSON.
//! let confidence = Confidence::new(Decimal::new(7, 1))?;
//! # #[cfg(feature = "serde")]
//! assert!(serde_json::from_str::<Confidence>("1.2").is_err());
//! assert!("1.2".parse::<Confidence>().is_err());
//!
//! // Dated series answer "what was the state at as_of?".
//! let checkins = Series::from_observations(vec![
//!     Observation::new(NaiveDate::from_ymd_opt(2026, 7, 6).ok_or("bad date")?, confidence),
//!     Observation::new(NaiveDate::from_ymd_opt(2026, 8, 10).ok_or("bad date")?, Confidence::ONE),
//! ])?;
//! assert_eq!(checkins.as_of(as_of).map(|o| o.value), Some(Confidence::ONE));
//!
//! // Periods know how far through they are.
//! assert_eq!(quarter.fraction_elapsed(as_of)?.to_string(), "0.5");
//! println!("{product}: {revenue} in {quarter}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`id`]: [`ProductId`], [`ProductLineId`], [`SegmentId`], [`GeographyId`],
//!   [`ObjectiveId`], [`KeyResultId`], [`InitiativeId`], [`MetricId`], [`OwnerId`].
//! - [`money`]: [`Money`] and [`Currency`].
//! - [`number`]: [`Confidence`], [`Weight`], [`Progress`], [`RiskRating`], [`Ratio`].
//! - [`period`]: [`Period`] (month, quarter, year, custom range).
//! - [`series`]: [`Series`] and [`Observation`].
//! - [`portfolio`]: [`Structure`], [`ProductLine`], [`Product`], [`Horizon`],
//!   [`Allocation`], [`InitiativeType`].
//! - [`decimal`]: exact reading of decimal text and JSON numbers
//!   ([`decimal::parse_exact`], [`decimal::deserialize`]).
//! - [`error`]: [`Error`], the one error type, and [`Snippet`], the bounded quotation
//!   of input text in error messages.
//!
//! # Guarantees
//!
//! - No function reads the clock; "today" is always an `as_of` argument. (chrono's
//!   `clock` feature is off for the whole workspace.)
//! - No function panics on any input; arithmetic is checked and overflow is an error.
//! - Money and ratios are [`rust_decimal::Decimal`]; in JSON they are decimal strings.
//! - **Numbers arrive exactly.** A decimal read from JSON or text that a `Decimal`
//!   cannot hold exactly (the JSON number `1e-30`, 29 decimal places, a 30-digit
//!   integer) is an [`Error::InexactNumber`], never a rounded value. Text is read digit
//!   by digit; JSON integers up to 64 bits are exact; other JSON numbers have passed
//!   through `f64` inside `serde_json` and are accepted only with at most 15 significant
//!   digits, which `f64` keeps exactly (folio's workspace turns on `serde_json`'s
//!   `float_roundtrip` so such numbers arrive correctly rounded); longer ones must be
//!   strings. folio does not use `serde_json`'s `arbitrary_precision` feature, which
//!   would change `serde_json::Value` and untagged types for every crate of a user's
//!   build. Every bounded number, [`Money`], and each plain `Decimal` field of folio's
//!   input types read through [`decimal::deserialize`]; see [`decimal`] for the rules.
//! - Errors quote the input they reject through [`Snippet`]: at most
//!   [`error::QUOTE_LIMIT`] (80) characters, then an ellipsis and the full length, so a
//!   1 MB id does not become a 1 MB message.
//! - With the `serde` feature every input type implements `Serialize` and
//!   `Deserialize` (and with `schemars`, `JsonSchema`), and deserialization runs the same
//!   validation as the constructors. Bounded numbers also parse from text with
//!   [`FromStr`](std::str::FromStr), through the same check.
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` and validating `Deserialize` for every type
//!   here; decimals are written as strings so no precision is lost.
//! - `schemars` (off by default, implies `serde`): `schemars::JsonSchema` for every serde
//!   type, so tools in any language can validate their input files.
//! - `proptest` (off by default): the `strategy` module, with proptest strategies for
//!   every type here, so that all folio crates draw property-test inputs from one set of
//!   generators.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod decimal;
pub mod error;
pub mod id;
pub mod money;
pub mod number;
pub mod period;
pub mod portfolio;
pub mod series;
#[cfg(feature = "proptest")]
pub mod strategy;

pub use error::{Error, IdProblem, Result, Snippet};
pub use id::{
    GeographyId, InitiativeId, KeyResultId, MAX_ID_LEN, MetricId, ObjectiveId, OwnerId, ProductId,
    ProductLineId, SegmentId,
};
pub use money::{Currency, Money};
pub use number::{Confidence, Progress, Ratio, RiskRating, Weight};
pub use period::{Period, PeriodKind, SubPeriods};
pub use portfolio::{
    Allocation, Geography, Horizon, InitiativeType, Product, ProductLine, Segment, Structure,
    StructureData,
};
pub use series::{Observation, Series};

/// Re-exported so that users of folio-types name the same `Decimal` and `NaiveDate`.
pub use chrono::NaiveDate;
/// Re-exported so that users of folio-types name the same `Decimal` and `NaiveDate`.
pub use rust_decimal::Decimal;

/// The README's examples, run as doctests so that they keep compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
