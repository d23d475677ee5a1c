//! Incremental updates of a KPI rollup: a changed reading recomputes its ancestors
//! only, replacing its terms in their running sums where the rule is additive.

use folio_types::KeyResultId;

use crate::error::{Error, Result};
use crate::inputs::Override;
use crate::model::NodeId;
use crate::plan::NodeIndex;

use super::combine::{self, Stats};
use super::{KpiRollup, MetricReading};

impl KpiRollup {
    /// Sets the reading of one leaf key result and recomputes its ancestors only.
    ///
    /// The reading is checked first: nothing changes if it does not fit the metric.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], [`Error::ReadingShape`],
    /// [`Error::NegativeReading`], or an aggregation error (the state is then partly
    /// updated; roll up again from the inputs to recover).
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId};
    /// # let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
    /// #   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
    /// #     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
    /// #     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
    /// # let arr = |from: &str, to: &str| {
    /// #     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
    /// # };
    /// # let data: PortfolioData = serde_json::from_str(&format!(r#"{{
    /// #   "policy": {{ "method": "kpi" }},
    /// #   "objectives": [
    /// #     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
    /// #        "target": {} }} ],
    /// #   "key_results": [
    /// #     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
    /// #        "product": "atlas", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
    /// #     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
    /// #        "product": "lens", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
    /// # }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
    /// # let graph = OkrGraph::new(data)?;
    /// // ARR to 2M (from 1M) sums Atlas ARR (0.8M to 1.4M) and Lens ARR (0.2M to 0.6M).
    /// let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
    ///   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1400000" } },
    ///   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
    /// let mut rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // 1.4M + 0.3M = 1.7M, 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    ///
    /// use folio_okr::MetricReading;
    ///
    /// // Lens ARR grows from 0.3M to 0.5M.
    /// let reading: MetricReading =
    ///     serde_json::from_str(r#"{ "date": "2026-10-07", "reading": { "value": "500000" } }"#)?;
    /// rollup.update(&KeyResultId::new("lens-arr")?, reading)?;
    /// // 1.4M + 0.5M = 1.9M: 90% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_900_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(9, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(&mut self, key_result: &KeyResultId, reading: MetricReading) -> Result<()> {
        let node = NodeId::KeyResult(key_result.clone());
        let leaf = self
            .plan
            .index_of(&node)
            .ok_or(Error::UnknownNode { node })?;
        if !self.plan.is_leaf(leaf) {
            return Err(Error::NotALeaf {
                key_result: key_result.clone(),
            });
        }
        self.update_leaf(leaf, reading)
    }

    /// Sets the reading of the leaf at `leaf` and recomputes its ancestors only: the
    /// fast path of [`update`](KpiRollup::update), without the id lookup.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`] if `leaf` is not a leaf index; otherwise as
    /// [`update`](KpiRollup::update).
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, KeyResultId, ObjectiveId};
    /// # let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
    /// #   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
    /// #     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
    /// #     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
    /// # let arr = |from: &str, to: &str| {
    /// #     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
    /// # };
    /// # let data: PortfolioData = serde_json::from_str(&format!(r#"{{
    /// #   "policy": {{ "method": "kpi" }},
    /// #   "objectives": [
    /// #     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
    /// #        "target": {} }} ],
    /// #   "key_results": [
    /// #     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
    /// #        "product": "atlas", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
    /// #     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
    /// #        "product": "lens", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
    /// # }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
    /// # let graph = OkrGraph::new(data)?;
    /// // ARR to 2M (from 1M) sums Atlas ARR (0.8M to 1.4M) and Lens ARR (0.2M to 0.6M).
    /// let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
    ///   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1400000" } },
    ///   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
    /// let mut rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // 1.4M + 0.3M = 1.7M, 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    ///
    /// use folio_okr::MetricReading;
    ///
    /// let atlas = rollup.plan().index_of(&NodeId::from(KeyResultId::new("atlas-arr")?)).unwrap();
    /// // Atlas ARR falls back to 1.2M.
    /// let reading: MetricReading =
    ///     serde_json::from_str(r#"{ "date": "2026-10-07", "reading": { "value": "1200000" } }"#)?;
    /// rollup.update_leaf(atlas, reading)?;
    /// // 1.2M + 0.3M = 1.5M: half way from 1M to 2M.
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(5, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_leaf(&mut self, leaf: NodeIndex, reading: MetricReading) -> Result<()> {
        let def = self.def_of(leaf)?;
        let id = self
            .plan
            .node(leaf)
            .filter(|_| self.plan.is_leaf(leaf))
            .ok_or_else(|| Error::IndexOutOfPlan {
                index: leaf.get(),
                len: self.plan.leaf_count(),
            })?;
        combine::check_reading(def, id, &reading.reading)?;
        let additive = combine::is_additive(def.combine());
        let old_terms = combine::terms(def, combine::reading_of(&self.plan, &self.inputs, leaf)?);
        let new_terms = combine::terms(def, &reading.reading);
        let previous = self.inputs.get(leaf.get()).copied();
        self.set_input(leaf, reading);
        if let Err(error) = self.measure_leaf(leaf) {
            // A reading that cannot be measured leaves the state as it was.
            if let Some(previous) = previous {
                self.set_input(leaf, previous);
            }
            return Err(error);
        }

        let mut ancestors = std::mem::take(&mut self.scratch);
        ancestors.clear();
        ancestors.extend_from_slice(self.plan.parents(leaf));
        self.plan.close_upwards(&mut ancestors);
        let terms = if additive {
            old_terms.zip(new_terms)
        } else {
            None
        };
        let mut result = Ok(());
        for &node in &ancestors {
            result = match terms {
                Some((old, new)) => self.replace_terms(node, old, new),
                None => self.recompute(node),
            };
            if result.is_err() {
                break;
            }
        }
        self.scratch = ancestors;
        result
    }

    /// Replaces one leaf's terms in `node`'s sums, or recomputes the node from its
    /// leaves when the sums are not exact.
    fn replace_terms(
        &mut self,
        node: NodeIndex,
        (old_num, old_den, old_exact): (folio_types::Decimal, folio_types::Decimal, bool),
        (new_num, new_den, new_exact): (folio_types::Decimal, folio_types::Decimal, bool),
    ) -> Result<()> {
        let Some(stats) = u32::try_from(node.get())
            .ok()
            .and_then(|index| self.stats_of(index))
        else {
            return self.recompute(node);
        };
        if !(stats.exact && old_exact && new_exact) {
            return self.recompute(node);
        }
        let step = |sum, old, new| {
            let (less, e1) = combine::sub(sum, old)?;
            let (more, e2) = combine::add(less, new)?;
            Some((more, e1 && e2))
        };
        let next = step(stats.num, old_num, new_num)
            .zip(step(stats.den, old_den, new_den))
            .zip(step(stats.abs, old_num.abs(), new_num.abs()));
        let Some((((num, en), (den, ed)), (abs, ea))) = next else {
            return self.recompute(node);
        };
        if !(en && ed && ea) {
            return self.recompute(node);
        }
        let stats = Stats {
            num,
            den,
            abs,
            exact: true,
        };
        let value = combine::finish(self.def_of(node)?, &self.plan, node, &stats)?;
        if let Some(slot) = self.stats_slot(node) {
            *slot = stats;
        }
        self.store(node, value)
    }

    /// Sets (or replaces) an owner override of a rolled-up node's progress. The node's
    /// parents aggregate leaf readings, so nothing else changes.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], [`Error::OverrideOfInput`], or a measuring error.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, ObjectiveId};
    /// # let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
    /// #   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
    /// #     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
    /// #     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
    /// # let arr = |from: &str, to: &str| {
    /// #     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
    /// # };
    /// # let data: PortfolioData = serde_json::from_str(&format!(r#"{{
    /// #   "policy": {{ "method": "kpi" }},
    /// #   "objectives": [
    /// #     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
    /// #        "target": {} }} ],
    /// #   "key_results": [
    /// #     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
    /// #        "product": "atlas", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
    /// #     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
    /// #        "product": "lens", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
    /// # }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
    /// # let graph = OkrGraph::new(data)?;
    /// // ARR to 2M (from 1M) sums Atlas ARR (0.8M to 1.4M) and Lens ARR (0.2M to 0.6M).
    /// let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
    ///   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1400000" } },
    ///   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
    /// let mut rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // 1.4M + 0.3M = 1.7M, 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    ///
    /// use folio_okr::{Override, Source};
    ///
    /// rollup.set_override(Override {
    ///     node: goal.clone(),
    ///     progress: "0.6".parse()?,
    ///     owner: "cfo".parse()?,
    ///     reason: "a churned contract is still in the figures".into(),
    /// })?;
    /// let value = rollup.value(&goal).unwrap();
    /// // The computed 0.7 is kept beside the reported override.
    /// assert_eq!((value.computed.value(), value.reported.value()), (Decimal::new(7, 1), Decimal::new(6, 1)));
    /// assert_eq!(value.source, Source::Override);
    /// // The metric value is the readings' sum either way.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_override(&mut self, owner_override: Override) -> Result<()> {
        let node = self.overrides.set(&self.plan, owner_override)?;
        self.refresh(node)
    }

    /// Removes the override of `node`, if any.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`], or a measuring error.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, ObjectiveId};
    /// # let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
    /// #   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
    /// #     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
    /// #     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
    /// # let arr = |from: &str, to: &str| {
    /// #     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
    /// # };
    /// # let data: PortfolioData = serde_json::from_str(&format!(r#"{{
    /// #   "policy": {{ "method": "kpi" }},
    /// #   "objectives": [
    /// #     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
    /// #        "target": {} }} ],
    /// #   "key_results": [
    /// #     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
    /// #        "product": "atlas", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
    /// #     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
    /// #        "product": "lens", "target": {},
    /// #        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
    /// # }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
    /// # let graph = OkrGraph::new(data)?;
    /// // ARR to 2M (from 1M) sums Atlas ARR (0.8M to 1.4M) and Lens ARR (0.2M to 0.6M).
    /// let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
    ///   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1400000" } },
    ///   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
    /// let mut rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // 1.4M + 0.3M = 1.7M, 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    ///
    /// use folio_okr::Override;
    ///
    /// rollup.set_override(Override {
    ///     node: goal.clone(),
    ///     progress: "0.6".parse()?,
    ///     owner: "cfo".parse()?,
    ///     reason: String::new(),
    /// })?;
    /// rollup.clear_override(&goal)?;
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clear_override(&mut self, node: &NodeId) -> Result<()> {
        let index = self.overrides.clear(&self.plan, node)?;
        self.refresh(index)
    }

    fn refresh(&mut self, node: NodeIndex) -> Result<()> {
        let value = self.value_of(node.get());
        match value {
            Some(value) => self.store(node, value),
            None => self.recompute(node),
        }
    }
}
