//! Two levels of ROI: initiatives (micro) and product lines (macro), with ranking and
//! a payback trigger.
//!
//! - [`evaluate`] turns one [`BusinessCase`] into an [`InitiativeReport`]: totals, ROI,
//!   NPV, IRR, simple and discounted payback.
//! - [`product_lines`] aggregates the initiatives of each product line by adding their
//!   net cash flows (period by period, or date by date) and reports the same measures on
//!   the sum, with each initiative's [`InitiativeContribution`]: its investment, benefit and NPV
//!   and its share of the line's investment and benefit. NPV is additive, so the
//!   initiatives' NPVs add up to the line's; IRR and payback are not, which is why they
//!   are computed on the summed flows rather than combined.
//! - [`crate::rank_by_payback`] and [`crate::rank_by_npv`] order initiatives, ties
//!   broken by id ([`crate::ranking`]).
//! - [`crate::PaybackTrigger`] flags initiatives and product lines whose payback exceeds a
//!   threshold, or that never pay back ("if payback exceeds Y months, require
//!   justification or scope change").
//!
//! # Conventions
//!
//! For periodic cases the discount rate of the [`ReportPolicy`] is per period and NPV is
//! [`npv_from_start`] (period 0, usually the investment, is not discounted); for dated
//! cases it is annual and NPV is [`crate::xnpv_with`] with the policy's [`crate::DayCount`] (ACT/365F, the spreadsheet `XNPV`, by default). Payback is in periods or in days
//! accordingly ([`crate::TimeUnit`]).

use std::collections::{BTreeMap, BTreeSet};

use folio_types::{InitiativeId, Money, ProductLineId, Ratio};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::JsonSchema;

use crate::case::{BusinessCase, NetFlows};
use crate::day_count::DayCount;
use crate::error::{Error, Result};
use crate::flows::{DatedFlows, PeriodicFlows, checked_sum};
use crate::irr::{RateSearch, Rates, irr_with, xirr_with};
use crate::npv::{growth, npv_from_start, xnpv_with};
use crate::payback::{
    Payback, dated_discounted_payback, dated_payback, discounted_payback, payback,
};

/// How the reports measure a case: the discount rate and where to search for rates of
/// return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PolicyData", into = "PolicyData"))]
pub struct ReportPolicy {
    discount_rate: Ratio,
    rate_search: RateSearch,
    day_count: DayCount,
}

/// The serialized form of [`ReportPolicy`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct PolicyData {
    /// Per period for periodic cases, per year for dated ones; above -1.
    discount_rate: Ratio,
    /// Where the IRR and XIRR solvers search; the default if missing.
    #[cfg_attr(feature = "serde", serde(default))]
    rate_search: RateSearch,
    /// How dated cases time their flows for XNPV and XIRR; ACT/365F if missing.
    #[cfg_attr(feature = "serde", serde(default))]
    day_count: DayCount,
}

impl TryFrom<PolicyData> for ReportPolicy {
    type Error = Error;

    fn try_from(data: PolicyData) -> Result<Self> {
        Ok(Self::new(data.discount_rate)?
            .with_rate_search(data.rate_search)
            .with_day_count(data.day_count))
    }
}

impl From<ReportPolicy> for PolicyData {
    fn from(policy: ReportPolicy) -> Self {
        Self {
            discount_rate: policy.discount_rate,
            rate_search: policy.rate_search,
            day_count: policy.day_count,
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for ReportPolicy {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("ReportPolicy")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PolicyData::json_schema(generator)
    }
}

impl ReportPolicy {
    /// Discount at `discount_rate`, with the default [`RateSearch`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRate`] for a rate of -100% or below.
    ///
    /// ```
    /// use folio_types::{Decimal, Ratio};
    /// use folio_roi::ReportPolicy;
    ///
    /// let policy = ReportPolicy::new(Ratio::new(Decimal::new(8, 2))?)?;
    /// assert_eq!(policy.discount_rate().value(), Decimal::new(8, 2));
    /// assert!(ReportPolicy::new(Ratio::new(Decimal::NEGATIVE_ONE)?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(discount_rate: Ratio) -> Result<Self> {
        growth(discount_rate, "discount rate")?;
        Ok(Self {
            discount_rate,
            rate_search: RateSearch::default(),
            day_count: DayCount::Act365F,
        })
    }

    /// The same policy timing dated flows by `day_count` for XNPV and XIRR (dated
    /// payback always counts actual days).
    ///
    /// ```
    /// use folio_types::{Decimal, Ratio};
    /// use folio_roi::{DayCount, ReportPolicy};
    ///
    /// let policy = ReportPolicy::new(Ratio::new(Decimal::new(8, 2))?)?.with_day_count(DayCount::ActActIsda);
    /// assert_eq!(policy.day_count(), DayCount::ActActIsda);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_day_count(self, day_count: DayCount) -> Self {
        Self { day_count, ..self }
    }

