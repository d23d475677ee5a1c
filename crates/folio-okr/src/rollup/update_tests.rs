//! Incremental updates against a plain `Decimal` reference computed from the portfolio
//! data alone (no plan, no index, no fixed-point state): after every step of a random
//! sequence of `update`, `update_many`, `update_leaf`, `set_override` and
//! `clear_override`, every node's computed and reported values have the reference's
//! digits and scale. Portfolios share nodes (several parents), carry overrides under
//! both policies and say-do thresholds, and some weights are large enough to push a
//! node off the fixed-point path.
// Test helpers unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use std::collections::{BTreeMap, BTreeSet};

use folio_types::{
    Decimal, KeyResultId, ObjectiveId, OwnerId, ProductId, Progress, Weight, strategy,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use crate::{
    Contribution, Drivers, Error, KeyResultData, KeyResultTier, NodeId, ObjectiveData,
    ObjectiveTier, OkrGraph, Override, OverridePolicy, PortfolioData, ProgressInputs, RollupMethod,
    RollupPolicy,
};

pub(super) fn objective(id: &str, tier: ObjectiveTier, to: Vec<Contribution>) -> ObjectiveData {
    ObjectiveData {
        id: ObjectiveId::new(id).unwrap(),
        name: id.to_owned(),
        tier,
        drivers: match tier {
            ObjectiveTier::Portfolio => Drivers::Both,
            ObjectiveTier::Product => Drivers::KeyResults,
        },
        owner: None,
        product: None,
        theme: None,
        method: None,
        contributes_to: to,
        target: None,
        deadline: None,
        depends_on: Vec::new(),
    }
}

pub(super) fn key_result(id: &str, tier: KeyResultTier, to: Vec<Contribution>) -> KeyResultData {
    KeyResultData {
        id: KeyResultId::new(id).unwrap(),
        name: id.to_owned(),
        tier,
        owner: OwnerId::new("owner").unwrap(),
        product: ProductId::new("atlas").unwrap(),
        contributes_to: to,
        target: None,
        deadline: None,
        resources: Vec::new(),
        depends_on: Vec::new(),
    }
}

/// A weight: mostly everyday ones, sometimes one so large (`10^26` to `4 × 10^26`)
/// that any non-zero term of it leaves the fixed-point range (and whose total has a
/// mantissa of more than 64 bits), and that a few of them overflow a `Decimal` sum.
fn weight(positive: bool) -> impl Strategy<Value = Weight> {
    let everyday = if positive {
        strategy::positive_weight().boxed()
    } else {
        strategy::weight().boxed()
    };
    prop_oneof![
        9 => everyday,
        1 => (1i64..=4).prop_map(|units| Weight::new(Decimal::from_i128_with_scale(i128::from(units) * 10i128.pow(26), 0)).unwrap()),
    ]
}

/// A progress value: mostly four decimals in `0..=2`, sometimes one with 28 digits.
fn progress() -> impl Strategy<Value = Progress> {
    prop_oneof![
        8 => strategy::progress(),
        1 => Just(Progress::COMPLETE),
        1 => (1u64..=1_000).prop_map(|n| Progress::new(Decimal::from(n) / Decimal::from(3)).unwrap()),
    ]
}

/// One step of an update sequence; `u8` picks index leaves or rolled-up nodes.
#[derive(Debug, Clone)]
enum Step {
    Update(u8, Progress),
    Many(Vec<(u8, Progress)>),
    Leaf(u8, Progress),
    SetOverride(u8, Progress),
    ClearOverride(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (any::<u8>(), progress()).prop_map(|(p, v)| Step::Update(p, v)),
        2 => vec((any::<u8>(), progress()), 1..=4).prop_map(Step::Many),
        3 => (any::<u8>(), progress()).prop_map(|(p, v)| Step::Leaf(p, v)),
        1 => (any::<u8>(), progress()).prop_map(|(p, v)| Step::SetOverride(p, v)),
        1 => any::<u8>().prop_map(Step::ClearOverride),
    ]
}

/// A random valid portfolio with shared nodes, as `tests/sweep_order.rs` builds them: a
/// product objective may roll into two portfolio objectives, a product key result into
/// two product objectives and a portfolio objective, an initiative key result into two
/// product key results or a product objective.
#[allow(clippy::type_complexity)]
fn portfolio() -> impl Strategy<Value = (PortfolioData, ProgressInputs)> {
    let objectives = vec(
        (option::of(any::<u8>()), weight(true), weight(false)),
        1..=5,
    );
    let product_krs = vec(
        (
            option::of(any::<u8>()),
            option::of(any::<u8>()),
            weight(true),
            weight(false),
            weight(false),
        ),
        1..=10,
    );
    let initiatives = vec(
        (
            any::<u8>(),
            option::of(any::<u8>()),
            any::<bool>(),
            weight(true),
            weight(false),
        ),
        0..=24,
    );
    let settings = (
        prop::sample::select(vec![RollupMethod::Weighted, RollupMethod::SayDo]),
        prop::sample::select(vec![OverridePolicy::Report, OverridePolicy::Ignore]),
        strategy::progress().prop_filter("above 0", |p| !p.value().is_zero()),
    );
    (
        1usize..=3,
        objectives,
        product_krs,
        initiatives,
        vec(progress(), 40),
        settings,
    )
        .prop_map(
            |(n_p, mut shapes, kr_shapes, initiative_shapes, values, settings)| {
                let (method, override_policy, threshold) = settings;
                shapes.truncate(kr_shapes.len());
                let (n_o, n_k) = (shapes.len(), kr_shapes.len());
                let n_p = n_p.min(n_o);
                let mut objectives: Vec<ObjectiveData> = (0..n_p)
                    .map(|i| objective(&format!("p{i}"), ObjectiveTier::Portfolio, vec![]))
                    .collect();
                let to_o =
                    |id: String, w: Weight| Contribution::new(ObjectiveId::new(id).unwrap(), w);
                for (j, (extra, w, w2)) in shapes.iter().enumerate() {
                    let mut to = vec![to_o(format!("p{}", j % n_p), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_p)
                        .filter(|e| *e != j % n_p)
                    {
                        to.push(to_o(format!("p{e}"), *w2));
                    }
                    objectives.push(objective(&format!("o{j}"), ObjectiveTier::Product, to));
                }
                let mut key_results = Vec::new();
                for (k, (extra, direct, w, w2, w3)) in kr_shapes.iter().enumerate() {
                    let mut to = vec![to_o(format!("o{}", k % n_o), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_o)
                        .filter(|e| *e != k % n_o)
                    {
                        to.push(to_o(format!("o{e}"), *w2));
                    }
                    if let Some(d) = direct {
                        to.push(to_o(format!("p{}", usize::from(*d) % n_p), *w3));
                    }
                    key_results.push(key_result(&format!("k{k}"), KeyResultTier::Product, to));
                }
                let to_k =
                    |id: String, w: Weight| Contribution::new(KeyResultId::new(id).unwrap(), w);
                let mut has_children = BTreeSet::new();
                for (i, (parent, extra, extra_is_kr, w, w2)) in initiative_shapes.iter().enumerate()
                {
                    let parent = usize::from(*parent) % n_k;
                    has_children.insert(parent);
                    let mut to = vec![to_k(format!("k{parent}"), *w)];
                    match extra.map(usize::from) {
                        Some(e) if *extra_is_kr && e % n_k != parent => {
                            has_children.insert(e % n_k);
                            to.push(to_k(format!("k{}", e % n_k), *w2));
                        }
                        Some(e) if !*extra_is_kr => to.push(to_o(format!("o{}", e % n_o), *w2)),
                        _ => {}
                    }
                    key_results.push(key_result(&format!("i{i}"), KeyResultTier::Initiative, to));
                }
                let leaves = (0..n_k)
                    .filter(|k| !has_children.contains(k))
                    .map(|k| format!("k{k}"))
                    .chain((0..initiative_shapes.len()).map(|i| format!("i{i}")));
                let inputs = ProgressInputs::new(
                    leaves
                        .zip(values)
                        .map(|(id, p)| (KeyResultId::new(id).unwrap(), p)),
                );
                let policy = RollupPolicy::new(method)
                    .with_overrides(override_policy)
                    .with_hit_threshold(threshold)
                    .unwrap();
                let data = PortfolioData {
                    policy,
                    period: None,
                    objectives,
                    key_results,
                };
                (data, inputs)
            },
        )
}

/// The rollup of `data` and `inputs` computed from the data alone: `(computed,
/// reported)` per node, or the first node (in an order of its own) whose value does
/// not fit.
pub(super) struct Reference<'d> {
    data: &'d PortfolioData,
    inputs: &'d ProgressInputs,
    drivers: BTreeMap<NodeId, Drivers>,
    contributors: BTreeMap<NodeId, Vec<(NodeId, Weight)>>,
    values: BTreeMap<NodeId, Option<(Decimal, Decimal)>>,
    /// Whether a `Decimal` sum rounded (its terms then meet in an order of their own,
    /// and rounding in another order may give other digits).
    pub(super) inexact: bool,
}

impl<'d> Reference<'d> {
    pub(super) fn new(data: &'d PortfolioData, inputs: &'d ProgressInputs) -> Self {
        let mut drivers = BTreeMap::new();
        let mut contributors: BTreeMap<NodeId, Vec<(NodeId, Weight)>> = BTreeMap::new();
        for o in &data.objectives {
            drivers.insert(NodeId::from(o.id.clone()), o.drivers);
            for e in &o.contributes_to {
                contributors
                    .entry(e.to.clone())
                    .or_default()
                    .push((NodeId::from(o.id.clone()), e.weight));
            }
        }
        for k in &data.key_results {
            for e in &k.contributes_to {
                contributors
                    .entry(e.to.clone())
                    .or_default()
                    .push((NodeId::from(k.id.clone()), e.weight));
            }
        }
        Self {
            data,
            inputs,
            drivers,
            contributors,
            values: BTreeMap::new(),
            inexact: false,
        }
    }

    pub(super) fn ids(&self) -> Vec<NodeId> {
        self.data
            .objectives
            .iter()
            .map(|o| NodeId::from(o.id.clone()))
            .chain(
                self.data
                    .key_results
                    .iter()
                    .map(|k| NodeId::from(k.id.clone())),
            )
            .collect()
    }

    fn is_leaf(&self, node: &NodeId) -> bool {
        matches!(node, NodeId::KeyResult(_)) && !self.contributors.contains_key(node)
    }

    fn members(&self, node: &NodeId) -> BTreeSet<NodeId> {
        let mut members = BTreeSet::new();
        for (child, _) in self.contributors.get(node).into_iter().flatten() {
            match (node, child) {
                (NodeId::KeyResult(_), _) => {
                    members.insert(child.clone());
                }
                (NodeId::Objective(_), NodeId::KeyResult(_)) => {
                    if matches!(self.drivers[node], Drivers::KeyResults | Drivers::Both) {
                        members.insert(child.clone());
                    }
                }
                (NodeId::Objective(_), NodeId::Objective(_)) => {
                    if matches!(self.drivers[node], Drivers::ChildObjectives | Drivers::Both) {
                        members.extend(self.members(child));
                    }
                }
            }
        }
        members
    }

    /// `(computed, reported)` of `node`, `None` if it (or a node below it) overflows.
    pub(super) fn value(&mut self, node: &NodeId) -> Option<(Decimal, Decimal)> {
        if let Some(&v) = self.values.get(node) {
            return v;
        }
        let value = if let (true, NodeId::KeyResult(id)) = (self.is_leaf(node), node) {
            let p = self.inputs.progress[id].value();
            Some((p, p))
        } else {
            let computed = match self.data.policy.method() {
                RollupMethod::Weighted => self.weighted(node),
                _ => {
                    let members = self.members(node);
                    let threshold = self.data.policy.hit_threshold().value();
                    let mut hits = 0usize;
                    for m in &members {
                        if self.value(m)?.1 >= threshold {
                            hits += 1;
                        }
                    }
                    Some(Decimal::from(hits) / Decimal::from(members.len()))
                }
            };
            computed.map(|computed| {
                let owner = self.inputs.overrides.iter().find(|o| o.node == *node);
                let reported = match (owner, self.data.policy.overrides()) {
                    (Some(o), OverridePolicy::Report) => o.progress.value(),
                    _ => computed,
                };
                (computed, reported)
            })
        };
        self.values.insert(node.clone(), value);
        value
    }

    /// Each term `w × p` exact, rounded half away from zero to 20 places, their sum in
    /// `Decimal` (an overflow is `None`), then `Decimal` division by the total weight,
    /// without trailing zeros.
    fn weighted(&mut self, node: &NodeId) -> Option<Decimal> {
        let contributors = self.contributors[node].clone();
        let mut pairs = Vec::new();
        let mut total = Decimal::ZERO;
        for (child, weight) in contributors {
            let (w, p) = (weight.value(), self.value(&child)?.1);
            total += w;
            pairs.push((w, p));
        }
        // Which route the rollup documents for this node: its fixed-point sum when every
        // term (exact, rounded once to 20 places) and the sum fit a `u128` and the
        // quotient can be taken at 28 places (or the total is at most 2^32), else the
        // `Decimal` mean, whose terms are `Decimal` products rounded to 20 places.
        let units = pairs
            .iter()
            .try_fold(0u128, |sum, &(w, p)| sum.checked_add(exact_units(w, p)?));
        let fixed = units.is_some_and(|sum| {
            let (mt, st) = (total.mantissa().unsigned_abs(), total.scale());
            mt <= 1 << 32
                || 10u128
                    .checked_pow(st + 8)
                    .and_then(|unit| sum.checked_mul(unit))
                    .is_some()
        });
        let mut sum = Decimal::ZERO;
        for (w, p) in pairs {
            let term = if fixed {
                let units = exact_units(w, p)?;
                let Ok(term) = Decimal::try_from_i128_with_scale(i128::try_from(units).ok()?, 20)
                else {
                    // More digits than a `Decimal` holds at 20 places: the reference
                    // cannot follow the rollup's `u128` sum here.
                    self.inexact = true;
                    return None;
                };
                term
            } else {
                let mut term = w.checked_mul(p)?;
                if term.scale() > 20 {
                    // Half away from zero (terms are not negative).
                    let unit = 10i128.pow(term.scale() - 20);
                    let (q, r) = (term.mantissa() / unit, term.mantissa() % unit);
                    term = Decimal::from_i128_with_scale(if 2 * r >= unit { q + 1 } else { q }, 20);
                }
                term
            };
            let next = sum.checked_add(term)?;
            if next.scale() < sum.scale().max(term.scale()) {
                self.inexact = true;
            }
            sum = next;
        }
        Some(sum.checked_div(total)?.normalize())
    }
}

/// `w × p` in units of `10^-20`, exactly when it has at most 20 places and rounded half
/// away from zero once when it has more (through a 256-bit product: `Decimal`
/// multiplication rounds a product whose mantissa it cannot hold, and rounding again to
/// 20 places may differ). `None` where the rollup's term does not fit: a product of the
/// mantissas of `2^128` or more, or a term of `2^128` units or more.
fn exact_units(w: Decimal, p: Decimal) -> Option<u128> {
    let (wm, pm) = (w.mantissa().unsigned_abs(), p.mantissa().unsigned_abs());
    let scale = w.scale() + p.scale();
    // Little-endian 64-bit limbs of the product.
    let mut limbs = [0u64; 4];
    let (a, b) = (
        [wm as u64, (wm >> 64) as u64],
        [pm as u64, (pm >> 64) as u64],
    );
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u128;
        for (j, &y) in b.iter().enumerate() {
            let t = u128::from(x) * u128::from(y) + u128::from(limbs[i + j]) + carry;
            limbs[i + j] = t as u64;
            carry = t >> 64;
        }
        limbs[i + 2] = carry as u64;
    }
    if limbs[2] != 0 || limbs[3] != 0 {
        return None;
    }
    let product = (u128::from(limbs[1]) << 64) | u128::from(limbs[0]);
    if scale <= 20 {
        return product.checked_mul(10u128.pow(20 - scale));
    }
    let unit = 10u128.checked_pow(scale - 20)?;
    let (q, r) = (product / unit, product % unit);
    Some(if r >= unit - r { q + 1 } else { q })
}

fn same_digits(got: Decimal, expected: Decimal) -> bool {
    got.mantissa() == expected.mantissa() && got.scale() == expected.scale()
}

/// Checks every node of `rollup` against the reference for `inputs`; `Err` if the
/// reference overflows somewhere.
pub(super) fn check(
    data: &PortfolioData,
    inputs: &ProgressInputs,
    rollup: &crate::Rollup,
) -> Result<(), TestCaseError> {
    let mut reference = Reference::new(data, inputs);
    for id in reference.ids() {
        let value = reference.value(&id);
        if reference.inexact {
            return Err(TestCaseError::reject("a rounded Decimal sum"));
        }
        let Some((computed, reported)) = value else {
            return Err(TestCaseError::fail(format!(
                "{id}: the reference overflows, the rollup does not"
            )));
        };
        let got = rollup.value(&id).unwrap();
        prop_assert!(
            same_digits(got.computed.value(), computed),
            "{}: computed {} vs reference {}",
            id,
            got.computed,
            computed
        );
        prop_assert!(
            same_digits(got.reported.value(), reported),
            "{}: reported {} vs reference {}",
            id,
            got.reported,
            reported
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn every_kind_of_update_equals_a_decimal_reference(
        (data, inputs) in portfolio(),
        steps in vec(step(), 1..=8),
    ) {
        let graph = OkrGraph::new(data.clone()).unwrap();
        let Ok(mut rollup) = graph.rollup(&inputs) else {
            // A portfolio whose first rollup overflows is not one to update.
            return Err(TestCaseError::reject("the first rollup overflows"));
        };
        let mut inputs = inputs;
        check(&data, &inputs, &rollup)?;
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        let rolled: Vec<NodeId> = Reference::new(&data, &inputs)
            .ids()
            .into_iter()
            .filter(|id| graph.plan().index_of(id).is_some_and(|i| !graph.plan().is_leaf(i)))
            .collect();
        let leaf = |pick: u8| leaves[usize::from(pick) % leaves.len()].clone();
        for step in steps {
            let before = inputs.clone();
            let result = match step {
                Step::Update(pick, p) => {
                    inputs.progress.insert(leaf(pick), p);
                    rollup.update(&leaf(pick), p)
                }
                Step::Many(changes) => {
                    let changes: Vec<(KeyResultId, Progress)> =
                        changes.into_iter().map(|(pick, p)| (leaf(pick), p)).collect();
                    for (id, p) in &changes {
                        inputs.progress.insert(id.clone(), *p);
                    }
                    rollup.update_many(&changes)
                }
                Step::Leaf(pick, p) => {
                    let id = leaf(pick);
                    inputs.progress.insert(id.clone(), p);
                    let index = graph.plan().index_of(&NodeId::from(id)).unwrap();
                    rollup.update_leaf(index, p)
                }
                Step::SetOverride(pick, p) => {
                    let node = rolled[usize::from(pick) % rolled.len()].clone();
                    let o = Override {
                        node: node.clone(),
                        progress: p,
                        owner: OwnerId::new("lead").unwrap(),
                        reason: String::new(),
                    };
                    inputs.overrides.retain(|x| x.node != node);
                    inputs.overrides.push(o.clone());
                    rollup.set_override(o)
                }
                Step::ClearOverride(pick) => {
                    let node = rolled[usize::from(pick) % rolled.len()].clone();
                    inputs.overrides.retain(|x| x.node != node);
                    rollup.clear_override(&node)
                }
            };
            // A full rollup of the same inputs fails exactly when the update does, with
            // the same error.
            match graph.rollup(&inputs) {
                Ok(full) => {
                    prop_assert!(result.is_ok(), "{:?}", result);
                    prop_assert_eq!(full.computed_values(), rollup.computed_values());
                    check(&data, &inputs, &rollup)?;
                }
                Err(error) => {
                    prop_assert_eq!(result, Err(error));
                    // The state is partly updated after an error: roll up again.
                    inputs = before;
                    rollup = graph.rollup(&inputs).unwrap();
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The say-do sweep (member rows read front to back, hits counted from a table of
    /// least mantissas, shares read back from a cache, each stored as the node's one
    /// value) gives every rolled-up node the digits and scale of the engine's plain
    /// computation from the same values: `Decimal` comparisons and `Decimal` division.
    #[test]
    fn say_do_sweeps_equal_the_plain_computation_node_by_node(
        (data, inputs) in portfolio(),
    ) {
        let mut data = data;
        let threshold = data.policy.hit_threshold();
        data.policy = RollupPolicy::new(RollupMethod::SayDo)
            .with_hit_threshold(threshold)
            .unwrap();
        // No override: every node reports what it computes, the sweep's own case.
        let mut inputs = inputs;
        inputs.overrides.clear();
        let graph = OkrGraph::new(data).unwrap();
        let mut rollup = graph.rollup(&inputs).unwrap();
        rollup.recompute_all().unwrap();
        let plan = graph.plan();
        let values = rollup.reported_values();
        let engine = crate::SayDo::new(threshold).unwrap();
        for node in plan.rolled_up() {
            let plain = crate::RollupEngine::compute(&engine, plan, node, values).unwrap();
            let got = values[node.get()];
            prop_assert!(
                same_digits(got.value(), plain.value()),
                "{:?}: sweep {} vs plain {}",
                plan.node(node),
                got,
                plain
            );
        }
    }
}

/// An update that overflows the `Decimal` fallback comes back as the typed error a full
/// rollup of the same inputs gives, and not as a panic.
#[test]
fn an_update_that_overflows_is_the_full_rollups_error() {
    let huge = Weight::new(Decimal::MAX / Decimal::from(3)).unwrap();
    let to = || vec![Contribution::new(ObjectiveId::new("o").unwrap(), huge)];
    let data = PortfolioData {
        policy: RollupPolicy::new(RollupMethod::Weighted),
        period: None,
        objectives: vec![objective("o", ObjectiveTier::Portfolio, vec![])],
        key_results: vec![
            key_result("a", KeyResultTier::Product, to()),
            key_result("b", KeyResultTier::Product, to()),
        ],
    };
    let graph = OkrGraph::new(data).unwrap();
    let (a, b) = (
        KeyResultId::new("a").unwrap(),
        KeyResultId::new("b").unwrap(),
    );
    let mut inputs =
        ProgressInputs::new([(a.clone(), Progress::ZERO), (b.clone(), Progress::ZERO)]);
    let mut rollup = graph.rollup(&inputs).unwrap();
    let two = Progress::new(Decimal::TWO).unwrap();
    // 2 × MAX / 3 still fits: the update equals a full rollup.
    inputs.progress.insert(a, two);
    rollup
        .update_many(&[
            (b.clone(), Progress::ZERO),
            (KeyResultId::new("a").unwrap(), two),
        ])
        .unwrap();
    let full = graph.rollup(&inputs).unwrap();
    assert_eq!(rollup.computed_values(), full.computed_values());
    // 4 × MAX / 3 does not.
    inputs.progress.insert(b.clone(), two);
    let full = graph.rollup(&inputs).map(|_| ());
    assert!(matches!(full, Err(Error::Overflow { .. })), "{full:?}");
    assert_eq!(rollup.update(&b, two), full);
}

/// A rolled-up node's sum, prepared total and value at 28 places take 48 bytes, one
/// record per ancestor an update reads and per node a sweep writes.
#[test]
fn a_node_sum_record_holds_48_bytes() {
    assert_eq!(std::mem::size_of::<super::state::NodeSum>(), 48);
}
