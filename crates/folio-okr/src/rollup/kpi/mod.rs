//! The KPI rollup: a rolled-up node is the aggregate of a real metric.
//!
//! When a portfolio objective is tied to a real metric (ARR, retention, NPS), its value
//! is just the aggregate of that metric over the key results that contribute to it,
//! combined the way the metric's definition says ([`folio_metrics::Combine`]): ARR
//! sums, retention is a ratio of sums (or a mean weighted by its revenue base), NPS is a
//! mean weighted by respondents, and a non-additive metric is never summed. The node's
//! progress is that value measured against its own [`Target`].
//!
//! # The rules
//!
//! - **One metric per node and its contributors.** Every node of a KPI portfolio has a
//!   metric target (validation reports [`Problem::MissingTarget`]), and every edge joins
//!   two nodes measuring the same metric ([`Problem::MetricMismatch`]). Different
//!   objectives may measure different metrics.
//! - **Leaf readings.** The input is one [`MetricReading`] per leaf key result (a date
//!   and a [`Reading`] of the shape the metric's rule needs: a plain value, a value with
//!   its base, or a numerator and denominator). A leaf's progress is its own value
//!   measured against its own target.
//! - **The leaves beneath, each once.** A rolled-up node combines the readings of the
//!   leaf key results beneath it (through every path its contributors open), each leaf
//!   counted once however many paths lead to it. That is how a portfolio total avoids
//!   counting a shared key result twice: an ARR key result under two product objectives
//!   adds its ARR to the portfolio objective once. For every rule the value at a node
//!   therefore equals [`folio_metrics::aggregate()`] over those leaves (read as one
//!   product each): sums, means, weighted means and ratios of sums of the whole set,
//!   never a mean of means. Edge weights play no part in a KPI rollup.
//! - **Progress.** `target.progress(value, scoring)`, with the caller's
//!   [`Scoring`]: clamped at 1, or over-achievement kept.
//! - **Overrides** replace a rolled-up node's reported progress, keeping the computed
//!   progress beside it ([`OverridePolicy`](crate::OverridePolicy)); its parents
//!   aggregate leaf readings, so an override is not propagated.
//!
//! # Rounding and incremental updates
//!
//! Sums of readings are exact while they fit in a `Decimal` (28 to 29 significant
//! digits); `value × base` products are exact up to 28 decimal places between them;
//! each mean or ratio is one division, rounded at 28 significant digits. For the
//! additive rules (`sum`, `mean`, `weighted_mean`, `ratio_of_sums`) every node keeps its
//! running sums, and a changed reading replaces its terms in each ancestor's sums:
//! one subtraction and one addition per sum and ancestor, whatever the number of leaves
//! beneath. Sums are normalized before the division, so the result is the very
//! `Decimal` a full recompute gives (a property test checks it). Where a sum had to
//! round, and for the rules that pick a value (`min`, `max`, `median`, `last`), each
//! ancestor is recomputed from the leaves beneath it.
//!
//! A full sweep of an additive rule composes each node's sums from its contributors'
//! where no leaf reaches it along two paths, as integer mantissas (a plain reading is
//! read from a compact copy of its mantissa and scale), and measures the value
//! against an increase or decrease target by an integer multiplication where the
//! target's distance makes every quotient terminate (see `measure`); both give the
//! digits and scale the `Decimal` operations give, which property tests check, and
//! anything outside their bounds takes the `Decimal` path. A `sum` over plain
//! non-negative readings (ARR, headcount: the commonest node) has a path of its own:
//! its numerator is also its magnitudes' sum, so the node's sum is one integer kept in
//! registers from its contributors to its progress, and stored as that integer (the
//! count of leaves beneath never changes): its sums and value are read back from it
//! when asked for, so a sweep writes fewer than half the bytes per node.
//!
//! # Worked example
//!
//! Atlas and Lens report ARR of 1,200,000 and 300,000 towards a portfolio objective
//! "ARR to 2,000,000 from 1,000,000": the objective's ARR is 1,500,000 and its progress
//! `(1,500,000 − 1,000,000) / (2,000,000 − 1,000,000) = 0.5`. Had ARR been defined as a
//! mean, the same readings would give 750,000: the definition decides, not the rollup.
//!
//! ```
//! use folio_metrics::{MetricCatalog, Scoring};
//! use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
//! use folio_types::{Decimal, KeyResultId, ObjectiveId};
//!
//! let catalog: MetricCatalog = serde_json::from_str(r#"{ "metrics": [
//!   { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
//!     "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
//!     "definition": "Annualized value of active subscriptions at period end." } ] }"#)?;
//! let arr = |from: &str, to: &str| {
//!     format!(r#"{{ "metric": "arr", "goal": {{ "increase_to": {{ "baseline": "{from}", "target": "{to}" }} }} }}"#)
//! };
//! let data: PortfolioData = serde_json::from_str(&format!(r#"{{
//!   "policy": {{ "method": "kpi" }},
//!   "objectives": [
//!     {{ "id": "arr-2m", "name": "ARR to 2M", "tier": "portfolio", "drivers": "key_results",
//!        "target": {} }} ],
//!   "key_results": [
//!     {{ "id": "atlas-arr", "name": "Atlas ARR", "tier": "product", "owner": "ana",
//!        "product": "atlas", "target": {},
//!        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }},
//!     {{ "id": "lens-arr", "name": "Lens ARR", "tier": "product", "owner": "lee",
//!        "product": "lens", "target": {},
//!        "contributes_to": [{{ "to": {{ "objective": "arr-2m" }} }}] }} ]
//! }}"#, arr("1000000", "2000000"), arr("800000", "1400000"), arr("200000", "600000")))?;
//! let graph = OkrGraph::new(data)?;
//! let inputs: KpiInputs = serde_json::from_str(r#"{ "readings": {
//!   "atlas-arr": { "date": "2026-09-30", "reading": { "value": "1200000" } },
//!   "lens-arr": { "date": "2026-09-30", "reading": { "value": "300000" } } } }"#)?;
//! let mut rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
//!
//! let goal = NodeId::Objective(ObjectiveId::new("arr-2m")?);
//! assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_500_000, 0)));
//! assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(5, 1)));
//! println!("{}", rollup.explain(&goal)?);
//!
//! // A new reading updates the ancestors only, and equals a full recompute.
//! let reading = serde_json::from_str(r#"{ "date": "2026-10-07", "reading": { "value": "500000" } }"#)?;
//! rollup.update(&KeyResultId::new("lens-arr")?, reading)?;
//! assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Problem::MissingTarget`]: crate::Problem::MissingTarget
//! [`Problem::MetricMismatch`]: crate::Problem::MetricMismatch

