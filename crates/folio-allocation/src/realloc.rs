//! Reallocation requests: which capacity to move, from where, to where, how much and
//! why, joined from signals folio already computes, given here as plain data.
//!
//! # Signals
//!
//! - [`Signal::CapacityDrain`]: an initiative consumes capacity without moving its
//!   results (from folio-metrics' capacity utilization, planned vs actual); it offers
//!   the stated amount of one resource kind per period.
//! - [`Signal::BenefitsShortfall`]: an initiative realizes only a share of its expected
//!   benefits (folio-benefits' realization rate). Below the threshold (default 0.7) it
//!   offers `(1 − realization)` of its average per-period use of each resource kind.
//! - [`Signal::OffTrackKeyResult`]: an off-track key result whose recovery plan is
//!   "change the resources" (folio-okr tracking) asks for an amount of one resource kind
//!   per period.
//!
//! # Rule
//!
//! Mandates and leader-protected initiatives never give. An initiative's offer per kind
//! is the larger of its signals' offers, capped at its average per-period use of that
//! kind. Requests are served in key-result id order; donors give in order of weakness
//! (lowest realization first, a drain without a realization figure after those, then by
//! id), each as much as is still asked and still offered. The receiving initiative is
//! the one with the largest expected lift on the key result (ties by id), if any
//! initiative moves it. What cannot be met is listed as unmet.

use std::collections::BTreeMap;
use std::fmt;

use folio_types::decimal::percent_points;
use folio_types::{InitiativeId, KeyResultId, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result, overflow};
use crate::model::{Portfolio, ResourceKind};
use crate::shown::two_places;

/// A signal that capacity should move.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "signal", rename_all = "snake_case"))]
pub enum Signal {
    /// `initiative` drains `amount` of `resource` per period without results.
    CapacityDrain {
        /// The draining initiative.
        initiative: InitiativeId,
        /// The resource kind.
        resource: ResourceKind,
        /// How much per period could be freed.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        amount: Decimal,
    },
    /// `initiative` realizes only `realization` of its expected benefits.
    BenefitsShortfall {
        /// The initiative.
        initiative: InitiativeId,
        /// Realized over expected (0.4 is 40%).
        realization: Ratio,
    },
    /// An off-track key result whose recovery plan asks for resources.
    OffTrackKeyResult {
        /// The key result.
        key_result: KeyResultId,
        /// The resource kind asked for.
        resource: ResourceKind,
        /// How much per period.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        amount: Decimal,
    },
}

/// Options of [`reallocate`].
///
/// A value that exists is valid: [`new`](Self::new) and deserialization check that
/// `shortfall_threshold` is a realization rate in 0..=1 (below 0 no initiative would
/// ever give, above 1 one that delivered all it promised would); the field is private.
///
/// ```
/// use folio_allocation::ReallocationOptions;
///
/// assert_eq!(ReallocationOptions::new("0.5".parse()?)?.shortfall_threshold().to_string(), "0.5");
/// let err = ReallocationOptions::new("1.5".parse()?).unwrap_err();
/// assert_eq!(err.to_string(), "shortfall_threshold 1.5 is not allowed: must be a realization rate in 0..=1");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<ReallocationOptions>(r#"{"shortfall_threshold": "1.5"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
pub struct ReallocationOptions {
    /// A benefits realization below this makes an initiative give (default 0.7; in
    /// 0..=1).
    shortfall_threshold: Ratio,
}

