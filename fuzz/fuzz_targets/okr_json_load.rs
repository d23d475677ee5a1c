//! Reads arbitrary bytes as the two JSON documents of a portfolio (the portfolio, then,
//! after the first NUL byte, its inputs) and loads them with `folio_okr::json::load`,
//! which must give exactly what the record path gives: `PortfolioData` and
//! `ProgressInputs` through serde, `OkrGraph::new` and `OkrGraph::rollup`. Nothing here
//! may panic, and the two paths must agree on the graph, the values and every error.
#![no_main]

use folio_okr::json::load;
use folio_okr::{Error, OkrGraph, PortfolioData, ProgressInputs, Rollup};
use libfuzzer_sys::fuzz_target;

/// The record path, with the documents' errors as `json::load` reports them.
fn by_records(portfolio: &str, inputs: &str) -> Result<(OkrGraph, Rollup), Error> {
    let json = |document: &'static str| {
        move |e: serde_json::Error| Error::Json {
            document,
            message: e.to_string(),
        }
    };
    let data: PortfolioData = serde_json::from_str(portfolio).map_err(json("portfolio"))?;
    let graph = OkrGraph::new(data)?;
    let inputs: ProgressInputs = serde_json::from_str(inputs).map_err(json("inputs"))?;
    let rollup = graph.rollup(&inputs)?;
    Ok((graph, rollup))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (portfolio, inputs) = text.split_once('\0').unwrap_or((text, "{}"));
    match (load(portfolio, inputs), by_records(portfolio, inputs)) {
        (Ok((graph, rollup)), Ok((expected, expected_rollup))) => {
            assert_eq!(graph.plan(), expected.plan(), "plans differ");
            assert!(
                graph.key_results().eq(expected.key_results()),
                "key results differ"
            );
            assert!(
                graph.objectives().eq(expected.objectives()),
                "objectives differ"
            );
            assert_eq!(
                rollup.reported_values(),
                expected_rollup.reported_values(),
                "values differ"
            );
        }
        (Err(e), Err(expected)) => assert_eq!(e, expected, "errors differ"),
        (a, b) => panic!("the paths disagree: {:?} against {:?}", a.err(), b.err()),
    }
});
