//! The JSON schema of [`ProductScore`](super::ProductScore): the shape its serialize
//! impl writes (every line with its ids and weights written out), described by the
//! owned types the explanation had before it became compact, so that the published
//! schema stays the same. These types only describe; nothing builds them.
// Only the derived schema of these types is used.
#![allow(dead_code)]

use std::borrow::Cow;

use chrono::NaiveDate;
use folio_types::{ProductId, Ratio, RiskRating, Weight};
use rust_decimal::Decimal;

use crate::config::Band;
use crate::id::{DimensionId, FactorId};
use crate::score::RiskAlert;

impl schemars::JsonSchema for super::ProductScore {
    fn schema_name() -> Cow<'static, str> {
        ProductScore::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        ProductScore::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ProductScore::json_schema(generator)
    }

    fn inline_schema() -> bool {
        ProductScore::inline_schema()
    }
}

/// One factor's line in the explanation of a score.
#[derive(schemars::JsonSchema)]
pub(super) struct FactorScore {
    /// The factor.
    pub(super) factor: FactorId,
    /// Its weight within the dimension, from the model.
    pub(super) weight: Weight,
    /// Its rating; `None` if the assessment left it out (and the policy allowed that).
    pub(super) rating: Option<RiskRating>,
    /// `weight / Σ weight` over the dimension's rated factors; 0 if unrated.
    pub(super) share: Ratio,
    /// `share · rating`: the part of the dimension score this factor accounts for.
    pub(super) contribution: Decimal,
    /// `dimension share · share · (rating − 1)`: how far this factor raises the product
    /// score above 1.
    pub(super) lift: Decimal,
}

/// One dimension's line in the explanation of a score.
#[derive(schemars::JsonSchema)]
pub(super) struct DimensionScore {
    /// The dimension.
    pub(super) dimension: DimensionId,
    /// Its weight among the dimensions, from the model.
    pub(super) weight: Weight,
    /// `weight / Σ weight` over the scored dimensions; 0 if the dimension was left out.
    pub(super) share: Ratio,
    /// The dimension's score, rounded; `None` if no factor of positive weight was rated.
    pub(super) score: Option<RiskRating>,
    /// The band of the dimension's score.
    pub(super) band: Option<Band>,
    /// `share · score`: the part of the product score this dimension accounts for.
    pub(super) contribution: Decimal,
    /// The factors, in id order.
    pub(super) factors: Vec<FactorScore>,
}

/// A factor that drives a product's risk score up.
#[derive(schemars::JsonSchema)]
pub(super) struct Driver {
    /// The factor's dimension.
    pub(super) dimension: DimensionId,
    /// The factor.
    pub(super) factor: FactorId,
    /// Its rating.
    pub(super) rating: RiskRating,
    /// How far it raises the product score above 1 (see [`FactorScore::lift`]).
    pub(super) lift: Decimal,
}

/// The scored assessment of one product, with its full explanation.
#[derive(schemars::JsonSchema)]
#[schemars(description = "The scored assessment of one product, with its full explanation.")]
pub(super) struct ProductScore {
    /// The product.
    pub(super) product: ProductId,
    /// The date of the assessment.
    pub(super) date: NaiveDate,
    /// The weighted score, rounded to [`SCORE_DECIMALS`](crate::SCORE_DECIMALS) places.
    pub(super) score: RiskRating,
    /// The band of the score.
    pub(super) band: Band,
    /// Every dimension of the model, in id order.
    pub(super) dimensions: Vec<DimensionScore>,
    /// The factors with the largest positive lift, largest first, at most
    /// [`ScoringConfig::top_drivers()`].
    pub(super) drivers: Vec<Driver>,
    /// The trigger rules that fired, in rule id order (and dimension id order within an
    /// [`TriggerScope::AnyDimension`] rule).
    pub(super) alerts: Vec<RiskAlert>,
}
