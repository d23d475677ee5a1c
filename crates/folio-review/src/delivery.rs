//! The delivery section: folio-delivery's flow metrics on the Jira and Linear exports,
//! per product and key result, the statuses no workflow stage claims, output against
//! outcome per key result (readings from the check-ins), and a seeded throughput
//! forecast.

use std::collections::BTreeMap;

use folio_delivery::{
    Flow, Forecast, HowMany, Interval, KeyResultReading, OutcomePolicy, OutcomeView, Scope, Window,
    WorkItem, Workflow, flow_reports, how_many_by, outcome_view,
};
use folio_okr::tracking::Reading;
use folio_types::{Decimal, Ratio};
use serde::Serialize;

use crate::Inputs;
use crate::input::ReviewError;

/// One row of the flow table: a product or a key result over the window.
///
/// ```
/// use folio_review::{Inputs, delivery};
///
/// let section = delivery::section(&Inputs::sample()?)?.ok_or("the sample has exports")?;
/// // The whole portfolio finishes at least what any one product does.
/// assert!(section.products.iter().all(|row| row.done <= section.portfolio.done));
/// assert!(section.products.iter().all(|row| row.label.starts_with("product ")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct FlowRow {
    /// `product ledger` or `key result ledger-nrr`.
    pub label: String,
    /// Items finished in the window (throughput).
    pub done: u64,
    /// Median cycle time in days (nearest rank), if any item finished.
    pub cycle_p50: Option<Decimal>,
    /// 85th-percentile cycle time in days (nearest rank).
    pub cycle_p85: Option<Decimal>,
    /// Items in progress on the window's last day.
    pub wip: u64,
    /// Items committed at the start of a week, summed over the window's weeks.
    pub committed: u64,
    /// Of those, the items delivered by the week's end.
    pub delivered: u64,
    /// Of the items committed at the start of each week, the share delivered by its
    /// end, over the whole window; `None` when nothing was committed.
    pub predictability: Option<Ratio>,
    /// folio-delivery's summary of the flow report.
    pub summary: String,
}

/// What the delivery section shows.
///
/// ```
/// use folio_review::{Inputs, delivery};
///
/// let section = delivery::section(&Inputs::sample()?)?.ok_or("the sample has exports")?;
/// // A Monte Carlo forecast of "how many": the surer the answer, the fewer items.
/// let f = &section.forecast;
/// assert!(f.at_95 <= f.at_85 && f.at_85 <= f.at_50);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct DeliverySection {
    /// The window measured.
    pub window: Window,
    /// The exports read (`jira.json`, `linear.json`).
    pub sources: Vec<String>,
    /// The whole portfolio's flow.
    pub portfolio: FlowRow,
    /// Per product.
    pub products: Vec<FlowRow>,
    /// Per key result.
    pub key_results: Vec<FlowRow>,
    /// Statuses no workflow stage claims, with how many status changes used each.
    pub unmapped: BTreeMap<String, usize>,
    /// Output against outcome, per key result and product.
    pub outcome: OutcomeView,
    /// How many items the portfolio finishes in the days after the review, at
    /// 50/85/95% (Monte Carlo on the window's daily throughput, seeded per
    /// `review.json`).
    pub forecast: HowMany,
}

