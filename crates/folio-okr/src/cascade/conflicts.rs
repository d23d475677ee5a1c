//! Conflicts: two products' key results claiming one resource for overlapping periods.
//!
//! Claims are grouped by resource and sorted by period start, so each claim needs
//! comparing only with the claims that start before it ends: `O(n log n + k)` for `n`
//! claims and `k` overlapping pairs, rather than every pair.

use std::collections::BTreeMap;

use folio_types::Period;

use super::{Claimant, Conflict};
use crate::model::{KeyResultData, ResourceId};

/// Every conflict among the claims of `key_results`, sorted, without repeats.
pub(super) fn find<'a>(key_results: impl Iterator<Item = &'a KeyResultData>) -> Vec<Conflict> {
    let mut by_resource: BTreeMap<&ResourceId, Vec<Claimant>> = BTreeMap::new();
    for kr in key_results {
        for claim in &kr.resources {
            by_resource
                .entry(&claim.resource)
                .or_default()
                .push(Claimant {
                    key_result: kr.id.clone(),
                    product: kr.product.clone(),
                    period: claim.period,
                });
        }
    }
    let mut conflicts = Vec::new();
    for (resource, mut claims) in by_resource {
        claims.sort_by(|a, b| {
            (a.period.start(), &a.key_result, a.period).cmp(&(
                b.period.start(),
                &b.key_result,
                b.period,
            ))
        });
        claims.dedup();
        let mut rest = claims.as_slice();
        while let Some((a, later)) = rest.split_first() {
            // `later` starts on or after `a`, so a claim shares days with `a` exactly
            // when it starts by the day `a` ends.
            for b in later
                .iter()
                .take_while(|b| b.period.start() <= a.period.end())
            {
                if a.product == b.product {
                    continue;
                }
                if let Some(overlap) = intersection(&a.period, &b.period) {
                    let (first, second) = if a <= b { (a, b) } else { (b, a) };
                    conflicts.push(Conflict {
                        resource: resource.clone(),
                        first: first.clone(),
                        second: second.clone(),
                        overlap,
                    });
                }
            }
            rest = later;
        }
    }
    conflicts.sort();
    conflicts.dedup();
    conflicts
}

/// The days two periods share: the inner period itself when one lies inside the other
/// (so that a month inside a quarter stays "2026-05"), else the custom range from the
/// later start to the earlier end; `None` when they share no day.
pub(crate) fn intersection(a: &Period, b: &Period) -> Option<Period> {
    if !a.overlaps(b) {
        return None;
    }
    let inside = |inner: &Period, outer: &Period| {
        outer.start() <= inner.start() && inner.end() <= outer.end()
    };
    if inside(a, b) {
        Some(*a)
    } else if inside(b, a) {
        Some(*b)
    } else {
        Period::custom(a.start().max(b.start()), a.end().min(b.end())).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn intersection_table() {
        let cases = [
            ("2026-Q2", "2026-05", Some("2026-05")),
            ("2026-05", "2026-Q2", Some("2026-05")),
            ("2026-Q2", "2026-Q2", Some("2026-Q2")),
            (
                "2026-04-15/2026-05-20",
                "2026-05-01/2026-06-30",
                Some("2026-05-01/2026-05-20"),
            ),
            ("2026-05", "2026-06", None),
            (
                "2026-05-01/2026-05-31",
                "2026-05-31/2026-06-10",
                Some("2026-05-31/2026-05-31"),
            ),
        ];
        for (a, b, expected) in cases {
            assert_eq!(
                intersection(&period(a), &period(b)),
                expected.map(period),
                "{a} and {b}"
            );
        }
    }
}
