//! Simple and discounted payback, interpolated within the period.
//!
//! # Definition
//!
//! Walk the flows in time order keeping the cumulative sum. The payback time is the
//! moment from which the cumulative sum **stays** non-negative to the end of the
//! horizon. It falls inside the step where the cumulative sum last goes from negative
//! to non-negative, and is interpolated there on the assumption that the step's flow
//! accrues evenly between the previous flow's time and its own:
//!
//! ```text
//! payback = tₖ + (-Cₖ / aₖ₊₁) · (tₖ₊₁ - tₖ)
//! ```
//!
//! where `Cₖ < 0` is the last negative cumulative sum and `aₖ₊₁` the flow that lifts it
//! to zero or above. For periodic flows `tₖ = k` (period 0 is the start) and the answer
//! is in periods; for dated flows `tₖ` is the number of days since the earliest date and
//! the answer is in days.
//!
//! For a conventional investment (outflows, then inflows) this is the textbook first
//! crossing. When a later outflow pushes the cumulative sum below zero again, the
//! first crossing would claim a payback the horizon does not keep, so the last one is
//! used instead.
//!
//! If the cumulative sum is negative at the end of the horizon the answer is
//! [`Payback::Never`], carrying the shortfall; it is never a sentinel number. If it is
//! never negative, nothing needs paying back and the answer is `PaysBack` after 0.
//!
//! Discounted payback does the same on the present values of the flows: period `t`
//! discounted by `(1 + r)^t` (period 0 not discounted), a dated flow by
//! `(1 + r)^(days / 365)` with an annual rate (the [`crate::xnpv`] factor, computed in
//! `f64`). Simple payback is exact [`Decimal`] arithmetic.
//!
//! An empty schedule is [`Error::Empty`]; a discount rate of -100% or below is
//! [`Error::InvalidRate`].

use folio_types::Ratio;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::flows::{DatedFlows, PeriodicFlows, negate};
use crate::npv::{dated_factor, growth, ln_growth};

/// The unit of a payback time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TimeUnit {
    /// Periods of a [`PeriodicFlows`] schedule.
    Periods,
    /// Days since the earliest date of a [`DatedFlows`] schedule.
    Days,
}

impl TimeUnit {
    /// The unit's name, as used in messages.
    ///
    /// ```
    /// use folio_roi::TimeUnit;
    ///
    /// assert_eq!(TimeUnit::Days.as_str(), "days");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Periods => "periods",
            Self::Days => "days",
        }
    }
}

/// When the cumulative cash flow turns non-negative for good, or that it never does
/// within the horizon.
///
/// [`Display`](std::fmt::Display) writes it for a report:
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{PeriodicFlows, payback};
///
/// let usd = Currency::new("USD")?;
/// let pays = PeriodicFlows::new(usd, [-100, 60, 60].map(Decimal::from).to_vec());
/// assert_eq!(payback(&pays)?.to_string(), "1.6666666666666666666666666667 periods");
/// let never = PeriodicFlows::new(usd, [-100, 30, 30].map(Decimal::from).to_vec());
/// assert_eq!(payback(&never)?.to_string(), "never (40 short after the last of the periods)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Payback {
    /// The investment is paid back `after` this many units from the start.
    PaysBack {
        /// The interpolated payback time, in `unit`s; a decimal string in JSON.
        after: Decimal,
        /// Periods or days.
        unit: TimeUnit,
    },
    /// The investment is not paid back within the horizon.
    Never {
        /// How much is still missing at the end of the horizon (positive).
        shortfall: Decimal,
        /// Periods or days, the unit the payback would have had.
        unit: TimeUnit,
    },
}

impl std::fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Payback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PaysBack { after, unit } => write!(f, "{after} {unit}"),
            Self::Never { shortfall, unit } => {
                write!(f, "never ({shortfall} short after the last of the {unit})")
            }
        }
    }
}

