//! Links in and out, through the real binary: doccano's relation JSONL,
//! Prodigy's `relations`, brat's `R` lines and our JSONL lists, on text
//! with emoji, ZWJ sequences, combining marks, curly quotes, CRLF and NBSP.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Scratch, fixture, json_lines};
use marginalia::io::export::{ExportOptions, Format, export_project};
use marginalia::io::import::{ImportOptions, apply_records};
use marginalia::io::jsonl::parse_jsonl;
use marginalia::io::{load_project, save_project};
use marginalia::model::{AttrValue, Document, Layer, Project, Schema, Span, SpanId, Status};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::Value;

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The code-point range of the first `needle` in `text`.
fn range_of(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("the needle is in the text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

const TEXT: &str = "\u{201C}We will go on,\u{201D} said Zoe\u{308} Smith\u{A0}and \u{1F469}\u{200D}\u{1F4BB} Bo on 5\u{A0}May.\r\nThey agreed.";

/// The default schema with `claim.speaker` holding several targets.
fn many_schema() -> Schema {
    let mut schema = Schema::builtin();
    let claim = schema
        .labels
        .iter_mut()
        .find(|l| l.name == "claim")
        .expect("claim");
    claim
        .attributes
        .iter_mut()
        .find(|a| a.name == "speaker")
        .expect("speaker")
        .many = true;
    schema
}

/// alice's layer on [`TEXT`]: two actors, a claim spoken by both (its
/// list as `speakers` gives it), a date and a stance held by one.
fn layer(speakers: &[&str]) -> Layer {
    let span = |id: &str, needle: &str, label: &str| {
        let (start, end) = range_of(TEXT, needle);
        Span::new(SpanId::from(id), start, end, label)
    };
    let mut claim = span("T3", "\u{201C}We will go on,\u{201D}", "claim");
    claim.attrs.insert(
        "speaker".into(),
        AttrValue::Many(speakers.iter().map(|s| (*s).to_owned()).collect()),
    );
    let mut spans = vec![
        claim,
        span("T1", "Zoe\u{308} Smith", "actor").with_attrs(&[("kind", "person")]),
        span("T2", "\u{1F469}\u{200D}\u{1F4BB} Bo", "actor").with_attrs(&[("kind", "person")]),
        span("T4", "5\u{A0}May", "date").with_attrs(&[("value", "2025-05-05")]),
        span("T5", "They agreed.", "stance")
            .with_attrs(&[("holder", "T2"), ("polarity", "support")]),
    ];
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Layer::with_spans(Status::Done, spans)
}

/// The document `d1` of [`TEXT`], without layers.
fn document() -> Document {
    Document::new("d1".into(), "Talks".into(), BTreeMap::new(), TEXT.into())
}

/// A project `p.ron` in `scratch` with one document and alice's layer.
fn project_with_links(scratch: &Scratch, speakers: &[&str]) -> Project {
    let mut project = Project::new(many_schema());
    let mut doc = document();
    doc.layers.insert("alice".into(), layer(speakers));
    project.documents.push(doc);
    save_project(&project, &scratch.path("p.ron")).expect("saves");
    load_project(&scratch.path("p.ron")).expect("loads")
}

/// A link as a reader sees it: source (start, end, label), attribute,
/// target (start, end, label).
type LinkFact = ((usize, usize, String), String, (usize, usize, String));

fn links_of(project: &Project, annotator: &str) -> BTreeSet<LinkFact> {
    let layer = &project.documents[0].layers[annotator];
    marginalia::model::links::links(&project.schema, &layer.spans)
        .into_iter()
        .map(|link| {
            let fact = |i: usize| {
                let s = &layer.spans[i];
                (s.start, s.end, s.label.clone())
            };
            (
                fact(link.source),
                link.attribute.to_owned(),
                fact(link.target),
            )
        })
        .collect()
}

/// `export p.ron --format FORMAT --out OUT --annotator alice`; its stderr.
fn export(scratch: &Scratch, format: &str, out: &str) -> String {
    export_layer(scratch, format, out, "alice")
}

/// `export p.ron --format FORMAT --out OUT --annotator ANNOTATOR`; its
/// stderr.
fn export_layer(scratch: &Scratch, format: &str, out: &str, annotator: &str) -> String {
    let output = scratch.run(&[
        "export",
        "p.ron",
        "--format",
        format,
        "--out",
        out,
        "--annotator",
        annotator,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// The entities and relations of a doccano line, relations without their
/// ids (doccano reads them only to ignore them).
fn doccano_facts(line: &Value) -> (Value, Vec<(Value, Value, Value)>) {
    let relations = line["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| (r["from_id"].clone(), r["to_id"].clone(), r["type"].clone()))
        .collect();
    (line["entities"].clone(), relations)
}

#[test]
fn doccanos_own_relation_example_comes_in_and_goes_back_out_unchanged() {
    let scratch = Scratch::new();
    scratch.run_ok(&["new", "p.ron"]);
    let input = fixture("doccano-relations.jsonl");
    let stdout = scratch.run_ok(&[
        "import",
        "p.ron",
        arg(&input),
        "--annotator",
        "dc",
        "--extend-schema",
    ]);
    assert!(
        stdout.contains(
            "added span references to the schema (many: true): CLAIM.saidBy, ORG.foundedAt, ORG.foundedBy, PERSON.memberOf"
        ),
        "{stdout}"
    );
    let project = load_project(&scratch.path("p.ron")).expect("loads");
    let claim = project.schema.label("CLAIM").expect("CLAIM");
    let said_by = claim.attribute("saidBy").expect("saidBy");
    assert!(said_by.many);
    assert_eq!(
        said_by.kind,
        marginalia::model::AttributeKind::SpanRef(marginalia::model::TargetLabels(vec![
            "ORG".into(),
            "PERSON".into()
        ]))
    );
    export_layer(&scratch, "doccano", "out.jsonl", "dc");
    let given = json_lines(&std::fs::read_to_string(&input).expect("fixture"));
    let written = json_lines(&scratch.read_text("out.jsonl"));
    assert_eq!(written.len(), given.len());
    for (given, written) in given.iter().zip(&written) {
        assert_eq!(written["text"], given["text"]);
        assert_eq!(doccano_facts(written), doccano_facts(given));
        assert_eq!(written["annotator"], "dc");
    }
    assert_eq!(written[1]["id"], 7);
    // Importing the export again changes nothing: same project, same bytes.
    let before = scratch.read("p.ron");
    scratch.run_ok(&["import", "p.ron", "out.jsonl"]);
    assert_eq!(scratch.read("p.ron"), before);
    scratch.run_ok(&["validate", arg(&input)]);
}

#[test]
fn doccano_relations_the_schema_cannot_hold_fail_naming_file_and_line_and_write_nothing() {
    let scratch = Scratch::new();
    scratch.run_ok(&["new", "p.ron"]);
    let text = "Putin said \u{201C}no\u{201D} \u{1F600}\r\n";
    let line = |relations: &str| {
        format!(
            "{{\"id\": 5, \"text\": {}, \"entities\": [{{\"id\": 1, \"start_offset\": 0, \"end_offset\": 5, \"label\": \"actor\"}}, {{\"id\": 2, \"start_offset\": 6, \"end_offset\": 15, \"label\": \"claim\"}}], \"relations\": [{relations}]}}",
            serde_json::to_string(text).expect("JSON")
        )
    };
    let cases = [
        (
            line(r#"{"from_id": 2, "to_id": 1, "type": "quotes"}"#),
            "in.jsonl:2: relation types the schema has no span reference for: quotes (from claim)",
        ),
        (
            line(r#"{"from_id": 2, "to_id": 99, "type": "speaker"}"#),
            "in.jsonl:2: relation 1: \"to_id\" is 99, but no entity of the line has that id",
        ),
        (
            line(
                r#"{"from_id": 2, "to_id": 1, "type": "speaker"}, {"from_id": 2, "to_id": 2, "type": "speaker"}"#,
            ),
            "in.jsonl:2: relation 2: span 2 already has speaker = 1",
        ),
    ];
    for (bad, want) in cases {
        scratch.write(
            "in.jsonl",
            format!("{{\"id\": \"other\", \"text\": \"x\"}}\n{bad}\n"),
        );
        let before = scratch.fingerprint();
        let output = scratch.run(&["import", "p.ron", "in.jsonl", "--annotator", "a"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(want), "{stderr} lacks {want}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(scratch.fingerprint(), before);
    }
}

#[test]
fn links_round_trip_through_jsonl_prodigy_doccano_and_brat() {
    let scratch = Scratch::new();
    let original = project_with_links(&scratch, &["T1", "T2"]);
    let links = links_of(&original, "alice");
    assert_eq!(links.len(), 3);
    let p = scratch.read("p.ron");
    // Ours and Prodigy's keep everything: importing the export into the
    // project gives the same bytes.
    for format in ["jsonl", "prodigy"] {
        export(&scratch, format, "out.jsonl");
        scratch.run_ok(&["import", "p.ron", "out.jsonl"]);
        assert_eq!(scratch.read("p.ron"), p, "{format}");
    }
    export(&scratch, "prodigy", "out.jsonl");
    let task = &json_lines(&scratch.read_text("out.jsonl"))[0];
    let labels: Vec<&str> = task["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| r["label"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["speaker", "speaker", "holder"]);
    let jsonl = {
        export(&scratch, "jsonl", "out.jsonl");
        json_lines(&scratch.read_text("out.jsonl"))
    };
    let claim = jsonl[0]["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .find(|s| s["label"] == "claim")
        .expect("claim");
    assert_eq!(claim["attrs"]["speaker"], serde_json::json!(["T1", "T2"]));
    scratch.run_ok(&["validate", "out.jsonl"]);
    scratch.run_ok(&["validate", "p.ron", "out.jsonl"]);
    // doccano keeps spans and links (not the other attributes).
    let notes = export(&scratch, "doccano", "dc.jsonl");
    assert!(
        notes.contains("enum and text attributes are left out"),
        "{notes}"
    );
    scratch.run_ok(&["import", "p.ron", "dc.jsonl", "--annotator", "dc"]);
    let project = load_project(&scratch.path("p.ron")).expect("loads");
    assert_eq!(links_of(&project, "dc"), links);
    // brat keeps everything but the layer's status.
    export(&scratch, "brat", "brat");
    let ann = scratch.read_text("brat/d1.ann");
    assert!(ann.contains("\tspeaker Arg1:T3 Arg2:T1\n"), "{ann}");
    assert!(ann.contains("\tspeaker Arg1:T3 Arg2:T2\n"), "{ann}");
    scratch.run_ok(&[
        "import",
        "p.ron",
        "brat",
        "--format",
        "brat",
        "--annotator",
        "br",
    ]);
    let project = load_project(&scratch.path("p.ron")).expect("loads");
    let doc = &project.documents[0];
    assert_eq!(doc.layers["br"].spans, doc.layers["alice"].spans);
}

#[test]
fn lists_are_written_in_text_order_whatever_order_the_project_holds() {
    let scratch = Scratch::new();
    project_with_links(&scratch, &["T2", "T1"]);
    export(&scratch, "jsonl", "out.jsonl");
    let line = &json_lines(&scratch.read_text("out.jsonl"))[0];
    let claim = line["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .find(|s| s["label"] == "claim")
        .expect("claim");
    assert_eq!(claim["attrs"]["speaker"], serde_json::json!(["T1", "T2"]));
    export(&scratch, "brat", "brat");
    let ann = scratch.read_text("brat/d1.ann");
    let first = ann.find("Arg2:T1").expect("T1");
    let second = ann.find("Arg2:T2\n").expect("T2");
    assert!(first < second, "{ann}");
    export(&scratch, "doccano", "dc.jsonl");
    let line = &json_lines(&scratch.read_text("dc.jsonl"))[0];
    let targets: Vec<&Value> = line["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| r["type"] == "speaker")
        .map(|r| &r["to_id"])
        .collect();
    assert_eq!(targets, [1, 2]);
}

#[test]
fn formats_that_cannot_hold_links_say_so_once_and_still_export() {
    let scratch = Scratch::new();
    project_with_links(&scratch, &["T1", "T2"]);
    for (format, out) in [
        ("conll", "out.conll"),
        ("hf", "out.jsonl"),
        ("spacy", "out.spacy"),
    ] {
        let notes = export(&scratch, format, out);
        let about: Vec<&str> = notes
            .lines()
            .filter(|l| l.contains("span references"))
            .collect();
        assert_eq!(about.len(), 1, "{format}: {notes}");
    }
}

#[test]
fn a_prodigy_rel_manual_line_imports_its_relations_by_span_offsets() {
    let scratch = Scratch::new();
    scratch.write("p.ron", scratch_project_ron());
    let (claim, zoe, bo) = (
        range_of(TEXT, "\u{201C}We will go on,\u{201D}"),
        range_of(TEXT, "Zoe\u{308} Smith"),
        range_of(TEXT, "\u{1F469}\u{200D}\u{1F4BB} Bo"),
    );
    let end = |(s, e): (usize, usize), t0: usize, t1: usize, label: &str| serde_json::json!({"start": s, "end": e, "token_start": t0, "token_end": t1, "label": label});
    let task = serde_json::json!({
        "text": TEXT,
        "_input_hash": 12,
        "_task_hash": 34,
        "_view_id": "relations",
        "answer": "accept",
        "spans": [
            {"start": claim.0, "end": claim.1, "token_start": 0, "token_end": 5, "label": "claim"},
            {"start": zoe.0, "end": zoe.1, "token_start": 7, "token_end": 8, "label": "actor"},
            {"start": bo.0, "end": bo.1, "token_start": 10, "token_end": 12, "label": "actor"},
        ],
        "relations": [
            {"head": 5, "child": 12, "head_span": end(claim, 0, 5, "claim"), "child_span": end(bo, 10, 12, "actor"), "label": "speaker"},
            {"head": 5, "child": 8, "head_span": end(claim, 0, 5, "claim"), "child_span": end(zoe, 7, 8, "actor"), "label": "speaker"},
        ],
    });
    scratch.write("rel.jsonl", format!("{task}\n"));
    scratch.run_ok(&["import", "p.ron", "rel.jsonl", "--annotator", "pr"]);
    let project = load_project(&scratch.path("p.ron")).expect("loads");
    let layer = &project.documents[0].layers["pr"];
    assert_eq!(layer.spans[0].label, "claim");
    assert_eq!(
        layer.spans[0].attrs.get("speaker"),
        Some(&AttrValue::Many(vec!["T2".into(), "T3".into()]))
    );
}

/// A project with [`many_schema`], the document of [`TEXT`] and no layers.
fn scratch_project_ron() -> Vec<u8> {
    let mut project = Project::new(many_schema());
    project.documents.push(document());
    marginalia::io::project_to_ron(&project).into_bytes()
}

/// Pieces of text whose code points other tools miscount.
const PIECES: &[&str] = &[
    "a",
    " ",
    "\r\n",
    "\u{A0}",
    "\u{1F600}",
    "\u{1F469}\u{200D}\u{1F4BB}",
    "e\u{301}",
    "\u{308}",
    "\u{201C}",
    "\u{201D}",
    "\u{2028}",
];

/// A layer of actors and of claims spoken by lists of them, on a text of
/// `len` code points, from `(start, length, is_claim, speakers)` picks.
fn layer_of(len: usize, raw: &[(Index, Index, bool, Vec<Index>)]) -> Layer {
    let actors: Vec<String> = raw
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.2)
        .map(|(i, _)| format!("T{}", i + 1))
        .collect();
    let spans = raw
        .iter()
        .enumerate()
        .map(|(i, (start, length, is_claim, picks))| {
            let start = start.index(len);
            let end = start + 1 + length.index(len - start);
            let label = if *is_claim { "claim" } else { "actor" };
            let mut span = Span::new(SpanId::numbered(i as u64 + 1), start, end, label);
            let mut speakers: Vec<String> = Vec::new();
            for pick in picks.iter().filter(|_| !actors.is_empty()) {
                let id = pick.get(&actors).clone();
                if !speakers.contains(&id) {
                    speakers.push(id);
                }
            }
            if *is_claim && !speakers.is_empty() {
                span.attrs
                    .insert("speaker".into(), AttrValue::Many(speakers));
            }
            span
        })
        .collect();
    Layer::with_spans(Status::Done, spans)
}

/// `project` exported in `format` to `out`, as bytes.
fn exported(project: &Project, format: Format, out: &Path) -> Vec<u8> {
    let options = ExportOptions::new(format);
    export_project(project, &options, out, &|_, _| {}).expect("exports");
    std::fs::read(out).expect("written")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn links_survive_doccano_and_every_list_is_written_in_text_order(
        pieces in prop::collection::vec(select(PIECES), 1..30),
        raw in prop::collection::vec(
            (any::<Index>(), any::<Index>(), any::<bool>(), prop::collection::vec(any::<Index>(), 0..4)),
            0..10,
        ),
    ) {
        let text: String = pieces.concat();
        let mut project = Project::new(many_schema());
        let mut doc = Document::new("d".into(), String::new(), BTreeMap::new(), text.clone());
        let layer = layer_of(text.chars().count(), &raw);
        doc.layers.insert("alice".into(), layer.clone());
        project.documents.push(doc);
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out.jsonl");

        // The same links in another list order give the same bytes.
        let mut reversed = project.clone();
        for span in &mut reversed.documents[0].layers.get_mut("alice").expect("layer").spans {
            if let Some(AttrValue::Many(ids)) = span.attrs.get_mut("speaker") {
                ids.reverse();
            }
        }
        for format in [Format::Jsonl, Format::Doccano, Format::Prodigy] {
            prop_assert_eq!(exported(&project, format, &out), exported(&reversed, format, &out));
        }

        // doccano's lines bring every link back, by the places of its spans.
        let bytes = exported(&project, Format::Doccano, &out);
        let records = parse_jsonl(std::str::from_utf8(&bytes).expect("UTF-8"), &out).expect("parses");
        let options = ImportOptions { annotator: Some("dc".into()), extend_schema: false };
        let (imported, _) = apply_records(&project, &records, &options, &out).expect("imports");
        prop_assert_eq!(links_of(&imported, "dc"), links_of(&project, "alice"));
    }
}
