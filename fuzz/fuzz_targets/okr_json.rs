//! Reads arbitrary bytes as a JSON OKR portfolio with inputs, validates it, and rolls it
//! up with the weighted and say-do engines and, for a KPI portfolio, from metric
//! readings, explaining and updating, and runs the cascade check on it. Nothing
//! here may panic: an invalid graph must be a typed error, and validation must
//! agree with the graph builder and with the draft cascade check.
#![no_main]

use folio_metrics::{MetricCatalog, Scoring};
use folio_okr::{
    Error, KpiInputs, MetricReading, NodeId, OkrGraph, Override, PortfolioData, Problem,
    ProgressInputs, RollupEngine, SayDo, Weighted, cascade_draft, validate,
};
use folio_types::{Confidence, KeyResultId, Progress};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document: a portfolio, inputs by id, leaf values by position, and changes.
#[derive(Debug, Deserialize)]
struct Input {
    portfolio: PortfolioData,
    #[serde(default)]
    inputs: ProgressInputs,
    #[serde(default)]
    leaves: Vec<Progress>,
    #[serde(default)]
    updates: Vec<(KeyResultId, Progress)>,
    #[serde(default)]
    overrides: Vec<Override>,
    #[serde(default)]
    clear: Vec<NodeId>,
    #[serde(default)]
    confidence_updates: Vec<(KeyResultId, Confidence)>,
    #[serde(default)]
    catalog: MetricCatalog,
    #[serde(default)]
    readings: KpiInputs,
    #[serde(default)]
    reading_updates: Vec<(KeyResultId, MetricReading)>,
}

/// The KPI rollup: full, explained, updated, and compared with a full recompute.
fn exercise_kpi(graph: &OkrGraph, input: &Input) {
    // The add-up check and the cascade with a catalog never panic, and agree.
    let add_up = folio_okr::add_up(graph, &input.catalog);
    let with = folio_okr::cascade_with(
        graph,
        &folio_okr::CascadeInputs::new().with_catalog(&input.catalog),
    );
    if let (Ok(add_up), Ok(with)) = (&add_up, &with) {
        assert_eq!(add_up, &with.add_up, "add-up findings differ");
        let _ = with.to_string();
    }
    for scoring in [Scoring::Clamped, Scoring::AllowOverAchievement] {
        let Ok(mut rollup) = graph.rollup_kpi(&input.catalog, scoring, &input.readings) else {
            continue;
        };
        let _ = rollup.explain_all();
        let mut readings = input.readings.clone();
        let mut clean = true;
        for (id, reading) in &input.reading_updates {
            match rollup.update(id, *reading) {
                Ok(()) => {
                    readings.readings.insert(id.clone(), *reading);
                }
                Err(
                    Error::UnknownNode { .. }
                    | Error::NotALeaf { .. }
                    | Error::ReadingShape { .. }
                    | Error::NegativeReading { .. },
                ) => {}
                Err(_) => clean = false,
            }
        }
        if let (true, Ok(full)) = (clean, graph.rollup_kpi(&input.catalog, scoring, &readings)) {
            assert_eq!(rollup.values(), full.values(), "KPI state drifted");
            assert!(
                rollup.metric_values().eq(full.metric_values()),
                "KPI values drifted"
            );
        }
    }
}

/// Everything a rollup offers, on one engine.
fn exercise<E: RollupEngine + Clone>(graph: &OkrGraph, engine: E, input: &Input) {
    let same_method = engine.method() == graph.policy().method();
    let by_id = graph.rollup_with(engine.clone(), &input.inputs);
    assert!(
        same_method || by_id.is_err(),
        "an engine of another method must be refused"
    );
    let _ = by_id.map(|r| r.explain_all());

    // Dense leaf values, cycled from the input, so that most valid graphs roll up.
    let plan = graph.plan();
    let leaves: Vec<Progress> = if input.leaves.is_empty() {
        vec![Progress::COMPLETE; plan.leaf_count()]
    } else {
        input
            .leaves
            .iter()
            .copied()
            .cycle()
            .take(plan.leaf_count())
            .collect()
    };
    let Ok(mut rollup) = graph.rollup_leaves(engine, leaves) else {
        return;
    };
    let _ = rollup.explain_all();
    // Lookup errors come before any change; an engine error (overflow) may leave the
    // state part-updated, as documented, and then the comparison below is skipped.
    let mut clean = true;
    let mut note = |result: Result<(), Error>| match result {
        Ok(())
        | Err(Error::UnknownNode { .. } | Error::NotALeaf { .. } | Error::OverrideOfInput { .. }) =>
            {}
        Err(_) => clean = false,
    };
    for (id, progress) in &input.updates {
        note(rollup.update(id, *progress));
    }
    for o in &input.overrides {
        note(rollup.set_override(o.clone()));
    }
    for node in &input.clear {
        note(rollup.clear_override(node));
        let _ = rollup.explain(node);
    }
    // Incremental changes leave the same state as a full sweep.
    let before = rollup.reported_values().to_vec();
    if rollup.recompute_all().is_ok() && clean {
        assert_eq!(
            before,
            rollup.reported_values(),
            "incremental state drifted"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let report = validate(&input.portfolio);
    let graph = OkrGraph::new(input.portfolio.clone());
    assert_eq!(
        report.is_valid(),
        graph.is_ok(),
        "validation and the builder disagree"
    );
    // The draft cascade check accepts exactly the portfolios whose only problems are
    // objectives without contributors.
    let draft = cascade_draft(&input.portfolio);
    let tolerated = report
        .problems
        .iter()
        .all(|p| matches!(p, Problem::NoContributors { .. }));
    assert_eq!(
        draft.is_ok(),
        tolerated,
        "the draft check and validation disagree"
    );
    if let Ok(draft) = &draft {
        let _ = draft.to_string();
    }
    let Ok(graph) = graph else {
        return;
    };
    // On a compiled graph: no gap, and the same report as the draft check.
    let cascade = graph.cascade();
    assert!(cascade.gaps.is_empty(), "a compiled graph has a gap");
    assert_eq!(
        draft.ok().as_ref(),
        Some(&cascade),
        "graph and draft reports differ"
    );
    exercise(&graph, Weighted, &input);
    // A policy that was read is valid, so its say-do engine can be built.
    let say_do = SayDo::new(graph.policy().hit_threshold());
    assert!(say_do.is_ok(), "a read policy has an invalid hit threshold");
    if let Ok(say_do) = say_do {
        exercise(&graph, say_do, &input);
    }
    exercise_kpi(&graph, &input);
    assert!(
        graph.policy().method() != folio_okr::RollupMethod::Kpi
            || matches!(graph.rollup(&input.inputs), Err(Error::NeedsMetricReadings)),
        "a KPI portfolio must refuse a progress rollup"
    );
    if let Ok(mut status) = graph.status(&input.inputs) {
        let mut clean = true;
        for (id, confidence) in &input.confidence_updates {
            if let Err(Error::Overflow { .. }) = status.update(id, *confidence) {
                clean = false;
            }
        }
        for node in graph.plan().indices().filter_map(|i| graph.plan().node(i)) {
            assert!(status.status(node).is_some());
        }
        let mut inputs = input.inputs.clone();
        for (id, confidence) in &input.confidence_updates {
            if inputs.confidence.contains_key(id) {
                inputs.confidence.insert(id.clone(), *confidence);
            }
        }
        if let (true, Ok(full)) = (clean, graph.status(&inputs)) {
            assert_eq!(
                status.status_values(),
                full.status_values(),
                "status drifted"
            );
        }
    }
});
