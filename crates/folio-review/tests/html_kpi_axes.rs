//! Where the KPI, drain, mix, frontier and delivery charts put their axes, boxes and
//! titles for values the sample does not have: KPI lines that are flat or below zero,
//! and the percentage axes under the drain and mix rows. Every position is worked out by
//! hand from the chart's layout, written in each test, and the numbers the test puts in.
// Helpers outside #[test] functions read known-good pages: a failure there is a broken
// test and should abort loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use folio_review::{Format, PortfolioReview, render};
use folio_types::Decimal;

mod common;
use common::svg::{chart, close, number, number_or, texts_of, view_box};
use common::{parse, sample};

/// Whether the chart has a grid line from `(x1, y1)` to `(x2, y2)`.
fn has_line(svg: roxmltree::Node<'_, '_>, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> bool {
    svg.descendants().any(|n| {
        n.tag_name().name() == "line"
            && close(number_or(n, "x1"), x1)
            && close(number_or(n, "y1"), y1)
            && close(number_or(n, "x2"), x2)
            && close(number_or(n, "y2"), y2)
    })
}

/// The centre of a KPI marker: a circle (first product) or a 7-unit square (second).
fn marker_centre(node: roxmltree::Node<'_, '_>) -> (f64, f64) {
    match node.tag_name().name() {
        "circle" => (number(node, "cx"), number(node, "cy")),
        "rect" => (number(node, "x") + 3.5, number(node, "y") + 3.5),
        other => panic!("<{other}> is not the marker of the first two products"),
    }
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The sample with two quarters and its first KPI row reduced to its first two
/// products, holding `first` and `second` per quarter.
fn two_lines(first: [&str; 2], second: [&str; 2]) -> (PortfolioReview, String) {
    let mut review = sample();
    review.kpis.quarters.truncate(2);
    review.kpis.rows.truncate(1);
    let row = &mut review.kpis.rows[0];
    let keys: Vec<_> = row.products.keys().take(2).cloned().collect();
    assert_eq!(keys.len(), 2, "the sample's first KPI has two products");
    row.products.retain(|k, _| keys.contains(k));
    for (key, values) in keys.iter().zip([first, second]) {
        *row.products.get_mut(key).unwrap() = values.iter().map(|v| Some(d(v))).collect();
    }
    row.values = vec![None, None];
    let id = format!("chart-kpi-{}", row.metric);
    (review, id)
}

#[test]
fn kpi_axes_pad_flat_and_negative_lines_as_documented() {
    // Layout of a KPI chart of two quarters: the first quarter at x = 46, the second at
    // 280; values from y = 176 (the axis' bottom) up to 30 (its top), the middle at 103;
    // the axis reaches 8% of the values' span past the lowest and highest value, or 1
    // past them when every value is the same, and goes below zero only for a metric
    // with a negative value. The grid lines' numbers end at x = 42, 4 under each line.
    //
    // (first product, second product, axis bottom / middle / top as printed, and where
    // each value sits: (quarter, value, y))
    type Case = (
        [&'static str; 2],
        [&'static str; 2],
        [&'static str; 3],
        Vec<(usize, usize, f64)>,
    );
    let cases: Vec<Case> = vec![
        // From -20 to 10: span 30, padded by 2.4 to -22.4 and 12.4 (34.8 high).
        // y(v) = 176 - 146 (v + 22.4) / 34.8: -20 at 165.93, 10 at 40.07, -5 at 103,
        // 4 at 65.24.
        (
            ["-20", "10"],
            ["-5", "4"],
            ["-22.4", "-5", "12.4"],
            vec![(0, 0, 165.93), (0, 1, 40.07), (1, 0, 103.0), (1, 1, 65.24)],
        ),
        // Every value 5: padded by 1 to 4 and 6, every point on the middle line.
        (
            ["5", "5"],
            ["5", "5"],
            ["4", "5", "6"],
            vec![(0, 0, 103.0), (0, 1, 103.0), (1, 0, 103.0), (1, 1, 103.0)],
        ),
        // Every value 0.5: the axis stops at 0, not -0.5, and reaches 1.5; 0.5 is a
        // third of the way up: 176 - 146 / 3 = 127.33. The middle, 0.75, prints as 0.8.
        (
            ["0.5", "0.5"],
            ["0.5", "0.5"],
            ["0", "0.8", "1.5"],
            vec![
                (0, 0, 127.33),
                (0, 1, 127.33),
                (1, 0, 127.33),
                (1, 1, 127.33),
            ],
        ),
        // Every value -3: padded by 1 to -4 and -2, every point on the middle line.
        (
            ["-3", "-3"],
            ["-3", "-3"],
            ["-4", "-3", "-2"],
            vec![(0, 0, 103.0), (0, 1, 103.0), (1, 0, 103.0), (1, 1, 103.0)],
        ),
    ];
    for (first, second, axis, at) in cases {
        let (review, id) = two_lines(first, second);
        let page = render(&review, Format::Html).unwrap();
        let doc = parse(&page);
        let svg = chart(&doc, &id);
        let texts = texts_of(svg);
        for (y, label) in [(176.0, axis[0]), (103.0, axis[1]), (30.0, axis[2])] {
            assert!(
                has_line(svg, (46.0, y), (280.0, y)),
                "{id} {first:?}: no grid line at {y}"
            );
            assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, 42.0)
                        && close(*ty, y + 4.0)
                        && anchor == "end"
                        && content == label),
                "{id} {first:?}: no {label} at {y}: {texts:?}"
            );
        }
        let row = &review.kpis.rows[0];
        for (p, (product, _)) in row.products.iter().enumerate() {
            for q in 0..2 {
                let path = format!("/kpis/rows/0/products/{product}/{q}");
                let marks: Vec<_> = svg
                    .descendants()
                    .filter(|n| n.attribute("data-path") == Some(path.as_str()))
                    .collect();
                assert_eq!(marks.len(), 1, "{path}");
                let (x, y) = marker_centre(marks[0]);
                let wanted = at.iter().find(|a| a.0 == p && a.1 == q).unwrap().2;
                let wanted_x = if q == 0 { 46.0 } else { 280.0 };
                assert!(
                    close(x, wanted_x) && (y - wanted).abs() <= 0.2,
                    "{id} {first:?}: {path} at ({x}, {y}), not ({wanted_x}, {wanted})"
                );
            }
        }
    }
}

#[test]
fn a_kpi_chart_is_titled_with_its_metric_and_quarter_range() {
    // The title (and accessible name) says which metric, per product, over which
    // quarters: "<metric> per product, <first quarter> to <last quarter>".
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let quarters = &review.kpis.quarters;
    assert!(quarters.len() >= 2);
    for row in &review.kpis.rows {
        let svg = chart(&doc, &format!("chart-kpi-{}", row.metric));
        let wanted = format!(
            "{} per product, {} to {}",
            row.name,
            quarters.first().unwrap(),
            quarters.last().unwrap()
        );
        assert_eq!(svg.attribute("aria-label"), Some(wanted.as_str()));
        let title = svg
            .children()
            .find(|n| n.tag_name().name() == "title")
            .unwrap();
        assert_eq!(title.text(), Some(wanted.as_str()));
    }
}

#[test]
fn drain_and_mix_charts_draw_their_percent_axis_under_the_rows() {
    // The drain chart's rows are 40 high from y = 30 and its plot runs from x = 80 over
    // 480 units to the axis' end, 50% in the sample (its largest share is under 50%),
    // in steps of 10%; the mix chart's rows are 36 high from y = 30 and its plot from 80
    // (0%) to 560 (100%), in steps of 25%. Each step is a grid line from the top of the
    // rows (y = 30) to their bottom, its percentage centred 13 under the bottom; the
    // chart's box ends 24 under the rows.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let drain_rows = review.kpis.capacity.len() as f64;
    let mix_rows = review.kpis.mix.len() as f64;
    assert!(drain_rows >= 2.0 && mix_rows >= 2.0);
    for (id, bottom, steps) in [
        (
            "chart-drain",
            30.0 + 40.0 * drain_rows,
            vec![
                (80.0, "0%"),
                (176.0, "10%"),
                (272.0, "20%"),
                (368.0, "30%"),
                (464.0, "40%"),
                (560.0, "50%"),
            ],
        ),
        (
            "chart-mix",
            30.0 + 36.0 * mix_rows,
            vec![
                (80.0, "0%"),
                (200.0, "25%"),
                (320.0, "50%"),
                (440.0, "75%"),
                (560.0, "100%"),
            ],
        ),
    ] {
        let svg = chart(&doc, id);
        let texts = texts_of(svg);
        for (x, label) in &steps {
            assert!(
                has_line(svg, (*x, 30.0), (*x, bottom)),
                "{id}: no grid line at {x}"
            );
            assert!(
                texts.iter().any(|(tx, ty, anchor, content)| close(*tx, *x)
                    && close(*ty, bottom + 13.0)
                    && anchor == "middle"
                    && content == label),
                "{id}: no {label} under {x}"
            );
        }
        let grid = svg
            .descendants()
            .filter(|n| {
                n.tag_name().name() == "line"
                    && close(number_or(*n, "y1"), 30.0)
                    && close(number_or(*n, "y2"), bottom)
                    && n.attribute("data-path").is_none()
            })
            .count();
        assert_eq!(grid, steps.len(), "{id}");
        assert_eq!(view_box(svg), (720.0, bottom + 24.0), "{id}");
    }
}

#[test]
fn frontier_and_delivery_boxes_end_under_their_axis_titles_and_rows() {
    // The frontier's plot ends at y = 210 and its box 40 under it (room for the levels
    // and the axis title); the delivery chart's rows are 28 high from y = 36 and its box
    // ends 24 under them.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    assert_eq!(view_box(chart(&doc, "chart-frontier")), (720.0, 250.0));
    let rows = review.delivery.as_ref().unwrap().products.len() as f64;
    assert_eq!(
        view_box(chart(&doc, "chart-delivery")),
        (720.0, 36.0 + 28.0 * rows + 24.0)
    );
}

#[test]
fn each_mix_row_is_named_by_its_horizon_left_of_the_plot() {
    // The mix chart's rows are 36 high from y = 30 and its plot starts at x = 80: a
    // row's horizon, by its JSON name, ends 6 left of the plot on the row's text line
    // (22 into the row), beside the share bar and its target band.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-mix");
    let texts = texts_of(svg);
    assert!(review.kpis.mix.len() >= 3);
    for (i, m) in review.kpis.mix.iter().enumerate() {
        let name = match m.horizon {
            folio_types::Horizon::Core => "core",
            folio_types::Horizon::Grow => "grow",
            folio_types::Horizon::Explore => "explore",
        };
        let y = 30.0 + 36.0 * i as f64 + 22.0;
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 74.0)
                    && close(*ty, y)
                    && anchor == "end"
                    && content == name),
            "mix row {i}: no {name} ending at (74, {y}): {texts:?}"
        );
    }
}
