//! Realization rates of product lines and of the portfolio, with their explanation.
//!
//! # Formula
//!
//! A group's rate is the mean of its initiatives' rates weighted by their expected
//! benefit (over counted checkpoints, see [`crate::status`]):
//!
//! ```text
//! rate = sum(E_i * r_i) / sum(E_i) = sum(R_i) / sum(E_i)
//! ```
//!
//! where `E_i` and `R_i` are initiative i's expected and realized totals and
//! `r_i = R_i / E_i`. The sums are exact (for amounts that fit 28 significant digits);
//! the division rounds to 28 significant digits. Initiatives whose rate is undefined
//! (`E_i = 0`) have no weight and are listed in [`UnitRate::without_rate`]; their
//! realized benefit is **not** added to the group (it would make the group rate
//! something other than a weighted mean of rates, and could push it outside the range of
//! its members' rates). The group rate is therefore always between the lowest and
//! highest rate of its members, up to that last digit of rounding.
//!
//! # Units
//!
//! Weights are amounts of benefit, so they are only added within one unit: each group
//! gets one [`UnitRate`] per currency and per metric among its initiatives. Euros and
//! dollars are never summed (convert before the data reaches folio), and a money benefit
//! is never weighed against a metric value.
//!
//! # Worked example
//!
//! Two EUR initiatives in line "platform": A expected 1,000 realized 800 (rate 0.8), B
//! expected 3,000 realized 3,300 (rate 1.1). The line's rate is 4,100 / 4,000 = 1.025;
//! A's share of the weight is 0.25 and contributes 0.2, B's share is 0.75 and
//! contributes 0.825.

use std::borrow::{Borrow, Cow};

use folio_types::{InitiativeId, OwnerId, ProductLineId, Ratio};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::groups::GroupIndex;
use crate::status::{InitiativeReview, reborrow};
use crate::value::BenefitUnit;

/// A group of initiatives that a rate or a bias is reported for.
///
/// Groups order as the portfolio first, then product lines, then owners, each by id.
///
/// # Example
///
/// ```
/// use folio_benefits::Group;
///
/// assert_eq!(Group::Portfolio.to_string(), "the portfolio");
/// assert_eq!(Group::ProductLine("platform".parse()?).to_string(), "product line \"platform\"");
/// // The portfolio sorts first.
/// assert!(Group::Portfolio < Group::Owner("ana".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A group of initiatives that a rate or a bias is reported for.\n\nGroups order as the portfolio first, then product lines, then owners, each by id."
    )
)]
pub enum Group {
    /// Every initiative.
    Portfolio,
    /// The initiatives of one product line.
    ProductLine(ProductLineId),
    /// The business cases of one owner.
    Owner(OwnerId),
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Portfolio => f.write_str("the portfolio"),
            Self::ProductLine(line) => write!(f, "product line \"{line}\""),
            Self::Owner(owner) => write!(f, "owner \"{owner}\""),
        }
    }
}

/// One initiative's part in a group's rate.
///
/// Its initiative id is borrowed from the initiative reviews' own ids (so from the book
/// when they come from one); [`into_owned`](Self::into_owned) copies it.
///
/// # Example
///
/// ```
/// use folio_benefits::{Group, ReviewPolicy, realization_rates};
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
/// let rates = realization_rates(&reviews)?;
/// // One rate per group and unit: the portfolio and the platform line, both in EUR.
/// assert_eq!(rates.len(), 2);
/// let portfolio = rates.iter().find(|r| r.group == Group::Portfolio).ok_or("no rate")?;
/// assert_eq!((portfolio.expected, portfolio.realized), (Decimal::from(3000), Decimal::from(1500)));
/// assert_eq!(portfolio.rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// assert_eq!(portfolio.contributions[0].share.to_string(), "1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "One initiative's part in a group's rate.")
)]
pub struct RateContribution<'a> {
    /// The initiative.
    pub initiative: Cow<'a, InitiativeId>,
    /// Its expected benefit over counted checkpoints: its weight.
    pub expected: Decimal,
    /// Its realized benefit over counted checkpoints.
    pub realized: Decimal,
    /// Its own rate, realized / expected.
    pub rate: Ratio,
    /// Its normalized weight, expected / the group's expected.
    pub share: Ratio,
    /// Its contribution to the group's rate, share * rate = realized / the group's
    /// expected. The contributions add up to the group's rate (up to the last of 28
    /// decimal digits).
    pub contribution: Ratio,
}

