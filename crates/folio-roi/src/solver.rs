//! Root finding for rates of return, in `f64`.
//!
//! The IRR and XIRR solvers look for the rates `r > -1` at which
//! `f(r) = Σ aᵢ (1 + r)^(-tᵢ)` is zero, where `tᵢ >= 0` is the time of flow `i` (whole
//! periods for IRR, days / 365 for XIRR). Amounts are first divided by the largest
//! magnitude, which changes no root and keeps every intermediate value near 1.
//!
//! # Evaluating without overflow
//!
//! For `r >= 0` every factor `(1 + r)^(-tᵢ)` lies in `(0, 1]`. For `r < 0` the factors
//! grow without bound as `r` nears -1, so the solver evaluates
//! `g(r) = f(r) · (1 + r)^T = Σ aᵢ (1 + r)^(T - tᵢ)` instead, with `T` the latest time:
//! every factor is again in `(0, 1]`. `g` has the sign and the roots of `f`, and the two
//! agree at `r = 0`, so the pieced-together function is continuous and bracketing works
//! across the whole of `(-1, ∞)`.
//!
//! # Method
//!
//! 1. Count the sign changes of the amounts in time order (zeros skipped). None: no rate
//!    exists ([`Error::NoSignChange`]). Exactly one: by Descartes' rule of signs (which
//!    also holds for the real exponents of XIRR) there is exactly one rate above -100%.
//! 2. With one sign change, the unique rate is simple, so `g` has one sign below it and
//!    the other above it: if `g` has the same sign at both ends of the search range,
//!    the rate lies outside it. Otherwise Newton's method starts at the guess,
//!    safeguarded by the bracket: a step that would leave the bracket, that `f64`
//!    cannot compute, or that fails to halve the previous step is replaced by bisection
//!    (the `rtsafe` scheme). A result is accepted once the step or the bracket is
//!    below [`TOLERANCE`] and `g` changes sign within the tolerance around it.
//! 3. With several sign changes, `g` is evaluated on a grid evenly spaced in
//!    `ln(1 + r)` across the search range ([`FINE_STEP`] between -99% and +1,000%,
//!    [`COARSE_STEP`] outside); every cell whose ends differ in sign is refined with
//!    Brent's method to a width of [`TOLERANCE`]. Grid points where `g` is exactly zero
//!    are roots too. Separately, plain Newton's method runs from the guess, as the
//!    spreadsheet `IRR` and `XIRR` and pyxirr run it ([`SPREADSHEET_ITERATIONS`] steps,
//!    no bracket): the root it reaches, if it lies in the range, is **the spreadsheet's
//!    rate**, and is added to the list if the grid missed it. If it fails (an iterate
//!    reaches -100%, overflows or does not settle), the spreadsheet's rate is the root
//!    found closest to the guess in `ln(1 + r)`, the lower one on a tie (the
//!    bracketing fallback). With one sign change the unique rate is the spreadsheet's.
//! 4. Every root is then polished by up to [`POLISH_STEPS`] Newton steps that must
//!    each reduce `|f|`, so the rate carries the precision `f64` allows, not just the
//!    bracket's width.
//!
//! # Tolerance and limits
//!
//! Every rate returned lies within `TOLERANCE · max(1, |r|)` (1e-10 relative, or
//! absolute below 100%) of a sign change of `g` as computed in `f64`, and after
//! polishing the NPV at it is zero to [`NPV_TOLERANCE`] (1e-9) relative to the sum of
//! the absolute present values of the flows at that rate, wherever `f64` can evaluate
//! the NPV that closely (a simple root; not a double root, where only `|f|` is small;
//! not a rate within 1e-6 of -100%, where `1 + r` keeps too few digits in `f64`: there
//! the NPV at the returned rate can miss zero by up to about 1e-5 of that sum). The safeguarded
//! Newton method runs at most [`MAX_NEWTON_ITERATIONS`] steps and Brent at most
//! [`MAX_BRENT_ITERATIONS`] per bracket, so the work is bounded by
//! `2 + 4 · MAX_NEWTON_ITERATIONS` (one sign change: a step takes one evaluation, two
//! more to verify a candidate, one more where `f` overflows) or about 1,700 grid points (most of them a multiply per flow rather than an `exp`) +
//! roots · [`MAX_BRENT_ITERATIONS`] (several, default range) evaluations of `O(n)` each; running out of
//! steps is [`Error::NoConvergence`].
//!
//! With several sign changes, the grid cannot see two roots inside one cell (about
//! 0.7% of `1 + r` wide between -99% and +1,000%, 5% outside) nor a root of even
//! multiplicity, where `g` touches zero without changing sign; such rates are reported
//! only when they are the spreadsheet's rate, which Newton's method can reach.

