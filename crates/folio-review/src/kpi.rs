//! The portfolio KPI section: each metric combined across products per its definition,
//! quarter by quarter; revenue growth, mix and concentration; capacity drain; and the
//! trigger rules that fired.
//!
//! ```
//! use folio_review::{Inputs, run};
//!
//! // The quarters and metrics of review.json, in its order.
//! let kpis = run(&Inputs::sample()?)?.kpis;
//! let quarters: Vec<String> = kpis.quarters.iter().map(ToString::to_string).collect();
//! assert_eq!(quarters, ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]);
//! let metrics: Vec<&str> = kpis.rows.iter().map(|r| r.metric.as_str()).collect();
//! assert_eq!(metrics, ["revenue", "gross_margin", "nrr", "adoption", "nps", "tickets_per_account"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use folio_metrics::kpi::{hhi, investment_mix, shares, top_n_share};
use folio_metrics::{
    Alert, LineClassification, MetricCatalog, Observations, ProductBalance, Reading, Unit,
    capacity_drain, classify_lines,
};
use folio_types::{Decimal, Horizon, MetricId, Period, ProductId, Ratio, Structure};
use serde::Serialize;

use crate::input::{Inputs, MixTarget, ReviewError};

/// One metric across the quarters.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// The metric.
    pub metric: MetricId,
    /// Its name in the catalog.
    pub name: String,
    /// Its unit.
    pub unit: Unit,
    /// Its portfolio value per quarter (`None`: no product reported it).
    pub values: Vec<Option<Decimal>>,
    /// Each product's own value per quarter, by product id (`None`: not reported, or a
    /// fraction with a zero denominator).
    pub products: BTreeMap<ProductId, Vec<Option<Decimal>>>,
}

/// Where one investment horizon's share of capacity sits against its target band.
///
/// ```
/// use folio_review::{BandPosition, Inputs, run};
///
/// // A band is within its target when low <= share <= high, ends included.
/// for band in run(&Inputs::sample()?)?.kpis.mix {
///     if let (Some(target), Some(position)) = (band.target, band.position) {
///         let within = target.low <= band.share && band.share <= target.high;
///         assert_eq!(position == BandPosition::Within, within);
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MixBand {
    /// The horizon.
    pub horizon: Horizon,
    /// Its share of capacity in the latest quarter.
    pub share: Ratio,
    /// Its target band, if `review.json` gives one.
    pub target: Option<MixTarget>,
    /// Below, within or above the band (`None` without a band).
    pub position: Option<BandPosition>,
}

/// A share against its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandPosition {
    /// Below the band's low end.
    Below,
    /// Within the band, ends included.
    Within,
    /// Above the band's high end.
    Above,
}

/// How concentrated revenue is in one quarter.
#[derive(Debug, Clone, Serialize)]
pub struct Concentration {
    /// The quarter.
    pub quarter: Period,
    /// Portfolio revenue growth from the quarter before (`None` for the first quarter
    /// shown or a zero base).
    pub growth: Option<Decimal>,
    /// The Herfindahl-Hirschman index of revenue by product, on the 0..=1 scale.
    pub hhi: Decimal,
    /// The product with the most revenue (ties: the first by id).
    pub top_product: ProductId,
    /// Its share of revenue.
    pub top_share: Ratio,
}

