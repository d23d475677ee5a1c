//! The exact branch and bound behind [`cut`](crate::cut()) and the greedy floor.
//!
//! The problem is a 0-1 program: choose the initiatives to keep, maximising the sum of
//! their risk-adjusted values, subject to `≤` rows (each period's money budget, the
//! reduced spend ceiling, each resource kind's capacity in each period), precedence
//! (kept ⇒ every prerequisite kept), forced items (mandates, protected) and the horizon
//! mix bounds.
//!
//! The search is a depth-first branch and bound over the initiatives with positive
//! value (an initiative with no positive value is only ever kept as a prerequisite).
//! Including an initiative includes its prerequisites; excluding it excludes its
//! dependents; a branch that breaks a row is closed at once. Every node's kept set holds
//! every row by construction, so it is a candidate as soon as the mix bounds hold.
//!
//! The bound at a node is the smaller of two fractional-knapsack (Dantzig) bounds over
//! the undecided initiatives, each a relaxation of the problem to one row: the spend
//! ceiling, and a surrogate row (the sum of the rows that the forced set and every
//! candidate together can overfill, each weighted by how oversubscribed it is per unit
//! of its capacity; see `Bounds::new`).
//! Dependencies and the mix are relaxed in the bound, so it is a true upper bound. The
//! bound is computed in `f64` and inflated by a relative margin of `1e-9` (far above the
//! rounding error of summing fewer than a million non-negative terms), so the search
//! never prunes a strictly better plan: the result is exact. Every feasibility test and
//! the objective itself are exact `Decimal` sums.
//!
//! At every node, reduced-cost fixing on the spend-ceiling relaxation decides each
//! undecided initiative whose opposite decision provably cannot beat the incumbent
//! (its bound `U − |v − λ·w|`, with `λ` the critical ratio, is no better), then the node
//! is bounded again; this leaves only initiatives near the break-even ratio to branch
//! on. The greedy plan is the first incumbent.
//!
//! The work is bounded by a node limit; reaching it returns the best plan found with
//! the root bound instead of running on.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const UNDECIDED: u8 = 0;
const IN: u8 = 1;
const OUT: u8 = 2;
/// Relative safety margin on the `f64` bound.
const MARGIN: f64 = 1e-9;

/// A mix row: the horizon, its floor and its ceiling as shares of kept spend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MixRow {
    pub(crate) horizon: usize,
    pub(crate) min: Decimal,
    pub(crate) max: Decimal,
}

/// A compiled 0-1 problem.
#[derive(Debug, Clone)]
pub(crate) struct Problem<'a> {
    pub(crate) value: &'a [Decimal],
    pub(crate) spend: &'a [Decimal],
    pub(crate) horizon: Vec<usize>,
    pub(crate) weights: Vec<Vec<(usize, Decimal)>>,
    pub(crate) caps: Vec<Decimal>,
    pub(crate) ceiling_row: usize,
    pub(crate) prereqs: &'a [Vec<usize>],
    pub(crate) dependents: &'a [Vec<usize>],
    pub(crate) forced: Vec<bool>,
    pub(crate) mix: Vec<MixRow>,
}

/// Why the forced set alone is infeasible.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Broken {
    /// Row `row` is exceeded by `excess`.
    Row { row: usize, excess: Decimal },
    /// Mix row `mix` (index into `Problem::mix`) is broken; `floor` tells which side,
    /// `excess` is in share points.
    Mix {
        mix: usize,
        floor: bool,
        excess: Decimal,
    },
}

/// The search's answer.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    /// The best plan found; `None` if no plan holds the mix bounds (or none was found
    /// within the limit).
    pub(crate) kept: Option<Vec<bool>>,
    /// Nodes explored.
    pub(crate) nodes: u64,
    /// Whether the node limit stopped the search.
    pub(crate) limited: bool,
    /// The root bound on the best value.
    pub(crate) root_bound: f64,
    /// The mix bound the forced set alone breaks, if any.
    pub(crate) root_mix: Option<Broken>,
}

/// The mutable search state with an undo trail.
#[derive(Debug)]
pub(crate) struct State<'p, 'a> {
    p: &'p Problem<'a>,
    dec: Vec<u8>,
    used: Vec<Decimal>,
    pub(crate) value: Decimal,
    hspend: [Decimal; 3],
    total: Decimal,
    trail: Vec<usize>,
}

