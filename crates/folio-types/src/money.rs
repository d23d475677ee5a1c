//! Exact amounts of money in one currency.
//!
//! [`Money`] pairs a [`Decimal`] amount with a [`Currency`]. Every operation that
//! combines two amounts checks that the currencies match and returns
//! [`Error::CurrencyMismatch`] otherwise: folio never sums euros and dollars into a
//! meaningless number, and never converts between them (exchange rates are the caller's
//! business, applied before the data reaches folio).
//!
//! All arithmetic is checked. A [`Decimal`] holds 28 significant digits; a sum whose
//! result needs more digits than that in its integer part is [`Error::Overflow`]. Below
//! that, sums of amounts with a fixed number of decimals (cents, say) are exact, and
//! therefore independent of the order of the terms.

#[cfg(feature = "serde")]
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::number::Ratio;

/// An ISO 4217-style currency code: exactly three ASCII capital letters, such as `EUR`.
///
/// The code is checked for shape, not against the ISO list, so that internal units
/// (`XTS` for tests, a company's own points) work too.
///
/// ```
/// use folio_types::Currency;
///
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.as_str(), "EUR");
/// assert!("eur".parse::<Currency>().is_err());
/// assert!("EURO".parse::<Currency>().is_err());
/// # Ok::<(), folio_types::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// ISO 4217's `XXX`, "no currency": for amounts where no currency is meaningful (a
    /// rate-of-return exercise on plain numbers). It never mixes with a real currency.
    ///
    /// ```
    /// use folio_types::Currency;
    ///
    /// assert_eq!(Currency::NONE.as_str(), "XXX");
    /// assert_ne!(Currency::NONE, Currency::new("EUR")?);
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    pub const NONE: Self = Self(*b"XXX");

    /// Validates and wraps a currency code.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCurrency`] unless `code` is exactly three ASCII capital letters.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Currency;
    ///
    /// let eur = Currency::new("EUR")?;
    /// assert_eq!(eur.as_str(), "EUR");
    /// assert!(Currency::new("eur").is_err());
    /// assert!(Currency::new("EURO").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(code: &str) -> Result<Self> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(Error::InvalidCurrency { value: code.into() }),
        }
    }

    /// The code as text.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::Currency;
    ///
    /// assert_eq!(Currency::new("USD")?.as_str(), "USD");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_str(&self) -> &str {
        // The bytes are ASCII capitals by construction, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::new(s)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Currency {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Currency")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "A currency code: three capital letters, such as \"EUR\"."
        })
    }
}

/// An exact amount in one currency.
///
/// ```
/// use folio_types::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// let eur = Currency::new("EUR")?;
/// let a = Money::new(Decimal::new(120_050, 2), eur); // 1200.50 EUR
/// let b = Money::new(Decimal::new(99_950, 2), eur); //   999.50 EUR
/// assert_eq!(a.checked_add(b)?.amount(), Decimal::new(2200, 0));
///
/// let usd = Money::new(Decimal::ONE, Currency::new("USD")?);
/// assert!(a.checked_add(usd).is_err()); // never a silent sum across currencies
/// # Ok::<(), folio_types::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "An exact amount in one currency.")
)]
pub struct Money {
    /// The amount; serialized as a decimal string.
    // Read exactly: a JSON number a Decimal cannot hold is an error (crate::decimal).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::decimal::deserialize")
    )]
    amount: Decimal,
    /// The currency of the amount.
    currency: Currency,
}

