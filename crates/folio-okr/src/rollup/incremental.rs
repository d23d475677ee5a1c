//! Incremental updates: a changed leaf or override recomputes its ancestors only.
//!
//! The ancestors of what changed are recomputed once each, in topological order. For an
//! additive engine ([`AdditiveEngine`](crate::rollup::AdditiveEngine), such as the
//! weighted one) an ancestor on the fixed-point path is updated term by term: its sum loses
//! the changed contributors' old terms and gains their new ones, one subtraction and one
//! addition per changed contributor, whatever its number of contributors. Any other
//! ancestor is recomputed from all of its contributors. Both give the very value a full
//! recompute gives (a property test checks it after random sequences of updates).

use folio_types::{KeyResultId, Progress};

use crate::error::{Error, Result};
use crate::inputs::Override;
use crate::model::NodeId;
use crate::plan::NodeIndex;
use crate::rollup::state::NOT_FIXED;
use crate::rollup::{Fast, Rollup, RollupEngine, Weighted};

/// Above this many changed nodes in one update, ancestors are recomputed in full rather
/// than term by term: matching changes to parents costs more than it saves.
const MAX_TERM_UPDATES: usize = 32;

impl<E: RollupEngine> Rollup<E> {
    /// Sets the progress of one leaf key result and recomputes its ancestors only.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], or any engine error (the state is
    /// then partly updated; roll up again from the inputs to recover).
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// rollup.update(&KeyResultId::new("nps")?, Progress::COMPLETE)?;
    /// // (3 x 0.8 + 1 x 1) / 4 = 0.85
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(85, 2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(&mut self, key_result: &KeyResultId, progress: Progress) -> Result<()> {
        let leaf = self.leaf_index(key_result)?;
        self.update_leaf(leaf, progress)
    }

    /// Sets the progress of several leaf key results, then recomputes the union of their
    /// ancestors once, in topological order. A key result named twice takes its last
    /// value.
    ///
    /// # Errors
    ///
    /// As [`update`](Rollup::update); nothing changes if a key result is unknown or not
    /// a leaf.
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// rollup.update_many(&[
    ///     (KeyResultId::new("arr")?, Progress::ZERO),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(2, 1))?),
    /// ])?;
    /// // (3 x 0 + 1 x 0.2) / 4 = 0.05
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(5, 2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_many(&mut self, changes: &[(KeyResultId, Progress)]) -> Result<()> {
        let mut resolved = Vec::with_capacity(changes.len());
        for (id, progress) in changes {
            resolved.push((self.leaf_index(id)?, *progress));
        }
        self.scratch.clear();
        self.changes.clear();
        for (leaf, progress) in resolved {
            self.set_leaf(leaf, progress)?;
        }
        self.propagate()
    }

    /// Sets the progress of the leaf at `leaf` (an index below
    /// [`Plan::leaf_count`](crate::Plan::leaf_count)) and recomputes its ancestors only:
    /// the fast path of [`update`](Rollup::update), without the id lookup.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] if `leaf` is not a leaf index; any engine error.
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let arr = rollup.plan().index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// rollup.update_leaf(arr, Progress::ZERO)?;
    /// // (3 x 0 + 1 x 0.4) / 4 = 0.1
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(1, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<()> {
        self.scratch.clear();
        self.changes.clear();
        self.set_leaf(leaf, progress)?;
        self.propagate()
    }

    /// Sets (or replaces) an owner override and recomputes the node's ancestors.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`], or any engine error.
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// use folio_okr::{Override, Source};
    ///
    /// rollup.set_override(Override {
    ///     node: grow.clone(),
    ///     progress: Progress::new(Decimal::new(5, 1))?,
    ///     owner: "cpo".parse()?,
    ///     reason: "the ARR figure is a month old".into(),
    /// })?;
    /// let value = rollup.value(&grow).unwrap();
    /// // Both kept: the computed 0.7 and the reported override.
    /// assert_eq!(value.computed.value(), Decimal::new(7, 1));
    /// assert_eq!(value.reported.value(), Decimal::new(5, 1));
    /// assert_eq!(value.source, Source::Override);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_override(&mut self, owner_override: Override) -> Result<()> {
        let node = self.overrides.set(&self.plan, owner_override)?;
        self.refresh(node)
    }

    /// Removes the override of `node`, if any, and recomputes its ancestors.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], or any engine error.
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
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// use folio_okr::{Override, Source};
    ///
    /// rollup.set_override(Override {
    ///     node: grow.clone(),
    ///     progress: Progress::ZERO,
    ///     owner: "cpo".parse()?,
    ///     reason: String::new(),
    /// })?;
    /// rollup.clear_override(&grow)?;
    /// let value = rollup.value(&grow).unwrap();
    /// assert_eq!((value.reported.value(), value.source), (Decimal::new(7, 1), Source::Computed));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clear_override(&mut self, node: &NodeId) -> Result<()> {
        let index = self.overrides.clear(&self.plan, node)?;
        self.refresh(index)
    }

    /// Recomputes `node` (its override changed) and then its ancestors.
    fn refresh(&mut self, node: NodeIndex) -> Result<()> {
        self.scratch.clear();
        self.changes.clear();
        if !self.plan.is_leaf(node) {
            let old = self.reported_at(node)?;
            self.recompute(node)?;
            self.note_change(node, old)?;
        }
        self.propagate()
    }

    fn leaf_index(&self, id: &KeyResultId) -> Result<NodeIndex> {
        let index = self
            .plan
            .key_result_index(id)
            .ok_or_else(|| Error::UnknownNode {
                node: NodeId::KeyResult(id.clone()),
            })?;
        if self.plan.is_leaf(index) {
            Ok(index)
        } else {
            Err(Error::NotALeaf {
                key_result: id.clone(),
            })
        }
    }

    fn reported_at(&self, node: NodeIndex) -> Result<Progress> {
        self.reported
            .get(node.get())
            .copied()
            .ok_or_else(|| Error::IndexOutOfPlan {
                index: node.get(),
                len: self.plan.len(),
            })
    }

    /// Records that `node` changed from `old` to its current reported value, and queues
    /// its parents.
    fn note_change(&mut self, node: NodeIndex, old: Progress) -> Result<()> {
        let new = self.reported_at(node)?;
        if new != old {
            self.changes.push((node, old, new));
            self.scratch.extend_from_slice(self.plan.parents(node));
        }
        Ok(())
    }

    fn set_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<()> {
        let out_of_plan = Error::IndexOutOfPlan {
            index: leaf.get(),
            len: self.plan.leaf_count(),
        };
        if !self.plan.is_leaf(leaf) {
            return Err(out_of_plan);
        }
        let old = self.reported_at(leaf)?;
        let slots = self
            .computed
            .get_mut(leaf.get())
            .zip(self.reported.get_mut(leaf.get()));
        let (c, r) = slots.ok_or(out_of_plan)?;
        *c = progress;
        *r = progress;
        self.note_change(leaf, old)
    }

    /// Recomputes the queued nodes and all their ancestors, each once, in topological
    /// (index) order, term by term where the engine allows.
    fn propagate(&mut self) -> Result<()> {
        self.plan.close_upwards(&mut self.scratch);
        let scratch = std::mem::take(&mut self.scratch);
        let mut result = Ok(());
        for &node in &scratch {
            if self.plan.is_leaf(node) {
                continue;
            }
            result = self.update_node(node);
            if result.is_err() {
                break;
            }
        }
        self.scratch = scratch;
        self.scratch.clear();
        self.changes.clear();
        result
    }

    fn update_node(&mut self, node: NodeIndex) -> Result<()> {
        let old = self.reported_at(node)?;
        match self.term_update(node)? {
            Some(computed) => self.store(node, computed)?,
            None => self.recompute(node)?,
        }
        let new = self.reported_at(node)?;
        if new != old {
            self.changes.push((node, old, new));
        }
        Ok(())
    }

    /// The node's new value from its fixed-point sum, replacing the terms of its
    /// changed contributors; `None` when that is not possible and the node must be
    /// recomputed.
    fn term_update(&mut self, node: NodeIndex) -> Result<Option<Progress>> {
        let Some(additive) = self.engine.additive() else {
            return Ok(None);
        };
        let i = node.get();
        let Some(mut sum) = self.sums.get(i).copied() else {
            return Ok(None);
        };
        if sum == NOT_FIXED || self.changes.len() > MAX_TERM_UPDATES {
            return Ok(None);
        }
        for &(child, old, new) in &self.changes {
            // The edge's weight through the child's (short) parent row; a change
            // elsewhere in the graph is not one of this node's contributors.
            let Some(weight) = self.plan.edge_weight(child, node) else {
                continue;
            };
            let replaced = additive
                .term(weight, old)
                .zip(additive.term(weight, new))
                .and_then(|(old_term, new_term)| sum.checked_sub(old_term)?.checked_add(new_term));
            match replaced {
                Some(s) if s != NOT_FIXED => sum = s,
                _ => return Ok(None),
            }
        }
        let finished = match self.engine.fast() {
            // The weighted engine's total, prepared once per rollup: the same digits
            // as `finish`, without a 128-bit division.
            Fast::Weighted => {
                Weighted::finish_with(&self.plan, node, sum, self.prepared_total(&self.plan, node))?
            }
            Fast::SayDo(_) | Fast::None => additive.finish(&self.plan, node, sum)?,
        };
        let Some(computed) = finished else {
            return Ok(None);
        };
        if let Some(slot) = self.sums.get_mut(i) {
            *slot = sum;
        }
        Ok(Some(computed))
    }
}
