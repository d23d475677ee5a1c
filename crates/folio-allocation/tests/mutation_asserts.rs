//! Rules that the doc examples state but no unit or integration test asserted, found
//! by cargo-mutants (`docs/mutants.md`): each test states a documented rule with values
//! worked out by hand.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use folio_allocation::{
    Constraint, CutOptions, CutReason, Error, KeepReason, Portfolio, Reduction, ResourceKind, cut,
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
