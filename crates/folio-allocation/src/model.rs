//! The model: initiatives, their costs, dependencies and value; budgets, capacity and
//! the horizon mix.
//!
//! [`PortfolioData`] is the plain form (what JSON holds); [`Portfolio`] is the validated
//! form every scenario takes. Building a portfolio checks everything once: unique ids,
//! known prerequisites, no dependency cycle (the error names the ids on the cycle),
//! non-negative costs, budgets and capacity with one entry per period, costs only in
//! resource kinds that have capacity, timings inside the periods, a planned schedule that
//! starts no initiative before its prerequisites finish, consistent mix bounds and
//! objective weights. Deserializing a [`Portfolio`] runs the same checks.
//!
//! # Periods
//!
//! Time is the portfolio's list of [`Period`]s (quarters, months, ...); an initiative's
//! `start`, `earliest_start` and `deadline` are 0-based indices into it, and its `cost`
//! lists one [`PeriodCost`] per period of work from `start` on, so its duration is the
//! length of that list and it occupies periods `start .. start + duration`.
//!
//! # Value and risk adjustment
//!
//! An initiative's value is its NPV: either [given](Value::Given) or computed from a
//! business case's periodic net flows with [`folio_roi::npv_from_start`] (the first flow
//! undiscounted). With a risk score `s` on folio-risk's 1-5 scale (the `score` of a
//! `folio_risk::ProductScore`) and the portfolio's `risk_haircut` `h` (default 0.5),
//!
//! ```text
//! risk-adjusted value = value × (1 − h × (s − 1) / 4)     when value > 0
//!                     = value                              when value ≤ 0
//! ```
//!
//! so a score of 1 keeps the full value, 3 takes off `h / 2`, 5 takes off `h`. A negative
//! value (a net cost) is not haircut: risk must not make a loss look smaller. Without a
//! score the value is used as given. Spend already sunk in an initiative in flight is
//! reported but never counts in a decision: only remaining cost does.

use std::collections::{BTreeMap, BTreeSet};

use folio_types::{
    Currency, Horizon, InitiativeId, KeyResultId, ObjectiveId, Period, ProductId, Ratio,
    RiskRating, Weight,
};
use rust_decimal::Decimal;

use crate::error::{Error, Result, overflow};

folio_types::define_id!(
    /// A kind of capacity named by the user: `engineering`, `design`, `data`, ...
    pub ResourceKind, "resource kind"
);

/// Where an initiative stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum State {
    /// Not yet approved.
    Proposed,
    /// Approved, not started.
    Committed,
    /// Running, with spend already sunk (reported, never counted in a decision).
    InFlight {
        /// Money already spent.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        sunk: Decimal,
    },
}

/// Where an initiative's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "source", rename_all = "snake_case"))]
pub enum Value {
    /// An NPV given by the caller, in the portfolio's currency.
    Given {
        /// The net present value.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        npv: Decimal,
    },
    /// A business case: periodic net flows (benefit minus remaining cost, period 0
    /// first) valued with [`folio_roi::npv_from_start`] at `discount_rate` per period.
    BusinessCase {
        /// The discount rate per period.
        discount_rate: Ratio,
        /// The net flow of each period, in the portfolio's currency.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize_vec")
        )]
        flows: Vec<Decimal>,
    },
}

/// An initiative's remaining cost in one period of work.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PeriodCost {
    /// Money, in the portfolio's currency.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub money: Decimal,
    /// Capacity by resource kind (for example FTE), in the units of that kind's
    /// capacity.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_map")
    )]
    pub capacity: BTreeMap<ResourceKind, Decimal>,
}

