//! Combining leaf metric readings per a metric definition's combine rule.
//!
//! The formulas are folio-metrics' ([`folio_metrics::aggregate()`]), applied to the
//! leaf key results beneath a node instead of to one reading per product: two
//! initiatives of one product are two readings here.

use std::cmp::Ordering;

use folio_metrics::{Combine, MetricDef, Reading, Unit};
use folio_types::{Decimal, NaiveDate};

use crate::error::{Error, Result};
use crate::explain::KpiTerm;
use crate::model::NodeId;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::node_error;

use super::MetricReading;

/// The running sums of an additive rule (`sum`, `mean`, `weighted_mean`,
/// `ratio_of_sums`) at one node.
///
/// `num` sums each leaf's numerator term (its value; value × base; its numerator),
/// `den` each leaf's denominator term (1; its base; its denominator), `abs` the
/// numerator terms' absolute values. `exact` says that every term and every partial
/// sum was exact, and that `abs` fits too: then every partial sum in any order fits, so
/// replacing one leaf's terms gives the very sum a full pass would.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Stats {
    pub(super) num: Decimal,
    pub(super) den: Decimal,
    pub(super) abs: Decimal,
    pub(super) exact: bool,
}

/// Whether the rule's value follows from [`Stats`].
pub(super) fn is_additive(combine: &Combine) -> bool {
    matches!(
        combine,
        Combine::Sum | Combine::Mean | Combine::WeightedMean { .. } | Combine::RatioOfSums { .. }
    )
}

/// 100 for a percent metric's ratio of sums, else 1.
fn unit_scale(def: &MetricDef) -> Decimal {
    if def.unit() == Unit::Percent {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    }
}

const PLAIN: &str = "a plain value ({\"value\": ...})";
const WEIGHTED: &str = "a value with its base ({\"weighted\": {\"value\": ..., \"base\": ...}})";
const FRACTION: &str =
    "a numerator and denominator ({\"fraction\": {\"numerator\": ..., \"denominator\": ...}})";

/// Checks that a leaf's reading fits its metric's rule: the shape the rule needs, and
/// no negative base or denominator.
pub(super) fn check_reading(def: &MetricDef, node: &NodeId, reading: &Reading) -> Result<()> {
    let key_result = match node {
        NodeId::KeyResult(id) => id.clone(),
        NodeId::Objective(_) => {
            return Err(Error::UnknownNode { node: node.clone() });
        }
    };
    let negative = |field: &'static str, value: Decimal| {
        if value.is_sign_negative() && !value.is_zero() {
            Err(Error::NegativeReading {
                key_result: key_result.clone(),
                field,
                value,
            })
        } else {
            Ok(())
        }
    };
    let shape = |expected: &'static str| Error::ReadingShape {
        key_result: key_result.clone(),
        metric: def.id().clone(),
        expected,
    };
    match (def.combine(), reading) {
        (Combine::WeightedMean { .. }, Reading::Weighted { base, .. }) => negative("base", *base),
        (Combine::WeightedMean { .. }, _) => Err(shape(WEIGHTED)),
        (
            Combine::RatioOfSums { .. },
            Reading::Fraction {
                denominator: den, ..
            },
        ) => negative("denominator", *den),
        (Combine::RatioOfSums { .. }, _) => Err(shape(FRACTION)),
        (_, Reading::Value(_)) => Ok(()),
        (_, _) => Err(shape(PLAIN)),
    }
}

fn overflow(plan: &Plan, node: NodeIndex, operation: &'static str) -> Error {
    node_error(plan, node, |node| Error::Overflow { node, operation })
}

/// A leaf's own value in the metric's unit; `None` for a fraction with a zero
/// denominator.
pub(super) fn own_value(
    def: &MetricDef,
    plan: &Plan,
    leaf: NodeIndex,
    reading: &Reading,
) -> Result<Option<Decimal>> {
    match *reading {
        Reading::Value(value) | Reading::Weighted { value, .. } => Ok(Some(value)),
        Reading::Fraction {
            numerator,
            denominator,
        } => {
            if denominator.is_zero() {
                return Ok(None);
            }
            numerator
                .checked_mul(unit_scale(def))
                .and_then(|n| n.checked_div(denominator))
                .map(Some)
                .ok_or_else(|| overflow(plan, leaf, "dividing a reading"))
        }
    }
}

