//! Rollup engines and the rolled-up state of a portfolio.
//!
//! An engine ([`RollupEngine`]) computes one node from its contributors' reported
//! values; a [`Rollup`] sweeps the compiled [`Plan`] once in topological order, keeps
//! every node's computed and reported value, explains any node, and updates the
//! ancestors of changed key results without recomputing the rest.
//!
//! The portfolio chooses one method ([`RollupPolicy`]); a rollup with an engine of
//! another method is refused ([`Error::MethodMismatch`]), and validation refuses a
//! portfolio whose objectives ask for different methods. A mixed rollup is not
//! comparable across products.
//!
//! # Overrides
//!
//! An owner may override a rolled-up node. The rollup keeps both values
//! ([`NodeValue`]) and says which it reports ([`Source`]). Under
//! [`OverridePolicy::Report`] (the default) the override is reported and is what the
//! node's parents see; under [`OverridePolicy::Ignore`] the computed value is reported
//! and propagated, and the override is kept for display.

pub mod say_do;
pub mod weighted;

use std::sync::Arc;

use folio_core::{KeyResultId, Progress};

pub use say_do::SayDo;
pub use weighted::Weighted;

use crate::error::{Error, Result};
use crate::explain::{Breakdown, Explanation, NodeValue, Source};
use crate::inputs::{Override, ProgressInputs};
use crate::model::{NodeId, OverridePolicy, RollupMethod, RollupPolicy};
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
}

