//! Saving a folder project: only the files whose content changed are
//! written, each atomically (temporary file, fsync, rename).
//!
//! The order keeps the folder loadable if the save is killed at any
//! moment: new texts first; then the layers of documents `project.ron`
//! already lists; then `project.ron`; then the layers of the documents it
//! lists for the first time (a layer file for a document `project.ron`
//! does not list would not load); then the files of removed documents, and
//! the temporary files of an earlier, killed save. Each layer file is
//! either the old one or the new one.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::index::{parse_index, write_index};
use super::layer_file::write_layer_file;
use super::names::{
    INDEX, LAYERS, TEXTS, annotator_of, check_names, document_of, layer_file, text_file,
};
use super::stamp::{FileStamp, FolderStamp, parent_of};
use crate::io::FileError;
use crate::io::atomic::{SAVING_SUFFIX, write_atomic};
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

/// One file to write: its path relative to the folder and its bytes.
struct Write {
    file: String,
    bytes: Vec<u8>,
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
    check_names(project).map_err(|message| FileError::new(dir, message))?;
    prepare(dir, previous.is_none())?;
    let disk = match previous {
        Some(stamp) => stamp.clone(),
        None => scan(dir),
    };
    let compare_texts = previous.is_none();
    let all = previous.is_none();
    let mut new_texts = Vec::new();
    let mut before_index = Vec::new();
    let mut after_index = Vec::new();
    let mut removals: Vec<String> = Vec::new();
    for doc in &project.documents {
        let listed = disk.indexed.contains(&doc.id);
        let text = text_file(&doc.id);
        let has_text = disk.files.contains_key(&text);
        if !(scope.text)(&doc.id) {
            if has_text {
                removals.push(text);
            }
        } else if !has_text || compare_texts && differs(dir, &text, doc.text.as_bytes()) {
            new_texts.push(Write {
                file: text,
                bytes: doc.text.as_bytes().to_vec(),
            });
        }
        if !(all || !listed || (scope.changed)(&doc.id)) {
            continue;
        }
        let keeps_layers = (scope.layers)(&doc.id);
        let writes = if listed {
            &mut before_index
        } else {
            &mut after_index
        };
        for (annotator, layer) in doc.layers.iter().filter(|_| keeps_layers) {
            let file = layer_file(annotator, &doc.id);
            let bytes = write_layer_file(doc, layer).into_bytes();
            if !disk.files.contains_key(&file) || differs(dir, &file, &bytes) {
                writes.push(Write { file, bytes });
            }
        }
        for annotator in &disk.annotators {
            let file = layer_file(annotator, &doc.id);
            let kept = keeps_layers && doc.layers.contains_key(annotator);
            if !kept && disk.files.contains_key(&file) {
                removals.push(file);
            }
        }
    }
    let index = write_index(project);
    let mut stamp = disk.clone();
    write_all(dir, &new_texts, &mut stamp)?;
    write_all(dir, &before_index, &mut stamp)?;
    remove_all(dir, &removals, &mut stamp);
    if index != disk.index || FileStamp::read(&dir.join(INDEX)).is_none() {
        write_atomic(&dir.join(INDEX), index.as_bytes())?;
    }
    write_all(dir, &after_index, &mut stamp)?;
    let kept: BTreeSet<&DocId> = project.documents.iter().map(|d| &d.id).collect();
    let gone = removed_documents(&disk, &kept);
    remove_all(dir, &gone, &mut stamp);
    for stray in &disk.stray {
        let _ = fs::remove_file(dir.join(stray));
    }
    stamp.stray.clear();
    stamp.annotators = stamp
        .files
        .keys()
        .filter_map(|file| file.strip_prefix(&format!("{LAYERS}/")))
        .filter_map(|rest| rest.split_once('/'))
        .filter_map(|(folder, _)| annotator_of(folder))
        .collect();
    remove_empty_annotator_folders(dir, &disk, &stamp);
    stamp.indexed = kept.into_iter().cloned().collect();
    stamp.index = index;
    stamp.index_stamp = FileStamp::read(&dir.join(INDEX));
    stamp.stamp_folders(dir);
    Ok(stamp)
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

fn write_all(dir: &Path, writes: &[Write], stamp: &mut FolderStamp) -> Result<(), FileError> {
    for write in writes {
        let path = dir.join(&write.file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|err| FileError::new(parent, format!("cannot create: {err}")))?;
        }
        write_atomic(&path, &write.bytes)?;
        if let Some(file_stamp) = FileStamp::read(&path) {
            stamp.files.insert(write.file.clone(), file_stamp);
        }
    }
    Ok(())
}

fn remove_all(dir: &Path, files: &[String], stamp: &mut FolderStamp) {
    for file in files {
        let _ = fs::remove_file(dir.join(file));
        stamp.files.remove(file);
    }
}

/// The text and layer files of documents the folder held and `kept` does
/// not.
fn removed_documents(disk: &FolderStamp, kept: &BTreeSet<&DocId>) -> Vec<String> {
    let mut files = Vec::new();
    for doc in disk.indexed.iter().filter(|doc| !kept.contains(doc)) {
        for annotator in &disk.annotators {
            let file = layer_file(annotator, doc);
            if disk.files.contains_key(&file) {
                files.push(file);
            }
        }
        files.push(text_file(doc));
    }
    files
}

/// Removes the folders of annotators who have no layer left.
fn remove_empty_annotator_folders(dir: &Path, disk: &FolderStamp, stamp: &FolderStamp) {
    for annotator in disk.annotators.difference(&stamp.annotators) {
        let folder = parent_of(&layer_file(annotator, &DocId::from("x")));
        let _ = fs::remove_dir(dir.join(folder));
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
