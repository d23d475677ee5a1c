//! Errors that echo input text quote at most 80 characters of it (issue 20).
#![cfg(test)]

use folio_delivery::Error;

#[test]
fn a_one_megabyte_item_id_is_quoted_briefly() {
    let id = "x".repeat(1 << 20);
    for error in [
        Error::DuplicateItem { id: id.clone() },
        Error::Field {
            item: id.clone(),
            field: "fields.created".to_owned(),
            problem: "missing".to_owned(),
        },
    ] {
        let shown = error.to_string();
        assert!(shown.len() < 200, "{} bytes", shown.len());
        assert!(
            shown.contains(&format!("\"{}\"… (1048576 chars)", "x".repeat(80))),
            "{shown}"
        );
    }
    assert_eq!(
        Error::DuplicateItem {
            id: "PROJ-1".to_owned()
        }
        .to_string(),
        "duplicate item \"PROJ-1\""
    );
}
