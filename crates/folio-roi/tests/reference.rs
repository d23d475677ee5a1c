//! Published reference values for IRR, XIRR, XNPV and the day counts, ported from the
//! test suites of pyxirr (Anexen/pyxirr at commit 5f31a85684051fb6badb542afba0ac1af5a68f9c,
//! released into the public domain under the Unlicense) and the sources they quote. Each
//! case cites the file and line it comes from. The CSV schedules under `tests/data/pyxirr/`
//! are pyxirr's `tests/samples/` files, unchanged.
//!
//! No expected value here was produced by folio-roi.

// Helpers outside `#[test]` functions are not covered by clippy.toml's test
// exemptions: a failing test should fail loudly, and test tables are data.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::type_complexity,
    clippy::excessive_precision
)]

use std::path::Path;

use folio_roi::{
    DatedFlow, DatedFlows, DayCount, Error, PeriodicFlows, RateSearch, Rates, irr, xirr, xirr_with,
    xnpv,
};
use folio_types::{Currency, Decimal, NaiveDate, Ratio};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

fn usd() -> Currency {
    Currency::new("USD").unwrap()
}

/// A pyxirr sample: `date,amount` lines, in file order.
fn sample(name: &str) -> Vec<(NaiveDate, Decimal)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pyxirr")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (date, amount) = line.trim().split_once(',').unwrap();
            let amount = amount.trim();
            let amount = amount
                .parse::<Decimal>()
                .or_else(|_| Decimal::from_scientific(amount))
                .unwrap_or_else(|e| panic!("{name}: {amount}: {e}"));
            (date.parse().unwrap(), amount)
        })
        .collect()
}

