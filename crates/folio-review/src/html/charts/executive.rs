//! The readout's third and fourth parts (reallocation requests and strategic
//! questions), the cascade check (goals that do not add up, drawn as contributors'
//! targets against the goal's own), the KPI portfolio's scorecard, and the executive
//! dashboard's extra numbers (utilization and the investment mix by spend drawn, with
//! time-to-value and critical delivery predictability in tables).

use std::fmt::Write as _;

use folio_okr::{AddUp, AddUpFinding, CascadeReport};
use folio_types::Decimal;

use super::super::Page;
use super::super::svg::{Cell, Mark, Svg, esc, n, pointer, table};
use super::{GRID, INK, NAVY, PACE, TRACK, WIDTH, compact, idx, nice, percent_axis, scale};
use crate::PortfolioReview;
use crate::kpi::horizon_name;
use crate::render::{amount, metric_value, name_of, percent, ratio};

pub(in crate::html) fn readout(page: &mut Page, review: &PortfolioReview) {
    let readout = &review.okr.readout;
    page.open(
        "readout",
        "Resource reallocation requests and strategic questions",
        "The readout's third and fourth parts: where the tracking signal asks for a shift of budget, headcount or priority (from, to, how much, why), and the questions the data raises for the executive team, each with its evidence.",
    );
    let rows: Vec<Vec<Cell>> = readout
        .reallocation
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let base = pointer(&["okr", "readout", "reallocation", &idx(i)]);
            vec![
                Cell::text(r.to.to_string()),
                Cell::text(
                    r.key_result
                        .as_ref()
                        .map_or_else(|| "-".to_owned(), ToString::to_string),
                ),
                Cell::text(r.from.clone().unwrap_or_else(|| "to decide".to_owned())),
                Cell::text(r.kind.map_or_else(|| "-".to_owned(), |k| k.to_string())),
                r.amount.map_or_else(
                    || Cell::text("-"),
                    |a| {
                        Cell::num(
                            a.normalize().to_string(),
                            Mark::new(format!("{base}/amount"), a),
                        )
                    },
                ),
                Cell::text(name_of(&r.source)),
                Cell::text(r.why.clone()),
            ]
        })
        .collect();
    if rows.is_empty() {
        page.raw("<p>No reallocation request this month.</p>");
    } else {
        page.raw(&words(&table(
            "Resource reallocation requests",
            &[
                "to",
                "key result",
                "from",
                "what",
                "how much",
                "raised by",
                "why",
            ],
            &rows,
        )));
    }
    let mut out = String::from("<h3>Strategic questions</h3>");
    if readout.questions.is_empty() {
        out.push_str("<p>None this month.</p>");
    } else {
        out.push_str("<ol>");
        for q in &readout.questions {
            let _ = write!(out, "<li><b>{}</b><ul>", esc(&q.question));
            for e in &q.evidence {
                let _ = write!(out, "<li>{}</li>", esc(e));
            }
            out.push_str("</ul></li>");
        }
        out.push_str("</ol>");
    }
    page.raw(&out);
    page.close();
}

/// The add-up findings of every portfolio, with the JSON path of each report.
fn findings(review: &PortfolioReview) -> Vec<(&'static str, String, &CascadeReport)> {
    vec![
        (
            "portfolio.json",
            pointer(&["okr", "cascade"]),
            &review.okr.cascade,
        ),
        (
            "say_do.json",
            pointer(&["say_do", "cascade"]),
            &review.say_do.cascade,
        ),
        (
            "kpi.json",
            pointer(&["kpi_rollup", "cascade"]),
            &review.kpi_rollup.cascade,
        ),
    ]
}

