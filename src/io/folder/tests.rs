//! Folder projects through the file system: round trips, saves that write
//! only what changed, and every way a folder can be wrong.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::io::project_file::{self, tests::sample_project};
use crate::model::{DocId, Document, Layer, Project, Span, SpanId, Status};

/// Emoji, a ZWJ sequence, combining marks, curly quotes, CRLF and NBSP.
const AWKWARD: &str = "\u{201C}Zo\u{EB}\u{201D} e\u{301} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\r\nsaid\u{A0}no.";

fn project() -> Project {
    let mut project = sample_project();
    let mut doc = Document::new(
        "model:x/\u{1F469}\u{200D}\u{1F4BB}.v2".into(),
        AWKWARD.into(),
        BTreeMap::new(),
        AWKWARD.into(),
    );
    doc.layers.insert(
        "model:crf".into(),
        Layer::with_spans(
            Status::New,
            vec![Span::new(SpanId::from("T1"), 9, 17, "actor")],
        ),
    );
    project.documents.push(doc);
    project
}

fn folder(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("p.marginalia")
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(name, fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[cfg(unix)]
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    files(dir)
        .into_keys()
        .map(|name| {
            let ino = fs::metadata(dir.join(&name)).expect("stat").ino();
            (name, ino)
        })
        .collect()
}

#[test]
fn single_file_to_folder_and_back_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let project = project();
    save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    let (loaded, _) = load_folder(&dir).expect("loads");
    assert_eq!(loaded, project);
    assert_eq!(
        project_file::project_to_ron(&loaded),
        project_file::project_to_ron(&project)
    );
    let again = tmp.path().join("q.marginalia");
    save_folder(&loaded, &again, None, &Scope::EVERYTHING).expect("saved");
    assert_eq!(files(&dir), files(&again));
    let names = files(&dir).into_keys().collect::<Vec<_>>();
    assert!(
        names.contains(
            &"layers/model%3Acrf/model%3Ax%2F\u{1F469}\u{200D}\u{1F4BB}.v2.ron".to_owned()
        ),
        "{names:?}"
    );
    assert!(names.contains(&"texts/doc-1.txt".to_owned()), "{names:?}");
    assert_eq!(
        fs::read_to_string(dir.join("texts/doc-1.txt")).expect("text"),
        project.documents[0].text,
        "texts are kept verbatim"
    );
}

#[cfg(unix)]
#[test]
fn a_save_after_one_edit_writes_only_that_layer_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let mut project = project();
    let stamp = save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    let before = inodes(&dir);
    let doc = DocId::from("doc-1");
    project.documents[0]
        .layers
        .get_mut("alice")
        .expect("alice")
        .status = Status::InProgress;
    let stamp = save_folder(
        &project,
        &dir,
        Some(&stamp),
        &Scope::changed(&|d| *d == doc),
    )
    .expect("saved");
    let after = inodes(&dir);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(name, ino)| before.get(*name) != Some(ino))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(rewritten, vec!["layers/alice/doc-1.ron"]);
    // Nothing changed: nothing written, also when told the document did.
    save_folder(&project, &dir, Some(&stamp), &Scope::EVERYTHING).expect("saved");
    assert_eq!(inodes(&dir), after);
    assert!(!stamp.changed_on_disk(&dir, [doc.clone()]));
}

#[test]
fn removed_layers_documents_and_annotators_leave_no_file_behind() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let mut project = project();
    let stamp = save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    project.documents[0].layers.remove("gold");
    project.documents.pop();
    save_folder(&project, &dir, Some(&stamp), &Scope::EVERYTHING).expect("saved");
    let names: Vec<String> = files(&dir).into_keys().collect();
    assert_eq!(
        names,
        ["layers/alice/doc-1.ron", "project.ron", "texts/doc-1.txt"]
    );
    assert!(
        !dir.join("layers/model%3Acrf").exists(),
        "empty folder removed"
    );
    assert_eq!(load_folder(&dir).expect("loads").0, project);
}

#[test]
fn a_save_without_a_stamp_over_an_older_copy_removes_what_is_gone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let mut project = project();
    save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    project.documents[0].layers.remove("alice");
    crate::io::save_project(&project, &dir).expect("saved");
    assert!(!dir.join("layers/alice/doc-1.ron").exists());
    assert_eq!(crate::io::load_project(&dir).expect("loads"), project);
}

