//! `marginalia new PROJECT.ron [--schema SCHEMA.ron] [--docs PATH...]`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::output::{CliError, print};
use crate::io::import::{ImportOptions, apply_records};
use crate::io::jsonl::parse_jsonl;
use crate::io::read::read_text;
use crate::io::text_docs::{document_from_txt, txt_files_in};
use crate::io::{FileError, load_schema, save_project};
use crate::model::schema::DEFAULT_SCHEMA_RON;
use crate::model::{Project, Schema};

/// Arguments of `new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The project file to create (must not exist yet).
    pub project: PathBuf,
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
    let schema = match &args.schema {
        Some(path) => load_schema(path)?,
        None => default_schema(),
    };
    let project = collect_documents(Project::new(schema), &args.docs)?;
    save_project(&project, &args.project)?;
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

/// The built-in default schema.
pub fn default_schema() -> Schema {
    ron::from_str(DEFAULT_SCHEMA_RON).expect("the built-in schema parses")
}

/// Adds the documents of every `--docs` path to `project`, refusing ids
/// used twice.
fn collect_documents(mut project: Project, paths: &[PathBuf]) -> Result<Project, CliError> {
    let mut origin: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in paths {
        if path.extension().is_some_and(|e| e == "jsonl") {
            let records = parse_jsonl(&read_text(path)?, path)?;
            for record in &records {
                check_unique(&mut origin, &record.id, path, Some(record.line))?;
            }
            project = apply_records(&project, &records, &ImportOptions::default(), path)?.0;
            continue;
        }
        if !path.exists() {
            return Err(FileError::new(path, "no such file or folder").into());
        }
        for file in txt_files_in(path)? {
            let doc = document_from_txt(&file)?;
            check_unique(&mut origin, doc.id.as_str(), &file, None)?;
            project.documents.push(doc);
        }
    }
    Ok(project)
}

fn check_unique(
    origin: &mut BTreeMap<String, PathBuf>,
    id: &str,
    path: &Path,
    line: Option<usize>,
) -> Result<(), FileError> {
    if let Some(first) = origin.get(id) {
        if first != path || line.is_none() {
            let message = format!("document id {id:?} is also used by {}", first.display());
            return Err(match line {
                Some(line) => FileError::at(path, line, None, message),
                None => FileError::new(path, message),
            });
        }
        return Ok(());
    }
    origin.insert(id.to_owned(), path.to_owned());
    Ok(())
}
