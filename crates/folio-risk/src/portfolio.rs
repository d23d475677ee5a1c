//! The portfolio view: exposure, the riskiest products and the dimensions that worsened
//! most since the last review.
//!
//! # Exposure
//!
//! Portfolio exposure is the weighted mean of the products' scores, weighted by a chosen
//! [`ExposureBase`] (revenue by default):
//!
//! ```text
//! exposure = round( Σ b_p · score_p / Σ b_p )
//! ```
//!
//! rounded like every score (see [`SCORE_DECIMALS`](crate::SCORE_DECIMALS)). Base
//! figures are [`Money`] and must all be in one currency (a mix is an error, never a
//! silent sum); a negative figure is an error, a zero figure is allowed (the product is
//! shown with share 0), and figures that sum to zero are an error. The explanation lists
//! each product's base, share `b_p / Σ b` and contribution `share · score`, and the
//! products with figures but no assessment (`unassessed`), so a gap in coverage is
//! visible rather than silently ignored. Products are taken in id order, so the result
//! does not depend on input order.
//!
//! Worked example: Atlas scores 4 on revenue 300, Lens scores 2 on revenue 100; exposure
//! is `(300 · 4 + 100 · 2) / 400 = 3.5`, Atlas's share 0.75 and contribution 3.
//!
//! # Most-worsened dimensions
//!
//! For each dimension, over the products whose current and previous assessments both
//! score it, the review reports how many worsened and improved and the mean change
//! (`Σ change / products compared`, rounded like a score). A dimension "worsened most"
//! when its mean change is largest; only dimensions with a positive mean change are
//! listed, ties broken by dimension id.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use folio_types::{Money, ProductId, Ratio, RiskRating};
use rust_decimal::Decimal;

use crate::assessment::Assessment;
use crate::config::Band;
use crate::error::{Error, Result};
use crate::id::DimensionId;
use crate::math::{add, div, mul, round_score};
use crate::score::{ProductScore, RiskAlert, Scorer};
use crate::trend::{ProductTrend, ScoreChange, TrendDirection, latest_two};

/// What portfolio exposure weights the product scores by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ExposureBase {
    /// The default: each product's revenue ([`ProductFigures::revenue`]), so the score
    /// says how much of the portfolio's revenue is at risk.
    #[default]
    Revenue,
    /// Each product's investment ([`ProductFigures::investment`]): how much of the money
    /// spent is at risk.
    Investment,
    /// Every product counts the same: the plain mean of the scores. Needs no figures.
    Equal,
}

impl std::fmt::Display for ExposureBase {
    /// The base's name: `revenue`, `investment` or `equal`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl ExposureBase {
    /// The base's name, as used in error messages.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::ExposureBase;
    ///
    /// assert_eq!(ExposureBase::default().name(), "revenue");
    /// assert_eq!(ExposureBase::Equal.to_string(), "equal");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Revenue => "revenue",
            Self::Investment => "investment",
            Self::Equal => "equal",
        }
    }
}

/// A product's figures that exposure can be weighted by.
///
/// # Example
///
/// ```
/// use folio_risk::{ExposureBase, ProductFigures};
/// use folio_types::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// let eur = Currency::new("EUR")?;
/// let figures = ProductFigures {
///     product: "atlas".parse()?,
///     revenue: Some(Money::new(Decimal::from(300), eur)),
///     investment: None,
/// };
/// assert_eq!(figures.figure(ExposureBase::Revenue).map(|m| m.amount()), Some(Decimal::from(300)));
/// assert_eq!(figures.figure(ExposureBase::Investment), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "A product's figures that exposure can be weighted by.")
)]
pub struct ProductFigures {
    /// The product.
    pub product: ProductId,
    /// Its revenue over the period under review.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub revenue: Option<Money>,
    /// Its investment over the period under review.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub investment: Option<Money>,
}

impl ProductFigures {
    /// The figure for `base`; `None` for [`ExposureBase::Equal`] or a missing figure.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{ExposureBase, ProductFigures};
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let figures = ProductFigures {
    ///     product: "atlas".parse()?,
    ///     revenue: Some(Money::new(Decimal::from(300), eur)),
    ///     investment: None,
    /// };
    /// assert_eq!(figures.figure(ExposureBase::Revenue).map(|m| m.amount()), Some(Decimal::from(300)));
    /// assert_eq!(figures.figure(ExposureBase::Investment), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn figure(&self, base: ExposureBase) -> Option<Money> {
        match base {
            ExposureBase::Revenue => self.revenue,
            ExposureBase::Investment => self.investment,
            ExposureBase::Equal => None,
        }
    }
}

