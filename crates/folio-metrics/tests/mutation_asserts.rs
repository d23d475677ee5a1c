//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]

use folio_metrics::{
    Combine, Direction, Layer, MetricCatalog, MetricDef, MetricDefData, MetricKind, Unit,
};

fn def(id: &str, kind: MetricKind) -> MetricDef {
    MetricDef::new(MetricDefData {
        id: id.parse().unwrap(),
        name: id.into(),
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        layer: Layer::DeliveryExecution,
        kind,
        combine: Combine::Sum,
        definition: "Counted per month.".into(),
    })
    .unwrap()
}

/// A definition keeps the kind it was given: outcome or output.
#[test]
fn a_definition_keeps_its_kind() {
    assert_eq!(def("arr", MetricKind::Outcome).kind(), MetricKind::Outcome);
    assert_eq!(
        def("story_points", MetricKind::Output).kind(),
        MetricKind::Output
    );
}

/// Directions read as plain words.
#[test]
fn directions_read_as_plain_words() {
    assert_eq!(Direction::HigherIsBetter.to_string(), "higher is better");
    assert_eq!(Direction::LowerIsBetter.to_string(), "lower is better");
}

/// Only output metrics among the KPIs are vanity warnings, one per metric, in id
/// order, each naming the metric.
#[test]
fn vanity_warnings_name_each_output_kpi_once() {
    let catalog = MetricCatalog::from_definitions([
        def("story_points", MetricKind::Output),
        def("features_shipped", MetricKind::Output),
        def("active_accounts", MetricKind::Outcome),
        def("arr", MetricKind::Outcome),
    ])
    .unwrap();
    let kpis = [
        "story_points".parse().unwrap(),
        "arr".parse().unwrap(),
        "features_shipped".parse().unwrap(),
        "story_points".parse().unwrap(),
        "active_accounts".parse().unwrap(),
    ];
    let warnings = catalog.vanity_warnings(&kpis).unwrap();
    let named: Vec<&str> = warnings.iter().map(|w| w.metric.as_str()).collect();
    assert_eq!(named, ["features_shipped", "story_points"]);
    assert!(warnings[0].message.contains("features_shipped"));
    assert!(warnings[0].message.contains("counts output, not outcome"));

    // Outcomes alone: no warning.
    let outcomes = ["arr".parse().unwrap(), "active_accounts".parse().unwrap()];
    assert!(catalog.vanity_warnings(&outcomes).unwrap().is_empty());
}

/// The default classification policy holds the thresholds and vote counts its
/// documentation lists, and each builder sets both of its thresholds.
#[test]
fn classification_policy_keeps_every_threshold() {
    use folio_metrics::ClassificationPolicy;
    use rust_decimal::Decimal;

    let policy = ClassificationPolicy::new(
        "revenue".parse().unwrap(),
        "nrr".parse().unwrap(),
        "adoption".parse().unwrap(),
    );
    assert_eq!(policy.growth_metric().as_str(), "revenue");
    assert_eq!(policy.retention_metric().as_str(), "nrr");
    assert_eq!(policy.adoption_metric().as_str(), "adoption");
    // Growth +5% / -1%, retention 1.0 / 0.9, adoption +0.02 / -0.02.
    assert_eq!(policy.growth_winning(), Decimal::new(5, 2));
    assert_eq!(policy.growth_declining(), Decimal::new(-1, 2));
    assert_eq!(policy.retention_winning(), Decimal::ONE);
    assert_eq!(policy.retention_declining(), Decimal::new(9, 1));
    assert_eq!(policy.adoption_winning(), Decimal::new(2, 2));
    assert_eq!(policy.adoption_declining(), Decimal::new(-2, 2));
    assert_eq!(
        (
            policy.winning_votes(),
            policy.declining_votes(),
            policy.min_signals()
        ),
        (2, 2, 2)
    );

    let tuned = policy
        .with_growth(Decimal::new(10, 2), Decimal::new(-3, 2))
        .unwrap()
        .with_retention(Decimal::new(11, 1), Decimal::new(95, 2))
        .unwrap()
        .with_adoption(Decimal::new(4, 2), Decimal::new(-1, 2))
        .unwrap()
        .with_votes(3, 1, 3)
        .unwrap();
    assert_eq!(tuned.growth_winning(), Decimal::new(10, 2));
    assert_eq!(tuned.growth_declining(), Decimal::new(-3, 2));
    assert_eq!(tuned.retention_winning(), Decimal::new(11, 1));
    assert_eq!(tuned.retention_declining(), Decimal::new(95, 2));
    assert_eq!(tuned.adoption_winning(), Decimal::new(4, 2));
    assert_eq!(tuned.adoption_declining(), Decimal::new(-1, 2));
    assert_eq!(
        (
            tuned.winning_votes(),
            tuned.declining_votes(),
            tuned.min_signals()
        ),
        (3, 1, 3)
    );
}

