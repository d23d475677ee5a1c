//! The allocation benchmark's portfolio.
// The generator does small, bounded integer arithmetic (every value below 10^7) in a
// bench-only crate; saturating calls everywhere would hide the formulas it documents.
#![allow(clippy::arithmetic_side_effects)]

use std::collections::{BTreeMap, BTreeSet};

use folio_analytics::allocation::{
    Initiative, MixBound, PeriodCost, PortfolioData, ResourceKind, State, Value,
};
use folio_analytics::{
    Currency, Decimal, Horizon, InitiativeId, KeyResultId, ObjectiveId, Period, ProductId, Ratio,
    RiskRating, Weight,
};

use crate::SplitMix64;

fn dec(v: u64, scale: u32) -> Decimal {
    Decimal::new(i64::try_from(v).unwrap_or(i64::MAX), scale)
}

/// A portfolio of `n` initiatives over `periods` quarters (from 2027-Q1) and `kinds`
/// resource kinds (at most 3: engineering, design, data).
///
/// Each initiative starts in a random quarter and runs 1 to 4 quarters (inside the
/// horizon), spends 50,000 to 500,000 per quarter and 0.5 to 6.0 engineering FTE, 0 to
/// 2.0 design and data FTE; its NPV is 0.5 to 3.0 times its spend; 40% carry a risk
/// score (1 to 5); about 20% depend on an initiative that finishes before they start;
/// 3% are mandates and 2% protected; 60% core, 25% grow, 15% explore. Budgets are 105%
/// of each quarter's planned spend and capacity exactly the plan's use, so the plan fits
/// and any acceleration must displace work. Mix bounds: core 50-80%, grow 10-35%,
/// explore 5-20%. `None` only if the generated data fails validation (a bug).
pub fn allocation_portfolio(
    n: usize,
    kinds: usize,
    periods: usize,
    seed: u64,
) -> Option<PortfolioData> {
    let mut rng = SplitMix64::new(seed);
    let kind_names = ["engineering", "design", "data"];
    let kinds: Vec<ResourceKind> = kind_names
        .iter()
        .take(kinds)
        .filter_map(|k| ResourceKind::new(k).ok())
        .collect();
    let period_list: Vec<Period> = (0..periods)
        .filter_map(|q| format!("{}-Q{}", 2027 + q / 4, q % 4 + 1).parse().ok())
        .collect();
    let mut initiatives: Vec<Initiative> = Vec::with_capacity(n);
    let mut finish: Vec<usize> = Vec::with_capacity(n);
    let kr: Vec<KeyResultId> = (0..10)
        .filter_map(|k| KeyResultId::new(format!("kr{k}")).ok())
        .collect();
    for i in 0..n {
        let start = usize::try_from(rng.below(u64::try_from(periods).ok()?)).ok()?;
        let max_d = (periods - start).min(4);
        let duration = 1 + usize::try_from(rng.below(u64::try_from(max_d).ok()?)).ok()?;
        let mut cost = Vec::with_capacity(duration);
        let mut spend = 0u64;
        for _ in 0..duration {
            let money = (50 + rng.below(451)) * 1_000;
            spend += money;
            let mut capacity = BTreeMap::new();
            for (k, kind) in kinds.iter().enumerate() {
                let v = if k == 0 {
                    5 + rng.below(56)
                } else {
                    rng.below(21)
                };
                capacity.insert(kind.clone(), dec(v, 1));
            }
            cost.push(PeriodCost {
                money: Decimal::from(money),
                capacity,
            });
        }
        let value = spend * (50 + rng.below(251)) / 100;
        let risk = (rng.below(10) < 4)
            .then(|| RiskRating::new(Decimal::from(1 + rng.below(5))).ok())
            .flatten();
        let mut depends_on = BTreeSet::new();
        if i > 0 && rng.below(5) == 0 {
            let j = usize::try_from(rng.below(u64::try_from(i).ok()?)).ok()?;
            if finish.get(j).is_some_and(|&f| f <= start) {
                depends_on.insert(initiatives.get(j)?.id.clone());
            }
        }
        let horizon = match rng.below(20) {
            0..12 => Horizon::Core,
            12..17 => Horizon::Grow,
            _ => Horizon::Explore,
        };
        let mandate = rng.below(100) < 3;
        let protected = !mandate && rng.below(100) < 2;
        let mut key_results = BTreeMap::new();
        key_results.insert(
            kr.get(usize::try_from(rng.below(10)).ok()?)?.clone(),
            dec(rng.below(10) + 1, 2),
        );
        initiatives.push(Initiative {
            id: InitiativeId::new(format!("init-{i:05}")).ok()?,
            product: ProductId::new(format!("product-{}", i % 40)).ok()?,
            horizon,
            state: State::Committed,
            start,
            earliest_start: 0,
            deadline: None,
            cost,
            depends_on,
            mandate,
            protected,
            value: Value::Given {
                npv: Decimal::from(value),
            },
            risk,
            key_results,
        });
        finish.push(start + duration);
    }
    let mut budget = vec![Decimal::ZERO; periods];
    let mut capacity: BTreeMap<ResourceKind, Vec<Decimal>> = kinds
        .iter()
        .map(|k| (k.clone(), vec![Decimal::ZERO; periods]))
        .collect();
    for x in &initiatives {
        for (o, pc) in x.cost.iter().enumerate() {
            let p = x.start + o;
            *budget.get_mut(p)? += pc.money;
            for (k, v) in &pc.capacity {
                *capacity.get_mut(k)?.get_mut(p)? += *v;
            }
        }
    }
    for b in &mut budget {
        *b = (*b * Decimal::new(105, 2)).round_dp(0);
    }
    let r = |v: i64| Ratio::new(Decimal::new(v, 2)).ok();
    let mut mix = BTreeMap::new();
    mix.insert(
        Horizon::Core,
        MixBound {
            min: r(50)?,
            max: r(80)?,
        },
    );
    mix.insert(
        Horizon::Grow,
        MixBound {
            min: r(10)?,
            max: r(35)?,
        },
    );
    mix.insert(
        Horizon::Explore,
        MixBound {
            min: r(5)?,
            max: r(20)?,
        },
    );
    let mut objectives = BTreeMap::new();
    for o in 0..3 {
        let weights: BTreeMap<KeyResultId, Weight> = kr
            .iter()
            .skip(o)
            .step_by(3)
            .filter_map(|k| Some((k.clone(), Weight::new(Decimal::ONE).ok()?)))
            .collect();
        objectives.insert(ObjectiveId::new(format!("objective-{o}")).ok()?, weights);
    }
    Some(PortfolioData {
        currency: Currency::new("USD").ok()?,
        periods: period_list,
        budget,
        capacity,
        discount_rate: r(2)?,
        risk_haircut: r(50)?,
        mix,
        objectives,
        initiatives,
    })
}
