//! The KPI charts: trends per product and quarter, capacity against revenue, and the
//! investment mix against its bands.

use folio_types::Decimal;

use super::super::Page;
use super::super::svg::{Cell, Mark, Svg, f, n, pointer, spread, table};
use super::{GRID, INK, NAVY, WIDTH, compact, idx, nice, percent_axis, scale, series};
use crate::PortfolioReview;
use crate::kpi::{BandPosition, horizon_name};
use crate::render::{amount, metric_value, name_of, percent, ratio, signed_percent};

pub(in crate::html) fn kpi_trends(page: &mut Page, review: &PortfolioReview) {
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

pub(in crate::html) fn capacity(page: &mut Page, review: &PortfolioReview) {
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
