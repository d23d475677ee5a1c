//! The validated OKR graph.

use std::sync::{Arc, OnceLock};

use folio_metrics::{MetricCatalog, Scoring, Target};
use folio_types::{KeyResultId, ObjectiveId, Period, Progress};

use crate::error::{Error, Result};
use crate::inputs::ProgressInputs;
use crate::model::{KeyResultData, NodeId, ObjectiveData, PortfolioData, RollupPolicy};
use crate::plan::Plan;
use crate::plan::id_index::text_prefix;
use crate::rollup::{Engine, KpiInputs, KpiRollup, MetricReading, Rollup, RollupEngine};
use crate::status::StatusRollup;
use crate::validate::{Warning, validate};

mod columns;
// Only the CSV loader reads into columns so far.
#[cfg(any(feature = "csv", feature = "serde"))]
pub(crate) mod from_columns;

use columns::KeyResultColumns;

/// `records` in id order. The sort compares each id's first eight bytes, held inline,
/// and reads the text only on ties, then moves the records into that order in place,
/// following the permutation's cycles. Sorting the records themselves by their ids
/// would chase a pointer per comparison and move large values many times; gathering
/// them into a second vector would leave the first one's space free among the graph's
/// long-lived tables.
fn sorted_by_id<T>(mut records: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    let mut keys: Vec<(u64, usize)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (text_prefix(id(r)), i))
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let text = |i: usize| records.get(i).map_or("", &id);
            text(a.1).cmp(text(b.1))
        })
    });
    // Position `p` takes the record at `keys[p].1`; a position is marked done by
    // `usize::MAX` once it holds its record.
    let len = records.len();
    for start in 0..len {
        let mut at = start;
        while let Some(slot) = keys.get_mut(at) {
            let from = std::mem::replace(&mut slot.1, usize::MAX);
            if from == start || from >= len {
                break;
            }
            records.swap(at, from);
            at = from;
        }
    }
    records
}

/// A validated OKR portfolio, compiled once into a [`Plan`].
///
/// Build it with [`OkrGraph::new`], then roll it up with [`OkrGraph::rollup`] (the
/// portfolio's own method) or [`OkrGraph::rollup_with`] (an engine value, which must be
/// of the portfolio's method).
///
/// ```
/// use folio_okr::{NodeId, OkrGraph, PortfolioData, ProgressInputs};
/// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
///
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
///   "key_results": [
///     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
///       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
///     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
///       "contributes_to": [{ "to": { "objective": "grow" } }] }
///   ]
/// }"#)?)?;
/// let rollup = graph.rollup(&ProgressInputs::new([
///     (KeyResultId::new("arr")?, Progress::COMPLETE),
///     (KeyResultId::new("nps")?, Progress::ZERO),
/// ]))?;
/// // (3 x 1 + 1 x 0) / 4 = 0.75
/// let grow = NodeId::from(ObjectiveId::new("grow")?);
/// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(75, 2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Memory
///
/// The graph keeps its objectives as records, and its key results (usually the bulk of
/// a large portfolio) in compact columns beside the plan, which already holds every id,
/// level and edge: per key result an owner and a product number (no column at all while
/// every key result has the same owner, or the same product, as in a CSV edge list of
/// the minimal form), and the name, target, deadline, resources and dependencies only
/// where a key result has them. The
/// [`KeyResultData`] records are rebuilt from these, once, the first time
/// [`key_results`](OkrGraph::key_results) or [`key_result`](OkrGraph::key_result) is
/// called, and kept from then on. A rebuilt record equals the one given, its
/// `contributes_to` edges in the order they were listed (where that differs from the
/// plan's parent order, the listed order is kept beside the plan).
#[derive(Debug, Clone)]
pub struct OkrGraph {
    /// Sorted by id.
    objectives: Vec<ObjectiveData>,
    key_result_columns: KeyResultColumns,
    /// Built from the columns on first use, sorted by id.
    key_results: OnceLock<Vec<KeyResultData>>,
    warnings: Vec<Warning>,
    period: Option<Period>,
    plan: Arc<Plan>,
}

