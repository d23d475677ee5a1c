//! Rules of the review that no other test asserted (found by mutation testing, see
//! `docs/mutants.md`): each test states the rule and checks it on values worked out
//! from the rule, not from the code's own output.

// A test fails by panicking with what it saw.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use folio_review::crosscheck::Problem;
use folio_review::input::{MixTarget, SAMPLE, SAMPLE_OPTIONAL};
use folio_review::kpi::BandPosition;
use folio_review::{Inputs, run};
use folio_types::{Decimal, Horizon, Period, Ratio};
use serde_json::{Value, json};

mod common;
use common::load;

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

#[test]
fn a_quarter_listed_twice_reads_differently_from_two_that_overlap() {
    let q1 = period("2026-Q1");
    let twice = Problem::QuartersOverlap {
        first: q1,
        second: q1,
    };
    assert_eq!(twice.to_string(), "2026-Q1 is listed twice");
    let overlap = Problem::QuartersOverlap {
        first: q1,
        second: period("2026-03"),
    };
    assert_eq!(overlap.to_string(), "2026-Q1 and 2026-03 overlap");
}

#[test]
fn an_expected_benefit_in_an_unknown_metric_is_an_error_of_benefits_json() {
    // Every amount of the first case, expected and realized, becomes a value of a
    // metric the catalog lacks.
    fn to_ghost(value: &mut Value) {
        let amount = value
            .pointer("/money/amount")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(amount) = amount {
            *value = json!({"metric": {"metric": "ghost", "value": amount}});
            return;
        }
        match value {
            Value::Array(items) => items.iter_mut().for_each(to_ghost),
            Value::Object(map) => map.values_mut().for_each(to_ghost),
            _ => {}
        }
    }
    let edit = |v: &mut Value| {
        let Some(book) = v.pointer_mut("/book") else {
            panic!("the sample has no benefits book");
        };
        let first = book.pointer("/cases/0/initiative").cloned();
        match book.pointer_mut("/cases/0") {
            Some(case) => to_ghost(case),
            None => panic!("the sample has no benefits case"),
        }
        if let Some(realized) = book.get_mut("realizations").and_then(Value::as_array_mut) {
            realized
                .iter_mut()
                .filter(|r| r.get("initiative") == first.as_ref())
                .for_each(to_ghost);
        }
    };
    match load("benefits.json", edit) {
        Ok(_) => panic!("a benefit in an unknown metric was accepted"),
        Err(e) => {
            assert_eq!(e.file, "in/benefits.json", "{e}");
            assert!(
                e.problem.contains("expected[0]")
                    && e.problem.contains(
                        "names metric \"ghost\", which the catalog of metrics.json does not define"
                    ),
                "{e}"
            );
        }
    }
}

/// Which mix a test reads: the spend mix of the dashboard or the capacity mix of the
/// KPI section.
type Mix = fn(&folio_review::PortfolioReview) -> Vec<folio_review::MixBand>;

fn spend_mix(review: &folio_review::PortfolioReview) -> Vec<folio_review::MixBand> {
    review.dashboard.spend_mix.clone().unwrap().bands
}

fn capacity_mix(review: &folio_review::PortfolioReview) -> Vec<folio_review::MixBand> {
    review.kpis.mix.clone()
}

/// The sample's `mix` with every horizon's target band replaced by `band` of its share,
/// and the position each band reports.
fn positions(
    mix: Mix,
    band: impl Fn(Decimal) -> (Decimal, Decimal),
) -> Vec<(Horizon, BandPosition)> {
    let mut inputs = Inputs::sample().unwrap();
    let shares: Vec<(Horizon, Ratio)> = mix(&run(&inputs).unwrap())
        .iter()
        .map(|b| (b.horizon, b.share))
        .collect();
    assert_eq!(shares.len(), 3);
    for (horizon, share) in &shares {
        let (low, high) = band(share.value());
        inputs.settings.kpis.mix_targets.insert(
            *horizon,
            MixTarget {
                low: Ratio::from_decimal(low),
                high: Ratio::from_decimal(high),
            },
        );
    }
    mix(&run(&inputs).unwrap())
        .iter()
        .map(|b| (b.horizon, b.position.unwrap()))
        .collect()
}

