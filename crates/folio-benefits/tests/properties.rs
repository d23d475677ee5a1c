//! Property tests: invariants of the review over generated portfolios.
//!
//! Portfolios have 1 to 12 initiatives launched between 2020-01-01 and 2022-09-26, in
//! EUR, USD or the metric `users`, with 1 to 8 checkpoints on the default schedule,
//! expected benefits from 0 to 1,000,000.00 (zero about one time in ten), and each
//! checkpoint realized or not, 0 to 59 days after it fell due, with a value between
//! -10^10 and 10^10. Reviews are taken between 2020-01-01 and 2024-02-09.
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]
// The checks add and compare generated amounts far inside `Decimal`'s range (at most
// 12 x 8 values of 10^10); an overflow here would be a bug in the test, and would panic.
#![allow(clippy::arithmetic_side_effects)]

use chrono::Days;
use folio_benefits::{
    BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, ReviewPolicy, Schedule,
    Unrecorded,
};
use folio_types::{Currency, Decimal, InitiativeId, MetricId, Money, NaiveDate, strategy};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// One checkpoint: expected, and maybe (days after due, realized).
type CheckpointSpec = (Decimal, Option<(u64, Decimal)>);

#[derive(Debug, Clone)]
struct CaseSpec {
    owner: usize,
    line: usize,
    unit: usize,
    launch_offset: u64,
    approval_lead: u64,
    checkpoints: Vec<CheckpointSpec>,
}

fn expected_amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        9 => (0i64..=100_000_000).prop_map(|cents| Decimal::new(cents, 2)),
    ]
}

fn case_spec() -> impl Strategy<Value = CaseSpec> {
    let eur = Currency::new("EUR").unwrap();
    let realized = strategy::money(eur).prop_map(|m| m.amount());
    (
        0..3usize,
        0..3usize,
        0..3usize,
        0u64..1000,
        0u64..100,
        vec((expected_amount(), option::of((0u64..60, realized))), 1..=8),
    )
        .prop_map(
            |(owner, line, unit, launch_offset, approval_lead, checkpoints)| CaseSpec {
                owner,
                line,
                unit,
                launch_offset,
                approval_lead,
                checkpoints,
            },
        )
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
}

fn value(unit: usize, amount: Decimal) -> BenefitValue {
    match unit {
        0 => BenefitValue::Money(Money::new(amount, Currency::new("EUR").unwrap())),
        1 => BenefitValue::Money(Money::new(amount, Currency::new("USD").unwrap())),
        _ => BenefitValue::Metric {
            metric: MetricId::new("users").unwrap(),
            value: amount,
        },
    }
}

fn book_data(specs: &[CaseSpec]) -> BookData {
    let schedule = Schedule::default();
    let mut cases = Vec::new();
    let mut realizations = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let initiative = InitiativeId::new(format!("i{index:02}")).unwrap();
        let launched_on = base()
            .checked_add_days(Days::new(spec.launch_offset))
            .unwrap();
        cases.push(BenefitsCase {
            initiative: initiative.clone(),
            owner: format!("owner-{}", spec.owner).parse().unwrap(),
            product_line: format!("line-{}", spec.line).parse().unwrap(),
            approved_on: launched_on
                .checked_sub_days(Days::new(spec.approval_lead))
                .unwrap(),
            launched_on,
            expected: spec
                .checkpoints
                .iter()
                .map(|(expected, _)| value(spec.unit, *expected))
                .collect(),
        });
        for (number, (_, realized)) in (1u32..).zip(&spec.checkpoints) {
            if let Some((delay, amount)) = realized {
                let due = schedule.due_date(launched_on, number).unwrap();
                realizations.push(Realization {
                    initiative: initiative.clone(),
                    checkpoint: number,
                    recorded_on: due.checked_add_days(Days::new(*delay)).unwrap(),
                    realized: value(spec.unit, *amount),
                    root_cause: None,
                });
            }
        }
    }
    BookData {
        schedule,
        cases,
        realizations,
    }
}

fn policy() -> impl Strategy<Value = ReviewPolicy> {
    (0u32..30, prop::bool::ANY).prop_map(|(grace_days, exclude)| {
        ReviewPolicy::default()
            .with_grace_days(grace_days)
            .with_unrecorded(if exclude {
                Unrecorded::Exclude
            } else {
                Unrecorded::CountAsZero
            })
    })
}

