//! At risk through a dependency: a goal whose prerequisite is off track, stale or
//! behind pace.
//!
//! A goal may depend on others ([`Dependency`]: another product
//! shipping a feature first, a shared API, a platform migration). [`dependency_risk`]
//! follows the dependency edges of every goal, breadth first and in id order, to the
//! nearest prerequisite key result that tracking flags, and reports the chain: the goal
//! first, the flagged prerequisite last. A prerequisite is flagged when it is
//! [off track](super::off_track()), [stale](super::staleness()) (any state but fresh or
//! retired), or [behind the pace line](super::DriftRule::BehindPace). Objectives take
//! part as links of a chain; only key results carry tracking signals.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

use folio_types::KeyResultId;

use crate::graph::OkrGraph;
use crate::model::{Dependency, NodeId};
use crate::tracking::drift::{DriftAlert, DriftRule};
use crate::tracking::off_track::OffTrack;
use crate::tracking::staleness::{Staleness, StalenessReport};

/// What tracking says about a prerequisite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Signal {
    /// Off track: low confidence past mid-period.
    OffTrack,
    /// Stale: not updated for the stale threshold.
    Stale,
    /// Progress behind the pace line.
    BehindPace,
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OffTrack => "off track",
            Self::Stale => "stale",
            Self::BehindPace => "behind pace",
        })
    }
}

/// A goal at risk through a dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DependencyRisk {
    /// The goal at risk.
    pub node: NodeId,
    /// The dependency chain, from the goal to the flagged prerequisite (both included).
    pub chain: Vec<NodeId>,
    /// The flagged prerequisite.
    pub prerequisite: KeyResultId,
    /// What tracking says about it, in [`Signal`] order.
    pub signals: Vec<Signal>,
}

impl fmt::Display for DependencyRisk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is at risk through a dependency: ", self.node)?;
        for (i, node) in self.chain.iter().enumerate() {
            if i > 0 {
                f.write_str(" depends on ")?;
            }
            write!(f, "{node}")?;
        }
        f.write_str(", which is ")?;
        for (i, signal) in self.signals.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{signal}")?;
        }
        Ok(())
    }
}

/// The tracking signals of every flagged key result, from the three policies' outputs.
///
/// Only key results that something depends on are kept: the others are never asked
/// for (and a graph without dependencies needs no map at all).
pub(crate) fn signals(
    graph: &OkrGraph,
    off_track: &[OffTrack],
    stale: &[StalenessReport],
    drift: &[DriftAlert],
) -> BTreeMap<KeyResultId, BTreeSet<Signal>> {
    let mut signals: BTreeMap<KeyResultId, BTreeSet<Signal>> = BTreeMap::new();
    let prerequisites: BTreeSet<&KeyResultId> = graph
        .objectives()
        .flat_map(|o| &o.depends_on)
        .chain(graph.key_results().flat_map(|k| &k.depends_on))
        .filter_map(|d| match &d.on {
            NodeId::KeyResult(id) => Some(id),
            NodeId::Objective(_) => None,
        })
        .collect();
    if prerequisites.is_empty() {
        return signals;
    }
    let off_track = off_track
        .iter()
        .filter(|o| prerequisites.contains(&o.key_result));
    let stale = stale
        .iter()
        .filter(|s| prerequisites.contains(&s.key_result));
    let drift = drift
        .iter()
        .filter(|d| prerequisites.contains(&d.key_result));
    for o in off_track {
        signals
            .entry(o.key_result.clone())
            .or_default()
            .insert(Signal::OffTrack);
    }
    for s in stale {
        if !matches!(
            s.staleness,
            Staleness::Fresh { .. } | Staleness::Retired { .. }
        ) {
            signals
                .entry(s.key_result.clone())
                .or_default()
                .insert(Signal::Stale);
        }
    }
    for d in drift {
        if d.rule == DriftRule::BehindPace {
            signals
                .entry(d.key_result.clone())
                .or_default()
                .insert(Signal::BehindPace);
        }
    }
    signals
}

