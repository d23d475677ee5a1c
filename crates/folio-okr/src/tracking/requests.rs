//! The readout's third and fourth parts as data: resource reallocation requests and
//! strategic questions (seed 002, "A working format for the monthly portfolio
//! readout").

use std::fmt;

use folio_types::{Decimal, KeyResultId, ProductId};

/// What a reallocation moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ShiftKind {
    /// Money, in the portfolio's currency.
    Budget,
    /// People, in full-time equivalents.
    Headcount,
    /// Priority: a place in a shared team's queue.
    Priority,
}

impl fmt::Display for ShiftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Budget => "budget",
            Self::Headcount => "headcount",
            Self::Priority => "priority",
        })
    }
}

/// What a change-the-resources recovery plan asks for: from where, what and how much.
///
/// ```
/// use folio_okr::tracking::{ResourceShift, ShiftKind};
///
/// let shift: ResourceShift = serde_json::from_str(
///     r#"{ "from": "scout", "kind": "headcount", "amount": "2" }"#,
/// )?;
/// assert_eq!(shift.kind, ShiftKind::Headcount);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "What a change-the-resources recovery plan asks for: from where, what and how much."
    )
)]
pub struct ResourceShift {
    /// Where the resources would come from: a product, a team or a budget line.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub from: Option<String>,
    /// What is moved.
    pub kind: ShiftKind,
    /// How much, in the kind's unit, when known.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize_option")
    )]
    pub amount: Option<Decimal>,
}

/// A product whose capacity is drained: less of it is available for its goals than was
/// planned (support load, unplanned maintenance, people lent out). An input to the
/// readout: deserializing one runs [`validate`](Self::validate), and so does the
/// readout for every drain it is given.
///
/// ```
/// use folio_okr::tracking::CapacityDrain;
///
/// let drain: CapacityDrain = serde_json::from_str(
///     r#"{ "product": "harbor", "kind": "headcount", "planned": "12", "available": "8",
///          "cause": "incident follow-ups" }"#,
/// )?;
/// assert_eq!(drain.shortfall(), Some("4".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
pub struct CapacityDrain {
    /// The product drained.
    pub product: ProductId,
    /// What is short.
    pub kind: ShiftKind,
    /// What was planned for the product's goals.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub planned: Decimal,
    /// What is available to them.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub available: Decimal,
    /// What drains it, in words.
    #[cfg_attr(feature = "serde", serde(default))]
    pub cause: String,
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(CapacityDrain);

impl CapacityDrain {
    /// Checks that `planned` and `available` are not negative: a negative amount of
    /// budget, people or priority has no meaning, and would turn into a request for
    /// resources nobody lacks.
    ///
    /// # Errors
    ///
    /// [`Error::NegativeCapacity`](crate::Error::NegativeCapacity) naming the product
    /// and the field.
    ///
    /// ```
    /// use folio_okr::tracking::CapacityDrain;
    ///
    /// let drain: CapacityDrain = serde_json::from_str(
    ///     r#"{ "product": "harbor", "kind": "headcount", "planned": "12", "available": "8" }"#,
    /// )?;
    /// assert!(drain.validate().is_ok());
    /// let negative = CapacityDrain { available: "-1".parse()?, ..drain };
    /// assert!(negative.validate().is_err());
    /// assert!(serde_json::from_str::<CapacityDrain>(
    ///     r#"{ "product": "harbor", "kind": "headcount", "planned": "12", "available": "-1" }"#,
    /// ).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> crate::Result<()> {
        for (field, value) in [("planned", self.planned), ("available", self.available)] {
            if value < Decimal::ZERO {
                return Err(crate::Error::NegativeCapacity {
                    product: self.product.clone(),
                    field,
                    value,
                });
            }
        }
        Ok(())
    }

    /// `planned - available` when positive; `None` when nothing is drained (or the
    /// difference overflows).
    ///
    /// ```
    /// use folio_okr::tracking::CapacityDrain;
    ///
    /// let drain: CapacityDrain = serde_json::from_str(
    ///     r#"{ "product": "harbor", "kind": "headcount", "planned": "12", "available": "8",
    ///          "cause": "incident follow-ups" }"#,
    /// )?;
    /// // 12 planned, 8 available.
    /// assert_eq!(drain.shortfall(), Some("4".parse()?));
    /// let spare = CapacityDrain { available: "13".parse()?, ..drain };
    /// assert_eq!(spare.shortfall(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shortfall(&self) -> Option<Decimal> {
        self.planned
            .checked_sub(self.available)
            .filter(|d| *d > Decimal::ZERO)
    }
}