impl<'p, 'a> State<'p, 'a> {
    pub(crate) fn new(p: &'p Problem<'a>) -> Self {
        Self {
            p,
            dec: vec![UNDECIDED; p.value.len()],
            used: vec![Decimal::ZERO; p.caps.len()],
            value: Decimal::ZERO,
            hspend: [Decimal::ZERO; 3],
            total: Decimal::ZERO,
            trail: Vec::new(),
        }
    }

    pub(crate) fn mark(&self) -> usize {
        self.trail.len()
    }

    pub(crate) fn kept(&self) -> Vec<bool> {
        self.dec.iter().map(|&d| d == IN).collect()
    }

    /// Keeps `i` and its prerequisites; `false` if that breaks a row or a decision
    /// (the caller undoes to its mark).
    pub(crate) fn include(&mut self, i: usize) -> bool {
        self.include_with(i, true)
    }

    /// Like [`include`](Self::include); with `stop_on_break` false the whole closure is
    /// added even past a broken row (to measure by how much it breaks).
    pub(crate) fn include_with(&mut self, i: usize, stop_on_break: bool) -> bool {
        let mut all_ok = true;
        let mut work = vec![i];
        while let Some(j) = work.pop() {
            match self.dec.get(j) {
                Some(&IN) => continue,
                Some(&UNDECIDED) => {}
                _ => return false,
            }
            if let Some(d) = self.dec.get_mut(j) {
                *d = IN;
            }
            self.trail.push(j);
            let mut ok = true;
            for &(r, w) in self.p.weights.get(j).into_iter().flatten() {
                if let (Some(u), Some(cap)) = (self.used.get_mut(r), self.p.caps.get(r)) {
                    // Subset sums never overflow: the portfolio checked every row total.
                    *u = u.checked_add(w).unwrap_or(Decimal::MAX);
                    ok &= *u <= *cap;
                }
            }
            let v = self.p.value.get(j).copied().unwrap_or_default();
            let s = self.p.spend.get(j).copied().unwrap_or_default();
            self.value = self.value.checked_add(v).unwrap_or(Decimal::MAX);
            self.total = self.total.checked_add(s).unwrap_or(Decimal::MAX);
            if let Some(h) = self.p.horizon.get(j).and_then(|&h| self.hspend.get_mut(h)) {
                *h = h.checked_add(s).unwrap_or(Decimal::MAX);
            }
            if !ok {
                all_ok = false;
                if stop_on_break {
                    return false;
                }
            }
            work.extend(self.p.prereqs.get(j).into_iter().flatten().copied());
        }
        all_ok
    }

    /// The items decided after `mark`, in the order they were decided.
    pub(crate) fn since(&self, mark: usize) -> &[usize] {
        self.trail.get(mark..).unwrap_or(&[])
    }

    /// Leaves out `i` and its dependents; `false` if one of them is already kept.
    pub(crate) fn exclude(&mut self, i: usize) -> bool {
        let mut work = vec![i];
        while let Some(j) = work.pop() {
            match self.dec.get(j) {
                Some(&OUT) => continue,
                Some(&UNDECIDED) => {}
                _ => return false,
            }
            if let Some(d) = self.dec.get_mut(j) {
                *d = OUT;
            }
            self.trail.push(j);
            work.extend(self.p.dependents.get(j).into_iter().flatten().copied());
        }
        true
    }

