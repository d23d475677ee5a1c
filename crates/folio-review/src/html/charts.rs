//! The dashboard's chart sections, each a chart (or a few) and the table of its numbers.

use std::collections::BTreeSet;

use folio_roi::Payback;
use folio_types::Decimal;

use super::Page;
use super::svg::{Cell, Mark, Svg, f, n, pointer, spread, table};
use crate::PortfolioReview;
use crate::kpi::{BandPosition, horizon_name};
use crate::render::{amount, metric_value, name_of, payback, percent, ratio, signed_percent};

const INK: &str = "#1b1f24";
const NAVY: &str = "#1f3a5f";
const TRACK: &str = "#eef0f3";
const GRID: &str = "stroke=\"#c9ced6\" stroke-width=\"1\"";
const PACE: &str = "stroke=\"#8c1c13\" stroke-width=\"2\" stroke-dasharray=\"5 3\"";
const WIDTH: f64 = 720.0;

/// Greys and dash patterns for up to five series, told apart without colour.
const SERIES: [(&str, &str); 5] = [
    ("#1f3a5f", ""),
    ("#5b7fa6", "stroke-dasharray=\"7 3\""),
    ("#7a4a00", "stroke-dasharray=\"2 2\""),
    ("#3b3b3b", "stroke-dasharray=\"9 3 2 3\""),
    ("#8c1c13", "stroke-dasharray=\"1 3\""),
];

fn series(i: usize) -> (&'static str, &'static str) {
    SERIES
        .get(i.checked_rem(SERIES.len()).unwrap_or(0))
        .copied()
        .unwrap_or(("#1f3a5f", ""))
}

fn idx(i: usize) -> String {
    i.to_string()
}

/// `x` of `value` on a scale from 0 to `max` drawn from `left` over `width`.
fn scale(value: Decimal, max: Decimal, left: f64, width: f64) -> f64 {
    let max = f(max);
    if max <= 0.0 {
        return left;
    }
    left + width * (f(value) / max).clamp(0.0, 1.0)
}

/// A round end for a percentage axis that reaches `max` (a fraction), and its step:
/// at most six steps of 5, 10, 25, 50, 100, 200 or 500 points.
fn nice(max: Decimal) -> (Decimal, Decimal) {
    let steps = [5i64, 10, 25, 50, 100, 200, 500].map(|p| Decimal::new(p, 2));
    let max = max.max(Decimal::new(1, 2));
    for step in steps {
        let count = max.checked_div(step).map(|c| c.ceil());
        if let Some(end) = count
            .filter(|c| *c <= Decimal::from(6))
            .and_then(|c| c.checked_mul(step))
        {
            return (end, step);
        }
    }
    (max.ceil(), Decimal::ONE)
}

/// A percentage axis from 0 to `max` (a fraction, from [`nice`]) in `step`s under a plot.
#[allow(clippy::too_many_arguments)] // Reason: an axis is its scale and its place.
fn percent_axis(
    svg: &mut Svg,
    (max, step): (Decimal, Decimal),
    left: f64,
    width: f64,
    top: f64,
    bottom: f64,
) {
    let mut v = Decimal::ZERO;
    while v <= max {
        let x = scale(v, max, left, width);
        svg.line((x, top), (x, bottom), GRID);
        svg.text((x, bottom + 13.0), "middle", "small", &percent(v));
        match v.checked_add(step) {
            Some(next) => v = next,
            None => break,
        }
    }
}

/// A number in a few characters for an axis: 5.2M, 310k, 104.
fn compact(value: Decimal) -> String {
    let abs = value.abs();
    let million = Decimal::from(1_000_000);
    let thousand = Decimal::from(1_000);
    if abs >= million {
        format!(
            "{}M",
            value
                .checked_div(million)
                .unwrap_or_default()
                .round_dp(1)
                .normalize()
        )
    } else if abs >= thousand {
        format!(
            "{}k",
            value
                .checked_div(thousand)
                .unwrap_or_default()
                .round_dp(0)
                .normalize()
        )
    } else {
        value.round_dp(1).normalize().to_string()
    }
}