mod combine;
mod measure;
// Plain `cfg(test)` here (the feature gate is inside) so that mutation testing
// knows the file for tests.
#[cfg(test)]
mod tests;
mod update;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use folio_metrics::{Combine, MetricCatalog, MetricDef, Reading, Scoring, Target};
use folio_types::{Decimal, KeyResultId, NaiveDate, Progress};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, Explanation, KpiBreakdown, NodeValue};
use crate::inputs::Override;
use crate::model::{NodeId, RollupMethod};
use crate::plan::{NodeIndex, Plan, Rows};
use crate::rollup::node_error;
use crate::rollup::overrides::Overrides;

use combine::Stats;
use measure::Measure;

/// One leaf key result's reading of its metric.
///
/// In JSON: `{ "date": "2026-09-30", "reading": { "value": "1200000" } }`; a weighted
/// mean's reading is `{ "weighted": { "value": "41", "base": "230" } }`, a ratio of
/// sums' `{ "fraction": { "numerator": "96", "denominator": "100" } }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct MetricReading {
    /// When the reading was taken (the `last` rule picks the latest).
    pub date: NaiveDate,
    /// The reading, in the shape the metric's combine rule needs.
    pub reading: Reading,
}

/// The inputs of a KPI rollup: a reading per leaf key result, and owner overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KpiInputs {
    /// The reading of every leaf key result.
    pub readings: BTreeMap<KeyResultId, MetricReading>,
    /// Owner overrides of rolled-up nodes' progress, at most one per node.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub overrides: Vec<Override>,
}

impl KpiInputs {
    #[cfg(feature = "schemars")]
    /// The JSON Schema of the inputs.
    pub fn json_schema() -> schemars::Schema {
        schemars::schema_for!(KpiInputs)
    }
}

/// The rolled-up state of a KPI portfolio: every node's metric value and progress.
///
/// Build it with [`OkrGraph::rollup_kpi`](crate::OkrGraph::rollup_kpi); change a
/// leaf's reading with [`update`](KpiRollup::update), which recomputes its ancestors
/// only, and equals a full recompute.
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
/// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
/// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
/// // 1.4M + 0.3M = 1.7M, 70% of the way from 1M to 2M.
/// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
/// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct KpiRollup {
    plan: Arc<Plan>,
    scoring: Scoring,
    /// The metrics in use, and each node's, by index into them.
    defs: Vec<MetricDef>,
    node_def: Vec<usize>,
    targets: Vec<Target>,
    /// Per rolled-up node (by index minus the leaf count), how its value is measured
    /// against its target: prepared once, so that a sweep makes no `Decimal` division
    /// where the target's distance terminates every quotient.
    measures: Vec<Measure>,
    /// Per rolled-up node (by index minus the leaf count) that needs them, the leaves
    /// beneath it, each once, in index order: a node whose rule picks a value
    /// (`min`, `max`, `median`, `last`), or whose contributors share leaves. Every
    /// other row is empty: such a node composes its sums from its contributors', and
    /// gathers its leaves only to explain itself or when a sum does not fit.
    beneath: Rows<NodeIndex>,
    /// Per node, whether the leaves beneath its contributors are disjoint (no leaf
    /// reaches it along two paths), so that its sums can be composed from theirs: a
    /// property of the plan, found once.
    composable: Vec<bool>,
    /// Per rolled-up node (by index minus the leaf count), whether its rule is `sum`
    /// and its sums composable: the nodes the sweep tries on its integer path,
    /// found once so that it looks up no rule per node.
    sum_nodes: Vec<bool>,
    inputs: Vec<MetricReading>,
    /// Per rolled-up node (by index minus the leaf count), its contributors' indices:
    /// the plan's contributor rows without the weights a KPI rollup never reads.
    children: Rows<u32>,
    /// Per leaf, its reading's mantissa at scale `leaf_scale` when it is a plain value
    /// that fits an `i64` there ([`NOT_PLAIN`] otherwise): what a sweep adds, read from
    /// 8 bytes instead of the reading's record, without aligning scales per leaf.
    leaf_mantissas: Vec<i64>,
    /// The largest scale of the plain readings the rollup was built with.
    leaf_scale: u32,
    /// Per rolled-up node (by index minus the leaf count), its running sums where the
    /// general path computed them (see `plain_sums`).
    stats: Vec<Stats>,
    /// Per rolled-up node (by index minus the leaf count), the sum the sweep's sum
    /// path stored (the numerator's mantissa at `leaf_scale`), or [`GENERAL_SUMS`]
    /// where `stats` and `values` hold the node's sums and value: 16 bytes written
    /// per node instead of 72, and the node's `Stats` and value read back from it
    /// only when asked for.
    plain_sums: Vec<u128>,
    /// Per rolled-up node (by index minus the leaf count), the number of leaves
    /// beneath it: the denominator of a sum held in `plain_sums`, which no reading
    /// changes, found once.
    counts: Vec<u32>,
    values: Vec<Option<Decimal>>,
    computed: Vec<Progress>,
    reported: Vec<Progress>,
    overrides: Overrides,
    scratch: Vec<NodeIndex>,
}

