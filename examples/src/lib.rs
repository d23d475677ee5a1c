//! Runnable examples for folio and the sample data they embed.
//!
//! Run one with `cargo run --example <name>` from the repository root:
//!
//! - `core_tour`: folio-core's vocabulary on a small sample portfolio: validated ids,
//!   exact money across product lines, a quarter's progress clock and a check-in
//!   history, with the errors bad input produces.

/// A small sample portfolio structure (JSON), used by the `core_tour` example.
pub const SAMPLE_STRUCTURE: &str = include_str!("../data/structure.json");
