//! The cut scenario: "if we had to cut 15% of spend, what should we protect?"
//!
//! [`cut()`] keeps the set of initiatives with the most risk-adjusted value such that
//!
//! - total kept spend stays under the **spend ceiling**: `(1 − share) ×` today's planned
//!   spend for a [`Reduction::Share`], planned spend minus the amount for a
//!   [`Reduction::Amount`];
//! - each period's kept spend stays within that period's **money budget**, and each
//!   resource kind's kept capacity within its **capacity** in each period;
//! - every **mandate** is kept, and every **leader-protected** initiative unless
//!   [`CutOptions::honour_protection`] is off;
//! - an initiative is kept only with all its **prerequisites**;
//! - each horizon's share of kept spend stays within its **mix bounds**.
//!
//! The answer is exact (see [`crate::solver`](crate#the-solver) in the crate docs) and
//! re-checked in `Decimal` before it is returned. Each initiative comes with its reason
//! in data ([`KeepReason`], [`CutReason`]) and in words.
//!
//! # Reasons
//!
//! Kept, first rule that applies: a mandate; protected by the leader; a prerequisite of
//! a kept initiative whose own value per unit of spend would not have earned its place
//! (no positive value, or below the best cut initiative's); needed for a mix floor
//! (leaving it out with its kept dependents would break its horizon's floor); otherwise
//! its value per unit of spend.
//!
//! Cut: the plan is re-tested with the initiative (and its cut prerequisites) added
//! back. If that breaks a constraint, the reason is [`CutReason::DoesNotFit`] with the
//! constraint broken the most (relative to its limit) and by how much; if it fits but
//! adds no value, [`CutReason::NoGain`]. ([`CutReason::NotChosen`] appears only in a plan
//! that is not proven optimal: it fits and would add value.)

use std::collections::BTreeMap;
use std::fmt;

use folio_types::{Currency, Horizon, InitiativeId, Ratio};
use rust_decimal::Decimal;

use crate::constraint::{Constraint, horizon_name};
use crate::error::{Error, Result, overflow};
use crate::model::{Portfolio, ResourceKind};
use crate::objectives::{ObjectiveImpact, impacts};
use crate::shown::{money, two_places};
use crate::solver::{self, Broken, MixRow, Problem};

/// How much spend to cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Reduction {
    /// A share of today's planned spend (0.15 is 15%), in 0..=1.
    Share(Ratio),
    /// An amount of money, at most today's planned spend.
    Amount(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        Decimal,
    ),
}

impl fmt::Display for Reduction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Share(r) => match r.value().checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => write!(f, "{}% of spend", p.normalize()),
                None => write!(f, "{r} of spend"),
            },
            Self::Amount(a) => write!(f, "{} of spend", a.normalize()),
        }
    }
}

/// The default node limit of the exact search.
pub const DEFAULT_MAX_NODES: u64 = 50_000;

/// Options of a cut.
///
/// A value that exists is valid: [`new`](Self::new),
/// [`with_max_nodes`](Self::with_max_nodes) and deserialization check that `max_nodes`
/// is at least 1 (a search of no node explores nothing: [`cut_greedy`] is the way to
/// ask for the greedy plan); the fields are private.
///
/// ```
/// use folio_allocation::CutOptions;
///
/// let options = CutOptions::new(false, 1_000)?;
/// assert_eq!((options.honour_protection(), options.max_nodes()), (false, 1_000));
/// let err = CutOptions::default().with_max_nodes(0).unwrap_err();
/// assert_eq!(err.to_string(), "invalid cut options: max_nodes (0) must be at least 1: use cut_greedy for the greedy plan alone");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<CutOptions>(r#"{"max_nodes": 0}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "Options of a cut. max_nodes is at least 1.")
)]
pub struct CutOptions {
    /// Keep leader-protected initiatives like mandates (default true).
    honour_protection: bool,
    /// The most search nodes to explore before answering with the best plan found
    /// (default [`DEFAULT_MAX_NODES`]; at least 1).
    max_nodes: u64,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(CutOptions);

impl CutOptions {
    /// Options that keep leader-protected initiatives if `honour_protection`, and
    /// explore at most `max_nodes` search nodes.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `max_nodes` if it is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_allocation::{CutOptions, DEFAULT_MAX_NODES};
    ///
    /// assert_eq!(CutOptions::new(true, DEFAULT_MAX_NODES)?, CutOptions::default());
    /// assert!(CutOptions::new(true, 0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(honour_protection: bool, max_nodes: u64) -> Result<Self> {
        let options = Self {
            honour_protection,
            max_nodes,
        };
        options.validate()?;
        Ok(options)
    }

