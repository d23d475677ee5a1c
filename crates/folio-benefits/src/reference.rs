//! The review as it was computed before the integer division shortcut and the
//! borrowed records: a test-only oracle. Every function here is the crate's code of
//! commit 7736844 (with `Ratio::of` for every division), so that a property test can
//! compare the current engines against it: the same values, digits and scales, the
//! same order, the same errors, the same Debug and JSON text. The records it returns are
//! the owned structs they were (each carrying its ids), kept here; the property test
//! compares the current views with them through their Debug and JSON text and through
//! owned copies read from the views' accessors.
#![allow(clippy::arithmetic_side_effects, dead_code)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_types::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;

use crate::book::{BenefitsBook, Checkpoint, TrackedCase};
use crate::case::RootCause;
use crate::error::{Error, Result};
use crate::governance::BiasVerdict;
use crate::policy::{ReviewPolicy, Unrecorded};
use crate::rates::Group;
use crate::status::CheckpointStatus;
use crate::value::BenefitUnit;
use crate::variance::Variance;

/// The old owned `CheckpointReview`, carrying its root cause (a clone of the book's).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct CheckpointReview {
    pub(crate) number: u32,
    pub(crate) due_on: NaiveDate,
    pub(crate) expected: Decimal,
    pub(crate) realized: Option<Decimal>,
    pub(crate) status: CheckpointStatus,
    pub(crate) counted: bool,
    pub(crate) variance: Option<Variance>,
    pub(crate) root_cause: Option<RootCause>,
    pub(crate) root_cause_required: bool,
}

impl CheckpointReview {
    fn root_cause_missing(&self) -> bool {
        self.root_cause_required && self.root_cause.is_none()
    }
}

/// The old owned `InitiativeReview`, carrying its ids, unit and checkpoint reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct InitiativeReview {
    pub(crate) initiative: InitiativeId,
    pub(crate) owner: OwnerId,
    pub(crate) product_line: ProductLineId,
    pub(crate) unit: BenefitUnit,
    pub(crate) checkpoints: Vec<CheckpointReview>,
    pub(crate) expected: Decimal,
    pub(crate) realized: Decimal,
    pub(crate) rate: Option<Ratio>,
    pub(crate) variance: Variance,
}

impl InitiativeReview {
    fn counted(&self) -> impl Iterator<Item = &CheckpointReview> {
        self.checkpoints.iter().filter(|c| c.counted)
    }
}

/// The old owned `RateContribution`, carrying its initiative id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct RateContribution {
    pub(crate) initiative: InitiativeId,
    pub(crate) expected: Decimal,
    pub(crate) realized: Decimal,
    pub(crate) rate: Ratio,
    pub(crate) share: Ratio,
    pub(crate) contribution: Ratio,
}

/// The old owned `UnitRate`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct UnitRate {
    pub(crate) group: Group,
    pub(crate) unit: BenefitUnit,
    pub(crate) expected: Decimal,
    pub(crate) realized: Decimal,
    pub(crate) rate: Option<Ratio>,
    pub(crate) contributions: Vec<RateContribution>,
    pub(crate) without_rate: Vec<InitiativeId>,
}

/// The old owned `BiasEntry`, carrying its initiative id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct BiasEntry {
    pub(crate) initiative: InitiativeId,
    pub(crate) rate: Ratio,
    pub(crate) shortfall: Ratio,
}

/// The old owned `Bias`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct Bias {
    pub(crate) group: Group,
    pub(crate) initiatives: Vec<BiasEntry>,
    pub(crate) over_promised: u32,
    pub(crate) on_target: u32,
    pub(crate) under_promised: u32,
    pub(crate) share_over_promised: Option<Ratio>,
    pub(crate) share_under_promised: Option<Ratio>,
    pub(crate) mean_shortfall: Option<Ratio>,
    pub(crate) verdict: BiasVerdict,
}

/// The old owned `OverdueCheckpoint`, carrying its ids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct OverdueCheckpoint {
    pub(crate) initiative: InitiativeId,
    pub(crate) owner: OwnerId,
    pub(crate) checkpoint: u32,
    pub(crate) due_on: NaiveDate,
    pub(crate) days_overdue: u32,
    pub(crate) expected: Decimal,
}

/// The old owned `MissingRootCause`, carrying its ids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MissingRootCause {
    pub(crate) initiative: InitiativeId,
    pub(crate) owner: OwnerId,
    pub(crate) checkpoint: u32,
    pub(crate) expected: Decimal,
    pub(crate) realized: Decimal,
    pub(crate) variance: Variance,
}

