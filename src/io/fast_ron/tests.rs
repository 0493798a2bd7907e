//! The fast reader and writer against `ron` on every shape of project.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::io::project_file::{
    parse_project, parse_project_reference, project_to_ron, project_to_ron_reference,
};
use crate::model::schema::DEFAULT_SCHEMA_RON;
use crate::model::validate::project_problems;
use crate::model::{DocId, Document, Layer, Schema, Span, SpanId, Status};
use crate::synthetic::{self, SyntheticConfig};

const AWKWARD: &str = "\u{201C}Hi\u{201D} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Zo\u{EB} e\u{301}\r\n\u{1F1FA}\u{1F1E6}\u{A0}\u{6F22} \"q\" 'a' \\ \t\0\u{1}\u{7F}\u{85}\u{AD}\u{2028}\u{FEFF}\u{E000}\u{10FFFF}\u{378} \\u{41} \u{301}";

/// [`read_in_pieces`] of `bytes` in pieces of about `chunk` bytes, which
/// one, two and three workers read alike.
fn read_in_chunks(bytes: &[u8], chunk: usize) -> Option<Project> {
    let one = read_in_pieces(bytes, chunk, 1);
    for workers in [2, 3] {
        assert_eq!(
            read_in_pieces(bytes, chunk, workers),
            one,
            "{workers} workers"
        );
    }
    one
}

fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
    Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
}

/// Every shape of project the layout has.
fn shapes() -> Vec<Project> {
    let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
    let bare: Schema = ron::from_str(
        "(name: \"bare\", labels: [(name: \"x\", key: '(', color: \"#000000\"), (name: \"y)\", key: '\\'', color: \"\\\")\", attributes: [])])",
    )
    .expect("schema");
    let mut meta = BTreeMap::new();
    meta.insert(
        "url".to_owned(),
        "https://example.org/?a=1&b='2'".to_owned(),
    );
    meta.insert(AWKWARD.to_owned(), AWKWARD.to_owned());
    let mut full = Document::new("d\u{E9}1".into(), AWKWARD.into(), meta, AWKWARD.into());
    full.layers.insert(
        "alice".into(),
        Layer::with_spans(
            Status::Done,
            vec![
                span("T1", 0, 4, "actor", &[("kind", "person")]),
                span(
                    "T2",
                    1,
                    3,
                    "stance",
                    &[
                        ("polarity", "oppose"),
                        ("holder", "T1"),
                        ("target", AWKWARD),
                    ],
                ),
                span("T3", 2, 9, "date", &[]),
                {
                    let mut claim = span("T4", 2, 9, "claim", &[]);
                    let ids = vec!["T1".to_owned(), AWKWARD.to_owned()];
                    claim.attrs.insert("speaker".into(), ids);
                    claim.attrs.insert("z".into(), Vec::new());
                    claim
                },
            ],
        ),
    );
    full.layers.insert("model:crf".into(), Layer::default());
    let mut gold = Layer::with_spans(Status::InProgress, vec![span("T1", 0, 4, "actor", &[])]);
    gold.reviewed = vec![(0, 4), (2, 9)];
    full.layers.insert("gold".into(), gold);
    full.layers.insert(
        AWKWARD.into(),
        Layer::with_spans(Status::InProgress, vec![span("x y", 0, 1, "claim", &[])]),
    );
    let empty = Document::new(
        "empty".into(),
        String::new(),
        BTreeMap::new(),
        String::new(),
    );
    let mut projects = vec![
        Project::new(schema.clone()),
        Project::new(Schema {
            name: String::new(),
            labels: Vec::new(),
        }),
        Project::new(bare.clone()),
        Project {
            schema: schema.clone(),
            documents: vec![full.clone(), empty.clone()],
        },
        Project {
            schema: bare,
            documents: vec![empty, full],
        },
        synthetic::long_document(20_000, 500, 5),
    ];
    for seed in 0..3 {
        projects.push(synthetic::project(&SyntheticConfig {
            seed,
            ..SyntheticConfig::default()
        }));
    }
    projects
}