    /// How dated flows are timed for XNPV and XIRR.
    pub fn day_count(&self) -> DayCount {
        self.day_count
    }

    /// The same policy searching rates of return in `search`.
    ///
    /// ```
    /// use folio_types::{Decimal, Ratio};
    /// use folio_roi::{RateSearch, ReportPolicy};
    ///
    /// let search = RateSearch::new(Ratio::new(Decimal::new(-5, 1))?, Ratio::new(Decimal::ONE)?, Ratio::new(Decimal::new(1, 1))?)?;
    /// let policy = ReportPolicy::new(Ratio::new(Decimal::new(8, 2))?)?.with_rate_search(search);
    /// assert_eq!(policy.rate_search(), &search);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_rate_search(self, search: RateSearch) -> Self {
        Self {
            rate_search: search,
            ..self
        }
    }

    /// The discount rate.
    pub fn discount_rate(&self) -> Ratio {
        self.discount_rate
    }

    /// Where rates of return are searched.
    pub fn rate_search(&self) -> &RateSearch {
        &self.rate_search
    }
}

/// The rate of return of a schedule, as far as it exists.
///
/// [`Display`](std::fmt::Display) writes it for a report:
///
/// ```
/// use folio_types::{Decimal, Ratio};
/// use folio_roi::RateOfReturn;
///
/// assert_eq!(RateOfReturn::Rate { rate: Ratio::new(Decimal::new(1, 1))? }.to_string(), "0.1");
/// assert_eq!(RateOfReturn::NoSignChange.to_string(), "none: the flows never change sign");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum RateOfReturn {
    /// Exactly one rate in the search range.
    Rate {
        /// The rate: per period for periodic flows, per year for dated ones.
        rate: Ratio,
    },
    /// Several rates in the search range; none of them is "the" rate, though `rate` is
    /// the one a spreadsheet gives.
    Several {
        /// The spreadsheet's rate (see [`crate::irr()`] for how it is chosen).
        rate: Ratio,
        /// Every rate found, lowest first; `rate` is among them.
        rates: Vec<Ratio>,
    },
    /// The flows never change sign, so no rate exists.
    NoSignChange,
    /// No rate in the search range.
    NotInRange,
}

impl RateOfReturn {
    fn from_solver(found: Result<Rates>) -> Result<Self> {
        match found {
            Ok(rates) if rates.is_unique() => Ok(Self::Rate { rate: rates.rate() }),
            Ok(rates) => Ok(Self::Several {
                rate: rates.rate(),
                rates: rates.all().to_vec(),
            }),
            Err(Error::NoSignChange) => Ok(Self::NoSignChange),
            Err(Error::NoRateInRange { .. }) => Ok(Self::NotInRange),
            Err(e) => Err(e),
        }
    }
}

impl std::fmt::Display for RateOfReturn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rate { rate } => write!(f, "{rate}"),
            Self::Several { rate, rates } => {
                let all = rates.iter().map(ToString::to_string).collect::<Vec<_>>();
                write!(f, "{rate} (not unique; all rates: {})", all.join(", "))
            }
            Self::NoSignChange => f.write_str("none: the flows never change sign"),
            Self::NotInRange => f.write_str("none in the range searched"),
        }
    }
}

/// The measures of one schedule of net flows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Measures {
    /// Total investment over the horizon.
    pub investment: Money,
    /// Total benefit over the horizon.
    pub benefit: Money,
    /// `benefit - investment`, undiscounted.
    pub net: Money,
    /// `net / investment` over the horizon; `None` when nothing is invested.
    pub roi: Option<Ratio>,
    /// Net present value at the policy's discount rate (see the [module docs](self)).
    pub npv: Money,
    /// IRR (periodic) or XIRR (dated).
    pub rate_of_return: RateOfReturn,
    /// Simple payback.
    pub payback: Payback,
    /// Payback of the discounted flows.
    pub discounted_payback: Payback,
}

impl Measures {
    fn of(
        flows: &NetFlows,
        investment: Money,
        benefit: Money,
        policy: &ReportPolicy,
    ) -> Result<Self> {
        let net = benefit.checked_sub(investment)?;
        let roi = if investment.is_zero() {
            None
        } else {
            Some(net.ratio_to(investment)?)
        };
        let rate = policy.discount_rate;
        let (npv, found, simple, discounted) = match flows {
            NetFlows::Periodic(f) => (
                npv_from_start(rate, f)?,
                irr_with(f, &policy.rate_search),
                payback(f)?,
                discounted_payback(rate, f)?,
            ),
            NetFlows::Dated(f) => (
                xnpv_with(rate, f, policy.day_count)?,
                xirr_with(f, &policy.rate_search, policy.day_count),
                dated_payback(f)?,
                dated_discounted_payback(rate, f)?,
            ),
        };
        Ok(Self {
            investment,
            benefit,
            net,
            roi,
            npv,
            rate_of_return: RateOfReturn::from_solver(found)?,
            payback: simple,
            discounted_payback: discounted,
        })
    }
}

