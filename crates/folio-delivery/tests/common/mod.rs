//! Builders shared by the integration tests.
// Each test file uses a different subset; builders of test data may fail loudly (the
// `allow-*-in-tests` settings cover only `#[test]` functions, not helper modules).
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::missing_panics_doc
)]

use chrono::{NaiveDate, NaiveDateTime};
use folio_delivery::{Stage, StageKind, Transition, WorkItem, Workflow, WorkflowData};

pub fn at(text: &str) -> NaiveDateTime {
    text.parse().unwrap()
}

pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// An item with `(timestamp, from, to)` changes.
pub fn item(id: &str, created: &str, status: &str, changes: &[(&str, &str, &str)]) -> WorkItem {
    WorkItem {
        id: id.into(),
        kind: "Story".into(),
        product: None,
        key_results: vec![],
        created: at(created),
        resolved: None,
        status: status.into(),
        transitions: changes
            .iter()
            .map(|(when, from, to)| Transition {
                at: at(when),
                from: Some((*from).into()),
                to: (*to).into(),
            })
            .collect(),
    }
}

/// The workflow of jira-agile-metrics' test fixtures (`conftest.py` settings as used by
/// `cycletime_test.py` and `cfd_test.py`): Backlog, Committed (status `Next`), Build,
/// Test (status `QA`), Done; cycle time from Committed to Done.
pub fn jam_workflow() -> Workflow {
    Workflow::new(WorkflowData {
        stages: vec![
            Stage::new("Backlog", StageKind::Backlog, ["Backlog"]),
            Stage::new("Committed", StageKind::Committed, ["Next"]),
            Stage::new("Build", StageKind::InProgress, ["Build"]),
            Stage::new("Test", StageKind::InProgress, ["QA", "Code review"]),
            Stage::new("Done", StageKind::Done, ["Done"]),
        ],
        cycle_start: None,
        done: None,
        lead_start: Default::default(),
        day_count: Default::default(),
    })
    .unwrap()
}

/// Issues of jira-agile-metrics' `cycletime_test.py` (status changes only;
/// the `Flagged` changes are not modelled here).
pub fn jam_issues() -> Vec<WorkItem> {
    vec![
        item("A-1", "2018-01-01T01:01:01", "Backlog", &[]),
        item(
            "A-2",
            "2018-01-02T01:01:01",
            "Next",
            &[("2018-01-03T01:01:01", "Backlog", "Next")],
        ),
        item(
            "A-3",
            "2018-01-03T01:01:01",
            "Done",
            &[
                ("2018-01-03T01:01:01", "Backlog", "Next"),
                ("2018-01-04T01:01:01", "Next", "Build"),
                ("2018-01-05T01:01:01", "Build", "QA"),
                ("2018-01-06T01:01:01", "QA", "Done"),
            ],
        ),
        item(
            "A-4",
            "2018-01-04T01:01:01",
            "Next",
            &[
                ("2018-01-04T01:01:01", "Backlog", "Next"),
                ("2018-01-05T01:01:01", "Next", "Build"),
                ("2018-01-06T01:01:01", "Build", "Next"),
            ],
        ),
    ]
}

/// An item that entered each stage of `workflow` on the given days (`None` once it
/// stops), through status changes at 09:00 to the stage's first status.
pub fn staged(workflow: &Workflow, id: &str, days: &[Option<NaiveDate>]) -> WorkItem {
    let stages = workflow.stages();
    let reached: Vec<(usize, NaiveDate)> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        .collect();
    let (first, created) = reached[0];
    let status_of = |i: usize| stages[i].statuses[0].clone();
    let mut transitions = Vec::new();
    let mut previous = first;
    for &(i, d) in &reached[1..] {
        transitions.push(Transition {
            at: d.and_hms_opt(9, 0, 0).unwrap(),
            from: Some(status_of(previous)),
            to: status_of(i),
        });
        previous = i;
    }
    WorkItem {
        id: id.into(),
        kind: "Story".into(),
        product: None,
        key_results: vec![],
        created: created.and_hms_opt(8, 0, 0).unwrap(),
        resolved: None,
        status: status_of(previous),
        transitions,
    }
}
