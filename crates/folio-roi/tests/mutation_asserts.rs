//! What the documented rules say, asserted where no other test looked (issue 20, item 6:
//! the mutants of folio-roi that no test caught). Every expected value is worked out by
//! hand from the rule in the docs, not read off the code's output.
// Tests fail loudly: they unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Year fractions are compared exactly: both sides are the same single division.
#![allow(clippy::float_cmp)]

mod common;

use common::{case, eur, m};
use folio_roi::{
    Benefit, BusinessCase, BusinessCaseData, Component, DatedFlow, DatedFlows, DatedMoney,
    DayCount, Error, InitiativeReport, Investment, NetFlows, Payback, PaybackAlert, PaybackTrigger,
    PeriodRange, PeriodicFlows, RateOfReturn, RateSearch, ReportPolicy, Subject, TimeUnit, Window,
    evaluate, irr, payback, xnpv_with,
};
use folio_types::{Decimal, InitiativeId, NaiveDate, Period, ProductLineId, Ratio};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(y: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, month, day).unwrap()
}

fn periodic(amounts: &[i64]) -> PeriodicFlows {
    PeriodicFlows::new(eur(), amounts.iter().copied().map(Decimal::from).collect())
}

fn ratio(s: &str) -> Ratio {
    Ratio::new(d(s)).unwrap()
}

/// A dated case: 1,000 spent on 2026-01-01, 1,100 earned on 2027-01-01.
fn dated_case() -> BusinessCase {
    BusinessCase::new(BusinessCaseData {
        initiative: InitiativeId::new("dated").unwrap(),
        product_line: ProductLineId::new("atlas").unwrap(),
        currency: eur(),
        investment: Investment {
            people_cost: Component::Dated(vec![DatedMoney {
                date: date(2026, 1, 1),
                amount: m(1_000),
            }]),
            ..Investment::default()
        },
        benefit: Benefit {
            revenue: Component::Dated(vec![DatedMoney {
                date: date(2027, 1, 1),
                amount: m(1_100),
            }]),
            ..Benefit::default()
        },
        benefit_window: Window::Dates(
            Period::custom(date(2026, 1, 1), date(2027, 12, 31)).unwrap(),
        ),
    })
    .unwrap()
}

// ----- business cases -----

#[test]
fn roi_is_written_with_its_net_and_investment() {
    // Investment 200, benefit 250: net 50, ROI 50 / 200 = 0.25.
    let case = case("sso", "atlas", 200, &[250]);
    let roi = case.roi(None).unwrap();
    assert_eq!(roi.roi.value(), d("0.25"));
    assert_eq!(
        roi.to_string(),
        "ROI 0.25 (net 50 EUR on an investment of 200 EUR)"
    );
}

#[test]
fn a_case_gives_back_the_components_it_was_built_from() {
    let case = case("sso", "atlas", 200, &[120, 130]);
    assert_eq!(
        case.investment().people_cost,
        Component::Periodic(vec![m(200)])
    );
    assert_eq!(case.investment().vendor_cost, Component::default());
    assert_eq!(
        case.benefit().revenue,
        Component::Periodic(vec![m(0), m(120), m(130)])
    );
    assert_eq!(case.benefit().cost_savings, Component::default());
}

#[test]
fn a_schedule_mismatch_names_the_kind_of_window() {
    // A dated cost against a window of periods, and a periodic cost against dates.
    let mut data = BusinessCaseData {
        initiative: InitiativeId::new("mixed").unwrap(),
        product_line: ProductLineId::new("atlas").unwrap(),
        currency: eur(),
        investment: Investment {
            people_cost: Component::Dated(vec![DatedMoney {
                date: date(2026, 1, 1),
                amount: m(10),
            }]),
            ..Investment::default()
        },
        benefit: Benefit::default(),
        benefit_window: Window::Periods(PeriodRange::new(0, 1).unwrap()),
    };
    let shown = BusinessCase::new(data.clone()).unwrap_err().to_string();
    assert!(
        shown.contains("against a benefit window of periods"),
        "{shown}"
    );
    data.investment.people_cost = Component::Periodic(vec![m(10)]);
    data.benefit_window =
        Window::Dates(Period::custom(date(2026, 1, 1), date(2026, 12, 31)).unwrap());
    let shown = BusinessCase::new(data).unwrap_err().to_string();
    assert!(
        shown.contains("against a benefit window of dates"),
        "{shown}"
    );
}

// ----- flows -----

#[test]
fn flows_count_their_amounts() {
    let flows = periodic(&[-100, 60, 60]);
    assert_eq!(flows.len(), 3);
    assert!(!flows.is_empty());
    let none = periodic(&[]);
    assert_eq!(none.len(), 0);
    assert!(none.is_empty());

    let dated = DatedFlows::new(
        eur(),
        vec![
            DatedFlow::new(date(2026, 1, 1), d("-100")),
            DatedFlow::new(date(2026, 6, 1), d("60")),
        ],
    );
    assert_eq!(dated.len(), 2);
    assert!(!dated.is_empty());
    let none = DatedFlows::new(eur(), Vec::new());
    assert_eq!(none.len(), 0);
    assert!(none.is_empty());
}

