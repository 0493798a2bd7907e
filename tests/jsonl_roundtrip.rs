//! Property: a layer written as a JSONL line and read back is the same layer,
//! on texts built from the characters that make offsets drift elsewhere
//! (emoji, ZWJ sequences, flags, combining marks, CRLF, NBSP, CJK, curly
//! quotes), with random valid spans and attributes.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use marginalia::io::import::{ImportOptions, apply_records};
use marginalia::io::jsonl::{parse_jsonl, record_line};
use marginalia::model::{DocId, Document, Layer, Project, Span, SpanId, Status};
use proptest::prelude::*;
use proptest::sample::{Index, select};

/// Pieces of text, each one or more code points that other tools miscount.
const PIECES: &[&str] = &[
    "a",
    "Zo",
    " ",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\u{A0}",
    "\u{1F600}",
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
    "\u{200D}",
    "\u{1F1FA}\u{1F1E6}",
    "\u{1F1F7}\u{1F1FA}",
    "\u{1F44D}\u{1F3FD}",
    "e\u{301}",
    "\u{308}",
    "\u{6F22}\u{5B57}",
    "\u{5317}\u{4EAC}",
    "\u{201C}",
    "\u{201D}",
    "\u{2019}",
    "\"",
    "\\",
    "\u{FEFF}",
    "\u{2028}",
];

fn hard_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(select(PIECES), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

/// A span before its label is known: where it lies and which label, and
/// picks for its attribute values.
#[derive(Debug, Clone)]
struct RawSpan {
    start: Index,
    len: Index,
    label: usize,
    choice: Index,
    reference: Option<Index>,
    note: String,
}

fn raw_span() -> impl Strategy<Value = RawSpan> {
    (
        any::<Index>(),
        any::<Index>(),
        0..4usize,
        any::<Index>(),
        proptest::option::of(any::<Index>()),
        hard_text(4),
    )
        .prop_map(|(start, len, label, choice, reference, note)| RawSpan {
            start,
            len,
            label,
            choice,
            reference,
            note,
        })
}

/// Turns raw spans into valid spans of the default schema on a text of `n`
/// code points: offsets inside the text, enum values from the schema, and
/// references to actor spans of the same layer.
fn valid_spans(n: usize, raw: &[RawSpan]) -> Vec<Span> {
    if n == 0 {
        return Vec::new();
    }
    let actors: Vec<SpanId> = raw
        .iter()
        .enumerate()
        .filter(|(_, r)| r.label == 0)
        .map(|(i, _)| SpanId::numbered(i as u64 + 1))
        .collect();
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let start = r.start.index(n);
            let end = start + 1 + r.len.index(n - start);
            let (label, attrs) = match r.label {
                0 => (
                    "actor",
                    vec![(
                        "kind",
                        r.choice
                            .get(&["person", "organization", "country", "group"])
                            .to_string(),
                    )],
                ),
                1 => ("date", vec![("value", r.note.clone())]),
                2 => ("claim", reference("speaker", r, &actors)),
                _ => {
                    let mut attrs = reference("holder", r, &actors);
                    let polarity = r.choice.get(&["support", "oppose", "neutral"]);
                    attrs.push(("polarity", (*polarity).to_owned()));
                    attrs.push(("target", r.note.clone()));
                    ("stance", attrs)
                }
            };
            let mut span = Span::new(SpanId::numbered(i as u64 + 1), start, end, label);
            span.attrs = attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            span
        })
        .collect()
}

fn reference(name: &'static str, raw: &RawSpan, actors: &[SpanId]) -> Vec<(&'static str, String)> {
    match &raw.reference {
        Some(pick) if !actors.is_empty() => vec![(name, pick.get(actors).as_str().to_owned())],
        _ => Vec::new(),
    }
}

fn document(text: String, title: String, url: Option<String>) -> Document {
    let meta: BTreeMap<String, String> = url.map(|u| ("url".to_owned(), u)).into_iter().collect();
    Document::new(DocId::from("doc \u{1F600}"), title, meta, text)
}

