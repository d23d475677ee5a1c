//! The one error type of folio-types, and [`Snippet`], the bounded quotation of input
//! text that every folio error uses to echo what it rejected.

use std::fmt;

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
    #[error("invalid {kind} {value}: {problem}")]
    InvalidId {
        /// The kind of id, such as `"product id"`.
        kind: &'static str,
        /// The rejected text, quoted up to [`QUOTE_LIMIT`] characters.
        value: Snippet,
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
    #[error("invalid {quantity} {value}: expected a decimal number such as \"0.7\"")]
    InvalidNumber {
        /// What the number was meant to be, such as `"confidence"`.
        quantity: &'static str,
        /// The rejected text, quoted up to [`QUOTE_LIMIT`] characters.
        value: Snippet,
    },

    /// A number cannot be represented exactly as a `Decimal` (more than 28 decimal
    /// places, more digits than a `Decimal` holds, or a JSON number with more digits
    /// than a binary float keeps); it is rejected rather than rounded. See
    /// [`crate::decimal`].
    #[error("the number {value} cannot be read exactly: {problem}")]
    InexactNumber {
        /// The rejected number, as text, quoted up to [`QUOTE_LIMIT`] characters.
        value: Snippet,
        /// Why it cannot be read exactly.
        problem: &'static str,
    },

    /// A policy or settings value is inconsistent: thresholds out of order, a count out
    /// of range, a negative gap, a method the settings cannot use. A policy that exists
    /// is valid, so this comes from its constructor or its deserialization.
    #[error("invalid {setting}: {field} {problem}")]
    InvalidSetting {
        /// The policy or settings type, such as `"classification policy"`.
        setting: &'static str,
        /// The offending field, such as `"growth_winning"`.
        field: &'static str,
        /// What is wrong, with the values involved, such as
        /// `"(0.01) must be above growth_declining (0.05)"`.
        problem: String,
    },

    /// A currency code is not three ASCII capital letters.
    #[error("invalid currency code {value}: expected three capital letters such as \"EUR\"")]
    InvalidCurrency {
        /// The rejected text, quoted up to [`QUOTE_LIMIT`] characters.
        value: Snippet,
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
    #[error("invalid period {value}: {problem}")]
    InvalidPeriod {
        /// The rejected period, as text, quoted up to [`QUOTE_LIMIT`] characters.
        value: Snippet,
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
    #[error("duplicate {kind} {id}")]
    DuplicateId {
        /// The kind of record, such as `"product"`.
        kind: &'static str,
        /// The repeated id, quoted up to [`QUOTE_LIMIT`] characters.
        id: Snippet,
    },

    /// A record refers to an id that is not defined.
    #[error("{referrer} refers to unknown {kind} {id}")]
    UnknownId {
        /// The kind of id that is missing, such as `"product line"`.
        kind: &'static str,
        /// The missing id, quoted up to [`QUOTE_LIMIT`] characters.
        id: Snippet,
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

/// The most characters of input text an error quotes; see [`Snippet`].
pub const QUOTE_LIMIT: usize = 80;

/// Input text quoted in an error message, cut to [`QUOTE_LIMIT`] characters.
///
/// Errors echo what they rejected so a reader can find it, but input can be anything:
/// a 1 MB "id" pasted from a log must not become a 1 MB message. A snippet keeps the
/// first [`QUOTE_LIMIT`] characters and the length of the whole text; it displays
/// (and debugs) as a quoted, escaped string, followed, when cut, by an ellipsis and the
/// full length in characters. Every folio error that echoes input text holds one.
///
/// # Example
///
/// ```
/// use folio_types::error::{Snippet, quote};
///
/// assert_eq!(quote("atlas").to_string(), r#""atlas""#);
/// assert_eq!(quote("tab\there").to_string(), r#""tab\there""#);
/// let long = "x".repeat(1_000_000);
/// let snippet = Snippet::new(&long);
/// assert!(snippet.is_truncated());
/// assert_eq!(snippet.char_len(), 1_000_000);
/// assert_eq!(snippet.to_string(), format!("\"{}\"… (1000000 chars)", "x".repeat(80)));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Snippet {
    /// The first [`QUOTE_LIMIT`] characters of the text.
    kept: String,
    /// The length of the whole text, in characters.
    chars: usize,
}

impl Snippet {
    /// Quotes `text`, keeping at most [`QUOTE_LIMIT`] characters of it.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::error::Snippet;
    ///
    /// let snippet = Snippet::new("2026-Q5");
    /// assert_eq!(snippet.as_str(), "2026-Q5");
    /// assert!(!snippet.is_truncated());
    /// ```
    pub fn new(text: &str) -> Self {
        let mut chars = 0_usize;
        let mut end = 0_usize;
        for (at, c) in text.char_indices() {
            if chars < QUOTE_LIMIT {
                end = at.saturating_add(c.len_utf8());
            }
            chars = chars.saturating_add(1);
        }
        Self {
            kept: text.get(..end).unwrap_or_default().to_owned(),
            chars,
        }
    }

    /// The quoted part of the text: all of it, or its first [`QUOTE_LIMIT`] characters.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::error::{QUOTE_LIMIT, Snippet};
    ///
    /// assert_eq!(Snippet::new(&"é".repeat(100)).as_str().chars().count(), QUOTE_LIMIT);
    /// ```
    pub fn as_str(&self) -> &str {
        &self.kept
    }

    /// The length of the whole text, in characters.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::error::Snippet;
    ///
    /// assert_eq!(Snippet::new("ünï").char_len(), 3);
    /// ```
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Whether the text was longer than [`QUOTE_LIMIT`] characters and was cut.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::error::Snippet;
    ///
    /// assert!(Snippet::new(&"a".repeat(81)).is_truncated());
    /// assert!(!Snippet::new(&"a".repeat(80)).is_truncated());
    /// ```
    pub fn is_truncated(&self) -> bool {
        self.chars > QUOTE_LIMIT
    }
}

/// Quotes `text` for an error message; the same as [`Snippet::new`].
///
/// # Example
///
/// ```
/// use folio_types::error::quote;
///
/// let message = format!("unknown product {}", quote("atlas"));
/// assert_eq!(message, r#"unknown product "atlas""#);
/// ```
pub fn quote(text: &str) -> Snippet {
    Snippet::new(text)
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kept)?;
        if self.is_truncated() {
            write!(f, "… ({} chars)", self.chars)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<&str> for Snippet {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Snippet {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl From<&String> for Snippet {
    fn from(text: &String) -> Self {
        Self::new(text)
    }
}

impl PartialEq<str> for Snippet {
    /// Whether the snippet holds all of `other`.
    fn eq(&self, other: &str) -> bool {
        !self.is_truncated() && self.kept == other
    }
}

impl PartialEq<&str> for Snippet {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// Makes a type's serde implementations run its `validate` method, so that a value
/// read from a file is checked exactly as one built in code.
///
/// The type derives `Serialize` and `Deserialize` with `#[serde(remote = "Self")]`,
/// which turns the derived code into inherent functions; the macro then implements the
/// serde traits over them, calling `validate(&self) -> Result<(), E>` (any `E` that
/// displays) after deserializing. Field attributes such as `default` keep working.
/// Invoke it under the caller's `serde` feature.
///
/// ```
/// #[derive(Debug, serde::Serialize, serde::Deserialize)]
/// #[serde(remote = "Self", deny_unknown_fields)]
/// struct Band {
///     low: u32,
///     high: u32,
/// }
///
/// impl Band {
///     fn validate(&self) -> Result<(), String> {
///         if self.low <= self.high { Ok(()) } else { Err(format!("low {} above high {}", self.low, self.high)) }
///     }
/// }
///
/// folio_types::validate_on_deserialize!(Band);
///
/// assert!(serde_json::from_str::<Band>(r#"{"low": 1, "high": 2}"#).is_ok());
/// let err = serde_json::from_str::<Band>(r#"{"low": 3, "high": 2}"#).unwrap_err();
/// assert!(err.to_string().contains("low 3 above high 2"));
/// assert_eq!(serde_json::to_string(&Band { low: 1, high: 2 })?, r#"{"low":1,"high":2}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! validate_on_deserialize {
    ($ty:ty) => {
        impl $crate::id::__private::Serialize for $ty {
            fn serialize<S: $crate::id::__private::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                <$ty>::serialize(self, serializer)
            }
        }

        impl<'de> $crate::id::__private::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::id::__private::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <$ty>::deserialize(deserializer)?;
                value
                    .validate()
                    .map_err(<D::Error as $crate::id::__private::DeError>::custom)?;
                Ok(value)
            }
        }
    };
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

    #[test]
    fn snippets_cut_at_the_limit_in_characters() {
        for (text, shown) in [
            (String::new(), r#""""#.to_owned()),
            ("a".repeat(80), format!("{:?}", "a".repeat(80))),
            ("a".repeat(81), format!("{:?}… (81 chars)", "a".repeat(80))),
            // Multi-byte characters are never split.
            (
                "é".repeat(200),
                format!("{:?}… (200 chars)", "é".repeat(80)),
            ),
            ("a\nb".to_owned(), r#""a\nb""#.to_owned()),
        ] {
            assert_eq!(Snippet::new(&text).to_string(), shown, "{text:?}");
            assert_eq!(format!("{:?}", Snippet::new(&text)), shown);
        }
    }

    #[test]
    fn a_one_megabyte_id_is_quoted_in_a_short_message() {
        let id = "x".repeat(1 << 20);
        let e = crate::ProductId::new(&id).unwrap_err();
        let message = e.to_string();
        assert!(message.len() < 200, "{} bytes", message.len());
        assert!(message.contains("… (1048576 chars)"), "{message}");
        assert!(format!("{e:?}").len() < 300);
        match e {
            Error::InvalidId { value, problem, .. } => {
                assert_eq!(problem, IdProblem::TooLong);
                assert_eq!(value.char_len(), 1 << 20);
                assert_eq!(value.as_str(), "x".repeat(80));
            }
            other => panic!("unexpected error {other:?}"),
        }
    }
}
