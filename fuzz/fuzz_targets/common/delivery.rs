//! What every folio-delivery fuzz target does once its adapter has read the items: map
//! them onto the standard workflow and run every flow metric, the outcome view and a small
//! forecast over them. Nothing here may panic: invalid input must be a typed error.

use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
use folio_delivery::{
    Flow, FlowReport, Forecast, Interval, OutcomePolicy, Scope, Window, WorkItem, Workflow,
    delivery_items, how_many_by, outcome_view, when_done,
};
use folio_types::NaiveDate;

/// Every kind of key-result and product link, so each path is exercised: a label prefix,
/// the field at `field` (a JSON pointer) and the parent at `parent`.
#[allow(dead_code)] // the CSV target reads no links
pub fn config(field: &str, parent: &str) -> ImportConfig {
    ImportConfig::new(
        vec![
            KrLink::LabelPrefix("kr:".into()),
            KrLink::Field(field.into()),
            KrLink::Parent {
                field: Some(parent.into()),
                keys: folio_types::KeyResultId::new("kr1")
                    .ok()
                    .map(|kr| ("P-1".to_owned(), kr))
                    .into_iter()
                    .collect(),
            },
        ],
        ProductFrom::Project,
    )
    .expect("the links name fields and a parent key")
}

/// Maps `items` and runs everything over them.
pub fn exercise(items: &[WorkItem]) {
    let workflow = Workflow::standard();
    let Ok(mapping) = workflow.map(items) else {
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
}
