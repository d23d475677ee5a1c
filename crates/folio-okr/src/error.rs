//! The one error type of folio-okr.
//!
//! ```
//! # use folio_okr::{OkrGraph, PortfolioData};
//! # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
//! #   "policy": { "method": "weighted" },
//! #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
//! #   "key_results": [
//! #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
//! #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
//! #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
//! #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
//! #       "contributes_to": [{ "to": { "objective": "grow" } }] }
//! #   ]
//! # }"#)?)?;
//! use folio_okr::{Error, NodeId, ProgressInputs};
//! use folio_types::{KeyResultId, Progress};
//!
//! // Progress for a key result the portfolio does not have.
//! let inputs = ProgressInputs::new([
//!     (KeyResultId::new("arr")?, Progress::ZERO),
//!     (KeyResultId::new("nps")?, Progress::ZERO),
//!     (KeyResultId::new("churn")?, Progress::ZERO),
//! ]);
//! let err = graph.rollup(&inputs).unwrap_err();
//! assert_eq!(err, Error::UnknownNode { node: NodeId::from(KeyResultId::new("churn")?) });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use folio_types::{Decimal, KeyResultId, MetricId, NaiveDate, OwnerId, ProductId};

use crate::model::{NodeId, RollupMethod};
use crate::validate::{Problem, Warning};

