//! The explanation of a [`ProductScore`] as views: each line pairs the numbers of the
//! score (stored compactly, without ids, or read from the scorer's tables when asked)
//! with the dimension or factor of the model it is about, so that the ids and weights
//! are read from the one shared model instead of being copied into every line.

use folio_types::{Ratio, RiskRating, Weight};
use rust_decimal::Decimal;

use super::tabulated::Compact;
use super::{Explanation, ProductScore};
use crate::config::Band;
use crate::id::{DimensionId, FactorId};
use crate::model::{DimensionSpec, FactorSpec};

/// The numbers of one factor's line, in model order; its id and weight are the model's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FactorLine {
    pub(crate) rating: Option<RiskRating>,
    pub(crate) share: Ratio,
    pub(crate) contribution: Decimal,
    pub(crate) lift: Decimal,
}

impl FactorLine {
    /// An unrated factor: no rating, share, contribution or lift.
    pub(crate) const UNRATED: Self = Self {
        rating: None,
        share: Ratio::ZERO,
        contribution: Decimal::ZERO,
        lift: Decimal::ZERO,
    };
}

/// The numbers of one dimension's line, in model order; its id and weight are the
/// model's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DimensionLine {
    pub(crate) share: Ratio,
    pub(crate) score: Option<RiskRating>,
    pub(crate) band: Option<Band>,
    pub(crate) contribution: Decimal,
}

impl DimensionLine {
    /// A dimension left out: no share, score, band or contribution.
    pub(crate) const UNSCORED: Self = Self {
        share: Ratio::ZERO,
        score: None,
        band: None,
        contribution: Decimal::ZERO,
    };
}

/// Where a dimension view reads its factors' lines from.
#[derive(Clone, Copy)]
enum Lines<'a> {
    /// Written out, the dimension's lines.
    Written(&'a [FactorLine]),
    /// Read from the scorer's tables; the dimension's first factor is at `first` in
    /// model order.
    Tabulated { compact: &'a Compact, first: usize },
}

impl Lines<'_> {
    /// The line of the dimension's factor `index`.
    fn line(self, index: usize) -> FactorLine {
        match self {
            Self::Written(lines) => lines.get(index).copied().unwrap_or(FactorLine::UNRATED),
            Self::Tabulated { compact, first } => compact.factor_line(first.saturating_add(index)),
        }
    }
}

/// One factor's line in the explanation of a score: a view into a [`ProductScore`]
/// and its model.
///
/// # Example
///
/// ```
/// use folio_risk::{RiskModel, Scorer, ScoringConfig};
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
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// let scored = scorer.score(&atlas)?;
/// let market = scored.dimension("market").ok_or("no market")?;
/// let churn = market.factors().find(|f| f.factor().as_str() == "churn_signals").ok_or("no churn")?;
/// // Market has two factors of weight 1: churn signals (3) carries half of its score.
/// assert_eq!(churn.share().value(), Decimal::new(5, 1));
/// assert_eq!(churn.contribution(), Decimal::new(15, 1));
/// // It lifts the product score by 1/4 × 1/2 × (3 − 1) = 0.25.
/// assert_eq!(churn.lift(), Decimal::new(25, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct FactorScore<'a> {
    spec: &'a FactorSpec,
    line: FactorLine,
}

impl<'a> FactorScore<'a> {
    /// The factor.
    pub fn factor(&self) -> &'a FactorId {
        &self.spec.id
    }

    /// Its weight within the dimension, from the model.
    pub fn weight(&self) -> Weight {
        self.spec.weight
    }

    /// Its rating; `None` if the assessment left it out (and the policy allowed that).
    pub fn rating(&self) -> Option<RiskRating> {
        self.line.rating
    }

    /// `weight / Σ weight` over the dimension's rated factors; 0 if unrated.
    pub fn share(&self) -> Ratio {
        self.line.share
    }

    /// `share · rating`: the part of the dimension score this factor accounts for.
    pub fn contribution(&self) -> Decimal {
        self.line.contribution
    }

    /// `dimension share · share · (rating − 1)`: how far this factor raises the product
    /// score above 1.
    pub fn lift(&self) -> Decimal {
        self.line.lift
    }

    /// The numbers of the line, for comparing.
    pub(super) fn line(&self) -> FactorLine {
        self.line
    }
}

