//! The decisions section: folio-allocation's answers on the portfolio of
//! `allocation.json` — the cut scenario, one acceleration, the reallocation requests
//! and the value-versus-spend frontier, each with its sentence.

use folio_allocation::{
    Acceleration, CutOptions, CutPlan, Frontier, FrontierOptions, Reallocation,
    ReallocationOptions, Reduction, Target, accelerate, baseline, cut, frontier, reallocate,
};
use folio_types::{InitiativeId, Structure};
use serde::Serialize;

use crate::input::{DecisionSettings, ReviewError};
use crate::render::Shown as _;
use crate::{AllocationFile, Inputs};

/// What folio-allocation answers on the review's portfolio.
///
/// ```
/// use folio_review::{Inputs, decisions};
///
/// let section = decisions::section(&Inputs::sample()?)?.ok_or("the sample has allocation.json")?;
/// // Each summary is the sentence of its answer.
/// assert_eq!(section.cut_summary, section.cut.describe());
/// assert_eq!(section.acceleration_summary, section.acceleration.describe());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct DecisionsSection {
    /// The cut scenario: the share of spend cut per `review.json` (default 15%).
    pub cut: CutPlan,
    /// "If we cut 15% of spend: protect ..., cut ... (saves ..., gives up ...)".
    pub cut_summary: String,
    /// The accelerated bet, and whether `review.json` named it or the default chose it.
    pub accelerated: InitiativeId,
    /// `"review.json"` or `"default"`.
    pub accelerated_chosen_by: String,
    /// The acceleration scenario: what slows down, and why.
    pub acceleration: Acceleration,
    /// Its sentence.
    pub acceleration_summary: String,
    /// The reallocation requests from the signals of `allocation.json`.
    pub reallocation: Reallocation,
    /// One sentence per request, then one per unmet request.
    pub reallocation_summary: Vec<String>,
    /// Value kept at 70% to 110% of planned spend, in steps of 5%.
    pub frontier: Frontier,
    /// Its sentence.
    pub frontier_summary: String,
}

/// Builds the decisions section, or `None` without `allocation.json`.
///
/// # Errors
///
/// A [`ReviewError`] naming `allocation.json` for an initiative of a product that
/// `structure.json` does not list, a key result `portfolio.json` does not hold, or a
/// scenario folio-allocation rejects; naming `review.json` for an unknown bet to
/// accelerate.
///
/// ```
/// use folio_review::{Inputs, decisions};
///
/// // review.json names neither a cut nor a bet: 15% of spend, and the default bet.
/// let section = decisions::section(&Inputs::sample()?)?.ok_or("the sample has allocation.json")?;
/// assert_eq!(section.cut.reduction.to_string(), "15% of spend");
/// assert!(section.cut.planned_spend - section.cut.spend_saved <= section.cut.ceiling);
/// assert_eq!(section.accelerated_chosen_by, "default");
/// # use folio_review::input::SAMPLE;
/// # let required = |name: &str| Ok(SAMPLE.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned()).unwrap_or_default());
/// // Without allocation.json there is no section.
/// assert!(decisions::section(&Inputs::from_files("in", required)?)?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn section(inputs: &Inputs) -> Result<Option<DecisionsSection>, ReviewError> {
    let Some(file) = &inputs.allocation else {
        return Ok(None);
    };
    let name = inputs.file("allocation.json");
    check_ids(file, &inputs.structure, inputs, &name)?;
    let settings = &inputs.settings.decisions;
    let portfolio = &file.portfolio;
    let err = |e: folio_allocation::Error| ReviewError::new(name.clone(), e);
    let plan = cut(
        portfolio,
        Reduction::Share(settings.cut),
        CutOptions::default(),
    )
    .map_err(err)?;
    let (accelerated, chosen_by) = match &settings.accelerate {
        Some(id) => {
            if portfolio.initiatives().iter().all(|x| &x.id != id) {
                return Err(ReviewError::new(
                    inputs.file("review.json"),
                    format!("decisions.accelerate names initiative {id}, which allocation.json does not hold"),
                ));
            }
            (id.clone(), "review.json")
        }
        None => (default_bet(portfolio, settings).map_err(err)?.ok_or_else(|| {
            ReviewError::new(
                name.clone(),
                "no initiative starts after the first period, so there is no bet to accelerate by default (name one in review.json, decisions.accelerate)",
            )
        })?, "default"),
    };
    let acceleration = accelerate(
        portfolio,
        accelerated.as_str(),
        Target::By(settings.accelerate_by),
    )
    .map_err(err)?;
    let reallocation =
        reallocate(portfolio, &file.signals, ReallocationOptions::default()).map_err(err)?;
    let curve = frontier(portfolio, FrontierOptions::default()).map_err(err)?;
    let mut reallocation_summary: Vec<String> = reallocation
        .recommendations
        .iter()
        .map(folio_allocation::Recommendation::describe)
        .collect();
    reallocation_summary.extend(reallocation.unmet.iter().map(|u| {
        format!(
            "{} still lacks {} {} per period",
            u.key_result,
            u.amount.shown(2).normalize(),
            u.resource
        )
    }));
    Ok(Some(DecisionsSection {
        cut_summary: plan.describe(),
        cut: plan,
        accelerated,
        accelerated_chosen_by: chosen_by.to_owned(),
        acceleration_summary: acceleration.describe(),
        acceleration,
        reallocation,
        reallocation_summary,
        frontier_summary: curve.to_string(),
        frontier: curve,
    }))
}

/// The default bet: the largest risk-adjusted value among the initiatives that do not
/// start in the baseline's first period, ties by id.
fn default_bet(
    portfolio: &folio_allocation::Portfolio,
    settings: &DecisionSettings,
) -> Result<Option<InitiativeId>, folio_allocation::Error> {
    let starts = baseline(portfolio);
    let mut best: Option<(folio_types::Decimal, &InitiativeId)> = None;
    for (x, start) in portfolio.initiatives().iter().zip(starts) {
        let Some(start) = start else { continue };
        if start < settings.accelerate_by.max(1) {
            continue;
        }
        let value = portfolio.risk_adjusted_value(x.id.as_str())?;
        // The portfolio lists its initiatives in id order, so keeping the first of
        // equal values keeps the smaller id.
        let better = best.is_none_or(|(v, _)| value > v);
        if better {
            best = Some((value, &x.id));
        }
    }
    Ok(best.map(|(_, id)| id.clone()))
}

fn check_ids(
    file: &AllocationFile,
    structure: &Structure,
    inputs: &Inputs,
    name: &str,
) -> Result<(), ReviewError> {
    for x in file.portfolio.initiatives() {
        if structure.product(&x.product).is_none() {
            return Err(ReviewError::new(
                name,
                format!(
                    "initiative {} belongs to product {}, which structure.json does not list",
                    x.id, x.product
                ),
            ));
        }
        for kr in x.key_results.keys() {
            if !inputs.portfolio.key_results.iter().any(|k| &k.id == kr) {
                return Err(ReviewError::new(
                    name,
                    format!(
                        "initiative {} moves key result {kr}, which portfolio.json does not hold",
                        x.id
                    ),
                ));
            }
        }
    }
    Ok(())
}
