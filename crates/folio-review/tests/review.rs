//! The whole review on the sample portfolio, checked against figures a reader can redo
//! by hand from `data/sample/`, and the error path on broken input files.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use folio_okr::tracking::{AtRiskReason, DriftRule, RecoveryChange, Staleness, Trend};
use folio_review::input::{SAMPLE, SAMPLE_OPTIONAL};
use folio_review::{Format, Inputs, PortfolioReview, render, run};
use folio_roi::{Payback, Subject};
use folio_types::Decimal;

fn sample() -> PortfolioReview {
    run(&Inputs::sample().unwrap()).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn round4(x: Decimal) -> Decimal {
    x.round_dp(4)
}

#[test]
fn scorecard_rolls_up_by_hand() {
    let review = sample();
    let scorecard = &review.okr.readout.scorecard;
    // (objective, progress, previous (4 places), top product, its movement (5 places)).
    // grow-revenue = (3 × pulse-scale + 2 × ledger-retain) / 5, where
    //   pulse-scale = (3 × pulse-arr 3.2/4 + 1 × pulse-margin 0.4/3) / 4 = 0.6333 and
    //   ledger-retain = (2 × ledger-nrr 2.1/3 + 1 × ledger-churn 1) / 3 = 0.8: 0.7.
    // multi-product = (2 × harbor-sso + 1 × relay-stabilize) / 3, where
    //   harbor-sso = (1 × connectors done + 2 × migration 200/300) / 3 = 0.7778 and
    //   relay-stabilize = (2 × sync 0.1/2.5 + 1 × tickets 1.2/2) / 3 = 0.2267: 0.5941.
    // next-engine = scout-validate = (2 × pilots 4/6 + 1 × activation 11/15) / 3.
    let expected = [
        ("grow-revenue", "0.7", "0.4738", "pulse", "0.14625"),
        ("multi-product", "0.5941", "0.1944", "harbor", "0.36296"),
        ("next-engine", "0.6889", "0.4889", "scout", "0.2"),
    ];
    assert_eq!(scorecard.len(), expected.len());
    for (line, (id, progress, previous, product, moved)) in scorecard.iter().zip(expected) {
        assert_eq!(line.objective.as_str(), id);
        assert_eq!(round4(line.progress.value()), d(progress), "{id}");
        assert_eq!(round4(line.previous.value()), d(previous), "{id}");
        assert_eq!(line.trend, Trend::Up, "{id}");
        let (top, movement) = line.top_product.clone().unwrap();
        assert_eq!(top.as_str(), product, "{id}");
        assert_eq!(movement.round_dp(5), d(moved), "{id}");
    }
    // The explanation shows the same arithmetic: grow-revenue's terms add up.
    let grow = &review.okr.explanations[0];
    assert_eq!(grow.breakdown.basis, d("5"));
    let terms: Vec<(String, Decimal)> = grow
        .breakdown
        .terms
        .iter()
        .map(|t| (t.child.to_string(), round4(t.contribution)))
        .collect();
    assert_eq!(
        terms,
        [
            ("objective \"ledger-retain\"".to_owned(), d("0.32")),
            ("objective \"pulse-scale\"".to_owned(), d("0.38")),
        ]
    );
}

#[test]
fn exceptions_off_track_stale_and_drift() {
    let readout = sample().okr.readout;
    // At-risk key results only (off track, stale, drifting, behind pace, at risk through a
    // dependency); green ones are skipped, so ledger-nrr (on pace, confidence 0.7-0.8,
    // updated) is not listed. harbor-migration (200 of 300 accounts, confidence 0.75) is
    // green by its own numbers but depends on relay-sync, which is off track: it is at
    // risk through that dependency. Ranked by severity (off track 3, stale or behind
    // pace 2, drifting or dependency 1), then risk = sum of contribution weights ×
    // (1 - progress), ties by id.
    let exceptions: Vec<(&str, Decimal)> = readout
        .exceptions
        .iter()
        .map(|e| (e.key_result.as_str(), round4(e.risk)))
        .collect();
    assert_eq!(
        exceptions,
        [
            ("relay-sync", d("1.92")),         // off track: 2 × (1 - 0.04)
            ("pulse-margin", d("0.8667")),     // behind pace, drifting: 1 × (1 - 0.1333)
            ("scout-pilots", d("0.6667")),     // stale: 2 × (1 - 0.6667)
            ("harbor-migration", d("0.6667")), // through relay-sync: 2 × (1 - 200 / 300)
        ]
    );
    let harbor = &readout.exceptions[3];
    assert_eq!(harbor.reasons, [AtRiskReason::ThroughDependency]);
    assert_eq!(
        harbor.decision_needed.as_deref(),
        Some("unblock prerequisite relay-sync or re-sequence")
    );
    // Every exception is at risk by a rule whose own list names it; nothing green is
    // listed.
    for e in &readout.exceptions {
        let id = &e.key_result;
        let flagged = readout.off_track.iter().any(|o| &o.key_result == id)
            || readout.stale.iter().any(|s| &s.key_result == id)
            || readout.drift.iter().any(|a| &a.key_result == id)
            || readout
                .dependency_risk
                .iter()
                .any(|r| r.node == folio_okr::NodeId::KeyResult(id.clone()));
        assert!(flagged, "{id} is listed but no rule flags it");
    }
    assert!(
        readout
            .exceptions
            .iter()
            .all(|e| e.key_result.as_str() != "ledger-nrr")
    );
    let relay = &readout.exceptions[0];
    assert_eq!(
        relay.plan_owner.as_ref().map(folio_types::OwnerId::as_str),
        Some("ines")
    );
    assert!(relay.decision_needed.is_some());

    // Off track: confidence 0.25 < 0.4 with 66% of the quarter gone, with its plan.
    assert_eq!(readout.off_track.len(), 1);
    let off = &readout.off_track[0];
    assert_eq!(off.key_result.as_str(), "relay-sync");
    assert_eq!(off.confidence.value(), d("0.25"));
    assert_eq!(
        off.plan.as_ref().map(|p| p.change),
        Some(RecoveryChange::Resources)
    );

    // Stale: last update 6 November, stale from the 20th; 24 days without an update is
    // more than the seed's three weeks, so retirement is recommended.
    assert_eq!(readout.stale.len(), 1);
    assert_eq!(readout.stale[0].key_result.as_str(), "scout-pilots");
    assert!(matches!(
        readout.stale[0].staleness,
        Staleness::RetirementRecommended {
            days_since_update: 24,
            days_stale: 10,
        }
    ));

    // Drift: pulse-margin stuck at 59.4 since 9 October while three items shipped;
    // relay-sync far behind the pace line.
    let drift: BTreeSet<(&str, DriftRule)> = readout
        .drift
        .iter()
        .map(|a| (a.key_result.as_str(), a.rule))
        .collect();
    let expected: BTreeSet<(&str, DriftRule)> = [
        ("pulse-margin", DriftRule::NotMoving),
        ("pulse-margin", DriftRule::BehindPace),
        ("pulse-margin", DriftRule::ConfidenceTrend),
        ("pulse-margin", DriftRule::ActivityWithoutOutcome),
        ("relay-sync", DriftRule::BehindPace),
        ("relay-sync", DriftRule::ConfidenceTrend),
    ]
    .into_iter()
    .collect();
    assert_eq!(drift, expected);
}

#[test]
fn say_do_counts_key_results_that_hit() {
    let review = sample();
    let line = &review.say_do.readout.scorecard[0];
    assert_eq!(line.objective.as_str(), "ship-commitments");
    // SOC 2, EU region and usage billing are done: 3 of 6; on 31 October only SOC 2.
    assert_eq!(line.progress.value(), d("0.5"));
    assert_eq!(round4(line.previous.value()), d("0.1667"));
    let counts = review.say_do.explanations[0].breakdown.counts.unwrap();
    assert_eq!((counts.hits, counts.total), (3, 6));
}

#[test]
fn kpi_rollup_aggregates_per_the_metric_definition() {
    let kpi = sample().kpi_rollup;
    let found: Vec<(&str, Decimal, Decimal)> = kpi
        .objectives
        .iter()
        .map(|o| {
            (
                o.objective.as_str(),
                round4(o.value.unwrap()),
                round4(o.progress.value()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // NRR is a mean weighted by revenue, never summed:
            // (104 × 3.05 + 126 × 5.0 + 89 × 0.74 + 111 × 1.35 + 110 × 0.3) / 10.44,
            // measured from 110 to 115.
            ("nrr-115", d("114.5508"), d("0.9102")),
            // Revenue sums: 10.44M, measured from 9.11M to 11.5M: 1.33 / 2.39.
            ("revenue-11m", d("10440000"), d("0.5565")),
        ]
    );
    // Every leaf read its product's 2026-Q3 value from metrics.json.
    assert_eq!(kpi.readings.readings.len(), 10);
}

#[test]
fn kpis_concentration_capacity_and_triggers() {
    let kpis = sample().kpis;
    let revenue = &kpis.rows[0];
    assert_eq!(revenue.metric.as_str(), "revenue");
    // 3.05M + 5.0M + 0.74M + 1.35M + 0.3M in 2026-Q3.
    assert_eq!(revenue.values[3], Some(d("10440000")));
    let q3 = &kpis.concentration[3];
    // 10.44M / 9.11M - 1.
    assert_eq!(round4(q3.growth.unwrap()), d("0.146"));
    // Pulse overtook Ledger in 2026-Q2 and holds 5.0 / 10.44 of revenue.
    assert_eq!(q3.top_product.as_str(), "pulse");
    assert_eq!(round4(q3.top_share.value()), d("0.4789"));
    assert_eq!(kpis.concentration[0].top_product.as_str(), "ledger");
    // The growth engine concentrates revenue: HHI 0.2993 -> 0.3373.
    assert_eq!(round4(kpis.concentration[0].hhi), d("0.2993"));
    assert_eq!(round4(q3.hhi), d("0.3373"));

    // Relay takes 34 of 130 engineers for 0.74M of 10.44M revenue.
    let draining: Vec<&str> = kpis
        .capacity
        .iter()
        .filter(|b| b.draining)
        .map(|b| b.product.as_str())
        .collect();
    assert_eq!(draining, ["relay"]);
    assert_eq!(round4(kpis.capacity[0].gap), d("0.1907"));

    // Core products take 64 of 130 engineers for 3.79M of 10.44M revenue.
    let core = folio_types::Horizon::Core;
    assert_eq!(round4(kpis.capacity_by_horizon[&core].value()), d("0.4923"));
    assert_eq!(round4(kpis.revenue_by_horizon[&core].value()), d("0.363"));
    let classes: Vec<(&str, folio_metrics::LineClass)> = kpis
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.class))
        .collect();
    {
        use folio_metrics::LineClass::{Declining, Stable, Winning};
        assert_eq!(
            classes,
            [
                ("analytics", Winning),      // +31.6% revenue, NRR 126, adoption +5
                ("finance-suite", Stable),   // +0.7%, NRR 104, adoption +1
                ("integrations", Declining), // -2.6%, NRR 89, adoption -2
                ("labs", Winning),
                ("platform", Winning),
            ]
        );
    }

    let fired: Vec<(&str, &str)> = kpis
        .alerts
        .iter()
        .map(|a| {
            (
                a.rule.as_str(),
                a.product.as_ref().map_or("portfolio", |p| p.as_str()),
            )
        })
        .collect();
    assert_eq!(
        fired,
        [
            ("adoption-fix-or-sunset", "relay"), // 26, 24 below 30
            ("cost-to-serve", "relay"),          // 2600/380, 2700/370 above 5
            ("margin-floor", "pulse"),           // 59, 56 below 60
            ("margin-floor", "relay"),           // 45, 44 below 60
            ("nps-floor", "relay"),              // 4 below 20
        ]
    );
    // Portfolio NRR (revenue-weighted) stays above 100: that rule does not fire.
    assert_eq!(kpis.rules_evaluated, 5);
}

#[test]
fn risk_roi_and_benefits() {
    let review = sample();
    let scores: Vec<(&str, Decimal)> = review
        .risk
        .products
        .iter()
        .map(|t| (t.current.product.as_str(), t.current.score.value()))
        .collect();
    // Pulse: mean of technical (4+3+4)/3, market (3+2)/2, execution 4, financial 4.
    assert!(scores.contains(&("pulse", d("3.5417"))));
    let alerts: Vec<(&str, &str)> = review
        .risk
        .alerts
        .iter()
        .map(|a| (a.rule.as_str(), a.product.as_str()))
        .collect();
    assert_eq!(
        alerts,
        [("score-high", "pulse"), ("dimension-critical", "relay")]
    );

    let roi = &review.roi;
    let billing = roi
        .initiatives
        .iter()
        .find(|i| i.initiative.as_str() == "pulse-usage-billing")
        .unwrap();
    // (2,500,000 - 600,000) / 600,000.
    assert_eq!(round4(billing.measures.roi.unwrap().value()), d("3.1667"));
    let rewrite = roi
        .initiatives
        .iter()
        .find(|i| i.initiative.as_str() == "relay-sync-rewrite")
        .unwrap();
    assert!(matches!(rewrite.measures.payback, Payback::Never { .. }));
    let flagged: Vec<String> = roi
        .payback_alerts
        .iter()
        .map(|a| match &a.subject {
            Subject::Initiative(id) => id.to_string(),
            Subject::ProductLine(id) => format!("line {id}"),
            other => other.to_string(),
        })
        .collect();
    assert_eq!(
        flagged,
        [
            "pulse-ai-insights",
            "relay-sync-rewrite",
            "line integrations"
        ]
    );

    let benefits = &review.benefits;
    // The AI insights case over-promised: 25k + 22k + 20k of 3 × 60k.
    assert_eq!(benefits.post_mortems().len(), 1);
    let pm = benefits.post_mortems().next().unwrap();
    assert_eq!(pm.initiative().as_str(), "pulse-ai-insights");
    assert_eq!(pm.realized(), d("67000"));
    assert_eq!(round4(pm.rate().unwrap().value()), d("0.3722"));
    assert!(pm.checkpoints().all(|c| c.root_cause().is_some()));
    // Portfolio: 431k realized of 540k expected.
    let portfolio = &benefits.rates[0];
    assert_eq!(
        (portfolio.realized, portfolio.expected),
        (d("431000"), d("540000"))
    );
}

#[test]
fn renders_text_markdown_and_json() {
    let review = sample();
    let text = render(&review, Format::Text).unwrap();
    assert!(text.starts_with("Monthly portfolio review: 2026-Q4 as of 2026-11-30\n"));
    for needle in [
        "↑ Grow recurring revenue profitably (70% from 47.4%)",
        "relay-sync: confidence 0.25 on 2026-11-27; plan: change the resources",
        // Last updated 2026-11-06: more than 21 days without an update, so retire it.
        "scout-pilots: not updated for 24 days: retirement recommended",
        "relay: 26.2% of capacity, 7.1% of revenue, gap +19.1 points: DRAINING",
        "Trigger rules: 4 of 5 fired (5 alerts)",
        "Ship what we committed to this quarter: 3 of 6 hit",
        "pulse-ai-insights (maya): realized 37.2% of expected",
        // Core (ledger 30 + relay 34 FTE) of 130 FTE is 49.2%, under the sample's 60%-75% band.
        "core 49.2% (band 60%-75%: below)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let markdown = render(&review, Format::Markdown).unwrap();
    assert!(markdown.starts_with("# Monthly portfolio review"));
    assert!(markdown.contains("\n## Scorecard\n"));
    assert!(markdown.contains("| Revenue | 7,100,000 USD |"));
    let json: serde_json::Value =
        serde_json::from_str(&render(&review, Format::Json).unwrap()).unwrap();
    assert_eq!(json["as_of"], "2026-11-30");
    assert_eq!(
        json["okr"]["readout"]["off_track"][0]["key_result"],
        "relay-sync"
    );
    // Same input, same output.
    assert_eq!(render(&sample(), Format::Text).unwrap(), text);
}

/// A directory holding the sample files, with `changes` applied, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn with(name: &str, changes: &[(&str, Option<&str>)]) -> Self {
        let dir = std::env::temp_dir().join(format!("folio-review-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in SAMPLE.iter().chain(SAMPLE_OPTIONAL.iter()) {
            std::fs::write(dir.join(file), text).unwrap();
        }
        for (file, text) in changes {
            match text {
                Some(text) => std::fs::write(dir.join(file), text).unwrap(),
                None => std::fs::remove_file(dir.join(file)).unwrap(),
            }
        }
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sample_text(file: &str) -> &'static str {
    SAMPLE
        .iter()
        .chain(SAMPLE_OPTIONAL.iter())
        .find(|(n, _)| *n == file)
        .unwrap()
        .1
}

/// The error for a sample directory with `changes`, from reading or from the review.
fn error_for(name: &str, changes: &[(&str, Option<&str>)]) -> String {
    let dir = Dir::with(name, changes);
    let error = match Inputs::from_dir(dir.path()) {
        Err(e) => e,
        Ok(inputs) => run(&inputs).unwrap_err(),
    };
    let shown = error.to_string();
    assert!(
        shown.starts_with(&dir.path().display().to_string()),
        "{shown}"
    );
    shown
}

#[test]
fn a_directory_of_sample_files_gives_the_same_review() {
    let dir = Dir::with("same", &[]);
    let review = run(&Inputs::from_dir(dir.path()).unwrap()).unwrap();
    assert_eq!(
        render(&review, Format::Text).unwrap(),
        render(&sample(), Format::Text).unwrap()
    );
}

#[test]
fn errors_name_the_file_and_the_problem() {
    // Malformed JSON.
    let e = error_for(
        "malformed",
        &[("checkins.json", Some("{ \"check_ins\": [ }"))],
    );
    assert!(e.contains("checkins.json: "), "{e}");
    assert!(e.contains("line 1"), "{e}");

    // A value a constructor rejects: a confidence of 1.5.
    let broken = sample_text("checkins.json").replacen(
        "\"confidence\": \"0.75\"",
        "\"confidence\": \"1.5\"",
        1,
    );
    let e = error_for("confidence", &[("checkins.json", Some(&broken))]);
    assert!(e.contains("checkins.json: "), "{e}");
    assert!(e.contains("1.5"), "{e}");

    // Valid on its own, wrong against another file: a check-in of an unknown key result.
    let broken = sample_text("checkins.json").replacen("\"pulse-arr\"", "\"pulse-arrr\"", 1);
    let e = error_for("unknown-kr", &[("checkins.json", Some(&broken))]);
    assert!(e.contains("checkins.json: "), "{e}");
    assert!(e.contains("pulse-arrr"), "{e}");

    // An OKR graph that fails validation: a contribution to a missing objective.
    let broken = sample_text("portfolio.json").replacen(
        "{ \"objective\": \"pulse-scale\" }, \"weight\": \"3\"",
        "{ \"objective\": \"pulse-scael\" }, \"weight\": \"3\"",
        1,
    );
    let e = error_for("graph", &[("portfolio.json", Some(&broken))]);
    assert!(e.contains("portfolio.json: "), "{e}");
    assert!(e.contains("pulse-scael"), "{e}");

    // A business case of a product line the structure does not list.
    let broken = sample_text("roi.json").replacen("\"labs\"", "\"lab\"", 1);
    let e = error_for("line", &[("roi.json", Some(&broken))]);
    assert!(e.contains("roi.json: "), "{e}");
    assert!(e.contains("lab"), "{e}");

    // A missing file.
    let e = error_for("missing", &[("risk.json", None)]);
    assert!(e.contains("risk.json: cannot read"), "{e}");
}

#[test]
fn a_path_that_is_not_a_directory_is_an_error() {
    let e = Inputs::from_dir(Path::new("/nonexistent/folio/portfolio")).unwrap_err();
    assert_eq!(e.file, "/nonexistent/folio/portfolio");
    assert!(e.problem.contains("not a directory"));
}

#[test]
fn input_order_does_not_change_the_review() {
    let mut inputs = Inputs::sample().unwrap();
    let expected = render(&run(&inputs).unwrap(), Format::Json).unwrap();
    inputs.tracking.check_ins.reverse();
    inputs.tracking.delivery.reverse();
    inputs.say_do.check_ins.reverse();
    inputs.portfolio.key_results.reverse();
    inputs.portfolio.objectives.reverse();
    inputs.risk.assessments.reverse();
    inputs.roi.cases.reverse();
    assert_eq!(
        render(&run(&inputs).unwrap(), Format::Json).unwrap(),
        expected
    );
}

#[test]
fn formats_parse_by_name() {
    let cases = [
        ("text", Ok(Format::Text)),
        ("markdown", Ok(Format::Markdown)),
        ("md", Ok(Format::Markdown)),
        ("json", Ok(Format::Json)),
        ("html", Ok(Format::Html)),
    ];
    for (name, expected) in cases {
        assert_eq!(name.parse::<Format>(), expected, "{name}");
    }
    assert!("xml".parse::<Format>().unwrap_err().contains("xml"));
}

/// The sample with `file` replaced by `text`, read through the same path as a directory.
fn review_with(file: &str, text: &str) -> Result<PortfolioReview, folio_review::ReviewError> {
    // Every file, the optional ones included.
    let inputs = Inputs::from_sources("in", |name| {
        Ok(Some(if name == file {
            text.to_owned()
        } else {
            sample_text(name).to_owned()
        }))
    })?;
    run(&inputs)
}

#[test]
fn truncated_or_altered_files_are_errors_that_name_the_file() {
    for (file, text) in SAMPLE.iter().chain(SAMPLE_OPTIONAL.iter()) {
        let cuts: Vec<usize> = (0..text.len())
            .step_by(text.len() / 40 + 1)
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        for cut in cuts {
            let e = review_with(file, &text[..cut]).unwrap_err();
            assert_eq!(e.file, format!("in/{file}"), "cut at {cut}: {e}");
        }
        // Digits turned into other digits keep the JSON well formed; whatever the
        // libraries make of the values, the review never panics, and an error names a
        // file of the review.
        let altered: String = text
            .chars()
            .map(|c| match c {
                '1' => '9',
                '5' => '0',
                other => other,
            })
            .collect();
        match review_with(file, &altered) {
            Err(e) => assert!(e.file.starts_with("in/"), "{e}"),
            // Whatever the review holds, every renderer renders it, and the dashboard
            // stays well-formed XML.
            Ok(review) => {
                for format in [Format::Text, Format::Markdown, Format::Json] {
                    render(&review, format).unwrap();
                }
                let page = render(&review, Format::Html).unwrap();
                let options = roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..roxmltree::ParsingOptions::default()
                };
                if let Err(e) = roxmltree::Document::parse_with_options(&page, options) {
                    panic!("{file} altered: the dashboard is not XML: {e}");
                }
            }
        }
    }
}

#[test]
fn missing_optional_files_omit_their_sections_and_say_so() {
    let dir = Dir::with(
        "optional",
        &[
            ("allocation.json", None),
            ("jira.json", None),
            ("linear.json", None),
        ],
    );
    let review = run(&Inputs::from_dir(dir.path()).unwrap()).unwrap();
    assert!(review.decisions.is_none() && review.delivery.is_none());
    let text = render(&review, Format::Text).unwrap();
    assert!(text.contains("Decisions: omitted"), "{text}");
    assert!(text.contains("Delivery: omitted"), "{text}");
}

#[test]
fn unknown_products_in_optional_files_name_the_file_and_the_id() {
    let allocation =
        sample_text("allocation.json").replace("\"product\": \"scout\"", "\"product\": \"atlas\"");
    let shown = error_for("alloc-product", &[("allocation.json", Some(&allocation))]);
    assert!(
        shown.contains("allocation.json") && shown.contains("atlas"),
        "{shown}"
    );
    let jira = sample_text("jira.json").replace("product:relay", "product:atlas");
    let shown = error_for("jira-product", &[("jira.json", Some(&jira))]);
    assert!(
        shown.contains("jira.json") && shown.contains("atlas"),
        "{shown}"
    );
}

#[test]
fn the_bet_to_accelerate_comes_from_review_json() {
    let review = run(&Inputs::sample().unwrap()).unwrap();
    let d = review.decisions.unwrap();
    // Default: the largest risk-adjusted value among bets that do not start in the
    // first period: harbor-sso-rollout (350,000, no risk score) over pulse-ai-insights
    // (450,000 × (1 − 0.5 × 3/4) = 281,250) and scout-pilot-program (125,000).
    assert_eq!(d.accelerated.as_str(), "harbor-sso-rollout");
    assert_eq!(d.accelerated_chosen_by, "default");
    let settings = sample_text("review.json").replacen(
        "\"kpis\"",
        "\"decisions\": { \"accelerate\": \"scout-pilot-program\" },\n  \"kpis\"",
        1,
    );
    let review = review_with("review.json", &settings).unwrap();
    let d = review.decisions.unwrap();
    assert_eq!(d.accelerated.as_str(), "scout-pilot-program");
    assert_eq!(d.accelerated_chosen_by, "review.json");
    let unknown = settings.replace("\"scout-pilot-program\" }", "\"atlas-launch\" }");
    let e = review_with("review.json", &unknown).unwrap_err();
    assert_eq!(e.file, "in/review.json");
    assert!(e.problem.contains("atlas-launch"), "{e}");
}
