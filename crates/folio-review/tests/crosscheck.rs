//! Contradictory inputs across files: each class of nonsense (and its siblings) is an
//! error that names the file holding the offending value, the field and the ids, both
//! when the files are read and when `Inputs` built in code is run.

// A test fails by panicking with what it saw.
#![allow(clippy::panic)]

use folio_review::crosscheck::{Problem, check};
use folio_review::{Inputs, run};
use serde_json::{Value, json};

mod common;
use common::load;

/// Replaces every string `from` in `value` by `to`.
fn replace(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(s) if s == from => *s = to.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| replace(v, from, to)),
        Value::Object(map) => map.values_mut().for_each(|v| replace(v, from, to)),
        _ => {}
    }
}

/// The edit of `file` must be rejected, naming `in/<blamed>` and a problem that reads
/// exactly `problem`.
fn check_rejected(file: &str, edit: impl Fn(&mut Value), blamed: &str, problem: &str) {
    match load(file, edit) {
        Ok(_) => panic!("an edit of {file} was accepted; expected: {problem}"),
        Err(e) => {
            assert_eq!(e.file, format!("in/{blamed}"), "{e}");
            assert_eq!(e.problem, problem, "{e}");
        }
    }
}

/// The edit of `file` must be rejected, naming `in/<blamed>` and every one of `named`
/// (field names and values). Used where the settings' own validation, run when
/// `review.json` or a portfolio file is read, rejects the value before the cross-file
/// checks see it; `check` catches the same values in inputs built in code.
fn check_rejected_naming(file: &str, edit: impl Fn(&mut Value), blamed: &str, named: &[&str]) {
    match load(file, edit) {
        Ok(_) => panic!("an edit of {file} was accepted; expected an error naming {named:?}"),
        Err(e) => {
            assert_eq!(e.file, format!("in/{blamed}"), "{e}");
            for needle in named {
                assert!(e.problem.contains(needle), "{e} does not name {needle}");
            }
        }
    }
}

fn set(pointer: &'static str, to: Value) -> impl Fn(&mut Value) {
    move |v: &mut Value| match v.pointer_mut(pointer) {
        Some(slot) => *slot = to.clone(),
        None => panic!("the sample has no {pointer}"),
    }
}

fn push(pointer: &'static str, item: Value) -> impl Fn(&mut Value) {
    move |v: &mut Value| match v.pointer_mut(pointer).and_then(Value::as_array_mut) {
        Some(items) => items.push(item.clone()),
        None => panic!("the sample has no array {pointer}"),
    }
}

#[test]
fn the_sample_passes_every_check() {
    let inputs = Inputs::sample().map_err(|e| e.to_string());
    let inputs = inputs.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check(&inputs), Ok(()));
    assert!(run(&inputs).is_ok());
}

#[test]
fn an_observation_of_an_unknown_product_is_not_summed_into_revenue() {
    let zeta =
        json!({"metric": "revenue", "product": "zeta", "period": "2026-Q3", "value": "1000000"});
    check_rejected(
        "metrics.json",
        push("/observations", zeta),
        "metrics.json",
        "observations (metric \"revenue\"): names product \"zeta\", which structure.json does not list",
    );
}

#[test]
fn an_observation_of_an_unknown_metric_is_an_error() {
    let ghost = json!({"metric": "ghost", "product": "ledger", "period": "2026-Q3", "value": "1"});
    check_rejected(
        "metrics.json",
        push("/observations", ghost),
        "metrics.json",
        "observations (metric \"ghost\"): names metric \"ghost\", which the catalog of metrics.json does not define",
    );
}

#[test]
fn a_rule_on_an_unknown_metric_is_an_error() {
    check_rejected(
        "metrics.json",
        set("/rules/1/metric", json!("ghost")),
        "metrics.json",
        "rules (rule \"margin-floor\").metric: names metric \"ghost\", which the catalog of metrics.json does not define",
    );
}

