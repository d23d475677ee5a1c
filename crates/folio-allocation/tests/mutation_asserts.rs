//! Rules that the doc examples state but no unit or integration test asserted, found
//! by cargo-mutants (`docs/mutants.md`): each test states a documented rule with values
//! worked out by hand.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use folio_allocation::{
    Acceleration, AccelerationPlan, Constraint, CutOptions, CutReason, Error, FrontierOptions,
    ImpossibleReason, KeepReason, Portfolio, ReallocationOptions, Reduction, ResourceKind, Signal,
    Target, accelerate, baseline, cut, frontier, reallocate,
};
use folio_types::{Decimal, Horizon, InitiativeId, Ratio};

fn portfolio(json: &str) -> Portfolio {
    serde_json::from_str(json).unwrap()
}

fn item(id: &str, horizon: &str, money: &str, people: &str, npv: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "product": "p", "horizon": "{horizon}", "state": {{ "status": "committed" }},
             "start": 0, "cost": [{{ "money": "{money}", "capacity": {{ "engineering": "{people}" }} }}],
             "value": {{ "source": "given", "npv": "{npv}" }} }}"#
    )
}

/// One quarter, budget 1000, 3 engineers. `a` spends 60 with 2 engineers for an NPV of
/// 120; `b` spends 30 with 2 engineers for 90. Planned spend 90; both together need 4
/// engineers.
fn two_over_capacity() -> Portfolio {
    portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1000"],
              "capacity": {{ "engineering": ["3"] }}, "initiatives": [{}, {}] }}"#,
        item("a", "core", "60", "2", "120"),
        item("b", "grow", "30", "2", "90")
    ))
}

fn r(s: &str) -> Ratio {
    s.parse().unwrap()
}

fn share(s: &str) -> Reduction {
    Reduction::Share(s.parse::<Ratio>().unwrap())
}

#[test]
fn cut_options_report_what_they_were_built_with() {
    let options = CutOptions::new(false, 7).unwrap();
    assert!(!options.honour_protection());
    assert_eq!(options.max_nodes(), 7);
    let options = CutOptions::new(true, 3).unwrap();
    assert!(options.honour_protection());
    assert_eq!(options.max_nodes(), 3);
    assert_eq!(options.with_max_nodes(12).unwrap().max_nodes(), 12);
    assert!(!options.with_honour_protection(false).honour_protection());
}

#[test]
fn horizons_are_named_in_words() {
    for (horizon, name) in [
        (Horizon::Core, "core"),
        (Horizon::Grow, "grow"),
        (Horizon::Explore, "explore"),
    ] {
        assert_eq!(
            Constraint::MixFloor { horizon }.to_string(),
            format!("the {name} mix floor")
        );
        assert_eq!(
            Constraint::MixCeiling { horizon }.to_string(),
            format!("the {name} mix ceiling")
        );
        assert_eq!(
            KeepReason::MixFloor { horizon }.describe(),
            format!("holds the {name} mix floor")
        );
    }
}

#[test]
fn a_reduction_share_lies_in_zero_to_one() {
    let p = two_over_capacity();
    for bad in ["-0.01", "1.01", "2"] {
        assert_eq!(
            cut(&p, share(bad), CutOptions::default()),
            Err(Error::InvalidParameter {
                parameter: "reduction share",
                value: bad.to_owned(),
                reason: "must lie in 0..=1",
            })
        );
    }
    // Both ends are allowed: no cut (the capacity still binds), and cutting everything.
    assert_eq!(
        cut(&p, share("0"), CutOptions::default()).unwrap().ceiling,
        Decimal::from(90)
    );
    let all = cut(&p, share("1"), CutOptions::default()).unwrap();
    assert_eq!(all.ceiling, Decimal::ZERO);
    assert_eq!(all.kept_spend, Decimal::ZERO);
}

#[test]
fn a_reduction_amount_lies_between_zero_and_the_planned_spend() {
    let p = two_over_capacity();
    for bad in [Decimal::NEGATIVE_ONE, Decimal::from(91)] {
        assert_eq!(
            cut(&p, Reduction::Amount(bad), CutOptions::default()),
            Err(Error::InvalidParameter {
                parameter: "reduction amount",
                value: bad.to_string(),
                reason: "must lie between 0 and the planned spend",
            })
        );
    }
    let none = cut(&p, Reduction::Amount(Decimal::ZERO), CutOptions::default()).unwrap();
    assert_eq!(none.ceiling, Decimal::from(90));
    let all = cut(
        &p,
        Reduction::Amount(Decimal::from(90)),
        CutOptions::default(),
    )
    .unwrap();
    assert_eq!(all.ceiling, Decimal::ZERO);
}

