//! Rollup engines and the rolled-up state of a portfolio.
//!
//! An engine ([`RollupEngine`]) computes one node from its contributors' reported
//! values; a [`Rollup`] sweeps the compiled [`Plan`] once in topological order, keeps
//! every node's computed and reported value, explains any node, and updates the
//! ancestors of changed key results without recomputing the rest.
//!
//! The KPI method ([`kpi`]) rolls metric readings up instead of progress, into a
//! [`KpiRollup`] with the same reading interface (values, explanations, incremental
//! updates, overrides).
//!
//! The portfolio chooses one method ([`RollupPolicy`]); a rollup with an engine of
//! another method is refused ([`Error::MethodMismatch`]), and validation refuses a
//! portfolio whose objectives ask for different methods. A mixed rollup is not
//! comparable across products.
//!
//! # Overrides
//!
//! An owner may override a rolled-up node. The rollup keeps both values
//! ([`NodeValue`](crate::NodeValue)) and says which it reports ([`Source`](crate::Source)). Under
//! [`OverridePolicy::Report`](crate::OverridePolicy::Report) (the default) the override is reported and is what the
//! node's parents see; under [`OverridePolicy::Ignore`](crate::OverridePolicy::Ignore) the computed value is reported
//! and propagated, and the override is kept for display.

mod incremental;
pub mod kpi;
pub mod say_do;
mod state;
pub mod weighted;

use folio_core::{Decimal, Progress, Weight};

pub use kpi::{KpiInputs, KpiRollup, MetricReading};
pub use say_do::SayDo;
pub use state::Rollup;
pub use weighted::Weighted;

use crate::error::{Error, Result};
use crate::explain::Breakdown;
use crate::model::{NodeId, RollupMethod, RollupPolicy};
use crate::plan::{NodeIndex, Plan};

/// A rollup method: computes a rolled-up node from its contributors.
///
/// `values` holds the reported value of every node of `plan`, by [`NodeIndex`]; an
/// engine reads only the contributors of `node`, which the topological order has
/// already computed.
pub trait RollupEngine {
    /// The method this engine implements.
    fn method(&self) -> RollupMethod;

