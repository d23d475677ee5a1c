//! A configuration that exists is valid (issue 20): a trigger that fires on every
//! assessment, two rules with one id, a review that lists nothing are errors naming the
//! setting, the field and the values, whether built in code or read from JSON; a higher
//! trigger threshold never fires more alerts.
// A test fails by panicking with what it saw; fixtures are small, known-good data, and
// the generated thresholds are small enough that their sums cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
#![cfg(feature = "serde")]

use folio_risk::{
    Assessment, Error, ExposureBase, RequiredAction, ReviewConfig, RiskModel, Scorer,
    ScoringConfig, TriggerRule, TriggerScope,
};
use folio_types::{NaiveDate, ProductId, RiskRating};
use proptest::prelude::*;
use rust_decimal::Decimal;

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

fn action() -> RequiredAction {
    RequiredAction::new("cpo".parse().unwrap(), "Risk review", "Mitigation plan").unwrap()
}

fn rule(id: &str, threshold: RiskRating) -> Result<TriggerRule, Error> {
    TriggerRule::new(
        id.parse().unwrap(),
        TriggerScope::AnyDimension,
        threshold,
        action(),
    )
}

const RULE_JSON: &str = r#"{"id":"always","scope":{"on":"score"},"threshold":"1",
    "action":{"owner":"cpo","discussion":"Risk review","plan":"Mitigation plan"}}"#;

#[test]
fn a_trigger_at_the_lowest_rating_is_an_error() {
    assert_invalid(
        rule("always", RiskRating::LOWEST),
        "trigger rule",
        "threshold",
        &["(1)", "\"always\"", "every assessment"],
    );
    assert!(json_err::<TriggerRule>(RULE_JSON).contains("invalid trigger rule: threshold (1)"));
    // Inside a whole scoring configuration too.
    let config = format!(r#"{{"triggers": [{RULE_JSON}]}}"#);
    assert!(json_err::<ScoringConfig>(&config).contains("threshold (1)"));
    // Just above the lowest rating is a trigger.
    let lowest_trigger = rule("low", RiskRating::new(Decimal::new(101, 2)).unwrap()).unwrap();
    assert_eq!(lowest_trigger.threshold().to_string(), "1.01");
    assert_eq!(lowest_trigger.id().as_str(), "low");
    assert_eq!(lowest_trigger.scope(), &TriggerScope::AnyDimension);
    assert_eq!(lowest_trigger.action(), &action());
}

#[test]
fn two_rules_with_one_id_are_an_error_before_any_model() {
    let high = rule("high", RiskRating::HIGHEST).unwrap();
    let err = ScoringConfig::default()
        .with_triggers(vec![
            high.clone(),
            rule("a", RiskRating::HIGHEST).unwrap(),
            high,
        ])
        .unwrap_err();
    assert_eq!(
        err,
        Error::DuplicateRule {
            rule: "high".parse().unwrap()
        }
    );
    let rule_json = |id: &str| {
        format!(
            r#"{{"id":"{id}","scope":{{"on":"score"}},"threshold":"4",
            "action":{{"owner":"cpo","discussion":"d","plan":"p"}}}}"#
        )
    };
    let json = format!(
        r#"{{"triggers": [{}, {}]}}"#,
        rule_json("x"),
        rule_json("x")
    );
    assert!(json_err::<ScoringConfig>(&json).contains("duplicate trigger rule \"x\""));
    let json = format!(
        r#"{{"triggers": [{}, {}]}}"#,
        rule_json("x"),
        rule_json("y")
    );
    assert_eq!(
        serde_json::from_str::<ScoringConfig>(&json)
            .unwrap()
            .triggers()
            .len(),
        2
    );
}

#[test]
fn a_risk_review_that_lists_nothing_is_an_error() {
    for (riskiest, most_worsened, field) in [(0, 3, "riskiest"), (5, 0, "most_worsened")] {
        assert_invalid(
            ReviewConfig::new(ExposureBase::Revenue, riskiest, most_worsened),
            "risk review config",
            field,
            &["(0)", "at least 1"],
        );
        let json = format!(r#"{{"riskiest": {riskiest}, "most_worsened": {most_worsened}}}"#);
        assert!(
            json_err::<ReviewConfig>(&json)
                .contains(&format!("invalid risk review config: {field} (0)")),
            "{json}"
        );
    }
    let config = ReviewConfig::new(ExposureBase::Equal, 1, 1).unwrap();
    assert_eq!(
        (config.base(), config.riskiest(), config.most_worsened()),
        (ExposureBase::Equal, 1, 1)
    );
    assert_eq!(
        serde_json::from_str::<ReviewConfig>("{}").unwrap(),
        ReviewConfig::default()
    );
}

const FACTORS: [&str; 9] = [
    "reliability",
    "security",
    "platform_debt",
    "competitive_pressure",
    "churn_signals",
    "critical_path_delivery",
    "dependency_risk",
    "margin_compression",
    "cost_volatility",
];

fn alerts(ratings: &[u8], threshold: RiskRating) -> usize {
    let config = ScoringConfig::default()
        .with_triggers(vec![
            TriggerRule::new(
                "dims".parse().unwrap(),
                TriggerScope::AnyDimension,
                threshold,
                action(),
            )
            .unwrap(),
            TriggerRule::new(
                "score".parse().unwrap(),
                TriggerScope::Score,
                threshold,
                action(),
            )
            .unwrap(),
        ])
        .unwrap();
    let scorer = Scorer::new(RiskModel::standard(), config).unwrap();
    let assessment = Assessment::new(
        ProductId::new("atlas").unwrap(),
        NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        FACTORS.iter().zip(ratings).map(|(f, r)| {
            (
                f.parse().unwrap(),
                RiskRating::new(Decimal::from(*r)).unwrap(),
            )
        }),
    )
    .unwrap();
    scorer.score(&assessment).unwrap().alerts.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Raising a trigger's threshold never fires more alerts.
    #[test]
    fn a_higher_trigger_threshold_never_fires_more(
        ratings in proptest::collection::vec(1u8..=5, 9),
        low in 101i64..=500,
        raise in 0i64..=400,
    ) {
        let t = |hundredths: i64| RiskRating::new(Decimal::new(hundredths.min(500), 2)).unwrap();
        prop_assert!(alerts(&ratings, t(low + raise)) <= alerts(&ratings, t(low)));
    }
}