/// One initiative: what it costs, when, what it needs first, and what it is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Initiative {
    /// The initiative's id.
    pub id: InitiativeId,
    /// The product it belongs to.
    pub product: ProductId,
    /// Its investment horizon.
    pub horizon: Horizon,
    /// Proposed, committed or in flight.
    pub state: State,
    /// The planned first period of remaining work (0-based index).
    pub start: usize,
    /// The earliest period it could start (defaults to 0).
    #[cfg_attr(feature = "serde", serde(default))]
    pub earliest_start: usize,
    /// The last period it may still run in, if it has a deadline.
    #[cfg_attr(feature = "serde", serde(default))]
    pub deadline: Option<usize>,
    /// Remaining cost, one entry per period of work from `start` (the duration is the
    /// length of this list, at least 1).
    pub cost: Vec<PeriodCost>,
    /// Finish-to-start prerequisites: initiatives that must finish before this one
    /// starts, and without which it cannot be kept.
    #[cfg_attr(feature = "serde", serde(default))]
    pub depends_on: BTreeSet<InitiativeId>,
    /// Regulatory or contractual: must be funded.
    #[cfg_attr(feature = "serde", serde(default))]
    pub mandate: bool,
    /// Protected by the leader: kept in a cut unless the cut's options say otherwise.
    #[cfg_attr(feature = "serde", serde(default))]
    pub protected: bool,
    /// Its value (NPV).
    pub value: Value,
    /// Its risk score on folio-risk's 1-5 scale, if assessed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub risk: Option<RiskRating>,
    /// The key results it is expected to move, with the expected progress lift (0.1
    /// is ten points of progress).
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_map")
    )]
    pub key_results: BTreeMap<KeyResultId, Decimal>,
}

impl Initiative {
    /// The number of periods of remaining work.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // "b" runs for two periods, "a" for one.
    /// assert_eq!(portfolio.initiative("b").map(|i| i.duration()), Some(2));
    /// assert_eq!(portfolio.initiative("a").map(|i| i.duration()), Some(1));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn duration(&self) -> usize {
        self.cost.len()
    }
}

/// Lower and upper bounds of one horizon's share of spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct MixBound {
    /// The smallest share (0.6 is 60%).
    pub min: Ratio,
    /// The largest share.
    pub max: Ratio,
}

/// The plain form of a portfolio, as JSON holds it; [`Portfolio::new`] validates it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PortfolioData {
    /// The currency of every amount.
    pub currency: Currency,
    /// The planning periods, in order; indices into this list place the work.
    pub periods: Vec<Period>,
    /// The money budget of each period.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize_vec")
    )]
    pub budget: Vec<Decimal>,
    /// The capacity of each resource kind in each period.
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            deserialize_with = "folio_types::decimal::deserialize_map_vec"
        )
    )]
    pub capacity: BTreeMap<ResourceKind, Vec<Decimal>>,
    /// The discount rate per period used to value a delay (default 0: a delay then
    /// loses no value).
    #[cfg_attr(feature = "serde", serde(default = "zero_ratio"))]
    pub discount_rate: Ratio,
    /// The largest share of value a risk score of 5 takes off (default 0.5; 0..=1).
    #[cfg_attr(feature = "serde", serde(default = "default_haircut"))]
    pub risk_haircut: Ratio,
    /// Optional bounds on each horizon's share of kept spend.
    #[cfg_attr(feature = "serde", serde(default))]
    pub mix: BTreeMap<Horizon, MixBound>,
    /// For each objective, the weight of each key result in its weighted rollup (the
    /// weights folio-okr's weighted method uses).
    #[cfg_attr(feature = "serde", serde(default))]
    pub objectives: BTreeMap<ObjectiveId, BTreeMap<KeyResultId, Weight>>,
    /// The initiatives, in any order.
    pub initiatives: Vec<Initiative>,
}

#[cfg(feature = "serde")]
fn zero_ratio() -> Ratio {
    Ratio::ZERO
}

/// The default risk haircut: a score of 5 halves the value.
pub const DEFAULT_RISK_HAIRCUT: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

#[cfg(feature = "serde")]
fn default_haircut() -> Ratio {
    Ratio::from_decimal(DEFAULT_RISK_HAIRCUT)
}

/// A validated portfolio: the input of every scenario.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::Portfolio;
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
///   "capacity": { "engineering": ["4"] },
///   "initiatives": [
///     { "id": "a", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
///       "start": 0, "cost": [{ "money": "60", "capacity": { "engineering": "2" } }],
///       "value": { "source": "given", "npv": "150" }, "risk": "3" }
///   ]
/// }"#)?;
/// // A risk score of 3 takes a quarter off with the default haircut of 0.5.
/// assert_eq!(portfolio.risk_adjusted_value("a")?.normalize().to_string(), "112.5");
///
/// let cycle = r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "initiatives": [
///   { "id": "a", "product": "p", "horizon": "core", "state": { "status": "proposed" }, "start": 0,
///     "cost": [{}], "depends_on": ["b"], "value": { "source": "given", "npv": "1" } },
///   { "id": "b", "product": "p", "horizon": "core", "state": { "status": "proposed" }, "start": 0,
///     "cost": [{}], "depends_on": ["a"], "value": { "source": "given", "npv": "1" } } ] }"#;
/// let err = serde_json::from_str::<Portfolio>(cycle).unwrap_err();
/// assert!(err.to_string().contains("dependency cycle: a -> b -> a"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "PortfolioData", into = "PortfolioData")
)]
pub struct Portfolio {
    data: PortfolioData,
    c: Compiled,
}