/// One add-up finding as a stacked bar of the contributors' targets against the goal's
/// own target, then its table.
fn add_up_figure(page: &mut Page, file: &str, base: &str, at: usize, finding: &AddUp) {
    let path = format!("{base}/add_up/{at}");
    let total = finding.aggregate.high();
    let max = total.max(finding.target);
    let left = 10.0;
    let plot = 600.0;
    let (shortfall, surplus) = match &finding.finding {
        AddUpFinding::Shortfall { amount, .. } => (Some(*amount), None),
        AddUpFinding::Surplus { amount, .. } => (None, Some(*amount)),
        _ => (None, None),
    };
    let gap_text = shortfall.map_or_else(
        || {
            surplus.map_or_else(String::new, |s| {
                format!(", {} more than it needs", amount(s))
            })
        },
        |s| format!(", {} that no contributor owns", amount(s)),
    );
    let contributors: Vec<String> = finding
        .contributors
        .iter()
        .map(|(node, v)| format!("{node} {}", amount(*v)))
        .collect();
    let mut svg = Svg::new(
        &format!(
            "chart-add-up-{}-{at}",
            file.trim_end_matches(".json").replace('_', "-")
        ),
        WIDTH,
        104.0,
        &format!(
            "Do the {} targets under {} add up?",
            finding.metric, finding.node
        ),
        &format!(
            "{} targets of the contributors ({}) {} {} against the goal's {}{gap_text}.",
            finding.metric,
            contributors.join(", "),
            if finding.combine == "sum" {
                "sum to"
            } else {
                "combine to"
            },
            finding.aggregate,
            amount(finding.target)
        ),
    );
    svg.text(
        (left, 14.0),
        "start",
        "label",
        &format!(
            "{} ({file}): contributors' {} targets against its own",
            finding.node, finding.metric
        ),
    );
    svg.rect(left, 24.0, plot, 34.0, TRACK, "none", None);
    let hatch = svg.hatch();
    if finding.combine == "sum" {
        // Stacked: each contributor's target in turn, labelled by its share.
        let mut x = left;
        let mut running = Decimal::ZERO;
        for (i, (node, v)) in finding.contributors.iter().enumerate() {
            running = running.checked_add(*v).unwrap_or(running);
            let end = scale(running, max, left, plot);
            let fill = if i % 2 == 0 { NAVY } else { "#5b7fa6" };
            svg.rect(
                x,
                26.0,
                end - x,
                30.0,
                fill,
                "#ffffff",
                Some(&Mark::new(format!("{path}/contributors/{i}/1"), *v)),
            );
            // About 6.5 units per character of the label's type, and a margin.
            // The id if it fits, else its first word (the product, by convention).
            let full = node_label(node);
            let short = full.split('-').next().unwrap_or_default().to_owned();
            let fits = |label: &str| end - x > 12.0 + 6.5 * n(label.chars().count());
            if let Some(label) = [full, short].into_iter().find(|l| fits(l)) {
                svg.text(((x + end) / 2.0, 45.0), "middle", "light", &label);
            }
            x = end;
        }
    } else {
        let lo = scale(finding.aggregate.low(), max, left, plot);
        let hi = scale(finding.aggregate.high(), max, left, plot);
        svg.rect(left, 26.0, lo - left, 30.0, NAVY, INK, None);
        svg.rect(lo, 26.0, hi - lo, 30.0, &hatch, INK, None);
    }
    let target_x = scale(finding.target, max, left, plot);
    if let Some(s) = shortfall {
        let from = scale(total, max, left, plot);
        svg.rect(
            from,
            26.0,
            target_x - from,
            30.0,
            &hatch,
            INK,
            Some(&Mark::new(format!("{path}/finding/shortfall/amount"), s)),
        );
    }
    svg.marked_line(
        (target_x, 20.0),
        (target_x, 62.0),
        PACE,
        &Mark::new(format!("{path}/target"), finding.target),
    );
    svg.line((left, 62.0), (left + plot, 62.0), GRID);
    svg.text((left, 76.0), "start", "small", "0");
    svg.text(
        (target_x, 76.0),
        "middle",
        "small",
        &format!("target {}", compact(finding.target)),
    );
    let summary = match &finding.finding {
        AddUpFinding::Shortfall {
            amount: a,
            progress_when_met,
        } => format!(
            "{} {} against {}: {} short (hatched){}",
            if finding.combine == "sum" {
                "sum"
            } else {
                "aggregate"
            },
            compact(total),
            compact(finding.target),
            compact(*a),
            progress_when_met.map_or_else(String::new, |p| format!(
                "; every contributor at target gives only {}",
                percent(p.value())
            ))
        ),
        AddUpFinding::Surplus { amount: a, .. } => format!(
            "aggregate {} against {}: {} more than it needs",
            compact(total),
            compact(finding.target),
            compact(*a)
        ),
        _ => String::new(),
    };
    svg.text((left, 96.0), "start", "value", &summary);
    let mut rows: Vec<Vec<Cell>> = finding
        .contributors
        .iter()
        .enumerate()
        .map(|(i, (node, v))| {
            vec![
                Cell::text(node.to_string()),
                Cell::num(
                    amount(*v),
                    Mark::new(format!("{path}/contributors/{i}/1"), *v),
                ),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text(format!("contributors combined ({})", finding.combine)),
        match finding.aggregate {
            folio_okr::Aggregate::Exact { value } => Cell::num(
                amount(value),
                Mark::new(format!("{path}/aggregate/exact/value"), value),
            ),
            other => Cell::text(other.to_string()),
        },
    ]);
    rows.push(vec![
        Cell::text(format!("{} own target", finding.node)),
        Cell::num(
            amount(finding.target),
            Mark::new(format!("{path}/target"), finding.target),
        ),
    ]);
    match &finding.finding {
        AddUpFinding::Shortfall {
            amount: a,
            progress_when_met,
        } => {
            rows.push(vec![
                Cell::text("shortfall: owned by no contributor"),
                Cell::num(
                    amount(*a),
                    Mark::new(format!("{path}/finding/shortfall/amount"), *a),
                ),
            ]);
            if let Some(p) = progress_when_met {
                rows.push(vec![
                    Cell::text("its progress with every contributor at target"),
                    Cell::num(
                        percent(p.value()),
                        Mark::new(
                            format!("{path}/finding/shortfall/progress_when_met"),
                            p.value(),
                        ),
                    ),
                ]);
            }
        }
        AddUpFinding::Surplus { amount: a, .. } => rows.push(vec![
            Cell::text("surplus"),
            Cell::num(
                amount(*a),
                Mark::new(format!("{path}/finding/surplus/amount"), *a),
            ),
        ]),
        _ => {}
    }
    let chart = svg.finish();
    page.figure(
        &chart,
        &table(
            &format!("{} targets under {} ({file})", finding.metric, finding.node),
            &[&format!("{} target", finding.metric), "value"],
            &rows,
        ),
    );
}

pub(in crate::html) fn cascade(page: &mut Page, review: &PortfolioReview) {
    page.open(
        "cascade",
        "Cascade check: do the goals add up?",
        "For each goal with a metric target, its contributors' targets combined by the metric's rule against the goal's own: a shortfall is the part of the goal no product owns. Then the other findings of the check, and the KPI portfolio's scorecard.",
    );
    let mut any = false;
    for (file, base, report) in findings(review) {
        for (at, finding) in report.add_up.iter().enumerate() {
            any = true;
            add_up_figure(page, file, &base, at, finding);
        }
    }
    if !any {
        page.raw("<p>Every goal with a metric target adds up: its contributors' targets reach its own.</p>");
    }
    let mut out = String::from("<h3>Other findings</h3><ul>");
    for (file, _, report) in findings(review) {
        let mut lines: Vec<String> = Vec::new();
        lines.extend(report.scorecards.iter().map(ToString::to_string));
        lines.extend(report.late_deadlines.iter().map(ToString::to_string));
        lines.extend(report.conflicts.iter().map(ToString::to_string));
        lines.extend(report.redundancies.iter().map(ToString::to_string));
        lines.extend(report.warnings.iter().map(|w| format!("warning: {w}")));
        let failing = report.smart_failures().count();
        lines.push(format!(
            "{failing} of {} goals fail the SMART check{}",
            report.smart.len(),
            smart_summary(report)
        ));
        lines.extend(report.smart_failures().map(ToString::to_string));
        for line in lines {
            let _ = write!(out, "<li><b>{}</b>: {}</li>", esc(file), esc(&line));
        }
    }
    out.push_str("</ul>");
    page.raw(&out);

    let k = &review.kpi_rollup;
    let rows: Vec<Vec<Cell>> = k
        .readout
        .scorecard
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let base = pointer(&["kpi_rollup", "readout", "scorecard", &idx(i)]);
            super::okr::scorecard_cells(&base, l)
        })
        .collect();
    let before = k
        .previous_quarter
        .map_or_else(|| "no earlier reading".to_owned(), |q| q.to_string());
    page.raw(&table(
        &format!(
            "KPI portfolio (kpi.json): objectives that are metrics, {} against {before}",
            k.quarter
        ),
        &["objective", &k.quarter.to_string(), &before, "trend"],
        &rows,
    ));
    page.close();
}

