//! End-to-end happy paths of the command line: the real binary on the
//! fixtures in `tests/fixtures/`, the seeds and the demo project.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Scratch, copy_tree, fixture, json_lines, python_slice, repo, span_tuples};
use marginalia::io::{load_project, project_to_ron};
use marginalia::model::Project;
use marginalia::model::schema::parse_hex_color;
use serde_json::{Value, json};

/// The fixture documents, as `tests/fixtures/docs/*.txt` names them.
const DOC_IDS: [&str; 3] = ["crlf-nbsp", "emoji-zwj", "marks-cjk"];

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// `new NAME --docs DOCS` then one `import` per JSONL file, in `scratch`;
/// returns the project's bytes.
fn build(scratch: &Scratch, name: &str, docs: &Path, jsonl: &[PathBuf]) -> Vec<u8> {
    scratch.run_ok(&["new", name, "--docs", arg(docs)]);
    for file in jsonl {
        scratch.run_ok(&["import", name, arg(file)]);
    }
    scratch.read(name)
}

/// A scratch folder holding the Unicode fixture project as `p.ron`.
fn with_project() -> Scratch {
    let scratch = Scratch::new();
    copy_tree(&fixture("unicode.ron"), &scratch.path("p.ron"));
    scratch
}

/// `new p.ron --docs FIXTURE`: its output and the project it made.
fn new_from(docs: &str) -> (String, Project) {
    let scratch = Scratch::new();
    let out = scratch.run_ok(&["new", "p.ron", "--docs", arg(&fixture(docs))]);
    (out, load(&scratch, "p.ron"))
}

/// `import p.ron FIXTURE --annotator ANNOTATOR`.
fn import_as(scratch: &Scratch, name: &str, annotator: &str) {
    scratch.run_ok(&[
        "import",
        "p.ron",
        arg(&fixture(name)),
        "--annotator",
        annotator,
    ]);
}

fn load(scratch: &Scratch, name: &str) -> Project {
    load_project(&scratch.path(name)).expect("the project loads")
}

/// `export p.ron --format jsonl --out - EXTRA...`, parsed.
fn export(scratch: &Scratch, project: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["export", project, "--format", "jsonl", "--out", "-"];
    args.extend_from_slice(extra);
    json_lines(&scratch.run_ok(&args))
}

fn field<'a>(lines: &'a [Value], key: &str) -> Vec<&'a str> {
    lines
        .iter()
        .map(|line| line[key].as_str().expect("string field"))
        .collect()
}

#[test]
fn new_from_a_folder_takes_ids_from_file_stems_and_text_byte_for_byte() {
    let docs = fixture("docs");
    let all_texts: String = DOC_IDS
        .iter()
        .map(|id| fs::read_to_string(docs.join(format!("{id}.txt"))).expect("fixture"))
        .collect();
    for hard in [
        "\r\n",
        "\u{A0}",
        "\u{200D}",
        "\u{1F1FA}\u{1F1E6}",
        "\u{1F3FD}",
        "e\u{301}",
        "e\u{308}",
        "\u{5317}\u{4EAC}",
        "\u{201C}",
        "\u{2019}",
    ] {
        assert!(
            all_texts.contains(hard),
            "the fixtures lost {hard:?} (check tests/fixtures/.gitattributes)"
        );
    }
    let (out, project) = new_from("docs");
    assert_eq!(out, "created p.ron with 3 documents and 0 spans\n");
    let ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, DOC_IDS);
    for doc in &project.documents {
        let file = fs::read(docs.join(format!("{}.txt", doc.id))).expect("fixture");
        assert_eq!(doc.text.as_bytes(), file, "text of {}", doc.id);
        assert!(doc.layers.is_empty());
    }
}