/// One product's line in the explanation of exposure.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExposureLine {
    /// The product.
    pub product: ProductId,
    /// Its base figure; `None` for [`ExposureBase::Equal`].
    pub base: Option<Money>,
    /// Its weight: the base amount, or 1 for [`ExposureBase::Equal`].
    pub weight: Decimal,
    /// `weight / Σ weight`.
    pub share: Ratio,
    /// Its score.
    pub score: RiskRating,
    /// `share · score`: the part of the exposure it accounts for.
    pub contribution: Decimal,
}

/// Portfolio exposure with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Exposure {
    /// The base the scores were weighted by.
    pub base: ExposureBase,
    /// The weighted mean score, rounded.
    pub score: RiskRating,
    /// The sum of the scored products' base figures; `None` for [`ExposureBase::Equal`].
    pub total: Option<Money>,
    /// The scored products, in id order.
    pub products: Vec<ExposureLine>,
    /// Products with figures but no score, in id order: a gap in coverage.
    pub unassessed: Vec<ProductId>,
}

const EXPOSURE: &str = "computing portfolio exposure";

/// Portfolio exposure of `scores`, weighted by `base` taken from `figures`; see the
/// [module docs](self) for the formula and a worked example.
///
/// ```
/// use folio_risk::{
///     Assessment, DimensionSpec, ExposureBase, FactorSpec, ProductFigures, RiskModel,
///     RiskModelData, Scorer, ScoringConfig, exposure,
/// };
/// use folio_types::{Currency, Money, NaiveDate, RiskRating};
/// use rust_decimal::Decimal;
///
/// // A one-factor model, so that each product's score is its one rating.
/// let model = RiskModel::new(RiskModelData {
///     dimensions: vec![DimensionSpec::new(
///         "delivery".parse()?,
///         "Delivery",
///         vec![FactorSpec::new("slip".parse()?, "Schedule slip")],
///     )],
/// })?;
/// let scorer = Scorer::new(model, ScoringConfig::default())?;
/// let date = NaiveDate::from_ymd_opt(2026, 9, 30).ok_or("bad date")?;
/// let rated = |product: &str, rating: i64| -> Result<Assessment, Box<dyn std::error::Error>> {
///     let rating = RiskRating::new(Decimal::from(rating))?;
///     Ok(Assessment::new(product.parse()?, date, [("slip".parse()?, rating)])?)
/// };
/// let scores = [scorer.score(&rated("atlas", 4)?)?, scorer.score(&rated("lens", 2)?)?];
///
/// let eur = Currency::new("EUR")?;
/// let revenue = |product: &str, amount: i64| -> Result<ProductFigures, folio_types::Error> {
///     Ok(ProductFigures {
///         product: product.parse()?,
///         revenue: Some(Money::new(Decimal::from(amount), eur)),
///         investment: None,
///     })
/// };
/// let figures = [revenue("atlas", 300)?, revenue("lens", 100)?];
///
/// // (300 × 4 + 100 × 2) / 400 = 3.5; atlas carries 300 / 400 = 0.75 of the weight.
/// let exposure = exposure(&scores, &figures, ExposureBase::Revenue)?;
/// assert_eq!(exposure.score.to_string(), "3.5");
/// assert_eq!(exposure.products[0].share.to_string(), "0.75");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::DuplicateProduct`] for a product scored twice or with two sets of figures;
/// [`Error::MissingBase`] for a scored product without a figure for `base`;
/// [`Error::NegativeBase`], [`Error::MixedCurrencies`] or [`Error::ZeroBase`] for bad
/// figures (an empty `scores` is [`Error::ZeroBase`] too: there is no mean of nothing);
/// [`Error::Core`] if a sum overflows.
pub fn exposure(
    scores: &[ProductScore],
    figures: &[ProductFigures],
    base: ExposureBase,
) -> Result<Exposure> {
    // Both inputs sorted by product id (and checked for repeats), then walked together:
    // no maps to build, and the order of the input never shows in the result.
    let sorted_scores = sorted_by_product(scores, |s| &s.product, "the product scores")?;
    let sorted_figures = sorted_by_product(figures, |f| &f.product, "the product figures")?;
    let mut pending = sorted_figures.iter().peekable();
    let mut unassessed = Vec::new();

    // The weights, in product id order, checked for sign and currency.
    let mut weighted: Vec<(&ProductId, Option<Money>, Decimal, RiskRating)> =
        Vec::with_capacity(sorted_scores.len());
    let mut currency = None;
    for scored in sorted_scores {
        let product = &scored.product;
        let mut figure = None;
        // One comparison per figure: before this product, this product, or after it.
        while let Some(f) = pending.peek() {
            match f.product.cmp(product) {
                std::cmp::Ordering::Less => unassessed.push(f.product.clone()),
                std::cmp::Ordering::Equal => figure = Some(**f),
                std::cmp::Ordering::Greater => break,
            }
            pending.next();
        }
        let money = if base == ExposureBase::Equal {
            None
        } else {
            let money = figure
                .and_then(|f| f.figure(base))
                .ok_or_else(|| Error::MissingBase {
                    product: product.clone(),
                    base: base.name(),
                })?;
            if money.is_negative() {
                return Err(Error::NegativeBase {
                    product: product.clone(),
                    base: base.name(),
                    amount: money.to_string(),
                });
            }
            match currency {
                None => currency = Some(money.currency()),
                Some(expected) if expected != money.currency() => {
                    return Err(Error::MixedCurrencies {
                        product: product.clone(),
                        base: base.name(),
                        expected,
                        found: money.currency(),
                    });
                }
                Some(_) => {}
            }
            Some(money)
        };
        let weight = money.map_or(Decimal::ONE, |m| m.amount());
        weighted.push((product, money, weight, scored.score));
    }
    unassessed.extend(pending.map(|f| f.product.clone()));

    let mut numerator = Decimal::ZERO;
    let mut denominator = Decimal::ZERO;
    for (_, _, weight, score) in &weighted {
        numerator = add(numerator, mul(*weight, score.value(), EXPOSURE)?, EXPOSURE)?;
        denominator = add(denominator, *weight, EXPOSURE)?;
    }
    if denominator.is_zero() {
        return Err(Error::ZeroBase { base: base.name() });
    }
    let score = RiskRating::new(round_score(div(numerator, denominator, EXPOSURE)?))?;

    let mut products = Vec::with_capacity(weighted.len());
    for (product, money, weight, product_score) in weighted {
        let share = div(weight, denominator, EXPOSURE)?;
        products.push(ExposureLine {
            product: product.clone(),
            base: money,
            weight,
            share: Ratio::new(share)?,
            score: product_score,
            contribution: mul(share, product_score.value(), EXPOSURE)?,
        });
    }
    let total = currency.map(|c| Money::new(denominator, c));
    Ok(Exposure {
        base,
        score,
        total,
        products,
        unassessed,
    })
}

