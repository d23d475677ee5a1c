//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with cases
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;

use common::{day, item};
use folio_delivery::stats::nearest_rank;
use folio_delivery::{
    DayCount, Flow, FlowReport, Forecast, Interval, LeadStart, OutcomePolicy, Scope, Stage,
    StageKind, Window, WorkItem, Workflow, WorkflowData, when_done,
};
use rust_decimal::Decimal;

/// Three stories created on 1 November 2026 at 08:00: A in progress from the 2nd and
/// done on the 5th, B in progress from the 3rd and done on the 4th, C in progress from
/// the 4th and not done.
fn three_stories() -> Vec<WorkItem> {
    let created = "2026-11-01T08:00:00";
    let start = |at| (at, "To Do", "In Progress");
    let finish = |at| (at, "In Progress", "Done");
    vec![
        item(
            "A",
            created,
            "Done",
            &[start("2026-11-02T09:00:00"), finish("2026-11-05T17:00:00")],
        ),
        item(
            "B",
            created,
            "Done",
            &[start("2026-11-03T09:00:00"), finish("2026-11-04T17:00:00")],
        ),
        item("C", created, "In Progress", &[start("2026-11-04T09:00:00")]),
    ]
}

/// Each scope keeps exactly the items its documentation names: one product, a set of
/// products, one key result, or one type (case-insensitive).
#[test]
fn scopes_select_the_items_they_name() {
    let changes = [("2026-11-02T09:00:00", "To Do", "In Progress")];
    let mut atlas = item("A", "2026-11-01T08:00:00", "In Progress", &changes);
    atlas.product = Some("atlas".parse().unwrap());
    atlas.key_results = vec!["kr3".parse().unwrap()];
    let mut lens = item("B", "2026-11-01T08:00:00", "In Progress", &changes);
    lens.product = Some("lens".parse().unwrap());
    lens.kind = "Bug".into();
    // No product, no key result.
    let loose = item("C", "2026-11-01T08:00:00", "In Progress", &changes);
    let workflow = Workflow::standard();
    let mapping = workflow.map(&[atlas, lens, loose]).unwrap();
    let ids = |scope: &Scope| -> Vec<&str> {
        mapping
            .timelines
            .iter()
            .filter(|t| scope.contains(t))
            .map(|t| t.id.as_str())
            .collect()
    };
    let products =
        |names: &[&str]| -> BTreeSet<_> { names.iter().map(|n| n.parse().unwrap()).collect() };
    assert_eq!(ids(&Scope::All), ["A", "B", "C"]);
    assert_eq!(ids(&Scope::Product("atlas".parse().unwrap())), ["A"]);
    assert_eq!(ids(&Scope::Product("lens".parse().unwrap())), ["B"]);
    assert!(ids(&Scope::Product("zeus".parse().unwrap())).is_empty());
    assert_eq!(
        ids(&Scope::Products(products(&["atlas", "lens"]))),
        ["A", "B"]
    );
    assert_eq!(ids(&Scope::Products(products(&["lens", "zeus"]))), ["B"]);
    assert!(ids(&Scope::Products(products(&[]))).is_empty());
    assert_eq!(ids(&Scope::KeyResult("kr3".parse().unwrap())), ["A"]);
    assert!(ids(&Scope::KeyResult("kr4".parse().unwrap())).is_empty());
    assert_eq!(ids(&Scope::Kind("story".into())), ["A", "C"]);
    assert_eq!(ids(&Scope::Kind("BUG".into())), ["B"]);

    // A flow holds the timelines of its scope, in the order given.
    let flow_ids = |scope: &Scope| -> Vec<String> {
        Flow::new(&workflow, &mapping, scope)
            .timelines()
            .iter()
            .map(|t| t.id.clone())
            .collect()
    };
    assert_eq!(flow_ids(&Scope::All), ["A", "B", "C"]);
    assert_eq!(flow_ids(&Scope::Kind("story".into())), ["A", "C"]);
}

