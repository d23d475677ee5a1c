//! The monthly portfolio review as a library: read the inputs (a directory of JSON
//! files, the embedded sample, or the same data built in code), build every section
//! with the folio crates, and render the result as plain text, Markdown, JSON or a
//! self-contained HTML dashboard with charts.
//!
//! ```
//! use folio_review::{Format, Inputs, render, run};
//! use folio_types::Decimal;
//!
//! let review = run(&Inputs::sample()?)?;
//! // grow-revenue = (3 × pulse-scale + 2 × ledger-retain) / 5 = (3 × 0.6333 + 2 × 0.8) / 5
//! let grow = &review.okr.readout.scorecard[0];
//! assert_eq!(grow.objective.as_str(), "grow-revenue");
//! assert_eq!(grow.progress.value().round_dp(4), Decimal::new(7, 1));
//! assert!(render(&review, Format::Markdown)?.starts_with("# Monthly portfolio review"));
//! assert!(render(&review, Format::Html)?.starts_with("<!DOCTYPE html>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Internal tools embed the whole readout this way; the `portfolio_review` example of
//! the repository is a thin command line over [`Inputs`], [`run`] and [`render`].
//!
//! # Overview
//!
//! - Inputs ([`input`]): [`Inputs`] holds the ten files ([`input::FILES`]) and the
//!   optional ones ([`input::OPTIONAL_FILES`]: `allocation.json`, `jira.json`,
//!   `linear.json`; without one, its section is omitted and
//!   [`PortfolioReview::omitted`] says so), each parsed into the library types, whose
//!   constructors validate. [`Inputs::from_dir`] reads a
//!   directory, [`Inputs::sample`] the embedded sample portfolio ([`input::SAMPLE`]),
//!   [`Inputs::from_files`] any source of file texts; the fields are public, so the
//!   same data can be built in code.
//! - The review as data: [`run`] builds a [`PortfolioReview`], one field per section.
//!   It derives `Serialize`; the JSON rendering is that value.
//! - Renderers: [`render`] in a [`Format`]. Text and Markdown for terminals and wikis;
//!   JSON for other tools; HTML for people: one file with inline CSS and inline SVG
//!   charts, no scripts and no network fetches, byte-identical for the same review
//!   (see [The HTML dashboard](#the-html-dashboard)). The text, Markdown and HTML
//!   renderings round the numbers they show halves away from zero, as a spreadsheet's
//!   `ROUND` does (2.5 is shown as 3, 1.625 to two places as 1.63); the JSON rendering
//!   and the [`PortfolioReview`] keep every digit.
//! - Errors: [`ReviewError`] names the file whose data was rejected, and why.
//! - Cross-file checks ([`crosscheck`]): every product, metric, key result, currency and
//!   period one file names must exist in, or agree with, the file that defines it; run by
//!   every reader of [`Inputs`] and again by [`run`] (for inputs built in code), with a
//!   typed [`crosscheck::CrossCheckError`] naming the file, the field and the ids.
//!
//! The sections, each computed by a library from the data:
//!
//! | section | computed by |
//! |---|---|
//! | the four-part readout: scorecard, at-risk exceptions (with the recovery-plan owner and the decision needed), resource reallocation requests, strategic questions; then off track, stale, drift, dependency risk, cadence | `folio_okr::tracking::readout_with` on the weighted portfolio, with the cascade check, capacity drains, folio-allocation's recommendations and the review's own questions ([`executive`]) |
//! | the cascade check: goals whose contributors' targets do not add up (with the numbers and ids), scorecard goals, late deadlines, conflicts, portfolio-size warnings, SMART per goal | `folio_okr::cascade_with` with the metric catalog, on each portfolio |
//! | how each portfolio objective adds up | `folio_okr::Rollup::explain` |
//! | say-do scorecard | the same readout on the say-do portfolio |
//! | KPI rollup (objectives that are metrics: revenue, NRR) and its own four-part readout, this quarter against the one before | `folio_okr::OkrGraph::rollup_kpi` on readings from `metrics.json`, then `readout_with` with the KPI rollups |
//! | portfolio KPIs, growth, concentration, capacity drain, triggers | `folio_metrics` |
//! | the dashboard's extra numbers: time-to-value, capacity utilization, delivery predictability of the critical initiatives, investment mix by spend ([`dashboard`], named in `review.json`'s `dashboard`) | `folio_metrics::kpi::{utilization, investment_mix, delivery_predictability}`, the delivery section's counts |
//! | risk scores, drivers, trend, exposure | `folio_risk::review` |
//! | ROI and payback per initiative and product line | `folio_roi` |
//! | benefits realization, variances, root causes, post-mortems | `folio_benefits` |
//! | decisions: the cut, one acceleration, reallocation requests, the frontier ([`decisions`], from `allocation.json`) | `folio_allocation::{cut, accelerate, reallocate, frontier}` |
//! | delivery: flow per product and key result, unmapped statuses, output against outcome, a seeded forecast ([`delivery`], from `jira.json` and `linear.json`) | `folio_delivery::{flow_reports, outcome_view, how_many_by}` |
//!
//! The decisions section cuts the share of spend `review.json` names in
//! `decisions.cut` (default 15%) and accelerates the bet it names in
//! `decisions.accelerate` by `decisions.accelerate_by` periods (default 1); without a
//! name, the bet is the initiative with the largest risk-adjusted value among those that
//! do not start in the baseline's first period (ties by id). The frontier spans 70% to
//! 110% of planned spend in steps of 5%. The delivery section measures the window
//! `delivery.window` (default: the day after the previous review to the review date)
//! with folio-delivery's standard workflow unless `delivery.workflow` gives one, reads
//! key-result readings from the check-ins, and forecasts the 30 days after the review
//! date with 1,000 trials under the fixed seed 2026 (`delivery.forecast_days`,
//! `forecast_trials`, `forecast_seed`). Items and initiatives of a product that
//! `structure.json` does not list, or tied to a key result `portfolio.json` does not
//! hold, are errors naming the file and the id.
//!
//! # Adding a section
//!
//! A new section (as the decisions of folio-allocation and the delivery flow of
//! folio-delivery were) is added in four places, in this order:
//!
//! 1. its input file in [`input`] (a field of [`Inputs`], an entry of [`input::FILES`]
//!    and [`input::SAMPLE`], a schema in `schema`);
//! 2. a module that builds it from [`Inputs`] with its library, returning
//!    [`ReviewError`]s that name its file, and a field of [`PortfolioReview`] set in
//!    [`run`] (JSON then carries it with no further work);
//! 3. its text and Markdown rendering in `render/sections.rs`, called from
//!    `render::document`;
//! 4. its HTML section: a function `fn(&mut Page, &PortfolioReview)` in
//!    `src/html/charts/` listed in `html::SECTIONS` (the order of that list is the order
//!    of the dashboard), and the decisions it asks for, if any, in `src/html/decisions.rs`,
//!    the dashboard's first screen. Every number it draws carries its JSON pointer
//!    (`svg::Mark`), and the HTML tests then check it against the JSON review with no
//!    further work.
//!
//! # The HTML dashboard
//!
//! [`Format::Html`] renders one XHTML-compatible page: inline CSS (A4 print rules
//! included) and inline SVG, no script, no font or image fetched. It opens with what
//! needs a decision this month (exceptions that ask for one, off-track key results and
//! their recovery plans, overdue staleness actions, goals whose contributors' targets
//! fall short of their own, KPI trigger rules, risk alerts,
//! payback alerts, post-mortems, capacity drain, an investment mix outside its band) and
//! a tile per portfolio objective, then one section per chart, each followed by the
//! table of its numbers:
//!
//! 1. the scorecard: each portfolio objective's progress, previous progress and
//!    confidence against the pace line ([`PortfolioReview::pace`]);
//! 2. the readout's resource reallocation requests (from, to, how much, why) and
//!    strategic questions with their evidence;
//! 3. the cascade check: each goal whose contributors' targets do not add up, drawn as
//!    the contributors' targets stacked against its own target (the shortfall
//!    hatched), the other findings, and the KPI portfolio's scorecard;
//! 4. the portfolio roadmap: each product's key results under the umbrella objective
//!    they serve ([`OkrSection::roadmap`]);
//! 5. KPI trends per quarter, a chart per metric with a line per product
//!    ([`kpi::KpiRow::products`]);
//! 6. capacity share against revenue share per product (the drain chart) and the
//!    investment mix against its target bands ([`KpiSection::mix`]);
//! 7. the executive dashboard ([`DashboardSection`]): capacity utilization per product
//!    against 100% of plan, the investment mix by spend beside the mix by capacity
//!    against the target bands, time-to-value and the delivery predictability of the
//!    critical initiatives;
//! 8. the risk heat map, products by dimension, with each cell's trend;
//! 9. ROI and payback per initiative against the payback trigger;
//! 10. benefits realized against expected per checkpoint;
//! 11. the decisions: the cut and acceleration scenarios side by side, the reallocation
//!     requests, and the value kept at each level of spend (the frontier, with the cut
//!     plan's level marked);
//! 12. delivery: throughput and 85th-percentile cycle time per product, the flow table
//!     per product and key result, output against outcome, unmapped statuses and the
//!     forecast.
//!
//! The first screen also lists the reallocation requests, the cut scenario, and each
//! key result with items shipped but no movement.
//!
//! Every chart is an `<svg role="img">` with an `aria-label`, a `<title>` and a `<desc>`
//! that states its numbers in words. Series differ by hatching, dots, dash patterns,
//! marker shapes and text labels, not by colour alone, so the page reads in greyscale
//! and in print. Every drawn number and every table cell that shows one carries
//! `data-path` (a JSON pointer into the JSON rendering) and `data-value` (the exact
//! decimal): the tests parse the page as XML and compare each with the JSON review.
//!
//! # Features
//!
//! - `schemars`: the JSON Schemas of the input files, as `schema::schemas`.
//!
//! `serde` and `serde_json` are always on: the review reads JSON and writes JSON. The HTML
//! charts are hand-written SVG rather than a chart crate: plotters' SVG backend measures
//! text through system font libraries that a fresh machine may lack, and the charts
//! here (bars, dots, lines, a heat map) need a few dozen lines each; writing the SVG
//! also makes the output byte-identical and valid XML, which the tests parse.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod crosscheck;
pub mod dashboard;
pub mod decisions;
pub mod delivery;
pub mod executive;
pub mod finance;
mod html;
pub mod input;
pub mod kpi;
pub mod kpi_rollup;
pub mod okr;
mod render;
#[cfg(feature = "schemars")]
pub mod schema;
mod settings;

