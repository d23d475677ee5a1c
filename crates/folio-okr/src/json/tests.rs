//! The column path against the record path, on random portfolios and broken documents:
//! the same validity, graph, rolled-up values and errors.
// Test helpers unwrap and index as the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

/// A tiny deterministic generator, so that one seed describes a whole portfolio.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn edge(kind: &str, to: &str, weight: Option<&str>) -> Value {
    let mut edge = json!({ "to": { kind: to } });
    if let Some(w) = weight {
        edge["weight"] = json!(w);
    }
    edge
}

/// A random portfolio and inputs, as JSON text: mostly a valid three-tier portfolio
/// with progress for every leaf, sometimes with a rule broken (a parent on the wrong
/// tier or unknown, a zero weight, a repeated id or edge, drivers that do not count a
/// contributor), a field the column path leaves to the record path (a deadline, a
/// dependency, an override), or inputs that do not fit (a missing leaf, an unknown id,
/// progress of a rolled-up key result). Keys come in the structs' order or sorted.
fn documents(seed: u64) -> (String, String) {
    let mut rng = Rng(seed);
    let broken = rng.chance(30);
    let method = match rng.below(8) {
        0 => "say_do",
        1 => "kpi",
        _ => "weighted",
    };
    let weights = [None, Some("1"), Some("2.5"), Some("0.01"), Some("3")];
    let weight = |rng: &mut Rng| {
        if broken && rng.chance(5) {
            Some("0")
        } else {
            weights[rng.below(weights.len())]
        }
    };
    let portfolio = 1 + rng.below(3);
    let products = portfolio + rng.below(3);
    let krs = products + rng.below(4);
    let initiatives = rng.below(7);
    let mut objectives = Vec::new();
    for p in 0..portfolio {
        let mut o = json!({ "id": format!("p{p}"), "name": format!("p{p}"), "tier": "portfolio",
            "drivers": if broken && rng.chance(10) { "key_results" } else { rng.pick(&["child_objectives", "both"]) } });
        if rng.chance(20) {
            o["theme"] = json!("growth");
        }
        if rng.chance(20) {
            o["owner"] = json!("cpo");
        }
        objectives.push(o);
    }
    for o in 0..products {
        let parent = format!(
            "p{}",
            if o < portfolio {
                o
            } else {
                rng.below(portfolio)
            }
        );
        let mut record = json!({ "id": format!("o{o}"),
            "name": if rng.chance(50) { format!("o{o}") } else { format!("Objective {o}") },
            "tier": "product",
            "drivers": if broken && rng.chance(10) { "child_objectives" } else { "key_results" },
            "contributes_to": [edge("objective", &parent, weight(&mut rng))] });
        if rng.chance(30) {
            record["product"] = json!(rng.pick(&["atlas", "lens"]));
        }
        if broken && rng.chance(5) {
            record["method"] = json!(method);
        }
        objectives.push(record);
    }
    let mut key_results = Vec::new();
    let mut has_children = vec![false; krs];
    let mut initiative_parents = Vec::new();
    for _ in 0..initiatives {
        let k = rng.below(krs);
        has_children[k] = true;
        initiative_parents.push(k);
    }
    for (k, _) in has_children.iter().enumerate() {
        let mut edges = vec![edge(
            "objective",
            &format!("o{}", if k < products { k } else { rng.below(products) }),
            weight(&mut rng),
        )];
        if rng.chance(15) {
            // A second parent: another product objective or a portfolio objective.
            let other = if rng.chance(50) {
                format!("o{}", rng.below(products))
            } else {
                format!("p{}", rng.below(portfolio))
            };
            edges.push(edge("objective", &other, weight(&mut rng)));
        }
        if broken && rng.chance(10) {
            edges.push(edge("objective", "nowhere", None));
        }
        let mut record = json!({ "id": format!("k{k}"),
            "name": if rng.chance(70) { format!("k{k}") } else { format!("Key result {k}") },
            "tier": "product",
            "owner": rng.pick(&["ana", "ana", "lee"]),
            "product": rng.pick(&["atlas", "atlas", "lens"]),
            "contributes_to": edges });
        if rng.chance(2) {
            record["deadline"] = json!("2026-03-31");
        }
        if rng.chance(2) {
            record["resources"] = json!([]);
        }
        key_results.push(record);
    }
    for (i, &k) in initiative_parents.iter().enumerate() {
        let (kind, to) = if broken && rng.chance(10) {
            ("objective", format!("p{}", rng.below(portfolio)))
        } else {
            ("key_result", format!("k{k}"))
        };
        key_results.push(json!({ "id": format!("i{i}"), "name": format!("i{i}"),
            "tier": "initiative", "owner": "ana", "product": "atlas",
            "contributes_to": [edge(kind, &to, weight(&mut rng))] }));
    }
    if broken && rng.chance(15) && !key_results.is_empty() {
        let again = key_results[rng.below(key_results.len())].clone();
        key_results.push(again);
    }
    // Random order of records.
    for list in [&mut objectives, &mut key_results] {
        for i in (1..list.len()).rev() {
            let j = rng.below(i + 1);
            list.swap(i, j);
        }
    }
    let policy = json!({ "method": method });
    let portfolio_text = if rng.chance(50) {
        // Keys in the structs' order.
        format!(
            r#"{{"policy":{policy},"objectives":{},"key_results":{}}}"#,
            Value::from(objectives),
            Value::from(key_results.clone())
        )
    } else {
        // Keys sorted: key results before the objectives they name.
        json!({ "policy": policy, "objectives": objectives, "key_results": key_results.clone() })
            .to_string()
    };

    let mut progress = serde_json::Map::new();
    let values = [
        json!("0"),
        json!("0.25"),
        json!(0.5),
        json!("1"),
        json!("1.2"),
    ];
    for (k, &children) in has_children.iter().enumerate() {
        if !children || (broken && rng.chance(5)) {
            progress.insert(format!("k{k}"), values[rng.below(values.len())].clone());
        }
    }
    for i in 0..initiatives {
        progress.insert(format!("i{i}"), values[rng.below(values.len())].clone());
    }
    if broken && rng.chance(10) && !progress.is_empty() {
        let key = progress.keys().next().cloned().unwrap();
        progress.remove(&key);
    }
    if broken && rng.chance(5) {
        progress.insert("ghost".to_owned(), json!("0.5"));
    }
    let mut inputs = json!({ "progress": progress });
    if rng.chance(5) {
        inputs["overrides"] = json!([{ "node": { "objective": "p0" }, "progress": "0.5",
            "owner": "cpo", "reason": "judgment" }]);
    }
    if rng.chance(5) {
        inputs["confidence"] = json!({ "k0": "0.7" });
    }
    let inputs = inputs.to_string();
    if rng.chance(30) {
        // Ids longer than the id table holds whole.
        (lengthen(&portfolio_text), lengthen(&inputs))
    } else {
        (portfolio_text, inputs)
    }
}

