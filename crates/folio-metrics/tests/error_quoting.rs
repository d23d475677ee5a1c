//! Errors that echo input text quote at most 80 characters of it (issue 20).
#![cfg(test)]

use folio_metrics::Error;

#[test]
fn a_one_megabyte_rule_id_is_quoted_briefly() {
    let shown = Error::DuplicateRule {
        rule: "r".repeat(1 << 20),
    }
    .to_string();
    assert!(shown.len() < 200, "{} bytes", shown.len());
    assert!(shown.ends_with("… (1048576 chars)"), "{shown}");
    assert_eq!(
        Error::DuplicateRule {
            rule: "adoption-low".to_owned()
        }
        .to_string(),
        "duplicate trigger rule \"adoption-low\""
    );
}
