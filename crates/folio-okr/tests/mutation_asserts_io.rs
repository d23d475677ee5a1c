//! The CSV edge-list loader against its documented format (`folio_okr::csv` module
//! docs): depths through every parent, repeated and conflicting values, each richer
//! column on its own, kinds without tiers, default drivers, and files with more ids
//! than the id table first holds. Every expected value is worked out from the format.
#![cfg(feature = "csv")]
// The helpers fail the test loudly, as the tests themselves do.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::fmt::Write as _;

use folio_okr::csv::{CsvOptions, CsvPortfolio, CsvProblem, load, read};
use folio_okr::{
    Drivers, Error, KeyResultData, KeyResultTier, NodeId, ObjectiveData, ObjectiveTier,
};
use folio_types::{Decimal, ObjectiveId};

fn read_ok(text: &str) -> CsvPortfolio {
    match read(text.as_bytes(), &CsvOptions::default()) {
        Ok(portfolio) => portfolio,
        Err(e) => panic!("{text:?}: {e}"),
    }
}

fn objective<'a>(portfolio: &'a CsvPortfolio, id: &str) -> &'a ObjectiveData {
    portfolio
        .data
        .objectives
        .iter()
        .find(|o| o.id.as_str() == id)
        .unwrap_or_else(|| panic!("no objective {id:?} in {:?}", portfolio.data))
}

fn key_result<'a>(portfolio: &'a CsvPortfolio, id: &str) -> &'a KeyResultData {
    portfolio
        .data
        .key_results
        .iter()
        .find(|k| k.id.as_str() == id)
        .unwrap_or_else(|| panic!("no key result {id:?} in {:?}", portfolio.data))
}

/// The error `read` gives for `text`, which must be a CSV error.
fn csv_error(text: &str) -> (u64, Option<String>, CsvProblem) {
    match read(text.as_bytes(), &CsvOptions::default()) {
        Err(Error::Csv {
            line,
            column,
            problem,
        }) => (line, column, problem),
        other => panic!("{text:?}: expected a CSV error, got {other:?}"),
    }
}

fn conflict(id: &str, earlier: &str, value: &str) -> CsvProblem {
    CsvProblem::Conflict {
        id: id.to_owned(),
        earlier: earlier.to_owned(),
        value: value.to_owned(),
    }
}

/// A node's depth is its longest path up, through every parent, not only the first:
/// `i` lies under the portfolio objective `p` (depth 1) and under `k` (depth 3).
#[test]
fn the_depth_follows_the_deepest_parent() {
    let text = "id,parent_id,weight,progress
i,p,1,0.5
i,k,1,0.5
k,o,1,
o,p,1,
";
    let portfolio = read_ok(text);
    assert_eq!(key_result(&portfolio, "i").tier, KeyResultTier::Initiative);
    assert_eq!(key_result(&portfolio, "k").tier, KeyResultTier::Product);
    assert_eq!(objective(&portfolio, "o").tier, ObjectiveTier::Product);
    assert_eq!(objective(&portfolio, "p").tier, ObjectiveTier::Portfolio);
    // Both of i's edges are kept, in file order.
    let parents: Vec<&NodeId> = key_result(&portfolio, "i")
        .contributes_to
        .iter()
        .map(|c| &c.to)
        .collect();
    assert_eq!(parents.len(), 2);
    assert_eq!(parents[0], &NodeId::from(ObjectiveId::new("p").unwrap()));
    assert_eq!(
        parents[1],
        &NodeId::from(folio_types::KeyResultId::new("k").unwrap())
    );
}

