//! Validation of a [`PortfolioData`]: every problem at once, each naming ids.
//!
//! [`validate`] checks a portfolio without building anything and returns a [`Report`]
//! of errors ([`Problem`]) and, separately, [`Warning`]s. [`OkrGraph::new`] runs the same
//! checks and refuses to compile a portfolio with any problem.
//!
//! The checks:
//!
//! | problem | when |
//! |---|---|
//! | [`Problem::DuplicateId`] | two objectives, or two key results, share an id |
//! | [`Problem::UnknownParent`] | an edge points at an id that is not defined |
//! | [`Problem::Tier`] | an edge skips a tier, points down, or joins peers (see [`crate::model`]) |
//! | [`Problem::Cycle`] | edges form a cycle (only possible through tier problems) |
//! | [`Problem::DuplicateEdge`] | one record lists the same parent twice |
//! | [`Problem::NoContributors`] | an objective has no contributor of the kind its [`Drivers`] count |
//! | [`Problem::UncountedContributor`] | a contributor of a kind its parent's drivers exclude |
//! | [`Problem::LaddersUpToNothing`] | a key result or product objective contributes to nothing |
//! | [`Problem::MixedMethods`] | an objective asks for a rollup method other than the portfolio's |
//! | [`Problem::ZeroTotalWeight`] | weighted rollup: a node's contribution weights sum to zero |
//! | [`Problem::WeightOverflow`] | a node's contribution weights overflow when summed |
//! | [`Problem::MissingTarget`] | KPI rollup: a node without a metric target |
//! | [`Problem::MetricMismatch`] | KPI rollup: an edge joins nodes measuring different metrics |
//! | [`Problem::UnknownDependency`] | a dependency names an id that is not defined |
//! | [`Problem::DuplicateDependency`] | one record depends on the same prerequisite twice |
//! | [`Problem::DependencyCycle`] | dependencies form a cycle (a record depending on itself included) |
//!
//! Negative weights cannot reach validation: [`Weight`](folio_types::Weight) rejects them
//! when the JSON is read.
//!
//! Warnings: [`Warning::TooManyPortfolioObjectives`] above
//! [`MAX_PORTFOLIO_OBJECTIVES`] and [`Warning::TooFewPortfolioObjectives`] below
//! [`MIN_PORTFOLIO_OBJECTIVES`] (the seeds' 3-5 rule: more than five top-level goals and
//! teams lose focus; fewer than three and the portfolio's outcomes are not all named).
//!
//! Problems and warnings are sorted and de-duplicated, so the report does not depend on
//! the order of the input. Records that share an id are all checked, each with its own
//! edges and tier.
//!
//! [`OkrGraph::new`]: crate::OkrGraph::new

use std::collections::{BTreeSet, HashMap};

use crate::hash::FixedState;
use std::fmt;

use folio_types::{Decimal, MetricId, ObjectiveId};

use crate::model::{Contribution, Drivers, Level, NodeId, PortfolioData, RollupMethod};

mod cycles;

use cycles::cycles;

/// More portfolio objectives than this draw a warning.
pub const MAX_PORTFOLIO_OBJECTIVES: usize = 5;

/// Fewer portfolio objectives than this draw a warning.
pub const MIN_PORTFOLIO_OBJECTIVES: usize = 3;

/// Why an edge breaks the tier rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TierProblem {
    /// The parent is two tiers above the child.
    Skip,
    /// The parent is below the child, or an objective hangs under a key result.
    Inversion,
    /// Objective to objective, or key result to key result, on one tier; or anything
    /// from a portfolio objective, which has no tier above.
    SameTier,
}

