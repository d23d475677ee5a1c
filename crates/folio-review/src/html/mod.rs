//! The HTML dashboard: one self-contained XHTML-compatible page with inline CSS and
//! hand-written inline SVG charts, no scripts and no network fetches.
//!
//! The page opens with what needs a decision this month (exceptions that ask for one,
//! off-track key results and their recovery plans, overdue staleness actions, trigger
//! rules, risk alerts, payback alerts, post-mortems, capacity drain, an investment mix
//! outside its band), then one section per chart, each chart followed by the table of
//! the numbers it draws:
//!
//! 1. the scorecard: each portfolio objective's progress and confidence against the pace
//!    line, with its previous progress;
//! 2. the readout's resource reallocation requests (from, to, how much, why) and
//!    strategic questions with their evidence;
//! 3. the cascade check: each goal whose contributors' targets do not add up, drawn as
//!    the contributors' targets against its own, the other findings, and the KPI
//!    portfolio's scorecard;
//! 4. the portfolio roadmap: each product's key results under the umbrella objective
//!    they serve;
//! 5. KPI trends per quarter, one small chart per metric with a line per product;
//! 6. capacity share against revenue share (the drain chart) and the investment mix
//!    against its target bands;
//! 7. the executive dashboard: capacity utilization per product, the investment mix by
//!    spend beside the mix by capacity, time-to-value and the delivery predictability
//!    of the critical initiatives;
//! 8. the risk heat map (products x dimensions) with each product's trend;
//! 9. ROI and payback per initiative;
//! 10. benefits realized against expected per checkpoint;
//! 11. the decisions of folio-allocation;
//! 12. delivery flow.
//!
//! Every chart is an `<svg role="img">` with a `<title>`, a `<desc>` that states its
//! numbers in words and an `aria-label`; series differ by hatching, dots, dash patterns
//! and marker shapes as well as by colour, and carry text labels, so the page reads in
//! greyscale. Every drawn number and every table cell that shows a number of the review
//! carries `data-path` (a JSON pointer into the JSON rendering) and
//! `data-value` (the exact decimal), which the tests check against the JSON review.
//!
//! The page is byte-identical for the same review: no clock, no randomness, maps in
//! key order.
//!
//! # Extending
//!
//! A section is a function `fn(&mut Page, &PortfolioReview)` listed in [`SECTIONS`];
//! decisions a new section asks for go into `decisions` so that they reach the first
//! screen.

use std::fmt::Write as _;

mod charts;
mod decisions;
pub(crate) mod svg;

use crate::PortfolioReview;
use crate::render::percent;
use svg::esc;

/// The page under construction.
#[derive(Debug, Default)]
pub(crate) struct Page {
    out: String,
}

impl Page {
    /// Appends raw markup (already escaped).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Opens a section with an id and a heading, and an introduction in one sentence.
    pub(crate) fn open(&mut self, id: &str, title: &str, intro: &str) {
        let _ = write!(
            self.out,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2><p class=\"intro\">{}</p>",
            esc(title),
            esc(intro)
        );
    }

    /// Closes the section opened last.
    pub(crate) fn close(&mut self) {
        self.out.push_str("</section>");
    }

    /// A figure: the chart, then the table of its numbers.
    pub(crate) fn figure(&mut self, chart: &str, table: &str) {
        let _ = write!(self.out, "<figure>{chart}{table}</figure>");
    }
}

/// A dashboard section: writes itself onto the page.
pub(crate) type Section = fn(&mut Page, &PortfolioReview);

/// The dashboard's sections after the first screen, in page order. A new section
/// (allocation decisions, delivery flow) is one more entry here.
pub(crate) const SECTIONS: [Section; 12] = [
    charts::scorecard,
    charts::readout,
    charts::cascade,
    charts::roadmap,
    charts::kpi_trends,
    charts::capacity,
    charts::dashboard,
    charts::risk,
    charts::roi,
    charts::benefits,
    charts::decisions,
    charts::delivery,
];

const CSS: &str = "\
@page{size:A4;margin:12mm}\
*{box-sizing:border-box}\
body{font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#1b1f24;background:#ffffff;max-width:980px;margin:0 auto;padding:16px 20px}\
header{border-bottom:3px solid #1f3a5f;margin-bottom:12px}\
h1{font-size:24px;margin:0 0 4px}\
h2{font-size:19px;margin:24px 0 4px;border-bottom:1px solid #c9ced6;padding-bottom:2px}\
h3{font-size:15px;margin:12px 0 4px}\
.meta{color:#4a525c;margin:0 0 8px}\
.intro{margin:2px 0 8px;color:#333a42}\
.decide{border:3px solid #8c1c13;padding:8px 14px;margin:12px 0;background:#fff7f5}\
.decide h2{border:none;margin-top:4px;color:#8c1c13}\
.decide ol{margin:4px 0 4px 0;padding-left:22px}\
.decide li{margin:4px 0}\
.tag{display:inline-block;font-size:11px;font-weight:bold;text-transform:uppercase;letter-spacing:.03em;border:1px solid #1b1f24;padding:0 4px;margin-right:6px}\
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}\
.tile{flex:1 1 200px;border:1px solid #c9ced6;padding:6px 10px}\
.tile b{display:block;font-size:22px}\
figure{margin:8px 0 16px}\
svg{display:block;width:100%;height:auto;max-width:100%}\
svg text{font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif;fill:#1b1f24;font-size:12px}\
svg text.small{font-size:10.5px}\
svg text.label{font-size:12px;font-weight:bold}\
svg text.value{font-size:11px}\
svg text.light{fill:#ffffff;font-size:11px;font-weight:bold}\
.grid2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px}\
.table{overflow-x:auto}\
table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0;table-layout:auto}\
caption{text-align:left;font-weight:bold;padding:2px 0;font-size:12px;color:#333a42}\
th,td{border-bottom:1px solid #dde1e6;padding:2px 6px;text-align:right;vertical-align:top}\
th[scope=row],thead th:first-child{text-align:left;overflow-wrap:anywhere}\
thead th{border-bottom:2px solid #1b1f24}\
.words td,.words thead th{text-align:left}.words th[scope=row]{overflow-wrap:normal;white-space:nowrap}\
footer{margin-top:24px;color:#4a525c;font-size:12px}\
@media (max-width:760px){.grid2{grid-template-columns:minmax(0,1fr)}}\
@media print{body{max-width:none;padding:0;font-size:10pt}section{break-inside:auto}figure{break-inside:avoid}.decide{break-inside:avoid}.grid2{grid-template-columns:repeat(2,minmax(0,1fr))}}";

/// Renders `review` as the dashboard page.
pub(crate) fn document(review: &PortfolioReview) -> String {
    let mut page = Page::default();
    let readout = &review.okr.readout;
    let title = format!("{}: {}", review.title, readout.period);
    let _ = write!(
        page.out,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}</style></head><body><header><h1>{}</h1><p class=\"meta\">As of {} · {} of the period elapsed (the pace line) · previous readout compared for every trend</p></header><main>",
        esc(&title),
        esc(&title),
        review.as_of,
        percent(review.pace.value()),
    );
    decisions::first_screen(&mut page, review);
    for section in SECTIONS {
        section(&mut page, review);
    }
    page.raw("</main><footer>Made by folio-review from the portfolio's data files. Every chart's numbers are in the table below it; the JSON form of the review (<code>--format json</code>) holds them unrounded.</footer></body></html>\n");
    page.out
}