pub(super) fn scorecard(page: &mut Page, review: &PortfolioReview) {
    let lines = &review.okr.readout.scorecard;
    page.open(
        "scorecard",
        "Scorecard: portfolio objectives against the pace line",
        "Each bar is an objective's progress now; the hatched bar is its progress at the previous readout, the diamond its owners' confidence, and the dashed line how far through the period we are. A bar short of the line is behind pace.",
    );
    let left = 10.0;
    let plot = 560.0;
    let row = 58.0;
    let top = 34.0;
    let height = top + row * n(lines.len()) + 24.0;
    let max = lines
        .iter()
        .map(|l| l.progress.value().max(l.previous.value()))
        .fold(Decimal::ONE, Decimal::max);
    let axis = nice(max);
    let max = axis.0;
    let desc: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{}: {} (was {}, trend {}), confidence {}",
                l.name,
                percent(l.progress.value()),
                percent(l.previous.value()),
                name_of(&l.trend),
                l.confidence
                    .map_or_else(|| "none".to_owned(), |c| percent(c.value()))
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-scorecard",
        WIDTH,
        height,
        "Scorecard: progress and confidence per portfolio objective against the pace line",
        &format!(
            "Pace {}. {}.",
            percent(review.pace.value()),
            desc.join("; ")
        ),
    );
    let mut x = left;
    x = svg.legend(x, 14.0, NAVY, "progress now");
    let hatch = svg.hatch();
    x = svg.legend(x, 14.0, &hatch, "previous readout");
    svg.marker(3, (x + 7.0, 10.0), "#ffffff", None);
    svg.text((x + 16.0, 14.0), "start", "small", "confidence");
    svg.line((x + 100.0, 5.0), (x + 100.0, 17.0), PACE);
    svg.text((x + 106.0, 14.0), "start", "small", "pace line");
    let bottom = top + row * n(lines.len());
    percent_axis(&mut svg, axis, left, plot, top, bottom);
    for (i, l) in lines.iter().enumerate() {
        let y = top + row * n(i);
        let base = pointer(&["okr", "readout", "scorecard", &idx(i)]);
        svg.text(
            (left, y + 14.0),
            "start",
            "label",
            &format!("{} {}", l.trend.arrow(), l.name),
        );
        svg.rect(left, y + 20.0, plot, 30.0, TRACK, "none", None);
        svg.rect(
            left,
            y + 21.0,
            scale(l.previous.value(), max, left, plot) - left,
            10.0,
            &hatch,
            INK,
            Some(&Mark::new(format!("{base}/previous"), l.previous.value())),
        );
        svg.rect(
            left,
            y + 33.0,
            scale(l.progress.value(), max, left, plot) - left,
            16.0,
            NAVY,
            INK,
            Some(&Mark::new(format!("{base}/progress"), l.progress.value())),
        );
        if let Some(c) = l.confidence {
            svg.marker(
                3,
                (scale(c.value(), max, left, plot), y + 41.0),
                "#ffffff",
                Some(&Mark::new(format!("{base}/confidence"), c.value())),
            );
        }
        svg.text(
            (left + plot + 10.0, y + 46.0),
            "start",
            "value",
            &format!(
                "{} (was {})",
                percent(l.progress.value()),
                percent(l.previous.value())
            ),
        );
    }
    let px = scale(review.pace.value(), max, left, plot);
    svg.marked_line(
        (px, top - 4.0),
        (px, bottom),
        PACE,
        &Mark::new("/pace".to_owned(), review.pace.value()),
    );
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let base = pointer(&["okr", "readout", "scorecard", &idx(i)]);
            vec![
                Cell::text(l.name.clone()),
                Cell::num(
                    percent(l.progress.value()),
                    Mark::new(format!("{base}/progress"), l.progress.value()),
                ),
                Cell::num(
                    percent(l.previous.value()),
                    Mark::new(format!("{base}/previous"), l.previous.value()),
                ),
                Cell::text(format!("{} {}", l.trend.arrow(), name_of(&l.trend))),
                l.confidence.map_or_else(
                    || Cell::text("-"),
                    |c| {
                        Cell::num(
                            percent(c.value()),
                            Mark::new(format!("{base}/confidence"), c.value()),
                        )
                    },
                ),
                Cell::text(if l.progress.value() >= review.pace.value() {
                    "on pace"
                } else {
                    "behind"
                }),
                Cell::text(l.top_product.as_ref().map_or_else(
                    || "-".to_owned(),
                    |(p, moved)| format!("{p} ({})", signed_percent(*moved)),
                )),
            ]
        })
        .collect();
    let chart = svg.finish();
    page.figure(
        &chart,
        &table(
            &format!(
                "Scorecard numbers (pace line {})",
                percent(review.pace.value())
            ),
            &[
                "objective",
                "progress",
                "previous",
                "trend",
                "confidence",
                "vs pace",
                "moved most",
            ],
            &rows,
        ),
    );
    page.close();
}

