//! Assertions that close the gaps cargo-mutants found (see `docs/mutants.md`).
//!
//! Each test states a rule from the crate's documentation and checks it with values
//! worked out by hand, so that a change to the rule's code (a flipped comparison, a
//! lost branch, a constant result) makes a test fail.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly.
#![allow(clippy::unwrap_used)]

use std::cmp::Ordering;

use folio_types::error::{QUOTE_LIMIT, Snippet};
use folio_types::{
    Allocation, Currency, Decimal, Horizon, IdProblem, InitiativeType, Money, NaiveDate,
    Observation, Period, PeriodKind, Product, ProductId, ProductLine, ProductLineId, Progress,
    Ratio, Series, Structure, StructureData, Weight,
};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn eur(amount: &str) -> Money {
    Money::new(d(amount), Currency::new("EUR").unwrap())
}

/// Each reason an id is rejected reads as the plain sentence the error shows.
#[test]
fn id_problems_read_as_sentences() {
    for (problem, words) in [
        (IdProblem::Empty, "it is empty"),
        (IdProblem::Untrimmed, "it starts or ends with white space"),
        (IdProblem::TooLong, "it is longer than 128 characters"),
        (
            IdProblem::ControlCharacter,
            "it contains a control character",
        ),
    ] {
        assert_eq!(problem.to_string(), words, "{problem:?}");
    }
}

/// A snippet equals a text only when it holds all of it: a cut snippet equals neither
/// its kept part nor the whole text.
#[test]
fn a_snippet_equals_only_the_whole_text_it_holds() {
    let short = Snippet::new("atlas");
    assert!(short == *"atlas");
    assert!(short == "atlas");
    assert!(short != *"atlaz");
    assert!(short != "atlaz");
    assert!(short != "atla");

    let long = "x".repeat(QUOTE_LIMIT + 1);
    let cut = Snippet::new(&long);
    assert!(cut.is_truncated());
    assert!(cut != *long.as_str());
    assert!(cut != *"x".repeat(QUOTE_LIMIT).as_str());
    assert!(cut != long.as_str());

    // The three conversions quote the same text.
    let owned = String::from("2026-Q5");
    assert_eq!(Snippet::from("2026-Q5").as_str(), "2026-Q5");
    assert_eq!(Snippet::from(owned.clone()).as_str(), "2026-Q5");
    assert_eq!(Snippet::from(&owned).as_str(), "2026-Q5");
    assert_eq!(folio_types::error::quote("2026-Q5").char_len(), 7);
}

/// Money and currencies show their code and amount when debugged, so a failed
/// assertion says which amount it was.
#[test]
fn money_debug_shows_amount_and_currency() {
    let money = eur("12.50");
    let debug = format!("{money:?}");
    assert!(debug.contains("12.50") && debug.contains("EUR"), "{debug}");
    let currency = format!("{:?}", Currency::new("GBP").unwrap());
    assert!(currency.contains("GBP"), "{currency}");
    assert_eq!(Currency::new("GBP").unwrap().to_string(), "GBP");
}

/// `is_zero` is true for zero in any scale and false otherwise.
#[test]
fn money_and_weight_know_zero() {
    assert!(eur("0").is_zero());
    assert!(eur("0.00").is_zero());
    assert!(!eur("0.01").is_zero());
    assert!(!eur("-3").is_zero());
    assert!(Money::zero(Currency::new("USD").unwrap()).is_zero());
    assert!("0.00".parse::<Weight>().unwrap().is_zero());
    assert!(!Weight::ONE.is_zero());
    assert!(!"0.5".parse::<Weight>().unwrap().is_zero());
}

/// `try_cmp` orders amounts of one currency: 5 < 7, 7 > 5, 5 = 5.00.
#[test]
fn money_compares_within_one_currency() {
    assert_eq!(eur("5").try_cmp(&eur("7")).unwrap(), Ordering::Less);
    assert_eq!(eur("7").try_cmp(&eur("5")).unwrap(), Ordering::Greater);
    assert_eq!(eur("5").try_cmp(&eur("5.00")).unwrap(), Ordering::Equal);
    assert_eq!(eur("300").ratio_to(eur("1200")).unwrap().value(), d("0.25"));
}

