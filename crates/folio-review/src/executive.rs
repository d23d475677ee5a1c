//! What the review adds to folio-okr's four-part readout (seed 002, "A working format
//! for the monthly portfolio readout") from its other sections:
//!
//! - **Resource reallocation requests**: each folio-allocation recommendation (when
//!   `allocation.json` is present), from the giving initiative to the product of the
//!   off-track key result, with how much per period and why; and each product whose
//!   capacity used fell short of its plan (the dashboard's utilization below 100%),
//!   as a capacity drain.
//! - **Strategic questions**, each with its evidence: a product line classed declining
//!   in the latest quarter and the one before (with the fix-or-sunset alerts of its
//!   products), revenue concentration (HHI) rising two quarters running, and a bet
//!   starved of capacity (an explore or grow horizon below its target band by capacity
//!   or by spend, or an explore product short of its planned capacity).
//!
//! folio-okr generates the other questions itself: goals that do not add up, scorecard
//! goals, late deadlines, goals at risk through another product's prerequisite and
//! portfolio objectives that moved down.
//!
//! ```
//! use folio_okr::tracking::RequestSource;
//! use folio_review::{Inputs, run};
//!
//! let readout = run(&Inputs::sample()?)?.okr.readout;
//! // Every folio-allocation recommendation is a request with from, to and how much.
//! let allocation: Vec<_> =
//!     readout.reallocation.iter().filter(|r| r.source == RequestSource::Allocation).collect();
//! assert!(!allocation.is_empty());
//! assert!(allocation.iter().all(|r| r.from.is_some() && r.amount.is_some()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use folio_metrics::{Action, LineClass, classify_lines};
use folio_okr::tracking::{
    CapacityDrain, ReallocationRequest, RequestSource, ShiftKind, StrategicQuestion,
};
use folio_types::{Decimal, Horizon};

use crate::dashboard::DashboardSection;
use crate::decisions::DecisionsSection;
use crate::input::{Inputs, ReviewError};
use crate::kpi::{BandPosition, KpiSection, horizon_name};
use crate::render::Shown as _;
use crate::render::{name_of, percent, ratio};

/// What the review hands the readout.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras {
    pub(crate) capacity: Vec<CapacityDrain>,
    pub(crate) questions: Vec<StrategicQuestion>,
    pub(crate) requests: Vec<ReallocationRequest>,
}

pub(crate) fn extras(
    inputs: &Inputs,
    kpis: &KpiSection,
    dashboard: &DashboardSection,
    decisions: Option<&DecisionsSection>,
) -> Result<Extras, ReviewError> {
    Ok(Extras {
        capacity: drains(dashboard),
        questions: questions(inputs, kpis, dashboard)?,
        requests: decisions.map_or_else(Vec::new, |d| requests(inputs, d)),
    })
}

/// Each product that used less capacity than planned.
fn drains(dashboard: &DashboardSection) -> Vec<CapacityDrain> {
    let Some(u) = &dashboard.utilization else {
        return Vec::new();
    };
    u.products
        .iter()
        .filter(|row| row.actual < row.planned)
        .map(|row| CapacityDrain {
            product: row.product.clone(),
            kind: ShiftKind::Headcount,
            planned: row.planned,
            available: row.actual,
            cause: format!(
                "{} {} against {} {} planned in {} (utilization {})",
                u.actual_metric,
                row.actual.normalize(),
                u.planned_metric,
                row.planned.normalize(),
                dashboard.quarter,
                ratio(row.utilization)
            ),
        })
        .collect()
}

/// folio-allocation's recommendations as requests.
fn requests(inputs: &Inputs, decisions: &DecisionsSection) -> Vec<ReallocationRequest> {
    let mut out = Vec::new();
    for rec in &decisions.reallocation.recommendations {
        let Some(kr) = inputs
            .portfolio
            .key_results
            .iter()
            .find(|k| k.id == rec.key_result)
        else {
            continue;
        };
        let giver = inputs.allocation.as_ref().and_then(|a| {
            a.portfolio
                .initiatives()
                .iter()
                .find(|x| x.id == rec.from)
                .map(|x| x.product.clone())
        });
        let mut request = ReallocationRequest::new(
            kr.product.clone(),
            format!("folio-allocation: {}", rec.describe()),
            RequestSource::Allocation,
        );
        request.key_result = Some(rec.key_result.clone());
        request.from = Some(match giver {
            Some(product) => format!("initiative {} ({product})", rec.from),
            None => format!("initiative {}", rec.from),
        });
        request.kind = Some(ShiftKind::Headcount);
        request.amount = Some(rec.amount);
        out.push(request);
    }
    out
}

