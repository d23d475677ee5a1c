//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly, and fixture arithmetic cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use folio_risk::{Band, ExposureBase, RequiredAction};

/// The bands in plain words, as the reports print them.
#[test]
fn bands_read_as_plain_words() {
    for (band, words) in [
        (Band::Low, "low"),
        (Band::Medium, "medium"),
        (Band::High, "high"),
        (Band::Critical, "critical"),
    ] {
        assert_eq!(band.to_string(), words, "{band:?}");
    }
}

/// A required action gives back the owner, discussion and plan it was built with.
#[test]
fn required_action_keeps_what_it_was_given() {
    let action = RequiredAction::new(
        "head-of-product".parse().unwrap(),
        "Portfolio risk review at the monthly health meeting",
        "Mitigation plan with owners and dates",
    )
    .unwrap();
    assert_eq!(action.owner().as_str(), "head-of-product");
    assert_eq!(
        action.discussion(),
        "Portfolio risk review at the monthly health meeting"
    );
    assert_eq!(action.plan(), "Mitigation plan with owners and dates");
}

/// An exposure base prints as its name, the word error messages use for it.
#[test]
fn exposure_bases_print_their_names() {
    for (base, name) in [
        (ExposureBase::Revenue, "revenue"),
        (ExposureBase::Investment, "investment"),
        (ExposureBase::Equal, "equal"),
    ] {
        assert_eq!(base.name(), name);
        assert_eq!(base.to_string(), name);
    }
}