use folio_benefits::Review as BenefitsReview;
use folio_risk::PortfolioReview as RiskReview;
use folio_types::{NaiveDate, Ratio};
use serde::Serialize;

pub use dashboard::{DashboardSection, DashboardSettings};
pub use decisions::DecisionsSection;
pub use delivery::{DeliverySection, FlowRow};
pub use finance::RoiSection;
pub use input::{AllocationFile, Inputs, MixTarget, ReviewError};
pub use kpi::{BandPosition, KpiSection, MixBand};
pub use kpi_rollup::KpiRollupSection;
pub use okr::{OkrSection, RoadmapRow};

/// The whole review, as data.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioReview {
    /// The title from `review.json`.
    pub title: String,
    /// The review date.
    pub as_of: NaiveDate,
    /// The pace line: the share of the OKR period elapsed at the review date, which a
    /// key result on a straight line from zero to its target would have reached.
    pub pace: Ratio,
    /// The main portfolio (weighted rollup): the four-part readout, the cascade check
    /// and the explanations.
    pub okr: OkrSection,
    /// The say-do portfolio: readout, cascade check and explanations.
    pub say_do: OkrSection,
    /// The KPI portfolio: objectives measured as metrics, its four-part readout, its
    /// cascade check and the explanations.
    pub kpi_rollup: KpiRollupSection,
    /// Portfolio KPIs and the triggers that fired.
    pub kpis: KpiSection,
    /// The executive dashboard's extra numbers: time-to-value, capacity utilization,
    /// delivery predictability of the critical initiatives, investment mix by spend.
    pub dashboard: DashboardSection,
    /// Risk scores, drivers, trends and exposure.
    pub risk: RiskReview,
    /// ROI and payback.
    pub roi: RoiSection,
    /// Benefits realization.
    pub benefits: BenefitsReview<'static>,
    /// The decisions of folio-allocation (`None` without `allocation.json`).
    pub decisions: Option<DecisionsSection>,
    /// The delivery flow of folio-delivery (`None` without `jira.json` and
    /// `linear.json`).
    pub delivery: Option<DeliverySection>,
    /// The sections omitted for want of their optional file, one sentence each.
    pub omitted: Vec<String>,
}

