//! Builds the portfolio review from arbitrary bytes read as the whole input set at once:
//! the bytes split at NUL into the review's files in the order of `input::FILES` then
//! `input::OPTIONAL_FILES` (a file past the last part comes from the embedded sample; an
//! empty optional part is an absent file). Every file is fuzzed as raw text, and the
//! cross-file checks see any mix of them. Nothing here may panic: a bad input set is a
//! `ReviewError` naming one of its files, and a review that builds renders in every
//! format.
#![no_main]

use folio_review::input::{FILES, OPTIONAL_FILES, SAMPLE, SAMPLE_OPTIONAL};
use folio_review::{Format, Inputs, crosscheck, render, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<String> = data
        .split(|&b| b == 0)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    let names: Vec<&str> = FILES.iter().chain(OPTIONAL_FILES.iter()).copied().collect();
    let inputs = Inputs::from_sources("fuzz", |name| {
        let at = names.iter().position(|n| *n == name);
        Ok(match at.and_then(|at| parts.get(at)) {
            Some(text) if text.is_empty() && OPTIONAL_FILES.contains(&name) => None,
            Some(text) => Some(text.clone()),
            None => SAMPLE
                .iter()
                .chain(SAMPLE_OPTIONAL.iter())
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_owned()),
        })
    });
    let inputs = match inputs {
        Ok(inputs) => inputs,
        Err(e) => {
            assert!(e.file.starts_with("fuzz/"), "{e}");
            return;
        }
    };
    // Whatever loads has passed the cross-file checks.
    assert_eq!(crosscheck::check(&inputs), Ok(()));
    let review = match run(&inputs) {
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
});