pub(super) fn roadmap(page: &mut Page, review: &PortfolioReview) {
    let rows = &review.okr.roadmap;
    let period = review.okr.readout.period;
    page.open(
        "roadmap",
        "Portfolio roadmap: each product's key results under the umbrella objectives",
        "The track runs from the first to the last day of the period; each bar is a key result's progress, the hatched bar where it stood at the previous readout, and the dashed line today's pace.",
    );
    let names: Vec<(&folio_types::ObjectiveId, &str)> = review
        .okr
        .readout
        .scorecard
        .iter()
        .map(|l| (&l.objective, l.name.as_str()))
        .collect();
    let groups: BTreeSet<&folio_types::ObjectiveId> = rows.iter().map(|r| &r.objective).collect();
    let left = 10.0;
    let plot = 560.0;
    let row = 34.0;
    let head = 24.0;
    let top = 30.0;
    let height = top + head * n(groups.len()) + row * n(rows.len()) + 30.0;
    let max = rows
        .iter()
        .map(|r| r.progress.value().max(r.previous.value()))
        .fold(Decimal::ONE, Decimal::max);
    let desc: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} ({}, {}): {} (was {})",
                r.key_result,
                r.product,
                r.objective,
                percent(r.progress.value()),
                percent(r.previous.value())
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-roadmap",
        WIDTH,
        height,
        &format!("Portfolio roadmap for {period}: key results by umbrella objective"),
        &format!(
            "Pace {}. {}.",
            percent(review.pace.value()),
            desc.join("; ")
        ),
    );
    let hatch = svg.hatch();
    let mut x = svg.legend(left, 14.0, NAVY, "progress now");
    x = svg.legend(x, 14.0, &hatch, "previous readout");
    svg.line((x, 5.0), (x, 17.0), PACE);
    svg.text((x + 6.0, 14.0), "start", "small", "pace line (today)");
    let mut y = top;
    let mut current: Option<&folio_types::ObjectiveId> = None;
    for (i, r) in rows.iter().enumerate() {
        if current != Some(&r.objective) {
            current = Some(&r.objective);
            let name = names
                .iter()
                .find(|(id, _)| *id == &r.objective)
                .map_or_else(|| r.objective.to_string(), |(_, name)| (*name).to_owned());
            svg.rect(
                left,
                y + 2.0,
                WIDTH - 2.0 * left,
                head - 4.0,
                "#dde4ec",
                "none",
                None,
            );
            svg.text(
                (left + 6.0, y + 16.0),
                "start",
                "label",
                &format!("Objective: {name}"),
            );
            y += head;
        }
        let base = pointer(&["okr", "roadmap", &idx(i)]);
        svg.text(
            (left, y + 12.0),
            "start",
            "small",
            &format!("{} · {}", r.product, r.name),
        );
        svg.rect(left, y + 15.0, plot, 16.0, TRACK, "none", None);
        svg.rect(
            left,
            y + 15.0,
            scale(r.previous.value(), max, left, plot) - left,
            5.0,
            &hatch,
            INK,
            Some(&Mark::new(format!("{base}/previous"), r.previous.value())),
        );
        svg.rect(
            left,
            y + 21.0,
            scale(r.progress.value(), max, left, plot) - left,
            10.0,
            NAVY,
            INK,
            Some(&Mark::new(format!("{base}/progress"), r.progress.value())),
        );
        let conf = r.confidence.map_or_else(String::new, |c| {
            format!(", conf. {}", c.value().round_dp(2))
        });
        svg.text(
            (left + plot + 10.0, y + 30.0),
            "start",
            "value",
            &format!("{}{conf}", percent(r.progress.value())),
        );
        y += row;
    }
    let px = scale(review.pace.value(), max, left, plot);
    svg.marked_line(
        (px, top),
        (px, y),
        PACE,
        &Mark::new("/pace".to_owned(), review.pace.value()),
    );
    svg.text(
        (left, y + 16.0),
        "start",
        "small",
        &period.start().to_string(),
    );
    let end = scale(Decimal::ONE, max, left, plot);
    svg.text((end, y + 16.0), "end", "small", &period.end().to_string());
    svg.text((px, y + 16.0), "middle", "small", &review.as_of.to_string());
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let base = pointer(&["okr", "roadmap", &idx(i)]);
            vec![
                Cell::text(r.key_result.to_string()),
                Cell::text(r.objective.to_string()),
                Cell::text(r.product.to_string()),
                Cell::num(
                    percent(r.progress.value()),
                    Mark::new(format!("{base}/progress"), r.progress.value()),
                ),
                Cell::num(
                    percent(r.previous.value()),
                    Mark::new(format!("{base}/previous"), r.previous.value()),
                ),
                r.confidence.map_or_else(
                    || Cell::text("-"),
                    |c| {
                        Cell::num(
                            c.value().round_dp(2).to_string(),
                            Mark::new(format!("{base}/confidence"), c.value()),
                        )
                    },
                ),
            ]
        })
        .collect();
    let chart = svg.finish();
    page.figure(
        &chart,
        &table(
            "Roadmap numbers",
            &[
                "key result",
                "objective",
                "product",
                "progress",
                "previous",
                "confidence",
            ],
            &cells,
        ),
    );
    page.close();
}