/// The same edge twice is refused also when it is a node's second parent, at the line
/// that repeats it.
#[test]
fn a_repeated_second_parent_is_a_duplicate_edge() {
    let (line, column, problem) = csv_error("id,parent_id\na,o\na,p\na,q\na,p\n");
    assert_eq!((line, column.as_deref()), (5, Some("parent_id")));
    assert_eq!(
        problem,
        CsvProblem::DuplicateEdge {
            id: "a".to_owned(),
            parent: "p".to_owned(),
        }
    );
    // Three different parents are three edges.
    let portfolio = read_ok("id,parent_id,progress\na,o,0.5\na,p,\na,q,\n");
    assert_eq!(key_result(&portfolio, "a").contributes_to.len(), 3);
}

/// "On a node's rows a value may be repeated or left empty, but not changed": every
/// richer column and the progress, repeated on a second row, read as given once.
#[test]
fn repeated_values_on_a_nodes_rows_are_accepted() {
    let text = "id,parent_id,weight,progress,kind,tier,name,owner,product,drivers
p,,,,objective,portfolio,Grow,,,key_results
p,,,,objective,portfolio,Grow,,,key_results
o,,,,objective,portfolio,Other,,,key_results
k,p,2,0.25,key_result,product,Key,ana,atlas,
k,o,1,0.25,key_result,product,Key,ana,atlas,
k2,p,1,,,,,,,
k2,o,1,0.75,,,,,,
";
    let portfolio = read_ok(text);
    let k = key_result(&portfolio, "k");
    assert_eq!(
        (
            k.name.as_str(),
            k.owner.as_str(),
            k.product.as_str(),
            k.tier
        ),
        ("Key", "ana", "atlas", KeyResultTier::Product)
    );
    assert_eq!(k.contributes_to.len(), 2);
    let p = objective(&portfolio, "p");
    assert_eq!(
        (p.name.as_str(), p.tier, p.drivers),
        ("Grow", ObjectiveTier::Portfolio, Drivers::KeyResults)
    );
    // Each key result's progress once, the one its rows give.
    let progress: Vec<(&str, Decimal)> = portfolio
        .progress
        .iter()
        .map(|(id, p)| (id.as_str(), p.value()))
        .collect();
    assert_eq!(
        progress,
        vec![("k", Decimal::new(25, 2)), ("k2", Decimal::new(75, 2))]
    );
    // p = (2 x 0.25 + 1 x 0.75) / 3; o = (1 x 0.25 + 1 x 0.75) / 2 = 0.5.
    let (_, rollup) = load(text.as_bytes(), &CsvOptions::default()).unwrap();
    let value = |id: &str| {
        rollup
            .value(&NodeId::from(ObjectiveId::new(id).unwrap()))
            .unwrap()
            .reported
            .value()
    };
    assert_eq!(value("p"), Decimal::new(125, 2) / Decimal::from(3));
    assert_eq!(value("o"), Decimal::new(5, 1));
}

/// A changed value is a conflict in its column, at the line that changes it, naming
/// the node, the earlier value and the new one.
#[test]
fn a_changed_value_is_a_conflict_naming_both_values() {
    let head = "id,parent_id,progress,kind,tier,name,owner,product,drivers\n";
    let cases = [
        (
            "o,p,,objective,product,,,,\no,q,,objective,portfolio,,,,\n",
            "tier",
            conflict("o", "product", "portfolio"),
        ),
        (
            "o,p,,objective,,,,,\no,q,,key_result,,,,,\n",
            "kind",
            conflict("o", "objective", "key_result"),
        ),
        (
            "o,p,,,,Old,,,\no,q,,,,New,,,\n",
            "name",
            conflict("o", "Old", "New"),
        ),
        (
            "k,p,0.5,,,,,atlas,\nk,q,,,,,,lens,\n",
            "product",
            conflict("k", "atlas", "lens"),
        ),
        (
            "o,p,,,,,,,both\no,q,,,,,,,key_results\n",
            "drivers",
            conflict("o", "both", "key_results"),
        ),
        (
            "k,p,0.5,,,,,,\nk,q,0.6,,,,,,\n",
            "progress",
            conflict("k", "0.5", "0.6"),
        ),
    ];
    for (rows, column, expected) in cases {
        let text = format!("{head}{rows}");
        let (line, at, problem) = csv_error(&text);
        assert_eq!((line, at.as_deref()), (3, Some(column)), "{text}");
        assert_eq!(problem, expected, "{text}");
    }
}