fn dated(points: &[(NaiveDate, Decimal)]) -> DatedFlows {
    DatedFlows::new(
        usd(),
        points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect(),
    )
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

fn contains(rates: &Rates, expected: f64, tolerance: f64) -> bool {
    rates
        .all()
        .iter()
        .any(|r| (f(r.value()) - expected).abs() <= tolerance * expected.abs().max(1.0))
}

/// pyxirr `tests/test_scheduled.rs` lines 24-84 (`test_xirr_samples`): (line, sample,
/// pyxirr's rate or `None` where pyxirr finds none, another root pyxirr's comment gives).
const XIRR_SAMPLES: &[(u32, &str, Option<f64>, Option<f64>)] = &[
    (25, "unordered.csv", Some(0.16353715844), None),
    (26, "single_redemption.csv", Some(0.13616957937417506), None),
    (27, "random.csv", Some(0.6924974337277426), None),
    (28, "random_100.csv", Some(29.829404437653), None),
    (29, "random_1000.csv", Some(5.508930558032), None),
    (30, "30-0.csv", Some(0.1660454339589889), None),
    (31, "30-1.csv", Some(0.18180763138335373), None),
    (32, "30-2.csv", Some(-0.0027489547855574564), None),
    (33, "30-3.csv", Some(5.852451769434373), None),
    (34, "30-4.csv", Some(0.16098047379438984), None),
    (35, "30-5.csv", Some(0.008979287890185613), None),
    (36, "30-6.csv", Some(0.3255467341810659), None),
    (37, "30-7.csv", Some(0.3501464865493174), None),
    (38, "30-8.csv", Some(3.353029509425298), None),
    (39, "30-9.csv", Some(2.878013825163697), None),
    (40, "30-10.csv", Some(0.11143674454788119), None),
    (41, "30-11.csv", Some(-0.12606921657689435), None),
    (42, "30-12.csv", Some(-0.02578630164755525), None),
    (
        43,
        "30-13.csv",
        Some(-0.6590570693637554),
        Some(-0.02910731236366771),
    ),
    (44, "30-14.csv", Some(0.6996860198137344), None),
    (45, "30-15.csv", Some(0.02976853488940409), None),
    (46, "30-16.csv", Some(0.44203743561153225), None),
    (47, "30-17.csv", Some(2.7956075643765765), None),
    (48, "30-18.csv", Some(-0.2692266976014054), None),
    (49, "30-19.csv", Some(-0.0016474932646633118), None),
    (50, "30-20.csv", None, None),
    (51, "30-21.csv", Some(0.05900900202336096), None),
    (
        52,
        "30-22.csv",
        Some(-0.028668460065440993),
        Some(-0.3154082674273421),
    ),
    (53, "30-23.csv", Some(1.1276768367328942), None),
    (54, "30-24.csv", Some(32.90894421344702), None),
    (55, "30-25.csv", Some(-0.001245880387491199), None),
    (56, "30-26.csv", Some(-0.33228389267806224), None),
    (57, "30-27.csv", Some(0.00017475536849502265), None),
    (
        58,
        "30-28.csv",
        Some(-0.10396735360664396),
        Some(1.1258287638216773),
    ),
    (59, "30-29.csv", None, None),
    (60, "30-30.csv", Some(0.08115488395163964), None),
    (61, "30-31.csv", None, None),
    (62, "30-32.csv", Some(-0.1305850720162), None),
    (63, "30-33.csv", None, None),
    (64, "30-34.csv", None, None),
    (65, "30-35.csv", Some(-0.23061428300107065), None),
    (66, "30-36.csv", Some(-0.09610929159865819), None),
    (
        67,
        "30-37.csv",
        Some(-0.17219174455291367),
        Some(-0.6519313380797903),
    ),
    (68, "30-38.csv", None, None),
    (69, "30-39.csv", Some(-0.202699788567102), None),
    (70, "30-40.csv", None, None),
    (71, "30-41.csv", Some(-0.11644766662933352), None),
    (72, "30-42.csv", None, None),
    (73, "30-43.csv", Some(-0.12837518345271245), None),
    (74, "30-44.csv", None, None),
    (75, "30-45.csv", None, None),
    (76, "30-46.csv", Some(-0.047401670775621726), None),
    (77, "30-47.csv", Some(-0.6103425929117927), None),
    (78, "30-48.csv", Some(-0.07525261340272364), None),
    (79, "minus_0_13.csv", Some(-0.13423264098831872), None),
    (80, "minus_0_99.csv", Some(-0.9989769231734277), None),
    (81, "minus_0_99999.csv", Some(-0.9999884228170087), None),
    (82, "minus_0_993.csv", Some(-0.993785049929284), None),
    (83, "zeros.csv", Some(0.175680730580782), None),
    (84, "1938.csv", Some(-0.5945650822679239), None),
];

/// pyxirr's default guess when none is given (`initial_guess` in pyxirr's
/// `src/core/utils.rs`, line 50): `inflows / -outflows - 1`, clamped to `[-0.9, 0.1]`.
fn pyxirr_guess(points: &[(NaiveDate, Decimal)]) -> f64 {
    let (mut inflows, mut outflows) = (0.0, 0.0);
    for &(_, a) in points {
        if a.is_sign_negative() {
            outflows += f(a);
        } else {
            inflows += f(a);
        }
    }
    (inflows / -outflows - 1.0).clamp(-0.9, 0.1)
}

/// `Σ |aᵢ| (1 + r)^(-τᵢ)`: the scale against which an NPV of "zero" is judged.
fn abs_present_value(points: &[(NaiveDate, Decimal)], r: f64, day_count: DayCount) -> f64 {
    let first = points.iter().map(|p| p.0).min().unwrap();
    points
        .iter()
        .map(|&(d, a)| f(a).abs() * (1.0 + r).powf(-day_count.year_fraction(first, d)))
        .sum()
}

/// The NPV at every rate found is zero to the crate's promise, 1e-9 of the scale,
/// wherever Decimal can hold the NPV (rates near -100% over many years cannot).
fn assert_every_rate_zeroes_xnpv(file: &str, points: &[(NaiveDate, Decimal)], rates: &Rates) {
    let flows = dated(points);
    for r in rates.all() {
        match xnpv(*r, &flows) {
            Ok(value) => {
                let scale = abs_present_value(points, f(r.value()), DayCount::Act365F);
                let value = f(value.amount());
                assert!(
                    value.abs() <= 1e-9 * scale,
                    "{file}: rate {r}: xnpv {value}, scale {scale}"
                );
            }
            // Decimal holds about 7.9e28; beyond, the NPV overflows as documented.
            Err(e) => assert!(
                abs_present_value(points, f(r.value()), DayCount::Act365F) > 1e28,
                "{file}: rate {r}: {e}"
            ),
        }
    }
}

/// Every rate pyxirr publishes is among the rates found, and so is every other root
/// pyxirr's comments name; with pyxirr's own starting guess our spreadsheet rate is
/// pyxirr's rate. Where pyxirr finds no rate, any rate found zeroes the XNPV.
#[test]
fn xirr_matches_pyxirr_samples() {
    // pyxirr's assertion tolerance (`assert_almost_eq!`, 1e-9 absolute) applies to its
    // own Newton result, which stops once a step is below 1e-9; pyxirr's
    // `minus_0_13.csv` rate is 1.9e-10 from the exact root. 1e-9 relative to
    // `max(1, |rate|)` is that tolerance.
    const TOLERANCE: f64 = 1e-9;
    let mut spreadsheet_differs = Vec::new();
    for &(line, file, expected, alternative) in XIRR_SAMPLES {
        let points = sample(file);
        let flows = dated(&points);
        let got = xirr(&flows);
        let Some(expected) = expected else {
            match got {
                Ok(rates) => assert_every_rate_zeroes_xnpv(file, &points, &rates),
                Err(e) => assert!(
                    matches!(e, Error::NoRateInRange { .. }),
                    "line {line} {file}: {e}"
                ),
            }
            continue;
        };
        let rates = got.unwrap_or_else(|e| panic!("line {line} {file}: {e}"));
        assert!(
            contains(&rates, expected, TOLERANCE),
            "line {line} {file}: {expected} not in {rates}"
        );
        if let Some(other) = alternative {
            assert!(
                contains(&rates, other, TOLERANCE),
                "line {line} {file}: {other} not in {rates}"
            );
        }
        assert_every_rate_zeroes_xnpv(file, &points, &rates);
        if (f(rates.rate().value()) - expected).abs() > TOLERANCE * expected.abs().max(1.0) {
            spreadsheet_differs.push(file);
        }
        let guess = Ratio::new(Decimal::from_f64(pyxirr_guess(&points)).unwrap()).unwrap();
        let default = RateSearch::default();
        let search = RateSearch::new(default.min_rate(), default.max_rate(), guess).unwrap();
        let from_pyxirr_guess = xirr_with(&flows, &search, DayCount::Act365F).unwrap();
        assert!(
            (f(from_pyxirr_guess.rate().value()) - expected).abs()
                <= TOLERANCE * expected.abs().max(1.0),
            "line {line} {file}: from pyxirr's guess {guess}: {from_pyxirr_guess}, pyxirr {expected}"
        );
    }
    // From the spreadsheet's 10% (rather than pyxirr's guess), Newton reaches another
    // root of these schedules; pyxirr's rate is then among the others.
    assert_eq!(
        spreadsheet_differs,
        ["30-11.csv", "30-18.csv", "30-28.csv", "1938.csv"]
    );
}

/// pyxirr `tests/test_scheduled.rs` lines 11-21 (`test_xnpv_samples`), at 10%.
#[test]
fn xnpv_matches_pyxirr_samples() {
    let rate = Ratio::new(Decimal::new(1, 1)).unwrap();
    for (line, file, expected) in [
        (12, "unordered.csv", 2218.42566365675),
        (13, "random_100.csv", 6488.0382272781),
        (14, "random_1000.csv", 41169.6659983284),
    ] {
        let got = f(xnpv(rate, &dated(&sample(file))).unwrap().amount());
        assert!(
            (got - expected).abs() < 1e-9,
            "line {line} {file}: {got} vs {expected}"
        );
    }
}

/// pyxirr `tests/test_periodic.rs` lines 733-736 (`test_irr_samples`): IRR of the
/// amounts in file order, with NPV at the rate zero to 1e-8 (pyxirr's line 745).
#[test]
fn irr_matches_pyxirr_samples() {
    for (line, file, expected) in [
        (733, "unordered.csv", 0.7039842300),
        (734, "random_100.csv", 2.3320600601),
        (735, "random_1000.csv", 0.8607558299),
        (736, "minus_0_993.csv", -0.995697224362268),
    ] {
        let amounts: Vec<Decimal> = sample(file).into_iter().map(|(_, a)| a).collect();
        let rates = irr(&PeriodicFlows::new(usd(), amounts)).unwrap();
        assert!(
            contains(&rates, expected, 1e-9),
            "line {line} {file}: {expected} not in {rates}"
        );
    }
}

/// pyxirr `tests/test_periodic.rs` lines 591-609 (`test_irr_works`), 634-657
/// (`test_irr_equal_payments`, first part repeated then the second), 669-689
/// (`test_irr_special_cases`, quoting numpy-financial issues 44, 39 and 28 and pyxirr
/// issue 56) and 703-730 (pyxirr issue 46).
#[test]
fn irr_matches_pyxirr_cases() {
    let works: &[(u32, &[f64], f64)] = &[
        (591, &[-100.0, 39.0, 59.0, 55.0, 20.0], 0.28094842116),
        (592, &[-100.0, 0.0, 0.0, 74.0], -0.09549583034),
        (593, &[-100.0, 100.0, 0.0, -7.0], -0.08329966618),
        (
            594,
            &[-161445.03, 2113.73, 7626.73, 8619.84, 8612.92],
            -0.43658134635,
        ),
        (
            595,
            &[-150000.0, 15000.0, 25000.0, 35000.0, 45000.0, 60000.0],
            0.05243288885,
        ),
        (599, &[-100.0, 100.0, 0.0, 7.0], 0.06205848562),
        (600, &[-5.0, 10.5, 1.0, -8.0, 1.0], 0.08859833852),
        (
            601,
            &[-5.0, 10.5, 1.0, -8.0, 1.0, 0.0, 0.0, 0.0],
            0.08859833852,
        ),
        (
            602,
            &[-40000.0, 5000.0, 8000.0, 12000.0, 30000.0],
            0.10582259840,
        ),
        (603, &[-10.0, 2.0, 2.0, 2.0, 2.0], -0.08364541746615073),
        (
            604,
            &[
                -5099701.25,
                -22503.796875,
                -22503.79296875,
                -22503.79296875,
                -20907.26171875,
                -17899.7421875,
                -17899.7421875,
                -17899.7421875,
                -14660.69140625,
                -12447.80078125,
                -12447.796875,
                -12018.1640625,
                -5991.81640625,
                -5991.81640625,
                -5991.81640625,
                -2885.875,
                1653.125,
                1653.125,
                1653.125,
                8307.328125,
                11110408.45703125,
            ],
            0.038039605693757084,
        ),
        (
            670,
            &[-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, -1.0],
            0.9688775470209261,
        ),
        (
            671,
            &[
                -1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, -1.0,
            ],
            1.0042698487205577,
        ),
        (
            673,
            &[
                -217500.0,
                -217500.0,
                108466.80462450592,
                101129.96439328062,
                93793.12416205535,
                86456.28393083003,
                79119.44369960476,
                71782.60346837944,
                64445.76323715414,
                57108.92300592884,
                49772.08277470355,
                42435.24254347826,
                35098.40231225296,
                27761.56208102766,
                20424.721849802358,
                13087.88161857707,
                5751.041387351768,
                -1585.7988438735192,
                -8922.639075098821,
                -16259.479306324123,
                -23596.31953754941,
                -30933.159768774713,
                -38270.0,
                -45606.8402312253,
                -52943.680462450604,
                -60280.520693675906,
                -67617.36092490121,
            ],
            0.12,
        ),
        (
            683,
            &[-50.0, -100.0, 600.0, 300.0, -100.0],
            1.8544178284461061,
        ),
        (
            685,
            &[
                0.0,
                -54163.55222425675,
                -15411.724067521238,
                11824.611799779348,
                13831.220768857136,
                24713.445277451923,
                42399.405170720645,
                32779.24733697434,
                29832.522397937253,
                21750.50072725094,
                20140.886499523196,
                18357.799360554745,
                10074.662845544659,
            ],
            0.235461374465902,
        ),
        (
            705,
            &[
                -1.44852555e+08,
                1.28859998e+06,
                1.27305118e+06,
                1.25407349e+06,
                1.24199669e+06,
                1.22647792e+06,
                1.21095552e+06,
                1.19206955e+06,
                1.17989821e+06,
                1.16436524e+06,
                1.14883185e+06,
                1.12945217e+06,
                1.11780102e+06,
                1.10228427e+06,
                1.08671783e+06,
                1.06755759e+06,
                1.05502327e+06,
                1.03885451e+06,
                1.02247003e+06,
                1.00227444e+06,
                9.88024873e+05,
            ],
            -0.138541274008,
        ),
        (
            713,
            &[
                -1.44852555e+08,
                1.41881733e+06,
                1.40267049e+06,
                1.38296290e+06,
                1.37042160e+06,
                1.35430596e+06,
                1.33818655e+06,
                1.31857419e+06,
                1.30593472e+06,
                1.28980433e+06,
                1.27367350e+06,
                1.25354845e+06,
                1.24144917e+06,
                1.22533563e+06,
                1.20917048e+06,
                1.18927331e+06,
                1.17625690e+06,
                1.15946627e+06,
                1.14245161e+06,
                1.12147927e+06,
                1.10668164e+06,
            ],
            -0.13209372260468,
        ),
    ];
    let mut cases: Vec<(u32, Vec<f64>, f64)> =
        works.iter().map(|&(l, a, e)| (l, a.to_vec(), e)).collect();
    let equal_payments: &[(u32, f64, usize, f64, usize, f64)] = &[
        (634, 87.17, 5, -86.43, 1, -0.49367042606),
        (635, -87.17, 180, 5809.3, 1, -0.01352676905),
        (
            636,
            -172545.848122807,
            1,
            787.735232517999,
            480,
            0.0038401048,
        ),
    ];
    for &(line, a, n, b, m, expected) in equal_payments {
        let mut amounts = vec![a; n];
        amounts.extend(std::iter::repeat_n(b, m));
        cases.push((line, amounts, expected));
    }
    for (line, amounts, expected) in cases {
        let decimals = amounts
            .iter()
            .map(|&a| Decimal::from_f64(a).unwrap())
            .collect();
        let rates = irr(&PeriodicFlows::new(usd(), decimals))
            .unwrap_or_else(|e| panic!("line {line}: {e}"));
        // pyxirr asserts its rate to 1e-9; the published figures with 11 decimals
        // carry 5e-12 of rounding, and 0.0038401048 (line 636) 5e-11.
        assert!(
            contains(&rates, expected, 1e-9),
            "line {line}: {expected} not in {rates}"
        );
        assert!(
            (f(rates.rate().value()) - expected).abs() <= 1e-9,
            "line {line}: spreadsheet rate {rates} is not pyxirr's {expected}"
        );
    }
}

// MathWorks' `xirr` documentation example with day-count bases, as quoted in pyxirr
// `tests/test_scheduled.rs` lines 190-198 (`test_xirr_day_count`).
#[test]
fn xirr_matches_mathworks_day_counts() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let points = [
        (d(2007, 1, 12), Decimal::from(-10_000)),
        (d(2008, 2, 14), Decimal::from(2_500)),
        (d(2008, 3, 3), Decimal::from(2_000)),
        (d(2008, 6, 14), Decimal::from(3_000)),
        (d(2008, 12, 1), Decimal::from(4_000)),
    ];
    for (line, name, expected) in [
        (192, "30/360 SIA", 0.100675477282743),
        (193, "act/360", 0.0991988898057063),
        (194, "act/365F", 0.10064378342638),
        (195, "30/360 ISDA", 0.100675477282743),
        (196, "30E/360", 0.100675477282743),
        (197, "act/act ISDA", 0.100739648987346),
    ] {
        let day_count: DayCount = name.parse().unwrap();
        let rates = xirr_with(&dated(&points), &RateSearch::default(), day_count).unwrap();
        assert!(rates.is_unique());
        let got = f(rates.rate().value());
        assert!(
            (got - expected).abs() < 1e-9,
            "line {line} {name}: {got} vs {expected}"
        );
    }
}