    /// Undoes every decision after `mark`.
    pub(crate) fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let Some(j) = self.trail.pop() else { break };
            if self.dec.get(j) == Some(&IN) {
                for &(r, w) in self.p.weights.get(j).into_iter().flatten() {
                    if let Some(u) = self.used.get_mut(r) {
                        *u = u.checked_sub(w).unwrap_or(Decimal::ZERO);
                    }
                }
                let v = self.p.value.get(j).copied().unwrap_or_default();
                let s = self.p.spend.get(j).copied().unwrap_or_default();
                self.value = self.value.checked_sub(v).unwrap_or_default();
                self.total = self.total.checked_sub(s).unwrap_or_default();
                if let Some(h) = self.p.horizon.get(j).and_then(|&h| self.hspend.get_mut(h)) {
                    *h = h.checked_sub(s).unwrap_or_default();
                }
            }
            if let Some(d) = self.dec.get_mut(j) {
                *d = UNDECIDED;
            }
        }
    }

    /// The first row over its capacity, with the largest excess relative to capacity.
    pub(crate) fn broken_row(&self) -> Option<(usize, Decimal)> {
        let mut worst: Option<(usize, Decimal, Decimal)> = None;
        for (r, (u, cap)) in self.used.iter().zip(&self.p.caps).enumerate() {
            if u > cap {
                let excess = u.checked_sub(*cap).unwrap_or(Decimal::MAX);
                let rel = if cap.is_zero() {
                    Decimal::MAX
                } else {
                    excess.checked_div(*cap).unwrap_or(Decimal::MAX)
                };
                if worst.as_ref().is_none_or(|&(_, _, w)| rel > w) {
                    worst = Some((r, excess, rel));
                }
            }
        }
        worst.map(|(r, e, _)| (r, e))
    }

    /// The first broken mix bound, if any.
    pub(crate) fn broken_mix(&self) -> Option<Broken> {
        for (m, row) in self.p.mix.iter().enumerate() {
            let spend = self.hspend.get(row.horizon).copied().unwrap_or_default();
            let share = if self.total.is_zero() {
                Decimal::ZERO
            } else {
                spend.checked_div(self.total).unwrap_or_default()
            };
            let floor = row.min.checked_mul(self.total).unwrap_or(Decimal::MAX);
            let ceiling = row.max.checked_mul(self.total).unwrap_or(Decimal::MAX);
            if spend < floor || (self.total.is_zero() && row.min > Decimal::ZERO) {
                return Some(Broken::Mix {
                    mix: m,
                    floor: true,
                    excess: row.min.checked_sub(share).unwrap_or_default(),
                });
            }
            if spend > ceiling {
                return Some(Broken::Mix {
                    mix: m,
                    floor: false,
                    excess: share.checked_sub(row.max).unwrap_or_default(),
                });
            }
        }
        None
    }

    fn rem_f(&self, r: usize) -> f64 {
        let cap = self.p.caps.get(r).copied().unwrap_or_default();
        let used = self.used.get(r).copied().unwrap_or_default();
        cap.checked_sub(used)
            .and_then(|d| d.to_f64())
            .unwrap_or(0.0)
            .max(0.0)
    }
}

/// Precomputed bound data.
#[derive(Debug)]
struct Bounds {
    /// Value of each item as `f64` (positive items only are used).
    v: Vec<f64>,
    /// Ceiling-row weight and surrogate weight of each item.
    w_ceiling: Vec<f64>,
    w_sur: Vec<f64>,
    /// `1 / cap` of each row with positive capacity (0 otherwise).
    inv_cap: Vec<f64>,
    by_ceiling: Vec<usize>,
    by_sur: Vec<usize>,
}

fn to_f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::MAX)
}

fn ratio_order(candidates: &[usize], v: &[f64], w: &[f64]) -> Vec<usize> {
    let mut order = candidates.to_vec();
    let key = |i: usize| {
        let (vi, wi) = (
            v.get(i).copied().unwrap_or(0.0),
            w.get(i).copied().unwrap_or(0.0),
        );
        if vi <= 0.0 {
            f64::NEG_INFINITY
        } else if wi <= 0.0 {
            f64::INFINITY
        } else {
            vi / wi
        }
    };
    // Ties (and NaN-free totals) break by index, which is id order.
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    order
}

