//! Reads arbitrary bytes as a Jira JSON export, maps the items onto the standard workflow and
//! runs every flow metric, the outcome view and a small forecast over them. Nothing
//! here may panic: invalid input must be a typed error.
#![no_main]

use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
use folio_delivery::{
    Flow, FlowReport, Forecast, Interval, OutcomePolicy, Scope, Window, Workflow, delivery_items,
    how_many_by, outcome_view, when_done,
};
use folio_types::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// Every kind of key-result and product link, so each path is exercised.
fn config() -> ImportConfig {
    ImportConfig {
        key_results: vec![
            KrLink::LabelPrefix("kr:".into()),
            KrLink::Field("/fields/customfield_10042".into()),
            KrLink::Parent {
                field: Some("/fields/parent/key".into()),
                keys: folio_types::KeyResultId::new("kr1")
                    .ok()
                    .map(|kr| ("P-1".to_owned(), kr))
                    .into_iter()
                    .collect(),
            },
        ],
        product: ProductFrom::Project,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(items) = folio_delivery::adapter::jira::parse(text, &config()) else {
        return;
    };
    let workflow = Workflow::standard();
    let Ok(mapping) = workflow.map(&items) else {
        return;
    };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(2026, 10, 1),
        NaiveDate::from_ymd_opt(2026, 12, 31),
    ) else {
        return;
    };
    let Ok(window) = Window::new(from, to) else {
        return;
    };
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    for interval in [Interval::Day, Interval::Week, Interval::Month] {
        let _ = FlowReport::build("fuzz", &flow, window, interval);
    }
    let _ = folio_delivery::flow_reports(&workflow, &mapping, window, Interval::Week);
    let _ = delivery_items(&workflow, &mapping, window);
    let _ = outcome_view(&workflow, &mapping, &[], window, OutcomePolicy::default());
    let history = flow.daily_throughput(window);
    let forecast = Forecast {
        trials: 20,
        seed: 1,
    };
    let _ = how_many_by(&history, to, to, forecast);
    let _ = when_done(&history, to, 5, 400, forecast);
});