/// Year fractions from deltaquants.com's day-count examples, as quoted in pyxirr
/// `src/core/scheduled/day_count.rs` lines 244-316 (examples 1-4; pyxirr's names).
#[test]
fn year_fractions_match_deltaquants() {
    let examples: &[(u32, &str, &str, &[(&str, f64)])] = &[
        (
            250,
            "2007-12-28",
            "2008-02-28",
            &[
                ("Act/Act", 4. / 365. + 58. / 366.),
                ("Act/365F", 62. / 365.),
                ("Act/360", 62. / 360.),
                ("30/360 ISDA", 60. / 360.),
                ("30E/360", 60. / 360.),
                ("30E/360 German", 60. / 360.0),
                ("30/360 US", 60. / 360.),
            ],
        ),
        (
            268,
            "2007-12-28",
            "2008-02-29",
            &[
                ("Act/Act", 4. / 365. + 59. / 366.),
                ("Act/365F", 63. / 365.),
                ("Act/360", 63. / 360.),
                ("30/360 ISDA", 61. / 360.),
                ("30E/360", 61. / 360.),
                ("30E/360 German", 62. / 360.),
                ("30/360 US", 61. / 360.),
            ],
        ),
        (
            286,
            "2007-10-31",
            "2008-11-30",
            &[
                ("Act/Act", 62. / 365. + 334. / 366.),
                ("Act/365F", 396. / 365.),
                ("Act/360", 396. / 360.),
                ("30/360 ISDA", 390. / 360.),
                ("30E/360", 390. / 360.),
                ("30E/360 German", 390. / 360.),
                ("30/360 US", 390. / 360.),
            ],
        ),
        (
            304,
            "2008-02-01",
            "2009-05-31",
            &[
                ("Act/Act", 335. / 366. + 150. / 365.),
                ("Act/365F", 485. / 365.),
                ("Act/360", 485. / 360.),
                ("30/360 ISDA", 480. / 360.),
                ("30E/360", 479. / 360.),
                ("30E/360 German", 479. / 360.),
                ("30/360 US", 480. / 360.),
            ],
        ),
    ];
    for &(line, from, to, cases) in examples {
        let (from, to): (NaiveDate, NaiveDate) = (from.parse().unwrap(), to.parse().unwrap());
        for &(name, expected) in cases {
            let dc: DayCount = name.parse().unwrap();
            let got = dc.year_fraction(from, to);
            assert!(
                (got - expected).abs() <= 1e-15,
                "line {line} {name} {from} {to}: {got} vs {expected}"
            );
        }
    }
}

