//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with numbers
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]

use folio_benefits::{BiasVerdict, CheckpointStatus, ReviewPolicy, RootCauseCategory};
use folio_types::NaiveDate;

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

/// Statuses in plain words, with "day" for exactly one day and "days" otherwise, and
/// "(late)" only on a late recording (the format documented on `CheckpointStatus`).
#[test]
fn statuses_read_as_plain_words() {
    let on = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    let cases = [
        (
            CheckpointStatus::Upcoming { days_until_due: 12 },
            "upcoming (due in 12 days)",
        ),
        (
            CheckpointStatus::Upcoming { days_until_due: 1 },
            "upcoming (due in 1 day)",
        ),
        (
            CheckpointStatus::Upcoming { days_until_due: 0 },
            "upcoming (due in 0 days)",
        ),
        (
            CheckpointStatus::Pending { days_since_due: 3 },
            "pending (3 days past due)",
        ),
        (
            CheckpointStatus::Pending { days_since_due: 1 },
            "pending (1 day past due)",
        ),
        (
            CheckpointStatus::Overdue { days_overdue: 62 },
            "overdue (62 days past due)",
        ),
        (
            CheckpointStatus::Overdue { days_overdue: 1 },
            "overdue (1 day past due)",
        ),
        (
            CheckpointStatus::Realized {
                recorded_on: on,
                days_after_due: 0,
                late: false,
            },
            "realized on 2026-05-04",
        ),
        (
            CheckpointStatus::Realized {
                recorded_on: on,
                days_after_due: 9,
                late: true,
            },
            "realized on 2026-05-04 (late)",
        ),
    ];
    for (status, words) in cases {
        assert_eq!(status.to_string(), words, "{status:?}");
    }
}

#[test]
fn the_policy_reads_back_its_documented_defaults_and_settings() {
    // The defaults table in `ReviewPolicy`'s docs.
    let policy = ReviewPolicy::default();
    assert_eq!(policy.root_cause_threshold().to_string(), "0.10");
    assert_eq!(policy.post_mortem_threshold().to_string(), "0.25");
    assert_eq!(policy.grace_days(), 0);
    assert_eq!(policy.bias_min_initiatives(), 3);
    assert_eq!(policy.bias_systematic_share().to_string(), "0.75");
    let strict = policy
        .with_bias(5, "0.8".parse().unwrap())
        .unwrap()
        .with_grace_days(14);
    assert_eq!(strict.bias_min_initiatives(), 5);
    assert_eq!(strict.bias_systematic_share().to_string(), "0.8");
    assert_eq!(strict.grace_days(), 14);
}
