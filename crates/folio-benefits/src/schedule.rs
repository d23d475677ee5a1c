//! The checkpoint schedule: when realized benefit is measured after launch.
//!
//! # The rule
//!
//! A [`Schedule`] is a list of day offsets after launch followed by a calendar-month
//! step. The default is the seed's "30, 60 and 90 days, then quarterly":
//!
//! - checkpoint `n` for `n <= days.len()` is due `days[n - 1]` days after launch;
//! - every later checkpoint is due a whole number of steps of `then_every_months`
//!   calendar months after the **anchor**, the last day-offset checkpoint (day 90 by
//!   default; the launch date itself when the list of days is empty). Checkpoint
//!   `days.len() + k` is due `k * then_every_months` months after the anchor.
//!
//! "Quarterly" therefore means every 3 calendar months after the day-90 checkpoint, not
//! every 91 days: quarterly reviews stay on the same day of the month.
//!
//! # Month ends
//!
//! Adding months keeps the day of the month and clamps it to the last day of a shorter
//! month (chrono's `checked_add_months`). Each quarterly date is computed **from the
//! anchor**, never from the previous checkpoint, so a clamp does not carry over: from an
//! anchor of 31 May the checkpoints are 31 August, 30 November (clamped), 28 February
//! (clamped) and 31 May again.
//!
//! # Worked example
//!
//! Launch on 2026-03-02 with the default schedule: day 30 is 2026-04-01, day 60 is
//! 2026-05-01, day 90 (the anchor) is 2026-05-31, then 2026-08-31, 2026-11-30,
//! 2027-02-28, 2027-05-31, ...

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use chrono::{Days, Months, NaiveDate};
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};

/// When checkpoints fall after launch: fixed day offsets, then a calendar-month step.
///
/// See the [module docs](self) for the rule and its month-end clamping.
///
/// ```
/// use chrono::NaiveDate;
/// use folio_benefits::Schedule;
///
/// let schedule = Schedule::default(); // 30, 60, 90 days, then every 3 months
/// let launch = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("bad date")?;
/// let due: Vec<_> = (1..=5).filter_map(|n| schedule.due_date(launch, n)).collect();
/// assert_eq!(due.iter().map(|d| d.to_string()).collect::<Vec<_>>(), [
///     "2026-01-31", "2026-03-02", "2026-04-01", "2026-07-01", "2026-10-01",
/// ]);
///
/// // Monthly after a 14-day check.
/// let monthly = Schedule::new(vec![14], 1)?;
/// assert_eq!(monthly.due_date(launch, 2), NaiveDate::from_ymd_opt(2026, 2, 15));
/// assert!(Schedule::new(vec![0, 30], 3).is_err()); // a checkpoint on launch day
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "ScheduleRepr"))]
pub struct Schedule {
    days_after_launch: Vec<u32>,
    then_every_months: u32,
}

/// The serde form of a [`Schedule`], validated by [`Schedule::new`].
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct ScheduleRepr {
    /// Day offsets after launch of the first checkpoints, strictly increasing, each at
    /// least 1. Default: `[30, 60, 90]`.
    #[cfg_attr(feature = "serde", serde(default = "default_days"))]
    days_after_launch: Vec<u32>,
    /// The step, in calendar months, of the checkpoints after the last day offset. At
    /// least 1. Default: 3 (quarterly).
    #[cfg_attr(feature = "serde", serde(default = "default_months"))]
    then_every_months: u32,
}

fn default_days() -> Vec<u32> {
    vec![30, 60, 90]
}

fn default_months() -> u32 {
    3
}

impl TryFrom<ScheduleRepr> for Schedule {
    type Error = Error;

