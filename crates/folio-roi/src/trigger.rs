//! The payback trigger: "if payback exceeds Y, require justification or scope change".

use folio_types::{InitiativeId, ProductLineId};
use rust_decimal::Decimal;
#[cfg(feature = "schemars")]
use schemars::JsonSchema;

use crate::error::{Error, Result};
use crate::payback::{Payback, TimeUnit};
use crate::report::{InitiativeReport, Measures, ProductLineReport};

/// Flags paybacks beyond a threshold: "if payback exceeds Y, require justification
/// or scope change".
///
/// Thresholds are set per unit (periods for periodic cases, days for dated ones); a
/// unit without a threshold is not checked. A case that never pays back always
/// fires, as long as its unit has a threshold.
///
/// ```
/// use folio_types::Decimal;
/// use folio_roi::PaybackTrigger;
///
/// let trigger = PaybackTrigger::new(Some(Decimal::from(8)), None, false)?;
/// assert_eq!(trigger.max_periods(), Some(Decimal::from(8)));
/// assert!(PaybackTrigger::new(Some(Decimal::NEGATIVE_ONE), None, false).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "PaybackTriggerData", into = "PaybackTriggerData")
)]
pub struct PaybackTrigger {
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    max_periods: Option<Decimal>,
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    max_days: Option<Decimal>,
    discounted: bool,
}

/// The serialized form of [`PaybackTrigger`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
struct PaybackTriggerData {
    /// The longest acceptable payback of a periodic case, in periods; `>= 0`.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    max_periods: Option<Decimal>,
    /// The longest acceptable payback of a dated case, in days; `>= 0`.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    max_days: Option<Decimal>,
    /// Whether to judge the discounted payback instead of the simple one.
    #[cfg_attr(feature = "serde", serde(default))]
    discounted: bool,
}

impl TryFrom<PaybackTriggerData> for PaybackTrigger {
    type Error = Error;

    fn try_from(data: PaybackTriggerData) -> Result<Self> {
        Self::new(data.max_periods, data.max_days, data.discounted)
    }
}

impl From<PaybackTrigger> for PaybackTriggerData {
    fn from(t: PaybackTrigger) -> Self {
        Self {
            max_periods: t.max_periods,
            max_days: t.max_days,
            discounted: t.discounted,
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for PaybackTrigger {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("PaybackTrigger")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PaybackTriggerData::json_schema(generator)
    }
}

/// What a [`PaybackAlert`] is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", content = "id", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Subject {
    /// An initiative.
    Initiative(InitiativeId),
    /// A product line.
    ProductLine(ProductLineId),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Initiative(id) => write!(f, "initiative {id}"),
            Self::ProductLine(id) => write!(f, "product line {id}"),
        }
    }
}

impl std::fmt::Display for PaybackAlert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: payback {} exceeds {} {}",
            self.subject,
            self.payback,
            self.threshold,
            self.payback.unit()
        )
    }
}

/// A payback that exceeded its threshold, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PaybackAlert {
    /// Whose payback it is.
    pub subject: Subject,
    /// The payback judged (simple or discounted, as the trigger says).
    pub payback: Payback,
    /// The threshold it exceeded, in the payback's unit.
    pub threshold: Decimal,
}

impl PaybackTrigger {
    /// A trigger with the given thresholds, judging the discounted payback if
    /// `discounted`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] with an out-of-range error if a threshold is negative.
    pub fn new(
        max_periods: Option<Decimal>,
        max_days: Option<Decimal>,
        discounted: bool,
    ) -> Result<Self> {
        for (name, limit) in [
            ("payback threshold in periods", max_periods),
            ("payback threshold in days", max_days),
        ] {
            if let Some(limit) = limit.filter(|l| l.is_sign_negative() && !l.is_zero()) {
                return Err(Error::Core(folio_types::Error::OutOfRange {
                    quantity: name,
                    value: limit.to_string(),
                    range: ">= 0",
                }));
            }
        }
        Ok(Self {
            max_periods,
            max_days,
            discounted,
        })
    }

    /// The threshold for periodic cases, in periods.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::PaybackTrigger;
    ///
    /// let trigger = PaybackTrigger::new(Some(Decimal::from(8)), None, false)?;
    /// assert_eq!(trigger.max_periods(), Some(Decimal::from(8)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_periods(&self) -> Option<Decimal> {
        self.max_periods
    }

    /// The threshold for dated cases, in days.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::PaybackTrigger;
    ///
    /// let trigger = PaybackTrigger::new(None, Some(Decimal::from(365)), false)?;
    /// assert_eq!(trigger.max_days(), Some(Decimal::from(365)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_days(&self) -> Option<Decimal> {
        self.max_days
    }

    /// Whether the discounted payback is judged.
    ///
    /// ```
    /// use folio_types::Decimal;
    /// use folio_roi::PaybackTrigger;
    ///
    /// assert!(PaybackTrigger::new(Some(Decimal::from(8)), None, true)?.discounted());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discounted(&self) -> bool {
        self.discounted
    }

    fn check(&self, subject: Subject, measures: &Measures) -> Option<PaybackAlert> {
        let payback = if self.discounted {
            measures.discounted_payback
        } else {
            measures.payback
        };
        let threshold = match payback.unit() {
            TimeUnit::Periods => self.max_periods,
            TimeUnit::Days => self.max_days,
        }?;
        let fires = payback.after().is_none_or(|after| after > threshold);
        fires.then_some(PaybackAlert {
            subject,
            payback,
            threshold,
        })
    }

    /// The alerts for initiatives and product lines, initiatives first, each by id.
    pub fn alerts(
        &self,
        initiatives: &[InitiativeReport],
        lines: &[ProductLineReport],
    ) -> Vec<PaybackAlert> {
        let mut alerts: Vec<PaybackAlert> = initiatives
            .iter()
            .filter_map(|r| self.check(Subject::Initiative(r.initiative.clone()), &r.measures))
            .chain(lines.iter().filter_map(|l| {
                self.check(Subject::ProductLine(l.product_line.clone()), &l.measures)
            }))
            .collect();
        alerts.sort_by(|a, b| a.subject.cmp(&b.subject));
        alerts
    }
}
