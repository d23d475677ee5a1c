//! The review policy: thresholds and conventions, as plain data with documented
//! defaults.

#[cfg(feature = "schemars")]
use std::borrow::Cow;

use folio_types::Ratio;
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};

/// How a checkpoint that is overdue (due, past its grace period, nothing recorded)
/// counts in realization rates and post-mortem triggers.
///
/// # Example
///
/// ```
/// use folio_benefits::{ReviewPolicy, Unrecorded};
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
/// // By default overdue checkpoint 3 counts as 0: (900 + 600 + 0) / 3000.
/// let counted = book.initiative_reviews(as_of, &ReviewPolicy::default())?.remove(0);
/// assert_eq!(counted.rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// // Excluded, only the recorded checkpoints count: (900 + 600) / 2000.
/// let policy = ReviewPolicy::default().with_unrecorded(Unrecorded::Exclude);
/// let excluded = book.initiative_reviews(as_of, &policy)?.remove(0);
/// assert_eq!(excluded.rate.map(|r| r.to_string()), Some("0.75".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How a checkpoint that is overdue (due, past its grace period, nothing recorded)\ncounts in realization rates and post-mortem triggers."
    )
)]
pub enum Unrecorded {
    /// The default: an overdue checkpoint counts as realized benefit 0. Nothing recorded
    /// means nothing shown, and a team cannot lift its rate by not reporting.
    #[default]
    CountAsZero,
    /// Overdue checkpoints are left out of rates and triggers; they are still reported
    /// as overdue.
    Exclude,
}

/// Thresholds and conventions for [`BenefitsBook::review`](crate::BenefitsBook::review).
///
/// | field | default | meaning |
/// |---|---|---|
/// | `root_cause_threshold` | 0.10 | a checkpoint whose variance is more than 10% of expected, either way, needs a root cause |
/// | `post_mortem_threshold` | 0.25 (not below `root_cause_threshold`) | an initiative whose cumulative variance is more than 25% of expected, either way, needs a post-mortem |
/// | `grace_days` | 0 | days after a due date before an unrecorded checkpoint is overdue, and before a recording counts as late |
/// | `unrecorded` | count as zero | how overdue checkpoints count in rates and triggers |
/// | `bias_min_initiatives` | 3 | fewest initiatives with a rate before an owner or line gets a bias verdict |
/// | `bias_systematic_share` | 0.75 | share of initiatives that must miss (or beat) their case, the same way, for the bias to be called systematic |
///
/// "More than" is strict: a variance of exactly 10% needs no root cause. Both
/// thresholds apply to the size of the variance, so over-delivery beyond them is also
/// flagged: a case that was far too pessimistic is as wrong as one far too optimistic.
///
/// A policy that exists is valid: the `with_*` methods and deserialization check the
/// ranges, and the fields are private. The rules: both thresholds at least 0,
/// `root_cause_threshold` not above `post_mortem_threshold` (a checkpoint's variance is
/// a part of the initiative's, so a post-mortem for the whole must not come before a
/// root cause for its parts), `bias_min_initiatives` at least 1, and
/// `bias_systematic_share` in `(0.5, 1]` (so the verdict is never both ways).
///
/// # Example
///
/// ```
/// use folio_benefits::ReviewPolicy;
///
/// let policy = ReviewPolicy::default().with_grace_days(14);
/// assert_eq!(policy.grace_days(), 14);
/// assert_eq!(ReviewPolicy::default().root_cause_threshold().to_string(), "0.10");
/// // Reversed thresholds are an error naming the field and both values.
/// let err = policy.with_thresholds("0.5".parse()?, "0.25".parse()?).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid policy: root_cause_threshold is 0.5 (above post_mortem_threshold 0.25), expected <= post_mortem_threshold"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PolicyRepr"))]
// The fields are readable across the crate; outside it only through the getters, so a
// policy cannot be built around the checks.
pub struct ReviewPolicy {
    /// A checkpoint whose `|variance| / expected` exceeds this needs a root cause.
    /// At least 0.
    pub(crate) root_cause_threshold: Ratio,
    /// An initiative whose cumulative `|variance| / expected` exceeds this needs a
    /// post-mortem. At least 0.
    pub(crate) post_mortem_threshold: Ratio,
    /// Days after a due date before an unrecorded checkpoint is overdue.
    pub(crate) grace_days: u32,
    /// How overdue checkpoints count in rates and triggers.
    pub(crate) unrecorded: Unrecorded,
    /// Fewest initiatives with a rate before a bias verdict is given. At least 1.
    pub(crate) bias_min_initiatives: u32,
    /// Share of initiatives that must miss (or beat) their case for a systematic bias
    /// verdict. Above 0.5 (so the verdict is never both ways) and at most 1.
    pub(crate) bias_systematic_share: Ratio,
}