#[test]
fn new_reads_a_date_url_header_into_meta_and_the_title_after_it() {
    let (_, project) = new_from("docs");
    let with_header = &project.documents[0];
    assert_eq!(
        with_header.meta,
        BTreeMap::from([
            ("date".to_owned(), "2025-09-08".to_owned()),
            ("url".to_owned(), "https://example.org/talks".to_owned()),
        ])
    );
    assert_eq!(
        with_header.title,
        "Trump\u{A0}Plans \u{201C}Talks\u{201D} With Putin"
    );
    let without = &project.documents[1];
    assert!(without.meta.is_empty());
    assert!(without.title.starts_with("Families \u{1F468}\u{200D}"));
    assert!(without.title.ends_with("2025-08-18 \u{1F91D}."));
}

#[test]
fn new_from_jsonl_takes_ids_titles_meta_and_text() {
    let (_, project) = new_from("docs.jsonl");
    let first = &project.documents[0];
    assert_eq!(first.id.as_str(), "j1");
    assert_eq!(first.title, "First");
    assert_eq!(first.text, "Macron \u{1F1EB}\u{1F1F7} spoke.\r\n");
    assert_eq!(first.meta["url"], "https://example.org/j1");
    assert_eq!(first.meta["date"], "2025-01-02");
    let second = &project.documents[1];
    assert_eq!(second.id.as_str(), "j2");
    assert_eq!(second.title, "\u{201C}No,\u{201D} said Scholz.");
    assert!(second.meta.is_empty());
}

#[test]
fn import_of_our_jsonl_fills_the_layer_the_export_gives_back() {
    let scratch = Scratch::new();
    scratch.run_ok(&["new", "p.ron", "--docs", arg(&fixture("docs"))]);
    let out = scratch.run_ok(&["import", "p.ron", arg(&fixture("alice.jsonl"))]);
    assert_eq!(out, "imported 22 spans in 3 layers; 0 new documents\n");
    let exported = export(&scratch, "p.ron", &["--annotator", "alice"]);
    let given = json_lines(&fs::read_to_string(fixture("alice.jsonl")).expect("fixture"));
    assert_eq!(exported.len(), given.len());
    for (out, given) in exported.iter().zip(&given) {
        for key in ["id", "annotator", "status", "spans"] {
            assert_eq!(out[key], given[key], "{key} of {}", given["id"]);
        }
    }
}

#[test]
fn import_replaces_one_annotators_layer_and_keeps_the_others() {
    let scratch = with_project();
    import_as(&scratch, "bob.jsonl", "alice");
    let project = load(&scratch, "p.ron");
    for doc in &project.documents {
        assert_eq!(doc.layers["alice"], doc.layers["bob"], "{}", doc.id);
    }
}

/// Imports a doccano fixture as `carol`, growing the schema; returns the
/// project, carol's exported line for the new document and the report.
fn import_doccano(name: &str) -> (Project, Value, String) {
    let scratch = with_project();
    let out = scratch.run_ok(&[
        "import",
        "p.ron",
        arg(&fixture(name)),
        "--annotator",
        "carol",
        "--extend-schema",
    ]);
    let lines = export(&scratch, "p.ron", &["--annotator", "carol"]);
    assert_eq!(lines.len(), 1);
    (load(&scratch, "p.ron"), lines[0].clone(), out)
}

fn assert_labels_added_as_plain_labels(project: &Project, added: &[&str]) {
    let keys: Vec<char> = project.schema.labels.iter().map(|l| l.key).collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        keys.len(),
        "keys must stay distinct: {keys:?}"
    );
    for name in added {
        let label = project.schema.label(name).expect("label added");
        assert!(label.attributes.is_empty());
        assert!(parse_hex_color(&label.color).is_some(), "{}", label.color);
    }
}

#[test]
fn import_reads_doccano_label_triples_and_extend_schema_adds_their_labels() {
    let (project, line, out) = import_doccano("doccano-label.jsonl");
    assert!(out.contains("1 new documents"), "{out}");
    assert!(
        out.contains("added labels to the schema: LOC, PER"),
        "{out}"
    );
    assert_labels_added_as_plain_labels(&project, &["LOC", "PER"]);
    assert_eq!(line["id"], "101");
    let texts: Vec<String> = span_tuples(&line).into_iter().map(|s| s.3).collect();
    assert_eq!(texts, ["Lavrov", "Wang\u{A0}Yi", "\u{5317}\u{4EAC}"]);
    let doc = project.documents.last().expect("added");
    assert_eq!(
        doc.text,
        "Lavrov \u{1F1F7}\u{1F1FA} met Wang\u{A0}Yi in \u{5317}\u{4EAC}.\r\n"
    );
}

