//! The text and Markdown forms of the cascade check, the KPI portfolio's readout and
//! the executive dashboard's extra numbers.

use folio_okr::CascadeReport;
use folio_types::Decimal;

use super::{Out, amount, metric_value, name_of, percent, ratio};
use crate::PortfolioReview;

/// One portfolio's cascade findings, one sentence each.
fn findings(report: &CascadeReport) -> Vec<String> {
    let mut lines: Vec<String> = report
        .add_up
        .iter()
        .map(|f| format!("add-up: {f}"))
        .collect();
    lines.extend(report.scorecards.iter().map(ToString::to_string));
    lines.extend(report.late_deadlines.iter().map(ToString::to_string));
    lines.extend(report.gaps.iter().map(ToString::to_string));
    lines.extend(report.conflicts.iter().map(ToString::to_string));
    lines.extend(report.redundancies.iter().map(ToString::to_string));
    lines.extend(report.warnings.iter().map(|w| format!("warning: {w}")));
    lines.extend(report.smart_failures().map(ToString::to_string));
    lines
}

pub(super) fn cascade(out: &mut Out, review: &PortfolioReview) {
    out.heading("Cascade check: do the goals add up?");
    for (file, report) in [
        ("portfolio.json", &review.okr.cascade),
        ("say_do.json", &review.say_do.cascade),
        ("kpi.json", &review.kpi_rollup.cascade),
    ] {
        let lines = findings(report);
        let failing = report.smart_failures().count();
        out.bullet(&format!(
            "{file}: {} goal(s) that do not add up, {} other finding(s), {failing} of {} goal(s) fail the SMART check",
            report.add_up.len(),
            lines
                .len()
                .saturating_sub(report.add_up.len())
                .saturating_sub(failing),
            report.smart.len()
        ));
        for line in lines {
            out.sub_bullet(&line);
        }
    }
}

pub(super) fn kpi_readout(out: &mut Out, review: &PortfolioReview) {
    let k = &review.kpi_rollup;
    let r = &k.readout;
    out.line("");
    out.line(&format!(
        "Readout of the KPI portfolio ({} against {}):",
        k.quarter,
        k.previous_quarter
            .map_or_else(|| "no earlier reading".to_owned(), |q| q.to_string())
    ));
    for line in &r.scorecard {
        out.bullet(&format!(
            "{} {}: {} (was {})",
            line.trend.arrow(),
            line.name,
            percent(line.progress.value()),
            percent(line.previous.value())
        ));
    }
    if r.exceptions.is_empty() {
        out.bullet("exceptions: none at risk");
    }
    for e in &r.exceptions {
        let reasons: Vec<String> = e.reasons.iter().map(ToString::to_string).collect();
        out.bullet(&format!(
            "exception {} ({}): {}",
            e.key_result,
            e.product,
            reasons.join(", ")
        ));
    }
    for q in &r.reallocation {
        out.bullet(&format!("request: {q}"));
    }
    for q in &r.questions {
        out.bullet(&format!("question: {}", q.question));
        for e in &q.evidence {
            out.sub_bullet(&format!("evidence: {e}"));
        }
    }
}

pub(super) fn dashboard(out: &mut Out, review: &PortfolioReview) {
    let d = &review.dashboard;
    out.heading(&format!(
        "Executive dashboard ({}): utilization, investment by spend, time-to-value, delivery",
        d.quarter
    ));
    let mut empty = true;
    if let Some(u) = &d.utilization {
        empty = false;
        out.line(&format!(
            "Capacity utilization ({} against {}): portfolio {}.",
            u.actual_metric,
            u.planned_metric,
            ratio(u.portfolio)
        ));
        let rows: Vec<Vec<String>> = u
            .products
            .iter()
            .map(|r| {
                vec![
                    r.product.to_string(),
                    r.planned.normalize().to_string(),
                    r.actual.normalize().to_string(),
                    ratio(r.utilization),
                ]
            })
            .collect();
        if out.markdown {
            out.line("");
        }
        out.table(
            &["product", "planned", "used", "utilization"].map(String::from),
            &rows,
        );
    }
    if let Some(s) = &d.spend_mix {
        empty = false;
        out.line("");
        out.line(&format!(
            "Investment mix by spend ({}, total {}), beside the mix by capacity:",
            s.metric,
            amount(s.total)
        ));
        let rows: Vec<Vec<String>> = s
            .bands
            .iter()
            .map(|b| {
                let capacity = review
                    .kpis
                    .mix
                    .iter()
                    .find(|m| m.horizon == b.horizon)
                    .map_or_else(|| "-".to_owned(), |m| ratio(m.share));
                vec![
                    name_of(&b.horizon),
                    amount(s.amounts.get(&b.horizon).copied().unwrap_or_default()),
                    ratio(b.share),
                    capacity,
                    b.target.map_or_else(
                        || "-".to_owned(),
                        |t| format!("{}-{}", ratio(t.low), ratio(t.high)),
                    ),
                    b.position.map_or_else(|| "-".to_owned(), |p| name_of(&p)),
                ]
            })
            .collect();
        if out.markdown {
            out.line("");
        }
        out.table(
            &[
                "horizon",
                "spend",
                "share of spend",
                "share of capacity",
                "band",
                "spend vs band",
            ]
            .map(String::from),
            &rows,
        );
    }
    if let Some(t) = &d.time_to_value {
        empty = false;
        let show =
            |v: Option<Decimal>| v.map_or_else(|| "-".to_owned(), |v| metric_value(t.unit, v));
        out.line("");
        out.line(&format!(
            "Time-to-value ({}, lower is better): portfolio {} (quarter before {}).",
            t.metric,
            show(t.portfolio),
            show(t.previous)
        ));
        let rows: Vec<Vec<String>> = t
            .products
            .iter()
            .map(|r| vec![r.product.to_string(), show(r.value), show(r.previous)])
            .collect();
        if out.markdown {
            out.line("");
        }
        out.table(
            &["product", "this quarter", "quarter before"].map(String::from),
            &rows,
        );
    }
    if let Some(c) = &d.critical_delivery {
        empty = false;
        out.line("");
        out.line(&format!(
            "Delivery predictability of the critical initiatives (committed at the start of a week, delivered by its end): pooled {}.",
            c.pooled.map_or_else(|| "nothing committed".to_owned(), ratio)
        ));
        let rows: Vec<Vec<String>> = c
            .key_results
            .iter()
            .map(|r| {
                vec![
                    r.key_result.to_string(),
                    r.committed.to_string(),
                    r.delivered.to_string(),
                    r.predictability
                        .map_or_else(|| "nothing committed".to_owned(), ratio),
                ]
            })
            .collect();
        if out.markdown {
            out.line("");
        }
        out.table(
            &["key result", "committed", "delivered", "predictability"].map(String::from),
            &rows,
        );
    }
    if empty {
        out.bullet("none: review.json names no dashboard metric");
    }
}
