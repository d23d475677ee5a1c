//! Scoring policy as plain data: the missing-rating policy, bands, trigger rules and
//! how many drivers to report.

use folio_types::{OwnerId, RiskRating};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::id::{DimensionId, TriggerRuleId};

/// What scoring does when an assessment leaves a factor unrated.
///
/// There is deliberately no "count it as zero" (or as any other rating): a missing
/// rating is either an error or visibly left out.
///
/// # Example
///
/// ```
/// use folio_risk::{MissingRatingPolicy, RiskModel, Scorer, ScoringConfig};
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
/// // Lens rates one technical and one financial factor only.
/// let lens = assess("lens", "2026-09-15", &[("reliability", 2), ("margin_compression", 5)])?;
/// let strict = Scorer::new(RiskModel::standard(), ScoringConfig::default())?;
/// assert!(strict.score(&lens).is_err()); // the default: every factor must be rated
/// let lenient = Scorer::new(
///     RiskModel::standard(),
///     ScoringConfig::default().with_missing(MissingRatingPolicy::ExcludeAndRenormalize),
/// )?;
/// // Technical 2 and financial 5 are left; the other dimensions are left out: (2 + 5) / 2.
/// assert_eq!(lenient.score(&lens)?.score.to_string(), "3.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "What scoring does when an assessment leaves a factor unrated.\n\nThere is deliberately no \"count it as zero\" (or as any other rating): a missing\nrating is either an error or visibly left out."
    )
)]
pub enum MissingRatingPolicy {
    /// The default: every factor of the model must be rated, else
    /// [`Error::MissingRating`] names the first unrated factor (in dimension, then factor
    /// id order). An incomplete assessment is caught, not scored.
    #[default]
    Error,
    /// Unrated factors are left out and the weights of the rated ones are renormalized
    /// within their dimension. A dimension with no rated factor of positive weight is
    /// left out the same way among the dimensions. The explanation marks every left-out
    /// factor and dimension (`rating: None`, `score: None`, share 0). If nothing with a
    /// positive weight is left, scoring fails with [`Error::NothingRated`].
    ExcludeAndRenormalize,
}

/// A risk band, from lowest to highest.
///
/// # Example
///
/// ```
/// use folio_risk::{Band, Bands};
/// use folio_types::RiskRating;
/// use rust_decimal::Decimal;
///
/// let band = Bands::default().band(RiskRating::new(Decimal::new(37, 1))?); // 3.7
/// assert_eq!(band, Band::High);
/// assert!(Band::High > Band::Medium); // bands order from lowest to highest
/// assert_eq!(band.to_string(), "high");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "A risk band, from lowest to highest.")
)]
pub enum Band {
    /// Low risk.
    Low,
    /// Medium risk.
    Medium,
    /// High risk.
    High,
    /// Critical risk.
    Critical,
}

impl std::fmt::Display for Band {
    /// The band in plain words: `low`, `medium`, `high` or `critical`.
    ///
    /// ```
    /// use folio_risk::Band;
    ///
    /// assert_eq!(Band::Critical.to_string(), "critical");
    /// assert_eq!(format!("{} risk", Band::Medium), "medium risk");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        })
    }
}

/// The cut points between the four [`Band`]s: the lowest score of the medium, high and
/// critical bands (each cut point belongs to the band above it).
///
/// The defaults centre each band on whole ratings, with the cuts at the midpoints:
/// a score below 2.5 is low (ratings of 1 and 2), 2.5 up to 3.5 is medium (3), 3.5 up to
/// 4.5 is high (4), and 4.5 or more is critical (5).
///
/// ```
/// use folio_types::RiskRating;
/// use folio_risk::{Band, Bands};
///
/// let r = |s: &str| RiskRating::new(s.parse().unwrap());
/// let bands = Bands::default();
/// assert_eq!(bands.band(r("2.4999")?), Band::Low);
/// assert_eq!(bands.band(r("2.5")?), Band::Medium);
/// assert_eq!(bands.band(r("4.5")?), Band::Critical);
/// // Cut points must increase strictly.
/// assert!(Bands::new(r("3")?, r("3")?, r("4")?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "BandsData", into = "BandsData"))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The cut points between the four [`Band`]s: the lowest score of the medium, high and\ncritical bands (each cut point belongs to the band above it).\n\nThe defaults centre each band on whole ratings, with the cuts at the midpoints:\na score below 2.5 is low (ratings of 1 and 2), 2.5 up to 3.5 is medium (3), 3.5 up to\n4.5 is high (4), and 4.5 or more is critical (5)."
    )
)]
pub struct Bands {
    medium: RiskRating,
    high: RiskRating,
    critical: RiskRating,
}

