//! Every chart of the dashboard is drawn inside its own picture: each rectangle, line,
//! marker, polyline and text sits within the chart's `viewBox`, has no negative size,
//! and no two labels are written at the same place. A chart that drew outside its box
//! would be cut off by the browser, and two labels at one place cannot be read.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;

use folio_review::{Format, PortfolioReview, render};

mod common;
use common::svg::{
    add_up_chart, chart, close, number, number_or, text_reading, texts_of, view_box,
};
use common::{emptied, parse, sample};

/// The points of a `points` attribute (`x,y x,y ...`).
fn points(text: &str) -> Vec<(f64, f64)> {
    text.split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The points of a path made of `M` and `L` commands only (the marker crosses).
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let spaced: String = d
        .chars()
        .map(|c| if c == 'M' || c == 'L' { ' ' } else { c })
        .collect();
    points(&spaced)
}

/// Where a shape is, as the corners (or points) it reaches; `None` for the elements
/// that do not draw (`title`, `desc`, the pattern definitions).
fn extent(node: roxmltree::Node<'_, '_>) -> Option<Vec<(f64, f64)>> {
    let n = |name| number(node, name);
    match node.tag_name().name() {
        "rect" => {
            let (x, y, w, h) = (n("x"), n("y"), n("width"), n("height"));
            assert!(w >= 0.0 && h >= 0.0, "negative size {w} x {h}");
            Some(vec![(x, y), (x + w, y + h)])
        }
        "line" => Some(vec![(n("x1"), n("y1")), (n("x2"), n("y2"))]),
        "circle" => {
            let (x, y, r) = (n("cx"), n("cy"), n("r"));
            assert!(r >= 0.0, "negative radius {r}");
            Some(vec![(x - r, y - r), (x + r, y + r)])
        }
        "polyline" | "polygon" => Some(points(node.attribute("points").unwrap())),
        "path" => Some(path_points(node.attribute("d").unwrap())),
        "text" => Some(vec![(n("x"), n("y"))]),
        _ => None,
    }
}

/// Every drawn element of every chart, outside the pattern definitions, with the chart
/// it belongs to and its size.
fn check_page(review: &PortfolioReview) -> usize {
    let page = render(review, Format::Html).unwrap();
    let doc = parse(&page);
    let mut drawn = 0;
    for svg in doc.descendants().filter(|n| n.tag_name().name() == "svg") {
        let id = svg.attribute("id").unwrap();
        let (width, height) = view_box(svg);
        assert!(width > 0.0 && height > 0.0, "{id}: empty view box");
        // Half a unit of slack: coordinates are written to 0.1 and strokes are centred
        // on the outline.
        let slack = 0.5;
        let mut labels: BTreeMap<(String, String), String> = BTreeMap::new();
        let mut starts: BTreeMap<String, Vec<(f64, roxmltree::Node<'_, '_>)>> = BTreeMap::new();
        for node in svg.descendants() {
            if node
                .ancestors()
                .any(|a| a.tag_name().name() == "defs" || a.tag_name().name() == "title")
            {
                continue;
            }
            let Some(corners) = extent(node) else {
                continue;
            };
            drawn += 1;
            for (x, y) in corners {
                assert!(
                    (-slack..=width + slack).contains(&x) && (-slack..=height + slack).contains(&y),
                    "{id}: <{}> at ({x}, {y}) is outside 0 0 {width} {height}: {:?}",
                    node.tag_name().name(),
                    node.attributes()
                        .map(|a| format!("{}={}", a.name(), a.value()))
                        .collect::<Vec<_>>()
                );
            }
            if node.tag_name().name() == "text" && node.attribute("text-anchor") == Some("start") {
                starts
                    .entry(node.attribute("y").unwrap().to_owned())
                    .or_default()
                    .push((number(node, "x"), node));
            }
            if node.tag_name().name() == "text" {
                let text = node.text().unwrap_or("").to_owned();
                let at = (
                    node.attribute("x").unwrap().to_owned(),
                    node.attribute("y").unwrap().to_owned(),
                );
                if let Some(before) = labels.insert(at.clone(), text.clone()) {
                    panic!("{id}: \"{before}\" and \"{text}\" are both written at {at:?}");
                }
            }
        }
        // Texts written left to right on one baseline do not run into each other: about
        // 6 units a character at the small size, 7 at the others.
        for row in starts.values_mut() {
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
            for pair in row.windows(2) {
                let (x, text) = pair[0];
                let (next, after) = pair[1];
                let chars =
                    f64::from(u32::try_from(text.text().unwrap_or("").chars().count()).unwrap());
                let per = if text.attribute("class") == Some("small") {
                    6.0
                } else {
                    7.0
                };
                assert!(
                    x + per * chars <= next,
                    "{id}: {:?} at {x} runs into {:?} at {next}",
                    text.text(),
                    after.text()
                );
            }
        }
    }
    drawn
}

#[test]
fn every_chart_of_the_sample_review_stays_inside_its_box() {
    let drawn = check_page(&sample());
    // The sample draws hundreds of shapes; a page that drew nothing would pass vacuously.
    assert!(drawn > 300, "{drawn}");
}

#[test]
fn charts_with_nothing_to_draw_stay_inside_their_box() {
    let mut review = emptied();
    review.decisions = None;
    review.delivery = None;
    // The axes, frames and "nothing to show" notes are still drawn.
    assert!(check_page(&review) > 0);
}

/// Each list repeated `times` times: more rows, bars and points than the sample has.
fn crowded(times: usize) -> PortfolioReview {
    fn repeat<T: Clone>(list: &mut Vec<T>, times: usize) {
        let once = list.clone();
        for _ in 1..times {
            list.extend(once.iter().cloned());
        }
    }
    let mut review = sample();
    repeat(&mut review.okr.readout.scorecard, times);
    repeat(&mut review.okr.roadmap, times);
    repeat(&mut review.kpis.capacity, times);
    repeat(&mut review.kpis.mix, times);
    repeat(&mut review.risk.products, times);
    repeat(&mut review.roi.initiatives, times);
    review
}

#[test]
fn crowded_charts_grow_to_hold_their_rows() {
    // Rows are laid out one below the other, so a chart with four times the rows is
    // taller, not overflowing. Repeated rows share their labels' text, not their place.
    // Each copy of the rows draws the same shapes again, so the count grows by the same
    // step per copy.
    let once = check_page(&sample());
    let twice = check_page(&crowded(2));
    let four = check_page(&crowded(4));
    assert!(twice > once, "{once} {twice}");
    assert_eq!(four - once, 3 * (twice - once), "{once} {twice} {four}");
}

#[test]
fn the_lines_of_one_chart_differ_in_colour_and_dash_pattern() {
    // Up to five series per chart are told apart by their dash pattern, not only their
    // colour, so that a grey-scale print or a reader who does not see colour can follow
    // them.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let mut charts = 0;
    for svg in doc.descendants().filter(|n| n.tag_name().name() == "svg") {
        let lines: Vec<(String, String)> = svg
            .descendants()
            .filter(|n| n.tag_name().name() == "polyline")
            .map(|n| {
                (
                    n.attribute("stroke").unwrap_or("").to_owned(),
                    n.attribute("stroke-dasharray").unwrap_or("").to_owned(),
                )
            })
            .collect();
        if lines.len() < 2 {
            continue;
        }
        charts += 1;
        assert!(lines.len() <= 5, "{lines:?}");
        for (at, (colour, dash)) in lines.iter().enumerate() {
            assert!(
                colour.len() == 7
                    && colour.starts_with('#')
                    && colour.chars().skip(1).all(|c| c.is_ascii_hexdigit()),
                "{colour:?}"
            );
            for (other_colour, other_dash) in lines.iter().skip(at + 1) {
                assert_ne!(colour, other_colour, "{lines:?}");
                assert_ne!(dash, other_dash, "{lines:?}");
            }
        }
    }
    // The KPI trend charts draw one line per product.
    assert!(charts >= 6, "{charts}");
}

/// The exact number a drawn element stands for (`data-value`), as a drawing number.
fn data_value(node: roxmltree::Node<'_, '_>) -> f64 {
    node.attribute("data-value").unwrap().parse().unwrap()
}

#[test]
fn an_add_up_chart_stacks_the_contributors_up_to_the_gap_and_the_target() {
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    // The sample's one finding: the KPI portfolio's revenue-11m (kpi.json), whose key
    // results' targets are 1.45M, 3.2M, 5.2M, 0.8M and 0.35M: 11M against 11.5M
    // (`add_up_chart` asserts there is exactly one).
    let svg = add_up_chart(&doc);
    let marked = |suffix: &str| {
        svg.descendants()
            .filter(|n| {
                n.attribute("data-path")
                    .is_some_and(|p| p.ends_with(suffix))
            })
            .map(|n| {
                let value: f64 = data_value(n);
                (n, value)
            })
            .collect::<Vec<_>>()
    };
    let bars: Vec<_> = svg
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "rect"
                && n.attribute("data-path")
                    .is_some_and(|p| p.contains("/contributors/"))
        })
        .collect();
    assert_eq!(bars.len(), 5);
    // One scale: the plot's 600 units from zero to the larger of the sum and the
    // target.
    let values: Vec<f64> = bars.iter().map(|b| data_value(*b)).collect();
    let (_, goal) = marked("/target")[0];
    let per = 600.0 / values.iter().sum::<f64>().max(goal);
    // Neighbouring contributors are told apart by alternating fills.
    for pair in bars.windows(2) {
        assert_ne!(pair[0].attribute("fill"), pair[1].attribute("fill"));
    }
    for pair in bars.windows(3) {
        assert_eq!(pair[0].attribute("fill"), pair[2].attribute("fill"));
    }
    let mut x = 10.0;
    for bar in &bars {
        let value: f64 = data_value(*bar);
        assert!(close(number(*bar, "x"), x), "bars do not tile at {x}");
        assert!(
            (number(*bar, "width") - value * per).abs() <= 0.15,
            "{value} is not on the first bar's scale"
        );
        x = number(*bar, "x") + number(*bar, "width");
    }
    let gap = marked("/finding/shortfall/amount");
    assert_eq!(gap.len(), 1);
    let (gap, short) = gap[0];
    assert!(
        close(number(gap, "x"), x),
        "the gap does not follow the stack"
    );
    assert!((number(gap, "width") - short * per).abs() <= 0.15);
    let (line, _) = marked("/target")[0];
    assert!(close(number(line, "x1"), 10.0 + goal * per));
    assert!(close(
        number(line, "x1"),
        number(gap, "x") + number(gap, "width")
    ));
    // Each label sits in the middle of its bar and fits in it: the key result's id,
    // or its first word.
    let labels: Vec<_> = svg
        .descendants()
        .filter(|n| n.tag_name().name() == "text" && n.attribute("class") == Some("light"))
        .collect();
    assert!(!labels.is_empty());
    for label in labels {
        let text = label.text().unwrap();
        let bar = bars
            .iter()
            .find(|b| {
                close(
                    number(**b, "x") + number(**b, "width") / 2.0,
                    number(label, "x"),
                )
            })
            .unwrap_or_else(|| panic!("{text} is not centred on a bar"));
        let chars = f64::from(u32::try_from(text.chars().count()).unwrap());
        assert!(
            12.0 + 6.5 * chars < number(*bar, "width"),
            "{text} does not fit"
        );
        let path = bar.attribute("data-path").unwrap();
        let index: usize = path.split('/').rev().nth(1).unwrap().parse().unwrap();
        let node = review.kpi_rollup.cascade.add_up[0].contributors[index]
            .0
            .to_string();
        let id = node.split('"').nth(1).unwrap();
        assert!(
            text == id || Some(text) == id.split('-').next(),
            "{text} for {node}"
        );
    }
    let summary: Vec<_> = svg
        .descendants()
        .filter(|n| n.attribute("class") == Some("value"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        summary
            .iter()
            .any(|s| s.starts_with("sum 11M against 11.5M: 500k short (hatched)")),
        "{summary:?}"
    );
}

