//! The full review of a benefits book at `as_of`.
//!
//! The records a review lists (overdue checkpoints, missing root causes, post-mortems)
//! are views: each refers to its initiative's review (and checkpoint) rather than
//! carrying copies of its ids and numbers. The free functions ([`overdue`],
//! [`missing_root_causes`], [`post_mortems`](crate::post_mortems)) borrow them from the
//! initiative reviews they are given; a [`Review`] keeps only their positions in its
//! own initiative reviews and hands out the same views. The JSON (with the `serde`
//! feature) writes every record with its ids, as the records did when they were owned.

use chrono::NaiveDate;
use folio_types::{InitiativeId, OwnerId};
use rust_decimal::Decimal;

use crate::book::BenefitsBook;
use crate::error::Result;
use crate::exact::Threshold;
use crate::governance::{Bias, PostMortem, bias_by_rank, post_mortem_due};
use crate::policy::ReviewPolicy;
use crate::rates::{UnitRate, rates_by_rank};
use crate::status::{
    CheckpointReview, CheckpointStatus, CheckpointWriter, InitiativeReview, Noted,
    owned_initiatives, review_initiative_noting,
};
use crate::variance::Variance;

/// A checkpoint whose date has passed (beyond the grace period) with nothing recorded:
/// a view into the review of its initiative.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, overdue};
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
/// // Checkpoint 3 fell due on 2 May: 30 days overdue on 1 June.
/// let late = overdue(&reviews);
/// assert_eq!(late.len(), 1);
/// assert_eq!((late[0].checkpoint(), late[0].days_overdue()), (3, 30));
/// assert_eq!((late[0].initiative().as_str(), late[0].owner().as_str()), ("sso", "ana"));
/// assert_eq!(late[0].due_on(), NaiveDate::from_ymd_opt(2026, 5, 2).ok_or("bad date")?);
/// assert_eq!(late[0].expected(), Decimal::from(1000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct OverdueCheckpoint<'a> {
    review: &'a InitiativeReview<'a>,
    checkpoint: CheckpointReview<'a>,
}

impl<'a> OverdueCheckpoint<'a> {
    /// The initiative.
    pub fn initiative(&self) -> &'a InitiativeId {
        &self.review.initiative
    }

    /// The owner who should record it.
    pub fn owner(&self) -> &'a OwnerId {
        &self.review.owner
    }

    /// The checkpoint number.
    pub fn checkpoint(&self) -> u32 {
        self.checkpoint.number()
    }

    /// When it was due.
    pub fn due_on(&self) -> NaiveDate {
        self.checkpoint.due_on()
    }

    /// Days since it was due.
    pub fn days_overdue(&self) -> u32 {
        match self.checkpoint.status() {
            CheckpointStatus::Overdue { days_overdue } => days_overdue,
            // Only overdue checkpoints are viewed as overdue.
            _ => 0,
        }
    }

    /// The benefit that should have been shown.
    pub fn expected(&self) -> Decimal {
        self.checkpoint.expected()
    }

    /// The review of the initiative, with every checkpoint.
    pub fn initiative_review(&self) -> &'a InitiativeReview<'a> {
        self.review
    }

    /// The review of the checkpoint (by value: a small `Copy` view).
    pub fn checkpoint_review(&self) -> CheckpointReview<'a> {
        self.checkpoint
    }
}

/// A realized checkpoint whose variance is beyond the root-cause threshold, without a
/// root cause: a view into the review of its initiative.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, missing_root_causes};
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
/// // Checkpoint 1 missed by exactly 10%, which needs no root cause ("more than" is
/// // strict); checkpoint 2 missed by 40% and has none.
/// let missing = missing_root_causes(&reviews);
/// assert_eq!(missing.len(), 1);
/// assert_eq!((missing[0].initiative().as_str(), missing[0].checkpoint()), ("sso", 2));
/// assert_eq!(missing[0].owner().as_str(), "ana");
/// assert_eq!((missing[0].expected(), missing[0].realized()), (Decimal::from(1000), Decimal::from(600)));
/// assert_eq!(missing[0].variance().absolute, Decimal::from(-400));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MissingRootCause<'a> {
    review: &'a InitiativeReview<'a>,
    checkpoint: CheckpointReview<'a>,
}

