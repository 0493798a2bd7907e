//! *File → Merge another copy…* driven through the real window with
//! `egui_kittest`: an annotator's copy merges in as one undo step, a
//! conflicting copy is refused with its conflicts listed and nothing
//! changed, and a base makes the three-way merge take the changed side.

mod common;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::MarginaliaApp;
use marginalia::io::{load_project, save_project};
use marginalia::model::Project;

use common::harness::{demo_copy, harness_as, press, type_into, wait_until_idle};

/// Writes a copy of the project at `from` to `to`, changed by `change`.
fn changed_copy(from: &Path, to: &Path, change: impl FnOnce(&mut Project)) {
    let mut project = load_project(from).expect("loads");
    change(&mut project);
    save_project(&project, to).expect("saves");
}

/// Ctrl+Shift+M, types `copy` (and `base`), clicks Merge and waits for
/// the files to load.
fn merge(harness: &mut Harness<'_, MarginaliaApp>, copy: &Path, base: Option<&Path>) {
    press(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    // The dialog's two fields come after the document filter.
    type_into(harness, 2, copy);
    if let Some(base) = base {
        type_into(harness, 1, base);
    }
    harness.run_steps(2);
    harness.get_by_label("Merge").click();
    harness.run_steps(2);
    wait_until_idle(harness);
}

#[test]
fn an_annotators_copy_merges_in_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let copy = dir.path().join("carol.ron");
    changed_copy(&demo, &copy, |p| {
        let layer = p.documents[1].layers["analyst-a"].clone();
        p.documents[1].layers.insert("carol".into(), layer);
    });
    let mut harness = harness_as(&demo, "reviewer");
    merge(&mut harness, &copy, None);
    let project = &harness.state().session().project;
    assert!(project.documents[1].layers.contains_key("carol"));
    assert!(harness.state().session().is_dirty());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &harness.state().session().project;
    assert!(!project.annotators().contains(&"carol".to_owned()));
}

#[test]
fn a_conflicting_copy_is_refused_and_a_base_lets_the_changed_side_win() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let base = dir.path().join("base.ron");
    std::fs::copy(&demo, &base).expect("base");
    let copy = dir.path().join("theirs.ron");
    changed_copy(&demo, &copy, |p| {
        p.documents[0]
            .layers
            .get_mut("analyst-b")
            .expect("layer")
            .spans
            .pop();
    });
    let before = load_project(&demo).expect("loads");
    let mut harness = harness_as(&demo, "reviewer");
    merge(&mut harness, &copy, None);
    assert_eq!(
        *harness.state().session().project,
        before,
        "nothing changed"
    );
    harness.get_by_label("Merge refused");
    harness.get_by_label_contains("\"analyst-b\"");
    harness.get_by_label("Close").click();
    harness.run_steps(2);

    merge(&mut harness, &copy, Some(&base));
    let project = &harness.state().session().project;
    assert_eq!(
        project.documents[0].layers["analyst-b"].spans.len(),
        before.documents[0].layers["analyst-b"].spans.len() - 1,
        "theirs changed the layer since the base: theirs wins"
    );
}