impl Payback {
    /// The payback time, if the investment pays back.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::{PeriodicFlows, payback};
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(payback(&flows)?.after().map(|a| a.round_dp(2)), Some(Decimal::new(167, 2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn after(&self) -> Option<Decimal> {
        match self {
            Self::PaysBack { after, .. } => Some(*after),
            Self::Never { .. } => None,
        }
    }

    /// Whether the investment pays back within the horizon.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::{PeriodicFlows, payback};
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert!(payback(&flows)?.pays_back());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pays_back(&self) -> bool {
        matches!(self, Self::PaysBack { .. })
    }

    /// The unit of the time.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::{PeriodicFlows, TimeUnit, payback};
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(payback(&flows)?.unit(), TimeUnit::Periods);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> TimeUnit {
        match self {
            Self::PaysBack { unit, .. } | Self::Never { unit, .. } => *unit,
        }
    }
}

/// Payback over `(time, amount)` points in time order; see the [module docs](self).
fn payback_of(points: &[(Decimal, Decimal)], unit: TimeUnit) -> Result<Payback> {
    let overflow = || Error::Overflow {
        operation: "accumulating cash flows for payback",
    };
    // The last step whose cumulative sum before it is negative: (its index, that sum).
    let mut last_negative: Option<(usize, Decimal)> = None;
    let mut cumulative = Decimal::ZERO;
    for (i, &(_, amount)) in points.iter().enumerate() {
        cumulative = cumulative.checked_add(amount).ok_or_else(overflow)?;
        if cumulative < Decimal::ZERO {
            last_negative = Some((i, cumulative));
        }
    }
    if points.is_empty() {
        return Err(Error::Empty {
            what: "cash flows for payback",
        });
    }
    let Some((k, short)) = last_negative else {
        return Ok(Payback::PaysBack {
            after: Decimal::ZERO,
            unit,
        });
    };
    let next = k.checked_add(1).and_then(|i| points.get(i));
    let (Some(&(t_k, _)), Some(&(t_next, lift))) = (points.get(k), next) else {
        return Ok(Payback::Never {
            shortfall: negate(short),
            unit,
        });
    };
    // lift > -short > 0, because the cumulative sum goes from `short` to >= 0.
    // Multiplying before dividing keeps whole answers whole (100/150 of 60 days is 40,
    // not 40.000...002); dividing first is the fallback when the product overflows.
    let missing = negate(short);
    let span = t_next.checked_sub(t_k).ok_or_else(overflow)?;
    let part = match missing.checked_mul(span) {
        Some(product) => product.checked_div(lift),
        None => missing
            .checked_div(lift)
            .and_then(|fraction| fraction.checked_mul(span)),
    };
    let after = part
        .and_then(|part| t_k.checked_add(part))
        .ok_or_else(overflow)?;
    Ok(Payback::PaysBack { after, unit })
}

/// Simple payback of periodic flows, in periods; see the [module docs](self).
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::{Payback, PeriodicFlows, TimeUnit, payback};
///
/// // 1,000 out, then 400 a period: 2 periods recover 800, the third half-way through.
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-1_000, 400, 400, 400].map(Decimal::from).to_vec());
/// assert_eq!(payback(&flows)?, Payback::PaysBack { after: Decimal::new(25, 1), unit: TimeUnit::Periods });
///
/// let short = PeriodicFlows::new(Currency::new("EUR")?, [-1_000, 400, 400].map(Decimal::from).to_vec());
/// assert_eq!(payback(&short)?, Payback::Never { shortfall: Decimal::from(200), unit: TimeUnit::Periods });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no flows, [`Error::Overflow`] if a sum leaves [`Decimal`]'s
/// range.
pub fn payback(flows: &PeriodicFlows) -> Result<Payback> {
    let points: Vec<_> = flows
        .non_empty()?
        .iter()
        .enumerate()
        .map(|(t, &a)| (Decimal::from(t), a))
        .collect();
    payback_of(&points, TimeUnit::Periods)
}

/// Discounted payback of periodic flows at a per-period `rate`, in periods.
///
/// ```
/// use folio_types::{Currency, Decimal, Ratio};
/// use folio_roi::{PeriodicFlows, discounted_payback};
///
/// // At 10%, the 110 received after one period is worth exactly the 100 invested.
/// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 110, 121].map(Decimal::from).to_vec());
/// let at_ten = discounted_payback(Ratio::new(Decimal::new(1, 1))?, &flows)?;
/// assert_eq!(at_ten.after().map(|p| p.round_dp(9)), Some(Decimal::ONE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`payback()`], and [`Error::InvalidRate`] for a rate of -100% or below.
pub fn discounted_payback(rate: Ratio, flows: &PeriodicFlows) -> Result<Payback> {
    let growth = growth(rate, "discount rate")?;
    let overflow = || Error::Overflow {
        operation: "discounting cash flows for payback",
    };
    let mut discount = Decimal::ONE;
    let mut points = Vec::with_capacity(flows.len());
    for (t, &a) in flows.non_empty()?.iter().enumerate() {
        points.push((
            Decimal::from(t),
            a.checked_mul(discount).ok_or_else(overflow)?,
        ));
        discount = discount.checked_div(growth).ok_or_else(overflow)?;
    }
    payback_of(&points, TimeUnit::Periods)
}

/// Simple payback of dated flows, in days since the earliest date.
///
/// # Errors
///
/// As [`payback()`].
pub fn dated_payback(flows: &DatedFlows) -> Result<Payback> {
    let points: Vec<_> = flows
        .offsets()?
        .into_iter()
        .map(|(days, a)| (Decimal::from(days), a))
        .collect();
    payback_of(&points, TimeUnit::Days)
}

/// Discounted payback of dated flows at an annual `rate` (actual/365), in days since
/// the earliest date.
///
/// # Errors
///
/// As [`discounted_payback`].
pub fn dated_discounted_payback(rate: Ratio, flows: &DatedFlows) -> Result<Payback> {
    let offsets = flows.offsets()?;
    let ln = ln_growth(rate, "discount rate")?;
    let points = offsets
        .into_iter()
        .map(|(days, a)| {
            let pv = a
                .checked_mul(dated_factor(ln, days)?)
                .ok_or(Error::Overflow {
                    operation: "discounting cash flows for payback",
                })?;
            Ok((Decimal::from(days), pv))
        })
        .collect::<Result<Vec<_>>>()?;
    payback_of(&points, TimeUnit::Days)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use folio_types::Currency;

    use super::*;
    use crate::flows::DatedFlow;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn periodic(amounts: &[i64]) -> PeriodicFlows {
        PeriodicFlows::new(
            Currency::new("EUR").unwrap(),
            amounts.iter().map(|&a| Decimal::from(a)).collect(),
        )
    }

    fn check(flows: &[i64], expected: Option<&str>, shortfall: Option<&str>) {
        let got = payback(&periodic(flows)).unwrap();
        match (expected, shortfall) {
            (Some(after), None) => assert_eq!(
                got,
                Payback::PaysBack {
                    after: d(after),
                    unit: TimeUnit::Periods
                },
                "{flows:?}"
            ),
            (None, Some(short)) => assert_eq!(
                got,
                Payback::Never {
                    shortfall: d(short),
                    unit: TimeUnit::Periods
                },
                "{flows:?}"
            ),
            _ => panic!("bad case"),
        }
    }

    #[test]
    fn payback_table() {
        check(&[-1000, 400, 400, 400], Some("2.5"), None);
        check(&[-1000, 500, 500], Some("2"), None);
        check(&[-1000, 1000], Some("1"), None);
        check(&[-1000, 250], None, Some("750"));
        check(&[-1000], None, Some("1000"));
        // Nothing to pay back: never negative.
        check(&[0, 10], Some("0"), None);
        check(&[5], Some("0"), None);
        // Investment spread over two periods: cumulative -100, -300, -100, +100.
        check(&[-100, -200, 200, 200], Some("2.5"), None);
        // A later reinvestment: the first crossing (1.5) is not kept; the last is.
        check(&[-100, 200, -300, 400], Some("2.5"), None);
        // A later reinvestment that is not recovered within the horizon.
        check(&[-100, 200, -300], None, Some("200"));
        assert_eq!(
            payback(&periodic(&[])),
            Err(Error::Empty {
                what: "periodic flows"
            })
        );
    }

    #[test]
    fn whole_answers_stay_whole() {
        // 100 missing out of a 150 lift over 60 days: exactly day 40, which dividing
        // first would round to 40.000...002.
        let eur = Currency::new("EUR").unwrap();
        let day = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
        let flows = DatedFlows::new(
            eur,
            vec![
                DatedFlow::new(day(1, 1), d("-100")),
                DatedFlow::new(day(3, 2), d("150")),
            ],
        );
        assert_eq!(dated_payback(&flows).unwrap().after(), Some(d("40")));
        // Huge amounts fall back to dividing first instead of overflowing.
        let big = DatedFlows::new(
            eur,
            vec![
                DatedFlow::new(day(1, 1), Decimal::MIN),
                DatedFlow::new(day(1, 11), Decimal::MAX),
            ],
        );
        assert_eq!(dated_payback(&big).unwrap().after(), Some(d("10")));
    }

    #[test]
    fn discounted_payback_is_later_than_simple() {
        let flows = periodic(&[-1000, 400, 400, 400, 400]);
        let simple = payback(&flows).unwrap().after().unwrap();
        let discounted = discounted_payback(Ratio::new(d("0.1")).unwrap(), &flows)
            .unwrap()
            .after()
            .unwrap();
        assert!(discounted > simple, "{discounted} vs {simple}");
        // At 10%: PVs 363.64, 330.58, 300.53 (cumulative -5.26 after period 3), 273.21.
        assert_eq!(discounted.round_dp(4), d("3.0192"));
        // At 0% discounted payback is simple payback.
        assert_eq!(
            discounted_payback(Ratio::ZERO, &flows).unwrap().after(),
            Some(simple)
        );
        assert!(matches!(
            discounted_payback(Ratio::new(d("-1")).unwrap(), &flows),
            Err(Error::InvalidRate { .. })
        ));
    }

    #[test]
    fn dated_payback_interpolates_days() {
        let eur = Currency::new("EUR").unwrap();
        let day = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
        let flows = DatedFlows::new(
            eur,
            vec![
                DatedFlow::new(day(1, 1), d("-100")),
                DatedFlow::new(day(1, 11), d("50")),
                DatedFlow::new(day(1, 31), d("100")),
            ],
        );
        // -50 left after day 10; the next 100 over the 20 days to day 30 covers it
        // half-way: day 20.
        assert_eq!(
            dated_payback(&flows).unwrap(),
            Payback::PaysBack {
                after: d("20"),
                unit: TimeUnit::Days
            }
        );
        let discounted = dated_discounted_payback(Ratio::new(d("0.1")).unwrap(), &flows).unwrap();
        assert!(discounted.after().unwrap() > d("20"), "{discounted:?}");
        assert_eq!(
            dated_payback(&DatedFlows::new(eur, vec![])),
            Err(Error::Empty {
                what: "dated flows"
            })
        );
    }
}
