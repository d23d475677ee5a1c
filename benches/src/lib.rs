//! Deterministic data generators for folio's criterion benchmarks.
//!
//! The benchmarks need large, realistic inputs that are the same on every run, so the
//! generators here are driven by a small seeded pseudo-random generator
//! ([`SplitMix64`]) rather than by a random source: same seed, same portfolio.

use chrono::Days;
use folio::{
    Currency, Decimal, MetricId, Money, NaiveDate, Observation, Period, ProductId, Series,
};
use folio_metrics::Observations;

/// The `SplitMix64` generator: tiny, fast and good enough to spread benchmark data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`0` when `bound` is zero).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64().checked_rem(bound).unwrap_or(0)
    }
}

/// The first day of the generated data.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A daily series of `len` decimal readings starting at [`epoch`].
pub fn daily_series(len: usize, seed: u64) -> Series<Decimal> {
    let mut rng = SplitMix64::new(seed);
    let observations = (0..len)
        .filter_map(|day| {
            let date = epoch().checked_add_days(chrono_days(day))?;
            let value = Decimal::new(i64::try_from(rng.below(1_000_000)).ok()?, 2);
            Some(Observation::new(date, value))
        })
        .collect();
    Series::from_observations(observations).unwrap_or_default()
}

fn chrono_days(n: usize) -> Days {
    Days::new(u64::try_from(n).unwrap_or(u64::MAX))
}

/// `len` amounts in cents in one currency.
pub fn amounts(len: usize, currency: Currency, seed: u64) -> Vec<Money> {
    let mut rng = SplitMix64::new(seed);
    (0..len)
        .map(|_| {
            let cents = i64::try_from(rng.below(100_000_000)).unwrap_or(0);
            Money::new(Decimal::new(cents, 2), currency)
        })
        .collect()
}

/// Monthly readings of `metric` for `products` products over `months` months starting
/// at [`epoch`], each filed on the month's last day: the portfolio the metrics
/// benchmarks aggregate and evaluate rules over. Also returns the months, oldest first.
pub fn monthly_observations(
    metric: &MetricId,
    products: usize,
    months: u32,
    seed: u64,
) -> (Observations, Vec<Period>) {
    let mut rng = SplitMix64::new(seed);
    let mut periods = Vec::new();
    let mut month = Period::month_of(epoch()).ok();
    for _ in 0..months {
        let Some(current) = month else { break };
        periods.push(current);
        month = current.next().ok();
    }
    let mut observations = Observations::new();
    for p in 0..products {
        let Ok(product) = ProductId::new(format!("p{p:05}")) else {
            continue;
        };
        for period in &periods {
            let value = Decimal::new(i64::try_from(rng.below(10_000_000)).unwrap_or(0), 2);
            // Each (product, month) pair is new, so the insert cannot collide.
            let _ = observations.insert(metric.clone(), product.clone(), period.end(), value);
        }
    }
    (observations, periods)
}