/// The serde form of [`Bands`].
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct BandsData {
    /// The lowest score in the medium band.
    medium: RiskRating,
    /// The lowest score in the high band.
    high: RiskRating,
    /// The lowest score in the critical band.
    critical: RiskRating,
}

impl Bands {
    /// Bands with the given lower bounds.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBands`] unless `medium < high < critical`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{Band, Bands};
    /// use folio_types::RiskRating;
    /// use rust_decimal::Decimal;
    ///
    /// let r = |n: i64| RiskRating::new(Decimal::from(n));
    /// // A stricter scale: medium from 2, high from 3, critical from 4.
    /// let strict = Bands::new(r(2)?, r(3)?, r(4)?)?;
    /// assert_eq!(strict.band(r(3)?), Band::High);
    /// assert!(Bands::new(r(3)?, r(2)?, r(4)?).is_err()); // cut points must increase
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(medium: RiskRating, high: RiskRating, critical: RiskRating) -> Result<Self> {
        if medium < high && high < critical {
            Ok(Self {
                medium,
                high,
                critical,
            })
        } else {
            Err(Error::InvalidBands {
                medium,
                high,
                critical,
            })
        }
    }

    /// The lowest score in the medium band.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::Bands;
    ///
    /// assert_eq!(Bands::default().medium().to_string(), "2.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn medium(&self) -> RiskRating {
        self.medium
    }

    /// The lowest score in the high band.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::Bands;
    ///
    /// assert_eq!(Bands::default().high().to_string(), "3.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn high(&self) -> RiskRating {
        self.high
    }

    /// The lowest score in the critical band.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::Bands;
    ///
    /// assert_eq!(Bands::default().critical().to_string(), "4.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn critical(&self) -> RiskRating {
        self.critical
    }

    /// The band of `score`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{Band, Bands};
    /// use folio_types::RiskRating;
    ///
    /// let bands = Bands::default();
    /// assert_eq!(bands.band(RiskRating::LOWEST), Band::Low);
    /// assert_eq!(bands.band(RiskRating::HIGHEST), Band::Critical);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn band(&self, score: RiskRating) -> Band {
        if score >= self.critical {
            Band::Critical
        } else if score >= self.high {
            Band::High
        } else if score >= self.medium {
            Band::Medium
        } else {
            Band::Low
        }
    }
}

impl Default for Bands {
    fn default() -> Self {
        // 2.5, 3.5 and 4.5 all lie in 1..=5; the fallback to the extremes is unreachable
        // but keeps this total without a panic.
        let cut =
            |tenths: i64| RiskRating::new(Decimal::new(tenths, 1)).unwrap_or(RiskRating::HIGHEST);
        Self {
            medium: cut(25),
            high: cut(35),
            critical: cut(45),
        }
    }
}

impl TryFrom<BandsData> for Bands {
    type Error = Error;

    fn try_from(data: BandsData) -> Result<Self> {
        Self::new(data.medium, data.high, data.critical)
    }
}

impl From<Bands> for BandsData {
    fn from(bands: Bands) -> Self {
        Self {
            medium: bands.medium,
            high: bands.high,
            critical: bands.critical,
        }
    }
}