/// The ROI report of one initiative.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct InitiativeReport {
    /// The initiative.
    pub initiative: InitiativeId,
    /// Its product line.
    pub product_line: ProductLineId,
    /// The measures of its net flows.
    pub measures: Measures,
}

/// Measures one business case.
///
/// # Errors
///
/// [`Error::Empty`] for a case with no flows at all; [`Error::Overflow`],
/// [`Error::NoConvergence`] from the arithmetic and the solvers.
///
/// ```
/// # use folio_types::{Currency, Decimal, InitiativeId, Money, ProductLineId};
/// # use folio_roi::{Benefit, BusinessCase, BusinessCaseData, Component, Investment, PeriodRange, Window};
/// # let eur = Currency::new("EUR")?;
/// # let m = |a: i64| Money::new(Decimal::from(a), eur);
/// # let case = BusinessCase::new(BusinessCaseData {
/// #     initiative: InitiativeId::new("onboarding")?,
/// #     product_line: ProductLineId::new("atlas")?,
/// #     currency: eur,
/// #     investment: Investment { people_cost: Component::Periodic(vec![m(100_000)]), ..Investment::default() },
/// #     benefit: Benefit { cost_savings: Component::Periodic(vec![m(0), m(60_000), m(60_000)]), ..Benefit::default() },
/// #     benefit_window: Window::Periods(PeriodRange::new(1, 2)?),
/// # })?;
/// use folio_types::Ratio;
/// use folio_roi::{RateOfReturn, ReportPolicy, evaluate};
///
/// let report = evaluate(&case, &ReportPolicy::new(Ratio::new(Decimal::new(1, 1))?)?)?;
/// assert_eq!(report.measures.net.amount(), Decimal::from(20_000));
/// assert!(matches!(report.measures.rate_of_return, RateOfReturn::Rate { .. }));
/// assert!(report.measures.payback.pays_back());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(case: &BusinessCase, policy: &ReportPolicy) -> Result<InitiativeReport> {
    let roi_totals = totals(case)?;
    let flows = case.net_flows()?;
    Ok(InitiativeReport {
        initiative: case.initiative().clone(),
        product_line: case.product_line().clone(),
        measures: Measures::of(&flows, roi_totals.0, roi_totals.1, policy)?,
    })
}

/// Total investment and benefit of a case over its whole horizon.
fn totals(case: &BusinessCase) -> Result<(Money, Money)> {
    match case.roi(None) {
        Ok(r) => Ok((r.investment, r.benefit)),
        Err(Error::NoInvestment { .. }) => {
            // Nothing invested: the benefit is the whole net flow.
            let benefit = match case.net_flows()? {
                NetFlows::Periodic(f) => f.total()?,
                NetFlows::Dated(f) => f.total()?,
            };
            Ok((Money::zero(case.currency()), benefit))
        }
        Err(e) => Err(e),
    }
}

/// One initiative's part in its product line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct InitiativeContribution {
    /// The initiative.
    pub initiative: InitiativeId,
    /// Its total investment.
    pub investment: Money,
    /// Its total benefit.
    pub benefit: Money,
    /// Its NPV at the policy's rate; the line's NPV is the sum of these.
    pub npv: Money,
    /// Its share of the line's investment; `None` if the line invests nothing.
    pub share_of_investment: Option<Ratio>,
    /// Its share of the line's benefit; `None` if the line returns nothing.
    pub share_of_benefit: Option<Ratio>,
}

/// The ROI report of a product line, aggregated from its initiatives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ProductLineReport {
    /// The product line.
    pub product_line: ProductLineId,
    /// The measures of the summed net flows of its initiatives.
    pub measures: Measures,
    /// Each initiative's contribution, by initiative id.
    pub initiatives: Vec<InitiativeContribution>,
}

