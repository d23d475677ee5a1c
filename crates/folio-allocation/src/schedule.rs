//! The accelerate scenario: "if we accelerate one bet, what does that force us to slow
//! down?"
//!
//! # The schedule
//!
//! Scheduling under finite capacity is NP-hard in general, so the re-plan uses a
//! documented priority rule: a **serial schedule-generation scheme** with the
//! **plan-order rule**. Initiatives are taken one at a time, earliest planned start
//! first, mandates before others at the same planned start, then by id; each is placed
//! at the earliest period, not before its planned start nor before every prerequisite
//! has finished, where every period of its work fits in what is left of each period's
//! money budget and of each resource kind's capacity. An initiative that fits nowhere
//! inside the periods is pushed past the horizon, and so are its dependents. Nothing is
//! ever pulled before its planned start, except by the acceleration itself.
//!
//! The **baseline** is that schedule as planned (when the plan fits its budgets and
//! capacity, the baseline is the plan). To **accelerate** initiative X to start at
//! period `t`, X's prerequisites are placed first (in the same order, as early as their
//! earliest start allows), then X at the latest start in `earliest..=t` that fits, then
//! everything else by the rule: everything else yields. If X cannot start by `t` even
//! so, the answer is [`Acceleration::Impossible`] with the reason.
//!
//! # Value lost to a delay
//!
//! A delay of `d` periods shifts all of an initiative's flows `d` periods later, which
//! multiplies their present value by `(1 + r)^−d` at the portfolio's discount rate `r`
//! per period. The value lost is therefore
//!
//! ```text
//! value lost = risk-adjusted value × (1 − (1 + r)^−d)
//! ```
//!
//! and the value gained by accelerating X by `d` periods is
//! `risk-adjusted value × ((1 + r)^d − 1)`. With `r = 0` a delay loses nothing. An
//! initiative pushed past the horizon is counted with the delay to the end of the
//! periods, a lower bound.

use std::fmt;

use folio_types::{Currency, InitiativeId};
use rust_decimal::Decimal;

use crate::constraint::Constraint;
use crate::error::{Error, Result, overflow};
use crate::model::{Initiative, Portfolio};
use crate::objectives::{ObjectiveImpact, impacts};
use crate::shown::{money, two_places};

/// How far to accelerate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Target {
    /// Start this many periods earlier than in the baseline.
    By(usize),
    /// Finish (run its last period of work) no later than this period index.
    FinishBy(usize),
}

/// What holds an initiative back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Binding {
    /// A budget or capacity is short at the period it would otherwise have started.
    Resource {
        /// The constraint short.
        constraint: Constraint,
        /// By how much.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        short_by: Decimal,
    },
    /// A prerequisite finishes later.
    Prerequisite {
        /// The prerequisite.
        prerequisite: InitiativeId,
    },
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Resource { constraint, .. } => write!(f, "{constraint}"),
            Self::Prerequisite { prerequisite } => write!(f, "waits for {prerequisite}"),
        }
    }
}

/// Why an acceleration cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "reason", rename_all = "snake_case"))]
pub enum ImpossibleReason {
    /// The target start is before the period 0 or the initiative is longer than the
    /// time to the target.
    BeforeFirstPeriod,
    /// The target start is before the initiative's earliest start.
    EarliestStart {
        /// Its earliest start.
        earliest_start: usize,
    },
    /// A prerequisite cannot finish before the target start, even first in line.
    Prerequisite {
        /// The prerequisite.
        prerequisite: InitiativeId,
        /// The first period after its last period of work, at best (`None` if it does
        /// not fit in the periods at all).
        finish: Option<usize>,
    },
    /// Even with everything else yielding, a budget or capacity is too small.
    Resource {
        /// The constraint short at the target start.
        constraint: Constraint,
        /// By how much.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        short_by: Decimal,
    },
}

