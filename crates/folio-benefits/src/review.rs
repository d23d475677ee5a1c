//! The full review of a benefits book at `as_of`.

use chrono::NaiveDate;
use folio_types::{InitiativeId, OwnerId};
use rust_decimal::Decimal;

use crate::book::BenefitsBook;
use crate::error::Result;
use crate::governance::{Bias, PostMortem, estimation_bias, post_mortems};
use crate::policy::ReviewPolicy;
use crate::rates::{UnitRate, realization_rates};
use crate::status::{CheckpointStatus, InitiativeReview, review_initiative};
use crate::variance::Variance;

/// A checkpoint whose date has passed (beyond the grace period) with nothing recorded.
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
/// assert_eq!((late[0].checkpoint, late[0].days_overdue), (3, 30));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A checkpoint whose date has passed (beyond the grace period) with nothing recorded."
    )
)]
pub struct OverdueCheckpoint {
    /// The initiative.
    pub initiative: InitiativeId,
    /// The owner who should record it.
    pub owner: OwnerId,
    /// The checkpoint number.
    pub checkpoint: u32,
    /// When it was due.
    pub due_on: NaiveDate,
    /// Days since it was due.
    pub days_overdue: u32,
    /// The benefit that should have been shown.
    pub expected: Decimal,
}

/// A realized checkpoint whose variance is beyond the root-cause threshold, without a
/// root cause.
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
/// assert_eq!(missing[0].checkpoint, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A realized checkpoint whose variance is beyond the root-cause threshold, without a\nroot cause."
    )
)]
pub struct MissingRootCause {
    /// The initiative.
    pub initiative: InitiativeId,
    /// The owner who should explain it.
    pub owner: OwnerId,
    /// The checkpoint number.
    pub checkpoint: u32,
    /// The expected benefit.
    pub expected: Decimal,
    /// The realized benefit.
    pub realized: Decimal,
    /// The variance, beyond the threshold.
    pub variance: Variance,
}

/// Everything a benefits review reports at `as_of`.
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
/// assert_eq!(review.overdue.len(), 1);
/// assert_eq!(review.missing_root_causes.len(), 1);
/// assert_eq!(review.post_mortems.len(), 1);
/// assert_eq!(review.initiatives[0].rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "Everything a benefits review reports at `as_of`.")
)]
pub struct Review {
    /// The date of the review.
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: ReviewPolicy,
    /// Every initiative with its checkpoints, totals and rate, by id.
    pub initiatives: Vec<InitiativeReview>,
    /// Overdue checkpoints, by initiative id and checkpoint number.
    pub overdue: Vec<OverdueCheckpoint>,
    /// Variances beyond the threshold that lack a root cause, by initiative id and
    /// checkpoint number.
    pub missing_root_causes: Vec<MissingRootCause>,
    /// Realization rates of the portfolio and each product line, per unit
    /// ([`realization_rates`]).
    pub rates: Vec<UnitRate>,
    /// Required post-mortems ([`post_mortems`]).
    pub post_mortems: Vec<PostMortem>,
    /// Estimation bias per owner and product line
    /// ([`estimation_bias`]).
    pub bias: Vec<Bias>,
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
/// assert_eq!((late[0].checkpoint, late[0].days_overdue), (3, 30));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn overdue(initiatives: &[InitiativeReview]) -> Vec<OverdueCheckpoint> {
    // Counted first, so that the records are written once rather than moved on every
    // growth of the vector.
    let count = initiatives
        .iter()
        .flat_map(|review| &review.checkpoints)
        .filter(|c| matches!(c.status, CheckpointStatus::Overdue { .. }))
        .count();
    let mut found: Vec<OverdueCheckpoint> = Vec::with_capacity(count);
    for review in initiatives {
        for checkpoint in &review.checkpoints {
            if let CheckpointStatus::Overdue { days_overdue } = checkpoint.status {
                found.push(OverdueCheckpoint {
                    initiative: review.initiative.clone(),
                    owner: review.owner.clone(),
                    checkpoint: checkpoint.number,
                    due_on: checkpoint.due_on,
                    days_overdue,
                    expected: checkpoint.expected,
                });
            }
        }
    }
    sort_by_checkpoint(&mut found, |o| (&o.initiative, o.checkpoint));
    found
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
/// assert_eq!(missing[0].checkpoint, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn missing_root_causes(initiatives: &[InitiativeReview]) -> Vec<MissingRootCause> {
    // Counted first, as in `overdue`.
    let count = initiatives
        .iter()
        .flat_map(|review| &review.checkpoints)
        .filter(|c| c.root_cause_missing())
        .count();
    let mut found: Vec<MissingRootCause> = Vec::with_capacity(count);
    for review in initiatives {
        for checkpoint in review.checkpoints.iter().filter(|c| c.root_cause_missing()) {
            if let (Some(realized), Some(variance)) = (checkpoint.realized, checkpoint.variance) {
                found.push(MissingRootCause {
                    initiative: review.initiative.clone(),
                    owner: review.owner.clone(),
                    checkpoint: checkpoint.number,
                    expected: checkpoint.expected,
                    realized,
                    variance,
                });
            }
        }
    }
    sort_by_checkpoint(&mut found, |m| (&m.initiative, m.checkpoint));
    found
}

/// Sorts `items` by initiative, then checkpoint number (a stable sort), skipping the
/// sort when they already are in that order, as they are when the initiatives come
/// from [`BenefitsBook::initiative_reviews`] (in id order).
fn sort_by_checkpoint<T>(items: &mut [T], key: impl Fn(&T) -> (&InitiativeId, u32)) {
    // Neighbours mostly share one initiative (the same id, not only the same text):
    // then only the numbers need comparing.
    let in_order = |a: &T, b: &T| {
        let ((ia, ca), (ib, cb)) = (key(a), key(b));
        if std::ptr::eq(ia.as_str(), ib.as_str()) {
            ca <= cb
        } else {
            (ia, ca) <= (ib, cb)
        }
    };
    if !items.is_sorted_by(in_order) {
        items.sort_by(|a, b| key(a).cmp(&key(b)));
    }
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
    ) -> Result<Vec<InitiativeReview>> {
        policy.validate()?;
        // A plain loop into a vector of the right size: collecting through `Result`
        // moved each (large) review once more.
        let cases = self.cases();
        let mut reviews = Vec::with_capacity(cases.len());
        for tracked in cases {
            reviews.push(review_initiative(tracked, as_of, policy)?);
        }
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
    /// assert_eq!(review.overdue.len(), 1);
    /// assert_eq!(review.missing_root_causes.len(), 1);
    /// assert_eq!(review.post_mortems.len(), 1);
    /// assert_eq!(review.initiatives[0].rate.map(|r| r.to_string()), Some("0.5".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review(&self, as_of: NaiveDate, policy: &ReviewPolicy) -> Result<Review> {
        let initiatives = self.initiative_reviews(as_of, policy)?;
        Ok(Review {
            as_of,
            policy: policy.clone(),
            overdue: overdue(&initiatives),
            missing_root_causes: missing_root_causes(&initiatives),
            rates: realization_rates(&initiatives)?,
            post_mortems: post_mortems(&initiatives, policy)?,
            bias: estimation_bias(&initiatives, policy)?,
            initiatives,
        })
    }
}
