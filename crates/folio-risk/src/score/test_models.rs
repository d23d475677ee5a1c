//! The risk models the scorer's tests build from weights alone, and their trigger
//! rules.
#![allow(clippy::unwrap_used)] // Ids built from test patterns are always valid.

use folio_types::{RiskRating, Weight};
use rust_decimal::Decimal;

use crate::config::{
    MissingRatingPolicy, RequiredAction, ScoringConfig, TriggerRule, TriggerScope,
};
use crate::id::{DimensionId, FactorId};
use crate::model::{DimensionSpec, FactorSpec, RiskModelData};

/// A model's data with dimension `i` named `d{i}` of weight `weights[i].0`, and its
/// factor `j` named `factor_id(i, j)` of weight `weights[i].1[j]`.
pub(crate) fn model_data(
    weights: &[(Weight, Vec<Weight>)],
    factor_id: impl Fn(usize, usize) -> String,
) -> RiskModelData {
    RiskModelData {
        dimensions: weights
            .iter()
            .enumerate()
            .map(|(i, (weight, factors))| {
                let factors = factors
                    .iter()
                    .enumerate()
                    .map(|(j, w)| {
                        let mut f = FactorSpec::new(FactorId::new(factor_id(i, j)).unwrap(), "f");
                        f.weight = *w;
                        f
                    })
                    .collect();
                let mut spec = DimensionSpec::new(
                    DimensionId::new(format!("d{i}")).unwrap(),
                    "dimension",
                    factors,
                );
                spec.weight = *weight;
                spec
            })
            .collect(),
    }
}

/// Trigger rules on the score, on any dimension and on the first dimension.
pub(crate) fn triggers(thresholds: [Option<RiskRating>; 3]) -> Vec<TriggerRule> {
    let action = || RequiredAction::new("cro".parse().unwrap(), "Review", "Plan").unwrap();
    let scopes = [
        TriggerScope::Score,
        TriggerScope::AnyDimension,
        TriggerScope::Dimension {
            dimension: DimensionId::new("d0").unwrap(),
        },
    ];
    scopes
        .into_iter()
        .zip(thresholds)
        .enumerate()
        .filter_map(|(i, (scope, threshold))| {
            // Rule ids in the reverse of the scopes, so that the rules are sorted.
            let id = format!("rule-{}", 2usize.saturating_sub(i))
                .parse()
                .unwrap();
            // A threshold of 1 would fire on everything and is rejected.
            let threshold = threshold.filter(|t| t.value() > Decimal::ONE)?;
            Some(TriggerRule::new(id, scope, threshold, action()).unwrap())
        })
        .collect()
}

/// The configuration of the property tests: missing ratings excluded or an error, `top`
/// drivers, and the [`triggers`] of `thresholds`.
pub(crate) fn config(
    exclude_missing: bool,
    top: usize,
    thresholds: [Option<RiskRating>; 3],
) -> ScoringConfig {
    ScoringConfig {
        missing: if exclude_missing {
            MissingRatingPolicy::ExcludeAndRenormalize
        } else {
            MissingRatingPolicy::Error
        },
        top_drivers: top,
        triggers: triggers(thresholds),
        ..ScoringConfig::default()
    }
}
