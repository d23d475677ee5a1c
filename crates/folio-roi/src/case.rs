//! The business case of an initiative: what it costs, what it returns, and when.
//!
//! A [`BusinessCase`] standardizes the three ingredients of ROI:
//!
//! - **Investment** = people cost + vendor cost + opportunity cost ([`Investment`]);
//! - **Benefit** = revenue + margin + cost savings + risk reduction ([`Benefit`]);
//! - **Time window**: when the benefits are expected ([`Window`]).
//!
//! Each component is a [`Component`]: one amount per period, or amounts on dates. The
//! components are **magnitudes**: a cost of 100 is written `100` under a cost field, and
//! counts against the case because of the field, not its sign; a negative amount is
//! [`Error::NegativeAmount`]. Components are added as given, so a case that counts the
//! revenue of a launch should not also count the margin on that same revenue.
//!
//! # Validation
//!
//! [`BusinessCase::new`] (and deserialization, which goes through it) rejects:
//!
//! - an amount in another currency than the case's ([`Error::CurrencyMismatch`]);
//! - a negative amount ([`Error::NegativeAmount`]);
//! - a periodic component in a case whose benefit window is dated, or the reverse
//!   ([`Error::ScheduleMismatch`]): the window decides the kind of the schedule;
//! - a non-zero benefit outside the benefit window ([`Error::BenefitOutsideWindow`]).
//!
//! # ROI
//!
//! `ROI = (benefit - investment) / investment` over the flows that fall in a window
//! ([`BusinessCase::roi`]). The window is a choice: ROI over the benefit window alone
//! would leave out an investment made before it, so the whole horizon is the default,
//! and "ROI after three years" is the window from period 0 to period 3. With nothing
//! invested in the window the ratio is undefined: [`Error::NoInvestment`].

use chrono::NaiveDate;
use folio_types::{Currency, InitiativeId, Money, ProductLineId, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::flows::{DatedFlow, DatedFlows, PeriodicFlows, checked_sum, negate};
use crate::window::{Time, Window};

/// An amount of money on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct DatedMoney {
    /// The day of the payment or receipt.
    pub date: NaiveDate,
    /// The amount.
    pub amount: Money,
}

/// The flows of one cost or benefit component: one amount per period (period 0 first)
/// or amounts on dates. Missing components in JSON are empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Component {
    /// One amount per period, period 0 first.
    Periodic(Vec<Money>),
    /// Amounts on dates, in any order; amounts may share a date.
    Dated(Vec<DatedMoney>),
}

impl Default for Component {
    fn default() -> Self {
        Self::Periodic(Vec::new())
    }
}

impl Component {
    fn is_empty(&self) -> bool {
        match self {
            Self::Periodic(v) => v.is_empty(),
            Self::Dated(v) => v.is_empty(),
        }
    }

    /// Each amount with the time it falls at.
    fn entries(&self) -> Vec<(Time, Money)> {
        match self {
            Self::Periodic(v) => v
                .iter()
                .enumerate()
                .map(|(i, m)| (Time::Period(i), *m))
                .collect(),
            Self::Dated(v) => v.iter().map(|d| (Time::Date(d.date), d.amount)).collect(),
        }
    }
}

/// What the initiative costs: people + vendor + opportunity cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Investment {
    /// The cost of the people working on the initiative.
    #[cfg_attr(feature = "serde", serde(default))]
    pub people_cost: Component,
    /// Licences, contractors and other external spend.
    #[cfg_attr(feature = "serde", serde(default))]
    pub vendor_cost: Component,
    /// The value of the best alternative given up to fund the initiative.
    #[cfg_attr(feature = "serde", serde(default))]
    pub opportunity_cost: Component,
}

/// What the initiative returns: revenue + margin + cost savings + risk reduction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Benefit {
    /// New or retained revenue.
    #[cfg_attr(feature = "serde", serde(default))]
    pub revenue: Component,
    /// Improved margin on existing revenue.
    #[cfg_attr(feature = "serde", serde(default))]
    pub margin: Component,
    /// Costs no longer incurred.
    #[cfg_attr(feature = "serde", serde(default))]
    pub cost_savings: Component,
    /// The expected loss avoided (probability times impact of the risks reduced).
    #[cfg_attr(feature = "serde", serde(default))]
    pub risk_reduction: Component,
}

