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
use super::measure::{MAX_SCALE, normalized, pow10};

/// The running sums of an additive rule (`sum`, `mean`, `weighted_mean`,
/// `ratio_of_sums`) at one node, as integer mantissas.
///
/// `num` sums each leaf's numerator term (its value; value × base; its numerator) and
/// `abs` the numerator terms' absolute values, both at `scale`; `den` sums each leaf's
/// denominator term (1; its base; its denominator) at `den_scale`. `exact` says that
/// every term was exact and that these are the exact sums, with `abs` and `den` below
/// `2^96` at their scales. Every partial sum in any order is then at most `abs` (the
/// denominator terms are never negative), so it fits a `Decimal` at that scale or a
/// smaller one: a chain of `Decimal` additions over the leaves gives these very numbers
/// without rounding, and replacing one leaf's terms gives the sums a full pass would.
/// Otherwise `num` and `den` are the sums a chain of `Decimal` additions over the leaves
/// gave, rounded where it had to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Stats {
    pub(super) num: i128,
    pub(super) abs: i128,
    pub(super) den: i128,
    pub(super) scale: u8,
    pub(super) den_scale: u8,
    pub(super) exact: bool,
}

/// An exact sum's `abs` and `den` stay below this: the largest `Decimal` mantissa plus one.
const LIMIT: i128 = 1 << 96;

/// `mantissa × 10^places`, if it fits an `i128`.
#[inline]
fn scaled(mantissa: i128, places: u8) -> Option<i128> {
    if places == 0 {
        return Some(mantissa);
    }
    let unit = i128::try_from(pow10(u32::from(places))?).ok()?;
    mantissa.checked_mul(unit)
}

/// Two mantissas at their scales, aligned to the larger scale.
#[inline]
fn aligned(a: i128, a_scale: u8, b: i128, b_scale: u8) -> Option<(i128, i128, u8)> {
    if a_scale == b_scale {
        Some((a, b, a_scale))
    } else if a_scale < b_scale {
        Some((scaled(a, b_scale.checked_sub(a_scale)?)?, b, b_scale))
    } else {
        Some((a, scaled(b, a_scale.checked_sub(b_scale)?)?, a_scale))
    }
}

impl Stats {
    /// The sums over no leaves: zero, exact.
    pub(super) const EMPTY: Self = Self {
        num: 0,
        abs: 0,
        den: 0,
        scale: 0,
        den_scale: 0,
        exact: true,
    };

    /// One leaf's terms as sums, exact; `None` if a scale is beyond a `Decimal`'s.
    pub(super) fn term(num: Decimal, den: Decimal) -> Option<Self> {
        let scale = u8::try_from(num.scale()).ok()?;
        let den_scale = u8::try_from(den.scale()).ok()?;
        let num = num.mantissa();
        Some(Self {
            num,
            abs: num.checked_abs()?,
            den: den.mantissa(),
            scale,
            den_scale,
            exact: true,
        })
    }

    /// The sums a chain of `Decimal` additions gave: exact if `exact` says so and the
    /// absolute sum kept the numerator's scale.
    fn from_decimals(num: Decimal, den: Decimal, abs: Decimal, exact: bool) -> Option<Self> {
        let exact = exact && abs.scale() == num.scale();
        Some(Self {
            num: num.mantissa(),
            abs: if exact { abs.mantissa() } else { 0 },
            den: den.mantissa(),
            scale: u8::try_from(num.scale()).ok()?,
            den_scale: u8::try_from(den.scale()).ok()?,
            exact,
        })
    }

    /// `self + other` (`negate`: `self − other`), exactly, at the larger scales;
    /// `None` if an aligned mantissa does not fit an `i128`. The bounds of exact sums
    /// are left to [`Stats::within`].
    #[inline]
    pub(super) fn combine(self, other: Self, negate: bool) -> Option<Self> {
        let (num, other_num, scale) = aligned(self.num, self.scale, other.num, other.scale)?;
        let (abs, other_abs, _) = aligned(self.abs, self.scale, other.abs, other.scale)?;
        let (den, other_den, den_scale) =
            aligned(self.den, self.den_scale, other.den, other.den_scale)?;
        let (num, abs, den) = if negate {
            (
                num.checked_sub(other_num)?,
                abs.checked_sub(other_abs)?,
                den.checked_sub(other_den)?,
            )
        } else {
            (
                num.checked_add(other_num)?,
                abs.checked_add(other_abs)?,
                den.checked_add(other_den)?,
            )
        };
        Some(Self {
            num,
            abs,
            den,
            scale,
            den_scale,
            exact: self.exact && other.exact,
        })
    }

    /// These sums, if they are exact and within the bounds of [`Stats`]' promise: `abs`
    /// and `den` below `2^96`, and no scale beyond a `Decimal`'s.
    #[inline]
    pub(super) fn within(self) -> Option<Self> {
        let fits = self.exact
            && (0..LIMIT).contains(&self.abs)
            && (0..LIMIT).contains(&self.den)
            && u32::from(self.scale.max(self.den_scale)) <= MAX_SCALE;
        fits.then_some(self)
    }
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
fn add(a: Decimal, b: Decimal) -> Option<(Decimal, bool)> {
    let scale = a.scale().max(b.scale());
    let sum = a.checked_add(b)?;
    Some((sum, sum.scale() == scale))
}

/// The [`Stats`] of an additive rule over `leaves`: a chain of `Decimal` additions in
/// the leaves' order, as the rule's definition reads.
pub(super) fn stats(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    leaves: &[NodeIndex],
    inputs: &[MetricReading],
) -> Result<Stats> {
    let (mut num, mut den, mut abs, mut exact) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, true);
    for &leaf in leaves {
        let reading = reading_of(plan, inputs, leaf)?;
        let (n, d, exact_term) =
            terms(def, reading).ok_or_else(|| overflow(plan, node, "weighting a value"))?;
        let ((n_sum, en), (d_sum, ed)) = add(num, n)
            .zip(add(den, d))
            .ok_or_else(|| overflow(plan, node, "summing metric readings"))?;
        // The magnitudes only vouch for exactness: where they overflow, the sums are
        // not known to be exact, and the value is still the chain's.
        let (a_sum, ea) = add(abs, n.abs()).unwrap_or((abs, false));
        (num, den, abs) = (n_sum, d_sum, a_sum);
        exact = exact && exact_term && en && ed && ea;
    }
    Stats::from_decimals(num, den, abs, exact)
        .ok_or_else(|| overflow(plan, node, "summing metric readings"))
}

/// The value of an additive rule from its sums. The sums are normalized first, so that
/// equal sums reached by different paths (a full pass, composed from contributors, or
/// one term replaced) give the very same `Decimal`.
pub(super) fn finish(
    def: &MetricDef,
    plan: &Plan,
    node: NodeIndex,
    stats: &Stats,
) -> Result<Decimal> {
    let num = normalized(stats.num, u32::from(stats.scale))
        .ok_or_else(|| overflow(plan, node, "summing metric readings"))?;
    if matches!(def.combine(), Combine::Sum) {
        return Ok(num);
    }
    let den = normalized(stats.den, u32::from(stats.den_scale))
        .ok_or_else(|| overflow(plan, node, "summing metric readings"))?;
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
