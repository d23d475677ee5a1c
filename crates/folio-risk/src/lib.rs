//! Weighted risk scoring for a product portfolio: each product's risk on a 1-5 scale,
//! explained dimension by dimension and factor by factor, banded, with triggers that
//! require a discussion and a plan, tracked against the previous assessment and rolled
//! up into the portfolio's exposure.
//!
//! # Example
//!
//! Score one product against the standard model and print the explanation.
//!
#![cfg_attr(feature = "serde", doc = "```")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! use folio_risk::{Assessment, RiskModel, Scorer, ScoringConfig, TriggerRule};
//!
//! let rule = serde_json::from_str::<TriggerRule>(r#"{
//!     "id": "dimension-high",
//!     "scope": { "on": "any_dimension" },
//!     "threshold": "4",
//!     "action": { "owner": "head-of-product",
//!                 "discussion": "Portfolio risk review at the monthly health meeting",
//!                 "plan": "Mitigation plan with owners and dates" }
//! }"#)?;
//! let config = ScoringConfig::default().with_triggers(vec![rule])?;
//! let scorer = Scorer::new(RiskModel::standard(), config)?;
//!
//! let assessment: Assessment = serde_json::from_str(r#"{
//!     "product": "atlas",
//!     "date": "2026-09-30",
//!     "ratings": {
//!         "reliability": 4, "security": 5, "platform_debt": 3,
//!         "competitive_pressure": 2, "churn_signals": 3,
//!         "critical_path_delivery": 4, "dependency_risk": 4,
//!         "margin_compression": 1, "cost_volatility": 2
//!     }
//! }"#)?;
//! let scored = scorer.score(&assessment)?;
//!
//! println!("{} on {}: {} ({:?})", scored.product, scored.date, scored.score, scored.band);
//! for d in scored.dimensions() {
//!     let score = d.score().map_or("-".to_owned(), |s| s.to_string());
//!     println!("  {:<10} weight {} share {:.4} score {} contribution {:.4}",
//!         d.dimension(), d.weight(), d.share().value(), score, d.contribution());
//!     for f in d.factors() {
//!         let rating = f.rating().map_or("-".to_owned(), |r| r.to_string());
//!         println!("    {:<24} weight {} share {:.4} rating {} contribution {:.4}",
//!             f.factor(), f.weight(), f.share().value(), rating, f.contribution());
//!     }
//! }
//! for driver in scored.drivers() {
//!     println!("  driver: {} ({}) lifts the score by {:.4}", driver.factor(), driver.rating(), driver.lift());
//! }
//! for alert in &scored.alerts {
//!     println!("  alert {}: {:?} at {} requires \"{}\" owned by {}",
//!         alert.rule, alert.subject, alert.value, alert.action.plan(), alert.action.owner());
//! }
//!
//! // (4 + 2.5 + 4 + 1.5) / 4 = 3: medium; technical and execution reach 4.
//! assert_eq!(scored.score.to_string(), "3");
//! assert_eq!(scored.drivers().next().map(|d| d.factor().as_str()), Some("critical_path_delivery"));
//! assert_eq!(scored.alerts.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`model`]: [`RiskModel`] (validated) and its data form [`RiskModelData`],
//!   [`DimensionSpec`], [`FactorSpec`]; the four standard dimensions and their factors
//!   in [`model::standard`]; custom dimensions and factors are data.
//! - [`assessment`]: [`Assessment`], one product's dated factor ratings, held in
//!   [`Ratings`] ([`ratings`]): a map-like vector sorted by factor id, which scoring
//!   reads in one sweep beside the model's factors. (`Assessment::ratings` used to
//!   be a `BTreeMap<FactorId, RiskRating>`; the [`ratings`] module says what changes
//!   for code that builds one. JSON is unchanged.)
//! - [`config`]: [`ScoringConfig`] with [`MissingRatingPolicy`], [`Bands`] / [`Band`]
//!   and [`TriggerRule`]s carrying a [`RequiredAction`].
//! - [`score`]: [`Scorer`] and its output [`ProductScore`], whose explanation is read
//!   through [`DimensionScore`], [`FactorScore`] and [`Driver`] views (the lines are
//!   stored compactly and refer to the shared model for their ids and weights; those of
//!   a fully rated assessment are read from the scorer's tables when asked), and
//!   [`RiskAlert`]s. The formula and a worked example live there.
//! - [`trend`]: [`ProductTrend`], [`DimensionTrend`], [`ScoreChange`], [`TrendDirection`], and
//!   [`latest_two`], which picks each product's current and previous assessment.
//! - [`portfolio`]: [`exposure`] and [`review`], with [`ExposureBase`],
//!   [`ProductFigures`], [`Exposure`], [`ReviewConfig`], [`PortfolioReview`],
//!   [`RiskyProduct`], [`DimensionShift`].
//! - [`error`]: [`Error`], the one error type (it wraps [`folio_types::Error`]).
//!
//! # Decisions
//!
//! - **Missing ratings** are an error by default ([`MissingRatingPolicy::Error`]); the
//!   alternative is to exclude and renormalize, visibly. A missing rating is never a
//!   silent zero.
//! - **Rounding.** Every score (dimension, product, portfolio exposure, mean change) is
//!   rounded to [`SCORE_DECIMALS`] = 4 places, half away from zero; bands, triggers and
//!   trends use the rounded scores, so what is shown is what is judged. Shares,
//!   contributions and lifts are not rounded (28 significant digits).
//! - **Bands** default to cut points 2.5 / 3.5 / 4.5 ([`Bands::default`]); a cut point
//!   belongs to the band above it, and a trigger fires at or above its threshold.
//! - **Trend**: a higher score is more risk, so a positive change is "worsened".
//! - **Exposure** is weighted by revenue unless another [`ExposureBase`] is chosen;
//!   base figures in more than one currency are an error.
//!
//! # Guarantees
//!
//! - No function reads the clock: the review date is an `as_of` argument.
//! - No function panics on any input; all arithmetic is checked, overflow is an error.
//!   ([`Ratings`] has no indexing, which would panic on a factor it does not rate;
//!   [`Ratings::get`] is the lookup.)
//! - Results do not depend on input order: models, assessments, scores and figures are
//!   ordered by id (and date) before anything is summed, and ties are broken by id.
//! - With the `serde` feature every input type implements `Serialize` and
//!   `Deserialize`, and deserialization validates like the constructors. Output types
//!   (scores, trends, exposure, the review) serialize for reports but do not
//!   deserialize: they only come out of the engines, so their numbers always agree.
//! - Output structs and all enums are `#[non_exhaustive]`: new fields and variants are
//!   not breaking changes. Bands, directions and alert subjects implement `Display`.
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` for every type, validating `Deserialize` for
//!   every input type.
//! - `schemars` (off by default, implies `serde`): `schemars::JsonSchema` for every serde
//!   type, so tools in any language can validate models, configurations and
//!   assessments.
//!
//! Without `serde`, build inputs with their constructors ([`Assessment::new`],
//! [`RequiredAction::new`], [`DimensionSpec::new`], ...) or struct literals.
//!
//! Dependencies: `rust_decimal` (exact scores), `chrono` (dates), `thiserror` (the
//! error type), and optionally `serde` and `schemars`.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod assessment;
pub mod config;
pub mod error;
pub mod id;
mod math;
pub mod model;
pub mod portfolio;
pub mod ratings;
pub mod score;
pub mod trend;

pub use assessment::Assessment;
pub use config::{
    Band, Bands, MissingRatingPolicy, RequiredAction, ScoringConfig, TriggerRule, TriggerScope,
};
pub use error::{Error, Result};
pub use id::{DimensionId, FactorId, TriggerRuleId};
pub use math::SCORE_DECIMALS;
pub use model::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
pub use portfolio::{
    DimensionShift, Exposure, ExposureBase, ExposureLine, PortfolioReview, ProductFigures,
    ReviewConfig, RiskyProduct, exposure, review,
};
pub use ratings::Ratings;
pub use score::{
    AlertSubject, DimensionScore, Driver, FactorScore, ProductScore, RiskAlert, Scorer,
};
pub use trend::{DimensionTrend, ProductTrend, ScoreChange, TrendDirection, latest_two};

/// The README's examples, run as doctests so that they keep compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