impl KpiRollup {
    /// Rolls `plan` up from `inputs`; `targets` holds each node's target by index.
    pub(crate) fn new(
        plan: Arc<Plan>,
        targets: Vec<Option<Target>>,
        catalog: &MetricCatalog,
        scoring: Scoring,
        inputs: &KpiInputs,
    ) -> Result<Self> {
        check_method(&plan)?;
        let mut leaves: Vec<Option<MetricReading>> = vec![None; plan.leaf_count()];
        for (id, reading) in &inputs.readings {
            let index = plan
                .key_result_index(id)
                .ok_or_else(|| Error::UnknownNode {
                    node: NodeId::KeyResult(id.clone()),
                })?;
            match leaves.get_mut(index.get()) {
                Some(slot) => *slot = Some(*reading),
                None => {
                    return Err(Error::NotALeaf {
                        key_result: id.clone(),
                    });
                }
            }
        }
        let missing: Vec<KeyResultId> = plan
            .indices()
            .zip(&leaves)
            .filter(|(_, r)| r.is_none())
            .filter_map(|(i, _)| match plan.node(i) {
                Some(NodeId::KeyResult(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            // Leaves are numbered by tier, then id: sort for one order of ids.
            let mut key_results = missing;
            key_results.sort();
            return Err(Error::MissingReadings { key_results });
        }
        let readings: Vec<MetricReading> = leaves.into_iter().flatten().collect();
        let overrides = Overrides::resolve(&plan, &inputs.overrides)?;
        Self::build(plan, targets, catalog, scoring, readings, overrides)
    }

    /// Rolls `plan` up from dense leaf readings: `readings[i]` is the reading of node
    /// `i`, for `i < plan.leaf_count()`.
    pub(crate) fn from_leaves(
        plan: Arc<Plan>,
        targets: Vec<Option<Target>>,
        catalog: &MetricCatalog,
        scoring: Scoring,
        readings: Vec<MetricReading>,
    ) -> Result<Self> {
        if readings.len() != plan.leaf_count() {
            return Err(Error::IndexOutOfPlan {
                index: readings.len(),
                len: plan.leaf_count(),
            });
        }
        Self::build(
            plan,
            targets,
            catalog,
            scoring,
            readings,
            Overrides::default(),
        )
    }

    fn build(
        plan: Arc<Plan>,
        targets: Vec<Option<Target>>,
        catalog: &MetricCatalog,
        scoring: Scoring,
        readings: Vec<MetricReading>,
        overrides: Overrides,
    ) -> Result<Self> {
        check_method(&plan)?;
        let mut defs: Vec<MetricDef> = Vec::new();
        let mut node_def = Vec::with_capacity(plan.len());
        let mut node_targets = Vec::with_capacity(plan.len());
        for (node, target) in plan.indices().zip(targets) {
            let target = target
                .ok_or_else(|| node_error(&plan, node, |node| Error::MissingTarget { node }))?;
            let def = catalog
                .check_target(&target)
                .map_err(|source| node_error(&plan, node, |node| Error::Metric { node, source }))?;
            let at = match defs.iter().position(|d| d.id() == def.id()) {
                Some(at) => at,
                None => {
                    defs.push(def.clone());
                    defs.len().saturating_sub(1)
                }
            };
            node_def.push(at);
            node_targets.push(target);
        }
        if node_targets.len() != plan.len() {
            return Err(Error::IndexOutOfPlan {
                index: node_targets.len(),
                len: plan.len(),
            });
        }
        let n = plan.len();
        let mut children: Rows<u32> = Rows::with_rows(n.saturating_sub(plan.leaf_count()));
        let edges = plan
            .rolled_up()
            .map(|node| plan.contributors(node).len())
            .fold(0usize, usize::saturating_add);
        children.items.reserve_exact(edges);
        for node in plan.rolled_up() {
            for &(child, _) in plan.contributors(node) {
                let index = u32::try_from(child.get()).map_err(|_| Error::IndexOutOfPlan {
                    index: child.get(),
                    len: n,
                })?;
                children.items.push(index);
            }
            children.close_row()?;
        }
        let (composable, distinct) = composable(&plan, &children);
        let counts = distinct
            .into_iter()
            .map(|count| {
                u32::try_from(count).map_err(|_| Error::IndexOutOfPlan {
                    index: count,
                    len: n,
                })
            })
            .collect::<Result<Vec<u32>>>()?;
        let mut beneath: Rows<NodeIndex> = Rows::with_rows(n.saturating_sub(plan.leaf_count()));
        let mut sum_nodes = Vec::with_capacity(n.saturating_sub(plan.leaf_count()));
        for (rolled, node) in plan.rolled_up().enumerate() {
            let is_sum = node_def
                .get(node.get())
                .and_then(|&at| defs.get(at))
                .is_some_and(|def| matches!(def.combine(), Combine::Sum));
            sum_nodes.push(is_sum && composable.get(node.get()).copied().unwrap_or(false));
            let additive = node_def
                .get(node.get())
                .and_then(|&at| defs.get(at))
                .is_some_and(|def| combine::is_additive(def.combine()));
            if !additive || !composable.get(node.get()).copied().unwrap_or(false) {
                beneath
                    .items
                    .extend(gather(&children, plan.leaf_count(), rolled));
            }
            beneath.close_row()?;
        }
        beneath.items.shrink_to_fit();
        let leaf_scale = readings
            .iter()
            .filter_map(|r| match r.reading {
                Reading::Value(value) => Some(value.scale()),
                Reading::Weighted { .. } | Reading::Fraction { .. } => None,
            })
            .max()
            .unwrap_or(0);
        let leaf_mantissas = readings
            .iter()
            .map(|r| plain_mantissa(r, leaf_scale))
            .collect();
        let measures = node_targets
            .get(plan.leaf_count()..)
            .unwrap_or_default()
            .iter()
            .map(Measure::new)
            .collect();
        let mut rollup = Self {
            scoring,
            defs,
            node_def,
            targets: node_targets,
            measures,
            beneath,
            composable,
            sum_nodes,
            inputs: readings,
            children,
            leaf_mantissas,
            leaf_scale,
            stats: vec![Stats::default(); n.saturating_sub(plan.leaf_count())],
            plain_sums: vec![GENERAL_SUMS; n.saturating_sub(plan.leaf_count())],
            counts,
            values: vec![None; n],
            computed: vec![Progress::ZERO; n],
            reported: vec![Progress::ZERO; n],
            overrides,
            scratch: Vec::new(),
            plan,
        };
        let plan = Arc::clone(&rollup.plan);
        for leaf in plan.indices().take(plan.leaf_count()) {
            rollup.check_leaf(leaf)?;
            rollup.measure_leaf(leaf)?;
        }
        rollup.recompute_all()?;
        Ok(rollup)
    }

    /// Recomputes every rolled-up node from the leaf readings: a full sweep.
    ///
    /// # Errors
    ///
    /// Any aggregation or measuring error, naming the node.
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
    /// rollup.recompute_all()?;
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recompute_all(&mut self) -> Result<()> {
        let leaf_count = self.plan.leaf_count();
        let count = self.plan.len().saturating_sub(leaf_count);
        let mut rolled = 0;
        loop {
            rolled = self.sweep_sums(rolled, count);
            if rolled >= count {
                return Ok(());
            }
            let index = leaf_count.saturating_add(rolled);
            let node = u32::try_from(index).map(NodeIndex::from_u32).map_err(|_| {
                Error::IndexOutOfPlan {
                    index,
                    len: self.plan.len(),
                }
            })?;
            self.recompute(node)?;
            rolled = rolled.saturating_add(1);
        }
    }

    /// The sweep's path for the most common node, over the rolled-up nodes `from..to`
    /// (by number) in order: a `sum` whose contributors' leaves are disjoint and whose
    /// readings beneath are all plain and non-negative, with every rolled-up
    /// contributor's sum held by this same path. Its sums are then one integer (the
    /// numerator at the leaves' common scale, which is also the magnitudes' sum) and
    /// the count of leaves beneath, which never changes: the integer is composed and
    /// measured in registers, and the node stores only it (in `plain_sums`) and its two
    /// progress values. Its [`Stats`] and its value are read back from that integer
    /// when asked for ([`stats_of`], [`value_of`]), so that a sweep writes 48 bytes per
    /// node instead of 104 and builds no `Decimal` but its progress.
    ///
    /// Returns the number of the first node it declines (`to` if none), having changed
    /// nothing for that node: any other rule, or a bound not met. The general path then
    /// gives the same sums, value and progress, or the typed error (a property test
    /// checks the two node by node). One loop walks the nodes' rules, measures,
    /// targets, contributor rows and progress slots side by side, so that a node costs
    /// no look-up by index but its contributors' sums and its own.
    ///
    /// [`stats_of`]: KpiRollup::stats_of
    /// [`value_of`]: KpiRollup::value_of
    fn sweep_sums(&mut self, from: usize, to: usize) -> usize {
        let leaf_count = self.plan.leaf_count();
        let policy = self.plan.policy().overrides;
        let (scale, scoring) = (self.leaf_scale, self.scoring);
        let first = leaf_count.saturating_add(from);
        let Some(rows) = self.children.rows_from(from) else {
            return from;
        };
        let kinds = self.sum_nodes.get(from..to).unwrap_or_default();
        let measures = self.measures.get(from..).unwrap_or_default();
        let targets = self.targets.get(first..).unwrap_or_default();
        let computed = self.computed.get_mut(first..).unwrap_or_default();
        let reported = self.reported.get_mut(first..).unwrap_or_default();
        let overrides = (!self.overrides.is_empty()).then_some(&self.overrides);
        let leaves = self.leaf_mantissas.as_slice();
        let sums = &mut self.plain_sums;
        let nodes = kinds
            .iter()
            .zip(measures)
            .zip(targets)
            .zip(rows)
            .zip(computed.iter_mut().zip(reported.iter_mut()));
        let mut rolled = from;
        for ((((&is_sum, measure), target), row), (c, r)) in nodes {
            if !is_sum {
                break;
            }
            let Some(sum) = plain_sum(row, leaf_count, leaves, sums) else {
                break;
            };
            // Below 2^96: the conversion cannot fail.
            let Ok(mantissa) = i128::try_from(sum) else {
                break;
            };
            // As `store` measures: the prepared integer measure, else the target
            // itself (whose error the general path then reports). The measure strips
            // the quotient's trailing zeros itself, so the sum is measured as it is;
            // where the unstripped sum exceeds the measure's bounds,
            // `Target::progress` gives the same progress.
            let computed = match measure.progress_parts(mantissa, scale, scoring) {
                Some(progress) => progress,
                None => match measure_by_target(target, mantissa, scale, scoring) {
                    Some(progress) => progress,
                    None => break,
                },
            };
            let Some(slot) = sums.get_mut(rolled) else {
                break;
            };
            *slot = sum;
            *c = computed;
            *r = match overrides {
                None => computed,
                Some(overrides) => {
                    let node = leaf_count
                        .checked_add(rolled)
                        .and_then(|i| u32::try_from(i).ok())
                        .map(NodeIndex::from_u32);
                    node.map_or(computed, |node| overrides.reported(policy, node, computed))
                }
            };
            rolled = rolled.saturating_add(1);
        }
        rolled
    }

    /// Whether the sweep's sum path takes the rolled-up node `rolled` (at index
    /// `node`), as [`recompute_all`](KpiRollup::recompute_all) tries it: the node is
    /// then recomputed; otherwise nothing changed.
    #[cfg(all(test, feature = "serde"))]
    fn recompute_sum(&mut self, rolled: usize, node: NodeIndex) -> bool {
        node.get().checked_sub(self.plan.leaf_count()) == Some(rolled)
            && self.sweep_sums(rolled, rolled.saturating_add(1)) > rolled
    }

    /// The stored sums of a rolled-up node held by the sum path: its numerator (and
    /// magnitudes) `sum` at `leaf_scale` and the count of leaves beneath, as the
    /// general path composes them.
    #[inline]
    fn plain_stats(&self, rolled: usize, sum: u128) -> Option<Stats> {
        let num =
            Decimal::try_from_i128_with_scale(i128::try_from(sum).ok()?, self.leaf_scale).ok()?;
        let den = Decimal::from(*self.counts.get(rolled)?);
        Some(Stats {
            num,
            den,
            abs: num,
            exact: true,
        })
    }

    /// A node's metric value: a leaf's own, a rolled-up node's aggregate (read back
    /// from its sum where the sum path holds it).
    #[inline]
    fn value_of(&self, i: usize) -> Option<Decimal> {
        if let Some(rolled) = i.checked_sub(self.plan.leaf_count()) {
            if let Some(&sum) = self.plain_sums.get(rolled) {
                if sum != GENERAL_SUMS {
                    return measure::normalized(i128::try_from(sum).ok()?, self.leaf_scale);
                }
            }
        }
        self.values.get(i).copied().flatten()
    }

    /// The leaves beneath a rolled-up node, each once, in index order: its stored row,
    /// or gathered from the contributor rows for a node that composes its sums.
    fn leaves_of(&self, node: NodeIndex) -> Cow<'_, [NodeIndex]> {
        let leaf_count = self.plan.leaf_count();
        let Some(rolled) = node.get().checked_sub(leaf_count) else {
            return Cow::Borrowed(&[]);
        };
        let row = self.beneath.row(rolled);
        if row.is_empty() {
            Cow::Owned(gather(&self.children, leaf_count, rolled))
        } else {
            Cow::Borrowed(row)
        }
    }

    /// The running sums of a rolled-up node (by index).
    #[inline]
    fn stats_of(&self, node: u32) -> Option<Stats> {
        let rolled = usize::try_from(node)
            .ok()?
            .checked_sub(self.plan.leaf_count())?;
        match self.plain_sums.get(rolled) {
            Some(&sum) if sum != GENERAL_SUMS => self.plain_stats(rolled, sum),
            _ => self.stats.get(rolled).copied(),
        }
    }

    /// The slot of a rolled-up node's running sums for the general path, which from
    /// then on holds them (and `values` its value) instead of `plain_sums`.
    #[inline]
    fn stats_slot(&mut self, node: NodeIndex) -> Option<&mut Stats> {
        let rolled = node.get().checked_sub(self.plan.leaf_count())?;
        if let Some(sum) = self.plain_sums.get_mut(rolled) {
            *sum = GENERAL_SUMS;
        }
        self.stats.get_mut(rolled)
    }

    /// Sets the reading of `leaf`, and the copy of its parts the sweep reads.
    fn set_input(&mut self, leaf: NodeIndex, reading: MetricReading) {
        let i = leaf.get();
        let m = plain_mantissa(&reading, self.leaf_scale);
        if let Some((slot, mantissa)) = self.inputs.get_mut(i).zip(self.leaf_mantissas.get_mut(i)) {
            *slot = reading;
            *mantissa = m;
        }
    }

    fn def_of(&self, node: NodeIndex) -> Result<&MetricDef> {
        self.node_def
            .get(node.get())
            .and_then(|&at| self.defs.get(at))
            .ok_or_else(|| Error::IndexOutOfPlan {
                index: node.get(),
                len: self.plan.len(),
            })
    }

    fn check_leaf(&self, leaf: NodeIndex) -> Result<()> {
        let def = self.def_of(leaf)?;
        let id = self.plan.node(leaf).ok_or_else(|| Error::IndexOutOfPlan {
            index: leaf.get(),
            len: self.plan.len(),
        })?;
        combine::check_reading(
            def,
            id,
            combine::reading_of(&self.plan, &self.inputs, leaf)?,
        )
    }

    /// A leaf's own value and progress.
    fn measure_leaf(&mut self, leaf: NodeIndex) -> Result<()> {
        let def = self.def_of(leaf)?;
        let reading = combine::reading_of(&self.plan, &self.inputs, leaf)?;
        let value = combine::own_value(def, &self.plan, leaf, reading)?.ok_or_else(|| {
            node_error(&self.plan, leaf, |node| Error::UndefinedAggregate {
                node,
                what: "the denominator",
            })
        })?;
        self.store(leaf, value)
    }

    /// Recomputes one rolled-up node from the leaves beneath it.
    fn recompute(&mut self, node: NodeIndex) -> Result<()> {
        let def = self.def_of(node)?;
        let value = if combine::is_additive(def.combine()) {
            let (stats, value) = match self.compose(def, node)? {
                // A sum's value is its normalized sum, taken from the integer mantissa
                // without a `Decimal` normalization.
                Some((stats, num)) => {
                    match (def.combine(), measure::normalized(num.mantissa, num.scale)) {
                        (Combine::Sum, Some(value)) => (stats, value),
                        _ => (stats, combine::finish(def, &self.plan, node, &stats)?),
                    }
                }
                None => {
                    let leaves = self.leaves_of(node);
                    let stats = combine::stats(def, &self.plan, node, &leaves, &self.inputs)?;
                    (stats, combine::finish(def, &self.plan, node, &stats)?)
                }
            };
            if let Some(slot) = self.stats_slot(node) {
                *slot = stats;
            }
            value
        } else {
            let leaves = self.leaves_of(node);
            combine::pick(def, &self.plan, node, &leaves, &self.inputs)?.0
        };
        self.store(node, value)
    }

    /// The sums of `node` from its contributors' sums, when the leaves beneath its
    /// contributors are disjoint (no leaf reaches it along two paths) and every sum is
    /// exact: one addition per contributor instead of one per leaf beneath. `None`
    /// sends the node to a pass over its leaves; both give the same exact sums.
    ///
    /// The sums are taken on the decimals' integer mantissas, aligned to the larger
    /// scale as `Decimal` addition aligns them: an exact `Decimal` sum is that integer
    /// at that scale, and a sum whose mantissa does not fit 96 bits is one `Decimal`
    /// would have rounded, which sends the node to the pass over its leaves as before.
    /// Every partial sum fits when the final ones do (denominator and absolute terms
    /// are never negative, and the numerator's partial sums are bounded by the
    /// absolute sum), so the result is the one a chain of `Decimal` additions gives.
    ///
    /// Beside the sums it returns the numerator's integer sum, from which a sum's value
    /// is normalized directly. A plain reading of a sum or a mean (the most common
    /// rules) is added straight from its mantissa at the leaves' common scale: its
    /// terms are the value, 1 and the value's magnitude. The sums may then carry more
    /// decimal places than a chain of `Decimal` additions would; they are the same
    /// numbers, every value is normalized from them, and a sum that no longer fits at
    /// that scale sends the node to the pass over its leaves.
    fn compose(&self, def: &MetricDef, node: NodeIndex) -> Result<Option<(Stats, Sum)>> {
        if !self.composable.get(node.get()).copied().unwrap_or(false) {
            return Ok(None);
        }
        let plain = matches!(def.combine(), Combine::Sum | Combine::Mean);
        let leaf_count = self.plan.leaf_count();
        let (mut num, mut den, mut abs) = (Sum::ZERO, Sum::ZERO, Sum::ZERO);
        // The plain leaves' terms, summed apart at `leaf_scale`: each mantissa is below
        // 2^63 and a node has fewer than 2^32 contributors, so these sums stay below
        // 2^95 and cannot wrap.
        let (mut plain_num, mut plain_abs, mut ones) = (0i128, 0i128, 0i128);
        let row = node
            .get()
            .checked_sub(leaf_count)
            .map_or(&[][..], |rolled| self.children.row(rolled));
        for &child in row {
            let c = usize::try_from(child).unwrap_or(usize::MAX);
            let part = if c < leaf_count {
                if plain {
                    let m = self.leaf_mantissas.get(c).copied().unwrap_or(NOT_PLAIN);
                    if m == NOT_PLAIN {
                        return Ok(None);
                    }
                    plain_num = plain_num.wrapping_add(i128::from(m));
                    plain_abs = plain_abs.wrapping_add(i128::from(m.unsigned_abs()));
                    ones = ones.wrapping_add(1);
                    continue;
                }
                let reading =
                    combine::reading_of(&self.plan, &self.inputs, NodeIndex::from_u32(child))?;
                match combine::terms(def, reading) {
                    Some((num, den, exact)) => Stats {
                        num,
                        den,
                        abs: num.abs(),
                        exact,
                    },
                    None => return Ok(None),
                }
            } else {
                self.stats_of(child).unwrap_or_default()
            };
            if !part.exact {
                return Ok(None);
            }
            let added = num
                .add(part.num)
                .zip(den.add(part.den))
                .zip(abs.add(part.abs));
            match added {
                Some(((n, d), a)) => (num, den, abs) = (n, d, a),
                None => return Ok(None),
            }
        }
        if ones > 0 {
            let added = num
                .add_parts(plain_num, self.leaf_scale)
                .zip(den.add_parts(ones, 0))
                .zip(abs.add_parts(plain_abs, self.leaf_scale));
            match added {
                Some(((n, d), a)) => (num, den, abs) = (n, d, a),
                None => return Ok(None),
            }
        }
        match (num.decimal(), den.decimal(), abs.decimal()) {
            (Some(n), Some(d), Some(a)) => Ok(Some((
                Stats {
                    num: n,
                    den: d,
                    abs: a,
                    exact: true,
                },
                num,
            ))),
            _ => Ok(None),
        }
    }

    /// Stores a node's metric value, measures it against the node's target and stores
    /// the progress it reports.
    fn store(&mut self, node: NodeIndex, value: Decimal) -> Result<()> {
        let i = node.get();
        let len = self.plan.len();
        let out = || Error::IndexOutOfPlan { index: i, len };
        let fast = i
            .checked_sub(self.plan.leaf_count())
            .and_then(|rolled| self.measures.get(rolled))
            .and_then(|m| m.progress(value, self.scoring));
        let computed = match fast {
            Some(progress) => progress,
            None => {
                let target = self.targets.get(i).ok_or_else(out)?;
                target.progress(value, self.scoring).map_err(|source| {
                    node_error(&self.plan, node, |node| Error::Metric { node, source })
                })?
            }
        };
        let reported = self
            .overrides
            .reported(self.plan.policy().overrides, node, computed);
        let slots = self
            .values
            .get_mut(i)
            .zip(self.computed.get_mut(i))
            .zip(self.reported.get_mut(i));
        let ((v, c), r) = slots.ok_or_else(out)?;
        *v = Some(value);
        *c = computed;
        *r = reported;
        Ok(())
    }

    /// The compiled plan.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, OkrGraph, PortfolioData};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// // Two leaves and the objective.
    /// assert_eq!((rollup.plan().len(), rollup.plan().leaf_count()), (3, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// How progress above 1 is scored.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, OkrGraph, PortfolioData};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// assert_eq!(rollup.scoring(), Scoring::Clamped);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// The metric value of a node, by id: a leaf's own value, a rolled-up node's
    /// aggregate.
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // A leaf's own reading; the objective's sum.
    /// assert_eq!(rollup.metric_value(&NodeId::from(KeyResultId::new("lens-arr")?)), Some(Decimal::new(300_000, 0)));
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metric_value(&self, node: &NodeId) -> Option<Decimal> {
        let index = self.plan.index_of(node)?;
        self.value_of(index.get())
    }

    /// Every node's metric value, by [`NodeIndex`].
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let values: Vec<Option<Decimal>> = rollup.metric_values().collect();
    /// let at = rollup.plan().index_of(&goal).unwrap();
    /// assert_eq!(values.len(), 3);
    /// assert_eq!(values[at.get()], Some(Decimal::new(1_700_000, 0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metric_values(&self) -> impl ExactSizeIterator<Item = Option<Decimal>> + '_ {
        (0..self.values.len()).map(|i| self.value_of(i))
    }

    /// Every node's reported progress, by [`NodeIndex`].
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, KeyResultId};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let atlas = rollup.plan().index_of(&NodeId::from(KeyResultId::new("atlas-arr")?)).unwrap();
    /// // Atlas ARR reached its 1.4M target.
    /// assert_eq!(rollup.reported_values()[atlas.get()].value(), Decimal::ONE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reported_values(&self) -> &[Progress] {
        &self.reported
    }

    /// Every node's computed progress, by [`NodeIndex`].
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{Decimal, KeyResultId};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let lens = rollup.plan().index_of(&NodeId::from(KeyResultId::new("lens-arr")?)).unwrap();
    /// // Lens ARR: (0.3M - 0.2M) / (0.6M - 0.2M) = 0.25.
    /// assert_eq!(rollup.computed_values()[lens.get()].value(), Decimal::new(25, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn computed_values(&self) -> &[Progress] {
        &self.computed
    }

    /// The progress of a node, by id.
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// use folio_okr::Source;
    ///
    /// let value = rollup.value(&goal).unwrap();
    /// assert_eq!((value.reported.value(), value.source), (Decimal::new(7, 1), Source::Computed));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self, node: &NodeId) -> Option<NodeValue> {
        self.plan.index_of(node).and_then(|i| self.value_at(i))
    }

    /// The progress of a node, by index.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{ObjectiveId};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let at = rollup.plan().index_of(&goal).unwrap();
    /// assert_eq!(rollup.value_at(at).map(|v| v.node), Some(goal));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value_at(&self, node: NodeIndex) -> Option<NodeValue> {
        let computed = *self.computed.get(node.get())?;
        let reported = *self.reported.get(node.get())?;
        self.overrides
            .node_value(&self.plan, node, computed, reported)
    }

    /// Every node's progress, in topological order.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{ObjectiveId};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let values = rollup.values();
    /// // Leaves first, the objective last.
    /// assert_eq!(values.len(), 3);
    /// assert_eq!(values[2].node, goal);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> Vec<NodeValue> {
        self.plan
            .listed()
            .into_iter()
            .filter_map(|node| self.value_at(node))
            .collect()
    }

    /// The explanation of a node, by id: its metric aggregate with one term per leaf
    /// beneath it, and the goal that turns the aggregate into progress. A leaf is
    /// explained as its own reading.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownNode`]; any aggregation error.
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let explanation = rollup.explain(&goal)?;
    /// let kpi = explanation.breakdown.kpi.as_ref().unwrap();
    /// // The sum of the two leaves' readings, one term each.
    /// assert_eq!(kpi.value, Decimal::new(1_700_000, 0));
    /// assert_eq!(kpi.terms.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, node: &NodeId) -> Result<Explanation> {
        let index = self
            .plan
            .index_of(node)
            .ok_or_else(|| Error::UnknownNode { node: node.clone() })?;
        self.explain_at(index)
    }

    /// The explanation of a node, by index.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfPlan`]; any aggregation error.
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let at = rollup.plan().index_of(&goal).unwrap();
    /// let explanation = rollup.explain_at(at)?;
    /// assert_eq!(explanation.value.reported.value(), Decimal::new(7, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain_at(&self, node: NodeIndex) -> Result<Explanation> {
        let out = || Error::IndexOutOfPlan {
            index: node.get(),
            len: self.plan.len(),
        };
        let value = self.value_at(node).ok_or_else(out)?;
        let def = self.def_of(node)?;
        let target = self.targets.get(node.get()).ok_or_else(out)?;
        let leaves = if self.plan.is_leaf(node) {
            Cow::Owned(vec![node])
        } else {
            self.leaves_of(node)
        };
        let (basis, terms) = combine::explain_terms(def, &self.plan, node, &leaves, &self.inputs)?;
        let metric_value = self.value_of(node.get()).ok_or_else(out)?;
        Ok(Explanation {
            method: RollupMethod::Kpi,
            value,
            breakdown: Breakdown {
                basis,
                terms: Vec::new(),
                counts: None,
                kpi: Some(KpiBreakdown {
                    metric: def.id().clone(),
                    combine: def.combine().clone(),
                    value: metric_value,
                    goal: target.goal(),
                    terms,
                }),
            },
        })
    }

    /// The explanations of every rolled-up node, in topological order.
    ///
    /// # Errors
    ///
    /// Any aggregation error.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, NodeId, OkrGraph, PortfolioData};
    /// # use folio_types::{ObjectiveId};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// let all = rollup.explain_all()?;
    /// // One rolled-up node.
    /// assert_eq!(all.len(), 1);
    /// assert_eq!(all[0].value.node, goal);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain_all(&self) -> Result<Vec<Explanation>> {
        self.plan
            .listed()
            .into_iter()
            .filter(|&node| !self.plan.is_leaf(node))
            .map(|node| self.explain_at(node))
            .collect()
    }

    /// The heap memory the state holds besides the shared plan, in bytes: per node a
    /// target and metric value and two progress values; per rolled-up node its
    /// prepared measure, sums and contributor indices; the leaf readings and their
    /// plain parts; and the rows of leaves beneath the nodes that need them.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{KpiInputs, OkrGraph, PortfolioData};
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
    /// let rollup = graph.rollup_kpi(&catalog, Scoring::Clamped, &inputs)?;
    /// assert!(rollup.heap_bytes() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        [
            self.defs.capacity().saturating_mul(size_of::<MetricDef>()),
            self.node_def.capacity().saturating_mul(size_of::<usize>()),
            self.targets.capacity().saturating_mul(size_of::<Target>()),
            self.measures
                .capacity()
                .saturating_mul(size_of::<Measure>()),
            self.beneath.heap_bytes(),
            self.composable.capacity(),
            self.sum_nodes.capacity(),
            self.inputs
                .capacity()
                .saturating_mul(size_of::<MetricReading>()),
            self.children.heap_bytes(),
            self.leaf_mantissas
                .capacity()
                .saturating_mul(size_of::<i64>()),
            self.stats.capacity().saturating_mul(size_of::<Stats>()),
            self.plain_sums.capacity().saturating_mul(size_of::<u128>()),
            self.counts.capacity().saturating_mul(size_of::<u32>()),
            self.values
                .capacity()
                .saturating_mul(size_of::<Option<Decimal>>()),
            self.computed
                .capacity()
                .saturating_mul(size_of::<Progress>()),
            self.reported
                .capacity()
                .saturating_mul(size_of::<Progress>()),
            self.overrides.heap_bytes(),
            self.scratch
                .capacity()
                .saturating_mul(size_of::<NodeIndex>()),
        ]
        .into_iter()
        .fold(0usize, usize::saturating_add)
    }
}

