//! Runnable examples for folio and the sample data they embed.
//!
//! Run one with `cargo run --example <name>` from the repository root:
//!
//! - `portfolio_review`: the monthly executive readout of a sample portfolio of five
//!   product lines: the OKR scorecard, exceptions with recovery plans, stale and
//!   drifting key results, portfolio KPIs and the trigger rules that fired, risk scores
//!   with their drivers, ROI and payback, benefits realization. Give it a directory to
//!   review your own files, and `--format markdown`, `--format json` or `--format html`
//!   (a self-contained dashboard with charts) for those forms. The logic lives in the
//!   `folio-review` crate; the example is a thin command line over it.
//! - `core_tour`: folio-types's vocabulary on a small sample portfolio: validated ids,
//!   exact money across product lines, a quarter's progress clock and a check-in
//!   history, with the errors bad input produces.
//! - `okr_tour`: folio-okr on a three-tier OKR portfolio: validation, a weighted rollup
//!   explained term by term, an incremental check-in, an owner override and the status
//!   roll-up.

/// A small sample portfolio structure (JSON), used by the `core_tour` example.
pub const SAMPLE_STRUCTURE: &str = include_str!("../data/structure.json");

/// A three-tier OKR portfolio with leaf progress and confidence (JSON), used by the
/// `okr_tour` example.
pub const SAMPLE_OKR: &str = include_str!("../data/okr.json");

/// The repository README's examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