/// Dense indices and derived numbers, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Compiled {
    /// Risk-adjusted value per initiative (index = position in `data.initiatives`,
    /// which is sorted by id).
    pub(crate) value: Vec<Decimal>,
    /// Unadjusted value per initiative.
    pub(crate) raw_value: Vec<Decimal>,
    /// Total remaining money per initiative.
    pub(crate) spend: Vec<Decimal>,
    /// Direct prerequisites per initiative, as indices.
    pub(crate) prereqs: Vec<Vec<usize>>,
    /// Direct dependents per initiative, as indices.
    pub(crate) dependents: Vec<Vec<usize>>,
    /// Resource kinds, in id order.
    pub(crate) kinds: Vec<ResourceKind>,
    /// Capacity cost per initiative: `cap[i][k][offset]` for work period `offset`.
    pub(crate) cap: Vec<Vec<Vec<Decimal>>>,
    /// Total planned spend of all initiatives.
    pub(crate) total_spend: Decimal,
}

impl From<Portfolio> for PortfolioData {
    fn from(p: Portfolio) -> Self {
        p.data
    }
}

impl TryFrom<PortfolioData> for Portfolio {
    type Error = Error;
    fn try_from(data: PortfolioData) -> Result<Self> {
        Self::new(data)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Portfolio {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Portfolio")
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PortfolioData::json_schema(generator)
    }
}

fn non_negative(context: impl FnOnce() -> String, value: Decimal) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::InvalidAmount {
            context: context(),
            value,
            reason: "must not be negative",
        });
    }
    Ok(())
}

fn checked_sum<'a>(
    values: impl IntoIterator<Item = &'a Decimal>,
    operation: &'static str,
) -> Result<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| {
        acc.checked_add(*v).ok_or_else(|| overflow(operation))
    })
}

