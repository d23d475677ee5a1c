//! The flow report: every flow metric of one scope over one window, with a
//! plain-language summary, ready to serialize into a review section.

use std::collections::BTreeMap;

use folio_types::{KeyResultId, ProductId};

use crate::error::Result;
use crate::flow::{Ageing, Cfd, Count, Flow, Interval, NetFlow, Predictability, Scope, Window};
use crate::stats::{TimeStats, time_stats};
use crate::workflow::{Mapping, Workflow};

/// Every flow metric of one scope over one window.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FlowReport {
    /// What the report covers, such as `product atlas`.
    pub label: String,
    /// The window.
    pub window: Window,
    /// The bucket length of the series.
    pub interval: Interval,
    /// Items in scope (any state).
    pub items: u64,
    /// Items done inside the window.
    pub done: u64,
    /// Cycle times of the items done in the window; `None` if none were.
    pub cycle_time: Option<TimeStats>,
    /// Lead times of the items done in the window.
    pub lead_time: Option<TimeStats>,
    /// Throughput per bucket.
    pub throughput: Vec<Count>,
    /// WIP at the end of each bucket.
    pub wip: Vec<Count>,
    /// Items in progress at the window's last day, oldest first.
    pub ageing_wip: Vec<Ageing>,
    /// Arrivals, departures and net flow per bucket.
    pub net_flow: Vec<NetFlow>,
    /// The cumulative flow diagram, one row per day.
    pub cfd: Cfd,
    /// Delivery predictability per bucket.
    pub predictability: Vec<Predictability>,
    /// One paragraph in plain language.
    pub summary: String,
}

impl FlowReport {
    /// Builds the report of `flow` over `window`, labelled `label`.
    ///
    /// ```
    /// use folio_delivery::{Flow, FlowReport, Interval, Scope, Window, Workflow};
    ///
    /// let workflow = Workflow::standard();
    /// let mapping = workflow.map(&[])?;
    /// let flow = Flow::new(&workflow, &mapping, &Scope::All);
    /// let window = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
    /// let report = FlowReport::build("portfolio", &flow, window, Interval::Week)?;
    /// assert_eq!(report.done, 0);
    /// assert!(report.summary.starts_with("portfolio: nothing finished"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`](crate::Error::Overflow) if a sum of durations overflows.
    pub fn build(label: &str, flow: &Flow<'_>, window: Window, interval: Interval) -> Result<Self> {
        let cycle = flow.cycle_days(window);
        let lead = flow.lead_days(window);
        let throughput = flow.throughput(window, interval);
        let done = throughput
            .iter()
            .fold(0_u64, |a, c| a.saturating_add(c.count));
        let net_flow = flow.net_flow(window, interval);
        let ageing_wip = flow.ageing_wip(window.to());
        let mut report = Self {
            label: label.to_owned(),
            window,
            interval,
            items: u64::try_from(flow.timelines().len()).unwrap_or(u64::MAX),
            done,
            cycle_time: time_stats(&cycle)?,
            lead_time: time_stats(&lead)?,
            throughput,
            wip: flow.wip(window, interval),
            ageing_wip,
            net_flow,
            cfd: flow.cfd(window),
            predictability: flow.predictability(window, interval)?,
            summary: String::new(),
        };
        report.summary = report.describe();
        Ok(report)
    }

    /// The plain-language summary.
    fn describe(&self) -> String {
        let (from, to) = (self.window.from(), self.window.to());
        let mut text = if self.done == 0 {
            format!("{}: nothing finished between {from} and {to}", self.label)
        } else {
            format!(
                "{}: {} item{} finished between {from} and {to}",
                self.label,
                self.done,
                plural(self.done)
            )
        };
        if let Some(cycle) = &self.cycle_time {
            text.push_str(&format!(
                "; 85% took {} days or fewer to cycle through (median {})",
                cycle.nearest_rank.p85, cycle.nearest_rank.p50
            ));
        }
        let wip = self.ageing_wip.len();
        match self.ageing_wip.first() {
            Some(oldest) => text.push_str(&format!(
                "; {wip} in progress on {to}, the oldest {} at {} days in {}",
                oldest.id, oldest.age_days, oldest.stage
            )),
            None => text.push_str(&format!("; nothing in progress on {to}")),
        }
        let net: i64 = self.net_flow.iter().fold(0, |a, n| a.saturating_add(n.net));
        text.push_str(&match net {
            0 => "; arrivals matched departures.".to_owned(),
            n if n > 0 => format!("; {n} more started than finished, so WIP grew."),
            n => format!(
                "; {} more finished than started, so WIP shrank.",
                n.unsigned_abs()
            ),
        });
        text
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Flow reports of the whole portfolio, each product and each key result over one
/// window: the data a review's delivery section shows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FlowReports {
    /// Every item.
    pub portfolio: FlowReport,
    /// Per product (items without a product are only in `portfolio`).
    pub products: BTreeMap<ProductId, FlowReport>,
    /// Per key result (an item tied to two key results counts in both).
    pub key_results: BTreeMap<KeyResultId, FlowReport>,
}

/// The flow reports of `mapping` over `window`: the portfolio, each product and each
/// key result that has items.
///
/// ```
/// use folio_delivery::{Interval, Window, Workflow, flow_reports};
///
/// let workflow = Workflow::standard();
/// let mapping = workflow.map(&[])?;
/// let window = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
/// let reports = flow_reports(&workflow, &mapping, window, Interval::Week)?;
/// assert!(reports.products.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`FlowReport::build`].
pub fn flow_reports(
    workflow: &Workflow,
    mapping: &Mapping,
    window: Window,
    interval: Interval,
) -> Result<FlowReports> {
    let portfolio = FlowReport::build(
        "portfolio",
        &Flow::new(workflow, mapping, &Scope::All),
        window,
        interval,
    )?;
    let mut products = BTreeMap::new();
    let mut key_results = BTreeMap::new();
    let product_ids: std::collections::BTreeSet<&ProductId> = mapping
        .timelines
        .iter()
        .filter_map(|t| t.product.as_ref())
        .collect();
    for id in product_ids {
        let flow = Flow::new(workflow, mapping, &Scope::Product(id.clone()));
        let report = FlowReport::build(&format!("product {id}"), &flow, window, interval)?;
        products.insert(id.clone(), report);
    }
    let kr_ids: std::collections::BTreeSet<&KeyResultId> = mapping
        .timelines
        .iter()
        .flat_map(|t| &t.key_results)
        .collect();
    for id in kr_ids {
        let flow = Flow::new(workflow, mapping, &Scope::KeyResult(id.clone()));
        let report = FlowReport::build(&format!("key result {id}"), &flow, window, interval)?;
        key_results.insert(id.clone(), report);
    }
    Ok(FlowReports {
        portfolio,
        products,
        key_results,
    })
}
