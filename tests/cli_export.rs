//! End-to-end `export` in every format: the real binary on a Unicode-heavy
//! project (CRLF, NBSP, ZWJ families, skin tones, flags, combining marks,
//! CJK, tabs, runs of spaces, a line separator), with every offset and
//! token in the files checked against the text, code point by code point
//! as Python's `str` slicing counts them.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Scratch, copy_tree, fixture, json_lines, python_slice};
use marginalia::io::formats::tokens::export_tokens;
use marginalia::io::load_project;
use marginalia::model::offsets::CharIndex;
use marginalia::model::{Project, Span};
use serde_json::Value;

/// The formats whose files these tests read (spaCy and brat have their own
/// tests; here they take part in the split and output checks).
const TEXT_FORMATS: [&str; 4] = ["jsonl", "prodigy", "conll", "hf"];
const ALL_FORMATS: [&str; 6] = ["jsonl", "prodigy", "spacy", "conll", "hf", "brat"];

/// `p.ron`: the Unicode fixture project, plus the `tabs-spaces` document
/// (alice and bob) and a `gold` layer copied from alice's on the first three.
fn scratch() -> Scratch {
    let scratch = Scratch::new();
    copy_tree(&fixture("unicode.ron"), &scratch.path("p.ron"));
    let extra = fixture("export/tabs-spaces.jsonl");
    scratch.run_ok(&["import", "p.ron", extra.to_str().expect("UTF-8")]);
    let alice = fixture("alice.jsonl");
    scratch.run_ok(&[
        "import",
        "p.ron",
        alice.to_str().expect("UTF-8"),
        "--annotator",
        "gold",
    ]);
    scratch
}

fn project(scratch: &Scratch) -> Project {
    load_project(&scratch.path("p.ron")).expect("the project loads")
}

/// Runs `export p.ron --format FORMAT --out OUT EXTRA...`; returns stderr.
fn export(scratch: &Scratch, format: &str, out: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "p.ron", "--format", format, "--out", out];
    args.extend_from_slice(extra);
    let output = scratch.run(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "marginalia {} failed: {stderr}",
        args.join(" ")
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "no progress bar off a terminal: {stderr:?}"
    );
    stderr
}

/// Runs an export that must fail with status 1, one line on stderr starting
/// with `error: `, and no file changed; returns that line.
fn export_fails(scratch: &Scratch, args: &[&str]) -> String {
    let before = scratch.fingerprint();
    let output = scratch.run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(scratch.fingerprint(), before, "{args:?} changed files");
    stderr
}

/// The spans of `annotator`'s layer on each document that has one, kept by
/// `labels`, in document order.
fn layers<'p>(
    project: &'p Project,
    annotator: &str,
    labels: Option<&[&str]>,
) -> Vec<(&'p str, &'p str, Vec<&'p Span>)> {
    project
        .documents
        .iter()
        .filter_map(|doc| {
            let layer = doc.layers.get(annotator)?;
            let spans = layer
                .spans
                .iter()
                .filter(|s| labels.is_none_or(|l| l.contains(&s.label.as_str())))
                .collect();
            Some((doc.id.as_str(), doc.text.as_str(), spans))
        })
        .collect()
}

/// Finds `tokens` one after another in `text`, skipping only white space
/// between them, and returns their code-point ranges. Fails unless the
/// tokens hold no white space and cover every other code point exactly once.
fn tile(text: &str, tokens: &[String]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let mut ranges = Vec::new();
    for token in tokens {
        assert!(!token.is_empty(), "empty token");
        assert!(
            !token.chars().any(char::is_whitespace),
            "token {token:?} holds white space"
        );
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        let n = token.chars().count();
        let found: String = chars[at.min(chars.len())..(at + n).min(chars.len())]
            .iter()
            .collect();
        assert_eq!(&found, token, "token at code point {at} of {text:?}");
        ranges.push((at, at + n));
        at += n;
    }
    assert!(
        chars[at..].iter().all(|c| c.is_whitespace()),
        "text left over after the last token: {:?}",
        chars[at..].iter().collect::<String>()
    );
    ranges
}

