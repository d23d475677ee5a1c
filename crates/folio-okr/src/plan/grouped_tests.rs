//! Rows grouped by a counting sort against rows cut from a sorted list: for random
//! edge lists with repeated edges, rows past the last one and empty lists, every row
//! of [`grouped`](super::grouped) holds the items of the sorted list's row, in key
//! order.
// Test helpers unwrap like the tests do; sizes are small.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use folio_types::Weight;
use proptest::collection::vec;
use proptest::prelude::*;

use super::{NodeIndex, grouped};

/// The rows of `n` that sorting `pairs` by (row, key, weight) and cutting the list by
/// row gives; pairs of a row not below `n` left out.
fn reference(n: usize, pairs: &[(u32, u32, Weight)]) -> Vec<Vec<(NodeIndex, Weight)>> {
    let mut sorted: Vec<_> = pairs.to_vec();
    sorted.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(a.2.value().cmp(&b.2.value()))
    });
    let mut rows = vec![Vec::new(); n];
    for (row, key, weight) in sorted {
        if let Some(r) = rows.get_mut(row as usize) {
            r.push((NodeIndex::from_u32(key), weight));
        }
    }
    rows
}

proptest! {
    #[test]
    fn rows_hold_the_sorted_lists_rows(
        n in 0usize..12,
        pairs in vec((0u32..14, 0u32..12, 0u64..5), 0..60),
    ) {
        let pairs: Vec<(u32, u32, Weight)> = pairs
            .into_iter()
            .map(|(row, key, w)| (row, key, Weight::new(w.into()).unwrap()))
            .collect();
        let rows = grouped(n, &pairs, |&(row, key, weight)| {
            (NodeIndex::from_u32(row), (NodeIndex::from_u32(key), weight))
        })
        .unwrap();
        let expected = reference(n, &pairs);
        prop_assert_eq!(rows.len(), n);
        for (r, want) in expected.iter().enumerate() {
            let got = rows.row(r);
            // Keys in order; items of equal key in any order (as `sort_unstable`
            // leaves them), so compared sorted.
            prop_assert!(got.windows(2).all(|w| w[0].0 <= w[1].0));
            let mut got: Vec<_> = got.to_vec();
            got.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.value().cmp(&b.1.value())));
            prop_assert_eq!(&got, want);
        }
        // Plain indices, the form the parent rows take.
        let parents = grouped(n, &pairs, |&(row, key, _)| {
            (NodeIndex::from_u32(row), NodeIndex::from_u32(key))
        })
        .unwrap();
        for (r, want) in expected.iter().enumerate() {
            let want: Vec<NodeIndex> = want.iter().map(|&(key, _)| key).collect();
            prop_assert_eq!(parents.row(r), &want[..]);
        }
    }
}