/// The realization rate of one group in one unit, with the math behind it.
///
/// # Example
///
/// ```
/// use folio_benefits::{Group, ReviewPolicy, realization_rates};
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
/// let rates = realization_rates(&reviews)?;
/// // One rate per group and unit: the portfolio and the platform line, both in EUR.
/// assert_eq!(rates.len(), 2);
/// let portfolio = rates.iter().find(|r| r.group == Group::Portfolio).ok_or("no rate")?;
/// assert_eq!((portfolio.expected, portfolio.realized), (Decimal::from(3000), Decimal::from(1500)));
/// assert_eq!(portfolio.rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// assert_eq!(portfolio.contributions[0].share.to_string(), "1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The realization rate of one group in one unit, with the math behind it."
    )
)]
pub struct UnitRate<'a> {
    /// The group.
    pub group: Group,
    /// The unit.
    pub unit: BenefitUnit,
    /// Expected benefit of the contributing initiatives.
    pub expected: Decimal,
    /// Realized benefit of the contributing initiatives.
    pub realized: Decimal,
    /// realized / expected; `None` when no initiative of the group has a rate yet.
    pub rate: Option<Ratio>,
    /// Each initiative with a rate, by id.
    pub contributions: Vec<RateContribution<'a>>,
    /// Initiatives of the group in this unit without a rate (nothing counted yet, or
    /// zero expected benefit), by id.
    pub without_rate: Vec<Cow<'a, InitiativeId>>,
}

impl RateContribution<'_> {
    /// The same contribution with its initiative id owned, so that it can outlive
    /// the book.
    pub fn into_owned(self) -> RateContribution<'static> {
        RateContribution {
            initiative: Cow::Owned(self.initiative.into_owned()),
            expected: self.expected,
            realized: self.realized,
            rate: self.rate,
            share: self.share,
            contribution: self.contribution,
        }
    }
}

impl UnitRate<'_> {
    /// The same rate with its initiative ids owned, so that it can outlive the book.
    pub fn into_owned(self) -> UnitRate<'static> {
        UnitRate {
            group: self.group,
            unit: self.unit,
            expected: self.expected,
            realized: self.realized,
            rate: self.rate,
            contributions: self
                .contributions
                .into_iter()
                .map(RateContribution::into_owned)
                .collect(),
            without_rate: self
                .without_rate
                .into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect(),
        }
    }
}

/// The realization rate of the portfolio and of each product line, per unit.
///
/// The result is ordered by group (portfolio first, then product lines by id) and then
/// by unit; contributions are in initiative-id order. See the [module docs](self) for
/// the formula.
///
/// # Errors
///
/// [`Error::Overflow`] naming the group if a sum or ratio does not fit in a
/// [`Decimal`].
///
/// # Example
///
/// ```
/// use folio_benefits::{Group, ReviewPolicy, realization_rates};
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
/// let rates = realization_rates(&reviews)?;
/// // One rate per group and unit: the portfolio and the platform line, both in EUR.
/// assert_eq!(rates.len(), 2);
/// let portfolio = rates.iter().find(|r| r.group == Group::Portfolio).ok_or("no rate")?;
/// assert_eq!((portfolio.expected, portfolio.realized), (Decimal::from(3000), Decimal::from(1500)));
/// assert_eq!(portfolio.rate.map(|r| r.to_string()), Some("0.5".to_owned()));
/// assert_eq!(portfolio.contributions[0].share.to_string(), "1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn realization_rates<'a>(initiatives: &[InitiativeReview<'a>]) -> Result<Vec<UnitRate<'a>>> {
    let mut sorted: Vec<&InitiativeReview<'a>> = initiatives.iter().collect();
    // Reviews from a book already come in id order. The sort is stable: reviews of
    // one id keep their input order.
    if !sorted.is_sorted_by(|a, b| a.initiative <= b.initiative) {
        sorted.sort_by(|a, b| a.initiative.cmp(&b.initiative));
    }
    let groups = GroupIndex::of_reviews(&sorted);
    rates_by_rank(&sorted, &groups)
}