#[test]
fn bar_charts_draw_one_scale_per_measure_and_label_each_bar_beside_it() {
    // In these charts every bar grows from one axis: bars of one measure (the last
    // segment of their JSON path) have one scale, a bar's number is written just past
    // its end, and, except in the delivery chart (whose rows carry two bars under one
    // name), its name just before its start.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    for (id, named) in [
        ("chart-drain", true),
        ("chart-utilization", true),
        ("chart-spend-mix", true),
        ("chart-roi", true),
        ("chart-delivery", false),
    ] {
        let svg = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap();
        let texts: Vec<_> = svg
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
            .collect();
        let bars: Vec<_> = svg
            .descendants()
            .filter(|n| n.tag_name().name() == "rect" && n.attribute("data-path").is_some())
            .collect();
        assert!(bars.len() >= 4, "{id}");
        let mut scales: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for bar in &bars {
            let path = bar.attribute("data-path").unwrap();
            let value: f64 = data_value(*bar);
            let (x, y, w, h) = (
                number(*bar, "x"),
                number(*bar, "y"),
                number(*bar, "width"),
                number(*bar, "height"),
            );
            let measure = path.rsplit('/').next().unwrap().to_owned();
            scales.entry(measure).or_default().push((value, w));
            // A number's baseline is within its bar's height; a name's within its row
            // (the drain chart writes one name between a row's two bars).
            let beside = |anchor: &str, from: f64, to: f64, reach: f64| {
                texts.iter().any(|t| {
                    let (tx, ty) = (number(*t, "x"), number(*t, "y"));
                    t.attribute("text-anchor") == Some(anchor)
                        && (from..=to).contains(&tx)
                        && (y - reach..=y + h + reach).contains(&ty)
                })
            };
            assert!(
                beside("start", x + w, x + w + 12.0, 2.0),
                "{id}: no number after {path}"
            );
            if named {
                assert!(
                    beside("end", x - 12.0, x, 10.0),
                    "{id}: no name before {path}"
                );
            }
        }
        for (measure, bars) in scales {
            // Negative numbers draw no bar; the others share the first positive bar's
            // scale, to the 0.1 units the coordinates are written in.
            let positive: Vec<_> = bars.iter().filter(|(v, _)| *v > 0.0).collect();
            assert!(positive.len() >= 2, "{id} {measure}");
            let (v0, w0) = positive[0];
            for (v, w) in &bars {
                if *v <= 0.0 {
                    assert!(w.abs() < 1e-9, "{id} {measure}: {v} drawn {w} long");
                } else {
                    let expected = w0 / v0 * v;
                    assert!(
                        (w - expected).abs() <= 0.1 + 0.05 * v / v0,
                        "{id} {measure}: {v} drawn {w} long, {expected} on the scale"
                    );
                }
            }
        }
    }
}

/// The centre of a marker shape as the dashboard draws them: a circle, a 7-unit
/// square, a triangle or diamond whose first point is 4.5 above the centre, or a cross
/// whose first point is 3.5 above and left of it.
fn marker_centre(node: roxmltree::Node<'_, '_>) -> (f64, f64) {
    match node.tag_name().name() {
        "circle" => (number(node, "cx"), number(node, "cy")),
        "rect" => (number(node, "x") + 3.5, number(node, "y") + 3.5),
        "polygon" => {
            let (x, y) = points(node.attribute("points").unwrap())[0];
            (x, y + 4.5)
        }
        "path" => {
            let (x, y) = path_points(node.attribute("d").unwrap())[0];
            (x + 3.5, y + 3.5)
        }
        other => panic!("<{other}> is not a marker"),
    }
}

#[test]
fn kpi_trend_markers_sit_on_one_value_axis_and_one_quarter_axis() {
    // Each KPI chart plots a product's value per quarter: the quarters evenly spaced
    // left to right, the values on one linear axis, higher values higher up, and each
    // product's line labelled with its name at the right.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let mut charts = 0;
    for row in &review.kpis.rows {
        let id = format!("chart-kpi-{}", row.metric);
        let svg = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id.as_str()))
            .unwrap();
        charts += 1;
        let marks: Vec<(usize, f64, f64, f64)> = svg
            .descendants()
            .filter(|n| n.attribute("data-path").is_some())
            .map(|n| {
                let path = n.attribute("data-path").unwrap();
                let quarter: usize = path.rsplit('/').next().unwrap().parse().unwrap();
                let value: f64 = data_value(n);
                let (x, y) = marker_centre(n);
                (quarter, value, x, y)
            })
            .collect();
        assert!(marks.len() >= 4, "{id}");
        let x0 = marks.iter().find(|m| m.0 == 0).unwrap().2;
        let x1 = marks.iter().find(|m| m.0 == 1).unwrap().2;
        assert!(x1 > x0, "{id}");
        let lowest = marks.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        let highest = marks.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert!(highest.1 > lowest.1, "{id}");
        let per = (highest.3 - lowest.3) / (highest.1 - lowest.1);
        assert!(per < 0.0, "{id}: higher values are not drawn higher");
        for &(quarter, value, x, y) in &marks {
            let q = f64::from(u32::try_from(quarter).unwrap());
            assert!(
                close(x, x0 + (x1 - x0) * q),
                "{id}: quarter {quarter} at {x}"
            );
            assert!(
                (y - (lowest.3 + per * (value - lowest.1))).abs() <= 0.2,
                "{id}: {value} at {y}"
            );
        }
        for product in row.products.keys() {
            assert!(
                svg.descendants().any(|t| t.tag_name().name() == "text"
                    && t.text() == Some(product.as_str())
                    && number(t, "x") > x0 + (x1 - x0) * 3.0),
                "{id}: no label for {product}"
            );
        }
    }
    assert!(charts >= 6);
}

#[test]
fn each_line_of_a_kpi_chart_has_its_own_marker_shape() {
    // Shapes, not only colours, tell the series apart: a circle, a square, a triangle,
    // a diamond and a cross for the first five products.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    for row in &review.kpis.rows {
        let id = format!("chart-kpi-{}", row.metric);
        let svg = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id.as_str()))
            .unwrap();
        let mut shapes: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for mark in svg
            .descendants()
            .filter(|n| n.attribute("data-path").is_some())
        {
            let path = mark.attribute("data-path").unwrap();
            let product = path.rsplit('/').nth(1).unwrap().to_owned();
            let shape = match mark.tag_name().name() {
                "polygon" => format!(
                    "polygon of {}",
                    points(mark.attribute("points").unwrap()).len()
                ),
                other => other.to_owned(),
            };
            shapes.entry(product).or_default().insert(shape);
        }
        assert_eq!(shapes.len(), row.products.len(), "{id}");
        let each: Vec<String> = shapes
            .values()
            .map(|s| {
                assert_eq!(s.len(), 1, "{id}: one product, several shapes {s:?}");
                s.iter().next().unwrap().clone()
            })
            .collect();
        let distinct: std::collections::BTreeSet<&String> = each.iter().collect();
        assert_eq!(distinct.len(), each.len().min(5), "{id}: {each:?}");
        if each.len() >= 5 {
            for shape in ["circle", "rect", "polygon of 3", "polygon of 4", "path"] {
                assert!(distinct.contains(&shape.to_owned()), "{id}: no {shape}");
            }
        }
    }
}

#[test]
fn every_pattern_fill_names_a_pattern_of_its_own_chart() {
    // Every fill is a colour, `none`, or one of the patterns the chart defines (hatched
    // and dotted shapes); a fill that names no pattern is drawn black or not at all.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let mut patterned = 0;
    for svg in doc.descendants().filter(|n| n.tag_name().name() == "svg") {
        let id = svg.attribute("id").unwrap();
        let defined: std::collections::BTreeSet<&str> = svg
            .descendants()
            .filter(|n| n.tag_name().name() == "pattern")
            .filter_map(|n| n.attribute("id"))
            .collect();
        for shape in svg.descendants().filter(|n| n.attribute("fill").is_some()) {
            let fill = shape.attribute("fill").unwrap();
            let colour = fill.len() == 7
                && fill.starts_with('#')
                && fill.chars().skip(1).all(|c| c.is_ascii_hexdigit());
            assert!(
                colour || fill == "none" || fill.starts_with("url(#"),
                "{id}: fill {fill:?} is neither a colour nor a pattern"
            );
            if let Some(name) = fill.strip_prefix("url(#") {
                let name = name.strip_suffix(')').unwrap();
                assert!(defined.contains(name), "{id}: {fill} is not defined here");
                assert!(name.starts_with(id), "{id}: {fill} is another chart's");
                patterned += 1;
            }
        }
    }
    // The sample hatches previous readouts, shortfalls and under-used capacity.
    assert!(patterned >= 10, "{patterned}");
}

