//! A tour of folio-okr: a three-tier OKR portfolio validated, rolled up and explained,
//! a check-in applied incrementally, an owner override, and the status roll-up.
//!
//! Run with `cargo run --example okr_tour`.

// An example is a program whose output is the point.
#![allow(clippy::print_stdout)]

use std::error::Error;

use folio_analytics::okr::{NodeId, OkrGraph, Override, PortfolioData, ProgressInputs};
use folio_analytics::{Confidence, Decimal, KeyResultId, ObjectiveId, OwnerId, Progress};
use folio_examples::SAMPLE_OKR;
use serde::Deserialize;

#[derive(Deserialize)]
struct Sample {
    portfolio: PortfolioData,
    inputs: ProgressInputs,
}

fn main() -> Result<(), Box<dyn Error>> {
    let sample: Sample = serde_json::from_str(SAMPLE_OKR)?;
    let graph = OkrGraph::new(sample.portfolio)?;
    println!(
        "{} objectives, {} key results, {} warnings",
        graph.objectives().len(),
        graph.key_results().len(),
        graph.warnings().len()
    );

    // Every rolled-up node explains itself; portfolio objectives come last.
    let mut rollup = graph.rollup(&sample.inputs)?;
    for explanation in rollup.explain_all()? {
        println!("{explanation}");
    }

    // A check-in updates only the ancestors of the key result it changed.
    let templates = KeyResultId::new("db-templates")?;
    rollup.update(&templates, Progress::new(Decimal::new(9, 1))?)?;
    let cross_sell = NodeId::Objective(ObjectiveId::new("cross-sell")?);
    println!(
        "\nafter the templates check-in:\n{}",
        rollup.explain(&cross_sell)?
    );

    // An owner override is kept beside the computed value, and reported.
    let mid_market = NodeId::Objective(ObjectiveId::new("mid-market")?);
    rollup.set_override(Override {
        node: mid_market.clone(),
        progress: Progress::new(Decimal::new(7, 1))?,
        owner: OwnerId::new("cpo")?,
        reason: "Q3 deals signed after the ARR snapshot".into(),
    })?;
    println!("\n{}", rollup.explain(&mid_market)?);

    // Status: each objective takes its worst child's, and says which child that is.
    let mut status = graph.status(&sample.inputs)?;
    status.update(&templates, Confidence::new(Decimal::new(8, 1))?)?;
    for id in ["mid-market", "cross-sell"] {
        let node = NodeId::Objective(ObjectiveId::new(id)?);
        if let Some(s) = status.status(&node) {
            let driver = s.driven_by.map(|d| d.to_string()).unwrap_or_default();
            println!(
                "{id}: {:?}, confidence {}, driven by {driver}",
                s.status,
                s.confidence.value().round_dp(4)
            );
        }
    }
    Ok(())
}
