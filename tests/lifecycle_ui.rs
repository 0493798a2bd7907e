//! A project's life in the window, driven through the real app with
//! `egui_kittest`: switching projects drops everything of the old one,
//! a file that is not a project changes nothing, autosave runs on its
//! timer and on focus loss, and the unsaved-changes question guards Open
//! and New (a merge lands on top of unsaved work, as one undo step).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use marginalia::io::{load_project, save_project};
use marginalia::model::offsets::char_len;
use marginalia::session::recovery_path;
use marginalia::ui::state::Settings;
use marginalia::ui::windows::confirm::Question;

use common::harness::{
    annotate, demo_copy, fill_new_project, fill_open_dialog, harness_as, harness_for_any_text,
    harness_with_settings, layer_of, open_typed, press, set_focused, type_into, wait_until_idle,
};

const ANNOTATOR: &str = "tester";

/// The demo's documents (same ids, same texts) with no layer at all.
fn demo_without_layers(dir: &Path) -> PathBuf {
    let path = dir.join("bare.ron");
    let mut project = load_project(&demo_copy(dir)).expect("demo loads");
    for doc in &mut project.documents {
        doc.layers.clear();
    }
    save_project(&project, &path).expect("saves");
    path
}

#[test]
fn suggestions_of_the_previous_project_never_show_in_the_next_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bare = demo_without_layers(dir.path());
    let mut harness = harness_as(&demo_copy(dir.path()), ANNOTATOR);
    annotate(&mut harness, "Trump", Key::A);
    harness.run_steps(2);
    assert!(
        harness
            .state()
            .suggestions()
            .pending()
            .iter()
            .any(|s| s.span.label == "actor"),
        "the memory suggests the other mentions of Trump"
    );
    press(&mut harness, Modifiers::COMMAND, Key::R);
    press(&mut harness, Modifiers::NONE, Key::F9);
    assert!(harness.state().review().active);

    open_typed(&mut harness, &bare);
    assert!(matches!(
        harness.state().question(),
        Some(Question::Unsaved(_))
    ));
    harness.get_by_label("Discard changes").click();
    harness.run_steps(3);

    let app = harness.state();
    assert_eq!(app.session().path(), Some(bare.as_path()));
    assert!(
        !app.review().active,
        "review mode belongs to the old project"
    );
    assert!(app.review().annotators.is_empty());
    assert!(
        app.dashboard()
            .report_generation()
            .is_none_or(|g| g >= app.session().identity()),
        "the dashboard shows no figure of the old project"
    );
    let text_len = char_len(&app.session().project.documents[app.view().doc].text);
    let pending = app.suggestions().pending().to_vec();
    assert!(
        pending.iter().all(|s| s.span.end <= text_len),
        "every suggestion lies in the open document"
    );
    assert!(
        pending.iter().all(|s| s.span.label != "actor"),
        "no layer of the new project has an actor, so nothing suggests one: {pending:?}"
    );
    let fresh = harness_as(&bare, ANNOTATOR);
    assert_eq!(
        pending,
        fresh.state().suggestions().pending(),
        "the same suggestions as when the project is opened first"
    );
}

#[test]
fn opening_a_file_that_is_not_a_project_names_it_and_keeps_the_open_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let jsonl = dir.path().join("analyst-a.jsonl");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo/analyst-a.jsonl"),
        &jsonl,
    )
    .expect("copy");
    let mut harness = harness_as(&demo, ANNOTATOR);
    let before = harness.state().session().project.clone();
    open_typed(&mut harness, &jsonl);
    let app = harness.state();
    assert_eq!(app.session().path(), Some(demo.as_path()), "still open");
    assert_eq!(app.session().project, before);
    let message = format!("Not opened: {}:1:1: ", jsonl.display());
    harness.get_by_label_contains(&message);
    harness.get_by_label_contains("(demo.ron stays open)");
    assert!(
        harness
            .query_by_label_contains("has no documents")
            .is_none(),
        "no talk of an empty project"
    );
}

#[test]
fn a_project_from_the_command_line_that_does_not_load_shows_why_and_the_ways_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("notes.ron");
    fs::write(&broken, "just some notes\n").expect("write");
    let mut harness = harness_as(&broken, ANNOTATOR);
    harness.get_by_label("No project is open");
    let message = format!("Not opened: {}:1:1: ", broken.display());
    assert!(harness.query_all_by_label_contains(&message).count() >= 1);
    assert!(
        harness
            .query_by_label_contains("has no documents")
            .is_none()
    );
    assert_eq!(harness.state().session().path(), None);

    press(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label_contains("No project is open: open one");
    assert_eq!(
        fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "saving without a project writes nothing"
    );

    harness.get_by_label_contains("Open project…").click();
    harness.run_steps(3);
    let demo = demo_copy(dir.path());
    fill_open_dialog(&mut harness, &demo);
    assert_eq!(harness.state().session().path(), Some(demo.as_path()));
    assert!(harness.query_by_label("No project is open").is_none());
}