/// The plain data of a [`BusinessCase`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct BusinessCaseData {
    /// The initiative the case is for.
    pub initiative: InitiativeId,
    /// The product line the initiative belongs to.
    pub product_line: ProductLineId,
    /// The one currency of every amount.
    pub currency: Currency,
    /// What the initiative costs.
    #[cfg_attr(feature = "serde", serde(default))]
    pub investment: Investment,
    /// What it returns.
    #[cfg_attr(feature = "serde", serde(default))]
    pub benefit: Benefit,
    /// When the benefits are expected; its kind (periods or dates) is the kind of the
    /// whole schedule.
    pub benefit_window: Window,
}

/// A validated business case; see the [module docs](self).
///
/// ```
/// use folio_types::{Currency, Decimal, InitiativeId, Money, ProductLineId};
/// use folio_roi::{Benefit, BusinessCase, BusinessCaseData, Component, Investment, PeriodRange, Window};
///
/// let eur = Currency::new("EUR")?;
/// let m = |a: i64| Money::new(Decimal::from(a), eur);
/// let case = BusinessCase::new(BusinessCaseData {
///     initiative: InitiativeId::new("self-serve-onboarding")?,
///     product_line: ProductLineId::new("atlas")?,
///     currency: eur,
///     investment: Investment {
///         people_cost: Component::Periodic(vec![m(80_000), m(20_000)]),
///         vendor_cost: Component::Periodic(vec![m(10_000)]),
///         ..Investment::default()
///     },
///     benefit: Benefit {
///         cost_savings: Component::Periodic(vec![m(0), m(50_000), m(60_000), m(60_000)]),
///         ..Benefit::default()
///     },
///     benefit_window: Window::Periods(PeriodRange::new(1, 3)?),
/// })?;
/// let roi = case.roi(None)?;
/// assert_eq!(roi.investment.amount(), Decimal::from(110_000));
/// assert_eq!(roi.benefit.amount(), Decimal::from(170_000));
/// assert_eq!(roi.roi.to_percent()?.round_dp(2), Decimal::new(5455, 2)); // 54.55%
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "BusinessCaseData", into = "BusinessCaseData")
)]
pub struct BusinessCase {
    data: BusinessCaseData,
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for BusinessCase {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("BusinessCase")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BusinessCaseData::json_schema(generator)
    }
}

impl TryFrom<BusinessCaseData> for BusinessCase {
    type Error = Error;

    fn try_from(data: BusinessCaseData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<BusinessCase> for BusinessCaseData {
    fn from(case: BusinessCase) -> Self {
        case.data
    }
}

/// Whether a component is a cost or a benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Cost,
    Benefit,
}

/// The result of an ROI computation, with its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Roi {
    /// Total investment in the window.
    pub investment: Money,
    /// Total benefit in the window.
    pub benefit: Money,
    /// `benefit - investment`.
    pub net: Money,
    /// `net / investment`: 0.25 is 25%.
    pub roi: Ratio,
}

impl std::fmt::Display for Roi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ROI {} (net {} on an investment of {})",
            self.roi, self.net, self.investment
        )
    }
}

/// `(benefit - investment) / investment`.
///
/// ```
/// use folio_types::{Currency, Decimal, Money};
/// use folio_roi::roi;
///
/// let eur = Currency::new("EUR")?;
/// let r = roi(Money::new(Decimal::from(200), eur), Money::new(Decimal::from(250), eur))?;
/// assert_eq!(r.value(), Decimal::new(25, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Core`] with a currency mismatch if the currencies differ or an overflow;
/// [`Error::NoInvestment`] if the investment is zero.
pub fn roi(investment: Money, benefit: Money) -> Result<Ratio> {
    let net = benefit.checked_sub(investment)?;
    if investment.is_zero() {
        return Err(Error::NoInvestment {
            subject: "the given amounts".into(),
        });
    }
    Ok(net.ratio_to(investment)?)
}

/// The net cash flows of a case or product line: periodic or dated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum NetFlows {
    /// Benefit minus investment per period.
    Periodic(PeriodicFlows),
    /// Benefit minus investment per date.
    Dated(DatedFlows),
}

impl NetFlows {
    /// The currency of the flows.
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
    /// assert_eq!(case.net_flows()?.currency(), eur);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        match self {
            Self::Periodic(f) => f.currency(),
            Self::Dated(f) => f.currency(),
        }
    }
}

