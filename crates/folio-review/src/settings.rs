//! The checks every settings type of the review's input files runs when it is read:
//! a settings value that exists is valid, and its error names the field and values.
//!
//! Checks that need two files together live where the files meet; these need only the
//! value itself.

use std::collections::BTreeSet;

use folio_okr::RollupMethod;
use folio_types::{Error, PeriodKind};

use crate::input::{
    DecisionSettings, DeliverySettings, KpiFile, KpiSettings, MixTarget, SayDoFile, Settings,
};

fn invalid(setting: &'static str, field: &'static str, problem: String) -> Error {
    Error::InvalidSetting {
        setting,
        field,
        problem,
    }
}

impl Settings {
    /// The previous review comes before `as_of`, and `as_of` is not before the period
    /// starts (a review of a period that has not begun reads nothing); the sections'
    /// settings check themselves when they are read.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.previous_review >= self.as_of {
            return Err(invalid(
                "review settings",
                "previous_review",
                format!(
                    "({}) must be before as_of ({})",
                    self.previous_review, self.as_of
                ),
            ));
        }
        if self.as_of < self.period.start() {
            return Err(invalid(
                "review settings",
                "as_of",
                format!(
                    "({}) is before the period {} starts ({})",
                    self.as_of,
                    self.period,
                    self.period.start()
                ),
            ));
        }
        Ok(())
    }
}

impl DecisionSettings {
    /// Accelerating by 0 periods is no acceleration.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.accelerate_by == 0 {
            return Err(invalid(
                "decision settings",
                "accelerate_by",
                "(0) must be at least 1 period".to_owned(),
            ));
        }
        Ok(())
    }
}

impl DeliverySettings {
    /// A forecast needs at least one day and one trial.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        for (field, value) in [
            ("forecast_days", self.forecast_days),
            ("forecast_trials", self.forecast_trials),
        ] {
            if value == 0 {
                return Err(invalid(
                    "delivery settings",
                    field,
                    "(0) must be at least 1".to_owned(),
                ));
            }
        }
        Ok(())
    }
}

impl KpiSettings {
    /// Quarters: at least one, each a calendar quarter, oldest first with no repeats
    /// (growth reads consecutive entries: newest first would turn growth into decline,
    /// a repeat would make up 0% growth). The drain gap is not negative.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let setting = "KPI settings";
        if self.quarters.is_empty() {
            return Err(invalid(
                setting,
                "quarters",
                "is empty: give at least one quarter".to_owned(),
            ));
        }
        if let Some(p) = self
            .quarters
            .iter()
            .find(|p| p.kind() != PeriodKind::Quarter)
        {
            return Err(invalid(
                setting,
                "quarters",
                format!("holds {p}, which is not a quarter"),
            ));
        }
        for pair in self.quarters.windows(2) {
            if let [earlier, later] = pair {
                if later.start() <= earlier.start() {
                    let problem = if later == earlier {
                        format!("lists {later} twice")
                    } else {
                        format!("lists {later} after {earlier}: quarters go oldest first")
                    };
                    return Err(invalid(setting, "quarters", problem));
                }
            }
        }
        let mut seen = BTreeSet::new();
        if let Some(m) = self.metrics.iter().find(|m| !seen.insert(*m)) {
            return Err(invalid(
                setting,
                "metrics",
                format!("lists {} twice", folio_types::error::quote(m.as_str())),
            ));
        }
        if self.drain_min_gap.is_sign_negative() && !self.drain_min_gap.is_zero() {
            return Err(invalid(
                setting,
                "drain_min_gap",
                format!(
                    "({}) must not be negative: every product would drain",
                    self.drain_min_gap
                ),
            ));
        }
        Ok(())
    }
}

impl MixTarget {
    /// A band's low end is not above its high end, and both are shares in 0..=1.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        for (field, share) in [("low", self.low), ("high", self.high)] {
            let v = share.value();
            if v.is_sign_negative() && !v.is_zero() || v > folio_types::Decimal::ONE {
                return Err(invalid(
                    "mix target",
                    field,
                    format!("({v}) must be a share in 0..=1"),
                ));
            }
        }
        if self.low > self.high {
            return Err(invalid(
                "mix target",
                "low",
                format!("({}) is above high ({})", self.low, self.high),
            ));
        }
        Ok(())
    }
}

/// The method a portfolio file must declare.
fn check_method(
    setting: &'static str,
    declared: RollupMethod,
    expected: RollupMethod,
) -> Result<(), Error> {
    if declared == expected {
        Ok(())
    } else {
        Err(invalid(
            setting,
            "portfolio.policy.method",
            format!("is {declared}, but this file is rolled up by the {expected} method"),
        ))
    }
}

impl SayDoFile {
    /// The say-do file's portfolio declares the say-do method.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        check_method(
            "say-do file",
            self.portfolio.policy.method(),
            RollupMethod::SayDo,
        )
    }
}

impl KpiFile {
    /// The KPI file's portfolio declares the KPI method, and its quarter is a quarter.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.quarter.kind() != PeriodKind::Quarter {
            return Err(invalid(
                "KPI file",
                "quarter",
                format!("({}) is not a quarter", self.quarter),
            ));
        }
        check_method(
            "KPI file",
            self.portfolio.policy.method(),
            RollupMethod::Kpi,
        )
    }
}

folio_types::validate_on_deserialize!(Settings);
folio_types::validate_on_deserialize!(DecisionSettings);
folio_types::validate_on_deserialize!(DeliverySettings);
folio_types::validate_on_deserialize!(KpiSettings);
folio_types::validate_on_deserialize!(MixTarget);
folio_types::validate_on_deserialize!(SayDoFile);
folio_types::validate_on_deserialize!(KpiFile);
