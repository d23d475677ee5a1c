//! Ranking initiatives by payback and by NPV.
//!
//! Both rankings are total orders: ties are broken by initiative id, so the same
//! reports give the same ranking in any input order.

use folio_types::{Currency, InitiativeId, Money};

use crate::error::{Error, Result};
use crate::payback::Payback;
use crate::report::InitiativeReport;

/// One place in a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Ranked {
    /// 1 for the best.
    pub rank: usize,
    /// The initiative.
    pub initiative: InitiativeId,
    /// Its simple payback.
    pub payback: Payback,
    /// Its NPV.
    pub npv: Money,
}

fn ranked(order: Vec<&InitiativeReport>) -> Vec<Ranked> {
    order
        .into_iter()
        .enumerate()
        .map(|(i, r)| Ranked {
            rank: i.saturating_add(1),
            initiative: r.initiative.clone(),
            payback: r.measures.payback,
            npv: r.measures.npv,
        })
        .collect()
}

/// Initiatives from the shortest simple payback to the longest; those that never pay
/// back come last, the smallest shortfall first; ties by initiative id.
///
/// # Errors
///
/// [`Error::IncomparablePayback`] if paybacks in periods and in days are mixed.
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
/// use folio_roi::{ReportPolicy, evaluate, rank_by_payback};
///
/// let report = evaluate(&case, &ReportPolicy::new(Ratio::new(Decimal::new(1, 1))?)?)?;
/// let ranked = rank_by_payback(&[report])?;
/// assert_eq!(ranked[0].initiative.as_str(), "onboarding");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rank_by_payback(reports: &[InitiativeReport]) -> Result<Vec<Ranked>> {
    if let Some(first) = reports.first() {
        let unit = first.measures.payback.unit();
        if let Some(other) = reports.iter().find(|r| r.measures.payback.unit() != unit) {
            return Err(Error::IncomparablePayback {
                left: first.initiative.to_string(),
                left_unit: unit.as_str(),
                right: other.initiative.to_string(),
                right_unit: other.measures.payback.unit().as_str(),
            });
        }
    }
    let key = |r: &InitiativeReport| match r.measures.payback {
        Payback::PaysBack { after, .. } => (0_u8, after),
        Payback::Never { shortfall, .. } => (1_u8, shortfall),
    };
    let mut order: Vec<&InitiativeReport> = reports.iter().collect();
    order.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| a.initiative.cmp(&b.initiative))
    });
    Ok(ranked(order))
}

/// Initiatives from the highest NPV to the lowest; ties by initiative id.
///
/// # Errors
///
/// [`Error::CurrencyMismatch`] naming the first initiative whose NPV is in another
/// currency than the first report's.
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
/// use folio_roi::{ReportPolicy, evaluate, rank_by_npv};
///
/// let report = evaluate(&case, &ReportPolicy::new(Ratio::new(Decimal::new(1, 1))?)?)?;
/// assert_eq!(rank_by_npv(&[report])?.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rank_by_npv(reports: &[InitiativeReport]) -> Result<Vec<Ranked>> {
    if let Some(first) = reports.first() {
        let currency: Currency = first.measures.npv.currency();
        if let Some(other) = reports
            .iter()
            .find(|r| r.measures.npv.currency() != currency)
        {
            return Err(Error::CurrencyMismatch {
                context: format!("ranking initiative {:?} by NPV", other.initiative.as_str()),
                expected: currency,
                found: other.measures.npv.currency(),
            });
        }
    }
    let mut order: Vec<&InitiativeReport> = reports.iter().collect();
    order.sort_by(|a, b| {
        b.measures
            .npv
            .amount()
            .cmp(&a.measures.npv.amount())
            .then_with(|| a.initiative.cmp(&b.initiative))
    });
    Ok(ranked(order))
}
