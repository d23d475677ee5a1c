//! Writes the OKR portfolio the benches use as CSV, so other tools can be measured on
//! the same data.
//!
//! `cargo run --release --example okr_csv -- 100000 okr.csv` writes 100,000 key results
//! (three tiers, seed 42, leaf progress from seed 7) to `okr.csv`; without arguments it
//! writes 1,000 key results to standard output.

use std::error::Error;
use std::fs::File;
use std::io::{self, BufWriter, Write};

use folio_analytics::okr::RollupMethod;
use folio_benches::{okr_leaf_progress, okr_portfolio, write_okr_csv};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let key_results: usize = match args.next() {
        Some(n) => n
            .parse()
            .map_err(|e| format!("key result count {n:?}: {e}"))?,
        None => 1_000,
    };
    let portfolio = okr_portfolio(key_results, RollupMethod::Weighted, 42);
    let progress = okr_leaf_progress(&portfolio, 7);
    let out: Box<dyn Write> = match args.next() {
        Some(path) => Box::new(BufWriter::new(
            File::create(&path).map_err(|e| format!("{path}: {e}"))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    write_okr_csv(out, &portfolio, &progress)?;
    Ok(())
}
