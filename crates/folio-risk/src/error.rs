//! The one error type of folio-risk.

use chrono::NaiveDate;
use folio_types::{Currency, ProductId};

use crate::id::{DimensionId, FactorId, TriggerRuleId};

/// Everything that can go wrong when building a risk model or configuration, scoring an
/// assessment or aggregating a portfolio.
///
/// Every variant names the offending id, field or value, so a message read in a log is
/// enough to find the bad input. The enum is `#[non_exhaustive]`: match on the variants
/// you handle and keep a catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A folio-types value was invalid (an id, a rating out of range) or a checked
    /// computation overflowed.
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// A risk model has no dimensions.
    #[error("the risk model has no dimensions")]
    EmptyModel,

    /// A dimension has no factors, so it could never be rated.
    #[error("dimension \"{dimension}\" has no factors")]
    EmptyDimension {
        /// The dimension without factors.
        dimension: DimensionId,
    },

    /// Two dimensions of a model share one id.
    #[error("duplicate dimension \"{dimension}\"")]
    DuplicateDimension {
        /// The repeated id.
        dimension: DimensionId,
    },

    /// Two factors of a model share one id (factor ids are unique across the whole model,
    /// so that an assessment can rate a factor by its id alone).
    #[error(
        "duplicate factor \"{factor}\" (in dimension \"{first}\" and in dimension \"{second}\")"
    )]
    DuplicateFactor {
        /// The repeated id.
        factor: FactorId,
        /// The dimension of the first occurrence, in id order.
        first: DimensionId,
        /// The dimension of the second occurrence (may equal `first`).
        second: DimensionId,
    },

    /// A set of weights that must be divided by its sum is all zero.
    #[error("all weights of {scope} are zero")]
    ZeroWeights {
        /// Which weights, such as `"the dimensions"` or `"the factors of dimension \"market\""`.
        scope: String,
    },

    /// An assessment rates a factor that the model does not define.
    #[error("assessment of product \"{product}\" on {date} rates unknown factor \"{factor}\"")]
    UnknownFactor {
        /// The assessed product.
        product: ProductId,
        /// The assessment date.
        date: NaiveDate,
        /// The factor the model does not know.
        factor: FactorId,
    },

    /// An assessment leaves a factor unrated and the policy is
    /// [`MissingRatingPolicy::Error`](crate::MissingRatingPolicy::Error).
    #[error(
        "assessment of product \"{product}\" on {date} has no rating for factor \"{factor}\" of dimension \"{dimension}\""
    )]
    MissingRating {
        /// The assessed product.
        product: ProductId,
        /// The assessment date.
        date: NaiveDate,
        /// The dimension of the unrated factor.
        dimension: DimensionId,
        /// The unrated factor.
        factor: FactorId,
    },

    /// After excluding unrated factors, nothing with a positive weight is left to score.
    #[error("assessment of product \"{product}\" on {date} rates no factor that counts")]
    NothingRated {
        /// The assessed product.
        product: ProductId,
        /// The assessment date.
        date: NaiveDate,
    },

    /// An assessment lists the same factor twice.
    #[error("factor \"{factor}\" is rated twice")]
    DuplicateRating {
        /// The factor rated twice.
        factor: FactorId,
    },

    /// Two assessments of one product carry the same date.
    #[error("product \"{product}\" has two assessments dated {date}")]
    DuplicateAssessment {
        /// The product assessed twice.
        product: ProductId,
        /// The repeated date.
        date: NaiveDate,
    },

    /// Band cut points are not strictly increasing (medium < high < critical).
    #[error(
        "band cut points must increase strictly: medium {medium}, high {high}, critical {critical}"
    )]
    InvalidBands {
        /// The lowest score in the medium band.
        medium: folio_types::RiskRating,
        /// The lowest score in the high band.
        high: folio_types::RiskRating,
        /// The lowest score in the critical band.
        critical: folio_types::RiskRating,
    },

    /// A text field that must say something is empty or blank.
    #[error("{field} must not be empty or blank")]
    EmptyText {
        /// The field, such as `"required action plan"`.
        field: &'static str,
    },

    /// Two trigger rules share one id.
    #[error("duplicate trigger rule \"{rule}\"")]
    DuplicateRule {
        /// The repeated id.
        rule: TriggerRuleId,
    },

    /// A trigger rule watches a dimension that the model does not define.
    #[error("trigger rule \"{rule}\" watches unknown dimension \"{dimension}\"")]
    UnknownDimension {
        /// The rule.
        rule: TriggerRuleId,
        /// The dimension the model does not know.
        dimension: DimensionId,
    },

    /// A product appears twice where it must appear once (two scores or two sets of
    /// figures for one product in a portfolio).
    #[error("product \"{product}\" appears twice in {context}")]
    DuplicateProduct {
        /// The repeated product.
        product: ProductId,
        /// Where it was repeated, such as `"the product figures"`.
        context: &'static str,
    },

    /// A scored product has no figure for the chosen exposure base.
    #[error("product \"{product}\" has no {base} figure for the exposure base")]
    MissingBase {
        /// The product without a figure.
        product: ProductId,
        /// The chosen base, such as `"revenue"`.
        base: &'static str,
    },

    /// A product's figure for the exposure base is negative.
    #[error("product \"{product}\" has a negative {base} figure {amount}")]
    NegativeBase {
        /// The product.
        product: ProductId,
        /// The chosen base.
        base: &'static str,
        /// The negative amount, as text.
        amount: String,
    },

    /// Products' base figures are in different currencies.
    #[error("product \"{product}\" has its {base} in {found}, but the portfolio is in {expected}")]
    MixedCurrencies {
        /// The first product (in id order) whose currency differs.
        product: ProductId,
        /// The chosen base.
        base: &'static str,
        /// The currency of the first product in id order.
        expected: Currency,
        /// The differing currency.
        found: Currency,
    },

    /// The exposure base sums to zero over the scored products, so no weighted mean
    /// exists.
    #[error("the {base} figures of the scored products sum to zero")]
    ZeroBase {
        /// The chosen base.
        base: &'static str,
    },

    /// Two scores of different products were compared as one product's trend.
    #[error("cannot compare product \"{current}\" with an assessment of product \"{previous}\"")]
    ProductMismatch {
        /// The product of the current score.
        current: ProductId,
        /// The product of the previous score.
        previous: ProductId,
    },

    /// A previous assessment is not dated before the current one.
    #[error(
        "the previous assessment of product \"{product}\" ({previous}) is not before the current one ({current})"
    )]
    NotBefore {
        /// The product.
        product: ProductId,
        /// The date of the current assessment.
        current: NaiveDate,
        /// The date of the supposedly previous assessment.
        previous: NaiveDate,
    },

    /// A portfolio review was asked for, but no assessment is dated on or before `as_of`.
    #[error("no assessment is dated on or before {as_of}")]
    NoAssessments {
        /// The review date.
        as_of: NaiveDate,
    },
}

/// The result type of folio-risk.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_sync_and_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_name_the_offending_ids() {
        let product = ProductId::new("atlas").unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let e = Error::MissingRating {
            product,
            date,
            dimension: DimensionId::new("market").unwrap(),
            factor: FactorId::new("churn_signals").unwrap(),
        };
        assert_eq!(
            e.to_string(),
            "assessment of product \"atlas\" on 2026-09-30 has no rating for factor \
             \"churn_signals\" of dimension \"market\""
        );
        let core = Error::from(folio_types::Error::Overflow {
            operation: "scoring",
        });
        assert_eq!(core.to_string(), "arithmetic overflow while scoring");
    }
}
