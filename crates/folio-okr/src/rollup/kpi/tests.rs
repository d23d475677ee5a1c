//! The KPI sweep's integer paths against plain `Decimal` operations computed from the
//! portfolio data alone: every node of every rule (sum, mean, weighted mean, ratio of
//! sums, min, max, median, last), over trees and shared leaves, clamped and not, with
//! readings from everyday amounts to the edge of a `Decimal` (28 places, 96-bit
//! mantissas), all of one sign or mixed. Each node's value has the reference's digits
//! and scale, its progress is `Target::progress` of that value, and where the
//! reference fails (an overflow, a zero denominator) the rollup returns the typed error
//! of a failing node. Incremental updates equal a full rollup of the same readings.
#![cfg(feature = "serde")]
// Tests unwrap, index and compute expected values with plain operators.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use folio_metrics::{Goal, MetricCatalog, Reading, Scoring, Target};
use folio_types::{
    Decimal, KeyResultId, MetricId, NaiveDate, ObjectiveId, OwnerId, ProductId, Weight,
};
use proptest::prelude::*;

use super::{KpiInputs, KpiRollup, MetricReading};
use crate::{
    Contribution, Drivers, Error, KeyResultData, KeyResultTier, NodeId, ObjectiveData,
    ObjectiveTier, OkrGraph, PortfolioData, RollupMethod, RollupPolicy,
};

const METRICS: [&str; 8] = [
    "arr",
    "avg_arr",
    "nps",
    "nrr",
    "uptime",
    "latency",
    "ttv",
    "headcount",
];

fn catalog() -> MetricCatalog {
    let def = |id: &str, unit: serde_json::Value, combine: serde_json::Value| {
        serde_json::json!({ "id": id, "name": id, "unit": unit, "direction": "higher_is_better",
                "layer": "portfolio_health", "combine": combine, "definition": id })
    };
    let currency = || serde_json::json!({ "currency": "EUR" });
    serde_json::from_value(serde_json::json!({ "metrics": [
        def("arr", currency(), serde_json::json!("sum")),
        def("avg_arr", currency(), serde_json::json!("mean")),
        def("nps", serde_json::json!("score"),
            serde_json::json!({ "weighted_mean": { "base": "respondents" } })),
        def("respondents", serde_json::json!("count"), serde_json::json!("sum")),
        def("nrr", serde_json::json!("percent"), serde_json::json!({ "ratio_of_sums": {
            "numerator": "retained_arr", "denominator": "starting_arr" } })),
        def("retained_arr", currency(), serde_json::json!("sum")),
        def("starting_arr", currency(), serde_json::json!("sum")),
        def("uptime", serde_json::json!("percent"), serde_json::json!("min")),
        def("latency", serde_json::json!("count"), serde_json::json!("max")),
        def("ttv", serde_json::json!("count"), serde_json::json!("median")),
        def("headcount", serde_json::json!("count"), serde_json::json!("last")),
    ]}))
    .unwrap()
}

/// The goals the nodes measure against, by node number: round distances (the integer
/// measure), a distance that does not terminate, and the other goals (every metric
/// here is higher-is-better, so no decrease).
fn goal(pick: usize, metric: &str) -> Target {
    let d = |m: i64, s: u32| Decimal::new(m, s);
    let goal = match pick % 7 {
        0 => Goal::IncreaseTo {
            baseline: Decimal::ZERO,
            target: d(1_000_000, 0),
        },
        1 => Goal::IncreaseTo {
            baseline: d(-25, 1),
            target: d(40_000_000_000, 2),
        },
        2 => Goal::IncreaseTo {
            baseline: d(1, 0),
            target: d(4, 0),
        },
        3 => Goal::IncreaseTo {
            baseline: d(-3_000, 0),
            target: d(5_000, 0),
        },
        4 => Goal::StayAbove {
            threshold: d(125, 1),
        },
        5 => Goal::WithinRange {
            low: d(-1, 0),
            high: d(1_000_000_000, 3),
        },
        _ => Goal::IncreaseTo {
            baseline: d(5, 1),
            target: d(75, 2),
        },
    };
    Target::new(MetricId::new(metric).unwrap(), goal).unwrap()
}