impl Bounds {
    /// `s` is the root state: the forced set kept, the candidates undecided.
    fn new(p: &Problem<'_>, s: &State<'_, '_>, candidates: &[usize]) -> Self {
        let v: Vec<f64> = p.value.iter().map(|&d| to_f(d)).collect();
        // Surrogate multipliers: a row that the forced set and every candidate together
        // cannot overfill never binds and gets weight 0; a row that can is weighted by
        // how oversubscribed it is, per unit of its capacity. Any non-negative weights
        // give a valid bound; these make it tighter than weighting every row alike.
        let mut demand: Vec<f64> = (0..p.caps.len())
            .map(|r| s.used.get(r).map_or(0.0, |&u| to_f(u)))
            .collect();
        for &i in candidates {
            for &(r, w) in p.weights.get(i).into_iter().flatten() {
                if let Some(d) = demand.get_mut(r) {
                    *d += to_f(w);
                }
            }
        }
        let inv_cap: Vec<f64> = p
            .caps
            .iter()
            .zip(&demand)
            .map(|(&c, &d)| {
                let c = to_f(c);
                if c > 0.0 && d > c { (d / c) / c } else { 0.0 }
            })
            .collect();
        let w_ceiling: Vec<f64> = p.spend.iter().map(|&d| to_f(d)).collect();
        let w_sur: Vec<f64> = p
            .weights
            .iter()
            .map(|ws| {
                ws.iter()
                    .map(|&(r, w)| to_f(w) * inv_cap.get(r).copied().unwrap_or(0.0))
                    .sum()
            })
            .collect();
        let by_ceiling = ratio_order(candidates, &v, &w_ceiling);
        let by_sur = ratio_order(candidates, &v, &w_sur);
        Self {
            v,
            w_ceiling,
            w_sur,
            inv_cap,
            by_ceiling,
            by_sur,
        }
    }

    /// Dantzig bound on the value the undecided items can still add.
    fn dantzig(&self, s: &State<'_, '_>, order: &[usize], w: &[f64], rem: f64) -> f64 {
        self.dantzig_lambda(s, order, w, rem).0
    }

    /// The Dantzig bound's addition and its critical ratio λ (0 when everything fits).
    fn dantzig_lambda(
        &self,
        s: &State<'_, '_>,
        order: &[usize],
        w: &[f64],
        mut rem: f64,
    ) -> (f64, f64) {
        let mut add = 0.0;
        for &i in order {
            if s.dec.get(i) != Some(&UNDECIDED) {
                continue;
            }
            let (vi, wi) = (
                self.v.get(i).copied().unwrap_or(0.0),
                w.get(i).copied().unwrap_or(0.0),
            );
            if vi <= 0.0 {
                // Sorted by ratio, so every later item adds nothing either.
                break;
            }
            // Lean towards "fits": an over-estimate keeps the bound valid.
            if wi <= rem * (1.0 + MARGIN) {
                add += vi;
                rem -= wi;
                if rem < 0.0 {
                    rem = 0.0;
                }
            } else {
                add += vi * (rem / wi);
                return (add, vi / wi);
            }
        }
        (add, 0.0)
    }

    /// Reduced-cost fixing on the spend-ceiling relaxation: with `U` its bound and λ its
    /// critical ratio, forcing an undecided initiative against its place in the
    /// relaxed solution gives a bound of at most `U − |v − λ·w|` (the Lagrangian bound at
    /// λ, which equals `U`). Where that cannot beat the incumbent, the initiative is
    /// decided the relaxed way. Returns how many were fixed, or `None` if a forced
    /// decision is infeasible (then no completion of this node beats the incumbent).
    fn fix(
        &self,
        s: &mut State<'_, '_>,
        incumbent: f64,
        (upper, lambda): (f64, f64),
        (order, w): (&[usize], &[f64]),
    ) -> Option<usize> {
        let slack = upper - incumbent;
        let mut fixed = 0usize;
        for &i in order {
            if s.dec.get(i) != Some(&UNDECIDED) {
                continue;
            }
            let (vi, wi) = (
                self.v.get(i).copied().unwrap_or(0.0),
                w.get(i).copied().unwrap_or(0.0),
            );
            let reduced = vi - lambda * wi;
            let tol = MARGIN * (upper.abs() + vi.abs() + (lambda * wi).abs() + 1.0);
            if reduced.abs() < slack + tol {
                continue;
            }
            let ok = if reduced > 0.0 {
                s.include(i)
            } else {
                s.exclude(i)
            };
            if !ok {
                return None;
            }
            fixed = fixed.saturating_add(1);
        }
        Some(fixed)
    }

