//! The KPI, risk, ROI and benefits sections of the rendering.

use folio_benefits::{BenefitUnit, CheckpointStatus, Group, InitiativeReview};
use folio_metrics::{Action, Alert, Condition};
use folio_roi::{Measures, Payback, RateOfReturn, Subject};
use folio_types::Decimal;

use super::{Out, amount, metric_value, name_of, percent, points, ratio, signed_percent};
use crate::PortfolioReview;
use crate::render::Shown as _;

fn condition(c: &Condition) -> String {
    match c {
        Condition::Below { threshold } => format!("below {threshold}"),
        Condition::Above { threshold } => format!("above {threshold}"),
        Condition::Outside { low, high } => format!("outside {low}..{high}"),
        Condition::VarianceAbove { expected, percent } => {
            format!("more than {percent}% from {expected}")
        }
        Condition::NotUpdatedSince { days } => format!("not updated for {days} days"),
        other => other.to_string(),
    }
}

pub(crate) fn action(a: &Action) -> String {
    match a {
        Action::FixOrSunsetPlan => "a fix-or-sunset plan".to_owned(),
        Action::JustificationOrScopeChange => "a justification or a scope change".to_owned(),
        Action::PostMortem => "a post-mortem".to_owned(),
        Action::Custom(name) => format!("a {name}"),
        other => other.to_string(),
    }
}

pub(crate) fn alert_line(alert: &Alert) -> String {
    let subject = alert
        .product
        .as_ref()
        .map_or_else(|| "the portfolio".to_owned(), ToString::to_string);
    let evidence: Vec<String> = alert
        .evidence
        .iter()
        .map(|e| {
            let when = e
                .period
                .map_or_else(|| e.date.to_string(), |p| p.to_string());
            format!("{when}: {}", e.value.shown(2).normalize())
        })
        .collect();
    format!(
        "{} for {subject}: {} {} ({}); requires {}",
        alert.rule,
        alert.metric,
        condition(&alert.condition),
        evidence.join(", "),
        action(&alert.action)
    )
}

pub(super) fn kpis(out: &mut Out, review: &PortfolioReview) {
    let k = &review.kpis;
    out.heading("Portfolio KPIs");
    let mut header = vec!["metric".to_owned()];
    header.extend(k.quarters.iter().map(ToString::to_string));
    let mut rows: Vec<Vec<String>> = k
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.name.clone()];
            cells.extend(
                row.values
                    .iter()
                    .map(|v| v.map_or_else(|| "-".to_owned(), |v| metric_value(row.unit, v))),
            );
            cells
        })
        .collect();
    let mut growth = vec!["Revenue growth (QoQ)".to_owned()];
    let mut hhi = vec!["Revenue HHI".to_owned()];
    let mut top = vec!["Largest product's share".to_owned()];
    for c in &k.concentration {
        growth.push(c.growth.map_or_else(|| "-".to_owned(), signed_percent));
        hhi.push(c.hhi.shown(3).to_string());
        top.push(format!("{} {}", c.top_product, ratio(c.top_share)));
    }
    rows.extend([growth, hhi, top]);
    out.table(&header, &rows);

    if let (Some(first), Some(last)) = (k.concentration.first(), k.concentration.last()) {
        out.line("");
        out.line(&format!(
            "Concentration: revenue HHI {} in {} to {} in {}; {} holds {} of revenue.",
            first.hhi.shown(3),
            first.quarter,
            last.hhi.shown(3),
            last.quarter,
            last.top_product,
            ratio(last.top_share)
        ));
    }

    out.heading("Product lines (latest quarter)");
    for l in &k.lines {
        let signals: Vec<String> = l
            .signals
            .iter()
            .map(|s| {
                format!(
                    "{} {} ({})",
                    name_of(&s.kind),
                    s.value.shown(3).normalize(),
                    name_of(&s.vote)
                )
            })
            .collect();
        out.bullet(&format!(
            "{}: {}; {}",
            l.line,
            name_of(&l.class),
            signals.join(", ")
        ));
    }

    out.heading("Capacity against value (latest quarter)");
    for b in &k.capacity {
        let gap_points = points(b.gap, 1);
        out.bullet(&format!(
            "{}: {} of capacity, {} of revenue, gap {}{} points{}",
            b.product,
            percent(b.consumption_share),
            percent(b.value_share),
            if b.gap.is_sign_negative() { "" } else { "+" },
            gap_points,
            if b.draining { ": DRAINING" } else { "" }
        ));
    }

    let fired: std::collections::BTreeSet<_> = k.alerts.iter().map(|a| &a.rule).collect();
    let horizons: Vec<String> = k
        .capacity_by_horizon
        .iter()
        .map(|(h, share)| {
            let revenue = k
                .revenue_by_horizon
                .get(h)
                .map_or_else(|| "-".to_owned(), |r| ratio(*r));
            format!(
                "{} {} of capacity, {revenue} of revenue",
                name_of(h),
                ratio(*share)
            )
        })
        .collect();
    out.line("");
    out.line(&format!("By horizon: {}.", horizons.join("; ")));
    let bands: Vec<String> = k
        .mix
        .iter()
        .filter_map(|m| {
            let (target, position) = (m.target?, m.position?);
            Some(format!(
                "{} {} (band {}-{}: {})",
                name_of(&m.horizon),
                ratio(m.share),
                ratio(target.low),
                ratio(target.high),
                name_of(&position)
            ))
        })
        .collect();
    if !bands.is_empty() {
        out.line(&format!(
            "Capacity against the target mix: {}.",
            bands.join("; ")
        ));
    }

    out.heading(&format!(
        "Trigger rules: {} of {} fired ({} alerts)",
        fired.len(),
        k.rules_evaluated,
        k.alerts.len()
    ));
    if k.alerts.is_empty() {
        out.bullet("none");
    }
    for alert in &k.alerts {
        out.bullet(&alert_line(alert));
    }
}