    fn try_from(repr: ScheduleRepr) -> Result<Self> {
        Self::new(repr.days_after_launch, repr.then_every_months)
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Schedule {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Schedule")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = ScheduleRepr::json_schema(generator);
        schema.insert("title".into(), "Schedule".into());
        schema.insert(
            "description".into(),
            "When checkpoints fall after launch: day offsets, then a step in calendar months after the last of them.".into(),
        );
        schema
    }
}

impl Default for Schedule {
    /// 30, 60 and 90 days after launch, then every 3 calendar months.
    fn default() -> Self {
        Self {
            days_after_launch: default_days(),
            then_every_months: default_months(),
        }
    }
}

impl Schedule {
    /// A schedule of checkpoints `days_after_launch` days after launch, then every
    /// `then_every_months` calendar months after the last of them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSchedule`] if a day offset is 0 (a checkpoint on launch day
    /// measures nothing; offsets are unsigned, so none can fall before launch), the
    /// offsets are not strictly increasing, or `then_every_months` is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Schedule;
    /// use folio_types::NaiveDate;
    ///
    /// // 30, 60 and 90 days after launch, then every 3 months.
    /// let schedule = Schedule::new(vec![30, 60, 90], 3)?;
    /// let launch = NaiveDate::from_ymd_opt(2026, 2, 1).ok_or("bad date")?;
    /// assert_eq!(schedule.due_date(launch, 1), NaiveDate::from_ymd_opt(2026, 3, 3));
    /// assert_eq!(schedule.due_date(launch, 3), NaiveDate::from_ymd_opt(2026, 5, 2));
    /// assert_eq!(schedule.due_date(launch, 5), NaiveDate::from_ymd_opt(2026, 11, 2));
    /// assert_eq!(schedule.due_date(launch, 0), None);
    /// // Offsets must increase strictly, and there must be a step.
    /// assert!(Schedule::new(vec![60, 30], 3).is_err());
    /// assert!(Schedule::new(vec![30], 0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(days_after_launch: Vec<u32>, then_every_months: u32) -> Result<Self> {
        if days_after_launch.first() == Some(&0) {
            return Err(Error::InvalidSchedule {
                problem: "checkpoint 1 falls on launch day; every checkpoint must be at least 1 day after launch".into(),
            });
        }
        if let Some(position) = days_after_launch
            .windows(2)
            .position(|pair| matches!(pair, [a, b] if a >= b))
        {
            return Err(Error::InvalidSchedule {
                problem: format!(
                    "day offsets must be strictly increasing, but checkpoint {} is not after checkpoint {}",
                    position.saturating_add(2),
                    position.saturating_add(1),
                ),
            });
        }
        if then_every_months == 0 {
            return Err(Error::InvalidSchedule {
                problem: "then_every_months is 0; the step after the day offsets must be at least one month".into(),
            });
        }
        Ok(Self {
            days_after_launch,
            then_every_months,
        })
    }