/// `text` with every id string `"p1"`, `"k12"`, ... made longer: `"p-long-id-1"`.
fn lengthen(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(at) = rest.find('"') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let mut chars = rest.chars();
        if let Some(first @ ('p' | 'o' | 'k' | 'i')) = chars.next() {
            let digits = chars
                .as_str()
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(0);
            if digits > 0 && chars.as_str()[digits..].starts_with('"') {
                out.push(first);
                out.push_str("-long-id-");
                out.push_str(&chars.as_str()[..=digits]);
                rest = &chars.as_str()[digits + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The record path: serde's `PortfolioData`, `OkrGraph::new`, serde's
/// `ProgressInputs`, `OkrGraph::rollup`.
fn by_records(portfolio: &str, inputs: &str) -> Result<(OkrGraph, Rollup)> {
    let graph = OkrGraph::new(parse::<PortfolioData>(portfolio, "portfolio")?)?;
    let rollup = graph.rollup(&parse::<ProgressInputs>(inputs, "inputs")?)?;
    Ok((graph, rollup))
}

/// Checks [`load`] against the record path.
fn check(portfolio: &str, inputs: &str) {
    let context = format!("{portfolio}\n{inputs}");
    match (load(portfolio, inputs), by_records(portfolio, inputs)) {
        (Ok((graph, rollup)), Ok((expected, expected_rollup))) => {
            assert_eq!(graph.plan(), expected.plan(), "{context}");
            assert_eq!(graph.warnings(), expected.warnings(), "{context}");
            assert_eq!(graph.period(), expected.period(), "{context}");
            assert!(graph.objectives().eq(expected.objectives()), "{context}");
            assert!(graph.key_results().eq(expected.key_results()), "{context}");
            assert_eq!(
                rollup.reported_values(),
                expected_rollup.reported_values(),
                "{context}"
            );
        }
        (Err(e), Err(expected)) => assert_eq!(e, expected, "{context}"),
        (a, b) => panic!("{context}: {:?} against {:?}", a.err(), b.err()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_column_path_matches_the_record_path(seed in any::<u64>()) {
        let (portfolio, inputs) = documents(seed);
        check(&portfolio, &inputs);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The same documents written another way JSON allows (indented, escapes, numbers
    /// for weights and progress), or broken by one edit at any place: the scan takes or
    /// refuses each as the record path does, and what it takes gives the same answer.
    #[test]
    fn any_writing_or_edit_of_the_documents_reads_as_the_record_path_reads_it(
        seed in any::<u64>(),
        form in 0..8u8,
        place in any::<usize>(),
        byte in prop::sample::select(&b"{}[],:\" \t\n0\\ax-.e"[..]),
    ) {
        let (portfolio, inputs) = documents(seed);
        let (portfolio, inputs) = (rewrite(&portfolio, form, place, byte), rewrite(&inputs, form, place, byte));
        check(&portfolio, &inputs);
    }
}

/// The rewritings JSON allows (indented, escapes, numbers) are read into columns, not
/// left to the record path, so the property test above compares two readings of them.
#[test]
fn rewritten_documents_take_the_column_path() {
    for form in 0..3u8 {
        let mut columns = 0;
        for seed in 0..100u64 {
            let (portfolio, inputs) = documents(seed);
            let place = usize::try_from(seed * 7919).unwrap();
            let portfolio = rewrite(&portfolio, form, place, b' ');
            if let Some((c, _)) = read_columns(&portfolio).filter(|(c, _)| c.is_valid()) {
                let (graph, _) = c.compile().unwrap();
                if read_progress(&graph, &rewrite(&inputs, form, place, b' ')).is_some() {
                    columns += 1;
                }
            }
        }
        assert!(columns >= 30, "form {form}: {columns} of 100");
    }
}

/// `text` written or edited in one of eight ways (see the property test that uses it).
fn rewrite(text: &str, form: u8, place: usize, byte: u8) -> String {
    let at = |text: &str| {
        let mut at = place % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match form {
        // Indented, with white space between every token.
        0 => serde_json::to_string_pretty(&serde_json::from_str::<Value>(text).unwrap()).unwrap(),
        // Each letter of a string as an escape (`"k1"` as `"\u006b1"`) at one place.
        1 => {
            let at = at(text);
            let (head, tail) = text.split_at(at);
            match tail.find(|c: char| c.is_ascii_lowercase()) {
                Some(i) if head.matches('"').count() % 2 == 1 || tail[..i].contains('"') => {
                    let c = tail[i..].chars().next().unwrap();
                    format!(
                        "{head}{}\\u{:04x}{}",
                        &tail[..i],
                        u32::from(c),
                        &tail[i + 1..]
                    )
                }
                _ => text.to_owned(),
            }
        }
        // Decimal strings written as JSON numbers (`"2.5"` as `2.5`).
        2 => {
            let mut out = String::new();
            let mut rest = text;
            while let Some(i) = rest.find('"') {
                let body = &rest[i + 1..];
                let end = body.find('"').unwrap_or(0);
                let inner = &body[..end];
                let number = !inner.is_empty()
                    && inner.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && body[end + 1..].trim_start().starts_with([',', '}', ']']);
                if number {
                    out.push_str(&rest[..i]);
                    out.push_str(inner);
                } else {
                    out.push_str(&rest[..i + 2 + end]);
                }
                rest = &body[end + 1..];
            }
            out.push_str(rest);
            out
        }
        // One byte inserted: anywhere, just after a quote (into or after a string), or
        // at the end; one character removed; the text cut short.
        3 => {
            let at = at(text);
            format!("{}{}{}", &text[..at], char::from(byte), &text[at..])
        }
        4 => {
            let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i + 1).collect();
            let at = quotes
                .get(place % quotes.len().max(1))
                .copied()
                .unwrap_or(0);
            format!("{}{}{}", &text[..at], char::from(byte), &text[at..])
        }
        5 => format!("{text}{}", char::from(byte)),
        6 => {
            let at = at(text);
            let len = text[at..].chars().next().map_or(0, char::len_utf8);
            format!("{}{}", &text[..at], &text[at + len..])
        }
        _ => text[..at(text)].to_owned(),
    }
}

/// The generator is not vacuous: some portfolios go the column path, some are read by
/// columns and fail validation, some are left to the record path, and the loads end in
/// both answers and errors.
#[test]
fn the_random_portfolios_cover_each_outcome() {
    let (mut columns, mut invalid, mut aside, mut rolled, mut failed, mut inputs_fast) =
        (0, 0, 0, 0, 0, 0);
    for seed in 0..300u64 {
        let (portfolio, inputs) = documents(seed);
        match read_columns(&portfolio) {
            Some((c, _)) if c.is_valid() => {
                columns += 1;
                if let Ok((graph, _)) = c.compile() {
                    if read_progress(&graph, &inputs).is_some() {
                        inputs_fast += 1;
                    }
                }
            }
            Some(_) => invalid += 1,
            None => aside += 1,
        }
        if load(&portfolio, &inputs).is_ok() {
            rolled += 1;
        } else {
            failed += 1;
        }
    }
    assert!(
        columns >= 60
            && invalid >= 30
            && aside >= 20
            && rolled >= 60
            && failed >= 30
            && inputs_fast >= 40,
        "{columns} {invalid} {aside} {rolled} {failed} {inputs_fast}"
    );
}

const PORTFOLIO: &str = r#"{
  "policy": { "method": "weighted" },
  "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
  "key_results": [
    { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
      "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    { "id": "nps", "name": "nps", "tier": "product", "owner": "lee", "product": "atlas",
      "contributes_to": [{ "to": { "objective": "grow" } }] }
  ]
}"#;

const INPUTS: &str = r#"{ "progress": { "arr": "0.8", "nps": 0.4 } }"#;

#[test]
fn long_ids_are_lengthened() {
    assert_eq!(
        lengthen(r#"{"k12":"0.5","to":{"objective":"p0"},"id":"i"}"#),
        r#"{"k-long-id-12":"0.5","to":{"objective":"p-long-id-0"},"id":"i"}"#
    );
}

#[test]
fn the_example_goes_the_column_path() {
    let (columns, _) = read_columns(PORTFOLIO).unwrap();
    assert!(columns.is_valid());
    let (graph, _) = columns.compile().unwrap();
    assert!(read_progress(&graph, INPUTS).is_some());
    check(PORTFOLIO, INPUTS);
}

/// Broken and unusual documents, each made from the example by replacing one piece of
/// its text: every one gives the record path's answer or error.
#[test]
fn broken_documents_give_the_record_paths_errors() {
    let cases: &[(&str, &str)] = &[
        // Not JSON, or not only JSON.
        ("{", ""),
        ("\n  ]\n}", "\n  ]\n} trailing"),
        ("\n  ]\n}", "\n  ]\n}\n"),
        // Wrong types and values.
        (r#""weight": "3""#, r#""weight": "-3""#),
        (r#""weight": "3""#, r#""weight": true"#),
        (r#""id": "arr""#, r#""id": 5"#),
        (r#""id": "arr""#, r#""id": " arr""#),
        (r#""id": "arr""#, r#""id": """#),
        (r#""owner": "ana""#, r#""owner": "a\nna""#),
        // A raw control character in a string, which JSON does not allow (a name is
        // free text, so nothing but the parse refuses it).
        (r#""name": "ARR""#, "\"name\": \"A\tRR\""),
        (r#""name": "ARR""#, "\"name\": \"A\u{1}RR\""),
        (r#""product": "atlas""#, r#""product": null"#),
        (r#""tier": "product""#, r#""tier": "portfolio""#),
        (r#""method": "weighted""#, r#""method": "mixed""#),
        (
            r#"{ "objective": "grow" }, "weight""#,
            r#"{ "goal": "grow" }, "weight""#,
        ),
        (
            r#"{ "objective": "grow" }, "weight""#,
            r#""grow", "weight""#,
        ),
        (
            r#"{ "objective": "grow" }, "weight""#,
            r#"{ "objective": "grow", "key_result": "arr" }, "weight""#,
        ),
        // Unknown, repeated and missing fields.
        (r#""name": "ARR","#, r#""name": "ARR", "colour": "red","#),
        (r#""name": "ARR","#, r#""name": "ARR", "name": "ARR","#),
        (r#""name": "ARR","#, ""),
        (r#", "weight": "3""#, r#", "weight": "3", "weight": "3""#),
        (r#""policy": { "method": "weighted" },"#, ""),
        (
            r#""policy": { "method": "weighted" },"#,
            r#""policy": { "method": "weighted" }, "extra": 1,"#,
        ),
        // Forms the column path leaves to the record path, valid ones included.
        (
            r#""name": "ARR","#,
            r#""name": "ARR", "deadline": "2026-03-31","#,
        ),
        (r#""name": "ARR","#, r#""name": "ARR", "target": null,"#),
        (r#""name": "ARR","#, r#""na\u006de": "ARR","#),
        (r#""id": "arr""#, r#""id": "a\u0072r""#),
        (
            r#""policy": { "method": "weighted" },"#,
            r#""policy": { "method": "weighted" }, "period": null,"#,
        ),
        (
            r#"{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }"#,
            r#"["grow", "Grow", "portfolio", "key_results"]"#,
        ),
        // Validation problems: an unknown parent, a repeated id, a repeated edge.
        (
            r#"{ "objective": "grow" } }"#,
            r#"{ "objective": "gone" } }"#,
        ),
        (r#""id": "nps""#, r#""id": "arr""#),
        (
            r#"[{ "to": { "objective": "grow" } }]"#,
            r#"[{ "to": { "objective": "grow" } }, { "to": { "objective": "grow" } }]"#,
        ),
        (
            r#"[{ "to": { "objective": "grow" } }]"#,
            r#"[{ "to": { "key_result": "arr" } }]"#,
        ),
    ];
    for &(from, to) in cases {
        assert!(PORTFOLIO.contains(from), "{from}");
        check(&PORTFOLIO.replacen(from, to, 1), INPUTS);
    }
    let inputs: &[&str] = &[
        "",
        "{",
        r#"{ "progress": { "arr": "0.8" } }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4, "ghost": 1 } }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4, "nps": 0.5 } }"#,
        r#"{ "progress": { "arr": "0.8", "nps": -0.4 } }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4 }, "progress": {} }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4 }, "other": {} }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4 }, "overrides": [] }"#,
        r#"{ "progress": { "arr": "0.8", "nps": 0.4 }, "confidence": { "arr": 2 } }"#,
        r#"{ "progress": { "arr": "0.8", "n\u0070s": 0.4 } }"#,
        r#"{ "progress": { "arr": "0.8", " nps": 0.4 } }"#,
        r#"{ "overrides": [] }"#,
        r#"[{ "arr": "0.8", "nps": 0.4 }]"#,
    ];
    for text in inputs {
        check(PORTFOLIO, text);
    }
}

/// `plainly_valid` as its docs state it: 1 to 128 printable ASCII characters, the first
/// and last not a space; anything else is left to the id's constructor.
#[test]
fn plainly_valid_ids_are_short_printable_ascii_without_outer_spaces() {
    for text in ["a", "~", "a b", "key-result_1.2", &"x".repeat(128)] {
        assert!(plainly_valid(text), "{text:?}");
    }
    for text in ["", " a", "a ", " ", "a\n", "\u{7f}", "é", &"x".repeat(129)] {
        assert!(!plainly_valid(text), "{text:?}");
    }
}

#[test]
fn nodes_are_numbered_in_the_order_they_are_defined() {
    let mut reader = Reader::default();
    let grow = NodeId::Objective(ObjectiveId::new("grow").unwrap());
    let arr = NodeId::KeyResult(KeyResultId::new("arr").unwrap());
    let nps = NodeId::KeyResult(KeyResultId::new("nps").unwrap());
    let portfolio = Level::from(crate::model::ObjectiveTier::Portfolio);
    let product = Level::from(KeyResultTier::Product);
    assert_eq!(
        reader.define(grow.clone(), portfolio, Some(Drivers::KeyResults)),
        Some(0)
    );
    assert_eq!(reader.define(arr.clone(), product, None), Some(1));
    assert_eq!(reader.define(nps.clone(), product, None), Some(2));
    assert_eq!(reader.ids, [grow, arr, nps]);
    assert_eq!(reader.levels, [portfolio, product, product]);
    assert_eq!(reader.drivers, [Some(Drivers::KeyResults), None, None]);
}

/// References are numbered in order; ids longer than the table holds whole (seven
/// bytes) keep their text, one after another; text that is not an id of its kind is
/// refused with that kind's error and not recorded.
#[test]
fn references_are_numbered_and_long_ids_keep_their_text() {
    let mut reader = Reader::default();
    assert_eq!(reader.reference(0, "grow"), Ok(0));
    assert_eq!(reader.reference(1, "lens-active"), Ok(1));
    assert_eq!(reader.reference(1, "arr"), Ok(2));
    assert_eq!(reader.reference(0, "atlas-win"), Ok(3));
    assert_eq!(reader.refs.len(), 4);
    assert_eq!(reader.long_text, "lens-activeatlas-win");
    assert_eq!(reader.long_refs, [(1, 1, 11), (3, 0, 20)]);

    assert_eq!(
        reader.reference(0, " grow"),
        Err(ObjectiveId::new(" grow").unwrap_err())
    );
    assert_eq!(
        reader.reference(1, "a\tb"),
        Err(KeyResultId::new("a\tb").unwrap_err())
    );
    assert_ne!(
        ObjectiveId::new(" grow").unwrap_err(),
        KeyResultId::new(" grow").unwrap_err(),
        "the two kinds' errors differ"
    );
    assert_eq!(reader.refs.len(), 4);
    assert_eq!(reader.long_refs.len(), 2);
}

/// The first owner seen becomes the default; the same text again is the default, any
/// other text a new id; text that is not an id is refused.
#[test]
fn the_first_owner_is_the_default() {
    let mut slot: Option<OwnerId> = None;
    let new: fn(&str) -> folio_types::Result<OwnerId> = |t| OwnerId::new(t);
    assert!(matches!(choose(&mut slot, "ana", new), Ok(Choice::Default)));
    assert_eq!(slot, Some(OwnerId::new("ana").unwrap()));
    assert!(matches!(choose(&mut slot, "ana", new), Ok(Choice::Default)));
    match choose(&mut slot, "lee", new) {
        Ok(Choice::Other(owner)) => assert_eq!(owner.as_str(), "lee"),
        _ => panic!("lee is not the default"),
    }
    assert_eq!(slot, Some(OwnerId::new("ana").unwrap()));
    assert!(choose(&mut slot, " lee", new).is_err());
    let mut empty: Option<OwnerId> = None;
    assert!(choose(&mut empty, "", new).is_err());
    assert_eq!(empty, None);
}

/// A three-tier portfolio in the column shape the module docs describe: a key result
/// with two parents, an initiative under a key result, long and short ids, objective
/// details. The columns hold each node once, in document order, and each edge.
#[test]
fn the_documented_shape_is_read_into_columns() {
    let portfolio = r#"{
      "policy": { "method": "weighted" },
      "objectives": [
        { "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "both" },
        { "id": "atlas-win", "name": "atlas-win", "tier": "product", "drivers": "key_results",
          "owner": "cpo", "contributes_to": [{ "to": { "objective": "grow" }, "weight": "2" }] },
        { "id": "lens", "name": "lens", "tier": "product", "drivers": "key_results",
          "contributes_to": [{ "to": { "objective": "grow" } }] }
      ],
      "key_results": [
        { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
          "contributes_to": [{ "to": { "objective": "atlas-win" }, "weight": "3" },
                             { "to": { "objective": "grow" } }] },
        { "id": "lens-active", "name": "lens-active", "tier": "product", "owner": "lee",
          "product": "atlas", "contributes_to": [{ "to": { "objective": "lens" } }] },
        { "id": "docs", "name": "docs", "tier": "initiative", "owner": "ana",
          "product": "lens", "contributes_to": [{ "to": { "key_result": "lens-active" } }] }
      ]
    }"#;
    let (columns, extra) = read_columns(portfolio).expect("the column shape");
    let ids: Vec<&str> = columns
        .ids
        .iter()
        .map(|id| crate::plan::id_index::kind_of(id).1)
        .collect();
    assert_eq!(
        ids,
        ["grow", "atlas-win", "lens", "arr", "lens-active", "docs"]
    );
    let w = |text: &str| text.parse::<Weight>().unwrap();
    assert_eq!(
        columns.edges,
        [
            (1, 0, w("2")),
            (2, 0, w("1")),
            (3, 1, w("3")),
            (3, 0, w("1")),
            (4, 2, w("1")),
            (5, 4, w("1")),
        ]
    );
    assert_eq!(columns.owner.as_str(), "ana");
    assert_eq!(columns.product.as_str(), "atlas");
    let details = |name: Option<&str>, owner: Option<&str>, product: Option<&str>| Details {
        name: name.map(str::to_owned),
        owner: owner.map(|o| OwnerId::new(o).unwrap()),
        product: product.map(|p| ProductId::new(p).unwrap()),
    };
    assert_eq!(
        columns.details,
        [
            (0, details(Some("Grow"), None, None)),
            (1, details(None, Some("cpo"), None)),
            (3, details(Some("ARR"), None, None)),
            (4, details(None, Some("lee"), None)),
            (5, details(None, None, Some("lens"))),
        ]
    );
    assert!(columns.is_valid());
    assert_eq!(extra.objectives.len(), 3);
    assert_eq!(extra.period, None);
}

/// What the module docs leave to the record path: an objective with a method, a
/// target, a deadline or a dependency, a field given twice, a parent named twice.
#[test]
fn the_shapes_left_to_the_record_path_are_not_read_into_columns() {
    let objective =
        r#"{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }"#;
    let with = |field: &str| {
        PORTFOLIO.replacen(
            objective,
            &objective.replacen(" }", &format!(", {field} }}"), 1),
            1,
        )
    };
    assert!(read_columns(&with(r#""theme": "growth""#)).is_some());
    for field in [
        r#""method": "weighted""#,
        r#""target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } }"#,
        r#""deadline": "2026-09-30""#,
        r#""depends_on": [{ "on": { "key_result": "nps" }, "kind": "feature" }]"#,
    ] {
        let text = with(field);
        assert!(parse::<PortfolioData>(&text, "portfolio").is_ok(), "{text}");
        assert!(read_columns(&text).is_none(), "{text}");
    }
    let twice: &[(&str, &str)] = &[
        (
            r#""policy": { "method": "weighted" },"#,
            r#""policy": { "method": "weighted" }, "policy": { "method": "weighted" },"#,
        ),
        (
            r#""policy": { "method": "weighted" },"#,
            r#""policy": { "method": "weighted" }, "period": null, "period": null,"#,
        ),
        (r#""objectives": ["#, r#""objectives": [], "objectives": ["#),
        (
            r#""key_results": ["#,
            r#""key_results": [], "key_results": ["#,
        ),
        (r#""id": "arr","#, r#""id": "arr", "id": "arr","#),
        (
            r#""tier": "product", "owner": "ana""#,
            r#""tier": "product", "tier": "product", "owner": "ana""#,
        ),
        (r#""owner": "ana","#, r#""owner": "ana", "owner": "ana","#),
        (
            r#""product": "atlas","#,
            r#""product": "atlas", "product": "atlas","#,
        ),
        (
            r#""contributes_to": [{ "to": { "objective": "grow" } }]"#,
            r#""contributes_to": [], "contributes_to": [{ "to": { "objective": "grow" } }]"#,
        ),
        (
            r#"[{ "to": { "objective": "grow" } }]"#,
            r#"[{ "to": { "objective": "grow" }, "to": { "objective": "grow" } }]"#,
        ),
    ];
    for &(from, to) in twice {
        assert!(PORTFOLIO.contains(from), "{from}");
        let text = PORTFOLIO.replacen(from, to, 1);
        assert!(read_columns(&text).is_none(), "{text}");
        match load(&text, INPUTS) {
            Err(Error::Json { document, message }) => {
                assert_eq!(document, "portfolio");
                assert!(message.contains("duplicate field"), "{message}");
            }
            other => panic!("{text}: {:?}", other.map(|_| ())),
        }
    }
}

/// Progress for long and short ids alike is read by plan index, every leaf given.
#[test]
fn progress_of_long_and_short_ids_is_read_by_plan_index() {
    let portfolio = PORTFOLIO.replace("\"nps\"", "\"net-promoter\"");
    let (columns, _) = read_columns(&portfolio).unwrap();
    let (graph, _) = columns.compile().unwrap();
    let leaves = read_progress(
        &graph,
        r#"{ "progress": { "net-promoter": "0.4", "arr": 0.8 } }"#,
    )
    .expect("progress alone, for every leaf");
    let at = |id: &str| {
        graph
            .plan()
            .index_of(&NodeId::KeyResult(KeyResultId::new(id).unwrap()))
            .unwrap()
            .get()
    };
    let p = |text: &str| text.parse::<Progress>().unwrap();
    assert_eq!(leaves.len(), 2);
    assert_eq!(leaves[at("arr")], p("0.8"));
    assert_eq!(leaves[at("net-promoter")], p("0.4"));
    // A leaf left out, or an id the graph does not have: the record path's to report.
    assert!(read_progress(&graph, r#"{ "progress": { "net-promoter": "0.4" } }"#).is_none());
    assert!(
        read_progress(
            &graph,
            r#"{ "progress": { "net-promoter": "0.4", "arr": 0.8, "net-promoters": 1 } }"#
        )
        .is_none()
    );
}

/// A period is part of the column shape: it is kept as given, and `null` is none.
#[test]
fn a_period_is_read_with_the_columns() {
    let from = r#""policy": { "method": "weighted" },"#;
    let q3 = PORTFOLIO.replacen(
        from,
        r#""policy": { "method": "weighted" }, "period": "2026-Q3","#,
        1,
    );
    let (columns, extra) = read_columns(&q3).expect("the column shape");
    assert!(columns.is_valid());
    assert_eq!(extra.period, Some(Period::quarter(2026, 3).unwrap()));
    let (graph, _) = load(&q3, INPUTS).unwrap();
    assert_eq!(graph.period(), Some(Period::quarter(2026, 3).unwrap()));
    let none = PORTFOLIO.replacen(
        from,
        r#""policy": { "method": "weighted" }, "period": null,"#,
        1,
    );
    assert_eq!(
        read_columns(&none).expect("the column shape").1.period,
        None
    );
}

/// The documents as the record path writes them (`PortfolioData` and `ProgressInputs`
/// serialized), whole or with one edit, when they parse as records.
fn as_written(seed: u64) -> Option<(String, String)> {
    let (portfolio, inputs) = documents(seed);
    let portfolio = serde_json::from_str::<PortfolioData>(&portfolio).ok()?;
    let inputs = serde_json::from_str::<ProgressInputs>(&inputs).ok()?;
    Some((
        serde_json::to_string(&portfolio).ok()?,
        serde_json::to_string(&inputs).ok()?,
    ))
}

/// `text` with its first weight written as a JSON number (`"2.5"` as `2.5`).
fn weight_as_number(text: &str) -> String {
    match text.find("\"weight\":\"") {
        Some(at) => {
            let start = at + "\"weight\":".len();
            let end = start + 1 + text[start + 1..].find('"').unwrap();
            format!(
                "{}{}{}",
                &text[..start],
                &text[start + 1..end],
                &text[end + 1..]
            )
        }
        None => text.to_owned(),
    }
}

/// `text` with every weight left out (`,"weight":"2.5"` removed).
fn without_weights(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(at) = out.find(",\"weight\":\"") {
        let start = at + ",\"weight\":\"".len();
        let end = start + out[start..].find('"').unwrap();
        out.replace_range(at..=end, "");
    }
    out
}

/// A key result's fields as comparable values.
fn fields_seen(
    fields: &KeyResultFields,
) -> (
    String,
    Option<String>,
    Level,
    Option<String>,
    Option<String>,
) {
    let other = |choice: &Choice<String>| match choice {
        Choice::Default => None,
        Choice::Other(text) => Some(text.clone()),
    };
    let owner = match &fields.owner {
        Choice::Default => Choice::Default,
        Choice::Other(owner) => Choice::Other(owner.as_str().to_owned()),
    };
    let product = match &fields.product {
        Choice::Default => Choice::Default,
        Choice::Other(product) => Choice::Other(product.as_str().to_owned()),
    };
    (
        fields.id.as_str().to_owned(),
        fields.name.clone(),
        Level::from(fields.tier),
        other(&owner),
        other(&product),
    )
}

/// What the reader holds of one key result: its edges, the references, the long ids'
/// places and text.
type Recorded = (
    Vec<(u32, Weight)>,
    Vec<(u64, [u8; 8])>,
    Vec<(u32, u8, u32)>,
    String,
);

/// What the reader recorded for one key result: its edges and references.
fn recorded(reader: &Reader) -> Recorded {
    (
        reader.scratch.clone(),
        reader.refs.clone(),
        reader.long_refs.clone(),
        reader.long_text.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The documents as the record path writes them, whole or with one edit (a byte
    /// inserted anywhere or after a quote, a character removed, the text cut short):
    /// `load` gives the record path's answer or error.
    #[test]
    fn documents_as_the_record_path_writes_them_read_as_it_reads_them(
        seed in any::<u64>(),
        form in 2..8u8,
        place in any::<usize>(),
        byte in prop::sample::select(&b"{}[],:\" \t\n0\\ax-.e"[..]),
    ) {
        if let Some((portfolio, inputs)) = as_written(seed) {
            // Form 2 leaves the decimal strings as numbers; the others edit one place.
            let edit = |text: &str| if form == 2 { text.to_owned() } else { rewrite(text, form, place, byte) };
            check(&portfolio, &inputs);
            check(&edit(&portfolio), &inputs);
            check(&portfolio, &edit(&inputs));
        }
    }
}

/// Each key result the record path writes is read by the in-place reading, into the
/// fields, edges and references the general reading gives for the same text; any other
/// writing of it (white space, another key order, an escape, a number for a weight, a
/// tier not written plainly, a field more) is declined with the scan and the
/// references as they were, and the general reading decides.
#[test]
fn key_results_as_written_are_read_in_place_as_the_general_reading_reads_them() {
    let mut taken = 0;
    for seed in 0..200u64 {
        let Some((portfolio, _)) = as_written(seed) else {
            continue;
        };
        let records = serde_json::from_str::<PortfolioData>(&portfolio).unwrap();
        for record in &records.key_results {
            let text = serde_json::to_string(record).unwrap();
            // The first two are taken in place: as written, and with the weights left
            // out (the default).
            let variants = [
                text.clone(),
                without_weights(&text),
                text.replacen(':', ": ", 1),
                text.replacen("\"name\"", "\"n\\u0061me\"", 1),
                weight_as_number(&text),
                text.replacen("\"product\",\"owner\"", "\"Product\",\"owner\"", 1),
                text.replacen("\"tier\":\"initiative\"", "\"tier\":\"initiatives\"", 1),
                text.replacen('}', ",\"deadline\":null}", 1),
                text.replacen("{\"to\":{", "{\"to\":{\"objective\":\"x\",", 1),
                format!("{}]", &text[..text.len() - 1]),
            ];
            for (i, variant) in variants.iter().enumerate() {
                let general = {
                    let mut reader = Reader::default();
                    let mut scan = Scan::new(variant);
                    read_key_result(&mut scan, &mut reader)
                        .map(|f| (fields_seen(&f), recorded(&reader), scan.mark()))
                };
                let mut reader = Reader::default();
                // A reference recorded before: the declined reading keeps it.
                reader.reference(1, "before-the-record").unwrap();
                let before = recorded(&reader);
                let mut scan = Scan::new(variant);
                match read_written_key_result(&mut scan, &mut reader) {
                    Some(fields) => {
                        taken += usize::from(i < 2);
                        let mut expected = general.clone().unwrap();
                        // The same recording after the reference made before.
                        let mut again = Reader::default();
                        again.reference(1, "before-the-record").unwrap();
                        let mut rescan = Scan::new(variant);
                        read_key_result(&mut rescan, &mut again).unwrap();
                        expected.1 = recorded(&again);
                        assert_eq!(
                            (fields_seen(&fields), recorded(&reader), scan.mark()),
                            expected,
                            "{variant}"
                        );
                    }
                    None => {
                        assert!(i > 1 || general.is_none(), "declined: {variant}");
                        assert_eq!(scan.mark(), 0, "{variant}");
                        let after = recorded(&reader);
                        assert_eq!(
                            (after.1, after.2, after.3),
                            (before.1, before.2, before.3),
                            "{variant}"
                        );
                    }
                }
            }
        }
    }
    assert!(taken > 1000, "{taken} key results read in place");
}

/// Each progress entry the record path writes is read in place as a key and a bounded
/// number read it; any other writing is declined with the scan unmoved.
#[test]
fn progress_entries_as_written_are_read_in_place_as_a_key_and_a_number_are() {
    for text in [
        r#""k1":"0.25""#,
        r#""k1":"1""#,
        r#""k-long-id-1":"1.2""#,
        r#""k1" :"0.25""#,
        r#""k1": "0.25""#,
        r#""k\u0031":"0.25""#,
        r#""k1":0.25"#,
        r#""k1":"0.2\u0035""#,
        r#""k1":"1e0""#,
        r#""k1":"-1""#,
        r#""k1":"12""#,
        r#""k1":"0.25"#,
    ] {
        let general = {
            let mut scan = Scan::new(text);
            scan.key()
                .and_then(|id| Some((id.into_owned(), bounded::<Progress>(&mut scan)?)))
                .map(|entry| (entry, scan.mark()))
        };
        let mut scan = Scan::new(text);
        match read_written_entry(&mut scan) {
            Some((id, value)) => {
                assert_eq!(
                    Some(((id.to_owned(), value), scan.mark())),
                    general,
                    "{text}"
                );
            }
            None => assert_eq!(scan.mark(), 0, "{text}"),
        }
    }
    let mut scan = Scan::new(r#""k1":"0.25""#);
    assert!(read_written_entry(&mut scan).is_some());
}

/// Each objective the record path writes is read in place into the record `serde_json`
/// reads from the same text; any other writing of it (white space, an escape, a tier
/// or drivers not written plainly, a method, a field more) is declined, and the
/// objectives array reads as `serde_json` reads it either way.
#[test]
fn objectives_as_written_are_read_in_place_as_serde_json_reads_them() {
    let mut taken = 0;
    for seed in 0..200u64 {
        let Some((portfolio, _)) = as_written(seed) else {
            continue;
        };
        let records = serde_json::from_str::<PortfolioData>(&portfolio).unwrap();
        for record in &records.objectives {
            let text = serde_json::to_string(record).unwrap();
            // The fields the column path leaves to the record path are not read in
            // place.
            let in_place = record.method.is_none()
                && record.target.is_none()
                && record.deadline.is_none()
                && record.depends_on.is_empty();
            // The first two are taken in place: as written, and with the weights left
            // out (the default).
            let variants = [
                text.clone(),
                without_weights(&text),
                text.replacen(':', ": ", 1),
                text.replacen("\"name\"", "\"n\\u0061me\"", 1),
                weight_as_number(&text),
                text.replacen("\"tier\":\"p", "\"tier\":\"P", 1),
                text.replacen("\"drivers\":\"", "\"drivers\":\"x", 1),
                format!("{},\"method\":\"weighted\"}}", &text[..text.len() - 1]),
                format!("{},\"deadline\":null}}", &text[..text.len() - 1]),
                format!("{},\"contributes_to\":[]}}", &text[..text.len() - 1]),
                text.replacen("{\"to\":{", "{\"to\":{\"objective\":\"x\",", 1),
                format!("{}]", &text[..text.len() - 1]),
            ];
            for (i, variant) in variants.iter().enumerate() {
                let expected = serde_json::from_str::<ObjectiveData>(variant).ok();
                let mut scan = Scan::new(variant);
                match read_written_objective(&mut scan) {
                    Some(read) => {
                        taken += usize::from(i < 2);
                        assert_eq!(Some(read), expected, "{variant}");
                        assert_eq!(scan.mark(), variant.len(), "{variant}");
                    }
                    None => assert!(
                        i > 1 || expected.is_none() || !in_place,
                        "declined: {variant}"
                    ),
                }
                let array = format!("[{variant}, {text}]");
                let mut scan = Scan::new(&array);
                assert_eq!(
                    read_objectives(&mut scan),
                    serde_json::from_str::<Vec<ObjectiveData>>(&array).ok(),
                    "{array}"
                );
            }
        }
    }
    assert!(taken > 500, "{taken} objectives read in place");
}
