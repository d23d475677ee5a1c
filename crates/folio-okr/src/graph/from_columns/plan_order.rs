//! Sorting the nodes into plan order by the bytes of their keys.
//!
//! Compilation orders the nodes leaves first, then by rank from the bottom tier up,
//! then by id. Each node's key holds that group and the first eight bytes of its id
//! (big-endian), so the keys' order is the plan's except among keys equal in both,
//! whose ids share their first eight bytes. A comparison sort of a million keys makes
//! about twenty comparisons a key, each a few unpredictable branches. Here the keys are
//! distributed by one byte at a time, the least significant first (each pass is stable,
//! so a pass keeps the order the passes before it made among keys equal in its byte),
//! a pass is skipped where every key has the same byte, and only the runs of keys
//! equal in group and prefix are then sorted by their whole ids. The ids are distinct,
//! so the order by (group, prefix, id) is total and this is the order any correct sort
//! by it gives.

use std::cmp::Ordering;

/// A node's key: the first eight bytes of its id (big-endian), the node, its group.
pub(super) type Key = (u64, u32, u16);

/// Below this many keys a comparison sort is as quick as counting bytes.
const SMALL: usize = 256;

/// The bytes a key is distributed by: eight of the prefix, two of the group.
const PASSES: usize = 10;

/// The bytes of `key`'s group and prefix read as one 80-bit number, the least
/// significant first (the first [`PASSES`] of the sixteen).
fn bytes(key: &Key) -> [u8; 16] {
    let (prefix, _, group) = *key;
    ((u128::from(group) << 64) | u128::from(prefix)).to_le_bytes()
}

/// The order of two keys by group and prefix alone.
fn by_group_and_prefix(a: &Key, b: &Key) -> Ordering {
    (a.2, a.0).cmp(&(b.2, b.0))
}

/// Sorts `keys` by group, then prefix, then `tie` (the order of the two nodes' whole
/// ids), as `sort_unstable_by` with that order would (see the module docs).
///
/// Memory: a second vector as long as `keys` while they are distributed by their bytes.
pub(super) fn sort(keys: &mut Vec<Key>, mut tie: impl FnMut(u32, u32) -> Ordering) {
    if keys.len() >= SMALL {
        by_bytes(keys);
        for run in keys.chunk_by_mut(|a, b| by_group_and_prefix(a, b).is_eq()) {
            if run.len() > 1 {
                run.sort_unstable_by(|a, b| tie(a.1, b.1));
            }
        }
    } else {
        keys.sort_unstable_by(|a, b| by_group_and_prefix(a, b).then_with(|| tie(a.1, b.1)));
    }
}

/// Sorts `keys` by group and prefix: a least-significant-byte-first radix sort.
fn by_bytes(keys: &mut Vec<Key>) {
    let len = keys.len();
    // How many keys have each value of each byte, counted in one pass.
    let mut counts = [[0usize; 256]; PASSES];
    for key in keys.iter() {
        for (count, byte) in counts.iter_mut().zip(bytes(key)) {
            if let Some(c) = count.get_mut(usize::from(byte)) {
                *c = c.saturating_add(1);
            }
        }
    }
    let mut scratch: Vec<Key> = Vec::new();
    for (pass, count) in (0u32..).zip(&counts) {
        // Every key has the same byte here: the pass would change nothing.
        if count.contains(&len) {
            continue;
        }
        // Where the next key of each byte value goes.
        let mut next = [0usize; 256];
        let mut total = 0usize;
        for (n, &c) in next.iter_mut().zip(count) {
            *n = total;
            total = total.saturating_add(c);
        }
        // Every slot is written: the counts add up to `len`.
        scratch.resize(len, (0, 0, 0));
        let shift = pass.saturating_mul(8);
        match shift.checked_sub(64) {
            None => scatter(keys, &mut scratch, &mut next, |key| {
                key.0.checked_shr(shift)
            }),
            Some(shift) => scatter(keys, &mut scratch, &mut next, |key| {
                u16::checked_shr(key.2, shift).map(u64::from)
            }),
        }
        std::mem::swap(keys, &mut scratch);
    }
}

/// Moves each key of `from` to the slot `next` holds for its byte (the low byte of
/// what `word` gives), in order, so that keys of the same byte keep their order.
fn scatter(
    from: &[Key],
    to: &mut [Key],
    next: &mut [usize; 256],
    word: impl Fn(&Key) -> Option<u64>,
) {
    for key in from {
        let byte = u8::try_from(word(key).unwrap_or(0) & 0xff).unwrap_or(u8::MAX);
        if let Some(at) = next.get_mut(usize::from(byte)) {
            if let Some(slot) = to.get_mut(*at) {
                *slot = *key;
            }
            *at = at.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use proptest::prelude::*;

    use super::*;

    /// The keys of `ids` in `groups` as compilation makes them, sorted both ways: by
    /// [`sort`], and by the comparison sort it replaces.
    fn check(ids: &[String], groups: &[u16]) {
        let keys: Vec<Key> = ids
            .iter()
            .zip(groups)
            .zip(0u32..)
            .map(|((id, &group), node)| (crate::plan::id_index::text_prefix(id), node, group))
            .collect();
        let text = |node: u32| ids[node as usize].as_str();
        let mut fast = keys.clone();
        sort(&mut fast, |a, b| text(a).cmp(text(b)));
        let mut reference = keys;
        reference.sort_unstable_by(|a, b| {
            (a.2, a.0)
                .cmp(&(b.2, b.0))
                .then_with(|| text(a.1).cmp(text(b.1)))
        });
        assert_eq!(fast, reference);
    }

    /// Distinct ids: `{prefix}{n}` for the given numbers, in that order.
    fn ids(prefixes: &[&str], numbers: &[u32]) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        prefixes
            .iter()
            .cycle()
            .zip(numbers)
            .map(|(p, n)| format!("{p}{n}"))
            .filter(|id| seen.insert(id.clone()))
            .collect()
    }

    #[test]
    fn the_bench_files_ids_are_sorted_as_a_comparison_sort_sorts_them() {
        // Objectives, key results and initiative key results numbered in file order,
        // short ids past eight bytes sharing their first eight, and a few keys only.
        let numbers: Vec<u32> = (0..5000).collect();
        for prefixes in [
            &["p", "o", "k", "i"][..],
            &["objective-", "key-result-"][..],
            &["a-rather-long-key-result-"][..],
        ] {
            let all = ids(prefixes, &numbers);
            let groups: Vec<u16> = (0..all.len()).map(|i| [0, 257, 258, 263][i % 4]).collect();
            check(&all, &groups);
            check(&all[..3], &groups[..3]);
            check(&all[..SMALL], &groups[..SMALL]);
            check(&all[..SMALL - 1], &groups[..SMALL - 1]);
            check(&[], &[]);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any distinct ids in any groups, from a few to a few thousand, many
        /// sharing their first eight bytes or every byte but one.
        #[test]
        fn keys_are_sorted_as_a_comparison_sort_sorts_them(
            raw in prop::collection::vec(("(abcdefgh|[a-c]{0,3})[a-z0-9]{0,12}", 0u16..600), 0..3000)
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let (ids, groups): (Vec<String>, Vec<u16>) = raw
                .into_iter()
                .filter(|(id, _)| seen.insert(id.clone()))
                .unzip();
            check(&ids, &groups);
        }
    }
}
