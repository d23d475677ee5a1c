//! The state of every checkpoint at `as_of`, and each initiative's realization rate.
//!
//! # Checkpoint status
//!
//! A realization is seen at `as_of` only if it was recorded on or before `as_of`. Then,
//! with the policy's `grace_days` (default 0):
//!
//! | status | when |
//! |---|---|
//! | [`Upcoming`](CheckpointStatus::Upcoming) | `as_of` is before the due date, nothing seen |
//! | [`Pending`](CheckpointStatus::Pending) | due, nothing seen, at most `grace_days` days past the due date |
//! | [`Overdue`](CheckpointStatus::Overdue) | nothing seen and more than `grace_days` days past the due date |
//! | [`Realized`](CheckpointStatus::Realized) | a realization is seen; it is *late* if recorded more than `grace_days` days after the due date |
//!
//! With the default grace of 0, a checkpoint due today is pending, and overdue from
//! tomorrow: "the date has passed and nothing was recorded".
//!
//! # Which checkpoints count
//!
//! A checkpoint **counts** in rates, variances of initiatives and post-mortem triggers
//! when it is realized (with its realized value), or when it is overdue and the policy
//! says [`Unrecorded::CountAsZero`] (with a realized value of 0). Upcoming and pending
//! checkpoints never count: their benefit is not yet due to be shown.
//!
//! # Realization rate of an initiative
//!
//! rate = sum(realized) / sum(expected) over the counted checkpoints. It is `None` when
//! that sum of expected benefit is zero (nothing counted yet, or a case that expected
//! nothing at these checkpoints): a rate of "something out of nothing" is undefined, and
//! such an initiative carries no weight in any rollup.
//!
//! Worked example: expected 100, 200 and 300 at checkpoints 1-3; realized 90 and 150 at
//! checkpoints 1 and 2, checkpoint 3 overdue. Counted: all three (overdue as 0), so the
//! rate is (90 + 150 + 0) / (100 + 200 + 300) = 0.4. With [`Unrecorded::Exclude`] it is
//! 240 / 300 = 0.8.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use folio_types::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;

use crate::book::{Packed, TrackedCase};
use crate::case::RootCause;
use crate::error::Error;
use crate::exact::{RunningSum, Threshold};
use crate::policy::{ReviewPolicy, Unrecorded};
use crate::value::BenefitUnit;
use crate::variance::Variance;

/// Where a checkpoint stands at `as_of`; see the [module docs](self).
///
/// # Example
///
/// ```
/// use folio_benefits::{CheckpointStatus, ReviewPolicy};
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
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
/// // Checkpoint 2 fell due on 2 April and was recorded on 20 April: late.
/// let status: Vec<CheckpointStatus> = sso.checkpoints.iter().map(|c| c.status()).collect();
/// assert!(matches!(status[1], CheckpointStatus::Realized { days_after_due: 18, late: true, .. }));
/// assert_eq!(status[2].to_string(), "overdue (30 days past due)");
/// assert_eq!(status[3].to_string(), "upcoming (due in 62 days)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "Where a checkpoint stands at `as_of`; see the [module docs](self).")
)]
pub enum CheckpointStatus {
    /// Not due yet.
    Upcoming {
        /// Days until the due date.
        days_until_due: u32,
    },
    /// Due, nothing recorded, still within the grace period.
    Pending {
        /// Days since the due date (at most the grace period).
        days_since_due: u32,
    },
    /// Due, nothing recorded, past the grace period.
    Overdue {
        /// Days since the due date.
        days_overdue: u32,
    },
    /// A realization has been recorded.
    Realized {
        /// When it was recorded.
        recorded_on: NaiveDate,
        /// Days from the due date to the recording.
        days_after_due: u32,
        /// Whether it was recorded more than the grace period after the due date.
        late: bool,
    },
}

impl std::fmt::Display for CheckpointStatus {
    /// The status in plain words: `upcoming (due in 12 days)`, `pending (3 days past
    /// due)`, `overdue (62 days past due)`, `realized on 2026-05-04` with ` (late)` when
    /// recorded after the grace period.
    ///
    /// ```
    /// use folio_benefits::CheckpointStatus;
    ///
    /// let overdue = CheckpointStatus::Overdue { days_overdue: 62 };
    /// assert_eq!(overdue.to_string(), "overdue (62 days past due)");
    /// let soon = CheckpointStatus::Upcoming { days_until_due: 1 };
    /// assert_eq!(soon.to_string(), "upcoming (due in 1 day)");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = |n: u32| if n == 1 { "day" } else { "days" };
        match *self {
            Self::Upcoming { days_until_due: n } => write!(f, "upcoming (due in {n} {})", days(n)),
            Self::Pending { days_since_due: n } => write!(f, "pending ({n} {} past due)", days(n)),
            Self::Overdue { days_overdue: n } => write!(f, "overdue ({n} {} past due)", days(n)),
            Self::Realized {
                recorded_on, late, ..
            } => {
                write!(f, "realized on {recorded_on}")?;
                if late { f.write_str(" (late)") } else { Ok(()) }
            }
        }
    }
}

/// One checkpoint of one initiative, reviewed at `as_of`.
///
/// Read through its accessors ([`number`](Self::number), [`due_on`](Self::due_on),
/// [`expected`](Self::expected), [`realized`](Self::realized),
/// [`status`](Self::status), [`counted`](Self::counted),
/// [`variance`](Self::variance), [`root_cause`](Self::root_cause),
/// [`root_cause_required`](Self::root_cause_required)). It is a small `Copy` value
/// without drop glue (24 bytes): it borrows the checkpoint's figures (number, dates,
/// amounts) and root cause from the book that was reviewed, or from the owned
/// [`CheckpointReviews`] it was read from, and keeps only its status, days and
/// flags. The relative variance is computed when
/// [`variance`](Self::variance) is called, with the digits of [`Variance::of`]; the
/// review itself decides whether a root cause is required without dividing. It
/// compares, prints (`Debug`) and serializes as the struct of public fields it
/// replaces did.
///
/// # Example
///
/// ```
/// use folio_benefits::ReviewPolicy;
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
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
/// let second = sso.checkpoints.get(1).ok_or("no checkpoint 2")?;
/// assert_eq!((second.number(), second.realized()), (2, Some(Decimal::from(600))));
/// // 600 against 1000 is 40% short, beyond the 10% threshold, and no root cause was given.
/// assert_eq!(second.variance().and_then(|v| v.relative).map(|r| r.to_string()), Some("-0.4".to_owned()));
/// assert!(second.root_cause_required() && second.root_cause().is_none());
/// assert!(second.root_cause_missing());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct CheckpointReview<'a> {
    /// The checkpoint's figures (number, dates, expected and realized benefit), as the
    /// book packed them for reviews, or as an owned list keeps them.
    packed: &'a Packed,
    /// The root cause.
    root_cause: Option<&'a RootCause>,
    /// The days of the status (until due, since due, overdue or after due).
    days: u32,
    /// Which status.
    kind: Kind,
    /// Whether a realized checkpoint was recorded late.
    late: bool,
    /// Whether it counts in rates and triggers.
    counted: bool,
    /// Whether the variance is beyond the root-cause threshold.
    root_cause_required: bool,
}