/// Each richer column given alone on a node's row is taken; the others keep their
/// defaults.
#[test]
fn each_richer_column_is_taken_on_its_own() {
    let text = "id,parent_id,weight,progress,kind,tier,name,owner,product,drivers
top,,,,,,,,,child_objectives
mid,top,1,,,,,,,
named,mid,1,0.5,,,Named,,,
owned,mid,1,0.5,,,,ana,,
made,mid,1,0.5,,,,,lens,
solo,top,1,,key_result,,,,,
plain,top,1,0.5,,,,,,
";
    let portfolio = read_ok(text);
    // Key results and a child objective contribute to `top`: its drivers would be
    // `both`, but the column says otherwise.
    let top = objective(&portfolio, "top");
    assert_eq!(
        (top.drivers, top.name.as_str(), top.tier),
        (Drivers::ChildObjectives, "top", ObjectiveTier::Portfolio)
    );
    assert_eq!(objective(&portfolio, "mid").tier, ObjectiveTier::Product);
    // One level down without progress is an objective by depth; the kind says
    // otherwise.
    assert_eq!(key_result(&portfolio, "solo").tier, KeyResultTier::Product);
    let named = key_result(&portfolio, "named");
    assert_eq!(
        (
            named.name.as_str(),
            named.owner.as_str(),
            named.product.as_str()
        ),
        ("Named", "unassigned", "unassigned")
    );
    let owned = key_result(&portfolio, "owned");
    assert_eq!(
        (
            owned.name.as_str(),
            owned.owner.as_str(),
            owned.product.as_str()
        ),
        ("owned", "ana", "unassigned")
    );
    let made = key_result(&portfolio, "made");
    assert_eq!(
        (
            made.name.as_str(),
            made.owner.as_str(),
            made.product.as_str()
        ),
        ("made", "unassigned", "lens")
    );
    // One level down with progress and no kind: a product key result.
    assert_eq!(key_result(&portfolio, "plain").tier, KeyResultTier::Product);
}

/// "A `kind` without a `tier` takes the tier from the depth", and a kind at odds with
/// its depth takes the nearest tier of that kind.
#[test]
fn a_kind_without_a_tier_takes_the_nearest_tier_of_that_kind() {
    let text = "id,parent_id,weight,progress,kind
p,,,,objective
o,p,1,,
k1,p,1,0.5,key_result
k2,o,1,,
i,k2,1,,
deep,i,1,0.5,key_result
low,k2,1,,objective
";
    let portfolio = read_ok(text);
    // Depth 0, an objective: the portfolio tier.
    assert_eq!(objective(&portfolio, "p").tier, ObjectiveTier::Portfolio);
    // Depth 1, a key result: the product tier.
    assert_eq!(key_result(&portfolio, "k1").tier, KeyResultTier::Product);
    // Depth 4 (below i at depth 3), a key result: the initiative tier.
    assert_eq!(
        key_result(&portfolio, "deep").tier,
        KeyResultTier::Initiative
    );
    // Depth 3, an objective: the product tier.
    assert_eq!(objective(&portfolio, "low").tier, ObjectiveTier::Product);
    // Below the objective at depth 3, without a kind: deeper than three levels.
    let (line, column, problem) = csv_error(&format!("{text}x,low,1,0.5,\n"));
    assert_eq!((line, column), (9, None));
    assert_eq!(problem, CsvProblem::TooDeep("x".to_owned()));
}

