//! The CSV edge-list loader: both forms, and errors that name the line and column.
#![cfg(feature = "csv")]
// The table helper fails the test loudly, as the tests themselves do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use folio_okr::csv::{CsvOptions, CsvProblem, load, read};
use folio_okr::{Drivers, Error, KeyResultTier, NodeId, ObjectiveTier};
use folio_types::{Decimal, KeyResultId, ObjectiveId};

fn options() -> CsvOptions {
    CsvOptions::default()
}

/// Reads `text` and expects an error at `line` in `column` with a problem `problem`
/// accepts.
fn check_error(text: &str, line: u64, column: Option<&str>, problem: fn(&CsvProblem) -> bool) {
    match read(text.as_bytes(), &options()) {
        Err(Error::Csv {
            line: l,
            column: c,
            problem: p,
        }) => {
            assert_eq!(l, line, "{text:?}: {p}");
            assert_eq!(c.as_deref(), column, "{text:?}: {p}");
            assert!(problem(&p), "{text:?}: {p:?}");
        }
        other => panic!("{text:?}: expected a CSV error, got {other:?}"),
    }
}

#[test]
fn the_minimal_form_infers_tiers_from_depth() {
    let text = "id,parent_id,weight,progress
atlas,grow,2,
lens,grow,1,
arr,atlas,3,
nps,lens,,0.4
deals,arr,1,0.8
pilots,arr,1,0.6
";
    let portfolio = read(text.as_bytes(), &options()).unwrap();
    let data = &portfolio.data;
    let objective = |id: &str| {
        data.objectives
            .iter()
            .find(|o| o.id.as_str() == id)
            .unwrap()
    };
    let key_result = |id: &str| {
        data.key_results
            .iter()
            .find(|k| k.id.as_str() == id)
            .unwrap()
    };
    assert_eq!(objective("grow").tier, ObjectiveTier::Portfolio);
    assert_eq!(objective("grow").drivers, Drivers::ChildObjectives);
    assert_eq!(objective("atlas").tier, ObjectiveTier::Product);
    assert_eq!(objective("atlas").drivers, Drivers::KeyResults);
    assert_eq!(key_result("arr").tier, KeyResultTier::Product);
    assert_eq!(key_result("nps").tier, KeyResultTier::Product);
    assert_eq!(key_result("deals").tier, KeyResultTier::Initiative);
    assert_eq!(
        key_result("nps").contributes_to[0].weight.value(),
        Decimal::ONE
    );
    assert_eq!(key_result("arr").owner.as_str(), "unassigned");
    assert_eq!(portfolio.progress.len(), 3);

    let (_, rollup) = load(text.as_bytes(), &options()).unwrap();
    // arr = (0.8 + 0.6) / 2 = 0.7; atlas = arr; lens = nps = 0.4;
    // grow = (2 x 0.7 + 1 x 0.4) / 3 = 0.6.
    let grow = NodeId::from(ObjectiveId::new("grow").unwrap());
    assert_eq!(
        rollup.value(&grow).unwrap().reported.value(),
        Decimal::new(6, 1)
    );
}

#[test]
fn the_richer_form_names_kinds_tiers_owners_and_drivers() {
    let text = "id,parent_id,weight,progress,kind,tier,name,owner,product,drivers
grow,,,,objective,portfolio,Grow mid-market,,,both
atlas-arr,grow,2,0.5,key_result,product,Atlas ARR,ana,atlas,
lens-win,grow,1,,objective,product,,,lens,
lens-nps,lens-win,1,0.9,key_result,,,lee,lens,
";
    let portfolio = read(text.as_bytes(), &options()).unwrap();
    let data = &portfolio.data;
    let grow = data
        .objectives
        .iter()
        .find(|o| o.id.as_str() == "grow")
        .unwrap();
    assert_eq!(
        (grow.name.as_str(), grow.drivers),
        ("Grow mid-market", Drivers::Both)
    );
    let arr = &data
        .key_results
        .iter()
        .find(|k| k.id.as_str() == "atlas-arr")
        .unwrap();
    assert_eq!((arr.owner.as_str(), arr.product.as_str()), ("ana", "atlas"));
    assert_eq!(arr.tier, KeyResultTier::Product);
    let (graph, rollup) = load(text.as_bytes(), &options()).unwrap();
    assert_eq!(graph.key_results().len(), 2);
    // grow = (2 x 0.5 + 1 x 0.9) / 3
    let value = rollup
        .value(&NodeId::from(ObjectiveId::new("grow").unwrap()))
        .unwrap()
        .reported
        .value();
    assert_eq!(value, Decimal::new(19, 1) / Decimal::from(3));
}

