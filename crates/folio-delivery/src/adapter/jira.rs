//! Jira Cloud REST search results with `expand=changelog` (feature `jira`).
//!
//! The shape read is the one the Jira Cloud platform REST API reference documents for
//! `GET /rest/api/3/search` (and `/rest/api/2/search`, `/rest/api/3/search/jql`) with
//! `expand=changelog`:
//!
//! ```json
//! { "issues": [ {
//!     "key": "PROJ-7",
//!     "fields": {
//!       "created": "2026-11-02T09:00:00.000+0000",
//!       "resolutiondate": null,
//!       "status": { "name": "In Progress" },
//!       "issuetype": { "name": "Story" },
//!       "labels": ["kr:activation", "product:atlas"],
//!       "project": { "key": "PROJ" },
//!       "parent": { "key": "PROJ-1" },
//!       "customfield_10042": "activation"
//!     },
//!     "changelog": { "histories": [ {
//!       "created": "2026-11-03T10:00:00.000+0000",
//!       "items": [ { "field": "status", "fromString": "To Do", "toString": "In Progress" } ]
//!     } ] }
//! } ] }
//! ```
//!
//! Only `issues[].key`, `fields.created` and `fields.status.name` are required; a
//! missing `issuetype` reads as `Issue`, missing labels or changelog as none. History
//! items whose `field` is not `status` are skipped. Several pages of results can be
//! read one by one and concatenated.

use serde_json::Value;

use crate::adapter::json::{
    key_results, kind, labels, list, opt_str, product_of, read_issues, req_str,
};
use crate::adapter::{ImportConfig, parse_timestamp, timestamp};
use crate::error::{Error, Result};
use crate::item::{Transition, WorkItem};

/// Reads the work items of one page of Jira search results.
///
/// ```
/// use folio_delivery::adapter::{ImportConfig, jira};
///
/// let json = r#"{ "issues": [ {
///     "key": "PROJ-7",
///     "fields": {
///         "created": "2026-11-02T09:00:00.000+0000",
///         "status": { "name": "In Progress" },
///         "issuetype": { "name": "Story" },
///         "labels": ["kr:activation", "product:atlas"]
///     },
///     "changelog": { "histories": [ {
///         "created": "2026-11-03T10:00:00.000+0000",
///         "items": [ { "field": "status", "fromString": "To Do", "toString": "In Progress" } ]
///     } ] }
/// } ] }"#;
/// let items = jira::parse(json, &ImportConfig::labels())?;
/// assert_eq!(items[0].id, "PROJ-7");
/// assert_eq!(items[0].key_results[0].as_str(), "activation");
/// assert_eq!(items[0].product.as_ref().map(|p| p.as_str()), Some("atlas"));
/// assert_eq!(items[0].transitions[0].to, "In Progress");
/// # Ok::<(), folio_delivery::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Parse`] for text that is not JSON or has no `issues` array;
/// [`Error::Field`] naming the issue and field for a missing or malformed field.
pub fn parse(json: &str, config: &ImportConfig) -> Result<Vec<WorkItem>> {
    let root: Value = serde_json::from_str(json).map_err(|e| Error::Parse {
        format: "jira",
        problem: e.to_string(),
    })?;
    let Some(Value::Array(issues)) = root.get("issues") else {
        return Err(Error::Parse {
            format: "jira",
            problem: "expected an object with an `issues` array (search results)".into(),
        });
    };
    read_issues(issues, |issue, position| item(issue, position, config))
}

fn item(issue: &Value, position: String, config: &ImportConfig) -> Result<WorkItem> {
    let id = req_str(issue, "/key", &position)?.to_owned();
    if id.trim().is_empty() {
        return Err(Error::field(position, "key", "empty"));
    }
    let created = timestamp(
        &id,
        "fields.created",
        opt_str(issue, "/fields/created", &id)?,
    )?;
    let resolved = match opt_str(issue, "/fields/resolutiondate", &id)? {
        None => None,
        Some(text) => Some(parse_timestamp(text).ok_or_else(|| {
            Error::field(
                &id,
                "fields.resolutiondate",
                format!("not a timestamp: {text:?}"),
            )
        })?),
    };
    let status = req_str(issue, "/fields/status/name", &id)?.to_owned();
    let kind_ = opt_str(issue, "/fields/issuetype/name", &id)?
        .unwrap_or("Issue")
        .to_owned();
    let labels_ = labels(issue, "/fields/labels", &id)?;
    let key_results = key_results(
        issue,
        &labels_,
        &config.key_results,
        "/fields/parent/key",
        &id,
    )?;
    let product = product_of(issue, &labels_, &config.product, "/fields/project/key", &id)?;
    let mut transitions = Vec::new();
    for (h, history) in list(issue, "/changelog/histories", &id)?.iter().enumerate() {
        let field = format!("changelog.histories[{h}]");
        let created_text = match history.get("created") {
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let at = timestamp(&id, &format!("{field}.created"), created_text)?;
        let items = match history.get("items") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => a,
            Some(other) => {
                return Err(Error::field(
                    &id,
                    format!("{field}.items"),
                    format!("expected an array, found {}", kind(other)),
                ));
            }
        };
        for (c, change) in items.iter().enumerate() {
            let is_status = change.get("field").and_then(Value::as_str) == Some("status")
                || change.get("fieldId").and_then(Value::as_str) == Some("status");
            if !is_status {
                continue;
            }
            let to = opt_str(change, "/toString", &id)?.ok_or_else(|| {
                Error::field(&id, format!("{field}.items[{c}].toString"), "missing")
            })?;
            let from = opt_str(change, "/fromString", &id)?.map(str::to_owned);
            transitions.push(Transition {
                at,
                from,
                to: to.to_owned(),
            });
        }
    }
    Ok(WorkItem {
        id,
        kind: kind_,
        product,
        key_results,
        created,
        resolved,
        status,
        transitions,
    })
}
