//! The explanation of a fully rated, tabulated assessment, read on demand from the
//! scorer's tables.
//!
//! When every factor of the model is rated with a rating the tables hold (`1` to `5`
//! written without decimals, `1.0` to `5.0` in tenths) and the model's weights are
//! covered by the integer first pass, every number of the explanation is a function of
//! the factor and its rating alone (shares, contributions and lifts, computed once per
//! scorer with the model's own shares), or of a dimension and its rounded score (its
//! share, band and contribution). Such a score stores only, per factor, the position of
//! its rating in the tables and, per dimension, its rounded score in units of `10^-4`:
//! one `u16` each, with the drivers' positions, in place (no allocation) for models of
//! up to about two dozen factors. The views read the rest from the shared [`Tables`]
//! when asked, and give the same digits as the lines the general computation writes
//! (a property test checks them against it and against the implementation they
//! replaced): the shares are the model's planned ones, the contributions and lifts the
//! tabulated ones the general computation also uses, a dimension's band is its score
//! banded by the integer cuts, and its contribution is the same `mul_share` of its
//! planned share and score.
//!
//! The score, its band, the drivers and the alerts are still computed when scoring:
//! they are the answer, and the tables only spare the writing of the explanation.
//! Scoring takes one pass over the ratings, which are matched to the model, keyed,
//! added to their dimension's integer sum and offered as drivers (up to four drivers,
//! the default three among them, are chosen among keys held in registers), then one
//! division per dimension and one for the product, in integers.
//!
//! This path is taken only where it cannot fail and gives what the general computation
//! gives; anything else (a missing, unknown or untabulated rating, weights the integer
//! pass does not cover, a weightless dimension, more than 16 dimensions or 16 drivers)
//! goes the general way, with its errors.

use std::sync::Arc;

use folio_types::{Ratio, RiskRating};
use rust_decimal::Decimal;

use super::exact::{self, Cuts};
use super::view::{DimensionLine, FactorLine};
use super::{Drivers, Plan, TABULATED, same_id, tabulated, tabulated_rating};
use crate::config::Band;
use crate::id::FactorId;
use crate::math::mul_share;
use crate::model::RiskModel;
use crate::ratings::Ratings;

/// The lowest and highest score (and rating) in units of `10^-4`.
const LOWEST: u16 = 10_000;
const HIGHEST: u16 = 50_000;

/// Models of more dimensions write their lines: the dimensions' sums are kept in place.
const MAX_DIMENSIONS: usize = 16;

/// What a score of a fully rated, tabulated assessment reads its explanation from; one
/// per scorer, shared by its scores.
#[derive(Debug)]
pub(crate) struct Tables {
    /// The model, shared with the scorer.
    pub(super) model: Arc<RiskModel>,
    /// Every factor, sorted by id, with what scoring needs of it, so that an
    /// assessment's ratings (a vector in id order) are matched in one pass that also sums.
    by_id: Vec<Factor>,
    /// For each factor in model order, one term per tabulated rating (position
    /// `flat · TABULATED + key`): what scoring reads.
    terms: Vec<Term>,
    /// The lines, at the same positions as `terms`: what the views read.
    lines: Vec<FactorLine>,
    /// One entry per dimension, in model order.
    dimensions: Vec<DimensionEntry>,
    /// `Σ W_d` over all dimensions, as integers at their largest scale (positive).
    total: u64,
    /// The band cuts in units of `10^-4`.
    cuts: Cuts,
}

/// One factor of the model, in [`Tables::by_id`].
#[derive(Debug, Clone)]
struct Factor {
    id: FactorId,
    /// Its position in model order.
    flat: usize,
    /// `flat · TABULATED`, where its terms start.
    first_term: usize,
    /// The position of its dimension.
    dimension: usize,
}

/// One factor with one tabulated rating.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// `W_f · h` (the weight at the dimension's scale times the rating in hundredths):
    /// the factor's term of the dimension's integer sum.
    weighted: u64,
    /// The factor's [`Drivers::key`] with this rating: its lift's rank among the
    /// model's positive tabulated lifts and its position (0 if the lift is not
    /// positive).
    driver: u64,
}

/// One dimension of the model.
#[derive(Debug, Clone, Copy)]
struct DimensionEntry {
    /// `Σ W_f` over all its factors, at the dimension's largest weight scale (positive).
    weights: u64,
    /// Its weight `W_d` among the dimensions, at their largest scale.
    weight: u64,
    /// Its planned share `W_d / Σ W`.
    share: Decimal,
    /// The same share, as a checked ratio.
    ratio: Ratio,
}

