//! [`Ratings`] against the `BTreeMap<FactorId, RiskRating>` it replaced: the same
//! answers to the same calls, the same `Debug` text, JSON, JSON schema and
//! deserialization errors (the former [`Assessment`] is kept here, as it was, to compare).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;

use folio_types::strategy;
use proptest::collection::vec;
use proptest::prelude::*;

use super::*;
#[cfg(feature = "serde")]
use crate::assessment::Assessment;

/// Factor ids from a small alphabet, so that pairs often share an id.
fn factor() -> impl Strategy<Value = FactorId> + Clone {
    prop::sample::select(vec!["a", "b", "c", "ab", "b2", "security", "z"])
        .prop_map(|id| FactorId::new(id).unwrap())
}

fn pairs() -> impl Strategy<Value = Vec<(FactorId, RiskRating)>> {
    vec((factor(), strategy::risk_rating()), 0..12)
}

/// One call of the map-like API, on both forms.
#[derive(Debug, Clone)]
enum Call {
    Insert(FactorId, RiskRating),
    Remove(FactorId),
    Set(FactorId, RiskRating),
    Extend(Vec<(FactorId, RiskRating)>),
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        (factor(), strategy::risk_rating()).prop_map(|(f, r)| Call::Insert(f, r)),
        factor().prop_map(Call::Remove),
        (factor(), strategy::risk_rating()).prop_map(|(f, r)| Call::Set(f, r)),
        pairs().prop_map(Call::Extend),
    ]
}

/// Every read of the map-like API agrees with the map's.
fn check_same(ratings: &Ratings, map: &BTreeMap<FactorId, RiskRating>) {
    assert_eq!(ratings.len(), map.len());
    assert_eq!(ratings.is_empty(), map.is_empty());
    assert!(ratings.iter().eq(map.iter()));
    assert!(ratings.iter().rev().eq(map.iter().rev()));
    assert!(ratings.keys().eq(map.keys()));
    assert!(ratings.values().eq(map.values()));
    assert!((&ratings.clone()).into_iter().eq(map));
    assert!(ratings.clone().into_iter().eq(map.clone()));
    assert_eq!(ratings.iter().len(), map.len());
    for id in ["a", "b", "c", "ab", "b2", "security", "z", "y"] {
        assert_eq!(ratings.get(id), map.get(id), "{id}");
        assert_eq!(ratings.contains_key(id), map.contains_key(id), "{id}");
        let factor = FactorId::new(id).unwrap();
        assert_eq!(ratings.get(&factor), map.get(&factor), "{id}");
    }
    assert_eq!(format!("{ratings:?}"), format!("{map:?}"));
    assert_eq!(format!("{ratings:#?}"), format!("{map:#?}"));
    #[cfg(feature = "serde")]
    assert_eq!(
        serde_json::to_string(ratings).unwrap(),
        serde_json::to_string(map).unwrap()
    );
    assert_eq!(BTreeMap::from(ratings.clone()), *map);
    assert_eq!(Ratings::from(map.clone()), *ratings);
}