/// The KPI section.
///
/// ```
/// use folio_review::{Inputs, run};
///
/// // One band per horizon with a target in review.json: core, grow and explore.
/// let kpis = run(&Inputs::sample()?)?.kpis;
/// assert_eq!(kpis.mix.len(), 3);
/// assert!(kpis.mix.iter().all(|band| band.target.is_some()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct KpiSection {
    /// The quarters shown, oldest first.
    pub quarters: Vec<Period>,
    /// One row per metric shown.
    pub rows: Vec<KpiRow>,
    /// Growth and concentration of revenue per quarter.
    pub concentration: Vec<Concentration>,
    /// Each product's share of revenue in the latest quarter, by product id.
    pub revenue_mix: BTreeMap<ProductId, Ratio>,
    /// Capacity share against revenue share in the latest quarter, largest gap first.
    pub capacity: Vec<ProductBalance>,
    /// Share of capacity per investment horizon in the latest quarter.
    pub capacity_by_horizon: BTreeMap<Horizon, Ratio>,
    /// Share of revenue per investment horizon in the latest quarter.
    pub revenue_by_horizon: BTreeMap<Horizon, Ratio>,
    /// Each horizon's share of capacity against its target band, core, grow, explore.
    pub mix: Vec<MixBand>,
    /// Each product line winning, stable or declining in the latest quarter, with its
    /// signals.
    pub lines: Vec<LineClassification>,
    /// How many trigger rules were evaluated.
    pub rules_evaluated: usize,
    /// The rules that fired at the review date, with their evidence.
    pub alerts: Vec<Alert>,
}

/// Each product's plain value of `metric` in `period`.
fn values(
    catalog: &MetricCatalog,
    observations: &Observations,
    metric: &MetricId,
    period: Period,
) -> folio_metrics::Result<BTreeMap<ProductId, Decimal>> {
    Ok(observations
        .readings(catalog, metric, period)?
        .into_iter()
        .filter_map(|r| match r.reading {
            Reading::Value(v) => Some((r.product, v)),
            _ => None,
        })
        .collect())
}

/// Each product's amount under its horizon (its own, or its line's); products the
/// structure does not know are left out (the KPI section reports them by product).
fn by_horizon<'a>(
    structure: &'a Structure,
    amounts: &'a BTreeMap<ProductId, Decimal>,
) -> impl Iterator<Item = (Horizon, Decimal)> + 'a {
    amounts
        .iter()
        .filter_map(|(product, amount)| structure.horizon_of(product).map(|h| (h, *amount)))
}

