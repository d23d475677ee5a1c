//! The one error type of folio-okr.

use folio_core::{KeyResultId, NaiveDate};

use crate::model::{NodeId, RollupMethod};
use crate::validate::{Problem, Warning};

/// Everything that can go wrong when validating, compiling or rolling up an OKR
/// portfolio.
///
/// Every variant names the offending node or value. The enum is `#[non_exhaustive]`:
/// match on the variants you handle and keep a catch-all arm.
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

    /// A folio-core value was invalid or a checked operation failed.
    #[error(transparent)]
    Core(#[from] folio_core::Error),

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
        "key result {key_result:?} is rolled up from its contributors; its progress is not an input (override it instead)"
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
    #[error("key result {key_result:?} is a leaf: set its progress instead of overriding it")]
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
    #[error("{what} dated {date} names unknown key result {key_result:?}")]
    UnknownKeyResult {
        /// What named it: `"check-in"`, `"action"`, `"recovery plan"`, `"delivery item"`.
        what: &'static str,
        /// The key result named.
        key_result: KeyResultId,
        /// The date of the record.
        date: NaiveDate,
    },

    /// A check-in is dated outside the tracked period or after `as_of`.
    #[error("check-in for key result {key_result:?} dated {date} is outside {allowed}")]
    CheckInOutOfRange {
        /// The key result.
        key_result: KeyResultId,
        /// The check-in's date.
        date: NaiveDate,
        /// The range it had to fall in, as text (`"the period 2026-Q1"`, `"the dates on or before 2026-02-01"`).
        allowed: String,
    },

    /// Two check-ins for one key result on one day.
    #[error("two check-ins for key result {key_result:?} on {date}")]
    DuplicateCheckIn {
        /// The key result.
        key_result: KeyResultId,
        /// The day.
        date: NaiveDate,
    },

    /// A key result's check-ins mix metric values and milestone done flags.
    #[error(
        "check-in for key result {key_result:?} on {date} mixes a metric value and a milestone flag"
    )]
    MixedReadings {
        /// The key result.
        key_result: KeyResultId,
        /// The first check-in whose kind differs from the earlier ones.
        date: NaiveDate,
    },

    /// A check-in reports a value for a milestone, or a done flag for a metric target.
    #[error("check-in for key result {key_result:?} on {date} must report {expected}")]
    WrongReading {
        /// The key result.
        key_result: KeyResultId,
        /// The check-in's date.
        date: NaiveDate,
        /// What it must report: `"a value"` or `"a done flag"`.
        expected: &'static str,
    },

    /// Measuring progress against a key result's metric target failed.
    #[error("measuring key result {key_result:?} against its target: {source}")]
    Target {
        /// The key result.
        key_result: KeyResultId,
        /// What folio-metrics reported.
        source: folio_metrics::Error,
    },

    /// Two recovery plans for one key result.
    #[error("two recovery plans for key result {key_result:?}")]
    DuplicateRecoveryPlan {
        /// The key result.
        key_result: KeyResultId,
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

#[cfg(test)]
mod tests {
    use folio_core::ObjectiveId;

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