#[test]
fn a_share_on_either_end_of_its_band_is_within_it() {
    // The band is inclusive at both ends (`MixTarget`'s documentation), for the spend
    // mix and the capacity mix alike.
    let step = Decimal::new(1, 6);
    for mix in [spend_mix as Mix, capacity_mix] {
        for within in [
            positions(mix, |s| (s, s)),
            positions(mix, |s| (s, s + step)),
            positions(mix, |s| (s - step, s)),
        ] {
            for (horizon, p) in within {
                assert_eq!(p, BandPosition::Within, "{horizon:?}");
            }
        }
        for (_, p) in positions(mix, |s| (s + step, s + step + step)) {
            assert_eq!(p, BandPosition::Below);
        }
        for (_, p) in positions(mix, |s| (s - step - step, s - step)) {
            assert_eq!(p, BandPosition::Above);
        }
    }
}

/// The sample's `allocation.json` as JSON.
fn allocation_json() -> Value {
    let (_, text) = SAMPLE_OPTIONAL
        .iter()
        .find(|(n, _)| *n == "allocation.json")
        .unwrap();
    serde_json::from_str(text).unwrap()
}

/// The sample with `allocation.json` replaced by `file` in code, so that no check made
/// when files are read runs before the section's own.
fn with_allocation(file: &Value) -> Inputs {
    let mut inputs = Inputs::sample().unwrap();
    inputs.allocation = Some(serde_json::from_value(file.clone()).unwrap());
    inputs
}

/// The initiative at `id` in the portfolio's list, as a mutable JSON object.
fn initiative<'a>(file: &'a mut Value, id: &str) -> &'a mut Value {
    file.pointer_mut("/portfolio/initiatives")
        .and_then(Value::as_array_mut)
        .and_then(|list| list.iter_mut().find(|x| x["id"] == id))
        .unwrap_or_else(|| panic!("the sample has no initiative {id}"))
}

/// Moves the initiative `id` to the end of the portfolio's list.
fn move_last(file: &mut Value, id: &str) {
    let list = file
        .pointer_mut("/portfolio/initiatives")
        .and_then(Value::as_array_mut)
        .unwrap();
    let at = list.iter().position(|x| x["id"] == id).unwrap();
    let moved = list.remove(at);
    list.push(moved);
}

fn default_bet(file: &Value) -> String {
    let section = folio_review::decisions::section(&with_allocation(file))
        .unwrap()
        .unwrap();
    assert_eq!(section.accelerated_chosen_by, "default");
    section.accelerated.to_string()
}

#[test]
fn the_default_bet_is_the_largest_risk_adjusted_value_ties_by_id_in_any_order() {
    // The initiatives that do not start in the first period are harbor-sso-rollout (npv
    // 350,000, no risk score: 350,000), pulse-ai-insights (450,000 at risk 4: a haircut
    // of 0.5 x 3/4, so 281,250) and scout-pilot-program (200,000 at risk 4: 125,000).
    let mut file = allocation_json();
    assert_eq!(default_bet(&file), "harbor-sso-rollout");
    move_last(&mut file, "harbor-sso-rollout");
    assert_eq!(default_bet(&file), "harbor-sso-rollout");
    // scout at 560,000 is worth 350,000 after its haircut: a tie, which the smaller id
    // wins wherever it is listed.
    initiative(&mut file, "scout-pilot-program")["value"]["npv"] = json!("560000");
    assert_eq!(default_bet(&file), "harbor-sso-rollout");
    let mut first = file.clone();
    move_last(&mut first, "pulse-ai-insights");
    move_last(&mut first, "scout-pilot-program");
    assert_eq!(default_bet(&first), "harbor-sso-rollout");
    // One more dollar of npv (0.625 of it after the haircut) and scout is the bet.
    initiative(&mut file, "scout-pilot-program")["value"]["npv"] = json!("560001");
    assert_eq!(default_bet(&file), "scout-pilot-program");
    move_last(&mut file, "scout-pilot-program");
    move_last(&mut file, "harbor-sso-rollout");
    assert_eq!(default_bet(&file), "scout-pilot-program");
}

