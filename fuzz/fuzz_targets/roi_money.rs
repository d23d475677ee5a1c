//! Builds periodic and dated cash flows through the `from_money` constructors from
//! arbitrary JSON (amounts of money in any currency), and runs the measures on what
//! they build. `from_money` succeeds exactly when every amount is in the flows'
//! currency and then keeps every amount, in order. Nothing here may panic.
#![no_main]

use folio_roi::{DatedFlows, PeriodicFlows};
use folio_types::{Currency, Money, NaiveDate, Ratio};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// The flows' currency, the amounts and the rates to measure them at.
#[derive(Debug, Deserialize)]
struct Input {
    currency: Currency,
    #[serde(default)]
    periodic: Vec<Money>,
    #[serde(default)]
    dated: Vec<(NaiveDate, Money)>,
    #[serde(default)]
    rates: Vec<Ratio>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let currency = input.currency;
    let one_currency = |m: &Money| m.currency() == currency;

    let periodic = PeriodicFlows::from_money(currency, &input.periodic);
    assert_eq!(
        periodic.is_ok(),
        input.periodic.iter().all(one_currency),
        "{periodic:?}"
    );
    if let Ok(flows) = &periodic {
        assert_eq!(flows.currency(), currency);
        let amounts: Vec<_> = input.periodic.iter().map(Money::amount).collect();
        assert_eq!(flows.amounts(), amounts.as_slice());
        let _ = folio_roi::payback(flows);
        for rate in &input.rates {
            let _ = folio_roi::npv(*rate, flows);
            let _ = folio_roi::npv_from_start(*rate, flows);
            let _ = folio_roi::discounted_payback(*rate, flows);
            let _ = folio_roi::mirr(*rate, *rate, flows);
        }
        if flows.amounts().len() <= 64 {
            let _ = folio_roi::irr(flows);
        }
    }

    let dated = DatedFlows::from_money(currency, &input.dated);
    assert_eq!(
        dated.is_ok(),
        input.dated.iter().all(|(_, m)| one_currency(m)),
        "{dated:?}"
    );
    if let Ok(flows) = &dated {
        assert_eq!(flows.currency(), currency);
        assert_eq!(flows.flows().len(), input.dated.len());
        let _ = folio_roi::dated_payback(flows);
        for rate in &input.rates {
            let _ = folio_roi::xnpv(*rate, flows);
            let _ = folio_roi::dated_discounted_payback(*rate, flows);
        }
        if flows.flows().len() <= 64 {
            let _ = folio_roi::xirr(flows);
        }
    }
});
