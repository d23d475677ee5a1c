//! The JSON Schemas of the input files, generated from the library types (and the thin
//! wrappers in [`input`](super::input)) so that they cannot drift from what the review
//! accepts. The committed copies live in `crates/folio-review/data/schema/`; a test regenerates
//! them and fails when they differ.

use folio_okr::PortfolioData;
use folio_types::Structure;
use schemars::schema_for;

use super::input::{
    AllocationFile, BenefitsFile, KpiFile, MetricsFile, RiskFile, RoiFile, SayDoFile, Settings,
    TrackingFile,
};

/// `(schema file name, schema as pretty JSON with a final newline)` for every input
/// file, in the order of [`FILES`](super::input::FILES), then `allocation.json` (the
/// optional files `jira.json` and `linear.json` are the tools' own export formats,
/// read by folio-delivery's adapters, and have no schema here).
pub fn schemas() -> Vec<(&'static str, String)> {
    let all = [
        ("review.schema.json", schema_for!(Settings)),
        ("structure.schema.json", schema_for!(Structure)),
        ("portfolio.schema.json", PortfolioData::json_schema()),
        ("checkins.schema.json", schema_for!(TrackingFile)),
        ("say_do.schema.json", schema_for!(SayDoFile)),
        ("kpi.schema.json", schema_for!(KpiFile)),
        ("metrics.schema.json", schema_for!(MetricsFile)),
        ("risk.schema.json", schema_for!(RiskFile)),
        ("roi.schema.json", schema_for!(RoiFile)),
        ("benefits.schema.json", schema_for!(BenefitsFile)),
        ("allocation.schema.json", schema_for!(AllocationFile)),
    ];
    all.into_iter()
        .map(|(name, schema)| {
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            (name, text)
        })
        .collect()
}