#[test]
fn legend_entries_are_a_swatch_beside_each_label_in_reading_order() {
    // The roadmap's legend: progress now, previous readout, then the pace line; each
    // label has a 14 x 10 swatch just before it, on its line.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let svg = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("chart-roadmap"))
        .unwrap();
    let mut last = 0.0;
    for label in ["progress now", "previous readout"] {
        let text = svg
            .descendants()
            .find(|n| n.tag_name().name() == "text" && n.text() == Some(label))
            .unwrap_or_else(|| panic!("no legend entry {label}"));
        let (x, y) = (number(text, "x"), number(text, "y"));
        assert!(x > last, "{label} is not after the entry before it");
        last = x;
        assert!(
            svg.descendants().any(|r| r.tag_name().name() == "rect"
                && close(number_or(r, "x"), x - 18.0)
                && close(number_or(r, "y"), y - 9.0)
                && close(number_or(r, "width"), 14.0)
                && close(number_or(r, "height"), 10.0)),
            "no swatch for {label}"
        );
    }
    let pace = svg
        .descendants()
        .find(|n| n.tag_name().name() == "text" && n.text() == Some("pace line (today)"))
        .unwrap();
    assert!(number(pace, "x") > last);
}

// Where the secondary marks of the risk, ROI, benefits, frontier and delivery charts
// belong. Each chart's layout (its columns, rows and scales) is written in its test;
// the expected positions follow from that layout and the sample's numbers.

/// A drawing number from any number the review holds.
fn real(value: &impl ToString) -> f64 {
    value.to_string().parse().unwrap()
}

/// The elements of a chart whose JSON path is `path`.
fn marked_at<'a, 'i>(svg: roxmltree::Node<'a, 'i>, path: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    svg.descendants()
        .filter(|n| n.attribute("data-path") == Some(path))
        .collect()
}

/// The mean of a `#rrggbb` colour's channels, 0 (black) to 1 (white).
fn lightness(fill: &str) -> f64 {
    let hex = fill.strip_prefix('#').unwrap();
    let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
    (channel(0) + channel(2) + channel(4)) / 3.0 / 255.0
}

fn arrow_for(delta: f64) -> &'static str {
    // The documented arrows: up for a worse (higher) score, down for a better one.
    if delta > 0.0 {
        "↑"
    } else if delta < 0.0 {
        "↓"
    } else {
        "→"
    }
}

#[test]
fn the_risk_heat_map_writes_each_score_in_its_cell_under_its_dimension() {
    // Layout: a 90-unit column of product names, then one 104 x 32 cell per dimension
    // (dimensions in name order, products in review order) from y = 40, and 8 units to
    // the right of the last one the overall score. Column headings sit 8 above the
    // first row, centred on their column; a product's name ends 8 before its first
    // cell on the row's text line; each cell's score (to two places, with the arrow of
    // its change) is centred in the cell.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-risk");
    let dims: std::collections::BTreeSet<String> = review
        .risk
        .products
        .iter()
        .flat_map(|p| p.dimensions.iter().map(|d| d.dimension.to_string()))
        .collect();
    assert_eq!(dims.len(), 4);
    let columns = dims.len() as f64;
    for (j, d) in dims.iter().enumerate() {
        let t = text_reading(svg, d);
        assert!(close(number(t, "x"), 90.0 + 104.0 * j as f64 + 52.0), "{d}");
        assert!(close(number(t, "y"), 32.0), "{d}");
        assert_eq!(t.attribute("text-anchor"), Some("middle"));
    }
    let overall_x = 90.0 + 104.0 * columns + 8.0;
    let t = text_reading(svg, "overall");
    assert!(close(number(t, "x"), overall_x + 52.0));
    assert!(close(number(t, "y"), 32.0));
    let texts = texts_of(svg);
    let mut cells: Vec<(f64, String, String)> = Vec::new();
    let mut check_cell = |path: &str, x: f64, y: f64, value: f64, delta: Option<f64>| {
        let rect = marked_at(svg, path);
        assert_eq!(rect.len(), 1, "{path}");
        let rect = rect[0];
        assert!(
            close(number(rect, "x"), x),
            "{path} at x {}",
            number(rect, "x")
        );
        assert!(
            close(number(rect, "y"), y),
            "{path} at y {}",
            number(rect, "y")
        );
        assert!(close(number(rect, "width"), 104.0) && close(number(rect, "height"), 32.0));
        // Scores are shown to two places, halves away from zero.
        let shown = format!("{}", (value * 100.0).round() / 100.0);
        let label = match delta {
            Some(d) => format!("{shown} {}", arrow_for(d)),
            None => shown,
        };
        let inside: Vec<_> = svg
            .descendants()
            .filter(|n| {
                n.tag_name().name() == "text"
                    && close(number(*n, "x"), x + 52.0)
                    && (y..=y + 32.0).contains(&number(*n, "y"))
            })
            .collect();
        assert_eq!(
            inside.len(),
            1,
            "{path}: {} texts in the cell",
            inside.len()
        );
        assert_eq!(inside[0].text(), Some(label.as_str()), "{path}");
        assert_eq!(inside[0].attribute("text-anchor"), Some("middle"), "{path}");
        cells.push((
            value,
            rect.attribute("fill").unwrap().to_owned(),
            inside[0].attribute("class").unwrap().to_owned(),
        ));
    };
    for (i, p) in review.risk.products.iter().enumerate() {
        let y = 40.0 + 32.0 * i as f64;
        assert!(
            texts.iter().any(|(tx, ty, anchor, content)| anchor == "end"
                && close(*tx, 82.0)
                && (y..=y + 32.0).contains(ty)
                && content == p.current.product.as_str()),
            "no name for row {i}"
        );
        for (k, d) in p.dimensions.iter().enumerate() {
            let j = dims
                .iter()
                .position(|n| *n == d.dimension.to_string())
                .unwrap();
            let score = d.current.unwrap();
            check_cell(
                &format!("/risk/products/{i}/dimensions/{k}/current"),
                90.0 + 104.0 * j as f64,
                y,
                real(&score.value()),
                d.change.as_ref().map(|c| real(&c.delta)),
            );
        }
        check_cell(
            &format!("/risk/products/{i}/current/score"),
            overall_x,
            y,
            real(&p.current.score.value()),
            p.change.as_ref().map(|c| real(&c.delta)),
        );
    }
    // One shade per whole score (a score is read to the nearest whole number, halves
    // up), darker for riskier, and the number light on the dark shades.
    let band = |v: f64| (v + 0.5).floor();
    for a in &cells {
        for b in &cells {
            if (band(a.0) - band(b.0)).abs() < 0.5 {
                assert_eq!(a.1, b.1, "{} and {} are one band", a.0, b.0);
            } else {
                assert_ne!(a.1, b.1, "{} and {} are two bands", a.0, b.0);
            }
            if band(a.0) < band(b.0) {
                assert!(
                    lightness(&a.1) > lightness(&b.1),
                    "{} is not lighter than {}",
                    a.0,
                    b.0
                );
            }
        }
        assert_eq!(a.2 == "light", lightness(&a.1) < 0.5, "{} on {}", a.2, a.1);
    }
    // The sample reaches the boundaries 1.5, 2.5 and 3.5.
    for edge in [1.5, 2.5, 3.5] {
        assert!(cells.iter().any(|c| (c.0 - edge).abs() < 1e-9), "{edge}");
    }
}

#[test]
fn a_risk_cell_without_a_rating_says_so_in_its_place() {
    // A product missing a dimension, or rated in it without a current score, has a
    // white cell reading "not rated" in that dimension's column.
    let mut review = sample();
    let dims: std::collections::BTreeSet<String> = review
        .risk
        .products
        .iter()
        .flat_map(|p| p.dimensions.iter().map(|d| d.dimension.to_string()))
        .collect();
    let first = review.risk.products[0]
        .dimensions
        .remove(0)
        .dimension
        .to_string();
    let second = review.risk.products[1].dimensions[1].dimension.to_string();
    review.risk.products[1].dimensions[1].current = None;
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-risk");
    for (row, name) in [(0.0, &first), (1.0, &second)] {
        let j = dims.iter().position(|n| n == name).unwrap() as f64;
        let (x, y) = (90.0 + 104.0 * j, 40.0 + 32.0 * row);
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "rect"
                && close(number_or(n, "x"), x)
                && close(number_or(n, "y"), y)
                && close(number_or(n, "width"), 104.0)
                && close(number_or(n, "height"), 32.0)
                && n.attribute("fill") == Some("#ffffff")
                && n.attribute("data-path").is_none()),
            "no blank cell for {name} in row {row}"
        );
        assert!(
            texts_of(svg)
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, x + 52.0)
                    && (y..=y + 32.0).contains(ty)
                    && anchor == "middle"
                    && content == "not rated"),
            "no \"not rated\" for {name} in row {row}"
        );
    }
}