impl Portfolio {
    /// Validates `data` and compiles it for the scenarios.
    ///
    /// # Errors
    ///
    /// Every check listed in the [module docs](self) has its own [`Error`] variant
    /// naming the initiative, field or ids involved.
    pub fn new(mut data: PortfolioData) -> Result<Self> {
        let periods = data.periods.len();
        if periods == 0 {
            return Err(Error::InvalidPeriods {
                problem: "at least one period is needed".into(),
            });
        }
        let distinct: BTreeSet<&Period> = data.periods.iter().collect();
        if distinct.len() != periods {
            return Err(Error::InvalidPeriods {
                problem: "a period appears more than once".into(),
            });
        }
        check_series("budget", &data.budget, periods)?;
        for (kind, series) in &data.capacity {
            check_series(&format!("capacity {kind:?}"), series, periods)?;
        }
        let haircut = data.risk_haircut.value();
        if haircut.is_sign_negative() && !haircut.is_zero() || haircut > Decimal::ONE {
            return Err(Error::InvalidAmount {
                context: "risk_haircut".into(),
                value: haircut,
                reason: "must lie in 0..=1",
            });
        }
        if data.discount_rate.value() <= Decimal::NEGATIVE_ONE {
            return Err(Error::InvalidAmount {
                context: "discount_rate".into(),
                value: data.discount_rate.value(),
                reason: "must be above -1",
            });
        }
        check_mix(&data.mix)?;
        for (objective, weights) in &data.objectives {
            let values: Vec<Decimal> = weights.values().map(|w| w.value()).collect();
            let total = checked_sum(&values, "summing objective weights")?;
            if total.is_zero() {
                return Err(Error::InvalidObjective {
                    objective: objective.to_string(),
                    problem: "its key-result weights are missing or all zero".into(),
                });
            }
        }

        data.initiatives.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in data.initiatives.windows(2) {
            if let [a, b] = pair {
                if a.id == b.id {
                    return Err(Error::DuplicateInitiative { id: a.id.clone() });
                }
            }
        }
        let index: BTreeMap<&InitiativeId, usize> = data
            .initiatives
            .iter()
            .enumerate()
            .map(|(i, x)| (&x.id, i))
            .collect();
        let kinds: Vec<ResourceKind> = data.capacity.keys().cloned().collect();
        let n = data.initiatives.len();
        let mut c = Compiled {
            value: Vec::with_capacity(n),
            raw_value: Vec::with_capacity(n),
            spend: Vec::with_capacity(n),
            prereqs: vec![Vec::new(); n],
            dependents: vec![Vec::new(); n],
            kinds: kinds.clone(),
            cap: Vec::with_capacity(n),
            total_spend: Decimal::ZERO,
        };
        for (i, x) in data.initiatives.iter().enumerate() {
            check_initiative(x, periods, &data)?;
            let raw = raw_value(x, data.currency)?;
            c.raw_value.push(raw);
            c.value.push(risk_adjust(raw, x.risk, haircut)?);
            let spend = checked_sum(
                x.cost.iter().map(|pc| &pc.money),
                "summing an initiative's spend",
            )?;
            c.spend.push(spend);
            c.total_spend = c
                .total_spend
                .checked_add(spend)
                .ok_or_else(|| overflow("summing planned spend"))?;
            let mut per_kind = Vec::with_capacity(kinds.len());
            for kind in &kinds {
                per_kind.push(
                    x.cost
                        .iter()
                        .map(|pc| pc.capacity.get(kind).copied().unwrap_or_default())
                        .collect(),
                );
            }
            c.cap.push(per_kind);
            for pre in &x.depends_on {
                let Some(&j) = index.get(pre) else {
                    return Err(Error::UnknownPrerequisite {
                        initiative: x.id.clone(),
                        prerequisite: pre.clone(),
                    });
                };
                if let Some(list) = c.prereqs.get_mut(i) {
                    list.push(j);
                }
                if let Some(list) = c.dependents.get_mut(j) {
                    list.push(i);
                }
            }
        }
        if let Some(cycle) = find_cycle(&c.prereqs) {
            let cycle = cycle
                .iter()
                .filter_map(|&i| data.initiatives.get(i).map(|x| x.id.clone()))
                .collect();
            return Err(Error::DependencyCycle { cycle });
        }
        // Every row total must fit in a Decimal, so that no subset sum overflows later
        // (money is covered by `total_spend`; all amounts are non-negative).
        for (k, _) in kinds.iter().enumerate() {
            let mut total = Decimal::ZERO;
            for per in &c.cap {
                for v in per.get(k).into_iter().flatten() {
                    total = total
                        .checked_add(*v)
                        .ok_or_else(|| overflow("summing planned capacity"))?;
                }
            }
        }
        for (i, x) in data.initiatives.iter().enumerate() {
            for &j in c.prereqs.get(i).into_iter().flatten() {
                let Some(pre) = data.initiatives.get(j) else {
                    continue;
                };
                let finish = pre.start.saturating_add(pre.duration());
                if x.start < finish {
                    return Err(Error::PlanBreaksDependency {
                        initiative: x.id.clone(),
                        start: x.start,
                        prerequisite: pre.id.clone(),
                        prerequisite_finish: finish,
                    });
                }
            }
        }
        Ok(Self { data, c })
    }

