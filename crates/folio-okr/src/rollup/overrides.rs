//! Owner overrides as every rolled-up state keeps them: at most one per rolled-up node,
//! sorted by node index, and the value a node reports because of them.

use folio_types::Progress;

use crate::error::{Error, Result};
use crate::explain::{NodeValue, Source};
use crate::inputs::Override;
use crate::model::{NodeId, OverridePolicy};
use crate::plan::{NodeIndex, Plan};

/// The overrides of one rollup, by node index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Overrides(Vec<(NodeIndex, Override)>);

impl Overrides {
    /// Resolves `list` against `plan`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`] for a leaf,
    /// [`Error::DuplicateOverride`] for two overrides of one node.
    pub(crate) fn resolve(plan: &Plan, list: &[Override]) -> Result<Self> {
        let mut overrides = Vec::with_capacity(list.len());
        for o in list {
            overrides.push((resolve(plan, o)?, o.clone()));
        }
        overrides.sort_by_key(|(index, _)| *index);
        if let Some([a, _]) = overrides
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.0 == b.0))
        {
            return Err(Error::DuplicateOverride {
                node: a.1.node.clone(),
            });
        }
        Ok(Self(overrides))
    }

    /// Whether there is no override.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The override of `node`, if any.
    pub(crate) fn get(&self, node: NodeIndex) -> Option<&Override> {
        self.0
            .binary_search_by(|(i, _)| i.cmp(&node))
            .ok()
            .and_then(|found| self.0.get(found))
            .map(|(_, o)| o)
    }

    /// Sets or replaces an override; returns the node it applies to.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`].
    pub(crate) fn set(&mut self, plan: &Plan, owner_override: Override) -> Result<NodeIndex> {
        let node = resolve(plan, &owner_override)?;
        match self.0.binary_search_by(|(i, _)| i.cmp(&node)) {
            Ok(found) => {
                if let Some(slot) = self.0.get_mut(found) {
                    slot.1 = owner_override;
                }
            }
            Err(at) => self.0.insert(at, (node, owner_override)),
        }
        Ok(node)
    }

    /// Removes the override of `node`, if any; returns its index.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`].
    pub(crate) fn clear(&mut self, plan: &Plan, node: &NodeId) -> Result<NodeIndex> {
        let index = plan
            .index_of(node)
            .ok_or_else(|| Error::UnknownNode { node: node.clone() })?;
        if let Ok(found) = self.0.binary_search_by(|(i, _)| i.cmp(&index)) {
            self.0.remove(found);
        }
        Ok(index)
    }

    /// What `node` reports when it computed `computed`, under `policy`.
    #[inline]
    pub(crate) fn reported(
        &self,
        policy: OverridePolicy,
        node: NodeIndex,
        computed: Progress,
    ) -> Progress {
        if self.0.is_empty() {
            return computed;
        }
        match policy {
            OverridePolicy::Report => self.get(node).map_or(computed, |o| o.progress),
            OverridePolicy::Ignore => computed,
        }
    }

    /// A node's value, with its override and the source of what it reports.
    pub(crate) fn node_value(
        &self,
        plan: &Plan,
        node: NodeIndex,
        computed: Progress,
        reported: Progress,
    ) -> Option<NodeValue> {
        let owner_override = self.get(node).cloned();
        let source = if plan.is_leaf(node) {
            Source::Input
        } else if owner_override.is_some() && plan.policy().overrides == OverridePolicy::Report {
            Source::Override
        } else {
            Source::Computed
        };
        Some(NodeValue {
            node: plan.node(node)?.clone(),
            computed,
            owner_override,
            reported,
            source,
        })
    }

    /// The heap memory held, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.0
            .capacity()
            .saturating_mul(std::mem::size_of::<(NodeIndex, Override)>())
    }
}

/// The node an override names, which must be a rolled-up node.
fn resolve(plan: &Plan, o: &Override) -> Result<NodeIndex> {
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
