//! Deserializes arbitrary bytes as JSON into every folio-types input type and exercises
//! what comes out. Nothing here may panic: invalid input must be a typed error.
#![no_main]

use folio_types::{
    Confidence, Currency, Decimal, Money, NaiveDate, Period, ProductId, Progress, Ratio,
    RiskRating, Series, Structure, Weight,
};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// One document the fuzzer can fill with any mix of core values.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    ids: Vec<ProductId>,
    #[serde(default)]
    money: Vec<Money>,
    #[serde(default)]
    factor: Option<Decimal>,
    #[serde(default)]
    confidence: Option<Confidence>,
    #[serde(default)]
    weight: Option<Weight>,
    #[serde(default)]
    progress: Option<Progress>,
    #[serde(default)]
    rating: Option<RiskRating>,
    #[serde(default)]
    ratio: Option<Ratio>,
    #[serde(default)]
    periods: Vec<Period>,
    #[serde(default)]
    dates: Vec<NaiveDate>,
    #[serde(default)]
    series: Option<Series<Decimal>>,
    #[serde(default)]
    structure: Option<Structure>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    for id in &input.ids {
        assert!(!id.as_str().is_empty());
        let _ = ProductId::new(id.as_str()).expect("a valid id stays valid");
    }
    if let Some(first) = input.money.first() {
        let _ = Money::try_sum(first.currency(), input.money.iter().copied());
        for pair in input.money.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let _ = a.checked_add(b);
            let _ = a.checked_sub(b);
            let _ = a.try_cmp(&b);
            let _ = a.ratio_to(b);
            let _ = a.negated();
            if let Some(factor) = input.factor {
                let _ = a.checked_mul(factor);
                let _ = a.checked_div(factor);
            }
        }
    }
    if let Some(c) = input.confidence {
        assert!(c.value() >= Decimal::ZERO && c.value() <= Decimal::ONE);
    }
    if let Some(w) = input.weight {
        assert!(w.value() >= Decimal::ZERO);
    }
    if let Some(p) = input.progress {
        assert!(p.clamped().value() <= Decimal::ONE);
    }
    if let Some(r) = input.rating {
        assert!(r.value() >= Decimal::ONE && r.value() <= Decimal::from(5));
    }
    if let Some(r) = input.ratio {
        let _ = r.to_percent();
        let _ = Ratio::from_percent(r.value());
        if let Some(factor) = input.factor {
            let _ = Ratio::of(r.value(), factor);
        }
    }
    for period in &input.periods {
        let _ = period.len_days();
        assert!(period.contains(period.midpoint()));
        let _ = period.next();
        let _ = period.previous();
        // Sub-period iteration over a custom range can be long; a bounded prefix is
        // enough to exercise the stepping logic.
        let _ = period.months().take(64).count();
        let _ = period.quarters().take(64).count();
        let reparsed: Period = period.to_string().parse().expect("display round-trips");
        assert_eq!(&reparsed, period);
        for date in &input.dates {
            let fraction = period
                .fraction_elapsed(*date)
                .expect("length is never zero");
            assert!(fraction.value() >= Decimal::ZERO && fraction.value() <= Decimal::ONE);
            let _ = Period::month_of(*date);
            let _ = Period::quarter_of(*date);
        }
    }
    if let Some(series) = &input.series {
        for date in &input.dates {
            let _ = series.as_of(*date);
            let _ = series.last_change(*date);
            for end in &input.dates {
                let _ = series.window(*date, *end);
            }
        }
    }
    if let Some(structure) = &input.structure {
        for product in structure.products() {
            assert!(structure.line_of(&product.id).is_some());
            assert!(structure.horizon_of(&product.id).is_some());
        }
    }
    let _ = Currency::new(std::str::from_utf8(data).unwrap_or(""));
});