/// The export tokens of a text for these spans (the library's own, which
/// spaCy and brat use too).
fn expected_tokens(text: &str, spans: &[&Span]) -> Vec<(usize, usize)> {
    export_tokens(text, &CharIndex::new(text), spans)
}

/// IOB2 tags of `tokens` from the outermost `spans` (by start, longest first).
fn expected_tags(tokens: &[(usize, usize)], spans: &[&Span]) -> Vec<String> {
    let mut order: Vec<&Span> = spans.to_vec();
    order.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<&Span> = Vec::new();
    for span in order {
        if kept.last().is_none_or(|k| k.end <= span.start) {
            kept.push(span);
        }
    }
    let mut begun = BTreeSet::new();
    tokens
        .iter()
        .map(|&(s, e)| {
            for span in spans {
                for b in [span.start, span.end] {
                    assert!(!(s < b && b < e), "token {s}..{e} crosses a span boundary");
                }
            }
            match kept.iter().find(|k| k.start <= s && e <= k.end) {
                Some(k) if begun.insert((k.start, k.end)) => format!("B-{}", k.label),
                Some(k) => format!("I-{}", k.label),
                None => "O".to_owned(),
            }
        })
        .collect()
}

fn has_line_break(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    })
}

/// Checks a JSONL export line by line against the layers.
fn check_jsonl(text: &str, layers: &[(&str, &str, Vec<&Span>)], annotator: &str) {
    let lines = json_lines(text);
    assert_eq!(lines.len(), layers.len());
    for (line, (id, doc_text, spans)) in lines.iter().zip(layers) {
        assert_eq!(line["id"], *id);
        assert_eq!(line["text"], *doc_text);
        assert_eq!(line["annotator"], annotator);
        let got = line["spans"].as_array().expect("spans");
        assert_eq!(got.len(), spans.len(), "{id}");
        for (g, s) in got.iter().zip(spans) {
            assert_eq!(g["start"], s.start);
            assert_eq!(g["end"], s.end);
            assert_eq!(g["label"], s.label.as_str());
            assert_eq!(g["text"], python_slice(doc_text, s.start, s.end));
        }
    }
}

/// Checks a Prodigy export: every token's text and offsets, `id` and `ws`,
/// and every span's token range.
fn check_prodigy(text: &str, layers: &[(&str, &str, Vec<&Span>)]) {
    let lines = json_lines(text);
    assert_eq!(lines.len(), layers.len());
    for (line, (id, doc_text, spans)) in lines.iter().zip(layers) {
        assert_eq!(line["id"], *id);
        assert_eq!(line["text"], *doc_text);
        let chars: Vec<char> = doc_text.chars().collect();
        let tokens = line["tokens"].as_array().expect("tokens");
        let ranges: Vec<(usize, usize)> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let (s, e) = (as_usize(&t["start"]), as_usize(&t["end"]));
                assert_eq!(t["text"], python_slice(doc_text, s, e), "{id} token {i}");
                assert_eq!(as_usize(&t["id"]), i);
                assert_eq!(t["ws"], chars.get(e).is_some_and(|c| c.is_whitespace()));
                (s, e)
            })
            .collect();
        let words: Vec<String> = tokens
            .iter()
            .map(|t| t["text"].as_str().expect("text").to_owned())
            .collect();
        assert_eq!(tile(doc_text, &words), ranges, "{id}: tokens tile the text");
        assert_eq!(ranges, expected_tokens(doc_text, spans), "{id}");
        let with_tokens: Vec<&&Span> = spans
            .iter()
            .filter(|s| ranges.iter().any(|&(a, b)| s.start <= a && b <= s.end))
            .collect();
        let got = line["spans"].as_array().expect("spans");
        assert_eq!(got.len(), with_tokens.len(), "{id}");
        for (g, s) in got.iter().zip(with_tokens) {
            assert_eq!(
                (as_usize(&g["start"]), as_usize(&g["end"])),
                (s.start, s.end)
            );
            assert_eq!(g["text"], python_slice(doc_text, s.start, s.end));
            let inside: Vec<usize> = (0..ranges.len())
                .filter(|&i| s.start <= ranges[i].0 && ranges[i].1 <= s.end)
                .collect();
            assert_eq!(as_usize(&g["token_start"]), inside[0], "{id} {}", s.id);
            assert_eq!(
                as_usize(&g["token_end"]),
                *inside.last().expect("a token"),
                "{id} {}",
                s.id
            );
        }
    }
}