pub(super) fn kpi_trends(page: &mut Page, review: &PortfolioReview) {
    let k = &review.kpis;
    page.open(
        "kpis",
        "KPI trends per quarter, per product line",
        "One chart per metric; each line is a product, told apart by its dash pattern, marker shape and end label. The portfolio figure, combined per the metric's definition, is in the table.",
    );
    page.raw("<div class=\"grid2\">");
    let (w, h) = (360.0, 210.0);
    let (left, right, top, bottom) = (46.0, 280.0, 30.0, 176.0);
    for (r, row) in k.rows.iter().enumerate() {
        let values: Vec<Decimal> = row.products.values().flatten().flatten().copied().collect();
        let (Some(lo), Some(hi)) = (
            values.iter().copied().reduce(Decimal::min),
            values.iter().copied().reduce(Decimal::max),
        ) else {
            continue;
        };
        let span = f(hi) - f(lo);
        let pad = if span > 0.0 { span * 0.08 } else { 1.0 };
        // Padding never takes a non-negative metric below zero.
        let lo_f = if lo.is_sign_negative() {
            f(lo) - pad
        } else {
            (f(lo) - pad).max(0.0)
        };
        let hi_f = f(hi) + pad;
        let y_of = |v: Decimal| bottom - (bottom - top) * (f(v) - lo_f) / (hi_f - lo_f);
        let quarters = k.quarters.len().max(1);
        let step = if quarters > 1 {
            (right - left) / (n(quarters) - 1.0)
        } else {
            0.0
        };
        let x_of = |q: usize| left + step * n(q);
        let desc: Vec<String> = row
            .products
            .iter()
            .map(|(p, vs)| {
                let shown: Vec<String> = vs
                    .iter()
                    .map(|v| v.map_or_else(|| "-".to_owned(), |v| metric_value(row.unit, v)))
                    .collect();
                format!("{p} {}", shown.join(", "))
            })
            .collect();
        let quarters_text = match (k.quarters.first(), k.quarters.last()) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => String::new(),
        };
        let mut svg = Svg::new(
            &format!("chart-kpi-{}", row.metric),
            w,
            h,
            &format!("{} per product, {quarters_text}", row.name),
            &format!("{}: {}.", row.name, desc.join("; ")),
        );
        svg.text((4.0, 14.0), "start", "label", &row.name);
        for frac in [0.0, 0.5, 1.0] {
            let v = lo_f + (hi_f - lo_f) * frac;
            let y = bottom - (bottom - top) * frac;
            svg.line((left, y), (right, y), GRID);
            let label = Decimal::from_f64_retain(v).map_or_else(String::new, compact);
            svg.text((left - 4.0, y + 4.0), "end", "small", &label);
        }
        for (q, quarter) in k.quarters.iter().enumerate() {
            svg.text(
                (x_of(q), bottom + 20.0),
                "middle",
                "small",
                &quarter.to_string(),
            );
        }
        let mut ends: Vec<(f64, String, &str)> = Vec::new();
        for (s, (product, vs)) in row.products.iter().enumerate() {
            let (colour, dash) = series(s);
            let points: Vec<(f64, f64)> = vs
                .iter()
                .enumerate()
                .filter_map(|(q, v)| v.map(|v| (x_of(q), y_of(v))))
                .collect();
            svg.polyline(
                &points,
                &format!("stroke=\"{colour}\" stroke-width=\"2\" {dash}"),
            );
            for (q, v) in vs.iter().enumerate() {
                if let Some(v) = v {
                    let path = pointer(&[
                        "kpis",
                        "rows",
                        &idx(r),
                        "products",
                        product.as_str(),
                        &idx(q),
                    ]);
                    svg.marker(s, (x_of(q), y_of(*v)), colour, Some(&Mark::new(path, *v)));
                }
            }
            if let Some(&(_, y)) = points.last() {
                ends.push((y, product.to_string(), colour));
            }
        }
        let ys: Vec<f64> = ends.iter().map(|e| e.0).collect();
        let placed = spread(&ys, 12.0, top, bottom);
        for ((y, label, _), at) in ends.iter().zip(placed) {
            svg.line((right + 3.0, *y), (right + 10.0, at), GRID);
            svg.text((right + 12.0, at + 4.0), "start", "small", label);
        }
        let chart = svg.finish();
        // Currency amounts show without their code, which the caption names once.
        let (cell_value, unit_note) = match row.unit {
            folio_metrics::Unit::Currency(c) => (
                Box::new(amount) as Box<dyn Fn(Decimal) -> String>,
                format!(" ({c})"),
            ),
            unit => (
                Box::new(move |v| metric_value(unit, v)) as Box<dyn Fn(Decimal) -> String>,
                String::new(),
            ),
        };
        let mut header: Vec<String> = vec!["product".to_owned()];
        header.extend(k.quarters.iter().map(ToString::to_string));
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut cells: Vec<Vec<Cell>> = row
            .products
            .iter()
            .map(|(p, vs)| {
                let mut line = vec![Cell::text(p.to_string())];
                line.extend(vs.iter().enumerate().map(|(q, v)| {
                    v.map_or_else(
                        || Cell::text("-"),
                        |v| {
                            Cell::num(
                                cell_value(v),
                                Mark::new(
                                    pointer(&[
                                        "kpis",
                                        "rows",
                                        &idx(r),
                                        "products",
                                        p.as_str(),
                                        &idx(q),
                                    ]),
                                    v,
                                ),
                            )
                        },
                    )
                }));
                line
            })
            .collect();
        let mut total = vec![Cell::text("portfolio")];
        total.extend(row.values.iter().enumerate().map(|(q, v)| {
            v.map_or_else(
                || Cell::text("-"),
                |v| {
                    Cell::num(
                        cell_value(v),
                        Mark::new(pointer(&["kpis", "rows", &idx(r), "values", &idx(q)]), v),
                    )
                },
            )
        }));
        cells.push(total);
        page.figure(
            &chart,
            &table(
                &format!("{} per quarter{unit_note}", row.name),
                &header_refs,
                &cells,
            ),
        );
    }
    page.raw("</div>");
    page.close();
}