impl BusinessCase {
    /// Validates `data`; see the [module docs](self) for the rules.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`], [`Error::NegativeAmount`],
    /// [`Error::ScheduleMismatch`] or [`Error::BenefitOutsideWindow`], naming the
    /// initiative, the component and the position of the offending amount.
    pub fn new(data: BusinessCaseData) -> Result<Self> {
        let case = Self { data };
        let initiative = case.data.initiative.as_str();
        let dated_window = matches!(case.data.benefit_window, Window::Dates(_));
        for (field, side, component) in case.components() {
            if !component.is_empty() && matches!(component, Component::Dated(_)) != dated_window {
                return Err(Error::ScheduleMismatch {
                    context: format!(
                        "initiative {initiative:?} {field} against a benefit window of {}",
                        case.data.benefit_window.kind()
                    ),
                });
            }
            for (time, money) in component.entries() {
                let at = match time {
                    Time::Period(i) => format!("{field}[{i}]"),
                    Time::Date(d) => format!("{field} on {d}"),
                };
                if money.currency() != case.data.currency {
                    return Err(Error::CurrencyMismatch {
                        context: format!("initiative {initiative:?} {at}"),
                        expected: case.data.currency,
                        found: money.currency(),
                    });
                }
                if money.is_negative() {
                    return Err(Error::NegativeAmount {
                        initiative: initiative.to_owned(),
                        field: at,
                        amount: money.amount().to_string(),
                    });
                }
                if side == Side::Benefit
                    && !money.is_zero()
                    && !case.data.benefit_window.contains(time)?
                {
                    return Err(Error::BenefitOutsideWindow {
                        initiative: initiative.to_owned(),
                        field: field.to_owned(),
                        at: time.to_string(),
                        window: case.data.benefit_window.to_string(),
                    });
                }
            }
        }
        Ok(case)
    }

    /// Every component with its field name and side.
    fn components(&self) -> [(&'static str, Side, &Component); 7] {
        let i = &self.data.investment;
        let b = &self.data.benefit;
        [
            ("people_cost", Side::Cost, &i.people_cost),
            ("vendor_cost", Side::Cost, &i.vendor_cost),
            ("opportunity_cost", Side::Cost, &i.opportunity_cost),
            ("revenue", Side::Benefit, &b.revenue),
            ("margin", Side::Benefit, &b.margin),
            ("cost_savings", Side::Benefit, &b.cost_savings),
            ("risk_reduction", Side::Benefit, &b.risk_reduction),
        ]
    }

    /// The initiative.
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
    /// assert_eq!(case.initiative().as_str(), "onboarding");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initiative(&self) -> &InitiativeId {
        &self.data.initiative
    }