/// One dimension's line in the explanation of a score: a view into a [`ProductScore`]
/// and its model.
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
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// let scored = scorer.score(&atlas)?;
/// let ids: Vec<&str> = scored.dimensions().map(|d| d.dimension().as_str()).collect();
/// assert_eq!(ids, ["execution", "financial", "market", "technical"]);
/// let technical = scored.dimension("technical").ok_or("no technical")?;
/// // (4 + 5 + 3) / 3 = 4, a quarter of the product score: 4 / 4 = 1.
/// assert_eq!(technical.score().map(|s| s.to_string()), Some("4".to_owned()));
/// assert_eq!(technical.band(), Some(Band::High));
/// assert_eq!(technical.contribution(), Decimal::ONE);
/// assert_eq!(technical.factors().len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct DimensionScore<'a> {
    spec: &'a DimensionSpec,
    line: DimensionLine,
    factors: Lines<'a>,
}

impl<'a> DimensionScore<'a> {
    /// The dimension.
    pub fn dimension(&self) -> &'a DimensionId {
        &self.spec.id
    }

    /// Its weight among the dimensions, from the model.
    pub fn weight(&self) -> Weight {
        self.spec.weight
    }

    /// `weight / Σ weight` over the scored dimensions; 0 if the dimension was left out.
    pub fn share(&self) -> Ratio {
        self.line.share
    }

    /// The dimension's score, rounded; `None` if no factor of positive weight was rated.
    pub fn score(&self) -> Option<RiskRating> {
        self.line.score
    }

    /// The band of the dimension's score.
    pub fn band(&self) -> Option<Band> {
        self.line.band
    }

    /// `share · score`: the part of the product score this dimension accounts for.
    pub fn contribution(&self) -> Decimal {
        self.line.contribution
    }

    /// The factors, in id order.
    pub fn factors(&self) -> impl ExactSizeIterator<Item = FactorScore<'a>> + Clone + use<'a> {
        let lines = self.factors;
        self.spec
            .factors
            .iter()
            .enumerate()
            .map(move |(index, spec)| FactorScore {
                spec,
                line: lines.line(index),
            })
    }

    /// The numbers of the dimension's own line, for comparing.
    pub(super) fn line(&self) -> DimensionLine {
        self.line
    }
}

/// A factor that drives a product's risk score up: a view into a [`ProductScore`] and
/// its model.
///
/// # Example
///
/// ```
/// use folio_risk::{RiskModel, Scorer, ScoringConfig};
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
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// let scored = scorer.score(&atlas)?;
/// let top = scored.drivers().next().ok_or("no driver")?;
/// assert_eq!(top.dimension().as_str(), "execution");
/// assert_eq!(top.factor().as_str(), "critical_path_delivery");
/// assert_eq!(top.rating().to_string(), "4");
/// assert_eq!(top.lift(), Decimal::new(375, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Driver<'a> {
    dimension: &'a DimensionSpec,
    factor: &'a FactorSpec,
    rating: RiskRating,
    lift: Decimal,
}

impl<'a> Driver<'a> {
    /// The factor's dimension.
    pub fn dimension(&self) -> &'a DimensionId {
        &self.dimension.id
    }

    /// The factor.
    pub fn factor(&self) -> &'a FactorId {
        &self.factor.id
    }

    /// Its rating.
    pub fn rating(&self) -> RiskRating {
        self.rating
    }

    /// How far it raises the product score above 1 (see [`FactorScore::lift`]).
    pub fn lift(&self) -> Decimal {
        self.lift
    }
}

