//! The key results of a graph, kept in compact columns beside the compiled plan.
//!
//! A million key results held as [`KeyResultData`] records cost several hundred bytes
//! each (an id, a name, an edge vector, owner and product ids, empty vectors), on top
//! of the plan, which already holds every id, level and edge. The graph therefore keeps
//! only what the plan does not: per key result an owner and a product (numbers into a
//! table of the distinct ids; a column stays empty while all its numbers are 0), and,
//! for the few key results that carry them, a name other than the id, a target, a
//! deadline, resource claims, dependencies, or edges listed in another order than the
//! plan's. The records are rebuilt from the plan and these columns, once, the first
//! time a caller asks for them ([`OkrGraph::key_results`](crate::OkrGraph::key_results)):
//! the path from a file to the first rolled-up value never builds them.

use std::collections::HashMap;
use std::hash::Hash;

use folio_metrics::Target;
use folio_types::{NaiveDate, OwnerId, ProductId};

use crate::error::{Error, Result};
use crate::hash::FixedState;
use crate::model::{
    Contribution, Dependency, KeyResultData, KeyResultTier, Level, NodeId, ResourceClaim,
};
use crate::plan::{NodeIndex, Plan};

/// What a key result carries besides its id, tier, owner, product and the plan's edges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extra {
    pub(crate) target: Option<Target>,
    pub(crate) deadline: Option<NaiveDate>,
    pub(crate) resources: Vec<ResourceClaim>,
    pub(crate) depends_on: Vec<Dependency>,
    /// The edges as listed, when they differ from the plan's parent row (another order).
    pub(crate) contributes_to: Option<Vec<Contribution>>,
}

/// Distinct values numbered in order of first sight.
#[derive(Debug, Clone)]
struct Interned<T> {
    values: Vec<T>,
    numbers: HashMap<T, u32, FixedState>,
}

impl<T: Clone + Eq + Hash + AsRef<str>> Interned<T> {
    fn new() -> Self {
        Self {
            values: Vec::new(),
            numbers: HashMap::default(),
        }
    }

    /// The number of `value`. Consecutive records usually share an owner and a
    /// product, so the last value is checked before hashing: most often a clone of
    /// the very id (the loader's default owner or product), whose text is then the
    /// same text in memory and is not compared byte by byte.
    fn number(&mut self, value: &T) -> Result<u32> {
        if let Some(last) = self.values.len().checked_sub(1) {
            let same = self.values.get(last).is_some_and(|seen| {
                let (seen, value) = (seen.as_ref(), value.as_ref());
                std::ptr::eq(seen, value) || seen == value
            });
            if same {
                return u32::try_from(last).map_err(|_| overflow());
            }
        }
        if let Some(&n) = self.numbers.get(value) {
            return Ok(n);
        }
        let n = u32::try_from(self.values.len()).map_err(|_| overflow())?;
        self.values.push(value.clone());
        self.numbers.insert(value.clone(), n);
        Ok(n)
    }
}

fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "numbering the key results of an OKR graph",
    })
}

/// The key results of a graph by plan index: see the module docs.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyResultColumns {
    /// Per plan node, the owner's number in `owner_ids` (objectives: 0, unused);
    /// empty while every key result has owner 0, as in an edge list whose key results
    /// all take the default owner.
    owners: Vec<u32>,
    /// Per plan node, the product's number in `product_ids`; empty as `owners`.
    products: Vec<u32>,
    owner_ids: Vec<OwnerId>,
    product_ids: Vec<ProductId>,
    /// Names that differ from the id: the node and the end of its name in `name_text`
    /// (it starts where the previous one ends), by node.
    names: Vec<(u32, u32)>,
    name_text: String,
    /// The rest, for the key results that carry any, by node.
    extras: Vec<(u32, Box<Extra>)>,
}

/// Builds [`KeyResultColumns`] one key result at a time, in any order.
#[derive(Debug)]
pub(crate) struct ColumnsBuilder {
    len: usize,
    owners: Vec<u32>,
    products: Vec<u32>,
    owner_ids: Interned<OwnerId>,
    product_ids: Interned<ProductId>,
    names: Vec<(u32, Box<str>)>,
    extras: Vec<(u32, Box<Extra>)>,
}

impl ColumnsBuilder {
    /// A builder for a plan of `len` nodes.
    pub(crate) fn new(len: usize) -> Self {
        Self {
            len,
            owners: Vec::new(),
            products: Vec::new(),
            owner_ids: Interned::new(),
            product_ids: Interned::new(),
            names: Vec::new(),
            extras: Vec::new(),
        }
    }

