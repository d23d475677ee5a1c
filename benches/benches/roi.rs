//! Benchmarks for folio-roi's measures, each beside a floor measured in the same run:
//! the plainest `f64` code that computes the same number (a naive NPV loop, a bare
//! Newton iteration with no verification, no fallback and no exact money; for IRR also
//! a Horner-rule Newton, the fastest simple evaluation of a periodic NPV).
//!
//! The flows of the XIRR and IRR benches are written to `target/roi-bench/` as
//! `date,amount` CSV files, so that `benches/pyxirr_compare.py` can time pyxirr on the
//! identical flows right after (see `benches/README.md`). The many-sign-change bench
//! reads pyxirr's own `random_1000.csv` sample, kept in folio-roi's test data.
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly, and
// the floors are deliberately plain f64 arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_analytics::NaiveDate;
use folio_analytics::roi::{DatedFlow, DatedFlows, PeriodicFlows, irr, npv, xirr};
use folio_analytics::{Currency, Decimal, Ratio};
use folio_benches::{cash_flows, dated_cash_flows};

fn to_f64(d: &Decimal) -> f64 {
    d.to_string().parse().unwrap()
}

/// Plain Newton on `Σ aᵢ (1 + r)^(-tᵢ)` from 10%, stopping at a step below 1e-12: what
/// a minimal XIRR or IRR does.
fn floor_newton(times: &[f64], amounts: &[f64]) -> f64 {
    let mut r = 0.1_f64;
    for _ in 0..100 {
        let (mut value, mut slope) = (0.0, 0.0);
        for (&t, &a) in times.iter().zip(amounts) {
            let term = a * (1.0 + r).powf(-t);
            value += term;
            slope -= t * term / (1.0 + r);
        }
        let next = r - value / slope;
        if (next - r).abs() < 1e-12 {
            return next;
        }
        r = next;
    }
    r
}

/// Plain Newton on the IRR polynomial by Horner's rule in `x = 1 / (1 + r)`: the
/// fastest simple way to evaluate periodic NPV and its slope.
fn floor_horner_newton(amounts: &[f64]) -> f64 {
    let mut r = 0.1_f64;
    for _ in 0..100 {
        let x = 1.0 / (1.0 + r);
        let (mut p, mut dp) = (0.0, 0.0);
        for &a in amounts.iter().rev() {
            dp = dp * x + p;
            p = p * x + a;
        }
        let next = r + p / (dp * x * x);
        if (next - r).abs() < 1e-12 {
            return next;
        }
        r = next;
    }
    r
}

/// Where the benches leave their flows for `pyxirr_compare.py`.
fn flows_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/roi-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_csv(name: &str, points: &[(NaiveDate, Decimal)]) {
    let text: String = points.iter().map(|(d, a)| format!("{d},{a}\n")).collect();
    std::fs::write(flows_dir().join(name), text).unwrap();
}

fn xirr_1000(c: &mut Criterion) {
    let usd = Currency::new("USD").unwrap();
    let points = dated_cash_flows(1_000, 3);
    write_csv("xirr_1000.csv", &points);
    let flows = DatedFlows::new(
        usd,
        points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect(),
    );
    let first = points.first().unwrap().0;
    let times: Vec<f64> = points
        .iter()
        .map(|(d, _)| d.signed_duration_since(first).num_days() as f64 / 365.0)
        .collect();
    let amounts: Vec<f64> = points.iter().map(|(_, a)| to_f64(a)).collect();
    let ours = xirr(&flows).unwrap();
    let floor = floor_newton(&times, &amounts);
    assert!(
        (to_f64(&ours.rate().value()) - floor).abs() < 1e-9,
        "{ours} vs {floor}"
    );

    let mut group = c.benchmark_group("xirr_1000_dated");
    group.bench_function("folio_xirr", |b| b.iter(|| xirr(black_box(&flows))));
    group.bench_function("floor_plain_newton_f64", |b| {
        b.iter(|| floor_newton(black_box(&times), black_box(&amounts)));
    });
    group.finish();
}

