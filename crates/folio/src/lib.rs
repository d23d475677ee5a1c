//! folio: product-portfolio analytics for Rust, behind one dependency.
//!
//! This facade re-exports the folio crates so that a program can depend on `folio`
//! alone. The shared vocabulary of [folio-core](folio_core) (ids, money, bounded numbers,
//! periods, series, portfolio structure, the error type) sits at the root; each domain
//! crate is a module behind a cargo feature of its own name, all on by default.
//!
//! # Example
//!
//! ```
//! use folio::prelude::*;
//!
//! let eur = Currency::new("EUR")?;
//! let spend = Money::new(Decimal::new(48_000, 0), eur);
//! let budget = Money::new(Decimal::new(60_000, 0), eur);
//! let utilization = spend.ratio_to(budget)?;
//! assert_eq!(utilization.to_percent()?, Decimal::new(80, 0));
//!
//! let quarter = Period::quarter(2026, 4)?;
//! let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).ok_or("bad date")?;
//! assert!(quarter.contains(as_of));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//!
//! - `risk` (default): [folio-risk](folio_risk), weighted risk scoring, as [`risk`].
//! - `proptest`: folio-core's proptest strategies, as [`strategy`].
//!
//! The domain crates join as they are built: `metrics`, `okr`, `risk`, `roi` and
//! `benefits`, each a feature that is on by default.
#![doc(test(attr(deny(warnings))))]

pub use folio_core::*;

/// Weighted risk scoring: explained scores, bands, triggers, trends and portfolio
/// exposure (the folio-risk crate).
#[cfg(feature = "risk")]
pub use folio_risk as risk;

/// The types most programs need, for `use folio::prelude::*`.
pub mod prelude {
    pub use folio_core::{
        Allocation, Confidence, Currency, Decimal, Error as CoreError, Horizon, InitiativeId,
        KeyResultId, MetricId, Money, NaiveDate, ObjectiveId, Observation, OwnerId, Period,
        PeriodKind, ProductId, ProductLineId, Progress, Ratio, RiskRating, Series, Structure,
        Weight,
    };
}