/// The mantissa of a leaf whose reading the sweep cannot add from its mantissa.
const NOT_PLAIN: i64 = i64::MIN;

/// In `plain_sums`, a node whose sums and value the general path holds (`stats` and
/// `values`): every sum the sum path stores is below [`DECIMAL_BOUND`].
const GENERAL_SUMS: u128 = u128::MAX;

/// The bound of a `Decimal`'s 96-bit mantissa.
const DECIMAL_BOUND: u128 = 1 << 96;

/// The sum of a `sum` node on the sweep's sum path, from its contributor row: the
/// numerator's mantissa at the leaves' common scale that
/// [`compose`](KpiRollup::compose) gives such a node, or `None` where the row is
/// empty, a leaf contributor is not a plain non-negative reading at that scale
/// ([`NOT_PLAIN`] is negative too), a rolled-up contributor's sum is not held in
/// `sums`, or the sum does not fit a `Decimal` (2^96).
///
/// A rolled-up contributor whose sums the general path holds reads as
/// [`GENERAL_SUMS`], `u128::MAX`: adding it overflows, or leaves the sum at
/// `u128::MAX`, past the bound; every sum the path stores is below 2^96, so no other
/// contributor can. The leaves' signs are gathered into one word and tested once.
#[inline(always)]
fn plain_sum(row: &[u32], leaf_count: usize, leaves: &[i64], sums: &[u128]) -> Option<u128> {
    if row.is_empty() {
        return None;
    }
    // Each plain mantissa is below 2^63 and a node has fewer than 2^32 contributors:
    // the leaves' sum stays below 2^95 and cannot wrap.
    let (mut low, mut signs, mut below) = (0u128, 0i64, 0u128);
    for &child in row {
        let c = usize::try_from(child).unwrap_or(usize::MAX);
        match c.checked_sub(leaf_count) {
            None => {
                let m = *leaves.get(c)?;
                signs |= m;
                // The bits as they are: a negative `m` fails the sign test below.
                let bits = u64::from_ne_bytes(m.to_ne_bytes());
                low = low.wrapping_add(u128::from(bits));
            }
            Some(at) => below = below.checked_add(*sums.get(at)?)?,
        }
    }
    if signs < 0 {
        return None;
    }
    let sum = low.checked_add(below)?;
    (sum < DECIMAL_BOUND).then_some(sum)
}