#[test]
fn a_cut_initiative_names_the_capacity_it_would_break() {
    // No reduction: the ceiling (90) allows both, but 2 + 2 engineers exceed 3, so the
    // higher value `a` (120) is kept and `b` is cut by 1 engineer.
    let plan = cut(&two_over_capacity(), share("0"), CutOptions::default()).unwrap();
    assert_eq!(plan.value_kept, Decimal::from(120));
    // `a` earns less per unit of spend (2) than the cut `b` (3), but no kept initiative
    // depends on it: it is kept for its value, not as a prerequisite.
    assert_eq!(keep_reason(&plan, "a"), KeepReason::Value);
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(plan.cut[0].id, InitiativeId::new("b").unwrap());
    assert_eq!(
        plan.cut[0].reason,
        CutReason::DoesNotFit {
            constraint: Constraint::Capacity {
                kind: ResourceKind::new("engineering").unwrap(),
                period: "2027-Q1".parse().unwrap(),
            },
            excess: Decimal::ONE,
            with: vec![],
        }
    );
}

/// An initiative of `money` in one period from `start`, with optional prerequisites and
/// engineers.
fn initiative(
    id: &str,
    horizon: &str,
    start: usize,
    money: &str,
    npv: &str,
    depends_on: &[&str],
    people: &str,
) -> String {
    let deps: Vec<String> = depends_on.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        r#"{{ "id": "{id}", "product": "p", "horizon": "{horizon}", "state": {{ "status": "committed" }},
             "start": {start}, "depends_on": [{}],
             "cost": [{{ "money": "{money}", "capacity": {{ "engineering": "{people}" }} }}],
             "value": {{ "source": "given", "npv": "{npv}" }} }}"#,
        deps.join(", ")
    )
}

/// Two quarters with a budget of 1000 and `people` engineers each, and `mix`.
fn two_quarters(people: &str, mix: &str, initiatives: &[String]) -> Portfolio {
    portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["1000", "1000"],
              "capacity": {{ "engineering": ["{people}", "{people}"] }}, "mix": {{ {mix} }},
              "initiatives": [{}] }}"#,
        initiatives.join(", ")
    ))
}

fn amount(a: i64) -> Reduction {
    Reduction::Amount(Decimal::from(a))
}

