//! Folder projects, `NAME.marginalia/`: the same project as the single
//! file, kept in one file per part so that git stores, diffs and merges
//! it file by file.
//!
//! ```text
//! NAME.marginalia/
//!   project.ron              format "marginalia-folder", version, schema,
//!                            and the documents (id, title, meta, sha256, file)
//!   texts/ID.txt             each document's text, verbatim
//!   layers/ANNOTATOR/ID.ron  one (document, annotator) layer
//! ```
//!
//! File and folder names come from ids and annotator names through the
//! reversible escaping of [`crate::io::file_names`]. Every file is
//! deterministic (the same project gives the same bytes), so single file →
//! folder → single file gives back the same bytes.

mod git_merge;
mod index;
mod layer_file;
mod load;
mod names;
mod recovery;
pub(crate) mod save;
mod stamp;

use std::path::{Path, PathBuf};

pub use git_merge::{FileMerge, FolderFile, merge_folder_file};
pub use index::{FOLDER_FORMAT, FOLDER_VERSION};
pub use load::load_folder;
pub use names::INDEX;
pub use recovery::{load_recovery, recovery_differs, save_recovery};
pub use save::{Scope, save_folder};
pub use stamp::FolderStamp;

/// The extension of a folder project's name (`NAME.marginalia`).
pub const EXTENSION: &str = "marginalia";

/// Whether `path` names a folder project: a name ending in `.marginalia`,
/// or an existing folder with a `project.ron`.
pub fn is_folder_project(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == EXTENSION) || path.join(INDEX).is_file()
}

/// The project `path` stands for: the folder project itself when `path`
/// is its `project.ron` (what a file dialog picks), else `path`.
pub fn project_root(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder)
            if path.file_name().is_some_and(|name| name == INDEX)
                && (folder.extension().is_some_and(|ext| ext == EXTENSION)
                    || folder.join(names::TEXTS).is_dir()) =>
        {
            folder.to_owned()
        }
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests;
