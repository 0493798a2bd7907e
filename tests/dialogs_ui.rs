//! Every dialog and question answers to the keyboard (driven through the
//! real app with `egui_kittest`): Enter takes the highlighted default,
//! Escape cancels; a dialog opens with the keyboard in its first field, Tab
//! and Shift+Tab walk through its fields, and what is typed lands in the
//! field that shows focus.

mod common;

use std::fs;
use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, By, NodeT, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::edit::Edit;
use marginalia::model::Span;
use marginalia::session::Session;
use marginalia::ui::windows::confirm::Question;

use common::harness::{
    demo_copy, harness_as, harness_for_any_text, layer_of, press, type_text, wait_until_idle,
};

const ANNOTATOR: &str = "keyboard";

/// Leaves an autosaved, unsaved span in `path`'s recovery file, as a crash
/// would.
fn crash_with_unsaved_work(path: &Path) {
    let mut session = Session::open(path).expect("open");
    let doc = session.project.documents[0].id.clone();
    session
        .apply(Edit::AddSpan {
            doc,
            annotator: ANNOTATOR.into(),
            span: Span::new("T1".into(), 114, 119, "actor"),
        })
        .expect("edit");
    assert!(session.autosave().expect("autosave"));
}

/// The label of the widget that has the keyboard (empty: none has it).
fn focused(harness: &Harness<'_, MarginaliaApp>) -> String {
    harness
        .query_all(By::new().predicate(|node: &AccessKitNode<'_>| node.is_focused()))
        .map(|node| {
            let node = node.accesskit_node();
            format!("{:?} {:?}", node.role(), node.label())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The values of the dialog's text fields, in order.
fn field_values(harness: &Harness<'_, MarginaliaApp>) -> Vec<String> {
    harness
        .query_all(
            By::new().predicate(|node| {
                matches!(node.role(), Role::TextInput | Role::MultilineTextInput)
            }),
        )
        .map(|node| node.value().unwrap_or_default())
        .collect()
}

fn question(harness: &Harness<'_, MarginaliaApp>) -> Option<Question> {
    harness.state().question().cloned()
}

/// Adds a span with Ctrl+F, the text, Enter and the actor key.
fn add_a_span(harness: &mut Harness<'_, MarginaliaApp>) {
    press(harness, Modifiers::COMMAND, Key::F);
    harness.event(egui::Event::Text("Putin".into()));
    harness.run_steps(1);
    press(harness, Modifiers::NONE, Key::Enter);
    press(harness, Modifiers::NONE, Key::Escape);
    press(harness, Modifiers::NONE, Key::A);
    assert!(harness.state().session().is_dirty());
}

#[test]
fn enter_restores_autosaved_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    crash_with_unsaved_work(&path);
    let mut harness = harness_as(&path, ANNOTATOR);
    assert!(matches!(question(&harness), Some(Question::Recovery(_))));
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(question(&harness), None);
    assert_eq!(layer_of(&harness, ANNOTATOR).spans.len(), 1, "restored");
}

#[test]
fn escape_keeps_autosaved_work_for_later_without_overwriting_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    crash_with_unsaved_work(&path);
    let recovery = dir.path().join(".demo.ron.recovery");
    let kept = fs::read(&recovery).expect("recovery file");
    let mut harness = harness_as(&path, ANNOTATOR);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(question(&harness), None);
    assert!(
        layer_of(&harness, ANNOTATOR).spans.is_empty(),
        "not restored"
    );
    assert!(harness.state().session().autosave_paused());
    assert_eq!(fs::read(&recovery).expect("kept"), kept);
}

#[test]
fn the_unsaved_changes_question_cancels_on_escape_and_saves_on_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let original = fs::read(&path).expect("read");
    let mut harness = harness_as(&path, ANNOTATOR);
    add_a_span(&mut harness);
    let close = |harness: &mut Harness<'_, MarginaliaApp>| {
        harness
            .input_mut()
            .viewports
            .entry(ViewportId::ROOT)
            .or_default()
            .events
            .push(ViewportEvent::Close);
        harness.run_steps(2);
        assert!(matches!(question(harness), Some(Question::Unsaved(_))));
    };
    close(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(question(&harness), None, "cancelled");
    assert!(harness.state().session().is_dirty());
    assert_eq!(fs::read(&path).expect("read"), original, "nothing written");
    close(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(!harness.state().session().is_dirty(), "Enter saved");
    assert_ne!(fs::read(&path).expect("read"), original);
}

#[test]
fn the_changed_on_disk_question_cancels_on_escape_and_overwrites_on_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let mut harness = harness_as(&path, ANNOTATOR);
    add_a_span(&mut harness);
    let mut changed = fs::read_to_string(&path).expect("read");
    changed.push_str("// edited by someone else\n");
    fs::write(&path, &changed).expect("write");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(question(&harness), Some(Question::ChangedOnDisk));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(question(&harness), None);
    assert_eq!(fs::read_to_string(&path).expect("read"), changed, "kept");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(!harness.state().session().is_dirty(), "overwritten");
}

#[test]
fn the_open_dialog_opens_on_enter_and_closes_on_escape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let other = dir.path().join("other.ron");
    fs::copy(&path, &other).expect("copy");
    let mut harness = harness_as(&path, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_steps(1);
    assert_eq!(harness.state().session().path(), Some(path.as_path()));
    press(&mut harness, Modifiers::COMMAND, Key::O);
    // The field starts with the open project's path: select it, type over it.
    let current = path.display().to_string();
    harness
        .get(By::new().role(Role::TextInput).value(&current))
        .focus();
    harness.run_steps(1);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(other.display().to_string()));
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run_steps(1);
    assert_eq!(harness.state().session().path(), Some(other.as_path()));
}

#[test]
fn escape_closes_the_shortcuts_window_and_the_dashboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), ANNOTATOR);
    press(&mut harness, Modifiers::NONE, Key::F1);
    let shown = |h: &Harness<'_, MarginaliaApp>| h.query_all_by_label("Keyboard shortcuts").count();
    assert!(shown(&harness) > 0);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(shown(&harness), 0);
    press(&mut harness, Modifiers::NONE, Key::F9);
    assert!(harness.state().dashboard().is_open());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().dashboard().is_open());
}