    /// The same options, keeping leader-protected initiatives if `honour_protection`.
    ///
    /// ```
    /// use folio_allocation::CutOptions;
    ///
    /// assert!(!CutOptions::default().with_honour_protection(false).honour_protection());
    /// ```
    #[must_use]
    pub fn with_honour_protection(self, honour_protection: bool) -> Self {
        Self {
            honour_protection,
            ..self
        }
    }

    /// The same options with the node limit `max_nodes`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new): a limit of 0 is an error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_allocation::CutOptions;
    ///
    /// assert_eq!(CutOptions::default().with_max_nodes(1)?.max_nodes(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_nodes(self, max_nodes: u64) -> Result<Self> {
        Self::new(self.honour_protection, max_nodes)
    }

    /// Whether leader-protected initiatives are kept like mandates.
    pub fn honour_protection(&self) -> bool {
        self.honour_protection
    }

    /// The most search nodes to explore before answering with the best plan found.
    pub fn max_nodes(&self) -> u64 {
        self.max_nodes
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> Result<()> {
        if self.max_nodes == 0 {
            return Err(Error::Core(folio_types::Error::InvalidSetting {
                setting: "cut options",
                field: "max_nodes",
                problem: "(0) must be at least 1: use cut_greedy for the greedy plan alone"
                    .to_owned(),
            }));
        }
        Ok(())
    }
}

impl Default for CutOptions {
    fn default() -> Self {
        Self {
            honour_protection: true,
            max_nodes: DEFAULT_MAX_NODES,
        }
    }
}

/// How a plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum SolveStatus {
    /// Proven optimal.
    Optimal,
    /// The node limit was reached: the plan is the best found (never worse than the
    /// greedy plan) and no plan is worth more than `upper_bound`.
    NotSolvedWithinLimit {
        /// Nodes explored.
        nodes: u64,
        /// An upper bound on the best risk-adjusted value kept: the root relaxation,
        /// the smaller of two fractional-knapsack (Dantzig) bounds over what the
        /// mandates and protections leave undecided, one on the spend ceiling and one on
        /// a surrogate row adding up the rows that can be overfilled (each weighted by
        /// how oversubscribed it is; a single such row gives its own fractional bound).
        /// Computed in `f64`, it is then rounded up, never down, by a safety margin of
        /// `1e-9 × (b + 1)`, `b` the relaxation's value (a negative value of what must
        /// be kept counts in `b` without its sign).
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        upper_bound: Decimal,
    },
    /// The greedy value-per-spend plan ([`cut_greedy`]), not searched further.
    Greedy,
}

/// Why an initiative is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "reason", rename_all = "snake_case"))]
pub enum KeepReason {
    /// Regulatory or contractual: must be funded.
    Mandate,
    /// Protected by the leader.
    Protected,
    /// Kept so that these kept initiatives can go ahead.
    PrerequisiteOf {
        /// The kept initiatives that depend on it directly.
        dependents: Vec<InitiativeId>,
    },
    /// Leaving it out would break its horizon's mix floor.
    MixFloor {
        /// Its horizon.
        horizon: Horizon,
    },
    /// Its value per unit of spend earns its place.
    Value,
}

/// Why an initiative is cut.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "reason", rename_all = "snake_case"))]
pub enum CutReason {
    /// Adding it back (with `with`) breaks `constraint` by `excess`.
    DoesNotFit {
        /// The constraint broken the most, relative to its limit.
        constraint: Constraint,
        /// By how much (money, capacity units, or a share for a mix bound).
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        excess: Decimal,
        /// Cut prerequisites that would have to come back with it.
        with: Vec<InitiativeId>,
    },
    /// Adding it back (with `with`) fits but adds no risk-adjusted value.
    NoGain {
        /// Cut prerequisites that would have to come back with it.
        with: Vec<InitiativeId>,
    },
    /// Adding it back fits and would add `gain`; only in a plan not proven optimal.
    NotChosen {
        /// The value it would add.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        gain: Decimal,
    },
}

/// One initiative of a cut plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Line<R> {
    /// The initiative.
    pub id: InitiativeId,
    /// Its horizon.
    pub horizon: Horizon,
    /// Its remaining spend.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub spend: Decimal,
    /// Its risk-adjusted value.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub value: Decimal,
    /// Risk-adjusted value per unit of spend; `None` when it spends no money.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    pub value_per_spend: Option<Decimal>,
    /// Why.
    pub reason: R,
}

/// A kept initiative.
pub type Kept = Line<KeepReason>;
/// A cut initiative.
pub type Cut = Line<CutReason>;