#[test]
fn roi_and_payback_rows_put_each_mark_on_its_row_and_scale() {
    // Layout: names end at 142; the ROI panel runs from 150 (0%) over 250 units, the
    // payback panel from 470 (0 quarters) over 200 units up to the larger of the
    // longest payback and the trigger; rows are 30 high from y = 40. The payback
    // panel has a grid line per whole quarter with its number 13 under the rows, and
    // the trigger a dashed line from 10 above the rows with its label above that.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-roi");
    let rows = review.roi.initiatives.len();
    let bottom = 40.0 + 30.0 * rows as f64;
    let ttl = text_reading(svg, "ROI");
    assert!(close(number(ttl, "x"), 150.0) && number(ttl, "y") < 40.0);
    let ttl = text_reading(svg, "payback (quarters)");
    assert!(close(number(ttl, "x"), 470.0) && number(ttl, "y") < 40.0);
    let trigger = marked_at(svg, "/roi/payback_alerts/0/threshold");
    assert_eq!(trigger.len(), 1);
    let threshold = data_value(trigger[0]);
    let paybacks: Vec<(usize, f64)> = svg
        .descendants()
        .filter_map(|n| {
            let path = n.attribute("data-path")?;
            let rest = path.strip_prefix("/roi/initiatives/")?;
            let (i, tail) = rest.split_once('/')?;
            (tail == "measures/payback/after").then(|| (i.parse().unwrap(), data_value(n)))
        })
        .collect();
    // The sample: five of six initiatives pay back, the longest after 6 quarters, the
    // trigger at 5.
    assert_eq!(paybacks.len(), 5);
    let longest = paybacks.iter().map(|p| p.1).fold(threshold, f64::max);
    assert!(close(longest, 6.0) && close(threshold, 5.0));
    let per = 200.0 / longest;
    let texts = texts_of(svg);
    for q in 0..=6 {
        let x = 470.0 + per * f64::from(q);
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "line"
                && close(number_or(n, "x1"), x)
                && close(number_or(n, "x2"), x)
                && close(number_or(n, "y1"), 40.0)
                && close(number_or(n, "y2"), bottom)),
            "no grid line for quarter {q}"
        );
        assert!(
            texts.iter().any(|(tx, ty, anchor, content)| close(*tx, x)
                && close(*ty, bottom + 13.0)
                && anchor == "middle"
                && *content == q.to_string()),
            "no number for quarter {q}"
        );
    }
    assert!(!texts.iter().any(|t| t.3 == "7"), "a quarter past the axis");
    let line = trigger[0];
    let x = 470.0 + per * threshold;
    assert!(close(number(line, "x1"), x) && close(number(line, "x2"), x));
    assert!(close(number(line, "y1"), 30.0) && close(number(line, "y2"), bottom));
    let label = text_reading(svg, "trigger 5 q");
    assert!(close(number(label, "x"), x) && number(label, "y") < 30.0);
    assert_eq!(label.attribute("text-anchor"), Some("middle"));
    for (i, init) in review.roi.initiatives.iter().enumerate() {
        let y = 40.0 + 30.0 * i as f64;
        let in_row = |ty: f64| (y..=y + 30.0).contains(&ty);
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 142.0)
                    && in_row(*ty)
                    && anchor == "end"
                    && content == init.initiative.as_str()),
            "no name on row {i}"
        );
        let bar = marked_at(svg, &format!("/roi/initiatives/{i}/measures/roi"));
        assert_eq!(bar.len(), 1);
        let bar = bar[0];
        assert!(close(number(bar, "x"), 150.0) && close(number(bar, "y"), y + 7.0));
        let end = 150.0 + number(bar, "width");
        let roi = data_value(bar);
        let percent = format!("{}%", (roi * 1000.0).round() / 10.0);
        let wanted = if roi < 0.0 {
            format!("{percent} (a loss)")
        } else {
            percent
        };
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, end + 4.0)
                    && in_row(*ty)
                    && anchor == "start"
                    && *content == wanted),
            "no {wanted} after the ROI bar of row {i}"
        );
        match paybacks.iter().find(|p| p.0 == i) {
            Some(&(_, after)) => {
                let x = 470.0 + per * after;
                let marker =
                    marked_at(svg, &format!("/roi/initiatives/{i}/measures/payback/after"))[0];
                let (cx, cy) = marker_centre(marker);
                assert!(
                    close(cx, x) && close(cy, y + 15.0),
                    "row {i}: marker at {cx}, {cy}"
                );
                assert!(
                    svg.descendants().any(|n| n.tag_name().name() == "line"
                        && close(number_or(n, "x1"), 470.0)
                        && close(number_or(n, "x2"), x)
                        && close(number_or(n, "y1"), y + 15.0)
                        && close(number_or(n, "y2"), y + 15.0)),
                    "row {i}: no line from zero to the marker"
                );
                let shown = format!("{}", (after * 100.0).round() / 100.0);
                assert!(
                    texts
                        .iter()
                        .any(|(tx, ty, anchor, content)| close(*tx, x + 7.0)
                            && in_row(*ty)
                            && anchor == "start"
                            && *content == shown),
                    "row {i}: no {shown} after the marker"
                );
            }
            None => assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, 470.0)
                        && in_row(*ty)
                        && anchor == "start"
                        && content == "never pays back"),
                "row {i}: no \"never pays back\""
            ),
        }
    }
}

#[test]
fn benefit_bars_pair_expected_and_realized_over_each_checkpoint() {
    // Layout of each 360 x 200 chart: the plot runs from x = 46 to 350 and from the
    // baseline y = 166 up to y = 44 (14 under its top, 30) for the largest amount;
    // grid lines at zero, half and the largest amount with their number ending 4
    // left of the plot. Each checkpoint has an equal slot; its hatched expected bar
    // starts 15% into the slot and is a third of it wide, the solid realized bar
    // follows it, its amount 3 above it (or "due" just above the baseline when
    // nothing is realized yet), and the checkpoint's number and date under the pair.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let mut dues = 0;
    for (i, init) in review.benefits.initiatives().iter().enumerate() {
        let svg = chart(&doc, &format!("chart-benefits-{}", init.initiative));
        let texts = texts_of(svg);
        let title = text_reading(svg, init.initiative.as_str());
        assert!(close(number(title, "x"), 46.0) && number(title, "y") < 30.0);
        let amounts: Vec<f64> = init
            .checkpoints
            .iter()
            .flat_map(|c| [Some(real(&c.expected())), c.realized().map(|v| real(&v))])
            .flatten()
            .collect();
        let max = amounts.iter().copied().fold(0.0, f64::max);
        assert!(max > 0.0);
        let y_of = |v: f64| 166.0 - 122.0 * v / max;
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "line"
                && close(number_or(n, "y1"), 166.0)
                && close(number_or(n, "y2"), 166.0)
                && close(number_or(n, "x1"), 46.0)
                && close(number_or(n, "x2"), 350.0)
                && n.attribute("stroke") == Some("#1b1f24")),
            "{}: no baseline",
            init.initiative
        );
        for v in [0.0, max / 2.0, max] {
            let y = y_of(v);
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "line"
                    && close(number_or(n, "y1"), y)
                    && close(number_or(n, "y2"), y)
                    && close(number_or(n, "x1"), 46.0)
                    && close(number_or(n, "x2"), 350.0)
                    && n.attribute("stroke") == Some("#c9ced6")),
                "{}: no grid line at {v}",
                init.initiative
            );
            assert!(
                texts.iter().any(|(tx, ty, anchor, _)| close(*tx, 42.0)
                    && close(*ty, y + 4.0)
                    && anchor == "end"),
                "{}: no number for {v}",
                init.initiative
            );
        }
        let slot = 304.0 / init.checkpoints.len() as f64;
        for (c, cp) in init.checkpoints.iter().enumerate() {
            let base = format!("/benefits/initiatives/{i}/checkpoints/{c}");
            let x = 46.0 + slot * c as f64 + slot * 0.15;
            let bw = slot * 0.33;
            let expected = marked_at(svg, &format!("{base}/expected"))[0];
            let ey = y_of(real(&cp.expected()));
            assert!(close(number(expected, "x"), x), "{base}");
            assert!(close(number(expected, "width"), bw), "{base}");
            assert!(close(number(expected, "y"), ey), "{base}");
            assert!(
                close(number(expected, "y") + number(expected, "height"), 166.0),
                "{base}"
            );
            assert!(expected.attribute("fill").unwrap().starts_with("url(#"));
            match cp.realized() {
                Some(v) => {
                    let ry = y_of(real(&v));
                    let bar = marked_at(svg, &format!("{base}/realized"))[0];
                    assert!(close(number(bar, "x"), x + bw), "{base}");
                    assert!(close(number(bar, "width"), bw), "{base}");
                    assert!(close(number(bar, "y"), ry), "{base}");
                    assert!(
                        close(number(bar, "y") + number(bar, "height"), 166.0),
                        "{base}"
                    );
                    assert!(
                        texts
                            .iter()
                            .any(|(tx, ty, anchor, _)| close(*tx, x + bw * 1.5)
                                && close(*ty, ry - 3.0)
                                && anchor == "middle"),
                        "{base}: no amount over the realized bar"
                    );
                }
                None => {
                    dues += 1;
                    assert!(marked_at(svg, &format!("{base}/realized")).is_empty());
                    assert!(
                        texts
                            .iter()
                            .any(|(tx, ty, anchor, content)| close(*tx, x + bw * 1.5)
                                && close(*ty, 162.0)
                                && anchor == "middle"
                                && content == "due"),
                        "{base}: no \"due\" where the realized bar goes"
                    );
                }
            }
            let label = format!("#{} {}", cp.number(), cp.due_on().format("%b %d"));
            assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, x + bw)
                        && close(*ty, 180.0)
                        && anchor == "middle"
                        && *content == label),
                "{base}: no {label} under the pair"
            );
        }
    }
    assert!(dues >= 1, "the sample has checkpoints not yet due");
}

#[test]
fn harbor_benefits_axis_reads_zero_half_and_the_largest_amount() {
    // harbor-sso-rollout's checkpoints expect 30k, 30k, 30k and 90k (benefits.json):
    // the axis reads 0, 45k and 90k from the baseline up.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-benefits-harbor-sso-rollout");
    for (content, y) in [("0", 170.0), ("45k", 109.0), ("90k", 48.0)] {
        let t = text_reading(svg, content);
        assert!(
            close(number(t, "x"), 42.0) && close(number(t, "y"), y),
            "{content}"
        );
    }
}

