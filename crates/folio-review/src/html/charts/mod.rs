//! The dashboard's chart sections, each a chart (or a few) and the table of its numbers,
//! with the scales, axes and styles they share.

mod executive;
mod kpi;
mod money;
mod okr;
mod plan;

use folio_types::Decimal;

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

/// A number in a few characters for an axis: 5.2M, 310k, 104.
pub(super) fn compact(value: Decimal) -> String {
    let abs = value.abs();
    let million = Decimal::from(1_000_000);
    let thousand = Decimal::from(1_000);
    if abs >= million {
        format!(
            "{}M",
            value
                .checked_div(million)
                .unwrap_or_default()
                .round_dp(1)
                .normalize()
        )
    } else if abs >= thousand {
        format!(
            "{}k",
            value
                .checked_div(thousand)
                .unwrap_or_default()
                .round_dp(0)
                .normalize()
        )
    } else {
        value.round_dp(1).normalize().to_string()
    }
}