/// The answer to a cut.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CutPlan {
    /// What was asked.
    pub reduction: Reduction,
    /// The portfolio's currency.
    pub currency: Currency,
    /// Today's planned spend of every initiative.
    pub planned_spend: Decimal,
    /// The spend ceiling the plan stays under.
    pub ceiling: Decimal,
    /// The spend of the kept initiatives.
    pub kept_spend: Decimal,
    /// Planned spend minus kept spend.
    pub spend_saved: Decimal,
    /// Risk-adjusted value kept.
    pub value_kept: Decimal,
    /// Risk-adjusted value of the cut initiatives.
    pub value_given_up: Decimal,
    /// Kept initiatives, in id order.
    pub protect: Vec<Kept>,
    /// Cut initiatives, in id order.
    pub cut: Vec<Cut>,
    /// Capacity freed per resource kind, summed over the periods.
    pub capacity_freed: BTreeMap<ResourceKind, Decimal>,
    /// Objectives that lose expected progress, largest loss first.
    pub objectives: Vec<ObjectiveImpact>,
    /// How the plan was found.
    pub status: SolveStatus,
    /// Search nodes explored (0 for the greedy plan).
    pub search_nodes: u64,
}

/// Returns the plan that keeps the most risk-adjusted value under the reduced spend.
///
/// The search starts from the greedy plan ([`cut_greedy`]) and replaces it only by a
/// plan worth strictly more: when no plan keeps more value than the greedy one, the
/// answer is exactly the greedy plan, even if other plans keep as much.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{CutOptions, Portfolio, Reduction, cut};
/// use folio_types::{Decimal, Ratio};
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
///   "initiatives": [
///     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
///       "start": 0, "cost": [{ "money": "50" }], "value": { "source": "given", "npv": "100" } },
///     { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
///       "start": 0, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "45" } },
///     { "id": "c", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
///       "start": 0, "cost": [{ "money": "20" }], "value": { "source": "given", "npv": "40" } }
///   ]
/// }"#)?;
/// // Cutting 25% leaves 75 to spend: a + c (value 140) beats a + b (145 would need 80).
/// let plan = cut(&portfolio, Reduction::Share(Ratio::new(Decimal::new(25, 2))?), CutOptions::default())?;
/// assert_eq!(plan.cut.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["b"]);
/// assert_eq!(plan.spend_saved, Decimal::from(30));
/// assert_eq!(plan.value_given_up, Decimal::from(45));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidParameter`] for a share outside 0..=1 or an amount outside
/// 0..=planned spend; [`Error::Infeasible`] naming the constraint that what must be kept
/// already breaks, and by how much; [`Error::CheckFailed`] if the exact re-check fails
/// (a bug: the plan is withheld).
pub fn cut(portfolio: &Portfolio, reduction: Reduction, options: CutOptions) -> Result<CutPlan> {
    let ceiling = ceiling_of(portfolio, reduction)?;
    plan_under(portfolio, reduction, ceiling, options, false)
}

/// The greedy floor: keeps initiatives best value per unit of spend first (ties by
/// id), each with its prerequisites, while everything fits; the same constraints and
/// reasons as [`cut()`], with [`SolveStatus::Greedy`]. The exact plan is never worse.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{CutOptions, Portfolio, Reduction, cut, cut_greedy};
/// use folio_types::{Decimal, Ratio};
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
///   "initiatives": [
///     { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
///       "start": 0, "cost": [{ "money": "60" }], "value": { "source": "given", "npv": "90" } },
///     { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
///       "start": 0, "cost": [{ "money": "10" }], "value": { "source": "given", "npv": "20" } }
///   ]
/// }"#)?;
/// let share = Reduction::Share(Ratio::new(Decimal::new(10, 2))?); // keep 63 of 70
/// let greedy = cut_greedy(&portfolio, share, CutOptions::default())?;
/// let exact = cut(&portfolio, share, CutOptions::default())?;
/// assert_eq!(greedy.value_kept, Decimal::from(20)); // b first (2.0 per unit), then a no longer fits
/// assert_eq!(exact.value_kept, Decimal::from(90));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`cut()`]; [`Error::Infeasible`] also when the greedy plan breaks a mix bound.
pub fn cut_greedy(
    portfolio: &Portfolio,
    reduction: Reduction,
    options: CutOptions,
) -> Result<CutPlan> {
    let ceiling = ceiling_of(portfolio, reduction)?;
    plan_under(portfolio, reduction, ceiling, options, true)
}

