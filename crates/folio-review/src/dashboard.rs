//! The executive dashboard's extra numbers (seed 000, "A strong executive dashboard is
//! narrow and consistent"), each computed by folio-metrics from data the review
//! already reads:
//!
//! - **time-to-value** per product and for the portfolio, in the latest KPI quarter
//!   and the one before (`metrics.json`, the metric `dashboard.time_to_value` of
//!   `review.json` names: a per-product median of days from start to first value,
//!   combined across products as its definition says);
//! - **capacity utilization**, `actual / planned` (`folio_metrics::kpi::utilization`)
//!   per product and for the portfolio: the KPI section's capacity metric against the
//!   planned capacity metric `dashboard.planned_capacity` names;
//! - **delivery predictability of the critical initiatives**: the share of the work
//!   committed at the start of each week that was delivered by its end, over the
//!   delivery window, for the key results `dashboard.critical` names
//!   (`folio_metrics::kpi::delivery_predictability` on the counts folio-delivery
//!   measured), each and pooled;
//! - **investment mix by spend** (`folio_metrics::kpi::investment_mix` on the spend
//!   metric `dashboard.spend` names), beside the KPI section's mix by capacity, against
//!   the same target bands.
//!
//! Each part is `None` when `review.json` does not name its metric (or, for delivery,
//! when neither export is present).
//!
//! ```
//! use folio_review::{Inputs, run};
//! use folio_types::Decimal;
//!
//! let dashboard = run(&Inputs::sample()?)?.dashboard;
//! let utilization = dashboard.utilization.ok_or("the sample names planned capacity")?;
//! // Utilization is actual over planned, summed over the products for the portfolio.
//! let (planned, actual) = utilization.products.iter().fold((Decimal::ZERO, Decimal::ZERO), |(p, a), row| {
//!     (p + row.planned, a + row.actual)
//! });
//! assert_eq!(utilization.portfolio.value(), (actual / planned).round_dp(12));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use folio_metrics::Unit;
use folio_metrics::kpi::{delivery_predictability, investment_mix, utilization};
use folio_types::{Decimal, Horizon, KeyResultId, MetricId, Period, ProductId, Ratio};
use serde::{Deserialize, Serialize};

use crate::delivery::DeliverySection;
use crate::input::{Inputs, ReviewError};
use crate::kpi::{BandPosition, MixBand, product_values};

/// `review.json`'s `dashboard`: which metrics feed the dashboard's extra numbers, and
/// which key results carry the critical initiatives. Every field is optional; a part
/// whose metric is not named is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DashboardSettings {
    /// The time-to-value metric: each product's median days from a customer's start to
    /// its first value moment, per quarter.
    pub time_to_value: Option<MetricId>,
    /// The planned capacity metric, in the unit of the KPI section's capacity metric
    /// (which is the actual): utilization is actual over planned.
    pub planned_capacity: Option<MetricId>,
    /// The spend metric (money per product and quarter): the investment mix by spend.
    pub spend: Option<MetricId>,
    /// The key results of the critical initiatives, whose delivery predictability the
    /// dashboard shows.
    pub critical: Vec<KeyResultId>,
}

/// One product's time-to-value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TtvRow {
    /// The product.
    pub product: ProductId,
    /// In the latest quarter (`None`: not reported).
    pub value: Option<Decimal>,
    /// In the quarter before.
    pub previous: Option<Decimal>,
}

/// Time-to-value per product and for the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeToValue {
    /// The metric.
    pub metric: MetricId,
    /// Its unit (a duration).
    pub unit: Unit,
    /// The portfolio's value in the latest quarter, combined per the metric's
    /// definition (`None`: no product reported it).
    pub portfolio: Option<Decimal>,
    /// The same in the quarter before.
    pub previous: Option<Decimal>,
    /// Per product, by id.
    pub products: Vec<TtvRow>,
}

/// One product's capacity against its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UtilizationRow {
    /// The product.
    pub product: ProductId,
    /// Capacity planned.
    pub planned: Decimal,
    /// Capacity used (the KPI section's capacity metric).
    pub actual: Decimal,
    /// `actual / planned`.
    pub utilization: Ratio,
}

/// Capacity utilization in the latest quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Utilization {
    /// The planned capacity metric.
    pub planned_metric: MetricId,
    /// The actual capacity metric.
    pub actual_metric: MetricId,
    /// Per product with both a plan and an actual, by id.
    pub products: Vec<UtilizationRow>,
    /// Sum of actual over sum of planned.
    pub portfolio: Ratio,
}

