//! Where the risk, ROI and payback, benefits, scorecard and roadmap charts put the marks
//! and table cells that the other geometry tests leave open: each expected place follows
//! from the chart's layout, written in its test, and the sample's numbers.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use folio_review::{Format, render};

mod common;
use common::svg::{chart, close, number, text_reading};
use common::{parse, sample};

/// The table whose caption starts with `caption`: its header cells' texts and, per body
/// row, its cells (the row header first).
fn table<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    caption: &str,
) -> (Vec<String>, Vec<Vec<roxmltree::Node<'a, 'i>>>) {
    let table = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "table"
                && n.children().any(|c| {
                    c.tag_name().name() == "caption"
                        && c.text().is_some_and(|t| t.starts_with(caption))
                })
        })
        .unwrap_or_else(|| panic!("no table {caption}"));
    let section = |name: &str| {
        table
            .children()
            .find(|n| n.tag_name().name() == name)
            .unwrap()
    };
    let header = section("thead")
        .descendants()
        .filter(|n| n.tag_name().name() == "th")
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect();
    let rows = section("tbody")
        .children()
        .filter(|n| n.tag_name().name() == "tr")
        .map(|tr| tr.children().filter(roxmltree::Node::is_element).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_risk_table_puts_each_dimension_in_its_own_column() {
    // The table reads: product, one column per dimension in name order, the overall
    // score, the band and the change. A product's cell under a dimension is that
    // dimension's current score, followed by its change in brackets with its sign
    // ("+" for zero and up), or "-" when the product has no current score there.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let (header, rows) = table(&doc, "Risk scores");
    let mut dims: Vec<String> = review
        .risk
        .products
        .iter()
        .flat_map(|p| p.dimensions.iter().map(|d| d.dimension.to_string()))
        .collect();
    dims.sort();
    dims.dedup();
    assert_eq!(dims.len(), 4);
    let mut wanted = vec!["product".to_owned()];
    wanted.extend(dims.iter().cloned());
    wanted.extend(["score", "band", "change"].map(str::to_owned));
    assert_eq!(header, wanted);
    assert_eq!(rows.len(), review.risk.products.len());
    let mut changes = 0;
    for (i, (row, p)) in rows.iter().zip(&review.risk.products).enumerate() {
        assert_eq!(row.len(), dims.len() + 4, "row {i}");
        assert_eq!(row[0].text(), Some(p.current.product.as_str()));
        for (j, name) in dims.iter().enumerate() {
            let cell = row[j + 1];
            let at = p
                .dimensions
                .iter()
                .position(|d| d.dimension.to_string() == *name);
            let Some(k) = at else {
                assert_eq!(cell.text(), Some("-"), "row {i}, {name}");
                continue;
            };
            let d = &p.dimensions[k];
            let Some(score) = d.current else {
                assert_eq!(cell.text(), Some("-"), "row {i}, {name}");
                continue;
            };
            assert_eq!(
                cell.attribute("data-path"),
                Some(format!("/risk/products/{i}/dimensions/{k}/current").as_str()),
                "row {i}, {name}"
            );
            let text = match &d.change {
                Some(c) => {
                    changes += 1;
                    let delta = c.delta.to_string();
                    let sign = if delta.starts_with('-') { "" } else { "+" };
                    format!("{} ({sign}{delta})", score.value())
                }
                None => score.value().to_string(),
            };
            assert_eq!(cell.text(), Some(text.as_str()), "row {i}, {name}");
        }
        let score = row[dims.len() + 1];
        assert_eq!(
            score.attribute("data-path"),
            Some(format!("/risk/products/{i}/current/score").as_str())
        );
        let change = row[dims.len() + 3];
        match &p.change {
            Some(c) => {
                assert_eq!(
                    change.attribute("data-path"),
                    Some(format!("/risk/products/{i}/change/delta").as_str())
                );
                // Up for a worse (higher) score, down for a better one.
                let delta = c.delta.to_string();
                let arrow = if c.delta.is_zero() {
                    "→"
                } else if delta.starts_with('-') {
                    "↓"
                } else {
                    "↑"
                };
                assert_eq!(
                    change.text(),
                    Some(format!("{arrow} {delta}").as_str()),
                    "row {i}"
                );
            }
            None => assert_eq!(change.text(), Some("first assessment"), "row {i}"),
        }
    }
    assert!(changes > 0, "the sample has scores with a change");
}

#[test]
fn the_payback_trigger_is_labelled_just_above_its_line() {
    // The trigger's dashed line starts 10 above the rows (y = 30, the rows starting at
    // 40); its label sits 4 above that, at y = 26, centred on the line.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-roi");
    let line = svg
        .descendants()
        .find(|n| n.attribute("data-path") == Some("/roi/payback_alerts/0/threshold"))
        .unwrap();
    assert!(close(number(line, "y1"), 30.0));
    let label = text_reading(svg, "trigger 5 q");
    assert!(close(number(label, "x"), number(line, "x1")));
    assert!(
        close(number(label, "y"), 26.0),
        "the trigger's label at {}",
        number(label, "y")
    );
}
