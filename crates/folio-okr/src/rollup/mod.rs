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

mod fixed;
mod incremental;
pub mod kpi;
mod leaf_rows;
#[cfg(test)]
mod leaf_rows_tests;
mod overrides;
pub mod say_do;
mod state;
#[cfg(test)]
mod uniform_tests;
#[cfg(test)]
mod update_tests;
pub mod weighted;

use folio_types::{Progress, Weight};

pub use kpi::{KpiInputs, KpiRollup, MetricReading};
pub use say_do::SayDo;
pub use state::Rollup;
pub use weighted::Weighted;

use crate::error::{Error, Result};
use crate::explain::Breakdown;
use crate::model::{NodeId, RollupMethod, RollupPolicy};
use crate::plan::{NodeIndex, Plan};

/// Seals the engine traits: their methods take the crate's compiled [`Plan`] and dense
/// indices, which are its internals, so only the crate's engines implement them and
/// the plan can change without breaking anyone.
mod sealed {
    use folio_types::Progress;

    /// The engine a full sweep runs without dynamic dispatch, if any: a [`super::Rollup`]
    /// asks its engine once per sweep and then runs a loop written for that engine.
    #[derive(Debug, Clone, Copy)]
    pub enum Fast {
        /// No specialized sweep: node by node through the engine's trait methods.
        None,
        /// The weighted engine.
        Weighted,
        /// The say-do engine with its hit threshold.
        SayDo(Progress),
    }

    pub trait Sealed {
        /// The specialized sweep for this engine.
        fn fast(&self) -> Fast {
            Fast::None
        }
    }
    impl Sealed for super::Weighted {
        fn fast(&self) -> Fast {
            Fast::Weighted
        }
    }
    impl Sealed for super::SayDo {
        fn fast(&self) -> Fast {
            Fast::SayDo(self.hit_threshold())
        }
    }
    impl Sealed for super::Engine {
        fn fast(&self) -> Fast {
            match self {
                super::Engine::Weighted(e) => e.fast(),
                super::Engine::SayDo(e) => e.fast(),
            }
        }
    }
    impl<E: super::RollupEngine> Sealed for super::Rollup<E> {}
    impl Sealed for super::KpiRollup {}
}

pub(crate) use sealed::Fast;

/// A rollup method: computes a rolled-up node from its contributors.
///
/// The trait is sealed: [`Weighted`], [`SayDo`] and [`Engine`] (the one a policy names)
/// implement it, and no other type can. Callers name an engine only to pick one for
/// [`OkrGraph::rollup_with`](crate::OkrGraph::rollup_with); most never do, since
/// [`OkrGraph::rollup`](crate::OkrGraph::rollup) picks the policy's.
///
/// `values` holds the reported value of every node of `plan`, by [`NodeIndex`]; an
/// engine reads only the contributors of `node`, which the topological order has
/// already computed.
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// use folio_okr::{NodeId, RollupEngine, RollupMethod, SayDo, Weighted};
/// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
///
/// let plan = graph.plan();
/// let mut values = vec![Progress::ZERO; plan.len()];
/// values[plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap().get()] = "0.8".parse()?;
/// values[plan.index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap().get()] = "0.4".parse()?;
/// let grow = plan.index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
/// assert_eq!(Weighted.method(), RollupMethod::Weighted);
/// // (3 x 0.8 + 1 x 0.4) / 4 = 0.7
/// assert_eq!(Weighted.compute(plan, grow, &values)?.value(), Decimal::new(7, 1));
/// // Neither key result reaches 1: say-do counts no hit.
/// assert_eq!(SayDo::default().compute(plan, grow, &values)?, Progress::ZERO);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait RollupEngine: sealed::Sealed {
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

/// The scale (decimal places) of every term of an [`AdditiveEngine`]: terms and sums
/// are integers counting units of `10^-20`.
pub const TERM_SCALE: u32 = 20;

