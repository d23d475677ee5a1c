//! Scoring one assessment: the weighted score, its explanation, the top drivers, the
//! band and the alerts.
//!
//! # Formula
//!
//! For a dimension `d` with factors `f` of weight `w_f` and rating `r_f`:
//!
//! ```text
//! score_d = round( Σ w_f · r_f / Σ w_f )          over the rated factors of d
//! score   = round( Σ W_d · score_d / Σ W_d )      over the scored dimensions
//! ```
//!
//! where `W_d` is the dimension's weight and `round` rounds to
//! [`SCORE_DECIMALS`](crate::SCORE_DECIMALS) places, half away from zero. Each score is
//! one division of two exact sums, so a weighted mean whose true value has at most 28
//! significant digits comes out exact, and rounding keeps it within the lowest and
//! highest rating that counts (for ratings with at most four decimals; a rating such as
//! 1.00001 may round to 1). The product score is the weighted mean of the dimension
//! scores *as shown*, so the explanation adds up as printed.
//!
//! The explanation gives, for each dimension and factor, its weight, its normalized
//! share (`W_d / Σ W_d`, `w_f / Σ w_f`) and its contribution (`share · score`, the part
//! of the score above it that it accounts for). Shares and contributions are not
//! rounded. Each factor also has a *lift*: `share_d · share_f · (r_f − 1)`, how far it
//! raises the product score above the lowest possible score of 1. The lifts add up to
//! `score − 1` (up to the rounding of the scores), and the top drivers are the factors
//! with the largest positive lift, ties broken by dimension id, then factor id.
//!
//! # Worked example
//!
//! The standard model with all weights 1, and one product rated: reliability 4,
//! security 5, platform debt 3 (technical = 12 / 3 = 4); competitive pressure 2, churn
//! signals 3 (market = 2.5); critical-path delivery 4, dependency risk 4 (execution = 4);
//! margin compression 1, cost volatility 2 (financial = 1.5). The score is
//! `(4 + 2.5 + 4 + 1.5) / 4 = 3`, band medium. Critical-path delivery and dependency
//! risk each lift the score by `1/4 · 1/2 · (4 − 1) = 0.375`, more than security's
//! `1/4 · 1/3 · (5 − 1) = 0.3333…`: execution has two factors and technical three, so
//! each execution factor carries more weight. The drivers are critical-path delivery,
//! dependency risk (the tie broken by factor id) and security.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use folio_types::{ProductId, Ratio, RiskRating, Weight};
use rust_decimal::Decimal;

use crate::assessment::Assessment;
use crate::config::{
    Band, MissingRatingPolicy, RequiredAction, ScoringConfig, TriggerRule, TriggerScope,
};
use crate::error::{Error, Result};
use crate::id::{DimensionId, FactorId, TriggerRuleId};
use crate::math::{add, div, div_round_score, mul, mul_share, sub};
use crate::model::{DimensionSpec, FactorSpec, RiskModel};

mod exact;
mod tabulated;
mod view;
use view::{DimensionLine, FactorLine};
pub use view::{DimensionScore, Driver, FactorScore};

#[cfg(feature = "schemars")]
mod schema;

/// What a fired trigger watched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "on", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AlertSubject {
    /// The product's overall score.
    Score,
    /// One dimension's score.
    Dimension {
        /// The dimension.
        dimension: DimensionId,
    },
}

impl std::fmt::Display for AlertSubject {
    /// `score` for the overall score, `<dimension> score` for a dimension's.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Score => f.write_str("score"),
            Self::Dimension { dimension } => write!(f, "{dimension} score"),
        }
    }
}

