//! The plan's id lookup: an open-addressing hash table of node indices, built once when
//! the plan is compiled.
//!
//! A lookup hashes the id's text once and reads its probe sequence, where a binary
//! search over a million ids compares about twenty strings. Each slot holds, beside the
//! node index, an eight-byte key of the id: for an id of at most seven bytes, its kind,
//! length and text themselves, so that finding it reads one slot (most often one cache
//! line) and nothing else; for a longer id, its kind and 56 bits of its hash, so that
//! only a slot whose key matches sends the lookup to the id's text to check it. The
//! hash is a fixed function of the id (no random seed, so every run and every machine
//! builds the same table: libraries here use no randomness); the price is that ids
//! crafted to collide would slow lookups down, never change an answer.

use std::mem::size_of;

use crate::model::NodeId;
use crate::plan::NodeIndex;

/// The marker of an empty slot.
const EMPTY: u32 = u32::MAX;

/// Ids are inserted by blocks of `2^(log2(capacity) - BLOCK_BITS)` slots: 4,096 blocks.
const BLOCK_BITS: u32 = 12;

/// The longest id text a key holds whole.
const INLINE: usize = 7;

/// One slot of the table: 12 bytes (`key` is bytes, not a `u64`, so that the slot
/// needs no padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    index: u32,
    key: [u8; 8],
}

const EMPTY_SLOT: Slot = Slot {
    index: EMPTY,
    key: [0; 8],
};

/// Node indices by id hash; linear probing, at most three quarters full.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdIndex {
    slots: Vec<Slot>,
}

/// The key of `(kind, text)` with hash `hash`, and whether it is the id itself (equal
/// keys then mean equal ids). A whole id: its first byte is `kind × 8 + length` (below
/// 16), then the text, zero-padded. A longer id: `0x80 + kind`, then the top 56 bits of
/// its hash.
#[inline]
pub(crate) fn key(kind: u8, text: &str, hash: u64) -> ([u8; 8], bool) {
    let bytes = text.as_bytes();
    match u8::try_from(bytes.len()) {
        Ok(len) if bytes.len() <= INLINE => {
            // The tag byte, then the text (at most seven bytes), zero-padded.
            let word = u64::from((kind << 3) | len) | padded(bytes).wrapping_shl(8);
            (word.to_le_bytes(), true)
        }
        _ => {
            // The top seven bytes of the hash after the tag byte (the low bits choose
            // the slot, so the top ones tell more ids of one probe sequence apart).
            let mut key = hash.to_be_bytes();
            key.rotate_right(1);
            if let Some(first) = key.first_mut() {
                *first = 0x80 | kind;
            }
            (key, false)
        }
    }
}

/// The first eight bytes of `bytes` (all of them when fewer), zero-padded, read as a
/// little-endian word: what copying them into a zeroed `[u8; 8]` and reading that
/// gives, without a copy of variable length (a call to `memcpy` each time). A text of
/// one to three bytes is read as its first, middle and last byte, one of four to seven
/// as its first four and last four (which overlap, and agree where they do).
#[inline]
pub(crate) fn padded(bytes: &[u8]) -> u64 {
    let word = |at: usize| -> u64 {
        let mut four = [0u8; 4];
        if let Some(src) = bytes.get(at..at.saturating_add(4)) {
            four.copy_from_slice(src);
        }
        u64::from(u32::from_le_bytes(four))
    };
    let byte = |at: usize| u64::from(bytes.get(at).copied().unwrap_or(0));
    // The bits of `at` bytes: below 64 for every `at` below 8, as here.
    let bits = |at: usize| u32::try_from(at).unwrap_or(0).saturating_mul(8);
    match bytes.len() {
        0 => 0,
        len @ 1..=3 => {
            let (middle, last) = (len / 2, len.saturating_sub(1));
            byte(0) | byte(middle).wrapping_shl(bits(middle)) | byte(last).wrapping_shl(bits(last))
        }
        len @ 4..=7 => {
            let last = len.saturating_sub(4);
            word(0) | word(last).wrapping_shl(bits(last))
        }
        _ => {
            let mut eight = [0u8; 8];
            if let Some(src) = bytes.get(..8) {
                eight.copy_from_slice(src);
            }
            u64::from_le_bytes(eight)
        }
    }
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
    // The bytes read little-endian, then reversed: big-endian, the padding last.
    padded(text.as_bytes()).swap_bytes()
}