/// One critical key result's delivery predictability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalRow {
    /// The key result.
    pub key_result: KeyResultId,
    /// Items committed at the start of a week, summed over the window's weeks.
    pub committed: u64,
    /// Of those, delivered by the week's end.
    pub delivered: u64,
    /// `delivered / committed`; `None` when nothing was committed.
    pub predictability: Option<Ratio>,
}

/// Delivery predictability of the critical initiatives over the delivery window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalDelivery {
    /// Per critical key result, in the order `review.json` names them.
    pub key_results: Vec<CriticalRow>,
    /// Pooled: all delivered over all committed; `None` when nothing was committed.
    pub pooled: Option<Ratio>,
}

/// The investment mix by spend in the latest quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendMix {
    /// The spend metric.
    pub metric: MetricId,
    /// Total spend of the products the structure places under a horizon.
    pub total: Decimal,
    /// Spend per horizon.
    pub amounts: BTreeMap<Horizon, Decimal>,
    /// Each horizon's share of spend against its target band (`review.json`,
    /// `kpis.mix_targets`), core, grow, explore.
    pub bands: Vec<MixBand>,
}

/// The dashboard's extra numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashboardSection {
    /// The quarter read: the KPI section's latest.
    pub quarter: Period,
    /// Time-to-value (without `dashboard.time_to_value`: `None`).
    pub time_to_value: Option<TimeToValue>,
    /// Capacity utilization (without `dashboard.planned_capacity`: `None`).
    pub utilization: Option<Utilization>,
    /// Delivery predictability of the critical initiatives (without critical key
    /// results or a delivery section: `None`).
    pub critical_delivery: Option<CriticalDelivery>,
    /// The investment mix by spend (without `dashboard.spend`: `None`).
    pub spend_mix: Option<SpendMix>,
}

