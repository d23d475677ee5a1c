//! Proptest strategies for the folio-types types (feature `proptest`).
//!
//! Every folio crate draws its property-test inputs from here, so a generator fixed
//! once (a wider date range, a tricky decimal) improves every crate's tests.
//!
//! Decimal strategies produce values with a bounded number of digits so that sums of
//! many of them stay exact; the bounds are stated on each function.
//!
//! ```
//! use folio_types::strategy;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! runner
//!     .run(&strategy::confidence(), |c| {
//!         prop_assert!(c.value() <= rust_decimal::Decimal::ONE);
//!         Ok(())
//!     })
//!     .map_err(|e| e.to_string())?;
//! # Ok::<(), String>(())
//! ```

use chrono::{Days, NaiveDate};
use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::id::{KeyResultId, MetricId, ObjectiveId, ProductId, ProductLineId};
use crate::money::{Currency, Money};
use crate::number::{Confidence, Progress, Ratio, RiskRating, Weight};
use crate::period::Period;
use crate::series::{Observation, Series};

/// A decimal `units / 10^scale` with `|units| <= max_units` and `scale <= 4`.
pub fn decimal(max_units: i64) -> impl Strategy<Value = Decimal> + Clone {
    let max_units = max_units.saturating_abs();
    (max_units.saturating_neg()..=max_units, 0u32..=4)
        .prop_map(|(units, scale)| Decimal::new(units, scale))
}

/// A decimal in `0..=1` with up to four decimals.
pub fn unit_interval() -> impl Strategy<Value = Decimal> + Clone {
    (0i64..=10_000).prop_map(|units| Decimal::new(units, 4))
}

/// A [`Confidence`], with up to four decimals.
pub fn confidence() -> impl Strategy<Value = Confidence> + Clone {
    unit_interval().prop_filter_map("in range", |d| Confidence::new(d).ok())
}

/// A [`Weight`] in `0..=100` with up to two decimals.
pub fn weight() -> impl Strategy<Value = Weight> + Clone {
    (0i64..=10_000).prop_filter_map("in range", |units| Weight::new(Decimal::new(units, 2)).ok())
}

/// A strictly positive [`Weight`] in `0.01..=100`.
pub fn positive_weight() -> impl Strategy<Value = Weight> + Clone {
    (1i64..=10_000).prop_filter_map("in range", |units| Weight::new(Decimal::new(units, 2)).ok())
}

/// A [`Progress`] in `0..=2` (up to 200%, to cover over-achievement).
pub fn progress() -> impl Strategy<Value = Progress> + Clone {
    (0i64..=20_000).prop_filter_map("in range", |units| {
        Progress::new(Decimal::new(units, 4)).ok()
    })
}

/// A [`RiskRating`]: a whole rating 1-5 or a fraction in between.
pub fn risk_rating() -> impl Strategy<Value = RiskRating> + Clone {
    (100i64..=500).prop_filter_map("in range", |units| {
        RiskRating::new(Decimal::new(units, 2)).ok()
    })
}

/// A [`Ratio`] in `-10..=10` with up to four decimals.
pub fn ratio() -> impl Strategy<Value = Ratio> + Clone {
    (-100_000i64..=100_000)
        .prop_filter_map("in range", |units| Ratio::new(Decimal::new(units, 4)).ok())
}

/// One of a few common currencies.
pub fn currency() -> impl Strategy<Value = Currency> + Clone {
    prop::sample::select(vec!["EUR", "USD", "GBP", "JPY"])
        .prop_filter_map("valid code", |code| Currency::new(code).ok())
}

/// An amount of money in `currency`, in cents, `|amount| <= 10^10`.
///
/// A sum of up to 10^8 such amounts is exact, so money sums drawn from here are order
/// independent.
pub fn money(currency: Currency) -> impl Strategy<Value = Money> + Clone {
    (-1_000_000_000_000i64..=1_000_000_000_000)
        .prop_map(move |cents| Money::new(Decimal::new(cents, 2), currency))
}

/// A date between 2000-01-01 and 2099-12-31.
pub fn date() -> impl Strategy<Value = NaiveDate> + Clone {
    (0u64..36_524).prop_filter_map("in range", |offset| {
        NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| d.checked_add_days(Days::new(offset)))
    })
}

/// A period of any kind: a month, quarter or year between 2000 and 2099, or a custom
/// range of 1 to 400 days starting in that span.
pub fn period() -> impl Strategy<Value = Period> + Clone {
    prop_oneof![
        (2000i32..2100, 1u32..=12).prop_filter_map("valid", |(y, m)| Period::month(y, m).ok()),
        (2000i32..2100, 1u32..=4).prop_filter_map("valid", |(y, q)| Period::quarter(y, q).ok()),
        (2000i32..2100).prop_filter_map("valid", |y| Period::year(y).ok()),
        (date(), 0u64..400).prop_filter_map("valid", |(start, extra)| {
            start
                .checked_add_days(Days::new(extra))
                .and_then(|end| Period::custom(start, end).ok())
        }),
    ]
}

/// A series of up to `max_len` observations with distinct dates, values from `value`.
pub fn series<T: std::fmt::Debug + Clone>(
    value: impl Strategy<Value = T> + Clone,
    max_len: usize,
) -> impl Strategy<Value = Series<T>> + Clone {
    vec((date(), value), 0..=max_len).prop_map(|points| {
        let mut series = Series::new();
        for (date, value) in points {
            // Later points on an already used date are dropped so the dates stay
            // distinct; the strategy's values are arbitrary, so nothing is lost.
            let _ = series.insert(date, value);
        }
        series
    })
}

/// A list of observations in arbitrary order, possibly with repeated dates: raw input
/// for testing how builders treat duplicates.
pub fn raw_observations<T: std::fmt::Debug + Clone>(
    value: impl Strategy<Value = T> + Clone,
    max_len: usize,
) -> impl Strategy<Value = Vec<Observation<T>>> + Clone {
    vec(
        (date(), value).prop_map(|(d, v)| Observation::new(d, v)),
        0..=max_len,
    )
}

/// A short lowercase id text, such as `"p3k"`.
fn id_text() -> impl Strategy<Value = String> + Clone {
    "[a-z][a-z0-9-]{0,11}"
}

/// A [`ProductId`].
pub fn product_id() -> impl Strategy<Value = ProductId> + Clone {
    id_text().prop_filter_map("valid id", |s| ProductId::new(s).ok())
}

/// A [`ProductLineId`].
pub fn product_line_id() -> impl Strategy<Value = ProductLineId> + Clone {
    id_text().prop_filter_map("valid id", |s| ProductLineId::new(s).ok())
}

/// An [`ObjectiveId`].
pub fn objective_id() -> impl Strategy<Value = ObjectiveId> + Clone {
    id_text().prop_filter_map("valid id", |s| ObjectiveId::new(s).ok())
}

/// A [`KeyResultId`].
pub fn key_result_id() -> impl Strategy<Value = KeyResultId> + Clone {
    id_text().prop_filter_map("valid id", |s| KeyResultId::new(s).ok())
}

/// A [`MetricId`].
pub fn metric_id() -> impl Strategy<Value = MetricId> + Clone {
    id_text().prop_filter_map("valid id", |s| MetricId::new(s).ok())
}
