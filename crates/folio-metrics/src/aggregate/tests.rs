//! Table tests of the combine rules: hand-checkable values and weights.

use super::*;
use crate::def::{Direction, Layer, MetricDefData};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn def(unit: Unit, combine: Combine) -> MetricDef {
    def_of("m", unit, combine)
}

/// The definition of metric `id` in `unit`, combined by `combine`.
pub(super) fn def_of(id: &str, unit: Unit, combine: Combine) -> MetricDef {
    MetricDef::new(MetricDefData {
        id: MetricId::new(id).unwrap(),
        name: "M".into(),
        unit,
        direction: Direction::HigherIsBetter,
        layer: Layer::PortfolioHealth,
        kind: crate::MetricKind::Outcome,
        combine,
        definition: "A metric.".into(),
    })
    .unwrap()
}

fn at(product: &str, day: u32, reading: Reading) -> ProductReading {
    ProductReading {
        product: ProductId::new(product).unwrap(),
        date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        reading,
    }
}

fn plain(values: &[(&str, u32, &str)]) -> Vec<ProductReading> {
    values
        .iter()
        .map(|&(p, day, v)| at(p, day, Reading::Value(d(v))))
        .collect()
}

/// Checks the combined value and the weights (in product id order).
fn check(def: &MetricDef, readings: &[ProductReading], value: &str, weights: &[&str]) {
    let got = aggregate(def, readings).unwrap();
    assert_eq!(got.value, d(value), "{:?}", def.combine());
    let got_weights: Vec<String> = got.terms.iter().map(|t| t.weight.to_string()).collect();
    assert_eq!(got_weights, weights, "{:?}", def.combine());
}

#[test]
fn formula_table() {
    let three = plain(&[("c", 3, "30"), ("a", 1, "10"), ("b", 2, "20")]);
    let four = plain(&[("a", 1, "4"), ("b", 1, "1"), ("c", 1, "3"), ("d", 1, "2")]);
    let five = plain(&[
        ("a", 1, "9"),
        ("b", 1, "1"),
        ("c", 1, "5"),
        ("d", 1, "7"),
        ("e", 1, "3"),
    ]);
    // Odd counts pick the single middle value: 5 of 1 3 5 7 9.
    check(
        &def(Unit::Count, Combine::Median),
        &five,
        "5",
        &["0", "0", "1", "0", "0"],
    );
    check(
        &def(Unit::Count, Combine::Median),
        &plain(&[("a", 1, "8")]),
        "8",
        &["1"],
    );
    check(
        &def(Unit::Count, Combine::Sum),
        &three,
        "60",
        &["1", "1", "1"],
    );
    let third = "0.3333333333333333333333333333";
    check(
        &def(Unit::Count, Combine::Mean),
        &three,
        "20",
        &[third, third, third],
    );
    check(
        &def(Unit::Count, Combine::Min),
        &three,
        "10",
        &["1", "0", "0"],
    );
    check(
        &def(Unit::Count, Combine::Max),
        &three,
        "30",
        &["0", "0", "1"],
    );
    check(
        &def(Unit::Count, Combine::Median),
        &three,
        "20",
        &["0", "1", "0"],
    );
    // Even count: the mean of the two middle values 2 and 3.
    check(
        &def(Unit::Count, Combine::Median),
        &four,
        "2.5",
        &["0", "0", "0.5", "0.5"],
    );
    // "c" has the latest date.
    check(
        &def(Unit::Count, Combine::Last),
        &three,
        "30",
        &["0", "0", "1"],
    );
    // Ties on the latest date that agree split the weight.
    let tie = plain(&[("a", 5, "7"), ("b", 5, "7"), ("c", 1, "9")]);
    check(
        &def(Unit::Count, Combine::Last),
        &tie,
        "7",
        &["0.5", "0.5", "0"],
    );
    // Ties for the minimum go to the smallest id.
    let min_tie = plain(&[("b", 1, "1"), ("a", 1, "1")]);
    check(&def(Unit::Count, Combine::Min), &min_tie, "1", &["1", "0"]);

    let base = MetricId::new("resp").unwrap();
    let weighted = vec![
        at(
            "a",
            1,
            Reading::Weighted {
                value: d("40"),
                base: d("300"),
            },
        ),
        at(
            "b",
            1,
            Reading::Weighted {
                value: d("10"),
                base: d("100"),
            },
        ),
    ];
    check(
        &def(Unit::Score, Combine::WeightedMean { base }),
        &weighted,
        "32.5",
        &["0.75", "0.25"],
    );

    let ratio = Combine::RatioOfSums {
        numerator: MetricId::new("n").unwrap(),
        denominator: MetricId::new("den").unwrap(),
    };
    let fractions = vec![
        at(
            "a",
            1,
            Reading::Fraction {
                numerator: d("90"),
                denominator: d("100"),
            },
        ),
        at(
            "b",
            1,
            Reading::Fraction {
                numerator: d("10"),
                denominator: d("300"),
            },
        ),
        at(
            "c",
            1,
            Reading::Fraction {
                numerator: d("0"),
                denominator: d("0"),
            },
        ),
    ];
    // (90 + 10) / 400 = 0.25, or 25 (%) for a percent metric.
    check(
        &def(Unit::Ratio, ratio.clone()),
        &fractions,
        "0.25",
        &["0.25", "0.75", "0"],
    );
    let pct = aggregate(&def(Unit::Percent, ratio), &fractions).unwrap();
    assert_eq!(pct.value, d("25"));
    assert_eq!(pct.terms[0].value, Some(d("90")));
    assert_eq!(pct.terms[2].value, None);
}

