//! The weighted rollup.
//!
//! A rolled-up node's progress is the weighted mean of its contributors' reported
//! progress:
//!
//! ```text
//! progress = sum(w_i × p_i) / sum(w_i)
//! ```
//!
//! Weights need not sum to 1; the explanation reports each normalized share
//! `w_i / sum(w_j)`. A weight of zero shows the contributor without counting it; weights
//! that are all zero leave no mean and are an error ([`Error::ZeroTotalWeight`], also
//! caught by validation). Over-achievement (progress above 1) is kept, not clamped: a
//! contributor at 1.5 lifts its parent.
//!
//! # Rounding
//!
//! Each product `w_i × p_i` is taken at 20 decimal places ([`TERM_SCALE`]), rounded
//! half away from zero when it has more; products of inputs with up to 20 decimals
//! between them (a weight with 2 and a progress with 4, say) are exact. Terms and their
//! sum are fixed-point integers (units of `10^-20` in a `u128`), so the sum is exact in
//! any order. The one division, `sum / sum(w_i)`, is exact when the quotient has at
//! most 28 decimal places and otherwise rounds half to even at the most decimal places
//! (at most 28) a `Decimal` holds, exactly as `Decimal` division rounds; trailing zeros
//! are dropped. The term rounding reaches a node's value only as `n × 0.5e-20 / sum(w)`
//! at most.
//!
//! A node whose terms or sum exceed the fixed-point range (a weighted sum above about
//! 3.4 × 10^18) is computed in `Decimal` instead: terms rounded to 20 places, checked
//! sums, and the division at 28 significant digits; an overflow there is
//! [`Error::Overflow`], never a panic. Such a node is recomputed in full on an
//! incremental update; every other node replaces one term per changed contributor (see
//! [`AdditiveEngine`]).
//!
//! Worked example: contributors at 0.4 (weight 1) and 0.8 (weight 3) give
//! `(1 × 0.4 + 3 × 0.8) / 4 = 2.8 / 4 = 0.7`, with shares 0.25 and 0.75 and
//! contributions 0.1 and 0.6.
//!
//! # A key result under several parents
//!
//! Each edge carries its own weight, and each parent computes its own weighted mean, so
//! a key result contributing to two parents counts once in each. Above them, every
//! node's value is a convex combination of its leaves: the shares along all paths from a
//! leaf multiply, and summed over all leaves they are exactly 1. A key result that
//! reaches a portfolio objective through two product objectives therefore gets the sum
//! of its two path shares, never more weight than the edges give it: the total is not
//! inflated, and the explanations of the two parents show each path.

use folio_types::{Decimal, Progress, Weight};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, RollupTerm};
use crate::model::RollupMethod;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::{
    AdditiveEngine, RollupEngine, TERM_SCALE, additive_sum, fixed, node_error, value_of,
};

/// The weighted rollup engine: `sum(w_i × p_i) / sum(w_i)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Weighted;

impl Weighted {
    fn total(plan: &Plan, node: NodeIndex) -> Result<Decimal> {
        let total = plan.total_weight(node);
        if total.is_zero() {
            return Err(node_error(plan, node, |node| Error::ZeroTotalWeight {
                node,
            }));
        }
        Ok(total)
    }
}

fn overflow(plan: &Plan, node: NodeIndex, operation: &'static str) -> Error {
    node_error(plan, node, |node| Error::Overflow { node, operation })
}

impl Weighted {
    /// The weighted mean in `Decimal` arithmetic, for a node outside the fixed-point
    /// range: terms rounded to [`TERM_SCALE`] places, checked sums, one division.
    pub(super) fn decimal_mean(
        plan: &Plan,
        node: NodeIndex,
        values: &[Progress],
    ) -> Result<Progress> {
        let total = Self::total(plan, node)?;
        let mut sum = Decimal::ZERO;
        for &(child, weight) in plan.contributors(node) {
            let value = value_of(values, child)?;
            let mut term = weight
                .value()
                .checked_mul(value.value())
                .ok_or_else(|| overflow(plan, node, "multiplying a weight by a value"))?;
            if term.scale() > TERM_SCALE {
                term.rescale(TERM_SCALE);
            }
            sum = sum
                .checked_add(term)
                .ok_or_else(|| overflow(plan, node, "summing weight × value"))?;
        }
        let mean = sum
            .checked_div(total)
            .ok_or_else(|| overflow(plan, node, "dividing by the sum of weights"))?;
        // Without trailing zeros, as the fixed-point quotient gives every other node.
        Ok(Progress::new(mean.normalize())?)
    }
}

impl Weighted {
    /// [`AdditiveEngine::finish`] with the node's total weight prepared once for
    /// division, when it could be ([`fixed::Total`]): the same digits.
    #[inline(always)]
    pub(super) fn finish_with(
        plan: &Plan,
        node: NodeIndex,
        sum: u128,
        total: Option<&fixed::Total>,
    ) -> Result<Option<Progress>> {
        match total {
            Some(total) => match fixed::quotient_by(sum, TERM_SCALE, total) {
                Some(mean) => Ok(Some(Progress::new(mean)?)),
                None => Ok(None),
            },
            None => Weighted.finish(plan, node, sum),
        }
    }
}

impl AdditiveEngine for Weighted {
    /// `w × p` at [`TERM_SCALE`] decimal places, rounded half away from zero when it
    /// has more.
    fn term(&self, weight: Weight, value: Progress) -> Option<u128> {
        fixed::product(weight.value(), value.value(), TERM_SCALE)
    }

    /// `sum / sum(w_i)`.
    fn finish(&self, plan: &Plan, node: NodeIndex, sum: u128) -> Result<Option<Progress>> {
        let total = Self::total(plan, node)?;
        match fixed::quotient(sum, TERM_SCALE, total) {
            Some(mean) => Ok(Some(Progress::new(mean)?)),
            None => Ok(None),
        }
    }
}

impl RollupEngine for Weighted {
    fn method(&self) -> RollupMethod {
        RollupMethod::Weighted
    }

    fn compute(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Progress> {
        if let Some(sum) = additive_sum(self, plan, node, values)? {
            if let Some(mean) = self.finish(plan, node, sum)? {
                return Ok(mean);
            }
        }
        Self::decimal_mean(plan, node, values)
    }

    fn additive(&self) -> Option<&dyn AdditiveEngine> {
        Some(self)
    }

    fn explain(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Breakdown> {
        let total = Self::total(plan, node)?;
        let terms = plan
            .contributors(node)
            .iter()
            .map(|&(child, weight)| {
                let value = value_of(values, child)?;
                let share = weight
                    .value()
                    .checked_div(total)
                    .ok_or_else(|| overflow(plan, node, "normalizing a weight"))?;
                let contribution = weight
                    .value()
                    .checked_mul(value.value())
                    .and_then(|t| t.checked_div(total))
                    .ok_or_else(|| overflow(plan, node, "computing a contribution"))?;
                Ok(RollupTerm {
                    child: plan
                        .node(child)
                        .cloned()
                        .ok_or_else(|| Error::IndexOutOfPlan {
                            index: child.get(),
                            len: plan.len(),
                        })?,
                    weight: weight.value(),
                    share,
                    value,
                    contribution,
                    hit: None,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Breakdown {
            basis: total,
            terms,
            counts: None,
            kpi: None,
        })
    }
}
