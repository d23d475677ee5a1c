//! Deserializes arbitrary bytes as JSON into folio-roi's input types and runs every
//! measure on what comes out: NPV, XNPV and XIRR under every day count, IRR (spreadsheet,
//! strict and all rates), MIRR, payback, ROI, business-case
//! reports, product-line aggregation, ranking and the payback trigger. Nothing here may
//! panic or loop without bound: invalid input must be a typed error, and the solvers'
//! iteration counts are fixed.
//!
//! Random bytes seldom form a business case; structured seed inputs live in
//! `fuzz/seeds/roi_json/` and are passed as an extra corpus directory:
//! `cargo +nightly fuzz run roi_json corpus/roi_json seeds/roi_json -- -max_total_time=60`.
#![no_main]

use folio_roi::{
    BusinessCase, DatedFlows, DayCount, Payback, PaybackTrigger, PeriodicFlows, RateSearch, Rates,
    ReportPolicy, Window,
};
use folio_types::{Decimal, Ratio};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with any mix of ROI inputs.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    periodic: Option<PeriodicFlows>,
    #[serde(default)]
    dated: Option<DatedFlows>,
    #[serde(default)]
    rate: Option<Ratio>,
    #[serde(default)]
    reinvest_rate: Option<Ratio>,
    #[serde(default)]
    search: Option<RateSearch>,
    #[serde(default)]
    day_count: Option<DayCount>,
    #[serde(default)]
    cases: Vec<BusinessCase>,
    #[serde(default)]
    policy: Option<ReportPolicy>,
    #[serde(default)]
    trigger: Option<PaybackTrigger>,
    #[serde(default)]
    window: Option<Window>,
}

fn check_payback(payback: &Payback) {
    match payback {
        Payback::PaysBack { after, .. } => assert!(*after >= Decimal::ZERO, "{payback:?}"),
        Payback::Never { shortfall, .. } => assert!(*shortfall > Decimal::ZERO, "{payback:?}"),
        _ => {}
    }
}

fn check_rates(rates: &[Ratio], search: &RateSearch) {
    for pair in rates.windows(2) {
        assert!(pair[0] < pair[1], "rates not ascending: {rates:?}");
    }
    for r in rates {
        assert!(
            *r >= search.min_rate() && *r <= search.max_rate(),
            "{r} outside {search:?}"
        );
    }
}

/// The spreadsheet's rate is one of the rates found, and unique exactly when alone.
fn check_spreadsheet_rate(rates: &Rates, search: &RateSearch) {
    check_rates(rates.all(), search);
    assert!(rates.all().contains(&rates.rate()), "{rates:?}");
    assert_eq!(rates.is_unique(), rates.all().len() == 1, "{rates:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let rate = input.rate.unwrap_or(Ratio::ZERO);
    let reinvest = input.reinvest_rate.unwrap_or(rate);
    let search = input.search.unwrap_or_default();
    if let Some(flows) = &input.periodic {
        let _ = folio_roi::npv(rate, flows);
        let _ = folio_roi::npv_from_start(rate, flows);
        if let Ok(rates) = folio_roi::irr_all(flows, &search) {
            check_rates(&rates, &search);
        }
        if let Ok(rates) = folio_roi::irr_with(flows, &search) {
            check_spreadsheet_rate(&rates, &search);
        }
        let _ = folio_roi::irr_strict(flows, &search);
        let _ = folio_roi::mirr(rate, reinvest, flows);
        if let Ok(p) = folio_roi::payback(flows) {
            check_payback(&p);
        }
        if let Ok(p) = folio_roi::discounted_payback(rate, flows) {
            check_payback(&p);
        }
        let _ = flows.total();
    }
    if let Some(flows) = &input.dated {
        let day_count = input.day_count.unwrap_or_default();
        let _ = folio_roi::xnpv(rate, flows);
        let _ = folio_roi::xnpv_with(rate, flows, day_count);
        if let Ok(rates) = folio_roi::xirr_all(flows, &search, day_count) {
            check_rates(&rates, &search);
        }
        if let Ok(rates) = folio_roi::xirr_with(flows, &search, day_count) {
            check_spreadsheet_rate(&rates, &search);
        }
        let _ = folio_roi::xirr_strict(flows, &search, day_count);
        if let Ok(p) = folio_roi::dated_payback(flows) {
            check_payback(&p);
        }
        if let Ok(p) = folio_roi::dated_discounted_payback(rate, flows) {
            check_payback(&p);
        }
        let _ = flows.netted();
    }
    let policy = input
        .policy
        .or_else(|| ReportPolicy::new(rate).ok())
        .map(|p| p.with_rate_search(search));
    let mut reports = Vec::new();
    for case in &input.cases {
        let _ = case.roi(None);
        if let Some(window) = &input.window {
            let _ = case.roi(Some(window));
        }
        let _ = case.net_flows();
        if let Some(policy) = &policy {
            if let Ok(report) = folio_roi::evaluate(case, policy) {
                check_payback(&report.measures.payback);
                check_payback(&report.measures.discounted_payback);
                reports.push(report);
            }
        }
    }
    let _ = folio_roi::rank_by_payback(&reports);
    let _ = folio_roi::rank_by_npv(&reports);
    let lines = policy
        .as_ref()
        .and_then(|p| folio_roi::product_lines(&input.cases, p).ok())
        .unwrap_or_default();
    if let Some(trigger) = &input.trigger {
        let _ = trigger.alerts(&reports, &lines);
    }
});