    /// Bounds the node and fixes what the bound decides: `None` if the node cannot beat
    /// the incumbent, else how many initiatives were fixed.
    fn bound_and_fix(&self, s: &mut State<'_, '_>, incumbent: f64) -> Option<usize> {
        let base = to_f(s.value);
        let (add, lambda) = self.dantzig_lambda(
            s,
            &self.by_ceiling,
            &self.w_ceiling,
            s.rem_f(s.p.ceiling_row),
        );
        if base + add + MARGIN * (base.abs() + add + 1.0) <= incumbent {
            return None;
        }
        let rem_sur: f64 = (0..s.p.caps.len())
            .map(|r| s.rem_f(r) * self.inv_cap.get(r).copied().unwrap_or(0.0))
            .sum();
        let (b, mu) = self.dantzig_lambda(s, &self.by_sur, &self.w_sur, rem_sur);
        if base + b + MARGIN * (base.abs() + b + 1.0) <= incumbent {
            return None;
        }
        // The same argument holds for the surrogate row: fix with the tighter of the two.
        if b < add {
            self.fix(s, incumbent, (base + b, mu), (&self.by_sur, &self.w_sur))
        } else {
            self.fix(
                s,
                incumbent,
                (base + add, lambda),
                (&self.by_ceiling, &self.w_ceiling),
            )
        }
    }

    fn bound(&self, s: &State<'_, '_>) -> f64 {
        let rem_ceiling = s.rem_f(s.p.ceiling_row);
        let rem_sur: f64 = (0..s.p.caps.len())
            .map(|r| s.rem_f(r) * self.inv_cap.get(r).copied().unwrap_or(0.0))
            .sum();
        let a = self.dantzig(s, &self.by_ceiling, &self.w_ceiling, rem_ceiling);
        let b = self.dantzig(s, &self.by_sur, &self.w_sur, rem_sur);
        let base = to_f(s.value);
        let add = a.min(b);
        base + add + MARGIN * (base.abs() + add + 1.0)
    }
}

/// Applies the forced set and rules out items that can never fit next to it.
///
/// Returns the state at the root and the positive-value candidates, or what the
/// forced set breaks.
pub(crate) fn root<'p, 'a>(p: &'p Problem<'a>) -> Result<(State<'p, 'a>, Vec<usize>), Broken> {
    let mut s = State::new(p);
    for (i, &f) in p.forced.iter().enumerate() {
        if f && !s.include(i) {
            // Finish applying the forced set to name the worst row.
            let mut all = State::new(p);
            for (j, &g) in p.forced.iter().enumerate() {
                if g {
                    let _ = all.include(j);
                }
            }
            return Err(match all.broken_row() {
                Some((row, excess)) => Broken::Row { row, excess },
                None => Broken::Row {
                    row: 0,
                    excess: Decimal::ZERO,
                },
            });
        }
    }
    let mut candidates = Vec::new();
    for i in 0..p.value.len() {
        if s.dec.get(i) != Some(&UNDECIDED) {
            continue;
        }
        let mark = s.mark();
        let fits = s.include(i);
        s.undo(mark);
        if !fits {
            let _ = s.exclude(i);
        } else if !p.mix.is_empty() || p.value.get(i).is_some_and(|&v| v > Decimal::ZERO) {
            // Without mix bounds an initiative with no positive value is only worth
            // keeping as a prerequisite; with them, it may be needed to hold a floor.
            candidates.push(i);
        }
    }
    Ok((s, candidates))
}

/// Greedy by value per unit of spend (the floor): keeps each positive-value item, best
/// ratio first (ties by id), with its prerequisites, when everything still fits.
pub(crate) fn greedy(p: &Problem<'_>) -> Result<Option<Vec<bool>>, Broken> {
    let (mut s, candidates) = root(p)?;
    let v: Vec<f64> = p.value.iter().map(|&d| to_f(d)).collect();
    let w: Vec<f64> = p.spend.iter().map(|&d| to_f(d)).collect();
    for i in ratio_order(&candidates, &v, &w) {
        if p.value.get(i).is_none_or(|&v| v <= Decimal::ZERO) {
            continue;
        }
        let mark = s.mark();
        if !s.include(i) {
            s.undo(mark);
        }
    }
    Ok(s.broken_mix().is_none().then(|| s.kept()))
}

#[derive(Debug, Clone, Copy)]
enum Stage {
    Enter,
    Include,
    Exclude,
    Leave,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    cursor: usize,
    mark: usize,
    item: usize,
    stage: Stage,
}

