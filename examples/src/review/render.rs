//! Plain-text and Markdown renderings of a [`PortfolioReview`]. The OKR part is the
//! readout's own rendering (folio-okr's `Readout::to_text` / `to_markdown`); the other
//! sections are rendered here, from the library results, rounding only for display.

use std::fmt::Write as _;

use folio::benefits::{BenefitUnit, CheckpointStatus, Group, InitiativeReview};
use folio::metrics::{Action, Alert, Condition, Unit};
use folio::roi::{Measures, Payback, RateOfReturn, Subject};
use folio::{Decimal, Ratio};

use super::{OkrSection, PortfolioReview};

/// Collects the output; headings, bullets and tables take the form of the format.
struct Out {
    text: String,
    markdown: bool,
}

// Writing to a String cannot fail, so the `fmt::Result`s are dropped.
impl Out {
    fn heading(&mut self, title: &str) {
        if self.markdown {
            let _ = writeln!(self.text, "\n## {title}\n");
        } else {
            let _ = writeln!(
                self.text,
                "\n{title}\n{}",
                "-".repeat(title.chars().count())
            );
        }
    }

    fn line(&mut self, line: &str) {
        let _ = writeln!(self.text, "{line}");
    }

    fn bullet(&mut self, line: &str) {
        let _ = writeln!(
            self.text,
            "{}{line}",
            if self.markdown { "- " } else { "  " }
        );
    }

    fn sub_bullet(&mut self, line: &str) {
        let _ = writeln!(
            self.text,
            "{}{line}",
            if self.markdown { "  - " } else { "      " }
        );
    }

    /// A table: pipe table in Markdown, aligned columns in text (first column left,
    /// the others right).
    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        if self.markdown {
            let _ = writeln!(self.text, "| {} |", header.join(" | "));
            let rule: Vec<&str> = header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "---" } else { "---:" })
                .collect();
            let _ = writeln!(self.text, "|{}|", rule.join("|"));
            for row in rows {
                let _ = writeln!(self.text, "| {} |", row.join(" | "));
            }
            return;
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let format_row = |cells: &[String]| -> String {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, w))| {
                    if i == 0 {
                        format!("{cell:<w$}")
                    } else {
                        format!("{cell:>w$}")
                    }
                })
                .collect();
            format!("  {}", padded.join("  ").trim_end())
        };
        let _ = writeln!(self.text, "{}", format_row(header));
        for row in rows {
            let _ = writeln!(self.text, "{}", format_row(row));
        }
    }
}

