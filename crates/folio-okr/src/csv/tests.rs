//! The column path against the record path, on random edge lists: the same validity,
//! graph, plan, plan positions, rolled-up values and errors.
// Test helpers unwrap and index as the tests do; sizes are small.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;

use super::*;
use crate::inputs::ProgressInputs;
use crate::validate::validate;

/// A tiny deterministic generator, so that one seed describes a whole file.
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

/// A random edge list: mostly a valid three-tier portfolio, with a few rows that break
/// a rule (a parent on the wrong tier, a zero weight, a missing or misplaced progress,
/// a repeated or conflicting row, a kind or drivers that do not fit), in random order.
fn edge_list(seed: u64) -> String {
    let mut rng = Rng(seed);
    let rich = rng.chance(30);
    let broken = rng.chance(40);
    let prefixes = ["p", "o", "k", "i"];
    let counts: Vec<usize> = (0..4)
        .map(|t| 1 + rng.below(if t < 2 { 3 } else { 6 }))
        .collect();
    let id = |t: usize, i: usize| format!("{}{i}", prefixes[t]);
    let weights = ["", "1", "2.5", "0.01", "3", "10"];
    let progress = ["0", "0.25", "0.5", "1", "1.2"];
    // Every node's parents first, so that the leaves are known.
    let mut nodes: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (t, &count) in counts.iter().enumerate() {
        for i in 0..count {
            let mut chosen: Vec<String> = Vec::new();
            if t > 0 {
                let parents = if rng.chance(25) { 2 } else { 1 };
                for _ in 0..parents {
                    let parent = if broken && rng.chance(8) {
                        let pt = rng.below(4);
                        id(pt, rng.below(counts[pt]))
                    } else if t >= 2 && rng.chance(20) {
                        // A key result may hang from the tier above its parent's.
                        id(t - 2, rng.below(counts[t - 2]))
                    } else {
                        id(t - 1, rng.below(counts[t - 1]))
                    };
                    if chosen.contains(&parent) && !(broken && rng.chance(30)) {
                        continue;
                    }
                    chosen.push(parent);
                }
            } else if !(rng.chance(50) || (broken && rng.chance(20))) {
                continue;
            }
            nodes.push((t, id(t, i), chosen));
        }
    }
    let parents: std::collections::BTreeSet<&String> =
        nodes.iter().flat_map(|(_, _, p)| p.iter()).collect();
    let mut rows: Vec<String> = Vec::new();
    for (t, child, chosen) in &nodes {
        let t = *t;
        let leaf = t >= 2 && !parents.contains(child);
        // What the node's rows say, chosen once; a broken file sometimes changes it.
        let given = if (leaf && !(broken && rng.chance(5))) || (broken && rng.chance(3)) {
            rng.pick(&progress)
        } else {
            ""
        };
        let kind = match (t, broken && rng.chance(5)) {
            (_, true) => "key_result",
            (0 | 1, false) => "objective",
            _ => "key_result",
        };
        let kind = if rng.chance(50) { kind } else { "" };
        let tiers = ["portfolio", "product", "product", "initiative"];
        let tier = if !kind.is_empty() && rng.chance(50) {
            tiers[t]
        } else {
            ""
        };
        let drivers = if t < 2 && rng.chance(20) {
            rng.pick(&["key_results", "child_objectives", "both"])
        } else {
            ""
        };
        let name = if rng.chance(30) {
            format!("Name of {child}")
        } else {
            String::new()
        };
        let owner = if t >= 2 && rng.chance(40) {
            rng.pick(&["ana", "lee"])
        } else {
            ""
        };
        let product = if t >= 2 && rng.chance(40) {
            rng.pick(&["atlas", "lens"])
        } else {
            ""
        };
        let empty = String::new();
        let edges: Vec<&String> = if chosen.is_empty() {
            vec![&empty]
        } else {
            chosen.iter().collect()
        };
        for parent in edges {
            let weight = if broken && rng.chance(5) {
                "0"
            } else {
                rng.pick(&weights)
            };
            let conflict = broken && rng.chance(3);
            let p = if conflict { "0.75" } else { given };
            let mut line = format!("{child},{parent},{weight},{p}");
            if rich {
                let conflict = broken && rng.chance(3);
                let owner = if conflict { "zoe" } else { owner };
                line.push_str(&format!(
                    ",{kind},{tier},{name},{owner},{product},{drivers}"
                ));
            }
            rows.push(line);
        }
    }
    // Shuffle.
    for i in (1..rows.len()).rev() {
        let j = rng.below(i + 1);
        rows.swap(i, j);
    }
    let header = if rich {
        "id,parent_id,weight,progress,kind,tier,name,owner,product,drivers"
    } else {
        "id,parent_id,weight,progress"
    };
    format!("{header}\n{}\n", rows.join("\n"))
}

