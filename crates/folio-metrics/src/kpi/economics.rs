//! Unit economics: gross margin, LTV, CAC payback and LTV:CAC.
//!
//! # Formulas
//!
//! - gross margin `= (revenue - COGS) / revenue`;
//! - LTV `= ARPA × gross margin / churn`, with ARPA (average revenue per account)
//!   and churn (logo churn rate) **for the same period length** (both monthly, or both
//!   annual): the margin an average account earns over its expected lifetime of
//!   `1 / churn` periods;
//! - CAC payback `= CAC / (ARPA × gross margin)`, in periods of the ARPA (months for a
//!   monthly ARPA);
//! - LTV:CAC `= LTV / CAC`.
//!
//! Where the honest answer is "never" or "unbounded" the result is `None`: LTV with
//! zero churn (an infinite lifetime), payback when an account earns no margin, LTV:CAC
//! with a CAC of zero.

use folio_types::Ratio;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::math;

/// Gross margin, `(revenue - cogs) / revenue`; negative when costs exceed revenue.
///
/// ```
/// use folio_metrics::kpi::gross_margin;
/// use rust_decimal::Decimal;
///
/// let margin = gross_margin(Decimal::from(500_000), Decimal::from(140_000))?;
/// assert_eq!(margin.value(), Decimal::new(72, 2)); // 72%
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for negative revenue or costs; [`Error::ZeroDenominator`] for
/// zero revenue.
pub fn gross_margin(revenue: Decimal, cogs: Decimal) -> Result<Ratio> {
    math::non_negative(revenue, "revenue")?;
    math::non_negative(cogs, "cost of goods sold")?;
    let profit = math::sub(revenue, cogs, "computing gross profit")?;
    math::ratio(profit, revenue, "revenue", "a gross margin")
}

/// Lifetime value of an account, `arpa × margin / churn`; `None` for zero churn.
///
/// ```
/// use folio_metrics::kpi::ltv;
/// use folio_types::Ratio;
/// use rust_decimal::Decimal;
///
/// // 500 a month at 80% margin, 2% monthly churn: 500 × 0.8 / 0.02 = 20,000.
/// let value = ltv(Decimal::from(500), Ratio::new(Decimal::new(8, 1))?, Ratio::new(Decimal::new(2, 2))?)?;
/// assert_eq!(value, Some(Decimal::from(20_000)));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative ARPA; [`Error::InvalidValue`] for a churn
/// outside `0..=1`.
pub fn ltv(arpa: Decimal, margin: Ratio, churn: Ratio) -> Result<Option<Decimal>> {
    math::non_negative(arpa, "ARPA")?;
    let churn = churn.value();
    if churn < Decimal::ZERO || churn > Decimal::ONE {
        return Err(Error::InvalidValue {
            field: "churn",
            value: churn.to_string(),
            problem: "a churn rate lies in 0..=1",
        });
    }
    if churn.is_zero() {
        return Ok(None);
    }
    let per_period = math::mul(arpa, margin.value(), "computing margin per account")?;
    math::div(per_period, churn, "computing LTV").map(Some)
}

/// CAC payback in periods of the ARPA, `cac / (arpa × margin)`; `None` when an
/// account earns no positive margin (it never pays back).
///
/// ```
/// use folio_metrics::kpi::cac_payback;
/// use folio_types::Ratio;
/// use rust_decimal::Decimal;
///
/// // CAC 6,000; 500 a month at 80% margin earns 400 a month: 15 months.
/// let months = cac_payback(Decimal::from(6_000), Decimal::from(500), Ratio::new(Decimal::new(8, 1))?)?;
/// assert_eq!(months, Some(Decimal::from(15)));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative CAC or ARPA.
pub fn cac_payback(cac: Decimal, arpa: Decimal, margin: Ratio) -> Result<Option<Decimal>> {
    math::non_negative(cac, "CAC")?;
    math::non_negative(arpa, "ARPA")?;
    let per_period = math::mul(arpa, margin.value(), "computing margin per account")?;
    if per_period <= Decimal::ZERO {
        return Ok(None);
    }
    math::div(cac, per_period, "computing CAC payback").map(Some)
}

/// LTV:CAC, `ltv / cac`; `None` for a CAC of zero.
///
/// ```
/// use folio_metrics::kpi::ltv_to_cac;
/// use rust_decimal::Decimal;
///
/// assert_eq!(ltv_to_cac(Decimal::from(20_000), Decimal::from(6_000))?.map(|r| r.value().round_dp(2)),
///            Some(Decimal::new(333, 2)));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative LTV or CAC.
pub fn ltv_to_cac(ltv: Decimal, cac: Decimal) -> Result<Option<Ratio>> {
    math::non_negative(ltv, "LTV")?;
    math::non_negative(cac, "CAC")?;
    if cac.is_zero() {
        return Ok(None);
    }
    Ok(Some(Ratio::new(math::div(ltv, cac, "computing LTV:CAC")?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn r(s: &str) -> Ratio {
        Ratio::new(d(s)).unwrap()
    }

    #[test]
    fn margin_table() {
        assert_eq!(gross_margin(d("100"), d("25")).unwrap().value(), d("0.75"));
        assert_eq!(gross_margin(d("100"), d("0")).unwrap().value(), d("1"));
        assert_eq!(gross_margin(d("100"), d("150")).unwrap().value(), d("-0.5"));
        assert!(matches!(
            gross_margin(d("0"), d("1")),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(gross_margin(d("-1"), d("1")).is_err());
    }

    #[test]
    fn unit_economics_table() {
        assert_eq!(ltv(d("100"), r("0.5"), r("0.1")).unwrap(), Some(d("500")));
        assert_eq!(ltv(d("100"), r("0.5"), r("0")).unwrap(), None);
        assert!(ltv(d("100"), r("0.5"), r("1.5")).is_err());
        assert_eq!(ltv(d("100"), r("0.5"), r("1")).unwrap(), Some(d("50")));
        assert!(ltv(d("-1"), r("0.5"), r("0.1")).is_err());
        assert_eq!(
            cac_payback(d("1200"), d("100"), r("0.5")).unwrap(),
            Some(d("24"))
        );
        assert_eq!(cac_payback(d("1200"), d("100"), r("0")).unwrap(), None);
        assert_eq!(cac_payback(d("1200"), d("100"), r("-0.2")).unwrap(), None);
        assert_eq!(
            ltv_to_cac(d("900"), d("300")).unwrap().map(Ratio::value),
            Some(d("3"))
        );
        assert_eq!(ltv_to_cac(d("900"), d("0")).unwrap(), None);
    }
}