/// Which [`CheckpointStatus`] a checkpoint review has (its fields are kept apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Upcoming,
    Pending,
    Overdue,
    Realized,
}

impl<'a> CheckpointReview<'a> {
    /// The checkpoint number, 1-based.
    ///
    /// (Was the public field `number`; so are the other accessors, each named after
    /// the field it replaces.)
    pub fn number(&self) -> u32 {
        self.packed.number
    }

    /// Its due date.
    pub fn due_on(&self) -> NaiveDate {
        self.packed.due_on
    }

    /// The expected benefit.
    pub fn expected(&self) -> Decimal {
        self.packed.expected
    }

    /// The realized benefit, if recorded by `as_of`.
    pub fn realized(&self) -> Option<Decimal> {
        (self.kind == Kind::Realized).then_some(self.packed.realized)
    }

    /// The status at `as_of`.
    pub fn status(&self) -> CheckpointStatus {
        match self.kind {
            Kind::Upcoming => CheckpointStatus::Upcoming {
                days_until_due: self.days,
            },
            Kind::Pending => CheckpointStatus::Pending {
                days_since_due: self.days,
            },
            Kind::Overdue => CheckpointStatus::Overdue {
                days_overdue: self.days,
            },
            Kind::Realized => CheckpointStatus::Realized {
                recorded_on: self.packed.recorded_on.unwrap_or(self.packed.due_on),
                days_after_due: self.days,
                late: self.late,
            },
        }
    }

    /// Whether it counts in rates and triggers (see the [module docs](self)).
    pub fn counted(&self) -> bool {
        self.counted
    }

    /// The variance, for a realized checkpoint: [`Variance::of`] its expected and
    /// realized benefit, computed when called (a review of a book only checks that it
    /// exists, and fails with [`Error::Overflow`] where it does not).
    ///
    /// ```
    /// use folio_benefits::{ReviewPolicy, Variance};
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?, eur(1000)?],
    /// #     };
    /// #     let realization = Realization { initiative: "sso".parse()?, checkpoint: 1, recorded_on: day("2026-03-03")?, realized: eur(1200)?, root_cause: None };
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations: vec![realization], ..BookData::default() })?)
    /// # }
    ///
    /// // Checkpoint 1 of SSO realized 1200 of 1000 EUR; checkpoint 2 is not due yet.
    /// let book = book()?;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 3, 10).ok_or("bad date")?;
    /// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
    /// let first = sso.checkpoints.get(0).ok_or("no checkpoint 1")?;
    /// assert_eq!(first.variance(), Some(Variance::of(Decimal::from(1000), Decimal::from(1200))?));
    /// assert_eq!(sso.checkpoints.get(1).and_then(|c| c.variance()), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variance(&self) -> Option<Variance> {
        let realized = self.realized()?;
        // A review checked that this succeeds (it fails with the error otherwise), and a
        // checkpoint review is made by nothing else: `ok()` never drops an error.
        crate::exact::variance(self.packed.expected, realized)
            .or_else(|| Variance::of(self.packed.expected, realized).ok())
    }

    /// The root cause recorded with the realization.
    ///
    /// ```
    /// use folio_benefits::{ReviewPolicy, RootCauseCategory};
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, RootCause};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?],
    /// #     };
    /// #     let cause = RootCause { category: RootCauseCategory::AdoptionLowerThanPlanned, text: "few admins".into() };
    /// #     let realization = Realization { initiative: "sso".parse()?, checkpoint: 1, recorded_on: day("2026-03-03")?, realized: eur(600)?, root_cause: Some(cause) };
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations: vec![realization], ..BookData::default() })?)
    /// # }
    ///
    /// // Checkpoint 1 of SSO realized 600 of 1000 EUR, with a root cause.
    /// let book = book()?;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
    /// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
    /// let cause = sso.checkpoints.get(0).and_then(|c| c.root_cause()).ok_or("no root cause")?;
    /// assert_eq!(cause.category, RootCauseCategory::AdoptionLowerThanPlanned);
    /// assert_eq!(cause.text, "few admins");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn root_cause(&self) -> Option<&'a RootCause> {
        self.root_cause
    }

    /// Whether the variance is beyond the policy's root-cause threshold, so a root
    /// cause is required.
    pub fn root_cause_required(&self) -> bool {
        self.root_cause_required
    }

    /// Whether a root cause is required and none was given.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::ReviewPolicy;
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
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
    /// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
    /// // Checkpoint 1 missed by exactly 10%: no root cause needed. Checkpoint 2 missed by 40%.
    /// let missing: Vec<bool> = sso.checkpoints.iter().map(|c| c.root_cause_missing()).collect();
    /// assert_eq!(missing, [false, true, false, false]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn root_cause_missing(&self) -> bool {
        self.root_cause_required && self.root_cause.is_none()
    }
}

impl PartialEq for CheckpointReview<'_> {
    /// As the struct of public fields it replaces compared: by the values read through
    /// the accessors (decimals by value).
    fn eq(&self, other: &Self) -> bool {
        self.number() == other.number()
            && self.due_on() == other.due_on()
            && self.expected() == other.expected()
            && self.realized() == other.realized()
            && self.status() == other.status()
            && self.counted == other.counted
            && self.variance() == other.variance()
            && self.root_cause == other.root_cause
            && self.root_cause_required == other.root_cause_required
    }
}

