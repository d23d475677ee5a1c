//! Realization rates of product lines and of the portfolio, with their explanation.
//!
//! # Formula
//!
//! A group's rate is the mean of its initiatives' rates weighted by their expected
//! benefit (over counted checkpoints, see [`crate::status`]):
//!
//! ```text
//! rate = sum(E_i * r_i) / sum(E_i) = sum(R_i) / sum(E_i)
//! ```
//!
//! where `E_i` and `R_i` are initiative i's expected and realized totals and
//! `r_i = R_i / E_i`. Initiatives whose rate is undefined (`E_i = 0`) have no weight and are listed in
//! [`UnitRate::without_rate`]; their realized benefit is **not** added to the group (it
//! would make the group rate something other than a weighted mean of rates, and could
//! push it outside the range of its members' rates). The group rate is therefore always
//! between the lowest and highest rate of its members.
//!
//! # Units
//!
//! Weights are amounts of benefit, so they are only added within one unit: each group
//! gets one [`UnitRate`] per currency and per metric among its initiatives. Euros and
//! dollars are never summed (convert before the data reaches folio), and a money benefit
//! is never weighed against a metric value.
//!
//! # Worked example
//!
//! Two EUR initiatives in line "platform": A expected 1,000 realized 800 (rate 0.8), B
//! expected 3,000 realized 3,300 (rate 1.1). The line's rate is 4,100 / 4,000 = 1.025;
//! A's share of the weight is 0.25 and contributes 0.2, B's share is 0.75 and
//! contributes 0.825.

use std::collections::BTreeMap;

use folio_core::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::status::InitiativeReview;
use crate::value::BenefitUnit;

/// A group of initiatives that a rate or a bias is reported for.
///
/// Groups order as the portfolio first, then product lines, then owners, each by id.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Every initiative.
    Portfolio,
    /// The initiatives of one product line.
    ProductLine(ProductLineId),
    /// The business cases of one owner.
    Owner(OwnerId),
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Portfolio => f.write_str("the portfolio"),
            Self::ProductLine(line) => write!(f, "product line \"{line}\""),
            Self::Owner(owner) => write!(f, "owner \"{owner}\""),
        }
    }
}

/// One initiative's part in a group's rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RateContribution {
    /// The initiative.
    pub initiative: InitiativeId,
    /// Its expected benefit over counted checkpoints: its weight.
    pub expected: Decimal,
    /// Its realized benefit over counted checkpoints.
    pub realized: Decimal,
    /// Its own rate, realized / expected.
    pub rate: Ratio,
    /// Its normalized weight, expected / the group's expected.
    pub share: Ratio,
    /// Its contribution to the group's rate, share * rate = realized / the group's
    /// expected. The contributions add up to the group's rate (up to the last of 28
    /// decimal digits).
    pub contribution: Ratio,
}

/// The realization rate of one group in one unit, with the math behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UnitRate {
    /// The group.
    pub group: Group,
    /// The unit.
    pub unit: BenefitUnit,
    /// Expected benefit of the contributing initiatives.
    pub expected: Decimal,
    /// Realized benefit of the contributing initiatives.
    pub realized: Decimal,
    /// realized / expected; `None` when no initiative of the group has a rate yet.
    pub rate: Option<Ratio>,
    /// Each initiative with a rate, by id.
    pub contributions: Vec<RateContribution>,
    /// Initiatives of the group in this unit without a rate (nothing counted yet, or
    /// zero expected benefit), by id.
    pub without_rate: Vec<InitiativeId>,
}

#[derive(Default)]
struct Accumulator<'a> {
    expected: Decimal,
    realized: Decimal,
    members: Vec<(&'a InitiativeReview, Ratio)>,
    without_rate: Vec<InitiativeId>,
}

/// The realization rate of the portfolio and of each product line, per unit.
///
/// The result is ordered by group (portfolio first, then product lines by id) and then
/// by unit; contributions are in initiative-id order. See the [module docs](self) for
/// the formula.
///
/// # Errors
///
/// [`Error::Overflow`] naming the group if a sum or ratio does not fit in a
/// [`Decimal`].
pub fn realization_rates(initiatives: &[InitiativeReview]) -> Result<Vec<UnitRate>> {
    let mut groups: BTreeMap<(Group, &BenefitUnit), Accumulator<'_>> = BTreeMap::new();
    let mut sorted: Vec<&InitiativeReview> = initiatives.iter().collect();
    sorted.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    for review in sorted {
        for group in [
            Group::Portfolio,
            Group::ProductLine(review.product_line.clone()),
        ] {
            let subject = || format!("{group} in {}", review.unit);
            let overflow = |operation| Error::Overflow {
                operation,
                subject: subject(),
            };
            let entry = groups.entry((group.clone(), &review.unit)).or_default();
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
        .map(|((group, unit), acc)| finish(group, unit.clone(), acc))
        .collect()
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