#[test]
fn leftovers_of_a_killed_save_are_ignored_then_removed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let project = project();
    save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    fs::write(dir.join("layers/alice/.doc-1.ron.saving"), "(half").expect("write");
    fs::write(dir.join("texts/.new.txt.saving"), "half").expect("write");
    let (loaded, stamp) = load_folder(&dir).expect("loads despite them");
    assert_eq!(loaded, project);
    save_folder(&loaded, &dir, Some(&stamp), &Scope::changed(&|_| false)).expect("saved");
    assert!(!dir.join("layers/alice/.doc-1.ron.saving").exists());
    assert!(!dir.join("texts/.new.txt.saving").exists());
}

/// The error loading `dir` gives, as text.
fn load_error(dir: &Path) -> crate::io::FileError {
    load_folder(dir).expect_err("refused")
}

#[test]
fn a_layer_of_an_unknown_document_is_an_error_naming_its_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    let layer = fs::read_to_string(dir.join("layers/alice/doc-1.ron")).expect("read");
    fs::write(
        dir.join("layers/alice/doc-9.ron"),
        layer.replace("\"doc-1\"", "\"doc-9\""),
    )
    .expect("write");
    let err = load_error(&dir);
    assert!(err.path.ends_with("layers/alice/doc-9.ron"), "{err}");
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("does not list"), "{err}");
}

#[test]
fn a_layer_file_naming_another_document_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    fs::rename(
        dir.join("layers/alice/doc-1.ron"),
        dir.join("layers/alice/doc-2.ron"),
    )
    .expect("rename");
    let err = load_error(&dir);
    assert!(err.path.ends_with("layers/alice/doc-2.ron"), "{err}");
    assert!(err.message.contains("its file name is that of"), "{err}");
}

#[test]
fn a_missing_or_edited_text_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    fs::write(dir.join("texts/doc-1.txt"), "edited by hand").expect("write");
    let err = load_error(&dir);
    assert!(err.path.ends_with("texts/doc-1.txt"), "{err}");
    assert!(
        err.message.contains("was changed after annotation"),
        "{err}"
    );
    fs::remove_file(dir.join("texts/doc-1.txt")).expect("remove");
    let err = load_error(&dir);
    assert!(err.message.contains("missing"), "{err}");
}

#[test]
fn a_layer_made_against_another_text_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let project = project();
    save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    let path = dir.join("layers/alice/doc-1.ron");
    let layer = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        layer.replace(&project.documents[0].sha256, &"0".repeat(64)),
    )
    .expect("write");
    let err = load_error(&dir);
    assert!(err.path.ends_with("layers/alice/doc-1.ron"), "{err}");
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.message.contains("another text"), "{err}");
}

#[test]
fn broken_and_invalid_layer_files_are_errors_with_line_and_column() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    let path = dir.join("layers/alice/doc-1.ron");
    let layer = fs::read_to_string(&path).expect("read");
    fs::write(&path, layer.replace("start: 5", "start: x")).expect("write");
    let err = load_error(&dir);
    assert!(
        err.path.ends_with("layers/alice/doc-1.ron") && err.column.is_some(),
        "{err}"
    );
    fs::write(&path, layer.replace("label: \"actor\"", "label: \"nope\"")).expect("write");
    let err = load_error(&dir);
    assert!(err.path.ends_with("layers/alice/doc-1.ron"), "{err}");
    assert!(err.message.contains("nope"), "{err}");
    assert!(
        layer
            .lines()
            .nth(err.line.expect("line") - 1)
            .expect("line")
            .contains("T1"),
        "{err}"
    );
}

#[test]
fn a_folder_without_project_ron_and_stray_files_are_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    fs::create_dir_all(&dir).expect("mkdir");
    assert!(load_error(&dir).message.contains("missing"));
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    fs::write(dir.join("layers/alice/notes.md"), "x").expect("write");
    let err = load_error(&dir);
    assert!(
        err.path.ends_with("notes.md") && err.message.contains("not a layer file"),
        "{err}"
    );
    fs::remove_file(dir.join("layers/alice/notes.md")).expect("remove");
    fs::write(dir.join("layers/stray.ron"), "x").expect("write");
    assert!(load_error(&dir).message.contains("annotator's folder"));
}

