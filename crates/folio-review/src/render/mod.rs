//! Plain-text and Markdown renderings of a [`PortfolioReview`]. The OKR part is the
//! readout's own rendering (folio-okr's `Readout::to_text` / `to_markdown`); the other
//! sections are rendered here, from the library results, rounding only for display.

use std::fmt::Write as _;

mod executive;
pub(crate) mod sections;

use folio_metrics::Unit;
use folio_types::{Decimal, Ratio};

use super::{OkrSection, PortfolioReview};
use executive::{cascade, dashboard, kpi_readout};
pub(crate) use sections::{alert_line, payback};
use sections::{benefits, decisions, delivery, kpis, omitted, risk, roi};

/// Collects the output; headings, bullets and tables take the form of the format.
pub(super) struct Out {
    pub(super) text: String,
    pub(super) markdown: bool,
}

// Writing to a String cannot fail, so the `fmt::Result`s are dropped.
impl Out {
    pub(super) fn heading(&mut self, title: &str) {
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

    pub(super) fn line(&mut self, line: &str) {
        let _ = writeln!(self.text, "{line}");
    }

    pub(super) fn bullet(&mut self, line: &str) {
        let _ = writeln!(
            self.text,
            "{}{line}",
            if self.markdown { "- " } else { "  " }
        );
    }

    pub(super) fn sub_bullet(&mut self, line: &str) {
        let _ = writeln!(
            self.text,
            "{}{line}",
            if self.markdown { "  - " } else { "      " }
        );
    }

    /// A table: pipe table in Markdown, aligned columns in text (first column left,
    /// the others right).
    pub(super) fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
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

/// Rounding for display: halves away from zero, as a spreadsheet's `ROUND` and its
/// number formats round (`Decimal::round_dp` rounds halves to even: 2.5 to 2).
pub(crate) trait Shown {
    /// The value rounded to `places` decimal places, halves away from zero.
    fn shown(self, places: u32) -> Decimal;
}

impl Shown for Decimal {
    fn shown(self, places: u32) -> Decimal {
        self.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// `value` with thousands separators, rounded to whole units, halves away from zero.
pub(crate) fn amount(value: Decimal) -> String {
    let rounded = value.shown(0).normalize();
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
pub(crate) fn percent(fraction: Decimal) -> String {
    format!("{}%", points(fraction, 1))
}

/// `fraction` times 100, rounded to `places` decimal places halves away from zero,
/// without trailing zeros (exact for every `Decimal`: see
/// [`folio_types::decimal::percent_points`]).
pub(crate) use folio_types::decimal::percent_points as points;

pub(crate) fn ratio(r: Ratio) -> String {
    percent(r.value())
}

pub(crate) fn signed_percent(fraction: Decimal) -> String {
    let shown = percent(fraction);
    if fraction.is_sign_negative() || fraction.is_zero() {
        shown
    } else {
        format!("+{shown}")
    }
}

/// A metric value in its unit, rounded for reading.
pub(crate) fn metric_value(unit: Unit, value: Decimal) -> String {
    match unit {
        Unit::Currency(c) => format!("{} {c}", amount(value)),
        Unit::Percent => format!("{}%", value.shown(1).normalize()),
        Unit::Ratio | Unit::Score | Unit::Duration(_) => value.shown(2).normalize().to_string(),
        Unit::Count => amount(value),
        _ => value.shown(2).normalize().to_string(),
    }
}

/// An enum's serialized name with spaces for underscores: `adoption lower than
/// planned`, `high`.
pub(crate) fn name_of(value: &impl serde::Serialize) -> String {
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
    cascade(&mut out, review);
    explanations(&mut out, &review.okr);
    say_do(&mut out, &review.say_do);
    kpi_rollup(&mut out, review);
    kpis(&mut out, review);
    dashboard(&mut out, review);
    risk(&mut out, review);
    roi(&mut out, review);
    benefits(&mut out, review);
    decisions(&mut out, review);
    delivery(&mut out, review);
    omitted(&mut out, review);
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

fn kpi_rollup(out: &mut Out, review: &PortfolioReview) {
    let k = &review.kpi_rollup;
    out.heading(&format!(
        "KPI rollup: objectives that are metrics ({})",
        k.quarter
    ));
    for o in &k.objectives {
        let value = o.value.map_or_else(
            || "-".to_owned(),
            |v| {
                let unit = review
                    .kpis
                    .rows
                    .iter()
                    .find(|r| r.metric == o.metric)
                    .map(|r| r.unit);
                unit.map_or_else(
                    || v.shown(2).normalize().to_string(),
                    |u| metric_value(u, v),
                )
            },
        );
        out.bullet(&format!(
            "{}: {} {value}, progress {}",
            o.name,
            o.metric,
            percent(o.progress.value())
        ));
    }
    kpi_readout(out, review);
    if out.markdown {
        out.line("");
        out.line("```text");
    }
    let indent = if out.markdown { "" } else { "  " };
    for e in &k.explanations {
        for line in e.to_string().trim_end().lines() {
            out.line(&format!("{indent}{line}"));
        }
    }
    if out.markdown {
        out.line("```");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn amounts_are_grouped_by_thousands_and_rounded_half_away_from_zero() {
        for (value, text) in [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("1234567.5", "1,234,568"),
            ("2.5", "3"),
            ("-2.5", "-3"),
            ("-1234.4", "-1,234"),
            ("-0.4", "0"),
            ("-1000000", "-1,000,000"),
            ("123456789012", "123,456,789,012"),
        ] {
            assert_eq!(amount(d(value)), text, "{value}");
        }
    }

    #[test]
    fn shown_numbers_round_halves_away_from_zero() {
        for (value, places, shown) in [
            ("0.125", 2, "0.13"),
            ("-0.125", 2, "-0.13"),
            ("0.135", 2, "0.14"),
            ("12.25", 1, "12.3"),
            ("0.124", 2, "0.12"),
        ] {
            assert_eq!(d(value).shown(places).to_string(), shown, "{value}");
        }
        assert_eq!(percent(d("0.12345")), "12.3%");
        assert_eq!(percent(d("0.12355")), "12.4%");
        assert_eq!(percent(d("0.1225")), "12.3%");
    }

    #[test]
    fn points_round_to_their_places() {
        assert_eq!(points(d("0.12345"), 1), "12.3");
        assert_eq!(points(d("-0.0005"), 1), "-0.1");
        assert_eq!(points(d("0.333333"), 28), "33.3333");
        assert_eq!(points(d("1.5"), 0), "150");
        assert_eq!(points(Decimal::MAX, 0), "7922816251426433759354395033500");
    }

    #[test]
    fn percentages_beyond_the_decimal_range_keep_their_digits() {
        // 79228162514264337593543950335 (Decimal::MAX) times 100.
        assert_eq!(percent(Decimal::MAX), "7922816251426433759354395033500%");
        assert_eq!(percent(Decimal::MIN), "-7922816251426433759354395033500%");
        // One place: 7922816251426433759354395033.5 times 100.
        assert_eq!(
            percent(d("7922816251426433759354395033.5")),
            "792281625142643375935439503350%"
        );
        assert_eq!(
            signed_percent(Decimal::MAX),
            "+7922816251426433759354395033500%"
        );
        // The largest hundredfold that fits is still multiplied as usual.
        assert_eq!(
            percent(d("792281625142643375935439503.35")),
            "79228162514264337593543950335%"
        );
    }

    #[test]
    fn signed_percentages_mark_gains_with_a_plus() {
        assert_eq!(signed_percent(d("0.052")), "+5.2%");
        assert_eq!(signed_percent(d("-0.031")), "-3.1%");
        assert_eq!(signed_percent(d("0")), "0%");
    }

    #[test]
    fn metric_values_read_in_their_unit() {
        let value = d("1234.567");
        let usd: folio_types::Currency = "USD".parse().unwrap();
        assert_eq!(metric_value(Unit::Currency(usd), value), "1,235 USD");
        assert_eq!(metric_value(Unit::Percent, value), "1234.6%");
        assert_eq!(metric_value(Unit::Count, value), "1,235");
        for unit in [
            Unit::Ratio,
            Unit::Score,
            Unit::Duration(folio_metrics::DurationUnit::Days),
        ] {
            assert_eq!(metric_value(unit, value), "1234.57", "{unit:?}");
        }
    }
}