/// A leaf's numerator and denominator terms under an additive rule, and whether the
/// numerator term is exact; `None` if it overflows.
pub(super) fn terms(def: &MetricDef, reading: &Reading) -> Option<(Decimal, Decimal, bool)> {
    match (def.combine(), *reading) {
        (Combine::WeightedMean { .. }, Reading::Weighted { value, base }) => {
            let product = value.checked_mul(base)?;
            let exact = value.scale().checked_add(base.scale()) == Some(product.scale());
            Some((product, base, exact))
        }
        (
            Combine::RatioOfSums { .. },
            Reading::Fraction {
                numerator,
                denominator,
            },
        ) => Some((numerator, denominator, true)),
        (_, Reading::Value(value)) => Some((value, Decimal::ONE, true)),
        _ => None,
    }
}

/// `a + b`, and whether it is exact: an exact sum keeps the larger scale of its
/// operands, a rounded one comes back with fewer decimal places.
pub(super) fn add(a: Decimal, b: Decimal) -> Option<(Decimal, bool)> {
    let scale = a.scale().max(b.scale());
    let sum = a.checked_add(b)?;
    Some((sum, sum.scale() == scale))
}

/// `a - b`, and whether it is exact.
pub(super) fn sub(a: Decimal, b: Decimal) -> Option<(Decimal, bool)> {
    let scale = a.scale().max(b.scale());
    let difference = a.checked_sub(b)?;
    Some((difference, difference.scale() == scale))
}

/// The [`Stats`] of an additive rule over `leaves`.
pub(super) fn stats(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    leaves: &[NodeIndex],
    inputs: &[MetricReading],
) -> Result<Stats> {
    let mut stats = Stats {
        exact: true,
        ..Stats::default()
    };
    for &leaf in leaves {
        let reading = reading_of(plan, inputs, leaf)?;
        let (num, den, exact_term) =
            terms(def, reading).ok_or_else(|| overflow(plan, node, "weighting a value"))?;
        let ((n, en), (d, ed)) = add(stats.num, num)
            .zip(add(stats.den, den))
            .ok_or_else(|| overflow(plan, node, "summing metric readings"))?;
        // The magnitudes only vouch for exactness: where they overflow, the sums are
        // not known to be exact, and the value is still the chain's.
        let (a, ea) = add(stats.abs, num.abs()).unwrap_or((stats.abs, false));
        stats = Stats {
            num: n,
            den: d,
            abs: a,
            exact: stats.exact && exact_term && en && ed && ea,
        };
    }
    Ok(stats)
}

/// The value of an additive rule from its sums. The sums are normalized first, so that
/// equal sums reached by different paths (a full pass, or one term replaced) give the
/// very same `Decimal`.
pub(super) fn finish(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    stats: &Stats,
) -> Result<Decimal> {
    let num = stats.num.normalize();
    if matches!(def.combine(), Combine::Sum) {
        return Ok(num);
    }
    let den = stats.den.normalize();
    let undefined = |what: &'static str| {
        node_error(plan, node, |node| Error::UndefinedAggregate { node, what })
    };
    let divide = |top: Decimal, operation: &'static str| {
        top.checked_div(den)
            .ok_or_else(|| overflow(plan, node, operation))
    };
    match def.combine() {
        Combine::Sum => Ok(num),
        Combine::Mean if den.is_zero() => Err(undefined("the number of key results")),
        Combine::Mean => divide(num, "averaging metric readings"),
        Combine::WeightedMean { .. } if den.is_zero() => Err(undefined("the sum of bases")),
        Combine::WeightedMean { .. } => divide(num, "computing a weighted mean"),
        Combine::RatioOfSums { .. } if den.is_zero() => Err(undefined("the sum of denominators")),
        Combine::RatioOfSums { .. } => {
            let scaled = num
                .checked_mul(unit_scale(def))
                .ok_or_else(|| overflow(plan, node, "scaling a ratio"))?;
            divide(scaled, "computing a ratio of sums")
        }
        Combine::Min | Combine::Max | Combine::Median | Combine::Last => Err(overflow(
            plan,
            node,
            "combining a non-additive rule from sums",
        )),
    }
}