#[test]
fn enter_in_open_opens_the_typed_path_not_the_current_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let other = dir.path().join("other.ron");
    fs::copy(&path, &other).expect("copy");
    let mut harness = harness_as(&path, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    // No click: the field has the keyboard, its proposed path is selected.
    type_text(&mut harness, &other.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run_steps(1);
    assert_eq!(harness.state().session().path(), Some(other.as_path()));
}

#[test]
fn text_typed_after_tab_in_merge_lands_in_the_base_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let (copy, base) = (dir.path().join("copy.ron"), dir.path().join("base.ron"));
    fs::copy(&path, &copy).expect("copy");
    fs::copy(&path, &base).expect("base");
    let mut harness = harness_as(&path, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    type_text(&mut harness, &copy.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_text(&mut harness, &base.display().to_string());
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    type_text(&mut harness, "");
    assert!(
        field_values(&harness).ends_with(&[copy.display().to_string(), base.display().to_string()]),
        "{:?}",
        field_values(&harness)
    );
    assert!(
        focused(&harness).contains("TextInput"),
        "back in the first field"
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    assert_eq!(
        field_values(&harness).len(),
        1,
        "merged and closed: only the document filter"
    );
}

#[test]
fn the_second_field_of_new_project_takes_typing_after_tab() {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    common::copy_tree(&common::fixture("docs"), &articles);
    let target = dir.path().join("new.ron");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    type_text(&mut harness, &articles.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_text(&mut harness, &target.display().to_string());
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert!(
        focused(&harness).contains("MultilineTextInput"),
        "{}",
        focused(&harness)
    );
    // Enter in the documents field creates (Shift+Enter would start a line).
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.session().path(),
        Some(target.as_path()),
        "created and opened"
    );
    assert_eq!(app.session().project.documents.len(), 3);
}

#[test]
fn text_typed_after_tab_in_import_names_the_new_layer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let doc = Session::open(&path).expect("open").project.documents[0]
        .id
        .clone();
    let spans = dir.path().join("spans.jsonl");
    let line = format!(
        "{{\"id\": \"{}\", \"spans\": [{{\"start\": 114, \"end\": 119, \"label\": \"actor\"}}]}}\n",
        doc.as_str()
    );
    fs::write(&spans, line).expect("write");
    let mut harness = harness_for_any_text(&path, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::I);
    type_text(&mut harness, &spans.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "second-pass");
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert!(
        focused(&harness).contains("TextInput"),
        "{}",
        focused(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    let layers = &harness.state().session().project.documents[0].layers;
    assert_eq!(layers["second-pass"].spans.len(), 1, "{:?}", layers.keys());
    assert!(!layers.contains_key(ANNOTATOR), "not the proposed layer");
}

#[test]
fn tab_in_export_reaches_format_and_layer_and_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    press(&mut harness, Modifiers::COMMAND, Key::E);
    type_text(&mut harness, &out.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(
        focused(&harness).contains("Format"),
        "{}",
        focused(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(focused(&harness).contains("Layer"), "{}", focused(&harness));
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert!(field_values(&harness).contains(&out.display().to_string()));
    assert!(
        focused(&harness).contains("TextInput"),
        "{}",
        focused(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    wait_until_idle(&mut harness);
    assert!(out.join("train.spacy").is_file(), "exported");
}

#[test]
fn tab_cycles_inside_a_dialog_and_never_reaches_the_window_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::E);
    let mut seen = Vec::new();
    for _ in 0..40 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        let now = focused(&harness);
        assert!(
            !now.is_empty(),
            "the keyboard left the dialog after {seen:?}"
        );
        seen.push(now);
    }
    let period = 1 + seen[1..]
        .iter()
        .position(|f| f == &seen[0])
        .expect("Tab comes back round");
    assert!(
        (0..seen.len() - period).all(|i| seen[i] == seen[i + period]),
        "one cycle, repeated: {seen:?}"
    );
    for field in ["Format", "Layer", "into parts", "Export", "Cancel"] {
        assert!(
            seen[..period].iter().any(|f| f.contains(field)),
            "{field} in {seen:?}"
        );
    }
    assert!(
        seen.iter().all(|f| !f.contains("File")),
        "never the menu bar: {seen:?}"
    );
}

#[test]
fn settings_open_in_the_name_field_tab_through_every_setting_and_escape_closes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::Comma);
    assert!(
        focused(&harness).contains("TextInput"),
        "{}",
        focused(&harness)
    );
    let mut seen = Vec::new();
    for _ in 0..8 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        seen.push(focused(&harness));
    }
    for setting in [
        "Dark",
        "show above spans",
        "show their spans",
        "show a model",
    ] {
        assert!(
            seen.iter().any(|f| f.contains(setting)),
            "{setting} in {seen:?}"
        );
    }
    // Typing while a checkbox has the keyboard labels nothing behind.
    press(&mut harness, Modifiers::NONE, Key::A);
    assert!(layer_of(&harness, ANNOTATOR).spans.is_empty());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_label("Settings").is_none(), "closed");
    // The name typed over the selected one applies on Enter.
    press(&mut harness, Modifiers::COMMAND, Key::Comma);
    type_text(&mut harness, "second-reader");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("👤 second-reader");
}

#[test]
fn tab_then_enter_in_a_question_presses_the_focused_button_not_the_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let original = fs::read(&path).expect("read");
    let mut harness = harness_as(&path, ANNOTATOR);
    add_a_span(&mut harness);
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.run_steps(2);
    assert!(matches!(question(&harness), Some(Question::Unsaved(_))));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(
        focused(&harness).contains("Discard changes"),
        "{}",
        focused(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(question(&harness), None, "answered");
    assert_eq!(
        fs::read(&path).expect("read"),
        original,
        "discarded, not saved"
    );
}

#[test]
fn save_as_saves_to_the_typed_path_not_the_proposed_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let original = fs::read(&path).expect("read");
    let copy = dir.path().join("copy.ron");
    let mut harness = harness_as(&path, ANNOTATOR);
    add_a_span(&mut harness);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    type_text(&mut harness, &copy.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run_steps(1);
    assert_eq!(harness.state().session().path(), Some(copy.as_path()));
    assert!(!harness.state().session().is_dirty());
    assert_eq!(
        fs::read(&path).expect("read"),
        original,
        "the proposed file untouched"
    );
}

#[test]
fn shift_enter_in_new_projects_documents_started_a_line_and_said_name_the_project_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_for_any_text(&demo_copy(dir.path()), ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    type_text(&mut harness, "articles/");
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    type_text(&mut harness, "more/");
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("name the project file")
            .is_none(),
        "Shift+Enter starts a line, it does not answer the dialog"
    );
    harness.get_by_label("New project from documents");
    harness.get(By::new().value("articles/\nmore/"));
}
