//! The validated [`BenefitsBook`]: business cases with their scheduled checkpoints and
//! realizations.
//!
//! [`BenefitsBook::new`] (and deserializing a `BenefitsBook`) validates a [`BookData`]
//! as a whole: ids are unique, dates are in order, every realization belongs to a
//! checkpoint that exists, is in the case's unit and was not recorded before the
//! checkpoint fell due. A book that exists is consistent, so the reviews never meet bad
//! data.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::case::{BenefitsCase, BookData, Realization};
use crate::error::{Error, Result};
use crate::groups::{GroupIndex, GroupKeys};
use crate::schedule::Schedule;
use crate::value::BenefitUnit;

/// One checkpoint of a validated business case.
///
/// # Example
///
/// ```
///
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let case = book.case("sso").ok_or("no case")?;
/// let fourth = &case.checkpoints()[3];
/// // Day 90 is 2 May; the fourth checkpoint comes 3 months later.
/// assert_eq!(fourth.due_on, NaiveDate::from_ymd_opt(2026, 8, 2).ok_or("bad date")?);
/// assert_eq!(fourth.expected, Decimal::from(3000));
/// assert!(fourth.realization.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "One checkpoint of a validated business case.")
)]
pub struct Checkpoint {
    /// The checkpoint number, 1-based.
    pub number: u32,
    /// When it falls due, from the launch date and the schedule.
    pub due_on: NaiveDate,
    /// The expected benefit, in the case's unit.
    pub expected: Decimal,
    /// The realization recorded for it, if any (whatever its date).
    pub realization: Option<Realization>,
}

/// A validated business case with its scheduled checkpoints and their realizations.
///
/// It serializes (for reports) but does not deserialize: a tracked case only comes out
/// of a validated [`BenefitsBook`].
///
/// # Example
///
/// ```
///
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let case = book.case("sso").ok_or("no case")?;
/// assert_eq!(case.case().owner.as_str(), "ana");
/// assert_eq!(case.unit().to_string(), "money in EUR");
/// assert_eq!(case.checkpoints().len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A validated business case with its scheduled checkpoints and their realizations.\n\nIt serializes (for reports) but does not deserialize: a tracked case only comes out\nof a validated [`BenefitsBook`]."
    )
)]
pub struct TrackedCase {
    case: BenefitsCase,
    unit: BenefitUnit,
    checkpoints: Vec<Checkpoint>,
}

impl TrackedCase {
    /// The business case as approved.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// assert_eq!(book.case("sso").ok_or("no case")?.case().launched_on.to_string(), "2026-02-01");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn case(&self) -> &BenefitsCase {
        &self.case
    }

    /// The unit of every expected and realized value of the case.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::BenefitUnit;
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// assert_eq!(book.case("sso").ok_or("no case")?.unit(), &BenefitUnit::Money(Currency::new("EUR")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> &BenefitUnit {
        &self.unit
    }

    /// The checkpoints, in number order.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// let recorded: Vec<u32> = book.case("sso").ok_or("no case")?.checkpoints().iter()
    ///     .filter(|c| c.realization.is_some()).map(|c| c.number).collect();
    /// assert_eq!(recorded, [1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoints(&self) -> &[Checkpoint] {
        &self.checkpoints
    }
}

