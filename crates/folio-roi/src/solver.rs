//! Root finding for rates of return, in `f64`, in `u = ln(1 + r)`.
//!
//! The IRR and XIRR solvers look for the rates `r > -1` at which
//! `f(r) = Σ aᵢ (1 + r)^(-tᵢ)` is zero, where `tᵢ >= 0` is the time of flow `i` (whole
//! periods for IRR, the day count's year fraction for XIRR). Amounts are first divided
//! by the largest magnitude, which changes no root and keeps every intermediate value
//! near 1.
//!
//! # Working in `ln(1 + r)`
//!
//! Every rate is found, and returned to the caller, as `u = ln(1 + r)`: the rate
//! `-99.9999999964%` is `u ≈ -19.44`, which `f64` holds to 16 digits, where `r` itself
//! would keep only 8 digits of `1 + r`. The decimal rate is built from `u` (as
//! `e^u - 1` with `e^u` converted exactly), so NPV at the returned rate is zero to
//! [`NPV_TOLERANCE`] right down to -100%.
//!
//! In `u`, `f` is the exponential sum `Σ aᵢ e^(-tᵢ u)`. Its factors are at most 1 for
//! `u >= 0`; below, the solver evaluates `g(u) = f · e^(T u) = Σ aᵢ e^((T - tᵢ) u)`
//! instead, with `T` the latest time, whose factors are again at most 1. `g` has the
//! sign and the roots of `f`, and the two agree at `u = 0`.
//!
//! # Method
//!
//! 1. Count the sign changes of the amounts in time order (zeros skipped). None: no rate
//!    exists ([`Error::NoSignChange`]). Exactly one: by Descartes' rule of signs (which
//!    also holds for the real exponents of XIRR) there is exactly one rate above -100%.
//! 2. **One sign change.** `g` has the sign of the first amount above the rate and of
//!    the last amount below it, so every evaluation says which side of the rate it lies
//!    on, and the search range is a bracket without evaluating its ends. Newton's method
//!    in `u` starts at the guess, safeguarded by that bracket: a step that would leave
//!    it, that `f64` cannot compute, or that fails to halve the previous step is
//!    replaced by bisection (the `rtsafe` scheme); a step that would leave the search
//!    range first checks the sign at its end, which decides at once that the rate lies
//!    outside. Once a Newton step is below [`TOLERANCE`], the next evaluation is placed
//!    just beyond the estimate, so that the bracket closes to [`TOLERANCE`] around it.
//!    `g` and its slope come from one pass over the flows (Horner's rule for periodic
//!    flows; for dated flows, see *Evaluating* below).
//! 3. **Several sign changes: every root.** Each side of `u = 0` is swept outward, in
//!    `v = |u|`, where every factor `e^(-sᵢ v)` (`sᵢ` is `tᵢ` above 0 and `T - tᵢ`
//!    below) falls as `v` grows. At a point `v`, one pass computes the first
//!    [`TAYLOR_TERMS`] derivatives of `g`: on `[v, v + D]` the Taylor polynomial `P`
//!    differs from `g` by at most `Σ |aᵢ| sᵢᴷ e^(-sᵢ v) Dᴷ / K!` (the factors only
//!    fall), plus a bound on the rounding of the sums. `D` is the widest step that
//!    keeps this below [`TAYLOR_ACCURACY`] of `Σ |aᵢ| e^(-sᵢ v)`. On `[v, v + D]`, the
//!    roots are isolated on the polynomial alone, in Bernstein form (Descartes' rule of
//!    signs for polynomials on an interval): a piece where every coefficient exceeds
//!    the error bound in magnitude with one sign has no root; a piece where the
//!    derivative's do has `g` monotone, hence at most one root, present exactly when the
//!    ends differ in sign; other pieces are halved (de Casteljau). Where pieces stay
//!    undecided (roots closer together than the error bound allows to separate), the
//!    step is halved, which divides the truncation error by `2ᴷ`, down to the rounding
//!    of `g`; stretches still undecided there are checked for a sign change of the
//!    exact `g`. Each root found is polished from the polynomial's root by exact Halley
//!    steps (at most three; one pass each), accepted once a step is below 1e-6 and the
//!    local quadratic model changes sign within [`TOLERANCE`] of it; otherwise the
//!    safeguarded method of step 2 runs on the certified bracket. The sweep stops early
//!    once the flow at `sᵢ = 0` outweighs all the others (`g` keeps its sign from there
//!    on). Where the sides meet, a sign change of `g` within [`TOLERANCE`] around
//!    `u = 0` is a root (a rate of exactly 0%, which each side alone can miss: they sum
//!    `g(0)` in different orders, so its rounding can differ in sign). Near `u = 0` the
//!    steps are about `K / (e · T)` wide; further out they grow in proportion to `v`,
//!    so a sweep of the default range takes a few dozen passes, whatever the number of
//!    flows.
//! 4. Separately, plain Newton's method runs in `r` from the guess, as the spreadsheet
//!    `IRR` and `XIRR` and pyxirr run it ([`SPREADSHEET_ITERATIONS`] steps, no
//!    bracket): the root it reaches, if it lies in the range, is **the spreadsheet's
//!    rate**, and is added to the list if the sweep missed it. If it fails (an iterate
//!    reaches -100%, overflows or does not settle), the spreadsheet's rate is the root
//!    found closest to the guess in `ln(1 + r)`, the lower one on a tie (the bracketing
//!    fallback). With one sign change the unique rate is the spreadsheet's. For
//!    schedules of 64 flows or more, Newton's steps evaluate the sweep's Taylor
//!    polynomials (accurate to [`TAYLOR_ACCURACY`] where they hold) until a step is
//!    below 1e-4 relative, then the exact NPV: the same iterates up to that accuracy,
//!    at a few dozen operations per step instead of a pass over the flows.
//!
//! # Evaluating dated flows
//!
//! Discount factors `e^(-sᵢ λ)` are built in order of `sᵢ`: when the gaps between
//! consecutive times take at most 16 distinct values (whole days under every
//! convention but ACT/ACT ISDA, for schedules with a regular rhythm), each factor is the
//! previous one times the gap's factor (one `exp` per distinct gap), and every 16th is
//! recomputed by `exp`, which bounds their relative error by a few dozen units of
//! rounding; otherwise each takes one `exp`. Each expansion of the sweep adds every
//! flow's powers `wᵢ (-sᵢ)ᵏ` to the `K` coefficients, independent sums that run two at
//! a time in SIMD registers, the powers built by short products of `sᵢ^(2ʲ)`.
//!
//! # Tolerance and limits
//!
//! Every rate returned lies within [`TOLERANCE`] in `ln(1 + r)` (so `1 + r` within a
//! factor `1 ± 1e-10`) of a sign change of `g` as computed in `f64`, and the NPV at it
//! is zero to [`NPV_TOLERANCE`] (1e-9) relative to the sum of the absolute present
//! values of the flows at that rate, wherever `f64` can evaluate the NPV that closely (a
//! simple root, not a double root, where only `|f|` is small), rates just above -100%
//! included. The safeguarded Newton method runs at most [`MAX_NEWTON_ITERATIONS`]
//! steps, of one `O(n)` pass each; the sweep at most [`MAX_SWEEP_STEPS`] expansions
//! per side (one `O(n · K)` pass each) and [`MAX_ISOLATION_PIECES`] polynomial pieces
//! per attempt at a step (`O(K²)` each, independent of `n`); running out of steps is
//! [`Error::NoConvergence`].
//!
//! With several sign changes, a root of even multiplicity, where `g` touches zero
//! without changing sign, and two roots closer than the rounding of `g` allows to
//! separate, are reported only when they are the spreadsheet's rate, which Newton's
//! method can reach.

use std::cell::OnceCell;

use crate::error::{Error, Result};

/// The accuracy of every rate returned, in `ln(1 + r)`: `1 + r` is within a factor
/// `1 ± TOLERANCE` of a sign change of the NPV.
pub const TOLERANCE: f64 = 1e-10;
/// The most steps of the safeguarded Newton method (Newton or bisection); bisection
/// alone narrows the default range to the tolerance in under 40.
pub const MAX_NEWTON_ITERATIONS: u32 = 200;
/// The number of Taylor terms `K` of each expansion of the root sweep (derivatives 0 to
/// `K - 1`).
pub const TAYLOR_TERMS: usize = 20;
/// How closely each Taylor expansion of the sweep must match the NPV over its step,
/// relative to the sum of the absolute present values at its point (steps are halved
/// where that is not close enough to separate two roots).
pub const TAYLOR_ACCURACY: f64 = 1e-6;
/// The most Taylor expansions per side of `u = 0` in the root sweep.
pub const MAX_SWEEP_STEPS: u32 = 2_000;
/// The most polynomial pieces examined per attempt at a sweep step.
pub const MAX_ISOLATION_PIECES: u32 = 2_000;
/// Schedules of at least this many flows take the spreadsheet's first Newton steps on
/// the sweep's Taylor models (see the [module docs](self)).
const MODEL_MIN_FLOWS: usize = 64;
/// The relative Newton step below which the spreadsheet's steps leave the Taylor models
/// for the exact NPV.
const MODEL_SWITCH: f64 = 1e-4;
/// The most steps of the spreadsheet's plain Newton method, as in pyxirr
/// (`MAX_ITERATIONS` in `src/core/optimize.rs`).
pub const SPREADSHEET_ITERATIONS: u32 = 50;
/// How close to zero the NPV at a returned rate is promised to be, relative to the sum
/// of the absolute present values of the flows at that rate (for rates of 0% and
/// above, at most the sum of the absolute flows).
pub const NPV_TOLERANCE: f64 = 1e-9;

/// The number of Taylor terms of the sweep.
const K: usize = TAYLOR_TERMS;

/// Flows at times `tᵢ >= 0` (sorted ascending, the first at 0), amounts normalized to
/// at most 1 in magnitude.
#[derive(Debug)]
pub(crate) struct Problem {
    /// Whether the times are the whole numbers `0, 1, 2, ...` (IRR), which allows
    /// Horner evaluation without any `exp`.
    periodic: bool,
    amounts: Vec<f64>,
    times: Vec<f64>,
    /// The flows as seen above `u = 0` (decays `tᵢ`) and below it (decays `T - tᵢ`),
    /// built when first needed.
    above: OnceCell<Side>,
    below: OnceCell<Side>,
}

/// What [`Problem::solve`] found: every root as `u = ln(1 + r)`, ascending, and the
/// index of the spreadsheet's rate (`None` exactly when `roots` is empty).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub(crate) roots: Vec<f64>,
    pub(crate) chosen: Option<usize>,
}

fn overflow(operation: &'static str) -> Error {
    Error::Overflow { operation }
}

#[cfg(test)]
thread_local! {
    /// The points at which [`Problem::eval`] ran on this thread, recorded while a test
    /// has set this to `Some`: the tests follow the safeguarded method step by step.
    static EVALUATIONS: std::cell::RefCell<Option<Vec<f64>>> =
        const { std::cell::RefCell::new(None) };
    /// The rates at which a value and slope of `f` were taken on this thread, and
    /// whether from the sweep's Taylor models ([`Problem::modelled_value_and_slope`],
    /// `true`) or the exact NPV ([`Problem::value_and_slope`], `false`), recorded while a
    /// test has set this to `Some`: the tests follow the spreadsheet's Newton method step
    /// by step.
    static SLOPES: std::cell::RefCell<Option<Vec<(f64, bool)>>> =
        const { std::cell::RefCell::new(None) };
    /// The points at which [`Problem::eval2`] ran on this thread, recorded as
    /// [`EVALUATIONS`] is: the tests follow `refine`'s Halley steps.
    static SECOND_ORDER_EVALUATIONS: std::cell::RefCell<Option<Vec<f64>>> =
        const { std::cell::RefCell::new(None) };
}

/// Appends `r` to [`SLOPES`] if a test is recording.
#[cfg(test)]
fn record_slope(r: f64, modelled: bool) {
    SLOPES.with(|points| {
        if let Some(points) = points.borrow_mut().as_mut() {
            points.push((r, modelled));
        }
    });
}

/// What a test run recorded, each in order: the points where [`Problem::eval`] and
/// [`Problem::eval2`] ran, and the rates where a value and slope of `f` were taken
/// (`true`: from a Taylor model).
#[cfg(test)]
struct Trace {
    evaluations: Vec<f64>,
    second_order: Vec<f64>,
    slopes: Vec<(f64, bool)>,
}

/// What `run` returns, and what it recorded on this thread.
#[cfg(test)]
fn traced<T>(run: impl FnOnce() -> T) -> (T, Trace) {
    EVALUATIONS.with(|points| *points.borrow_mut() = Some(Vec::new()));
    SECOND_ORDER_EVALUATIONS.with(|points| *points.borrow_mut() = Some(Vec::new()));
    SLOPES.with(|points| *points.borrow_mut() = Some(Vec::new()));
    let out = run();
    let trace = Trace {
        evaluations: EVALUATIONS
            .with(|points| points.borrow_mut().take())
            .unwrap_or_default(),
        second_order: SECOND_ORDER_EVALUATIONS
            .with(|points| points.borrow_mut().take())
            .unwrap_or_default(),
        slopes: SLOPES
            .with(|points| points.borrow_mut().take())
            .unwrap_or_default(),
    };
    (out, trace)
}

/// Where the safeguarded Newton method may look, and what is known of its ends.
#[derive(Debug, Clone, Copy)]
struct Bracket {
    lo: f64,
    hi: f64,
    /// The sign of `g` below the root (above it, `g` has the other sign).
    below_positive: bool,
    /// Whether the signs at `lo` and `hi` are known to be on the two sides of the
    /// root; if not, an end is evaluated before the root is placed next to it.
    lo_known: bool,
    hi_known: bool,
}

impl Problem {
    /// Periodic amounts: amount `t` at time `t`.
    pub(crate) fn periodic(amounts: Vec<f64>) -> Self {
        let times = (0..amounts.len()).map(usize_to_f64).collect();
        Self::build(true, times, amounts)
    }

