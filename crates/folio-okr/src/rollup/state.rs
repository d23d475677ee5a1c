//! The rolled-up state of a portfolio and its full sweep.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use folio_types::{KeyResultId, Progress, Weight};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, Explanation, NodeValue};
use crate::inputs::ProgressInputs;
use crate::model::NodeId;
use crate::plan::{NodeIndex, Plan};
use crate::rollup::leaf_rows::{LeafRows, LeafScan};
use crate::rollup::overrides::Overrides;
use crate::rollup::{
    Engine, Fast, RollupEngine, SayDo, TERM_SCALE, Weighted, additive_sum, fixed, node_error,
    value_of,
};

/// The sum held for a node off the fixed-point path. A sum that large is treated as
/// one that does not fit.
pub(super) const NOT_FIXED: u128 = u128::MAX;

/// A rolled-up node's fixed-point sum of terms ([`NOT_FIXED`] for a node off the
/// fixed-point path, computed otherwise and always in full), for the weighted engine
/// its total weight prepared for division, none where it cannot be (a zero total, or a
/// mantissa of `2^64` or more): the divisor's reciprocal is found once per rollup
/// instead of once per sweep and node; and its reported value at 28 places
/// ([`fixed::at_28`], split at its tenth place: [`fixed::split_at_28`]) as the last
/// full sweep left it, which that sweep's parents read
/// for their terms (nothing else reads it: an incremental update leaves it behind, and
/// the next sweep writes it again for every node before any parent reads it). 48
/// bytes, one read per node: the sum and the value are held as two `u64` words each,
/// so that the record needs no 16-byte alignment, and the prepared total's shift and
/// scale (below 64 and 29) ride in the value's low word above its 34 bits (it is below
/// `10^10`), so that the record is not padded to 56 bytes: the rollup holds one per
/// rolled-up node for as long as it lives.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeSum {
    sum: [u64; 2],
    /// The prepared total's normalized divisor, 0 for none.
    normalized: u64,
    /// Its reciprocal.
    reciprocal: u64,
    /// The value at 28 places split, `[high, low]`, with the total's shift and scale
    /// in bits [`TOTAL_TAG`] and up of the low word.
    at_28: [u64; 2],
}

/// Where the prepared total's shift (8 bits) and scale (8 bits) start in the low word
/// of a [`NodeSum`]'s value at 28 places, whose own bits are below `10^10 < 2^34`.
const TOTAL_TAG: u32 = 48;

/// The bits of that low word that hold the value.
const VALUE_BITS: u64 = (1 << TOTAL_TAG) - 1;

impl NodeSum {
    /// The record of a node not yet swept (no sum, no value at 28 places) with `total`.
    pub(super) fn new(total: Option<fixed::Total>) -> Self {
        let (normalized, reciprocal, tag) = match total.map(|t| t.prepared_parts()) {
            Some((normalized, reciprocal, shift, scale)) => (
                normalized.get(),
                reciprocal,
                u64::from(shift) | (u64::from(scale) << 8),
            ),
            None => (0, 0, 0),
        };
        let [high, low] = fixed::split_at_28(fixed::NOT_AT_28);
        Self {
            sum: split(NOT_FIXED),
            normalized,
            reciprocal,
            at_28: [high, low | (tag << TOTAL_TAG)],
        }
    }

    /// The sum.
    #[inline(always)]
    pub(super) fn get(&self) -> u128 {
        (u128::from(self.sum[1]) << 64) | u128::from(self.sum[0])
    }

    /// Sets the sum.
    #[inline(always)]
    pub(super) fn set(&mut self, sum: u128) {
        self.sum = split(sum);
    }

    /// The prepared total weight, if there is one.
    #[inline(always)]
    pub(super) fn total(&self) -> Option<fixed::Total> {
        let normalized = std::num::NonZeroU64::new(self.normalized)?;
        let tag = self.at_28[1] >> TOTAL_TAG;
        Some(fixed::Total::from_parts_prepared(
            normalized,
            self.reciprocal,
            u32::try_from(tag & 0xff).unwrap_or(0),
            u32::try_from(tag >> 8).unwrap_or(0),
        ))
    }

    /// The reported value at 28 places, as the last full sweep left it.
    #[inline(always)]
    pub(super) fn at_28(&self) -> u128 {
        fixed::join_at_28(self.split_28())
    }

    /// [`at_28`](Self::at_28) split at its tenth place ([`fixed::split_at_28`]).
    #[inline(always)]
    pub(super) fn split_28(&self) -> [u64; 2] {
        [self.at_28[0], self.at_28[1] & VALUE_BITS]
    }

    /// Sets the value at 28 places from its split ([`fixed::split_at_28`], whose low
    /// word is below `10^10`), keeping the total's shift and scale.
    #[inline(always)]
    pub(super) fn set_split_28(&mut self, [high, low]: [u64; 2]) {
        self.at_28 = [high, (low & VALUE_BITS) | (self.at_28[1] & !VALUE_BITS)];
    }
}

/// The end of a node of the weighted sweep: the quotient of `sum` by `record`'s
/// prepared total, stored as `node`'s reported value and, with the sum and the value
/// at 28 places, in its record; `None` (nothing stored) where the quotient at 28
/// places does not answer.
#[inline(always)]
fn finish_node(
    reported: &mut [Progress],
    sums: &mut [NodeSum],
    record: usize,
    node: NodeIndex,
    sum: u128,
) -> Option<()> {
    let total = sums.get(record)?.total()?;
    let (mean, at_28) = fixed::quotient_at_28(sum, &total)?;
    store_record(
        reported.get_mut(node.get())?,
        sums.get_mut(record)?,
        sum,
        mean,
        at_28,
    )
}

/// A kept row's sum at 20 places (its raw sum `raw` times `unit`) and its
/// [`fixed::quotient_at_28`] by `slot`'s prepared total. Not inlined: the loop of
/// [`Rollup::sweep_uniform_leaf_rows`] calls it only for the rows its own route does
/// not take (large raw sums, a total at another scale, a quotient of 64 bits or more
/// before its last ten places), and inlined it would take that loop's registers.
#[inline(never)]
fn leaf_row_quotient(
    raw: u128,
    unit: u64,
    slot: &NodeSum,
) -> Option<(u128, (folio_types::Decimal, [u64; 2]))> {
    let sum = fixed::mul(raw, u128::from(unit))?;
    Some((sum, fixed::quotient_at_28(sum, &slot.total()?)?))
}

/// [`fixed::sum_at_28`] of a row of rolled-up children whose first weight has `ws`
/// places, other than 2 (which the sweep inlines): by [`fixed::ByPlaces`] at 0 to 4
/// places (without per-pair weight tests where the plan's rows are `known` to need
/// none), by the power of ten's [`fixed::Divisor`] past them. Not inlined, so that each
/// scale's loop is compiled whole in one place and the sweep's stays small.
#[inline(never)]
fn sum_rolled_at<I>(pairs: I, ws: u32, known: bool) -> Option<u128>
where
    I: Iterator<Item = Option<(Weight, [u64; 2])>>,
{
    match (ws, known) {
        (0, true) => fixed::sum_at_28(pairs, 0, fixed::ByPlaces::<0, true>),
        (1, true) => fixed::sum_at_28(pairs, 1, fixed::ByPlaces::<1, true>),
        (3, true) => fixed::sum_at_28(pairs, 3, fixed::ByPlaces::<3, true>),
        (4, true) => fixed::sum_at_28(pairs, 4, fixed::ByPlaces::<4, true>),
        (0, false) => fixed::sum_at_28(pairs, 0, fixed::ByPlaces::<0, false>),
        (1, false) => fixed::sum_at_28(pairs, 1, fixed::ByPlaces::<1, false>),
        (3, false) => fixed::sum_at_28(pairs, 3, fixed::ByPlaces::<3, false>),
        (4, false) => fixed::sum_at_28(pairs, 4, fixed::ByPlaces::<4, false>),
        _ => fixed::unit_at_28(ws).and_then(|unit| fixed::sum_at_28(pairs, ws, unit)),
    }
}

