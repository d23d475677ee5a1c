//! Calendar periods: months, quarters, years and custom inclusive date ranges.
//!
//! A [`Period`] is a closed range of whole days, `start..=end`. Months, quarters and
//! years are calendar-aligned (quarter 1 is January to March); a custom period is any
//! range whose end is not before its start, such as a fiscal half or a sprint.
//!
//! # Text form
//!
//! Periods are written and read (also in JSON) as short strings:
//!
//! | kind | text |
//! |---|---|
//! | year | `2026` |
//! | quarter | `2026-Q3` |
//! | month | `2026-03` |
//! | custom | `2026-01-15/2026-02-20` (ISO 8601 interval, both ends inclusive) |
//!
//! # "How far through"
//!
//! [`Period::fraction_elapsed`] treats `as_of` as the **end** of that day: on the first
//! day of a 90-day quarter 1/90 of it has elapsed, on the last day all of it. Dates
//! before the period give 0 and dates after it give 1. This matches how a check-in dated
//! `as_of` is counted as already made.

#[cfg(feature = "serde")]
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::number::Ratio;

/// The kind of a [`Period`].
///
/// ```
/// use folio_types::{Period, PeriodKind};
///
/// assert_eq!(Period::quarter(2026, 3)?.kind(), PeriodKind::Quarter);
/// assert_eq!(PeriodKind::Quarter.to_string(), "quarter");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A calendar quarter: January-March, April-June, July-September, October-December.
    Quarter,
    /// A calendar year.
    Year,
    /// Any inclusive range of days.
    Custom,
}

impl fmt::Display for PeriodKind {
    /// `month`, `quarter`, `year` or `custom`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::Custom => "custom",
        })
    }
}

/// A closed range of days: a calendar month, quarter or year, or a custom range.
///
/// ```
/// use chrono::NaiveDate;
/// use folio_types::Period;
///
/// let q3 = Period::quarter(2026, 3)?;
/// assert_eq!(q3.to_string(), "2026-Q3");
/// assert_eq!(q3.start(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
/// assert_eq!(q3.end(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
/// assert_eq!(q3.len_days(), 92);
///
/// // Half-way through the quarter at the end of 15 August (46 of 92 days).
/// let as_of = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
/// assert_eq!(q3.fraction_elapsed(as_of)?.to_string(), "0.5");
///
/// assert!(Period::quarter(2026, 5).is_err());
/// assert_eq!("2026-03".parse::<Period>()?, Period::month(2026, 3)?);
/// # Ok::<(), folio_types::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    // Field order gives the derived `Ord`: by start, then end, then kind.
    start: NaiveDate,
    end: NaiveDate,
    kind: PeriodKind,
}

/// A year written as `FromStr` reads it: at least four digits after any minus sign
/// (`-0001` for the year before year 0, as chrono writes dates), so that every period's
/// text parses back to the same period. `{:04}` alone would write `-001`.
struct Year(i32);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            write!(f, "-{:04}", self.0.unsigned_abs())
        } else {
            write!(f, "{:04}", self.0)
        }
    }
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date(year: i32, month: u32, day: u32, what: &'static str) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| Error::InvalidPeriod {
        value: Year(year).to_string().into(),
        problem: what,
    })
}

