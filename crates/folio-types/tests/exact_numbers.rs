//! JSON numbers arrive exactly: a number a `Decimal` cannot hold is an error, never a
//! rounded value (issue 20: the JSON number `1e-30` as a weight used to become 0).
// Marks the whole file as test code, so clippy's `allow-*-in-tests` settings apply to
// its helpers too.
#![cfg(test)]
#![cfg(feature = "serde")]

use folio_types::{Confidence, Money, Progress, Ratio, RiskRating, Weight};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[derive(Debug, serde::Deserialize)]
struct Plain(#[serde(deserialize_with = "folio_types::decimal::deserialize")] Decimal);

fn plain(json: &str) -> Result<Decimal, String> {
    serde_json::from_str::<Plain>(json)
        .map(|p| p.0)
        .map_err(|e| e.to_string())
}

#[test]
fn tiny_json_number_is_rejected_never_zero() {
    for json in [
        "1e-30",
        "1E-30",
        "0.000000000000000000000000000001",
        "-1e-29",
    ] {
        let err = serde_json::from_str::<Weight>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot be read exactly"), "{json}: {err}");
        assert!(err.contains("28 decimal places"), "{json}: {err}");
        assert!(plain(json).is_err(), "{json}");
        assert!(serde_json::from_str::<Ratio>(json).is_err(), "{json}");
    }
    // The same number as a string is rejected for the same reason.
    let err = serde_json::from_str::<Weight>(r#""1e-30""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("28 decimal places"), "{err}");
}

#[test]
fn short_fractions_stay_exactly_what_was_written() {
    for (json, expected) in [
        ("0.1", "0.1"),
        ("0.7", "0.7"),
        ("0.3", "0.3"),
        ("12.5", "12.5"),
        ("1e-28", "0.0000000000000000000000000001"),
        ("2.5e3", "2500"),
        ("\"0.10\"", "0.10"),
    ] {
        assert_eq!(plain(json).unwrap().to_string(), expected, "{json}");
        assert_eq!(
            serde_json::from_str::<Weight>(json).unwrap().value(),
            d(expected)
        );
    }
    assert_eq!(
        serde_json::from_str::<Confidence>("0.1").unwrap().value(),
        Decimal::new(1, 1)
    );
    assert_eq!(
        serde_json::from_str::<Progress>("0.3").unwrap().value(),
        Decimal::new(3, 1)
    );
    assert_eq!(
        serde_json::from_str::<RiskRating>("4.5").unwrap().value(),
        Decimal::new(45, 1)
    );
}

#[test]
fn large_integers_are_exact_or_refused() {
    // Integers that fit in 64 bits arrive as integers.
    for json in [
        "9007199254740993", // 2^53 + 1: not an f64
        "18446744073709551615",
        "-9223372036854775808",
    ] {
        assert_eq!(plain(json).unwrap().to_string(), json);
    }
    // Beyond 64 bits serde_json has already made an f64 of it: 17 digits are not what
    // was written, so it is refused with advice rather than rounded.
    let err = plain("123456789012345678901234").unwrap_err();
    assert!(err.contains("write it as a string"), "{err}");
    assert_eq!(
        plain("\"123456789012345678901234\"").unwrap().to_string(),
        "123456789012345678901234"
    );
}

#[test]
fn the_29_digit_limits() {
    // The largest coefficient, written as a string, is exact; one more is refused.
    assert_eq!(
        plain("\"79228162514264337593543950335\"").unwrap(),
        Decimal::MAX
    );
    assert_eq!(
        plain("\"-79228162514264337593543950335\"").unwrap(),
        Decimal::MIN
    );
    for json in [
        "\"79228162514264337593543950336\"",
        "\"0.00000000000000000000000000001\"", // 29 places
        "\"9.2345678901234567890123456789\"",  // a 29-digit coefficient above the largest
    ] {
        assert!(plain(json).is_err(), "{json}");
    }
    // 29 significant digits fit while the coefficient does.
    assert_eq!(
        plain("\"1.2345678901234567890123456789\"")
            .unwrap()
            .to_string(),
        "1.2345678901234567890123456789"
    );
    // 28 places are kept to the last digit.
    assert_eq!(
        plain("\"0.1234567890123456789012345678\"")
            .unwrap()
            .to_string(),
        "0.1234567890123456789012345678"
    );
}

#[test]
fn fractions_beyond_15_digits_must_be_strings() {
    let err = plain("0.12345678901234567").unwrap_err();
    assert!(err.contains("write it as a string"), "{err}");
    assert_eq!(
        plain("\"0.12345678901234567\"").unwrap().to_string(),
        "0.12345678901234567"
    );
}

#[test]
fn money_amounts_are_exact() {
    let m: Money = serde_json::from_str(r#"{"amount":0.1,"currency":"EUR"}"#).unwrap();
    assert_eq!(m.amount(), Decimal::new(1, 1));
    assert!(serde_json::from_str::<Money>(r#"{"amount":1e-30,"currency":"EUR"}"#).is_err());
    let m: Money =
        serde_json::from_str(r#"{"amount":"1234567890123456789.25","currency":"EUR"}"#).unwrap();
    assert_eq!(m.amount().to_string(), "1234567890123456789.25");
}

#[test]
fn malformed_numbers_name_the_text() {
    let err = plain(r#""1_000""#).unwrap_err();
    assert!(err.contains("\"1_000\""), "{err}");
    let long = format!("\"{}\"", "9".repeat(10_000));
    let err = plain(&long).unwrap_err();
    assert!(err.len() < 300, "{err}");
    assert!(err.contains("(10000 chars)"), "{err}");
}
