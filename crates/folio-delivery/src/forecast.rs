//! Monte Carlo forecasts on historical throughput: "how many items by this date" and
//! "when will these N items be done", at 50, 85 and 95% confidence.
//!
//! # Method
//!
//! The method of jira-agile-metrics (`calculators/forecast.py`:
//! `calculate_daily_throughput`, `throughput_sampler`, `burnup_monte_carlo`) and of
//! Actionable Agile's Monte Carlo "How many" and "When": the history is the daily
//! throughput over a sampling window (calendar days, days with nothing finished
//! included, from [`Flow::daily_throughput`](crate::Flow::daily_throughput)). One
//! trial draws a day of history uniformly at random, with replacement, for every day
//! it simulates. The first simulated day is `start` itself (jira-agile-metrics starts
//! the day after its last burn-up date: pass that day as `start`). Where
//! jira-agile-metrics reads its finish-date quantiles with pandas' linear
//! interpolation, these forecasts use the nearest rank, so every answer is the
//! outcome of an actual trial.
//!
//! - **How many by a date**: a trial sums its draws over the days `start..=deadline`.
//!   The answer at confidence `c` is the largest count that at least `c` of the trials
//!   reached (nearest rank on the totals sorted from high to low): "85%: at least 23
//!   items".
//! - **When will N be done**: a trial draws day after day from `start` until its sum
//!   reaches `N` (or `max_days` pass). The answer at `c` is the day by which at least
//!   `c` of the trials had finished (nearest rank on the days sorted from early to
//!   late); `None` when more than `1 − c` of the trials did not finish within
//!   `max_days`.
//!
//! # Determinism
//!
//! The generator is `rand_chacha`'s `ChaCha8Rng` seeded from the caller's `u64`, and a
//! day is drawn with Lemire's unbiased multiply-and-reject method on its 64-bit output,
//! so the same history, seed and trial count give the same forecast on every
//! platform. With a constant throughput of `k` a day, every trial is the same and the
//! forecast equals the analytic answer: `k · days` items, and `⌈N / k⌉` days.

use chrono::{Days, NaiveDate};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::stats::nearest_rank;

/// How a forecast is run: the number of trials and the generator's seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Forecast {
    /// How many trials (at least 1; 1,000 to 10,000 is usual).
    pub trials: u32,
    /// The generator's seed: the same seed gives the same forecast.
    pub seed: u64,
}

/// The answer to "how many items by `deadline`".
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct HowMany {
    /// The first simulated day.
    pub start: NaiveDate,
    /// The last simulated day.
    pub deadline: NaiveDate,
    /// Days simulated, `deadline − start + 1`.
    pub days: u32,
    /// How the forecast was run.
    pub forecast: Forecast,
    /// At least this many in half of the trials.
    pub at_50: u64,
    /// At least this many in 85% of the trials.
    pub at_85: u64,
    /// At least this many in 95% of the trials.
    pub at_95: u64,
    /// One sentence in plain language.
    pub summary: String,
}

/// The answer to "when will `remaining` items be done".
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct WhenDone {
    /// The first simulated day.
    pub start: NaiveDate,
    /// Items to finish.
    pub remaining: u64,
    /// How the forecast was run.
    pub forecast: Forecast,
    /// The longest a trial ran.
    pub max_days: u32,
    /// Done on or before this day in half of the trials.
    pub at_50: Option<NaiveDate>,
    /// Done on or before this day in 85% of the trials.
    pub at_85: Option<NaiveDate>,
    /// Done on or before this day in 95% of the trials.
    pub at_95: Option<NaiveDate>,
    /// Trials that had not finished after `max_days`.
    pub unfinished: u32,
    /// One sentence in plain language.
    pub summary: String,
}

const LEVELS: [(i64, u32); 3] = [(50, 2), (85, 2), (95, 2)];

fn level(index: usize) -> Decimal {
    LEVELS
        .get(index)
        .map_or(Decimal::ONE, |&(m, s)| Decimal::new(m, s))
}

fn check(history: &[u64], forecast: Forecast) -> Result<u64> {
    if forecast.trials == 0 {
        return Err(Error::InvalidArgument {
            name: "trials",
            value: "0".into(),
            problem: "a forecast needs at least one trial",
        });
    }
    if history.is_empty() {
        return Err(Error::NoHistory {
            what: "a forecast",
            problem: "the throughput history has no days",
        });
    }
    u64::try_from(history.len()).map_err(|_| Error::Overflow {
        operation: "counting history days",
    })
}

/// A uniform draw from `0..n` (`n > 0`), by Lemire's multiply-and-reject method.
fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    let threshold = n.wrapping_neg().checked_rem(n).unwrap_or(0);
    loop {
        let m = u128::from(rng.next_u64()).wrapping_mul(u128::from(n));
        let low = u64::try_from(m & u128::from(u64::MAX)).unwrap_or(0);
        if low >= threshold {
            return u64::try_from(m >> 64).unwrap_or(0);
        }
    }
}

fn draw(rng: &mut ChaCha8Rng, history: &[u64], n: u64) -> u64 {
    let index = usize::try_from(below(rng, n)).unwrap_or(0);
    history.get(index).copied().unwrap_or(0)
}