/// An engine whose value at a node is `finish(node, S)`, where `S` is the sum of
/// `term(weight_i, value_i)` over the node's contributors.
///
/// Terms are non-negative fixed-point integers at [`TERM_SCALE`] decimal places, so a
/// sum is exact whatever the order of its terms: replacing one term (`S - old + new`)
/// gives the very sum a full pass gives, and that is what lets an incremental update
/// touch one term per ancestor and still equal a full recompute. A term or a sum that
/// does not fit a `u128` (or is `u128::MAX`), or a `finish` that returns `None`, sends
/// the node to
/// [`RollupEngine::compute`], which must then give the node's value by other means;
/// such a node is always recomputed in full.
///
/// Sealed like [`RollupEngine`]: only [`Weighted`] implements it.
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// use folio_okr::{AdditiveEngine, NodeId, Weighted, TERM_SCALE};
/// use folio_types::{Decimal, ObjectiveId};
///
/// let unit = 10u128.pow(TERM_SCALE);
/// // 3 x 0.8 = 2.4 and 1 x 0.4 = 0.4, in units of 10^-20.
/// let arr = Weighted.term("3".parse()?, "0.8".parse()?).unwrap();
/// let nps = Weighted.term("1".parse()?, "0.4".parse()?).unwrap();
/// assert_eq!(arr, 24 * unit / 10);
/// let grow = graph.plan().index_of(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
/// // 2.8 over a total weight of 4.
/// let value = Weighted.finish(graph.plan(), grow, arr + nps)?.unwrap();
/// assert_eq!(value.value(), Decimal::new(7, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AdditiveEngine: sealed::Sealed {
    /// The term of one contributor at [`TERM_SCALE`] decimal places, or `None` if it
    /// does not fit.
    fn term(&self, weight: Weight, value: Progress) -> Option<u128>;

    /// The value of `node` from the sum of its terms, or `None` if the fixed-point
    /// form cannot express it.
    ///
    /// # Errors
    ///
    /// An engine-specific error naming the node.
    fn finish(&self, plan: &Plan, node: NodeIndex, sum: u128) -> Result<Option<Progress>>;
}

/// The sum of an additive engine's terms at `node`, or `None` if a term or the sum does
/// not fit.
pub(crate) fn additive_sum(
    engine: &dyn AdditiveEngine,
    plan: &Plan,
    node: NodeIndex,
    values: &[Progress],
) -> Result<Option<u128>> {
    let mut sum: u128 = 0;
    for &(child, weight) in plan.contributors(node) {
        let value = value_of(values, child)?;
        let Some(next) = engine
            .term(weight, value)
            .and_then(|term| sum.checked_add(term))
        else {
            return Ok(None);
        };
        sum = next;
    }
    Ok(Some(sum))
}