pub(super) fn capacity(page: &mut Page, review: &PortfolioReview) {
    let k = &review.kpis;
    page.open(
        "capacity",
        "Capacity against value, and the investment mix",
        "Solid bars are each product's share of capacity, dotted bars its share of revenue in the latest quarter; a product whose capacity share exceeds its revenue share by the drain threshold is marked DRAINING. Below, each horizon's share of capacity against its target band (hatched).",
    );
    let left = 80.0;
    let plot = 480.0;
    let row = 40.0;
    let top = 30.0;
    let max = k
        .capacity
        .iter()
        .map(|b| b.consumption_share.max(b.value_share))
        .fold(Decimal::ZERO, Decimal::max)
        .max(Decimal::new(1, 1));
    let axis = nice(max);
    let max = axis.0;
    let height = top + row * n(k.capacity.len()) + 24.0;
    let desc: Vec<String> = k
        .capacity
        .iter()
        .map(|b| {
            format!(
                "{}: {} of capacity, {} of revenue{}",
                b.product,
                percent(b.consumption_share),
                percent(b.value_share),
                if b.draining { ", draining" } else { "" }
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-drain",
        WIDTH,
        height,
        "Capacity share against revenue share per product",
        &format!("{}.", desc.join("; ")),
    );
    let dots = svg.dots();
    let x = svg.legend(left, 14.0, NAVY, "share of capacity");
    svg.legend(x, 14.0, &dots, "share of revenue");
    let bottom = top + row * n(k.capacity.len());
    percent_axis(&mut svg, axis, left, plot, top, bottom);
    for (i, b) in k.capacity.iter().enumerate() {
        let y = top + row * n(i);
        let base = pointer(&["kpis", "capacity", &idx(i)]);
        svg.text((left - 6.0, y + 22.0), "end", "label", b.product.as_str());
        let cx = scale(b.consumption_share, max, left, plot);
        svg.rect(
            left,
            y + 6.0,
            cx - left,
            13.0,
            NAVY,
            INK,
            Some(&Mark::new(
                format!("{base}/consumption_share"),
                b.consumption_share,
            )),
        );
        svg.text(
            (cx + 4.0, y + 17.0),
            "start",
            "value",
            &percent(b.consumption_share),
        );
        let vx = scale(b.value_share, max, left, plot);
        svg.rect(
            left,
            y + 20.0,
            vx - left,
            13.0,
            &dots,
            INK,
            Some(&Mark::new(format!("{base}/value_share"), b.value_share)),
        );
        svg.text(
            (vx + 4.0, y + 31.0),
            "start",
            "value",
            &percent(b.value_share),
        );
        if b.draining {
            svg.text((cx + 56.0, y + 17.0), "start", "label", "◀ DRAINING");
        }
    }
    let chart = svg.finish();
    let rows: Vec<Vec<Cell>> = k
        .capacity
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let base = pointer(&["kpis", "capacity", &idx(i)]);
            vec![
                Cell::text(b.product.to_string()),
                Cell::num(
                    percent(b.consumption_share),
                    Mark::new(format!("{base}/consumption_share"), b.consumption_share),
                ),
                Cell::num(
                    percent(b.value_share),
                    Mark::new(format!("{base}/value_share"), b.value_share),
                ),
                Cell::num(
                    signed_percent(b.gap),
                    Mark::new(format!("{base}/gap"), b.gap),
                ),
                Cell::text(if b.draining { "draining" } else { "-" }),
            ]
        })
        .collect();
    page.figure(
        &chart,
        &table(
            "Capacity and revenue shares, latest quarter",
            &["product", "capacity", "revenue", "gap", ""],
            &rows,
        ),
    );

    // The investment mix against its bands.
    page.raw("<h3>Investment mix by horizon against its target bands</h3>");
    let row = 36.0;
    let height = top + row * n(k.mix.len()) + 24.0;
    let desc: Vec<String> = k
        .mix
        .iter()
        .map(|m| {
            let band = m.target.map_or_else(
                || "no band".to_owned(),
                |t| format!("band {}–{}", ratio(t.low), ratio(t.high)),
            );
            format!("{}: {} ({band})", horizon_name(m.horizon), ratio(m.share))
        })
        .collect();
    let mut svg = Svg::new(
        "chart-mix",
        WIDTH,
        height,
        "Investment mix: capacity share per horizon against its target band",
        &format!("{}.", desc.join("; ")),
    );
    let hatch = svg.hatch();
    let x = svg.legend(left, 14.0, NAVY, "share of capacity");
    svg.legend(x, 14.0, &hatch, "target band");
    let bottom = top + row * n(k.mix.len());
    percent_axis(&mut svg, nice(Decimal::ONE), left, plot, top, bottom);
    for (i, m) in k.mix.iter().enumerate() {
        let y = top + row * n(i);
        let base = pointer(&["kpis", "mix", &idx(i)]);
        svg.text(
            (left - 6.0, y + 22.0),
            "end",
            "label",
            horizon_name(m.horizon),
        );
        if let Some(t) = m.target {
            let lx = scale(t.low.value(), Decimal::ONE, left, plot);
            let hx = scale(t.high.value(), Decimal::ONE, left, plot);
            svg.rect(
                lx,
                y + 4.0,
                hx - lx,
                28.0,
                &hatch,
                INK,
                Some(&Mark::new(format!("{base}/target/low"), t.low.value())),
            );
            // The band's high end, drawn as its right edge.
            svg.marked_line(
                (hx, y + 4.0),
                (hx, y + 32.0),
                "stroke=\"#1b1f24\" stroke-width=\"2\"",
                &Mark::new(format!("{base}/target/high"), t.high.value()),
            );
        }
        let sx = scale(m.share.value(), Decimal::ONE, left, plot);
        svg.rect(
            left,
            y + 12.0,
            sx - left,
            12.0,
            NAVY,
            INK,
            Some(&Mark::new(format!("{base}/share"), m.share.value())),
        );
        let position = m.position.map_or("", |p| match p {
            BandPosition::Below => " BELOW BAND",
            BandPosition::Within => " within band",
            BandPosition::Above => " ABOVE BAND",
        });
        svg.text(
            (left + plot + 8.0, y + 22.0),
            "start",
            "value",
            &format!("{}{position}", ratio(m.share)),
        );
    }
    let chart = svg.finish();
    let rows: Vec<Vec<Cell>> = k
        .mix
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let base = pointer(&["kpis", "mix", &idx(i)]);
            let revenue = k.revenue_by_horizon.get(&m.horizon).map_or_else(
                || Cell::text("-"),
                |r| {
                    Cell::num(
                        ratio(*r),
                        Mark::new(
                            pointer(&["kpis", "revenue_by_horizon", horizon_name(m.horizon)]),
                            r.value(),
                        ),
                    )
                },
            );
            let (low, high) = m.target.map_or_else(
                || (Cell::text("-"), Cell::text("-")),
                |t| {
                    (
                        Cell::num(
                            ratio(t.low),
                            Mark::new(format!("{base}/target/low"), t.low.value()),
                        ),
                        Cell::num(
                            ratio(t.high),
                            Mark::new(format!("{base}/target/high"), t.high.value()),
                        ),
                    )
                },
            );
            vec![
                Cell::text(horizon_name(m.horizon)),
                Cell::num(
                    ratio(m.share),
                    Mark::new(format!("{base}/share"), m.share.value()),
                ),
                revenue,
                low,
                high,
                Cell::text(m.position.map_or_else(|| "-".to_owned(), |p| name_of(&p))),
            ]
        })
        .collect();
    page.figure(
        &chart,
        &table(
            "Investment mix, latest quarter",
            &[
                "horizon",
                "capacity",
                "revenue",
                "band low",
                "band high",
                "position",
            ],
            &rows,
        ),
    );
    page.close();
}

/// Heat-map fill for a 1-5 score: lighter is safer; the number is printed too.
fn heat(score: Decimal) -> (&'static str, &'static str) {
    let s = f(score);
    if s < 1.5 {
        ("#f1f5f9", "value")
    } else if s < 2.5 {
        ("#c6d4e1", "value")
    } else if s < 3.5 {
        ("#8aa6c1", "value")
    } else if s < 4.5 {
        ("#4f6f91", "light")
    } else {
        ("#1f3a5f", "light")
    }
}

