//! Incremental updates: a changed leaf or override recomputes its ancestors only.
//!
//! For the weighted engine, a node whose reported value changes replaces its term in
//! each parent's fixed-point sum right away (one subtraction and one addition per edge,
//! whatever the parent's number of contributors; the sums are exact integers, so the
//! result is the sum a full pass gives) and queues the parent. Queued nodes are taken
//! lowest index first, which is topological order, so each is finished once, after all
//! of its changed contributors: its mean is the quotient of its sum, and only if its
//! reported value changed are its own parents queued (a single leaf's change climbs
//! without the queue while each node on its way has one parent: each parent is then
//! finished as soon as its term is replaced). A node off the fixed-point path,
//! or one whose term or sum would not fit, is recomputed from all of its contributors,
//! as a full sweep computes it. For any other engine the ancestors of what changed are
//! all recomputed once each, in topological order. Either way the result is the very
//! value a full recompute gives, digit for digit (property tests check it after random
//! sequences of updates against a `Decimal` reference).

use std::cmp::Reverse;
use std::sync::Arc;

use folio_types::{KeyResultId, Progress, Weight};

use crate::error::{Error, Result};
use crate::inputs::Override;
use crate::model::NodeId;
use crate::plan::{NodeIndex, UpEdge};
use crate::rollup::state::NOT_FIXED;
use crate::rollup::{Fast, Rollup, RollupEngine, TERM_SCALE, Weighted, fixed};

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
        self.begin();
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
        self.begin();
        if !self.term_updates() {
            self.set_leaf(leaf, progress)?;
            return self.propagate();
        }
        // The leaf's way up is read beside its value, so that the two cache misses
        // overlap.
        let up = self.plan.up(leaf);
        let old = self.put_leaf(leaf, progress)?;
        self.climb(leaf, up, old, progress)
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
        self.keep_computed();
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
        self.begin();
        if !self.plan.is_leaf(node) {
            if self.term_updates() {
                self.pending.push(Reverse((node, true)));
            } else {
                self.scratch.push(node);
            }
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

    /// Whether changes travel as term updates (the weighted engine) rather than as
    /// full recomputes of every ancestor.
    #[inline]
    fn term_updates(&self) -> bool {
        matches!(self.engine.fast(), Fast::Weighted)
    }

    /// Empties the queues an earlier update (perhaps one that failed) left behind.
    #[inline]
    fn begin(&mut self) {
        self.scratch.clear();
        self.pending.clear();
    }

    /// Records that `node`'s reported value went from `old` to `new`: its parents'
    /// sums replace its term, and the parents are queued.
    #[inline]
    fn note_change(&mut self, node: NodeIndex, old: Progress, new: Progress) {
        // The same digits and scale: nothing to do. (Equal values of different scales
        // go on: their terms are equal, so the parents' values come out unchanged.)
        if same_digits(old, new) {
            return;
        }
        if !self.term_updates() {
            self.scratch.extend_from_slice(self.plan.parents(node));
            return;
        }
        // Most nodes have one parent: its index and the edge's weight are one read.
        match self.plan.up(node) {
            UpEdge::None => {}
            UpEdge::One(parent, weight) => self.replace_term(parent, weight, old, new),
            UpEdge::Several => {
                let plan = Arc::clone(&self.plan);
                for (parent, weight) in plan.parent_edges(node) {
                    self.replace_term(parent, weight, old, new);
                }
            }
        }
    }

    /// Replaces a contributor's term `weight × old` by `weight × new` in `parent`'s sum,
    /// and queues `parent`.
    #[inline(always)]
    fn replace_term(&mut self, parent: NodeIndex, weight: Weight, old: Progress, new: Progress) {
        let replaced = self.replace(parent, weight, old, new);
        // A parent whose sum could not take the new term is recomputed in full, which
        // also sets its sum afresh.
        self.pending.push(Reverse((parent, !replaced)));
    }

    /// Replaces a contributor's term `weight × old` by `weight × new` in `parent`'s sum;
    /// `false` if the parent is off the fixed-point path or the new sum does not fit
    /// (then the parent is to be recomputed in full).
    #[inline(always)]
    fn replace(&mut self, parent: NodeIndex, weight: Weight, old: Progress, new: Progress) -> bool {
        let (weight, old, new) = (weight.value(), old.value(), new.value());
        let slot = parent
            .get()
            .checked_sub(self.plan.leaf_count())
            .and_then(|i| self.sums.get_mut(i));
        let replaced = slot.and_then(|slot| {
            let sum = slot.get();
            if sum == NOT_FIXED {
                return None;
            }
            let next = sum
                .checked_sub(fixed::product(weight, old, TERM_SCALE)?)?
                .checked_add(fixed::product(weight, new, TERM_SCALE)?)?;
            if next == NOT_FIXED {
                return None;
            }
            slot.set(next);
            Some(())
        });
        replaced.is_some()
    }

    fn set_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<()> {
        let old = self.put_leaf(leaf, progress)?;
        self.note_change(leaf, old, progress);
        Ok(())
    }

    /// Sets the computed and reported value of `leaf`; returns the reported value it
    /// had.
    #[inline(always)]
    fn put_leaf(&mut self, leaf: NodeIndex, progress: Progress) -> Result<Progress> {
        let i = leaf.get();
        let slot = self
            .reported
            .get_mut(i)
            .filter(|_| i < self.plan.leaf_count());
        let Some(r) = slot else {
            return Err(Error::IndexOutOfPlan {
                index: i,
                len: self.plan.leaf_count(),
            });
        };
        let old = *r;
        *r = progress;
        // The pass over the leaves stays true while the new value keeps it.
        self.leaf_scan = self.leaf_scan.and_then(|scan| scan.with(progress));
        // Kept apart only once an override may be reported (else equal to `reported`).
        if let Some(c) = self.computed.get_mut(i) {
            *c = progress;
        }
        Ok(old)
    }

    /// Carries a change of `node`'s reported value from `old` to `new` (the weighted
    /// engine's term updates; `up` is the node's way up) through its ancestors, as
    /// [`propagate`](Self::propagate) does from a queue of one: while each node on the
    /// way has one parent, the parent's term is replaced and the parent finished at
    /// once. The parent's sum record, its value and its own way up are read together
    /// (all three are found by its index alone), so that their cache misses overlap
    /// instead of following one another. At a node with several parents the change
    /// goes on through the queue.
    fn climb(
        &mut self,
        mut node: NodeIndex,
        mut up: UpEdge,
        mut old: Progress,
        mut new: Progress,
    ) -> Result<()> {
        loop {
            if same_digits(old, new) {
                return Ok(());
            }
            let (parent, weight) = match up {
                UpEdge::None => return Ok(()),
                UpEdge::One(parent, weight) => (parent, weight),
                UpEdge::Several => {
                    self.note_change(node, old, new);
                    return self.propagate();
                }
            };
            let next_up = self.plan.up(parent);
            let parent_old = self.reported_at(parent)?;
            let finished = if self.replace(parent, weight, old, new) {
                self.finish_sum(parent)?
            } else {
                None
            };
            match finished {
                Some(computed) => self.store(parent, computed)?,
                None => self.recompute(parent)?,
            }
            new = self.reported_at(parent)?;
            (node, up, old) = (parent, next_up, parent_old);
        }
    }

    /// Finishes every queued node and what its changes reach, each once, in topological
    /// (index) order.
    fn propagate(&mut self) -> Result<()> {
        if !self.term_updates() {
            return self.recompute_ancestors();
        }
        while let Some(Reverse((node, mut full))) = self.pending.pop() {
            // A node queued by several contributors comes out once.
            while let Some(&Reverse((next, again))) = self.pending.peek() {
                if next != node {
                    break;
                }
                full |= again;
                self.pending.pop();
            }
            let old = self.reported_at(node)?;
            let finished = if full { None } else { self.finish_sum(node)? };
            match finished {
                Some(computed) => self.store(node, computed)?,
                None => self.recompute(node)?,
            }
            let new = self.reported_at(node)?;
            self.note_change(node, old, new);
        }
        Ok(())
    }

    /// The weighted mean of `node` from its held sum, `None` if the sum is off the
    /// fixed-point path or its quotient does not fit.
    #[inline]
    fn finish_sum(&self, node: NodeIndex) -> Result<Option<Progress>> {
        match self.node_sum(&self.plan, node) {
            Some(slot) if slot.get() != NOT_FIXED => {
                Weighted::finish_with(&self.plan, node, slot.get(), slot.total().as_ref())
            }
            _ => Ok(None),
        }
    }

    /// Recomputes the queued nodes and all their ancestors, each once, in topological
    /// (index) order, each from all of its contributors.
    fn recompute_ancestors(&mut self) -> Result<()> {
        self.plan.close_upwards(&mut self.scratch);
        let scratch = std::mem::take(&mut self.scratch);
        let mut result = Ok(());
        for &node in &scratch {
            if self.plan.is_leaf(node) {
                continue;
            }
            result = self.recompute(node);
            if result.is_err() {
                break;
            }
        }
        self.scratch = scratch;
        self.scratch.clear();
        result
    }
}

/// Whether two values have the same digits and scale (not merely the same value).
#[inline(always)]
fn same_digits(a: Progress, b: Progress) -> bool {
    a.value().serialize() == b.value().serialize()
}
