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
