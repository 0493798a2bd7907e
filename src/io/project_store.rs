//! A project wherever it lives: a single `.ron` file ([`super::project_file`])
//! or a folder project `NAME.marginalia/` ([`super::folder`]). Commands
//! and the window load and save through here, so both forms work
//! wherever a project does.

use std::path::Path;

use super::folder::{Scope, is_folder_project, load_folder, project_root, save_folder};
use super::{FileError, project_file};
use crate::model::Project;

/// Loads and validates the project at `path`, in either form (a folder
/// project also by its `project.ron`).
pub fn load_project(path: &Path) -> Result<Project, FileError> {
    let root = project_root(path);
    if is_folder_project(&root) {
        load_folder(&root).map(|(project, _)| project)
    } else {
        project_file::load_project(path)
    }
}

/// Saves `project` to `path` in the form the path names: a folder project
/// when it ends in `.marginalia` (or is one, or is its `project.ron`),
/// else a single file. A folder project gets only the files whose content
/// changed.
pub fn save_project(project: &Project, path: &Path) -> Result<(), FileError> {
    let root = project_root(path);
    if is_folder_project(&root) {
        save_folder(project, &root, None, &Scope::EVERYTHING).map(|_| ())
    } else {
        project_file::save_project(project, path)
    }
}