fn as_usize(value: &Value) -> usize {
    usize::try_from(value.as_u64().expect("a number")).expect("fits")
}

/// Checks a Hugging Face export: tokens tile the text, tags are IOB2 of
/// the outermost spans.
fn check_hf(text: &str, layers: &[(&str, &str, Vec<&Span>)]) {
    let lines = json_lines(text);
    assert_eq!(lines.len(), layers.len());
    for (line, (id, doc_text, spans)) in lines.iter().zip(layers) {
        assert_eq!(line["id"], *id);
        let keys: Vec<&String> = line.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["id", "tokens", "ner_tags"]);
        let tokens: Vec<String> = strings(&line["tokens"]);
        let tags: Vec<String> = strings(&line["ner_tags"]);
        let ranges = tile(doc_text, &tokens);
        assert_eq!(ranges, expected_tokens(doc_text, spans), "{id}");
        assert_eq!(tags, expected_tags(&ranges, spans), "{id}");
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

/// One document of a `CoNLL` file: its sentences of `(token, tag)`.
type ConllDoc = Vec<Vec<(String, String)>>;

/// Parses a `CoNLL` file strictly: a `-DOCSTART- -X- O O` line and a blank
/// line per document, `token TAG` lines with exactly one space, one blank
/// line after each sentence.
fn parse_conll(text: &str) -> Vec<ConllDoc> {
    assert!(
        text.is_empty() || text.ends_with("\n\n"),
        "ends with a blank line"
    );
    let mut docs: Vec<ConllDoc> = Vec::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() && lines.peek().is_none() {
            break;
        }
        assert_eq!(line, "-DOCSTART- -X- O O");
        assert_eq!(lines.next(), Some(""), "a blank line after -DOCSTART-");
        let mut doc = Vec::new();
        let mut sentence = Vec::new();
        while let Some(&next) = lines.peek() {
            if next.starts_with("-DOCSTART-") || (next.is_empty() && sentence.is_empty()) {
                break;
            }
            lines.next();
            if next.is_empty() {
                doc.push(std::mem::take(&mut sentence));
                continue;
            }
            let parts: Vec<&str> = next.split(' ').collect();
            assert_eq!(parts.len(), 2, "one space per line: {next:?}");
            assert_eq!(next.split_whitespace().count(), 2, "{next:?}");
            sentence.push((parts[0].to_owned(), parts[1].to_owned()));
        }
        assert!(sentence.is_empty(), "a sentence without its blank line");
        docs.push(doc);
    }
    docs
}

/// Checks a `CoNLL` export: tokens tile the text, tags are IOB2, and a
/// blank line stands exactly where the text breaks a line.
fn check_conll(text: &str, layers: &[(&str, &str, Vec<&Span>)]) {
    let docs = parse_conll(text);
    assert_eq!(docs.len(), layers.len());
    for (sentences, (id, doc_text, spans)) in docs.iter().zip(layers) {
        let tokens: Vec<String> = sentences.iter().flatten().map(|(t, _)| t.clone()).collect();
        let tags: Vec<String> = sentences.iter().flatten().map(|(_, t)| t.clone()).collect();
        let ranges = tile(doc_text, &tokens);
        assert_eq!(ranges, expected_tokens(doc_text, spans), "{id}");
        assert_eq!(tags, expected_tags(&ranges, spans), "{id}");
        let mut at = 0;
        for (i, sentence) in sentences.iter().enumerate() {
            assert!(!sentence.is_empty(), "{id}: an empty sentence");
            at += sentence.len();
            if i + 1 < sentences.len() {
                let gap = python_slice(doc_text, ranges[at - 1].1, ranges[at].0);
                assert!(
                    has_line_break(&gap),
                    "{id}: a sentence break without a line break"
                );
            }
        }
        for pair in ranges.windows(2) {
            let gap = python_slice(doc_text, pair[0].1, pair[1].0);
            let in_sentence = sentences
                .iter()
                .scan(0, |n, s| {
                    *n += s.len();
                    Some(*n)
                })
                .all(|end| ranges.get(end) != Some(&pair[1]));
            assert_eq!(
                has_line_break(&gap),
                !in_sentence,
                "{id}: line break {gap:?} and sentence break disagree"
            );
        }
    }
}