/// A scored, fully rated, tabulated assessment: per factor its table position, per
/// dimension its score in units of `10^-4`, then the drivers' positions, one `u16`
/// each.
#[derive(Debug, Clone)]
pub(crate) struct Compact {
    pub(super) tables: Arc<Tables>,
    data: Buffer,
}

/// The `u16`s of a [`Compact`]: in place when they fit (a model of up to about two
/// dozen factors, such as the standard one, then costs no allocation and no more room
/// than the written lines' three vectors), else on the heap.
#[derive(Debug, Clone)]
enum Buffer {
    Inline {
        len: u8,
        data: [u16; Buffer::INLINE],
    },
    Heap(Vec<u16>),
}

impl Buffer {
    const INLINE: usize = 30;

    /// `len` zeros, with room for `capacity` in all.
    // Inlined so that the buffer is built where it is kept: returned through memory, it
    // was written in parts and read back whole, a store the load could not be
    // forwarded from (about a tenth of the tabulated score's samples).
    #[inline]
    fn zeroed(len: usize, capacity: usize) -> Option<Self> {
        if capacity <= Self::INLINE {
            Some(Self::Inline {
                len: u8::try_from(len).ok()?,
                data: [0; Self::INLINE],
            })
        } else {
            let mut data = Vec::with_capacity(capacity);
            data.resize(len, 0);
            Some(Self::Heap(data))
        }
    }

    fn as_slice(&self) -> &[u16] {
        match self {
            Self::Inline { len, data } => data.get(..usize::from(*len)).unwrap_or(&[]),
            Self::Heap(data) => data,
        }
    }

    #[inline]
    fn as_mut_slice(&mut self) -> &mut [u16] {
        match self {
            Self::Inline { len, data } => data.get_mut(..usize::from(*len)).unwrap_or(&mut []),
            Self::Heap(data) => data,
        }
    }

    /// Appends `value`; `None` if there is no room in place.
    #[inline]
    fn push(&mut self, value: u16) -> Option<()> {
        match self {
            Self::Inline { len, data } => {
                *data.get_mut(usize::from(*len))? = value;
                *len = len.checked_add(1)?;
            }
            Self::Heap(data) => data.push(value),
        }
        Some(())
    }
}

impl Tables {
    /// The tables of `model` with its `plan`; `None` where some assessment of the model
    /// could not take this path (weights the integer pass does not cover, a dimension
    /// or the model without weight, more drivers than [`Drivers`] ranks, more factors
    /// than a `u16` counts, a term that is not tabulated).
    pub(super) fn new(
        model: &Arc<RiskModel>,
        plan: &Plan,
        cuts: Option<Cuts>,
        top_drivers: usize,
    ) -> Option<Self> {
        let sums = plan.sums.as_ref()?;
        let factor_count = model.factor_count();
        if top_drivers > Drivers::MAX_RANKED
            || u16::try_from(factor_count).is_err()
            || model.dimensions().len() > MAX_DIMENSIONS
        {
            return None;
        }
        let ratings = (0..TABULATED)
            .map(tabulated_rating)
            .collect::<Option<Vec<_>>>()?;
        let hundredths = (0..TABULATED)
            .map(|key| {
                let key = u64::try_from(key).ok()?;
                if key < 5 {
                    key.checked_add(1)?.checked_mul(100)
                } else {
                    key.checked_add(5)?.checked_mul(10)
                }
            })
            .collect::<Option<Vec<u64>>>()?;
        let mut terms = Vec::with_capacity(factor_count.checked_mul(TABULATED)?);
        let mut lines = Vec::with_capacity(factor_count.checked_mul(TABULATED)?);
        let mut by_id = Vec::with_capacity(factor_count);
        let mut dimensions = Vec::with_capacity(model.dimensions().len());
        let mut flat = 0usize;
        let mut total = 0u64;
        for (index, dimension) in model.dimensions().iter().enumerate() {
            let weights = sums.factor_weights(index)?;
            let sum = weights.iter().try_fold(0u64, |s, w| s.checked_add(*w))?;
            let weight = sums.dimension_weight(index)?;
            if sum == 0 || weights.len() != dimension.factors.len() {
                return None;
            }
            total = total.checked_add(weight)?;
            dimensions.push(DimensionEntry {
                weights: sum,
                weight,
                share: *plan.dimension_shares.get(index)?,
                ratio: *plan.dimension_ratios.get(index)?,
            });
            let ratios = plan.factor_ratios.get(index)?;
            for ((factor, w), share) in dimension.factors.iter().zip(weights).zip(ratios) {
                let planned = plan.terms.get(flat)?;
                for (key, (rating, h)) in ratings.iter().zip(&hundredths).enumerate() {
                    terms.push(Term {
                        weighted: w.checked_mul(*h)?,
                        driver: Drivers::key(flat, planned.lift_rank.get(key).copied()??)?,
                    });
                    lines.push(FactorLine {
                        rating: Some(*rating),
                        share: *share,
                        contribution: planned.contribution.get(key).copied()??,
                        lift: planned.lift.get(key).copied()??,
                    });
                }
                by_id.push(Factor {
                    id: factor.id.clone(),
                    flat,
                    first_term: flat.checked_mul(TABULATED)?,
                    dimension: index,
                });
                flat = flat.checked_add(1)?;
            }
        }
        by_id.sort_by(|a, b| a.id.cmp(&b.id));
        (total > 0 && flat == factor_count).then_some(Self {
            model: Arc::clone(model),
            by_id,
            terms,
            lines,
            dimensions,
            total,
            cuts: cuts?,
        })
    }