/// The old owned `PostMortem`, carrying its ids and a copy of its counted checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct PostMortem {
    pub(crate) initiative: InitiativeId,
    pub(crate) owner: OwnerId,
    pub(crate) product_line: ProductLineId,
    pub(crate) unit: BenefitUnit,
    pub(crate) expected: Decimal,
    pub(crate) realized: Decimal,
    pub(crate) rate: Option<Ratio>,
    pub(crate) variance: Variance,
    pub(crate) threshold: Ratio,
    pub(crate) checkpoints: Vec<CheckpointReview>,
}

/// The old `Review`, with owned records.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct Review {
    pub(crate) as_of: NaiveDate,
    pub(crate) policy: ReviewPolicy,
    pub(crate) initiatives: Vec<InitiativeReview>,
    pub(crate) overdue: Vec<OverdueCheckpoint>,
    pub(crate) missing_root_causes: Vec<MissingRootCause>,
    pub(crate) rates: Vec<UnitRate>,
    pub(crate) post_mortems: Vec<PostMortem>,
    pub(crate) bias: Vec<Bias>,
}

/// The old `Variance::of`.
pub(crate) fn variance_of(expected: Decimal, realized: Decimal) -> Result<Variance> {
    let overflow = || Error::Overflow {
        operation: "computing a variance",
        subject: format!("expected {expected}, realized {realized}"),
    };
    let absolute = realized.checked_sub(expected).ok_or_else(overflow)?;
    let relative = if expected.is_zero() {
        None
    } else {
        Some(Ratio::of(absolute, expected).map_err(|_| overflow())?)
    };
    Ok(Variance { absolute, relative })
}

fn days(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from(to.signed_duration_since(from).num_days().max(0)).unwrap_or(u32::MAX)
}

fn review_checkpoint(
    checkpoint: &Checkpoint,
    as_of: NaiveDate,
    policy: &ReviewPolicy,
) -> Result<CheckpointReview> {
    let seen = checkpoint
        .realization
        .as_ref()
        .filter(|r| r.recorded_on <= as_of);
    let (status, realized, root_cause) = match seen {
        Some(realization) => {
            let days_after_due = days(checkpoint.due_on, realization.recorded_on);
            let status = CheckpointStatus::Realized {
                recorded_on: realization.recorded_on,
                days_after_due,
                late: days_after_due > policy.grace_days,
            };
            (
                status,
                Some(realization.realized.amount()),
                realization.root_cause.clone(),
            )
        }
        None if as_of < checkpoint.due_on => (
            CheckpointStatus::Upcoming {
                days_until_due: days(as_of, checkpoint.due_on),
            },
            None,
            None,
        ),
        None => {
            let since = days(checkpoint.due_on, as_of);
            let status = if since > policy.grace_days {
                CheckpointStatus::Overdue {
                    days_overdue: since,
                }
            } else {
                CheckpointStatus::Pending {
                    days_since_due: since,
                }
            };
            (status, None, None)
        }
    };
    let counted = match status {
        CheckpointStatus::Realized { .. } => true,
        CheckpointStatus::Overdue { .. } => policy.unrecorded == Unrecorded::CountAsZero,
        CheckpointStatus::Upcoming { .. } | CheckpointStatus::Pending { .. } => false,
    };
    let variance = realized
        .map(|realized| variance_of(checkpoint.expected, realized))
        .transpose()?;
    let root_cause_required = variance.is_some_and(|v| v.exceeds(policy.root_cause_threshold));
    Ok(CheckpointReview {
        number: checkpoint.number,
        due_on: checkpoint.due_on,
        expected: checkpoint.expected,
        realized,
        status,
        counted,
        variance,
        root_cause,
        root_cause_required,
    })
}

pub(crate) fn review_initiative(
    tracked: &TrackedCase,
    as_of: NaiveDate,
    policy: &ReviewPolicy,
) -> Result<InitiativeReview> {
    let case = tracked.case();
    let overflow = |operation| Error::Overflow {
        operation,
        subject: format!("initiative \"{}\"", case.initiative),
    };
    let mut checkpoints = Vec::with_capacity(tracked.checkpoints().len());
    let mut expected = Decimal::ZERO;
    let mut realized = Decimal::ZERO;
    for checkpoint in tracked.checkpoints() {
        let review = review_checkpoint(checkpoint, as_of, policy).map_err(|e| match e {
            Error::Overflow { operation, .. } => Error::Overflow {
                operation,
                subject: format!(
                    "initiative \"{}\" checkpoint {}",
                    case.initiative, checkpoint.number
                ),
            },
            other => other,
        })?;
        if review.counted {
            expected = expected
                .checked_add(review.expected)
                .ok_or_else(|| overflow("summing expected benefit"))?;
            realized = realized
                .checked_add(review.realized.unwrap_or(Decimal::ZERO))
                .ok_or_else(|| overflow("summing realized benefit"))?;
        }
        checkpoints.push(review);
    }
    let rate = if expected.is_zero() {
        None
    } else {
        Some(
            Ratio::of(realized, expected)
                .map_err(|_| overflow("computing the realization rate"))?,
        )
    };
    let variance =
        variance_of(expected, realized).map_err(|_| overflow("computing the variance"))?;
    Ok(InitiativeReview {
        initiative: case.initiative.clone(),
        owner: case.owner.clone(),
        product_line: case.product_line.clone(),
        unit: tracked.unit().clone(),
        checkpoints,
        expected,
        realized,
        rate,
        variance,
    })
}

