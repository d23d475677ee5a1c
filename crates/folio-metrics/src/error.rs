//! The one error type of folio-metrics.

use chrono::NaiveDate;
use folio_types::{MetricId, ProductId};

/// Everything that can go wrong when defining metrics, setting targets, aggregating
/// observations, computing KPIs or evaluating trigger rules.
///
/// Every variant names the offending metric, product, rule or field, so a message read
/// in a log is enough to find the bad input. Errors from folio-types (an invalid id, an
/// overflow, a division by zero) arrive wrapped in [`Error::Core`]. The enum is
/// `#[non_exhaustive]`: match on the variants you handle and keep a catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from folio-types: an invalid id or period, an overflow, a division by
    /// zero, a duplicate date in a series.
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// A metric definition is malformed: an empty name, a combine rule that refers to
    /// the metric itself, ...
    #[error("invalid definition of metric \"{metric}\": {field} {problem}")]
    InvalidDefinition {
        /// The metric being defined.
        metric: MetricId,
        /// The offending field, such as `"name"`.
        field: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },

    /// A definition combines values in a way its unit forbids, such as summing a
    /// percentage or averaging a score without its base.
    #[error("metric \"{metric}\": cannot {combine} a {unit} metric across products: {reason}")]
    ForbiddenCombination {
        /// The metric.
        metric: MetricId,
        /// The combine rule asked for, such as `"sum"`.
        combine: &'static str,
        /// The metric's unit, such as `"percent"`.
        unit: &'static str,
        /// Why the combination is meaningless, and what to use instead.
        reason: &'static str,
    },

    /// A catalog received a second, different definition of a metric it already holds.
    #[error(
        "metric \"{metric}\" is defined twice, differently ({differs_in}): {} and {}", folio_types::error::quote(.first_name), folio_types::error::quote(.second_name)
    )]
    ConflictingDefinition {
        /// The metric defined twice.
        metric: MetricId,
        /// The name given by the definition already in the catalog.
        first_name: String,
        /// The name given by the rejected definition.
        second_name: String,
        /// The fields in which the two definitions differ, comma-separated.
        differs_in: String,
    },

    /// A metric id is referred to but not defined.
    #[error("{referrer} refers to unknown metric \"{metric}\"")]
    UnknownMetric {
        /// The missing metric.
        metric: MetricId,
        /// Who refers to it, such as `"the base of metric \"nps\""`.
        referrer: String,
    },

    /// An input that needs at least one value had none.
    #[error("no {what} to compute {computing} from")]
    Empty {
        /// What was missing, such as `"product values"`.
        what: &'static str,
        /// What was being computed, such as `"metric \"arr\""`.
        computing: String,
    },

    /// A product's reading has the wrong shape for the metric's combine rule, e.g. a
    /// plain value where a weighted mean needs the value together with its base.
    #[error("metric \"{metric}\", product \"{product}\": expected {expected}")]
    ReadingMismatch {
        /// The metric being aggregated.
        metric: MetricId,
        /// The product whose reading does not fit.
        product: ProductId,
        /// The shape the combine rule needs.
        expected: &'static str,
    },

    /// A product appears twice in one cross-product aggregation.
    #[error("metric \"{metric}\": product \"{product}\" has two values in one aggregation")]
    DuplicateProduct {
        /// The metric being aggregated.
        metric: MetricId,
        /// The repeated product.
        product: ProductId,
    },

    /// A base, denominator, count or other quantity that cannot be negative was.
    #[error("{field} {value} must not be negative{context}")]
    Negative {
        /// The field, such as `"base"`.
        field: &'static str,
        /// The rejected value.
        value: String,
        /// Where it came from, such as `" (metric \"nps\", product \"atlas\")"`.
        context: String,
    },

    /// A denominator was zero where the computation has no honest answer.
    #[error("{what} is zero: cannot compute {computing}")]
    ZeroDenominator {
        /// The zero quantity, such as `"the sum of bases"`.
        what: &'static str,
        /// What was being computed.
        computing: String,
    },

    /// Under the `last` rule, two products report different values on the latest date,
    /// so "the last value" is ambiguous.
    #[error(
        "metric \"{metric}\": products \"{first}\" and \"{second}\" both report the latest value on {date}, and they differ"
    )]
    AmbiguousLast {
        /// The metric.
        metric: MetricId,
        /// The latest date.
        date: NaiveDate,
        /// One product with a reading on that date.
        first: ProductId,
        /// Another product with a different reading on that date.
        second: ProductId,
    },

    /// A target contradicts itself: a target equal to its baseline, a decrease target
    /// above its baseline, a range whose low end is above its high end.
    #[error("contradictory target for metric \"{metric}\": {problem}")]
    ContradictoryTarget {
        /// The metric the target is for.
        metric: MetricId,
        /// The contradiction.
        problem: String,
    },

    /// A value is outside the domain a computation accepts, such as an NPS response
    /// above 10 or a milestone value other than 0 or 1.
    #[error("invalid {field} {value}: {problem}")]
    InvalidValue {
        /// The field, such as `"NPS response"`.
        field: &'static str,
        /// The rejected value, as text.
        value: String,
        /// The accepted domain.
        problem: &'static str,
    },

    /// A product has two values of one metric on one date.
    #[error("metric \"{metric}\", product \"{product}\" has two values on {date}")]
    DuplicateObservation {
        /// The metric.
        metric: MetricId,
        /// The product.
        product: ProductId,
        /// The date observed twice.
        date: NaiveDate,
    },

    /// A computation needs a value that was not observed, such as the base of a
    /// weighted mean for a product that reports the value itself.
    #[error("no value of metric \"{metric}\" for product \"{product}\" in {period}")]
    MissingObservation {
        /// The metric lacking a value.
        metric: MetricId,
        /// The product.
        product: ProductId,
        /// The period looked in.
        period: folio_types::Period,
    },

    /// Two trigger rules share one id.
    #[error("duplicate trigger rule {}", folio_types::error::quote(.rule))]
    DuplicateRule {
        /// The repeated rule id.
        rule: String,
    },

    /// A trigger rule is malformed.
    #[error("invalid trigger rule {}: {problem}", folio_types::error::quote(.rule))]
    InvalidRule {
        /// The rule id.
        rule: String,
        /// What is wrong with it.
        problem: &'static str,
    },
}

/// The result type of folio-metrics.
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
    fn core_errors_pass_through_unchanged() {
        let core = folio_types::Error::Overflow {
            operation: "adding values",
        };
        assert_eq!(Error::from(core.clone()).to_string(), core.to_string());
    }
}