fn keep_reason(plan: &folio_allocation::CutPlan, id: &str) -> KeepReason {
    plan.protect
        .iter()
        .find(|k| k.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is not kept: {plan:?}"))
        .reason
        .clone()
}

fn prerequisite_of(id: &str) -> KeepReason {
    KeepReason::PrerequisiteOf {
        dependents: vec![InitiativeId::new(id).unwrap()],
    }
}

/// `p` (spend 10, NPV `p_npv`) is the prerequisite of `d` (spend 10, NPV 100); `c`
/// (spend 20, NPV 40: 2 per unit of spend) competes with them. A reduction of 20 leaves
/// a ceiling of 20: `p` and `d` (value 100 + `p_npv`) beat `c` (40), so `c` is cut.
fn prerequisite_case(p_npv: &str) -> folio_allocation::CutPlan {
    let p = two_quarters(
        "10",
        "",
        &[
            initiative("p", "core", 0, "10", p_npv, &[], "0"),
            initiative("d", "grow", 1, "10", "100", &["p"], "0"),
            initiative("c", "core", 0, "20", "40", &[], "0"),
        ],
    );
    let plan = cut(&p, amount(20), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 1, "{plan:?}");
    assert_eq!(plan.cut[0].id.as_str(), "c");
    plan
}

#[test]
fn a_prerequisite_is_named_as_such_only_when_it_would_not_earn_its_place() {
    // 1 per unit of spend, below the best cut initiative's 2: kept for `d`.
    let plan = prerequisite_case("10");
    assert_eq!(keep_reason(&plan, "p"), prerequisite_of("d"));
    // `d` has no dependents and earns its place.
    assert_eq!(keep_reason(&plan, "d"), KeepReason::Value);
    // 3 per unit of spend beats the cut 2: it earns its place on its own.
    assert_eq!(
        keep_reason(&prerequisite_case("30"), "p"),
        KeepReason::Value
    );
    // Exactly 2: not below the best cut initiative, so it earns its place too.
    assert_eq!(
        keep_reason(&prerequisite_case("20"), "p"),
        KeepReason::Value
    );
}

#[test]
fn a_prerequisite_without_value_is_kept_for_its_dependents() {
    // Nothing is cut; `p` adds no value of its own and is kept for `d`.
    let p = two_quarters(
        "10",
        "",
        &[
            initiative("p", "core", 0, "10", "0", &[], "0"),
            initiative("d", "grow", 1, "10", "100", &["p"], "0"),
        ],
    );
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    assert!(plan.cut.is_empty());
    assert_eq!(keep_reason(&plan, "p"), prerequisite_of("d"));
}

#[test]
fn a_cut_initiative_without_spend_outranks_every_prerequisite() {
    // `c` spends no money but needs 2 engineers where there is 1: it is cut, and its
    // value per unit of spend is unbounded, so `p` (1 per unit) would lose to it.
    let p = two_quarters(
        "1",
        "",
        &[
            initiative("p", "core", 0, "10", "10", &[], "0"),
            initiative("d", "grow", 1, "10", "100", &["p"], "0"),
            initiative("c", "core", 0, "0", "40", &[], "2"),
        ],
    );
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(plan.cut[0].value_per_spend, None);
    assert_eq!(keep_reason(&plan, "p"), prerequisite_of("d"));
}

#[test]
fn a_cut_initiative_without_value_outranks_nothing() {
    // `z` spends nothing and is worth nothing, and needs 2 engineers where there is 1:
    // it is cut, but having no value it says nothing about whether `p` earns its place.
    let p = two_quarters(
        "1",
        "",
        &[
            initiative("p", "core", 0, "10", "10", &[], "0"),
            initiative("d", "grow", 1, "10", "100", &["p"], "0"),
            initiative("z", "core", 0, "0", "0", &[], "2"),
        ],
    );
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(plan.cut[0].id.as_str(), "z");
    assert_eq!(keep_reason(&plan, "p"), KeepReason::Value);
}

#[test]
fn an_explore_bet_holds_the_floor_only_if_leaving_it_out_breaks_it() {
    // Kept: e1 and e2 (explore, 10 each) and k (core, 30); explore is 20 of 50. Leaving
    // out e1 leaves 10 of 40, exactly the 25% floor: not broken, so e1 earns its place.
    let initiatives = [
        initiative("e1", "explore", 0, "10", "100", &[], "0"),
        initiative("e2", "explore", 0, "10", "100", &[], "0"),
        initiative("k", "core", 0, "30", "300", &[], "0"),
    ];
    let floor = |min: &str| format!(r#""explore": {{ "min": "{min}", "max": "1" }}"#);
    let plan = cut(
        &two_quarters("10", &floor("0.25"), &initiatives),
        amount(0),
        CutOptions::default(),
    )
    .unwrap();
    assert_eq!(keep_reason(&plan, "e1"), KeepReason::Value);
    assert_eq!(keep_reason(&plan, "k"), KeepReason::Value);
    // With a floor of 26%, 10 of 40 breaks it.
    let plan = cut(
        &two_quarters("10", &floor("0.26"), &initiatives),
        amount(0),
        CutOptions::default(),
    )
    .unwrap();
    assert_eq!(
        keep_reason(&plan, "e1"),
        KeepReason::MixFloor {
            horizon: Horizon::Explore
        }
    );
}

#[test]
fn a_cut_dependent_does_not_count_against_the_floor() {
    // As above, and `x` (explore, 100 in the second quarter, NPV 1) depends on e1; a
    // reduction of 100 cuts it. Leaving out e1 removes only e1 (x is already cut): 10
    // of 40 holds the 25% floor.
    let p = two_quarters(
        "10",
        r#""explore": { "min": "0.25", "max": "1" }"#,
        &[
            initiative("e1", "explore", 0, "10", "100", &[], "0"),
            initiative("e2", "explore", 0, "10", "100", &[], "0"),
            initiative("k", "core", 0, "30", "300", &[], "0"),
            initiative("x", "explore", 1, "100", "1", &["e1"], "0"),
        ],
    );
    let plan = cut(&p, amount(100), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 1);
    assert_eq!(plan.cut[0].id.as_str(), "x");
    assert_eq!(keep_reason(&plan, "e1"), KeepReason::Value);
}

#[test]
fn a_cut_that_fits_but_adds_nothing_says_so() {
    // `z` is worth nothing: adding it back fits the ceiling but gains nothing.
    let p = two_quarters(
        "10",
        "",
        &[
            initiative("a", "core", 0, "10", "50", &[], "0"),
            initiative("z", "core", 0, "10", "0", &[], "0"),
        ],
    );
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    let z = plan.cut.iter().find(|c| c.id.as_str() == "z").unwrap();
    assert_eq!(z.reason, CutReason::NoGain { with: vec![] });
}

/// `a` spends 60 for an NPV of 120, `b` 40 for 60; planned spend 100.
fn frontier_portfolio(a_extra: &str) -> Portfolio {
    portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "initiatives": [
          {{ "id": "a", "product": "p", "horizon": "core", "state": {{ "status": "committed" }} {a_extra},
            "start": 0, "cost": [{{ "money": "60" }}], "value": {{ "source": "given", "npv": "120" }} }},
          {{ "id": "b", "product": "p", "horizon": "grow", "state": {{ "status": "proposed" }},
            "start": 0, "cost": [{{ "money": "40" }}], "value": {{ "source": "given", "npv": "60" }} }} ] }}"#
    ))
}