impl<'a> MissingRootCause<'a> {
    /// The initiative.
    pub fn initiative(&self) -> &'a InitiativeId {
        &self.review.initiative
    }

    /// The owner who should explain it.
    pub fn owner(&self) -> &'a OwnerId {
        &self.review.owner
    }

    /// The checkpoint number.
    pub fn checkpoint(&self) -> u32 {
        self.checkpoint.number()
    }

    /// The expected benefit.
    pub fn expected(&self) -> Decimal {
        self.checkpoint.expected()
    }

    /// The realized benefit.
    pub fn realized(&self) -> Decimal {
        // Only realized checkpoints are viewed as missing a root cause.
        self.checkpoint.realized().unwrap_or(Decimal::ZERO)
    }

    /// The variance, beyond the threshold.
    pub fn variance(&self) -> Variance {
        self.checkpoint.variance().unwrap_or(Variance {
            absolute: Decimal::ZERO,
            relative: None,
        })
    }

    /// The review of the initiative, with every checkpoint.
    pub fn initiative_review(&self) -> &'a InitiativeReview<'a> {
        self.review
    }

    /// The review of the checkpoint (by value: a small `Copy` view).
    pub fn checkpoint_review(&self) -> CheckpointReview<'a> {
        self.checkpoint
    }
}

/// Everything a benefits review reports at `as_of`.
///
/// The overdue checkpoints, missing root causes and post-mortems are kept as positions
/// in the review's own [`initiatives`](Self::initiatives) and read as views
/// ([`OverdueCheckpoint`], [`MissingRootCause`], [`PostMortem`]); the JSON (with the
/// `serde` feature) writes them out in full. The initiative reviews, rates and bias
/// borrow their ids from the book (for `'a`); [`into_owned`](Self::into_owned) gives
/// a review that owns them.
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
/// let review = book.review(as_of, &ReviewPolicy::default())?;
/// assert_eq!(review.overdue().len(), 1);
/// assert_eq!(review.missing_root_causes().len(), 1);
/// assert_eq!(review.post_mortems().len(), 1);
/// assert_eq!(review.initiatives()[0].rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Review<'a> {
    /// The date of the review.
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: ReviewPolicy,
    /// Every initiative with its checkpoints, totals and rate, by id.
    initiatives: Vec<InitiativeReview<'a>>,
    /// Overdue checkpoints, as positions in `initiatives`.
    overdue: Vec<Spot>,
    /// Checkpoints missing a root cause, as positions in `initiatives`.
    missing_root_causes: Vec<Spot>,
    /// Realization rates of the portfolio and each product line, per unit
    /// ([`realization_rates`](crate::realization_rates)).
    pub rates: Vec<UnitRate<'a>>,
    /// Initiatives that need a post-mortem, as positions in `initiatives`.
    post_mortems: Vec<usize>,
    /// The threshold they exceeded, kept apart from the public `policy` so that the
    /// post-mortems stay as found if that is changed.
    post_mortem_threshold: folio_types::Ratio,
    /// Estimation bias per owner and product line
    /// ([`estimation_bias`](crate::estimation_bias)).
    pub bias: Vec<Bias<'a>>,
}

/// A checkpoint's place in a list of initiative reviews: the initiative's position in
/// the list and the checkpoint's in its checkpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spot {
    initiative: usize,
    checkpoint: usize,
}

/// The overdue checkpoints ([`Review::overdue`]) or missing root causes
/// ([`Review::missing_root_causes`]) of a [`Review`], as views into its initiative
/// reviews, in initiative-id and checkpoint order.
pub struct Records<'a, T> {
    initiatives: &'a [InitiativeReview<'a>],
    spots: std::slice::Iter<'a, Spot>,
    view: fn(&'a InitiativeReview<'a>, CheckpointReview<'a>) -> T,
}

// Not derived: a derived `Clone` would require `T: Clone`.
impl<T> Clone for Records<'_, T> {
    fn clone(&self) -> Self {
        Self {
            initiatives: self.initiatives,
            spots: self.spots.clone(),
            view: self.view,
        }
    }
}

impl<'a, T> Iterator for Records<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        for spot in self.spots.by_ref() {
            let resolved = self.initiatives.get(spot.initiative).and_then(|review| {
                review
                    .checkpoints
                    .get(spot.checkpoint)
                    .map(|checkpoint| (review, checkpoint))
            });
            if let Some((review, checkpoint)) = resolved {
                return Some((self.view)(review, checkpoint));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every spot of a review resolves: it was found in the same initiatives, which
        // the review never changes.
        let n = self.spots.len();
        (n, Some(n))
    }
}