#[test]
fn the_frontier_plots_value_kept_over_the_level_of_spend() {
    // Layout: the plot runs from x = 90 (the lowest level) to 680 (the highest) and
    // from y = 210 (nothing kept) up to 30 (the most kept); five grid lines at
    // quarters of the most kept, their numbers ending 6 left of the plot; each
    // level's percentage 14 under the plot, centred on its point; the cut plan's
    // level a dashed line over the plot, labelled 4 right of it and 8 above the
    // bottom; the axis title centred under the levels.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-frontier");
    let d = review.decisions.as_ref().unwrap();
    let points = &d.frontier.points;
    let lmin = real(&points.first().unwrap().level);
    let lmax = real(&points.last().unwrap().level);
    let vmax = points
        .iter()
        .filter_map(|p| p.value.map(|v| real(&v)))
        .fold(1.0, f64::max);
    let x_of = |level: f64| 90.0 + 590.0 * (level - lmin) / (lmax - lmin);
    let y_of = |v: f64| 210.0 - 180.0 * v / vmax;
    let texts = texts_of(svg);
    let t = text_reading(svg, "value kept (USD)");
    assert!(close(number(t, "x"), 90.0) && number(t, "y") < 30.0);
    // The sample keeps at most 2,896,250: quarters of it are 724,062.5, 1,448,125 and
    // 2,172,187.5.
    for (i, content) in ["0", "724k", "1.4M", "2.2M", "2.9M"].iter().enumerate() {
        let y = 210.0 - 45.0 * i as f64;
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "line"
                && close(number_or(n, "x1"), 90.0)
                && close(number_or(n, "x2"), 680.0)
                && close(number_or(n, "y1"), y)
                && close(number_or(n, "y2"), y)),
            "no grid line at {y}"
        );
        let t = text_reading(svg, content);
        assert!(
            close(number(t, "x"), 84.0) && close(number(t, "y"), y + 4.0),
            "{content}"
        );
        assert_eq!(t.attribute("text-anchor"), Some("end"));
    }
    let mut centres = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let x = x_of(real(&p.level));
        let percent = format!("{}%", (real(&p.level) * 1000.0).round() / 10.0);
        assert!(
            texts.iter().any(|(tx, ty, anchor, content)| close(*tx, x)
                && close(*ty, 224.0)
                && anchor == "middle"
                && *content == percent),
            "no {percent} under point {i}"
        );
        if let Some(v) = p.value {
            let marker = marked_at(svg, &format!("/decisions/frontier/points/{i}/value"));
            assert_eq!(marker.len(), 1);
            let (cx, cy) = marker_centre(marker[0]);
            assert!(
                close(cx, x) && close(cy, y_of(real(&v))),
                "point {i} at {cx}, {cy}"
            );
            centres.push((cx, cy));
        }
    }
    let line = svg
        .descendants()
        .find(|n| n.tag_name().name() == "polyline")
        .unwrap();
    let drawn = points_of(line);
    assert_eq!(drawn.len(), centres.len());
    for (a, b) in drawn.iter().zip(&centres) {
        assert!(close(a.0, b.0) && close(a.1, b.1), "{a:?} against {b:?}");
    }
    let cut = 1.0 - real(&d.cut.spend_saved) / real(&d.cut.planned_spend);
    assert!((lmin..=lmax).contains(&cut));
    let x = x_of(cut);
    assert!(
        svg.descendants().any(|n| n.tag_name().name() == "line"
            && n.attribute("stroke-dasharray").is_some()
            && (number_or(n, "x1") - x).abs() <= 0.2
            && (number_or(n, "x2") - x).abs() <= 0.2
            && close(number_or(n, "y1"), 30.0)
            && close(number_or(n, "y2"), 210.0)),
        "no cut line at {x}"
    );
    let shown = format!("the cut plan ({}%)", (cut * 100.0).round());
    let t = text_reading(svg, &shown);
    assert!((number(t, "x") - (x + 4.0)).abs() <= 0.2 && close(number(t, "y"), 202.0));
    let t = text_reading(svg, "level of today's planned spend");
    assert!(close(number(t, "x"), 385.0) && number(t, "y") > 224.0);
}

fn points_of(node: roxmltree::Node<'_, '_>) -> Vec<(f64, f64)> {
    points(node.attribute("points").unwrap())
}

#[test]
fn delivery_rows_put_both_bars_and_their_numbers_on_the_product_row() {
    // Layout: names end at 122; the throughput panel runs from 130 over 230 units up
    // to the most items done, the cycle-time panel from 420 over 220 units up to the
    // longest cycle time, each with an axis line over the rows; rows are 28 high from
    // y = 36, bars 14 high starting 6 into the row, numbers 4 after a bar's end on
    // the row's text line (17 into it).
    let mut review = sample();
    let page = render(&review, Format::Html).unwrap();
    let rows = review.delivery.as_ref().unwrap().products.len();
    let check = |review: &PortfolioReview, page: &str, nothing: Option<usize>| {
        let doc = parse(page);
        let svg = chart(&doc, "chart-delivery");
        let d = review.delivery.as_ref().unwrap();
        let bottom = 36.0 + 28.0 * rows as f64;
        let texts = texts_of(svg);
        for (content, x) in [("items done", 130.0), ("cycle time p85 (days)", 420.0)] {
            let t = text_reading(svg, content);
            assert!(
                close(number(t, "x"), x) && number(t, "y") < 36.0,
                "{content}"
            );
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "line"
                    && close(number_or(n, "x1"), x)
                    && close(number_or(n, "x2"), x)
                    && close(number_or(n, "y1"), 36.0)
                    && close(number_or(n, "y2"), bottom)),
                "no axis at {x}"
            );
        }
        let tmax = d.products.iter().map(|r| r.done as f64).fold(1.0, f64::max);
        let cmax = d
            .products
            .iter()
            .filter_map(|r| r.cycle_p85.map(|v| real(&v)))
            .fold(1.0, f64::max);
        for (i, r) in d.products.iter().enumerate() {
            let y = 36.0 + 28.0 * i as f64;
            let on_line = |ty: f64| close(ty, y + 17.0);
            assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, 122.0)
                        && on_line(*ty)
                        && anchor == "end"
                        && *content == r.label),
                "no name on row {i}"
            );
            let bar = marked_at(svg, &format!("/delivery/products/{i}/done"))[0];
            let w = 230.0 * r.done as f64 / tmax;
            assert!(close(number(bar, "x"), 130.0) && close(number(bar, "y"), y + 6.0));
            assert!(close(number(bar, "width"), w) && close(number(bar, "height"), 14.0));
            assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, 134.0 + w)
                        && on_line(*ty)
                        && anchor == "start"
                        && *content == r.done.to_string()),
                "no count after row {i}'s bar"
            );
            match r.cycle_p85 {
                Some(c) => {
                    let bar = marked_at(svg, &format!("/delivery/products/{i}/cycle_p85"))[0];
                    let w = 220.0 * real(&c) / cmax;
                    assert!(close(number(bar, "x"), 420.0) && close(number(bar, "y"), y + 6.0));
                    assert!(close(number(bar, "width"), w) && close(number(bar, "height"), 14.0));
                    assert!(
                        texts
                            .iter()
                            .any(|(tx, ty, anchor, content)| close(*tx, 424.0 + w)
                                && on_line(*ty)
                                && anchor == "start"
                                && *content == c.to_string()),
                        "no cycle time after row {i}'s bar"
                    );
                }
                None => {
                    assert_eq!(nothing, Some(i));
                    assert!(
                        marked_at(svg, &format!("/delivery/products/{i}/cycle_p85")).is_empty()
                    );
                    assert!(
                        texts
                            .iter()
                            .any(|(tx, ty, anchor, content)| close(*tx, 424.0)
                                && on_line(*ty)
                                && anchor == "start"
                                && content == "nothing done"),
                        "no \"nothing done\" on row {i}"
                    );
                }
            }
        }
    };
    check(&review, &page, None);
    // A product with nothing finished has no cycle time: its row says so.
    review.delivery.as_mut().unwrap().products[1].cycle_p85 = None;
    let page = render(&review, Format::Html).unwrap();
    check(&review, &page, Some(1));
}

#[test]
fn no_chart_leaves_more_than_two_text_lines_empty_under_its_lowest_mark() {
    // A chart's box ends under its last mark: at most two lines of small text (2 x 12
    // units) stay empty, so a chart is never drawn with a band of blank space below.
    let page = render(&sample(), Format::Html).unwrap();
    let doc = parse(&page);
    let mut charts = 0;
    for svg in doc.descendants().filter(|n| n.tag_name().name() == "svg") {
        let id = svg.attribute("id").unwrap();
        let (_, height) = view_box(svg);
        let lowest = svg
            .descendants()
            .filter(|n| {
                !n.ancestors()
                    .any(|a| a.tag_name().name() == "defs" || a.tag_name().name() == "title")
            })
            .filter_map(extent)
            .flatten()
            .map(|(_, y)| y)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(lowest.is_finite(), "{id} draws nothing");
        assert!(
            height - lowest <= 24.5,
            "{id}: {} units empty under the last mark at {lowest}",
            height - lowest
        );
        charts += 1;
    }
    assert!(charts >= 15, "{charts}");
}

#[test]
fn the_acceleration_tile_says_when_the_bet_was_chosen_by_default() {
    // allocation.json names no bet to accelerate, so the review picks one by default
    // and says so; a bet named in the settings gets no such note.
    let note = "(chosen by default: the bet whose earlier start is worth most)";
    let mut review = sample();
    assert_eq!(
        review.decisions.as_ref().unwrap().accelerated_chosen_by,
        "default"
    );
    let page = render(&review, Format::Html).unwrap();
    assert_eq!(page.matches(note).count(), 1);
    review.decisions.as_mut().unwrap().accelerated_chosen_by = "settings".to_owned();
    let page = render(&review, Format::Html).unwrap();
    assert!(!page.contains(note));
}

#[test]
fn a_cut_plan_outside_the_frontier_is_not_drawn() {
    // The cut plan's line is drawn only where its level of spend is on the frontier's
    // axis (70% to 110% in the sample): a cut of everything (level 0) or none at all
    // with spend added (level above 110%) has no line and no label.
    for saved in ["all", "negative"] {
        let mut review = sample();
        let d = review.decisions.as_mut().unwrap();
        d.cut.spend_saved = if saved == "all" {
            d.cut.planned_spend
        } else {
            // Saving minus half the plan is spending 150% of it.
            -(d.cut.planned_spend / folio_types::Decimal::TWO)
        };
        let page = render(&review, Format::Html).unwrap();
        let doc = parse(&page);
        let svg = chart(&doc, "chart-frontier");
        assert!(
            !svg.descendants()
                .any(|n| n.tag_name().name() == "line" && n.attribute("stroke-dasharray").is_some()),
            "{saved}: a cut line off the axis"
        );
        assert!(
            !texts_of(svg)
                .iter()
                .any(|t| t.3.starts_with("the cut plan")),
            "{saved}: a cut label off the axis"
        );
    }
}

/// A share as the dashboard prints it: a percentage to one place, trailing zeros
/// dropped.
fn percent_text(share: f64) -> String {
    format!("{}%", (share * 1000.0).round() / 10.0)
}

