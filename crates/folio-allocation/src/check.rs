//! Exact re-checks of every answer, from the portfolio's data rather than from the
//! solver's compiled rows, so that a bug in either shows up as an error instead of a
//! wrong plan.

use rust_decimal::Decimal;

use crate::error::{Error, Result, overflow};
use crate::model::Portfolio;

fn fail(what: String) -> Error {
    Error::CheckFailed { what }
}

/// Re-checks a cut plan: forced initiatives kept, prerequisites kept, budgets, ceiling,
/// capacity and mix held.
pub(crate) fn check_cut(
    portfolio: &Portfolio,
    kept: &[bool],
    ceiling: Decimal,
    honour_protection: bool,
) -> Result<()> {
    let data = portfolio.data();
    let periods = data.periods.len();
    let is_kept = |i: usize| kept.get(i).copied().unwrap_or(false);
    let mut money = vec![Decimal::ZERO; periods];
    let mut cap: Vec<Vec<Decimal>> = vec![vec![Decimal::ZERO; periods]; data.capacity.len()];
    let mut total = Decimal::ZERO;
    let mut by_horizon = std::collections::BTreeMap::new();
    for (i, x) in data.initiatives.iter().enumerate() {
        if !is_kept(i) {
            if x.mandate || (honour_protection && x.protected) {
                return Err(fail(format!("{} must be kept", x.id)));
            }
            continue;
        }
        for pre in &x.depends_on {
            if !portfolio.position(pre.as_str()).is_some_and(is_kept) {
                return Err(fail(format!(
                    "{} kept without its prerequisite {pre}",
                    x.id
                )));
            }
        }
        for (o, pc) in x.cost.iter().enumerate() {
            let p = x.start.saturating_add(o);
            let slot = money
                .get_mut(p)
                .ok_or_else(|| fail(format!("{} runs past the periods", x.id)))?;
            *slot = slot
                .checked_add(pc.money)
                .ok_or_else(|| overflow("re-checking a plan"))?;
            total = total
                .checked_add(pc.money)
                .ok_or_else(|| overflow("re-checking a plan"))?;
            let h = by_horizon.entry(x.horizon).or_insert(Decimal::ZERO);
            *h = h
                .checked_add(pc.money)
                .ok_or_else(|| overflow("re-checking a plan"))?;
            for (k, kind) in data.capacity.keys().enumerate() {
                let v = pc.capacity.get(kind).copied().unwrap_or_default();
                if let Some(slot) = cap.get_mut(k).and_then(|row| row.get_mut(p)) {
                    *slot = slot
                        .checked_add(v)
                        .ok_or_else(|| overflow("re-checking a plan"))?;
                }
            }
        }
    }
    if total > ceiling {
        return Err(fail(format!(
            "kept spend {total} exceeds the ceiling {ceiling}"
        )));
    }
    for (p, (used, budget)) in money.iter().zip(&data.budget).enumerate() {
        if used > budget {
            return Err(fail(format!(
                "period {p}: spend {used} exceeds the budget {budget}"
            )));
        }
    }
    for ((kind, limits), used) in data.capacity.iter().zip(&cap) {
        for (p, (u, l)) in used.iter().zip(limits).enumerate() {
            if u > l {
                return Err(fail(format!("{kind} in period {p}: {u} exceeds {l}")));
            }
        }
    }
    for (h, bound) in &data.mix {
        let spend = by_horizon.get(h).copied().unwrap_or_default();
        let lo = bound
            .min
            .value()
            .checked_mul(total)
            .ok_or_else(|| overflow("re-checking a plan"))?;
        let hi = bound
            .max
            .value()
            .checked_mul(total)
            .ok_or_else(|| overflow("re-checking a plan"))?;
        if spend < lo || spend > hi || (total.is_zero() && bound.min.value() > Decimal::ZERO) {
            return Err(fail(format!(
                "{h:?} spend {spend} of {total} breaks its mix bounds"
            )));
        }
    }
    Ok(())
}

