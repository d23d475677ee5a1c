//! Random portfolios for the property tests, and an independent feasibility check.
#![allow(dead_code, unreachable_pub)] // Each test file uses a part of this module.

use std::collections::{BTreeMap, BTreeSet};

use folio_allocation::{
    Initiative, MixBound, PeriodCost, Portfolio, PortfolioData, ResourceKind, State, Value,
};
use folio_types::{
    Currency, Decimal, Horizon, InitiativeId, KeyResultId, ObjectiveId, Period, ProductId, Ratio,
    RiskRating, Weight,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub struct Item {
    pub start: usize,
    pub duration: usize,
    pub money: Vec<u32>,
    pub cap: Vec<Vec<u32>>,
    pub value: i32,
    pub risk: Option<u8>,
    pub mandate: bool,
    pub protected: bool,
    pub horizon: u8,
    pub deps: Vec<usize>,
    pub kr: u8,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub periods: usize,
    pub kinds: usize,
    pub budget: Vec<u32>,
    pub capacity: Vec<Vec<u32>>,
    pub items: Vec<Item>,
    pub mix: bool,
}

fn item(periods: usize, kinds: usize) -> impl Strategy<Value = Item> {
    (0..periods).prop_flat_map(move |start| {
        let max_d = periods - start;
        (1..=max_d).prop_flat_map(move |duration| {
            (
                prop::collection::vec(0u32..40, duration),
                prop::collection::vec(prop::collection::vec(0u32..5, duration), kinds),
                -20i32..120,
                prop::option::of(1u8..=5),
                prop::bool::weighted(0.1),
                prop::bool::weighted(0.1),
                0u8..3,
                prop::collection::vec(0usize..64, 0..3),
                0u8..3,
            )
                .prop_map(
                    move |(money, cap, value, risk, mandate, protected, horizon, deps, kr)| Item {
                        start,
                        duration,
                        money,
                        cap,
                        value,
                        risk,
                        mandate,
                        protected,
                        horizon,
                        deps,
                        kr,
                    },
                )
        })
    })
}

pub fn spec(max_items: usize) -> impl Strategy<Value = Spec> {
    spec_over(max_items, 3)
}

pub fn spec_over(max_items: usize, max_periods: usize) -> impl Strategy<Value = Spec> {
    (1usize..=max_periods, 0usize..=2).prop_flat_map(move |(periods, kinds)| {
        (
            prop::collection::vec(20u32..120, periods),
            prop::collection::vec(prop::collection::vec(2u32..12, periods), kinds),
            prop::collection::vec(item(periods, kinds), 0..=max_items),
            prop::bool::weighted(0.3),
        )
            .prop_map(move |(budget, capacity, items, mix)| Spec {
                periods,
                kinds,
                budget,
                capacity,
                items,
                mix,
            })
    })
}

pub fn id(i: usize) -> InitiativeId {
    InitiativeId::new(format!("i{i:02}")).unwrap()
}

pub fn kind(k: usize) -> ResourceKind {
    ResourceKind::new(["engineering", "design"][k]).unwrap()
}

pub fn build(spec: &Spec) -> PortfolioData {
    let periods: Vec<Period> = (0..spec.periods)
        .map(|q| format!("{}-Q{}", 2027 + q / 4, q % 4 + 1).parse().unwrap())
        .collect();
    let mut initiatives = Vec::new();
    for (i, it) in spec.items.iter().enumerate() {
        // Only initiatives that finish before this one starts can be prerequisites.
        let deps: BTreeSet<InitiativeId> = it
            .deps
            .iter()
            .filter_map(|&d| {
                let j = d % spec.items.len();
                let pre = &spec.items[j];
                (j != i && pre.start + pre.duration <= it.start).then(|| id(j))
            })
            .collect();
        let cost = (0..it.duration)
            .map(|o| PeriodCost {
                money: Decimal::from(it.money[o]),
                capacity: (0..spec.kinds)
                    .map(|k| (kind(k), Decimal::new(i64::from(it.cap[k][o]), 0)))
                    .collect(),
            })
            .collect();
        let mut key_results = BTreeMap::new();
        key_results.insert(
            KeyResultId::new(format!("kr{}", it.kr)).unwrap(),
            Decimal::new(5, 2),
        );
        initiatives.push(Initiative {
            id: id(i),
            product: ProductId::new("p").unwrap(),
            horizon: [Horizon::Core, Horizon::Grow, Horizon::Explore][usize::from(it.horizon)],
            state: State::Committed,
            start: it.start,
            earliest_start: 0,
            deadline: None,
            cost,
            depends_on: deps,
            mandate: it.mandate,
            protected: it.protected,
            value: Value::Given {
                npv: Decimal::from(it.value),
            },
            risk: it.risk.map(|r| RiskRating::new(Decimal::from(r)).unwrap()),
            key_results,
        });
    }
    let mut mix = BTreeMap::new();
    if spec.mix {
        let r = |v: i64| Ratio::new(Decimal::new(v, 2)).unwrap();
        mix.insert(
            Horizon::Core,
            MixBound {
                min: r(30),
                max: r(90),
            },
        );
        mix.insert(
            Horizon::Explore,
            MixBound {
                min: r(0),
                max: r(30),
            },
        );
    }
    let mut objectives = BTreeMap::new();
    let mut w = BTreeMap::new();
    w.insert(
        KeyResultId::new("kr0").unwrap(),
        Weight::new(Decimal::from(2)).unwrap(),
    );
    w.insert(
        KeyResultId::new("kr1").unwrap(),
        Weight::new(Decimal::from(1)).unwrap(),
    );
    objectives.insert(ObjectiveId::new("growth").unwrap(), w);
    PortfolioData {
        currency: Currency::new("USD").unwrap(),
        periods,
        budget: spec.budget.iter().map(|&b| Decimal::from(b)).collect(),
        capacity: (0..spec.kinds)
            .map(|k| {
                (
                    kind(k),
                    spec.capacity[k].iter().map(|&c| Decimal::from(c)).collect(),
                )
            })
            .collect(),
        discount_rate: Ratio::new(Decimal::new(3, 2)).unwrap(),
        risk_haircut: Ratio::new(Decimal::new(5, 1)).unwrap(),
        mix,
        objectives,
        initiatives,
    }
}

/// Checks a kept set directly from the data; `None` if it breaks anything, else its
/// risk-adjusted value.
pub fn feasible_value(
    p: &Portfolio,
    kept: &BTreeSet<InitiativeId>,
    ceiling: Decimal,
    honour: bool,
) -> Option<Decimal> {
    let data = p.data();
    let n = data.periods.len();
    let mut money = vec![Decimal::ZERO; n];
    let mut cap: BTreeMap<&ResourceKind, Vec<Decimal>> = data
        .capacity
        .keys()
        .map(|k| (k, vec![Decimal::ZERO; n]))
        .collect();
    let mut total = Decimal::ZERO;
    let mut hs: BTreeMap<Horizon, Decimal> = BTreeMap::new();
    let mut value = Decimal::ZERO;
    for x in &data.initiatives {
        let k = kept.contains(&x.id);
        if !k {
            if x.mandate || (honour && x.protected) {
                return None;
            }
            continue;
        }
        if !x.depends_on.iter().all(|d| kept.contains(d)) {
            return None;
        }
        value += p.risk_adjusted_value(x.id.as_str()).unwrap();
        for (o, pc) in x.cost.iter().enumerate() {
            money[x.start + o] += pc.money;
            total += pc.money;
            *hs.entry(x.horizon).or_default() += pc.money;
            for (kind, v) in &pc.capacity {
                cap.get_mut(kind).unwrap()[x.start + o] += *v;
            }
        }
    }
    if total > ceiling || money.iter().zip(&data.budget).any(|(u, b)| u > b) {
        return None;
    }
    for (kind, used) in &cap {
        if used.iter().zip(&data.capacity[*kind]).any(|(u, l)| u > l) {
            return None;
        }
    }
    for (h, b) in &data.mix {
        let s = hs.get(h).copied().unwrap_or_default();
        if s < b.min.value() * total
            || s > b.max.value() * total
            || (total.is_zero() && b.min.value() > Decimal::ZERO)
        {
            return None;
        }
    }
    Some(value)
}

/// The most risk-adjusted value of any kept set that [`feasible_value`] accepts under
/// `ceiling`, by trying every subset (fewer than 32 initiatives); `None` if none is
/// feasible.
pub fn brute_force(p: &Portfolio, ceiling: Decimal) -> Option<Decimal> {
    let ids: Vec<InitiativeId> = p.initiatives().iter().map(|x| x.id.clone()).collect();
    let mut best: Option<Decimal> = None;
    for mask in 0u32..(1u32 << ids.len()) {
        let kept: BTreeSet<InitiativeId> = ids
            .iter()
            .enumerate()
            .filter(|&(i, _)| mask >> i & 1 == 1)
            .map(|(_, id)| id.clone())
            .collect();
        if let Some(v) = feasible_value(p, &kept, ceiling, true) {
            if best.is_none_or(|b| v > b) {
                best = Some(v);
            }
        }
    }
    best
}