    /// Sets `slot` of `column` to `number`, allocating the column (one number per plan
    /// node) only when a number other than 0 first appears.
    fn set(column: &mut Vec<u32>, len: usize, slot: usize, number: u32) {
        if number != 0 && column.is_empty() {
            *column = vec![0; len];
        }
        if let Some(entry) = column.get_mut(slot) {
            *entry = number;
        }
    }

    /// Adds the key result at `node`: its owner and product, its name where it differs
    /// from the id, and what else it carries. Owners and products are numbered in the
    /// order of the calls.
    pub(crate) fn push(
        &mut self,
        node: NodeIndex,
        owner: &OwnerId,
        product: &ProductId,
        name: Option<String>,
        extra: Option<Extra>,
    ) -> Result<()> {
        let at = u32::try_from(node.get()).map_err(|_| overflow())?;
        let owner = self.owner_ids.number(owner)?;
        Self::set(&mut self.owners, self.len, node.get(), owner);
        let product = self.product_ids.number(product)?;
        Self::set(&mut self.products, self.len, node.get(), product);
        if let Some(name) = name {
            self.names.push((at, name.into_boxed_str()));
        }
        if let Some(extra) = extra {
            self.extras.push((at, Box::new(extra)));
        }
        Ok(())
    }

    /// The columns.
    pub(crate) fn finish(self) -> Result<KeyResultColumns> {
        let Self {
            len: _,
            owners,
            products,
            owner_ids,
            product_ids,
            mut names,
            mut extras,
        } = self;
        names.sort_unstable_by_key(|&(at, _)| at);
        extras.sort_unstable_by_key(|&(at, _)| at);
        let mut name_text = String::with_capacity(names.iter().map(|(_, s)| s.len()).sum());
        let mut name_ends = Vec::with_capacity(names.len());
        for (at, name) in names {
            name_text.push_str(&name);
            name_ends.push((at, u32::try_from(name_text.len()).map_err(|_| overflow())?));
        }
        Ok(KeyResultColumns {
            owners,
            products,
            owner_ids: owner_ids.values,
            product_ids: product_ids.values,
            names: name_ends,
            name_text,
            extras,
        })
    }
}

impl KeyResultColumns {
    /// Takes `key_results` apart into columns indexed by `plan`: `positions[i]` is the
    /// plan index of `key_results[i]` when the plan compiler knows it.
    pub(crate) fn new(
        key_results: Vec<KeyResultData>,
        plan: &Plan,
        positions: &[u32],
    ) -> Result<Self> {
        let mut builder = ColumnsBuilder::new(plan.len());
        for (i, record) in key_results.into_iter().enumerate() {
            let KeyResultData {
                id,
                name,
                tier: _,
                owner,
                product,
                contributes_to,
                target,
                deadline,
                resources,
                depends_on,
            } = record;
            // The compiler's position when it names this key result, else a lookup
            // (the positions are by record only for data without repeated ids).
            let node = positions
                .get(i)
                .map(|&p| NodeIndex::from_u32(p))
                .filter(|&p| matches!(plan.node(p), Some(NodeId::KeyResult(k)) if *k == id))
                .or_else(|| plan.key_result_index(&id));
            let Some(node) = node else {
                continue;
            };
            let in_plan_order = same_edges(plan, node, &contributes_to);
            let extra = (target.is_some()
                || deadline.is_some()
                || !resources.is_empty()
                || !depends_on.is_empty()
                || !in_plan_order)
                .then(|| Extra {
                    target,
                    deadline,
                    resources,
                    depends_on,
                    contributes_to: (!in_plan_order).then_some(contributes_to),
                });
            let name = (name != id.as_str()).then_some(name);
            builder.push(node, &owner, &product, name, extra)?;
        }
        builder.finish()
    }

    /// The extra fields of node `at`.
    fn extra(&self, at: u32) -> Option<&Extra> {
        let i = self.extras.binary_search_by_key(&at, |&(n, _)| n).ok()?;
        self.extras.get(i).map(|(_, e)| &**e)
    }

    /// The metric target of the key result at `node`, if it has one.
    pub(crate) fn target(&self, node: NodeIndex) -> Option<&Target> {
        let at = u32::try_from(node.get()).ok()?;
        self.extra(at)?.target.as_ref()
    }

    /// The name of node `at` when it differs from the id.
    fn name(&self, at: u32) -> Option<&str> {
        let i = self.names.binary_search_by_key(&at, |&(n, _)| n).ok()?;
        let start = match i.checked_sub(1) {
            Some(previous) => self.names.get(previous).map_or(0, |&(_, end)| end),
            None => 0,
        };
        let end = self.names.get(i)?.1;
        self.name_text
            .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
    }

