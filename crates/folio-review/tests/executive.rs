//! The readout's four parts, the cascade check and the dashboard numbers on the sample
//! portfolio, checked against figures recomputed here from the sample files themselves
//! (read as plain JSON, not through the library), and their presence in every rendering.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use folio_okr::tracking::{RequestSource, ShiftKind, Trend};
use folio_okr::{AddUpFinding, Aggregate, NodeId};
use folio_review::input::SAMPLE;
use folio_review::{Format, Inputs, PortfolioReview, render, run};
use folio_types::Decimal;
use serde_json::Value;

fn sample() -> PortfolioReview {
    run(&Inputs::sample().unwrap()).unwrap()
}

fn file(name: &str) -> Value {
    let text = SAMPLE.iter().find(|(n, _)| *n == name).unwrap().1;
    serde_json::from_str(text).unwrap()
}

fn d(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// `metric` per product in `period`, straight from metrics.json.
fn observed(metric: &str, period: &str) -> BTreeMap<String, Decimal> {
    file("metrics.json")["observations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["metric"] == metric && o["period"] == period)
        .map(|o| (o["product"].as_str().unwrap().to_owned(), d(&o["value"])))
        .collect()
}

#[test]
fn product_revenue_targets_sum_to_11_0m_against_the_11_5m_objective() {
    // By hand from kpi.json: the increase_to targets of the key results under
    // revenue-11m, and the objective's own baseline and target.
    let kpi = file("kpi.json");
    let portfolio = &kpi["portfolio"];
    let objective = portfolio["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "revenue-11m")
        .unwrap();
    let goal = &objective["target"]["goal"]["increase_to"];
    let (baseline, target) = (d(&goal["baseline"]), d(&goal["target"]));
    let sum: Decimal = portfolio["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["contributes_to"][0]["to"]["objective"] == "revenue-11m")
        .map(|k| d(&k["target"]["goal"]["increase_to"]["target"]))
        .sum();
    assert_eq!(sum, Decimal::from(11_000_000));
    assert_eq!(target, Decimal::from(11_500_000));

    let review = sample();
    let findings = &review.kpi_rollup.cascade.add_up;
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(
        f.node.to_string(),
        NodeId::from(folio_types::ObjectiveId::new("revenue-11m").unwrap()).to_string()
    );
    assert_eq!(f.combine, "sum");
    assert_eq!(f.target, target);
    assert_eq!(f.contributors.len(), 5);
    assert_eq!(f.aggregate, Aggregate::Exact { value: sum });
    let AddUpFinding::Shortfall {
        amount,
        progress_when_met,
    } = &f.finding
    else {
        panic!("expected a shortfall, got {:?}", f.finding);
    };
    assert_eq!(*amount, target - sum);
    // Every product at target: (11.0M - 9.11M) / (11.5M - 9.11M) = 0.7908.
    let by_hand = (sum - baseline) / (target - baseline);
    assert_eq!(
        progress_when_met.unwrap().value().round_dp(4),
        by_hand.round_dp(4)
    );
    assert_eq!(by_hand.round_dp(4), Decimal::new(7908, 4));

    // The finding reaches the KPI readout's strategic questions with its numbers...
    let question = review
        .kpi_rollup
        .readout
        .questions
        .iter()
        .find(|q| q.question.contains("revenue-11m"))
        .unwrap();
    assert!(
        question.question.contains("500000"),
        "{}",
        question.question
    );
    assert!(
        question.evidence[0].contains("sum to 11000000 against its 11500000"),
        "{:?}",
        question.evidence
    );
    // ... and every rendering.
    for format in [Format::Text, Format::Markdown, Format::Json, Format::Html] {
        let out = render(&review, format).unwrap();
        assert!(
            out.contains("11000000") || out.contains("11,000,000"),
            "{format:?}"
        );
        assert!(
            out.contains("11500000") || out.contains("11,500,000"),
            "{format:?}"
        );
        assert!(
            out.contains("500000") || out.contains("500,000"),
            "{format:?}"
        );
    }
}

#[test]
fn the_kpi_portfolio_goes_through_the_same_readout() {
    let review = sample();
    let k = &review.kpi_rollup;
    assert_eq!(k.quarter.to_string(), "2026-Q3");
    assert_eq!(
        k.previous_quarter.map(|q| q.to_string()).as_deref(),
        Some("2026-Q2")
    );
    let revenue = k
        .readout
        .scorecard
        .iter()
        .find(|l| l.objective.as_str() == "revenue-11m")
        .unwrap();
    // Portfolio revenue per quarter from metrics.json, measured against 9.11M -> 11.5M.
    let total = |q: &str| observed("revenue", q).values().copied().sum::<Decimal>();
    let (base, target) = (Decimal::from(9_110_000), Decimal::from(11_500_000));
    let progress = |v: Decimal| ((v - base) / (target - base)).max(Decimal::ZERO);
    assert_eq!(
        revenue.progress.value().round_dp(6),
        progress(total("2026-Q3")).round_dp(6)
    );
    assert_eq!(
        revenue.previous.value().round_dp(6),
        progress(total("2026-Q2")).round_dp(6)
    );
    assert_eq!(revenue.trend, Trend::Up);
    // Its leaves read metrics, not check-ins: no stale exception.
    assert!(k.readout.stale.is_empty());
    assert!(k.readout.exceptions.iter().all(|e| !e.reasons.is_empty()));
}

#[test]
fn reallocation_requests_have_from_to_how_much_and_why() {
    let review = sample();
    let requests = &review.okr.readout.reallocation;
    // Capacity drains: planned minus used in 2026-Q3, for the products short of plan.
    let planned = observed("capacity_planned_fte", "2026-Q3");
    let used = observed("capacity_fte", "2026-Q3");
    let mut short: Vec<(String, Decimal)> = planned
        .iter()
        .filter_map(|(p, plan)| {
            let u = used[p];
            (u < *plan).then(|| (p.clone(), *plan - u))
        })
        .collect();
    short.sort();
    let drains: Vec<(String, Decimal)> = requests
        .iter()
        .filter(|r| r.source == RequestSource::CapacityDrain)
        .map(|r| (r.to.to_string(), r.amount.unwrap()))
        .collect();
    assert_eq!(drains, short);
    assert_eq!(
        short,
        [
            ("harbor".to_owned(), Decimal::from(4)),
            ("scout".to_owned(), Decimal::from(2))
        ]
    );
    // folio-allocation's recommendation, as its decisions section gives it.
    let decisions = review.decisions.as_ref().unwrap();
    let allocation: Vec<_> = requests
        .iter()
        .filter(|r| r.source == RequestSource::Allocation)
        .collect();
    assert_eq!(
        allocation.len(),
        decisions.reallocation.recommendations.len()
    );
    for (r, rec) in allocation
        .iter()
        .zip(&decisions.reallocation.recommendations)
    {
        assert_eq!(r.key_result.as_ref(), Some(&rec.key_result));
        assert_eq!(r.amount, Some(rec.amount));
        assert_eq!(r.kind, Some(ShiftKind::Headcount));
        assert!(r.from.as_ref().unwrap().contains(rec.from.as_str()));
        assert!(!r.why.is_empty());
    }
    // The change-the-resources recovery plan of relay-sync.
    assert!(
        requests
            .iter()
            .any(|r| r.source == RequestSource::RecoveryPlan
                && r.key_result.as_ref().map(folio_types::KeyResultId::as_str)
                    == Some("relay-sync"))
    );
    // In the readout's order: by product, then key result, then source.
    let keys: Vec<_> = requests
        .iter()
        .map(|r| (r.to.clone(), r.key_result.clone(), r.source))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn strategic_questions_carry_their_evidence() {
    let review = sample();
    let questions = &review.okr.readout.questions;
    assert!(questions.iter().all(|q| !q.evidence.is_empty()));
    let find = |needle: &str| {
        questions
            .iter()
            .find(|q| q.question.contains(needle))
            .unwrap_or_else(|| panic!("no question on {needle}: {questions:#?}"))
    };
    // harbor-migration depends on relay-sync (portfolio.json), which is off track.
    let dependency = find("re-sequence");
    assert!(dependency.question.contains("relay-sync"));
    assert!(dependency.question.contains("harbor"));
    // Integrations (relay) is declining in 2026-Q2 and 2026-Q3, and relay's adoption
    // has been below 30 for two quarters: the fix-or-sunset trigger.
    let sunset = find("Fix or sunset product line integrations");
    assert!(sunset.evidence.iter().any(|e| e.contains("2026-Q2")));
    assert!(
        sunset
            .evidence
            .iter()
            .any(|e| e.contains("adoption-fix-or-sunset"))
    );
    // Revenue HHI by hand: sum of squared shares, rising 2026-Q1 -> Q2 -> Q3.
    let hhi = |q: &str| {
        let r = observed("revenue", q);
        let total: Decimal = r.values().copied().sum();
        r.values()
            .map(|v| (*v / total) * (*v / total))
            .sum::<Decimal>()
    };
    assert!(hhi("2026-Q1") < hhi("2026-Q2") && hhi("2026-Q2") < hhi("2026-Q3"));
    let concentration = find("concentration");
    assert!(
        concentration.evidence[0].contains(&hhi("2026-Q3").round_dp(3).to_string()),
        "{:?}",
        concentration.evidence
    );
    // Scout, the explore bet, has 10 of its 12 planned engineers.
    let starved = find("starved");
    assert!(
        starved
            .evidence
            .iter()
            .any(|e| e.contains("scout") && e.contains("10") && e.contains("12"))
    );
}

#[test]
fn dashboard_numbers_by_hand() {
    let review = sample();
    let dash = &review.dashboard;
    assert_eq!(dash.quarter.to_string(), "2026-Q3");

    // Utilization: used / planned per product, and summed for the portfolio.
    let planned = observed("capacity_planned_fte", "2026-Q3");
    let used = observed("capacity_fte", "2026-Q3");
    let u = dash.utilization.as_ref().unwrap();
    assert_eq!(u.products.len(), planned.len());
    for row in &u.products {
        let p = row.product.as_str();
        assert_eq!(
            row.utilization.value().round_dp(10),
            (used[p] / planned[p]).round_dp(10),
            "{p}"
        );
    }
    let all = used.values().copied().sum::<Decimal>() / planned.values().copied().sum::<Decimal>();
    assert_eq!(u.portfolio.value().round_dp(10), all.round_dp(10));

    // Investment mix by spend: core = ledger + relay, grow = pulse + harbor, explore =
    // scout (structure.json's lines and horizons).
    let spend = observed("spend", "2026-Q3");
    let total: Decimal = spend.values().copied().sum();
    let core = spend["ledger"] + spend["relay"];
    let s = dash.spend_mix.as_ref().unwrap();
    assert_eq!(s.total, total);
    let core_band = s
        .bands
        .iter()
        .find(|b| b.horizon == folio_types::Horizon::Core)
        .unwrap();
    assert_eq!(
        core_band.share.value().round_dp(10),
        (core / total).round_dp(10)
    );
    // 48.5% of spend: below the 60%-75% core band.
    assert_eq!(core_band.position, Some(folio_review::BandPosition::Below));

    // Time-to-value: the median of the products' medians (the metric combines by median).
    let mut ttv: Vec<Decimal> = observed("ttv_days", "2026-Q3").values().copied().collect();
    ttv.sort();
    let t = dash.time_to_value.as_ref().unwrap();
    assert_eq!(t.portfolio, Some(ttv[ttv.len() / 2]));
    assert_eq!(t.products.len(), ttv.len());

    // Critical delivery predictability: delivered over committed, each and pooled, for
    // the key results review.json names.
    let c = dash.critical_delivery.as_ref().unwrap();
    let named: Vec<String> = file("review.json")["dashboard"]["critical"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let listed: Vec<String> = c
        .key_results
        .iter()
        .map(|r| r.key_result.to_string())
        .collect();
    assert_eq!(listed, named);
    let delivery = review.delivery.as_ref().unwrap();
    let (mut committed, mut delivered) = (0_u64, 0_u64);
    for row in &c.key_results {
        let flow = delivery
            .key_results
            .iter()
            .find(|f| f.label == format!("key result {}", row.key_result))
            .unwrap();
        assert_eq!(
            (row.committed, row.delivered),
            (flow.committed, flow.delivered)
        );
        if row.committed > 0 {
            assert_eq!(
                row.predictability.unwrap().value(),
                Decimal::from(row.delivered) / Decimal::from(row.committed)
            );
        }
        committed += row.committed;
        delivered += row.delivered;
    }
    assert_eq!(
        c.pooled.unwrap().value(),
        Decimal::from(delivered) / Decimal::from(committed)
    );
}

#[test]
fn every_rendering_shows_the_new_sections() {
    let review = sample();
    let text = render(&review, Format::Text).unwrap();
    let markdown = render(&review, Format::Markdown).unwrap();
    let json: Value = serde_json::from_str(&render(&review, Format::Json).unwrap()).unwrap();
    let html = render(&review, Format::Html).unwrap();
    for heading in [
        "Cascade check",
        "Executive dashboard",
        "Strategic questions",
        "Resource reallocation requests",
        "Readout of the KPI portfolio",
    ] {
        assert!(text.contains(heading), "text lacks {heading}");
        assert!(markdown.contains(heading), "markdown lacks {heading}");
    }
    assert!(markdown.contains("## Cascade check"));
    for pointer in [
        "/okr/cascade/smart",
        "/kpi_rollup/cascade/add_up/0/finding/shortfall/amount",
        "/kpi_rollup/readout/questions/0/evidence",
        "/okr/readout/reallocation/0/why",
        "/dashboard/utilization/portfolio",
        "/dashboard/spend_mix/bands",
        "/dashboard/time_to_value/portfolio",
        "/dashboard/critical_delivery/pooled",
    ] {
        assert!(json.pointer(pointer).is_some(), "JSON lacks {pointer}");
    }
    for id in [
        "id=\"readout\"",
        "id=\"cascade\"",
        "id=\"dashboard\"",
        "id=\"chart-utilization\"",
        "id=\"chart-spend-mix\"",
    ] {
        assert!(html.contains(id), "HTML lacks {id}");
    }
    assert!(html.contains("Strategic questions"));
}

#[test]
fn without_dashboard_settings_the_parts_are_left_out() {
    let mut inputs = Inputs::sample().unwrap();
    inputs.settings.dashboard = folio_review::DashboardSettings::default();
    let review = run(&inputs).unwrap();
    let d = &review.dashboard;
    assert!(d.time_to_value.is_none() && d.utilization.is_none());
    assert!(d.spend_mix.is_none() && d.critical_delivery.is_none());
    // No utilization, no capacity-drain requests.
    assert!(
        review
            .okr
            .readout
            .reallocation
            .iter()
            .all(|r| r.source != RequestSource::CapacityDrain)
    );
    assert!(
        render(&review, Format::Text)
            .unwrap()
            .contains("names no dashboard metric")
    );
    // An unknown critical key result names review.json.
    let mut inputs = Inputs::sample().unwrap();
    inputs.settings.dashboard.critical = vec![folio_types::KeyResultId::new("nope").unwrap()];
    let error = run(&inputs).unwrap_err();
    assert!(error.file.ends_with("review.json"), "{error}");
    assert!(error.problem.contains("nope"), "{error}");
}

#[test]
fn a_kpi_portfolio_with_one_quarter_of_metrics_still_gets_its_readout() {
    // Drop every observation of 2026-Q2: the quarter before kpi.json's 2026-Q3.
    let mut metrics = file("metrics.json");
    metrics["observations"]
        .as_array_mut()
        .unwrap()
        .retain(|o| o["period"] != "2026-Q2");
    let inputs = Inputs::from_files("in", |name| {
        Ok(if name == "metrics.json" {
            metrics.to_string()
        } else {
            SAMPLE
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap()
                .1
                .to_owned()
        })
    })
    .unwrap();
    let review = run(&inputs).unwrap();
    let k = &review.kpi_rollup;
    assert_eq!(k.previous_quarter, None);
    assert!(k.readout.scorecard.iter().all(|l| l.trend == Trend::Flat));
    // The cascade check does not need readings: the finding stands.
    assert_eq!(k.cascade.add_up.len(), 1);
}

#[test]
fn the_cascade_check_reads_the_off_track_key_results() {
    // portfolio.json: harbor-migration depends on relay-sync, which checkins.json puts
    // off track (confidence 0.25 past mid-period): the SMART check finds harbor-migration
    // not achievable, with the reason.
    let review = sample();
    assert!(
        review
            .okr
            .readout
            .off_track
            .iter()
            .any(|o| o.key_result.as_str() == "relay-sync")
    );
    let node = NodeId::from(folio_types::KeyResultId::new("harbor-migration").unwrap());
    let check = review.okr.cascade.smart_check(&node).unwrap();
    assert!(!check.achievable);
    assert!(check.to_string().contains("relay-sync"), "{check}");
    // Every goal of the sample has a deadline in its period: none fails time-bound.
    assert!(review.okr.cascade.smart.iter().all(|c| c.time_bound));
    let text = render(&review, Format::Text).unwrap();
    assert!(text.contains("key result \"harbor-migration\" fails the SMART check: not achievable"));
}