fn irr_100(c: &mut Criterion) {
    let usd = Currency::new("USD").unwrap();
    let amounts_d = cash_flows(100, 5);
    let flows = PeriodicFlows::new(usd, amounts_d.clone());
    let epoch = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    write_csv(
        "irr_100.csv",
        &amounts_d.iter().map(|&a| (epoch, a)).collect::<Vec<_>>(),
    );
    let times: Vec<f64> = (0..amounts_d.len()).map(|t| t as f64).collect();
    let amounts: Vec<f64> = amounts_d.iter().map(to_f64).collect();
    let ours = irr(&flows).unwrap();
    let floor = floor_newton(&times, &amounts);
    assert!(
        (to_f64(&ours.rate().value()) - floor).abs() < 1e-9,
        "{ours} vs {floor}"
    );
    let horner = floor_horner_newton(&amounts);
    assert!(
        (to_f64(&ours.rate().value()) - horner).abs() < 1e-9,
        "{ours} vs {horner}"
    );

    let mut group = c.benchmark_group("irr_100_periodic");
    group.bench_function("folio_irr", |b| b.iter(|| irr(black_box(&flows))));
    group.bench_function("floor_plain_newton_f64", |b| {
        b.iter(|| floor_newton(black_box(&times), black_box(&amounts)));
    });
    group.bench_function("floor_horner_newton_f64", |b| {
        b.iter(|| floor_horner_newton(black_box(&amounts)));
    });
    group.finish();
}

/// XIRR of pyxirr's `random_1000.csv` sample: 1,000 dated flows of both signs, with
/// three rates (pyxirr's is 5.5089). folio reports every rate; the floor, a plain
/// Newton from 10%, finds one.
fn xirr_1000_many_sign_changes(c: &mut Criterion) {
    let usd = Currency::new("USD").unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/folio-roi/tests/data/pyxirr/random_1000.csv");
    let points: Vec<(NaiveDate, Decimal)> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let (d, a) = l.trim().split_once(',').unwrap();
            (d.parse().unwrap(), a.parse().unwrap())
        })
        .collect();
    let flows = DatedFlows::new(
        usd,
        points.iter().map(|&(d, a)| DatedFlow::new(d, a)).collect(),
    );
    let first = points.iter().map(|p| p.0).min().unwrap();
    let times: Vec<f64> = points
        .iter()
        .map(|(d, _)| d.signed_duration_since(first).num_days() as f64 / 365.0)
        .collect();
    let amounts: Vec<f64> = points.iter().map(|(_, a)| to_f64(a)).collect();
    let ours = xirr(&flows).unwrap();
    assert_eq!(ours.all().len(), 3, "{ours}");
    let floor = floor_newton(&times, &amounts);
    assert!(
        (to_f64(&ours.rate().value()) - floor).abs() < 1e-9,
        "{ours} vs {floor}"
    );

    let mut group = c.benchmark_group("xirr_1000_many_sign_changes");
    group.bench_function("folio_xirr_every_rate", |b| {
        b.iter(|| xirr(black_box(&flows)));
    });
    group.bench_function("floor_plain_newton_f64", |b| {
        b.iter(|| floor_newton(black_box(&times), black_box(&amounts)));
    });
    group.finish();
}

fn npv_10000(c: &mut Criterion) {
    let usd = Currency::new("USD").unwrap();
    let amounts_d = cash_flows(10_000, 7);
    let flows = PeriodicFlows::new(usd, amounts_d.clone());
    let amounts: Vec<f64> = amounts_d.iter().map(to_f64).collect();
    let rate = Ratio::new(Decimal::new(8, 3)).unwrap();

    let mut group = c.benchmark_group("npv_10000");
    group.bench_function("folio_npv_decimal", |b| {
        b.iter(|| npv(black_box(rate), black_box(&flows)));
    });
    group.bench_function("floor_naive_f64_loop", |b| {
        b.iter(|| {
            let r = black_box(0.008_f64);
            let mut factor = 1.0;
            let mut sum = 0.0;
            for &a in black_box(&amounts) {
                factor /= 1.0 + r;
                sum += a * factor;
            }
            sum
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    xirr_1000,
    xirr_1000_many_sign_changes,
    irr_100,
    npv_10000
);
criterion_main!(benches);
