//! The decisions of folio-allocation (the cut and acceleration scenarios side by side,
//! the reallocation requests, and the value-versus-spend frontier) and the delivery
//! flow of folio-delivery.

use folio_types::Decimal;

use super::super::Page;
use super::super::svg::{Cell, Mark, Svg, esc, n, pointer, table};
use super::{GRID, INK, NAVY, PACE, WIDTH, compact, idx, scale};
use crate::PortfolioReview;
use crate::render::Shown as _;
use crate::render::amount;

fn pct(level: Decimal) -> String {
    crate::render::percent(level)
}

pub(in crate::html) fn decisions(page: &mut Page, review: &PortfolioReview) {
    page.open(
        "allocation",
        "Decisions: cut, accelerate, reallocate",
        "What folio-allocation answers on the initiatives' remaining costs, budgets and capacity: the best plan under a spend cut, what slows down when one bet is accelerated, the reallocation requests, and the risk-adjusted value kept at each level of spend.",
    );
    let Some(d) = &review.decisions else {
        page.raw(&format!(
            "<p>{}</p>",
            esc("Omitted: the review has no allocation.json.")
        ));
        page.close();
        return;
    };
    let chosen = if d.accelerated_chosen_by == "default" {
        " (chosen by default: the bet whose earlier start is worth most)"
    } else {
        ""
    };
    let requests: String = d
        .reallocation_summary
        .iter()
        .map(|r| format!("<li>{}</li>", esc(r)))
        .collect();
    page.raw(&format!(
        "<div class=\"grid2\"><div class=\"tile\"><h3>Cut {}</h3><p>{}</p></div><div class=\"tile\"><h3>Accelerate {}</h3><p>{}{}</p></div></div><h3>Reallocation requests</h3><ul>{}</ul>",
        esc(&d.cut.reduction.to_string()),
        esc(&d.cut_summary),
        esc(d.accelerated.as_str()),
        esc(&d.acceleration_summary),
        esc(chosen),
        if requests.is_empty() { "<li>none</li>".to_owned() } else { requests },
    ));
    // The frontier: value kept against the level of spend, with today's plan (100%)
    // and the cut scenario's level marked.
    let f = &d.frontier;
    let (left, width, top, height) = (90.0, WIDTH - 130.0, 30.0, 180.0);
    let bottom = top + height;
    let values: Vec<Decimal> = f.points.iter().filter_map(|p| p.value).collect();
    let vmax = values.iter().copied().fold(Decimal::ONE, Decimal::max);
    let (lmin, lmax) = (
        f.points.first().map_or(Decimal::ZERO, |p| p.level),
        f.points.last().map_or(Decimal::ONE, |p| p.level),
    );
    let span = lmax.checked_sub(lmin).unwrap_or(Decimal::ONE);
    let x_of = |level: Decimal| {
        scale(
            level.checked_sub(lmin).unwrap_or_default(),
            span,
            left,
            width,
        )
    };
    let y_of = |v: Decimal| bottom - (scale(v, vmax, 0.0, height));
    let desc: Vec<String> = f
        .points
        .iter()
        .map(|p| {
            format!(
                "at {} of spend, {}",
                pct(p.level),
                p.value.map_or_else(
                    || "nothing feasible".to_owned(),
                    |v| format!("{} kept", amount(v))
                )
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-frontier",
        WIDTH,
        bottom + 40.0,
        "Risk-adjusted value kept by level of spend",
        &format!("{}.", desc.join("; ")),
    );
    svg.text(
        (left, 14.0),
        "start",
        "label",
        &format!("value kept ({})", f.currency),
    );
    for i in 0..=4u32 {
        let v = vmax
            .checked_mul(Decimal::from(i))
            .and_then(|v| v.checked_div(Decimal::from(4)))
            .unwrap_or_default();
        let y = y_of(v);
        svg.line((left, y), (left + width, y), GRID);
        svg.text((left - 6.0, y + 4.0), "end", "small", &compact(v));
    }
    let mut points = Vec::new();
    for p in &f.points {
        let x = x_of(p.level);
        svg.text((x, bottom + 14.0), "middle", "small", &pct(p.level));
        if let Some(v) = p.value {
            points.push((x, y_of(v)));
        }
    }
    svg.polyline(&points, &format!("stroke=\"{NAVY}\" stroke-width=\"2\""));
    for (i, p) in f.points.iter().enumerate() {
        if let Some(v) = p.value {
            svg.marker(
                0,
                (x_of(p.level), y_of(v)),
                NAVY,
                Some(&Mark::new(
                    pointer(&["decisions", "frontier", "points", &idx(i), "value"]),
                    v,
                )),
            );
        }
    }
    let cut_level = Decimal::ONE
        .checked_sub(
            d.cut
                .spend_saved
                .checked_div(d.cut.planned_spend)
                .unwrap_or_default(),
        )
        .unwrap_or(Decimal::ONE);
    if cut_level >= lmin && cut_level <= lmax {
        let x = x_of(cut_level);
        svg.line((x, top), (x, bottom), PACE);
        svg.text(
            (x + 4.0, bottom - 8.0),
            "start",
            "small",
            &format!("the cut plan ({})", pct(cut_level.shown(3))),
        );
    }
    svg.text(
        (left + width / 2.0, bottom + 32.0),
        "middle",
        "small",
        "level of today's planned spend",
    );
    let chart = svg.finish();
    let rows: Vec<Vec<Cell>> = f
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let base = pointer(&["decisions", "frontier", "points", &idx(i)]);
            let opt = |v: Option<Decimal>, field: &str, text: fn(Decimal) -> String| {
                v.map_or_else(
                    || Cell::text("-"),
                    |v| Cell::num(text(v), Mark::new(format!("{base}/{field}"), v)),
                )
            };
            vec![
                Cell::num(pct(p.level), Mark::new(format!("{base}/level"), p.level)),
                Cell::num(
                    amount(p.ceiling),
                    Mark::new(format!("{base}/ceiling"), p.ceiling),
                ),
                opt(p.value, "value", amount),
                opt(p.marginal_value, "marginal_value", |v| {
                    v.shown(2).normalize().to_string()
                }),
            ]
        })
        .collect();
    page.figure(
        &chart,
        &table(
            "Value kept by level of spend",
            &[
                "level",
                "spend ceiling",
                "value kept",
                "value per extra unit",
            ],
            &rows,
        ),
    );
    page.close();
}

