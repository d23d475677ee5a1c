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
//! one `u16` each, with the drivers' positions, in one allocation. The views read the
//! rest from the shared [`Tables`] when asked, and give the same digits as the lines the
//! general computation writes (a property test checks them against it and against the
//! implementation they replaced).
//!
//! The score, its band, the drivers and the alerts are still computed when scoring:
//! they are the answer, and the tables only spare the writing of the explanation.

use std::sync::Arc;

use folio_types::{Ratio, RiskRating};
use rust_decimal::Decimal;

use super::exact::{self, Cuts};
use crate::config::Band;
use super::view::{DimensionLine, FactorLine};
use super::{Drivers, Plan, TABULATED, tabulated_rating};
use crate::math::mul_share;
use crate::model::RiskModel;

/// The lowest and highest score (and rating) in units of `10^-4`.
const LOWEST: u16 = 10_000;
const HIGHEST: u16 = 50_000;

/// What a score of a fully rated, tabulated assessment reads its explanation from; one
/// per scorer, shared by its scores.
#[derive(Debug)]
pub(crate) struct Tables {
    /// The model, shared with the scorer.
    pub(super) model: Arc<RiskModel>,
    /// For each factor in model order, one entry per tabulated rating (position
    /// `flat · TABULATED + key`).
    entries: Vec<Entry>,
    /// One entry per dimension, in model order.
    dimensions: Vec<DimensionEntry>,
    /// `Σ W_d` over all dimensions, as integers at their largest scale (positive).
    total: u64,
    /// The band cuts in units of `10^-4`.
    cuts: Cuts,
}

/// One factor with one tabulated rating.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// `W_f · h` (the weight at the dimension's scale times the rating in hundredths):
    /// the factor's term of the dimension's integer sum.
    term: u64,
    /// The lift's rank among the model's positive tabulated lifts (0 if not positive).
    rank: u32,
    /// The factor's line: rating, planned share, tabulated contribution and lift.
    line: FactorLine,
}

/// One dimension of the model.
#[derive(Debug, Clone, Copy)]
struct DimensionEntry {
    /// How many factors it has.
    factors: usize,
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
    data: Vec<u16>,
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
        if top_drivers > Drivers::MAX_RANKED || u16::try_from(factor_count).is_err() {
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
        let mut entries = Vec::with_capacity(factor_count.checked_mul(TABULATED)?);
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
                factors: dimension.factors.len(),
                weights: sum,
                weight,
                share: *plan.dimension_shares.get(index)?,
                ratio: *plan.dimension_ratios.get(index)?,
            });
            let ratios = plan.factor_ratios.get(index)?;
            for (w, share) in weights.iter().zip(ratios) {
                let terms = plan.terms.get(flat)?;
                for (key, (rating, h)) in ratings.iter().zip(&hundredths).enumerate() {
                    entries.push(Entry {
                        term: w.checked_mul(*h)?,
                        rank: terms.lift_rank.get(key).copied()??,
                        line: FactorLine {
                            rating: Some(*rating),
                            share: *share,
                            contribution: terms.contribution.get(key).copied()??,
                            lift: terms.lift.get(key).copied()??,
                        },
                    });
                }
                flat = flat.checked_add(1)?;
            }
        }
        (total > 0 && flat == factor_count).then_some(Self {
            model: Arc::clone(model),
            entries,
            dimensions,
            total,
            cuts: cuts?,
        })
    }

    fn entry(&self, flat: usize, key: u16) -> Option<&Entry> {
        self.entries
            .get(flat.checked_mul(TABULATED)?.checked_add(usize::from(key))?)
    }

    /// The table position of `rating` (see [`tabulated`](super::tabulated)).
    fn key(rating: RiskRating) -> Option<u16> {
        u16::try_from(super::tabulated(rating)?).ok()
    }
}

/// The first pass over a fully rated assessment whose ratings are all tabulated: the
/// table position of each factor's rating is set with [`Scoring::rate`], then
/// [`Scoring::finish`] computes the scores and chooses the drivers.
pub(super) struct Scoring<'a> {
    tables: &'a Arc<Tables>,
    data: Vec<u16>,
}