fn check(format: &str, text: &str, layers: &[(&str, &str, Vec<&Span>)], annotator: &str) {
    match format {
        "jsonl" => check_jsonl(text, layers, annotator),
        "prodigy" => check_prodigy(text, layers),
        "conll" => check_conll(text, layers),
        "hf" => check_hf(text, layers),
        other => panic!("no check for {other}"),
    }
}

#[test]
fn every_token_and_offset_of_every_text_format_matches_the_text() {
    let scratch = scratch();
    let project = project(&scratch);
    for annotator in ["alice", "bob", "gold"] {
        let layers = layers(&project, annotator, None);
        assert!(!layers.is_empty());
        for format in TEXT_FORMATS {
            let out = format!("{annotator}.{format}");
            export(&scratch, format, &out, &["--annotator", annotator]);
            check(format, &scratch.read_text(&out), &layers, annotator);
        }
    }
}

#[test]
fn gold_exports_the_gold_layer() {
    let scratch = scratch();
    let project = project(&scratch);
    export(&scratch, "hf", "gold.hf", &["--gold"]);
    check_hf(
        &scratch.read_text("gold.hf"),
        &layers(&project, "gold", None),
    );
}

#[test]
fn the_token_formats_say_once_what_they_cannot_hold() {
    let scratch = scratch();
    for format in ["conll", "hf"] {
        let stderr = export(&scratch, format, "out", &["--annotator", "bob"]);
        let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("note: ")).collect();
        let unique: BTreeSet<&&str> = notes.iter().collect();
        assert_eq!(unique.len(), notes.len(), "each note once: {stderr}");
        for says in ["attributes", "outermost", "white space"] {
            assert!(
                notes.iter().any(|n| n.contains(says)),
                "{format}: no note on {says}: {stderr}"
            );
        }
    }
    let stderr = export(&scratch, "jsonl", "out", &["--annotator", "bob"]);
    assert!(!stderr.contains("note: "), "{stderr}");
}

#[test]
fn standard_output_equals_the_file_for_each_text_format() {
    let scratch = scratch();
    for format in TEXT_FORMATS {
        let stdout = scratch.run_ok(&[
            "export",
            "p.ron",
            "--format",
            format,
            "--annotator",
            "alice",
            "--out",
            "-",
        ]);
        export(&scratch, format, "file", &["--annotator", "alice"]);
        assert_eq!(stdout, scratch.read_text("file"), "{format}");
    }
}

#[test]
fn all_layers_give_one_record_per_layer_in_jsonl_and_prodigy_only() {
    let scratch = scratch();
    let project = project(&scratch);
    let layers: usize = project.documents.iter().map(|d| d.layers.len()).sum();
    for format in ["jsonl", "prodigy"] {
        export(&scratch, format, "all", &[]);
        assert_eq!(json_lines(&scratch.read_text("all")).len(), layers);
    }
    for format in ["conll", "hf", "spacy", "brat"] {
        let stderr = export_fails(
            &scratch,
            &["export", "p.ron", "--format", format, "--out", "x"],
        );
        assert!(
            stderr.contains("--annotator NAME or --gold (annotators: alice, bob, gold)"),
            "{stderr}"
        );
    }
}

#[test]
fn labels_keep_only_those_labels_and_unknown_labels_are_named() {
    let scratch = scratch();
    let project = project(&scratch);
    let keep = ["actor", "date"];
    let layers = layers(&project, "alice", Some(&keep));
    for format in TEXT_FORMATS {
        export(
            &scratch,
            format,
            "kept",
            &["--annotator", "alice", "--labels", "actor,date"],
        );
        check(format, &scratch.read_text("kept"), &layers, "alice");
    }
    let stderr = export_fails(
        &scratch,
        &[
            "export",
            "p.ron",
            "--format",
            "hf",
            "--out",
            "x",
            "--gold",
            "--labels",
            "actor,place,who",
        ],
    );
    assert!(
        stderr.starts_with("error: p.ron: labels \"place\", \"who\" are not in the schema"),
        "{stderr}"
    );
}

