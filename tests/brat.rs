//! brat standoff end to end: `import --format brat` through the real
//! binary, the brat export through the library, on a Unicode-heavy
//! project, on brat's own tutorial corpus and on the errors a brat folder
//! can hold.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::fs;
use std::path::Path;

use common::{Scratch, copy_tree, fixture, python_slice};
use marginalia::io::formats::brat;
use marginalia::io::{load_project, save_project};
use marginalia::model::{Layer, Project, Span, SpanId, Status};

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// `export PROJECT --format brat --out OUT --annotator ANNOTATOR` in
/// `scratch`; returns what it printed on standard error (its notes).
fn export_brat(scratch: &Scratch, project: &str, annotator: &str, out: &str) -> String {
    let output = scratch.run(&[
        "export",
        project,
        "--format",
        "brat",
        "--out",
        out,
        "--annotator",
        annotator,
    ]);
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(output.status.success(), "{stderr}");
    let files: Vec<String> = fs::read_dir(scratch.path(out))
        .expect("the export is a folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f == "annotation.conf"), "{files:?}");
    stderr
}

/// A text-bound line: label, fragments, covered text.
type TextBound = (String, Vec<(usize, usize)>, String);

/// The text-bound lines of an `.ann` file by id, and its other lines with
/// their ids left out (`A`, `R` and `#` ids are numbered per export).
fn ann_lines(ann: &str) -> (BTreeMap<String, TextBound>, BTreeSet<String>) {
    let mut text_bound = BTreeMap::new();
    let mut others = BTreeSet::new();
    for line in ann.lines().filter(|l| !l.trim().is_empty()) {
        let (id, rest) = line.split_once('\t').expect("ID<TAB>");
        if id.starts_with('T') {
            let (data, text) = rest.split_once('\t').expect("T line has its text");
            let (label, offsets) = data.split_once(' ').expect("TYPE OFFSETS");
            let fragments = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').expect("START END");
                    (s.parse().expect("start"), e.parse().expect("end"))
                })
                .collect();
            text_bound.insert(
                id.to_owned(),
                (label.to_owned(), fragments, text.to_owned()),
            );
        } else {
            others.insert(format!("{}\t{rest}", &id[..1]));
        }
    }
    (text_bound, others)
}

/// Asserts what brat checks of every text-bound line of `ann` on `text`:
/// the covered text is the fragments' slices joined by a space, and no
/// fragment text holds a character brat would end the line at.
fn assert_covered_texts_exact(text: &str, ann: &str) -> usize {
    let (text_bound, _) = ann_lines(ann);
    for (id, (_, fragments, covered)) in &text_bound {
        let slices: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| python_slice(text, s, e))
            .collect();
        assert_eq!(&slices.join(" "), covered, "{id}");
        assert!(
            !covered.chars().any(brat::is_line_break),
            "{id}: {covered:?}"
        );
    }
    text_bound.len()
}

/// A span's start, end, label and attributes.
type SpanFact = (usize, usize, String, Vec<(String, String)>);

/// `(start, end, label, attrs)` of a layer's spans, in order.
fn span_facts(layer: &Layer) -> Vec<SpanFact> {
    layer
        .spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.clone(),
                s.attrs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect(),
            )
        })
        .collect()
}

/// The Unicode fixture project with one more layer, `carol`, whose spans
/// cross line breaks (CRLF too), start or end at one, and have ids brat
/// cannot take.
fn unicode_project_with_line_crossing_spans(scratch: &Scratch) -> Project {
    let mut project = load_project(&fixture("unicode.ron")).expect("fixture loads");
    for doc in &mut project.documents {
        let chars: Vec<char> = doc.text.chars().collect();
        let breaks: Vec<usize> = (0..chars.len())
            .filter(|&i| brat::is_line_break(chars[i]))
            .collect();
        let mut spans = Vec::new();
        let mut add = |start: usize, end: usize, label: &str, attrs: &[(&str, &str)]| {
            if start < end && end <= chars.len() {
                let id = SpanId(format!("c{}", spans.len() + 1));
                spans.push(Span::new(id, start, end, label).with_attrs(attrs));
            }
        };
        add(0, chars.len(), "claim", &[]);
        if let (Some(&first), Some(&last)) = (breaks.first(), breaks.last()) {
            add(
                first,
                last + 1,
                "date",
                &[("value", "line\r\nbreak \"quoted\"\t")],
            );
            add(
                first.saturating_sub(3),
                first + 4,
                "actor",
                &[("kind", "group")],
            );
            add(1, last, "stance", &[("polarity", "neutral")]);
        }
        doc.layers
            .insert("carol".into(), Layer::with_spans(Status::Done, spans));
    }
    save_project(&project, &scratch.path("p.ron")).expect("saves");
    project
}

