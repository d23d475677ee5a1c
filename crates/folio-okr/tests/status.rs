//! Status roll-up with hand-checkable numbers.
// Test helpers outside `#[test]` functions unwrap like the tests do.
#![allow(clippy::unwrap_used)]
// The shared fixtures (`common`) are JSON documents.
#![cfg(feature = "serde")]

mod common;

use common::{crate_example, crate_example_inputs, d, kid, oid};
use folio_okr::{Error, NodeId, OkrGraph, ProgressInputs, Status, StatusRule};
use folio_types::{Confidence, KeyResultId};

fn c(text: &str) -> Confidence {
    Confidence::new(d(text)).unwrap()
}

fn inputs(confidence: &[(&str, &str)]) -> ProgressInputs {
    let mut inputs = crate_example_inputs();
    inputs.confidence = confidence
        .iter()
        .map(|(id, value)| (KeyResultId::new(*id).unwrap(), c(value)))
        .collect();
    inputs
}

fn checkins() -> ProgressInputs {
    inputs(&[
        ("atlas-arr", "0.8"),
        ("atlas-nps", "0.35"),
        ("lens-onboarding", "0.9"),
        ("lens-docs", "0.6"),
    ])
}

fn graph(rule: StatusRule) -> OkrGraph {
    let mut data = crate_example("weighted");
    data.policy = data
        .policy
        .clone()
        .with_status(data.policy.status().with_rule(rule));
    OkrGraph::new(data).unwrap()
}

#[test]
fn status_table() {
    // node, confidence, status by worst child (and the child), status by weighted mean
    let cases: [(NodeId, &str, Status, Option<NodeId>, Status); 6] = [
        (
            kid("atlas-nps"),
            "0.35",
            Status::Critical,
            None,
            Status::Critical,
        ),
        (
            kid("lens-docs"),
            "0.6",
            Status::AtRisk,
            None,
            Status::AtRisk,
        ),
        // (0.9 + 0.6) / 2
        (
            kid("lens-active"),
            "0.75",
            Status::AtRisk,
            Some(kid("lens-docs")),
            Status::OnTrack,
        ),
        // (3 × 0.8 + 1 × 0.35) / 4
        (
            oid("atlas-win"),
            "0.6875",
            Status::Critical,
            Some(kid("atlas-nps")),
            Status::AtRisk,
        ),
        (
            oid("lens-adopt"),
            "0.75",
            Status::AtRisk,
            Some(kid("lens-active")),
            Status::OnTrack,
        ),
        // (2 × 0.6875 + 1 × 0.75) / 3
        (
            oid("grow"),
            "0.7083333333333333333333333333",
            Status::Critical,
            Some(oid("atlas-win")),
            Status::OnTrack,
        ),
    ];
    let worst = graph(StatusRule::WorstChild).status(&checkins()).unwrap();
    let mean = graph(StatusRule::ConfidenceWeightedMean)
        .status(&checkins())
        .unwrap();
    for (node, confidence, by_worst, driven_by, by_mean) in cases {
        let w = worst.status(&node).unwrap();
        assert_eq!(
            (w.confidence, w.status, w.driven_by),
            (c(confidence), by_worst, driven_by),
            "{node}"
        );
        let m = mean.status(&node).unwrap();
        assert_eq!(
            (m.confidence, m.status, m.driven_by),
            (c(confidence), by_mean, None),
            "{node}"
        );
    }
}

#[test]
fn an_update_recomputes_ancestors_and_matches_a_full_rollup() {
    let graph = graph(StatusRule::WorstChild);
    let mut status = graph.status(&checkins()).unwrap();
    status
        .update(&KeyResultId::new("atlas-nps").unwrap(), c("0.9"))
        .unwrap();
    let full = graph
        .status(&inputs(&[
            ("atlas-arr", "0.8"),
            ("atlas-nps", "0.9"),
            ("lens-onboarding", "0.9"),
            ("lens-docs", "0.6"),
        ]))
        .unwrap();
    assert_eq!(status.status_values(), full.status_values());
    assert_eq!(status.confidence_values(), full.confidence_values());
    let grow = status.status(&oid("grow")).unwrap();
    assert_eq!(
        (grow.status, grow.driven_by),
        (Status::AtRisk, Some(oid("lens-adopt")))
    );
}

#[test]
fn confidence_errors_name_the_key_results() {
    let graph = graph(StatusRule::WorstChild);
    let leaf = |id: &str| KeyResultId::new(id).unwrap();
    assert_eq!(
        graph.status(&inputs(&[("atlas-arr", "0.8")])).unwrap_err(),
        Error::MissingConfidence {
            key_results: vec![
                leaf("atlas-nps"),
                leaf("lens-docs"),
                leaf("lens-onboarding")
            ]
        }
    );
    let mut rolled_up = checkins();
    rolled_up.confidence.insert(leaf("lens-active"), c("1"));
    assert_eq!(
        graph.status(&rolled_up).unwrap_err(),
        Error::NotALeaf {
            key_result: leaf("lens-active")
        }
    );
    let mut status = graph.status(&checkins()).unwrap();
    assert_eq!(
        status.update(&leaf("ghost"), c("1")).unwrap_err(),
        Error::UnknownNode { node: kid("ghost") }
    );
}