/// How [`Rollup::sweep_uniform_leaf_rows`] finishes a kept row from its raw sum
/// `sum(w × p)`: the scaling `unit` of [`LeafRows::uniform_unit`], and the factor and
/// bound of [`LeafRows::scaled_factor`].
#[derive(Clone, Copy)]
struct KeptRoute {
    unit: u64,
    factor: u64,
    most: u64,
}

impl KeptRoute {
    fn new(leaf_rows: &LeafRows, unit: u64) -> Self {
        let (factor, most) = leaf_rows.scaled_factor(unit);
        Self { unit, factor, most }
    }

    /// Finishes the row whose raw sum is `raw` into `reported` and its record `slot`,
    /// as [`finish_node`] finishes its sum `raw × unit`; `None` (nothing stored) where
    /// that does not answer. A raw sum up to the bound is scaled by two 64-bit
    /// products (the sum at 20 places and the scaled sum `m`) and its quotient is the
    /// two steps of [`fixed::quotient_at_28_in_parts`]; anything else (a larger sum, a
    /// quotient that route declines) is taken by a call.
    #[inline(always)]
    fn finish(self, raw: u128, reported: &mut Progress, slot: &mut NodeSum) -> Option<()> {
        let total = slot.total()?;
        let mut fast = None;
        if let Some(raw) = u64::try_from(raw).ok().filter(|&raw| raw <= self.most) {
            // All factors are below 2^64: the products cannot wrap.
            let m = u128::from(raw).wrapping_mul(u128::from(self.factor));
            if let Some(parts) = fixed::quotient_at_28_in_parts(m, &total.divisor()) {
                let sum = u128::from(raw).wrapping_mul(u128::from(self.unit));
                fast = Some((sum, parts));
            }
        }
        let (sum, (mean, at_28)) = match fast {
            Some(fast) => fast,
            None => leaf_row_quotient(raw, self.unit, slot)?,
        };
        store_record(reported, slot, sum, mean, at_28)
    }
}

/// Stores a node's quotient `mean` (and `at_28`, its value at 28 places split) of
/// `sum` as [`finish_node`] does.
#[inline(always)]
fn store_record(
    reported: &mut Progress,
    slot: &mut NodeSum,
    sum: u128,
    mean: folio_types::Decimal,
    at_28: [u64; 2],
) -> Option<()> {
    *reported = Progress::new(mean).ok()?;
    slot.set(sum);
    slot.set_split_28(at_28);
    Some(())
}

/// A `u128` as its low and high halves.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn split(value: u128) -> [u64; 2] {
    // Truncation is the point: the low half, then the high half.
    [value as u64, (value >> 64) as u64]
}

/// The rolled-up state of a portfolio: every node's computed and reported value.
///
/// Build it with [`OkrGraph::rollup`](crate::OkrGraph::rollup) or
/// [`OkrGraph::rollup_with`](crate::OkrGraph::rollup_with); change leaf progress with
/// [`update`](Rollup::update) and overrides with [`set_override`](Rollup::set_override),
/// which recompute only the ancestors of what changed. The result always equals a full
/// recompute with the same inputs.
///
/// The engine parameter defaults to [`Engine`], the one a policy names, so `Rollup`
/// alone is the type [`OkrGraph::rollup`](crate::OkrGraph::rollup) returns:
///
/// ```
/// use folio_okr::{NodeId, OkrGraph, PortfolioData, ProgressInputs, Rollup};
/// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
///
/// /// A user's struct holding a portfolio's live rollup.
/// struct Dashboard {
///     rollup: Rollup,
/// }
///
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [{ "id": "o", "name": "o", "tier": "portfolio", "drivers": "key_results" }],
///   "key_results": [{ "id": "k", "name": "k", "tier": "product", "owner": "a",
///                     "product": "p", "contributes_to": [{ "to": { "objective": "o" } }] }]
/// }"#)?)?;
/// let k = KeyResultId::new("k")?;
/// let mut dashboard = Dashboard {
///     rollup: graph.rollup(&ProgressInputs::new([(k.clone(), Progress::ZERO)]))?,
/// };
/// dashboard.rollup.update(&k, Progress::new(Decimal::new(5, 1))?)?;
/// let o = NodeId::from(ObjectiveId::new("o")?);
/// assert_eq!(dashboard.rollup.value(&o).map(|v| v.reported.value()), Some(Decimal::new(5, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Rollup<E = Engine> {
    pub(super) plan: Arc<Plan>,
    pub(super) engine: E,
    /// Every node's computed value, once a node may report another value (an override
    /// under [`OverridePolicy::Report`](crate::OverridePolicy::Report)); empty while
    /// every node reports what it computes, as `reported` then holds (see
    /// [`keep_computed`](Self::keep_computed)).
    pub(super) computed: Vec<Progress>,
    pub(super) reported: Vec<Progress>,
    /// For an additive engine, per rolled-up node (by index minus the leaf count), its
    /// fixed-point sum of terms and its prepared total weight, side by side so that an
    /// incremental update reads one place per ancestor (see [`NodeSum`]).
    pub(super) sums: Vec<NodeSum>,
    /// For the weighted engine, the leaf rows its full sweep reads in compact form
    /// (see [`LeafRows`]): derived from the plan alone, so never stale.
    pub(super) leaf_rows: LeafRows,
    /// What the weighted sweep's pass over the leaf values found ([`LeafScan`]), kept
    /// while updates keep it true: `None` until a sweep passes over them, and again
    /// after any leaf value is written otherwise than by an update that checks the
    /// new value against it. Every writer of a leaf value sees to that (the
    /// constructor, [`store`](Self::store), `put_leaf`).
    pub(super) leaf_scan: Option<LeafScan>,
    /// Overrides by node index, at most one per node.
    pub(super) overrides: Overrides,
    /// Reused by incremental updates, so that an update allocates nothing once warm:
    /// the nodes to recompute (engines without term updates), and the weighted engine's
    /// queue of nodes whose sums changed, lowest index first, each with whether it must
    /// be recomputed in full.
    pub(super) scratch: Vec<NodeIndex>,
    pub(super) pending: BinaryHeap<Reverse<(NodeIndex, bool)>>,
}

