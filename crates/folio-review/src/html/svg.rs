//! A small SVG and table writer: just what the dashboard's charts draw (rectangles,
//! lines, circles, polylines, text), with the accessibility attributes every chart
//! carries and the `data-path`/`data-value` marks that tie a drawn number to the JSON
//! review.
//!
//! Coordinates are `f64` and written with one decimal: Rust's float formatting is exact
//! and platform-independent, so the output is byte-identical for the same review.

use std::fmt::Write as _;

use folio_types::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Escapes text for XML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A JSON pointer (RFC 6901) from its segments.
pub(crate) fn pointer(segments: &[&str]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// A drawn number: where it is in the JSON review, and its exact value.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub(crate) path: String,
    pub(crate) value: Decimal,
}

impl Mark {
    pub(crate) fn new(path: String, value: Decimal) -> Self {
        Self { path, value }
    }

    fn attrs(&self) -> String {
        format!(
            " data-path=\"{}\" data-value=\"{}\"",
            esc(&self.path),
            self.value
        )
    }
}

fn mark_attrs(mark: Option<&Mark>) -> String {
    mark.map_or_else(String::new, Mark::attrs)
}

/// A decimal as `f64` for drawing only (never for a number shown as text).
pub(crate) fn f(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A count as `f64`.
pub(crate) fn n(count: usize) -> f64 {
    u32::try_from(count).map_or(f64::from(u32::MAX), f64::from)
}

/// One SVG chart under construction.
#[derive(Debug)]
pub(crate) struct Svg {
    id: String,
    out: String,
}

// Writing to a String cannot fail, so the `fmt::Result`s are dropped.
impl Svg {
    /// A chart `width` x `height` (user units; it scales to the page width) whose text
    /// alternative is `title` (short) and `desc` (the numbers in words).
    pub(crate) fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\" aria-describedby=\"{id}-desc\"><title>{}</title><desc id=\"{id}-desc\">{}</desc>",
            esc(title),
            esc(title),
            esc(desc)
        );
        // One hatch pattern per chart, named after it, so that ids never collide.
        let _ = write!(
            out,
            "<defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#3d5a80\" stroke-width=\"2.5\"/></pattern><pattern id=\"{id}-dots\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\"><rect width=\"5\" height=\"5\" fill=\"#ffffff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"#7a4a00\"/></pattern></defs>"
        );
        Self {
            id: id.to_owned(),
            out,
        }
    }

    /// The fill that hatches this chart's shapes.
    pub(crate) fn hatch(&self) -> String {
        format!("url(#{}-hatch)", self.id)
    }

    /// The fill that dots this chart's shapes.
    pub(crate) fn dots(&self) -> String {
        format!("url(#{}-dots)", self.id)
    }

    #[allow(clippy::too_many_arguments)] // Reason: a rectangle is its geometry and its style.
    pub(crate) fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        stroke: &str,
        mark: Option<&Mark>,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"{}/>",
            w.max(0.0),
            h.max(0.0),
            mark_attrs(mark)
        );
    }

    pub(crate) fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), style: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" {style}/>"
        );
    }

    /// A line that draws a number (a pace line, a threshold).
    pub(crate) fn marked_line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        style: &str,
        mark: &Mark,
    ) {
        let _ = write!(
            self.out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" {style}{}/>",
            mark.attrs()
        );
    }

    /// A marker shape centred on `(x, y)`: 0 circle, 1 square, 2 triangle, 3 diamond,
    /// 4 cross; shapes, not only colours, tell series apart.
    pub(crate) fn marker(
        &mut self,
        shape: usize,
        (x, y): (f64, f64),
        fill: &str,
        mark: Option<&Mark>,
    ) {
        let attrs = mark_attrs(mark);
        let r = 3.5;
        let _ = match shape % 5 {
            0 => write!(
                self.out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#1b1f24\"{attrs}/>"
            ),
            1 => write!(
                self.out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"{fill}\" stroke=\"#1b1f24\"{attrs}/>",
                x - r,
                y - r
            ),
            2 => write!(
                self.out,
                "<polygon points=\"{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{fill}\" stroke=\"#1b1f24\"{attrs}/>",
                y - 4.5,
                x + 4.5,
                y + 3.5,
                x - 4.5,
                y + 3.5
            ),
            3 => write!(
                self.out,
                "<polygon points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" fill=\"{fill}\" stroke=\"#1b1f24\"{attrs}/>",
                y - 4.5,
                x + 4.5,
                y + 4.5,
                x - 4.5
            ),
            _ => write!(
                self.out,
                "<path d=\"M{:.1},{:.1}L{:.1},{:.1}M{:.1},{:.1}L{:.1},{:.1}\" stroke=\"{fill}\" stroke-width=\"2.5\" fill=\"none\"{attrs}/>",
                x - r,
                y - r,
                x + r,
                y + r,
                x - r,
                y + r,
                x + r,
                y - r
            ),
        };
    }

    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], style: &str) {
        let joined: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" {style}/>",
            joined.join(" ")
        );
    }

    /// Text at `(x, y)`; `anchor` is `start`, `middle` or `end`; `class` picks the
    /// style from the page's CSS.
    pub(crate) fn text(&mut self, (x, y): (f64, f64), anchor: &str, class: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
            esc(text)
        );
    }

    /// A legend entry: a swatch and its label, returning the x after it.
    pub(crate) fn legend(&mut self, x: f64, y: f64, fill: &str, label: &str) -> f64 {
        self.rect(x, y - 9.0, 14.0, 10.0, fill, "#1b1f24", None);
        self.text((x + 18.0, y), "start", "small", label);
        // About 6 units per character at the small size, and a gap.
        x + 30.0 + 6.0 * n(label.chars().count())
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// One table cell: its text, and the number it shows when it shows one of the review.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) mark: Option<Mark>,
}