/// A portfolio of one shape: product objectives under one portfolio objective, product
/// key results under them (`shape[o]` lists each one's initiatives; none makes it a
/// leaf), initiatives under those. `shared` puts the first product key result under the
/// last product objective too and the first initiative under the last product key
/// result too; `direct` adds a leaf key result right under the portfolio objective.
fn portfolio(metric: &str, shape: &[Vec<usize>], shared: bool, direct: bool) -> PortfolioData {
    let one = Weight::ONE;
    let mut number = 0usize;
    let mut target = || {
        number += 1;
        Some(goal(number, metric))
    };
    let objective = |id: String, tier, to: Vec<Contribution>, target| ObjectiveData {
        id: ObjectiveId::new(id.as_str()).unwrap(),
        name: id,
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
        target,
        deadline: None,
        depends_on: Vec::new(),
    };
    let key_result = |id: String, tier, to: Vec<Contribution>, target| KeyResultData {
        id: KeyResultId::new(id.as_str()).unwrap(),
        name: id,
        tier,
        owner: OwnerId::new("owner").unwrap(),
        product: ProductId::new("atlas").unwrap(),
        contributes_to: to,
        target,
        deadline: None,
        resources: Vec::new(),
        depends_on: Vec::new(),
    };
    let top = ObjectiveId::new("top").unwrap();
    let mut objectives = vec![objective(
        "top".into(),
        ObjectiveTier::Portfolio,
        Vec::new(),
        target(),
    )];
    let mut key_results = Vec::new();
    let last_objective = shape.len() - 1;
    let last_kr = shape.last().map_or(0, Vec::len).saturating_sub(1);
    for (o, krs) in shape.iter().enumerate() {
        objectives.push(objective(
            format!("o{o}"),
            ObjectiveTier::Product,
            vec![Contribution::new(top.clone(), one)],
            target(),
        ));
        for (k, &initiatives) in krs.iter().enumerate() {
            let mut to = vec![Contribution::new(
                ObjectiveId::new(format!("o{o}")).unwrap(),
                one,
            )];
            if shared && o == 0 && k == 0 && last_objective > 0 {
                to.push(Contribution::new(
                    ObjectiveId::new(format!("o{last_objective}")).unwrap(),
                    one,
                ));
            }
            key_results.push(key_result(
                format!("k{o}-{k}"),
                KeyResultTier::Product,
                to,
                target(),
            ));
            for i in 0..initiatives {
                let mut to = vec![Contribution::new(
                    KeyResultId::new(format!("k{o}-{k}")).unwrap(),
                    one,
                )];
                let last = (last_objective, last_kr);
                if shared && (o, k, i) == (0, 0, 0) && last != (0, 0) && shape[last.0][last.1] > 0 {
                    to.push(Contribution::new(
                        KeyResultId::new(format!("k{}-{}", last.0, last.1)).unwrap(),
                        one,
                    ));
                }
                key_results.push(key_result(
                    format!("i{o}-{k}-{i}"),
                    KeyResultTier::Initiative,
                    to,
                    target(),
                ));
            }
        }
    }
    if direct {
        key_results.push(key_result(
            "direct".into(),
            KeyResultTier::Product,
            vec![Contribution::new(top, one)],
            target(),
        ));
    }
    PortfolioData {
        policy: RollupPolicy::new(RollupMethod::Kpi),
        period: None,
        objectives,
        key_results,
    }
}

/// An everyday amount: up to a trillion, up to 6 places.
fn everyday() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000_000i64..1_000_000_000_000, 0u32..7).prop_map(|(m, s)| Decimal::new(m, s))
}

