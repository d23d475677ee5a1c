//! The cascade check's add-up chart and findings, and the executive dashboard's spend
//! mix: which label each contributor's bar carries, the bars' alternating fills, the
//! sentence for a cascade where every goal adds up, the SMART summary and the spend
//! mix's description. Every expected value is worked out by hand from the chart's
//! layout and the sample's numbers, as written in each test.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use folio_okr::{AddUpFinding, Aggregate, SmartCheck, SmartFailure};
use folio_review::{Format, PortfolioReview, render};
use folio_types::Decimal;

mod common;
use common::svg::{add_up_chart, close, number};
use common::{parse, sample};

/// The contributors' bars of an add-up chart, in stack order, as (x, width, fill).
fn stack(svg: roxmltree::Node<'_, '_>) -> Vec<(f64, f64, String)> {
    (0..)
        .map_while(|i| {
            svg.descendants().find(|n| {
                n.tag_name().name() == "rect"
                    && n.attribute("data-path")
                        .is_some_and(|p| p.ends_with(&format!("/contributors/{i}/1")))
            })
        })
        .map(|n| {
            (
                number(n, "x"),
                number(n, "width"),
                n.attribute("fill").unwrap().to_owned(),
            )
        })
        .collect()
}

/// The label written in the middle of each bar (`None` for a bar without one).
fn labels(svg: roxmltree::Node<'_, '_>) -> Vec<Option<String>> {
    let texts: Vec<_> = svg
        .descendants()
        .filter(|n| n.tag_name().name() == "text" && n.attribute("class") == Some("light"))
        .collect();
    stack(svg)
        .iter()
        .map(|(x, w, _)| {
            let inside: Vec<_> = texts
                .iter()
                .filter(|t| close(number(**t, "x"), x + w / 2.0))
                .collect();
            assert!(inside.len() <= 1, "two labels on the bar at {x}");
            inside.first().map(|t| {
                assert!(close(number(**t, "y"), 45.0));
                assert_eq!(t.attribute("text-anchor"), Some("middle"));
                t.text().unwrap().to_owned()
            })
        })
        .collect()
}

#[test]
fn the_sample_add_up_bars_carry_the_id_the_product_or_nothing_as_room_allows() {
    // kpi.json's revenue-11m: the key results' revenue targets 1.45M (harbor), 3.2M
    // (ledger), 5.2M (pulse), 0.8M (relay) and 0.35M (scout), in id order, stacked on
    // a 600-unit plot from x = 10 that reaches the goal's 11.5M: 75.7, 167.0, 271.3,
    // 41.7 and 18.3 units. A label needs 12 units of margin and 6.5 a character:
    // "harbor-revenue" (103) does not fit in 75.7 but "harbor" (51) does;
    // "ledger-revenue" (103) and "pulse-revenue" (96.5) fit; neither "relay" nor
    // "scout" (44.5) fits in 41.7 or 18.3, so those bars carry no label.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let svg = add_up_chart(&doc);
    let bars = stack(svg);
    let per = 600.0 / 11_500_000.0;
    let widths = [1_450_000.0, 3_200_000.0, 5_200_000.0, 800_000.0, 350_000.0].map(|v| v * per);
    assert_eq!(bars.len(), 5);
    let mut x = 10.0;
    for ((bx, bw, _), w) in bars.iter().zip(widths) {
        assert!(close(*bx, x) && close(*bw, w), "{bx} {bw}: {x} {w}");
        x += w;
    }
    assert_eq!(
        labels(svg),
        [
            Some("harbor".to_owned()),
            Some("ledger-revenue".to_owned()),
            Some("pulse-revenue".to_owned()),
            None,
            None
        ]
    );
    // The fills alternate between the first two series colours, from the first: navy,
    // then the lighter blue.
    let fills: Vec<&str> = bars.iter().map(|(_, _, fill)| fill.as_str()).collect();
    assert_eq!(
        fills,
        ["#1f3a5f", "#5b7fa6", "#1f3a5f", "#5b7fa6", "#1f3a5f"]
    );
}

