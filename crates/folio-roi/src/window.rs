//! Time windows: ranges of periods and calendar periods.
//!
//! A [`Window`] selects the flows of a business case: the benefit window says when
//! benefits are expected, and [`crate::BusinessCase::roi`] measures ROI over the flows in
//! a window. Its kind must match the schedule's: a [`PeriodRange`] for periodic flows,
//! a [`Period`] for dated ones.

use std::fmt;

use chrono::NaiveDate;
use folio_types::Period;

use crate::error::{Error, Result};

/// Where an amount falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Time {
    /// A period index.
    Period(usize),
    /// A date.
    Date(NaiveDate),
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Period(i) => write!(f, "period {i}"),
            Self::Date(d) => write!(f, "{d}"),
        }
    }
}

/// An inclusive range of period indices, `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "PeriodRangeData"))]
pub struct PeriodRange {
    /// The first period in the window.
    first: u32,
    /// The last period in the window (inclusive).
    last: u32,
}

#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct PeriodRangeData {
    first: u32,
    last: u32,
}

impl TryFrom<PeriodRangeData> for PeriodRange {
    type Error = Error;

    fn try_from(data: PeriodRangeData) -> Result<Self> {
        Self::new(data.first, data.last)
    }
}

impl PeriodRange {
    /// The periods `first..=last`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidWindow`] if `last < first`.
    ///
    /// ```
    /// use folio_roi::PeriodRange;
    ///
    /// let range = PeriodRange::new(1, 4)?;
    /// assert_eq!((range.first(), range.last()), (1, 4));
    /// assert!(PeriodRange::new(4, 1).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(first: u32, last: u32) -> Result<Self> {
        if last < first {
            return Err(Error::InvalidWindow { first, last });
        }
        Ok(Self { first, last })
    }

    /// The first period.
    pub fn first(&self) -> u32 {
        self.first
    }

    /// The last period (inclusive).
    pub fn last(&self) -> u32 {
        self.last
    }

    fn contains(&self, period: usize) -> bool {
        u32::try_from(period).is_ok_and(|p| (self.first..=self.last).contains(&p))
    }
}

/// A time window: a range of periods for periodic flows, or a calendar period (a
/// month, quarter, year or custom range of days) for dated flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Window {
    /// Periods `first..=last` of a periodic schedule.
    Periods(PeriodRange),
    /// The days of a [`Period`], for a dated schedule.
    Dates(Period),
}

impl Window {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Periods(_) => "periods",
            Self::Dates(_) => "dates",
        }
    }

    /// Whether `time` falls in the window; an error if the kinds differ.
    pub(crate) fn contains(&self, time: Time) -> Result<bool> {
        match (self, time) {
            (Self::Periods(range), Time::Period(i)) => Ok(range.contains(i)),
            (Self::Dates(period), Time::Date(d)) => Ok(period.contains(d)),
            (Self::Periods(_), Time::Date(_)) => Err(Error::WindowMismatch {
                window: "periods",
                schedule: "dated",
            }),
            (Self::Dates(_), Time::Period(_)) => Err(Error::WindowMismatch {
                window: "dates",
                schedule: "periodic",
            }),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Periods(r) => write!(f, "periods {}..={}", r.first, r.last),
            Self::Dates(p) => write!(f, "{p}"),
        }
    }
}