impl<E: RollupEngine> Rollup<E> {
    /// Rolls `plan` up with `engine` from `inputs`.
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`] if the engine is not of the portfolio's method;
    /// [`Error::UnknownNode`] for progress or an override naming an unknown node;
    /// [`Error::NotALeaf`] for progress given to a rolled-up key result;
    /// [`Error::MissingProgress`] listing every leaf without progress;
    /// [`Error::OverrideOfInput`] for an override of a leaf;
    /// [`Error::DuplicateOverride`]; and any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use std::sync::Arc;
    /// use folio_okr::{NodeId, ProgressInputs, Rollup, Weighted};
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// let plan = Arc::new(graph.plan().clone());
    /// let inputs = ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(2, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(6, 1))?),
    /// ]);
    /// let rollup = Rollup::new(plan, Weighted, &inputs)?;
    /// // (3 x 0.2 + 1 x 0.6) / 4 = 0.3
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(3, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(plan: Arc<Plan>, engine: E, inputs: &ProgressInputs) -> Result<Self> {
        check_method(&plan, &engine)?;
        let mut leaves: Vec<Option<Progress>> = vec![None; plan.leaf_count()];
        for (id, &progress) in &inputs.progress {
            let index = plan
                .key_result_index(id)
                .ok_or_else(|| Error::UnknownNode {
                    node: NodeId::KeyResult(id.clone()),
                })?;
            match leaves.get_mut(index.get()) {
                Some(slot) => *slot = Some(progress),
                None => {
                    return Err(Error::NotALeaf {
                        key_result: id.clone(),
                    });
                }
            }
        }
        let mut missing: Vec<KeyResultId> = plan
            .indices()
            .zip(&leaves)
            .filter(|(_, p)| p.is_none())
            .filter_map(|(i, _)| match plan.node(i) {
                Some(NodeId::KeyResult(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            missing.sort();
            return Err(Error::MissingProgress {
                key_results: missing,
            });
        }
        let leaves: Vec<Progress> = leaves.into_iter().flatten().collect();

        let overrides = Overrides::resolve(&plan, &inputs.overrides)?;
        Self::from_parts(plan, engine, leaves, overrides)
    }

    /// Rolls `plan` up from dense leaf progress: `leaves[i]` is the progress of node `i`
    /// for `i < plan.leaf_count()`. The fast path for callers that already hold the
    /// plan's order (benchmarks, a check-in store).
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`]; [`Error::IndexOutOfPlan`] if `leaves` does not have
    /// one value per leaf; any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use std::sync::Arc;
    /// use folio_okr::{Rollup, Weighted};
    /// use folio_types::{Decimal, Progress};
    ///
    /// // Every leaf at 0.5: the objective is at 0.5 whatever the weights.
    /// let leaves = vec![Progress::new(Decimal::new(5, 1))?; graph.plan().leaf_count()];
    /// let rollup = Rollup::from_leaves(Arc::new(graph.plan().clone()), Weighted, leaves)?;
    /// assert_eq!(rollup.reported_values().last().map(|p| p.value()), Some(Decimal::new(5, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_leaves(plan: Arc<Plan>, engine: E, leaves: Vec<Progress>) -> Result<Self> {
        check_method(&plan, &engine)?;
        if leaves.len() != plan.leaf_count() {
            return Err(Error::IndexOutOfPlan {
                index: leaves.len(),
                len: plan.leaf_count(),
            });
        }
        Self::from_parts(plan, engine, leaves, Overrides::default())
    }

    fn from_parts(
        plan: Arc<Plan>,
        engine: E,
        mut leaves: Vec<Progress>,
        overrides: Overrides,
    ) -> Result<Self> {
        // Rolled-up nodes start at zero; the sweep overwrites every one of them. The
        // vector is sized once, so that it holds no spare capacity.
        leaves.reserve_exact(plan.len().saturating_sub(leaves.len()));
        leaves.resize(plan.len(), Progress::ZERO);
        let sums = if engine.additive().is_some() {
            let weighted = matches!(engine.fast(), Fast::Weighted);
            let mut sums = Vec::with_capacity(plan.len().saturating_sub(plan.leaf_count()));
            sums.extend(plan.rolled_up().map(|node| {
                NodeSum::new(if weighted {
                    fixed::Total::new(plan.total_weight(node))
                } else {
                    None
                })
            }));
            sums
        } else {
            Vec::new()
        };
        let leaf_rows = if matches!(engine.fast(), Fast::Weighted) {
            LeafRows::new(&plan)
        } else {
            LeafRows::default()
        };
        let mut rollup = Self {
            computed: Vec::new(),
            reported: leaves,
            sums,
            leaf_rows,
            leaf_scan: None,
            plan,
            engine,
            overrides,
            scratch: Vec::new(),
            pending: BinaryHeap::new(),
        };
        rollup.keep_computed();
        rollup.recompute_all()?;
        Ok(rollup)
    }

    /// Starts keeping the computed values apart from the reported ones if an override
    /// may now be reported: the two are equal everywhere until then (every value
    /// stored so far was reported as computed), so the reported values are the
    /// computed ones. Called whenever overrides are set, before any value is stored.
    pub(super) fn keep_computed(&mut self) {
        if self.computed.is_empty()
            && self.plan.policy().overrides == crate::model::OverridePolicy::Report
            && !self.overrides.is_empty()
        {
            let mut computed = Vec::with_capacity(self.reported.len());
            computed.extend_from_slice(&self.reported);
            self.computed = computed;
        }
    }

    /// Recomputes every rolled-up node from the current leaf values and overrides: a
    /// full sweep in topological order, allocating nothing.
    ///
    /// # Errors
    ///
    /// Any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let mut rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// rollup.recompute_all()?;
    /// // Nothing changed: grow is still (3 x 0.8 + 1 x 0.4) / 4.
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recompute_all(&mut self) -> Result<()> {
        let plan = Arc::clone(&self.plan);
        // The engine is asked once which loop to run, so that the sweep itself makes no
        // dynamic call per node or per edge.
        match self.engine.fast() {
            Fast::Weighted => self.sweep_weighted(&plan)?,
            Fast::SayDo(threshold) => self.sweep_say_do(&plan, threshold)?,
            Fast::None => {
                for node in plan.rolled_up() {
                    self.recompute(node)?;
                }
            }
        }
        Ok(())
    }

    /// [`recompute_all`](Self::recompute_all) for the weighted engine. The plan numbers
    /// each node's contributors next to each other, in the order this loop reaches them
    /// (its sweep order), so the loop reads values and records front to back. While
    /// every node reports what it computes, each node is taken by
    /// [`sweep_node`](Self::sweep_node), which reads a rolled-up child's value at 28
    /// places from the child's record; anything it does not take (and every node
    /// otherwise) goes through [`recompute_weighted`](Self::recompute_weighted). Either
    /// way the same sum, quotient and fallback, so the same value to the last digit, and
    /// every node's record is left holding its reported value at 28 places before its
    /// parents are reached.
    #[inline(always)]
    fn sweep_weighted(&mut self, plan: &Plan) -> Result<()> {
        let leaf_count = plan.leaf_count();
        let plain = self.overrides.is_empty() && self.computed.is_empty();
        let records = plan.len().saturating_sub(leaf_count);
        if !plain || self.sums.len() != records || plan.contributor_rows().is_none() {
            for node in plan.rolled_up() {
                self.recompute_weighted(plan, node)?;
                self.keep_at_28(plan, node);
            }
            return Ok(());
        }
        // The kept leaf rows first: their values depend on the leaves alone. Those
        // done are not swept again: the leading ones (records `0..prefix`, each the
        // record of its own position) are not visited at all, the others are skipped;
        // from the first kept row not done, the loop takes them.
        let (done, prefix) = self.sweep_leaf_rows(leaf_count);
        let kept = self.leaf_rows.rows.get(..done).unwrap_or_default();
        let (mut skip, mut next) = (prefix, done);
        // Where the next kept row's edges start.
        let mut start = match done.checked_sub(1).and_then(|last| kept.get(last)) {
            Some(row) => usize::try_from(row.end).unwrap_or(usize::MAX),
            None => 0,
        };
        let Some(rows) = plan.contributor_rows_from(prefix) else {
            return Ok(());
        };
        for (record, (node, row)) in (prefix..).zip(rows) {
            if skip < done
                && self
                    .leaf_rows
                    .rows
                    .get(skip)
                    .is_some_and(|kept| usize::try_from(kept.record).ok() == Some(record))
            {
                skip = skip.wrapping_add(1);
                continue;
            }
            let kept = match self.leaf_rows.rows.get(next) {
                Some(kept) if usize::try_from(kept.record).ok() == Some(record) => {
                    let end = usize::try_from(kept.end).unwrap_or(usize::MAX);
                    let sum = self.leaf_rows.row_sum(start, end, &self.reported);
                    next = next.wrapping_add(1);
                    start = end;
                    sum
                }
                _ => None,
            };
            if self
                .sweep_node(leaf_count, record, node, row, kept)
                .is_none()
            {
                self.recompute_weighted(plan, node)?;
                self.keep_at_28(plan, node);
            }
        }
        Ok(())
    }

    /// The first part of [`sweep_weighted`](Self::sweep_weighted), while every node
    /// reports what it computes: each kept leaf row ([`LeafRows`]) in order, summed by
    /// [`LeafRows::row_sum`] and finished as [`sweep_node`](Self::sweep_node) finishes
    /// it, until the first that either declines (nothing stored for it). A leaf row
    /// reads only leaves, which the sweep does not change, so these nodes can come
    /// before all others. Returns how many were stored, a prefix of the kept rows, and
    /// how many of those lead the records (the first `n` stored rows are records
    /// `0..n`).
    #[inline(always)]
    fn sweep_leaf_rows(&mut self, leaf_count: usize) -> (usize, usize) {
        // The pass over the leaves only where no update has kept its answer.
        let scan = match self.leaf_scan {
            Some(scan) => Some(scan),
            None => {
                let (leaves, _) = self
                    .reported
                    .split_at_checked(leaf_count)
                    .unwrap_or_default();
                self.leaf_scan = LeafScan::of(leaves);
                self.leaf_scan
            }
        };
        let uniform = scan.and_then(|scan| {
            // A scaling factor of `10^20` (weights and values at 0 places) leaves the
            // rows to the loop below.
            let unit = u64::try_from(self.leaf_rows.uniform_unit(scan)?).ok()?;
            Some((unit, scan.narrow))
        });
        let done = match uniform {
            Some((unit, true)) => self.sweep_uniform_leaf_rows::<true>(leaf_count, unit),
            Some((unit, false)) => self.sweep_uniform_leaf_rows::<false>(leaf_count, unit),
            None => None,
        };
        if let Some(done) = done {
            return done;
        }
        let Self {
            reported,
            sums,
            leaf_rows,
            ..
        } = self;
        let mut start = 0usize;
        // Records `0..leading` are the first rows stored: a row's record is never below
        // its position (records increase), so once one is above, none is equal again.
        let mut leading = 0usize;
        for (done, kept) in leaf_rows.rows.iter().enumerate() {
            let (Ok(record), Ok(end)) = (usize::try_from(kept.record), usize::try_from(kept.end))
            else {
                return (done, leading);
            };
            let stored = leaf_rows.row_sum(start, end, reported).and_then(|sum| {
                let node =
                    NodeIndex::from_u32(u32::try_from(record.checked_add(leaf_count)?).ok()?);
                finish_node(reported, sums, record, node, sum)
            });
            if stored.is_none() {
                return (done, leading);
            }
            // At most `done + 1`: it cannot wrap.
            leading = leading.wrapping_add(usize::from(record == leading));
            start = end;
        }
        (leaf_rows.rows.len(), leading)
    }

    /// [`sweep_leaf_rows`](Self::sweep_leaf_rows) where every leaf value has the first
    /// leaf's scale and a mantissa below `2^64` (the caller's pass over the leaves,
    /// [`LeafRows::uniform_unit`], tells before any row, and gives the scaling factor
    /// `unit`, below `2^64`, and `NARROW`, whether the mantissas are below `2^32`): each
    /// row's sum is then [`LeafRows::row_sum`]'s without its per-edge scale and width
    /// tests and its per-row scaling factor ([`LeafRows::uniform_sum`]). The same rows
    /// stored with the same sums and values, and the same answer; `None` (nothing
    /// stored) where the leaves are not split at `leaf_count`: the caller then takes the
    /// rows one by one.
    ///
    /// Not inlined: the loop keeps its few values in registers, which the sweep around
    /// it has too many of.
    #[inline(never)]
    fn sweep_uniform_leaf_rows<const NARROW: bool>(
        &mut self,
        leaf_count: usize,
        unit: u64,
    ) -> Option<(usize, usize)> {
        let Self {
            reported,
            sums,
            leaf_rows,
            ..
        } = self;
        let (leaves, rolled) = reported.split_at_mut_checked(leaf_count)?;
        let route = KeptRoute::new(leaf_rows, unit);
        let rows = leaf_rows.rows.as_slice();
        let mut edges = leaf_rows.edges.as_slice();
        let mut start = 0usize;
        // The leading rows (records `0..leading`, each its own position) are read side
        // by side with their values and records, with no index to check.
        let leading = leaf_rows.leading.min(rows.len());
        let (first, rest) = rows.split_at(leading);
        let leading_slots = rolled.iter_mut().zip(sums.iter_mut());
        for (done, (kept, (reported, slot))) in first.iter().zip(leading_slots).enumerate() {
            let end = usize::try_from(kept.end).unwrap_or(usize::MAX);
            let stored = end
                .checked_sub(start)
                .and_then(|len| edges.split_at_checked(len))
                .and_then(|(row, tail)| {
                    edges = tail;
                    route.finish(
                        LeafRows::uniform_sum::<NARROW>(row, leaves)?,
                        reported,
                        slot,
                    )
                });
            if stored.is_none() {
                return Some((done, done));
            }
            start = end;
        }
        // The others by their records. (Their records are above their positions:
        // records increase, and the first of them is not its own.)
        for (done, kept) in (leading..).zip(rest) {
            let (Ok(record), Ok(end)) = (usize::try_from(kept.record), usize::try_from(kept.end))
            else {
                return Some((done, leading));
            };
            let stored = end
                .checked_sub(start)
                .and_then(|len| edges.split_at_checked(len))
                .and_then(|(row, tail)| {
                    edges = tail;
                    let raw = LeafRows::uniform_sum::<NARROW>(row, leaves)?;
                    route.finish(raw, rolled.get_mut(record)?, sums.get_mut(record)?)
                });
            if stored.is_none() {
                return Some((done, leading));
            }
            start = end;
        }
        Some((rows.len(), leading))
    }

    /// One node of [`sweep_weighted`](Self::sweep_weighted), stored as `record`'s node
    /// while every node reports what it computes; `None` (nothing stored) where it
    /// takes another route than the fixed-point sum and the quotient at 28 places.
    ///
    /// The sum: contributors whose first is a rolled-up node take [`fixed::sum_at_28`]
    /// over the children's values at 28 places (one scale for all, so a node whose
    /// children's quotients have different places sums them in one pass); others take
    /// [`fixed::uniform_sum`] over the `Decimal` values (leaf key results at one
    /// scale); a node that neither takes (leaves and rolled-up children mixed, say) is
    /// summed term by term, a rolled-up child's term by [`fixed::term_at_28`]. Each is
    /// the term-by-term sum of [`fixed::product`]s, or `None` where that does not fit
    /// (the property tests of `fixed` hold each to it). A sum already found from the
    /// node's kept leaf row ([`LeafRows::row_sum`], the same sum) comes as `kept`.
    #[inline(always)]
    fn sweep_node(
        &mut self,
        leaf_count: usize,
        record: usize,
        node: NodeIndex,
        row: &[(NodeIndex, Weight)],
        kept: Option<u128>,
    ) -> Option<()> {
        if let Some(sum) = kept {
            return finish_node(&mut self.reported, &mut self.sums, record, node, sum);
        }
        let &(first, w0) = row.first()?;
        let (reported, sums) = (&self.reported, &self.sums);
        let rolled_up = |child: NodeIndex| {
            child
                .get()
                .checked_sub(leaf_count)
                .and_then(|i| sums.get(i))
        };
        let uniform = if first.get() >= leaf_count {
            let pairs = row
                .iter()
                .map(|&(child, weight)| rolled_up(child).map(|r| (weight, r.split_28())));
            // Weights at 0 to 4 places take the shortcut whose terms need no 128-bit
            // division (without per-pair weight tests where the plan's rows are known
            // to need none); other scales divide by their power of ten.
            let ws = fixed::Raw::of(w0.value()).scale;
            let known = self.leaf_rows.rolled_known;
            match ws {
                2 if known => fixed::sum_at_28(pairs, 2, fixed::ByPlaces::<2, true>),
                2 => fixed::sum_at_28(pairs, 2, fixed::ByPlaces::<2, false>),
                ws => sum_rolled_at(pairs, ws, known),
            }
        } else {
            fixed::uniform_sum(
                row.iter().map(|&(child, weight)| {
                    reported.get(child.get()).map(|&value| (weight, value))
                }),
                TERM_SCALE,
            )
        };
        let sum = match uniform {
            Some(sum) => sum,
            None => {
                let mut sum = 0u128;
                for &(child, weight) in row {
                    let at_28 = rolled_up(child).map(NodeSum::at_28);
                    let term = match at_28.and_then(|v| fixed::term_at_28(weight, v)) {
                        Some(term) => term,
                        None => fixed::product(
                            weight.value(),
                            reported.get(child.get())?.value(),
                            TERM_SCALE,
                        )?,
                    };
                    sum = sum.checked_add(term)?;
                }
                sum
            }
        };
        finish_node(&mut self.reported, &mut self.sums, record, node, sum)
    }

    /// Sets a rolled-up node's value at 28 places from its reported value.
    #[inline]
    fn keep_at_28(&mut self, plan: &Plan, node: NodeIndex) {
        let value = self.reported.get(node.get()).map(|p| p.value());
        if let (Some(value), Some(slot)) = (value, self.node_sum_mut(plan, node)) {
            slot.set_split_28(fixed::split_at_28(fixed::at_28(value)));
        }
    }

    /// [`recompute`](Self::recompute) for the weighted engine, with every call static:
    /// the same terms, sum, quotient and fallback, so the same value to the last digit.
    #[inline(always)]
    fn recompute_weighted(&mut self, plan: &Plan, node: NodeIndex) -> Result<()> {
        // Most nodes take the uniform-scale sum: one multiply-add per contributor (a leaf
        // key result's progress, say, all at 4 places under weights at 2). It is the very
        // sum [`term_sum`](Self::term_sum) builds term by term, or `None` where that is needed.
        let reported = &self.reported;
        let uniform = fixed::uniform_sum(
            plan.contributors(node)
                .iter()
                .map(|&(child, weight)| reported.get(child.get()).map(|&value| (weight, value))),
            TERM_SCALE,
        );
        let (sum, fits) = match uniform {
            Some(sum) => (sum, true),
            None => self.term_sum(plan, node)?,
        };
        let mean = if fits {
            Weighted::finish_with(plan, node, sum, self.prepared_total(plan, node).as_ref())?
        } else {
            None
        };
        let (computed, sum) = match mean {
            Some(value) => (value, sum),
            None => (
                Weighted::decimal_mean(plan, node, &self.reported)?,
                NOT_FIXED,
            ),
        };
        if let Some(slot) = self.node_sum_mut(plan, node) {
            slot.set(sum);
        }
        self.store(node, computed)
    }

    /// A node's fixed-point sum, term by term ([`fixed::product`] rounds each term to
    /// [`TERM_SCALE`] places), and whether it fits.
    #[inline(always)]
    fn term_sum(&self, plan: &Plan, node: NodeIndex) -> Result<(u128, bool)> {
        let mut sum: u128 = 0;
        for &(child, weight) in plan.contributors(node) {
            let value = value_of(&self.reported, child)?;
            match fixed::product(weight.value(), value.value(), TERM_SCALE)
                .and_then(|term| sum.checked_add(term))
            {
                Some(next) => sum = next,
                None => return Ok((sum, false)),
            }
        }
        Ok((sum, true))
    }

    /// The prepared total weight of a rolled-up node, if the weighted engine's rollup
    /// holds one.
    #[inline]
    pub(super) fn prepared_total(&self, plan: &Plan, node: NodeIndex) -> Option<fixed::Total> {
        self.node_sum(plan, node).and_then(NodeSum::total)
    }

    /// The sum record of a rolled-up node, if the engine keeps sums.
    #[inline]
    pub(super) fn node_sum(&self, plan: &Plan, node: NodeIndex) -> Option<&NodeSum> {
        self.sums.get(node.get().checked_sub(plan.leaf_count())?)
    }

    /// [`node_sum`](Self::node_sum), to change.
    #[inline]
    pub(super) fn node_sum_mut(&mut self, plan: &Plan, node: NodeIndex) -> Option<&mut NodeSum> {
        self.sums
            .get_mut(node.get().checked_sub(plan.leaf_count())?)
    }

    /// [`recompute_all`](Self::recompute_all) for the say-do engine: the member rows
    /// read front to back, the hits counted without a branch on the value, and, while
    /// every node reports what it computes, each share stored as the node's one value.
    /// Node by node the same count, share and error as
    /// [`recompute_say_do`](Self::recompute_say_do), which the sweep falls back to for
    /// anything else.
    #[inline(always)]
    fn sweep_say_do(&mut self, plan: &Plan, threshold: Progress) -> Result<()> {
        let threshold = SayDoThreshold::new(threshold);
        let mut shares = ShareCache::default();
        // With no override and no computed values kept apart, `store` writes the share
        // to `reported` and nothing else.
        let plain = self.overrides.is_empty() && self.computed.is_empty();
        let rows = match (plain, threshold.table.as_ref(), plan.say_do_rows()) {
            (true, Some(table), Some(rows)) => (fixed::HitTable::new(table), rows),
            _ => {
                for node in plan.rolled_up() {
                    self.recompute_say_do(plan, node, &threshold, &mut shares)?;
                }
                return Ok(());
            }
        };
        let (table, rows) = rows;
        for (node, members) in rows {
            if members.is_empty() {
                return Err(node_error(plan, node, |node| Error::NoKeyResults { node }));
            }
            let Some(hits) = table.hits(&self.reported, members) else {
                // A member without a value: the node-by-node path names it.
                self.recompute_say_do(plan, node, &threshold, &mut shares)?;
                continue;
            };
            let total = u64::try_from(members.len()).unwrap_or(u64::MAX);
            let share = shares.share(plan, node, hits, total)?;
            *self
                .reported
                .get_mut(node.get())
                .ok_or_else(|| Error::IndexOutOfPlan {
                    index: node.get(),
                    len: plan.len(),
                })? = share;
        }
        Ok(())
    }

    /// [`recompute`](Self::recompute) for the say-do engine: hits counted by comparing
    /// mantissas (the unit tests of `fixed` check it against `Decimal`'s comparison),
    /// and each distinct `hits / total` divided once per sweep.
    fn recompute_say_do(
        &mut self,
        plan: &Plan,
        node: NodeIndex,
        threshold: &SayDoThreshold,
        shares: &mut ShareCache,
    ) -> Result<()> {
        let members = plan.say_do_members(node);
        if members.is_empty() {
            return Err(node_error(plan, node, |node| Error::NoKeyResults { node }));
        }
        let mut hits = 0u64;
        for &member in members {
            if threshold.reached_by(value_of(&self.reported, member)?) {
                hits = hits.saturating_add(1);
            }
        }
        let total = u64::try_from(members.len()).unwrap_or(u64::MAX);
        let share = shares.share(plan, node, hits, total)?;
        self.store(node, share)
    }

    /// Recomputes one rolled-up node from all of its contributors' reported values.
    pub(super) fn recompute(&mut self, node: NodeIndex) -> Result<()> {
        let plan = Arc::clone(&self.plan);
        match self.engine.fast() {
            Fast::Weighted => return self.recompute_weighted(&plan, node),
            Fast::SayDo(threshold) => {
                return self.recompute_say_do(
                    &plan,
                    node,
                    &SayDoThreshold::new(threshold),
                    &mut ShareCache::default(),
                );
            }
            Fast::None => {}
        }
        let computed = match self.engine.additive() {
            Some(additive) => {
                let fixed = match additive_sum(additive, &self.plan, node, &self.reported)? {
                    Some(sum) => additive
                        .finish(&self.plan, node, sum)?
                        .map(|value| (value, sum)),
                    None => None,
                };
                let (computed, sum) = match fixed {
                    Some((value, sum)) if sum != NOT_FIXED => (value, sum),
                    _ => (
                        self.engine.compute(&self.plan, node, &self.reported)?,
                        NOT_FIXED,
                    ),
                };
                if let Some(slot) = self.node_sum_mut(&plan, node) {
                    slot.set(sum);
                }
                computed
            }
            None => self.engine.compute(&self.plan, node, &self.reported)?,
        };
        self.store(node, computed)
    }

    /// Stores a node's computed value and the value it reports.
    pub(super) fn store(&mut self, node: NodeIndex, computed: Progress) -> Result<()> {
        let reported = self
            .overrides
            .reported(self.plan.policy().overrides, node, computed);
        let r = self
            .reported
            .get_mut(node.get())
            .ok_or_else(|| Error::IndexOutOfPlan {
                index: node.get(),
                len: self.plan.len(),
            })?;
        *r = reported;
        // A leaf's new value is not checked against the pass over the leaves: the next
        // sweep passes over them again.
        if node.get() < self.plan.leaf_count() {
            self.leaf_scan = None;
        }
        // Kept apart only once an override may be reported (else equal to `reported`).
        if let Some(c) = self.computed.get_mut(node.get()) {
            *c = computed;
        }
        Ok(())
    }

    /// The compiled plan.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// assert_eq!(rollup.plan().len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The engine.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// use folio_okr::{Engine, Weighted};
    ///
    /// assert!(matches!(rollup.engine(), Engine::Weighted(Weighted)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn engine(&self) -> &E {
        &self.engine
    }

    /// The heap memory the state holds, in bytes, besides the shared plan: per node a
    /// computed and a reported value and, for an additive engine, a fixed-point sum.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// assert!(rollup.heap_bytes() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        [
            self.computed
                .capacity()
                .saturating_mul(size_of::<Progress>()),
            self.reported
                .capacity()
                .saturating_mul(size_of::<Progress>()),
            self.sums.capacity().saturating_mul(size_of::<NodeSum>()),
            self.leaf_rows.heap_bytes(),
            self.overrides.heap_bytes(),
            self.scratch
                .capacity()
                .saturating_mul(size_of::<NodeIndex>()),
            self.pending
                .capacity()
                .saturating_mul(size_of::<Reverse<(NodeIndex, bool)>>()),
        ]
        .into_iter()
        .fold(0usize, usize::saturating_add)
    }

    /// Every node's reported value, by [`NodeIndex`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let grow_at = rollup.plan().index_of(&grow).unwrap();
    /// assert_eq!(rollup.reported_values()[grow_at.get()].value(), Decimal::new(7, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reported_values(&self) -> &[Progress] {
        &self.reported
    }

    /// Every node's computed value (a leaf's input), by [`NodeIndex`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let nps = rollup.plan().index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap();
    /// // A leaf's computed value is its input.
    /// assert_eq!(rollup.computed_values()[nps.get()].value(), Decimal::new(4, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn computed_values(&self) -> &[Progress] {
        if self.computed.is_empty() {
            &self.reported
        } else {
            &self.computed
        }
    }

    /// The value of a node, by id.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// use folio_okr::Source;
    ///
    /// let value = rollup.value(&grow).unwrap();
    /// assert_eq!((value.computed.value(), value.source), (Decimal::new(7, 1), Source::Computed));
    /// assert!(rollup.value(&NodeId::from(ObjectiveId::new("shrink")?)).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self, node: &NodeId) -> Option<NodeValue> {
        self.plan.index_of(node).and_then(|i| self.value_at(i))
    }

    /// The value of a node, by index.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// use folio_okr::Source;
    ///
    /// let arr = rollup.plan().index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let value = rollup.value_at(arr).unwrap();
    /// assert_eq!((value.reported.value(), value.source), (Decimal::new(8, 1), Source::Input));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value_at(&self, node: NodeIndex) -> Option<NodeValue> {
        let reported = *self.reported.get(node.get())?;
        let computed = self.computed.get(node.get()).copied().unwrap_or(reported);
        self.overrides
            .node_value(&self.plan, node, computed, reported)
    }

    /// Every node's value, in topological order (leaves first, portfolio objectives
    /// last; by tier from the bottom up, then by id: the plan's listing order): the
    /// rollup as plain data, for export.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let values = rollup.values();
    /// assert_eq!(values.len(), 3);
    /// // Leaves first, the portfolio objective last.
    /// assert_eq!(values[2].node, grow);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> Vec<NodeValue> {
        self.plan
            .listed()
            .into_iter()
            .filter_map(|node| self.value_at(node))
            .collect()
    }

    /// The explanation of a node, by id. A leaf is explained as its input, with no
    /// terms.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`] if the graph has no such node; any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let explanation = rollup.explain(&grow)?;
    /// // The divisor is the sum of the weights, 3 + 1.
    /// assert_eq!(explanation.breakdown.basis, Decimal::new(4, 0));
    /// let arr = &explanation.breakdown.terms[0];
    /// // arr: weight 3 of 4, so share 0.75, contributing 0.75 x 0.8 = 0.6.
    /// assert_eq!(arr.child, NodeId::from(KeyResultId::new("arr")?));
    /// assert_eq!((arr.share, arr.contribution), (Decimal::new(75, 2), Decimal::new(6, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, node: &NodeId) -> Result<Explanation> {
        let index = self
            .plan
            .index_of(node)
            .ok_or_else(|| Error::UnknownNode { node: node.clone() })?;
        self.explain_at(index)
    }

    /// The explanation of a node, by index. A leaf is explained as its input: a
    /// breakdown with its value as the basis and no terms.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] for an index outside the plan; any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let nps = rollup.plan().index_of(&NodeId::from(KeyResultId::new("nps")?)).unwrap();
    /// let explanation = rollup.explain_at(nps)?;
    /// // A leaf: its input is the basis, and there are no terms.
    /// assert_eq!(explanation.breakdown.basis, Decimal::new(4, 1));
    /// assert!(explanation.breakdown.terms.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain_at(&self, node: NodeIndex) -> Result<Explanation> {
        let value = self.value_at(node).ok_or_else(|| Error::IndexOutOfPlan {
            index: node.get(),
            len: self.plan.len(),
        })?;
        let breakdown = if self.plan.is_leaf(node) {
            Breakdown {
                basis: value.computed.value(),
                terms: Vec::new(),
                counts: None,
                kpi: None,
            }
        } else {
            self.engine.explain(&self.plan, node, &self.reported)?
        };
        Ok(Explanation {
            method: self.engine.method(),
            value,
            breakdown,
        })
    }

    /// The explanations of every rolled-up node, in topological order (portfolio
    /// objectives last; by tier from the bottom up, then by id).
    ///
    /// # Errors
    ///
    /// Any engine error.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// # use folio_okr::{NodeId, ProgressInputs};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    /// // arr (weight 3) at 0.8, nps (weight 1) at 0.4.
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// let all = rollup.explain_all()?;
    /// // One rolled-up node: grow, from two terms.
    /// assert_eq!(all.len(), 1);
    /// assert_eq!(all[0].value.node, grow);
    /// assert_eq!(all[0].breakdown.terms.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain_all(&self) -> Result<Vec<Explanation>> {
        self.plan
            .listed()
            .into_iter()
            .filter(|&node| !self.plan.is_leaf(node))
            .map(|node| self.explain_at(node))
            .collect()
    }
}