#[test]
fn a_label_needs_more_room_than_its_estimate_not_just_as_much() {
    // The same goal with a target of 600 and contributors of 103, 200, 100, 50 and 47
    // (500 in all, 100 short): one unit of value is one unit of the 600-unit plot. The
    // first bar is 103 units, exactly the 12 + 6.5 x 14 that "harbor-revenue" needs,
    // so the label falls back to "harbor"; the second, 200 units, holds
    // "ledger-revenue"; the third, 100 units, holds "pulse-revenue" (96.5); the last
    // two, 50 and 47, hold "relay" and "scout" (44.5).
    let d = Decimal::from;
    let mut review = sample();
    let finding = &mut review.kpi_rollup.cascade.add_up[0];
    for ((_, v), value) in finding.contributors.iter_mut().zip([103, 200, 100, 50, 47]) {
        *v = d(value);
    }
    finding.aggregate = Aggregate::Exact { value: d(500) };
    finding.target = d(600);
    finding.finding = AddUpFinding::Shortfall {
        amount: d(100),
        progress_when_met: None,
    };
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = add_up_chart(&doc);
    let bars = stack(svg);
    assert!(close(bars[0].1, 103.0));
    assert_eq!(
        labels(svg),
        [
            Some("harbor".to_owned()),
            Some("ledger-revenue".to_owned()),
            Some("pulse-revenue".to_owned()),
            Some("relay".to_owned()),
            Some("scout".to_owned())
        ]
    );
}

/// The text of the cascade section.
fn cascade_text(review: &PortfolioReview) -> String {
    let page = render(review, Format::Html).unwrap();
    let doc = parse(&page);
    let section = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("cascade"))
        .unwrap();
    section.descendants().filter_map(|n| n.text()).collect()
}

#[test]
fn the_cascade_says_every_goal_adds_up_only_when_none_falls_short() {
    let every = "Every goal with a metric target adds up";
    let mut review = sample();
    // The sample's revenue-11m falls short: a chart, and not the sentence.
    assert!(!cascade_text(&review).contains(every));
    review.kpi_rollup.cascade.add_up.clear();
    assert!(review.okr.cascade.add_up.is_empty() && review.say_do.cascade.add_up.is_empty());
    assert!(cascade_text(&review).contains(every));
}

#[test]
fn the_smart_line_counts_failures_by_criterion_most_frequent_first() {
    // Five goals of portfolio.json: one without a target, deadline or theme, two
    // without a deadline, one without a target or theme, and one that passes. Four of
    // five fail; three are not time-bound, two not measurable and two not relevant
    // (a tie, in name order).
    let mut review = sample();
    let smart = &mut review.okr.cascade.smart;
    let template = smart[0].clone();
    let check = |failures: Vec<SmartFailure>| {
        let has = |f: &SmartFailure| failures.contains(f);
        SmartCheck {
            measurable: !has(&SmartFailure::NoTarget),
            time_bound: !has(&SmartFailure::NoDeadline),
            achievable: true,
            relevant: !has(&SmartFailure::NoTheme),
            cross_cutting: None,
            failures,
            ..template.clone()
        }
    };
    *smart = vec![
        check(vec![
            SmartFailure::NoTarget,
            SmartFailure::NoDeadline,
            SmartFailure::NoTheme,
        ]),
        check(vec![SmartFailure::NoDeadline]),
        check(vec![]),
        check(vec![SmartFailure::NoTarget, SmartFailure::NoTheme]),
        check(vec![SmartFailure::NoDeadline]),
    ];
    let text = cascade_text(&review);
    let line = "portfolio.json: 4 of 5 goals fail the SMART check (3 not time bound, 2 not measurable, 2 not relevant)";
    assert!(text.contains(line), "{text}");
    // Without a failure the line has no parenthesis.
    review.okr.cascade.smart = vec![check(vec![]), check(vec![])];
    let text = cascade_text(&review);
    assert!(
        text.contains("portfolio.json: 0 of 2 goals fail the SMART check"),
        "{text}"
    );
    assert!(
        !text.contains("portfolio.json: 0 of 2 goals fail the SMART check ("),
        "{text}"
    );
}

/// A share as the spend mix writes it: a percentage to one decimal.
fn percent(v: Decimal) -> String {
    let p: f64 = v.to_string().parse().unwrap();
    format!("{}%", (p * 1000.0).round() / 10.0)
}

