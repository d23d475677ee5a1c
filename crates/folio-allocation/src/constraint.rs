//! The constraints a plan must hold, named so that an answer can say which one binds.

use std::fmt;

use folio_types::{Horizon, Period};

use crate::model::ResourceKind;

/// One constraint of a cut or a schedule.
///
/// ```
/// use folio_allocation::{Constraint, ResourceKind};
///
/// let c = Constraint::Capacity { kind: ResourceKind::new("engineering")?, period: "2027-Q1".parse()? };
/// assert_eq!(c.to_string(), "engineering capacity in 2027-Q1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Constraint {
    /// The money budget of one period.
    Budget {
        /// The period.
        period: Period,
    },
    /// The reduced total spend a cut must stay under.
    SpendCeiling,
    /// The capacity of one resource kind in one period.
    Capacity {
        /// The resource kind.
        #[cfg_attr(feature = "serde", serde(rename = "resource"))]
        kind: ResourceKind,
        /// The period.
        period: Period,
    },
    /// The lower bound of a horizon's share of kept spend.
    MixFloor {
        /// The horizon.
        horizon: Horizon,
    },
    /// The upper bound of a horizon's share of kept spend.
    MixCeiling {
        /// The horizon.
        horizon: Horizon,
    },
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Budget { period } => write!(f, "the money budget of {period}"),
            Self::SpendCeiling => f.write_str("the reduced spend ceiling"),
            Self::Capacity { kind, period } => write!(f, "{kind} capacity in {period}"),
            Self::MixFloor { horizon } => write!(f, "the {} mix floor", horizon_name(*horizon)),
            Self::MixCeiling { horizon } => {
                write!(f, "the {} mix ceiling", horizon_name(*horizon))
            }
        }
    }
}

/// The horizon's name in words.
pub(crate) fn horizon_name(h: Horizon) -> &'static str {
    match h {
        Horizon::Core => "core",
        Horizon::Grow => "grow",
        Horizon::Explore => "explore",
    }
}