/// Classes, signals and votes read as plain words.
#[test]
fn classes_signals_and_votes_read_as_plain_words() {
    use folio_metrics::{LineClass, SignalKind, Vote};

    let classes = [
        (LineClass::Winning, "winning"),
        (LineClass::Stable, "stable"),
        (LineClass::Declining, "declining"),
        (LineClass::InsufficientData, "insufficient data"),
    ];
    for (class, words) in classes {
        assert_eq!(class.to_string(), words, "{class:?}");
    }
    let signals = [
        (SignalKind::Growth, "growth"),
        (SignalKind::Retention, "retention"),
        (SignalKind::Adoption, "adoption"),
    ];
    for (signal, words) in signals {
        assert_eq!(signal.to_string(), words, "{signal:?}");
    }
    let votes = [
        (Vote::Winning, "winning"),
        (Vote::Neutral, "neutral"),
        (Vote::Declining, "declining"),
    ];
    for (vote, words) in votes {
        assert_eq!(vote.to_string(), words, "{vote:?}");
    }
}

/// A metric table lists the products it holds, in product id order.
#[cfg(feature = "serde")]
#[test]
fn a_metric_table_lists_its_products_in_id_order() {
    use folio_metrics::Observations;

    let catalog: MetricCatalog = serde_json::from_str(
        r#"{"metrics": [
          {"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"},
           "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
           "definition": "Recognized revenue."}]}"#,
    )
    .unwrap();
    let observations: Observations = serde_json::from_str(
        r#"[
          {"metric": "revenue", "product": "lens", "period": "2026-Q3", "value": "40"},
          {"metric": "revenue", "product": "zeta", "period": "2026-Q2", "value": "7"},
          {"metric": "revenue", "product": "atlas", "period": "2026-Q3", "value": "125"}
        ]"#,
    )
    .unwrap();
    let table = observations
        .table(&catalog, &"revenue".parse().unwrap())
        .unwrap();
    let products: Vec<&str> = table
        .products()
        .map(folio_types::ProductId::as_str)
        .collect();
    assert_eq!(products, ["atlas", "lens", "zeta"]);
}

/// The gap to a target: the signed distance to the nearest accepted value, and exactly
/// zero (no scale carried over from the reading) on the boundary and inside.
#[test]
fn the_gap_is_zero_on_the_boundary_and_signed_outside() {
    use folio_metrics::{Goal, Target};
    use rust_decimal::Decimal;

    let metric = || "adoption".parse().unwrap();
    let rise = Target::new(
        metric(),
        Goal::IncreaseTo {
            baseline: Decimal::from(40),
            target: Decimal::from(60),
        },
    )
    .unwrap();
    // 60.00 meets 60: the gap is 0, not 0.00.
    assert_eq!(rise.gap(Decimal::new(6000, 2)).unwrap().to_string(), "0");
    assert_eq!(rise.gap(Decimal::new(595, 1)).unwrap(), Decimal::new(5, 1));
    assert_eq!(rise.gap(Decimal::from(70)).unwrap().to_string(), "0");

    let fall = Target::new(
        metric(),
        Goal::DecreaseTo {
            baseline: Decimal::from(30),
            target: Decimal::from(10),
        },
    )
    .unwrap();
    assert_eq!(fall.gap(Decimal::new(1000, 2)).unwrap().to_string(), "0");
    assert_eq!(fall.gap(Decimal::from(12)).unwrap(), Decimal::from(-2));
    assert_eq!(fall.gap(Decimal::from(4)).unwrap().to_string(), "0");

    let band = Target::new(
        metric(),
        Goal::WithinRange {
            low: Decimal::from(2),
            high: Decimal::from(5),
        },
    )
    .unwrap();
    assert_eq!(band.gap(Decimal::new(20, 1)).unwrap().to_string(), "0");
    assert_eq!(band.gap(Decimal::new(50, 1)).unwrap().to_string(), "0");
    assert_eq!(band.gap(Decimal::from(1)).unwrap(), Decimal::from(1));
    assert_eq!(band.gap(Decimal::from(8)).unwrap(), Decimal::from(-3));
}

