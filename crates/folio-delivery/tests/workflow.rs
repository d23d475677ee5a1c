//! Workflow mapping: jira-agile-metrics' rules, checked on its own fixtures.
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

mod common;

use common::{at, item, jam_issues, jam_workflow};
use folio_delivery::{Error, Workflow};
use proptest::prelude::*;

/// `cycletime_test.py::test_movement` (jira-agile-metrics, DeloitteDigitalUK): the stage
/// dates of, including A-4 "Moved back" (Build wiped after the move back to
/// Next) and A-3's cycle time of 3 days.
#[test]
fn stage_dates_match_jira_agile_metrics_test_movement() {
    let workflow = jam_workflow();
    let mapping = workflow.map(&jam_issues()).unwrap();
    let dates = |id: &str| {
        let t = mapping.timelines.iter().find(|t| t.id == id).unwrap();
        t.entered
            .iter()
            .map(|e| e.map(|at| at.to_string()))
            .collect::<Vec<_>>()
    };
    let s = |t: &str| Some(t.to_owned());
    // Expected values copied from the test's `data.to_dict('records')`.
    assert_eq!(
        dates("A-1"),
        [s("2018-01-01 01:01:01"), None, None, None, None]
    );
    assert_eq!(
        dates("A-2"),
        [
            s("2018-01-02 01:01:01"),
            s("2018-01-03 01:01:01"),
            None,
            None,
            None
        ]
    );
    assert_eq!(
        dates("A-3"),
        [
            s("2018-01-03 01:01:01"),
            s("2018-01-03 01:01:01"),
            s("2018-01-04 01:01:01"),
            s("2018-01-05 01:01:01"),
            s("2018-01-06 01:01:01")
        ]
    );
    assert_eq!(
        dates("A-4"),
        [
            s("2018-01-04 01:01:01"),
            s("2018-01-04 01:01:01"),
            None,
            None,
            None
        ]
    );
    let a4 = mapping.timelines.iter().find(|t| t.id == "A-4").unwrap();
    assert_eq!(a4.stage, Some(1));
    assert!(mapping.unmapped.is_empty());
}

#[test]
fn a_skipped_stage_takes_the_next_stage_date() {
    // Backlog straight to Build: Committed is back-filled with Build's date (cfd.py's
    // `fillna(method='bfill', axis=1)`); Test and Done stay empty.
    let workflow = jam_workflow();
    let mapping = workflow
        .map(&[item(
            "S-1",
            "2018-01-01T08:00:00",
            "Build",
            &[("2018-01-02T09:00:00", "Backlog", "Build")],
        )])
        .unwrap();
    let t = &mapping.timelines[0];
    assert_eq!(t.entered[1], Some(at("2018-01-02T09:00:00")));
    assert_eq!(t.entered[2], Some(at("2018-01-02T09:00:00")));
    assert_eq!(t.entered[3], None);
    assert_eq!(t.stage, Some(2));
}

#[test]
fn a_revisited_stage_keeps_its_first_entry_and_a_reopened_item_is_done_afresh() {
    let workflow = jam_workflow();
    let mapping = workflow
        .map(&[item(
            "R-1",
            "2018-01-01T08:00:00",
            "Done",
            &[
                ("2018-01-02T09:00:00", "Backlog", "Next"),
                ("2018-01-03T09:00:00", "Next", "Build"),
                ("2018-01-04T09:00:00", "Build", "Done"),
                // Reopened: back to Build, wiping Done; Build keeps 3 January.
                ("2018-01-05T09:00:00", "Done", "Build"),
                ("2018-01-08T09:00:00", "Build", "Done"),
            ],
        )])
        .unwrap();
    let t = &mapping.timelines[0];
    assert_eq!(t.entered[2], Some(at("2018-01-03T09:00:00")));
    // Test was skipped on the second pass: it takes the new Done date.
    assert_eq!(t.entered[3], Some(at("2018-01-08T09:00:00")));
    assert_eq!(t.entered[4], Some(at("2018-01-08T09:00:00")));
}