impl<T> ExactSizeIterator for Records<'_, T> {}

impl<T> Records<'_, T> {
    /// Whether no record is left.
    pub fn is_empty(&self) -> bool {
        self.spots.len() == 0
    }
}

impl<T> DoubleEndedIterator for Records<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        while let Some(spot) = self.spots.next_back() {
            let resolved = self.initiatives.get(spot.initiative).and_then(|review| {
                review
                    .checkpoints
                    .get(spot.checkpoint)
                    .map(|checkpoint| (review, checkpoint))
            });
            if let Some((review, checkpoint)) = resolved {
                return Some((self.view)(review, checkpoint));
            }
        }
        None
    }
}

/// The post-mortems of a [`Review`], as views into its initiative reviews.
#[derive(Clone)]
pub struct PostMortems<'a> {
    initiatives: &'a [InitiativeReview<'a>],
    positions: std::slice::Iter<'a, usize>,
    threshold: folio_types::Ratio,
}

impl<'a> Iterator for PostMortems<'a> {
    type Item = PostMortem<'a>;

    fn next(&mut self) -> Option<PostMortem<'a>> {
        for &position in self.positions.by_ref() {
            if let Some(review) = self.initiatives.get(position) {
                return Some(PostMortem::new(review, self.threshold));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every position of a review resolves, as with `Records`.
        let n = self.positions.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for PostMortems<'_> {}

impl PostMortems<'_> {
    /// Whether no post-mortem is left.
    pub fn is_empty(&self) -> bool {
        self.positions.len() == 0
    }
}

impl<'a> DoubleEndedIterator for PostMortems<'a> {
    fn next_back(&mut self) -> Option<PostMortem<'a>> {
        while let Some(&position) = self.positions.next_back() {
            if let Some(review) = self.initiatives.get(position) {
                return Some(PostMortem::new(review, self.threshold));
            }
        }
        None
    }
}

impl<'a> Review<'a> {
    /// Every initiative with its checkpoints, totals and rate, by id.
    ///
    /// ```
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, ReviewPolicy};
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
    /// # let case = BenefitsCase {
    /// #     initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #     approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #     expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// # };
    /// # let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// # let book = BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?;
    /// // SSO promised 1000 EUR at each of its first three checkpoints (due 3 March,
    /// // 2 April, 2 May 2026); 900 and 600 EUR were recorded for the first two.
    /// let review = book.review(day("2026-06-01")?, &ReviewPolicy::default())?;
    /// assert_eq!(review.initiatives()[0].initiative.as_str(), "sso");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initiatives(&self) -> &[InitiativeReview<'a>] {
        &self.initiatives
    }

    /// Overdue checkpoints, by initiative id and checkpoint number.
    ///
    /// ```
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, ReviewPolicy};
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
    /// # let case = BenefitsCase {
    /// #     initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #     approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #     expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// # };
    /// # let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// # let book = BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?;
    /// // SSO promised 1000 EUR at each of its first three checkpoints (due 3 March,
    /// // 2 April, 2 May 2026); 900 and 600 EUR were recorded for the first two.
    /// let review = book.review(day("2026-06-01")?, &ReviewPolicy::default())?;
    /// // Checkpoint 3 was due on 2 May: 30 days overdue on 1 June.
    /// let overdue: Vec<(u32, u32)> = review.overdue().map(|o| (o.checkpoint(), o.days_overdue())).collect();
    /// assert_eq!(overdue, [(3, 30)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overdue(&self) -> Records<'_, OverdueCheckpoint<'_>> {
        Records {
            initiatives: &self.initiatives,
            spots: self.overdue.iter(),
            view: |review, checkpoint| OverdueCheckpoint { review, checkpoint },
        }
    }

    /// Variances beyond the threshold that lack a root cause, by initiative id and
    /// checkpoint number.
    ///
    /// ```
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, ReviewPolicy};
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
    /// # let case = BenefitsCase {
    /// #     initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #     approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #     expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// # };
    /// # let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// # let book = BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?;
    /// // SSO promised 1000 EUR at each of its first three checkpoints (due 3 March,
    /// // 2 April, 2 May 2026); 900 and 600 EUR were recorded for the first two.
    /// let review = book.review(day("2026-06-01")?, &ReviewPolicy::default())?;
    /// // Checkpoint 2 realized 600 of 1000 with no root cause recorded.
    /// let missing: Vec<u32> = review.missing_root_causes().map(|m| m.checkpoint()).collect();
    /// assert_eq!(missing, [2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing_root_causes(&self) -> Records<'_, MissingRootCause<'_>> {
        Records {
            initiatives: &self.initiatives,
            spots: self.missing_root_causes.iter(),
            view: |review, checkpoint| MissingRootCause { review, checkpoint },
        }
    }

    /// Required post-mortems ([`post_mortems`](crate::post_mortems)), by initiative id.
    ///
    /// ```
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, ReviewPolicy};
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
    /// # let case = BenefitsCase {
    /// #     initiative: "sso".parse()?, owner: "ana".parse()?, product_line: "platform".parse()?,
    /// #     approved_on: day("2026-01-05")?, launched_on: day("2026-02-01")?,
    /// #     expected: vec![eur(1000)?, eur(1000)?, eur(1000)?, eur(3000)?],
    /// # };
    /// # let realizations = vec![realized(1, "2026-03-03", 900)?, realized(2, "2026-04-20", 600)?];
    /// # let book = BenefitsBook::new(BookData { cases: vec![case], realizations, ..BookData::default() })?;
    /// // SSO promised 1000 EUR at each of its first three checkpoints (due 3 March,
    /// // 2 April, 2 May 2026); 900 and 600 EUR were recorded for the first two.
    /// let review = book.review(day("2026-06-01")?, &ReviewPolicy::default())?;
    /// // 1500 realized of the 3000 due by 1 June: a rate of 0.5.
    /// let post_mortem = review.post_mortems().next().ok_or("one post-mortem")?;
    /// assert_eq!(post_mortem.initiative().as_str(), "sso");
    /// assert_eq!(post_mortem.rate().map(|r| r.to_string()), Some("0.5".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn post_mortems(&self) -> PostMortems<'_> {
        PostMortems {
            initiatives: &self.initiatives,
            positions: self.post_mortems.iter(),
            threshold: self.post_mortem_threshold,
        }
    }

    /// The same review with every id owned rather than borrowed from the book, so that
    /// it can outlive the book (at the cost of a copy of each id, per initiative and
    /// per rate and bias member).
    ///
    /// ```
    /// # use folio_benefits::{BenefitValue, BenefitsBook, BenefitsCase, BookData, Realization, Review, ReviewPolicy};
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
    /// // A review kept after its book is gone.
    /// let review: Review<'static> = book()?.review(day("2026-06-01")?, &ReviewPolicy::default())?.into_owned();
    /// assert_eq!(review.post_mortems().next().ok_or("one post-mortem")?.initiative().as_str(), "sso");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Review<'static> {
        Review {
            as_of: self.as_of,
            policy: self.policy,
            initiatives: owned_initiatives(self.initiatives),
            overdue: self.overdue,
            missing_root_causes: self.missing_root_causes,
            rates: self.rates.into_iter().map(UnitRate::into_owned).collect(),
            post_mortems: self.post_mortems,
            post_mortem_threshold: self.post_mortem_threshold,
            bias: self.bias.into_iter().map(Bias::into_owned).collect(),
        }
    }
}

