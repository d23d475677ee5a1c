//! Properties of the cascade check over random draft portfolios: input order never
//! matters, a compiled graph agrees with the draft check, filling a gap removes exactly
//! that gap, and every finding agrees with a naive reading of the records.
// Test helpers outside `#[test]` functions unwrap, index fixed tables and do index
// arithmetic; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::{BTreeMap, BTreeSet};

use folio_metrics::{Goal, Target};
use folio_okr::{
    CascadeReport, Contribution, Drivers, KeyResultData, KeyResultTier, Level, NodeId,
    ObjectiveData, ObjectiveTier, OkrGraph, PortfolioData, ResourceClaim, ResourceId, RollupMethod,
    RollupPolicy, SmartCriterion, SmartFailure, cascade_draft,
};
use folio_types::{
    Decimal, KeyResultId, MetricId, NaiveDate, ObjectiveId, OwnerId, Period, ProductId, Weight,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

const PRODUCTS: [&str; 3] = ["atlas", "lens", "nova"];
const METRICS: [&str; 3] = ["arr", "nps", "adoption"];
const RESOURCES: [&str; 2] = ["data-team", "design-team"];
const CLAIM_PERIODS: [&str; 6] = [
    "2026-04",
    "2026-05",
    "2026-06",
    "2026-Q2",
    "2026-Q3",
    "2026-05-15/2026-07-15",
];
const DEADLINES: [&str; 4] = ["2026-04-01", "2026-05-15", "2026-06-30", "2026-07-01"];
const PERIODS: [&str; 2] = ["2026-Q2", "2026"];
const THEMES: [&str; 2] = ["cross-sell growth", " "];

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// A target on `METRICS[metric]` of goal kind `kind`: increase, decrease, stay above,
/// within a range, milestone.
fn target(metric: usize, kind: u8) -> Target {
    let d = |n| Decimal::new(n, 0);
    let goal = match kind % 5 {
        0 => Goal::IncreaseTo {
            baseline: d(1),
            target: d(2),
        },
        1 => Goal::DecreaseTo {
            baseline: d(2),
            target: d(1),
        },
        2 => Goal::StayAbove { threshold: d(1) },
        3 => Goal::WithinRange {
            low: d(1),
            high: d(2),
        },
        _ => Goal::Milestone,
    };
    Target::new(
        MetricId::new(METRICS[metric % METRICS.len()]).unwrap(),
        goal,
    )
    .unwrap()
}

fn edge_to(node: NodeId) -> Contribution {
    Contribution::new(node, Weight::ONE)
}

fn date(i: usize) -> NaiveDate {
    DEADLINES[i % DEADLINES.len()].parse().unwrap()
}

/// The fields every goal shape draws: a target (metric, kind) and a deadline.
type GoalShape = (Option<(usize, u8)>, Option<usize>);

fn goal_shape() -> impl Strategy<Value = GoalShape> {
    (option::of((0usize..3, any::<u8>())), option::of(0usize..4))
}

fn claims() -> impl Strategy<Value = Vec<(usize, usize)>> {
    vec(
        (0usize..RESOURCES.len(), 0usize..CLAIM_PERIODS.len()),
        0..=2,
    )
}

fn key_result(
    id: String,
    tier: KeyResultTier,
    product: usize,
    parents: Vec<NodeId>,
    (shape_target, deadline): GoalShape,
    claims: &[(usize, usize)],
) -> KeyResultData {
    let mut parents = parents;
    parents.sort();
    parents.dedup();
    KeyResultData {
        id: KeyResultId::new(&id).unwrap(),
        name: id,
        tier,
        owner: OwnerId::new("owner").unwrap(),
        product: ProductId::new(PRODUCTS[product % PRODUCTS.len()]).unwrap(),
        contributes_to: parents.into_iter().map(edge_to).collect(),
        target: shape_target.map(|(m, k)| target(m, k)),
        deadline: deadline.map(date),
        resources: claims
            .iter()
            .map(|(r, p)| ResourceClaim {
                resource: ResourceId::new(RESOURCES[*r]).unwrap(),
                period: CLAIM_PERIODS[*p].parse().unwrap(),
            })
            .collect(),
        depends_on: Vec::new(),
    }
}

/// A draft portfolio that passes validation except, perhaps, for objectives without
/// contributors: portfolio objectives count both kinds of contributors, product
/// objectives their key results; product key results hang under product or portfolio
/// objectives, initiatives under product key results or product objectives.
fn portfolio() -> impl Strategy<Value = PortfolioData> {
    let tops = vec(
        (
            option::of(0usize..THEMES.len()),
            option::of(0usize..PRODUCTS.len()),
            goal_shape(),
        ),
        1..=4,
    );
    let product_objectives = vec(
        (
            option::of(0usize..3),
            any::<u8>(),
            option::of(any::<u8>()),
            goal_shape(),
        ),
        0..=5,
    );
    let product_krs = vec(
        (
            0usize..3,
            any::<u8>(),
            option::of(any::<u8>()),
            goal_shape(),
            claims(),
        ),
        0..=9,
    );
    let initiatives = vec(
        (
            0usize..3,
            any::<u8>(),
            option::of(any::<u8>()),
            goal_shape(),
            claims(),
        ),
        0..=5,
    );
    let period = option::of(0usize..PERIODS.len());
    (tops, product_objectives, product_krs, initiatives, period).prop_map(
        |(tops, pos, krs, initiatives, period)| {
            let n_p = tops.len();
            let top_id = |i: u8| {
                NodeId::from(ObjectiveId::new(format!("p{}", usize::from(i) % n_p)).unwrap())
            };
            let mut objectives: Vec<ObjectiveData> = tops
                .iter()
                .enumerate()
                .map(|(i, (theme, product, (t, deadline)))| ObjectiveData {
                    id: ObjectiveId::new(format!("p{i}")).unwrap(),
                    name: format!("p{i}"),
                    tier: ObjectiveTier::Portfolio,
                    drivers: Drivers::Both,
                    owner: None,
                    product: product.map(|p| ProductId::new(PRODUCTS[p]).unwrap()),
                    theme: theme.map(|t| THEMES[t].to_owned()),
                    method: None,
                    contributes_to: vec![],
                    target: t.map(|(m, k)| target(m, k)),
                    deadline: deadline.map(date),
                    depends_on: Vec::new(),
                })
                .collect();
            for (j, (product, parent, extra, (t, deadline))) in pos.iter().enumerate() {
                let mut parents = vec![top_id(*parent)];
                parents.extend(extra.map(top_id));
                parents.sort();
                parents.dedup();
                objectives.push(ObjectiveData {
                    id: ObjectiveId::new(format!("o{j}")).unwrap(),
                    name: format!("o{j}"),
                    tier: ObjectiveTier::Product,
                    drivers: Drivers::KeyResults,
                    owner: None,
                    product: product.map(|p| ProductId::new(PRODUCTS[p]).unwrap()),
                    theme: None,
                    method: None,
                    contributes_to: parents.into_iter().map(edge_to).collect(),
                    target: t.map(|(m, k)| target(m, k)),
                    deadline: deadline.map(date),
                    depends_on: Vec::new(),
                });
            }
            // Product key results pick among the product and the portfolio objectives.
            let n_o = pos.len();
            let objective_parent = |i: u8| {
                let i = usize::from(i) % (n_o + n_p);
                let id = if i < n_o {
                    format!("o{i}")
                } else {
                    format!("p{}", i - n_o)
                };
                NodeId::from(ObjectiveId::new(id).unwrap())
            };
            let mut key_results: Vec<KeyResultData> = krs
                .iter()
                .enumerate()
                .map(|(k, (product, parent, extra, shape, c))| {
                    let mut parents = vec![objective_parent(*parent)];
                    parents.extend(extra.map(objective_parent));
                    key_result(
                        format!("k{k}"),
                        KeyResultTier::Product,
                        *product,
                        parents,
                        *shape,
                        c,
                    )
                })
                .collect();
            // Initiatives pick among the product key results and product objectives.
            let n_k = krs.len();
            if n_k + n_o > 0 {
                let initiative_parent = |i: u8| {
                    let i = usize::from(i) % (n_k + n_o);
                    if i < n_k {
                        NodeId::from(KeyResultId::new(format!("k{i}")).unwrap())
                    } else {
                        NodeId::from(ObjectiveId::new(format!("o{}", i - n_k)).unwrap())
                    }
                };
                for (i, (product, parent, extra, shape, c)) in initiatives.iter().enumerate() {
                    let mut parents = vec![initiative_parent(*parent)];
                    parents.extend(extra.map(initiative_parent));
                    key_results.push(key_result(
                        format!("i{i}"),
                        KeyResultTier::Initiative,
                        *product,
                        parents,
                        *shape,
                        c,
                    ));
                }
            }
            PortfolioData {
                policy: RollupPolicy::new(RollupMethod::Weighted),
                period: period.map(|p| PERIODS[p].parse().unwrap()),
                objectives,
                key_results,
            }
        },
    )
}

/// A portfolio and a reordering of it: records shuffled, and every record's edges and
/// claims reversed or not.
fn reordered() -> impl Strategy<Value = (PortfolioData, PortfolioData)> {
    portfolio()
        .prop_flat_map(|data| {
            let objectives = Just(data.objectives.clone()).prop_shuffle();
            let key_results = Just(data.key_results.clone()).prop_shuffle();
            (Just(data), objectives, key_results, any::<bool>())
        })
        .prop_map(|(data, objectives, mut key_results, flip)| {
            let mut objectives = objectives;
            if flip {
                for o in &mut objectives {
                    o.contributes_to.reverse();
                }
                for k in &mut key_results {
                    k.contributes_to.reverse();
                    k.resources.reverse();
                }
            }
            let shuffled = PortfolioData {
                objectives,
                key_results,
                ..data.clone()
            };
            (data, shuffled)
        })
}

fn report(data: &PortfolioData) -> CascadeReport {
    cascade_draft(data).unwrap()
}

/// Every node's ancestors, by walking the edges up (the check walks them down).
fn ancestors(data: &PortfolioData) -> BTreeMap<NodeId, BTreeSet<NodeId>> {
    let parents: BTreeMap<NodeId, Vec<NodeId>> = data
        .objectives
        .iter()
        .map(|o| {
            (
                NodeId::from(o.id.clone()),
                o.contributes_to.iter().map(|e| e.to.clone()).collect(),
            )
        })
        .chain(data.key_results.iter().map(|k| {
            (
                NodeId::from(k.id.clone()),
                k.contributes_to.iter().map(|e| e.to.clone()).collect(),
            )
        }))
        .collect();
    let mut all = BTreeMap::new();
    for node in parents.keys() {
        let mut seen = BTreeSet::new();
        let mut stack = vec![node.clone()];
        while let Some(n) = stack.pop() {
            for p in parents.get(&n).into_iter().flatten() {
                if seen.insert(p.clone()) {
                    stack.push(p.clone());
                }
            }
        }
        all.insert(node.clone(), seen);
    }
    all
}

/// Measurable by the rule, computed by recursion over the records.
fn measurable(data: &PortfolioData, node: &NodeId) -> bool {
    let own: Option<&Target> = match node {
        NodeId::Objective(id) => data
            .objectives
            .iter()
            .find(|o| &o.id == id)
            .unwrap()
            .target
            .as_ref(),
        NodeId::KeyResult(id) => data
            .key_results
            .iter()
            .find(|k| &k.id == id)
            .unwrap()
            .target
            .as_ref(),
    };
    let qualifies = own.is_some_and(|t| {
        matches!(
            t.goal(),
            Goal::IncreaseTo { .. } | Goal::DecreaseTo { .. } | Goal::Milestone
        )
    });
    let children: Vec<NodeId> = data
        .objectives
        .iter()
        .filter(|o| o.contributes_to.iter().any(|e| &e.to == node))
        .map(|o| NodeId::from(o.id.clone()))
        .chain(
            data.key_results
                .iter()
                .filter(|k| k.contributes_to.iter().any(|e| &e.to == node))
                .map(|k| NodeId::from(k.id.clone())),
        )
        .collect();
    qualifies || (!children.is_empty() && children.iter().all(|c| measurable(data, c)))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn input_order_changes_nothing((data, shuffled) in reordered()) {
        prop_assert_eq!(report(&data), report(&shuffled));
    }

    #[test]
    fn a_compiled_graph_agrees_with_the_draft_check(data in portfolio()) {
        let draft = report(&data);
        if let Ok(graph) = OkrGraph::new(data) {
            prop_assert!(draft.gaps.is_empty());
            prop_assert_eq!(graph.cascade(), draft);
        }
    }

    #[test]
    fn a_second_products_contributor_removes_the_gap(
        data in portfolio(),
        product in 0usize..3,
        through_objective in any::<bool>(),
    ) {
        let before = report(&data);
        for gap in &before.gaps {
            let mut filled = data.clone();
            let gap_node = NodeId::from(gap.objective.clone());
            let parent = if through_objective {
                filled.objectives.push(ObjectiveData {
                    id: ObjectiveId::new("fill").unwrap(),
                    name: "fill".to_owned(),
                    tier: ObjectiveTier::Product,
                    drivers: Drivers::KeyResults,
                    owner: None,
                    product: None,
                    theme: None,
                    method: None,
                    contributes_to: vec![edge_to(gap_node.clone())],
                    target: None,
                    deadline: None,
                    depends_on: Vec::new(),
                });
                NodeId::from(ObjectiveId::new("fill").unwrap())
            } else {
                gap_node.clone()
            };
            filled.key_results.push(key_result(
                "fill".to_owned(), KeyResultTier::Product, product, vec![parent], (None, None), &[],
            ));
            let after = report(&filled);
            let expected: Vec<_> = before.gaps.iter().filter(|g| *g != gap).cloned().collect();
            prop_assert_eq!(&after.gaps, &expected);
            // The new product is among those the objective now counts.
            let mut products: BTreeSet<ProductId> = before
                .smart_check(&gap_node)
                .unwrap()
                .failures
                .iter()
                .filter_map(|f| match f {
                    SmartFailure::FewProducts { products } => Some(products.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            products.insert(ProductId::new(PRODUCTS[product]).unwrap());
            let check = after.smart_check(&gap_node).unwrap();
            if before.smart_check(&gap_node).unwrap().cross_cutting == Some(false) {
                prop_assert_eq!(check.cross_cutting, Some(products.len() >= 2));
            } else {
                prop_assert_eq!(check.cross_cutting, Some(true));
            }
        }
    }

    #[test]
    fn gaps_and_cross_cutting_match_reachability(data in portfolio()) {
        let report = report(&data);
        let ancestors = ancestors(&data);
        for top in data.objectives.iter().filter(|o| o.tier == ObjectiveTier::Portfolio) {
            let node = NodeId::from(top.id.clone());
            let reached_by = |n: &NodeId| ancestors.get(n).is_some_and(|a| a.contains(&node));
            let reached = data.key_results.iter().any(|k| reached_by(&NodeId::from(k.id.clone())));
            prop_assert_eq!(
                report.gaps.iter().any(|g| g.objective == top.id),
                !reached,
                "gap of {}", node
            );
            let products: BTreeSet<&ProductId> = data
                .key_results
                .iter()
                .filter(|k| reached_by(&NodeId::from(k.id.clone())))
                .map(|k| &k.product)
                .chain(
                    data.objectives
                        .iter()
                        .filter(|o| reached_by(&NodeId::from(o.id.clone())))
                        .filter_map(|o| o.product.as_ref()),
                )
                .collect();
            let check = report.smart_check(&node).unwrap();
            prop_assert_eq!(check.cross_cutting, Some(products.len() >= 2), "{}", node);
        }
    }

    #[test]
    fn smart_checks_match_the_rules(data in portfolio()) {
        let report = report(&data);
        prop_assert_eq!(report.smart.len(), data.objectives.len() + data.key_results.len());
        prop_assert!(report.smart.windows(2).all(|w| w[0].node < w[1].node));
        for check in &report.smart {
            let (deadline, theme, has_parent) = match &check.node {
                NodeId::Objective(id) => {
                    let o = data.objectives.iter().find(|o| &o.id == id).unwrap();
                    (o.deadline, o.theme.clone(), !o.contributes_to.is_empty())
                }
                NodeId::KeyResult(id) => {
                    let k = data.key_results.iter().find(|k| &k.id == id).unwrap();
                    (k.deadline, None, true)
                }
            };
            prop_assert_eq!(check.measurable, measurable(&data, &check.node), "{}", check.node);
            let time_bound = deadline.is_some_and(|d| data.period.is_none_or(|p: Period| p.contains(d)));
            prop_assert_eq!(check.time_bound, time_bound, "{}", check.node);
            let relevant = has_parent || theme.is_some_and(|t| !t.trim().is_empty());
            prop_assert_eq!(check.relevant, relevant, "{}", check.node);
            prop_assert_eq!(check.cross_cutting.is_some(), check.level == Level::PortfolioObjective);
            // A criterion fails exactly when a reason says why.
            for (criterion, passed) in [
                (SmartCriterion::Measurable, check.measurable),
                (SmartCriterion::TimeBound, check.time_bound),
                (SmartCriterion::Relevant, check.relevant),
                (SmartCriterion::CrossCutting, check.cross_cutting != Some(false)),
            ] {
                let reasons = check.failures.iter().filter(|f| f.criterion() == criterion).count();
                prop_assert_eq!(passed, reasons == 0, "{} {}", check.node, criterion);
            }
            prop_assert_eq!(check.passes(), check.failures.is_empty());
        }
    }

    #[test]
    fn redundancies_match_the_records(data in portfolio()) {
        let report = report(&data);
        // Naively: per objective and metric, the key results directly under it.
        let mut expected = Vec::new();
        for o in &data.objectives {
            let under: Vec<&KeyResultData> = data
                .key_results
                .iter()
                .filter(|k| k.contributes_to.iter().any(|e| e.to == NodeId::from(o.id.clone())))
                .collect();
            for metric in METRICS {
                let mut krs: Vec<KeyResultId> = under
                    .iter()
                    .filter(|k| k.target.as_ref().is_some_and(|t| t.metric().as_str() == metric))
                    .map(|k| k.id.clone())
                    .collect();
                krs.sort();
                let products: BTreeSet<ProductId> = under
                    .iter()
                    .filter(|k| krs.contains(&k.id))
                    .map(|k| k.product.clone())
                    .collect();
                if products.len() >= 2 {
                    expected.push((o.id.clone(), metric.to_owned(), krs, products.into_iter().collect::<Vec<_>>()));
                }
            }
        }
        expected.sort();
        let found: Vec<_> = report
            .redundancies
            .iter()
            .map(|r| (r.objective.clone(), r.metric.as_str().to_owned(), r.key_results.clone(), r.products.clone()))
            .collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn conflicts_match_every_pair_of_claims(data in portfolio()) {
        let report = report(&data);
        let claims: Vec<(&KeyResultData, &ResourceClaim)> = data
            .key_results
            .iter()
            .flat_map(|k| k.resources.iter().map(move |c| (k, c)))
            .collect();
        let mut expected = BTreeSet::new();
        for (a, ca) in &claims {
            for (b, cb) in &claims {
                let sides = ((&a.id, &a.product, ca.period), (&b.id, &b.product, cb.period));
                if ca.resource == cb.resource
                    && a.product != b.product
                    && ca.period.overlaps(&cb.period)
                    && sides.0 < sides.1
                {
                    let start = ca.period.start().max(cb.period.start());
                    let end = ca.period.end().min(cb.period.end());
                    expected.insert((ca.resource.clone(), a.id.clone(), ca.period, b.id.clone(), cb.period, start, end));
                }
            }
        }
        let found: Vec<_> = report
            .conflicts
            .iter()
            .map(|c| {
                prop_assert_ne!(&c.first.product, &c.second.product);
                Ok((
                    c.resource.clone(),
                    c.first.key_result.clone(),
                    c.first.period,
                    c.second.key_result.clone(),
                    c.second.period,
                    c.overlap.start(),
                    c.overlap.end(),
                ))
            })
            .collect::<Result<_, TestCaseError>>()?;
        prop_assert_eq!(found, expected.into_iter().collect::<Vec<_>>());
        prop_assert!(report.conflicts.windows(2).all(|w| w[0] < w[1]));
    }
}