#[test]
fn import_reads_doccano_entities_and_keeps_their_ids() {
    let (project, line, _) = import_doccano("doccano-entities.jsonl");
    assert_labels_added_as_plain_labels(&project, &["LOC", "PER"]);
    assert_eq!(line["id"], "102");
    let spans = line["spans"].as_array().expect("spans");
    let ids: Vec<&str> = spans
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["7", "8", "9"]);
    let texts: Vec<String> = span_tuples(&line).into_iter().map(|s| s.3).collect();
    assert_eq!(texts, ["Baerbock", "\u{1F469}\u{200D}\u{1F4BC}", "Kyiv"]);
}

#[test]
fn export_to_standard_output_equals_export_to_a_file() {
    let scratch = with_project();
    let stdout = scratch.run_ok(&["export", "p.ron", "--format", "jsonl", "--out", "-"]);
    let quiet = scratch.run_ok(&["export", "p.ron", "--format", "jsonl", "--out", "out.jsonl"]);
    assert_eq!(quiet, "");
    assert_eq!(scratch.read_text("out.jsonl"), stdout);
}

#[test]
fn export_writes_one_line_per_document_and_layer_naming_its_annotator() {
    let scratch = with_project();
    let lines = export(&scratch, "p.ron", &[]);
    let pairs: Vec<(&str, &str)> = field(&lines, "id")
        .into_iter()
        .zip(field(&lines, "annotator"))
        .collect();
    let expected: Vec<(&str, &str)> = DOC_IDS
        .iter()
        .flat_map(|id| [(*id, "alice"), (*id, "bob")])
        .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn export_annotator_writes_only_that_annotators_layers() {
    let scratch = with_project();
    let lines = export(&scratch, "p.ron", &["--annotator", "bob"]);
    assert_eq!(field(&lines, "id"), DOC_IDS);
    assert_eq!(field(&lines, "annotator"), ["bob"; 3]);
    assert_eq!(field(&lines, "status"), ["done", "in_progress", "new"]);
}

#[test]
fn export_gold_writes_only_the_gold_layers() {
    let scratch = with_project();
    import_as(&scratch, "alice.jsonl", "gold");
    let gold = export(&scratch, "p.ron", &["--gold"]);
    let alice = export(&scratch, "p.ron", &["--annotator", "alice"]);
    assert_eq!(field(&gold, "annotator"), ["gold"; 3]);
    for (gold, alice) in gold.iter().zip(&alice) {
        assert_eq!(gold["spans"], alice["spans"]);
    }
}

/// `export --split train=0.8,dev=0.1,test=0.1 --seed SEED` of the demo
/// project into `out`; returns each part's document ids and bytes.
fn split(scratch: &Scratch, seed: u64, out: &str) -> Vec<(Vec<String>, Vec<u8>)> {
    let demo = repo().join("projects/diplomacy-demo.ron");
    scratch.run_ok(&[
        "export",
        arg(&demo),
        "--format",
        "jsonl",
        "--out",
        out,
        "--split",
        "train=0.8,dev=0.1,test=0.1",
        "--seed",
        &seed.to_string(),
    ]);
    ["train", "dev", "test"]
        .iter()
        .map(|part| {
            let bytes = scratch.read(&format!("{out}/{part}.jsonl"));
            let lines = json_lines(std::str::from_utf8(&bytes).expect("UTF-8"));
            let mut ids: Vec<String> = field(&lines, "id").into_iter().map(String::from).collect();
            ids.dedup();
            (ids, bytes)
        })
        .collect()
}

#[test]
fn split_export_puts_every_document_in_exactly_one_part_deterministically() {
    let scratch = Scratch::new();
    let parts = split(&scratch, 42, "a");
    assert_eq!(split(&scratch, 42, "b"), parts, "same seed, same bytes");
    let mut ids: Vec<&String> = parts.iter().flat_map(|(ids, _)| ids).collect();
    assert_eq!(parts[0].0.len(), 4, "train gets 80% of 5 documents");
    ids.sort();
    let demo = load_project(&repo().join("projects/diplomacy-demo.ron")).expect("demo");
    let mut all: Vec<&str> = demo.documents.iter().map(|d| d.id.as_str()).collect();
    all.sort_unstable();
    assert_eq!(ids, all, "every document exactly once, with all its layers");
    let assignments: Vec<Vec<String>> = (0..8)
        .map(|seed| split(&scratch, seed, &format!("s{seed}")).remove(0).0)
        .collect();
    assert!(
        assignments.iter().any(|a| a != &assignments[0]),
        "the seed changes the shuffle"
    );
}

#[test]
fn merge_of_two_annotators_copies_equals_the_project_annotated_in_one_copy() {
    let scratch = Scratch::new();
    build(
        &scratch,
        "a.ron",
        &fixture("docs"),
        &[fixture("alice.jsonl")],
    );
    build(&scratch, "b.ron", &fixture("docs"), &[fixture("bob.jsonl")]);
    let out = scratch.run_ok(&["merge", "m.ron", "a.ron", "b.ron"]);
    assert_eq!(
        out,
        "merged 2 inputs into m.ron: 3 documents, 6 layers, annotators alice, bob\n"
    );
    assert_eq!(
        scratch.read("m.ron"),
        fs::read(fixture("unicode.ron")).expect("fixture")
    );
}

#[test]
fn merge_accepts_the_same_layer_in_several_inputs() {
    let scratch = with_project();
    scratch.run_ok(&["merge", "m.ron", "p.ron", "p.ron"]);
    assert_eq!(scratch.read("m.ron"), scratch.read("p.ron"));
}

#[test]
fn validate_accepts_the_demo_project_the_default_schema_and_our_jsonl_for_its_project() {
    let files = [
        repo().join("projects/diplomacy-demo.ron"),
        repo().join("schemas/diplomacy.ron"),
        fixture("unicode.ron"),
        fixture("alice.jsonl"),
    ];
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(|f| arg(f)))
        .collect();
    let out = common::run_ok(&repo(), &args);
    let expected: Vec<String> = files
        .iter()
        .zip([
            "ok, project with 5 documents, 2 annotators, 672 spans",
            "ok, schema \"diplomacy\" with 4 labels",
            "ok, project with 3 documents, 2 annotators, 31 spans",
            "ok, 3 JSON lines, 22 spans",
        ])
        .map(|(file, summary)| format!("{}: {summary}", file.display()))
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn stats_json_has_the_documented_shape() {
    let scratch = with_project();
    let stats: Value =
        serde_json::from_str(&scratch.run_ok(&["stats", "p.ron", "--json"])).expect("JSON");
    let chars: usize = load(&scratch, "p.ron")
        .documents
        .iter()
        .map(|d| d.text.chars().count())
        .sum();
    let expected = json!({
        "documents": 3,
        "chars": chars,
        "spans": 31,
        "annotators": {
            "alice": {
                "spans": 22,
                "by_label": {"actor": 15, "claim": 2, "date": 3, "stance": 2},
                "status": {"done": 2, "in_progress": 1, "new": 0},
            },
            "bob": {
                "spans": 9,
                "by_label": {"actor": 7, "claim": 1, "date": 0, "stance": 1},
                "status": {"done": 1, "in_progress": 1, "new": 1},
            },
        },
    });
    assert_eq!(stats, expected);
    assert_eq!(chars, 195 + 96 + 93, "code points, not bytes");
}

#[test]
fn jsonl_export_import_round_trip_is_exact_on_unicode_text() {
    let scratch = with_project();
    scratch.run_ok(&["export", "p.ron", "--format", "jsonl", "--out", "a.jsonl"]);
    build(
        &scratch,
        "fresh.ron",
        &fixture("docs"),
        &[scratch.path("a.jsonl")],
    );
    scratch.run_ok(&[
        "export",
        "fresh.ron",
        "--format",
        "jsonl",
        "--out",
        "b.jsonl",
    ]);
    assert_eq!(scratch.read_text("b.jsonl"), scratch.read_text("a.jsonl"));
    assert_eq!(scratch.read("fresh.ron"), scratch.read("p.ron"));
    let lines = json_lines(&scratch.read_text("a.jsonl"));
    let mut checked = 0;
    for line in &lines {
        let text = line["text"].as_str().expect("text");
        for (start, end, _, covered) in span_tuples(line) {
            let (start, end) = (start as usize, end as usize);
            assert_eq!(covered, python_slice(text, start, end), "{}", line["id"]);
            checked += 1;
        }
    }
    assert_eq!(checked, 31);
    let emoji = span_tuples(&lines[2]);
    assert_eq!(
        emoji[0],
        (
            9,
            14,
            "actor".into(),
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}".into()
        ),
        "a ZWJ family is five code points"
    );
    assert_eq!(
        emoji[1],
        (20, 22, "actor".into(), "\u{1F1FA}\u{1F1E6}".into()),
        "a flag is two code points"
    );
}

