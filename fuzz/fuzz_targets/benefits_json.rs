//! Deserializes arbitrary bytes as JSON into folio-benefits' input types and runs
//! every public function on what comes out. Nothing here may panic: invalid input must
//! be a typed error.
#![no_main]

use folio_benefits::{
    BenefitsBook, BookData, ReviewPolicy, Schedule, Variance, estimation_bias, missing_root_causes,
    overdue, post_mortems, realization_rates,
};
use folio_types::{Decimal, NaiveDate, Ratio};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with a book and the arguments to review it.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    book: Option<BookData>,
    #[serde(default)]
    policy: Option<ReviewPolicy>,
    #[serde(default)]
    as_of: Vec<NaiveDate>,
    #[serde(default)]
    schedule: Option<Schedule>,
    #[serde(default)]
    checkpoints: Vec<u32>,
    #[serde(default)]
    amounts: Vec<Decimal>,
}

/// Runs every query of a valid book, checking the invariants that must hold.
fn exercise(book: &BenefitsBook, policy: &ReviewPolicy, dates: &[NaiveDate]) {
    // A valid book survives a JSON round trip unchanged.
    let json = serde_json::to_string(book).expect("a book serializes");
    let back: BenefitsBook = serde_json::from_str(&json).expect("a serialized book is valid");
    assert_eq!(&back, book);

    let _ = book.schedule();
    for case in book.cases() {
        assert!(!case.checkpoints().is_empty());
        assert!(book.case(case.case().initiative.as_str()).is_some());
        for checkpoint in case.checkpoints() {
            assert!(checkpoint.due_on > case.case().launched_on);
        }
    }

    for as_of in dates.iter().take(4) {
        let Ok(initiatives) = book.initiative_reviews(*as_of, policy) else {
            continue;
        };
        assert_eq!(initiatives.len(), book.cases().len());
        for initiative in &initiatives {
            assert_eq!(initiative.rate.is_none(), initiative.expected.is_zero());
        }
        let _ = overdue(&initiatives);
        let _ = missing_root_causes(&initiatives);
        if let Ok(rates) = realization_rates(&initiatives) {
            for rate in &rates {
                assert_eq!(rate.rate.is_none(), rate.contributions.is_empty());
            }
        }
        let _ = post_mortems(&initiatives, policy);
        let _ = estimation_bias(&initiatives, policy);
        if let Ok(review) = book.review(*as_of, policy) {
            let json = serde_json::to_string(&review).expect("a review serializes");
            assert!(!json.is_empty());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let default_dates = [NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()];
    // The whole document as a book, reviewed with the default policy.
    if let Ok(book) = serde_json::from_slice::<BenefitsBook>(data) {
        exercise(&book, &ReviewPolicy::default(), &default_dates);
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let policy = input.policy.unwrap_or_default();
    assert!(
        policy.root_cause_threshold() <= policy.post_mortem_threshold(),
        "a deserialized policy is valid"
    );

    if let Some(schedule) = &input.schedule {
        for launch in &input.as_of {
            for &number in &input.checkpoints {
                if let Some(due) = schedule.due_date(*launch, number) {
                    assert!(due > *launch, "a checkpoint falls after launch");
                }
            }
        }
    }

    for pair in input.amounts.windows(2) {
        if let [expected, realized] = pair {
            if let Ok(variance) = Variance::of(*expected, *realized) {
                let _ = variance.exceeds(policy.root_cause_threshold());
                let _ = variance.exceeds(Ratio::ZERO);
                assert_eq!(variance.relative.is_none(), expected.is_zero());
            }
        }
    }

    if let Some(data) = input.book {
        if let Ok(book) = BenefitsBook::new(data) {
            let dates = if input.as_of.is_empty() {
                &default_dates[..]
            } else {
                &input.as_of[..]
            };
            exercise(&book, &policy, dates);
        }
    }
});