use crate::error::{Error, Result};

/// The accuracy of every rate returned, relative to `max(1, |r|)`.
pub const TOLERANCE: f64 = 1e-10;
/// The most steps of the safeguarded Newton method (Newton or bisection) on one
/// bracket; bisection alone narrows the default range to the tolerance in under 40.
pub const MAX_NEWTON_ITERATIONS: u32 = 200;
/// The most Brent steps spent on one bracket.
pub const MAX_BRENT_ITERATIONS: u32 = 200;
/// The grid step of the bracketing scan in `ln(1 + r)` between -99% and +1,000%: about
/// 0.7% of `1 + r`, 1,000 cells across that range.
pub const FINE_STEP: f64 = 0.007;
/// The grid step of the bracketing scan in `ln(1 + r)` outside -99% to +1,000%: about
/// 5% of `1 + r`.
pub const COARSE_STEP: f64 = 0.05;
/// The most steps of the spreadsheet's plain Newton method, as in pyxirr
/// (`MAX_ITERATIONS` in `src/core/optimize.rs`).
pub const SPREADSHEET_ITERATIONS: u32 = 50;
/// How many grid points of dated flows reuse the previous point's discount factors
/// (times a constant step factor) before the factors are recomputed exactly.
pub const SYNC_EVERY: u32 = 64;
/// The most polishing Newton steps after a bracketing method has converged.
pub const POLISH_STEPS: u32 = 4;
/// How close to zero the NPV at a returned rate is promised to be, relative to the sum
/// of the absolute present values of the flows at that rate (for rates of 0% and
/// above, at most the sum of the absolute flows).
pub const NPV_TOLERANCE: f64 = 1e-9;

/// Flows at times `tᵢ >= 0` (sorted ascending), amounts normalized to at most 1 in
/// magnitude.
#[derive(Debug)]
pub(crate) struct Problem {
    /// Whether the times are the whole numbers `0, 1, 2, ...` (IRR), which allows
    /// Horner evaluation without any `powf`.
    periodic: bool,
    times: Vec<f64>,
    amounts: Vec<f64>,
    latest: f64,
}

impl Problem {
    /// Periodic amounts: amount `t` at time `t`.
    pub(crate) fn periodic(amounts: Vec<f64>) -> Self {
        let times = (0..amounts.len()).map(usize_to_f64).collect();
        Self::build(true, times, amounts)
    }

    /// Amounts at the given non-negative, ascending times.
    pub(crate) fn dated(times: Vec<f64>, amounts: Vec<f64>) -> Self {
        Self::build(false, times, amounts)
    }

    fn build(periodic: bool, times: Vec<f64>, mut amounts: Vec<f64>) -> Self {
        let largest = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
        if largest > 0.0 && largest.is_finite() {
            for a in &mut amounts {
                *a /= largest;
            }
        }
        let latest = times.iter().copied().fold(0.0_f64, f64::max);
        Self {
            periodic,
            times,
            amounts,
            latest,
        }
    }

