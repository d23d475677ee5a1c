//! Day-count conventions: how the time between two dates becomes a fraction of a year
//! for [`crate::xnpv_with`] and [`crate::xirr_with`].
//!
//! The conventions and their names follow pyxirr (`src/core/scheduled/day_count.rs` in
//! the Anexen/pyxirr repository), which follows the ISDA 2006 definitions; the default,
//! [`DayCount::Act365F`], is what the spreadsheet `XNPV` and `XIRR` use.
//!
//! | convention | year fraction from `d₁` to `d₂` |
//! |---|---|
//! | [`DayCount::Act365F`] | actual days / 365 |
//! | [`DayCount::Act360`] | actual days / 360 |
//! | [`DayCount::Act365_25`] | actual days / 365.25 |
//! | [`DayCount::ActActIsda`] | days in non-leap years / 365 + days in leap years / 366 |
//! | [`DayCount::Thirty360Isda`] | 30/360 (bond basis): day 31 becomes 30; `d₂`'s 31 only if `d₁`'s day is 30 or 31 |
//! | [`DayCount::Thirty360Us`] | 30U/360 (NASD): as 30/360, and the last day of February counts as 30 when `d₁` is one (and `d₂` too when both are) |
//! | [`DayCount::ThirtyE360`] | 30E/360 (Eurobond basis): day 31 becomes 30 on both dates |
//! | [`DayCount::ThirtyE360Isda`] | 30E/360 ISDA (German): as 30E/360, and the last day of February counts as 30 |
//!
//! Every 30/360 count is `360 (y₂ - y₁) + 30 (m₂ - m₁) + (D₂ - D₁)` with the adjusted
//! days `D₁`, `D₂`, divided by 360.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// How the time between two dates becomes a fraction of a year; see the
/// [module docs](self). The default is [`DayCount::Act365F`], the spreadsheet's.
///
/// Parses from and displays as pyxirr's names (case-insensitive, with pyxirr's aliases):
///
/// ```
/// use folio_types::NaiveDate;
/// use folio_roi::DayCount;
///
/// let dc: DayCount = "30E/360".parse()?;
/// assert_eq!(dc, DayCount::ThirtyE360);
/// assert_eq!(DayCount::default().to_string(), "ACT/365F");
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// // 2007-01-15 to 2007-01-31 is 16 days in 30U/360 and 15 in 30E/360
/// // (XLeratorDB DAYS360 table, quoted in pyxirr's day-count tests).
/// assert_eq!(DayCount::Thirty360Us.days(d(2007, 1, 15)?, d(2007, 1, 31)?), 16);
/// assert_eq!(DayCount::ThirtyE360.days(d(2007, 1, 15)?, d(2007, 1, 31)?), 15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How the time between two dates becomes a fraction of a year, named as pyxirr names the conventions; ACT/365F (the spreadsheet's) by default."
    )
)]
#[non_exhaustive]
pub enum DayCount {
    /// Actual/365 Fixed: actual days over 365 (the spreadsheet `XIRR`'s convention).
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "ACT/365F"))]
    Act365F,
    /// Actual/360 ("French"): actual days over 360.
    #[cfg_attr(feature = "serde", serde(rename = "ACT/360"))]
    Act360,
    /// Actual/365.25: actual days over 365.25.
    #[cfg_attr(feature = "serde", serde(rename = "ACT/365.25"))]
    Act365_25,
    /// Actual/Actual ISDA: days falling in leap years over 366, the others over 365.
    #[cfg_attr(feature = "serde", serde(rename = "ACT/ACT ISDA"))]
    ActActIsda,
    /// 30/360 ISDA, "bond basis".
    #[cfg_attr(feature = "serde", serde(rename = "30/360 ISDA"))]
    Thirty360Isda,
    /// 30U/360, "30/360 US" (NASD, SIA): 30/360 with the February end-of-month rule.
    #[cfg_attr(feature = "serde", serde(rename = "30U/360"))]
    Thirty360Us,
    /// 30E/360, "Eurobond basis" (ISMA).
    #[cfg_attr(feature = "serde", serde(rename = "30E/360"))]
    ThirtyE360,
    /// 30E/360 ISDA, "German": 30E/360 with the last day of February counted as 30.
    #[cfg_attr(feature = "serde", serde(rename = "30E/360 ISDA"))]
    ThirtyE360Isda,
}

