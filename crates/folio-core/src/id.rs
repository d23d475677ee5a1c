//! Validated identifier newtypes.
//!
//! Every record in a portfolio is named by an id: a product, a product line, an
//! objective, a key result, a metric. Ids are newtypes over text so that a product id
//! cannot be passed where a metric id is expected, and they are validated once, at
//! construction (also when deserialized), so that no engine has to ask whether an id is
//! blank.
//!
//! # Rules
//!
//! An id is 1 to [`MAX_ID_LEN`] characters long, has no leading or trailing white space
//! and no control characters. Padded text is **rejected, not trimmed**: silently trimming
//! would turn `"atlas "` and `"atlas"` into one key, which in imported data is almost
//! always a join bug the caller wants to hear about. Ids are case-sensitive.
//!
//! Ids are cheap to clone (a reference-counted string), order and hash by their text,
//! and implement [`Borrow<str>`](std::borrow::Borrow), so a `BTreeMap<ProductId, _>` can
//! be queried with a plain `&str`.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, IdProblem, Result};

/// The longest id accepted, in characters.
pub const MAX_ID_LEN: usize = 128;

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
        Some(problem) => Err(Error::InvalidId {
            kind,
            value: value.to_owned(),
            problem,
        }),
    }
}

/// The JSON Schema shared by every id type.
fn id_schema(description: &str) -> Schema {
    json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ID_LEN,
        "pattern": "^\\S(.*\\S)?$",
        "description": description,
    })
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
            /// [`Error::InvalidId`] if the text is empty, padded with white space,
            /// longer than [`MAX_ID_LEN`] characters or holds a control character.
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

        impl TryFrom<String> for $name {
            type Error = Error;

            fn try_from(value: String) -> Result<Self> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.as_ref().to_owned()
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
                id_schema(concat!(
                    "A ",
                    $kind,
                    ": 1 to 128 characters, no surrounding white space, no control characters."
                ))
            }
        }
    };
}

define_id!(
    /// Identifies a product.
    ///
    /// ```
    /// use folio_core::ProductId;
    ///
    /// let id = ProductId::new("atlas")?;
    /// assert_eq!(id.as_str(), "atlas");
    /// assert!(ProductId::new("").is_err());
    /// assert!(ProductId::new("atlas ").is_err());
    /// # Ok::<(), folio_core::Error>(())
    /// ```
    ProductId,
    "product id"
);
define_id!(
    /// Identifies a product line (a group of products managed together).
    ProductLineId,
    "product line id"
);
define_id!(
    /// Identifies a customer segment (enterprise, mid-market, ...).
    SegmentId,
    "segment id"
);
define_id!(
    /// Identifies a geography (a region or market).
    GeographyId,
    "geography id"
);
define_id!(
    /// Identifies an objective, on any tier of the OKR graph.
    ObjectiveId,
    "objective id"
);
define_id!(
    /// Identifies a key result, on any tier of the OKR graph.
    KeyResultId,
    "key result id"
);
define_id!(
    /// Identifies an initiative (a funded piece of work with a business case).
    InitiativeId,
    "initiative id"
);
define_id!(
    /// Identifies a metric definition, such as `"nrr"` or `"active_users"`.
    MetricId,
    "metric id"
);
define_id!(
    /// Identifies a person or team that owns a key result, a risk or a business case.
    OwnerId,
    "owner id"
);

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn check(input: &str, expected: Option<IdProblem>) {
        let got = ProductId::new(input).err().map(|e| match e {
            Error::InvalidId { problem, kind, .. } => {
                assert_eq!(kind, "product id");
                problem
            }
            other => panic!("unexpected error {other:?}"),
        });
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn validation_table() {
        check("atlas", None);
        check("a", None);
        check("Atlas Cloud / EMEA", None);
        check("ünïcödé-✓", None);
        check("", Some(IdProblem::Empty));
        check(" ", Some(IdProblem::Untrimmed));
        check(" atlas", Some(IdProblem::Untrimmed));
        check("atlas\n", Some(IdProblem::Untrimmed));
        check("at\u{7}las", Some(IdProblem::ControlCharacter));
        check("at\tlas", Some(IdProblem::ControlCharacter));
        check(&"x".repeat(MAX_ID_LEN), None);
        check(&"x".repeat(MAX_ID_LEN + 1), Some(IdProblem::TooLong));
        // The bound counts characters, not bytes.
        check(&"é".repeat(MAX_ID_LEN), None);
    }

    #[test]
    fn serde_round_trip_and_rejection() {
        let id: ProductId = serde_json::from_str("\"atlas\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"atlas\"");
        let err = serde_json::from_str::<ProductId>("\"\"").unwrap_err();
        assert!(err.to_string().contains("invalid product id"), "{err}");
        let err = serde_json::from_str::<MetricId>("\" nrr\"").unwrap_err();
        assert!(err.to_string().contains("invalid metric id"), "{err}");
        assert!(serde_json::from_str::<ProductId>("42").is_err());
    }

    #[test]
    fn usable_as_map_key_and_queried_by_str() {
        let mut map = BTreeMap::new();
        map.insert(ProductId::new("b").unwrap(), 2);
        map.insert(ProductId::new("a").unwrap(), 1);
        assert_eq!(map.get("a"), Some(&1));
        let keys: Vec<_> = map.keys().map(ProductId::as_str).collect();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn debug_names_the_kind() {
        let id = KeyResultId::new("kr-1").unwrap();
        assert_eq!(format!("{id:?}"), "KeyResultId(\"kr-1\")");
        assert_eq!(id.to_string(), "kr-1");
    }
}
