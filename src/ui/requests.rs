//! What the dialogs ask the app to do: the requests carried by their
//! [`crate::ui::commands::Action`]s, apart from the dialogs that fill them
//! so that the command list and the dialogs do not import each other.

use std::path::PathBuf;

use crate::io::export::ExportOptions;

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProjectRequest {
    /// Documents: `.txt` files, folders, `.jsonl` files.
    pub docs: Vec<PathBuf>,
    /// Schema file, or `None` for the built-in schema.
    pub schema: Option<PathBuf>,
    /// The project file to create (must not exist).
    pub path: PathBuf,
}

/// The formats the window imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// Our JSONL or doccano's (`label` or `entities` lines).
    Jsonl,
    /// A brat standoff folder (`ID.txt` + `ID.ann`).
    Brat,
}

/// What to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    /// The file (JSONL) or folder (brat).
    pub path: PathBuf,
    /// Its format.
    pub format: ImportFormat,
    /// The layer to fill; `None`: each JSONL line's own `annotator`.
    pub annotator: Option<String>,
    /// Add labels the schema lacks (asked, once the import finds them).
    pub extend_schema: bool,
}

/// What to export, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The options, as the command line has them.
    pub options: ExportOptions,
    /// The file or folder to write.
    pub out: PathBuf,
}
