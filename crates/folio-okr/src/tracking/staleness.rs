//! Staleness: key results whose owners stopped updating them.
//!
//! The seeds' rule, with every number a field of [`StalenessPolicy`]:
//!
//! - a key result not updated for **14 days** is stale (exactly 14 days counts);
//! - the owner then has **7 days** to update it, retire it or escalate it: while that
//!   window is open the state is [`Staleness::ActionDue`], after it
//!   [`Staleness::ActionOverdue`];
//! - a key result **not updated for more than 21 days** is recommended for retirement
//!   (seed 002: "Stale KRs that linger longer than three weeks should be killed").
//!
//! The seed's "three weeks" is read as three weeks since the last update, not three
//! weeks after becoming stale: flagged at 14 days, a week to act, and from day 22 on
//! retire or reassign. With the defaults the window to act closes on day 21, so a key
//! result goes from [`Staleness::ActionDue`] straight to
//! [`Staleness::RetirementRecommended`]; [`Staleness::ActionOverdue`] appears only
//! under a policy whose retirement threshold is later than the end of the window.
//!
//! "Updated" means a check-in. A key result with no check-in of its own that others
//! roll up into (a product key result fed by initiative key results) is as fresh as its
//! most recently updated contributor: its owners update it through them. A key result
//! with no check-in at all, of its own or beneath it, counts from the first day of the
//! period, as if the period's start were its last update.
//!
//! Retiring and escalating are [`Action`]s recorded with a date and an actor, not flags:
//! a retirement on or before `as_of` ends tracking ([`Staleness::Retired`]); an
//! escalation made during the current stale spell answers the owner's duty to act
//! ([`Staleness::Escalated`]) until the next check-in. An escalation made before the
//! key result last went stale belongs to an earlier spell and does not count.

use std::collections::BTreeMap;

use chrono::Days;
use folio_types::{KeyResultId, NaiveDate, OwnerId, Series};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::model::NodeId;
use crate::tracking::checkin::{CheckInLog, Update, state_in};

/// The staleness thresholds, in days. The defaults are the seeds': 14, 7 and 21.
///
/// A policy that exists is valid: [`new`](Self::new) and deserialization check that
/// `stale_after_days` is at least 1 (with 0 every key result is stale on the day of
/// its check-in) and that `retire_after_days` is not below it (retirement is the step
/// after staleness); the fields are private.
///
/// ```
/// use folio_okr::tracking::StalenessPolicy;
///
/// let policy = StalenessPolicy::new(10, 7, 21)?;
/// assert_eq!(policy.retire_after_days(), 21);
/// // Retirement before staleness is an error naming the field and both values.
/// let err = StalenessPolicy::new(14, 7, 10).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid staleness policy: retire_after_days (10) must not be below stale_after_days (14)"
/// );
/// # #[cfg(feature = "serde")]
/// # {
/// let read: StalenessPolicy = serde_json::from_str(r#"{ "stale_after_days": 10 }"#)?;
/// assert_eq!(read, policy);
/// assert!(serde_json::from_str::<StalenessPolicy>(r#"{"retire_after_days": 10}"#).is_err());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The staleness thresholds, in days. The defaults are the seeds': 14, 7 and 21. stale_after_days is at least 1 and retire_after_days is not below it."
    )
)]
pub struct StalenessPolicy {
    /// Days without a check-in after which a key result is stale.
    stale_after_days: u32,
    /// Days the owner has, once it is stale, to update, retire or escalate.
    action_window_days: u32,
    /// Days without an update after which retirement is recommended (strictly more),
    /// counted from the last update like `stale_after_days`.
    retire_after_days: u32,
}