/// How many items will be done from `start` to `deadline` (both included), given the
/// daily throughput `history` (see the [module docs](self)).
///
/// ```
/// use folio_delivery::{Forecast, how_many_by};
///
/// // Two items every day, 30 days: 60 at every confidence.
/// let answer = how_many_by(&[2; 14], "2026-12-01".parse()?, "2026-12-30".parse()?,
///                          Forecast { trials: 1_000, seed: 7 })?;
/// assert_eq!((answer.at_50, answer.at_85, answer.at_95), (60, 60, 60));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for no trials or a deadline before `start`;
/// [`Error::NoHistory`] for an empty history; [`Error::Overflow`] past `u64`.
pub fn how_many_by(
    history: &[u64],
    start: NaiveDate,
    deadline: NaiveDate,
    forecast: Forecast,
) -> Result<HowMany> {
    let n = check(history, forecast)?;
    let days = u32::try_from(deadline.signed_duration_since(start).num_days())
        .ok()
        .and_then(|d| d.checked_add(1))
        .ok_or_else(|| Error::InvalidArgument {
            name: "deadline",
            value: deadline.to_string(),
            problem: "the deadline is before the start (or too far away)",
        })?;
    let mut rng = ChaCha8Rng::seed_from_u64(forecast.seed);
    let mut totals = Vec::with_capacity(usize::try_from(forecast.trials).unwrap_or(0));
    for _ in 0..forecast.trials {
        let mut total = 0_u64;
        for _ in 0..days {
            total = total
                .checked_add(draw(&mut rng, history, n))
                .ok_or(Error::Overflow {
                    operation: "summing simulated throughput",
                })?;
        }
        totals.push(total);
    }
    // From high to low: the value at nearest rank c is reached by at least c of them.
    totals.sort_unstable_by(|a, b| b.cmp(a));
    let at = |i| -> Result<u64> { Ok(nearest_rank(&totals, level(i))?.unwrap_or(0)) };
    let (at_50, at_85, at_95) = (at(0)?, at(1)?, at(2)?);
    let summary = format!(
        "From {start} to {deadline} ({days} days, {} trials): at least {at_85} items with 85% confidence, {at_95} with 95%, {at_50} with 50%.",
        forecast.trials
    );
    Ok(HowMany {
        start,
        deadline,
        days,
        forecast,
        at_50,
        at_85,
        at_95,
        summary,
    })
}

/// When `remaining` items will be done, starting on `start`, given the daily
/// throughput `history`; each trial runs at most `max_days` days (see the
/// [module docs](self)).
///
/// ```
/// use folio_delivery::{Forecast, when_done};
///
/// // Three items a day: 10 items take ⌈10 / 3⌉ = 4 days, 1-4 December.
/// let answer = when_done(&[3; 14], "2026-12-01".parse()?, 10, 365,
///                        Forecast { trials: 1_000, seed: 7 })?;
/// assert_eq!(answer.at_85, Some("2026-12-04".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for no trials, no items or `max_days` of 0;
/// [`Error::NoHistory`] for a history that is empty or finished nothing (no trial
/// could ever end).
pub fn when_done(
    history: &[u64],
    start: NaiveDate,
    remaining: u64,
    max_days: u32,
    forecast: Forecast,
) -> Result<WhenDone> {
    let n = check(history, forecast)?;
    if remaining == 0 {
        return Err(Error::InvalidArgument {
            name: "remaining",
            value: "0".into(),
            problem: "nothing to forecast: give at least one item",
        });
    }
    if max_days == 0 {
        return Err(Error::InvalidArgument {
            name: "max_days",
            value: "0".into(),
            problem: "a trial must be allowed at least one day",
        });
    }
    if history.iter().all(|&d| d == 0) {
        return Err(Error::NoHistory {
            what: "a completion forecast",
            problem: "nothing was finished on any day of the history",
        });
    }
    let mut rng = ChaCha8Rng::seed_from_u64(forecast.seed);
    let mut finished: Vec<u32> = Vec::with_capacity(usize::try_from(forecast.trials).unwrap_or(0));
    let mut unfinished = 0_u32;
    for _ in 0..forecast.trials {
        let mut total = 0_u64;
        let mut day = 0_u32;
        while total < remaining && day < max_days {
            total = total.saturating_add(draw(&mut rng, history, n));
            day = day.saturating_add(1);
        }
        if total >= remaining {
            finished.push(day);
        } else {
            unfinished = unfinished.saturating_add(1);
        }
    }
    // Unfinished trials sort last, as "later than max_days".
    let mut days: Vec<Option<u32>> = finished.into_iter().map(Some).collect();
    days.sort_unstable();
    days.extend((0..unfinished).map(|_| None));
    let at = |i| -> Result<Option<NaiveDate>> {
        Ok(nearest_rank(&days, level(i))?
            .flatten()
            .and_then(|d| start.checked_add_days(Days::new(u64::from(d.saturating_sub(1))))))
    };
    let (at_50, at_85, at_95) = (at(0)?, at(1)?, at(2)?);
    let show = |d: Option<NaiveDate>| {
        d.map_or_else(|| format!("not within {max_days} days"), |d| d.to_string())
    };
    let summary = format!(
        "{remaining} items from {start} ({} trials): done by {} with 85% confidence, by {} with 95%, by {} with 50%.",
        forecast.trials,
        show(at_85),
        show(at_95),
        show(at_50)
    );
    Ok(WhenDone {
        start,
        remaining,
        forecast,
        max_days,
        at_50,
        at_85,
        at_95,
        unfinished,
        summary,
    })
}