fn questions(
    inputs: &Inputs,
    kpis: &KpiSection,
    dashboard: &DashboardSection,
) -> Result<Vec<StrategicQuestion>, ReviewError> {
    let mut out = Vec::new();
    let settings = &inputs.settings.kpis;

    // A product line declining in the latest quarter and the one before.
    if let Some(latest) = settings.quarters.last() {
        let before = latest
            .previous()
            .map_err(|e| ReviewError::new(inputs.file("review.json"), e))?;
        let earlier = classify_lines(
            &inputs.metrics.catalog,
            &inputs.structure,
            &inputs.metrics.observations,
            before,
            &settings.classification,
        )
        .map_err(|e| ReviewError::new(inputs.file("metrics.json"), e))?;
        for now in kpis
            .lines
            .iter()
            .filter(|l| l.class == LineClass::Declining)
        {
            let Some(then) = earlier
                .iter()
                .find(|l| l.line == now.line && l.class == LineClass::Declining)
            else {
                continue;
            };
            let signals = |l: &folio_metrics::LineClassification| -> String {
                l.signals
                    .iter()
                    .map(|s| format!("{} {}", name_of(&s.kind), s.value.shown(3).normalize()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut evidence = vec![
                format!(
                    "product line {} classed declining in {before} ({})",
                    then.line,
                    signals(then)
                ),
                format!(
                    "product line {} classed declining in {latest} ({})",
                    now.line,
                    signals(now)
                ),
            ];
            let products: Vec<_> = inputs
                .structure
                .products()
                .filter(|p| p.line == now.line)
                .map(|p| &p.id)
                .collect();
            let mut trigger = false;
            for alert in &kpis.alerts {
                if alert
                    .product
                    .as_ref()
                    .is_some_and(|p| products.contains(&p))
                {
                    trigger |= alert.action == Action::FixOrSunsetPlan;
                    evidence.push(format!(
                        "trigger rule: {}",
                        crate::render::alert_line(alert)
                    ));
                }
            }
            out.push(StrategicQuestion::new(
                if trigger {
                    format!(
                        "Fix or sunset product line {}: it is declining two quarters running and its fix-or-sunset trigger fired. Which plan do we fund?",
                        now.line
                    )
                } else {
                    format!(
                        "Product line {} is declining two quarters running: fix it, or plan its sunset?",
                        now.line
                    )
                },
                evidence,
            ));
        }
    }

    // Revenue concentration rising two quarters running.
    let c = &kpis.concentration;
    if let [.., a, b, last] = c.as_slice() {
        if a.hhi < b.hhi && b.hhi < last.hhi {
            out.push(StrategicQuestion::new(
                format!(
                    "Revenue concentration has risen two quarters running: do we accept {}'s {} of revenue, or fund growth elsewhere?",
                    last.top_product,
                    ratio(last.top_share)
                ),
                vec![format!(
                    "revenue HHI {} in {}, {} in {}, {} in {}; {} holds {} of revenue",
                    a.hhi.shown(3),
                    a.quarter,
                    b.hhi.shown(3),
                    b.quarter,
                    last.hhi.shown(3),
                    last.quarter,
                    last.top_product,
                    ratio(last.top_share)
                )],
            ));
        }
    }

    // A bet starved of capacity.
    let mut starved = Vec::new();
    for (by, bands) in [
        ("capacity", Some(&kpis.mix)),
        ("spend", dashboard.spend_mix.as_ref().map(|s| &s.bands)),
    ] {
        for band in bands.into_iter().flatten() {
            if band.horizon == Horizon::Core || band.position != Some(BandPosition::Below) {
                continue;
            }
            if let Some(t) = band.target {
                starved.push(format!(
                    "the {} horizon has {} of {by} in {}, below its band {}-{}",
                    horizon_name(band.horizon),
                    ratio(band.share),
                    dashboard.quarter,
                    ratio(t.low),
                    ratio(t.high)
                ));
            }
        }
    }
    if let Some(u) = &dashboard.utilization {
        for row in &u.products {
            if row.actual < row.planned
                && inputs.structure.horizon_of(&row.product) == Some(Horizon::Explore)
            {
                starved.push(format!(
                    "explore bet {} has {} of its planned {} {} ({})",
                    row.product,
                    row.actual.normalize(),
                    row.planned.normalize(),
                    u.actual_metric,
                    percent(row.utilization.value().min(Decimal::ONE))
                ));
            }
        }
    }
    if !starved.is_empty() {
        out.push(StrategicQuestion::new(
            "Are our bets starved of capacity: do we move people to them, or cut the bets we cannot staff?",
            starved,
        ));
    }
    Ok(out)
}