pub(super) fn reading_of<'a>(
    plan: &Plan,
    inputs: &'a [MetricReading],
    leaf: NodeIndex,
) -> Result<&'a Reading> {
    inputs
        .get(leaf.get())
        .map(|input| &input.reading)
        .ok_or_else(|| Error::IndexOutOfPlan {
            index: leaf.get(),
            len: plan.leaf_count(),
        })
}

fn date_of(plan: &Plan, inputs: &[MetricReading], leaf: NodeIndex) -> Result<NaiveDate> {
    inputs
        .get(leaf.get())
        .map(|input| input.date)
        .ok_or_else(|| Error::IndexOutOfPlan {
            index: leaf.get(),
            len: plan.leaf_count(),
        })
}

/// The plain values of `leaves` (readings of the plain shape, which
/// [`check_reading`] ensured for the rules that pick a value).
fn plain_values(
    plan: &Plan,
    inputs: &[MetricReading],
    leaves: &[NodeIndex],
) -> Result<Vec<Decimal>> {
    leaves
        .iter()
        .map(|&leaf| match reading_of(plan, inputs, leaf)? {
            Reading::Value(value) => Ok(*value),
            _ => Err(overflow(plan, leaf, "reading a plain value")),
        })
        .collect()
}

/// The value of a picking rule (`min`, `max`, `median`, `last`) over `leaves`, with each
/// leaf's share: 1 for the value picked (ties: the first leaf in plan order), ½ for
/// each of two middle values, `1/k` for each of `k` leaves on the latest date.
pub(super) fn pick(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    leaves: &[NodeIndex],
    inputs: &[MetricReading],
) -> Result<(Decimal, Vec<Decimal>)> {
    let values = plain_values(plan, inputs, leaves)?;
    let mut shares = vec![Decimal::ZERO; values.len()];
    let empty = || node_error(plan, node, |node| Error::NoKeyResults { node });
    let mut set = |i: usize, share: Decimal| {
        if let Some(slot) = shares.get_mut(i) {
            *slot = share;
        }
    };
    let value = match def.combine() {
        Combine::Min | Combine::Max => {
            let want = if matches!(def.combine(), Combine::Min) {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut best: Option<(usize, Decimal)> = None;
            for (i, v) in values.iter().enumerate() {
                if best.is_none_or(|(_, b)| v.cmp(&b) == want) {
                    best = Some((i, *v));
                }
            }
            let (i, v) = best.ok_or_else(empty)?;
            set(i, Decimal::ONE);
            v
        }
        Combine::Median => {
            let mut ranked: Vec<usize> = (0..values.len()).collect();
            ranked.sort_by(|&a, &b| values.get(a).cmp(&values.get(b)).then(a.cmp(&b)));
            let upper = ranked.len() / 2;
            let middle: Vec<usize> = if ranked.len() % 2 == 1 {
                ranked.get(upper).copied().into_iter().collect()
            } else {
                ranked
                    .get(upper.saturating_sub(1)..=upper)
                    .map(<[usize]>::to_vec)
                    .unwrap_or_default()
            };
            let mut total = Decimal::ZERO;
            for &i in &middle {
                let v = values.get(i).copied().ok_or_else(empty)?;
                total = total
                    .checked_add(v)
                    .ok_or_else(|| overflow(plan, node, "summing the middle values"))?;
            }
            let share = if middle.len() == 2 {
                Decimal::new(5, 1)
            } else {
                Decimal::ONE
            };
            for &i in &middle {
                set(i, share);
            }
            match middle.len() {
                0 => return Err(empty()),
                1 => total,
                _ => total
                    .checked_div(Decimal::TWO)
                    .ok_or_else(|| overflow(plan, node, "averaging the middle values"))?,
            }
        }
        Combine::Last => {
            let mut latest: Option<(NaiveDate, usize)> = None;
            for (i, &leaf) in leaves.iter().enumerate() {
                let date = date_of(plan, inputs, leaf)?;
                if latest.is_none_or(|(d, _)| date > d) {
                    latest = Some((date, i));
                }
            }
            let (date, first) = latest.ok_or_else(empty)?;
            let value = values.get(first).copied().ok_or_else(empty)?;
            let mut on_latest = Vec::new();
            for (i, &leaf) in leaves.iter().enumerate() {
                if date_of(plan, inputs, leaf)? != date {
                    continue;
                }
                if values.get(i) != Some(&value) {
                    let key_result =
                        |index: usize| match leaves.get(index).and_then(|&l| plan.node(l)) {
                            Some(NodeId::KeyResult(id)) => Some(id.clone()),
                            _ => None,
                        };
                    if let (Some(first), Some(second)) = (key_result(first), key_result(i)) {
                        return Err(node_error(plan, node, |node| Error::AmbiguousLast {
                            node,
                            date,
                            first,
                            second,
                        }));
                    }
                }
                on_latest.push(i);
            }
            let share = Decimal::ONE
                .checked_div(Decimal::from(on_latest.len()))
                .ok_or_else(|| overflow(plan, node, "weighting the latest readings"))?;
            for i in on_latest {
                set(i, share);
            }
            value
        }
        Combine::Sum
        | Combine::Mean
        | Combine::WeightedMean { .. }
        | Combine::RatioOfSums { .. } => {
            return Err(overflow(plan, node, "picking a value of an additive rule"));
        }
    };
    Ok((value, shares))
}

/// One [`KpiTerm`] per leaf beneath `node`, for its explanation.
pub(super) fn explain_terms(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    leaves: &[NodeIndex],
    inputs: &[MetricReading],
) -> Result<(Decimal, Vec<KpiTerm>)> {
    let picked = if is_additive(def.combine()) {
        None
    } else {
        Some(pick(def, plan, node, leaves, inputs)?.1)
    };
    let mut basis = Decimal::ZERO;
    let mut raw = Vec::with_capacity(leaves.len());
    for &leaf in leaves {
        let reading = reading_of(plan, inputs, leaf)?;
        let weight = match (def.combine(), reading) {
            (Combine::WeightedMean { .. }, Reading::Weighted { base, .. }) => *base,
            (Combine::RatioOfSums { .. }, Reading::Fraction { denominator, .. }) => *denominator,
            _ => Decimal::ONE,
        };
        basis = basis
            .checked_add(weight)
            .ok_or_else(|| overflow(plan, node, "summing the weights"))?;
        raw.push((leaf, own_value(def, plan, leaf, reading)?, weight));
    }
    let terms = raw
        .into_iter()
        .enumerate()
        .map(|(i, (leaf, value, weight))| {
            let share = match (&picked, def.combine()) {
                (Some(shares), _) => shares.get(i).copied().unwrap_or(Decimal::ZERO),
                (None, Combine::Sum) => Decimal::ONE,
                (None, _) => weight
                    .checked_div(basis)
                    .ok_or_else(|| overflow(plan, node, "normalizing a weight"))?,
            };
            let contribution = match value {
                Some(v) => Some(
                    v.checked_mul(share)
                        .ok_or_else(|| overflow(plan, node, "computing a contribution"))?,
                ),
                None => None,
            };
            Ok(KpiTerm {
                child: plan
                    .node(leaf)
                    .cloned()
                    .ok_or_else(|| Error::IndexOutOfPlan {
                        index: leaf.get(),
                        len: plan.len(),
                    })?,
                value,
                weight,
                share,
                contribution,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((basis, terms))
}
