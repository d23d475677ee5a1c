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

use std::borrow::{Borrow, Cow};

use folio_types::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::groups::GroupIndex;
use crate::policy::ReviewPolicy;
use crate::rates::Group;
use crate::status::{CheckpointReview, InitiativeReview, reborrow};
use crate::value::BenefitUnit;
use crate::variance::Variance;

/// A required post-mortem, with the evidence that triggered it.
///
/// # Example
///
/// ```
/// use folio_benefits::ReviewPolicy;
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// // Counted so far: 900 + 600 + 0 (checkpoint 3 is overdue) against 3000 expected, a
/// // 50% shortfall, beyond the default 25% post-mortem threshold.
/// let review = book.review(as_of, &ReviewPolicy::default())?;
/// let pm = review.post_mortems().next().ok_or("no post-mortem")?;
/// assert_eq!(pm.initiative().as_str(), "sso");
/// assert_eq!((pm.owner().as_str(), pm.product_line().as_str()), ("ana", "platform"));
/// assert_eq!(pm.unit().to_string(), "money in EUR");
/// assert_eq!((pm.expected(), pm.realized()), (Decimal::from(3000), Decimal::from(1500)));
/// assert_eq!(pm.rate().map(|r| r.to_string()), Some("0.5".to_owned()));
/// assert_eq!(pm.variance().absolute, Decimal::from(-1500));
/// assert_eq!(pm.threshold().to_string(), "0.25");
/// // The evidence: the three counted checkpoints.
/// assert_eq!(pm.checkpoints().map(|c| c.number()).collect::<Vec<_>>(), [1, 2, 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PostMortem<'a> {
    review: &'a InitiativeReview<'a>,
    threshold: Ratio,
}

impl<'a> PostMortem<'a> {
    /// The post-mortem of `review` under `threshold`.
    pub(crate) fn new(review: &'a InitiativeReview<'a>, threshold: Ratio) -> Self {
        Self { review, threshold }
    }

    /// The initiative.
    pub fn initiative(&self) -> &'a InitiativeId {
        &self.review.initiative
    }

    /// The owner of its business case.
    pub fn owner(&self) -> &'a OwnerId {
        &self.review.owner
    }

    /// Its product line.
    pub fn product_line(&self) -> &'a ProductLineId {
        &self.review.product_line
    }

    /// The unit of its benefit.
    pub fn unit(&self) -> &'a BenefitUnit {
        &self.review.unit
    }

    /// Expected benefit over the counted checkpoints.
    pub fn expected(&self) -> Decimal {
        self.review.expected
    }

    /// Realized benefit over the counted checkpoints.
    pub fn realized(&self) -> Decimal {
        self.review.realized
    }

    /// realized / expected, when defined.
    pub fn rate(&self) -> Option<Ratio> {
        self.review.rate
    }

    /// The variance of the totals; its size exceeds `threshold`.
    pub fn variance(&self) -> Variance {
        self.review.variance
    }

    /// The threshold it exceeded (the policy's `post_mortem_threshold`).
    pub fn threshold(&self) -> Ratio {
        self.threshold
    }

    /// The counted checkpoints, the evidence, in number order.
    pub fn checkpoints(&self) -> impl DoubleEndedIterator<Item = CheckpointReview<'a>> + Clone {
        self.review
            .checkpoints
            .iter()
            .filter(CheckpointReview::counted)
    }

    /// The review of the initiative, with every checkpoint.
    pub fn initiative_review(&self) -> &'a InitiativeReview<'a> {
        self.review
    }
}