/// Everything that can go wrong when validating, compiling or rolling up an OKR
/// portfolio.
///
/// Every variant names the offending node or value. The enum is `#[non_exhaustive]`:
/// match on the variants you handle and keep a catch-all arm.
///
/// ```
/// use folio_okr::{Error, OkrGraph, PortfolioData, Problem};
///
/// // An initiative key result two tiers below its portfolio objective.
/// let data: PortfolioData = serde_json::from_str(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
///   "key_results": [
///     { "id": "arr", "name": "ARR", "tier": "initiative", "owner": "ana", "product": "atlas",
///       "contributes_to": [{ "to": { "objective": "grow" } }] }
///   ]
/// }"#)?;
/// match OkrGraph::new(data) {
///     Err(Error::Invalid { problems, .. }) => {
///         assert!(matches!(problems.as_slice(), [Problem::Tier { .. }]));
///     }
///     other => panic!("expected Error::Invalid, got {other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The portfolio failed validation. `problems` lists every problem found, sorted
    /// and without repeats; `warnings` lists what was found besides.
    #[error("invalid OKR portfolio: {} problem(s){}", problems.len(), first_problem(problems))]
    Invalid {
        /// Every problem, sorted.
        problems: Vec<Problem>,
        /// Every warning, sorted.
        warnings: Vec<Warning>,
    },

    /// A CSV edge list that cannot be read ([`crate::csv`], feature `csv`): the 1-based
    /// line, the column where one is at fault, and what is wrong.
    #[cfg(feature = "csv")]
    #[error("CSV line {line}{}: {problem}", column.as_ref().map(|c| format!(", column {c:?}")).unwrap_or_default())]
    Csv {
        /// The 1-based line (the header is line 1).
        line: u64,
        /// The column at fault, by its header name.
        column: Option<String>,
        /// What is wrong.
        problem: crate::csv::CsvProblem,
    },

    /// A JSON document that does not parse as its type ([`crate::json::load`], feature
    /// `serde`): which document (`"portfolio"` or `"inputs"`) and `serde_json`'s message,
    /// which names the line and column.
    #[cfg(feature = "serde")]
    #[error("the {document} JSON does not parse: {message}")]
    Json {
        /// `"portfolio"` or `"inputs"`.
        document: &'static str,
        /// `serde_json`'s message.
        message: String,
    },

    /// A folio-types value was invalid or a checked operation failed.
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// An engine of one method was asked to roll up a portfolio that chose another.
    #[error("the portfolio rolls up by the {portfolio} method; a {engine} engine cannot mix in")]
    MethodMismatch {
        /// The portfolio's method.
        portfolio: RollupMethod,
        /// The engine's method.
        engine: RollupMethod,
    },

    /// An input names a node the graph does not have.
    #[error("unknown {node}")]
    UnknownNode {
        /// The node named.
        node: NodeId,
    },

    /// Progress was given for a key result that is rolled up from its own contributors.
    #[error(
        "key result {:?} is rolled up from its contributors; its progress is not an input (override it instead)", key_result.as_str()
    )]
    NotALeaf {
        /// The key result.
        key_result: KeyResultId,
    },

    /// Leaf key results without progress.
    #[error("no progress given for {} leaf key result(s), first {:?}", key_results.len(), key_results.first().map(KeyResultId::as_str).unwrap_or_default())]
    MissingProgress {
        /// Every leaf key result without progress, in id order.
        key_results: Vec<KeyResultId>,
    },

    /// Leaf key results without a confidence, for the status roll-up.
    #[error("no confidence given for {} leaf key result(s), first {:?}", key_results.len(), key_results.first().map(KeyResultId::as_str).unwrap_or_default())]
    MissingConfidence {
        /// Every leaf key result without a confidence, in id order.
        key_results: Vec<KeyResultId>,
    },

    /// An override names a leaf key result, whose progress is an input, not computed.
    #[error("key result {:?} is a leaf: set its progress instead of overriding it", key_result.as_str())]
    OverrideOfInput {
        /// The leaf key result.
        key_result: KeyResultId,
    },

    /// Two overrides name the same node.
    #[error("two overrides for {node}")]
    DuplicateOverride {
        /// The node.
        node: NodeId,
    },

    /// The weights of a node's contributors sum to zero, so no weighted mean exists.
    #[error("the contribution weights of {node} sum to zero")]
    ZeroTotalWeight {
        /// The node.
        node: NodeId,
    },

    /// A say-do rollup found no key results to count under a node.
    #[error("{node} has no key results to count")]
    NoKeyResults {
        /// The node.
        node: NodeId,
    },

    /// A checked arithmetic operation overflowed while rolling up a node.
    #[error("arithmetic overflow while {operation} for {node}")]
    Overflow {
        /// The node being computed.
        node: NodeId,
        /// What was being computed.
        operation: &'static str,
    },

    /// A node index does not belong to the compiled plan it was used with.
    #[error("node index {index} is outside the compiled plan of {len} nodes")]
    IndexOutOfPlan {
        /// The index used.
        index: usize,
        /// The number of nodes in the plan.
        len: usize,
    },

    /// A check-in, action, plan or delivery item names a key result the graph does not
    /// have.
    #[error("{what} dated {date} names unknown key result {:?}", key_result.as_str())]
    UnknownKeyResult {
        /// What named it: `"check-in"`, `"action"`, `"recovery plan"`, `"delivery item"`.
        what: &'static str,
        /// The key result named.
        key_result: KeyResultId,
        /// The date of the record.
        date: NaiveDate,
    },

    /// A check-in is dated outside the tracked period or after `as_of`.
    #[error("check-in for key result {:?} dated {date} is outside {allowed}", key_result.as_str())]
    CheckInOutOfRange {
        /// The key result.
        key_result: KeyResultId,
        /// The check-in's date.
        date: NaiveDate,
        /// The range it had to fall in, as text (`"the period 2026-Q1"`, `"the dates on or before 2026-02-01"`).
        allowed: String,
    },

    /// Two check-ins for one key result on one day.
    #[error("two check-ins for key result {:?} on {date}", key_result.as_str())]
    DuplicateCheckIn {
        /// The key result.
        key_result: KeyResultId,
        /// The day.
        date: NaiveDate,
    },

    /// A key result's check-ins mix metric values and milestone done flags.
    #[error(
        "check-in for key result {:?} on {date} mixes a metric value and a milestone flag", key_result.as_str()
    )]
    MixedReadings {
        /// The key result.
        key_result: KeyResultId,
        /// The first check-in whose kind differs from the earlier ones.
        date: NaiveDate,
    },

    /// A check-in reports a value for a milestone, or a done flag for a metric target.
    #[error("check-in for key result {:?} on {date} must report {expected}", key_result.as_str())]
    WrongReading {
        /// The key result.
        key_result: KeyResultId,
        /// The check-in's date.
        date: NaiveDate,
        /// What it must report: `"a value"` or `"a done flag"`.
        expected: &'static str,
    },

    /// Measuring progress against a key result's metric target failed.
    #[error("measuring key result {:?} against its target: {source}", key_result.as_str())]
    Target {
        /// The key result.
        key_result: KeyResultId,
        /// What folio-metrics reported.
        source: folio_metrics::Error,
    },

    /// A progress rollup was asked of a KPI portfolio, whose values are metric
    /// readings: roll it up with [`OkrGraph::rollup_kpi`](crate::OkrGraph::rollup_kpi).
    #[error(
        "the portfolio rolls up by the KPI method: roll it up from metric readings, not progress"
    )]
    NeedsMetricReadings,

    /// KPI rollup: leaf key results without a metric reading.
    #[error("no metric reading given for {} leaf key result(s), first {:?}", key_results.len(), key_results.first().map(KeyResultId::as_str).unwrap_or_default())]
    MissingReadings {
        /// Every leaf key result without a reading, in id order.
        key_results: Vec<KeyResultId>,
    },

    /// KPI rollup: a node has no metric target (validation reports this for KPI
    /// portfolios; the error covers plans used outside their graph).
    #[error("{node} has no metric target, which a KPI rollup needs")]
    MissingTarget {
        /// The node.
        node: NodeId,
    },

    /// KPI rollup: the metric catalog rejected a node's target (an unknown metric, a
    /// goal the metric's direction contradicts), or measuring progress failed.
    #[error("the metric target of {node}: {source}")]
    Metric {
        /// The node.
        node: NodeId,
        /// What folio-metrics reported.
        source: folio_metrics::Error,
    },

    /// KPI rollup: a reading's shape does not fit its metric's combine rule.
    #[error("the reading of key result {:?} for metric {:?} must be {expected}", key_result.as_str(), metric.as_str())]
    ReadingShape {
        /// The key result.
        key_result: KeyResultId,
        /// Its metric.
        metric: MetricId,
        /// The shape the combine rule needs.
        expected: &'static str,
    },

    /// KPI rollup: a reading's base or denominator is negative.
    #[error("the reading of key result {:?} has a negative {field} ({value})", key_result.as_str())]
    NegativeReading {
        /// The key result.
        key_result: KeyResultId,
        /// `"base"` or `"denominator"`.
        field: &'static str,
        /// The value given.
        value: Decimal,
    },

    /// KPI rollup: a node's aggregate has no value, such as a weighted mean whose bases
    /// sum to zero, or a leaf fraction with a zero denominator.
    #[error("{node} has no metric value: {what} is zero")]
    UndefinedAggregate {
        /// The node.
        node: NodeId,
        /// What is zero: `"the sum of bases"`, `"the sum of denominators"`.
        what: &'static str,
    },

    /// KPI rollup of a `last` metric: two key results share the latest date but
    /// disagree on the value, so no value is the latest.
    #[error("{node}: key results {:?} and {:?} both report the latest value on {date}, and they differ", first.as_str(), second.as_str())]
    AmbiguousLast {
        /// The node.
        node: NodeId,
        /// The latest date.
        date: NaiveDate,
        /// The first key result on that date, in plan order.
        first: KeyResultId,
        /// One that disagrees with it.
        second: KeyResultId,
    },

    /// Two recovery plans for one key result.
    #[error("two recovery plans for key result {:?}", key_result.as_str())]
    DuplicateRecoveryPlan {
        /// The key result.
        key_result: KeyResultId,
    },

    /// A capacity drain with a negative planned or available amount.
    #[error("the capacity drain of product {:?} has a negative {field} ({value})", product.as_str())]
    NegativeCapacity {
        /// The drained product.
        product: ProductId,
        /// `"planned"` or `"available"`.
        field: &'static str,
        /// The value given.
        value: Decimal,
    },

    /// An owner calibration that [`calibration`](fn@crate::tracking::calibration) could not
    /// have computed.
    #[error("the calibration of owner {:?} has an invalid {field}: {problem}", owner.as_str())]
    InvalidCalibration {
        /// The owner.
        owner: OwnerId,
        /// The offending field, such as `"bias"`.
        field: &'static str,
        /// What is wrong, with the values involved.
        problem: String,
    },
}