#[test]
fn unicode_project_round_trips_through_brat_with_every_offset_exact() {
    let scratch = Scratch::new();
    let project = unicode_project_with_line_crossing_spans(&scratch);
    for annotator in ["alice", "bob", "carol"] {
        let out = scratch.path(&format!("brat-{annotator}"));
        let notes = export_brat(&scratch, "p.ron", annotator, &format!("brat-{annotator}"));
        if annotator == "carol" {
            assert!(
                notes.contains("AnnotatorNotes")
                    && notes.contains("fragments split at the line break"),
                "{notes}"
            );
        }
        let mut checked = 0;
        for doc in project
            .documents
            .iter()
            .filter(|d| d.layers.contains_key(annotator))
        {
            let stem = doc.id.as_str();
            assert_eq!(
                fs::read(out.join(format!("{stem}.txt"))).expect("txt"),
                doc.text.as_bytes()
            );
            let ann = fs::read_to_string(out.join(format!("{stem}.ann"))).expect("ann");
            checked += assert_covered_texts_exact(&doc.text, &ann);
        }
        assert!(checked > 0);

        // Back into the same project under another name, and into an empty one.
        let layer = format!("{annotator}-again");
        scratch.run_ok(&[
            "import",
            "p.ron",
            arg(&out),
            "--format",
            "brat",
            "--annotator",
            &layer,
        ]);
        let back = load_project(&scratch.path("p.ron")).expect("loads");
        for (doc, again) in project.documents.iter().zip(&back.documents) {
            assert_eq!(doc.text, again.text);
            if let Some(original) = doc.layers.get(annotator) {
                let imported = &again.layers[&layer];
                assert_eq!(span_facts(imported), span_facts(original), "{}", doc.id);
                if annotator != "carol" {
                    assert_eq!(imported.spans, original.spans, "ids kept");
                }
            }
        }
    }
    scratch.run_ok(&["new", "empty.ron"]);
    scratch.run_ok(&[
        "import",
        "empty.ron",
        arg(&scratch.path("brat-carol")),
        "--format",
        "brat",
        "--annotator",
        "carol",
    ]);
    let fresh = load_project(&scratch.path("empty.ron")).expect("loads");
    assert_eq!(fresh.documents.len(), project.documents.len());
    for doc in &project.documents {
        let new = fresh
            .documents
            .iter()
            .find(|d| d.id == doc.id)
            .expect("added");
        assert_eq!(new.text, doc.text);
        assert_eq!(
            span_facts(&new.layers["carol"]),
            span_facts(&doc.layers["carol"])
        );
    }
}