fn arrow(delta: Decimal) -> &'static str {
    if delta.is_zero() {
        "→"
    } else if delta.is_sign_positive() {
        "↑"
    } else {
        "↓"
    }
}

pub(super) fn risk(page: &mut Page, review: &PortfolioReview) {
    let r = &review.risk;
    page.open(
        "risk",
        "Risk heat map: products by dimension",
        "Scores run from 1 (low) to 5 (high); darker is riskier and every cell prints its score, with an arrow for its change since the previous assessment (↑ worse, ↓ better).",
    );
    let dims: BTreeSet<String> = r
        .products
        .iter()
        .flat_map(|p| p.dimensions.iter().map(|d| d.dimension.to_string()))
        .collect();
    let dims: Vec<String> = dims.into_iter().collect();
    let left = 90.0;
    let cell_w = 104.0;
    let cell_h = 32.0;
    let top = 40.0;
    let height = top + cell_h * n(r.products.len()) + 14.0;
    let desc: Vec<String> = r
        .products
        .iter()
        .map(|p| {
            let change = p
                .change
                .as_ref()
                .map_or_else(String::new, |c| format!(", change {}", c.delta));
            format!(
                "{} score {} ({}){change}",
                p.current.product,
                p.current.score,
                name_of(&p.current.band)
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-risk",
        WIDTH,
        height,
        "Risk heat map: score per product and dimension, with trend",
        &format!(
            "Portfolio exposure {}. {}.",
            r.exposure.score,
            desc.join("; ")
        ),
    );
    for (j, d) in dims.iter().enumerate() {
        svg.text(
            (left + cell_w * n(j) + cell_w / 2.0, top - 8.0),
            "middle",
            "label",
            d,
        );
    }
    let total_x = left + cell_w * n(dims.len()) + 8.0;
    svg.text(
        (total_x + cell_w / 2.0, top - 8.0),
        "middle",
        "label",
        "overall",
    );
    for (i, p) in r.products.iter().enumerate() {
        let y = top + cell_h * n(i);
        svg.text(
            (left - 8.0, y + 21.0),
            "end",
            "label",
            p.current.product.as_str(),
        );
        for (j, name) in dims.iter().enumerate() {
            let x = left + cell_w * n(j);
            let found = p
                .dimensions
                .iter()
                .enumerate()
                .find(|(_, d)| d.dimension.to_string() == *name);
            let Some((k, d)) = found else {
                svg.rect(x, y, cell_w, cell_h, "#ffffff", INK, None);
                svg.text((x + cell_w / 2.0, y + 21.0), "middle", "value", "not rated");
                continue;
            };
            let Some(score) = d.current else {
                svg.rect(x, y, cell_w, cell_h, "#ffffff", INK, None);
                svg.text((x + cell_w / 2.0, y + 21.0), "middle", "value", "not rated");
                continue;
            };
            let (fill, class) = heat(score.value());
            let path = pointer(&[
                "risk",
                "products",
                &idx(i),
                "dimensions",
                &idx(k),
                "current",
            ]);
            svg.rect(
                x,
                y,
                cell_w,
                cell_h,
                fill,
                "#ffffff",
                Some(&Mark::new(path, score.value())),
            );
            let trend = d
                .change
                .as_ref()
                .map_or_else(String::new, |c| format!(" {}", arrow(c.delta)));
            svg.text(
                (x + cell_w / 2.0, y + 21.0),
                "middle",
                class,
                &format!("{}{trend}", score.value().round_dp(2)),
            );
        }
        let score = p.current.score.value();
        let (fill, class) = heat(score);
        svg.rect(
            total_x,
            y,
            cell_w,
            cell_h,
            fill,
            INK,
            Some(&Mark::new(
                pointer(&["risk", "products", &idx(i), "current", "score"]),
                score,
            )),
        );
        let trend = p
            .change
            .as_ref()
            .map_or_else(String::new, |c| format!(" {}", arrow(c.delta)));
        svg.text(
            (total_x + cell_w / 2.0, y + 21.0),
            "middle",
            class,
            &format!("{}{trend}", score.round_dp(2)),
        );
    }
    let chart = svg.finish();
    let mut header: Vec<&str> = vec!["product"];
    header.extend(dims.iter().map(String::as_str));
    header.extend(["score", "band", "change"]);
    let rows: Vec<Vec<Cell>> = r
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut line = vec![Cell::text(p.current.product.to_string())];
            for name in &dims {
                let found = p
                    .dimensions
                    .iter()
                    .enumerate()
                    .find(|(_, d)| d.dimension.to_string() == *name);
                line.push(match found {
                    Some((k, d)) => d.current.map_or_else(
                        || Cell::text("-"),
                        |s| {
                            let change = d.change.as_ref().map_or_else(String::new, |c| {
                                format!(
                                    " ({}{})",
                                    if c.delta.is_sign_negative() { "" } else { "+" },
                                    c.delta
                                )
                            });
                            Cell::num(
                                format!("{}{change}", s.value()),
                                Mark::new(
                                    pointer(&[
                                        "risk",
                                        "products",
                                        &idx(i),
                                        "dimensions",
                                        &idx(k),
                                        "current",
                                    ]),
                                    s.value(),
                                ),
                            )
                        },
                    ),
                    None => Cell::text("-"),
                });
            }
            line.push(Cell::num(
                p.current.score.value().to_string(),
                Mark::new(
                    pointer(&["risk", "products", &idx(i), "current", "score"]),
                    p.current.score.value(),
                ),
            ));
            line.push(Cell::text(name_of(&p.current.band)));
            line.push(p.change.as_ref().map_or_else(
                || Cell::text("first assessment"),
                |c| {
                    Cell::num(
                        format!("{} {}", arrow(c.delta), c.delta),
                        Mark::new(
                            pointer(&["risk", "products", &idx(i), "change", "delta"]),
                            c.delta,
                        ),
                    )
                },
            ));
            line
        })
        .collect();
    page.figure(
        &chart,
        &table(
            &format!(
                "Risk scores (portfolio exposure {}, {})",
                r.exposure.score,
                name_of(&r.band)
            ),
            &header,
            &rows,
        ),
    );
    page.close();
}

