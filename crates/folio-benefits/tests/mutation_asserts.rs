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

/// The review's record lists and the free functions behind them, read through a small
/// book with every date worked out by hand (the portfolio of `tests/scenarios.rs`, plus
/// one initiative whose checkpoints straddle a new year):
///
/// - "checkout" (ana, EUR) launched 2026-01-15: checkpoints due 2026-02-14, 03-16,
///   04-15, then 07-15 and 10-15. 9500, 7000 (with a root cause) and 6000 of 10000
///   were recorded for the first three; checkpoint 4 expects 30000.
/// - "sso" (bo, EUR) launched 2026-03-01: 2000 due 2026-03-31, 04-30 and 05-30,
///   nothing recorded.
/// - "dark-mode" (ana, metric) launched 2026-02-01: 0, 500 and 500 expected, 40 (with
///   a root cause), 500 and 450 recorded on their due dates.
/// - "widget" (bo, EUR) launched 2026-11-01: 1000 due 2026-12-01, 2026-12-31 and
///   2027-01-30; checkpoint 2 recorded on 2027-01-04.
#[cfg(feature = "serde")]
mod common;

#[cfg(feature = "serde")]
mod records {
    use folio_benefits::{
        BenefitsBook, CheckpointStatus, InitiativeReview, ReviewPolicy, missing_root_causes,
        overdue,
    };
    use folio_types::NaiveDate;
    use rust_decimal::Decimal;