/// Imports brat folder `name` into a new project and exports it again;
/// returns the scratch folder (the export is in `out/`) and the project.
fn brat_through_marginalia(name: &str, extra: &[&str]) -> (Scratch, Project, String) {
    let scratch = Scratch::with_fixtures(&[&format!("brat/{name}")]);
    scratch.run_ok(&["new", "p.ron"]);
    let input = scratch.path(&format!("brat/{name}"));
    let mut args = vec![
        "import",
        "p.ron",
        arg(&input),
        "--format",
        "brat",
        "--annotator",
        "brat",
    ];
    args.extend_from_slice(extra);
    let output = scratch.run(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let project = load_project(&scratch.path("p.ron")).expect("loads");
    export_brat(&scratch, "p.ron", "brat", "out");
    (scratch, project, stderr)
}

/// Every `.txt`/`.ann` pair below `dir`, by file stem.
fn brat_files(dir: &Path) -> BTreeMap<String, (Vec<u8>, String)> {
    let mut found = BTreeMap::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "txt") {
            let stem = entry
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let ann = fs::read_to_string(entry.with_extension("ann")).expect("ann beside txt");
            found.insert(stem, (fs::read(&entry).expect("txt"), ann));
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("ls") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// `(label, start, end, text)` of every text-bound line, brat's fragments
/// given as they are written.
fn text_bound_set(ann: &str) -> BTreeSet<(String, String, String)> {
    ann_lines(ann)
        .0
        .into_values()
        .map(|(label, fragments, text)| {
            let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
            (label, offsets.join(";"), text)
        })
        .collect()
}

#[test]
fn brats_own_tutorial_corpus_goes_through_marginalia_with_every_text_bound_annotation_intact() {
    let (scratch, project, _) = brat_through_marginalia("tutorial", &["--extend-schema"]);
    let original = brat_files(&fixture("brat/tutorial"));
    let exported = brat_files(&scratch.path("out"));
    assert_eq!(original.len(), 5);
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>()
    );
    let mut text_bound = 0;
    for (stem, (text, ann)) in &original {
        let (text_again, ann_again) = &exported[stem];
        assert_eq!(text, text_again, "{stem}.txt");
        assert_eq!(text_bound_set(ann), text_bound_set(ann_again), "{stem}.ann");
        assert_eq!(ann_lines(ann).0, ann_lines(ann_again).0, "{stem}: ids kept");
        text_bound += ann_lines(ann).0.len();
    }
    assert_eq!(text_bound, 10);
    let labels: Vec<&str> = project
        .schema
        .labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert!(
        labels.ends_with(&["GPE", "Organization", "Person"]),
        "{labels:?}"
    );
    let person = project.schema.label("Person").expect("added");
    let names: Vec<&str> = person.attributes.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.starts_with(&["Individual", "Mention"]) && names.contains(&"Located"),
        "annotation.conf's attributes and relations: {names:?}"
    );
    let conf = fs::read_to_string(scratch.path("out/annotation.conf")).expect("conf");
    assert!(conf.contains("\nMention\tArg:"), "{conf}");
}

#[test]
fn own_unicode_brat_folder_keeps_spans_attributes_relations_and_notes() {
    let (scratch, project, stderr) = brat_through_marginalia("unicode", &[]);
    assert!(
        stderr.contains("1 imported span lacks a required attribute; the first: document anchorage-summit, layer brat, span T11: required attribute \"kind\" is missing"),
        "{stderr}"
    );
    let original = brat_files(&fixture("brat/unicode"));
    let exported = brat_files(&scratch.path("out"));
    let (text, ann) = &original["anchorage-summit"];
    let (text_again, ann_again) = &exported["anchorage-summit"];
    assert_eq!(text, text_again);
    let text = String::from_utf8(text.clone()).expect("UTF-8");
    assert!(text.contains("\r\n") && text.contains('\u{A0}') && text.contains('\u{200D}'));
    assert_eq!(assert_covered_texts_exact(&text, ann_again), 12);
    assert_eq!(ann_lines(ann), ann_lines(ann_again));
    let spans = &project.documents[0].layers["brat"].spans;
    let crossing = spans.iter().find(|s| s.id.as_str() == "T6").expect("T6");
    assert_eq!(
        python_slice(&text, crossing.start, crossing.end),
        "Volodymyr\r\nZelensky"
    );
    let stance = spans.iter().find(|s| s.id.as_str() == "T7").expect("T7");
    assert_eq!(
        stance.attrs.str("target"),
        Some("a deal \u{201C}without Kyiv\u{201D}\tnow")
    );
}