/// A validated set of business cases and their realizations.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_benefits::{BenefitsBook, BookData, Error};
///
/// let json = r#"{
///   "cases": [{
///     "initiative": "sso", "owner": "ana", "product_line": "platform",
///     "approved_on": "2026-01-10", "launched_on": "2026-02-01",
///     "expected": [{"money": {"amount": "1000", "currency": "EUR"}}]
///   }],
///   "realizations": [{
///     "initiative": "sso", "checkpoint": 2, "recorded_on": "2026-04-02",
///     "realized": {"money": {"amount": "900", "currency": "EUR"}}
///   }]
/// }"#;
/// // Deserializing a book validates it...
/// let err = serde_json::from_str::<BenefitsBook>(json).unwrap_err();
/// assert!(err.to_string().contains("a realization refers to checkpoint 2"));
///
/// // ...and so does building one from plain data, with a typed error.
/// let data: BookData = serde_json::from_str(json)?;
/// assert!(matches!(
///     BenefitsBook::new(data),
///     Err(Error::UnknownCheckpoint { checkpoint: 2, checkpoints: 1, .. })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BookData", into = "BookData"))]
pub struct BenefitsBook {
    schedule: Schedule,
    /// The cases, in id order (ids are unique): a vector rather than a map, so that a
    /// review walks them in order without a tree's pointer chasing.
    cases: Vec<TrackedCase>,
    /// The groups of each case, in id order, by rank: computed from `cases` once, so
    /// that reviews group initiatives by index (see `crate::groups`).
    groups: GroupIndex,
    /// What a review reads of every checkpoint, packed in one vector in case (id) and
    /// checkpoint order: computed from `cases` once (see [`Packed`]).
    packed: Vec<Packed>,
    /// Where each case's checkpoints end in `packed`, in case order.
    packed_ends: Vec<usize>,
    /// How many records a review may list, counted from `cases` once, so that a review
    /// reserves its record lists rather than growing them.
    records: RecordCounts,
}

/// What a review reads of one checkpoint, in 48 bytes rather than the 112 of a
/// [`Checkpoint`] with its [`Realization`].
///
/// A review of a large book reads every checkpoint once; from the tracked cases that
/// is a walk through a separate allocation per case, two cache lines per checkpoint,
/// which stalled on memory. Packed in one vector, the same figures stream in order.
/// The root cause, which a review clones, is read from the checkpoint itself, only
/// where there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed {
    /// The checkpoint number.
    pub(crate) number: u32,
    /// When it falls due.
    pub(crate) due_on: NaiveDate,
    /// When its realization was recorded; `None` without one.
    pub(crate) recorded_on: Option<NaiveDate>,
    /// Whether its realization gives a root cause.
    pub(crate) explained: bool,
    /// The expected benefit.
    pub(crate) expected: Decimal,
    /// The realized benefit's amount (zero without a realization).
    pub(crate) realized: Decimal,
}

impl Packed {
    /// The packed figures of `checkpoint`.
    fn of(checkpoint: &Checkpoint) -> Self {
        let realization = checkpoint.realization.as_ref();
        Self {
            number: checkpoint.number,
            due_on: checkpoint.due_on,
            recorded_on: realization.map(|r| r.recorded_on),
            explained: realization.is_some_and(|r| r.root_cause.is_some()),
            expected: checkpoint.expected,
            realized: realization.map_or(Decimal::ZERO, |r| r.realized.amount()),
        }
    }
}

/// Counts of a book's checkpoints that size the record lists of its reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RecordCounts {
    /// Checkpoints without a realization: about as many as a late review finds
    /// overdue (realizations recorded after `as_of` add to them).
    pub(crate) unrecorded: usize,
    /// Realizations without a root cause: at least as many as a review finds missing
    /// one.
    pub(crate) unexplained: usize,
}

// Not derived: the group ranks, packed checkpoints and record counts are derived from
// the cases, and the book prints as its schedule and its cases by id (a map, as the
// cases were kept in one).
/// Cases printed as a map from id to case, as a `BTreeMap` of them prints.
struct CasesById<'a>(&'a [TrackedCase]);

impl std::fmt::Debug for CasesById<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|tracked| (&tracked.case.initiative, tracked)),
            )
            .finish()
    }
}

impl std::fmt::Debug for BenefitsBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BenefitsBook")
            .field("schedule", &self.schedule)
            .field("cases", &CasesById(&self.cases))
            .finish()
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for BenefitsBook {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("BenefitsBook")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = BookData::json_schema(generator);
        schema.insert("title".into(), "BenefitsBook".into());
        schema
    }
}