#[test]
fn bad_lines_are_named_with_their_column() {
    let bad_weight =
        |p: &CsvProblem| matches!(p, CsvProblem::Invalid { value, .. } if value == "-1");
    check_error(
        "id,parent_id,weight\na,o,1\nb,o,-1\n",
        3,
        Some("weight"),
        bad_weight,
    );
    check_error(
        "id,parent_id,weight,progress\na,o,1,lots\n",
        2,
        Some("progress"),
        |p| matches!(p, CsvProblem::Invalid { .. }),
    );
    check_error("id,weight\na,1\n", 1, None, |p| {
        *p == CsvProblem::MissingColumn("parent_id")
    });
    check_error("parent_id\no\n", 1, None, |p| {
        *p == CsvProblem::MissingColumn("id")
    });
    check_error("id,parent_id\n,o\n", 2, Some("id"), |p| {
        matches!(p, CsvProblem::Invalid { .. })
    });
    check_error("id,parent_id\n a b\u{7},o\n", 2, Some("id"), |p| {
        matches!(p, CsvProblem::Invalid { .. })
    });
    check_error(
        "id,parent_id\na,o\nb,o\u{1}x\n",
        3,
        Some("parent_id"),
        |p| matches!(p, CsvProblem::Invalid { .. }),
    );
    // A row with a field too many.
    check_error("id,parent_id\na,o\nb,o,3\n", 3, None, |p| {
        matches!(p, CsvProblem::Syntax(_))
    });
    check_error("id,parent_id\na,o\na,o\n", 3, Some("parent_id"), |p| {
        matches!(p, CsvProblem::DuplicateEdge { .. })
    });
    check_error(
        "id,parent_id,progress\na,o,0.5\na,p,0.6\n",
        3,
        Some("progress"),
        |p| matches!(p, CsvProblem::Conflict { .. }),
    );
    check_error(
        "id,parent_id,owner\na,o,ana\na,p,lee\n",
        3,
        Some("owner"),
        |p| matches!(p, CsvProblem::Conflict { .. }),
    );
    check_error("id,parent_id,kind\na,o,widget\n", 2, Some("kind"), |p| {
        matches!(p, CsvProblem::Invalid { .. })
    });
    check_error(
        "id,parent_id,kind,tier\na,o,key_result,portfolio\n",
        2,
        Some("tier"),
        |p| matches!(p, CsvProblem::Invalid { .. }),
    );
    check_error("id,parent_id\na,b\nb,a\n", 2, Some("parent_id"), |p| {
        matches!(p, CsvProblem::Cycle(_))
    });
    check_error(
        "id,parent_id\na,b\nb,c\nc,d\nd,e\n",
        2,
        None,
        |p| matches!(p, CsvProblem::TooDeep(id) if id == "a"),
    );
    check_error(
        "id,parent_id,progress\np,,0.5\no,p,\n",
        2,
        Some("progress"),
        |p| matches!(p, CsvProblem::ProgressOfObjective(id) if id == "p"),
    );
    check_error("id,parent_id\n", 1, None, |p| *p == CsvProblem::Empty);
}

#[test]
fn errors_after_parsing_are_the_graphs_own() {
    // A leaf without progress.
    let err = load("id,parent_id,progress\no,p,\nk,o,\n".as_bytes(), &options()).unwrap_err();
    assert_eq!(
        err,
        Error::MissingProgress {
            key_results: vec![KeyResultId::new("k").unwrap()]
        }
    );
    // Progress for a key result that has contributors.
    let err = load(
        "id,parent_id,progress\no,p,\nk,o,0.5\ni,k,0.5\n".as_bytes(),
        &options(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotALeaf { .. }), "{err:?}");
    // The message names the line and column.
    let err = read("id,parent_id,weight\na,o,x\n".as_bytes(), &options()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "CSV line 2, column \"weight\": \"x\" is not a weight (a decimal of at least 0)"
    );
}

#[test]
fn quoted_fields_and_any_column_order_read_the_same() {
    let plain = "id,parent_id,weight,progress\nk,o,2,0.5\n";
    let shuffled = "progress,weight,parent_id,id\n\"0.5\",2,\"o\",k\n";
    let a = read(plain.as_bytes(), &options()).unwrap();
    let b = read(shuffled.as_bytes(), &options()).unwrap();
    assert_eq!(a, b);
}