#[test]
fn save_load_save_gives_identical_bytes() {
    for path in [
        fixture("unicode.ron"),
        repo().join("projects/diplomacy-demo.ron"),
    ] {
        let bytes = fs::read(&path).expect("project");
        let project = load_project(&path).expect("loads");
        assert_eq!(
            project_to_ron(&project).as_bytes(),
            bytes,
            "{}",
            path.display()
        );
    }
    let scratch = with_project();
    scratch.write("noop.jsonl", "{\"id\": \"emoji-zwj\"}\n");
    let out = scratch.run_ok(&["import", "p.ron", "noop.jsonl"]);
    assert_eq!(out, "imported 0 spans in 0 layers; 0 new documents\n");
    assert_eq!(
        scratch.read("p.ron"),
        fs::read(fixture("unicode.ron")).expect("fixture")
    );
    let names: Vec<String> = scratch
        .fingerprint()
        .into_keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(names, ["noop.jsonl", "p.ron"], "no temporary file is left");
}

/// Builds a project from `docs` and `jsonl` with the CLI and checks that it
/// is `committed`, byte for byte.
fn assert_rebuilds(committed: &Path, docs: &Path, jsonl: &[PathBuf]) {
    let built = build(&Scratch::new(), "p.ron", docs, jsonl);
    assert!(
        built == fs::read(committed).expect("committed project"),
        "{} is not what {} and its JSONL files build",
        committed.display(),
        docs.display()
    );
}

#[test]
fn rebuilding_the_demo_project_from_seeds_reproduces_it_byte_for_byte() {
    assert_rebuilds(
        &repo().join("projects/diplomacy-demo.ron"),
        &repo().join("seeds"),
        &[
            repo().join("projects/demo/analyst-a.jsonl"),
            repo().join("projects/demo/analyst-b.jsonl"),
        ],
    );
}

#[test]
fn rebuilding_the_unicode_fixture_project_reproduces_it_byte_for_byte() {
    assert_rebuilds(
        &fixture("unicode.ron"),
        &fixture("docs"),
        &[fixture("alice.jsonl"), fixture("bob.jsonl")],
    );
}

#[test]
fn a_mistyped_subcommand_gets_clap_s_suggestion_and_status_2() {
    let scratch = Scratch::new();
    let output = scratch.run(&["exprot", "P.ron"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unrecognized subcommand 'exprot'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a similar subcommand exists: 'export'"),
        "{stderr}"
    );
    let help = scratch.run_ok(&["diff", "--help"]);
    assert!(help.contains("Usage: marginalia diff"), "{help}");
}
