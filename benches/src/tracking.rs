//! Check-in streams for the tracking benchmarks.

use chrono::Days;
use folio_analytics::okr::PortfolioData;
use folio_analytics::okr::tracking::{CheckIn, Reading};
use folio_analytics::{Confidence, Decimal, Period};

use crate::SplitMix64;

/// Weekly check-ins for every key result of `portfolio`: `weeks` of them, the first on
/// the period's 5th day, each with a value that moves in three weeks out of four and a
/// confidence in 0.1..=1.0; about one in twenty key results goes silent after week 2.
pub fn weekly_check_ins(
    portfolio: &PortfolioData,
    period: Period,
    weeks: u64,
    seed: u64,
) -> Vec<CheckIn> {
    let mut rng = SplitMix64::new(seed);
    let mut check_ins = Vec::with_capacity(portfolio.key_results.len().saturating_mul(13));
    for kr in &portfolio.key_results {
        let silent_after = if rng.below(20) == 0 { 2 } else { weeks };
        let mut value = i64::try_from(rng.below(100)).unwrap_or(0);
        for week in 0..weeks.min(silent_after) {
            let Some(date) = period
                .start()
                .checked_add_days(Days::new(week.saturating_mul(7).saturating_add(4)))
                .filter(|d| period.contains(*d))
            else {
                continue;
            };
            if rng.below(4) != 0 {
                value = value.saturating_add(1);
            }
            let confidence = i64::try_from(rng.below(10)).unwrap_or(0).saturating_add(1);
            check_ins.push(CheckIn {
                key_result: kr.id.clone(),
                date,
                reading: Reading::Value(Decimal::from(value)),
                confidence: Confidence::new(Decimal::new(confidence, 1)).unwrap_or(Confidence::ONE),
                note: String::new(),
                blocker: None,
                decision_needed: None,
            });
        }
    }
    check_ins
}
