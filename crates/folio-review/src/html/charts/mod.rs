//! The dashboard's chart sections, each a chart (or a few) and the table of its numbers,
//! with the scales, axes and styles they share.

mod executive;
mod kpi;
mod money;
mod okr;
mod plan;

use folio_types::Decimal;
use rust_decimal::RoundingStrategy;

use super::svg::{Svg, f};
use crate::render::percent;

pub(super) use executive::{cascade, dashboard, readout};
pub(super) use kpi::{capacity, kpi_trends};
pub(super) use money::{benefits, risk, roi};
pub(super) use okr::{roadmap, scorecard};
pub(super) use plan::{decisions, delivery};

pub(super) const INK: &str = "#1b1f24";
pub(super) const NAVY: &str = "#1f3a5f";
pub(super) const TRACK: &str = "#eef0f3";
pub(super) const GRID: &str = "stroke=\"#c9ced6\" stroke-width=\"1\"";
pub(super) const PACE: &str = "stroke=\"#8c1c13\" stroke-width=\"2\" stroke-dasharray=\"5 3\"";
pub(super) const WIDTH: f64 = 720.0;

/// Greys and dash patterns for up to five series, told apart without colour.
pub(super) const SERIES: [(&str, &str); 5] = [
    ("#1f3a5f", ""),
    ("#5b7fa6", "stroke-dasharray=\"7 3\""),
    ("#7a4a00", "stroke-dasharray=\"2 2\""),
    ("#3b3b3b", "stroke-dasharray=\"9 3 2 3\""),
    ("#8c1c13", "stroke-dasharray=\"1 3\""),
];

pub(super) fn series(i: usize) -> (&'static str, &'static str) {
    SERIES
        .get(i.checked_rem(SERIES.len()).unwrap_or(0))
        .copied()
        .unwrap_or(("#1f3a5f", ""))
}

pub(super) fn idx(i: usize) -> String {
    i.to_string()
}

/// `x` of `value` on a scale from 0 to `max` drawn from `left` over `width`.
pub(super) fn scale(value: Decimal, max: Decimal, left: f64, width: f64) -> f64 {
    let max = f(max);
    if max <= 0.0 {
        return left;
    }
    left + width * (f(value) / max).clamp(0.0, 1.0)
}

/// A round end for a percentage axis that reaches `max` (a fraction), and its step:
/// at most six steps of 5, 10, 25, 50, 100, 200 or 500 points.
pub(super) fn nice(max: Decimal) -> (Decimal, Decimal) {
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
pub(super) fn percent_axis(
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

/// A number in a few characters for an axis: 5.2M, 310k, 104. Millions keep one place,
/// thousands none, smaller numbers one; halves round away from zero, as a spreadsheet's
/// `ROUND` does, and the unit is chosen after rounding (999,999 is 1M, not 1000k).
pub(super) fn compact(value: Decimal) -> String {
    let away = RoundingStrategy::MidpointAwayFromZero;
    let thousand = Decimal::from(1_000);
    let in_units = |unit: i64, places: u32| {
        value
            .checked_div(Decimal::from(unit))
            .unwrap_or_default()
            .round_dp_with_strategy(places, away)
    };
    let units = value.round_dp_with_strategy(1, away);
    if units.abs() < thousand {
        return units.normalize().to_string();
    }
    let thousands = in_units(1_000, 0);
    if thousands.abs() < thousand {
        return format!("{}k", thousands.normalize());
    }
    format!("{}M", in_units(1_000_000, 1).normalize())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn compact_numbers_read_in_millions_thousands_or_units() {
        // The forms the doc comment names: 5.2M, 310k, 104; one place of millions,
        // whole thousands, one place of units; halves away from zero; the unit chosen
        // after rounding; signs kept.
        for (value, text) in [
            ("5200000", "5.2M"),
            ("1000000", "1M"),
            ("-2540000", "-2.5M"),
            ("999999", "1M"),
            ("999499", "999k"),
            ("310000", "310k"),
            ("2500", "3k"),
            ("1000", "1k"),
            ("999.96", "1k"),
            ("-1500", "-2k"),
            ("999.94", "999.9"),
            ("0.05", "0.1"),
            ("104", "104"),
            ("0", "0"),
        ] {
            assert_eq!(compact(d(value)), text, "{value}");
        }
    }

    #[test]
    fn nice_axes_end_on_a_round_step_with_at_most_six_steps() {
        for (max, end, step) in [
            ("0", "0.05", "0.05"),
            ("0.3", "0.30", "0.05"),
            ("0.31", "0.40", "0.10"),
            ("0.47", "0.50", "0.10"),
            ("1", "1.00", "0.25"),
            ("2.9", "3.00", "0.50"),
            ("30", "30.00", "5.00"),
            ("31", "31", "1"),
        ] {
            let (e, s) = nice(d(max));
            assert_eq!((e, s), (d(end), d(step)), "{max}");
            // The step divides the end, and the axis has at most six steps.
            if s != Decimal::ONE {
                assert!((e / s).is_integer() && e / s <= Decimal::from(6), "{max}");
            }
        }
    }

    #[test]
    fn a_percent_axis_draws_a_line_and_a_label_per_step() {
        let mut svg = Svg::new("t", 720.0, 100.0, "t", "t");
        percent_axis(&mut svg, (d("1.00"), d("0.25")), 10.0, 600.0, 20.0, 80.0);
        let out = svg.finish();
        let lines: Vec<&str> = out.split("<line ").skip(1).collect();
        // The pattern definitions hold one line each; the axis draws five from 0% to 100%.
        let grid: Vec<&str> = lines
            .iter()
            .filter(|l| l.contains("#c9ced6"))
            .copied()
            .collect();
        assert_eq!(grid.len(), 5);
        for (i, line) in grid.iter().enumerate() {
            let x = 10.0 + 150.0 * f64::from(u8::try_from(i).unwrap());
            assert!(
                line.starts_with(&format!(
                    "x1=\"{x:.1}\" y1=\"20.0\" x2=\"{x:.1}\" y2=\"80.0\""
                )),
                "{line}"
            );
        }
        for (i, label) in ["0%", "25%", "50%", "75%", "100%"].iter().enumerate() {
            let x = 10.0 + 150.0 * f64::from(u8::try_from(i).unwrap());
            assert!(
                out.contains(&format!(
                    "<text x=\"{x:.1}\" y=\"93.0\" text-anchor=\"middle\" class=\"small\">{label}</text>"
                )),
                "{label}: {out}"
            );
        }
    }
}