    /// The number of sign changes of the amounts, zeros skipped.
    pub(crate) fn sign_changes(&self) -> usize {
        let mut changes = 0_usize;
        let mut last = 0.0_f64;
        for &a in &self.amounts {
            if a != 0.0 {
                if last != 0.0 && (a > 0.0) != (last > 0.0) {
                    changes = changes.saturating_add(1);
                }
                last = a;
            }
        }
        changes
    }

    /// `g(r)`: `f(r)` for `r >= 0`, `f(r) · (1 + r)^T` below; bounded for all `r > -1`.
    pub(crate) fn scaled(&self, r: f64) -> f64 {
        if self.periodic {
            if r >= 0.0 {
                // Σ aₜ xᵗ with x = 1 / (1 + r) in (0, 1], Horner from the last period.
                let x = 1.0 / (1.0 + r);
                self.amounts.iter().rev().fold(0.0, |acc, &a| acc * x + a)
            } else {
                // Σ aₜ y^(n - t) with y = 1 + r in (0, 1), Horner from period 0.
                let y = 1.0 + r;
                self.amounts.iter().fold(0.0, |acc, &a| acc * y + a)
            }
        } else {
            let ln = (1.0 + r).ln();
            if r >= 0.0 {
                self.times
                    .iter()
                    .zip(&self.amounts)
                    .map(|(&t, &a)| a * (-t * ln).exp())
                    .sum()
            } else {
                self.times
                    .iter()
                    .zip(&self.amounts)
                    .map(|(&t, &a)| a * ((self.latest - t) * ln).exp())
                    .sum()
            }
        }
    }

    /// `f(r)` and `f'(r)`, unscaled; `None` if either is not finite.
    fn value_and_slope(&self, r: f64) -> Option<(f64, f64)> {
        let (value, slope) = if self.periodic {
            // P(x) = Σ aₜ xᵗ and P'(x) by Horner; dx/dr = -x².
            let x = 1.0 / (1.0 + r);
            let (p, dp) = self
                .amounts
                .iter()
                .rev()
                .fold((0.0, 0.0), |(p, dp), &a| (p * x + a, dp * x + p));
            (p, -dp * x * x)
        } else {
            // f'(r) = -Σ tᵢ aᵢ (1 + r)^(-tᵢ) / (1 + r).
            let ln = (1.0 + r).ln();
            let (value, moment) =
                self.times
                    .iter()
                    .zip(&self.amounts)
                    .fold((0.0, 0.0), |(v, m), (&t, &a)| {
                        let term = a * (-t * ln).exp();
                        (v + term, m + t * term)
                    });
            (value, -moment / (1.0 + r))
        };
        (value.is_finite() && slope.is_finite()).then_some((value, slope))
    }

    /// Whether `g` changes sign (or is zero) within the tolerance around `r`.
    fn is_root(&self, r: f64) -> bool {
        let delta = TOLERANCE * r.abs().max(1.0);
        let below = self.scaled((r - delta).max(-1.0 + f64::EPSILON));
        let above = self.scaled(r + delta);
        below.is_finite() && above.is_finite() && (below * above <= 0.0)
    }

