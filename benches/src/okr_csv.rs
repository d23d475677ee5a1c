//! A generated OKR portfolio as CSV, so that other tools (a pandas or SQL script, a
//! spreadsheet) can be measured on exactly the data the folio benches use.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use folio_analytics::okr::{NodeId, PortfolioData};
use folio_analytics::{KeyResultId, Progress};

use crate::SplitMix64;

/// The progress of every leaf key result of `portfolio` (a key result nothing
/// contributes to), in 0..=1.2 with four decimals, drawn from `seed`.
pub fn okr_leaf_progress(portfolio: &PortfolioData, seed: u64) -> BTreeMap<KeyResultId, Progress> {
    let parents: BTreeSet<&NodeId> = portfolio
        .key_results
        .iter()
        .flat_map(|kr| kr.contributes_to.iter().map(|edge| &edge.to))
        .collect();
    let mut rng = SplitMix64::new(seed);
    let mut leaves: Vec<&KeyResultId> = portfolio
        .key_results
        .iter()
        .map(|kr| &kr.id)
        .filter(|id| !parents.contains(&NodeId::KeyResult((*id).clone())))
        .collect();
    // Draw in id order so the values do not depend on the order of the input.
    leaves.sort();
    leaves
        .into_iter()
        .map(|id| {
            let units = i64::try_from(rng.below(12_001)).unwrap_or(0);
            let progress =
                Progress::new(folio_analytics::Decimal::new(units, 4)).unwrap_or(Progress::ZERO);
            (id.clone(), progress)
        })
        .collect()
}

/// Writes `portfolio` as CSV with the header `id,parent_id,weight,progress`: one row per
/// contribution edge, objectives first, then key results, each in input order. Rows of
/// leaf key results carry the leaf's progress from `progress`; other rows leave the
/// column empty. Objective and key-result ids share one column, so they must be
/// distinct across the two kinds (the generator's are: `p`, `o`, `k` and `i` prefixes).
///
/// Fields holding a comma, a quote or a line break are quoted as RFC 4180 says.
///
/// # Errors
///
/// Any error of `out`.
pub fn write_okr_csv<W: Write>(
    mut out: W,
    portfolio: &PortfolioData,
    progress: &BTreeMap<KeyResultId, Progress>,
) -> io::Result<()> {
    writeln!(out, "id,parent_id,weight,progress")?;
    let node_text = |node: &NodeId| match node {
        NodeId::Objective(id) => id.as_str().to_owned(),
        NodeId::KeyResult(id) => id.as_str().to_owned(),
    };
    for objective in &portfolio.objectives {
        for edge in &objective.contributes_to {
            writeln!(
                out,
                "{},{},{},",
                field(objective.id.as_str()),
                field(&node_text(&edge.to)),
                edge.weight
            )?;
        }
    }
    for key_result in &portfolio.key_results {
        let leaf_progress = progress
            .get(&key_result.id)
            .map(ToString::to_string)
            .unwrap_or_default();
        for edge in &key_result.contributes_to {
            writeln!(
                out,
                "{},{},{},{}",
                field(key_result.id.as_str()),
                field(&node_text(&edge.to)),
                edge.weight,
                leaf_progress
            )?;
        }
    }
    out.flush()
}

/// One CSV field, quoted when it has to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use folio_analytics::okr::RollupMethod;

    use super::*;
    use crate::okr_portfolio;

    #[test]
    fn one_row_per_edge_with_leaf_progress() {
        let portfolio = okr_portfolio(100, RollupMethod::Weighted, 42);
        let progress = okr_leaf_progress(&portfolio, 7);
        let mut bytes = Vec::new();
        write_okr_csv(&mut bytes, &portfolio, &progress).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("id,parent_id,weight,progress"));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        let edges = portfolio
            .objectives
            .iter()
            .map(|o| o.contributes_to.len())
            .chain(portfolio.key_results.iter().map(|k| k.contributes_to.len()))
            .sum::<usize>();
        assert_eq!(rows.len(), edges);
        assert!(rows.iter().all(|r| r.len() == 4));
        // The generator's leaves are the initiative key results: 80 of 100.
        assert_eq!(progress.len(), 80);
        let with_progress = rows.iter().filter(|r| !r[3].is_empty()).count();
        assert_eq!(with_progress, 80);
        assert!(
            rows.iter()
                .filter(|r| r[0].starts_with('i'))
                .all(|r| !r[3].is_empty())
        );
        assert!(
            rows.iter()
                .filter(|r| r[0].starts_with('k'))
                .all(|r| r[3].is_empty())
        );
    }

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