/// A 64-bit hash of `(kind, text)`: eight bytes at a time, rotated and multiplied, then
/// mixed by the `fmix64` finalizer of `MurmurHash3` so that ids differing only in their
/// last characters (`i1`, `i2`, ...) spread over the whole table.
#[inline]
pub(crate) fn hash(kind: u8, text: &str) -> u64 {
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
        h = (h.rotate_left(23) ^ padded(rest)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// The positions of `firsts` (first slots of a table of `capacity` slots) in the order
/// of their blocks, stably: one counting pass. Probes in that order walk the table
/// block after block instead of jumping across it.
fn block_order(firsts: impl Iterator<Item = u32> + Clone, capacity: usize) -> Vec<u32> {
    let bits = capacity.trailing_zeros();
    let shift = bits.saturating_sub(BLOCK_BITS);
    let blocks = 1usize << bits.min(BLOCK_BITS);
    let block = |slot: u32| usize::try_from(slot).unwrap_or(0) >> shift;
    let mut counts = vec![0u32; blocks.saturating_add(1)];
    let mut len = 0usize;
    for slot in firsts.clone() {
        len = len.saturating_add(1);
        if let Some(count) = counts.get_mut(block(slot).saturating_add(1)) {
            *count = count.saturating_add(1);
        }
    }
    for i in 1..counts.len() {
        let before = counts.get(i.saturating_sub(1)).copied().unwrap_or(0);
        if let Some(count) = counts.get_mut(i) {
            *count = count.saturating_add(before);
        }
    }
    let mut order = vec![0u32; len];
    for (position, slot) in firsts.enumerate() {
        if let Some(next) = counts.get_mut(block(slot)) {
            if let Some(entry) = order.get_mut(usize::try_from(*next).unwrap_or(usize::MAX)) {
                *entry = u32::try_from(position).unwrap_or(EMPTY);
            }
            *next = next.saturating_add(1);
        }
    }
    order
}

impl IdIndex {
    /// The hash and the key of `(kind, text)` when the key is the whole id (a text of
    /// at most seven bytes), for [`get_all_whole`](Self::get_all_whole); `None` for a
    /// longer id, which [`get`](Self::get) finds.
    #[cfg(feature = "serde")]
    pub(crate) fn whole_key(kind: u8, text: &str) -> Option<(u64, [u8; 8])> {
        let h = hash(kind, text);
        match key(kind, text, h) {
            (key, true) => Some((h, key)),
            (_, false) => None,
        }
    }

    /// The index of each id of `keys` (from [`whole_key`](Self::whole_key)), in the
    /// order of `keys`: looked up block by block of the table, so that a million
    /// lookups walk it once rather than miss the cache a million times.
    #[cfg(feature = "serde")]
    pub(crate) fn get_all_whole(&self, keys: &[(u64, [u8; 8])]) -> Vec<Option<NodeIndex>> {
        let mut found = vec![None; keys.len()];
        let mask = self.slots.len().saturating_sub(1);
        let first = |h: u64| u32::try_from(start(h, mask)).unwrap_or(u32::MAX);
        for at in block_order(keys.iter().map(|&(h, _)| first(h)), self.slots.len()) {
            let at = usize::try_from(at).unwrap_or(usize::MAX);
            let Some(&(h, key)) = keys.get(at) else {
                continue;
            };
            let mut slot = start(h, mask);
            let index = loop {
                match self.slots.get(slot) {
                    Some(entry) if entry.index == EMPTY => break None,
                    Some(entry) if entry.key == key => {
                        break Some(NodeIndex::from_u32(entry.index));
                    }
                    Some(_) => slot = slot.wrapping_add(1) & mask,
                    None => break None,
                }
            };
            if let Some(entry) = found.get_mut(at) {
                *entry = index;
            }
        }
        found
    }

    /// The table of `nodes`, each at its position. Ids are distinct (the graph was
    /// validated); a repeated id would be found at its first position.
    pub(crate) fn new(nodes: &[NodeId]) -> Self {
        Self::build(nodes, false, None).unwrap_or_default()
    }

    /// The table [`new`](Self::new) builds, then [`renumber`](Self::renumber)ed by
    /// `new_of_old`, built in one step: the slots are the same (a slot depends only on
    /// the id's hash and the order of insertion, which is the same), each holding the
    /// new index, so the table is not walked a second time. A node without a new
    /// index (which the plan's renumbering never leaves) would empty its slot after
    /// the table is built: that table is built in two steps, as before.
    pub(crate) fn numbered(nodes: &[NodeId], new_of_old: &[u32]) -> Self {
        if new_of_old.len() < nodes.len() || new_of_old.contains(&EMPTY) {
            let mut table = Self::new(nodes);
            table.renumber(new_of_old);
            return table;
        }
        Self::build(nodes, false, Some(new_of_old)).unwrap_or_default()
    }

    /// The table of `nodes`, each at its position, or `None` if an id is repeated.
    #[cfg(feature = "serde")]
    pub(crate) fn new_distinct(nodes: &[NodeId]) -> Option<Self> {
        Self::build(nodes, true, None)
    }

    /// The table of `nodes`; with `distinct`, `None` if an id is repeated; with
    /// `new_of_old` (which holds a new index below `EMPTY` for every node), each slot
    /// holds the node's new index. `distinct` reads the ids by their positions, so it
    /// is not given with `new_of_old`.
    fn build(nodes: &[NodeId], distinct: bool, new_of_old: Option<&[u32]>) -> Option<Self> {
        let wanted = nodes
            .len()
            .saturating_add(nodes.len() / 3)
            .saturating_add(1)
            .max(8);
        let capacity = wanted.checked_next_power_of_two().unwrap_or(wanted);
        let mut slots = vec![EMPTY_SLOT; capacity];
        let mask = capacity.saturating_sub(1);
        // Inserted in the order of their first slot's block, not of their position: a
        // million inserts at random slots of a table of tens of megabytes each miss
        // the cache (and the TLB), while inserts into one block after another stay in
        // a few kilobytes. Each id's first slot is computed once, the ids are put into
        // block order by one counting pass, and the probing then walks the table.
        // Linear probing finds every id whatever the order of insertion; the order is
        // fixed, so the same nodes always give the same table.
        let starts: Vec<(u32, [u8; 8])> = nodes
            .iter()
            .map(|node| {
                let (kind, text) = kind_of(node);
                let h = hash(kind, text);
                let slot = u32::try_from(start(h, mask)).unwrap_or(u32::MAX);
                (slot, key(kind, text, h).0)
            })
            .collect();
        let order = block_order(starts.iter().map(|&(slot, _)| slot), capacity);
        for index in order {
            let Some(&(first, key)) = starts.get(usize::try_from(index).unwrap_or(usize::MAX))
            else {
                continue;
            };
            let mut slot = usize::try_from(first).unwrap_or(0);
            let stored = match new_of_old {
                Some(new_of_old) => usize::try_from(index)
                    .ok()
                    .and_then(|old| new_of_old.get(old))
                    .copied()
                    .unwrap_or(EMPTY),
                None => index,
            };
            // The table is at most three quarters full, so an empty slot is reached.
            while let Some(entry) = slots.get_mut(slot) {
                if entry.index == EMPTY {
                    *entry = Slot { index: stored, key };
                    break;
                }
                if distinct && entry.key == key {
                    let at = |i: u32| nodes.get(usize::try_from(i).unwrap_or(usize::MAX));
                    if at(entry.index) == at(index) {
                        return None;
                    }
                }
                slot = slot.wrapping_add(1) & mask;
            }
        }
        Some(Self { slots })
    }

    /// The index of the node of kind `kind` and text `text`; `nodes` are the plan's
    /// nodes, to check a candidate whose key is not the whole id.
    #[inline]
    pub(crate) fn get(&self, nodes: &[NodeId], kind: u8, text: &str) -> Option<NodeIndex> {
        let mask = self.slots.len().checked_sub(1)?;
        let h = hash(kind, text);
        let (key, whole) = key(kind, text, h);
        let mut slot = start(h, mask);
        loop {
            let entry = *self.slots.get(slot)?;
            if entry.index == EMPTY {
                return None;
            }
            if entry.key == key {
                let index = NodeIndex::from_u32(entry.index);
                if whole
                    || nodes
                        .get(index.get())
                        .is_some_and(|node| kind_of(node) == (kind, text))
                {
                    return Some(index);
                }
            }
            slot = slot.wrapping_add(1) & mask;
        }
    }

    /// Renumbers the nodes in place: a node at position `i` moves to `new_of_old[i]`.
    /// A slot depends only on the id's hash, so no id is hashed again.
    pub(crate) fn renumber(&mut self, new_of_old: &[u32]) {
        for slot in &mut self.slots {
            if slot.index != EMPTY {
                slot.index = usize::try_from(slot.index)
                    .ok()
                    .and_then(|old| new_of_old.get(old))
                    .copied()
                    .unwrap_or(EMPTY);
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity().saturating_mul(size_of::<Slot>())
    }
}

/// The first slot probed for an id of hash `hash` in a table of `mask + 1` slots.
#[inline]
fn start(hash: u64, mask: usize) -> usize {
    // Only the low bits select a slot, and they fit a `usize` because `mask` does.
    let low = hash & u64::try_from(mask).unwrap_or(u64::MAX);
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

    #[test]
    fn ids_of_every_length_are_found_whole_or_by_hash_and_checked() {
        // Lengths 1 to 20 around the seven bytes a key holds whole, both kinds, and
        // texts that differ only after the seventh byte.
        let mut nodes: Vec<NodeId> = Vec::new();
        for len in 1..=20 {
            for i in 0..50 {
                let text: String = format!("{i:0>len$}");
                let text = text.get(text.len() - len..).unwrap().to_owned();
                let kr = NodeId::from(KeyResultId::new(format!("k{text}")).unwrap());
                let o = NodeId::from(ObjectiveId::new(format!("k{text}")).unwrap());
                if !nodes.contains(&kr) {
                    nodes.push(kr);
                    nodes.push(o);
                }
            }
        }
        let mut index = IdIndex::new(&nodes);
        let found = |index: &IdIndex, nodes: &[NodeId]| {
            for (position, node) in nodes.iter().enumerate() {
                let (kind, text) = kind_of(node);
                assert_eq!(
                    index.get(nodes, kind, text).map(NodeIndex::get),
                    Some(position),
                    "{node}"
                );
            }
        };
        found(&index, &nodes);
        for absent in [
            "",
            "x",
            "k",
            "kx",
            "k1234567",
            "k12345678",
            "k0000000000000000000x",
        ] {
            assert_eq!(index.get(&nodes, 0, absent), None, "{absent}");
            assert_eq!(index.get(&nodes, 1, absent), None, "{absent}");
        }
        assert_eq!(index.get(&nodes, 2, "k1"), None);
        // Renumbered (reversed), every id is found at its new place.
        let n = u32::try_from(nodes.len()).unwrap();
        let new_of_old: Vec<u32> = (0..n).rev().collect();
        index.renumber(&new_of_old);
        nodes.reverse();
        found(&index, &nodes);
    }

    fn kr(text: &str) -> NodeId {
        NodeId::from(KeyResultId::new(text).unwrap())
    }

    fn objective(text: &str) -> NodeId {
        NodeId::from(ObjectiveId::new(text).unwrap())
    }

    #[test]
    fn a_key_holds_a_short_id_whole_and_tags_a_long_one() {
        // At most seven bytes: `kind × 8 + length`, then the text, zero-padded; the
        // hash plays no part.
        assert_eq!(
            key(1, "arr", 0xDEAD),
            ([0x0B, b'a', b'r', b'r', 0, 0, 0, 0], true)
        );
        assert_eq!(
            key(0, "grow", u64::MAX),
            ([0x04, b'g', b'r', b'o', b'w', 0, 0, 0], true)
        );
        assert_eq!(
            key(1, "abcdefg", 0),
            ([0x0F, b'a', b'b', b'c', b'd', b'e', b'f', b'g'], true)
        );
        // Eight bytes and more: `0x80 + kind`, then the top seven bytes of the hash.
        assert_eq!(
            key(1, "abcdefgh", 0x0102_0304_0506_0708),
            ([0x81, 1, 2, 3, 4, 5, 6, 7], false)
        );
        assert_eq!(
            key(0, "a-much-longer-objective-id", 0xF1E2_D3C4_B5A6_9788),
            ([0x80, 0xF1, 0xE2, 0xD3, 0xC4, 0xB5, 0xA6, 0x97], false)
        );
    }

    /// What [`padded`] replaces: the bytes copied into a zeroed word.
    fn padded_by_copy(bytes: &[u8]) -> u64 {
        let mut word = [0u8; 8];
        let head = bytes.get(..8).unwrap_or(bytes);
        word[..head.len()].copy_from_slice(head);
        u64::from_le_bytes(word)
    }

    #[test]
    fn a_padded_word_is_the_bytes_copied_into_a_zeroed_word() {
        // Every length from 0 to 12, each byte position holding a distinct value
        // (so a byte read from the wrong place shows), and bytes of every value at
        // every position of the short texts.
        let distinct: Vec<u8> = (1..=12).map(|b| b * 17).collect();
        for len in 0..=12 {
            let bytes = &distinct[..len];
            assert_eq!(padded(bytes), padded_by_copy(bytes), "{bytes:?}");
        }
        for len in 1..=8 {
            for at in 0..len {
                for value in 0..=255u8 {
                    let mut bytes = vec![0x5Au8; len];
                    bytes[at] = value;
                    assert_eq!(padded(&bytes), padded_by_copy(&bytes), "{bytes:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The key and the prefix of any text are the ones the copies gave.
        #[test]
        fn keys_and_prefixes_are_the_copied_bytes(text in "[a-z0-9\\-]{0,20}", kind in 0u8..2) {
            let bytes = text.as_bytes();
            let mut copied = [0u8; 8];
            let head = bytes.get(..8).unwrap_or(bytes);
            copied[..head.len()].copy_from_slice(head);
            proptest::prop_assert_eq!(text_prefix(&text), u64::from_be_bytes(copied));
            let h = hash(kind, &text);
            let (got, whole) = key(kind, &text, h);
            if bytes.len() <= INLINE {
                let mut want = [0u8; 8];
                want[0] = (kind << 3) | u8::try_from(bytes.len()).unwrap();
                want[1..=bytes.len()].copy_from_slice(bytes);
                proptest::prop_assert_eq!((got, whole), (want, true));
            } else {
                proptest::prop_assert!(!whole);
            }
        }
    }

    proptest::proptest! {
        /// The table built with the new numbers is the table built with the positions
        /// and then renumbered, slot for slot: ids of every length (whole and hashed
        /// keys, shared eight-byte prefixes), both kinds, any permutation; and with a
        /// node left without a new number, or too few numbers, the two-step table.
        #[test]
        fn a_table_built_numbered_is_the_table_renumbered(
            raw in proptest::collection::vec(
                ("(abcdefgh|[a-c]{0,3})[a-z0-9]{0,9}", 0u8..2),
                0..300,
            ),
            seed in proptest::prelude::any::<u64>(),
            hole in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let nodes: Vec<NodeId> = raw
                .into_iter()
                .filter(|(text, kind)| seen.insert((text.clone(), *kind)))
                .filter(|(text, _)| !text.is_empty())
                .map(|(text, kind)| if kind == 0 { objective(&text) } else { kr(&text) })
                .collect();
            let n = u32::try_from(nodes.len()).unwrap();
            let mut new_of_old: Vec<u32> = (0..n).collect();
            let mut mix = seed | 1;
            for i in (1..new_of_old.len()).rev() {
                mix = mix.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
                let bound = u64::try_from(i).unwrap().checked_add(1).unwrap();
                new_of_old.swap(i, usize::try_from(mix.checked_rem(bound).unwrap()).unwrap());
            }
            let two_steps = |new_of_old: &[u32]| {
                let mut table = IdIndex::new(&nodes);
                table.renumber(new_of_old);
                table
            };
            let numbered = IdIndex::numbered(&nodes, &new_of_old);
            proptest::prop_assert_eq!(numbered, two_steps(&new_of_old));
            if !nodes.is_empty() {
                let mut holed = new_of_old.clone();
                holed[hole.index(nodes.len())] = EMPTY;
                proptest::prop_assert_eq!(IdIndex::numbered(&nodes, &holed), two_steps(&holed));
                let (_, short) = new_of_old.split_last().unwrap();
                proptest::prop_assert_eq!(IdIndex::numbered(&nodes, short), two_steps(short));
            }
        }
    }

    #[test]
    fn a_prefix_is_the_first_eight_bytes_big_endian() {
        assert_eq!(text_prefix("ab"), 0x6162_0000_0000_0000);
        assert_eq!(text_prefix("abcdefgh"), 0x6162_6364_6566_6768);
        assert_eq!(text_prefix("abcdefghij"), 0x6162_6364_6566_6768);
        assert_eq!(prefix(&kr("ab")), 0x6162_0000_0000_0000);
        assert_eq!(prefix(&objective("zz")), 0x7A7A_0000_0000_0000);
        // Shorter ids sort first among ids sharing their text.
        assert!(text_prefix("ab") < text_prefix("ab!"));
    }

    #[test]
    fn the_hash_is_the_documented_fixed_function() {
        // Worked out independently from the documented steps: `kind ^ (length << 8)`;
        // for each eight-byte chunk (little-endian, the last one zero-padded),
        // `(h.rotate_left(23) ^ chunk) * 0x9E37_79B9_7F4A_7C15`; then MurmurHash3's
        // `fmix64`. A fixed function: every run and every machine builds one table.
        let cases: [(u8, &str, u64); 7] = [
            (0, "grow", 0x02EB_924F_C105_0870),
            (1, "i7", 0x4329_920E_0966_15E1),
            (0, "i7", 0x6773_3B2B_A27A_8D85),
            (1, "abcdefgh", 0x6168_E340_88A3_9434),
            (0, "abcdefghi", 0x692B_5F98_8371_8044),
            (1, "0123456789abcdef", 0x014D_DAC0_B388_B394),
            (1, "0123456789abcdefXYZ", 0xA06E_2EC5_4353_B345),
        ];
        for (kind, text, expected) in cases {
            assert_eq!(hash(kind, text), expected, "{kind} {text}");
        }
    }

    #[test]
    fn ids_differing_in_their_last_characters_spread_over_the_table() {
        // A thousand ids in a table of 2,048 slots: a uniform hash gives about 791
        // distinct first slots (2,048 × (1 − (1 − 1/2,048)^1,000)), and one of a
        // thousand objective-key result pairs of one text shares its first slot about
        // half the time. Short ids, ids of exactly eight and sixteen bytes (no
        // partial chunk) and a long one with a partial chunk.
        let shapes: [fn(usize) -> String; 4] = [
            |i| format!("i{i}"),
            |i| format!("kr{i:06}"),
            |i| format!("key-result{i:06}"),
            |i| format!("objective-number-{i:04}"),
        ];
        let mask = 2_047;
        for shape in shapes {
            let starts = |kind: u8| -> Vec<usize> {
                (0..1_000)
                    .map(|i| start(hash(kind, &shape(i)), mask))
                    .collect()
            };
            let (krs, objectives) = (starts(1), starts(0));
            let distinct: std::collections::BTreeSet<&usize> = krs.iter().collect();
            assert!(distinct.len() >= 700, "{}: {}", shape(0), distinct.len());
            assert!(krs.iter().all(|&s| s <= mask));
            let shared = krs.iter().zip(&objectives).filter(|(a, b)| a == b).count();
            assert!(shared <= 8, "{}: {shared}", shape(0));
        }
    }

    #[test]
    fn the_first_slot_is_the_low_bits_of_the_hash() {
        assert_eq!(start(0x1234_5678_9ABC_DEF0, 0xFF), 0xF0);
        assert_eq!(start(0x1234_5678_9ABC_DEF7, 0x7), 0x7);
        assert_eq!(start(0xFFFF_0000_0000_0000, 0xFFFF), 0);
    }

    #[test]
    fn block_order_is_stable_by_block() {
        // 16 slots: one slot a block, so the order is by slot, ties by position.
        assert_eq!(block_order([5u32, 2, 5, 0].into_iter(), 16), [3, 1, 0, 2]);
        // 8,192 slots: 4,096 blocks of two slots.
        assert_eq!(
            block_order([5u32, 2, 3, 4, 0, 8_191].into_iter(), 8_192),
            [4, 1, 2, 0, 3, 5]
        );
        assert!(block_order(std::iter::empty(), 8).is_empty());
    }

    #[test]
    fn the_table_is_a_power_of_two_of_twelve_byte_slots_at_most_three_quarters_full() {
        // At least `n + n / 3 + 1` slots and at least eight, rounded up to a power of
        // two.
        let bytes = |n: usize| {
            let nodes: Vec<NodeId> = (0..n).map(|i| kr(&format!("k{i}"))).collect();
            IdIndex::new(&nodes).heap_bytes()
        };
        assert_eq!(bytes(0), 8 * 12);
        assert_eq!(bytes(5), 8 * 12);
        assert_eq!(bytes(6), 16 * 12);
        assert_eq!(bytes(12), 32 * 12);
        assert_eq!(bytes(1_000), 2_048 * 12);
        assert_eq!(bytes(3_000), 4_096 * 12);
    }

    #[test]
    fn a_repeated_id_is_found_at_its_first_position() {
        let nodes = [kr("a"), kr("b"), kr("a"), objective("a")];
        let index = IdIndex::new(&nodes);
        assert_eq!(index.get(&nodes, 1, "a").map(NodeIndex::get), Some(0));
        assert_eq!(index.get(&nodes, 1, "b").map(NodeIndex::get), Some(1));
        assert_eq!(index.get(&nodes, 0, "a").map(NodeIndex::get), Some(3));
        let long = [kr("long-key-result"), kr("long-key-result")];
        let index = IdIndex::new(&long);
        assert_eq!(
            index.get(&long, 1, "long-key-result").map(NodeIndex::get),
            Some(0)
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn a_table_of_distinct_ids_refuses_a_repeat() {
        assert_eq!(IdIndex::new_distinct(&[kr("a"), kr("b"), kr("a")]), None);
        let long = [kr("long-key-result"), kr("other"), kr("long-key-result")];
        assert_eq!(IdIndex::new_distinct(&long), None);
        // One text as both kinds is two ids.
        let nodes = [
            kr("a"),
            objective("a"),
            kr("long-key-result"),
            objective("long-key-result"),
        ];
        let index = IdIndex::new_distinct(&nodes).unwrap();
        assert_eq!(index, IdIndex::new(&nodes));
        assert_eq!(
            index.get(&nodes, 0, "long-key-result").map(NodeIndex::get),
            Some(3)
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn whole_keys_are_looked_up_together_in_their_order() {
        assert_eq!(
            IdIndex::whole_key(1, "arr"),
            Some((hash(1, "arr"), [0x0B, b'a', b'r', b'r', 0, 0, 0, 0]))
        );
        assert_eq!(IdIndex::whole_key(1, "abcdefgh"), None);
        // 5,000 key results: 8,192 slots, blocks of two slots.
        let nodes: Vec<NodeId> = (0..5_000).map(|i| kr(&format!("k{i}"))).collect();
        let index = IdIndex::new(&nodes);
        let texts = ["k4999", "k0", "absent", "k17", "k5000", "k17", "k2500"];
        let keys: Vec<(u64, [u8; 8])> = texts
            .iter()
            .map(|t| IdIndex::whole_key(1, t).unwrap())
            .collect();
        let found: Vec<Option<usize>> = index
            .get_all_whole(&keys)
            .into_iter()
            .map(|i| i.map(NodeIndex::get))
            .collect();
        assert_eq!(
            found,
            [
                Some(4_999),
                Some(0),
                None,
                Some(17),
                None,
                Some(17),
                Some(2_500)
            ]
        );
        // The same texts as objectives are not there.
        let objectives: Vec<(u64, [u8; 8])> = texts
            .iter()
            .map(|t| IdIndex::whole_key(0, t).unwrap())
            .collect();
        assert!(index.get_all_whole(&objectives).iter().all(Option::is_none));
        // Every id, in order.
        let all: Vec<(u64, [u8; 8])> = (0..5_000)
            .map(|i| IdIndex::whole_key(1, &format!("k{i}")).unwrap())
            .collect();
        let found = index.get_all_whole(&all);
        assert!(
            found
                .iter()
                .enumerate()
                .all(|(i, f)| f.map(NodeIndex::get) == Some(i))
        );
    }
}