impl ReallocationOptions {
    /// Options under which a benefits realization below `shortfall_threshold` makes
    /// an initiative give.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `shortfall_threshold` unless it lies in 0..=1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_allocation::ReallocationOptions;
    ///
    /// assert_eq!(ReallocationOptions::new("0.7".parse()?)?, ReallocationOptions::default());
    /// assert!(ReallocationOptions::new("-0.1".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(shortfall_threshold: Ratio) -> Result<Self> {
        let options = Self {
            shortfall_threshold,
        };
        options.validate()?;
        Ok(options)
    }

    /// A benefits realization below this makes an initiative give; in 0..=1.
    pub fn shortfall_threshold(&self) -> Ratio {
        self.shortfall_threshold
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> Result<()> {
        let t = self.shortfall_threshold.value();
        if t < Decimal::ZERO || t > Decimal::ONE {
            return Err(Error::InvalidParameter {
                parameter: "shortfall_threshold",
                value: t.to_string(),
                reason: "must be a realization rate in 0..=1",
            });
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(ReallocationOptions);

impl Default for ReallocationOptions {
    fn default() -> Self {
        Self {
            shortfall_threshold: Ratio::from_decimal(Decimal::new(7, 1)),
        }
    }
}

/// Why capacity moves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Why {
    /// The giver's realization, if a shortfall signal named it.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    pub realization: Option<Decimal>,
    /// The drain stated for this resource, if a drain signal named it.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    pub drain: Option<Decimal>,
    /// What the key result's recovery plan asked for.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub asked: Decimal,
}

/// Move `amount` of `resource` per period from one initiative to a key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Recommendation {
    /// The giving initiative.
    pub from: InitiativeId,
    /// The off-track key result.
    pub key_result: KeyResultId,
    /// The initiative that moves it most, if any.
    pub to: Option<InitiativeId>,
    /// The resource kind.
    pub resource: ResourceKind,
    /// How much per period.
    pub amount: Decimal,
    /// Why.
    pub why: Why,
}

/// A request that could not be met in full.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Unmet {
    /// The key result.
    pub key_result: KeyResultId,
    /// The resource kind.
    pub resource: ResourceKind,
    /// How much per period is still missing.
    pub amount: Decimal,
}

/// The reallocation answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Reallocation {
    /// The moves, in the order they were made.
    pub recommendations: Vec<Recommendation>,
    /// Requests not met in full, in key-result order.
    pub unmet: Vec<Unmet>,
}

#[derive(Debug, Clone, Default)]
struct Donor {
    realization: Option<Decimal>,
    drains: BTreeMap<ResourceKind, Decimal>,
    offers: BTreeMap<ResourceKind, Decimal>,
}

fn non_negative(context: &str, value: Decimal) -> Result<()> {
    if value < Decimal::ZERO {
        return Err(Error::InvalidAmount {
            context: context.to_owned(),
            value,
            reason: "must not be negative",
        });
    }
    Ok(())
}

/// Average per-period use of each resource kind by initiative `i`.
fn average_use(portfolio: &Portfolio, i: usize) -> Result<BTreeMap<ResourceKind, Decimal>> {
    let c = portfolio.compiled();
    let mut out = BTreeMap::new();
    for (k, kind) in c.kinds.iter().enumerate() {
        let per = c
            .cap
            .get(i)
            .and_then(|v| v.get(k))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let total = per
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))
            .ok_or_else(|| overflow("averaging use"))?;
        let n = Decimal::from(per.len().max(1));
        out.insert(
            kind.clone(),
            total
                .checked_div(n)
                .ok_or_else(|| overflow("averaging use"))?,
        );
    }
    Ok(out)
}