/// Copies the Unicode project as `p.ron` and a brat folder `in/` holding
/// `files`; runs the import and checks it fails with exit status 1, a
/// message holding `want`, and no change to any file.
fn assert_import_refused(files: &[(&str, &str)], extra: &[&str], want: &str) {
    let scratch = Scratch::new();
    copy_tree(&fixture("unicode.ron"), &scratch.path("p.ron"));
    for (name, text) in files {
        scratch.write(&format!("in/{name}"), text);
    }
    let before = scratch.fingerprint();
    let mut args = vec![
        "import",
        "p.ron",
        "in",
        "--format",
        "brat",
        "--annotator",
        "zed",
    ];
    args.extend_from_slice(extra);
    let output = scratch.run(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{want}: {stderr}");
    assert!(stderr.contains(want), "wanted {want:?} in {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
    assert_eq!(scratch.fingerprint(), before, "{want}: nothing changes");
}

const TEXT: &str = "Putin met\r\nTrump \u{1F91D} in Anchorage.";

#[test]
fn brat_input_marginalia_cannot_hold_fails_naming_file_and_line_and_changes_nothing() {
    let good = "T1\tactor 0 5\tPutin\n";
    let cases: Vec<(String, &str)> = vec![
        (
            format!("{good}T2\tactor 0 3;6 9\tPut met\n"),
            "a.ann:2: T2 is a discontinuous span (0 3;6 9)",
        ),
        (
            format!("{good}T2\tactor 11 16\tTrump\nE1\tactor:T2\n"),
            "a.ann:3: an event (E line)",
        ),
        (
            format!("{good}*\tAlias T1 T1\n"),
            "a.ann:2: an equivalence (* line)",
        ),
        (
            format!("{good}#1\tAnnotatorNotes T1\tIs he?\n"),
            "a.ann:2: #1 is a free-text note",
        ),
        (
            format!("{good}T2\tactor 30 99\tTrump\n"),
            "a.ann:2: T2: offsets 30 99 are not a range inside the text (32 characters)",
        ),
        (
            format!("{good}T2\tactor 12 17\tTrump\n"),
            "a.ann:2: T2: the .ann gives the text \"Trump\" but the document has \"rump \"",
        ),
        (
            format!("{good}T2\tplace 22 31\tAnchorage\nT3\tperson 11 16\tTrump\n"),
            "a.ann:2: labels not in the project's schema: person, place",
        ),
        (
            format!("{good}A1\tkind T1 planet\n"),
            "a.ann:2: A1: kind = \"planet\" is not one of person, organization, country, group",
        ),
        (
            format!("{good}R1\tspeaker Arg1:T1 Arg2:T9\n"),
            "a.ann:2: R1 refers to T9, which is not a text-bound",
        ),
    ];
    for (ann, want) in &cases {
        assert_import_refused(&[("a.txt", TEXT), ("a.ann", ann)], &[], want);
    }
    assert_import_refused(
        &[("a.txt", TEXT), ("b.txt", TEXT), ("b.ann", good)],
        &[],
        "a.txt: has no a.ann beside it",
    );
    assert_import_refused(&[("sub/a.ann", good)], &[], "a.ann: has no a.txt beside it");
    assert_import_refused(
        &[("crlf-nbsp.txt", "another text"), ("crlf-nbsp.ann", "")],
        &[],
        "crlf-nbsp.txt: document \"crlf-nbsp\" is already in the project with a different text",
    );
    assert_import_refused(
        &[
            ("a.txt", TEXT),
            ("a.ann", good),
            ("x/a.txt", TEXT),
            ("x/a.ann", good),
        ],
        &[],
        "has the same document id \"a\"",
    );
    assert_import_refused(
        &[("a.txt", TEXT), ("a.ann", "T1\tbad!label 0 5\tPutin\n")],
        &["--extend-schema"],
        "a.ann:1: \"bad!label\" cannot be used as a label name",
    );
}

#[test]
fn brats_own_files_with_events_equivalences_and_notes_are_refused_whole() {
    for (folder, want) in [
        (
            "equivalence",
            "060-relation_annotation.ann:6: an equivalence (* line)",
        ),
        ("event", "080-event-annotation.ann:3: an event (E line)"),
        ("note", "110-note_annotation.ann:2: #1 is a free-text note"),
    ] {
        let scratch = Scratch::with_fixtures(&[&format!("brat/errors/{folder}")]);
        scratch.run_ok(&["new", "p.ron"]);
        let before = scratch.fingerprint();
        let output = scratch.run(&[
            "import",
            "p.ron",
            arg(&scratch.path(&format!("brat/errors/{folder}"))),
            "--format",
            "brat",
            "--annotator",
            "brat",
            "--extend-schema",
        ]);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(want), "wanted {want:?} in {stderr}");
        assert_eq!(scratch.fingerprint(), before);
    }
}

#[test]
fn brat_import_needs_an_annotator() {
    let scratch = Scratch::with_fixtures(&["brat/unicode"]);
    scratch.run_ok(&["new", "p.ron"]);
    let output = scratch.run(&["import", "p.ron", "brat/unicode", "--format", "brat"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--annotator"));
}

#[test]
fn jsonl_import_warns_about_spans_lacking_a_required_attribute() {
    let scratch = Scratch::new();
    scratch.run_ok(&["new", "p.ron"]);
    scratch.write(
        "in.jsonl",
        "{\"id\": \"d\", \"text\": \"Putin met Trump \u{1F91D}.\", \"annotator\": \"amy\", \"spans\": [{\"id\": \"T1\", \"start\": 0, \"end\": 5, \"label\": \"actor\"}, {\"id\": \"T2\", \"start\": 10, \"end\": 15, \"label\": \"actor\"}, {\"id\": \"T3\", \"start\": 0, \"end\": 17, \"label\": \"stance\", \"attrs\": {\"polarity\": \"support\"}}]}\n",
    );
    let output = scratch.run(&["import", "p.ron", "in.jsonl"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        "warning: 2 imported spans lack a required attribute; the first: document d, layer amy, span T1: required attribute \"kind\" is missing"
    );
    copy_tree(&fixture("unicode.ron"), &scratch.path("q.ron"));
    let quiet = scratch.run(&["import", "q.ron", arg(&fixture("alice.jsonl"))]);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
}

/// Imports the brat folder at `input` (relative to `scratch`) into a new
/// project `p.ron` as layer `brat`, with `--extend-schema`.
fn import_brat_folder(scratch: &Scratch, input: &str) -> Project {
    scratch.run_ok(&["new", "p.ron"]);
    scratch.run_ok(&[
        "import",
        "p.ron",
        input,
        "--format",
        "brat",
        "--annotator",
        "brat",
        "--extend-schema",
    ]);
    load_project(&scratch.path("p.ron")).expect("loads")
}

#[test]
fn brat_files_with_dotted_multi_dot_and_unicode_stems_were_looked_up_by_their_first_dot() {
    let scratch = Scratch::with_fixtures(&["brat/dotted"]);
    let project = import_brat_folder(&scratch, "brat/dotted");
    let mut ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "Zo\u{eb}.notas.v2",
            "esp.train-doc-29",
            "ned.train-doc-181",
            "x",
            "x.1"
        ]
    );
    for doc in &project.documents {
        let folder = if doc.id.as_str().starts_with("esp.") {
            "esp/"
        } else {
            ""
        };
        let stem = format!("brat/dotted/{folder}{}", doc.id.as_str());
        assert_eq!(
            doc.text,
            scratch.read_text(&format!("{stem}.txt")),
            "{stem}"
        );
        let ann = scratch.read_text(&format!("{stem}.ann"));
        assert_eq!(
            doc.layers["brat"].spans.len(),
            ann.lines().count(),
            "{stem}"
        );
        assert_covered_texts_exact(&doc.text, &ann);
    }
    let x = project
        .documents
        .iter()
        .find(|d| d.id.as_str() == "x")
        .expect("x");
    assert!(x.layers["brat"].spans.is_empty(), "x.1's spans went to x");
    assert_eq!(x.text, "First draft names nobody.\n");
}

#[test]
fn ids_with_dots_stars_slashes_and_percent_signs_came_back_as_other_documents_after_brat() {
    let scratch = Scratch::new();
    let mut project = Project::new(marginalia::model::Schema::builtin());
    let ids = [
        "a.b",
        "a.b.c",
        "a*b",
        "a_b",
        "x/y",
        "100%",
        "%41",
        ".hidden",
        "..",
        "Zo\u{eb}.v2 \u{1F469}\u{200D}\u{1F4BB}",
    ];
    for (n, id) in ids.iter().enumerate() {
        let text = format!("Putin met Trump, take {n}.");
        let mut doc =
            marginalia::model::Document::new((*id).into(), String::new(), BTreeMap::new(), text);
        let span = Span::new(SpanId::from("T1"), 0, 5, "actor").with_attrs(&[("kind", "person")]);
        doc.layers
            .insert("alice".into(), Layer::with_spans(Status::Done, vec![span]));
        project.documents.push(doc);
    }
    save_project(&project, &scratch.path("p.ron")).expect("saves");
    export_brat(&scratch, "p.ron", "alice", "out");
    scratch.run_ok(&["new", "q.ron"]);
    scratch.run_ok(&[
        "import",
        "q.ron",
        "out",
        "--format",
        "brat",
        "--annotator",
        "alice",
    ]);
    let back = load_project(&scratch.path("q.ron")).expect("loads");
    let texts = |p: &Project| -> BTreeMap<String, (String, Vec<SpanFact>)> {
        p.documents
            .iter()
            .map(|d| {
                let facts = span_facts(&d.layers["alice"]);
                (d.id.as_str().to_owned(), (d.text.clone(), facts))
            })
            .collect()
    };
    assert_eq!(texts(&back), texts(&project));
    scratch.run_ok(&[
        "import",
        "p.ron",
        "out",
        "--format",
        "brat",
        "--annotator",
        "alice",
    ]);
    let again = load_project(&scratch.path("p.ron")).expect("loads");
    assert_eq!(
        again.documents.len(),
        ids.len(),
        "re-import adds no document"
    );
}

#[test]
fn a_300_character_id_failed_the_brat_export_with_file_name_too_long_naming_no_document() {
    let scratch = Scratch::new();
    let id = "d".repeat(300);
    let mut project = Project::new(marginalia::model::Schema::builtin());
    let mut doc = marginalia::model::Document::new(
        id.as_str().into(),
        String::new(),
        BTreeMap::new(),
        "text".into(),
    );
    doc.layers.insert("alice".into(), Layer::default());
    project.documents.push(doc);
    save_project(&project, &scratch.path("p.ron")).expect("saves");
    let before = scratch.fingerprint();
    let output = scratch.run(&[
        "export",
        "p.ron",
        "--format",
        "brat",
        "--out",
        "out",
        "--annotator",
        "alice",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("document \"{id}\"")), "{stderr}");
    assert!(
        stderr.contains("304 bytes") && !stderr.contains("File name too long"),
        "{stderr}"
    );
    assert_eq!(scratch.fingerprint(), before, "nothing is written");
}

#[test]
fn a_brat_folder_holding_two_symlinks_to_itself_hung_the_import() {
    let scratch = Scratch::with_fixtures(&["brat/tutorial"]);
    let folder = scratch.path("brat/tutorial");
    std::os::unix::fs::symlink(".", folder.join("loop1")).expect("symlink");
    std::os::unix::fs::symlink("..", folder.join("loop2")).expect("symlink");
    let project = import_brat_folder(&scratch, "brat/tutorial");
    assert_eq!(project.documents.len(), 5, "each document once");
}

#[test]
fn chained_macros_in_annotation_conf_took_gigabytes_and_now_fail_naming_the_line() {
    let mut conf = String::from("[entities]\n");
    for n in (1..=24).rev() {
        let _ = writeln!(conf, "<M{n}>=<M{}>|<M{}>", n - 1, n - 1);
    }
    conf.push_str("<M0>=Person\n<M24>\n");
    assert_import_refused(
        &[
            ("annotation.conf", &conf),
            ("a.txt", "Pratchett"),
            ("a.ann", "T1\tPerson 0 9\tPratchett\n"),
        ],
        &["--extend-schema"],
        "annotation.conf:27: the macros expand this line past 4 MiB",
    );
}