/// Progress above 1 is over-achievement; exactly 1 is the target met, not exceeded.
#[test]
fn over_achievement_starts_above_one() {
    for (text, over) in [
        ("0", false),
        ("0.4", false),
        ("1", false),
        ("1.00", false),
        ("1.0001", true),
        ("1.05", true),
        ("2", true),
    ] {
        let progress: Progress = text.parse().unwrap();
        assert_eq!(progress.is_over_achieved(), over, "{text}");
    }
    assert!(!Progress::COMPLETE.is_over_achieved());
    assert_eq!(
        "1.3".parse::<Progress>().unwrap().clamped(),
        Progress::COMPLETE
    );
}

/// Percentages and ratios convert by a factor of 100: 0.125 is 12.5%, -5% is -0.05.
#[test]
fn ratios_convert_to_and_from_percentages() {
    assert_eq!(
        Ratio::new(d("0.125")).unwrap().to_percent().unwrap(),
        d("12.5")
    );
    assert_eq!(
        Ratio::new(d("0.375")).unwrap().to_percent().unwrap(),
        d("37.5")
    );
    assert_eq!(
        Ratio::from_decimal(d("-0.05")).to_percent().unwrap(),
        d("-5")
    );
    assert_eq!(Ratio::from_percent(d("12.5")).unwrap().value(), d("0.125"));
    assert_eq!(Ratio::from_percent(d("-5")).unwrap().value(), d("-0.05"));
    assert_eq!(Ratio::from_decimal(d("0.7")).value(), d("0.7"));
}

/// Period kinds print as the plain words the docs list.
#[test]
fn period_kinds_read_as_words() {
    for (kind, words) in [
        (PeriodKind::Month, "month"),
        (PeriodKind::Quarter, "quarter"),
        (PeriodKind::Year, "year"),
        (PeriodKind::Custom, "custom"),
    ] {
        assert_eq!(kind.to_string(), words, "{kind:?}");
    }
    assert_eq!(
        Period::quarter(2026, 3).unwrap().kind(),
        PeriodKind::Quarter
    );
    assert_eq!(Period::month(2026, 3).unwrap().kind(), PeriodKind::Month);
    assert_eq!(Period::year(2026).unwrap().kind(), PeriodKind::Year);
    let custom = Period::custom(day("2026-03-10"), day("2026-03-23")).unwrap();
    assert_eq!(custom.kind(), PeriodKind::Custom);
    let debug = format!("{:?}", Period::quarter(2026, 3).unwrap());
    assert!(debug.contains("2026-Q3"), "{debug}");
}

/// `as_of` is the end of that day: on the first day of a 90-day quarter 1/90 has
/// elapsed, on the last day all of it; before the period nothing (module docs).
#[test]
fn the_first_day_counts_as_elapsed() {
    let q1 = Period::quarter(2026, 1).unwrap(); // 31 + 28 + 31 = 90 days
    assert_eq!(q1.days_elapsed(day("2025-12-31")), 0);
    assert_eq!(q1.days_elapsed(day("2026-01-01")), 1);
    assert_eq!(q1.days_elapsed(day("2026-01-02")), 2);
    assert_eq!(q1.days_elapsed(day("2026-03-30")), 89);
    assert_eq!(q1.days_elapsed(day("2026-03-31")), 90);
    assert_eq!(q1.days_elapsed(day("2026-04-01")), 90);
    assert_eq!(
        q1.fraction_elapsed(day("2026-01-01")).unwrap().value(),
        Decimal::ONE / Decimal::from(90)
    );
    // March: 10 of 31 days at the end of 10 March (the method's doc example).
    let march = Period::month(2026, 3).unwrap();
    assert_eq!(march.days_elapsed(day("2026-03-10")), 10);
}

/// The months of a custom period include the month of its last day, even when the
/// period ends on that month's first day; a period inside one month has one month.
#[test]
fn sub_periods_reach_the_last_day() {
    let names = |p: Period| p.months().map(|m| m.to_string()).collect::<Vec<_>>();
    let quarters = |p: Period| p.quarters().map(|q| q.to_string()).collect::<Vec<_>>();
    let to_first: Period = "2026-01-15/2026-02-01".parse().unwrap();
    assert_eq!(names(to_first), ["2026-01", "2026-02"]);
    let on_first: Period = "2026-04-01/2026-04-01".parse().unwrap();
    assert_eq!(names(on_first), ["2026-04"]);
    assert_eq!(quarters(on_first), ["2026-Q2"]);
    let to_q3: Period = "2026-06-30/2026-07-01".parse().unwrap();
    assert_eq!(quarters(to_q3), ["2026-Q2", "2026-Q3"]);
    assert_eq!(
        names(Period::quarter(2026, 2).unwrap()),
        ["2026-04", "2026-05", "2026-06"]
    );
}