pub(super) fn check_method<E: RollupEngine>(plan: &Plan, engine: &E) -> Result<()> {
    let portfolio = plan.policy().method;
    if engine.method() == portfolio {
        Ok(())
    } else {
        Err(Error::MethodMismatch {
            portfolio,
            engine: engine.method(),
        })
    }
}

/// A say-do hit threshold prepared once per sweep: a table of least mantissas by scale
/// ([`fixed::Threshold`]; its unit tests check it against `Decimal`'s comparison).
#[derive(Debug)]
struct SayDoThreshold {
    threshold: Progress,
    /// `None` only for a negative threshold, which a valid engine never has: then
    /// `Decimal`'s comparison.
    table: Option<fixed::Threshold>,
}

impl SayDoThreshold {
    fn new(threshold: Progress) -> Self {
        Self {
            threshold,
            table: fixed::Threshold::new(threshold.value()),
        }
    }

    #[inline]
    fn reached_by(&self, value: Progress) -> bool {
        match &self.table {
            Some(table) => table.reached_by_progress(value),
            None => value >= self.threshold,
        }
    }
}

/// The say-do shares `hits / total` of one sweep, direct-mapped by `(hits, total)`.
///
/// Most nodes of a level count the same number of key results, so a sweep sees few
/// distinct fractions; each is divided once in `Decimal` (whose digits and scale are the
/// published answer) and then read back. It lives on the stack: a sweep allocates nothing.
#[derive(Debug)]
struct ShareCache([(u64, u64, Progress); SHARE_SLOTS]);

