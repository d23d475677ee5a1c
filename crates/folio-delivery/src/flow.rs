//! Flow metrics over a set of timelines: cycle and lead time, throughput, WIP and
//! ageing WIP, net flow, the cumulative flow diagram and delivery predictability.
//!
//! # Definitions
//!
//! All counts are by calendar day (the date part of each timestamp). With `c` the day
//! an item entered the cycle-start stage ([`Workflow::cycle_start`]) and `d` the day it
//! entered the done stage ([`Workflow::done`]):
//!
//! - **Cycle time** of a done item: days from `c` to `d` ([`DayCount`](crate::DayCount)); **lead time**:
//!   from creation (or the lead-start stage) to `d`. Only items done inside the window
//!   count. (Vacanti, *Actionable Agile Metrics for Predictability*, ch. 2: cycle time
//!   is the time an item spends between the start and finish points the team
//!   defines.)
//! - **Throughput**: items whose `d` falls in the bucket (jira-agile-metrics
//!   `throughput.py`: completed items counted per period).
//! - **WIP on a day**: items with `c ≤ day < d` (or not yet done): started and not
//!   finished at the end of that day. So an item contributes to WIP on exactly its
//!   elapsed cycle time in days, and over a window that holds whole items the sum of
//!   daily WIP equals the sum of cycle times: Little's law, `WIP = throughput × cycle
//!   time`, holds exactly for the averages (Little, 1961; Vacanti ch. 3 for its flow
//!   form).
//! - **Ageing WIP**: each item in progress at `as_of`, with its age `as_of − c` in
//!   [`DayCount`](crate::DayCount) days and its current stage (jira-agile-metrics `ageingwip.py`).
//! - **Net flow** per bucket: arrivals (items whose `c` is in the bucket) minus
//!   departures (items whose `d` is in it) (jira-agile-metrics `netflow.py`).
//! - **CFD**: for each day and stage, how many items had entered that stage or a later
//!   one by the end of the day (jira-agile-metrics `cfd.py`: cumulative counts of the
//!   back-filled stage dates). Lines never decrease; the band of a stage (its line
//!   minus the next stage's) is how many items are in that stage that day, and the
//!   bands sum to the items seen so far.
//! - **Delivery predictability** per bucket: of the items committed at the bucket's
//!   start (`c` before the start, not done before it), the share done by the bucket's
//!   end; work added mid-bucket is neither, as in
//!   [`folio_metrics::kpi::delivery_predictability`].
//!
//! Buckets ([`Interval`]) start on the window's first day: days, 7-day weeks, or
//! calendar months (the first and last month clipped to the window).

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use folio_types::{KeyResultId, ProductId, Ratio};

use crate::error::{Error, Result};
use crate::workflow::{Mapping, Timeline, Workflow};

/// Which items a metric looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Scope {
    /// Every item.
    All,
    /// The items of one product.
    Product(ProductId),
    /// The items of several products (a product line: pass its products).
    Products(BTreeSet<ProductId>),
    /// The items tied to one key result.
    KeyResult(KeyResultId),
    /// The items of one type (case-insensitive), such as `Feature`.
    Kind(String),
}

impl Scope {
    /// Whether `timeline` is in scope.
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
    /// assert!(Scope::All.contains(&mapping.timelines[0]));
    /// assert!(Scope::Kind("STORY".into()).contains(&mapping.timelines[0]));
    /// assert!(!Scope::KeyResult("kr3".parse()?).contains(&mapping.timelines[0]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, timeline: &Timeline) -> bool {
        match self {
            Self::All => true,
            Self::Product(p) => timeline.product.as_ref() == Some(p),
            Self::Products(ps) => timeline.product.as_ref().is_some_and(|p| ps.contains(p)),
            Self::KeyResult(kr) => timeline.key_results.contains(kr),
            Self::Kind(kind) => timeline.kind.eq_ignore_ascii_case(kind),
        }
    }
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "WindowData", into = "WindowData"))]
pub struct Window {
    from: NaiveDate,
    to: NaiveDate,
}

