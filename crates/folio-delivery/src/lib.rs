//! Delivery signal for product portfolios (crate docs are written below).
#![doc(test(attr(deny(warnings))))]

pub mod adapter;
pub mod error;
pub mod flow;
pub mod forecast;
pub mod item;
pub mod okr;
pub mod report;
pub mod stats;
pub mod workflow;

pub use error::{Error, Result};
pub use flow::{
    Ageing, Cfd, CfdDay, Count, Flow, Interval, ItemTime, NetFlow, Predictability, Scope, Window,
    WindowData,
};
pub use forecast::{Forecast, HowMany, WhenDone, how_many_by, when_done};
pub use item::{Transition, WorkItem};
pub use okr::{
    KeyResultReading, OutcomePolicy, OutcomeRow, OutcomeView, Verdict, delivery_items, outcome_view,
};
pub use report::{FlowReport, FlowReports, flow_reports};
pub use stats::{Percentiles, TimeStats};
pub use workflow::{
    DayCount, LeadStart, Mapping, Stage, StageKind, Timeline, Unmapped, Workflow, WorkflowData,
};
