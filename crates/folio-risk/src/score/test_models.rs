//! The risk models the scorer's tests build from weights alone.
#![allow(clippy::unwrap_used)] // Ids built from test patterns are always valid.

use folio_types::Weight;

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
