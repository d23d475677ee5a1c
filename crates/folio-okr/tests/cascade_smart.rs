//! The SMART check with worked examples: one table per criterion (measurable,
//! time-bound, relevant, cross-cutting), each case passing or failing with its reasons.
// Test helpers outside `#[test]` functions unwrap and panic on bad fixtures like the
// tests do, and table types are spelled out where they are used.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::needless_pass_by_value,
    clippy::type_complexity
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::cascade::{
    data, date, draft, increase, kr, merge, milestone, period, pkr, product, product_objective, top,
};
use common::{d, kid, oid};
use folio_metrics::Goal;
use folio_okr::{NodeId, SmartCheck, SmartCriterion, SmartFailure, cascade_draft};
use folio_types::MetricId;
use serde_json::{Value, json};

/// The SMART check of `node` in a draft with `period`.
fn smart(
    period: Option<&str>,
    objectives: Vec<Value>,
    key_results: Vec<Value>,
    node: &NodeId,
) -> SmartCheck {
    let report = cascade_draft(&data(period, objectives, key_results)).unwrap();
    report.smart_check(node).unwrap().clone()
}

/// The failures of `criterion` only.
fn failures_of(check: &SmartCheck, criterion: SmartCriterion) -> Vec<SmartFailure> {
    check
        .failures
        .iter()
        .filter(|f| f.criterion() == criterion)
        .cloned()
        .collect()
}

#[test]
fn measurable_key_results_table() {
    let stay_above = json!({ "target": { "metric": "uptime",
        "goal": { "stay_above": { "threshold": "99.5" } } } });
    let within = json!({ "target": { "metric": "latency",
        "goal": { "within_range": { "low": "100", "high": "200" } } } });
    let decrease = json!({ "target": { "metric": "churn",
        "goal": { "decrease_to": { "baseline": "8", "target": "5" } } } });
    // name, key result fields, measurable, failures
    let cases: Vec<(&str, Value, bool, Vec<SmartFailure>)> = vec![
        (
            "increase to: baseline and target",
            increase("arr"),
            true,
            vec![],
        ),
        ("decrease to: baseline and target", decrease, true, vec![]),
        ("milestone", milestone("sso-shipped"), true, vec![]),
        ("no target", json!({}), false, vec![SmartFailure::NoTarget]),
        (
            "stay above has no baseline",
            stay_above,
            false,
            vec![SmartFailure::NoBaseline {
                metric: MetricId::new("uptime").unwrap(),
                goal: Goal::StayAbove {
                    threshold: d("99.5"),
                },
            }],
        ),
        (
            "within range has no baseline",
            within,
            false,
            vec![SmartFailure::NoBaseline {
                metric: MetricId::new("latency").unwrap(),
                goal: Goal::WithinRange {
                    low: d("100"),
                    high: d("200"),
                },
            }],
        ),
    ];
    for (name, fields, measurable, failures) in cases {
        let check = smart(
            None,
            vec![top("grow", json!({}))],
            vec![pkr("k", "atlas", &["o:grow"], fields)],
            &kid("k"),
        );
        assert_eq!(check.measurable, measurable, "{name}");
        assert_eq!(
            failures_of(&check, SmartCriterion::Measurable),
            failures,
            "{name}"
        );
    }
}

