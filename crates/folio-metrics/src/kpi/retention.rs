//! Retention and churn: NRR, GRR, revenue churn, logo churn and renewal rate.
//!
//! # Cohort convention
//!
//! NRR and GRR follow a **fixed starting cohort**: the customers who were paying at
//! the start of the window (typically 12 months for an annual figure), measured by
//! their recurring revenue then (`starting`) and the movements of *that cohort only*
//! during the window. Revenue from customers acquired during the window is excluded:
//! it is growth, not retention. A customer who churns and returns within the window
//! counts in the cohort with its end-of-window revenue. This is the usual convention of
//! subscription-business reporting.
//!
//! With `starting` revenue `S`, `expansion` `E` (upsell and cross-sell), `contraction`
//! `C` (downgrades) and `churned` `L` (revenue of customers who left), all `>= 0` and
//! `C + L <= S`:
//!
//! - `NRR = (S + E - C - L) / S`, which may exceed 1;
//! - `GRR = (S - C - L) / S`, in `0..=1` (expansion cannot hide losses);
//! - revenue churn `= (C + L) / S = 1 - GRR` (gross revenue churn, contraction
//!   included).
//!
//! A cohort with zero starting revenue has no retention: [`Error::ZeroDenominator`].

use folio_types::Ratio;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::math;

/// The recurring revenue movements of one starting cohort over a window (see the
/// [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RevenueCohort {
    /// The cohort's recurring revenue at the start of the window.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub starting: Decimal,
    /// Added revenue from the cohort: upsell, cross-sell, price increases.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub expansion: Decimal,
    /// Lost revenue from customers who stayed: downgrades.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub contraction: Decimal,
    /// Revenue of the customers who left.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub churned: Decimal,
}

impl RevenueCohort {
    fn checked(&self) -> Result<()> {
        for (field, value) in [
            ("starting revenue", self.starting),
            ("expansion", self.expansion),
            ("contraction", self.contraction),
            ("churned revenue", self.churned),
        ] {
            math::non_negative(value, field)?;
        }
        let lost = math::add(self.contraction, self.churned, "adding lost revenue")?;
        if lost > self.starting {
            return Err(Error::InvalidValue {
                field: "contraction plus churned revenue",
                value: lost.to_string(),
                problem: "a cohort cannot lose more revenue than it started with",
            });
        }
        if self.starting.is_zero() {
            return Err(Error::ZeroDenominator {
                what: "the cohort's starting revenue",
                computing: "retention".to_owned(),
            });
        }
        Ok(())
    }

    fn lost(&self) -> Result<Decimal> {
        math::add(self.contraction, self.churned, "adding lost revenue")
    }
}

/// Net revenue retention, `(S + E - C - L) / S`.
///
/// ```
/// use folio_metrics::kpi::{nrr, RevenueCohort};
/// use rust_decimal::Decimal;
///
/// let cohort = RevenueCohort {
///     starting: Decimal::from(1_000_000),
///     expansion: Decimal::from(180_000),
///     contraction: Decimal::from(30_000),
///     churned: Decimal::from(70_000),
/// };
/// // (1,000,000 + 180,000 - 30,000 - 70,000) / 1,000,000 = 1.08, i.e. 108%.
/// assert_eq!(nrr(&cohort)?.value(), Decimal::new(108, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative field; [`Error::InvalidValue`] if contraction
/// plus churn exceed the starting revenue; [`Error::ZeroDenominator`] for a cohort
/// that started at zero.
pub fn nrr(cohort: &RevenueCohort) -> Result<Ratio> {
    cohort.checked()?;
    let kept = math::sub(cohort.starting, cohort.lost()?, "computing NRR")?;
    let end = math::add(kept, cohort.expansion, "computing NRR")?;
    math::ratio(end, cohort.starting, "starting revenue", "NRR")
}

/// Gross revenue retention, `(S - C - L) / S`: NRR without expansion.
///
/// ```
/// use folio_metrics::kpi::{grr, RevenueCohort};
/// use rust_decimal::Decimal;
///
/// let cohort = RevenueCohort {
///     starting: Decimal::from(1_000_000),
///     expansion: Decimal::from(180_000),
///     contraction: Decimal::from(30_000),
///     churned: Decimal::from(70_000),
/// };
/// assert_eq!(grr(&cohort)?.value(), Decimal::new(9, 1)); // 90%
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`nrr`].
pub fn grr(cohort: &RevenueCohort) -> Result<Ratio> {
    cohort.checked()?;
    let kept = math::sub(cohort.starting, cohort.lost()?, "computing GRR")?;
    math::ratio(kept, cohort.starting, "starting revenue", "GRR")
}

/// Gross revenue churn, `(C + L) / S = 1 - GRR`.
///
/// ```
/// use folio_metrics::kpi::{revenue_churn, RevenueCohort};
/// use rust_decimal::Decimal;
///
/// let cohort = RevenueCohort {
///     starting: Decimal::from(400),
///     expansion: Decimal::ZERO,
///     contraction: Decimal::from(10),
///     churned: Decimal::from(30),
/// };
/// assert_eq!(revenue_churn(&cohort)?.value(), Decimal::new(1, 1)); // 10%
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`nrr`].
pub fn revenue_churn(cohort: &RevenueCohort) -> Result<Ratio> {
    cohort.checked()?;
    math::ratio(
        cohort.lost()?,
        cohort.starting,
        "starting revenue",
        "revenue churn",
    )
}