/// The exact search, or what the forced set alone breaks.
pub(crate) fn solve(p: &Problem<'_>, max_nodes: u64) -> Result<Solution, Broken> {
    let (mut s, candidates) = root(p)?;
    let root_mix = s.broken_mix();
    let mut bounds = Bounds::new(p, &s, &candidates);

    // The greedy plan is the first incumbent, so the answer is never worse than it.
    let mut best: Option<(Decimal, Vec<bool>)> = None;
    if let Ok(Some(g)) = greedy(p) {
        let value = p
            .value
            .iter()
            .zip(&g)
            .filter(|&(_, &k)| k)
            .try_fold(Decimal::ZERO, |a, (v, _)| a.checked_add(*v));
        if let Some(value) = value {
            best = Some((value, g));
        }
    }
    let root_bound = bounds.bound(&s);
    let a = bounds.dantzig(
        &s,
        &bounds.by_ceiling,
        &bounds.w_ceiling,
        s.rem_f(p.ceiling_row),
    );
    let b = bounds.dantzig(&s, &bounds.by_sur, &bounds.w_sur, {
        (0..p.caps.len())
            .map(|r| s.rem_f(r) * bounds.inv_cap.get(r).copied().unwrap_or(0.0))
            .sum()
    });
    let mut order = if a <= b {
        bounds.by_ceiling.clone()
    } else {
        bounds.by_sur.clone()
    };

    let mut nodes: u64 = 0;
    let mut limited = false;
    let mut stack = vec![Frame {
        cursor: 0,
        mark: s.mark(),
        item: 0,
        stage: Stage::Enter,
    }];
    loop {
        let stack_depth = stack.len();
        let Some(frame) = stack.last_mut() else { break };
        match frame.stage {
            Stage::Enter => {
                nodes = nodes.saturating_add(1);
                if nodes > max_nodes {
                    limited = true;
                    break;
                }
                let mut prune = false;
                // Decide what the bound already decides, then look again: fixing
                // changes the kept set and the bound.
                for _ in 0..4 {
                    if (best.as_ref().is_none_or(|(v, _)| s.value > *v)) && s.broken_mix().is_none()
                    {
                        best = Some((s.value, s.kept()));
                    }
                    let Some(incumbent) = best.as_ref().map(|(v, _)| to_f(*v)) else {
                        break;
                    };
                    match bounds.bound_and_fix(&mut s, incumbent) {
                        None => {
                            prune = true;
                            break;
                        }
                        Some(0) => break,
                        Some(_) => {}
                    }
                }
                if prune {
                    frame.stage = Stage::Leave;
                    continue;
                }
                if stack_depth == 1 {
                    // What the root decided stays decided for the whole search: drop it
                    // from the scans.
                    let undecided = |i: &usize| s.dec.get(*i) == Some(&UNDECIDED);
                    bounds.by_ceiling.retain(undecided);
                    bounds.by_sur.retain(undecided);
                    order.retain(undecided);
                }
                let next = order
                    .iter()
                    .enumerate()
                    .skip(frame.cursor)
                    .find(|&(_, &i)| s.dec.get(i) == Some(&UNDECIDED));
                let Some((pos, &item)) = next else {
                    frame.stage = Stage::Leave;
                    continue;
                };
                frame.cursor = pos.saturating_add(1);
                frame.item = item;
                let prune = best
                    .as_ref()
                    .is_some_and(|(v, _)| bounds.bound(&s) <= to_f(*v));
                frame.stage = if prune { Stage::Leave } else { Stage::Include };
            }
            Stage::Include => {
                frame.stage = Stage::Exclude;
                let (cursor, item) = (frame.cursor, frame.item);
                let mark = s.mark();
                if s.include(item) {
                    stack.push(Frame {
                        cursor,
                        mark,
                        item,
                        stage: Stage::Enter,
                    });
                } else {
                    s.undo(mark);
                }
            }
            Stage::Exclude => {
                frame.stage = Stage::Leave;
                let (cursor, item) = (frame.cursor, frame.item);
                let mark = s.mark();
                if s.exclude(item) {
                    stack.push(Frame {
                        cursor,
                        mark,
                        item,
                        stage: Stage::Enter,
                    });
                } else {
                    s.undo(mark);
                }
            }
            Stage::Leave => {
                let mark = frame.mark;
                s.undo(mark);
                stack.pop();
            }
        }
    }
    Ok(Solution {
        kept: best.map(|(_, kept)| kept),
        nodes,
        limited,
        root_bound,
        root_mix,
    })
}