/// WIP at the end of a day counts the items started on or before it and not done by
/// it: none on the 1st, A on the 2nd, A and B on the 3rd, A and C on the 4th (B is done
/// that day), C alone from the 5th.
#[test]
fn wip_counts_items_started_and_not_yet_done() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&three_stories()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let wip: Vec<u64> = [
        "2026-11-01",
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
    ]
    .iter()
    .map(|d| flow.wip_on(day(d)))
    .collect();
    assert_eq!(wip, [0, 1, 2, 2, 1]);
    // The daily series says the same, also when the window ends on the day an item
    // starts (C on the 4th, A on the 2nd).
    let window = |to: &str| Window::new(day("2026-11-01"), day(to)).unwrap();
    assert_eq!(flow.daily_wip(window("2026-11-07")), [0, 1, 2, 2, 1, 1, 1]);
    assert_eq!(flow.daily_wip(window("2026-11-04")), [0, 1, 2, 2]);
    assert_eq!(flow.daily_wip(window("2026-11-02")), [0, 1]);
    // From the 5th: B finished before the window and A on its first day, so only C.
    let late = Window::new(day("2026-11-05"), day("2026-11-07")).unwrap();
    assert_eq!(flow.daily_wip(late), [1, 1, 1]);
    // Bucketed WIP is the WIP at the end of each bucket's last day.
    let counts = |window: Window, interval| -> Vec<(String, String, u64)> {
        flow.wip(window, interval)
            .into_iter()
            .map(|c| (c.from.to_string(), c.to.to_string(), c.count))
            .collect()
    };
    let bucket = |from: &str, to: &str, count| (from.to_owned(), to.to_owned(), count);
    assert_eq!(
        counts(window("2026-11-04"), Interval::Week),
        [bucket("2026-11-01", "2026-11-04", 2)]
    );
    assert_eq!(
        counts(window("2026-11-10"), Interval::Week),
        [
            bucket("2026-11-01", "2026-11-07", 1),
            bucket("2026-11-08", "2026-11-10", 1)
        ]
    );
    assert_eq!(
        counts(window("2026-11-03"), Interval::Day),
        [
            bucket("2026-11-01", "2026-11-01", 0),
            bucket("2026-11-02", "2026-11-02", 1),
            bucket("2026-11-03", "2026-11-03", 2)
        ]
    );
}

/// Ageing WIP lists the items in progress at the end of `as_of`, oldest first, with
/// the stage they are in and the days since they started.
#[test]
fn ageing_wip_by_hand() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&three_stories()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let ageing = |as_of: &str| -> Vec<(String, String, i64)> {
        flow.ageing_wip(day(as_of))
            .into_iter()
            .map(|a| (a.id, a.stage, a.age_days))
            .collect()
    };
    let row = |id: &str, age| (id.to_owned(), "In Progress".to_owned(), age);
    // On the 4th: A started on the 2nd (2 days), B finished that day, C started that day.
    assert_eq!(ageing("2026-11-04"), [row("A", 2), row("C", 0)]);
    // On the 5th A is done too.
    assert_eq!(ageing("2026-11-05"), [row("C", 1)]);
    // On the 1st nothing has started.
    assert!(ageing("2026-11-01").is_empty());
}

/// The CFD counts, per stage and day, the items that have reached the stage by the end
/// of that day; entries after the window do not count in it.
#[test]
fn cfd_ignores_entries_after_the_window() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&three_stories()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let cfd = flow.cfd(Window::new(day("2026-11-01"), day("2026-11-03")).unwrap());
    let column = |stage: &str| -> Vec<u64> {
        let index = cfd.stages.iter().position(|s| s == stage).unwrap();
        cfd.days.iter().map(|d| d.cumulative[index]).collect()
    };
    // A entered In Progress on the 2nd, B on the 3rd (the window's last day), C on the
    // 4th (after it); nothing is done before the 4th.
    assert_eq!(column("In Progress"), [0, 1, 2]);
    assert_eq!(column("Done"), [0, 0, 0]);
}

/// Lead time runs from creation (the default lead start) to done, cycle time from the
/// start of work to done, both in elapsed calendar days: A took 4 days from creation
/// (1st to 5th) and 3 from its start (2nd to 5th); B took 3 (1st to 4th) and 1 (3rd to
/// 4th). C is not done and counts in neither.
#[test]
fn report_lead_and_cycle_times_by_hand() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&three_stories()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let week = Window::new(day("2026-11-01"), day("2026-11-07")).unwrap();
    let report = FlowReport::build("all", &flow, week, Interval::Week).unwrap();
    let lead = report.lead_time.unwrap();
    assert_eq!((lead.count, lead.min, lead.max), (2, 3, 4));
    assert_eq!(lead.mean, Decimal::new(35, 1));
    let cycle = report.cycle_time.unwrap();
    assert_eq!((cycle.count, cycle.min, cycle.max), (2, 1, 3));
    assert_eq!(cycle.mean, Decimal::from(2));
    // A window that ends before anything is done has no times at all.
    let early = Window::new(day("2026-11-01"), day("2026-11-03")).unwrap();
    let report = FlowReport::build("all", &flow, early, Interval::Day).unwrap();
    assert_eq!(report.lead_time, None);
    assert_eq!(report.cycle_time, None);
}