/// A [`Window`] as written in JSON, before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct WindowData {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Window {
    /// The days `from..=to`.
    ///
    /// ```
    /// use folio_delivery::Window;
    ///
    /// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// assert_eq!(november.days(), 30);
    /// assert!(Window::new("2026-11-30".parse()?, "2026-11-01".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if to < from {
            return Err(Error::InvalidArgument {
                name: "window",
                value: format!("{from}..={to}"),
                problem: "the last day is before the first",
            });
        }
        Ok(Self { from, to })
    }

    /// The first day.
    ///
    /// ```
    /// use folio_delivery::Window;
    ///
    /// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// assert_eq!(november.from().to_string(), "2026-11-01");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day.
    ///
    /// ```
    /// use folio_delivery::Window;
    ///
    /// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// assert_eq!(november.to().to_string(), "2026-11-30");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// How many days the window holds.
    pub fn days(&self) -> usize {
        usize::try_from(self.to.signed_duration_since(self.from).num_days())
            .unwrap_or(0)
            .saturating_add(1)
    }

    /// Whether `day` lies in the window.
    ///
    /// ```
    /// use folio_delivery::Window;
    ///
    /// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// assert!(november.contains("2026-11-30".parse()?));
    /// assert!(!november.contains("2026-12-01".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The position of `day` in the window (0 for the first day), `None` outside it.
    fn index(&self, day: NaiveDate) -> Option<usize> {
        if self.contains(day) {
            usize::try_from(day.signed_duration_since(self.from).num_days()).ok()
        } else {
            None
        }
    }

    /// The day at position `index`.
    fn day(&self, index: usize) -> NaiveDate {
        self.from
            .checked_add_days(Days::new(u64::try_from(index).unwrap_or(0)))
            .unwrap_or(self.to)
    }

    /// The buckets of `interval` covering the window, in order.
    ///
    /// ```
    /// use folio_delivery::{Interval, Window};
    ///
    /// // November 2026 starts on a Sunday: weeks run Sunday to Saturday from the 1st, and the
    /// // last bucket is cut at the window's end (29th-30th).
    /// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// let weeks = november.buckets(Interval::Week);
    /// assert_eq!(weeks.len(), 5);
    /// assert_eq!((weeks[4].from().to_string(), weeks[4].days()), ("2026-11-29".to_string(), 2));
    /// assert_eq!(november.buckets(Interval::Month), [november]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn buckets(&self, interval: Interval) -> Vec<Window> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let next = match interval {
                Interval::Day => start.checked_add_days(Days::new(1)),
                Interval::Week => start.checked_add_days(Days::new(7)),
                Interval::Month => start
                    .with_day(1)
                    .and_then(|first| first.checked_add_months(Months::new(1))),
            };
            let end = next
                .and_then(|n| n.pred_opt())
                .map_or(self.to, |e| e.min(self.to));
            out.push(Window {
                from: start,
                to: end,
            });
            match next {
                Some(n) if n > start => start = n,
                _ => break,
            }
        }
        out
    }
}

impl TryFrom<WindowData> for Window {
    type Error = Error;

    fn try_from(data: WindowData) -> Result<Self> {
        Self::new(data.from, data.to)
    }
}

impl From<Window> for WindowData {
    fn from(w: Window) -> Self {
        Self {
            from: w.from,
            to: w.to,
        }
    }
}

/// The length of the buckets a series is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Interval {
    /// One day.
    Day,
    /// Seven days from the window's first day (the default).
    #[default]
    Week,
    /// A calendar month.
    Month,
}

/// A count over one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Count {
    /// The bucket's first day.
    pub from: NaiveDate,
    /// The bucket's last day.
    pub to: NaiveDate,
    /// The count.
    pub count: u64,
}

/// One done item's cycle or lead time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ItemTime {
    /// The item.
    pub id: String,
    /// The day the clock started.
    pub start: NaiveDate,
    /// The day it finished.
    pub done: NaiveDate,
    /// The days between, by the workflow's [`DayCount`](crate::DayCount).
    pub days: i64,
}

