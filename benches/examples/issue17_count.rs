//! Runs the risk or the benefits bench's work a given number of times, for a
//! deterministic instruction count under callgrind (the machine's load moves
//! wall-clock times, not instruction counts):
//!
//! ```text
//! cargo build --release -p folio-benches --example issue17_count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/issue17_count risk_score 1
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/issue17_count risk_score 3
//! ```
//!
//! Half the difference of the two totals, divided by the 10,000 products (or
//! initiatives), is the cost of one without the setup. Cases: `risk_score` (score each
//! product, drop the result), `risk_score_read` (score each product and read its whole
//! explanation through the views: every dimension and factor line, the drivers),
//! `risk_score_aggregate` (score all, keep them, exposure), `risk_floor` (the bench's
//! `f64` floor), `benefits_review` (the whole review).
// An example prints its figures and aborts loudly on a bad argument.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::error::Error;
use std::hint::black_box;

use folio_analytics::Currency;
use folio_analytics::risk::{ExposureBase, Scorer, ScoringConfig, exposure};
use folio_benches::{benefits_as_of, benefits_book, risk_portfolio};
use folio_benefits::{BenefitsBook, ReviewPolicy};
use rust_decimal::prelude::ToPrimitive;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "risk_score".to_owned());
    let passes: u32 = args.next().map_or(Ok(1), |n| n.parse())?;
    match case.as_str() {
        "risk_score" | "risk_score_read" | "risk_score_aggregate" | "risk_floor" => {
            let eur = Currency::new("EUR")?;
            let portfolio = risk_portfolio(10_000, 4, 3, eur, 17).ok_or("no portfolio")?;
            let scorer = Scorer::new(portfolio.model.clone(), ScoringConfig::default())?;
            let f64_of = |d: rust_decimal::Decimal| d.to_f64().unwrap();
            let model = scorer.model();
            let dimension_weights: Vec<f64> = model
                .dimensions()
                .iter()
                .map(|d| f64_of(d.weight.value()))
                .collect();
            let factor_weights: Vec<f64> = model
                .dimensions()
                .iter()
                .flat_map(|d| d.factors.iter().map(|f| f64_of(f.weight.value())))
                .collect();
            let ratings: Vec<f64> = portfolio
                .assessments
                .iter()
                .flat_map(|a| {
                    model
                        .dimensions()
                        .iter()
                        .flat_map(|d| d.factors.iter())
                        .map(|f| f64_of(a.ratings.get(&f.id).unwrap().value()))
                })
                .collect();
            let revenues: Vec<f64> = portfolio
                .figures
                .iter()
                .map(|f| f64_of(f.revenue.unwrap().amount()))
                .collect();
            for _ in 0..passes {
                match case.as_str() {
                    "risk_score" => {
                        for a in black_box(&portfolio.assessments) {
                            black_box(scorer.score(a)?);
                        }
                    }
                    "risk_score_read" => {
                        for a in black_box(&portfolio.assessments) {
                            let scored = scorer.score(a)?;
                            let mut total = rust_decimal::Decimal::ZERO;
                            for d in scored.dimensions() {
                                total += d.contribution() + d.share().value();
                                black_box((d.score(), d.band()));
                                for f in d.factors() {
                                    total += f.contribution() + f.lift() + f.share().value();
                                    black_box(f.rating());
                                }
                            }
                            for driver in scored.drivers() {
                                total += driver.lift();
                            }
                            black_box(total);
                        }
                    }
                    "risk_score_aggregate" => {
                        let scores = black_box(&portfolio.assessments)
                            .iter()
                            .map(|a| scorer.score(a))
                            .collect::<Result<Vec<_>, _>>()?;
                        black_box(exposure(
                            &scores,
                            &portfolio.figures,
                            ExposureBase::Revenue,
                        )?);
                    }
                    _ => {
                        let (mut weighted, mut total) = (0.0, 0.0);
                        for (r, revenue) in black_box(&ratings).chunks_exact(12).zip(&revenues) {
                            let (mut num, mut den) = (0.0, 0.0);
                            for (d, w) in dimension_weights.iter().enumerate() {
                                let (mut fnum, mut fden) = (0.0, 0.0);
                                for f in 0..3 {
                                    fnum += factor_weights[d * 3 + f] * r[d * 3 + f];
                                    fden += factor_weights[d * 3 + f];
                                }
                                num += w * (fnum / fden);
                                den += w;
                            }
                            weighted += revenue * (num / den);
                            total += revenue;
                        }
                        black_box(weighted / total);
                    }
                }
            }
        }
        "benefits_review" => {
            let book = BenefitsBook::new(benefits_book(10_000, 8, 42))?;
            let policy = ReviewPolicy::default();
            for _ in 0..passes {
                black_box(book.review(black_box(benefits_as_of()), &policy)?);
            }
        }
        other => return Err(format!("unknown case {other}").into()),
    }
    println!("{case} x {passes}");
    Ok(())
}
