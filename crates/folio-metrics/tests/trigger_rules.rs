//! Trigger rules, case by case: which alerts fire at `as_of`, and with what evidence.
// A test should fail loudly on a broken fixture; unwrap and indexing are how it does.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

use chrono::NaiveDate;
use folio_metrics::{Action, Alert, Error, MetricCatalog, Observations, RuleSet};

const CATALOG: &str = r#"{"metrics": [
  {"id": "adoption", "name": "Adoption", "unit": "percent", "direction": "higher_is_better",
   "layer": "product_performance", "combine": "median", "definition": "Active share of seats."},
  {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
   "layer": "portfolio_health", "combine": "sum", "definition": "Recognized revenue."},
  {"id": "benefit", "name": "Realized benefit", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
   "layer": "investment", "combine": "sum", "definition": "Benefit realized."},
  {"id": "expected_benefit", "name": "Expected benefit", "unit": {"currency": "EUR"},
   "direction": "higher_is_better", "layer": "investment", "combine": "sum",
   "definition": "Benefit expected at approval."},
  {"id": "lost", "name": "Lost ARR", "unit": {"currency": "EUR"}, "direction": "lower_is_better",
   "layer": "product_performance", "combine": "sum", "definition": "ARR lost in the quarter."},
  {"id": "start", "name": "Starting ARR", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
   "layer": "product_performance", "combine": "sum", "definition": "ARR at the quarter's start."},
  {"id": "churn", "name": "Revenue churn", "unit": "percent", "direction": "lower_is_better",
   "layer": "product_performance",
   "combine": {"ratio_of_sums": {"numerator": "lost", "denominator": "start"}},
   "definition": "Lost ARR over starting ARR."}
]}"#;

const OBSERVATIONS: &str = r#"[
  {"metric": "adoption", "product": "a", "period": "2026-Q1", "value": "20"},
  {"metric": "adoption", "product": "a", "period": "2026-Q2", "value": "25"},
  {"metric": "adoption", "product": "b", "period": "2026-Q1", "value": "20"},
  {"metric": "adoption", "product": "b", "period": "2026-Q2", "value": "45"},
  {"metric": "adoption", "product": "c", "period": "2025-Q4", "value": "10"},
  {"metric": "adoption", "product": "c", "period": "2026-Q2", "value": "10"},
  {"metric": "adoption", "product": "d", "date": "2026-08-01", "value": "5"},
  {"metric": "revenue", "product": "a", "period": "2026-Q1", "value": "40"},
  {"metric": "revenue", "product": "b", "period": "2026-Q1", "value": "50"},
  {"metric": "revenue", "product": "a", "period": "2026-Q2", "value": "45"},
  {"metric": "revenue", "product": "b", "period": "2026-Q2", "value": "50"},
  {"metric": "benefit", "product": "a", "period": "2026-Q2", "value": "70"},
  {"metric": "expected_benefit", "product": "a", "period": "2026-Q2", "value": "100"},
  {"metric": "benefit", "product": "b", "period": "2026-Q2", "value": "85"},
  {"metric": "expected_benefit", "product": "b", "period": "2026-Q2", "value": "100"},
  {"metric": "benefit", "product": "c", "period": "2026-Q2", "value": "5"},
  {"metric": "benefit", "product": "d", "period": "2026-Q2", "value": "80"},
  {"metric": "expected_benefit", "product": "d", "period": "2026-Q2", "value": "100"},
  {"metric": "expected_benefit", "product": "c", "period": "2026-Q2", "value": "0"},
  {"metric": "lost", "product": "a", "period": "2026-Q1", "value": "3"},
  {"metric": "start", "product": "a", "period": "2026-Q1", "value": "100"},
  {"metric": "lost", "product": "a", "period": "2026-Q2", "value": "8"},
  {"metric": "start", "product": "a", "period": "2026-Q2", "value": "100"},
  {"metric": "lost", "product": "b", "period": "2026-Q2", "value": "2"},
  {"metric": "start", "product": "b", "period": "2026-Q2", "value": "300"}
]"#;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn evaluate(rules: &str, as_of: &str) -> Result<Vec<Alert>, Error> {
    let catalog: MetricCatalog = serde_json::from_str(CATALOG).unwrap();
    let observations: Observations = serde_json::from_str(OBSERVATIONS).unwrap();
    let rules: RuleSet = serde_json::from_str(rules).unwrap();
    rules.evaluate(&catalog, &observations, day(as_of))
}