proptest! {
    /// Collecting, extending, inserting and removing give what the map gives, in any
    /// order of the pairs.
    #[test]
    fn calls_agree_with_the_map(start in pairs(), calls in vec(call(), 0..12)) {
        let mut ratings: Ratings = start.iter().cloned().collect();
        let mut map: BTreeMap<FactorId, RiskRating> = start.iter().cloned().collect();
        check_same(&ratings, &map);
        for call in calls {
            match call {
                Call::Insert(f, r) => {
                    prop_assert_eq!(ratings.insert(f.clone(), r), map.insert(f, r));
                }
                Call::Remove(f) => prop_assert_eq!(ratings.remove(&f), map.remove(&f)),
                Call::Set(f, r) => {
                    if let (Some(a), Some(b)) = (ratings.get_mut(&f), map.get_mut(&f)) {
                        *a = r;
                        *b = r;
                    }
                    prop_assert_eq!(ratings.contains_key(&f), map.contains_key(&f));
                }
                Call::Extend(pairs) => {
                    if pairs.len() % 2 == 0 {
                        ratings.extend(pairs.iter().cloned());
                        map.extend(pairs.iter().cloned());
                    } else {
                        ratings.extend(pairs.iter().map(|(f, r)| (f, r)));
                        // A map extends from borrowed pairs only when its keys are
                        // `Copy`; the ratings clone the ids.
                        map.extend(pairs.iter().cloned());
                    }
                }
            }
            check_same(&ratings, &map);
        }
    }

    /// The same pairs give the same ratings whatever order they are inserted in.
    #[test]
    fn insertion_order_does_not_matter(pairs in pairs(), seed in any::<u64>()) {
        let mut unique: Vec<(FactorId, RiskRating)> = pairs
            .into_iter()
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect();
        let forward: Ratings = unique.iter().cloned().collect();
        let len = unique.len().max(1);
        unique.rotate_left(usize::try_from(seed).unwrap_or(0) % len);
        if seed % 2 == 1 {
            unique.reverse();
        }
        let mut inserted = Ratings::new();
        for (f, r) in unique.iter().cloned() {
            inserted.insert(f, r);
        }
        prop_assert_eq!(&inserted, &forward);
        prop_assert_eq!(&unique.into_iter().collect::<Ratings>(), &forward);
    }
}