/// `items` sorted by product id.
///
/// # Errors
///
/// [`Error::DuplicateProduct`] naming the first product (in id order) that appears twice.
fn sorted_by_product<'a, T>(
    items: &'a [T],
    product: impl Fn(&T) -> &ProductId,
    context: &'static str,
) -> Result<Vec<&'a T>> {
    let mut sorted: Vec<&T> = items.iter().collect();
    // Inputs often come in id order already, without repeats; checking that (one
    // comparison per pair) is cheaper than a sort and a second pass for repeats.
    if sorted.is_sorted_by(|a, b| product(a) < product(b)) {
        return Ok(sorted);
    }
    sorted.sort_by(|a, b| product(a).cmp(product(b)));
    match sorted.windows(2).find_map(|pair| match pair {
        [a, b] if product(a) == product(b) => Some(product(a).clone()),
        _ => None,
    }) {
        Some(product) => Err(Error::DuplicateProduct { product, context }),
        None => Ok(sorted),
    }
}

/// How to build a portfolio review: plain data with documented defaults.
///
/// # Example
///
/// ```
/// use folio_risk::{Band, ReviewConfig, RiskModel, Scorer, ScoringConfig, review};
/// use folio_types::NaiveDate;
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
/// let all = |product: &str, date: &str, r: i64| assess(product, date, &[
///     ("reliability", r), ("security", r), ("platform_debt", r),
///     ("competitive_pressure", r), ("churn_signals", r),
///     ("critical_path_delivery", r), ("dependency_risk", r),
///     ("margin_compression", r), ("cost_volatility", r),
/// ]);
/// // Atlas went from 2 to 4; lens stayed at 3.
/// let assessments = [
///     all("atlas", "2026-06-30", 2)?, all("atlas", "2026-09-30", 4)?,
///     all("lens", "2026-09-15", 3)?,
/// ];
/// let as_of = NaiveDate::from_ymd_opt(2026, 10, 1).ok_or("bad date")?;
/// // Equal weights: exposure is the plain mean (4 + 3) / 2 = 3.5, which is high.
/// let config = ReviewConfig::default().with_base(folio_risk::ExposureBase::Equal);
/// let r = review(&scorer, &assessments, &[], as_of, &config)?;
/// assert_eq!(r.exposure.score.to_string(), "3.5");
/// assert_eq!(r.band, Band::High);
/// assert_eq!(r.riskiest[0].product.as_str(), "atlas");
/// assert_eq!(r.riskiest[0].change.as_ref().map(|c| c.delta.to_string()), Some("2".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", default, deny_unknown_fields)
)]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How to build a portfolio review: plain data with documented defaults. riskiest and most_worsened are at least 1."
    )
)]
// The fields are readable across the crate; outside it only through the getters.
pub struct ReviewConfig {
    /// What exposure weights the scores by; default [`ExposureBase::Revenue`].
    pub(crate) base: ExposureBase,
    /// How many riskiest products to list; default 5, at least 1.
    pub(crate) riskiest: usize,
    /// How many most-worsened dimensions to list; default 3, at least 1.
    pub(crate) most_worsened: usize,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(ReviewConfig);

impl ReviewConfig {
    /// A configuration weighting exposure by `base` that lists the `riskiest` riskiest
    /// products and the `most_worsened` most-worsened dimensions.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with
    /// [`InvalidSetting`](folio_types::Error::InvalidSetting) naming `riskiest` or
    /// `most_worsened` if it is 0: a review that lists nothing looks like a portfolio
    /// without risk.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{ExposureBase, ReviewConfig};
    ///
    /// assert_eq!(ReviewConfig::new(ExposureBase::Revenue, 5, 3)?, ReviewConfig::default());
    /// let err = ReviewConfig::new(ExposureBase::Equal, 0, 3).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid risk review config: riskiest (0) must be at least 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(base: ExposureBase, riskiest: usize, most_worsened: usize) -> crate::Result<Self> {
        let config = Self {
            base,
            riskiest,
            most_worsened,
        };
        config.validate()?;
        Ok(config)
    }

