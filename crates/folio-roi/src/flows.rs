//! Cash-flow schedules in one currency: periodic and dated.
//!
//! A schedule holds signed amounts: negative is money out (an investment, a cost),
//! positive is money in (a benefit). Every amount of a schedule is in the schedule's
//! one currency; building a schedule from [`Money`] values in another currency is
//! [`Error::CurrencyMismatch`], never a silent sum.
//!
//! - [`PeriodicFlows`]: one amount per period. Amount `0` falls at time 0 (the start),
//!   amount `t` at the end of period `t`. How the first amount is discounted depends on
//!   the measure and is documented there ([`crate::npv()`] follows the spreadsheet `NPV`
//!   and discounts it; [`crate::npv_from_start`], IRR and payback do not).
//! - [`DatedFlows`]: amounts on calendar dates, in any order. Several amounts may share
//!   a date: they are netted, as a spreadsheet's `XNPV` and `XIRR` effectively do. The
//!   schedule is kept sorted by date (then amount), so every measure gives the same
//!   answer in any input order.

use chrono::NaiveDate;
use folio_types::{Currency, Money};
use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// Cash flows at regular periods in one currency: amount `t` falls at the end of
/// period `t`, amount 0 at the start.
///
/// ```
/// use folio_types::{Currency, Decimal};
/// use folio_roi::PeriodicFlows;
///
/// let eur = Currency::new("EUR")?;
/// let flows = PeriodicFlows::new(eur, vec![Decimal::from(-1_000), Decimal::from(600), Decimal::from(600)]);
/// assert_eq!(flows.len(), 3);
/// assert_eq!(flows.total()?.amount(), Decimal::from(200));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PeriodicFlows {
    /// The currency of every amount.
    currency: Currency,
    /// The signed amount of each period, period 0 first; serialized as decimal strings.
    amounts: Vec<Decimal>,
}

impl PeriodicFlows {
    /// Flows of `amounts` (period 0 first) in `currency`.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(currency: Currency, amounts: Vec<Decimal>) -> Self {
        Self { currency, amounts }
    }

    /// Flows with no meaningful currency, for rate-of-return work (IRR, MIRR) on plain
    /// numbers. They carry ISO 4217's code `XXX` ("no currency"), so they still never
    /// mix with flows in a real currency.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::{PeriodicFlows, irr};
    ///
    /// let flows = PeriodicFlows::without_currency([-100, 110].map(Decimal::from).to_vec());
    /// assert_eq!(flows.currency().as_str(), "XXX");
    /// assert_eq!(irr(&flows)?.rate().value().round_dp(6), Decimal::new(1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_currency(amounts: Vec<Decimal>) -> Self {
        Self::new(Currency::NONE, amounts)
    }

    /// Flows from amounts of money, all in `currency`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] naming the index of the first amount in another
    /// currency.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, Money};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let (eur, usd) = (Currency::new("EUR")?, Currency::new("USD")?);
    /// let flows = PeriodicFlows::from_money(eur, &[Money::new(Decimal::from(-5), eur)])?;
    /// assert_eq!(flows.amounts(), [Decimal::from(-5)]);
    /// assert!(PeriodicFlows::from_money(eur, &[Money::new(Decimal::ONE, usd)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_money(currency: Currency, amounts: &[Money]) -> Result<Self> {
        let amounts = amounts
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if m.currency() == currency {
                    Ok(m.amount())
                } else {
                    Err(Error::CurrencyMismatch {
                        context: format!("periodic flows[{i}]"),
                        expected: currency,
                        found: m.currency(),
                    })
                }
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::new(currency, amounts))
    }

    /// The currency.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.currency().to_string(), "EUR");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amounts, period 0 first.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.amounts()[0], Decimal::from(-100));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn amounts(&self) -> &[Decimal] {
        &self.amounts
    }

    /// The number of periods, counting period 0.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.amounts.len()
    }

    /// Whether there are no amounts.
    ///
    /// ```
    /// use folio_types::Currency;
    /// use folio_roi::PeriodicFlows;
    ///
    /// assert!(PeriodicFlows::new(Currency::new("EUR")?, Vec::new()).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.amounts.is_empty()
    }

    /// The undiscounted sum of all amounts.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the sum does not fit in a [`Decimal`].
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.total()?.amount(), Decimal::from(20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self) -> Result<Money> {
        checked_sum(self.amounts.iter().copied(), "summing periodic flows")
            .map(|sum| Money::new(sum, self.currency))
    }

    /// The same flows with every amount multiplied by `factor`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if a product does not fit.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal};
    /// use folio_roi::PeriodicFlows;
    ///
    /// let flows = PeriodicFlows::new(Currency::new("EUR")?, [-100, 60, 60].map(Decimal::from).to_vec());
    /// assert_eq!(flows.scaled(Decimal::TWO)?.amounts()[1], Decimal::from(120));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scaled(&self, factor: Decimal) -> Result<Self> {
        let amounts = self
            .amounts
            .iter()
            .map(|a| {
                a.checked_mul(factor).ok_or(Error::Overflow {
                    operation: "scaling periodic flows",
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::new(self.currency, amounts))
    }

    /// `Err(Error::Empty)` if there are no amounts.
    pub(crate) fn non_empty(&self) -> Result<&[Decimal]> {
        if self.amounts.is_empty() {
            Err(Error::Empty {
                what: "periodic flows",
            })
        } else {
            Ok(&self.amounts)
        }
    }
}

/// One signed amount on one date, in the currency of its [`DatedFlows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct DatedFlow {
    /// The day the amount is paid or received.
    pub date: NaiveDate,
    /// The signed amount: negative out, positive in; a decimal string in JSON.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub amount: Decimal,
}