/// Builds the dashboard's extra numbers.
pub(crate) fn section(
    inputs: &Inputs,
    delivery: Option<&DeliverySection>,
) -> Result<DashboardSection, ReviewError> {
    let settings = &inputs.settings;
    let review_file = inputs.file("review.json");
    let in_metrics = |e: folio_metrics::Error| ReviewError::new(inputs.file("metrics.json"), e);
    let catalog = &inputs.metrics.catalog;
    let Some(quarter) = settings.kpis.quarters.last().copied() else {
        return Err(ReviewError::new(
            &review_file,
            "kpis.quarters is empty: give at least one quarter",
        ));
    };
    let dashboard = &settings.dashboard;
    let time_to_value = match &dashboard.time_to_value {
        None => None,
        Some(metric) => {
            let def = catalog
                .require(metric, "the dashboard's time-to-value metric")
                .map_err(|e| ReviewError::new(&review_file, e))?;
            let before = quarter
                .previous()
                .map_err(|e| ReviewError::new(&review_file, e))?;
            let now = product_values(inputs, metric, quarter)?;
            let then = product_values(inputs, metric, before)?;
            let combined = |period: Period, any: bool| -> Result<Option<Decimal>, ReviewError> {
                if !any {
                    return Ok(None);
                }
                Ok(Some(
                    inputs
                        .metrics
                        .observations
                        .aggregate_in(catalog, metric, period)
                        .map_err(in_metrics)?
                        .value,
                ))
            };
            let mut products: Vec<ProductId> = now.keys().chain(then.keys()).cloned().collect();
            products.sort();
            products.dedup();
            Some(TimeToValue {
                metric: metric.clone(),
                unit: def.unit(),
                portfolio: combined(quarter, !now.is_empty())?,
                previous: combined(before, !then.is_empty())?,
                products: products
                    .into_iter()
                    .map(|product| TtvRow {
                        value: now.get(&product).copied(),
                        previous: then.get(&product).copied(),
                        product,
                    })
                    .collect(),
            })
        }
    };

    let utilization = match &dashboard.planned_capacity {
        None => None,
        Some(metric) => {
            catalog
                .require(metric, "the dashboard's planned capacity metric")
                .map_err(|e| ReviewError::new(&review_file, e))?;
            let planned = product_values(inputs, metric, quarter)?;
            let actual = product_values(inputs, &settings.kpis.capacity, quarter)?;
            let mut rows = Vec::new();
            let (mut all_planned, mut all_actual) = (Decimal::ZERO, Decimal::ZERO);
            for (product, plan) in &planned {
                let Some(used) = actual.get(product) else {
                    continue;
                };
                let share = utilization(*plan, *used).map_err(|e| {
                    ReviewError::new(
                        inputs.file("metrics.json"),
                        format!("{metric} of product {product} in {quarter}: {e}"),
                    )
                })?;
                all_planned = all_planned
                    .checked_add(*plan)
                    .ok_or_else(|| overflow(inputs))?;
                all_actual = all_actual
                    .checked_add(*used)
                    .ok_or_else(|| overflow(inputs))?;
                rows.push(UtilizationRow {
                    product: product.clone(),
                    planned: *plan,
                    actual: *used,
                    utilization: share,
                });
            }
            Some(Utilization {
                planned_metric: metric.clone(),
                actual_metric: settings.kpis.capacity.clone(),
                products: rows,
                portfolio: utilization(all_planned, all_actual).map_err(in_metrics)?,
            })
        }
    };

    let critical_delivery = match delivery {
        Some(d) if !dashboard.critical.is_empty() => {
            let mut rows = Vec::with_capacity(dashboard.critical.len());
            let (mut committed, mut delivered) = (0_u64, 0_u64);
            for kr in &dashboard.critical {
                if !inputs.portfolio.key_results.iter().any(|k| &k.id == kr) {
                    return Err(ReviewError::new(
                        &review_file,
                        format!(
                            "dashboard.critical names key result {kr}, which portfolio.json does not hold"
                        ),
                    ));
                }
                let label = format!("key result {kr}");
                let (c, done) = d
                    .key_results
                    .iter()
                    .find(|row| row.label == label)
                    .map_or((0, 0), |row| (row.committed, row.delivered));
                committed = committed.saturating_add(c);
                delivered = delivered.saturating_add(done);
                rows.push(CriticalRow {
                    key_result: kr.clone(),
                    committed: c,
                    delivered: done,
                    predictability: predictability(done, c, inputs)?,
                });
            }
            Some(CriticalDelivery {
                key_results: rows,
                pooled: predictability(delivered, committed, inputs)?,
            })
        }
        _ => None,
    };

    let spend_mix = match &dashboard.spend {
        None => None,
        Some(metric) => {
            catalog
                .require(metric, "the dashboard's spend metric")
                .map_err(|e| ReviewError::new(&review_file, e))?;
            let spend = product_values(inputs, metric, quarter)?;
            let mut amounts: BTreeMap<Horizon, Decimal> = BTreeMap::new();
            let mut total = Decimal::ZERO;
            for (product, amount) in &spend {
                let Some(horizon) = inputs.structure.horizon_of(product) else {
                    continue;
                };
                let slot = amounts.entry(horizon).or_default();
                *slot = slot.checked_add(*amount).ok_or_else(|| overflow(inputs))?;
                total = total.checked_add(*amount).ok_or_else(|| overflow(inputs))?;
            }
            let shares =
                investment_mix(amounts.iter().map(|(h, a)| (*h, *a))).map_err(in_metrics)?;
            let bands = [Horizon::Core, Horizon::Grow, Horizon::Explore]
                .into_iter()
                .map(|horizon| {
                    let share = shares.get(&horizon).copied().unwrap_or(Ratio::ZERO);
                    let target = settings.kpis.mix_targets.get(&horizon).copied();
                    MixBand {
                        horizon,
                        share,
                        target,
                        position: target.map(|t| {
                            if share < t.low {
                                BandPosition::Below
                            } else if share > t.high {
                                BandPosition::Above
                            } else {
                                BandPosition::Within
                            }
                        }),
                    }
                })
                .collect();
            Some(SpendMix {
                metric: metric.clone(),
                total,
                amounts,
                bands,
            })
        }
    };

    Ok(DashboardSection {
        quarter,
        time_to_value,
        utilization,
        critical_delivery,
        spend_mix,
    })
}

fn overflow(inputs: &Inputs) -> ReviewError {
    ReviewError::new(
        inputs.file("metrics.json"),
        "a dashboard sum overflows the decimal range",
    )
}

/// `delivered / committed`, or `None` when nothing was committed.
fn predictability(
    delivered: u64,
    committed: u64,
    inputs: &Inputs,
) -> Result<Option<Ratio>, ReviewError> {
    if committed == 0 {
        return Ok(None);
    }
    delivery_predictability(delivered, committed)
        .map(Some)
        .map_err(|e| ReviewError::new(inputs.file("jira.json"), e))
}
