//! The HTML dashboard (stub while the renderer is written).
use crate::PortfolioReview;

pub(crate) fn document(_review: &PortfolioReview) -> String {
    String::from("<!DOCTYPE html>\n")
}
