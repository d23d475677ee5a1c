//! Capacity and investment: allocation by product line and initiative type,
//! utilization (planned vs actual), and the investment mix across horizons with its
//! trend.
//!
//! Shares come from [`shares`] (12 decimal places, summing to exactly 1).

use std::collections::BTreeMap;

use folio_types::{
    Allocation, Horizon, InitiativeType, Period, ProductId, ProductLineId, Ratio, Structure,
};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::kpi::concentration::shares;
use crate::math;

/// Utilization, `actual / planned`: above 1 means more capacity was used than planned.
///
/// ```
/// use folio_metrics::kpi::utilization;
/// use rust_decimal::Decimal;
///
/// // 46 person-weeks used of 40 planned: 115%.
/// assert_eq!(utilization(Decimal::from(40), Decimal::from(46))?.value(), Decimal::new(115, 2));
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Negative`] for a negative input; [`Error::ZeroDenominator`] for nothing
/// planned.
pub fn utilization(planned: Decimal, actual: Decimal) -> Result<Ratio> {
    math::non_negative(planned, "planned capacity")?;
    math::non_negative(actual, "actual capacity")?;
    math::ratio(actual, planned, "planned capacity", "utilization")
}

/// Capacity planned and used on one product for one type of work, in any unit of
/// effort (person-weeks, hours, cost).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CapacityEntry {
    /// The product worked on.
    pub product: ProductId,
    /// The type of initiative the work belongs to.
    pub initiative_type: InitiativeType,
    /// Whether the work runs or grows the business.
    pub allocation: Allocation,
    /// Capacity planned.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub planned: Decimal,
    /// Capacity used.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub actual: Decimal,
}

/// Where capacity went, and how it compared with the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CapacityReport {
    /// Each product line's share of the actual capacity.
    pub by_line: BTreeMap<ProductLineId, Ratio>,
    /// Each initiative type's share of the actual capacity.
    pub by_initiative_type: BTreeMap<InitiativeType, Ratio>,
    /// Run vs grow shares of the actual capacity.
    pub by_allocation: BTreeMap<Allocation, Ratio>,
    /// Portfolio utilization, `Σ actual / Σ planned`.
    pub utilization: Ratio,
    /// Each line's utilization; `None` for a line with nothing planned.
    pub utilization_by_line: BTreeMap<ProductLineId, Option<Ratio>>,
}

/// Capacity allocation by product line, initiative type and run/grow, with
/// utilization.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_types::{Structure, StructureData};
/// use folio_metrics::kpi::{capacity_report, CapacityEntry};
/// use rust_decimal::Decimal;
///
/// let structure = Structure::new(serde_json::from_str::<StructureData>(r#"{
///   "lines": [{"id": "analytics", "name": "Analytics", "horizon": "grow"},
///             {"id": "core", "name": "Core", "horizon": "core"}],
///   "products": [{"id": "atlas", "name": "Atlas", "line": "analytics"},
///                {"id": "ledger", "name": "Ledger", "line": "core"}]}"#)?)?;
/// let entries: Vec<CapacityEntry> = serde_json::from_str(r#"[
///   {"product": "atlas", "initiative_type": "innovation", "allocation": "grow", "planned": "30", "actual": "36"},
///   {"product": "ledger", "initiative_type": "compliance", "allocation": "run", "planned": "30", "actual": "24"}
/// ]"#)?;
/// let report = capacity_report(&structure, &entries)?;
/// assert_eq!(report.by_line["analytics"].value(), Decimal::new(6, 1));
/// assert_eq!(report.utilization.value(), Decimal::ONE); // 60 used of 60 planned
/// assert_eq!(report.utilization_by_line["core"].map(|u| u.value()), Some(Decimal::new(8, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no entries; [`Error::Core`] for a product not in
/// `structure`; [`Error::Negative`] for negative capacity;
/// [`Error::ZeroDenominator`] if no capacity was used or none was planned.
pub fn capacity_report(structure: &Structure, entries: &[CapacityEntry]) -> Result<CapacityReport> {
    let mut by_line = Vec::new();
    let mut by_type = Vec::new();
    let mut by_allocation = Vec::new();
    let mut planned_by_line: BTreeMap<ProductLineId, (Decimal, Decimal)> = BTreeMap::new();
    for entry in entries {
        math::non_negative(entry.planned, "planned capacity")?;
        math::non_negative(entry.actual, "actual capacity")?;
        let line =
            structure
                .line_of(&entry.product)
                .ok_or_else(|| folio_types::Error::UnknownId {
                    kind: "product",
                    id: entry.product.as_str().into(),
                    referrer: "a capacity entry".to_owned(),
                })?;
        by_line.push((line.id.clone(), entry.actual));
        by_type.push((entry.initiative_type, entry.actual));
        by_allocation.push((entry.allocation, entry.actual));
        let sums = planned_by_line
            .entry(line.id.clone())
            .or_insert((Decimal::ZERO, Decimal::ZERO));
        sums.0 = math::add(sums.0, entry.planned, "summing planned capacity")?;
        sums.1 = math::add(sums.1, entry.actual, "summing actual capacity")?;
    }
    let planned = math::sum(
        planned_by_line.values().map(|s| s.0),
        "summing planned capacity",
    )?;
    let actual = math::sum(
        planned_by_line.values().map(|s| s.1),
        "summing actual capacity",
    )?;
    if entries.is_empty() {
        return Err(Error::Empty {
            what: "capacity entries",
            computing: "a capacity report".to_owned(),
        });
    }
    let utilization_by_line = planned_by_line
        .into_iter()
        .map(|(line, (p, a))| {
            let u = if p.is_zero() {
                None
            } else {
                Some(utilization(p, a)?)
            };
            Ok((line, u))
        })
        .collect::<Result<_>>()?;
    Ok(CapacityReport {
        by_line: shares(by_line)?,
        by_initiative_type: shares(by_type)?,
        by_allocation: shares(by_allocation)?,
        utilization: utilization(planned, actual)?,
        utilization_by_line,
    })
}

/// The investment mix: each horizon's share of spend (core: keep the lights on,
/// grow: scale what works, explore: new bets). All three horizons appear, with zero
/// for a horizon without spend.
///
/// ```
/// use folio_types::Horizon;
/// use folio_metrics::kpi::investment_mix;
/// use rust_decimal::Decimal;
///
/// let mix = investment_mix([(Horizon::Core, Decimal::from(70)), (Horizon::Grow, Decimal::from(30))])?;
/// assert_eq!(mix[&Horizon::Core].value(), Decimal::new(7, 1));
/// assert_eq!(mix[&Horizon::Explore].value(), Decimal::ZERO); // starving new bets
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// As [`shares`]: no spend at all is [`Error::ZeroDenominator`].
pub fn investment_mix<I>(spend: I) -> Result<BTreeMap<Horizon, Ratio>>
where
    I: IntoIterator<Item = (Horizon, Decimal)>,
{
    let all = [Horizon::Core, Horizon::Grow, Horizon::Explore]
        .into_iter()
        .map(|h| (h, Decimal::ZERO));
    shares(all.chain(spend))
}

