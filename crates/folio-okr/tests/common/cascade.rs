//! JSON builders for the cascade tests: records written compactly, with the fields a
//! case needs merged in.

use folio_okr::{CascadeReport, PortfolioData, cascade_draft};
use folio_types::{KeyResultId, NaiveDate, ObjectiveId, Period, ProductId};
use serde_json::{Value, json};

/// `"o:grow"` or `"k:arr"` as an edge of weight 1.
pub fn edge(to: &str) -> Value {
    match to.split_once(':') {
        Some(("o", id)) => json!({ "to": { "objective": id } }),
        Some(("k", id)) => json!({ "to": { "key_result": id } }),
        _ => panic!("bad edge target {to}"),
    }
}

pub fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut base, extra) {
        base.extend(extra);
    }
    base
}

/// A portfolio objective counting both kinds of contributors.
pub fn top(id: &str, extra: Value) -> Value {
    merge(
        json!({ "id": id, "name": id, "tier": "portfolio", "drivers": "both" }),
        extra,
    )
}

/// A product objective of `product` under `to`.
pub fn product_objective(id: &str, product: &str, to: &[&str], extra: Value) -> Value {
    merge(
        json!({
            "id": id, "name": id, "tier": "product", "drivers": "key_results",
            "product": product,
            "contributes_to": to.iter().map(|t| edge(t)).collect::<Vec<_>>(),
        }),
        extra,
    )
}

/// A key result of `product` on tier `tier` under `to`.
pub fn kr(id: &str, tier: &str, product: &str, to: &[&str], extra: Value) -> Value {
    merge(
        json!({
            "id": id, "name": id, "tier": tier, "owner": "owner", "product": product,
            "contributes_to": to.iter().map(|t| edge(t)).collect::<Vec<_>>(),
        }),
        extra,
    )
}

/// A product key result.
pub fn pkr(id: &str, product: &str, to: &[&str], extra: Value) -> Value {
    kr(id, "product", product, to, extra)
}

pub fn increase(metric: &str) -> Value {
    json!({ "target": { "metric": metric,
        "goal": { "increase_to": { "baseline": "18", "target": "30" } } } })
}

pub fn claims(claims: &[(&str, &str)]) -> Value {
    json!({ "resources": claims.iter()
        .map(|(resource, period)| json!({ "resource": resource, "period": period }))
        .collect::<Vec<_>>() })
}

pub fn data(
    period: Option<&str>,
    objectives: Vec<Value>,
    key_results: Vec<Value>,
) -> PortfolioData {
    let mut value = json!({
        "policy": { "method": "weighted" },
        "objectives": objectives,
        "key_results": key_results,
    });
    if let (Some(period), Some(object)) = (period, value.as_object_mut()) {
        object.insert("period".to_owned(), json!(period));
    }
    serde_json::from_value(value).unwrap()
}

pub fn draft(objectives: Vec<Value>, key_results: Vec<Value>) -> CascadeReport {
    cascade_draft(&data(None, objectives, key_results)).unwrap()
}

pub fn obj(id: &str) -> ObjectiveId {
    ObjectiveId::new(id).unwrap()
}

pub fn krid(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

pub fn product(id: &str) -> ProductId {
    ProductId::new(id).unwrap()
}

pub fn period(text: &str) -> Period {
    text.parse().unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn milestone(metric: &str) -> Value {
    json!({ "target": { "metric": metric, "goal": "milestone" } })
}