    /// The line of the factor at position `flat` rated with table position `key`.
    fn line(&self, flat: usize, key: u16) -> Option<&FactorLine> {
        self.lines
            .get(flat.checked_mul(TABULATED)?.checked_add(usize::from(key))?)
    }
}

/// The scores of [`score`].
pub(super) struct Scored {
    /// The explanation, to store in the score.
    pub(super) compact: Compact,
    /// The product's score.
    pub(super) score: RiskRating,
    /// Its band.
    pub(super) band: Band,
}

/// Scores `ratings` with `tables`, choosing up to `top_drivers` drivers; `None` unless
/// every factor of the model, and no other, is rated with a tabulated rating (or if a
/// bound the tables were built under does not hold, which never happens).
///
/// One pass over the ratings matches them to the model (both are in id order), records
/// each one's table position, adds its term to its dimension's integer sum and offers it
/// as a driver; then each dimension's score and the product's are divided and rounded
/// in integers as in [`exact`].
pub(super) fn score(tables: &Arc<Tables>, ratings: &Ratings, top_drivers: usize) -> Option<Scored> {
    // Few drivers (the default three) are chosen among keys held in registers; more in
    // the general chooser's array. The sweep is the same.
    if top_drivers <= Few::SLOTS {
        sweep(
            tables,
            ratings.as_slice(),
            top_drivers,
            Few::new(top_drivers),
        )
    } else {
        sweep(
            tables,
            ratings.as_slice(),
            top_drivers,
            Drivers::new(top_drivers),
        )
    }
}

/// What chooses the drivers among the keys a sweep offers.
pub(super) trait Choose {
    /// Offers a factor by its [`Drivers::key`] (0: not a driver), without branching
    /// on the data.
    fn offer_key(&mut self, key: u64);

    /// The positions chosen, best first; `None` if the choice could not be made by
    /// keys (which a sweep never causes).
    fn positions(&self) -> Option<impl Iterator<Item = u32>>;
}

impl Choose for Drivers {
    fn offer_key(&mut self, key: u64) {
        Drivers::offer_key(self, key);
    }

    fn positions(&self) -> Option<impl Iterator<Item = u32>> {
        self.ranked()
    }
}

/// Up to [`Few::SLOTS`] drivers chosen by key as [`Drivers::offer_key`] chooses them,
/// with the slots fixed in number so that they stay in registers: each offered key
/// passes down all of them, each keeping the larger, and the first `n` are the `n`
/// largest keys (the keys of distinct positions differ, so the order is total).
#[derive(Debug, Clone, Copy)]
pub(super) struct Few {
    keys: [u64; Few::SLOTS],
    n: usize,
}

impl Few {
    pub(super) const SLOTS: usize = 4;

    pub(super) fn new(n: usize) -> Self {
        Self {
            keys: [0; Self::SLOTS],
            n,
        }
    }
}

impl Choose for Few {
    fn offer_key(&mut self, key: u64) {
        Drivers::pass_down(&mut self.keys, key);
    }

    fn positions(&self) -> Option<impl Iterator<Item = u32>> {
        Some(
            self.keys
                .iter()
                .take(self.n)
                .take_while(|key| **key != 0)
                .filter_map(|key| u32::try_from(key & u64::from(u32::MAX)).ok().map(|p| !p)),
        )
    }
}

