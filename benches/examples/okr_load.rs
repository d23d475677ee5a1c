//! Times the path from a file to the first answer at a given size, phase by phase, and
//! reports the memory the process holds: `cargo run --release --example okr_load --
//! 1000000 json` (or `csv`). Run it under `/usr/bin/time -v` for the peak resident set.
//!
//! Phases: generate the portfolio and write it as text (not timed as loading), parse the
//! text, validate and compile it (`OkrGraph::new`), roll it up, read the first value.
//! The resident set is read from `/proc/self/statm` (Linux) after the text is dropped.
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    clippy::arithmetic_side_effects
)]

use std::error::Error;
use std::time::Instant;

use folio_analytics::okr::csv::CsvOptions;
use folio_analytics::okr::{OkrGraph, PortfolioData, ProgressInputs, Rollup, RollupMethod};
use folio_benches::{okr_leaf_progress, okr_portfolio, write_okr_csv};

/// The resident set in bytes, from `/proc/self/statm`, or 0 where it cannot be read.
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let format = args.next().unwrap_or_else(|| "json".to_owned());
    let repeats: usize = args.next().map_or(Ok(0), |n| n.parse())?;

    let portfolio = okr_portfolio(key_results, RollupMethod::Weighted, 42);
    let progress = okr_leaf_progress(&portfolio, 7);
    let text = match format.as_str() {
        "json" => serde_json::to_string(&portfolio)?,
        "csv" => {
            let mut bytes = Vec::new();
            write_okr_csv(&mut bytes, &portfolio, &progress)?;
            String::from_utf8(bytes)?
        }
        other => return Err(format!("unknown format {other:?}: json or csv").into()),
    };
    let inputs_json = serde_json::to_string(&ProgressInputs::new(progress))?;
    drop(portfolio);
    let base = resident_bytes();
    println!(
        "{key_results} key results, {format}: {} bytes of text; resident before loading {} MB",
        text.len(),
        base / 1_000_000
    );

    let start = Instant::now();
    let (graph, mut rollup) = match format.as_str() {
        "csv" => load_csv(&text)?,
        _ => {
            let data: PortfolioData = serde_json::from_str(&text)?;
            let parsed = start.elapsed();
            let inputs: ProgressInputs = serde_json::from_str(&inputs_json)?;
            println!("parse: {:.3} s", parsed.as_secs_f64());
            let t = Instant::now();
            let graph = OkrGraph::new(data)?;
            println!("OkrGraph::new: {:.3} s", t.elapsed().as_secs_f64());
            let t = Instant::now();
            let rollup = graph.rollup(&inputs)?;
            println!("rollup: {:.3} s", t.elapsed().as_secs_f64());
            (graph, rollup)
        }
    };
    let first = rollup.reported_values().last().copied();
    println!(
        "file to first answer: {:.3} s (first value {first:?})",
        start.elapsed().as_secs_f64()
    );
    drop(text);
    drop(inputs_json);
    let steady = resident_bytes();
    println!(
        "steady state: {} bytes per key result (resident {} MB, of which {} MB before loading); \
         plan {} and rollup {} bytes per key result",
        steady.saturating_sub(base) / key_results,
        steady / 1_000_000,
        base / 1_000_000,
        graph.plan().heap_bytes() / key_results,
        rollup.heap_bytes() / key_results,
    );
    for _ in 0..repeats {
        rollup.recompute_all()?;
    }
    Ok(())
}

fn load_csv(text: &str) -> Result<(OkrGraph, Rollup), Box<dyn Error>> {
    Ok(folio_analytics::okr::csv::load(
        text.as_bytes(),
        &CsvOptions::default(),
    )?)
}