impl StalenessPolicy {
    /// A policy of `stale_after_days` without a check-in to become stale,
    /// `action_window_days` to act once stale, and retirement recommended after
    /// `retire_after_days` without an update.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `stale_after_days` if it is 0, or `retire_after_days` if it is below
    /// `stale_after_days`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_okr::tracking::StalenessPolicy;
    ///
    /// assert_eq!(StalenessPolicy::new(14, 7, 21)?, StalenessPolicy::default());
    /// assert!(StalenessPolicy::new(0, 7, 21).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        stale_after_days: u32,
        action_window_days: u32,
        retire_after_days: u32,
    ) -> crate::Result<Self> {
        let policy = Self {
            stale_after_days,
            action_window_days,
            retire_after_days,
        };
        policy.validate()?;
        Ok(policy)
    }

    /// Days without a check-in after which a key result is stale.
    pub fn stale_after_days(&self) -> u32 {
        self.stale_after_days
    }

    /// Days the owner has, once it is stale, to update, retire or escalate.
    pub fn action_window_days(&self) -> u32 {
        self.action_window_days
    }

    /// Days without an update after which retirement is recommended (strictly more),
    /// counted from the last update like `stale_after_days`.
    pub fn retire_after_days(&self) -> u32 {
        self.retire_after_days
    }

    /// Checks the rules listed on the type. Deserialization runs this check.
    fn validate(&self) -> crate::Result<()> {
        let invalid =
            |field, problem| crate::error::invalid_setting("staleness policy", field, problem);
        if self.stale_after_days == 0 {
            return Err(invalid(
                "stale_after_days",
                "(0) must be at least 1".to_owned(),
            ));
        }
        if self.retire_after_days < self.stale_after_days {
            return Err(invalid(
                "retire_after_days",
                format!(
                    "({}) must not be below stale_after_days ({})",
                    self.retire_after_days, self.stale_after_days
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(StalenessPolicy);

impl Default for StalenessPolicy {
    fn default() -> Self {
        Self {
            stale_after_days: 14,
            action_window_days: 7,
            retire_after_days: 21,
        }
    }
}

/// What was done about a key result, other than checking in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ActionKind {
    /// The key result no longer counts: dropped, or replaced by another.
    Retire,
    /// The owner handed the problem up, to `to`.
    Escalate {
        /// Who the key result was escalated to.
        to: OwnerId,
    },
}

/// A recorded action on a key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Action {
    /// The key result acted on.
    pub key_result: KeyResultId,
    /// The day of the action.
    pub date: NaiveDate,
    /// Retire or escalate.
    pub kind: ActionKind,
    /// Who took the action.
    pub actor: OwnerId,
    /// Why, in the actor's words.
    #[cfg_attr(feature = "serde", serde(default))]
    pub note: String,
}

/// A key result's staleness at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "state"))]
#[non_exhaustive]
pub enum Staleness {
    /// Updated within the last `stale_after_days` days.
    Fresh {
        /// Days since the last update.
        days_since_update: u32,
    },
    /// Stale, and the owner's window to update, retire or escalate is open.
    ActionDue {
        /// Days since the last update.
        days_since_update: u32,
        /// The last day of the window.
        due: NaiveDate,
    },
    /// Stale, and the window to act has passed without an update or action.
    ActionOverdue {
        /// Days since the last update.
        days_since_update: u32,
        /// The last day of the window that passed.
        due: NaiveDate,
    },
    /// Not updated for longer than `retire_after_days`: retirement is recommended.
    RetirementRecommended {
        /// Days since the last update.
        days_since_update: u32,
        /// Days spent stale.
        days_stale: u32,
    },
    /// Stale, and escalated during this stale spell.
    Escalated {
        /// Days since the last update.
        days_since_update: u32,
        /// The escalation.
        action: Action,
    },
    /// Retired on or before `as_of`.
    Retired {
        /// The retirement.
        action: Action,
    },
}

/// A key result's staleness with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StalenessReport {
    /// The key result.
    pub key_result: KeyResultId,
    /// The last update on or before `as_of`, if any: its own latest check-in, or for a
    /// key result without check-ins of its own, the latest of its contributors'.
    pub last_update: Option<NaiveDate>,
    /// The state.
    pub staleness: Staleness,
}

/// A key result's last update: its own latest check-in, or when it has none, the latest
/// of the key results beneath it (through any depth).
fn last_update(
    graph: &OkrGraph,
    log: &CheckInLog,
    id: &KeyResultId,
    own: Option<&Series<Update>>,
) -> Option<NaiveDate> {
    if let Some(state) = own.and_then(|series| state_in(series, log.as_of())) {
        return Some(state.date);
    }
    let plan = graph.plan();
    let mut stack: Vec<_> = plan
        .index_of(&NodeId::KeyResult(id.clone()))
        .into_iter()
        .collect();
    let mut latest = None;
    while let Some(node) = stack.pop() {
        for (child, _) in plan.contributors(node) {
            if let Some(NodeId::KeyResult(child_id)) = plan.node(*child) {
                match log.state(child_id) {
                    Some(state) => latest = latest.max(Some(state.date)),
                    None => stack.push(*child),
                }
            }
        }
    }
    latest
}

fn add_days(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(days)))
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from(to.signed_duration_since(from).num_days().max(0)).unwrap_or(u32::MAX)
}

