//! The workflow: tool statuses mapped onto ordered stages, the points where cycle time
//! and lead time start and stop, and each item's [`Timeline`] through the stages.
//!
//! # How a history becomes a timeline
//!
//! The rules are those of jira-agile-metrics (`calculators/cycletime.py`
//! `CycleTimeCalculator.run` and `calculators/cfd.py` `CFDCalculator.run`, checked
//! against its `cycletime_test.py` fixtures A-3 and A-4, reproduced in this crate's
//! tests):
//!
//! 1. The item enters the stage of its initial status when it is created
//!    ([`WorkItem::initial_status`]), then each status change in time order.
//! 2. **The first entry into a stage counts**: entering a stage that already has a date
//!    keeps the earlier date.
//! 3. **Moving backwards wipes the later stages**: entering a stage clears the dates of
//!    every stage after it, so a reopened item is no longer done, and its next pass
//!    through the later stages dates them afresh.
//! 4. **A skipped stage takes the next stage's date**: a stage before the item's
//!    furthest stage that has no date gets the date of the next stage that has one
//!    (pandas `fillna(method='bfill', axis=1)` in `cfd.py`). Cycle time then runs from
//!    the commitment stage's date, which is the rule of `cycletime.py` (the first dated
//!    `accepted` stage) as well.
//! 5. **A status no stage claims is reported, not dropped**: it appears in
//!    [`Mapping::unmapped`] with the item and the time, and the change is otherwise
//!    ignored (`cycletime.py` logs "transitioned to unknown JIRA status" and continues).
//!
//! Status names match case-insensitively, as in jira-agile-metrics. The item's current
//! stage is the furthest stage with a date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use folio_types::{KeyResultId, ProductId};

use crate::error::{Error, Result};
use crate::item::WorkItem;

/// What a stage means to the flow metrics. A workflow may have several stages of one
/// kind (a user's own `Review` stage is of kind [`StageKind::InProgress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum StageKind {
    /// Ideas and requests nobody has committed to.
    Backlog,
    /// Committed to, not yet started.
    Committed,
    /// Being worked on.
    InProgress,
    /// Finished.
    Done,
}

/// One stage of the workflow and the tool statuses it collects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Stage {
    /// The stage's name, as reports show it.
    pub name: String,
    /// What the stage means.
    pub kind: StageKind,
    /// The tool statuses that put an item in this stage (matched case-insensitively).
    pub statuses: Vec<String>,
}

impl Stage {
    /// A stage named `name` of `kind` collecting `statuses`.
    ///
    /// ```
    /// use folio_delivery::{Stage, StageKind};
    ///
    /// let qa = Stage::new("QA", StageKind::InProgress, ["Code review", "Test"]);
    /// assert_eq!(qa.statuses.len(), 2);
    /// ```
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        kind: StageKind,
        statuses: impl IntoIterator<Item = S>,
    ) -> Self {
        Self {
            name: name.into(),
            kind,
            statuses: statuses.into_iter().map(Into::into).collect(),
        }
    }
}

/// How days between two dates are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DayCount {
    /// Calendar days elapsed, `end - start` (jira-agile-metrics, whose cycle time is
    /// the difference of two timestamps, and folio-metrics' `cycle_time`). An item
    /// started and finished on one day took 0 days. The default.
    #[default]
    Elapsed,
    /// Calendar days counted inclusively, `end - start + 1`, as Actionable Agile counts
    /// them: an item started and finished on one day took 1 day.
    Inclusive,
}

impl DayCount {
    /// The days from `start` to `end` under this convention.
    ///
    /// ```
    /// use folio_delivery::DayCount;
    ///
    /// let (start, end) = ("2026-11-02".parse()?, "2026-11-05".parse()?);
    /// assert_eq!(DayCount::Elapsed.days(start, end), 3);
    /// assert_eq!(DayCount::Inclusive.days(start, end), 4); // 2nd, 3rd, 4th and 5th
    /// assert_eq!(DayCount::Inclusive.days(start, start), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(self, start: NaiveDate, end: NaiveDate) -> i64 {
        let elapsed = end.signed_duration_since(start).num_days();
        match self {
            Self::Elapsed => elapsed,
            Self::Inclusive => elapsed.saturating_add(1),
        }
    }
}

/// Where lead time starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LeadStart {
    /// When the item was created (the default).
    #[default]
    Created,
    /// When it entered the named stage.
    Stage(String),
}