impl DayCount {
    /// Every convention, in declaration order.
    pub const ALL: [DayCount; 8] = [
        DayCount::Act365F,
        DayCount::Act360,
        DayCount::Act365_25,
        DayCount::ActActIsda,
        DayCount::Thirty360Isda,
        DayCount::Thirty360Us,
        DayCount::ThirtyE360,
        DayCount::ThirtyE360Isda,
    ];

    /// The days from `from` to `to` as the convention counts them (actual days for the
    /// actual conventions), negative if `to` is earlier.
    ///
    /// ```
    /// use folio_types::NaiveDate;
    /// use folio_roi::DayCount;
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// // XLeratorDB DAYS360 table (via pyxirr): 2007-02-28 to 2007-03-31 is
    /// // 30 (30U/360), 32 (30E/360), 30 (30E/360 ISDA) and 31 actual days.
    /// let (a, b) = (d(2007, 2, 28)?, d(2007, 3, 31)?);
    /// assert_eq!(DayCount::Thirty360Us.days(a, b), 30);
    /// assert_eq!(DayCount::ThirtyE360.days(a, b), 32);
    /// assert_eq!(DayCount::ThirtyE360Isda.days(a, b), 30);
    /// assert_eq!(DayCount::Act360.days(a, b), 31);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(self, from: NaiveDate, to: NaiveDate) -> i64 {
        let actual = to.signed_duration_since(from).num_days();
        let d1 = i64::from(from.day());
        let d2 = i64::from(to.day());
        match self {
            Self::Act365F | Self::Act360 | Self::Act365_25 | Self::ActActIsda => actual,
            Self::Thirty360Isda => {
                let d1 = d1.min(30);
                let d2 = if d1 >= 30 { d2.min(30) } else { d2 };
                thirty_360(from, to, d1, d2)
            }
            Self::Thirty360Us => {
                let feb1 = is_last_day_of_february(from);
                let d1 = if feb1 { 30 } else { d1.min(30) };
                let d2 = if feb1 && is_last_day_of_february(to) {
                    30
                } else if d1 >= 30 {
                    d2.min(30)
                } else {
                    d2
                };
                thirty_360(from, to, d1, d2)
            }
            Self::ThirtyE360 => thirty_360(from, to, d1.min(30), d2.min(30)),
            Self::ThirtyE360Isda => {
                let adjust = |date: NaiveDate, day: i64| {
                    if is_last_day_of_february(date) {
                        30
                    } else {
                        day.min(30)
                    }
                };
                thirty_360(from, to, adjust(from, d1), adjust(to, d2))
            }
        }
    }

    /// The years from `from` to `to` under this convention, negative if `to` is earlier.
    ///
    /// ```
    /// use folio_types::NaiveDate;
    /// use folio_roi::DayCount;
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// // deltaquants.com example 1 (via pyxirr): 2007-12-28 to 2008-02-28 is
    /// // 4/365 + 58/366 years ACT/ACT ISDA and 62/360 ACT/360.
    /// let (a, b) = (d(2007, 12, 28)?, d(2008, 2, 28)?);
    /// assert_eq!(DayCount::ActActIsda.year_fraction(a, b), 4.0 / 365.0 + 58.0 / 366.0);
    /// assert_eq!(DayCount::Act360.year_fraction(a, b), 62.0 / 360.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn year_fraction(self, from: NaiveDate, to: NaiveDate) -> f64 {
        if to < from {
            return -self.year_fraction(to, from);
        }
        let days = days_f64(self.days(from, to));
        match self {
            Self::Act365F => days / 365.0,
            Self::Act360 => days / 360.0,
            Self::Act365_25 => days / 365.25,
            Self::ActActIsda => {
                // Split the actual days at each 1 January between the dates.
                let (mut normal, mut leap) = (0_i64, 0_i64);
                let mut start = from;
                while start < to {
                    let next_year =
                        NaiveDate::from_ymd_opt(start.year().saturating_add(1), 1, 1).unwrap_or(to);
                    let end = next_year.min(to);
                    let span = end.signed_duration_since(start).num_days();
                    if start.leap_year() {
                        leap = leap.saturating_add(span);
                    } else {
                        normal = normal.saturating_add(span);
                    }
                    if end <= start {
                        break;
                    }
                    start = end;
                }
                days_f64(normal) / 365.0 + days_f64(leap) / 366.0
            }
            Self::Thirty360Isda | Self::Thirty360Us | Self::ThirtyE360 | Self::ThirtyE360Isda => {
                days / 360.0
            }
        }
    }

    /// The year of the conventions that divide actual days by a fixed number
    /// (ACT/365F, ACT/360, ACT/365.25): for them [`DayCount::year_fraction`] is
    /// `actual days / basis`, which the XIRR solver computes from day numbers directly.
    pub(crate) fn actual_basis(self) -> Option<f64> {
        match self {
            Self::Act365F => Some(365.0),
            Self::Act360 => Some(360.0),
            Self::Act365_25 => Some(365.25),
            _ => None,
        }
    }

    /// pyxirr's name for the convention, as [`Display`](fmt::Display) writes it.
    ///
    /// ```
    /// use folio_roi::DayCount;
    ///
    /// assert_eq!(DayCount::Thirty360Us.name(), "30U/360");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Act365F => "ACT/365F",
            Self::Act360 => "ACT/360",
            Self::Act365_25 => "ACT/365.25",
            Self::ActActIsda => "ACT/ACT ISDA",
            Self::Thirty360Isda => "30/360 ISDA",
            Self::Thirty360Us => "30U/360",
            Self::ThirtyE360 => "30E/360",
            Self::ThirtyE360Isda => "30E/360 ISDA",
        }
    }
}

