//! Adapters: work items from the exports teams already have. Each reads a string (the
//! caller reads the file), never the network, and each sits behind a cargo feature:
//!
//! - [`jira`] (feature `jira`): Jira Cloud REST search results with
//!   `expand=changelog`;
//! - [`linear`] (feature `linear`): Linear's GraphQL issue export;
//! - [`csv`](mod@csv) (feature `csv`): a plain CSV, one row per item or one row per
//!   transition.
//!
//! How an item links to key results and to a product is configured by
//! [`ImportConfig`]. Bad input is an [`Error::Field`] naming the
//! item and the field; a status no workflow stage claims is not an error here: it is
//! kept, and [`Workflow::map`](crate::Workflow::map) reports it.

use std::collections::BTreeMap;

#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use folio_types::{KeyResultId, ProductId};

#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
use crate::error::{Error, Result};

#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "jira")]
pub mod jira;
#[cfg(any(feature = "jira", feature = "linear"))]
mod json;
#[cfg(feature = "linear")]
pub mod linear;

/// How an item is tied to key results. An item may match several links; it is tied to
/// every key result any of them names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum KrLink {
    /// Labels that start with this prefix name a key result: with `kr:`, the label
    /// `kr:activation-q4` ties the item to `activation-q4`.
    LabelPrefix(String),
    /// A field holds key-result ids: a JSON pointer into the issue for Jira and Linear
    /// (`/fields/customfield_10042`), a column name for CSV. The value may be a string,
    /// a number, an object with `value`, `name` or `key`, or an array of those.
    Field(String),
    /// The item's parent (Jira's parent or epic, Linear's parent issue) maps to a key
    /// result through this table of parent keys.
    Parent {
        /// Where the parent key is, as a JSON pointer; `None` for the adapter's default
        /// (`/fields/parent/key` for Jira, `/parent/identifier` for Linear).
        #[cfg_attr(feature = "serde", serde(default))]
        field: Option<String>,
        /// Parent key to key result.
        keys: BTreeMap<String, KeyResultId>,
    },
}

/// Where an item's product comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ProductFrom {
    /// No product (the default for JSON exports).
    #[default]
    None,
    /// Every item belongs to this product.
    Fixed(ProductId),
    /// The Jira project key (`fields.project.key`) or the Linear team key
    /// (`team.key`).
    Project,
    /// A JSON pointer into the issue (`/fields/customfield_10050/value`).
    Field(String),
    /// The first label with this prefix: with `product:`, `product:atlas` is `atlas`.
    LabelPrefix(String),
}

/// How an export's items are tied to key results and products.
///
/// A configuration that exists is valid: [`new`](Self::new) and deserialization check
/// that no label prefix, field or parent pointer is empty (an empty label prefix would
/// make every label a key result or a product; an empty field names nothing) and that
/// a parent link maps at least one parent key, none of them empty. The fields are
/// private.
///
/// ```
/// use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
///
/// let config = ImportConfig::new(vec![KrLink::Field("/fields/customfield_10042".into())], ProductFrom::Project)?;
/// assert_eq!(config.product(), &ProductFrom::Project);
/// let err = ImportConfig::new(vec![KrLink::LabelPrefix(String::new())], ProductFrom::None).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid import config: key_results link 1 (label_prefix) is empty: every label would name a key result"
/// );
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<ImportConfig>(r#"{"product": {"label_prefix": ""}}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How an export's items are tied to key results and products. No label prefix, field or parent pointer may be empty, and a parent link maps at least one parent key."
    )
)]
pub struct ImportConfig {
    /// Key-result links, all applied.
    #[cfg_attr(feature = "serde", serde(default))]
    key_results: Vec<KrLink>,
    /// Where the product comes from.
    #[cfg_attr(feature = "serde", serde(default))]
    product: ProductFrom,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(ImportConfig);

impl ImportConfig {
    /// A configuration that ties items to key results through every link in
    /// `key_results` and takes their product from `product`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Core`] with
    /// [`InvalidSetting`](folio_types::Error::InvalidSetting) naming `key_results` (with
    /// the link's position) or `product` when a prefix, field or pointer is empty, or a
    /// parent link maps no key or an empty one.
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
    ///
    /// let parent = KrLink::Parent { field: None, keys: BTreeMap::from([("ATL-100".to_owned(), "activation".parse()?)]) };
    /// assert_eq!(ImportConfig::new(vec![parent], ProductFrom::None)?.key_results().len(), 1);
    /// let empty = KrLink::Parent { field: None, keys: BTreeMap::new() };
    /// assert!(ImportConfig::new(vec![empty], ProductFrom::None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(key_results: Vec<KrLink>, product: ProductFrom) -> crate::Result<Self> {
        let config = Self {
            key_results,
            product,
        };
        config.validate()?;
        Ok(config)
    }