/// What a fired trigger requires: a discussion and a plan, with an owner.
///
/// ```
/// use folio_risk::RequiredAction;
///
/// let action = RequiredAction::new(
///     "cto".parse()?,
///     "Portfolio risk review, next monthly health meeting",
///     "Mitigation plan with owners and dates for every factor rated 4 or 5",
/// )?;
/// assert_eq!(action.owner().as_str(), "cto");
/// assert_eq!(action.discussion(), "Portfolio risk review, next monthly health meeting");
/// assert!(action.plan().starts_with("Mitigation plan"));
/// assert!(RequiredAction::new("cto".parse()?, "Review", "  ").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RequiredActionData", into = "RequiredActionData")
)]
/// # Example
///
/// ```
/// use folio_risk::RequiredAction;
///
/// let action = RequiredAction::new("cpo".parse()?, "Portfolio review", "Mitigation plan within 30 days")?;
/// assert_eq!(action.owner().as_str(), "cpo");
/// assert!(RequiredAction::new("cpo".parse()?, "  ", "Plan").is_err()); // no empty text
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "What a fired trigger requires: a discussion and a plan, with an owner."
    )
)]
pub struct RequiredAction {
    owner: OwnerId,
    discussion: String,
    plan: String,
}

/// The serde form of [`RequiredAction`].
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct RequiredActionData {
    /// Who must hold the discussion and deliver the plan.
    owner: OwnerId,
    /// The discussion required: where and with whom. Must not be blank.
    discussion: String,
    /// The plan required. Must not be blank.
    plan: String,
}

impl RequiredAction {
    /// A required action.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] if `discussion` or `plan` is empty or only white space.
    pub fn new(
        owner: OwnerId,
        discussion: impl Into<String>,
        plan: impl Into<String>,
    ) -> Result<Self> {
        let discussion = discussion.into();
        let plan = plan.into();
        if discussion.trim().is_empty() {
            return Err(Error::EmptyText {
                field: "required action discussion",
            });
        }
        if plan.trim().is_empty() {
            return Err(Error::EmptyText {
                field: "required action plan",
            });
        }
        Ok(Self {
            owner,
            discussion,
            plan,
        })
    }

    /// Who must hold the discussion and deliver the plan.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::RequiredAction;
    ///
    /// let action = RequiredAction::new("cpo".parse()?, "Portfolio review", "Mitigation plan within 30 days")?;
    /// assert_eq!(action.owner().as_str(), "cpo");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owner(&self) -> &OwnerId {
        &self.owner
    }

    /// The discussion required.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::RequiredAction;
    ///
    /// let action = RequiredAction::new("cpo".parse()?, "Portfolio review", "Mitigation plan within 30 days")?;
    /// assert_eq!(action.discussion(), "Portfolio review");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discussion(&self) -> &str {
        &self.discussion
    }

    /// The plan required.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::RequiredAction;
    ///
    /// let action = RequiredAction::new("cpo".parse()?, "Portfolio review", "Mitigation plan within 30 days")?;
    /// assert_eq!(action.plan(), "Mitigation plan within 30 days");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self) -> &str {
        &self.plan
    }
}

impl TryFrom<RequiredActionData> for RequiredAction {
    type Error = Error;

    fn try_from(data: RequiredActionData) -> Result<Self> {
        Self::new(data.owner, data.discussion, data.plan)
    }
}

impl From<RequiredAction> for RequiredActionData {
    fn from(action: RequiredAction) -> Self {
        Self {
            owner: action.owner,
            discussion: action.discussion,
            plan: action.plan,
        }
    }
}

