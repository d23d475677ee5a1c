//! One hand-computed case per scenario, and the validation of the JSON model. The
//! expected numbers are worked out by hand in the comments next to each case.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use folio_allocation::{
    Acceleration, Binding, Constraint, CutOptions, CutReason, Error, FrontierOptions,
    ImpossibleReason, KeepReason, Portfolio, ReallocationOptions, Reduction, Signal, Target,
    accelerate, cut, frontier, reallocate,
};
use folio_types::{Decimal, Horizon, Ratio};

fn portfolio(json: &str) -> Portfolio {
    serde_json::from_str(json).unwrap()
}

fn share(percent: i64) -> Reduction {
    Reduction::Share(Ratio::new(Decimal::new(percent, 2)).unwrap())
}

fn item(id: &str, horizon: &str, start: usize, money: &str, npv: &str, extra: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "product": "p", "horizon": "{horizon}", "state": {{ "status": "committed" }},
             "start": {start}, "cost": [{{ "money": "{money}" }}], "value": {{ "source": "given", "npv": "{npv}" }} {extra} }}"#
    )
}

const CRATE_DOC: &str = r#"{
  "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["500000", "500000"],
  "capacity": { "engineering": ["10", "10"] },
  "objectives": { "expand": { "kr-new-market": "1", "kr-engagement": "1" } },
  "initiatives": [
    { "id": "sox-controls", "product": "ledger", "horizon": "core", "mandate": true, "state": { "status": "committed" }, "start": 0,
      "cost": [{ "money": "100000", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "50000" } },
    { "id": "checkout-v2", "product": "shop", "horizon": "grow", "risk": "3", "state": { "status": "in_flight", "sunk": "80000" }, "start": 0,
      "cost": [{ "money": "150000", "capacity": { "engineering": "3" } }, { "money": "150000", "capacity": { "engineering": "3" } }],
      "value": { "source": "given", "npv": "900000" } },
    { "id": "data-platform", "product": "data", "horizon": "core", "state": { "status": "committed" }, "start": 0,
      "cost": [{ "money": "100000", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "60000" } },
    { "id": "recommendations", "product": "shop", "horizon": "grow", "state": { "status": "proposed" }, "start": 1, "depends_on": ["data-platform"],
      "cost": [{ "money": "150000", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "600000" },
      "key_results": { "kr-engagement": "0.1" } },
    { "id": "legacy-reports", "product": "ledger", "horizon": "core", "state": { "status": "in_flight", "sunk": "200000" }, "start": 0,
      "cost": [{ "money": "50000" }, { "money": "50000" }], "value": { "source": "given", "npv": "80000" } },
    { "id": "vr-pilot", "product": "labs", "horizon": "explore", "risk": "4", "state": { "status": "proposed" }, "start": 1,
      "cost": [{ "money": "100000", "capacity": { "engineering": "1" } }], "value": { "source": "given", "npv": "150000" },
      "key_results": { "kr-new-market": "0.2" } }
  ]
}"#;

#[test]
fn fifteen_percent_cut_reads_as_a_sentence() {
    // Ratios: checkout-v2 900,000 × 0.75 / 300,000 = 2.25; recommendations 4;
    // legacy-reports 0.8; vr-pilot 150,000 × 0.625 / 100,000 = 0.9375. Kept spend
    // 650,000; adding either cut initiative back gives 750,000, 27,500 over 722,500.
    let plan = cut(&portfolio(CRATE_DOC), share(15), CutOptions::default()).unwrap();
    assert_eq!(
        plan.describe(),
        "If we cut 15% of spend: protect checkout-v2 (2.25 value per unit of spend), \
         data-platform (prerequisite of recommendations), recommendations (4 value per unit of spend), \
         sox-controls (mandate); cut legacy-reports (0.8 value per unit of spend; does not fit: \
         the reduced spend ceiling by 27500), vr-pilot (0.94 value per unit of spend; does not fit: \
         the reduced spend ceiling by 27500) (saves 200000 USD, gives up risk-adjusted NPV 173750 USD; \
         objective expand loses 0.1 expected progress)."
    );
    // Engineering freed: vr-pilot's 1 FTE-quarter; legacy-reports uses none.
    assert_eq!(
        plan.capacity_freed.values().copied().collect::<Vec<_>>(),
        [Decimal::ONE]
    );
    // The plan serializes (it is an output: it does not deserialize); decimals are
    // strings, so no precision is lost.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["spend_saved"], plan.spend_saved.to_string());
    assert_eq!(json["value_given_up"], plan.value_given_up.to_string());
    assert_eq!(json["cut"].as_array().map(Vec::len), Some(plan.cut.len()));
}

#[test]
fn mix_floor_keeps_a_weak_explore_bet() {
    // Planned 100, ceiling 90. core-a + core-b (value 180) leaves explore at 0% < 10%;
    // core-a + explore-x = 70 spend, explore 14%, value 125 is the best plan that holds
    // the floor (core-b + explore-x: 65; all three: 100 > 90).
    let json = format!(
        r#"{{ "currency": "EUR", "periods": ["2027-Q1"], "budget": ["1000"],
              "mix": {{ "explore": {{ "min": "0.1", "max": "1" }} }},
              "initiatives": [{}, {}, {}] }}"#,
        item("core-a", "core", 0, "60", "120", ""),
        item("core-b", "core", 0, "30", "60", ""),
        item("explore-x", "explore", 0, "10", "5", "")
    );
    let plan = cut(&portfolio(&json), share(10), CutOptions::default()).unwrap();
    assert_eq!(plan.value_kept, Decimal::from(125));
    let x = plan
        .protect
        .iter()
        .find(|k| k.id.as_str() == "explore-x")
        .unwrap();
    assert_eq!(
        x.reason,
        KeepReason::MixFloor {
            horizon: Horizon::Explore
        }
    );
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(
        plan.cut[0].reason,
        CutReason::DoesNotFit {
            constraint: Constraint::SpendCeiling,
            excess: Decimal::from(10),
            with: vec![]
        }
    );
}