/// `Target::progress` of a sum `mantissa / 10^scale`, where the prepared measure
/// cannot tell; `None` where it fails (the general path then reports the error). Kept
/// out of the sweep's loop: most targets take the integer measure.
#[cold]
#[inline(never)]
fn measure_by_target(
    target: &Target,
    mantissa: i128,
    scale: u32,
    scoring: Scoring,
) -> Option<Progress> {
    let value = measure::normalized(mantissa, scale)?;
    target.progress(value, scoring).ok()
}

/// A reading's mantissa at `scale`, if it is a plain value that fits an `i64` there
/// (other than [`NOT_PLAIN`]); else [`NOT_PLAIN`].
fn plain_mantissa(reading: &MetricReading, scale: u32) -> i64 {
    let Reading::Value(value) = reading.reading else {
        return NOT_PLAIN;
    };
    scale
        .checked_sub(value.scale())
        .and_then(measure::pow10)
        .and_then(|unit| i128::try_from(unit).ok())
        .and_then(|unit| value.mantissa().checked_mul(unit))
        .and_then(|m| i64::try_from(m).ok())
        .filter(|&m| m != NOT_PLAIN)
        .unwrap_or(NOT_PLAIN)
}

fn check_method(plan: &Plan) -> Result<()> {
    if plan.policy().method == RollupMethod::Kpi {
        Ok(())
    } else {
        Err(Error::MethodMismatch {
            portfolio: plan.policy().method,
            engine: RollupMethod::Kpi,
        })
    }
}