proptest! {
    #[test]
    fn a_layer_exported_as_jsonl_imports_as_the_same_layer(
        text in hard_text(40),
        title in hard_text(5),
        url in proptest::option::of(hard_text(3)),
        raw in prop::collection::vec(raw_span(), 0..12),
        status in select(Status::ALL.to_vec()),
    ) {
        let mut doc = document(text, title, url);
        let layer = Layer::with_spans(status, valid_spans(doc.text.chars().count(), &raw));
        let line = record_line(&doc, "alice", &layer);
        let path = Path::new("round-trip.jsonl");
        let records = parse_jsonl(&line, path).expect("our own line parses");
        let options = ImportOptions::default();

        // Into a project that has the document: the layer comes back as is.
        let mut known = Project::new(marginalia::model::Schema::builtin());
        known.documents.push(doc.clone());
        let (imported, _) = apply_records(&known, &records, &options, path).expect("imports");
        prop_assert_eq!(&imported.documents[0].layers["alice"], &layer);
        prop_assert_eq!(record_line(&imported.documents[0], "alice", &layer), line.clone());

        // Into an empty project: the document comes back too.
        let empty = Project::new(marginalia::model::Schema::builtin());
        let (imported, summary) = apply_records(&empty, &records, &options, path).expect("imports");
        prop_assert_eq!(summary.documents_added, 1);
        doc.layers.insert("alice".to_owned(), layer);
        prop_assert_eq!(&imported.documents, &vec![doc]);
    }
}