/// The realization rates of `initiatives`, which are in id order, grouped as `groups`
/// ranks them (one entry per initiative, in the same order; see `crate::groups`).
///
/// The groups are numbered as they are listed: first the portfolio in each unit (by
/// unit rank), then each product line and unit (by the rank of the pair). Sums run in
/// initiative order, the portfolio before the line, so that the first overflow is the
/// one the rates report, whatever the grouping.
pub(crate) fn rates_by_rank<'a, R: Borrow<InitiativeReview<'a>>>(
    initiatives: &[R],
    groups: &GroupIndex,
) -> Result<Vec<UnitRate<'a>>> {
    let units = groups.units.len();
    let mut slots: Vec<Slot<'_, 'a>> = std::iter::repeat_with(Slot::default)
        .take(units.saturating_add(groups.line_units.len()))
        .collect();
    for (review, ranks) in initiatives.iter().zip(&groups.initiatives) {
        let review = review.borrow();
        let line_slot = units.saturating_add(ranks.line_unit);
        for (slot, line) in [(ranks.unit, None), (line_slot, Some(&*review.product_line))] {
            let Some(entry) = slots.get_mut(slot) else {
                continue;
            };
            let overflow = |operation| Error::Overflow {
                operation,
                subject: format!("{} in {}", group_of(line), review.unit),
            };
            entry.first.get_or_insert(review);
            match review.rate {
                Some(rate) => {
                    entry.expected = entry
                        .expected
                        .checked_add(review.expected)
                        .ok_or_else(|| overflow("summing expected benefit"))?;
                    entry.realized = entry
                        .realized
                        .checked_add(review.realized)
                        .ok_or_else(|| overflow("summing realized benefit"))?;
                    entry.members.push((review, rate));
                }
                None => entry.without_rate.push(&review.initiative),
            }
        }
    }
    let mut rates = Vec::with_capacity(slots.len());
    for (index, slot) in slots.into_iter().enumerate() {
        // Groups no initiative joined are not listed.
        let Some(first) = slot.first else { continue };
        let line = (index >= units).then_some(&*first.product_line);
        rates.push(finish(
            group_of(line),
            BenefitUnit::clone(&first.unit),
            slot,
        )?);
    }
    Ok(rates)
}

/// The sums and members of one group while its rate is computed: references to the
/// reviews (`'r`) of initiatives whose ids live for `'a`.
struct Slot<'r, 'a> {
    /// The first initiative in the group, whose ids name it.
    first: Option<&'r InitiativeReview<'a>>,
    expected: Decimal,
    realized: Decimal,
    members: Vec<(&'r InitiativeReview<'a>, Ratio)>,
    without_rate: Vec<&'r Cow<'a, InitiativeId>>,
}

// Not derived: a derived `Default` would require `'a` types to be `Default`.
impl Default for Slot<'_, '_> {
    fn default() -> Self {
        Self {
            first: None,
            expected: Decimal::ZERO,
            realized: Decimal::ZERO,
            members: Vec::new(),
            without_rate: Vec::new(),
        }
    }
}

