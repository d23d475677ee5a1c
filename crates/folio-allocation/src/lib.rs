//! Decisions for product portfolios.
#![doc(test(attr(deny(warnings))))]

mod check;
pub mod constraint;
pub mod cut;
pub mod error;
pub mod frontier;
pub mod model;
pub mod objectives;
pub mod realloc;
pub mod schedule;
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