impl ProductScore {
    /// Every dimension of the model, in id order, with its factors.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, Scorer, ScoringConfig};
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
    /// let atlas = assess("atlas", "2026-09-30", &[
    ///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
    ///     ("competitive_pressure", 2), ("churn_signals", 3),
    ///     ("critical_path_delivery", 4), ("dependency_risk", 4),
    ///     ("margin_compression", 1), ("cost_volatility", 2),
    /// ])?;
    /// let scored = scorer.score(&atlas)?;
    /// // The contributions of the dimensions add up to the score: 1 + 0.375 + 0.625 + 1.
    /// let total: Decimal = scored.dimensions().map(|d| d.contribution()).sum();
    /// assert_eq!(total, scored.score.value());
    /// assert_eq!(scored.dimensions().flat_map(|d| d.factors()).count(), 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dimensions(&self) -> impl ExactSizeIterator<Item = DimensionScore<'_>> + Clone {
        let explanation = &self.explanation;
        let mut first = 0usize;
        self.model()
            .dimensions()
            .iter()
            .enumerate()
            .map(move |(index, spec)| {
                let count = spec.factors.len();
                let (line, factors) = match explanation {
                    Explanation::Lines {
                        dimensions,
                        factors,
                        ..
                    } => (
                        dimensions
                            .get(index)
                            .copied()
                            .unwrap_or(DimensionLine::UNSCORED),
                        Lines::Written(
                            factors
                                .get(first..first.saturating_add(count))
                                .unwrap_or(&[]),
                        ),
                    ),
                    Explanation::Tabulated(compact) => (
                        compact.dimension_line(index),
                        Lines::Tabulated { compact, first },
                    ),
                };
                first = first.saturating_add(count);
                DimensionScore {
                    spec,
                    line,
                    factors,
                }
            })
    }

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
    /// assert_eq!(market.score().map(|s| s.to_string()), Some("2.5".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dimension(&self, id: &str) -> Option<DimensionScore<'_>> {
        self.dimensions().find(|d| d.dimension().as_str() == id)
    }

    /// The factors with the largest positive lift, largest first, at most
    /// [`ScoringConfig::top_drivers()`](crate::ScoringConfig::top_drivers); ties go to
    /// the lower dimension id, then the lower factor id.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, Scorer, ScoringConfig};
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
    /// let atlas = assess("atlas", "2026-09-30", &[
    ///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
    ///     ("competitive_pressure", 2), ("churn_signals", 3),
    ///     ("critical_path_delivery", 4), ("dependency_risk", 4),
    ///     ("margin_compression", 1), ("cost_volatility", 2),
    /// ])?;
    /// let scored = scorer.score(&atlas)?;
    /// let drivers: Vec<&str> = scored.drivers().map(|d| d.factor().as_str()).collect();
    /// assert_eq!(drivers, ["critical_path_delivery", "dependency_risk", "security"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn drivers(&self) -> impl Iterator<Item = Driver<'_>> + Clone {
        // Every recorded position is a rated factor of this model (see `Scorer::score`),
        // so nothing is filtered out here.
        self.driver_positions().filter_map(move |flat| {
            let (dimension, factor) = self.locate(flat)?;
            let line = self.factor_line(usize::try_from(flat).ok()?)?;
            Some(Driver {
                dimension,
                factor,
                rating: line.rating?,
                lift: line.lift,
            })
        })
    }

    /// The drivers as positions in model order.
    pub(super) fn driver_positions(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        let (written, tabulated) = match &self.explanation {
            Explanation::Lines { drivers, .. } => (Some(drivers.iter().copied()), None),
            Explanation::Tabulated(compact) => (None, Some(compact.drivers())),
        };
        written
            .into_iter()
            .flatten()
            .chain(tabulated.into_iter().flatten())
    }

    /// The line of the factor at position `flat` in model order.
    fn factor_line(&self, flat: usize) -> Option<FactorLine> {
        match &self.explanation {
            Explanation::Lines { factors, .. } => factors.get(flat).copied(),
            Explanation::Tabulated(compact) => Some(compact.factor_line(flat)),
        }
    }

    /// The dimension and factor at position `flat` of the model (factors counted
    /// dimension by dimension).
    fn locate(&self, flat: u32) -> Option<(&DimensionSpec, &FactorSpec)> {
        let mut rest = usize::try_from(flat).ok()?;
        for dimension in self.model().dimensions() {
            match dimension.factors.get(rest) {
                Some(factor) => return Some((dimension, factor)),
                None => rest = rest.checked_sub(dimension.factors.len())?,
            }
        }
        None
    }
}