#[test]
fn references_to_spans_left_out_by_labels_are_dropped_with_a_note() {
    let scratch = scratch();
    let stderr = export(
        &scratch,
        "jsonl",
        "claims.jsonl",
        &["--annotator", "alice", "--labels", "claim"],
    );
    assert!(stderr.contains("note: span references"), "{stderr}");
    for line in json_lines(&scratch.read_text("claims.jsonl")) {
        for span in line["spans"].as_array().expect("spans") {
            assert_eq!(span["label"], "claim");
            assert!(span["attrs"].get("speaker").is_none(), "{span}");
        }
    }
    // With the actors exported too, the references stay.
    export(
        &scratch,
        "jsonl",
        "both.jsonl",
        &["--annotator", "alice", "--labels", "claim,actor"],
    );
    let text = scratch.read_text("both.jsonl");
    assert!(text.contains("\"speaker\":\"T3\""), "{text}");
}

#[test]
fn status_done_keeps_documents_whose_exported_layer_is_done() {
    let scratch = scratch();
    let project = project(&scratch);
    for annotator in ["alice", "bob"] {
        let done: Vec<&str> = project
            .documents
            .iter()
            .filter(|d| {
                d.layers
                    .get(annotator)
                    .is_some_and(|l| l.status.as_str() == "done")
            })
            .map(|d| d.id.as_str())
            .collect();
        for format in ["jsonl", "prodigy", "hf"] {
            export(
                &scratch,
                format,
                "done",
                &["--annotator", annotator, "--status", "done"],
            );
            let ids: Vec<String> = json_lines(&scratch.read_text("done"))
                .iter()
                .map(|l| l["id"].as_str().expect("id").to_owned())
                .collect();
            assert_eq!(ids, done, "{annotator} {format}");
        }
        export(
            &scratch,
            "conll",
            "done.conll",
            &["--annotator", annotator, "--status", "done"],
        );
        assert_eq!(
            parse_conll(&scratch.read_text("done.conll")).len(),
            done.len()
        );
    }
}

/// The ids in each part of a split export in `out`, by format.
fn part_ids(
    scratch: &Scratch,
    format: &str,
    out: &str,
    hf_tokens: &BTreeMap<Vec<String>, String>,
) -> Vec<Vec<String>> {
    ["train", "dev", "test"]
        .iter()
        .map(|part| match format {
            "jsonl" | "prodigy" | "hf" => {
                json_lines(&scratch.read_text(&format!("{out}/{part}.jsonl")))
                    .iter()
                    .map(|l| l["id"].as_str().expect("id").to_owned())
                    .collect()
            }
            "conll" => parse_conll(&scratch.read_text(&format!("{out}/{part}.conll")))
                .iter()
                .map(|doc| {
                    let tokens: Vec<String> =
                        doc.iter().flatten().map(|(t, _)| t.clone()).collect();
                    hf_tokens[&tokens].clone()
                })
                .collect(),
            "spacy" => {
                assert!(!scratch.read(&format!("{out}/{part}.spacy")).is_empty());
                Vec::new()
            }
            "brat" => {
                let mut ids: Vec<String> =
                    std::fs::read_dir(scratch.path(&format!("{out}/{part}")))
                        .expect("a part folder")
                        .filter_map(|e| {
                            let name = e.expect("entry").file_name().into_string().expect("UTF-8");
                            name.strip_suffix(".txt").map(str::to_owned)
                        })
                        .collect();
                ids.sort();
                ids
            }
            other => panic!("{other}"),
        })
        .collect()
}

