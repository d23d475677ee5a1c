//! The implementation of scoring before its results became compact (main at 6282fbf),
//! kept verbatim as the reference the compact results are checked against: the same
//! numbers, digits, drivers, order and explanation text, on random inputs.
// A copy kept for comparison: not every item is used by the tests.
#![allow(dead_code, unreachable_pub, clippy::all)]

use std::collections::BTreeSet;

use chrono::NaiveDate;
use folio_types::{ProductId, Ratio, RiskRating, Weight};
use rust_decimal::Decimal;

use crate::assessment::Assessment;
use crate::config::{Band, MissingRatingPolicy, ScoringConfig, TriggerRule, TriggerScope};
use crate::error::{Error, Result};
use crate::id::{DimensionId, FactorId};
use crate::math::{add, div, mul, round_score, sub};
use crate::model::RiskModel;
use crate::score::{AlertSubject, RiskAlert};

/// One factor's line in the explanation of a score.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FactorScore {
    /// The factor.
    pub factor: FactorId,
    /// Its weight within the dimension, from the model.
    pub weight: Weight,
    /// Its rating; `None` if the assessment left it out (and the policy allowed that).
    pub rating: Option<RiskRating>,
    /// `weight / Σ weight` over the dimension's rated factors; 0 if unrated.
    pub share: Ratio,
    /// `share · rating`: the part of the dimension score this factor accounts for.
    pub contribution: Decimal,
    /// `dimension share · share · (rating − 1)`: how far this factor raises the product
    /// score above 1.
    pub lift: Decimal,
}

/// One dimension's line in the explanation of a score.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DimensionScore {
    /// The dimension.
    pub dimension: DimensionId,
    /// Its weight among the dimensions, from the model.
    pub weight: Weight,
    /// `weight / Σ weight` over the scored dimensions; 0 if the dimension was left out.
    pub share: Ratio,
    /// The dimension's score, rounded; `None` if no factor of positive weight was rated.
    pub score: Option<RiskRating>,
    /// The band of the dimension's score.
    pub band: Option<Band>,
    /// `share · score`: the part of the product score this dimension accounts for.
    pub contribution: Decimal,
    /// The factors, in id order.
    pub factors: Vec<FactorScore>,
}

/// A factor that drives a product's risk score up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Driver {
    /// The factor's dimension.
    pub dimension: DimensionId,
    /// The factor.
    pub factor: FactorId,
    /// Its rating.
    pub rating: RiskRating,
    /// How far it raises the product score above 1 (see [`FactorScore::lift`]).
    pub lift: Decimal,
}

/// The scored assessment of one product, with its full explanation.
///
/// # Example
///
/// ```
/// use folio_risk::{Band, RiskModel, Scorer, ScoringConfig};
/// # use folio_risk::Assessment;
/// # use folio_types::RiskRating;
/// # use rust_decimal::Decimal;
/// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
/// #     let mut pairs = Vec::new();
/// #     for &(factor, rating) in ratings {
/// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
/// #     }
/// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
/// # }
///
/// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
/// // Technical (4, 5, 3) is 4, market (2, 3) 2.5, execution (4, 4) 4, financial (1, 2)
/// // 1.5; the four dimensions weigh the same, so the score is 12 / 4 = 3.
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// let scored = scorer.score(&atlas)?;
/// assert_eq!(scored.score.to_string(), "3");
/// assert_eq!(scored.band, Band::Medium);
/// // Execution has two factors, so each carries 1/8 of the score: critical-path
/// // delivery, rated 4, lifts it by 1/8 × (4 − 1) = 0.375, more than security does with
/// // 1/12 × (5 − 1) = 0.3333. Ties (dependency risk) go to the lower id.
/// assert_eq!(scored.drivers[0].factor.as_str(), "critical_path_delivery");
/// assert_eq!(scored.drivers[0].lift, Decimal::new(375, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "The scored assessment of one product, with its full explanation.")
)]
pub struct ProductScore {
    /// The product.
    pub product: ProductId,
    /// The date of the assessment.
    pub date: NaiveDate,
    /// The weighted score, rounded to [`SCORE_DECIMALS`](crate::SCORE_DECIMALS) places.
    pub score: RiskRating,
    /// The band of the score.
    pub band: Band,
    /// Every dimension of the model, in id order.
    pub dimensions: Vec<DimensionScore>,
    /// The factors with the largest positive lift, largest first, at most
    /// [`ScoringConfig::top_drivers()`].
    pub drivers: Vec<Driver>,
    /// The trigger rules that fired, in rule id order (and dimension id order within an
    /// [`TriggerScope::AnyDimension`] rule).
    pub alerts: Vec<RiskAlert>,
}