/// Each ratio is rounded to 28 significant digits on its own, so a group rate and its
/// members' rates agree to about 1e-26; 1e-20 leaves room and still catches any real
/// error in the weighting.
fn tolerance() -> Decimal {
    Decimal::new(1, 20)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn group_rate_lies_between_its_members_rates(
        specs in vec(case_spec(), 1..=12),
        as_of_offset in 0u64..1500,
        policy in policy(),
    ) {
        let book = BenefitsBook::new(book_data(&specs)).unwrap();
        let as_of = base().checked_add_days(Days::new(as_of_offset)).unwrap();
        let review = book.review(as_of, &policy).unwrap();
        for rate in &review.rates {
            let member_rates: Vec<Decimal> =
                rate.contributions.iter().map(|c| c.rate.value()).collect();
            // Members are exactly the group's initiatives in this unit that have a rate.
            let expected_members: Vec<&str> = review
                .initiatives()
                .iter()
                .filter(|i| *i.unit == rate.unit && i.rate.is_some())
                .filter(|i| match &rate.group {
                    folio_benefits::Group::ProductLine(line) => *i.product_line == *line,
                    _ => true,
                })
                .map(|i| i.initiative.as_str())
                .collect();
            let members: Vec<&str> =
                rate.contributions.iter().map(|c| c.initiative.as_str()).collect();
            prop_assert_eq!(members, expected_members);
            match rate.rate {
                None => prop_assert!(member_rates.is_empty()),
                Some(group_rate) => {
                    let group_rate = group_rate.value();
                    let min = member_rates.iter().copied().min().unwrap();
                    let max = member_rates.iter().copied().max().unwrap();
                    prop_assert!(
                        group_rate >= min - tolerance() && group_rate <= max + tolerance(),
                        "{} rate {} outside [{}, {}]", rate.group, group_rate, min, max
                    );
                    // The weighted mean shows its math: contributions add up to the rate.
                    let sum: Decimal = rate.contributions.iter().map(|c| c.contribution.value()).sum();
                    prop_assert!((sum - group_rate).abs() <= tolerance(), "{} vs {}", sum, group_rate);
                    let shares: Decimal = rate.contributions.iter().map(|c| c.share.value()).sum();
                    prop_assert!((shares - Decimal::ONE).abs() <= tolerance(), "shares {}", shares);
                }
            }
        }
    }

    /// Raising the post-mortem threshold never asks for more post-mortems: every
    /// initiative flagged under the higher threshold is flagged under the lower one.
    #[test]
    fn a_higher_post_mortem_threshold_never_flags_more(
        specs in vec(case_spec(), 1..=12),
        as_of_offset in 0u64..1500,
        policy in policy(),
        low in 10i64..=100,
        raise in 0i64..=100,
    ) {
        let book = BenefitsBook::new(book_data(&specs)).unwrap();
        let as_of = base().checked_add_days(Days::new(as_of_offset)).unwrap();
        let with = |hundredths: i64| {
            let root_cause = policy.root_cause_threshold();
            policy.clone().with_thresholds(root_cause, folio_types::Ratio::from_decimal(Decimal::new(hundredths, 2)))
        };
        let (loose, strict) = (with(low).unwrap(), with(low + raise).unwrap());
        let flagged = |p: &ReviewPolicy| -> std::collections::BTreeSet<String> {
            book.review(as_of, p).unwrap().post_mortems().map(|m| m.initiative().to_string()).collect()
        };
        let (loose, strict) = (flagged(&loose), flagged(&strict));
        prop_assert!(strict.is_subset(&loose), "{:?} not within {:?}", strict, loose);
    }

    #[test]
    fn review_does_not_depend_on_input_order(
        (specs, case_order, realization_order) in vec(case_spec(), 1..=12).prop_flat_map(|specs| {
            let n = specs.len();
            (Just(specs), Just((0..n).collect::<Vec<_>>()).prop_shuffle(), vec(any::<u64>(), 0..=96))
        }),
        as_of_offset in 0u64..1500,
        policy in policy(),
    ) {
        let data = book_data(&specs);
        let as_of = base().checked_add_days(Days::new(as_of_offset)).unwrap();
        let book = BenefitsBook::new(data.clone()).unwrap();
        let expected = book.review(as_of, &policy).unwrap();

        let mut shuffled = data;
        shuffled.cases = case_order.iter().map(|&i| shuffled.cases[i].clone()).collect();
        // Reorder realizations by generated keys (a stable sort, so ties keep order).
        let keys: Vec<u64> = (0..shuffled.realizations.len())
            .map(|i| realization_order.get(i).copied().unwrap_or(0))
            .collect();
        let mut indexed: Vec<(u64, Realization)> =
            keys.into_iter().zip(shuffled.realizations).collect();
        indexed.sort_by_key(|(key, _)| *key);
        shuffled.realizations = indexed.into_iter().map(|(_, r)| r).collect();

        let shuffled_book = BenefitsBook::new(shuffled).unwrap();
        let got = shuffled_book.review(as_of, &policy).unwrap();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn counted_totals_match_the_checkpoints(
        specs in vec(case_spec(), 1..=12),
        as_of_offset in 0u64..1500,
        policy in policy(),
    ) {
        let book = BenefitsBook::new(book_data(&specs)).unwrap();
        let as_of = base().checked_add_days(Days::new(as_of_offset)).unwrap();
        for initiative in book.initiative_reviews(as_of, &policy).unwrap() {
            let expected: Decimal = initiative.counted().map(|c| c.expected()).sum();
            let realized: Decimal = initiative
                .counted()
                .map(|c| c.realized().unwrap_or(Decimal::ZERO))
                .sum();
            prop_assert_eq!(initiative.expected, expected);
            prop_assert_eq!(initiative.realized, realized);
            prop_assert_eq!(initiative.rate.is_none(), expected.is_zero());
            for checkpoint in &initiative.checkpoints {
                // Nothing counts before it is due.
                if checkpoint.due_on() > as_of {
                    prop_assert!(!checkpoint.counted());
                }
            }
        }
    }
}
