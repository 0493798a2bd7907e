//! Every dialog and question answers to the keyboard (driven through the
//! real app with `egui_kittest`): Enter takes the highlighted default,
//! Escape cancels.

mod common;

use std::fs;
use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::edit::Edit;
use marginalia::model::Span;
use marginalia::session::Session;
use marginalia::ui::windows::confirm::Question;

use common::harness::{demo_copy, harness_as, layer_of, press};

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
