//! Which objectives lose (or postpone) expected progress when initiatives are cut or
//! delayed.
//!
//! Each initiative lists the key results it is expected to move and the expected
//! progress lift (0.1 is ten points). The portfolio's `objectives` map gives, for each
//! objective, the weight of each key result in its rollup: the weights folio-okr's
//! weighted method uses (`progress = Σ wᵢ·pᵢ / Σ wᵢ`). Because that rollup is linear, the
//! objective's expected progress moves by
//!
//! ```text
//! Δ objective = Σ over its key results (wᵢ / Σ w) × Σ over the initiatives (lift on key result i)
//! ```
//!
//! so the crate takes the weights as data instead of a compiled OKR graph; a caller
//! holding a folio-okr graph passes the weights of each objective's key-result
//! contributors. Lifts are summed as given (not capped at 1): a key result cannot lose
//! more than the lifts that were expected of it.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use folio_allocation::{CutOptions, Portfolio, Reduction, cut};
//! use folio_types::Decimal;
//!
//! # let portfolio: Portfolio = serde_json::from_str(r#"{
//! #   "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
//! #   "objectives": { "growth": { "kr-signups": "1", "kr-revenue": "3" } },
//! #   "initiatives": [
//! #     { "id": "a", "product": "p", "horizon": "core", "mandate": true, "state": { "status": "committed" },
//! #       "start": 0, "cost": [{ "money": "50" }], "value": { "source": "given", "npv": "60" } },
//! #     { "id": "x", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
//! #       "start": 0, "cost": [{ "money": "50" }], "value": { "source": "given", "npv": "80" },
//! #       "key_results": { "kr-revenue": "0.2" } }
//! #   ]
//! # }"#)?;
//! // Cutting 50 leaves only the mandate; x was to lift kr-revenue, which carries
//! // 3 of growth's 4 weight: growth loses 3/4 × 0.2 = 0.15.
//! let plan = cut(&portfolio, Reduction::Amount(Decimal::from(50)), CutOptions::default())?;
//! assert_eq!(plan.objectives.len(), 1);
//! assert_eq!(plan.objectives[0].progress, Decimal::new(15, 2));
//! assert_eq!(plan.objectives[0].describe(), "objective growth loses 0.15 expected progress");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use folio_types::{KeyResultId, ObjectiveId};
use rust_decimal::Decimal;

use crate::error::{Result, overflow};
use crate::model::Portfolio;
use crate::shown::two_places;

/// The expected progress an objective loses (or, after a delay, receives later).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ObjectiveImpact {
    /// The objective.
    pub objective: ObjectiveId,
    /// Expected progress lost, on the objective's 0-1 progress scale.
    pub progress: Decimal,
    /// The lift each of its key results loses.
    pub key_results: BTreeMap<KeyResultId, Decimal>,
}

impl ObjectiveImpact {
    /// "objective growth loses 0.06 expected progress".
    ///
    /// ```
    /// use folio_allocation::ObjectiveImpact;
    /// use folio_types::{Decimal, ObjectiveId};
    ///
    /// // Half the weight on a key result that loses a lift of 0.12: 0.5 × 0.12 = 0.06.
    /// let impact = ObjectiveImpact {
    ///     objective: ObjectiveId::new("growth")?,
    ///     progress: Decimal::new(5, 1) * Decimal::new(12, 2),
    ///     key_results: Default::default(),
    /// };
    /// assert_eq!(impact.describe(), "objective growth loses 0.06 expected progress");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "objective {} loses {} expected progress",
            self.objective,
            two_places(self.progress)
        )
    }
}

/// The impact on every objective of losing the initiatives at `items`, largest loss
/// first, ties by objective id; objectives that lose nothing are left out.
pub(crate) fn impacts(
    portfolio: &Portfolio,
    items: impl IntoIterator<Item = usize>,
) -> Result<Vec<ObjectiveImpact>> {
    let mut lifts: BTreeMap<&KeyResultId, Decimal> = BTreeMap::new();
    for i in items {
        let Some(x) = portfolio.initiatives().get(i) else {
            continue;
        };
        for (kr, lift) in &x.key_results {
            let entry = lifts.entry(kr).or_default();
            *entry = entry
                .checked_add(*lift)
                .ok_or_else(|| overflow("summing key-result lifts"))?;
        }
    }
    let mut out = Vec::new();
    for (objective, weights) in &portfolio.data().objectives {
        let total = weights
            .values()
            .try_fold(Decimal::ZERO, |a, w| a.checked_add(w.value()));
        let total = total.ok_or_else(|| overflow("summing objective weights"))?;
        let mut progress = Decimal::ZERO;
        let mut key_results = BTreeMap::new();
        for (kr, w) in weights {
            let Some(&lift) = lifts.get(kr) else { continue };
            let share = w
                .value()
                .checked_div(total)
                .ok_or_else(|| overflow("weighting key results"))?;
            let part = share
                .checked_mul(lift)
                .ok_or_else(|| overflow("weighting key results"))?;
            progress = progress
                .checked_add(part)
                .ok_or_else(|| overflow("weighting key results"))?;
            key_results.insert(kr.clone(), lift);
        }
        if !progress.is_zero() {
            out.push(ObjectiveImpact {
                objective: objective.clone(),
                progress,
                key_results,
            });
        }
    }
    out.sort_by(|a, b| {
        b.progress
            .cmp(&a.progress)
            .then_with(|| a.objective.cmp(&b.objective))
    });
    Ok(out)
}