#[test]
fn a_frontier_reads_one_line_per_point() {
    let options = FrontierOptions::new(r("0.6"), r("1"), r("0.4")).unwrap();
    let curve = frontier(&frontier_portfolio(""), options).unwrap();
    // 60% (ceiling 60): only a fits; 100%: both, 60 more value for 40 more ceiling.
    let lines = [
        "at 60% of spend (ceiling 60 USD): keeps 120 USD",
        "at 100% of spend (ceiling 100 USD): keeps 180 USD, 1.5 per extra unit of spend",
    ];
    assert_eq!(curve.points.len(), 2);
    assert_eq!(curve.points[0].describe(curve.currency), lines[0]);
    assert_eq!(curve.points[1].describe(curve.currency), lines[1]);
    assert_eq!(curve.to_string(), lines.join("\n"));
}

#[test]
fn a_frontier_of_one_level_has_one_point() {
    // `from` may equal `to`. A mandate of 60 cannot fit a ceiling of 50.
    let options = FrontierOptions::new(r("0.5"), r("0.5"), r("0.1")).unwrap();
    let curve = frontier(&frontier_portfolio(r#", "mandate": true"#), options).unwrap();
    assert_eq!(curve.points.len(), 1);
    assert_eq!(
        curve.to_string(),
        "at 50% of spend (ceiling 50 USD): infeasible (the reduced spend ceiling)"
    );
}

#[test]
fn a_cut_plan_displays_as_its_sentence() {
    let plan = cut(&two_over_capacity(), share("0"), CutOptions::default()).unwrap();
    assert!(
        plan.describe()
            .starts_with("If we cut 0% of spend: protect a")
    );
    assert_eq!(plan.to_string(), plan.describe());
}

fn with_mix(mix: &str) -> Result<Portfolio, serde_json::Error> {
    serde_json::from_str(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "mix": {{ {mix} }},
              "capacity": {{ "engineering": ["10"] }},
              "initiatives": [{}] }}"#,
        item("a", "core", "60", "0", "120")
    ))
}

fn mix_error(mix: &str) -> String {
    with_mix(mix).unwrap_err().to_string()
}

#[test]
fn mix_bounds_lie_in_order_within_zero_to_one() {
    let bound = |min: &str, max: &str| format!(r#""core": {{ "min": "{min}", "max": "{max}" }}"#);
    for (min, max) in [("-0.1", "0.5"), ("0", "1.1"), ("0.6", "0.5")] {
        let error = mix_error(&bound(min, max));
        assert!(
            error.contains(&format!(
                "Core: need 0 <= min <= max <= 1, found {min}..{max}"
            )),
            "{error}"
        );
    }
    // The edges are allowed: a floor of 0, a ceiling of 1, a floor equal to its ceiling.
    for (min, max) in [("0", "1"), ("0.3", "0.3"), ("1", "1")] {
        with_mix(&bound(min, max)).unwrap();
    }
}

#[test]
fn mix_floors_add_up_to_at_most_one() {
    let floors = |core: &str, grow: &str| {
        format!(
            r#""core": {{ "min": "{core}", "max": "1" }}, "grow": {{ "min": "{grow}", "max": "1" }}"#
        )
    };
    with_mix(&floors("0.4", "0.6")).unwrap();
    let error = mix_error(&floors("0.5", "0.7"));
    assert!(
        error.contains("the floors add up to 1.2, more than 1"),
        "{error}"
    );
}

#[test]
fn a_deadline_may_be_the_earliest_possible_last_period() {
    // Two periods of work from the earliest start 0: the last is period 1 at the earliest.
    let at = |deadline: usize| {
        serde_json::from_str::<Portfolio>(&format!(
            r#"{{ "currency": "USD", "periods": ["2027-Q1", "2027-Q2"], "budget": ["100", "100"],
                  "initiatives": [{{ "id": "a", "product": "p", "horizon": "core",
                    "state": {{ "status": "committed" }}, "start": 0, "deadline": {deadline},
                    "cost": [{{ "money": "10" }}, {{ "money": "10" }}],
                    "value": {{ "source": "given", "npv": "30" }} }}] }}"#
        ))
    };
    at(1).unwrap();
    let error = at(0).unwrap_err().to_string();
    assert!(
        error.contains("deadline 0 is before the earliest possible last period 1"),
        "{error}"
    );
}

#[test]
fn value_is_the_npv_before_the_risk_haircut() {
    // A risk score of 3 takes 0.5 × (3 − 1) / 4 = a quarter off 160.
    let p = portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
              "capacity": {{ "engineering": ["10"] }}, "initiatives": [{}] }}"#,
        item("a", "core", "60", "0", "160").replace(r#""start""#, r#""risk": "3", "start""#)
    ));
    assert_eq!(p.value("a").unwrap(), Decimal::from(160));
    assert_eq!(p.risk_adjusted_value("a").unwrap(), Decimal::from(120));
    assert!(p.value("zeta").is_err());
}

