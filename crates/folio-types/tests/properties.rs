//! Property tests for the invariants of folio-types's types.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use folio_types::strategy;
use folio_types::{Currency, Decimal, Error, Money, Period, PeriodKind, Series};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(512)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn midpoint_lies_inside_the_period(period in strategy::period()) {
        prop_assert!(period.contains(period.midpoint()));
        prop_assert!(period.contains(period.start()));
        prop_assert!(period.contains(period.end()));
        prop_assert!(period.start() <= period.end());
    }

    #[test]
    fn fraction_elapsed_is_bounded_and_never_decreases(
        period in strategy::period(),
        a in strategy::date(),
        b in strategy::date(),
    ) {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let f_early = period.fraction_elapsed(early).unwrap().value();
        let f_late = period.fraction_elapsed(late).unwrap().value();
        prop_assert!(Decimal::ZERO <= f_early && f_early <= Decimal::ONE);
        prop_assert!(Decimal::ZERO <= f_late && f_late <= Decimal::ONE);
        prop_assert!(f_early <= f_late);
        prop_assert_eq!(period.fraction_elapsed(period.end()).unwrap().value(), Decimal::ONE);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn text_form_round_trips(period in strategy::period()) {
        let text = period.to_string();
        prop_assert_eq!(text.parse::<Period>().unwrap(), period);
        let json = serde_json::to_string(&period).unwrap();
        prop_assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);
    }

    #[test]
    fn next_and_previous_are_inverse_and_adjacent(period in strategy::period()) {
        let next = period.next().unwrap();
        prop_assert_eq!(next.kind(), period.kind());
        prop_assert_eq!(period.end().succ_opt(), Some(next.start()));
        prop_assert_eq!(next.previous().unwrap(), period);
        if period.kind() == PeriodKind::Custom {
            prop_assert_eq!(next.len_days(), period.len_days());
        }
    }

    #[test]
    fn months_tile_the_period_without_gaps(period in strategy::period()) {
        let months: Vec<Period> = period.months().collect();
        prop_assert!(!months.is_empty());
        prop_assert!(months[0].contains(period.start()));
        prop_assert!(months.last().unwrap().contains(period.end()));
        for pair in months.windows(2) {
            prop_assert_eq!(pair[0].end().succ_opt(), Some(pair[1].start()));
        }
        let quarters: Vec<Period> = period.quarters().collect();
        prop_assert!(quarters.len() <= months.len());
        prop_assert!(quarters.iter().all(|q| q.overlaps(&period)));
    }

    #[test]
    fn series_as_of_agrees_with_a_linear_scan(
        series in strategy::series(0i32..100, 40),
        query in strategy::date(),
    ) {
        let scanned = series.iter().rfind(|o| o.date <= query);
        prop_assert_eq!(series.as_of(query), scanned);
    }

    #[test]
    fn series_window_agrees_with_a_filter(
        series in strategy::series(0i32..100, 40),
        a in strategy::date(),
        b in strategy::date(),
    ) {
        let filtered: Vec<_> = series.iter().filter(|o| a <= o.date && o.date <= b).copied().collect();
        prop_assert_eq!(series.window(a, b).to_vec(), filtered);
    }

    #[test]
    fn last_change_is_when_the_value_last_moved(
        series in strategy::series(0i32..3, 30),
        query in strategy::date(),
    ) {
        let history: Vec<_> = series.iter().filter(|o| o.date <= query).collect();
        match series.last_change(query) {
            None => prop_assert!(history.is_empty()),
            Some(change) => {
                let current = history.last().unwrap().value;
                prop_assert_eq!(change.value, current);
                // Every observation from the change on holds the current value...
                prop_assert!(history.iter().filter(|o| o.date >= change.date).all(|o| o.value == current));
                // ...and the one just before it (if any) does not.
                if let Some(before) = history.iter().rfind(|o| o.date < change.date) {
                    prop_assert_ne!(before.value, current);
                }
            }
        }
    }

    #[test]
    fn building_a_series_sorts_or_names_a_duplicate(raw in strategy::raw_observations(0i32..10, 30)) {
        let dates: BTreeSet<NaiveDate> = raw.iter().map(|o| o.date).collect();
        match Series::from_observations(raw.clone()) {
            Ok(series) => {
                prop_assert_eq!(dates.len(), raw.len());
                prop_assert!(series.as_slice().windows(2).all(|w| w[0].date < w[1].date));
                prop_assert_eq!(series.len(), raw.len());
            }
            Err(Error::DuplicateDate { date }) => {
                prop_assert!(dates.len() < raw.len());
                prop_assert!(raw.iter().filter(|o| o.date == date).count() > 1);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn money_sums_are_order_independent(
        (amounts, shuffled) in proptest::collection::vec(strategy::money(Currency::new("EUR").unwrap()), 0..50)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
    ) {
        let eur = Currency::new("EUR").unwrap();
        prop_assert_eq!(Money::try_sum(eur, amounts).unwrap(), Money::try_sum(eur, shuffled).unwrap());
    }

    #[test]
    fn money_add_then_subtract_is_identity(
        a in strategy::money(Currency::new("USD").unwrap()),
        b in strategy::money(Currency::new("USD").unwrap()),
    ) {
        prop_assert_eq!(a.checked_add(b).unwrap().checked_sub(b).unwrap(), a);
        prop_assert_eq!(a.checked_add(b).unwrap(), b.checked_add(a).unwrap());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn valid_ids_round_trip_through_serde(text in "[^\\p{Cc}\\s][^\\p{Cc}]{0,60}[^\\p{Cc}\\s]") {
        let id = folio_types::ProductId::new(&text).unwrap();
        let json = serde_json::to_string(&id).unwrap();
        prop_assert_eq!(serde_json::from_str::<folio_types::ProductId>(&json).unwrap(), id);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn bounded_numbers_accept_exactly_their_range(value in strategy::decimal(100_000)) {
        use folio_types::{Confidence, Progress, RiskRating, Weight};
        prop_assert_eq!(Confidence::new(value).is_ok(), Decimal::ZERO <= value && value <= Decimal::ONE);
        prop_assert_eq!(Weight::new(value).is_ok(), value >= Decimal::ZERO);
        prop_assert_eq!(Progress::new(value).is_ok(), value >= Decimal::ZERO);
        prop_assert_eq!(RiskRating::new(value).is_ok(), Decimal::ONE <= value && value <= Decimal::from(5));
        // Serde runs the same check as the constructor.
        let json = format!("\"{value}\"");
        prop_assert_eq!(serde_json::from_str::<Confidence>(&json).is_ok(), Confidence::new(value).is_ok());
    }
}

#[test]
fn month_of_every_day_of_a_leap_year_contains_it() {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for offset in 0..366 {
        let day = start.checked_add_days(Days::new(offset)).unwrap();
        assert!(Period::month_of(day).unwrap().contains(day));
        assert!(Period::quarter_of(day).unwrap().contains(day));
        assert_eq!(Period::year_of(day).unwrap().len_days(), 366);
    }
}