impl Eq for CheckpointReview<'_> {}

impl std::fmt::Debug for CheckpointReview<'_> {
    /// As the struct of public fields it replaces printed: `CheckpointReview { number:
    /// 1, due_on: ..., expected: ..., realized: ..., status: ..., counted: ...,
    /// variance: ..., root_cause: ..., root_cause_required: ... }`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckpointReview")
            .field("number", &self.number())
            .field("due_on", &self.due_on())
            .field("expected", &self.expected())
            .field("realized", &self.realized())
            .field("status", &self.status())
            .field("counted", &self.counted)
            .field("variance", &self.variance())
            .field("root_cause", &self.root_cause)
            .field("root_cause_required", &self.root_cause_required)
            .finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CheckpointReview<'_> {
    /// As the struct of public fields it replaces serialized, field for field.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("CheckpointReview", 9)?;
        s.serialize_field("number", &self.number())?;
        s.serialize_field("due_on", &self.due_on())?;
        s.serialize_field("expected", &self.expected())?;
        s.serialize_field("realized", &self.realized())?;
        s.serialize_field("status", &self.status())?;
        s.serialize_field("counted", &self.counted)?;
        s.serialize_field("variance", &self.variance())?;
        s.serialize_field("root_cause", &self.root_cause)?;
        s.serialize_field("root_cause_required", &self.root_cause_required)?;
        s.end()
    }
}

/// The JSON schema of a [`CheckpointReview`]: that of the struct of public fields it
/// replaces, which this copy keeps (field docs are the schema's descriptions).
#[cfg(feature = "schemars")]
mod schema {
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use super::CheckpointStatus;
    use crate::case::RootCause;
    use crate::variance::Variance;

    #[derive(schemars::JsonSchema)]
    #[schemars(description = "One checkpoint of one initiative, reviewed at `as_of`.")]
    #[allow(dead_code)] // Only its schema is used.
    pub(super) struct CheckpointReview {
        /// The checkpoint number, 1-based.
        pub number: u32,
        /// Its due date.
        pub due_on: NaiveDate,
        /// The expected benefit.
        pub expected: Decimal,
        /// The realized benefit, if recorded by `as_of`.
        pub realized: Option<Decimal>,
        /// The status at `as_of`.
        pub status: CheckpointStatus,
        /// Whether it counts in rates and triggers (see the [module docs](self)).
        pub counted: bool,
        /// The variance, for a realized checkpoint.
        pub variance: Option<Variance>,
        /// The root cause recorded with the realization.
        pub root_cause: Option<RootCause>,
        /// Whether the variance is beyond the policy's root-cause threshold, so a root
        /// cause is required.
        pub root_cause_required: bool,
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for CheckpointReview<'_> {
    fn schema_name() -> Cow<'static, str> {
        schema::CheckpointReview::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        schema::CheckpointReview::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema::CheckpointReview::json_schema(generator)
    }

    fn inline_schema() -> bool {
        schema::CheckpointReview::inline_schema()
    }
}

/// The checkpoint reviews of one initiative, in number order: a range of one vector
/// that holds the checkpoint reviews of every initiative reviewed together.
///
/// A review of a book writes all its checkpoint reviews into one vector, in one
/// allocation, rather than one vector per initiative, and frees them at once (with no
/// pass over them: a [`CheckpointReview`] has no drop glue); the initiative reviews
/// share it (so an initiative review kept alone keeps the whole vector alive:
/// [`InitiativeReview::into_owned`] copies only its own). Read it with
/// [`get`](Self::get), [`iter`](Self::iter) (or `for c in &review.checkpoints`),
/// [`len`](Self::len): each gives a [`CheckpointReview`] by value, borrowing the
/// checkpoint's figures and root cause from the book, or from this list where the list
/// was made owned ([`Review::into_owned`](crate::Review::into_owned)), which keeps
/// them. It compares, prints (`Debug`)
/// and serializes as a list of its checkpoint reviews, as the `Vec` it replaces did.
/// `From<Vec<CheckpointReview>>` makes one from a list.
///
/// # Example
///
/// ```
/// use folio_benefits::ReviewPolicy;
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
/// // checkpoints and 3000 EUR at the fourth; 900 and 600 EUR were recorded for the first two.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
/// assert_eq!(sso.checkpoints.len(), 4);
/// let realized: Vec<Option<Decimal>> = sso.checkpoints.iter().map(|c| c.realized()).collect();
/// assert_eq!(realized, [Some(Decimal::from(900)), Some(Decimal::from(600)), None, None]);
/// assert_eq!(sso.checkpoints.get(3).map(|c| c.number()), Some(4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct CheckpointReviews<'a> {
    /// Every checkpoint review of the list this one came from; `None` while a review
    /// writes them (then this reads as empty), set once they are all written. (An
    /// `Arc` rather than a cell set later, such as a `OnceLock`, because a cell would
    /// make the type invariant in `'a`, and a record of a review could then not borrow
    /// it for less than `'a`.)
    all: Option<Arc<Stored<'a>>>,
    /// Where this initiative's reviews start in `all`.
    start: usize,
    /// Where they end.
    end: usize,
}

/// The checkpoint reviews of a list: those of a book's review borrow their figures
/// and root causes from the book; an owned list keeps them.
enum Stored<'a> {
    /// Borrowed from a book (or from another list): no drop glue.
    Borrowed(Vec<CheckpointReview<'a>>),
    /// Owned, for a review that outlives its book.
    Owned(Vec<OwnedReview>),
}

impl Default for Stored<'_> {
    fn default() -> Self {
        Self::Borrowed(Vec::new())
    }
}

/// A checkpoint review that keeps its figures and root cause.
#[derive(Clone)]
struct OwnedReview {
    packed: Packed,
    root_cause: Option<RootCause>,
    days: u32,
    kind: Kind,
    late: bool,
    counted: bool,
    root_cause_required: bool,
}

impl OwnedReview {
    /// An owned copy of `review`.
    fn of(review: CheckpointReview<'_>) -> Self {
        Self {
            packed: *review.packed,
            root_cause: review.root_cause.cloned(),
            days: review.days,
            kind: review.kind,
            late: review.late,
            counted: review.counted,
            root_cause_required: review.root_cause_required,
        }
    }