/// A workflow as written in a configuration file, before validation. See [`Workflow`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WorkflowData {
    /// The stages, in flow order (backlog first, done last).
    pub stages: Vec<Stage>,
    /// The stage whose entry starts cycle time (the commitment point). Default: the
    /// first stage of kind committed, else the first of kind in progress.
    #[cfg_attr(feature = "serde", serde(default))]
    pub cycle_start: Option<String>,
    /// The stage whose entry stops cycle and lead time. Default: the first stage of
    /// kind done.
    #[cfg_attr(feature = "serde", serde(default))]
    pub done: Option<String>,
    /// Where lead time starts.
    #[cfg_attr(feature = "serde", serde(default))]
    pub lead_start: LeadStart,
    /// How days are counted.
    #[cfg_attr(feature = "serde", serde(default))]
    pub day_count: DayCount,
}

/// A validated workflow: ordered stages, each tool status in exactly one stage, and the
/// start and stop points of cycle and lead time.
///
/// ```
/// use folio_delivery::{Stage, StageKind, Workflow, WorkflowData};
///
/// let workflow = Workflow::new(WorkflowData {
///     stages: vec![
///         Stage::new("Backlog", StageKind::Backlog, ["Backlog"]),
///         Stage::new("Committed", StageKind::Committed, ["Next"]),
///         Stage::new("Build", StageKind::InProgress, ["Build"]),
///         Stage::new("Test", StageKind::InProgress, ["Code review", "QA"]),
///         Stage::new("Done", StageKind::Done, ["Done"]),
///     ],
///     cycle_start: None,
///     done: None,
///     lead_start: Default::default(),
///     day_count: Default::default(),
/// })?;
/// assert_eq!(workflow.stage_of("code REVIEW"), Some(3));
/// assert_eq!(workflow.cycle_start(), 1);
/// assert_eq!(workflow.done(), 4);
/// # Ok::<(), folio_delivery::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A validated workflow: ordered stages, each tool status in exactly one stage, and the\nstart and stop points of cycle and lead time."
    )
)]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "WorkflowData", into = "WorkflowData")
)]
pub struct Workflow {
    data: WorkflowData,
    lookup: BTreeMap<String, usize>,
    cycle_start: usize,
    done: usize,
    lead_start: Option<usize>,
}

