//! Property: a layer written as a JSONL line and read back is the same layer,
//! on texts built from the characters that make offsets drift elsewhere
//! (emoji, ZWJ sequences, flags, combining marks, CRLF, NBSP, CJK, curly
//! quotes), with random valid spans and attributes.

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