#[test]
fn splits_are_disjoint_deterministic_and_the_same_in_every_format() {
    let scratch = scratch();
    export(&scratch, "hf", "all.hf", &["--annotator", "alice"]);
    let hf_tokens: BTreeMap<Vec<String>, String> = json_lines(&scratch.read_text("all.hf"))
        .iter()
        .map(|l| {
            (
                strings(&l["tokens"]),
                l["id"].as_str().expect("id").to_owned(),
            )
        })
        .collect();
    let split = [
        "--annotator",
        "alice",
        "--split",
        "train=0.5,dev=0.25,test=0.25",
        "--seed",
        "3",
    ];
    let mut reference: Option<Vec<Vec<String>>> = None;
    for format in ALL_FORMATS {
        let (a, b) = (format!("{format}-a"), format!("{format}-b"));
        export(&scratch, format, &a, &split);
        export(&scratch, format, &b, &split);
        let (fa, fb) = (
            common::fingerprint(&scratch.path(&a)),
            common::fingerprint(&scratch.path(&b)),
        );
        assert_eq!(fa, fb, "{format}: same seed, same bytes");
        let ext = match format {
            "jsonl" | "prodigy" | "hf" => "jsonl",
            other => other,
        };
        let names: Vec<String> = fa.keys().map(|p| p.display().to_string()).collect();
        if format == "brat" {
            assert!(
                names.contains(&"train/annotation.conf".to_owned()),
                "{names:?}"
            );
        } else {
            let expected: Vec<String> = ["dev", "test", "train"]
                .iter()
                .map(|p| format!("{p}.{ext}"))
                .collect();
            assert_eq!(names, expected, "{format}");
        }
        let ids = part_ids(&scratch, format, &a, &hf_tokens);
        if format == "spacy" {
            continue;
        }
        let mut all: Vec<&String> = ids.iter().flatten().collect();
        assert_eq!(all.len(), 4, "{format}: every document of alice once");
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 4, "{format}: parts are disjoint");
        let sorted: Vec<Vec<String>> = ids
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.sort();
                p
            })
            .collect();
        match &reference {
            None => reference = Some(sorted),
            Some(r) => assert_eq!(&sorted, r, "{format} splits like jsonl"),
        }
    }
    let parts = reference.expect("jsonl ran");
    assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 1]);
    // Another seed moves documents between parts.
    let moved = (0..8).any(|seed| {
        let out = format!("seed{seed}");
        export(
            &scratch,
            "hf",
            &out,
            &[
                "--annotator",
                "alice",
                "--split",
                "train=0.5,dev=0.25,test=0.25",
                "--seed",
                &seed.to_string(),
            ],
        );
        let mut ids = part_ids(&scratch, "hf", &out, &hf_tokens);
        for p in &mut ids {
            p.sort();
        }
        ids != parts
    });
    assert!(moved, "the seed changes the split");
}

#[test]
fn a_failing_export_leaves_an_existing_output_untouched() {
    let scratch = scratch();
    export(&scratch, "hf", "out.hf", &["--annotator", "alice"]);
    export(
        &scratch,
        "conll",
        "parts",
        &["--annotator", "alice", "--split", "train=0.5,test=0.5"],
    );
    for args in [
        &[
            "export", "p.ron", "--format", "hf", "--out", "out.hf", "--labels", "place",
        ][..],
        &[
            "export",
            "p.ron",
            "--format",
            "hf",
            "--out",
            "out.hf",
            "--annotator",
            "nobody",
        ],
        &[
            "export",
            "p.ron",
            "--format",
            "conll",
            "--out",
            "parts",
            "--annotator",
            "nobody",
            "--split",
            "a=1",
        ],
    ] {
        export_fails(&scratch, args);
    }
}

#[test]
fn a_folder_output_is_replaced_whole_and_leaves_nothing_beside_it() {
    let scratch = scratch();
    export(
        &scratch,
        "conll",
        "parts",
        &["--annotator", "alice", "--split", "train=0.5,test=0.5"],
    );
    export(
        &scratch,
        "hf",
        "parts",
        &["--annotator", "bob", "--split", "all=1"],
    );
    let names: Vec<String> = common::fingerprint(&scratch.path("parts"))
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(names, ["all.jsonl"], "the old parts are gone");
    let mut beside: Vec<String> = std::fs::read_dir(scratch.root())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().into_string().expect("UTF-8"))
        .collect();
    beside.sort();
    assert_eq!(beside, ["p.ron", "parts"], "no temporary folder is left");
}

#[test]
fn a_folder_holding_other_files_is_never_replaced() {
    let scratch = scratch();
    scratch.write("mine/notes.md", "my notes");
    scratch.write("mine/train.jsonl", "old");
    let stderr = export_fails(
        &scratch,
        &[
            "export",
            "p.ron",
            "--format",
            "hf",
            "--annotator",
            "alice",
            "--out",
            "mine",
            "--split",
            "train=1",
        ],
    );
    assert!(
        stderr.starts_with("error: mine: holds notes.md, which an export does not write"),
        "{stderr}"
    );
}