#[test]
fn the_writer_gives_ron_s_bytes() {
    for project in shapes() {
        assert_eq!(project_to_ron(&project), project_to_ron_reference(&project));
    }
}

#[test]
fn the_reader_reads_what_ron_reads() {
    for project in shapes() {
        let text = project_to_ron_reference(&project);
        assert_eq!(parse(&text).as_ref(), Some(&project));
        assert_eq!(parse_project_reference(&text).as_ref(), Ok(&project));
    }
}

#[test]
fn the_demo_project_takes_the_fast_path_both_ways() {
    let text = include_str!("../../../projects/diplomacy-demo.ron");
    let project = parse(text).expect("the demo is in the canonical layout");
    assert_eq!(Ok(&project), parse_project_reference(text).as_ref());
    assert_eq!(project_to_ron(&project), text);
}

#[test]
fn reading_in_chunks_of_any_size_gives_the_same_project() {
    for project in shapes().into_iter().take(5) {
        let text = project_to_ron(&project);
        for chunk in [1, 2, 3, 5, 64, 1000, 1 << 20] {
            let read = read_in_chunks(text.as_bytes(), chunk);
            assert_eq!(read.as_ref(), Some(&project), "chunk {chunk}");
        }
    }
}

#[test]
fn pieces_of_any_size_on_any_number_of_workers_give_the_same_project() {
    let project = synthetic::project(&SyntheticConfig {
        documents: 40,
        text_bytes: 600,
        spans: 12,
        annotators: 2,
        seed: 4,
    });
    let text = project_to_ron(&project);
    // Pieces smaller than a document, about one, several documents, and
    // the whole file; cut where documents start (and elsewhere, when no
    // document starts in a piece: CRLF line ends).
    for variant in [text.clone(), text.replace('\n', "\r\n")] {
        for chunk in [1, 9, 200, 700, 2_000, 5_000, 1 << 20] {
            for workers in 1..=4 {
                let read = read_in_pieces(variant.as_bytes(), chunk, workers);
                assert_eq!(
                    read.as_ref(),
                    Some(&project),
                    "chunk {chunk}, {workers} workers"
                );
            }
        }
    }
}

#[test]
fn a_broken_document_in_any_piece_is_not_read() {
    let project = synthetic::project(&SyntheticConfig {
        documents: 30,
        text_bytes: 500,
        spans: 10,
        annotators: 2,
        seed: 5,
    });
    let text = project_to_ron(&project);
    let starts: Vec<usize> = text
        .match_indices("    (\n      id: ")
        .map(|(at, _)| at)
        .collect();
    for (n, &at) in starts.iter().enumerate().step_by(7) {
        let mut broken = text.clone();
        broken.insert_str(at + 6, "extra: 1, ");
        for chunk in [50, 1_000, 3_000] {
            assert_eq!(
                read_in_chunks(broken.as_bytes(), chunk),
                None,
                "document {n}, chunk {chunk}"
            );
        }
    }
    let cut_short = &text[..starts[20] + 40];
    assert_eq!(read_in_chunks(cut_short.as_bytes(), 1_000), None);
}

#[test]
fn other_white_space_and_missing_trailing_commas_are_read() {
    let trailing = regex::Regex::new(r",(\s*[\]\})])").expect("regex");
    for project in shapes().into_iter().take(5) {
        let text = project_to_ron(&project);
        for variant in [
            text.replace('\n', "\r\n"),
            text.replace('\n', " ").replace("  ", "\t"),
            trailing.replace_all(&text, "$1").into_owned(),
            format!("\n\n{text}\n\n"),
            text.replace(": ", ":"),
        ] {
            let expected = parse_project_reference(&variant).expect("ron reads it");
            assert_eq!(parse(&variant).as_ref(), Some(&expected), "{variant}");
            assert_eq!(read_in_chunks(variant.as_bytes(), 7), Some(expected));
        }
    }
}