/// The serde form of a [`ReviewPolicy`]; every field defaults.
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
struct PolicyRepr {
    /// A checkpoint whose `|variance| / expected` exceeds this needs a root cause.
    /// Default 0.10.
    root_cause_threshold: Ratio,
    /// An initiative whose cumulative `|variance| / expected` exceeds this needs a
    /// post-mortem. Default 0.25.
    post_mortem_threshold: Ratio,
    /// Days after a due date before an unrecorded checkpoint is overdue. Default 0.
    grace_days: u32,
    /// How overdue checkpoints count in rates and triggers. Default `count_as_zero`.
    unrecorded: Unrecorded,
    /// Fewest initiatives with a rate before a bias verdict is given. Default 3.
    bias_min_initiatives: u32,
    /// Share of initiatives that must miss (or beat) their case for a systematic bias
    /// verdict. Default 0.75.
    bias_systematic_share: Ratio,
}

impl Default for PolicyRepr {
    fn default() -> Self {
        let ReviewPolicy {
            root_cause_threshold,
            post_mortem_threshold,
            grace_days,
            unrecorded,
            bias_min_initiatives,
            bias_systematic_share,
        } = ReviewPolicy::default();
        Self {
            root_cause_threshold,
            post_mortem_threshold,
            grace_days,
            unrecorded,
            bias_min_initiatives,
            bias_systematic_share,
        }
    }
}

impl TryFrom<PolicyRepr> for ReviewPolicy {
    type Error = Error;

    fn try_from(repr: PolicyRepr) -> Result<Self> {
        let policy = Self {
            root_cause_threshold: repr.root_cause_threshold,
            post_mortem_threshold: repr.post_mortem_threshold,
            grace_days: repr.grace_days,
            unrecorded: repr.unrecorded,
            bias_min_initiatives: repr.bias_min_initiatives,
            bias_systematic_share: repr.bias_systematic_share,
        };
        policy.validate()?;
        Ok(policy)
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for ReviewPolicy {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ReviewPolicy")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = PolicyRepr::json_schema(generator);
        schema.insert("title".into(), "ReviewPolicy".into());
        schema.insert(
            "description".into(),
            "Thresholds and conventions of a benefits review; every field has a default.".into(),
        );
        schema
    }
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        Self {
            root_cause_threshold: Ratio::from_decimal(Decimal::new(10, 2)),
            post_mortem_threshold: Ratio::from_decimal(Decimal::new(25, 2)),
            grace_days: 0,
            unrecorded: Unrecorded::CountAsZero,
            bias_min_initiatives: 3,
            bias_systematic_share: Ratio::from_decimal(Decimal::new(75, 2)),
        }
    }
}

