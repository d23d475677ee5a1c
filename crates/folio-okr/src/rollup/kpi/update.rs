//! Incremental updates of a KPI rollup: a changed reading recomputes its ancestors
//! only, replacing its terms in their running sums where the rule is additive.

use folio_types::KeyResultId;

use crate::error::{Error, Result};
use crate::inputs::Override;
use crate::model::NodeId;
use crate::plan::NodeIndex;

use super::combine::{self, Stats};
use super::{KpiRollup, MetricReading};

impl KpiRollup {
    /// Sets the reading of one leaf key result and recomputes its ancestors only.
    ///
    /// The reading is checked first: nothing changes if it does not fit the metric.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], [`Error::ReadingShape`],
    /// [`Error::NegativeReading`], or an aggregation error (the state is then partly
    /// updated; roll up again from the inputs to recover).
    pub fn update(&mut self, key_result: &KeyResultId, reading: MetricReading) -> Result<()> {
        let node = NodeId::KeyResult(key_result.clone());
        let leaf = self
            .plan
            .index_of(&node)
            .ok_or(Error::UnknownNode { node })?;
        if !self.plan.is_leaf(leaf) {
            return Err(Error::NotALeaf {
                key_result: key_result.clone(),
            });
        }
        self.update_leaf(leaf, reading)
    }

    /// Sets the reading of the leaf at `leaf` and recomputes its ancestors only: the
    /// fast path of [`update`](KpiRollup::update), without the id lookup.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] if `leaf` is not a leaf index; otherwise as
    /// [`update`](KpiRollup::update).
    pub fn update_leaf(&mut self, leaf: NodeIndex, reading: MetricReading) -> Result<()> {
        let def = self.def_of(leaf)?;
        let id = self
            .plan
            .node(leaf)
            .filter(|_| self.plan.is_leaf(leaf))
            .ok_or(Error::IndexOutOfPlan {
                index: leaf.get(),
                len: self.plan.leaf_count(),
            })?;
        combine::check_reading(def, id, &reading.reading)?;
        let additive = combine::is_additive(def.combine());
        let old_terms = combine::terms(def, combine::reading_of(&self.plan, &self.inputs, leaf)?);
        let new_terms = combine::terms(def, &reading.reading);
        let previous = self.inputs.get(leaf.get()).copied();
        if let Some(slot) = self.inputs.get_mut(leaf.get()) {
            *slot = reading;
        }
        if let Err(error) = self.measure_leaf(leaf) {
            // A reading that cannot be measured leaves the state as it was.
            if let (Some(slot), Some(previous)) = (self.inputs.get_mut(leaf.get()), previous) {
                *slot = previous;
            }
            return Err(error);
        }

        let mut ancestors = std::mem::take(&mut self.scratch);
        ancestors.clear();
        ancestors.extend_from_slice(self.plan.parents(leaf));
        self.plan.close_upwards(&mut ancestors);
        let terms = if additive {
            old_terms.zip(new_terms)
        } else {
            None
        };
        let mut result = Ok(());
        for &node in &ancestors {
            result = match terms {
                Some((old, new)) => self.replace_terms(node, old, new),
                None => self.recompute(node),
            };
            if result.is_err() {
                break;
            }
        }
        self.scratch = ancestors;
        result
    }

    /// Replaces one leaf's terms in `node`'s sums, or recomputes the node from its
    /// leaves when the sums are not exact.
    fn replace_terms(
        &mut self,
        node: NodeIndex,
        (old_num, old_den, old_exact): (folio_types::Decimal, folio_types::Decimal, bool),
        (new_num, new_den, new_exact): (folio_types::Decimal, folio_types::Decimal, bool),
    ) -> Result<()> {
        let Some(stats) = self.stats.get(node.get()).copied() else {
            return self.recompute(node);
        };
        if !(stats.exact && old_exact && new_exact) {
            return self.recompute(node);
        }
        let step = |sum, old, new| {
            let (less, e1) = combine::sub(sum, old)?;
            let (more, e2) = combine::add(less, new)?;
            Some((more, e1 && e2))
        };
        let next = step(stats.num, old_num, new_num)
            .zip(step(stats.den, old_den, new_den))
            .zip(step(stats.abs, old_num.abs(), new_num.abs()));
        let Some((((num, en), (den, ed)), (abs, ea))) = next else {
            return self.recompute(node);
        };
        if !(en && ed && ea) {
            return self.recompute(node);
        }
        let stats = Stats {
            num,
            den,
            abs,
            exact: true,
        };
        let value = combine::finish(self.def_of(node)?, &self.plan, node, &stats)?;
        if let Some(slot) = self.stats.get_mut(node.get()) {
            *slot = stats;
        }
        self.store(node, value)
    }

    /// Sets (or replaces) an owner override of a rolled-up node's progress. The node's
    /// parents aggregate leaf readings, so nothing else changes.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`], or a measuring error.
    pub fn set_override(&mut self, owner_override: Override) -> Result<()> {
        let node = self.overrides.set(&self.plan, owner_override)?;
        self.refresh(node)
    }

    /// Removes the override of `node`, if any.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], or a measuring error.
    pub fn clear_override(&mut self, node: &NodeId) -> Result<()> {
        let index = self.overrides.clear(&self.plan, node)?;
        self.refresh(index)
    }

    fn refresh(&mut self, node: NodeIndex) -> Result<()> {
        let value = self.values.get(node.get()).copied().flatten();
        match value {
            Some(value) => self.store(node, value),
            None => self.recompute(node),
        }
    }
}