/// `(start, end, label)` of each span of `annotator`'s layer on `doc`.
fn spans_of(doc: &Document, annotator: &str) -> Vec<(usize, usize, String)> {
    doc.layers[annotator]
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

/// The id a line without one gives its document: `doc-` and 12 hex digits
/// of the SHA-256 of its text.
fn id_for(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let hex = format!("{:x}", Sha256::digest(text.as_bytes()));
    format!("doc-{}", &hex[..12])
}

/// Imports `fixture` into a new project `p.ron` as `carol`, growing the
/// schema; returns the project and what the command printed (stdout,
/// stderr).
fn import_new(scratch: &common::Scratch, fixture: &str) -> (Project, String, String) {
    scratch.run_ok(&["new", "p.ron"]);
    let input = common::fixture(fixture);
    let output = scratch.run(&[
        "import",
        "p.ron",
        input.to_str().expect("UTF-8"),
        "--annotator",
        "carol",
        "--extend-schema",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let project = marginalia::io::load_project(&scratch.path("p.ron")).expect("loads");
    (
        project,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    )
}

#[test]
fn doccano_exports_without_id_or_with_integer_ids_were_refused_for_having_no_id() {
    let scratch = common::Scratch::new();
    let (project, stdout, _) = import_new(&scratch, "doccano-export.jsonl");
    assert!(stdout.contains("3 new documents"), "{stdout}");
    let ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
    let second = "Lavrov \u{1F1F7}\u{1F1FA} said \u{201C}no\u{201D} to the EU.\r\n";
    assert_eq!(ids, ["1", id_for(second).as_str(), "3"]);
    let by_id = |id: &str| {
        project
            .documents
            .iter()
            .find(|d| d.id.as_str() == id)
            .expect("doc")
    };
    assert_eq!(
        spans_of(by_id("1"), "carol"),
        [
            (4, 12, "PER".into()),
            (17, 24, "PER".into()),
            (28, 35, "LOC".into())
        ]
    );
    let lavrov = by_id(&id_for(second));
    assert_eq!(lavrov.text, second);
    assert_eq!(
        spans_of(lavrov, "carol"),
        [(0, 6, "PER".into()), (27, 29, "ORG".into())]
    );
    assert!(
        by_id("3").layers["carol"].spans.is_empty(),
        "an empty label list is an empty layer"
    );
    // The same file again matches every line to its document.
    let again = scratch.run_ok(&[
        "import",
        "p.ron",
        common::fixture("doccano-export.jsonl")
            .to_str()
            .expect("UTF-8"),
        "--annotator",
        "dave",
    ]);
    assert!(
        again.contains("5 spans in 3 layers; 0 new documents"),
        "{again}"
    );
}

#[test]
fn prodigy_annotated_files_were_refused_for_having_no_id() {
    let scratch = common::Scratch::new();
    let (project, stdout, stderr) = import_new(&scratch, "prodigy-ner.jsonl");
    assert!(
        stdout.contains("imported 4 spans in 3 layers; 3 new documents"),
        "{stdout}"
    );
    assert!(
        stderr.contains("skipped 2 lines answered \"reject\" or \"ignore\""),
        "{stderr}"
    );
    let texts: Vec<&str> = project.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Zo\u{eb} M\u{fc}ller \u{1F469}\u{200D}\u{1F4BB} met Putin in Anchorage.",
            "Trump called it a \u{201C}good deal\u{201D}.",
            "Nothing here either.",
        ]
    );
    for doc in &project.documents {
        assert_eq!(doc.id.as_str(), id_for(&doc.text));
    }
    assert_eq!(
        spans_of(&project.documents[0], "carol"),
        [
            (0, 10, "PERSON".into()),
            (19, 24, "PERSON".into()),
            (28, 37, "GPE".into())
        ]
    );
    assert!(project.documents[2].layers["carol"].spans.is_empty());
}

#[test]
fn a_prodigy_line_goes_to_the_document_with_its_text() {
    let scratch = common::Scratch::new();
    let text = "Putin met\r\nTrump \u{1F91D}.";
    scratch.write(
        "ours.jsonl",
        format!(
            "{{\"id\": \"summit\", \"text\": {}}}\n",
            serde_json::to_string(text).expect("json")
        ),
    );
    scratch.write(
        "prodigy.jsonl",
        format!(
            "{{\"text\": {}, \"_input_hash\": 1, \"_task_hash\": 2, \"spans\": [{{\"start\": 11, \"end\": 16, \"token_start\": 2, \"token_end\": 2, \"label\": \"actor\"}}], \"_view_id\": \"ner_manual\", \"answer\": \"accept\"}}\n",
            serde_json::to_string(text).expect("json")
        ),
    );
    scratch.run_ok(&["new", "p.ron", "--docs", "ours.jsonl"]);
    scratch.run_ok(&["import", "p.ron", "prodigy.jsonl", "--annotator", "carol"]);
    let project = marginalia::io::load_project(&scratch.path("p.ron")).expect("loads");
    assert_eq!(project.documents.len(), 1);
    assert_eq!(project.documents[0].id.as_str(), "summit");
    assert_eq!(
        spans_of(&project.documents[0], "carol"),
        [(11, 16, "actor".into())]
    );
}

#[test]
fn validate_accepted_lines_that_import_rejects() {
    let cases = [
        (
            "{\"id\": \"nowhere\", \"annotator\": \"a\", \"spans\": []}",
            "document \"nowhere\" is not in the project, so the line needs its \"text\"",
        ),
        (
            "{\"id\": \"crlf-nbsp\", \"annotator\": \"a\", \"spans\": [{\"start\": 9, \"end\": 3, \"label\": \"actor\"}]}",
            "span 9..3 \"actor\": start is not before end",
        ),
        (
            "{\"id\": \"crlf-nbsp\", \"annotator\": \"a\", \"spans\": [{\"start\": 0, \"end\": 18446744073709551615, \"label\": \"actor\"}]}",
            "end 18446744073709551615 is past the end of the text",
        ),
        (
            "{\"id\": \"crlf-nbsp\", \"annotator\": \"a\\nb\", \"spans\": []}",
            "annotator name \"a\\nb\"",
        ),
    ];
    for (line, want) in cases {
        let scratch = common::Scratch::with_fixtures(&["unicode.ron"]);
        scratch.write("x.jsonl", format!("{line}\n"));
        let before = scratch.fingerprint();
        let verdicts: Vec<String> = [
            &["validate", "unicode.ron", "x.jsonl"][..],
            &["import", "unicode.ron", "x.jsonl"],
        ]
        .iter()
        .map(|args| {
            let output = scratch.run(args);
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert_eq!(
                output.status.code(),
                Some(1),
                "{args:?} on {line}: {stderr}"
            );
            assert!(
                stderr.contains("x.jsonl:1: ") && stderr.contains(want),
                "{args:?}: {stderr} lacks {want}"
            );
            stderr
        })
        .collect();
        assert_eq!(verdicts[0], verdicts[1], "one verdict for {line}");
        assert_eq!(scratch.fingerprint(), before);
    }
    let scratch = common::Scratch::new();
    scratch.write("x.jsonl", format!("{}\n", cases[0].0));
    let output = scratch.run(&["validate", "x.jsonl"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "no project: the line needs its text"
    );
}

#[test]
fn our_prodigy_export_imports_back_as_the_same_layers() {
    let scratch = common::Scratch::with_fixtures(&["unicode.ron"]);
    for (format, out) in [("prodigy", "a.prodigy.jsonl"), ("jsonl", "a.jsonl")] {
        scratch.run_ok(&[
            "export",
            "unicode.ron",
            "--format",
            format,
            "--annotator",
            "alice",
            "--out",
            out,
        ]);
    }
    scratch.run_ok(&["new", "q.ron"]);
    scratch.run_ok(&["import", "q.ron", "a.prodigy.jsonl"]);
    scratch.run_ok(&[
        "export",
        "q.ron",
        "--format",
        "jsonl",
        "--annotator",
        "alice",
        "--out",
        "b.jsonl",
    ]);
    assert_eq!(scratch.read_text("b.jsonl"), scratch.read_text("a.jsonl"));
}