pub(crate) fn ceiling_of(portfolio: &Portfolio, reduction: Reduction) -> Result<Decimal> {
    let planned = portfolio.planned_spend();
    match reduction {
        Reduction::Share(share) => {
            let s = share.value();
            if s < Decimal::ZERO || s > Decimal::ONE {
                return Err(Error::InvalidParameter {
                    parameter: "reduction share",
                    value: s.to_string(),
                    reason: "must lie in 0..=1",
                });
            }
            let keep = Decimal::ONE
                .checked_sub(s)
                .ok_or_else(|| overflow("applying the reduction"))?;
            planned
                .checked_mul(keep)
                .ok_or_else(|| overflow("applying the reduction"))
        }
        Reduction::Amount(a) => {
            if a < Decimal::ZERO || a > planned {
                return Err(Error::InvalidParameter {
                    parameter: "reduction amount",
                    value: a.to_string(),
                    reason: "must lie between 0 and the planned spend",
                });
            }
            planned
                .checked_sub(a)
                .ok_or_else(|| overflow("applying the reduction"))
        }
    }
}

/// The rows of a cut, in the order the solver indexes them.
pub(crate) fn rows(portfolio: &Portfolio) -> Vec<Constraint> {
    let periods = portfolio.periods();
    let mut rows: Vec<Constraint> = periods
        .iter()
        .map(|&period| Constraint::Budget { period })
        .collect();
    rows.push(Constraint::SpendCeiling);
    for kind in &portfolio.compiled().kinds {
        rows.extend(periods.iter().map(|&period| Constraint::Capacity {
            kind: kind.clone(),
            period,
        }));
    }
    rows
}

pub(crate) fn horizon_index(h: Horizon) -> usize {
    match h {
        Horizon::Core => 0,
        Horizon::Grow => 1,
        Horizon::Explore => 2,
    }
}

pub(crate) fn problem(
    portfolio: &Portfolio,
    ceiling: Decimal,
    honour_protection: bool,
) -> Problem<'_> {
    let c = portfolio.compiled();
    let data = portfolio.data();
    let periods = data.periods.len();
    let ceiling_row = periods;
    let mut caps: Vec<Decimal> = data.budget.clone();
    caps.push(ceiling);
    for kind in &c.kinds {
        caps.extend(data.capacity.get(kind).into_iter().flatten().copied());
    }
    let mut weights = Vec::with_capacity(c.spend.len());
    for (i, x) in data.initiatives.iter().enumerate() {
        let mut w: Vec<(usize, Decimal)> = Vec::new();
        for (o, pc) in x.cost.iter().enumerate() {
            let p = x.start.saturating_add(o);
            if pc.money > Decimal::ZERO {
                w.push((p, pc.money));
            }
        }
        if let Some(&s) = c.spend.get(i) {
            if s > Decimal::ZERO {
                w.push((ceiling_row, s));
            }
        }
        for (k, per) in c.cap.get(i).into_iter().flatten().enumerate() {
            for (o, &v) in per.iter().enumerate() {
                if v > Decimal::ZERO {
                    let row = periods
                        .saturating_add(1)
                        .saturating_add(k.saturating_mul(periods))
                        .saturating_add(x.start)
                        .saturating_add(o);
                    w.push((row, v));
                }
            }
        }
        weights.push(w);
    }
    Problem {
        value: &c.value,
        spend: &c.spend,
        horizon: data
            .initiatives
            .iter()
            .map(|x| horizon_index(x.horizon))
            .collect(),
        weights,
        caps,
        ceiling_row,
        prereqs: &c.prereqs,
        dependents: &c.dependents,
        forced: data
            .initiatives
            .iter()
            .map(|x| x.mandate || (honour_protection && x.protected))
            .collect(),
        mix: data
            .mix
            .iter()
            .map(|(h, b)| MixRow {
                horizon: horizon_index(*h),
                min: b.min.value(),
                max: b.max.value(),
            })
            .collect(),
    }
}

fn mix_constraint(portfolio: &Portfolio, mix: usize, floor: bool) -> Constraint {
    let horizon = portfolio
        .data()
        .mix
        .keys()
        .nth(mix)
        .copied()
        .unwrap_or(Horizon::Core);
    if floor {
        Constraint::MixFloor { horizon }
    } else {
        Constraint::MixCeiling { horizon }
    }
}

fn broken_to_error(portfolio: &Portfolio, rows: &[Constraint], broken: Broken) -> Error {
    match broken {
        Broken::Row { row, excess } => Error::Infeasible {
            constraint: rows.get(row).cloned().unwrap_or(Constraint::SpendCeiling),
            excess,
        },
        Broken::Mix { mix, floor, excess } => Error::Infeasible {
            constraint: mix_constraint(portfolio, mix, floor),
            excess,
        },
    }
}