/// Horizons, allocations and initiative types print as in their JSON form.
#[test]
fn classifications_read_as_their_json_names() {
    for (horizon, words) in [
        (Horizon::Core, "core"),
        (Horizon::Grow, "grow"),
        (Horizon::Explore, "explore"),
    ] {
        assert_eq!(horizon.to_string(), words);
    }
    assert_eq!(Allocation::Run.to_string(), "run");
    assert_eq!(Allocation::Grow.to_string(), "grow");
    for (kind, words) in [
        (InitiativeType::Innovation, "innovation"),
        (InitiativeType::Core, "core"),
        (InitiativeType::Compliance, "compliance"),
    ] {
        assert_eq!(kind.to_string(), words);
    }
}

fn product(id: &str, line: &ProductLineId, horizon: Option<Horizon>) -> Product {
    Product {
        id: ProductId::new(id).unwrap(),
        name: id.to_uppercase(),
        line: line.clone(),
        horizon,
        segments: vec![],
    }
}

/// Two lines, three products: lookups by id find the record with that id, and a line
/// lists exactly its own products, in id order.
#[test]
fn structure_lookups_find_the_named_records() {
    let core = ProductLineId::new("core").unwrap();
    let bets = ProductLineId::new("bets").unwrap();
    let structure = Structure::new(StructureData {
        lines: vec![
            ProductLine {
                id: core.clone(),
                name: "Core".into(),
                horizon: Horizon::Core,
            },
            ProductLine {
                id: bets.clone(),
                name: "Bets".into(),
                horizon: Horizon::Explore,
            },
        ],
        products: vec![
            product("nova", &core, Some(Horizon::Grow)),
            product("atlas", &core, None),
            product("lens", &bets, None),
        ],
        ..StructureData::default()
    })
    .unwrap();
    assert_eq!(structure.line(&bets).map(|l| l.name.as_str()), Some("Bets"));
    assert_eq!(structure.line(&ProductLineId::new("x").unwrap()), None);
    let atlas = ProductId::new("atlas").unwrap();
    assert_eq!(
        structure.product(&atlas).map(|p| p.name.as_str()),
        Some("ATLAS")
    );
    assert_eq!(structure.product(&ProductId::new("x").unwrap()), None);
    let lens = ProductId::new("lens").unwrap();
    assert_eq!(
        structure.line_of(&lens).map(|l| l.id.as_str()),
        Some("bets")
    );
    assert_eq!(structure.line_of(&ProductId::new("x").unwrap()), None);
    assert_eq!(structure.horizon_of(&lens), Some(Horizon::Explore));
    assert_eq!(
        structure.horizon_of(&ProductId::new("nova").unwrap()),
        Some(Horizon::Grow)
    );
    let in_core: Vec<_> = structure
        .products_in(&core)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(in_core, ["atlas", "nova"]);
    let in_bets: Vec<_> = structure
        .products_in(&bets)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(in_bets, ["lens"]);
    assert_eq!(structure.lines().count(), 2);

    // Back to plain data: the same records, by id.
    let data = StructureData::from(structure.clone());
    assert_eq!(data.lines.len(), 2);
    let ids: Vec<_> = data.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["atlas", "lens", "nova"]);
    assert_eq!(Structure::try_from(data), Ok(structure));
}

fn jan(day_of_month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, day_of_month).unwrap()
}

fn series(points: &[(u32, i32)]) -> Series<i32> {
    Series::from_observations(
        points
            .iter()
            .map(|&(d, v)| Observation::new(jan(d), v))
            .collect(),
    )
    .unwrap()
}

