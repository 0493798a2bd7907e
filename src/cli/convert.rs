//! `marginalia convert FROM TO`: a single project file into a folder
//! project (`TO` ending in `.marginalia`) or back (any other `TO`). The
//! round trip gives back the same bytes.

use std::path::PathBuf;

use super::output::{CliError, print};
use crate::io::folder::{EXTENSION, Scope, is_folder_project, save_folder};
use crate::io::output_guard::{OutputKind, refuse_output_over_inputs};
use crate::io::{FileError, load_project, project_file};

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The project to convert, in either form.
    pub from: PathBuf,
    /// The project to write (must not exist yet): a folder project when
    /// its name ends in `.marginalia`, else a single file.
    pub to: PathBuf,
}

/// Converts the project.
pub fn run(args: &ConvertArgs) -> Result<(), CliError> {
    if args.to.exists() {
        return Err(FileError::new(&args.to, "already exists; refusing to overwrite it").into());
    }
    let to_folder = args.to.extension().is_some_and(|ext| ext == EXTENSION);
    let kind = if to_folder {
        OutputKind::Folder
    } else {
        OutputKind::File
    };
    refuse_output_over_inputs(&args.to, kind, &[args.from.as_path()])?;
    let project = load_project(&args.from)?;
    let layers: usize = project.documents.iter().map(|d| d.layers.len()).sum();
    let form = if to_folder {
        if let Err(err) = save_folder(&project, &args.to, None, &Scope::EVERYTHING) {
            // A failed command leaves nothing behind.
            let _ = std::fs::remove_dir_all(&args.to);
            return Err(err.into());
        }
        format!(
            "a folder project ({} texts, {layers} layer files)",
            project.documents.len()
        )
    } else {
        project_file::save_project(&project, &args.to)?;
        "a single project file".to_owned()
    };
    let from_form = if is_folder_project(&args.from) {
        "folder project"
    } else {
        "project file"
    };
    print(&format!(
        "converted the {from_form} {} into {form}: {}\n",
        args.from.display(),
        args.to.display()
    ))
}
