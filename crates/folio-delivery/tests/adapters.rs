//! The adapters on the hand-made sample exports in `tests/data/` and on bad input.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and the Little's-law check is f64
// arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]
// Each test needs its adapter's feature; with some features off, shared helpers go
// unused.
#![cfg_attr(
    not(all(feature = "jira", feature = "linear", feature = "csv")),
    allow(unused_imports, dead_code)
)]

mod common;

use std::collections::BTreeMap;

use common::day;
use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};
use folio_delivery::{Error, Flow, Scope, Window, Workflow};
use folio_types::KeyResultId;

const JIRA: &str = include_str!("data/jira_search.json");
const LINEAR: &str = include_str!("data/linear_issues.json");

fn kr(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn jira_config() -> ImportConfig {
    ImportConfig::new(
        vec![
            KrLink::LabelPrefix("kr:".into()),
            KrLink::Field("/fields/customfield_10042".into()),
            KrLink::Parent {
                field: None,
                keys: BTreeMap::from([("ATL-100".to_owned(), kr("activation-7d"))]),
            },
        ],
        ProductFrom::Project,
    )
    .unwrap()
}

#[cfg(feature = "jira")]
#[test]
fn jira_sample_reads_maps_and_measures() {
    use folio_delivery::adapter::jira;
    let items = jira::parse(JIRA, &jira_config()).unwrap();
    assert_eq!(items.len(), 5);
    let by_id = |id: &str| items.iter().find(|i| i.id == id).unwrap();
    // Label and parent both name activation-7d: one link. The custom field names NRR.
    assert_eq!(by_id("ATL-101").key_results, [kr("activation-7d")]);
    assert_eq!(by_id("ATL-103").key_results, [kr("activation-7d")]);
    assert_eq!(by_id("ATL-104").key_results, [kr("expansion-nrr")]);
    assert_eq!(by_id("ATL-104").kind, "Feature");
    assert_eq!(by_id("ATL-101").product.as_ref().unwrap().as_str(), "ATL");
    // Non-status history items (the assignee change) are skipped.
    assert_eq!(by_id("ATL-101").transitions.len(), 3);
    assert_eq!(
        by_id("ATL-101").resolved,
        Some(common::at("2026-11-06T16:40:00"))
    );

    let workflow = Workflow::standard();
    let mapping = workflow.map(&items).unwrap();
    // "Blocked" is no stage's status: reported, with the item.
    assert_eq!(mapping.unmapped.len(), 1);
    assert_eq!(
        (
            mapping.unmapped[0].item.as_str(),
            mapping.unmapped[0].status.as_str()
        ),
        ("ATL-102", "Blocked")
    );
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let cycle: Vec<(String, i64)> = flow
        .cycle_times(november)
        .into_iter()
        .map(|t| (t.id, t.days))
        .collect();
    // ATL-101: committed 2 Nov, done 6 Nov; ATL-102: committed (skipped, takes In
    // Progress) 4 Nov, done 13 Nov; ATL-104: 16 to 20 Nov. ATL-103 was reopened on
    // 18 Nov, so it is not done.
    assert_eq!(
        cycle,
        [
            ("ATL-101".into(), 4),
            ("ATL-102".into(), 9),
            ("ATL-104".into(), 4)
        ]
    );
    let ageing = flow.ageing_wip(day("2026-11-30"));
    assert_eq!(ageing.len(), 1);
    assert_eq!((ageing[0].id.as_str(), ageing[0].age_days), ("ATL-103", 20));
}

#[cfg(feature = "linear")]
#[test]
fn linear_sample_reads_maps_and_measures() {
    use folio_delivery::adapter::linear;
    let config = ImportConfig::new(
        vec![
            KrLink::LabelPrefix("kr:".into()),
            KrLink::Parent {
                field: None,
                keys: BTreeMap::from([("NOR-20".to_owned(), kr("expansion-nrr"))]),
            },
        ],
        ProductFrom::Project,
    )
    .unwrap();
    let items = linear::parse(LINEAR, &config).unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i.key_results == [kr("expansion-nrr")]));
    assert!(
        items
            .iter()
            .all(|i| i.product.as_ref().unwrap().as_str() == "NOR")
    );
    // History entries without a state change are skipped.
    assert_eq!(items[0].transitions.len(), 3);

    let workflow = Workflow::standard();
    let mapping = workflow.map(&items).unwrap();
    // Canceled is deliberately unmapped in the standard workflow.
    assert_eq!(mapping.unmapped_statuses().get("Canceled"), Some(&1));
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let cycle: Vec<i64> = flow.cycle_times(november).iter().map(|t| t.days).collect();
    assert_eq!(cycle, [7]); // NOR-21: 2 to 9 November
    assert_eq!(flow.wip_on(day("2026-11-30")), 1); // NOR-22
}