const SHARE_SLOTS: usize = 64;

impl Default for ShareCache {
    fn default() -> Self {
        // `total` is never zero for a stored share, so (0, 0) marks an empty slot.
        Self([(0, 0, Progress::ZERO); SHARE_SLOTS])
    }
}

impl ShareCache {
    /// `8 × total + hits`, modulo the 64 slots: the shares of one total up to 63 take
    /// distinct slots, and a lookup costs two integer instructions.
    #[inline(always)]
    fn slot(hits: u64, total: u64) -> usize {
        let mixed = total.wrapping_mul(8).wrapping_add(hits);
        usize::try_from(mixed).unwrap_or(0) % SHARE_SLOTS
    }

    #[inline(always)]
    fn get(&self, hits: u64, total: u64) -> Option<Progress> {
        match self.0.get(Self::slot(hits, total)) {
            Some(&(h, t, share)) if h == hits && t == total && t != 0 => Some(share),
            _ => None,
        }
    }

    fn put(&mut self, hits: u64, total: u64, share: Progress) {
        if let Some(slot) = self.0.get_mut(Self::slot(hits, total)) {
            *slot = (hits, total, share);
        }
    }

    /// Node `node`'s share `hits / total`: from the cache, else divided (as
    /// [`SayDo::share`] divides, with its error) and cached.
    #[inline(always)]
    fn share(&mut self, plan: &Plan, node: NodeIndex, hits: u64, total: u64) -> Result<Progress> {
        if let Some(share) = self.get(hits, total) {
            return Ok(share);
        }
        let share = Progress::new(SayDo::share(plan, node, hits, total)?)?;
        self.put(hits, total, share);
        Ok(share)
    }
}

