//! Property tests: invariants of NPV, IRR, XNPV and XIRR over generated flows.
//!
//! Amounts come from `folio_types::strategy` (decimals with up to four places), so the
//! generators are shared with every folio crate.
// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and f64 tolerances are arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

use chrono::{Datelike, Days};
use folio_roi::{
    Benefit, BusinessCase, BusinessCaseData, Component, DatedFlow, DatedFlows, DayCount, Error,
    Investment, Payback, PeriodRange, PeriodicFlows, RateSearch, ReportPolicy, Window, irr,
    irr_all, irr_strict, npv, npv_from_start, payback, product_lines, xirr, xirr_all, xirr_with,
    xnpv, xnpv_with,
};
use folio_types::strategy;
use folio_types::{Currency, Decimal, NaiveDate, Ratio};
use folio_types::{InitiativeId, Money, ProductLineId};
use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;

fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

/// A conventional investment: one outflow of 1 to 10^6, then 1 to 15 inflows of 0 to
/// 10^6, at least one of them positive.
fn conventional() -> impl Strategy<Value = Vec<Decimal>> {
    (
        1i64..=1_000_000,
        vec(
            strategy::decimal(10_000_000_000).prop_map(|d| d.abs()),
            1..=15,
        ),
    )
        .prop_filter("some inflow", |(_, inflows)| {
            inflows.iter().any(|a| !a.is_zero())
        })
        .prop_map(|(outflow, inflows)| {
            let mut flows = vec![-Decimal::from(outflow)];
            flows.extend(inflows);
            flows
        })
}

/// Any signs: 2 to 12 amounts.
fn any_flows() -> impl Strategy<Value = Vec<Decimal>> {
    vec(strategy::decimal(1_000_000_000), 2..=12)
}

/// A rate in -0.9..=2 with up to four decimals.
fn rate() -> impl Strategy<Value = Ratio> {
    (-9_000i64..=20_000).prop_map(|units| Ratio::new(Decimal::new(units, 4)).unwrap())
}

