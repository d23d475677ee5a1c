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

#[cfg(feature = "schemars")]
use schemars::{Schema, json_schema};

use crate::error::{Error, IdProblem, Result};

/// The longest id accepted, in characters.
pub const MAX_ID_LEN: usize = 128;

/// Checks `value` against the id rules, naming `kind` in the error.
///
/// Public only for [`define_id!`](crate::define_id); not part of the stable API.
#[doc(hidden)]
pub fn validate(kind: &'static str, value: &str) -> Result<()> {
    let problem = if printable_ascii(value.as_bytes()) {
        printable_problem(value.as_bytes())
    } else if value.is_ascii() {
        ascii_problem(value.as_bytes())
    } else {
        problem(value)
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::InvalidId {
            kind,
            value: value.into(),
            problem,
        }),
    }
}

/// What is wrong with `value` under the id rules, if anything: the rules as written,
/// for any text.
fn problem(value: &str) -> Option<IdProblem> {
    if value.is_empty() {
        Some(IdProblem::Empty)
    } else if value.trim() != value {
        Some(IdProblem::Untrimmed)
    } else if value.chars().count() > MAX_ID_LEN {
        Some(IdProblem::TooLong)
    } else if value.chars().any(char::is_control) {
        Some(IdProblem::ControlCharacter)
    } else {
        None
    }
}

/// [`problem`] of an ASCII text, read from its bytes, where every character is one
/// byte: the white space `str::trim` removes is `\t`, `\n`, vertical tab, form feed,
/// `\r` and space (`char::is_whitespace` of an ASCII character), and the control
/// characters are those below space and delete. Same rules, same order, with no
/// character decoding and no second pass to count them; nearly every id is ASCII.
fn ascii_problem(value: &[u8]) -> Option<IdProblem> {
    let white = |b: &u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    match (value.first(), value.last()) {
        (None, _) | (_, None) => Some(IdProblem::Empty),
        (Some(first), Some(last)) if white(first) || white(last) => Some(IdProblem::Untrimmed),
        _ if value.len() > MAX_ID_LEN => Some(IdProblem::TooLong),
        _ if value.iter().any(u8::is_ascii_control) => Some(IdProblem::ControlCharacter),
        _ => None,
    }
}

/// [`problem`] of a text of printable ASCII characters (space to `~`), as
/// [`printable_ascii`] finds it: no control character, and the only white space is the
/// space itself, so only the length and spaces at the ends are left to judge.
fn printable_problem(value: &[u8]) -> Option<IdProblem> {
    match (value.first(), value.last()) {
        (None, _) | (_, None) => Some(IdProblem::Empty),
        (Some(b' '), _) | (_, Some(b' ')) => Some(IdProblem::Untrimmed),
        _ if value.len() > MAX_ID_LEN => Some(IdProblem::TooLong),
        _ => None,
    }
}

/// Eight bytes of `0x01`, the low bit of each byte of a word.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);

/// Eight bytes of `0x80`, the high bit of each byte of a word.
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// Whether every byte is printable ASCII (`0x20` to `0x7e`), eight bytes at a time.
///
/// In a word `x`, a byte below `0x20` sets its high bit in `x - 0x2020…` (it borrows), a
/// byte of `0x7f` in `x + 0x0101…`, and a byte from `0x80` in `x` itself. A borrow or a
/// carry reaches the next byte only from a byte that is itself marked (below `0x20`, or
/// `0xff`), so a marked word always holds such a byte, and an unmarked one never does.
/// The last bytes are tested in a word padded with `A`.
fn printable_ascii(value: &[u8]) -> bool {
    let marked =
        |x: u64| (x.wrapping_sub(ONES.wrapping_mul(0x20)) | x | x.wrapping_add(ONES)) & HIGHS != 0;
    let mut chunks = value.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return false;
        };
        if marked(u64::from_le_bytes(word)) {
            return false;
        }
    }
    let mut last = [b'A'; 8];
    for (slot, &b) in last.iter_mut().zip(chunks.remainder()) {
        *slot = b;
    }
    !marked(u64::from_le_bytes(last))
}