impl TryFrom<BookData> for BenefitsBook {
    type Error = Error;

    fn try_from(data: BookData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<BenefitsBook> for BookData {
    fn from(book: BenefitsBook) -> Self {
        let mut cases = Vec::with_capacity(book.cases.len());
        let mut realizations = Vec::new();
        for tracked in book.cases {
            realizations.extend(
                tracked
                    .checkpoints
                    .into_iter()
                    .filter_map(|c| c.realization),
            );
            cases.push(tracked.case);
        }
        Self {
            schedule: book.schedule,
            cases,
            realizations,
        }
    }
}

/// Validates one business case and schedules its checkpoints.
fn track(case: BenefitsCase, schedule: &Schedule) -> Result<TrackedCase> {
    let initiative = &case.initiative;
    if case.launched_on < case.approved_on {
        return Err(Error::LaunchBeforeApproval {
            initiative: initiative.clone(),
            approved_on: case.approved_on,
            launched_on: case.launched_on,
        });
    }
    let Some(first) = case.expected.first() else {
        return Err(Error::NoCheckpoints {
            initiative: initiative.clone(),
        });
    };
    let unit = first.unit();
    let mut checkpoints = Vec::with_capacity(case.expected.len());
    for (index, value) in case.expected.iter().enumerate() {
        let number = u32::try_from(index)
            .ok()
            .and_then(|i| i.checked_add(1))
            .ok_or_else(|| Error::Overflow {
                operation: "numbering checkpoints",
                subject: format!("initiative \"{initiative}\""),
            })?;
        if !value.is_in(&unit) {
            return Err(Error::UnitMismatch {
                initiative: initiative.clone(),
                checkpoint: number,
                expected: unit,
                found: value.unit(),
            });
        }
        let expected = value.amount();
        if expected.is_sign_negative() && !expected.is_zero() {
            return Err(Error::NegativeExpected {
                initiative: initiative.clone(),
                checkpoint: number,
                value: expected.to_string(),
            });
        }
        let due_on =
            schedule
                .due_date(case.launched_on, number)
                .ok_or_else(|| Error::DateOutOfRange {
                    initiative: initiative.clone(),
                    checkpoint: number,
                })?;
        checkpoints.push(Checkpoint {
            number,
            due_on,
            expected,
            realization: None,
        });
    }
    Ok(TrackedCase {
        case,
        unit,
        checkpoints,
    })
}

/// Validates one realization against its case and attaches it to its checkpoint.
fn attach(tracked: &mut TrackedCase, realization: Realization) -> Result<()> {
    let initiative = &realization.initiative;
    let number = realization.checkpoint;
    let count = u32::try_from(tracked.checkpoints.len()).unwrap_or(u32::MAX);
    let unknown = || Error::UnknownCheckpoint {
        initiative: initiative.clone(),
        checkpoint: number,
        checkpoints: count,
    };
    let index =
        usize::try_from(number.checked_sub(1).ok_or_else(unknown)?).map_err(|_| unknown())?;
    let checkpoint = tracked.checkpoints.get_mut(index).ok_or_else(unknown)?;
    if checkpoint.realization.is_some() {
        return Err(Error::DuplicateRealization {
            initiative: initiative.clone(),
            checkpoint: number,
        });
    }
    if !realization.realized.is_in(&tracked.unit) {
        return Err(Error::UnitMismatch {
            initiative: initiative.clone(),
            checkpoint: number,
            expected: tracked.unit.clone(),
            found: realization.realized.unit(),
        });
    }
    if realization.recorded_on < checkpoint.due_on {
        return Err(Error::RecordedBeforeDue {
            initiative: initiative.clone(),
            checkpoint: number,
            due_on: checkpoint.due_on,
            recorded_on: realization.recorded_on,
        });
    }
    if realization
        .root_cause
        .as_ref()
        .is_some_and(|cause| cause.text.trim().is_empty())
    {
        return Err(Error::BlankRootCause {
            initiative: initiative.clone(),
            checkpoint: number,
        });
    }
    checkpoint.realization = Some(realization);
    Ok(())
}

impl BenefitsBook {
    /// Validates `data`.
    ///
    /// Cases are checked in initiative-id order and realizations in (initiative,
    /// checkpoint) order, after all cases, so the same data reports the same error
    /// whatever order it was listed in.
    ///
    /// # Errors
    ///
    /// - [`Error::DuplicateInitiative`] for two cases with one initiative id;
    /// - [`Error::LaunchBeforeApproval`], [`Error::NoCheckpoints`],
    ///   [`Error::NegativeExpected`], [`Error::UnitMismatch`] (another currency or
    ///   metric) and [`Error::DateOutOfRange`] for a bad case;
    /// - [`Error::UnknownInitiative`], [`Error::UnknownCheckpoint`],
    ///   [`Error::DuplicateRealization`], [`Error::UnitMismatch`],
    ///   [`Error::RecordedBeforeDue`] and [`Error::BlankRootCause`] for a bad realization.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// assert_eq!(book.cases().len(), 1);
    /// // A realization for a checkpoint the case does not have is rejected, naming it.
    /// let mut data = BookData { cases: vec![book.case("sso").ok_or("no case")?.case().clone()], ..BookData::default() };
    /// data.realizations.push(realized(5, "2026-12-01", 100)?);
    /// assert!(BenefitsBook::new(data).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(data: BookData) -> Result<Self> {
        let BookData {
            schedule,
            mut cases,
            mut realizations,
        } = data;
        // Duplicates are looked for first, in sorted order, so that which error a
        // repeated record gives does not depend on which copy was listed first.
        cases.sort_by(|a, b| a.initiative.cmp(&b.initiative));
        let repeated_case = cases.windows(2).find_map(|pair| match pair {
            [a, b] if a.initiative == b.initiative => Some(a.initiative.clone()),
            _ => None,
        });
        if let Some(initiative) = repeated_case {
            return Err(Error::DuplicateInitiative { initiative });
        }
        realizations
            .sort_by(|a, b| (&a.initiative, a.checkpoint).cmp(&(&b.initiative, b.checkpoint)));
        let repeated_realization = realizations.windows(2).find_map(|pair| match pair {
            [a, b] if a.initiative == b.initiative && a.checkpoint == b.checkpoint => {
                Some((a.initiative.clone(), a.checkpoint))
            }
            _ => None,
        });
        if let Some((initiative, checkpoint)) = repeated_realization {
            return Err(Error::DuplicateRealization {
                initiative,
                checkpoint,
            });
        }
        // The cases are sorted by id, without repeats: found by binary search.
        let mut tracked = Vec::with_capacity(cases.len());
        for case in cases {
            tracked.push(track(case, &schedule)?);
        }
        for realization in realizations {
            let found = tracked.binary_search_by(|entry: &TrackedCase| {
                entry.case.initiative.cmp(&realization.initiative)
            });
            let Some(entry) = found.ok().and_then(|index| tracked.get_mut(index)) else {
                return Err(Error::UnknownInitiative {
                    initiative: realization.initiative,
                });
            };
            attach(entry, realization)?;
        }
        let groups = GroupIndex::of(tracked.iter().map(|tracked| GroupKeys {
            owner: &tracked.case.owner,
            line: &tracked.case.product_line,
            unit: &tracked.unit,
        }));
        let mut records = RecordCounts::default();
        let mut packed = Vec::with_capacity(tracked.iter().fold(0usize, |n, tracked| {
            n.saturating_add(tracked.checkpoints.len())
        }));
        let mut packed_ends = Vec::with_capacity(tracked.len());
        for case in &tracked {
            for checkpoint in &case.checkpoints {
                match &checkpoint.realization {
                    None => records.unrecorded = records.unrecorded.saturating_add(1),
                    Some(realization) if realization.root_cause.is_none() => {
                        records.unexplained = records.unexplained.saturating_add(1);
                    }
                    Some(_) => {}
                }
                packed.push(Packed::of(checkpoint));
            }
            packed_ends.push(packed.len());
        }
        Ok(Self {
            schedule,
            cases: tracked,
            groups,
            packed,
            packed_ends,
            records,
        })
    }

    /// The checkpoint schedule.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// assert_eq!(book.schedule().days_after_launch(), [30, 60, 90]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The cases, in initiative-id order.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// let ids: Vec<&str> = book.cases().map(|c| c.case().initiative.as_str()).collect();
    /// assert_eq!(ids, ["sso"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cases(&self) -> impl ExactSizeIterator<Item = &TrackedCase> {
        self.cases.iter()
    }

