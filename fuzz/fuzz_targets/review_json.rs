//! Builds the portfolio review from arbitrary bytes read as a JSON object of input
//! files (`{"risk.json": {...}, ...}`; files it leaves out come from the embedded
//! sample), and renders every review that builds in every format. Nothing here may
//! panic: a bad file must be a `ReviewError` naming it.
#![no_main]

use std::collections::BTreeMap;

use folio_review::input::SAMPLE;
use folio_review::{Format, Inputs, render, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(files) = serde_json::from_slice::<BTreeMap<String, serde_json::Value>>(data) else {
        return;
    };
    let inputs = Inputs::from_files("fuzz", |name| {
        Ok(match files.get(name) {
            Some(value) => value.to_string(),
            None => SAMPLE
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_owned())
                .unwrap_or_default(),
        })
    });
    let review = match inputs.and_then(|inputs| run(&inputs)) {
        Ok(review) => review,
        Err(e) => {
            assert!(e.file.starts_with("fuzz/"), "{e}");
            return;
        }
    };
    for format in [Format::Text, Format::Markdown, Format::Json, Format::Html] {
        let shown = render(&review, format).expect("every review renders");
        assert!(!shown.is_empty());
    }
    // The dashboard is deterministic.
    assert_eq!(
        render(&review, Format::Html).ok(),
        render(&review, Format::Html).ok()
    );
});