#[derive(Default)]
struct Accumulator<'a> {
    expected: Decimal,
    realized: Decimal,
    members: Vec<(&'a InitiativeReview, Ratio)>,
    without_rate: Vec<InitiativeId>,
}

pub(crate) fn realization_rates(initiatives: &[InitiativeReview]) -> Result<Vec<UnitRate>> {
    // Keyed by the borrowed product line (`None` for the portfolio, which sorts first
    // as `Group::Portfolio` does), so that a group's id is cloned once, when its rate
    // is built, rather than once per member.
    let mut groups: BTreeMap<(Option<&ProductLineId>, &BenefitUnit), Accumulator<'_>> =
        BTreeMap::new();
    let mut sorted: Vec<&InitiativeReview> = initiatives.iter().collect();
    // Reviews from a book already come in id order.
    if !sorted.is_sorted_by(|a, b| a.initiative <= b.initiative) {
        sorted.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    }
    for review in sorted {
        for line in [None, Some(&review.product_line)] {
            let overflow = |operation| Error::Overflow {
                operation,
                subject: format!("{} in {}", group_of(line), review.unit),
            };
            let entry = groups.entry((line, &review.unit)).or_default();
            match review.rate {
                Some(rate) => {
                    entry.expected = entry
                        .expected
                        .checked_add(review.expected)
                        .ok_or_else(|| overflow("summing expected benefit"))?;
                    entry.realized = entry
                        .realized
                        .checked_add(review.realized)
                        .ok_or_else(|| overflow("summing realized benefit"))?;
                    entry.members.push((review, rate));
                }
                None => entry.without_rate.push(review.initiative.clone()),
            }
        }
    }
    groups
        .into_iter()
        .map(|((line, unit), acc)| finish(group_of(line), unit.clone(), acc))
        .collect()
}

fn group_of(line: Option<&ProductLineId>) -> Group {
    line.map_or(Group::Portfolio, |line| Group::ProductLine(line.clone()))
}

