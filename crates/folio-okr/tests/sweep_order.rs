//! The plan numbers its nodes in sweep order (a parent's contributors next to each
//! other), which users never see: every value, by id, equals a `Decimal` reference
//! computed here from the portfolio data alone (no plan index involved), digit for
//! digit and scale for scale; values and explanations are listed by level and id.
// Test helpers outside `#[test]` functions unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use folio_okr::{
    Contribution, Drivers, KeyResultData, KeyResultTier, NodeId, ObjectiveData, ObjectiveTier,
    OkrGraph, Override, OverridePolicy, PortfolioData, ProgressInputs, RollupMethod, RollupPolicy,
};
use folio_types::{
    Decimal, KeyResultId, ObjectiveId, OwnerId, ProductId, Progress, Weight, strategy,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn objective(id: &str, tier: ObjectiveTier, to: Vec<Contribution>) -> ObjectiveData {
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

fn key_result(id: &str, tier: KeyResultTier, to: Vec<Contribution>) -> KeyResultData {
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

fn to_objective(id: &str, weight: Weight) -> Contribution {
    Contribution::new(ObjectiveId::new(id).unwrap(), weight)
}

fn to_key_result(id: &str, weight: Weight) -> Contribution {
    Contribution::new(KeyResultId::new(id).unwrap(), weight)
}

/// A random valid portfolio with shared nodes: a product objective may roll into two
/// portfolio objectives, a product key result into two product objectives and a
/// portfolio objective, an initiative key result into two product key results or a
/// product objective. Ids are numbered so that siblings are far apart by id.
#[allow(clippy::type_complexity)]
fn portfolio() -> impl Strategy<Value = (PortfolioData, ProgressInputs)> {
    let objectives = vec(
        (
            option::of(any::<u8>()),
            strategy::positive_weight(),
            strategy::weight(),
        ),
        1..=6,
    );
    let product_krs = vec(
        (
            option::of(any::<u8>()),
            option::of(any::<u8>()),
            strategy::positive_weight(),
            strategy::weight(),
            strategy::weight(),
        ),
        1..=12,
    );
    let initiatives = vec(
        (
            any::<u8>(),
            option::of(any::<u8>()),
            any::<bool>(),
            strategy::positive_weight(),
            // Positive: a product key result may have only such second links below it,
            // and its contributors' weights must not all be zero.
            strategy::positive_weight(),
        ),
        0..=30,
    );
    let settings = (
        prop::sample::select(vec![RollupMethod::Weighted, RollupMethod::SayDo]),
        prop::sample::select(vec![OverridePolicy::Report, OverridePolicy::Ignore]),
        strategy::progress().prop_filter("above 0", |p| !p.value().is_zero()),
        vec((any::<u8>(), strategy::progress()), 0..=3),
    );
    (
        1usize..=3,
        objectives,
        product_krs,
        initiatives,
        vec(strategy::progress(), 48),
        settings,
    )
        .prop_map(
            |(n_p, mut shapes, kr_shapes, initiative_shapes, progress, settings)| {
                let (method, override_policy, threshold, override_picks) = settings;
                shapes.truncate(kr_shapes.len());
                let (n_o, n_k) = (shapes.len(), kr_shapes.len());
                let n_p = n_p.min(n_o);
                let mut objectives: Vec<ObjectiveData> = (0..n_p)
                    .map(|i| objective(&format!("p{i}"), ObjectiveTier::Portfolio, vec![]))
                    .collect();
                for (j, (extra, w, w2)) in shapes.iter().enumerate() {
                    let mut to = vec![to_objective(&format!("p{}", j % n_p), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_p)
                        .filter(|e| *e != j % n_p)
                    {
                        to.push(to_objective(&format!("p{e}"), *w2));
                    }
                    objectives.push(objective(&format!("o{j}"), ObjectiveTier::Product, to));
                }
                let mut key_results = Vec::new();
                for (k, (extra, direct, w, w2, w3)) in kr_shapes.iter().enumerate() {
                    let mut to = vec![to_objective(&format!("o{}", k % n_o), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_o)
                        .filter(|e| *e != k % n_o)
                    {
                        to.push(to_objective(&format!("o{e}"), *w2));
                    }
                    if let Some(d) = direct {
                        to.push(to_objective(&format!("p{}", usize::from(*d) % n_p), *w3));
                    }
                    key_results.push(key_result(&format!("k{k}"), KeyResultTier::Product, to));
                }
                let mut has_children = BTreeSet::new();
                for (i, (parent, extra, extra_is_kr, w, w2)) in initiative_shapes.iter().enumerate()
                {
                    let parent = usize::from(*parent) % n_k;
                    has_children.insert(parent);
                    let mut to = vec![to_key_result(&format!("k{parent}"), *w)];
                    match extra.map(usize::from) {
                        Some(e) if *extra_is_kr && e % n_k != parent => {
                            has_children.insert(e % n_k);
                            to.push(to_key_result(&format!("k{}", e % n_k), *w2));
                        }
                        Some(e) if !*extra_is_kr => {
                            to.push(to_objective(&format!("o{}", e % n_o), *w2));
                        }
                        _ => {}
                    }
                    key_results.push(key_result(&format!("i{i}"), KeyResultTier::Initiative, to));
                }
                let leaves = (0..n_k)
                    .filter(|k| !has_children.contains(k))
                    .map(|k| format!("k{k}"))
                    .chain((0..initiative_shapes.len()).map(|i| format!("i{i}")));
                let rolled: Vec<NodeId> = (0..n_p)
                    .map(|i| NodeId::from(ObjectiveId::new(format!("p{i}")).unwrap()))
                    .chain(
                        (0..n_o).map(|j| NodeId::from(ObjectiveId::new(format!("o{j}")).unwrap())),
                    )
                    .chain(
                        has_children
                            .iter()
                            .map(|k| NodeId::from(KeyResultId::new(format!("k{k}")).unwrap())),
                    )
                    .collect();
                let overrides: BTreeMap<NodeId, Progress> = override_picks
                    .into_iter()
                    .map(|(pick, p)| (rolled[usize::from(pick) % rolled.len()].clone(), p))
                    .collect();
                let mut inputs = ProgressInputs::new(
                    leaves
                        .zip(progress)
                        .map(|(id, p)| (KeyResultId::new(id).unwrap(), p)),
                );
                inputs.overrides = overrides
                    .into_iter()
                    .map(|(node, progress)| Override {
                        node,
                        progress,
                        owner: OwnerId::new("lead").unwrap(),
                        reason: String::new(),
                    })
                    .collect();
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

/// Each node's level rank (portfolio objectives 0 to initiative key results 3) and
/// contributors, from the data.
struct Reference<'d> {
    data: &'d PortfolioData,
    inputs: &'d ProgressInputs,
    rank: BTreeMap<NodeId, u8>,
    drivers: BTreeMap<NodeId, Drivers>,
    contributors: BTreeMap<NodeId, Vec<(NodeId, Weight)>>,
    /// Computed and reported values, filled in as they are asked for.
    values: BTreeMap<NodeId, (Decimal, Decimal)>,
}

impl<'d> Reference<'d> {
    fn new(data: &'d PortfolioData, inputs: &'d ProgressInputs) -> Self {
        let mut rank = BTreeMap::new();
        let mut drivers = BTreeMap::new();
        let mut contributors: BTreeMap<NodeId, Vec<(NodeId, Weight)>> = BTreeMap::new();
        for o in &data.objectives {
            let id = NodeId::from(o.id.clone());
            rank.insert(
                id.clone(),
                if o.tier == ObjectiveTier::Portfolio {
                    0
                } else {
                    1
                },
            );
            drivers.insert(id.clone(), o.drivers);
            for e in &o.contributes_to {
                contributors
                    .entry(e.to.clone())
                    .or_default()
                    .push((id.clone(), e.weight));
            }
        }
        for k in &data.key_results {
            let id = NodeId::from(k.id.clone());
            rank.insert(
                id.clone(),
                if k.tier == KeyResultTier::Product {
                    2
                } else {
                    3
                },
            );
            for e in &k.contributes_to {
                contributors
                    .entry(e.to.clone())
                    .or_default()
                    .push((id.clone(), e.weight));
            }
        }
        Self {
            data,
            inputs,
            rank,
            drivers,
            contributors,
            values: BTreeMap::new(),
        }
    }

    fn is_leaf(&self, node: &NodeId) -> bool {
        matches!(node, NodeId::KeyResult(_)) && !self.contributors.contains_key(node)
    }

    /// The order values and explanations are listed in: leaves first, then by tier from
    /// the bottom up, objectives before key results of one rank, then by id.
    fn listing_key(&self, node: &NodeId) -> (bool, u8, bool, NodeId) {
        (
            !self.is_leaf(node),
            3 - self.rank[node],
            matches!(node, NodeId::KeyResult(_)),
            node.clone(),
        )
    }

    /// The key results a say-do rollup counts at `node`.
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

    /// `(computed, reported)` of `node`.
    fn value(&mut self, node: &NodeId) -> (Decimal, Decimal) {
        if let Some(&v) = self.values.get(node) {
            return v;
        }
        let value = if let (true, NodeId::KeyResult(id)) = (self.is_leaf(node), node) {
            let p = self.inputs.progress[id].value();
            (p, p)
        } else {
            let computed = match self.data.policy.method() {
                RollupMethod::Weighted => self.weighted(node),
                _ => {
                    let members = self.members(node);
                    let threshold = self.data.policy.hit_threshold().value();
                    let hits = members
                        .iter()
                        .filter(|m| self.value(m).1 >= threshold)
                        .count();
                    Decimal::from(hits) / Decimal::from(members.len())
                }
            };
            let owner = self.inputs.overrides.iter().find(|o| o.node == *node);
            let reported = match (owner, self.data.policy.overrides()) {
                (Some(o), OverridePolicy::Report) => o.progress.value(),
                _ => computed,
            };
            (computed, reported)
        };
        self.values.insert(node.clone(), value);
        value
    }

    /// Each term `w × p` exact in `u128`, rounded half away from zero to 20 places,
    /// their sum, then `Decimal` division by the total weight, without trailing zeros.
    fn weighted(&mut self, node: &NodeId) -> Decimal {
        let contributors = self.contributors[node].clone();
        let mut sum: u128 = 0;
        let mut total = Decimal::ZERO;
        for (child, weight) in contributors {
            let (w, p) = (weight.value(), self.value(&child).1);
            total += w;
            let exact = w.mantissa().unsigned_abs() * p.mantissa().unsigned_abs();
            let scale = w.scale() + p.scale();
            sum += if scale <= 20 {
                exact * 10u128.pow(20 - scale)
            } else {
                let unit = 10u128.pow(scale - 20);
                let (q, r) = (exact / unit, exact % unit);
                if r >= unit - r { q + 1 } else { q }
            };
        }
        (Decimal::from_i128_with_scale(i128::try_from(sum).unwrap(), 20) / total).normalize()
    }
}

fn same_digits(got: Decimal, expected: Decimal) -> bool {
    got.to_string() == expected.to_string() && got.scale() == expected.scale()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn reordered_rollups_equal_a_decimal_reference_by_id(
        (data, inputs) in portfolio(),
        updates in vec((any::<u8>(), strategy::progress()), 0..=4),
    ) {
        let graph = OkrGraph::new(data.clone()).unwrap();
        let mut rollup = graph.rollup(&inputs).unwrap();
        // A few check-ins by id, then the same inputs from scratch for the reference.
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        let mut inputs = inputs;
        let changes: Vec<(KeyResultId, Progress)> = updates
            .iter()
            .map(|&(pick, p)| (leaves[usize::from(pick) % leaves.len()].clone(), p))
            .collect();
        for (i, (leaf, p)) in changes.iter().enumerate() {
            if i % 2 == 0 {
                rollup.update(leaf, *p).unwrap();
            } else {
                rollup.update_many(std::slice::from_ref(&(leaf.clone(), *p))).unwrap();
            }
            inputs.progress.insert(leaf.clone(), *p);
        }
        let mut reference = Reference::new(&data, &inputs);
        let mut ids: Vec<NodeId> = reference.rank.keys().cloned().collect();
        for id in &ids {
            let (computed, reported) = reference.value(id);
            let got = rollup.value(id).unwrap();
            prop_assert!(same_digits(got.computed.value(), computed),
                "{}: computed {} vs reference {}", id, got.computed, computed);
            prop_assert!(same_digits(got.reported.value(), reported),
                "{}: reported {} vs reference {}", id, got.reported, reported);
        }
        // Listed by level and id, as before the plan was renumbered; explanations list
        // their terms the same way.
        ids.sort_by_key(|id| reference.listing_key(id));
        let listed: Vec<NodeId> = rollup.values().into_iter().map(|v| v.node).collect();
        prop_assert_eq!(&listed, &ids);
        let rolled: Vec<NodeId> = ids.iter().filter(|id| !reference.is_leaf(id)).cloned().collect();
        let explained: Vec<NodeId> =
            rollup.explain_all().unwrap().into_iter().map(|e| e.value.node).collect();
        prop_assert_eq!(&explained, &rolled);
        for id in &rolled {
            let terms: Vec<NodeId> =
                rollup.explain(id).unwrap().breakdown.terms.into_iter().map(|t| t.child).collect();
            let mut expected: Vec<NodeId> = match data.policy.method() {
                RollupMethod::Weighted => {
                    reference.contributors[id].iter().map(|(c, _)| c.clone()).collect()
                }
                _ => reference.members(id).into_iter().collect(),
            };
            expected.sort_by_key(|c| reference.listing_key(c));
            prop_assert_eq!(terms, expected, "{}", id);
        }
    }

    #[test]
    fn contributors_grouped_under_a_parent_are_numbered_next_to_each_other(
        (data, _) in portfolio(),
    ) {
        let graph = OkrGraph::new(data).unwrap();
        let plan = graph.plan();
        // Each node's home: the parent with the lowest index.
        let mut homed: BTreeMap<usize, Vec<folio_okr::NodeIndex>> = BTreeMap::new();
        for node in plan.indices() {
            prop_assert_eq!(plan.is_leaf(node), node.get() < plan.leaf_count());
            for &(child, _) in plan.contributors(node) {
                prop_assert!(child < node, "topological order");
            }
            if let Some(home) = plan.parents(node).iter().min() {
                homed.entry(home.get()).or_default().push(node);
            }
        }
        for (home, children) in homed {
            // The leaves and the rolled-up nodes of each level are numbered in groups
            // of their own: within each group, one consecutive range.
            let mut parts: BTreeMap<Option<folio_okr::Level>, Vec<usize>> = BTreeMap::new();
            for c in children {
                let group = if plan.is_leaf(c) { None } else { plan.level(c) };
                parts.entry(group).or_default().push(c.get());
            }
            for mut part in parts.into_values() {
                part.sort_unstable();
                if let (Some(first), Some(last)) = (part.first(), part.last()) {
                    prop_assert_eq!(last - first + 1, part.len(), "children of node {}", home);
                }
            }
        }
    }
}

/// The bench's shape in small: each product key result's initiative key results are
/// `i{k}`, `i{k + 3}`, `i{k + 6}`, far apart by id, and are numbered next to each other
/// in the order their parents are swept.
#[test]
fn siblings_far_apart_by_id_are_numbered_next_to_each_other() {
    let w = Weight::ONE;
    let objectives = vec![
        objective("p", ObjectiveTier::Portfolio, vec![]),
        objective("o", ObjectiveTier::Product, vec![to_objective("p", w)]),
    ];
    let mut key_results: Vec<KeyResultData> = (0..3)
        .map(|k| {
            key_result(
                &format!("k{k}"),
                KeyResultTier::Product,
                vec![to_objective("o", w)],
            )
        })
        .collect();
    key_results.extend((0..9).map(|i| {
        key_result(
            &format!("i{i}"),
            KeyResultTier::Initiative,
            vec![to_key_result(&format!("k{}", i % 3), w)],
        )
    }));
    let data = PortfolioData {
        policy: RollupPolicy::new(RollupMethod::Weighted),
        period: None,
        objectives,
        key_results,
    };
    let graph = OkrGraph::new(data).unwrap();
    let plan = graph.plan();
    let names: Vec<String> = plan
        .indices()
        .map(|i| match plan.node(i).unwrap() {
            NodeId::KeyResult(id) => id.to_string(),
            NodeId::Objective(id) => id.to_string(),
        })
        .collect();
    assert_eq!(
        names,
        [
            "i0", "i3", "i6", "i1", "i4", "i7", "i2", "i5", "i8", "k0", "k1", "k2", "o", "p"
        ]
    );
    // Each product key result reads three consecutive leaves.
    for k in 0..3u32 {
        let node = plan
            .index_of(&NodeId::from(KeyResultId::new(format!("k{k}")).unwrap()))
            .unwrap();
        let children: Vec<usize> = plan
            .contributors(node)
            .iter()
            .map(|(c, _)| c.get())
            .collect();
        let first = usize::try_from(k).unwrap() * 3;
        assert_eq!(children, [first, first + 1, first + 2]);
    }
}

/// An empty portfolio compiles to an empty plan whose rollups hold nothing.
#[test]
fn an_empty_portfolio_rolls_up_to_nothing() {
    for method in [RollupMethod::Weighted, RollupMethod::SayDo] {
        let data = PortfolioData {
            policy: RollupPolicy::new(method),
            period: None,
            objectives: Vec::new(),
            key_results: Vec::new(),
        };
        let graph = OkrGraph::new(data).unwrap();
        assert!(graph.plan().is_empty());
        let rollup = graph.rollup(&ProgressInputs::default()).unwrap();
        assert!(rollup.values().is_empty());
        assert!(rollup.explain_all().unwrap().is_empty());
    }
}
