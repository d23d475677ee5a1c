//! Runs the metrics bench's aggregations a given number of times, for a deterministic
//! instruction count under callgrind (the machine's load moves wall-clock times, not
//! instruction counts):
//!
//! ```text
//! cargo build --release -p folio-benches --example metrics_count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/metrics_count table_aggregate 1
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/metrics_count table_aggregate 3
//! ```
//!
//! A pass aggregates the bench's metric (10,000 products x 12 months) for each of the
//! 12 months and drops each result. Half the difference of the two totals, divided by
//! 12, is the cost of one aggregation without the setup; divided again by 10,000, of
//! one product. Cases: `table_aggregate` (`MetricTable::aggregate_in`),
//! `observations_aggregate` (`Observations::aggregate_in`), `table_value`
//! (`MetricTable::value_in`), `floor` (the bench's plain `Decimal` loop).
// An example prints its figures and aborts loudly on a bad argument.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::error::Error;
use std::hint::black_box;

use folio_analytics::metrics::MetricCatalog;
use folio_analytics::{Decimal, MetricId};
use folio_benches::{monthly_observations, values_by_period};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "table_aggregate".to_owned());
    let passes: u32 = args.next().map_or(Ok(1), |n| n.parse())?;
    let metric = MetricId::new("revenue")?;
    let catalog: MetricCatalog = serde_json::from_str(
        r#"{"metrics": [{"id": "revenue", "name": "Revenue", "unit": {"currency": "EUR"},
            "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
            "definition": "Recognized revenue in the month."}]}"#,
    )?;
    let (observations, months) = monthly_observations(&metric, 10_000, 12, 3);
    let table = observations.table(&catalog, &metric)?;
    let flat = values_by_period(&observations, &metric, &months);
    let mut total = Decimal::ZERO;
    for _ in 0..passes {
        for (month, values) in months.iter().zip(&flat) {
            let value = match case.as_str() {
                "table_aggregate" => table.aggregate_in(black_box(*month))?.value,
                "observations_aggregate" => {
                    observations
                        .aggregate_in(&catalog, &metric, black_box(*month))?
                        .value
                }
                "table_value" => table.value_in(black_box(*month))?,
                "floor" => black_box(values).iter().copied().sum::<Decimal>(),
                other => return Err(format!("unknown case {other}").into()),
            };
            total = total.checked_add(value).ok_or("overflow")?;
        }
    }
    println!("{case} x {passes}: {total}");
    Ok(())
}