    /// The review, borrowing from `self`.
    #[inline]
    fn view(&self) -> CheckpointReview<'_> {
        CheckpointReview {
            packed: &self.packed,
            root_cause: self.root_cause.as_ref(),
            days: self.days,
            kind: self.kind,
            late: self.late,
            counted: self.counted,
            root_cause_required: self.root_cause_required,
        }
    }
}

impl Stored<'_> {
    /// How many reviews there are.
    fn len(&self) -> usize {
        match self {
            Self::Borrowed(all) => all.len(),
            Self::Owned(all) => all.len(),
        }
    }

    /// The reviews at `range` (empty where it is out of bounds).
    fn iter(&self, range: std::ops::Range<usize>) -> CheckpointIter<'_> {
        CheckpointIter {
            inner: match self {
                Self::Borrowed(all) => Inner::Borrowed(all.get(range).unwrap_or_default().iter()),
                Self::Owned(all) => Inner::Owned(all.get(range).unwrap_or_default().iter()),
            },
        }
    }

    /// An owned copy of the reviews at `range`.
    fn owned(&self, range: std::ops::Range<usize>) -> Stored<'static> {
        Stored::Owned(self.iter(range).map(OwnedReview::of).collect())
    }
}

impl<'a> CheckpointReviews<'a> {
    /// The number of checkpoint reviews.
    ///
    /// ```
    /// use folio_benefits::CheckpointReviews;
    ///
    /// let none = CheckpointReviews::from(Vec::new());
    /// assert_eq!(none.len(), 0);
    /// assert!(none.is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.iter().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The review of the checkpoint at `index` (0-based: checkpoint number `index +
    /// 1` for the reviews of a book), if there is one.
    pub fn get(&self, index: usize) -> Option<CheckpointReview<'_>> {
        self.iter().nth(index)
    }

    /// The checkpoint reviews, in order.
    pub fn iter(&self) -> CheckpointIter<'_> {
        match self.all.as_deref() {
            Some(all) => all.iter(self.start..self.end),
            None => CheckpointIter {
                inner: Inner::Borrowed(<&[CheckpointReview<'_>]>::default().iter()),
            },
        }
    }

    /// The same reviews, with their root causes owned, in a vector of their own.
    fn into_owned(self) -> CheckpointReviews<'static> {
        let Some(all) = self.all.as_deref() else {
            return CheckpointReviews::default();
        };
        let owned = all.owned(self.start..self.end);
        let end = owned.len();
        CheckpointReviews {
            all: Some(Arc::new(owned)),
            start: 0,
            end,
        }
    }
}

/// The checkpoint reviews of a [`CheckpointReviews`], by value, in order
/// ([`CheckpointReviews::iter`]).
#[derive(Clone)]
pub struct CheckpointIter<'r> {
    inner: Inner<'r>,
}

/// The reviews left, as stored.
#[derive(Clone)]
enum Inner<'r> {
    Borrowed(std::slice::Iter<'r, CheckpointReview<'r>>),
    Owned(std::slice::Iter<'r, OwnedReview>),
}

impl<'r> Iterator for CheckpointIter<'r> {
    type Item = CheckpointReview<'r>;

    #[inline]
    fn next(&mut self) -> Option<CheckpointReview<'r>> {
        match &mut self.inner {
            Inner::Borrowed(reviews) => reviews.next().copied(),
            Inner::Owned(reviews) => reviews.next().map(OwnedReview::view),
        }
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<CheckpointReview<'r>> {
        match &mut self.inner {
            Inner::Borrowed(reviews) => reviews.nth(n).copied(),
            Inner::Owned(reviews) => reviews.nth(n).map(OwnedReview::view),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Borrowed(reviews) => reviews.size_hint(),
            Inner::Owned(reviews) => reviews.size_hint(),
        }
    }
}

impl DoubleEndedIterator for CheckpointIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Borrowed(reviews) => reviews.next_back().copied(),
            Inner::Owned(reviews) => reviews.next_back().map(OwnedReview::view),
        }
    }
}

impl ExactSizeIterator for CheckpointIter<'_> {}

impl std::fmt::Debug for CheckpointIter<'_> {
    /// The checkpoint reviews left, as a list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl std::iter::FusedIterator for CheckpointIter<'_> {}

#[cfg(test)]
impl CheckpointReviews<'_> {
    /// Whether `self` and `other` are slices of one vector.
    pub(crate) fn shares_with(&self, other: &Self) -> bool {
        match (&self.all, &other.all) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Where this slice lies in its vector, and that vector's length.
    pub(crate) fn span(&self) -> (std::ops::Range<usize>, usize) {
        (
            self.start..self.end,
            self.all.as_ref().map_or(0, |all| all.len()),
        )
    }

    /// Whether this list keeps the figures and root cause of the review at `index`
    /// (an owned list) rather than borrowing them.
    pub(crate) fn owns_cause(&self, index: usize) -> bool {
        matches!(self.all.as_deref(), Some(Stored::Owned(_))) && index < self.len()
    }
}

#[cfg(test)]
impl CheckpointReviews<'static> {
    /// One realized checkpoint, recorded on its due date, counted, without a root
    /// cause, not requiring one (for the tests' fixtures).
    pub(crate) fn realized_on_time(
        number: u32,
        due_on: NaiveDate,
        expected: Decimal,
        realized: Decimal,
    ) -> Self {
        let review = OwnedReview {
            packed: Packed {
                number,
                due_on,
                recorded_on: Some(due_on),
                explained: false,
                expected,
                realized,
            },
            root_cause: None,
            days: 0,
            kind: Kind::Realized,
            late: false,
            counted: true,
            root_cause_required: false,
        };
        Self {
            all: Some(Arc::new(Stored::Owned(vec![review]))),
            start: 0,
            end: 1,
        }
    }
}

impl<'a> From<Vec<CheckpointReview<'a>>> for CheckpointReviews<'a> {
    /// The checkpoint reviews of `list`, in its order.
    fn from(list: Vec<CheckpointReview<'a>>) -> Self {
        let end = list.len();
        Self {
            all: Some(Arc::new(Stored::Borrowed(list))),
            start: 0,
            end,
        }
    }
}

