//! The OKR charts: the scorecard against the pace line and the portfolio roadmap.

use folio_types::Decimal;

use super::super::Page;
use super::super::svg::{Cell, Mark, Svg, n, pointer, table};
use super::{INK, NAVY, PACE, TRACK, WIDTH, idx, nice, percent_axis, scale};
use crate::PortfolioReview;
use crate::render::Shown as _;
use crate::render::{name_of, percent, signed_percent};

/// The first four cells of a scorecard row (objective, progress, previous, trend), the
/// numbers marked with their JSON pointers under `base`. Shared by the progress and KPI
/// portfolios' scorecards.
pub(super) fn scorecard_cells(base: &str, l: &folio_okr::tracking::ObjectiveLine) -> Vec<Cell> {
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
    ]
}

pub(in crate::html) fn scorecard(page: &mut Page, review: &PortfolioReview) {
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
            let mut cells = scorecard_cells(&base, l);
            cells.extend([
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
            ]);
            cells
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

pub(in crate::html) fn roadmap(page: &mut Page, review: &PortfolioReview) {
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
    // One heading per run of rows under the same objective, as they are drawn below
    // (the review lists them grouped; a list that is not still fits its picture).
    let groups = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            i.checked_sub(1)
                .and_then(|before| rows.get(before))
                .is_none_or(|b| b.objective != r.objective)
        })
        .count();
    let left = 10.0;
    let plot = 560.0;
    let row = 34.0;
    let head = 24.0;
    let top = 30.0;
    let height = top + head * n(groups) + row * n(rows.len()) + 30.0;
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
        let conf = r
            .confidence
            .map_or_else(String::new, |c| format!(", conf. {}", c.value().shown(2)));
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
                            c.value().shown(2).to_string(),
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