    /// The value of `node`.
    ///
    /// # Errors
    ///
    /// An engine-specific error naming the node, such as [`Error::ZeroTotalWeight`] or
    /// [`Error::Overflow`].
    fn compute(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Progress>;

    /// The arithmetic behind [`compute`](RollupEngine::compute), term by term.
    ///
    /// # Errors
    ///
    /// As [`compute`](RollupEngine::compute).
    fn explain(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Breakdown>;

    /// The engine's additive form, if its value at a node is a function of a sum of
    /// per-contributor terms ([`AdditiveEngine`]). A [`Rollup`] then keeps each node's
    /// sum and, on an incremental update, replaces only the terms that changed. The
    /// default, `None`, makes an update recompute each ancestor from all of its
    /// contributors.
    fn additive(&self) -> Option<&dyn AdditiveEngine> {
        None
    }
}

/// The scale (decimal places) of every term of an [`AdditiveEngine`].
pub const TERM_SCALE: u32 = 20;

/// An engine whose value at a node is `finish(node, S)`, where `S` is the sum of
/// `term(weight_i, value_i)` over the node's contributors, in plan order.
///
/// Terms are non-negative with at most [`TERM_SCALE`] decimal places. A sum of such
/// terms is exact as long as it fits at that scale, and the rollup keeps it at exactly
/// that scale, so replacing one term (`S - old + new`) gives the very `Decimal` a full
/// recompute would: that is what lets an incremental update touch one term per ancestor
/// and still equal a full recompute. A node where a partial sum had to round is always
/// recomputed in full, in plan order.
pub trait AdditiveEngine {
    /// The term of one contributor, or `None` if it overflows.
    fn term(&self, weight: Weight, value: Progress) -> Option<Decimal>;

    /// The value of `node` from the sum of its terms.
    ///
    /// # Errors
    ///
    /// An engine-specific error naming the node.
    fn finish(&self, plan: &Plan, node: NodeIndex, sum: Decimal) -> Result<Progress>;
}

/// The sum of an additive engine's terms at `node`, in plan order, and whether it is
/// exact (every term and partial sum at [`TERM_SCALE`]).
pub(crate) fn additive_sum(
    engine: &dyn AdditiveEngine,
    plan: &Plan,
    node: NodeIndex,
    values: &[Progress],
) -> Result<(Decimal, bool)> {
    let mut sum = Decimal::ZERO;
    let mut exact = true;
    for &(child, weight) in plan.contributors(node) {
        let value = value_of(values, child)?;
        let term = engine.term(weight, value).ok_or_else(|| {
            node_error(plan, node, |node| Error::Overflow {
                node,
                operation: "multiplying a weight by a value",
            })
        })?;
        exact = exact && term.scale() <= TERM_SCALE && !term.is_sign_negative();
        // An exact sum keeps the larger scale of its operands; a sum that had to round
        // comes back with fewer decimal places.
        let scale = sum.scale().max(term.scale());
        sum = sum.checked_add(term).ok_or_else(|| {
            node_error(plan, node, |node| Error::Overflow {
                node,
                operation: "summing weight × value",
            })
        })?;
        exact = exact && sum.scale() == scale;
    }
    // One representation for every exact sum, so that a sum updated term by term is the
    // very `Decimal` a full sum gives. Raising the scale never changes the value.
    sum.rescale(TERM_SCALE);
    Ok((sum, exact && sum.scale() == TERM_SCALE))
}

/// The progress engine a [`RollupPolicy`] names, chosen at run time.
///
/// The KPI method has no progress engine: its nodes' values are metric readings, so a
/// KPI portfolio rolls up into a [`KpiRollup`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    /// The weighted rollup.
    Weighted(Weighted),
    /// The say-do rollup.
    SayDo(SayDo),
}

impl Engine {
    /// The engine of `policy`'s method, configured as the policy says.
    ///
    /// # Errors
    ///
    /// [`Error::NeedsMetricReadings`] for the KPI method.
    pub fn from_policy(policy: &RollupPolicy) -> Result<Self> {
        match policy.method {
            RollupMethod::Weighted => Ok(Self::Weighted(Weighted)),
            RollupMethod::SayDo => Ok(Self::SayDo(SayDo::new(policy.hit_threshold))),
            RollupMethod::Kpi => Err(Error::NeedsMetricReadings),
        }
    }
}

impl RollupEngine for Engine {
    fn method(&self) -> RollupMethod {
        match self {
            Self::Weighted(e) => e.method(),
            Self::SayDo(e) => e.method(),
        }
    }

    fn compute(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Progress> {
        match self {
            Self::Weighted(e) => e.compute(plan, node, values),
            Self::SayDo(e) => e.compute(plan, node, values),
        }
    }

    fn explain(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Breakdown> {
        match self {
            Self::Weighted(e) => e.explain(plan, node, values),
            Self::SayDo(e) => e.explain(plan, node, values),
        }
    }

    fn additive(&self) -> Option<&dyn AdditiveEngine> {
        match self {
            Self::Weighted(e) => e.additive(),
            Self::SayDo(e) => e.additive(),
        }
    }
}

/// The value of `node` in `values`, or an error if the slice does not cover the plan.
pub(crate) fn value_of(values: &[Progress], node: NodeIndex) -> Result<Progress> {
    values
        .get(node.get())
        .copied()
        .ok_or(Error::IndexOutOfPlan {
            index: node.get(),
            len: values.len(),
        })
}

/// An error about `node`, built from its id.
pub(crate) fn node_error(
    plan: &Plan,
    node: NodeIndex,
    make: impl FnOnce(NodeId) -> Error,
) -> Error {
    match plan.node(node) {
        Some(id) => make(id.clone()),
        None => Error::IndexOutOfPlan {
            index: node.get(),
            len: plan.len(),
        },
    }
}
