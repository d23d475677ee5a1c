//! The floor of the OKR rollup benches: the plan's contributor rows as plain `f64`
//! arrays, swept in the plan's order with no exact decimals, checks or explanations.

// The floor is the plain loop a user would write: it indexes the arrays it built from
// the same plan (an index out of them would be a bug here, not bad input), and adds
// and divides `f64`s.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use folio_analytics::Progress;
use folio_analytics::okr::Plan;

/// The plan's contributor rows as plain `f64` arrays, for the floor.
#[derive(Debug, Clone)]
pub struct FloatPlan {
    starts: Vec<usize>,
    children: Vec<usize>,
    weights: Vec<f64>,
    leaf_count: usize,
}

impl FloatPlan {
    /// The rows of `plan` (weights as the nearest `f64`).
    pub fn new(plan: &Plan) -> Self {
        let mut starts = vec![0];
        let mut children = Vec::new();
        let mut weights = Vec::new();
        for node in plan.indices() {
            for &(child, weight) in plan.contributors(node) {
                children.push(child.get());
                weights.push(f64::try_from(weight.value()).unwrap_or(f64::NAN));
            }
            starts.push(children.len());
        }
        Self {
            starts,
            children,
            weights,
            leaf_count: plan.leaf_count(),
        }
    }

    /// The KPI floor: each rolled-up node sums its contributors (a tree, so the leaves
    /// beneath are counted once).
    #[inline]
    pub fn sum_sweep(&self, values: &mut [f64]) {
        for node in self.leaf_count..values.len() {
            let (start, end) = (self.starts[node], self.starts[node + 1]);
            values[node] = self.children[start..end].iter().map(|&c| values[c]).sum();
        }
    }

    /// The weighted floor: each rolled-up node's weighted mean of its contributors.
    #[inline]
    pub fn sweep(&self, values: &mut [f64]) {
        for node in self.leaf_count..values.len() {
            let (start, end) = (self.starts[node], self.starts[node + 1]);
            let mut sum = 0.0;
            let mut total = 0.0;
            for (child, weight) in self.children[start..end]
                .iter()
                .zip(&self.weights[start..end])
            {
                sum += weight * values[*child];
                total += weight;
            }
            values[node] = sum / total;
        }
    }
}

/// Progress values as the nearest `f64`s, the floor's starting values.
pub fn to_f64(values: &[Progress]) -> Vec<f64> {
    values
        .iter()
        .map(|p| f64::try_from(p.value()).unwrap_or(f64::NAN))
        .collect()
}
