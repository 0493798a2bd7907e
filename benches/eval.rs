//! `evaluate()` (`marginalia eval`) on two shapes (target: ≥ 20×
//! nervaluate on the same input, both as whole processes):
//!
//! - the DESIGN.md performance-target size: 100,000 gold and 100,000
//!   predicted spans over 1,000 documents (`evaluate_100k_spans`);
//! - many small documents: 5,000 Unicode-heavy documents (CRLF, no-break
//!   spaces, combining accents, emoji ZWJ sequences) with about 20 spans a
//!   side each, written as full JSONL lines (text, spans with their covered
//!   text and attributes), read as `eval` reads them
//!   (`read_5000_small_documents`, both files from memory) and evaluated
//!   (`evaluate_5000_small_documents`).
//!
//! Gold is the first annotator's layer of a synthetic agreement project,
//! the predictions the second's, so they share some spans, overlap others
//! and relabel a few. Cold: every iteration sorts, matches and counts from
//! the in-memory documents. Run with `cargo bench --bench eval`.
//!
//! With `MARGINALIA_EVAL_DUMP=DIR` set, the bench first writes the same
//! input as `DIR/gold.jsonl` and `DIR/pred.jsonl` (the first shape) and
//! `DIR/small/gold.jsonl` and `DIR/small/pred.jsonl` (the second), for
//! timing nervaluate: `/work/venv/bin/python scripts/reference_eval.py
//! DIR/gold.jsonl DIR/pred.jsonl --time --binary target/release/marginalia`.

use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use marginalia::io::jsonl::{parse_jsonl, record_line};
use marginalia::io::jsonl_spans::parse_jsonl_spans;
use marginalia::metrics::{EvalDocument, EvalSpan, evaluate};
use marginalia::model::{Document, Project};
use marginalia::synthetic::{self, SyntheticConfig};

/// 1,000 documents, 5 MB of text, 100,000 spans in each of 2 layers.
const EVAL: SyntheticConfig = SyntheticConfig {
    documents: 1_000,
    text_bytes: 5_000_000,
    spans: 200_000,
    annotators: 2,
    seed: 2025,
};

/// 5,000 documents of about 1.6 kB before [`synthetic::unicode_heavy`],
/// 104,000 spans in each of 2 layers; the second annotator's layer is left
/// out of 2% of the documents (about 102,000 predicted spans).
const SMALL: SyntheticConfig = SyntheticConfig {
    documents: 5_000,
    text_bytes: 8_000_000,
    spans: 208_000,
    annotators: 2,
    seed: 2026,
};

/// The documents' ids and gold (first annotator) / pred (second) spans.
fn eval_input(project: &Project) -> (Vec<String>, Vec<EvalDocument>) {
    let annotators = project.annotators();
    let (gold, pred) = (&annotators[0], &annotators[1]);
    let side = |doc: &Document, name: &str| -> Vec<EvalSpan> {
        doc.layers.get(name).map_or_else(Vec::new, |layer| {
            layer
                .spans
                .iter()
                .map(|s| EvalSpan::new(s.start, s.end, s.label.clone()))
                .collect()
        })
    };
    project
        .documents
        .iter()
        .map(|doc| {
            (
                doc.id.as_str().to_owned(),
                EvalDocument {
                    gold: side(doc, gold),
                    pred: side(doc, pred),
                },
            )
        })
        .unzip()
}

/// Writes one side as Marginalia JSONL (`id`, `spans`).
fn dump(path: &Path, ids: &[String], spans: impl Fn(usize) -> Vec<serde_json::Value>) {
    let mut out = BufWriter::new(fs::File::create(path).expect("a dump file"));
    for (i, id) in ids.iter().enumerate() {
        let line = serde_json::json!({ "id": id, "spans": spans(i) });
        writeln!(out, "{line}").expect("written");
    }
    out.flush().expect("flushed");
}

/// The JSONL files of the many-small-documents shape: each annotator's
/// layer of every document that has it, as `export --format jsonl` writes
/// it (text, title, metadata, spans with their covered text and
/// attributes).
fn small_documents() -> (String, String) {
    let mut project = synthetic::agreement_project(&SMALL, 0.02, 0.02);
    synthetic::unicode_heavy(&mut project, SMALL.seed);
    let annotators = project.annotators();
    let side = |name: &str| {
        let mut out = String::new();
        for doc in &project.documents {
            if let Some(layer) = doc.layers.get(name) {
                out.push_str(&record_line(doc, name, layer));
                out.push('\n');
            }
        }
        out
    };
    (side(&annotators[0]), side(&annotators[1]))
}