/// The group of a product line, or the portfolio for `None`.
fn group_of(line: Option<&ProductLineId>) -> Group {
    line.map_or(Group::Portfolio, |line| Group::ProductLine(line.clone()))
}

/// The rate of one group in one unit, with its contributions.
fn finish<'a>(group: Group, unit: BenefitUnit, acc: Slot<'_, 'a>) -> Result<UnitRate<'a>> {
    let overflow = |operation| Error::Overflow {
        operation,
        subject: format!("{group} in {unit}"),
    };
    let rate = if acc.expected.is_zero() {
        None
    } else {
        Some(
            crate::exact::ratio_of(acc.realized, acc.expected)
                .map_err(|_| overflow("computing the realization rate"))?,
        )
    };
    let mut contributions = Vec::with_capacity(acc.members.len());
    for (review, rate) in acc.members {
        contributions.push(RateContribution {
            initiative: reborrow(&review.initiative),
            expected: review.expected,
            realized: review.realized,
            rate,
            share: crate::exact::ratio_of(review.expected, acc.expected)
                .map_err(|_| overflow("computing a weight share"))?,
            contribution: crate::exact::ratio_of(review.realized, acc.expected)
                .map_err(|_| overflow("computing a contribution"))?,
        });
    }
    Ok(UnitRate {
        group,
        unit,
        expected: acc.expected,
        realized: acc.realized,
        rate,
        contributions,
        without_rate: acc.without_rate.into_iter().map(reborrow).collect(),
    })
}

/// Builds initiative reviews by hand for the rollup tests of this crate.
#[cfg(test)]
pub(crate) mod fixture {
    use std::borrow::Cow;

    use chrono::NaiveDate;
    use folio_types::Ratio;
    use rust_decimal::Decimal;

    use crate::status::{CheckpointReviews, InitiativeReview};
    use crate::value::BenefitUnit;
    use crate::variance::Variance;

