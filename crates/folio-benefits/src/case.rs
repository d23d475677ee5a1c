//! Business cases, realizations and the validated [`BenefitsBook`] that holds them.
//!
//! The plain-data types ([`BusinessCase`], [`Realization`], [`RootCause`],
//! [`BookData`]) are what tools write as JSON. [`BenefitsBook::new`] (and
//! deserializing a `BenefitsBook`) validates them together: ids are unique, dates are in
//! order, every realization belongs to a checkpoint that exists and is in the case's
//! unit. A book that exists is consistent, so the reviews never meet bad data.
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

use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_core::{InitiativeId, OwnerId, ProductLineId};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schedule::Schedule;
use crate::value::{BenefitUnit, BenefitValue};

/// An initiative's approved business case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessCase {
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
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

/// A root cause: a category for counting, and text for understanding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// The category.
    pub category: RootCauseCategory,
    /// The explanation in plain language; must not be blank.
    pub text: String,
}

/// A realized benefit recorded for one checkpoint of one initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Realization {
    /// The initiative.
    pub initiative: InitiativeId,
    /// The checkpoint number, 1-based, as in [`BusinessCase::expected`].
    pub checkpoint: u32,
    /// When the value was recorded: on or after the checkpoint's due date. A review
    /// `as_of` an earlier date does not see it.
    pub recorded_on: NaiveDate,
    /// The benefit realized, in the case's unit.
    pub realized: BenefitValue,
    /// Why the realized benefit differs from the expected one; required (by the review,
    /// not by validation) when the variance is beyond the policy's threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
}

/// The plain-data form of a benefits book, as written in JSON. Validate it into a
/// [`BenefitsBook`] with [`BenefitsBook::new`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookData {
    /// The checkpoint schedule of every case; defaults to 30, 60, 90 days, then every 3
    /// months.
    #[serde(default)]
    pub schedule: Schedule,
    /// The business cases.
    pub cases: Vec<BusinessCase>,
    /// The realizations recorded so far, in any order.
    #[serde(default)]
    pub realizations: Vec<Realization>,
}

/// One checkpoint of a validated business case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedCase {
    case: BusinessCase,
    unit: BenefitUnit,
    checkpoints: Vec<Checkpoint>,
}

impl TrackedCase {
    /// The business case as approved.
    pub fn case(&self) -> &BusinessCase {
        &self.case
    }

    /// The unit of every expected and realized value of the case.
    pub fn unit(&self) -> &BenefitUnit {
        &self.unit
    }

    /// The checkpoints, in number order.
    pub fn checkpoints(&self) -> &[Checkpoint] {
        &self.checkpoints
    }
}

/// A validated set of business cases and their realizations.
///
/// ```
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BookData", into = "BookData")]
pub struct BenefitsBook {
    schedule: Schedule,
    cases: BTreeMap<InitiativeId, TrackedCase>,
}

impl schemars::JsonSchema for BenefitsBook {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("BenefitsBook")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BookData::json_schema(generator)
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
        for tracked in book.cases.into_values() {
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
fn track(case: BusinessCase, schedule: &Schedule) -> Result<TrackedCase> {
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
        let mut tracked = BTreeMap::new();
        for case in cases {
            let entry = track(case, &schedule)?;
            tracked.insert(entry.case.initiative.clone(), entry);
        }
        for realization in realizations {
            let Some(entry) = tracked.get_mut(&realization.initiative) else {
                return Err(Error::UnknownInitiative {
                    initiative: realization.initiative,
                });
            };
            attach(entry, realization)?;
        }
        Ok(Self {
            schedule,
            cases: tracked,
        })
    }

    /// The checkpoint schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The cases, in initiative-id order.
    pub fn cases(&self) -> impl ExactSizeIterator<Item = &TrackedCase> {
        self.cases.values()
    }

    /// The case of `initiative`, if there is one.
    pub fn case(&self, initiative: &str) -> Option<&TrackedCase> {
        self.cases.get(initiative)
    }
}