/// `value` with thousands separators, rounded to whole units.
fn amount(value: Decimal) -> String {
    let rounded = value.round_dp(0).normalize();
    let digits = rounded.abs().to_string();
    let mut grouped = String::new();
    // Digits left before this one, counted down: a separator goes where a multiple of
    // three digits remains.
    let mut left = digits.len();
    for c in digits.chars() {
        if left < digits.len() && left.checked_rem(3) == Some(0) {
            grouped.push(',');
        }
        grouped.push(c);
        left = left.saturating_sub(1);
    }
    if rounded.is_sign_negative() && !rounded.is_zero() {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A fraction as a percentage with one decimal: 0.1234 is "12.3%".
fn percent(fraction: Decimal) -> String {
    let points = fraction
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(fraction);
    format!("{}%", points.round_dp(1).normalize())
}

fn ratio(r: Ratio) -> String {
    percent(r.value())
}

fn signed_percent(fraction: Decimal) -> String {
    let shown = percent(fraction);
    if fraction.is_sign_negative() || fraction.is_zero() {
        shown
    } else {
        format!("+{shown}")
    }
}

/// A metric value in its unit, rounded for reading.
fn metric_value(unit: Unit, value: Decimal) -> String {
    match unit {
        Unit::Currency(c) => format!("{} {c}", amount(value)),
        Unit::Percent => format!("{}%", value.round_dp(1).normalize()),
        Unit::Ratio | Unit::Score | Unit::Duration(_) => value.round_dp(2).normalize().to_string(),
        Unit::Count => amount(value),
    }
}

/// An enum's serialized name with spaces for underscores: `adoption lower than
/// planned`, `high`.
fn name_of(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The readout's rendering without its own title (the review has one).
fn readout_body(section: &OkrSection, markdown: bool) -> String {
    let full = if markdown {
        section.readout.to_markdown()
    } else {
        section.readout.to_text()
    };
    let skip = if markdown { 1 } else { 2 };
    full.lines().skip(skip).collect::<Vec<_>>().join("\n")
}

pub(super) fn document(review: &PortfolioReview, markdown: bool) -> String {
    let mut out = Out {
        text: String::new(),
        markdown,
    };
    let readout = &review.okr.readout;
    let title = format!(
        "{}: {} as of {}",
        review.title, readout.period, review.as_of
    );
    if markdown {
        out.line(&format!("# {title}"));
    } else {
        out.line(&title);
        out.line(&"=".repeat(title.chars().count()));
    }
    // The recovery plans in words go right after the readout's off-track list.
    let body = readout_body(&review.okr, markdown);
    let body = body.trim_end();
    let stale = if markdown {
        "\n## Stale\n"
    } else {
        "\nStale\n-----\n"
    };
    match body.find(stale) {
        Some(at) => {
            let (before, after) = body.split_at(at);
            out.line(before.trim_end());
            recovery_plans(&mut out, &review.okr);
            out.line(after);
        }
        None => {
            out.line(body);
            recovery_plans(&mut out, &review.okr);
        }
    }
    explanations(&mut out, &review.okr);
    say_do(&mut out, &review.say_do);
    kpis(&mut out, review);
    risk(&mut out, review);
    roi(&mut out, review);
    benefits(&mut out, review);
    out.text
}

fn recovery_plans(out: &mut Out, section: &OkrSection) {
    out.heading("Recovery plans");
    let plans: Vec<_> = section
        .readout
        .off_track
        .iter()
        .filter_map(|o| o.plan.as_ref())
        .collect();
    if plans.is_empty() {
        out.bullet("none");
    }
    for p in plans {
        out.bullet(&format!(
            "{}: change the {} ({}, due {}): {}",
            p.key_result,
            name_of(&p.change),
            p.owner,
            p.due,
            p.description
        ));
    }
}

fn explanations(out: &mut Out, section: &OkrSection) {
    out.heading("How the scorecard adds up");
    if out.markdown {
        out.line("```text");
    }
    let indent = if out.markdown { "" } else { "  " };
    for e in &section.explanations {
        for line in e.to_string().trim_end().lines() {
            out.line(&format!("{indent}{line}"));
        }
    }
    if out.markdown {
        out.line("```");
    }
}

fn say_do(out: &mut Out, section: &OkrSection) {
    out.heading("Say-do: committed key results that hit their target");
    for (line, e) in section.readout.scorecard.iter().zip(&section.explanations) {
        let counts = e
            .breakdown
            .counts
            .map_or_else(String::new, |c| format!(": {} of {} hit", c.hits, c.total));
        out.bullet(&format!(
            "{} {}{counts} ({} from {})",
            line.trend.arrow(),
            line.name,
            percent(line.progress.value()),
            percent(line.previous.value())
        ));
    }
}

fn condition(c: &Condition) -> String {
    match c {
        Condition::Below { threshold } => format!("below {threshold}"),
        Condition::Above { threshold } => format!("above {threshold}"),
        Condition::Outside { low, high } => format!("outside {low}..{high}"),
        Condition::VarianceAbove { expected, percent } => {
            format!("more than {percent}% from {expected}")
        }
        Condition::NotUpdatedSince { days } => format!("not updated for {days} days"),
    }
}

fn action(a: &Action) -> String {
    match a {
        Action::FixOrSunsetPlan => "a fix-or-sunset plan".to_owned(),
        Action::JustificationOrScopeChange => "a justification or a scope change".to_owned(),
        Action::PostMortem => "a post-mortem".to_owned(),
        Action::Custom(name) => format!("a {name}"),
    }
}

fn alert_line(alert: &Alert) -> String {
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
            format!("{when}: {}", e.value.round_dp(2).normalize())
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

fn kpis(out: &mut Out, review: &PortfolioReview) {
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
        hhi.push(c.hhi.round_dp(3).to_string());
        top.push(format!("{} {}", c.top_product, ratio(c.top_share)));
    }
    rows.extend([growth, hhi, top]);
    out.table(&header, &rows);

    if let (Some(first), Some(last)) = (k.concentration.first(), k.concentration.last()) {
        out.line("");
        out.line(&format!(
            "Concentration: revenue HHI {} in {} to {} in {}; {} holds {} of revenue.",
            first.hhi.round_dp(3),
            first.quarter,
            last.hhi.round_dp(3),
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
                    s.value.round_dp(3).normalize(),
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
        let gap_points = b
            .gap
            .checked_mul(Decimal::ONE_HUNDRED)
            .unwrap_or(b.gap)
            .round_dp(1)
            .normalize();
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

fn risk(out: &mut Out, review: &PortfolioReview) {
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
            .drivers
            .iter()
            .map(|d| format!("{} {} (+{})", d.factor, d.rating, d.lift.round_dp(3)))
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
            let subject = match &a.subject {
                folio::risk::AlertSubject::Score => "score".to_owned(),
                folio::risk::AlertSubject::Dimension { dimension } => format!("{dimension} score"),
            };
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

fn payback(p: &Payback) -> String {
    match p {
        Payback::PaysBack { after, .. } => format!("{} q", after.round_dp(2).normalize()),
        Payback::Never { shortfall, .. } => format!("never (short {})", amount(*shortfall)),
    }
}

fn rate(r: &RateOfReturn) -> String {
    match r {
        RateOfReturn::Rate { rate } => ratio(*rate),
        RateOfReturn::Several { .. } => "several".to_owned(),
        RateOfReturn::NoSignChange => "none".to_owned(),
        RateOfReturn::NotInRange => "not found".to_owned(),
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

fn roi(out: &mut Out, review: &PortfolioReview) {
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
    }
}

fn unit_amount(unit: &BenefitUnit, value: Decimal) -> String {
    match unit {
        BenefitUnit::Money(c) => format!("{} {c}", amount(value)),
        other => format!("{} {other}", value.round_dp(2).normalize()),
    }
}

fn initiative(out: &mut Out, i: &InitiativeReview) {
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
        let realized = c.realized.map_or_else(
            || "nothing recorded".to_owned(),
            |r| unit_amount(&i.unit, r),
        );
        let variance = c
            .variance
            .as_ref()
            .and_then(|v| v.relative)
            .map_or_else(String::new, |r| format!(" ({})", signed_percent(r.value())));
        let cause = c.root_cause.as_ref().map_or_else(
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
            c.number,
            c.due_on,
            unit_amount(&i.unit, c.expected),
            status(&c.status)
        ));
    }
}

fn benefits(out: &mut Out, review: &PortfolioReview) {
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
    for i in &b.initiatives {
        initiative(out, i);
    }
    out.heading("Post-mortems required");
    if b.post_mortems.is_empty() {
        out.bullet("none");
    }
    for p in &b.post_mortems {
        out.bullet(&format!(
            "{} ({}): realized {} of expected, variance {} beyond the {} threshold",
            p.initiative,
            p.owner,
            p.rate.map_or_else(|| "-".to_owned(), ratio),
            p.variance
                .relative
                .map_or_else(|| "-".to_owned(), |r| signed_percent(r.value())),
            ratio(p.threshold)
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
    if !b.overdue.is_empty() {
        out.heading("Overdue checkpoints");
        for o in &b.overdue {
            out.bullet(&format!(
                "{} checkpoint {}: {} days overdue",
                o.initiative, o.checkpoint, o.days_overdue
            ));
        }
    }
}
