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
//! Each product `w_i × p_i` with more than 20 decimal places ([`TERM_SCALE`]) is
//! rounded to 20, half away from zero; products of inputs with up to 20 decimals between
//! them (a weight with 2 and a progress with 4, say) are exact. The rounding reaches a
//! node's value only as `n × 0.5e-20 / sum(w)` at most. The sum of those terms is exact while
//! it stays below about 7.9 × 10^8, and an incremental update then replaces one term
//! instead of summing all of them again (see [`AdditiveEngine`]). The one division
//! rounds at `rust_decimal`'s 28 significant digits. All arithmetic is checked: an
//! overflow is [`Error::Overflow`], never a panic.
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

use folio_core::{Decimal, Progress, Weight};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, Term};
use crate::model::RollupMethod;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::{AdditiveEngine, RollupEngine, TERM_SCALE, additive_sum, node_error, value_of};

/// The weighted rollup engine: `sum(w_i × p_i) / sum(w_i)`.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
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

impl AdditiveEngine for Weighted {
    /// `w × p`, rounded (half away from zero) to [`TERM_SCALE`] decimal places when it
    /// has more.
    fn term(&self, weight: Weight, value: Progress) -> Option<Decimal> {
        let mut term = weight.value().checked_mul(value.value())?;
        if term.scale() > TERM_SCALE {
            term.rescale(TERM_SCALE);
        }
        Some(term)
    }

    /// `sum / sum(w_i)`.
    fn finish(&self, plan: &Plan, node: NodeIndex, sum: Decimal) -> Result<Progress> {
        let total = Self::total(plan, node)?;
        let mean = sum
            .checked_div(total)
            .ok_or_else(|| overflow(plan, node, "dividing by the sum of weights"))?;
        Ok(Progress::new(mean)?)
    }
}

impl RollupEngine for Weighted {
    fn method(&self) -> RollupMethod {
        RollupMethod::Weighted
    }

    fn compute(&self, plan: &Plan, node: NodeIndex, values: &[Progress]) -> Result<Progress> {
        let (sum, _) = additive_sum(self, plan, node, values)?;
        self.finish(plan, node, sum)
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
                Ok(Term {
                    child: plan.node(child).cloned().ok_or(Error::IndexOutOfPlan {
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
