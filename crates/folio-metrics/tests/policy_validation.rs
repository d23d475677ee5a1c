//! A policy that exists is valid: crossed thresholds, impossible vote counts and a
//! negative drain gap are errors that name the field and its values (issue 20), and
//! every accepted classification policy behaves monotonically.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]
#![cfg(feature = "serde")]
// The generated thresholds are hundredths below 1: their sums cannot overflow.
#![allow(clippy::arithmetic_side_effects)]

use std::collections::BTreeMap;

use folio_metrics::{
    ClassificationPolicy, Error, LineClass, MetricCatalog, Observations, capacity_drain,
    classify_lines,
};
use folio_types::{MetricId, Period, ProductId, Structure};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn policy() -> ClassificationPolicy {
    ClassificationPolicy::new(
        "revenue".parse().unwrap(),
        "nrr".parse().unwrap(),
        "adoption".parse().unwrap(),
    )
}

const POLICY_JSON: &str = r#"{"growth_metric":"revenue","retention_metric":"nrr","adoption_metric":"adoption",
    "growth_winning":"0.05","growth_declining":"-0.01","retention_winning":"1","retention_declining":"0.9",
    "adoption_winning":"0.02","adoption_declining":"-0.02","winning_votes":2,"declining_votes":2,"min_signals":2}"#;

/// The policy JSON with `field` set to `value`.
fn json_with(field: &str, value: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(POLICY_JSON).unwrap();
    v[field] = serde_json::from_str(value).unwrap();
    v.to_string()
}

/// Asserts an `InvalidSetting` naming `field` whose message holds each of `values`.
fn assert_invalid(result: Result<ClassificationPolicy, Error>, field: &str, values: &[&str]) {
    match result {
        Err(Error::Core(folio_types::Error::InvalidSetting {
            setting,
            field: got,
            problem,
        })) => {
            assert_eq!(setting, "classification policy");
            assert_eq!(got, field, "{problem}");
            for v in values {
                assert!(problem.contains(v), "{problem} lacks {v}");
            }
        }
        other => panic!("expected an invalid {field}, got {other:?}"),
    }
}

#[test]
fn the_default_policy_round_trips() {
    let json = serde_json::to_string(&policy()).unwrap();
    let back: ClassificationPolicy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, policy());
    let parsed: ClassificationPolicy = serde_json::from_str(POLICY_JSON).unwrap();
    assert_eq!(parsed, policy());
}

#[test]
fn crossed_thresholds_are_errors_naming_both() {
    // Growth "winning" below "declining": the issue's example.
    assert_invalid(
        policy().with_growth(d("-0.05"), d("0.05")),
        "growth_winning",
        &["-0.05", "growth_declining", "0.05"],
    );
    // Equal thresholds would vote both ways at that value.
    assert_invalid(
        policy().with_retention(d("0.9"), d("0.9")),
        "retention_winning",
        &["0.9"],
    );
    assert_invalid(
        policy().with_adoption(d("-0.1"), d("0.1")),
        "adoption_winning",
        &["-0.1", "0.1"],
    );
    for (field, value) in [
        ("growth_winning", "\"-0.02\""),
        ("retention_declining", "1.5"),
        ("adoption_declining", "\"0.02\""),
    ] {
        let err = serde_json::from_str::<ClassificationPolicy>(&json_with(field, value))
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid classification policy"), "{err}");
        assert!(err.contains("must be above"), "{err}");
    }
}

#[test]
fn vote_counts_must_be_within_the_signals_that_exist() {
    assert_invalid(
        policy().with_votes(4, 2, 2),
        "winning_votes",
        &["4", "1 to 3"],
    );
    assert_invalid(policy().with_votes(2, 0, 2), "declining_votes", &["0"]);
    assert_invalid(policy().with_votes(2, 2, 0), "min_signals", &["0"]);
    assert_invalid(policy().with_votes(2, 2, 9), "min_signals", &["9"]);
    for field in ["winning_votes", "declining_votes", "min_signals"] {
        for value in ["0", "4", "255"] {
            let err = serde_json::from_str::<ClassificationPolicy>(&json_with(field, value))
                .unwrap_err()
                .to_string();
            assert!(err.contains(field), "{err}");
        }
    }
    assert!(policy().with_votes(3, 3, 3).is_ok());
    assert!(policy().with_votes(1, 1, 1).is_ok());
}