#[test]
fn measurable_through_contributors_table() {
    let objectives = |top_fields: Value| {
        vec![
            top("grow", top_fields),
            product_objective("win", "atlas", &["o:grow"], json!({})),
        ]
    };
    let guard = json!({ "target": { "metric": "nps",
        "goal": { "stay_above": { "threshold": "40" } } } });
    // name, top fields, key results, (node, measurable, measurable failures)
    let cases: Vec<(
        &str,
        Value,
        Vec<Value>,
        Vec<(&str, bool, Vec<SmartFailure>)>,
    )> = vec![
        (
            "every key result measurable: the objectives above are too",
            json!({}),
            vec![
                pkr("arr", "atlas", &["o:win"], increase("arr")),
                pkr("nps", "atlas", &["o:win"], milestone("nps-survey")),
            ],
            vec![("win", true, vec![]), ("grow", true, vec![])],
        ),
        (
            "one unmeasurable key result fails the objective, and the one above",
            json!({}),
            vec![
                pkr("arr", "atlas", &["o:win"], increase("arr")),
                pkr("nps", "atlas", &["o:win"], json!({})),
            ],
            vec![
                (
                    "win",
                    false,
                    vec![
                        SmartFailure::NoTarget,
                        SmartFailure::UnmeasurableContributors {
                            contributors: vec![kid("nps")],
                        },
                    ],
                ),
                (
                    "grow",
                    false,
                    vec![
                        SmartFailure::NoTarget,
                        SmartFailure::UnmeasurableContributors {
                            contributors: vec![oid("win")],
                        },
                    ],
                ),
            ],
        ),
        (
            "an objective's own target is enough",
            increase("adoption"),
            vec![pkr("nps", "atlas", &["o:win"], json!({}))],
            vec![
                (
                    "win",
                    false,
                    vec![
                        SmartFailure::NoTarget,
                        SmartFailure::UnmeasurableContributors {
                            contributors: vec![kid("nps")],
                        },
                    ],
                ),
                ("grow", true, vec![]),
            ],
        ),
        (
            "a guard rail of its own, but measurable contributors",
            guard.clone(),
            vec![pkr("arr", "atlas", &["o:win"], increase("arr"))],
            vec![("grow", true, vec![])],
        ),
        (
            "a guard rail of its own and an unmeasurable contributor",
            guard,
            vec![pkr("arr", "atlas", &["o:win"], json!({}))],
            vec![(
                "grow",
                false,
                vec![
                    SmartFailure::NoBaseline {
                        metric: MetricId::new("nps").unwrap(),
                        goal: Goal::StayAbove { threshold: d("40") },
                    },
                    SmartFailure::UnmeasurableContributors {
                        contributors: vec![oid("win")],
                    },
                ],
            )],
        ),
        (
            "a product key result measured by its initiatives",
            json!({}),
            vec![
                pkr("arr", "atlas", &["o:win"], json!({})),
                kr("sq", "initiative", "atlas", &["k:arr"], milestone("sso")),
            ],
            vec![("win", true, vec![])],
        ),
        (
            "an objective with no contributors yet and no target",
            json!({}),
            vec![],
            vec![("win", false, vec![SmartFailure::NoTarget])],
        ),
    ];
    for (name, top_fields, key_results, expected) in cases {
        let report = draft(objectives(top_fields), key_results);
        for (node, measurable, failures) in expected {
            let check = report.smart_check(&oid(node)).unwrap();
            assert_eq!(check.measurable, measurable, "{name}: {node}");
            assert_eq!(
                failures_of(check, SmartCriterion::Measurable),
                failures,
                "{name}: {node}"
            );
        }
    }
}

#[test]
fn time_bound_table() {
    // name, portfolio period, deadline, time-bound, failures
    let cases: Vec<(&str, Option<&str>, Option<&str>, bool, Vec<SmartFailure>)> = vec![
        (
            "inside the period",
            Some("2026-Q2"),
            Some("2026-05-15"),
            true,
            vec![],
        ),
        (
            "on the period's last day",
            Some("2026-Q2"),
            Some("2026-06-30"),
            true,
            vec![],
        ),
        (
            "on the period's first day",
            Some("2026-Q2"),
            Some("2026-04-01"),
            true,
            vec![],
        ),
        (
            "a day after the period",
            Some("2026-Q2"),
            Some("2026-07-01"),
            false,
            vec![SmartFailure::DeadlineOutsidePeriod {
                deadline: date("2026-07-01"),
                period: period("2026-Q2"),
            }],
        ),
        (
            "before the period",
            Some("2026-Q2"),
            Some("2026-03-31"),
            false,
            vec![SmartFailure::DeadlineOutsidePeriod {
                deadline: date("2026-03-31"),
                period: period("2026-Q2"),
            }],
        ),
        (
            "no deadline",
            Some("2026-Q2"),
            None,
            false,
            vec![SmartFailure::NoDeadline],
        ),
        (
            "no period: a deadline alone",
            None,
            Some("2031-01-01"),
            true,
            vec![],
        ),
        (
            "no period and no deadline",
            None,
            None,
            false,
            vec![SmartFailure::NoDeadline],
        ),
    ];
    for (name, when, deadline, time_bound, failures) in cases {
        let fields = deadline.map_or(json!({}), |d| json!({ "deadline": d }));
        // The same rule for an objective and a key result.
        let objectives = vec![
            top("grow", json!({})),
            product_objective("win", "atlas", &["o:grow"], fields.clone()),
        ];
        let key_results = vec![pkr("k", "atlas", &["o:win"], fields)];
        let report = cascade_draft(&data(when, objectives, key_results)).unwrap();
        assert_eq!(report.period, when.map(period), "{name}");
        for node in [oid("win"), kid("k")] {
            let check = report.smart_check(&node).unwrap();
            assert_eq!(check.time_bound, time_bound, "{name}: {node}");
            assert_eq!(
                failures_of(check, SmartCriterion::TimeBound),
                failures,
                "{name}: {node}"
            );
        }
    }
}