/// A series counts, lists and iterates its observations oldest first.
#[test]
fn series_accessors_see_every_observation_in_date_order() {
    let s = series(&[(20, 200), (5, 50), (10, 100)]);
    assert_eq!(s.len(), 3);
    assert!(!s.is_empty());
    assert!(Series::<i32>::new().is_empty());
    assert_eq!(Series::<i32>::new().len(), 0);
    let values = |obs: &[Observation<i32>]| obs.iter().map(|o| o.value).collect::<Vec<_>>();
    assert_eq!(values(s.as_slice()), [50, 100, 200]);
    assert_eq!(
        s.iter().map(|o| o.value).collect::<Vec<_>>(),
        [50, 100, 200]
    );
    let mut looped = Vec::new();
    for o in &s {
        looped.push(o.date);
    }
    assert_eq!(looped, [jan(5), jan(10), jan(20)]);
    assert_eq!(s.first().map(|o| o.value), Some(50));
    assert_eq!(s.latest().map(|o| o.value), Some(200));
    assert_eq!(Series::<i32>::new().first(), None);
    assert_eq!(Series::<i32>::new().latest(), None);

    // Observations on the first and last day of the window count (both inclusive).
    assert_eq!(values(s.window(jan(5), jan(20))), [50, 100, 200]);
    assert_eq!(values(s.window(jan(6), jan(20))), [100, 200]);
    assert_eq!(values(s.window(jan(10), jan(10))), [100]);
    assert_eq!(values(s.up_to(jan(9))), [50]);
    assert_eq!(values(s.up_to(jan(4))), Vec::<i32>::new());
    let january = Period::month(2026, 1).unwrap();
    assert_eq!(values(s.in_period(&january)), [50, 100, 200]);
    let first_ten: Period = "2026-01-01/2026-01-10".parse().unwrap();
    assert_eq!(values(s.in_period(&first_ten)), [50, 100]);

    // The value observed exactly on a date, not the state carried over from before.
    assert_eq!(s.on(jan(5)), Some(&50));
    assert_eq!(s.on(jan(6)), None);
    assert_eq!(s.as_of(jan(6)).map(|o| o.value), Some(50));

    let back: Vec<Observation<i32>> = s.clone().into();
    assert_eq!(back.len(), 3);
    assert_eq!(back.first().map(|o| o.value), Some(50));
    assert_eq!(Series::try_from(back), Ok(s));
    let twice = vec![Observation::new(jan(3), 1), Observation::new(jan(3), 2)];
    assert!(Series::try_from(twice).is_err());
}

/// `insert` refuses a date already present and leaves the series unchanged;
/// `upsert` replaces the value and returns the old one.
#[test]
fn insert_refuses_and_upsert_replaces_a_known_date() {
    let mut s = series(&[(1, 10), (3, 30)]);
    assert!(s.insert(jan(1), 11).is_err());
    assert!(s.insert(jan(3), 31).is_err());
    assert_eq!(s, series(&[(1, 10), (3, 30)]));
    s.insert(jan(2), 20).unwrap();
    s.insert(jan(9), 90).unwrap();
    assert_eq!(s, series(&[(1, 10), (2, 20), (3, 30), (9, 90)]));
    assert_eq!(s.upsert(jan(1), 12), Some(10));
    assert_eq!(s.upsert(jan(4), 40), None);
    assert_eq!(s.on(jan(1)), Some(&12));
    assert_eq!(s.on(jan(4)), Some(&40));
    assert_eq!(s.len(), 5);
}

/// The value last moved on the latest day its value differs from the day before.
#[test]
fn last_change_is_the_latest_movement() {
    // 5, 7, 7, 5: it last moved on the 4th reading.
    let s = series(&[(1, 5), (2, 7), (3, 7), (4, 5)]);
    assert_eq!(s.last_change(jan(31)).map(|o| o.date), Some(jan(4)));
    assert_eq!(s.last_change(jan(3)).map(|o| o.date), Some(jan(2)));
    assert_eq!(s.last_change(jan(1)).map(|o| o.date), Some(jan(1)));
    let mapped = s.map(|v| v * 10);
    assert_eq!(
        mapped.iter().map(|o| (o.date, o.value)).collect::<Vec<_>>(),
        [(jan(1), 50), (jan(2), 70), (jan(3), 70), (jan(4), 50)]
    );
}

#[cfg(feature = "serde")]
mod json {
    use std::collections::BTreeMap;

