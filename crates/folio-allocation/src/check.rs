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