    /// Amounts at the given non-negative, ascending times, the first at 0.
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
        Self {
            periodic,
            amounts,
            times,
            above: OnceCell::new(),
            below: OnceCell::new(),
        }
    }

    fn above(&self) -> &Side {
        self.above
            .get_or_init(|| Side::new(self.times.clone(), self.amounts.clone()))
    }

    fn below(&self) -> &Side {
        self.below.get_or_init(|| {
            let latest = self.times.last().copied().unwrap_or(0.0);
            Side::new(
                self.times.iter().rev().map(|t| latest - t).collect(),
                self.amounts.iter().rev().copied().collect(),
            )
        })
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

    /// `g(u)`, `g'(u)` and `Σ |terms|` at `u = ln(1 + r)`: `g` is `f` for `u >= 0` and
    /// `f · e^(T u)` below, so every factor is at most 1.
    fn eval(&self, u: f64) -> (f64, f64, f64) {
        #[cfg(test)]
        EVALUATIONS.with(|points| {
            if let Some(points) = points.borrow_mut().as_mut() {
                points.push(u);
            }
        });
        if self.periodic {
            if u >= 0.0 {
                // P(x) = Σ aₜ xᵗ with x = e^(-u), Horner from the last period;
                // dP/du = -x P'(x).
                let x = (-u).exp();
                let (p, dp, s) = self
                    .amounts
                    .iter()
                    .rev()
                    .fold((0.0, 0.0, 0.0), |(p, dp, s), &a| {
                        (p * x + a, dp * x + p, s * x + a.abs())
                    });
                (p, -x * dp, s)
            } else {
                // G(y) = Σ aₜ y^(T - t) with y = e^u, Horner from period 0;
                // dG/du = y G'(y).
                let y = u.exp();
                let (p, dp, s) = self.amounts.iter().fold((0.0, 0.0, 0.0), |(p, dp, s), &a| {
                    (p * y + a, dp * y + p, s * y + a.abs())
                });
                (p, y * dp, s)
            }
        } else if u >= 0.0 {
            let (g, d1, _, abs) = self.above().sums(u);
            (g, -d1, abs)
        } else {
            let (g, d1, _, abs) = self.below().sums(-u);
            (g, d1, abs)
        }
    }

    /// `g(u)`, `g'(u)` and `g''(u)` (as in [`Problem::eval`]), by one `exp` per flow.
    fn eval2(&self, u: f64) -> (f64, f64, f64) {
        #[cfg(test)]
        SECOND_ORDER_EVALUATIONS.with(|points| {
            if let Some(points) = points.borrow_mut().as_mut() {
                points.push(u);
            }
        });
        if u >= 0.0 {
            let (g, d1, d2, _) = self.above().sums(u);
            (g, -d1, d2)
        } else {
            let (g, d1, d2, _) = self.below().sums(-u);
            (g, d1, d2)
        }
    }

    /// The sign of `g` far below every root (`u → -∞`): the last non-zero amount's.
    fn last_positive(&self) -> bool {
        self.amounts
            .iter()
            .rev()
            .find(|a| **a != 0.0)
            .is_some_and(|a| *a > 0.0)
    }

    /// Newton's method in `u` from `start`, safeguarded by a bracket in which `g`
    /// changes sign exactly once (the `rtsafe` scheme, see the [module docs](self)).
    /// `None` if an end that was not known turns out to be on the root's side: the root
    /// lies outside `[lo, hi]`.
    ///
    /// Returns the root and whether it comes from a converged Newton step (already as
    /// precise as `f64` allows) rather than from the bracket's width.
    fn safeguarded(&self, bracket: Bracket, start: f64) -> Result<Option<(f64, bool)>> {
        let Bracket {
            lo,
            hi,
            below_positive,
            mut lo_known,
            mut hi_known,
        } = bracket;
        let (mut a, mut b) = (lo, hi);
        let mut u = if start > lo && start < hi {
            start
        } else {
            0.5 * (lo + hi)
        };
        let mut previous_step = hi - lo;
        let mut estimate: Option<f64> = None;
        for _ in 0..MAX_NEWTON_ITERATIONS {
            let (g, slope, _) = self.eval(u);
            if !g.is_finite() || !slope.is_finite() {
                return Err(overflow("evaluating NPV in the Newton solver"));
            }
            if g == 0.0 {
                return Ok(Some((u, true)));
            }
            let below = (g > 0.0) == below_positive;
            if u <= lo {
                lo_known = true;
                if !below {
                    return Ok(None);
                }
            }
            if u >= hi {
                hi_known = true;
                if below {
                    return Ok(None);
                }
            }
            if below {
                a = u;
            } else {
                b = u;
            }
            if b - a <= TOLERANCE {
                if a <= lo && !lo_known {
                    u = lo;
                    continue;
                }
                if b >= hi && !hi_known {
                    u = hi;
                    continue;
                }
                return Ok(Some(match estimate.filter(|e| *e >= a && *e <= b) {
                    Some(e) => (e, true),
                    None => (0.5 * (a + b), false),
                }));
            }
            let newton = (slope != 0.0)
                .then(|| u - g / slope)
                .filter(|n| n.is_finite());
            let next = match newton {
                Some(n) if n > a && n < b && (u - n).abs() <= 0.5 * previous_step.abs() => {
                    if (u - n).abs() <= 0.5 * TOLERANCE {
                        // Converged: evaluate just beyond the estimate, so that the
                        // bracket closes around it.
                        estimate = Some(n);
                        let beyond = n + (n - u).signum() * 0.5 * TOLERANCE;
                        if beyond > a && beyond < b {
                            beyond
                        } else {
                            0.5 * (n + if n > u { b } else { a })
                        }
                    } else {
                        n
                    }
                }
                Some(n) if n <= a && a <= lo && !lo_known => lo,
                Some(n) if n >= b && b >= hi && !hi_known => hi,
                _ => 0.5 * (a + b),
            };
            previous_step = u - next;
            u = next;
        }
        Err(Error::NoConvergence {
            method: "safeguarded Newton",
            iterations: MAX_NEWTON_ITERATIONS,
        })
    }

    /// A few plain Newton steps from `u`, kept while they stay in `[lo, hi]` and shrink
    /// `|g|`: the rate ends at the precision `f64` allows.
    fn polish(&self, mut u: f64, lo: f64, hi: f64) -> f64 {
        let (mut value, mut slope, _) = self.eval(u);
        for _ in 0..4 {
            if value == 0.0 || slope == 0.0 || !value.is_finite() || !slope.is_finite() {
                break;
            }
            let next = u - value / slope;
            if !(next >= lo && next <= hi) || next.to_bits() == u.to_bits() {
                break;
            }
            let (v, s, _) = self.eval(next);
            if v.abs() < value.abs() {
                u = next;
                value = v;
                slope = s;
            } else {
                break;
            }
        }
        u
    }

    /// Whether `g` changes sign (or is zero) within the tolerance around `u`.
    #[cfg(test)]
    fn is_root(&self, u: f64) -> bool {
        let below = self.eval(u - 0.5 * TOLERANCE).0;
        let above = self.eval(u + 0.5 * TOLERANCE).0;
        below.is_finite() && above.is_finite() && straddles_zero(below, above)
    }

    /// `f(r)` and `f'(r)`, unscaled, in `r`; `None` if either is not finite.
    fn value_and_slope(&self, r: f64) -> Option<(f64, f64)> {
        #[cfg(test)]
        record_slope(r, false);
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
            let (value, moment) = self.above().value_and_moment(r.ln_1p());
            (value, -moment / (1.0 + r))
        };
        (value.is_finite() && slope.is_finite()).then_some((value, slope))
    }

    /// `f(r)` and `f'(r)` (as in [`Problem::value_and_slope`]) from the sweep's Taylor
    /// model of the step that holds `ln(1 + r)`, accurate to about [`TAYLOR_ACCURACY`]
    /// of the absolute present values; `None` outside every step or if not finite.
    fn modelled_value_and_slope(&self, r: f64, models: &[Model]) -> Option<(f64, f64)> {
        #[cfg(test)]
        record_slope(r, true);
        let u = r.ln_1p();
        let (below, v) = if u >= 0.0 { (false, u) } else { (true, -u) };
        let model = models
            .iter()
            .find(|m| m.below == below && v >= m.v && v <= m.v + m.width)?;
        let (p, dp) = model.at(v - model.v);
        let (value, du) = if below {
            // g is f · e^(T u) below 0, in v = -u.
            let latest = self.times.last().copied().unwrap_or(0.0);
            let grow = (latest * v).exp();
            (p * grow, -(dp + latest * p) * grow)
        } else {
            (p, dp)
        };
        let slope = du / (1.0 + r);
        (value.is_finite() && slope.is_finite()).then_some((value, slope))
    }

    /// The spreadsheet's rate: plain Newton's method in `r` from `guess`, as Excel's
    /// `IRR` and `XIRR` and pyxirr run it, without a bracket. `None` if an iterate
    /// reaches -100% or below or leaves the finite numbers, or if
    /// [`SPREADSHEET_ITERATIONS`] steps do not bring the step below
    /// `TOLERANCE · max(1, |r|)`; the result must also be a root: `g` changes sign
    /// within that step around it, or `|f|` is below [`NPV_TOLERANCE`] (a double root).
    fn spreadsheet_newton(&self, guess: f64, models: &[Model]) -> Option<f64> {
        let mut r = guess;
        // Long schedules: the first steps evaluate the sweep's Taylor models.
        let mut modelled = self.amounts.len() >= MODEL_MIN_FLOWS;
        for _ in 0..SPREADSHEET_ITERATIONS {
            let model = if modelled {
                self.modelled_value_and_slope(r, models)
            } else {
                None
            };
            let (value, slope) = match model {
                Some(vs) => vs,
                None => self.value_and_slope(r)?,
            };
            let step = value / slope;
            let next = r - step;
            if model.is_some() {
                if value == 0.0 || slope == 0.0 || !next.is_finite() || next <= -1.0 {
                    // Decide these from the exact NPV at the same rate.
                    modelled = false;
                } else {
                    r = next;
                    modelled = step.abs() > MODEL_SWITCH * r.abs().max(1.0);
                }
                continue;
            }
            if value == 0.0 {
                return Some(r);
            }
            if slope == 0.0 {
                return None;
            }
            if !next.is_finite() || next <= -1.0 {
                return None;
            }
            r = next;
            let tolerance = TOLERANCE * r.abs().max(1.0);
            if step.abs() <= tolerance {
                let at = |x: f64| self.eval(x.max(-1.0 + f64::EPSILON).ln_1p()).0;
                let (below, above) = (at(r - tolerance), at(r + tolerance));
                let sign_change =
                    below.is_finite() && above.is_finite() && straddles_zero(below, above);
                let close = || {
                    self.value_and_slope(r)
                        .is_some_and(|(v, _)| v.abs() <= NPV_TOLERANCE)
                };
                return (sign_change || close()).then_some(r);
            }
        }
        None
    }

    /// Every rate of return with `u = ln(1 + r)` in `[lo, hi]`, ascending, and the
    /// spreadsheet's rate among them (Newton from `guess`, a rate); see the
    /// [module docs](self).
    pub(crate) fn solve(&self, lo: f64, hi: f64, guess: f64) -> Result<Found> {
        match self.sign_changes() {
            0 => Err(Error::NoSignChange),
            1 => {
                let bracket = Bracket {
                    lo,
                    hi,
                    below_positive: self.last_positive(),
                    lo_known: false,
                    hi_known: false,
                };
                let root = self
                    .safeguarded(bracket, guess.ln_1p())?
                    .map(|(u, precise)| if precise { u } else { self.polish(u, lo, hi) });
                Ok(Found {
                    roots: root.into_iter().collect(),
                    chosen: root.map(|_| 0),
                })
            }
            _ => {
                let mut models = Vec::new();
                let mut roots = self.sweep(lo, hi, &mut models)?;
                let newton = self
                    .spreadsheet_newton(guess, &models)
                    .map(|r| (r, r.ln_1p()))
                    .filter(|(_, u)| *u >= lo && *u <= hi);
                let chosen = match newton {
                    Some((r, u)) => {
                        // The same root: within the spreadsheet's step of `r`, or of `u`.
                        let near = 1e3 * TOLERANCE;
                        let same = |x: &f64| {
                            (x - u).abs() <= near
                                || (x.exp_m1() - r).abs() <= near * r.abs().max(1.0)
                        };
                        match roots.iter().position(same) {
                            Some(i) => Some(i),
                            None => {
                                // A root the sweep cannot see (a double root): report it too.
                                let u = self.polish(u, lo, hi);
                                let i = roots.partition_point(|x| *x < u);
                                roots.insert(i, u);
                                Some(i)
                            }
                        }
                    }
                    // The bracketing fallback: the root closest to the guess in
                    // `ln(1 + r)`, the lower one on a tie.
                    None => {
                        let g = guess.ln_1p();
                        roots
                            .iter()
                            .enumerate()
                            .min_by(|(_, a), (_, b)| (**a - g).abs().total_cmp(&(**b - g).abs()))
                            .map(|(i, _)| i)
                    }
                };
                Ok(Found { roots, chosen })
            }
        }
    }

    /// Every root in `[lo, hi]` (in `u`), ascending: the sweep of each side of 0.
    fn sweep(&self, lo: f64, hi: f64, models: &mut Vec<Model>) -> Result<Vec<f64>> {
        let mut roots = Vec::new();
        if hi >= 0.0 {
            self.sweep_side(self.above(), 1.0, lo.max(0.0), hi, &mut roots, models)?;
        }
        if lo < 0.0 {
            // Below 0, in v = -u.
            self.sweep_side(self.below(), -1.0, (-hi).max(0.0), -lo, &mut roots, models)?;
        }
        // The sides meet at u = 0, each summing g(0) in its own order. For a root within
        // rounding of 0 (a rate of exactly 0%) the two sums can differ in sign, and each
        // side then sees g keep the sign it starts with: a sign change of g within the
        // tolerance around 0 is a root.
        if lo < 0.0 && hi > 0.0 && !roots.iter().any(|u| u.abs() <= TOLERANCE) {
            let half = 0.5 * TOLERANCE;
            self.resolve_unsure(1.0, &[((-half).max(lo), half.min(hi))], &mut roots)?;
        }
        roots.sort_by(f64::total_cmp);
        roots.dedup_by(|a, b| (*a - *b).abs() <= TOLERANCE);
        Ok(roots)
    }

    /// The roots of one side with `v` in `[start, end]`, pushed to `roots` as `u`.
    fn sweep_side(
        &self,
        side: &Side,
        sign: f64,
        start: f64,
        end: f64,
        roots: &mut Vec<f64>,
        models: &mut Vec<Model>,
    ) -> Result<()> {
        let rounding =
            4.0 * (usize_to_f64(self.amounts.len()) + 2.0 * usize_to_f64(K)) * f64::EPSILON;
        let table = bernstein_table();
        let mut v = start;
        let mut start_positive: Option<bool> = None;
        let mut unsure: Vec<(f64, f64)> = Vec::new();
        for _ in 0..MAX_SWEEP_STEPS {
            // The last step ended at `end`: nothing is left to expand.
            if v >= end && start_positive.is_some() {
                break;
            }
            let e = side.expand(v);
            if !e.at_zero().is_finite() || !e.abs_sum.is_finite() || !e.tail.is_finite() {
                return Err(overflow("evaluating NPV in the root sweep"));
            }
            let m0 = e.at_zero();
            if m0 == 0.0 && start_positive.is_none() {
                roots.push(sign * v);
            }
            let positive = start_positive.unwrap_or(m0 >= 0.0);
            // Once the flow with factor 1 outweighs all the others, g keeps its sign.
            if 2.0 * side.fixed().abs() > e.abs_sum * (1.0 + rounding) {
                return self.resolve_unsure(sign, &unsure, roots);
            }
            if v >= end {
                break;
            }
            let mut width = e.step(end - v);
            // Isolate on the step; where the polynomial cannot decide (roots closer
            // than its error allows to separate), halve the step, which divides the
            // truncation error by 2^K, until only rounding is left.
            let (poly, pieces) = loop {
                let mut error = e.error(width, rounding);
                let mut poly = e.scaled(width);
                // Keep the end of the step off a root: shrink until `P(1)` is certain.
                for _ in 0..8 {
                    if horner(&poly, 1.0).abs() > error || width <= TOLERANCE {
                        break;
                    }
                    width *= 0.9;
                    error = e.error(width, rounding);
                    poly = e.scaled(width);
                }
                let at_floor =
                    e.truncation(width) <= e.rounding(width, rounding) || width <= 1e3 * TOLERANCE;
                let pieces = isolate(&poly, &table, error, positive, TOLERANCE / width);
                match pieces {
                    Some(pieces)
                        if at_floor || !pieces.iter().any(|p| matches!(p, Piece::Unsure(..))) =>
                    {
                        break (poly, pieces);
                    }
                    None if at_floor => {
                        return Err(Error::NoConvergence {
                            method: "root isolation",
                            iterations: MAX_ISOLATION_PIECES,
                        });
                    }
                    _ => width *= 0.5,
                }
            };
            for piece in pieces {
                match piece {
                    Piece::Root(x0, x1) => {
                        let (v0, v1) = (v + width * x0, v + width * x1);
                        let x = poly_root(&poly, x0, x1);
                        let u = sign * (v + width * x);
                        let (lo_u, hi_u) = if sign > 0.0 { (v0, v1) } else { (-v1, -v0) };
                        roots.push(self.refine(u, lo_u, hi_u)?);
                    }
                    Piece::Unsure(x0, x1) => {
                        let (v0, v1) = (v + width * x0, v + width * x1);
                        match unsure.last_mut() {
                            Some(last) if last.1 >= v0 => last.1 = v1,
                            _ => unsure.push((v0, v1)),
                        }
                    }
                }
            }
            start_positive = Some(horner(&poly, 1.0) >= 0.0);
            models.push(Model {
                below: sign < 0.0,
                v,
                width,
                m: e.m,
            });
            v = if end - v <= width { end } else { v + width };
        }
        if v < end {
            return Err(Error::NoConvergence {
                method: "root sweep",
                iterations: MAX_SWEEP_STEPS,
            });
        }
        self.resolve_unsure(sign, &unsure, roots)
    }

    /// Stretches the polynomial could not decide (near a double root): a root is
    /// reported where the exact `g` changes sign across one.
    fn resolve_unsure(&self, sign: f64, unsure: &[(f64, f64)], roots: &mut Vec<f64>) -> Result<()> {
        for &(v0, v1) in unsure {
            let (a, b) = if sign > 0.0 { (v0, v1) } else { (-v1, -v0) };
            let (ga, gb) = (self.eval(a).0, self.eval(b).0);
            if !ga.is_finite() || !gb.is_finite() {
                return Err(overflow("evaluating NPV in the root sweep"));
            }
            if ga == 0.0 {
                roots.push(a);
            } else if gb == 0.0 {
                roots.push(b);
            } else if (ga > 0.0) != (gb > 0.0) {
                let bracket = Bracket {
                    lo: a,
                    hi: b,
                    below_positive: ga > 0.0,
                    lo_known: true,
                    hi_known: true,
                };
                if let Some((u, precise)) = self.safeguarded(bracket, 0.5 * (a + b))? {
                    roots.push(if precise { u } else { self.polish(u, a, b) });
                }
            }
        }
        Ok(())
    }

    /// The root of `g` in `[lo, hi]`, where it has exactly one, from the estimate `u`:
    /// one Halley step from an exact pass at `u`, whose local expansion confirms the
    /// sign change within the tolerance; the safeguarded method otherwise.
    fn refine(&self, u: f64, lo: f64, hi: f64) -> Result<f64> {
        let mut at = u;
        for _ in 0..3 {
            let (g, d1, d2) = self.eval2(at);
            if !g.is_finite() || !d1.is_finite() || !d2.is_finite() {
                return Err(overflow("evaluating NPV in the root sweep"));
            }
            if g == 0.0 {
                return Ok(at);
            }
            if d1 == 0.0 {
                break;
            }
            let newton = g / d1;
            let denominator = 1.0 - 0.5 * newton * d2 / d1;
            let step = if denominator > 0.5 {
                newton / denominator
            } else {
                newton
            };
            let next = at - step;
            if !(next >= lo - TOLERANCE && next <= hi + TOLERANCE) {
                break;
            }
            // Within 1e-6 of the expansion point its quadratic model is `g` to well
            // below rounding: its signs around `next` are those `g` would show.
            let model = |x: f64| {
                let h = x - at;
                g + h * (d1 + 0.5 * h * d2)
            };
            let (below, above) = (model(next - 0.5 * TOLERANCE), model(next + 0.5 * TOLERANCE));
            if step.abs() <= 1e-6 && straddles_zero(below, above) {
                return Ok(next);
            }
            at = next;
        }
        // The estimate was not close enough: solve on the certified bracket.
        let (g_lo, g_hi) = (self.eval(lo).0, self.eval(hi).0);
        if g_lo == 0.0 {
            return Ok(lo);
        }
        if g_hi == 0.0 || (g_lo > 0.0) == (g_hi > 0.0) {
            return Ok(hi.min(u.max(lo)));
        }
        let bracket = Bracket {
            lo,
            hi,
            below_positive: g_lo > 0.0,
            lo_known: true,
            hi_known: true,
        };
        Ok(match self.safeguarded(bracket, u)? {
            Some((r, true)) => r,
            Some((r, false)) => self.polish(r, lo, hi),
            None => u,
        })
    }
}

/// One side of `u = 0` as decaying exponentials, `Σ aᵢ e^(-sᵢ v)` for `v >= 0`, the
/// flows in ascending order of decay `sᵢ` (the first one 0).
#[derive(Debug)]
struct Side {
    decays: Vec<f64>,
    amounts: Vec<f64>,
    /// The distinct gaps between consecutive decays and each flow's gap (0 for the
    /// first flow), when there are at most [`MAX_GAPS`] of them: then the factors
    /// `e^(-sᵢ v)` are products of a few `exp`s rather than one `exp` each.
    gaps: Option<(Vec<f64>, Vec<u8>)>,
}

/// The most distinct gaps between flow times for which the factors are built by
/// multiplication.
const MAX_GAPS: usize = 16;
/// How many factors in a row are built by multiplication before one is recomputed by
/// `exp`, which bounds their relative error by about `SYNC_EVERY` units of rounding.
const SYNC_EVERY: usize = 16;
/// Runs of [`SYNC_EVERY`] factors built side by side.
const CHAINS: usize = 4;

impl Side {
    fn new(decays: Vec<f64>, amounts: Vec<f64>) -> Self {
        // Year fractions of whole days differ by the same gap up to rounding; a gap
        // within a few units of rounding of the largest decay counts as the same one
        // (the factor's error stays below `SYNC_EVERY` such units).
        let latest = decays.last().copied().unwrap_or(0.0);
        let same = 8.0 * f64::EPSILON * latest.abs().max(1.0);
        let mut values: Vec<f64> = Vec::new();
        let mut index: Vec<u8> = Vec::with_capacity(decays.len());
        let mut previous: Option<f64> = None;
        let mut last = 0_usize;
        let mut fits = true;
        for &s in &decays {
            let gap = previous.map_or(0.0, |p| s - p);
            previous = Some(s);
            let close = |v: &f64| (v - gap).abs() <= same;
            let i = if values.get(last).is_some_and(close) {
                last
            } else {
                match values.iter().position(close) {
                    Some(i) => i,
                    None => {
                        values.push(gap);
                        values.len().saturating_sub(1)
                    }
                }
            };
            last = i;
            match u8::try_from(i) {
                Ok(i) if values.len() <= MAX_GAPS => index.push(i),
                _ => {
                    fits = false;
                    break;
                }
            }
        }
        Self {
            decays,
            amounts,
            gaps: fits.then_some((values, index)),
        }
    }

    /// The amount whose decay is 0 (its factor is always 1).
    fn fixed(&self) -> f64 {
        self.amounts.first().copied().unwrap_or(0.0)
    }

    /// `Σ wᵢ`, `Σ sᵢ wᵢ`, `Σ sᵢ² wᵢ` and `Σ |wᵢ|` with `wᵢ = aᵢ e^(-sᵢ λ)`, summed in
    /// order of decay.
    fn sums(&self, lambda: f64) -> (f64, f64, f64, f64) {
        let mut terms = Vec::with_capacity(self.decays.len());
        self.terms_into(lambda, &mut terms);
        let (mut g, mut d1, mut d2, mut abs) = (0.0, 0.0, 0.0, 0.0);
        for (&s, &w) in self.decays.iter().zip(&terms) {
            g += w;
            d1 += s * w;
            d2 += s * s * w;
            abs += w.abs();
        }
        (g, d1, d2, abs)
    }

    /// `Σ wᵢ` and `Σ sᵢ wᵢ` (as in [`Side::sums`]), two flows side by side (one SIMD
    /// register): for the spreadsheet's Newton iterates, which only pick a root.
    // Reason: chunks of two indexed below their length.
    #[allow(clippy::indexing_slicing)]
    fn value_and_moment(&self, lambda: f64) -> (f64, f64) {
        let mut w = Vec::with_capacity(self.decays.len());
        self.terms_into(lambda, &mut w);
        let mut acc = [[0.0_f64; 2]; 2];
        for (wc, sc) in w.chunks_exact(2).zip(self.decays.chunks_exact(2)) {
            acc[0][0] += wc[0];
            acc[0][1] += wc[1];
            acc[1][0] += sc[0] * wc[0];
            acc[1][1] += sc[1] * wc[1];
        }
        let rest = w
            .chunks_exact(2)
            .remainder()
            .iter()
            .zip(self.decays.chunks_exact(2).remainder());
        for (&wl, &sl) in rest {
            acc[0][0] += wl;
            acc[1][0] += sl * wl;
        }
        let [g, d1] = acc.map(|[x, y]| x + y);
        (g, d1)
    }

    /// The terms `aᵢ e^(-sᵢ λ)` of every flow, in order, into `out`.
    // Reason: fixed-size blocks indexed below their length, by products of constants
    // and loop bounds.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    fn terms_into(&self, lambda: f64, out: &mut Vec<f64>) {
        out.clear();
        let Some((values, index)) = &self.gaps else {
            out.extend(
                self.decays
                    .iter()
                    .zip(&self.amounts)
                    .map(|(&s, &a)| a * (-s * lambda).exp()),
            );
            return;
        };
        let mut table = [1.0_f64; MAX_GAPS];
        for (t, g) in table.iter_mut().zip(values) {
            *t = (-g * lambda).exp();
        }
        let factor = |g: u8| table[usize::from(g) & (MAX_GAPS - 1)];
        // Every SYNC_EVERY-th factor by `exp`, the others by products; CHAINS runs of
        // SYNC_EVERY side by side, so that the products do not wait on each other.
        const BLOCK_LEN: usize = CHAINS * SYNC_EVERY;
        let mut buffer = [0.0_f64; BLOCK_LEN];
        for ((decays, gaps), amounts) in self
            .decays
            .chunks(BLOCK_LEN)
            .zip(index.chunks(BLOCK_LEN))
            .zip(self.amounts.chunks(BLOCK_LEN))
        {
            if decays.len() == BLOCK_LEN && gaps.len() == BLOCK_LEN && amounts.len() == BLOCK_LEN {
                let mut e = [0.0_f64; CHAINS];
                for (c, ec) in e.iter_mut().enumerate() {
                    let i = c * SYNC_EVERY;
                    *ec = (-decays[i] * lambda).exp();
                    buffer[i] = amounts[i] * *ec;
                }
                for j in 1..SYNC_EVERY {
                    for (c, ec) in e.iter_mut().enumerate() {
                        let i = c * SYNC_EVERY + j;
                        *ec *= factor(gaps[i]);
                        buffer[i] = amounts[i] * *ec;
                    }
                }
                out.extend_from_slice(&buffer);
            } else {
                let mut e = 1.0_f64;
                out.extend(decays.iter().zip(gaps).zip(amounts).enumerate().map(
                    |(i, ((&s, &g), &a))| {
                        e = if i % SYNC_EVERY == 0 {
                            (-s * lambda).exp()
                        } else {
                            e * factor(g)
                        };
                        a * e
                    },
                ));
            }
        }
    }

    /// The Taylor expansion of the side at `v`: the terms first, then passes adding each
    /// term's powers `wᵢ (-sᵢ)ᵏ` to the coefficients, [`BLOCK`] pairs of them per pass
    /// (so that the sums stay in registers). The powers are built two at a time (`k` and
    /// `k + 1`, one SIMD register) from the lower ones by factors `sᵢ^(2ʲ)`, so that no
    /// product waits on a long chain, and the sums are independent.
    // Reason: fixed-size arrays indexed below their length (loop bounds and bit counts
    // below `BLOCK`).
    #[allow(clippy::indexing_slicing)]
    // Not inlined: in the sweep's large body the coefficients would not stay in
    // registers.
    #[inline(never)]
    fn expand(&self, v: f64) -> Expansion {
        let mut w = Vec::with_capacity(self.decays.len());
        self.terms_into(v, &mut w);
        let mut m = [0.0_f64; K];
        let (mut abs_sum, mut tail) = (0.0_f64, 0.0_f64);
        let blocks = K / (2 * BLOCK);
        for (block, out) in m.chunks_exact_mut(2 * BLOCK).enumerate() {
            let last = block.saturating_add(1) == blocks;
            let mut acc = [[0.0_f64; 2]; BLOCK];
            for (&w, &s) in w.iter().zip(&self.decays) {
                // squares[c] = s^(2^(c + 1)).
                let mut squares = [0.0_f64; 4];
                let mut q = s * s;
                for sq in &mut squares {
                    *sq = q;
                    q *= q;
                }
                // The block's first power, w s^(2 BLOCK block) (even, so positive).
                let step = squares[2] * squares[0];
                let mut first = w;
                for _ in 0..block {
                    first *= step;
                }
                // x[j] = (first (-s)^(2j), first (-s)^(2j + 1)), from x[j with its
                // lowest bit cleared] times s^(2 · lowest bit).
                let mut x = [[0.0_f64; 2]; BLOCK];
                x[0] = [first, -(first * s)];
                for j in 1..BLOCK {
                    let from = x[j & j.wrapping_sub(1)];
                    let factor = squares[usize::try_from(j.trailing_zeros()).unwrap_or(0) & 3];
                    x[j] = [from[0] * factor, from[1] * factor];
                }
                for (a, xj) in acc.iter_mut().zip(&x) {
                    a[0] += xj[0];
                    a[1] += xj[1];
                }
                if block == 0 {
                    abs_sum += w.abs();
                }
                if last {
                    // |w| s^K from the last power, w (-s)^(K - 1).
                    tail += (x[BLOCK - 1][1] * s).abs();
                }
            }
            for (o, a) in out.chunks_exact_mut(2).zip(&acc) {
                o.copy_from_slice(a);
            }
        }
        Expansion { m, abs_sum, tail }
    }
}