/// The report's summary sentence in each of its forms: how many finished (singular and
/// plural, or nothing), the cycle-time percentiles, the oldest item in progress (or
/// none), and whether WIP grew, shrank or held.
#[test]
fn report_summary_in_each_form() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&three_stories()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let summary = |from: &str, to: &str| {
        let window = Window::new(day(from), day(to)).unwrap();
        FlowReport::build("all", &flow, window, Interval::Week)
            .unwrap()
            .summary
    };
    // Week of the 1st: A (3 cycle days) and B (1) finished; nearest rank of [1, 3]:
    // p85 is the 2nd value, the median the 1st. C (started on the 4th) is 3 days old on
    // the 7th. Three started, two finished.
    assert_eq!(
        summary("2026-11-01", "2026-11-07"),
        "all: 2 items finished between 2026-11-01 and 2026-11-07; 85% took 3 days or fewer \
         to cycle through (median 1); 1 in progress on 2026-11-07, the oldest C at 3 days in \
         In Progress; 1 more started than finished, so WIP grew."
    );
    // The 5th to the 7th: only A finished (3 days), nothing started.
    assert_eq!(
        summary("2026-11-05", "2026-11-07"),
        "all: 1 item finished between 2026-11-05 and 2026-11-07; 85% took 3 days or fewer \
         to cycle through (median 3); 1 in progress on 2026-11-07, the oldest C at 3 days in \
         In Progress; 1 more finished than started, so WIP shrank."
    );
    // The 1st alone: the items exist but nothing has started or finished.
    assert_eq!(
        summary("2026-11-01", "2026-11-01"),
        "all: nothing finished between 2026-11-01 and 2026-11-01; nothing in progress on \
         2026-11-01; arrivals matched departures."
    );
}

/// A completion trial runs at most `max_days` days, the start day being the first.
/// With exactly one item finished every day every trial is the same: 3 items take
/// ⌈3 / 1⌉ = 3 days, so a 2-day limit leaves every trial unfinished and a 3-day limit
/// finishes every trial on the third day.
#[test]
fn completion_forecast_respects_max_days() {
    let start = day("2026-11-02");
    let forecast = Forecast {
        trials: 50,
        seed: 7,
    };
    let short = when_done(&[1], start, 3, 2, forecast).unwrap();
    assert_eq!(short.unfinished, 50);
    assert_eq!((short.at_50, short.at_85, short.at_95), (None, None, None));
    let enough = when_done(&[1], start, 3, 3, forecast).unwrap();
    assert_eq!(enough.unfinished, 0);
    let third = Some(day("2026-11-04"));
    assert_eq!(
        (enough.at_50, enough.at_85, enough.at_95),
        (third, third, third)
    );
}

/// A tolerance is a magnitude: zero and positive are valid, negative is not.
#[test]
fn outcome_tolerance_must_not_be_negative() {
    let policy = |tolerance: &str| OutcomePolicy::new(tolerance.parse().unwrap());
    assert_eq!(policy("0").unwrap().tolerance(), Decimal::ZERO);
    assert_eq!(
        policy("0.5").unwrap().tolerance(),
        "0.5".parse::<Decimal>().unwrap()
    );
    let err = policy("-0.01").unwrap_err();
    assert!(err.to_string().contains("tolerance"), "{err}");
}

/// The nearest-rank percentiles of Wikipedia's worked example ("Percentile", the
/// nearest-rank method): of 15, 20, 35, 40 and 50, the 5th percentile is 15, the 30th
/// and 40th are 20, the 50th is 35 and the 100th is 50. The 0th is the minimum, and a
/// percentile outside 0..=1 is an error.
#[test]
fn nearest_rank_matches_the_published_example() {
    let list = [15, 20, 35, 40, 50];
    let at = |p: &str| nearest_rank(&list, p.parse().unwrap());
    for (p, value) in [
        ("0", 15),
        ("0.05", 15),
        ("0.3", 20),
        ("0.4", 20),
        ("0.5", 35),
        ("1", 50),
    ] {
        assert_eq!(at(p).unwrap(), Some(value), "p = {p}");
    }
    for p in ["-0.01", "1.01"] {
        let err = at(p).unwrap_err();
        assert!(err.to_string().contains("percentile"), "{p}: {err}");
    }
}