/// Builds the delivery section, or `None` without `jira.json` and `linear.json`.
///
/// # Errors
///
/// A [`ReviewError`] naming the export whose item names a product `structure.json`
/// does not list or a key result `portfolio.json` does not hold, or `review.json` for
/// a bad window or forecast setting.
///
/// ```
/// use folio_review::{Inputs, delivery};
///
/// // review.json sets no window: the day after the previous review (2026-10-31) to the
/// // review date, read from both exports.
/// let section = delivery::section(&Inputs::sample()?)?.ok_or("the sample has exports")?;
/// assert_eq!((section.window.from().to_string(), section.window.to().to_string()), ("2026-11-01".into(), "2026-11-30".into()));
/// assert_eq!(section.sources, ["jira.json", "linear.json"]);
/// # use folio_review::input::SAMPLE;
/// # let required = |name: &str| Ok(SAMPLE.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned()).unwrap_or_default());
/// // Without jira.json and linear.json there is no section.
/// assert!(delivery::section(&Inputs::from_files("in", required)?)?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn section(inputs: &Inputs) -> Result<Option<DeliverySection>, ReviewError> {
    let mut items: Vec<WorkItem> = Vec::new();
    let mut sources = Vec::new();
    for (name, list) in [("jira.json", &inputs.jira), ("linear.json", &inputs.linear)] {
        let Some(list) = list else { continue };
        check_ids(inputs, name, list)?;
        sources.push(name.to_owned());
        items.extend(list.iter().cloned());
    }
    if sources.is_empty() {
        return Ok(None);
    }
    let review = inputs.file("review.json");
    let bad = |e: folio_delivery::Error| ReviewError::new(review.clone(), e);
    let settings = &inputs.settings.delivery;
    let workflow = settings.workflow.clone().unwrap_or_else(Workflow::standard);
    // An error in the items names the exports they came from, as paths like every
    // other file the review names.
    let mapping = workflow.map(&items).map_err(|e| {
        let files: Vec<String> = sources.iter().map(|name| inputs.file(name)).collect();
        ReviewError::new(files.join(", "), e)
    })?;
    let window = match settings.window {
        Some(w) => Window::new(w.from, w.to),
        None => Window::new(
            inputs
                .settings
                .previous_review
                .succ_opt()
                .unwrap_or_default(),
            inputs.settings.as_of,
        ),
    }
    .map_err(bad)?;
    let reports = flow_reports(&workflow, &mapping, window, Interval::Week).map_err(bad)?;
    let row = |r: &folio_delivery::FlowReport| -> FlowRow {
        let (committed, delivered) = r.predictability.iter().fold((0_u64, 0_u64), |(c, d), p| {
            (c.saturating_add(p.committed), d.saturating_add(p.delivered))
        });
        FlowRow {
            label: r.label.clone(),
            done: r.done,
            cycle_p50: r.cycle_time.as_ref().map(|c| c.nearest_rank.p50),
            cycle_p85: r.cycle_time.as_ref().map(|c| c.nearest_rank.p85),
            wip: u64::try_from(r.ageing_wip.len()).unwrap_or(u64::MAX),
            committed,
            delivered,
            predictability: Decimal::from(delivered)
                .checked_div(Decimal::from(committed))
                .and_then(|v| Ratio::new(v.round_dp(4)).ok()),
            summary: r.summary.clone(),
        }
    };
    let readings: Vec<KeyResultReading> = inputs
        .tracking
        .check_ins
        .iter()
        .filter_map(|c| match &c.reading {
            Reading::Value(value) => Some(KeyResultReading {
                key_result: c.key_result.clone(),
                on: c.date,
                value: *value,
            }),
            _ => None,
        })
        .collect();
    let outcome = outcome_view(
        &workflow,
        &mapping,
        &readings,
        window,
        OutcomePolicy::default(),
    )
    .map_err(bad)?;
    let history = Flow::new(&workflow, &mapping, &Scope::All).daily_throughput(window);
    let start = inputs.settings.as_of.succ_opt().unwrap_or_default();
    let deadline = start
        .checked_add_days(chrono_days(settings.forecast_days.saturating_sub(1)))
        .unwrap_or(start);
    let forecast = how_many_by(
        &history,
        start,
        deadline,
        Forecast {
            trials: settings.forecast_trials,
            seed: settings.forecast_seed,
        },
    )
    .map_err(bad)?;
    Ok(Some(DeliverySection {
        window,
        sources,
        portfolio: row(&reports.portfolio),
        products: reports.products.values().map(row).collect(),
        key_results: reports.key_results.values().map(row).collect(),
        unmapped: mapping
            .unmapped_statuses()
            .into_iter()
            .map(|(s, n)| (s.to_owned(), n))
            .collect(),
        outcome,
        forecast,
    }))
}

fn chrono_days(n: u32) -> chrono::Days {
    chrono::Days::new(u64::from(n))
}

fn check_ids(inputs: &Inputs, name: &str, items: &[WorkItem]) -> Result<(), ReviewError> {
    for item in items {
        if let Some(product) = &item.product {
            if inputs.structure.product(product).is_none() {
                return Err(ReviewError::new(
                    inputs.file(name),
                    format!(
                        "item {} belongs to product {product}, which structure.json does not list",
                        item.id
                    ),
                ));
            }
        }
        for kr in &item.key_results {
            if !inputs.portfolio.key_results.iter().any(|k| &k.id == kr) {
                return Err(ReviewError::new(
                    inputs.file(name),
                    format!(
                        "item {} is tied to key result {kr}, which portfolio.json does not hold",
                        item.id
                    ),
                ));
            }
        }
    }
    Ok(())
}
