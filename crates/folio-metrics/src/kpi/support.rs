//! Cost-to-serve signals: tickets per active account and time to resolution.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::kpi::adoption::{DateSpan, span_distribution};
use crate::kpi::stats::Distribution;
use crate::math;

/// Support tickets per active account in a period, `tickets / active_accounts`.
///
/// ```
/// use folio_metrics::kpi::tickets_per_active_account;
/// use rust_decimal::Decimal;
///
/// assert_eq!(tickets_per_active_account(340, 200)?, Decimal::new(17, 1)); // 1.7
/// assert!(tickets_per_active_account(3, 0).is_err());
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`crate::Error::ZeroDenominator`] for no active accounts.
pub fn tickets_per_active_account(tickets: u64, active_accounts: u64) -> Result<Decimal> {
    math::fraction(
        math::from_u64(tickets),
        math::from_u64(active_accounts),
        "active accounts",
        "tickets per active account",
    )
}

/// Time to resolution: the distribution of days from each ticket's opening to its
/// resolution; its `median` is the median time to resolution. Tickets still open are
/// left out by the caller (they have no end yet).
///
/// ```
/// use folio_metrics::kpi::{time_to_resolution, DateSpan};
/// use rust_decimal::Decimal;
///
/// let span = |a: &str, b: &str| -> Result<DateSpan, chrono::ParseError> {
///     Ok(DateSpan { start: a.parse()?, end: b.parse()? })
/// };
/// let ttr = time_to_resolution(&[
///     span("2026-05-01", "2026-05-01")?,
///     span("2026-05-01", "2026-05-03")?,
///     span("2026-05-02", "2026-05-09")?,
///     span("2026-05-04", "2026-05-05")?,
/// ])?;
/// assert_eq!(ttr.median, Decimal::new(15, 1)); // days 0, 1, 2, 7: (1 + 2) / 2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`crate::Error::Empty`] for no tickets; [`crate::Error::InvalidValue`] for a ticket
/// resolved before it was opened.
pub fn time_to_resolution(tickets: &[DateSpan]) -> Result<Distribution> {
    span_distribution(tickets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_table() {
        assert_eq!(tickets_per_active_account(0, 5).unwrap(), Decimal::ZERO);
        assert_eq!(
            tickets_per_active_account(5, 4).unwrap(),
            Decimal::new(125, 2)
        );
        assert!(tickets_per_active_account(0, 0).is_err());
    }
}
