//! Adoption and conversion: activation rate, cross-product adoption, conversion rate,
//! user retention rate and time-to-value.
//!
//! Rates are `part / whole` over counts, with `part <= whole`; a whole of zero is
//! [`Error::ZeroDenominator`] (a rate over nobody is undefined). Durations are whole
//! days between two dates; their percentiles use the interpolation of
//! [`crate::kpi::stats`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use folio_types::{ProductId, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::kpi::retention::count_rate;
use crate::kpi::stats::{Distribution, distribution};
use crate::math;

/// Activation rate: the share of new sign-ups that reached the product's activation
/// moment (its first value moment), `activated / signed_up`.
///
/// ```
/// use folio_metrics::kpi::activation_rate;
/// use rust_decimal::Decimal;
///
/// assert_eq!(activation_rate(180, 400)?.value(), Decimal::new(45, 2)); // 45%
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] if more activated than signed up;
/// [`Error::ZeroDenominator`] for no sign-ups.
pub fn activation_rate(activated: u64, signed_up: u64) -> Result<Ratio> {
    count_rate(
        activated,
        signed_up,
        "activated",
        "sign-ups",
        "an activation rate",
    )
}

/// Conversion rate: the share of visitors (or trials) that converted,
/// `converted / visitors`.
///
/// ```
/// use folio_metrics::kpi::conversion_rate;
/// use rust_decimal::Decimal;
///
/// assert_eq!(conversion_rate(36, 1_200)?.value(), Decimal::new(3, 2)); // 3%
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`activation_rate`].
pub fn conversion_rate(converted: u64, visitors: u64) -> Result<Ratio> {
    count_rate(
        converted,
        visitors,
        "converted",
        "visitors",
        "a conversion rate",
    )
}

/// User retention rate: of the users active at the start of a window (a fixed
/// cohort; users acquired during it are excluded), the share still active at its end,
/// `retained / at_start`.
///
/// ```
/// use folio_metrics::kpi::user_retention_rate;
/// use rust_decimal::Decimal;
///
/// assert_eq!(user_retention_rate(850, 1_000)?.value(), Decimal::new(85, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`activation_rate`].
pub fn user_retention_rate(retained: u64, at_start: u64) -> Result<Ratio> {
    count_rate(
        retained,
        at_start,
        "retained users",
        "users at the start",
        "a user retention rate",
    )
}

/// Cross-product adoption: the share of customers using **two or more** distinct
/// products, among customers using at least one. `usage` lists `(customer, product)`
/// pairs in any order; repeated pairs count once.
///
/// ```
/// use folio_metrics::kpi::cross_product_adoption;
/// use folio_types::ProductId;
/// use rust_decimal::Decimal;
///
/// let p = |s: &str| s.parse::<ProductId>();
/// let usage = [("acme", p("atlas")?), ("acme", p("lens")?), ("globex", p("atlas")?),
///              ("initech", p("lens")?), ("initech", p("lens")?)];
/// // Only acme uses two products: 1 of 3 customers.
/// let share = cross_product_adoption(usage)?;
/// assert_eq!(share.value().round_dp(4), Decimal::new(3333, 4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no usage.
pub fn cross_product_adoption<C, I>(usage: I) -> Result<Ratio>
where
    C: Ord,
    I: IntoIterator<Item = (C, ProductId)>,
{
    let mut by_customer: BTreeMap<C, BTreeSet<ProductId>> = BTreeMap::new();
    for (customer, product) in usage {
        by_customer.entry(customer).or_default().insert(product);
    }
    let customers = by_customer.len();
    let multi = by_customer.values().filter(|p| p.len() >= 2).count();
    if customers == 0 {
        return Err(Error::Empty {
            what: "customer usage",
            computing: "cross-product adoption".to_owned(),
        });
    }
    math::ratio(
        math::count(multi),
        math::count(customers),
        "customers",
        "cross-product adoption",
    )
}

/// A span of days from `start` to `end`, such as sign-up to first value, or ticket
/// opened to resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct DateSpan {
    /// When the clock started.
    pub start: NaiveDate,
    /// When it stopped; not before `start`.
    pub end: NaiveDate,
}