    use folio_types::Decimal;
    use serde::Deserialize;
    use serde::de::value::{
        BoolDeserializer, Error as ValueError, I128Deserializer, MapDeserializer, U128Deserializer,
    };

    use super::d;

    #[derive(Debug, Deserialize)]
    struct Plain(#[serde(deserialize_with = "folio_types::decimal::deserialize")] Decimal);

    #[derive(Debug, Deserialize)]
    struct Budget(
        #[serde(deserialize_with = "folio_types::decimal::deserialize_vec")] Vec<Decimal>,
    );

    #[derive(Debug, Deserialize)]
    struct Shares(
        #[serde(deserialize_with = "folio_types::decimal::deserialize_map")]
        BTreeMap<String, Decimal>,
    );

    #[derive(Debug, Deserialize)]
    struct Capacity(
        #[serde(deserialize_with = "folio_types::decimal::deserialize_map_vec")]
        BTreeMap<String, Vec<Decimal>>,
    );

    #[derive(Debug, Deserialize)]
    struct Cap {
        #[serde(default, deserialize_with = "folio_types::decimal::deserialize_option")]
        limit: Option<Decimal>,
    }

    /// JSON integers are exact; negative ones too.
    #[test]
    fn json_integers_are_exact() {
        for (json, expected) in [
            ("7", "7"),
            ("-7", "-7"),
            ("12345678901234567", "12345678901234567"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("18446744073709551615", "18446744073709551615"),
        ] {
            assert_eq!(serde_json::from_str::<Plain>(json).unwrap().0, d(expected));
        }
    }

    /// A 128-bit integer handed over by a deserializer is exact when a `Decimal` holds
    /// it (up to 2^96 - 1) and an error beyond.
    #[test]
    fn wide_integers_are_exact_or_refused() {
        let max = (1_i128 << 96) - 1; // 79228162514264337593543950335
        let read_i =
            |v: i128| folio_types::decimal::deserialize(I128Deserializer::<ValueError>::new(v));
        let read_u =
            |v: u128| folio_types::decimal::deserialize(U128Deserializer::<ValueError>::new(v));
        assert_eq!(read_i(max).unwrap(), Decimal::MAX);
        assert_eq!(read_i(-max).unwrap(), Decimal::MIN);
        assert_eq!(read_i(-42).unwrap(), d("-42"));
        assert!(read_i(max + 1).is_err());
        assert_eq!(read_u(max.unsigned_abs()).unwrap(), Decimal::MAX);
        assert_eq!(read_u(42).unwrap(), d("42"));
        assert!(read_u(max.unsigned_abs() + 1).is_err());
    }

    /// With `serde_json`'s `arbitrary_precision` a number arrives as a one-entry map
    /// holding its literal text: that text is read exactly. Any other map is refused.
    #[test]
    fn literal_number_text_is_read_exactly() {
        let literal = |key: &str, text: &str| {
            let map = BTreeMap::from([(key.to_owned(), text.to_owned())]);
            folio_types::decimal::deserialize(MapDeserializer::<_, ValueError>::new(
                map.into_iter(),
            ))
        };
        assert_eq!(
            literal("$serde_json::private::Number", "0.1").unwrap(),
            d("0.1")
        );
        assert_eq!(
            literal("$serde_json::private::Number", "123456789012345678901234.5").unwrap(),
            d("123456789012345678901234.5")
        );
        assert!(literal("$serde_json::private::Number", "1e-30").is_err());
        assert!(literal("amount", "0.1").is_err());
        let err = serde_json::from_str::<Plain>(r#"{"amount": "0.1"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type: map"), "{err}");
    }

    /// A value of the wrong type says what was expected.
    #[test]
    fn wrong_types_say_what_was_expected() {
        let err = serde_json::from_str::<Plain>("true")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("expected a decimal number or a decimal string"),
            "{err}"
        );
        let err = serde_json::from_str::<Cap>(r#"{"limit": true}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected a decimal number"), "{err}");
        let err = serde_json::from_str::<Cap>(r#"{"limit": [1]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected"), "{err}");
    }

    /// The container helpers read every number exactly (their doc examples).
    #[test]
    fn containers_read_every_number() {
        let Budget(b) = serde_json::from_str(r#"[0.1, "2.50", 3]"#).unwrap();
        assert_eq!(b, [d("0.1"), d("2.50"), d("3")]);
        assert!(serde_json::from_str::<Budget>("[1, 1e-30]").is_err());

        let Shares(s) = serde_json::from_str(r#"{"core": 0.6, "grow": "0.4"}"#).unwrap();
        assert_eq!(
            s,
            BTreeMap::from([("core".to_owned(), d("0.6")), ("grow".to_owned(), d("0.4"))])
        );
        assert!(serde_json::from_str::<Shares>(r#"{"core": 1e-30}"#).is_err());

        let Capacity(c) = serde_json::from_str(r#"{"eng": [10, 12.5], "ops": []}"#).unwrap();
        assert_eq!(
            c,
            BTreeMap::from([
                ("eng".to_owned(), vec![d("10"), d("12.5")]),
                ("ops".to_owned(), vec![]),
            ])
        );
        assert!(serde_json::from_str::<Capacity>(r#"{"eng": [1e-30]}"#).is_err());
    }

    /// A deserializer that hands every request a unit value, as formats do whose
    /// empty value is not `null`.
    struct UnitOnly;

    impl<'de> serde::Deserializer<'de> for UnitOnly {
        type Error = ValueError;

        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, ValueError> {
            visitor.visit_unit()
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            struct enum identifier ignored_any
        }
    }

    /// An optional decimal: absent and `null` are `None`, a number is `Some`.
    #[test]
    fn optional_decimals() {
        assert_eq!(serde_json::from_str::<Cap>("{}").unwrap().limit, None);
        assert_eq!(
            serde_json::from_str::<Cap>(r#"{"limit": null}"#)
                .unwrap()
                .limit,
            None
        );
        assert_eq!(
            serde_json::from_str::<Cap>(r#"{"limit": 0.5}"#)
                .unwrap()
                .limit,
            Some(d("0.5"))
        );
        assert_eq!(
            serde_json::from_str::<Cap>(r#"{"limit": "-2"}"#)
                .unwrap()
                .limit,
            Some(d("-2"))
        );
        assert!(serde_json::from_str::<Cap>(r#"{"limit": 1e-30}"#).is_err());
        // A value of another type says that null or a number was expected.
        let boolean =
            folio_types::decimal::deserialize_option(BoolDeserializer::<ValueError>::new(true));
        let err = boolean.unwrap_err().to_string();
        assert!(err.contains("expected null or a decimal number"), "{err}");
        // A format whose "nothing" reaches the visitor as a unit value gives `None` too.
        let unit = folio_types::decimal::deserialize_option(UnitOnly);
        assert_eq!(unit.unwrap(), None);
    }

    /// Currencies and periods travel as their text form.
    #[test]
    fn currencies_and_periods_as_json_text() {
        let eur: folio_types::Currency = serde_json::from_str(r#""EUR""#).unwrap();
        assert_eq!(eur.as_str(), "EUR");
        assert_eq!(serde_json::to_string(&eur).unwrap(), r#""EUR""#);
        assert!(serde_json::from_str::<folio_types::Currency>(r#""eur""#).is_err());
        let q: folio_types::Period = serde_json::from_str(r#""2026-Q3""#).unwrap();
        assert_eq!(q, folio_types::Period::quarter(2026, 3).unwrap());
    }
}

#[cfg(feature = "schemars")]
mod schema {
    use folio_types::{Confidence, Currency, Period, ProductId, Series, Structure, StructureData};
    use schemars::{JsonSchema, SchemaGenerator};
    use serde_json::Value;

    fn inline<T: JsonSchema>() -> Value {
        serde_json::to_value(T::json_schema(&mut SchemaGenerator::default())).unwrap()
    }

    /// A currency is three capital letters (the rule of `Currency::new`).
    #[test]
    fn currency_schema_states_three_capitals() {
        assert_eq!(Currency::schema_name(), "Currency");
        let schema = inline::<Currency>();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["pattern"], "^[A-Z]{3}$");
    }

    /// An id is 1 to 128 characters (the id rules).
    #[test]
    fn id_schema_states_the_length_limits() {
        assert_eq!(ProductId::schema_name(), "ProductId");
        let schema = inline::<ProductId>();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["minLength"], 1);
        assert_eq!(schema["maxLength"], 128);
    }

    /// A confidence is a number in 0..=1 or a decimal string.
    #[test]
    fn bounded_number_schema_states_the_range() {
        let schema = inline::<Confidence>();
        let any_of = schema["anyOf"].as_array().unwrap();
        assert_eq!(any_of.len(), 2);
        let number = any_of.iter().find(|s| s["type"] == "number").unwrap();
        assert_eq!(number["minimum"], 0);
        assert_eq!(number["maximum"], 1);
        assert!(any_of.iter().any(|s| s["type"] == "string"));
    }

    /// A period is a string in one of the four text forms.
    #[test]
    fn period_schema_is_a_patterned_string() {
        assert_eq!(Period::schema_name(), "Period");
        let schema = inline::<Period>();
        assert_eq!(schema["type"], "string");
        assert!(schema["pattern"].as_str().unwrap().contains("Q[1-4]"));
    }

    /// A structure is written as its plain data, and named `Structure`.
    #[test]
    fn structure_schema_is_its_data() {
        assert_eq!(Structure::schema_name(), "Structure");
        assert_eq!(inline::<Structure>(), inline::<StructureData>());
        assert!(inline::<Structure>()["properties"]["products"].is_object());
    }

    /// A series is a list of observations, named after its value type.
    #[test]
    fn series_schema_is_a_list() {
        let name = Series::<Confidence>::schema_name();
        assert!(name.contains("Confidence"), "{name}");
        let schema = inline::<Series<Confidence>>();
        assert_eq!(schema["type"], "array");
        assert!(
            schema["description"]
                .as_str()
                .unwrap()
                .contains("one per date")
        );
    }
}

#[cfg(feature = "proptest")]
mod strategies {
    use folio_types::{Currency, Decimal, strategy};
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;

    fn draws<T>(s: impl Strategy<Value = T>) -> Vec<T> {
        let mut runner = TestRunner::deterministic();
        (0..200)
            .map(|_| s.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    /// `ratio()` covers -10..=10, negative values included (a decline).
    #[test]
    fn ratios_span_both_signs() {
        let values = draws(strategy::ratio());
        let ten = Decimal::from(10);
        assert!(values.iter().all(|r| -ten <= r.value() && r.value() <= ten));
        assert!(values.iter().any(|r| r.value() < Decimal::ZERO));
        assert!(values.iter().any(|r| r.value() > Decimal::ZERO));
    }

    /// `money()` covers losses and gains up to 10^10.
    #[test]
    fn money_spans_both_signs() {
        let eur = Currency::new("EUR").unwrap();
        let values = draws(strategy::money(eur));
        let limit = Decimal::from(10_000_000_000_i64);
        assert!(values.iter().all(|m| m.amount().abs() <= limit));
        assert!(values.iter().any(folio_types::Money::is_negative));
        assert!(values.iter().any(|m| m.amount() > Decimal::ZERO));
    }
}

/// An exponent may fill all 29 digits a `Decimal` holds: `1e28` (a 1 and 28 zeros) is
/// exact, `8e28` is above `Decimal::MAX` (about 7.92e28), `1e29` has 30 digits.
#[test]
fn exponents_reach_the_29th_digit() {
    use folio_types::decimal::parse_exact;

    let ten_pow_28 = Decimal::from_i128_with_scale(10_i128.pow(28), 0);
    assert_eq!(parse_exact("1e28").unwrap(), ten_pow_28);
    assert_eq!(parse_exact("1.0e28").unwrap(), ten_pow_28);
    assert_eq!(parse_exact("7e28").unwrap(), ten_pow_28 * Decimal::from(7));
    assert_eq!(parse_exact("-1e28").unwrap(), -ten_pow_28);
    for text in ["8e28", "1e29", "10e28"] {
        assert!(
            matches!(
                parse_exact(text),
                Err(folio_types::Error::InexactNumber { .. })
            ),
            "{text}"
        );
    }
}

/// A number with more significant digits than a `Decimal` holds (29) says so
/// (`parse_exact`'s errors: "more digits than a `Decimal` holds").
#[test]
fn thirty_significant_digits_are_too_many() {
    let err = folio_types::decimal::parse_exact("123456789012345678901234567891").unwrap_err();
    assert!(
        err.to_string()
            .contains("more significant digits than a decimal holds"),
        "{err}"
    );
}