/// The overdue checkpoints among `initiatives`, in initiative-id and checkpoint order.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, overdue};
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
/// // Checkpoint 3 fell due on 2 May: 30 days overdue on 1 June.
/// let late = overdue(&reviews);
/// assert_eq!(late.len(), 1);
/// assert_eq!((late[0].checkpoint(), late[0].days_overdue()), (3, 30));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn overdue<'a>(initiatives: &'a [InitiativeReview<'a>]) -> Vec<OverdueCheckpoint<'a>> {
    let spots = overdue_spots(initiatives);
    spots
        .iter()
        .filter_map(|spot| {
            let review = initiatives.get(spot.initiative)?;
            let checkpoint = review.checkpoints.get(spot.checkpoint)?;
            Some(OverdueCheckpoint { review, checkpoint })
        })
        .collect()
}

/// The realized checkpoints among `initiatives` that need a root cause and have none,
/// in initiative-id and checkpoint order.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, missing_root_causes};
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
/// // Checkpoint 1 missed by exactly 10%, which needs no root cause ("more than" is
/// // strict); checkpoint 2 missed by 40% and has none.
/// let missing = missing_root_causes(&reviews);
/// assert_eq!(missing.len(), 1);
/// assert_eq!(missing[0].checkpoint(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn missing_root_causes<'a>(
    initiatives: &'a [InitiativeReview<'a>],
) -> Vec<MissingRootCause<'a>> {
    let spots = missing_root_cause_spots(initiatives);
    spots
        .iter()
        .filter_map(|spot| {
            let review = initiatives.get(spot.initiative)?;
            let checkpoint = review.checkpoints.get(spot.checkpoint)?;
            Some(MissingRootCause { review, checkpoint })
        })
        .collect()
}