#[cfg(test)]
mod tests {
    //! The state a rollup keeps besides its values: the fixed-point sums an incremental
    //! update starts from, the computed values kept apart only once an override may be
    //! reported, and the say-do share cache.
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

    use std::sync::Arc;

    use folio_types::{Decimal, KeyResultId, ObjectiveId, OwnerId, Progress, Weight};

    use proptest::prelude::*;

    use super::{NOT_FIXED, NodeSum, Rollup, ShareCache, split};
    use crate::rollup::update_tests::{key_result, objective};
    use crate::rollup::{SayDo, Weighted, fixed};
    use crate::{
        Contribution, KeyResultTier, NodeId, ObjectiveTier, OkrGraph, Override, OverridePolicy,
        PortfolioData, ProgressInputs, RollupMethod, RollupPolicy,
    };

    fn progress(text: &str) -> Progress {
        Progress::new(text.parse().unwrap()).unwrap()
    }

    /// Objective `o` from key results `a` (weight 3) and `b` (weight 1).
    fn data(policy: RollupPolicy) -> PortfolioData {
        let to = |w: i64| {
            vec![Contribution::new(
                ObjectiveId::new("o").unwrap(),
                Weight::new(Decimal::from(w)).unwrap(),
            )]
        };
        PortfolioData {
            policy,
            period: None,
            objectives: vec![objective("o", ObjectiveTier::Portfolio, vec![])],
            key_results: vec![
                key_result("a", KeyResultTier::Product, to(3)),
                key_result("b", KeyResultTier::Product, to(1)),
            ],
        }
    }