impl DateSpan {
    /// Whole days from `start` to `end` (0 for the same day).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if `end` is before `start`.
    pub fn days(&self) -> Result<Decimal> {
        let days = self.end.signed_duration_since(self.start).num_days();
        if days < 0 {
            return Err(Error::InvalidValue {
                field: "date span",
                value: format!("{}..{}", self.start, self.end),
                problem: "the end is before the start",
            });
        }
        Ok(Decimal::from(days))
    }
}

/// The distribution of the days of `spans`.
pub(crate) fn span_distribution(spans: &[DateSpan]) -> Result<Distribution> {
    let days = spans
        .iter()
        .map(DateSpan::days)
        .collect::<Result<Vec<_>>>()?;
    distribution(&days)
}

/// Time-to-value: the distribution (median, percentiles) of days from each
/// customer's start (sign-up, contract) to its first value moment.
///
/// ```
/// use folio_metrics::kpi::{time_to_value, DateSpan};
/// use rust_decimal::Decimal;
///
/// let span = |a: &str, b: &str| -> Result<DateSpan, chrono::ParseError> {
///     Ok(DateSpan { start: a.parse()?, end: b.parse()? })
/// };
/// let ttv = time_to_value(&[
///     span("2026-03-01", "2026-03-05")?, // 4 days
///     span("2026-03-02", "2026-03-12")?, // 10 days
///     span("2026-03-03", "2026-03-09")?, // 6 days
/// ])?;
/// assert_eq!(ttv.median, Decimal::from(6));
/// assert_eq!(ttv.p90, Decimal::new(92, 1)); // 6 + 0.8 × (10 - 6)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no spans; [`Error::InvalidValue`] for a span that ends before
/// it starts.
pub fn time_to_value(spans: &[DateSpan]) -> Result<Distribution> {
    span_distribution(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_table() {
        assert_eq!(activation_rate(1, 4).unwrap().value(), Decimal::new(25, 2));
        assert_eq!(conversion_rate(0, 4).unwrap().value(), Decimal::ZERO);
        assert_eq!(user_retention_rate(4, 4).unwrap().value(), Decimal::ONE);
        assert!(matches!(
            activation_rate(1, 0),
            Err(Error::InvalidValue { .. })
        ));
        assert!(matches!(
            conversion_rate(0, 0),
            Err(Error::ZeroDenominator { .. })
        ));
    }

    #[test]
    fn cross_product_table() {
        let p = |s: &str| ProductId::new(s).unwrap();
        let check = |usage: Vec<(u32, ProductId)>, expected: &str| {
            assert_eq!(
                cross_product_adoption(usage).unwrap().value(),
                expected.parse::<Decimal>().unwrap()
            );
        };
        check(vec![(1, p("a")), (1, p("b"))], "1");
        check(vec![(1, p("a")), (1, p("a")), (2, p("b"))], "0");
        check(
            vec![
                (1, p("a")),
                (1, p("b")),
                (2, p("a")),
                (3, p("c")),
                (3, p("a")),
            ],
            "0.6666666666666666666666666667",
        );
        assert!(matches!(
            cross_product_adoption(Vec::<(u32, ProductId)>::new()),
            Err(Error::Empty { .. })
        ));
    }

    #[test]
    fn spans() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let span = DateSpan {
            start: day("2026-01-31"),
            end: day("2026-03-01"),
        };
        assert_eq!(span.days().unwrap(), Decimal::from(29));
        let same_day = DateSpan {
            start: day("2026-01-31"),
            end: day("2026-01-31"),
        };
        assert_eq!(same_day.days().unwrap(), Decimal::ZERO);
        let inverted = DateSpan {
            start: day("2026-03-01"),
            end: day("2026-01-31"),
        };
        assert!(inverted.days().is_err());
        assert!(time_to_value(&[inverted]).is_err());
        assert!(matches!(time_to_value(&[]), Err(Error::Empty { .. })));
    }
}