#[test]
fn unmapped_statuses_are_reported_with_item_and_time() {
    let workflow = jam_workflow();
    let mapping = workflow
        .map(&[item(
            "U-1",
            "2018-01-01T08:00:00",
            "Done",
            &[
                ("2018-01-02T09:00:00", "Backlog", "Blocked"),
                ("2018-01-03T09:00:00", "Blocked", "Done"),
            ],
        )])
        .unwrap();
    assert_eq!(mapping.unmapped.len(), 1);
    assert_eq!(mapping.unmapped[0].item, "U-1");
    assert_eq!(mapping.unmapped[0].status, "Blocked");
    assert_eq!(mapping.unmapped[0].at, at("2018-01-02T09:00:00"));
    assert_eq!(mapping.unmapped_statuses()["Blocked"], 1);
    // The item still reached Done; the stages it skipped take Done's date.
    assert_eq!(mapping.timelines[0].stage, Some(4));
}

#[test]
fn bad_input_names_the_item() {
    let workflow = jam_workflow();
    let early = item(
        "E-1",
        "2018-01-05T08:00:00",
        "Next",
        &[("2018-01-02T09:00:00", "Backlog", "Next")],
    );
    assert!(matches!(
        workflow.map(&[early]),
        Err(Error::Field { item, .. }) if item == "E-1"
    ));
    let twice = [
        item("D-1", "2018-01-01T08:00:00", "Backlog", &[]),
        item("D-1", "2018-01-01T08:00:00", "Backlog", &[]),
    ];
    assert_eq!(
        workflow.map(&twice),
        Err(Error::DuplicateItem { id: "D-1".into() })
    );
}

#[test]
fn invalid_workflows_are_rejected_with_the_reason() {
    use folio_delivery::{Stage, StageKind, WorkflowData};
    let data = |stages: Vec<Stage>| WorkflowData {
        stages,
        cycle_start: None,
        done: None,
        lead_start: Default::default(),
        day_count: Default::default(),
    };
    let cases: Vec<(WorkflowData, &str)> = vec![
        (
            data(vec![Stage::new("Done", StageKind::Done, ["Done"])]),
            "at least two",
        ),
        (
            data(vec![
                Stage::new("A", StageKind::Committed, ["x"]),
                Stage::new("B", StageKind::Done, ["X"]),
            ]),
            "status \"X\" is in stage \"A\" and in stage \"B\"",
        ),
        (
            data(vec![
                Stage::new("Done", StageKind::Done, ["d"]),
                Stage::new("Doing", StageKind::InProgress, ["p"]),
            ]),
            "not before the done stage",
        ),
        (
            data(vec![
                Stage::new("A", StageKind::Backlog, ["a"]),
                Stage::new("B", StageKind::Done, ["b"]),
            ]),
            "no committed or in-progress",
        ),
    ];
    for (data, want) in cases {
        let err = Workflow::new(data).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The mapping does not depend on the order of items or of their (distinctly
    /// dated) transitions.
    #[test]
    fn mapping_is_order_independent(seed in 0_u64..1_000, rotate in 0_usize..4, flip in any::<bool>()) {
        let workflow = jam_workflow();
        let mut items = jam_issues();
        items.push(item("Z-9", "2018-01-01T00:00:00", "Done", &[
            ("2018-01-02T00:00:00", "Backlog", "Blocked"),
            ("2018-01-03T00:00:00", "Blocked", "Build"),
            ("2018-01-04T00:00:00", "Build", "Next"),
            ("2018-01-05T00:00:00", "Next", "Done"),
        ]));
        let want = workflow.map(&items).unwrap();
        let mut shuffled = items.clone();
        shuffled.rotate_left(rotate);
        if flip { shuffled.reverse(); }
        for (i, it) in shuffled.iter_mut().enumerate() {
            let n = it.transitions.len();
            if n > 1 {
                it.transitions.rotate_left(((seed as usize).wrapping_add(i)) % n);
                if seed % 2 == 0 { it.transitions.reverse(); }
            }
        }
        prop_assert_eq!(workflow.map(&shuffled).unwrap(), want);
    }
}