/// Where a reallocation request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RequestSource {
    /// A recovery plan that changes the resource allocation.
    RecoveryPlan,
    /// A capacity drain given to the readout.
    CapacityDrain,
    /// A recommendation of the caller's allocation analysis (folio-allocation's
    /// reallocation), added with [`ReallocationRequest::new`].
    Allocation,
}

/// A shift of budget, headcount or priority the portfolio leader asks the executives
/// for, with from, to, how much and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReallocationRequest {
    /// The product that would receive the resources.
    pub to: ProductId,
    /// The key result the request serves, for a recovery plan.
    pub key_result: Option<KeyResultId>,
    /// Where the resources would come from, when the plan says.
    pub from: Option<String>,
    /// What is moved, when known.
    pub kind: Option<ShiftKind>,
    /// How much, when known.
    pub amount: Option<Decimal>,
    /// Why, in one sentence.
    pub why: String,
    /// What raised the request.
    pub source: RequestSource,
}

impl ReallocationRequest {
    /// A request to move resources to `to`, for `why`, raised by `source`; `from`,
    /// `kind`, `amount` and `key_result` start empty and are set as fields. For
    /// requests the caller's own analyses raise (an allocation recommendation), to
    /// list beside the readout's.
    ///
    /// ```
    /// use folio_okr::tracking::{ReallocationRequest, RequestSource, ShiftKind};
    /// use folio_types::ProductId;
    ///
    /// let mut request = ReallocationRequest::new(
    ///     ProductId::new("relay")?,
    ///     "relay-sync is off track",
    ///     RequestSource::Allocation,
    /// );
    /// request.from = Some("initiative relay-v1-connectors".to_owned());
    /// request.kind = Some(ShiftKind::Headcount);
    /// request.amount = Some("2".parse()?);
    /// assert_eq!(
    ///     request.to_string(),
    ///     "move 2 headcount from initiative relay-v1-connectors to relay: relay-sync is off track"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(to: ProductId, why: impl Into<String>, source: RequestSource) -> Self {
        Self {
            to,
            key_result: None,
            from: None,
            kind: None,
            amount: None,
            why: why.into(),
            source,
        }
    }
}

impl fmt::Display for ReallocationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("move ")?;
        match (self.amount, self.kind) {
            (Some(amount), Some(kind)) => write!(f, "{} {kind}", amount.normalize())?,
            (None, Some(kind)) => write!(f, "{kind}")?,
            (Some(amount), None) => write!(f, "{}", amount.normalize())?,
            (None, None) => f.write_str("resources")?,
        }
        match &self.from {
            Some(from) => write!(f, " from {from}")?,
            None => f.write_str(" from a source to decide")?,
        }
        write!(f, " to {}: {}", self.to, self.why)
    }
}

/// A question the data raises for the executive team, with its evidence.
///
/// ```
/// use folio_okr::tracking::StrategicQuestion;
///
/// let question = StrategicQuestion::new(
///     "Fix or sunset Scout?",
///     vec!["Scout classed declining in 2026-Q2 and 2026-Q3".to_owned()],
/// );
/// assert_eq!(question.evidence.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StrategicQuestion {
    /// The question.
    pub question: String,
    /// The findings behind it, each a sentence with its numbers and ids.
    pub evidence: Vec<String>,
}

impl StrategicQuestion {
    /// A question with its evidence: for questions the caller's other analyses raise
    /// (a product line declining two quarters running, revenue concentration rising).
    ///
    /// ```
    /// use folio_okr::tracking::StrategicQuestion;
    ///
    /// let question = StrategicQuestion::new("Fix or sunset Scout?", vec!["Scout declined two quarters".into()]);
    /// assert_eq!(question.question, "Fix or sunset Scout?");
    /// assert_eq!(question.evidence.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(question: impl Into<String>, evidence: Vec<String>) -> Self {
        Self {
            question: question.into(),
            evidence,
        }
    }
}

impl fmt::Display for StrategicQuestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.question)?;
        for evidence in &self.evidence {
            write!(f, "\n  evidence: {evidence}")?;
        }
        Ok(())
    }
}
