//! Errors that echo input text quote at most 80 characters of it (issue 20).
#![cfg(test)]

use folio_roi::Error;

#[test]
fn a_one_megabyte_initiative_id_is_quoted_briefly() {
    let shown = Error::DuplicateInitiative {
        id: "é".repeat(1 << 20),
    }
    .to_string();
    assert!(shown.len() < 300, "{} bytes", shown.len());
    assert!(shown.ends_with("… (1048576 chars)"), "{shown}");
    assert_eq!(
        Error::DuplicateInitiative {
            id: "sso".to_owned()
        }
        .to_string(),
        "duplicate initiative \"sso\""
    );
}
