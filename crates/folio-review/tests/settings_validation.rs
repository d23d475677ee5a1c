//! Settings that contradict themselves are errors naming the file, the field and the
//! values (issue 20): a previous review after `as_of`, quarters newest first or
//! repeated, a negative drain gap, crossed classification thresholds, a say-do file
//! declaring the weighted method, a JSON number that cannot be read exactly.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use folio_review::Inputs;
use folio_review::input::SAMPLE;
use serde_json::Value;

/// The sample file `name` as JSON.
fn sample(name: &str) -> Value {
    let text = SAMPLE.iter().find(|(n, _)| *n == name).unwrap().1;
    serde_json::from_str(text).unwrap()
}

/// The error reading the sample with `name` replaced by `edit` of it.
fn error_with(name: &str, edit: impl Fn(&mut Value)) -> String {
    let mut changed = sample(name);
    edit(&mut changed);
    let changed = changed.to_string();
    let error = Inputs::from_files("in", |file| {
        if file == name {
            return Ok(changed.clone());
        }
        let text = SAMPLE
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, t)| (*t).to_owned());
        text.ok_or_else(|| folio_review::ReviewError::new(file, "missing"))
    })
    .map(|_| ())
    .unwrap_err();
    assert_eq!(error.file, format!("in/{name}"), "{error}");
    error.problem
}

fn check(name: &str, edit: impl Fn(&mut Value), fragments: &[&str]) {
    let problem = error_with(name, edit);
    for f in fragments {
        assert!(problem.contains(f), "{problem} lacks {f}");
    }
}

#[test]
fn the_sample_reads() {
    assert!(Inputs::sample().is_ok());
}

#[test]
fn dates_that_contradict_each_other() {
    check(
        "review.json",
        |v| v["previous_review"] = "2026-12-15".into(),
        &["previous_review (2026-12-15) must be before as_of (2026-11-30)"],
    );
    check(
        "review.json",
        |v| v["previous_review"] = "2026-11-30".into(),
        &["previous_review"],
    );
    check(
        "review.json",
        |v| v["period"] = "2027-Q1".into(),
        &["as_of (2026-11-30) is before the period 2027-Q1 starts (2027-01-01)"],
    );
}

#[test]
fn quarters_newest_first_or_repeated() {
    check(
        "review.json",
        |v| v["kpis"]["quarters"] = serde_json::json!(["2026-Q3", "2026-Q2", "2026-Q1"]),
        &[
            "quarters",
            "lists 2026-Q2 after 2026-Q3: quarters go oldest first",
        ],
    );
    check(
        "review.json",
        |v| v["kpis"]["quarters"] = serde_json::json!(["2026-Q2", "2026-Q2", "2026-Q3"]),
        &["lists 2026-Q2 twice"],
    );
    check(
        "review.json",
        |v| v["kpis"]["quarters"] = serde_json::json!([]),
        &["quarters is empty"],
    );
    check(
        "review.json",
        |v| v["kpis"]["quarters"] = serde_json::json!(["2026-08", "2026-Q3"]),
        &["not a quarter"],
    );
    check(
        "review.json",
        |v| v["kpis"]["metrics"] = serde_json::json!(["revenue", "nps", "revenue"]),
        &["metrics lists \"revenue\" twice"],
    );
}

#[test]
fn thresholds_gaps_and_counts_out_of_order() {
    check(
        "review.json",
        |v| v["kpis"]["drain_min_gap"] = "-0.05".into(),
        &["drain_min_gap (-0.05) must not be negative"],
    );
    check(
        "review.json",
        |v| {
            v["kpis"]["classification"]["growth_winning"] = "-0.05".into();
            v["kpis"]["classification"]["growth_declining"] = "0.05".into();
        },
        &["growth_winning (-0.05) must be above growth_declining (0.05)"],
    );
    check(
        "review.json",
        |v| v["kpis"]["classification"]["declining_votes"] = 4.into(),
        &["declining_votes (4) must be 1 to 3"],
    );
    check(
        "review.json",
        |v| v["kpis"]["mix_targets"]["core"] = serde_json::json!({"low": "0.8", "high": "0.6"}),
        &["mix target: low (0.8) is above high (0.6)"],
    );
    check(
        "review.json",
        |v| v["decisions"] = serde_json::json!({"accelerate_by": 0}),
        &["accelerate_by"],
    );
    check(
        "review.json",
        |v| v["delivery"] = serde_json::json!({"forecast_trials": 0}),
        &["forecast_trials"],
    );
    check(
        "review.json",
        |v| v["readout"]["staleness"] = serde_json::json!({"retire_after_days": 3}),
        &["retire_after_days (3) must not be below stale_after_days (14)"],
    );
    check(
        "benefits.json",
        |v| {
            v["policy"] =
                serde_json::json!({"root_cause_threshold": "0.5", "post_mortem_threshold": "0.25"});
        },
        &["root_cause_threshold is 0.5"],
    );
}