#[cfg(feature = "serde")]
proptest! {
    /// An assessment reads from JSON, writes to JSON and prints exactly as the former
    /// one did, and a JSON object that the former one rejected (a factor twice, an
    /// invalid id or rating, in any order) is rejected with the same message.
    #[test]
    fn assessments_read_write_and_print_as_before(
        pairs in pairs(),
        bad in prop_oneof![
            Just(None),
            Just(Some(r#""7""#)),
            Just(Some(r#"[]"#)),
            Just(Some("3")),
        ],
        at in any::<prop::sample::Index>(),
    ) {
        let mut fields: Vec<String> = pairs
            .iter()
            .map(|(f, r)| format!("{}:{}", serde_json::to_string(f).unwrap(), serde_json::to_string(r).unwrap()))
            .collect();
        if let Some(bad) = bad {
            let key = if bad == "3" { r#"" x""# } else { r#""q""# };
            fields.insert(at.index(fields.len() + 1), format!("{key}:{bad}"));
        }
        let json = format!(
            r#"{{"product":"atlas","date":"2026-09-30","ratings":{{{}}}}}"#,
            fields.join(",")
        );
        let new = serde_json::from_str::<Assessment>(&json);
        let old = serde_json::from_str::<former::Assessment>(&json);
        match (&new, &old) {
            (Ok(new), Ok(old)) => {
                prop_assert_eq!(format!("{new:?}"), format!("{old:?}"));
                prop_assert_eq!(format!("{new:#?}"), format!("{old:#?}"));
                prop_assert_eq!(
                    serde_json::to_string(new).unwrap(),
                    serde_json::to_string(old).unwrap()
                );
                prop_assert_eq!(
                    serde_json::to_string_pretty(new).unwrap(),
                    serde_json::to_string_pretty(old).unwrap()
                );
                check_same(&new.ratings, &old.ratings);
            }
            (Err(new), Err(old)) => prop_assert_eq!(new.to_string(), old.to_string()),
            _ => prop_assert!(false, "{json}: {new:?} against {old:?}"),
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn duplicates_are_named_as_before() {
    for ratings in [
        r#"{"a":3,"a":4}"#,
        r#"{"b":3,"a":4,"b":1,"a":2}"#,
        r#"{"b":3,"a":4,"a":1,"b":2}"#,
        r#"{"a":3,"b":4,"c":1,"b":2}"#,
        r#"{"c":3,"b":4,"a":1,"b":2,"x":9}"#,
        r#"{"a":3,"a":9}"#,
    ] {
        let json = format!(r#"{{"product":"atlas","date":"2026-09-30","ratings":{ratings}}}"#);
        let new = serde_json::from_str::<Assessment>(&json).unwrap_err();
        let old = serde_json::from_str::<former::Assessment>(&json).unwrap_err();
        assert_eq!(new.to_string(), old.to_string(), "{ratings}");
    }
}

#[cfg(feature = "schemars")]
#[test]
fn the_schema_is_the_former_one() {
    assert_eq!(
        serde_json::to_string_pretty(&schemars::schema_for!(Assessment)).unwrap(),
        serde_json::to_string_pretty(&schemars::schema_for!(former::Assessment)).unwrap()
    );
    assert_eq!(
        serde_json::to_string_pretty(&schemars::schema_for!(Ratings)).unwrap(),
        serde_json::to_string_pretty(&schemars::schema_for!(BTreeMap<FactorId, RiskRating>))
            .unwrap()
    );
}

#[test]
fn assessment_new_rejects_the_first_duplicate_in_id_order() {
    let f = |s: &str| FactorId::new(s).unwrap();
    let r = |n: i64| RiskRating::new(n.into()).unwrap();
    for (pairs, expected) in [
        (vec![(f("b"), r(1)), (f("a"), r(2))], None),
        (
            vec![
                (f("b"), r(1)),
                (f("b"), r(2)),
                (f("a"), r(2)),
                (f("a"), r(3)),
            ],
            Some("a"),
        ),
        (
            vec![(f("c"), r(1)), (f("b"), r(2)), (f("c"), r(2))],
            Some("c"),
        ),
    ] {
        assert_eq!(
            Ratings::unique(pairs).err().map(|f| f.as_str().to_owned()),
            expected.map(str::to_owned)
        );
    }
}

/// The assessment as it was before [`Ratings`]: its ratings a `BTreeMap`, read through
/// a visitor that rejects a factor given twice.
#[cfg(feature = "serde")]
mod former {
    use std::collections::BTreeMap;
    use std::fmt;

    use chrono::NaiveDate;
    use folio_types::{ProductId, RiskRating};
    use serde::Deserializer;
    use serde::de::{MapAccess, Visitor};

    use crate::error::Error;
    use crate::id::FactorId;

    #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    #[serde(deny_unknown_fields)]
    #[cfg_attr(
        feature = "schemars",
        schemars(
            description = "One product's factor ratings, as assessed on one date.\n\nRatings are keyed by factor id. A factor may be left out; what that means is the\n[`MissingRatingPolicy`](crate::MissingRatingPolicy) of the scoring configuration\n(by default an error), never a silent zero. In JSON, `ratings` is an object from\nfactor id to rating; a factor that appears twice is rejected rather than letting the\nlast value win.\n\nuse folio_risk::Assessment;\n\nlet assessment: Assessment = serde_json::from_str(r#\"{\n    \"product\": \"atlas\",\n    \"date\": \"2026-09-30\",\n    \"ratings\": { \"security\": \"4\", \"reliability\": 2 }\n}\"#)?;\nassert_eq!(assessment.ratings.len(), 2);\nassert!(serde_json::from_str::<Assessment>(r#\"{\n    \"product\": \"atlas\", \"date\": \"2026-09-30\",\n    \"ratings\": { \"security\": 4, \"security\": 5 }\n}\"#).is_err());\n# Ok::<(), Box<dyn std::error::Error>>(())"
        )
    )]
    pub(super) struct Assessment {
        /// The assessed product.
        pub(super) product: ProductId,
        /// The day of the assessment.
        pub(super) date: NaiveDate,
        /// The rating of each assessed factor.
        #[serde(deserialize_with = "unique_ratings")]
        pub(super) ratings: BTreeMap<FactorId, RiskRating>,
    }

    fn unique_ratings<'de, D>(deserializer: D) -> Result<BTreeMap<FactorId, RiskRating>, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct Ratings;

        impl<'de> Visitor<'de> for Ratings {
            type Value = BTreeMap<FactorId, RiskRating>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object from factor id to risk rating")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((factor, rating)) = access.next_entry::<FactorId, RiskRating>()? {
                    if map.contains_key(&factor) {
                        return Err(serde::de::Error::custom(Error::DuplicateRating { factor }));
                    }
                    map.insert(factor, rating);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(Ratings)
    }
}
