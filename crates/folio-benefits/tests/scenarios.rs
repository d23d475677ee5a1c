//! Scenario tests: a small portfolio with every date spelled out.
//!
//! - "checkout" (owner ana, line commerce, EUR) launched 2026-01-15: checkpoints due
//!   2026-02-14, 2026-03-16, 2026-04-15 (30, 60, 90 days), then 2026-07-15 and
//!   2026-10-15 (every 3 months after day 90). Checkpoint 2 was recorded late, on
//!   2026-04-01.
//! - "sso" (owner bo, line platform, EUR) launched 2026-03-01: checkpoints due
//!   2026-03-31, 2026-04-30, 2026-05-30. Nothing was ever recorded.
//! - "dark-mode" (owner ana, line platform, metric `active_users`) launched
//!   2026-02-01: checkpoints due 2026-03-03, 2026-04-02, 2026-05-02. Checkpoint 1
//!   expected zero.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

use folio_benefits::{
    BenefitsBook, BiasVerdict, BookData, CheckpointStatus, Group, ReviewPolicy, RootCauseCategory,
    Unrecorded,
};
use folio_types::{NaiveDate, Ratio};
use rust_decimal::Decimal;

mod common;
use common::BOOK;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn ratio(text: &str) -> Option<Ratio> {
    Some(Ratio::new(d(text)).unwrap())
}

fn book() -> BenefitsBook {
    serde_json::from_str(BOOK).unwrap()
}

#[test]
fn checkpoints_follow_launch() {
    let book = book();
    let due = |id: &str| -> Vec<String> {
        book.case(id)
            .unwrap()
            .checkpoints()
            .iter()
            .map(|c| c.due_on.to_string())
            .collect()
    };
    assert_eq!(
        due("checkout"),
        [
            "2026-02-14",
            "2026-03-16",
            "2026-04-15",
            "2026-07-15",
            "2026-10-15"
        ]
    );
    assert_eq!(due("sso"), ["2026-03-31", "2026-04-30", "2026-05-30"]);
    assert_eq!(due("dark-mode"), ["2026-03-03", "2026-04-02", "2026-05-02"]);
}