impl<'r> IntoIterator for &'r CheckpointReviews<'_> {
    type Item = CheckpointReview<'r>;
    type IntoIter = CheckpointIter<'r>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for CheckpointReviews<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for CheckpointReviews<'_> {}

impl std::fmt::Debug for CheckpointReviews<'_> {
    /// As the list of the checkpoint reviews (a `Vec`'s `Debug`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CheckpointReviews<'_> {
    /// As the list of the checkpoint reviews (a `Vec`'s serialization).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The checkpoint reviews of a list of initiative reviews, written while the list is
/// built: each initiative's reviews are appended to one vector, and its
/// [`CheckpointReviews`] refer to their range in it; [`finish`](Self::finish) hands the
/// vector to them all. It also keeps the first error of the pass.
pub(crate) struct CheckpointWriter<'a> {
    all: Vec<CheckpointReview<'a>>,
    /// The first error met while the list was built, if any.
    pub(crate) error: Option<Error>,
}

impl<'a> CheckpointWriter<'a> {
    /// A writer with room for `capacity` checkpoint reviews.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            all: Vec::with_capacity(capacity),
            error: None,
        }
    }

    /// Appends `reviews` and returns their handle (empty until [`finish`](Self::finish)).
    #[inline]
    fn append(
        &mut self,
        reviews: impl Iterator<Item = CheckpointReview<'a>>,
    ) -> CheckpointReviews<'a> {
        let start = self.all.len();
        self.all.extend(reviews);
        CheckpointReviews {
            all: None,
            start,
            end: self.all.len(),
        }
    }

    /// Hands the reviews written to the initiative reviews they were written for, or
    /// returns the first error.
    pub(crate) fn finish(self, initiatives: &mut [InitiativeReview<'a>]) -> Result<(), Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let all = Arc::new(Stored::Borrowed(self.all));
        for review in initiatives {
            review.checkpoints.all = Some(Arc::clone(&all));
        }
        Ok(())
    }
}

/// Copies of `initiatives` with their ids, units and root causes owned: one vector of
/// checkpoint reviews for all of them when they share one (as a book's review does),
/// else one each.
pub(crate) fn owned_initiatives(
    initiatives: Vec<InitiativeReview<'_>>,
) -> Vec<InitiativeReview<'static>> {
    let shared = initiatives
        .first()
        .and_then(|first| first.checkpoints.all.clone());
    let Some(shared) = shared.filter(|shared| {
        initiatives.iter().all(|review| {
            review
                .checkpoints
                .all
                .as_ref()
                .is_some_and(|all| Arc::ptr_eq(shared, all))
        })
    }) else {
        return initiatives
            .into_iter()
            .map(InitiativeReview::into_owned)
            .collect();
    };
    let owned = Arc::new(shared.owned(0..shared.len()));
    initiatives
        .into_iter()
        .map(|review| {
            let checkpoints = CheckpointReviews {
                all: Some(Arc::clone(&owned)),
                start: review.checkpoints.start,
                end: review.checkpoints.end,
            };
            review.into_owned_with(checkpoints)
        })
        .collect()
}

/// One initiative reviewed at `as_of`: its checkpoints, totals and realization rate.
///
/// The ids and the unit are borrowed from the book that was reviewed (for `'a`), not
/// copied; [`into_owned`](Self::into_owned) copies them, for a review that outlives
/// the book. Either way they read (`review.initiative.as_str()`), print and serialize
/// as the ids themselves.
///
/// # Example
///
/// ```
/// use folio_benefits::ReviewPolicy;
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
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
/// assert_eq!(sso.rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// assert_eq!(sso.variance.absolute, Decimal::from(-1500));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "One initiative reviewed at `as_of`: its checkpoints, totals and realization rate."
    )
)]
pub struct InitiativeReview<'a> {
    /// The initiative.
    pub initiative: Cow<'a, InitiativeId>,
    /// The owner of its business case.
    pub owner: Cow<'a, OwnerId>,
    /// Its product line.
    pub product_line: Cow<'a, ProductLineId>,
    /// The unit of its benefit.
    pub unit: Cow<'a, BenefitUnit>,
    /// Every checkpoint, in number order.
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Vec<CheckpointReview<'static>>")
    )]
    pub checkpoints: CheckpointReviews<'a>,
    /// Expected benefit summed over the counted checkpoints.
    pub expected: Decimal,
    /// Realized benefit summed over the counted checkpoints (overdue ones as 0 when
    /// they count).
    pub realized: Decimal,
    /// realized / expected; `None` when `expected` is zero.
    pub rate: Option<Ratio>,
    /// The variance of `realized` against `expected`.
    pub variance: Variance,
}

impl<'a> InitiativeReview<'a> {
    /// The same review with its ids and unit owned rather than borrowed from the book,
    /// so that it can outlive the book.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::{InitiativeReview, ReviewPolicy};
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData};
    /// # use folio_types::{Currency, Money, NaiveDate};
    /// # use rust_decimal::Decimal;
    /// # type R<T> = Result<T, Box<dyn std::error::Error>>;
    /// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
    /// # fn eur(amount: i64) -> R<BenefitValue> {
    /// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
    /// # }
    /// # fn book() -> R<BenefitsBook> {
    /// #     let case = BenefitsCase {
    /// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #         expected: vec![eur(1000)?],
    /// #     };
    /// #     Ok(BenefitsBook::new(BookData { cases: vec![case], ..BookData::default() })?)
    /// # }
    ///
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
    /// let sso: InitiativeReview<'static> = {
    ///     let book = book()?;
    ///     book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0).into_owned()
    /// };
    /// assert_eq!(sso.initiative.as_str(), "sso");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> InitiativeReview<'static> {
        let checkpoints = self.checkpoints.clone().into_owned();
        self.into_owned_with(checkpoints)
    }

    /// The same review with its ids and unit owned, and `checkpoints` (owned copies of
    /// its own).
    fn into_owned_with(self, checkpoints: CheckpointReviews<'static>) -> InitiativeReview<'static> {
        InitiativeReview {
            initiative: Cow::Owned(self.initiative.into_owned()),
            owner: Cow::Owned(self.owner.into_owned()),
            product_line: Cow::Owned(self.product_line.into_owned()),
            unit: Cow::Owned(self.unit.into_owned()),
            checkpoints,
            expected: self.expected,
            realized: self.realized,
            rate: self.rate,
            variance: self.variance,
        }
    }

    /// The checkpoints that count in rates and triggers.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::ReviewPolicy;
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
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
    /// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
    /// // Two recorded and one overdue checkpoint count; the upcoming fourth does not.
    /// let counted: Vec<u32> = sso.counted().map(|c| c.number()).collect();
    /// assert_eq!(counted, [1, 2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counted(&self) -> impl DoubleEndedIterator<Item = CheckpointReview<'_>> + Clone {
        self.checkpoints.iter().filter(|c| c.counted)
    }
}

