//! The one error type of folio-benefits.

use chrono::NaiveDate;
use folio_types::InitiativeId;

use crate::value::BenefitUnit;

/// Everything that can go wrong when building a benefits book or reviewing it.
///
/// Every variant names the offending initiative, checkpoint or field, so a message read
/// in a log is enough to find the bad input. The enum is `#[non_exhaustive]`: match on
/// the variants you handle and keep a catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from folio-types (an invalid id, a currency code, an overflow, ...).
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// Two business cases share one initiative id.
    #[error("duplicate business case for initiative \"{initiative}\"")]
    DuplicateInitiative {
        /// The repeated initiative id.
        initiative: InitiativeId,
    },

    /// A business case says the initiative launched before it was approved.
    #[error(
        "initiative \"{initiative}\": launch date {launched_on} is before approval date {approved_on}"
    )]
    LaunchBeforeApproval {
        /// The initiative.
        initiative: InitiativeId,
        /// The approval date given.
        approved_on: NaiveDate,
        /// The launch date given, which is earlier.
        launched_on: NaiveDate,
    },

    /// A business case lists no expected benefit at all, so there is nothing to realize.
    #[error("initiative \"{initiative}\": the business case has no checkpoints")]
    NoCheckpoints {
        /// The initiative.
        initiative: InitiativeId,
    },

    /// An expected benefit is below zero.
    #[error(
        "initiative \"{initiative}\" checkpoint {checkpoint}: expected benefit {value} is negative"
    )]
    NegativeExpected {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
        /// The rejected amount, as text.
        value: String,
    },

    /// A benefit is measured in another unit than the rest of its business case: another
    /// currency (money of different currencies never mixes) or another metric.
    #[error(
        "initiative \"{initiative}\" checkpoint {checkpoint}: {found} does not match the case's {expected}"
    )]
    UnitMismatch {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
        /// The unit of the business case (its first expected benefit).
        expected: BenefitUnit,
        /// The unit found.
        found: BenefitUnit,
    },

    /// A checkpoint's due date cannot be represented.
    #[error("initiative \"{initiative}\" checkpoint {checkpoint}: the due date is out of range")]
    DateOutOfRange {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
    },

    /// A realization refers to an initiative that has no business case.
    #[error("realization refers to unknown initiative \"{initiative}\"")]
    UnknownInitiative {
        /// The missing initiative id.
        initiative: InitiativeId,
    },

    /// A realization refers to a checkpoint the business case does not have.
    #[error(
        "initiative \"{initiative}\" has checkpoints 1..={checkpoints}, but a realization refers to checkpoint {checkpoint}"
    )]
    UnknownCheckpoint {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number given.
        checkpoint: u32,
        /// How many checkpoints the business case has.
        checkpoints: u32,
    },

    /// Two realizations were recorded for one checkpoint.
    #[error("initiative \"{initiative}\" checkpoint {checkpoint}: realization recorded twice")]
    DuplicateRealization {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
    },

    /// A realization is dated before its checkpoint is due: a benefit cannot be measured
    /// before the date it is measured at.
    #[error(
        "initiative \"{initiative}\" checkpoint {checkpoint}: recorded on {recorded_on}, before the checkpoint is due on {due_on}"
    )]
    RecordedBeforeDue {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
        /// The checkpoint's due date.
        due_on: NaiveDate,
        /// The recording date given, which is earlier.
        recorded_on: NaiveDate,
    },

    /// A root cause has no explanation text.
    #[error("initiative \"{initiative}\" checkpoint {checkpoint}: the root cause text is blank")]
    BlankRootCause {
        /// The initiative.
        initiative: InitiativeId,
        /// The checkpoint number (1-based).
        checkpoint: u32,
    },

    /// A checkpoint schedule is not usable.
    #[error("invalid checkpoint schedule: {problem}")]
    InvalidSchedule {
        /// What is wrong with it.
        problem: String,
    },

    /// A review policy holds a value outside its range.
    #[error("invalid policy: {field} is {value}, expected {expected}")]
    InvalidPolicy {
        /// The field, such as `"post_mortem_threshold"`.
        field: &'static str,
        /// The rejected value, as text.
        value: String,
        /// The accepted range.
        expected: &'static str,
    },

    /// A sum or ratio left the range of a decimal.
    #[error("arithmetic overflow while {operation} for {subject}")]
    Overflow {
        /// What was being computed, such as `"summing expected benefit"`.
        operation: &'static str,
        /// Whose numbers, such as `"initiative \"atlas-sso\""`.
        subject: String,
    },
}

/// The result type of folio-benefits.
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
        let initiative = InitiativeId::new("atlas-sso").unwrap();
        let cases = [
            (
                Error::DuplicateInitiative {
                    initiative: initiative.clone(),
                },
                "duplicate business case for initiative \"atlas-sso\"",
            ),
            (
                Error::UnknownCheckpoint {
                    initiative: initiative.clone(),
                    checkpoint: 9,
                    checkpoints: 8,
                },
                "initiative \"atlas-sso\" has checkpoints 1..=8, but a realization refers to checkpoint 9",
            ),
            (
                Error::Core(folio_types::Error::DivisionByZero { operation: "x" }),
                "division by zero while x",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }
}
