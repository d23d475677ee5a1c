//! folio: product-portfolio analytics for Rust, behind one dependency.
//!
//! This facade re-exports the folio crates so that a program can depend on `folio-analytics`
//! alone. The shared vocabulary of [folio-types](folio_types) (ids, money, bounded numbers,
//! periods, series, portfolio structure, the error type) sits at the root; each domain
//! crate is a module behind a cargo feature of its own name, all on by default.
//!
//! # Example
//!
//! ```
//! use folio_analytics::prelude::*;
//!
//! let eur = Currency::new("EUR")?;
//! let spend = Money::new(Decimal::new(48_000, 0), eur);
//! let budget = Money::new(Decimal::new(60_000, 0), eur);
//! let utilization = spend.ratio_to(budget)?;
//! assert_eq!(utilization.to_percent()?, Decimal::new(80, 0));
//!
//! let quarter = Period::quarter(2026, 4)?;
//! let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).ok_or("bad date")?;
//! assert!(quarter.contains(as_of));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//!
//! - `allocation` (default): [folio-allocation](folio_allocation), as [`allocation`]:
//!   what to protect in a cut, what slows down when a bet is accelerated, the
//!   value-versus-budget frontier and reallocation requests.
//! - `benefits` (default): benefits realization, as [`benefits`].
//! - `roi` (default): [folio-roi](folio_roi), as [`roi`]: business cases, ROI,
//!   payback, NPV, IRR, XNPV, XIRR and MIRR for initiatives and product lines.
//! - `okr` (default): [folio-okr](folio_okr) as [`okr`]: three-tier OKR graphs,
//!   validation, weighted, say-do and KPI rollups with explanations, incremental
//!   updates, tracking, and the cascade and SMART checks.
//! - `metrics` (default): [folio-metrics](folio_metrics) as [`metrics`]: metric
//!   definitions and catalog, targets and progress, aggregation, KPIs, trigger rules.
//! - `risk` (default): [folio-risk](folio_risk), weighted risk scoring, as [`risk`].
//! - `delivery` (default): [folio-delivery](folio_delivery) as [`delivery`]: work items
//!   from Jira, Linear and CSV exports, flow metrics, Monte Carlo forecasts and items
//!   tied to key results.
//! - `review` (off by default): [folio-review](https://docs.rs/folio-review), the
//!   monthly portfolio review (inputs, the review as data, text, Markdown, JSON and an
//!   HTML dashboard), as `folio_analytics::review`. It is off by default because it always needs `serde` and
//!   `serde_json`, which the other features leave to the caller.
//! - `proptest`: folio-types's proptest strategies, as `folio_analytics::strategy`.
//! - `csv` (off by default): with `okr`, `folio_analytics::okr::csv` reads a portfolio
//!   from a CSV edge list (folio-okr's `csv` feature).
//! - `serde` (default): `Serialize` for every input and output type of the included
//!   crates, and validating `Deserialize` for their inputs (results serialize only).
//! - `schemars`: `schemars::JsonSchema` for every serde type, and the `schemars`
//!   re-export; implies `serde`. With `default-features = false` and one domain
//!   feature, neither serde nor schemars is compiled.
//!
//! Reading folio's documents from JSON takes a JSON crate of your choice, such as
//! `serde_json`; folio itself depends only on serde.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use folio_types::*;

/// chrono's date types that folio's signatures use (`NaiveDate` comes with folio-types),
/// re-exported so that a program needs no chrono dependency of its own to call folio.
///
/// ```
/// use folio_analytics::{Datelike, Days, NaiveDate};
///
/// let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).ok_or("bad date")?;
/// assert_eq!(as_of.checked_add_days(Days::new(1)).map(|d| d.month()), Some(12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use chrono::{Datelike, Days, Month, Weekday};

/// The JSON Schema crate whose `JsonSchema` trait every folio input and output type
/// implements, re-exported so that a program can export folio's schemas (and derive
/// schemas for its own wrappers of folio types, with `#[schemars(crate =
/// "folio_analytics::schemars")]`) without pinning a second, possibly different, version.
#[cfg(feature = "schemars")]
pub use schemars;

/// Decisions: the cut and accelerate scenarios, the value-versus-budget frontier and
/// reallocation requests ([folio-allocation](folio_allocation)).
#[cfg(feature = "allocation")]
pub use folio_allocation as allocation;
/// Benefits realization: business cases, checkpoint schedules, variance and root
/// causes, realization rates, post-mortem triggers and estimation bias
/// ([folio-benefits](folio_benefits)).
#[cfg(feature = "benefits")]
pub use folio_benefits as benefits;
/// Delivery signal: work items from Jira, Linear and CSV exports mapped onto workflow
/// stages, flow metrics, seeded Monte Carlo forecasts and items tied to key results
/// ([folio-delivery](folio_delivery)).
#[cfg(feature = "delivery")]
pub use folio_delivery as delivery;
/// The metric model: definitions, catalog, targets and progress, aggregation across
/// products, standard portfolio KPIs and trigger rules (crate `folio-metrics`).
#[cfg(feature = "metrics")]
pub use folio_metrics as metrics;
/// OKR graphs: three tiers, validation, weighted, say-do and KPI rollups with
/// explanations and incremental updates, tracking, cascade checks (feature `okr`).
#[cfg(feature = "okr")]
pub use folio_okr as okr;
/// Weighted risk scoring: explained scores, bands, triggers, trends and portfolio
/// exposure (the folio-risk crate).
#[cfg(feature = "risk")]
pub use folio_risk as risk;
/// ROI, payback, NPV, IRR, XNPV, XIRR and MIRR for initiatives and product lines: the
/// [folio-roi](folio_roi) crate.
#[cfg(feature = "roi")]
pub use folio_roi as roi;

/// The monthly portfolio review: inputs, the review as data, and its text, Markdown,
/// JSON and HTML renderings ([folio-review](folio_review), feature `review`).
#[cfg(feature = "review")]
pub use folio_review as review;

/// The types most programs need, for `use folio_analytics::prelude::*`.
pub mod prelude {
    pub use chrono::{Datelike, Days};
    pub use folio_types::{
        Allocation, Confidence, Currency, Decimal, Error as CoreError, Horizon, InitiativeId,
        KeyResultId, MetricId, Money, NaiveDate, ObjectiveId, Observation, OwnerId, Period,
        PeriodKind, ProductId, ProductLineId, Progress, Ratio, RiskRating, Series, Structure,
        Weight,
    };
}

/// This crate's README, compiled and run as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