/// The staleness of every key result of `graph` at the log's `as_of`, in id order.
///
/// # Errors
///
/// [`Error::UnknownKeyResult`] for an action on a key result the graph does not have;
/// [`Error::Core`] if a threshold pushes a date past the calendar's end.
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// # use folio_okr::tracking::{CheckIn, CheckInLog};
/// # let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
/// #   { "key_result": "arr", "date": "2026-01-05", "reading": { "value": "2" }, "confidence": "0.8" },
/// #   { "key_result": "nps", "date": "2026-02-10", "reading": { "value": "3" }, "confidence": "0.3" }
/// # ]"#)?;
/// # let log = CheckInLog::new(&graph, "2026-Q1".parse()?, "2026-02-14".parse()?, check_ins)?;
/// use folio_okr::tracking::{staleness, Staleness, StalenessPolicy};
///
/// let reports = staleness(&graph, &log, &[], &StalenessPolicy::default())?;
/// // arr was last updated on 5 January: 40 days, more than 21: retire or reassign.
/// assert!(matches!(reports[0].staleness, Staleness::RetirementRecommended { days_since_update: 40, .. }));
/// // nps checked in four days ago.
/// assert!(matches!(reports[1].staleness, Staleness::Fresh { days_since_update: 4 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn staleness(
    graph: &OkrGraph,
    log: &CheckInLog,
    actions: &[Action],
    policy: &StalenessPolicy,
) -> Result<Vec<StalenessReport>> {
    let as_of = log.as_of();
    let mut by_key_result: BTreeMap<&KeyResultId, Vec<&Action>> = BTreeMap::new();
    for action in actions {
        if graph.key_result(&action.key_result).is_none() {
            return Err(Error::UnknownKeyResult {
                what: "action",
                key_result: action.key_result.clone(),
                date: action.date,
            });
        }
        if action.date <= as_of {
            by_key_result
                .entry(&action.key_result)
                .or_default()
                .push(action);
        }
    }
    let out_of_range = || {
        Error::Core(folio_types::Error::DateOutOfRange {
            operation: "applying the staleness policy",
        })
    };
    let mut reports = Vec::new();
    // The graph keeps its key results in a map by id: already in id order.
    let ids = graph.key_results().map(|kr| &kr.id);
    // The ids are in increasing order, so the log is walked alongside, not searched.
    let mut logged = log.cursor();
    for id in ids {
        let last_update = last_update(graph, log, id, logged.get(id));
        let since = last_update
            .unwrap_or(log.period().start())
            .max(log.period().start());
        let days_since_update = days_between(since, as_of);
        let own_actions = by_key_result.get(id).map_or(&[][..], Vec::as_slice);
        // The latest retirement wins; ties on a day go to the later entry in id order.
        let retired = own_actions
            .iter()
            .filter(|a| a.kind == ActionKind::Retire)
            .max_by_key(|a| a.date);
        let stale_from = add_days(since, policy.stale_after_days).ok_or_else(out_of_range)?;
        let staleness = if let Some(action) = retired {
            Staleness::Retired {
                action: (*action).clone(),
            }
        } else if as_of < stale_from {
            Staleness::Fresh { days_since_update }
        } else if let Some(action) = own_actions
            .iter()
            .filter(|a| matches!(a.kind, ActionKind::Escalate { .. }) && a.date >= stale_from)
            .max_by_key(|a| a.date)
        {
            Staleness::Escalated {
                days_since_update,
                action: (*action).clone(),
            }
        } else {
            let days_stale = days_between(stale_from, as_of);
            let due = add_days(stale_from, policy.action_window_days).ok_or_else(out_of_range)?;
            if days_since_update > policy.retire_after_days {
                Staleness::RetirementRecommended {
                    days_since_update,
                    days_stale,
                }
            } else if as_of <= due {
                Staleness::ActionDue {
                    days_since_update,
                    due,
                }
            } else {
                Staleness::ActionOverdue {
                    days_since_update,
                    due,
                }
            }
        };
        reports.push(StalenessReport {
            key_result: id.clone(),
            last_update,
            staleness,
        });
    }
    Ok(reports)
}