/// A copy of `cow` that borrows what it borrows, for as long (so a rollup built from
/// reviews of a book refers to the book's ids, without cloning them), and clones what
/// it owns.
pub(crate) fn reborrow<'a, T: ToOwned + ?Sized>(cow: &Cow<'a, T>) -> Cow<'a, T> {
    match cow {
        Cow::Borrowed(borrowed) => Cow::Borrowed(borrowed),
        Cow::Owned(owned) => Cow::Owned(std::borrow::Borrow::<T>::borrow(owned).to_owned()),
    }
}

/// Whole days from `from` to `to`, which is not earlier, saturating at `u32::MAX`.
///
/// The range of [`NaiveDate`] spans fewer than `u32::MAX` days, so the saturation never
/// happens for real dates; it keeps the conversion total.
fn days(from: NaiveDate, to: NaiveDate) -> u32 {
    // Within one year the difference of the days of the year is the answer (most
    // recordings fall within weeks of their due date). Across years, the difference of
    // the days since the common era: a few multiplications, where chrono's
    // `signed_duration_since` goes through 400-year cycles with divisions.
    if from.year() == to.year() {
        return to.ordinal().saturating_sub(from.ordinal());
    }
    let difference =
        i64::from(to.num_days_from_ce()).saturating_sub(i64::from(from.num_days_from_ce()));
    u32::try_from(difference.max(0)).unwrap_or(u32::MAX)
}

/// The variance of a review that failed (never published).
const NO_VARIANCE: Variance = Variance {
    absolute: Decimal::ZERO,
    relative: None,
};

/// What the records of a review need to know of a checkpoint, noted while it is
/// reviewed (so that a review does not scan its checkpoint reviews again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Noted {
    /// The checkpoint's position among its initiative's checkpoints.
    pub(crate) index: usize,
    /// Whether it is overdue.
    pub(crate) overdue: bool,
    /// Whether it is realized and misses a root cause it needs.
    pub(crate) misses_root_cause: bool,
}

/// Reviews one checkpoint. An error (an overflow of the general variance) is stored in
/// `error` unless one is there already, and the review is returned all the same: the
/// caller writes each review straight into its vector (a `Result` would be built on
/// the stack and moved, 128 bytes a checkpoint) and reports the first error after.
#[inline(always)]
fn review_checkpoint<'a>(
    checkpoint: &'a Packed,
    root_cause: impl FnOnce() -> Option<&'a RootCause>,
    as_of: NaiveDate,
    policy: &ReviewPolicy,
    threshold: Threshold,
    error: &mut Option<Error>,
) -> CheckpointReview<'a> {
    let seen = checkpoint.recorded_on.filter(|on| *on <= as_of);
    let (kind, days, root_cause) = match seen {
        Some(recorded_on) => {
            let root_cause = if checkpoint.explained {
                root_cause()
            } else {
                None
            };
            (
                Kind::Realized,
                days(checkpoint.due_on, recorded_on),
                root_cause,
            )
        }
        None if as_of < checkpoint.due_on => (Kind::Upcoming, days(as_of, checkpoint.due_on), None),
        None => {
            let since = days(checkpoint.due_on, as_of);
            let kind = if since > policy.grace_days {
                Kind::Overdue
            } else {
                Kind::Pending
            };
            (kind, since, None)
        }
    };
    let counted = match kind {
        Kind::Realized => true,
        Kind::Overdue => policy.unrecorded == Unrecorded::CountAsZero,
        Kind::Upcoming | Kind::Pending => false,
    };
    let realized = if kind == Kind::Realized {
        checkpoint.realized
    } else {
        Decimal::ZERO
    };
    // Whether the variance exceeds the threshold, by integers without division where
    // they give the same answer (see `crate::exact::checkpoint_exceeds`), else from
    // `Variance::of`, whose error (an overflow) is the review's. The variance itself is
    // computed when read (`CheckpointReview::variance`).
    let root_cause_required = kind == Kind::Realized
        && match crate::exact::checkpoint_exceeds(checkpoint.expected, realized, threshold) {
            Some(exceeds) => exceeds,
            None => match Variance::of(checkpoint.expected, realized) {
                Ok(variance) => variance.exceeds(policy.root_cause_threshold),
                Err(e) => {
                    error.get_or_insert(e);
                    false
                }
            },
        };
    CheckpointReview {
        packed: checkpoint,
        root_cause,
        days,
        kind,
        late: kind == Kind::Realized && days > policy.grace_days,
        counted,
        root_cause_required,
    }
}