/// Up to 28 digits or 28 places: sums that no longer fit 96 bits at the leaves'
/// common scale, and some that overflow.
fn wide() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..29, 0u32..10).prop_map(|(m, s, widen)| {
        Decimal::from_i128_with_scale(i128::from(m) * 10i128.pow(widen), s)
    })
}

/// A full 96-bit mantissa at any scale: sums that round or overflow.
fn full() -> impl Strategy<Value = Decimal> {
    (0u128..(1u128 << 96), 0u32..29, any::<bool>()).prop_map(|(m, s, negative)| {
        let m = i128::try_from(m).unwrap();
        Decimal::from_i128_with_scale(if negative { -m } else { m }, s)
    })
}

/// A decimal of any of those kinds, everyday ones most often.
fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![6 => everyday(), 3 => wide(), 1 => full()]
}

/// The reading of `metric` built from one generated tuple; `sign` 0 keeps values as
/// drawn, 1 makes them all non-negative, 2 all non-positive.
fn reading(metric: &str, (v, w, day): (Decimal, Decimal, u32), sign: u8) -> MetricReading {
    let v = match sign {
        1 => v.abs(),
        2 => -v.abs(),
        _ => v,
    };
    let reading = match metric {
        "nps" => Reading::Weighted {
            value: v,
            base: w.abs(),
        },
        "nrr" => Reading::Fraction {
            numerator: v.abs(),
            denominator: w.abs(),
        },
        // Equal dates must agree on a "last" metric: one value per day.
        "headcount" => Reading::Value(Decimal::new(i64::from(day) * 7, 1)),
        _ => Reading::Value(v),
    };
    MetricReading {
        date: NaiveDate::from_ymd_opt(2026, 9, day).unwrap(),
        reading,
    }
}

/// What went wrong at a node: the kind of the typed error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    Overflow,
    Undefined,
    Measure,
}

fn failure_of(error: &Error) -> Option<(NodeId, Failure)> {
    match error {
        Error::Overflow { node, .. } => Some((node.clone(), Failure::Overflow)),
        Error::UndefinedAggregate { node, .. } => Some((node.clone(), Failure::Undefined)),
        Error::Metric { node, .. } => Some((node.clone(), Failure::Measure)),
        _ => None,
    }
}

/// A chain of `Decimal` additions in the leaves' order, normalized.
fn sum(terms: &[Decimal]) -> Result<Decimal, Failure> {
    let mut total = Decimal::ZERO;
    for term in terms {
        total = total.checked_add(*term).ok_or(Failure::Overflow)?;
    }
    Ok(total.normalize())
}

/// A leaf's own value with plain `Decimal` operations.
fn own_value(metric: &str, reading: &Reading) -> Result<Decimal, Failure> {
    match *reading {
        Reading::Value(v) | Reading::Weighted { value: v, .. } => Ok(v),
        Reading::Fraction {
            numerator,
            denominator,
        } => {
            if denominator.is_zero() {
                return Err(Failure::Undefined);
            }
            let unit = if metric == "nrr" {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ONE
            };
            numerator
                .checked_mul(unit)
                .and_then(|n| n.checked_div(denominator))
                .ok_or(Failure::Overflow)
        }
    }
}

