//! The money sections: risk scores with their drivers, ROI and payback per initiative and
//! product line, and benefits realization.
//!
//! ```
//! use folio_review::{Inputs, run};
//!
//! // roi.json holds six business cases over five product lines.
//! let review = run(&Inputs::sample()?)?;
//! assert_eq!(review.roi.initiatives.len(), 6);
//! assert_eq!(review.roi.product_lines.len(), 5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use folio_benefits::Review as BenefitsReview;
use folio_risk::{PortfolioReview as RiskReview, ProductFigures, RiskModel, Scorer, review};
use folio_roi::{InitiativeReport, PaybackAlert, ProductLineReport, evaluate, product_lines};
use folio_types::{Decimal, Money, ProductId};
use serde::Serialize;

use super::input::{Inputs, ReviewError};

/// ROI at both levels, and the payback trigger's alerts.
#[derive(Debug, Clone, Serialize)]
pub struct RoiSection {
    /// Each initiative's measures, by id.
    pub initiatives: Vec<InitiativeReport>,
    /// Each product line's measures on the sum of its initiatives' flows, by id.
    pub product_lines: Vec<ProductLineReport>,
    /// Initiatives and lines whose payback exceeds the trigger's threshold.
    pub payback_alerts: Vec<PaybackAlert>,
}

/// Scores every product's latest assessment against the one before, with exposure
/// weighted by `revenue` (each product's revenue in the latest KPI quarter).
pub(crate) fn risk_section(
    inputs: &Inputs,
    revenue: &BTreeMap<ProductId, Decimal>,
) -> Result<RiskReview, ReviewError> {
    let in_risk = |e: folio_risk::Error| ReviewError::new(inputs.file("risk.json"), e);
    let risk = &inputs.risk;
    if let Some(unknown) = risk
        .assessments
        .iter()
        .find(|a| inputs.structure.product(&a.product).is_none())
    {
        return Err(ReviewError::new(
            inputs.file("risk.json"),
            format!(
                "the assessment of {} on {} names a product that structure.json does not list",
                unknown.product, unknown.date
            ),
        ));
    }
    let scorer = Scorer::new(RiskModel::standard(), risk.scoring.clone()).map_err(in_risk)?;
    let currency = inputs.settings.currency;
    let figures: Vec<ProductFigures> = revenue
        .iter()
        .map(|(product, amount)| ProductFigures {
            product: product.clone(),
            revenue: Some(Money::new(*amount, currency)),
            investment: None,
        })
        .collect();
    review(
        &scorer,
        &risk.assessments,
        &figures,
        inputs.settings.as_of,
        &risk.review,
    )
    .map_err(in_risk)
}

/// Measures every business case of `roi.json` and aggregates them by product line.
pub(crate) fn roi_section(inputs: &Inputs) -> Result<RoiSection, ReviewError> {
    let file = inputs.file("roi.json");
    let in_roi = |e: folio_roi::Error| ReviewError::new(&file, e);
    let roi = &inputs.roi;
    // `run` has checked every case's product line against the structure
    // (`crosscheck`) before any section is built.
    for case in &roi.cases {
        if case.currency() != inputs.settings.currency {
            return Err(ReviewError::new(
                &file,
                format!(
                    "the case of {} is in {}, the review in {}",
                    case.initiative(),
                    case.currency(),
                    inputs.settings.currency
                ),
            ));
        }
    }
    let initiatives = roi
        .cases
        .iter()
        .map(|case| evaluate(case, &roi.policy).map_err(in_roi))
        .collect::<Result<Vec<_>, _>>()?;
    let mut initiatives = initiatives;
    initiatives.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    let lines = product_lines(&roi.cases, &roi.policy).map_err(in_roi)?;
    let payback_alerts = roi.payback_trigger.alerts(&initiatives, &lines);
    Ok(RoiSection {
        initiatives,
        product_lines: lines,
        payback_alerts,
    })
}

/// Reviews the benefits book at the review date. The review is kept with its own copy
/// of the ids it names (the engine's review borrows them from the book), so that the
/// portfolio review does not borrow the inputs.
pub(crate) fn benefits_section(inputs: &Inputs) -> Result<BenefitsReview<'static>, ReviewError> {
    let file = inputs.file("benefits.json");
    // `run` has checked every case's product line against the structure
    // (`crosscheck`) before any section is built.
    let benefits = &inputs.benefits;
    benefits
        .book
        .review(inputs.settings.as_of, &benefits.policy)
        .map(BenefitsReview::into_owned)
        .map_err(|e| ReviewError::new(&file, e))
}