#[cfg(feature = "jira")]
#[test]
fn jira_errors_name_the_issue_and_field() {
    use folio_delivery::adapter::jira;
    let config = ImportConfig::labels();
    let cases = [
        (r#"{"issues":[{"fields":{}}]}"#, "issues[0]", "key"),
        (
            r#"{"issues":[{"key":"X-1","fields":{"created":"soon","status":{"name":"To Do"}}}]}"#,
            "X-1",
            "fields.created",
        ),
        (
            r#"{"issues":[{"key":"X-2","fields":{"created":"2026-11-01T00:00:00.000+0000"}}]}"#,
            "X-2",
            "fields.status.name",
        ),
        (
            r#"{"issues":[{"key":"X-3","fields":{"created":"2026-11-01T00:00:00.000+0000","status":{"name":"To Do"}},
                "changelog":{"histories":[{"created":"2026-11-02T00:00:00.000+0000","items":[{"field":"status","fromString":"To Do"}]}]}}]}"#,
            "X-3",
            "changelog.histories[0].items[0].toString",
        ),
        (
            r#"{"issues":[{"key":"X-4","fields":{"created":"2026-11-01T00:00:00.000+0000","status":{"name":"To Do"},"labels":["kr:"]}}]}"#,
            "",
            "",
        ),
        (
            r#"{"issues":[{"key":"X-5","fields":{"created":"2026-11-01T00:00:00.000+0000","status":{"name":"To Do"},"labels":["kr:a\u0007b"]}}]}"#,
            "X-5",
            "labels",
        ),
    ];
    for (json, item, field) in cases {
        match jira::parse(json, &config) {
            Err(Error::Field {
                item: i, field: f, ..
            }) => {
                assert_eq!((i.as_str(), f.as_str()), (item, field), "{json}");
            }
            Ok(_) if item.is_empty() => {} // an empty `kr:` label names nothing
            other => panic!("{json}: {other:?}"),
        }
    }
    assert!(matches!(
        jira::parse("[]", &config),
        Err(Error::Parse { format: "jira", .. })
    ));
    assert!(matches!(
        jira::parse("{", &config),
        Err(Error::Parse { .. })
    ));
}

#[cfg(feature = "linear")]
#[test]
fn linear_errors_name_the_issue_and_field() {
    use folio_delivery::adapter::linear;
    let config = ImportConfig::labels();
    let err = linear::parse(
        r#"[{"identifier":"N-1","createdAt":"2026-11-01T00:00:00Z","state":{"name":"Todo"},
             "history":[{"createdAt":"never","toState":{"name":"Done"}}]}]"#,
        &config,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "item \"N-1\" field history[0].createdAt: not a date or timestamp: \"never\""
    );
    assert!(matches!(
        linear::parse(r#"{"data":{}}"#, &config),
        Err(Error::Parse {
            format: "linear",
            ..
        })
    ));
}