    /// The groups of each case, in the order of [`cases`](Self::cases).
    pub(crate) fn groups(&self) -> &GroupIndex {
        &self.groups
    }

    /// The cases in id order, each with its packed checkpoints (see [`Packed`]).
    pub(crate) fn packed_cases(&self) -> impl ExactSizeIterator<Item = (&TrackedCase, &[Packed])> {
        let mut start = 0;
        self.cases
            .iter()
            .zip(&self.packed_ends)
            .map(move |(tracked, &end)| {
                // Every range is in bounds: the ends were taken from `packed` itself.
                let checkpoints = self.packed.get(start..end).unwrap_or_default();
                start = end;
                (tracked, checkpoints)
            })
    }

    /// How many checkpoints the cases have in all (the size of a review's vector of
    /// checkpoint reviews).
    pub(crate) fn checkpoint_count(&self) -> usize {
        self.packed.len()
    }

    /// The counts that size the record lists of a review.
    pub(crate) fn record_counts(&self) -> RecordCounts {
        self.records
    }

    /// The case of `initiative`, if there is one.
    ///
    /// # Example
    ///
    /// ```
    ///
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
    /// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// #     };
    /// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
    /// # }
    ///
    /// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
    /// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
    /// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
    /// let book = book()?;
    /// assert!(book.case("sso").is_some());
    /// assert!(book.case("billing").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn case(&self, initiative: &str) -> Option<&TrackedCase> {
        let found = self
            .cases
            .binary_search_by(|tracked| tracked.case.initiative.as_str().cmp(initiative));
        found.ok().and_then(|index| self.cases.get(index))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use folio_types::{Currency, InitiativeId, MetricId, Money, OwnerId, ProductLineId};