/// What a trigger rule watches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "on", rename_all = "snake_case", deny_unknown_fields)
)]
/// # Example
///
/// ```
/// use folio_risk::{RequiredAction, RiskModel, Scorer, ScoringConfig, TriggerRule, TriggerScope};
/// use folio_types::RiskRating;
/// # use folio_risk::Assessment;
/// # use rust_decimal::Decimal;
/// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
/// #     let mut pairs = Vec::new();
/// #     for &(factor, rating) in ratings {
/// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
/// #     }
/// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
/// # }
///
/// let rule = TriggerRule::new(
///     "technical-high".parse()?,
///     TriggerScope::Dimension { dimension: "technical".parse()? },
///     RiskRating::new(Decimal::new(35, 1))?, // 3.5
///     RequiredAction::new("cto".parse()?, "Architecture review", "Remediation plan")?,
/// )?;
/// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default().with_triggers(vec![rule])?)?;
/// // Technical (4, 5, 3) is 4, market (2, 3) 2.5, execution (4, 4) 4, financial (1, 2)
/// // 1.5; the four dimensions weigh the same, so the score is 12 / 4 = 3.
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// // Technical is 4, at or above 3.5: the rule fires.
/// let scored = scorer.score(&atlas)?;
/// assert_eq!(scored.alerts.len(), 1);
/// assert_eq!(scored.alerts[0].subject.to_string(), "technical score");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "What a trigger rule watches.")
)]
pub enum TriggerScope {
    /// The product's overall score.
    Score,
    /// The score of one dimension.
    Dimension {
        /// The watched dimension; it must exist in the model.
        dimension: DimensionId,
    },
    /// Every dimension's score: the rule fires once for each dimension at or above the
    /// threshold.
    AnyDimension,
}

/// A trigger: when the watched score is at or above `threshold`, `action` is required.
///
/// The rule fires on every assessment whose score is at or above the threshold, not only
/// on the first one that crosses it: a risk above the line keeps requiring its action
/// until it comes down. A portfolio review tells new alerts from standing ones.
///
/// A rule that exists is valid: [`new`](Self::new) and deserialization check that the
/// threshold is above the lowest rating, 1 (every score is at least 1, so such a rule
/// would fire on every assessment); the fields are private.
///
/// # Example
///
/// ```
/// use folio_risk::{RequiredAction, RiskModel, Scorer, ScoringConfig, TriggerRule, TriggerScope};
/// use folio_types::RiskRating;
/// # use folio_risk::Assessment;
/// # use rust_decimal::Decimal;
/// # fn assess(product: &str, date: &str, ratings: &[(&str, i64)]) -> Result<Assessment, Box<dyn std::error::Error>> {
/// #     let mut pairs = Vec::new();
/// #     for &(factor, rating) in ratings {
/// #         pairs.push((factor.parse()?, RiskRating::new(Decimal::from(rating))?));
/// #     }
/// #     Ok(Assessment::new(product.parse()?, date.parse()?, pairs)?)
/// # }
///
/// let rule = TriggerRule::new(
///     "technical-high".parse()?,
///     TriggerScope::Dimension { dimension: "technical".parse()? },
///     RiskRating::new(Decimal::new(35, 1))?, // 3.5
///     RequiredAction::new("cto".parse()?, "Architecture review", "Remediation plan")?,
/// )?;
/// let scorer = Scorer::new(RiskModel::standard(), ScoringConfig::default().with_triggers(vec![rule])?)?;
/// // Technical (4, 5, 3) is 4, market (2, 3) 2.5, execution (4, 4) 4, financial (1, 2)
/// // 1.5; the four dimensions weigh the same, so the score is 12 / 4 = 3.
/// let atlas = assess("atlas", "2026-09-30", &[
///     ("reliability", 4), ("security", 5), ("platform_debt", 3),
///     ("competitive_pressure", 2), ("churn_signals", 3),
///     ("critical_path_delivery", 4), ("dependency_risk", 4),
///     ("margin_compression", 1), ("cost_volatility", 2),
/// ])?;
/// // Technical is 4, at or above 3.5: the rule fires.
/// let scored = scorer.score(&atlas)?;
/// assert_eq!(scored.alerts.len(), 1);
/// assert_eq!(scored.alerts[0].subject.to_string(), "technical score");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A trigger: when the watched score is at or above `threshold`, `action` is required.\n\nThe rule fires on every assessment whose score is at or above the threshold, not only\non the first one that crosses it: a risk above the line keeps requiring its action\nuntil it comes down. A portfolio review tells new alerts from standing ones. The threshold is above 1."
    )
)]
// The fields are readable across the crate; outside it only through the getters, so a
// rule cannot be built around the checks.
pub struct TriggerRule {
    /// The rule's id, unique within a configuration.
    pub(crate) id: TriggerRuleId,
    /// What the rule watches.
    pub(crate) scope: TriggerScope,
    /// The lowest score that fires the rule.
    pub(crate) threshold: RiskRating,
    /// What a fired rule requires.
    pub(crate) action: RequiredAction,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(TriggerRule);

impl TriggerRule {
    /// A rule `id` that requires `action` when the score `scope` watches is at or
    /// above `threshold`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with [`InvalidSetting`](folio_types::Error::InvalidSetting)
    /// naming `threshold` if it is the lowest rating, 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RequiredAction, TriggerRule, TriggerScope};
    /// use folio_types::RiskRating;
    ///
    /// let action = RequiredAction::new("cpo".parse()?, "Risk review", "Mitigation plan")?;
    /// let rule = TriggerRule::new("score-high".parse()?, TriggerScope::Score, "4".parse()?, action.clone())?;
    /// assert_eq!(rule.threshold().to_string(), "4");
    /// let err = TriggerRule::new("always".parse()?, TriggerScope::Score, RiskRating::LOWEST, action).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid trigger rule: threshold (1) must be above 1, the lowest rating: rule \"always\" would fire on every assessment");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        id: TriggerRuleId,
        scope: TriggerScope,
        threshold: RiskRating,
        action: RequiredAction,
    ) -> Result<Self> {
        let rule = Self {
            id,
            scope,
            threshold,
            action,
        };
        rule.validate()?;
        Ok(rule)
    }