/// The post-mortems `initiatives` require under `policy`, in initiative-id order.
///
/// See the [module docs](self) for the rule.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] if the policy is out of range.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, post_mortems};
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let reviews = book.initiative_reviews(as_of, &ReviewPolicy::default())?;
/// // A 50% shortfall is beyond the default threshold of 25% ...
/// assert_eq!(post_mortems(&reviews, &ReviewPolicy::default())?.len(), 1);
/// // ... but not beyond a lenient one of 60%.
/// let lenient = ReviewPolicy::default().with_thresholds("0.10".parse()?, "0.6".parse()?)?;
/// assert!(post_mortems(&reviews, &lenient)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn post_mortems<'a>(
    initiatives: &'a [InitiativeReview<'a>],
    policy: &ReviewPolicy,
) -> Result<Vec<PostMortem<'a>>> {
    let positions = post_mortem_positions(initiatives, policy)?;
    Ok(positions
        .iter()
        .filter_map(|&position| initiatives.get(position))
        .map(|review| PostMortem::new(review, policy.post_mortem_threshold))
        .collect())
}

/// The positions in `initiatives` of the initiatives that require a post-mortem under
/// `policy`, in initiative-id order.
pub(crate) fn post_mortem_positions(
    initiatives: &[InitiativeReview<'_>],
    policy: &ReviewPolicy,
) -> Result<Vec<usize>> {
    policy.validate()?;
    let mut triggered: Vec<usize> = initiatives
        .iter()
        .enumerate()
        .filter(|(_, review)| triggers_post_mortem(review, policy))
        .map(|(position, _)| position)
        .collect();
    let id = |position: &usize| initiatives.get(*position).map(|r| &r.initiative);
    // Initiative reviews come in id order from a book: then there is nothing to sort.
    if !triggered.is_sorted_by(|a, b| id(a) <= id(b)) {
        triggered.sort_by(|a, b| id(a).cmp(&id(b)));
    }
    Ok(triggered)
}

impl std::fmt::Display for BiasVerdict {
    /// `insufficient data`, `over-promising`, `under-promising` or `balanced`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::InsufficientData => "insufficient data",
            Self::OverPromising => "over-promising",
            Self::UnderPromising => "under-promising",
            Self::Balanced => "balanced",
        })
    }
}

/// Whether a group's business cases systematically miss one way.
///
/// # Example
///
/// ```
/// use folio_benefits::{BiasVerdict, ReviewPolicy, estimation_bias};
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let reviews = book.initiative_reviews(as_of, &ReviewPolicy::default())?;
/// // One case is too few for a verdict by default (3 are needed) ...
/// let bias = estimation_bias(&reviews, &ReviewPolicy::default())?;
/// assert_eq!(bias[0].verdict, BiasVerdict::InsufficientData);
/// // ... with one enough, the one case realized less than it promised: over-promising.
/// let eager = ReviewPolicy::default().with_bias(1, "0.75".parse()?)?;
/// let bias = estimation_bias(&reviews, &eager)?;
/// assert_eq!(bias[0].verdict, BiasVerdict::OverPromising);
/// assert_eq!(bias[0].initiatives[0].shortfall.to_string(), "0.5");
/// assert_eq!(bias[0].verdict.to_string(), "over-promising");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "Whether a group's business cases systematically miss one way.")
)]
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
///
/// Its initiative id is borrowed from the initiative reviews' own ids (so from the book
/// when they come from one); [`into_owned`](Self::into_owned) copies it.
///
/// # Example
///
/// ```
/// use folio_benefits::{BiasVerdict, ReviewPolicy, estimation_bias};
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let reviews = book.initiative_reviews(as_of, &ReviewPolicy::default())?;
/// // One case is too few for a verdict by default (3 are needed) ...
/// let bias = estimation_bias(&reviews, &ReviewPolicy::default())?;
/// assert_eq!(bias[0].verdict, BiasVerdict::InsufficientData);
/// // ... with one enough, the one case realized less than it promised: over-promising.
/// let eager = ReviewPolicy::default().with_bias(1, "0.75".parse()?)?;
/// let bias = estimation_bias(&reviews, &eager)?;
/// assert_eq!(bias[0].verdict, BiasVerdict::OverPromising);
/// assert_eq!(bias[0].initiatives[0].shortfall.to_string(), "0.5");
/// assert_eq!(bias[0].verdict.to_string(), "over-promising");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "One initiative's part in a bias figure.")
)]
pub struct BiasEntry<'a> {
    /// The initiative.
    pub initiative: Cow<'a, InitiativeId>,
    /// Its realization rate.
    pub rate: Ratio,
    /// 1 - rate: the share of the promise that did not materialize.
    pub shortfall: Ratio,
}