// XLeratorDB's DAYS360 table (westclintech.com), as quoted in pyxirr
// `src/core/scheduled/day_count.rs` lines 317-341: (start, end, 30U/360, 30E/360,
// 30E/360 ISDA, actual days).
#[test]
fn day_counts_match_xleratordb() {
    const ROWS: [(&str, &str, i64, i64, i64, i64); 22] = [
        ("2007-01-15", "2007-01-30", 15, 15, 15, 15),
        ("2007-01-15", "2007-02-15", 30, 30, 30, 31),
        ("2007-01-15", "2007-07-15", 180, 180, 180, 181),
        ("2007-09-30", "2008-03-31", 180, 180, 180, 183),
        ("2007-09-30", "2007-10-31", 30, 30, 30, 31),
        ("2007-09-30", "2008-09-30", 360, 360, 360, 366),
        ("2007-01-15", "2007-01-31", 16, 15, 15, 16),
        ("2007-01-31", "2007-02-28", 28, 28, 30, 28),
        ("2007-02-28", "2007-03-31", 30, 32, 30, 31),
        ("2006-08-31", "2007-02-28", 178, 178, 180, 181),
        ("2007-02-28", "2007-08-31", 180, 182, 180, 184),
        ("2007-02-14", "2007-02-28", 14, 14, 16, 14),
        ("2007-02-26", "2008-02-29", 363, 363, 364, 368),
        ("2008-02-29", "2009-02-28", 360, 359, 360, 365),
        ("2008-02-29", "2008-03-30", 30, 31, 30, 30),
        ("2008-02-29", "2008-03-31", 30, 31, 30, 31),
        ("2007-02-28", "2007-03-05", 5, 7, 5, 5),
        ("2007-10-31", "2007-11-28", 28, 28, 28, 28),
        ("2007-08-31", "2008-02-29", 179, 179, 180, 182),
        ("2008-02-29", "2008-08-31", 180, 181, 180, 184),
        ("2008-08-31", "2009-02-28", 178, 178, 180, 181),
        ("2009-02-28", "2009-08-31", 180, 182, 180, 184),
    ];
    for (from, to, us, e, e_isda, actual) in ROWS {
        let (from, to): (NaiveDate, NaiveDate) = (from.parse().unwrap(), to.parse().unwrap());
        assert_eq!(
            DayCount::Thirty360Us.days(from, to),
            us,
            "30U/360 {from} {to}"
        );
        assert_eq!(
            DayCount::ThirtyE360.days(from, to),
            e,
            "30E/360 {from} {to}"
        );
        assert_eq!(
            DayCount::ThirtyE360Isda.days(from, to),
            e_isda,
            "30E/360 ISDA {from} {to}"
        );
        assert_eq!(
            DayCount::Act365F.days(from, to),
            actual,
            "actual {from} {to}"
        );
    }
}

#[test]
fn day_count_names_round_trip() {
    for dc in DayCount::ALL {
        assert_eq!(dc.to_string().parse::<DayCount>().unwrap(), dc);
    }
    assert!(matches!(
        "ACT/999".parse::<DayCount>(),
        Err(Error::UnknownDayCount { .. })
    ));
}