    /// The rule's id, unique within a configuration.
    pub fn id(&self) -> &TriggerRuleId {
        &self.id
    }

    /// What the rule watches.
    pub fn scope(&self) -> &TriggerScope {
        &self.scope
    }

    /// The lowest score that fires the rule; above 1.
    pub fn threshold(&self) -> RiskRating {
        self.threshold
    }

    /// What a fired rule requires.
    pub fn action(&self) -> &RequiredAction {
        &self.action
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> Result<()> {
        if self.threshold <= RiskRating::LOWEST {
            return Err(Error::Core(folio_types::Error::InvalidSetting {
                setting: "trigger rule",
                field: "threshold",
                problem: format!(
                    "({}) must be above 1, the lowest rating: rule {} would fire on every assessment",
                    self.threshold,
                    folio_types::error::quote(self.id.as_str())
                ),
            }));
        }
        Ok(())
    }
}

/// How to score assessments: plain data with documented defaults.
///
/// | field | default |
/// |---|---|
/// | `missing` | [`MissingRatingPolicy::Error`] |
/// | `bands` | [`Bands::default`]: 2.5 / 3.5 / 4.5 |
/// | `triggers` | none (a trigger needs an owner, which has no sensible default) |
/// | `top_drivers` | 3 |
///
/// A configuration that exists is valid: [`with_triggers`](Self::with_triggers) and
/// deserialization check that rule ids are unique (each rule is valid by its type, and
/// the bands by theirs); the fields are private. A watched dimension must exist in the
/// model, which is checked when a [`Scorer`](crate::Scorer) is built. A `top_drivers`
/// of 0 is allowed: it reports no drivers.
///
/// # Example
///
/// ```
/// use folio_risk::{MissingRatingPolicy, ScoringConfig};
///
/// let config = ScoringConfig::default();
/// assert_eq!(config.missing(), MissingRatingPolicy::Error);
/// assert_eq!(config.top_drivers(), 3);
/// assert!(config.triggers().is_empty());
/// # #[cfg(feature = "serde")]
/// # {
/// // In JSON every field may be left out.
/// let config: ScoringConfig = serde_json::from_str(r#"{ "top_drivers": 5 }"#)?;
/// assert_eq!(config.top_drivers(), 5);
/// assert_eq!(config.bands().band("3".parse()?), folio_risk::Band::Medium);
/// # }
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
        description = "How to score assessments: plain data with documented defaults.\n\n| field | default |\n|---|---|\n| `missing` | [`MissingRatingPolicy::Error`] |\n| `bands` | [`Bands::default`]: 2.5 / 3.5 / 4.5 |\n| `triggers` | none (a trigger needs an owner, which has no sensible default) |\n| `top_drivers` | 3 |\n\nThe rules are checked against the model when a [`Scorer`](crate::Scorer) is built:\nrule ids must be unique and a watched dimension must exist."
    )
)]
// The fields are readable across the crate; outside it only through the getters.
pub struct ScoringConfig {
    /// What to do with unrated factors.
    pub(crate) missing: MissingRatingPolicy,
    /// The band cut points.
    pub(crate) bands: Bands,
    /// The trigger rules.
    pub(crate) triggers: Vec<TriggerRule>,
    /// How many top drivers to report per product.
    pub(crate) top_drivers: usize,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        Self {
            missing: MissingRatingPolicy::default(),
            bands: Bands::default(),
            triggers: Vec::new(),
            top_drivers: 3,
        }
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(ScoringConfig);

impl ScoringConfig {
    /// The same configuration with the missing-rating policy `missing`.
    ///
    /// ```
    /// use folio_risk::{MissingRatingPolicy, ScoringConfig};
    ///
    /// let config = ScoringConfig::default().with_missing(MissingRatingPolicy::ExcludeAndRenormalize);
    /// assert_eq!(config.missing(), MissingRatingPolicy::ExcludeAndRenormalize);
    /// ```
    #[must_use]
    pub fn with_missing(self, missing: MissingRatingPolicy) -> Self {
        Self { missing, ..self }
    }