#[test]
fn a_failed_load_or_refused_save_changes_no_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let mut project = project();
    save_folder(&project, &dir, None, &Scope::EVERYTHING).expect("saved");
    let before = files(&dir);
    let mut twin = project.documents[0].clone();
    twin.id = DocId::from("DOC-1");
    project.documents.push(twin);
    let err = save_folder(&project, &dir, None, &Scope::EVERYTHING).expect_err("alike ids");
    assert!(err.message.contains("ignore case"), "{err}");
    assert_eq!(files(&dir), before);
    let other = tmp.path().join("other");
    fs::create_dir_all(&other).expect("mkdir");
    fs::write(other.join("keep.txt"), "mine").expect("write");
    let err =
        save_folder(&sample_project(), &other, None, &Scope::EVERYTHING).expect_err("not empty");
    assert!(err.message.contains("no project.ron"), "{err}");
    assert_eq!(files(&other).len(), 1);
}

/// Every layer of `project` by (document, annotator).
fn layers(project: &Project) -> BTreeMap<(DocId, String), Layer> {
    project
        .documents
        .iter()
        .flat_map(|d| {
            d.layers
                .iter()
                .map(|(a, l)| ((d.id.clone(), a.clone()), l.clone()))
        })
        .collect()
}

#[test]
fn a_save_killed_after_any_step_leaves_a_folder_that_loads_each_layer_old_or_new() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    let old = project();
    save_folder(&old, &dir, None, &Scope::EVERYTHING).expect("saved");
    let mut new = old.clone();
    let alice = new.documents[0].layers.get_mut("alice").expect("alice");
    alice.status = Status::New;
    alice.spans.retain(|s| s.id.as_str() != "T2");
    new.documents[0].layers.remove("gold");
    new.documents[0]
        .layers
        .insert("bob".into(), Layer::with_spans(Status::Done, vec![]));
    new.documents.remove(1);
    let mut added = Document::new(
        "new \u{1F600}".into(),
        String::new(),
        BTreeMap::new(),
        AWKWARD.into(),
    );
    added.layers.insert(
        "alice".into(),
        Layer::with_spans(
            Status::New,
            vec![Span::new(SpanId::from("T1"), 0, 4, "date")],
        ),
    );
    new.documents.push(added);
    let (_, stamp) = load_folder(&dir).expect("loads");
    let (steps, _) = save::plan(&new, &dir, &stamp, &Scope::EVERYTHING, false);
    assert!(steps.len() >= 6, "{steps:?}");
    let (old_layers, new_layers) = (layers(&old), layers(&new));
    for killed_after in 0..=steps.len() {
        let copy = tmp.path().join(format!("kill-{killed_after}.marginalia"));
        copy_tree(&dir, &copy);
        save::execute(&copy, &steps[..killed_after], &mut stamp.clone()).expect("steps");
        let (loaded, _) = load_folder(&copy)
            .unwrap_or_else(|err| panic!("killed after {killed_after} steps: {err}"));
        for (key, layer) in layers(&loaded) {
            assert!(
                old_layers.get(&key) == Some(&layer) || new_layers.get(&key) == Some(&layer),
                "killed after {killed_after} steps: {key:?} is neither old nor new"
            );
        }
    }
    let (done, _) =
        load_folder(&tmp.path().join(format!("kill-{}.marginalia", steps.len()))).expect("loads");
    assert_eq!(done, new);
}

/// Copies the folder `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("ls") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn annotator_folders_alike_but_for_case_are_refused_on_load() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    fs::create_dir_all(dir.join("layers/Alice")).expect("mkdir");
    fs::copy(
        dir.join("layers/alice/doc-1.ron"),
        dir.join("layers/Alice/doc-1.ron"),
    )
    .expect("copy");
    let err = load_error(&dir);
    assert!(err.message.contains("\"Alice\" and \"alice\""), "{err}");
}

#[test]
fn git_conflict_markers_in_project_ron_are_named_as_such() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = folder(&tmp);
    save_folder(&project(), &dir, None, &Scope::EVERYTHING).expect("saved");
    let index = fs::read_to_string(dir.join(INDEX)).expect("read");
    let conflicted = index.replacen(
        "  documents: [\n",
        "  documents: [\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n",
        1,
    );
    fs::write(dir.join(INDEX), conflicted).expect("write");
    let err = load_error(&dir);
    assert!(
        err.message.contains("git left a merge conflict here"),
        "{err}"
    );
    assert!(err.path.ends_with(INDEX));
}
