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
mod update;

use std::collections::BTreeMap;
use std::sync::Arc;

use folio_metrics::{MetricCatalog, MetricDef, Reading, Scoring, Target};
use folio_types::{Decimal, KeyResultId, NaiveDate, Progress};

use crate::error::{Error, Result};
use crate::explain::{Breakdown, Explanation, KpiBreakdown, NodeValue};
use crate::inputs::Override;
use crate::model::{NodeId, RollupMethod};
use crate::plan::{NodeIndex, Plan, Rows};
use crate::rollup::node_error;
use crate::rollup::overrides::Overrides;

use combine::Stats;

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
    /// Per node, the leaves beneath it, each once, in index order (a leaf: none).
    beneath: Rows<NodeIndex>,
    /// Per node, whether the leaves beneath its contributors are disjoint (no leaf
    /// reaches it along two paths), so that its sums can be composed from theirs: a
    /// property of the plan, found once.
    composable: Vec<bool>,
    inputs: Vec<MetricReading>,
    stats: Vec<Stats>,
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
        let beneath = leaves_beneath(&plan)?;
        let composable = plan
            .indices()
            .map(|node| {
                let covered =
                    plan.contributors(node)
                        .iter()
                        .fold(0usize, |covered, &(child, _)| {
                            let below = if plan.is_leaf(child) {
                                1
                            } else {
                                beneath.row(child.get()).len()
                            };
                            covered.saturating_add(below)
                        });
                !plan.is_leaf(node) && covered == beneath.row(node.get()).len()
            })
            .collect();
        let n = plan.len();
        let mut rollup = Self {
            scoring,
            defs,
            node_def,
            targets: node_targets,
            beneath,
            composable,
            inputs: readings,
            stats: vec![Stats::default(); n],
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
        let plan = Arc::clone(&self.plan);
        for node in plan.rolled_up() {
            self.recompute(node)?;
        }
        Ok(())
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
        let leaves = self.beneath.row(node.get());
        let value = if combine::is_additive(def.combine()) {
            let stats = match self.compose(def, node)? {
                Some(stats) => stats,
                None => combine::stats(def, &self.plan, node, leaves, &self.inputs)?,
            };
            let value = combine::finish(def, &self.plan, node, &stats)?;
            if let Some(slot) = self.stats.get_mut(node.get()) {
                *slot = stats;
            }
            value
        } else {
            combine::pick(def, &self.plan, node, leaves, &self.inputs)?.0
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
    fn compose(&self, def: &MetricDef, node: NodeIndex) -> Result<Option<Stats>> {
        if !self.composable.get(node.get()).copied().unwrap_or(false) {
            return Ok(None);
        }
        let (mut num, mut den, mut abs) = (Sum::ZERO, Sum::ZERO, Sum::ZERO);
        for &(child, _) in self.plan.contributors(node) {
            let part = if self.plan.is_leaf(child) {
                let reading = combine::reading_of(&self.plan, &self.inputs, child)?;
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
                self.stats.get(child.get()).copied().unwrap_or_default()
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
        match (num.decimal(), den.decimal(), abs.decimal()) {
            (Some(num), Some(den), Some(abs)) => Ok(Some(Stats {
                num,
                den,
                abs,
                exact: true,
            })),
            _ => Ok(None),
        }
    }

    /// Stores a node's metric value, measures it against the node's target and stores
    /// the progress it reports.
    fn store(&mut self, node: NodeIndex, value: Decimal) -> Result<()> {
        let i = node.get();
        let out = Error::IndexOutOfPlan {
            index: i,
            len: self.plan.len(),
        };
        let target = self.targets.get(i).ok_or_else(|| out.clone())?;
        let computed = target.progress(value, self.scoring).map_err(|source| {
            node_error(&self.plan, node, |node| Error::Metric { node, source })
        })?;
        let reported = self
            .overrides
            .reported(self.plan.policy().overrides, node, computed);
        let slots = self
            .values
            .get_mut(i)
            .zip(self.computed.get_mut(i))
            .zip(self.reported.get_mut(i));
        let ((v, c), r) = slots.ok_or(out)?;
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
        self.values.get(index.get()).copied().flatten()
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
        self.values.iter().copied()
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
            .indices()
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
        let own = [node];
        let leaves = if self.plan.is_leaf(node) {
            &own[..]
        } else {
            self.beneath.row(node.get())
        };
        let (basis, terms) = combine::explain_terms(def, &self.plan, node, leaves, &self.inputs)?;
        let metric_value = self
            .values
            .get(node.get())
            .copied()
            .flatten()
            .ok_or_else(out)?;
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
            .rolled_up()
            .map(|node| self.explain_at(node))
            .collect()
    }

    /// The heap memory the state holds besides the shared plan, in bytes: per node a
    /// target, sums, a metric value and two progress values; the leaf readings; and the
    /// rows of leaves beneath each node.
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
            self.beneath.heap_bytes(),
            self.composable.capacity(),
            self.inputs
                .capacity()
                .saturating_mul(size_of::<MetricReading>()),
            self.stats.capacity().saturating_mul(size_of::<Stats>()),
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
        let (m, s) = (value.mantissa(), value.scale());
        let (mantissa, scale) = if s > self.scale {
            let unit = 10i128.checked_pow(s.checked_sub(self.scale)?)?;
            (self.mantissa.checked_mul(unit)?.checked_add(m)?, s)
        } else if s < self.scale {
            let unit = 10i128.checked_pow(self.scale.checked_sub(s)?)?;
            (self.mantissa.checked_add(m.checked_mul(unit)?)?, self.scale)
        } else {
            (self.mantissa.checked_add(m)?, s)
        };
        Some(Self { mantissa, scale })
    }

    /// The sum as a `Decimal`, if its mantissa fits one exactly.
    #[inline]
    fn decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}

/// Per node, the leaves beneath it, each once, in index order: a leaf has none; a
/// rolled-up node has its leaf contributors and the leaves beneath its other
/// contributors. Contributors come first in the topological order, so one sweep builds
/// every row from rows already built.
fn leaves_beneath(plan: &Plan) -> Result<Rows<NodeIndex>> {
    let mut rows: Rows<NodeIndex> = Rows::with_rows(plan.len());
    let mut scratch: Vec<NodeIndex> = Vec::new();
    for node in plan.indices() {
        scratch.clear();
        if !plan.is_leaf(node) {
            for &(child, _) in plan.contributors(node) {
                if plan.is_leaf(child) {
                    scratch.push(child);
                } else {
                    scratch.extend_from_slice(rows.row(child.get()));
                }
            }
            scratch.sort_unstable();
            scratch.dedup();
        }
        rows.items.extend_from_slice(&scratch);
        rows.close_row()?;
    }
    Ok(rows)
}