/// One quarter with 100 engineers. Each `(id, engineers, lift on "kr", protected)`.
fn team(members: &[(&str, &str, &str, bool)]) -> Portfolio {
    let initiatives: Vec<String> = members
        .iter()
        .map(|(id, people, lift, protected)| {
            let krs = if lift.is_empty() {
                String::new()
            } else {
                format!(r#", "key_results": {{ "kr": "{lift}" }}"#)
            };
            format!(
                r#"{{ "id": "{id}", "product": "p", "horizon": "core", "state": {{ "status": "committed" }},
                     "start": 0, "protected": {protected}, "cost": [{{ "money": "1", "capacity": {{ "engineering": "{people}" }} }}],
                     "value": {{ "source": "given", "npv": "1" }} {krs} }}"#
            )
        })
        .collect();
    portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1000"],
              "capacity": {{ "engineering": ["100"] }}, "initiatives": [{}] }}"#,
        initiatives.join(", ")
    ))
}

fn shortfall(id: &str, realization: &str) -> Signal {
    Signal::BenefitsShortfall {
        initiative: id.parse().unwrap(),
        realization: r(realization),
    }
}

fn drain(id: &str, amount: i64) -> Signal {
    Signal::CapacityDrain {
        initiative: id.parse().unwrap(),
        resource: "engineering".parse().unwrap(),
        amount: Decimal::from(amount),
    }
}

fn ask(amount: i64) -> Signal {
    Signal::OffTrackKeyResult {
        key_result: "kr".parse().unwrap(),
        resource: "engineering".parse().unwrap(),
        amount: Decimal::from(amount),
    }
}

/// `(from, to, amount)` of each recommendation, and the unmet amounts.
type Moves = (Vec<(String, Option<String>, Decimal)>, Vec<Decimal>);

fn moves(p: &Portfolio, signals: &[Signal]) -> Moves {
    let answer = reallocate(p, signals, ReallocationOptions::default()).unwrap();
    let moves = answer
        .recommendations
        .iter()
        .map(|m| {
            (
                m.from.to_string(),
                m.to.as_ref().map(ToString::to_string),
                m.amount,
            )
        })
        .collect();
    let unmet = answer.unmet.iter().map(|u| u.amount).collect();
    (moves, unmet)
}

fn from(id: &str, to: Option<&str>, amount: &str) -> (String, Option<String>, Decimal) {
    (
        id.to_owned(),
        to.map(str::to_owned),
        amount.parse().unwrap(),
    )
}

#[test]
fn only_a_realization_below_the_threshold_gives() {
    // 10 engineers at a realization of 0.6 offer (1 − 0.6) × 10 = 4; at exactly the
    // threshold 0.7, nothing.
    let p = team(&[("a", "10", "", false), ("b", "10", "", false)]);
    let (m, unmet) = moves(&p, &[shortfall("a", "0.6"), shortfall("b", "0.7"), ask(9)]);
    assert_eq!(m, [from("a", None, "4")]);
    assert_eq!(unmet, [Decimal::from(5)]);
    // The threshold is an option: at 0.5, a realization of 0.6 gives nothing.
    let options = ReallocationOptions::new(r("0.5")).unwrap();
    let answer = reallocate(&p, &[shortfall("a", "0.6"), ask(9)], options).unwrap();
    assert!(answer.recommendations.is_empty());
}

#[test]
fn the_weakest_donor_gives_first() {
    // Lowest realization first (b at 0.1, then a at 0.5), then drains without a
    // realization (c), whatever the ids or the order of the signals.
    let p = team(&[
        ("a", "10", "", false),
        ("b", "10", "", false),
        ("c", "10", "", false),
    ]);
    let signals = [
        drain("c", 3),
        shortfall("a", "0.5"),
        shortfall("b", "0.1"),
        ask(16),
    ];
    let (m, unmet) = moves(&p, &signals);
    assert_eq!(
        m,
        [
            from("b", None, "9"),
            from("a", None, "5"),
            from("c", None, "2")
        ]
    );
    // Fully met: nothing is listed as unmet.
    assert!(unmet.is_empty());
}

#[test]
fn an_offer_is_the_larger_signal_capped_at_average_use() {
    // a: a shortfall of 0.5 offers 5 of its 10, a drain 7: it offers 7. b drains 30 but
    // uses only 10 per period: it offers 10.
    let p = team(&[("a", "10", "", false), ("b", "10", "", false)]);
    let (m, unmet) = moves(
        &p,
        &[
            shortfall("a", "0.5"),
            drain("a", 7),
            drain("b", 30),
            ask(20),
        ],
    );
    assert_eq!(m, [from("a", None, "7"), from("b", None, "10")]);
    assert_eq!(unmet, [Decimal::from(3)]);
}

#[test]
fn mandates_and_protected_initiatives_never_give() {
    let p = team(&[("a", "10", "", true), ("b", "10", "", false)]);
    let (m, unmet) = moves(&p, &[shortfall("a", "0"), drain("b", 2), ask(5)]);
    assert_eq!(m, [from("b", None, "2")]);
    assert_eq!(unmet, [Decimal::from(3)]);
}