impl DatedFlow {
    /// `amount` on `date`.
    pub const fn new(date: NaiveDate, amount: Decimal) -> Self {
        Self { date, amount }
    }
}

/// Cash flows on calendar dates in one currency, kept sorted by date then amount.
///
/// Dates may be given in any order and may repeat; amounts sharing a date are netted
/// by the measures. The earliest date is the base date of `XNPV`, `XIRR` and dated
/// payback.
///
/// ```
/// use folio_types::{Currency, Decimal, NaiveDate};
/// use folio_roi::{DatedFlow, DatedFlows};
///
/// let eur = Currency::new("EUR")?;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
/// let flows = DatedFlows::new(eur, vec![
///     DatedFlow::new(d(2027, 1, 1)?, Decimal::from(1_100)),
///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-1_000)), // any order in
/// ]);
/// assert_eq!(flows.first_date(), Some(d(2026, 1, 1)?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(from = "DatedFlowsData"))]
pub struct DatedFlows {
    /// The currency of every amount.
    currency: Currency,
    /// The flows, sorted by date then amount.
    flows: Vec<DatedFlow>,
}

/// The serialized form of [`DatedFlows`]: flows in any order.
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct DatedFlowsData {
    currency: Currency,
    flows: Vec<DatedFlow>,
}

impl From<DatedFlowsData> for DatedFlows {
    fn from(data: DatedFlowsData) -> Self {
        Self::new(data.currency, data.flows)
    }
}