/// The value of `metric` over `leaves` (in index order) with plain `Decimal`
/// operations, as the KPI rollup documents it: sums normalized before a division, the
/// first leaf in index order on ties, the two middle values' sum halved.
fn reference(metric: &str, leaves: &[MetricReading]) -> Result<Decimal, Failure> {
    let plain: Vec<Decimal> = leaves
        .iter()
        .map(|r| match r.reading {
            Reading::Value(v) | Reading::Weighted { value: v, .. } => v,
            Reading::Fraction { numerator, .. } => numerator,
        })
        .collect();
    let divide = |top: Decimal, bottom: Decimal| {
        if bottom.is_zero() {
            Err(Failure::Undefined)
        } else {
            top.checked_div(bottom).ok_or(Failure::Overflow)
        }
    };
    match metric {
        "arr" => sum(&plain),
        "avg_arr" => divide(sum(&plain)?, Decimal::from(leaves.len())),
        "nps" => {
            let mut products = Vec::new();
            let mut bases = Vec::new();
            for r in leaves {
                let Reading::Weighted { value, base } = r.reading else {
                    panic!("a weighted mean reads values with bases");
                };
                products.push(value.checked_mul(base).ok_or(Failure::Overflow)?);
                bases.push(base);
            }
            let top = sum(&products)?;
            divide(top, sum(&bases)?)
        }
        "nrr" => {
            let dens: Vec<Decimal> = leaves
                .iter()
                .map(|r| match r.reading {
                    Reading::Fraction { denominator, .. } => denominator,
                    _ => panic!("a ratio of sums reads fractions"),
                })
                .collect();
            let top = sum(&plain)?
                .checked_mul(Decimal::ONE_HUNDRED)
                .ok_or(Failure::Overflow)?;
            divide(top, sum(&dens)?)
        }
        "uptime" | "latency" => {
            let mut best = plain[0];
            for v in &plain[1..] {
                let better = if metric == "uptime" {
                    *v < best
                } else {
                    *v > best
                };
                if better {
                    best = *v;
                }
            }
            Ok(best)
        }
        "ttv" => {
            let mut ranked: Vec<(Decimal, usize)> = plain.iter().copied().zip(0..).collect();
            ranked.sort();
            let upper = ranked.len() / 2;
            if ranked.len() % 2 == 1 {
                Ok(ranked[upper].0)
            } else {
                ranked[upper - 1]
                    .0
                    .checked_add(ranked[upper].0)
                    .ok_or(Failure::Overflow)?
                    .checked_div(Decimal::TWO)
                    .ok_or(Failure::Overflow)
            }
        }
        "headcount" => {
            let latest = leaves.iter().map(|r| r.date).max().unwrap();
            Ok(leaves
                .iter()
                .zip(&plain)
                .find(|(r, _)| r.date == latest)
                .map(|(_, v)| *v)
                .unwrap())
        }
        _ => panic!("no reference for {metric}"),
    }
}

/// Every node's expected value and computed progress, or what goes wrong there,
/// computed from the portfolio data and the readings alone (the plan only numbers the
/// leaves, for the order of the additions).
fn expected(
    data: &PortfolioData,
    graph: &OkrGraph,
    metric: &str,
    scoring: Scoring,
    readings: &BTreeMap<KeyResultId, MetricReading>,
) -> BTreeMap<NodeId, Result<(Decimal, Decimal), Failure>> {
    let mut children: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
    let mut targets: BTreeMap<NodeId, Target> = BTreeMap::new();
    for o in &data.objectives {
        let id = NodeId::Objective(o.id.clone());
        targets.insert(id.clone(), o.target.clone().unwrap());
        for edge in &o.contributes_to {
            children
                .entry(edge.to.clone())
                .or_default()
                .push(id.clone());
        }
    }
    for k in &data.key_results {
        let id = NodeId::KeyResult(k.id.clone());
        targets.insert(id.clone(), k.target.clone().unwrap());
        for edge in &k.contributes_to {
            children
                .entry(edge.to.clone())
                .or_default()
                .push(id.clone());
        }
    }
    fn leaves_under(
        node: &NodeId,
        children: &BTreeMap<NodeId, Vec<NodeId>>,
        out: &mut BTreeSet<NodeId>,
    ) {
        match children.get(node) {
            None => {
                out.insert(node.clone());
            }
            Some(list) => {
                for child in list {
                    leaves_under(child, children, out);
                }
            }
        }
    }
    let plan = graph.plan();
    targets
        .iter()
        .map(|(node, target)| {
            let mut under = BTreeSet::new();
            leaves_under(node, &children, &mut under);
            let mut ordered: Vec<(usize, MetricReading)> = under
                .iter()
                .map(|leaf| {
                    let NodeId::KeyResult(id) = leaf else {
                        panic!("a leaf is a key result");
                    };
                    (plan.index_of(leaf).unwrap().get(), readings[id])
                })
                .collect();
            ordered.sort_by_key(|(index, _)| *index);
            let leaves: Vec<MetricReading> = ordered.into_iter().map(|(_, r)| r).collect();
            let value = if children.contains_key(node) {
                reference(metric, &leaves)
            } else {
                own_value(metric, &leaves[0].reading)
            };
            let result = value.and_then(|value| {
                let progress = target
                    .progress(value, scoring)
                    .map_err(|_| Failure::Measure)?;
                Ok((value, progress.value()))
            });
            (node.clone(), result)
        })
        .collect()
}