/// A contributor's id without its kind.
fn node_label(node: &folio_okr::NodeId) -> String {
    match node {
        folio_okr::NodeId::KeyResult(id) => id.to_string(),
        folio_okr::NodeId::Objective(id) => id.to_string(),
    }
}

/// The SMART failures by kind, most frequent first: ` (12 no deadline, 1 ...)`.
fn smart_summary(report: &CascadeReport) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for check in report.smart_failures() {
        for f in &check.failures {
            let count = counts.entry(name_of(&f.criterion())).or_default();
            *count = count.saturating_add(1);
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let parts: Vec<String> = sorted
        .iter()
        .map(|(name, count)| format!("{count} not {name}"))
        .collect();
    format!(" ({})", parts.join(", "))
}

pub(in crate::html) fn dashboard(page: &mut Page, review: &PortfolioReview) {
    let d = &review.dashboard;
    page.open(
        "dashboard",
        "Executive dashboard: utilization, investment by spend, time-to-value, delivery",
        &format!(
            "The rest of the seeds' executive starter set, in {}: capacity used against plan, where the money goes by horizon beside where the people go, how fast customers reach value, and how reliably the critical initiatives deliver what they commit.",
            d.quarter
        ),
    );
    if let Some(u) = &d.utilization {
        let left = 90.0;
        let plot = 520.0;
        let row = 26.0;
        let top = 28.0;
        let max = u
            .products
            .iter()
            .map(|r| r.utilization.value())
            .fold(Decimal::new(125, 2), Decimal::max);
        let axis = nice(max);
        let max = axis.0;
        let bottom = top + row * n(u.products.len());
        let desc: Vec<String> = u
            .products
            .iter()
            .map(|r| {
                format!(
                    "{} {} ({} of {} planned)",
                    r.product,
                    ratio(r.utilization),
                    r.actual.normalize(),
                    r.planned.normalize()
                )
            })
            .collect();
        let mut svg = Svg::new(
            "chart-utilization",
            WIDTH,
            bottom + 24.0,
            "Capacity utilization per product: capacity used against plan",
            &format!("Portfolio {}. {}.", ratio(u.portfolio), desc.join("; ")),
        );
        svg.text(
            (left, 14.0),
            "start",
            "small",
            "bar: used / planned; dashed line: 100% of plan",
        );
        percent_axis(&mut svg, axis, left, plot, top, bottom);
        for (i, r) in u.products.iter().enumerate() {
            let y = top + row * n(i);
            svg.text((left - 6.0, y + 16.0), "end", "label", r.product.as_str());
            let fill = if r.utilization.value() < Decimal::ONE {
                svg.hatch()
            } else {
                NAVY.to_owned()
            };
            svg.rect(
                left,
                y + 5.0,
                scale(r.utilization.value(), max, left, plot) - left,
                16.0,
                &fill,
                INK,
                Some(&Mark::new(
                    pointer(&[
                        "dashboard",
                        "utilization",
                        "products",
                        &idx(i),
                        "utilization",
                    ]),
                    r.utilization.value(),
                )),
            );
            svg.text(
                (
                    scale(r.utilization.value(), max, left, plot) + 6.0,
                    y + 17.0,
                ),
                "start",
                "value",
                &ratio(r.utilization),
            );
        }
        let one = scale(Decimal::ONE, max, left, plot);
        svg.line((one, top - 4.0), (one, bottom), PACE);
        let rows: Vec<Vec<Cell>> = u
            .products
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let base = pointer(&["dashboard", "utilization", "products", &idx(i)]);
                vec![
                    Cell::text(r.product.to_string()),
                    Cell::num(
                        r.planned.normalize().to_string(),
                        Mark::new(format!("{base}/planned"), r.planned),
                    ),
                    Cell::num(
                        r.actual.normalize().to_string(),
                        Mark::new(format!("{base}/actual"), r.actual),
                    ),
                    Cell::num(
                        ratio(r.utilization),
                        Mark::new(format!("{base}/utilization"), r.utilization.value()),
                    ),
                ]
            })
            .chain(std::iter::once(vec![
                Cell::text("portfolio"),
                Cell::text("-"),
                Cell::text("-"),
                Cell::num(
                    ratio(u.portfolio),
                    Mark::new(
                        "/dashboard/utilization/portfolio".to_owned(),
                        u.portfolio.value(),
                    ),
                ),
            ]))
            .collect();
        let chart = svg.finish();
        page.figure(
            &chart,
            &table(
                &format!(
                    "Capacity utilization ({} against {})",
                    u.actual_metric, u.planned_metric
                ),
                &["product", "planned", "used", "utilization"],
                &rows,
            ),
        );
    }
    if let Some(s) = &d.spend_mix {
        spend_figure(page, review, s);
    }
    if let Some(t) = &d.time_to_value {
        let show =
            |v: Option<Decimal>| v.map_or_else(|| "-".to_owned(), |v| metric_value(t.unit, v));
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let cell = |v: Option<Decimal>, path: String| {
            v.map_or_else(
                || Cell::text("-"),
                |x| Cell::num(show(v), Mark::new(path, x)),
            )
        };
        rows.push(vec![
            Cell::text("portfolio"),
            cell(t.portfolio, "/dashboard/time_to_value/portfolio".to_owned()),
            cell(t.previous, "/dashboard/time_to_value/previous".to_owned()),
        ]);
        for (i, r) in t.products.iter().enumerate() {
            let base = pointer(&["dashboard", "time_to_value", "products", &idx(i)]);
            rows.push(vec![
                Cell::text(r.product.to_string()),
                cell(r.value, format!("{base}/value")),
                cell(r.previous, format!("{base}/previous")),
            ]);
        }
        page.raw(&table(
            &format!("Time-to-value ({}), lower is better", t.metric),
            &["product", &d.quarter.to_string(), "quarter before"],
            &rows,
        ));
    }
    if let Some(c) = &d.critical_delivery {
        let mut rows: Vec<Vec<Cell>> = c
            .key_results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let base = pointer(&["dashboard", "critical_delivery", "key_results", &idx(i)]);
                vec![
                    Cell::text(r.key_result.to_string()),
                    Cell::num(
                        r.committed.to_string(),
                        Mark::new(format!("{base}/committed"), Decimal::from(r.committed)),
                    ),
                    Cell::num(
                        r.delivered.to_string(),
                        Mark::new(format!("{base}/delivered"), Decimal::from(r.delivered)),
                    ),
                    r.predictability.map_or_else(
                        || Cell::text("nothing committed"),
                        |p| {
                            Cell::num(
                                ratio(p),
                                Mark::new(format!("{base}/predictability"), p.value()),
                            )
                        },
                    ),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::text("pooled"),
            Cell::text("-"),
            Cell::text("-"),
            c.pooled.map_or_else(
                || Cell::text("nothing committed"),
                |p| {
                    Cell::num(
                        ratio(p),
                        Mark::new("/dashboard/critical_delivery/pooled".to_owned(), p.value()),
                    )
                },
            ),
        ]);
        page.raw(&table(
            "Delivery predictability of the critical initiatives: work committed at the start of a week and delivered by its end",
            &["key result", "committed", "delivered", "predictability"],
            &rows,
        ));
    }
    page.close();
}

