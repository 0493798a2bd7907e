//! A folder project in the window, driven through the real app with
//! `egui_kittest`: opened through *File → Open* (by the folder or by its
//! `project.ron`), annotated, saved with Ctrl+S (only the annotator's
//! layer file is written), autosaved into a recovery folder and restored,
//! and created with *New project*'s folder option.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use marginalia::io::{load_project, save_project};
use marginalia::session::recovery_path;

use common::harness::{
    annotate, demo_copy, fill_new_project, harness_for_any_text, layer_of, open_typed, press,
    set_focused, wait_until_idle,
};

const ANNOTATOR: &str = "tester";

/// The demo project as a folder project.
fn demo_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("demo.marginalia");
    let project = load_project(&demo_copy(dir)).expect("demo loads");
    save_project(&project, &folder).expect("saves");
    folder
}

/// Every file of `folder` with its inode: a file written anew (atomically,
/// by a rename) gets a new one.
#[cfg(unix)]
fn inodes(folder: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![folder.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("ls") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(folder).expect("inside");
                let ino = fs::metadata(&path).expect("stat").ino();
                out.insert(name.to_string_lossy().into_owned(), ino);
            }
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn a_folder_project_opened_by_its_project_ron_saves_only_the_edited_layer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = demo_folder(dir.path());
    let other = demo_copy(dir.path());
    let mut harness = harness_for_any_text(&other, ANNOTATOR);
    open_typed(&mut harness, &folder.join("project.ron"));
    wait_until_idle(&mut harness);
    assert_eq!(harness.state().session().path(), Some(folder.as_path()));
    let before = inodes(&folder);
    annotate(&mut harness, "Zelensky", Key::A);
    assert_eq!(layer_of(&harness, ANNOTATOR).spans.len(), 1);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    wait_until_idle(&mut harness);
    assert!(!harness.state().session().is_dirty());
    let after = inodes(&folder);
    let written: Vec<&String> = after
        .iter()
        .filter(|(name, ino)| before.get(*name) != Some(ino))
        .map(|(name, _)| name)
        .collect();
    let doc = harness.state().session().project.documents[0].id.clone();
    assert_eq!(
        written,
        vec![&format!("layers/{ANNOTATOR}/{}.ron", doc.as_str())]
    );
    let saved = load_project(&folder).expect("loads");
    assert_eq!(saved, *harness.state().session().project);
}

#[test]
fn autosaved_work_in_a_folder_project_is_offered_back_on_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = demo_folder(dir.path());
    let mut harness = harness_for_any_text(&folder, ANNOTATOR);
    set_focused(&mut harness, true);
    annotate(&mut harness, "Zelensky", Key::A);
    set_focused(&mut harness, false);
    let recovery = recovery_path(&folder);
    assert!(recovery.join("project.ron").is_file(), "a recovery folder");
    assert!(
        !recovery.join("texts").read_dir().expect("ls").any(|_| true),
        "no texts copied"
    );
    let edited = harness.state().session().project.clone();
    drop(harness);
    let mut harness = harness_for_any_text(&folder, ANNOTATOR);
    harness.get_by_label("Restore").click();
    harness.run_steps(3);
    assert_eq!(harness.state().session().project, edited);
    assert!(harness.state().session().is_dirty());
}

#[test]
fn new_project_with_the_folder_option_makes_a_folder_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).expect("mkdir");
    fs::write(
        articles.join("one.txt"),
        "\u{201C}Putin\u{201D} met Trump.\r\n",
    )
    .expect("write");
    let demo = demo_copy(dir.path());
    let mut harness = harness_for_any_text(&demo, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    fill_new_project(&mut harness, &articles, &dir.path().join("team"));
    harness.get_by_label_contains("Folder project").click();
    harness.run_steps(1);
    harness.get_by_label("Create").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let folder = dir.path().join("team.marginalia");
    assert_eq!(harness.state().session().path(), Some(folder.as_path()));
    assert!(folder.join("texts/one.txt").is_file());
    assert_eq!(
        fs::read(folder.join("texts/one.txt")).expect("text"),
        fs::read(articles.join("one.txt")).expect("text")
    );
}
