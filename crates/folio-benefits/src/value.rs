//! Benefit values: an amount of money or a metric value, and the unit they are in.
//!
//! A business case promises its benefit in one unit: money in one currency (revenue,
//! margin, cost savings) or the value of one metric (active users, tickets avoided).
//! Every expected and realized value of a case is in that unit; anything else is
//! [`Error::UnitMismatch`](crate::Error::UnitMismatch). Values of different units are
//! never added: rollups across initiatives are computed per [`BenefitUnit`], so euros,
//! dollars and active users each get a realization rate of their own.

use std::fmt;

use folio_types::{Currency, MetricId, Money};
use rust_decimal::Decimal;

/// An expected or realized benefit: money, or the value of a metric.
///
/// In JSON: `{"money": {"amount": "1200.50", "currency": "EUR"}}` or
/// `{"metric": {"metric": "active_users", "value": "350"}}`.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_benefits::{BenefitUnit, BenefitValue};
///
/// let value: BenefitValue =
///     serde_json::from_str(r#"{"money": {"amount": "1200.50", "currency": "EUR"}}"#)?;
/// assert_eq!(value.amount().to_string(), "1200.50");
/// assert_eq!(value.unit(), BenefitUnit::Money("EUR".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "An expected or realized benefit: money, or the value of a metric.\n\nIn JSON: `{\"money\": {\"amount\": \"1200.50\", \"currency\": \"EUR\"}}` or\n`{\"metric\": {\"metric\": \"active_users\", \"value\": \"350\"}}`.\n\nuse folio_benefits::{BenefitUnit, BenefitValue};\n\nlet value: BenefitValue =\n    serde_json::from_str(r#\"{\"money\": {\"amount\": \"1200.50\", \"currency\": \"EUR\"}}\"#)?;\nassert_eq!(value.amount().to_string(), \"1200.50\");\nassert_eq!(value.unit(), BenefitUnit::Money(\"EUR\".parse()?));\n# Ok::<(), Box<dyn std::error::Error>>(())"
    )
)]
pub enum BenefitValue {
    /// An amount of money.
    Money(Money),
    /// The value of a metric, in the metric's own unit.
    Metric {
        /// The metric measured.
        metric: MetricId,
        /// Its value; serialized as a decimal string.
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "folio_types::decimal::deserialize")
        )]
        value: Decimal,
    },
}

impl BenefitValue {
    /// The number, without its unit.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::BenefitValue;
    /// use rust_decimal::Decimal;
    ///
    /// let signups = BenefitValue::Metric { metric: "signups".parse()?, value: Decimal::from(250) };
    /// assert_eq!(signups.amount(), Decimal::from(250));
    /// assert_eq!(signups.unit().to_string(), "metric \"signups\"");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn amount(&self) -> Decimal {
        match self {
            Self::Money(money) => money.amount(),
            Self::Metric { value, .. } => *value,
        }
    }

    /// The unit the number is in.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_benefits::{BenefitUnit, BenefitValue};
    /// use folio_types::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let eur = Currency::new("EUR")?;
    /// let saving = BenefitValue::Money(Money::new(Decimal::from(1200), eur));
    /// assert_eq!(saving.unit(), BenefitUnit::Money(eur));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> BenefitUnit {
        match self {
            Self::Money(money) => BenefitUnit::Money(money.currency()),
            Self::Metric { metric, .. } => BenefitUnit::Metric(metric.clone()),
        }
    }

    /// Whether the value is in `unit`, without building a [`BenefitUnit`].
    pub(crate) fn is_in(&self, unit: &BenefitUnit) -> bool {
        match (self, unit) {
            (Self::Money(money), BenefitUnit::Money(currency)) => money.currency() == *currency,
            (Self::Metric { metric, .. }, BenefitUnit::Metric(id)) => metric == id,
            _ => false,
        }
    }
}

/// The unit of a benefit: a currency or a metric.
///
/// Units order money before metrics, then by code or id, which is the order rollups
/// report them in.
///
/// # Example
///
/// ```
/// use folio_benefits::BenefitUnit;
/// use folio_types::Currency;
///
/// assert_eq!(BenefitUnit::Money(Currency::new("EUR")?).to_string(), "money in EUR");
/// assert_eq!(BenefitUnit::Metric("nps".parse()?).to_string(), "metric \"nps\"");
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
        description = "The unit of a benefit: a currency or a metric.\n\nUnits order money before metrics, then by code or id, which is the order rollups\nreport them in."
    )
)]
pub enum BenefitUnit {
    /// Money in this currency.
    Money(Currency),
    /// Values of this metric.
    Metric(MetricId),
}

impl fmt::Display for BenefitUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Money(currency) => write!(f, "money in {currency}"),
            Self::Metric(metric) => write!(f, "metric \"{metric}\""),
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "serde")]
    use super::*;

    #[cfg(feature = "serde")]
    fn check(json: &str, amount: &str, unit: &str) {
        let value: BenefitValue = serde_json::from_str(json).unwrap();
        assert_eq!(value.amount().to_string(), amount, "{json}");
        assert_eq!(value.unit().to_string(), unit, "{json}");
        assert!(value.is_in(&value.unit()));
        let back: BenefitValue =
            serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        assert_eq!(back, value);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn shapes_table() {
        check(
            r#"{"money":{"amount":"1200.50","currency":"EUR"}}"#,
            "1200.50",
            "money in EUR",
        );
        check(
            r#"{"metric":{"metric":"active_users","value":"350"}}"#,
            "350",
            "metric \"active_users\"",
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn units_do_not_match_across_currencies_or_metrics() {
        let eur: BenefitValue =
            serde_json::from_str(r#"{"money":{"amount":"1","currency":"EUR"}}"#).unwrap();
        let users: BenefitValue =
            serde_json::from_str(r#"{"metric":{"metric":"users","value":"1"}}"#).unwrap();
        let usd = BenefitUnit::Money(Currency::new("USD").unwrap());
        let seats = BenefitUnit::Metric(MetricId::new("seats").unwrap());
        assert!(!eur.is_in(&usd));
        assert!(!eur.is_in(&users.unit()));
        assert!(!users.is_in(&seats));
        assert!(!users.is_in(&eur.unit()));
        assert!(eur.unit() < users.unit(), "money sorts before metrics");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn invalid_values_are_rejected() {
        for json in [
            r#"{"money":{"amount":"1","currency":"euro"}}"#,
            r#"{"metric":{"metric":"","value":"1"}}"#,
            r#"{"metric":{"metric":"m","value":"x"}}"#,
            r#"{"points":{"value":"1"}}"#,
        ] {
            assert!(
                serde_json::from_str::<BenefitValue>(json).is_err(),
                "{json}"
            );
        }
    }
}