    /// The same configuration weighting exposure by `base`.
    ///
    /// ```
    /// use folio_risk::{ExposureBase, ReviewConfig};
    ///
    /// assert_eq!(ReviewConfig::default().with_base(ExposureBase::Equal).base(), ExposureBase::Equal);
    /// ```
    #[must_use]
    pub fn with_base(self, base: ExposureBase) -> Self {
        Self { base, ..self }
    }

    /// What exposure weights the scores by.
    pub fn base(&self) -> ExposureBase {
        self.base
    }

    /// How many riskiest products to list; at least 1.
    pub fn riskiest(&self) -> usize {
        self.riskiest
    }

    /// How many most-worsened dimensions to list; at least 1.
    pub fn most_worsened(&self) -> usize {
        self.most_worsened
    }

    /// Checks the rules listed on [`new`](Self::new). Deserialization runs this check.
    fn validate(&self) -> crate::Result<()> {
        for (field, count) in [
            ("riskiest", self.riskiest),
            ("most_worsened", self.most_worsened),
        ] {
            if count == 0 {
                return Err(crate::Error::Core(folio_types::Error::InvalidSetting {
                    setting: "risk review config",
                    field,
                    problem: "(0) must be at least 1".to_owned(),
                }));
            }
        }
        Ok(())
    }
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self {
            base: ExposureBase::default(),
            riskiest: 5,
            most_worsened: 3,
        }
    }
}

/// A product in the riskiest list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RiskyProduct {
    /// The product.
    pub product: ProductId,
    /// Its current score.
    pub score: RiskRating,
    /// Its band.
    pub band: Band,
    /// Its change since the previous assessment, if there is one.
    pub change: Option<ScoreChange>,
}