/// The progress engine a [`RollupPolicy`] names, chosen at run time.
///
/// The KPI method has no progress engine: its nodes' values are metric readings, so a
/// KPI portfolio rolls up into a [`KpiRollup`] instead.
///
/// ```
/// # use folio_okr::{OkrGraph, PortfolioData};
/// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
/// #   "policy": { "method": "weighted" },
/// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
/// #   "key_results": [
/// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
/// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
/// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
/// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
/// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
/// #   ]
/// # }"#)?)?;
/// use folio_okr::{Engine, NodeId, ProgressInputs, RollupMethod, RollupPolicy, Weighted};
/// use folio_types::{KeyResultId, ObjectiveId, Progress};
///
/// // The engine a weighted portfolio names.
/// let engine = Engine::from_policy(graph.policy())?;
/// assert_eq!(engine, Engine::Weighted(Weighted));
/// // Both key results met: the objective is complete.
/// let rollup = graph.rollup_with(engine, &ProgressInputs::new([
///     (KeyResultId::new("arr")?, Progress::COMPLETE),
///     (KeyResultId::new("nps")?, Progress::COMPLETE),
/// ]))?;
/// let grow = NodeId::from(ObjectiveId::new("grow")?);
/// assert_eq!(rollup.value(&grow).map(|v| v.reported), Some(Progress::COMPLETE));
/// assert!(Engine::from_policy(&RollupPolicy::new(RollupMethod::SayDo)).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use folio_okr::{Engine, Error, RollupMethod, RollupPolicy};
    ///
    /// assert!(matches!(Engine::from_policy(&RollupPolicy::new(RollupMethod::Weighted))?, Engine::Weighted(_)));
    /// // A KPI portfolio rolls metric readings up, not progress.
    /// assert!(matches!(
    ///     Engine::from_policy(&RollupPolicy::new(RollupMethod::Kpi)),
    ///     Err(Error::NeedsMetricReadings)
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_policy(policy: &RollupPolicy) -> Result<Self> {
        policy.validate()?;
        match policy.method {
            RollupMethod::Weighted => Ok(Self::Weighted(Weighted)),
            RollupMethod::SayDo => Ok(Self::SayDo(SayDo::new(policy.hit_threshold)?)),
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

/// What every rolled-up portfolio offers, whatever its method: the progress of every
/// node and its explanation. [`Rollup`] (weighted, say-do) and [`KpiRollup`] implement
/// it, so that a scorecard or an export reads any portfolio the same way. The trait is
/// sealed: those two are its only implementations.
///
/// ```
/// use folio_okr::{NodeId, OkrGraph, PortfolioData, ProgressInputs, RolledUp};
/// use folio_types::{KeyResultId, ObjectiveId, Progress};
///
/// fn portfolio_progress(rollup: &dyn RolledUp, node: &NodeId) -> Option<Progress> {
///     rollup.value(node).map(|v| v.reported)
/// }
///
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [{ "id": "o", "name": "o", "tier": "portfolio", "drivers": "key_results" }],
///   "key_results": [{ "id": "k", "name": "k", "tier": "product", "owner": "a",
///                     "product": "p", "contributes_to": [{ "to": { "objective": "o" } }] }]
/// }"#)?)?;
/// let rollup = graph.rollup(&ProgressInputs::new([(KeyResultId::new("k")?, Progress::COMPLETE)]))?;
/// let o = NodeId::from(ObjectiveId::new("o")?);
/// assert_eq!(portfolio_progress(&rollup, &o), Some(Progress::COMPLETE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait RolledUp: sealed::Sealed {
    /// The method the portfolio rolls up by.
    fn method(&self) -> RollupMethod;

    /// The compiled plan.
    fn plan(&self) -> &Plan;

    /// Every node's reported progress, by [`NodeIndex`].
    fn reported_values(&self) -> &[Progress];

    /// The progress of a node, computed and reported.
    fn value(&self, node: &NodeId) -> Option<crate::NodeValue>;

    /// The explanation of a node.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`]; any engine error.
    fn explain(&self, node: &NodeId) -> Result<crate::Explanation>;
}

impl<E: RollupEngine> RolledUp for Rollup<E> {
    fn method(&self) -> RollupMethod {
        self.engine().method()
    }

    fn plan(&self) -> &Plan {
        Rollup::plan(self)
    }

    fn reported_values(&self) -> &[Progress] {
        Rollup::reported_values(self)
    }

    fn value(&self, node: &NodeId) -> Option<crate::NodeValue> {
        Rollup::value(self, node)
    }

    fn explain(&self, node: &NodeId) -> Result<crate::Explanation> {
        Rollup::explain(self, node)
    }
}

impl RolledUp for KpiRollup {
    fn method(&self) -> RollupMethod {
        RollupMethod::Kpi
    }

    fn plan(&self) -> &Plan {
        KpiRollup::plan(self)
    }

    fn reported_values(&self) -> &[Progress] {
        KpiRollup::reported_values(self)
    }

    fn value(&self, node: &NodeId) -> Option<crate::NodeValue> {
        KpiRollup::value(self, node)
    }

    fn explain(&self, node: &NodeId) -> Result<crate::Explanation> {
        KpiRollup::explain(self, node)
    }
}

/// The value of `node` in `values`, or an error if the slice does not cover the plan.
pub(crate) fn value_of(values: &[Progress], node: NodeIndex) -> Result<Progress> {
    values
        .get(node.get())
        .copied()
        // `ok_or_else`: this runs once per edge of every sweep, and the error value
        // must be built only when the slice is short, not on every call.
        .ok_or_else(|| Error::IndexOutOfPlan {
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