impl ProductScore {
    /// The line of dimension `id`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{Band, RiskModel, Scorer, ScoringConfig};
    /// # use folio_risk::Assessment;
    /// # use folio_types::RiskRating;
    /// # use rust_decimal::Decimal;
    /// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
    /// #     let mut pairs = Vec::new();
    /// #     for &(factor, rating) in ratings {
    /// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
    /// #     }
    /// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
    /// # }
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// // Technical (4, 5, 3) is 4, market (2, 3) 2.5, execution (4, 4) 4, financial (1, 2)
    /// // 1.5; the four dimensions weigh the same, so the score is 12 / 4 = 3.
    /// let atlas = assess("atlas", "2026-09-30", &[
    ///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
    ///     ("competitive_pressure", 2), ("churn_signals", 3),
    ///     ("critical_path_delivery", 4), ("dependency_risk", 4),
    ///     ("margin_compression", 1), ("cost_volatility", 2),
    /// ])?;
    /// let scored = scorer.score(&atlas)?;
    /// assert_eq!(scored.score.to_string(), "3");
    /// assert_eq!(scored.band, Band::Medium);
    /// let market = scored.dimension("market").ok_or("no market")?;
    /// assert_eq!(market.score.map(|s| s.to_string()), Some("2.5".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.dimension.as_str() == id)
    }
}

/// A trigger rule with its watched dimension resolved to an index.
#[derive(Debug, Clone)]
struct Rule {
    rule: TriggerRule,
    watch: Watch,
}

#[derive(Debug, Clone, Copy)]
enum Watch {
    Score,
    Dimension(usize),
    AnyDimension,
}

/// Scores assessments against a model and a configuration.
///
/// Building a scorer checks the configuration against the model once (rule ids unique,
/// watched dimensions known), so that scoring many assessments does not repeat it.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_risk::{Assessment, RiskModel, Scorer, ScoringConfig};
///
/// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
/// let assessment: Assessment = serde_json::from_str(r#"{
///     "product": "atlas", "date": "2026-09-30",
///     "ratings": { "reliability": 4, "security": 5, "platform_debt": 3,
///                  "competitive_pressure": 2, "churn_signals": 3,
///                  "critical_path_delivery": 4, "dependency_risk": 4,
///                  "margin_compression": 1, "cost_volatility": 2 }
/// }"#)?;
/// let scored = scorer.score(&assessment)?;
/// assert_eq!(scored.score.to_string(), "3");
/// let drivers: Vec<_> = scored.drivers.iter().map(|d| d.factor.as_str()).collect();
/// assert_eq!(drivers, ["critical_path_delivery", "dependency_risk", "security"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer {
    model: RiskModel,
    config: ScoringConfig,
    factors: BTreeSet<FactorId>,
    /// Every factor with its position in model order (dimension by dimension), sorted
    /// by id, so that an assessment's ratings (a map in id order) are matched to the
    /// model in one merge rather than one map lookup per factor.
    by_id: Vec<(FactorId, usize)>,
    rules: Vec<Rule>,
    /// The shares of a fully rated assessment; `None` if computing them overflowed, in
    /// which case every share is computed per assessment.
    plan: Option<Plan>,
}

/// The normalized shares of the model's own weights, which every fully rated
/// assessment shares, computed once.
#[derive(Debug, Clone)]
struct Plan {
    /// `W_d / Σ W`, in model order.
    dimension_shares: Vec<Decimal>,
    /// For each dimension, `w_f / Σ w` of its factors, in model order.
    factor_shares: Vec<Vec<Decimal>>,
    /// For each dimension, `(W_d / Σ W) · (w_f / Σ w)` of its factors: the factor's
    /// share of the product score, the multiplier of its lift.
    score_shares: Vec<Vec<Decimal>>,
    /// For each factor in model order, the terms of the common ratings (see
    /// [`Terms`]), computed once with the planned shares.
    terms: Vec<Terms>,
    /// The dimension shares as checked ratios, so that scoring does not check them
    /// again.
    dimension_ratios: Vec<Ratio>,
    /// The factor shares as checked ratios.
    factor_ratios: Vec<Vec<Ratio>>,
}