#[test]
fn quarters_newest_first_are_an_error_naming_both() {
    let newest_first = json!(["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]);
    check_rejected_naming(
        "review.json",
        set("/kpis/quarters", newest_first),
        "review.json",
        &["quarters", "2026-Q2 after 2026-Q3", "oldest first"],
    );
    // One quarter out of place further down the list.
    let swapped = json!(["2025-Q4", "2026-Q1", "2026-Q3", "2026-Q2"]);
    check_rejected_naming(
        "review.json",
        set("/kpis/quarters", swapped),
        "review.json",
        &["quarters", "2026-Q2 after 2026-Q3", "oldest first"],
    );
}

#[test]
fn no_quarter_at_all_is_an_error_of_review_json() {
    check_rejected_naming(
        "review.json",
        set("/kpis/quarters", json!([])),
        "review.json",
        &["quarters is empty", "at least one quarter"],
    );
}

#[test]
fn a_quarter_listed_twice_or_overlapping_is_an_error() {
    let twice = json!(["2025-Q4", "2026-Q1", "2026-Q1", "2026-Q3"]);
    check_rejected_naming(
        "review.json",
        set("/kpis/quarters", twice),
        "review.json",
        &["quarters", "2026-Q1 twice"],
    );
    let overlapping = json!(["2025-Q4", "2026-Q1", "2026-03", "2026-Q3"]);
    check_rejected_naming(
        "review.json",
        set("/kpis/quarters", overlapping),
        "review.json",
        &["quarters", "2026-03"],
    );
}

#[test]
fn a_revenue_metric_in_another_currency_blames_the_catalog() {
    check_rejected(
        "metrics.json",
        |v| replace(v, "USD", "EUR"),
        "metrics.json",
        "catalog (metric \"revenue\").unit: is in EUR, but the review is in USD (review.json, currency)",
    );
    // The review's own currency changed instead: the catalog still disagrees with it.
    check_rejected(
        "review.json",
        set("/currency", json!("EUR")),
        "metrics.json",
        "catalog (metric \"revenue\").unit: is in USD, but the review is in EUR (review.json, currency)",
    );
}

#[test]
fn amounts_in_another_currency_are_errors_in_every_file() {
    check_rejected(
        "roi.json",
        |v| replace(v, "USD", "EUR"),
        "roi.json",
        "cases[0]: is in EUR, but the review is in USD (review.json, currency)",
    );
    check_rejected(
        "benefits.json",
        |v| replace(v, "USD", "EUR"),
        "benefits.json",
        "book.cases (initiative \"harbor-sso-rollout\").expected[0]: is in EUR, but the review is in USD (review.json, currency)",
    );
    check_rejected(
        "allocation.json",
        |v| replace(v, "USD", "EUR"),
        "allocation.json",
        "portfolio.currency: is in EUR, but the review is in USD (review.json, currency)",
    );
}

#[test]
fn a_revenue_metric_that_is_not_money_blames_review_json() {
    check_rejected(
        "review.json",
        set("/kpis/revenue", json!("nps")),
        "review.json",
        "kpis.revenue: names metric \"nps\", whose unit is score; it must be a currency",
    );
    check_rejected(
        "review.json",
        set("/kpis/capacity", json!("nrr")),
        "review.json",
        "kpis.capacity: names metric \"nrr\", whose unit is percent; it must be additive (a currency, a count or a duration)",
    );
}

#[test]
fn kpi_settings_naming_unknown_metrics_blame_review_json() {
    for (pointer, field) in [
        ("/kpis/revenue", "kpis.revenue"),
        ("/kpis/capacity", "kpis.capacity"),
        ("/kpis/metrics/2", "kpis.metrics[2]"),
        (
            "/kpis/classification/retention_metric",
            "kpis.classification.retention_metric",
        ),
    ] {
        check_rejected(
            "review.json",
            set(pointer, json!("ghost")),
            "review.json",
            &format!(
                "{field}: names metric \"ghost\", which the catalog of metrics.json does not define"
            ),
        );
    }
}

#[test]
fn a_previous_review_not_before_the_review_date_is_an_error() {
    check_rejected_naming(
        "review.json",
        set("/previous_review", json!("2026-12-31")),
        "review.json",
        &["previous_review (2026-12-31)", "before as_of (2026-11-30)"],
    );
    check_rejected_naming(
        "review.json",
        set("/previous_review", json!("2026-11-30")),
        "review.json",
        &["previous_review (2026-11-30)", "before as_of (2026-11-30)"],
    );
}

#[test]
fn a_portfolio_period_other_than_the_reviews_is_an_error() {
    check_rejected(
        "portfolio.json",
        set("/period", json!("2027-Q1")),
        "portfolio.json",
        "period: is 2027-Q1, but the review reads 2026-Q4 (review.json, period); drop it or make them agree",
    );
    check_rejected(
        "say_do.json",
        set("/portfolio/period", json!("2026-Q3")),
        "say_do.json",
        "portfolio.period: is 2026-Q3, but the review reads 2026-Q4 (review.json, period); drop it or make them agree",
    );
    // The KPI portfolio reads the quarter of kpi.json.
    check_rejected(
        "kpi.json",
        |v| {
            if let Some(p) = v.pointer_mut("/portfolio").and_then(Value::as_object_mut) {
                p.insert("period".to_owned(), json!("2026-Q4"));
            }
        },
        "kpi.json",
        "portfolio.period: is 2026-Q4, but the review reads 2026-Q3 (kpi.json, quarter); drop it or make them agree",
    );
}

#[test]
fn a_file_declaring_another_rollup_method_is_an_error() {
    check_rejected_naming(
        "say_do.json",
        set("/portfolio/policy", json!({"method": "weighted"})),
        "say_do.json",
        &[
            "policy.method",
            "weighted",
            "rolled up by the say-do method",
        ],
    );
    check_rejected_naming(
        "kpi.json",
        set("/portfolio/policy", json!({"method": "weighted"})),
        "kpi.json",
        &["policy.method", "weighted", "rolled up by the KPI method"],
    );
    check_rejected(
        "portfolio.json",
        set("/policy/method", json!("say_do")),
        "portfolio.json",
        "policy.method: declares the say-do method, but this file is rolled up by the weighted method",
    );
}

#[test]
fn a_cadence_of_an_unknown_product_is_an_error() {
    check_rejected(
        "checkins.json",
        |v| {
            if let Some(c) = v.pointer_mut("/cadences").and_then(Value::as_object_mut) {
                c.insert("zeta".to_owned(), json!("weekly"));
            }
        },
        "checkins.json",
        "cadences[\"zeta\"]: names product \"zeta\", which structure.json does not list",
    );
}

#[test]
fn tracking_records_of_unknown_key_results_are_errors() {
    check_rejected(
        "checkins.json",
        set("/check_ins/3/key_result", json!("ghost-kr")),
        "checkins.json",
        "check_ins[3].key_result: names key result \"ghost-kr\", which portfolio.json does not hold",
    );
    // A say-do check-in of a key result of the main portfolio, not of its own.
    check_rejected(
        "say_do.json",
        set("/check_ins/0/key_result", json!("pulse-arr")),
        "say_do.json",
        "check_ins[0].key_result: names key result \"pulse-arr\", which say_do.json does not hold",
    );
}

#[test]
fn key_results_of_unknown_products_are_errors_in_every_portfolio() {
    for (file, pointer, field) in [
        (
            "portfolio.json",
            "/key_results/0/product",
            "key_results[0].product",
        ),
        (
            "say_do.json",
            "/portfolio/key_results/1/product",
            "portfolio.key_results[1].product",
        ),
        (
            "kpi.json",
            "/portfolio/key_results/0/product",
            "portfolio.key_results[0].product",
        ),
    ] {
        check_rejected(
            file,
            set(pointer, json!("zeta")),
            file,
            &format!("{field}: names product \"zeta\", which structure.json does not list"),
        );
    }
}

#[test]
fn the_kpi_portfolio_reads_a_shown_quarter_and_catalog_metrics() {
    check_rejected(
        "kpi.json",
        set("/quarter", json!("2024-Q1")),
        "kpi.json",
        "quarter: 2024-Q1 is not one of the review's quarters (review.json, kpis.quarters)",
    );
    check_rejected(
        "kpi.json",
        set("/portfolio/objectives/0/target/metric", json!("ghost")),
        "kpi.json",
        "portfolio.objectives[0].target.metric: names metric \"ghost\", which the catalog of metrics.json does not define",
    );
}

#[test]
fn records_of_unknown_products_and_lines_are_errors_in_every_file() {
    check_rejected(
        "risk.json",
        set("/assessments/2/product", json!("zeta")),
        "risk.json",
        "assessments[2].product: names product \"zeta\", which structure.json does not list",
    );
    check_rejected(
        "roi.json",
        set("/cases/1/product_line", json!("nowhere")),
        "roi.json",
        "cases[1].product_line: names product line \"nowhere\", which structure.json does not list",
    );
    check_rejected(
        "benefits.json",
        set("/book/cases/0/product_line", json!("nowhere")),
        "benefits.json",
        "book.cases (initiative \"pulse-ai-insights\").product_line: names product line \"nowhere\", which structure.json does not list",
    );
}

#[test]
fn inputs_built_in_code_are_checked_when_run() {
    let mut inputs = Inputs::sample().unwrap_or_else(|e| panic!("{e}"));
    inputs.settings.kpis.quarters.swap(0, 1);
    let error = check(&inputs).err();
    let earlier = "2025-Q4".parse().ok();
    let later = "2026-Q1".parse().ok();
    assert_eq!(error.as_ref().map(|e| e.file), Some("review.json"));
    assert_eq!(
        error.as_ref().map(|e| e.field.as_str()),
        Some("kpis.quarters[1]")
    );
    assert_eq!(
        error.map(|e| e.problem),
        later
            .zip(earlier)
            .map(|(later, earlier)| Problem::QuartersOutOfOrder { later, earlier })
    );
    let refused = run(&inputs).err().map(|e| (e.file, e.problem));
    assert_eq!(
        refused,
        Some((
            "sample/review.json".to_owned(),
            "kpis.quarters[1]: 2026-Q1 is listed before 2025-Q4: list the quarters oldest first"
                .to_owned()
        ))
    );
}

#[test]
fn allocation_initiatives_name_known_products_and_key_results() {
    check_rejected(
        "allocation.json",
        set("/portfolio/initiatives/0/product", json!("zeta")),
        "allocation.json",
        "portfolio.initiatives (initiative \"ledger-sox-controls\").product: names product \"zeta\", which structure.json does not list",
    );
    check_rejected(
        "allocation.json",
        set(
            "/portfolio/initiatives/0/key_results",
            json!({"ghost-kr": "1"}),
        ),
        "allocation.json",
        "portfolio.initiatives (initiative \"ledger-sox-controls\").key_results: names key result \"ghost-kr\", which portfolio.json does not hold",
    );
}

/// A 1 MB id is not echoed back: every file that names a product refuses it when it is
/// read, naming the file and quoting the first 80 characters with the id's length.
#[test]
fn a_one_megabyte_id_is_quoted_not_echoed() {
    let huge = "z".repeat(1 << 20);
    let quoted = format!("\"{}\"… (1048576 chars)", "z".repeat(80));
    for (file, pointer) in [
        ("risk.json", "/assessments/2/product"),
        ("checkins.json", "/check_ins/3/key_result"),
        ("portfolio.json", "/key_results/0/product"),
        ("allocation.json", "/portfolio/initiatives/0/product"),
    ] {
        match load(file, set(pointer, json!(huge))) {
            Ok(_) => panic!("a 1 MB id in {file} was accepted"),
            Err(e) => {
                assert_eq!(e.file, format!("in/{file}"), "{e}");
                assert!(e.problem.contains(&quoted), "{file}: {}", e.problem);
                assert!(e.problem.len() < 600, "{file}: {} bytes", e.problem.len());
            }
        }
    }
}

/// The longest valid id (128 characters) that names nothing is quoted by the cross-file
/// checks the same way: 80 characters and the length, in the problem and in the field.
#[test]
fn cross_file_messages_quote_long_ids() {
    let long = "z".repeat(folio_types::MAX_ID_LEN);
    let quoted = format!("\"{}\"… (128 chars)", "z".repeat(80));
    check_rejected(
        "risk.json",
        set("/assessments/2/product", json!(long)),
        "risk.json",
        &format!(
            "assessments[2].product: names product {quoted}, which structure.json does not list"
        ),
    );
    check_rejected(
        "checkins.json",
        |v| {
            if let Some(c) = v.pointer_mut("/cadences").and_then(Value::as_object_mut) {
                c.insert("z".repeat(folio_types::MAX_ID_LEN), json!("weekly"));
            }
        },
        "checkins.json",
        &format!("cadences[{quoted}]: names product {quoted}, which structure.json does not list"),
    );
    let ghost = json!({"metric": long, "product": "harbor", "period": "2026-Q3", "value": "1"});
    check_rejected(
        "metrics.json",
        push("/observations", ghost),
        "metrics.json",
        &format!(
            "observations (metric {quoted}): names metric {quoted}, which the catalog of metrics.json does not define"
        ),
    );
}