fn options(seed: u64) -> CsvOptions {
    let method = match seed % 7 {
        0 => RollupMethod::SayDo,
        1 => RollupMethod::Kpi,
        _ => RollupMethod::Weighted,
    };
    CsvOptions {
        policy: RollupPolicy::new(method),
        owner: (seed % 3 == 0).then(|| OwnerId::new("owner").unwrap()),
        product: None,
    }
}

/// Checks the column path against the record path on `text`.
fn check(text: &str, options: &CsvOptions) {
    let (columns, portfolio) = match (
        read_columns(text.as_bytes(), options),
        read(text.as_bytes(), options),
    ) {
        (Ok(loaded), Ok(portfolio)) => (loaded.columns, portfolio),
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            return;
        }
        (a, b) => panic!("{text}: read differs: {:?} against {:?}", a.err(), b.err()),
    };
    let report = validate(&portfolio.data);
    assert_eq!(
        columns.is_valid(),
        report.is_valid(),
        "{text}: the column check and validation disagree: {:?}",
        report.problems
    );
    let records = OkrGraph::new_placed(portfolio.data.clone());
    if columns.is_valid() {
        let ids = columns.ids.clone();
        let (graph, place) = columns.compile().unwrap();
        let (expected, positions) = records.unwrap();
        assert_eq!(graph.plan(), expected.plan(), "{text}");
        assert_eq!(graph.warnings(), expected.warnings(), "{text}");
        assert!(graph.objectives().eq(expected.objectives()), "{text}");
        assert!(graph.key_results().eq(expected.key_results()), "{text}");
        assert_eq!(graph.key_result_count(), expected.key_result_count());
        // Each key result where the compiler placed its record.
        let mut record_positions = positions.iter();
        for (id, &p) in ids.iter().zip(&place) {
            if let NodeId::KeyResult(_) = id {
                assert_eq!(Some(&p), record_positions.next(), "{text}");
                assert_eq!(
                    graph.plan().node(crate::plan::NodeIndex::from_u32(p)),
                    Some(id)
                );
            }
        }
    }

    // The whole load: an invalid graph gives the record path's error; a valid one the
    // values a rollup by id gives.
    let loaded = load(text.as_bytes(), options);
    match OkrGraph::new(portfolio.data.clone()) {
        Err(expected) => assert_eq!(loaded.err(), Some(expected), "{text}"),
        Ok(graph) => {
            let inputs = ProgressInputs::new(portfolio.progress.clone());
            match (loaded, graph.rollup(&inputs)) {
                (Ok((_, rollup)), Ok(expected)) => {
                    assert_eq!(
                        rollup.reported_values(),
                        expected.reported_values(),
                        "{text}"
                    );
                }
                (Err(_), Err(_)) => {}
                (Ok(_), Err(e)) => panic!("{text}: loaded, but by id: {e:?}"),
                (Err(e), Ok(_)) => {
                    // Progress is placed by position in `load`: only a missing leaf or
                    // progress on a rolled-up node may fail there.
                    assert!(
                        matches!(e, Error::MissingProgress { .. } | Error::NotALeaf { .. }),
                        "{text}: {e:?}"
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_column_path_matches_the_record_path(seed in any::<u64>()) {
        check(&edge_list(seed), &options(seed));
    }
}

#[test]
fn the_column_path_matches_the_record_path_on_the_examples() {
    let cases = [
        // Valid, minimal form.
        "id,parent_id,weight,progress\natlas,grow,2,\nlens,grow,1,\narr,atlas,3,\nnps,lens,,0.4\ndeals,arr,1,0.8\npilots,arr,1,0.6\n",
        // A key result listed under two parents in the order opposite to the plan's.
        "id,parent_id,weight,progress\nk,o2,1,0.5\nk,o1,2,0.5\no1,p,1,\no2,p,1,\n",
        // Zero total weight.
        "id,parent_id,weight,progress\nk,o,0,0.5\no,p,1,\n",
        // A tier skip: an initiative key result under a portfolio objective.
        "id,parent_id,weight,progress\ni,k,1,0.5\nk,o,1,\no,p,1,\ni,p,1,0.5\n",
        // An objective without contributors.
        "id,parent_id,weight,progress\np,,,\nq,,,\nk,p,1,0.5\n",
        // Drivers that exclude a contributor.
        "id,parent_id,weight,progress,drivers\nk,p,1,0.5,\np,,,,child_objectives\n",
        // Names, owners and products.
        "id,parent_id,weight,progress,name,owner,product\nk,o,1,0.5,Key,ana,atlas\nj,o,1,0.5,,lee,\no,p,1,,Objective,,\n",
    ];
    for text in cases {
        for seed in 0..7 {
            check(text, &options(seed));
        }
    }
}

/// The generator is not vacuous: among its files some read and compile by columns, some
/// read but fail validation, some fail to read, and some roll up.
#[test]
fn the_random_files_cover_each_outcome() {
    let (mut valid, mut invalid, mut unread, mut rolled) = (0, 0, 0, 0);
    for seed in 0..300u64 {
        let text = edge_list(seed);
        match read_columns(text.as_bytes(), &options(seed)) {
            Ok(loaded) if loaded.columns.is_valid() => valid += 1,
            Ok(_) => invalid += 1,
            Err(_) => unread += 1,
        }
        if load(text.as_bytes(), &options(seed)).is_ok() {
            rolled += 1;
        }
    }
    assert!(
        valid >= 30 && invalid >= 30 && unread >= 10 && rolled >= 10,
        "{valid} {invalid} {unread} {rolled}"
    );
}

/// `text` with one row broken at random, or left whole: a row of another length (a
/// syntax error), a field that is not UTF-8, or a weight that is not a number; and
/// sometimes its rows repeated under fresh ids, so that it spans many read-ahead
/// batches.
fn broken_bytes(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0x5EED);
    let text = edge_list(seed);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if rng.chance(50) {
        let rows: Vec<String> = lines[1..].to_vec();
        for copy in 1..=(2 + rng.below(6)) {
            for row in &rows {
                // The ids (the first two fields) get a suffix: a fresh copy of the
                // portfolio, with its own errors.
                let mut fields: Vec<String> = row.split(',').map(str::to_owned).collect();
                for field in fields.iter_mut().take(2) {
                    if !field.is_empty() {
                        field.push_str(&format!("_{copy}"));
                    }
                }
                lines.push(fields.join(","));
            }
        }
    }
    let mut bytes: Vec<Vec<u8>> = lines.into_iter().map(String::into_bytes).collect();
    if bytes.len() > 1 {
        let at = 1 + rng.below(bytes.len() - 1);
        match rng.below(7) {
            0 => bytes[at].extend_from_slice(b",extra"),
            1 => bytes[at] = b"lonely".to_vec(),
            2 => bytes[at].splice(0..0, [0xFFu8, 0xFE]).for_each(drop),
            // Ids padded with spaces, ASCII and not (`str::trim` takes both), or
            // ending in a letter that is not ASCII.
            3 => bytes[at].splice(0..0, *b" \t").for_each(drop),
            4 => bytes[at].splice(0..0, "\u{a0} ".bytes()).for_each(drop),
            5 => {
                let comma = bytes[at].iter().position(|&b| b == b',').unwrap_or(0);
                bytes[at]
                    .splice(comma..comma, "\u{e9}\u{3000}".bytes())
                    .for_each(drop);
            }
            _ => {}
        }
    }
    let mut joined = bytes.join(&b'\n');
    joined.push(b'\n');
    joined
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Reading rows ahead (to warm the id table) changes nothing: the same columns and
    /// progress, or the same first error, as reading one row at a time.
    #[test]
    fn reading_ahead_matches_one_row_at_a_time(seed in any::<u64>(), ahead in 2usize..40) {
        let bytes = broken_bytes(seed);
        let options = options(seed);
        let shown = |loaded: Result<Loaded>| match loaded {
            Ok(Loaded { columns, progress }) => Ok(format!("{columns:?} {progress:?}")),
            Err(e) => Err(e),
        };
        let one = shown(read_columns_ahead(bytes.as_slice(), &options, 1));
        let many = shown(read_columns_ahead(bytes.as_slice(), &options, ahead));
        prop_assert_eq!(&one, &many, "{}", String::from_utf8_lossy(&bytes));
        let default = shown(read_columns(bytes.as_slice(), &options));
        prop_assert_eq!(one, default);
    }
}

/// The broken files reach each kind of outcome: read, a syntax error, a field error.
#[test]
fn the_broken_files_cover_each_outcome() {
    let (mut read, mut syntax, mut field, mut long) = (0, 0, 0, 0);
    for seed in 0..300u64 {
        let bytes = broken_bytes(seed);
        if bytes.iter().filter(|&&b| b == b'\n').count() > 2 * READ_AHEAD {
            long += 1;
        }
        match read_columns(bytes.as_slice(), &options(seed)) {
            Ok(_) => read += 1,
            Err(Error::Csv {
                problem: CsvProblem::Syntax(_),
                ..
            }) => syntax += 1,
            Err(Error::Csv {
                problem: CsvProblem::Invalid { .. },
                ..
            }) => field += 1,
            Err(_) => {}
        }
    }
    assert!(
        read >= 30 && syntax >= 30 && field >= 30 && long >= 30,
        "{read} {syntax} {field} {long}"
    );
}

/// A field's hash from its bytes is the hash of its trimmed text, or left to `number`.
#[test]
fn a_fields_hash_is_its_trimmed_texts() {
    for text in ["a", " a", "a\t", " \u{b}ab c\r\n", "k-1_2", "é", "aé", "éa"] {
        let trimmed = text.trim();
        let expected = Numbers::hash(trimmed);
        match Numbers::hash_field(text.as_bytes()) {
            Some(h) => assert_eq!(h, expected, "{text:?}"),
            None => assert!(
                !trimmed.starts_with(|c: char| c.is_ascii())
                    || !trimmed.ends_with(|c: char| c.is_ascii()),
                "{text:?}"
            ),
        }
    }
    for text in ["", "  ", "\u{a0}a", "a\u{3000}"] {
        assert_eq!(Numbers::hash_field(text.as_bytes()), None, "{text:?}");
    }
    assert_eq!(Numbers::hash_field(b" ab "), Some(Numbers::hash("ab")));
}

/// Two ids whose hashes are equal are still two nodes: the id table compares the text
/// as well as the hash. The pair is found by search (the hash is fixed, so the search
/// always ends at the same pair).
#[test]
fn ids_with_equal_hashes_are_two_nodes() {
    let mut seen: HashMap<u32, String> = HashMap::new();
    let (a, b) = (0..4_000_000u32)
        .find_map(|i| {
            let id = format!("k{i}");
            let h = Numbers::hash(&id);
            seen.insert(h, id.clone()).map(|earlier| (earlier, id))
        })
        .expect("a 32-bit hash repeats among four million ids");
    assert_ne!(a, b);
    assert_eq!(Numbers::hash(&a), Numbers::hash(&b));
    let text = format!("id,parent_id,progress\n{a},o,0.25\n{b},o,0.75\n{a},q,0.25\n");
    for ahead in [1, READ_AHEAD] {
        let loaded = read_columns_ahead(text.as_bytes(), &CsvOptions::default(), ahead).unwrap();
        let ids: Vec<&str> = loaded
            .columns
            .ids
            .iter()
            .map(|id| match id {
                NodeId::KeyResult(id) => id.as_str(),
                NodeId::Objective(id) => id.as_str(),
            })
            .collect();
        assert_eq!(ids, [a.as_str(), "o", b.as_str(), "q"]);
        assert_eq!(loaded.columns.edges.len(), 3);
    }
}

proptest! {
    /// The field trim is `str::trim`, for text mixing letters with every kind of
    /// whitespace, ASCII (the vertical tab included) or not.
    #[test]
    fn fields_are_trimmed_as_str_trim_trims_them(
        parts in proptest::collection::vec(prop_oneof![
            Just(" "), Just("\t"), Just("\n"), Just("\r"), Just("\u{b}"), Just("\u{c}"),
            Just("\u{85}"), Just("\u{a0}"), Just("\u{2003}"), Just("\u{3000}"),
            Just("\u{1c}"), Just("a"), Just("k1"), Just("é"), Just("\u{200b}"),
        ], 0..8),
    ) {
        let text: String = parts.concat();
        prop_assert_eq!(trim(&text), text.trim());
    }
}

/// [`broken_bytes`] dressed as other exports write files, or as the plain splitter
/// must refuse: line ends as `\r\n` (all or some), a carriage return alone, empty lines
/// (`\n` or `\r\n`) between rows and at the end, no line end after the last row, a
/// byte order mark, quoted fields (with commas, quotes and line ends inside), a field
/// with a quote in it, a row of only spaces, a file of only its header.
fn exported_bytes(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0xE4B0);
    let bytes = broken_bytes(seed);
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    // `broken_bytes` ends every line, so the last piece is empty.
    lines.pop();
    let mut ends: Vec<&[u8]> = vec![b"\n"; lines.len()];
    for _ in 0..rng.below(3) {
        let at = rng.below(lines.len());
        match rng.below(9) {
            0 => ends.iter_mut().for_each(|end| *end = b"\r\n"),
            1 => ends[at] = b"\r\n",
            2 => ends[at] = b"\r",
            3 => ends[at] = b"\n\n",
            4 => ends[at] = b"\r\n\r\n",
            5 => lines[at].splice(0..0, *b"\"q,\"\"\"").for_each(drop),
            6 => lines[at].extend_from_slice(b"x\"y"),
            7 => lines[at] = b"   ".to_vec(),
            _ => lines.truncate(1),
        }
    }
    let mut out = Vec::new();
    if rng.chance(5) {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    for (line, end) in lines.iter().zip(ends) {
        out.extend_from_slice(line);
        out.extend_from_slice(end);
    }
    if rng.chance(20) {
        // No line end after the last row, or one empty line more.
        match out.last() {
            Some(b'\n') if rng.chance(50) => {
                out.pop();
                if out.last() == Some(&b'\r') {
                    out.pop();
                }
            }
            _ => out.extend_from_slice(b"\n"),
        }
    }
    out
}

/// What a table holds, as text, for comparing two readings.
fn shown_table(table: Result<Table>) -> Result<String> {
    table.map(|table| format!("{table:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Where the plain splitter reads a file, it reads the same table as the `csv`
    /// crate, or fails with the same first error; and the whole read, whichever path
    /// it takes, is the `csv` crate's.
    #[test]
    fn plain_files_are_split_as_the_csv_crate_splits_them(
        seed in any::<u64>(),
        ahead in prop_oneof![Just(1usize), 2usize..40],
    ) {
        let bytes = exported_bytes(seed);
        let records = shown_table(read_records(bytes.as_slice(), &bytes, ahead));
        match read_plain(&bytes, ahead) {
            Ok(Some(table)) => prop_assert_eq!(
                shown_table(Ok(table)),
                records.clone(),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            ),
            Ok(None) => {}
            Err(e) => prop_assert_eq!(Err(e), records.clone(), "{:?}", String::from_utf8_lossy(&bytes)),
        }
        let shown = |loaded: Result<Loaded>| match loaded {
            Ok(Loaded { columns, progress }) => Ok(format!("{columns:?} {progress:?}")),
            Err(e) => Err(e),
        };
        let by_records = shown(records_then_finish(bytes.as_slice(), &options(seed), ahead));
        let read = shown(read_columns_ahead(bytes.as_slice(), &options(seed), ahead));
        prop_assert_eq!(read, by_records, "{:?}", String::from_utf8_lossy(&bytes));
    }
}

/// [`read_columns_ahead`] through the `csv` crate only.
fn records_then_finish(bytes: &[u8], options: &CsvOptions, ahead: usize) -> Result<Loaded> {
    let table = read_records(bytes, bytes, ahead)?;
    let depths = assign_depths(&table)?;
    finish(table, &depths, options)
}

/// The exported files reach both paths: read plainly (tables and errors), and left
/// to the `csv` crate.
#[test]
fn the_exported_files_take_each_path() {
    let (mut plain, mut plain_errors, mut refused) = (0, 0, 0);
    for seed in 0..400u64 {
        match read_plain(&exported_bytes(seed), READ_AHEAD) {
            Ok(Some(_)) => plain += 1,
            Err(_) => plain_errors += 1,
            Ok(None) => refused += 1,
        }
    }
    assert!(
        plain >= 60 && plain_errors >= 15 && refused >= 60,
        "{plain} {plain_errors} {refused}"
    );
}

/// A reader that fails after some rows: the rows before are read, then the failure is
/// reported as the `csv` crate reports it, whichever comes first.
#[test]
fn a_failing_reader_fails_as_the_csv_crate_reports_it() {
    struct Broken<'a>(&'a [u8]);
    impl Read for Broken<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = self.0.len().min(buf.len()).min(7);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let options = CsvOptions::default();
    for text in [
        "id,parent_id,weight,progress\nk1,o,1,0.5\nk2,o,1,0.",
        "id,parent_id,weight,progress\nk1,o,1,0.5\nk2,o,heavy,0.5\n",
        "id,parent_id\n",
    ] {
        let got = read_columns(Broken(text.as_bytes()), &options).err();
        let expected =
            records_then_finish_reader(Broken(text.as_bytes()), text.as_bytes(), &options).err();
        assert_eq!(got, expected, "{text}");
        assert!(got.is_some(), "{text}");
    }
}

/// [`records_then_finish`] of any reader giving `text` (or the start of it).
fn records_then_finish_reader<R: Read>(
    reader: R,
    text: &[u8],
    options: &CsvOptions,
) -> Result<Loaded> {
    let table = read_records(reader, text, READ_AHEAD)?;
    let depths = assign_depths(&table)?;
    finish(table, &depths, options)
}

/// Errors name the line the row is on, counted by line feeds, whatever ends the lines
/// and however many empty lines come before, on either path (a quoted field sends the
/// file to the `csv` crate).
#[test]
fn errors_name_the_line_the_row_is_on() {
    let options = CsvOptions::default();
    for end in ["\n", "\r\n"] {
        for blank in ["", "\n", "\r\n", "\n\n"] {
            for name in ["plain", "\"quoted, with a comma\"", "\"two\nlines\""] {
                let rows = [
                    "id,parent_id,weight,name".to_owned(),
                    format!("k1,o,1,{name}"),
                    "k2,o,1,x".to_owned(),
                    "k3,o,heavy,x".to_owned(),
                ];
                let text = format!("{}{blank}", rows.join(end)).replacen(
                    &format!("{end}k3"),
                    &format!("{end}{blank}k3"),
                    1,
                );
                let bad = text.find("k3").unwrap();
                let expected = 1 + text[..bad].matches('\n').count();
                let got = read_columns(text.as_bytes(), &options).err();
                assert!(
                    matches!(
                        got,
                        Some(Error::Csv { line, column: Some(ref c), .. })
                            if c == "weight" && line == u64::try_from(expected).unwrap()
                    ),
                    "{text:?}: {got:?}, expected line {expected}"
                );
            }
        }
    }
}
