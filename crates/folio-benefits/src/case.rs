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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RootCause {
    /// The category.
    pub category: RootCauseCategory,
    /// The explanation in plain language; must not be blank.
    pub text: String,
}

/// A realized benefit recorded for one checkpoint of one initiative.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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