impl Workflow {
    /// Validates `data`: at least two stages, unique non-empty stage names, every status
    /// in one stage only, a cycle start before the done stage, and a lead start (when a
    /// stage) no later than the done stage.
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] naming the stage or status at fault.
    pub fn new(data: WorkflowData) -> Result<Self> {
        let bad = |problem: String| Err(Error::Workflow { problem });
        if data.stages.len() < 2 {
            return bad(format!(
                "{} stage(s); a workflow needs at least two (a start and a done stage)",
                data.stages.len()
            ));
        }
        let mut names = BTreeSet::new();
        let mut lookup = BTreeMap::new();
        for (index, stage) in data.stages.iter().enumerate() {
            if stage.name.trim().is_empty() {
                return bad(format!("stage {index} has an empty name"));
            }
            if !names.insert(stage.name.to_lowercase()) {
                return bad(format!("stage {:?} appears twice", stage.name));
            }
            for status in &stage.statuses {
                let key = status.trim().to_lowercase();
                if key.is_empty() {
                    return bad(format!("stage {:?} lists an empty status", stage.name));
                }
                if let Some(other) = lookup.insert(key, index) {
                    let other = data.stages.get(other).map_or("", |s| s.name.as_str());
                    return bad(format!(
                        "status {status:?} is in stage {other:?} and in stage {:?}",
                        stage.name
                    ));
                }
            }
        }
        let find = |name: &str| {
            data.stages
                .iter()
                .position(|s| s.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| Error::Workflow {
                    problem: format!("no stage named {name:?}"),
                })
        };
        let first_of = |kinds: &[StageKind], what: &str| {
            kinds
                .iter()
                .find_map(|kind| data.stages.iter().position(|s| s.kind == *kind))
                .ok_or_else(|| Error::Workflow {
                    problem: format!("no {what} stage: name one or add a stage of that kind"),
                })
        };
        let cycle_start = match &data.cycle_start {
            Some(name) => find(name)?,
            None => first_of(
                &[StageKind::Committed, StageKind::InProgress],
                "committed or in-progress (cycle start)",
            )?,
        };
        let done = match &data.done {
            Some(name) => find(name)?,
            None => first_of(&[StageKind::Done], "done")?,
        };
        if cycle_start >= done {
            return bad(format!(
                "the cycle start stage {:?} is not before the done stage {:?}",
                data.stages.get(cycle_start).map_or("", |s| s.name.as_str()),
                data.stages.get(done).map_or("", |s| s.name.as_str())
            ));
        }
        let lead_start = match &data.lead_start {
            LeadStart::Created => None,
            LeadStart::Stage(name) => {
                let index = find(name)?;
                if index >= done {
                    return bad(format!(
                        "the lead time start stage {name:?} is not before the done stage"
                    ));
                }
                Some(index)
            }
        };
        Ok(Self {
            data,
            lookup,
            cycle_start,
            done,
            lead_start,
        })
    }

    /// A ready-made workflow for the common status names of Jira, Linear and the CSV
    /// adapter: `Backlog` (backlog, to do, todo, open, new, triage, created), `Committed`
    /// (selected for development, ready, committed, next, unstarted), `In Progress`
    /// (in progress, started, in review, code review, review, test, testing, qa) and
    /// `Done` (done, closed, resolved, released, shipped, completed). Cancelled states
    /// are deliberately absent, so they are reported as unmapped.
    ///
    /// ```
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!(workflow.stage_of("In Review"), Some(2));
    /// assert_eq!(workflow.stage_of("Canceled"), None);
    /// ```
    pub fn standard() -> Self {
        let data = WorkflowData {
            stages: vec![
                Stage::new(
                    "Backlog",
                    StageKind::Backlog,
                    [
                        "Backlog", "To Do", "Todo", "Open", "New", "Triage", "Created",
                    ],
                ),
                Stage::new(
                    "Committed",
                    StageKind::Committed,
                    [
                        "Selected for Development",
                        "Ready",
                        "Committed",
                        "Next",
                        "Unstarted",
                    ],
                ),
                Stage::new(
                    "In Progress",
                    StageKind::InProgress,
                    [
                        "In Progress",
                        "Started",
                        "In Review",
                        "Code Review",
                        "Review",
                        "Test",
                        "Testing",
                        "QA",
                    ],
                ),
                Stage::new(
                    "Done",
                    StageKind::Done,
                    [
                        "Done",
                        "Closed",
                        "Resolved",
                        "Released",
                        "Shipped",
                        "Completed",
                    ],
                ),
            ],
            cycle_start: None,
            done: None,
            lead_start: LeadStart::Created,
            day_count: DayCount::Elapsed,
        };
        // The data above is valid by construction; the fallback keeps the signature
        // infallible without a panic path.
        Self::new(data.clone()).unwrap_or(Self {
            data,
            lookup: BTreeMap::new(),
            cycle_start: 1,
            done: 3,
            lead_start: None,
        })
    }

    /// The stages, in flow order.
    ///
    /// ```
    /// let workflow = folio_delivery::Workflow::standard();
    /// let names: Vec<&str> = workflow.stages().iter().map(|s| s.name.as_str()).collect();
    /// assert_eq!(names, ["Backlog", "Committed", "In Progress", "Done"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stages(&self) -> &[Stage] {
        &self.data.stages
    }

    /// The name of stage `index`, or `""` past the end.
    ///
    /// ```
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!(workflow.stage_name(2), "In Progress");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stage_name(&self, index: usize) -> &str {
        self.data.stages.get(index).map_or("", |s| s.name.as_str())
    }

    /// The stage a tool status belongs to (case-insensitive), if any.
    ///
    /// ```
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!(workflow.stage_of("Code Review"), Some(2));
    /// assert_eq!(workflow.stage_of("Shipped"), Some(workflow.done()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stage_of(&self, status: &str) -> Option<usize> {
        self.lookup.get(&status.trim().to_lowercase()).copied()
    }

    /// The index of the stage that starts cycle time.
    ///
    /// ```
    /// // The clock starts at the first committed stage of the standard workflow.
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!(workflow.stage_name(workflow.cycle_start()), "Committed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cycle_start(&self) -> usize {
        self.cycle_start
    }

    /// The index of the stage that stops cycle and lead time.
    ///
    /// ```
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!((workflow.done(), workflow.stage_name(workflow.done())), (3, "Done"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn done(&self) -> usize {
        self.done
    }

    /// The index of the stage that starts lead time, or `None` for creation.
    ///
    /// ```
    /// // The standard workflow counts lead time from creation, not from a stage.
    /// let workflow = folio_delivery::Workflow::standard();
    /// assert_eq!(workflow.lead_start(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lead_start(&self) -> Option<usize> {
        self.lead_start
    }

    /// How days are counted.
    ///
    /// ```
    /// use folio_delivery::{DayCount, Workflow};
    ///
    /// assert_eq!(Workflow::standard().day_count(), DayCount::Elapsed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn day_count(&self) -> DayCount {
        self.data.day_count
    }

    /// Maps every item onto the stages (see the [module docs](self) for the rules).
    ///
    /// ```
    /// use folio_delivery::{Transition, WorkItem, Workflow};
    ///
    /// let at = |s: &str| s.parse::<chrono::NaiveDateTime>();
    /// let item = WorkItem {
    ///     id: "ENG-1".into(), kind: "Feature".into(), product: None, key_results: vec![],
    ///     created: at("2026-11-02T09:00:00")?, resolved: None, status: "Done".into(),
    ///     transitions: vec![
    ///         Transition { at: at("2026-11-03T09:00:00")?, from: Some("Todo".into()), to: "In Progress".into() },
    ///         Transition { at: at("2026-11-04T09:00:00")?, from: Some("In Progress".into()), to: "Blocked".into() },
    ///         Transition { at: at("2026-11-06T09:00:00")?, from: Some("Blocked".into()), to: "Done".into() },
    ///     ],
    /// };
    /// let mapping = Workflow::standard().map(&[item])?;
    /// let timeline = &mapping.timelines[0];
    /// // Committed was skipped: it takes the In Progress date.
    /// assert_eq!(timeline.entered[1], timeline.entered[2]);
    /// assert_eq!(timeline.stage, Some(3));
    /// // "Blocked" is no stage's status: reported, not dropped.
    /// assert_eq!(mapping.unmapped[0].status, "Blocked");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateItem`] when two items share an id; [`Error::Field`] for an empty
    /// id or a status change dated before the item was created.
    pub fn map(&self, items: &[WorkItem]) -> Result<Mapping> {
        let mut seen = BTreeSet::new();
        let mut timelines = Vec::with_capacity(items.len());
        let mut unmapped = Vec::new();
        for item in items {
            if item.id.trim().is_empty() {
                return Err(Error::field("", "id", "empty item id"));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(Error::DuplicateItem {
                    id: item.id.clone(),
                });
            }
            timelines.push(self.timeline(item, &mut unmapped)?);
        }
        timelines.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        unmapped.sort_unstable();
        Ok(Mapping {
            timelines,
            unmapped,
        })
    }

    /// One item's timeline; unmapped statuses are appended to `unmapped`.
    fn timeline(&self, item: &WorkItem, unmapped: &mut Vec<Unmapped>) -> Result<Timeline> {
        let mut entered: Vec<Option<NaiveDateTime>> = vec![None; self.data.stages.len()];
        let mut order: Vec<usize> = (0..item.transitions.len()).collect();
        order.sort_by_key(|&i| item.transitions.get(i).map(|t| t.at));
        let initial = item.initial_status().map(|s| (item.created, s));
        let changes = order
            .iter()
            .filter_map(|&i| item.transitions.get(i))
            .map(|t| {
                if t.at < item.created {
                    return Err(Error::field(
                        &item.id,
                        "transitions",
                        format!(
                            "change to {:?} at {} is before the item was created at {}",
                            t.to, t.at, item.created
                        ),
                    ));
                }
                Ok((t.at, t.to.as_str()))
            });
        for event in initial.map(Ok).into_iter().chain(changes) {
            let (at, status) = event?;
            let Some(stage) = self.stage_of(status) else {
                unmapped.push(Unmapped {
                    item: item.id.clone(),
                    status: status.to_owned(),
                    at,
                });
                continue;
            };
            if let Some(slot) = entered.get_mut(stage) {
                // Rule 2: the first entry counts.
                slot.get_or_insert(at);
            }
            // Rule 3: a move backwards wipes the later stages.
            for later in entered.iter_mut().skip(stage.saturating_add(1)) {
                *later = None;
            }
        }
        let stage = entered.iter().rposition(Option::is_some);
        // Rule 4: a skipped stage takes the next stage's date.
        let mut next = None;
        for slot in entered.iter_mut().rev() {
            match slot {
                Some(at) => next = Some(*at),
                None => *slot = next,
            }
        }
        Ok(Timeline {
            id: item.id.clone(),
            kind: item.kind.clone(),
            product: item.product.clone(),
            key_results: item.key_results.clone(),
            created: item.created,
            entered,
            stage,
        })
    }
}

