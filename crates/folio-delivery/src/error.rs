//! The one error type of folio-delivery.

/// Everything that can go wrong when reading an export, mapping a workflow, computing a
/// flow metric or running a forecast.
///
/// Variants name the offending item, field or value, so that a message read in a log
/// is enough to find the bad input. The enum is `#[non_exhaustive]`: match on the
/// variants you handle and keep a catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from folio-types (an invalid id, ...).
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// An error from folio-metrics (a percentile or a predictability ratio).
    #[error(transparent)]
    Metrics(#[from] folio_metrics::Error),

    /// An export could not be parsed at all (not JSON, not CSV, wrong top-level shape).
    #[error("{format} export: {problem}")]
    Parse {
        /// `"jira"`, `"linear"` or `"csv"`.
        format: &'static str,
        /// What the parser said, with its position where it has one.
        problem: String,
    },

    /// One field of one item is missing or malformed.
    #[error("item {} field {field}: {problem}", folio_types::error::quote(.item))]
    Field {
        /// The item's id or key (or its position, such as `issues[3]`, when the id
        /// itself is missing).
        item: String,
        /// The field, such as `fields.created` or `changelog.histories[2].created`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },

    /// Two items share an id.
    #[error("duplicate item {}", folio_types::error::quote(.id))]
    DuplicateItem {
        /// The repeated id.
        id: String,
    },

    /// The workflow configuration is unusable.
    #[error("workflow: {problem}")]
    Workflow {
        /// What is wrong, naming the stage or status.
        problem: String,
    },

    /// An argument is out of range (no trials, an empty window, a confidence outside
    /// 0..=1, ...).
    #[error("{name} = {value}: {problem}")]
    InvalidArgument {
        /// The argument.
        name: &'static str,
        /// The rejected value, as text.
        value: String,
        /// Why it was rejected.
        problem: &'static str,
    },

    /// A forecast or metric needs history that the input does not have.
    #[error("not enough history for {what}: {problem}")]
    NoHistory {
        /// What was being computed.
        what: &'static str,
        /// What is missing.
        problem: &'static str,
    },

    /// An arithmetic operation overflowed.
    #[error("arithmetic overflow while {operation}")]
    Overflow {
        /// What was being computed.
        operation: &'static str,
    },
}

impl Error {
    /// A [`Error::Field`] error.
    pub(crate) fn field(
        item: impl Into<String>,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        Self::Field {
            item: item.into(),
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// The result type of folio-delivery.
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
    fn messages_name_the_item_and_field() {
        assert_eq!(
            Error::field("PROJ-7", "fields.created", "not a date: \"yesterday\"").to_string(),
            "item \"PROJ-7\" field fields.created: not a date: \"yesterday\""
        );
    }
}
