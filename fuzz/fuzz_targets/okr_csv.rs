//! Reads arbitrary bytes as an OKR CSV edge list (either form), then validates, compiles
//! and rolls up whatever parses, explains every node and updates a leaf by id. Nothing
//! here may panic: invalid input must be a typed error.
#![no_main]

use folio_okr::csv::{CsvOptions, load, read};
use folio_okr::{NodeId, RolledUp};
use folio_types::Progress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = CsvOptions::default();
    let _ = read(data, &options);
    let Ok((graph, mut rollup)) = load(data, &options) else {
        return;
    };
    let _ = rollup.explain_all();
    let plan = graph.plan();
    if let Some(NodeId::KeyResult(id)) = plan.indices().next().and_then(|i| plan.node(i)) {
        let id = id.clone();
        let _ = rollup.update(&id, Progress::COMPLETE);
    }
    let _ = RolledUp::reported_values(&rollup);
});
