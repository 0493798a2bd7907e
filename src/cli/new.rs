//! `marginalia new PROJECT.ron [--schema SCHEMA.ron] [--docs PATH...]`:
//! a single project file, or a folder project when the path ends in
//! `.marginalia` (or with `--folder`).

use std::path::{Path, PathBuf};

use super::output::{CliError, print};
use crate::io::documents::project_from_paths;
use crate::io::folder::{Scope, is_folder_project, save_folder};
use crate::io::output_guard::{OutputKind, refuse_output_over_inputs};
use crate::io::{FileError, load_schema, save_project};
use crate::model::{Project, Schema};

/// Arguments of `new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The project to create (must not exist yet): a single file, or a
    /// folder project when the name ends in `.marginalia`.
    pub project: PathBuf,
    /// Make a folder project whatever the name ends in.
    #[arg(long)]
    pub folder: bool,
    /// Schema file (default: the built-in diplomacy schema).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Documents: `.txt` files, folders of them, or `.jsonl` files.
    #[arg(long, num_args = 1..)]
    pub docs: Vec<PathBuf>,
}

/// Creates the project.
pub fn run(args: &NewArgs) -> Result<(), CliError> {
    if args.project.exists() {
        return Err(
            FileError::new(&args.project, "already exists; refusing to overwrite it").into(),
        );
    }
    let inputs: Vec<&Path> = args
        .docs
        .iter()
        .chain(&args.schema)
        .map(PathBuf::as_path)
        .collect();
    let folder = args.folder || is_folder_project(&args.project);
    let kind = if folder {
        OutputKind::Folder
    } else {
        OutputKind::File
    };
    refuse_output_over_inputs(&args.project, kind, &inputs)?;
    let schema = match &args.schema {
        Some(path) => load_schema(path)?,
        None => Schema::builtin(),
    };
    let project = project_from_paths(Project::new(schema), &args.docs)?;
    if folder {
        if let Err(err) = save_folder(&project, &args.project, None, &Scope::EVERYTHING) {
            // Nothing of a project that failed stays behind.
            let _ = std::fs::remove_dir_all(&args.project);
            return Err(err.into());
        }
    } else {
        save_project(&project, &args.project)?;
    }
    let spans: usize = project
        .documents
        .iter()
        .map(crate::model::Document::span_count)
        .sum();
    print(&format!(
        "created {} with {} documents and {spans} spans\n",
        args.project.display(),
        project.documents.len()
    ))
}
