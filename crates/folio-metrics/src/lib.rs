//! The folio metric model: metric definitions and one catalog for the whole
//! portfolio, targets and progress, cross-product aggregation, standard portfolio KPIs
//! and trigger rules.
//!
//! A metric is defined once ([`MetricDef`], held by a [`MetricCatalog`]) with its unit,
//! the direction that is better and how its values combine across products; combining
//! values in a way the definition forbids (summing a percentage, averaging NPS without
//! its base) is an error, not a number. Targets ([`Target`]) turn a current value into
//! [`Progress`](folio_types::Progress), with clamping and over-achievement as the
//! caller's explicit choice.
//!
//! # Example
//!
//! ```
//! use folio_metrics::{
//!     Combine, Direction, Goal, Layer, MetricCatalog, MetricDef, MetricDefData, Scoring,
//!     Target, Unit,
//! };
//! use rust_decimal::Decimal;
//!
//! // One definition of net revenue retention for the whole portfolio.
//! let nrr = MetricDef::new(MetricDefData {
//!     id: "nrr".parse()?,
//!     name: "Net revenue retention".into(),
//!     unit: Unit::Percent,
//!     direction: Direction::HigherIsBetter,
//!     layer: Layer::PortfolioHealth,
//!     kind: folio_metrics::MetricKind::Outcome,
//!     combine: Combine::RatioOfSums {
//!         numerator: "retained_arr".parse()?,
//!         denominator: "starting_arr".parse()?,
//!     },
//!     definition: "ARR today from customers who were customers 12 months ago, \
//!                  over their ARR then.".into(),
//! })?;
//!
//! // Raise NRR from 102% to 110%.
//! let target = Target::new(nrr.id().clone(), Goal::IncreaseTo {
//!     baseline: Decimal::new(102, 0),
//!     target: Decimal::new(110, 0),
//! })?;
//! target.check_against(&nrr)?;
//!
//! // At 106% we are half-way; at 114% we are 150% there unless the caller caps it.
//! assert_eq!(target.progress(Decimal::new(106, 0), Scoring::Clamped)?.value(), Decimal::new(5, 1));
//! let over = target.progress(Decimal::new(114, 0), Scoring::AllowOverAchievement)?;
//! assert_eq!(over.value(), Decimal::new(15, 1));
//! assert_eq!(over.clamped().value(), Decimal::ONE);
//!
//! // A catalog holds one definition per metric, and its references must resolve.
//! assert!(MetricCatalog::from_definitions([nrr]).is_err()); // retained_arr is not defined
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`def`]: [`MetricDef`], [`Unit`], [`Direction`], [`Layer`], [`Combine`].
//! - [`catalog`]: [`MetricCatalog`], one definition per metric, with its JSON Schema.
//! - [`aggregate`](mod@aggregate): [`aggregate()`] combines per-product [`Reading`]s
//!   into an [`Aggregate`] that shows each product's weight.
//! - [`target`]: [`Target`], [`Goal`], [`Scoring`], [`TargetSet`].
//! - [`observation`]: [`Observations`] per metric, product and date; aggregation per
//!   period and period-over-period [`Change`].
//! - [`table`]: [`MetricTable`], one metric's observations in flat columns, for
//!   aggregating it over many periods.
//! - [`kpi`]: the standard portfolio KPIs (growth, mix, margin, NRR/GRR, churn, LTV,
//!   concentration, NPS, adoption, time-to-value, support, capacity, investment mix,
//!   delivery and flow), each with its formula, conventions and a worked example.
//! - [`portfolio`]: the portfolio questions: [`classify_lines`] (winning, stable,
//!   declining, with the evidence) and [`capacity_drain`] (which products consume a
//!   larger share of capacity or spend than the share of value they return).
//! - [`trigger`]: trigger [`Rule`]s as data; [`RuleSet::evaluate`] returns the
//!   [`Alert`]s that fired at an `as_of` date, with their [`Evidence`].
//! - [`error`]: [`Error`], the one error type, wrapping [`folio_types::Error`].
//!
//! # Guarantees
//!
//! - No function panics on any input; arithmetic is checked ([`rust_decimal::Decimal`]
//!   throughout) and empty inputs or zero denominators are typed errors, or `None`
//!   where "undefined" is the honest answer. There is no `f64` and so no NaN.
//! - Results do not depend on input order: products are processed in id order.
//! - No function reads the clock: "today" is an `as_of` argument.
//! - With the `serde` feature every input type implements `Serialize` and
//!   `Deserialize`, and deserialization runs the constructors' checks. Outputs
//!   (aggregates, changes, alerts, KPI results, vanity warnings) serialize for reports but do not
//!   deserialize: they only come out of the functions here, so their numbers agree.
//! - Output structs and most enums are `#[non_exhaustive]`, so new fields and variants
//!   are not breaking changes. [`Goal`], [`Combine`] and [`Reading`] stay exhaustive:
//!   every consumer must interpret each variant, so a new one is a breaking change on
//!   purpose.
//!
//! # Conventions
//!
//! Where sources disagree, the choice is made once and documented where it lives:
//!
//! - **Rounding**: exact `Decimal` sums; divisions round to 28 significant digits;
//!   nothing is rounded for display. Shares are rounded to 12 places by largest
//!   remainder so that they sum to exactly 1 ([`kpi::concentration`]).
//! - **Percentiles**: linear interpolation between closest ranks, Hyndman-Fan type 7
//!   ([`kpi::stats`]).
//! - **NRR and GRR**: a fixed starting cohort; new customers excluded
//!   ([`kpi::retention`]).
//! - **HHI**: on the fraction scale `1/n..=1`; ×10,000 for points
//!   ([`kpi::hhi`]).
//! - **Progress**: never negative; guard rails and milestones score 0 or 1;
//!   over-achievement only under [`Scoring::AllowOverAchievement`] ([`target`]).
//! - **Trigger persistence**: consecutive calendar periods anchored at the period of
//!   the latest observation on or before `as_of`; a period without data breaks the
//!   streak ([`trigger`]).
//! - **A period's value**: the latest observation dated inside it; a value for a
//!   period is filed on its last day ([`observation`]).
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` for every type, validating `Deserialize` for
//!   every input type (definitions, catalogs, observations, targets, rules).
//! - `schemars` (off by default, implies `serde`): `schemars::JsonSchema` for every serde
//!   type, and the `json_schema` helpers of the catalog, observations and rule sets.
//!
//! Dependencies: folio-types, `rust_decimal` (exact values), chrono (dates), thiserror
//! (the error type), and optionally serde and schemars.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod aggregate;
pub mod catalog;
pub mod def;
pub mod error;
pub mod kpi;
mod math;
pub mod observation;
pub mod portfolio;
pub mod table;
pub mod target;
pub mod trigger;

pub use aggregate::{Aggregate, ProductReading, Reading, Term, aggregate};
pub use catalog::{CatalogData, MetricCatalog, VanityWarning};
pub use def::{
    Combine, Direction, DurationUnit, Layer, MetricDef, MetricDefData, MetricKind, Unit,
};
pub use error::{Error, Result};
pub use observation::{Change, ObservationRecord, Observations};
pub use portfolio::{
    ClassificationPolicy, LineClass, LineClassification, ProductBalance, Signal, SignalKind, Vote,
    capacity_drain, classify_lines,
};
pub use table::MetricTable;
pub use target::{Goal, Scoring, Target, TargetData, TargetSet};
pub use trigger::{
    Action, Alert, Cadence, Condition, Evidence, Persistence, Rule, RuleData, RuleId, RuleSet,
    Scope,
};

/// The README's examples, run as doctests so that they keep compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