#[test]
fn output_paths_of_the_wrong_kind_are_refused() {
    let scratch = scratch();
    scratch.write("file.txt", "x");
    scratch.write("folder/keep.jsonl", "x");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--format", "hf", "--annotator", "alice", "--out", "folder"],
            "error: folder: is a folder, but the hf format writes one file",
        ),
        (
            &[
                "--format",
                "jsonl",
                "--out",
                "file.txt",
                "--split",
                "a=0.5,b=0.5",
            ],
            "error: file.txt: is a file, but --split needs a folder",
        ),
        (
            &[
                "--format",
                "brat",
                "--annotator",
                "alice",
                "--out",
                "file.txt",
            ],
            "error: file.txt: is a file, but the brat format writes a folder",
        ),
        (
            &[
                "--format",
                "conll",
                "--annotator",
                "alice",
                "--out",
                "-",
                "--split",
                "a=1",
            ],
            "error: --split needs a folder; --out cannot be -",
        ),
        (
            &["--format", "spacy", "--annotator", "alice", "--out", "-"],
            "error: the spacy format is binary; --out cannot be -",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["export", "p.ron"];
        all.extend_from_slice(args);
        let stderr = export_fails(&scratch, &all);
        assert!(stderr.starts_with(says), "{all:?}: {stderr}");
    }
}

#[test]
fn ids_that_become_the_same_file_name_are_an_error_not_an_overwrite() {
    // `/` is escaped (`a%2Fb`), so only ids that differ in case alone
    // clash, as case-insensitive file systems would merge their files.
    let scratch = scratch();
    scratch.write(
        "clash.jsonl",
        concat!(
            "{\"id\": \"a/B\", \"text\": \"x\", \"annotator\": \"alice\", \"spans\": []}\n",
            "{\"id\": \"a/b\", \"text\": \"y\", \"annotator\": \"alice\", \"spans\": []}\n",
        ),
    );
    scratch.run_ok(&["import", "p.ron", "clash.jsonl"]);
    let stderr = export_fails(
        &scratch,
        &[
            "export",
            "p.ron",
            "--format",
            "brat",
            "--annotator",
            "alice",
            "--out",
            "b",
        ],
    );
    assert!(
        stderr.contains("\"a/B\" and \"a/b\" would both be written as a%2Fb.txt"),
        "{stderr}"
    );
    // Text formats hold ids as data, not file names: no clash there.
    export(&scratch, "hf", "ok.hf", &["--annotator", "alice"]);
}

#[test]
fn an_unknown_annotator_is_a_user_error_in_every_format() {
    let scratch = scratch();
    for format in ALL_FORMATS {
        let stderr = export_fails(
            &scratch,
            &[
                "export",
                "p.ron",
                "--format",
                format,
                "--out",
                "x",
                "--annotator",
                "carol",
            ],
        );
        assert!(
            stderr.starts_with(
                "error: p.ron: no layer for annotator \"carol\" (annotators: alice, bob, gold)"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn an_empty_part_of_a_split_is_an_empty_file_and_a_note_says_so() {
    let scratch = scratch();
    for format in ["hf", "conll"] {
        let out = format!("{format}-parts");
        let stderr = export(
            &scratch,
            format,
            &out,
            &["--annotator", "alice", "--split", "most=0.9,rest=0.1"],
        );
        let ext = if format == "hf" { "jsonl" } else { format };
        assert!(
            scratch.read(&format!("{out}/rest.{ext}")).is_empty(),
            "{format}"
        );
        let note = stderr
            .lines()
            .find(|l| l.starts_with("note: part \"rest\" is empty"))
            .unwrap_or_else(|| panic!("no note about the empty part: {stderr}"));
        assert!(note.contains("most=0.9,rest=0.1"), "{note}");
        assert!(!stderr.contains("\"most\" is empty"), "{stderr}");
        assert!(
            !scratch.read(&format!("{out}/most.{ext}")).is_empty(),
            "{format}"
        );
    }
}