#[test]
fn capacity_goes_to_the_initiative_that_lifts_the_key_result_most() {
    // m1 and m2 lift kr by 0.2, m3 by 0.3: m3 receives. A lift of 0 moves nothing.
    let p = team(&[
        ("d", "10", "", false),
        ("m1", "1", "0.2", false),
        ("m2", "1", "0.2", false),
        ("m3", "1", "0.3", false),
        ("z", "1", "0", false),
    ]);
    let (m, _) = moves(&p, &[drain("d", 2), ask(2)]);
    assert_eq!(m, [from("d", Some("m3"), "2")]);
    // Ties go to the first id.
    let p = team(&[
        ("d", "10", "", false),
        ("m1", "1", "0.2", false),
        ("m2", "1", "0.2", false),
    ]);
    let (m, _) = moves(&p, &[drain("d", 2), ask(2)]);
    assert_eq!(m, [from("d", Some("m1"), "2")]);
    // Nothing lifts it: no receiver is named.
    let p = team(&[("d", "10", "", false), ("z", "1", "0", false)]);
    let (m, _) = moves(&p, &[drain("d", 2), ask(2)]);
    assert_eq!(m, [from("d", None, "2")]);
}

#[test]
fn the_receiver_does_not_give_to_itself() {
    // m drains 5 but is the key result's best mover: only d gives.
    let p = team(&[("d", "10", "", false), ("m", "10", "0.5", false)]);
    let (m, unmet) = moves(&p, &[drain("m", 5), drain("d", 1), ask(3)]);
    assert_eq!(m, [from("d", Some("m"), "1")]);
    assert_eq!(unmet, [Decimal::from(2)]);
}

#[test]
fn negative_signals_are_rejected() {
    let p = team(&[("a", "10", "", false)]);
    for (signal, context) in [
        (drain("a", -1), "drain of a"),
        (shortfall("a", "-0.1"), "realization of a"),
        (ask(-1), "request of kr"),
    ] {
        match reallocate(&p, &[signal], ReallocationOptions::default()) {
            Err(Error::InvalidAmount {
                context: c, reason, ..
            }) => {
                assert_eq!(c, context);
                assert_eq!(reason, "must not be negative");
            }
            other => panic!("{context}: {other:?}"),
        }
    }
}

/// Money-only initiatives over three quarters (budget 10, 10, 20), NPV 100 each, at a
/// discount rate of `rate`: each `(id, start, costs, extra JSON)`.
fn schedule_portfolio(rate: &str, items: &[(&str, usize, &[&str], &str)]) -> Portfolio {
    let initiatives: Vec<String> = items
        .iter()
        .map(|(id, start, costs, extra)| {
            let cost: Vec<String> = costs
                .iter()
                .map(|m| format!(r#"{{ "money": "{m}" }}"#))
                .collect();
            format!(
                r#"{{ "id": "{id}", "product": "p", "horizon": "core", "state": {{ "status": "committed" }},
                     "start": {start}, "cost": [{}], "value": {{ "source": "given", "npv": "100" }} {extra} }}"#,
                cost.join(", ")
            )
        })
        .collect();
    portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1", "2027-Q2", "2027-Q3"], "budget": ["10", "10", "20"],
              "discount_rate": "{rate}", "initiatives": [{}] }}"#,
        initiatives.join(", ")
    ))
}