/// Re-checks a schedule: inside the periods, within every budget and capacity, and no
/// initiative before its prerequisites finish (or scheduled while one is not).
pub(crate) fn check_schedule(portfolio: &Portfolio, start: &[Option<usize>]) -> Result<()> {
    let data = portfolio.data();
    let periods = data.periods.len();
    let mut money = vec![Decimal::ZERO; periods];
    let mut cap: Vec<Vec<Decimal>> = vec![vec![Decimal::ZERO; periods]; data.capacity.len()];
    for (i, x) in data.initiatives.iter().enumerate() {
        let Some(s) = start.get(i).copied().flatten() else {
            continue;
        };
        for pre in &x.depends_on {
            let j = portfolio
                .position(pre.as_str())
                .ok_or_else(|| fail(format!("{pre} unknown")))?;
            let Some(ps) = start.get(j).copied().flatten() else {
                return Err(fail(format!(
                    "{} scheduled without its prerequisite {pre}",
                    x.id
                )));
            };
            let finish = data
                .initiatives
                .get(j)
                .map_or(ps, |p| ps.saturating_add(p.duration()));
            if s < finish {
                return Err(fail(format!(
                    "{} starts before its prerequisite {pre} finishes",
                    x.id
                )));
            }
        }
        for (o, pc) in x.cost.iter().enumerate() {
            let p = s.saturating_add(o);
            let slot = money
                .get_mut(p)
                .ok_or_else(|| fail(format!("{} runs past the periods", x.id)))?;
            *slot = slot
                .checked_add(pc.money)
                .ok_or_else(|| overflow("re-checking a schedule"))?;
            for (k, kind) in data.capacity.keys().enumerate() {
                let v = pc.capacity.get(kind).copied().unwrap_or_default();
                if let Some(slot) = cap.get_mut(k).and_then(|row| row.get_mut(p)) {
                    *slot = slot
                        .checked_add(v)
                        .ok_or_else(|| overflow("re-checking a schedule"))?;
                }
            }
        }
    }
    for (p, (used, budget)) in money.iter().zip(&data.budget).enumerate() {
        if used > budget {
            return Err(fail(format!(
                "period {p}: scheduled spend {used} exceeds the budget {budget}"
            )));
        }
    }
    for ((kind, limits), used) in data.capacity.iter().zip(&cap) {
        for (p, (u, l)) in used.iter().zip(limits).enumerate() {
            if u > l {
                return Err(fail(format!(
                    "{kind} in period {p}: scheduled {u} exceeds {l}"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The re-checks are the last line of defence against a solver bug, so each rule is
    //! tested on its own with a plan that breaks it (the solvers never produce one), and
    //! on the boundary where the plan just holds.

    use std::collections::{BTreeMap, BTreeSet};

    use folio_types::{Currency, Horizon, InitiativeId, Period, ProductId, Ratio};
    use rust_decimal::Decimal;

    use super::{check_cut, check_schedule};
    use crate::error::Error;
    use crate::model::{
        Initiative, MixBound, PeriodCost, Portfolio, PortfolioData, ResourceKind, State, Value,
    };

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    fn engineering() -> ResourceKind {
        ResourceKind::new("engineering").unwrap()
    }

    /// One initiative: spend per period from `start`, with `people` engineers each period.
    fn initiative(
        id: &str,
        horizon: Horizon,
        start: usize,
        money: &[i64],
        people: i64,
    ) -> Initiative {
        Initiative {
            id: InitiativeId::new(id).unwrap(),
            product: ProductId::new("atlas").unwrap(),
            horizon,
            state: State::Committed,
            start,
            earliest_start: 0,
            deadline: None,
            cost: money
                .iter()
                .map(|&m| PeriodCost {
                    money: d(m),
                    capacity: BTreeMap::from([(engineering(), d(people))]),
                })
                .collect(),
            depends_on: BTreeSet::new(),
            mandate: false,
            protected: false,
            value: Value::Given { npv: d(100) },
            risk: None,
            key_results: BTreeMap::new(),
        }
    }

    /// Three periods, budget 100 and 5 engineers each. `a` (core, 60 then 40, 3 people);
    /// `b` (grow, 50 in period 2, 2 people) depends on `a`; `c` (grow, 50 in period 1,
    /// 2 people). Kept together they spend 200, and period 1 holds 90 of spend and 5
    /// engineers.
    fn data() -> PortfolioData {
        let a = initiative("a", Horizon::Core, 0, &[60, 40], 3);
        let mut b = initiative("b", Horizon::Grow, 2, &[50], 2);
        b.depends_on.insert(InitiativeId::new("a").unwrap());
        let c = initiative("c", Horizon::Grow, 1, &[50], 2);
        PortfolioData {
            currency: Currency::new("USD").unwrap(),
            periods: ["2027-Q1", "2027-Q2", "2027-Q3"]
                .iter()
                .map(|p| p.parse::<Period>().unwrap())
                .collect(),
            budget: vec![d(100), d(100), d(100)],
            capacity: BTreeMap::from([(engineering(), vec![d(5), d(5), d(5)])]),
            discount_rate: Ratio::new(Decimal::ZERO).unwrap(),
            risk_haircut: Ratio::new(Decimal::ZERO).unwrap(),
            mix: BTreeMap::new(),
            objectives: BTreeMap::new(),
            initiatives: vec![a, b, c],
        }
    }

    fn portfolio(data: PortfolioData) -> Portfolio {
        Portfolio::new(data).unwrap()
    }

    fn what(r: super::Result<()>) -> String {
        match r {
            Err(Error::CheckFailed { what }) => what,
            other => panic!("expected a failed re-check, got {other:?}"),
        }
    }

    const ALL: [bool; 3] = [true, true, true];
    const HUGE: Decimal = Decimal::MAX;
    /// The baseline schedule: every initiative at its planned start.
    const PLANNED: [Option<usize>; 3] = [Some(0), Some(2), Some(1)];

    #[test]
    fn a_plan_within_every_limit_passes() {
        let p = portfolio(data());
        check_cut(&p, &ALL, d(200), true).unwrap();
        check_cut(&p, &[true, false, true], d(150), true).unwrap();
        check_cut(&p, &[false, false, false], Decimal::ZERO, true).unwrap();
        check_schedule(&p, &PLANNED).unwrap();
    }

    #[test]
    fn mandated_and_protected_initiatives_must_be_kept() {
        let mut mandated = data();
        mandated.initiatives[1].mandate = true;
        let p = portfolio(mandated);
        let without_b = [true, false, true];
        assert_eq!(
            what(check_cut(&p, &without_b, HUGE, false)),
            "b must be kept"
        );
        assert_eq!(
            what(check_cut(&p, &without_b, HUGE, true)),
            "b must be kept"
        );

        let mut protected = data();
        protected.initiatives[1].protected = true;
        let p = portfolio(protected);
        assert_eq!(
            what(check_cut(&p, &without_b, HUGE, true)),
            "b must be kept"
        );
        // Protection is honoured only when asked.
        check_cut(&p, &without_b, HUGE, false).unwrap();
    }

    #[test]
    fn a_kept_initiative_needs_its_prerequisites() {
        let p = portfolio(data());
        assert_eq!(
            what(check_cut(&p, &[false, true, true], HUGE, true)),
            "b kept without its prerequisite a"
        );
    }

    #[test]
    fn the_ceiling_holds_and_may_be_met_exactly() {
        let p = portfolio(data());
        check_cut(&p, &ALL, d(200), true).unwrap();
        assert_eq!(
            what(check_cut(&p, &ALL, d(199), true)),
            "kept spend 200 exceeds the ceiling 199"
        );
    }

    #[test]
    fn each_period_budget_holds_and_may_be_met_exactly() {
        let mut at_budget = data();
        at_budget.budget = vec![d(60), d(90), d(50)];
        let p = portfolio(at_budget);
        check_cut(&p, &ALL, HUGE, true).unwrap();
        check_schedule(&p, &PLANNED).unwrap();

        let mut over = data();
        over.budget = vec![d(60), d(89), d(50)];
        let p = portfolio(over);
        assert_eq!(
            what(check_cut(&p, &ALL, HUGE, true)),
            "period 1: spend 90 exceeds the budget 89"
        );
        assert_eq!(
            what(check_schedule(&p, &PLANNED)),
            "period 1: scheduled spend 90 exceeds the budget 89"
        );
    }

    #[test]
    fn each_period_capacity_holds_and_may_be_met_exactly() {
        let mut tight = data();
        tight.capacity = BTreeMap::from([(engineering(), vec![d(3), d(5), d(2)])]);
        let p = portfolio(tight);
        check_cut(&p, &ALL, HUGE, true).unwrap();
        check_schedule(&p, &PLANNED).unwrap();

        let mut over = data();
        over.capacity = BTreeMap::from([(engineering(), vec![d(5), d(4), d(5)])]);
        let p = portfolio(over);
        assert_eq!(
            what(check_cut(&p, &ALL, HUGE, true)),
            "engineering in period 1: 5 exceeds 4"
        );
        assert_eq!(
            what(check_schedule(&p, &PLANNED)),
            "engineering in period 1: scheduled 5 exceeds 4"
        );
        check_cut(&p, &[true, true, false], HUGE, true).unwrap();
    }

    fn with_mix(min: i64, max: i64) -> Portfolio {
        let mut data = data();
        let r = |v: i64| Ratio::new(Decimal::new(v, 2)).unwrap();
        data.mix.insert(
            Horizon::Core,
            MixBound {
                min: r(min),
                max: r(max),
            },
        );
        portfolio(data)
    }

    #[test]
    fn the_mix_bounds_hold_at_both_ends() {
        // Core spend is 100 of 200 when all are kept: exactly 50%.
        check_cut(&with_mix(0, 100), &ALL, HUGE, true).unwrap();
        check_cut(&with_mix(50, 50), &ALL, HUGE, true).unwrap();
        assert_eq!(
            what(check_cut(&with_mix(51, 100), &ALL, HUGE, true)),
            "Core spend 100 of 200 breaks its mix bounds"
        );
        assert_eq!(
            what(check_cut(&with_mix(0, 49), &ALL, HUGE, true)),
            "Core spend 100 of 200 breaks its mix bounds"
        );
        // Core alone is all of the spend.
        check_cut(&with_mix(100, 100), &[true, false, false], HUGE, true).unwrap();
    }

    #[test]
    fn nothing_kept_breaks_only_a_positive_minimum() {
        let none = [false, false, false];
        check_cut(&with_mix(0, 50), &none, HUGE, true).unwrap();
        assert_eq!(
            what(check_cut(&with_mix(1, 50), &none, HUGE, true)),
            "Core spend 0 of 0 breaks its mix bounds"
        );
    }

    #[test]
    fn a_schedule_keeps_prerequisites_before_dependents() {
        let p = portfolio(data());
        check_schedule(&p, &[Some(0), None, Some(1)]).unwrap();
        check_schedule(&p, &[None, None, None]).unwrap();
        // b may start exactly when a finishes (period 2), not a period earlier.
        check_schedule(&p, &[Some(0), Some(2), None]).unwrap();
        assert_eq!(
            what(check_schedule(&p, &[None, Some(2), None])),
            "b scheduled without its prerequisite a"
        );
        assert_eq!(
            what(check_schedule(&p, &[Some(0), Some(1), None])),
            "b starts before its prerequisite a finishes"
        );
        assert_eq!(
            what(check_schedule(&p, &[Some(1), Some(2), None])),
            "b starts before its prerequisite a finishes"
        );
    }

    #[test]
    fn a_schedule_stays_inside_the_periods() {
        let p = portfolio(data());
        check_schedule(&p, &[Some(1), None, Some(2)]).unwrap();
        assert_eq!(
            what(check_schedule(&p, &[Some(2), None, None])),
            "a runs past the periods"
        );
        assert_eq!(
            what(check_schedule(&p, &[None, None, Some(3)])),
            "c runs past the periods"
        );
    }
}