/// The number of ratings with at most one decimal place, as written (`1` to `5` and
/// `1.0` to `5.0`), that [`Terms`] holds.
const TABULATED: usize = 5 + 41;

/// Where rating `r` sits in a [`Terms`] table: `1` to `5` written without decimals
/// first, then `1.0` to `5.0` in tenths. Keyed by the mantissa and the scale as
/// written, not by value, because `4` and `4.0` give products with different scales
/// (`0.5 · 4 = 2.0` but `0.5 · 4.0 = 2.00`), and the table must give the same digits
/// as the multiplication.
pub(super) fn tabulated(r: RiskRating) -> Option<usize> {
    let value = r.value();
    let mantissa = usize::try_from(value.mantissa()).ok()?;
    match value.scale() {
        0 => mantissa.checked_sub(1).filter(|i| *i < 5),
        1 => mantissa
            .checked_sub(10)
            .filter(|i| *i <= 40)
            .and_then(|i| i.checked_add(5)),
        _ => None,
    }
}

/// The rating with table position `index` (the inverse of [`tabulated`]).
fn tabulated_rating(index: usize) -> Option<RiskRating> {
    let value = if index < 5 {
        Decimal::new(i64::try_from(index).ok()?.checked_add(1)?, 0)
    } else {
        Decimal::new(i64::try_from(index).ok()?.checked_add(5)?, 1)
    };
    RiskRating::new(value).ok()
}

/// One factor's terms for each tabulated rating `r`: `w · r` (its part of the
/// dimension's weighted sum), `share · r` (its contribution) and
/// `score share · (r − 1)` (its lift), the same checked operations that scoring would
/// do, done once per scorer instead of once per assessment. `None` where an operation
/// overflowed; scoring then does it itself and reports the error.
#[derive(Debug, Clone)]
struct Terms {
    weighted: Vec<Option<Decimal>>,
    contribution: Vec<Option<Decimal>>,
    lift: Vec<Option<Decimal>>,
    /// For each tabulated lift, its rank among the positive tabulated lifts of the
    /// whole model (1 for the smallest, equal lifts sharing a rank), or 0 if it is not
    /// positive; filled in by [`Plan::new`]. Comparing ranks orders the drivers as
    /// comparing the lifts would, without a `Decimal` comparison per candidate.
    lift_rank: Vec<Option<u32>>,
}

impl Terms {
    fn new(weight: Weight, share: Decimal, score_share: Decimal) -> Self {
        let mut terms = Self {
            weighted: Vec::with_capacity(TABULATED),
            contribution: Vec::with_capacity(TABULATED),
            lift: Vec::with_capacity(TABULATED),
            lift_rank: vec![None; TABULATED],
        };
        for index in 0..TABULATED {
            let r = tabulated_rating(index).map(RiskRating::value);
            terms
                .weighted
                .push(r.and_then(|r| weight.value().checked_mul(r)));
            terms
                .contribution
                .push(r.and_then(|r| share.checked_mul(r)));
            terms.lift.push(r.and_then(|r| {
                r.checked_sub(Decimal::ONE)
                    .and_then(|above| score_share.checked_mul(above))
            }));
        }
        terms
    }
}

