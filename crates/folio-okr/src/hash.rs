//! A deterministic hasher for the crate's id tables.
//!
//! Loading and validating a million-node portfolio looks ids up by hash rather than in
//! ordered maps of strings. The standard `RandomState` seeds itself from the operating
//! system; libraries here use no randomness, so these tables hash with a fixed function
//! instead. Nothing iterates them in hash order, so no result depends on the hash.

use std::hash::BuildHasherDefault;

/// A deterministic hasher for the id table (no random seed: libraries use no
/// randomness), an `FxHash`-style multiply and rotate.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..chunk.len()) {
                head.copy_from_slice(chunk);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }
}

/// The `BuildHasher` of [`IdHasher`].
pub(crate) type FixedState = BuildHasherDefault<IdHasher>;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::FixedState;

    /// The hashes of a thousand ids `{prefix}0` to `{prefix}999`, as a table hashes them.
    fn hashes(prefix: &str) -> Vec<u64> {
        (0..1000)
            .map(|i| FixedState::default().hash_one(format!("{prefix}{i}").as_str()))
            .collect()
    }

    fn distinct(mut values: Vec<u64>) -> usize {
        values.sort_unstable();
        values.dedup();
        values.len()
    }

    #[test]
    fn the_same_id_hashes_the_same_without_a_seed() {
        for id in ["", "k", "objective-7", "a-rather-long-key-result-id"] {
            assert_eq!(
                FixedState::default().hash_one(id),
                FixedState::default().hash_one(id),
                "{id}"
            );
        }
    }

    /// The tables place an id by the low bits of its hash (the CSV loader's open
    /// addressing, `hashbrown`'s buckets) and `hashbrown` tells ids apart by the top
    /// seven: a thousand ids, short, past one eight-byte word, and past three, each get a
    /// hash of their own, and spread over both. Thrown at random into 1024 slots, a
    /// thousand ids fill about 638 of them; fewer than 500 is a hash that collides.
    #[test]
    fn distinct_ids_spread_over_the_low_and_the_top_bits() {
        for prefix in ["k", "objective-", "a-rather-long-key-result-"] {
            let all = hashes(prefix);
            assert_eq!(distinct(all.clone()), 1000, "{prefix}");
            let low = distinct(all.iter().map(|h| h & 1023).collect());
            assert!(low >= 500, "{prefix}: {low} of 1024 slots");
            let top = distinct(all.iter().map(|h| h >> 57).collect());
            assert!(top >= 100, "{prefix}: {top} of 128 tags");
        }
    }
}