fn finish(group: Group, unit: BenefitUnit, acc: Accumulator<'_>) -> Result<UnitRate> {
    let overflow = |operation| Error::Overflow {
        operation,
        subject: format!("{group} in {unit}"),
    };
    let rate = if acc.expected.is_zero() {
        None
    } else {
        Some(
            Ratio::of(acc.realized, acc.expected)
                .map_err(|_| overflow("computing the realization rate"))?,
        )
    };
    let contributions = acc
        .members
        .into_iter()
        .map(|(review, rate)| {
            Ok(RateContribution {
                initiative: review.initiative.clone(),
                expected: review.expected,
                realized: review.realized,
                rate,
                share: Ratio::of(review.expected, acc.expected)
                    .map_err(|_| overflow("computing a weight share"))?,
                contribution: Ratio::of(review.realized, acc.expected)
                    .map_err(|_| overflow("computing a contribution"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(UnitRate {
        group,
        unit,
        expected: acc.expected,
        realized: acc.realized,
        rate,
        contributions,
        without_rate: acc.without_rate,
    })
}

pub(crate) fn post_mortems(
    initiatives: &[InitiativeReview],
    policy: &ReviewPolicy,
) -> Result<Vec<PostMortem>> {
    policy.validate()?;
    let mut triggered: Vec<PostMortem> = initiatives
        .iter()
        .filter(|review| {
            review.counted().next().is_some()
                && review.variance.exceeds(policy.post_mortem_threshold)
        })
        .map(|review| PostMortem {
            initiative: review.initiative.clone(),
            owner: review.owner.clone(),
            product_line: review.product_line.clone(),
            unit: review.unit.clone(),
            expected: review.expected,
            realized: review.realized,
            rate: review.rate,
            variance: review.variance,
            threshold: policy.post_mortem_threshold,
            checkpoints: review.counted().cloned().collect(),
        })
        .collect();
    // Initiative reviews come in id order from a book: then there is nothing to sort.
    if !triggered.is_sorted_by(|a, b| a.initiative <= b.initiative) {
        triggered.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    }
    Ok(triggered)
}

pub(crate) fn estimation_bias(
    initiatives: &[InitiativeReview],
    policy: &ReviewPolicy,
) -> Result<Vec<Bias>> {
    policy.validate()?;
    // Grouped by borrowed ids, so that each group's id is cloned once, not once per
    // member; owners and lines in id order, members in input order.
    type Members<'a> = Vec<(&'a InitiativeId, Option<Ratio>)>;
    let mut owners: BTreeMap<&OwnerId, Members<'_>> = BTreeMap::new();
    let mut lines: BTreeMap<&ProductLineId, Members<'_>> = BTreeMap::new();
    for review in initiatives {
        let member = (&review.initiative, review.rate);
        owners.entry(&review.owner).or_default().push(member);
        lines.entry(&review.product_line).or_default().push(member);
    }
    // Owners first, as documented, then product lines.
    owners
        .into_iter()
        .map(|(owner, members)| (Group::Owner(owner.clone()), members))
        .chain(
            lines
                .into_iter()
                .map(|(line, members)| (Group::ProductLine(line.clone()), members)),
        )
        .map(|(group, members)| bias_of(group, members, policy))
        .collect()
}

fn bias_of(
    group: Group,
    mut members: Vec<(&InitiativeId, Option<Ratio>)>,
    policy: &ReviewPolicy,
) -> Result<Bias> {
    let overflow = |operation| Error::Overflow {
        operation,
        subject: group.to_string(),
    };
    if !members.is_sorted_by(|a, b| a.0 <= b.0) {
        members.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut entries = Vec::with_capacity(members.len());
    let (mut over, mut on, mut under) = (0u32, 0u32, 0u32);
    let mut total_shortfall = Decimal::ZERO;
    for (initiative, rate) in members {
        let Some(rate) = rate else { continue };
        let shortfall = Decimal::ONE
            .checked_sub(rate.value())
            .ok_or_else(|| overflow("computing a shortfall"))?;
        total_shortfall = total_shortfall
            .checked_add(shortfall)
            .ok_or_else(|| overflow("summing shortfalls"))?;
        let counter = match rate.value().cmp(&Decimal::ONE) {
            std::cmp::Ordering::Less => &mut over,
            std::cmp::Ordering::Equal => &mut on,
            std::cmp::Ordering::Greater => &mut under,
        };
        *counter = counter.saturating_add(1);
        entries.push(BiasEntry {
            initiative: initiative.clone(),
            rate,
            shortfall: Ratio::new(shortfall)?,
        });
    }
    let n = Decimal::from(entries.len());
    let share = |count: u32| -> Result<Option<Ratio>> {
        if n.is_zero() {
            Ok(None)
        } else {
            Ratio::of(Decimal::from(count), n)
                .map(Some)
                .map_err(|_| overflow("computing a share"))
        }
    };
    let share_over_promised = share(over)?;
    let share_under_promised = share(under)?;
    let mean_shortfall = if n.is_zero() {
        None
    } else {
        Some(Ratio::of(total_shortfall, n).map_err(|_| overflow("averaging shortfalls"))?)
    };
    let systematic = |share: Option<Ratio>| {
        share.is_some_and(|s| s.value() >= policy.bias_systematic_share.value())
    };
    let enough = u32::try_from(entries.len()).unwrap_or(u32::MAX) >= policy.bias_min_initiatives;
    let verdict = if !enough {
        BiasVerdict::InsufficientData
    } else if systematic(share_over_promised) {
        BiasVerdict::OverPromising
    } else if systematic(share_under_promised) {
        BiasVerdict::UnderPromising
    } else {
        BiasVerdict::Balanced
    };
    Ok(Bias {
        group,
        initiatives: entries,
        over_promised: over,
        on_target: on,
        under_promised: under,
        share_over_promised,
        share_under_promised,
        mean_shortfall,
        verdict,
    })
}

pub(crate) fn overdue(initiatives: &[InitiativeReview]) -> Vec<OverdueCheckpoint> {
    let mut found: Vec<OverdueCheckpoint> = Vec::new();
    for review in initiatives {
        for checkpoint in &review.checkpoints {
            if let CheckpointStatus::Overdue { days_overdue } = checkpoint.status {
                found.push(OverdueCheckpoint {
                    initiative: review.initiative.clone(),
                    owner: review.owner.clone(),
                    checkpoint: checkpoint.number,
                    due_on: checkpoint.due_on,
                    days_overdue,
                    expected: checkpoint.expected,
                });
            }
        }
    }
    sort_by_checkpoint(&mut found, |o| (&o.initiative, o.checkpoint));
    found
}

pub(crate) fn missing_root_causes(initiatives: &[InitiativeReview]) -> Vec<MissingRootCause> {
    let mut found: Vec<MissingRootCause> = Vec::new();
    for review in initiatives {
        for checkpoint in review.checkpoints.iter().filter(|c| c.root_cause_missing()) {
            if let (Some(realized), Some(variance)) = (checkpoint.realized, checkpoint.variance) {
                found.push(MissingRootCause {
                    initiative: review.initiative.clone(),
                    owner: review.owner.clone(),
                    checkpoint: checkpoint.number,
                    expected: checkpoint.expected,
                    realized,
                    variance,
                });
            }
        }
    }
    sort_by_checkpoint(&mut found, |m| (&m.initiative, m.checkpoint));
    found
}

fn sort_by_checkpoint<T>(items: &mut [T], key: impl Fn(&T) -> (&InitiativeId, u32)) {
    // Neighbours mostly share one initiative (the same id, not only the same text):
    // then only the numbers need comparing.
    let in_order = |a: &T, b: &T| {
        let ((ia, ca), (ib, cb)) = (key(a), key(b));
        if std::ptr::eq(ia.as_str(), ib.as_str()) {
            ca <= cb
        } else {
            (ia, ca) <= (ib, cb)
        }
    };
    if !items.is_sorted_by(in_order) {
        items.sort_by(|a, b| key(a).cmp(&key(b)));
    }
}

/// The old `BenefitsBook::initiative_reviews`.
pub(crate) fn initiative_reviews(
    book: &BenefitsBook,
    as_of: NaiveDate,
    policy: &ReviewPolicy,
) -> Result<Vec<InitiativeReview>> {
    policy.validate()?;
    book.cases()
        .map(|tracked| review_initiative(tracked, as_of, policy))
        .collect()
}

/// The old `BenefitsBook::review`.
pub(crate) fn review(
    book: &BenefitsBook,
    as_of: NaiveDate,
    policy: &ReviewPolicy,
) -> Result<Review> {
    let initiatives = initiative_reviews(book, as_of, policy)?;
    Ok(Review {
        as_of,
        policy: policy.clone(),
        overdue: overdue(&initiatives),
        missing_root_causes: missing_root_causes(&initiatives),
        rates: realization_rates(&initiatives)?,
        post_mortems: post_mortems(&initiatives, policy)?,
        bias: estimation_bias(&initiatives, policy)?,
        initiatives,
    })
}

/// The engines against the oracle above, on generated books.
#[cfg(test)]
mod oracle {
    #![allow(clippy::unwrap_used)]

    use chrono::Days;
    use folio_types::{Currency, MetricId, Money};
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::*;
    use crate::case::{BenefitsCase, BookData, Realization, RootCauseCategory};
    use crate::schedule::Schedule;
    use crate::value::BenefitValue;

    /// One checkpoint: expected, and maybe (days after due, realized, with a root cause).
    type CheckpointSpec = (Decimal, Option<(u64, Decimal, bool)>);
    /// One case: owner, line, unit, launch offset, checkpoints.
    type CaseSpec = (usize, usize, usize, u64, Vec<CheckpointSpec>);

    /// Amounts as money in cents, sometimes zero, sometimes with many places or huge,
    /// so that both the shortcut and its fallback run, and overflow happens.
    fn amount() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            1 => Just(Decimal::ZERO),
            12 => (-100_000_000i64..=100_000_000).prop_map(|cents| Decimal::new(cents, 2)),
            2 => (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s)),
            1 => (any::<u32>(), 0u32..=28).prop_map(|(m, s)| {
                Decimal::from_i128_with_scale(i128::from(m) * 1_000_000_000_000_000_000, s)
            }),
            1 => prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN), Just(Decimal::new(1, 28))],
        ]
    }

    fn case_spec() -> impl Strategy<Value = CaseSpec> {
        (
            0..4usize,
            0..3usize,
            0..3usize,
            0u64..1000,
            vec(
                (
                    amount().prop_map(|e| e.abs()),
                    proptest::option::of((0u64..60, amount(), any::<bool>())),
                ),
                1..=8,
            ),
        )
    }

    fn value(unit: usize, amount: Decimal) -> BenefitValue {
        match unit {
            0 => BenefitValue::Money(Money::new(amount, Currency::new("EUR").unwrap())),
            1 => BenefitValue::Money(Money::new(amount, Currency::new("USD").unwrap())),
            _ => BenefitValue::Metric {
                metric: MetricId::new("users").unwrap(),
                value: amount,
            },
        }
    }

    fn book(specs: &[CaseSpec]) -> BenefitsBook {
        let schedule = Schedule::default();
        let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut cases = Vec::new();
        let mut realizations = Vec::new();
        // Ids in reverse order of generation, so that the book's own ordering runs.
        for (index, (owner, line, unit, offset, checkpoints)) in specs.iter().enumerate().rev() {
            let initiative: InitiativeId = format!("i{index:02}").parse().unwrap();
            let launched_on = base.checked_add_days(Days::new(*offset)).unwrap();
            cases.push(BenefitsCase {
                initiative: initiative.clone(),
                owner: format!("owner-{owner}").parse().unwrap(),
                product_line: format!("line-{line}").parse().unwrap(),
                approved_on: launched_on,
                launched_on,
                expected: checkpoints.iter().map(|(e, _)| value(*unit, *e)).collect(),
            });
            for (number, (_, realized)) in (1u32..).zip(checkpoints) {
                if let Some((delay, amount, cause)) = realized {
                    let due = schedule.due_date(launched_on, number).unwrap();
                    realizations.push(Realization {
                        initiative: initiative.clone(),
                        checkpoint: number,
                        recorded_on: due.checked_add_days(Days::new(*delay)).unwrap(),
                        realized: value(*unit, *amount),
                        root_cause: cause.then(|| RootCause {
                            category: RootCauseCategory::Pricing,
                            text: format!("{initiative} {number} priced too high"),
                        }),
                    });
                }
            }
        }
        BenefitsBook::new(BookData {
            schedule,
            cases,
            realizations,
        })
        .unwrap()
    }

    fn policy(choice: u8) -> ReviewPolicy {
        let mut policy = ReviewPolicy::default();
        if choice & 1 == 1 {
            policy.unrecorded = Unrecorded::Exclude;
        }
        if choice & 2 == 2 {
            policy.grace_days = 10;
            policy.bias_min_initiatives = 1;
        }
        policy
    }

    /// A view and an owned record: equal Debug (plain and pretty) and JSON text, and
    /// the view's values, ids resolved, equal to the owned record's.
    fn same_as<V, O>(got: &V, want: &O, owned: impl Fn(&V) -> O)
    where
        V: std::fmt::Debug + serde_json_if::Json,
        O: PartialEq + std::fmt::Debug + serde_json_if::Json,
    {
        assert_eq!(format!("{got:?}"), format!("{want:?}"));
        assert_eq!(format!("{got:#?}"), format!("{want:#?}"));
        assert_eq!(got.json(), want.json());
        assert_eq!(&owned(got), want);
    }

    fn owned_overdue(o: &crate::review::OverdueCheckpoint<'_>) -> OverdueCheckpoint {
        OverdueCheckpoint {
            initiative: o.initiative().clone(),
            owner: o.owner().clone(),
            checkpoint: o.checkpoint(),
            due_on: o.due_on(),
            days_overdue: o.days_overdue(),
            expected: o.expected(),
        }
    }

    fn owned_missing(m: &crate::review::MissingRootCause<'_>) -> MissingRootCause {
        MissingRootCause {
            initiative: m.initiative().clone(),
            owner: m.owner().clone(),
            checkpoint: m.checkpoint(),
            expected: m.expected(),
            realized: m.realized(),
            variance: m.variance(),
        }
    }

    fn owned_post_mortem(p: &crate::governance::PostMortem<'_>) -> PostMortem {
        PostMortem {
            initiative: p.initiative().clone(),
            owner: p.owner().clone(),
            product_line: p.product_line().clone(),
            unit: p.unit().clone(),
            expected: p.expected(),
            realized: p.realized(),
            rate: p.rate(),
            variance: p.variance(),
            threshold: p.threshold(),
            checkpoints: p.checkpoints().map(owned_checkpoint).collect(),
        }
    }

    fn owned_checkpoint(c: crate::status::CheckpointReview<'_>) -> CheckpointReview {
        CheckpointReview {
            number: c.number(),
            due_on: c.due_on(),
            expected: c.expected(),
            realized: c.realized(),
            status: c.status(),
            counted: c.counted(),
            variance: c.variance(),
            root_cause: c.root_cause().cloned(),
            root_cause_required: c.root_cause_required(),
        }
    }

    fn owned_initiative(r: &crate::status::InitiativeReview<'_>) -> InitiativeReview {
        InitiativeReview {
            initiative: InitiativeId::clone(&r.initiative),
            owner: OwnerId::clone(&r.owner),
            product_line: ProductLineId::clone(&r.product_line),
            unit: BenefitUnit::clone(&r.unit),
            checkpoints: r.checkpoints.iter().map(owned_checkpoint).collect(),
            expected: r.expected,
            realized: r.realized,
            rate: r.rate,
            variance: r.variance,
        }
    }

    fn owned_initiatives(v: &Vec<crate::status::InitiativeReview<'_>>) -> Vec<InitiativeReview> {
        v.iter().map(owned_initiative).collect()
    }

    fn owned_rate(r: &crate::rates::UnitRate<'_>) -> UnitRate {
        UnitRate {
            group: r.group.clone(),
            unit: r.unit.clone(),
            expected: r.expected,
            realized: r.realized,
            rate: r.rate,
            contributions: r
                .contributions
                .iter()
                .map(|c| RateContribution {
                    initiative: InitiativeId::clone(&c.initiative),
                    expected: c.expected,
                    realized: c.realized,
                    rate: c.rate,
                    share: c.share,
                    contribution: c.contribution,
                })
                .collect(),
            without_rate: r
                .without_rate
                .iter()
                .map(|id| InitiativeId::clone(id))
                .collect(),
        }
    }

    fn owned_rates(v: &Vec<crate::rates::UnitRate<'_>>) -> Vec<UnitRate> {
        v.iter().map(owned_rate).collect()
    }

    fn owned_bias(b: &crate::governance::Bias<'_>) -> Bias {
        Bias {
            group: b.group.clone(),
            initiatives: b
                .initiatives
                .iter()
                .map(|e| BiasEntry {
                    initiative: InitiativeId::clone(&e.initiative),
                    rate: e.rate,
                    shortfall: e.shortfall,
                })
                .collect(),
            over_promised: b.over_promised,
            on_target: b.on_target,
            under_promised: b.under_promised,
            share_over_promised: b.share_over_promised,
            share_under_promised: b.share_under_promised,
            mean_shortfall: b.mean_shortfall,
            verdict: b.verdict,
        }
    }

    fn owned_biases(v: &Vec<crate::governance::Bias<'_>>) -> Vec<Bias> {
        v.iter().map(owned_bias).collect()
    }

    fn owned_review(r: &crate::review::Review<'_>) -> Review {
        Review {
            as_of: r.as_of,
            policy: r.policy.clone(),
            initiatives: r.initiatives().iter().map(owned_initiative).collect(),
            overdue: r.overdue().map(|o| owned_overdue(&o)).collect(),
            missing_root_causes: r.missing_root_causes().map(|m| owned_missing(&m)).collect(),
            rates: owned_rates(&r.rates),
            post_mortems: r.post_mortems().map(|p| owned_post_mortem(&p)).collect(),
            bias: owned_biases(&r.bias),
        }
    }

    /// Reorders `list` as `shuffle` says: rotated, maybe reversed, maybe with copies of
    /// every other element appended, which `regroup` moves to the groups of others.
    fn arrange<T: Clone>(list: &mut Vec<T>, shuffle: u64, regroup: impl Fn(&mut T, &T)) {
        if list.is_empty() {
            return;
        }
        let len = list.len();
        let k = usize::try_from(shuffle % u64::try_from(len).unwrap()).unwrap();
        list.rotate_left(k);
        if shuffle & 1 == 1 {
            list.reverse();
        }
        // A list may name an initiative twice: its reviews are grouped alike, and keep
        // their input order among themselves. The copies move to the groups of other
        // initiatives.
        if shuffle & 2 == 2 {
            let mut repeated = list.iter().step_by(2).cloned().collect::<Vec<_>>();
            for (i, copy) in repeated.iter_mut().enumerate() {
                regroup(copy, &list[(i * 3 + 1) % len]);
            }
            list.extend(repeated);
        }
    }

    /// `same_as` for results: equal errors (Debug text), or the same values.
    fn same_result_as<V, O>(got: &Result<V>, want: &Result<O>, owned: impl Fn(&V) -> O)
    where
        V: std::fmt::Debug + serde_json_if::Json,
        O: PartialEq + std::fmt::Debug + serde_json_if::Json,
    {
        match (got, want) {
            (Ok(got), Ok(want)) => same_as(got, want, owned),
            (got, want) => {
                assert_eq!(format!("{got:?}"), format!("{want:?}"));
            }
        }
    }

    /// JSON text where serde is on; nothing otherwise.
    mod serde_json_if {
        pub(super) trait Json {
            fn json(&self) -> String;
        }
        #[cfg(feature = "serde")]
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
        #[cfg(not(feature = "serde"))]
        impl<T> Json for T {
            fn json(&self) -> String {
                String::new()
            }
        }
    }

    /// The checkpoint reviews of `initiatives` are slices of one vector, in initiative
    /// order and without gaps, each the oracle's list (values, Debug and JSON text),
    /// with root causes borrowed from the book if `borrowed`, else owned.
    fn tile_one_vector(
        initiatives: &[crate::status::InitiativeReview<'_>],
        old: &[InitiativeReview],
        borrowed: bool,
    ) {
        assert_eq!(initiatives.len(), old.len());
        let total: usize = old.iter().map(|o| o.checkpoints.len()).sum();
        let mut next = 0;
        for (got, want) in initiatives.iter().zip(old) {
            let first = &initiatives[0].checkpoints;
            assert!(got.checkpoints.shares_with(first), "{}", want.initiative);
            let (range, len) = got.checkpoints.span();
            assert_eq!(
                range,
                next..next + want.checkpoints.len(),
                "{}",
                want.initiative
            );
            assert_eq!(len, total);
            next = range.end;
            same_as(&got.checkpoints, &want.checkpoints, |c| {
                c.iter().map(owned_checkpoint).collect::<Vec<_>>()
            });
            for (index, checkpoint) in got.checkpoints.iter().enumerate() {
                if checkpoint.root_cause().is_some() {
                    assert_eq!(got.checkpoints.owns_cause(index), !borrowed);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_review_is_the_oracles(
            specs in vec(case_spec(), 0..=10),
            as_of_offset in 0u64..1600,
            choice in 0u8..4,
            shuffle in any::<u64>(),
        ) {
            let book = book(&specs);
            let as_of = NaiveDate::from_ymd_opt(2020, 1, 1)
                .unwrap()
                .checked_add_days(Days::new(as_of_offset))
                .unwrap();
            let policy = policy(choice);
            let want = review(&book, as_of, &policy);
            same_result_as(&book.review(as_of, &policy), &want, owned_review);
            // Owned, the review is the same.
            let owned = book.review(as_of, &policy).map(crate::review::Review::into_owned);
            same_result_as(&owned, &want, owned_review);
            let got = book.initiative_reviews(as_of, &policy);
            let old = initiative_reviews(&book, as_of, &policy);
            same_result_as(&got, &old, owned_initiatives);
            // The rollups alone, on reviews in a shuffled order: the reviews of the book
            // (borrowing its ids) and owned copies of them give what the oracle gives.
            if let (Ok(mut reviews), Ok(mut old)) = (got, old) {
                arrange(&mut reviews, shuffle, |copy, other| {
                    copy.owner = other.owner.clone();
                    copy.product_line = other.product_line.clone();
                });
                arrange(&mut old, shuffle, |copy, other| {
                    copy.owner = other.owner.clone();
                    copy.product_line = other.product_line.clone();
                });
                let owned: Vec<crate::status::InitiativeReview<'static>> = reviews
                    .iter()
                    .cloned()
                    .map(crate::status::InitiativeReview::into_owned)
                    .collect();
                let rates = realization_rates(&old);
                same_result_as(&crate::rates::realization_rates(&reviews), &rates, owned_rates);
                same_result_as(&crate::rates::realization_rates(&owned), &rates, owned_rates);
                let bias = estimation_bias(&old, &policy);
                same_result_as(&crate::governance::estimation_bias(&reviews, &policy), &bias, owned_biases);
                same_result_as(&crate::governance::estimation_bias(&owned, &policy), &bias, owned_biases);
                same_result_as(
                    &crate::governance::post_mortems(&reviews, &policy),
                    &post_mortems(&old, &policy),
                    |v: &Vec<_>| v.iter().map(owned_post_mortem).collect::<Vec<_>>(),
                );
                same_as(
                    &crate::review::overdue(&reviews),
                    &overdue(&old),
                    |v: &Vec<_>| v.iter().map(owned_overdue).collect::<Vec<_>>(),
                );
                same_as(
                    &crate::review::missing_root_causes(&reviews),
                    &missing_root_causes(&old),
                    |v: &Vec<_>| v.iter().map(owned_missing).collect::<Vec<_>>(),
                );
            }
        }

        /// The checkpoint reviews of a book's review, of its initiative reviews and of
        /// the owned copy of its review each lie in one vector; an initiative review
        /// owned alone has a vector of its own.
        #[test]
        fn checkpoint_reviews_tile_one_vector(
            specs in vec(case_spec(), 0..=10),
            as_of_offset in 0u64..1600,
            choice in 0u8..4,
        ) {
            let book = book(&specs);
            let as_of = NaiveDate::from_ymd_opt(2020, 1, 1)
                .unwrap()
                .checked_add_days(Days::new(as_of_offset))
                .unwrap();
            let policy = policy(choice);
            if let Ok(old) = initiative_reviews(&book, as_of, &policy) {
                // The rollups may overflow where the initiatives do not.
                if let Ok(review) = book.review(as_of, &policy) {
                    tile_one_vector(review.initiatives(), &old, true);
                    let owned = review.clone().into_owned();
                    tile_one_vector(owned.initiatives(), &old, false);
                }
                let reviews = book.initiative_reviews(as_of, &policy).unwrap();
                tile_one_vector(&reviews, &old, true);
                for (got, want) in reviews.iter().zip(&old) {
                    let alone = got.clone().into_owned();
                    prop_assert!(!alone.checkpoints.shares_with(&got.checkpoints));
                    let n = want.checkpoints.len();
                    prop_assert_eq!(alone.checkpoints.span(), (0..n, n));
                    tile_one_vector(std::slice::from_ref(&alone), std::slice::from_ref(want), false);
                }
            }
        }
    }
}