/// Aggregates business cases into one report per product line, ordered by product
/// line id; see the [module docs](self).
///
/// ```
/// use folio_types::{Currency, Decimal, InitiativeId, Money, ProductLineId, Ratio};
/// use folio_roi::{Benefit, BusinessCase, BusinessCaseData, Component, Investment, PeriodRange, ReportPolicy, Window, product_lines};
///
/// let eur = Currency::new("EUR")?;
/// let m = |a: i64| Money::new(Decimal::from(a), eur);
/// let case = |id: &str, cost: i64, gain: i64| -> Result<BusinessCase, Box<dyn std::error::Error>> {
///     Ok(BusinessCase::new(BusinessCaseData {
///         initiative: InitiativeId::new(id)?,
///         product_line: ProductLineId::new("atlas")?,
///         currency: eur,
///         investment: Investment { people_cost: Component::Periodic(vec![m(cost)]), ..Investment::default() },
///         benefit: Benefit { revenue: Component::Periodic(vec![m(0), m(gain)]), ..Benefit::default() },
///         benefit_window: Window::Periods(PeriodRange::new(1, 1)?),
///     })?)
/// };
/// let policy = ReportPolicy::new(Ratio::ZERO)?;
/// let lines = product_lines(&[case("a", 100, 150)?, case("b", 300, 330)?], &policy)?;
/// let atlas = &lines[0];
/// assert_eq!(atlas.measures.roi.map(|r| r.value()), Some(Decimal::new(2, 1))); // 80 / 400
/// assert_eq!(atlas.initiatives[1].share_of_investment.map(|s| s.value()), Some(Decimal::new(75, 2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::DuplicateInitiative`] if two cases share an initiative id;
/// [`Error::CurrencyMismatch`] or [`Error::ScheduleMismatch`] naming the product line
/// and initiative whose currency or schedule kind differs from the line's first
/// initiative (by id); and the errors of [`evaluate`].
pub fn product_lines(
    cases: &[BusinessCase],
    policy: &ReportPolicy,
) -> Result<Vec<ProductLineReport>> {
    let mut seen = BTreeSet::new();
    let mut lines: BTreeMap<&ProductLineId, Vec<&BusinessCase>> = BTreeMap::new();
    for case in cases {
        if !seen.insert(case.initiative()) {
            return Err(Error::DuplicateInitiative {
                id: case.initiative().to_string(),
            });
        }
        lines.entry(case.product_line()).or_default().push(case);
    }
    lines
        .into_iter()
        .map(|(line, mut members)| {
            members.sort_by(|a, b| a.initiative().cmp(b.initiative()));
            product_line(line, &members, policy)
        })
        .collect()
}

fn product_line(
    line: &ProductLineId,
    members: &[&BusinessCase],
    policy: &ReportPolicy,
) -> Result<ProductLineReport> {
    let Some(first) = members.first() else {
        return Err(Error::Empty {
            what: "product line",
        });
    };
    let currency = first.currency();
    let dated = first.is_dated();
    let mut reports = Vec::with_capacity(members.len());
    let mut periodic: Vec<Decimal> = Vec::new();
    let mut dated_flows = Vec::new();
    for case in members {
        let context = || {
            format!(
                "product line {:?} initiative {:?}",
                line.as_str(),
                case.initiative().as_str()
            )
        };
        if case.currency() != currency {
            return Err(Error::CurrencyMismatch {
                context: context(),
                expected: currency,
                found: case.currency(),
            });
        }
        if case.is_dated() != dated {
            return Err(Error::ScheduleMismatch { context: context() });
        }
        match case.net_flows()? {
            NetFlows::Periodic(f) => add_periodic(&mut periodic, f.amounts())?,
            NetFlows::Dated(f) => dated_flows.extend_from_slice(f.flows()),
        }
        reports.push(evaluate(case, policy)?);
    }
    let flows = if dated {
        NetFlows::Dated(DatedFlows::new(currency, dated_flows))
    } else {
        NetFlows::Periodic(PeriodicFlows::new(currency, periodic))
    };
    let sum = |f: fn(&Measures) -> Money| {
        checked_sum(
            reports.iter().map(|r| f(&r.measures).amount()),
            "summing a product line",
        )
        .map(|s| Money::new(s, currency))
    };
    let investment = sum(|m| m.investment)?;
    let benefit = sum(|m| m.benefit)?;
    let measures = Measures::of(&flows, investment, benefit, policy)?;
    let share = |part: Money, whole: Money| -> Result<Option<Ratio>> {
        if whole.is_zero() {
            Ok(None)
        } else {
            Ok(Some(part.ratio_to(whole)?))
        }
    };
    let initiatives = reports
        .into_iter()
        .map(|r| {
            Ok(InitiativeContribution {
                share_of_investment: share(r.measures.investment, investment)?,
                share_of_benefit: share(r.measures.benefit, benefit)?,
                initiative: r.initiative,
                investment: r.measures.investment,
                benefit: r.measures.benefit,
                npv: r.measures.npv,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ProductLineReport {
        product_line: line.clone(),
        measures,
        initiatives,
    })
}

/// Adds `amounts` to `sum` period by period, growing `sum` as needed.
fn add_periodic(sum: &mut Vec<Decimal>, amounts: &[Decimal]) -> Result<()> {
    if sum.len() < amounts.len() {
        sum.resize(amounts.len(), Decimal::ZERO);
    }
    for (slot, &a) in sum.iter_mut().zip(amounts) {
        *slot = slot.checked_add(a).ok_or(Error::Overflow {
            operation: "summing a product line",
        })?;
    }
    Ok(())
}
