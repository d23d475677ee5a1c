//! Property tests for the rollup invariants, over random valid three-tier portfolios.
// Test helpers outside `#[test]` functions unwrap like the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use folio_okr::{
    Contribution, Drivers, Engine, KeyResultData, KeyResultTier, NodeId, ObjectiveData,
    ObjectiveTier, OkrGraph, PortfolioData, ProgressInputs, RollupEngine, RollupMethod,
    RollupPolicy, SayDo, StatusRule,
};
use folio_types::{
    Decimal, KeyResultId, ObjectiveId, OwnerId, ProductId, Progress, Weight, strategy,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(192)
}

/// The weighted engine rounds each term `w × p` to 20 decimal places (`TERM_SCALE`),
/// so a mean can differ from the exact one by up to `n × 0.5e-20 / sum(w)`: with at most
/// a few dozen contributors and weights of at least 0.01 here, well below this.
fn tolerance() -> Decimal {
    Decimal::new(1, 15)
}

fn objective(
    id: String,
    tier: ObjectiveTier,
    drivers: Drivers,
    to: Vec<Contribution>,
) -> ObjectiveData {
    ObjectiveData {
        id: ObjectiveId::new(&id).unwrap(),
        name: id,
        tier,
        drivers,
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

fn key_result(id: String, tier: KeyResultTier, to: Vec<Contribution>) -> KeyResultData {
    KeyResultData {
        id: KeyResultId::new(&id).unwrap(),
        name: id,
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

fn to_objective(id: String, weight: Weight) -> Contribution {
    Contribution::new(ObjectiveId::new(id).unwrap(), weight)
}

fn to_key_result(id: String, weight: Weight) -> Contribution {
    Contribution::new(KeyResultId::new(id).unwrap(), weight)
}

/// A valid portfolio: every portfolio objective has a product objective under it, every
/// product objective a product key result, and each record has one positive primary
/// edge plus, sometimes, a second edge of any weight (shared key results).
fn portfolio(method: RollupMethod) -> impl Strategy<Value = (PortfolioData, ProgressInputs)> {
    let product_objectives = vec(
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
        1..=14,
    );
    let initiatives = vec(
        (
            any::<u8>(),
            option::of(any::<u8>()),
            strategy::positive_weight(),
            strategy::weight(),
        ),
        0..=10,
    );
    let progress = vec(strategy::progress(), 24);
    (
        1usize..=4,
        product_objectives,
        product_krs,
        initiatives,
        progress,
    )
        .prop_map(
            move |(
                portfolio_count,
                mut objective_shapes,
                kr_shapes,
                initiative_shapes,
                progress,
            )| {
                objective_shapes.truncate(kr_shapes.len());
                let n_o = objective_shapes.len();
                let n_p = portfolio_count.min(n_o);
                let mut objectives: Vec<ObjectiveData> = (0..n_p)
                    .map(|i| {
                        objective(
                            format!("p{i}"),
                            ObjectiveTier::Portfolio,
                            Drivers::Both,
                            vec![],
                        )
                    })
                    .collect();
                for (j, (extra, w, w2)) in objective_shapes.iter().enumerate() {
                    let mut to = vec![to_objective(format!("p{}", j % n_p), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_p)
                        .filter(|e| *e != j % n_p)
                    {
                        to.push(to_objective(format!("p{e}"), *w2));
                    }
                    objectives.push(objective(
                        format!("o{j}"),
                        ObjectiveTier::Product,
                        Drivers::KeyResults,
                        to,
                    ));
                }
                let mut key_results = Vec::new();
                for (k, (extra, direct, w, w2, w3)) in kr_shapes.iter().enumerate() {
                    let mut to = vec![to_objective(format!("o{}", k % n_o), *w)];
                    if let Some(e) = extra
                        .map(|e| usize::from(e) % n_o)
                        .filter(|e| *e != k % n_o)
                    {
                        to.push(to_objective(format!("o{e}"), *w2));
                    }
                    if let Some(d) = direct {
                        to.push(to_objective(format!("p{}", usize::from(*d) % n_p), *w3));
                    }
                    key_results.push(key_result(format!("k{k}"), KeyResultTier::Product, to));
                }
                let n_k = kr_shapes.len();
                let mut has_children = BTreeSet::new();
                for (i, (parent, extra, w, w2)) in initiative_shapes.iter().enumerate() {
                    let parent = usize::from(*parent) % n_k;
                    has_children.insert(parent);
                    let mut to = vec![to_key_result(format!("k{parent}"), *w)];
                    if let Some(e) = extra {
                        to.push(to_objective(format!("o{}", usize::from(*e) % n_o), *w2));
                    }
                    key_results.push(key_result(format!("i{i}"), KeyResultTier::Initiative, to));
                }
                let leaves = (0..n_k)
                    .filter(|k| !has_children.contains(k))
                    .map(|k| format!("k{k}"))
                    .chain((0..initiative_shapes.len()).map(|i| format!("i{i}")));
                let inputs = ProgressInputs::new(
                    leaves
                        .zip(progress)
                        .map(|(id, p)| (KeyResultId::new(id).unwrap(), p)),
                );
                let data = PortfolioData {
                    policy: RollupPolicy::new(method),
                    period: None,
                    objectives,
                    key_results,
                };
                (data, inputs)
            },
        )
}

fn either_method() -> impl Strategy<Value = (PortfolioData, ProgressInputs)> {
    prop_oneof![
        portfolio(RollupMethod::Weighted),
        portfolio(RollupMethod::SayDo)
    ]
}

/// The reported values by node id.
fn values_by_id(graph: &OkrGraph, inputs: &ProgressInputs) -> BTreeMap<NodeId, Progress> {
    let rollup = graph.rollup(inputs).unwrap();
    let plan = rollup.plan();
    plan.indices()
        .map(|i| {
            (
                plan.node(i).unwrap().clone(),
                rollup.reported_values()[i.get()],
            )
        })
        .collect()
}

/// The weighted mean of `node` as the engine's documentation defines it, computed
/// without the engine: each term `w × p` exact in `u128` and rounded half away from zero
/// to 20 places with `/` and `%`, their sum, then `Decimal` division by the total
/// weight. `None` where the reference itself does not fit (never for these
/// portfolios' small weights).
fn reference_weighted(
    plan: &folio_okr::Plan,
    node: folio_okr::NodeIndex,
    values: &[Progress],
) -> Option<Decimal> {
    let mut sum: u128 = 0;
    for &(child, weight) in plan.contributors(node) {
        let (w, p) = (weight.value(), values[child.get()].value());
        let exact = w
            .mantissa()
            .unsigned_abs()
            .checked_mul(p.mantissa().unsigned_abs())?;
        let scale = w.scale() + p.scale();
        let term = if scale <= 20 {
            exact.checked_mul(10u128.checked_pow(20 - scale)?)?
        } else {
            let unit = 10u128.checked_pow(scale - 20)?;
            let (q, r) = (exact / unit, exact % unit);
            if r >= unit - r { q + 1 } else { q }
        };
        sum = sum.checked_add(term)?;
    }
    Decimal::try_from_i128_with_scale(i128::try_from(sum).ok()?, 20)
        .ok()?
        .checked_div(plan.total_weight(node))
}

fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= tolerance()
}

/// A weighted portfolio of several thousand edges, so that the sweep reads its
/// contributor values ahead in many blocks, some of which span two tiers: every node
/// must still equal the engine's own `compute` from the final values.
#[test]
fn a_large_weighted_sweep_equals_the_engine_node_by_node() {
    let weight =
        |i: usize| Weight::new(Decimal::new(i64::try_from(i % 997 + 1).unwrap(), 2)).unwrap();
    let mut objectives: Vec<ObjectiveData> = (0..3)
        .map(|p| {
            objective(
                format!("p{p}"),
                ObjectiveTier::Portfolio,
                Drivers::Both,
                vec![],
            )
        })
        .collect();
    for o in 0..90 {
        objectives.push(objective(
            format!("o{o}"),
            ObjectiveTier::Product,
            Drivers::KeyResults,
            vec![to_objective(format!("p{}", o % 3), weight(o))],
        ));
    }
    let mut key_results = Vec::new();
    for k in 0..700 {
        let mut to = vec![to_objective(format!("o{}", k % 90), weight(k * 7))];
        if k % 11 == 0 {
            to.push(to_objective(format!("p{}", k % 3), weight(k)));
        }
        key_results.push(key_result(format!("k{k}"), KeyResultTier::Product, to));
    }
    for i in 0..2_600 {
        key_results.push(key_result(
            format!("i{i}"),
            KeyResultTier::Initiative,
            vec![to_key_result(format!("k{}", (i * 7) % 650), weight(i * 3))],
        ));
    }
    let leaves = (650..700)
        .map(|k| format!("k{k}"))
        .chain((0..2_600).map(|i| format!("i{i}")));
    let inputs = ProgressInputs::new(leaves.enumerate().map(|(n, id)| {
        let units = i64::try_from((n * 7_919) % 12_001).unwrap();
        (
            KeyResultId::new(id).unwrap(),
            Progress::new(Decimal::new(units, 4)).unwrap(),
        )
    }));
    let graph = OkrGraph::new(PortfolioData {
        policy: RollupPolicy::new(RollupMethod::Weighted),
        period: None,
        objectives,
        key_results,
    })
    .unwrap();
    // The first sweep starts from rolled-up nodes at zero, so a value read ahead
    // before its node was computed would show.
    let rollup = graph.rollup(&inputs).unwrap();
    let plan = rollup.plan();
    let values = rollup.reported_values();
    for node in plan.rolled_up() {
        let expected = rollup.engine().compute(plan, node, values).unwrap();
        assert_eq!(values[node.get()].to_string(), expected.to_string());
        if let Some(reference) = reference_weighted(plan, node, values) {
            assert_eq!(
                values[node.get()].to_string(),
                reference.normalize().to_string()
            );
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn weighted_rollup_lies_between_its_contributors((data, inputs) in portfolio(RollupMethod::Weighted)) {
        let graph = OkrGraph::new(data).unwrap();
        let rollup = graph.rollup(&inputs).unwrap();
        let plan = rollup.plan();
        let values = rollup.reported_values();
        for node in plan.rolled_up() {
            let children: Vec<Decimal> =
                plan.contributors(node).iter().map(|(c, _)| values[c.get()].value()).collect();
            let min = children.iter().copied().min().unwrap();
            let max = children.iter().copied().max().unwrap();
            let value = values[node.get()].value();
            prop_assert!(value >= min - tolerance() && value <= max + tolerance(),
                "{:?}: {} not in [{}, {}]", plan.node(node), value, min, max);
        }
    }

    #[test]
    fn scaling_every_weight_changes_nothing(
        (data, inputs) in portfolio(RollupMethod::Weighted),
        factor in prop::sample::select(vec!["2", "0.5", "3.7", "100", "0.01"]),
    ) {
        let factor: Decimal = factor.parse().unwrap();
        let mut scaled = data.clone();
        let edges = scaled.objectives.iter_mut().flat_map(|o| o.contributes_to.iter_mut())
            .chain(scaled.key_results.iter_mut().flat_map(|k| k.contributes_to.iter_mut()));
        for edge in edges {
            edge.weight = Weight::new(edge.weight.value() * factor).unwrap();
        }
        let before = values_by_id(&OkrGraph::new(data).unwrap(), &inputs);
        let after = values_by_id(&OkrGraph::new(scaled).unwrap(), &inputs);
        for ((id, a), (_, b)) in before.iter().zip(&after) {
            prop_assert!(close(a.value(), b.value()), "{id}: {a} vs {b}");
        }
    }

    #[test]
    fn input_order_changes_nothing(
        ((data, inputs), seed) in (either_method(), any::<u64>()),
    ) {
        let mut shuffled = data.clone();
        // A deterministic shuffle driven by the seed: rotate and reverse the lists.
        let rotate = |len: usize| if len == 0 { 0 } else { usize::try_from(seed % 97).unwrap() % len };
        let r = rotate(shuffled.objectives.len());
        shuffled.objectives.rotate_left(r);
        let r = rotate(shuffled.key_results.len());
        shuffled.key_results.rotate_left(r);
        if seed % 2 == 0 {
            shuffled.key_results.reverse();
            shuffled.objectives.reverse();
        }
        for k in &mut shuffled.key_results {
            k.contributes_to.reverse();
        }
        for o in &mut shuffled.objectives {
            o.contributes_to.reverse();
        }
        let a = OkrGraph::new(data).unwrap();
        let b = OkrGraph::new(shuffled).unwrap();
        prop_assert_eq!(a.plan(), b.plan());
        let ra = a.rollup(&inputs).unwrap();
        let rb = b.rollup(&inputs).unwrap();
        prop_assert_eq!(ra.reported_values(), rb.reported_values());
        prop_assert_eq!(ra.explain_all().unwrap(), rb.explain_all().unwrap());
    }

    #[test]
    fn the_graph_gives_back_every_record_it_was_given(
        ((data, _), seed) in (either_method(), any::<u64>()),
    ) {
        // Vary what the compact key result columns store: names other than the id,
        // several owners and products, deadlines, and edges in reverse order.
        let mut data = data;
        for (i, k) in data.key_results.iter_mut().enumerate() {
            let bits = seed.rotate_left(u32::try_from(i % 64).unwrap());
            if bits & 1 == 1 {
                k.name = format!("Key result {i}");
            }
            k.owner = OwnerId::new(format!("owner-{}", (bits >> 1) % 3)).unwrap();
            k.product = ProductId::new(format!("product-{}", (bits >> 3) % 2)).unwrap();
            if bits & 16 == 16 {
                k.deadline = folio_types::NaiveDate::from_ymd_opt(2026, 9, 30);
            }
            if bits & 32 == 32 {
                k.contributes_to.reverse();
            }
        }
        let graph = OkrGraph::new(data.clone()).unwrap();
        prop_assert_eq!(graph.key_result_count(), data.key_results.len());
        // The records are built on first use and equal the input, sorted by id; edges
        // the plan holds in another order come back as listed.
        let mut expected = data.key_results.clone();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        let records: Vec<KeyResultData> = graph.key_results().cloned().collect();
        prop_assert_eq!(&records, &expected);
        for k in &expected {
            prop_assert_eq!(graph.key_result(&k.id), Some(k));
        }
        let mut objectives = data.objectives.clone();
        objectives.sort_by(|a, b| a.id.cmp(&b.id));
        let given: Vec<ObjectiveData> = graph.objectives().cloned().collect();
        prop_assert_eq!(&given, &objectives);
        for o in &objectives {
            prop_assert_eq!(graph.objective(&o.id), Some(o));
        }
        prop_assert_eq!(graph.key_result(&KeyResultId::new("absent").unwrap()), None);
    }

    #[test]
    fn incremental_updates_equal_a_full_recompute(
        (data, mut inputs) in either_method(),
        updates in vec((any::<u8>(), strategy::progress()), 1..=20),
    ) {
        let graph = OkrGraph::new(data).unwrap();
        let mut rollup = graph.rollup(&inputs).unwrap();
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        for (pick, progress) in updates {
            let leaf = &leaves[usize::from(pick) % leaves.len()];
            rollup.update(leaf, progress).unwrap();
            inputs.progress.insert(leaf.clone(), progress);
        }
        let full = graph.rollup(&inputs).unwrap();
        prop_assert_eq!(rollup.reported_values(), full.reported_values());
        prop_assert_eq!(rollup.computed_values(), full.computed_values());
    }

    #[test]
    fn say_do_is_hits_over_total_of_distinct_key_results(
        (data, inputs) in portfolio(RollupMethod::SayDo),
        // A threshold of 0 is not a say-do engine (every key result would hit): it is
        // rejected, see tests/policy_validation.rs.
        threshold in strategy::progress().prop_filter("above 0", |p| !p.value().is_zero()),
    ) {
        // The counted key results, computed from the data rather than the plan.
        let mut direct: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
        let mut child_objectives: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
        for k in &data.key_results {
            for e in &k.contributes_to {
                direct.entry(e.to.clone()).or_default().insert(NodeId::KeyResult(k.id.clone()));
            }
        }
        for o in &data.objectives {
            for e in &o.contributes_to {
                child_objectives.entry(e.to.clone()).or_default().insert(NodeId::Objective(o.id.clone()));
            }
        }
        let graph = OkrGraph::new(data).unwrap();
        let rollup = graph.rollup_with(SayDo::new(threshold).unwrap(), &inputs).unwrap();
        for node in rollup.plan().rolled_up() {
            let id = rollup.plan().node(node).unwrap().clone();
            let mut counted = direct.get(&id).cloned().unwrap_or_default();
            for child in child_objectives.get(&id).into_iter().flatten() {
                counted.extend(direct.get(child).cloned().unwrap_or_default());
            }
            let hits = counted.iter()
                .filter(|k| rollup.value(k).unwrap().reported >= threshold)
                .count();
            let expected = Decimal::from(hits) / Decimal::from(counted.len());
            let explanation = rollup.explain(&id).unwrap();
            prop_assert_eq!(explanation.value.computed.value(), expected, "{}", id);
            let counts = explanation.breakdown.counts.unwrap();
            prop_assert_eq!((counts.hits, counts.total), (hits as u64, counted.len() as u64));
        }
    }

    #[test]
    fn full_sweep_equals_the_engine_node_by_node_digit_for_digit(
        (data, inputs) in either_method(),
        threshold in strategy::progress(),
    ) {
        // The sweep runs a loop specialized for its engine; each node's value must be
        // the one the engine's own `compute` gives from the same contributor values
        // (fixed-point terms and quotient for weighted, `Decimal` comparison and
        // division for say-do), to the digit and the scale.
        let graph = OkrGraph::new(data).unwrap();
        let check = |rollup: &folio_okr::Rollup<Engine>| -> Result<(), TestCaseError> {
            let plan = rollup.plan();
            let values = rollup.reported_values();
            for node in plan.rolled_up() {
                let expected = rollup.engine().compute(plan, node, values).unwrap();
                prop_assert_eq!(values[node.get()].to_string(), expected.to_string());
            }
            Ok(())
        };
        check(&graph.rollup(&inputs).unwrap())?;
        // A hit threshold of 0 is refused when the engine is built; every other one is
        // swept.
        if graph.policy().method() == RollupMethod::SayDo {
            if let Ok(say_do) = SayDo::new(threshold) {
                check(&graph.rollup_with(Engine::SayDo(say_do), &inputs).unwrap())?;
            }
        }
    }

    #[test]
    fn weighted_sweep_matches_a_decimal_reference_digit_for_digit(
        (data, inputs) in portfolio(RollupMethod::Weighted),
        updates in vec((any::<u8>(), strategy::progress()), 0..=4),
    ) {
        // Every node of the fast sweep (fixed-point terms, divisions through prepared
        // reciprocals), after a few incremental updates, against a reference computed
        // here with plain `u128` division for the terms and `Decimal` division for the
        // mean: the same value, and the same digits and scale as `Decimal`'s quotient
        // without trailing zeros.
        let graph = OkrGraph::new(data).unwrap();
        let mut rollup = graph.rollup(&inputs).unwrap();
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        for (pick, progress) in updates {
            rollup.update(&leaves[usize::from(pick) % leaves.len()], progress).unwrap();
        }
        let plan = rollup.plan();
        let values = rollup.computed_values();
        for node in plan.rolled_up() {
            let Some(expected) = reference_weighted(plan, node, values) else {
                continue;
            };
            let got = values[node.get()].value();
            prop_assert_eq!(got, expected);
            let digits = expected.normalize();
            prop_assert_eq!(got.to_string(), digits.to_string());
            prop_assert_eq!(got.scale(), digits.scale());
        }
    }

    #[test]
    fn explanations_add_up_to_the_value((data, inputs) in either_method()) {
        let graph = OkrGraph::new(data).unwrap();
        let rollup = graph.rollup(&inputs).unwrap();
        for explanation in rollup.explain_all().unwrap() {
            let sum: Decimal = explanation.breakdown.terms.iter().map(|t| t.contribution).sum();
            prop_assert!(close(sum, explanation.value.computed.value()),
                "{}: {} vs {}", explanation.value.node, sum, explanation.value.computed);
            let shares: Decimal = explanation.breakdown.terms.iter().map(|t| t.share).sum();
            prop_assert!(close(shares, Decimal::ONE));
        }
    }

    #[test]
    fn status_updates_equal_a_full_rollup_and_worst_child_is_the_max(
        (data, mut inputs) in either_method(),
        rule in prop::sample::select(vec![StatusRule::WorstChild, StatusRule::ConfidenceWeightedMean]),
        confidences in vec(strategy::confidence(), 24),
        updates in vec((any::<u8>(), strategy::confidence()), 1..=12),
    ) {
        let mut data = data;
        data.policy = data.policy.clone().with_status(data.policy.status().with_rule(rule));
        let leaves: Vec<KeyResultId> = inputs.progress.keys().cloned().collect();
        inputs.confidence = leaves.iter().cloned().zip(confidences).collect();
        let graph = OkrGraph::new(data).unwrap();
        let mut status = graph.status(&inputs).unwrap();
        for (pick, confidence) in updates {
            let leaf = &leaves[usize::from(pick) % leaves.len()];
            status.update(leaf, confidence).unwrap();
            inputs.confidence.insert(leaf.clone(), confidence);
        }
        let full = graph.status(&inputs).unwrap();
        prop_assert_eq!(status.status_values(), full.status_values());
        prop_assert_eq!(status.confidence_values(), full.confidence_values());
        let plan = graph.plan();
        for node in plan.rolled_up() {
            let children = plan.contributors(node);
            let worst = children.iter().map(|(c, _)| full.status_values()[c.get()]).max().unwrap();
            if rule == StatusRule::WorstChild {
                prop_assert_eq!(full.status_values()[node.get()], worst);
            } else {
                prop_assert!(full.status_values()[node.get()] <= worst);
            }
        }
    }

    /// The documented answer to "is a shared key result counted twice?": every node's
    /// weighted value is a convex combination of the leaves, the shares along all paths
    /// from a leaf multiplied and summed, and those effective shares sum to 1.
    #[test]
    fn weighted_values_are_convex_combinations_of_the_leaves(
        (data, inputs) in portfolio(RollupMethod::Weighted),
    ) {
        let graph = OkrGraph::new(data).unwrap();
        let rollup = graph.rollup(&inputs).unwrap();
        let plan = rollup.plan();
        let values = rollup.reported_values();
        // Effective leaf shares per node, in topological order.
        let mut shares: Vec<BTreeMap<usize, Decimal>> = Vec::new();
        for node in plan.indices() {
            let mut mine = BTreeMap::new();
            if plan.is_leaf(node) {
                mine.insert(node.get(), Decimal::ONE);
            } else {
                let total = plan.total_weight(node);
                for (child, weight) in plan.contributors(node) {
                    let part = weight.value() / total;
                    for (leaf, share) in &shares[child.get()] {
                        *mine.entry(*leaf).or_insert(Decimal::ZERO) += part * share;
                    }
                }
            }
            shares.push(mine);
        }
        for node in plan.rolled_up() {
            let mine = &shares[node.get()];
            let sum: Decimal = mine.values().copied().sum();
            prop_assert!(close(sum, Decimal::ONE), "{:?}: shares sum to {}", plan.node(node), sum);
            let combination: Decimal =
                mine.iter().map(|(leaf, share)| *share * values[*leaf].value()).sum();
            prop_assert!(close(combination, values[node.get()].value()),
                "{:?}: {} vs {}", plan.node(node), combination, values[node.get()]);
        }
    }
}
