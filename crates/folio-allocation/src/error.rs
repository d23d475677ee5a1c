//! The one error type of folio-allocation.

use rust_decimal::Decimal;

use crate::constraint::Constraint;
use folio_types::InitiativeId;

/// Everything that can go wrong when building a portfolio or asking it a question.
///
/// Variants name the offending initiative, field or constraint, so that a message read
/// in a log is enough to find the bad input. The enum is `#[non_exhaustive]`: match on
/// the variants you handle and keep a catch-all arm.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{Error, Portfolio};
///
/// # let portfolio: Portfolio = serde_json::from_str(r#"{
/// #   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
/// #   "initiatives": [
/// #     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
/// #       "start": 0, "cost": [{ "money": "60" }], "value": { "source": "given", "npv": "90" } }
/// #   ]
/// # }"#)?;
/// let err = portfolio.value("zeta").unwrap_err();
/// assert!(matches!(&err, Error::UnknownInitiative { id } if id.as_str() == "zeta"));
/// assert_eq!(err.to_string(), r#"initiative "zeta" is not in the portfolio"#);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from folio-types (an invalid id, an overflow in a core type, ...).
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// An error from folio-roi while valuing a business case.
    #[error("initiative \"{initiative}\": valuing the business case: {source}")]
    Roi {
        /// The initiative whose business case failed.
        initiative: InitiativeId,
        /// What folio-roi reported.
        source: folio_roi::Error,
    },

    /// Two initiatives share an id.
    #[error("initiative \"{id}\" appears more than once")]
    DuplicateInitiative {
        /// The repeated id.
        id: InitiativeId,
    },

    /// An initiative depends on an initiative that is not in the portfolio.
    #[error(
        "initiative \"{initiative}\" depends on \"{prerequisite}\", which is not in the portfolio"
    )]
    UnknownPrerequisite {
        /// The dependent initiative.
        initiative: InitiativeId,
        /// The missing prerequisite.
        prerequisite: InitiativeId,
    },

    /// The dependencies form a cycle; the ids are listed in cycle order, starting from
    /// the smallest id.
    #[error("dependency cycle: {}", cycle_text(cycle))]
    DependencyCycle {
        /// The initiatives on the cycle, each depending on the next (the last depends on
        /// the first).
        cycle: Vec<InitiativeId>,
    },

    /// An amount is negative, or otherwise unusable, where it must not be.
    #[error("{context}: {value} is not allowed: {reason}")]
    InvalidAmount {
        /// Where the amount was found, such as `initiative "checkout" cost[2].money`.
        context: String,
        /// The rejected value.
        value: Decimal,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// A list has the wrong length (budgets and capacities have one entry per period).
    #[error("{context}: {found} entries, expected {expected} (one per period)")]
    LengthMismatch {
        /// Which list.
        context: String,
        /// The number of periods.
        expected: usize,
        /// The number of entries found.
        found: usize,
    },

    /// An initiative's timing does not fit the portfolio's periods or its own bounds.
    #[error("initiative \"{initiative}\": {problem}")]
    InvalidTiming {
        /// The initiative.
        initiative: InitiativeId,
        /// What is wrong, in words.
        problem: String,
    },

    /// An initiative uses a resource kind for which the portfolio has no capacity.
    #[error(
        "initiative \"{initiative}\" uses resource kind {kind:?}, which has no capacity in the portfolio"
    )]
    UnknownResourceKind {
        /// The initiative.
        initiative: InitiativeId,
        /// The unknown kind.
        kind: String,
    },

    /// The planned schedule starts an initiative before one of its prerequisites ends.
    #[error(
        "the plan starts \"{initiative}\" in period {start} before its prerequisite \"{prerequisite}\" finishes (period {prerequisite_finish})"
    )]
    PlanBreaksDependency {
        /// The dependent initiative.
        initiative: InitiativeId,
        /// Its planned start period (0-based index).
        start: usize,
        /// The prerequisite.
        prerequisite: InitiativeId,
        /// The first period after the prerequisite's last period.
        prerequisite_finish: usize,
    },

    /// The horizon-mix bounds are inconsistent.
    #[error("mix bounds: {problem}")]
    InvalidMix {
        /// What is wrong, in words.
        problem: String,
    },

    /// The portfolio's periods are empty or repeated.
    #[error("periods: {problem}")]
    InvalidPeriods {
        /// What is wrong, in words.
        problem: String,
    },

    /// An objective's key-result weights are invalid.
    #[error("objective {}: {problem}", folio_types::error::quote(.objective))]
    InvalidObjective {
        /// The objective.
        objective: String,
        /// What is wrong, in words.
        problem: String,
    },

    /// A scenario names an initiative that is not in the portfolio.
    #[error("initiative \"{id}\" is not in the portfolio")]
    UnknownInitiative {
        /// The unknown id.
        id: InitiativeId,
    },

    /// A scenario parameter is out of range.
    #[error("{parameter} {value} is not allowed: {reason}")]
    InvalidParameter {
        /// Which parameter, such as `"reduction share"`.
        parameter: &'static str,
        /// The rejected value, as text.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// No plan satisfies the request: what must be kept (mandates, protected
    /// initiatives and their prerequisites) already breaks `constraint`, by `excess`.
    #[error("infeasible: what must be kept breaks {constraint} by {excess}")]
    Infeasible {
        /// The constraint that binds.
        constraint: Constraint,
        /// By how much the kept set exceeds it (money or capacity units; for a mix
        /// bound, the share of spend).
        excess: Decimal,
    },

    /// A plan failed its exact re-check. This is a bug in folio-allocation; the plan
    /// is withheld rather than returned wrong.
    #[error("internal check failed: {what}")]
    CheckFailed {
        /// What the re-check found.
        what: String,
    },

    /// An arithmetic operation overflowed `Decimal`.
    #[error("overflow while {operation}")]
    Overflow {
        /// What was being computed.
        operation: &'static str,
    },
}

fn cycle_text(cycle: &[InitiativeId]) -> String {
    let mut text = String::new();
    for id in cycle.iter().chain(cycle.first()) {
        if !text.is_empty() {
            text.push_str(" -> ");
        }
        text.push_str(id.as_str());
    }
    text
}

/// The result type of folio-allocation.
///
/// ```
/// use folio_allocation::{Error, ResourceKind, Result};
///
/// fn kind(name: &str) -> Result<ResourceKind> {
///     Ok(ResourceKind::new(name)?)
/// }
/// assert_eq!(kind("engineering")?.to_string(), "engineering");
/// assert!(matches!(kind(""), Err(Error::Core(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn overflow(operation: &'static str) -> Error {
    Error::Overflow { operation }
}
