//! The dataset dialogs driven through the real app with `egui_kittest`:
//! a new project from a folder of articles, an import whose labels the
//! schema lacks (asked, then one undo step), and an export to a spaCy
//! training split — a whole path from articles to `.spacy` files without a
//! terminal.

mod common;

use std::fs;
use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::io::export::{parse_split, split_documents};
use marginalia::io::load_project;
use marginalia::model::Document;
use marginalia::ui::windows::confirm::Question;

use common::harness::{
    demo_copy, fill_new_project, harness_as, harness_for_any_text, press, type_into,
    wait_until_idle,
};
use common::{copy_tree, json_lines, span_tuples};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_new_project_from_a_folder_of_articles_is_created_and_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    copy_tree(&fixture("docs"), &articles);
    let target = dir.path().join("new.ron");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), "me");
    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("New project from documents");
    // The documents (several lines), then the project file.
    fill_new_project(&mut harness, &articles, &target);
    harness.get_by_label("Create").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let app = harness.state();
    assert_eq!(app.session().path(), Some(target.as_path()), "opened");
    let ids: Vec<&str> = app
        .session()
        .project
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["crlf-nbsp", "emoji-zwj", "marks-cjk"]);
    assert_eq!(load_project(&target).expect("saved").documents.len(), 3);
}

/// Imports the fixture `name` from the window and returns what the
/// question that follows would add (labels, span references).
fn import_asking_to_extend(
    harness: &mut Harness<'_, MarginaliaApp>,
    name: &str,
) -> (Vec<String>, Vec<String>) {
    press(harness, Modifiers::COMMAND, Key::I);
    // The file, then the layer's name (proposed: the user's own).
    type_into(harness, 2, &fixture(name));
    harness.get_by_label("Import").click();
    harness.run_steps(2);
    wait_until_idle(harness);
    let Some(Question::ExtendSchema {
        labels, references, ..
    }) = harness.state().question().cloned()
    else {
        panic!(
            "expected the schema question, got {:?}",
            harness.state().question()
        );
    };
    (labels, references)
}

#[test]
fn an_import_with_relation_types_the_schema_lacks_asks_before_adding_references() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), "me");
    let (labels, references) = import_asking_to_extend(&mut harness, "doccano-relations.jsonl");
    assert_eq!(labels, ["CLAIM", "DATE", "ORG", "PERSON"]);
    assert_eq!(
        references,
        [
            "CLAIM.saidBy",
            "ORG.foundedAt",
            "ORG.foundedBy",
            "PERSON.memberOf"
        ]
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    let schema = &harness.state().session().project.schema;
    let founded_by = schema
        .label("ORG")
        .and_then(|l| l.attribute("foundedBy"))
        .expect("added");
    assert!(founded_by.many);
}

#[test]
fn an_import_with_unknown_labels_asks_then_imports_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), "me");
    let before = harness.state().session().project.clone();
    let (labels, references) = import_asking_to_extend(&mut harness, "doccano-label.jsonl");
    assert_eq!(labels, ["LOC", "PER"]);
    assert!(references.is_empty());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    let project = &harness.state().session().project;
    assert!(project.schema.label("PER").is_some(), "labels added");
    assert!(
        project.documents.len() > before.documents.len(),
        "documents added"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().session().project, before, "one undo step");
}

#[test]
fn an_export_writes_a_spacy_training_split_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    press(&mut harness, Modifiers::COMMAND, Key::E);
    harness.get_by_label("Export a dataset");
    // The dialog opens with the keyboard in the output field.
    harness.event(egui::Event::Text(out.display().to_string()));
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    for part in ["train", "dev", "test"] {
        let file = out.join(format!("{part}.spacy"));
        assert!(
            fs::metadata(&file).is_ok_and(|m| m.len() > 0),
            "{} written",
            file.display()
        );
    }
}

