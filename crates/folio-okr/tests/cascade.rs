//! The cascade check with worked examples: one table per finding (gaps, redundancies,
//! conflicts with overlapping, adjacent and one-shared-day periods), the messages of
//! every finding, and the JSON round trip. The SMART tables are in `cascade_smart.rs`.
// Test helpers outside `#[test]` functions unwrap, panic and index JSON values on bad
// fixtures like the tests do, and table types are spelled out where they are used.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::needless_pass_by_value,
    clippy::type_complexity,
    clippy::indexing_slicing
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::cascade::{
    claims, data, date, draft, increase, kr, krid, merge, milestone, obj, period, pkr, product,
    product_objective, top,
};
use common::{d, kid, oid};
use folio_metrics::Goal;
use folio_okr::{
    CascadeReport, Claimant, Conflict, Error, Gap, Level, OkrGraph, PortfolioData, Problem,
    Redundancy, ResourceId, RollupMethod, RollupPolicy, SmartCheck, SmartFailure, cascade,
    cascade_draft,
};
use folio_types::MetricId;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------
// Gaps.

#[test]
fn gaps_table() {
    // name, objectives, key results, the portfolio objectives expected as gaps
    let cases: Vec<(&str, Vec<Value>, Vec<Value>, Vec<&str>)> = vec![
        (
            "a portfolio objective nobody has picked up",
            vec![top("grow", json!({})), top("lean", json!({}))],
            vec![pkr("arr", "atlas", &["o:grow"], json!({}))],
            vec!["lean"],
        ),
        (
            "a product objective without key results does not close the gap",
            vec![
                top("grow", json!({})),
                product_objective("atlas-grow", "atlas", &["o:grow"], json!({})),
            ],
            vec![],
            vec!["grow"],
        ),
        (
            "a key result through a product objective closes it",
            vec![
                top("grow", json!({})),
                product_objective("atlas-grow", "atlas", &["o:grow"], json!({})),
            ],
            vec![pkr("arr", "atlas", &["o:atlas-grow"], json!({}))],
            vec![],
        ),
        (
            "an initiative key result through a product objective closes it",
            vec![
                top("grow", json!({})),
                product_objective("atlas-grow", "atlas", &["o:grow"], json!({})),
            ],
            vec![kr(
                "squad",
                "initiative",
                "atlas",
                &["o:atlas-grow"],
                json!({}),
            )],
            vec![],
        ),
        (
            "one key result may close two gaps",
            vec![top("grow", json!({})), top("lean", json!({}))],
            vec![pkr("arr", "atlas", &["o:grow", "o:lean"], json!({}))],
            vec![],
        ),
        (
            "every portfolio objective a gap",
            vec![top("b", json!({})), top("a", json!({}))],
            vec![],
            vec!["a", "b"],
        ),
    ];
    for (name, objectives, key_results, expected) in cases {
        let report = draft(objectives, key_results);
        let expected: Vec<Gap> = expected
            .into_iter()
            .map(|o| Gap { objective: obj(o) })
            .collect();
        assert_eq!(report.gaps, expected, "{name}");
    }
}

#[test]
fn a_compiled_graph_has_no_gap_and_matches_the_draft_check() {
    let data = data(
        Some("2026-Q2"),
        vec![
            top("grow", json!({ "theme": "cross-sell growth" })),
            product_objective("atlas-grow", "atlas", &["o:grow"], json!({})),
        ],
        vec![
            pkr("arr", "atlas", &["o:atlas-grow"], increase("arr")),
            pkr(
                "lens-arr",
                "lens",
                &["o:grow"],
                json!({ "deadline": "2026-07-01" }),
            ),
        ],
    );
    let graph = OkrGraph::new(data.clone()).unwrap();
    let report = graph.cascade();
    assert!(report.gaps.is_empty());
    assert_eq!(report, cascade(&graph));
    assert_eq!(report, cascade_draft(&data).unwrap());
    assert_eq!(report.period, Some(period("2026-Q2")));
    // The graph kept the period, so the late deadline is caught.
    assert_eq!(
        report.smart_check(&kid("lens-arr")).unwrap().failures,
        vec![
            SmartFailure::NoTarget,
            SmartFailure::DeadlineOutsidePeriod {
                deadline: date("2026-07-01"),
                period: period("2026-Q2"),
            },
        ]
    );
}