fn first_problem(problems: &[Problem]) -> String {
    problems
        .first()
        .map(|p| format!("; first: {p}"))
        .unwrap_or_default()
}

/// The result type of folio-okr.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An [`InvalidSetting`](folio_types::Error::InvalidSetting) error for `setting`.
pub(crate) fn invalid_setting(
    setting: &'static str,
    field: &'static str,
    problem: String,
) -> crate::error::Error {
    crate::error::Error::Core(folio_types::Error::InvalidSetting {
        setting,
        field,
        problem,
    })
}

#[cfg(test)]
mod tests {
    use folio_types::ObjectiveId;

    use super::*;

    #[test]
    fn errors_are_send_sync_and_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_name_the_offending_node() {
        let node = NodeId::Objective(ObjectiveId::new("grow").unwrap());
        let cases = [
            (
                Error::ZeroTotalWeight { node: node.clone() },
                "the contribution weights of objective \"grow\" sum to zero",
            ),
            (
                Error::MissingProgress {
                    key_results: vec![KeyResultId::new("kr-1").unwrap()],
                },
                "no progress given for 1 leaf key result(s), first \"kr-1\"",
            ),
            (
                Error::Invalid {
                    problems: vec![Problem::NoContributors {
                        objective: ObjectiveId::new("grow").unwrap(),
                    }],
                    warnings: vec![],
                },
                "invalid OKR portfolio: 1 problem(s); first: objective \"grow\" has no contributors it counts",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }
}