#[test]
fn the_windows_export_puts_each_document_with_its_spans_in_its_part() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let out = dir.path().join("corpus");
    let mut harness = harness_as(&path, "analyst-a");
    press(&mut harness, Modifiers::COMMAND, Key::E);
    harness.event(egui::Event::Text(out.display().to_string()));
    harness.run_steps(1);
    harness
        .get(By::new().role(Role::ComboBox).label("Format"))
        .click();
    harness.run_steps(2);
    harness
        .get_by_label("JSONL (Marginalia, re-importable)")
        .click();
    harness.run_steps(2);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);

    let project = load_project(&path).expect("demo");
    let annotated: Vec<&Document> = project
        .documents
        .iter()
        .filter(|d| d.layers.contains_key("analyst-a"))
        .collect();
    let split = parse_split("train=0.8,dev=0.1,test=0.1").expect("split");
    let expected = split_documents(annotated.iter().copied(), &split, 0);
    let mut seen = 0;
    for (part, docs) in &expected {
        let text = fs::read_to_string(out.join(format!("{part}.jsonl"))).expect("part written");
        let lines = json_lines(&text);
        let ids: Vec<&str> = lines
            .iter()
            .map(|l| l["id"].as_str().expect("id"))
            .collect();
        let want: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, want, "the documents of {part}");
        for (line, doc) in lines.iter().zip(docs) {
            let spans: Vec<(u64, u64, String)> = span_tuples(line)
                .into_iter()
                .map(|(start, end, label, _)| (start, end, label))
                .collect();
            let layer: Vec<(u64, u64, String)> = doc.layers["analyst-a"]
                .spans
                .iter()
                .map(|s| (s.start as u64, s.end as u64, s.label.clone()))
                .collect();
            assert_eq!(spans, layer, "the spans of {} in {part}", doc.id.as_str());
            assert_eq!(line["annotator"], "analyst-a");
        }
        seen += docs.len();
    }
    assert_eq!(
        seen,
        annotated.len(),
        "every annotated document in one part"
    );
}

#[test]
fn a_brat_folder_imports_into_the_chosen_layer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), "me");
    press(&mut harness, Modifiers::COMMAND, Key::I);
    harness.get_by_label("brat folder").click();
    harness.run_steps(2);
    type_into(&mut harness, 2, &fixture("brat/unicode"));
    harness.get_by_label("Import").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    if harness.state().question().is_some() {
        press(&mut harness, Modifiers::NONE, Key::Enter);
        wait_until_idle(&mut harness);
    }
    let project = &harness.state().session().project;
    let doc = project
        .documents
        .iter()
        .find(|d| d.id.as_str() == "anchorage-summit")
        .expect("the brat document was added");
    let spans = &doc.layers["me"].spans;
    assert!(
        spans
            .iter()
            .any(|s| (s.start, s.end, s.label.as_str()) == (112, 126, "actor"))
    );
}

#[test]
fn an_empty_split_part_is_warned_about_before_writing_and_the_files_are_counted_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    // analyst-a has 5 documents: 80/10/10 gives test none of them.
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    press(&mut harness, Modifiers::COMMAND, Key::E);
    harness.get_by_label("train 4 · dev 1 · test 0 documents");
    harness.get(By::new().label_contains("test would get no document"));
    harness.event(egui::Event::Text(out.display().to_string()));
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    assert!(
        out.join("test.spacy").is_file(),
        "written all the same (a DocBin of no documents)"
    );
    let notice = harness.get(By::new().label_contains("Exported 5 documents"));
    let text = format!("{notice:?}");
    assert!(text.contains("(3 files)"), "{text}");
    assert!(text.contains("part \\\"test\\\" is empty"), "{text}");
    let width = harness.ctx.content_rect().width();
    assert!(
        notice.rect().max.x <= width,
        "the long message wraps inside the window: {:?} in {width}",
        notice.rect()
    );
}

#[test]
fn the_windows_export_over_the_open_projects_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = demo_copy(dir.path());
    let before = fs::read(&project).expect("read");
    let mut harness = harness_as(&project, "analyst-a");
    press(&mut harness, Modifiers::COMMAND, Key::E);
    harness.event(egui::Event::Text(project.display().to_string()));
    harness.run_steps(1);
    // One file, not parts: the output is the file typed, the project's own.
    harness.get_by_label("into parts").click();
    harness.run_steps(2);
    harness.get_by_label("Export").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    harness.get(By::new().label_contains("Not exported"));
    assert_eq!(
        fs::read(&project).expect("read"),
        before,
        "the project is as it was"
    );
}