/// One validation error. Every variant names the ids involved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Problem {
    /// Two records of one kind share an id.
    DuplicateId {
        /// The repeated id.
        node: NodeId,
    },
    /// An edge names a parent that is not defined.
    UnknownParent {
        /// The record holding the edge.
        child: NodeId,
        /// The missing parent.
        parent: NodeId,
    },
    /// An edge breaks the tier rules.
    Tier {
        /// The record holding the edge.
        child: NodeId,
        /// The child's level.
        child_level: Level,
        /// The parent.
        parent: NodeId,
        /// The parent's level.
        parent_level: Level,
        /// What is wrong.
        kind: TierProblem,
    },
    /// The edges form a cycle through these nodes (in id order).
    Cycle {
        /// The nodes of one strongly connected component.
        nodes: Vec<NodeId>,
    },
    /// A record lists the same parent twice.
    DuplicateEdge {
        /// The record.
        child: NodeId,
        /// The parent listed twice.
        parent: NodeId,
    },
    /// An objective has no contributor of a kind its drivers count.
    NoContributors {
        /// The objective.
        objective: ObjectiveId,
    },
    /// A contributor of a kind the parent's drivers exclude: it would silently not count.
    UncountedContributor {
        /// The parent objective.
        objective: ObjectiveId,
        /// What the objective counts.
        drivers: Drivers,
        /// The contributor that would not count.
        child: NodeId,
    },
    /// A key result or product objective that contributes to nothing.
    LaddersUpToNothing {
        /// The record.
        node: NodeId,
    },
    /// An objective asks for a rollup method other than the portfolio's.
    MixedMethods {
        /// The objective.
        objective: ObjectiveId,
        /// The method it asks for.
        asked: RollupMethod,
        /// The portfolio's method.
        portfolio: RollupMethod,
    },
    /// Weighted rollup: the weights of a node's contributors sum to zero.
    ZeroTotalWeight {
        /// The node.
        node: NodeId,
    },
    /// The weights of a node's contributors overflow when summed.
    WeightOverflow {
        /// The node.
        node: NodeId,
    },
    /// KPI rollup: a node has no metric target, so it has no metric to aggregate and
    /// nothing to measure the aggregate against.
    MissingTarget {
        /// The node.
        node: NodeId,
    },
    /// KPI rollup: a contributor measures another metric than its parent; summing or
    /// averaging across metrics has no meaning.
    MetricMismatch {
        /// The contributor.
        child: NodeId,
        /// Its metric.
        child_metric: MetricId,
        /// The parent.
        parent: NodeId,
        /// The parent's metric.
        parent_metric: MetricId,
    },
    /// A dependency names a prerequisite that is not defined.
    UnknownDependency {
        /// The record holding the dependency.
        node: NodeId,
        /// The missing prerequisite.
        on: NodeId,
    },
    /// A record depends on the same prerequisite twice.
    DuplicateDependency {
        /// The record.
        node: NodeId,
        /// The prerequisite listed twice.
        on: NodeId,
    },
    /// Dependencies form a cycle through these nodes (in id order): none of them can
    /// start first.
    DependencyCycle {
        /// The nodes of one strongly connected component of the dependency edges.
        nodes: Vec<NodeId>,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateId { node } => write!(f, "duplicate {node}"),
            Self::UnknownParent { child, parent } => {
                write!(f, "{child} contributes to unknown {parent}")
            }
            Self::Tier {
                child,
                child_level,
                parent,
                parent_level,
                kind,
            } => {
                let what = match kind {
                    TierProblem::Skip => "skips a tier",
                    TierProblem::Inversion => "is inverted",
                    TierProblem::SameTier => "does not climb a tier",
                };
                write!(
                    f,
                    "the edge from {child}, a {child_level}, to {parent}, a {parent_level}, {what}"
                )
            }
            Self::Cycle { nodes } => {
                f.write_str("cycle through ")?;
                for (i, node) in nodes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{node}")?;
                }
                Ok(())
            }
            Self::DuplicateEdge { child, parent } => {
                write!(f, "{child} lists {parent} twice")
            }
            Self::NoContributors { objective } => {
                write!(
                    f,
                    "objective {:?} has no contributors it counts",
                    objective.as_str()
                )
            }
            Self::UncountedContributor {
                objective,
                drivers,
                child,
            } => write!(
                f,
                "{child} contributes to objective {:?}, which counts only {}",
                objective.as_str(),
                match drivers {
                    Drivers::KeyResults => "its key results",
                    Drivers::ChildObjectives => "its child objectives",
                    Drivers::Both => "key results and child objectives",
                }
            ),
            Self::LaddersUpToNothing { node } => write!(f, "{node} contributes to nothing"),
            Self::MixedMethods {
                objective,
                asked,
                portfolio,
            } => write!(
                f,
                "objective {:?} asks for the {asked} method, the portfolio rolls up by {portfolio}",
                objective.as_str()
            ),
            Self::ZeroTotalWeight { node } => {
                write!(f, "the contribution weights of {node} sum to zero")
            }
            Self::WeightOverflow { node } => {
                write!(f, "the contribution weights of {node} overflow")
            }
            Self::MissingTarget { node } => {
                write!(f, "{node} has no metric target, which a KPI rollup needs")
            }
            Self::MetricMismatch {
                child,
                child_metric,
                parent,
                parent_metric,
            } => write!(
                f,
                "{child} measures metric {:?}, but it contributes to {parent}, which measures {:?}",
                child_metric.as_str(),
                parent_metric.as_str()
            ),
            Self::UnknownDependency { node, on } => {
                write!(f, "{node} depends on unknown {on}")
            }
            Self::DuplicateDependency { node, on } => {
                write!(f, "{node} depends on {on} twice")
            }
            Self::DependencyCycle { nodes } => {
                f.write_str("dependency cycle through ")?;
                for (i, node) in nodes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{node}")?;
                }
                Ok(())
            }
        }
    }
}