    /// Newton's method from `guess`, safeguarded by the bracket `[lo, hi]` across
    /// which `g` changes sign (`g_lo` is `g(lo)`): a step that leaves the bracket, that
    /// cannot be computed in `f64`, or that does not halve the step before it is
    /// replaced by bisection. The bracket shrinks with every evaluation, so this
    /// converges for any continuous `g`; Newton's quadratic steps make it fast near a
    /// simple root.
    ///
    /// Returns the rate and whether the last step was a (converged) Newton step.
    fn safeguarded_newton(
        &self,
        mut lo: f64,
        mut hi: f64,
        g_lo: f64,
        guess: f64,
    ) -> Result<(f64, bool)> {
        let lo_positive = g_lo > 0.0;
        let mut r = if guess > lo && guess < hi {
            guess
        } else {
            0.5 * (lo + hi)
        };
        let mut previous_step = hi - lo;
        for _ in 0..MAX_NEWTON_ITERATIONS {
            // `f` has the sign of `g`, so one pass gives the bracket and the Newton
            // step; `g` is evaluated only where `f` leaves the finite numbers.
            let unscaled = self.value_and_slope(r);
            let g = match unscaled {
                Some((value, _)) => value,
                None => self.scaled(r),
            };
            if !g.is_finite() {
                return Err(Error::Overflow {
                    operation: "evaluating NPV in the Newton solver",
                });
            }
            if g == 0.0 {
                return Ok((r, true));
            }
            if (g > 0.0) == lo_positive {
                lo = r;
            } else {
                hi = r;
            }
            let newton = unscaled
                .filter(|&(_, slope)| slope != 0.0)
                .map(|(value, slope)| value / slope)
                .filter(|step| {
                    let next = r - step;
                    next > lo && next < hi && step.abs() <= 0.5 * previous_step.abs()
                });
            let step = match newton {
                Some(step) => step,
                // Bisection: move to the middle of the bracket.
                None => r - 0.5 * (lo + hi),
            };
            r -= step;
            previous_step = step;
            let tolerance = 0.5 * TOLERANCE * r.abs().max(1.0);
            if step.abs() <= tolerance || hi - lo <= tolerance {
                if self.is_root(r) {
                    // A Newton step this small leaves an error of about its square:
                    // the rate is already as precise as f64 allows.
                    return Ok((r, newton.is_some()));
                }
                if hi - lo <= tolerance {
                    // The bracket is as narrow as asked: its midpoint is the root.
                    return Ok((0.5 * (lo + hi), false));
                }
            }
        }
        Err(Error::NoConvergence {
            method: "safeguarded Newton",
            iterations: MAX_NEWTON_ITERATIONS,
        })
    }