#[test]
fn optional_fields_may_be_left_out() {
    let text = r#"(format: "marginalia-project", version: 1, schema: (name: "s", labels: []),
        documents: [(id: "a", sha256: "x", text: "t"),
                    (id: "b", sha256: "x", text: "t", layers: {"z": (), "y": (spans: [(id: "T1", start: 0, end: 1, label: "l")])})])"#;
    let expected = parse_project_reference(text).expect("ron reads it");
    assert_eq!(parse(text), Some(expected));
}

#[test]
fn anything_else_is_left_to_ron_with_the_same_result() {
    let project = synthetic::project(&SyntheticConfig {
        documents: 2,
        text_bytes: 2_000,
        spans: 40,
        annotators: 2,
        seed: 9,
    });
    let text = project_to_ron(&project);
    let first_span = regex::Regex::new(r"start: (\d+), end: (\d+)").expect("regex");
    let cases = [
        first_span.replace(&text, "end: $2, start: $1").into_owned(),
        first_span
            .replace(&text, "start: +$1, end: $2")
            .into_owned(),
        first_span
            .replace(&text, "start: $1_0, end: $2")
            .into_owned(),
        first_span
            .replace(&text, "start: 0$1, end: $2")
            .into_owned(),
        text.replacen("(\n", "( // a comment\n", 1),
        text.replacen("(\n", "/* block */(\n", 1),
        text.replacen("id: \"T1\", ", "id: \"T1\", extra: 1, ", 1),
        text.replacen("text: \"", "text: \"\\x41", 1),
        text.replacen("title: \"", "title: \"\\\n   ", 1),
        text.replacen("title: ", "title: r\"raw\", ignored: ", 1),
        text.replacen("status: done", "status: Done", 1),
        text.replacen("    (\n      id:", "    Document(\n      id:", 1),
        format!("#![enable(implicit_some)]\n{text}"),
        format!("\u{FEFF}{text}"),
        text.replacen("\"analyst-a\": (", "\"analyst-a\": Layer(", 1),
    ];
    for case in cases {
        assert_ne!(case, text);
        let by_ron = parse_project_reference(&case)
            .ok()
            .filter(|p| project_problems(p).is_empty())
            .map(|mut p| {
                p.canonicalize();
                p
            });
        let ours = parse_project(&case, Path::new("p.ron")).ok();
        assert_eq!(ours, by_ron, "{case}");
        assert_eq!(parse(&case), None, "{case}");
        assert_eq!(read_in_chunks(case.as_bytes(), 5), None, "{case}");
    }
}

#[test]
fn other_versions_formats_and_broken_files_are_not_read() {
    let text = project_to_ron(&shapes()[3]);
    for case in [
        text.replace("version: 1,", "version: 2,"),
        text.replace("marginalia-project", "something-else"),
        text[..text.len() - 1].to_owned(),
        format!("{text})"),
        String::new(),
    ] {
        assert_eq!(parse(&case), None);
        assert_eq!(read_in_chunks(case.as_bytes(), 3), None);
    }
    let mut bytes = text.into_bytes();
    let at = bytes.len() / 2;
    bytes[at] = 0xff;
    assert_eq!(read_in_chunks(&bytes[..], 1 << 10), None);
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
}

proptest! {
    #[test]
    fn any_strings_round_trip_and_match_ron(
        title in any_text(),
        text in any_text(),
        key in any_text(),
        value in any_text(),
        annotator in any_text(),
    ) {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let mut meta = BTreeMap::new();
        meta.insert(key.clone(), value.clone());
        let mut doc = Document::new(DocId(value.clone()), title, meta, text);
        doc.layers.insert(
            annotator,
            Layer::with_spans(Status::New, vec![span(&key, 0, 1, &value, &[(&key, &value)])]),
        );
        let project = Project { schema, documents: vec![doc] };
        let written = project_to_ron(&project);
        prop_assert_eq!(&written, &project_to_ron_reference(&project));
        prop_assert_eq!(parse(&written), Some(project.clone()));
        prop_assert_eq!(read_in_chunks(written.as_bytes(), 3), Some(project));
    }
}