/// Something worth a look that does not stop the portfolio from compiling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Warning {
    /// More than [`MAX_PORTFOLIO_OBJECTIVES`] portfolio objectives.
    TooManyPortfolioObjectives {
        /// The portfolio objectives, in id order.
        objectives: Vec<ObjectiveId>,
    },
    /// Fewer than [`MIN_PORTFOLIO_OBJECTIVES`] portfolio objectives (none included).
    TooFewPortfolioObjectives {
        /// The portfolio objectives, in id order.
        objectives: Vec<ObjectiveId>,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyPortfolioObjectives { objectives } => write!(
                f,
                "{} portfolio objectives: more than {MAX_PORTFOLIO_OBJECTIVES} and teams lose focus",
                objectives.len()
            ),
            Self::TooFewPortfolioObjectives { objectives } => write!(
                f,
                "{} portfolio objective(s): fewer than {MIN_PORTFOLIO_OBJECTIVES}, the seeds' 3-5 portfolio goals",
                objectives.len()
            ),
        }
    }
}

/// The outcome of [`validate`]: errors and warnings, each sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Report {
    /// Problems that stop the portfolio from compiling.
    pub problems: Vec<Problem>,
    /// Findings that do not.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Whether there is no problem (warnings allowed).
    ///
    /// ```
    /// use folio_okr::{validate, PortfolioData};
    ///
    /// let data: PortfolioData = serde_json::from_str(r#"{
    ///   "policy": { "method": "weighted" },
    ///   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    ///   "key_results": [
    ///     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    ///       "contributes_to": [{ "to": { "objective": "grow" } }] }
    ///   ]
    /// }"#)?;
    /// let report = validate(&data);
    /// // Only one portfolio objective: a warning, which does not make it invalid.
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Whether an edge from `child` to `parent` climbs as the tier rules require.
pub(crate) fn tier_problem(child: Level, parent: Level) -> Option<TierProblem> {
    use Level::{InitiativeKeyResult, PortfolioObjective, ProductKeyResult, ProductObjective};
    match (child, parent) {
        (ProductObjective, PortfolioObjective)
        | (ProductKeyResult, ProductObjective | PortfolioObjective)
        | (InitiativeKeyResult, ProductKeyResult | ProductObjective) => None,
        (InitiativeKeyResult, PortfolioObjective) => Some(TierProblem::Skip),
        _ if child.tier() < parent.tier() => Some(TierProblem::Inversion),
        _ if child.is_objective() && !parent.is_objective() => Some(TierProblem::Inversion),
        _ => Some(TierProblem::SameTier),
    }
}

/// One record as validation sees it.
struct Record<'a> {
    node: NodeId,
    level: Level,
    drivers: Option<Drivers>,
    method: Option<RollupMethod>,
    edges: &'a [Contribution],
    target: Option<&'a folio_metrics::Target>,
}

