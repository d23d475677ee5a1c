//! Validating and compiling a portfolio held as columns by node number, without a
//! record per key result.
//!
//! [`OkrGraph::new`](crate::OkrGraph::new) takes a [`PortfolioData`]: one
//! [`KeyResultData`] per key result (a name, an edge vector, owner and product ids),
//! which validation and compilation then read into tables of their own. A loader that
//! reads nodes and edges (the CSV edge list) has them as columns already: an id, a
//! level and drivers per node, and one flat list of edges. [`NodeColumns`] keeps them
//! that way: every node is numbered once by its loader (the one id table of the load),
//! validation and compilation work on those numbers, and each temporary table is freed
//! before the next is built.
//!
//! Validation here is a fast check of the rules a column portfolio can break (tiers,
//! drivers, contributors, weight totals, the KPI method's targets). It decides only
//! whether the portfolio is valid; when it is not, the caller builds the records
//! ([`NodeColumns::records`]) and goes through [`OkrGraph::new`](crate::OkrGraph::new),
//! so that the errors are exactly the record path's, every problem named. The check
//! never accepts what [`validate`](crate::validate()) refuses: property tests hold the
//! two paths to the same graph, plan, values and errors.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use std::collections::HashMap;

use folio_types::{Decimal, ObjectiveId, OwnerId, ProductId, Weight};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::graph::columns::{ColumnsBuilder, Extra, same_edges};
use crate::hash::FixedState;
use crate::model::{
    Contribution, Drivers, Level, NodeId, ObjectiveData, ObjectiveTier, RollupMethod, RollupPolicy,
};
#[cfg(feature = "csv")]
use crate::model::{KeyResultData, KeyResultTier};
use crate::plan::id_index::prefix;
use crate::plan::{NodeIndex, Plan};
use crate::validate::{MAX_PORTFOLIO_OBJECTIVES, MIN_PORTFOLIO_OBJECTIVES, Warning, tier_problem};

mod plan_order;

/// A node's name, owner and product where its loader was given them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Details {
    /// The name, when it is not the id.
    pub(crate) name: Option<String>,
    /// The owner (a key result without one takes [`NodeColumns::owner`]).
    pub(crate) owner: Option<OwnerId>,
    /// The product (a key result without one takes [`NodeColumns::product`]).
    pub(crate) product: Option<ProductId>,
}

/// A portfolio as columns by node number: see the module docs.
#[derive(Debug, Clone)]
pub(crate) struct NodeColumns {
    /// The rollup policy.
    pub(crate) policy: RollupPolicy,
    /// Each node's id; distinct.
    pub(crate) ids: Vec<NodeId>,
    /// Each node's level, of the kind its id says.
    pub(crate) levels: Vec<Level>,
    /// Each objective's drivers; `None` for a key result.
    pub(crate) drivers: Vec<Option<Drivers>>,
    /// Every edge as `(child, parent, weight)`, in the order the loader read them; no
    /// edge twice.
    pub(crate) edges: Vec<(u32, u32, Weight)>,
    /// The nodes with details, by node number, sorted.
    pub(crate) details: Vec<(u32, Details)>,
    /// The owner of a key result without one.
    pub(crate) owner: OwnerId,
    /// The product of a key result without one.
    pub(crate) product: ProductId,
}

fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "numbering the nodes of an OKR plan",
    })
}