#[cfg(feature = "schemars")]
/// The JSON Schema shared by every id type.
///
/// Public only for [`define_id!`](crate::define_id); not part of the stable API.
#[doc(hidden)]
pub fn id_schema(description: &str) -> Schema {
    json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ID_LEN,
        "pattern": "^\\S(.*\\S)?$",
        "description": description,
    })
}

/// Items the [`define_id!`](crate::define_id) macro expands to, re-exported so that
/// crates using the macro need no dependencies of their own for it.
#[doc(hidden)]
pub mod __private {
    pub use std::borrow::{Borrow, Cow};
    pub use std::fmt;
    pub use std::str::FromStr;
    pub use std::sync::Arc;

    #[cfg(feature = "schemars")]
    pub use schemars::{JsonSchema, Schema, SchemaGenerator};
    #[cfg(feature = "serde")]
    pub use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as DeError};

    #[cfg(feature = "schemars")]
    pub use super::id_schema;
    pub use super::validate;
}

/// Defines an id newtype with folio's id rules, for ids that belong to a domain crate
/// (a risk dimension, a metric rule, ...).
///
/// The type gets everything folio-types's own ids have: `new` returning
/// [`Result`](crate::Result) with [`Error::InvalidId`](crate::Error::InvalidId) naming
/// `$kind`, `as_str`, `Display`, `Debug`, `FromStr`, `TryFrom<&str>`, `TryFrom<String>`,
/// `Borrow<str>`, ordering and hashing by text, validating `Deserialize`, `Serialize` and
/// `JsonSchema`.
///
/// An optional `path = "crate::Type"` argument adds runnable examples to `new` and
/// `as_str`, importing the type from that path.
///
/// ```
/// folio_types::define_id!(
///     /// Identifies a risk factor.
///     pub FactorId, "factor id"
/// );
///
/// let id = FactorId::new("security")?;
/// assert_eq!(id.as_str(), "security");
/// assert!(FactorId::new(" security").is_err());
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<FactorId>("\"\"").is_err());
/// # Ok::<(), folio_types::Error>(())
/// ```
#[macro_export]
macro_rules! define_id {
    (
        $(#[$meta:meta])* $vis:vis $name:ident, $kind:literal $(, path = $path:literal)? $(,)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis struct $name($crate::id::__private::Arc<str>);

        impl $name {
            /// What this id names, as used in error messages.
            pub const KIND: &'static str = $kind;

            /// Validates `value` and wraps it.
            ///
            /// # Errors
            ///
            /// `folio_types::Error::InvalidId` if the text is empty, padded with white
            /// space, longer than `folio_types::MAX_ID_LEN` (128) characters or holds a
            /// control character.
            $(
            ///
            /// # Example
            ///
            #[doc = concat!(
                "```\n",
                "use ", $path, ";\n\n",
                "let id = ", stringify!($name), "::new(\"atlas-2\")?;\n",
                "assert_eq!(id.as_str(), \"atlas-2\");\n",
                "assert_eq!(id, \"atlas-2\".parse::<", stringify!($name), ">()?);\n",
                "// Padded or empty text is rejected, not trimmed.\n",
                "assert!(", stringify!($name), "::new(\" atlas-2\").is_err());\n",
                "assert!(", stringify!($name), "::new(\"\").is_err());\n",
                "# Ok::<(), Box<dyn std::error::Error>>(())\n",
                "```",
            )]
            )?
            pub fn new(value: impl ::core::convert::AsRef<str>) -> $crate::Result<Self> {
                let value = value.as_ref();
                $crate::id::__private::validate(Self::KIND, value)?;
                Ok(Self($crate::id::__private::Arc::from(value)))
            }

            /// The id as text.
            $(
            ///
            /// # Example
            ///
            #[doc = concat!(
                "```\n",
                "use ", $path, ";\n\n",
                "let id = ", stringify!($name), "::new(\"north\")?;\n",
                "assert_eq!(id.as_str(), \"north\");\n",
                "assert_eq!(id.to_string(), \"north\");\n",
                "# Ok::<(), Box<dyn std::error::Error>>(())\n",
                "```",
            )]
            )?
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl $crate::id::__private::fmt::Debug for $name {
            fn fmt(
                &self,
                f: &mut $crate::id::__private::fmt::Formatter<'_>,
            ) -> $crate::id::__private::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl $crate::id::__private::fmt::Display for $name {
            fn fmt(
                &self,
                f: &mut $crate::id::__private::fmt::Formatter<'_>,
            ) -> $crate::id::__private::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl $crate::id::__private::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl $crate::id::__private::FromStr for $name {
            type Err = $crate::Error;

            fn from_str(s: &str) -> $crate::Result<Self> {
                Self::new(s)
            }
        }

        impl ::core::convert::TryFrom<&str> for $name {
            type Error = $crate::Error;

            fn try_from(value: &str) -> $crate::Result<Self> {
                Self::new(value)
            }
        }

        impl ::core::convert::TryFrom<String> for $name {
            type Error = $crate::Error;

            fn try_from(value: String) -> $crate::Result<Self> {
                Self::new(value)
            }
        }

        impl ::core::convert::From<$name> for String {
            fn from(id: $name) -> String {
                id.0.as_ref().to_owned()
            }
        }

        $crate::__define_id_serde!($name);
        $crate::__define_id_schemars!($name, $kind);
    };
}