/// Checks `data` and reports every problem and warning.
///
/// ```
/// use folio_okr::{validate, PortfolioData, Problem};
///
/// let data: PortfolioData = serde_json::from_str(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [
///     { "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }
///   ],
///   "key_results": [
///     { "id": "arr", "name": "ARR", "tier": "initiative", "owner": "ana", "product": "atlas",
///       "contributes_to": [{ "to": { "objective": "grow" } }] }
///   ]
/// }"#)?;
/// let report = validate(&data);
/// // An initiative key result two tiers below its objective: a tier skip.
/// assert!(matches!(report.problems.as_slice(), [Problem::Tier { .. }]));
/// println!("{}", report.problems[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn validate(data: &PortfolioData) -> Report {
    let mut problems = Vec::new();
    let records = records(data);

    // Every level (and drivers) each id is defined with: more than one record is a
    // duplicate, and every copy takes part in the checks below. Ids are numbered in
    // order of first appearance through a hash table: a million ids looked up in
    // ordered maps of strings cost seconds, and no result here depends on the order
    // (problems are sorted at the end).
    let defined = Defined::new(&records);
    for (position, node) in defined.nodes.iter().enumerate() {
        if defined.copies(position).nth(1).is_some() {
            problems.push(Problem::DuplicateId {
                node: (*node).clone(),
            });
        }
    }
    let mut counted: Vec<bool> = vec![false; defined.nodes.len()];
    let mut weight_sums: Vec<Option<Option<Decimal>>> = vec![None; defined.nodes.len()];

    for record in &records {
        check_record(
            data,
            record,
            &defined,
            &mut problems,
            &mut counted,
            &mut weight_sums,
        );
    }

    for record in &records {
        if let (NodeId::Objective(id), Some(_)) = (&record.node, record.drivers) {
            let position = defined.position(&record.node);
            if !position.is_some_and(|p| counted.get(p).copied().unwrap_or(false)) {
                problems.push(Problem::NoContributors {
                    objective: id.clone(),
                });
            }
        }
    }
    // Zero totals only matter to the weighted mean; an overflowing total is bad data
    // whatever the method, and the compiled plan could not hold it.
    let weighted = data.policy.method == RollupMethod::Weighted;
    for (node, sum) in defined.nodes.iter().zip(weight_sums) {
        let Some(sum) = sum else { continue };
        match sum {
            None => problems.push(Problem::WeightOverflow {
                node: (*node).clone(),
            }),
            Some(sum) if weighted && sum.is_zero() => {
                problems.push(Problem::ZeroTotalWeight {
                    node: (*node).clone(),
                });
            }
            Some(_) => {}
        }
    }
    // Every edge the tier rules allow climbs to a strictly lower rank (see
    // `Level::rank`), so without a tier problem, and with one level per id, the edges
    // cannot close a cycle: the search, which at a million nodes costs an adjacency
    // list per node, runs only when one of those problems is present.
    let may_cycle = problems
        .iter()
        .any(|p| matches!(p, Problem::Tier { .. } | Problem::DuplicateId { .. }));
    if may_cycle {
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); defined.nodes.len()];
        for record in &records {
            let from = defined.position(&record.node);
            for edge in record.edges {
                if let (Some(from), Some(to)) = (from, defined.position(&edge.to)) {
                    if let Some(list) = adjacency.get_mut(from) {
                        list.push(to);
                    }
                }
            }
        }
        for members in cycles(&adjacency, &defined.nodes) {
            problems.push(Problem::Cycle { nodes: members });
        }
    }

    dependency_problems(data, &defined, &mut problems);

    problems.sort();
    problems.dedup();
    Report {
        problems,
        warnings: warnings(data),
    }
}

/// The records by id: each distinct id numbered in order of first appearance, found
/// through a hash table, with the records that define it (more than one is a duplicate).
struct Defined<'r, 'a> {
    records: &'r [Record<'a>],
    positions: HashMap<&'r NodeId, usize, FixedState>,
    /// Each position's id.
    nodes: Vec<&'r NodeId>,
    /// Each position's first record.
    first: Vec<usize>,
    /// Further records of a repeated id: (position, record), sorted.
    repeats: Vec<(usize, usize)>,
}