/// One rule at `as_of`: the products it fires for ("" for the portfolio) and, per
/// alert, the evidence as `metric@date=value`.
fn check(rule: &str, as_of: &str, expected: &[(&str, &[&str])]) {
    let rules = format!(r#"[{{"id": "r", "action": "fix_or_sunset_plan", {rule}}}]"#);
    let alerts = evaluate(&rules, as_of).unwrap();
    let got: Vec<(String, Vec<String>)> = alerts
        .iter()
        .map(|a| {
            let product = a
                .product
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let evidence = a
                .evidence
                .iter()
                .map(|e| format!("{}@{}={}", e.metric, e.date, e.value))
                .collect();
            (product, evidence)
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = expected
        .iter()
        .map(|(p, e)| ((*p).to_owned(), e.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    assert_eq!(got, expected, "rule {rule} at {as_of}");
}

#[test]
fn threshold_conditions_on_the_latest_value() {
    let below = r#""metric": "adoption", "condition": {"below": {"threshold": "30"}}"#;
    check(
        below,
        "2026-06-30",
        &[
            ("a", &["adoption@2026-06-30=25"]),
            ("c", &["adoption@2026-06-30=10"]),
        ],
    );
    // d's reading of 1 August is not yet known on 30 June, but is on 1 August.
    check(
        below,
        "2026-08-01",
        &[
            ("a", &["adoption@2026-06-30=25"]),
            ("c", &["adoption@2026-06-30=10"]),
            ("d", &["adoption@2026-08-01=5"]),
        ],
    );
    // On 31 March only Q1 is known: a and b were both at 20.
    check(
        below,
        "2026-03-31",
        &[
            ("a", &["adoption@2026-03-31=20"]),
            ("b", &["adoption@2026-03-31=20"]),
            ("c", &["adoption@2025-12-31=10"]),
        ],
    );
    let above = r#""metric": "adoption", "condition": {"above": {"threshold": "40"}}"#;
    check(above, "2026-06-30", &[("b", &["adoption@2026-06-30=45"])]);
    // Thresholds are strict: a value equal to the threshold is neither below nor
    // above it, nor outside a range that ends there.
    let at_a = r#""metric": "adoption", "condition": {"below": {"threshold": "25"}}"#;
    check(at_a, "2026-06-30", &[("c", &["adoption@2026-06-30=10"])]);
    let at_b = r#""metric": "adoption", "condition": {"above": {"threshold": "45"}}"#;
    check(at_b, "2026-06-30", &[]);
    let up_to_b = r#""metric": "adoption", "condition": {"outside": {"low": "10", "high": "45"}}"#;
    check(up_to_b, "2026-06-30", &[]);
    let outside = r#""metric": "adoption", "condition": {"outside": {"low": "10", "high": "40"}}"#;
    check(outside, "2026-06-30", &[("b", &["adoption@2026-06-30=45"])]);
    check(
        outside,
        "2026-09-30",
        &[
            ("b", &["adoption@2026-06-30=45"]),
            ("d", &["adoption@2026-08-01=5"]),
        ],
    );
}

#[test]
fn persistence_needs_every_period_of_the_streak() {
    let two_quarters = r#""metric": "adoption", "condition": {"below": {"threshold": "30"}},
        "persistence": {"periods": 2, "cadence": "quarter"}"#;
    // a: 20, 25 -> fires. b recovered in Q2. c has no Q1 reading: the streak breaks.
    // d has a single (Q3) reading.
    check(
        two_quarters,
        "2026-06-30",
        &[("a", &["adoption@2026-03-31=20", "adoption@2026-06-30=25"])],
    );
    // Mid-Q3 the streak is anchored at the latest data, which for a is still Q2.
    check(
        two_quarters,
        "2026-08-15",
        &[("a", &["adoption@2026-03-31=20", "adoption@2026-06-30=25"])],
    );
    // Before Q2's readings are filed, only one quarter of data exists.
    check(two_quarters, "2026-06-29", &[]);
    let one_quarter = two_quarters.replace("\"periods\": 2", "\"periods\": 1");
    check(
        &one_quarter,
        "2026-08-15",
        &[
            ("a", &["adoption@2026-06-30=25"]),
            ("c", &["adoption@2026-06-30=10"]),
            ("d", &["adoption@2026-08-01=5"]),
        ],
    );
}

#[test]
fn staleness() {
    let stale = r#""metric": "adoption", "condition": {"not_updated_since": {"days": 45}}"#;
    // 30 June + 45 days is 14 August: silence of 46 days fires on 15 August.
    check(stale, "2026-08-14", &[]);
    check(
        stale,
        "2026-08-15",
        &[
            ("a", &["adoption@2026-06-30=25"]),
            ("b", &["adoption@2026-06-30=45"]),
            ("c", &["adoption@2026-06-30=10"]),
        ],
    );
}

#[test]
fn variance_against_an_expected_metric() {
    let variance = r#""metric": "benefit",
        "condition": {"variance_above": {"expected": "expected_benefit", "percent": "20"}}"#;
    // a: |70 - 100| / 100 = 30% > 20%. b: 15%. c: expected 0, variance undefined.
    // d: exactly 20%, which is not above 20%.
    check(
        variance,
        "2026-07-01",
        &[(
            "a",
            &["benefit@2026-06-30=70", "expected_benefit@2026-06-30=100"],
        )],
    );
    let persistent =
        format!(r#"{variance}, "persistence": {{"periods": 1, "cadence": "quarter"}}"#);
    check(
        &persistent,
        "2026-07-01",
        &[(
            "a",
            &["benefit@2026-06-30=70", "expected_benefit@2026-06-30=100"],
        )],
    );
    // The portfolio: realized 70 + 85 + 5 + 80 = 240 against 300 expected, 20%.
    let portfolio = |percent: &str| {
        format!(
            r#""metric": "benefit", "scope": "portfolio",
            "condition": {{"variance_above": {{"expected": "expected_benefit", "percent": "{percent}"}}}},
            "persistence": {{"periods": 1, "cadence": "quarter"}}"#
        )
    };
    check(&portfolio("20"), "2026-07-01", &[]);
    check(
        &portfolio("15"),
        "2026-07-01",
        &[(
            "",
            &["benefit@2026-06-30=240", "expected_benefit@2026-06-30=300"],
        )],
    );
}

#[test]
fn portfolio_scope_aggregates_per_the_definition() {
    let portfolio = r#""metric": "revenue", "scope": "portfolio",
        "condition": {"below": {"threshold": "100"}},
        "persistence": {"periods": 2, "cadence": "quarter"}"#;
    // Portfolio revenue 90 in Q1 and 95 in Q2: both below 100.
    check(
        portfolio,
        "2026-07-01",
        &[("", &["revenue@2026-03-31=90", "revenue@2026-06-30=95"])],
    );
    let lower = portfolio.replace("\"100\"", "\"92\"");
    check(&lower, "2026-07-01", &[]);
}

#[test]
fn ratio_metrics_are_read_through_numerator_and_denominator() {
    let each = r#""metric": "churn", "condition": {"above": {"threshold": "5"}}"#;
    // a: 8 / 100 = 8% in Q2. b: 2 / 300 = 0.67%.
    check(each, "2026-07-01", &[("a", &["churn@2026-06-30=8"])]);
    // The portfolio's Q2 churn is (8 + 2) / 400 = 2.5%, Q1's 3 / 100 = 3%.
    let portfolio = r#""metric": "churn", "scope": "portfolio",
        "condition": {"above": {"threshold": "2"}},
        "persistence": {"periods": 2, "cadence": "quarter"}"#;
    check(
        portfolio,
        "2026-07-01",
        &[("", &["churn@2026-03-31=3", "churn@2026-06-30=2.5"])],
    );
}

#[test]
fn rule_sets_validate_and_order_alerts() {
    let err = serde_json::from_str::<RuleSet>(
        r#"[{"id": "x", "metric": "m", "condition": {"below": {"threshold": "1"}}, "action": "post_mortem"},
            {"id": "x", "metric": "m", "condition": {"above": {"threshold": "1"}}, "action": "post_mortem"}]"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("duplicate trigger rule \"x\""),
        "{err}"
    );
    let invalid = |rule: &str| {
        let json = format!(r#"[{{"id": "x", "metric": "m", {rule}}}]"#);
        serde_json::from_str::<RuleSet>(&json)
            .unwrap_err()
            .to_string()
    };
    let below = r#""condition": {"below": {"threshold": "1"}}"#;
    assert!(
        invalid(&format!(
            r#"{below}, "scope": "portfolio", "action": "post_mortem""#
        ))
        .contains("needs a persistence")
    );
    assert!(invalid(&format!(r#"{below}, "persistence": {{"periods": 0, "cadence": "month"}}, "action": "post_mortem""#)).contains("1 to 1000"));
    assert!(invalid(r#""condition": {"not_updated_since": {"days": 3}}, "persistence": {"periods": 2, "cadence": "month"}, "action": "post_mortem""#).contains("takes no persistence"));
    assert!(invalid(&format!(r#"{below}, "action": {{"custom": " "}}"#)).contains("no name"));
    assert!(
        invalid(r#""condition": {"outside": {"low": "2", "high": "1"}}, "action": "post_mortem""#)
            .contains("low end")
    );
    assert!(invalid(r#""condition": {"variance_above": {"expected": "m", "percent": "5"}}, "action": "post_mortem""#).contains("itself"));
    assert!(
        invalid(&format!(r#"{below}, "action": "post_mortem", "extra": 1"#))
            .contains("unknown field")
    );
    assert!(serde_json::from_str::<RuleSet>(r#"[{"id": " x", "metric": "m", "condition": {"below": {"threshold": "1"}}, "action": "post_mortem"}]"#).is_err());

    #[cfg(feature = "schemars")]
    {
        let schema = serde_json::to_value(RuleSet::json_schema()).unwrap();
        assert_eq!(schema["type"], "array", "{schema}");
        assert_eq!(schema["title"], "RuleSet", "{schema}");
        assert!(schema.to_string().contains("not_updated_since"));
    }
    let rules: RuleSet = serde_json::from_str(
        r#"[{"id": "b", "metric": "m", "condition": {"below": {"threshold": "1"}}, "action": "post_mortem"},
            {"id": "a", "metric": "m", "condition": {"above": {"threshold": "1"}}, "action": "post_mortem"}]"#,
    )
    .unwrap();
    let json = serde_json::to_string(&rules).unwrap();
    assert!(json.starts_with(r#"[{"id":"a""#), "{json}");
    assert_eq!(serde_json::from_str::<RuleSet>(&json).unwrap(), rules);

    let unknown_expected = r#"[{"id": "x", "metric": "benefit",
        "condition": {"variance_above": {"expected": "nope", "percent": "5"}}, "action": "post_mortem"}]"#;
    let err = evaluate(unknown_expected, "2026-07-01").unwrap_err();
    assert!(
        err.to_string()
            .contains("trigger rule \"x\" refers to unknown metric \"nope\""),
        "{err}"
    );
    let unknown = r#"[{"id": "x", "metric": "nope", "condition": {"below": {"threshold": "1"}}, "action": "post_mortem"}]"#;
    assert!(matches!(
        evaluate(unknown, "2026-07-01"),
        Err(Error::UnknownMetric { .. })
    ));

    // Alerts come back by rule id, then product, whatever the order of the rules.
    let rules = r#"[
      {"id": "z-low", "metric": "adoption", "condition": {"below": {"threshold": "30"}}, "action": {"custom": "review"}},
      {"id": "a-high", "metric": "adoption", "condition": {"above": {"threshold": "40"}}, "action": "justification_or_scope_change"}
    ]"#;
    let alerts = evaluate(rules, "2026-06-30").unwrap();
    let order: Vec<(String, String)> = alerts
        .iter()
        .map(|a| (a.rule.to_string(), a.product.as_ref().unwrap().to_string()))
        .collect();
    let order: Vec<(&str, &str)> = order
        .iter()
        .map(|(r, p)| (r.as_str(), p.as_str()))
        .collect();
    assert_eq!(order, [("a-high", "b"), ("z-low", "a"), ("z-low", "c")]);
    assert_eq!(alerts[1].action, Action::Custom("review".into()));
}