#[test]
fn a_year_fraction_backwards_is_negative() {
    // deltaquants.com example 1: 2007-12-28 to 2008-02-28 is 62 actual days.
    let (a, b) = (date(2007, 12, 28), date(2008, 2, 28));
    assert_eq!(DayCount::Act360.year_fraction(a, b), 62.0 / 360.0);
    assert_eq!(DayCount::Act360.year_fraction(b, a), -62.0 / 360.0);
    assert_eq!(
        DayCount::ActActIsda.year_fraction(b, a),
        -(4.0 / 365.0 + 58.0 / 366.0)
    );
    assert_eq!(DayCount::Act360.year_fraction(a, a), 0.0);
}

// ----- rates of return -----

#[test]
fn rates_list_the_others_and_write_them_when_not_unique() {
    // -100, +230, -132 = -(1 + r)^-2 (100 (1 + r)^2 - 230 (1 + r) + 132): zero where
    // 1 + r is 1.1 or 1.2. Newton's method from the default guess of 10% stays at 10%.
    let rates = irr(&periodic(&[-100, 230, -132])).unwrap();
    assert!(!rates.is_unique());
    assert_eq!(rates.rate().value().round_dp(9), d("0.1"));
    let others: Vec<Ratio> = rates.others().collect();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0].value().round_dp(9), d("0.2"));
    assert_eq!(
        rates.to_string(),
        format!("{} (not unique; also {})", rates.rate(), others[0])
    );

    // One sign change: one rate, written alone. -100, +121 over two periods: 10%.
    let rates = irr(&periodic(&[-100, 0, 121])).unwrap();
    assert!(rates.is_unique());
    assert_eq!(rates.others().count(), 0);
    assert_eq!(rates.rate().value().round_dp(9), d("0.1"));
    assert_eq!(rates.to_string(), rates.rate().to_string());
}

#[test]
fn a_rate_of_return_is_written_as_the_docs_say() {
    assert_eq!(
        RateOfReturn::Rate {
            rate: ratio("0.125")
        }
        .to_string(),
        "0.125"
    );
    assert_eq!(
        RateOfReturn::Several {
            rate: ratio("0.1"),
            rates: vec![ratio("0.1"), ratio("0.2")],
        }
        .to_string(),
        "0.1 (not unique; all rates: 0.1, 0.2)"
    );
    assert_eq!(
        RateOfReturn::NoSignChange.to_string(),
        "none: the flows never change sign"
    );
    assert_eq!(
        RateOfReturn::NotInRange.to_string(),
        "none in the range searched"
    );
}

// ----- payback -----

#[test]
fn paybacks_are_written_with_their_unit() {
    assert_eq!(TimeUnit::Periods.to_string(), "periods");
    assert_eq!(TimeUnit::Days.to_string(), "days");
    // -100 + 50 + 50: recovered exactly at the end of period 2.
    assert_eq!(
        payback(&periodic(&[-100, 50, 50])).unwrap().to_string(),
        "2 periods"
    );
    // -100 + 10 + 10: 80 short at the end.
    assert_eq!(
        payback(&periodic(&[-100, 10, 10])).unwrap().to_string(),
        "never (80 short after the last of the periods)"
    );
}

// ----- the report policy -----

#[test]
fn the_policy_keeps_its_day_count_and_the_report_uses_it() {
    let base = ReportPolicy::new(ratio("0.1")).unwrap();
    assert_eq!(base.day_count(), DayCount::Act365F);
    let policy = base.with_day_count(DayCount::Act360);
    assert_eq!(policy.day_count(), DayCount::Act360);
    assert_eq!(policy.discount_rate(), ratio("0.1"));

    // The dated case's XNPV under ACT/360 (365 days = 365/360 years) differs from
    // ACT/365F's (exactly one year), and the report takes the policy's.
    let case = dated_case();
    let NetFlows::Dated(flows) = case.net_flows().unwrap() else {
        panic!("a dated case has dated net flows");
    };
    let act360 = xnpv_with(ratio("0.1"), &flows, DayCount::Act360).unwrap();
    let act365 = xnpv_with(ratio("0.1"), &flows, DayCount::Act365F).unwrap();
    assert_ne!(act360, act365);
    // Under ACT/365F: -1,000 + 1,100 / 1.1 = 0.
    assert!(act365.amount().abs() < d("0.000001"), "{act365}");
    assert_eq!(evaluate(&case, &policy).unwrap().measures.npv, act360);
    assert_eq!(evaluate(&case, &base).unwrap().measures.npv, act365);
}

