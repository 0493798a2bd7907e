//! `evaluate()` (`marginalia eval`) on the DESIGN.md performance-target
//! size: 100,000 gold and 100,000 predicted spans over 1,000 documents
//! (target: ≥ 20× nervaluate on the same input). Gold is the first
//! annotator's layer of a synthetic agreement project, the predictions the
//! second's, so they share some spans, overlap others and relabel a few.
//! Cold: every iteration sorts, matches and counts from the in-memory
//! documents. Run with `cargo bench --bench eval`.
//!
//! With `MARGINALIA_EVAL_DUMP=DIR` set, the bench first writes the same
//! input as `DIR/gold.jsonl` and `DIR/pred.jsonl`, for timing nervaluate:
//! `/work/pyref/bin/python scripts/reference_eval.py DIR/gold.jsonl
//! DIR/pred.jsonl --time --binary target/release/marginalia`.

use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
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
}

criterion_group!(benches, eval_bench);
criterion_main!(benches);