#[test]
fn review_on_2026_06_01() {
    let book = book();
    let review = book
        .review(date("2026-06-01"), &ReviewPolicy::default())
        .unwrap();
    let ids: Vec<_> = review
        .initiatives()
        .iter()
        .map(|i| i.initiative.as_str())
        .collect();
    assert_eq!(ids, ["checkout", "dark-mode", "sso"]);
    let [checkout, dark_mode, sso] = review.initiatives() else {
        panic!("three initiatives");
    };

    // Checkout: checkpoint 2 was due 2026-03-16 and recorded 2026-04-01, 16 days late.
    let statuses: Vec<_> = checkout.checkpoints.iter().map(|c| c.status()).collect();
    assert_eq!(
        statuses,
        [
            CheckpointStatus::Realized {
                recorded_on: date("2026-02-14"),
                days_after_due: 0,
                late: false
            },
            CheckpointStatus::Realized {
                recorded_on: date("2026-04-01"),
                days_after_due: 16,
                late: true
            },
            CheckpointStatus::Realized {
                recorded_on: date("2026-04-15"),
                days_after_due: 0,
                late: false
            },
            CheckpointStatus::Upcoming { days_until_due: 44 },
            CheckpointStatus::Upcoming {
                days_until_due: 136
            },
        ]
    );
    // 9500 + 7000 + 6000 of 3 x 10000: rate 0.75, exactly 25% short.
    assert_eq!(checkout.expected, d("30000"));
    assert_eq!(checkout.realized, d("22500"));
    assert_eq!(checkout.rate, ratio("0.75"));
    assert_eq!(checkout.variance.relative, ratio("-0.25"));

    // Dark mode: zero expected at checkpoint 1, so its relative variance is undefined
    // and any realized value needs a root cause (which was given).
    let first = dark_mode.checkpoints.get(0).unwrap();
    assert_eq!(first.variance().map(|v| v.relative), Some(None));
    assert_eq!(first.variance().map(|v| v.absolute), Some(d("40")));
    assert!(first.root_cause_required());
    assert_eq!(
        first.root_cause().map(|c| c.category),
        Some(RootCauseCategory::Other)
    );
    // 40 + 500 + 450 of 0 + 500 + 500.
    assert_eq!(dark_mode.rate, ratio("0.99"));

    // SSO: nothing recorded; every checkpoint is overdue and counts as 0.
    assert_eq!(sso.rate, ratio("0"));
    let overdue: Vec<_> = review
        .overdue()
        .map(|o| {
            (
                o.initiative().as_str(),
                o.checkpoint(),
                o.due_on().to_string(),
                o.days_overdue(),
            )
        })
        .collect();
    assert_eq!(
        overdue,
        [
            ("sso", 1, "2026-03-31".to_string(), 62),
            ("sso", 2, "2026-04-30".to_string(), 32),
            ("sso", 3, "2026-05-30".to_string(), 2),
        ]
    );

    // Checkout checkpoint 3 is 40% short without a root cause; checkpoint 1 (5% short)
    // needs none and checkpoint 2 has one.
    let missing: Vec<_> = review
        .missing_root_causes()
        .map(|m| {
            (
                m.initiative().as_str(),
                m.checkpoint(),
                m.variance().relative,
            )
        })
        .collect();
    assert_eq!(missing, [("checkout", 3, ratio("-0.4"))]);

    // Rates per unit: EUR (checkout 22500/30000, sso 0/6000) and active users.
    let rates: Vec<_> = review
        .rates
        .iter()
        .map(|r| (r.group.to_string(), r.unit.to_string(), r.rate))
        .collect();
    assert_eq!(
        rates,
        [
            (
                "the portfolio".into(),
                "money in EUR".into(),
                ratio("0.625")
            ),
            (
                "the portfolio".into(),
                "metric \"active_users\"".into(),
                ratio("0.99")
            ),
            (
                "product line \"commerce\"".into(),
                "money in EUR".into(),
                ratio("0.75")
            ),
            (
                "product line \"platform\"".into(),
                "money in EUR".into(),
                ratio("0")
            ),
            (
                "product line \"platform\"".into(),
                "metric \"active_users\"".into(),
                ratio("0.99")
            ),
        ]
    );

    // Post-mortem: sso (100% short); checkout sits exactly on the 25% line.
    let triggered: Vec<_> = review
        .post_mortems()
        .map(|p| p.initiative().as_str())
        .collect();
    assert_eq!(triggered, ["sso"]);
    assert_eq!(
        review
            .post_mortems()
            .next()
            .map(|p| p.checkpoints().count()),
        Some(3)
    );

    // Bias: ana has two cases (shortfalls 0.25 and 0.01), too few for a verdict.
    let ana = review
        .bias
        .iter()
        .find(|b| b.group == Group::Owner("ana".parse().unwrap()))
        .unwrap();
    assert_eq!(ana.mean_shortfall, ratio("0.13"));
    assert_eq!(ana.over_promised, 2);
    assert_eq!(ana.verdict, BiasVerdict::InsufficientData);
}

#[test]
fn recorded_late_is_overdue_until_recorded() {
    // On 2026-03-20 checkout's checkpoint 2 (due 2026-03-16) is not recorded yet.
    let book = book();
    let review = book
        .review(date("2026-03-20"), &ReviewPolicy::default())
        .unwrap();
    let checkout = &review.initiatives()[0];
    assert_eq!(
        checkout.checkpoints.get(1).unwrap().status(),
        CheckpointStatus::Overdue { days_overdue: 4 }
    );
    assert_eq!(checkout.checkpoints.get(1).unwrap().realized(), None);
    // 9500 of 10000 + 0 of 10000.
    assert_eq!(checkout.rate, ratio("0.475"));
    // With a 21-day grace period it is only pending, and does not count.
    let lenient = ReviewPolicy::default().with_grace_days(21);
    let review = book.review(date("2026-03-20"), &lenient).unwrap();
    let checkout = &review.initiatives()[0];
    assert_eq!(
        checkout.checkpoints.get(1).unwrap().status(),
        CheckpointStatus::Pending { days_since_due: 4 }
    );
    assert_eq!(checkout.rate, ratio("0.95"));
    // Recorded 16 days after its due date: within 21 days of grace it is not late.
    let review = book.review(date("2026-06-01"), &lenient).unwrap();
    assert!(matches!(
        review.initiatives()[0].checkpoints.get(1).unwrap().status(),
        CheckpointStatus::Realized { late: false, .. }
    ));
}

