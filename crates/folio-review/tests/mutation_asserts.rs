//! Rules of the review that no other test asserted (found by mutation testing, see
//! `docs/mutants.md`): each test states the rule and checks it on values worked out
//! from the rule, not from the code's own output.

// A test fails by panicking with what it saw.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use folio_review::crosscheck::Problem;
use folio_review::input::{MixTarget, SAMPLE, SAMPLE_OPTIONAL};
use folio_review::kpi::BandPosition;
use folio_review::{Inputs, ReviewError, run};
use folio_types::{Decimal, Horizon, Period, Ratio};
use serde_json::{Value, json};

/// Reads the sample with `edit` applied to the parsed text of the file it names.
fn load(file: &str, edit: impl Fn(&mut Value)) -> Result<Inputs, ReviewError> {
    Inputs::from_sources("in", |name| {
        let Some((_, text)) = SAMPLE
            .iter()
            .chain(SAMPLE_OPTIONAL.iter())
            .find(|(n, _)| *n == name)
        else {
            return Ok(None);
        };
        if name != file {
            return Ok(Some((*text).to_owned()));
        }
        let mut value: Value = serde_json::from_str(text).map_err(|e| ReviewError::new(name, e))?;
        edit(&mut value);
        Ok(Some(value.to_string()))
    })
}

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

#[test]
fn a_quarter_listed_twice_reads_differently_from_two_that_overlap() {
    let q1 = period("2026-Q1");
    let twice = Problem::QuartersOverlap {
        first: q1,
        second: q1,
    };
    assert_eq!(twice.to_string(), "2026-Q1 is listed twice");
    let overlap = Problem::QuartersOverlap {
        first: q1,
        second: period("2026-03"),
    };
    assert_eq!(overlap.to_string(), "2026-Q1 and 2026-03 overlap");
}

#[test]
fn an_expected_benefit_in_an_unknown_metric_is_an_error_of_benefits_json() {
    // Every amount of the first case, expected and realized, becomes a value of a
    // metric the catalog lacks.
    fn to_ghost(value: &mut Value) {
        let amount = value
            .pointer("/money/amount")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(amount) = amount {
            *value = json!({"metric": {"metric": "ghost", "value": amount}});
            return;
        }
        match value {
            Value::Array(items) => items.iter_mut().for_each(to_ghost),
            Value::Object(map) => map.values_mut().for_each(to_ghost),
            _ => {}
        }
    }
    let edit = |v: &mut Value| {
        let Some(book) = v.pointer_mut("/book") else {
            panic!("the sample has no benefits book");
        };
        let first = book.pointer("/cases/0/initiative").cloned();
        match book.pointer_mut("/cases/0") {
            Some(case) => to_ghost(case),
            None => panic!("the sample has no benefits case"),
        }
        if let Some(realized) = book.get_mut("realizations").and_then(Value::as_array_mut) {
            realized
                .iter_mut()
                .filter(|r| r.get("initiative") == first.as_ref())
                .for_each(to_ghost);
        }
    };
    match load("benefits.json", edit) {
        Ok(_) => panic!("a benefit in an unknown metric was accepted"),
        Err(e) => {
            assert_eq!(e.file, "in/benefits.json", "{e}");
            assert!(
                e.problem.contains("expected[0]")
                    && e.problem.contains(
                        "names metric \"ghost\", which the catalog of metrics.json does not define"
                    ),
                "{e}"
            );
        }
    }
}

/// The sample's spend mix with every horizon's target band replaced by `band` of its
/// share, and the position each band reports.
fn positions(band: impl Fn(Decimal) -> (Decimal, Decimal)) -> Vec<(Horizon, BandPosition)> {
    let mut inputs = Inputs::sample().unwrap();
    let shares: Vec<(Horizon, Ratio)> = run(&inputs)
        .unwrap()
        .dashboard
        .spend_mix
        .unwrap()
        .bands
        .iter()
        .map(|b| (b.horizon, b.share))
        .collect();
    assert_eq!(shares.len(), 3);
    for (horizon, share) in &shares {
        let (low, high) = band(share.value());
        inputs.settings.kpis.mix_targets.insert(
            *horizon,
            MixTarget {
                low: Ratio::from_decimal(low),
                high: Ratio::from_decimal(high),
            },
        );
    }
    run(&inputs)
        .unwrap()
        .dashboard
        .spend_mix
        .unwrap()
        .bands
        .iter()
        .map(|b| (b.horizon, b.position.unwrap()))
        .collect()
}

#[test]
fn a_spend_share_on_either_end_of_its_band_is_within_it() {
    // The band is inclusive at both ends (`MixTarget`'s documentation).
    let step = Decimal::new(1, 6);
    for within in [
        positions(|s| (s, s)),
        positions(|s| (s, s + step)),
        positions(|s| (s - step, s)),
    ] {
        for (horizon, p) in within {
            assert_eq!(p, BandPosition::Within, "{horizon:?}");
        }
    }
    for (_, p) in positions(|s| (s + step, s + step + step)) {
        assert_eq!(p, BandPosition::Below);
    }
    for (_, p) in positions(|s| (s - step - step, s - step)) {
        assert_eq!(p, BandPosition::Above);
    }
}