    /// Key-result links, all applied.
    pub fn key_results(&self) -> &[KrLink] {
        &self.key_results
    }

    /// Where the product comes from.
    pub fn product(&self) -> &ProductFrom {
        &self.product
    }

    /// Checks the rules listed on the type. Deserialization runs this check.
    fn validate(&self) -> crate::Result<()> {
        let invalid = |field, problem| {
            crate::Error::Core(folio_types::Error::InvalidSetting {
                setting: "import config",
                field,
                problem,
            })
        };
        for (n, link) in (1_usize..).zip(&self.key_results) {
            let problem = match link {
                KrLink::LabelPrefix(p) if p.is_empty() => {
                    Some("(label_prefix) is empty: every label would name a key result".to_owned())
                }
                KrLink::Field(f) if f.is_empty() => {
                    Some("(field) is empty: it names no field or column".to_owned())
                }
                KrLink::Parent { field: Some(f), .. } if f.is_empty() => Some(
                    "(parent) has an empty field: leave it out for the adapter's default"
                        .to_owned(),
                ),
                KrLink::Parent { keys, .. } if keys.is_empty() => {
                    Some("(parent) maps no parent key to a key result".to_owned())
                }
                KrLink::Parent { keys, .. } if keys.contains_key("") => {
                    Some("(parent) maps an empty parent key".to_owned())
                }
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(invalid("key_results", format!("link {n} {problem}")));
            }
        }
        let product = match &self.product {
            ProductFrom::Field(f) if f.is_empty() => {
                Some("(field) is empty: it names no field or column")
            }
            ProductFrom::LabelPrefix(p) if p.is_empty() => {
                Some("(label_prefix) is empty: every label would name a product")
            }
            _ => None,
        };
        match product {
            Some(problem) => Err(invalid("product", problem.to_owned())),
            None => Ok(()),
        }
    }

    /// The usual configuration: key results from labels starting with `kr:` and the
    /// product from labels starting with `product:`.
    ///
    /// ```
    /// use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
    ///
    /// let config = ImportConfig::labels();
    /// assert_eq!(config.key_results(), [KrLink::LabelPrefix("kr:".into())]);
    /// assert_eq!(config.product(), &ProductFrom::LabelPrefix("product:".into()));
    /// ```
    pub fn labels() -> Self {
        Self {
            key_results: vec![KrLink::LabelPrefix("kr:".into())],
            product: ProductFrom::LabelPrefix("product:".into()),
        }
    }
}

/// Parses a timestamp as exports write them: RFC 3339 (`2026-11-02T09:00:00Z`, Linear),
/// Jira's `2026-11-02T09:00:00.000+0000`, a naive `2026-11-02T09:00:00` or
/// `2026-11-02 09:00:00` (taken as UTC), or a plain date (midnight UTC). Offsets are
/// converted to UTC.
#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
pub(crate) fn parse_timestamp(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.naive_utc());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at.naive_utc());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// A required timestamp field.
#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
pub(crate) fn timestamp(item: &str, field: &str, text: Option<&str>) -> Result<NaiveDateTime> {
    let text = text.ok_or_else(|| Error::field(item, field, "missing"))?;
    parse_timestamp(text)
        .ok_or_else(|| Error::field(item, field, format!("not a date or timestamp: {text:?}")))
}

/// Key-result ids from labels with `prefix`.
#[cfg(any(feature = "jira", feature = "linear"))]
pub(crate) fn labelled<'l>(labels: &'l [String], prefix: &'l str) -> impl Iterator<Item = &'l str> {
    labels
        .iter()
        .filter_map(move |l| l.strip_prefix(prefix))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A key-result id, or a field error naming the item and field.
#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
pub(crate) fn key_result(item: &str, field: &str, text: &str) -> Result<KeyResultId> {
    KeyResultId::new(text.trim())
        .map_err(|e| Error::field(item, field, format!("not a key result id: {e}")))
}

/// A product id, or a field error naming the item and field.
#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
pub(crate) fn product(item: &str, field: &str, text: &str) -> Result<ProductId> {
    ProductId::new(text.trim())
        .map_err(|e| Error::field(item, field, format!("not a product id: {e}")))
}

#[cfg(test)]
#[cfg(any(feature = "jira", feature = "linear", feature = "csv"))]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_export_format() {
        let want = "2018-01-03T01:01:01".parse::<NaiveDateTime>().unwrap();
        for text in [
            "2018-01-03T01:01:01.000+0000",
            "2018-01-03T02:01:01.000+0100",
            "2018-01-03T01:01:01Z",
            "2018-01-03T01:01:01.000Z",
            "2018-01-03T01:01:01",
            "2018-01-03 01:01:01",
        ] {
            assert_eq!(parse_timestamp(text), Some(want), "{text}");
        }
        assert_eq!(
            parse_timestamp("2018-01-03"),
            "2018-01-03T00:00:00".parse().ok()
        );
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
