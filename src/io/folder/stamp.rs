//! What a folder project looked like on disk when last read or written:
//! which files it had, their sizes and times, and the bytes of its
//! `project.ron`. Saving uses it to write only what changed; the session
//! uses it to notice that someone else (git, an editor) changed the folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use super::names::{LAYERS, TEXTS, annotator_folder, layer_file, text_file};
use crate::model::DocId;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of `metadata`.
    pub fn of(metadata: &fs::Metadata) -> Self {
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }

    /// The stamp of the file at `path`, if there is one.
    pub fn read(path: &Path) -> Option<Self> {
        fs::metadata(path).ok().map(|m| Self::of(&m))
    }
}

/// A folder project as last read or written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderStamp {
    /// Every text and layer file, by path relative to the folder.
    pub(super) files: BTreeMap<String, FileStamp>,
    /// The modification time of `texts/`, `layers/` and each annotator's
    /// folder (a file added, removed or renamed changes its folder's).
    pub(super) folders: BTreeMap<String, Option<SystemTime>>,
    /// The annotators with a folder in `layers/`.
    pub(super) annotators: BTreeSet<String>,
    /// The documents `project.ron` listed.
    pub(super) indexed: BTreeSet<DocId>,
    /// The bytes of `project.ron`.
    pub(super) index: String,
    /// `project.ron`'s stamp.
    pub(super) index_stamp: Option<FileStamp>,
    /// Temporary files a save that was killed left behind (relative paths),
    /// removed by the next save.
    pub(super) stray: Vec<String>,
}

impl FolderStamp {
    /// Records the modification times of the folders that hold files.
    pub(super) fn stamp_folders(&mut self, dir: &Path) {
        self.folders.clear();
        let mut names = vec![TEXTS.to_owned(), LAYERS.to_owned()];
        names.extend(self.annotators.iter().map(|a| annotator_folder(a)));
        for name in names {
            let modified = fs::metadata(dir.join(&name))
                .and_then(|m| m.modified())
                .ok();
            self.folders.insert(name, modified);
        }
    }

    /// Whether something other than Marginalia changed the folder since it
    /// was read or written: `project.ron`, a file added to or removed from
    /// a folder, or (in place) a file of one of the documents `docs` picks.
    pub fn changed_on_disk(&self, dir: &Path, docs: impl IntoIterator<Item = DocId>) -> bool {
        let index_path = dir.join(super::names::INDEX);
        if FileStamp::read(&index_path) != self.index_stamp {
            return fs::read_to_string(&index_path).map_or(true, |now| now != self.index);
        }
        let folders_moved = self.folders.iter().any(|(name, modified)| {
            fs::metadata(dir.join(name)).and_then(|m| m.modified()).ok() != *modified
        });
        if folders_moved {
            return true;
        }
        docs.into_iter().any(|doc| {
            std::iter::once(text_file(&doc))
                .chain(self.annotators.iter().map(|a| layer_file(a, &doc)))
                .any(|file| FileStamp::read(&dir.join(&file)) != self.files.get(&file).copied())
        })
    }
}