#[test]
fn the_decisions_section_checks_its_own_ids_when_called_alone() {
    let mut file = allocation_json();
    initiative(&mut file, "relay-v1-connectors")["product"] = json!("zeta");
    let error = folio_review::decisions::section(&with_allocation(&file)).unwrap_err();
    assert_eq!(error.file, "sample/allocation.json", "{error}");
    assert_eq!(
        error.problem,
        "initiative relay-v1-connectors belongs to product zeta, which structure.json does not list"
    );
    let mut file = allocation_json();
    initiative(&mut file, "relay-v1-connectors")["key_results"] = json!({"ghost-kr": "0.1"});
    let error = folio_review::decisions::section(&with_allocation(&file)).unwrap_err();
    assert_eq!(
        error.problem,
        "initiative relay-v1-connectors moves key result ghost-kr, which portfolio.json does not hold"
    );
}

#[test]
fn the_delivery_section_checks_its_own_ids_when_called_alone() {
    let mut inputs = Inputs::sample().unwrap();
    let items = inputs.jira.as_mut().unwrap();
    let id = items[0].id.clone();
    items[0].key_results.push("ghost-kr".parse().unwrap());
    let error = folio_review::delivery::section(&inputs).unwrap_err();
    assert_eq!(error.file, "sample/jira.json", "{error}");
    assert_eq!(
        error.problem,
        format!("item {id} is tied to key result ghost-kr, which portfolio.json does not hold")
    );
}

#[test]
fn an_allocation_request_goes_to_the_product_of_its_key_result() {
    let inputs = Inputs::sample().unwrap();
    let review = run(&inputs).unwrap();
    let requests: Vec<_> = review
        .okr
        .readout
        .reallocation
        .iter()
        .filter(|r| r.source == folio_okr::tracking::RequestSource::Allocation)
        .collect();
    assert!(!requests.is_empty());
    for r in requests {
        let kr = r.key_result.as_ref().unwrap();
        let owner = &inputs
            .portfolio
            .key_results
            .iter()
            .find(|k| &k.id == kr)
            .unwrap()
            .product;
        assert_eq!(&r.to, owner, "{r:?}");
    }
    // allocation.json: the recommendation moves people from relay-v1-connectors, an
    // initiative of relay's.
    let from: Vec<&str> = review
        .okr
        .readout
        .reallocation
        .iter()
        .filter(|r| r.source == folio_okr::tracking::RequestSource::Allocation)
        .filter_map(|r| r.from.as_deref())
        .collect();
    assert_eq!(from, ["initiative relay-v1-connectors (relay)"]);
}

/// The sample's review with `edit` applied to `metrics.json`.
fn review_with_metrics(edit: impl Fn(&mut Value)) -> folio_review::PortfolioReview {
    run(&load("metrics.json", edit).unwrap()).unwrap()
}

fn questions(review: &folio_review::PortfolioReview) -> Vec<String> {
    review
        .okr
        .readout
        .questions
        .iter()
        .map(|q| q.question.clone())
        .collect()
}