// The Debug text is the one the derived Debug of the owned explanation gave before the
// results became compact, so that logs and tests read the same.
impl std::fmt::Debug for FactorScore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactorScore")
            .field("factor", self.factor())
            .field("weight", &self.weight())
            .field("rating", &self.rating())
            .field("share", &self.share())
            .field("contribution", &self.contribution())
            .field("lift", &self.lift())
            .finish()
    }
}

impl std::fmt::Debug for DimensionScore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DimensionScore")
            .field("dimension", self.dimension())
            .field("weight", &self.weight())
            .field("share", &self.share())
            .field("score", &self.score())
            .field("band", &self.band())
            .field("contribution", &self.contribution())
            .field("factors", &List(self.factors()))
            .finish()
    }
}

impl std::fmt::Debug for Driver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("dimension", self.dimension())
            .field("factor", self.factor())
            .field("rating", &self.rating())
            .field("lift", &self.lift())
            .finish()
    }
}

impl std::fmt::Debug for ProductScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProductScore")
            .field("product", &self.product)
            .field("date", &self.date)
            .field("score", &self.score)
            .field("band", &self.band)
            .field("dimensions", &List(self.dimensions()))
            .field("drivers", &List(self.drivers()))
            .field("alerts", &self.alerts)
            .finish()
    }
}

/// An iterator printed as a list.
struct List<I>(I);

impl<I> std::fmt::Debug for List<I>
where
    I: Iterator + Clone,
    I::Item: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

// The JSON is the one the owned explanation gave: every line names its dimension or
// factor and weight, written out from the model.
#[cfg(feature = "serde")]
mod ser {
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::{DimensionScore, Driver, FactorScore, ProductScore};

    impl Serialize for FactorScore<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("FactorScore", 6)?;
            s.serialize_field("factor", self.factor())?;
            s.serialize_field("weight", &self.weight())?;
            s.serialize_field("rating", &self.rating())?;
            s.serialize_field("share", &self.share())?;
            s.serialize_field("contribution", &self.contribution())?;
            s.serialize_field("lift", &self.lift())?;
            s.end()
        }
    }

    impl Serialize for DimensionScore<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("DimensionScore", 7)?;
            s.serialize_field("dimension", self.dimension())?;
            s.serialize_field("weight", &self.weight())?;
            s.serialize_field("share", &self.share())?;
            s.serialize_field("score", &self.score())?;
            s.serialize_field("band", &self.band())?;
            s.serialize_field("contribution", &self.contribution())?;
            s.serialize_field("factors", &Seq(self.factors()))?;
            s.end()
        }
    }

    impl Serialize for Driver<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Driver", 4)?;
            s.serialize_field("dimension", self.dimension())?;
            s.serialize_field("factor", self.factor())?;
            s.serialize_field("rating", &self.rating())?;
            s.serialize_field("lift", &self.lift())?;
            s.end()
        }
    }

    impl Serialize for ProductScore {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("ProductScore", 7)?;
            s.serialize_field("product", &self.product)?;
            s.serialize_field("date", &self.date)?;
            s.serialize_field("score", &self.score)?;
            s.serialize_field("band", &self.band)?;
            s.serialize_field("dimensions", &Seq(self.dimensions()))?;
            s.serialize_field("drivers", &Seq(self.drivers()))?;
            s.serialize_field("alerts", &self.alerts)?;
            s.end()
        }
    }

    /// An iterator serialized as a sequence.
    struct Seq<I>(I);

    impl<I> Serialize for Seq<I>
    where
        I: Iterator + Clone,
        I::Item: Serialize,
    {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.clone())
        }
    }
}
