//! Initiative and product-line reports, ranking and the payback trigger, on
//! hand-checkable numbers.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{case, eur, m};
use folio_roi::{
    Benefit, BusinessCase, BusinessCaseData, Component, DatedMoney, Error, Investment, Payback,
    PaybackTrigger, RateOfReturn, ReportPolicy, Subject, TimeUnit, Window, evaluate, product_lines,
    rank_by_npv, rank_by_payback,
};
use folio_types::{
    Currency, Decimal, InitiativeId, Money, NaiveDate, Period, ProductLineId, Ratio,
};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn zero_rate() -> ReportPolicy {
    ReportPolicy::new(Ratio::ZERO).unwrap()
}

fn periods(after: &str) -> Payback {
    Payback::PaysBack {
        after: d(after),
        unit: TimeUnit::Periods,
    }
}

#[test]
fn initiative_report_measures_everything() {
    let policy = ReportPolicy::new(Ratio::new(d("0.1")).unwrap()).unwrap();
    let report = evaluate(&case("a", "line", 100, &[110]), &policy).unwrap();
    let m_ = &report.measures;
    assert_eq!((m_.investment, m_.benefit, m_.net), (m(100), m(110), m(10)));
    assert_eq!(m_.roi.map(Ratio::value), Some(d("0.1")));
    assert_eq!(m_.npv.amount().round_dp(10), Decimal::ZERO);
    assert_eq!(
        m_.rate_of_return,
        RateOfReturn::Rate {
            rate: Ratio::new(d("0.1")).unwrap()
        }
    );
    assert_eq!(m_.payback, periods("0.9090909090909090909090909091"));
    assert_eq!(
        m_.discounted_payback.after().map(|p| p.round_dp(9)),
        Some(Decimal::ONE)
    );

    // All benefit and no cost: no ROI, no rate of return, paid back at once.
    let free = evaluate(&case("free", "line", 0, &[10]), &policy).unwrap();
    assert_eq!(free.measures.roi, None);
    assert_eq!(free.measures.rate_of_return, RateOfReturn::NoSignChange);
    assert_eq!(free.measures.payback, periods("0"));
}

#[test]
fn product_line_aggregates_and_explains() {
    let cases = [
        case("b", "payments", 300, &[100, 100, 100, 100]),
        case("a", "payments", 100, &[50, 50]),
        case("c", "search", 10, &[1]),
    ];
    let lines = product_lines(&cases, &zero_rate()).unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| l.product_line.as_str())
            .collect::<Vec<_>>(),
        ["payments", "search"]
    );
    let payments = &lines[0];
    // Summed flows: -400, 150, 150, 100, 100: paid back after 3 periods.
    assert_eq!(payments.measures.investment, m(400));
    assert_eq!(payments.measures.benefit, m(500));
    assert_eq!(payments.measures.roi.map(Ratio::value), Some(d("0.25")));
    assert_eq!(payments.measures.payback, periods("3"));
    assert_eq!(payments.measures.npv, m(100));
    let ids: Vec<_> = payments
        .initiatives
        .iter()
        .map(|c| c.initiative.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(
        payments.initiatives[0]
            .share_of_investment
            .map(Ratio::value),
        Some(d("0.25"))
    );
    assert_eq!(
        payments.initiatives[1].share_of_benefit.map(Ratio::value),
        Some(d("0.8"))
    );
    // NPV is additive: the contributions add up to the line.
    let sum = payments.initiatives[0]
        .npv
        .checked_add(payments.initiatives[1].npv)
        .unwrap();
    assert_eq!(sum, payments.measures.npv);

    // The same cases in another order give the same reports.
    let reversed: Vec<_> = cases.iter().rev().cloned().collect();
    assert_eq!(product_lines(&reversed, &zero_rate()).unwrap(), lines);
}

#[test]
fn product_line_errors_name_the_culprit() {
    let dup = [case("a", "x", 1, &[2]), case("a", "y", 1, &[2])];
    assert_eq!(
        product_lines(&dup, &zero_rate()),
        Err(Error::DuplicateInitiative { id: "a".into() })
    );

    let usd = Currency::new("USD").unwrap();
    let dollars = BusinessCase::new(BusinessCaseData {
        currency: usd,
        investment: Investment {
            people_cost: Component::Periodic(vec![Money::new(Decimal::ONE, usd)]),
            ..Investment::default()
        },
        benefit: Benefit::default(),
        ..BusinessCaseData::from(case("z", "x", 1, &[2]))
    })
    .unwrap();
    let err = product_lines(&[case("a", "x", 1, &[2]), dollars], &zero_rate()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "product line \"x\" initiative \"z\": amount in USD, expected EUR"
    );

    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let dated = BusinessCase::new(BusinessCaseData {
        investment: Investment {
            people_cost: Component::Dated(vec![DatedMoney {
                date: day,
                amount: m(1),
            }]),
            ..Investment::default()
        },
        benefit: Benefit::default(),
        benefit_window: Window::Dates(Period::year(2026).unwrap()),
        ..BusinessCaseData::from(case("d", "x", 1, &[2]))
    })
    .unwrap();
    assert!(matches!(
        product_lines(&[case("a", "x", 1, &[2]), dated], &zero_rate()),
        Err(Error::ScheduleMismatch { .. })
    ));
}