/// A trigger rule that fired, with the action it requires.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RiskAlert {
    /// The rule that fired.
    pub rule: TriggerRuleId,
    /// The product.
    pub product: ProductId,
    /// The date of the assessment.
    pub date: NaiveDate,
    /// What crossed the threshold.
    pub subject: AlertSubject,
    /// The (rounded) score that crossed it.
    pub value: RiskRating,
    /// The rule's threshold.
    pub threshold: RiskRating,
    /// The required action: a discussion and a plan, with an owner.
    pub action: RequiredAction,
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
/// let top = scored.drivers().next().ok_or("no driver")?;
/// assert_eq!(top.factor().as_str(), "critical_path_delivery");
/// assert_eq!(top.lift(), Decimal::new(375, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The explanation is compact. The score, its band, the drivers and the alerts are
/// computed when scoring; the lines of the explanation refer to their dimension or
/// factor by position in the model, which every score of one [`Scorer`] shares. For
/// the common case, an assessment that rates every factor of the model with a whole
/// number or tenths (`4`, `3.5`, `4.0`) under a model of ordinary weights, the score
/// stores only each factor's rating (as a position in the scorer's tables) and each
/// dimension's rounded score, and the shares, contributions, lifts and dimension bands
/// are read from the tables the scorer built once, when asked. Any other assessment
/// stores each line's numbers (rating, share, contribution, lift; a dimension's share,
/// score, band and contribution) once. Either way [`dimensions`](Self::dimensions) and
/// [`drivers`](Self::drivers) give the same numbers with the same digits, with the
/// model's ids and weights; the JSON (with the `serde` feature) writes the ids out in
/// every line, and two scores are equal (`==`) when everything they show is.
#[derive(Clone)]
#[non_exhaustive]
pub struct ProductScore {
    /// The product.
    pub product: ProductId,
    /// The date of the assessment.
    pub date: NaiveDate,
    /// The weighted score, rounded to [`SCORE_DECIMALS`](crate::SCORE_DECIMALS) places.
    pub score: RiskRating,
    /// The band of the score.
    pub band: Band,
    /// The trigger rules that fired, in rule id order (and dimension id order within an
    /// [`TriggerScope::AnyDimension`] rule).
    pub alerts: Vec<RiskAlert>,
    /// The explanation: written out, or read from the scorer's tables.
    explanation: Explanation,
}

/// The explanation of a [`ProductScore`].
#[derive(Clone)]
enum Explanation {
    /// Every line written out.
    Lines {
        /// The model the score was computed with, shared by every score of a scorer:
        /// the ids and weights of the lines.
        model: Arc<RiskModel>,
        /// One line per dimension, in model order.
        dimensions: Vec<DimensionLine>,
        /// One line per factor, in model order (dimension by dimension).
        factors: Vec<FactorLine>,
        /// The drivers, largest lift first, as positions in `factors`.
        drivers: Vec<u32>,
    },
    /// A fully rated, tabulated assessment: the lines are read from the scorer's
    /// tables when asked (see [`tabulated`]).
    Tabulated(tabulated::Compact),
}

impl PartialEq for ProductScore {
    /// Two scores are equal when everything they show is: product, date, score, band,
    /// alerts, model, every number of the explanation (compared as numbers, so `4`
    /// equals `4.0`, as `Decimal` compares) and the drivers; how the explanation is
    /// stored does not count.
    fn eq(&self, other: &Self) -> bool {
        if (
            &self.product,
            self.date,
            self.score,
            self.band,
            &self.alerts,
        ) != (
            &other.product,
            other.date,
            other.score,
            other.band,
            &other.alerts,
        ) || self.model() != other.model()
        {
            return false;
        }
        if let (Explanation::Tabulated(a), Explanation::Tabulated(b)) =
            (&self.explanation, &other.explanation)
        {
            if a.same_data(b) {
                return true;
            }
        }
        self.dimensions().zip(other.dimensions()).all(|(a, b)| {
            a.line() == b.line()
                && a.factors()
                    .zip(b.factors())
                    .all(|(f, g)| f.line() == g.line())
        }) && self.driver_positions().eq(other.driver_positions())
    }
}

impl Eq for ProductScore {}

impl ProductScore {
    /// The model the score was computed with: the dimensions and factors its
    /// explanation is about.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, Scorer, ScoringConfig};
    /// # use folio_risk::Assessment;
    /// # use folio_types::RiskRating;
    /// # use rust_decimal::Decimal;
    ///
    /// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
    /// let rating = RiskRating::new(Decimal::from(3))?;
    /// let ratings = scorer.model().dimensions().iter()
    ///     .flat_map(|d| d.factors.iter().map(|f| (f.id.clone(), rating)));
    /// let scored = scorer.score(&Assessment::new("atlas".parse()?, "2026-09-30".parse()?, ratings)?)?;
    /// assert_eq!(scored.model(), scorer.model());
    /// assert_eq!(scored.score.to_string(), "3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn model(&self) -> &RiskModel {
        match &self.explanation {
            Explanation::Lines { model, .. } => model,
            Explanation::Tabulated(compact) => &compact.tables.model,
        }
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
/// let drivers: Vec<_> = scored.drivers().map(|d| d.factor().as_str()).collect();
/// assert_eq!(drivers, ["critical_path_delivery", "dependency_risk", "security"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer {
    /// Shared with every score, whose explanation refers to it by position.
    model: Arc<RiskModel>,
    config: ScoringConfig,
    factors: BTreeSet<FactorId>,
    /// Every factor with its position in model order (dimension by dimension), sorted
    /// by id, so that an assessment's ratings (sorted by id) are matched to the
    /// model in one merge rather than one map lookup per factor.
    by_id: Vec<(FactorId, usize)>,
    rules: Vec<Rule>,
    /// The shares of a fully rated assessment; `None` if computing them overflowed, in
    /// which case every share is computed per assessment.
    plan: Option<Plan>,
    /// The band cuts as integers, to band the scores of the integer first pass.
    cuts: Option<exact::Cuts>,
    /// What the explanation of a fully rated, tabulated assessment is read from;
    /// `None` where the model or the configuration rules that path out.
    tables: Option<Arc<tabulated::Tables>>,
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
    /// The weights as integers, for the first pass; `None` if a sum of them overflows.
    sums: Option<exact::Sums>,
}

