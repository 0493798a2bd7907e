//! End-to-end tests of `eval`: the real binary on small JSONL files and a
//! project built here, with Unicode text, every nervaluate category and
//! the error messages.

mod common;

use std::collections::BTreeMap;

use common::Scratch;
use marginalia::io::save_project;
use marginalia::model::schema::DEFAULT_SCHEMA_RON;
use marginalia::model::{Document, Layer, Project, Schema, Span, SpanId, Status};
use serde_json::{Value, json};

/// “Zoé” met 👩‍💻 in Kyiv on Monday. — Zoé is 1..5, 👩‍💻 11..14, "met"
/// 7..10, Kyiv 18..22, "Kyiv on" 18..25, Monday 26..32 (code points).
const ZOE: &str = "\u{201C}Zoe\u{301}\u{201D} met \u{1F469}\u{200D}\u{1F4BB} in Kyiv on Monday.";
const PUTIN: &str = "Putin said no.";

type Spans = &'static [(usize, usize, &'static str)];

const ZOE_GOLD: Spans = &[
    (1, 5, "actor"),
    (11, 14, "actor"),
    (18, 22, "actor"),
    (26, 32, "date"),
];
/// Exact, same extent with another label, overlap with the same label, and
/// a spurious claim; Monday is missed.
const ZOE_PRED: Spans = &[
    (18, 25, "actor"),
    (7, 10, "claim"),
    (1, 5, "actor"),
    (11, 14, "date"),
];
const PUTIN_GOLD: Spans = &[(0, 5, "actor")];

fn spans_json(spans: Spans) -> Value {
    spans
        .iter()
        .map(|&(start, end, label)| json!({"start": start, "end": end, "label": label}))
        .collect()
}

fn line(id: &str, text: Option<&str>, annotator: &str, spans: Spans) -> String {
    let mut value = json!({"id": id, "annotator": annotator, "spans": spans_json(spans)});
    if let Some(text) = text {
        value["text"] = json!(text);
    }
    format!("{value}\n")
}

fn layer(spans: Spans) -> Layer {
    let spans = spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end, label))| {
            Span::new(SpanId::from(format!("T{i}").as_str()), start, end, label)
        })
        .collect();
    Layer::with_spans(Status::Done, spans)
}

/// gold.jsonl, pred.jsonl (model:x's lines and another annotator's) and
/// p.ron holding both as layers.
fn scratch() -> Scratch {
    let scratch = Scratch::new();
    scratch.write(
        "gold.jsonl",
        line("zoe", Some(ZOE), "gold", ZOE_GOLD) + &line("putin", Some(PUTIN), "gold", PUTIN_GOLD),
    );
    scratch.write(
        "pred.jsonl",
        line("zoe", None, "model:x", ZOE_PRED) + &line("zoe", None, "other", ZOE_GOLD),
    );
    let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
    let mut zoe = Document::new("zoe".into(), String::new(), BTreeMap::new(), ZOE.into());
    zoe.layers.insert("gold".into(), layer(ZOE_GOLD));
    zoe.layers.insert("model:x".into(), layer(ZOE_PRED));
    let mut putin = Document::new("putin".into(), String::new(), BTreeMap::new(), PUTIN.into());
    putin.layers.insert("gold".into(), layer(PUTIN_GOLD));
    let mut project = Project::new(schema);
    project.documents = vec![zoe, putin];
    save_project(&project, &scratch.path("p.ron")).expect("saved");
    scratch
}

fn report(scratch: &Scratch, args: &[&str]) -> Value {
    serde_json::from_str(&scratch.run_ok(args)).expect("valid JSON")
}

/// (correct, incorrect, partial, missed, spurious) of one scheme.
fn counts(scheme: &Value) -> [u64; 5] {
    ["correct", "incorrect", "partial", "missed", "spurious"]
        .map(|k| scheme[k].as_u64().expect("count"))
}