impl DatedFlows {
    /// Flows in `currency`, given in any order.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(60)),
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(50)),
    /// ]);
    /// assert_eq!(flows.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(currency: Currency, mut flows: Vec<DatedFlow>) -> Self {
        flows.sort_unstable();
        Self { currency, flows }
    }

    /// Dated flows with no meaningful currency (ISO 4217's `XXX`), for XIRR on plain
    /// numbers; see [`PeriodicFlows::without_currency`].
    ///
    /// ```
    /// use folio_types::{Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows, xirr};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::without_currency(vec![
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2027, 1, 1)?, Decimal::from(110)),
    /// ]);
    /// assert_eq!(xirr(&flows)?.rate().value().round_dp(6), Decimal::new(1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_currency(flows: Vec<DatedFlow>) -> Self {
        Self::new(Currency::NONE, flows)
    }

    /// Flows from dated amounts of money, all in `currency`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] naming the date of the first amount in another
    /// currency.
    pub fn from_money(currency: Currency, flows: &[(NaiveDate, Money)]) -> Result<Self> {
        let flows = flows
            .iter()
            .map(|&(date, m)| {
                if m.currency() == currency {
                    Ok(DatedFlow::new(date, m.amount()))
                } else {
                    Err(Error::CurrencyMismatch {
                        context: format!("dated flow on {date}"),
                        expected: currency,
                        found: m.currency(),
                    })
                }
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::new(currency, flows))
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The flows, sorted by date then amount.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(60)),
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(50)),
    /// ]);
    /// // Sorted by date, same-date flows kept apart until netted.
    /// assert_eq!(flows.flows()[0].amount, Decimal::from(-100));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flows(&self) -> &[DatedFlow] {
        &self.flows
    }

    /// The number of flows (before netting flows that share a date).
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 7, 1).ok_or("bad date")?;
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(day, Decimal::from(60)),
    ///     DatedFlow::new(day, Decimal::from(-100)),
    /// ]);
    /// assert_eq!(flows.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    /// Whether there are no flows.
    ///
    /// ```
    /// use folio_types::Currency;
    /// use folio_roi::DatedFlows;
    ///
    /// assert!(DatedFlows::new(Currency::new("EUR")?, Vec::new()).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// The earliest date, the base date of the dated measures.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(60)),
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(50)),
    /// ]);
    /// assert_eq!(flows.first_date(), Some(d(2026, 1, 1)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.flows.first().map(|f| f.date)
    }

    /// The undiscounted sum of all amounts.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the sum does not fit in a [`Decimal`].
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(60)),
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(50)),
    /// ]);
    /// assert_eq!(flows.total()?.amount(), Decimal::from(10));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self) -> Result<Money> {
        checked_sum(self.flows.iter().map(|f| f.amount), "summing dated flows")
            .map(|sum| Money::new(sum, self.currency))
    }

    /// The flows with amounts on the same date added together: one flow per date,
    /// sorted by date.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if a daily sum does not fit.
    ///
    /// ```
    /// use folio_types::{Currency, Decimal, NaiveDate};
    /// use folio_roi::{DatedFlow, DatedFlows};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let flows = DatedFlows::new(Currency::new("EUR")?, vec![
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(60)),
    ///     DatedFlow::new(d(2026, 1, 1)?, Decimal::from(-100)),
    ///     DatedFlow::new(d(2026, 7, 1)?, Decimal::from(50)),
    /// ]);
    /// let netted = flows.netted()?;
    /// assert_eq!(netted.len(), 2);
    /// assert_eq!(netted[1].amount, Decimal::from(110));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn netted(&self) -> Result<Vec<DatedFlow>> {
        let mut out: Vec<DatedFlow> = Vec::with_capacity(self.flows.len());
        for flow in &self.flows {
            match out.last_mut() {
                Some(last) if last.date == flow.date => {
                    last.amount = last
                        .amount
                        .checked_add(flow.amount)
                        .ok_or(Error::Overflow {
                            operation: "netting flows on one date",
                        })?;
                }
                _ => out.push(*flow),
            }
        }
        Ok(out)
    }

    /// The same dates with every amount multiplied by `factor`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if a product does not fit.
    pub fn scaled(&self, factor: Decimal) -> Result<Self> {
        let flows = self
            .flows
            .iter()
            .map(|f| {
                f.amount
                    .checked_mul(factor)
                    .map(|amount| DatedFlow::new(f.date, amount))
                    .ok_or(Error::Overflow {
                        operation: "scaling dated flows",
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::new(self.currency, flows))
    }

    /// The netted flows with their offsets in days from the first date, or
    /// `Err(Error::Empty)`.
    pub(crate) fn offsets(&self) -> Result<Vec<(i64, Decimal)>> {
        let netted = self.netted()?;
        let first = netted.first().map(|f| f.date).ok_or(Error::Empty {
            what: "dated flows",
        })?;
        Ok(netted
            .iter()
            .map(|f| (f.date.signed_duration_since(first).num_days(), f.amount))
            .collect())
    }
}

/// `-d`. Negating a [`Decimal`] only flips its sign bit, so it cannot overflow.
pub(crate) fn negate(d: Decimal) -> Decimal {
    let mut out = d;
    out.set_sign_negative(!d.is_sign_negative());
    out
}

/// The checked sum of `values`.
pub(crate) fn checked_sum(
    values: impl IntoIterator<Item = Decimal>,
    operation: &'static str,
) -> Result<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, Decimal::checked_add)
        .ok_or(Error::Overflow { operation })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::new("EUR").unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn mixed_currencies_are_errors() {
        let usd = Currency::new("USD").unwrap();
        let err = PeriodicFlows::from_money(
            eur(),
            &[
                Money::new(Decimal::ONE, eur()),
                Money::new(Decimal::ONE, usd),
            ],
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::CurrencyMismatch {
                context: "periodic flows[1]".into(),
                expected: eur(),
                found: usd,
            }
        );
        let err = DatedFlows::from_money(eur(), &[(day(1, 2), Money::new(Decimal::ONE, usd))])
            .unwrap_err();
        assert!(
            err.to_string().contains("dated flow on 2026-01-02"),
            "{err}"
        );
    }

    #[test]
    fn dated_flows_sort_and_net() {
        let flows = DatedFlows::new(
            eur(),
            vec![
                DatedFlow::new(day(3, 1), Decimal::from(5)),
                DatedFlow::new(day(1, 1), Decimal::from(-10)),
                DatedFlow::new(day(3, 1), Decimal::from(2)),
            ],
        );
        assert_eq!(flows.first_date(), Some(day(1, 1)));
        assert_eq!(
            flows.netted().unwrap(),
            vec![
                DatedFlow::new(day(1, 1), Decimal::from(-10)),
                DatedFlow::new(day(3, 1), Decimal::from(7)),
            ]
        );
        assert_eq!(
            flows.offsets().unwrap(),
            vec![(0, Decimal::from(-10)), (59, Decimal::from(7))]
        );
        assert_eq!(flows.total().unwrap().amount(), Decimal::from(-3));
        assert_eq!(
            DatedFlows::new(eur(), vec![]).offsets(),
            Err(Error::Empty {
                what: "dated flows"
            })
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_shape_sorts_dates() {
        let flows: DatedFlows = serde_json::from_str(
            r#"{"currency":"EUR","flows":[{"date":"2026-03-01","amount":"5"},{"date":"2026-01-01","amount":"-10"}]}"#,
        )
        .unwrap();
        assert_eq!(flows.first_date(), Some(day(1, 1)));
        assert_eq!(
            serde_json::to_string(&flows).unwrap(),
            r#"{"currency":"EUR","flows":[{"date":"2026-01-01","amount":"-10"},{"date":"2026-03-01","amount":"5"}]}"#
        );
        let periodic: PeriodicFlows =
            serde_json::from_str(r#"{"currency":"EUR","amounts":["-100","60.5"]}"#).unwrap();
        assert_eq!(
            periodic.amounts(),
            [Decimal::from(-100), "60.5".parse().unwrap()]
        );
        assert!(
            serde_json::from_str::<PeriodicFlows>(r#"{"currency":"eur","amounts":[]}"#).is_err()
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let flows = PeriodicFlows::new(eur(), vec![Decimal::MAX, Decimal::MAX]);
        assert_eq!(
            flows.total(),
            Err(Error::Overflow {
                operation: "summing periodic flows"
            })
        );
        assert!(flows.scaled(Decimal::TWO).is_err());
        let dated = DatedFlows::new(
            eur(),
            vec![
                DatedFlow::new(day(1, 1), Decimal::MAX),
                DatedFlow::new(day(1, 1), Decimal::MAX),
            ],
        );
        assert!(dated.netted().is_err());
        assert!(dated.total().is_err());
    }
}