/// Each horizon's share of spend beside its share of capacity, against its band.
fn spend_figure(page: &mut Page, review: &PortfolioReview, s: &crate::dashboard::SpendMix) {
    let left = 90.0;
    let plot = 520.0;
    let row = 46.0;
    let top = 28.0;
    let bottom = top + row * n(s.bands.len());
    let axis = (Decimal::ONE, Decimal::new(25, 2));
    let desc: Vec<String> = s
        .bands
        .iter()
        .map(|b| {
            let capacity = review
                .kpis
                .mix
                .iter()
                .find(|m| m.horizon == b.horizon)
                .map_or_else(|| "-".to_owned(), |m| ratio(m.share));
            format!(
                "{} {} of spend, {capacity} of capacity{}",
                horizon_name(b.horizon),
                ratio(b.share),
                b.target.map_or_else(String::new, |t| format!(
                    ", band {}-{}",
                    ratio(t.low),
                    ratio(t.high)
                ))
            )
        })
        .collect();
    let mut svg = Svg::new(
        "chart-spend-mix",
        WIDTH,
        bottom + 24.0,
        "Investment mix by spend beside the mix by capacity, against the target bands",
        &format!("{}.", desc.join("; ")),
    );
    let hatch = svg.hatch();
    let mut x = left;
    x = svg.legend(x, 14.0, NAVY, "share of spend");
    x = svg.legend(x, 14.0, &hatch, "share of capacity");
    svg.rect(x, 7.0, 14.0, 4.0, "#8a9099", INK, None);
    svg.text(
        (x + 18.0, 14.0),
        "start",
        "small",
        "target band (grey strip)",
    );
    percent_axis(&mut svg, axis, left, plot, top, bottom);
    for (i, b) in s.bands.iter().enumerate() {
        let y = top + row * n(i);
        svg.text(
            (left - 6.0, y + 24.0),
            "end",
            "label",
            horizon_name(b.horizon),
        );
        if let Some(t) = b.target {
            let lo = scale(t.low.value(), axis.0, left, plot);
            let hi = scale(t.high.value(), axis.0, left, plot);
            svg.rect(lo, y + 40.0, hi - lo, 4.0, "#8a9099", INK, None);
        }
        svg.rect(
            left,
            y + 6.0,
            scale(b.share.value(), axis.0, left, plot) - left,
            15.0,
            NAVY,
            INK,
            Some(&Mark::new(
                pointer(&["dashboard", "spend_mix", "bands", &idx(i), "share"]),
                b.share.value(),
            )),
        );
        svg.text(
            (scale(b.share.value(), axis.0, left, plot) + 6.0, y + 18.0),
            "start",
            "value",
            &format!("{} of spend", ratio(b.share)),
        );
        if let Some((k, m)) = review
            .kpis
            .mix
            .iter()
            .enumerate()
            .find(|(_, m)| m.horizon == b.horizon)
        {
            svg.rect(
                left,
                y + 23.0,
                scale(m.share.value(), axis.0, left, plot) - left,
                15.0,
                &hatch,
                INK,
                Some(&Mark::new(
                    pointer(&["kpis", "mix", &idx(k), "share"]),
                    m.share.value(),
                )),
            );
            svg.text(
                (scale(m.share.value(), axis.0, left, plot) + 6.0, y + 35.0),
                "start",
                "value",
                &format!("{} of capacity", ratio(m.share)),
            );
        }
    }
    let rows: Vec<Vec<Cell>> = s
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = horizon_name(b.horizon);
            let spent = s.amounts.get(&b.horizon).copied().unwrap_or_default();
            let capacity = review
                .kpis
                .mix
                .iter()
                .enumerate()
                .find(|(_, m)| m.horizon == b.horizon);
            vec![
                Cell::text(name),
                Cell::num(
                    amount(spent),
                    Mark::new(pointer(&["dashboard", "spend_mix", "amounts", name]), spent),
                ),
                Cell::num(
                    ratio(b.share),
                    Mark::new(
                        pointer(&["dashboard", "spend_mix", "bands", &idx(i), "share"]),
                        b.share.value(),
                    ),
                ),
                capacity.map_or_else(
                    || Cell::text("-"),
                    |(k, m)| {
                        Cell::num(
                            ratio(m.share),
                            Mark::new(pointer(&["kpis", "mix", &idx(k), "share"]), m.share.value()),
                        )
                    },
                ),
                Cell::text(b.target.map_or_else(
                    || "-".to_owned(),
                    |t| format!("{}-{}", ratio(t.low), ratio(t.high)),
                )),
                Cell::text(b.position.map_or_else(|| "-".to_owned(), |p| name_of(&p))),
            ]
        })
        .collect();
    let chart = svg.finish();
    page.figure(
        &chart,
        &table(
            &format!(
                "Investment mix by spend ({}, total {})",
                s.metric,
                amount(s.total)
            ),
            &[
                "horizon",
                "spend",
                "share of spend",
                "share of capacity",
                "band",
                "spend vs band",
            ],
            &rows,
        ),
    );
}

/// A table of words rather than numbers: left-aligned cells.
fn words(table: &str) -> String {
    format!("<div class=\"words\">{table}</div>")
}