/// The number of ratings with at most one decimal place, as written (`1` to `5` and
/// `1.0` to `5.0`), that [`Terms`] holds.
const TABULATED: usize = 5 + 41;

/// Where rating `r` sits in a [`Terms`] table: `1` to `5` written without decimals
/// first, then `1.0` to `5.0` in tenths. Keyed by the mantissa and the scale as
/// written, not by value, because `4` and `4.0` give products with different scales
/// (`0.5 · 4 = 2.0` but `0.5 · 4.0 = 2.00`), and the table must give the same digits
/// as the multiplication.
///
/// Read from the decimal's parts (flags, then the low, middle and high words of the
/// mantissa) rather than through its `i128` mantissa: this runs once per rating of
/// every scored assessment.
fn tabulated(r: RiskRating) -> Option<usize> {
    /// The flags of a positive decimal with no decimal place, and with one.
    const SCALE_0: u32 = 0;
    const SCALE_1: u32 = 1 << 16;
    let [
        f0,
        f1,
        f2,
        f3,
        l0,
        l1,
        l2,
        l3,
        m0,
        m1,
        m2,
        m3,
        h0,
        h1,
        h2,
        h3,
    ] = r.value().serialize();
    let flags = u32::from_le_bytes([f0, f1, f2, f3]);
    let low = u32::from_le_bytes([l0, l1, l2, l3]);
    if u32::from_le_bytes([m0, m1, m2, m3]) | u32::from_le_bytes([h0, h1, h2, h3]) != 0 {
        return None;
    }
    let index = match flags {
        SCALE_0 => low.checked_sub(1).filter(|i| *i < 5)?,
        SCALE_1 => low
            .checked_sub(10)
            .filter(|i| *i <= 40)
            .and_then(|i| i.checked_add(5))?,
        _ => return None,
    };
    usize::try_from(index).ok()
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
            sums: exact::Sums::new(model),
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
        let model = Arc::new(model);
        let plan = Plan::new(&model).ok();
        let cuts = exact::Cuts::new(config.bands());
        let tables = plan
            .as_ref()
            .and_then(|plan| tabulated::Tables::new(&model, plan, cuts, config.top_drivers))
            .map(Arc::new);
        Ok(Self {
            plan,
            cuts,
            tables,
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
        if let Some(scored) = self
            .tables
            .as_ref()
            .and_then(|tables| self.score_tabulated(tables, assessment))
        {
            return Ok(scored);
        }
        let model = self.model.dimensions();
        // The factor lines are filled in place: first each rating (unknown factors are
        // looked for only when some rating was not matched, or before reporting a missing
        // one, so that an unknown factor always wins), then the numbers.
        let mut factors = vec![FactorLine::UNRATED; self.by_id.len()];
        let matched = self.match_ratings(assessment, &mut factors);
        let terms = self.plan.as_ref().map(|p| p.terms.as_slice());
        let term = |flat: usize, rating: RiskRating| {
            let index = tabulated(rating)?;
            terms?.get(flat).map(move |t| (t, index))
        };
        // First pass: each dimension's exact sums and rounded score, and the product's
        // sums over the dimensions that count. Until the second pass, a dimension line's
        // `contribution` holds its `Σ w` over the rated factors. The sums are integers
        // where `exact` shows that this gives the same digits (the common case), and
        // `Decimal` otherwise.
        let sums = self.plan.as_ref().and_then(|p| p.sums.as_ref());
        let band = |score: RiskRating, q: Option<u64>| match self
            .cuts
            .zip(q.or_else(|| exact::quantum(score.value())))
        {
            Some((cuts, q)) => cuts.band(q),
            None => self.config.bands.band(score),
        };
        let mut dimensions: Vec<DimensionLine> = Vec::with_capacity(model.len());
        let mut total = match sums {
            Some(_) => Total::Exact(0, 0),
            None => Total::Decimal(Decimal::ZERO, Decimal::ZERO),
        };
        let mut rest: &[FactorLine] = &factors;
        let mut flat = 0usize;
        for (index, dimension) in model.iter().enumerate() {
            let (lines, tail) = rest.split_at(dimension.factors.len().min(rest.len()));
            rest = tail;
            let first = flat;
            flat = flat.saturating_add(lines.len());
            // `Some(None)`: nothing of positive weight rated; `Some(Some(q))`: the score in
            // units of 10^-4 and as the division writes it.
            let exact = sums
                .and_then(|s| s.dimension(index, lines))
                .and_then(|(n, d)| match d {
                    0 => Some(None),
                    _ => {
                        let q = exact::dimension_score(n, d)?;
                        Some(Some((q, exact::score_decimal(q)?)))
                    }
                });
            let (score, q, weights) = match (exact, sums) {
                (Some(exact), Some(sums)) => {
                    // Integer sums cannot overflow, so a missing rating is the only
                    // error, as in the `Decimal` loop.
                    let complete = lines.iter().all(|l| l.rating.is_some());
                    if !complete && self.config.missing == MissingRatingPolicy::Error {
                        let missing = dimension
                            .factors
                            .iter()
                            .zip(lines)
                            .find(|(_, l)| l.rating.is_none());
                        if let Some((factor, _)) = missing {
                            return Err(self.missing(assessment, dimension, factor));
                        }
                    }
                    let weights = match (exact, sums.total(index)) {
                        (None, _) => Decimal::ZERO,
                        (Some(_), Some(total)) if complete => total,
                        (Some(_), _) => self.rated_weights(dimension, lines)?,
                    };
                    match exact {
                        Some((q, value)) => (Some(rating(value)?), Some(q), weights),
                        None => (None, None, weights),
                    }
                }
                _ => {
                    let (weighted, weights) =
                        self.decimal_sums(assessment, dimension, lines, first, terms)?;
                    let score = if weights.is_zero() {
                        None
                    } else {
                        Some(rating(div_round_score(weighted, weights, SCORING)?)?)
                    };
                    (score, None, weights)
                }
            };
            if let Some(score) = score {
                total = total.add(self, index, score, q, &dimensions)?;
            }
            dimensions.push(DimensionLine {
                share: Ratio::ZERO,
                score,
                band: score.map(|s| band(s, q)),
                contribution: weights,
            });
        }
        if matched < assessment.ratings.len() {
            self.reject_unknown(assessment)?;
        }
        let (score, q, denominator) = total.finish(self, assessment, &dimensions)?;

        // Second pass: the explanation. When every factor of a dimension is rated (and
        // every dimension scored), the shares are the model's own, computed once by
        // `Scorer::new`; they equal what the division here would give, and so do the
        // tabulated contributions and lifts of the common ratings.
        let all_scored = dimensions.iter().all(|d| d.score.is_some());
        let planned = self.plan.as_ref();
        let mut drivers = Drivers::new(self.config.top_drivers);
        let mut rest: &mut [FactorLine] = &mut factors;
        let mut flat = 0usize;
        for (index, (dimension, line)) in model.iter().zip(&mut dimensions).enumerate() {
            let taken = std::mem::take(&mut rest);
            let (lines, tail) = taken.split_at_mut(dimension.factors.len().min(taken.len()));
            rest = tail;
            let weights = line.contribution;
            let complete = lines.iter().all(|l| l.rating.is_some());
            let (share, share_ratio) = match (
                line.score,
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
                .filter(|_| complete);
            let factor_ratios = planned
                .and_then(|p| p.factor_ratios.get(index))
                .filter(|_| complete);
            let score_shares = planned
                .and_then(|p| p.score_shares.get(index))
                .filter(|_| complete && all_scored);
            for (f, (factor, fl)) in dimension.factors.iter().zip(lines).enumerate() {
                // Unrated or weightless: the line stays at zero, a lift of 0, never a
                // driver.
                let Some(r) = fl.rating.filter(|_| !weights.is_zero()) else {
                    flat = flat.saturating_add(1);
                    continue;
                };
                let planned_share = factor_shares
                    .and_then(|shares| shares.get(f))
                    .zip(factor_ratios.and_then(|ratios| ratios.get(f)));
                let (s, ratio) = match planned_share {
                    // A planned share was checked once by `Scorer::new`.
                    Some((planned, ratio)) => (*planned, *ratio),
                    None => {
                        let s = div(factor.weight.value(), weights, SCORING)?;
                        (s, Ratio::new(s)?)
                    }
                };
                let table = term(flat, r);
                let contribution = match table
                    .filter(|_| factor_shares.is_some())
                    .and_then(|(t, i)| t.contribution.get(i).copied().flatten())
                {
                    Some(planned) => planned,
                    None => mul(s, r.value(), SCORING)?,
                };
                let planned_lift = table.filter(|_| score_shares.is_some()).and_then(|(t, i)| {
                    Some((t.lift.get(i).copied()??, t.lift_rank.get(i).copied()??))
                });
                let lift = match planned_lift {
                    Some((planned, rank)) => {
                        drivers.offer(flat, rank);
                        planned
                    }
                    None => {
                        drivers.unranked();
                        let above_floor = sub(r.value(), Decimal::ONE, SCORING)?;
                        let score_share = match score_shares.and_then(|shares| shares.get(f)) {
                            Some(planned) => *planned,
                            None => mul(share, s, SCORING)?,
                        };
                        mul(score_share, above_floor, SCORING)?
                    }
                };
                fl.share = ratio;
                fl.contribution = contribution;
                fl.lift = lift;
                flat = flat.saturating_add(1);
            }
            line.contribution = match line.score {
                Some(s) => mul_share(share, s.value(), SCORING)?,
                None => Decimal::ZERO,
            };
            line.share = match share_ratio {
                Some(ratio) => ratio,
                None => Ratio::new(share)?,
            };
        }

        let drivers = match drivers.chosen() {
            Some(chosen) => chosen,
            None => top_drivers(&self.model, &factors, self.config.top_drivers),
        };
        let alerts = self.alerts(assessment, score, |index| {
            dimensions.get(index).and_then(|line| line.score)
        });
        Ok(ProductScore {
            product: assessment.product.clone(),
            date: assessment.date,
            score,
            band: band(score, q),
            alerts,
            explanation: Explanation::Lines {
                model: Arc::clone(&self.model),
                dimensions,
                factors,
                drivers,
            },
        })
    }

    /// Scores a fully rated assessment whose ratings are all tabulated, with the
    /// explanation left to the tables (see [`tabulated`]); `None` for any other
    /// assessment, which the general computation scores (and reports the error of, if
    /// any: this path is only taken where there is none).
    fn score_tabulated(
        &self,
        tables: &Arc<tabulated::Tables>,
        assessment: &Assessment,
    ) -> Option<ProductScore> {
        let scored = tabulated::score(tables, &assessment.ratings, self.config.top_drivers)?;
        let compact = scored.compact;
        let alerts = self.alerts(assessment, scored.score, |index| {
            compact.dimension_score(index)
        });
        Some(ProductScore {
            product: assessment.product.clone(),
            date: assessment.date,
            score: scored.score,
            band: scored.band,
            alerts,
            explanation: Explanation::Tabulated(compact),
        })
    }

    /// A dimension's `Σ w · r` and `Σ w` over its rated factors (`lines`, the first at
    /// position `first`) in checked `Decimal` arithmetic, with the tabulated `w · r` of
    /// the common ratings; the error for the first missing rating under
    /// [`MissingRatingPolicy::Error`].
    fn decimal_sums(
        &self,
        assessment: &Assessment,
        dimension: &DimensionSpec,
        lines: &[FactorLine],
        first: usize,
        terms: Option<&[Terms]>,
    ) -> Result<(Decimal, Decimal)> {
        let mut weighted = Decimal::ZERO;
        let mut weights = Decimal::ZERO;
        for (flat, (factor, line)) in (first..).zip(dimension.factors.iter().zip(lines)) {
            match line.rating {
                Some(rating) => {
                    let w = factor.weight.value();
                    let planned = tabulated(rating)
                        .and_then(|i| terms?.get(flat)?.weighted.get(i).copied().flatten());
                    let product = match planned {
                        Some(product) => product,
                        None => mul(w, rating.value(), SCORING)?,
                    };
                    weighted = add(weighted, product, SCORING)?;
                    weights = add(weights, w, SCORING)?;
                }
                None if self.config.missing == MissingRatingPolicy::Error => {
                    return Err(self.missing(assessment, dimension, factor));
                }
                None => {}
            }
        }
        Ok((weighted, weights))
    }

    /// The `Decimal` `Σ w` of a dimension's rated factors (`lines`), added in model
    /// order as [`decimal_sums`](Self::decimal_sums) adds them.
    fn rated_weights(&self, dimension: &DimensionSpec, lines: &[FactorLine]) -> Result<Decimal> {
        let mut weights = Decimal::ZERO;
        for (factor, line) in dimension.factors.iter().zip(lines) {
            if line.rating.is_some() {
                weights = add(weights, factor.weight.value(), SCORING)?;
            }
        }
        Ok(weights)
    }

    /// The error for `factor` of `dimension` left unrated under
    /// [`MissingRatingPolicy::Error`]: an unknown factor in the assessment wins.
    fn missing(
        &self,
        assessment: &Assessment,
        dimension: &DimensionSpec,
        factor: &FactorSpec,
    ) -> Error {
        if let Err(unknown) = self.reject_unknown(assessment) {
            return unknown;
        }
        Error::MissingRating {
            product: assessment.product.clone(),
            date: assessment.date,
            dimension: dimension.id.clone(),
            factor: factor.id.clone(),
        }
    }

    /// Writes each factor's rating into its line (`lines` in model order) and returns
    /// how many of the assessment's ratings matched a factor of the model. Both sides
    /// are in id order (the ratings are sorted, `by_id` too), so one merge matches
    /// them.
    fn match_ratings(&self, assessment: &Assessment, lines: &mut [FactorLine]) -> usize {
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
                        if let Some(line) = lines.get_mut(*flat) {
                            line.rating = Some(**rating);
                            matched = matched.saturating_add(1);
                        }
                        given.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        matched
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

    /// The alerts of a product scored `score` whose dimension `index` scored
    /// `dimension_score(index)`.
    fn alerts(
        &self,
        assessment: &Assessment,
        score: RiskRating,
        dimension_score: impl Fn(usize) -> Option<RiskRating>,
    ) -> Vec<RiskAlert> {
        let mut alerts = Vec::new();
        if self.rules.is_empty() {
            return alerts;
        }
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
        let scored = self
            .model
            .dimensions()
            .iter()
            .enumerate()
            .filter_map(|(index, d)| dimension_score(index).map(|s| (d, s)));
        let subject = |d: &DimensionSpec| AlertSubject::Dimension {
            dimension: d.id.clone(),
        };
        for Rule { rule, watch } in &self.rules {
            match *watch {
                Watch::Score => fire(rule, AlertSubject::Score, score),
                Watch::Dimension(index) => {
                    let watched = self
                        .model
                        .dimensions()
                        .get(index)
                        .zip(dimension_score(index));
                    if let Some((d, value)) = watched {
                        fire(rule, subject(d), value);
                    }
                }
                Watch::AnyDimension => {
                    for (d, value) in scored.clone() {
                        fire(rule, subject(d), value);
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

/// The product's sums over the scored dimensions: `Σ W_d · q_d` and `Σ W_d` as
/// integers (see [`exact`]) while those cover every scored dimension, otherwise
/// `Σ W_d · score_d` and `Σ W_d` in checked `Decimal` arithmetic.
#[derive(Debug, Clone, Copy)]
enum Total {
    Exact(u64, u64),
    Decimal(Decimal, Decimal),
}

impl Total {
    /// Adds dimension `index`, scored `score` (`q` in units of 10^-4 where known);
    /// `before` are the lines of the dimensions before it.
    fn add(
        self,
        scorer: &Scorer,
        index: usize,
        score: RiskRating,
        q: Option<u64>,
        before: &[DimensionLine],
    ) -> Result<Self> {
        let (numerator, denominator) = match self {
            Self::Exact(n, d) => {
                if let Some(total) = Self::add_exact(scorer, index, score, q, n, d) {
                    return Ok(total);
                }
                // Not covered: the `Decimal` sums of the dimensions so far, which cannot
                // overflow where the integer ones were covered.
                decimal_totals(scorer, before)?
            }
            Self::Decimal(numerator, denominator) => (numerator, denominator),
        };
        let w = scorer
            .model
            .dimensions()
            .get(index)
            .map_or(Decimal::ZERO, |d| d.weight.value());
        Ok(Self::Decimal(
            add(numerator, mul(w, score.value(), SCORING)?, SCORING)?,
            add(denominator, w, SCORING)?,
        ))
    }

    fn add_exact(
        scorer: &Scorer,
        index: usize,
        score: RiskRating,
        q: Option<u64>,
        n: u64,
        d: u64,
    ) -> Option<Self> {
        let weight = scorer
            .plan
            .as_ref()?
            .sums
            .as_ref()?
            .dimension_weight(index)?;
        let q = q.or_else(|| exact::quantum(score.value()))?;
        Some(Self::Exact(
            n.checked_add(weight.checked_mul(q)?)?,
            d.checked_add(weight)?,
        ))
    }

    /// The product score (`q` in units of 10^-4 where known) and the `Decimal` `Σ W_d`
    /// over the scored dimensions (`lines`); [`Error::NothingRated`] if that is zero.
    fn finish(
        self,
        scorer: &Scorer,
        assessment: &Assessment,
        lines: &[DimensionLine],
    ) -> Result<(RiskRating, Option<u64>, Decimal)> {
        let nothing_rated = || Error::NothingRated {
            product: assessment.product.clone(),
            date: assessment.date,
        };
        match self {
            Self::Exact(_, 0) => Err(nothing_rated()),
            Self::Exact(n, d) => {
                let sums = scorer.plan.as_ref().and_then(|p| p.sums.as_ref());
                let all_scored = lines.iter().all(|l| l.score.is_some());
                let exact = exact::product_score(n, d)
                    .and_then(|q| Some((q, exact::score_decimal(q)?)))
                    .zip(sums.map(exact::Sums::dimension_total));
                match exact {
                    Some(((q, value), total)) => {
                        let denominator = if all_scored {
                            total
                        } else {
                            decimal_totals(scorer, lines)?.1
                        };
                        Ok((rating(value)?, Some(q), denominator))
                    }
                    None => {
                        let (numerator, denominator) = decimal_totals(scorer, lines)?;
                        Self::Decimal(numerator, denominator).finish(scorer, assessment, lines)
                    }
                }
            }
            Self::Decimal(_, denominator) if denominator.is_zero() => Err(nothing_rated()),
            Self::Decimal(numerator, denominator) => Ok((
                rating(div_round_score(numerator, denominator, SCORING)?)?,
                None,
                denominator,
            )),
        }
    }
}

/// `Σ W_d · score_d` and `Σ W_d` over the scored dimensions among `lines` (the first
/// dimensions of the model), in checked `Decimal` arithmetic, in model order.
fn decimal_totals(scorer: &Scorer, lines: &[DimensionLine]) -> Result<(Decimal, Decimal)> {
    let mut numerator = Decimal::ZERO;
    let mut denominator = Decimal::ZERO;
    for (dimension, line) in scorer.model.dimensions().iter().zip(lines) {
        if let Some(score) = line.score {
            let w = dimension.weight.value();
            numerator = add(numerator, mul(w, score.value(), SCORING)?, SCORING)?;
            denominator = add(denominator, w, SCORING)?;
        }
    }
    Ok((numerator, denominator))
}

/// The drivers chosen while the lifts are tabulated: each factor's lift is given by its
/// rank (see [`Terms::lift_rank`]), so that choosing needs no `Decimal` comparison.
///
/// The model keeps dimensions and factors in id order, so factors are offered in the
/// order of the tie-break, and a factor goes after every chosen one of the same or a
/// higher rank, which is where the full comparison of [`top_drivers`] puts it. Each
/// chosen factor is kept as one key, `rank · 2^32 + (2^32 − 1 − position)`, so that a
/// larger key is a better driver (a higher rank, or the same rank and an earlier
/// position) and choosing compares integers only. A lift that is not tabulated makes
/// the choice fall back to the full comparison.
#[derive(Debug)]
struct Drivers {
    /// The keys of the chosen factors, best first; 0 where none is chosen yet (a key is
    /// never 0, its rank being at least 1).
    keys: [u64; Drivers::MAX_RANKED],
    /// How many drivers to choose.
    n: usize,
    /// Whether every lift offered so far was tabulated.
    ranked: bool,
}

impl Drivers {
    /// Up to this many drivers are chosen by rank, in place (no allocation until the
    /// result); more are chosen by the full comparison.
    const MAX_RANKED: usize = 16;

    fn new(n: usize) -> Self {
        Self {
            keys: [0; Self::MAX_RANKED],
            n,
            ranked: n <= Self::MAX_RANKED,
        }
    }

    /// The key of the factor at position `flat` with lift rank `rank`: `0` (never
    /// chosen) for a rank of 0 (a lift that is not positive), `None` for a position
    /// beyond 32 bits.
    fn key(flat: usize, rank: u32) -> Option<u64> {
        let flat = u32::try_from(flat).ok()?;
        Some(if rank == 0 {
            0
        } else {
            (u64::from(rank) << 32) | u64::from(!flat)
        })
    }

    /// Offers the factor at position `flat` with lift rank `rank` (0: not positive).
    fn offer(&mut self, flat: usize, rank: u32) {
        if !self.ranked || rank == 0 {
            return;
        }
        let Some(mut key) = Self::key(flat, rank) else {
            self.ranked = false;
            return;
        };
        let Some(chosen) = self.keys.get_mut(..self.n) else {
            return;
        };
        // No better than the last one chosen (most factors, once `n` are chosen): out.
        if chosen.last().is_none_or(|last| key <= *last) {
            return;
        }
        // In its place; the ones after it move down by one and the last drops out.
        for slot in chosen {
            if key > *slot {
                std::mem::swap(slot, &mut key);
            }
        }
    }

    /// Offers a factor by its [`key`](Self::key) (0: not a driver), with the result of
    /// [`offer`](Self::offer) but without branching on the data: the key passes down
    /// the chosen ones, each slot keeping the larger of the two, so that keys that do
    /// not enter (most) cost as much as those that do, and no comparison is mispredicted.
    fn offer_key(&mut self, key: u64) {
        if let Some(chosen) = self.keys.get_mut(..self.n) {
            Self::pass_down(chosen, key);
        }
    }

    /// Passes `key` down `slots` (the chosen keys, best first), each slot keeping the
    /// larger of the two; inlined, so that slots of a fixed number can stay in
    /// registers.
    #[inline]
    fn pass_down(slots: &mut [u64], mut key: u64) {
        for slot in slots {
            let larger = key.max(*slot);
            key = key.min(*slot);
            *slot = larger;
        }
    }

    /// A rated factor whose lift is not tabulated: the ranks no longer order everything.
    fn unranked(&mut self) {
        self.ranked = false;
    }

    /// The chosen drivers, best first, as positions; `None` if some lift was not
    /// tabulated.
    fn ranked(&self) -> Option<impl Iterator<Item = u32> + '_> {
        self.ranked.then(|| {
            self.keys
                .iter()
                .take(self.n)
                .take_while(|key| **key != 0)
                .filter_map(|key| u32::try_from(key & u64::from(u32::MAX)).ok().map(|p| !p))
        })
    }

    /// The chosen drivers as positions, or `None` if some lift was not tabulated.
    fn chosen(self) -> Option<Vec<u32>> {
        self.ranked().map(Iterator::collect)
    }
}

/// The `n` factors with the largest positive lift, ties broken by dimension id, then
/// factor id, as positions in `lines` (the factor lines in model order).
///
/// The candidates are kept in a short list of at most `n`, in the final order, so that
/// nothing is sorted per assessment; the order is the same total order a full sort
/// would give.
fn top_drivers(model: &RiskModel, lines: &[FactorLine], n: usize) -> Vec<u32> {
    type Candidate<'a> = (&'a DimensionSpec, &'a FactorSpec, Decimal, u32);
    let before = |a: &Candidate<'_>, b: &Candidate<'_>| {
        b.2.cmp(&a.2)
            .then_with(|| a.0.id.cmp(&b.0.id))
            .then_with(|| a.1.id.cmp(&b.1.id))
            == std::cmp::Ordering::Less
    };
    let mut chosen: Vec<Candidate<'_>> = Vec::with_capacity(n);
    if n > 0 {
        let factors = model
            .dimensions()
            .iter()
            .flat_map(|d| d.factors.iter().map(move |f| (d, f)));
        for (flat, ((d, f), line)) in factors.zip(lines).enumerate() {
            if line.rating.is_none() || line.lift <= Decimal::ZERO {
                continue;
            }
            let Ok(flat) = u32::try_from(flat) else { break };
            let candidate = (d, f, line.lift, flat);
            let at = chosen.partition_point(|c| before(c, &candidate));
            if at < n {
                if chosen.len() == n {
                    chosen.pop();
                }
                chosen.insert(at, candidate);
            }
        }
    }
    chosen.into_iter().map(|c| c.3).collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod reference;

#[cfg(test)]
mod fast_paths;

#[cfg(test)]
mod test_models;