    /// The same configuration with the band cut points `bands` (valid by their type).
    ///
    /// ```
    /// use folio_risk::{Band, Bands, ScoringConfig};
    ///
    /// let bands = Bands::new("2".parse()?, "3".parse()?, "4".parse()?)?;
    /// let config = ScoringConfig::default().with_bands(bands);
    /// assert_eq!(config.bands().band("3".parse()?), Band::High);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_bands(self, bands: Bands) -> Self {
        Self { bands, ..self }
    }

    /// The same configuration with the trigger rules `triggers`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateRule`] naming the first id (in id order) that two rules share.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RequiredAction, ScoringConfig, TriggerRule, TriggerScope};
    ///
    /// let action = RequiredAction::new("cpo".parse()?, "Risk review", "Mitigation plan")?;
    /// let rule = TriggerRule::new("high".parse()?, TriggerScope::Score, "4".parse()?, action)?;
    /// let config = ScoringConfig::default().with_triggers(vec![rule.clone()])?;
    /// assert_eq!(config.triggers().len(), 1);
    /// let err = ScoringConfig::default().with_triggers(vec![rule.clone(), rule]).unwrap_err();
    /// assert_eq!(err.to_string(), "duplicate trigger rule \"high\"");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_triggers(self, triggers: Vec<TriggerRule>) -> Result<Self> {
        let config = Self { triggers, ..self };
        config.validate()?;
        Ok(config)
    }

    /// The same configuration reporting `top_drivers` drivers per product (0: none).
    ///
    /// ```
    /// use folio_risk::ScoringConfig;
    ///
    /// assert_eq!(ScoringConfig::default().with_top_drivers(5).top_drivers(), 5);
    /// ```
    #[must_use]
    pub fn with_top_drivers(self, top_drivers: usize) -> Self {
        Self {
            top_drivers,
            ..self
        }
    }

    /// What to do with unrated factors.
    pub fn missing(&self) -> MissingRatingPolicy {
        self.missing
    }

    /// The band cut points.
    pub fn bands(&self) -> &Bands {
        &self.bands
    }

    /// The trigger rules, ids unique.
    pub fn triggers(&self) -> &[TriggerRule] {
        &self.triggers
    }

    /// How many top drivers to report per product.
    pub fn top_drivers(&self) -> usize {
        self.top_drivers
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> Result<()> {
        let mut ids: Vec<&TriggerRuleId> = self.triggers.iter().map(|r| &r.id).collect();
        ids.sort();
        match ids.windows(2).find_map(|pair| match pair {
            [a, b] if a == b => Some((*a).clone()),
            _ => None,
        }) {
            Some(rule) => Err(Error::DuplicateRule { rule }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> RiskRating {
        RiskRating::new(s.parse().unwrap()).unwrap()
    }

    #[test]
    fn default_bands_table() {
        let bands = Bands::default();
        for (score, band) in [
            ("1", Band::Low),
            ("2.4999", Band::Low),
            ("2.5", Band::Medium),
            ("3", Band::Medium),
            ("3.4999", Band::Medium),
            ("3.5", Band::High),
            ("4.4999", Band::High),
            ("4.5", Band::Critical),
            ("5", Band::Critical),
        ] {
            assert_eq!(bands.band(r(score)), band, "{score}");
        }
        assert_eq!(
            (bands.medium(), bands.high(), bands.critical()),
            (r("2.5"), r("3.5"), r("4.5"))
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn custom_bands_must_increase() {
        let bands = Bands::new(r("2"), r("3"), r("4")).unwrap();
        assert_eq!(bands.band(r("3")), Band::High);
        for (m, h, c) in [
            ("3", "3", "4"),
            ("3", "2", "4"),
            ("2", "4", "4"),
            ("4", "3", "2"),
        ] {
            assert_eq!(
                Bands::new(r(m), r(h), r(c)),
                Err(Error::InvalidBands {
                    medium: r(m),
                    high: r(h),
                    critical: r(c)
                })
            );
        }
        let err = serde_json::from_str::<Bands>(r#"{"medium":"3","high":"3","critical":"4"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("must increase strictly"), "{err}");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn config_serde_defaults_and_validation() {
        let config: ScoringConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, ScoringConfig::default());
        let config: ScoringConfig = serde_json::from_str(
            r#"{"missing":"exclude_and_renormalize","top_drivers":5,"triggers":[
                {"id":"tech","scope":{"on":"dimension","dimension":"technical"},"threshold":"4",
                 "action":{"owner":"cto","discussion":"Risk review","plan":"Mitigation plan"}}]}"#,
        )
        .unwrap();
        assert_eq!(config.missing, MissingRatingPolicy::ExcludeAndRenormalize);
        assert_eq!(config.top_drivers, 5);
        assert_eq!(
            config.triggers[0].scope,
            TriggerScope::Dimension {
                dimension: DimensionId::new("technical").unwrap()
            }
        );
        let back: ScoringConfig =
            serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
        assert_eq!(back, config);

        for (json, message) in [
            (r#"{"missing":"zero"}"#, "unknown variant"),
            (r#"{"top_drivers":-1}"#, "invalid value"),
            (
                r#"{"triggers":[{"id":"t","scope":{"on":"score"},"threshold":"4",
                   "action":{"owner":"cto","discussion":"","plan":"p"}}]}"#,
                "required action discussion must not be empty",
            ),
            (
                r#"{"triggers":[{"id":"t","scope":{"on":"score"},"threshold":"7",
                   "action":{"owner":"cto","discussion":"d","plan":"p"}}]}"#,
                "risk rating 7 is outside 1..=5",
            ),
        ] {
            let err = serde_json::from_str::<ScoringConfig>(json).unwrap_err();
            assert!(err.to_string().contains(message), "{json}: {err}");
        }
    }
}