    /// The scenario book of `tests/common` with "widget" added.
    fn book() -> BenefitsBook {
        let mut data: serde_json::Value = serde_json::from_str(crate::common::BOOK).unwrap();
        data["cases"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(
                {"initiative": "widget", "owner": "bo", "product_line": "commerce",
                 "approved_on": "2026-10-01", "launched_on": "2026-11-01",
                 "expected": [
                   {"money": {"amount": "1000", "currency": "EUR"}},
                   {"money": {"amount": "1000", "currency": "EUR"}},
                   {"money": {"amount": "1000", "currency": "EUR"}}]}
            ));
        data["realizations"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(
                {"initiative": "widget", "checkpoint": 2, "recorded_on": "2027-01-04",
                 "realized": {"money": {"amount": "1000", "currency": "EUR"}}}
            ));
        serde_json::from_value(data).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// On 2026-07-20, with no grace period: checkout's checkpoint 4 (due 07-15) is 5
    /// days overdue; sso's three are 111 (from 03-31: 30 + 31 + 30 + 20), 81 (from
    /// 04-30: 31 + 30 + 20) and 51 (from 05-30: 1 + 30 + 20) days overdue. In
    /// initiative-id, then checkpoint order.
    const OVERDUE_ON_0720: [(&str, &str, u32, &str, u32, &str); 4] = [
        ("checkout", "ana", 4, "2026-07-15", 5, "30000"),
        ("sso", "bo", 1, "2026-03-31", 111, "2000"),
        ("sso", "bo", 2, "2026-04-30", 81, "2000"),
        ("sso", "bo", 3, "2026-05-30", 51, "2000"),
    ];

    fn overdue_keys(reviews: &[InitiativeReview<'_>]) -> Vec<(String, u32)> {
        overdue(reviews)
            .iter()
            .map(|o| (o.initiative().as_str().to_owned(), o.checkpoint()))
            .collect()
    }

    fn expected_overdue_keys() -> Vec<(String, u32)> {
        OVERDUE_ON_0720
            .iter()
            .map(|(id, _, number, ..)| ((*id).to_owned(), *number))
            .collect()
    }

    #[test]
    fn a_book_prints_as_its_schedule_and_cases() {
        // The default schedule (30, 60 and 90 days, then every 3 months), then the
        // cases by id; the group ranks the book derives from them are not printed.
        let text = format!("{:?}", book());
        assert!(
            text.starts_with(
                "BenefitsBook { schedule: Schedule { days_after_launch: [30, 60, 90], \
                 then_every_months: 3 }, cases: {"
            ),
            "{text}"
        );
        let at = |id: &str| text.find(&format!("\"{id}\"")).unwrap();
        assert!(at("checkout") < at("dark-mode") && at("dark-mode") < at("sso"));
        assert!(at("sso") < at("widget"));
    }

    #[test]
    fn overdue_records_read_back_their_checkpoint() {
        let book = book();
        let review = book
            .review(date("2026-07-20"), &ReviewPolicy::default())
            .unwrap();
        let records: Vec<_> = review.overdue().collect();
        assert_eq!(records.len(), OVERDUE_ON_0720.len());
        for (record, (id, owner, number, due, days, expected)) in
            records.iter().zip(OVERDUE_ON_0720)
        {
            assert_eq!(record.initiative().as_str(), id);
            assert_eq!(record.owner().as_str(), owner);
            assert_eq!(record.checkpoint(), number);
            assert_eq!(record.due_on(), date(due));
            assert_eq!(record.days_overdue(), days, "{id} {number}");
            assert_eq!(record.expected(), d(expected));
            assert_eq!(record.initiative_review().initiative.as_str(), id);
            assert_eq!(record.initiative_review().owner.as_str(), owner);
            let checkpoint = record.checkpoint_review();
            assert_eq!(
                (checkpoint.number(), checkpoint.due_on()),
                (number, date(due))
            );
            assert_eq!(
                checkpoint.status(),
                CheckpointStatus::Overdue { days_overdue: days }
            );
        }
    }

    #[test]
    fn missing_root_causes_read_back_their_checkpoint() {
        // On 2026-07-20 only checkout's checkpoint 3 (6000 of 10000: -4000, -40%, beyond
        // the default 10%) lacks a root cause. Checkpoint 2 (-30%) has one, dark-mode's
        // checkpoint 1 (40 against 0) has one, and its checkpoint 3 (450 of 500) misses
        // by exactly 10%, which is not more than 10%.
        let book = book();
        let review = book
            .review(date("2026-07-20"), &ReviewPolicy::default())
            .unwrap();
        let records: Vec<_> = review.missing_root_causes().collect();
        assert_eq!(records.len(), 1);
        let record = records[0];
        assert_eq!(record.initiative().as_str(), "checkout");
        assert_eq!(record.owner().as_str(), "ana");
        assert_eq!(record.checkpoint(), 3);
        assert_eq!(record.expected(), d("10000"));
        assert_eq!(record.realized(), d("6000"));
        assert_eq!(record.variance().absolute, d("-4000"));
        assert_eq!(
            record.variance().relative.map(folio_types::Ratio::value),
            Some(d("-0.4"))
        );
        assert_eq!(record.initiative_review().initiative.as_str(), "checkout");
        assert_eq!(record.checkpoint_review().number(), 3);
        assert_eq!(record.checkpoint_review().realized(), Some(d("6000")));
    }

    #[test]
    fn record_lists_walk_from_both_ends_and_know_what_is_left() {
        let book = book();
        let review = book
            .review(date("2026-07-20"), &ReviewPolicy::default())
            .unwrap();
        // Backwards, the overdue records come last first.
        let backwards: Vec<(String, u32)> = review
            .overdue()
            .rev()
            .map(|o| (o.initiative().as_str().to_owned(), o.checkpoint()))
            .collect();
        let mut forwards = expected_overdue_keys();
        forwards.reverse();
        assert_eq!(backwards, forwards);
        // Taking one from each end leaves the two in the middle.
        let mut overdue = review.overdue();
        assert_eq!(overdue.next().map(|o| o.checkpoint()), Some(4));
        assert_eq!(overdue.next_back().map(|o| o.checkpoint()), Some(3));
        assert_eq!(overdue.len(), 2);
        assert!(!overdue.is_empty());
        assert_eq!(overdue.by_ref().count(), 2);
        assert!(overdue.is_empty());
        assert_eq!(overdue.next_back().map(|o| o.checkpoint()), None);
        // The one missing root cause, from the back.
        let mut missing = review.missing_root_causes();
        assert!(!missing.is_empty());
        assert_eq!(missing.next_back().map(|m| m.checkpoint()), Some(3));
        assert!(missing.is_empty());
        // Post-mortems (checkout 62.5% short, sso 100%), in id order, then reversed.
        let mut post_mortems = review.post_mortems();
        assert_eq!(post_mortems.len(), 2);
        assert!(!post_mortems.is_empty());
        let backwards: Vec<&str> = post_mortems
            .clone()
            .rev()
            .map(|p| p.initiative().as_str())
            .collect();
        assert_eq!(backwards, ["sso", "checkout"]);
        assert_eq!(
            post_mortems.next_back().map(|p| p.initiative().as_str()),
            Some("sso")
        );
        assert_eq!(post_mortems.len(), 1);
        assert_eq!(
            post_mortems.next().map(|p| p.initiative().as_str()),
            Some("checkout")
        );
        assert!(post_mortems.is_empty());
        assert!(post_mortems.next_back().is_none());
    }

    #[test]
    fn records_come_in_id_and_checkpoint_order_whatever_the_order_of_the_reviews() {
        // `overdue` documents its order (initiative id, then checkpoint number), which
        // holds for initiative reviews given in any order.
        let book = book();
        let reviews = book
            .initiative_reviews(date("2026-07-20"), &ReviewPolicy::default())
            .unwrap();
        assert_eq!(overdue_keys(&reviews), expected_overdue_keys());
        // Initiatives in reverse id order: sso's records come first.
        let mut reversed = reviews.clone();
        reversed.reverse();
        assert_eq!(overdue_keys(&reversed), expected_overdue_keys());
        // Each initiative's checkpoints in reverse number order.
        let mut backwards = reviews.clone();
        for (review, original) in backwards.iter_mut().zip(&reviews) {
            let mut checkpoints = original.checkpoints.iter().collect::<Vec<_>>();
            checkpoints.reverse();
            review.checkpoints = checkpoints.into();
        }
        assert_eq!(overdue_keys(&backwards), expected_overdue_keys());
        let missing: Vec<_> = missing_root_causes(&backwards)
            .iter()
            .map(|m| (m.initiative().as_str().to_owned(), m.checkpoint()))
            .collect();
        assert_eq!(missing, [("checkout".to_owned(), 3)]);
    }

    #[test]
    fn days_are_counted_across_a_new_year() {
        // On 2027-01-10, widget's checkpoint 1 (due 2026-12-01) is 30 + 10 = 40 days
        // overdue; checkpoint 2 (due 2026-12-31) was recorded 4 days after it was due,
        // late with no grace period and on time with 7 days; checkpoint 3 (due
        // 2027-01-30) is 20 days away.
        let as_of = date("2027-01-10");
        for (grace, late) in [(0, true), (7, false)] {
            let policy = ReviewPolicy::default().with_grace_days(grace);
            let book = book();
            let reviews = book.initiative_reviews(as_of, &policy).unwrap();
            let widget = reviews
                .iter()
                .find(|r| r.initiative.as_str() == "widget")
                .unwrap();
            let statuses: Vec<_> = widget.checkpoints.iter().map(|c| c.status()).collect();
            assert_eq!(
                statuses,
                [
                    CheckpointStatus::Overdue { days_overdue: 40 },
                    CheckpointStatus::Realized {
                        recorded_on: date("2027-01-04"),
                        days_after_due: 4,
                        late,
                    },
                    CheckpointStatus::Upcoming { days_until_due: 20 },
                ],
                "grace {grace}"
            );
        }
    }
}