#[test]
fn a_quarterly_checkpoint_passing_triggers_the_post_mortem() {
    // On 2026-07-20 checkout's checkpoint 4 (due 2026-07-15, 30000) is 5 days overdue:
    // 22500 of 60000 is 62.5% short.
    let book = book();
    let review = book
        .review(date("2026-07-20"), &ReviewPolicy::default())
        .unwrap();
    let triggered: Vec<_> = review
        .post_mortems()
        .map(|p| (p.initiative().as_str(), p.variance().relative))
        .collect();
    assert_eq!(
        triggered,
        [("checkout", ratio("-0.625")), ("sso", ratio("-1"))]
    );
}

#[test]
fn no_realization_at_all_under_the_exclude_policy() {
    let exclude = ReviewPolicy::default().with_unrecorded(Unrecorded::Exclude);
    let book = book();
    let review = book.review(date("2026-06-01"), &exclude).unwrap();
    let sso = &review.initiatives()[2];
    assert_eq!(sso.initiative.as_str(), "sso");
    assert_eq!(sso.rate, None);
    assert_eq!(review.overdue().len(), 3, "still reported as overdue");
    assert!(review.post_mortems().is_empty());
    let platform_eur = review
        .rates
        .iter()
        .find(|r| r.group == Group::ProductLine("platform".parse().unwrap()))
        .unwrap();
    assert_eq!(platform_eur.rate, None);
    let without: Vec<_> = platform_eur
        .without_rate
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(without, ["sso"]);
}

#[test]
fn before_launch_nothing_is_due() {
    let book = book();
    let review = book
        .review(date("2026-01-01"), &ReviewPolicy::default())
        .unwrap();
    assert!(review.overdue().is_empty());
    assert!(review.post_mortems().is_empty());
    assert!(review.initiatives().iter().all(|i| i.rate.is_none()));
    assert!(review.rates.iter().all(|r| r.rate.is_none()));
}

#[test]
fn input_order_does_not_matter() {
    let mut data: BookData = serde_json::from_str(BOOK).unwrap();
    data.cases.reverse();
    data.realizations.reverse();
    let reversed = BenefitsBook::new(data).unwrap();
    let as_of = date("2026-06-01");
    assert_eq!(
        reversed.review(as_of, &ReviewPolicy::default()).unwrap(),
        book().review(as_of, &ReviewPolicy::default()).unwrap()
    );
}