pub(super) fn risk(out: &mut Out, review: &PortfolioReview) {
    let r = &review.risk;
    out.heading("Risk");
    out.line(&format!(
        "Portfolio exposure (weighted by revenue): {} ({})",
        r.exposure.score,
        name_of(&r.band)
    ));
    out.line("");
    for t in &r.products {
        let s = &t.current;
        let trend = t.change.as_ref().map_or_else(
            || "first assessment".to_owned(),
            |c| {
                let arrow = if c.delta.is_sign_positive() && !c.delta.is_zero() {
                    '↑'
                } else if c.delta.is_zero() {
                    '→'
                } else {
                    '↓'
                };
                format!("{arrow} from {}", c.previous)
            },
        );
        let drivers: Vec<String> = s
            .drivers()
            .map(|d| format!("{} {} (+{})", d.factor(), d.rating(), d.lift().shown(3)))
            .collect();
        out.bullet(&format!(
            "{}: {} {}, {trend}; drivers: {}",
            s.product,
            s.score,
            name_of(&s.band),
            drivers.join(", ")
        ));
    }
    if !r.alerts.is_empty() {
        out.line("");
        for a in &r.alerts {
            let subject = a.subject.to_string();
            out.bullet(&format!(
                "alert {} for {}: {subject} {} at or above {}; {} ({}), plan: {}",
                a.rule,
                a.product,
                a.value,
                a.threshold,
                a.action.discussion(),
                a.action.owner(),
                a.action.plan()
            ));
        }
    }
}

pub(crate) fn payback(p: &Payback) -> String {
    match p {
        Payback::PaysBack { after, .. } => format!("{} q", after.shown(2).normalize()),
        Payback::Never { shortfall, .. } => format!("never (short {})", amount(*shortfall)),
        other => other.to_string(),
    }
}

fn rate(r: &RateOfReturn) -> String {
    match r {
        RateOfReturn::Rate { rate } => ratio(*rate),
        RateOfReturn::Several { .. } => "several".to_owned(),
        RateOfReturn::NoSignChange => "none".to_owned(),
        RateOfReturn::NotInRange => "not found".to_owned(),
        other => other.to_string(),
    }
}

fn measures_row(name: String, m: &Measures) -> Vec<String> {
    vec![
        name,
        amount(m.investment.amount()),
        amount(m.benefit.amount()),
        m.roi.map_or_else(|| "-".to_owned(), ratio),
        amount(m.npv.amount()),
        rate(&m.rate_of_return),
        payback(&m.payback),
        payback(&m.discounted_payback),
    ]
}

