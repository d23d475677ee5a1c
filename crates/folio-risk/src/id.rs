//! Identifiers of the risk model: dimensions, factors and trigger rules.
//!
//! They follow the same rules as folio-core's ids (1 to [`MAX_ID_LEN`] characters, no
//! surrounding white space, no control characters; padded text is rejected, not
//! trimmed), are validated on construction and on deserialization, are cheap to clone,
//! and borrow as `&str` so that a `BTreeMap<FactorId, _>` can be queried with a plain
//! string.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use folio_core::{IdProblem, MAX_ID_LEN};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// Checks `value` against the id rules, naming `kind` in the error.
fn validate(kind: &'static str, value: &str) -> Result<()> {
    let problem = if value.is_empty() {
        Some(IdProblem::Empty)
    } else if value.trim() != value {
        Some(IdProblem::Untrimmed)
    } else if value.chars().count() > MAX_ID_LEN {
        Some(IdProblem::TooLong)
    } else if value.chars().any(char::is_control) {
        Some(IdProblem::ControlCharacter)
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::Core(folio_core::Error::InvalidId {
            kind,
            value: value.to_owned(),
            problem,
        })),
    }
}

macro_rules! define_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// What this id names, as used in error messages.
            pub const KIND: &'static str = $kind;

            /// Validates `value` and wraps it.
            ///
            /// # Errors
            ///
            /// [`Error::Core`] wrapping [`folio_core::Error::InvalidId`] if the text is
            /// empty, padded with white space, longer than [`MAX_ID_LEN`] characters or
            /// holds a control character.
            pub fn new(value: impl AsRef<str>) -> Result<Self> {
                let value = value.as_ref();
                validate(Self::KIND, value)?;
                Ok(Self(Arc::from(value)))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;

            fn try_from(value: &str) -> Result<Self> {
                Self::new(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                Self::new(text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LEN,
                    "pattern": "^\\S(.*\\S)?$",
                    "description": concat!(
                        "A ",
                        $kind,
                        ": 1 to 128 characters, no surrounding white space, no control characters."
                    ),
                })
            }
        }
    };
}

define_id!(
    /// Identifies a risk dimension, such as `"technical"` or `"market"`.
    ///
    /// ```
    /// use folio_risk::DimensionId;
    ///
    /// assert_eq!(DimensionId::new("technical")?.as_str(), "technical");
    /// assert!(DimensionId::new(" technical").is_err());
    /// # Ok::<(), folio_risk::Error>(())
    /// ```
    DimensionId,
    "dimension id"
);
define_id!(
    /// Identifies a risk factor, such as `"security"`. Factor ids are unique across a
    /// whole model, so an assessment rates a factor by its id alone.
    FactorId,
    "factor id"
);
define_id!(
    /// Identifies a trigger rule, so that an alert says which rule fired.
    RuleId,
    "rule id"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<IdProblem>) {
        let got = FactorId::new(input).err().map(|e| match e {
            Error::Core(folio_core::Error::InvalidId { problem, kind, .. }) => {
                assert_eq!(kind, "factor id");
                problem
            }
            other => panic!("unexpected error {other:?}"),
        });
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn validation_table() {
        check("security", None);
        check("platform debt", None);
        check("", Some(IdProblem::Empty));
        check(" security", Some(IdProblem::Untrimmed));
        check("secu\trity", Some(IdProblem::ControlCharacter));
        check(&"x".repeat(MAX_ID_LEN), None);
        check(&"x".repeat(MAX_ID_LEN + 1), Some(IdProblem::TooLong));
    }

    #[test]
    fn serde_validates_and_round_trips() {
        let id: RuleId = serde_json::from_str("\"score-high\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"score-high\"");
        let err = serde_json::from_str::<DimensionId>("\"\"").unwrap_err();
        assert!(err.to_string().contains("invalid dimension id"), "{err}");
        assert_eq!(format!("{id:?}"), "RuleId(\"score-high\")");
    }
}
