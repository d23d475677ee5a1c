//! Delivery signal for product portfolios: work items read from the exports teams
//! already have (Jira, Linear, CSV), mapped onto workflow stages, measured with the flow
//! metrics of jira-agile-metrics and Actionable Agile (cycle and lead time, throughput,
//! WIP, ageing WIP, net flow, the cumulative flow diagram, delivery predictability),
//! forecast by Monte Carlo under a caller's seed, and tied to key results: "Product B
//! shipped four features tied to KR3 this month, but the metric has not moved".
//!
//! # Example
//!
//! (This example reads Jira JSON, so it needs the default `jira` feature.)
//!
//! ```
//! # #[cfg(feature = "jira")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use folio_delivery::adapter::{ImportConfig, jira};
//! use folio_delivery::{Flow, Forecast, KeyResultReading, OutcomePolicy, Scope,
//!                      Verdict, Window, Workflow, how_many_by, outcome_view};
//! use rust_decimal::Decimal;
//!
//! // Two issues of a Jira search with `expand=changelog`, linked to a key result by label.
//! let issue = |key: &str, done: &str| format!(r#"{{
//!     "key": "{key}",
//!     "fields": {{ "created": "2026-11-02T09:00:00.000+0000", "status": {{ "name": "Done" }},
//!                  "issuetype": {{ "name": "Feature" }}, "labels": ["kr:kr3", "product:b"] }},
//!     "changelog": {{ "histories": [
//!         {{ "created": "2026-11-03T09:00:00.000+0000",
//!            "items": [{{ "field": "status", "fromString": "To Do", "toString": "In Progress" }}] }},
//!         {{ "created": "{done}T17:00:00.000+0000",
//!            "items": [{{ "field": "status", "fromString": "In Progress", "toString": "Done" }}] }}
//!     ] }} }}"#);
//! let json = format!(r#"{{ "issues": [{}, {}] }}"#, issue("B-1", "2026-11-06"), issue("B-2", "2026-11-13"));
//! let items = jira::parse(&json, &ImportConfig::labels())?;
//!
//! // Map statuses onto stages; an unmapped status would be listed, not dropped.
//! let workflow = Workflow::standard();
//! let mapping = workflow.map(&items)?;
//! assert!(mapping.unmapped.is_empty());
//!
//! // Flow metrics: cycle times of 3 and 10 days.
//! let november = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
//! let flow = Flow::new(&workflow, &mapping, &Scope::All);
//! let days: Vec<i64> = flow.cycle_times(november).iter().map(|t| t.days).collect();
//! assert_eq!(days, [3, 10]);
//!
//! // A Monte Carlo forecast on November's daily throughput, under a seed.
//! let history = flow.daily_throughput(november);
//! let december = how_many_by(&history, "2026-12-01".parse()?, "2026-12-31".parse()?,
//!                            Forecast { trials: 1_000, seed: 42 })?;
//! assert!(december.at_95 <= december.at_85 && december.at_85 <= december.at_50);
//!
//! // Output against outcome: two features shipped against kr3, the metric flat.
//! let kr3 = folio_types::KeyResultId::new("kr3")?;
//! let readings = [
//!     KeyResultReading { key_result: kr3.clone(), on: "2026-10-31".parse()?, value: Decimal::from(12) },
//!     KeyResultReading { key_result: kr3.clone(), on: "2026-11-30".parse()?, value: Decimal::from(12) },
//! ];
//! let view = outcome_view(&workflow, &mapping, &readings, november, OutcomePolicy::default())?;
//! assert_eq!(view.products[0].verdict, Verdict::OutputWithoutOutcome);
//! assert_eq!(view.products[0].summary,
//!     "Product b shipped 2 items tied to kr3 between 2026-11-01 and 2026-11-30, \
//!      but the metric has not moved (12 -> 12).");
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "jira"))]
//! # fn main() {}
//! ```
//!
//! # Overview
//!
//! - The model ([`item`], [`workflow`]): a [`WorkItem`] with its [`Transition`]s in the
//!   tool's words; a [`Workflow`] of [`Stage`]s ([`StageKind`]: backlog, committed, in
//!   progress, done, any number of each) with the cycle-start, done and lead-start
//!   points and the [`DayCount`]; [`Workflow::map`] turns items into [`Timeline`]s by
//!   jira-agile-metrics' rules (first entry counts, backward moves wipe later stages, a
//!   skipped stage takes the next stage's date) and lists every [`Unmapped`] status.
//! - [`adapter`]: [`adapter::jira`], [`adapter::linear`] and [`adapter::csv`](mod@adapter::csv)
//!   read exports from strings, tied to key results and products by an
//!   [`adapter::ImportConfig`].
//! - [`flow`]: the [`Flow`] of a [`Scope`] (all, a product, a product line, a key result,
//!   a type) over a [`Window`] in [`Interval`] buckets: cycle and lead times,
//!   throughput, WIP, [`Ageing`] WIP, [`NetFlow`], the [`Cfd`] and [`Predictability`];
//!   [`stats`] gives linear and nearest-rank [`Percentiles`]; [`report`] bundles them
//!   into a [`FlowReport`] with a summary, per product and key result
//!   ([`flow_reports`]).
//! - [`forecast`]: [`how_many_by`] and [`when_done`] at 50/85/95%, seeded.
//! - [`okr`]: [`outcome_view`] (output versus outcome per key result and product) and
//!   [`delivery_items`], the shipped items as folio-okr's
//!   [`DeliveryItem`](folio_okr::tracking::DeliveryItem)s for its "activity without
//!   outcome" drift rule.
//! - [`Error`]: the one error type.
//!
//! Every result type serializes (feature `serde`) and every report carries a
//! plain-language `summary`. No function reads the clock, the environment or a random
//! source: windows and `as_of` days are arguments, and forecasts take a seed. Results do
//! not depend on the order of items or of their transitions (transitions at the same
//! instant keep their given order).
//!
//! # Dependencies
//!
//! Besides the workspace's usual ones (folio-types, folio-metrics for percentiles and
//! the predictability ratio, folio-okr for its `DeliveryItem`, `rust_decimal`, chrono,
//! thiserror, and serde/schemars behind features):
//!
//! - `rand_chacha`: a portable, seedable generator (`ChaCha8Rng`), so a forecast is the
//!   same on every platform for a given seed;
//! - `serde_json` (features `jira`, `linear`): the exports are JSON documents walked as
//!   values, so errors can name the item and field;
//! - `csv` (feature `csv`): quoting, headers and ragged rows done right.
//!
//! # Features
//!
//! - `serde` (default): `Serialize` on every input and result type, `Deserialize` on
//!   the inputs (workflows, work items, windows, policies, import settings); a
//!   [`Workflow`] and a [`Window`] deserialize through their constructors' checks.
//!   Results ([`FlowReport`], [`Mapping`], forecasts, [`OutcomeView`] and their parts)
//!   serialize for reports but do not deserialize: they only come out of the functions
//!   here, so their numbers agree.
//! - `schemars`: `JsonSchema` on the same types (implies `serde`).
//! - `jira` (default), `linear` (default): the JSON adapters.
//! - `csv` (default): the CSV adapter.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

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