#[test]
fn bad_inputs_are_typed_errors() {
    let sum = def(Unit::Count, Combine::Sum);
    assert!(matches!(aggregate(&sum, &[]), Err(Error::Empty { .. })));
    let dup = plain(&[("a", 1, "1"), ("a", 2, "2")]);
    assert!(matches!(
        aggregate(&sum, &dup),
        Err(Error::DuplicateProduct { .. })
    ));

    let nps = def(
        Unit::Score,
        Combine::WeightedMean {
            base: MetricId::new("r").unwrap(),
        },
    );
    let err = aggregate(&nps, &plain(&[("a", 1, "40")])).unwrap_err();
    assert!(
        err.to_string().contains("expected a value with its base"),
        "{err}"
    );
    let zero = [at(
        "a",
        1,
        Reading::Weighted {
            value: d("40"),
            base: d("0"),
        },
    )];
    assert!(matches!(
        aggregate(&nps, &zero),
        Err(Error::ZeroDenominator { .. })
    ));
    let neg = [at(
        "a",
        1,
        Reading::Weighted {
            value: d("40"),
            base: d("-1"),
        },
    )];
    assert!(matches!(
        aggregate(&nps, &neg),
        Err(Error::Negative { field: "base", .. })
    ));

    let weighted = [at(
        "a",
        1,
        Reading::Weighted {
            value: d("1"),
            base: d("1"),
        },
    )];
    assert!(matches!(
        aggregate(&sum, &weighted),
        Err(Error::ReadingMismatch { .. })
    ));

    let last = def(Unit::Count, Combine::Last);
    let err = aggregate(&last, &plain(&[("a", 5, "1"), ("b", 5, "2")])).unwrap_err();
    assert!(matches!(err, Error::AmbiguousLast { .. }), "{err}");

    let ratio = def(
        Unit::Ratio,
        Combine::RatioOfSums {
            numerator: MetricId::new("n").unwrap(),
            denominator: MetricId::new("den").unwrap(),
        },
    );
    let negative = [at(
        "a",
        1,
        Reading::Fraction {
            numerator: d("1"),
            denominator: d("-2"),
        },
    )];
    assert!(matches!(
        aggregate(&ratio, &negative),
        Err(Error::Negative {
            field: "denominator",
            ..
        })
    ));
    let zero = [at(
        "a",
        1,
        Reading::Fraction {
            numerator: d("1"),
            denominator: d("0"),
        },
    )];
    assert!(matches!(
        aggregate(&ratio, &zero),
        Err(Error::ZeroDenominator { .. })
    ));

    let huge = plain(&[("a", 1, "79228162514264337593543950335"), ("b", 1, "1")]);
    assert!(matches!(aggregate(&sum, &huge), Err(Error::Core(_))));
}

#[cfg(feature = "serde")]
#[test]
fn reading_serde_shape() {
    let r: Reading = serde_json::from_str(r#"{"weighted":{"value":"41","base":"230"}}"#).unwrap();
    assert_eq!(
        r,
        Reading::Weighted {
            value: d("41"),
            base: d("230")
        }
    );
    let r: Reading = serde_json::from_str(r#"{"value":"12.5"}"#).unwrap();
    assert_eq!(r.value(), Some(d("12.5")));
    let r = Reading::Fraction {
        numerator: d("1"),
        denominator: d("0"),
    };
    assert_eq!(r.value(), None);
}