impl TryFrom<WorkflowData> for Workflow {
    type Error = Error;

    fn try_from(data: WorkflowData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<Workflow> for WorkflowData {
    fn from(workflow: Workflow) -> Self {
        workflow.data
    }
}

/// One item's path through the stages, after the rules of the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Timeline {
    /// The item's id.
    pub id: String,
    /// Its type.
    pub kind: String,
    /// Its product, when known.
    pub product: Option<ProductId>,
    /// The key results it is tied to.
    pub key_results: Vec<KeyResultId>,
    /// When it was created.
    pub created: NaiveDateTime,
    /// When it entered each stage (indexed like [`Workflow::stages`]); `None` for a
    /// stage it has not reached.
    pub entered: Vec<Option<NaiveDateTime>>,
    /// Its current stage: the furthest one it has entered (`None` if no status of its
    /// history is mapped).
    pub stage: Option<usize>,
}

impl Timeline {
    /// The day it entered stage `index`, if it has.
    ///
    /// ```
    /// # #![allow(unused)]
    /// # use folio_delivery::{Flow, Interval, Scope, Transition, WorkItem, Window, Workflow};
    /// # let at = |s: &str| s.parse::<chrono::NaiveDateTime>();
    /// # let item = |id: &str, start: &str, done: Option<&str>| -> Result<WorkItem, chrono::ParseError> {
    /// #     let mut transitions = vec![Transition { at: at(start)?, from: Some("To Do".into()), to: "In Progress".into() }];
    /// #     if let Some(done) = done {
    /// #         transitions.push(Transition { at: at(done)?, from: Some("In Progress".into()), to: "Done".into() });
    /// #     }
    /// #     Ok(WorkItem {
    /// #         id: id.into(), kind: "Story".into(), product: None, key_results: vec![],
    /// #         created: at("2026-11-01T08:00:00")?, resolved: None,
    /// #         status: if done.is_some() { "Done" } else { "In Progress" }.into(), transitions,
    /// #     })
    /// # };
    /// # let items = [
    /// #     item("A", "2026-11-02T09:00:00", Some("2026-11-05T17:00:00"))?,
    /// #     item("B", "2026-11-03T09:00:00", Some("2026-11-04T17:00:00"))?,
    /// #     item("C", "2026-11-04T09:00:00", None)?,
    /// # ];
    /// # let workflow = Workflow::standard();
    /// # let mapping = workflow.map(&items)?;
    /// # let flow = Flow::new(&workflow, &mapping, &Scope::All);
    /// # let week = Window::new("2026-11-01".parse()?, "2026-11-07".parse()?)?;
    /// // Created on Nov 1; A in progress Nov 2-5, B Nov 3-4, C since Nov 4.
    /// // A skipped "Committed" takes the day of the next stage reached.
    /// let a = &mapping.timelines[0];
    /// assert_eq!(a.entered_on(workflow.cycle_start()), Some("2026-11-02".parse()?));
    /// assert_eq!(a.entered_on(workflow.done()), Some("2026-11-05".parse()?));
    /// assert_eq!(mapping.timelines[2].entered_on(workflow.done()), None); // C is open
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entered_on(&self, index: usize) -> Option<NaiveDate> {
        self.entered
            .get(index)
            .copied()
            .flatten()
            .map(|at| at.date())
    }
}

/// A status change to a status that no stage claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Unmapped {
    /// The item.
    pub item: String,
    /// The status, as the tool wrote it.
    pub status: String,
    /// When the item moved to it.
    pub at: NaiveDateTime,
}