#[test]
fn mandates_are_placed_first_among_equal_starts() {
    // p and q both plan to start in the first quarter, where only one fits: the
    // mandate q goes first although p comes first by id.
    let p = schedule_portfolio(
        "0",
        &[
            ("p", 0, &["10"], ""),
            ("q", 0, &["10"], r#", "mandate": true"#),
        ],
    );
    assert_eq!(baseline(&p), [Some(1), Some(0)]);
}

#[test]
fn an_initiative_cannot_be_accelerated_before_its_earliest_start() {
    let p = schedule_portfolio("0", &[("a", 2, &["10"], r#", "earliest_start": 1"#)]);
    assert_eq!(
        accelerate(&p, "a", Target::By(2)).unwrap(),
        Acceleration::Impossible {
            initiative: InitiativeId::new("a").unwrap(),
            target_start: Some(0),
            reason: ImpossibleReason::EarliestStart { earliest_start: 1 },
        }
    );
}

/// Baseline: y in Q1, w in Q2 and Q3, a in Q3 (Q3's budget is 20). Accelerating a to Q1
/// pushes y to Q2, and w, which needs two quarters from Q2 or later, past the periods.
fn pushed(y_deadline: usize) -> AccelerationPlan {
    let p = schedule_portfolio(
        "0.1",
        &[
            ("a", 2, &["10"], ""),
            ("w", 1, &["10", "10"], r#", "deadline": 2"#),
            ("y", 0, &["10"], &format!(r#", "deadline": {y_deadline}"#)),
        ],
    );
    let Acceleration::Accelerated(plan) = accelerate(&p, "a", Target::By(2)).unwrap() else {
        panic!("a can start in the first quarter");
    };
    plan
}

#[test]
fn an_initiative_pushed_past_the_periods_is_delayed_to_their_end() {
    let plan = pushed(1);
    let starts: Vec<(String, Option<usize>, Option<usize>)> = plan
        .schedule
        .iter()
        .map(|p| (p.id.to_string(), p.baseline, p.start))
        .collect();
    assert_eq!(
        starts,
        [
            ("a".to_owned(), Some(2), Some(0)),
            ("w".to_owned(), Some(1), None),
            ("y".to_owned(), Some(0), Some(1)),
        ]
    );
    assert!(plan.pulled_in.is_empty());
    let slips: Vec<(String, Option<usize>, usize, bool)> = plan
        .delayed
        .iter()
        .map(|s| (s.id.to_string(), s.to, s.delay, s.misses_deadline))
        .collect();
    // w counts the delay to the end of the periods (3 − 1 = 2) and misses its deadline;
    // y finishes in Q2, its deadline period 1.
    assert_eq!(
        slips,
        [
            ("w".to_owned(), None, 2, true),
            ("y".to_owned(), Some(1), 1, false)
        ]
    );
    // Value lost at 10% a quarter: 100 × (1 − 1.1^−2) for w, 100 × (1 − 1.1^−1) for y.
    let lost = |d: i32| 100.0 * (1.0 - 1.1f64.powi(-d));
    let w: f64 = plan.delayed[0].value_lost.try_into().unwrap();
    let y: f64 = plan.delayed[1].value_lost.try_into().unwrap();
    assert!((w - lost(2)).abs() < 1e-9, "{w}");
    assert!((y - lost(1)).abs() < 1e-9, "{y}");
}

#[test]
fn a_delay_that_ends_after_the_deadline_misses_it() {
    let plan = pushed(0);
    let y = plan.delayed.iter().find(|s| s.id.as_str() == "y").unwrap();
    assert_eq!(y.to, Some(1));
    assert!(y.misses_deadline);
}

#[test]
fn a_cut_dependent_names_the_cut_prerequisites_it_would_bring_back() {
    // A ceiling of 50 keeps k (NPV 200) over p and d together (30 for 100 of spend).
    // Adding d back brings p with it: 150 of spend, 100 over the ceiling.
    let p = two_quarters(
        "10",
        "",
        &[
            initiative("d", "grow", 1, "50", "20", &["p"], "0"),
            initiative("k", "core", 0, "50", "200", &[], "0"),
            initiative("p", "core", 0, "50", "10", &[], "0"),
        ],
    );
    let plan = cut(&p, amount(100), CutOptions::default()).unwrap();
    let reasons: Vec<(String, CutReason)> = plan
        .cut
        .iter()
        .map(|c| (c.id.to_string(), c.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "d".to_owned(),
                CutReason::DoesNotFit {
                    constraint: Constraint::SpendCeiling,
                    excess: Decimal::from(100),
                    with: vec![InitiativeId::new("p").unwrap()],
                }
            ),
            (
                "p".to_owned(),
                CutReason::DoesNotFit {
                    constraint: Constraint::SpendCeiling,
                    excess: Decimal::from(50),
                    with: vec![],
                }
            ),
        ]
    );
}

/// One quarter, budget 100, 2 engineers: `a` (100, 1 engineer, NPV 100) and `b`
/// (`b_money`, 2 engineers, NPV 5), no reduction; `a` is kept and `b` cut.
fn most_broken(b_money: &str) -> Constraint {
    let p = portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
              "capacity": {{ "engineering": ["2"] }}, "initiatives": [{}, {}] }}"#,
        item("a", "core", "100", "1", "100"),
        item("b", "grow", b_money, "2", "5")
    ));
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 1);
    match &plan.cut[0].reason {
        CutReason::DoesNotFit { constraint, .. } => constraint.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cut_names_the_constraint_broken_most_relative_to_its_limit() {
    // Adding b back: budget 110 of 100 (10% over), engineers 3 of 2 (50% over).
    assert_eq!(
        most_broken("10"),
        Constraint::Capacity {
            kind: ResourceKind::new("engineering").unwrap(),
            period: "2027-Q1".parse().unwrap(),
        }
    );
    // Budget 150 of 100 and engineers 3 of 2: both 50% over; the first row (the
    // budget) is named.
    assert_eq!(
        most_broken("50"),
        Constraint::Budget {
            period: "2027-Q1".parse().unwrap()
        }
    );
}

#[test]
fn a_mix_ceiling_may_be_met_exactly_and_a_zero_floor_holds_with_nothing_kept() {
    // Core is 50 of 100 with both kept: exactly its 50% ceiling.
    let p = portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"],
              "capacity": {{ "engineering": ["10"] }},
              "mix": {{ "core": {{ "min": "0", "max": "0.5" }} }}, "initiatives": [{}, {}] }}"#,
        item("a", "core", "50", "0", "100"),
        item("b", "grow", "50", "0", "100")
    ));
    let plan = cut(&p, amount(0), CutOptions::default()).unwrap();
    assert!(plan.cut.is_empty(), "{plan:?}");
    // Cutting everything keeps nothing, which a floor of 0 allows.
    let plan = cut(&p, share("1"), CutOptions::default()).unwrap();
    assert_eq!(plan.cut.len(), 2);
    assert_eq!(plan.kept_spend, Decimal::ZERO);
}