#[test]
fn scorecard_rows_hold_their_bars_diamond_and_numbers() {
    // Layout: the plot runs from x = 10 (0%) over 560 units to the axis' end, 100% in
    // the sample (no objective is past its target); rows are 58 high from y = 34, each
    // with its arrow and name on top (baseline 14 into the row), a 30-high track from
    // 20 into it, the previous readout's 10-high hatched bar just inside the track's
    // top, the 16-high progress bar under it (33 into the row), the confidence diamond
    // centred on the progress bar's middle line (41 into the row), and the numbers
    // 10 right of the plot on the progress bar's text line (46 into the row). The pace
    // line runs from 4 above the rows to their bottom.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-scorecard");
    let lines = &review.okr.readout.scorecard;
    let x_of = |share: f64| 10.0 + 560.0 * share;
    let texts = texts_of(svg);
    let bottom = 34.0 + 58.0 * lines.len() as f64;
    for (i, l) in lines.iter().enumerate() {
        let y = 34.0 + 58.0 * i as f64;
        let base = format!("/okr/readout/scorecard/{i}");
        let name = format!("{} {}", l.trend.arrow(), l.name);
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 10.0)
                    && close(*ty, y + 14.0)
                    && anchor == "start"
                    && *content == name),
            "no {name} on row {i}"
        );
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "rect"
                && close(number_or(n, "x"), 10.0)
                && close(number_or(n, "y"), y + 20.0)
                && close(number_or(n, "width"), 560.0)
                && close(number_or(n, "height"), 30.0)),
            "no track on row {i}"
        );
        let previous = marked_at(svg, &format!("{base}/previous"))[0];
        let was = data_value(previous);
        assert!(close(number(previous, "x"), 10.0) && close(number(previous, "y"), y + 21.0));
        assert!(
            close(number(previous, "width"), x_of(was) - 10.0),
            "row {i}"
        );
        assert!(close(number(previous, "height"), 10.0));
        let progress = marked_at(svg, &format!("{base}/progress"))[0];
        let now = data_value(progress);
        assert!(close(number(progress, "x"), 10.0) && close(number(progress, "y"), y + 33.0));
        assert!(
            close(number(progress, "width"), x_of(now) - 10.0),
            "row {i}"
        );
        assert!(close(number(progress, "height"), 16.0));
        let confidence = marked_at(svg, &format!("{base}/confidence"));
        assert_eq!(confidence.len(), usize::from(l.confidence.is_some()));
        if let Some(diamond) = confidence.first() {
            let (cx, cy) = marker_centre(*diamond);
            assert!(
                close(cx, x_of(data_value(*diamond))),
                "row {i}: diamond at {cx}"
            );
            assert!(close(cy, y + 41.0), "row {i}: diamond at {cy}");
        }
        let numbers = format!("{} (was {})", percent_text(now), percent_text(was));
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 580.0)
                    && close(*ty, y + 46.0)
                    && anchor == "start"
                    && *content == numbers),
            "no {numbers} on row {i}"
        );
    }
    let pace = marked_at(svg, "/pace")[0];
    let x = x_of(data_value(pace));
    assert!(close(number(pace, "x1"), x) && close(number(pace, "x2"), x));
    assert!(close(number(pace, "y1"), 30.0) && close(number(pace, "y2"), bottom));
    // The legend: the confidence diamond and the pace line's sample each sit between
    // the label before them and their own label, on the legend's line (5 to 15).
    let previous = text_reading(svg, "previous readout");
    let confidence = text_reading(svg, "confidence");
    let pace_label = text_reading(svg, "pace line");
    let diamond = svg
        .descendants()
        .find(|n| n.tag_name().name() == "polygon" && n.attribute("data-path").is_none())
        .unwrap();
    let (cx, cy) = marker_centre(diamond);
    assert!(
        number(previous, "x") < cx && cx < number(confidence, "x") - 4.5,
        "{cx}"
    );
    assert!(
        close(number(confidence, "x") - cx, 9.0),
        "the diamond is not beside its label"
    );
    assert!(close(cy, 10.0), "{cy}");
    let sample_line = svg
        .descendants()
        .find(|n| {
            n.tag_name().name() == "line"
                && n.attribute("data-path").is_none()
                && n.attribute("stroke-dasharray").is_some()
        })
        .unwrap();
    let lx = number(sample_line, "x1");
    assert!(close(number(sample_line, "x2"), lx));
    assert!(close(number(sample_line, "y1"), 5.0) && close(number(sample_line, "y2"), 17.0));
    assert!(
        number(confidence, "x") + 60.0 < lx,
        "the pace sample runs into \"confidence\""
    );
    assert!(close(number(pace_label, "x"), lx + 6.0));
    assert!(close(number(pace_label, "y"), 14.0) && close(number(confidence, "y"), 14.0));
}

#[test]
fn the_scorecard_table_says_on_pace_from_the_pace_line_up() {
    // "on pace" when progress is at or past the pace line, "behind" under it; an
    // objective exactly on the line is on pace.
    let mut review = sample();
    let pace = review.pace;
    review.okr.readout.scorecard[0].progress = folio_types::Progress::new(pace.value()).unwrap();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let table = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "table"
                && n.descendants().any(|c| {
                    c.tag_name().name() == "caption"
                        && c.text().is_some_and(|t| t.starts_with("Scorecard numbers"))
                })
        })
        .unwrap();
    let rows: Vec<_> = table
        .descendants()
        .filter(|n| n.tag_name().name() == "tr" && n.parent().unwrap().tag_name().name() == "tbody")
        .collect();
    assert_eq!(rows.len(), review.okr.readout.scorecard.len());
    let mut behind = 0;
    for (row, l) in rows.iter().zip(&review.okr.readout.scorecard) {
        let cells: Vec<_> = row.children().filter(roxmltree::Node::is_element).collect();
        let wanted = if l.progress.value() >= pace.value() {
            "on pace"
        } else {
            behind += 1;
            "behind"
        };
        assert_eq!(cells[5].text(), Some(wanted), "{}", l.name);
    }
    assert!(behind >= 1, "the sample has an objective behind pace");
}

#[test]
fn roadmap_rows_follow_their_objective_heading_on_the_period_track() {
    // Layout: from y = 30, a 24-high heading band (700 wide from x = 10, its text 16
    // into it, 6 in) at each change of objective, then a 34-high row per key result:
    // its product and name (baseline 12 into the row), a 16-high track from 15 into
    // it, the previous readout's 5-high hatched bar on the track's top and the 10-high
    // progress bar at its foot (21 into the row), and the numbers 10 right of the plot
    // at the foot (30 into the row). The plot runs from x = 10 (0%) over 560 units to
    // 100% (no key result of the sample is past its target). Under the rows, 16 below
    // them: the period's first day at the left, its last day ending at 100%, and the
    // review date centred on the pace line, which runs over the rows.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-roadmap");
    let texts = texts_of(svg);
    let x_of = |share: f64| 10.0 + 560.0 * share;
    let mut y = 30.0;
    let mut current = None;
    let mut headings = 0;
    for (i, r) in review.okr.roadmap.iter().enumerate() {
        if current != Some(&r.objective) {
            current = Some(&r.objective);
            headings += 1;
            let name = review
                .okr
                .readout
                .scorecard
                .iter()
                .find(|l| l.objective == r.objective)
                .unwrap()
                .name
                .clone();
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "rect"
                    && close(number_or(n, "x"), 10.0)
                    && close(number_or(n, "y"), y + 2.0)
                    && close(number_or(n, "width"), 700.0)
                    && close(number_or(n, "height"), 20.0)),
                "no heading band at {y}"
            );
            let heading = format!("Objective: {name}");
            assert!(
                texts.iter().any(|(tx, ty, _, content)| close(*tx, 16.0)
                    && close(*ty, y + 16.0)
                    && *content == heading),
                "no {heading} at {y}"
            );
            y += 24.0;
        }
        let base = format!("/okr/roadmap/{i}");
        let label = format!("{} · {}", r.product, r.name);
        assert!(
            texts.iter().any(|(tx, ty, _, content)| close(*tx, 10.0)
                && close(*ty, y + 12.0)
                && *content == label),
            "no {label} at {y}"
        );
        assert!(
            svg.descendants().any(|n| n.tag_name().name() == "rect"
                && n.attribute("data-path").is_none()
                && close(number_or(n, "x"), 10.0)
                && close(number_or(n, "y"), y + 15.0)
                && close(number_or(n, "width"), 560.0)
                && close(number_or(n, "height"), 16.0)),
            "no track for row {i}"
        );
        let previous = marked_at(svg, &format!("{base}/previous"))[0];
        assert!(close(number(previous, "x"), 10.0) && close(number(previous, "y"), y + 15.0));
        assert!(close(
            number(previous, "width"),
            x_of(data_value(previous)) - 10.0
        ));
        assert!(close(number(previous, "height"), 5.0));
        let progress = marked_at(svg, &format!("{base}/progress"))[0];
        let now = data_value(progress);
        assert!(close(number(progress, "x"), 10.0) && close(number(progress, "y"), y + 21.0));
        assert!(
            close(number(progress, "width"), x_of(now) - 10.0),
            "row {i}"
        );
        assert!(close(number(progress, "height"), 10.0));
        let numbers = texts
            .iter()
            .find(|(tx, ty, anchor, _)| {
                close(*tx, 580.0) && close(*ty, y + 30.0) && anchor == "start"
            })
            .unwrap_or_else(|| panic!("no numbers for row {i}"));
        assert!(
            numbers.3.starts_with(&percent_text(now)),
            "row {i}: {}",
            numbers.3
        );
        assert_eq!(
            numbers.3.contains(", conf. "),
            r.confidence.is_some(),
            "row {i}"
        );
        y += 34.0;
    }
    assert!(headings >= 2);
    // The legend's pace sample: a dashed line across the legend's line (5 to 17), its
    // label 6 to the right of it.
    let sample_line = svg
        .descendants()
        .find(|n| {
            n.tag_name().name() == "line"
                && n.attribute("data-path").is_none()
                && n.attribute("stroke-dasharray").is_some()
        })
        .unwrap();
    let lx = number(sample_line, "x1");
    assert!(close(number(sample_line, "x2"), lx));
    assert!(close(number(sample_line, "y1"), 5.0) && close(number(sample_line, "y2"), 17.0));
    let label = text_reading(svg, "pace line (today)");
    assert!(close(number(label, "x"), lx + 6.0) && close(number(label, "y"), 14.0));
    assert!(number(text_reading(svg, "previous readout"), "x") + 90.0 < lx);
    let (_, height) = view_box(svg);
    assert!(
        close(height, y + 30.0),
        "the box ends at {height}, the rows at {y}"
    );
    let pace = marked_at(svg, "/pace")[0];
    let px = x_of(data_value(pace));
    assert!(close(number(pace, "x1"), px) && close(number(pace, "x2"), px));
    assert!(close(number(pace, "y1"), 30.0) && close(number(pace, "y2"), y));
    let period = review.okr.readout.period;
    for (content, x, anchor) in [
        (period.start().to_string(), 10.0, "start"),
        (period.end().to_string(), 570.0, "end"),
        (review.as_of.to_string(), px, "middle"),
    ] {
        let t = text_reading(svg, &content);
        assert!(
            close(number(t, "x"), x) && close(number(t, "y"), y + 16.0),
            "{content}"
        );
        assert_eq!(t.attribute("text-anchor"), Some(anchor), "{content}");
    }
}