    /// An initiative with one counted, realized checkpoint of `expected` and `realized`
    /// in `unit` (`"EUR"` or a metric id).
    pub(crate) fn initiative(
        id: &str,
        owner: &str,
        line: &str,
        unit: &str,
        expected: &str,
        realized: &str,
    ) -> InitiativeReview<'static> {
        let expected: Decimal = expected.parse().unwrap();
        let realized: Decimal = realized.parse().unwrap();
        let unit = if unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase()) {
            BenefitUnit::Money(unit.parse().unwrap())
        } else {
            BenefitUnit::Metric(unit.parse().unwrap())
        };
        let due_on = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let variance = Variance::of(expected, realized).unwrap();
        InitiativeReview {
            initiative: Cow::Owned(id.parse().unwrap()),
            owner: Cow::Owned(owner.parse().unwrap()),
            product_line: Cow::Owned(line.parse().unwrap()),
            unit: Cow::Owned(unit),
            checkpoints: CheckpointReviews::realized_on_time(1, due_on, expected, realized),
            expected,
            realized,
            rate: (!expected.is_zero()).then(|| Ratio::of(realized, expected).unwrap()),
            variance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::initiative;
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn r(text: &str) -> Option<Ratio> {
        Some(Ratio::new(d(text)).unwrap())
    }

    fn line(id: &str) -> Group {
        Group::ProductLine(id.parse().unwrap())
    }

    /// (group, unit, expected, realized, rate, contributing ids, ids without rate)
    type Row<'a> = (
        Group,
        String,
        &'a str,
        &'a str,
        Option<Ratio>,
        Vec<&'a str>,
        Vec<&'a str>,
    );

    fn check(initiatives: &[InitiativeReview<'_>], expected: &[Row<'_>]) {
        let got = realization_rates(initiatives).unwrap();
        assert_eq!(got.len(), expected.len(), "{got:#?}");
        let got: Vec<Row<'_>> = got
            .iter()
            .zip(expected)
            .map(|(rate, row)| {
                assert_eq!(rate.expected, d(row.2), "{:?}", rate.group);
                assert_eq!(rate.realized, d(row.3), "{:?}", rate.group);
                (
                    rate.group.clone(),
                    rate.unit.to_string(),
                    row.2,
                    row.3,
                    rate.rate,
                    rate.contributions
                        .iter()
                        .map(|c| c.initiative.as_str())
                        .collect(),
                    rate.without_rate.iter().map(|id| id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn worked_example_of_the_module_docs() {
        let rates = realization_rates(&[
            initiative("b", "bo", "platform", "EUR", "3000", "3300"),
            initiative("a", "ana", "platform", "EUR", "1000", "800"),
        ])
        .unwrap();
        let platform = rates.iter().find(|r| r.group == line("platform")).unwrap();
        assert_eq!(platform.rate, r("1.025"));
        let shares: Vec<_> = platform
            .contributions
            .iter()
            .map(|c| (c.initiative.as_str(), c.rate, c.share, c.contribution))
            .collect();
        assert_eq!(
            shares,
            [
                (
                    "a",
                    r("0.8").unwrap(),
                    r("0.25").unwrap(),
                    r("0.2").unwrap()
                ),
                (
                    "b",
                    r("1.1").unwrap(),
                    r("0.75").unwrap(),
                    r("0.825").unwrap()
                ),
            ]
        );
    }

    #[test]
    fn rates_table() {
        let eur = "money in EUR".to_string();
        let usd = "money in USD".to_string();
        let users = "metric \"users\"".to_string();
        check(&[], &[]);
        check(
            &[
                initiative("a", "o", "l1", "EUR", "100", "50"),
                initiative("b", "o", "l2", "EUR", "300", "300"),
                initiative("c", "o", "l2", "USD", "10", "20"),
                initiative("d", "o", "l2", "users", "1000", "900"),
                // Zero expected: no rate and no weight; its realized 70 is not added.
                initiative("e", "o", "l1", "EUR", "0", "70"),
            ],
            &[
                (
                    Group::Portfolio,
                    eur.clone(),
                    "400",
                    "350",
                    r("0.875"),
                    vec!["a", "b"],
                    vec!["e"],
                ),
                (
                    Group::Portfolio,
                    usd.clone(),
                    "10",
                    "20",
                    r("2"),
                    vec!["c"],
                    vec![],
                ),
                (
                    Group::Portfolio,
                    users.clone(),
                    "1000",
                    "900",
                    r("0.9"),
                    vec!["d"],
                    vec![],
                ),
                (
                    line("l1"),
                    eur.clone(),
                    "100",
                    "50",
                    r("0.5"),
                    vec!["a"],
                    vec!["e"],
                ),
                (line("l2"), eur, "300", "300", r("1"), vec!["b"], vec![]),
                (line("l2"), usd, "10", "20", r("2"), vec!["c"], vec![]),
                (
                    line("l2"),
                    users,
                    "1000",
                    "900",
                    r("0.9"),
                    vec!["d"],
                    vec![],
                ),
            ],
        );
        // Only initiatives without a rate: the group has no rate either.
        check(
            &[initiative("e", "o", "l1", "EUR", "0", "0")],
            &[
                (
                    Group::Portfolio,
                    "money in EUR".into(),
                    "0",
                    "0",
                    None,
                    vec![],
                    vec!["e"],
                ),
                (
                    line("l1"),
                    "money in EUR".into(),
                    "0",
                    "0",
                    None,
                    vec![],
                    vec!["e"],
                ),
            ],
        );
    }

    #[test]
    fn overflow_names_the_group() {
        let max = Decimal::MAX.to_string();
        let err = realization_rates(&[
            initiative("a", "o", "l", "EUR", &max, "1"),
            initiative("b", "o", "l", "EUR", &max, "1"),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "arithmetic overflow while summing expected benefit for the portfolio in money in EUR"
        );
    }
}