/// `i64` days as `f64`; exact for any date chrono represents.
pub(crate) fn days_f64(days: i64) -> f64 {
    // |days| < 2^31 for chrono's date range, so the conversion through i32 is exact.
    f64::from(i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX }))
}

fn thirty_360(from: NaiveDate, to: NaiveDate, d1: i64, d2: i64) -> i64 {
    // Every term is below 2^40 for chrono's years, so saturation never happens.
    let years = i64::from(to.year()).saturating_sub(i64::from(from.year()));
    let months = i64::from(to.month()).saturating_sub(i64::from(from.month()));
    years
        .saturating_mul(360)
        .saturating_add(months.saturating_mul(30))
        .saturating_add(d2.saturating_sub(d1))
}

fn is_last_day_of_february(date: NaiveDate) -> bool {
    date.month() == 2 && date.succ_opt().is_none_or(|next| next.month() != 2)
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DayCount {
    type Err = Error;

    /// Accepts pyxirr's names and aliases, case-insensitive.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "actual/actual" | "actual/actual isda" | "act/act" | "act/act isda" => {
                Ok(Self::ActActIsda)
            }
            "actual/365 fixed" | "act/365 fixed" | "a/365 fixed" | "actual/365f" | "act/365f"
            | "a/365f" | "english" => Ok(Self::Act365F),
            "actual/365.25" | "act/365.25" | "a/365.25" => Ok(Self::Act365_25),
            "actual/360" | "act/360" | "a/360" | "french" => Ok(Self::Act360),
            "30/360" | "30/360 isda" | "bond basis" => Ok(Self::Thirty360Isda),
            "30e/360" | "30/360 isma" | "eurobond basis" => Ok(Self::ThirtyE360),
            "30u/360" | "30us/360" | "30/360 us" | "30/360 sia" => Ok(Self::Thirty360Us),
            "30e/360 isda" | "30e/360 german" | "german" => Ok(Self::ThirtyE360Isda),
            _ => Err(Error::UnknownDayCount { name: s.to_owned() }),
        }
    }
}