pub(crate) fn plan_under(
    portfolio: &Portfolio,
    reduction: Reduction,
    ceiling: Decimal,
    options: CutOptions,
    greedy_only: bool,
) -> Result<CutPlan> {
    let rows = rows(portfolio);
    let p = problem(portfolio, ceiling, options.honour_protection);
    let mut search_nodes = 0;
    let (kept, status) = if greedy_only {
        match solver::greedy(&p) {
            Err(b) => return Err(broken_to_error(portfolio, &rows, b)),
            Ok(Some(kept)) => (kept, SolveStatus::Greedy),
            Ok(None) => {
                let (s, _) = solver::root(&p).map_err(|b| broken_to_error(portfolio, &rows, b))?;
                let b = s.broken_mix().unwrap_or(Broken::Row {
                    row: 0,
                    excess: Decimal::ZERO,
                });
                return Err(broken_to_error(portfolio, &rows, b));
            }
        }
    } else {
        let sol = solver::solve(&p, options.max_nodes)
            .map_err(|b| broken_to_error(portfolio, &rows, b))?;
        let Some(kept) = sol.kept else {
            let b = sol.root_mix.unwrap_or(Broken::Row {
                row: 0,
                excess: Decimal::ZERO,
            });
            return Err(broken_to_error(portfolio, &rows, b));
        };
        search_nodes = sol.nodes;
        let status = if sol.limited {
            let bound = rust_decimal::prelude::FromPrimitive::from_f64(sol.root_bound)
                .unwrap_or(Decimal::MAX);
            SolveStatus::NotSolvedWithinLimit {
                nodes: sol.nodes,
                upper_bound: bound,
            }
        } else {
            SolveStatus::Optimal
        };
        (kept, status)
    };
    crate::check::check_cut(portfolio, &kept, ceiling, options.honour_protection)?;
    let mut plan = explain(portfolio, &p, &rows, reduction, ceiling, &kept, status)?;
    plan.search_nodes = search_nodes;
    Ok(plan)
}

fn per_spend(value: Decimal, spend: Decimal) -> Option<Decimal> {
    if spend.is_zero() {
        None
    } else {
        value.checked_div(spend)
    }
}

