//! The plan's id lookup: an open-addressing hash table of node indices, built once when
//! the plan is compiled.
//!
//! A lookup hashes the id's text once and compares it with the few nodes in its probe
//! sequence, where a binary search over a million ids compares about twenty strings.
//! The hash is a fixed function of the id (no random seed, so every run and every
//! machine builds the same table: libraries here use no randomness); the price is that
//! ids crafted to collide would slow lookups down, never change an answer.

use std::mem::size_of;

use crate::model::NodeId;
use crate::plan::NodeIndex;

/// The marker of an empty slot.
const EMPTY: u32 = u32::MAX;

/// Node indices by id hash; linear probing, at most half full.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdIndex {
    slots: Vec<u32>,
}

/// The kind tag hashed with an id's text (an objective and a key result may share a
/// text), and the text.
pub(crate) fn kind_of(node: &NodeId) -> (u8, &str) {
    match node {
        NodeId::Objective(id) => (0, id.as_str()),
        NodeId::KeyResult(id) => (1, id.as_str()),
    }
}

/// The first eight bytes of an id's text as a big-endian integer, zero-padded: ids
/// hold no NUL (ids refuse control characters), so `prefix(a) < prefix(b)` implies
/// `a < b` for ids of one kind, and equal prefixes leave the order to the full text.
pub(crate) fn prefix(node: &NodeId) -> u64 {
    text_prefix(kind_of(node).1)
}

/// [`prefix`] of a text.
pub(crate) fn text_prefix(text: &str) -> u64 {
    let mut word = [0u8; 8];
    let bytes = text.as_bytes();
    let head = bytes.get(..8).unwrap_or(bytes);
    if let Some(slot) = word.get_mut(..head.len()) {
        slot.copy_from_slice(head);
    }
    u64::from_be_bytes(word)
}

/// A 64-bit hash of `(kind, text)`: eight bytes at a time, rotated and multiplied, then
/// mixed by the `fmix64` finalizer of `MurmurHash3` so that ids differing only in their
/// last characters (`i1`, `i2`, ...) spread over the whole table.
fn hash(kind: u8, text: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = text.as_bytes();
    let mut h = u64::from(kind) ^ (u64::try_from(bytes.len()).unwrap_or(0) << 8);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        if let Some(head) = word.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

impl IdIndex {
    /// The table of `nodes`, each at its position. Ids are distinct (the graph was
    /// validated); a repeated id would be found at its first position.
    pub(crate) fn new(nodes: &[NodeId]) -> Self {
        let wanted = nodes.len().saturating_mul(2).max(8);
        let capacity = wanted.checked_next_power_of_two().unwrap_or(wanted);
        let mut slots = vec![EMPTY; capacity];
        let mask = capacity.saturating_sub(1);
        for (position, node) in nodes.iter().enumerate() {
            let Ok(value) = u32::try_from(position) else {
                break;
            };
            let (kind, text) = kind_of(node);
            let mut slot = start(kind, text, mask);
            // The table is at most half full, so an empty slot is always reached.
            while let Some(entry) = slots.get_mut(slot) {
                if *entry == EMPTY {
                    *entry = value;
                    break;
                }
                slot = slot.wrapping_add(1) & mask;
            }
        }
        Self { slots }
    }

    /// The index of the node of kind `kind` and text `text`; `nodes` are the plan's
    /// nodes, to check each candidate.
    pub(crate) fn get(&self, nodes: &[NodeId], kind: u8, text: &str) -> Option<NodeIndex> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = start(kind, text, mask);
        loop {
            let entry = *self.slots.get(slot)?;
            if entry == EMPTY {
                return None;
            }
            let index = NodeIndex::from_u32(entry);
            if nodes
                .get(index.get())
                .is_some_and(|node| kind_of(node) == (kind, text))
            {
                return Some(index);
            }
            slot = slot.wrapping_add(1) & mask;
        }
    }

    /// Renumbers the nodes in place: a node at position `i` moves to `new_of_old[i]`.
    /// A slot depends only on the id's hash, so no id is hashed again.
    pub(crate) fn renumber(&mut self, new_of_old: &[u32]) {
        for slot in &mut self.slots {
            if *slot != EMPTY {
                *slot = usize::try_from(*slot)
                    .ok()
                    .and_then(|old| new_of_old.get(old))
                    .copied()
                    .unwrap_or(EMPTY);
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity().saturating_mul(size_of::<u32>())
    }
}

/// The first slot probed for `(kind, text)` in a table of `mask + 1` slots.
fn start(kind: u8, text: &str, mask: usize) -> usize {
    // Only the low bits select a slot, and they fit a `usize` because `mask` does.
    let low = hash(kind, text) & u64::try_from(mask).unwrap_or(u64::MAX);
    usize::try_from(low).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use folio_types::{KeyResultId, ObjectiveId};

    use super::*;

    #[test]
    fn every_id_is_found_at_its_position_and_others_are_not() {
        let mut nodes: Vec<NodeId> = (0..1_000)
            .map(|i| NodeId::from(KeyResultId::new(format!("i{i}")).unwrap()))
            .collect();
        // The same text as an objective is another node.
        nodes.push(NodeId::from(ObjectiveId::new("i7").unwrap()));
        let index = IdIndex::new(&nodes);
        for (position, node) in nodes.iter().enumerate() {
            let (kind, text) = kind_of(node);
            assert_eq!(
                index.get(&nodes, kind, text).map(NodeIndex::get),
                Some(position)
            );
        }
        assert_eq!(index.get(&nodes, 1, "i1000"), None);
        assert_eq!(index.get(&nodes, 0, "i8"), None);
        assert_eq!(IdIndex::new(&[]).get(&[], 0, "x"), None);
    }
}