/// Every goal at risk through a dependency, in [`NodeId`] order, from the outputs of
/// [`off_track`](super::off_track()), [`staleness`](super::staleness()) and
/// [`drift`](super::drift()).
///
/// ```
/// use folio_okr::tracking::{dependency_risk, staleness, CheckIn, CheckInLog, StalenessPolicy};
/// use folio_okr::{OkrGraph, PortfolioData};
///
/// let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
///   "policy": { "method": "weighted" },
///   "objectives": [{ "id": "o", "name": "o", "tier": "portfolio", "drivers": "key_results" }],
///   "key_results": [
///     { "id": "migrate", "name": "Platform migration", "tier": "product", "owner": "a",
///       "product": "core", "contributes_to": [{ "to": { "objective": "o" } }] },
///     { "id": "api", "name": "API v2", "tier": "product", "owner": "b", "product": "atlas",
///       "contributes_to": [{ "to": { "objective": "o" } }],
///       "depends_on": [{ "on": { "key_result": "migrate" }, "kind": "platform_migration" }] },
///     { "id": "flow", "name": "Onboarding", "tier": "product", "owner": "c", "product": "lens",
///       "contributes_to": [{ "to": { "objective": "o" } }],
///       "depends_on": [{ "on": { "key_result": "api" }, "kind": "shared_api" }] }
///   ]
/// }"#)?)?;
/// // The API and onboarding teams checked in yesterday; nobody updated the migration
/// // since the quarter began 15 days ago: it is stale.
/// let check_ins: Vec<CheckIn> = serde_json::from_str(r#"[
///   { "key_result": "api", "date": "2026-07-15", "reading": { "value": "1" }, "confidence": "0.8" },
///   { "key_result": "flow", "date": "2026-07-15", "reading": { "value": "1" }, "confidence": "0.8" }
/// ]"#)?;
/// let log = CheckInLog::new(&graph, "2026-Q3".parse()?, "2026-07-16".parse()?, check_ins)?;
/// let stale = staleness(&graph, &log, &[], &StalenessPolicy::default())?;
/// let risks = dependency_risk(&graph, &[], &stale, &[]);
/// // "flow" is at risk through "api", which waits on the stale migration.
/// assert_eq!(risks.len(), 2);
/// assert_eq!(
///     risks[1].to_string(),
///     r#"key result "flow" is at risk through a dependency: key result "flow" depends on key result "api" depends on key result "migrate", which is stale"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dependency_risk(
    graph: &OkrGraph,
    off_track: &[OffTrack],
    stale: &[StalenessReport],
    drift: &[DriftAlert],
) -> Vec<DependencyRisk> {
    let signals = signals(graph, off_track, stale, drift);
    risks(graph, &signals)
}

fn dependencies_of<'g>(graph: &'g OkrGraph, node: &NodeId) -> &'g [Dependency] {
    match node {
        NodeId::Objective(id) => graph.objective(id).map_or(&[], |o| &o.depends_on),
        NodeId::KeyResult(id) => graph.key_result(id).map_or(&[], |k| &k.depends_on),
    }
}

pub(crate) fn risks(
    graph: &OkrGraph,
    signals: &BTreeMap<KeyResultId, BTreeSet<Signal>>,
) -> Vec<DependencyRisk> {
    let mut nodes: Vec<NodeId> = graph
        .objectives()
        .filter(|o| !o.depends_on.is_empty())
        .map(|o| NodeId::Objective(o.id.clone()))
        .chain(
            graph
                .key_results()
                .filter(|k| !k.depends_on.is_empty())
                .map(|k| NodeId::KeyResult(k.id.clone())),
        )
        .collect();
    nodes.sort();
    let mut found = Vec::new();
    for start in nodes {
        // Breadth first, neighbours in id order: the nearest flagged prerequisite, ties
        // by id. Validation has ruled out cycles; `came_from` guards anyway.
        let mut came_from: BTreeMap<NodeId, NodeId> = BTreeMap::new();
        let mut queue: VecDeque<NodeId> = VecDeque::from([start.clone()]);
        let mut hit: Option<(KeyResultId, Vec<Signal>)> = None;
        'search: while let Some(node) = queue.pop_front() {
            let mut next: Vec<&NodeId> = dependencies_of(graph, &node)
                .iter()
                .map(|d| &d.on)
                .collect();
            next.sort();
            for on in next {
                if *on == start || came_from.contains_key(on) {
                    continue;
                }
                came_from.insert(on.clone(), node.clone());
                if let NodeId::KeyResult(id) = on {
                    if let Some(s) = signals.get(id).filter(|s| !s.is_empty()) {
                        hit = Some((id.clone(), s.iter().copied().collect()));
                        break 'search;
                    }
                }
                queue.push_back(on.clone());
            }
        }
        if let Some((prerequisite, signals)) = hit {
            let mut chain = vec![NodeId::KeyResult(prerequisite.clone())];
            while let Some(previous) = chain.last().and_then(|n| came_from.get(n)) {
                chain.push(previous.clone());
                if *previous == start {
                    break;
                }
            }
            chain.reverse();
            found.push(DependencyRisk {
                node: start,
                chain,
                prerequisite,
                signals,
            });
        }
    }
    found
}