#[test]
fn utilization_rows_put_name_bar_number_and_the_plan_line_in_place() {
    // Layout: the plot runs from x = 90 (0%) over 520 units to the axis' end, 125% in
    // the sample (the axis shows at least 125%, and no product of the sample uses
    // more); rows are 26 high from y = 28: the product's name ends 6 left of the plot
    // (baseline 16 into the row), its 16-high bar starts 5 into the row, hatched when
    // it uses less than planned, and its percentage starts 6 past the bar's end
    // (baseline 17 into the row). The dashed line at 100% runs from 4 above the rows
    // to their bottom.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-utilization");
    let u = review.dashboard.utilization.as_ref().unwrap();
    let x_of = |share: f64| 90.0 + 520.0 * share / 1.25;
    let texts = texts_of(svg);
    let t = text_reading(svg, "bar: used / planned; dashed line: 100% of plan");
    assert!(close(number(t, "x"), 90.0) && number(t, "y") < 28.0);
    let mut hatched = 0;
    for (i, r) in u.products.iter().enumerate() {
        let y = 28.0 + 26.0 * i as f64;
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 84.0)
                    && close(*ty, y + 16.0)
                    && anchor == "end"
                    && content == r.product.as_str()),
            "no name on row {i}"
        );
        let bar = marked_at(
            svg,
            &format!("/dashboard/utilization/products/{i}/utilization"),
        )[0];
        let v = data_value(bar);
        assert!(
            close(number(bar, "x"), 90.0) && close(number(bar, "y"), y + 5.0),
            "row {i}"
        );
        assert!(close(number(bar, "width"), x_of(v) - 90.0), "row {i}");
        assert!(close(number(bar, "height"), 16.0));
        let fill = bar.attribute("fill").unwrap();
        assert_eq!(
            fill.starts_with("url(#"),
            v < 1.0,
            "row {i}: {v} filled {fill}"
        );
        hatched += usize::from(v < 1.0);
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, x_of(v) + 6.0)
                    && close(*ty, y + 17.0)
                    && anchor == "start"
                    && *content == percent_text(v)),
            "no percentage after row {i}'s bar"
        );
    }
    assert!(hatched >= 1 && hatched < u.products.len());
    // The sample has a product at exactly 100%: solid, not hatched.
    assert!(
        u.products
            .iter()
            .any(|r| (real(&r.utilization.value()) - 1.0).abs() < 1e-9)
    );
    let bottom = 28.0 + 26.0 * u.products.len() as f64;
    let one = x_of(1.0);
    assert!(
        svg.descendants().any(|n| n.tag_name().name() == "line"
            && n.attribute("stroke-dasharray").is_some()
            && close(number_or(n, "x1"), one)
            && close(number_or(n, "x2"), one)
            && close(number_or(n, "y1"), 24.0)
            && close(number_or(n, "y2"), bottom)),
        "no dashed line at 100%"
    );
}

#[test]
fn spend_mix_rows_pair_spend_and_capacity_over_the_target_strip() {
    // Layout: the plot runs from x = 90 (0%) over 520 units to 100%; rows are 46 high
    // from y = 28: the horizon's name ends 6 left of the plot (baseline 24 into the
    // row), the 15-high share-of-spend bar starts 6 into the row with its number 6
    // past its end (baseline 18 into the row), the hatched share-of-capacity bar 23
    // into it (number on baseline 35), and the target band a 4-high grey strip from
    // its low to its high end, 40 into the row. The legend's grey swatch is a 14 x 4
    // strip before its label.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-spend-mix");
    let s = review.dashboard.spend_mix.as_ref().unwrap();
    let x_of = |share: f64| 90.0 + 520.0 * share;
    let texts = texts_of(svg);
    let label = text_reading(svg, "target band (grey strip)");
    let (lx, ly) = (number(label, "x"), number(label, "y"));
    assert!(close(ly, 14.0));
    assert!(
        svg.descendants().any(|n| n.tag_name().name() == "rect"
            && close(number_or(n, "x"), lx - 18.0)
            && close(number_or(n, "y"), 7.0)
            && close(number_or(n, "width"), 14.0)
            && close(number_or(n, "height"), 4.0)),
        "no grey swatch before its label"
    );
    assert!(number(text_reading(svg, "share of capacity"), "x") + 100.0 < lx);
    let mut strips = 0;
    for (i, b) in s.bands.iter().enumerate() {
        let y = 28.0 + 46.0 * i as f64;
        let spend = marked_at(svg, &format!("/dashboard/spend_mix/bands/{i}/share"))[0];
        let v = data_value(spend);
        let name = texts
            .iter()
            .find(|(tx, ty, anchor, _)| close(*tx, 84.0) && close(*ty, y + 24.0) && anchor == "end")
            .unwrap_or_else(|| panic!("no name on row {i}"));
        assert!(!name.3.is_empty());
        assert!(
            close(number(spend, "x"), 90.0) && close(number(spend, "y"), y + 6.0),
            "row {i}"
        );
        assert!(
            close(number(spend, "width"), x_of(v) - 90.0) && close(number(spend, "height"), 15.0)
        );
        let wanted = format!("{} of spend", percent_text(v));
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, x_of(v) + 6.0)
                    && close(*ty, y + 18.0)
                    && anchor == "start"
                    && *content == wanted),
            "no {wanted} on row {i}"
        );
        let (k, m) = review
            .kpis
            .mix
            .iter()
            .enumerate()
            .find(|(_, m)| m.horizon == b.horizon)
            .unwrap();
        let capacity = marked_at(svg, &format!("/kpis/mix/{k}/share"))[0];
        let c = real(&m.share.value());
        assert!(close(number(capacity, "x"), 90.0) && close(number(capacity, "y"), y + 23.0));
        assert!(
            close(number(capacity, "width"), x_of(c) - 90.0)
                && close(number(capacity, "height"), 15.0)
        );
        assert!(capacity.attribute("fill").unwrap().starts_with("url(#"));
        let wanted = format!("{} of capacity", percent_text(c));
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, x_of(c) + 6.0)
                    && close(*ty, y + 35.0)
                    && anchor == "start"
                    && *content == wanted),
            "no {wanted} on row {i}"
        );
        if let Some(t) = b.target {
            strips += 1;
            let (lo, hi) = (x_of(real(&t.low.value())), x_of(real(&t.high.value())));
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "rect"
                    && close(number_or(n, "x"), lo)
                    && close(number_or(n, "y"), y + 40.0)
                    && close(number_or(n, "width"), hi - lo)
                    && close(number_or(n, "height"), 4.0)),
                "no target strip on row {i}"
            );
        }
    }
    assert_eq!(strips, 3);
}

#[test]
fn an_add_up_chart_that_does_not_sum_shows_its_range_and_a_surplus() {
    // A goal whose contributors combine other than by a sum has no stack: a solid bar
    // to the aggregate's low end and a hatched one on to its high end, on the plot's
    // 600 units from x = 10 up to the larger of the high end and the target. A surplus
    // draws no gap; the summary and the table name it.
    let d = folio_types::Decimal::from;
    let mut review = sample();
    let finding = &mut review.kpi_rollup.cascade.add_up[0];
    finding.combine = "max".to_owned();
    finding.aggregate = folio_okr::Aggregate::Between {
        low: d(3_200_000),
        high: d(5_200_000),
    };
    finding.target = d(3_000_000);
    finding.finding = folio_okr::AddUpFinding::Surplus {
        amount: d(200_000),
        weakest: None,
    };
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "svg"
                && n.attribute("id")
                    .is_some_and(|id| id.starts_with("chart-add-up-"))
        })
        .unwrap();
    let per = 600.0 / 5_200_000.0;
    let rect_at = |x: f64, w: f64, patterned: bool| {
        svg.descendants().any(|n| {
            n.tag_name().name() == "rect"
                && close(number_or(n, "x"), x)
                && close(number_or(n, "y"), 26.0)
                && close(number_or(n, "width"), w)
                && close(number_or(n, "height"), 30.0)
                && n.attribute("fill").unwrap().starts_with("url(#") == patterned
        })
    };
    let lo = 10.0 + per * 3_200_000.0;
    assert!(
        rect_at(10.0, lo - 10.0, false),
        "no solid bar to the low end"
    );
    assert!(
        rect_at(lo, 610.0 - lo, true),
        "no hatched bar to the high end"
    );
    assert!(
        !svg.descendants().any(|n| n
            .attribute("data-path")
            .is_some_and(|p| p.contains("/contributors/"))),
        "a stack of contributors"
    );
    assert!(
        !svg.descendants().any(|n| n
            .attribute("data-path")
            .is_some_and(|p| p.contains("/finding/"))),
        "a gap drawn for a surplus"
    );
    let line = svg
        .descendants()
        .find(|n| {
            n.attribute("data-path")
                .is_some_and(|p| p.ends_with("/target"))
        })
        .unwrap();
    let tx = 10.0 + per * 3_000_000.0;
    assert!(close(number(line, "x1"), tx) && close(number(line, "x2"), tx));
    let label = text_reading(svg, "target 3M");
    assert!(close(number(label, "x"), tx) && close(number(label, "y"), 76.0));
    let zero = text_reading(svg, "0");
    assert!(close(number(zero, "x"), 10.0) && close(number(zero, "y"), 76.0));
    let summary = text_reading(svg, "aggregate 5.2M against 3M: 200k more than it needs");
    assert!(close(number(summary, "x"), 10.0) && close(number(summary, "y"), 96.0));
    let desc = svg
        .descendants()
        .find(|n| n.tag_name().name() == "desc")
        .unwrap()
        .text()
        .unwrap();
    assert!(desc.contains(" combine to "), "{desc}");
    assert!(desc.ends_with(", 200,000 more than it needs."), "{desc}");
    assert!(
        doc.descendants().any(|n| n.tag_name().name() == "td"
            && n.attribute("data-path")
                .is_some_and(|p| p.ends_with("/finding/surplus/amount"))
            && n.prev_sibling_element().and_then(|s| s.text()) == Some("surplus")),
        "no surplus row in the table"
    );
}