#[test]
fn the_policy_keeps_its_rate_search_and_the_report_uses_it() {
    let base = ReportPolicy::new(ratio("0.1")).unwrap();
    assert_eq!(base.rate_search(), &RateSearch::default());
    // 200 invested, 250 back a period later: 25%, outside a search of 0% to 20%.
    let search = RateSearch::new(ratio("0"), ratio("0.2"), ratio("0.1")).unwrap();
    let policy = base.with_rate_search(search);
    assert_eq!(policy.rate_search(), &search);
    assert_eq!(policy.day_count(), base.day_count());
    let case = case("sso", "atlas", 200, &[250]);
    assert_eq!(
        evaluate(&case, &policy).unwrap().measures.rate_of_return,
        RateOfReturn::NotInRange
    );
    let RateOfReturn::Rate { rate } = evaluate(&case, &base).unwrap().measures.rate_of_return
    else {
        panic!("one sign change has one rate");
    };
    assert_eq!(rate.value().round_dp(9), d("0.25"));
}

// ----- the payback trigger -----

fn report(id: &str, cost: i64, gains: &[i64]) -> InitiativeReport {
    evaluate(
        &case(id, "atlas", cost, gains),
        &ReportPolicy::new(ratio("0.1")).unwrap(),
    )
    .unwrap()
}

#[test]
fn the_trigger_keeps_its_settings() {
    let trigger = PaybackTrigger::new(Some(d("3")), Some(d("400")), true).unwrap();
    assert_eq!(trigger.max_periods(), Some(d("3")));
    assert_eq!(trigger.max_days(), Some(d("400")));
    assert!(trigger.discounted());
    let trigger = PaybackTrigger::new(None, None, false).unwrap();
    assert_eq!(trigger.max_periods(), None);
    assert_eq!(trigger.max_days(), None);
    assert!(!trigger.discounted());
}

#[test]
fn a_payback_at_the_threshold_does_not_fire() {
    // -100, +50, +50: simple payback after exactly 2 periods.
    let reports = [report("exact", 100, &[50, 50])];
    let at = PaybackTrigger::new(Some(d("2")), None, false).unwrap();
    assert!(at.alerts(&reports, &[]).is_empty());
    let below = PaybackTrigger::new(Some(d("1.99")), None, false).unwrap();
    let alerts = below.alerts(&reports, &[]);
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0].payback,
        Payback::PaysBack {
            after: d("2"),
            unit: TimeUnit::Periods
        }
    );
    assert_eq!(alerts[0].threshold, d("1.99"));
}

#[test]
fn the_trigger_judges_the_payback_it_is_set_to() {
    // -100, +50, +50, +50 at 10%: simple payback 2 periods; discounted, the present
    // values 45.45, 41.32 and 37.57 leave 13.22 to recover in period 3: about 2.35.
    let reports = [report("slow", 100, &[50, 50, 50])];
    let simple = PaybackTrigger::new(Some(d("2.2")), None, false).unwrap();
    assert!(simple.alerts(&reports, &[]).is_empty());
    let discounted = PaybackTrigger::new(Some(d("2.2")), None, true).unwrap();
    let alerts = discounted.alerts(&reports, &[]);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].payback, reports[0].measures.discounted_payback);
    let after = alerts[0].payback.after().unwrap();
    assert!(after > d("2.35") && after < d("2.36"), "{after}");
}

#[test]
fn alerts_are_written_with_their_subject_payback_and_threshold() {
    assert_eq!(
        Subject::Initiative(InitiativeId::new("sso").unwrap()).to_string(),
        "initiative sso"
    );
    assert_eq!(
        Subject::ProductLine(ProductLineId::new("atlas").unwrap()).to_string(),
        "product line atlas"
    );
    let reports = [report("exact", 100, &[50, 50])];
    let alerts = PaybackTrigger::new(Some(d("1.5")), None, false)
        .unwrap()
        .alerts(&reports, &[]);
    let alert: &PaybackAlert = &alerts[0];
    assert_eq!(
        alert.to_string(),
        "initiative exact: payback 2 periods exceeds 1.5 periods"
    );
}

// ----- windows -----

#[test]
fn a_period_range_gives_back_its_ends() {
    let range = PeriodRange::new(2, 5).unwrap();
    assert_eq!((range.first(), range.last()), (2, 5));
    let one = PeriodRange::new(3, 3).unwrap();
    assert_eq!((one.first(), one.last()), (3, 3));
    assert!(matches!(
        PeriodRange::new(5, 2),
        Err(Error::InvalidWindow { first: 5, last: 2 })
    ));
}

// ----- schemas -----

#[cfg(feature = "schemars")]
#[test]
fn hand_written_schemas_describe_their_fields() {
    let search = serde_json::to_value(schemars::schema_for!(RateSearch)).unwrap();
    assert_eq!(search["title"], "RateSearch", "{search}");
    for field in ["min_rate", "max_rate", "guess"] {
        assert!(
            search["properties"].get(field).is_some(),
            "{field}: {search}"
        );
    }
    let trigger = serde_json::to_value(schemars::schema_for!(PaybackTrigger)).unwrap();
    assert_eq!(trigger["title"], "PaybackTrigger", "{trigger}");
    for field in ["max_periods", "max_days", "discounted"] {
        assert!(
            trigger["properties"].get(field).is_some(),
            "{field}: {trigger}"
        );
    }
}