/// The positions of the overdue checkpoints among `initiatives`, in initiative-id and
/// checkpoint order.
fn overdue_spots(initiatives: &[InitiativeReview<'_>]) -> Vec<Spot> {
    spots_where(initiatives, is_overdue)
}

/// Whether a checkpoint is overdue.
fn is_overdue(checkpoint: &CheckpointReview<'_>) -> bool {
    matches!(checkpoint.status(), CheckpointStatus::Overdue { .. })
}

/// The positions of the checkpoints among `initiatives` that miss a root cause, in
/// initiative-id and checkpoint order.
fn missing_root_cause_spots(initiatives: &[InitiativeReview<'_>]) -> Vec<Spot> {
    spots_where(initiatives, misses_root_cause)
}

/// Whether a checkpoint is realized and misses a root cause it needs.
fn misses_root_cause(checkpoint: &CheckpointReview<'_>) -> bool {
    checkpoint.root_cause_missing()
        && checkpoint.realized().is_some()
        && checkpoint.variance().is_some()
}

/// The positions of the checkpoints among `initiatives` for which `keep` holds, by
/// initiative id, then checkpoint number (a stable sort, skipped when they already are
/// in that order, as they are when the initiatives come from
/// [`BenefitsBook::initiative_reviews`], in id order).
fn spots_where(
    initiatives: &[InitiativeReview<'_>],
    keep: impl Fn(&CheckpointReview<'_>) -> bool,
) -> Vec<Spot> {
    let mut found = Vec::new();
    for (i, review) in initiatives.iter().enumerate() {
        for (c, checkpoint) in review.checkpoints.iter().enumerate() {
            if keep(&checkpoint) {
                found.push(Spot {
                    initiative: i,
                    checkpoint: c,
                });
            }
        }
    }
    let key = |spot: &Spot| {
        let review = initiatives.get(spot.initiative);
        (
            review.map(|r| &r.initiative),
            review
                .and_then(|r| r.checkpoints.get(spot.checkpoint))
                .map(|c| c.number()),
        )
    };
    // Neighbours mostly share one initiative (the same position): then only the
    // checkpoint numbers need comparing; checkpoints of a review are in number order
    // when they come from a book.
    let in_order = |a: &Spot, b: &Spot| {
        if a.initiative == b.initiative {
            key(a).1 <= key(b).1
        } else {
            key(a) <= key(b)
        }
    };
    if !found.is_sorted_by(in_order) {
        found.sort_by(|a, b| key(a).cmp(&key(b)));
    }
    found
}

impl BenefitsBook {
    /// Every initiative reviewed at `as_of`, in id order: checkpoint statuses,
    /// variances, root-cause requirements, totals and rates (see [`crate::status`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`](crate::Error::InvalidPolicy) if the policy is out of
    /// range; [`Error::Overflow`](crate::Error::Overflow) naming the initiative if a sum
    /// or ratio does not fit in a [`Decimal`].
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
    /// let sso = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
    /// assert_eq!(sso.checkpoints.len(), 4);
    /// // 900 + 600 + 0 realized of 3 × 1000 expected so far.
    /// assert_eq!((sso.expected, sso.realized), (Decimal::from(3000), Decimal::from(1500)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initiative_reviews(
        &self,
        as_of: NaiveDate,
        policy: &ReviewPolicy,
    ) -> Result<Vec<InitiativeReview<'_>>> {
        policy.validate()?;
        self.review_cases(as_of, policy, |_, _| {}, |_, _, _| {})
    }

    /// Every case reviewed at `as_of` (the policy is valid), in id order, telling
    /// `noted` about each checkpoint and `reviewed` about each initiative's review,
    /// with the initiative's position and whether any of its checkpoints counts, while
    /// they are fresh (its checkpoint reviews cannot be read then: they are handed to
    /// the initiative reviews once all are written).
    ///
    /// The checkpoint reviews of all initiatives are written into one vector, sized
    /// from the book's count of checkpoints, and shared by the initiative reviews
    /// ([`crate::CheckpointReviews`]): one allocation rather than one per initiative.
    ///
    /// Collected from an exact-size iterator, each review is written in place into a
    /// vector of the right size (collecting through `Result` moved each large review
    /// once more); the first error is kept aside and reported once the pass is done
    /// (the reviews after it are computed for nothing, but an error is the rare case;
    /// `reviewed` hears of none of them).
    fn review_cases<'b>(
        &'b self,
        as_of: NaiveDate,
        policy: &ReviewPolicy,
        mut noted: impl FnMut(usize, Noted),
        mut reviewed: impl FnMut(usize, &InitiativeReview<'b>, bool),
    ) -> Result<Vec<InitiativeReview<'b>>> {
        let threshold = Threshold::new(policy.root_cause_threshold);
        let mut writer = CheckpointWriter::with_capacity(self.checkpoint_count());
        let mut reviews: Vec<_> = self
            .packed_cases()
            .enumerate()
            .map(|(position, (tracked, packed))| {
                let (review, any_counted) = review_initiative_noting(
                    tracked,
                    packed,
                    as_of,
                    policy,
                    threshold,
                    &mut writer,
                    |note| noted(position, note),
                );
                if writer.error.is_none() {
                    reviewed(position, &review, any_counted);
                }
                review
            })
            .collect();
        writer.finish(&mut reviews)?;
        Ok(reviews)
    }

    /// The full review at `as_of`: initiatives, overdue checkpoints, missing root
    /// causes, realization rates, post-mortems and estimation bias.
    ///
    /// The book never reads the clock: `as_of` decides which checkpoints are due and
    /// which realizations have been recorded.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`](crate::Error::InvalidPolicy) if the policy is out of
    /// range; [`Error::Overflow`](crate::Error::Overflow) naming the initiative or group
    /// whose numbers do not fit in a [`Decimal`].
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
    /// let review = book.review(as_of, &ReviewPolicy::default())?;
    /// assert_eq!(review.overdue().len(), 1);
    /// assert_eq!(review.missing_root_causes().len(), 1);
    /// assert_eq!(review.post_mortems().len(), 1);
    /// assert_eq!(review.initiatives()[0].rate.map(|r| r.to_string()), Some("0.5".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review(&self, as_of: NaiveDate, policy: &ReviewPolicy) -> Result<Review<'_>> {
        policy.validate()?;
        // One pass over the cases: each initiative's records are noted while its
        // checkpoints are reviewed. The book gives cases in id order and checkpoints in
        // number order, the order of the records, so nothing is sorted afterwards.
        let counts = self.record_counts();
        let mut overdue = Vec::with_capacity(counts.unrecorded);
        let mut missing_root_causes = Vec::with_capacity(counts.unexplained);
        let mut post_mortems = Vec::new();
        let initiatives = self.review_cases(
            as_of,
            policy,
            |position, noted| {
                let spot = Spot {
                    initiative: position,
                    checkpoint: noted.index,
                };
                if noted.overdue {
                    overdue.push(spot);
                }
                if noted.misses_root_cause {
                    missing_root_causes.push(spot);
                }
            },
            |position, review, any_counted| {
                if post_mortem_due(review, any_counted, policy) {
                    post_mortems.push(position);
                }
            },
        )?;
        // The rollups find each initiative's groups by the ranks the book computed
        // once, so no id is compared. The rates' errors come first, as when
        // `realization_rates` runs before `estimation_bias`.
        let groups = self.groups();
        Ok(Review {
            as_of,
            policy: policy.clone(),
            overdue,
            missing_root_causes,
            rates: rates_by_rank(&initiatives, groups)?,
            post_mortems,
            post_mortem_threshold: policy.post_mortem_threshold,
            bias: bias_by_rank(&initiatives, groups, policy)?,
            initiatives,
        })
    }
}