/// Reviews one tracked case at `as_of` (the policy is assumed valid, `threshold` is
/// its root-cause threshold), telling `note` about each checkpoint as it is reviewed,
/// and appending the checkpoint reviews to `writer`. Returns the review and whether
/// any of its checkpoints counts (its checkpoint reviews cannot be read before the
/// writer is finished).
///
/// The first error is stored in `writer.error` (unless one is there already) and the
/// review is returned all the same, as by [`review_checkpoint`], so that a caller can write
/// the reviews straight into a vector and report the first error after: errors are
/// the same, in the same order, as if it stopped at the first. Once an error is
/// stored the returned review is not meaningful.
#[inline]
pub(crate) fn review_initiative_noting<'a>(
    tracked: &'a TrackedCase,
    packed: &'a [Packed],
    as_of: NaiveDate,
    policy: &ReviewPolicy,
    threshold: Threshold,
    writer: &mut CheckpointWriter<'a>,
    mut note: impl FnMut(Noted),
) -> (InitiativeReview<'a>, bool) {
    let case = tracked.case();
    let overflow = |operation| Error::Overflow {
        operation,
        subject: format!("initiative \"{}\"", case.initiative),
    };
    // An error of an earlier initiative is the one to report; this one's first error
    // is kept here until the end.
    let mut first: Option<Error> = None;
    // Sums kept as integers where that gives `rust_decimal`'s digits (see
    // `RunningSum`).
    let mut expected = RunningSum::ZERO;
    let mut realized = RunningSum::ZERO;
    // Whether any checkpoint counts (for the post-mortem trigger, which cannot read the
    // checkpoint reviews until the writer is finished).
    let mut any_counted = false;
    // Appended from an exact-size iterator: each review is written in place, into the
    // vector of every initiative's checkpoint reviews.
    let checkpoints = writer.append(packed.iter().enumerate().map(|(index, checkpoint)| {
        let mut failed = None;
        let root_cause = || {
            let full = tracked.checkpoints().get(index)?;
            full.realization.as_ref()?.root_cause.as_ref()
        };
        let review = review_checkpoint(
            checkpoint,
            root_cause,
            as_of,
            policy,
            threshold,
            &mut failed,
        );
        any_counted |= review.counted;
        if first.is_some() {
            return review;
        }
        if let Some(failed) = failed {
            first = Some(match failed {
                Error::Overflow { operation, .. } => Error::Overflow {
                    operation,
                    subject: format!(
                        "initiative \"{}\" checkpoint {}",
                        case.initiative, checkpoint.number
                    ),
                },
                other => other,
            });
            return review;
        }
        if review.counted {
            // Zero where nothing is realized (an overdue checkpoint that counts as 0).
            match (
                expected.plus(checkpoint.expected),
                realized.plus(review.realized().unwrap_or(Decimal::ZERO)),
            ) {
                (Some(e), Some(r)) => (expected, realized) = (e, r),
                (None, _) => first = Some(overflow("summing expected benefit")),
                (Some(_), None) => first = Some(overflow("summing realized benefit")),
            }
        }
        note(Noted {
            index,
            overdue: review.kind == Kind::Overdue,
            // Only a realized checkpoint requires a root cause, and its variance exists
            // (else the review fails).
            misses_root_cause: review.root_cause_missing(),
        });
        review
    }));
    // One integer division for both where that gives the same values (see
    // `crate::exact::rate_and_variance`), else `Decimal` for each; from the sums'
    // mantissas and scales (see `crate::exact::rate_and_variance_of`).
    let fast = crate::exact::rate_and_variance_of(expected.parts(), realized.parts());
    let (expected, realized) = (expected.value(), realized.value());
    let (rate, variance) = match fast {
        Some((rate, variance)) => (Some(rate), variance),
        None if first.is_some() => (None, NO_VARIANCE),
        None => {
            let rate = if expected.is_zero() {
                None
            } else {
                match crate::exact::ratio_of(realized, expected) {
                    Ok(rate) => Some(rate),
                    Err(_) => {
                        first = Some(overflow("computing the realization rate"));
                        None
                    }
                }
            };
            let variance = match Variance::of(expected, realized) {
                Ok(variance) => variance,
                Err(_) => {
                    first.get_or_insert_with(|| overflow("computing the variance"));
                    NO_VARIANCE
                }
            };
            (rate, variance)
        }
    };
    if let Some(failed) = first {
        writer.error.get_or_insert(failed);
    }
    let review = InitiativeReview {
        initiative: Cow::Borrowed(&case.initiative),
        owner: Cow::Borrowed(&case.owner),
        product_line: Cow::Borrowed(&case.product_line),
        unit: Cow::Borrowed(tracked.unit()),
        checkpoints,
        expected,
        realized,
        rate,
        variance,
    };
    (review, any_counted)
}

#[cfg(test)]
mod tests {
    use folio_types::Money;

    use super::*;
    use crate::book::BenefitsBook;
    use crate::case::{BenefitsCase, BookData, Realization};
    use crate::value::BenefitValue;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn eur(amount: &str) -> BenefitValue {
        BenefitValue::Money(Money::new(amount.parse().unwrap(), "EUR".parse().unwrap()))
    }

    /// Launched 2026-02-01; checkpoints 1-3 expect 100, 200, 300 EUR and are due
    /// 2026-03-03, 2026-04-02 and 2026-05-02. `recorded` lists (checkpoint, date,
    /// realized).
    fn book(recorded: &[(u32, &str, &str)]) -> BenefitsBook {
        let case = BenefitsCase {
            initiative: "x".parse().unwrap(),
            owner: "ana".parse().unwrap(),
            product_line: "platform".parse().unwrap(),
            approved_on: date("2026-01-05"),
            launched_on: date("2026-02-01"),
            expected: vec![eur("100"), eur("200"), eur("300")],
        };
        let realizations = recorded
            .iter()
            .map(|&(checkpoint, on, amount)| Realization {
                initiative: "x".parse().unwrap(),
                checkpoint,
                recorded_on: date(on),
                realized: eur(amount),
                root_cause: None,
            })
            .collect();
        BenefitsBook::new(BookData {
            schedule: Default::default(),
            cases: vec![case],
            realizations,
        })
        .unwrap()
    }