#[test]
fn mandates_over_the_ceiling_name_it_and_by_how_much() {
    // A mandate spends all 100 of planned spend; a 15% cut allows 85: 15 over.
    let json = format!(
        r#"{{ "currency": "EUR", "periods": ["2027-Q1"], "budget": ["1000"], "initiatives": [{}] }}"#,
        item("law", "core", 0, "100", "1", r#", "mandate": true"#)
    );
    assert_eq!(
        cut(&portfolio(&json), share(15), CutOptions::default()),
        Err(Error::Infeasible {
            constraint: Constraint::SpendCeiling,
            excess: Decimal::from(15)
        })
    );
}

const RELAY: &str = r#"{
  "currency": "USD", "periods": ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"],
  "budget": ["100", "100", "100", "100"], "capacity": { "engineering": ["2", "2", "2", "2"] },
  "discount_rate": "0.1",
  "initiatives": [
    { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
      "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "100" } },
    { "id": "b", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 1, "depends_on": ["a"],
      "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "100" } },
    { "id": "bet", "product": "p", "horizon": "explore", "state": { "status": "proposed" }, "start": 2,
      "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "50" } }
  ]
}"#;

#[test]
fn accelerating_a_bet_delays_a_relay() {
    // bet takes Q1's two engineers; a moves to Q2 (engineering in Q1 short by 2), so b
    // waits for a and moves to Q3. Each loses 100 × (1 − 1/1.1) = 9.0909...; bet gains
    // 50 × (1.1² − 1) = 10.5.
    let p = portfolio(RELAY);
    let Acceleration::Accelerated(plan) = accelerate(&p, "bet", Target::By(2)).unwrap() else {
        panic!()
    };
    assert_eq!((plan.from, plan.to), (2, 0));
    let slips: Vec<(&str, usize, Option<usize>)> = plan
        .delayed
        .iter()
        .map(|s| (s.id.as_str(), s.delay, s.to))
        .collect();
    assert_eq!(slips, [("a", 1, Some(1)), ("b", 1, Some(2))]);
    assert_eq!(
        plan.delayed[0].binding,
        Some(Binding::Resource {
            constraint: Constraint::Capacity {
                kind: "engineering".parse().unwrap(),
                period: "2027-Q1".parse().unwrap()
            },
            short_by: Decimal::from(2),
        })
    );
    assert_eq!(
        plan.delayed[1].binding,
        Some(Binding::Prerequisite {
            prerequisite: "a".parse().unwrap()
        })
    );
    assert_eq!(
        plan.delayed[0].value_lost.round_dp(6),
        Decimal::new(9_090_909, 6)
    );
    assert_eq!(plan.value_gained, Decimal::new(105, 1));
    assert_eq!(
        plan.describe(),
        "Accelerating bet by 2 periods (start 2027-Q1 instead of 2027-Q3) delays a by 1 period \
         (engineering capacity in 2027-Q1), b by 1 period (waits for a); value lost to delay 18.18 USD, \
         value gained 10.5 USD."
    );
}

#[test]
fn an_acceleration_blocked_by_a_prerequisite_says_so() {
    // b cannot start in Q1: its prerequisite a runs in Q1 and finishes at period 1.
    let answer = accelerate(&portfolio(RELAY), "b", Target::By(1)).unwrap();
    assert_eq!(
        answer,
        Acceleration::Impossible {
            initiative: "b".parse().unwrap(),
            target_start: Some(0),
            reason: ImpossibleReason::Prerequisite {
                prerequisite: "a".parse().unwrap(),
                finish: Some(1)
            },
        }
    );
    assert_eq!(
        answer.to_string(),
        "b cannot be accelerated that far: its prerequisite a cannot finish before period 1."
    );
}

#[test]
fn frontier_shows_the_marginal_value_of_money() {
    // a: 60 for 120, b: 40 for 60, planned 100. Below 100 only a fits (120); at 100 both
    // (180): (180 − 120) / (100 − 95) = 12 per extra unit; flat above.
    let json = format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "initiatives": [{}, {}] }}"#,
        item("a", "core", 0, "60", "120", ""),
        item("b", "grow", 0, "40", "60", "")
    );
    let curve = frontier(&portfolio(&json), FrontierOptions::default()).unwrap();
    let marginal: Vec<Option<Decimal>> = curve.points.iter().map(|p| p.marginal_value).collect();
    let zero = Some(Decimal::ZERO);
    assert_eq!(
        marginal,
        [
            None,
            zero,
            zero,
            zero,
            zero,
            zero,
            Some(Decimal::from(12)),
            zero,
            zero
        ]
    );
}