/// `Σ |aₜ| / (1 + r)^t`: the scale against which an NPV of "zero" is judged.
fn abs_present_value(flows: &[Decimal], r: f64) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(t, a)| a.abs().to_f64().unwrap() / (1.0 + r).powi(i32::try_from(t).unwrap()))
        .sum()
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every rate the solver returns zeroes the NPV, relative to the present value of
    /// the flows' magnitudes, whatever the signs (several rates included).
    #[test]
    fn npv_at_every_irr_is_zero(amounts in any_flows()) {
        let flows = PeriodicFlows::new(eur(), amounts.clone());
        match irr_all(&flows, &RateSearch::default()) {
            Ok(rates) => {
                for r in rates {
                    // The default range reaches just above -100%, where the NPV of long
                    // schedules leaves Decimal's range; only there may it overflow.
                    let Ok(value) = npv_from_start(r, &flows) else {
                        prop_assert!(r.value() < Decimal::new(-9, 1), "rate {r}");
                        continue;
                    };
                    let value = f(value.amount());
                    let scale = abs_present_value(&amounts, f(r.value()));
                    prop_assert!(value.abs() <= 1e-9 * scale, "rate {r}: npv {value}, scale {scale}");
                }
            }
            Err(Error::NoSignChange) => {
                let positive = amounts.iter().any(|a| a.is_sign_positive() && !a.is_zero());
                let negative = amounts.iter().any(|a| a.is_sign_negative() && !a.is_zero());
                prop_assert!(!(positive && negative));
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// The spreadsheet `NPV` is zero at the IRR too: it is the same sum divided by `1 + r`.
    #[test]
    fn spreadsheet_npv_at_irr_is_zero(amounts in conventional()) {
        let flows = PeriodicFlows::new(eur(), amounts.clone());
        if let Ok(rates) = irr(&flows) {
            let r = rates.rate();
            let value = f(npv(r, &flows).unwrap().amount());
            let scale = abs_present_value(&amounts, f(r.value()));
            prop_assert!(value.abs() <= 1e-9 * scale, "rate {r}: npv {value}");
        }
    }

    /// For a conventional investment, NPV with the first flow at time 0 falls as the
    /// rate rises. (The spreadsheet `NPV` also discounts the outflow, so it is not
    /// monotone where it is negative; see `spreadsheet_npv_is_not_monotone` below.)
    #[test]
    fn npv_decreases_with_the_rate(amounts in conventional(), a in rate(), b in rate()) {
        let (low, high) = if a.value() <= b.value() { (a, b) } else { (b, a) };
        let flows = PeriodicFlows::new(eur(), amounts);
        let at_low = npv_from_start(low, &flows).unwrap().amount();
        let at_high = npv_from_start(high, &flows).unwrap().amount();
        prop_assert!(at_low >= at_high, "{at_low} at {low} < {at_high} at {high}");
    }

    /// Scaling every flow by `k` scales the NPV by `k` and leaves the IRR alone.
    #[test]
    fn scaling_scales_npv_and_keeps_irr(
        amounts in conventional(),
        k in (1i64..=1_000_000, 0u32..=3, any::<bool>()),
        r in rate(),
    ) {
        let (units, scale, negative) = k;
        let mut k = Decimal::new(units, scale);
        if negative {
            k = -k;
        }
        let flows = PeriodicFlows::new(eur(), amounts);
        let scaled = flows.scaled(k).unwrap();
        let base = npv(r, &flows).unwrap().amount();
        // Near a rate of -100% the NPV is huge; when base x k leaves Decimal's range the
        // scaled NPV has no exact value to compare with.
        let Some(product) = base.checked_mul(k) else {
            prop_assert!(npv(r, &scaled).is_err() || f(base).abs() > 1e20);
            return Ok(());
        };
        let expected = f(product);
        let got = f(npv(r, &scaled).unwrap().amount());
        prop_assert!((got - expected).abs() <= 1e-12 * expected.abs().max(1.0), "{got} vs {expected}");
        match (irr(&flows), irr(&scaled)) {
            (Ok(x), Ok(y)) => prop_assert!(
                (f(x.rate().value()) - f(y.rate().value())).abs()
                    <= 1e-9 * f(x.rate().value()).abs().max(1.0),
                "{x} vs {y}"
            ),
            (x, y) => prop_assert_eq!(x, y),
        }
    }

    /// Flows exactly 365 days apart are IRR periods: XIRR equals IRR within the
    /// solver tolerance.
    #[test]
    fn xirr_of_365_day_steps_is_irr(amounts in conventional(), start in strategy::date()) {
        let dated: Vec<_> = amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| DatedFlow::new(start + Days::new(365 * i as u64), a))
            .collect();
        let periodic = irr(&PeriodicFlows::new(eur(), amounts));
        let dated = xirr(&DatedFlows::new(eur(), dated));
        match (periodic, dated) {
            (Ok(p), Ok(x)) => prop_assert!(
                (f(p.rate().value()) - f(x.rate().value())).abs()
                    <= 2e-10 * f(p.rate().value()).abs().max(1.0),
                "{p} vs {x}"
            ),
            (p, x) => prop_assert_eq!(p, x),
        }
    }

    /// Flows on the same calendar day of consecutive years are 365 or 366 days apart,
    /// so actual/365 counts a leap year as 366/365 of a period: XIRR then differs from
    /// IRR, but only slightly. Every time is `t = i · (1 + ε)` with `0 <= ε <= 1/365 ·
    /// (1/4 + 1/i) <= 0.0035` for flow `i >= 1`, so `ln(1 + XIRR)` lies within 0.35% of
    /// `ln(1 + IRR)` (plus the solver tolerance).
    #[test]
    fn xirr_of_calendar_years_is_close_to_irr(amounts in conventional(), year in 2000i32..2080) {
        let dated: Vec<_> = amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| {
                let y = year + i32::try_from(i).unwrap();
                DatedFlow::new(NaiveDate::from_ymd_opt(y, 1, 1).unwrap(), a)
            })
            .collect();
        let periodic = irr(&PeriodicFlows::new(eur(), amounts));
        let dated = xirr(&DatedFlows::new(eur(), dated));
        if let (Ok(p), Ok(x)) = (&periodic, &dated) {
            let (lp, lx) = (f(p.rate().value()).ln_1p(), f(x.rate().value()).ln_1p());
            prop_assert!((lp - lx).abs() <= 0.0035 * lp.abs() + 1e-9, "{p} vs {x}");
        } else if let (Ok(_), Err(e)) | (Err(e), Ok(_)) = (&periodic, &dated) {
            // Only a rate at the very edge of the search range may fall on one side.
            prop_assert!(matches!(e, Error::NoRateInRange { .. }), "{periodic:?} vs {dated:?}");
        }
    }

    /// With one sign change the rate is unique: the strict variant agrees, and the list
    /// holds that one rate.
    #[test]
    fn one_sign_change_gives_a_unique_rate(amounts in conventional()) {
        let flows = PeriodicFlows::new(eur(), amounts);
        let search = RateSearch::default();
        match irr(&flows) {
            Ok(rates) => {
                prop_assert!(rates.is_unique(), "{rates}");
                prop_assert_eq!(rates.all(), &[rates.rate()][..]);
                prop_assert_eq!(irr_strict(&flows, &search), Ok(rates.rate()));
            }
            Err(e) => prop_assert_eq!(irr_strict(&flows, &search), Err(e)),
        }
    }

    /// The spreadsheet's rate is among every rate found, which is exactly the `*_all`
    /// list; `is_unique` says whether it is alone.
    #[test]
    fn spreadsheet_rate_is_among_all_rates(amounts in any_flows()) {
        let flows = PeriodicFlows::new(eur(), amounts);
        let all = irr_all(&flows, &RateSearch::default());
        match irr(&flows) {
            Ok(rates) => {
                prop_assert!(rates.all().contains(&rates.rate()), "{rates}");
                prop_assert_eq!(rates.is_unique(), rates.all().len() == 1);
                prop_assert_eq!(Ok(rates.all().to_vec()), all);
            }
            Err(Error::NoRateInRange { .. }) => prop_assert_eq!(all, Ok(Vec::new())),
            Err(e) => prop_assert_eq!(all, Err(e)),
        }
    }

    /// Under every day count, XNPV at each XIRR rate is zero to 1e-9 of the absolute
    /// present values, and neither depends on the order of the flows.
    #[test]
    fn xirr_zeroes_xnpv_under_every_day_count(
        points in vec((strategy::date(), strategy::decimal(1_000_000_000)), 2..=10),
        which in 0usize..DayCount::ALL.len(),
    ) {
        let day_count = DayCount::ALL[which];
        let flows: Vec<_> = points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect();
        let mut reversed = flows.clone();
        reversed.reverse();
        let a = DatedFlows::new(eur(), flows);
        let b = DatedFlows::new(eur(), reversed);
        let search = RateSearch::default();
        let rates = xirr_with(&a, &search, day_count);
        prop_assert_eq!(&rates, &xirr_with(&b, &search, day_count));
        prop_assert_eq!(xirr_all(&a, &search, day_count), xirr_all(&b, &search, day_count));
        let Ok(rates) = rates else { return Ok(()) };
        let first = a.first_date().unwrap();
        for r in rates.all() {
            let rf = r.value().to_f64().unwrap();
            let scale: f64 = a
                .netted()
                .unwrap()
                .iter()
                .map(|fl| {
                    fl.amount.abs().to_f64().unwrap()
                        * (1.0 + rf).powf(-day_count.year_fraction(first, fl.date))
                })
                .sum();
            let Ok(value) = xnpv_with(*r, &a, day_count) else {
                // Decimal holds about 7.9e28: only a larger NPV scale may overflow.
                prop_assert!(scale > 1e28, "rate {r}: scale {scale}");
                continue;
            };
            let value = value.amount().to_f64().unwrap();
            prop_assert!(value.abs() <= 1e-9 * scale, "{day_count} rate {r}: xnpv {value}, scale {scale}");
        }
    }

    /// Every rate is reported: wherever the NPV changes sign between two neighbouring
    /// points of a fine grid in `ln(1 + r)` (a quarter of the old scan's 0.007 step)
    /// across the default range, with both values clear of rounding, `xirr_all`
    /// reports a rate inside that cell.
    #[test]
    fn xirr_all_misses_no_sign_change_of_a_fine_grid(
        points in vec((strategy::date(), strategy::decimal(1_000_000_000)), 3..=8),
    ) {
        let flows = DatedFlows::new(eur(), points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect());
        let Ok(rates) = xirr_all(&flows, &RateSearch::default(), DayCount::Act365F) else {
            return Ok(());
        };
        let netted = flows.netted().unwrap();
        let first = netted[0].date;
        let times: Vec<f64> = netted
            .iter()
            .map(|fl| DayCount::Act365F.year_fraction(first, fl.date))
            .collect();
        let amounts: Vec<f64> = netted.iter().map(|fl| fl.amount.to_f64().unwrap()).collect();
        let latest = times.last().copied().unwrap();
        // g(u) = Σ a e^(c u) with every factor at most 1, and the sum of |terms|.
        let g = |u: f64| {
            let shift = if u >= 0.0 { 0.0 } else { latest };
            times.iter().zip(&amounts).fold((0.0, 0.0), |(v, s), (&t, &a)| {
                let w = a * ((shift - t) * u).exp();
                (v + w, s + w.abs())
            })
        };
        let found: Vec<f64> = rates.iter().map(|r| (r.value() + Decimal::ONE).to_f64().unwrap().ln()).collect();
        let (lo, hi) = (1e-12_f64.ln(), 1_000_001_f64.ln());
        let step = 0.007 / 4.0;
        let mut u = lo;
        let mut previous = g(u);
        while u < hi {
            let next = (u + step).min(hi);
            let value = g(next);
            let clear = |(v, s): (f64, f64)| v.abs() > 1e-9 * s;
            if clear(previous) && clear(value) && (previous.0 > 0.0) != (value.0 > 0.0) {
                prop_assert!(
                    found.iter().any(|&f| f >= u - 1e-9 && f <= next + 1e-9),
                    "sign change in [{u}, {next}] not reported: {found:?}"
                );
            }
            previous = value;
            u = next;
        }
    }

    /// Dated measures do not depend on the order the flows are given in.
    #[test]
    fn dated_measures_ignore_input_order(
        points in vec((strategy::date(), strategy::decimal(1_000_000_000)), 1..=12),
        r in rate(),
    ) {
        let flows: Vec<_> = points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect();
        let mut reversed = flows.clone();
        reversed.reverse();
        let a = DatedFlows::new(eur(), flows);
        let b = DatedFlows::new(eur(), reversed);
        prop_assert_eq!(xnpv(r, &a), xnpv(r, &b));
        prop_assert_eq!(xirr(&a), xirr(&b));
        prop_assert!(a.first_date().is_some_and(|d| d.year() >= 2000));
    }
}