    fn inputs(a: &str, b: &str) -> ProgressInputs {
        ProgressInputs::new([
            (KeyResultId::new("a").unwrap(), progress(a)),
            (KeyResultId::new("b").unwrap(), progress(b)),
        ])
    }

    fn o() -> NodeId {
        NodeId::from(ObjectiveId::new("o").unwrap())
    }

    /// A weighted rollup holds each rolled-up node's sum of terms at `TERM_SCALE` (20)
    /// places and its total weight prepared for division, and nothing for a leaf; an
    /// update replaces the changed term in the sum.
    #[test]
    fn node_sums_hold_the_sum_of_terms_and_the_prepared_total() {
        let graph = OkrGraph::new(data(RollupPolicy::new(RollupMethod::Weighted))).unwrap();
        let plan = Arc::new(graph.plan().clone());
        let mut rollup = Rollup::new(Arc::clone(&plan), Weighted, &inputs("0.8", "0.4")).unwrap();
        let node = plan.index_of(&o()).unwrap();
        // 3 × 0.8 + 1 × 0.4 = 2.8.
        let sum = |r: &Rollup<Weighted>| r.node_sum(&plan, node).map(super::NodeSum::get);
        assert_eq!(sum(&rollup), Some(28 * 10u128.pow(19)));
        let four = fixed::Total::new(Decimal::from(4));
        assert!(four.is_some());
        assert_eq!(rollup.prepared_total(&plan, node), four);
        for leaf in plan.indices().take(plan.leaf_count()) {
            assert!(rollup.node_sum(&plan, leaf).is_none());
            assert!(rollup.prepared_total(&plan, leaf).is_none());
        }
        // a to 0.6: 3 × 0.6 + 0.4 = 2.2, and o = 2.2 / 4 = 0.55.
        rollup
            .update(&KeyResultId::new("a").unwrap(), progress("0.6"))
            .unwrap();
        assert_eq!(sum(&rollup), Some(22 * 10u128.pow(19)));
        assert_eq!(rollup.value(&o()).unwrap().reported, progress("0.55"));
        // Values of two scales take the term-by-term sum: 3 × 0.8 + 1 × 0.45 = 2.85, and
        // o = 2.85 / 4 = 0.7125.
        let mixed = Rollup::new(Arc::clone(&plan), Weighted, &inputs("0.8", "0.45")).unwrap();
        assert_eq!(sum(&mixed), Some(285 * 10u128.pow(18)));
        assert_eq!(mixed.value(&o()).unwrap().reported, progress("0.7125"));
        // The say-do engine keeps no sums.
        let say_do = OkrGraph::new(data(RollupPolicy::new(RollupMethod::SayDo))).unwrap();
        let plan = Arc::new(say_do.plan().clone());
        let rollup = Rollup::new(Arc::clone(&plan), SayDo::default(), &inputs("1", "0.4")).unwrap();
        let node = plan.index_of(&o()).unwrap();
        assert!(rollup.node_sum(&plan, node).is_none());
        assert_eq!(rollup.value(&o()).unwrap().reported, progress("0.5"));
    }