#[test]
fn the_draft_check_refuses_every_problem_but_missing_contributors() {
    let unknown = data(
        None,
        vec![top("grow", json!({})), top("lean", json!({}))],
        vec![pkr("arr", "atlas", &["o:grwo"], json!({}))],
    );
    match cascade_draft(&unknown) {
        Err(Error::Invalid { problems, .. }) => assert_eq!(
            problems,
            vec![
                Problem::UnknownParent {
                    child: kid("arr"),
                    parent: oid("grwo"),
                },
                // Reported too, though alone it would be tolerated.
                Problem::NoContributors {
                    objective: obj("grow"),
                },
                Problem::NoContributors {
                    objective: obj("lean"),
                },
            ]
        ),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
    let duplicate = data(
        None,
        vec![top("grow", json!({})), top("grow", json!({}))],
        vec![],
    );
    assert!(matches!(
        cascade_draft(&duplicate),
        Err(Error::Invalid { problems, .. }) if problems.contains(&Problem::DuplicateId { node: oid("grow") })
    ));
}

// ---------------------------------------------------------------------------------
// Redundancies.

#[test]
fn redundancies_table() {
    let objectives = || {
        vec![
            top("grow", json!({})),
            top("lean", json!({})),
            product_objective("win", "atlas", &["o:grow"], json!({})),
        ]
    };
    // name, key results, expected (objective, metric, key results, products)
    let cases: Vec<(&str, Vec<Value>, Vec<(&str, &str, Vec<&str>, Vec<&str>)>)> = vec![
        (
            "two products, one metric, one objective",
            vec![
                pkr("lens-arr", "lens", &["o:grow"], increase("arr")),
                pkr("atlas-arr", "atlas", &["o:grow"], increase("arr")),
            ],
            vec![(
                "grow",
                "arr",
                vec!["atlas-arr", "lens-arr"],
                vec!["atlas", "lens"],
            )],
        ),
        (
            "one product twice is its own business",
            vec![
                pkr("arr-1", "atlas", &["o:grow"], increase("arr")),
                pkr("arr-2", "atlas", &["o:grow"], increase("arr")),
            ],
            vec![],
        ),
        (
            "different metrics",
            vec![
                pkr("atlas-arr", "atlas", &["o:grow"], increase("arr")),
                pkr("lens-nps", "lens", &["o:grow"], increase("nps")),
            ],
            vec![],
        ),
        (
            "different objectives",
            vec![
                pkr("atlas-arr", "atlas", &["o:grow"], increase("arr")),
                pkr("lens-arr", "lens", &["o:lean"], increase("arr")),
            ],
            vec![],
        ),
        (
            "every key result on the metric is listed, each product once",
            vec![
                pkr("a1", "atlas", &["o:grow"], increase("arr")),
                pkr("a2", "atlas", &["o:grow"], increase("arr")),
                pkr("l1", "lens", &["o:grow"], increase("arr")),
                pkr("n1", "nova", &["o:grow"], increase("nps")),
            ],
            vec![("grow", "arr", vec!["a1", "a2", "l1"], vec!["atlas", "lens"])],
        ),
        (
            "milestones on one metric count too",
            vec![
                pkr("atlas-sso", "atlas", &["o:grow"], milestone("sso-shipped")),
                pkr("lens-sso", "lens", &["o:grow"], milestone("sso-shipped")),
            ],
            vec![(
                "grow",
                "sso-shipped",
                vec!["atlas-sso", "lens-sso"],
                vec!["atlas", "lens"],
            )],
        ),
        (
            "key results without a target measure nothing to compare",
            vec![
                pkr("atlas-arr", "atlas", &["o:grow"], json!({})),
                pkr("lens-arr", "lens", &["o:grow"], json!({})),
            ],
            vec![],
        ),
        (
            "under means the direct parent objective",
            vec![
                pkr("atlas-arr", "atlas", &["o:win"], increase("arr")),
                pkr("lens-arr", "lens", &["o:grow"], increase("arr")),
            ],
            vec![],
        ),
        (
            "initiatives under one parent key result are its decomposition",
            vec![
                pkr("arr", "atlas", &["o:win"], increase("arr")),
                kr("sq-1", "initiative", "atlas", &["k:arr"], increase("arr")),
                kr("sq-2", "initiative", "lens", &["k:arr"], increase("arr")),
            ],
            vec![],
        ),
        (
            "a shared key result counts under each of its objectives",
            vec![
                pkr("atlas-arr", "atlas", &["o:grow", "o:lean"], increase("arr")),
                pkr("lens-arr", "lens", &["o:lean"], increase("arr")),
                pkr("nova-arr", "nova", &["o:grow"], increase("arr")),
            ],
            vec![
                (
                    "grow",
                    "arr",
                    vec!["atlas-arr", "nova-arr"],
                    vec!["atlas", "nova"],
                ),
                (
                    "lean",
                    "arr",
                    vec!["atlas-arr", "lens-arr"],
                    vec!["atlas", "lens"],
                ),
            ],
        ),
    ];
    for (name, key_results, expected) in cases {
        let report = draft(objectives(), key_results);
        let expected: Vec<Redundancy> = expected
            .into_iter()
            .map(|(o, m, krs, products)| Redundancy {
                objective: obj(o),
                metric: MetricId::new(m).unwrap(),
                key_results: krs.into_iter().map(krid).collect(),
                products: products.into_iter().map(product).collect(),
            })
            .collect();
        assert_eq!(report.redundancies, expected, "{name}");
    }
}

/// Under the KPI method every contributor measures its parent's metric: two products'
/// ARR key results under an ARR objective are the shares it sums, not a redundancy.
#[test]
fn a_kpi_portfolio_has_no_redundancies() {
    let arr = || {
        json!({ "target": { "metric": "arr",
            "goal": { "increase_to": { "baseline": "0", "target": "100" } } } })
    };
    let records = || {
        (
            vec![top("grow", arr())],
            vec![
                pkr("atlas-arr", "atlas", &["o:grow"], arr()),
                pkr("lens-arr", "lens", &["o:grow"], arr()),
            ],
        )
    };
    let (objectives, key_results) = records();
    let weighted = cascade_draft(&data(None, objectives, key_results)).unwrap();
    assert_eq!(weighted.redundancies.len(), 1);
    let (objectives, key_results) = records();
    let mut kpi = data(None, objectives, key_results);
    kpi.policy = RollupPolicy::new(RollupMethod::Kpi);
    let graph = OkrGraph::new(kpi.clone()).unwrap();
    assert_eq!(graph.cascade().redundancies, vec![]);
    assert_eq!(cascade_draft(&kpi).unwrap(), graph.cascade());
    // Everything else is checked as for any method.
    assert_eq!(graph.cascade().smart, weighted.smart);
}

// ---------------------------------------------------------------------------------
// Conflicts.

#[test]
fn conflicts_table() {
    // name, (key result, product, claims), expected (resource, first, second, overlap)
    type Claims<'a> = Vec<(&'a str, &'a str, Vec<(&'a str, &'a str)>)>;
    type Expected<'a> = Vec<(
        &'a str,
        (&'a str, &'a str, &'a str),
        (&'a str, &'a str, &'a str),
        &'a str,
    )>;
    let cases: Vec<(&str, Claims<'_>, Expected<'_>)> = vec![
        (
            "a month inside a quarter",
            vec![
                ("lens-kr", "lens", vec![("data-team", "2026-Q2")]),
                ("atlas-kr", "atlas", vec![("data-team", "2026-05")]),
            ],
            vec![(
                "data-team",
                ("atlas-kr", "atlas", "2026-05"),
                ("lens-kr", "lens", "2026-Q2"),
                "2026-05",
            )],
        ),
        (
            "partly overlapping ranges share the days in between",
            vec![
                (
                    "atlas-kr",
                    "atlas",
                    vec![("data-team", "2026-04-15/2026-05-20")],
                ),
                (
                    "lens-kr",
                    "lens",
                    vec![("data-team", "2026-05-01/2026-06-30")],
                ),
            ],
            vec![(
                "data-team",
                ("atlas-kr", "atlas", "2026-04-15/2026-05-20"),
                ("lens-kr", "lens", "2026-05-01/2026-06-30"),
                "2026-05-01/2026-05-20",
            )],
        ),
        (
            "adjacent months do not overlap",
            vec![
                ("atlas-kr", "atlas", vec![("data-team", "2026-05")]),
                ("lens-kr", "lens", vec![("data-team", "2026-06")]),
            ],
            vec![],
        ),
        (
            "one shared day is enough",
            vec![
                (
                    "atlas-kr",
                    "atlas",
                    vec![("data-team", "2026-05-01/2026-05-31")],
                ),
                (
                    "lens-kr",
                    "lens",
                    vec![("data-team", "2026-05-31/2026-06-15")],
                ),
            ],
            vec![(
                "data-team",
                ("atlas-kr", "atlas", "2026-05-01/2026-05-31"),
                ("lens-kr", "lens", "2026-05-31/2026-06-15"),
                "2026-05-31/2026-05-31",
            )],
        ),
        (
            "one product sequences its own work",
            vec![
                ("atlas-1", "atlas", vec![("data-team", "2026-Q2")]),
                ("atlas-2", "atlas", vec![("data-team", "2026-05")]),
            ],
            vec![],
        ),
        (
            "different resources",
            vec![
                ("atlas-kr", "atlas", vec![("data-team", "2026-Q2")]),
                ("lens-kr", "lens", vec![("design-team", "2026-Q2")]),
            ],
            vec![],
        ),
        (
            "three claimants give every cross-product pair that overlaps",
            vec![
                ("a", "atlas", vec![("launch-slot", "2026-04")]),
                ("b", "lens", vec![("launch-slot", "2026-Q2")]),
                ("c", "nova", vec![("launch-slot", "2026-06")]),
            ],
            vec![
                (
                    "launch-slot",
                    ("a", "atlas", "2026-04"),
                    ("b", "lens", "2026-Q2"),
                    "2026-04",
                ),
                (
                    "launch-slot",
                    ("b", "lens", "2026-Q2"),
                    ("c", "nova", "2026-06"),
                    "2026-06",
                ),
            ],
        ),
        (
            "two claims of one key result conflict separately",
            vec![
                (
                    "a",
                    "atlas",
                    vec![("data-team", "2026-04"), ("data-team", "2026-06")],
                ),
                ("b", "lens", vec![("data-team", "2026-Q2")]),
            ],
            vec![
                (
                    "data-team",
                    ("a", "atlas", "2026-04"),
                    ("b", "lens", "2026-Q2"),
                    "2026-04",
                ),
                (
                    "data-team",
                    ("a", "atlas", "2026-06"),
                    ("b", "lens", "2026-Q2"),
                    "2026-06",
                ),
            ],
        ),
        (
            "a claim listed twice is one claim",
            vec![
                (
                    "a",
                    "atlas",
                    vec![("data-team", "2026-05"), ("data-team", "2026-05")],
                ),
                ("b", "lens", vec![("data-team", "2026-05")]),
            ],
            vec![(
                "data-team",
                ("a", "atlas", "2026-05"),
                ("b", "lens", "2026-05"),
                "2026-05",
            )],
        ),
    ];
    for (name, key_results, expected) in cases {
        let key_results = key_results
            .into_iter()
            .map(|(id, p, c)| pkr(id, p, &["o:grow"], claims(&c)))
            .collect();
        let report = draft(vec![top("grow", json!({}))], key_results);
        let claimant = |(k, p, when): (&str, &str, &str)| Claimant {
            key_result: krid(k),
            product: product(p),
            period: period(when),
        };
        let expected: Vec<Conflict> = expected
            .into_iter()
            .map(|(resource, first, second, overlap)| Conflict {
                resource: ResourceId::new(resource).unwrap(),
                first: claimant(first),
                second: claimant(second),
                overlap: period(overlap),
            })
            .collect();
        assert_eq!(report.conflicts, expected, "{name}");
    }
}

// ---------------------------------------------------------------------------------
// Messages, order and JSON.

/// A draft with one finding of each kind.
fn everything() -> PortfolioData {
    data(
        Some("2026-Q2"),
        vec![
            top("grow", json!({ "theme": "market expansion" })),
            top("lean", json!({})),
        ],
        vec![
            pkr(
                "atlas-arr",
                "atlas",
                &["o:grow"],
                merge(increase("arr"), claims(&[("data-team", "2026-05")])),
            ),
            pkr(
                "lens-arr",
                "lens",
                &["o:grow"],
                merge(
                    merge(increase("arr"), claims(&[("data-team", "2026-Q2")])),
                    json!({ "deadline": "2026-06-30" }),
                ),
            ),
        ],
    )
}

#[test]
fn every_finding_names_its_ids() {
    let report = cascade_draft(&everything()).unwrap();
    let lines: Vec<String> = report.to_string().lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        vec![
            "cascade check of 2026-Q2: 1 gap(s), 1 redundancy(ies), 1 conflict(s), 0 goal(s) that do not add up, 3 of 4 goal(s) fail the SMART check",
            r#"gap: no product's key result reaches portfolio objective "lean""#,
            r#"redundancy: key results "atlas-arr", "lens-arr" of products "atlas", "lens" all measure metric "arr" under objective "grow""#,
            r#"conflict: key result "atlas-arr" (product "atlas", 2026-05) and key result "lens-arr" (product "lens", 2026-Q2) both claim resource "data-team" in 2026-05"#,
            // "grow" is only two products' ARR targets: a scorecard (seed 001).
            r#"scorecard, not alignment: portfolio objective "grow" is only products "atlas", "lens" each hitting their own "arr" target, with no cross-cutting key result of its own"#,
            // Two portfolio objectives: below the seeds' 3-5.
            "warning: 2 portfolio objective(s): fewer than 3, the seeds' 3-5 portfolio goals",
            r#"objective "grow" fails the SMART check: not time-bound: no deadline"#,
            r#"objective "lean" fails the SMART check: not measurable: no target of its own; not time-bound: no deadline; not relevant: no strategic theme and no parent to ladder up to; not cross-cutting: no product contributes (a goal one team can reach alone is a product goal)"#,
            r#"key result "atlas-arr" fails the SMART check: not time-bound: no deadline"#,
        ]
    );
    // The remaining messages, one per kind of failure.
    let cases = [
        (
            SmartFailure::NoBaseline {
                metric: MetricId::new("uptime").unwrap(),
                goal: Goal::StayBelow { threshold: d("1") },
            },
            r#"not measurable: its target on metric "uptime" is stay_below, which has no baseline"#,
        ),
        (
            SmartFailure::UnmeasurableContributors {
                contributors: vec![oid("win"), kid("nps")],
            },
            r#"not measurable: contributors without a measure: objective "win", key result "nps""#,
        ),
        (
            SmartFailure::DeadlineOutsidePeriod {
                deadline: date("2026-07-01"),
                period: period("2026-Q2"),
            },
            "not time-bound: deadline 2026-07-01 is outside the period 2026-Q2",
        ),
        (
            SmartFailure::FewProducts {
                products: vec![product("atlas")],
            },
            r#"not cross-cutting: only product "atlas" contributes (a goal one team can reach alone is a product goal)"#,
        ),
    ];
    for (failure, message) in cases {
        assert_eq!(failure.to_string(), message);
    }
}

/// Two reasons for one criterion share its clause.
#[test]
fn a_check_names_each_failed_criterion_once() {
    let check = SmartCheck {
        node: oid("platform"),
        level: Level::PortfolioObjective,
        measurable: false,
        time_bound: false,
        achievable: true,
        relevant: true,
        cross_cutting: Some(true),
        failures: vec![
            SmartFailure::NoTarget,
            SmartFailure::UnmeasurableContributors {
                contributors: vec![oid("atlas-win"), kid("nps")],
            },
            SmartFailure::NoDeadline,
        ],
    };
    assert_eq!(
        check.to_string(),
        r#"objective "platform" fails the SMART check: not measurable: no target of its own and contributors without a measure: objective "atlas-win", key result "nps"; not time-bound: no deadline"#
    );
}

#[cfg(feature = "schemars")]
#[test]
fn report_serializes_to_json_and_has_a_schema() {
    // The report is output only: it serializes, and is not read back (an output that
    // deserialized would have to validate like an input).
    let report = cascade_draft(&everything()).unwrap();
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["period"], json!("2026-Q2"));
    assert_eq!(value["conflicts"][0]["overlap"], json!("2026-05"));
    assert_eq!(value["smart"][1]["failures"][0], json!("no_target"));
    let schema = serde_json::to_string(&CascadeReport::json_schema()).unwrap();
    for word in [
        "gaps",
        "redundancies",
        "conflicts",
        "smart",
        "cross_cutting",
        "few_products",
    ] {
        assert!(schema.contains(word), "schema lacks {word}");
    }
}