/// An initiative that moves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Slip {
    /// The initiative.
    pub id: InitiativeId,
    /// Its start in the baseline (`None`: past the horizon there too).
    pub from: Option<usize>,
    /// Its start now (`None`: pushed past the horizon).
    pub to: Option<usize>,
    /// Periods of delay (at least, when pushed past the horizon).
    pub delay: usize,
    /// What holds it back.
    pub binding: Option<Binding>,
    /// Risk-adjusted value lost to the delay.
    pub value_lost: Decimal,
    /// Whether it now runs past its deadline.
    pub misses_deadline: bool,
}

/// One initiative's place in the baseline and in the re-plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Placement {
    /// The initiative.
    pub id: InitiativeId,
    /// Its baseline start (`None`: past the horizon).
    pub baseline: Option<usize>,
    /// Its start in the re-plan (`None`: past the horizon).
    pub start: Option<usize>,
}

/// The re-plan after an acceleration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct AccelerationPlan {
    /// The accelerated initiative.
    pub initiative: InitiativeId,
    /// The portfolio's currency.
    pub currency: Currency,
    /// Period labels, so that the plan reads on its own.
    pub periods: Vec<folio_types::Period>,
    /// Its baseline start.
    pub from: usize,
    /// Its new start.
    pub to: usize,
    /// Risk-adjusted value gained by starting earlier.
    pub value_gained: Decimal,
    /// Initiatives that start later (or are pushed past the horizon), in id order.
    pub delayed: Vec<Slip>,
    /// Prerequisites pulled earlier to make room, in id order.
    pub pulled_in: Vec<Placement>,
    /// Total risk-adjusted value lost to delays.
    pub value_lost: Decimal,
    /// Objectives whose key results now move later, largest first.
    pub objectives_later: Vec<ObjectiveImpact>,
    /// Every initiative, in id order.
    pub schedule: Vec<Placement>,
}

/// The answer to an acceleration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum Acceleration {
    /// Done: what slows down.
    Accelerated(AccelerationPlan),
    /// Not possible even when everything else yields.
    Impossible {
        /// The initiative.
        initiative: InitiativeId,
        /// The start it would need.
        target_start: Option<usize>,
        /// Why not.
        reason: ImpossibleReason,
    },
}

/// Remaining money and capacity per period during scheduling.
#[derive(Debug, Clone)]
struct Resources<'p> {
    portfolio: &'p Portfolio,
    /// `left[0]` is money; `left[1 + k]` is resource kind `k`; each per period.
    left: Vec<Vec<Decimal>>,
}

impl<'p> Resources<'p> {
    fn new(portfolio: &'p Portfolio) -> Self {
        let data = portfolio.data();
        let mut left = vec![data.budget.clone()];
        left.extend(data.capacity.values().cloned());
        Self { portfolio, left }
    }

    /// Amount of row `r` initiative `i` uses in work period `o`.
    fn need(&self, i: usize, r: usize, o: usize) -> Decimal {
        let x = self.portfolio.initiatives().get(i);
        match r.checked_sub(1) {
            None => x
                .and_then(|x| x.cost.get(o))
                .map(|c| c.money)
                .unwrap_or_default(),
            Some(k) => self
                .portfolio
                .compiled()
                .cap
                .get(i)
                .and_then(|c| c.get(k))
                .and_then(|c| c.get(o))
                .copied()
                .unwrap_or_default(),
        }
    }

    fn constraint(&self, r: usize, p: usize) -> Option<Constraint> {
        let period = self.portfolio.periods().get(p).copied()?;
        Some(match r.checked_sub(1) {
            None => Constraint::Budget { period },
            Some(k) => Constraint::Capacity {
                kind: self.portfolio.compiled().kinds.get(k)?.clone(),
                period,
            },
        })
    }

    /// The first shortfall if `i` started at `s` (`None` if it fits). Past the last
    /// period there is no capacity at all.
    fn shortfall(&self, i: usize, s: usize) -> Option<(Option<Constraint>, Decimal)> {
        let dur = self
            .portfolio
            .initiatives()
            .get(i)
            .map_or(0, Initiative::duration);
        for o in 0..dur {
            let p = s.saturating_add(o);
            for (r, row) in self.left.iter().enumerate() {
                let need = self.need(i, r, o);
                let Some(&left) = row.get(p) else {
                    return Some((None, Decimal::ZERO));
                };
                if need > left {
                    return Some((
                        self.constraint(r, p),
                        need.checked_sub(left).unwrap_or_default(),
                    ));
                }
            }
        }
        None
    }

