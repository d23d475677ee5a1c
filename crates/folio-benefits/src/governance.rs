//! Governance: the post-mortem trigger and estimation bias.
//!
//! # Post-mortem trigger
//!
//! "If benefits realization variance is above Z%, require a post-mortem." An
//! initiative triggers when the variance of its counted totals (see
//! [`crate::status`]) exceeds the policy's `post_mortem_threshold` (Z, default 0.25)
//! in size, in either direction ([`Variance::exceeds`]). The trigger carries its
//! evidence: the totals, the variance, the threshold and every counted checkpoint.
//! An initiative with nothing counted never triggers.
//!
//! # Estimation bias
//!
//! How systematically business cases over-promise, per owner and per product line,
//! over the initiatives that have a rate:
//!
//! - each initiative's **shortfall** is 1 - rate: 0.3 means 30% of the promised benefit
//!   did not materialize, -0.1 that it was beaten by 10%;
//! - `mean_shortfall` is the plain mean of the shortfalls. Every business case is one
//!   estimate, so each counts once, whatever its size and unit (this is why bias, unlike
//!   the realization rate, can be reported across currencies and metrics);
//! - `share_over_promised` is the share of initiatives with a rate below 1,
//!   `share_under_promised` the share above 1;
//! - the [`BiasVerdict`] is `InsufficientData` below `bias_min_initiatives` initiatives,
//!   else `OverPromising` when `share_over_promised` is at least
//!   `bias_systematic_share` (default 0.75), `UnderPromising` when
//!   `share_under_promised` is, and `Balanced` otherwise. A mean alone can be moved by
//!   one outlier; the share says whether the miss is systematic.
//!
//! Worked example: an owner with rates 0.5, 0.8, 0.9 and 1.2 has shortfalls 0.5, 0.2,
//! 0.1 and -0.2, a mean shortfall of 0.15, and three of four (0.75) over-promised: with
//! the defaults, `OverPromising`.

use std::collections::BTreeMap;

use folio_core::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::rates::Group;
use crate::status::{CheckpointReview, InitiativeReview};
use crate::value::BenefitUnit;
use crate::variance::Variance;

/// A required post-mortem, with the evidence that triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostMortem {
    /// The initiative.
    pub initiative: InitiativeId,
    /// The owner of its business case.
    pub owner: OwnerId,
    /// Its product line.
    pub product_line: ProductLineId,
    /// The unit of its benefit.
    pub unit: BenefitUnit,
    /// Expected benefit over the counted checkpoints.
    pub expected: Decimal,
    /// Realized benefit over the counted checkpoints.
    pub realized: Decimal,
    /// realized / expected, when defined.
    pub rate: Option<Ratio>,
    /// The variance of the totals; its size exceeds `threshold`.
    pub variance: Variance,
    /// The threshold it exceeded (the policy's `post_mortem_threshold`).
    pub threshold: Ratio,
    /// The counted checkpoints, the evidence.
    pub checkpoints: Vec<CheckpointReview>,
}

/// The post-mortems `initiatives` require under `policy`, in initiative-id order.
///
/// See the [module docs](self) for the rule.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] if the policy is out of range.
pub fn post_mortems(initiatives: &[InitiativeReview], policy: &Policy) -> Result<Vec<PostMortem>> {
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
    triggered.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    Ok(triggered)
}

/// Whether a group's business cases systematically miss one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BiasVerdict {
    /// Fewer initiatives with a rate than the policy's `bias_min_initiatives`.
    InsufficientData,
    /// At least `bias_systematic_share` of the cases realized less than promised.
    OverPromising,
    /// At least `bias_systematic_share` of the cases realized more than promised.
    UnderPromising,
    /// Neither way systematically.
    Balanced,
}

/// One initiative's part in a bias figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BiasEntry {
    /// The initiative.
    pub initiative: InitiativeId,
    /// Its realization rate.
    pub rate: Ratio,
    /// 1 - rate: the share of the promise that did not materialize.
    pub shortfall: Ratio,
}

/// The estimation bias of one owner or product line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Bias {
    /// The owner or product line.
    pub group: Group,
    /// Each initiative with a rate, by id.
    pub initiatives: Vec<BiasEntry>,
    /// How many realized less than promised (rate below 1).
    pub over_promised: u32,
    /// How many realized exactly what was promised.
    pub on_target: u32,
    /// How many realized more than promised (rate above 1).
    pub under_promised: u32,
    /// `over_promised` / number of initiatives; `None` when there are none.
    pub share_over_promised: Option<Ratio>,
    /// `under_promised` / number of initiatives; `None` when there are none.
    pub share_under_promised: Option<Ratio>,
    /// The mean shortfall; positive means the cases promise more than they deliver.
    /// `None` when there are no initiatives.
    pub mean_shortfall: Option<Ratio>,
    /// The verdict under the policy.
    pub verdict: BiasVerdict,
}

/// The estimation bias of every owner, then every product line, each by id.
///
/// Initiatives without a rate do not count; a group whose initiatives all lack one is
/// still listed, with no initiatives and `InsufficientData`. See the
/// [module docs](self) for the definitions.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] if the policy is out of range; [`Error::Overflow`] naming
/// the group if a shortfall or mean does not fit in a [`Decimal`].
pub fn estimation_bias(initiatives: &[InitiativeReview], policy: &Policy) -> Result<Vec<Bias>> {
    policy.validate()?;
    let mut groups: BTreeMap<Group, Vec<(&InitiativeId, Option<Ratio>)>> = BTreeMap::new();
    for review in initiatives {
        for group in [
            Group::Owner(review.owner.clone()),
            Group::ProductLine(review.product_line.clone()),
        ] {
            groups
                .entry(group)
                .or_default()
                .push((&review.initiative, review.rate));
        }
    }
    // Owners first, as documented, then product lines; `Group`'s own order puts lines
    // before owners, so the two kinds are collected separately.
    let (owners, lines): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|(group, _)| matches!(group, Group::Owner(_)));
    owners
        .into_iter()
        .chain(lines)
        .map(|(group, members)| bias_of(group, members, policy))
        .collect()
}

fn bias_of(
    group: Group,
    mut members: Vec<(&InitiativeId, Option<Ratio>)>,
    policy: &Policy,
) -> Result<Bias> {
    let overflow = |operation| Error::Overflow {
        operation,
        subject: group.to_string(),
    };
    members.sort_by(|a, b| a.0.cmp(b.0));
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
