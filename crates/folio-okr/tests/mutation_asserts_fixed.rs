//! The weighted rollup at the limits of its fixed-point fast path (see `docs/mutants.md`,
//! "folio-okr, the fixed-point rollup"): weights whose mantissas are exactly `2^32 - 1`,
//! `2^32`, `2^64 - 1` and `2^64`, under values at 4 and at 28 places. On each side of
//! each limit the rollup takes another route (one multiply-add per pair, a term per
//! pair, `Decimal` division), and every route must give the digits and scale of the
//! documented mean: each term `w × p` rounded half away from zero to 20 places, their
//! sum divided by the total weight in `Decimal` division, trailing zeros dropped.
// Tests fail loudly: they unwrap and index; the reference works in plain operators.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

mod common;

use common::{d, inputs, key_result, objective, oid, portfolio};
use folio_okr::OkrGraph;
use folio_types::Decimal;

/// The documented weighted mean of `(weight, value)` pairs, computed without the
/// engine: a product with more than 20 places rounded half away from zero to 20 with
/// `u128` `/` and `%` (one with fewer is exact in `Decimal`), the terms summed and the
/// sum divided by the total weight in `Decimal` arithmetic, normalized.
fn reference(pairs: &[(&str, &str)]) -> Decimal {
    let mut sum = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for &(w, p) in pairs {
        let (w, p) = (d(w), d(p));
        total += w;
        let scale = w.scale() + p.scale();
        sum += if scale <= 20 {
            w * p
        } else {
            let exact = w.mantissa().unsigned_abs() * p.mantissa().unsigned_abs();
            let unit = 10u128.pow(scale - 20);
            let (q, r) = (exact / unit, exact % unit);
            let term = if r >= unit - r { q + 1 } else { q };
            Decimal::from_i128_with_scale(i128::try_from(term).unwrap(), 20)
        };
    }
    (sum / total).normalize()
}

/// The rolled-up value of an objective over two key results with these weights and
/// progress values.
fn rolled_up(pairs: &[(&str, &str)]) -> Decimal {
    let names = ["a", "b", "c"];
    let key_results = pairs
        .iter()
        .zip(names)
        .map(|(&(w, _), id)| key_result(id, "product", &[("o:goal", w)]))
        .collect();
    let data = portfolio(
        "weighted",
        vec![objective("goal", "portfolio", "key_results", &[])],
        key_results,
    );
    let progress: Vec<(&str, &str)> = pairs
        .iter()
        .zip(names)
        .map(|(&(_, p), id)| (id, p))
        .collect();
    let graph = OkrGraph::new(data).unwrap();
    let rollup = graph.rollup(&inputs(&progress)).unwrap();
    let node = rollup.plan().index_of(&oid("goal")).unwrap();
    rollup.computed_values()[node.get()].value()
}

fn assert_same_digits(pairs: &[(&str, &str)]) {
    let (got, expected) = (rolled_up(pairs), reference(pairs));
    assert_eq!(
        (got.mantissa(), got.scale()),
        (expected.mantissa(), expected.scale()),
        "{pairs:?}: {got} against {expected}"
    );
}

#[test]
fn weights_at_2_to_the_32_under_values_at_28_places_give_the_documented_digits() {
    let (third, two_thirds) = (
        "0.3333333333333333333333333333",
        "0.6666666666666666666666666667",
    );
    // 42949672.95 is 2^32 - 1 hundredths, the widest weight of the rounded shortcut;
    // 42949672.96 is 2^32 hundredths, summed term by term.
    for weight in ["42949672.95", "42949672.96", "42949673.00", "0.01"] {
        assert_same_digits(&[(weight, third), ("1.50", two_thirds)]);
        assert_same_digits(&[
            ("1.50", third),
            (weight, two_thirds),
            ("0.25", "0.0000000000000000000000000001"),
        ]);
    }
}

#[test]
fn weights_at_2_to_the_64_under_values_at_4_places_give_the_documented_digits() {
    // 184467440737095516.15 is 2^64 - 1 hundredths, the widest weight of the exact
    // shortcut; 184467440737095516.16 is 2^64 hundredths. Their sums do not all fit the
    // prepared division, which then falls back to `Decimal`'s.
    for weight in [
        "184467440737095516.15",
        "184467440737095516.16",
        "1844674407370955.1615",
        "0.03",
    ] {
        assert_same_digits(&[(weight, "0.5000"), ("1.50", "0.6250")]);
        assert_same_digits(&[("0.25", "0.0001"), (weight, "0.0007")]);
    }
}

#[test]
fn a_sum_worked_out_by_hand() {
    // 42949672.95 × 0.3333333333333333333333333333 is 14316557.65 less about
    // 1.43 × 10^-21, which rounds up to 14316557.65 at 20 places; 1.50 ×
    // 0.6666666666666666666666666666 is 1 less 10^-28, which rounds up to 1. The mean is
    // 14316558.65 / 42949674.45, in `Decimal` division.
    let got = rolled_up(&[
        ("42949672.95", "0.3333333333333333333333333333"),
        ("1.50", "0.6666666666666666666666666666"),
    ]);
    let expected = (d("14316558.65") / d("42949674.45")).normalize();
    assert_eq!(
        (got.mantissa(), got.scale()),
        (expected.mantissa(), expected.scale())
    );
}