#[test]
fn thresholds_in_json_numbers_are_exact() {
    let err = serde_json::from_str::<ClassificationPolicy>(&json_with("growth_winning", "1e-30"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot be read exactly"), "{err}");
    let p: ClassificationPolicy =
        serde_json::from_str(&json_with("growth_winning", "0.1")).unwrap();
    assert_eq!(p.growth_winning(), d("0.1"));
}

#[test]
fn a_negative_drain_gap_is_an_error() {
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<ProductId, Decimal> {
        pairs
            .iter()
            .map(|(p, v)| (p.parse().unwrap(), d(v)))
            .collect()
    };
    let err = capacity_drain(
        &map(&[("a", "1"), ("b", "1")]),
        &map(&[("a", "1"), ("b", "1")]),
        d("-0.05"),
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Core(folio_types::Error::InvalidSetting { field: "min_gap", problem, .. })
                if problem.contains("-0.05")
        ),
        "{err:?}"
    );
    assert!(capacity_drain(&map(&[("a", "1")]), &map(&[("a", "1")]), d("0")).is_ok());
}

/// One line, one product; values: (previous revenue, revenue, NRR, previous adoption,
/// adoption).
fn classify(values: [Decimal; 5], policy: &ClassificationPolicy) -> LineClass {
    let catalog: MetricCatalog = serde_json::from_str(
        r#"{"metrics": [
        {"id": "revenue", "name": "Revenue", "unit": "count", "direction": "higher_is_better",
         "layer": "portfolio_health", "combine": "sum", "definition": "Revenue."},
        {"id": "nrr", "name": "NRR", "unit": "ratio", "direction": "higher_is_better",
         "layer": "product_performance", "combine": "median", "definition": "NRR."},
        {"id": "adoption", "name": "Adoption", "unit": "ratio", "direction": "higher_is_better",
         "layer": "product_performance", "combine": "median", "definition": "Adoption."}]}"#,
    )
    .unwrap();
    let structure: Structure = serde_json::from_str(
        r#"{"lines": [{"id": "l", "name": "L", "horizon": "grow"}],
            "products": [{"id": "p", "name": "P", "line": "l"}]}"#,
    )
    .unwrap();
    let mut observations = Observations::new();
    let slots = [
        ("revenue", "2026-Q1"),
        ("revenue", "2026-Q2"),
        ("nrr", "2026-Q2"),
        ("adoption", "2026-Q1"),
        ("adoption", "2026-Q2"),
    ];
    for ((metric, period), value) in slots.iter().zip(values) {
        let period: Period = period.parse().unwrap();
        observations
            .insert(
                MetricId::new(metric).unwrap(),
                ProductId::new("p").unwrap(),
                period.end(),
                value,
            )
            .unwrap();
    }
    classify_lines(
        &catalog,
        &structure,
        &observations,
        "2026-Q2".parse().unwrap(),
        policy,
    )
    .unwrap()[0]
        .class
}

fn hundredths(range: std::ops::Range<i64>) -> impl Strategy<Value = Decimal> {
    range.prop_map(|n| Decimal::new(n, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Raising a winning threshold never makes a line winning that was not, and
    /// lowering a declining threshold never makes a line declining that was not.
    #[test]
    fn stricter_thresholds_never_classify_more(
        values in (hundredths(1..500), hundredths(1..500), hundredths(50..150), hundredths(0..100), hundredths(0..100)),
        declining in hundredths(-30..20),
        gap in hundredths(1..30),
        raise in hundredths(0..30),
        votes in (1u8..=3, 1u8..=3, 1u8..=3),
    ) {
        let values = [values.0, values.1, values.2, values.3, values.4];
        let winning = declining + gap;
        let base = policy().with_votes(votes.0, votes.1, votes.2).unwrap();
        let loose = base.clone().with_growth(winning, declining).unwrap();
        let strict = base.clone().with_growth(winning + raise, declining).unwrap();
        if classify(values, &strict) == LineClass::Winning {
            prop_assert_eq!(classify(values, &loose), LineClass::Winning);
        }
        let lower = base.clone().with_growth(winning, declining - raise).unwrap();
        if classify(values, &lower) == LineClass::Declining {
            prop_assert_eq!(classify(values, &loose), LineClass::Declining);
        }
        let strict_retention = base.clone()
            .with_retention(Decimal::ONE + raise, Decimal::new(9, 1)).unwrap();
        if classify(values, &strict_retention) == LineClass::Winning {
            prop_assert_eq!(classify(values, &base), LineClass::Winning);
        }
    }

    /// Requiring more votes never makes more lines winning or declining.
    #[test]
    fn more_votes_required_never_classify_more(
        values in (hundredths(1..500), hundredths(1..500), hundredths(50..150), hundredths(0..100), hundredths(0..100)),
        low in 1u8..=3,
        high in 1u8..=3,
    ) {
        let values = [values.0, values.1, values.2, values.3, values.4];
        let (low, high) = (low.min(high), low.max(high));
        let class = |w, dv| classify(values, &policy().with_votes(w, dv, 1).unwrap());
        if class(high, 2) == LineClass::Winning {
            prop_assert_eq!(class(low, 2), LineClass::Winning);
        }
        if class(2, high) == LineClass::Declining {
            prop_assert_eq!(class(2, low), LineClass::Declining);
        }
    }
}
