//! Dated observations kept in date order.
//!
//! A [`Series`] holds at most one observation per date, sorted by date. The rule for
//! duplicates is explicit:
//!
//! - building a series ([`Series::from_observations`], deserialization) and
//!   [`Series::insert`] **reject** a second observation for a date with
//!   [`Error::DuplicateDate`], because two check-ins or two metric readings for one day
//!   usually mean an import ran twice;
//! - [`Series::upsert`] **replaces** the value for a date and hands back the old one,
//!   for callers that correct a reading on purpose.
//!
//! Lookups are binary searches: [`Series::as_of`] finds the latest observation on or
//! before a date, which is how folio turns a history into "the state at `as_of`".

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use chrono::NaiveDate;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::period::Period;

/// One value observed on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Observation<T> {
    /// The day the value was observed.
    pub date: NaiveDate,
    /// The value.
    pub value: T,
}

impl<T> Observation<T> {
    /// An observation of `value` on `date`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Observation};
    ///
    /// let o = Observation::new(NaiveDate::from_ymd_opt(2026, 7, 6).ok_or("bad date")?, 42);
    /// assert_eq!(o.value, 42);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new(date: NaiveDate, value: T) -> Self {
        Self { date, value }
    }
}

/// Observations sorted by date, at most one per date.
///
/// ```
/// use chrono::NaiveDate;
/// use folio_types::{Observation, Series};
///
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let series = Series::from_observations(vec![
///     Observation::new(d(1, 15), 120),
///     Observation::new(d(1, 1), 100), // any order in, sorted inside
///     Observation::new(d(2, 1), 120),
/// ])?;
///
/// // The state on 20 January is the reading of 15 January.
/// assert_eq!(series.as_of(d(1, 20)).map(|o| o.value), Some(120));
/// assert_eq!(series.as_of(d(12, 31).with_year(2025).unwrap()), None);
/// // The value last changed on 15 January, even though it was read again on 1 February.
/// assert_eq!(series.last_change(d(3, 1)).map(|o| o.date), Some(d(1, 15)));
/// # use chrono::Datelike;
/// # Ok::<(), folio_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Series<T> {
    observations: Vec<Observation<T>>,
}

impl<T> Default for Series<T> {
    fn default() -> Self {
        Self {
            observations: Vec::new(),
        }
    }
}

impl<T> Series<T> {
    /// An empty series.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Series};
    ///
    /// let mut s = Series::new();
    /// assert!(s.is_empty());
    /// s.insert(NaiveDate::from_ymd_opt(2026, 7, 6).ok_or("bad date")?, 3)?;
    /// assert_eq!(s.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A series from observations in any order.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateDate`] naming the earliest date that appears more than once.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Observation, Series};
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// // Order does not matter: the series sorts by date.
    /// let s = Series::from_observations(vec![Observation::new(d(8, 1)?, 20), Observation::new(d(7, 1)?, 10)])?;
    /// assert_eq!(s.first().map(|o| o.value), Some(10));
    /// assert_eq!(s.latest().map(|o| o.value), Some(20));
    /// // Two values for one day are an error.
    /// assert!(Series::from_observations(vec![Observation::new(d(7, 1)?, 1), Observation::new(d(7, 1)?, 2)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_observations(mut observations: Vec<Observation<T>>) -> Result<Self> {
        observations.sort_by_key(|o| o.date);
        let duplicate = observations.windows(2).find_map(|pair| match pair {
            [a, b] if a.date == b.date => Some(a.date),
            _ => None,
        });
        match duplicate {
            Some(date) => Err(Error::DuplicateDate { date }),
            None => Ok(Self { observations }),
        }
    }

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.observations.len()
    }

    /// Whether there are no observations.
    pub fn is_empty(&self) -> bool {
        self.observations.is_empty()
    }

    /// The observations, oldest first.
    pub fn as_slice(&self) -> &[Observation<T>] {
        &self.observations
    }

    /// An iterator over the observations, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, Observation<T>> {
        self.observations.iter()
    }

    /// The oldest observation.
    pub fn first(&self) -> Option<&Observation<T>> {
        self.observations.first()
    }

    /// The newest observation.
    pub fn latest(&self) -> Option<&Observation<T>> {
        self.observations.last()
    }

    /// Index of the first observation dated after `date`.
    fn after(&self, date: NaiveDate) -> usize {
        self.observations.partition_point(|o| o.date <= date)
    }

    /// Adds an observation, keeping the order.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateDate`] if the series already has a value for `date`; the series
    /// is left unchanged. Use [`Series::upsert`] to replace a value on purpose.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Series};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 7, 6).ok_or("bad date")?;
    /// let mut s = Series::new();
    /// s.insert(day, 1)?;
    /// assert!(s.insert(day, 2).is_err());
    /// assert_eq!(s.on(day), Some(&1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, date: NaiveDate, value: T) -> Result<()> {
        let at = self.after(date);
        let previous = at.checked_sub(1).and_then(|i| self.observations.get(i));
        if previous.is_some_and(|o| o.date == date) {
            return Err(Error::DuplicateDate { date });
        }
        self.observations.insert(at, Observation::new(date, value));
        Ok(())
    }

    /// Sets the value for `date`, returning the value it replaced, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Series};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 7, 6).ok_or("bad date")?;
    /// let mut s = Series::new();
    /// assert_eq!(s.upsert(day, 1), None);
    /// assert_eq!(s.upsert(day, 2), Some(1));
    /// assert_eq!(s.on(day), Some(&2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn upsert(&mut self, date: NaiveDate, value: T) -> Option<T> {
        let at = self.after(date);
        let previous = at.checked_sub(1).and_then(|i| self.observations.get_mut(i));
        match previous {
            Some(o) if o.date == date => Some(std::mem::replace(&mut o.value, value)),
            _ => {
                self.observations.insert(at, Observation::new(date, value));
                None
            }
        }
    }

    /// The value observed exactly on `date`.
    pub fn on(&self, date: NaiveDate) -> Option<&T> {
        self.as_of(date)
            .filter(|o| o.date == date)
            .map(|o| &o.value)
    }

    /// The latest observation on or before `date`: the state of the series at `date`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Observation, Series};
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let s = Series::from_observations(vec![Observation::new(d(7, 1)?, 10), Observation::new(d(8, 1)?, 20)])?;
    /// assert_eq!(s.as_of(d(7, 20)?).map(|o| o.value), Some(10));
    /// assert_eq!(s.as_of(d(6, 30)?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(&self, date: NaiveDate) -> Option<&Observation<T>> {
        self.after(date)
            .checked_sub(1)
            .and_then(|i| self.observations.get(i))
    }

    /// The observations dated `start..=end`, oldest first; empty if `end < start`.
    pub fn window(&self, start: NaiveDate, end: NaiveDate) -> &[Observation<T>] {
        let from = self.observations.partition_point(|o| o.date < start);
        let to = self.after(end);
        self.observations.get(from..to).unwrap_or(&[])
    }

    /// The observations that fall inside `period`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Observation, Period, Series};
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// let s = Series::from_observations(vec![
    ///     Observation::new(d(6, 30)?, 1),
    ///     Observation::new(d(7, 1)?, 2),
    ///     Observation::new(d(9, 30)?, 3),
    /// ])?;
    /// let q3: Vec<i32> = s.in_period(&Period::quarter(2026, 3)?).iter().map(|o| o.value).collect();
    /// assert_eq!(q3, [2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_period(&self, period: &Period) -> &[Observation<T>] {
        self.window(period.start(), period.end())
    }

    /// The observations on or before `date`.
    pub fn up_to(&self, date: NaiveDate) -> &[Observation<T>] {
        self.observations.get(..self.after(date)).unwrap_or(&[])
    }

    /// The same dates with each value transformed.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Series};
    ///
    /// let mut s = Series::new();
    /// s.insert(NaiveDate::from_ymd_opt(2026, 7, 1).ok_or("bad date")?, 3)?;
    /// let doubled = s.map(|v| v * 2);
    /// assert_eq!(doubled.latest().map(|o| o.value), Some(6));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Series<U> {
        Series {
            observations: self
                .observations
                .iter()
                .map(|o| Observation::new(o.date, f(&o.value)))
                .collect(),
        }
    }
}

