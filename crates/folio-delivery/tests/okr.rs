//! Roadmap to OKR: the output-versus-outcome view and the feed into folio-okr's drift
//! rule.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and the Little's-law check is f64
// arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]

mod common;

use common::{day, item};
use folio_delivery::{
    KeyResultReading, OutcomePolicy, Verdict, Window, WorkItem, Workflow, delivery_items,
    outcome_view,
};
use folio_types::{KeyResultId, ProductId};
use rust_decimal::Decimal;

fn kr(id: &str) -> KeyResultId {
    KeyResultId::new(id).unwrap()
}

fn shipped(id: &str, product: &str, krs: &[&str], done: &str) -> WorkItem {
    let mut it = item(
        id,
        "2026-10-20T09:00:00",
        "Done",
        &[
            ("2026-10-25T09:00:00", "To Do", "In Progress"),
            (&format!("{done}T17:00:00"), "In Progress", "Done"),
        ],
    );
    it.product = Some(ProductId::new(product).unwrap());
    it.key_results = krs.iter().map(|k| kr(k)).collect();
    it
}

fn reading(k: &str, on: &str, value: i64) -> KeyResultReading {
    KeyResultReading {
        key_result: kr(k),
        on: day(on),
        value: Decimal::from(value),
    }
}

#[test]
fn product_b_shipped_four_features_but_kr3_has_not_moved() {
    let items = vec![
        shipped("B-1", "b", &["kr3"], "2026-11-03"),
        shipped("B-2", "b", &["kr3"], "2026-11-10"),
        shipped("B-3", "b", &["kr3"], "2026-11-17"),
        shipped("B-4", "b", &["kr3", "kr4"], "2026-11-24"),
        shipped("A-1", "a", &["kr4"], "2026-11-12"),
        // Shipped before the window: not counted.
        shipped("B-0", "b", &["kr3"], "2026-10-28"),
    ];
    let readings = [
        reading("kr3", "2026-10-31", 40),
        reading("kr3", "2026-11-15", 40),
        reading("kr3", "2026-11-30", 40),
        reading("kr4", "2026-10-31", 10),
        reading("kr4", "2026-11-29", 13),
        reading("kr5", "2026-11-01", 1),
        reading("kr5", "2026-11-30", 2),
    ];
    let workflow = Workflow::standard();
    let mapping = workflow.map(&items).unwrap();
    let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let view = outcome_view(
        &workflow,
        &mapping,
        &readings,
        november,
        OutcomePolicy::default(),
    )
    .unwrap();

    let b_kr3 = view
        .products
        .iter()
        .find(|r| {
            r.product.as_ref().map(ProductId::as_str) == Some("b") && r.key_result == kr("kr3")
        })
        .unwrap();
    assert_eq!(b_kr3.shipped, ["B-1", "B-2", "B-3", "B-4"]);
    assert_eq!(b_kr3.verdict, Verdict::OutputWithoutOutcome);
    assert_eq!(
        b_kr3.summary,
        "Product b shipped 4 items tied to kr3 between 2026-11-01 and 2026-11-30, but the metric has not moved (40 -> 40)."
    );
    let flagged: Vec<_> = view
        .output_without_outcome()
        .map(|r| r.key_result.as_str())
        .collect();
    assert_eq!(flagged, ["kr3"]);

    let verdicts: Vec<(&str, Verdict, Option<Decimal>)> = view
        .key_results
        .iter()
        .map(|r| (r.key_result.as_str(), r.verdict, r.movement))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("kr3", Verdict::OutputWithoutOutcome, Some(Decimal::ZERO)),
            ("kr4", Verdict::OutputAndOutcome, Some(Decimal::from(3))),
            ("kr5", Verdict::OutcomeWithoutOutput, Some(Decimal::ONE)),
        ]
    );

    // A tolerance of 3 makes kr4's +3 "not moved".
    let strict = OutcomePolicy::new(Decimal::from(3)).unwrap();
    let view = outcome_view(&workflow, &mapping, &readings, november, strict).unwrap();
    assert_eq!(view.key_results[1].verdict, Verdict::OutputWithoutOutcome);
}

#[test]
fn delivery_items_are_one_per_shipped_item_and_key_result() {
    let items = vec![
        shipped("B-1", "b", &["kr3"], "2026-11-03"),
        shipped("B-4", "b", &["kr3", "kr4"], "2026-11-24"),
        shipped("B-0", "b", &["kr3"], "2026-10-28"),
    ];
    let workflow = Workflow::standard();
    let mapping = workflow.map(&items).unwrap();
    let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let delivered = delivery_items(&workflow, &mapping, november);
    let rows: Vec<(&str, &str, String)> = delivered
        .iter()
        .map(|d| {
            (
                d.key_result.as_str(),
                d.id.as_str(),
                d.shipped_on.to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("kr3", "B-1", "2026-11-03".to_owned()),
            ("kr3", "B-4", "2026-11-24".to_owned()),
            ("kr4", "B-4", "2026-11-24".to_owned()),
        ]
    );
}

#[test]
fn a_negative_tolerance_is_rejected() {
    let workflow = Workflow::standard();
    let mapping = workflow.map(&[]).unwrap();
    let w = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
    let _ = (workflow, mapping, w);
    let err = OutcomePolicy::new(Decimal::NEGATIVE_ONE).unwrap_err();
    assert!(
        matches!(
            &err,
            folio_delivery::Error::InvalidArgument { name: "tolerance", value, .. } if value == "-1"
        ),
        "{err}"
    );
}

/// Whether a verdict says the metric moved.
fn moved(verdict: Verdict) -> bool {
    matches!(
        verdict,
        Verdict::OutputAndOutcome | Verdict::OutcomeWithoutOutput
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// A larger tolerance never calls more key results moved.
    #[test]
    fn a_larger_tolerance_never_moves_more(
        values in proptest::collection::vec((0i64..50, 0i64..50), 1..6),
        low in 0i64..20,
        raise in 0i64..20,
    ) {
        let items = vec![shipped("B-1", "b", &["kr0"], "2026-11-03")];
        let readings: Vec<KeyResultReading> = values
            .iter()
            .enumerate()
            .flat_map(|(i, (start, end))| {
                let k = format!("kr{i}");
                [reading(&k, "2026-10-31", *start), reading(&k, "2026-11-30", *end)]
            })
            .collect();
        let workflow = Workflow::standard();
        let mapping = workflow.map(&items).unwrap();
        let november = Window::new(day("2026-11-01"), day("2026-11-30")).unwrap();
        let count = |tolerance: i64| {
            let policy = OutcomePolicy::new(Decimal::from(tolerance)).unwrap();
            outcome_view(&workflow, &mapping, &readings, november, policy)
                .unwrap()
                .key_results
                .iter()
                .filter(|row| moved(row.verdict))
                .count()
        };
        proptest::prop_assert!(count(low + raise) <= count(low));
    }
}