#[test]
fn protected_initiatives_never_give_and_unmet_requests_are_listed() {
    let json = r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "capacity": { "data": ["5"] },
      "initiatives": [
        { "id": "keep", "product": "p", "horizon": "core", "protected": true, "state": { "status": "committed" }, "start": 0,
          "cost": [{ "money": "10", "capacity": { "data": "2" } }], "value": { "source": "given", "npv": "1" } },
        { "id": "weak", "product": "p", "horizon": "core", "state": { "status": "committed" }, "start": 0,
          "cost": [{ "money": "10", "capacity": { "data": "2" } }], "value": { "source": "given", "npv": "1" } } ] }"#;
    let signals = [
        Signal::BenefitsShortfall {
            initiative: "keep".parse().unwrap(),
            realization: Ratio::ZERO,
        },
        Signal::CapacityDrain {
            initiative: "weak".parse().unwrap(),
            resource: "data".parse().unwrap(),
            amount: Decimal::ONE,
        },
        Signal::OffTrackKeyResult {
            key_result: "kr".parse().unwrap(),
            resource: "data".parse().unwrap(),
            amount: Decimal::from(3),
        },
    ];
    // weak offers its drain of 1; keep is protected; 2 of the 3 asked remain unmet.
    let answer = reallocate(&portfolio(json), &signals, ReallocationOptions::default()).unwrap();
    assert_eq!(answer.recommendations.len(), 1);
    assert_eq!(answer.recommendations[0].amount, Decimal::ONE);
    assert_eq!(answer.unmet[0].amount, Decimal::from(2));
    assert_eq!(
        answer.to_string(),
        "move 1 data per period from weak to the team for kr (weak drains 1 data per period without results; \
         kr is off track and asks for 3)\nunmet: kr still needs 2 data per period"
    );
}

fn rejects(json: &str, needle: &str) {
    let err = serde_json::from_str::<Portfolio>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains(needle), "{err:?} does not contain {needle:?}");
}