#[cfg(feature = "csv")]
#[test]
fn csv_in_both_layouts_gives_the_same_timelines() {
    use folio_delivery::adapter::csv::{CsvStatuses, parse};
    let per_item = "id,type,product,key_results,created,started,done\n\
                    F-1,Feature,atlas,kr3,2026-11-02,2026-11-03,2026-11-09\n\
                    F-2,Feature,atlas,kr3 kr4,2026-11-04,2026-11-05,\n";
    let per_transition = "id,type,product,key_results,at,from,to\n\
                          F-2,Feature,atlas,kr3 kr4,2026-11-05,Backlog,In Progress\n\
                          F-1,Feature,atlas,kr3,2026-11-09,In Progress,Done\n\
                          F-1,,,,2026-11-03,Backlog,In Progress\n\
                          F-1,,,,2026-11-02,,Backlog\n\
                          F-2,,,,2026-11-04,,Backlog\n";
    let a = parse(per_item, &CsvStatuses::default()).unwrap();
    let b = parse(per_transition, &CsvStatuses::default()).unwrap();
    let workflow = Workflow::standard();
    let ma = workflow.map(&a).unwrap();
    let mb = workflow.map(&b).unwrap();
    let entered = |m: &folio_delivery::Mapping| {
        m.timelines
            .iter()
            .map(|t| (t.id.clone(), t.entered.clone(), t.key_results.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(entered(&ma), entered(&mb));
    assert!(ma.unmapped.is_empty() && mb.unmapped.is_empty());
}

#[cfg(feature = "csv")]
#[test]
fn csv_errors_name_the_item_and_column() {
    use folio_delivery::adapter::csv::{CsvStatuses, parse};
    let s = CsvStatuses::default();
    let cases = [
        (
            "id,created,started,done\nF-1,2026-11-05,2026-11-03,\n",
            "F-1",
            "started",
        ),
        (
            "id,created,started,done\nF-1,2026-11-01,2026-11-03,2026-11-02\n",
            "F-1",
            "done",
        ),
        ("id,created\nF-1,someday\n", "F-1", "created"),
        (
            "id,at,to\nF-1,2026-11-01,Backlog\nF-1,2026-11-02,\n",
            "F-1",
            "to (line 3)",
        ),
        (
            "id,type,at,to\nF-1,Bug,2026-11-01,Backlog\nF-1,Story,2026-11-02,Done\n",
            "F-1",
            "type",
        ),
        (
            "id,created,key_results\nF-1,2026-11-01,bad\u{7}id\n",
            "F-1",
            "key_results",
        ),
    ];
    for (text, item, field) in cases {
        match parse(text, &s) {
            Err(Error::Field {
                item: i, field: f, ..
            }) => {
                assert_eq!((i.as_str(), f.as_str()), (item, field), "{text}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(matches!(
        parse("name,when\nx,y\n", &s),
        Err(Error::Parse { format: "csv", .. })
    ));
}

/// A row's error names the line the row is on, counted by line feeds: after `\r\n`
/// line ends, empty lines and a quoted field spanning two lines alike.
#[cfg(feature = "csv")]
#[test]
fn csv_errors_name_the_line_the_row_is_on() {
    use folio_delivery::adapter::csv::{CsvStatuses, parse};
    let s = CsvStatuses::default();
    for end in ["\n", "\r\n"] {
        for blank in ["", "\n", "\r\n", "\n\n"] {
            for kind in ["Bug", "\"Bug, urgent\"", "\"Bug\nurgent\""] {
                let text = [
                    "id,type,at,to".to_owned(),
                    format!("F-1,{kind},2026-11-01,Backlog"),
                    blank.to_owned(),
                    "F-2,Story,2026-11-02,Doing".to_owned(),
                    "F-2,Story,2026-11-03,".to_owned(),
                ]
                .iter()
                .filter(|line| !line.is_empty())
                .map(|line| line.trim_end_matches('\n').to_owned())
                .collect::<Vec<_>>()
                .join(end)
                .replacen(&format!("{end}F-2"), &format!("{end}{blank}F-2"), 1);
                let bad = text.rfind("F-2").unwrap();
                let expected = format!("to (line {})", 1 + text[..bad].matches('\n').count());
                match parse(&text, &s) {
                    Err(Error::Field { item, field, .. }) => {
                        assert_eq!(
                            (item.as_str(), field.as_str()),
                            ("F-2", expected.as_str()),
                            "{text:?}"
                        );
                    }
                    other => panic!("{text:?}: {other:?}"),
                }
            }
        }
    }
}