impl<'r, 'a> Defined<'r, 'a> {
    fn new(records: &'r [Record<'a>]) -> Self {
        let mut defined = Self {
            records,
            positions: HashMap::with_capacity_and_hasher(records.len(), FixedState::default()),
            nodes: Vec::with_capacity(records.len()),
            first: Vec::with_capacity(records.len()),
            repeats: Vec::new(),
        };
        for (i, record) in records.iter().enumerate() {
            let next = defined.nodes.len();
            let position = *defined.positions.entry(&record.node).or_insert(next);
            if position == next {
                defined.nodes.push(&record.node);
                defined.first.push(i);
            } else {
                defined.repeats.push((position, i));
            }
        }
        defined.repeats.sort_unstable();
        defined
    }

    fn position(&self, node: &NodeId) -> Option<usize> {
        self.positions.get(node).copied()
    }

    /// The records defining the id at `position`.
    fn copies(&self, position: usize) -> impl Iterator<Item = &'r Record<'a>> + '_ {
        let records = self.records;
        let first = self.first.get(position).and_then(|&i| records.get(i));
        // `repeats` is sorted, so a position's repeats are one run found by bisection.
        let start = self.repeats.partition_point(|&(p, _)| p < position);
        let repeats = self
            .repeats
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |(p, _)| *p == position)
            .filter_map(move |&(_, i)| records.get(i));
        first.into_iter().chain(repeats)
    }
}

fn records(data: &PortfolioData) -> Vec<Record<'_>> {
    let objectives = data.objectives.iter().map(|o| Record {
        node: NodeId::Objective(o.id.clone()),
        level: o.tier.into(),
        drivers: Some(o.drivers),
        method: o.method,
        edges: &o.contributes_to,
        target: o.target.as_ref(),
    });
    let key_results = data.key_results.iter().map(|k| Record {
        node: NodeId::KeyResult(k.id.clone()),
        level: k.tier.into(),
        drivers: None,
        method: None,
        edges: &k.contributes_to,
        target: k.target.as_ref(),
    });
    objectives.chain(key_results).collect()
}

/// The checks that look at one record and its edges.
fn check_record<'r, 'a: 'r>(
    data: &PortfolioData,
    record: &'r Record<'a>,
    defined: &Defined<'r, 'a>,
    problems: &mut Vec<Problem>,
    counted: &mut [bool],
    weight_sums: &mut [Option<Option<Decimal>>],
) {
    if record.edges.is_empty() && record.level != Level::PortfolioObjective {
        problems.push(Problem::LaddersUpToNothing {
            node: record.node.clone(),
        });
    }
    if let (NodeId::Objective(id), Some(asked)) = (&record.node, record.method) {
        if asked != data.policy.method {
            problems.push(Problem::MixedMethods {
                objective: id.clone(),
                asked,
                portfolio: data.policy.method,
            });
        }
    }
    let kpi = data.policy.method == RollupMethod::Kpi;
    if kpi && record.target.is_none() {
        problems.push(Problem::MissingTarget {
            node: record.node.clone(),
        });
    }
    // A record lists a few parents: a repeat is found by looking back, and only a long
    // list pays for a set (a set per record is an allocation per record).
    let long = record.edges.len() > 16;
    let mut seen: BTreeSet<&NodeId> = BTreeSet::new();
    for (j, edge) in record.edges.iter().enumerate() {
        let repeated = if long {
            !seen.insert(&edge.to)
        } else {
            record
                .edges
                .get(..j)
                .is_some_and(|before| before.iter().any(|e| e.to == edge.to))
        };
        if repeated {
            problems.push(Problem::DuplicateEdge {
                child: record.node.clone(),
                parent: edge.to.clone(),
            });
        }
        let Some(position) = defined.position(&edge.to) else {
            problems.push(Problem::UnknownParent {
                child: record.node.clone(),
                parent: edge.to.clone(),
            });
            continue;
        };
        if let Some(sum) = weight_sums.get_mut(position) {
            let so_far = sum.unwrap_or(Some(Decimal::ZERO));
            *sum = Some(so_far.and_then(|s| s.checked_add(edge.weight.value())));
        }
        for parent in defined.copies(position) {
            if let (true, Some(child_target), Some(parent_target)) =
                (kpi, record.target, parent.target)
            {
                if child_target.metric() != parent_target.metric() {
                    problems.push(Problem::MetricMismatch {
                        child: record.node.clone(),
                        child_metric: child_target.metric().clone(),
                        parent: edge.to.clone(),
                        parent_metric: parent_target.metric().clone(),
                    });
                }
            }
            if let Some(kind) = tier_problem(record.level, parent.level) {
                problems.push(Problem::Tier {
                    child: record.node.clone(),
                    child_level: record.level,
                    parent: edge.to.clone(),
                    parent_level: parent.level,
                    kind,
                });
            }
            let (NodeId::Objective(parent_id), Some(drivers)) = (&parent.node, parent.drivers)
            else {
                // A key result counts every contributor.
                if let Some(slot) = counted.get_mut(position) {
                    *slot = true;
                }
                continue;
            };
            let counts = if record.level.is_objective() {
                drivers.counts_objectives()
            } else {
                drivers.counts_key_results()
            };
            if counts {
                if let Some(slot) = counted.get_mut(position) {
                    *slot = true;
                }
            } else {
                problems.push(Problem::UncountedContributor {
                    objective: parent_id.clone(),
                    drivers,
                    child: record.node.clone(),
                });
            }
        }
    }
}