/// How one dimension moved across the portfolio since the last review.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DimensionShift {
    /// The dimension.
    pub dimension: DimensionId,
    /// Products whose current and previous assessments both score it.
    pub compared: usize,
    /// How many of them worsened.
    pub worsened: usize,
    /// How many of them improved.
    pub improved: usize,
    /// `Σ change / compared`, rounded like a score.
    pub mean_change: Decimal,
    /// The product whose score in this dimension rose most (ties: lowest id), if any rose.
    pub largest_rise: Option<(ProductId, Decimal)>,
}

/// A portfolio review as of a date.
///
/// # Example
///
/// ```
/// use folio_risk::{Band, ReviewConfig, RiskModel, Scorer, ScoringConfig, review};
/// use folio_types::NaiveDate;
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
/// let all = |product: &str, date: &str, r: i64| assess(product, date, &[
///     ("reliability", r), ("security", r), ("platform_debt", r),
///     ("competitive_pressure", r), ("churn_signals", r),
///     ("critical_path_delivery", r), ("dependency_risk", r),
///     ("margin_compression", r), ("cost_volatility", r),
/// ]);
/// // Atlas went from 2 to 4; lens stayed at 3.
/// let assessments = [
///     all("atlas", "2026-06-30", 2)?, all("atlas", "2026-09-30", 4)?,
///     all("lens", "2026-09-15", 3)?,
/// ];
/// let as_of = NaiveDate::from_ymd_opt(2026, 10, 1).ok_or("bad date")?;
/// // Equal weights: exposure is the plain mean (4 + 3) / 2 = 3.5, which is high.
/// let config = ReviewConfig::default().with_base(folio_risk::ExposureBase::Equal);
/// let r = review(&scorer, &assessments, &[], as_of, &config)?;
/// assert_eq!(r.exposure.score.to_string(), "3.5");
/// assert_eq!(r.band, Band::High);
/// assert_eq!(r.riskiest[0].product.as_str(), "atlas");
/// assert_eq!(r.riskiest[0].change.as_ref().map(|c| c.delta.to_string()), Some("2".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "A portfolio review as of a date.")
)]
pub struct PortfolioReview {
    /// The review date.
    pub as_of: NaiveDate,
    /// Every product with an assessment on or before `as_of`, in id order, with its
    /// trend.
    pub products: Vec<ProductTrend>,
    /// Portfolio exposure over those products.
    pub exposure: Exposure,
    /// The band of the exposure score.
    pub band: Band,
    /// The riskiest products: highest score first, ties broken by product id.
    pub riskiest: Vec<RiskyProduct>,
    /// The dimensions that worsened most, largest mean change first.
    pub most_worsened: Vec<DimensionShift>,
    /// Every current alert, in product id order.
    pub alerts: Vec<RiskAlert>,
}

