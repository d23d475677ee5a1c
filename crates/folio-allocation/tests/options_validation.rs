//! Options that contradict themselves are errors naming the value (issue 20), when
//! built in code and when read from JSON.
#![cfg(test)]
#![cfg(feature = "serde")]

use folio_allocation::{
    CutOptions, DEFAULT_MAX_NODES, Error, FrontierOptions, ReallocationOptions,
};
use folio_types::Ratio;

fn r(s: &str) -> Ratio {
    s.parse().unwrap()
}

#[test]
fn frontier_levels_out_of_order() {
    for (from, to, step, value, reason) in [
        (
            "1.2",
            "1.1",
            "0.05",
            "1.2",
            "must not exceed the highest level",
        ),
        ("-0.1", "1.1", "0.05", "-0.1", "must not be negative"),
        ("0.7", "1.1", "0", "0", "the step must be positive"),
        (
            "0",
            "100",
            "0.01",
            "0.01",
            "too many points (at most 1,000)",
        ),
    ] {
        assert_eq!(
            FrontierOptions::new(r(from), r(to), r(step)),
            Err(Error::InvalidParameter {
                parameter: "frontier level",
                value: value.to_owned(),
                reason
            }),
            "{from} {to} {step}"
        );
        let json = format!(r#"{{"from":"{from}","to":"{to}","step":"{step}"}}"#);
        let err = serde_json::from_str::<FrontierOptions>(&json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(reason), "{err}");
    }
    assert!(serde_json::from_str::<FrontierOptions>("{}").is_ok());
}

#[test]
fn shortfall_threshold_outside_a_rate() {
    for t in ["-0.1", "1.01"] {
        assert!(
            matches!(ReallocationOptions::new(r(t)), Err(Error::InvalidParameter { parameter: "shortfall_threshold", ref value, .. }) if value == t)
        );
        let json = format!(r#"{{"shortfall_threshold":"{t}"}}"#);
        assert!(serde_json::from_str::<ReallocationOptions>(&json).is_err());
    }
    for t in ["0", "0.7", "1"] {
        let json = format!(r#"{{"shortfall_threshold":"{t}"}}"#);
        assert!(serde_json::from_str::<ReallocationOptions>(&json).is_ok());
    }
}

#[test]
fn a_search_of_no_node_is_an_error() {
    let expected = |e: &Error| {
        matches!(
            e,
            Error::Core(folio_types::Error::InvalidSetting { setting: "cut options", field: "max_nodes", problem })
                if problem.contains("(0)") && problem.contains("cut_greedy")
        )
    };
    assert!(CutOptions::new(true, 0).is_err_and(|e| expected(&e)));
    assert!(
        CutOptions::default()
            .with_max_nodes(0)
            .is_err_and(|e| expected(&e))
    );
    for json in [
        r#"{"max_nodes": 0}"#,
        r#"{"honour_protection": false, "max_nodes": 0}"#,
    ] {
        let err = serde_json::from_str::<CutOptions>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid cut options: max_nodes (0)"), "{err}");
    }
    // Inside the frontier's options too.
    let err = serde_json::from_str::<FrontierOptions>(r#"{"cut": {"max_nodes": 0}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("max_nodes (0)"), "{err}");
    let options = CutOptions::new(false, 1).unwrap();
    assert_eq!(
        (options.honour_protection(), options.max_nodes()),
        (false, 1)
    );
    assert_eq!(
        serde_json::from_str::<CutOptions>("{}").unwrap(),
        CutOptions::new(true, DEFAULT_MAX_NODES).unwrap()
    );
}

#[test]
fn options_built_in_code_keep_what_was_set() {
    let options = FrontierOptions::new(r("0.5"), r("1"), r("0.25"))
        .unwrap()
        .with_cut(CutOptions::default().with_honour_protection(false));
    assert_eq!(
        (
            options.from(),
            options.to(),
            options.step(),
            options.cut().honour_protection()
        ),
        (r("0.5"), r("1"), r("0.25"), false)
    );
    assert_eq!(
        ReallocationOptions::new(r("0.4"))
            .unwrap()
            .shortfall_threshold(),
        r("0.4")
    );
}
