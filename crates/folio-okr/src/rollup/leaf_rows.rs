//! The weighted sweep's leaf rows in a compact form, prepared once per rollup.
//!
//! A rolled-up node whose contributors are all leaf key results (a product key result
//! over its measured key results, say) is summed by [`fixed::uniform_sum`] in its exact
//! shape: one multiply-add per edge, after checking per edge that the weight has the
//! node's scale and a mantissa below `2^64`, from a 16-byte weight read beside the
//! child's index. The weights never change in a rollup (the plan is fixed), so those
//! checks can be made once: [`LeafRows`] keeps, for each such node whose weights all
//! have one scale (the same for every node it keeps) and mantissas below `2^32`, its
//! edges as 8 bytes each, the weight's mantissa and the leaf's index, and the sweep
//! reads those instead of the plan's row ([`fixed::leaf_row_sum`]). Any other node, and
//! any node whose leaf values are not at one scale with mantissas below `2^64` at sweep
//! time, takes the plan's row as before.
//!
//! Nothing here depends on progress values or overrides: an incremental update, which
//! changes only those, leaves it valid.

use folio_types::Progress;

use crate::plan::Plan;
use crate::rollup::{TERM_SCALE, fixed};

/// One leaf edge of a kept row: the weight's mantissa (its scale is
/// [`LeafRows::scale`]) and the leaf's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LeafEdge {
    pub(super) weight: u32,
    pub(super) leaf: u32,
}

/// A kept row: its node's record (the node's index minus the leaf count) and the end
/// of its edges in [`LeafRows::edges`] (each row's edges start where the previous row's
/// end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LeafRow {
    pub(super) record: u32,
    pub(super) end: u32,
}

/// The kept leaf rows of a weighted rollup, in sweep order (see the module docs): 8
/// bytes a kept leaf edge and 8 bytes a kept row. Empty for another engine, or where no
/// row qualifies.
#[derive(Debug, Clone, Default)]
pub(super) struct LeafRows {
    pub(super) rows: Vec<LeafRow>,
    pub(super) edges: Vec<LeafEdge>,
    /// Every kept weight's scale.
    pub(super) scale: u32,
    /// How many kept rows lead: rows `0..leading` are records `0..leading`.
    pub(super) leading: usize,
    /// Whether every kept row's prepared total weight ([`fixed::Total`]) is held at the
    /// weights' scale, or at 2 places for weights with fewer ([`held_at`]): a sum of
    /// weights at one scale is, unless it is zero or too large for a prepared total.
    pub(super) totals_at_scale: bool,
    /// Whether every weight of every row whose first contributor is rolled up (the
    /// rows the sweep sums by [`fixed::sum_at_28`]) has the scale of its row's first
    /// weight and a mantissa below `2^30`, as [`fixed::ByPlaces`] with `KNOWN` takes
    /// them. A plan fact, like the rest.
    pub(super) rolled_known: bool,
}

/// What a pass over a rollup's leaf values found: every leaf has the scale `scale`
/// and a mantissa below `2^64`, and, where `narrow`, below `2^32` (each term of a kept
/// row then fits 64 bits). A rollup keeps it while its updates keep it true
/// ([`with`](Self::with)), so that its full sweeps need not pass over the leaves again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LeafScan {
    pub(super) scale: u32,
    pub(super) narrow: bool,
}

impl LeafScan {
    /// One pass over `leaves`, with one test at its end; `None` where they are not so
    /// (or there are none).
    #[inline(always)]
    pub(super) fn of(leaves: &[Progress]) -> Option<Self> {
        // The flags word and the high word side by side, XORed with the first leaf's
        // and ORed together: one test at the end (the scale's bits and the high word)
        // instead of two per leaf. The low and middle words are ORed apart.
        let word = |p: &Progress| {
            let p = p.value();
            u64::from(fixed::flags_word(p)) | (u64::from(fixed::Raw::of(p).high) << 32)
        };
        let w0 = word(leaves.first()?);
        let (differs, low) = leaves.iter().fold((0u64, 0u64), |(differs, low), p| {
            (
                differs | (word(p) ^ w0),
                low | fixed::Raw::of(p.value()).low,
            )
        });
        // The first's high word is tested too: equal high words are not zero ones.
        let high_bits = u64::from(u32::MAX) << 32;
        if (differs & (u64::from(fixed::SCALE_BITS) | high_bits)) | (w0 & high_bits) != 0 {
            return None;
        }
        Some(Self {
            scale: (fixed::flags_word(leaves.first()?.value()) & fixed::SCALE_BITS) >> 16,
            narrow: low >> 32 == 0,
        })
    }

    /// The scan of the same leaves after one of them takes the value `value`: still
    /// true where `value` has the scale and a mantissa below `2^64` (narrow while it is
    /// below `2^32` too), `None` otherwise.
    #[inline]
    pub(super) fn with(self, value: Progress) -> Option<Self> {
        let raw = fixed::Raw::of(value.value());
        (raw.scale == self.scale && raw.high == 0).then_some(Self {
            scale: self.scale,
            narrow: self.narrow && raw.low >> 32 == 0,
        })
    }
}

