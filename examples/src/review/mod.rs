//! The monthly portfolio review, end to end: read a directory of JSON files (or the
//! embedded sample), build every section with the folio libraries, and render the result
//! as plain text, Markdown or JSON.
//!
//! ```
//! use folio_analytics::Decimal;
//! use folio_examples::review::{Format, Inputs, render, run};
//!
//! let review = run(&Inputs::sample()?)?;
//! // grow-revenue = (3 × pulse-scale + 2 × ledger-retain) / 5 = (3 × 0.6333 + 2 × 0.8) / 5
//! let grow = &review.okr.readout.scorecard[0];
//! assert_eq!(grow.objective.as_str(), "grow-revenue");
//! assert_eq!(grow.progress.value().round_dp(4), Decimal::new(7, 1));
//! assert!(render(&review, Format::Markdown)?.starts_with("# Monthly portfolio review"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The sections, each computed by a library from the data:
//!
//! | section | computed by |
//! |---|---|
//! | scorecard, exceptions, off track, stale, drift, cadence | `folio_analytics::okr::tracking::readout` on the weighted portfolio |
//! | how each portfolio objective adds up | `folio_analytics::okr::Rollup::explain` |
//! | say-do scorecard | the same readout on the say-do portfolio |
//! | KPI rollup (objectives that are metrics: revenue, NRR) | `folio_analytics::okr::OkrGraph::rollup_kpi` on readings from `metrics.json` |
//! | portfolio KPIs, growth, concentration, capacity drain, triggers | `folio_analytics::metrics` |
//! | risk scores, drivers, trend, exposure | `folio_analytics::risk::review` |
//! | ROI and payback per initiative and product line | `folio_analytics::roi` |
//! | benefits realization, variances, root causes, post-mortems | `folio_analytics::benefits` |

pub mod finance;
pub mod input;
pub mod kpi;
pub mod kpi_rollup;
pub mod okr;
mod render;
pub mod schema;

use folio_analytics::NaiveDate;
use folio_analytics::benefits::Review as BenefitsReview;
use folio_analytics::risk::PortfolioReview as RiskReview;
use serde::Serialize;

pub use finance::RoiSection;
pub use input::{Inputs, ReviewError};
pub use kpi::KpiSection;
pub use kpi_rollup::KpiRollupSection;
pub use okr::OkrSection;

/// The whole review, as data.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioReview {
    /// The title from `review.json`.
    pub title: String,
    /// The review date.
    pub as_of: NaiveDate,
    /// The main portfolio (weighted rollup): readout and explanations.
    pub okr: OkrSection,
    /// The say-do portfolio: readout and explanations.
    pub say_do: OkrSection,
    /// The KPI portfolio: objectives measured as metrics, and their explanations.
    pub kpi_rollup: KpiRollupSection,
    /// Portfolio KPIs and the triggers that fired.
    pub kpis: KpiSection,
    /// Risk scores, drivers, trends and exposure.
    pub risk: RiskReview,
    /// ROI and payback.
    pub roi: RoiSection,
    /// Benefits realization.
    pub benefits: BenefitsReview,
}

/// An output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a wiki page or a pull request.
    Markdown,
    /// JSON: the [`PortfolioReview`] itself, for other tools.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Self::Text),
            "markdown" | "md" => Ok(Self::Markdown),
            "json" => Ok(Self::Json),
            other => Err(format!(
                "unknown format \"{other}\" (expected text, markdown or json)"
            )),
        }
    }
}

/// Builds every section of the review from `inputs`.
///
/// # Errors
///
/// A [`ReviewError`] naming the file whose data a library rejected (a check-in of an
/// unknown key result names `checkins.json`, an invalid OKR graph `portfolio.json`, ...).
pub fn run(inputs: &Inputs) -> Result<PortfolioReview, ReviewError> {
    let settings = &inputs.settings;
    for kr in &inputs.portfolio.key_results {
        if inputs.structure.product(&kr.product).is_none() {
            return Err(ReviewError::new(
                inputs.file("portfolio.json"),
                format!(
                    "key result {} belongs to product {}, which structure.json does not list",
                    kr.id, kr.product
                ),
            ));
        }
    }
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
        },
    )?;
    let kpi_rollup = kpi_rollup::section(inputs)?;
    let kpis = kpi::section(inputs)?;
    let latest_revenue = match settings.kpis.quarters.last() {
        Some(quarter) => kpi::product_values(inputs, &settings.kpis.revenue, *quarter)?,
        None => std::collections::BTreeMap::new(),
    };
    Ok(PortfolioReview {
        title: settings.title.clone(),
        as_of: settings.as_of,
        okr,
        say_do,
        kpi_rollup,
        kpis,
        risk: finance::risk_section(inputs, &latest_revenue)?,
        roi: finance::roi_section(inputs)?,
        benefits: finance::benefits_section(inputs)?,
    })
}

/// Renders `review` in `format`.
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
    }
}