/// A workflow's lead start and day count are used as configured: lead time from
/// entering "Doing" and days counted inclusively. Item X was created on 1 November,
/// entered Ready (the commitment point) on the 3rd, Doing on the 6th and Done on the
/// 10th: lead time 6th..=10th is 5 days, cycle time 3rd..=10th is 8 days.
#[test]
fn configured_lead_start_and_inclusive_days() {
    let workflow = Workflow::new(WorkflowData {
        stages: vec![
            Stage::new("Backlog", StageKind::Backlog, ["To Do"]),
            Stage::new("Ready", StageKind::Committed, ["Ready"]),
            Stage::new("Doing", StageKind::InProgress, ["In Progress"]),
            Stage::new("Done", StageKind::Done, ["Done"]),
        ],
        cycle_start: None,
        done: None,
        lead_start: LeadStart::Stage("Doing".into()),
        day_count: DayCount::Inclusive,
    })
    .unwrap();
    assert_eq!(workflow.lead_start(), Some(2));
    assert_eq!(workflow.day_count(), DayCount::Inclusive);
    let x = item(
        "X",
        "2026-11-01T08:00:00",
        "Done",
        &[
            ("2026-11-03T09:00:00", "To Do", "Ready"),
            ("2026-11-06T09:00:00", "Ready", "In Progress"),
            ("2026-11-10T17:00:00", "In Progress", "Done"),
        ],
    );
    let mapping = workflow.map(&[x]).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let report = FlowReport::build("x", &flow, november, Interval::Month).unwrap();
    let lead = report.lead_time.unwrap();
    assert_eq!((lead.count, lead.min, lead.max), (1, 5, 5));
    let cycle = report.cycle_time.unwrap();
    assert_eq!((cycle.count, cycle.min, cycle.max), (1, 8, 8));
}

/// A CSV header with an `id` but neither `created` (one row per item) nor `at` and `to`
/// (one row per transition) fits no layout: a parse error that says what the header
/// needs, whatever the rows hold.
#[cfg(feature = "csv")]
#[test]
fn csv_without_a_layout_is_a_header_error() {
    let err = folio_delivery::adapter::csv::parse(
        "id,type\nA-1,Story\n",
        &folio_delivery::adapter::csv::CsvStatuses::default(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("`created` (one row per item) or `at` and `to`"),
        "{message}"
    );
}

/// One row per item: an item may start and finish on the day it was created (the
/// dates must not go backwards, equal is fine), its product is read, and a done date
/// before the creation date is an error naming the item and the column.
#[cfg(feature = "csv")]
#[test]
fn csv_rows_on_one_day_are_valid_and_backwards_dates_are_not() {
    use folio_delivery::adapter::csv::{CsvStatuses, parse};
    let header = "id,type,product,key_results,created,started,done\n";
    let text = format!(
        "{header}X,Story,atlas,kr3,2026-11-02,2026-11-02,2026-11-02\n\
         Y,Story,,,2026-11-02,,2026-11-02\n"
    );
    let items = parse(&text, &CsvStatuses::default()).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].id, "X");
    assert_eq!(items[0].product, Some("atlas".parse().unwrap()));
    assert_eq!(items[0].status, "Done");
    assert_eq!(items[1].product, None);
    assert_eq!(items[1].status, "Done");
    let backwards = format!("{header}Z,Story,,,2026-11-02,,2026-11-01\n");
    let message = parse(&backwards, &CsvStatuses::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains('Z') && message.contains("done"),
        "{message}"
    );
    assert!(message.contains("before created"), "{message}");
}

/// One row per transition: `type` may be repeated on every row of an item when it is
/// the same value; two different values are an error.
#[cfg(feature = "csv")]
#[test]
fn csv_transition_rows_may_repeat_an_attribute() {
    use folio_delivery::adapter::csv::{CsvStatuses, parse};
    let text = "id,at,from,to,type\n\
                A-1,2026-11-02,To Do,In Progress,Story\n\
                A-1,2026-11-05,In Progress,Done,Story\n";
    let items = parse(text, &CsvStatuses::default()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, "Story");
    assert_eq!(items[0].status, "Done");
    assert_eq!(items[0].transitions.len(), 2);
    let disagree = text.replace("Done,Story", "Done,Bug");
    let message = parse(&disagree, &CsvStatuses::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("rows disagree"), "{message}");
}

/// An `issues` element that is not an object is an error naming its position and the
/// JSON type found, in words.
#[cfg(feature = "jira")]
#[test]
fn jira_issue_of_the_wrong_json_type_is_named() {
    use folio_delivery::adapter::ImportConfig;
    use folio_delivery::adapter::jira;
    for (element, found) in [
        ("null", "found null"),
        ("true", "found a boolean"),
        ("7", "found a number"),
        ("\"PROJ-1\"", "found a string"),
        ("[1]", "found an array"),
    ] {
        let json = format!(r#"{{"issues": [{element}]}}"#);
        let message = jira::parse(&json, &ImportConfig::labels())
            .unwrap_err()
            .to_string();
        assert!(message.contains("issues[0]"), "{element}: {message}");
        assert!(
            message.contains(&format!("expected an issue object, {found}")),
            "{element}: {message}"
        );
    }
    // A field of the wrong type is named the same way.
    let message = jira::parse(
        r#"{"issues": [{"key": {"id": 1}}]}"#,
        &ImportConfig::labels(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("expected a string, found an object"),
        "{message}"
    );
}