/// Expands to the serde impls of an id defined by [`define_id!`](crate::define_id): present
/// when folio-types's `serde` feature is on, empty otherwise.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __define_id_serde {
    ($name:ident) => {
    impl $crate::id::__private::Serialize for $name {
        fn serialize<S: $crate::id::__private::Serializer>(
            &self,
            serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.0)
        }
    }

    impl<'de> $crate::id::__private::Deserialize<'de> for $name {
        fn deserialize<D: $crate::id::__private::Deserializer<'de>>(
            deserializer: D,
        ) -> ::core::result::Result<Self, D::Error> {
            let text =
                <$crate::id::__private::Cow<'de, str> as $crate::id::__private::Deserialize>::deserialize(
                    deserializer,
                )?;
            Self::new(text).map_err(<D::Error as $crate::id::__private::DeError>::custom)
        }
    }
    };
}

/// Without folio-types's `serde` feature an id has no serde impls.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __define_id_serde {
    ($name:ident) => {};
}

/// Expands to the `JsonSchema` impl of an id defined by [`define_id!`](crate::define_id):
/// present when folio-types's `schemars` feature is on, empty otherwise.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __define_id_schemars {
    ($name:ident, $kind:literal) => {
        impl $crate::id::__private::JsonSchema for $name {
            fn schema_name() -> $crate::id::__private::Cow<'static, str> {
                $crate::id::__private::Cow::Borrowed(stringify!($name))
            }

            fn json_schema(
                _: &mut $crate::id::__private::SchemaGenerator,
            ) -> $crate::id::__private::Schema {
                $crate::id::__private::id_schema(concat!(
                    "A ",
                    $kind,
                    ": 1 to 128 characters, no surrounding white space, no control characters."
                ))
            }
        }
    };
}

/// Without folio-types's `schemars` feature an id has no `JsonSchema` impl.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __define_id_schemars {
    ($name:ident, $kind:literal) => {};
}

