//! A review policy built in code is checked as one read from JSON (issue 20): negative
//! or reversed thresholds, a bias verdict on no initiative and a bias share without a
//! majority are errors naming the field and the value.
// A test fails by panicking with what it saw.
#![allow(clippy::unwrap_used, clippy::panic)]

use folio_benefits::{Error, ReviewPolicy, Unrecorded};
use folio_types::Ratio;

fn r(s: &str) -> Ratio {
    s.parse().unwrap()
}

fn check(result: Result<ReviewPolicy, Error>, field: &str, value: &str) {
    match result {
        Err(Error::InvalidPolicy {
            field: f, value: v, ..
        }) => {
            assert_eq!(f, field);
            assert!(v.contains(value), "{v} lacks {value}");
        }
        other => panic!("expected an invalid {field}, got {other:?}"),
    }
}

#[test]
fn each_class_of_nonsense_names_its_field() {
    let policy = ReviewPolicy::default();
    check(
        policy.clone().with_thresholds(r("-0.1"), r("0.25")),
        "root_cause_threshold",
        "-0.1",
    );
    check(
        policy.clone().with_thresholds(r("0"), r("-1")),
        "post_mortem_threshold",
        "-1",
    );
    check(
        policy.clone().with_thresholds(r("0.5"), r("0.25")),
        "root_cause_threshold",
        "above post_mortem_threshold 0.25",
    );
    check(
        policy.clone().with_bias(0, r("0.75")),
        "bias_min_initiatives",
        "0",
    );
    check(
        policy.clone().with_bias(3, r("0.5")),
        "bias_systematic_share",
        "0.5",
    );
    check(
        policy.clone().with_bias(3, r("1.01")),
        "bias_systematic_share",
        "1.01",
    );
    // Accepted values are kept, with the other settings.
    let built = policy
        .with_grace_days(7)
        .with_unrecorded(Unrecorded::Exclude)
        .with_thresholds(r("0.2"), r("0.2"))
        .unwrap()
        .with_bias(1, r("1"))
        .unwrap();
    assert_eq!(
        (
            built.root_cause_threshold(),
            built.post_mortem_threshold(),
            built.grace_days(),
            built.unrecorded(),
            built.bias_min_initiatives(),
            built.bias_systematic_share(),
        ),
        (r("0.2"), r("0.2"), 7, Unrecorded::Exclude, 1, r("1"))
    );
}