/// Pairs of Taylor terms summed per pass over the flows in [`Side::expand`].
const BLOCK: usize = 5;
const _: () = assert!(
    K % (2 * BLOCK) == 0 && BLOCK <= 16,
    "the expansion's passes cover every term"
);

/// The Taylor expansion of one side at a point: `m[k]` is the `k`-th derivative,
/// `abs_sum` the sum of the absolute terms, `tail` `Σ |aᵢ| sᵢᴷ e^(-sᵢ v)`.
#[derive(Debug)]
struct Expansion {
    m: [f64; K],
    abs_sum: f64,
    tail: f64,
}

impl Expansion {
    /// `g` at the point of expansion.
    fn at_zero(&self) -> f64 {
        self.m.first().copied().unwrap_or(0.0)
    }

    /// The widest step (at most `limit`) over which the truncation error stays below
    /// [`TAYLOR_ACCURACY`] of the absolute sum.
    fn step(&self, limit: f64) -> f64 {
        if self.tail <= 0.0 {
            return limit;
        }
        let ratio = TAYLOR_ACCURACY * self.abs_sum * factorial(K) / self.tail;
        let width = ratio.powf(1.0 / usize_to_f64(K));
        if width.is_finite() && width > 0.0 {
            width.min(limit)
        } else {
            limit
        }
    }

    /// A bound on `|g - P|` over a step of `width`: the truncation error plus the
    /// rounding of the sums (bounded through the log-convexity of the moments).
    fn error(&self, width: f64, rounding: f64) -> f64 {
        self.truncation(width) + self.rounding(width, rounding) + f64::MIN_POSITIVE
    }

    /// The Taylor remainder over a step of `width`.
    fn truncation(&self, width: f64) -> f64 {
        self.tail * width.powf(usize_to_f64(K)) / factorial(K)
    }

    /// The rounding of the moment sums, summed over the step: at most `rounding`
    /// (relative) of `Σₖ Bₖ widthᵏ / k!` with `Bₖ = Σ |aᵢ| sᵢᵏ e^(-sᵢ v)`, which the
    /// log-convexity of `Bₖ` in `k` bounds by `abs_sum · e^(q · width)`,
    /// `q = (tail / abs_sum)^(1/K)`.
    fn rounding(&self, width: f64, rounding: f64) -> f64 {
        let q = if self.abs_sum > 0.0 {
            (self.tail / self.abs_sum).powf(1.0 / usize_to_f64(K))
        } else {
            0.0
        };
        rounding * self.abs_sum * (q * width).exp()
    }

    /// The Taylor polynomial over a step of `width`, in `x ∈ [0, 1]`: coefficient `k`
    /// is `m[k] widthᵏ / k!`.
    fn scaled(&self, width: f64) -> [f64; K] {
        let mut out = [0.0_f64; K];
        let mut factor = 1.0;
        for (k, (o, &mk)) in out.iter_mut().zip(&self.m).enumerate() {
            *o = mk * factor;
            factor *= width / usize_to_f64(k.saturating_add(1));
        }
        out
    }
}

/// The Taylor polynomial of one sweep step, kept for the spreadsheet's Newton steps:
/// derivatives `m` at `v` on the side below 0 or above it, valid on `[v, v + width]`.
#[derive(Debug, Clone, Copy)]
struct Model {
    below: bool,
    v: f64,
    width: f64,
    m: [f64; K],
}

impl Model {
    /// The polynomial and its derivative at `h` from the point of expansion.
    fn at(&self, h: f64) -> (f64, f64) {
        // p = Σ mₖ hᵏ / k! and dp = Σ mₖ₊₁ hᵏ / k!, by Horner's rule: at k, from
        // `K - 1` down to 1, p takes m(k - 1) and dp takes m(k - 1) when k > 1.
        let mut p = self.m.last().copied().unwrap_or(0.0);
        let mut dp = p;
        let ks = (1..K).rev().map(usize_to_f64);
        for (&m, k) in self.m.iter().rev().skip(1).zip(ks) {
            p = m + p * h / k;
            if k > 1.0 {
                dp = m + dp * h / (k - 1.0);
            }
        }
        (p, dp)
    }
}

fn factorial(n: usize) -> f64 {
    (1..=n).map(usize_to_f64).product()
}

fn horner(coefficients: &[f64; K], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

/// `table[j][k] = C(j, k) / C(n, k)` for `n = K - 1`: Bernstein coefficient `j` is
/// `Σₖ table[j][k] · cₖ` for the monomial coefficients `cₖ` on `[0, 1]`.
fn bernstein_table() -> [[f64; K]; K] {
    let n = K.saturating_sub(1);
    let binomial = |a: usize, b: usize| -> f64 {
        (0..b).fold(1.0, |acc, i| {
            acc * usize_to_f64(a.saturating_sub(i)) / usize_to_f64(i.saturating_add(1))
        })
    };
    let mut table = [[0.0_f64; K]; K];
    for (j, row) in table.iter_mut().enumerate() {
        for (k, cell) in row.iter_mut().enumerate().take(j.saturating_add(1)) {
            *cell = binomial(j, k) / binomial(n, k);
        }
    }
    table
}

/// What [`isolate`] found on a piece `[x0, x1]` of the step.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// `g` is monotone and changes sign: exactly one root.
    Root(f64, f64),
    /// Too close to a double root to decide on the polynomial.
    Unsure(f64, f64),
}

/// The pieces of `[0, 1]` holding a root of `g`, where `|g - P| <= error`: Bernstein
/// subdivision with exclusion and monotonicity tests (see the [module docs](self)).
/// `start_positive` is the sign of `g` at 0; pieces narrower than `min_width` that
/// neither test decides are [`Piece::Unsure`]. `None` past [`MAX_ISOLATION_PIECES`].
fn isolate(
    poly: &[f64; K],
    table: &[[f64; K]; K],
    error: f64,
    start_positive: bool,
    min_width: f64,
) -> Option<Vec<Piece>> {
    let mut first = [0.0_f64; K];
    for (b, row) in first.iter_mut().zip(table) {
        *b = row.iter().zip(poly).map(|(t, c)| t * c).sum();
    }
    let degree = usize_to_f64(K.saturating_sub(1));
    let mut out = Vec::new();
    let mut stack = vec![(0.0_f64, 1.0_f64, first)];
    let mut examined = 0_u32;
    while let Some((x0, x1, b)) = stack.pop() {
        examined = examined.saturating_add(1);
        if examined > MAX_ISOLATION_PIECES {
            return None;
        }
        let (low, high) = b
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &c| {
                (l.min(c), h.max(c))
            });
        if low > error || high < -error {
            continue;
        }
        let slope_error = usize_to_f64(K) * error * (x1 - x0);
        let (d_low, d_high) = b.iter().zip(b.iter().skip(1)).fold(
            (f64::INFINITY, f64::NEG_INFINITY),
            |(l, h), (p, q)| {
                let d = degree * (q - p);
                (l.min(d), h.max(d))
            },
        );
        if d_low > slope_error || d_high < -slope_error {
            let at_start = if x0 <= 0.0 {
                start_positive
            } else {
                b.first().is_some_and(|c| *c >= 0.0)
            };
            let at_end = b.last().is_some_and(|c| *c >= 0.0);
            if at_start != at_end {
                out.push(Piece::Root(x0, x1));
            }
            continue;
        }
        if x1 - x0 <= min_width {
            out.push(Piece::Unsure(x0, x1));
            continue;
        }
        let (left, right) = de_casteljau(&b);
        let mid = 0.5 * (x0 + x1);
        stack.push((mid, x1, right));
        stack.push((x0, mid, left));
    }
    Some(out)
}

/// The Bernstein coefficients of the two halves of a piece (de Casteljau at 1/2).
// Reason: fixed-size arrays indexed below their length by the loop bounds.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn de_casteljau(b: &[f64; K]) -> ([f64; K], [f64; K]) {
    let mut left = [0.0_f64; K];
    let mut right = [0.0_f64; K];
    let mut work = *b;
    for (level, l) in left.iter_mut().enumerate() {
        let len = K - level;
        *l = work[0];
        right[len - 1] = work[len - 1];
        for j in 0..len - 1 {
            work[j] = 0.5 * (work[j] + work[j + 1]);
        }
    }
    (left, right)
}

/// The root of the polynomial on `[x0, x1]`, where it is monotone and changes sign:
/// Newton's method safeguarded by bisection.
fn poly_root(poly: &[f64; K], x0: f64, x1: f64) -> f64 {
    let (mut a, mut b) = (x0, x1);
    let fa_positive = horner(poly, a) >= 0.0;
    let mut x = 0.5 * (a + b);
    for _ in 0..100 {
        let (p, dp) = poly
            .iter()
            .rev()
            .fold((0.0, 0.0), |(p, dp), &c| (p * x + c, dp * x + p));
        if p == 0.0 {
            return x;
        }
        if (p >= 0.0) == fa_positive {
            a = x;
        } else {
            b = x;
        }
        let newton = x - p / dp;
        let next = if dp != 0.0 && newton > a && newton < b {
            newton
        } else {
            0.5 * (a + b)
        };
        if (next - x).abs() <= 1e-16 * x.abs().max(1e-300) || b - a <= f64::EPSILON * b.abs() {
            return next;
        }
        x = next;
    }
    x
}

/// Whether zero lies between `a` and `b` (either may be zero): their signs compared,
/// not their product, which underflows to 0 whatever the signs once both are below
/// about 1e-162 in magnitude. `false` if either is NaN.
fn straddles_zero(a: f64, b: f64) -> bool {
    (a <= 0.0 && b >= 0.0) || (a >= 0.0 && b <= 0.0)
}