    fn review<'a>(
        book: &'a BenefitsBook,
        as_of: &str,
        policy: &ReviewPolicy,
    ) -> InitiativeReview<'a> {
        let mut reviews = book.initiative_reviews(date(as_of), policy).unwrap();
        assert_eq!(reviews.len(), 1);
        reviews.remove(0)
    }

    fn check(recorded_on: Option<&str>, as_of: &str, grace_days: u32, expected: CheckpointStatus) {
        let recorded: Vec<_> = recorded_on.iter().map(|on| (1, *on, "100")).collect();
        let policy = ReviewPolicy {
            grace_days,
            ..ReviewPolicy::default()
        };
        let got = review(&book(&recorded), as_of, &policy)
            .checkpoints
            .get(0)
            .unwrap()
            .status();
        assert_eq!(
            got, expected,
            "recorded {recorded_on:?}, as of {as_of}, grace {grace_days}"
        );
    }

    #[test]
    fn days_are_chronos_differences() {
        let bases = [
            date("2019-12-20"),
            date("1899-12-25"),
            date("0000-12-01"),
            NaiveDate::from_ymd_opt(-401, 12, 20).unwrap(),
            NaiveDate::from_ymd_opt(9998, 12, 20).unwrap(),
        ];
        for base in bases {
            days_are_chronos_differences_from(base);
        }
        let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
        let want = max.signed_duration_since(min).num_days();
        assert_eq!(i64::from(days(min, max)), want);
    }

    fn days_are_chronos_differences_from(base: NaiveDate) {
        for a in 0..800u64 {
            for b in [0u64, 1, 11, 12, 13, 40, 365, 366, 400, 36_524, 146_097] {
                let from = base.checked_add_days(chrono::Days::new(a)).unwrap();
                let to = from.checked_add_days(chrono::Days::new(b)).unwrap();
                let want = to.signed_duration_since(from).num_days();
                assert_eq!(i64::from(days(from, to)), want, "{from} -> {to}");
                assert_eq!(days(to, from), 0, "{to} -> {from}");
            }
        }
    }

    #[test]
    fn checkpoint_reviews_are_small_and_have_no_drop_glue() {
        // So a review writes 24 bytes a checkpoint, and dropping its vector of them
        // frees it without a pass over its elements.
        assert!(!std::mem::needs_drop::<CheckpointReview<'static>>());
        assert!(std::mem::size_of::<CheckpointReview<'static>>() <= 24);
    }

    #[test]
    fn status_table() {
        use CheckpointStatus::*;
        // Checkpoint 1 is due 2026-03-03.
        check(None, "2026-03-01", 0, Upcoming { days_until_due: 2 });
        check(None, "2026-03-03", 0, Pending { days_since_due: 0 });
        check(None, "2026-03-04", 0, Overdue { days_overdue: 1 });
        check(None, "2026-03-04", 3, Pending { days_since_due: 1 });
        check(None, "2026-03-06", 3, Pending { days_since_due: 3 });
        check(None, "2026-03-07", 3, Overdue { days_overdue: 4 });
        let on_time = |days_after_due, late| Realized {
            recorded_on: date("2026-03-03"),
            days_after_due,
            late,
        };
        check(Some("2026-03-03"), "2026-03-03", 0, on_time(0, false));
        // Recorded late: not yet visible on 9 March, late from 10 March.
        check(
            Some("2026-03-10"),
            "2026-03-09",
            0,
            Overdue { days_overdue: 6 },
        );
        let late = |late| Realized {
            recorded_on: date("2026-03-10"),
            days_after_due: 7,
            late,
        };
        check(Some("2026-03-10"), "2026-03-10", 0, late(true));
        check(Some("2026-03-10"), "2027-01-01", 6, late(true));
        check(Some("2026-03-10"), "2027-01-01", 7, late(false));
    }

    #[test]
    fn worked_example_of_the_module_docs() {
        let book = book(&[(1, "2026-03-03", "90"), (2, "2026-04-02", "150")]);
        let counted = review(&book, "2026-06-01", &ReviewPolicy::default());
        assert_eq!(counted.expected, Decimal::new(600, 0));
        assert_eq!(counted.realized, Decimal::new(240, 0));
        assert_eq!(counted.rate, Some(Ratio::new(Decimal::new(4, 1)).unwrap()));
        assert_eq!(counted.variance.absolute, Decimal::new(-360, 0));
        assert_eq!(counted.counted().count(), 3);

        let exclude = ReviewPolicy {
            unrecorded: Unrecorded::Exclude,
            ..ReviewPolicy::default()
        };
        let excluded = review(&book, "2026-06-01", &exclude);
        assert_eq!(excluded.expected, Decimal::new(300, 0));
        assert_eq!(excluded.rate, Some(Ratio::new(Decimal::new(8, 1)).unwrap()));
        assert_eq!(excluded.counted().count(), 2);
    }

    #[test]
    fn root_cause_requirement_follows_the_threshold() {
        // Checkpoint 1: 90 of 100 is exactly 10% short, not beyond the threshold.
        // Checkpoint 2: 150 of 200 is 25% short.
        let book = book(&[(1, "2026-03-03", "90"), (2, "2026-04-02", "150")]);
        let reviewed = review(&book, "2026-04-02", &ReviewPolicy::default());
        let required: Vec<_> = reviewed
            .checkpoints
            .iter()
            .map(|c| (c.root_cause_required(), c.root_cause_missing()))
            .collect();
        assert_eq!(required, [(false, false), (true, true), (false, false)]);
        let strict = ReviewPolicy {
            root_cause_threshold: Ratio::ZERO,
            ..ReviewPolicy::default()
        };
        let reviewed = review(&book, "2026-04-02", &strict);
        assert!(reviewed.checkpoints.get(0).unwrap().root_cause_required());
    }

    #[test]
    fn nothing_counted_has_no_rate() {
        let book = book(&[]);
        let reviewed = review(&book, "2026-03-03", &ReviewPolicy::default());
        assert_eq!(reviewed.counted().count(), 0);
        assert_eq!(reviewed.expected, Decimal::ZERO);
        assert_eq!(reviewed.rate, None);
        assert_eq!(reviewed.variance.relative, None);
    }

    #[test]
    fn overflow_names_initiative_and_checkpoint() {
        let max = Decimal::MAX.to_string();
        let mut book = book(&[]);
        let data = BookData {
            schedule: Default::default(),
            cases: book
                .cases()
                .map(|c| {
                    let mut case = c.case().clone();
                    case.expected = vec![eur("0.0000000000000000000000000001"), eur(&max)];
                    case
                })
                .collect(),
            realizations: vec![Realization {
                initiative: "x".parse().unwrap(),
                checkpoint: 1,
                recorded_on: date("2026-03-03"),
                realized: eur(&max),
                root_cause: None,
            }],
        };
        book = BenefitsBook::new(data).unwrap();
        let err = book
            .initiative_reviews(date("2026-03-03"), &ReviewPolicy::default())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "arithmetic overflow while computing a variance for initiative \"x\" checkpoint 1"
        );
    }

    #[test]
    fn an_invalid_policy_is_an_error() {
        let policy = ReviewPolicy {
            bias_min_initiatives: 0,
            ..ReviewPolicy::default()
        };
        let book = book(&[]);
        let err = book.initiative_reviews(date("2026-06-01"), &policy);
        assert!(matches!(
            err,
            Err(Error::InvalidPolicy {
                field: "bias_min_initiatives",
                ..
            })
        ));
    }
}