fn index(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl NodeColumns {
    #[cfg(feature = "csv")]
    fn details(&self, node: u32) -> Option<&Details> {
        let at = self.details.binary_search_by_key(&node, |&(n, _)| n).ok()?;
        self.details.get(at).map(|(_, d)| d)
    }

    #[cfg(feature = "csv")]
    /// Each node's edges in read order, as rows: `(starts, edges)` where node `i`'s
    /// edges are `edges[starts[i]..starts[i + 1]]`, each `(parent, weight)`.
    fn edge_rows(&self) -> (Vec<u32>, Vec<(u32, Weight)>) {
        let n = self.ids.len();
        let mut starts = vec![0u32; n.saturating_add(1)];
        for &(child, _, _) in &self.edges {
            if let Some(count) = starts.get_mut(index(child).saturating_add(1)) {
                *count = count.saturating_add(1);
            }
        }
        for i in 1..starts.len() {
            let before = starts.get(i.saturating_sub(1)).copied().unwrap_or(0);
            if let Some(start) = starts.get_mut(i) {
                *start = start.saturating_add(before);
            }
        }
        let mut next = starts.clone();
        let mut rows = vec![(0u32, Weight::ONE); self.edges.len()];
        for &(child, parent, weight) in &self.edges {
            if let Some(at) = next.get_mut(index(child)) {
                if let Some(slot) = rows.get_mut(index(*at)) {
                    *slot = (parent, weight);
                }
                *at = at.saturating_add(1);
            }
        }
        (starts, rows)
    }

    #[cfg(feature = "csv")]
    /// The records of the portfolio: objectives and key results each in node order,
    /// every record's edges in read order.
    pub(crate) fn records(&self) -> (Vec<ObjectiveData>, Vec<KeyResultData>) {
        let (starts, rows) = self.edge_rows();
        let mut objectives = Vec::new();
        let mut key_results = Vec::new();
        for (i, (id, &level)) in self.ids.iter().zip(&self.levels).enumerate() {
            let row = starts
                .get(i)
                .zip(starts.get(i.saturating_add(1)))
                .and_then(|(&s, &e)| rows.get(index(s)..index(e)))
                .unwrap_or(&[]);
            let contributes_to: Vec<Contribution> = row
                .iter()
                .filter_map(|&(p, w)| Some(Contribution::new(self.ids.get(index(p))?.clone(), w)))
                .collect();
            let details = u32::try_from(i)
                .ok()
                .and_then(|n| self.details(n))
                .cloned()
                .unwrap_or_default();
            let name = details.name.unwrap_or_else(|| text(id).to_owned());
            match id {
                NodeId::Objective(id) => objectives.push(ObjectiveData {
                    id: id.clone(),
                    name,
                    tier: if level == Level::PortfolioObjective {
                        ObjectiveTier::Portfolio
                    } else {
                        ObjectiveTier::Product
                    },
                    drivers: self
                        .drivers
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or(Drivers::KeyResults),
                    owner: details.owner,
                    product: details.product,
                    theme: None,
                    method: None,
                    contributes_to,
                    target: None,
                    deadline: None,
                    depends_on: Vec::new(),
                }),
                NodeId::KeyResult(id) => key_results.push(KeyResultData {
                    id: id.clone(),
                    name,
                    tier: if level == Level::InitiativeKeyResult {
                        KeyResultTier::Initiative
                    } else {
                        KeyResultTier::Product
                    },
                    owner: details.owner.unwrap_or_else(|| self.owner.clone()),
                    product: details.product.unwrap_or_else(|| self.product.clone()),
                    contributes_to,
                    target: None,
                    deadline: None,
                    resources: Vec::new(),
                    depends_on: Vec::new(),
                }),
            }
        }
        (objectives, key_results)
    }

    /// Whether [`validate`](crate::validate()) would find no problem in
    /// [`records`](NodeColumns::records). Only a `true` is relied on: on `false` the
    /// caller takes the record path, which names every problem.
    ///
    /// The records hold no targets, methods of their own or dependencies, and every
    /// edge's parent is a node, so the checks left are these: the KPI method (which
    /// needs a target on every node), a node other than a portfolio objective with no
    /// edge, an edge that breaks the tier rules or that its parent's drivers do not
    /// count, an objective that counts no contributor, and a node whose contribution
    /// weights overflow or (weighted) sum to zero. A cycle needs a tier problem.
    pub(crate) fn is_valid(&self) -> bool {
        if self.policy.method == RollupMethod::Kpi {
            return false;
        }
        let n = self.ids.len();
        let mut has_edge = vec![false; n];
        let mut counted = vec![false; n];
        let mut totals: Vec<Option<Decimal>> = vec![None; n];
        for &(child, parent, weight) in &self.edges {
            let (Some(&child_level), Some(&parent_level)) = (
                self.levels.get(index(child)),
                self.levels.get(index(parent)),
            ) else {
                return false;
            };
            if tier_problem(child_level, parent_level).is_some() {
                return false;
            }
            if let Some(drivers) = self.drivers.get(index(parent)).copied().flatten() {
                let counts = if child_level.is_objective() {
                    drivers.counts_objectives()
                } else {
                    drivers.counts_key_results()
                };
                if !counts {
                    return false;
                }
            }
            if let Some(slot) = counted.get_mut(index(parent)) {
                *slot = true;
            }
            if let Some(slot) = has_edge.get_mut(index(child)) {
                *slot = true;
            }
            let Some(total) = totals.get_mut(index(parent)) else {
                return false;
            };
            match total.unwrap_or(Decimal::ZERO).checked_add(weight.value()) {
                Some(sum) => *total = Some(sum),
                None => return false,
            }
        }
        let weighted = self.policy.method == RollupMethod::Weighted;
        for (i, &level) in self.levels.iter().enumerate() {
            let edge = has_edge.get(i).copied().unwrap_or(false);
            if !edge && level != Level::PortfolioObjective {
                return false;
            }
            if level.is_objective() && !counted.get(i).copied().unwrap_or(false) {
                return false;
            }
            if weighted {
                if let Some(Some(total)) = totals.get(i) {
                    if total.is_zero() {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The warnings [`validate`](crate::validate()) gives for the records: too few or
    /// too many portfolio objectives, listed in id order.
    fn warnings(&self) -> Vec<Warning> {
        let portfolio: BTreeSet<&ObjectiveId> = self
            .ids
            .iter()
            .zip(&self.levels)
            .filter_map(|(id, &level)| match id {
                NodeId::Objective(id) if level == Level::PortfolioObjective => Some(id),
                _ => None,
            })
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

    /// Compiles a portfolio that [`is_valid`](NodeColumns::is_valid) into the graph
    /// [`OkrGraph::new`](crate::OkrGraph::new) builds from its
    /// [`records`](NodeColumns::records), and returns beside it each node's plan index.
    ///
    /// Memory: the nodes are sorted into plan order through one key of 16 bytes per
    /// node (two while the keys are sorted, see [`plan_order`]), the ids are then moved
    /// into that order in place, and the edges are renumbered in place and handed to
    /// the plan; the objectives' records (a few per hundred key results) are built
    /// before the edges are given away.
    pub(crate) fn compile(self) -> Result<(OkrGraph, Vec<u32>)> {
        let warnings = self.warnings();
        let Self {
            policy,
            mut ids,
            levels,
            drivers,
            edges,
            details,
            owner,
            product,
        } = self;
        let n = ids.len();
        let n32 = u32::try_from(n).map_err(|_| overflow())?;

        // What contributes to each node: leaves are the key results without
        // contributors.
        let mut has_contributors = vec![false; n];
        for &(_, parent, _) in &edges {
            if let Some(slot) = has_contributors.get_mut(index(parent)) {
                *slot = true;
            }
        }
        // Leaves first, then by rank from the bottom tier up, then by id, as
        // `Plan::compile` orders them: the group and the first eight bytes of the id
        // held inline, the text read only on ties.
        let mut order: Vec<(u64, u32, u16)> = ids
            .iter()
            .zip(&levels)
            .zip(&has_contributors)
            .zip(0..n32)
            .map(|(((id, &level), &contributed), node)| {
                let leaf = !level.is_objective() && !contributed;
                let group = (u16::from(!leaf) << 8)
                    | (u16::from(3u8.saturating_sub(level.rank())) << 1)
                    | u16::from(matches!(id, NodeId::KeyResult(_)));
                (prefix(id), node, group)
            })
            .collect();
        let leaf_count = levels
            .iter()
            .zip(&has_contributors)
            .filter(|&(level, &contributed)| !level.is_objective() && !contributed)
            .count();
        drop(has_contributors);
        plan_order::sort(&mut order, |a, b| ids.get(index(a)).cmp(&ids.get(index(b))));
        // Each node's place in the plan.
        let mut place = vec![u32::MAX; n];
        for (position, &(_, node, _)) in order.iter().enumerate() {
            if let Some(slot) = place.get_mut(index(node)) {
                *slot = u32::try_from(position).map_err(|_| overflow())?;
            }
        }
        // Every vector the load keeps is allocated at its final size: one grown by
        // doubling leaves its earlier copies free in the heap, below the tables
        // allocated after it.
        let mut plan_levels: Vec<Level> = Vec::with_capacity(n);
        plan_levels.extend(
            order
                .iter()
                .filter_map(|&(_, node, _)| levels.get(index(node)).copied()),
        );
        let plan_drivers: Vec<Option<Drivers>> = order
            .iter()
            .map(|&(_, node, _)| drivers.get(index(node)).copied().flatten())
            .collect();
        // The ids into plan order, as soon as the order is known: each position takes
        // its node's id, leaving a clone of one id behind (so no other id's count is
        // touched). The reads are independent of each other, where following the
        // permutation's cycles in place made each read wait for the one before, a
        // cache miss each at a million nodes. The price is a second vector of ids
        // while the first is emptied.
        let node_at: Vec<u32> = order.iter().map(|&(_, node, _)| node).collect();
        drop(order);
        let mut plan_ids: Vec<NodeId> = Vec::with_capacity(n);
        if let Some(filler) = ids.first().cloned() {
            for &node in &node_at {
                let id = ids.get_mut(index(node)).ok_or_else(overflow)?;
                plan_ids.push(std::mem::replace(id, filler.clone()));
            }
        }
        drop(ids);
        drop(node_at);
        // Node `node`'s id, now in plan order.
        let id_of = |node: u32| place.get(index(node)).and_then(|&p| plan_ids.get(index(p)));
        let is_objective = |node: u32| {
            levels
                .get(index(node))
                .is_some_and(|level| level.is_objective())
        };

        // The objectives' records (their edges in read order) and the edges of key
        // results with more than one parent, which the graph keeps when the plan's
        // order differs, before the edges are given to the plan.
        let node_details = |node: u32| {
            details
                .binary_search_by_key(&node, |&(n, _)| n)
                .ok()
                .and_then(|at| details.get(at))
                .map(|(_, d)| d)
        };
        let objective_count = levels.iter().filter(|level| level.is_objective()).count();
        let mut objective_at: HashMap<u32, usize, FixedState> =
            HashMap::with_capacity_and_hasher(objective_count, FixedState::default());
        let mut objectives: Vec<ObjectiveData> = Vec::with_capacity(objective_count);
        for (node, &level) in (0..n32).zip(&levels) {
            if !level.is_objective() {
                continue;
            }
            let Some(NodeId::Objective(id)) = id_of(node) else {
                continue;
            };
            let details = node_details(node).cloned().unwrap_or_default();
            objective_at.insert(node, objectives.len());
            objectives.push(ObjectiveData {
                id: id.clone(),
                name: details.name.unwrap_or_else(|| id.as_str().to_owned()),
                tier: if level == Level::PortfolioObjective {
                    ObjectiveTier::Portfolio
                } else {
                    ObjectiveTier::Product
                },
                drivers: drivers
                    .get(index(node))
                    .copied()
                    .flatten()
                    .unwrap_or(Drivers::KeyResults),
                owner: details.owner,
                product: details.product,
                theme: None,
                method: None,
                contributes_to: Vec::new(),
                target: None,
                deadline: None,
                depends_on: Vec::new(),
            });
        }
        // Key results with more than one edge: their edges as read, which the graph
        // keeps when the plan lists them in another order.
        let mut edge_counts = vec![0u8; n];
        for &(child, _, _) in &edges {
            if let Some(count) = edge_counts.get_mut(index(child)) {
                *count = count.saturating_add(1);
            }
        }
        let mut listed: HashMap<u32, Vec<Contribution>, FixedState> = HashMap::default();
        for &(child, parent, weight) in &edges {
            // Only these edges need their parent's id: most key results have one edge.
            let objective = if is_objective(child) {
                objective_at.get(&child).copied()
            } else {
                None
            };
            let several = edge_counts.get(index(child)).is_some_and(|&c| c > 1);
            if objective.is_none() && !several {
                continue;
            }
            let Some(to) = id_of(parent) else {
                continue;
            };
            if let Some(at) = objective {
                if let Some(objective) = objectives.get_mut(at) {
                    objective
                        .contributes_to
                        .push(Contribution::new(to.clone(), weight));
                }
            } else {
                listed
                    .entry(child)
                    .or_default()
                    .push(Contribution::new(to.clone(), weight));
            }
        }
        drop(edge_counts);
        drop(objective_at);
        drop(drivers);

        // The edges in plan indices, as the plan takes them: (parent, child, weight),
        // renumbered in place.
        let at = |node: u32| NodeIndex::from_u32(place.get(index(node)).copied().unwrap_or(0));
        let plan_edges: Vec<(NodeIndex, NodeIndex, Weight)> = edges
            .into_iter()
            .map(|(child, parent, weight)| (at(parent), at(child), weight))
            .collect();
        let (plan, renumbering) = Plan::assemble(
            policy,
            plan_ids,
            plan_levels,
            &plan_drivers,
            leaf_count,
            plan_edges,
        )?;
        drop(plan_drivers);
        // The plan is in sweep order now: each node's place follows it there.
        renumbering.apply(&mut place);

        // The key results' columns, in node order as the records would list them.
        let mut builder = ColumnsBuilder::new(plan.len());
        // The levels are kept to here to tell the key results (read in node order,
        // where the plan would be read at random), rather than copied into a table of
        // their own that would leave its space free among the plan's.
        for ((node, &p), _) in (0..n32)
            .zip(&place)
            .zip(&levels)
            .filter(|&(_, level)| !level.is_objective())
        {
            let position = NodeIndex::from_u32(p);
            let details = node_details(node);
            let name = details
                .and_then(|d| d.name.as_ref())
                .filter(|name| {
                    plan.node(position)
                        .is_none_or(|id| name.as_str() != text(id))
                })
                .cloned();
            let extra = listed
                .get(&node)
                .filter(|edges| !same_edges(&plan, position, edges))
                .map(|edges| Extra {
                    contributes_to: Some(edges.clone()),
                    ..Extra::default()
                });
            builder.push(
                position,
                details.and_then(|d| d.owner.as_ref()).unwrap_or(&owner),
                details.and_then(|d| d.product.as_ref()).unwrap_or(&product),
                name,
                extra,
            )?;
        }
        drop(levels);
        let key_result_columns = builder.finish()?;
        let graph = OkrGraph {
            objectives: super::sorted_by_id(objectives, |o| o.id.as_str()),
            key_result_columns,
            key_results: OnceLock::new(),
            warnings,
            period: None,
            plan: Arc::new(plan),
        };
        Ok((graph, place))
    }
}

/// The text of a node id.
fn text(id: &NodeId) -> &str {
    match id {
        NodeId::Objective(id) => id.as_str(),
        NodeId::KeyResult(id) => id.as_str(),
    }
}
