//! The one error type of folio-types.

use chrono::NaiveDate;

use crate::money::Currency;

/// Everything that can go wrong when building or combining folio-types values.
///
/// Every variant names the offending value (and, where there is one, the kind of thing
/// it was meant to be), so a message read in a log is enough to find the bad input.
/// The enum is `#[non_exhaustive]`: match on the variants you handle and keep a
/// catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An identifier is empty, padded with white space, too long or holds a control
    /// character.
    #[error("invalid {kind} {value:?}: {problem}")]
    InvalidId {
        /// The kind of id, such as `"product id"`.
        kind: &'static str,
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        problem: IdProblem,
    },

    /// A bounded number (confidence, weight, progress, risk rating, ...) lies outside
    /// its range.
    #[error("{quantity} {value} is outside {range}")]
    OutOfRange {
        /// What the number was meant to be, such as `"confidence"`.
        quantity: &'static str,
        /// The rejected value, as text.
        value: String,
        /// The accepted range, such as `"0..=1"`.
        range: &'static str,
    },

    /// Text meant to be a bounded number (confidence, weight, progress, risk rating,
    /// ratio) is not a plain decimal number such as `"0.7"`.
    #[error("invalid {quantity} {value:?}: expected a decimal number such as \"0.7\"")]
    InvalidNumber {
        /// What the number was meant to be, such as `"confidence"`.
        quantity: &'static str,
        /// The rejected text.
        value: String,
    },

    /// A currency code is not three ASCII capital letters.
    #[error("invalid currency code {value:?}: expected three capital letters such as \"EUR\"")]
    InvalidCurrency {
        /// The rejected text.
        value: String,
    },

    /// Two amounts in different currencies were added, subtracted or compared.
    #[error("cannot {operation} {left} and {right} amounts: currencies differ")]
    CurrencyMismatch {
        /// The operation attempted, such as `"add"`.
        operation: &'static str,
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },

    /// A checked arithmetic operation overflowed the range of its type.
    #[error("arithmetic overflow while {operation}")]
    Overflow {
        /// What was being computed, such as `"adding money"`.
        operation: &'static str,
    },

    /// A division had a zero divisor.
    #[error("division by zero while {operation}")]
    DivisionByZero {
        /// What was being computed, such as `"computing a ratio"`.
        operation: &'static str,
    },

    /// A period could not be built or parsed.
    #[error("invalid period {value:?}: {problem}")]
    InvalidPeriod {
        /// The rejected period, as text.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
    },

    /// A custom period ends before it starts.
    #[error("inverted period: end {end} is before start {start}")]
    InvertedPeriod {
        /// The first day given.
        start: NaiveDate,
        /// The last day given, which is before `start`.
        end: NaiveDate,
    },

    /// A date computation left the range of dates that can be represented.
    #[error("date out of range while {operation}")]
    DateOutOfRange {
        /// What was being computed, such as `"finding the next quarter"`.
        operation: &'static str,
    },

    /// A series received two observations for the same date.
    #[error("duplicate observation for {date} in a series")]
    DuplicateDate {
        /// The date that appears twice.
        date: NaiveDate,
    },

    /// Two records of the same kind share one id.
    #[error("duplicate {kind} {id:?}")]
    DuplicateId {
        /// The kind of record, such as `"product"`.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },

    /// A record refers to an id that is not defined.
    #[error("{referrer} refers to unknown {kind} {id:?}")]
    UnknownId {
        /// The kind of id that is missing, such as `"product line"`.
        kind: &'static str,
        /// The missing id.
        id: String,
        /// Who holds the reference, such as `"product \"atlas\""`.
        referrer: String,
    },
}

/// Why an identifier was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdProblem {
    /// The id is the empty string.
    Empty,
    /// The id starts or ends with white space.
    Untrimmed,
    /// The id is longer than [`crate::id::MAX_ID_LEN`] characters.
    TooLong,
    /// The id contains a control character (a newline, a tab, ...).
    ControlCharacter,
}

impl std::fmt::Display for IdProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Empty => "it is empty",
            Self::Untrimmed => "it starts or ends with white space",
            Self::TooLong => "it is longer than 128 characters",
            Self::ControlCharacter => "it contains a control character",
        })
    }
}

/// The result type of folio-types.
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
    fn messages_name_the_offending_value() {
        let e = Error::OutOfRange {
            quantity: "confidence",
            value: "1.2".into(),
            range: "0..=1",
        };
        assert_eq!(e.to_string(), "confidence 1.2 is outside 0..=1");
        let e = Error::InvalidId {
            kind: "product id",
            value: " atlas".into(),
            problem: IdProblem::Untrimmed,
        };
        assert_eq!(
            e.to_string(),
            "invalid product id \" atlas\": it starts or ends with white space"
        );
    }
}
