//! The risk heat map, ROI and payback, and benefits per checkpoint.

use std::collections::BTreeSet;

use folio_roi::Payback;
use folio_types::Decimal;

use super::super::Page;
use super::super::svg::{Cell, Mark, Svg, f, n, pointer, table};
use super::{GRID, INK, NAVY, PACE, WIDTH, compact, idx, nice, percent_axis, scale};
use crate::PortfolioReview;
use crate::render::Shown as _;
use crate::render::{amount, name_of, payback, ratio, signed_percent};

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

pub(in crate::html) fn risk(page: &mut Page, review: &PortfolioReview) {
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
                &format!("{}{trend}", score.value().shown(2)),
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
            &format!("{}{trend}", score.shown(2)),
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

pub(in crate::html) fn roi(page: &mut Page, review: &PortfolioReview) {
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
        // `Never`, and any kind of payback added later: no bar to draw.
        _ => None,
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
                    &a.shown(2).normalize().to_string(),
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

pub(in crate::html) fn benefits(page: &mut Page, review: &PortfolioReview) {
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
    for (i, init) in b.initiatives().iter().enumerate() {
        let max = init
            .checkpoints
            .iter()
            .flat_map(|c| [Some(c.expected()), c.realized()])
            .flatten()
            .fold(Decimal::ZERO, Decimal::max);
        let desc: Vec<String> = init
            .checkpoints
            .iter()
            .map(|c| {
                format!(
                    "checkpoint {} due {}: expected {}, realized {}",
                    c.number(),
                    c.due_on(),
                    amount(c.expected()),
                    c.realized()
                        .map_or_else(|| "nothing yet".to_owned(), amount)
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
            let ey = y_of(cp.expected());
            svg.rect(
                x,
                ey,
                bw,
                bottom - ey,
                &hatch,
                INK,
                Some(&Mark::new(format!("{base}/expected"), cp.expected())),
            );
            match cp.realized() {
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
                &format!("#{} {}", cp.number(), cp.due_on().format("%b %d")),
            );
            rows.push(vec![
                Cell::text(format!("{} #{}", init.initiative, cp.number())),
                Cell::text(cp.due_on().to_string()),
                Cell::num(
                    amount(cp.expected()),
                    Mark::new(format!("{base}/expected"), cp.expected()),
                ),
                cp.realized().map_or_else(
                    || Cell::text("-"),
                    |v| Cell::num(amount(v), Mark::new(format!("{base}/realized"), v)),
                ),
                cp.variance().and_then(|v| v.relative).map_or_else(
                    || Cell::text("-"),
                    |r| Cell::text(signed_percent(r.value())),
                ),
                Cell::text(
                    cp.root_cause()
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod heat_tests {
    use super::*;

    /// The mean of a `#rrggbb` colour's channels, 0 (black) to 1 (white).
    fn lightness(fill: &str) -> f64 {
        let hex = fill.strip_prefix('#').unwrap();
        let channel =
            |i: usize| f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap(), 16).unwrap());
        (channel(0) + channel(2) + channel(4)) / 3.0 / 255.0
    }

    #[test]
    fn a_heat_shade_per_whole_score_halves_up_darker_for_riskier() {
        // A score is read to the nearest whole number, halves up: 1 to 1.49 is one
        // shade, 1.5 to 2.49 the next, ..., 4.5 to 5 the darkest. Each shade is darker
        // than the one before, and the number is light on the dark ones.
        let bands: [&[&str]; 5] = [
            &["1", "1.2", "1.49"],
            &["1.5", "2", "2.49"],
            &["2.5", "3", "3.49"],
            &["3.5", "4", "4.49"],
            &["4.5", "4.8", "5"],
        ];
        let mut before: Option<f64> = None;
        for scores in bands {
            let shade = heat(scores[0].parse().unwrap());
            for score in scores {
                assert_eq!(heat(score.parse().unwrap()), shade, "{score}");
            }
            let light = lightness(shade.0);
            if let Some(previous) = before {
                assert!(light < previous, "{scores:?} is not darker");
            }
            assert_eq!(shade.1 == "light", light < 0.5, "{scores:?}: {shade:?}");
            assert!(shade.1 == "light" || shade.1 == "value", "{shade:?}");
            before = Some(light);
        }
    }
}