/// One period of an investment-mix trend.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MixPoint {
    /// The period.
    pub period: Period,
    /// Each horizon's share of the period's spend.
    pub mix: BTreeMap<Horizon, Ratio>,
    /// Each horizon's change in share from the previous point, in fractions (0.05 is
    /// five percentage points); `None` for the first point.
    pub change: Option<BTreeMap<Horizon, Decimal>>,
}

/// The investment mix period by period, with each horizon's change in share from the
/// previous period given (in period order; the periods need not be contiguous).
///
/// ```
/// use std::collections::BTreeMap;
/// use folio_types::{Horizon, Period};
/// use folio_metrics::kpi::investment_mix_trend;
/// use rust_decimal::Decimal;
///
/// let q1: Period = "2026-Q1".parse()?;
/// let q2: Period = "2026-Q2".parse()?;
/// let spend = BTreeMap::from([
///     (q1, vec![(Horizon::Core, Decimal::from(60)), (Horizon::Explore, Decimal::from(40))]),
///     (q2, vec![(Horizon::Core, Decimal::from(80)), (Horizon::Explore, Decimal::from(20))]),
/// ]);
/// let trend = investment_mix_trend(&spend)?;
/// let change = trend[1].change.as_ref().ok_or("no change")?;
/// assert_eq!(change[&Horizon::Explore], Decimal::new(-2, 1)); // down 20 points
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`investment_mix`], for any period.
pub fn investment_mix_trend(
    spend: &BTreeMap<Period, Vec<(Horizon, Decimal)>>,
) -> Result<Vec<MixPoint>> {
    let mut points: Vec<MixPoint> = Vec::with_capacity(spend.len());
    for (period, parts) in spend {
        let mix = investment_mix(parts.iter().copied())?;
        let change = match points.last() {
            None => None,
            Some(previous) => Some(
                mix.iter()
                    .map(|(h, share)| {
                        let before = previous.mix.get(h).map_or(Decimal::ZERO, |r| r.value());
                        Ok((
                            *h,
                            math::sub(share.value(), before, "computing a change in share")?
                                .normalize(),
                        ))
                    })
                    .collect::<Result<_>>()?,
            ),
        };
        points.push(MixPoint {
            period: *period,
            mix,
            change,
        });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilization_table() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(utilization(d("10"), d("5")).unwrap().value(), d("0.5"));
        assert_eq!(utilization(d("10"), d("0")).unwrap().value(), d("0"));
        assert!(matches!(
            utilization(d("0"), d("1")),
            Err(Error::ZeroDenominator { .. })
        ));
        assert!(utilization(d("-1"), d("1")).is_err());
    }

    #[test]
    fn trend_reports_changes_in_share() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let q = |s: &str| s.parse::<Period>().unwrap();
        let spend = BTreeMap::from([
            (
                q("2026-Q1"),
                vec![(Horizon::Core, d("50")), (Horizon::Grow, d("50"))],
            ),
            (
                q("2026-Q2"),
                vec![(Horizon::Core, d("25")), (Horizon::Explore, d("75"))],
            ),
        ]);
        let trend = investment_mix_trend(&spend).unwrap();
        assert_eq!(trend.len(), 2);
        assert_eq!(trend[0].change, None);
        let change = trend[1].change.clone().unwrap();
        assert_eq!(
            change.into_iter().collect::<Vec<_>>(),
            [
                (Horizon::Core, d("-0.25")),
                (Horizon::Grow, d("-0.5")),
                (Horizon::Explore, d("0.75"))
            ]
        );
        assert_eq!(trend[1].mix[&Horizon::Explore].value(), d("0.75"));
    }

    #[test]
    fn mix_includes_every_horizon() {
        let mix = investment_mix([(Horizon::Explore, Decimal::ONE)]).unwrap();
        assert_eq!(mix.len(), 3);
        assert_eq!(mix[&Horizon::Explore].value(), Decimal::ONE);
        assert!(investment_mix([]).is_err());
    }
}