#[test]
fn a_clean_report_is_clean_and_a_default_one_too() {
    assert!(CascadeReport::default().is_clean());
    let report = cascade_draft(&everything()).unwrap();
    assert!(!report.is_clean());
    assert_eq!(report.smart_failures().count(), 3);
    assert!(report.smart_check(&kid("nope")).is_none());
}

/// One finding of any kind, alone, makes a report unclean.
#[test]
fn is_clean_table() {
    let deadline = json!({ "deadline": "2026-06-30" });
    let clean = cascade_draft(&data(
        Some("2026-Q2"),
        vec![top(
            "grow",
            merge(json!({ "theme": "market expansion" }), deadline.clone()),
        )],
        vec![
            pkr(
                "a",
                "atlas",
                &["o:grow"],
                merge(increase("arr"), deadline.clone()),
            ),
            pkr("l", "lens", &["o:grow"], merge(increase("nps"), deadline)),
        ],
    ))
    .unwrap();
    assert!(clean.is_clean(), "{clean}");
    let claimant = |k: &str, p: &str| Claimant {
        key_result: krid(k),
        product: product(p),
        period: period("2026-05"),
    };
    let edits: Vec<(&str, Box<dyn Fn(&mut CascadeReport)>)> = vec![
        (
            "a gap",
            Box::new(|r| {
                r.gaps.push(Gap {
                    objective: obj("grow"),
                });
            }),
        ),
        (
            "a redundancy",
            Box::new(|r| {
                r.redundancies.push(Redundancy {
                    objective: obj("grow"),
                    metric: MetricId::new("arr").unwrap(),
                    key_results: vec![krid("a"), krid("l")],
                    products: vec![product("atlas"), product("lens")],
                });
            }),
        ),
        (
            "a conflict",
            Box::new(move |r| {
                r.conflicts.push(Conflict {
                    resource: ResourceId::new("data-team").unwrap(),
                    first: claimant("a", "atlas"),
                    second: claimant("l", "lens"),
                    overlap: period("2026-05"),
                });
            }),
        ),
        (
            "a goal not measurable",
            Box::new(|r| r.smart[0].measurable = false),
        ),
        (
            "a goal not time-bound",
            Box::new(|r| r.smart[1].time_bound = false),
        ),
        (
            "a goal not relevant",
            Box::new(|r| r.smart[2].relevant = false),
        ),
        (
            "a portfolio goal not cross-cutting",
            Box::new(|r| r.smart[0].cross_cutting = Some(false)),
        ),
    ];
    for (name, edit) in edits {
        let mut report = clean.clone();
        edit(&mut report);
        assert!(!report.is_clean(), "{name}");
    }
    // A goal that is not a portfolio objective has no cross-cutting to fail.
    assert_eq!(clean.smart[1].cross_cutting, None);
}