/// The quarter (1-4) that contains `date`.
fn quarter_number(date: NaiveDate) -> u32 {
    // month0 is 0..=11, so this is 1..=4.
    (date.month0() / 3).saturating_add(1)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

const YEAR_OUT_OF_RANGE: &str = "the year is outside the supported range of dates";

impl Period {
    /// The calendar month `month` (1-12) of `year`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] if `month` is not 1-12 or the year is outside the range
    /// of representable dates (about ±262,000 years).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let feb = Period::month(2028, 2)?;
    /// assert_eq!(feb.to_string(), "2028-02");
    /// assert_eq!(feb.len_days(), 29); // 2028 is a leap year
    /// assert!(Period::month(2028, 13).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Self> {
        if !(1..=12).contains(&month) {
            return Err(Error::InvalidPeriod {
                value: format!("{}-{month:02}", Year(year)).into(),
                problem: "the month must be 1 to 12",
            });
        }
        Ok(Self {
            start: date(year, month, 1, YEAR_OUT_OF_RANGE)?,
            end: date(year, month, days_in_month(year, month), YEAR_OUT_OF_RANGE)?,
            kind: PeriodKind::Month,
        })
    }

    /// The calendar quarter `quarter` (1-4) of `year`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] if `quarter` is not 1-4 or the year is out of range.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let q1 = Period::quarter(2026, 1)?;
    /// assert_eq!(q1.len_days(), 90); // 31 + 28 + 31
    /// assert!(Period::quarter(2026, 0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quarter(year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::InvalidPeriod {
                value: format!("{}-Q{quarter}", Year(year)).into(),
                problem: "the quarter must be 1 to 4",
            });
        }
        // quarter is 1..=4, so these stay within 1..=12.
        let first_month = quarter.saturating_mul(3).saturating_sub(2);
        let last_month = quarter.saturating_mul(3);
        Ok(Self {
            start: date(year, first_month, 1, YEAR_OUT_OF_RANGE)?,
            end: date(
                year,
                last_month,
                days_in_month(year, last_month),
                YEAR_OUT_OF_RANGE,
            )?,
            kind: PeriodKind::Quarter,
        })
    }

    /// The calendar year `year`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] if the year is out of range.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let y = Period::year(2026)?;
    /// assert_eq!(y.to_string(), "2026");
    /// assert_eq!(y.len_days(), 365);
    /// assert_eq!(y.quarters().count(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn year(year: i32) -> Result<Self> {
        Ok(Self {
            start: date(year, 1, 1, YEAR_OUT_OF_RANGE)?,
            end: date(year, 12, 31, YEAR_OUT_OF_RANGE)?,
            kind: PeriodKind::Year,
        })
    }

    /// The custom period `start..=end`. A single day (`start == end`) is allowed.
    ///
    /// # Errors
    ///
    /// [`Error::InvertedPeriod`] if `end` is before `start`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let start = NaiveDate::from_ymd_opt(2026, 3, 10).ok_or("bad date")?;
    /// let end = NaiveDate::from_ymd_opt(2026, 3, 23).ok_or("bad date")?;
    /// let sprint = Period::custom(start, end)?;
    /// assert_eq!(sprint.len_days(), 14);
    /// assert!(Period::custom(end, start).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn custom(start: NaiveDate, end: NaiveDate) -> Result<Self> {
        if end < start {
            return Err(Error::InvertedPeriod { start, end });
        }
        Ok(Self {
            start,
            end,
            kind: PeriodKind::Custom,
        })
    }

    /// The calendar month that contains `date`.
    ///
    /// # Errors
    ///
    /// Never for a date chrono can represent; the `Result` guards the boundary years.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 17).ok_or("bad date")?;
    /// assert_eq!(Period::month_of(day)?, Period::month(2026, 11)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn month_of(date: NaiveDate) -> Result<Self> {
        Self::month(date.year(), date.month())
    }

    /// The calendar quarter that contains `date`.
    ///
    /// # Errors
    ///
    /// As [`Period::month_of`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 17).ok_or("bad date")?;
    /// assert_eq!(Period::quarter_of(day)?.to_string(), "2026-Q4");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quarter_of(date: NaiveDate) -> Result<Self> {
        Self::quarter(date.year(), quarter_number(date))
    }

    /// The calendar year that contains `date`.
    ///
    /// # Errors
    ///
    /// As [`Period::month_of`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 17).ok_or("bad date")?;
    /// assert_eq!(Period::year_of(day)?, Period::year(2026)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn year_of(date: NaiveDate) -> Result<Self> {
        Self::year(date.year())
    }

    /// The kind of period.
    pub const fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// The first day.
    pub const fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day (inclusive).
    pub const fn end(&self) -> NaiveDate {
        self.end
    }

    /// The number of days, counting both ends: a single-day period has length 1.
    pub fn len_days(&self) -> u32 {
        // The widest range chrono represents is about 191 million days: it fits.
        u32::try_from(days_between(self.start, self.end).saturating_add(1)).unwrap_or(u32::MAX)
    }

    /// The middle day. For an even number of days this is the earlier of the two middle
    /// days, so the midpoint of a 30-day month is its 15th day.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// // September has 30 days: the earlier middle day is the 15th.
    /// assert_eq!(Period::month(2026, 9)?.midpoint(), NaiveDate::from_ymd_opt(2026, 9, 15).ok_or("bad date")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn midpoint(&self) -> NaiveDate {
        let offset = (self.len_days().saturating_sub(1)) / 2;
        // start + offset <= end, which exists.
        self.start
            .checked_add_days(Days::new(u64::from(offset)))
            .unwrap_or(self.end)
    }

    /// Whether `date` lies in the period (both ends inclusive).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let q3 = Period::quarter(2026, 3)?;
    /// assert!(q3.contains(NaiveDate::from_ymd_opt(2026, 9, 30).ok_or("bad date")?));
    /// assert!(!q3.contains(NaiveDate::from_ymd_opt(2026, 10, 1).ok_or("bad date")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the two periods share at least one day.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let q3 = Period::quarter(2026, 3)?;
    /// assert!(q3.overlaps(&Period::month(2026, 9)?));
    /// assert!(!q3.overlaps(&Period::month(2026, 10)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overlaps(&self, other: &Self) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// How many days of the period have passed at the end of `as_of`, in
    /// `0..=len_days()`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    ///
    /// let march = Period::month(2026, 3)?;
    /// assert_eq!(march.days_elapsed(NaiveDate::from_ymd_opt(2026, 3, 10).ok_or("bad date")?), 10);
    /// assert_eq!(march.days_elapsed(NaiveDate::from_ymd_opt(2026, 2, 1).ok_or("bad date")?), 0);
    /// assert_eq!(march.days_elapsed(NaiveDate::from_ymd_opt(2026, 5, 1).ok_or("bad date")?), 31);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days_elapsed(&self, as_of: NaiveDate) -> u32 {
        if as_of < self.start {
            0
        } else if as_of >= self.end {
            self.len_days()
        } else {
            // 0 <= as_of - start < len - 1, so this is in range.
            u32::try_from(days_between(self.start, as_of).saturating_add(1)).unwrap_or(u32::MAX)
        }
    }

    /// The fraction of the period that has passed at the end of `as_of`, in `0..=1`:
    /// `days_elapsed(as_of) / len_days()`. See the [module docs](self) for the
    /// convention.
    ///
    /// # Errors
    ///
    /// Never in practice (the length is at least one day); the division is checked.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Period};
    /// use rust_decimal::Decimal;
    ///
    /// // 10 of April's 30 days have passed at the end of 10 April.
    /// let april = Period::month(2026, 4)?;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 4, 10).ok_or("bad date")?;
    /// assert_eq!(april.fraction_elapsed(as_of)?.value().round_dp(4), Decimal::new(3333, 4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fraction_elapsed(&self, as_of: NaiveDate) -> Result<Ratio> {
        Ratio::of(
            Decimal::from(self.days_elapsed(as_of)),
            Decimal::from(self.len_days()),
        )
    }

    /// The period of the same kind that follows this one: the next month, quarter or
    /// year; for a custom period, the range of the same length starting the day after.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] at the end of the representable dates.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// assert_eq!(Period::quarter(2026, 4)?.next()?, Period::quarter(2027, 1)?);
    /// assert_eq!(Period::month(2026, 12)?.next()?, Period::month(2027, 1)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next(&self) -> Result<Self> {
        let out_of_range = Error::DateOutOfRange {
            operation: "finding the next period",
        };
        let start = self.end.succ_opt().ok_or_else(|| out_of_range.clone())?;
        self.of_same_kind_starting(start).map_err(|_| out_of_range)
    }

    /// The period of the same kind that precedes this one: the previous month, quarter
    /// or year; for a custom period, the range of the same length ending the day before.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] at the start of the representable dates.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// assert_eq!(Period::quarter(2027, 1)?.previous()?, Period::quarter(2026, 4)?);
    /// assert_eq!(Period::year(2026)?.previous()?, Period::year(2025)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn previous(&self) -> Result<Self> {
        let out_of_range = Error::DateOutOfRange {
            operation: "finding the previous period",
        };
        let end = self.start.pred_opt().ok_or_else(|| out_of_range.clone())?;
        match self.kind {
            PeriodKind::Custom => {
                let back = u64::from(self.len_days().saturating_sub(1));
                let start = end
                    .checked_sub_days(Days::new(back))
                    .ok_or_else(|| out_of_range.clone())?;
                Self::custom(start, end).map_err(|_| out_of_range)
            }
            _ => self.of_same_kind_starting(end).map_err(|_| out_of_range),
        }
    }

    /// The period of this kind that contains `date` (for custom periods: the range of
    /// this length that starts on `date`).
    fn of_same_kind_starting(&self, date: NaiveDate) -> Result<Self> {
        match self.kind {
            PeriodKind::Month => Self::month_of(date),
            PeriodKind::Quarter => Self::quarter_of(date),
            PeriodKind::Year => Self::year_of(date),
            PeriodKind::Custom => {
                let forward = u64::from(self.len_days().saturating_sub(1));
                let end =
                    date.checked_add_days(Days::new(forward))
                        .ok_or(Error::DateOutOfRange {
                            operation: "extending a custom period",
                        })?;
                Self::custom(date, end)
            }
        }
    }

    /// The calendar months that overlap the period, in order. For a month this is
    /// itself; for a custom period the first and last months may extend beyond it.
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let months: Vec<String> = Period::quarter(2026, 1)?.months().map(|m| m.to_string()).collect();
    /// assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let names: Vec<String> = Period::quarter(2026, 2)?.months().map(|m| m.to_string()).collect();
    /// assert_eq!(names, ["2026-04", "2026-05", "2026-06"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn months(&self) -> SubPeriods {
        SubPeriods {
            next: Self::month_of(self.start).ok(),
            end: self.end,
        }
    }

    /// The calendar quarters that overlap the period, in order. For a custom period the
    /// first and last quarters may extend beyond it.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Period;
    ///
    /// let last = Period::year(2026)?.quarters().last().ok_or("no quarter")?;
    /// assert_eq!(last.to_string(), "2026-Q4");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quarters(&self) -> SubPeriods {
        SubPeriods {
            next: Self::quarter_of(self.start).ok(),
            end: self.end,
        }
    }
}