    /// The day offsets of the first checkpoints.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Schedule;
    ///
    /// assert_eq!(Schedule::default().days_after_launch(), [30, 60, 90]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days_after_launch(&self) -> &[u32] {
        &self.days_after_launch
    }

    /// The calendar-month step after the day offsets.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Schedule;
    ///
    /// assert_eq!(Schedule::default().then_every_months(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn then_every_months(&self) -> u32 {
        self.then_every_months
    }

    /// The due date of checkpoint `checkpoint` (1-based) for a launch on `launch`.
    ///
    /// `None` for checkpoint 0 (numbering starts at 1) and for a date beyond the range
    /// of [`NaiveDate`].
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::Schedule;
    /// use folio_types::NaiveDate;
    ///
    /// // 30, 60 and 90 days after launch, then every 3 months.
    /// let schedule = Schedule::new(vec![30, 60, 90], 3)?;
    /// let launch = NaiveDate::from_ymd_opt(2026, 2, 1).ok_or("bad date")?;
    /// assert_eq!(schedule.due_date(launch, 1), NaiveDate::from_ymd_opt(2026, 3, 3));
    /// assert_eq!(schedule.due_date(launch, 3), NaiveDate::from_ymd_opt(2026, 5, 2));
    /// assert_eq!(schedule.due_date(launch, 5), NaiveDate::from_ymd_opt(2026, 11, 2));
    /// assert_eq!(schedule.due_date(launch, 0), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due_date(&self, launch: NaiveDate, checkpoint: u32) -> Option<NaiveDate> {
        let index = usize::try_from(checkpoint.checked_sub(1)?).ok()?;
        if let Some(days) = self.days_after_launch.get(index) {
            return launch.checked_add_days(Days::new(u64::from(*days)));
        }
        let anchor = match self.days_after_launch.last() {
            Some(days) => launch.checked_add_days(Days::new(u64::from(*days)))?,
            None => launch,
        };
        let steps = index
            .checked_sub(self.days_after_launch.len())?
            .checked_add(1)?;
        let months = u32::try_from(steps)
            .ok()?
            .checked_mul(self.then_every_months)?;
        anchor.checked_add_months(Months::new(months))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn check(schedule: &Schedule, launch: &str, expected: &[&str]) {
        let got: Vec<String> = (1..=u32::try_from(expected.len()).unwrap())
            .map(|n| schedule.due_date(date(launch), n).unwrap().to_string())
            .collect();
        assert_eq!(got, expected, "launch {launch}");
    }

    #[test]
    fn default_schedule_table() {
        let s = Schedule::default();
        check(
            &s,
            "2026-01-01",
            &[
                "2026-01-31",
                "2026-03-02",
                "2026-04-01",
                "2026-07-01",
                "2026-10-01",
                "2027-01-01",
            ],
        );
        // The module's worked example: the anchor is 31 May, quarterly dates clamp to
        // month ends without drifting.
        check(
            &s,
            "2026-03-02",
            &[
                "2026-04-01",
                "2026-05-01",
                "2026-05-31",
                "2026-08-31",
                "2026-11-30",
                "2027-02-28",
                "2027-05-31",
            ],
        );
        // Leap years: the anchor 2027-11-29 reaches 29 February 2028.
        check(
            &s,
            "2027-08-31",
            &[
                "2027-09-30",
                "2027-10-30",
                "2027-11-29",
                "2028-02-29",
                "2028-05-29",
            ],
        );
    }

    #[test]
    fn getters_return_what_was_built() {
        let s = Schedule::new(vec![7, 14], 6).unwrap();
        assert_eq!(s.days_after_launch(), [7, 14]);
        assert_eq!(s.then_every_months(), 6);
    }

    #[test]
    fn custom_schedules() {
        check(
            &Schedule::new(vec![], 1).unwrap(),
            "2026-01-31",
            &["2026-02-28", "2026-03-31", "2026-04-30"],
        );
        check(
            &Schedule::new(vec![7, 14], 6).unwrap(),
            "2026-06-30",
            &["2026-07-07", "2026-07-14", "2027-01-14"],
        );
    }

    #[test]
    fn checkpoint_zero_and_far_dates_are_none() {
        let s = Schedule::default();
        assert_eq!(s.due_date(date("2026-01-01"), 0), None);
        assert_eq!(s.due_date(NaiveDate::MAX, 1), None);
        assert_eq!(s.due_date(date("2026-01-01"), u32::MAX), None);
        let late = NaiveDate::MAX.checked_sub_days(Days::new(100)).unwrap();
        assert_eq!(
            s.due_date(late, 3),
            NaiveDate::MAX.checked_sub_days(Days::new(10))
        );
        assert_eq!(s.due_date(late, 4), None);
    }

    #[test]
    fn invalid_schedules_are_rejected() {
        let problem = |days: Vec<u32>, months| match Schedule::new(days, months) {
            Err(Error::InvalidSchedule { problem }) => problem,
            other => panic!("expected an invalid schedule, got {other:?}"),
        };
        assert!(problem(vec![0, 30], 3).contains("launch day"));
        assert!(problem(vec![30, 30], 3).contains("checkpoint 2 is not after checkpoint 1"));
        assert!(problem(vec![30, 60, 45], 3).contains("checkpoint 3 is not after checkpoint 2"));
        assert!(problem(vec![30], 0).contains("then_every_months"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_defaults_and_validation() {
        let s: Schedule = serde_json::from_str("{}").unwrap();
        assert_eq!(s, Schedule::default());
        let s: Schedule = serde_json::from_str(r#"{"then_every_months":1}"#).unwrap();
        assert_eq!(s.days_after_launch(), [30, 60, 90]);
        assert_eq!(s.then_every_months(), 1);
        let err = serde_json::from_str::<Schedule>(r#"{"days_after_launch":[0]}"#).unwrap_err();
        assert!(err.to_string().contains("launch day"), "{err}");
        assert!(serde_json::from_str::<Schedule>(r#"{"days":[1]}"#).is_err());
        let json = serde_json::to_string(&Schedule::default()).unwrap();
        assert_eq!(
            json,
            r#"{"days_after_launch":[30,60,90],"then_every_months":3}"#
        );
    }
}