/// A running sum of decimals as an integer mantissa at the largest scale seen.
#[derive(Debug, Clone, Copy)]
struct Sum {
    mantissa: i128,
    scale: u32,
}

impl Sum {
    const ZERO: Self = Self {
        mantissa: 0,
        scale: 0,
    };

    /// `self + value`, exactly; `None` if a mantissa does not fit an `i128`.
    #[inline]
    fn add(self, value: Decimal) -> Option<Self> {
        self.add_parts(value.mantissa(), value.scale())
    }

    /// `self + m / 10^s`, exactly; `None` if a mantissa does not fit an `i128`.
    #[inline]
    fn add_parts(self, m: i128, s: u32) -> Option<Self> {
        let unit = |places: u32| i128::try_from(measure::pow10(places)?).ok();
        let (mantissa, scale) = if s == self.scale {
            (self.mantissa.checked_add(m)?, s)
        } else if s > self.scale && self.mantissa == 0 {
            // Zero so far at a smaller scale: nothing to align.
            (m, s)
        } else if s > self.scale {
            let unit = unit(s.checked_sub(self.scale)?)?;
            (self.mantissa.checked_mul(unit)?.checked_add(m)?, s)
        } else {
            let unit = unit(self.scale.checked_sub(s)?)?;
            (self.mantissa.checked_add(m.checked_mul(unit)?)?, self.scale)
        };
        Some(Self { mantissa, scale })
    }