/// Turns signals into reallocation recommendations (see the [module docs](self) for
/// the rule).
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use folio_allocation::{Portfolio, ReallocationOptions, Signal, reallocate};
/// use folio_types::{Decimal, Ratio};
///
/// let portfolio: Portfolio = serde_json::from_str(r#"{
///   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "capacity": { "engineering": ["10"] },
///   "initiatives": [
///     { "id": "legacy", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
///       "cost": [{ "money": "10", "capacity": { "engineering": "4" } }], "value": { "source": "given", "npv": "5" } },
///     { "id": "checkout", "product": "p", "horizon": "grow", "state": { "status": "committed" }, "start": 0,
///       "cost": [{ "money": "10", "capacity": { "engineering": "3" } }], "value": { "source": "given", "npv": "50" },
///       "key_results": { "kr-conversion": "0.2" } }
///   ]
/// }"#)?;
/// let signals = [
///     Signal::BenefitsShortfall { initiative: "legacy".parse()?, realization: Ratio::new(Decimal::new(25, 2))? },
///     Signal::OffTrackKeyResult { key_result: "kr-conversion".parse()?, resource: "engineering".parse()?, amount: Decimal::from(2) },
/// ];
/// let answer = reallocate(&portfolio, &signals, ReallocationOptions::default())?;
/// // legacy offers (1 − 0.25) × 4 = 3 engineers; kr-conversion asked for 2.
/// assert_eq!(answer.recommendations[0].amount, Decimal::from(2));
/// assert_eq!(answer.recommendations[0].describe(),
///     "move 2 engineering per period from legacy to checkout for kr-conversion \
///      (legacy realizes 25% of its expected benefits; kr-conversion is off track and asks for 2)");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::UnknownInitiative`] or [`Error::UnknownResourceKind`] for a signal naming
/// what the portfolio does not hold; [`Error::InvalidAmount`] for a negative amount or
/// realization.
pub fn reallocate(
    portfolio: &Portfolio,
    signals: &[Signal],
    options: ReallocationOptions,
) -> Result<Reallocation> {
    options.validate()?;
    let threshold = options.shortfall_threshold.value();
    let kinds = &portfolio.compiled().kinds;
    let known_kind = |k: &ResourceKind, who: &str| -> Result<()> {
        if kinds.contains(k) {
            Ok(())
        } else {
            Err(Error::UnknownResourceKind {
                initiative: InitiativeId::new(who)?,
                kind: k.to_string(),
            })
        }
    };
    let mut donors: BTreeMap<usize, Donor> = BTreeMap::new();
    let mut requests: BTreeMap<(KeyResultId, ResourceKind), Decimal> = BTreeMap::new();
    for signal in signals {
        match signal {
            Signal::CapacityDrain {
                initiative,
                resource,
                amount,
            } => {
                let i = portfolio.index_of(initiative.as_str())?;
                known_kind(resource, initiative.as_str())?;
                non_negative(&format!("drain of {initiative}"), *amount)?;
                let d = donors.entry(i).or_default();
                let e = d.drains.entry(resource.clone()).or_default();
                *e = (*e).max(*amount);
            }
            Signal::BenefitsShortfall {
                initiative,
                realization,
            } => {
                let i = portfolio.index_of(initiative.as_str())?;
                non_negative(&format!("realization of {initiative}"), realization.value())?;
                let d = donors.entry(i).or_default();
                let r = realization.value();
                d.realization = Some(d.realization.map_or(r, |old| old.min(r)));
            }
            Signal::OffTrackKeyResult {
                key_result,
                resource,
                amount,
            } => {
                if !kinds.contains(resource) {
                    return Err(Error::InvalidParameter {
                        parameter: "resource kind",
                        value: resource.to_string(),
                        reason: "the portfolio has no capacity of this kind",
                    });
                }
                non_negative(&format!("request of {key_result}"), *amount)?;
                let e = requests
                    .entry((key_result.clone(), resource.clone()))
                    .or_default();
                *e = e
                    .checked_add(*amount)
                    .ok_or_else(|| overflow("summing requests"))?;
            }
        }
    }
    // Offers: the larger signal per kind, capped at average use; protected never give.
    for (&i, d) in &mut donors {
        let Some(x) = portfolio.initiatives().get(i) else {
            continue;
        };
        if x.mandate || x.protected {
            continue;
        }
        let avg = average_use(portfolio, i)?;
        for (kind, use_) in avg {
            let from_shortfall = match d.realization {
                Some(r) if r < threshold => {
                    let gap = Decimal::ONE
                        .checked_sub(r.min(Decimal::ONE))
                        .unwrap_or_default();
                    use_.checked_mul(gap)
                        .ok_or_else(|| overflow("sizing an offer"))?
                }
                _ => Decimal::ZERO,
            };
            let drain = d.drains.get(&kind).copied().unwrap_or_default();
            let offer = from_shortfall.max(drain).min(use_);
            if offer > Decimal::ZERO {
                d.offers.insert(kind, offer);
            }
        }
    }
    let mut order: Vec<usize> = donors.keys().copied().collect();
    order.sort_by_key(|i| {
        let r = donors.get(i).and_then(|d| d.realization);
        (r.is_none(), r, *i)
    });

    let mut out = Reallocation::default();
    for ((key_result, resource), asked) in requests {
        let to = best_mover(portfolio, &key_result);
        let mut missing = asked;
        for &i in &order {
            if missing <= Decimal::ZERO {
                break;
            }
            let Some(d) = donors.get_mut(&i) else {
                continue;
            };
            if to == Some(i) {
                continue;
            }
            let Some(offer) = d.offers.get_mut(&resource) else {
                continue;
            };
            let amount = (*offer).min(missing);
            if amount <= Decimal::ZERO {
                continue;
            }
            *offer = offer.checked_sub(amount).unwrap_or_default();
            missing = missing.checked_sub(amount).unwrap_or_default();
            let Some(from) = portfolio.initiatives().get(i).map(|x| x.id.clone()) else {
                continue;
            };
            out.recommendations.push(Recommendation {
                from,
                key_result: key_result.clone(),
                to: to
                    .and_then(|t| portfolio.initiatives().get(t))
                    .map(|x| x.id.clone()),
                resource: resource.clone(),
                amount,
                why: Why {
                    realization: d.realization,
                    drain: d.drains.get(&resource).copied(),
                    asked,
                },
            });
        }
        if missing > Decimal::ZERO {
            out.unmet.push(Unmet {
                key_result,
                resource,
                amount: missing,
            });
        }
    }
    Ok(out)
}