/// The estimation bias of one owner or product line.
///
/// # Example
///
/// ```
/// use folio_benefits::{BiasVerdict, ReviewPolicy, estimation_bias};
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let reviews = book.initiative_reviews(as_of, &ReviewPolicy::default())?;
/// // One case is too few for a verdict by default (3 are needed) ...
/// let bias = estimation_bias(&reviews, &ReviewPolicy::default())?;
/// assert_eq!(bias[0].verdict, BiasVerdict::InsufficientData);
/// // ... with one enough, the one case realized less than it promised: over-promising.
/// let eager = ReviewPolicy::default().with_bias(1, "0.75".parse()?)?;
/// let bias = estimation_bias(&reviews, &eager)?;
/// assert_eq!(bias[0].verdict, BiasVerdict::OverPromising);
/// assert_eq!(bias[0].initiatives[0].shortfall.to_string(), "0.5");
/// assert_eq!(bias[0].verdict.to_string(), "over-promising");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "The estimation bias of one owner or product line.")
)]
pub struct Bias<'a> {
    /// The owner or product line.
    pub group: Group,
    /// Each initiative with a rate, by id.
    pub initiatives: Vec<BiasEntry<'a>>,
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

impl BiasEntry<'_> {
    /// The same entry with its initiative id owned, so that it can outlive the book.
    pub fn into_owned(self) -> BiasEntry<'static> {
        BiasEntry {
            initiative: Cow::Owned(self.initiative.into_owned()),
            rate: self.rate,
            shortfall: self.shortfall,
        }
    }
}

impl Bias<'_> {
    /// The same bias with its initiative ids owned, so that it can outlive the book.
    pub fn into_owned(self) -> Bias<'static> {
        Bias {
            group: self.group,
            initiatives: self
                .initiatives
                .into_iter()
                .map(BiasEntry::into_owned)
                .collect(),
            over_promised: self.over_promised,
            on_target: self.on_target,
            under_promised: self.under_promised,
            share_over_promised: self.share_over_promised,
            share_under_promised: self.share_under_promised,
            mean_shortfall: self.mean_shortfall,
            verdict: self.verdict,
        }
    }
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
///
/// # Example
///
/// ```
/// use folio_benefits::{BiasVerdict, ReviewPolicy, estimation_bias};
/// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization};
/// # use folio_types::{Currency, Money, NaiveDate};
/// # use rust_decimal::Decimal;
/// # type R<T> = Result<T, Box<dyn std::error::Error>>;
/// # fn day(s: &str) -> R<NaiveDate> { Ok(s.parse()?) }
/// # fn eur(amount: i64) -> R<BenefitValue> {
/// #     Ok(BenefitValue::Money(Money::new(Decimal::from(amount), Currency::new("EUR")?)))
/// # }
/// # fn realized(checkpoint: u32, on: &str, amount: i64) -> R<Realization> {
/// #     Ok(Realization { initiative: "sso".parse()?, checkpoint, recorded_on: day(on)?, realized: eur(amount)?, root_cause: None })
/// # }
/// # fn book() -> R<BenefitsBook> {
/// #     let case = BenefitsCase {
/// #         initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
/// #         approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
/// #         expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
/// #     };
/// #     let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
/// #     Ok(BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?)
/// # }
///
/// // SSO launched on 1 February 2026 and promised 1000 EUR at each of its first three
/// // checkpoints (due 3 March, 2 April, 2 May) and 3000 EUR at the fourth (2 August).
/// // 900 EUR were recorded for checkpoint 1 and 600 EUR for checkpoint 2; nothing since.
/// let book = book()?;
/// let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
/// let reviews = book.initiative_reviews(as_of, &ReviewPolicy::default())?;
/// // One case is too few for a verdict by default (3 are needed) ...
/// let bias = estimation_bias(&reviews, &ReviewPolicy::default())?;
/// assert_eq!(bias[0].verdict, BiasVerdict::InsufficientData);
/// // ... with one enough, the one case realized less than it promised: over-promising.
/// let eager = ReviewPolicy::default().with_bias(1, "0.75".parse()?)?;
/// let bias = estimation_bias(&reviews, &eager)?;
/// assert_eq!(bias[0].verdict, BiasVerdict::OverPromising);
/// assert_eq!(bias[0].initiatives[0].shortfall.to_string(), "0.5");
/// assert_eq!(bias[0].verdict.to_string(), "over-promising");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn estimation_bias<'a>(
    initiatives: &[InitiativeReview<'a>],
    policy: &ReviewPolicy,
) -> Result<Vec<Bias<'a>>> {
    policy.validate()?;
    let mut sorted: Vec<&InitiativeReview<'a>> = initiatives.iter().collect();
    // Reviews from a book already come in id order. The sort is stable: reviews of
    // one id keep their input order.
    if !sorted.is_sorted_by(|a, b| a.initiative <= b.initiative) {
        sorted.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    }
    let groups = GroupIndex::of_reviews(&sorted);
    bias_by_rank(&sorted, &groups, policy)
}

