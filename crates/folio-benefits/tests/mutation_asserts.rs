//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]

use folio_benefits::{BiasVerdict, RootCauseCategory};

/// The plain words of every root-cause category and bias verdict, as the reports print
/// them: the variant's name in lower-case words.
#[test]
fn categories_and_verdicts_read_as_plain_words() {
    let categories = [
        (
            RootCauseCategory::EstimateTooOptimistic,
            "estimate too optimistic",
        ),
        (
            RootCauseCategory::AdoptionLowerThanPlanned,
            "adoption lower than planned",
        ),
        (RootCauseCategory::LaunchSlipped, "launch slipped"),
        (RootCauseCategory::MarketChanged, "market changed"),
        (RootCauseCategory::Pricing, "pricing"),
        (RootCauseCategory::CostOverrun, "cost overrun"),
        (RootCauseCategory::Other, "other"),
    ];
    for (category, words) in categories {
        assert_eq!(category.to_string(), words, "{category:?}");
    }
    let verdicts = [
        (BiasVerdict::InsufficientData, "insufficient data"),
        (BiasVerdict::OverPromising, "over-promising"),
        (BiasVerdict::UnderPromising, "under-promising"),
        (BiasVerdict::Balanced, "balanced"),
    ];
    for (verdict, words) in verdicts {
        assert_eq!(verdict.to_string(), words, "{verdict:?}");
    }
}