#[test]
fn an_acceleration_short_of_the_earliest_start_goes_ahead_and_others_stay_put() {
    // a moves from Q3 to Q2 (its earliest start is Q1); s shares Q3's budget of 20 with
    // a in the baseline and stays where it is: neither delayed nor pulled in.
    let p = schedule_portfolio("0", &[("a", 2, &["10"], ""), ("s", 2, &["10"], "")]);
    let Acceleration::Accelerated(plan) = accelerate(&p, "a", Target::By(1)).unwrap() else {
        panic!("a can start a quarter earlier");
    };
    assert_eq!((plan.from, plan.to), (2, 1));
    assert!(plan.delayed.is_empty());
    assert!(plan.pulled_in.is_empty());
}

#[test]
fn the_greedy_floor_takes_the_best_ratio_first_and_skips_what_adds_nothing() {
    // b (2 per unit of spend) goes first; then a (1.5) no longer fits 63 of 70; z adds
    // nothing and is never taken, though it would fit.
    let p = portfolio(
        r#"{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["100"], "initiatives": [
          { "id": "a", "product": "p", "horizon": "core", "state": { "status": "committed" },
            "start": 0, "cost": [{ "money": "60" }], "value": { "source": "given", "npv": "90" } },
          { "id": "b", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
            "start": 0, "cost": [{ "money": "10" }], "value": { "source": "given", "npv": "20" } },
          { "id": "z", "product": "p", "horizon": "grow", "state": { "status": "proposed" },
            "start": 0, "cost": [{ "money": "0" }], "value": { "source": "given", "npv": "0" } } ] }"#,
    );
    let plan = folio_allocation::cut_greedy(&p, share("0.1"), CutOptions::default()).unwrap();
    assert_eq!(plan.status, folio_allocation::SolveStatus::Greedy);
    assert_eq!(plan.value_kept, Decimal::from(20));
    let kept: Vec<&str> = plan.protect.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(kept, ["b"]);
    assert!(
        plan.describe().ends_with(" (Greedy plan, not optimised.)"),
        "{}",
        plan.describe()
    );
}

#[test]
fn a_protected_initiative_is_named_as_such_only_when_protection_is_honoured() {
    // `b` (90 for 30 of spend) is protected; 2 + 2 engineers exceed 3, so one of `a`
    // (120) and `b` goes. Honoured, `b` is forced and kept as protected; otherwise the
    // higher value `a` is kept for its value and `b` is cut.
    let p = portfolio(&format!(
        r#"{{ "currency": "USD", "periods": ["2027-Q1"], "budget": ["1000"],
              "capacity": {{ "engineering": ["3"] }}, "initiatives": [{}, {}] }}"#,
        item("a", "core", "60", "2", "120"),
        item("b", "grow", "30", "2", "90").replace(r#""start""#, r#""protected": true, "start""#)
    ));
    let honoured = cut(&p, share("0"), CutOptions::new(true, 1_000).unwrap()).unwrap();
    assert_eq!(keep_reason(&honoured, "b"), KeepReason::Protected);
    let free = cut(&p, share("0"), CutOptions::new(false, 1_000).unwrap()).unwrap();
    assert_eq!(keep_reason(&free, "a"), KeepReason::Value);
    assert_eq!(free.cut[0].id.as_str(), "b");
    // A protected initiative kept when protection is not honoured earns its place.
    let fits = frontier_portfolio(r#", "protected": true"#);
    let plan = cut(&fits, share("0"), CutOptions::new(false, 1_000).unwrap()).unwrap();
    assert_eq!(keep_reason(&plan, "a"), KeepReason::Value);
}

#[test]
fn a_node_limit_of_one_is_enough_when_everything_fits() {
    // Nothing to choose: the first node is the whole search and the plan is optimal.
    let p = frontier_portfolio("");
    let plan = cut(&p, share("0"), CutOptions::new(true, 1).unwrap()).unwrap();
    assert_eq!(plan.status, folio_allocation::SolveStatus::Optimal);
    assert_eq!(plan.search_nodes, 1);
    assert!(plan.cut.is_empty());
}