/// An output form, parsed from its name (`text`, `markdown` or `md`, `json`, `html`).
///
/// ```
/// use folio_review::Format;
///
/// assert_eq!("html".parse::<Format>(), Ok(Format::Html));
/// assert!("pdf".parse::<Format>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a wiki page or a pull request.
    Markdown,
    /// JSON: the [`PortfolioReview`] itself, for other tools.
    Json,
    /// A self-contained HTML dashboard with inline SVG charts (see
    /// [The HTML dashboard](crate#the-html-dashboard)).
    Html,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Self::Text),
            "markdown" | "md" => Ok(Self::Markdown),
            "json" => Ok(Self::Json),
            "html" => Ok(Self::Html),
            other => Err(format!(
                "unknown format \"{other}\" (expected text, markdown, json or html)"
            )),
        }
    }
}

/// Builds every section of the review from `inputs`.
///
/// ```
/// use folio_review::{Inputs, run};
///
/// let review = run(&Inputs::sample()?)?;
/// // The drain list, largest gap first: relay takes far more capacity than revenue.
/// assert_eq!(review.kpis.capacity[0].product.as_str(), "relay");
/// assert!(review.kpis.capacity[0].draining);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A [`ReviewError`] naming the file whose data a library rejected (a check-in of an
/// unknown key result names `checkins.json`, an invalid OKR graph `portfolio.json`, ...).
pub fn run(inputs: &Inputs) -> Result<PortfolioReview, ReviewError> {
    inputs.check()?;
    let settings = &inputs.settings;
    let kpis = kpi::section(inputs)?;
    let decisions = decisions::section(inputs)?;
    let delivery = delivery::section(inputs)?;
    let dashboard = dashboard::section(inputs, delivery.as_ref())?;
    let extras = executive::extras(inputs, &kpis, &dashboard, decisions.as_ref())?;
    let catalog = &inputs.metrics.catalog;
    let tracking = &inputs.tracking;
    let okr = okr::section(
        settings,
        &inputs.portfolio,
        &inputs.file("portfolio.json"),
        &tracking.check_ins,
        &inputs.file("checkins.json"),
        okr::Extras {
            plans: &tracking.recovery_plans,
            actions: &tracking.actions,
            delivery: &tracking.delivery,
            cadences: &tracking.cadences,
            catalog,
            capacity: &extras.capacity,
            questions: &extras.questions,
            requests: &extras.requests,
        },
    )?;
    let no_cadences = std::collections::BTreeMap::new();
    let say_do = okr::section(
        settings,
        &inputs.say_do.portfolio,
        &inputs.file("say_do.json"),
        &inputs.say_do.check_ins,
        &inputs.file("say_do.json"),
        okr::Extras {
            plans: &[],
            actions: &[],
            delivery: &[],
            cadences: &no_cadences,
            catalog,
            capacity: &[],
            questions: &[],
            requests: &[],
        },
    )?;
    let kpi_rollup = kpi_rollup::section(inputs)?;
    let latest_revenue = match settings.kpis.quarters.last() {
        Some(quarter) => kpi::product_values(inputs, &settings.kpis.revenue, *quarter)?,
        None => std::collections::BTreeMap::new(),
    };
    let pace = settings
        .period
        .fraction_elapsed(settings.as_of)
        .map_err(|e| ReviewError::new(inputs.file("review.json"), e))?;
    let mut omitted = Vec::new();
    if decisions.is_none() {
        omitted.push(format!(
            "Decisions: omitted, {} is absent.",
            inputs.file("allocation.json")
        ));
    }
    if delivery.is_none() {
        omitted.push(format!(
            "Delivery: omitted, neither {} nor {} is present.",
            inputs.file("jira.json"),
            inputs.file("linear.json")
        ));
    }
    Ok(PortfolioReview {
        title: settings.title.clone(),
        as_of: settings.as_of,
        pace,
        okr,
        say_do,
        kpi_rollup,
        kpis,
        dashboard,
        risk: finance::risk_section(inputs, &latest_revenue)?,
        roi: finance::roi_section(inputs)?,
        benefits: finance::benefits_section(inputs)?,
        decisions,
        delivery,
        omitted,
    })
}

/// Renders `review` in `format`; the same review gives the same bytes.
///
/// ```
/// use folio_review::{Format, Inputs, render, run};
///
/// let review = run(&Inputs::sample()?)?;
/// let page = render(&review, Format::Html)?;
/// assert!(page.contains("Needs a decision this month"));
/// assert!(!page.contains("<script"));
/// assert_eq!(render(&review, Format::Html)?, page);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// Only JSON serialization can fail, and only for data serde cannot represent (it
/// never does for these types); the error names the output.
pub fn render(review: &PortfolioReview, format: Format) -> Result<String, ReviewError> {
    match format {
        Format::Text => Ok(render::document(review, false)),
        Format::Markdown => Ok(render::document(review, true)),
        Format::Json => serde_json::to_string_pretty(review)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| ReviewError::new("the JSON output", e)),
        Format::Html => Ok(html::document(review)),
    }
}

/// The crate README's example, compiled and run as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