/// Business cases: initiative `i{n}` in one of three product lines, a cost in period 0
/// and up to six periods of benefit, in cents.
fn cases() -> impl Strategy<Value = Vec<BusinessCase>> {
    vec(
        (0u8..3, 0i64..=100_000_000, vec(0i64..=50_000_000, 1..=6)),
        1..=8,
    )
    .prop_map(|specs| {
        let eur = eur();
        let cents = |c: i64| Money::new(Decimal::new(c, 2), eur);
        specs
            .into_iter()
            .enumerate()
            .map(|(n, (line, cost, gains))| {
                let mut revenue = vec![cents(0)];
                revenue.extend(gains.iter().map(|&g| cents(g)));
                BusinessCase::new(BusinessCaseData {
                    initiative: InitiativeId::new(format!("i{n}")).unwrap(),
                    product_line: ProductLineId::new(format!("line-{line}")).unwrap(),
                    currency: eur,
                    investment: Investment {
                        people_cost: Component::Periodic(vec![cents(cost)]),
                        ..Investment::default()
                    },
                    benefit: Benefit {
                        revenue: Component::Periodic(revenue),
                        ..Benefit::default()
                    },
                    benefit_window: Window::Periods(PeriodRange::new(1, 6).unwrap()),
                })
                .unwrap()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Product-line reports do not depend on the order of the cases, and a line's NPV
    /// is the sum of its initiatives' NPVs (exactly at 0%, to rounding otherwise).
    #[test]
    fn product_lines_are_order_free_and_npv_additive(cases in cases(), r in rate()) {
        let policy = ReportPolicy::new(r).unwrap();
        let lines = product_lines(&cases, &policy).unwrap();
        let mut reversed = cases.clone();
        reversed.reverse();
        prop_assert_eq!(&product_lines(&reversed, &policy).unwrap(), &lines);
        for line in &lines {
            let sum: Decimal = line.initiatives.iter().map(|c| c.npv.amount()).sum();
            let diff = (sum - line.measures.npv.amount()).abs();
            prop_assert!(diff <= Decimal::new(1, 12), "{} vs {}", sum, line.measures.npv);
            let invested: Decimal = line.initiatives.iter().map(|c| c.investment.amount()).sum();
            prop_assert_eq!(invested, line.measures.investment.amount());
        }
    }

    /// Simple payback lies within the horizon exactly when the undiscounted total is
    /// non-negative, and then between period 0 and the last period.
    #[test]
    fn payback_is_within_the_horizon_iff_the_total_is_non_negative(amounts in any_flows()) {
        let flows = PeriodicFlows::new(eur(), amounts.clone());
        let total: Decimal = amounts.iter().sum();
        match payback(&flows).unwrap() {
            Payback::PaysBack { after, .. } => {
                prop_assert!(total >= Decimal::ZERO);
                prop_assert!(after >= Decimal::ZERO && after <= Decimal::from(amounts.len() - 1));
            }
            Payback::Never { shortfall, .. } => prop_assert_eq!(shortfall, -total),
            other => prop_assert!(false, "unexpected payback {other:?}"),
        }
    }
}

#[test]
fn spreadsheet_npv_is_not_monotone() {
    // -100 then 10: NPV = (-100 + 10 / (1 + r)) / (1 + r) rises from r = 0 (-90) to
    // r = 1 (-47.5), because the outflow is discounted too.
    let flows = PeriodicFlows::new(eur(), vec![Decimal::from(-100), Decimal::from(10)]);
    let at = |r: i64| {
        npv(Ratio::new(Decimal::from(r)).unwrap(), &flows)
            .unwrap()
            .amount()
    };
    assert!(at(0) < at(1));
}
