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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ImportConfig {
    /// Key-result links, all applied.
    #[cfg_attr(feature = "serde", serde(default))]
    pub key_results: Vec<KrLink>,
    /// Where the product comes from.
    #[cfg_attr(feature = "serde", serde(default))]
    pub product: ProductFrom,
}

impl ImportConfig {
    /// The usual configuration: key results from labels starting with `kr:` and the
    /// product from labels starting with `product:`.
    ///
    /// ```
    /// use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
    ///
    /// let config = ImportConfig::labels();
    /// assert_eq!(config.key_results, [KrLink::LabelPrefix("kr:".into())]);
    /// assert_eq!(config.product, ProductFrom::LabelPrefix("product:".into()));
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