#[test]
fn invalid_portfolios_are_rejected_with_the_offending_id() {
    let one = |extra: &str, cost: &str| {
        format!(
            r#"{{ "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["1", "1"], "capacity": {{ "eng": ["1", "1"] }},
                 "initiatives": [ {{ "id": "x", "product": "p", "horizon": "core", "state": {{ "status": "proposed" }},
                 "start": 0, "cost": {cost}, "value": {{ "source": "given", "npv": "1" }} {extra} }} ] }}"#
        )
    };
    rejects(
        &one(r#", "depends_on": ["ghost"]"#, "[{}]"),
        r#"initiative "x" depends on "ghost""#,
    );
    rejects(
        &one("", r#"[{ "capacity": { "design": "1" } }]"#),
        r#"uses resource kind "design""#,
    );
    rejects(
        &one("", r#"[{ "money": "-1" }]"#),
        "cost[0].money: -1 is not allowed",
    );
    rejects(&one("", "[]"), "the duration must be at least 1");
    rejects(&one("", "[{}, {}, {}]"), "past the 2 periods");
    rejects(
        &one(r#", "deadline": 0"#, "[{}, {}]"),
        "deadline 0 is before",
    );
    rejects(
        r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1", "2"], "initiatives": [] }"#,
        "budget: 2 entries, expected 1",
    );
    rejects(
        r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "mix": { "core": { "min": "0.8", "max": "0.7" } }, "initiatives": [] }"#,
        "mix bounds",
    );
    let two = format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "initiatives": [{}, {}] }}"#,
        item("x", "core", 0, "1", "1", ""),
        item("x", "core", 0, "1", "1", "")
    );
    rejects(&two, r#"initiative "x" appears more than once"#);
    let overlapping = format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "initiatives": [{}, {}] }}"#,
        item("a", "core", 0, "1", "1", ""),
        item("b", "core", 0, "1", "1", r#", "depends_on": ["a"]"#)
    );
    rejects(
        &overlapping,
        r#"starts "b" in period 0 before its prerequisite "a" finishes"#,
    );
    let cycle = format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "initiatives": [{}, {}, {}] }}"#,
        item("c", "core", 0, "1", "1", r#", "depends_on": ["a"]"#),
        item("b", "core", 0, "1", "1", r#", "depends_on": ["c"]"#),
        item("a", "core", 0, "1", "1", r#", "depends_on": ["b"]"#)
    );
    rejects(&cycle, "dependency cycle: a -> b -> c -> a");
}

#[test]
fn a_business_case_is_valued_with_folio_roi() {
    // NPV from start at 10%: −100 + 121 / 1.1² = 0.
    let json = r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1"], "initiatives": [
      { "id": "x", "product": "p", "horizon": "core", "state": { "status": "proposed" }, "start": 0, "cost": [{}],
        "value": { "source": "business_case", "discount_rate": "0.1", "flows": ["-100", "0", "121"] } } ] }"#;
    let p = portfolio(json);
    assert_eq!(p.value("x").unwrap(), Decimal::ZERO);
    let round_trip: Portfolio = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(round_trip, p);
}

#[test]
fn an_acceleration_beyond_capacity_names_the_resource() {
    // bet needs 2 engineers; 2027-Q1 has 1 even with everything else yielding.
    let json = r#"{ "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
      "capacity": { "engineering": ["1", "3"] },
      "initiatives": [
        { "id": "bet", "product": "p", "horizon": "explore", "state": { "status": "proposed" }, "start": 1,
          "cost": [{ "money": "10", "capacity": { "engineering": "2" } }], "value": { "source": "given", "npv": "50" } } ] }"#;
    let answer = accelerate(&portfolio(json), "bet", Target::FinishBy(0)).unwrap();
    assert_eq!(
        answer,
        Acceleration::Impossible {
            initiative: "bet".parse().unwrap(),
            target_start: Some(0),
            reason: ImpossibleReason::Resource {
                constraint: Constraint::Capacity {
                    kind: "engineering".parse().unwrap(),
                    period: "2027-Q1".parse().unwrap()
                },
                short_by: Decimal::ONE,
            },
        }
    );
    assert_eq!(
        answer.to_string(),
        "bet cannot be accelerated that far: engineering capacity in 2027-Q1 is short by 1 even with everything else yielding."
    );
}

#[test]
fn a_loss_making_initiative_is_cut_for_no_gain() {
    // A cut of nothing: everything fits, yet the loss-maker (value −5) is still left out,
    // because keeping it only lowers the value kept. 200 / 90 = 2.22 per unit of spend.
    let json = format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "initiatives": [{}, {}] }}"#,
        item("good", "core", 0, "90", "200", ""),
        item("drain", "core", 0, "10", "-5", "")
    );
    let plan = cut(
        &portfolio(&json),
        Reduction::Amount(Decimal::ZERO),
        CutOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(plan.cut[0].reason, CutReason::NoGain { with: vec![] });
    assert!(plan.describe().starts_with(
        "If we cut 0 USD of spend: protect good (2.22 value per unit of spend); cut drain"
    ));
}
