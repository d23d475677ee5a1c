//! A policy that exists is valid (issue 20): a say-do hit threshold of 0, crossed
//! status thresholds, a retirement before staleness, drift windows of 0 days are errors
//! that name the field and its values; accepted policies behave monotonically.
// Test helpers unwrap and panic on bad fixtures like the tests do; the generated
// numbers are small, so their sums cannot overflow.
#![allow(clippy::unwrap_used, clippy::panic, clippy::arithmetic_side_effects)]
#![cfg(feature = "serde")]

mod common;

use common::{inputs, key_result, objective, oid, p, portfolio};
use folio_okr::tracking::{DriftPolicy, OffTrackPolicy, ReadoutPolicy, StalenessPolicy};
use folio_okr::{
    Error, OkrGraph, PortfolioData, RollupMethod, RollupPolicy, SayDo, Status, StatusPolicy,
    StatusRule,
};
use folio_types::{Confidence, Decimal, Progress};
use proptest::prelude::*;

/// Asserts an `InvalidSetting` of `setting` naming `field`, whose message holds `values`.
fn assert_invalid<T: std::fmt::Debug>(
    result: Result<T, Error>,
    setting: &str,
    field: &str,
    values: &[&str],
) {
    match result {
        Err(Error::Core(folio_types::Error::InvalidSetting {
            setting: s,
            field: f,
            problem,
        })) => {
            assert_eq!((s, f), (setting, field), "{problem}");
            for v in values {
                assert!(problem.contains(v), "{problem} lacks {v}");
            }
        }
        other => panic!("expected an invalid {setting} {field}, got {other:?}"),
    }
}

fn json_err<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json).unwrap_err().to_string()
}