    fn take(&mut self, i: usize, s: usize) {
        let dur = self
            .portfolio
            .initiatives()
            .get(i)
            .map_or(0, Initiative::duration);
        for o in 0..dur {
            for r in 0..self.left.len() {
                let need = self.need(i, r, o);
                if let Some(cell) = self
                    .left
                    .get_mut(r)
                    .and_then(|row| row.get_mut(s.saturating_add(o)))
                {
                    *cell = cell.checked_sub(need).unwrap_or_default();
                }
            }
        }
    }

    /// The earliest start `>= lower` where `i` fits, and takes its resources.
    fn place_from(&mut self, i: usize, lower: usize) -> Option<usize> {
        let periods = self.portfolio.periods().len();
        let s = (lower..periods).find(|&s| self.shortfall(i, s).is_none())?;
        self.take(i, s);
        Some(s)
    }
}

/// The plan order: earliest planned start, mandates first, then id (index order).
fn plan_order(portfolio: &Portfolio) -> Vec<usize> {
    let xs = portfolio.initiatives();
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| xs.get(i).map(|x| (x.start, !x.mandate, i)));
    order
}

/// The prerequisites' latest finish (`Err(prerequisite)` if one is unscheduled).
fn ready(
    portfolio: &Portfolio,
    i: usize,
    start: &[Option<usize>],
) -> std::result::Result<usize, usize> {
    let mut at = 0;
    for &j in portfolio.compiled().prereqs.get(i).into_iter().flatten() {
        let Some(s) = start.get(j).copied().flatten() else {
            return Err(j);
        };
        let dur = portfolio
            .initiatives()
            .get(j)
            .map_or(0, Initiative::duration);
        at = at.max(s.saturating_add(dur));
    }
    Ok(at)
}

/// The baseline schedule: every initiative's start under the plan-order rule (`None`:
/// pushed past the horizon), indexed like [`Portfolio::initiatives`].
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{Portfolio, baseline};
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
///   "capacity": { "engineering": ["3", "3"] },
///   "initiatives": [
///     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
///       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "5" } },
///     { "id": "b", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
///       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "5" } }
///   ]
/// }"#)?;
/// // Both plan to start in 2027-Q1, but engineering fits only one: b waits a quarter.
/// assert_eq!(baseline(&portfolio), vec![Some(0), Some(1)]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn baseline(portfolio: &Portfolio) -> Vec<Option<usize>> {
    let mut res = Resources::new(portfolio);
    let mut start = vec![None; portfolio.initiatives().len()];
    for i in plan_order(portfolio) {
        let Some(x) = portfolio.initiatives().get(i) else {
            continue;
        };
        if let Ok(at) = ready(portfolio, i, &start) {
            let s = res.place_from(i, at.max(x.start));
            if let Some(slot) = start.get_mut(i) {
                *slot = s;
            }
        }
    }
    start
}