/// An item in progress and how long it has been.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Ageing {
    /// The item.
    pub id: String,
    /// Its current stage's name.
    pub stage: String,
    /// The day it entered the cycle-start stage.
    pub started: NaiveDate,
    /// Its age in days at `as_of`, by the workflow's day count.
    pub age_days: i64,
}

/// Arrivals and departures in one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct NetFlow {
    /// The bucket's first day.
    pub from: NaiveDate,
    /// The bucket's last day.
    pub to: NaiveDate,
    /// Items that entered the cycle-start stage in the bucket.
    pub arrivals: u64,
    /// Items that entered the done stage in the bucket.
    pub departures: u64,
    /// `arrivals − departures`: positive means WIP grew.
    pub net: i64,
}

/// The cumulative flow diagram as data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Cfd {
    /// The stage names, in flow order.
    pub stages: Vec<String>,
    /// One row per day of the window.
    pub days: Vec<CfdDay>,
}

/// One day of the cumulative flow diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CfdDay {
    /// The day.
    pub date: NaiveDate,
    /// Per stage: items that had entered it (or a later stage) by the end of the day.
    pub cumulative: Vec<u64>,
    /// Per stage: items in that stage at the end of the day.
    pub bands: Vec<u64>,
}

/// Delivery predictability of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Predictability {
    /// The bucket's first day.
    pub from: NaiveDate,
    /// The bucket's last day.
    pub to: NaiveDate,
    /// Items committed and not done at the bucket's start.
    pub committed: u64,
    /// Of those, items done by the bucket's end.
    pub delivered: u64,
    /// `delivered / committed`; `None` when nothing was committed.
    pub ratio: Option<Ratio>,
}

/// A set of timelines under one workflow: the input of every flow metric.
///
/// ```
/// use folio_delivery::{Flow, Interval, Scope, Transition, WorkItem, Window, Workflow};
///
/// let at = |s: &str| s.parse::<chrono::NaiveDateTime>();
/// let item = |id: &str, start: &str, done: &str| -> Result<WorkItem, chrono::ParseError> {
///     Ok(WorkItem {
///         id: id.into(), kind: "Story".into(), product: None, key_results: vec![],
///         created: at("2026-11-01T08:00:00")?, resolved: None, status: "Done".into(),
///         transitions: vec![
///             Transition { at: at(start)?, from: Some("To Do".into()), to: "In Progress".into() },
///             Transition { at: at(done)?, from: Some("In Progress".into()), to: "Done".into() },
///         ],
///     })
/// };
/// let items = [
///     item("A", "2026-11-02T09:00:00", "2026-11-05T17:00:00")?,
///     item("B", "2026-11-03T09:00:00", "2026-11-04T17:00:00")?,
/// ];
/// let workflow = Workflow::standard();
/// let mapping = workflow.map(&items)?;
/// let flow = Flow::new(&workflow, &mapping, &Scope::All);
/// let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
/// let days: Vec<i64> = flow.cycle_times(november).iter().map(|t| t.days).collect();
/// assert_eq!(days, [1, 3]); // B: 3rd to 4th; A: 2nd to 5th
/// assert_eq!(flow.wip_on("2026-11-03".parse()?), 2);
/// assert_eq!(flow.throughput(november, Interval::Week)[0].count, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Flow<'a> {
    workflow: &'a Workflow,
    items: Vec<&'a Timeline>,
    /// Per item (same order): the day it entered the cycle-start stage and the done
    /// stage, read once because every metric needs them.
    spans: Vec<(Option<NaiveDate>, Option<NaiveDate>)>,
}