impl LeafRows {
    /// The kept rows of `plan`: every rolled-up node whose contributors are all leaves
    /// (at least one), whose weights all have the scale of the first such node's first
    /// weight, with mantissas below `2^32`, while the edges are numbered in `u32`.
    pub(super) fn new(plan: &Plan) -> Self {
        let mut kept = Self::default();
        let Some(rows) = plan.contributor_rows() else {
            return kept;
        };
        let leaf_count = plan.leaf_count();
        let mut scale = None;
        let qualifies = |row: &[(crate::plan::NodeIndex, folio_types::Weight)],
                         scale: &mut Option<u32>| {
            let Some(&(_, w0)) = row.first() else {
                return false;
            };
            let ws = *scale.get_or_insert(fixed::Raw::of(w0.value()).scale);
            row.iter().all(|&(child, weight)| {
                let w = fixed::Raw::of(weight.value());
                child.get() < leaf_count
                    && u32::try_from(child.get()).is_ok()
                    && w.scale == ws
                    && w.high == 0
                    && u32::try_from(w.low).is_ok()
            })
        };
        let kept_row = |row: &[(crate::plan::NodeIndex, folio_types::Weight)],
                        scale: &mut Option<u32>| {
            row.first()
                .is_some_and(|&(child, _)| child.get() < leaf_count)
                && qualifies(row, scale)
        };
        // Counted first and allocated at their size: grown by doubling (or reserved
        // for every row and shrunk) they would leave free space in the heap below the
        // rollup's other tables, which the process then keeps.
        let mut counted_scale = None;
        let (mut edges, mut kept_rows) = (0usize, 0usize);
        for (_, row) in plan.contributor_rows().into_iter().flatten() {
            if kept_row(row, &mut counted_scale) {
                edges = edges.saturating_add(row.len());
                kept_rows = kept_rows.saturating_add(1);
            }
        }
        kept.edges.reserve_exact(edges);
        kept.rows.reserve_exact(kept_rows);
        let mut totals_at_scale = true;
        let mut rolled_known = true;
        for (record, (node, row)) in rows.enumerate() {
            if row
                .first()
                .is_some_and(|&(child, _)| child.get() >= leaf_count)
            {
                let ws = row.first().map(|&(_, w0)| fixed::Raw::of(w0.value()).scale);
                rolled_known &= row.iter().all(|&(_, weight)| {
                    let w = fixed::Raw::of(weight.value());
                    Some(w.scale) == ws && w.high == 0 && w.low >> 30 == 0
                });
            }
            if !kept_row(row, &mut scale) {
                continue;
            }
            totals_at_scale &=
                fixed::Total::held_scale(plan.total_weight(node)) == scale.map(held_at);
            let (Ok(record), Ok(end)) = (
                u32::try_from(record),
                u32::try_from(kept.edges.len().saturating_add(row.len())),
            ) else {
                // The rows after this one are not looked at: none is known.
                rolled_known = false;
                break;
            };
            // Each weight and index fits a `u32` (the row qualifies).
            kept.edges
                .extend(row.iter().map(|&(child, weight)| LeafEdge {
                    weight: u32::try_from(fixed::Raw::of(weight.value()).low).unwrap_or(0),
                    leaf: u32::try_from(child.get()).unwrap_or(0),
                }));
            kept.rows.push(LeafRow { record, end });
        }
        // Held at their size.
        kept.rows.shrink_to_fit();
        kept.edges.shrink_to_fit();
        kept.scale = scale.unwrap_or(0);
        kept.totals_at_scale = totals_at_scale;
        kept.rolled_known = rolled_known;
        kept.leading = (0u32..)
            .zip(&kept.rows)
            .take_while(|&(position, row)| row.record == position)
            .count();
        kept
    }

    /// The sum of the [`fixed::product`]s `w × p` at [`TERM_SCALE`] places over the kept
    /// edges `start..end` (one row's), each `p` the leaf's value in `values`: every
    /// weight has [`scale`](Self::scale) places and a mantissa below `2^32`, so where
    /// every value has the first's scale `ps`, `scale + ps` is at most [`TERM_SCALE`]
    /// and each mantissa is below `2^64`, every term is `w × p × 10^k` exactly with one
    /// `k`, and the sum is `10^k × sum(w × p)`, as [`fixed::uniform_sum`] gives it.
    /// `None` otherwise, or if it does not fit: the caller then sums the plan's row.
    #[inline(always)]
    pub(super) fn row_sum(&self, start: usize, end: usize, values: &[Progress]) -> Option<u128> {
        let edges = self.edges.get(start..end)?;
        let first = edges.first()?;
        let f0 = fixed::flags_word(values.get(usize::try_from(first.leaf).ok()?)?.value());
        let ps = (f0 & fixed::SCALE_BITS) >> 16;
        let k = TERM_SCALE.checked_sub(self.scale)?.checked_sub(ps)?;
        let (mut flags, mut high) = (0u32, 0u32);
        let mut sum = 0u128;
        for edge in edges {
            let p = values.get(usize::try_from(edge.leaf).ok()?)?.value();
            // One test per row instead of a branch per edge: the flags words XORed
            // with the first's (another scale shows in their scale bits, tested once
            // below; the sign is not read), and the high words.
            flags |= fixed::flags_word(p) ^ f0;
            let p = fixed::Raw::of(p);
            high |= p.high;
            // Each term is below `2^32 × 2^64 = 2^96`, and a row has fewer than `2^32`
            // edges (they are numbered in `u32`): the sum is below `2^128` and cannot
            // wrap.
            sum = sum.wrapping_add(u128::from(edge.weight).wrapping_mul(u128::from(p.low)));
        }
        // Another scale, or a mantissa bit beyond 64, declines the row.
        if (flags & fixed::SCALE_BITS) | high != 0 {
            return None;
        }
        fixed::mul(sum, fixed::pow10(k)?)
    }