/// The rollup against the reference: every node's digits and scale, or the typed error
/// of a node whose reference fails.
fn check(
    rollup: Result<KpiRollup, Error>,
    expected: &BTreeMap<NodeId, Result<(Decimal, Decimal), Failure>>,
) -> Result<(), TestCaseError> {
    let any_failure = expected.values().any(Result::is_err);
    let rollup = match rollup {
        Ok(rollup) => rollup,
        Err(error) => {
            let (node, failure) = failure_of(&error)
                .ok_or_else(|| TestCaseError::fail(format!("an unexpected error: {error}")))?;
            prop_assert_eq!(
                expected.get(&node).map(|r| r.as_ref().err().copied()),
                Some(Some(failure)),
                "{}",
                error
            );
            return Ok(());
        }
    };
    prop_assert!(
        !any_failure,
        "the rollup succeeded where the reference fails"
    );
    for (node, result) in expected {
        let (value, progress) = result.as_ref().unwrap();
        let got = rollup.metric_value(node).unwrap();
        prop_assert_eq!(format!("{got:?}"), format!("{value:?}"), "node {}", node);
        let computed = rollup.value(node).unwrap().computed.value();
        prop_assert_eq!(
            format!("{computed:?}"),
            format!("{progress:?}"),
            "node {}",
            node
        );
    }
    Ok(())
}

fn leaf_ids(data: &PortfolioData) -> Vec<KeyResultId> {
    let parents: BTreeSet<NodeId> = data
        .key_results
        .iter()
        .flat_map(|k| k.contributes_to.iter().map(|e| e.to.clone()))
        .collect();
    data.key_results
        .iter()
        .filter(|k| !parents.contains(&NodeId::KeyResult(k.id.clone())))
        .map(|k| k.id.clone())
        .collect()
}

fn shape() -> impl Strategy<Value = Vec<Vec<usize>>> {
    proptest::collection::vec(proptest::collection::vec(0usize..5, 1..4), 1..4)
}