impl Plan {
    fn new(model: &RiskModel) -> Result<Self> {
        const PLANNING: &str = "planning the shares of a model";
        let shares = |weights: Vec<Weight>| -> Result<Vec<Decimal>> {
            let total = weights
                .iter()
                .try_fold(Decimal::ZERO, |sum, w| add(sum, w.value(), PLANNING))?;
            weights
                .iter()
                .map(|w| div(w.value(), total, PLANNING))
                .collect()
        };
        let dimensions = model.dimensions();
        let dimension_shares = shares(dimensions.iter().map(|d| d.weight).collect())?;
        let factor_shares: Vec<Vec<Decimal>> = dimensions
            .iter()
            .map(|d| shares(d.factors.iter().map(|f| f.weight).collect()))
            .collect::<Result<_>>()?;
        let score_shares = dimension_shares
            .iter()
            .zip(&factor_shares)
            .map(|(share, factors)| {
                factors
                    .iter()
                    .map(|s| mul(*share, *s, PLANNING))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<Vec<Decimal>>>>()?;
        let mut terms = Vec::with_capacity(model.factor_count());
        for ((dimension, shares), score_shares) in
            dimensions.iter().zip(&factor_shares).zip(&score_shares)
        {
            for ((factor, share), score_share) in
                dimension.factors.iter().zip(shares).zip(score_shares)
            {
                terms.push(Terms::new(factor.weight, *share, *score_share));
            }
        }
        rank_lifts(&mut terms);
        let dimension_ratios = dimension_shares
            .iter()
            .map(|s| Ratio::new(*s))
            .collect::<std::result::Result<_, _>>()?;
        let factor_ratios = factor_shares
            .iter()
            .map(|shares| shares.iter().map(|s| Ratio::new(*s)).collect())
            .collect::<std::result::Result<_, _>>()?;
        Ok(Self {
            dimension_shares,
            factor_shares,
            score_shares,
            terms,
            dimension_ratios,
            factor_ratios,
        })
    }
}

/// Fills in [`Terms::lift_rank`]: the positive tabulated lifts of every factor, sorted
/// by value, get dense ranks from 1 (equal values, such as `0.5` and `0.50`, share
/// one); the others get 0.
fn rank_lifts(terms: &mut [Terms]) {
    let mut positive: Vec<(Decimal, usize, usize)> = Vec::new();
    for (flat, t) in terms.iter_mut().enumerate() {
        for (index, lift) in t.lift.iter().enumerate() {
            match lift {
                Some(lift) if *lift > Decimal::ZERO => positive.push((*lift, flat, index)),
                Some(_) => {
                    if let Some(rank) = t.lift_rank.get_mut(index) {
                        *rank = Some(0);
                    }
                }
                None => {}
            }
        }
    }
    positive.sort_by_key(|p| p.0);
    let mut rank = 0u32;
    let mut previous: Option<Decimal> = None;
    for (lift, flat, index) in positive {
        if previous != Some(lift) {
            rank = rank.saturating_add(1);
            previous = Some(lift);
        }
        if let Some(slot) = terms.get_mut(flat).and_then(|t| t.lift_rank.get_mut(index)) {
            *slot = Some(rank);
        }
    }
}

/// One dimension's sums from the first pass of scoring.
struct Sums {
    /// `Σ w` over the rated factors.
    weights: Decimal,
    /// The rounded dimension score, if anything of positive weight was rated.
    score: Option<RiskRating>,
    /// Whether every factor of the dimension was rated.
    complete: bool,
}

const SCORING: &str = "scoring an assessment";

impl Scorer {
    /// A scorer for `model` under `config`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateRule`] if two trigger rules share an id,
    /// [`Error::UnknownDimension`] if a rule watches a dimension the model lacks.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RequiredAction, RiskModel, Scorer, ScoringConfig, TriggerRule, TriggerScope};
    /// use folio_types::RiskRating;
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// assert_eq!(scorer.model().factor_count(), 9);
    /// // A rule that watches a dimension the model does not have is rejected.
    /// let rule = TriggerRule::new(
    ///     "legal".parse()?,
    ///     TriggerScope::Dimension { dimension: "legal".parse()? },
    ///     RiskRating::HIGHEST,
    ///     RequiredAction::new("cfo".parse()?, "Review", "Plan")?,
    /// )?;
    /// let config = ScoringConfig::default().with_triggers(vec![rule])?;
    /// assert!(Scorer::new(RiskModel::standard(), config).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(model: RiskModel, config: ScoringConfig) -> Result<Self> {
        let mut rules = Vec::with_capacity(config.triggers.len());
        for rule in &config.triggers {
            let watch = match &rule.scope {
                TriggerScope::Score => Watch::Score,
                TriggerScope::AnyDimension => Watch::AnyDimension,
                TriggerScope::Dimension { dimension } => model
                    .dimensions()
                    .iter()
                    .position(|d| d.id == *dimension)
                    .map(Watch::Dimension)
                    .ok_or_else(|| Error::UnknownDimension {
                        rule: rule.id.clone(),
                        dimension: dimension.clone(),
                    })?,
            };
            rules.push(Rule {
                rule: rule.clone(),
                watch,
            });
        }
        rules.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
        if let Some(rule) = rules.windows(2).find_map(|pair| match pair {
            [a, b] if a.rule.id == b.rule.id => Some(a.rule.id.clone()),
            _ => None,
        }) {
            return Err(Error::DuplicateRule { rule });
        }
        let factors = model
            .dimensions()
            .iter()
            .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
            .collect();
        let mut by_id: Vec<(FactorId, usize)> = model
            .dimensions()
            .iter()
            .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
            .enumerate()
            .map(|(flat, id)| (id, flat))
            .collect();
        by_id.sort();
        Ok(Self {
            plan: Plan::new(&model).ok(),
            model,
            config,
            factors,
            by_id,
            rules,
        })
    }

    /// The model.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, Scorer, ScoringConfig};
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// assert_eq!(scorer.model(), &RiskModel::standard());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn model(&self) -> &RiskModel {
        &self.model
    }

