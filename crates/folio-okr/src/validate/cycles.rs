//! Cycle detection: strongly connected components of the contribution edges.

/// The members of every cycle in `adjacency` (a component of two or more nodes, or one
/// node with an edge to itself), named through `names` and sorted, in the order
/// [`strongly_connected`] gives the components.
pub(super) fn cycles<T: Ord + Clone>(adjacency: &[Vec<usize>], names: &[&T]) -> Vec<Vec<T>> {
    strongly_connected(adjacency)
        .into_iter()
        .filter(|component| match component.as_slice() {
            [single] => adjacency
                .get(*single)
                .is_some_and(|next| next.contains(single)),
            _ => true,
        })
        .map(|component| {
            let mut members: Vec<T> = component
                .iter()
                .filter_map(|i| names.get(*i).map(|n| (*n).clone()))
                .collect();
            members.sort();
            members
        })
        .collect()
}

/// Tarjan's strongly connected components, iterative so that a deep input cannot
/// overflow the stack. Components come out in an order fixed by the node numbering.
pub(super) fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy)]
    struct Visit {
        index: Option<usize>,
        low: usize,
        on_stack: bool,
    }
    let mut visits = vec![
        Visit {
            index: None,
            low: 0,
            on_stack: false,
        };
        adjacency.len()
    ];
    let mut next_index = 0usize;
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();

    for root in 0..adjacency.len() {
        if visits.get(root).is_none_or(|v| v.index.is_some()) {
            continue;
        }
        // Each frame is a node and the position of the next edge to follow.
        let mut frames: Vec<(usize, usize)> = Vec::new();
        let mut enter = |node: usize, visits: &mut [Visit], stack: &mut Vec<usize>| {
            if let Some(v) = visits.get_mut(node) {
                *v = Visit {
                    index: Some(next_index),
                    low: next_index,
                    on_stack: true,
                };
            }
            next_index = next_index.saturating_add(1);
            stack.push(node);
        };
        enter(root, &mut visits, &mut stack);
        frames.push((root, 0));
        while let Some((node, edge)) = frames.last().copied() {
            let next = adjacency.get(node).and_then(|e| e.get(edge)).copied();
            if let Some(frame) = frames.last_mut() {
                frame.1 = edge.saturating_add(1);
            }
            if let Some(to) = next {
                let Some(target) = visits.get(to).copied() else {
                    continue;
                };
                match target.index {
                    None => {
                        enter(to, &mut visits, &mut stack);
                        frames.push((to, 0));
                    }
                    Some(index) if target.on_stack => {
                        if let Some(v) = visits.get_mut(node) {
                            v.low = v.low.min(index);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            let Some(done) = visits.get(node).copied() else {
                continue;
            };
            if let Some((caller, _)) = frames.last().copied() {
                if let Some(v) = visits.get_mut(caller) {
                    v.low = v.low.min(done.low);
                }
            }
            if Some(done.low) == done.index {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    if let Some(v) = visits.get_mut(member) {
                        v.on_stack = false;
                    }
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongly_connected_components() {
        let check = |adjacency: Vec<Vec<usize>>, expected: Vec<Vec<usize>>| {
            let mut got: Vec<Vec<usize>> = strongly_connected(&adjacency)
                .into_iter()
                .map(|mut c| {
                    c.sort_unstable();
                    c
                })
                .filter(|c| c.len() > 1)
                .collect();
            got.sort();
            assert_eq!(got, expected, "{adjacency:?}");
        };
        check(vec![vec![1], vec![2], vec![]], vec![]);
        check(vec![vec![1], vec![0]], vec![vec![0, 1]]);
        check(
            vec![vec![1], vec![2], vec![0, 3], vec![4], vec![3]],
            vec![vec![0, 1, 2], vec![3, 4]],
        );
        // An edge into a component already closed does not join it: {2, 3} also
        // reaches {0, 1}, which was found first.
        check(
            vec![vec![1], vec![0], vec![3, 0], vec![2]],
            vec![vec![0, 1], vec![2, 3]],
        );
        // A lone node pointing into a cycle is a component of its own.
        assert_eq!(
            strongly_connected(&[vec![1], vec![0], vec![0]]).len(),
            2,
            "{{0, 1}} and {{2}}"
        );
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| vec![i + 1]).chain([vec![0]]).collect();
        assert_eq!(strongly_connected(&chain).len(), 1);
    }
}