#[test]
fn autosave_writes_the_recovery_file_when_its_timer_runs_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let settings = Settings {
        annotator: ANNOTATOR.into(),
        autosave_seconds: 1,
        ..Settings::default()
    };
    let mut harness = harness_with_settings(&demo, settings);
    annotate(&mut harness, "Zelensky", Key::A);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !recovery_path(&demo).exists() {
        assert!(Instant::now() < deadline, "autosave never ran");
        std::thread::sleep(Duration::from_millis(50));
        harness.run_steps(1);
    }
    let recovered = load_project(&recovery_path(&demo)).expect("recovery loads");
    assert_eq!(recovered, *harness.state().session().project);
    assert!(
        harness.state().session().is_dirty(),
        "the project file waits for Ctrl+S"
    );
}

#[test]
fn autosave_writes_the_recovery_file_when_the_window_loses_focus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let settings = Settings {
        annotator: ANNOTATOR.into(),
        autosave_seconds: 3600,
        ..Settings::default()
    };
    let mut harness = harness_with_settings(&demo, settings);
    set_focused(&mut harness, true);
    annotate(&mut harness, "Zelensky", Key::A);
    assert!(!recovery_path(&demo).exists(), "the timer is an hour away");
    set_focused(&mut harness, false);
    let recovered = load_project(&recovery_path(&demo)).expect("written on focus loss");
    assert_eq!(recovered, *harness.state().session().project);
}

#[test]
fn discarding_unsaved_changes_on_open_keeps_the_file_and_drops_the_recovery() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let saved = fs::read(&demo).expect("read");
    let bare = demo_without_layers(dir.path());
    let settings = Settings {
        annotator: ANNOTATOR.into(),
        autosave_seconds: 3600,
        ..Settings::default()
    };
    let mut harness = harness_with_settings(&demo, settings);
    annotate(&mut harness, "Zelensky", Key::A);
    set_focused(&mut harness, false);
    set_focused(&mut harness, true);
    assert!(recovery_path(&demo).exists(), "autosaved");

    open_typed(&mut harness, &bare);
    assert_eq!(
        harness.state().question(),
        Some(&Question::Unsaved(
            marginalia::ui::windows::confirm::AfterUnsaved::Open(bare.clone())
        ))
    );
    assert_eq!(
        harness.state().session().path(),
        Some(demo.as_path()),
        "asks first"
    );
    harness.get_by_label("Discard changes").click();
    harness.run_steps(3);
    assert_eq!(harness.state().session().path(), Some(bare.as_path()));
    assert_eq!(fs::read(&demo).expect("read"), saved, "byte for byte");
    assert!(
        !recovery_path(&demo).exists(),
        "the discarded work is not offered back"
    );
}

#[test]
fn a_new_project_asks_about_unsaved_changes_and_discard_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let saved = fs::read(&demo).expect("read");
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).expect("mkdir");
    fs::write(articles.join("one.txt"), "Mr Putin met Mr Trump.\n").expect("write");
    let target = dir.path().join("new.ron");
    let mut harness = harness_for_any_text(&demo, ANNOTATOR);
    annotate(&mut harness, "Zelensky", Key::A);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    fill_new_project(&mut harness, &articles, &target);
    harness.get_by_label("Create").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert!(matches!(
        harness.state().question(),
        Some(Question::Unsaved(_))
    ));
    assert_eq!(harness.state().session().path(), Some(demo.as_path()));
    harness.get_by_label("Discard changes").click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.session().path(), Some(target.as_path()));
    assert_eq!(app.session().project.documents[0].id.as_str(), "one");
    assert!(!app.session().is_dirty());
    assert_eq!(fs::read(&demo).expect("read"), saved);
}

#[test]
fn a_merge_lands_on_top_of_unsaved_work_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let copy = dir.path().join("carol.ron");
    let mut carol = load_project(&demo).expect("loads");
    let layer = carol.documents[1].layers["analyst-a"].clone();
    carol.documents[1].layers.insert("carol".into(), layer);
    save_project(&carol, &copy).expect("saves");
    let mut harness = harness_as(&demo, ANNOTATOR);
    annotate(&mut harness, "Zelensky", Key::A);
    let mine = layer_of(&harness, ANNOTATOR);
    assert_eq!(mine.spans.len(), 1);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    type_into(&mut harness, 2, &copy);
    harness.get_by_label("Merge").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert!(harness.state().question().is_none(), "nothing to ask");
    let project = &harness.state().session().project;
    assert!(project.documents[1].layers.contains_key("carol"));
    assert_eq!(
        layer_of(&harness, ANNOTATOR),
        mine,
        "the unsaved span stays"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &harness.state().session().project;
    assert!(!project.documents[1].layers.contains_key("carol"));
    assert_eq!(
        layer_of(&harness, ANNOTATOR),
        mine,
        "undo takes back only the merge"
    );
}
