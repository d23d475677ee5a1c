//! Times the path from a file to the first answer, phase by phase, and reports the
//! memory the process holds.
//!
//! - `cargo run --release --example okr_load -- 1000000 csv` generates the bench
//!   portfolio (`json`, `csv`, or `records`: the JSON read by serde into records and
//!   built by `OkrGraph::new`, for comparison with `json`, which is `json::load`),
//!   writes it as text in memory, then loads it;
//! - `cargo run --release --example okr_load -- 1000000 write-json okr.json` writes the
//!   bench portfolio to `okr.json` and its inputs to `okr.json.inputs`, which
//!   `okr_load okr.json json-file` (or `records-file`) then loads;
//! - `cargo run --release --example okr_load -- okr.csv file 20` loads a CSV file
//!   (as `okr_csv` writes it) and then times 20 full rollups (`benches/okr_peers.py`
//!   runs this).
//!
//! "file to first answer" times the load from the text in memory; for a file, "with the
//! file read" adds the reading of the file (`std::fs::read_to_string`), the whole path a
//! user waits for, which `benches/okr_peers.py` compares with the peers' pipelines (they
//! read the file too). Run it under `/usr/bin/time -v` for the peak resident set; the
//! steady state is read from `/proc/self/statm` (Linux) once the text is dropped.
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    clippy::arithmetic_side_effects
)]

use std::error::Error;
use std::time::Instant;

use folio_analytics::okr::csv::{CsvOptions, load};
use folio_analytics::okr::json;
use folio_analytics::okr::{
    NodeId, ObjectiveTier, OkrGraph, PortfolioData, ProgressInputs, Rollup, RollupMethod,
};
use folio_benches::{okr_leaf_progress, okr_portfolio, write_okr_csv};

/// The resident set in bytes, from `/proc/self/statm`, or 0 where it cannot be read.
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The CPU time (user and system) the process has used, in seconds, from
/// `/proc/self/stat` (Linux, 100 ticks a second), or 0 where it cannot be read: on a
/// loaded machine the CPU time of a phase means more than its wall-clock time.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command name, which is in parentheses.
            let rest = s.rsplit_once(')')?.1;
            let mut fields = rest.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some((user + system) as f64 / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "100000".to_owned());
    let format = args.next().unwrap_or_else(|| "json".to_owned());
    let third = args.next();
    if format == "write-json" {
        // `okr_load N write-json PATH`: the portfolio to PATH, its inputs to PATH.inputs.
        let path = third.ok_or("write-json needs a path")?;
        let portfolio = okr_portfolio(what.parse()?, RollupMethod::Weighted, 42);
        let progress = okr_leaf_progress(&portfolio, 7);
        std::fs::write(&path, serde_json::to_string(&portfolio)?)?;
        std::fs::write(
            format!("{path}.inputs"),
            serde_json::to_string(&ProgressInputs::new(progress))?,
        )?;
        return Ok(());
    }
    let repeats: usize = third.map_or(Ok(0), |n| n.parse())?;

    // The process before any text is read or built: the steady state is measured from
    // here, since the text is dropped before it is read again.
    let empty = resident_bytes();
    // Reading the file is part of what a user waits for: timed here, and added to the
    // load below for the whole path from the file.
    let read_start = Instant::now();
    let read_cpu = cpu_seconds();
    let (text, inputs_json) = if format == "file" {
        (std::fs::read_to_string(&what)?, String::new())
    } else if format == "json-file" || format == "records-file" {
        (
            std::fs::read_to_string(&what)?,
            std::fs::read_to_string(format!("{what}.inputs"))?,
        )
    } else {
        let key_results: usize = what.parse()?;
        let portfolio = okr_portfolio(key_results, RollupMethod::Weighted, 42);
        let progress = okr_leaf_progress(&portfolio, 7);
        let text = match format.as_str() {
            "json" | "records" => serde_json::to_string(&portfolio)?,
            "csv" => {
                let mut bytes = Vec::new();
                write_okr_csv(&mut bytes, &portfolio, &progress)?;
                String::from_utf8(bytes)?
            }
            other => {
                return Err(format!("unknown format {other:?}: json, records, csv or file").into());
            }
        };
        (text, serde_json::to_string(&ProgressInputs::new(progress))?)
    };
    let read = (read_start.elapsed().as_secs_f64(), cpu_seconds() - read_cpu);
    let from_file = matches!(format.as_str(), "file" | "json-file" | "records-file");
    let base = resident_bytes();
    println!(
        "{what}, {format}: {} bytes of text; resident before loading {} MB",
        text.len(),
        base / 1_000_000
    );

    let start = Instant::now();
    let cpu = cpu_seconds();
    let (graph, mut rollup) = if format == "json" || format == "json-file" {
        let t = Instant::now();
        let loaded = json::load(&text, &inputs_json)?;
        println!("json::load: {:.3} s", t.elapsed().as_secs_f64());
        loaded
    } else if format == "records" || format == "records-file" {
        // The record path, for comparison: serde's records, then `OkrGraph::new`.
        let data: PortfolioData = serde_json::from_str(&text)?;
        let inputs: ProgressInputs = serde_json::from_str(&inputs_json)?;
        println!("parse: {:.3} s", start.elapsed().as_secs_f64());
        let t = Instant::now();
        let graph = OkrGraph::new(data)?;
        println!("OkrGraph::new: {:.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let rollup = graph.rollup(&inputs)?;
        println!("rollup: {:.3} s", t.elapsed().as_secs_f64());
        (graph, rollup)
    } else {
        load_csv(&text)?
    };
    let first = rollup.reported_values().last().copied();
    println!(
        "file to first answer: {:.3} s, {:.2} s of CPU (first value {first:?})",
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
    if from_file {
        println!(
            "with the file read: {:.3} s, {:.2} s of CPU (reading {:.3} s)",
            read.0 + start.elapsed().as_secs_f64(),
            read.1 + cpu_seconds() - cpu,
            read.0
        );
    }
    drop(text);
    drop(inputs_json);
    // The count, not `key_results()`: that would build the records the graph keeps as
    // compact columns, which the path to the first answer never needs.
    let key_results = graph.key_result_count().max(1);
    let steady = resident_bytes();
    println!(
        "steady state: {} bytes per key result (resident {} MB, of which {} MB before \
         the text was read; the text is dropped); plan {}, graph columns {} and rollup {} bytes per key result",
        steady.saturating_sub(empty) / key_results,
        steady / 1_000_000,
        empty / 1_000_000,
        graph.plan().heap_bytes() / key_results,
        graph.heap_bytes() / key_results,
        rollup.heap_bytes() / key_results,
    );
    let mut best = f64::INFINITY;
    for _ in 0..repeats {
        let t = Instant::now();
        rollup.recompute_all()?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    if repeats > 0 {
        println!("full rollup: {best:.6} s (best of {repeats})");
    }
    for objective in graph.objectives() {
        if objective.tier == ObjectiveTier::Portfolio {
            let node = NodeId::Objective(objective.id.clone());
            if let Some(value) = rollup.value(&node) {
                println!("value {} = {}", objective.id, value.reported);
            }
        }
    }
    Ok(())
}

/// The library's CSV path: read, validate, compile, roll up.
fn load_csv(text: &str) -> Result<(OkrGraph, Rollup), Box<dyn Error>> {
    let t = Instant::now();
    let loaded = load(text.as_bytes(), &CsvOptions::default())?;
    println!("csv::load: {:.3} s", t.elapsed().as_secs_f64());
    Ok(loaded)
}