/// The initiative with the largest lift on `kr` (ties by id).
fn best_mover(portfolio: &Portfolio, kr: &KeyResultId) -> Option<usize> {
    let mut best: Option<(usize, Decimal)> = None;
    for (i, x) in portfolio.initiatives().iter().enumerate() {
        if let Some(&lift) = x.key_results.get(kr) {
            if lift > Decimal::ZERO && best.is_none_or(|(_, b)| lift > b) {
                best = Some((i, lift));
            }
        }
    }
    best.map(|(i, _)| i)
}

impl Recommendation {
    /// "move 2 engineering per period from legacy to checkout for kr-conversion (...)".
    ///
    /// ```
    /// use folio_allocation::{Recommendation, Why};
    /// use folio_types::Decimal;
    ///
    /// // The key result asked for 2; the drain frees only 1.5, and no initiative is named.
    /// let move_ = Recommendation {
    ///     from: "legacy".parse()?,
    ///     key_result: "kr-conversion".parse()?,
    ///     to: None,
    ///     resource: "engineering".parse()?,
    ///     amount: Decimal::new(15, 1),
    ///     why: Why { realization: None, drain: Some(Decimal::new(15, 1)), asked: Decimal::from(2) },
    /// };
    /// assert_eq!(
    ///     move_.describe(),
    ///     "move 1.5 engineering per period from legacy to the team for kr-conversion \
    ///      (legacy drains 1.5 engineering per period without results; kr-conversion is off track and asks for 2)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        let to = self
            .to
            .as_ref()
            .map_or_else(|| "the team".to_owned(), ToString::to_string);
        let mut why = Vec::new();
        if let Some(r) = self.why.realization {
            let pct = percent_points(r, 1);
            why.push(format!(
                "{} realizes {pct}% of its expected benefits",
                self.from
            ));
        }
        if let Some(d) = self.why.drain {
            why.push(format!(
                "{} drains {} {} per period without results",
                self.from,
                two_places(d),
                self.resource
            ));
        }
        why.push(format!(
            "{} is off track and asks for {}",
            self.key_result,
            two_places(self.why.asked)
        ));
        format!(
            "move {} {} per period from {} to {to} for {} ({})",
            two_places(self.amount),
            self.resource,
            self.from,
            self.key_result,
            why.join("; ")
        )
    }
}

impl fmt::Display for Reallocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for r in &self.recommendations {
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            f.write_str(&r.describe())?;
        }
        for u in &self.unmet {
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            write!(
                f,
                "unmet: {} still needs {} {} per period",
                u.key_result,
                two_places(u.amount),
                u.resource
            )?;
        }
        Ok(())
    }
}