/// `n` as `f64`; exact below 2^53, far beyond any schedule length.
pub(crate) fn usize_to_f64(n: usize) -> f64 {
    // u32 converts losslessly; longer schedules saturate, which no caller reaches.
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default search range in `u = ln(1 + r)`: -99% to 1000%.
    pub(super) fn range() -> (f64, f64) {
        (0.01_f64.ln(), 11.0_f64.ln())
    }

    fn roots(amounts: &[f64]) -> Result<Vec<f64>> {
        let (lo, hi) = range();
        Problem::periodic(amounts.to_vec())
            .solve(lo, hi, 0.1)
            .map(|found| found.roots.iter().map(|u| u.exp_m1()).collect())
    }

    #[test]
    fn sign_changes_skip_zeros() {
        let p = Problem::periodic(vec![0.0, -1.0, 0.0, 2.0, 0.0, -3.0]);
        assert_eq!(p.sign_changes(), 2);
        assert_eq!(Problem::periodic(vec![1.0, 2.0]).sign_changes(), 0);
        assert_eq!(Problem::periodic(vec![]).sign_changes(), 0);
    }

    #[test]
    fn amounts_are_divided_by_the_largest_magnitude() {
        // The module docs: amounts are first divided by the largest magnitude.
        let p = Problem::periodic(vec![-200.0, 50.0, 100.0]);
        assert_eq!(p.amounts, [-1.0, 0.25, 0.5]);
        let p = Problem::dated(vec![0.0, 0.5], vec![4.0, -8.0]);
        assert_eq!(p.amounts, [0.5, -1.0]);
        // All zero: nothing to divide by, the amounts stay zero.
        let p = Problem::periodic(vec![0.0, 0.0]);
        assert_eq!(p.amounts, [0.0, 0.0]);
    }

    /// `g`, `g'`, `g''` and `Σ |terms|` at `u` summed term by term from the definitions
    /// in the module docs: `Σ aᵢ e^(-tᵢ u)` for `u >= 0`, `Σ aᵢ e^((T - tᵢ) u)` below.
    fn direct(times: &[f64], amounts: &[f64], u: f64) -> [f64; 4] {
        let latest = times.last().copied().unwrap_or(0.0);
        let largest = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
        let mut sums = [0.0; 4];
        for (&t, &a) in times.iter().zip(amounts) {
            let a = a / largest;
            // The exponent's factor: d/du of e^(k u) is k e^(k u).
            let k = if u >= 0.0 { -t } else { latest - t };
            let w = a * (k * u).exp();
            sums[0] += w;
            sums[1] += k * w;
            sums[2] += k * k * w;
            sums[3] += w.abs();
        }
        sums
    }

    fn close(a: f64, b: f64, scale: f64) -> bool {
        (a - b).abs() <= 1e-12 * scale.max(1.0)
    }

    #[test]
    fn evaluations_match_their_definitions() {
        let amounts = [-100.0, 30.0, -40.0, 50.0, 80.0];
        let periods: Vec<f64> = (0..amounts.len()).map(usize_to_f64).collect();
        let periodic = Problem::periodic(amounts.to_vec());
        let dated_times = [0.0, 0.3, 1.25, 2.0, 3.7];
        let dated = Problem::dated(dated_times.to_vec(), amounts.to_vec());
        for u in [-2.0, -0.4, -1e-3, 0.0, 1e-3, 0.3, 1.7] {
            for (problem, times) in [(&periodic, &periods[..]), (&dated, &dated_times[..])] {
                let want = direct(times, &amounts, u);
                let scale = want[3];
                let (g, d1, abs) = problem.eval(u);
                assert!(close(g, want[0], scale), "g({u}): {g} vs {want:?}");
                assert!(close(d1, want[1], scale), "g'({u}): {d1} vs {want:?}");
                assert!(close(abs, want[3], scale), "|g|({u}): {abs} vs {want:?}");
                let (g, d1, d2) = problem.eval2(u);
                assert!(close(g, want[0], scale), "g({u}): {g} vs {want:?}");
                assert!(close(d1, want[1], scale), "g'({u}): {d1} vs {want:?}");
                assert!(
                    close(d2, want[2], 10.0 * scale),
                    "g''({u}): {d2} vs {want:?}"
                );
            }
        }
    }

    #[test]
    fn value_and_slope_match_their_definitions() {
        // f(r) = Σ aᵢ (1 + r)^(-tᵢ) and f'(r) = Σ -tᵢ aᵢ (1 + r)^(-tᵢ - 1), with the
        // amounts divided by the largest magnitude (80).
        let amounts = [-80.0, 30.0, -20.0, 50.0, 40.0];
        let periods: Vec<f64> = (0..amounts.len()).map(usize_to_f64).collect();
        let dated_times = [0.0, 0.3, 1.25, 2.0, 3.7];
        for (problem, times) in [
            (Problem::periodic(amounts.to_vec()), &periods[..]),
            (
                Problem::dated(dated_times.to_vec(), amounts.to_vec()),
                &dated_times[..],
            ),
        ] {
            for r in [-0.5_f64, -0.05, 0.0, 0.1, 0.7, 3.0] {
                let (mut value, mut slope, mut scale) = (0.0_f64, 0.0_f64, 0.0_f64);
                for (&t, &a) in times.iter().zip(&amounts) {
                    let a = a / 80.0;
                    value += a * (1.0 + r).powf(-t);
                    slope += -t * a * (1.0 + r).powf(-t - 1.0);
                    scale += (t + 1.0) * a.abs() * (1.0 + r).powf(-t - 1.0);
                }
                let (v, s) = problem.value_and_slope(r).unwrap();
                assert!(close(v, value, scale), "f({r}): {v} vs {value}");
                assert!(close(s, slope, scale), "f'({r}): {s} vs {slope}");
            }
        }
        // At -100% the periodic factors are infinite: no value.
        assert_eq!(
            Problem::periodic(amounts.to_vec()).value_and_slope(-1.0),
            None
        );
    }

    #[test]
    fn polishing_brings_a_rate_closer_to_its_root() {
        // -100 + 110 / (1 + r): the root is u = ln 1.1. From 1e-3 off, on either side,
        // Newton's steps shrink |g| and stay in the range.
        let p = Problem::periodic(vec![-100.0, 110.0]);
        let root = 1.1_f64.ln();
        let (lo, hi) = range();
        for start in [root - 1e-3, root + 1e-3] {
            let polished = p.polish(start, lo, hi);
            assert!(polished >= lo && polished <= hi, "{polished}");
            assert!(
                p.eval(polished).0.abs() < 1e-3 * p.eval(start).0.abs(),
                "{start} -> {polished}"
            );
            assert!((polished - root).abs() < 1e-12, "{polished} vs {root}");
        }
        // A step that would leave the range is not taken.
        let polished = p.polish(root + 1e-3, lo, root + 1e-3);
        assert!(polished <= root + 1e-3, "{polished}");
    }

    #[test]
    fn the_safeguarded_method_finds_the_root_or_says_it_is_outside() {
        // -100 + 110 e^(-u): one root, u = ln 1.1; below it g has the sign of the last
        // amount (positive).
        let p = Problem::periodic(vec![-100.0, 110.0]);
        let root = 1.1_f64.ln();
        let bracket = |lo: f64, hi: f64, known: bool| Bracket {
            lo,
            hi,
            below_positive: true,
            lo_known: known,
            hi_known: known,
        };
        // From the guess of 10%, and from a start outside the range (the midpoint then).
        let (lo, hi) = range();
        for (known, start) in [
            (true, 0.1_f64.ln_1p()),
            (false, 0.1_f64.ln_1p()),
            (false, -10.0),
        ] {
            let (u, converged) = p
                .safeguarded(bracket(lo, hi, known), start)
                .unwrap()
                .unwrap();
            // Newton's method converges here: the estimate itself, as precise as f64.
            assert!(converged, "{known} {start}");
            assert!((u - root).abs() <= TOLERANCE, "{u} vs {root}");
        }
        // Ends whose side is not known: the root above `hi` or below `lo` is outside.
        let above = bracket(0.5_f64.ln(), 1.05_f64.ln(), false);
        assert_eq!(p.safeguarded(above, 0.0).unwrap(), None);
        let below = bracket(1.2_f64.ln(), 2.0_f64.ln(), false);
        assert_eq!(p.safeguarded(below, 0.5).unwrap(), None);
        // Just inside an end that is not known: found, next to that end.
        let near = bracket(0.5_f64.ln(), root + 1e-6, false);
        let (u, _) = p.safeguarded(near, 0.0).unwrap().unwrap();
        assert!((u - root).abs() <= TOLERANCE, "{u} vs {root}");
    }

    #[test]
    fn scaled_is_continuous_at_zero() {
        let p = Problem::periodic(vec![-100.0, 30.0, 40.0, 50.0]);
        assert!((p.eval(-1e-15).0 - p.eval(0.0).0).abs() < 1e-12);
        let d = Problem::dated(vec![0.0, 0.5, 1.7], vec![-1.0, 0.5, 0.6]);
        assert!((d.eval(-1e-15).0 - d.eval(0.0).0).abs() < 1e-12);
        // The dated and periodic evaluations agree on whole periods, on both sides.
        let q = Problem::dated(vec![0.0, 1.0, 2.0, 3.0], vec![-100.0, 30.0, 40.0, 50.0]);
        for u in [-3.0, -0.2, 0.0, 0.3, 4.0] {
            let (a, b) = (p.eval(u), q.eval(u));
            assert!(
                (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12,
                "{u}: {a:?} vs {b:?}"
            );
            let c = q.eval2(u);
            assert!(
                (c.0 - b.0).abs() < 1e-12 && (c.1 - b.1).abs() < 1e-12,
                "{u}"
            );
        }
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
    fn close_roots_are_separated() {
        // 1 + r ∈ {1.1, 1.1001, 1.5}: two roots 0.01% apart, far inside one cell of a
        // grid of the old scan's spacing, and a third.
        let (x1, x2, x3) = (1.1_f64, 1.1001_f64, 1.5_f64);
        // (y - x1)(y - x2)(y - x3) with y = 1 + r, as flows y³ - s1 y² + s2 y - s3 at
        // periods 0..3 after dividing by y³.
        let s1 = x1 + x2 + x3;
        let s2 = x1 * x2 + x1 * x3 + x2 * x3;
        let s3 = x1 * x2 * x3;
        let r = roots(&[1.0, -s1, s2, -s3]).unwrap();
        assert_eq!(r.len(), 3, "{r:?}");
        for (got, want) in r.iter().zip([x1, x2, x3]) {
            assert!((got - (want - 1.0)).abs() < 1e-8, "{r:?}");
        }
    }

    #[test]
    fn sweep_agrees_with_a_dense_scan() {
        // Dated flows with many sign changes: every sign change of g on a dense grid
        // is a root the sweep reports, and every root it reports is a sign change.
        let times: Vec<f64> = (0..80).map(|i| f64::from(i) * 0.13).collect();
        let amounts: Vec<f64> = (0..80)
            .map(|i| if i % 7 == 3 { -1.3 } else { 0.4 } * f64::from(i % 5 + 1) * if i % 11 == 0 { -2.0 } else { 1.0 })
            .collect();
        let p = Problem::dated(times, amounts);
        let (lo, hi) = (1e-12_f64.ln(), 1e6_f64.ln_1p());
        let found = p.sweep(lo, hi, &mut Vec::new()).unwrap();
        let mut scan = Vec::new();
        let steps = 200_000;
        let mut previous = p.eval(lo).0;
        for i in 1..=steps {
            let u = lo + (hi - lo) * f64::from(i) / f64::from(steps);
            let g = p.eval(u).0;
            if (g > 0.0) != (previous > 0.0) {
                scan.push(u);
            }
            previous = g;
        }
        assert_eq!(found.len(), scan.len(), "{found:?} vs {scan:?}");
        for (a, b) in found.iter().zip(&scan) {
            assert!((a - b).abs() < 1e-3, "{found:?} vs {scan:?}");
            assert!(p.is_root(*a), "{a}");
        }
    }

    #[test]
    fn sweep_models_match_the_exact_npv() {
        // The Taylor models the spreadsheet's first Newton steps use agree with the exact
        // NPV and slope to well within their accuracy, on both sides of 0.
        let times: Vec<f64> = (0..100).map(|i| f64::from(i) * 0.05).collect();
        let amounts: Vec<f64> = (0..100)
            .map(|i| if i % 3 == 0 { -1.0 } else { 0.7 } * f64::from(i % 7 + 1))
            .collect();
        let p = Problem::dated(times, amounts);
        let mut models = Vec::new();
        p.sweep(1e-6_f64.ln(), 1e3_f64.ln_1p(), &mut models)
            .unwrap();
        assert!(models.iter().any(|m| m.below) && models.iter().any(|m| !m.below));
        for r in [-0.99, -0.7, -0.2, -0.01, 0.0, 0.05, 0.3, 2.0, 40.0, 900.0] {
            let (value, slope) = p.value_and_slope(r).unwrap();
            let (mv, ms) = p.modelled_value_and_slope(r, &models).unwrap();
            let scale = p.eval(r.ln_1p()).2
                * if r < 0.0 {
                    (r.ln_1p() * -4.95).exp()
                } else {
                    1.0
                };
            assert!(
                (value - mv).abs() <= 1e-5 * scale,
                "{r}: {value} vs {mv} ({scale})"
            );
            assert!(
                (slope - ms).abs() <= 1e-3 * scale.max(slope.abs()),
                "{r}: {slope} vs {ms}"
            );
        }
    }

    #[test]
    fn no_sign_change_and_out_of_range() {
        assert_eq!(roots(&[1.0, 2.0]), Err(Error::NoSignChange));
        assert_eq!(roots(&[0.0, 0.0]), Err(Error::NoSignChange));
        // -1 + 100 / (1 + r): r = 9900%, outside -99%..=1000%.
        assert_eq!(roots(&[-1.0, 100.0]).unwrap(), Vec::<f64>::new());
        // And 1 + r = 0.001, below.
        assert_eq!(roots(&[-1.0, 0.001]).unwrap(), Vec::<f64>::new());
        // A root close to -100%: -1 + 0.02 / (1 + r) = 0 at r = -98%.
        let r = roots(&[-1.0, 0.02]).unwrap();
        assert!((r[0] + 0.98).abs() < 1e-10, "{r:?}");
    }

    #[test]
    fn far_guesses_converge_through_the_bracket() {
        // -60 then 99 inflows of 1: the rate is about 1.2% per period.
        let mut flows = vec![-60.0];
        flows.extend(std::iter::repeat_n(1.0, 99));
        let p = Problem::periodic(flows);
        let (lo, hi) = range();
        for guess in [0.1, -0.98, 9.0, 1e6] {
            let r = p.solve(lo, hi, guess).unwrap().roots;
            assert_eq!(r.len(), 1, "{guess}: {r:?}");
            assert!(p.is_root(r[0]), "{guess}: {r:?}");
            assert!((r[0].exp_m1() - 0.011_8).abs() < 1e-3, "{guess}: {r:?}");
        }
    }

    #[test]
    fn rates_just_above_minus_100_percent_keep_their_digits() {
        // -92,255,959 then +499,258.13 98 days later: 1 + r is about 3.6e-9, which an
        // f64 rate would hold to only 8 digits; in ln(1 + r) the NPV is zero to f64's.
        let p = Problem::dated(vec![0.0, 98.0 / 365.0], vec![-92_255_959.0, 499_258.13]);
        let found = p.solve(1e-12_f64.ln(), 1e6_f64.ln_1p(), 0.1).unwrap();
        let u = found.roots[0];
        let exact = (499_258.13_f64 / 92_255_959.0).ln() / (98.0 / 365.0);
        assert!((u - exact).abs() <= 1e-13 * exact.abs(), "{u} vs {exact}");
        let (g, _, scale) = p.eval(u);
        assert!(g.abs() <= 1e-14 * scale, "{g} vs {scale}");
    }

    #[test]
    fn extreme_lengths_stay_finite() {
        // 2,000 periods near -99%: the unscaled NPV would overflow f64.
        let mut flows = vec![-1.0];
        flows.extend(std::iter::repeat_n(0.0, 1_998));
        flows.push(1e-300);
        let p = Problem::periodic(flows);
        assert!(p.eval(0.01_f64.ln()).0.is_finite());
        let (lo, hi) = range();
        assert!(p.solve(lo, hi, 0.1).is_ok());
    }

    // The amounts as numpy-financial's test writes them.
    #[allow(clippy::excessive_precision)]
    #[test]
    fn numpy_financial_gh_15_keeps_a_rate_just_above_minus_100_percent() {
        // numpy-financial `numpy_financial/tests/test_financial.py`, `TestIrr::test_gh_15`
        // (numpy-financial issue 15): these 31 periodic flows have the rate
        // -0.9999999990596069 (asserted there to a relative 1e-9). The amounts reach
        // subnormal numbers, beyond what `Decimal` holds, so the problem is posed in
        // `f64`. Their exact root, with 60-digit arithmetic (mpmath), is
        // u = ln(1 + r) = -20.78472311565819414: the rate is within the tolerance in u.
        let v = [
            -3000.0,
            2.392_693_226_701_566_7e-7,
            4.167_208_710_334_550_5e-16,
            5.396_511_003_637_870_6e-25,
            5.196_255_107_180_617_4e-34,
            3.720_295_564_543_640_2e-43,
            1.980_496_171_163_246_9e-52,
            7.839_351_765_181_418_1e-62,
            2.307_256_511_391_143_8e-71,
            5.049_183_923_330_891_2e-81,
            8.215_917_766_849_926_3e-91,
            9.940_324_436_696_352_7e-101,
            8.942_410_813_633_967e-111,
            5.981_612_264_648_119_1e-121,
            2.975_030_903_184_424_1e-131,
            1.100_206_704_349_795_4e-141,
            3.025_287_656_351_802_1e-152,
            6.185_412_194_820_790_9e-163,
            9.403_298_001_535_330_1e-174,
            1.062_921_852_001_772_8e-184,
            8.933_714_184_717_184_5e-196,
            5.583_060_769_846_793_5e-207,
            2.594_312_203_662_265_2e-218,
            8.963_584_246_650_700_6e-230,
            2.302_771_009_433_235_8e-241,
            4.398_751_059_674_556_2e-253,
            6.247_663_037_257_520_9e-265,
            6.598_046_841_695_288e-277,
            5.181_109_526_684_201_7e-289,
            3.025_099_992_583_064_4e-301,
            1.313_307_059_958_501_5e-313,
        ];
        let exact = -20.784_723_115_658_194;
        let p = Problem::periodic(v.to_vec());
        let (lo, hi) = (1e-12_f64.ln(), 1e6_f64.ln_1p());
        for guess in [0.1, -0.9, 5.0] {
            let found = p.solve(lo, hi, guess).unwrap();
            assert_eq!(found.roots.len(), 1, "{guess}: {found:?}");
            let u = found.roots[0];
            assert!((u - exact).abs() <= TOLERANCE, "{guess}: {u} vs {exact}");
            let r = u.exp_m1();
            assert!((r + 0.999_999_999_059_606_9).abs() <= 1e-9, "{guess}: {r}");
        }
    }

    #[test]
    fn a_rate_of_exactly_zero_between_the_sides_is_found() {
        // (y - 0.5)(y - 1)(y - 1.25)(y - 2)(y - 4) in y = 1 + r: rates -50%, 0%, 25%,
        // 100% and 300%. The two sides sum g(0) in opposite orders and get rounding of
        // opposite signs, so neither side alone sees g change sign at 0.
        let p = Problem::periodic(vec![1.0, -8.75, 26.875, -36.875, 22.75, -5.0]);
        let above = p.above().expand(0.0).at_zero();
        let below = p.below().expand(0.0).at_zero();
        assert!(
            above * below < 0.0 && above.abs().max(below.abs()) < 1e-15,
            "{above} {below}"
        );
        let r = roots(&[1.0, -8.75, 26.875, -36.875, 22.75, -5.0]).unwrap();
        assert_eq!(r.len(), 5, "{r:?}");
        for (got, want) in r.iter().zip([-0.5, 0.0, 0.25, 1.0, 3.0]) {
            assert!((got - want).abs() < 1e-12, "{r:?}");
        }
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    #[test]
    fn expansions_match_their_definitions() {
        // `Expansion`'s docs: `m[k]` is the k-th derivative of Σ aᵢ e^(-sᵢ v) at v,
        // Σ aᵢ (-sᵢ)ᵏ e^(-sᵢ v); `abs_sum` is Σ |aᵢ| e^(-sᵢ v) and `tail`
        // Σ |aᵢ| sᵢᴷ e^(-sᵢ v). Sides of a few flows, of 100 flows whose gaps repeat
        // (factors by products, in blocks of 64 and a remainder) and of 100 irregular
        // ones (one `exp` each).
        let few = (
            vec![0.0, 0.5, 1.3, 2.0, 7.5, 30.0],
            vec![1.0, -0.7, 0.4, -1.0, 0.9, -0.2],
        );
        let regular: (Vec<f64>, Vec<f64>) = (0..100)
            .map(|i| (f64::from(i) * 0.25, if i % 3 == 0 { -0.6 } else { 0.3 }))
            .unzip();
        let irregular: (Vec<f64>, Vec<f64>) = (0..100)
            .map(|i| {
                let i = f64::from(i);
                (
                    i * 0.3 + (i * i * 0.013).sin().abs() * 0.29,
                    (i * 1.7).cos(),
                )
            })
            .unzip();
        for (decays, amounts) in [few, regular, irregular] {
            let side = Side::new(decays.clone(), amounts.clone());
            for v in [0.0, 0.05, 0.8, 3.0] {
                let e = side.expand(v);
                let mut abs_sum = 0.0;
                let mut tail = 0.0;
                for (&s, &a) in decays.iter().zip(&amounts) {
                    let w = a * (-s * v).exp();
                    abs_sum += w.abs();
                    tail += w.abs() * s.powi(20);
                }
                assert!((e.abs_sum - abs_sum).abs() <= 1e-13 * abs_sum, "{v}");
                assert!(
                    (e.tail - tail).abs() <= 1e-12 * tail,
                    "{v}: {} vs {tail}",
                    e.tail
                );
                assert_eq!(e.at_zero(), e.m[0]);
                for k in 0..K {
                    let (mut want, mut scale) = (0.0, 0.0);
                    for (&s, &a) in decays.iter().zip(&amounts) {
                        let term = a * (-s * v).exp() * (-s).powi(i32::try_from(k).unwrap());
                        want += term;
                        scale += term.abs();
                    }
                    assert!(
                        (e.m[k] - want).abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE),
                        "{v}, m[{k}]: {} vs {want}",
                        e.m[k]
                    );
                }
            }
        }
    }

    #[test]
    fn value_and_slope_is_none_when_either_overflows() {
        // Its docs: `None` if either `f(r)` or `f'(r)` is not finite. Twenty periods at
        // 1 + r = 2^-52: the value's largest term, x¹⁹ with x = 2^52, is about 1e296
        // and finite; the slope's, about 19 x²⁰, overflows.
        let mut amounts = vec![-1.0];
        amounts.extend(std::iter::repeat_n(0.0, 18));
        amounts.push(1.0);
        let p = Problem::periodic(amounts);
        let r = -1.0 + f64::EPSILON;
        let x = 1.0 / (1.0 + r);
        assert!(x.powi(19).is_finite() && !(19.0 * x.powi(20)).is_finite());
        assert_eq!(p.value_and_slope(r), None);
        // Just above, both are finite.
        assert!(p.value_and_slope(-1.0 + 1e-12).is_some());
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    /// `Σ bⱼ C(n, j) xʲ (1 - x)ⁿ⁻ʲ`, a polynomial of degree `n = K - 1` from its
    /// Bernstein coefficients on `[0, 1]`.
    fn bernstein_at(b: &[f64; K], x: f64) -> f64 {
        let n = K - 1;
        let mut sum = 0.0;
        let mut binomial = 1.0;
        for (j, &bj) in b.iter().enumerate() {
            let j32 = i32::try_from(j).unwrap();
            let rest = i32::try_from(n - j).unwrap();
            sum += bj * binomial * x.powi(j32) * (1.0 - x).powi(rest);
            binomial = binomial * usize_to_f64(n - j) / usize_to_f64(j + 1);
        }
        sum
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    /// The coefficients of `Π (x - rᵢ)` in ascending powers, padded to `K`.
    pub(super) fn from_roots(roots: &[f64]) -> [f64; K] {
        let mut c = [0.0; K];
        c[0] = 1.0;
        for (i, &r) in roots.iter().enumerate() {
            for k in (0..=i + 1).rev() {
                let lower = if k > 0 { c[k - 1] } else { 0.0 };
                c[k] = lower - r * c[k];
            }
        }
        c
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    #[test]
    fn polynomial_helpers_match_their_definitions() {
        assert_eq!(factorial(0), 1.0);
        assert_eq!(factorial(5), 120.0);
        assert_eq!(factorial(20), 2_432_902_008_176_640_000.0);
        assert_eq!(usize_to_f64(12_345), 12_345.0);
        // (x - 0.25)(x - 0.5)(x - 2) = x³ - 2.75x² + 1.625x - 0.25.
        let c = from_roots(&[0.25, 0.5, 2.0]);
        assert_eq!(&c[..4], &[-0.25, 1.625, -2.75, 1.0]);
        for x in [0.0, 0.3, 1.0, 1.7] {
            let want = (x - 0.25) * (x - 0.5) * (x - 2.0);
            assert!((horner(&c, x) - want).abs() < 1e-15, "{x}");
        }
        // Bernstein coefficients from the table give back the polynomial, and de
        // Casteljau's halves give it on [0, 1/2] and [1/2, 1].
        let table = bernstein_table();
        let mut b = [0.0; K];
        for (bj, row) in b.iter_mut().zip(&table) {
            *bj = row.iter().zip(&c).map(|(t, ck)| t * ck).sum();
        }
        let (left, right) = de_casteljau(&b);
        for x in [0.0, 0.1, 0.45, 0.8, 1.0] {
            let want = horner(&c, x);
            assert!((bernstein_at(&b, x) - want).abs() < 1e-13, "{x}");
            assert!(
                (bernstein_at(&left, x) - horner(&c, 0.5 * x)).abs() < 1e-13,
                "{x}"
            );
            assert!(
                (bernstein_at(&right, x) - horner(&c, 0.5 + 0.5 * x)).abs() < 1e-13,
                "{x}"
            );
        }
        // The root of a monotone piece: x² - 0.3 on [0, 1].
        let mut square = [0.0; K];
        square[0] = -0.3;
        square[2] = 1.0;
        assert!((poly_root(&square, 0.0, 1.0) - 0.3_f64.sqrt()).abs() < 1e-15);
        assert!((poly_root(&square, 0.5, 0.9) - 0.3_f64.sqrt()).abs() < 1e-15);
        // Decreasing: 0.3 - x².
        let negated = square.map(|c| -c);
        assert!((poly_root(&negated, 0.0, 1.0) - 0.3_f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn isolation_finds_each_root_once_and_says_where_it_cannot() {
        let table = bernstein_table();
        // Three simple roots in [0, 1] (and one beyond): one piece each, holding it.
        let c = from_roots(&[0.2, 0.5, 0.9, 1.7]);
        let pieces = isolate(&c, &table, 1e-12, horner(&c, 0.0) >= 0.0, 1e-9).unwrap();
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        for (piece, root) in pieces.iter().zip([0.2, 0.5, 0.9]) {
            match *piece {
                Piece::Root(x0, x1) => assert!(x0 <= root && root <= x1, "{piece:?}"),
                Piece::Unsure(..) => panic!("{pieces:?}"),
            }
        }
        // No root in [0, 1].
        let c = from_roots(&[-0.5, 1.5]);
        assert!(isolate(&c, &table, 1e-12, true, 1e-9).unwrap().is_empty());
        // A double root at 0.5 within an error bound of 1e-6: undecided pieces around
        // it, never a root.
        let c = from_roots(&[0.5, 0.5]);
        let pieces = isolate(&c, &table, 1e-6, true, 1e-6).unwrap();
        assert!(!pieces.is_empty());
        for piece in &pieces {
            match *piece {
                Piece::Unsure(x0, x1) => assert!(x0 < 0.51 && x1 > 0.49, "{pieces:?}"),
                Piece::Root(..) => panic!("{pieces:?}"),
            }
        }
        // Nothing decidable (zero everywhere) and no width limit: past the piece limit.
        assert!(isolate(&[0.0; K], &table, 1e-12, true, 0.0).is_none());
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    #[test]
    fn expansion_bounds_match_their_definitions() {
        let side = Side::new(
            vec![0.0, 0.5, 1.3, 2.0, 7.5],
            vec![1.0, -0.7, 0.4, -1.0, 0.9],
        );
        let e = side.expand(0.3);
        let k = usize_to_f64(K);
        // The Taylor remainder, tail · widthᴷ / K!.
        for width in [0.01_f64, 0.2, 1.0] {
            let want = e.tail * width.powi(20) / factorial(K);
            assert!(
                (e.truncation(width) - want).abs() <= 1e-14 * want,
                "{width}"
            );
            // rounding · abs_sum · e^(q width), q = (tail / abs_sum)^(1/K).
            let q = (e.tail / e.abs_sum).powf(1.0 / k);
            let want = 1e-15 * e.abs_sum * (q * width).exp();
            assert!(
                (e.rounding(width, 1e-15) - want).abs() <= 1e-14 * want,
                "{width}"
            );
            let sum = e.truncation(width) + e.rounding(width, 1e-15) + f64::MIN_POSITIVE;
            assert_eq!(e.error(width, 1e-15), sum);
            // Coefficient k of the scaled polynomial is m[k] widthᵏ / k!.
            let scaled = e.scaled(width);
            for (j, (&got, &m)) in scaled.iter().zip(&e.m).enumerate() {
                let want = m * width.powi(i32::try_from(j).unwrap()) / factorial(j);
                assert!((got - want).abs() <= 1e-14 * want.abs(), "{width}, {j}");
            }
        }
        // The widest step whose remainder is TAYLOR_ACCURACY of the absolute sum.
        let step = e.step(f64::INFINITY);
        let bound = TAYLOR_ACCURACY * e.abs_sum;
        assert!(
            (e.truncation(step) - bound).abs() <= 1e-12 * bound,
            "{step}"
        );
        assert_eq!(e.step(0.5 * step), 0.5 * step);
        // No tail (every flow at decay 0): the whole limit.
        let flat = Side::new(vec![0.0], vec![1.0]).expand(0.0);
        assert_eq!(flat.step(3.0), 3.0);
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    #[test]
    fn models_evaluate_their_polynomial_and_its_derivative() {
        // `Model::at`: p = Σ mₖ hᵏ / k! and dp = Σ mₖ₊₁ hᵏ / k!.
        let mut m = [0.0; K];
        for (k, mk) in m.iter_mut().enumerate() {
            *mk = (usize_to_f64(k) * 0.7).sin() * 2.0;
        }
        let model = Model {
            below: false,
            v: 0.0,
            width: 1.0,
            m,
        };
        for h in [0.0_f64, 0.1, 0.9, 1.6] {
            let (mut p, mut dp) = (0.0, 0.0);
            for k in 0..K {
                let term = h.powi(i32::try_from(k).unwrap()) / factorial(k);
                p += m[k] * term;
                if k + 1 < K {
                    dp += m[k + 1] * term;
                }
            }
            let (gp, gdp) = model.at(h);
            assert!(
                (gp - p).abs() < 1e-13 * p.abs().max(1.0),
                "{h}: {gp} vs {p}"
            );
            assert!(
                (gdp - dp).abs() < 1e-13 * dp.abs().max(1.0),
                "{h}: {gdp} vs {dp}"
            );
        }
    }

    #[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
    #[test]
    fn sides_record_their_gaps_and_sum_their_terms() {
        // Side's docs: the distinct gaps between consecutive decays and each flow's gap
        // (0 for the first flow), when there are at most MAX_GAPS of them.
        let side = Side::new(
            vec![0.0, 1.0, 2.0, 3.5, 4.5],
            vec![1.0, -1.0, 0.5, 2.0, -3.0],
        );
        let (values, index) = side.gaps.as_ref().unwrap();
        assert_eq!(values, &[0.0, 1.0, 1.5]);
        assert_eq!(index, &[0, 1, 1, 2, 1]);
        assert_eq!(side.fixed(), 1.0);
        // Year fractions of whole days: steps equal up to rounding count as one gap.
        let decays: Vec<f64> = (0..40)
            .map(|i| f64::from(i * 3 % 7 + i * 30) / 365.0)
            .collect();
        let side = Side::new(decays.clone(), vec![1.0; 40]);
        let (values, index) = side.gaps.as_ref().unwrap();
        assert!(values.len() <= MAX_GAPS && index.len() == 40, "{values:?}");
        for (i, w) in decays.windows(2).enumerate() {
            let gap = values[usize::from(index[i + 1])];
            assert!((gap - (w[1] - w[0])).abs() <= 1e-15, "{i}");
        }
        // Seventeen distinct gaps: one `exp` per flow instead.
        let mut decays = vec![0.0];
        for i in 1..=17 {
            decays.push(decays[i - 1] + f64::from(u32::try_from(i).unwrap()));
        }
        assert!(Side::new(decays, vec![1.0; 18]).gaps.is_none());
        // Empty: no fixed flow.
        assert_eq!(Side::new(Vec::new(), Vec::new()).fixed(), 0.0);
        // `sums` and `value_and_moment` against their definitions, for an odd and an
        // even number of flows, with repeating and irregular gaps, past 64 flows.
        for n in [5_u32, 64, 99, 130] {
            for irregular in [false, true] {
                let decays: Vec<f64> = (0..n)
                    .map(|i| {
                        let i = f64::from(i);
                        i * 0.1
                            + if irregular {
                                (i * 0.37).sin().abs() * 0.09
                            } else {
                                0.0
                            }
                    })
                    .collect();
                let amounts: Vec<f64> = (0..n).map(|i| (f64::from(i) * 1.3).cos()).collect();
                let side = Side::new(decays.clone(), amounts.clone());
                for lambda in [0.0, 0.3, 2.5] {
                    let mut want = [0.0; 4];
                    for (&s, &a) in decays.iter().zip(&amounts) {
                        let w = a * (-s * lambda).exp();
                        want[0] += w;
                        want[1] += s * w;
                        want[2] += s * s * w;
                        want[3] += w.abs();
                    }
                    let scale = want[3] * (1.0 + decays[decays.len() - 1]).powi(2);
                    let (g, d1, d2, abs) = side.sums(lambda);
                    for (got, want) in [g, d1, d2, abs].iter().zip(want) {
                        assert!((got - want).abs() <= 1e-13 * scale, "{n} {lambda}");
                    }
                    let (g, d1) = side.value_and_moment(lambda);
                    assert!(
                        (g - want[0]).abs() <= 1e-13 * scale,
                        "{n} {irregular} {lambda}"
                    );
                    assert!(
                        (d1 - want[1]).abs() <= 1e-13 * scale,
                        "{n} {irregular} {lambda}"
                    );
                }
            }
        }
    }

    #[allow(clippy::float_cmp)]
    #[test]
    fn refining_finds_the_one_root_of_a_bracket() {
        // (y - 1.1)(y - 1.2)(y - 1.5) in y = 1 + r, as periodic flows: roots at ln 1.1,
        // ln 1.2 and ln 1.5. From an estimate anywhere in a bracket holding one of them,
        // the root to the tolerance; from far off, through the safeguarded method.
        let (x1, x2, x3) = (1.1_f64, 1.2_f64, 1.5_f64);
        let p = Problem::periodic(vec![
            1.0,
            -(x1 + x2 + x3),
            x1 * x2 + x1 * x3 + x2 * x3,
            -(x1 * x2 * x3),
        ]);
        for (root, lo, hi) in [
            (x1.ln(), 0.05, 0.14),
            (x2.ln(), 0.14, 0.3),
            (x3.ln(), 0.3, 2.0),
        ] {
            for estimate in [root, root + 1e-9, root - 1e-4, lo, hi, 0.5 * (lo + hi)] {
                let u = p.refine(estimate, lo, hi).unwrap();
                assert!((u - root).abs() <= TOLERANCE, "{root} from {estimate}: {u}");
                assert!(p.is_root(u), "{root} from {estimate}: {u}");
            }
        }
        // A bracket whose ends have one sign holds no root to refine: the estimate comes
        // back, kept inside the bracket.
        assert_eq!(p.refine(0.2, 0.3, 0.35).unwrap(), 0.3);
        assert_eq!(p.refine(0.32, 0.3, 0.35).unwrap(), 0.32);
    }

    #[test]
    fn undecided_stretches_are_resolved_by_the_sign_of_the_exact_npv() {
        // `resolve_unsure`'s docs: a root is reported where the exact g changes sign
        // across a stretch, given in v = |u| on the side `sign`. -100 + 110 / (1 + r)
        // has its root at u = ln 1.1; -100 + 90 / (1 + r) at u = ln 0.9 < 0. The
        // stretches are wide: from their far ends a few Newton steps alone would not
        // reach the root, the bracket's orientation must be right.
        let above = Problem::periodic(vec![-100.0, 110.0]);
        let mut roots = Vec::new();
        above
            .resolve_unsure(1.0, &[(0.05, 3.0)], &mut roots)
            .unwrap();
        assert_eq!(roots.len(), 1);
        assert!((roots[0] - 1.1_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        let below = Problem::periodic(vec![-100.0, 90.0]);
        let mut roots = Vec::new();
        below
            .resolve_unsure(-1.0, &[(0.05, 3.0)], &mut roots)
            .unwrap();
        assert_eq!(roots.len(), 1);
        assert!((roots[0] - 0.9_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        // No sign change across the stretch: nothing; g zero at an end: that end.
        let mut roots = Vec::new();
        above
            .resolve_unsure(1.0, &[(0.15, 0.3)], &mut roots)
            .unwrap();
        below
            .resolve_unsure(1.0, &[(0.05, 0.15)], &mut roots)
            .unwrap();
        assert!(roots.is_empty(), "{roots:?}");
        let at_zero = Problem::periodic(vec![-1.0, 1.0]);
        at_zero
            .resolve_unsure(1.0, &[(0.0, 0.1)], &mut roots)
            .unwrap();
        at_zero
            .resolve_unsure(-1.0, &[(0.0, 0.1)], &mut roots)
            .unwrap();
        assert_eq!(roots, [0.0, 0.0]);
    }
}

#[cfg(test)]
mod safeguard_and_sweep_tests {
    use super::*;

    /// What `run` returns, and the points at which it evaluated `g`, in order.
    fn traced<T>(run: impl FnOnce() -> T) -> (T, Vec<f64>) {
        let (out, trace) = super::traced(run);
        (out, trace.evaluations)
    }

    /// -100 + 110 / (1 + r), divided by 110: `g(u) = e^(-u) - 100/110` for `u >= 0`, one
    /// root at `u = ln 1.1`, `g > 0` below it (the sign of the last amount).
    fn one_root() -> Problem {
        Problem::periodic(vec![-100.0, 110.0])
    }

    /// Newton's point from `u` on `g(u) = e^(-u) - 100/110`, `g'(u) = -e^(-u)` (`u >= 0`).
    fn newton(u: f64) -> f64 {
        let x = (-u).exp();
        u - (x - 100.0 / 110.0) / -x
    }

    /// Plain Newton's method from `start` until a step is at most half the tolerance:
    /// the points it evaluates and the last Newton point (the estimate).
    fn newton_until_converged(start: f64) -> (Vec<f64>, f64) {
        let mut points = vec![start];
        let mut u = start;
        loop {
            let n = newton(u);
            if (u - n).abs() <= 0.5 * TOLERANCE {
                return (points, n);
            }
            u = n;
            points.push(u);
        }
    }

    fn bracket(lo: f64, hi: f64, lo_known: bool, hi_known: bool) -> Bracket {
        Bracket {
            lo,
            hi,
            below_positive: true,
            lo_known,
            hi_known,
        }
    }

    fn assert_points(got: &[f64], want: &[f64], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-15, "{what}: {got:?} vs {want:?}");
        }
    }

    #[test]
    fn newton_steps_then_one_evaluation_just_beyond_the_estimate() {
        // The module docs, step 2: Newton's method from the start; once a step is below
        // the tolerance, the next evaluation is placed just beyond the estimate (half
        // the tolerance past it, away from the last point), the bracket closes around
        // it, and the estimate is returned as converged. From 0.05 (below the root) the
        // steps go up; from 0.5 the first lands below the root, and the rest go up.
        let p = one_root();
        for start in [0.05, 0.5] {
            let (mut want, estimate) = newton_until_converged(start);
            let last = want.last().copied().unwrap();
            want.push(estimate + (estimate - last).signum() * 0.5 * TOLERANCE);
            let (found, points) = traced(|| p.safeguarded(bracket(0.0, 1.0, false, false), start));
            assert_points(&points, &want, &format!("from {start}"));
            let (u, converged) = found.unwrap().unwrap();
            assert!(converged, "from {start}");
            assert!(
                (u - estimate).abs() <= 1e-15,
                "from {start}: {u} vs {estimate}"
            );
        }
    }

    #[test]
    fn a_converged_step_from_above_looks_just_below_the_estimate() {
        // From 3e-11 above the root the first Newton step is already converged and
        // goes down: the one more evaluation is half the tolerance below the estimate.
        let p = one_root();
        let (_, root) = newton_until_converged(0.05);
        let start = root + 3e-11;
        let estimate = newton(start);
        let (found, points) = traced(|| p.safeguarded(bracket(0.0, 1.0, false, false), start));
        assert_points(&points, &[start, estimate - 0.5 * TOLERANCE], "from above");
        let (u, converged) = found.unwrap().unwrap();
        assert!(
            converged && (u - estimate).abs() <= 1e-15,
            "{u} vs {estimate}"
        );
    }

    #[test]
    fn a_step_past_an_unknown_end_checks_that_end_at_once() {
        // The module docs: a step that would leave the search range first checks the
        // sign at its end, which decides at once that the rate lies outside. The root
        // ln 1.1 ≈ 0.0953 lies below [0.2, 1]: from 0.5 Newton's point is about 0.0012.
        let p = one_root();
        assert!(newton(0.5) < 0.2);
        let (found, points) = traced(|| p.safeguarded(bracket(0.2, 1.0, false, false), 0.5));
        assert_eq!(found.unwrap(), None);
        assert_points(&points, &[0.5, 0.2], "root below");
        // And above [0, 0.05]: from 0.01 Newton's point is about 0.092.
        assert!(newton(0.01) > 0.05);
        let (found, points) = traced(|| p.safeguarded(bracket(0.0, 0.05, false, false), 0.01));
        assert_eq!(found.unwrap(), None);
        assert_points(&points, &[0.01, 0.05], "root above");
    }

    #[test]
    fn a_step_that_fails_to_halve_the_previous_one_is_a_bisection() {
        // The first step is held to half the bracket's width. In [0, 0.6] from 0.5,
        // Newton's point 0.0012 lies inside the bracket but 0.4988 away: bisection of
        // [0, 0.5] (the start is above the root) instead, whether or not the ends are
        // known; then the root.
        let p = one_root();
        assert!((0.5 - newton(0.5)).abs() > 0.3 && newton(0.5) > 0.0);
        // In [0, 0.15] from 0.001 (below the root), Newton's point 0.091 is 0.09 away,
        // more than 0.075: bisection of [0.001, 0.15].
        assert!((newton(0.001) - 0.001).abs() > 0.075 && newton(0.001) < 0.15);
        let root = 1.1_f64.ln();
        for known in [false, true] {
            for (lo, hi, start, mid) in [(0.0, 0.6, 0.5, 0.25), (0.0, 0.15, 0.001, 0.0755)] {
                let (found, points) =
                    traced(|| p.safeguarded(bracket(lo, hi, known, known), start));
                assert_points(
                    &points[..2],
                    &[start, mid],
                    &format!("[{lo}, {hi}] {known}"),
                );
                let (u, _) = found.unwrap().unwrap();
                assert!((u - root).abs() <= TOLERANCE, "{u} vs {root}");
            }
        }
    }

    #[test]
    fn polishing_never_steps_out_of_its_range() {
        // `polish`'s docs: Newton steps are kept while they stay in `[lo, hi]`. The root
        // ln 1.1 ≈ 0.0953 lies outside both ranges: from 0.05 Newton's point 0.0943
        // (closer to the root, |g| smaller) is above 0.06, from 0.2 the point 0.0896 is
        // below 0.15. Neither is taken: the start comes back unchanged.
        let p = one_root();
        assert!(newton(0.05) > 0.06 && newton(0.2) < 0.15);
        assert!(p.eval(newton(0.05)).0.abs() < p.eval(0.05).0.abs());
        assert!(p.eval(newton(0.2)).0.abs() < p.eval(0.2).0.abs());
        assert_eq!(p.polish(0.05, 0.0, 0.06).to_bits(), 0.05_f64.to_bits());
        assert_eq!(p.polish(0.2, 0.15, 1.0).to_bits(), 0.2_f64.to_bits());
    }

    #[test]
    fn a_side_of_no_width_reports_a_root_at_its_point() {
        // `sweep_side`'s docs: the roots with v in [start, end]. 1 - 4 / (1 + r) +
        // 3 / (1 + r)² = (1 - x)(1 - 3x) with x = 1 / (1 + r): roots at 0% and 200%.
        // Divided by 4 the amounts 0.25, -1, 0.75 are exact and g(0) is exactly 0: a
        // side swept over [0, 0] alone has that root, above 0 and below it.
        let p = Problem::periodic(vec![1.0, -4.0, 3.0]);
        for (side, sign) in [(p.above(), 1.0), (p.below(), -1.0)] {
            let mut roots = Vec::new();
            p.sweep_side(side, sign, 0.0, 0.0, &mut roots, &mut Vec::new())
                .unwrap();
            assert_eq!(roots, [0.0], "side {sign}");
        }
        // The whole sweep over the range [0, 0] (no side below 0 to sweep).
        assert_eq!(p.sweep(0.0, 0.0, &mut Vec::new()).unwrap(), [0.0]);
    }

    #[test]
    fn the_sweep_stops_where_the_fixed_flow_outweighs_the_rest() {
        // The module docs, step 3: a side's sweep stops early once the flow at sᵢ = 0
        // outweighs all the others, 2 |a_fixed| > Σ |aᵢ| e^(-sᵢ v) (the sum including it).
        // For 1 - 2.6 / (1 + r) + 1.65 / (1 + r)² (rates 10% and 50%), with z = e^(-v):
        // above 0 (decays tᵢ, the fixed flow 1) from 2.6 z + 1.65 z² = 1, v ≈ 1.14;
        // below 0 (decays 2 - tᵢ, the fixed flow 1.65) from z² + 2.6 z = 1.65, v ≈ 0.64.
        // Each step of the sweep leaves a model: on each side every model starts where
        // the fixed flow does not yet outweigh the rest, and the last one ends where it
        // does, before the end of the range.
        let amounts = [1.0, -2.6, 1.65];
        let p = Problem::periodic(amounts.to_vec());
        let outweighs = |below: bool, v: f64| {
            let decays = if below {
                [2.0, 1.0, 0.0]
            } else {
                [0.0, 1.0, 2.0]
            };
            let fixed = if below { amounts[2] } else { amounts[0] };
            let all: f64 = amounts
                .iter()
                .zip(decays)
                .map(|(a, s)| a.abs() * (-s * v).exp())
                .sum();
            2.0 * fixed.abs() > all
        };
        let root =
            |b: f64, c: f64| -((-2.6 + (2.6_f64 * 2.6 + 4.0 * b * c).sqrt()) / (2.0 * b)).ln();
        for (below, stop) in [(false, root(1.65, 1.0)), (true, root(1.0, 1.65))] {
            assert!(!outweighs(below, stop - 1e-9) && outweighs(below, stop + 1e-9));
        }
        let (lo, hi) = (0.01_f64.ln(), 11.0_f64.ln());
        let mut models = Vec::new();
        let roots = p.sweep(lo, hi, &mut models).unwrap();
        assert_eq!(roots.len(), 2, "{roots:?}");
        assert!((roots[0] - 1.1_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        assert!((roots[1] - 1.5_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        for (below, range_end) in [(false, hi), (true, -lo)] {
            let side: Vec<&Model> = models.iter().filter(|m| m.below == below).collect();
            assert!(!side.is_empty(), "below: {below}");
            for m in &side {
                assert!(
                    !outweighs(below, m.v),
                    "below: {below}: a step from {}",
                    m.v
                );
            }
            let end = side.iter().map(|m| m.v + m.width).fold(0.0, f64::max);
            assert!(
                outweighs(below, end) && end < range_end,
                "below: {below}: the sweep ends at {end}"
            );
        }
    }

    #[test]
    fn polishing_does_not_take_a_step_that_leaves_g_as_large() {
        // `polish`'s docs: Newton steps are kept while they shrink |g|. Near the root of
        // -7 + 3 x + 3 x² + 3 x³ (x = e^(-u), the amounts divided by 7) g is a multiple
        // of its rounding, and from some points Newton's step lands where |g| is exactly
        // as large: such a point comes back from polishing unchanged. The root is found
        // by bisection on the sign of g, and the points within 300 units of rounding of
        // it are searched for such steps.
        let p = Problem::periodic(vec![-7.0, 3.0, 3.0, 3.0]);
        let (mut a, mut b) = (0.0_f64, 5.0_f64);
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if p.eval(m).0 > 0.0 {
                a = m;
            } else {
                b = m;
            }
        }
        let mut found = 0;
        for i in 0..600_u64 {
            let u = f64::from_bits(a.to_bits().wrapping_sub(300).wrapping_add(i));
            let (g, slope, _) = p.eval(u);
            let n = u - g / slope;
            if g == 0.0 || n.to_bits() == u.to_bits() || !(0.0..=5.0).contains(&n) {
                continue;
            }
            if p.eval(n).0.abs().to_bits() == g.abs().to_bits() {
                found += 1;
                assert_eq!(p.polish(u, 0.0, 5.0).to_bits(), u.to_bits(), "from {u}");
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn a_root_just_past_the_end_of_a_side_is_not_reported() {
        // 1 - 2.6 / (1 + r) + 1.65 / (1 + r)² has the rates 10% and 50%. Swept over
        // u in [ln 1.05, ln 1.45] (one step: the module docs' step width near 0 is about
        // K / (e T) ≈ 3.7), only 10% lies in the range; 50% lies 0.034 past its end.
        let p = Problem::periodic(vec![1.0, -2.6, 1.65]);
        let roots = p
            .sweep(1.05_f64.ln(), 1.45_f64.ln(), &mut Vec::new())
            .unwrap();
        assert_eq!(roots.len(), 1, "{roots:?}");
        assert!((roots[0] - 1.1_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        // Mirrored below 0: 1 / (1 + r) = 1.1 and 1.5, rates -9.09% and -33.3%; the
        // range down to ln(1 / 1.45) leaves out the second.
        let roots = p.sweep(-(1.45_f64.ln()), -(1.05_f64.ln()), &mut Vec::new());
        let mirrored = Problem::periodic(vec![1.65, -2.6, 1.0]);
        let below = mirrored
            .sweep(-(1.45_f64.ln()), -(1.05_f64.ln()), &mut Vec::new())
            .unwrap();
        assert!(roots.unwrap().is_empty());
        assert_eq!(below.len(), 1, "{below:?}");
        assert!((below[0] + 1.1_f64.ln()).abs() <= TOLERANCE, "{below:?}");
    }

    #[test]
    fn each_step_of_the_sweep_is_as_wide_as_its_truncation_allows() {
        // The module docs, step 3: the step from v is the widest D that keeps the
        // Taylor remainder Σ |aᵢ| sᵢᴷ e^(-sᵢ v) Dᴷ / K! below TAYLOR_ACCURACY of
        // Σ |aᵢ| e^(-sᵢ v), or what is left of the range. Away from any double root
        // no step is narrowed further: each model's width is that D, from the
        // definitions summed here term by term.
        let amounts = [1.0, -2.6, 1.65];
        for (amounts, lo, hi) in [
            (amounts.to_vec(), 0.01_f64.ln(), 11.0_f64.ln()),
            (
                vec![-1.0, 0.2, 0.3, 0.9, -0.1, 0.4, 0.2, -0.5, 0.6],
                0.01_f64.ln(),
                100.0_f64.ln(),
            ),
        ] {
            let p = Problem::periodic(amounts.clone());
            let largest = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
            let latest = usize_to_f64(amounts.len().saturating_sub(1));
            let mut models = Vec::new();
            p.sweep(lo, hi, &mut models).unwrap();
            assert!(models.iter().any(|m| m.below) && models.iter().any(|m| !m.below));
            let factorial: f64 = (1..=K).map(usize_to_f64).product();
            for m in &models {
                let (mut abs_sum, mut tail) = (0.0, 0.0);
                for (t, a) in amounts.iter().enumerate() {
                    let t = usize_to_f64(t);
                    let s = if m.below { latest - t } else { t };
                    let w = (a / largest).abs() * (-s * m.v).exp();
                    abs_sum += w;
                    tail += w * s.powi(i32::try_from(K).unwrap());
                }
                let d = (TAYLOR_ACCURACY * abs_sum * factorial / tail).powf(1.0 / usize_to_f64(K));
                let left = if m.below { -lo } else { hi } - m.v;
                let want = d.min(left);
                assert!(
                    (m.width - want).abs() <= 1e-12 * want,
                    "{amounts:?}: the step from {} (below: {}) is {}, not {want}",
                    m.v,
                    m.below,
                    m.width
                );
            }
        }
    }

    #[test]
    fn a_side_ending_at_a_root_keeps_its_steps_inside_the_range() {
        // (y - 1.1)(y - 1.5)(y - 1.6) over y³, y = 1 + r: flows 1, -4.2, 5.81, -2.64,
        // rates 10%, 50% and 60%. A range ending 2e-11 past ln 1.5 puts the end of the
        // last step on a root, where the polynomial cannot tell the sign of g: the step is
        // narrowed (module docs: roots are isolated on [v, v + D] within the range), never
        // widened past the end, so 60% is not reported; 10% and 50% are.
        let p = Problem::periodic(vec![1.0, -4.2, 5.81, -2.64]);
        let hi = 1.5_f64.ln() + 2e-11;
        let mut models = Vec::new();
        let roots = p.sweep(1.05_f64.ln(), hi, &mut models).unwrap();
        assert_eq!(roots.len(), 2, "{roots:?}");
        assert!((roots[0] - 1.1_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        assert!((roots[1] - 1.5_f64.ln()).abs() <= TOLERANCE, "{roots:?}");
        for m in &models {
            assert!(
                m.v + m.width <= hi,
                "a step from {} to {}",
                m.v,
                m.v + m.width
            );
        }
    }

    /// Periodic flows whose rates are `ys - 1`: `Π (y - yⱼ)` over `yⁿ`, `y = 1 + r`.
    fn from_rates(ys: &[f64]) -> Problem {
        let mut c = vec![1.0];
        for &y in ys {
            let mut next = vec![0.0; c.len().saturating_add(1)];
            for (i, &ci) in c.iter().enumerate() {
                next[i] += ci;
                next[i.saturating_add(1)] -= ci * y;
            }
            c = next;
        }
        Problem::periodic(c)
    }

    #[test]
    fn roots_too_close_to_separate_are_no_convergence() {
        // The module docs, *Tolerance and limits*: running out of polynomial pieces is
        // `Error::NoConvergence`. Three rates within 2e-7 of each other in 1 + r (a
        // triple root as far as f64 can tell) keep every piece around them undecided
        // down to the rounding of g.
        let p = from_rates(&[1.1, 1.1 + 1e-7, 1.1 + 2e-7]);
        let (lo, hi) = (0.01_f64.ln(), 11.0_f64.ln());
        let err = p.sweep(lo, hi, &mut Vec::new()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NoConvergence {
                    method: "root isolation",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_step_holding_two_close_roots_is_halved() {
        // The module docs, step 3: where the polynomial cannot separate two roots within
        // its error bound, the step is halved. Rates 10% and 10.001% (9e-6 apart in u,
        // g between them about 2e-11 of its scale) and 50%, against 10%, 11% and 50%
        // (the pair 100 times farther apart): all rates are found, and the first step
        // above 0, which holds the pair, is at most about half as wide for the close
        // pair (the widest step the truncation allows barely differs between the two).
        let (lo, hi) = (0.01_f64.ln(), 11.0_f64.ln());
        let first_step = |ys: &[f64]| {
            let mut models = Vec::new();
            let roots = from_rates(ys).sweep(lo, hi, &mut models).unwrap();
            assert_eq!(roots.len(), ys.len(), "{ys:?}: {roots:?}");
            for (u, y) in roots.iter().zip(ys) {
                assert!((u - y.ln()).abs() <= TOLERANCE, "{ys:?}: {roots:?}");
            }
            let first = models.iter().find(|m| !m.below).unwrap();
            assert!(first.v == 0.0 && first.width > 1.1001_f64.ln(), "{ys:?}");
            first.width
        };
        let close = first_step(&[1.1, 1.100_01, 1.5]);
        let apart = first_step(&[1.1, 1.11, 1.5]);
        assert!(close <= 0.6 * apart, "{close} vs {apart}");
    }

    #[test]
    fn roots_apart_are_refined_by_halley_steps_alone() {
        // The module docs, step 3: each root found is polished from the polynomial's root
        // by exact Halley steps (which evaluate g and its two derivatives together), and
        // only when those fail does the safeguarded method run on the certified bracket
        // (evaluating g alone). For simple roots well apart, 10%, 50% and 300% (in one
        // step from 0, and in later steps), and mirrored below 0, the Halley steps
        // succeed: the sweep evaluates g alone nowhere (ranges that leave out 0, where
        // the sides meet).
        for (ys, lo, hi) in [
            (vec![1.1, 1.5, 4.0], 0.0, 11.0_f64.ln()),
            (vec![1.1, 1.5, 4.0], 0.05, 11.0_f64.ln()),
            (vec![1.0 / 1.1, 1.0 / 1.5, 0.25], 0.01_f64.ln(), 0.0),
            (vec![1.0 / 1.1, 1.0 / 1.5, 0.25], 0.01_f64.ln(), -0.05),
        ] {
            let p = from_rates(&ys);
            let (roots, points) = traced(|| p.sweep(lo, hi, &mut Vec::new()).unwrap());
            let mut want: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
            want.sort_by(f64::total_cmp);
            assert_eq!(roots.len(), 3, "{ys:?}: {roots:?}");
            for (u, w) in roots.iter().zip(&want) {
                assert!((u - w).abs() <= TOLERANCE, "{ys:?}: {roots:?}");
            }
            assert!(
                points.is_empty(),
                "{ys:?} [{lo}, {hi}]: g evaluated at {points:?}"
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
mod side_terms_tests {
    use super::*;

    /// `n` decays `0, g₁, g₁ + g₂, …` whose gaps cycle through `1/32, 2/32, …,
    /// kinds/32`: every sum is exact in binary, so the side sees exactly `kinds`
    /// distinct gaps besides the first flow's 0.
    fn cycling_decays(n: usize, kinds: usize) -> Vec<f64> {
        let mut decays = Vec::with_capacity(n);
        let mut s = 0.0_f64;
        for i in 0..n {
            if i > 0 {
                s += usize_to_f64(1 + (i - 1) % kinds) / 32.0;
            }
            decays.push(s);
        }
        decays
    }

    /// Amounts of both signs and varied magnitudes.
    fn mixed_amounts(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| (usize_to_f64(i) * 1.3).cos() * (1.0 + usize_to_f64(i % 5)))
            .collect()
    }

    #[test]
    fn terms_are_exact_at_each_sync_and_close_between() {
        // `terms_into`'s docs: the terms `aᵢ e^(-sᵢ λ)` of every flow, in order. With
        // at most MAX_GAPS distinct gaps every SYNC_EVERY-th factor is computed by
        // `exp` (the same operations as the definition, so the same bits) and the
        // others by products of the gaps' factors, which SYNC_EVERY's docs bound to
        // about SYNC_EVERY units of rounding; with more gaps every factor is an `exp`.
        let sizes = [1, 2, 15, 16, 17, 33, 63, 64, 65, 128, 150, 200];
        for kinds in [1, 2, 3, 7, 15, 16] {
            for n in sizes {
                let decays = cycling_decays(n, kinds);
                let amounts = mixed_amounts(n);
                let side = Side::new(decays.clone(), amounts.clone());
                let by_products = side.gaps.is_some();
                // Gaps 0 and `kinds` others: beyond MAX_GAPS distinct ones, no table.
                assert_eq!(
                    by_products,
                    n <= MAX_GAPS || kinds < MAX_GAPS,
                    "{n} {kinds}"
                );
                if let Some((values, _)) = &side.gaps {
                    assert_eq!(values.len(), 1 + kinds.min(n.saturating_sub(1)));
                }
                for lambda in [0.0, 0.3, 1.1] {
                    // A buffer holding stale terms: they are replaced, not appended to.
                    let mut out = vec![f64::NAN; 3];
                    side.terms_into(lambda, &mut out);
                    assert_eq!(out.len(), n, "{n} {kinds} {lambda}");
                    for (i, ((&s, &a), &got)) in decays.iter().zip(&amounts).zip(&out).enumerate() {
                        let want = a * (-s * lambda).exp();
                        if !by_products || i % SYNC_EVERY == 0 {
                            assert_eq!(got.to_bits(), want.to_bits(), "{n} {kinds} {lambda} {i}");
                        } else {
                            let bound = 2.0 * usize_to_f64(SYNC_EVERY) * f64::EPSILON;
                            assert!(
                                (got - want).abs() <= bound * want.abs(),
                                "{n} {kinds} {lambda} {i}: {got} {want}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
mod isolation_tests {
    use super::tests::from_roots;
    use super::*;

    /// The pieces `isolate` gives for `poly`, which must stay within the piece limit.
    fn pieces(poly: &[f64; K], error: f64, start_positive: bool, min_width: f64) -> Vec<Piece> {
        isolate(poly, &bernstein_table(), error, start_positive, min_width).unwrap()
    }

    /// The ends of the undecided pieces, in order; panics on a root piece.
    fn unsure(pieces: &[Piece]) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = pieces
            .iter()
            .map(|piece| match *piece {
                Piece::Unsure(x0, x1) => (x0, x1),
                Piece::Root(..) => panic!("{pieces:?}"),
            })
            .collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    #[test]
    fn pieces_clear_of_zero_by_more_than_the_error_are_left_out() {
        // x² - x + 0.5 is at least 0.25 on [0, 1], and its negation at most -0.25: no
        // piece of either can hold a root, although neither is monotone on [0, 1].
        let c = [0.5, -1.0, 1.0];
        let mut poly = [0.0; K];
        poly[..3].copy_from_slice(&c);
        assert!(pieces(&poly, 1e-12, true, 1e-9).is_empty());
        let negated = poly.map(|c| -c);
        assert!(pieces(&negated, 1e-12, false, 1e-9).is_empty());
    }

    #[test]
    fn pieces_within_the_error_of_zero_stay_undecided() {
        // x - 0.9 with an error bound of 0.2: the slope 1 is below K · 0.2 = 4, so no
        // piece is known to be monotone, and a piece is left out only where every value
        // is below -0.2 (x < 0.7). Pieces of width 1/64 (the limit, a power of two):
        // from 44/64 (where x - 0.9 is -0.2125 to -0.196875) to 1, each undecided.
        let mut poly = [0.0; K];
        poly[0] = -0.9;
        poly[1] = 1.0;
        let got = unsure(&pieces(&poly, 0.2, false, 1.0 / 64.0));
        let want: Vec<(f64, f64)> = (44..64_u32)
            .map(|i| (f64::from(i) / 64.0, f64::from(i + 1) / 64.0))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_sign_at_zero_is_the_one_given() {
        // 0.5x + 1e-13 is monotone on [0, 1] and positive at both ends, but `g` may be
        // below 0 at 0 (|g - P| <= 1e-12): given so, the one piece holds a root.
        let mut poly = [0.0; K];
        poly[0] = 1e-13;
        poly[1] = 0.5;
        let got = pieces(&poly, 1e-12, false, 1e-9);
        assert!(matches!(got[..], [Piece::Root(0.0, 1.0)]), "{got:?}");
        assert!(pieces(&poly, 1e-12, true, 1e-9).is_empty());
        // Decreasing and negative at both ends, `g` positive at 0: a root again.
        let negated = poly.map(|c| -c);
        let got = pieces(&negated, 1e-12, true, 1e-9);
        assert!(matches!(got[..], [Piece::Root(0.0, 1.0)]), "{got:?}");
        assert!(pieces(&negated, 1e-12, false, 1e-9).is_empty());
    }

    #[test]
    fn a_polynomial_known_exactly_has_no_monotone_or_empty_piece_when_zero() {
        // Zero everywhere with no error: no piece lies strictly on one side of 0 or is
        // strictly monotone, so with no width limit the isolation runs past the piece
        // limit.
        assert!(isolate(&[0.0; K], &bernstein_table(), 0.0, true, 0.0).is_none());
        assert!(isolate(&[0.0; K], &bernstein_table(), 0.0, false, 0.0).is_none());
    }

    #[test]
    fn undecided_pieces_are_where_the_slope_is_within_its_error() {
        // (x - 0.5)² with an error bound of 1e-6: a piece is known monotone where the
        // slope 2|x - 0.5| exceeds K · 1e-6 = 2e-5 throughout (its derivative's
        // Bernstein coefficients are the slope at evenly spaced points, times the
        // width), i.e. farther than 1e-5 from 0.5. Pieces down to 2⁻²⁰ (9.5e-7) wide:
        // the undecided ones cover [0.5 - 1e-5, 0.5 + 1e-5] less at most a piece at
        // each end, and reach no further than a piece beyond it.
        let poly = from_roots(&[0.5, 0.5]);
        let width = 2.0_f64.powi(-20);
        let got = unsure(&pieces(&poly, 1e-6, true, width));
        for pair in got.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "{got:?}");
        }
        let (first, last) = (got[0].0, got[got.len() - 1].1);
        assert!(first <= 0.5 - 1e-5 + width && first >= 0.5 - 1e-5 - 2.0 * width);
        assert!(last >= 0.5 + 1e-5 - width && last <= 0.5 + 1e-5 + 2.0 * width);
    }

    /// A bound on the error of the computed root `r` of `poly`: a few units of rounding
    /// of `Σ |cₖ| rᵏ` divided by the slope at `r`.
    fn root_error(poly: &[f64; K], r: f64) -> f64 {
        let (mut size, mut slope) = (0.0, 0.0);
        for (k, &c) in poly.iter().enumerate().rev() {
            size = size * r.abs() + c.abs();
            if k > 0 {
                slope = slope * r + c * f64::from(u32::try_from(k).unwrap());
            }
        }
        8.0 * f64::EPSILON * size / slope.abs() + f64::EPSILON * r.abs()
    }

    #[test]
    fn the_root_of_a_monotone_piece_to_the_rounding_of_the_polynomial() {
        let roots = [0.05, 0.3, 0.45, 0.7, 0.95];
        let poly = from_roots(&roots);
        for (i, &r) in roots.iter().enumerate() {
            // A bracket about the root, a quarter of the way to each neighbour (the
            // slope keeps its sign there: its roots lie between the polynomial's).
            let below = if i > 0 { roots[i - 1] } else { -0.2 };
            let above = roots.get(i + 1).copied().unwrap_or(1.2);
            let (x0, x1) = (r - 0.25 * (r - below), r + 0.25 * (above - r));
            let tolerance = root_error(&poly, r);
            for (a, b) in [
                (x0, x1),
                (x0, r + 1e-3),
                (r - 1e-3, x1),
                (r - 1e-9, r + 1e-9),
            ] {
                let got = poly_root(&poly, a, b);
                assert!((got - r).abs() <= tolerance, "{r} on [{a}, {b}]: {got}");
            }
        }
        // Roots near 0, to their own relative precision: (x - 1e-9)(x - 0.6) and
        // (x - 1e-20)(x - 0.6) on [0, 0.3], and the second negated. Bisection alone
        // would need over 100 halvings to reach 1e-20 to 15 digits.
        let poly = from_roots(&[1e-9, 0.6]);
        let got = poly_root(&poly, 0.0, 0.3);
        assert!((got - 1e-9).abs() <= 1e-24, "{got}");
        let poly = from_roots(&[1e-20, 0.6]);
        for poly in [poly, poly.map(|c| -c)] {
            let got = poly_root(&poly, 0.0, 0.3);
            assert!((got - 1e-20).abs() <= 1e-34, "{got}");
        }
    }

    #[test]
    fn the_root_of_a_monotone_piece_is_the_one_inside_it() {
        // (x - 0.25)(x + 0.5)((x - 0.75)² + 1/16) is increasing on [0, 1], its only root
        // there 0.25; from the midpoint, Newton's first step leaves [0, 1] towards the
        // root at -0.5. Mirrored about 1/2: (x - 0.75)(x - 1.5)((x - 0.25)² + 1/16),
        // decreasing on [0, 1], with its root there at 0.75 and the other at 1.5.
        for (root, other, centre) in [(0.25, -0.5, 0.75), (0.75, 1.5, 0.25)] {
            let linear = from_roots(&[root, other]);
            let quadratic = [centre * centre + 0.0625, -2.0 * centre, 1.0];
            let mut poly = [0.0; K];
            for (i, &a) in linear[..3].iter().enumerate() {
                for (j, &b) in quadratic.iter().enumerate() {
                    poly[i + j] += a * b;
                }
            }
            // Monotone on [0, 1]: the slope keeps one sign at 1,001 points.
            let slope = |x: f64| -> f64 {
                poly.iter()
                    .enumerate()
                    .skip(1)
                    .rev()
                    .fold(0.0, |acc, (k, &c)| {
                        acc * x + c * f64::from(u32::try_from(k).unwrap())
                    })
            };
            let first = slope(0.0).signum();
            assert!((0..=1000).all(|i| slope(f64::from(i) / 1000.0).signum() == first));
            let got = poly_root(&poly, 0.0, 1.0);
            assert!(
                (got - root).abs() <= root_error(&poly, root),
                "{root}: {got}"
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
mod spreadsheet_newton_tests {
    //! The spreadsheet's Newton method step by step: which rates it takes a value and
    //! slope at, from the Taylor models or the exact NPV, where it checks the root, and
    //! when it stops; every expected point worked out here from the documented method.
    use super::tests::range;
    use super::*;

    /// What `run` returns, the points at which it evaluated `g` (`Problem::eval`) and
    /// the rates at which it took a value and slope of `f` (`true`: from a model).
    fn traced<T>(run: impl FnOnce() -> T) -> (T, Vec<f64>, Vec<(f64, bool)>) {
        let (out, trace) = super::traced(run);
        (out, trace.evaluations, trace.slopes)
    }

    /// Amounts divided by the largest magnitude, as every problem holds them.
    fn normalized(amounts: &[f64]) -> Vec<f64> {
        let largest = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
        amounts.iter().map(|a| a / largest).collect()
    }

    /// `f(r) = Σ aₜ xᵗ` and `f'(r) = -x² Σ t aₜ xᵗ⁻¹`, `x = 1 / (1 + r)`, summed term by
    /// term.
    fn exact(amounts: &[f64], r: f64) -> (f64, f64) {
        let x = 1.0 / (1.0 + r);
        let (mut value, mut slope) = (0.0, 0.0);
        for (t, &a) in amounts.iter().enumerate() {
            let t = i32::try_from(t).unwrap();
            value += a * x.powi(t);
            slope -= f64::from(t) * a * x.powi(t + 1);
        }
        (value, slope)
    }

    /// What the spreadsheet's Newton method is expected to do, from its docs and the
    /// module docs: the rates at which it takes a value and slope (from `model` while
    /// the steps are above `MODEL_SWITCH` relative, when given), the points at which it
    /// checks the sign of `g` around its root, and the root. `sign_change` is whether
    /// `g` changes sign within the tolerance around the root (known here from the
    /// schedule's roots in closed form): if not, `|f|` at the root decides.
    struct Expected {
        slopes: Vec<(f64, bool)>,
        evaluations: Vec<f64>,
        root: Option<f64>,
    }

    /// Follows the method (`root` is `None` where it fails: an iterate at -100% or below,
    /// or no step small enough); every threshold it decides on must be passed by a margin
    /// (a relative 1%), so that the rounding of the test's sums cannot change a
    /// decision.
    fn expected(
        amounts: &[f64],
        guess: f64,
        model: Option<&dyn Fn(f64) -> Option<(f64, f64)>>,
        sign_change: bool,
    ) -> Expected {
        let clear = |a: f64, b: f64| {
            assert!(
                a.abs() > 1.01 * b.abs() || 1.01 * a.abs() < b.abs(),
                "too close to decide: {a} vs {b}"
            );
        };
        let mut slopes = Vec::new();
        let mut r = guess;
        let mut modelled = model.is_some();
        for _ in 0..SPREADSHEET_ITERATIONS {
            if modelled {
                slopes.push((r, true));
                let modelled_here = model.and_then(|m| m(r));
                if let Some((value, slope)) = modelled_here {
                    let step = value / slope;
                    let next = r - step;
                    if value == 0.0 || slope == 0.0 || !next.is_finite() || next <= -1.0 {
                        modelled = false;
                    } else {
                        r = next;
                        clear(step, MODEL_SWITCH * r.abs().max(1.0));
                        modelled = step.abs() > MODEL_SWITCH * r.abs().max(1.0);
                    }
                    continue;
                }
            }
            slopes.push((r, false));
            let (value, slope) = exact(amounts, r);
            assert!(value != 0.0 && slope != 0.0, "{guess}: {r}, {slopes:?}");
            let step = value / slope;
            let next = r - step;
            if !next.is_finite() || next <= -1.0 {
                return Expected {
                    slopes,
                    evaluations: Vec::new(),
                    root: None,
                };
            }
            r = next;
            let tolerance = TOLERANCE * r.abs().max(1.0);
            clear(step, tolerance);
            if step.abs() <= tolerance {
                let at = |x: f64| x.max(-1.0 + f64::EPSILON).ln_1p();
                let evaluations = vec![at(r - tolerance), at(r + tolerance)];
                if !sign_change {
                    slopes.push((r, false));
                }
                return Expected {
                    slopes,
                    evaluations,
                    root: Some(r),
                };
            }
        }
        Expected {
            slopes,
            evaluations: Vec::new(),
            root: None,
        }
    }

    fn assert_trace(
        got: (Option<f64>, Vec<f64>, Vec<(f64, bool)>),
        want: &Expected,
        close: f64,
        what: &str,
    ) {
        let (root, evaluations, slopes) = got;
        assert_eq!(
            slopes.len(),
            want.slopes.len(),
            "{what}: {slopes:?} vs {:?}",
            want.slopes
        );
        for (g, w) in slopes.iter().zip(&want.slopes) {
            assert!(
                g.1 == w.1 && (g.0 - w.0).abs() <= close * w.0.abs().max(1.0),
                "{what}: {slopes:?} vs {:?}",
                want.slopes
            );
        }
        assert_eq!(
            evaluations.len(),
            want.evaluations.len(),
            "{what}: {evaluations:?} vs {:?}",
            want.evaluations
        );
        for (g, w) in evaluations.iter().zip(&want.evaluations) {
            assert!(
                (g - w).abs() <= close * w.abs().max(1.0),
                "{what}: {evaluations:?} vs {:?}",
                want.evaluations
            );
        }
        match (root, want.root) {
            (Some(g), Some(w)) => assert!(
                (g - w).abs() <= close * w.abs().max(1.0),
                "{what}: {g} vs {w}"
            ),
            (g, w) => assert_eq!(g, w, "{what}"),
        }
    }

    #[test]
    fn short_schedules_take_exact_newton_steps_then_check_the_sign_around_the_root() {
        // Fewer than MODEL_MIN_FLOWS flows: every step on the exact NPV; once a step is
        // below TOLERANCE · max(1, |r|), g is evaluated at r ∓ that tolerance, and a sign
        // change there accepts the root without evaluating f again. Schedules from their
        // rates in y = 1 + r: (y - 1.1)(y - 1.5) (10%, 50%, from below 0 up to 10%),
        // (y - 1.1)(y - 3.7) (270% from 220%: a tolerance of 2.7e-10 in r),
        // (y - 0.8)(y - 1.5) (-20% from -30%: the lower point below 0).
        for (amounts, guess, root) in [
            (vec![1.0, -2.6, 1.65], -0.5, 0.1),
            (vec![1.0, -4.8, 4.07], 2.2, 2.7),
            (vec![1.0, -2.3, 1.2], -0.3, -0.2),
        ] {
            let p = Problem::periodic(amounts.clone());
            let want = expected(&normalized(&amounts), guess, None, true);
            assert!((want.root.unwrap() - root).abs() <= 1e-12, "{guess}");
            let got = traced(|| p.spreadsheet_newton(guess, &[]));
            assert_trace(got, &want, 1e-12, &format!("{amounts:?} from {guess}"));
        }
    }

    #[test]
    fn an_exact_step_to_minus_100_percent_or_below_ends_the_method() {
        // `spreadsheet_newton`'s docs: `None` if an iterate reaches -100% or below, at
        // once. (y - 1.1)(y - 1.5) from 300%: the first step lands at -108%.
        let amounts = [1.0, -2.6, 1.65];
        let (value, slope) = exact(&normalized(&amounts), 3.0);
        assert!(3.0 - value / slope < -1.0);
        let p = Problem::periodic(amounts.to_vec());
        let want = expected(&normalized(&amounts), 3.0, None, true);
        assert_eq!(want.slopes, [(3.0, false)]);
        let got = traced(|| p.spreadsheet_newton(3.0, &[]));
        assert_trace(got, &want, 0.0, "from 300%");
    }

    #[test]
    fn a_root_within_the_tolerance_of_minus_100_percent_checks_the_sign_at_its_floor() {
        // (y - 5e-11)(y - 2): a rate 5e-11 above -100%. From 6e-11 above it Newton's
        // first step is below the tolerance 1e-10, and r - 1e-10 lies below -100%: the
        // sign below the root is taken at the floor 1 + r = ε (u = ln ε), where g is
        // positive (the last amount's sign), and above it g is negative. The points in u
        // are compared loosely: 1 + r itself is only about 1e-10.
        let y0 = 5e-11;
        let amounts = [1.0, -(2.0 + y0), 2.0 * y0];
        let guess = -1.0 + 6e-11;
        let want = expected(&normalized(&amounts), guess, None, true);
        assert!((want.evaluations[0] - f64::EPSILON.ln()).abs() <= 1e-13);
        assert!((want.root.unwrap() + 1.0 - y0).abs() <= 1e-11);
        let p = Problem::periodic(amounts.to_vec());
        let got = traced(|| p.spreadsheet_newton(guess, &[]));
        assert_trace(got, &want, 1e-5, "just above -100%");
    }

    #[test]
    fn a_double_root_is_accepted_by_the_npv_at_it() {
        // ±(y - 1e-4)²: a double root at -99.99%, where g keeps its sign. Newton's steps
        // halve the distance to it, down to the tolerance 1e-10 in r, which is 1e-6 of
        // 1 + r: at r ∓ 1e-10, |g| is about 1e-12 of its scale, far above its rounding,
        // with the same sign on both sides. Then f at the root (below NPV_TOLERANCE)
        // decides: one more exact evaluation.
        let y0 = 1e-4;
        for sign in [1.0, -1.0] {
            let amounts = [sign, -2.0 * y0 * sign, y0 * y0 * sign];
            let guess = -1.0 + 1.5e-4;
            let want = expected(&normalized(&amounts), guess, None, false);
            let root = want.root.unwrap();
            assert!((root + 1.0 - y0).abs() <= 1e-9, "{root}");
            // g = (y - y0)² there, its terms about y0² (rounding about ε y0²).
            for x in [root - TOLERANCE, root + TOLERANCE] {
                let g = (1.0 + x - y0).powi(2);
                assert!(g >= 100.0 * f64::EPSILON * y0 * y0, "{x}: {g}");
            }
            assert!(exact(&normalized(&amounts), root).0.abs() <= NPV_TOLERANCE);
            let p = Problem::periodic(amounts.to_vec());
            let got = traced(|| p.spreadsheet_newton(guess, &[]));
            // The points in u loosely: 1 + r is 1e-4, and Newton's steps toward a double
            // root lose digits.
            assert_trace(got, &want, 1e-9, &format!("sign {sign}"));
        }
    }

    /// `f(r)` and `f'(r)` from the Taylor model of the step of `models` that holds
    /// `u = ln(1 + r)` (module docs, step 3: `g`'s Taylor polynomial of `K` terms at the
    /// step's start `v₀`, here summed flow by flow as `aᵢ e^(-sᵢ v₀) Σₖ (-sᵢ h)ᵏ / k!`,
    /// `h = |u| - v₀`); below 0, where `g = f e^(T u)` in `v = -u`, `f = g e^(T v)`.
    /// Only where each step starts and ends is taken from `models`.
    fn modelled(times: &[f64], amounts: &[f64], models: &[Model], r: f64) -> Option<(f64, f64)> {
        let u = r.ln_1p();
        let (below, v) = (u < 0.0, u.abs());
        let m = models
            .iter()
            .find(|m| m.below == below && v >= m.v && v <= m.v + m.width)?;
        let latest = *times.last().unwrap();
        let h = v - m.v;
        let (mut p, mut dp) = (0.0, 0.0);
        for (&t, &a) in times.iter().zip(amounts) {
            let s = if below { latest - t } else { t };
            let w = a * (-s * m.v).exp();
            let (mut term, mut series, mut derivative) = (1.0, 0.0, 0.0);
            for k in 0..K {
                series += term;
                if k + 1 < K {
                    derivative += term;
                }
                term *= -s * h / usize_to_f64(k + 1);
            }
            p += w * series;
            dp -= w * s * derivative;
        }
        let (value, du) = if below {
            let grow = (latest * v).exp();
            (p * grow, -(dp + latest * p) * grow)
        } else {
            (p, dp)
        };
        Some((value, du / (1.0 + r)))
    }

    /// 72 periods: `(y - 1.05)(y - 1.3)(1 + y + ... + y⁶⁹)` over `y⁷¹`, `y = 1 + r`
    /// (the rates 5% and 30%).
    fn long_two_rates() -> Vec<f64> {
        let mut amounts = vec![1.0, -1.35];
        amounts.extend([0.015; 68]);
        amounts.extend([-0.985, 1.365]);
        amounts
    }

    #[test]
    fn long_schedules_step_on_the_models_until_a_step_is_small() {
        // The module docs, step 4: for 64 flows or more, Newton's steps evaluate the
        // sweep's Taylor models until a step is below MODEL_SWITCH relative, then the
        // exact NPV. Each model point expected here is Newton's step on the model computed
        // from its definition; the first point after a small step, and every later one,
        // is exact; a model step holds (no exact evaluation at the same rate) unless its
        // value or slope is 0 or its next point is not finite or at -100% or below.
        let amounts = long_two_rates();
        let p = Problem::periodic(amounts.clone());
        let (lo, hi) = range();
        let mut models = Vec::new();
        p.sweep(lo, hi, &mut models).unwrap();
        let times: Vec<f64> = (0..amounts.len()).map(usize_to_f64).collect();
        let a = normalized(&amounts);
        let model = |r: f64| modelled(&times, &a, &models, r);
        for (guess, root) in [
            (0.0, 0.05),
            (0.2, 0.3),
            (0.5, 0.3),
            (1.0, 0.05),
            (-0.3, 0.05),
        ] {
            let want = expected(&a, guess, Some(&model), true);
            assert!((want.root.unwrap() - root).abs() <= 1e-12, "{guess}");
            let steps_on_models = want.slopes.iter().filter(|s| s.1).count();
            assert!(steps_on_models >= 2, "{guess}: {:?}", want.slopes);
            let got = traced(|| p.spreadsheet_newton(guess, &models));
            assert_trace(got, &want, 1e-10, &format!("from {guess}"));
        }
        // Fewer flows: no model is asked, even where one is given.
        let short = [1.0, -2.6, 1.65];
        let p = Problem::periodic(short.to_vec());
        let mut models = Vec::new();
        p.sweep(lo, hi, &mut models).unwrap();
        assert!(!models.is_empty());
        let want = expected(&normalized(&short), -0.5, None, true);
        let got = traced(|| p.spreadsheet_newton(-0.5, &models));
        assert_trace(got, &want, 1e-12, "3 flows");
    }

    /// A model above 0 valid on `v` in `[0, 10]` whose first two derivatives are
    /// `m0` and `m1` and every other 0: `g = m0 + m1 u` there, so `f(r) = m0 + m1 u`
    /// and `f'(r) = m1 / (1 + r)`.
    fn line(m0: f64, m1: f64) -> Model {
        let mut m = [0.0; K];
        m[0] = m0;
        m[1] = m1;
        Model {
            below: false,
            v: 0.0,
            width: 10.0,
            m,
        }
    }

    /// The first `n` points of the trace of `spreadsheet_newton` from `guess` on
    /// `long_two_rates` with `models`.
    fn first_points(guess: f64, models: &[Model], n: usize) -> Vec<(f64, bool)> {
        let p = Problem::periodic(long_two_rates());
        let (_, _, slopes) = traced(|| p.spreadsheet_newton(guess, models));
        assert!(slopes.len() >= n, "{slopes:?}");
        slopes[..n].to_vec()
    }

    #[test]
    fn a_model_step_that_overflows_is_taken_on_the_exact_npv() {
        // `spreadsheet_newton`: a model step whose next point is not finite is decided
        // from the exact NPV at the same rate. A model with value -0.5 and a slope of
        // 1e-310 / 1.2 (below the normal numbers) at 20%: the step -0.5 / 8e-311 overflows
        // to -∞ and the next point would be +∞.
        let (value, slope) = (-0.5 + 1e-310 * 1.2_f64.ln(), 1e-310 / 1.2);
        assert!(value < 0.0 && slope > 0.0 && (0.2 - value / slope) == f64::INFINITY);
        let got = first_points(0.2, &[line(-0.5, 1e-310)], 2);
        assert_eq!(got, [(0.2, true), (0.2, false)]);
    }

    #[test]
    fn the_models_are_left_once_a_step_is_not_above_the_switch() {
        // The module docs, step 4: the models until a step is below MODEL_SWITCH
        // relative to max(1, |r|); a step of exactly MODEL_SWITCH is not above it. From
        // 0%, g = -1e-4 + u has the step -1e-4 exactly (u = 0): the next point, 0.01%,
        // is exact.
        let got = first_points(0.0, &[line(-MODEL_SWITCH, 1.0)], 2);
        assert_eq!(got, [(0.0, true), (MODEL_SWITCH, false)]);
        // Relative to |r| above 100%: from 300% (u = ln 4), g = 2.5e-5 - ln 4 + u has
        // the value 2.5e-5 and slope 1/4, a step of 1e-4 to 299.99%, below
        // MODEL_SWITCH · 2.9999: the next point is exact.
        let a = 2.5e-5 - 4.0_f64.ln();
        let step = 4.0 * (a + 4.0_f64.ln());
        assert!((step - 1e-4).abs() <= 1e-15);
        let got = first_points(3.0, &[line(a, 1.0)], 2);
        assert_eq!(got[0], (3.0, true));
        assert!(
            !got[1].1 && (got[1].0 - (3.0 - step)).abs() <= 1e-12,
            "{got:?}"
        );
    }

    #[test]
    fn a_modelled_slope_that_overflows_is_none() {
        // `modelled_value_and_slope`'s docs: `None` if not finite. Below 0 the model's g
        // is multiplied by e^(T v): with T = 30 and g = 1 on the model, at v = 23 the
        // value e^690 is finite but the slope -30 e^690 / (1 + r) = -30 e^713 is not; at
        // v = 20 both are.
        let p = Problem::dated(vec![0.0, 30.0], vec![1.0, -1.0]);
        let mut m = [0.0; K];
        m[0] = 1.0;
        let models = [Model {
            below: true,
            v: 0.0,
            width: 30.0,
            m,
        }];
        assert_eq!(
            p.modelled_value_and_slope((-23.0_f64).exp_m1(), &models),
            None
        );
        let r = (-20.0_f64).exp_m1();
        let (value, slope) = p.modelled_value_and_slope(r, &models).unwrap();
        let v = -r.ln_1p();
        let want = (30.0 * v).exp();
        assert!((value - want).abs() <= 1e-13 * want, "{value} vs {want}");
        let want = -30.0 * (30.0 * v).exp() / (1.0 + r);
        assert!(
            (slope - want).abs() <= 1e-13 * want.abs(),
            "{slope} vs {want}"
        );
    }

    /// Periodic amounts whose rates are `ys - 1`: `Π (y - yⱼ)` over `yⁿ`, `y = 1 + r`.
    fn from_rates(ys: &[f64]) -> Vec<f64> {
        let mut c = vec![1.0];
        for &y in ys {
            let mut next = vec![0.0; c.len() + 1];
            for (i, &ci) in c.iter().enumerate() {
                next[i] += ci;
                next[i + 1] -= ci * y;
            }
            c = next;
        }
        c
    }

    #[test]
    fn where_newton_fails_the_root_nearest_the_guess_in_u_is_chosen() {
        // The module docs, step 4: if Newton's method fails, the spreadsheet's rate is
        // the root found closest to the guess in ln(1 + r). Rates 5%, 30% and 100%; from
        // 63% Newton's method fails (worked out here), and ln 1.63 = 0.489 is 0.205 from
        // ln 2 and 0.226 from ln 1.3.
        let amounts = from_rates(&[1.05, 1.3, 2.0]);
        assert_eq!(expected(&normalized(&amounts), 0.63, None, true).root, None);
        let (lo, hi) = range();
        let found = Problem::periodic(amounts).solve(lo, hi, 0.63).unwrap();
        assert_eq!(found.roots.len(), 3, "{found:?}");
        for (u, y) in found.roots.iter().zip([1.05_f64, 1.3, 2.0]) {
            assert!((u - y.ln()).abs() <= TOLERANCE, "{found:?}");
        }
        assert_eq!(found.chosen, Some(2));
    }

    #[test]
    fn a_newton_root_near_minus_100_percent_is_matched_in_r() {
        // `solve`: Newton's root is the sweep's when within 1e3 · TOLERANCE of it in u or
        // in r. Rates 5e-11 above -100% and 100%: from 6e-11 above -100% Newton's step is
        // below the tolerance at once, at 1 + r ≈ 4.5e-11 (worked out here), 0.1 from the
        // root in u but 5e-12 in r: the same root, not a second one, and the
        // spreadsheet's rate.
        let y0 = 5e-11;
        let amounts = [1.0, -(2.0 + y0), 2.0 * y0];
        let guess = -1.0 + 6e-11;
        let newton = expected(&normalized(&amounts), guess, None, true)
            .root
            .unwrap();
        assert!(((newton.ln_1p() - y0.ln()).abs()) > 0.05);
        assert!((newton + 1.0 - y0).abs() <= 1e-11);
        let lo = 1e-11_f64.ln();
        let found = Problem::periodic(amounts.to_vec())
            .solve(lo, range().1, guess)
            .unwrap();
        assert_eq!(found.roots.len(), 2, "{found:?}");
        assert!((found.roots[0] - y0.ln()).abs() <= TOLERANCE, "{found:?}");
        assert!(
            (found.roots[1] - 2.0_f64.ln()).abs() <= TOLERANCE,
            "{found:?}"
        );
        assert_eq!(found.chosen, Some(0));
    }

    #[test]
    fn a_double_root_only_newton_finds_takes_its_place_in_order() {
        // The module docs: a double root is reported when it is the spreadsheet's rate,
        // in order among the others. (y - 2e-5)(y - 1e-4)²: a simple rate at -99.998%
        // and a double one at -99.99% (where g keeps its sign well above its rounding,
        // so the sweep sees no root). From -99.985% Newton's method reaches the double
        // root (worked out here), where f is below NPV_TOLERANCE.
        let amounts = from_rates(&[2e-5, 1e-4, 1e-4]);
        let guess = -1.0 + 1.5e-4;
        let newton = expected(&normalized(&amounts), guess, None, false)
            .root
            .unwrap();
        assert!((newton + 1.0 - 1e-4).abs() <= 1e-9, "{newton}");
        assert!(exact(&normalized(&amounts), newton).0.abs() <= NPV_TOLERANCE);
        let (lo, hi) = (1e-5_f64.ln(), range().1);
        let found = Problem::periodic(amounts).solve(lo, hi, guess).unwrap();
        assert_eq!(found.roots.len(), 2, "{found:?}");
        for (u, (y, close)) in found
            .roots
            .iter()
            .zip([(2e-5_f64, TOLERANCE), (1e-4, 1e-5)])
        {
            assert!((u - y.ln()).abs() <= close, "{found:?}");
        }
        assert_eq!(found.chosen, Some(1));
    }

    #[test]
    fn an_expansion_whose_terms_underflow_still_bounds_its_error_and_steps_on() {
        // A side whose only non-zero flows lie 400 periods out (dated flows: a flow of 0
        // at time 0, then 1 and -1 after 400 and 401 years): from v ≈ 1.87 every term
        // e^(-400 v) underflows to 0, so g, its derivatives, the absolute sum and the
        // tail are all 0. Then P = g = 0 exactly: the truncation and the rounding
        // bounds are 0 (`rounding` of Σₖ Bₖ widthᵏ / k! with every Bₖ = 0), and the error
        // bound is f64::MIN_POSITIVE, positive (a bound on |g - P| = 0, and the
        // isolation decides no piece on it), not negative or NaN.
        let side = Side::new(vec![0.0, 400.0, 401.0], vec![0.0, 1.0, -1.0]);
        let e = side.expand(2.0);
        assert!((-400.0_f64 * 2.0).exp() == 0.0);
        assert!(e.abs_sum == 0.0 && e.tail == 0.0 && e.m.iter().all(|m| *m == 0.0));
        for width in [0.01, 0.5, 3.0] {
            assert_eq!(e.truncation(width), 0.0);
            assert_eq!(e.rounding(width, 1e-14), 0.0);
            assert_eq!(e.error(width, 1e-14), f64::MIN_POSITIVE);
        }
        // Just before, the terms are subnormal: TAYLOR_ACCURACY times the absolute sum
        // underflows to 0 while the tail (the terms times 400²⁰) does not. The widest
        // step is then not computed; the step must still be positive (the sweep moves
        // on) and at most the limit.
        let mut underflowing = 0;
        for i in 0..40 {
            let v = 1.80 + 0.002 * f64::from(i);
            let e = side.expand(v);
            if e.tail > 0.0 && TAYLOR_ACCURACY * e.abs_sum == 0.0 {
                underflowing += 1;
            }
            let step = e.step(0.7);
            assert!(step > 0.0 && step <= 0.7, "{v}: {step}");
        }
        assert!(underflowing > 0);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::float_cmp)]
mod refine_and_sweep_tests {
    use super::*;

    /// What `run` returns, the points at which it evaluated `g` alone
    /// ([`Problem::eval`]) and those at which it evaluated `g` with its two derivatives
    /// ([`Problem::eval2`]), each in order.
    fn traced<T>(run: impl FnOnce() -> T) -> (T, Vec<f64>, Vec<f64>) {
        let (out, trace) = super::traced(run);
        (out, trace.evaluations, trace.second_order)
    }

    /// Flows `amounts` at `times` in closed form: `g(u)`, `g'(u)` and `g''(u)` as the
    /// module docs define `g` (`f` for `u >= 0`, `f · e^(T u)` below), the amounts divided
    /// by the largest magnitude, each term by its own `exp`.
    struct Flows {
        amounts: Vec<f64>,
        times: Vec<f64>,
    }

    impl Flows {
        fn new(amounts: &[f64], times: &[f64]) -> Self {
            let largest = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
            Self {
                amounts: amounts.iter().map(|a| a / largest).collect(),
                times: times.to_vec(),
            }
        }

        fn periodic(amounts: &[f64]) -> Self {
            let times: Vec<f64> = (0..amounts.len()).map(usize_to_f64).collect();
            Self::new(amounts, &times)
        }

        fn problem(&self) -> Problem {
            Problem::dated(self.times.clone(), self.amounts.clone())
        }

        /// `g`, `g'` and `g''` at `u`.
        fn at(&self, u: f64) -> (f64, f64, f64) {
            let latest = self.times.last().copied().unwrap_or(0.0);
            let (mut g, mut d1, mut d2) = (0.0, 0.0, 0.0);
            for (a, t) in self.amounts.iter().zip(&self.times) {
                // The exponent's rate: e^(-t u) above 0, e^((T - t) u) below.
                let rate = if u >= 0.0 { -t } else { latest - t };
                let w = a * (rate * u).exp();
                g += w;
                d1 += rate * w;
                d2 += rate * rate * w;
            }
            (g, d1, d2)
        }

        /// `refine`'s work as its docs and the module docs (step 3) describe it, worked
        /// out on the closed form: from `u`, at most three Halley steps
        /// `(g / g') / (1 - g g'' / (2 g'²))` (Newton's step `g / g'` where that divisor
        /// is at most 1/2, so that a step never grows past twice Newton's), each from one
        /// evaluation of `g`, `g'` and `g''`; a step landing more than the tolerance
        /// outside `[lo, hi]` ends them; a step of at most 1e-6 after which the local
        /// quadratic model `g + g' h + g'' h² / 2` changes sign within the tolerance
        /// around the new point gives that point. Returns the points evaluated and the
        /// point given, `None` where the safeguarded method must take over.
        fn halley(&self, u: f64, lo: f64, hi: f64) -> (Vec<f64>, Option<f64>) {
            let mut points = Vec::new();
            let mut at = u;
            for _ in 0..3 {
                points.push(at);
                let (g, d1, d2) = self.at(at);
                let divisor = 1.0 - g * d2 / (2.0 * d1 * d1);
                let step = if divisor > 0.5 {
                    g / d1 / divisor
                } else {
                    g / d1
                };
                let next = at - step;
                if next < lo - TOLERANCE || next > hi + TOLERANCE {
                    return (points, None);
                }
                let quadratic = |x: f64| {
                    let h = x - at;
                    g + d1 * h + 0.5 * d2 * h * h
                };
                let (before, after) = (
                    quadratic(next - 0.5 * TOLERANCE),
                    quadratic(next + 0.5 * TOLERANCE),
                );
                let changes_sign = before == 0.0 || after == 0.0 || (before < 0.0) != (after < 0.0);
                if step.abs() <= 1e-6 && changes_sign {
                    return (points, Some(next));
                }
                at = next;
            }
            (points, None)
        }
    }

    fn assert_close(got: &[f64], want: &[f64], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-13 * w.abs().max(1.0),
                "{what}: {got:?} vs {want:?}"
            );
        }
    }

    /// `refine` from `u` on `[lo, hi]`, held to the work [`Flows::halley`] works out:
    /// the same points, then the same root by Halley steps alone (no evaluation of `g`
    /// alone), or, where they fail, `g` at `lo` and `hi` and the safeguarded method from
    /// `u`. Returns the root.
    fn refine_as_documented(flows: &Flows, u: f64, lo: f64, hi: f64) -> f64 {
        let p = flows.problem();
        let (want_points, want_root) = flows.halley(u, lo, hi);
        let (root, alone, second) = traced(|| p.refine(u, lo, hi).unwrap());
        let what = format!("{:?} from {u} in [{lo}, {hi}]", flows.amounts);
        assert_close(&second, &want_points, &what);
        match want_root {
            Some(want) => {
                assert!(alone.is_empty(), "{what}: g alone at {alone:?}");
                assert_close(&[root], &[want], &what);
            }
            None => {
                // g at the ends; where it changes sign between them, the safeguarded
                // method from the estimate (its midpoint if the estimate lies outside).
                assert!(alone.len() >= 2, "{what}: g alone at {alone:?}");
                assert_close(&alone[..2], &[lo, hi], &what);
                if (flows.at(lo).0 > 0.0) != (flows.at(hi).0 > 0.0) {
                    let start = if u > lo && u < hi { u } else { 0.5 * (lo + hi) };
                    assert!(alone.len() > 3, "{what}: g alone at {alone:?}");
                    assert_close(&alone[2..3], &[start], &what);
                } else {
                    assert_eq!(alone.len(), 2, "{what}: g alone at {alone:?}");
                }
            }
        }
        root
    }

    #[test]
    fn refining_takes_halley_steps_until_one_is_small_and_confirmed() {
        // A root at ln 2 / 300 of -1/2 + e^(-300 u) (a flow 300 periods out: the local
        // curvature g'' / g' is -300), and at -ln 2 / 300 of its mirror below 0; and
        // ln 1.1 of -100 + 110 / (1 + r) (curvature -1). From estimates a little and
        // far off on both sides: Halley's steps converge cubically, so 1e-4 off is one
        // step (its point is not yet confirmed: the step is above 1e-6) and a second of
        // about 1e-13 that is; 9e-7 off is one step, confirmed at once; 1e-2 off with
        // the strong curvature needs all three steps and then the safeguarded method.
        let steep = Flows::new(&[-0.5, 1.0], &[0.0, 300.0]);
        let mirrored = Flows::new(&[1.0, -0.5], &[0.0, 300.0]);
        let gentle = Flows::periodic(&[-100.0, 110.0]);
        let mut steps = Vec::new();
        for (flows, root) in [
            (&steep, 2.0_f64.ln() / 300.0),
            (&mirrored, -(2.0_f64.ln()) / 300.0),
            (&gentle, 1.1_f64.ln()),
        ] {
            for off in [1e-2, 3e-3, 1e-3, 1e-4, 9e-7, -9e-7, -1e-4, -1e-3, -3e-3] {
                let (lo, hi) = (root - 0.05, root + 0.05);
                let (points, _) = flows.halley(root + off, lo, hi);
                steps.push(points.len());
                let u = refine_as_documented(flows, root + off, lo, hi);
                assert!((u - root).abs() <= TOLERANCE, "{root} from {off}: {u}");
            }
        }
        // The convergence the method promises, from the closed form alone: 9e-7 off
        // takes one step, 1e-4 off two.
        assert_eq!(steps.iter().filter(|n| **n == 1).count(), 6, "{steps:?}");
        assert!(steps.iter().all(|n| *n <= 3), "{steps:?}");
    }

    #[test]
    fn a_halley_divisor_of_one_half_takes_newtons_step() {
        // 1/2 - 1 / (1 + r) + 1 / (1 + r)³ at r = 0: g = 1/2, g' = -(-1 + 3) = -2,
        // g'' = -1 + 9 = 8, all exact, so Halley's divisor 1 - g g'' / (2 g'²) is exactly
        // 1/2: the step is Newton's, 1/4 (Halley's would be twice that), to 0.25. (g
        // has no root: after three steps g is the same sign at both ends, and the
        // estimate comes back.)
        let flows = Flows::new(&[0.5, -1.0, 1.0], &[0.0, 1.0, 3.0]);
        assert_eq!(flows.at(0.0), (0.5, -2.0, 8.0));
        let (points, _) = flows.halley(0.0, -1.0, 1.0);
        assert_eq!(points[..2], [0.0, 0.25]);
        refine_as_documented(&flows, 0.0, -1.0, 1.0);
    }

    #[test]
    fn a_halley_step_out_of_the_bracket_hands_over_to_the_safeguarded_method() {
        // 1 - 2.6 / (1 + r) + 1.65 / (1 + r)² has the rates 10% and 50% (u = 0.0953 and
        // 0.405), and its minimum between them at u = ln(3.3 / 2.6) = 0.238. From just
        // past the minimum, 0.249, the first step heads for 50%, out of [0, 0.25] (which
        // holds only 10%); from just before it, 0.23, for 10%, out of [0.22, 0.5]. The
        // estimate is then poor: g at both ends, and the safeguarded method from the
        // estimate. Mirrored below 0 (the amounts reversed: rates -9.1% and -33.3%) the
        // same, with the steps leaving at the other end.
        let above = Flows::periodic(&[1.0, -2.6, 1.65]);
        let below = Flows::periodic(&[1.65, -2.6, 1.0]);
        let (low, high) = (1.1_f64.ln(), 1.5_f64.ln());
        for (flows, sign) in [(&above, 1.0), (&below, -1.0)] {
            for (u, lo, hi, root) in [(0.249, 0.0, 0.25, low), (0.23, 0.22, 0.5, high)] {
                let (u, root) = (sign * u, sign * root);
                let (lo, hi) = if sign > 0.0 { (lo, hi) } else { (-hi, -lo) };
                let (points, found) = flows.halley(u, lo, hi);
                assert!(points.len() == 1 && found.is_none(), "{u}: {points:?}");
                let got = refine_as_documented(flows, u, lo, hi);
                assert!((got - root).abs() <= TOLERANCE, "{u}: {got} vs {root}");
            }
        }
    }

    #[test]
    fn a_halley_step_within_the_tolerance_of_an_end_is_kept() {
        // The bracket's ends are known to the tolerance: a step landing within it of an
        // end (here on the root, 1/4 of the tolerance inside the end) continues. From
        // 1e-4 above ln 1.1 (the root of -100 + 110 / (1 + r)) the first step lands
        // about 1e-13 above it, the second is confirmed; the same from 1e-4 below with
        // the upper end next to the root, and mirrored below 0.
        for (flows, root) in [
            (Flows::periodic(&[-100.0, 110.0]), 1.1_f64.ln()),
            (Flows::periodic(&[-110.0, 100.0]), -(1.1_f64.ln())),
        ] {
            for (off, lo, hi) in [
                (1e-4, root - 0.25 * TOLERANCE, root + 0.1),
                (-1e-4, root - 0.1, root + 0.25 * TOLERANCE),
            ] {
                let (points, found) = flows.halley(root + off, lo, hi);
                assert_eq!(points.len(), 2, "{off}: {points:?}");
                assert!((points[1] - root).abs() < 1e-12, "{off}: {points:?}");
                assert!(found.is_some(), "{off}");
                refine_as_documented(&flows, root + off, lo, hi);
            }
        }
    }

    #[test]
    fn a_second_derivative_that_overflows_is_an_error() {
        // A flow 1e200 periods out: at u = 0 its term's g' is 1e200 and g'' 1e400,
        // beyond f64, while g and g' are finite. The Halley step cannot be taken:
        // `Error::Overflow`, not a step from an infinite curvature.
        let p = Problem::dated(vec![0.0, 1e200], vec![-1.0, 2.0]);
        let (g, d1, d2) = p.eval2(0.0);
        assert!(g.is_finite() && d1.is_finite() && !d2.is_finite());
        assert!(matches!(
            p.refine(0.0, 0.0, 1.0),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn undecided_stretches_are_checked_at_their_ends_then_from_their_middle() {
        // `resolve_unsure`: a stretch [v0, v1] of v = |u| is u in [v0, v1] above 0 and
        // [-v1, -v0] below; g is evaluated at its two ends, in that order, and where it
        // changes sign the safeguarded method starts from the middle. -100 + 110 / (1 + r)
        // has its root at ln 1.1, -100 + 90 / (1 + r) at ln 0.9.
        for (amounts, sign, root) in [
            ([-100.0, 110.0], 1.0, 1.1_f64.ln()),
            ([-100.0, 90.0], -1.0, 0.9_f64.ln()),
        ] {
            let p = Problem::periodic(amounts.to_vec());
            for (v0, v1) in [(0.05, 3.0), (0.01, 0.2)] {
                let (a, b) = if sign > 0.0 { (v0, v1) } else { (-v1, -v0) };
                let mut roots = Vec::new();
                let (done, alone, _) = traced(|| p.resolve_unsure(sign, &[(v0, v1)], &mut roots));
                done.unwrap();
                assert!(alone.len() > 3, "{alone:?}");
                assert_close(
                    &alone[..3],
                    &[a, b, 0.5 * (a + b)],
                    &format!("{sign} {v0} {v1}"),
                );
                assert_eq!(roots.len(), 1);
                assert!((roots[0] - root).abs() <= TOLERANCE, "{roots:?}");
            }
        }
    }

    #[test]
    fn a_stretch_whose_end_cannot_be_evaluated_is_an_error() {
        // g at an end of a stretch that is not a number (a NaN end) is an overflow
        // error, whatever g is at the other end: not a stretch without a sign change.
        // -100 + 110 / (1 + r) is negative at u = 0.5.
        let p = Problem::periodic(vec![-100.0, 110.0]);
        assert!(p.eval(0.5).0 < 0.0);
        for stretch in [(0.5, f64::NAN), (f64::NAN, 0.5)] {
            let mut roots = Vec::new();
            assert!(
                matches!(
                    p.resolve_unsure(1.0, &[stretch], &mut roots),
                    Err(Error::Overflow { .. })
                ),
                "{stretch:?}"
            );
        }
    }

    #[test]
    fn a_range_without_negative_rates_never_builds_the_side_below_zero() {
        // The sides are built when first needed (`Problem::below`): a sweep of a range
        // with lo >= 0 has nothing to sweep below 0, and one with hi < 0 nothing above.
        let amounts = vec![1.0, -2.6, 1.65];
        for lo in [0.0, 0.05] {
            let p = Problem::periodic(amounts.clone());
            let roots = p.sweep(lo, 11.0_f64.ln(), &mut Vec::new()).unwrap();
            assert_eq!(roots.len(), 2, "{roots:?}");
            assert!(
                p.above.get().is_some() && p.below.get().is_none(),
                "from {lo}"
            );
        }
        let p = Problem::periodic(amounts);
        p.sweep(0.01_f64.ln(), -0.05, &mut Vec::new()).unwrap();
        assert!(p.above.get().is_none() && p.below.get().is_some());
    }

    #[test]
    fn a_step_is_confirmed_by_the_signs_of_the_model_even_where_g_is_tiny() {
        // -1e-160 + e^(-100000 u): a flow 100,000 periods out, whose present value
        // near the root u = 160 ln 10 / 100000 is 1e-160. From 1e-6 above the root the
        // Halley step is just under 1e-6 and lands 8.3e-10 above it (the error of a
        // Halley step grows with the curvature, here g'' / g' = -100000): the local
        // quadratic model keeps its sign (negative) around that point, so the step is
        // not confirmed, and a second step lands on the root. The model's two values
        // there are about 2e-164, whose product underflows to 0: the check compares
        // their signs, it does not multiply them. The same 1e-6 below the root.
        let flows = Flows::new(&[-1e-160, 1.0], &[0.0, 1e5]);
        let root = 160.0 * 10.0_f64.ln() / 1e5;
        for off in [1e-6, -1e-6] {
            let (points, found) = flows.halley(root + off, root - 1e-3, root + 1e-3);
            assert_eq!(points.len(), 2, "{off}: {points:?}");
            assert!(
                (points[1] - root).abs() > 5.0 * TOLERANCE,
                "{off}: {points:?}"
            );
            assert!(found.is_some(), "{off}");
            let u = refine_as_documented(&flows, root + off, root - 1e-3, root + 1e-3);
            assert!((u - root).abs() <= TOLERANCE, "{off}: {u} vs {root}");
        }
    }

    /// Periodic flows whose rates are `ys - 1`: `Π (y - yⱼ)` over `yⁿ`, `y = 1 + r`.
    fn from_rates(ys: &[f64]) -> Problem {
        let mut c = vec![1.0];
        for &y in ys {
            let mut next = vec![0.0; c.len() + 1];
            for (i, &ci) in c.iter().enumerate() {
                next[i] += ci;
                next[i + 1] -= ci * y;
            }
            c = next;
        }
        Problem::periodic(c)
    }

    #[test]
    fn the_sweep_does_not_stop_where_the_fixed_flow_only_balances_the_rest() {
        // The module docs, step 3: a side's sweep stops once the flow at sᵢ = 0
        // outweighs all the others, 2 |a_fixed| > Σ |aᵢ| e^(-sᵢ v) (beyond the rounding
        // of that sum). For 1 - 2.6 / (1 + r) + 1.65 / (1 + r)² above 0 (z = e^(-v)),
        // the others balance the fixed flow where 2.6 z + 1.65 z² = 1, v ≈ 1.14: there
        // the fixed flow does not outweigh them (to rounding), so a side swept from that
        // point expands it (one model from it) before it stops.
        let p = Problem::periodic(vec![1.0, -2.6, 1.65]);
        let z = (-2.6 + (2.6_f64 * 2.6 + 4.0 * 1.65).sqrt()) / (2.0 * 1.65);
        let balance = -z.ln();
        let others = 2.6 * z + 1.65 * z * z;
        assert!((others - 1.0).abs() <= 1e-15, "{others}");
        let mut models = Vec::new();
        p.sweep_side(
            p.above(),
            1.0,
            balance,
            11.0_f64.ln(),
            &mut Vec::new(),
            &mut models,
        )
        .unwrap();
        assert_eq!(models.len(), 1, "from {balance}");
        assert_eq!(models[0].v, balance);
        // A little further out the fixed flow outweighs the rest: no step at all.
        let mut models = Vec::new();
        p.sweep_side(
            p.above(),
            1.0,
            balance + 1e-9,
            11.0_f64.ln(),
            &mut Vec::new(),
            &mut models,
        )
        .unwrap();
        assert!(models.is_empty(), "{}", models.len());
    }

    #[test]
    fn the_sweep_evaluates_g_alone_only_around_the_roots_it_finds() {
        // The module docs, step 3: roots are isolated on the Taylor polynomials; g itself
        // is evaluated only to settle what they leave open: across a stretch they cannot
        // decide (two roots closer than their error bound separates), and on the
        // certified bracket of a root whose Halley steps fail. So every evaluation of g
        // alone lies next to a root found (or half the tolerance around 0, where the
        // sides meet). Pairs of rates 1e-6 apart in 1 + r, above 0 and mirrored below.
        let (lo, hi) = (0.01_f64.ln(), 11.0_f64.ln());
        let pairs = [
            vec![1.1, 1.100_001, 1.5, 1.500_001],
            vec![1.1, 1.100_001, 1.3, 1.300_001, 2.0],
        ];
        for ys in pairs
            .iter()
            .flat_map(|ys| [ys.clone(), ys.iter().map(|y| 1.0 / y).collect::<Vec<f64>>()])
        {
            let p = from_rates(&ys);
            let (roots, alone, _) = traced(|| p.sweep(lo, hi, &mut Vec::new()).unwrap());
            let mut want: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
            want.sort_by(f64::total_cmp);
            assert_eq!(roots.len(), want.len(), "{ys:?}: {roots:?}");
            for (u, w) in roots.iter().zip(&want) {
                // The amounts' rounding moves a close pair's roots by a fraction of
                // their distance apart.
                assert!((u - w).abs() <= 5e-7, "{ys:?}: {roots:?}");
            }
            assert!(!alone.is_empty(), "{ys:?}");
            for x in &alone {
                let near = roots.iter().any(|u| (x - u).abs() <= 1e-5);
                assert!(
                    near || x.abs() == 0.5 * TOLERANCE,
                    "{ys:?}: g at {x}, roots {roots:?}"
                );
            }
        }
        // Two close pairs and a simple root: the stretch between the roots of each pair
        // is checked once, at its two ends (adjacent undecided pieces merged), and no
        // root's Halley steps fail: exactly two evaluations per pair, each pair of
        // points between the pair's two roots and closer together than they are.
        for ys in [
            vec![1.1, 1.100_001, 1.5, 1.500_001],
            vec![1.0 / 1.1, 1.0 / 1.100_001, 0.5, 0.5 - 1e-6],
        ] {
            let p = from_rates(&ys);
            let (roots, alone, _) = traced(|| p.sweep(lo, hi, &mut Vec::new()).unwrap());
            let ends: Vec<f64> = alone
                .iter()
                .copied()
                .filter(|x| x.abs() != 0.5 * TOLERANCE)
                .collect();
            assert_eq!(ends.len(), 4, "{ys:?}: g at {alone:?}");
            for stretch in ends.chunks(2) {
                let (a, b) = (stretch[0], stretch[1]);
                let between = roots.windows(2).any(|w| w[0] < a && a < b && b < w[1]);
                assert!(
                    between && b - a < 1e-7,
                    "{ys:?}: [{a}, {b}], roots {roots:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod straddle_tests {
    use super::*;

    #[test]
    fn zero_lies_between_values_of_opposite_sign_however_small() {
        // Products of these pairs underflow to 0 (or -0): only their signs tell.
        assert!(straddles_zero(-1e-170, 1e-170));
        assert!(straddles_zero(1e-170, -1e-170));
        assert!(!straddles_zero(1e-170, 1e-170));
        assert!(!straddles_zero(-1e-170, -1e-170));
        assert_eq!((1e-170_f64 * 1e-170).to_bits(), 0);
        // A zero end is a root; infinities of opposite sign straddle it too.
        assert!(straddles_zero(0.0, 1.0) && straddles_zero(-1.0, 0.0) && straddles_zero(0.0, 0.0));
        assert!(straddles_zero(f64::NEG_INFINITY, f64::INFINITY));
        assert!(!straddles_zero(2.0, 3.0) && !straddles_zero(-2.0, -3.0));
        assert!(!straddles_zero(f64::NAN, 1.0) && !straddles_zero(-1.0, f64::NAN));
    }
}
