//! Revenue growth (quarter over quarter, year over year) and revenue mix by product
//! line, segment or geography.
//!
//! # Growth
//!
//! `growth = (current - previous) / previous`. Growth from a previous value of zero
//! is undefined and comes back as `None` (a new product's first quarter); a negative
//! previous revenue is an error. A period's revenue is the latest value of the series
//! dated inside the period (see [`crate::observation`]).
//!
//! Quarter over quarter compares a quarter with the one before it; year over year
//! compares a period with the same period a year earlier (2026-Q3 with 2025-Q3,
//! 2026-03 with 2025-03).

use std::collections::BTreeMap;

use chrono::{Datelike, Months};
use folio_types::{Period, PeriodKind, ProductId, ProductLineId, Ratio, Series, Structure};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::kpi::concentration::shares;
use crate::math;

/// Growth from `previous` to `current`; `None` when `previous` is zero.
///
/// ```
/// use folio_metrics::kpi::growth;
/// use rust_decimal::Decimal;
///
/// assert_eq!(growth(Decimal::from(80), Decimal::from(100))?.map(|g| g.value()), Some(Decimal::new(25, 2)));
/// assert_eq!(growth(Decimal::ZERO, Decimal::from(100))?, None);
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative `previous`; an overflow as [`Error::Core`].
pub fn growth(previous: Decimal, current: Decimal) -> Result<Option<Ratio>> {
    math::non_negative(previous, "previous revenue")?;
    if previous.is_zero() {
        return Ok(None);
    }
    let change = math::sub(current, previous, "computing growth")?;
    Ok(Some(Ratio::new(math::div(
        change,
        previous,
        "computing growth",
    )?)?))
}

fn value_in(series: &Series<Decimal>, period: Period) -> Option<Decimal> {
    series.in_period(&period).last().map(|o| o.value)
}

/// Quarter-over-quarter growth of `revenue` into `quarter`; `None` if either quarter
/// has no value or the previous one is zero.
///
/// ```
/// use folio_types::{Observation, Period, Series};
/// use folio_metrics::kpi::qoq_growth;
/// use rust_decimal::Decimal;
///
/// let q2: Period = "2026-Q2".parse()?;
/// let q3: Period = "2026-Q3".parse()?;
/// let revenue = Series::from_observations(vec![
///     Observation::new(q2.end(), Decimal::from(200)),
///     Observation::new(q3.end(), Decimal::from(230)),
/// ])?;
/// assert_eq!(qoq_growth(&revenue, q3)?.map(|g| g.value()), Some(Decimal::new(15, 2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] if `quarter` is not a calendar quarter; as [`growth`].
pub fn qoq_growth(revenue: &Series<Decimal>, quarter: Period) -> Result<Option<Ratio>> {
    if quarter.kind() != PeriodKind::Quarter {
        return Err(Error::InvalidValue {
            field: "period",
            value: quarter.to_string(),
            problem: "quarter-over-quarter growth needs a calendar quarter",
        });
    }
    compare(revenue, quarter.previous()?, quarter)
}

/// Year-over-year growth of `revenue` into `period` (a month, quarter or year) from
/// the same period a year earlier; `None` if either has no value or the earlier one
/// is zero.
///
/// ```
/// use folio_types::{Observation, Period, Series};
/// use folio_metrics::kpi::yoy_growth;
/// use rust_decimal::Decimal;
///
/// let this_year: Period = "2026-Q3".parse()?;
/// let last_year: Period = "2025-Q3".parse()?;
/// let revenue = Series::from_observations(vec![
///     Observation::new(last_year.end(), Decimal::from(160)),
///     Observation::new(this_year.end(), Decimal::from(200)),
/// ])?;
/// assert_eq!(yoy_growth(&revenue, this_year)?.map(|g| g.value()), Some(Decimal::new(25, 2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] for a custom period; as [`growth`].
pub fn yoy_growth(revenue: &Series<Decimal>, period: Period) -> Result<Option<Ratio>> {
    let year_before = match period.kind() {
        PeriodKind::Year => period.previous()?,
        PeriodKind::Quarter | PeriodKind::Month => {
            let start = period.start().checked_sub_months(Months::new(12)).ok_or(
                folio_types::Error::DateOutOfRange {
                    operation: "finding the same period a year earlier",
                },
            )?;
            if period.kind() == PeriodKind::Quarter {
                Period::quarter_of(start)?
            } else {
                Period::month(start.year(), start.month())?
            }
        }
        // A custom range, or a kind added to folio-types later, has no calendar
        // counterpart a year before.
        _ => {
            return Err(Error::InvalidValue {
                field: "period",
                value: period.to_string(),
                problem: "year-over-year growth needs a calendar month, quarter or year",
            });
        }
    };
    compare(revenue, year_before, period)
}

fn compare(revenue: &Series<Decimal>, before: Period, period: Period) -> Result<Option<Ratio>> {
    match (value_in(revenue, before), value_in(revenue, period)) {
        (Some(previous), Some(current)) => growth(previous, current),
        _ => Ok(None),
    }
}