    /// Brent's method on `[a, b]`, where `g(a)` and `g(b)` differ in sign.
    fn brent(&self, mut a: f64, mut b: f64, mut fa: f64, mut fb: f64) -> Result<f64> {
        if fa.abs() < fb.abs() {
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut fa, &mut fb);
        }
        let mut c = a;
        let mut fc = fa;
        let mut d = b - a;
        let mut e = d;
        for _ in 0..MAX_BRENT_ITERATIONS {
            if fb == 0.0 {
                return Ok(b);
            }
            if fb.signum() == fc.signum() {
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }
            if fc.abs() < fb.abs() {
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * TOLERANCE * b.abs().max(1.0);
            let m = 0.5 * (c - b);
            if m.abs() <= tol {
                return Ok(b);
            }
            if e.abs() >= tol && fa.abs() > fb.abs() {
                // Inverse quadratic interpolation, or the secant step when `c` is
                // the very value `a` was last set to (an identity, hence the bits).
                let s = fb / fa;
                let (mut p, mut q) = if a.to_bits() == c.to_bits() {
                    (2.0 * m * s, 1.0 - s)
                } else {
                    let qa = fa / fc;
                    let r = fb / fc;
                    (
                        s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0)),
                        (qa - 1.0) * (r - 1.0) * (s - 1.0),
                    )
                };
                if p > 0.0 {
                    q = -q;
                } else {
                    p = -p;
                }
                if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                    e = d;
                    d = p / q;
                } else {
                    d = m;
                    e = m;
                }
            } else {
                d = m;
                e = m;
            }
            a = b;
            fa = fb;
            b += if d.abs() > tol { d } else { tol.copysign(m) };
            fb = self.scaled(b);
            if !fb.is_finite() {
                return Err(Error::Overflow {
                    operation: "evaluating NPV in the Brent solver",
                });
            }
        }
        Err(Error::NoConvergence {
            method: "Brent",
            iterations: MAX_BRENT_ITERATIONS,
        })
    }

    /// The grid points of the bracketing scan across `[min, max]`, ascending: steps of
    /// [`FINE_STEP`] in `ln(1 + r)` between -99% and +1,000%, where real schedules have
    /// their rates, and of [`COARSE_STEP`] outside.
    /// Each point comes with its `u = ln(1 + r)`, exact where `1 + r` is not (near -1).
    fn grid(min: f64, max: f64) -> Vec<(f64, f64)> {
        let (lo, hi) = ((1.0 + min).ln(), (1.0 + max).ln());
        let (fine_lo, fine_hi) = (0.01_f64.ln(), 11.0_f64.ln());
        let mut points = vec![(min, lo)];
        let mut u = lo;
        loop {
            let step = if u >= fine_lo && u < fine_hi {
                FINE_STEP
            } else {
                COARSE_STEP
            };
            u += step;
            if u >= hi {
                break;
            }
            points.push((u.exp() - 1.0, u));
        }
        points.push((max, hi));
        points
    }

    /// `g` at every grid point. Dated flows need `exp` per flow and point; within a run
    /// of equally spaced points each factor `(1 + r)^cᵢ` is instead the previous one
    /// times `(1 + r_step)^cᵢ`, recomputed exactly every [`SYNC_EVERY`] points and where
    /// the spacing or the branch of `g` changes. The values only locate sign changes:
    /// every bracket is re-evaluated exactly before it is refined.
    fn grid_values(&self, points: &[(f64, f64)]) -> Vec<f64> {
        if self.periodic {
            return points.iter().map(|&(r, _)| self.scaled(r)).collect();
        }
        // `g` is Σ aᵢ exp(cᵢ u) with u = ln(1 + r), cᵢ = -tᵢ for r >= 0 and T - tᵢ below.
        let coefficient = |t: f64, branch: bool| if branch { -t } else { self.latest - t };
        let mut factors = vec![0.0_f64; self.times.len()];
        let mut steps = vec![0.0_f64; self.times.len()];
        let mut steps_for: Option<(bool, f64)> = None;
        let mut since_sync = 0_u32;
        let mut previous: Option<(f64, bool)> = None;
        let mut out = Vec::with_capacity(points.len());
        for &(r, u) in points {
            let branch = r >= 0.0;
            let delta = previous.map(|(pu, _)| u - pu);
            let same_branch = previous.is_some_and(|(_, pb)| pb == branch);
            let matches_steps = match (steps_for, delta) {
                (Some((sb, sd)), Some(d)) => sb == branch && (d - sd).abs() <= 1e-12 * sd.abs(),
                _ => false,
            };
            if same_branch && matches_steps && since_sync < SYNC_EVERY {
                let mut g = 0.0;
                for ((f, s), a) in factors.iter_mut().zip(&steps).zip(&self.amounts) {
                    *f *= s;
                    g += *f * a;
                }
                out.push(g);
                previous = Some((u, branch));
                since_sync = since_sync.saturating_add(1);
                continue;
            } else {
                for (f, &t) in factors.iter_mut().zip(&self.times) {
                    *f = (coefficient(t, branch) * u).exp();
                }
                since_sync = 0;
                if let (true, Some(d), false) = (same_branch, delta, matches_steps) {
                    for (s, &t) in steps.iter_mut().zip(&self.times) {
                        *s = (coefficient(t, branch) * d).exp();
                    }
                    steps_for = Some((branch, d));
                }
            }
            out.push(factors.iter().zip(&self.amounts).map(|(f, a)| f * a).sum());
            previous = Some((u, branch));
        }
        out
    }

    /// Every root the grid scan finds in `[min, max]`, ascending.
    fn scan(&self, min: f64, max: f64) -> Result<Vec<f64>> {
        let overflow = || Error::Overflow {
            operation: "evaluating NPV on the search grid",
        };
        let points = Self::grid(min, max);
        let values = self.grid_values(&points);
        let mut roots = Vec::new();
        let mut previous: Option<(f64, f64)> = None;
        for (&(r, _), &g) in points.iter().zip(&values) {
            if !g.is_finite() {
                return Err(overflow());
            }
            if let Some((prev_r, prev_g)) = previous {
                if g == 0.0 || prev_g == 0.0 || (g > 0.0) != (prev_g > 0.0) {
                    // Confirm the sign change with exact values before refining it.
                    let (ga, gb) = (self.scaled(prev_r), self.scaled(r));
                    if !ga.is_finite() || !gb.is_finite() {
                        return Err(overflow());
                    }
                    if ga == 0.0 {
                        roots.push(prev_r);
                    }
                    if gb == 0.0 {
                        roots.push(r);
                    } else if ga != 0.0 && (ga > 0.0) != (gb > 0.0) {
                        roots.push(self.polish(self.brent(prev_r, r, ga, gb)?, prev_r, r));
                    }
                }
            } else if g == 0.0 && self.scaled(r) == 0.0 {
                roots.push(r);
            }
            previous = Some((r, g));
        }
        roots.sort_by(f64::total_cmp);
        roots.dedup_by(|a, b| (*a - *b).abs() <= TOLERANCE * a.abs().max(1.0));
        Ok(roots)
    }

    /// A few plain Newton steps from `r`, kept while they stay in `[lo, hi]` and shrink
    /// `|f|`: near a simple root each doubles the correct digits, so the rate ends at
    /// the precision `f64` allows rather than at the bracket's width.
    fn polish(&self, mut r: f64, lo: f64, hi: f64) -> f64 {
        let Some((mut value, mut slope)) = self.value_and_slope(r) else {
            return r;
        };
        for _ in 0..POLISH_STEPS {
            if value == 0.0 || slope == 0.0 {
                break;
            }
            let next = r - value / slope;
            if !(next >= lo && next <= hi) || next.to_bits() == r.to_bits() {
                break;
            }
            match self.value_and_slope(next) {
                Some((v, s)) if v.abs() < value.abs() => {
                    r = next;
                    value = v;
                    slope = s;
                }
                _ => break,
            }
        }
        r
    }

    /// The spreadsheet's rate: plain Newton's method from `guess`, as Excel's `IRR` and
    /// `XIRR` and pyxirr run it, without a bracket. `None` if an iterate reaches -100% or
    /// below or leaves the finite numbers, or if [`SPREADSHEET_ITERATIONS`] steps do not
    /// bring the step below [`TOLERANCE`]; the result must also be a root: `g` changes
    /// sign around it, or `|f|` is below [`NPV_TOLERANCE`] (a double root).
    fn spreadsheet_newton(&self, guess: f64) -> Option<f64> {
        let mut r = guess;
        for _ in 0..SPREADSHEET_ITERATIONS {
            let (value, slope) = self.value_and_slope(r)?;
            if value == 0.0 {
                return Some(r);
            }
            if slope == 0.0 {
                return None;
            }
            let step = value / slope;
            let next = r - step;
            if !next.is_finite() || next <= -1.0 {
                return None;
            }
            r = next;
            if step.abs() <= TOLERANCE * r.abs().max(1.0) {
                let close = self
                    .value_and_slope(r)
                    .is_some_and(|(v, _)| v.abs() <= NPV_TOLERANCE);
                return (self.is_root(r) || close).then_some(r);
            }
        }
        None
    }

    /// Every rate of return in `[min, max]`, ascending, and the spreadsheet's rate
    /// among them; see the [module docs](self).
    pub(crate) fn solve(&self, min: f64, max: f64, guess: f64) -> Result<Found> {
        match self.sign_changes() {
            0 => Err(Error::NoSignChange),
            1 => {
                // The root is unique and simple, so `g` has one sign below it and the
                // other above: the ends of the range say whether it lies inside.
                let (g_min, g_max) = (self.scaled(min), self.scaled(max));
                if !g_min.is_finite() || !g_max.is_finite() {
                    return Err(Error::Overflow {
                        operation: "evaluating NPV at the ends of the search range",
                    });
                }
                let root = if g_min == 0.0 {
                    Some(min)
                } else if g_max == 0.0 {
                    Some(max)
                } else if (g_min > 0.0) == (g_max > 0.0) {
                    None
                } else {
                    let (r, precise) = self.safeguarded_newton(min, max, g_min, guess)?;
                    Some(if precise { r } else { self.polish(r, min, max) })
                };
                Ok(Found {
                    rates: root.into_iter().collect(),
                    chosen: root.map(|_| 0),
                })
            }
            _ => {
                let mut rates = self.scan(min, max)?;
                let newton = self
                    .spreadsheet_newton(guess)
                    .filter(|r| *r >= min && *r <= max)
                    .map(|r| self.polish(r, min, max));
                let chosen = match newton {
                    Some(r) => {
                        let same = |x: &f64| (x - r).abs() <= 1e3 * TOLERANCE * r.abs().max(1.0);
                        match rates.iter().position(same) {
                            Some(i) => Some(i),
                            None => {
                                // A root the grid cannot see (a double root, or two
                                // roots in one cell): report it too.
                                let i = rates.partition_point(|x| *x < r);
                                rates.insert(i, r);
                                Some(i)
                            }
                        }
                    }
                    // The bracketing fallback: the root closest to the guess in
                    // `ln(1 + r)`, the lower one on a tie.
                    None => {
                        let distance = |x: f64| ((1.0 + x).ln() - (1.0 + guess).ln()).abs();
                        rates
                            .iter()
                            .enumerate()
                            .min_by(|(_, a), (_, b)| distance(**a).total_cmp(&distance(**b)))
                            .map(|(i, _)| i)
                    }
                };
                Ok(Found { rates, chosen })
            }
        }
    }
}