    /// The factor `10^k` that [`row_sum`](Self::row_sum) scales every row's sum by
    /// when every leaf value has the scale `ps` of `scan` and a mantissa below `2^64`
    /// (`k = TERM_SCALE - scale - ps`), so that a row needs neither the tests nor the
    /// factor ([`uniform_sum`](Self::uniform_sum)); `None` where there is no such `k`.
    #[inline(always)]
    pub(super) fn uniform_unit(&self, scan: LeafScan) -> Option<u128> {
        fixed::pow10(
            TERM_SCALE
                .checked_sub(self.scale)?
                .checked_sub(scan.scale)?,
        )
    }

    /// [`row_sum`](Self::row_sum) over one row's kept `edges` and leaves that
    /// [`uniform_unit`](Self::uniform_unit) answered for, before its scaling by the
    /// `unit` that answered: the raw sum `sum(w × p)`, with no test per edge. `None`
    /// where [`row_sum`](Self::row_sum) is for an empty row or a leaf out of range.
    /// `NARROW` says that every leaf's mantissa is below `2^32`, as `uniform_unit`
    /// answered: each term is then one 64-bit product (anything else gives a wrong
    /// sum, never a panic).
    #[inline(always)]
    pub(super) fn uniform_sum<const NARROW: bool>(
        edges: &[LeafEdge],
        leaves: &[Progress],
    ) -> Option<u128> {
        if edges.is_empty() {
            return None;
        }
        let mut sum = 0u128;
        for edge in edges {
            let p = fixed::Raw::of(leaves.get(usize::try_from(edge.leaf).ok()?)?.value());
            // Each term is below `2^32 × 2^64 = 2^96` and a row has fewer than `2^32`
            // edges: the sum cannot wrap. With mantissas below `2^32`, the term is
            // below `2^64`.
            let term = if NARROW {
                u128::from(u64::from(edge.weight).wrapping_mul(p.low))
            } else {
                u128::from(edge.weight).wrapping_mul(u128::from(p.low))
            };
            sum = sum.wrapping_add(term);
        }
        Some(sum)
    }

    /// For the `unit` of [`uniform_unit`](Self::uniform_unit), the factor `f = unit ×
    /// 10^(st - 2)` that takes a raw sum `sum(w × p)` to the scaled sum `m = sum ×
    /// 10^(st - 2)` that [`fixed::quotient_at_28_in_parts`] divides, where every kept
    /// row's prepared total is held at `st`, the weights' scale or 2 if that is more
    /// ([`held_at`], [`totals_at_scale`](Self::totals_at_scale)),
    /// and the largest raw sum whose `m` is at most [`fixed::MOST_SCALED`], below
    /// `2^64`: a row then needs one comparison of its raw sum instead of a scaling by
    /// its total's scale and a bound check on the product. `(0, 0)` where the totals
    /// are held at another scale, or the factor does not fit
    /// 64 bits: that takes only a raw sum of zero, whose `m` is zero, the right
    /// scaled sum over any total (a quotient of zero).
    #[inline(always)]
    pub(super) fn scaled_factor(&self, unit: u64) -> (u64, u64) {
        let scaled = || {
            if !self.totals_at_scale {
                return None;
            }
            let st = held_at(self.scale);
            let factor = fixed::mul(u128::from(unit), fixed::pow10(st.checked_sub(2)?)?)?;
            let most = fixed::MOST_SCALED.checked_div(factor)?;
            Some((
                u64::try_from(factor).ok()?,
                u64::try_from(most).unwrap_or(u64::MAX),
            ))
        };
        scaled().unwrap_or((0, 0))
    }

    /// The heap memory held, in bytes.
    pub(super) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.rows
            .capacity()
            .saturating_mul(size_of::<LeafRow>())
            .saturating_add(self.edges.capacity().saturating_mul(size_of::<LeafEdge>()))
    }
}

/// The scale at which [`fixed::Total::new`] holds a sum of weights at `ws` places (one
/// that fits): `ws`, or 2 for fewer places.
fn held_at(ws: u32) -> u32 {
    ws.max(2)
}