/// An iterator over the calendar months or quarters that overlap a period, made by
/// [`Period::months`] and [`Period::quarters`].
#[derive(Debug, Clone)]
pub struct SubPeriods {
    next: Option<Period>,
    end: NaiveDate,
}

impl Iterator for SubPeriods {
    type Item = Period;

    fn next(&mut self) -> Option<Period> {
        let current = self.next.take()?;
        if current.start > self.end {
            return None;
        }
        if current.end < self.end {
            self.next = current.next().ok();
        }
        Some(current)
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = Year(self.start.year());
        match self.kind {
            PeriodKind::Year => write!(f, "{year}"),
            PeriodKind::Quarter => write!(f, "{year}-Q{}", quarter_number(self.start)),
            PeriodKind::Month => write!(f, "{year}-{:02}", self.start.month()),
            PeriodKind::Custom => write!(f, "{}/{}", self.start, self.end),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let invalid = |problem| Error::InvalidPeriod {
            value: s.into(),
            problem,
        };
        let syntax = "expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD/YYYY-MM-DD";
        if let Some((start, end)) = s.split_once('/') {
            let start = start
                .parse::<NaiveDate>()
                .map_err(|_| invalid("the start is not a date YYYY-MM-DD"))?;
            let end = end
                .parse::<NaiveDate>()
                .map_err(|_| invalid("the end is not a date YYYY-MM-DD"))?;
            return Self::custom(start, end);
        }
        let parse_year = |text: &str| -> Result<i32> {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(syntax));
            }
            text.parse().map_err(|_| invalid(YEAR_OUT_OF_RANGE))
        };
        if let Ok(year) = parse_year(s) {
            return Self::year(year);
        }
        let (year, rest) = s.rsplit_once('-').ok_or_else(|| invalid(syntax))?;
        let year = parse_year(year)?;
        if let Some(q) = rest.strip_prefix('Q') {
            return match q {
                "1" | "2" | "3" | "4" => {
                    Self::quarter(year, q.parse().map_err(|_| invalid(syntax))?)
                }
                _ => Err(invalid("the quarter must be Q1 to Q4")),
            };
        }
        if rest.len() != 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(syntax));
        }
        let month: u32 = rest.parse().map_err(|_| invalid(syntax))?;
        if !(1..=12).contains(&month) {
            return Err(invalid("the month must be 01 to 12"));
        }
        Self::month(year, month)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Period")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A period: a year \"2026\", a quarter \"2026-Q3\", a month \"2026-03\", or an inclusive custom range \"2026-01-15/2026-02-20\".",
            "pattern": "^-?[0-9]{4,}(-Q[1-4]|-(0[1-9]|1[0-2]))?$|^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}/-?[0-9]{4,}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn check(text: &str, start: &str, end: &str, len: u32, midpoint: &str) {
        let p: Period = text.parse().unwrap();
        assert_eq!(p.start(), day(start), "{text} start");
        assert_eq!(p.end(), day(end), "{text} end");
        assert_eq!(p.len_days(), len, "{text} len");
        assert_eq!(p.midpoint(), day(midpoint), "{text} midpoint");
        assert_eq!(p.to_string(), text, "{text} round trip");
    }

    /// Years before year 1 keep four digits after the sign, so their text reads back
    /// (a fuzz run found `"-0001"` written as `"-001"`, which was then refused).
    #[test]
    fn negative_years_round_trip() {
        for (text, period) in [
            ("-0001", Period::year(-1).unwrap()),
            ("-0001-Q2", Period::quarter(-1, 2).unwrap()),
            ("-0012-03", Period::month(-12, 3).unwrap()),
            ("-12345", Period::year(-12345).unwrap()),
            ("0000", Period::year(0).unwrap()),
            ("0007-11", Period::month(7, 11).unwrap()),
        ] {
            assert_eq!(period.to_string(), text);
            assert_eq!(text.parse::<Period>().unwrap(), period, "{text}");
        }
        assert_eq!(Period::year(-1).unwrap().start(), day("-0001-01-01"));
    }

    #[test]
    fn period_table() {
        check("2026", "2026-01-01", "2026-12-31", 365, "2026-07-02");
        check("2024", "2024-01-01", "2024-12-31", 366, "2024-07-01");
        check("2026-Q1", "2026-01-01", "2026-03-31", 90, "2026-02-14");
        check("2024-Q1", "2024-01-01", "2024-03-31", 91, "2024-02-15");
        check("2026-Q4", "2026-10-01", "2026-12-31", 92, "2026-11-15");
        check("2026-02", "2026-02-01", "2026-02-28", 28, "2026-02-14");
        check("2024-02", "2024-02-01", "2024-02-29", 29, "2024-02-15");
        check("1900-02", "1900-02-01", "1900-02-28", 28, "1900-02-14");
        check("2000-02", "2000-02-01", "2000-02-29", 29, "2000-02-15");
        check("2026-04", "2026-04-01", "2026-04-30", 30, "2026-04-15");
        check(
            "2026-01-15/2026-01-15",
            "2026-01-15",
            "2026-01-15",
            1,
            "2026-01-15",
        );
        check(
            "2025-12-30/2026-01-02",
            "2025-12-30",
            "2026-01-02",
            4,
            "2025-12-31",
        );
    }

    #[test]
    fn invalid_periods_are_errors() {
        assert!(matches!(
            Period::quarter(2026, 5),
            Err(Error::InvalidPeriod {
                problem: "the quarter must be 1 to 4",
                ..
            })
        ));
        assert!(Period::quarter(2026, 0).is_err());
        assert!(Period::month(2026, 13).is_err());
        assert!(Period::month(2026, 0).is_err());
        assert!(Period::year(300_000).is_err());
        assert_eq!(
            Period::custom(day("2026-02-01"), day("2026-01-31")),
            Err(Error::InvertedPeriod {
                start: day("2026-02-01"),
                end: day("2026-01-31")
            })
        );
        for bad in [
            "",
            "2026-Q5",
            "2026-Q0",
            "2026-q1",
            "2026-13",
            "2026-00",
            "2026-3",
            "26",
            "2026-",
            "2026/2027",
            "2026-02-01/2026-01-31",
            "abc",
            "2026-Q1x",
            "+2026",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip_and_rejection() {
        let p: Period = serde_json::from_str("\"2026-Q2\"").unwrap();
        assert_eq!(p, Period::quarter(2026, 2).unwrap());
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"2026-Q2\"");
        let err = serde_json::from_str::<Period>("\"2026-Q5\"").unwrap_err();
        assert!(
            err.to_string().contains("the quarter must be Q1 to Q4"),
            "{err}"
        );
        let err = serde_json::from_str::<Period>("\"2026-03-01/2026-02-01\"").unwrap_err();
        assert!(err.to_string().contains("inverted period"), "{err}");
    }

    #[test]
    fn fraction_elapsed_worked_examples() {
        let q1 = Period::quarter(2026, 1).unwrap(); // 90 days
        let frac = |d: &str| q1.fraction_elapsed(day(d)).unwrap().value();
        assert_eq!(frac("2025-12-31"), Decimal::ZERO);
        assert_eq!(frac("2026-01-09"), "0.1".parse().unwrap());
        assert_eq!(frac("2026-02-14"), "0.5".parse().unwrap());
        assert_eq!(frac("2026-03-31"), Decimal::ONE);
        assert_eq!(frac("2027-06-01"), Decimal::ONE);
    }

    #[test]
    fn next_and_previous() {
        let next = |s: &str| s.parse::<Period>().unwrap().next().unwrap().to_string();
        let prev = |s: &str| s.parse::<Period>().unwrap().previous().unwrap().to_string();
        assert_eq!(next("2026-12"), "2027-01");
        assert_eq!(prev("2026-01"), "2025-12");
        assert_eq!(next("2026-Q4"), "2027-Q1");
        assert_eq!(prev("2026-Q1"), "2025-Q4");
        assert_eq!(next("2026"), "2027");
        assert_eq!(prev("2026"), "2025");
        assert_eq!(next("2026-01-01/2026-01-14"), "2026-01-15/2026-01-28");
        assert_eq!(prev("2026-01-15/2026-01-28"), "2026-01-01/2026-01-14");
        let last = Period::year_of(NaiveDate::MAX).unwrap();
        assert!(matches!(last.next(), Err(Error::DateOutOfRange { .. })));
        let first = Period::year_of(NaiveDate::MIN).unwrap();
        assert!(matches!(
            first.previous(),
            Err(Error::DateOutOfRange { .. })
        ));
    }

    #[test]
    fn sub_periods() {
        let names = |it: SubPeriods| it.map(|p| p.to_string()).collect::<Vec<_>>();
        let custom: Period = "2026-02-20/2026-04-02".parse().unwrap();
        assert_eq!(names(custom.months()), ["2026-02", "2026-03", "2026-04"]);
        assert_eq!(names(custom.quarters()), ["2026-Q1", "2026-Q2"]);
        assert_eq!(Period::year(2026).unwrap().months().count(), 12);
        assert_eq!(names(Period::year(2026).unwrap().quarters()).len(), 4);
        let month = Period::month(2026, 5).unwrap();
        assert_eq!(names(month.months()), ["2026-05"]);
        // At the very end of the calendar the iterator stops instead of failing.
        let last = Period::month_of(NaiveDate::MAX).unwrap();
        assert_eq!(last.months().count(), 1);
    }

    #[test]
    fn containment_and_overlap() {
        let q1 = Period::quarter(2026, 1).unwrap();
        assert!(q1.contains(day("2026-01-01")));
        assert!(q1.contains(day("2026-03-31")));
        assert!(!q1.contains(day("2026-04-01")));
        assert!(q1.overlaps(&"2026-03-31/2026-04-10".parse().unwrap()));
        assert!(!q1.overlaps(&Period::quarter(2026, 2).unwrap()));
        assert_eq!(
            Period::quarter_of(day("2026-08-15")).unwrap().to_string(),
            "2026-Q3"
        );
    }
}