crate::define_id!(
    /// Identifies a product.
    ///
    /// ```
    /// use folio_types::ProductId;
    ///
    /// let id = ProductId::new("atlas")?;
    /// assert_eq!(id.as_str(), "atlas");
    /// assert!(ProductId::new("").is_err());
    /// assert!(ProductId::new("atlas ").is_err());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    pub ProductId,
    "product id",
    path = "folio_types::ProductId"
);
crate::define_id!(
    /// Identifies a product line (a group of products managed together).
    pub ProductLineId,
    "product line id",
    path = "folio_types::ProductLineId"
);
crate::define_id!(
    /// Identifies a customer segment (enterprise, mid-market, ...).
    pub SegmentId,
    "segment id",
    path = "folio_types::SegmentId"
);
crate::define_id!(
    /// Identifies a geography (a region or market).
    pub GeographyId,
    "geography id",
    path = "folio_types::GeographyId"
);
crate::define_id!(
    /// Identifies an objective, on any tier of the OKR graph.
    pub ObjectiveId,
    "objective id",
    path = "folio_types::ObjectiveId"
);
crate::define_id!(
    /// Identifies a key result, on any tier of the OKR graph.
    pub KeyResultId,
    "key result id",
    path = "folio_types::KeyResultId"
);
crate::define_id!(
    /// Identifies an initiative (a funded piece of work with a business case).
    pub InitiativeId,
    "initiative id",
    path = "folio_types::InitiativeId"
);
crate::define_id!(
    /// Identifies a metric definition, such as `"nrr"` or `"active_users"`.
    pub MetricId,
    "metric id",
    path = "folio_types::MetricId"
);
crate::define_id!(
    /// Identifies a person or team that owns a key result, a risk or a business case.
    pub OwnerId,
    "owner id",
    path = "folio_types::OwnerId"
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

    /// Every ASCII character, each white space and control character among them, at
    /// the ends, inside, and in texts around the length limit.
    fn ascii_texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let byte = prop_oneof![
            4 => 0x21u8..0x7f,
            1 => prop::sample::select(vec![b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0x1c, 0x1f, 0x7f]),
            1 => 0u8..0x80,
        ];
        let short = prop::collection::vec(byte.clone(), 0..8);
        let long = prop::collection::vec(byte, MAX_ID_LEN - 2..MAX_ID_LEN + 3);
        prop_oneof![short, long].prop_map(|bytes| bytes.into_iter().map(char::from).collect())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The ASCII path finds what the rules as written find, in the same order.
        #[test]
        fn ascii_ids_are_judged_as_the_rules_judge_any_text(text in ascii_texts()) {
            proptest::prop_assert!(text.is_ascii());
            proptest::prop_assert_eq!(ascii_problem(text.as_bytes()), problem(&text));
        }

        /// The word-wide test of printable ASCII agrees with a byte-by-byte one, at
        /// every length and position, and the judgement of a printable text with the
        /// rules as written.
        #[test]
        fn printable_ascii_is_found_as_a_byte_test_finds_it(
            text in ascii_texts(),
            extra in proptest::collection::vec(0x80u8..=0xff, 0..2),
        ) {
            let mut bytes = text.into_bytes();
            bytes.extend(&extra);
            let expected = bytes.iter().all(|&b| (0x20..0x7f).contains(&b));
            proptest::prop_assert_eq!(printable_ascii(&bytes), expected);
            if expected {
                let text = std::str::from_utf8(&bytes).unwrap();
                proptest::prop_assert_eq!(printable_problem(&bytes), problem(text));
            }
        }
    }

    /// Each byte value at each position of texts of 0 to 17 bytes, against a byte test.
    #[test]
    fn printable_ascii_at_every_position() {
        for len in 0..18 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'k'; len];
                    bytes[at] = b;
                    let expected = (0x20..0x7f).contains(&b);
                    assert_eq!(printable_ascii(&bytes), expected, "{b:#x} at {at} of {len}");
                }
            }
            assert!(printable_ascii(&vec![b'k'; len]));
        }
    }

    #[test]
    fn ascii_white_space_and_control_characters() {
        // Vertical tab and form feed are white space to `str::trim`; the information
        // separators (0x1c to 0x1f) are control characters but not white space.
        check("\u{b}atlas", Some(IdProblem::Untrimmed));
        check("atlas\u{c}", Some(IdProblem::Untrimmed));
        check("\u{1c}atlas", Some(IdProblem::ControlCharacter));
        check("atlas\u{7f}", Some(IdProblem::ControlCharacter));
        check(
            &format!(" {}", "x".repeat(MAX_ID_LEN + 1)),
            Some(IdProblem::Untrimmed),
        );
        check(
            &format!("{}\u{7}", "x".repeat(MAX_ID_LEN)),
            Some(IdProblem::TooLong),
        );
    }

    #[cfg(feature = "serde")]
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
