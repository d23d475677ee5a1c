//! Where each initiative falls among the groups the rollups report, as dense ranks.
//!
//! The realization rates group initiatives by unit (the portfolio) and by product line
//! and unit; estimation bias by owner and by product line. Groups are listed in id
//! order. Rather than keep a map keyed by ids while the rollups run (which compares
//! strings for every initiative and every group it joins), each initiative's groups
//! are given as ranks: the position of its key among the distinct keys in order. A
//! rollup then adds into a vector of groups by index, and lists the groups in rank
//! order, which is id order.
//!
//! A [`BenefitsBook`](crate::BenefitsBook) computes the ranks of its cases once, when
//! it is validated, so that its reviews compare no ids at all; the free rollup
//! functions, given any list of initiative reviews, compute them from that list.

use std::collections::BTreeMap;

use crate::status::InitiativeReview;

/// The ranks of `keys` among the distinct keys, in key order: equal keys get the same
/// rank, and the rank of a smaller key is smaller. Returns the rank of each key, in
/// input order, and how many keys have each rank (as many counts as distinct keys).
pub(crate) fn ranks<K: Ord>(keys: impl Iterator<Item = K>) -> (Vec<usize>, Vec<usize>) {
    // Each distinct key is numbered in order of first appearance, then those numbers
    // are mapped to ranks once the keys are known: one map lookup per key.
    let mut first_seen: BTreeMap<K, usize> = BTreeMap::new();
    let mut seen = Vec::new();
    for key in keys {
        let next = first_seen.len();
        seen.push(*first_seen.entry(key).or_insert(next));
    }
    let mut rank_of_seen = vec![0; first_seen.len()];
    for (rank, seen) in first_seen.values().enumerate() {
        if let Some(slot) = rank_of_seen.get_mut(*seen) {
            *slot = rank;
        }
    }
    let mut sizes = vec![0usize; first_seen.len()];
    let ranks = seen
        .iter()
        .map(|seen| {
            let rank = rank_of_seen.get(*seen).copied().unwrap_or(0);
            if let Some(size) = sizes.get_mut(rank) {
                *size = size.saturating_add(1);
            }
            rank
        })
        .collect();
    (ranks, sizes)
}

/// The groups of each case of a book, by rank (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct GroupIndex {
    /// Per initiative, in the order the ranks were computed for.
    pub(crate) initiatives: Vec<Groups>,
    /// The number of initiatives of each owner, by rank.
    pub(crate) owners: Vec<usize>,
    /// The number of initiatives of each product line, by rank.
    pub(crate) lines: Vec<usize>,
    /// The number of initiatives in each unit, by rank.
    pub(crate) units: Vec<usize>,
    /// The number of initiatives of each (product line, unit) pair, by rank.
    pub(crate) line_units: Vec<usize>,
}

/// One initiative's groups, by rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Groups {
    /// Its owner's rank among the owners.
    pub(crate) owner: usize,
    /// Its product line's rank among the product lines.
    pub(crate) line: usize,
    /// Its unit's rank among the units.
    pub(crate) unit: usize,
    /// The rank of its (product line, unit) among those pairs, by line, then unit.
    pub(crate) line_unit: usize,
}

impl GroupIndex {
    /// The ranks of the groups of `initiatives`, in their order.
    pub(crate) fn of<'a, I>(initiatives: I) -> Self
    where
        I: Iterator<Item = GroupKeys<'a>> + Clone,
    {
        let (owner, owners) = ranks(initiatives.clone().map(|keys| keys.owner));
        let (line, lines) = ranks(initiatives.clone().map(|keys| keys.line));
        let (unit, units) = ranks(initiatives.map(|keys| keys.unit));
        // Pairs of ranks order as the pairs of ids do.
        let (line_unit, line_units) = ranks(line.iter().zip(&unit));
        let initiatives = owner
            .iter()
            .zip(&line)
            .zip(&unit)
            .zip(&line_unit)
            .map(|(((&owner, &line), &unit), &line_unit)| Groups {
                owner,
                line,
                unit,
                line_unit,
            })
            .collect();
        Self {
            initiatives,
            owners,
            lines,
            units,
            line_units,
        }
    }

    /// The ranks of the groups of the initiatives reviewed in `reviews`, in order.
    pub(crate) fn of_reviews<'a, R: std::borrow::Borrow<InitiativeReview<'a>>>(
        reviews: &[R],
    ) -> Self {
        Self::of(reviews.iter().map(|review| {
            let review = review.borrow();
            GroupKeys {
                owner: &review.owner,
                line: &review.product_line,
                unit: &review.unit,
            }
        }))
    }
}

/// The ids an initiative is grouped by.
#[derive(Clone, Copy)]
pub(crate) struct GroupKeys<'a> {
    /// Its owner.
    pub(crate) owner: &'a folio_types::OwnerId,
    /// Its product line.
    pub(crate) line: &'a folio_types::ProductLineId,
    /// Its unit.
    pub(crate) unit: &'a crate::value::BenefitUnit,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn ranks_order_the_distinct_keys(keys in proptest::collection::vec(0u8..12, 0..40)) {
            let (got, sizes) = ranks(keys.iter());
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let counts: Vec<usize> = sorted
                .iter()
                .map(|key| keys.iter().filter(|k| *k == key).count())
                .collect();
            prop_assert_eq!(sizes, counts);
            let want: Vec<usize> = keys
                .iter()
                .map(|key| sorted.iter().position(|k| k == key).unwrap_or(usize::MAX))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
