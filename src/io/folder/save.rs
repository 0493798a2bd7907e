//! Saving a folder project: only the files whose content changed are
//! written, each atomically (temporary file, fsync, rename).
//!
//! The order keeps the folder loadable if the save is killed at any
//! moment: new texts first; then the layers of documents `project.ron`
//! already lists, the layers of removed documents among them; then
//! `project.ron`; then the layers of the documents it lists for the first
//! time (a layer file for a document `project.ron` does not list would not
//! load); then the texts of removed documents, and the temporary files of
//! an earlier, killed save. Each layer file is either the old one or the
//! new one; a test kills a save after every step.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::index::{parse_index, write_index};
use super::layer_file::write_layer_file;
use super::names::{
    INDEX, LAYERS, TEXTS, annotator_folder, annotator_of, check_names, document_of, layer_file,
    text_file,
};
use super::stamp::{FileStamp, FolderStamp};
use crate::io::FileError;
use crate::io::atomic::{SAVING_SUFFIX, commit_staged, stage_all, sync_parent, write_atomic};
use crate::model::{DocId, Project};

/// Which documents a save looks at, and which of their files the folder
/// keeps.
pub struct Scope<'a> {
    /// Whether a document may have changed since the stamp was taken; the
    /// others are not looked at.
    pub changed: &'a dyn Fn(&DocId) -> bool,
    /// Whether the folder keeps a document's layers (a project keeps every
    /// document's; a recovery folder only those of the changed documents).
    pub layers: &'a dyn Fn(&DocId) -> bool,
    /// Whether the folder keeps a document's text.
    pub text: &'a dyn Fn(&DocId) -> bool,
}

fn every(_: &DocId) -> bool {
    true
}

impl Scope<'_> {
    /// Every document, every file: a save without knowledge of what changed.
    pub const EVERYTHING: Scope<'static> = Scope {
        changed: &every,
        layers: &every,
        text: &every,
    };
}

impl<'a> Scope<'a> {
    /// Every file of the documents `changed` picks.
    pub fn changed(changed: &'a dyn Fn(&DocId) -> bool) -> Self {
        Scope {
            changed,
            ..Scope::EVERYTHING
        }
    }
}

/// One step of a save, atomic on its own: a kill between two steps leaves
/// a folder that loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// Replace (or create) the file at this path, relative to the folder.
    Write {
        /// The file.
        file: String,
        /// Its new bytes.
        bytes: Vec<u8>,
    },
    /// Remove the file at this path.
    Remove {
        /// The file.
        file: String,
    },
}

/// Saves `project` into the folder `dir` and gives the new stamp.
///
/// `previous` is the stamp of the folder as last read or written by this
/// process, and `scope` tells which documents may have changed since:
/// the others are not looked at. Without a stamp every document is
/// compared with what the folder holds (a first save, a save elsewhere).
pub fn save_folder(
    project: &Project,
    dir: &Path,
    previous: Option<&FolderStamp>,
    scope: &Scope,
) -> Result<FolderStamp, FileError> {
    let new_names = previous.is_none_or(|disk| {
        project.documents.iter().any(|doc| {
            !disk.indexed.contains(&doc.id)
                || doc
                    .layers
                    .keys()
                    .any(|name| !disk.annotators.contains(name))
        })
    });
    if new_names {
        check_names(project).map_err(|message| FileError::new(dir, message))?;
    }
    prepare(dir, previous.is_none())?;
    let scanned;
    let disk = if let Some(stamp) = previous {
        stamp
    } else {
        scanned = scan(dir);
        &scanned
    };
    let (steps, index) = plan(project, dir, disk, scope, previous.is_none());
    let mut stamp = disk.clone();
    execute(dir, &steps, &mut stamp)?;
    stamp.stray.clear();
    let layers_prefix = format!("{LAYERS}/");
    let folders: BTreeSet<&str> = stamp
        .files
        .keys()
        .filter_map(|file| file.strip_prefix(&layers_prefix))
        .filter_map(|rest| rest.split_once('/'))
        .map(|(folder, _)| folder)
        .collect();
    stamp.annotators = folders.into_iter().filter_map(annotator_of).collect();
    remove_empty_annotator_folders(dir, disk, &stamp);
    if new_names || disk.indexed.len() != project.documents.len() {
        stamp.indexed = project.documents.iter().map(|d| d.id.clone()).collect();
    }
    stamp.index = index;
    stamp.index_stamp = FileStamp::read(&dir.join(INDEX));
    stamp.stamp_folders(dir);
    Ok(stamp)
}