/// The result of [`Workflow::map`]: one timeline per item (sorted by id) and every
/// unmapped status change (sorted by item, status and time).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Mapping {
    /// One timeline per item, sorted by id.
    pub timelines: Vec<Timeline>,
    /// The status changes no stage claims.
    pub unmapped: Vec<Unmapped>,
}

impl Mapping {
    /// The distinct unmapped statuses with how many changes used each, for a
    /// configuration warning ("status \"Blocked\" (3 changes) is in no stage").
    ///
    /// ```
    /// use folio_delivery::{Transition, WorkItem, Workflow};
    ///
    /// let at = |s: &str| s.parse::<chrono::NaiveDateTime>();
    /// let item = WorkItem {
    ///     id: "A-1".into(), kind: "Story".into(), product: None, key_results: vec![],
    ///     created: at("2026-11-01T08:00:00")?, resolved: None, status: "In Progress".into(),
    ///     transitions: vec![
    ///         Transition { at: at("2026-11-02T09:00:00")?, from: Some("To Do".into()), to: "Blocked".into() },
    ///         Transition { at: at("2026-11-03T09:00:00")?, from: Some("Blocked".into()), to: "In Progress".into() },
    ///     ],
    /// };
    /// let mapping = Workflow::standard().map(&[item])?;
    /// // "Blocked" is in no stage of the standard workflow: one change led into it.
    /// assert_eq!(mapping.unmapped_statuses().into_iter().collect::<Vec<_>>(), [("Blocked", 1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unmapped_statuses(&self) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &self.unmapped {
            let count = counts.entry(u.status.as_str()).or_default();
            *count = count.saturating_add(1);
        }
        counts
    }
}