    /// The validated data (initiatives in id order).
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// assert_eq!(portfolio.data().budget.len(), 2);
    /// assert_eq!(portfolio.data().initiatives[0].id.as_str(), "a");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn data(&self) -> &PortfolioData {
        &self.data
    }

    /// The initiatives, in id order.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // Listed as "b", "a"; kept in id order.
    /// let ids: Vec<&str> = portfolio.initiatives().iter().map(|i| i.id.as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initiatives(&self) -> &[Initiative] {
        &self.data.initiatives
    }

    /// The initiative `id`.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// assert_eq!(portfolio.initiative("a").map(|i| i.start), Some(1));
    /// assert!(portfolio.initiative("zeta").is_none());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.position(id).and_then(|i| self.data.initiatives.get(i))
    }

    /// The portfolio's currency.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// assert_eq!(portfolio.currency().to_string(), "USD");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.data.currency
    }

    /// The planning periods.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// let periods: Vec<String> = portfolio.periods().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(periods, ["2027-Q1", "2027-Q2"]);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn periods(&self) -> &[Period] {
        &self.data.periods
    }

    /// Total remaining planned spend of every initiative.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // 60 + 20 for "b" and 30 for "a".
    /// assert_eq!(portfolio.planned_spend(), folio_types::Decimal::from(110));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn planned_spend(&self) -> Decimal {
        self.c.total_spend
    }

    /// The risk-adjusted value of initiative `id` (see the [module docs](self) for the
    /// rule).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownInitiative`] if `id` is not in the portfolio.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // A risk score of 3 takes 0.5 × (3 − 1)/4 = a quarter off: 150 × 0.75 = 112.5.
    /// assert_eq!(portfolio.risk_adjusted_value("b")?.normalize().to_string(), "112.5");
    /// // No risk score, no haircut.
    /// assert_eq!(portfolio.risk_adjusted_value("a")?, 40.into());
    /// assert!(portfolio.risk_adjusted_value("zeta").is_err());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn risk_adjusted_value(&self, id: &str) -> Result<Decimal> {
        let i = self.index_of(id)?;
        self.c.value.get(i).copied().ok_or_else(|| unknown(id))
    }

    /// The value of initiative `id` before risk adjustment.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownInitiative`] if `id` is not in the portfolio.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// # let portfolio: folio_allocation::Portfolio = serde_json::from_str(r#"{
    /// #   "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
    /// #   "initiatives": [
    /// #     { "id": "b", "product": "atlas", "horizon": "core", "state": { "status": "committed" },
    /// #       "start": 0, "cost": [{ "money": "60" }, { "money": "20" }],
    /// #       "value": { "source": "given", "npv": "150" }, "risk": "3" },
    /// #     { "id": "a", "product": "atlas", "horizon": "grow", "state": { "status": "proposed" },
    /// #       "start": 1, "cost": [{ "money": "30" }], "value": { "source": "given", "npv": "40" } }
    /// #   ]
    /// # }"#)?;
    /// // The given NPV, before the risk score of 3 takes a quarter off.
    /// assert_eq!(portfolio.value("b")?, 150.into());
    /// assert_eq!(portfolio.risk_adjusted_value("b")?.normalize().to_string(), "112.5");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self, id: &str) -> Result<Decimal> {
        let i = self.index_of(id)?;
        self.c.raw_value.get(i).copied().ok_or_else(|| unknown(id))
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.data
            .initiatives
            .binary_search_by(|x| x.id.as_str().cmp(id))
            .ok()
    }

    pub(crate) fn index_of(&self, id: &str) -> Result<usize> {
        self.position(id).ok_or_else(|| unknown(id))
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.c
    }
}

fn unknown(id: &str) -> Error {
    match InitiativeId::new(id) {
        Ok(id) => Error::UnknownInitiative { id },
        Err(e) => Error::Core(e),
    }
}

fn check_series(context: &str, series: &[Decimal], periods: usize) -> Result<()> {
    if series.len() != periods {
        return Err(Error::LengthMismatch {
            context: context.to_owned(),
            expected: periods,
            found: series.len(),
        });
    }
    for (p, v) in series.iter().enumerate() {
        non_negative(|| format!("{context}[{p}]"), *v)?;
    }
    Ok(())
}

fn check_mix(mix: &BTreeMap<Horizon, MixBound>) -> Result<()> {
    let mut mins = Decimal::ZERO;
    for (h, b) in mix {
        let (min, max) = (b.min.value(), b.max.value());
        if min.is_sign_negative() && !min.is_zero() || max > Decimal::ONE || min > max {
            return Err(Error::InvalidMix {
                problem: format!("{h:?}: need 0 <= min <= max <= 1, found {min}..{max}"),
            });
        }
        mins = mins
            .checked_add(min)
            .ok_or_else(|| overflow("summing mix floors"))?;
    }
    if mins > Decimal::ONE {
        return Err(Error::InvalidMix {
            problem: format!("the floors add up to {mins}, more than 1"),
        });
    }
    Ok(())
}

