//! Calls `xirr` in a loop on one of the `roi` bench's schedules, for a deterministic
//! instruction count under callgrind (the machine's load moves wall-clock times, not
//! instruction counts):
//!
//! ```text
//! cargo build --release -p folio-benches --example roi_xirr_loop
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/roi_xirr_loop many 1
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/roi_xirr_loop many 11
//! ```
//!
//! The difference of the two totals, divided by 10, is the cost of one call without the
//! setup. `many` is pyxirr's `random_1000.csv` (many sign changes), `one` the bench's
//! 1,000 dated flows with one sign change.
// An example prints its figures and aborts loudly on a bad argument.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::error::Error;
use std::hint::black_box;

use folio_analytics::roi::{DatedFlow, DatedFlows, xirr};
use folio_analytics::{Currency, Decimal, NaiveDate};
use folio_benches::dated_cash_flows;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "many".to_owned());
    let calls: u32 = args.next().map_or(Ok(1), |n| n.parse())?;
    let points: Vec<(NaiveDate, Decimal)> = match case.as_str() {
        "one" => dated_cash_flows(1_000, 3),
        _ => {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../crates/folio-roi/tests/data/pyxirr/random_1000.csv");
            let mut points = Vec::new();
            for line in std::fs::read_to_string(path)?.lines() {
                let (d, a) = line.trim().split_once(',').ok_or("a date,amount line")?;
                points.push((d.parse()?, a.parse()?));
            }
            points
        }
    };
    let flows = DatedFlows::new(
        Currency::new("USD")?,
        points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect(),
    );
    let mut last = None;
    for _ in 0..calls {
        last = Some(xirr(black_box(&flows))?);
    }
    if let Some(rates) = last {
        println!("{rates}");
    }
    Ok(())
}
