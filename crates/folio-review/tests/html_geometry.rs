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
use common::{emptied, parse, sample};

fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    let text = node
        .attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()));
    let value: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("{name}=\"{text}\" is not a number"));
    assert!(value.is_finite(), "{name}=\"{text}\"");
    value
}

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

/// The `viewBox` of a chart: its width and height (it starts at the origin).
fn view_box(svg: roxmltree::Node<'_, '_>) -> (f64, f64) {
    let parts: Vec<f64> = svg
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(parts.len(), 4);
    assert_eq!((parts[0], parts[1]), (0.0, 0.0));
    (parts[2], parts[3])
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

fn close(a: f64, b: f64) -> bool {
    // Coordinates are written to 0.1 units; a sum of two rounds can be off by 0.1.
    (a - b).abs() <= 0.15
}

#[test]
fn an_add_up_chart_stacks_the_contributors_up_to_the_gap_and_the_target() {
    let review = sample();
    let page = render(&review, Format::Html).unwrap();
    let doc = parse(&page);
    let charts: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "svg"
                && n.attribute("id")
                    .is_some_and(|id| id.starts_with("chart-add-up-"))
        })
        .collect();
    // The sample's one finding: the KPI portfolio's revenue-11m (kpi.json), whose key
    // results' targets are 1.45M, 3.2M, 5.2M, 0.8M and 0.35M: 11M against 11.5M.
    assert_eq!(charts.len(), 1);
    for svg in charts {
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

/// A number attribute, or NaN where the element has none (never close to anything).
fn number_or(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}