    /// A sum is held as its low and high 64-bit halves and read back whole.
    #[test]
    fn a_node_sum_reads_back_a_sum_of_both_halves() {
        let graph = OkrGraph::new(data(RollupPolicy::new(RollupMethod::Weighted))).unwrap();
        let plan = Arc::new(graph.plan().clone());
        let rollup = Rollup::new(Arc::clone(&plan), Weighted, &inputs("0.8", "0.4")).unwrap();
        let mut record = *rollup
            .node_sum(&plan, plan.index_of(&o()).unwrap())
            .unwrap();
        let wide = (5u128 << 64) + 7;
        assert_eq!(split(wide), [7, 5]);
        record.set(wide);
        assert_eq!(record.get(), wide);
        record.set(NOT_FIXED);
        assert_eq!(record.get(), NOT_FIXED);
    }

    proptest! {
        /// A record gives back the prepared total it was made with (every shift, every
        /// scale a `Decimal` has, no total), and each value at 28 places set in it, split
        /// as the sweep keeps it (from 0 up to `2^96 - 1`, and none), whatever was set
        /// before: the total's shift and scale beside the value's low word change
        /// neither.
        #[test]
        fn a_node_sum_keeps_its_total_beside_its_value_at_28_places(
            bits in 0u32..=64,
            low in any::<u64>(),
            scale in 0u32..=28,
            values in proptest::collection::vec(
                prop_oneof![
                    any::<u128>().prop_map(|v| v >> 32),
                    (0u128..10_000_000_000),
                    Just((1u128 << 96) - 1),
                    Just(fixed::NOT_AT_28),
                ],
                1..4,
            ),
        ) {
            // A mantissa of `bits` bits (0: a zero total, which has none).
            let mantissa = if bits == 0 { 0 } else { (low >> (64 - bits)) | (1 << (bits - 1)) };
            let total = fixed::Total::new(Decimal::from_i128_with_scale(i128::from(mantissa), scale));
            prop_assert_eq!(total.is_some(), mantissa != 0);
            let mut record = NodeSum::new(total);
            prop_assert_eq!(record.total(), total);
            prop_assert_eq!(record.at_28(), fixed::NOT_AT_28);
            for value in values {
                let split_28 = fixed::split_at_28(value);
                record.set_split_28(split_28);
                prop_assert_eq!(record.split_28(), split_28);
                prop_assert_eq!(record.at_28(), value);
                prop_assert_eq!(record.total(), total);
            }
        }
    }

    /// Computed values are kept apart from the reported ones only once an override may
    /// be reported: under `Report` with an override, not under `Ignore` nor without one.
    #[test]
    fn computed_values_are_kept_apart_only_for_a_reported_override() {
        let with = |policy: OverridePolicy, overridden: bool| {
            let data = data(RollupPolicy::new(RollupMethod::Weighted).with_overrides(policy));
            let graph = OkrGraph::new(data).unwrap();
            let mut inputs = inputs("0.8", "0.4");
            if overridden {
                inputs.overrides.push(Override {
                    node: o(),
                    progress: progress("0.9"),
                    owner: OwnerId::new("cpo").unwrap(),
                    reason: String::new(),
                });
            }
            let rollup = Rollup::new(Arc::new(graph.plan().clone()), Weighted, &inputs).unwrap();
            let value = rollup.value(&o()).unwrap();
            // (3 × 0.8 + 0.4) / 4 = 0.7, reported as the override under `Report`.
            assert_eq!(value.computed, progress("0.7"));
            let reported = if overridden && policy == OverridePolicy::Report {
                "0.9"
            } else {
                "0.7"
            };
            assert_eq!(value.reported, progress(reported));
            rollup.computed.len()
        };
        assert_eq!(with(OverridePolicy::Report, true), 3);
        assert_eq!(with(OverridePolicy::Report, false), 0);
        assert_eq!(with(OverridePolicy::Ignore, true), 0);
        assert_eq!(with(OverridePolicy::Ignore, false), 0);
    }

    /// The share cache reads back the share it holds for `(hits, total)`, and nothing
    /// for a slot that is empty or holds another fraction.
    #[test]
    fn the_share_cache_reads_back_only_the_fraction_it_holds() {
        let mut cache = ShareCache::default();
        for total in 1..=8 {
            for hits in 0..=total {
                assert_eq!(cache.get(hits, total), None, "{hits}/{total}");
            }
        }
        let third = Progress::new(Decimal::ONE / Decimal::from(3)).unwrap();
        cache.put(1, 3, third);
        assert_eq!(cache.get(1, 3), Some(third));
        // Fractions that share 1/3's slot (the cache is direct-mapped) are not 1/3.
        let slot = ShareCache::slot(1, 3);
        let other_total = (4..).find(|&t| ShareCache::slot(1, t) == slot).unwrap();
        assert_eq!(cache.get(1, other_total), None);
        let other_hits = (0..)
            .find(|&h| h != 1 && ShareCache::slot(h, 3) == slot)
            .unwrap();
        assert_eq!(cache.get(other_hits, 3), None);
    }

    /// The nodes of a level mostly count the same number of key results: the shares of
    /// one total, `0/t` to `t/t`, are held at once (each divided once per sweep), for
    /// every total up to 10.
    #[test]
    fn the_share_cache_holds_every_share_of_one_total_at_once() {
        for total in 1..=10u64 {
            let mut cache = ShareCache::default();
            let share =
                |hits: u64| Progress::new(Decimal::from(hits) / Decimal::from(total)).unwrap();
            for hits in 0..=total {
                cache.put(hits, total, share(hits));
            }
            for hits in 0..=total {
                assert_eq!(cache.get(hits, total), Some(share(hits)), "{hits}/{total}");
            }
        }
    }
}
