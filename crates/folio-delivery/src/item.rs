//! Work items as the delivery tools record them: an id, a type, a product, the key
//! results the item is meant to move, and the history of status changes.
//!
//! A [`WorkItem`] is plain data in the tool's own words (status names such as
//! `"Code review"`); a [`Workflow`](crate::Workflow) maps those names onto stages. The
//! adapters ([`crate::adapter`]) build items from exports; a program may also build
//! them by hand.

use chrono::NaiveDateTime;
use folio_types::{KeyResultId, ProductId};

/// One status change: at `at`, the item moved from `from` (when the tool says) to
/// `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Transition {
    /// When the status changed (UTC).
    pub at: NaiveDateTime,
    /// The status before the change, when the tool records it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub from: Option<String>,
    /// The status after the change.
    pub to: String,
}

/// A piece of delivery work (a story, a feature, an epic) and its status history.
///
/// The history need not be sorted: mapping sorts it by time and keeps the given order
/// for changes at the same instant. The status the item had when it was created is
/// the `from` of its first change, or its current `status` when it never changed
/// (the convention of jira-agile-metrics' `QueryManager.iter_changes`); when the first
/// change has no `from` (a CSV with one row per transition), that change is taken as
/// the item's first status.
///
/// ```
/// use folio_delivery::{Transition, WorkItem};
///
/// let at = |s: &str| s.parse::<chrono::NaiveDateTime>();
/// let item = WorkItem {
///     id: "A-3".into(),
///     kind: "Story".into(),
///     product: None,
///     key_results: vec![folio_types::KeyResultId::new("kr-activation")?],
///     created: at("2018-01-03T01:01:01")?,
///     resolved: None,
///     status: "Done".into(),
///     transitions: vec![
///         Transition { at: at("2018-01-03T01:01:01")?, from: Some("Backlog".into()), to: "Next".into() },
///         Transition { at: at("2018-01-06T01:01:01")?, from: Some("Next".into()), to: "Done".into() },
///     ],
/// };
/// assert_eq!(item.initial_status(), Some("Backlog"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WorkItem {
    /// The item's id or key in its tool, such as `PROJ-12`.
    pub id: String,
    /// Its type, such as `Story`, `Bug` or `Feature`.
    pub kind: String,
    /// The product it belongs to, when known.
    #[cfg_attr(feature = "serde", serde(default))]
    pub product: Option<ProductId>,
    /// The key results it is meant to move (none, one or several).
    #[cfg_attr(feature = "serde", serde(default))]
    pub key_results: Vec<KeyResultId>,
    /// When it was created (UTC).
    pub created: NaiveDateTime,
    /// The tool's own resolution date, when it has one. Informational: stages and flow
    /// metrics come from the status history, as jira-agile-metrics does.
    #[cfg_attr(feature = "serde", serde(default))]
    pub resolved: Option<NaiveDateTime>,
    /// Its current status, in the tool's words.
    pub status: String,
    /// Its status changes, in any order.
    #[cfg_attr(feature = "serde", serde(default))]
    pub transitions: Vec<Transition>,
}

impl WorkItem {
    /// The status the item was created in: the `from` of its earliest change when the
    /// tool recorded one, its current status when it never changed, and `None` when
    /// the earliest change does not say where it came from.
    pub fn initial_status(&self) -> Option<&str> {
        match self
            .transitions
            .iter()
            .enumerate()
            .min_by_key(|(index, t)| (t.at, *index))
        {
            Some((_, first)) => first.from.as_deref(),
            None => Some(&self.status),
        }
    }
}