/// What [`Problem::solve`] found: every rate, ascending, and the index of the
/// spreadsheet's rate (`None` exactly when `rates` is empty).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub(crate) rates: Vec<f64>,
    pub(crate) chosen: Option<usize>,
}

/// `n` as `f64`; exact below 2^53, far beyond any schedule length.
pub(crate) fn usize_to_f64(n: usize) -> f64 {
    // u32 converts losslessly; longer schedules saturate, which no caller reaches.
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(amounts: &[f64]) -> Result<Vec<f64>> {
        Problem::periodic(amounts.to_vec())
            .solve(-0.99, 10.0, 0.1)
            .map(|found| found.rates)
    }

    #[test]
    fn sign_changes_skip_zeros() {
        let p = Problem::periodic(vec![0.0, -1.0, 0.0, 2.0, 0.0, -3.0]);
        assert_eq!(p.sign_changes(), 2);
        assert_eq!(Problem::periodic(vec![1.0, 2.0]).sign_changes(), 0);
        assert_eq!(Problem::periodic(vec![]).sign_changes(), 0);
    }

    #[test]
    fn scaled_is_continuous_at_zero() {
        let p = Problem::periodic(vec![-100.0, 30.0, 40.0, 50.0]);
        let below = p.scaled(-1e-15);
        let at = p.scaled(0.0);
        assert!((below - at).abs() < 1e-12, "{below} vs {at}");
        let d = Problem::dated(vec![0.0, 0.5, 1.7], vec![-1.0, 0.5, 0.6]);
        assert!((d.scaled(-1e-15) - d.scaled(0.0)).abs() < 1e-12);
    }

    #[test]
    fn one_sign_change_gives_the_unique_root() {
        // -100 + 110 / (1 + r) = 0 at r = 10%.
        let r = roots(&[-100.0, 110.0]).unwrap();
        assert_eq!(r.len(), 1);
        assert!((r[0] - 0.1).abs() < 1e-10, "{r:?}");
    }

    #[test]
    fn two_sign_changes_give_both_roots() {
        // (1 + r)² - 2.3 (1 + r) + 1.32 = 0 ⇔ 1 + r ∈ {1.1, 1.2}: rates 10% and 20%.
        let r = roots(&[-1.0, 2.3, -1.32]).unwrap();
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(
            (r[0] - 0.1).abs() < 1e-9 && (r[1] - 0.2).abs() < 1e-9,
            "{r:?}"
        );
    }

    #[test]
    fn no_sign_change_and_out_of_range() {
        assert_eq!(roots(&[1.0, 2.0]), Err(Error::NoSignChange));
        assert_eq!(roots(&[0.0, 0.0]), Err(Error::NoSignChange));
        // -1 + 100 / (1 + r): r = 9900%, outside -99%..=1000%.
        assert_eq!(roots(&[-1.0, 100.0]).unwrap(), Vec::<f64>::new());
        // A root close to -100%: -1 + 0.02 / (1 + r) = 0 at r = -98%.
        let r = roots(&[-1.0, 0.02]).unwrap();
        assert!((r[0] + 0.98).abs() < 1e-10, "{r:?}");
    }

    #[test]
    fn far_guesses_converge_through_the_bracket() {
        // -60 then 99 inflows of 1: the rate is about 1.2% per period, where plain
        // Newton from 10% creeps for dozens of steps; the bracket cuts that short.
        let mut flows = vec![-60.0];
        flows.extend(std::iter::repeat_n(1.0, 99));
        let p = Problem::periodic(flows);
        for guess in [0.1, -0.98, 9.0, 1e6] {
            let r = p.solve(-0.99, 10.0, guess).unwrap().rates;
            assert_eq!(r.len(), 1, "{guess}: {r:?}");
            assert!(p.is_root(r[0]), "{guess}: {r:?}");
            assert!((r[0] - 0.011_8).abs() < 1e-3, "{guess}: {r:?}");
        }
    }

    #[test]
    fn grid_values_of_dated_flows_match_exact_evaluation() {
        // Flows over 30 years with both signs: the recurrence must track `g` across the
        // whole default range, both branches and the change of grid spacing.
        let times: Vec<f64> = (0..60).map(|i| f64::from(i) * 0.5).collect();
        let amounts: Vec<f64> = (0..60)
            .map(|i| if i % 7 == 3 { -1.3 } else { 0.4 } * f64::from(i % 5 + 1))
            .collect();
        let p = Problem::dated(times, amounts);
        let points = Problem::grid(-1.0 + 1e-12, 1e6);
        let values = p.grid_values(&points);
        for (&(r, u), &g) in points.iter().zip(&values) {
            // Near -1, `1 + r` has lost digits; compare with the exact `g` at `u`.
            let exact: f64 = p
                .times
                .iter()
                .zip(&p.amounts)
                .map(|(&t, &a)| a * ((if r >= 0.0 { -t } else { p.latest - t }) * u).exp())
                .sum();
            let scale: f64 = p
                .times
                .iter()
                .zip(&p.amounts)
                .map(|(&t, &a)| {
                    let c = if r >= 0.0 { -t } else { p.latest - t };
                    a.abs() * (c * u).exp()
                })
                .sum();
            assert!(
                (g - exact).abs() <= 1e-12 * scale,
                "{r}: {g} vs {exact} (scale {scale})"
            );
        }
    }

    #[test]
    fn extreme_lengths_stay_finite() {
        // 2,000 periods near -99%: the unscaled NPV would overflow f64.
        let mut flows = vec![-1.0];
        flows.extend(std::iter::repeat_n(0.0, 1_998));
        flows.push(1e-300);
        let p = Problem::periodic(flows);
        assert!(p.scaled(-0.99).is_finite());
        assert!(p.solve(-0.99, 10.0, 0.1).is_ok());
    }
}