    /// Every key result as a record, sorted by id.
    pub(crate) fn records(&self, plan: &Plan) -> Vec<KeyResultData> {
        let mut records: Vec<KeyResultData> = plan
            .listed()
            .into_iter()
            .filter_map(|node| self.record(plan, node))
            .collect();
        // Listed by level, and within each level in id order: a stable sort finds those
        // runs and merges them.
        records.sort_by(|a, b| a.id.cmp(&b.id));
        records
    }

    fn record(&self, plan: &Plan, node: NodeIndex) -> Option<KeyResultData> {
        let Some(NodeId::KeyResult(id)) = plan.node(node) else {
            return None;
        };
        let tier = match plan.level(node)? {
            Level::ProductKeyResult => KeyResultTier::Product,
            Level::InitiativeKeyResult => KeyResultTier::Initiative,
            Level::PortfolioObjective | Level::ProductObjective => return None,
        };
        let at = u32::try_from(node.get()).ok()?;
        let number = |column: &[u32]| column.get(node.get()).copied().unwrap_or(0);
        let owner = self
            .owner_ids
            .get(usize::try_from(number(&self.owners)).ok()?)?;
        let product = self
            .product_ids
            .get(usize::try_from(number(&self.products)).ok()?)?;
        let extra = self.extra(at);
        Some(KeyResultData {
            id: id.clone(),
            name: self.name(at).unwrap_or(id.as_str()).to_owned(),
            tier,
            owner: owner.clone(),
            product: product.clone(),
            contributes_to: match extra.and_then(|e| e.contributes_to.as_ref()) {
                Some(edges) => edges.clone(),
                None => plan_edges(plan, node).collect(),
            },
            target: extra.and_then(|e| e.target.clone()),
            deadline: extra.and_then(|e| e.deadline),
            resources: extra.map(|e| e.resources.clone()).unwrap_or_default(),
            depends_on: extra.map(|e| e.depends_on.clone()).unwrap_or_default(),
        })
    }

    /// The heap memory the columns hold, in bytes (the records, once built, not
    /// included).
    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        [
            self.owners.capacity().saturating_mul(size_of::<u32>()),
            self.products.capacity().saturating_mul(size_of::<u32>()),
            self.owner_ids
                .capacity()
                .saturating_mul(size_of::<OwnerId>()),
            self.product_ids
                .capacity()
                .saturating_mul(size_of::<ProductId>()),
            self.names
                .capacity()
                .saturating_mul(size_of::<(u32, u32)>()),
            self.name_text.capacity(),
            self.extras
                .capacity()
                .saturating_mul(size_of::<(u32, Box<Extra>)>().saturating_add(size_of::<Extra>())),
        ]
        .into_iter()
        .fold(0usize, usize::saturating_add)
    }
}

/// The edges of `node` as the plan holds them: its parents in index order, each with
/// its weight.
fn plan_edges(plan: &Plan, node: NodeIndex) -> impl Iterator<Item = Contribution> + '_ {
    plan.parent_edges(node).filter_map(move |(parent, weight)| {
        plan.node(parent)
            .map(|to| Contribution::new(to.clone(), weight))
    })
}

/// Whether `edges` are the plan's edges of `node`, in the plan's order.
pub(crate) fn same_edges(plan: &Plan, node: NodeIndex, edges: &[Contribution]) -> bool {
    let mut planned = plan.parent_edges(node);
    edges.iter().all(|edge| {
        planned.next().is_some_and(|(parent, weight)| {
            weight == edge.weight && plan.node(parent) == Some(&edge.to)
        })
    }) && planned.next().is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use folio_types::OwnerId;

    use super::Interned;

    /// Owners are numbered in order of first sight whether the last one is a clone of
    /// the same id (found by address) or an equal id read separately (found by its
    /// text), and a different id of the same length is not taken for the last one.
    #[test]
    fn equal_ids_take_one_number_whether_cloned_or_read_apart() {
        let ana = OwnerId::new("ana").unwrap();
        let ana_again = OwnerId::new(String::from("an") + "a").unwrap();
        let bob = OwnerId::new("bob").unwrap();
        let mut owners = Interned::new();
        let numbers: Vec<u32> = [
            &ana,
            &ana.clone(),
            &ana_again,
            &bob,
            &bob.clone(),
            &ana,
            &ana_again,
        ]
        .into_iter()
        .map(|owner| owners.number(owner).unwrap())
        .collect();
        assert_eq!(numbers, [0, 0, 0, 1, 1, 0, 0]);
        assert_eq!(owners.values, [ana, bob]);
    }
}
