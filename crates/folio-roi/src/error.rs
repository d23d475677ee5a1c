//! The one error type of folio-roi.

use folio_types::{Currency, Ratio};

/// Everything that can go wrong when building a business case or computing a measure.
///
/// Variants name the offending initiative, field or value, so that a message read in a
/// log is enough to find the bad input. The enum is `#[non_exhaustive]`: match on the
/// variants you handle and keep a catch-all arm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from folio-types (an invalid id, a currency mismatch in core money
    /// arithmetic, an overflow in a core type, ...).
    #[error(transparent)]
    Core(#[from] folio_types::Error),

    /// A measure was asked of a schedule with no cash flows at all.
    #[error("{what} has no cash flows")]
    Empty {
        /// What was empty, such as `"periodic flows"`.
        what: &'static str,
    },

    /// A rate is -100% or below, where discounting is undefined, or is otherwise
    /// unusable.
    #[error("{name} {value} is not usable: {reason}")]
    InvalidRate {
        /// Which rate, such as `"discount rate"`.
        name: &'static str,
        /// The rejected rate, as text.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// A rate-search range is empty or reaches -100%.
    #[error("invalid rate search range {min}..={max}: {reason}")]
    InvalidSearchRange {
        /// The lower end given.
        min: String,
        /// The upper end given.
        max: String,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// An amount is in another currency than the schedule or business case it belongs
    /// to.
    #[error("{context}: amount in {found}, expected {expected}")]
    CurrencyMismatch {
        /// Where the amount was found, such as `initiative "checkout" people_cost[2]`.
        context: String,
        /// The currency of the schedule or business case.
        expected: Currency,
        /// The currency of the offending amount.
        found: Currency,
    },

    /// The cash flows never change sign (all inflows, all outflows or all zero), so no
    /// rate of return exists.
    #[error("no rate of return: the cash flows never change sign")]
    NoSignChange,

    /// No rate of return was found inside the search range.
    #[error(
        "no rate of return found in the range searched, {min} to {max}; widen it with \
         RateSearch::new (any lowest rate above -1, a highest rate up to 1000000)"
    )]
    NoRateInRange {
        /// The lower end of the range searched.
        min: Ratio,
        /// The upper end of the range searched.
        max: Ratio,
    },

    /// The cash flows have more than one rate of return in the search range; all of
    /// them are carried here, lowest first. Only the strict solvers
    /// ([`crate::irr_strict`], [`crate::xirr_strict`]) return this; the others return
    /// the spreadsheet's rate with the list as a [`crate::Rates`] value.
    #[error("the cash flows have {} rates of return: {}", rates.len(), list(rates))]
    MultipleRates {
        /// Every rate found, lowest first.
        rates: Vec<Ratio>,
    },

    /// A day-count convention name that is not one of [`crate::DayCount`]'s.
    #[error(
        "unknown day-count convention {name:?}; expected one of ACT/365F, ACT/360, ACT/365.25, ACT/ACT ISDA, 30/360 ISDA, 30U/360, 30E/360, 30E/360 ISDA"
    )]
    UnknownDayCount {
        /// The name given.
        name: String,
    },

    /// An iterative solver used up its iteration budget without meeting its tolerance.
    #[error("the {method} solver did not converge within {iterations} iterations")]
    NoConvergence {
        /// The method that gave up, such as `"Brent"`.
        method: &'static str,
        /// The iteration budget it used up.
        iterations: u32,
    },

    /// An arithmetic operation overflowed, or a floating-point step left the finite
    /// numbers.
    #[error("arithmetic overflow while {operation}")]
    Overflow {
        /// What was being computed.
        operation: &'static str,
    },

    /// A cost or benefit component holds a negative amount. Components are
    /// magnitudes: costs count against the case and benefits for it by their field, not
    /// by their sign.
    #[error("initiative {} {field}: negative amount {amount}", folio_types::error::quote(.initiative))]
    NegativeAmount {
        /// The initiative.
        initiative: String,
        /// The component and position, such as `"vendor_cost[1]"`.
        field: String,
        /// The rejected amount, as text.
        amount: String,
    },

    /// Periodic and dated schedules were mixed in one business case or product line.
    #[error("{context}: periodic and dated cash flows cannot be mixed")]
    ScheduleMismatch {
        /// Where the mix was found, such as `initiative "checkout" benefit_window`.
        context: String,
    },

    /// A benefit falls outside the business case's benefit window.
    #[error(
        "initiative {initiative:?} {field}: benefit at {at} lies outside the benefit window {window}"
    )]
    BenefitOutsideWindow {
        /// The initiative.
        initiative: String,
        /// The component and position, such as `"revenue[7]"`.
        field: String,
        /// The period index or date of the benefit, as text.
        at: String,
        /// The window, as text.
        window: String,
    },

    /// A window of periods ends before it starts.
    #[error("invalid window of periods {first}..={last}: the last period is before the first")]
    InvalidWindow {
        /// The first period given.
        first: u32,
        /// The last period given.
        last: u32,
    },

    /// A window was given whose kind (periods or dates) does not match the schedule.
    #[error("a window of {window} cannot select from {schedule} cash flows")]
    WindowMismatch {
        /// The kind of window, `"periods"` or `"dates"`.
        window: &'static str,
        /// The kind of schedule, `"periodic"` or `"dated"`.
        schedule: &'static str,
    },

    /// ROI is undefined because nothing was invested in the window.
    #[error("ROI of {subject} is undefined: no investment in the window")]
    NoInvestment {
        /// Whose ROI was asked, such as `initiative "checkout"`.
        subject: String,
    },

    /// Two business cases share an initiative id.
    #[error("duplicate initiative {}", folio_types::error::quote(.id))]
    DuplicateInitiative {
        /// The repeated id.
        id: String,
    },

    /// Paybacks in different units (periods and days) were compared.
    #[error(
        "cannot compare the payback of {left:?} (in {left_unit}) with {right:?} (in {right_unit})"
    )]
    IncomparablePayback {
        /// The first initiative.
        left: String,
        /// Its unit.
        left_unit: &'static str,
        /// The second initiative.
        right: String,
        /// Its unit.
        right_unit: &'static str,
    },
}

/// The rates as a comma-separated list, for [`Error::MultipleRates`].
fn list(rates: &[Ratio]) -> String {
    rates
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The result type of folio-roi.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_sync_and_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_name_the_offending_value() {
        let rates = vec![
            Ratio::new("0.1".parse().unwrap()).unwrap(),
            Ratio::new("0.2".parse().unwrap()).unwrap(),
        ];
        assert_eq!(
            Error::MultipleRates { rates }.to_string(),
            "the cash flows have 2 rates of return: 0.1, 0.2"
        );
        assert_eq!(
            Error::NegativeAmount {
                initiative: "checkout".into(),
                field: "vendor_cost[1]".into(),
                amount: "-5".into(),
            }
            .to_string(),
            "initiative \"checkout\" vendor_cost[1]: negative amount -5"
        );
        let core = folio_types::Error::Overflow { operation: "x" };
        assert_eq!(Error::from(core.clone()).to_string(), core.to_string());
    }
}