/// The readings' numbers (value, base or denominator, day), of one range per case:
/// everyday amounts only, some of up to 28 digits or places, or a few full mantissas.
fn values() -> impl Strategy<Value = Vec<(Decimal, Decimal, u32)>> {
    let list = |amounts: BoxedStrategy<Decimal>| {
        proptest::collection::vec((amounts.clone(), amounts, 1u32..29), 1..40)
    };
    prop_oneof![
        5 => list(everyday().boxed()),
        3 => list(prop_oneof![3 => everyday(), 1 => wide()].boxed()),
        2 => list(prop_oneof![12 => everyday(), 4 => wide(), 1 => full()].boxed()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_node_equals_the_plain_decimal_reference(
        metric in proptest::sample::select(&METRICS[..]),
        shape in shape(),
        shared in any::<bool>(),
        direct in any::<bool>(),
        values in values(),
        sign in 0u8..3,
        clamped in any::<bool>(),
    ) {
        let data = portfolio(metric, &shape, shared, direct);
        let graph = OkrGraph::new(data.clone()).unwrap();
        let scoring = if clamped { Scoring::Clamped } else { Scoring::AllowOverAchievement };
        let readings: BTreeMap<KeyResultId, MetricReading> = leaf_ids(&data)
            .into_iter()
            .zip(values.iter().cycle())
            .map(|(id, v)| (id, reading(metric, *v, sign)))
            .collect();
        let inputs = KpiInputs { readings: readings.clone(), overrides: Vec::new() };
        let rollup = graph.rollup_kpi(&catalog(), scoring, &inputs);
        check(rollup, &expected(&data, &graph, metric, scoring, &readings))?;
    }

    #[test]
    fn incremental_updates_equal_a_full_rollup(
        metric in proptest::sample::select(&METRICS[..]),
        shape in shape(),
        shared in any::<bool>(),
        direct in any::<bool>(),
        values in values(),
        sign in 0u8..3,
        updates in proptest::collection::vec((0usize..100, amount(), amount(), 1u32..29), 1..10),
    ) {
        let data = portfolio(metric, &shape, shared, direct);
        let graph = OkrGraph::new(data.clone()).unwrap();
        let scoring = Scoring::AllowOverAchievement;
        let leaves = leaf_ids(&data);
        let mut readings: BTreeMap<KeyResultId, MetricReading> = leaves
            .iter()
            .cloned()
            .zip(values.iter().cycle())
            .map(|(id, v)| (id, reading(metric, *v, sign)))
            .collect();
        let full = |readings: &BTreeMap<KeyResultId, MetricReading>| {
            let inputs = KpiInputs { readings: readings.clone(), overrides: Vec::new() };
            graph.rollup_kpi(&catalog(), scoring, &inputs)
        };
        let Ok(mut rollup) = full(&readings) else {
            return Ok(());
        };
        for (pick, v, w, day) in updates {
            let id = leaves[pick % leaves.len()].clone();
            let next = reading(metric, (v, w, day), sign);
            readings.insert(id.clone(), next);
            let updated = rollup.update(&id, next);
            let again = full(&readings);
            match (updated, again) {
                (Ok(()), Ok(again)) => {
                    let text = |r: &KpiRollup| {
                        r.metric_values().map(|v| format!("{v:?}")).collect::<Vec<_>>()
                    };
                    prop_assert_eq!(text(&rollup), text(&again));
                    prop_assert_eq!(rollup.values(), again.values());
                }
                // An update that fails fails the full rollup too; the state is then
                // partly updated, so the sequence stops.
                (Err(_), Err(_)) => return Ok(()),
                (updated, again) => {
                    return Err(TestCaseError::fail(format!(
                        "the update gave {:?}, a full rollup {:?}",
                        updated.err(),
                        again.err()
                    )));
                }
            }
        }
    }
}

/// Readings whose magnitudes overflow a `Decimal` while their sum fits: the sum is
/// still the chain of additions' (the magnitudes only vouch for exactness), and the
/// node's sums are no longer promised exact, so an update recomputes from the leaves.
#[test]
fn magnitudes_that_overflow_do_not_fail_a_sum_that_fits() {
    let data = portfolio("arr", &[vec![3]], false, false);
    let graph = OkrGraph::new(data.clone()).unwrap();
    let big = Decimal::from_i128_with_scale(70_000_000_000_000_000_000_000_000_000, 0);
    let values = [big, -big, Decimal::ONE];
    let readings: BTreeMap<KeyResultId, MetricReading> = leaf_ids(&data)
        .into_iter()
        .zip(values)
        .map(|(id, v)| (id, reading("arr", (v, Decimal::ONE, 30), 0)))
        .collect();
    let inputs = KpiInputs {
        readings: readings.clone(),
        overrides: Vec::new(),
    };
    let scoring = Scoring::AllowOverAchievement;
    let rollup = graph.rollup_kpi(&catalog(), scoring, &inputs);
    let top = NodeId::Objective(ObjectiveId::new("top").unwrap());
    assert_eq!(
        rollup.as_ref().ok().and_then(|r| r.metric_value(&top)),
        Some(Decimal::ONE)
    );
    check(rollup, &expected(&data, &graph, "arr", scoring, &readings)).unwrap();
}

/// One node's stored state as text: sums (digits and scale), value, both progress
/// values, so that two states compare digit for digit and scale for scale.
fn node_state(rollup: &KpiRollup, node: usize) -> String {
    let scales = |d: &Option<Decimal>| d.map(|d| d.scale());
    let value = rollup.value_of(node);
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        rollup.stats_of(u32::try_from(node).unwrap()),
        value,
        scales(&value),
        rollup.computed[node],
        rollup.reported[node],
    )
}

/// Readings of a sum for the sweep's fast path: everyday amounts only (so that every
/// composable node takes it when the readings are non-negative), or any of the kinds
/// the reference test draws.
fn sum_values() -> impl Strategy<Value = (bool, Vec<(Decimal, Decimal, u32)>)> {
    prop_oneof![
        proptest::collection::vec((everyday(), everyday(), 1u32..29), 1..40)
            .prop_map(|v| (true, v)),
        values().prop_map(|v| (false, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The sweep's path for a sum of non-negative plain readings against the general
    /// path, node by node from the same state: the same sums, value, progress values
    /// (digits and scale), or the general path's error where the fast path declines.
    /// Updates first move some leaves off the leaves' common scale, and some sums
    /// with them.
    #[test]
    fn the_sum_sweep_equals_the_general_path_node_by_node(
        shape in shape(),
        shared in any::<bool>(),
        direct in any::<bool>(),
        (everyday_only, values) in sum_values(),
        sign in prop_oneof![3 => Just(1u8), 1 => 0u8..3],
        clamped in any::<bool>(),
        overridden in any::<bool>(),
        updates in proptest::collection::vec((0usize..100, amount(), 1u32..29), 0..4),
    ) {
        let metric = "arr";
        let data = portfolio(metric, &shape, shared, direct);
        let graph = OkrGraph::new(data.clone()).unwrap();
        let scoring = if clamped { Scoring::Clamped } else { Scoring::AllowOverAchievement };
        let leaves = leaf_ids(&data);
        let readings: BTreeMap<KeyResultId, MetricReading> = leaves
            .iter()
            .cloned()
            .zip(values.iter().cycle())
            .map(|(id, v)| (id, reading(metric, *v, sign)))
            .collect();
        let overrides = if overridden {
            vec![crate::Override {
                node: NodeId::Objective(ObjectiveId::new("top").unwrap()),
                progress: "0.25".parse().unwrap(),
                owner: OwnerId::new("cfo").unwrap(),
                reason: String::new(),
            }]
        } else {
            Vec::new()
        };
        let inputs = KpiInputs { readings, overrides };
        let Ok(mut built) = graph.rollup_kpi(&catalog(), scoring, &inputs) else {
            return Ok(());
        };
        let plain = everyday_only && sign == 1 && !shared && updates.is_empty();
        for (pick, v, day) in &updates {
            let id = &leaves[pick % leaves.len()];
            if built.update(id, reading(metric, (*v, Decimal::ONE, *day), sign)).is_err() {
                return Ok(());
            }
        }
        let (mut fast, mut general) = (built.clone(), built);
        let plan = std::sync::Arc::clone(&fast.plan);
        for (rolled, node) in plan.rolled_up().enumerate() {
            let took = fast.recompute_sum(rolled, node);
            prop_assert!(took || !plain, "a plain sum declined at {}", node.get());
            let reference = general.recompute(node);
            if took {
                prop_assert!(reference.is_ok(), "the fast path took what fails: {:?}", reference);
            } else {
                let again = fast.recompute(node);
                prop_assert_eq!(format!("{again:?}"), format!("{reference:?}"));
            }
            if reference.is_err() {
                return Ok(());
            }
            prop_assert_eq!(
                node_state(&fast, node.get()),
                node_state(&general, node.get()),
                "node {}", node.get()
            );
        }
    }
}

/// Every node's value (digits and scale), both progress values and the value its
/// explanation gives, as text.
fn published(rollup: &KpiRollup) -> Vec<String> {
    let plan = std::sync::Arc::clone(&rollup.plan);
    plan.indices()
        .map(|node| {
            let explained = if plan.is_leaf(node) {
                None
            } else {
                rollup
                    .explain_at(node)
                    .ok()
                    .and_then(|e| e.breakdown.kpi)
                    .map(|k| k.value)
            };
            let value = rollup.value_of(node.get());
            format!(
                "{value:?} {:?} {:?} {:?} {explained:?}",
                value.map(|v| v.scale()),
                rollup.computed[node.get()],
                rollup.reported[node.get()],
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A node whose sums the sweep's sum path holds (an integer, its value and `Stats`
    /// read back from it) and one the general path holds publish the same: after
    /// incremental updates (which move the updated leaves' ancestors to the general
    /// path), after an override set and cleared, and after a full sweep that follows
    /// them, every node's value, progress values and explained value equal a fresh
    /// rollup of the same readings; and the sweep's stored sums equal those the general
    /// path gives the same node from the same state.
    #[test]
    fn a_sweep_after_updates_equals_a_fresh_rollup(
        metric in proptest::sample::select(&METRICS[..]),
        shape in shape(),
        shared in any::<bool>(),
        direct in any::<bool>(),
        (_everyday, values) in sum_values(),
        sign in prop_oneof![3 => Just(1u8), 1 => 0u8..3],
        overridden in any::<bool>(),
        updates in proptest::collection::vec((0usize..100, amount(), amount(), 1u32..29), 1..6),
    ) {
        let data = portfolio(metric, &shape, shared, direct);
        let graph = OkrGraph::new(data.clone()).unwrap();
        let scoring = Scoring::AllowOverAchievement;
        let leaves = leaf_ids(&data);
        let mut readings: BTreeMap<KeyResultId, MetricReading> = leaves
            .iter()
            .cloned()
            .zip(values.iter().cycle())
            .map(|(id, v)| (id, reading(metric, *v, sign)))
            .collect();
        let full = |readings: &BTreeMap<KeyResultId, MetricReading>| {
            let inputs = KpiInputs { readings: readings.clone(), overrides: Vec::new() };
            graph.rollup_kpi(&catalog(), scoring, &inputs)
        };
        let Ok(mut rollup) = full(&readings) else {
            return Ok(());
        };
        let top = NodeId::Objective(ObjectiveId::new("top").unwrap());
        if overridden {
            rollup
                .set_override(crate::Override {
                    node: top.clone(),
                    progress: "0.25".parse().unwrap(),
                    owner: OwnerId::new("cfo").unwrap(),
                    reason: String::new(),
                })
                .unwrap();
            rollup.clear_override(&top).unwrap();
        }
        for (pick, v, w, day) in updates {
            let id = leaves[pick % leaves.len()].clone();
            let next = reading(metric, (v, w, day), sign);
            readings.insert(id.clone(), next);
            if rollup.update(&id, next).is_err() {
                return Ok(());
            }
        }
        let fresh = full(&readings);
        prop_assert!(fresh.is_ok(), "a fresh rollup failed: {:?}", fresh.err());
        let fresh = fresh.unwrap();
        prop_assert_eq!(published(&rollup), published(&fresh));
        let before = rollup.clone();
        rollup.recompute_all().unwrap();
        prop_assert_eq!(published(&rollup), published(&fresh));
        // The sums stored by the sweep against the general path's from the state the
        // updates left, node by node in topological order.
        let mut general = before;
        let plan = std::sync::Arc::clone(&rollup.plan);
        for node in plan.rolled_up() {
            general.recompute(node).unwrap();
            prop_assert_eq!(
                node_state(&rollup, node.get()),
                node_state(&general, node.get()),
                "node {}", node.get()
            );
        }
    }
}