impl OkrGraph {
    /// Validates `data` and compiles it.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every [`Problem`](crate::Problem) found (and the
    /// warnings) if validation fails; [`Error::Overflow`] if a node's contribution
    /// weights overflow when summed.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert_eq!(graph.key_results().len(), 2);
    /// assert!(graph.key_result(&folio_types::KeyResultId::new("arr")?).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(data: PortfolioData) -> Result<Self> {
        Self::new_placed(data).map(|(graph, _)| graph)
    }

    /// As [`new`](OkrGraph::new), with the plan index of each key result of `data`, in
    /// input order: callers that hold values by record place them without hashing ids.
    pub(crate) fn new_placed(data: PortfolioData) -> Result<(Self, Vec<u32>)> {
        let report = validate(&data);
        if !report.is_valid() {
            return Err(Error::Invalid {
                problems: report.problems,
                warnings: report.warnings,
            });
        }
        let (plan, positions) = Plan::compile(&data)?;
        let mut positions = positions;
        positions.drain(..data.objectives.len().min(positions.len()));
        let key_result_columns = KeyResultColumns::new(data.key_results, &plan, &positions)?;
        let graph = Self {
            objectives: sorted_by_id(data.objectives, |o| o.id.as_str()),
            key_result_columns,
            key_results: OnceLock::new(),
            warnings: report.warnings,
            period: data.period,
            plan: Arc::new(plan),
        };
        Ok((graph, positions))
    }

    /// The graph with `objectives` as its objective records (the same objectives as
    /// written, where the column compiler rebuilt them without their themes) and
    /// `period`.
    #[cfg(feature = "serde")]
    pub(crate) fn with_objective_records(
        self,
        objectives: Vec<ObjectiveData>,
        period: Option<folio_types::Period>,
    ) -> Self {
        Self {
            objectives: sorted_by_id(objectives, |o| o.id.as_str()),
            period,
            ..self
        }
    }

    /// What validation found that does not stop the graph from compiling, sorted.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::Warning;
    ///
    /// // One portfolio objective is fewer than the seeds' three to five.
    /// assert!(matches!(
    ///     graph.warnings(),
    ///     [Warning::TooFewPortfolioObjectives { objectives }] if objectives.len() == 1
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The rollup policy.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::RollupMethod;
    ///
    /// assert_eq!(graph.policy().method(), RollupMethod::Weighted);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn policy(&self) -> &RollupPolicy {
        self.plan.policy()
    }

    /// The OKR period the goals are set for, when the portfolio records one.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// // The portfolio names no period.
    /// assert_eq!(graph.period(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The compiled plan.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// // Two key results and one objective.
    /// assert_eq!(graph.plan().len(), 3);
    /// assert_eq!(graph.plan().leaf_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The objectives, by id.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// let names: Vec<&str> = graph.objectives().map(|o| o.name.as_str()).collect();
    /// assert_eq!(names, ["Grow"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn objectives(&self) -> impl ExactSizeIterator<Item = &ObjectiveData> {
        self.objectives.iter()
    }

    /// The key results, by id.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// let ids: Vec<String> = graph.key_results().map(|k| k.id.to_string()).collect();
    /// assert_eq!(ids, ["arr", "nps"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key_results(&self) -> impl ExactSizeIterator<Item = &KeyResultData> {
        self.key_result_records().iter()
    }

    /// The key results as records, built from the columns on first use.
    fn key_result_records(&self) -> &[KeyResultData] {
        self.key_results
            .get_or_init(|| self.key_result_columns.records(&self.plan))
    }

    /// The number of key results, without building their records.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// assert_eq!(graph.key_result_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key_result_count(&self) -> usize {
        self.plan.len().saturating_sub(self.objectives.len())
    }

    /// The heap memory the graph holds besides its [`Plan`] (whose share is
    /// [`Plan::heap_bytes`]), in bytes: the objectives' record vector, the key result
    /// columns, and the key result record vector once it has been built. The text of
    /// ids and names inside records is not counted.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// let compact = graph.heap_bytes();
    /// // Asking for the records builds them, once.
    /// assert_eq!(graph.key_results().len(), 2);
    /// assert!(graph.heap_bytes() > compact);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let records = self.key_results.get().map_or(0, |r| {
            r.capacity().saturating_mul(size_of::<KeyResultData>())
        });
        self.objectives
            .capacity()
            .saturating_mul(size_of::<ObjectiveData>())
            .saturating_add(self.key_result_columns.heap_bytes())
            .saturating_add(records)
    }

    /// The objective with this id.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_types::ObjectiveId;
    ///
    /// assert_eq!(graph.objective(&ObjectiveId::new("grow")?).map(|o| o.name.as_str()), Some("Grow"));
    /// assert!(graph.objective(&ObjectiveId::new("shrink")?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn objective(&self, id: &ObjectiveId) -> Option<&ObjectiveData> {
        let at = self
            .objectives
            .binary_search_by(|o| o.id.as_str().cmp(id.as_str()))
            .ok()?;
        self.objectives.get(at)
    }

    /// The key result with this id.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_types::KeyResultId;
    ///
    /// let arr = graph.key_result(&KeyResultId::new("arr")?).unwrap();
    /// assert_eq!(arr.owner.to_string(), "ana");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key_result(&self, id: &KeyResultId) -> Option<&KeyResultData> {
        let records = self.key_result_records();
        let at = records
            .binary_search_by(|k| k.id.as_str().cmp(id.as_str()))
            .ok()?;
        records.get(at)
    }

    /// Rolls the graph up with the engine its policy names.
    ///
    /// # Errors
    ///
    /// As [`Rollup::new`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::{NodeId, ProgressInputs};
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// let rollup = graph.rollup(&ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::new(Decimal::new(8, 1))?),
    ///     (KeyResultId::new("nps")?, Progress::new(Decimal::new(4, 1))?),
    /// ]))?;
    /// // (3 x 0.8 + 1 x 0.4) / 4 = 0.7
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup(&self, inputs: &ProgressInputs) -> Result<Rollup<Engine>> {
        Rollup::new(
            Arc::clone(&self.plan),
            Engine::from_policy(self.policy())?,
            inputs,
        )
    }

    /// Rolls a KPI portfolio up from leaf metric readings (see [`crate::rollup::kpi`]):
    /// every node's target is checked against `catalog`, each rolled-up node aggregates
    /// the readings of the leaves beneath it, and progress is scored by `scoring`.
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`] if the portfolio does not roll up by the KPI method;
    /// [`Error::UnknownNode`], [`Error::NotALeaf`], [`Error::MissingReadings`] for the
    /// readings; [`Error::Metric`] for a target the catalog rejects;
    /// [`Error::ReadingShape`] and [`Error::NegativeReading`] for a reading that does
    /// not fit its metric; [`Error::OverrideOfInput`] and [`Error::DuplicateOverride`];
    /// any aggregation error.
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
    /// // 1.4M + 0.3M = 1.7M: 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// assert_eq!(rollup.value(&goal).map(|v| v.reported.value()), Some(Decimal::new(7, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup_kpi(
        &self,
        catalog: &MetricCatalog,
        scoring: Scoring,
        inputs: &KpiInputs,
    ) -> Result<KpiRollup> {
        KpiRollup::new(
            Arc::clone(&self.plan),
            self.targets(),
            catalog,
            scoring,
            inputs,
        )
    }

    /// Rolls a KPI portfolio up from dense leaf readings: `readings[i]` is the reading
    /// of node `i` of the [`Plan`], for `i < plan().leaf_count()`.
    ///
    /// # Errors
    ///
    /// As [`rollup_kpi`](OkrGraph::rollup_kpi); [`Error::IndexOutOfPlan`] if there is
    /// not one reading per leaf.
    ///
    /// ```
    /// # use folio_metrics::{MetricCatalog, Scoring};
    /// # use folio_okr::{NodeId, OkrGraph, PortfolioData};
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
    /// use folio_okr::MetricReading;
    ///
    /// // One reading per leaf, in plan order (the key results by id: atlas-arr, lens-arr).
    /// let readings = ["1400000", "300000"]
    ///     .into_iter()
    ///     .map(|v| serde_json::from_str::<MetricReading>(&format!(r#"{{ "date": "2026-09-30", "reading": {{ "value": "{v}" }} }}"#)))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let rollup = graph.rollup_kpi_leaves(&catalog, Scoring::Clamped, readings)?;
    /// let goal = NodeId::from(ObjectiveId::new("arr-2m")?);
    /// // 1.4M + 0.3M = 1.7M: 70% of the way from 1M to 2M.
    /// assert_eq!(rollup.metric_value(&goal), Some(Decimal::new(1_700_000, 0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup_kpi_leaves(
        &self,
        catalog: &MetricCatalog,
        scoring: Scoring,
        readings: Vec<MetricReading>,
    ) -> Result<KpiRollup> {
        KpiRollup::from_leaves(
            Arc::clone(&self.plan),
            self.targets(),
            catalog,
            scoring,
            readings,
        )
    }

    /// Each node's metric target, by plan index.
    fn targets(&self) -> Vec<Option<Target>> {
        self.plan
            .indices()
            .map(|node| match self.plan.node(node) {
                Some(NodeId::Objective(id)) => self.objective(id).and_then(|o| o.target.clone()),
                Some(NodeId::KeyResult(_)) => self.key_result_columns.target(node).cloned(),
                None => None,
            })
            .collect()
    }

    /// Rolls status up from the leaf confidences in `inputs`, by the policy's
    /// [`StatusPolicy`](crate::StatusPolicy).
    ///
    /// # Errors
    ///
    /// As [`StatusRollup::new`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::{NodeId, ProgressInputs, Status};
    /// use folio_types::{Confidence, Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// let mut inputs = ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::ZERO),
    ///     (KeyResultId::new("nps")?, Progress::ZERO),
    /// ]);
    /// inputs.confidence.insert(KeyResultId::new("arr")?, Confidence::new(Decimal::new(8, 1))?);
    /// inputs.confidence.insert(KeyResultId::new("nps")?, Confidence::new(Decimal::new(3, 1))?);
    /// let status = graph.status(&inputs)?;
    /// // The worst child's status: nps at 0.3 is critical.
    /// let grow = status.status(&NodeId::from(ObjectiveId::new("grow")?)).unwrap();
    /// assert_eq!(grow.status, Status::Critical);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status(&self, inputs: &ProgressInputs) -> Result<StatusRollup> {
        StatusRollup::new(Arc::clone(&self.plan), inputs)
    }

    /// Rolls the graph up with `engine` from dense leaf progress: `leaves[i]` is the
    /// progress of node `i` of the [`Plan`], for `i < plan().leaf_count()`. The fast path
    /// for callers that hold values in the plan's order.
    ///
    /// # Errors
    ///
    /// As [`Rollup::from_leaves`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::rollup::Weighted;
    /// use folio_okr::NodeId;
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// // Leaves in plan order: find where each key result sits.
    /// let plan = graph.plan();
    /// let arr = plan.index_of(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// let mut leaves = vec![Progress::ZERO; plan.leaf_count()];
    /// leaves[arr.get()] = Progress::new(Decimal::new(4, 1))?;
    /// let rollup = graph.rollup_leaves(Weighted, leaves)?;
    /// // (3 x 0.4 + 1 x 0) / 4 = 0.3
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(3, 1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup_leaves<E: RollupEngine>(
        &self,
        engine: E,
        leaves: Vec<Progress>,
    ) -> Result<Rollup<E>> {
        Rollup::from_leaves(Arc::clone(&self.plan), engine, leaves)
    }

    /// Rolls the graph up with `engine`, which must be of the portfolio's method.
    ///
    /// # Errors
    ///
    /// [`Error::MethodMismatch`] if the engine's method is not the portfolio's; else as
    /// [`Rollup::new`].
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::rollup::{SayDo, Weighted};
    /// use folio_okr::{Error, NodeId, ProgressInputs};
    /// use folio_types::{Decimal, KeyResultId, ObjectiveId, Progress};
    ///
    /// let inputs = ProgressInputs::new([
    ///     (KeyResultId::new("arr")?, Progress::COMPLETE),
    ///     (KeyResultId::new("nps")?, Progress::ZERO),
    /// ]);
    /// let rollup = graph.rollup_with(Weighted, &inputs)?;
    /// // (3 x 1 + 1 x 0) / 4 = 0.75
    /// let grow = NodeId::from(ObjectiveId::new("grow")?);
    /// assert_eq!(rollup.value(&grow).map(|v| v.reported.value()), Some(Decimal::new(75, 2)));
    /// // The portfolio rolls up by weight, not say-do.
    /// assert!(matches!(graph.rollup_with(SayDo::default(), &inputs), Err(Error::MethodMismatch { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup_with<E: RollupEngine>(
        &self,
        engine: E,
        inputs: &ProgressInputs,
    ) -> Result<Rollup<E>> {
        Rollup::new(Arc::clone(&self.plan), engine, inputs)
    }
}

#[cfg(test)]
mod sorted_tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::sorted_by_id;

    proptest! {
        /// The records come back in id order, each once, as a sort of the pairs orders
        /// them: ids sharing their first eight bytes (read on ties), repeated ids (their
        /// records compared whole here, as any order of equal ids would do), fixed
        /// points and long cycles of the permutation alike.
        #[test]
        fn records_are_moved_into_id_order(
            ids in vec(prop_oneof![
                "[a-c]{0,3}",
                "prefix__[a-c]{0,3}",
                "[a-z]{1,12}",
            ], 0..60),
        ) {
            let records: Vec<(String, usize)> =
                ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
            let mut expected = records.clone();
            expected.sort();
            let mut sorted = sorted_by_id(records, |r| r.0.as_str());
            // Equal ids may come in any order.
            prop_assert!(sorted.windows(2).all(|w| w[0].0 <= w[1].0));
            sorted.sort();
            prop_assert_eq!(sorted, expected);
        }
    }
}