impl<'a> Flow<'a> {
    /// The timelines of `mapping` that are in `scope`.
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
    /// let stories = Flow::new(&workflow, &mapping, &Scope::Kind("story".into()));
    /// assert_eq!(stories.timelines().len(), 3); // the type matches case-insensitively
    /// let bugs = Flow::new(&workflow, &mapping, &Scope::Kind("Bug".into()));
    /// assert_eq!(bugs.daily_throughput(week), [0; 7]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(workflow: &'a Workflow, mapping: &'a Mapping, scope: &Scope) -> Self {
        Self::from_timelines(
            workflow,
            mapping.timelines.iter().filter(|t| scope.contains(t)),
        )
    }

    /// Any timelines (mapped by `workflow`).
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
    /// // Only the items still open.
    /// let open = Flow::from_timelines(&workflow, mapping.timelines.iter().filter(|t| t.entered_on(workflow.done()).is_none()));
    /// assert_eq!(open.timelines().len(), 1);
    /// assert_eq!(open.wip_on("2026-11-07".parse()?), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_timelines(
        workflow: &'a Workflow,
        timelines: impl IntoIterator<Item = &'a Timeline>,
    ) -> Self {
        let items: Vec<&'a Timeline> = timelines.into_iter().collect();
        let spans = items
            .iter()
            .map(|t| {
                (
                    t.entered_on(workflow.cycle_start()),
                    t.entered_on(workflow.done()),
                )
            })
            .collect();
        Self {
            workflow,
            items,
            spans,
        }
    }

    /// The workflow.
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
    /// assert_eq!(flow.workflow().stage_name(flow.workflow().done()), "Done");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn workflow(&self) -> &'a Workflow {
        self.workflow
    }

    /// The timelines, in the order given.
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
    /// let ids: Vec<&str> = flow.timelines().iter().map(|t| t.id.as_str()).collect();
    /// assert_eq!(ids, ["A", "B", "C"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timelines(&self) -> &[&'a Timeline] {
        &self.items
    }

    /// The day `t` entered the cycle-start stage.
    fn started(&self, t: &Timeline) -> Option<NaiveDate> {
        t.entered_on(self.workflow.cycle_start())
    }

    /// The day `t` entered the done stage.
    fn finished(&self, t: &Timeline) -> Option<NaiveDate> {
        t.entered_on(self.workflow.done())
    }

    /// Cycle times of the items done inside `window`, sorted by done day then id.
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
    /// // From the first committed day: B Nov 3-4 (1 day), A Nov 2-5 (3 days); C is not done.
    /// let cycle: Vec<(String, i64)> = flow.cycle_times(week).into_iter().map(|t| (t.id, t.days)).collect();
    /// assert_eq!(cycle, [("B".to_string(), 1), ("A".to_string(), 3)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cycle_times(&self, window: Window) -> Vec<ItemTime> {
        self.times(window, |t| self.started(t))
    }

    /// Lead times of the items done inside `window`, sorted by done day then id.
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
    /// // From creation on Nov 1: B done on the 4th (3 days), A on the 5th (4 days).
    /// let lead: Vec<(String, i64)> = flow.lead_times(week).into_iter().map(|t| (t.id, t.days)).collect();
    /// assert_eq!(lead, [("B".to_string(), 3), ("A".to_string(), 4)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lead_times(&self, window: Window) -> Vec<ItemTime> {
        self.times(window, |t| match self.workflow.lead_start() {
            None => Some(t.created.date()),
            Some(stage) => t.entered_on(stage),
        })
    }

    fn times(
        &self,
        window: Window,
        start: impl Fn(&Timeline) -> Option<NaiveDate>,
    ) -> Vec<ItemTime> {
        let count = self.workflow.day_count();
        let mut out: Vec<ItemTime> = self
            .items
            .iter()
            .filter_map(|t| {
                let done = self.finished(t).filter(|d| window.contains(*d))?;
                let start = start(t)?;
                Some(ItemTime {
                    id: t.id.clone(),
                    start,
                    done,
                    days: count.days(start, done),
                })
            })
            .collect();
        out.sort_unstable_by(|a, b| (a.done, &a.id).cmp(&(b.done, &b.id)));
        out
    }

    /// Cycle times in days of the items done inside `window`, in item order (no ids:
    /// the report's statistics need only the numbers).
    pub(crate) fn cycle_days(&self, window: Window) -> Vec<i64> {
        let count = self.workflow.day_count();
        self.spans
            .iter()
            .filter_map(|&(start, done)| {
                let done = done.filter(|d| window.contains(*d))?;
                Some(count.days(start?, done))
            })
            .collect()
    }

    /// Lead times in days of the items done inside `window`, in item order.
    pub(crate) fn lead_days(&self, window: Window) -> Vec<i64> {
        let count = self.workflow.day_count();
        self.items
            .iter()
            .zip(&self.spans)
            .filter_map(|(t, &(_, done))| {
                let done = done.filter(|d| window.contains(*d))?;
                let start = match self.workflow.lead_start() {
                    None => Some(t.created.date()),
                    Some(stage) => t.entered_on(stage),
                }?;
                Some(count.days(start, done))
            })
            .collect()
    }

    /// How many items finished on each day of `window`.
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
    /// assert_eq!(flow.daily_throughput(week), [0, 0, 0, 1, 1, 0, 0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn daily_throughput(&self, window: Window) -> Vec<u64> {
        let mut days = vec![0_u64; window.days()];
        for (_, done) in &self.spans {
            if let Some(slot) = done
                .and_then(|d| window.index(d))
                .and_then(|i| days.get_mut(i))
            {
                *slot = slot.saturating_add(1);
            }
        }
        days
    }

    /// Throughput per bucket of `interval`.
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
    /// assert_eq!(flow.throughput(week, Interval::Week)[0].count, 2);
    /// assert_eq!(flow.throughput(week, Interval::Day).len(), 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn throughput(&self, window: Window, interval: Interval) -> Vec<Count> {
        let daily = self.daily_throughput(window);
        sum_buckets(window, interval, &daily)
    }

    /// WIP at the end of `day`: items started on or before it and not done by it.
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
    /// // B finishes on the 4th, so only A and C are in progress at the end of that day.
    /// assert_eq!(flow.wip_on("2026-11-03".parse()?), 2);
    /// assert_eq!(flow.wip_on("2026-11-04".parse()?), 2);
    /// assert_eq!(flow.wip_on("2026-11-05".parse()?), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wip_on(&self, day: NaiveDate) -> u64 {
        let count = self
            .spans
            .iter()
            .filter(|(start, done)| start.is_some_and(|s| s <= day) && done.is_none_or(|d| d > day))
            .count();
        u64::try_from(count).unwrap_or(u64::MAX)
    }

    /// WIP at the end of each day of `window`.
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
    /// assert_eq!(flow.daily_wip(week), [0, 1, 2, 2, 1, 1, 1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn daily_wip(&self, window: Window) -> Vec<u64> {
        let n = window.days();
        // Items started before the window enter at index 0; arrivals and departures
        // are then a difference array over the window.
        let mut delta = vec![0_i64; n.saturating_add(1)];
        for &(start, done) in &self.spans {
            let Some(start) = start else {
                continue;
            };
            if start > window.to {
                continue;
            }
            let first = window.index(start.max(window.from)).unwrap_or(0);
            let last = match done {
                Some(d) if d < window.from => continue,
                Some(d) if d <= window.to => window.index(d).unwrap_or(n),
                _ => n,
            };
            if let Some(slot) = delta.get_mut(first) {
                *slot = slot.saturating_add(1);
            }
            if let Some(slot) = delta.get_mut(last) {
                *slot = slot.saturating_sub(1);
            }
        }
        let mut running = 0_i64;
        delta
            .iter()
            .take(n)
            .map(|d| {
                running = running.saturating_add(*d);
                u64::try_from(running).unwrap_or(0)
            })
            .collect()
    }

    /// WIP at the end of each bucket of `interval`.
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
    /// // Only C is still in progress at the end of the week.
    /// assert_eq!(flow.wip(week, Interval::Week)[0].count, 1);
    /// assert_eq!(flow.wip(week, Interval::Day)[2].count, 2); // Nov 3: A and B
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wip(&self, window: Window, interval: Interval) -> Vec<Count> {
        let daily = self.daily_wip(window);
        window
            .buckets(interval)
            .into_iter()
            .map(|b| Count {
                from: b.from,
                to: b.to,
                count: window
                    .index(b.to)
                    .and_then(|i| daily.get(i))
                    .copied()
                    .unwrap_or(0),
            })
            .collect()
    }

    /// The items in progress at the end of `as_of`, oldest first (ties by id).
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
    /// let ageing = flow.ageing_wip("2026-11-07".parse()?);
    /// assert_eq!(ageing.len(), 1);
    /// assert_eq!((ageing[0].id.as_str(), ageing[0].stage.as_str(), ageing[0].age_days), ("C", "In Progress", 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ageing_wip(&self, as_of: NaiveDate) -> Vec<Ageing> {
        let count = self.workflow.day_count();
        let mut out: Vec<Ageing> = self
            .items
            .iter()
            .filter_map(|t| {
                let started = self.started(t).filter(|s| *s <= as_of)?;
                if self.finished(t).is_some_and(|d| d <= as_of) {
                    return None;
                }
                // The stage at `as_of`: the furthest stage entered by then.
                let stage = t
                    .entered
                    .iter()
                    .rposition(|e| e.is_some_and(|at| at.date() <= as_of))
                    .unwrap_or(self.workflow.cycle_start());
                Some(Ageing {
                    id: t.id.clone(),
                    stage: self.workflow.stage_name(stage).to_owned(),
                    started,
                    age_days: count.days(started, as_of),
                })
            })
            .collect();
        out.sort_unstable_by(|a, b| b.age_days.cmp(&a.age_days).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// Arrivals, departures and net flow per bucket.
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
    /// let net = flow.net_flow(week, Interval::Week);
    /// // Three started, two finished: WIP grew by one.
    /// assert_eq!((net[0].arrivals, net[0].departures, net[0].net), (3, 2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_flow(&self, window: Window, interval: Interval) -> Vec<NetFlow> {
        let mut arrivals = vec![0_u64; window.days()];
        for (start, _) in &self.spans {
            if let Some(slot) = start
                .and_then(|d| window.index(d))
                .and_then(|i| arrivals.get_mut(i))
            {
                *slot = slot.saturating_add(1);
            }
        }
        let arrivals = sum_buckets(window, interval, &arrivals);
        let departures = self.throughput(window, interval);
        arrivals
            .iter()
            .zip(&departures)
            .map(|(a, d)| NetFlow {
                from: a.from,
                to: a.to,
                arrivals: a.count,
                departures: d.count,
                net: i64::try_from(a.count)
                    .unwrap_or(i64::MAX)
                    .saturating_sub(i64::try_from(d.count).unwrap_or(i64::MAX)),
            })
            .collect()
    }

    /// The cumulative flow diagram over `window`, one row per day.
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
    /// // Each column counts the items that had reached that stage (or a later one).
    /// let cfd = flow.cfd(week);
    /// assert_eq!(cfd.stages, ["Backlog", "Committed", "In Progress", "Done"]);
    /// assert_eq!(cfd.days.len(), 7);
    /// assert_eq!(cfd.days[0].cumulative, [3, 0, 0, 0]); // Nov 1: all three created
    /// assert_eq!(cfd.days[6].cumulative, [3, 3, 3, 2]); // Nov 7: all started, A and B done
    /// assert_eq!(cfd.days[6].bands, [0, 0, 1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cfd(&self, window: Window) -> Cfd {
        let stages = self.workflow.stages().len();
        let n = window.days();
        // counts[stage][day]: items entering the stage that day (earlier entries on
        // day 0), then a running sum per stage.
        let mut counts = vec![vec![0_u64; n]; stages];
        for t in &self.items {
            for (stage, row) in counts.iter_mut().enumerate() {
                let Some(day) = t.entered_on(stage) else {
                    continue;
                };
                if day > window.to {
                    continue;
                }
                let index = window.index(day.max(window.from)).unwrap_or(0);
                if let Some(slot) = row.get_mut(index) {
                    *slot = slot.saturating_add(1);
                }
            }
        }
        for row in &mut counts {
            let mut running = 0_u64;
            for slot in row.iter_mut() {
                running = running.saturating_add(*slot);
                *slot = running;
            }
        }
        let days = (0..n)
            .map(|i| {
                let cumulative: Vec<u64> = counts
                    .iter()
                    .map(|row| row.get(i).copied().unwrap_or(0))
                    .collect();
                let bands = cumulative
                    .iter()
                    .enumerate()
                    .map(|(s, c)| {
                        let next = cumulative.get(s.saturating_add(1)).copied().unwrap_or(0);
                        c.saturating_sub(next)
                    })
                    .collect();
                CfdDay {
                    date: window.day(i),
                    cumulative,
                    bands,
                }
            })
            .collect();
        Cfd {
            stages: self
                .workflow
                .stages()
                .iter()
                .map(|s| s.name.clone())
                .collect(),
            days,
        }
    }

    /// Delivery predictability per bucket (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// An error from folio-metrics should the ratio be out of range (it cannot be:
    /// delivered items are a subset of committed ones).
    pub fn predictability(
        &self,
        window: Window,
        interval: Interval,
    ) -> Result<Vec<Predictability>> {
        let buckets = window.buckets(interval);
        let n = buckets.len();
        // One pass: an item is committed at the start of every bucket that begins after
        // it started and not after it finished (a contiguous run of buckets, counted
        // with a difference array), and delivered in the bucket its done day falls in
        // when it was committed at that bucket's start.
        let first_after = |day: NaiveDate| buckets.partition_point(|b| b.from <= day);
        let bucket_of = |day: NaiveDate| buckets.partition_point(|b| b.to < day);
        let mut committed = vec![0_i64; n.saturating_add(1)];
        let mut delivered = vec![0_u64; n];
        for &(start, done) in &self.spans {
            let Some(start) = start else { continue };
            let first = first_after(start);
            // Buckets that start on or before the done day.
            let end = done.map_or(n, first_after);
            if first >= end {
                continue;
            }
            if let Some(slot) = committed.get_mut(first) {
                *slot = slot.saturating_add(1);
            }
            if let Some(slot) = committed.get_mut(end) {
                *slot = slot.saturating_sub(1);
            }
            if let Some(slot) = done
                .filter(|d| *d <= window.to)
                .map(bucket_of)
                .filter(|b| *b >= first)
                .and_then(|b| delivered.get_mut(b))
            {
                *slot = slot.saturating_add(1);
            }
        }
        let mut running = 0_i64;
        buckets
            .iter()
            .zip(committed.iter().zip(&delivered))
            .map(|(b, (c, &delivered))| {
                running = running.saturating_add(*c);
                let committed = u64::try_from(running).unwrap_or(0);
                let ratio = if committed == 0 {
                    None
                } else {
                    Some(folio_metrics::kpi::delivery_predictability(
                        delivered, committed,
                    )?)
                };
                Ok(Predictability {
                    from: b.from,
                    to: b.to,
                    committed,
                    delivered,
                    ratio,
                })
            })
            .collect()
    }
}

/// Sums a per-day series of `window` into buckets of `interval`.
fn sum_buckets(window: Window, interval: Interval, daily: &[u64]) -> Vec<Count> {
    window
        .buckets(interval)
        .into_iter()
        .map(|b| {
            let first = window.index(b.from).unwrap_or(0);
            let len = b.days();
            let count = daily
                .iter()
                .skip(first)
                .take(len)
                .fold(0_u64, |acc, c| acc.saturating_add(*c));
            Count {
                from: b.from,
                to: b.to,
                count,
            }
        })
        .collect()
}