/// Unknown, repeated and cyclic dependencies.
fn dependency_problems(
    data: &PortfolioData,
    defined: &Defined<'_, '_>,
    problems: &mut Vec<Problem>,
) {
    let any = data.objectives.iter().any(|o| !o.depends_on.is_empty())
        || data.key_results.iter().any(|k| !k.depends_on.is_empty());
    if !any {
        return;
    }
    let nodes = &defined.nodes;
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let objectives = data
        .objectives
        .iter()
        .map(|o| (NodeId::Objective(o.id.clone()), &o.depends_on));
    let key_results = data
        .key_results
        .iter()
        .map(|k| (NodeId::KeyResult(k.id.clone()), &k.depends_on));
    for (node, dependencies) in objectives.chain(key_results) {
        let mut seen: BTreeSet<&NodeId> = BTreeSet::new();
        for dependency in dependencies {
            if !seen.insert(&dependency.on) {
                problems.push(Problem::DuplicateDependency {
                    node: node.clone(),
                    on: dependency.on.clone(),
                });
            }
            match (defined.position(&node), defined.position(&dependency.on)) {
                (Some(from), Some(to)) => {
                    if let Some(list) = adjacency.get_mut(from) {
                        list.push(to);
                    }
                }
                _ => problems.push(Problem::UnknownDependency {
                    node: node.clone(),
                    on: dependency.on.clone(),
                }),
            }
        }
    }
    for members in cycles(&adjacency, nodes) {
        problems.push(Problem::DependencyCycle { nodes: members });
    }
}

fn warnings(data: &PortfolioData) -> Vec<Warning> {
    let portfolio: BTreeSet<&ObjectiveId> = data
        .objectives
        .iter()
        .filter(|o| Level::from(o.tier) == Level::PortfolioObjective)
        .map(|o| &o.id)
        .collect();
    let objectives = || portfolio.iter().map(|id| (*id).clone()).collect();
    if portfolio.len() > MAX_PORTFOLIO_OBJECTIVES {
        vec![Warning::TooManyPortfolioObjectives {
            objectives: objectives(),
        }]
    } else if portfolio.len() < MIN_PORTFOLIO_OBJECTIVES {
        vec![Warning::TooFewPortfolioObjectives {
            objectives: objectives(),
        }]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_rule_table() {
        use Level::*;
        use TierProblem::*;
        let cases = [
            (ProductObjective, PortfolioObjective, None),
            (ProductKeyResult, ProductObjective, None),
            (ProductKeyResult, PortfolioObjective, None),
            (InitiativeKeyResult, ProductKeyResult, None),
            (InitiativeKeyResult, ProductObjective, None),
            (InitiativeKeyResult, PortfolioObjective, Some(Skip)),
            (PortfolioObjective, ProductObjective, Some(Inversion)),
            (PortfolioObjective, InitiativeKeyResult, Some(Inversion)),
            (ProductKeyResult, InitiativeKeyResult, Some(Inversion)),
            (ProductObjective, ProductKeyResult, Some(Inversion)),
            (ProductObjective, ProductObjective, Some(SameTier)),
            (PortfolioObjective, PortfolioObjective, Some(SameTier)),
            (ProductKeyResult, ProductKeyResult, Some(SameTier)),
            (InitiativeKeyResult, InitiativeKeyResult, Some(SameTier)),
        ];
        for (child, parent, expected) in cases {
            assert_eq!(tier_problem(child, parent), expected, "{child} -> {parent}");
        }
    }
}