    use super::*;
    use crate::case::{RootCause, RootCauseCategory};
    use crate::value::BenefitValue;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn eur(amount: &str) -> BenefitValue {
        BenefitValue::Money(Money::new(
            amount.parse().unwrap(),
            Currency::new("EUR").unwrap(),
        ))
    }

    fn usd(amount: &str) -> BenefitValue {
        BenefitValue::Money(Money::new(
            amount.parse().unwrap(),
            Currency::new("USD").unwrap(),
        ))
    }

    fn users(amount: &str) -> BenefitValue {
        BenefitValue::Metric {
            metric: MetricId::new("active_users").unwrap(),
            value: amount.parse().unwrap(),
        }
    }

    fn id(text: &str) -> InitiativeId {
        InitiativeId::new(text).unwrap()
    }

    /// A case approved 2026-01-05, launched 2026-02-01, with checkpoints due 2026-03-03,
    /// 2026-04-02 and 2026-05-02.
    fn case(initiative: &str, expected: Vec<BenefitValue>) -> BenefitsCase {
        BenefitsCase {
            initiative: id(initiative),
            owner: OwnerId::new("ana").unwrap(),
            product_line: ProductLineId::new("platform").unwrap(),
            approved_on: date("2026-01-05"),
            launched_on: date("2026-02-01"),
            expected,
        }
    }