/// Accelerates `initiative` and answers what slows down.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{Acceleration, Portfolio, Target, accelerate};
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1", "2027-Q2", "2027-Q3"], "budget": ["100", "100", "100"],
///   "capacity": { "engineering": ["3", "3", "3"] }, "discount_rate": "0.1",
///   "initiatives": [
///     { "id": "bet", "product": "p", "horizon": "explore", "state": { "status": "proposed" }, "start": 1,
///       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "110" } },
///     { "id": "ops", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
///       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "100" } }
///   ]
/// }"#)?;
/// let Acceleration::Accelerated(plan) = accelerate(&portfolio, "bet", Target::By(1))? else {
///     return Err("expected a plan".into());
/// };
/// // ops yields its quarter: one period later at 10% loses 100 × (1 − 1/1.1) = 9.09.
/// assert_eq!(plan.delayed.len(), 1);
/// assert_eq!(plan.delayed[0].delay, 1);
/// assert_eq!(plan.delayed[0].value_lost.round_dp(2).to_string(), "9.09");
/// assert_eq!(plan.value_gained.normalize().to_string(), "11"); // 110 × 1.1 − 110
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::UnknownInitiative`]; [`Error::InvalidParameter`] if the target is not
/// earlier than the baseline start or the initiative is pushed past the horizon in the
/// baseline; [`Error::Overflow`]; [`Error::CheckFailed`] if the re-plan fails its exact
/// re-check (a bug).
pub fn accelerate(portfolio: &Portfolio, initiative: &str, target: Target) -> Result<Acceleration> {
    let t = portfolio.index_of(initiative)?;
    let xs = portfolio.initiatives();
    let x = xs
        .get(t)
        .ok_or_else(|| overflow("looking up the initiative"))?;
    let base = baseline(portfolio);
    let Some(from) = base.get(t).copied().flatten() else {
        return Err(Error::InvalidParameter {
            parameter: "initiative",
            value: initiative.to_owned(),
            reason: "it does not fit in the periods even in the baseline",
        });
    };
    let target_start = match target {
        Target::By(periods) => from.checked_sub(periods),
        Target::FinishBy(period) => period
            .checked_add(1)
            .and_then(|e| e.checked_sub(x.duration())),
    };
    let impossible = |target_start, reason| {
        Ok(Acceleration::Impossible {
            initiative: x.id.clone(),
            target_start,
            reason,
        })
    };
    let Some(ts) = target_start else {
        return impossible(None, ImpossibleReason::BeforeFirstPeriod);
    };
    if ts >= from {
        return Err(Error::InvalidParameter {
            parameter: "target",
            value: format!("{target:?}"),
            reason: "it does not start the initiative earlier than the baseline",
        });
    }
    if ts < x.earliest_start {
        return impossible(
            Some(ts),
            ImpossibleReason::EarliestStart {
                earliest_start: x.earliest_start,
            },
        );
    }

    // The prerequisites first, as early as they can go, then the initiative itself.
    let c = portfolio.compiled();
    let mut closure = vec![false; xs.len()];
    let mut work = c.prereqs.get(t).cloned().unwrap_or_default();
    while let Some(j) = work.pop() {
        if let Some(seen) = closure.get_mut(j) {
            if !*seen {
                *seen = true;
                work.extend(c.prereqs.get(j).into_iter().flatten().copied());
            }
        }
    }
    let order = plan_order(portfolio);
    let mut res = Resources::new(portfolio);
    let mut start: Vec<Option<usize>> = vec![None; xs.len()];
    for &j in order
        .iter()
        .filter(|&&j| closure.get(j).copied().unwrap_or(false))
    {
        let earliest = xs.get(j).map_or(0, |y| y.earliest_start);
        let s = match ready(portfolio, j, &start) {
            Ok(at) => res.place_from(j, at.max(earliest)),
            Err(_) => None,
        };
        if let Some(slot) = start.get_mut(j) {
            *slot = s;
        }
    }
    let lower = match ready(portfolio, t, &start) {
        Ok(at) => at.max(x.earliest_start),
        Err(j) => {
            let prerequisite = xs
                .get(j)
                .map(|y| y.id.clone())
                .ok_or_else(|| overflow("scheduling"))?;
            return impossible(
                Some(ts),
                ImpossibleReason::Prerequisite {
                    prerequisite,
                    finish: None,
                },
            );
        }
    };
    if lower > ts {
        // Name the prerequisite that finishes last.
        let late = c
            .prereqs
            .get(t)
            .into_iter()
            .flatten()
            .copied()
            .max_by_key(|&j| {
                (
                    start
                        .get(j)
                        .copied()
                        .flatten()
                        .map(|s| s.saturating_add(xs.get(j).map_or(0, Initiative::duration))),
                    std::cmp::Reverse(j),
                )
            });
        if let Some(j) = late.filter(|_| x.earliest_start <= ts) {
            let finish = start
                .get(j)
                .copied()
                .flatten()
                .map(|s| s.saturating_add(xs.get(j).map_or(0, Initiative::duration)));
            let prerequisite = xs
                .get(j)
                .map(|y| y.id.clone())
                .ok_or_else(|| overflow("scheduling"))?;
            return impossible(
                Some(ts),
                ImpossibleReason::Prerequisite {
                    prerequisite,
                    finish,
                },
            );
        }
        return impossible(
            Some(ts),
            ImpossibleReason::EarliestStart {
                earliest_start: x.earliest_start,
            },
        );
    }
    let Some(s) = (lower..=ts).rev().find(|&s| res.shortfall(t, s).is_none()) else {
        let (constraint, short_by) = res.shortfall(t, ts).unwrap_or((None, Decimal::ZERO));
        let Some(constraint) = constraint else {
            return impossible(Some(ts), ImpossibleReason::BeforeFirstPeriod);
        };
        return impossible(
            Some(ts),
            ImpossibleReason::Resource {
                constraint,
                short_by,
            },
        );
    };
    res.take(t, s);
    if let Some(slot) = start.get_mut(t) {
        *slot = Some(s);
    }

    // Everything else yields, in plan order; note what holds each one back.
    let mut binding: Vec<Option<Binding>> = vec![None; xs.len()];
    for &j in &order {
        if j == t || closure.get(j).copied().unwrap_or(false) {
            continue;
        }
        let Some(y) = xs.get(j) else { continue };
        let b = base.get(j).copied().flatten();
        let placed = match ready(portfolio, j, &start) {
            Err(pre) => {
                if let (Some(slot), Some(p)) = (binding.get_mut(j), xs.get(pre)) {
                    *slot = Some(Binding::Prerequisite {
                        prerequisite: p.id.clone(),
                    });
                }
                None
            }
            Ok(at) => {
                let lower = at.max(y.start);
                if let Some(b) = b {
                    if lower > b {
                        let late =
                            c.prereqs
                                .get(j)
                                .into_iter()
                                .flatten()
                                .copied()
                                .max_by_key(|&q| {
                                    (
                                        start.get(q).copied().flatten().map(|s| {
                                            s.saturating_add(
                                                xs.get(q).map_or(0, Initiative::duration),
                                            )
                                        }),
                                        std::cmp::Reverse(q),
                                    )
                                });
                        if let (Some(slot), Some(p)) =
                            (binding.get_mut(j), late.and_then(|q| xs.get(q)))
                        {
                            *slot = Some(Binding::Prerequisite {
                                prerequisite: p.id.clone(),
                            });
                        }
                    } else if let Some((Some(constraint), short_by)) = res.shortfall(j, b) {
                        if let Some(slot) = binding.get_mut(j) {
                            *slot = Some(Binding::Resource {
                                constraint,
                                short_by,
                            });
                        }
                    }
                }
                res.place_from(j, lower)
            }
        };
        if let Some(slot) = start.get_mut(j) {
            *slot = placed;
        }
    }
    crate::check::check_schedule(portfolio, &start)?;

    let rate = portfolio.data().discount_rate.value();
    let periods = portfolio.periods().len();
    let mut delayed = Vec::new();
    let mut pulled_in = Vec::new();
    let mut value_lost = Decimal::ZERO;
    let mut late_items = Vec::new();
    for (j, y) in xs.iter().enumerate() {
        if j == t {
            continue;
        }
        let (b, now) = (
            base.get(j).copied().flatten(),
            start.get(j).copied().flatten(),
        );
        let delay = match (b, now) {
            (Some(b), Some(n)) if n > b => n.saturating_sub(b),
            (Some(b), None) => periods.saturating_sub(b),
            (Some(b), Some(n)) if n < b => {
                pulled_in.push(Placement {
                    id: y.id.clone(),
                    baseline: Some(b),
                    start: Some(n),
                });
                continue;
            }
            _ => continue,
        };
        let value = c.value.get(j).copied().unwrap_or_default();
        let lost = shift_loss(value, rate, delay)?;
        value_lost = value_lost
            .checked_add(lost)
            .ok_or_else(|| overflow("summing value lost"))?;
        let misses_deadline = match (y.deadline, now) {
            (Some(d), Some(n)) => n.saturating_add(y.duration()).saturating_sub(1) > d,
            (Some(_), None) => true,
            _ => false,
        };
        late_items.push(j);
        delayed.push(Slip {
            id: y.id.clone(),
            from: b,
            to: now,
            delay,
            binding: binding.get(j).cloned().flatten(),
            value_lost: lost,
            misses_deadline,
        });
    }
    let value = c.value.get(t).copied().unwrap_or_default();
    let value_gained = shift_gain(value, rate, from.saturating_sub(s))?;
    let schedule = xs
        .iter()
        .enumerate()
        .map(|(j, y)| Placement {
            id: y.id.clone(),
            baseline: base.get(j).copied().flatten(),
            start: start.get(j).copied().flatten(),
        })
        .collect();
    Ok(Acceleration::Accelerated(AccelerationPlan {
        initiative: x.id.clone(),
        currency: portfolio.currency(),
        periods: portfolio.periods().to_vec(),
        from,
        to: s,
        value_gained,
        delayed,
        pulled_in,
        value_lost,
        objectives_later: impacts(portfolio, late_items)?,
        schedule,
    }))
}

fn growth(rate: Decimal, periods: usize) -> Result<Decimal> {
    let g = Decimal::ONE
        .checked_add(rate)
        .ok_or_else(|| overflow("discounting a delay"))?;
    let n = u64::try_from(periods).map_err(|_| overflow("discounting a delay"))?;
    rust_decimal::MathematicalOps::checked_powu(&g, n)
        .ok_or_else(|| overflow("discounting a delay"))
}

/// `value × (1 − (1 + r)^−d)`.
pub(crate) fn shift_loss(value: Decimal, rate: Decimal, delay: usize) -> Result<Decimal> {
    let g = growth(rate, delay)?;
    let kept = value
        .checked_div(g)
        .ok_or_else(|| overflow("discounting a delay"))?;
    value
        .checked_sub(kept)
        .ok_or_else(|| overflow("discounting a delay"))
}

/// `value × ((1 + r)^d − 1)`.
fn shift_gain(value: Decimal, rate: Decimal, by: usize) -> Result<Decimal> {
    let g = growth(rate, by)?;
    let grown = value
        .checked_mul(g)
        .ok_or_else(|| overflow("compounding an acceleration"))?;
    grown
        .checked_sub(value)
        .ok_or_else(|| overflow("compounding an acceleration"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "period" } else { "periods" }
}

impl AccelerationPlan {
    fn label(&self, p: usize) -> String {
        self.periods
            .get(p)
            .map_or_else(|| format!("period {p}"), ToString::to_string)
    }

    /// The plan in one sentence: "Accelerating bet by 1 period (start 2027-Q1 instead of
    /// 2027-Q2) delays ops by 1 period (engineering capacity in 2027-Q1); value lost to
    /// delay 9.09 USD, value gained 11 USD."
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use folio_allocation::{Acceleration, Portfolio, Target, accelerate};
    ///
    /// # let portfolio: Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2", "2027-Q3"], "budget": ["100", "100", "100"],
    /// #   "capacity": { "engineering": ["3", "3", "3"] }, "discount_rate": "0.1",
    /// #   "initiatives": [
    /// #     { "id": "bet", "product": "p", "horizon": "explore", "state": { "status": "proposed" }, "start": 1,
    /// #       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "110" } },
    /// #     { "id": "ops", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
    /// #       "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "100" } }
    /// #   ]
    /// # }"#)?;
    /// // Engineering (3) fits one of the two (2 each) per quarter: bet takes 2027-Q1 from ops.
    /// // At 10% a period, ops loses 100 × (1 − 1/1.1) = 9.09 and bet gains 110 × 0.1 = 11.
    /// let Acceleration::Accelerated(plan) = accelerate(&portfolio, "bet", Target::By(1))? else {
    ///     return Err("expected a plan".into());
    /// };
    /// assert_eq!(
    ///     plan.describe(),
    ///     "Accelerating bet by 1 period (start 2027-Q1 instead of 2027-Q2) delays ops by 1 period \
    ///      (engineering capacity in 2027-Q1); value lost to delay 9.09 USD, value gained 11 USD."
    /// );
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        let by = self.from.saturating_sub(self.to);
        let mut text = format!(
            "Accelerating {} by {by} {} (start {} instead of {})",
            self.initiative,
            plural(by),
            self.label(self.to),
            self.label(self.from)
        );
        if self.delayed.is_empty() {
            text.push_str(" delays nothing");
        } else {
            let parts: Vec<String> = self
                .delayed
                .iter()
                .map(|d| {
                    let what = match d.to {
                        Some(_) => format!("{} by {} {}", d.id, d.delay, plural(d.delay)),
                        None => format!(
                            "{} past {}",
                            d.id,
                            self.label(self.periods.len().saturating_sub(1))
                        ),
                    };
                    match &d.binding {
                        Some(b) => format!("{what} ({b})"),
                        None => what,
                    }
                })
                .collect();
            text.push_str(&format!(" delays {}", parts.join(", ")));
        }
        if !self.pulled_in.is_empty() {
            let ids: Vec<&str> = self.pulled_in.iter().map(|p| p.id.as_str()).collect();
            text.push_str(&format!(", pulling in {}", ids.join(", ")));
        }
        text.push_str(&format!(
            "; value lost to delay {}, value gained {}",
            money(self.value_lost, self.currency),
            money(self.value_gained, self.currency)
        ));
        for o in &self.objectives_later {
            text.push_str(&format!(
                "; objective {} gets {} expected progress later",
                o.objective,
                two_places(o.progress)
            ));
        }
        text.push('.');
        text
    }
}

impl Acceleration {
    /// The answer in one sentence.
    ///
    /// ```
    /// use folio_allocation::{Acceleration, Constraint, ImpossibleReason};
    /// use folio_types::Decimal;
    ///
    /// let answer = Acceleration::Impossible {
    ///     initiative: "bet".parse()?,
    ///     target_start: Some(0),
    ///     reason: ImpossibleReason::EarliestStart { earliest_start: 1 },
    /// };
    /// assert_eq!(answer.describe(), "bet cannot be accelerated that far: it cannot start before period 1.");
    ///
    /// let answer = Acceleration::Impossible {
    ///     initiative: "bet".parse()?,
    ///     target_start: Some(0),
    ///     reason: ImpossibleReason::Resource {
    ///         constraint: Constraint::Budget { period: "2027-Q1".parse()? },
    ///         short_by: Decimal::from(25),
    ///     },
    /// };
    /// assert_eq!(
    ///     answer.describe(),
    ///     "bet cannot be accelerated that far: the money budget of 2027-Q1 is short by 25 even with everything else yielding."
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Self::Accelerated(plan) => plan.describe(),
            Self::Impossible {
                initiative, reason, ..
            } => {
                let why = match reason {
                    ImpossibleReason::BeforeFirstPeriod => {
                        "it would have to start before the first period".to_owned()
                    }
                    ImpossibleReason::EarliestStart { earliest_start } => {
                        format!("it cannot start before period {earliest_start}")
                    }
                    ImpossibleReason::Prerequisite {
                        prerequisite,
                        finish: Some(f),
                    } => {
                        format!("its prerequisite {prerequisite} cannot finish before period {f}")
                    }
                    ImpossibleReason::Prerequisite {
                        prerequisite,
                        finish: None,
                    } => {
                        format!("its prerequisite {prerequisite} does not fit in the periods")
                    }
                    ImpossibleReason::Resource {
                        constraint,
                        short_by,
                    } => {
                        format!(
                            "{constraint} is short by {} even with everything else yielding",
                            two_places(*short_by)
                        )
                    }
                };
                format!("{initiative} cannot be accelerated that far: {why}.")
            }
        }
    }
}

impl fmt::Display for Acceleration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