pub(super) fn roi(out: &mut Out, review: &PortfolioReview) {
    let r = &review.roi;
    let header: Vec<String> = [
        "",
        "investment",
        "benefit",
        "ROI",
        "NPV",
        "IRR/q",
        "payback",
        "disc. payback",
    ]
    .map(ToOwned::to_owned)
    .to_vec();
    out.heading("ROI and payback per initiative (quarters)");
    let rows: Vec<Vec<String>> = r
        .initiatives
        .iter()
        .map(|i| measures_row(i.initiative.to_string(), &i.measures))
        .collect();
    out.table(&header, &rows);
    out.heading("ROI and payback per product line");
    let rows: Vec<Vec<String>> = r
        .product_lines
        .iter()
        .map(|l| measures_row(l.product_line.to_string(), &l.measures))
        .collect();
    out.table(&header, &rows);
    if !r.payback_alerts.is_empty() {
        out.line("");
    }
    for a in &r.payback_alerts {
        let subject = match &a.subject {
            Subject::Initiative(id) => format!("initiative {id}"),
            Subject::ProductLine(id) => format!("product line {id}"),
            other => other.to_string(),
        };
        out.bullet(&format!(
            "{subject}: payback {} exceeds {} quarters; requires a justification or a scope change",
            payback(&a.payback),
            a.threshold
        ));
    }
}

fn status(s: &CheckpointStatus) -> String {
    match s {
        CheckpointStatus::Upcoming { days_until_due } => format!("due in {days_until_due} days"),
        CheckpointStatus::Pending { days_since_due } => {
            format!("pending {days_since_due} days")
        }
        CheckpointStatus::Overdue { days_overdue } => format!("OVERDUE {days_overdue} days"),
        CheckpointStatus::Realized { late: true, .. } => "recorded late".to_owned(),
        CheckpointStatus::Realized { .. } => "recorded".to_owned(),
        other => other.to_string(),
    }
}

fn unit_amount(unit: &BenefitUnit, value: Decimal) -> String {
    match unit {
        BenefitUnit::Money(c) => format!("{} {c}", amount(value)),
        other => format!("{} {other}", value.shown(2).normalize()),
    }
}

fn initiative(out: &mut Out, i: &InitiativeReview<'_>) {
    out.bullet(&format!(
        "{} ({}, {}): realized {} of {} expected, rate {}, variance {}",
        i.initiative,
        i.product_line,
        i.owner,
        unit_amount(&i.unit, i.realized),
        unit_amount(&i.unit, i.expected),
        i.rate.map_or_else(|| "-".to_owned(), ratio),
        i.variance
            .relative
            .map_or_else(|| "-".to_owned(), |r| signed_percent(r.value()))
    ));
    for c in &i.checkpoints {
        let realized = c.realized().map_or_else(
            || "nothing recorded".to_owned(),
            |r| unit_amount(&i.unit, r),
        );
        let variance = c
            .variance()
            .and_then(|v| v.relative)
            .map_or_else(String::new, |r| format!(" ({})", signed_percent(r.value())));
        let cause = c.root_cause().map_or_else(
            || {
                if c.root_cause_missing() {
                    "; ROOT CAUSE MISSING".to_owned()
                } else {
                    String::new()
                }
            },
            |rc| format!("; root cause ({}): {}", name_of(&rc.category), rc.text),
        );
        out.sub_bullet(&format!(
            "checkpoint {} due {}: expected {}, {realized}{variance}, {}{cause}",
            c.number(),
            c.due_on(),
            unit_amount(&i.unit, c.expected()),
            status(&c.status())
        ));
    }
}

