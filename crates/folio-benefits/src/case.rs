//! Business cases and realizations: the plain data a benefits book is made of.
//!
//! These types ([`BenefitsCase`], [`Realization`], [`RootCause`], [`BookData`]) are
//! what tools write as JSON. They are validated together, into a
//! [`BenefitsBook`](crate::BenefitsBook), by [`BenefitsBook::new`](crate::BenefitsBook::new)
//! or by deserializing a `BenefitsBook`.
//!
//! # What a checkpoint's benefit means
//!
//! A business case lists one expected benefit per checkpoint of its
//! [`Schedule`]: `expected[0]` is checkpoint 1 (30 days after launch by default),
//! `expected[1]` checkpoint 2, and so on. The number of entries is the number of
//! checkpoints the case commits to. Each realization is compared with the expected value
//! of its own checkpoint, so expected and realized must be measured the same way; folio
//! recommends the benefit **of the period since the previous checkpoint** (not the
//! cumulative total), so that sums over checkpoints are totals. A benefit is a gain:
//! expected values are at least zero (a metric where lower is better is stated as the
//! improvement), while a realized value may be negative (the change made things worse).

use chrono::NaiveDate;
use folio_types::{InitiativeId, OwnerId, ProductLineId};

use crate::schedule::Schedule;
use crate::value::BenefitValue;

/// An initiative's approved business case.
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
/// let case = book.case("sso").ok_or("no case")?.case();
/// assert_eq!(case.expected.len(), 4);
/// assert!(case.approved_on <= case.launched_on);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "An initiative's approved business case.")
)]
pub struct BenefitsCase {
    /// The initiative the case is for; unique within a book.
    pub initiative: InitiativeId,
    /// Who made the case and answers for it.
    pub owner: OwnerId,
    /// The product line the benefit lands in.
    pub product_line: ProductLineId,
    /// When the case was approved.
    pub approved_on: NaiveDate,
    /// When the initiative launched; checkpoints are scheduled from this date. Not before
    /// `approved_on`.
    pub launched_on: NaiveDate,
    /// The expected benefit of checkpoint 1, 2, ...: at least one entry, all in one unit
    /// (one currency or one metric), none negative.
    pub expected: Vec<BenefitValue>,
}

/// Why a realized benefit missed (or beat) its business case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RootCauseCategory {
    /// The business case promised more than the evidence supported.
    EstimateTooOptimistic,
    /// Fewer customers or users adopted the change than planned.
    AdoptionLowerThanPlanned,
    /// The launch came later than planned, so benefit started later.
    LaunchSlipped,
    /// The market moved: competitors, demand, regulation.
    MarketChanged,
    /// Price points or discounting differed from the case.
    Pricing,
    /// Costs ran above plan, eating into a margin or savings benefit.
    CostOverrun,
    /// Anything else; the text says what.
    Other,
}

impl std::fmt::Display for RootCauseCategory {
    /// The category in plain words, such as `estimate too optimistic`.
    ///
    /// ```
    /// use folio_benefits::RootCauseCategory;
    ///
    /// assert_eq!(RootCauseCategory::LaunchSlipped.to_string(), "launch slipped");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::EstimateTooOptimistic => "estimate too optimistic",
            Self::AdoptionLowerThanPlanned => "adoption lower than planned",
            Self::LaunchSlipped => "launch slipped",
            Self::MarketChanged => "market changed",
            Self::Pricing => "pricing",
            Self::CostOverrun => "cost overrun",
            Self::Other => "other",
        })
    }
}

/// A root cause: a category for counting, and text for understanding.
///
/// # Example
///
/// ```
/// use folio_benefits::{RootCause, RootCauseCategory};
///
/// let cause = RootCause {
///     category: RootCauseCategory::AdoptionLowerThanPlanned,
///     text: "SSO needs an admin to switch it on; few did".into(),
/// };
/// assert_eq!(cause.category.to_string(), "adoption lower than planned");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "A root cause: a category for counting, and text for understanding.")
)]
pub struct RootCause {
    /// The category.
    pub category: RootCauseCategory,
    /// The explanation in plain language; must not be blank.
    pub text: String,
}

/// A realized benefit recorded for one checkpoint of one initiative.
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
/// let second = &book.case("sso").ok_or("no case")?.checkpoints()[1];
/// let realization = second.realization.as_ref().ok_or("not recorded")?;
/// assert_eq!(realization.realized.amount(), Decimal::from(600));
/// assert_eq!(realization.recorded_on.to_string(), "2026-04-20");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "A realized benefit recorded for one checkpoint of one initiative.")
)]
pub struct Realization {
    /// The initiative.
    pub initiative: InitiativeId,
    /// The checkpoint number, 1-based, as in [`BenefitsCase::expected`].
    pub checkpoint: u32,
    /// When the value was recorded: on or after the checkpoint's due date. A review
    /// `as_of` an earlier date does not see it.
    pub recorded_on: NaiveDate,
    /// The benefit realized, in the case's unit.
    pub realized: BenefitValue,
    /// Why the realized benefit differs from the expected one; required (by the review,
    /// not by validation) when the variance is beyond the policy's threshold.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub root_cause: Option<RootCause>,
}

/// The plain-data form of a benefits book, as written in JSON. Validate it into a
/// [`BenefitsBook`](crate::BenefitsBook) with
/// [`BenefitsBook::new`](crate::BenefitsBook::new).
///
/// # Example
///
/// ```
/// use folio_benefits::Schedule;
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
/// // The default schedule: 30, 60 and 90 days, then every 3 months.
/// assert_eq!(BookData::default().schedule, Schedule::new(vec![30, 60, 90], 3)?);
/// assert_eq!(book.cases().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The plain-data form of a benefits book, as written in JSON. Validate it into a\n[`BenefitsBook`](crate::BenefitsBook) with\n[`BenefitsBook::new`](crate::BenefitsBook::new)."
    )
)]
pub struct BookData {
    /// The checkpoint schedule of every case; defaults to 30, 60, 90 days, then every 3
    /// months.
    #[cfg_attr(feature = "serde", serde(default))]
    pub schedule: Schedule,
    /// The business cases.
    pub cases: Vec<BenefitsCase>,
    /// The realizations recorded so far, in any order.
    #[cfg_attr(feature = "serde", serde(default))]
    pub realizations: Vec<Realization>,
}