#[test]
fn rankings_break_ties_by_id() {
    let reports: Vec<_> = [
        case("slow", "l", 100, &[10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
        case("fast-b", "l", 100, &[100]),
        case("fast-a", "l", 100, &[100]),
        case("never", "l", 100, &[10]),
        case("never-worse", "l", 100, &[5]),
    ]
    .iter()
    .map(|c| evaluate(c, &zero_rate()).unwrap())
    .collect();
    let by_payback: Vec<_> = rank_by_payback(&reports)
        .unwrap()
        .into_iter()
        .map(|r| (r.rank, r.initiative.to_string()))
        .collect();
    assert_eq!(
        by_payback,
        [
            (1, "fast-a".to_owned()),
            (2, "fast-b".to_owned()),
            (3, "slow".to_owned()),
            (4, "never".to_owned()),
            (5, "never-worse".to_owned()),
        ]
    );
    let by_npv: Vec<_> = rank_by_npv(&reports)
        .unwrap()
        .into_iter()
        .map(|r| r.initiative.to_string())
        .collect();
    // NPVs at 0%: 0, 0, 0, -90, -95.
    assert_eq!(by_npv, ["fast-a", "fast-b", "slow", "never", "never-worse"]);
}

#[test]
fn payback_trigger_fires_beyond_the_threshold_and_on_never() {
    let reports: Vec<_> = [
        case("quick", "l", 100, &[100]),
        case("long", "l", 100, &[20, 20, 20, 20, 20]),
        case("never", "l", 100, &[10]),
    ]
    .iter()
    .map(|c| evaluate(c, &zero_rate()).unwrap())
    .collect();
    let trigger = PaybackTrigger::new(Some(Decimal::from(3)), None, false).unwrap();
    let alerts = trigger.alerts(&reports, &[]);
    let fired: Vec<_> = alerts.iter().map(|a| a.subject.clone()).collect();
    assert_eq!(
        fired,
        [
            Subject::Initiative(InitiativeId::new("long").unwrap()),
            Subject::Initiative(InitiativeId::new("never").unwrap()),
        ]
    );
    assert_eq!(alerts[0].payback, periods("5"));
    assert_eq!(alerts[0].threshold, Decimal::from(3));
    // No threshold for the unit: nothing is checked.
    let days_only = PaybackTrigger::new(None, Some(Decimal::from(90)), false).unwrap();
    assert!(days_only.alerts(&reports, &[]).is_empty());
    // Product lines are judged too.
    let lines = product_lines(&[case("x", "l", 100, &[10])], &zero_rate()).unwrap();
    let alerts = trigger.alerts(&[], &lines);
    assert_eq!(
        alerts[0].subject,
        Subject::ProductLine(ProductLineId::new("l").unwrap())
    );
    // Discounted payback is later than simple payback.
    let discounted = PaybackTrigger::new(Some(Decimal::from(1)), None, true).unwrap();
    let policy = ReportPolicy::new(Ratio::new(d("0.1")).unwrap()).unwrap();
    let exact = evaluate(&case("exact", "l", 100, &[100, 100]), &policy).unwrap();
    assert_eq!(
        discounted.alerts(std::slice::from_ref(&exact), &[]).len(),
        1
    );
    assert!(trigger.alerts(&[exact], &[]).is_empty());
}

#[test]
fn policy_and_trigger_validate_on_deserialization() {
    let policy: ReportPolicy = serde_json::from_str(r#"{"discount_rate":"0.08"}"#).unwrap();
    assert_eq!(policy.discount_rate().value(), d("0.08"));
    let err = serde_json::from_str::<ReportPolicy>(r#"{"discount_rate":"-1"}"#).unwrap_err();
    assert!(err.to_string().contains("above -100%"), "{err}");
    let err = serde_json::from_str::<PaybackTrigger>(r#"{"max_periods":"-2"}"#).unwrap_err();
    assert!(
        err.to_string().contains("payback threshold in periods -2"),
        "{err}"
    );
    let trigger: PaybackTrigger = serde_json::from_str(r#"{"max_days":"120"}"#).unwrap();
    assert_eq!(trigger.max_days(), Some(d("120")));
}

#[cfg(feature = "schemars")]
#[test]
fn schemas_generate() {
    for schema in [
        serde_json::to_value(schemars::schema_for!(BusinessCase)).unwrap(),
        serde_json::to_value(schemars::schema_for!(ReportPolicy)).unwrap(),
        serde_json::to_value(schemars::schema_for!(folio_roi::DatedFlows)).unwrap(),
        serde_json::to_value(schemars::schema_for!(folio_roi::ProductLineReport)).unwrap(),
    ] {
        assert!(
            schema.get("properties").is_some() || schema.get("$defs").is_some(),
            "{schema}"
        );
    }
}

#[test]
fn reports_serialize_with_explicit_outcomes() {
    let report = evaluate(&case("never", "l", 100, &[10]), &zero_rate()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["measures"]["payback"]["outcome"], "never");
    assert_eq!(json["measures"]["payback"]["shortfall"], "90");
    // -100 then 10: the money comes back at -90%.
    assert_eq!(json["measures"]["rate_of_return"]["outcome"], "rate");
    assert_eq!(json["measures"]["rate_of_return"]["rate"], "-0.9");
}

/// A dated case in product line `line`: `cost` on 1 January 2026, `gain` on `day` of 2026.
fn dated_case(id: &str, line: &str, cost: i64, gain: i64, month: u32, day: u32) -> BusinessCase {
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    BusinessCase::new(BusinessCaseData {
        initiative: InitiativeId::new(id).unwrap(),
        product_line: ProductLineId::new(line).unwrap(),
        currency: eur(),
        investment: Investment {
            vendor_cost: Component::Dated(vec![DatedMoney {
                date: date(1, 1),
                amount: m(cost),
            }]),
            ..Investment::default()
        },
        benefit: Benefit {
            cost_savings: Component::Dated(vec![DatedMoney {
                date: date(month, day),
                amount: m(gain),
            }]),
            ..Benefit::default()
        },
        benefit_window: Window::Dates(Period::year(2026).unwrap()),
    })
    .unwrap()
}

#[test]
fn dated_cases_report_in_days_and_aggregate_by_date() {
    let cases = [
        dated_case("x", "l", 100, 150, 3, 2),   // day 60
        dated_case("y", "l", 100, 100, 12, 27), // day 360
    ];
    let reports: Vec<_> = cases
        .iter()
        .map(|c| evaluate(c, &zero_rate()).unwrap())
        .collect();
    assert_eq!(
        reports[0].measures.payback,
        Payback::PaysBack {
            after: d("40"),
            unit: TimeUnit::Days
        }
    );
    let lines = product_lines(&cases, &zero_rate()).unwrap();
    // -200 on day 0, +150 on day 60, +100 on day 360: paid back 50/100 of the way
    // from day 60 to day 360.
    assert_eq!(
        lines[0].measures.payback,
        Payback::PaysBack {
            after: d("210"),
            unit: TimeUnit::Days
        }
    );
    let trigger = PaybackTrigger::new(Some(Decimal::ONE), Some(Decimal::from(90)), false).unwrap();
    let alerts = trigger.alerts(&reports, &lines);
    let subjects: Vec<_> = alerts.iter().map(|a| a.subject.clone()).collect();
    assert_eq!(
        subjects,
        [
            Subject::Initiative(InitiativeId::new("y").unwrap()),
            Subject::ProductLine(ProductLineId::new("l").unwrap()),
        ]
    );
    assert_eq!(alerts[0].threshold, Decimal::from(90));
}

#[test]
fn rankings_refuse_to_compare_units_or_currencies() {
    let periodic = evaluate(&case("p", "l", 100, &[100]), &zero_rate()).unwrap();
    let dated = evaluate(&dated_case("d", "l", 100, 150, 3, 2), &zero_rate()).unwrap();
    assert_eq!(
        rank_by_payback(&[periodic.clone(), dated]),
        Err(Error::IncomparablePayback {
            left: "p".into(),
            left_unit: "periods",
            right: "d".into(),
            right_unit: "days",
        })
    );
    let usd = Currency::new("USD").unwrap();
    let dollars = BusinessCase::new(BusinessCaseData {
        currency: usd,
        investment: Investment {
            people_cost: Component::Periodic(vec![Money::new(Decimal::ONE, usd)]),
            ..Investment::default()
        },
        benefit: Benefit::default(),
        ..BusinessCaseData::from(case("z", "x", 1, &[2]))
    })
    .unwrap();
    let dollars = evaluate(&dollars, &zero_rate()).unwrap();
    let err = rank_by_npv(&[periodic, dollars]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ranking initiative \"z\" by NPV: amount in USD, expected EUR"
    );
    assert_eq!(rank_by_npv(&[]), Ok(Vec::new()));
}

#[test]
fn several_rates_are_reported_not_picked() {
    // Net flows -100, 230, -132: zero NPV at both 10% and 20%.
    let case = BusinessCase::new(BusinessCaseData {
        investment: Investment {
            people_cost: Component::Periodic(vec![m(100), m(0), m(132)]),
            ..Investment::default()
        },
        benefit: Benefit {
            revenue: Component::Periodic(vec![m(0), m(230)]),
            ..Benefit::default()
        },
        ..BusinessCaseData::from(case("two", "l", 1, &[1]))
    })
    .unwrap();
    let report = evaluate(&case, &zero_rate()).unwrap();
    let RateOfReturn::Several { rates, .. } = &report.measures.rate_of_return else {
        panic!(
            "expected several rates, got {:?}",
            report.measures.rate_of_return
        );
    };
    let rounded: Vec<_> = rates.iter().map(|r| r.value().round_dp(8)).collect();
    assert_eq!(rounded, [d("0.1"), d("0.2")]);
}
