//! A tour of folio-types on a small sample portfolio.
//!
//! Run with `cargo run --example core_tour`.

// An example is a program whose output is the point.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::error::Error;

use folio_analytics::prelude::*;
use folio_analytics::{Horizon, StructureData};
use folio_examples::SAMPLE_STRUCTURE;

fn main() -> Result<(), Box<dyn Error>> {
    // The structure is plain JSON, validated on the way in.
    let data: StructureData = serde_json::from_str(SAMPLE_STRUCTURE)?;
    let structure = Structure::new(data)?;
    println!(
        "Portfolio: {} product lines, {} products",
        structure.lines().len(),
        structure.products().len()
    );

    // Quarterly revenue per product, in exact decimals.
    let eur = Currency::new("EUR")?;
    let revenue: BTreeMap<&str, Money> = [
        ("warehouse", "1840000.00"),
        ("pipelines", "620500.00"),
        ("dashboards", "410250.50"),
        ("copilot", "95000.00"),
        ("insights", "30000.00"),
    ]
    .into_iter()
    .map(|(product, amount)| Ok((product, Money::new(amount.parse()?, eur))))
    .collect::<Result<_, Box<dyn Error>>>()?;
    let total = Money::try_sum(eur, revenue.values().copied())?;
    println!("\nRevenue this quarter: {total}");

    // Revenue mix by investment horizon.
    let mut by_horizon: BTreeMap<Horizon, Money> = BTreeMap::new();
    for (product, amount) in &revenue {
        let horizon = structure
            .horizon_of(&ProductId::new(*product)?)
            .ok_or_else(|| format!("{product} is not in the structure"))?;
        let sum = by_horizon.entry(horizon).or_insert(Money::zero(eur));
        *sum = sum.checked_add(*amount)?;
    }
    for (horizon, amount) in &by_horizon {
        let share = amount.ratio_to(total)?.to_percent()?.round_dp(1);
        println!("  {horizon:?}: {amount} ({share}%)");
    }

    // Where are we in the quarter?
    let quarter: Period = "2026-Q4".parse()?;
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).ok_or("bad date")?;
    let elapsed = quarter.fraction_elapsed(as_of)?.to_percent()?.round_dp(1);
    println!(
        "\n{quarter} runs {} to {} ({} days); on {as_of} it is {elapsed}% through, midpoint {}",
        quarter.start(),
        quarter.end(),
        quarter.len_days(),
        quarter.midpoint()
    );

    // A check-in history: the state at as_of is the latest reading on or before it.
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("bad date");
    let confidence =
        |s: &str| -> Result<Confidence, Box<dyn Error>> { Ok(Confidence::new(s.parse()?)?) };
    let checkins = Series::from_observations(vec![
        Observation::new(day(10, 6)?, confidence("0.8")?),
        Observation::new(day(10, 20)?, confidence("0.7")?),
        Observation::new(day(11, 3)?, confidence("0.7")?),
        Observation::new(day(11, 17)?, confidence("0.5")?),
    ])?;
    if let Some(latest) = checkins.as_of(as_of) {
        println!(
            "Copilot adoption KR: confidence {} as of {}",
            latest.value, latest.date
        );
    }
    if let Some(moved) = checkins.last_change(as_of) {
        println!("  last moved on {}", moved.date);
    }

    // Bad input is a typed error that names the value, never a panic.
    println!("\nRejected input:");
    let usd = Currency::new("USD")?;
    let bad: Vec<(&str, Result<(), folio_analytics::Error>)> = vec![
        (
            "confidence 1.2",
            Confidence::new(Decimal::new(12, 1)).map(drop),
        ),
        ("empty product id", ProductId::new("").map(drop)),
        ("quarter 5", Period::quarter(2026, 5).map(drop)),
        (
            "EUR + USD",
            Money::new(Decimal::ONE, eur)
                .checked_add(Money::new(Decimal::ONE, usd))
                .map(drop),
        ),
        (
            "overflowing sum",
            Money::try_sum(eur, [Money::new(Decimal::MAX, eur); 2]).map(drop),
        ),
    ];
    for (what, result) in bad {
        match result {
            Ok(()) => println!("  {what}: accepted (unexpected)"),
            Err(e) => println!("  {what}: {e}"),
        }
    }
    Ok(())
}