/// The scores of [`Scoring::finish`].
pub(super) struct Scored {
    /// The explanation, to store in the score.
    pub(super) compact: Compact,
    /// The product's score.
    pub(super) score: RiskRating,
    /// Its band.
    pub(super) band: Band,
}

impl<'a> Scoring<'a> {
    /// Starts scoring with `tables`, for up to `top_drivers` drivers.
    pub(super) fn new(tables: &'a Arc<Tables>, top_drivers: usize) -> Option<Self> {
        let factors = tables.entries.len().checked_div(TABULATED)?;
        let stored = factors.checked_add(tables.dimensions.len())?;
        let mut data = Vec::with_capacity(stored.checked_add(top_drivers)?);
        data.resize(stored, 0);
        Some(Self { tables, data })
    }

    /// Records the rating of the factor at position `flat`; `None` if it is not
    /// tabulated.
    pub(super) fn rate(&mut self, flat: usize, rating: RiskRating) -> Option<()> {
        *self.data.get_mut(flat)? = Tables::key(rating)?;
        Some(())
    }

    /// Each dimension's score and the product's, in integers as in [`exact`], and the
    /// drivers chosen by lift rank; `None` only if a bound the tables were built under
    /// does not hold (never).
    pub(super) fn finish(mut self, top_drivers: usize) -> Option<Scored> {
        let tables = self.tables;
        let factors = tables.entries.len().checked_div(TABULATED)?;
        let mut drivers = Drivers::new(top_drivers);
        let (keys, scores) = self.data.split_at_mut(factors);
        let mut keys = keys.iter();
        let mut flat = 0usize;
        let mut numerator = 0u64;
        for (dimension, slot) in tables.dimensions.iter().zip(scores) {
            let mut n = 0u64;
            for key in keys.by_ref().take(dimension.factors) {
                let entry = tables.entry(flat, *key)?;
                n = n.checked_add(entry.term)?;
                drivers.offer(flat, entry.rank);
                flat = flat.checked_add(1)?;
            }
            let q = u16::try_from(exact::dimension_score(n, dimension.weights)?).ok()?;
            if !(LOWEST..=HIGHEST).contains(&q) {
                return None;
            }
            *slot = q;
            numerator = numerator.checked_add(dimension.weight.checked_mul(u64::from(q))?)?;
        }
        let q = exact::product_score(numerator, tables.total)?;
        let score = RiskRating::new(exact::score_decimal(q)?).ok()?;
        for position in drivers.ranked()? {
            self.data.push(u16::try_from(*position).ok()?);
        }
        Some(Scored {
            compact: Compact {
                tables: Arc::clone(tables),
                data: self.data,
            },
            score,
            band: tables.cuts.band(q),
        })
    }
}

impl Compact {
    fn factor_count(&self) -> usize {
        self.tables
            .entries
            .len()
            .checked_div(TABULATED)
            .unwrap_or(0)
    }

    /// The score of dimension `index` in units of `10^-4`.
    fn quantum(&self, index: usize) -> Option<u16> {
        self.data
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
            .get(flat)
            .and_then(|key| self.tables.entry(flat, *key))
            .map_or(FactorLine::UNRATED, |entry| entry.line)
    }

    /// The drivers, as positions in model order.
    pub(super) fn drivers(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        let start = self
            .factor_count()
            .saturating_add(self.tables.dimensions.len());
        self.data
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map(|p| u32::from(*p))
    }

    /// Whether the stored positions and scores are the same; equal numbers may still be
    /// written differently (`4` and `4.0`), so `false` says nothing.
    pub(super) fn same_data(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tables, &other.tables) && self.data == other.data
    }
}

/// A score in units of `10^-4` within `1..=5` (which [`Scoring::finish`] checked) as
/// the rating the division writes.
fn score_rating(q: u16) -> Option<RiskRating> {
    RiskRating::new(exact::score_decimal(u64::from(q))?).ok()
}