    /// The sum as a `Decimal`, if its mantissa fits one exactly.
    #[inline]
    fn decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}

/// The leaves beneath the rolled-up node `rolled` (by index minus `leaf_count`), each
/// once, in index order, following the contributor rows down to the leaves.
fn gather(children: &Rows<u32>, leaf_count: usize, rolled: usize) -> Vec<NodeIndex> {
    let mut leaves = Vec::new();
    let mut stack: Vec<u32> = children.row(rolled).to_vec();
    while let Some(next) = stack.pop() {
        let index = usize::try_from(next).unwrap_or(usize::MAX);
        match index.checked_sub(leaf_count) {
            None => leaves.push(NodeIndex::from_u32(next)),
            Some(below) => stack.extend_from_slice(children.row(below)),
        }
    }
    leaves.sort_unstable();
    leaves.dedup();
    leaves
}

/// Per node (leaves: `false`), whether the leaves beneath its contributors are
/// disjoint, so that its sums can be composed from theirs: the number of leaves beneath
/// each contributor adds up to the number beneath the node. One pass in topological
/// order; each node's distinct leaves are counted by marking them with the node's
/// number, so no per-node list is kept. Also returns, per rolled-up node, that number
/// of distinct leaves beneath it.
fn composable(plan: &Plan, children: &Rows<u32>) -> (Vec<bool>, Vec<usize>) {
    let leaf_count = plan.leaf_count();
    let rolled_count = plan.len().saturating_sub(leaf_count);
    let mut composable = vec![false; leaf_count];
    composable.reserve_exact(rolled_count);
    // Per leaf, the last rolled-up node (plus one) that counted it.
    let mut seen: Vec<usize> = vec![0; leaf_count];
    // Per rolled-up node, the number of distinct leaves beneath it.
    let mut distinct: Vec<usize> = Vec::with_capacity(rolled_count);
    let mut stack: Vec<u32> = Vec::new();
    for rolled in 0..rolled_count {
        let stamp = rolled.saturating_add(1);
        let (mut covered, mut union) = (0usize, 0usize);
        for &child in children.row(rolled) {
            let index = usize::try_from(child).unwrap_or(usize::MAX);
            covered = covered.saturating_add(match index.checked_sub(leaf_count) {
                None => 1,
                Some(below) => distinct.get(below).copied().unwrap_or(0),
            });
            stack.push(child);
            while let Some(next) = stack.pop() {
                let index = usize::try_from(next).unwrap_or(usize::MAX);
                match index.checked_sub(leaf_count) {
                    None => {
                        if let Some(mark) = seen.get_mut(index) {
                            if *mark != stamp {
                                *mark = stamp;
                                union = union.saturating_add(1);
                            }
                        }
                    }
                    Some(below) => stack.extend_from_slice(children.row(below)),
                }
            }
        }
        distinct.push(union);
        composable.push(covered == union);
    }
    (composable, distinct)
}