#[test]
fn kpi_charts_pad_the_value_axis_and_label_quarters_and_lines_in_place() {
    // Layout of each 360 x 210 KPI chart: the plot runs from x = 46 (the first
    // quarter) to 280 (the last), quarters evenly spaced and named 20 under the plot
    // (y = 196); values run from y = 176 up to 30, the axis reaching 8% of the values'
    // span past the lowest and the highest value (never below zero for a metric whose
    // values are all non-negative), with grid lines at its bottom, middle and top and
    // their numbers ending 4 left of the plot. Each product's name sits 12 right of the
    // plot, joined to its line's last point by a leader from 3 right of the plot.
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let quarters = review.kpis.quarters.len();
    assert!(quarters >= 2);
    let step = 234.0 / (quarters as f64 - 1.0);
    for row in &review.kpis.rows {
        let id = format!("chart-kpi-{}", row.metric);
        let svg = chart(&doc, &id);
        let texts = texts_of(svg);
        let title = text_reading(svg, &row.name);
        assert!(close(number(title, "x"), 4.0) && close(number(title, "y"), 14.0));
        for (q, quarter) in review.kpis.quarters.iter().enumerate() {
            let t = text_reading(svg, &quarter.to_string());
            assert!(
                close(number(t, "x"), 46.0 + step * q as f64),
                "{id} {quarter}"
            );
            assert!(close(number(t, "y"), 196.0), "{id} {quarter}");
        }
        for y in [176.0, 103.0, 30.0] {
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "line"
                    && close(number_or(n, "x1"), 46.0)
                    && close(number_or(n, "x2"), 280.0)
                    && close(number_or(n, "y1"), y)
                    && close(number_or(n, "y2"), y)),
                "{id}: no grid line at {y}"
            );
            assert!(
                texts.iter().any(|(tx, ty, anchor, _)| close(*tx, 42.0)
                    && close(*ty, y + 4.0)
                    && anchor == "end"),
                "{id}: no number at {y}"
            );
        }
        let marks: Vec<_> = svg
            .descendants()
            .filter(|n| n.attribute("data-path").is_some())
            .collect();
        let values: Vec<f64> = marks.iter().map(|m| data_value(*m)).collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi > lo { (hi - lo) * 0.08 } else { 1.0 };
        let bottom_value = if lo < 0.0 {
            lo - pad
        } else {
            (lo - pad).max(0.0)
        };
        let top_value = hi + pad;
        for m in &marks {
            let v = data_value(*m);
            let (_, y) = marker_centre(*m);
            let wanted = 176.0 - 146.0 * (v - bottom_value) / (top_value - bottom_value);
            assert!((y - wanted).abs() <= 0.15, "{id}: {v} at {y}, not {wanted}");
        }
        for (product, vs) in &row.products {
            let last = vs.iter().rposition(Option::is_some).unwrap();
            let path = format!("/products/{product}/{last}");
            let end = marks
                .iter()
                .find(|m| m.attribute("data-path").unwrap().ends_with(&path))
                .unwrap();
            let (_, ey) = marker_centre(*end);
            let name = text_reading(svg, product.as_str());
            assert!(close(number(name, "x"), 292.0), "{id} {product}");
            let at = number(name, "y") - 4.0;
            assert!(
                svg.descendants().any(|n| n.tag_name().name() == "line"
                    && close(number_or(n, "x1"), 283.0)
                    && (number_or(n, "y1") - ey).abs() <= 0.15
                    && close(number_or(n, "x2"), 290.0)
                    && close(number_or(n, "y2"), at)),
                "{id}: no leader from {product}'s last point to its name"
            );
        }
    }
}

#[test]
fn drain_and_mix_rows_put_labels_bands_and_the_draining_mark_in_place() {
    // The drain chart: rows 40 high from y = 30, the plot from x = 80 over 480 units to
    // the axis' end (50% in the sample: no share above it); a product's name ends 6 left
    // of the plot (baseline 22 into the row), its capacity bar 6 into the row with its
    // number on baseline 17, its revenue bar 20 into it with its number on baseline 31,
    // and a draining product's "◀ DRAINING" on the capacity number's line, 56 past the
    // capacity bar. The mix chart: rows 36 high from y = 30, the plot from 80 (0%) to
    // 560 (100%); the target band a hatched box 4 to 32 into the row from its low to its
    // high end, with a line at the high end; the share bar 12 into the row; the share
    // and its place against the band 8 right of the plot (baseline 22 into the row).
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let svg = chart(&doc, "chart-drain");
    let texts = texts_of(svg);
    let x_of = |share: f64| 80.0 + 480.0 * share / 0.5;
    let mut draining = 0;
    for (i, b) in review.kpis.capacity.iter().enumerate() {
        let y = 30.0 + 40.0 * i as f64;
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 74.0)
                    && close(*ty, y + 22.0)
                    && anchor == "end"
                    && content == b.product.as_str()),
            "drain: no name on row {i}"
        );
        let c = real(&b.consumption_share);
        let v = real(&b.value_share);
        for (field, share, dy) in [("consumption_share", c, 6.0), ("value_share", v, 20.0)] {
            let bar = marked_at(svg, &format!("/kpis/capacity/{i}/{field}"))[0];
            assert!(close(number(bar, "y"), y + dy), "drain row {i} {field}");
            assert!(
                close(number(bar, "width"), x_of(share) - 80.0),
                "drain row {i} {field}"
            );
            assert!(
                texts
                    .iter()
                    .any(|(tx, ty, anchor, content)| close(*tx, x_of(share) + 4.0)
                        && close(*ty, y + dy + 11.0)
                        && anchor == "start"
                        && *content == percent_text(share)),
                "drain row {i}: no number for {field}"
            );
        }
        let mark = texts.iter().any(|(tx, ty, _, content)| {
            close(*tx, x_of(c) + 56.0) && close(*ty, y + 17.0) && content == "◀ DRAINING"
        });
        assert_eq!(mark, b.draining, "drain row {i}");
        draining += usize::from(b.draining);
    }
    assert_eq!(
        texts.iter().filter(|t| t.3 == "◀ DRAINING").count(),
        draining
    );
    assert!(draining >= 1);
    let svg = chart(&doc, "chart-mix");
    let texts = texts_of(svg);
    let x_of = |share: f64| 80.0 + 480.0 * share;
    let mut places = std::collections::BTreeSet::new();
    for (i, m) in review.kpis.mix.iter().enumerate() {
        let y = 30.0 + 36.0 * i as f64;
        let share = real(&m.share.value());
        let bar = marked_at(svg, &format!("/kpis/mix/{i}/share"))[0];
        assert!(close(number(bar, "x"), 80.0) && close(number(bar, "y"), y + 12.0));
        assert!(
            close(number(bar, "width"), x_of(share) - 80.0) && close(number(bar, "height"), 12.0)
        );
        let t = m.target.unwrap();
        let (low, high) = (real(&t.low.value()), real(&t.high.value()));
        let band = marked_at(svg, &format!("/kpis/mix/{i}/target/low"))[0];
        assert!(close(number(band, "x"), x_of(low)) && close(number(band, "y"), y + 4.0));
        assert!(close(number(band, "width"), x_of(high) - x_of(low)));
        assert!(close(number(band, "height"), 28.0));
        let line = marked_at(svg, &format!("/kpis/mix/{i}/target/high"))[0];
        assert!(close(number(line, "x1"), x_of(high)) && close(number(line, "x2"), x_of(high)));
        assert!(close(number(line, "y1"), y + 4.0) && close(number(line, "y2"), y + 32.0));
        let place = if share < low {
            "BELOW BAND"
        } else if share > high {
            "ABOVE BAND"
        } else {
            "within band"
        };
        places.insert(place);
        let wanted = format!("{} {place}", percent_text(share));
        assert!(
            texts
                .iter()
                .any(|(tx, ty, anchor, content)| close(*tx, 568.0)
                    && close(*ty, y + 22.0)
                    && anchor == "start"
                    && *content == wanted),
            "mix row {i}: no {wanted}"
        );
    }
    assert_eq!(
        places.len(),
        3,
        "the sample is below, within and above its bands"
    );
}

/// A number as the axes print it: `1.4M`, `724k`, `27`.
fn compact_value(text: &str) -> f64 {
    if let Some(m) = text.strip_suffix('M') {
        m.parse::<f64>().unwrap() * 1e6
    } else if let Some(k) = text.strip_suffix('k') {
        k.parse::<f64>().unwrap() * 1e3
    } else {
        text.parse().unwrap()
    }
}

#[test]
fn kpi_value_axes_read_the_padded_bottom_middle_and_top() {
    // The numbers at the value axis' grid lines are its values there: the padded
    // bottom, the middle and the padded top (8% of the values' span past them, not
    // below zero for a non-negative metric), as compact numbers (to about two
    // significant digits).
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    for row in &review.kpis.rows {
        let id = format!("chart-kpi-{}", row.metric);
        let svg = chart(&doc, &id);
        let values: Vec<f64> = svg
            .descendants()
            .filter(|n| n.attribute("data-path").is_some())
            .map(data_value)
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi > lo { (hi - lo) * 0.08 } else { 1.0 };
        let bottom = if lo < 0.0 {
            lo - pad
        } else {
            (lo - pad).max(0.0)
        };
        let top = hi + pad;
        let texts = texts_of(svg);
        for (y, wanted) in [
            (176.0, bottom),
            (103.0, f64::midpoint(bottom, top)),
            (30.0, top),
        ] {
            let label = texts
                .iter()
                .find(|(tx, ty, anchor, _)| {
                    close(*tx, 42.0) && close(*ty, y + 4.0) && anchor == "end"
                })
                .unwrap();
            let shown = compact_value(&label.3);
            assert!(
                (shown - wanted).abs() <= 0.06 * wanted.abs().max(top - bottom),
                "{id}: {} at {y}, the axis is at {wanted} there",
                label.3
            );
        }
    }
}

#[test]
fn a_kpi_chart_of_one_quarter_puts_its_points_at_the_axis_start() {
    // With a single quarter there is no spacing to divide: every point sits at the
    // plot's left edge (x = 46), under the quarter's name.
    let mut review = sample();
    review.kpis.quarters.truncate(1);
    for row in &mut review.kpis.rows {
        for values in row.products.values_mut() {
            values.truncate(1);
        }
    }
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let mut points = 0;
    for row in &review.kpis.rows {
        let svg = chart(&doc, &format!("chart-kpi-{}", row.metric));
        for m in svg
            .descendants()
            .filter(|n| n.attribute("data-path").is_some())
        {
            let (x, _) = marker_centre(m);
            assert!(close(x, 46.0), "{x}");
            points += 1;
        }
        let name = text_reading(svg, &review.kpis.quarters[0].to_string());
        assert!(close(number(name, "x"), 46.0));
    }
    assert!(points >= 6);
}