#[test]
fn eval_json_counts_every_category_overall_and_per_label() {
    let scratch = scratch();
    let r = report(
        &scratch,
        &[
            "eval",
            "gold.jsonl",
            "pred.jsonl",
            "--annotator",
            "model:x",
            "--json",
        ],
    );
    let overall = &r["overall"];
    assert_eq!(counts(&overall["strict"]), [1, 2, 0, 2, 1]);
    assert_eq!(counts(&overall["exact"]), [2, 1, 0, 2, 1]);
    assert_eq!(counts(&overall["partial"]), [2, 0, 1, 2, 1]);
    assert_eq!(counts(&overall["ent_type"]), [2, 1, 0, 2, 1]);
    assert_eq!(overall["strict"]["possible"], 5);
    assert_eq!(overall["strict"]["actual"], 4);
    assert_eq!(overall["strict"]["precision"], 0.25);
    assert_eq!(overall["partial"]["precision"], 0.625);
    assert_eq!(overall["partial"]["recall"], 0.5);
    let labels: Vec<&String> = r["by_label"].as_object().expect("labels").keys().collect();
    assert_eq!(labels, ["actor", "claim", "date"]);
    assert_eq!(counts(&r["by_label"]["actor"]["strict"]), [1, 1, 0, 2, 0]);
    assert_eq!(counts(&r["by_label"]["actor"]["ent_type"]), [2, 0, 0, 2, 0]);
    assert_eq!(counts(&r["by_label"]["date"]["exact"]), [0, 0, 0, 1, 1]);
    let claim = &r["by_label"]["claim"]["strict"];
    assert_eq!(counts(claim), [0, 0, 0, 0, 1]);
    assert_eq!(
        [&claim["precision"], &claim["recall"], &claim["f1"]],
        [0.0, 0.0, 0.0]
    );
    for scheme in ["strict", "exact", "partial", "ent_type"] {
        let keys: Vec<&String> = overall[scheme]
            .as_object()
            .expect("scheme")
            .keys()
            .collect();
        assert_eq!(keys.len(), 10, "{keys:?}");
    }
}

#[test]
fn eval_of_a_project_layer_equals_eval_of_its_jsonl() {
    let scratch = scratch();
    let from_jsonl = report(
        &scratch,
        &[
            "eval",
            "gold.jsonl",
            "pred.jsonl",
            "--annotator",
            "model:x",
            "--json",
        ],
    );
    let from_ron = report(
        &scratch,
        &["eval", "p.ron", "p.ron", "--annotator", "model:x", "--json"],
    );
    let mixed = report(
        &scratch,
        &[
            "eval",
            "p.ron",
            "pred.jsonl",
            "--annotator",
            "model:x",
            "--json",
        ],
    );
    assert_eq!(from_ron, from_jsonl);
    assert_eq!(mixed, from_jsonl);
}

#[test]
fn eval_of_gold_against_itself_is_perfect() {
    let scratch = scratch();
    let r = report(&scratch, &["eval", "p.ron", "gold.jsonl", "--json"]);
    for scheme in ["strict", "exact", "partial", "ent_type"] {
        assert_eq!(r["overall"][scheme]["f1"], 1.0);
    }
}

#[test]
fn eval_table_shows_schemes_labels_and_averages() {
    let scratch = scratch();
    let out = scratch.run_ok(&["eval", "gold.jsonl", "pred.jsonl", "--annotator", "model:x"]);
    for needle in [
        "strict", "exact", "partial", "ent_type", "actor", "micro", "macro", "overall",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    assert!(out.contains("strict    0.250  0.200  0.222"), "{out}");
}

/// Runs a failing command; returns its one-line message.
fn fails(scratch: &Scratch, args: &[&str]) -> String {
    let output = scratch.run(args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "marginalia {}",
        args.join(" ")
    );
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn eval_refuses_a_missing_file() {
    let scratch = scratch();
    let message = fails(&scratch, &["eval", "gold.jsonl", "nope.jsonl"]);
    assert!(message.contains("nope.jsonl"), "{message}");
}

#[test]
fn eval_refuses_bad_jsonl_naming_file_and_line() {
    let scratch = scratch();
    scratch.write(
        "bad.jsonl",
        line("zoe", None, "x", ZOE_PRED) + "{not json\n",
    );
    let message = fails(&scratch, &["eval", "gold.jsonl", "bad.jsonl"]);
    assert!(message.contains("bad.jsonl:2"), "{message}");
}

#[test]
fn eval_refuses_prediction_documents_missing_from_gold() {
    let scratch = scratch();
    scratch.write(
        "stray.jsonl",
        line("zoe", None, "x", ZOE_PRED) + &line("ghost", None, "x", &[]),
    );
    let message = fails(&scratch, &["eval", "gold.jsonl", "stray.jsonl"]);
    assert!(
        message.contains("\"ghost\"") && message.contains("line 2"),
        "{message}"
    );
}

#[test]
fn eval_refuses_two_lines_for_one_document_without_annotator() {
    let scratch = scratch();
    let message = fails(&scratch, &["eval", "gold.jsonl", "pred.jsonl"]);
    assert!(
        message.contains("pred.jsonl:2") && message.contains("--annotator"),
        "{message}"
    );
}
