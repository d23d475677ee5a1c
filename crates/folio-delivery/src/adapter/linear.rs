//! Linear's GraphQL issue export (feature `linear`).
//!
//! The shape read is what Linear's GraphQL API returns for a query such as
//!
//! ```graphql
//! { issues { nodes {
//!     identifier createdAt completedAt
//!     state { name type }
//!     team { key }
//!     parent { identifier }
//!     labels { nodes { name } }
//!     history { nodes { createdAt fromState { name } toState { name } } }
//! } } }
//! ```
//!
//! with or without the `data` envelope; a plain array of issues is read too, and
//! `labels` and `history` may be arrays instead of `{ nodes }` connections. Only
//! `identifier` (or `id`), `createdAt` and `state.name` are required. History entries
//! without a `toState` (changes to other fields) are skipped. Linear has no issue
//! type: items read as `Issue`.

use serde_json::Value;

use crate::adapter::json::{key_results, labels, list, opt_str, product_of, read_issues, req_str};
use crate::adapter::{ImportConfig, parse_timestamp, timestamp};
use crate::error::{Error, Result};
use crate::item::{Transition, WorkItem};

/// Reads the work items of a Linear export.
///
/// ```
/// use folio_delivery::adapter::{ImportConfig, linear};
///
/// let json = r#"{ "data": { "issues": { "nodes": [ {
///     "identifier": "ENG-12",
///     "createdAt": "2026-11-02T09:00:00.000Z",
///     "state": { "name": "In Progress", "type": "started" },
///     "labels": { "nodes": [ { "name": "kr:activation" } ] },
///     "history": { "nodes": [ {
///         "createdAt": "2026-11-03T10:00:00.000Z",
///         "fromState": { "name": "Todo" },
///         "toState": { "name": "In Progress" }
///     } ] }
/// } ] } } }"#;
/// let items = linear::parse(json, &ImportConfig::labels())?;
/// assert_eq!(items[0].id, "ENG-12");
/// assert_eq!(items[0].transitions[0].from.as_deref(), Some("Todo"));
/// # Ok::<(), folio_delivery::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Parse`] for text that is not JSON or holds no issue list;
/// [`Error::Field`] naming the issue and field for a missing or malformed field.
pub fn parse(json: &str, config: &ImportConfig) -> Result<Vec<WorkItem>> {
    let root: Value = serde_json::from_str(json).map_err(|e| Error::Parse {
        format: "linear",
        problem: e.to_string(),
    })?;
    let issues = [
        "/data/issues/nodes",
        "/issues/nodes",
        "/data/issues",
        "/issues",
        "",
    ]
    .iter()
    .find_map(|p| root.pointer(p).and_then(Value::as_array))
    .ok_or_else(|| Error::Parse {
        format: "linear",
        problem: "expected `data.issues.nodes`, `issues.nodes`, `issues` or an array of issues"
            .into(),
    })?;
    read_issues(issues, |issue, position| item(issue, position, config))
}

fn item(issue: &Value, position: String, config: &ImportConfig) -> Result<WorkItem> {
    let id = match opt_str(issue, "/identifier", &position)? {
        Some(id) => id,
        None => req_str(issue, "/id", &position)?,
    }
    .to_owned();
    if id.trim().is_empty() {
        return Err(Error::field(position, "identifier", "empty"));
    }
    let created = timestamp(&id, "createdAt", opt_str(issue, "/createdAt", &id)?)?;
    let resolved = match opt_str(issue, "/completedAt", &id)? {
        None => None,
        Some(text) => Some(parse_timestamp(text).ok_or_else(|| {
            Error::field(&id, "completedAt", format!("not a timestamp: {text:?}"))
        })?),
    };
    let status = req_str(issue, "/state/name", &id)?.to_owned();
    let labels_ = labels(issue, "/labels", &id)?;
    let key_results = key_results(
        issue,
        &labels_,
        &config.key_results,
        "/parent/identifier",
        &id,
    )?;
    let product = product_of(issue, &labels_, &config.product, "/team/key", &id)?;
    let mut transitions = Vec::new();
    for (h, entry) in list(issue, "/history", &id)?.iter().enumerate() {
        let field = format!("history[{h}]");
        let Some(to) = opt_str(entry, "/toState/name", &id)? else {
            continue;
        };
        let at = timestamp(
            &id,
            &format!("{field}.createdAt"),
            opt_str(entry, "/createdAt", &id)?,
        )?;
        let from = opt_str(entry, "/fromState/name", &id)?.map(str::to_owned);
        transitions.push(Transition {
            at,
            from,
            to: to.to_owned(),
        });
    }
    Ok(WorkItem {
        id,
        kind: "Issue".to_owned(),
        product,
        key_results,
        created,
        resolved,
        status,
        transitions,
    })
}