/// Builds the plan with its reasons.
fn explain(
    portfolio: &Portfolio,
    p: &Problem<'_>,
    rows: &[Constraint],
    reduction: Reduction,
    ceiling: Decimal,
    kept: &[bool],
    status: SolveStatus,
) -> Result<CutPlan> {
    let c = portfolio.compiled();
    let data = portfolio.data();
    let sum = |keep: bool, of: &[Decimal]| -> Result<Decimal> {
        of.iter()
            .zip(kept)
            .filter(|&(_, &k)| k == keep)
            .try_fold(Decimal::ZERO, |a, (v, _)| a.checked_add(*v))
            .ok_or_else(|| overflow("summing a plan"))
    };
    let kept_spend = sum(true, &c.spend)?;
    let value_kept = sum(true, &c.value)?;
    let value_given_up = sum(false, &c.value)?;
    let spend_saved = portfolio
        .planned_spend()
        .checked_sub(kept_spend)
        .ok_or_else(|| overflow("summing a plan"))?;

    // A state holding the kept set, to test each cut initiative added back.
    let mut s = solver::State::new(p);
    for (i, &k) in kept.iter().enumerate() {
        if k && !s.include(i) {
            return Err(Error::CheckFailed {
                what: format!("kept set breaks a row at {i}"),
            });
        }
    }
    let is_kept = |i: usize| kept.get(i).copied().unwrap_or(false);
    let id_of = |i: usize| data.initiatives.get(i).map(|x| x.id.clone());

    let mut best_cut_vps: Option<Option<Decimal>> = None; // Some(None) = a free cut item
    let mut cut_lines = Vec::new();
    for (i, x) in data.initiatives.iter().enumerate() {
        if is_kept(i) {
            continue;
        }
        let value = c.value.get(i).copied().unwrap_or_default();
        let spend = c.spend.get(i).copied().unwrap_or_default();
        let vps = per_spend(value, spend);
        if value > Decimal::ZERO {
            best_cut_vps = Some(match (best_cut_vps, vps) {
                (Some(None), _) | (_, None) => None,
                (Some(Some(a)), Some(b)) => Some(a.max(b)),
                (None, Some(b)) => Some(b),
            });
        }
        let mark = s.mark();
        s.include_with(i, false);
        let with: Vec<InitiativeId> = s
            .since(mark)
            .iter()
            .filter(|&&j| j != i)
            .filter_map(|&j| id_of(j))
            .collect();
        let reason = if let Some((row, excess)) = s.broken_row() {
            CutReason::DoesNotFit {
                constraint: rows.get(row).cloned().unwrap_or(Constraint::SpendCeiling),
                excess,
                with,
            }
        } else if let Some(Broken::Mix { mix, floor, excess }) = s.broken_mix() {
            CutReason::DoesNotFit {
                constraint: mix_constraint(portfolio, mix, floor),
                excess,
                with,
            }
        } else {
            let gain = s
                .value
                .checked_sub(value_kept)
                .ok_or_else(|| overflow("testing a cut initiative"))?;
            if gain > Decimal::ZERO {
                CutReason::NotChosen { gain }
            } else {
                CutReason::NoGain { with }
            }
        };
        s.undo(mark);
        cut_lines.push(Line {
            id: x.id.clone(),
            horizon: x.horizon,
            spend,
            value,
            value_per_spend: vps,
            reason,
        });
    }

    let (kept_total, kept_by) = kept_spend_by_horizon(portfolio, kept)?;
    let mut protect = Vec::new();
    for (i, x) in data.initiatives.iter().enumerate() {
        if !is_kept(i) {
            continue;
        }
        let value = c.value.get(i).copied().unwrap_or_default();
        let spend = c.spend.get(i).copied().unwrap_or_default();
        let vps = per_spend(value, spend);
        let dependents: Vec<InitiativeId> = c
            .dependents
            .get(i)
            .into_iter()
            .flatten()
            .filter(|&&j| is_kept(j))
            .filter_map(|&j| id_of(j))
            .collect();
        let loses_on_its_own = value <= Decimal::ZERO
            || match (best_cut_vps, vps) {
                (Some(None), Some(_)) => true,
                (Some(Some(best)), Some(v)) => v < best,
                _ => false,
            };
        let reason = if x.mandate {
            KeepReason::Mandate
        } else if x.protected && p.forced.get(i).copied().unwrap_or(false) {
            KeepReason::Protected
        } else if !dependents.is_empty() && loses_on_its_own {
            KeepReason::PrerequisiteOf { dependents }
        } else if holds_floor(portfolio, kept, i, kept_total, &kept_by)? {
            KeepReason::MixFloor { horizon: x.horizon }
        } else {
            KeepReason::Value
        };
        protect.push(Line {
            id: x.id.clone(),
            horizon: x.horizon,
            spend,
            value,
            value_per_spend: vps,
            reason,
        });
    }

    let mut capacity_freed = BTreeMap::new();
    for (k, kind) in c.kinds.iter().enumerate() {
        let mut total = Decimal::ZERO;
        for (i, per) in c.cap.iter().enumerate() {
            if !is_kept(i) {
                for v in per.get(k).into_iter().flatten() {
                    total = total
                        .checked_add(*v)
                        .ok_or_else(|| overflow("summing freed capacity"))?;
                }
            }
        }
        capacity_freed.insert(kind.clone(), total);
    }
    let objectives = impacts(portfolio, (0..kept.len()).filter(|&i| !is_kept(i)))?;
    Ok(CutPlan {
        reduction,
        currency: portfolio.currency(),
        planned_spend: portfolio.planned_spend(),
        ceiling,
        kept_spend,
        spend_saved,
        value_kept,
        value_given_up,
        protect,
        cut: cut_lines,
        capacity_freed,
        objectives,
        status,
        search_nodes: 0,
    })
}

/// Kept spend in total and per horizon (indexed by [`horizon_index`]).
fn kept_spend_by_horizon(portfolio: &Portfolio, kept: &[bool]) -> Result<(Decimal, [Decimal; 3])> {
    let (mut total, mut by) = (Decimal::ZERO, [Decimal::ZERO; 3]);
    for (j, y) in portfolio.data().initiatives.iter().enumerate() {
        if kept.get(j).copied().unwrap_or(false) {
            let s = portfolio
                .compiled()
                .spend
                .get(j)
                .copied()
                .unwrap_or_default();
            total = total
                .checked_add(s)
                .ok_or_else(|| overflow("testing a mix floor"))?;
            if let Some(h) = by.get_mut(horizon_index(y.horizon)) {
                *h = h
                    .checked_add(s)
                    .ok_or_else(|| overflow("testing a mix floor"))?;
            }
        }
    }
    Ok((total, by))
}

