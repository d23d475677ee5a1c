//! Trigger rules: governance as data.
//!
//! "If adoption is below X for 2 quarters, require a fix-or-sunset plan." A [`Rule`]
//! names a metric, a [`Condition`], an optional [`Persistence`] and the [`Action`] it
//! requires. A [`RuleSet`] evaluated over [`Observations`](crate::Observations) at an `as_of` date returns
//! the [`Alert`]s that fired, each with the [`Evidence`]: the observations that made
//! it fire.
//!
//! # Semantics
//!
//! Only observations dated on or before `as_of` are seen. For each product with a
//! series of the rule's metric (or, for [`Scope::Portfolio`], for the metric combined
//! across products per its definition); a ratio-of-sums metric that is not observed
//! itself is read per product through its numerator and denominator (see
//! [`Observations::derived_series`](crate::Observations::derived_series)):
//!
//! - **No persistence**: the condition is tested on the latest observation.
//! - **Persistence of `n` periods** of a [`Cadence`]: the streak is anchored at the
//!   period that holds the latest observation, and the condition must hold in that
//!   period and the `n - 1` periods before it, each period's value being its latest
//!   observation. A period without an observation breaks the streak: missing data is
//!   not evidence (staleness is what [`Condition::NotUpdatedSince`] is for). Anchoring
//!   at the latest data rather than at the period of `as_of` means a rule evaluated
//!   mid-quarter still sees the two completed quarters before it.
//! - [`Condition::NotUpdatedSince`] fires when the latest observation is more than
//!   `days` days before `as_of`; it takes no persistence.
//! - [`Condition::VarianceAbove`] compares the metric with an `expected` metric
//!   observed on the **same date** (or, with persistence, in the same period):
//!   `|actual - expected| / |expected| × 100 > percent`. With no expected value, or an
//!   expected value of zero, the variance is undefined and the rule does not fire.
//!
//! Alerts come back ordered by rule id, then product id (portfolio alerts first), so
//! the result does not depend on the order of rules or observations.

mod evaluate;
mod rule;

pub use evaluate::{Alert, Evidence, RuleSet};
pub use rule::{
    Action, Cadence, Condition, MAX_PERSISTENCE, Persistence, Rule, RuleData, RuleId, Scope,
};