impl Money {
    /// An amount in `currency`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let price = Money::new(Decimal::new(1999, 2), Currency::new("EUR")?);
    /// assert_eq!(price.amount(), Decimal::new(1999, 2));
    /// assert_eq!(price.to_string(), "19.99 EUR");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Zero in `currency`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    ///
    /// let nothing = Money::zero(Currency::new("GBP")?);
    /// assert!(nothing.is_zero());
    /// assert_eq!(nothing.currency().as_str(), "GBP");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// The amount.
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero (an outflow, a loss).
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let loss = Money::new(Decimal::new(-250, 0), Currency::new("EUR")?);
    /// assert!(loss.is_negative());
    /// assert!(!loss.negated().is_negative());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    fn same_currency(&self, other: &Self, operation: &'static str) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                operation,
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ, [`Error::Overflow`] if the
    /// sum does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let sum = Money::new(Decimal::new(1050, 2), eur).checked_add(Money::new(Decimal::new(450, 2), eur))?;
    /// assert_eq!(sum.amount(), Decimal::new(15, 0)); // 10.50 + 4.50
    /// let usd = Money::new(Decimal::ONE, Currency::new("USD")?);
    /// assert!(sum.checked_add(usd).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_add(self, other: Self) -> Result<Self> {
        self.same_currency(&other, "add")?;
        self.amount
            .checked_add(other.amount)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(Error::Overflow {
                operation: "adding money",
            })
    }

    /// `self - other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ, [`Error::Overflow`] if the
    /// difference does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let margin = Money::new(Decimal::from(120), eur).checked_sub(Money::new(Decimal::from(150), eur))?;
    /// assert_eq!(margin.amount(), Decimal::from(-30));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_sub(self, other: Self) -> Result<Self> {
        self.same_currency(&other, "subtract")?;
        self.amount
            .checked_sub(other.amount)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(Error::Overflow {
                operation: "subtracting money",
            })
    }

    /// The amount multiplied by a plain factor (a share, a count, a rate).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the product does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let seat = Money::new(Decimal::from(40), Currency::new("EUR")?);
    /// // 25 seats at 40 EUR each.
    /// assert_eq!(seat.checked_mul(Decimal::from(25))?.amount(), Decimal::from(1000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_mul(self, factor: Decimal) -> Result<Self> {
        self.amount
            .checked_mul(factor)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(Error::Overflow {
                operation: "multiplying money",
            })
    }

    /// The amount divided by a plain divisor.
    ///
    /// # Errors
    ///
    /// [`Error::DivisionByZero`] if `divisor` is zero, [`Error::Overflow`] if the
    /// quotient does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let budget = Money::new(Decimal::from(90_000), Currency::new("EUR")?);
    /// // Spread evenly over 12 months: 7500 a month.
    /// assert_eq!(budget.checked_div(Decimal::from(12))?.amount(), Decimal::from(7_500));
    /// assert!(budget.checked_div(Decimal::ZERO).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_div(self, divisor: Decimal) -> Result<Self> {
        if divisor.is_zero() {
            return Err(Error::DivisionByZero {
                operation: "dividing money",
            });
        }
        self.amount
            .checked_div(divisor)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(Error::Overflow {
                operation: "dividing money",
            })
    }

    /// The same amount with the opposite sign. Negation of a [`Decimal`] cannot overflow.
    pub fn negated(self) -> Self {
        let mut amount = self.amount;
        amount.set_sign_negative(!amount.is_sign_negative());
        Self::new(amount, self.currency)
    }

    /// `self / other` as a [`Ratio`], e.g. a product's share of portfolio revenue.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ, [`Error::DivisionByZero`]
    /// if `other` is zero, [`Error::Overflow`] if the ratio does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let atlas = Money::new(Decimal::from(300), eur);
    /// let portfolio = Money::new(Decimal::from(1_200), eur);
    /// assert_eq!(atlas.ratio_to(portfolio)?.value(), Decimal::new(25, 2)); // 300 / 1200
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ratio_to(self, other: Self) -> Result<Ratio> {
        self.same_currency(&other, "divide")?;
        Ratio::of(self.amount, other.amount)
    }

    /// Compares two amounts of the same currency.
    ///
    /// `Money` does not implement `PartialOrd`, because amounts in different currencies
    /// have no order; this is the comparison, with the mismatch as an error.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ.
    ///
    /// # Example
    ///
    /// ```
    /// use std::cmp::Ordering;
    ///
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let a = Money::new(Decimal::from(5), eur);
    /// let b = Money::new(Decimal::from(7), eur);
    /// assert_eq!(a.try_cmp(&b)?, Ordering::Less);
    /// assert!(a.try_cmp(&Money::new(Decimal::from(5), Currency::new("USD")?)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_cmp(&self, other: &Self) -> Result<Ordering> {
        self.same_currency(other, "compare")?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// The sum of `amounts`, all in `currency`; zero in `currency` for no amounts.
    ///
    /// The currency is an argument so that an empty sum has one.
    ///
    /// ```
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let flows = [Money::new(Decimal::new(100, 0), eur), Money::new(Decimal::new(-30, 0), eur)];
    /// assert_eq!(Money::try_sum(eur, flows)?.amount(), Decimal::new(70, 0));
    /// assert!(Money::try_sum(eur, [])?.is_zero());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] naming the first amount in another currency,
    /// [`Error::Overflow`] if the running sum does not fit.
    pub fn try_sum<I>(currency: Currency, amounts: I) -> Result<Self>
    where
        I: IntoIterator<Item = Self>,
    {
        // Accumulate the bare Decimal and check each currency as it comes: the same
        // result as folding `checked_add`, without rebuilding a `Money` per term.
        let mut total = Decimal::ZERO;
        for amount in amounts {
            if amount.currency != currency {
                return Err(Error::CurrencyMismatch {
                    operation: "add",
                    left: currency,
                    right: amount.currency,
                });
            }
            total = total.checked_add(amount.amount).ok_or(Error::Overflow {
                operation: "adding money",
            })?;
        }
        Ok(Self::new(total, currency))
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({} {})", self.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(amount: &str) -> Money {
        Money::new(amount.parse().unwrap(), Currency::new("EUR").unwrap())
    }

    fn usd(amount: &str) -> Money {
        Money::new(amount.parse().unwrap(), Currency::new("USD").unwrap())
    }

    #[test]
    fn currency_codes() {
        for good in ["EUR", "USD", "XTS"] {
            assert_eq!(Currency::new(good).unwrap().as_str(), good);
        }
        for bad in ["", "EU", "EURO", "eur", "E1R", "ÉUR", " EU"] {
            assert_eq!(
                Currency::new(bad),
                Err(Error::InvalidCurrency { value: bad.into() }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn mixed_currencies_are_errors() {
        let mismatch = |operation| Error::CurrencyMismatch {
            operation,
            left: Currency::new("EUR").unwrap(),
            right: Currency::new("USD").unwrap(),
        };
        assert_eq!(eur("1").checked_add(usd("1")), Err(mismatch("add")));
        assert_eq!(eur("1").checked_sub(usd("1")), Err(mismatch("subtract")));
        assert_eq!(eur("1").try_cmp(&usd("1")), Err(mismatch("compare")));
        assert_eq!(eur("1").ratio_to(usd("1")), Err(mismatch("divide")));
        let eur_currency = Currency::new("EUR").unwrap();
        assert_eq!(
            Money::try_sum(eur_currency, [eur("1"), usd("2"), eur("3")]),
            Err(mismatch("add"))
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let max = Money::new(Decimal::MAX, Currency::new("EUR").unwrap());
        let overflow = |operation| Err(Error::Overflow { operation });
        assert_eq!(max.checked_add(eur("1")), overflow("adding money"));
        assert_eq!(
            max.negated().checked_sub(eur("1")),
            overflow("subtracting money")
        );
        assert_eq!(max.checked_mul(Decimal::TWO), overflow("multiplying money"));
        assert_eq!(
            max.checked_div("0.5".parse().unwrap()),
            overflow("dividing money")
        );
        assert_eq!(
            eur("1").checked_div(Decimal::ZERO),
            Err(Error::DivisionByZero {
                operation: "dividing money"
            })
        );
        let currency = Currency::new("EUR").unwrap();
        assert_eq!(
            Money::try_sum(currency, [max, max]),
            overflow("adding money")
        );
    }

    #[test]
    fn worked_arithmetic() {
        assert_eq!(eur("10.25").checked_add(eur("0.75")).unwrap(), eur("11.00"));
        assert_eq!(eur("10").checked_sub(eur("12.5")).unwrap(), eur("-2.5"));
        assert_eq!(
            eur("10").checked_mul("0.15".parse().unwrap()).unwrap(),
            eur("1.5")
        );
        assert_eq!(
            eur("10").checked_div("4".parse().unwrap()).unwrap(),
            eur("2.5")
        );
        assert_eq!(eur("3").negated(), eur("-3"));
        assert_eq!(eur("-3").negated(), eur("3"));
        assert!(eur("-3").is_negative());
        assert!(!eur("0").negated().is_negative());
        assert_eq!(
            eur("30").ratio_to(eur("120")).unwrap().value(),
            "0.25".parse().unwrap()
        );
        assert_eq!(eur("2").try_cmp(&eur("10")).unwrap(), Ordering::Less);
        assert_eq!(eur("1234.5").to_string(), "1234.5 EUR");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_shape_and_validation() {
        let m: Money = serde_json::from_str(r#"{"amount":"1200.50","currency":"EUR"}"#).unwrap();
        assert_eq!(m, eur("1200.50"));
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"amount":"1200.50","currency":"EUR"}"#
        );
        let err = serde_json::from_str::<Money>(r#"{"amount":"1","currency":"euro"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid currency code"), "{err}");
        assert!(serde_json::from_str::<Money>(r#"{"amount":"x","currency":"EUR"}"#).is_err());
    }
}
