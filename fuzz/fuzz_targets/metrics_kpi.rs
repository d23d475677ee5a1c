//! Runs every folio-metrics KPI function on inputs deserialized from arbitrary JSON:
//! revenue cohorts, work items, date spans, capacity entries, classification and drain
//! policies, revenue series, product maps and the raw numbers and counts the simple
//! ratios take. Nothing here may panic; results that succeed keep their invariants
//! (ratios of parts add up, percentiles stay within the values, shares within 0..=1).
#![no_main]

use std::collections::BTreeMap;

use folio_metrics::kpi::{self, adoption::DateSpan, capacity::CapacityEntry};
use folio_metrics::kpi::{delivery::WorkItem, retention::RevenueCohort};
use folio_metrics::{ClassificationPolicy, MetricCatalog, Observations, capacity_drain};
use folio_types::{Decimal, Horizon, NaiveDate, Period, ProductId, Ratio, Series, Structure};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with any mix of KPI inputs.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    cohorts: Vec<RevenueCohort>,
    #[serde(default)]
    items: Vec<WorkItem>,
    #[serde(default)]
    spans: Vec<DateSpan>,
    #[serde(default)]
    capacity: Vec<CapacityEntry>,
    #[serde(default)]
    structure: Option<Structure>,
    #[serde(default)]
    catalog: Option<MetricCatalog>,
    #[serde(default)]
    observations: Option<Observations>,
    #[serde(default)]
    classification: Option<ClassificationPolicy>,
    #[serde(default)]
    consumption: BTreeMap<ProductId, Decimal>,
    #[serde(default)]
    value: BTreeMap<ProductId, Decimal>,
    #[serde(default)]
    min_gap: Option<Decimal>,
    #[serde(default)]
    revenue: Option<Series<Decimal>>,
    #[serde(default)]
    periods: Vec<Period>,
    #[serde(default)]
    spend: Vec<(Horizon, Decimal)>,
    #[serde(default)]
    spend_by_period: BTreeMap<Period, Vec<(Horizon, Decimal)>>,
    #[serde(default)]
    usage: Vec<(u32, ProductId)>,
    #[serde(default)]
    released: Vec<(u32, NaiveDate)>,
    #[serde(default)]
    dates: Vec<NaiveDate>,
    #[serde(default)]
    values: Vec<Decimal>,
    #[serde(default)]
    pairs: Vec<(Decimal, Decimal)>,
    #[serde(default)]
    counts: Vec<u64>,
    #[serde(default)]
    ratios: Vec<Decimal>,
}

fn ratio(value: Option<&Decimal>) -> Ratio {
    value
        .and_then(|v| Ratio::new(*v).ok())
        .unwrap_or(Ratio::ZERO)
}

fn within_values(values: &[Decimal], d: &kpi::stats::Distribution) {
    let min = values.iter().min().copied();
    let max = values.iter().max().copied();
    assert_eq!(Some(d.min), min);
    assert_eq!(Some(d.max), max);
    assert!(d.min <= d.p25 && d.p25 <= d.median && d.median <= d.p75);
    assert!(d.p75 <= d.p90 && d.p90 <= d.max);
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };

    // Retention over each cohort: GRR never above NRR's expansion-free part.
    for cohort in &input.cohorts {
        let nrr = kpi::nrr(cohort);
        let grr = kpi::grr(cohort);
        let _ = kpi::revenue_churn(cohort);
        if let (Ok(n), Ok(g)) = (nrr, grr) {
            assert!(g.value() <= Decimal::ONE, "GRR above 100%: {cohort:?}");
            if cohort.expansion >= Decimal::ZERO {
                assert!(g.value() <= n.value(), "GRR above NRR: {cohort:?}");
            }
        }
    }

    // Flow times over the work items and spans.
    if let Ok(d) = kpi::lead_time(&input.items) {
        assert_eq!(d.count, input.items.len());
    }
    if let Ok(d) = kpi::cycle_time(&input.items) {
        assert_eq!(d.count, input.items.len());
    }
    let _ = kpi::time_to_value(&input.spans);
    let _ = kpi::time_to_resolution(&input.spans);
    for span in &input.spans {
        let _ = span.days();
    }
    let _ = kpi::flow_efficiency(&input.pairs);
    for period in &input.periods {
        let counted: BTreeMap<u32, u64> = kpi::throughput(input.released.iter().copied(), *period);
        let total: u64 = counted.values().sum();
        assert!(usize::try_from(total).is_ok_and(|t| t <= input.released.len()));
    }
    if let [a, b, c, ..] = input.dates[..] {
        let _ = kpi::schedule_variance(a, b, c);
    }

    // Capacity, mix and drain.
    if let Some(structure) = &input.structure {
        let _ = kpi::capacity_report(structure, &input.capacity);
        let _ = kpi::revenue_mix_by_line(structure, &input.value);
        if let (Some(catalog), Some(observations), Some(policy)) =
            (&input.catalog, &input.observations, &input.classification)
        {
            for period in &input.periods {
                let _ = folio_metrics::classify_lines(
                    catalog,
                    structure,
                    observations,
                    *period,
                    policy,
                );
            }
        }
    }
    if let Ok(mix) = kpi::investment_mix(input.spend.iter().copied()) {
        assert!(mix.values().all(|r| r.value() <= Decimal::ONE));
    }
    let _ = kpi::investment_mix_trend(&input.spend_by_period);
    if let Some(min_gap) = input.min_gap {
        if let Ok(balances) = capacity_drain(&input.consumption, &input.value, min_gap) {
            for b in &balances {
                assert!(!b.draining || b.gap >= min_gap, "{b:?}");
            }
        }
    }
    let _ = kpi::nps_gap(&input.value);
    let _ = kpi::cross_product_adoption(input.usage.iter().cloned());

    // Growth over the revenue series.
    if let Some(revenue) = &input.revenue {
        for period in &input.periods {
            let _ = kpi::qoq_growth(revenue, *period);
            let _ = kpi::yoy_growth(revenue, *period);
        }
    }

    // Statistics and the ratios of plain numbers.
    if let Ok(d) = kpi::distribution(&input.values) {
        within_values(&input.values, &d);
    }
    if let Ok(m) = kpi::median(&input.values) {
        let min = input.values.iter().min().copied();
        let max = input.values.iter().max().copied();
        assert!(min.is_some_and(|v| v <= m) && max.is_some_and(|v| m <= v));
    }
    for p in &input.ratios {
        let _ = kpi::percentile(&input.values, *p);
    }
    if let [a, b, ..] = input.values[..] {
        let _ = kpi::utilization(a, b);
        let _ = kpi::gross_margin(a, b);
        let _ = kpi::renewal_rate(a, b);
        let _ = kpi::growth(a, b);
        let _ = kpi::ltv_to_cac(a, b);
        let _ = kpi::ltv(a, ratio(input.ratios.first()), ratio(input.ratios.get(1)));
        let _ = kpi::cac_payback(a, b, ratio(input.ratios.first()));
    }
    if let [a, b, ..] = input.counts[..] {
        for r in [
            kpi::activation_rate(a, b),
            kpi::conversion_rate(a, b),
            kpi::user_retention_rate(a, b),
            kpi::logo_churn(a, b),
            kpi::delivery_predictability(a, b),
        ]
        .into_iter()
        .flatten()
        {
            assert!(r.value() >= Decimal::ZERO);
        }
        let _ = kpi::tickets_per_active_account(a, b);
    }
});