// Tests compute their reference with plain operators on small rows.
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod plain_sum_tests {
    use super::*;
    use proptest::prelude::*;

    /// The sum path's sum, checked one contributor at a time: every leaf a plain
    /// non-negative mantissa, every rolled-up contributor's sum held by the path, the
    /// total below 2^96.
    fn reference(row: &[u32], leaf_count: usize, leaves: &[i64], sums: &[u128]) -> Option<u128> {
        if row.is_empty() {
            return None;
        }
        let mut total = 0u128;
        for &child in row {
            let c = usize::try_from(child).unwrap();
            let part = if c < leaf_count {
                let m = leaves[c];
                if m == NOT_PLAIN || m < 0 {
                    return None;
                }
                u128::try_from(m).unwrap()
            } else {
                let part = sums[c - leaf_count];
                if part == GENERAL_SUMS {
                    return None;
                }
                part
            };
            total = total.checked_add(part)?;
        }
        (total < DECIMAL_BOUND).then_some(total)
    }

    /// A leaf's mantissa: everyday, large, zero, negative or not plain.
    fn leaf() -> impl Strategy<Value = i64> {
        prop_oneof![
            4 => 0i64..1_000_000_000,
            2 => (i64::MAX / 4)..=i64::MAX,
            1 => Just(0i64),
            1 => i64::MIN + 1..0,
            1 => Just(NOT_PLAIN),
        ]
    }

    /// A rolled-up contributor's stored sum: everyday, near the bound, zero, or held
    /// by the general path.
    fn part() -> impl Strategy<Value = u128> {
        prop_oneof![
            4 => 0u128..1_000_000_000_000,
            2 => (DECIMAL_BOUND - (1 << 90))..DECIMAL_BOUND,
            1 => Just(0u128),
            2 => Just(GENERAL_SUMS),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The sweep's sum (signs gathered into one word, a general-path contributor
        /// caught by the overflow or the bound) equals the sum checked contributor by
        /// contributor, and declines exactly where it does.
        #[test]
        fn the_plain_sum_equals_the_checked_sum(
            leaves in proptest::collection::vec(leaf(), 1..12),
            sums in proptest::collection::vec(part(), 1..8),
            picks in proptest::collection::vec(any::<u32>(), 0..10),
        ) {
            let leaf_count = leaves.len();
            let total = leaf_count + sums.len();
            let row: Vec<u32> = picks
                .iter()
                .map(|p| p % u32::try_from(total).unwrap_or(1))
                .collect();
            prop_assert_eq!(
                plain_sum(&row, leaf_count, &leaves, &sums),
                reference(&row, leaf_count, &leaves, &sums),
                "row {:?}", row
            );
        }
    }
}