/// The estimation bias of `initiatives`, which are in id order, grouped as `groups`
/// ranks them (one entry per initiative, in the same order; see `crate::groups`): the
/// owners by rank, then the product lines by rank. The policy is assumed valid.
pub(crate) fn bias_by_rank<'a, R: Borrow<InitiativeReview<'a>>>(
    initiatives: &[R],
    groups: &GroupIndex,
    policy: &ReviewPolicy,
) -> Result<Vec<Bias<'a>>> {
    // Per group: its first initiative, whose ids name it, and its members in order.
    type Slot<'r, 'a> = (
        Option<&'r InitiativeReview<'a>>,
        Vec<(&'r Cow<'a, InitiativeId>, Option<Ratio>)>,
    );
    let owners = groups.owners.len();
    let mut slots: Vec<Slot<'_, 'a>> = std::iter::repeat_with(|| (None, Vec::new()))
        .take(owners.saturating_add(groups.lines.len()))
        .collect();
    for (review, ranks) in initiatives.iter().zip(&groups.initiatives) {
        let review = review.borrow();
        for slot in [ranks.owner, owners.saturating_add(ranks.line)] {
            if let Some((first, members)) = slots.get_mut(slot) {
                first.get_or_insert(review);
                members.push((&review.initiative, review.rate));
            }
        }
    }
    // Owners first, as documented, then product lines.
    let mut bias = Vec::with_capacity(slots.len());
    for (index, (first, members)) in slots.into_iter().enumerate() {
        let Some(first) = first else { continue };
        let group = if index < owners {
            Group::Owner(OwnerId::clone(&first.owner))
        } else {
            Group::ProductLine(ProductLineId::clone(&first.product_line))
        };
        bias.push(bias_of(group, members, policy)?);
    }
    Ok(bias)
}

/// Whether an initiative needs a post-mortem: something counted, and the variance of
/// its counted totals beyond the threshold.
pub(crate) fn triggers_post_mortem(review: &InitiativeReview<'_>, policy: &ReviewPolicy) -> bool {
    post_mortem_due(review, review.counted().next().is_some(), policy)
}

/// Whether `review`, of which some checkpoint counts if `any_counted`, needs a
/// post-mortem (as [`triggers_post_mortem`], for a review whose checkpoint reviews
/// cannot be read yet).
pub(crate) fn post_mortem_due(
    review: &InitiativeReview<'_>,
    any_counted: bool,
    policy: &ReviewPolicy,
) -> bool {
    any_counted && review.variance.exceeds(policy.post_mortem_threshold)
}