/// Conditions and actions read as plain words.
#[test]
fn conditions_and_actions_read_as_plain_words() {
    use folio_metrics::{Action, Condition};
    use rust_decimal::Decimal;

    let conditions = [
        (
            Condition::Below {
                threshold: Decimal::new(2, 1),
            },
            "below 0.2",
        ),
        (
            Condition::Above {
                threshold: Decimal::from(5),
            },
            "above 5",
        ),
        (
            Condition::Outside {
                low: Decimal::from(1),
                high: Decimal::from(3),
            },
            "outside 1..3",
        ),
        (
            Condition::VarianceAbove {
                expected: "expected_benefit".parse().unwrap(),
                percent: Decimal::from(20),
            },
            "more than 20% from expected_benefit",
        ),
        (
            Condition::NotUpdatedSince { days: 45 },
            "not updated for 45 days",
        ),
    ];
    for (condition, words) in conditions {
        assert_eq!(condition.to_string(), words, "{condition:?}");
    }
    let actions = [
        (Action::FixOrSunsetPlan, "a fix-or-sunset plan"),
        (
            Action::JustificationOrScopeChange,
            "a justification or a scope change",
        ),
        (Action::PostMortem, "a post-mortem"),
        (
            Action::Custom("executive review".into()),
            "a executive review",
        ),
    ];
    for (action, words) in actions {
        assert_eq!(action.to_string(), words, "{action:?}");
    }
}

/// A streak of one period needs nothing before that period: a rule fires on a reading
/// in the earliest month a date can name, for a product and for the portfolio, where
/// there is no earlier month to step back to.
#[test]
fn a_one_period_streak_fires_in_the_earliest_month() {
    use folio_metrics::{
        Action, Cadence, Condition, Observations, Persistence, Rule, RuleData, RuleSet, Scope,
    };
    use folio_types::NaiveDate;
    use rust_decimal::Decimal;

    let catalog = MetricCatalog::from_definitions([def("adoption", MetricKind::Outcome)]).unwrap();
    let first = NaiveDate::MIN;
    let mut observations = Observations::new();
    observations
        .insert(
            "adoption".parse().unwrap(),
            "atlas".parse().unwrap(),
            first,
            Decimal::from(10),
        )
        .unwrap();
    for scope in [Scope::EachProduct, Scope::Portfolio] {
        let rule = Rule::new(RuleData {
            id: "low".parse().unwrap(),
            metric: "adoption".parse().unwrap(),
            scope,
            condition: Condition::Below {
                threshold: Decimal::from(30),
            },
            persistence: Some(Persistence {
                periods: 1,
                cadence: Cadence::Month,
            }),
            action: Action::FixOrSunsetPlan,
        })
        .unwrap();
        let rules = RuleSet::new(vec![rule]).unwrap();
        let alerts = rules
            .evaluate(&catalog, &observations, first.succ_opt().unwrap())
            .unwrap();
        assert_eq!(alerts.len(), 1, "{scope:?}");
        assert_eq!(alerts[0].evidence.len(), 1, "{scope:?}");
        assert_eq!(alerts[0].evidence[0].value, Decimal::from(10), "{scope:?}");
    }
}