/// Sets `metric` of `product` in `period` to `value` in metrics.json.
fn observe(v: &mut Value, metric: &str, product: &str, period: &str, value: &str) {
    let found = v["observations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .filter(|o| o["metric"] == metric && o["product"] == product && o["period"] == period)
        .map(|o| o["value"] = json!(value))
        .count();
    assert_eq!(found, 1, "{metric} {product} {period}");
}

#[test]
fn concentration_is_questioned_only_when_it_rose_two_quarters_running() {
    // The sample's revenue concentration rises from 2026-Q1 to Q2 to Q3.
    assert!(
        questions(&review_with_metrics(|_| {}))
            .iter()
            .any(|q| q.contains("concentration"))
    );
    // The same revenue in Q2 as in Q1: it rose only once.
    let flat_then_up = review_with_metrics(|v| {
        for (product, value) in [
            ("ledger", "3020000"),
            ("pulse", "2800000"),
            ("relay", "780000"),
            ("harbor", "1250000"),
            ("scout", "150000"),
        ] {
            observe(v, "revenue", product, "2026-Q2", value);
        }
    });
    let asked = questions(&flat_then_up);
    assert!(
        !asked.iter().any(|q| q.contains("concentration")),
        "{asked:#?}"
    );
    // The same revenue in Q3 as in Q2: it rose, then stayed.
    let up_then_flat = review_with_metrics(|v| {
        for (product, value) in [
            ("ledger", "3030000"),
            ("pulse", "3800000"),
            ("relay", "760000"),
            ("harbor", "1300000"),
            ("scout", "220000"),
        ] {
            observe(v, "revenue", product, "2026-Q3", value);
        }
    });
    let asked = questions(&up_then_flat);
    assert!(
        !asked.iter().any(|q| q.contains("concentration")),
        "{asked:#?}"
    );
}

#[test]
fn a_declining_line_without_a_fix_or_sunset_alert_gets_the_open_question() {
    // The adoption rule asks for a review instead of a fix-or-sunset plan: the line is
    // still declining two quarters running, and the rule's alert is still evidence, but
    // the question does not say the trigger fired.
    let review = review_with_metrics(|v| {
        v["rules"][0]["action"] = json!({"custom": "adoption review"});
    });
    let asked = questions(&review);
    assert!(
        asked.contains(
            &"Product line integrations is declining two quarters running: fix it, or plan its sunset?"
                .to_owned()
        ),
        "{asked:#?}"
    );
    assert!(
        !asked.iter().any(|q| q.starts_with("Fix or sunset")),
        "{asked:#?}"
    );
}

#[test]
fn a_line_declining_in_the_latest_quarter_only_is_not_asked_about() {
    // Integrations (relay alone) gets two declining votes of three in each quarter of
    // the sample (review.json: revenue growth at most -1%, retention at most 95,
    // adoption down 2 points or more). With relay's NRR at 100 and its adoption unchanged
    // in 2026-Q2, only revenue votes declining there; 2026-Q3 still has three votes.
    let review = review_with_metrics(|v| {
        observe(v, "nrr", "relay", "2026-Q2", "100");
        observe(v, "adoption", "relay", "2026-Q2", "28");
    });
    let latest = review
        .kpis
        .lines
        .iter()
        .find(|l| l.line.as_str() == "integrations")
        .unwrap();
    assert_eq!(latest.class, folio_metrics::LineClass::Declining);
    let asked = questions(&review);
    assert!(
        !asked
            .iter()
            .any(|q| q.contains("integrations") && q.contains("two quarters running")),
        "{asked:#?}"
    );
}

#[test]
fn only_bets_below_their_band_are_starved_never_the_core() {
    // Every horizon's band is 99% to 100% of capacity and of spend: every share is
    // below its band, and the evidence names the grow and explore horizons, by capacity
    // and by spend, but never the core, which is not a bet.
    let mut inputs = Inputs::sample().unwrap();
    for horizon in [Horizon::Core, Horizon::Grow, Horizon::Explore] {
        inputs.settings.kpis.mix_targets.insert(
            horizon,
            MixTarget {
                low: Ratio::from_decimal(Decimal::new(99, 2)),
                high: Ratio::ONE,
            },
        );
    }
    let review = run(&inputs).unwrap();
    let starved = review
        .okr
        .readout
        .questions
        .iter()
        .find(|q| q.question.contains("starved"))
        .unwrap();
    for horizon in ["grow", "explore"] {
        for by in ["capacity", "spend"] {
            let needle = format!("the {horizon} horizon has ");
            assert!(
                starved
                    .evidence
                    .iter()
                    .any(|e| e.starts_with(&needle) && e.contains(&format!(" of {by} in "))),
                "{horizon} by {by}: {:#?}",
                starved.evidence
            );
        }
    }
    assert!(
        !starved.evidence.iter().any(|e| e.contains("core horizon")),
        "{:#?}",
        starved.evidence
    );
}

fn starved_evidence(review: &folio_review::PortfolioReview) -> Vec<String> {
    review
        .okr
        .readout
        .questions
        .iter()
        .filter(|q| q.question.contains("starved"))
        .flat_map(|q| q.evidence.clone())
        .collect()
}

#[test]
fn an_explore_bet_is_starved_only_below_its_planned_capacity() {
    // 2026-Q3 (metrics.json): scout, the only explore product, has 10 of its 12 planned
    // engineers; harbor (grow) has 18 of 22, short too, but it is not an explore bet.
    let evidence = starved_evidence(&run(&Inputs::sample().unwrap()).unwrap());
    assert!(
        evidence
            .iter()
            .any(|e| e.starts_with("explore bet scout has 10 of its planned 12")),
        "{evidence:#?}"
    );
    assert!(
        !evidence.iter().any(|e| e.contains("bet harbor")),
        "{evidence:#?}"
    );
    // Scout at its plan is not starved.
    let at_plan = review_with_metrics(|v| observe(v, "capacity_fte", "scout", "2026-Q3", "12"));
    let evidence = starved_evidence(&at_plan);
    assert!(
        !evidence.iter().any(|e| e.contains("explore bet")),
        "{evidence:#?}"
    );
}

/// A sample file as plain JSON.
fn sample_file(name: &str) -> Value {
    let (_, text) = SAMPLE.iter().find(|(n, _)| *n == name).unwrap();
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_roadmap_lists_each_checked_in_key_result_under_each_umbrella_objective() {
    // Worked out from portfolio.json and checkins.json alone: a leaf key result (no key
    // result contributes to it) is on the roadmap when it has a check-in by the review
    // date, once under every portfolio-tier
    // objective it reaches by following `contributes_to` upwards, sorted by objective,
    // product and key result.
    let portfolio = sample_file("portfolio.json");
    let as_of = sample_file("review.json")["as_of"]
        .as_str()
        .unwrap()
        .to_owned();
    let objectives = portfolio["objectives"].as_array().unwrap();
    let key_results = portfolio["key_results"].as_array().unwrap();
    let targets = |node: &Value| -> Vec<(String, String)> {
        node["contributes_to"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|c| {
                        let (kind, id) = c["to"].as_object().unwrap().iter().next().unwrap();
                        (kind.clone(), id.as_str().unwrap().to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let checked_in: std::collections::BTreeSet<String> = sample_file("checkins.json")["check_ins"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["date"].as_str().unwrap() <= as_of.as_str())
        .map(|c| c["key_result"].as_str().unwrap().to_owned())
        .collect();
    let parents: std::collections::BTreeSet<(String, String)> =
        key_results.iter().flat_map(targets).collect();
    let mut expected = Vec::new();
    for kr in key_results {
        let id = kr["id"].as_str().unwrap();
        if !checked_in.contains(id) || parents.contains(&("key_result".to_owned(), id.to_owned())) {
            continue;
        }
        let mut umbrellas = std::collections::BTreeSet::new();
        let mut todo = targets(kr);
        while let Some((kind, to)) = todo.pop() {
            let node = if kind == "objective" {
                objectives.iter().find(|o| o["id"] == to.as_str())
            } else {
                key_results.iter().find(|k| k["id"] == to.as_str())
            }
            .unwrap();
            if kind == "objective" && node["tier"] == "portfolio" {
                umbrellas.insert(to);
            } else {
                todo.extend(targets(node));
            }
        }
        for objective in umbrellas {
            expected.push((
                objective,
                kr["product"].as_str().unwrap().to_owned(),
                id.to_owned(),
            ));
        }
    }
    expected.sort();
    let review = run(&Inputs::sample().unwrap()).unwrap();
    let rows: Vec<(String, String, String)> = review
        .okr
        .roadmap
        .iter()
        .map(|r| {
            (
                r.objective.to_string(),
                r.product.to_string(),
                r.key_result.to_string(),
            )
        })
        .collect();
    assert!(expected.len() > 5, "{expected:?}");
    assert_eq!(rows, expected);
}

#[test]
fn tables_align_their_first_column_left_and_the_others_right() {
    let review = run(&Inputs::sample().unwrap()).unwrap();
    // Markdown: the rule under the KPI table's header says so, column by column.
    let markdown = folio_review::render(&review, folio_review::Format::Markdown).unwrap();
    let lines: Vec<&str> = markdown.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("| metric |"))
        .unwrap();
    let columns = lines[header].matches(" | ").count() + 1;
    let mut rule = String::from("|---|");
    for _ in 1..columns {
        rule.push_str("---:|");
    }
    assert_eq!(lines[header + 1], rule);
    // Text: the header and every row of the KPI table end in the same column (the last
    // column is right-aligned and as wide as its widest cell), and the first column's
    // cells start right after the indent.
    let text = folio_review::render(&review, folio_review::Format::Text).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("  metric "))
        .unwrap();
    let width = lines[header].chars().count();
    let rows: Vec<&str> = lines[header + 1..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect();
    assert!(rows.len() >= 3, "{rows:?}");
    for row in rows {
        assert_eq!(row.chars().count(), width, "{row:?}");
        assert!(row.starts_with("  ") && !row.starts_with("   "), "{row:?}");
    }
}

#[test]
fn the_text_review_lists_the_recovery_plans_and_how_the_scorecard_adds_up() {
    let review = run(&Inputs::sample().unwrap()).unwrap();
    for format in [folio_review::Format::Text, folio_review::Format::Markdown] {
        let text = folio_review::render(&review, format).unwrap();
        let after = |heading: &str| {
            let at = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
            text[at..].to_owned()
        };
        // Every off-track key result's plan, under its heading: relay-sync's in the sample.
        let plans = after("Recovery plans");
        let mut listed = 0;
        for o in &review.okr.readout.off_track {
            if let Some(plan) = &o.plan {
                listed += 1;
                assert!(plans.contains(&plan.owner.to_string()), "{plans}");
                assert!(plans.contains(&plan.description), "{plans}");
            }
        }
        assert!(listed > 0);
        // Every explanation, line by line, under its heading.
        let explained = after("How the scorecard adds up");
        assert!(!review.okr.explanations.is_empty());
        for e in &review.okr.explanations {
            for line in e.to_string().trim_end().lines() {
                assert!(explained.contains(line), "{line}");
            }
        }
    }
}

#[test]
fn the_kpi_rollup_shows_each_objectives_value_in_its_metrics_unit() {
    // kpi.json: NRR is a percentage and revenue is money in USD (metrics.json's
    // catalog); the sample's 2026-Q3 revenue is 3,050,000 + 5,000,000 + 740,000 +
    // 1,350,000 + 300,000 = 10,440,000.
    let review = run(&Inputs::sample().unwrap()).unwrap();
    let text = folio_review::render(&review, folio_review::Format::Text).unwrap();
    let nrr = text
        .lines()
        .find_map(|l| l.strip_prefix("  Portfolio NRR to 115%: nrr "))
        .unwrap();
    let (value, rest) = nrr.split_once(", progress ").unwrap();
    let number = value.strip_suffix('%').unwrap_or_else(|| panic!("{value}"));
    assert!(
        number.parse::<Decimal>().is_ok() && rest.ends_with('%'),
        "{nrr}"
    );
    assert!(
        text.contains("  Quarterly revenue to 11.5M: revenue 10,440,000 USD, progress "),
        "{text}"
    );
}

#[test]
fn a_stale_key_result_is_said_stale_once_and_only_its_own_item_says_so() {
    // checkins.json: scout-pilots' last check-in is 2026-11-06, 24 days before the
    // review; it is also an exception (stale), so its staleness is said in that item
    // and not again. relay-sync, off track but updated, is not stale.
    let review = run(&Inputs::sample().unwrap()).unwrap();
    let page = folio_review::render(&review, folio_review::Format::Html).unwrap();
    let start = page.find("id=\"decisions\"").unwrap();
    let end = start + page[start..].find("</section>").unwrap();
    let decisions = &page[start..end];
    let items: Vec<&str> = decisions.split("<li").skip(1).collect();
    let stale = "no update for 24 days: retirement recommended";
    let saying: Vec<&&str> = items.iter().filter(|i| i.contains(stale)).collect();
    assert_eq!(saying.len(), 1, "{items:#?}");
    assert!(saying[0].contains("scout-pilots"), "{}", saying[0]);
    let relay = items
        .iter()
        .find(|i| i.contains("relay-sync") && i.contains("off track"))
        .unwrap();
    assert!(!relay.contains("no update for"), "{relay}");
}

fn sample_text() -> (folio_review::PortfolioReview, String) {
    let review = run(&Inputs::sample().unwrap()).unwrap();
    let text = folio_review::render(&review, folio_review::Format::Text).unwrap();
    (review, text)
}

#[test]
fn the_text_review_words_alerts_risk_trends_payback_and_the_spend_mix() {
    let (review, text) = sample_text();
    // metrics.json's rules, in words: adoption below 30 asks for a fix-or-sunset plan,
    // tickets per account above 5 for a cost-to-serve review.
    for needle in [
        "adoption-fix-or-sunset for relay: adoption below 30 (",
        "); requires a fix-or-sunset plan",
        "cost-to-serve for relay: tickets_per_account above 5 (",
        "); requires a cost-to-serve review",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    // Each product's risk line: its score, then an arrow up for a higher score than the
    // previous assessment's, across for the same, down for a lower.
    let mut arrows = std::collections::BTreeSet::new();
    for t in &review.risk.products {
        let change = t.change.as_ref().unwrap();
        let arrow = match change.delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => '↑',
            std::cmp::Ordering::Equal => '→',
            std::cmp::Ordering::Less => '↓',
        };
        arrows.insert(arrow);
        let start = format!("  {}: {} ", t.current.product, t.current.score);
        let line = text
            .lines()
            .find(|l| l.starts_with(&start))
            .unwrap_or_else(|| panic!("no risk line for {start}"));
        assert!(
            line.contains(&format!(", {arrow} from {}; drivers: ", change.previous)),
            "{line}"
        );
    }
    assert_eq!(arrows.len(), 3, "the sample has every kind of change");
    // roi.json: relay-sync-rewrite invests 1,100,000 (people 900,000, opportunity
    // 200,000) for 660,000 of benefits: it never pays back, 440,000 short.
    let relay = text
        .lines()
        .find(|l| l.starts_with("  relay-sync-rewrite "))
        .unwrap();
    assert!(
        relay.contains("-40%") && relay.contains("never (short 440,000)"),
        "{relay}"
    );
    // The spend mix beside the capacity mix (metrics.json, 2026-Q3): capacity 64 of
    // 130 in the core (ledger 30, relay 34), 56 in grow (pulse 38, harbor 18), 10 in
    // explore (scout): 49.2%, 43.1% and 7.7%.
    for (horizon, capacity) in [("core", "49.2%"), ("grow", "43.1%"), ("explore", "7.7%")] {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("  {horizon} ")) && l.contains("%"))
            .unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[3], capacity, "{row}");
    }
}

#[test]
fn the_text_review_shows_benefits_decisions_and_delivery() {
    let (review, text) = sample_text();
    // benefits.json: harbor-sso-rollout expects 30,000 USD at each of its first three
    // checkpoints and 90,000 at the fourth; 27,000, 31,000 and 33,000 were recorded:
    // 91,000 of the 90,000 due, a rate of 101.1%.
    for needle in [
        "  harbor-sso-rollout (platform, lena): realized 91,000 USD of 90,000 USD expected, rate 101.1%, variance +1.1%",
        ": expected 30,000 USD, 27,000 USD (-10%), recorded",
        ": expected 30,000 USD, 31,000 USD (+3.3%), recorded",
        ": expected 90,000 USD, nothing recorded",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    // The decisions: review.json names no cut, so the default 15% of spend.
    let decisions = text.split("\nDecisions\n").nth(1).unwrap();
    assert!(
        decisions.contains("If we cut 15% of spend: protect "),
        "{decisions}"
    );
    // The delivery flow: a row for the portfolio and one per product with done items.
    let delivery = text.split("\nDelivery\n").nth(1).unwrap();
    let flow = review.delivery.as_ref().unwrap();
    assert!(!flow.products.is_empty());
    for row in std::iter::once(&flow.portfolio).chain(&flow.products) {
        assert!(
            delivery
                .lines()
                .any(|l| l.trim_start().starts_with(&row.label)
                    && l.split_whitespace().any(|c| c == row.done.to_string())),
            "{}: {delivery}",
            row.label
        );
    }
}

#[test]
fn a_stale_key_result_that_is_not_an_exception_gets_its_own_item() {
    let mut review = run(&Inputs::sample().unwrap()).unwrap();
    review
        .okr
        .readout
        .exceptions
        .retain(|e| e.key_result.as_str() != "scout-pilots");
    assert!(!review.okr.readout.exceptions.is_empty());
    let page = folio_review::render(&review, folio_review::Format::Html).unwrap();
    let start = page.find("id=\"decisions\"").unwrap();
    let end = start + page[start..].find("</section>").unwrap();
    let items: Vec<&str> = page[start..end].split("<li").skip(1).collect();
    let stale: Vec<&&str> = items
        .iter()
        .filter(|i| i.contains("no update for 24 days: retirement recommended"))
        .collect();
    assert_eq!(stale.len(), 1, "{items:#?}");
    assert!(stale[0].contains("scout-pilots"), "{}", stale[0]);
}