impl ReviewPolicy {
    /// The same policy with the root-cause and post-mortem thresholds.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] naming a negative threshold, or `root_cause_threshold`
    /// if it is above `post_mortem_threshold`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::ReviewPolicy;
    ///
    /// let lenient = ReviewPolicy::default().with_thresholds("0.2".parse()?, "0.6".parse()?)?;
    /// assert_eq!(lenient.post_mortem_threshold().to_string(), "0.6");
    /// assert!(ReviewPolicy::default().with_thresholds("-0.1".parse()?, "0.6".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_thresholds(
        self,
        root_cause_threshold: Ratio,
        post_mortem_threshold: Ratio,
    ) -> Result<Self> {
        Self {
            root_cause_threshold,
            post_mortem_threshold,
            ..self
        }
        .validated()
    }

    /// The same policy with `grace_days`; every number of days is valid.
    ///
    /// ```
    /// use folio_benefits::ReviewPolicy;
    ///
    /// assert_eq!(ReviewPolicy::default().with_grace_days(7).grace_days(), 7);
    /// ```
    #[must_use]
    pub fn with_grace_days(self, grace_days: u32) -> Self {
        Self { grace_days, ..self }
    }

    /// The same policy with `unrecorded`; every convention is valid.
    ///
    /// ```
    /// use folio_benefits::{ReviewPolicy, Unrecorded};
    ///
    /// let policy = ReviewPolicy::default().with_unrecorded(Unrecorded::Exclude);
    /// assert_eq!(policy.unrecorded(), Unrecorded::Exclude);
    /// ```
    #[must_use]
    pub fn with_unrecorded(self, unrecorded: Unrecorded) -> Self {
        Self { unrecorded, ..self }
    }

    /// The same policy with the bias settings: the fewest initiatives with a rate
    /// before a verdict, and the share that must miss (or beat) their case the same
    /// way for the bias to be systematic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] naming `bias_min_initiatives` if it is 0, or
    /// `bias_systematic_share` unless it lies in `(0.5, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::ReviewPolicy;
    ///
    /// let eager = ReviewPolicy::default().with_bias(1, "0.75".parse()?)?;
    /// assert_eq!(eager.bias_min_initiatives(), 1);
    /// // A systematic bias needs a majority: 0.5 is not enough.
    /// assert!(ReviewPolicy::default().with_bias(3, "0.5".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_bias(
        self,
        bias_min_initiatives: u32,
        bias_systematic_share: Ratio,
    ) -> Result<Self> {
        Self {
            bias_min_initiatives,
            bias_systematic_share,
            ..self
        }
        .validated()
    }

    /// A checkpoint whose `|variance| / expected` exceeds this needs a root cause.
    pub fn root_cause_threshold(&self) -> Ratio {
        self.root_cause_threshold
    }

    /// An initiative whose cumulative `|variance| / expected` exceeds this needs a
    /// post-mortem; not below [`root_cause_threshold`](Self::root_cause_threshold).
    pub fn post_mortem_threshold(&self) -> Ratio {
        self.post_mortem_threshold
    }

    /// Days after a due date before an unrecorded checkpoint is overdue.
    pub fn grace_days(&self) -> u32 {
        self.grace_days
    }

    /// How overdue checkpoints count in rates and triggers.
    pub fn unrecorded(&self) -> Unrecorded {
        self.unrecorded
    }

    /// Fewest initiatives with a rate before a bias verdict is given; at least 1.
    pub fn bias_min_initiatives(&self) -> u32 {
        self.bias_min_initiatives
    }

    /// Share of initiatives that must miss (or beat) their case for a systematic bias
    /// verdict; in `(0.5, 1]`.
    pub fn bias_systematic_share(&self) -> Ratio {
        self.bias_systematic_share
    }

    fn validated(self) -> Result<Self> {
        self.validate()?;
        Ok(self)
    }

    /// Checks the rules listed on the type; deserialization runs it.
    pub(crate) fn validate(&self) -> Result<()> {
        let invalid = |field, value: String, expected| {
            Err(Error::InvalidPolicy {
                field,
                value,
                expected,
            })
        };
        for (field, threshold) in [
            ("root_cause_threshold", self.root_cause_threshold),
            ("post_mortem_threshold", self.post_mortem_threshold),
        ] {
            if threshold.value().is_sign_negative() && !threshold.value().is_zero() {
                return invalid(field, threshold.to_string(), ">= 0");
            }
        }
        if self.root_cause_threshold > self.post_mortem_threshold {
            // A checkpoint's variance is a part of the initiative's: a post-mortem for
            // the whole must not come before a root cause for its parts.
            return invalid(
                "root_cause_threshold",
                format!(
                    "{} (above post_mortem_threshold {})",
                    self.root_cause_threshold, self.post_mortem_threshold
                ),
                "<= post_mortem_threshold",
            );
        }
        if self.bias_min_initiatives == 0 {
            return invalid("bias_min_initiatives", "0".into(), ">= 1");
        }
        let share = self.bias_systematic_share.value();
        if share <= Decimal::new(5, 1) || share > Decimal::ONE {
            return invalid("bias_systematic_share", share.to_string(), "in (0.5, 1]");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "serde")]
    use super::*;

    #[cfg(feature = "serde")]
    fn check(json: &str, expected: std::result::Result<(), &str>) {
        let got = serde_json::from_str::<ReviewPolicy>(json)
            .map(|_| ())
            .map_err(|e| e.to_string());
        match (got, expected) {
            (Ok(()), Ok(())) => {}
            (Err(got), Err(fragment)) => assert!(got.contains(fragment), "{json}: {got}"),
            (got, expected) => panic!("{json}: got {got:?}, expected {expected:?}"),
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn ranges_table() {
        check("{}", Ok(()));
        check(r#"{"root_cause_threshold":"0"}"#, Ok(()));
        check(
            r#"{"root_cause_threshold":"-0.1"}"#,
            Err("root_cause_threshold is -0.1, expected >= 0"),
        );
        check(
            r#"{"post_mortem_threshold":"-1"}"#,
            Err("post_mortem_threshold is -1"),
        );
        check(r#"{"bias_min_initiatives":0}"#, Err("bias_min_initiatives"));
        // Reversed thresholds: a post-mortem before any root cause.
        check(
            r#"{"root_cause_threshold":"0.5","post_mortem_threshold":"0.25"}"#,
            Err(
                "root_cause_threshold is 0.5 (above post_mortem_threshold 0.25), expected <= post_mortem_threshold",
            ),
        );
        check(
            r#"{"root_cause_threshold":"0.25","post_mortem_threshold":"0.25"}"#,
            Ok(()),
        );
        check(
            r#"{"post_mortem_threshold":"0.05"}"#,
            Err("root_cause_threshold is 0.10"),
        );
        // JSON numbers are read exactly: 1e-30 is an error, not 0.
        check(
            r#"{"root_cause_threshold":1e-30}"#,
            Err("cannot be read exactly"),
        );
        check(r#"{"bias_systematic_share":"0.5"}"#, Err("in (0.5, 1]"));
        check(r#"{"bias_systematic_share":"0.51"}"#, Ok(()));
        check(r#"{"bias_systematic_share":"1"}"#, Ok(()));
        check(r#"{"bias_systematic_share":"1.01"}"#, Err("in (0.5, 1]"));
        check(r#"{"unrecorded":"exclude","grace_days":7}"#, Ok(()));
        check(r#"{"unrecorded":"ignore"}"#, Err("unknown variant"));
        check(r#"{"threshold":"0.1"}"#, Err("unknown field"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn defaults_are_the_documented_ones() {
        let p = ReviewPolicy::default();
        assert_eq!(p.root_cause_threshold.to_string(), "0.10");
        assert_eq!(p.post_mortem_threshold.to_string(), "0.25");
        assert_eq!(p.grace_days, 0);
        assert_eq!(p.unrecorded, Unrecorded::CountAsZero);
        assert_eq!(p.bias_min_initiatives, 3);
        assert_eq!(p.bias_systematic_share.to_string(), "0.75");
        assert_eq!(p.validate(), Ok(()));
        let parsed: ReviewPolicy = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, p);
        let round: ReviewPolicy =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(round, p);
    }
}