    /// The configuration.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, Scorer, ScoringConfig};
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// assert_eq!(scorer.config().top_drivers(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn config(&self) -> &ScoringConfig {
        &self.config
    }

    /// Scores one assessment; see the [module docs](self) for the formula.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownFactor`] for a rating of a factor the model lacks (the first in
    /// id order); [`Error::MissingRating`] for an unrated factor under
    /// [`MissingRatingPolicy::Error`]; [`Error::NothingRated`] if nothing with a
    /// positive weight is rated; [`Error::Core`] if a sum overflows (only possible with
    /// weights near the limits of [`Decimal`]).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{Band, RiskModel, Scorer, ScoringConfig};
    /// # use folio_risk::Assessment;
    /// # use folio_types::RiskRating;
    /// # use rust_decimal::Decimal;
    /// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
    /// #     let mut pairs = Vec::new();
    /// #     for &(factor, rating) in ratings {
    /// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
    /// #     }
    /// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
    /// # }
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// // Technical (4, 5, 3) is 4, market (2, 3) 2.5, execution (4, 4) 4, financial (1, 2)
    /// // 1.5; the four dimensions weigh the same, so the score is 12 / 4 = 3.
    /// let atlas = assess("atlas", "2026-09-30", &[
    ///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
    ///     ("competitive_pressure", 2), ("churn_signals", 3),
    ///     ("critical_path_delivery", 4), ("dependency_risk", 4),
    ///     ("margin_compression", 1), ("cost_volatility", 2),
    /// ])?;
    /// let scored = scorer.score(&atlas)?;
    /// assert_eq!(scored.score.to_string(), "3");
    /// assert_eq!(scored.band, Band::Medium);
    /// // An incomplete assessment is an error under the default policy.
    /// assert!(scorer.score(&assess("lens", "2026-09-30", &[("security", 2)])?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn score(&self, assessment: &Assessment) -> Result<ProductScore> {
        // Unknown factors are looked for only when some rating was not matched (or
        // before reporting a missing one, so that an unknown factor always wins), which
        // keeps the common case, every rating known, free of a second round of lookups.
        let (ratings, matched) = self.match_ratings(assessment);
        let terms = self.plan.as_ref().map(|p| p.terms.as_slice());
        let term = |flat: usize, rating: RiskRating| {
            let index = tabulated(rating)?;
            terms?.get(flat).map(move |t| (t, index))
        };
        // First pass: each dimension's exact sums and rounded score, and the product's
        // sums over the dimensions that count.
        let mut sums = Vec::with_capacity(self.model.dimensions().len());
        let mut numerator = Decimal::ZERO;
        let mut denominator = Decimal::ZERO;
        let mut flat = 0usize;
        for dimension in self.model.dimensions() {
            let mut weighted = Decimal::ZERO;
            let mut weights = Decimal::ZERO;
            let mut rated = 0usize;
            for factor in &dimension.factors {
                match ratings.get(flat).copied().flatten() {
                    Some(rating) => {
                        let w = factor.weight.value();
                        let planned = term(flat, rating)
                            .and_then(|(t, i)| t.weighted.get(i).copied().flatten());
                        let product = match planned {
                            Some(product) => product,
                            None => mul(w, rating.value(), SCORING)?,
                        };
                        weighted = add(weighted, product, SCORING)?;
                        weights = add(weights, w, SCORING)?;
                        rated = rated.saturating_add(1);
                    }
                    None if self.config.missing == MissingRatingPolicy::Error => {
                        self.reject_unknown(assessment)?;
                        return Err(Error::MissingRating {
                            product: assessment.product.clone(),
                            date: assessment.date,
                            dimension: dimension.id.clone(),
                            factor: factor.id.clone(),
                        });
                    }
                    None => {}
                }
                flat = flat.saturating_add(1);
            }
            let score = if weights.is_zero() {
                None
            } else {
                Some(rating(round_score(div(weighted, weights, SCORING)?))?)
            };
            if let Some(score) = score {
                let w = dimension.weight.value();
                numerator = add(numerator, mul(w, score.value(), SCORING)?, SCORING)?;
                denominator = add(denominator, w, SCORING)?;
            }
            sums.push(Sums {
                weights,
                score,
                complete: rated == dimension.factors.len(),
            });
        }
        if matched < assessment.ratings.len() {
            self.reject_unknown(assessment)?;
        }
        if denominator.is_zero() {
            return Err(Error::NothingRated {
                product: assessment.product.clone(),
                date: assessment.date,
            });
        }
        let score = rating(round_score(div(numerator, denominator, SCORING)?))?;

        // Second pass: the explanation. When every factor of a dimension is rated (and
        // every dimension scored), the shares are the model's own, computed once by
        // `Scorer::new`; they equal what the division here would give, and so do the
        // tabulated contributions and lifts of the common ratings.
        let all_scored = sums.iter().all(|s| s.score.is_some());
        let mut ratings = ratings.into_iter();
        let mut flat = 0usize;
        let mut dimensions = Vec::with_capacity(sums.len());
        // The rank of every factor's lift (see `Terms::lift_rank`), while every lift
        // comes from the tables; `None` from the first that does not.
        let mut ranks: Option<Vec<u32>> = Some(Vec::with_capacity(self.by_id.len()));
        for (index, (dimension, sums)) in self.model.dimensions().iter().zip(sums).enumerate() {
            let planned = self.plan.as_ref();
            let (share, share_ratio) = match (
                sums.score,
                planned.and_then(|p| {
                    Some((
                        *p.dimension_shares.get(index)?,
                        *p.dimension_ratios.get(index)?,
                    ))
                }),
            ) {
                (Some(_), Some((planned, ratio))) if all_scored => (planned, Some(ratio)),
                (Some(_), _) => (div(dimension.weight.value(), denominator, SCORING)?, None),
                (None, _) => (Decimal::ZERO, Some(Ratio::ZERO)),
            };
            let factor_shares = planned
                .and_then(|p| p.factor_shares.get(index))
                .filter(|_| sums.complete);
            let factor_ratios = planned
                .and_then(|p| p.factor_ratios.get(index))
                .filter(|_| sums.complete);
            let score_shares = planned
                .and_then(|p| p.score_shares.get(index))
                .filter(|_| sums.complete && all_scored);
            let mut factors = Vec::with_capacity(dimension.factors.len());
            for (f, factor) in dimension.factors.iter().enumerate() {
                let rating = ratings.next().flatten();
                let (factor_share, contribution, lift) = match rating {
                    Some(r) if !sums.weights.is_zero() => {
                        let planned = factor_shares
                            .and_then(|shares| shares.get(f))
                            .zip(factor_ratios.and_then(|ratios| ratios.get(f)));
                        let (s, ratio) = match planned {
                            Some((planned, ratio)) => (*planned, Some(*ratio)),
                            None => (div(factor.weight.value(), sums.weights, SCORING)?, None),
                        };
                        let table = term(flat, r);
                        let contribution = match table
                            .filter(|_| factor_shares.is_some())
                            .and_then(|(t, i)| t.contribution.get(i).copied().flatten())
                        {
                            Some(planned) => planned,
                            None => mul(s, r.value(), SCORING)?,
                        };
                        let planned_lift =
                            table.filter(|_| score_shares.is_some()).and_then(|(t, i)| {
                                Some((t.lift.get(i).copied()??, t.lift_rank.get(i).copied()??))
                            });
                        match (&mut ranks, planned_lift) {
                            (Some(ranks), Some((_, rank))) => ranks.push(rank),
                            _ => ranks = None,
                        }
                        let lift = match planned_lift {
                            Some((planned, _)) => planned,
                            None => {
                                let above_floor = sub(r.value(), Decimal::ONE, SCORING)?;
                                let score_share =
                                    match score_shares.and_then(|shares| shares.get(f)) {
                                        Some(planned) => *planned,
                                        None => mul(share, s, SCORING)?,
                                    };
                                mul(score_share, above_floor, SCORING)?
                            }
                        };
                        ((s, ratio), contribution, lift)
                    }
                    _ => {
                        // Unrated or weightless: a lift of 0, never a driver.
                        if let Some(ranks) = &mut ranks {
                            ranks.push(0);
                        }
                        (
                            (Decimal::ZERO, Some(Ratio::ZERO)),
                            Decimal::ZERO,
                            Decimal::ZERO,
                        )
                    }
                };
                // A planned share was checked once by `Scorer::new`.
                let (factor_share, checked) = factor_share;
                factors.push(FactorScore {
                    factor: factor.id.clone(),
                    weight: factor.weight,
                    rating,
                    share: match checked {
                        Some(ratio) => ratio,
                        None => Ratio::new(factor_share)?,
                    },
                    contribution,
                    lift,
                });
                flat = flat.saturating_add(1);
            }
            let contribution = match sums.score {
                Some(s) => mul(share, s.value(), SCORING)?,
                None => Decimal::ZERO,
            };
            dimensions.push(DimensionScore {
                dimension: dimension.id.clone(),
                weight: dimension.weight,
                share: match share_ratio {
                    Some(ratio) => ratio,
                    None => Ratio::new(share)?,
                },
                score: sums.score,
                band: sums.score.map(|s| self.config.bands.band(s)),
                contribution,
                factors,
            });
        }

        let drivers = match ranks {
            Some(ranks) => ranked_drivers(&dimensions, &ranks, self.config.top_drivers),
            None => top_drivers(&dimensions, self.config.top_drivers),
        };
        let alerts = self.alerts(assessment, score, &dimensions);
        Ok(ProductScore {
            product: assessment.product.clone(),
            date: assessment.date,
            score,
            band: self.config.bands.band(score),
            dimensions,
            drivers,
            alerts,
        })
    }

    /// Each factor's rating in model order, and how many of the assessment's ratings
    /// matched a factor of the model. Both sides are in id order (the ratings are a
    /// map, `by_id` is sorted), so one merge matches them.
    fn match_ratings(&self, assessment: &Assessment) -> (Vec<Option<RiskRating>>, usize) {
        let mut ratings = vec![None; self.by_id.len()];
        let mut matched = 0usize;
        let mut given = assessment.ratings.iter().peekable();
        for (id, flat) in &self.by_id {
            // Ratings of factors the model lacks sort between the model's; skip them.
            // One comparison per step: each compares two strings.
            while let Some((factor, rating)) = given.peek() {
                match same_id(factor, id) {
                    std::cmp::Ordering::Less => {
                        given.next();
                    }
                    std::cmp::Ordering::Equal => {
                        if let Some(slot) = ratings.get_mut(*flat) {
                            *slot = Some(**rating);
                            matched = matched.saturating_add(1);
                        }
                        given.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        (ratings, matched)
    }

    /// The first rating (in factor id order) of a factor the model lacks, as an error.
    fn reject_unknown(&self, assessment: &Assessment) -> Result<()> {
        match assessment
            .ratings
            .keys()
            .find(|f| !self.factors.contains(*f))
        {
            Some(factor) => Err(Error::UnknownFactor {
                product: assessment.product.clone(),
                date: assessment.date,
                factor: factor.clone(),
            }),
            None => Ok(()),
        }
    }

    fn alerts(
        &self,
        assessment: &Assessment,
        score: RiskRating,
        dimensions: &[DimensionScore],
    ) -> Vec<RiskAlert> {
        let mut alerts = Vec::new();
        let mut fire = |rule: &TriggerRule, subject: AlertSubject, value: RiskRating| {
            if value >= rule.threshold {
                alerts.push(RiskAlert {
                    rule: rule.id.clone(),
                    product: assessment.product.clone(),
                    date: assessment.date,
                    subject,
                    value,
                    threshold: rule.threshold,
                    action: rule.action.clone(),
                });
            }
        };
        let dimension_subject = |d: &DimensionScore| AlertSubject::Dimension {
            dimension: d.dimension.clone(),
        };
        for Rule { rule, watch } in &self.rules {
            match *watch {
                Watch::Score => fire(rule, AlertSubject::Score, score),
                Watch::Dimension(index) => {
                    let watched = dimensions.get(index);
                    if let Some((d, value)) = watched.and_then(|d| d.score.map(|s| (d, s))) {
                        fire(rule, dimension_subject(d), value);
                    }
                }
                Watch::AnyDimension => {
                    for d in dimensions {
                        if let Some(value) = d.score {
                            fire(rule, dimension_subject(d), value);
                        }
                    }
                }
            }
        }
        alerts
    }
}

/// The order of two factor ids; ids that share their text (an assessment built from the
/// model's own ids, or from one parse) compare equal without reading it.
fn same_id(a: &FactorId, b: &FactorId) -> std::cmp::Ordering {
    let (a, b) = (a.as_str(), b.as_str());
    if std::ptr::eq(a, b) {
        std::cmp::Ordering::Equal
    } else {
        a.cmp(b)
    }
}

/// A rounded score as a [`RiskRating`]. A weighted mean of ratings in 1..=5 stays in
/// 1..=5, so this only fails if that reasoning is wrong; it then reports the value
/// instead of panicking.
fn rating(value: Decimal) -> Result<RiskRating> {
    Ok(RiskRating::new(value)?)
}

/// [`top_drivers`], with each factor's lift given by its rank (`ranks` in model order,
/// 0 for a lift that is not positive; see [`Terms::lift_rank`]).
///
/// The model keeps dimensions and factors in id order, so factors are visited in the
/// order of the tie-break: a candidate goes after every chosen one of the same or a
/// higher rank, which is where the full comparison of [`top_drivers`] puts it.
fn ranked_drivers(dimensions: &[DimensionScore], ranks: &[u32], n: usize) -> Vec<Driver> {
    let mut chosen: Vec<(&DimensionScore, &FactorScore, RiskRating, u32)> = Vec::with_capacity(n);
    if n > 0 {
        let factors = dimensions
            .iter()
            .flat_map(|d| d.factors.iter().map(move |f| (d, f)));
        for ((d, f), &rank) in factors.zip(ranks) {
            let Some(rating) = f.rating else { continue };
            if rank == 0 {
                continue;
            }
            let at = chosen.partition_point(|c| c.3 >= rank);
            if at < n {
                if chosen.len() == n {
                    chosen.pop();
                }
                chosen.insert(at, (d, f, rating, rank));
            }
        }
    }
    chosen
        .into_iter()
        .map(|(d, f, rating, _)| Driver {
            dimension: d.dimension.clone(),
            factor: f.factor.clone(),
            rating,
            lift: f.lift,
        })
        .collect()
}

/// The `n` factors with the largest positive lift, ties broken by dimension id, then
/// factor id.
///
/// The candidates are kept in a short list of at most `n`, in the final order, so that
/// only the chosen drivers are built (the ids cloned) and nothing is sorted per
/// assessment; the order is the same total order a full sort would give.
fn top_drivers(dimensions: &[DimensionScore], n: usize) -> Vec<Driver> {
    let before = |a: (&DimensionScore, &FactorScore), b: (&DimensionScore, &FactorScore)| {
        b.1.lift
            .cmp(&a.1.lift)
            .then_with(|| a.0.dimension.cmp(&b.0.dimension))
            .then_with(|| a.1.factor.cmp(&b.1.factor))
            == std::cmp::Ordering::Less
    };
    let mut chosen: Vec<(&DimensionScore, &FactorScore, RiskRating)> = Vec::with_capacity(n);
    if n > 0 {
        for d in dimensions {
            for f in &d.factors {
                let Some(rating) = f.rating else { continue };
                if f.lift <= Decimal::ZERO {
                    continue;
                }
                let at = chosen.partition_point(|(cd, cf, _)| before((cd, cf), (d, f)));
                if at < n {
                    if chosen.len() == n {
                        chosen.pop();
                    }
                    chosen.insert(at, (d, f, rating));
                }
            }
        }
    }
    chosen
        .into_iter()
        .map(|(d, f, rating)| Driver {
            dimension: d.dimension.clone(),
            factor: f.factor.clone(),
            rating,
            lift: f.lift,
        })
        .collect()
}