#[test]
fn the_spend_mix_description_pairs_each_horizon_with_its_own_capacity_share() {
    // Each horizon's share of spend is described beside the share of capacity of the
    // same horizon (kpis.mix), then its band: "<horizon> <share> of spend, <share>
    // of capacity, band <low>-<high>".
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("chart-spend-mix"))
        .unwrap();
    let desc = svg
        .descendants()
        .find(|n| n.tag_name().name() == "desc")
        .unwrap()
        .text()
        .unwrap();
    let s = review.dashboard.spend_mix.as_ref().unwrap();
    let mut distinct = std::collections::BTreeSet::new();
    for b in &s.bands {
        let name = serde_json::to_value(b.horizon).unwrap();
        let m = review
            .kpis
            .mix
            .iter()
            .find(|m| m.horizon == b.horizon)
            .unwrap();
        distinct.insert(percent(m.share.value()));
        let wanted = format!(
            "{} {} of spend, {} of capacity",
            name.as_str().unwrap(),
            percent(b.share.value()),
            percent(m.share.value())
        );
        assert!(desc.contains(&wanted), "{wanted} not in {desc}");
    }
    // The horizons' capacity shares differ, so a share of the wrong horizon shows.
    assert_eq!(distinct.len(), s.bands.len());
}

#[test]
fn the_spend_mix_table_gives_each_horizon_its_own_capacity_share() {
    // The table under the spend mix: per horizon its spend, share of spend, share of
    // capacity (kpis.mix of the same horizon), band and position.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let table = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "caption"
                && n.text()
                    .is_some_and(|t| t.starts_with("Investment mix by spend"))
        })
        .unwrap()
        .parent()
        .unwrap();
    let rows: Vec<_> = table
        .descendants()
        .filter(|n| n.tag_name().name() == "tr" && n.parent().unwrap().tag_name().name() == "tbody")
        .collect();
    let s = review.dashboard.spend_mix.as_ref().unwrap();
    assert_eq!(rows.len(), s.bands.len());
    for (row, b) in rows.iter().zip(&s.bands) {
        let cells: Vec<String> = row
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|n| n.text().unwrap_or("").to_owned())
            .collect();
        let name = serde_json::to_value(b.horizon).unwrap();
        assert_eq!(cells[0], name.as_str().unwrap());
        let (k, m) = review
            .kpis
            .mix
            .iter()
            .enumerate()
            .find(|(_, m)| m.horizon == b.horizon)
            .unwrap();
        assert_eq!(cells[2], percent(b.share.value()));
        assert_eq!(cells[3], percent(m.share.value()), "{}", cells[0]);
        let cell = row
            .children()
            .filter(roxmltree::Node::is_element)
            .nth(3)
            .unwrap();
        assert_eq!(
            cell.attribute("data-path"),
            Some(format!("/kpis/mix/{k}/share").as_str())
        );
    }
}

#[test]
fn the_spend_mix_axis_spans_the_rows_and_the_box_ends_under_its_numbers() {
    // Layout: rows 46 high from y = 28, three horizons in the sample, so the rows end
    // at 28 + 3 x 46 = 166. The percentage axis from 0% to 100% in steps of 25% has a
    // grid line from the rows' top to their bottom at x = 90 + 520 x share, its number
    // 13 under the bottom (179), and the box ends 24 under the rows (190).
    let review = sample();
    assert_eq!(review.dashboard.spend_mix.as_ref().unwrap().bands.len(), 3);
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("chart-spend-mix"))
        .unwrap();
    assert_eq!(svg.attribute("viewBox"), Some("0 0 720 190"));
    for (k, label) in ["0%", "25%", "50%", "75%", "100%"].iter().enumerate() {
        let x = 90.0 + 130.0 * k as f64;
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "line"
                && n.attribute("stroke") == Some("#c9ced6")
                && close(number(n, "x1"), x)
                && close(number(n, "x2"), x)
                && close(number(n, "y1"), 28.0)
                && close(number(n, "y2"), 166.0)),
            "no grid line at {label}"
        );
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "text"
                && n.text() == Some(label)
                && close(number(n, "x"), x)
                && close(number(n, "y"), 179.0)),
            "no {label} under the axis"
        );
    }
}