fn check_initiative(x: &Initiative, periods: usize, data: &PortfolioData) -> Result<()> {
    let timing = |problem: String| Error::InvalidTiming {
        initiative: x.id.clone(),
        problem,
    };
    if x.cost.is_empty() {
        return Err(timing(
            "cost lists no period of work (the duration must be at least 1)".into(),
        ));
    }
    let end = x
        .start
        .checked_add(x.cost.len())
        .ok_or_else(|| timing("start overflows".into()))?;
    if end > periods {
        return Err(timing(format!(
            "runs from period {} for {} periods, past the {periods} periods",
            x.start,
            x.cost.len()
        )));
    }
    if x.earliest_start > x.start {
        return Err(timing(format!(
            "planned start {} is before its earliest start {}",
            x.start, x.earliest_start
        )));
    }
    if let Some(deadline) = x.deadline {
        let earliest_last = x
            .earliest_start
            .saturating_add(x.cost.len())
            .saturating_sub(1);
        if deadline < earliest_last {
            return Err(timing(format!(
                "deadline {deadline} is before the earliest possible last period {earliest_last}"
            )));
        }
    }
    if let State::InFlight { sunk } = x.state {
        non_negative(
            || format!("initiative {:?} state.sunk", x.id.as_str()),
            sunk,
        )?;
    }
    for (o, pc) in x.cost.iter().enumerate() {
        non_negative(
            || format!("initiative {:?} cost[{o}].money", x.id.as_str()),
            pc.money,
        )?;
        for (kind, v) in &pc.capacity {
            if !data.capacity.contains_key(kind) {
                return Err(Error::UnknownResourceKind {
                    initiative: x.id.clone(),
                    kind: kind.to_string(),
                });
            }
            non_negative(
                || format!("initiative {:?} cost[{o}].capacity.{kind}", x.id.as_str()),
                *v,
            )?;
        }
    }
    Ok(())
}

fn raw_value(x: &Initiative, currency: Currency) -> Result<Decimal> {
    match &x.value {
        Value::Given { npv } => Ok(*npv),
        Value::BusinessCase {
            discount_rate,
            flows,
        } => {
            let flows = folio_roi::PeriodicFlows::new(currency, flows.clone());
            folio_roi::npv_from_start(*discount_rate, &flows)
                .map(|m| m.amount())
                .map_err(|source| Error::Roi {
                    initiative: x.id.clone(),
                    source,
                })
        }
    }
}

/// Applies the documented risk-adjustment rule.
pub(crate) fn risk_adjust(
    value: Decimal,
    risk: Option<RiskRating>,
    haircut: Decimal,
) -> Result<Decimal> {
    let Some(score) = risk else { return Ok(value) };
    if value <= Decimal::ZERO {
        return Ok(value);
    }
    let steps = score
        .value()
        .checked_sub(Decimal::ONE)
        .ok_or_else(|| overflow("risk adjustment"))?;
    let off = haircut
        .checked_mul(steps)
        .and_then(|v| v.checked_div(Decimal::from(4)))
        .ok_or_else(|| overflow("risk adjustment"))?;
    let factor = Decimal::ONE
        .checked_sub(off)
        .ok_or_else(|| overflow("risk adjustment"))?;
    value
        .checked_mul(factor)
        .ok_or_else(|| overflow("risk adjustment"))
}

/// Finds a dependency cycle, returned starting from its smallest index, each element
/// depending on the next.
fn find_cycle(prereqs: &[Vec<usize>]) -> Option<Vec<usize>> {
    // Iterative depth-first search with colours: 0 new, 1 on the path, 2 done.
    let n = prereqs.len();
    let mut colour = vec![0u8; n];
    for root in 0..n {
        if colour.get(root) != Some(&0) {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(c) = colour.get_mut(root) {
            *c = 1;
        }
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edge = prereqs.get(node).and_then(|e| e.get(*next)).copied();
            *next = next.saturating_add(1);
            match edge {
                None => {
                    if let Some(c) = colour.get_mut(node) {
                        *c = 2;
                    }
                    path.pop();
                }
                Some(m) => match colour.get(m) {
                    Some(0) => {
                        if let Some(c) = colour.get_mut(m) {
                            *c = 1;
                        }
                        path.push((m, 0));
                    }
                    Some(1) => {
                        let from = path.iter().position(|&(x, _)| x == m).unwrap_or(0);
                        let mut cycle: Vec<usize> =
                            path.iter().skip(from).map(|&(x, _)| x).collect();
                        let min_at = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|&(_, v)| *v)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min_at);
                        return Some(cycle);
                    }
                    _ => {}
                },
            }
        }
    }
    None
}