#[test]
fn relevant_table() {
    // name, portfolio objective fields, node, relevant
    let cases: Vec<(&str, Value, NodeId, bool)> = vec![
        (
            "a portfolio objective with a theme",
            json!({ "theme": "platform consolidation" }),
            oid("grow"),
            true,
        ),
        (
            "a portfolio objective without one",
            json!({}),
            oid("grow"),
            false,
        ),
        (
            "a blank theme is no theme",
            json!({ "theme": "  " }),
            oid("grow"),
            false,
        ),
        (
            "a product objective ladders up, theme or not",
            json!({}),
            oid("win"),
            true,
        ),
        ("a key result ladders up", json!({}), kid("k"), true),
    ];
    for (name, fields, node, relevant) in cases {
        let check = smart(
            None,
            vec![
                top("grow", fields),
                product_objective("win", "atlas", &["o:grow"], json!({})),
            ],
            vec![pkr("k", "atlas", &["o:win"], json!({}))],
            &node,
        );
        assert_eq!(check.relevant, relevant, "{name}");
        let expected = if relevant {
            vec![]
        } else {
            vec![SmartFailure::NoTheme]
        };
        assert_eq!(
            failures_of(&check, SmartCriterion::Relevant),
            expected,
            "{name}"
        );
    }
}

#[test]
fn cross_cutting_table() {
    // name, objectives under "grow", key results, cross-cutting, products when failing
    let cases: Vec<(&str, Vec<Value>, Vec<Value>, bool, Vec<&str>)> = vec![
        (
            "two products' key results",
            vec![],
            vec![
                pkr("a", "atlas", &["o:grow"], json!({})),
                pkr("l", "lens", &["o:grow"], json!({})),
            ],
            true,
            vec![],
        ),
        (
            "one team alone",
            vec![product_objective("win", "atlas", &["o:grow"], json!({}))],
            vec![
                pkr("a1", "atlas", &["o:win"], json!({})),
                pkr("a2", "atlas", &["o:grow"], json!({})),
            ],
            false,
            vec!["atlas"],
        ),
        (
            "an initiative of another product, two levels down",
            vec![product_objective("win", "atlas", &["o:grow"], json!({}))],
            vec![
                pkr("a", "atlas", &["o:win"], json!({})),
                kr("sq", "initiative", "lens", &["k:a"], json!({})),
            ],
            true,
            vec![],
        ),
        (
            "a product objective's product counts without key results",
            vec![
                product_objective("win", "atlas", &["o:grow"], json!({})),
                product_objective("adopt", "lens", &["o:grow"], json!({})),
            ],
            vec![pkr("a", "atlas", &["o:win"], json!({}))],
            true,
            vec![],
        ),
        ("nobody yet", vec![], vec![], false, vec![]),
    ];
    for (name, mut objectives, key_results, cross_cutting, products) in cases {
        objectives.push(top("grow", json!({})));
        check_cross_cutting(name, objectives, key_results, cross_cutting, products);
    }
    // A product the portfolio objective names itself is not a contributor.
    check_cross_cutting(
        "its own product does not count",
        vec![top("grow", json!({ "product": "atlas" }))],
        vec![pkr("l", "lens", &["o:grow"], json!({}))],
        false,
        vec!["lens"],
    );
}

fn check_cross_cutting(
    name: &str,
    objectives: Vec<Value>,
    key_results: Vec<Value>,
    cross_cutting: bool,
    products: Vec<&str>,
) {
    let report = draft(objectives, key_results);
    let check = report.smart_check(&oid("grow")).unwrap();
    assert_eq!(check.cross_cutting, Some(cross_cutting), "{name}");
    let expected = if cross_cutting {
        vec![]
    } else {
        vec![SmartFailure::FewProducts {
            products: products.into_iter().map(product).collect(),
        }]
    };
    assert_eq!(
        failures_of(check, SmartCriterion::CrossCutting),
        expected,
        "{name}"
    );
    // Only portfolio objectives are asked.
    for other in report.smart.iter().filter(|c| c.node != oid("grow")) {
        assert_eq!(other.cross_cutting, None, "{name}: {}", other.node);
    }
}

/// The seed's first example goal, written out in full, passes every criterion.
#[test]
fn a_smart_portfolio_goal_passes() {
    let deadline = json!({ "deadline": "2026-12-31" });
    let report = cascade_draft(&data(
        Some("2026"),
        vec![merge(
            top("adopt", json!({ "theme": "cross-sell growth" })),
            merge(increase("cross-product-adoption"), deadline.clone()),
        )],
        vec![
            pkr(
                "onboarding",
                "atlas",
                &["o:adopt"],
                merge(milestone("unified-onboarding"), deadline.clone()),
            ),
            pkr(
                "dashboard",
                "lens",
                &["o:adopt"],
                merge(milestone("cross-product-dashboard"), deadline),
            ),
        ],
    ))
    .unwrap();
    assert!(report.is_clean(), "{report}");
    let check = report.smart_check(&oid("adopt")).unwrap();
    assert_eq!(
        (
            check.measurable,
            check.time_bound,
            check.relevant,
            check.cross_cutting
        ),
        (true, true, true, Some(true))
    );
    assert_eq!(
        check.to_string(),
        r#"objective "adopt" passes the SMART check"#
    );
}
