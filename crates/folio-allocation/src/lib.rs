//! Decisions for product portfolios: what to protect when spend is cut, what slows
//! down when a bet is accelerated, the value-versus-budget frontier and reallocation
//! requests, each answered exactly, explained in data and in words, and the same in any
//! input order.
//!
//! # Example: "if we had to cut 15% of spend, what should we protect?"
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use folio_allocation::{CutOptions, KeepReason, Portfolio, Reduction, cut};
//! use folio_types::{Decimal, Ratio};
//!
//! let portfolio: Portfolio = serde_json::from_str(r#"{
//!   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"],
//!   "budget": ["500000", "500000"],
//!   "capacity": { "engineering": ["10", "10"] },
//!   "objectives": { "expand": { "kr-new-market": "1", "kr-engagement": "1" } },
//!   "initiatives": [
//!     { "id": "sox-controls", "product": "ledger", "horizon": "core", "mandate": true,
//!       "state": { "status": "committed" }, "start": 0,
//!       "cost": [{ "money": "100000", "capacity": { "engineering": "2" } }],
//!       "value": { "source": "given", "npv": "50000" } },
//!     { "id": "checkout-v2", "product": "shop", "horizon": "grow", "risk": "3",
//!       "state": { "status": "in_flight", "sunk": "80000" }, "start": 0,
//!       "cost": [{ "money": "150000", "capacity": { "engineering": "3" } },
//!                { "money": "150000", "capacity": { "engineering": "3" } }],
//!       "value": { "source": "given", "npv": "900000" } },
//!     { "id": "data-platform", "product": "data", "horizon": "core",
//!       "state": { "status": "committed" }, "start": 0,
//!       "cost": [{ "money": "100000", "capacity": { "engineering": "2" } }],
//!       "value": { "source": "given", "npv": "60000" } },
//!     { "id": "recommendations", "product": "shop", "horizon": "grow",
//!       "state": { "status": "proposed" }, "start": 1, "depends_on": ["data-platform"],
//!       "cost": [{ "money": "150000", "capacity": { "engineering": "2" } }],
//!       "value": { "source": "given", "npv": "600000" }, "key_results": { "kr-engagement": "0.1" } },
//!     { "id": "legacy-reports", "product": "ledger", "horizon": "core",
//!       "state": { "status": "in_flight", "sunk": "200000" }, "start": 0,
//!       "cost": [{ "money": "50000" }, { "money": "50000" }],
//!       "value": { "source": "given", "npv": "80000" } },
//!     { "id": "vr-pilot", "product": "labs", "horizon": "explore", "risk": "4",
//!       "state": { "status": "proposed" }, "start": 1,
//!       "cost": [{ "money": "100000", "capacity": { "engineering": "1" } }],
//!       "value": { "source": "given", "npv": "150000" }, "key_results": { "kr-new-market": "0.2" } }
//!   ]
//! }"#)?;
//!
//! let plan = cut(&portfolio, Reduction::Share(Ratio::new(Decimal::new(15, 2))?), CutOptions::default())?;
//!
//! // Planned spend is 850,000, so the plan must stay under 722,500. Cutting the two
//! // weakest bets saves 200,000 and gives up 80,000 + 150,000 × (1 − 0.5 × 3/4) = 173,750
//! // of risk-adjusted NPV; every other way to save 127,500 gives up more.
//! let cut_ids: Vec<&str> = plan.cut.iter().map(|c| c.id.as_str()).collect();
//! assert_eq!(cut_ids, ["legacy-reports", "vr-pilot"]);
//! assert_eq!(plan.spend_saved, Decimal::from(200_000));
//! assert_eq!(plan.value_given_up, Decimal::from(173_750));
//!
//! // Each kept initiative says why: the mandate, and data-platform only because
//! // recommendations needs it (0.6 per unit of spend would not earn its place alone).
//! let why = |id: &str| plan.protect.iter().find(|k| k.id.as_str() == id).map(|k| k.reason.clone());
//! assert_eq!(why("sox-controls"), Some(KeepReason::Mandate));
//! assert!(matches!(why("data-platform"), Some(KeepReason::PrerequisiteOf { .. })));
//!
//! // "expand" weighs two key results equally; vr-pilot was to lift one by 0.2.
//! assert_eq!(plan.objectives[0].progress, Decimal::new(1, 1));
//! println!("{plan}");
//! // If we cut 15% of spend: protect checkout-v2 (2.25 value per unit of spend),
//! // data-platform (prerequisite of recommendations), recommendations (4 value per
//! // unit of spend), sox-controls (mandate); cut legacy-reports (0.8 value per unit of
//! // spend; does not fit: the reduced spend ceiling by 27500), vr-pilot (0.94 value per
//! // unit of spend; does not fit: the reduced spend ceiling by 27500) (saves 200000 USD,
//! // gives up risk-adjusted NPV 173750 USD; objective expand loses 0.1 expected progress).
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`model`]: [`Portfolio`] (validated; built from [`PortfolioData`]), [`Initiative`]
//!   with its [`State`], [`PeriodCost`]s in money and capacity by [`ResourceKind`],
//!   dependencies, mandate and protected flags, [`Value`] (given or a folio-roi business
//!   case) and risk score; [`MixBound`]s; objective weights. The risk-adjustment rule is
//!   documented there.
//! - [`cut()`] ([`mod@cut`]): the best plan under a [`Reduction`], a [`CutPlan`] with
//!   every initiative's [`KeepReason`] or [`CutReason`]; [`cut_greedy`] is the
//!   value-per-spend floor.
//! - [`accelerate`] ([`schedule`]): the finite-capacity re-plan and what slows down, as an
//!   [`Acceleration`]; [`baseline`] is the schedule it starts from.
//! - [`frontier()`] ([`mod@frontier`]): value kept at each level of spend.
//! - [`reallocate`] ([`realloc`]): recommendations from [`Signal`]s.
//! - [`objectives`]: which objectives lose expected progress, through the key-result
//!   weights of a weighted OKR rollup.
//! - [`Constraint`]: the named constraints answers refer to; [`Error`]: the one error type.
//!
//! Every answer type implements `describe()` (and `Display`) with the plain-language
//! sentence a portfolio review shows, and serializes to JSON with the `serde` feature.
//!
//! # The solver
//!
//! The cut is a 0-1 program (multi-dimensional knapsack with precedence, forced items
//! and mix bounds). It is solved by an exact branch and bound written here rather than
//! through a mixed-integer crate such as `good_lp` with `microlp`, because:
//!
//! - it stays exact without trusting floating point: every feasibility test and the
//!   objective are `Decimal` sums; `f64` is used only for the bounds, inflated by a
//!   safety margin so that they never prune a better plan;
//! - it is deterministic by construction (ties by id), with no solver tolerances;
//! - on the benchmark portfolio (2,000 initiatives × 3 resource kinds × 8 quarters) it
//!   proves optimality in about half a second, because the bound (Dantzig's fractional
//!   knapsack on the spend ceiling and on a surrogate of all rows) with reduced-cost
//!   fixing at every node leaves only the initiatives near the break-even ratio to
//!   branch on; an LP-based branch and bound solves a 2,000-column LP at every node;
//! - no dependency raises the workspace's minimum Rust version (microlp needs 1.86).
//!
//! The bounds relax every row but the spend ceiling and one surrogate of the rows that
//! can bind (weighted by how oversubscribed each is), so the search is fast when money is what binds and slower
//! when capacity binds hard: on the benchmark portfolio with capacity at 90% of the
//! plan's use, or with a 30% cut, it stops at its node limit with a plan a little above
//! greedy and a bound within 0.1-0.2% of it; with capacity at 85% the bound is 0.8%
//! above the plan. Such answers say so (below) rather than claim optimality.
//!
//! The work is bounded ([`CutOptions::max_nodes`]); at the limit the answer is the best
//! plan found, never worse than the greedy one, marked
//! [`SolveStatus::NotSolvedWithinLimit`] with an upper bound. Every plan is re-checked
//! exactly against the portfolio's data (budgets, ceiling, capacity, mandates,
//! prerequisites, mix) before it is returned. The accelerate scenario uses a named
//! priority rule instead (see [`schedule`]), whose schedules are re-checked the same way.
//!
//! # Descriptions
//!
//! Every answer has a `describe` (or `Display`) for people: money, amounts and
//! progress in it are shown to two decimal places, halves rounded away from zero (as the
//! spreadsheet `ROUND` rounds them and folio's other reports do), without trailing
//! zeros. The answers' fields keep every digit.
//!
//! # Dependencies
//!
//! folio-types (the vocabulary), folio-roi (NPV of a business case), `rust_decimal`
//! (exact money), thiserror (the error type); serde and schemars behind features. The
//! crate takes risk scores as folio-risk's 1-5 rating and objective weights as plain
//! data, so it needs neither folio-risk nor folio-okr at build time.
//!
//! # Features
//!
//! - `serde` (default): `Serialize` for the model and every answer, `Deserialize` for
//!   the inputs; deserializing a [`Portfolio`] runs the same validation as
//!   [`Portfolio::new`]. The answers ([`CutPlan`], [`Acceleration`], [`Frontier`],
//!   [`Reallocation`] and their parts) serialize for reports but do not deserialize:
//!   they only come out of the engines, so their numbers agree.
//! - `schemars`: JSON Schemas for the same types.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod check;
pub mod constraint;
pub mod cut;
pub mod error;
pub mod frontier;
pub mod model;
pub mod objectives;
pub mod realloc;
pub mod schedule;
mod shown;
mod solver;

pub use constraint::Constraint;
pub use cut::{
    Cut, CutOptions, CutPlan, CutReason, DEFAULT_MAX_NODES, KeepReason, Kept, Line, Reduction,
    SolveStatus, cut, cut_greedy,
};
pub use error::{Error, Result};
pub use frontier::{Frontier, FrontierOptions, FrontierPoint, MAX_POINTS, frontier};
pub use model::{
    DEFAULT_RISK_HAIRCUT, Initiative, MixBound, PeriodCost, Portfolio, PortfolioData, ResourceKind,
    State, Value,
};
pub use objectives::ObjectiveImpact;
pub use realloc::{
    Reallocation, ReallocationOptions, Recommendation, Signal, Unmet, Why, reallocate,
};
pub use schedule::{
    Acceleration, AccelerationPlan, Binding, ImpossibleReason, Placement, Slip, Target, accelerate,
    baseline,
};
