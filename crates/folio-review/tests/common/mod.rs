//! Fixtures shared by the integration tests: the sample review, the sample files with
//! an edit applied, and the dashboard parsed as XML.
// Each test binary uses some of these; a failure here is a broken fixture and should
// abort loudly.
#![allow(dead_code, clippy::unwrap_used)]

pub(crate) mod svg;

use folio_review::input::{SAMPLE, SAMPLE_OPTIONAL};
use folio_review::{Inputs, PortfolioReview, ReviewError, run};
use serde_json::Value;

/// The review of the embedded sample portfolio.
pub(crate) fn sample() -> PortfolioReview {
    run(&Inputs::sample().unwrap()).unwrap()
}

/// Reads the sample with `edit` applied to the parsed text of the file it names.
pub(crate) fn load(file: &str, edit: impl Fn(&mut Value)) -> Result<Inputs, ReviewError> {
    Inputs::from_sources("in", |name| {
        let Some((_, text)) = SAMPLE
            .iter()
            .chain(SAMPLE_OPTIONAL.iter())
            .find(|(n, _)| *n == name)
        else {
            return Ok(None);
        };
        if name != file {
            return Ok(Some((*text).to_owned()));
        }
        let mut value: Value = serde_json::from_str(text).map_err(|e| ReviewError::new(name, e))?;
        edit(&mut value);
        Ok(Some(value.to_string()))
    })
}

/// The benefits review of an empty book at the sample's date and policy: no
/// initiatives, and so no overdue checkpoints or post-mortems.
pub(crate) fn empty_benefits(review: &PortfolioReview) -> folio_benefits::Review<'static> {
    let benefits = &review.benefits;
    folio_benefits::BenefitsBook::new(folio_benefits::BookData::default())
        .unwrap()
        .review(benefits.as_of, &benefits.policy)
        .unwrap()
        .into_owned()
}

/// The sample review with every charted list emptied.
pub(crate) fn emptied() -> PortfolioReview {
    let mut review = sample();
    review.okr.readout.scorecard.clear();
    review.okr.roadmap.clear();
    review.kpis.rows.clear();
    review.kpis.capacity.clear();
    review.kpis.mix.clear();
    review.risk.products.clear();
    review.risk.alerts.clear();
    review.roi.initiatives.clear();
    review.benefits = empty_benefits(&review);
    review
}

/// The page as XML; `<!DOCTYPE html>` is a DTD declaration to an XML parser.
pub(crate) fn parse(page: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(page, options).unwrap()
}
