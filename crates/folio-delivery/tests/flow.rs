//! Flow metrics: worked examples from jira-agile-metrics' published tests, and the
//! invariants (CFD, Little's law, order independence) as properties.
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

use chrono::{Days, NaiveDate};
use common::{day, item, jam_issues, jam_workflow, staged};
use folio_delivery::stats::time_stats;
use folio_delivery::{Flow, FlowReport, Interval, Scope, Window, WorkItem, Workflow};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn window(from: &str, to: &str) -> Window {
    Window::new(day(from), day(to)).unwrap()
}

/// `cfd_test.py::test_calculate_cfd` (jira-agile-metrics): the CFD of issues
/// from 1 to 6 January 2018. Expected rows copied from the test (columns Backlog,
/// Committed, Build, Test, Done).
#[test]
fn cfd_matches_jira_agile_metrics_test_calculate_cfd() {
    let workflow = jam_workflow();
    let mapping = workflow.map(&jam_issues()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let cfd = flow.cfd(window("2018-01-01", "2018-01-06"));
    assert_eq!(
        cfd.stages,
        ["Backlog", "Committed", "Build", "Test", "Done"]
    );
    let rows: Vec<Vec<u64>> = cfd.days.iter().map(|d| d.cumulative.clone()).collect();
    assert_eq!(
        rows,
        [
            [1, 0, 0, 0, 0],
            [2, 0, 0, 0, 0],
            [3, 2, 0, 0, 0],
            [4, 3, 1, 0, 0],
            [4, 3, 1, 1, 0],
            [4, 3, 1, 1, 1],
        ]
    );
    // Bands: on 6 January one item in each of Backlog, Committed (A-2, A-4 -> 2), Done.
    assert_eq!(cfd.days[5].bands, [1, 2, 0, 0, 1]);
}

/// Eighteen items whose stage entries reproduce the CFD table that
/// jira-agile-metrics' `netflow_test.py` prints for its `large_cycle_time_results`
/// fixture (1 to 9 January 2018): for each stage, the i-th earliest entry goes to
/// item i.
fn netflow_items(workflow: &Workflow) -> Vec<WorkItem> {
    let d = |n: u32| NaiveDate::from_ymd_opt(2018, 1, n).unwrap();
    let entries: [Vec<NaiveDate>; 5] = [
        [vec![d(1); 16], vec![d(2), d(3)]].concat(),
        [vec![d(2); 9], vec![d(3); 4], vec![d(4), d(5)]].concat(),
        [vec![d(3); 8], vec![d(4); 2], vec![d(5), d(6)]].concat(),
        [vec![d(4); 3], vec![d(5); 5], vec![d(8)]].concat(),
        [vec![d(7); 2], vec![d(8); 2], vec![d(9); 2]].concat(),
    ];
    (0..18)
        .map(|i| {
            let days: Vec<Option<NaiveDate>> = entries.iter().map(|e| e.get(i).copied()).collect();
            staged(workflow, &format!("L-{i:02}"), &days)
        })
        .collect()
}

#[test]
fn net_flow_matches_jira_agile_metrics_test_calculate_net_flow() {
    let workflow = jam_workflow();
    let items = netflow_items(&workflow);
    let mapping = workflow.map(&items).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let w = window("2018-01-01", "2018-01-09");
    // The CFD table printed in the test's fixture comment.
    let cfd: Vec<Vec<u64>> = flow
        .cfd(w)
        .days
        .iter()
        .map(|d| d.cumulative.clone())
        .collect();
    assert_eq!(
        cfd,
        [
            [16, 0, 0, 0, 0],
            [17, 9, 0, 0, 0],
            [18, 13, 8, 0, 0],
            [18, 14, 10, 3, 0],
            [18, 15, 11, 8, 0],
            [18, 15, 12, 8, 0],
            [18, 15, 12, 8, 2],
            [18, 15, 12, 9, 4],
            [18, 15, 12, 9, 6],
        ]
    );
    let net: Vec<(u64, u64, i64)> = flow
        .net_flow(w, Interval::Day)
        .iter()
        .map(|n| (n.arrivals, n.departures, n.net))
        .collect();
    // `test_calculate_net_flow`'s expected arrivals, departures and net flow.
    assert_eq!(
        net,
        [
            (0, 0, 0),
            (9, 0, 9),
            (4, 0, 4),
            (1, 0, 1),
            (1, 0, 1),
            (0, 0, 0),
            (0, 2, -2),
            (0, 2, -2),
            (0, 2, -2),
        ]
    );
    // Throughput is the departures; WIP is Committed minus Done (jira-agile-metrics
    // `wip.py` reads WIP off the CFD the same way).
    let throughput: Vec<u64> = flow.daily_throughput(w);
    assert_eq!(throughput, [0, 0, 0, 0, 0, 0, 2, 2, 2]);
    assert_eq!(flow.daily_wip(w), [0, 9, 13, 14, 15, 15, 13, 11, 9]);
    let weekly: Vec<u64> = flow
        .throughput(w, Interval::Week)
        .iter()
        .map(|c| c.count)
        .collect();
    assert_eq!(weekly, [2, 4]);
}

#[test]
fn net_flow_matches_jira_agile_metrics_with_build_and_test_as_the_points() {
    // `test_calculate_net_flow_different_columns`: committed column Build, done column
    // Test.
    let mut data: folio_delivery::WorkflowData = jam_workflow().into();
    data.cycle_start = Some("Build".into());
    data.done = Some("Test".into());
    let workflow = Workflow::new(data).unwrap();
    let items = netflow_items(&workflow);
    let mapping = workflow.map(&items).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let net: Vec<(u64, u64)> = flow
        .net_flow(window("2018-01-01", "2018-01-09"), Interval::Day)
        .iter()
        .map(|n| (n.arrivals, n.departures))
        .collect();
    assert_eq!(
        net,
        [
            (0, 0),
            (0, 0),
            (8, 0),
            (2, 3),
            (1, 5),
            (1, 0),
            (0, 0),
            (0, 1),
            (0, 0)
        ]
    );
}

#[test]
fn cycle_time_ageing_wip_and_predictability_on_the_fixture() {
    let workflow = jam_workflow();
    let mapping = workflow.map(&jam_issues()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let w = window("2018-01-01", "2018-01-10");
    // Committed 3 January, Done 6 January: 3 days, as `cycletime_test.py` says.
    let cycle = flow.cycle_times(w);
    assert_eq!(cycle.len(), 1);
    assert_eq!((cycle[0].id.as_str(), cycle[0].days), ("A-3", 3));
    // Lead time from creation (3 January 01:01) to Done: also 3 days.
    assert_eq!(flow.lead_times(w)[0].days, 3);
    // Ageing WIP on 10 January (the test's `now`): A-2 since 3 January (7 days), A-4
    // since 4 January (6 days), both in Committed.
    let ageing: Vec<(String, String, i64)> = flow
        .ageing_wip(day("2018-01-10"))
        .into_iter()
        .map(|a| (a.id, a.stage, a.age_days))
        .collect();
    assert_eq!(
        ageing,
        [
            ("A-2".to_owned(), "Committed".to_owned(), 7),
            ("A-4".to_owned(), "Committed".to_owned(), 6)
        ]
    );
    // Predictability for 5-6 January (daily buckets): committed at the start of 5
    // January are, A-4 (A-4 entered on the 4th); A-3 finished on the 6th.
    let p = flow
        .predictability(window("2018-01-05", "2018-01-06"), Interval::Day)
        .unwrap();
    assert_eq!((p[0].committed, p[0].delivered), (3, 0));
    assert_eq!((p[1].committed, p[1].delivered), (3, 1));
    assert_eq!(
        p[1].ratio.map(|r| r.value().round_dp(4)),
        Some(Decimal::new(3333, 4))
    );
}

#[test]
fn percentiles_by_both_methods() {
    // Ten cycle times 1..=10: linear (type 7) p85 = 8 + 0.65 × 1 = 8.65, p95 = 9.55,
    // median 5.5; nearest rank p85 = x(⌈8.5⌉) = x(9) = 9, p95 = x(10) = 10, p50 = x(5) = 5.
    let s = time_stats(&[7, 3, 10, 1, 9, 2, 8, 4, 6, 5])
        .unwrap()
        .unwrap();
    assert_eq!(s.linear.p50, Decimal::new(55, 1));
    assert_eq!(s.linear.p85, Decimal::new(865, 2));
    assert_eq!(s.linear.p95, Decimal::new(955, 2));
    assert_eq!(s.nearest_rank.p50, Decimal::from(5));
    assert_eq!(s.nearest_rank.p85, Decimal::from(9));
    assert_eq!(s.nearest_rank.p95, Decimal::from(10));
    assert_eq!((s.min, s.max, s.count), (1, 10, 10));
}

#[test]
fn report_summary_reads_as_a_sentence() {
    let workflow = jam_workflow();
    let mapping = workflow.map(&jam_issues()).unwrap();
    let flow = Flow::new(&workflow, &mapping, &Scope::All);
    let report = FlowReport::build(
        "team",
        &flow,
        window("2018-01-01", "2018-01-10"),
        Interval::Week,
    )
    .unwrap();
    assert_eq!(
        report.summary,
        "team: 1 item finished between 2018-01-01 and 2018-01-10; 85% took 3 days or fewer \
         to cycle through (median 3); 2 in progress on 2018-01-10, the oldest A-2 at 7 days \
         in Committed; 2 more started than finished, so WIP grew."
    );
}

#[test]
fn month_buckets_follow_the_calendar() {
    let w = window("2026-01-15", "2026-03-10");
    let b: Vec<(String, String)> = w
        .buckets(Interval::Month)
        .iter()
        .map(|b| (b.from().to_string(), b.to().to_string()))
        .collect();
    assert_eq!(
        b,
        [
            ("2026-01-15".into(), "2026-01-31".into()),
            ("2026-02-01".into(), "2026-02-28".into()),
            ("2026-03-01".into(), "2026-03-10".into())
        ]
    );
}

/// Random items on the jam workflow: each enters stages 0..=k on non-decreasing days.
fn items_strategy() -> impl Strategy<Value = Vec<WorkItem>> {
    let workflow = jam_workflow();
    prop::collection::vec(
        (0_u64..40, prop::collection::vec(0_u64..6, 5), 0_usize..5),
        1..40,
    )
    .prop_map(move |specs| {
        let base = day("2026-01-01");
        specs
            .iter()
            .enumerate()
            .map(|(i, (start, gaps, last))| {
                let mut d = base.checked_add_days(Days::new(*start)).unwrap();
                let days: Vec<Option<NaiveDate>> = (0..5)
                    .map(|s| {
                        if s > *last {
                            return None;
                        }
                        if s > 0 {
                            d = d.checked_add_days(Days::new(gaps[s])).unwrap();
                        }
                        Some(d)
                    })
                    .collect();
                staged(&workflow, &format!("P-{i:03}"), &days)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// CFD lines never decrease; bands are never negative and sum to the items seen by
    /// that day.
    #[test]
    fn cfd_lines_never_decrease_and_bands_sum_to_items_seen(items in items_strategy()) {
        let workflow = jam_workflow();
        let mapping = workflow.map(&items).unwrap();
        let flow = Flow::new(&workflow, &mapping, &Scope::All);
        let w = window("2026-01-01", "2026-03-31");
        let cfd = flow.cfd(w);
        for pair in cfd.days.windows(2) {
            for (a, b) in pair[0].cumulative.iter().zip(&pair[1].cumulative) {
                prop_assert!(a <= b);
            }
        }
        for row in &cfd.days {
            let seen = mapping.timelines.iter().filter(|t| t.created.date() <= row.date).count() as u64;
            prop_assert_eq!(row.bands.iter().sum::<u64>(), seen);
            prop_assert_eq!(row.cumulative[0], seen);
            for s in 1..row.cumulative.len() {
                prop_assert!(row.cumulative[s] <= row.cumulative[s - 1]);
            }
        }
    }

    /// Results do not depend on the order of the items.
    #[test]
    fn flow_metrics_are_order_independent(items in items_strategy(), rotate in 0_usize..40) {
        let workflow = jam_workflow();
        let w = window("2026-01-01", "2026-03-31");
        let report = |items: &[WorkItem]| {
            let mapping = workflow.map(items).unwrap();
            let flow = Flow::new(&workflow, &mapping, &Scope::All);
            FlowReport::build("all", &flow, w, Interval::Week).unwrap()
        };
        let mut shuffled = items.clone();
        shuffled.reverse();
        let n = shuffled.len();
        shuffled.rotate_left(rotate % n);
        prop_assert_eq!(report(&items), report(&shuffled));
    }

    /// Little's law on a stationary flow: `arrivals` items start every day, each takes
    /// `cycle` days. Over a window that starts after the warm-up and holds whole items,
    /// average WIP = throughput × average cycle time; measured over any window after the
    /// warm-up it holds within 1% (here exactly, since the flow is deterministic).
    #[test]
    fn littles_law_holds_on_a_stationary_flow(arrivals in 1_usize..5, cycle in 1_u64..15) {
        let workflow = jam_workflow();
        let base = day("2026-01-01");
        let mut items = Vec::new();
        for d in 0..200_u64 {
            for k in 0..arrivals {
                let start = base.checked_add_days(Days::new(d)).unwrap();
                let done = start.checked_add_days(Days::new(cycle)).unwrap();
                items.push(item(
                    &format!("S-{d:03}-{k}"),
                    &format!("{start}T08:00:00"),
                    "Done",
                    &[(&format!("{start}T09:00:00"), "Backlog", "Next"),
                      (&format!("{done}T09:00:00"), "Next", "Done")],
                ));
            }
        }
        let mapping = workflow.map(&items).unwrap();
        let flow = Flow::new(&workflow, &mapping, &Scope::All);
        // Past the warm-up (cycle days) and before arrivals stop (day 200).
        let w = Window::new(
            base.checked_add_days(Days::new(30)).unwrap(),
            base.checked_add_days(Days::new(150)).unwrap(),
        ).unwrap();
        let days = w.days() as f64;
        let wip: f64 = flow.daily_wip(w).iter().sum::<u64>() as f64 / days;
        let throughput: f64 = flow.daily_throughput(w).iter().sum::<u64>() as f64 / days;
        let cycle_times = flow.cycle_times(w);
        let mean_cycle: f64 = cycle_times.iter().map(|t| t.days as f64).sum::<f64>()
            / cycle_times.len() as f64;
        let predicted = throughput * mean_cycle;
        prop_assert!((wip - predicted).abs() <= 0.01 * predicted, "WIP {wip} vs λW {predicted}");
    }

    /// Predictability (computed in one pass) equals its definition read bucket by
    /// bucket: committed = started before the bucket and not done before it; delivered
    /// = of those, done by its end.
    #[test]
    fn predictability_matches_its_definition(items in items_strategy(), monthly in any::<bool>()) {
        let workflow = jam_workflow();
        let mapping = workflow.map(&items).unwrap();
        let flow = Flow::new(&workflow, &mapping, &Scope::All);
        let w = window("2026-01-10", "2026-03-20");
        let interval = if monthly { Interval::Month } else { Interval::Week };
        let got = flow.predictability(w, interval).unwrap();
        for (p, b) in got.iter().zip(w.buckets(interval)) {
            let mut committed = 0;
            let mut delivered = 0;
            for t in &mapping.timelines {
                let (Some(start), done) = (t.entered_on(1), t.entered_on(4)) else { continue };
                if start < b.from() && done.is_none_or(|d| d >= b.from()) {
                    committed += 1;
                    if done.is_some_and(|d| d <= b.to()) {
                        delivered += 1;
                    }
                }
            }
            prop_assert_eq!((p.committed, p.delivered), (committed, delivered));
        }
    }
}