pub(in crate::html) fn delivery(page: &mut Page, review: &PortfolioReview) {
    page.open(
        "delivery",
        "Delivery flow per product and key result",
        "Items finished in the window (throughput) and the 85th-percentile cycle time per product, from the Jira and Linear exports; the table adds WIP and predictability per product and key result.",
    );
    let Some(d) = &review.delivery else {
        page.raw(&format!(
            "<p>{}</p>",
            esc("Omitted: the review has neither jira.json nor linear.json.")
        ));
        page.close();
        return;
    };
    let names = 130.0;
    let (t_left, t_w) = (names, 230.0);
    let (c_left, c_w) = (names + t_w + 60.0, 220.0);
    let (row, top) = (28.0, 36.0);
    let bottom = top + row * n(d.products.len());
    let tmax = d
        .products
        .iter()
        .map(|r| Decimal::from(r.done))
        .fold(Decimal::ONE, Decimal::max);
    let cmax = d
        .products
        .iter()
        .filter_map(|r| r.cycle_p85)
        .fold(Decimal::ONE, Decimal::max);
    let desc: Vec<String> = d
        .products
        .iter()
        .map(|r| {
            format!(
                "{}: {} done, cycle time p85 {}",
                r.label,
                r.done,
                r.cycle_p85
                    .map_or_else(|| "-".to_owned(), |c| format!("{c} days"))
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-delivery",
        WIDTH,
        bottom + 24.0,
        "Throughput and cycle time per product",
        &format!("{}.", desc.join("; ")),
    );
    svg.text((t_left, 14.0), "start", "label", "items done");
    svg.text((c_left, 14.0), "start", "label", "cycle time p85 (days)");
    svg.line((t_left, top), (t_left, bottom), GRID);
    svg.line((c_left, top), (c_left, bottom), GRID);
    for (i, r) in d.products.iter().enumerate() {
        let y = top + row * n(i);
        let base = pointer(&["delivery", "products", &idx(i)]);
        svg.text((names - 8.0, y + 17.0), "end", "small", &r.label);
        let done = Decimal::from(r.done);
        let x = scale(done, tmax, t_left, t_w);
        svg.rect(
            t_left,
            y + 6.0,
            x - t_left,
            14.0,
            NAVY,
            INK,
            Some(&Mark::new(format!("{base}/done"), done)),
        );
        svg.text((x + 4.0, y + 17.0), "start", "value", &r.done.to_string());
        match r.cycle_p85 {
            Some(c) => {
                let x = scale(c, cmax, c_left, c_w);
                let fill = svg.hatch();
                svg.rect(
                    c_left,
                    y + 6.0,
                    x - c_left,
                    14.0,
                    &fill,
                    INK,
                    Some(&Mark::new(format!("{base}/cycle_p85"), c)),
                );
                svg.text((x + 4.0, y + 17.0), "start", "value", &c.to_string());
            }
            None => svg.text((c_left + 4.0, y + 17.0), "start", "value", "nothing done"),
        }
    }
    let chart = svg.finish();
    let rows: Vec<Vec<Cell>> = std::iter::once(("portfolio".to_owned(), &d.portfolio))
        .chain(
            d.products
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("products/{i}"), r)),
        )
        .chain(
            d.key_results
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("key_results/{i}"), r)),
        )
        .map(|(at, r)| {
            let base = format!("/delivery/{at}");
            let opt = |v: Option<Decimal>, field: &str| {
                v.map_or_else(
                    || Cell::text("-"),
                    |v| {
                        Cell::num(
                            v.normalize().to_string(),
                            Mark::new(format!("{base}/{field}"), v),
                        )
                    },
                )
            };
            vec![
                Cell::text(r.label.clone()),
                Cell::num(
                    r.done.to_string(),
                    Mark::new(format!("{base}/done"), Decimal::from(r.done)),
                ),
                opt(r.cycle_p50, "cycle_p50"),
                opt(r.cycle_p85, "cycle_p85"),
                Cell::num(
                    r.wip.to_string(),
                    Mark::new(format!("{base}/wip"), Decimal::from(r.wip)),
                ),
                opt(
                    r.predictability.map(folio_types::Ratio::value),
                    "predictability",
                ),
            ]
        })
        .collect();
    page.figure(
        &chart,
        &table(
            "Flow in the window",
            &[
                "scope",
                "done",
                "cycle p50 (days)",
                "cycle p85 (days)",
                "WIP",
                "predictability",
            ],
            &rows,
        ),
    );
    let outcome: String = d
        .outcome
        .products
        .iter()
        .map(|r| format!("<li>{}</li>", esc(&r.summary)))
        .collect();
    let unmapped: String = d
        .unmapped
        .iter()
        .map(|(s, k)| {
            format!(
                "<li>status “{}” ({k} change{}) is in no workflow stage</li>",
                esc(s),
                if *k == 1 { "" } else { "s" }
            )
        })
        .collect();
    page.raw(&format!(
        "<h3>Output against outcome</h3><ul>{outcome}</ul><h3>Unmapped statuses</h3><ul>{}</ul><h3>Forecast</h3><p>{} Seed {}.</p>",
        if unmapped.is_empty() { "<li>none</li>".to_owned() } else { unmapped },
        esc(&d.forecast.summary),
        d.forecast.forecast.seed
    ));
    page.close();
}