/// Logo churn: the share of the customers at the start of the window who left during
/// it, `lost / at_start`. New customers in the window are not in the denominator.
///
/// ```
/// use folio_metrics::kpi::logo_churn;
/// use rust_decimal::Decimal;
///
/// assert_eq!(logo_churn(12, 400)?.value(), Decimal::new(3, 2)); // 3%
/// assert!(logo_churn(1, 0).is_err()); // no customers, no churn rate
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] if more customers were lost than there were;
/// [`Error::ZeroDenominator`] for no customers at the start.
pub fn logo_churn(lost: u64, at_start: u64) -> Result<Ratio> {
    count_rate(
        lost,
        at_start,
        "customers lost",
        "customers at the start",
        "logo churn",
    )
}

/// Renewal rate: the share of the contracts (or the contract value) up for renewal
/// in the window that renewed, `renewed / up_for_renewal`. Contracts not yet decided
/// at the end of the window should be left out of both.
///
/// ```
/// use folio_metrics::kpi::renewal_rate;
/// use rust_decimal::Decimal;
///
/// // 85,000 of 100,000 up for renewal renewed.
/// let rate = renewal_rate(Decimal::from(85_000), Decimal::from(100_000))?;
/// assert_eq!(rate.value(), Decimal::new(85, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative input; [`Error::InvalidValue`] if more renewed
/// than was up for renewal; [`Error::ZeroDenominator`] if nothing was up for renewal.
pub fn renewal_rate(renewed: Decimal, up_for_renewal: Decimal) -> Result<Ratio> {
    math::non_negative(renewed, "renewed")?;
    math::non_negative(up_for_renewal, "up for renewal")?;
    if renewed > up_for_renewal {
        return Err(Error::InvalidValue {
            field: "renewed",
            value: renewed.to_string(),
            problem: "more renewed than was up for renewal",
        });
    }
    math::ratio(
        renewed,
        up_for_renewal,
        "the amount up for renewal",
        "a renewal rate",
    )
}

/// `part / whole` for counts, with `part <= whole`.
pub(crate) fn count_rate(
    part: u64,
    whole: u64,
    part_name: &'static str,
    whole_name: &'static str,
    computing: &'static str,
) -> Result<Ratio> {
    if part > whole {
        return Err(Error::InvalidValue {
            field: part_name,
            value: part.to_string(),
            problem: "a part cannot exceed its whole",
        });
    }
    math::ratio(
        math::from_u64(part),
        math::from_u64(whole),
        whole_name,
        computing,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cohort(s: i64, e: i64, c: i64, l: i64) -> RevenueCohort {
        RevenueCohort {
            starting: s.into(),
            expansion: e.into(),
            contraction: c.into(),
            churned: l.into(),
        }
    }

    fn check(c: RevenueCohort, nrr_: &str, grr_: &str, churn: &str) {
        assert_eq!(nrr(&c).unwrap().value(), nrr_.parse().unwrap(), "NRR {c:?}");
        assert_eq!(grr(&c).unwrap().value(), grr_.parse().unwrap(), "GRR {c:?}");
        assert_eq!(
            revenue_churn(&c).unwrap().value(),
            churn.parse().unwrap(),
            "churn {c:?}"
        );
    }

    #[test]
    fn retention_table() {
        check(cohort(100, 0, 0, 0), "1", "1", "0");
        check(cohort(100, 30, 5, 15), "1.1", "0.8", "0.2");
        check(cohort(100, 0, 0, 100), "0", "0", "1");
        check(cohort(200, 100, 0, 0), "1.5", "1", "0");
    }

    #[test]
    fn bad_cohorts() {
        assert!(matches!(
            nrr(&cohort(0, 0, 0, 0)),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(matches!(
            grr(&cohort(100, 0, 60, 60)),
            Err(Error::InvalidValue { .. })
        ));
        assert!(matches!(
            nrr(&cohort(100, -1, 0, 0)),
            Err(Error::Negative { .. })
        ));
        assert!(matches!(logo_churn(5, 4), Err(Error::InvalidValue { .. })));
        assert!(matches!(
            logo_churn(0, 0),
            Err(Error::ZeroDenominator { .. })
        ));
        assert_eq!(logo_churn(0, 7).unwrap().value(), Decimal::ZERO);
        assert!(renewal_rate(Decimal::from(2), Decimal::ONE).is_err());
        assert_eq!(
            renewal_rate(Decimal::ONE, Decimal::ONE).unwrap().value(),
            Decimal::ONE
        );
        assert!(renewal_rate(Decimal::ZERO, Decimal::ZERO).is_err());
        assert!(renewal_rate(Decimal::NEGATIVE_ONE, Decimal::ONE).is_err());
    }
}