/// The bias of one group, from its members in id order (those without a rate count
/// in none of its figures).
fn bias_of<'a>(
    group: Group,
    members: Vec<(&Cow<'a, InitiativeId>, Option<Ratio>)>,
    policy: &ReviewPolicy,
) -> Result<Bias<'a>> {
    let overflow = |operation| Error::Overflow {
        operation,
        subject: group.to_string(),
    };
    // The shortfalls' sum, one `checked_add` at a time from zero.
    let sequential_sum = |entries: &[BiasEntry<'_>]| -> Result<Decimal> {
        let mut total = Decimal::ZERO;
        for entry in entries {
            total = total
                .checked_add(entry.shortfall.value())
                .ok_or_else(|| overflow("summing shortfalls"))?;
        }
        Ok(total)
    };
    let mut entries = Vec::with_capacity(members.len());
    let (mut over, mut on, mut under) = (0u32, 0u32, 0u32);
    for (initiative, rate) in members {
        let Some(rate) = rate else { continue };
        let shortfall = match crate::exact::one_minus(rate.value()) {
            Some(shortfall) => shortfall,
            None => match Decimal::ONE.checked_sub(rate.value()) {
                Some(shortfall) => shortfall,
                None => {
                    // The shortfalls are summed after this loop; the running sum of
                    // the earlier ones failing first is the error to report.
                    sequential_sum(&entries)?;
                    return Err(overflow("computing a shortfall"));
                }
            },
        };
        // 1 − rate is exact, or rounded only in its last places, so its sign is that
        // of 1 − rate: over-promised when positive.
        let counter = if shortfall.is_zero() {
            &mut on
        } else if shortfall.is_sign_negative() {
            &mut under
        } else {
            &mut over
        };
        *counter = counter.saturating_add(1);
        entries.push(BiasEntry {
            initiative: reborrow(initiative),
            rate,
            shortfall: Ratio::from_decimal(shortfall),
        });
    }
    // Integer sums where they give `rust_decimal`'s digits (see `exact::sum`).
    let total_shortfall = match crate::exact::sum(entries.iter().map(|e| e.shortfall.value())) {
        Some(total) => total,
        None => sequential_sum(&entries)?,
    };
    let n = Decimal::from(entries.len());
    let share = |count: u32| -> Result<Option<Ratio>> {
        if n.is_zero() {
            Ok(None)
        } else {
            crate::exact::ratio_of(Decimal::from(count), n)
                .map(Some)
                .map_err(|_| overflow("computing a share"))
        }
    };
    let share_over_promised = share(over)?;
    let share_under_promised = share(under)?;
    let mean_shortfall = if n.is_zero() {
        None
    } else {
        Some(
            crate::exact::ratio_of(total_shortfall, n)
                .map_err(|_| overflow("averaging shortfalls"))?,
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::fixture::initiative;

    fn r(text: &str) -> Ratio {
        Ratio::new(text.parse().unwrap()).unwrap()
    }

    fn owner(id: &str) -> Group {
        Group::Owner(id.parse().unwrap())
    }

    #[test]
    fn post_mortem_table() {
        // (expected, realized, triggers at the default 25%)
        let cases = [
            ("1000", "750", false), // exactly 25% short: not beyond
            ("1000", "749", true),
            ("1000", "1250", false),
            ("1000", "1251", true), // over-delivery beyond Z is flagged too
            ("1000", "0", true),
            ("0", "0", false),
            ("0", "10", true), // nothing promised, something happened
        ];
        let initiatives: Vec<_> = cases
            .iter()
            .enumerate()
            .map(|(i, (e, re, _))| initiative(&format!("i{i}"), "o", "l", "EUR", e, re))
            .collect();
        let triggered = post_mortems(&initiatives, &ReviewPolicy::default()).unwrap();
        let got: Vec<_> = triggered
            .iter()
            .map(|p| p.initiative().to_string())
            .collect();
        let expected: Vec<_> = cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.2)
            .map(|(i, _)| format!("i{i}"))
            .collect();
        assert_eq!(got, expected);
        let first = &triggered[0];
        assert_eq!(first.threshold(), r("0.25"));
        assert_eq!(first.variance().relative, Some(r("-0.251")));
        assert_eq!(
            first.checkpoints().count(),
            1,
            "the evidence is the counted checkpoints"
        );
    }

    #[test]
    fn nothing_counted_never_triggers() {
        let mut review = initiative("x", "o", "l", "EUR", "0", "10");
        review.checkpoints = Vec::new().into();
        assert_eq!(
            post_mortems(&[review], &ReviewPolicy::default()).unwrap(),
            vec![]
        );
    }

    #[test]
    fn worked_example_of_the_module_docs() {
        let initiatives = [
            initiative("a", "ana", "l1", "EUR", "100", "50"),
            initiative("b", "ana", "l1", "EUR", "100", "80"),
            initiative("c", "ana", "l2", "users", "100", "90"),
            initiative("d", "ana", "l2", "USD", "100", "120"),
        ];
        let bias = estimation_bias(&initiatives, &ReviewPolicy::default()).unwrap();
        let groups: Vec<_> = bias.iter().map(|b| b.group.to_string()).collect();
        assert_eq!(
            groups,
            [
                "owner \"ana\"",
                "product line \"l1\"",
                "product line \"l2\""
            ]
        );
        let ana = &bias[0];
        assert_eq!(ana.mean_shortfall, Some(r("0.15")));
        assert_eq!(
            (ana.over_promised, ana.on_target, ana.under_promised),
            (3, 0, 1)
        );
        assert_eq!(ana.share_over_promised, Some(r("0.75")));
        assert_eq!(ana.share_under_promised, Some(r("0.25")));
        assert_eq!(ana.verdict, BiasVerdict::OverPromising);
        let shortfalls: Vec<_> = ana.initiatives.iter().map(|e| e.shortfall).collect();
        assert_eq!(shortfalls, [r("0.5"), r("0.2"), r("0.1"), r("-0.2")]);
        assert_eq!(bias[1].verdict, BiasVerdict::InsufficientData);
    }

    #[test]
    fn verdict_table() {
        // (realized benefit of one owner's initiatives, each expecting 100; verdict)
        let cases: &[(&[&str], BiasVerdict)] = &[
            (&[], BiasVerdict::InsufficientData),
            (&["50", "50"], BiasVerdict::InsufficientData),
            (&["50", "50", "50"], BiasVerdict::OverPromising),
            (&["50", "50", "150"], BiasVerdict::Balanced),
            (&["150", "120", "110", "90"], BiasVerdict::UnderPromising),
            (&["100", "100", "100"], BiasVerdict::Balanced),
            (&["100", "90", "110"], BiasVerdict::Balanced),
        ];
        for (realized, verdict) in cases {
            let initiatives: Vec<_> = realized
                .iter()
                .enumerate()
                .map(|(i, r)| initiative(&format!("i{i}"), "o", "l", "EUR", "100", r))
                .collect();
            let bias = estimation_bias(&initiatives, &ReviewPolicy::default()).unwrap();
            let got = bias
                .iter()
                .find(|b| b.group == owner("o"))
                .map(|b| b.verdict);
            let expected = (!realized.is_empty()).then_some(*verdict);
            assert_eq!(got, expected, "{realized:?}");
        }
    }

    #[test]
    fn initiatives_without_rate_are_listed_but_do_not_count() {
        let bias = estimation_bias(
            &[initiative("z", "o", "l", "EUR", "0", "5")],
            &ReviewPolicy::default(),
        )
        .unwrap();
        let o = &bias[0];
        assert!(o.initiatives.is_empty());
        assert_eq!(o.mean_shortfall, None);
        assert_eq!(o.share_over_promised, None);
        assert_eq!(o.verdict, BiasVerdict::InsufficientData);
    }
}