/// The steps that turn the folder `dir`, as `disk` describes it, into
/// `project`: only files whose content changes (`compare`: look at the
/// bytes of every file, not only of the documents `scope` says changed),
/// in the order the module documentation gives; and the text of the new
/// `project.ron`.
pub(super) fn plan(
    project: &Project,
    dir: &Path,
    disk: &FolderStamp,
    scope: &Scope,
    compare: bool,
) -> (Vec<Step>, String) {
    let mut new_texts = Vec::new();
    let mut before_index = Vec::new();
    let mut after_index = Vec::new();
    for doc in &project.documents {
        let listed = disk.indexed.contains(&doc.id);
        let looked_at = compare || !listed || (scope.changed)(&doc.id);
        if !looked_at {
            // Texts never change: a document listed and not changed since
            // the stamp has nothing to write.
            continue;
        }
        let text = text_file(&doc.id);
        let has_text = disk.files.contains_key(&text);
        if !(scope.text)(&doc.id) {
            if has_text {
                before_index.push(Step::Remove { file: text });
            }
        } else if !has_text || compare && differs(dir, &text, doc.text.as_bytes()) {
            new_texts.push(Step::Write {
                file: text,
                bytes: doc.text.as_bytes().to_vec(),
            });
        }
        let keeps_layers = (scope.layers)(&doc.id);
        let steps = if listed {
            &mut before_index
        } else {
            &mut after_index
        };
        for (annotator, layer) in doc.layers.iter().filter(|_| keeps_layers) {
            let file = layer_file(annotator, &doc.id);
            let bytes = write_layer_file(doc, layer).into_bytes();
            if !disk.files.contains_key(&file) || differs(dir, &file, &bytes) {
                steps.push(Step::Write { file, bytes });
            }
        }
        for annotator in &disk.annotators {
            let file = layer_file(annotator, &doc.id);
            let kept = keeps_layers && doc.layers.contains_key(annotator);
            if !kept && disk.files.contains_key(&file) {
                steps.push(Step::Remove { file });
            }
        }
    }
    let (removed_layers, removed_texts) = if compare
        || disk.indexed.len() > project.documents.len()
        || project
            .documents
            .iter()
            .any(|doc| !disk.indexed.contains(&doc.id))
    {
        let kept: BTreeSet<&DocId> = project.documents.iter().map(|d| &d.id).collect();
        removed_documents(disk, &kept)
    } else {
        // The same documents as before: none removed.
        (Vec::new(), Vec::new())
    };
    let mut steps = new_texts;
    steps.append(&mut before_index);
    steps.extend(removed_layers.into_iter().map(|file| Step::Remove { file }));
    let index = write_index(project);
    if index != disk.index || !dir.join(INDEX).is_file() {
        steps.push(Step::Write {
            file: INDEX.to_owned(),
            bytes: index.clone().into_bytes(),
        });
    }
    steps.append(&mut after_index);
    steps.extend(
        removed_texts
            .into_iter()
            .chain(disk.stray.iter().cloned())
            .map(|file| Step::Remove { file }),
    );
    (steps, index)
}

/// Writes above which a save writes every temporary file first and flushes
/// them to disk at once, instead of one `fsync` a file.
const BATCH: usize = 32;

/// Carries out `steps` in `dir`, in order, noting each file written or
/// removed in `stamp`. Many writes are staged first (every temporary file
/// written and flushed at once), then renamed into place in order: each
/// file still goes from old to new in one step, in the plan's order.
pub(super) fn execute(
    dir: &Path,
    steps: &[Step],
    stamp: &mut FolderStamp,
) -> Result<(), FileError> {
    let writes: Vec<(PathBuf, &[u8])> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Write { file, bytes } => Some((dir.join(file), bytes.as_slice())),
            Step::Remove { .. } => None,
        })
        .collect();
    let parents: BTreeSet<&Path> = writes
        .iter()
        .filter_map(|(path, _)| path.parent())
        .collect();
    for parent in &parents {
        fs::create_dir_all(parent)
            .map_err(|err| FileError::new(parent, format!("cannot create: {err}")))?;
    }
    let staged = writes.len() > BATCH;
    if staged {
        let files: Vec<(&Path, &[u8])> = writes.iter().map(|(p, b)| (p.as_path(), *b)).collect();
        stage_all(&files)?;
    }
    for step in steps {
        match step {
            Step::Write { file, bytes } => {
                let path = dir.join(file);
                if staged {
                    commit_staged(&path)?;
                } else {
                    write_atomic(&path, bytes)?;
                }
                if file != INDEX
                    && let Some(file_stamp) = FileStamp::read(&path)
                {
                    stamp.files.insert(file.clone(), file_stamp);
                }
            }
            Step::Remove { file } => {
                let _ = fs::remove_file(dir.join(file));
                stamp.files.remove(file);
            }
        }
    }
    if staged {
        for parent in parents {
            sync_parent(parent);
        }
    }
    Ok(())
}

