//! Deserializes arbitrary bytes as JSON into folio-metrics' input types (catalogs,
//! rule sets, observations, readings, targets) and runs them through the rule
//! evaluator, the aggregation and the KPI functions. Nothing here may panic: invalid
//! input must be a typed error.
#![no_main]

use folio_metrics::kpi;
use folio_metrics::{
    MetricCatalog, Observations, ProductReading, RuleSet, Scoring, Target, TargetSet, aggregate,
};
use folio_types::{Decimal, NaiveDate, Period, ProductId, Ratio};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with any mix of metrics inputs.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    catalog: Option<MetricCatalog>,
    #[serde(default)]
    rules: Option<RuleSet>,
    #[serde(default)]
    observations: Option<Observations>,
    #[serde(default)]
    as_of: Vec<NaiveDate>,
    #[serde(default)]
    periods: Vec<Period>,
    #[serde(default)]
    readings: Vec<ProductReading>,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    values: Vec<Decimal>,
    #[serde(default)]
    p: Option<Decimal>,
    #[serde(default)]
    responses: Vec<u8>,
    #[serde(default)]
    counts: Vec<u64>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let catalog = input.catalog.unwrap_or_default();
    let observations = input.observations.unwrap_or_default();

    // Rules over observations at each as_of date.
    if let Some(rules) = &input.rules {
        for as_of in &input.as_of {
            if let Ok(alerts) = rules.evaluate(&catalog, &observations, *as_of) {
                for alert in &alerts {
                    assert!(alert.evidence.iter().all(|e| e.date <= *as_of));
                }
            }
        }
    }

    // Every definition over the raw readings and over each period's observations.
    for def in catalog.iter() {
        if let Ok(result) = aggregate(def, &input.readings) {
            assert_eq!(result.terms.len(), {
                let mut products: Vec<&ProductId> =
                    input.readings.iter().map(|r| &r.product).collect();
                products.sort();
                products.dedup();
                products.len()
            });
        }
        for period in &input.periods {
            let _ = observations.aggregate_in(&catalog, def.id(), *period);
            let _ = observations.portfolio_change(&catalog, def.id(), *period);
            for (product, _) in observations.products(def.id()) {
                let _ = observations.change(def.id(), product, *period);
            }
        }
    }

    // Targets against every value, both scorings.
    let _ = TargetSet::new(input.targets.clone());
    for target in &input.targets {
        if let Some(def) = catalog.get(target.metric()) {
            let _ = target.check_against(def);
        }
        for value in &input.values {
            if let Ok(clamped) = target.progress(*value, Scoring::Clamped) {
                assert!(clamped.value() <= Decimal::ONE);
            }
            let _ = target.progress(*value, Scoring::AllowOverAchievement);
            let _ = target.is_met(*value);
            let _ = target.gap(*value);
        }
    }

    // KPI functions on the raw numbers.
    let _ = kpi::hhi(&input.values);
    let _ = kpi::top_n_share(&input.values, input.counts.len());
    if let Ok(shares) = kpi::shares(input.values.iter().copied().enumerate()) {
        let total = shares
            .values()
            .try_fold(Decimal::ZERO, |acc, s| acc.checked_add(s.value()));
        assert_eq!(total, Some(Decimal::ONE));
    }
    if let Some(p) = input.p {
        if let Ok(value) = kpi::percentile(&input.values, p) {
            let min = input.values.iter().min().copied();
            let max = input.values.iter().max().copied();
            assert!(min.is_some_and(|m| m <= value) && max.is_some_and(|m| value <= m));
        }
        let _ = kpi::growth(p, p);
        let _ = kpi::ltv(
            p,
            Ratio::new(p).unwrap_or(Ratio::ZERO),
            Ratio::new(p).unwrap_or(Ratio::ZERO),
        );
        let _ = kpi::cac_payback(p, p, Ratio::new(p).unwrap_or(Ratio::ZERO));
    }
    let _ = kpi::distribution(&input.values);
    let _ = kpi::nps(&input.responses);
    if let [a, b, ..] = input.counts[..] {
        let _ = kpi::logo_churn(a, b);
        let _ = kpi::activation_rate(a, b);
        let _ = kpi::tickets_per_active_account(a, b);
        let _ = kpi::delivery_predictability(a, b);
    }
    if let [a, b, ..] = input.values[..] {
        let _ = kpi::gross_margin(a, b);
        let _ = kpi::utilization(a, b);
        let _ = kpi::renewal_rate(a, b);
        let _ = kpi::flow_efficiency(&[(a, b)]);
    }
});