pub(super) fn benefits(out: &mut Out, review: &PortfolioReview) {
    let b = &review.benefits;
    out.heading("Benefits realization");
    for rate in &b.rates {
        if let Group::Portfolio = rate.group {
            out.line(&format!(
                "Portfolio realization rate ({}): {} ({} of {})",
                rate.unit,
                rate.rate.map_or_else(|| "-".to_owned(), ratio),
                unit_amount(&rate.unit, rate.realized),
                unit_amount(&rate.unit, rate.expected)
            ));
        }
    }
    for rate in b
        .rates
        .iter()
        .filter(|r| matches!(r.group, Group::ProductLine(_)))
    {
        out.bullet(&format!(
            "{}: {}",
            rate.group,
            rate.rate.map_or_else(|| "-".to_owned(), ratio)
        ));
    }
    out.line("");
    for i in b.initiatives() {
        initiative(out, i);
    }
    out.heading("Post-mortems required");
    if b.post_mortems().is_empty() {
        out.bullet("none");
    }
    for p in b.post_mortems() {
        out.bullet(&format!(
            "{} ({}): realized {} of expected, variance {} beyond the {} threshold",
            p.initiative(),
            p.owner(),
            p.rate().map_or_else(|| "-".to_owned(), ratio),
            p.variance()
                .relative
                .map_or_else(|| "-".to_owned(), |r| signed_percent(r.value())),
            ratio(p.threshold())
        ));
    }
    out.heading("Estimation bias");
    for bias in &b.bias {
        out.bullet(&format!(
            "{}: {} ({} of {} cases over-promised, mean shortfall {})",
            bias.group,
            name_of(&bias.verdict),
            bias.over_promised,
            bias.initiatives.len(),
            bias.mean_shortfall.map_or_else(|| "-".to_owned(), ratio)
        ));
    }
    if !b.overdue().is_empty() {
        out.heading("Overdue checkpoints");
        for o in b.overdue() {
            out.bullet(&format!(
                "{} checkpoint {}: {} days overdue",
                o.initiative(),
                o.checkpoint(),
                o.days_overdue()
            ));
        }
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

pub(super) fn decisions(out: &mut Out, review: &PortfolioReview) {
    let Some(d) = &review.decisions else { return };
    out.heading("Decisions");
    out.line(&d.cut_summary);
    out.line("");
    let chosen = if d.accelerated_chosen_by == "default" {
        " (chosen by default: the bet whose earlier start is worth most)"
    } else {
        ""
    };
    out.line(&format!("{}{chosen}", d.acceleration_summary));
    out.heading("Reallocation requests");
    if d.reallocation_summary.is_empty() {
        out.bullet("none");
    }
    for line in &d.reallocation_summary {
        out.bullet(line);
    }
    out.heading("Value kept by level of spend");
    let header: Vec<String> = ["level", "ceiling", "value kept", "marginal value"]
        .map(str::to_owned)
        .to_vec();
    let rows: Vec<Vec<String>> = d
        .frontier
        .points
        .iter()
        .map(|p| {
            vec![
                format!("{}%", points(p.level, 28)),
                p.ceiling.normalize().to_string(),
                opt(p.value.map(|v| v.shown(2).normalize())),
                opt(p.marginal_value.map(|v| v.shown(2).normalize())),
            ]
        })
        .collect();
    out.table(&header, &rows);
}

pub(super) fn delivery(out: &mut Out, review: &PortfolioReview) {
    let Some(d) = &review.delivery else { return };
    out.heading("Delivery");
    out.line(&format!(
        "From {}, {} to {}.",
        d.sources.join(" and "),
        d.window.from(),
        d.window.to()
    ));
    out.line(&d.portfolio.summary);
    let header: Vec<String> = [
        "scope",
        "done",
        "cycle p50 (days)",
        "cycle p85 (days)",
        "WIP",
        "predictability",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = std::iter::once(&d.portfolio)
        .chain(&d.products)
        .chain(&d.key_results)
        .map(|r| {
            vec![
                r.label.clone(),
                r.done.to_string(),
                opt(r.cycle_p50),
                opt(r.cycle_p85),
                r.wip.to_string(),
                opt(r.predictability),
            ]
        })
        .collect();
    out.table(&header, &rows);
    out.heading("Output against outcome");
    for row in &d.outcome.products {
        out.bullet(&row.summary);
    }
    out.heading("Unmapped statuses");
    if d.unmapped.is_empty() {
        out.bullet("none");
    }
    for (status, n) in &d.unmapped {
        out.bullet(&format!(
            "status \"{status}\" ({n} change{}) is in no workflow stage",
            if *n == 1 { "" } else { "s" }
        ));
    }
    out.heading("Forecast");
    out.line(&format!(
        "{} Seed {}.",
        d.forecast.summary, d.forecast.forecast.seed
    ));
}

pub(super) fn omitted(out: &mut Out, review: &PortfolioReview) {
    if review.omitted.is_empty() {
        return;
    }
    out.heading("Omitted sections");
    for line in &review.omitted {
        out.bullet(line);
    }
}
