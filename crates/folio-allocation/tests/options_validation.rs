//! Options that contradict themselves are errors naming the value (issue 20), when
//! built in code and when read from JSON.
#![cfg(test)]
#![cfg(feature = "serde")]

use folio_allocation::{Error, FrontierOptions, ReallocationOptions};
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