/// The engine a [`RollupPolicy`] names, chosen at run time.
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
    pub fn from_policy(policy: &RollupPolicy) -> Self {
        match policy.method {
            RollupMethod::Weighted => Self::Weighted(Weighted),
            RollupMethod::SayDo => Self::SayDo(SayDo::new(policy.hit_threshold)),
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

/// The rolled-up state of a portfolio: every node's computed and reported value.
///
/// Build it with [`OkrGraph::rollup`](crate::OkrGraph::rollup) or
/// [`OkrGraph::rollup_with`](crate::OkrGraph::rollup_with); change leaf progress with
/// [`update`](Rollup::update) and overrides with [`set_override`](Rollup::set_override),
/// which recompute only the ancestors of what changed. The result always equals a full
/// recompute with the same inputs.
#[derive(Debug, Clone)]
pub struct Rollup<E = Engine> {
    plan: Arc<Plan>,
    engine: E,
    computed: Vec<Progress>,
    reported: Vec<Progress>,
    /// Overrides by node index, sorted, at most one per node.
    overrides: Vec<(NodeIndex, Override)>,
    /// Reused by incremental updates, so that an update allocates nothing once warm.
    scratch: Vec<NodeIndex>,
}

impl<E: RollupEngine> Rollup<E> {
    /// Rolls `plan` up with `engine` from `inputs`.
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`] if the engine is not of the portfolio's method;
    /// [`Error::UnknownNode`] for progress or an override naming an unknown node;
    /// [`Error::NotALeaf`] for progress given to a rolled-up key result;
    /// [`Error::MissingProgress`] listing every leaf without progress;
    /// [`Error::OverrideOfInput`] for an override of a leaf;
    /// [`Error::DuplicateOverride`]; and any engine error.
    pub fn new(plan: Arc<Plan>, engine: E, inputs: &ProgressInputs) -> Result<Self> {
        check_method(&plan, &engine)?;
        let mut leaves: Vec<Option<Progress>> = vec![None; plan.leaf_count()];
        for (id, &progress) in &inputs.progress {
            let node = NodeId::KeyResult(id.clone());
            let index = plan.index_of(&node).ok_or(Error::UnknownNode { node })?;
            match leaves.get_mut(index.get()) {
                Some(slot) => *slot = Some(progress),
                None => {
                    return Err(Error::NotALeaf {
                        key_result: id.clone(),
                    });
                }
            }
        }
        let mut missing: Vec<KeyResultId> = plan
            .indices()
            .zip(&leaves)
            .filter(|(_, p)| p.is_none())
            .filter_map(|(i, _)| match plan.node(i) {
                Some(NodeId::KeyResult(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            missing.sort();
            return Err(Error::MissingProgress {
                key_results: missing,
            });
        }
        let leaves: Vec<Progress> = leaves.into_iter().flatten().collect();

        let mut overrides = Vec::with_capacity(inputs.overrides.len());
        for o in &inputs.overrides {
            overrides.push((resolve_override(&plan, o)?, o.clone()));
        }
        overrides.sort_by_key(|(index, _)| *index);
        if let Some(pair) = overrides
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.0 == b.0))
        {
            if let Some((_, o)) = pair.first() {
                return Err(Error::DuplicateOverride {
                    node: o.node.clone(),
                });
            }
        }
        Self::from_parts(plan, engine, leaves, overrides)
    }

    /// Rolls `plan` up from dense leaf progress: `leaves[i]` is the progress of node `i`
    /// for `i < plan.leaf_count()`. The fast path for callers that already hold the
    /// plan's order (benchmarks, a check-in store).
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`]; [`Error::IndexOutOfPlan`] if `leaves` does not have
    /// one value per leaf; any engine error.
    pub fn from_leaves(plan: Arc<Plan>, engine: E, leaves: Vec<Progress>) -> Result<Self> {
        check_method(&plan, &engine)?;
        if leaves.len() != plan.leaf_count() {
            return Err(Error::IndexOutOfPlan {
                index: leaves.len(),
                len: plan.leaf_count(),
            });
        }
        Self::from_parts(plan, engine, leaves, Vec::new())
    }

    fn from_parts(
        plan: Arc<Plan>,
        engine: E,
        mut leaves: Vec<Progress>,
        overrides: Vec<(NodeIndex, Override)>,
    ) -> Result<Self> {
        // Rolled-up nodes start at zero; the sweep overwrites every one of them.
        leaves.resize(plan.len(), Progress::ZERO);
        let mut rollup = Self {
            computed: leaves.clone(),
            reported: leaves,
            plan,
            engine,
            overrides,
            scratch: Vec::new(),
        };
        rollup.recompute_all()?;
        Ok(rollup)
    }

    /// Recomputes every rolled-up node from the current leaf values and overrides: a
    /// full sweep in topological order, allocating nothing.
    ///
    /// # Errors
    ///
    /// Any engine error.
    pub fn recompute_all(&mut self) -> Result<()> {
        let plan = Arc::clone(&self.plan);
        for node in plan.rolled_up() {
            self.recompute(node)?;
        }
        Ok(())
    }

    /// Recomputes one rolled-up node from its contributors' reported values.
    fn recompute(&mut self, node: NodeIndex) -> Result<()> {
        let computed = self.engine.compute(&self.plan, node, &self.reported)?;
        let reported = match self.plan.policy().overrides {
            OverridePolicy::Report => self.override_of(node).map_or(computed, |o| o.progress),
            OverridePolicy::Ignore => computed,
        };
        let slots = self
            .computed
            .get_mut(node.get())
            .zip(self.reported.get_mut(node.get()));
        let (c, r) = slots.ok_or(Error::IndexOutOfPlan {
            index: node.get(),
            len: self.plan.len(),
        })?;
        *c = computed;
        *r = reported;
        Ok(())
    }

    fn override_of(&self, node: NodeIndex) -> Option<&Override> {
        self.overrides
            .binary_search_by(|(i, _)| i.cmp(&node))
            .ok()
            .and_then(|found| self.overrides.get(found))
            .map(|(_, o)| o)
    }

    /// The compiled plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The engine.
    pub fn engine(&self) -> &E {
        &self.engine
    }

    /// Every node's reported value, by [`NodeIndex`].
    pub fn reported_values(&self) -> &[Progress] {
        &self.reported
    }

    /// Every node's computed value (a leaf's input), by [`NodeIndex`].
    pub fn computed_values(&self) -> &[Progress] {
        &self.computed
    }

    /// The value of a node, by id.
    pub fn value(&self, node: &NodeId) -> Option<NodeValue> {
        self.plan.index_of(node).and_then(|i| self.value_at(i))
    }

    /// The value of a node, by index.
    pub fn value_at(&self, node: NodeIndex) -> Option<NodeValue> {
        let id = self.plan.node(node)?.clone();
        let computed = *self.computed.get(node.get())?;
        let reported = *self.reported.get(node.get())?;
        let owner_override = self.override_of(node).cloned();
        let source = if self.plan.is_leaf(node) {
            Source::Input
        } else if owner_override.is_some() && self.plan.policy().overrides == OverridePolicy::Report
        {
            Source::Override
        } else {
            Source::Computed
        };
        Some(NodeValue {
            node: id,
            computed,
            owner_override,
            reported,
            source,
        })
    }

    /// Every node's value, in topological order (leaves first, portfolio objectives
    /// last): the rollup as plain data, for export.
    pub fn values(&self) -> Vec<NodeValue> {
        self.plan
            .indices()
            .filter_map(|node| self.value_at(node))
            .collect()
    }

    /// The explanation of a node, by id. A leaf is explained as its input, with no
    /// terms.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`] if the graph has no such node; any engine error.
    pub fn explain(&self, node: &NodeId) -> Result<Explanation> {
        let index = self
            .plan
            .index_of(node)
            .ok_or_else(|| Error::UnknownNode { node: node.clone() })?;
        self.explain_at(index)
    }

    /// The explanation of a node, by index. A leaf is explained as its input: a
    /// breakdown with its value as the basis and no terms.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] for an index outside the plan; any engine error.
    pub fn explain_at(&self, node: NodeIndex) -> Result<Explanation> {
        let value = self.value_at(node).ok_or(Error::IndexOutOfPlan {
            index: node.get(),
            len: self.plan.len(),
        })?;
        let breakdown = if self.plan.is_leaf(node) {
            Breakdown {
                basis: value.computed.value(),
                terms: Vec::new(),
                counts: None,
            }
        } else {
            self.engine.explain(&self.plan, node, &self.reported)?
        };
        Ok(Explanation {
            method: self.engine.method(),
            value,
            breakdown,
        })
    }

    /// The explanations of every rolled-up node, in topological order (portfolio
    /// objectives last).
    ///
    /// # Errors
    ///
    /// Any engine error.
    pub fn explain_all(&self) -> Result<Vec<Explanation>> {
        self.plan
            .rolled_up()
            .map(|node| self.explain_at(node))
            .collect()
    }

    /// Sets the progress of one leaf key result and recomputes its ancestors only.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], or any engine error (the state is
    /// then partly updated; roll up again from the inputs to recover).
    pub fn update(&mut self, key_result: &KeyResultId, progress: Progress) -> Result<()> {
        self.update_many(&[(key_result.clone(), progress)])
    }

    /// Sets the progress of several leaf key results, then recomputes the union of their
    /// ancestors once, in topological order. A key result named twice takes its last
    /// value.
    ///
    /// # Errors
    ///
    /// As [`update`](Rollup::update); nothing changes if a key result is unknown or not
    /// a leaf.
    pub fn update_many(&mut self, changes: &[(KeyResultId, Progress)]) -> Result<()> {
        let mut resolved = Vec::with_capacity(changes.len());
        for (id, progress) in changes {
            resolved.push((self.leaf_index(id)?, *progress));
        }
        self.scratch.clear();
        for &(leaf, progress) in &resolved {
            self.set_leaf(leaf, progress)?;
            self.scratch.extend_from_slice(self.plan.parents(leaf));
        }
        self.recompute_ancestors()
    }

    /// Sets the progress of the leaf at `leaf` (an index below
    /// [`Plan::leaf_count`]) and recomputes its ancestors only: the fast path of
    /// [`update`](Rollup::update), without the id lookup.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] if `leaf` is not a leaf index; any engine error.
    pub fn update_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<()> {
        self.set_leaf(leaf, progress)?;
        self.scratch.clear();
        self.scratch.extend_from_slice(self.plan.parents(leaf));
        self.recompute_ancestors()
    }

    /// Sets (or replaces) an owner override and recomputes the node's ancestors.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`], or any engine error.
    pub fn set_override(&mut self, owner_override: Override) -> Result<()> {
        let node = resolve_override(&self.plan, &owner_override)?;
        match self.overrides.binary_search_by(|(i, _)| i.cmp(&node)) {
            Ok(found) => {
                if let Some(slot) = self.overrides.get_mut(found) {
                    slot.1 = owner_override;
                }
            }
            Err(at) => self.overrides.insert(at, (node, owner_override)),
        }
        self.refresh(node)
    }

    /// Removes the override of `node`, if any, and recomputes its ancestors.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], or any engine error.
    pub fn clear_override(&mut self, node: &NodeId) -> Result<()> {
        let index = self
            .plan
            .index_of(node)
            .ok_or_else(|| Error::UnknownNode { node: node.clone() })?;
        if let Ok(found) = self.overrides.binary_search_by(|(i, _)| i.cmp(&index)) {
            self.overrides.remove(found);
        }
        self.refresh(index)
    }

    /// Recomputes `node` and its ancestors.
    fn refresh(&mut self, node: NodeIndex) -> Result<()> {
        self.scratch.clear();
        self.scratch.push(node);
        self.recompute_ancestors()
    }

    fn leaf_index(&self, id: &KeyResultId) -> Result<NodeIndex> {
        let node = NodeId::KeyResult(id.clone());
        let index = self
            .plan
            .index_of(&node)
            .ok_or(Error::UnknownNode { node })?;
        if self.plan.is_leaf(index) {
            Ok(index)
        } else {
            Err(Error::NotALeaf {
                key_result: id.clone(),
            })
        }
    }

    fn set_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<()> {
        let out_of_plan = Error::IndexOutOfPlan {
            index: leaf.get(),
            len: self.plan.leaf_count(),
        };
        if !self.plan.is_leaf(leaf) {
            return Err(out_of_plan);
        }
        let slots = self
            .computed
            .get_mut(leaf.get())
            .zip(self.reported.get_mut(leaf.get()));
        let (c, r) = slots.ok_or(out_of_plan)?;
        *c = progress;
        *r = progress;
        Ok(())
    }

    /// Recomputes the nodes in `scratch` and all their ancestors, each once, in
    /// topological (index) order.
    fn recompute_ancestors(&mut self) -> Result<()> {
        self.plan.close_upwards(&mut self.scratch);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut result = Ok(());
        for &node in &scratch {
            if !self.plan.is_leaf(node) {
                result = self.recompute(node);
                if result.is_err() {
                    break;
                }
            }
        }
        scratch.clear();
        self.scratch = scratch;
        result
    }
}

fn check_method<E: RollupEngine>(plan: &Plan, engine: &E) -> Result<()> {
    let portfolio = plan.policy().method;
    if engine.method() == portfolio {
        Ok(())
    } else {
        Err(Error::MethodMismatch {
            portfolio,
            engine: engine.method(),
        })
    }
}

fn resolve_override(plan: &Plan, o: &Override) -> Result<NodeIndex> {
    let index = plan.index_of(&o.node).ok_or_else(|| Error::UnknownNode {
        node: o.node.clone(),
    })?;
    if plan.is_leaf(index) {
        if let NodeId::KeyResult(key_result) = &o.node {
            return Err(Error::OverrideOfInput {
                key_result: key_result.clone(),
            });
        }
    }
    Ok(index)
}