impl<T: PartialEq> Series<T> {
    /// The latest observation on or before `as_of` whose value differs from the one
    /// before it: the day the value last moved. If the value never changed, this is the
    /// first observation; with no observation on or before `as_of`, `None`.
    ///
    /// Repeated readings of an unchanged value do not count as movement, so
    /// `as_of - last_change(as_of).date` is how long the value has stood still.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{NaiveDate, Observation, Series};
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).ok_or("bad date");
    /// // 5 on 1 July, 7 on 1 August, still 7 on 1 September: it last moved on 1 August.
    /// let s = Series::from_observations(vec![
    ///     Observation::new(d(7, 1)?, 5),
    ///     Observation::new(d(8, 1)?, 7),
    ///     Observation::new(d(9, 1)?, 7),
    /// ])?;
    /// assert_eq!(s.last_change(d(9, 15)?).map(|o| o.date), Some(d(8, 1)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_change(&self, as_of: NaiveDate) -> Option<&Observation<T>> {
        let history = self.up_to(as_of);
        history
            .windows(2)
            .rev()
            .find_map(|pair| match pair {
                [a, b] if a.value != b.value => Some(b),
                _ => None,
            })
            .or_else(|| history.first())
    }
}

impl<'a, T> IntoIterator for &'a Series<T> {
    type Item = &'a Observation<T>;
    type IntoIter = std::slice::Iter<'a, Observation<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> TryFrom<Vec<Observation<T>>> for Series<T> {
    type Error = Error;