/// [`score`] with the drivers chosen by `drivers`.
fn sweep<C: Choose>(
    tables: &Arc<Tables>,
    ratings: &[(FactorId, RiskRating)],
    top_drivers: usize,
    mut drivers: C,
) -> Option<Scored> {
    let factors = tables.by_id.len();
    if ratings.len() != factors {
        return None;
    }
    let stored = factors.checked_add(tables.dimensions.len())?;
    let mut data = Buffer::zeroed(stored, stored.checked_add(top_drivers)?)?;
    let (keys, scores) = data.as_mut_slice().split_at_mut(factors);
    let mut sums = [0u64; MAX_DIMENSIONS];
    for (factor, (given, rating)) in tables.by_id.iter().zip(ratings) {
        if same_id(given, &factor.id).is_ne() {
            return None;
        }
        let key = tabulated(*rating)?;
        let term = tables.terms.get(factor.first_term.checked_add(key)?)?;
        let sum = sums.get_mut(factor.dimension)?;
        *sum = sum.checked_add(term.weighted)?;
        // The drivers' keys include the position, so the order they are offered in
        // does not matter.
        drivers.offer_key(term.driver);
        *keys.get_mut(factor.flat)? = u16::try_from(key).ok()?;
    }
    let mut numerator = 0u64;
    for ((dimension, n), slot) in tables.dimensions.iter().zip(sums).zip(scores) {
        let q = u16::try_from(exact::dimension_score(n, dimension.weights)?).ok()?;
        if !(LOWEST..=HIGHEST).contains(&q) {
            return None;
        }
        *slot = q;
        numerator = numerator.checked_add(dimension.weight.checked_mul(u64::from(q))?)?;
    }
    let q = exact::product_score(numerator, tables.total)?;
    let score = RiskRating::new(exact::score_decimal(q)?).ok()?;
    for position in drivers.positions()? {
        data.push(u16::try_from(position).ok()?)?;
    }
    Some(Scored {
        compact: Compact {
            tables: Arc::clone(tables),
            data,
        },
        score,
        band: tables.cuts.band(q),
    })
}

impl Compact {
    fn factor_count(&self) -> usize {
        self.tables.by_id.len()
    }

    /// The score of dimension `index` in units of `10^-4`.
    fn quantum(&self, index: usize) -> Option<u16> {
        self.data
            .as_slice()
            .get(self.factor_count().checked_add(index)?)
            .copied()
    }

    /// The score of dimension `index`, as a rating.
    pub(super) fn dimension_score(&self, index: usize) -> Option<RiskRating> {
        score_rating(self.quantum(index)?)
    }

    /// The line of dimension `index`, as the general computation writes it for a fully
    /// rated assessment: the planned share, the score, its band and `share · score`.
    pub(super) fn dimension_line(&self, index: usize) -> DimensionLine {
        let (Some(dimension), Some(q)) = (self.tables.dimensions.get(index), self.quantum(index))
        else {
            return DimensionLine::UNSCORED;
        };
        let score = score_rating(q);
        DimensionLine {
            share: dimension.ratio,
            score,
            band: Some(self.tables.cuts.band(u64::from(q))),
            // The product of a share of at most 1 and a score of at most 5 cannot
            // overflow, so the error is never taken.
            contribution: score
                .and_then(|s| mul_share(dimension.share, s.value(), super::SCORING).ok())
                .unwrap_or(Decimal::ZERO),
        }
    }

    /// The line of the factor at position `flat` (in model order).
    pub(super) fn factor_line(&self, flat: usize) -> FactorLine {
        self.data
            .as_slice()
            .get(flat)
            .and_then(|key| self.tables.line(flat, *key))
            .copied()
            .unwrap_or(FactorLine::UNRATED)
    }

    /// The drivers, as positions in model order.
    pub(super) fn drivers(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        let start = self
            .factor_count()
            .saturating_add(self.tables.dimensions.len());
        self.data
            .as_slice()
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map(|p| u32::from(*p))
    }

    /// Whether the stored positions and scores are the same; equal numbers may still be
    /// written differently (`4` and `4.0`), so `false` says nothing.
    pub(super) fn same_data(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tables, &other.tables) && self.data.as_slice() == other.data.as_slice()
    }
}

/// A score in units of `10^-4` within `1..=5` (which [`score`] checked) as
/// the rating the division writes.
fn score_rating(q: u16) -> Option<RiskRating> {
    RiskRating::new(exact::score_decimal(u64::from(q))?).ok()
}

#[cfg(test)]
#[path = "tabulated_tests.rs"]
mod tests;
