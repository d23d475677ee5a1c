//! `accelerate` and `baseline` never exceed a budget or a capacity, never start an
//! initiative before its prerequisites finish, and do not depend on input order.
// Test helpers and generators may unwrap, index and use plain arithmetic: a failure
// should fail the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::collections::BTreeMap;

use common::{build, spec_over};
use folio_allocation::{Acceleration, Portfolio, Target, accelerate, baseline};
use folio_types::{Decimal, InitiativeId};
use proptest::prelude::*;

/// Checks a schedule (start per initiative, in id order) directly from the data.
fn respects_everything(p: &Portfolio, start: &[Option<usize>]) -> Result<(), String> {
    let data = p.data();
    let n = data.periods.len();
    let at: BTreeMap<&InitiativeId, Option<usize>> = data
        .initiatives
        .iter()
        .zip(start)
        .map(|(x, s)| (&x.id, *s))
        .collect();
    let mut money = vec![Decimal::ZERO; n];
    let mut cap: BTreeMap<_, Vec<Decimal>> = data
        .capacity
        .keys()
        .map(|k| (k.clone(), vec![Decimal::ZERO; n]))
        .collect();
    for (x, s) in data.initiatives.iter().zip(start) {
        let Some(s) = *s else { continue };
        for pre in &x.depends_on {
            let pre_x = p.initiative(pre.as_str()).unwrap();
            match at[pre] {
                Some(ps) if ps + pre_x.duration() <= s => {}
                other => {
                    return Err(format!(
                        "{} starts at {s} but {pre} starts at {other:?}",
                        x.id
                    ));
                }
            }
        }
        for (o, pc) in x.cost.iter().enumerate() {
            if s + o >= n {
                return Err(format!("{} runs past the periods", x.id));
            }
            money[s + o] += pc.money;
            for (k, v) in &pc.capacity {
                cap.get_mut(k).unwrap()[s + o] += *v;
            }
        }
    }
    for (p_, (u, b)) in money.iter().zip(&data.budget).enumerate() {
        if u > b {
            return Err(format!("money in period {p_}: {u} > {b}"));
        }
    }
    for (k, used) in &cap {
        for (p_, (u, l)) in used.iter().zip(&data.capacity[k]).enumerate() {
            if u > l {
                return Err(format!("{k} in period {p_}: {u} > {l}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn schedules_hold_capacity_and_dependencies(spec in spec_over(12, 6), pick in 0usize..64, by_raw in 0usize..8, finish in prop::bool::ANY) {
        let data = build(&spec);
        let p = Portfolio::new(data.clone()).unwrap();
        let base = baseline(&p);
        prop_assert_eq!(respects_everything(&p, &base), Ok(()));
        if p.initiatives().is_empty() {
            return Ok(());
        }
        let t = pick % p.initiatives().len();
        let id = p.initiatives()[t].id.clone();
        let Some(from) = base[t] else { return Ok(()) };
        if from == 0 {
            return Ok(());
        }
        let by = 1 + by_raw % from;
        let target = if finish { Target::FinishBy(from - by + p.initiatives()[t].duration() - 1) } else { Target::By(by) };
        let answer = accelerate(&p, id.as_str(), target).unwrap();
        if let Acceleration::Accelerated(plan) = &answer {
            let starts: Vec<Option<usize>> = plan.schedule.iter().map(|s| s.start).collect();
            prop_assert_eq!(respects_everything(&p, &starts), Ok(()));
            prop_assert!(plan.to <= from - by);
            for slip in &plan.delayed {
                prop_assert!(slip.delay >= 1);
                prop_assert!(slip.value_lost.abs() <= p.risk_adjusted_value(slip.id.as_str()).unwrap().abs());
            }
            // The rule keeps everything else at or after its planned start.
            for (x, s) in p.initiatives().iter().zip(&starts) {
                if let Some(s) = s {
                    if x.id != id && !plan.pulled_in.iter().any(|q| q.id == x.id) {
                        prop_assert!(*s >= x.start);
                    }
                }
            }
        }
        let mut reversed = data;
        reversed.initiatives.reverse();
        let again = accelerate(&Portfolio::new(reversed).unwrap(), id.as_str(), target).unwrap();
        prop_assert_eq!(again, answer);
    }
}