    fn realization(initiative: &str, checkpoint: u32, recorded_on: &str) -> Realization {
        Realization {
            initiative: id(initiative),
            checkpoint,
            recorded_on: date(recorded_on),
            realized: eur("100"),
            root_cause: None,
        }
    }

    fn book(cases: Vec<BenefitsCase>, realizations: Vec<Realization>) -> Result<BenefitsBook> {
        BenefitsBook::new(BookData {
            schedule: Schedule::default(),
            cases,
            realizations,
        })
    }

    fn check(cases: Vec<BenefitsCase>, realizations: Vec<Realization>, expected: Error) {
        assert_eq!(book(cases, realizations), Err(expected));
    }

    fn three() -> Vec<BenefitValue> {
        vec![eur("100"), eur("100"), eur("100")]
    }

    #[test]
    fn valid_book_schedules_and_attaches() {
        let book = book(
            vec![case("b", three()), case("a", vec![users("10")])],
            vec![
                realization("b", 2, "2026-04-02"),
                realization("b", 1, "2026-03-10"),
            ],
        )
        .unwrap();
        let ids: Vec<_> = book.cases().map(|c| c.case().initiative.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let b = book.case("b").unwrap();
        let due: Vec<_> = b
            .checkpoints()
            .iter()
            .map(|c| c.due_on.to_string())
            .collect();
        assert_eq!(due, ["2026-03-03", "2026-04-02", "2026-05-02"]);
        let recorded: Vec<_> = b
            .checkpoints()
            .iter()
            .map(|c| c.realization.as_ref().map(|r| r.recorded_on.to_string()))
            .collect();
        assert_eq!(
            recorded,
            [Some("2026-03-10".into()), Some("2026-04-02".into()), None]
        );
        assert_eq!(b.unit(), &BenefitUnit::Money(Currency::new("EUR").unwrap()));
        assert_eq!(
            book.case("a").unwrap().unit(),
            &BenefitUnit::Metric(MetricId::new("active_users").unwrap())
        );
        assert!(book.case("zz").is_none());
        assert_eq!(book.schedule(), &Schedule::default());
    }

    #[test]
    fn case_errors_name_the_initiative() {
        let mut early = case("x", three());
        early.launched_on = date("2026-01-04");
        check(
            vec![early],
            vec![],
            Error::LaunchBeforeApproval {
                initiative: id("x"),
                approved_on: date("2026-01-05"),
                launched_on: date("2026-01-04"),
            },
        );
        check(
            vec![case("x", three()), case("y", three()), case("x", three())],
            vec![],
            Error::DuplicateInitiative {
                initiative: id("x"),
            },
        );
        check(
            vec![case("x", vec![])],
            vec![],
            Error::NoCheckpoints {
                initiative: id("x"),
            },
        );
        check(
            vec![case("x", vec![eur("1"), eur("-0.01")])],
            vec![],
            Error::NegativeExpected {
                initiative: id("x"),
                checkpoint: 2,
                value: "-0.01".into(),
            },
        );
        check(
            vec![case("x", vec![eur("1"), eur("2"), usd("3")])],
            vec![],
            Error::UnitMismatch {
                initiative: id("x"),
                checkpoint: 3,
                expected: eur("0").unit(),
                found: usd("0").unit(),
            },
        );
        check(
            vec![case("x", vec![eur("1"), users("2")])],
            vec![],
            Error::UnitMismatch {
                initiative: id("x"),
                checkpoint: 2,
                expected: eur("0").unit(),
                found: users("0").unit(),
            },
        );
        let mut far = case("x", three());
        far.approved_on = NaiveDate::MAX;
        far.launched_on = NaiveDate::MAX;
        check(
            vec![far],
            vec![],
            Error::DateOutOfRange {
                initiative: id("x"),
                checkpoint: 1,
            },
        );
    }

    #[test]
    fn realization_errors_name_initiative_and_checkpoint() {
        let cases = || vec![case("x", three())];
        check(
            cases(),
            vec![realization("nope", 1, "2026-03-03")],
            Error::UnknownInitiative {
                initiative: id("nope"),
            },
        );
        for checkpoint in [0, 4, u32::MAX] {
            check(
                cases(),
                vec![realization("x", checkpoint, "2026-06-01")],
                Error::UnknownCheckpoint {
                    initiative: id("x"),
                    checkpoint,
                    checkpoints: 3,
                },
            );
        }
        check(
            cases(),
            vec![
                realization("x", 1, "2026-03-03"),
                realization("x", 1, "2026-03-04"),
            ],
            Error::DuplicateRealization {
                initiative: id("x"),
                checkpoint: 1,
            },
        );
        let mut dollars = realization("x", 2, "2026-04-02");
        dollars.realized = usd("100");
        check(
            cases(),
            vec![dollars],
            Error::UnitMismatch {
                initiative: id("x"),
                checkpoint: 2,
                expected: eur("0").unit(),
                found: usd("0").unit(),
            },
        );
        check(
            cases(),
            vec![realization("x", 2, "2026-04-01")],
            Error::RecordedBeforeDue {
                initiative: id("x"),
                checkpoint: 2,
                due_on: date("2026-04-02"),
                recorded_on: date("2026-04-01"),
            },
        );
        let mut blank = realization("x", 3, "2026-05-02");
        blank.root_cause = Some(RootCause {
            category: RootCauseCategory::Other,
            text: "  \n".into(),
        });
        check(
            cases(),
            vec![blank],
            Error::BlankRootCause {
                initiative: id("x"),
                checkpoint: 3,
            },
        );
    }

    #[test]
    fn regression_duplicate_is_reported_whichever_copy_comes_first() {
        // A bad copy listed first used to hide the duplicate behind its own error.
        let mut bad = case("x", three());
        bad.launched_on = date("2026-01-01");
        let good = case("x", three());
        for cases in [vec![bad.clone(), good.clone()], vec![good, bad]] {
            check(
                cases,
                vec![],
                Error::DuplicateInitiative {
                    initiative: id("x"),
                },
            );
        }
        let early = realization("x", 1, "2026-01-01");
        let fine = realization("x", 1, "2026-03-03");
        for realizations in [vec![early.clone(), fine.clone()], vec![fine, early]] {
            check(
                vec![case("x", three())],
                realizations,
                Error::DuplicateRealization {
                    initiative: id("x"),
                    checkpoint: 1,
                },
            );
        }
    }

    /// A book of cases given out of order, with realizations (one with a root cause)
    /// on some checkpoints.
    fn mixed_book() -> BenefitsBook {
        let mut explained = realization("c", 2, "2026-04-20");
        explained.root_cause = Some(RootCause {
            category: RootCauseCategory::AdoptionLowerThanPlanned,
            text: "few switched it on".into(),
        });
        book(
            vec![
                case("c", three()),
                case("a", vec![eur("10")]),
                case("b", three()),
            ],
            vec![
                realization("b", 3, "2026-05-02"),
                explained,
                realization("a", 1, "2026-03-05"),
                realization("c", 1, "2026-03-03"),
            ],
        )
        .unwrap()
    }

    #[test]
    fn debug_prints_the_cases_as_a_map_by_id() {
        let book = mixed_book();
        let cases: BTreeMap<&InitiativeId, &TrackedCase> = book
            .cases()
            .map(|tracked| (&tracked.case().initiative, tracked))
            .collect();
        // What the book printed when it kept its cases in a `BTreeMap` by id.
        struct Before<'a>(&'a Schedule, BTreeMap<&'a InitiativeId, &'a TrackedCase>);
        impl std::fmt::Debug for Before<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("BenefitsBook")
                    .field("schedule", self.0)
                    .field("cases", &self.1)
                    .finish()
            }
        }
        let before = Before(book.schedule(), cases);
        assert_eq!(format!("{book:?}"), format!("{before:?}"));
        assert_eq!(format!("{book:#?}"), format!("{before:#?}"));
        assert!(format!("{book:?}").contains("cases: {InitiativeId(\"a\"): TrackedCase {"));
    }

    #[test]
    fn cases_are_found_by_id() {
        let book = mixed_book();
        for (id, checkpoints) in [("a", 1), ("b", 3), ("c", 3)] {
            let found = book.case(id).map(|tracked| {
                (
                    tracked.case().initiative.as_str(),
                    tracked.checkpoints().len(),
                )
            });
            assert_eq!(found, Some((id, checkpoints)), "{id}");
        }
        for missing in ["", "0", "aa", "b0", "d"] {
            assert!(book.case(missing).is_none(), "{missing}");
        }
        let ids: Vec<&str> = book.cases().map(|c| c.case().initiative.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn packed_checkpoints_are_the_tracked_ones() {
        let book = mixed_book();
        let mut seen = 0;
        for ((tracked, packed), same) in book.packed_cases().zip(book.cases()) {
            assert!(std::ptr::eq(tracked, same));
            assert_eq!(packed.len(), tracked.checkpoints().len());
            for (packed, checkpoint) in packed.iter().zip(tracked.checkpoints()) {
                let realization = checkpoint.realization.as_ref();
                assert_eq!(*packed, Packed::of(checkpoint));
                assert_eq!(
                    (packed.number, packed.due_on, packed.expected),
                    (checkpoint.number, checkpoint.due_on, checkpoint.expected)
                );
                assert_eq!(packed.recorded_on, realization.map(|r| r.recorded_on));
                assert_eq!(
                    packed.explained,
                    realization.is_some_and(|r| r.root_cause.is_some())
                );
                assert_eq!(
                    packed.realized,
                    realization.map_or(Decimal::ZERO, |r| r.realized.amount())
                );
                seen += 1;
            }
        }
        assert_eq!(seen, 7);
        assert_eq!(
            book.record_counts(),
            RecordCounts {
                unrecorded: 3,
                unexplained: 3,
            }
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_validates_and_round_trips() {
        let json = r#"{
            "schedule": {"days_after_launch": [30], "then_every_months": 1},
            "cases": [{
                "initiative": "x", "owner": "ana", "product_line": "platform",
                "approved_on": "2026-01-05", "launched_on": "2026-02-01",
                "expected": [{"money": {"amount": "100", "currency": "EUR"}},
                             {"money": {"amount": "100", "currency": "EUR"}}]
            }],
            "realizations": [{
                "initiative": "x", "checkpoint": 2, "recorded_on": "2026-04-03",
                "realized": {"money": {"amount": "70", "currency": "EUR"}},
                "root_cause": {"category": "market_changed", "text": "A competitor cut prices"}
            }]
        }"#;
        let book: BenefitsBook = serde_json::from_str(json).unwrap();
        assert_eq!(book.schedule(), &Schedule::new(vec![30], 1).unwrap());
        let x = book.case("x").unwrap();
        // Monthly after day 30: 2026-03-03, then 2026-04-03.
        assert_eq!(x.checkpoints()[1].due_on, date("2026-04-03"));
        let back: BenefitsBook =
            serde_json::from_str(&serde_json::to_string(&book).unwrap()).unwrap();
        assert_eq!(back, book);

        let late_checkpoint = json.replace("\"checkpoint\": 2", "\"checkpoint\": 3");
        let err = serde_json::from_str::<BenefitsBook>(&late_checkpoint).unwrap_err();
        assert!(
            err.to_string().contains(
                "initiative \"x\" has checkpoints 1..=2, but a realization refers to checkpoint 3"
            ),
            "{err}"
        );
        let unknown_field = json.replace("\"owner\"", "\"sponsor\"");
        assert!(serde_json::from_str::<BenefitsBook>(&unknown_field).is_err());
        let bad_category = json.replace("market_changed", "bad_luck");
        assert!(serde_json::from_str::<BenefitsBook>(&bad_category).is_err());
    }
}