fn as_json(spans: &[EvalSpan]) -> Vec<serde_json::Value> {
    spans
        .iter()
        .map(|s| serde_json::json!({ "start": s.start, "end": s.end, "label": s.label }))
        .collect()
}

fn eval_bench(c: &mut Criterion) {
    let project = synthetic::agreement_project(&EVAL, 0.0, 0.02);
    let (ids, documents) = eval_input(&project);
    drop(project);
    let gold: usize = documents.iter().map(|d| d.gold.len()).sum();
    let pred: usize = documents.iter().map(|d| d.pred.len()).sum();
    eprintln!(
        "eval: {} documents, {gold} gold and {pred} predicted spans",
        documents.len()
    );
    if let Some(dir) = std::env::var_os("MARGINALIA_EVAL_DUMP") {
        let dir = Path::new(&dir);
        fs::create_dir_all(dir).expect("the dump folder");
        dump(&dir.join("gold.jsonl"), &ids, |i| {
            as_json(&documents[i].gold)
        });
        dump(&dir.join("pred.jsonl"), &ids, |i| {
            as_json(&documents[i].pred)
        });
        eprintln!("eval: wrote {}/gold.jsonl and pred.jsonl", dir.display());
    }

    let mut group = c.benchmark_group("eval");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements((gold + pred) as u64));
    group.bench_function("evaluate_100k_spans", |b| {
        b.iter_with_large_drop(|| evaluate(black_box(&documents)));
    });
    // What `eval --json` adds after loading: the report as JSON.
    group.bench_function("evaluate_100k_spans_and_json_report", |b| {
        b.iter_with_large_drop(|| {
            let report = evaluate(black_box(&documents));
            serde_json::to_string_pretty(&report).expect("a JSON report")
        });
    });
    group.finish();
    small_bench(c);
}

/// The many-small-documents shape: reading both files as `eval` does (and
/// as `import` does, for comparison) and evaluating their spans.
fn small_bench(c: &mut Criterion) {
    let (gold, pred) = small_documents();
    if let Some(dir) = std::env::var_os("MARGINALIA_EVAL_DUMP") {
        let dir = Path::new(&dir).join("small");
        fs::create_dir_all(&dir).expect("the dump folder");
        fs::write(dir.join("gold.jsonl"), &gold).expect("written");
        fs::write(dir.join("pred.jsonl"), &pred).expect("written");
        eprintln!("eval: wrote {}/gold.jsonl and pred.jsonl", dir.display());
    }
    let path = Path::new("side.jsonl");
    let read = |source: &str| parse_jsonl_spans(source, path).expect("reads");
    let (gold_lines, pred_lines) = (read(&gold), read(&pred));
    let mut pred_of: std::collections::HashMap<&str, Vec<EvalSpan>> = pred_lines
        .iter()
        .map(|r| (r.id.as_str(), spans_of(r)))
        .collect();
    let documents: Vec<EvalDocument> = gold_lines
        .iter()
        .map(|r| EvalDocument {
            gold: spans_of(r),
            pred: pred_of.remove(r.id.as_str()).unwrap_or_default(),
        })
        .collect();
    let spans: usize = documents.iter().map(|d| d.gold.len() + d.pred.len()).sum();
    eprintln!(
        "eval: {} small documents, {} and {} bytes of JSONL, {spans} spans",
        documents.len(),
        gold.len(),
        pred.len()
    );

    let mut group = c.benchmark_group("eval");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(spans as u64));
    group.bench_function("read_5000_small_documents", |b| {
        b.iter_with_large_drop(|| (read(black_box(&gold)), read(black_box(&pred))));
    });
    group.bench_function("read_5000_small_documents_as_import", |b| {
        b.iter_with_large_drop(|| {
            let full = |source: &str| parse_jsonl(source, path).expect("reads");
            (full(black_box(&gold)), full(black_box(&pred)))
        });
    });
    group.bench_function("evaluate_5000_small_documents", |b| {
        b.iter_with_large_drop(|| evaluate(black_box(&documents)));
    });
    group.finish();
}

/// The spans of a line, for evaluation.
fn spans_of(record: &marginalia::io::jsonl_spans::SpanRecord) -> Vec<EvalSpan> {
    record
        .spans
        .iter()
        .flatten()
        .map(|(start, end, label)| EvalSpan::new(*start, *end, label.clone()))
        .collect()
}

criterion_group!(benches, eval_bench);
criterion_main!(benches);
