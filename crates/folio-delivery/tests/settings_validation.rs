//! An import configuration that exists is valid (issue 20): an empty label prefix,
//! field or parent pointer, and a parent link that maps nothing, are errors naming the
//! setting, the field and the link, whether built in code or read from JSON.
// A test fails by panicking with what it saw.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use folio_delivery::Error;
use folio_delivery::adapter::{ImportConfig, KrLink, ProductFrom};

fn parent(field: Option<&str>, keys: &[(&str, &str)]) -> KrLink {
    KrLink::Parent {
        field: field.map(str::to_owned),
        keys: keys
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.parse().unwrap()))
            .collect::<BTreeMap<_, _>>(),
    }
}

#[test]
fn empty_links_are_errors_naming_the_link() {
    let good = KrLink::LabelPrefix("kr:".into());
    for (links, field, needle) in [
        (
            vec![KrLink::LabelPrefix(String::new())],
            "key_results",
            "link 1 (label_prefix) is empty",
        ),
        (
            vec![good.clone(), KrLink::Field(String::new())],
            "key_results",
            "link 2 (field) is empty",
        ),
        (
            vec![parent(Some(""), &[("P-1", "kr")])],
            "key_results",
            "link 1 (parent) has an empty field",
        ),
        (
            vec![good.clone(), parent(None, &[])],
            "key_results",
            "link 2 (parent) maps no parent key",
        ),
        (
            vec![parent(None, &[("", "kr")])],
            "key_results",
            "link 1 (parent) maps an empty parent key",
        ),
    ] {
        match ImportConfig::new(links.clone(), ProductFrom::None) {
            Err(Error::Core(folio_types::Error::InvalidSetting {
                setting: "import config",
                field: f,
                problem,
            })) => {
                assert_eq!(f, field, "{problem}");
                assert!(problem.contains(needle), "{problem} lacks {needle}");
            }
            other => panic!("{links:?} gave {other:?}"),
        }
    }
    for (product, needle) in [
        (ProductFrom::Field(String::new()), "(field) is empty"),
        (
            ProductFrom::LabelPrefix(String::new()),
            "every label would name a product",
        ),
    ] {
        match ImportConfig::new(vec![good.clone()], product.clone()) {
            Err(Error::Core(folio_types::Error::InvalidSetting {
                setting: "import config",
                field: "product",
                problem,
            })) => {
                assert!(problem.contains(needle), "{problem} lacks {needle}");
            }
            other => panic!("{product:?} gave {other:?}"),
        }
    }
    // What is set is what the getters read.
    let config = ImportConfig::new(
        vec![good.clone(), parent(None, &[("P-1", "kr")])],
        ProductFrom::Project,
    )
    .unwrap();
    assert_eq!(config.key_results().len(), 2);
    assert_eq!(config.product(), &ProductFrom::Project);
    assert_eq!(ImportConfig::default().key_results(), &[] as &[KrLink]);
}

#[cfg(feature = "serde")]
#[test]
fn empty_links_in_json_are_errors() {
    for (json, needle) in [
        (
            r#"{"key_results": [{"label_prefix": ""}]}"#,
            "invalid import config: key_results link 1 (label_prefix) is empty",
        ),
        (
            r#"{"key_results": [{"parent": {"keys": {}}}]}"#,
            "link 1 (parent) maps no parent key",
        ),
        (
            r#"{"product": {"field": ""}}"#,
            "invalid import config: product (field) is empty",
        ),
    ] {
        let err = serde_json::from_str::<ImportConfig>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{json}: {err}");
    }
    let config: ImportConfig =
        serde_json::from_str(r#"{"key_results": [{"label_prefix": "kr:"}], "product": "project"}"#)
            .unwrap();
    assert_eq!(config.product(), &ProductFrom::Project);
}