/// Each kind and tier pair of the table names its level; a tier of the other kind is
/// invalid at the line that gives it.
#[test]
fn every_kind_and_tier_pair_names_its_level() {
    let text = "id,parent_id,progress,kind,tier
a,,,objective,portfolio
b,,,objective,product
c,b,0.5,key_result,product
d,b,0.5,key_result,initiative
";
    let portfolio = read_ok(text);
    assert_eq!(objective(&portfolio, "a").tier, ObjectiveTier::Portfolio);
    assert_eq!(objective(&portfolio, "b").tier, ObjectiveTier::Product);
    assert_eq!(key_result(&portfolio, "c").tier, KeyResultTier::Product);
    assert_eq!(key_result(&portfolio, "d").tier, KeyResultTier::Initiative);
    let (line, column, problem) =
        csv_error("id,parent_id,kind,tier\na,,objective,portfolio\nb,a,objective,initiative\n");
    assert_eq!((line, column.as_deref()), (3, Some("tier")));
    assert!(
        matches!(&problem, CsvProblem::Invalid { value, .. } if value == "initiative"),
        "{problem:?}"
    );
}

/// "Every objective's drivers are what contributes to it (key results, child
/// objectives, or both)".
#[test]
fn default_drivers_are_what_contributes() {
    let text = "id,parent_id,weight,progress
o,p,1,
k,p,1,0.5
i,o,1,0.5
";
    let portfolio = read_ok(text);
    assert_eq!(objective(&portfolio, "p").drivers, Drivers::Both);
    assert_eq!(objective(&portfolio, "o").drivers, Drivers::KeyResults);
}

/// Progress given to an objective is reported at the line that first gave it.
#[test]
fn progress_of_an_objective_is_reported_where_first_given() {
    let (line, column, problem) =
        csv_error("id,parent_id,progress\nk,p,0.5\np,,0.5\np,,0.5\nq,,\n");
    assert_eq!((line, column.as_deref()), (3, Some("progress")));
    assert_eq!(problem, CsvProblem::ProgressOfObjective("p".to_owned()));
}

/// A file with far more ids than the id table first holds: every id, named as a child
/// and again as a parent, is one node.
#[test]
fn a_large_file_numbers_each_id_once() {
    let count = 1500;
    let mut text = String::from("id,parent_id,weight,progress\n");
    for i in 0..count {
        writeln!(text, "o{i},p,1,").unwrap();
    }
    for i in 0..count {
        let progress = if i % 2 == 0 { "0.2" } else { "0.6" };
        writeln!(text, "k{i},o{i},1,{progress}").unwrap();
    }
    let portfolio = read_ok(&text);
    assert_eq!(portfolio.data.objectives.len(), count + 1);
    assert_eq!(portfolio.data.key_results.len(), count);
    assert_eq!(portfolio.progress.len(), count);
    assert_eq!(objective(&portfolio, "p").drivers, Drivers::ChildObjectives);
    for i in [0, 511, 512, 1023, 1499] {
        let k = key_result(&portfolio, &format!("k{i}"));
        assert_eq!(k.tier, KeyResultTier::Product);
        assert_eq!(
            k.contributes_to[0].to,
            NodeId::from(ObjectiveId::new(format!("o{i}")).unwrap())
        );
    }
    // Half at 0.2 and half at 0.6, equally weighted: 0.4.
    let (graph, rollup) = load(text.as_bytes(), &CsvOptions::default()).unwrap();
    assert_eq!(graph.key_result_count(), count);
    let p = NodeId::from(ObjectiveId::new("p").unwrap());
    assert_eq!(
        rollup.value(&p).unwrap().reported.value(),
        Decimal::new(4, 1)
    );
    // An error after them all is still reported at its own line: the header, then
    // 2 x 1500 rows, then this one.
    writeln!(text, "k7,o8,1,0.2").unwrap();
    let (line, column, problem) = csv_error(&text);
    assert_eq!((line, column.as_deref()), (3002, Some("progress")));
    assert_eq!(problem, conflict("k7", "0.6", "0.2"));
}