pub(super) fn roi(page: &mut Page, review: &PortfolioReview) {
    let r = &review.roi;
    page.open(
        "roi",
        "ROI and payback per initiative",
        "Left: return on investment over each case's window. Right: simple payback in quarters; the dashed line is the payback trigger, beyond which an initiative needs a justification or a scope change.",
    );
    let names = 150.0;
    let (roi_left, roi_w) = (names, 250.0);
    let (pb_left, pb_w) = (names + roi_w + 70.0, 200.0);
    let row = 30.0;
    let top = 40.0;
    let height = top + row * n(r.initiatives.len()) + 24.0;
    let roi_max = r
        .initiatives
        .iter()
        .filter_map(|i| i.measures.roi.map(folio_types::Ratio::value))
        .fold(Decimal::ONE, Decimal::max);
    let roi_axis = nice(roi_max);
    let roi_max = roi_axis.0;
    let threshold = r.payback_alerts.first().map(|a| a.threshold);
    let after = |p: &Payback| match p {
        Payback::PaysBack { after, .. } => Some(*after),
        Payback::Never { .. } => None,
    };
    let pb_max = r
        .initiatives
        .iter()
        .filter_map(|i| after(&i.measures.payback))
        .chain(threshold)
        .fold(Decimal::ONE, Decimal::max);
    let desc: Vec<String> = r
        .initiatives
        .iter()
        .map(|i| {
            format!(
                "{}: ROI {}, payback {}",
                i.initiative,
                i.measures.roi.map_or_else(|| "-".to_owned(), ratio),
                payback(&i.measures.payback)
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-roi",
        WIDTH,
        height,
        "ROI and payback per initiative",
        &format!("{}.", desc.join("; ")),
    );
    svg.text((roi_left, 14.0), "start", "label", "ROI");
    svg.text((pb_left, 14.0), "start", "label", "payback (quarters)");
    let bottom = top + row * n(r.initiatives.len());
    percent_axis(&mut svg, roi_axis, roi_left, roi_w, top, bottom);
    let whole = pb_max.ceil();
    let mut q = Decimal::ZERO;
    while q <= whole {
        let x = scale(q, pb_max, pb_left, pb_w);
        svg.line((x, top), (x, bottom), GRID);
        svg.text((x, bottom + 13.0), "middle", "small", &q.to_string());
        match q.checked_add(Decimal::ONE) {
            Some(next) => q = next,
            None => break,
        }
    }
    if let Some(t) = threshold {
        let x = scale(t, pb_max, pb_left, pb_w);
        svg.marked_line(
            (x, top - 10.0),
            (x, bottom),
            PACE,
            &Mark::new("/roi/payback_alerts/0/threshold".to_owned(), t),
        );
        svg.text(
            (x, top - 14.0),
            "middle",
            "small",
            &format!("trigger {t} q"),
        );
    }
    for (i, init) in r.initiatives.iter().enumerate() {
        let y = top + row * n(i);
        let base = pointer(&["roi", "initiatives", &idx(i), "measures"]);
        svg.text(
            (names - 8.0, y + 19.0),
            "end",
            "small",
            init.initiative.as_str(),
        );
        if let Some(v) = init.measures.roi {
            let x = scale(v.value(), roi_max, roi_left, roi_w);
            svg.rect(
                roi_left,
                y + 7.0,
                x - roi_left,
                16.0,
                NAVY,
                INK,
                Some(&Mark::new(format!("{base}/roi"), v.value())),
            );
            let label = if v.value().is_sign_negative() {
                format!("{} (a loss)", ratio(v))
            } else {
                ratio(v)
            };
            svg.text((x + 4.0, y + 19.0), "start", "value", &label);
        }
        match after(&init.measures.payback) {
            Some(a) => {
                let x = scale(a, pb_max, pb_left, pb_w);
                svg.line(
                    (pb_left, y + 15.0),
                    (x, y + 15.0),
                    "stroke=\"#5b7fa6\" stroke-width=\"2\"",
                );
                svg.marker(
                    0,
                    (x, y + 15.0),
                    NAVY,
                    Some(&Mark::new(format!("{base}/payback/after"), a)),
                );
                svg.text(
                    (x + 7.0, y + 19.0),
                    "start",
                    "value",
                    &a.round_dp(2).normalize().to_string(),
                );
            }
            None => svg.text((pb_left, y + 19.0), "start", "value", "never pays back"),
        }
    }
    let chart = svg.finish();
    let rows: Vec<Vec<Cell>> = r
        .initiatives
        .iter()
        .enumerate()
        .map(|(i, init)| {
            let base = pointer(&["roi", "initiatives", &idx(i), "measures"]);
            let m = &init.measures;
            vec![
                Cell::text(init.initiative.to_string()),
                Cell::text(init.product_line.to_string()),
                Cell::num(
                    amount(m.investment.amount()),
                    Mark::new(format!("{base}/investment/amount"), m.investment.amount()),
                ),
                Cell::num(
                    amount(m.benefit.amount()),
                    Mark::new(format!("{base}/benefit/amount"), m.benefit.amount()),
                ),
                m.roi.map_or_else(
                    || Cell::text("-"),
                    |v| Cell::num(ratio(v), Mark::new(format!("{base}/roi"), v.value())),
                ),
                Cell::num(
                    amount(m.npv.amount()),
                    Mark::new(format!("{base}/npv/amount"), m.npv.amount()),
                ),
                after(&m.payback).map_or_else(
                    || Cell::text(payback(&m.payback)),
                    |a| {
                        Cell::num(
                            payback(&m.payback),
                            Mark::new(format!("{base}/payback/after"), a),
                        )
                    },
                ),
                Cell::text(payback(&m.discounted_payback)),
            ]
        })
        .collect();
    page.figure(
        &chart,
        &table(
            "ROI and payback (q = quarters)",
            &[
                "initiative",
                "line",
                "investment",
                "benefit",
                "ROI",
                "NPV",
                "payback",
                "disc. payback",
            ],
            &rows,
        ),
    );
    page.close();
}

pub(super) fn benefits(page: &mut Page, review: &PortfolioReview) {
    let b = &review.benefits;
    page.open(
        "benefits",
        "Benefits realized against expected, per checkpoint",
        "For each initiative, the hatched bar is what the business case expected at a checkpoint and the solid bar what was realized; checkpoints not yet due show the expectation only.",
    );
    page.raw("<div class=\"grid2\">");
    let (w, h) = (360.0, 200.0);
    let (left, top, bottom) = (46.0, 30.0, 166.0);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (i, init) in b.initiatives.iter().enumerate() {
        let max = init
            .checkpoints
            .iter()
            .flat_map(|c| [Some(c.expected), c.realized])
            .flatten()
            .fold(Decimal::ZERO, Decimal::max);
        let desc: Vec<String> = init
            .checkpoints
            .iter()
            .map(|c| {
                format!(
                    "checkpoint {} due {}: expected {}, realized {}",
                    c.number,
                    c.due_on,
                    amount(c.expected),
                    c.realized.map_or_else(|| "nothing yet".to_owned(), amount)
                )
            })
            .collect();
        let mut svg = Svg::new(
            &format!("chart-benefits-{}", init.initiative),
            w,
            h,
            &format!("Benefits of {}: realized against expected", init.initiative),
            &format!("{} ({}): {}.", init.initiative, init.owner, desc.join("; ")),
        );
        svg.text((left, 12.0), "start", "label", init.initiative.as_str());
        let hatch = svg.hatch();
        let x = svg.legend(left, 26.0, &hatch, "expected");
        svg.legend(x, 26.0, NAVY, "realized");
        let y_of = |v: Decimal| {
            if max.is_zero() {
                bottom
            } else {
                bottom - (bottom - top - 14.0) * f(v) / f(max)
            }
        };
        svg.line(
            (left, bottom),
            (w - 10.0, bottom),
            "stroke=\"#1b1f24\" stroke-width=\"1\"",
        );
        for frac in [
            Decimal::ZERO,
            max.checked_div(Decimal::TWO).unwrap_or_default(),
            max,
        ] {
            let y = y_of(frac);
            svg.line((left, y), (w - 10.0, y), GRID);
            svg.text((left - 4.0, y + 4.0), "end", "small", &compact(frac));
        }
        let slot = (w - 10.0 - left) / n(init.checkpoints.len().max(1));
        for (c, cp) in init.checkpoints.iter().enumerate() {
            let base = pointer(&["benefits", "initiatives", &idx(i), "checkpoints", &idx(c)]);
            let x = left + slot * n(c) + slot * 0.15;
            let bw = slot * 0.33;
            let ey = y_of(cp.expected);
            svg.rect(
                x,
                ey,
                bw,
                bottom - ey,
                &hatch,
                INK,
                Some(&Mark::new(format!("{base}/expected"), cp.expected)),
            );
            match cp.realized {
                Some(v) => {
                    let ry = y_of(v);
                    svg.rect(
                        x + bw,
                        ry,
                        bw,
                        bottom - ry,
                        NAVY,
                        INK,
                        Some(&Mark::new(format!("{base}/realized"), v)),
                    );
                    svg.text((x + bw * 1.5, ry - 3.0), "middle", "small", &compact(v));
                }
                None => svg.text((x + bw * 1.5, bottom - 4.0), "middle", "small", "due"),
            }
            svg.text(
                (x + bw, bottom + 14.0),
                "middle",
                "small",
                &format!("#{} {}", cp.number, cp.due_on.format("%b %d")),
            );
            rows.push(vec![
                Cell::text(format!("{} #{}", init.initiative, cp.number)),
                Cell::text(cp.due_on.to_string()),
                Cell::num(
                    amount(cp.expected),
                    Mark::new(format!("{base}/expected"), cp.expected),
                ),
                cp.realized.map_or_else(
                    || Cell::text("-"),
                    |v| Cell::num(amount(v), Mark::new(format!("{base}/realized"), v)),
                ),
                cp.variance.as_ref().and_then(|v| v.relative).map_or_else(
                    || Cell::text("-"),
                    |r| Cell::text(signed_percent(r.value())),
                ),
                Cell::text(
                    cp.root_cause
                        .as_ref()
                        .map_or_else(String::new, |rc| name_of(&rc.category)),
                ),
            ]);
        }
        page.raw("<figure>");
        page.raw(&svg.finish());
        page.raw("</figure>");
    }
    page.raw("</div>");
    page.raw(&table(
        "Benefits per checkpoint",
        &[
            "initiative, checkpoint",
            "due",
            "expected",
            "realized",
            "variance",
            "root cause",
        ],
        &rows,
    ));
    page.close();
}