/// Revenue mix by product line: each line's share of the revenue of `by_product`,
/// via [`shares`] (rounded to 12 places, summing to exactly 1). For a mix by segment
/// or geography, call [`shares`] with `(segment, revenue)` or `(geography, revenue)`
/// pairs.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use std::collections::BTreeMap;
/// use folio_types::{Structure, StructureData};
/// use folio_metrics::kpi::revenue_mix_by_line;
/// use rust_decimal::Decimal;
///
/// let structure = Structure::new(serde_json::from_str::<StructureData>(r#"{
///   "lines": [{"id": "analytics", "name": "Analytics", "horizon": "grow"},
///             {"id": "core", "name": "Core", "horizon": "core"}],
///   "products": [{"id": "atlas", "name": "Atlas", "line": "analytics"},
///                {"id": "lens", "name": "Lens", "line": "analytics"},
///                {"id": "ledger", "name": "Ledger", "line": "core"}]}"#)?)?;
/// let revenue = BTreeMap::from([
///     ("atlas".parse()?, Decimal::from(300)),
///     ("lens".parse()?, Decimal::from(100)),
///     ("ledger".parse()?, Decimal::from(600)),
/// ]);
/// let mix = revenue_mix_by_line(&structure, &revenue)?;
/// assert_eq!(mix["analytics"].value(), Decimal::new(4, 1));
/// assert_eq!(mix["core"].value(), Decimal::new(6, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Core`] with [`folio_types::Error::UnknownId`] for a product not in
/// `structure`; as [`shares`].
pub fn revenue_mix_by_line(
    structure: &Structure,
    by_product: &BTreeMap<ProductId, Decimal>,
) -> Result<BTreeMap<ProductLineId, Ratio>> {
    let mut parts = Vec::with_capacity(by_product.len());
    for (product, revenue) in by_product {
        let line = structure
            .line_of(product)
            .ok_or_else(|| folio_types::Error::UnknownId {
                kind: "product",
                id: product.as_str().into(),
                referrer: "revenue by product".to_owned(),
            })?;
        parts.push((line.id.clone(), *revenue));
    }
    shares(parts)
}

#[cfg(test)]
mod tests {
    use folio_types::Observation;

    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn series(points: &[(&str, &str)]) -> Series<Decimal> {
        Series::from_observations(
            points
                .iter()
                .map(|(period, v)| Observation::new(p(period).end(), d(v)))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn growth_table() {
        let check = |prev: &str, cur: &str, expected: Option<&str>| {
            assert_eq!(
                growth(d(prev), d(cur)).unwrap().map(Ratio::value),
                expected.map(d),
                "{prev} -> {cur}"
            );
        };
        check("100", "110", Some("0.1"));
        check("100", "90", Some("-0.1"));
        check("100", "0", Some("-1"));
        check("0", "10", None);
        assert!(growth(d("-1"), d("1")).is_err());
    }

    #[test]
    fn period_comparisons() {
        let s = series(&[
            ("2025-01", "10"),
            ("2025-Q1", "20"),
            ("2025-Q4", "100"),
            ("2026-01", "15"),
            ("2026-Q1", "120"),
        ]);
        assert_eq!(
            qoq_growth(&s, p("2026-Q1")).unwrap().map(Ratio::value),
            Some(d("0.2"))
        );
        assert_eq!(qoq_growth(&s, p("2026-Q2")).unwrap(), None);
        assert!(qoq_growth(&s, p("2026-01")).is_err());
        assert_eq!(
            yoy_growth(&s, p("2026-01")).unwrap().map(Ratio::value),
            Some(d("0.5"))
        );
        // A quarter's value is its latest reading: 20 on 2025-03-31 and 120 on
        // 2026-03-31, not January's 10 and 15.
        assert_eq!(
            yoy_growth(&s, p("2026-Q1")).unwrap().map(Ratio::value),
            Some(d("5"))
        );
        assert_eq!(yoy_growth(&s, p("2026-Q2")).unwrap(), None);
        let years = series(&[("2025", "100"), ("2026", "150")]);
        assert_eq!(
            yoy_growth(&years, p("2026")).unwrap().map(Ratio::value),
            Some(d("0.5"))
        );
        assert!(yoy_growth(&s, p("2026-01-01/2026-01-10")).is_err());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn mix_by_line() {
        let structure: Structure = serde_json::from_str(
            r#"{"lines": [{"id": "l1", "name": "L1", "horizon": "core"},
                          {"id": "l2", "name": "L2", "horizon": "grow"}],
                "products": [{"id": "a", "name": "A", "line": "l1"},
                             {"id": "b", "name": "B", "line": "l1"},
                             {"id": "c", "name": "C", "line": "l2"}]}"#,
        )
        .unwrap();
        let revenue = |entries: &[(&str, &str)]| -> BTreeMap<ProductId, Decimal> {
            entries
                .iter()
                .map(|(k, v)| (ProductId::new(k).unwrap(), d(v)))
                .collect()
        };
        let mix = revenue_mix_by_line(
            &structure,
            &revenue(&[("a", "10"), ("b", "30"), ("c", "60")]),
        )
        .unwrap();
        let got: Vec<(&str, Decimal)> = mix.iter().map(|(l, s)| (l.as_str(), s.value())).collect();
        assert_eq!(got, [("l1", d("0.4")), ("l2", d("0.6"))]);
        assert!(revenue_mix_by_line(&structure, &revenue(&[("zz", "1")])).is_err());
    }
}
