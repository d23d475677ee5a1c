//! Runnable examples for folio and the sample data they embed.
//!
//! Run one with `cargo run --example <name>` from the repository root:
//!
//! - `core_tour`: folio-core's vocabulary on a small sample portfolio: validated ids,
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