/// Reviews the portfolio as of `as_of`: scores each product's latest assessment on or
/// before `as_of` and the one before it, and reports trends, exposure, the riskiest
/// products and the most-worsened dimensions.
///
/// # Errors
///
/// [`Error::DuplicateAssessment`] for two assessments of a product on one date;
/// [`Error::NoAssessments`] if nothing is dated on or before `as_of`; any error of
/// [`Scorer::score`] (for the previous assessments too) and of [`exposure`].
///
/// # Example
///
/// ```
/// use folio_risk::{Band, ReviewConfig, RiskModel, Scorer, ScoringConfig, review};
/// use folio_types::NaiveDate;
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
/// let all = |product: &str, date: &str, r: i64| assess(product, date, &[
///     ("reliability", r), ("security", r), ("platform_debt", r),
///     ("competitive_pressure", r), ("churn_signals", r),
///     ("critical_path_delivery", r), ("dependency_risk", r),
///     ("margin_compression", r), ("cost_volatility", r),
/// ]);
/// // Atlas went from 2 to 4; lens stayed at 3.
/// let assessments = [
///     all("atlas", "2026-06-30", 2)?, all("atlas", "2026-09-30", 4)?,
///     all("lens", "2026-09-15", 3)?,
/// ];
/// let as_of = NaiveDate::from_ymd_opt(2026, 10, 1).ok_or("bad date")?;
/// // Equal weights: exposure is the plain mean (4 + 3) / 2 = 3.5, which is high.
/// let config = ReviewConfig::default().with_base(folio_risk::ExposureBase::Equal);
/// let r = review(&scorer, &assessments, &[], as_of, &config)?;
/// assert_eq!(r.exposure.score.to_string(), "3.5");
/// assert_eq!(r.band, Band::High);
/// assert_eq!(r.riskiest[0].product.as_str(), "atlas");
/// assert_eq!(r.riskiest[0].change.as_ref().map(|c| c.delta.to_string()), Some("2".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn review(
    scorer: &Scorer,
    assessments: &[Assessment],
    figures: &[ProductFigures],
    as_of: NaiveDate,
    config: &ReviewConfig,
) -> Result<PortfolioReview> {
    let latest = latest_two(assessments, as_of)?;
    if latest.is_empty() {
        return Err(Error::NoAssessments { as_of });
    }
    let mut products = Vec::with_capacity(latest.len());
    for (current, previous) in latest.values() {
        let current = scorer.score(current)?;
        let previous = previous.map(|p| scorer.score(p)).transpose()?;
        products.push(ProductTrend::new(current, previous.as_ref())?);
    }

    let scores: Vec<ProductScore> = products.iter().map(|t| t.current.clone()).collect();
    let exposure = exposure(&scores, figures, config.base)?;

    let mut riskiest: Vec<RiskyProduct> = products
        .iter()
        .map(|t| RiskyProduct {
            product: t.current.product.clone(),
            score: t.current.score,
            band: t.current.band,
            change: t.change,
        })
        .collect();
    riskiest.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.product.cmp(&b.product))
    });
    riskiest.truncate(config.riskiest);

    let most_worsened = most_worsened(&products, config.most_worsened)?;
    let alerts = products
        .iter()
        .flat_map(|t| t.current.alerts.iter().cloned())
        .collect();
    Ok(PortfolioReview {
        as_of,
        band: scorer.config().bands.band(exposure.score),
        products,
        exposure,
        riskiest,
        most_worsened,
        alerts,
    })
}

/// Per dimension: how many products compared, worsened and improved, the sum of the
/// changes and the largest rise.
#[derive(Default)]
struct Tally {
    compared: usize,
    worsened: usize,
    improved: usize,
    total: Decimal,
    largest_rise: Option<(ProductId, Decimal)>,
}

fn most_worsened(products: &[ProductTrend], n: usize) -> Result<Vec<DimensionShift>> {
    const OPERATION: &str = "summing dimension changes";
    let mut tallies: BTreeMap<&DimensionId, Tally> = BTreeMap::new();
    // Products come in id order, so the first of equal rises is the lowest id.
    for trend in products {
        for d in &trend.dimensions {
            let Some(change) = d.change else { continue };
            let tally = tallies.entry(&d.dimension).or_default();
            tally.compared = tally.compared.saturating_add(1);
            match change.direction {
                TrendDirection::Worsened => tally.worsened = tally.worsened.saturating_add(1),
                TrendDirection::Improved => tally.improved = tally.improved.saturating_add(1),
                TrendDirection::Unchanged => {}
            }
            tally.total = add(tally.total, change.delta, OPERATION)?;
            let larger = tally
                .largest_rise
                .as_ref()
                .is_none_or(|(_, largest)| change.delta > *largest);
            if change.direction == TrendDirection::Worsened && larger {
                tally.largest_rise = Some((trend.product().clone(), change.delta));
            }
        }
    }
    let mut shifts = Vec::new();
    for (dimension, tally) in tallies {
        let count = Decimal::from(u64::try_from(tally.compared).unwrap_or(u64::MAX));
        let mean_change = round_score(div(tally.total, count, OPERATION)?);
        if mean_change > Decimal::ZERO {
            shifts.push(DimensionShift {
                dimension: dimension.clone(),
                compared: tally.compared,
                worsened: tally.worsened,
                improved: tally.improved,
                mean_change,
                largest_rise: tally.largest_rise,
            });
        }
    }
    shifts.sort_by(|a, b| {
        b.mean_change
            .cmp(&a.mean_change)
            .then_with(|| a.dimension.cmp(&b.dimension))
    });
    shifts.truncate(n);
    Ok(shifts)
}
