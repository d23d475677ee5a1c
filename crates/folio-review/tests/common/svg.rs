//! Reading the dashboard's SVG charts: attributes as numbers, a chart by id, its texts
//! and its box. Shared by the geometry tests.
// A chart that cannot be read is a broken test and should abort loudly.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

/// A number attribute of an element, which must be present and finite.
pub(crate) fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    let text = node
        .attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()));
    let value: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("{name}=\"{text}\" is not a number"));
    assert!(value.is_finite(), "{name}=\"{text}\"");
    value
}

/// A number attribute, or NaN where the element has none (never close to anything).
pub(crate) fn number_or(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Whether two coordinates agree, to the 0.1 units they are written in.
pub(crate) fn close(a: f64, b: f64) -> bool {
    // Coordinates are written to 0.1 units; a sum of two rounds can be off by 0.1.
    (a - b).abs() <= 0.15
}

/// The chart (`<svg>`) with the id `id`.
pub(crate) fn chart<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.tag_name().name() == "svg" && n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no chart {id}"))
}

/// The one text of a chart that reads `content`.
pub(crate) fn text_reading<'a, 'i>(
    svg: roxmltree::Node<'a, 'i>,
    content: &str,
) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = svg
        .descendants()
        .filter(|n| n.tag_name().name() == "text" && n.text() == Some(content))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{content:?} is written {} times",
        found.len()
    );
    found[0]
}

/// The `viewBox` of a chart: its width and height (it starts at the origin).
pub(crate) fn view_box(svg: roxmltree::Node<'_, '_>) -> (f64, f64) {
    let parts: Vec<f64> = svg
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(parts.len(), 4);
    assert_eq!((parts[0], parts[1]), (0.0, 0.0));
    (parts[2], parts[3])
}

/// The texts of a chart with their anchor: (x, y, anchor, content).
pub(crate) fn texts_of(svg: roxmltree::Node<'_, '_>) -> Vec<(f64, f64, String, String)> {
    svg.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| {
            (
                number(n, "x"),
                number(n, "y"),
                n.attribute("text-anchor").unwrap_or("start").to_owned(),
                n.text().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The one add-up chart of a review (the sample has one finding).
pub(crate) fn add_up_chart<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> roxmltree::Node<'a, 'i> {
    let charts: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "svg"
                && n.attribute("id")
                    .is_some_and(|id| id.starts_with("chart-add-up-"))
        })
        .collect();
    assert_eq!(charts.len(), 1);
    charts[0]
}