/// Builds the KPI section from `metrics.json` with the settings of `review.json`.
pub(crate) fn section(inputs: &Inputs) -> Result<KpiSection, ReviewError> {
    let settings = &inputs.settings.kpis;
    let metrics = &inputs.metrics;
    let in_metrics = |e: folio_metrics::Error| ReviewError::new(inputs.file("metrics.json"), e);
    let in_settings = |e: folio_metrics::Error| ReviewError::new(inputs.file("review.json"), e);
    let catalog = &metrics.catalog;
    let observations = &metrics.observations;

    let mut rows = Vec::with_capacity(settings.metrics.len());
    for metric in &settings.metrics {
        let def = catalog
            .require(metric, "the review's KPI list")
            .map_err(in_settings)?;
        let mut row = Vec::with_capacity(settings.quarters.len());
        let mut products: BTreeMap<ProductId, Vec<Option<Decimal>>> = BTreeMap::new();
        for (at, quarter) in settings.quarters.iter().enumerate() {
            let readings = observations
                .readings(catalog, metric, *quarter)
                .map_err(in_metrics)?;
            for r in &readings {
                let values = products
                    .entry(r.product.clone())
                    .or_insert_with(|| vec![None; settings.quarters.len()]);
                if let Some(slot) = values.get_mut(at) {
                    *slot = r.reading.value();
                }
            }
            row.push(if readings.is_empty() {
                None
            } else {
                Some(
                    observations
                        .aggregate_in(catalog, metric, *quarter)
                        .map_err(in_metrics)?
                        .value,
                )
            });
        }
        rows.push(KpiRow {
            metric: metric.clone(),
            name: def.name().to_owned(),
            unit: def.unit(),
            values: row,
            products,
        });
    }

    catalog
        .require(&settings.revenue, "the review's revenue metric")
        .map_err(in_settings)?;
    catalog
        .require(&settings.capacity, "the review's capacity metric")
        .map_err(in_settings)?;
    let mut concentration = Vec::with_capacity(settings.quarters.len());
    let mut previous_total: Option<Decimal> = None;
    for quarter in &settings.quarters {
        let revenue =
            values(catalog, observations, &settings.revenue, *quarter).map_err(in_metrics)?;
        let parts: Vec<Decimal> = revenue.values().copied().collect();
        let total = parts
            .iter()
            .try_fold(Decimal::ZERO, |sum, p| sum.checked_add(*p));
        let growth = match (previous_total, total) {
            (Some(before), Some(now)) => folio_metrics::kpi::growth(before, now)
                .map_err(in_metrics)?
                .map(Ratio::value),
            _ => None,
        };
        previous_total = total;
        // The first product with the largest revenue: ties go to the smaller id.
        let top = revenue
            .iter()
            .fold(None::<(&ProductId, Decimal)>, |best, (p, v)| match best {
                Some((_, b)) if b >= *v => best,
                _ => Some((p, *v)),
            });
        let Some((top_product, _)) = top else {
            continue;
        };
        concentration.push(Concentration {
            quarter: *quarter,
            growth,
            hhi: hhi(&parts).map_err(in_metrics)?,
            top_product: top_product.clone(),
            top_share: top_n_share(&parts, 1).map_err(in_metrics)?,
        });
    }

    let Some(latest) = settings.quarters.last().copied() else {
        return Err(ReviewError::new(
            inputs.file("review.json"),
            "kpis.quarters is empty: give at least one quarter",
        ));
    };
    let revenue = values(catalog, observations, &settings.revenue, latest).map_err(in_metrics)?;
    let consumed = values(catalog, observations, &settings.capacity, latest).map_err(in_metrics)?;
    let revenue_mix = shares(revenue.clone()).map_err(in_metrics)?;
    let capacity =
        capacity_drain(&consumed, &revenue, settings.drain_min_gap).map_err(in_metrics)?;
    let structure = &inputs.structure;
    let capacity_by_horizon =
        investment_mix(by_horizon(structure, &consumed)).map_err(in_metrics)?;
    let revenue_by_horizon = investment_mix(by_horizon(structure, &revenue)).map_err(in_metrics)?;
    let mut mix = Vec::with_capacity(3);
    for horizon in [Horizon::Core, Horizon::Grow, Horizon::Explore] {
        let share = capacity_by_horizon
            .get(&horizon)
            .copied()
            .unwrap_or(Ratio::ZERO);
        let target = settings.mix_targets.get(&horizon).copied();
        if let Some(t) = target {
            if t.low > t.high {
                return Err(ReviewError::new(
                    inputs.file("review.json"),
                    format!(
                        "kpis.mix_targets.{}: low {} is above high {}",
                        horizon_name(horizon),
                        t.low,
                        t.high
                    ),
                ));
            }
        }
        let position = target.map(|t| {
            if share < t.low {
                BandPosition::Below
            } else if share > t.high {
                BandPosition::Above
            } else {
                BandPosition::Within
            }
        });
        mix.push(MixBand {
            horizon,
            share,
            target,
            position,
        });
    }
    let lines = classify_lines(
        catalog,
        structure,
        observations,
        latest,
        &settings.classification,
    )
    .map_err(in_metrics)?;

    let alerts = metrics
        .rules
        .evaluate(catalog, observations, inputs.settings.as_of)
        .map_err(in_metrics)?;
    Ok(KpiSection {
        quarters: settings.quarters.clone(),
        rows,
        concentration,
        revenue_mix,
        capacity,
        capacity_by_horizon,
        revenue_by_horizon,
        mix,
        lines,
        rules_evaluated: metrics.rules.iter().len(),
        alerts,
    })
}

/// Each product's plain value of `metric` in `quarter`, from `metrics.json`.
pub(crate) fn product_values(
    inputs: &Inputs,
    metric: &MetricId,
    quarter: Period,
) -> Result<BTreeMap<ProductId, Decimal>, ReviewError> {
    values(
        &inputs.metrics.catalog,
        &inputs.metrics.observations,
        metric,
        quarter,
    )
    .map_err(|e| ReviewError::new(inputs.file("metrics.json"), e))
}

/// A horizon's name as in JSON.
pub(crate) fn horizon_name(horizon: Horizon) -> &'static str {
    match horizon {
        Horizon::Core => "core",
        Horizon::Grow => "grow",
        Horizon::Explore => "explore",
    }
}