#[test]
fn a_file_declaring_another_method() {
    check(
        "say_do.json",
        |v| v["portfolio"]["policy"]["method"] = "weighted".into(),
        &["portfolio.policy.method is weighted, but this file is rolled up by the say-do method"],
    );
    check(
        "kpi.json",
        |v| v["portfolio"]["policy"]["method"] = "say_do".into(),
        &["portfolio.policy.method is say-do"],
    );
    check(
        "say_do.json",
        |v| v["portfolio"]["policy"]["hit_threshold"] = 0.into(),
        &["hit_threshold (0) must be above 0"],
    );
}

#[test]
fn json_numbers_that_cannot_be_read_exactly() {
    // The example: a weight of 1e-30 used to become 0.
    let problem = error_with("portfolio.json", |v| {
        let kr = &mut v["key_results"][0]["contributes_to"][0];
        kr["weight"] = serde_json::from_str("1e-30").unwrap();
    });
    assert!(problem.contains("cannot be read exactly"), "{problem}");
    check(
        "review.json",
        |v| v["kpis"]["drain_min_gap"] = serde_json::from_str("1e-30").unwrap(),
        &["cannot be read exactly"],
    );
}

#[test]
fn a_one_megabyte_id_is_quoted_briefly() {
    let problem = error_with("structure.json", |v| {
        v["products"][0]["id"] = "x".repeat(1 << 20).into();
    });
    assert!(problem.len() < 400, "{} bytes", problem.len());
    assert!(problem.contains("… (1048576 chars)"), "{problem}");
}

/// `review.json` with `edit` applied, read as the review's settings alone.
fn settings_with(edit: impl Fn(&mut Value)) -> Result<folio_review::input::Settings, String> {
    let mut changed = sample("review.json");
    edit(&mut changed);
    serde_json::from_value(changed).map_err(|e| e.to_string())
}

#[test]
fn mix_targets_are_shares_with_the_low_end_not_above_the_high_end() {
    let band = |horizon: &'static str, low: &'static str, high: &'static str| {
        move |v: &mut Value| {
            v["kpis"]["mix_targets"][horizon] = serde_json::json!({"low": low, "high": high});
        }
    };
    for (low, high, named) in [
        ("-0.1", "0.5", "-0.1"),
        ("0.2", "1.5", "1.5"),
        ("0.8", "0.75", "above high"),
    ] {
        let error = settings_with(band("grow", low, high)).unwrap_err();
        assert!(error.contains(named), "{low}-{high}: {error}");
    }
    // Both ends of 0..=1 are shares, a band may be one point wide, and a negative zero
    // is zero.
    for (low, high) in [("0", "1"), ("0.5", "0.5"), ("-0", "0"), ("1", "1")] {
        assert!(
            settings_with(band("explore", low, high)).is_ok(),
            "{low}-{high}"
        );
    }
}

#[test]
fn a_review_may_be_dated_the_first_day_of_its_period() {
    // The sample's period is 2026-Q4: a review dated 2026-10-01 reads its first day;
    // one dated the day before reads nothing.
    let dated = |as_of: &'static str| {
        move |v: &mut Value| {
            v["as_of"] = serde_json::json!(as_of);
            v["previous_review"] = serde_json::json!("2026-09-15");
        }
    };
    assert_eq!(sample("review.json")["period"], "2026-Q4");
    assert!(settings_with(dated("2026-10-01")).is_ok());
    let error = settings_with(dated("2026-09-30")).unwrap_err();
    assert!(error.contains("is before the period"), "{error}");
}