#[test]
fn a_say_do_hit_threshold_of_zero_is_an_error() {
    assert_invalid(
        SayDo::new(Progress::ZERO),
        "say-do engine",
        "hit_threshold",
        &["0"],
    );
    assert_invalid(
        RollupPolicy::new(RollupMethod::SayDo).with_hit_threshold(Progress::ZERO),
        "rollup policy",
        "hit_threshold",
        &["0"],
    );
    for json in [
        r#"{"method": "say_do", "hit_threshold": 0}"#,
        r#"{"method": "say_do", "hit_threshold": "0.0"}"#,
    ] {
        let err = json_err::<RollupPolicy>(json);
        assert!(
            err.contains("invalid rollup policy: hit_threshold"),
            "{err}"
        );
    }
    assert!(json_err::<SayDo>(r#"{"hit_threshold": 0}"#).contains("hit_threshold"));
    // A whole portfolio file with such a policy does not parse either.
    let mut data = serde_json::to_value(flat(&[])).unwrap();
    data["policy"]["hit_threshold"] = serde_json::json!("0");
    assert!(serde_json::from_value::<PortfolioData>(data).is_err());
}

#[test]
fn crossed_status_thresholds_are_errors() {
    let c = |tenths| Confidence::new(Decimal::new(tenths, 1)).unwrap();
    assert_invalid(
        StatusPolicy::default().with_thresholds(c(7), c(8)),
        "status policy",
        "critical_below",
        &["0.8", "at_risk_below", "0.7"],
    );
    assert_invalid(
        StatusPolicy::new(StatusRule::WorstChild, c(7), c(8)),
        "status policy",
        "critical_below",
        &["0.8", "at_risk_below", "0.7"],
    );
    let err = json_err::<StatusPolicy>(r#"{"at_risk_below": "0.3", "critical_below": "0.6"}"#);
    assert!(
        err.contains("critical_below (0.6) must not be above at_risk_below (0.3)"),
        "{err}"
    );
    assert!(
        json_err::<RollupPolicy>(
            r#"{"method": "weighted", "status": {"at_risk_below": "0.3", "critical_below": "0.6"}}"#
        )
        .contains("critical_below")
    );
}

#[test]
fn tracking_policies_in_nonsense_orders_are_errors() {
    assert_invalid(
        StalenessPolicy::new(14, 7, 7),
        "staleness policy",
        "retire_after_days",
        &["7", "14"],
    );
    assert!(json_err::<StalenessPolicy>(r#"{"stale_after_days": 0}"#).contains("stale_after_days"));
    assert!(
        json_err::<OffTrackPolicy>(r#"{"from_fraction_elapsed": "-0.5"}"#)
            .contains("from_fraction_elapsed (-0.5) must lie in 0..=1")
    );
    for (json, field) in [
        (r#"{"pace_margin": "1.5"}"#, "pace_margin"),
        (r#"{"unmoved_days": 0}"#, "unmoved_days"),
        (r#"{"trend_window_days": 0}"#, "trend_window_days"),
        (r#"{"delivery_window_days": 0}"#, "delivery_window_days"),
        (r#"{"trend_min_points": 1}"#, "trend_min_points"),
    ] {
        let err = json_err::<DriftPolicy>(json);
        assert!(
            err.contains(&format!("invalid drift policy: {field}")),
            "{err}"
        );
    }
    // The readout policy checks its parts when it is read.
    assert!(
        json_err::<ReadoutPolicy>(r#"{"staleness": {"retire_after_days": 3}}"#)
            .contains("retire_after_days")
    );
    assert!(serde_json::from_str::<ReadoutPolicy>("{}").is_ok());
}

/// One product objective `o` over leaf key results `k0..` with weight 1.
fn flat(values: &[&str]) -> PortfolioData {
    let key_results = (0..values.len().max(1))
        .map(|i| key_result(&format!("k{i}"), "product", &[("o:o", "1")]))
        .collect();
    portfolio(
        "say_do",
        vec![
            objective("top", "portfolio", "child_objectives", &[]),
            objective("o", "product", "key_results", &[("o:top", "1")]),
        ],
        key_results,
    )
}

fn say_do_value(values: &[String], threshold: Progress) -> Progress {
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let graph = OkrGraph::new(flat(&refs)).unwrap();
    let ids: Vec<String> = (0..values.len()).map(|i| format!("k{i}")).collect();
    let pairs: Vec<(&str, &str)> = ids.iter().map(String::as_str).zip(refs).collect();
    let rollup = graph
        .rollup_with(SayDo::new(threshold).unwrap(), &inputs(&pairs))
        .unwrap();
    rollup.value(&oid("o")).unwrap().computed
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Raising the hit threshold never makes more key results hit.
    #[test]
    fn a_higher_hit_threshold_never_hits_more(
        values in proptest::collection::vec(0i64..200, 1..8),
        low in 1i64..150,
        raise in 0i64..100,
    ) {
        let values: Vec<String> = values.iter().map(|v| Decimal::new(*v, 2).to_string()).collect();
        let loose = say_do_value(&values, Progress::new(Decimal::new(low, 2)).unwrap());
        let strict = say_do_value(&values, Progress::new(Decimal::new(low + raise, 2)).unwrap());
        prop_assert!(strict <= loose, "{strict} > {loose}");
    }

    /// Raising the at-risk threshold never makes more key results on track, and
    /// raising the critical one never makes fewer critical.
    #[test]
    fn higher_status_thresholds_never_put_more_on_track(
        confidence in 0i64..=100,
        critical in 0i64..=100,
        at_risk in 0i64..=100,
        raise in 0i64..=100,
    ) {
        let c = |n: i64| Confidence::new(Decimal::new(n.min(100), 2)).unwrap();
        let (critical, at_risk) = (critical.min(at_risk), critical.max(at_risk));
        let policy = |critical: i64, at_risk: i64| {
            StatusPolicy::default().with_thresholds(c(at_risk), c(critical)).unwrap()
        };
        let base = policy(critical, at_risk);
        let raised = policy(critical, at_risk + raise);
        if raised.status_of(c(confidence)) == Status::OnTrack {
            prop_assert_eq!(base.status_of(c(confidence)), Status::OnTrack);
        }
        let raised_critical = policy((critical + raise).min(at_risk), at_risk);
        if base.status_of(c(confidence)) == Status::Critical {
            prop_assert_eq!(raised_critical.status_of(c(confidence)), Status::Critical);
        }
    }
}

#[test]
fn a_hit_threshold_of_one_counts_met_targets() {
    let values: Vec<String> = ["1", "0.5"].iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(say_do_value(&values, p("1")), p("0.5"));
}

#[test]
fn tracking_policies_built_in_code_are_checked_like_read_ones() {
    let ratio = |hundredths| folio_types::Ratio::from_decimal(Decimal::new(hundredths, 2));
    assert_invalid(
        StalenessPolicy::new(0, 7, 21),
        "staleness policy",
        "stale_after_days",
        &["(0)", "at least 1"],
    );
    for from in [-50, 150] {
        assert_invalid(
            OffTrackPolicy::new(Confidence::ZERO, ratio(from)),
            "off-track policy",
            "from_fraction_elapsed",
            &[&ratio(from).to_string(), "0..=1"],
        );
    }
    let drift = DriftPolicy::default();
    assert_invalid(
        drift.with_pace_margin(ratio(150)),
        "drift policy",
        "pace_margin",
        &["1.50", "0..=1"],
    );
    assert_invalid(
        drift.with_unmoved_days(0),
        "drift policy",
        "unmoved_days",
        &["(0)"],
    );
    assert_invalid(
        drift.with_trend(0, 3),
        "drift policy",
        "trend_window_days",
        &["(0)"],
    );
    assert_invalid(
        drift.with_trend(42, 1),
        "drift policy",
        "trend_min_points",
        &["(1)", "two points"],
    );
    assert_invalid(
        drift.with_delivery(0, 3),
        "drift policy",
        "delivery_window_days",
        &["(0)"],
    );
    // The accepted values are kept, and every getter reads what was set.
    let built = drift
        .with_trend(28, 2)
        .unwrap()
        .with_delivery(14, 5)
        .unwrap();
    assert_eq!(
        (
            built.trend_window_days(),
            built.trend_min_points(),
            built.delivery_window_days(),
            built.delivery_min_items(),
            built.unmoved_days(),
        ),
        (28, 2, 14, 5, 14)
    );
    let staleness = StalenessPolicy::new(10, 3, 10).unwrap();
    assert_eq!(
        (
            staleness.stale_after_days(),
            staleness.action_window_days(),
            staleness.retire_after_days()
        ),
        (10, 3, 10)
    );
}

#[test]
fn rollup_policy_builders_keep_the_other_settings() {
    use folio_okr::OverridePolicy;
    let status = StatusPolicy::default().with_rule(StatusRule::ConfidenceWeightedMean);
    let policy = RollupPolicy::new(RollupMethod::SayDo)
        .with_hit_threshold(p("0.8"))
        .unwrap()
        .with_overrides(OverridePolicy::Ignore)
        .with_status(status)
        .with_method(RollupMethod::Weighted);
    assert_eq!(policy.method(), RollupMethod::Weighted);
    assert_eq!(policy.hit_threshold(), p("0.8"));
    assert_eq!(policy.overrides(), OverridePolicy::Ignore);
    assert_eq!(policy.status(), &status);
    // A failed change leaves nothing behind: the error is all the caller gets.
    assert_invalid(
        policy.with_hit_threshold(Progress::ZERO),
        "rollup policy",
        "hit_threshold",
        &["(0)", "every key result would count as hit"],
    );
}
