//! Reads arbitrary bytes as a Jira JSON export, maps the items onto the standard workflow and
//! runs every flow metric, the outcome view and a small forecast over them. Nothing
//! here may panic: invalid input must be a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/delivery.rs"]
mod delivery;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = delivery::config("/fields/customfield_10042", "/fields/parent/key");
    if let Ok(items) = folio_delivery::adapter::jira::parse(text, &config) {
        delivery::exercise(&items);
    }
});