/// Whether leaving out kept initiative `i` (with its kept dependents) breaks the floor
/// of its horizon, given the kept spend in total and per horizon.
fn holds_floor(
    portfolio: &Portfolio,
    kept: &[bool],
    i: usize,
    total: Decimal,
    by: &[Decimal; 3],
) -> Result<bool> {
    let data = portfolio.data();
    let c = portfolio.compiled();
    let Some(x) = data.initiatives.get(i) else {
        return Ok(false);
    };
    let Some(bound) = data.mix.get(&x.horizon) else {
        return Ok(false);
    };
    if bound.min.value() <= Decimal::ZERO {
        return Ok(false);
    }
    let h = horizon_index(x.horizon);
    let mut gone = std::collections::BTreeSet::new();
    let mut work = vec![i];
    let (mut total, mut mine) = (total, by.get(h).copied().unwrap_or_default());
    while let Some(j) = work.pop() {
        if !kept.get(j).copied().unwrap_or(false) || !gone.insert(j) {
            continue;
        }
        let s = c.spend.get(j).copied().unwrap_or_default();
        total = total
            .checked_sub(s)
            .ok_or_else(|| overflow("testing a mix floor"))?;
        if data
            .initiatives
            .get(j)
            .is_some_and(|y| horizon_index(y.horizon) == h)
        {
            mine = mine
                .checked_sub(s)
                .ok_or_else(|| overflow("testing a mix floor"))?;
        }
        work.extend(c.dependents.get(j).into_iter().flatten().copied());
    }
    let floor = bound
        .min
        .value()
        .checked_mul(total)
        .ok_or_else(|| overflow("testing a mix floor"))?;
    Ok(mine < floor || total.is_zero())
}

impl KeepReason {
    /// The reason in words: "mandate", "prerequisite of checkout", ...
    ///
    /// ```
    /// use folio_allocation::KeepReason;
    /// use folio_types::{Horizon, InitiativeId};
    ///
    /// assert_eq!(KeepReason::Mandate.describe(), "mandate");
    /// let prerequisite = KeepReason::PrerequisiteOf { dependents: vec![InitiativeId::new("checkout")?] };
    /// assert_eq!(prerequisite.describe(), "prerequisite of checkout");
    /// assert_eq!(KeepReason::MixFloor { horizon: Horizon::Explore }.describe(), "holds the explore mix floor");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Self::Mandate => "mandate".into(),
            Self::Protected => "protected by the leader".into(),
            Self::PrerequisiteOf { dependents } => {
                let ids: Vec<&str> = dependents.iter().map(InitiativeId::as_str).collect();
                format!("prerequisite of {}", ids.join(", "))
            }
            Self::MixFloor { horizon } => format!("holds the {} mix floor", horizon_name(*horizon)),
            Self::Value => "value per unit of spend".into(),
        }
    }
}

impl CutReason {
    /// The reason in words: "does not fit: engineering capacity in 2027-Q1 by 1.5", ...
    ///
    /// ```
    /// use folio_allocation::{Constraint, CutReason, ResourceKind};
    /// use folio_types::{Decimal, InitiativeId};
    ///
    /// let reason = CutReason::DoesNotFit {
    ///     constraint: Constraint::Capacity { kind: ResourceKind::new("engineering")?, period: "2027-Q1".parse()? },
    ///     excess: Decimal::new(150, 2),
    ///     with: vec![InitiativeId::new("data-platform")?],
    /// };
    /// assert_eq!(reason.describe(), "does not fit (with data-platform): engineering capacity in 2027-Q1 by 1.5");
    /// assert_eq!(CutReason::NoGain { with: vec![] }.describe(), "adds no value");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        let with = |w: &[InitiativeId]| {
            if w.is_empty() {
                String::new()
            } else {
                let ids: Vec<&str> = w.iter().map(InitiativeId::as_str).collect();
                format!(" (with {})", ids.join(", "))
            }
        };
        match self {
            Self::DoesNotFit {
                constraint,
                excess,
                with: w,
            } => {
                format!(
                    "does not fit{}: {constraint} by {}",
                    with(w),
                    two_places(*excess)
                )
            }
            Self::NoGain { with: w } => format!("adds no value{}", with(w)),
            Self::NotChosen { gain } => format!(
                "fits and would add {}, not chosen within the search limit",
                two_places(*gain)
            ),
        }
    }
}

impl<R> Line<R> {
    fn head(&self) -> String {
        match self.value_per_spend {
            Some(v) => format!("{} ({} value per unit of spend", self.id, two_places(v)),
            None => format!("{} (no spend", self.id),
        }
    }
}