#[cfg(feature = "schemars")]
#[test]
fn review_round_trips_through_json_and_has_a_schema() {
    let book = book();
    let review = book
        .review(date("2026-06-01"), &ReviewPolicy::default())
        .unwrap();
    let json = serde_json::to_string(&review).unwrap();
    assert!(
        json.contains(r#""status":"overdue","days_overdue":62"#),
        "{json}"
    );
    // A review serializes for reports but does not deserialize: it only comes out of
    // `BenefitsBook::review`, so its totals, rates and statuses always agree.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["as_of"], "2026-06-01");
    for (key, len) in [
        ("initiatives", review.initiatives().len()),
        ("overdue", review.overdue().len()),
        ("missing_root_causes", review.missing_root_causes().len()),
        ("rates", review.rates.len()),
        ("post_mortems", review.post_mortems().len()),
        ("bias", review.bias.len()),
    ] {
        assert_eq!(value[key].as_array().unwrap().len(), len, "{key}");
    }
    let schema = serde_json::to_string(&schemars::schema_for!(BenefitsBook)).unwrap();
    assert!(schema.contains("days_after_launch"), "{schema}");
    assert!(schema.contains("estimate_too_optimistic"), "{schema}");
}

#[test]
fn record_lists_print_as_lists_of_their_records() {
    // On 2026-07-20 there are overdue checkpoints and two post-mortems (above); each
    // list prints as the list of its records.
    let book = book();
    let review = book
        .review(date("2026-07-20"), &ReviewPolicy::default())
        .unwrap();
    assert!(!review.overdue().is_empty() && review.post_mortems().len() == 2);
    assert_eq!(
        format!("{:?}", review.overdue()),
        format!("{:?}", review.overdue().collect::<Vec<_>>())
    );
    assert_eq!(
        format!("{:?}", review.missing_root_causes()),
        format!("{:?}", review.missing_root_causes().collect::<Vec<_>>())
    );
    assert_eq!(
        format!("{:?}", review.post_mortems()),
        format!("{:?}", review.post_mortems().collect::<Vec<_>>())
    );
    assert!(format!("{:?}", review.post_mortems()).starts_with("[PostMortem {"));
}

#[test]
fn a_review_borrows_the_ids_of_its_book_and_into_owned_copies_them() {
    use std::borrow::Cow;

    let book = book();
    let review = book
        .review(date("2026-06-01"), &ReviewPolicy::default())
        .unwrap();
    let borrowed = |id: &Cow<'_, folio_types::InitiativeId>| matches!(id, Cow::Borrowed(_));
    // Every id a review names is the book's own, not a copy.
    for initiative in review.initiatives() {
        assert!(borrowed(&initiative.initiative));
        assert!(matches!(initiative.owner, Cow::Borrowed(_)));
        assert!(matches!(initiative.product_line, Cow::Borrowed(_)));
        assert!(matches!(initiative.unit, Cow::Borrowed(_)));
    }
    // So is every root cause (the book's own, at the same address). (That the
    // checkpoint reviews of all initiatives lie in one vector, one range after another,
    // is checked inside the crate: `checkpoint_reviews_tile_one_vector`.)
    let in_book: Vec<&folio_benefits::RootCause> = book
        .cases()
        .flat_map(folio_benefits::TrackedCase::checkpoints)
        .filter_map(|c| c.realization.as_ref()?.root_cause.as_ref())
        .collect();
    let of_book =
        |cause: &folio_benefits::RootCause| in_book.iter().any(|c| std::ptr::eq(*c, cause));
    let causes: Vec<_> = review
        .initiatives()
        .iter()
        .flat_map(|i| i.checkpoints.iter())
        .filter_map(|c| c.root_cause())
        .collect();
    assert_eq!(causes.len(), 2, "the book records two root causes");
    assert!(causes.iter().all(|c| of_book(c)));
    let mut members = 0;
    for rate in &review.rates {
        assert!(rate.contributions.iter().all(|c| borrowed(&c.initiative)));
        assert!(rate.without_rate.iter().all(borrowed));
        members += rate.contributions.len() + rate.without_rate.len();
    }
    for bias in &review.bias {
        assert!(bias.initiatives.iter().all(|e| borrowed(&e.initiative)));
        members += bias.initiatives.len();
    }
    assert!(members > 0, "the review lists rate and bias members");
    // The owned copy owns them all, and reads, prints and serializes the same.
    let owned = review.clone().into_owned();
    assert!(owned.initiatives().iter().all(|i| !borrowed(&i.initiative)));
    let owned_causes = owned
        .initiatives()
        .iter()
        .flat_map(|i| i.checkpoints.iter())
        .filter_map(|c| c.root_cause());
    assert!(owned_causes.map(|c| !of_book(c)).eq([true, true]));
    assert!(
        owned
            .rates
            .iter()
            .all(|r| r.contributions.iter().all(|c| !borrowed(&c.initiative)))
    );
    assert!(
        owned
            .bias
            .iter()
            .all(|b| b.initiatives.iter().all(|e| !borrowed(&e.initiative)))
    );
    assert_eq!(owned, review);
    assert_eq!(format!("{owned:?}"), format!("{review:?}"));
    assert_eq!(
        serde_json::to_string(&owned).unwrap(),
        serde_json::to_string(&review).unwrap()
    );
}