/// Makes the folder and its `texts/` and `layers/`; a first save refuses a
/// folder that holds something other than a folder project.
fn prepare(dir: &Path, first: bool) -> Result<(), FileError> {
    if dir.exists() && !dir.is_dir() {
        return Err(FileError::new(
            dir,
            "is a file; a folder project needs a folder here",
        ));
    }
    if first && dir.is_dir() && !dir.join(INDEX).exists() {
        let empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
        if !empty {
            return Err(FileError::new(
                dir,
                "is a folder that holds other files and no project.ron; a folder project needs an empty or new folder",
            ));
        }
    }
    for sub in [TEXTS, LAYERS] {
        fs::create_dir_all(dir.join(sub))
            .map_err(|err| FileError::new(&dir.join(sub), format!("cannot create: {err}")))?;
    }
    Ok(())
}

/// Whether the file `file` of `dir` holds other bytes than `bytes`.
fn differs(dir: &Path, file: &str, bytes: &[u8]) -> bool {
    fs::read(dir.join(file)).map_or(true, |now| now != bytes)
}

/// The layer files and the text files of the documents the folder held
/// and `kept` does not: the layers go before `project.ron` stops listing
/// the document, the text after.
fn removed_documents(disk: &FolderStamp, kept: &BTreeSet<&DocId>) -> (Vec<String>, Vec<String>) {
    let (mut layers, mut texts) = (Vec::new(), Vec::new());
    for doc in disk.indexed.iter().filter(|doc| !kept.contains(doc)) {
        for annotator in &disk.annotators {
            let file = layer_file(annotator, doc);
            if disk.files.contains_key(&file) {
                layers.push(file);
            }
        }
        texts.push(text_file(doc));
    }
    (layers, texts)
}

/// Removes the folders of annotators who have no layer left.
fn remove_empty_annotator_folders(dir: &Path, disk: &FolderStamp, stamp: &FolderStamp) {
    for annotator in disk.annotators.difference(&stamp.annotators) {
        let _ = fs::remove_dir(dir.join(annotator_folder(annotator)));
    }
}

/// What the folder holds, for a save without a stamp: its files (names
/// only), the documents its `project.ron` lists, leftovers of killed saves.
fn scan(dir: &Path) -> FolderStamp {
    let mut stamp = FolderStamp::default();
    let names = |path: &Path| -> Vec<String> {
        fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let note = |folder: &str, name: &str, stamp: &mut FolderStamp| {
        let file = format!("{folder}/{name}");
        if name.starts_with('.') {
            if name.ends_with(SAVING_SUFFIX) {
                stamp.stray.push(file);
            }
        } else if let Some(file_stamp) = FileStamp::read(&dir.join(&file)) {
            stamp.files.insert(file, file_stamp);
        }
    };
    for name in names(&dir.join(TEXTS)) {
        note(TEXTS, &name, &mut stamp);
    }
    for folder in names(&dir.join(LAYERS)) {
        let relative = format!("{LAYERS}/{folder}");
        if let Some(annotator) = annotator_of(&folder).filter(|_| !folder.starts_with('.')) {
            stamp.annotators.insert(annotator);
        }
        for name in names(&dir.join(&relative)) {
            if document_of(&name).is_some() || name.starts_with('.') {
                note(&relative, &name, &mut stamp);
            }
        }
    }
    if let Ok(source) = fs::read_to_string(dir.join(INDEX)) {
        if let Ok(index) = parse_index(&source, &dir.join(INDEX)) {
            stamp.indexed = index.documents.into_iter().map(|e| e.id).collect();
        }
        stamp.index = source;
    }
    stamp
}
