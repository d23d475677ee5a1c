//! The standard portfolio KPIs, each a documented function with its formula, its
//! edge-case convention and a worked example.
//!
//! # Conventions shared by every KPI
//!
//! - Exact [`Decimal`](rust_decimal::Decimal) arithmetic; divisions round to 28
//!   significant digits (`rust_decimal`'s precision). Nothing is rounded for display:
//!   round with `round_dp` where you show a number.
//! - Rates and ratios are fractions ([`Ratio`](folio_types::Ratio): 0.25 is 25%).
//! - Empty inputs are [`Error::Empty`](crate::Error::Empty); a zero denominator is
//!   [`Error::ZeroDenominator`](crate::Error::ZeroDenominator), except where "never"
//!   or "unbounded" is the honest answer, which is `None` (growth from zero, LTV with
//!   zero churn, payback that never comes, LTV:CAC with zero CAC).
//! - Counts are `u64`, so they cannot be negative; amounts that cannot be negative
//!   (revenue, costs, capacity) are checked and rejected with
//!   [`Error::Negative`](crate::Error::Negative).
//! - Percentiles interpolate linearly between closest ranks ([`stats`]).
//! - Shares are rounded to 12 places by the largest-remainder method so that they sum
//!   to exactly 1 ([`concentration`]).
//!
//! # Index
//!
//! | KPI | function |
//! |---|---|
//! | revenue growth QoQ / YoY | [`growth`](fn@growth), [`qoq_growth`], [`yoy_growth`] |
//! | revenue mix by line / segment / geography | [`revenue_mix_by_line`], [`shares`] |
//! | gross margin | [`gross_margin`] |
//! | NRR, GRR, revenue churn | [`nrr`], [`grr`], [`revenue_churn`] |
//! | logo churn, renewal rate | [`logo_churn`], [`renewal_rate`] |
//! | LTV, CAC payback, LTV:CAC | [`ltv`], [`cac_payback`], [`ltv_to_cac`] |
//! | concentration | [`hhi`], [`top_n_share`] |
//! | NPS, NPS gap | [`nps`](fn@nps), [`nps_gap`] |
//! | activation, conversion, user retention | [`activation_rate`], [`conversion_rate`], [`user_retention_rate`] |
//! | cross-product adoption | [`cross_product_adoption`] |
//! | time-to-value (median, percentiles) | [`time_to_value`] |
//! | tickets per active account, time to resolution | [`tickets_per_active_account`], [`time_to_resolution`] |
//! | capacity allocation and utilization | [`capacity_report`], [`utilization`] |
//! | investment mix and trend | [`investment_mix`], [`investment_mix_trend`] |
//! | delivery predictability, schedule variance | [`delivery_predictability`], [`schedule_variance`] |
//! | lead time, cycle time, throughput, flow efficiency | [`lead_time`], [`cycle_time`], [`throughput`], [`flow_efficiency`] |
//! | percentiles | [`percentile`], [`median`], [`distribution`] |

pub mod adoption;
pub mod capacity;
pub mod concentration;
pub mod delivery;
pub mod economics;
pub mod growth;
pub mod nps;
pub mod retention;
pub mod stats;
pub mod support;

pub use adoption::{
    DateSpan, activation_rate, conversion_rate, cross_product_adoption, time_to_value,
    user_retention_rate,
};
pub use capacity::{
    CapacityEntry, CapacityReport, MixPoint, capacity_report, investment_mix, investment_mix_trend,
    utilization,
};
pub use concentration::{SHARE_DECIMALS, hhi, shares, top_n_share};
pub use delivery::{
    ScheduleVariance, WorkItem, cycle_time, delivery_predictability, flow_efficiency, lead_time,
    schedule_variance, throughput,
};
pub use economics::{cac_payback, gross_margin, ltv, ltv_to_cac};
pub use growth::{growth, qoq_growth, revenue_mix_by_line, yoy_growth};
pub use nps::{Nps, NpsGap, nps, nps_gap};
pub use retention::{RevenueCohort, grr, logo_churn, nrr, renewal_rate, revenue_churn};
pub use stats::{Distribution, distribution, median, percentile};
pub use support::{tickets_per_active_account, time_to_resolution};
