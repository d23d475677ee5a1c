//! Benchmarks for folio-review on the sample portfolio: building the review from parsed
//! inputs and rendering it in each format, beside floors measured in the same run:
//! parsing the ten input files (the least work that yields the data the review reads)
//! and serializing the finished review to JSON (the least work that writes every number
//! the renderers write).
// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]
// A benchmark runs on fixed, known-good inputs: a failure should abort it loudly.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use folio_review::{Format, Inputs, render, run};

fn review(c: &mut Criterion) {
    let inputs = Inputs::sample().unwrap();
    let review = run(&inputs).unwrap();

    let mut group = c.benchmark_group("review_sample");
    group.sample_size(30);
    group.bench_function("floor_parse_inputs", |b| {
        b.iter(|| Inputs::sample().unwrap());
    });
    group.bench_function("run", |b| {
        b.iter(|| run(black_box(&inputs)).unwrap());
    });
    group.bench_function("floor_serialize_json", |b| {
        b.iter(|| serde_json::to_string(black_box(&review)).unwrap());
    });
    for (name, format) in [
        ("render_json", Format::Json),
        ("render_text", Format::Text),
        ("render_markdown", Format::Markdown),
        ("render_html", Format::Html),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| render(black_box(&review), format).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