    fn try_from(observations: Vec<Observation<T>>) -> Result<Self> {
        Self::from_observations(observations)
    }
}

impl<T> From<Series<T>> for Vec<Observation<T>> {
    fn from(series: Series<T>) -> Self {
        series.observations
    }
}

#[cfg(feature = "serde")]
impl<T: Serialize> Serialize for Series<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.observations.serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Series<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let observations = Vec::<Observation<T>>::deserialize(deserializer)?;
        Self::from_observations(observations).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl<T: JsonSchema> JsonSchema for Series<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("Series_of_{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = Vec::<Observation<T>>::json_schema(generator);
        schema.insert(
            "description".into(),
            "Dated observations, at most one per date, in any order.".into(),
        );
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    fn series(points: &[(u32, i32)]) -> Series<i32> {
        Series::from_observations(
            points
                .iter()
                .map(|&(d, v)| Observation::new(day(d), v))
                .collect(),
        )
        .unwrap()
    }

    #[cfg(feature = "serde")]
    #[test]
    fn duplicates_are_rejected_on_build_insert_and_serde() {
        let dup = Series::from_observations(vec![
            Observation::new(day(5), 1),
            Observation::new(day(2), 2),
            Observation::new(day(5), 3),
        ]);
        assert_eq!(dup, Err(Error::DuplicateDate { date: day(5) }));

        let mut s = series(&[(1, 10), (3, 30)]);
        assert_eq!(
            s.insert(day(3), 99),
            Err(Error::DuplicateDate { date: day(3) })
        );
        assert_eq!(
            s,
            series(&[(1, 10), (3, 30)]),
            "a rejected insert changes nothing"
        );
        s.insert(day(2), 20).unwrap();
        assert_eq!(s, series(&[(1, 10), (2, 20), (3, 30)]));

        let err = serde_json::from_str::<Series<i32>>(
            r#"[{"date":"2026-01-01","value":1},{"date":"2026-01-01","value":2}]"#,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("duplicate observation for 2026-01-01"),
            "{err}"
        );
    }

    #[test]
    fn upsert_replaces_on_purpose() {
        let mut s = series(&[(1, 10), (3, 30)]);
        assert_eq!(s.upsert(day(3), 31), Some(30));
        assert_eq!(s.upsert(day(2), 20), None);
        assert_eq!(s, series(&[(1, 10), (2, 20), (3, 31)]));
    }

    #[test]
    fn lookups() {
        let s = series(&[(5, 50), (10, 100), (20, 200)]);
        let as_of = |d| s.as_of(day(d)).map(|o| o.value);
        assert_eq!(as_of(4), None);
        assert_eq!(as_of(5), Some(50));
        assert_eq!(as_of(9), Some(50));
        assert_eq!(as_of(10), Some(100));
        assert_eq!(as_of(31), Some(200));
        assert_eq!(s.on(day(10)), Some(&100));
        assert_eq!(s.on(day(11)), None);

        let window = |a, b| {
            s.window(day(a), day(b))
                .iter()
                .map(|o| o.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(window(5, 10), [50, 100]);
        assert_eq!(window(6, 19), [100]);
        assert_eq!(window(1, 4), Vec::<i32>::new());
        assert_eq!(window(20, 5), Vec::<i32>::new());
        let january = Period::month(2026, 1).unwrap();
        assert_eq!(s.in_period(&january).len(), 3);
        assert_eq!(s.up_to(day(10)).len(), 2);
        assert_eq!(s.latest().map(|o| o.value), Some(200));
        assert_eq!(s.first().map(|o| o.value), Some(50));
    }

    #[test]
    fn last_change_ignores_repeated_readings() {
        let s = series(&[(1, 5), (8, 7), (15, 7), (22, 7), (29, 9)]);
        let changed = |d| s.last_change(day(d)).map(|o| o.date);
        assert_eq!(changed(28), Some(day(8)));
        assert_eq!(changed(29), Some(day(29)));
        assert_eq!(changed(7), Some(day(1)));
        assert_eq!(
            series(&[(1, 5), (2, 5)])
                .last_change(day(9))
                .map(|o| o.date),
            Some(day(1))
        );
        assert_eq!(Series::<i32>::new().last_change(day(9)), None);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip_sorts() {
        let s: Series<i32> = serde_json::from_str(
            r#"[{"date":"2026-01-03","value":3},{"date":"2026-01-01","value":1}]"#,
        )
        .unwrap();
        assert_eq!(s, series(&[(1, 1), (3, 3)]));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"[{"date":"2026-01-01","value":1},{"date":"2026-01-03","value":3}]"#
        );
    }

    #[test]
    fn map_keeps_dates() {
        let s = series(&[(1, 1), (2, 2)]).map(|v| v * 10);
        assert_eq!(s.iter().map(|o| o.value).collect::<Vec<_>>(), [10, 20]);
    }
}