    /// The product line.
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
    /// assert_eq!(case.product_line().as_str(), "atlas");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn product_line(&self) -> &ProductLineId {
        &self.data.product_line
    }

    /// The currency of every amount.
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
    /// assert_eq!(case.currency(), eur);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.data.currency
    }

    /// The investment components.
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
    /// assert_eq!(case.investment().people_cost, Component::Periodic(vec![m(100_000)]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn investment(&self) -> &Investment {
        &self.data.investment
    }

    /// The benefit components.
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
    /// assert_eq!(case.benefit().revenue, Component::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn benefit(&self) -> &Benefit {
        &self.data.benefit
    }

    /// The benefit window.
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
    /// assert_eq!(case.benefit_window(), &Window::Periods(PeriodRange::new(1, 2)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn benefit_window(&self) -> &Window {
        &self.data.benefit_window
    }

    /// Whether the schedule is dated (the benefit window is a calendar period).
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
    /// assert!(!case.is_dated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_dated(&self) -> bool {
        matches!(self.data.benefit_window, Window::Dates(_))
    }

    /// Total investment and total benefit in `window` (all flows when `None`).
    fn totals(&self, window: Option<&Window>) -> Result<(Money, Money)> {
        let mut invested = Vec::new();
        let mut returned = Vec::new();
        for (_, side, component) in self.components() {
            for (time, money) in component.entries() {
                let inside = match window {
                    Some(w) => w.contains(time)?,
                    None => true,
                };
                if inside {
                    match side {
                        Side::Cost => invested.push(money.amount()),
                        Side::Benefit => returned.push(money.amount()),
                    }
                }
            }
        }
        let currency = self.data.currency;
        Ok((
            Money::new(checked_sum(invested, "summing investment")?, currency),
            Money::new(checked_sum(returned, "summing benefit")?, currency),
        ))
    }

    /// ROI over the flows in `window`, or over the whole horizon when `None`; see the
    /// [module docs](self).
    ///
    /// # Errors
    ///
    /// [`Error::WindowMismatch`] if the window's kind differs from the schedule's,
    /// [`Error::NoInvestment`] if nothing is invested in the window,
    /// [`Error::Overflow`] if a sum does not fit.
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
    /// // 120,000 back on 100,000: 20%.
    /// assert_eq!(case.roi(None)?.roi.value(), Decimal::new(2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn roi(&self, window: Option<&Window>) -> Result<Roi> {
        let (investment, benefit) = self.totals(window)?;
        let net = benefit.checked_sub(investment)?;
        if investment.is_zero() {
            return Err(Error::NoInvestment {
                subject: format!("initiative {:?}", self.data.initiative.as_str()),
            });
        }
        Ok(Roi {
            investment,
            benefit,
            net,
            roi: net.ratio_to(investment)?,
        })
    }

    /// Benefit minus investment, per period or per date.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if a sum does not fit.
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
    /// use folio_roi::{NetFlows, Payback, TimeUnit, payback};
    ///
    /// let NetFlows::Periodic(flows) = case.net_flows()? else { return Err("periodic".into()) };
    /// // Paid back 1 + 40/60 periods in.
    /// let Payback::PaysBack { after, unit: TimeUnit::Periods } = payback(&flows)? else { return Err("pays back".into()) };
    /// assert_eq!(after.round_dp(4), Decimal::new(16667, 4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_flows(&self) -> Result<NetFlows> {
        let overflow = || Error::Overflow {
            operation: "netting a business case",
        };
        let signed = |side: Side, amount: Decimal| match side {
            Side::Cost => negate(amount),
            Side::Benefit => amount,
        };
        if self.is_dated() {
            let mut flows = Vec::new();
            for (_, side, component) in self.components() {
                for (time, money) in component.entries() {
                    if let Time::Date(date) = time {
                        flows.push(DatedFlow::new(date, signed(side, money.amount())));
                    }
                }
            }
            let netted = DatedFlows::new(self.data.currency, flows).netted()?;
            Ok(NetFlows::Dated(DatedFlows::new(self.data.currency, netted)))
        } else {
            let mut amounts: Vec<Decimal> = Vec::new();
            for (_, side, component) in self.components() {
                for (time, money) in component.entries() {
                    if let Time::Period(i) = time {
                        if amounts.len() <= i {
                            amounts.resize(i.saturating_add(1), Decimal::ZERO);
                        }
                        let slot = amounts.get_mut(i).ok_or_else(overflow)?;
                        *slot = slot
                            .checked_add(signed(side, money.amount()))
                            .ok_or_else(overflow)?;
                    }
                }
            }
            Ok(NetFlows::Periodic(PeriodicFlows::new(
                self.data.currency,
                amounts,
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use folio_types::Period;

    use super::*;
    use crate::window::PeriodRange;

    fn eur() -> Currency {
        Currency::new("EUR").unwrap()
    }

    fn m(a: i64) -> Money {
        Money::new(Decimal::from(a), eur())
    }

    fn data() -> BusinessCaseData {
        BusinessCaseData {
            initiative: InitiativeId::new("checkout").unwrap(),
            product_line: ProductLineId::new("payments").unwrap(),
            currency: eur(),
            investment: Investment {
                people_cost: Component::Periodic(vec![m(100), m(50)]),
                vendor_cost: Component::Periodic(vec![m(20)]),
                opportunity_cost: Component::default(),
            },
            benefit: Benefit {
                revenue: Component::Periodic(vec![m(0), m(60), m(90), m(90)]),
                ..Benefit::default()
            },
            benefit_window: Window::Periods(PeriodRange::new(1, 3).unwrap()),
        }
    }

    #[test]
    fn net_flows_and_roi() {
        let case = BusinessCase::new(data()).unwrap();
        let NetFlows::Periodic(net) = case.net_flows().unwrap() else {
            panic!("periodic case");
        };
        let expected: Vec<Decimal> = [-120, 10, 90, 90].into_iter().map(Decimal::from).collect();
        assert_eq!(net.amounts(), expected);
        let roi = case.roi(None).unwrap();
        assert_eq!(
            (roi.investment, roi.benefit, roi.net),
            (m(170), m(240), m(70))
        );
        assert_eq!(roi.roi.value().round_dp(4), "0.4118".parse().unwrap());
        // ROI after period 1: 170 invested, 60 returned.
        let early = Window::Periods(PeriodRange::new(0, 1).unwrap());
        assert_eq!(case.roi(Some(&early)).unwrap().net, m(-110));
        // Only benefits in periods 2..=3: nothing invested there.
        let late = Window::Periods(PeriodRange::new(2, 3).unwrap());
        assert!(matches!(
            case.roi(Some(&late)),
            Err(Error::NoInvestment { .. })
        ));
        let dates = Window::Dates(Period::year(2026).unwrap());
        assert_eq!(
            case.roi(Some(&dates)),
            Err(Error::WindowMismatch {
                window: "dates",
                schedule: "periodic"
            })
        );
    }

    #[test]
    fn validation_names_initiative_and_field() {
        let mut bad = data();
        bad.investment.vendor_cost = Component::Periodic(vec![m(1), m(-5)]);
        assert_eq!(
            BusinessCase::new(bad),
            Err(Error::NegativeAmount {
                initiative: "checkout".into(),
                field: "vendor_cost[1]".into(),
                amount: "-5".into(),
            })
        );

        let mut bad = data();
        let usd = Currency::new("USD").unwrap();
        bad.benefit.margin = Component::Periodic(vec![m(0), Money::new(Decimal::ONE, usd)]);
        let err = BusinessCase::new(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "initiative \"checkout\" margin[1]: amount in USD, expected EUR"
        );

        let mut bad = data();
        bad.benefit.cost_savings = Component::Periodic(vec![m(0), m(0), m(0), m(0), m(7)]);
        assert_eq!(
            BusinessCase::new(bad),
            Err(Error::BenefitOutsideWindow {
                initiative: "checkout".into(),
                field: "cost_savings".into(),
                at: "period 4".into(),
                window: "periods 1..=3".into(),
            })
        );

        let mut bad = data();
        bad.benefit.risk_reduction = Component::Dated(vec![DatedMoney {
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            amount: m(1),
        }]);
        assert!(matches!(
            BusinessCase::new(bad),
            Err(Error::ScheduleMismatch { .. })
        ));

        assert_eq!(
            PeriodRange::new(3, 1),
            Err(Error::InvalidWindow { first: 3, last: 1 })
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_validates() {
        let json = r#"{
            "initiative": "checkout", "product_line": "payments", "currency": "EUR",
            "investment": {"people_cost": {"periodic": [{"amount": "100", "currency": "EUR"}]}},
            "benefit": {"revenue": {"periodic": [{"amount": "0", "currency": "EUR"}, {"amount": "150", "currency": "EUR"}]}},
            "benefit_window": {"periods": {"first": 1, "last": 1}}
        }"#;
        let case: BusinessCase = serde_json::from_str(json).unwrap();
        assert_eq!(case.roi(None).unwrap().roi.value(), "0.5".parse().unwrap());
        let back: BusinessCase =
            serde_json::from_str(&serde_json::to_string(&case).unwrap()).unwrap();
        assert_eq!(back, case);
        let bad = json.replace("\"100\"", "\"-100\"");
        let err = serde_json::from_str::<BusinessCase>(&bad).unwrap_err();
        assert!(err.to_string().contains("negative amount -100"), "{err}");
        let bad = json.replace("\"first\": 1, \"last\": 1", "\"first\": 2, \"last\": 1");
        assert!(serde_json::from_str::<BusinessCase>(&bad).is_err());
    }

    #[test]
    fn dated_cases_net_by_date() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let case = BusinessCase::new(BusinessCaseData {
            investment: Investment {
                people_cost: Component::Dated(vec![DatedMoney {
                    date: day(1, 1),
                    amount: m(100),
                }]),
                ..Investment::default()
            },
            benefit: Benefit {
                revenue: Component::Dated(vec![
                    DatedMoney {
                        date: day(6, 30),
                        amount: m(70),
                    },
                    DatedMoney {
                        date: day(1, 1),
                        amount: m(10),
                    },
                ]),
                ..Benefit::default()
            },
            benefit_window: Window::Dates(Period::year(2026).unwrap()),
            ..data()
        })
        .unwrap();
        let NetFlows::Dated(net) = case.net_flows().unwrap() else {
            panic!("dated case");
        };
        assert_eq!(
            net.flows(),
            [
                DatedFlow::new(day(1, 1), Decimal::from(-90)),
                DatedFlow::new(day(6, 30), Decimal::from(70)),
            ]
        );
    }

    #[test]
    fn free_roi_function() {
        assert_eq!(roi(m(100), m(150)).unwrap().value(), "0.5".parse().unwrap());
        assert!(matches!(roi(m(0), m(150)), Err(Error::NoInvestment { .. })));
        let usd = Money::new(Decimal::ONE, Currency::new("USD").unwrap());
        assert!(matches!(roi(m(1), usd), Err(Error::Core(_))));
    }
}