impl Cell {
    pub(crate) fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            mark: None,
        }
    }

    pub(crate) fn num(text: impl Into<String>, mark: Mark) -> Self {
        Self {
            text: text.into(),
            mark: Some(mark),
        }
    }
}

/// A table with a caption and a header row; the first column is a row header.
pub(crate) fn table(caption: &str, header: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"table\"><table><caption>{}</caption><thead><tr>",
        esc(caption)
    );
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let attrs = mark_attrs(cell.mark.as_ref());
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\"{attrs}>{}</th>", esc(&cell.text));
            } else {
                let _ = write!(out, "<td{attrs}>{}</td>", esc(&cell.text));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// Pushes label positions apart so that no two are closer than `gap`, keeping them
/// within `top..=bottom`; returns them in the input order.
pub(crate) fn spread(ys: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|a, b| {
        let ya = ys.get(*a).copied().unwrap_or(0.0);
        let yb = ys.get(*b).copied().unwrap_or(0.0);
        ya.total_cmp(&yb).then(a.cmp(b))
    });
    let mut placed: Vec<f64> = Vec::with_capacity(ys.len());
    let mut last = f64::NEG_INFINITY;
    for i in &order {
        let y = ys.get(*i).copied().unwrap_or(0.0).max(last + gap).max(top);
        placed.push(y);
        last = y;
    }
    // Past the bottom: shift the run up from the end.
    let mut limit = bottom;
    for y in placed.iter_mut().rev() {
        if *y > limit {
            *y = limit;
        }
        limit = *y - gap;
    }
    let mut out = vec![0.0; ys.len()];
    for (slot, y) in order.iter().zip(placed) {
        if let Some(o) = out.get_mut(*slot) {
            *o = y;
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn spread_labels_keep_their_place_when_they_fit_and_their_order_when_not() {
        // Far enough apart: unchanged.
        assert_eq!(
            spread(&[50.0, 10.0, 30.0], 12.0, 0.0, 100.0),
            [50.0, 10.0, 30.0]
        );
        // Too close: pushed down in order, the first where it was.
        assert_eq!(
            spread(&[20.0, 25.0, 26.0], 12.0, 0.0, 100.0),
            [20.0, 32.0, 44.0]
        );
        // Above the top: brought down to it; below the bottom: the run moves up.
        assert_eq!(spread(&[-5.0, 200.0], 12.0, 0.0, 100.0), [0.0, 100.0]);
        assert_eq!(spread(&[95.0, 99.0], 12.0, 0.0, 100.0), [88.0, 100.0]);
        assert!(spread(&[], 12.0, 0.0, 100.0).is_empty());
        // Any positions that can fit: every gap kept, all inside, input order kept.
        let mut seed = 7u64;
        for _ in 0..500 {
            let ys: Vec<f64> = (0..6)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    f64::from(u32::try_from(seed >> 54).unwrap()) / 4.0 - 20.0
                })
                .collect();
            let placed = spread(&ys, 12.0, 0.0, 100.0);
            let mut pairs: Vec<(f64, f64)> =
                ys.iter().copied().zip(placed.iter().copied()).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (a, b) in pairs.iter().zip(pairs.iter().skip(1)) {
                assert!(b.1 - a.1 >= 12.0 - 1e-9, "{ys:?} -> {placed:?}");
            }
            assert!(
                placed.iter().all(|y| (0.0..=100.0).contains(y)),
                "{ys:?} -> {placed:?}"
            );
        }
    }

    #[test]
    fn a_tables_first_column_heads_its_row() {
        let rows = vec![vec![
            Cell::text("ledger"),
            Cell::num("5".to_owned(), Mark::new("/x".to_owned(), Decimal::from(5))),
        ]];
        let out = table("Cap", &["product", "n"], &rows);
        assert_eq!(
            out,
            "<div class=\"table\"><table><caption>Cap</caption><thead><tr><th scope=\"col\">product</th><th scope=\"col\">n</th></tr></thead><tbody><tr><th scope=\"row\">ledger</th><td data-path=\"/x\" data-value=\"5\">5</td></tr></tbody></table></div>"
        );
    }
}