impl Kept {
    /// "checkout (mandate)", "search (2.5 value per unit of spend)".
    ///
    /// ```
    /// use folio_allocation::{KeepReason, Kept};
    /// use folio_types::{Decimal, Horizon, InitiativeId};
    ///
    /// // 100 of value for 40 of spend is 2.5 per unit.
    /// let mut search = Kept {
    ///     id: InitiativeId::new("search")?,
    ///     horizon: Horizon::Grow,
    ///     spend: Decimal::from(40),
    ///     value: Decimal::from(100),
    ///     value_per_spend: Some(Decimal::new(25, 1)),
    ///     reason: KeepReason::Value,
    /// };
    /// assert_eq!(search.describe(), "search (2.5 value per unit of spend)");
    /// search.reason = KeepReason::Mandate;
    /// assert_eq!(search.describe(), "search (mandate)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        match &self.reason {
            KeepReason::Value => format!("{})", self.head()),
            other => format!("{} ({})", self.id, other.describe()),
        }
    }
}

impl Cut {
    /// "ads (0.4 value per unit of spend; does not fit: the reduced spend ceiling by 20)".
    ///
    /// ```
    /// use folio_allocation::{Constraint, Cut, CutReason};
    /// use folio_types::{Decimal, Horizon, InitiativeId};
    ///
    /// // 20 of value for 50 of spend is 0.4 per unit.
    /// let ads = Cut {
    ///     id: InitiativeId::new("ads")?,
    ///     horizon: Horizon::Explore,
    ///     spend: Decimal::from(50),
    ///     value: Decimal::from(20),
    ///     value_per_spend: Some(Decimal::new(4, 1)),
    ///     reason: CutReason::DoesNotFit { constraint: Constraint::SpendCeiling, excess: Decimal::from(20), with: vec![] },
    /// };
    /// assert_eq!(ads.describe(), "ads (0.4 value per unit of spend; does not fit: the reduced spend ceiling by 20)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        format!("{}; {})", self.head(), self.reason.describe())
    }
}

impl CutPlan {
    /// The plan in one paragraph: "If we cut 15% of spend: protect a (mandate), b (2.5
    /// value per unit of spend); cut c (...) (saves 120 USD, gives up risk-adjusted NPV
    /// 300 USD; objective growth loses 0.06 expected progress)."
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use folio_allocation::{CutOptions, Portfolio, Reduction, cut};
    /// use folio_types::{Decimal, Ratio};
    ///
    /// # let portfolio: Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
    /// #   "initiatives": [
    /// #     { "id": "a", "product": "p", "horizon": "core", "mandate": true, "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "50" }], "value": { "source": "given", "npv": "100" } },
    /// #     { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 0, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "45" } },
    /// #     { "id": "c", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 0, "cost": [{ "money": "20" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // Spend 100 cut by 25% leaves 75: a (mandate, 50) and c (40 / 20 = 2 per unit) fit;
    /// // b back as well would spend 100, 25 over the ceiling.
    /// let plan = cut(&portfolio, Reduction::Share(Ratio::new(Decimal::new(25, 2))?), CutOptions::default())?;
    /// assert_eq!(
    ///     plan.describe(),
    ///     "If we cut 25% of spend: protect a (mandate), c (2 value per unit of spend); \
    ///      cut b (1.5 value per unit of spend; does not fit: the reduced spend ceiling by 25) \
    ///      (saves 30 USD, gives up risk-adjusted NPV 45 USD)."
    /// );
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        let protect: Vec<String> = self.protect.iter().map(Kept::describe).collect();
        let cut: Vec<String> = self.cut.iter().map(Cut::describe).collect();
        let asked = match self.reduction {
            Reduction::Amount(a) => format!("{} of spend", money(a, self.currency)),
            share @ Reduction::Share(_) => share.to_string(),
        };
        let mut text = format!("If we cut {asked}: ");
        if protect.is_empty() {
            text.push_str("protect nothing");
        } else {
            text.push_str(&format!("protect {}", protect.join(", ")));
        }
        if cut.is_empty() {
            text.push_str("; cut nothing");
        } else {
            text.push_str(&format!("; cut {}", cut.join(", ")));
        }
        text.push_str(&format!(
            " (saves {}, gives up risk-adjusted NPV {}",
            money(self.spend_saved, self.currency),
            money(self.value_given_up, self.currency)
        ));
        for o in &self.objectives {
            text.push_str(&format!("; {}", o.describe()));
        }
        text.push_str(").");
        match self.status {
            SolveStatus::Optimal => {}
            SolveStatus::NotSolvedWithinLimit { nodes, upper_bound } => text.push_str(&format!(
                " Not proven optimal within {nodes} search nodes: no plan keeps more than {}.",
                money(upper_bound, self.currency)
            )),
            SolveStatus::Greedy => text.push_str(" (Greedy plan, not optimised.)"),
        }
        text
    }
}

impl fmt::Display for CutPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
