//! `marginalia validate FILE...`: checks projects (`.ron` with
//! `format: "marginalia-project"`), schemas (other `.ron`) and JSONL files,
//! each JSONL file as `import` would read it into the project named before
//! it (or, with none, into a new project).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::output::{CliError, print};
use crate::io::FileError;
use crate::io::folder::is_folder_project;
use crate::io::import::check_records;
use crate::io::jsonl::parse_jsonl;
use crate::io::load_project;
use crate::io::project_file::parse_schema;
use crate::io::project_format::FORMAT;
use crate::io::read::read_text;
use crate::model::Project;
use crate::model::validate::missing_required;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files to check.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
}

/// Checks every file; prints one line per file; fails when any is invalid.
pub fn run(args: &ValidateArgs) -> Result<(), CliError> {
    let mut report = String::new();
    let mut failures = Vec::new();
    let mut project = None;
    for path in &args.files {
        match check(path, &mut project) {
            Ok(summary) => {
                let _ = writeln!(report, "{}: ok, {summary}", path.display());
            }
            Err(err) => failures.push(err.to_string()),
        }
    }
    print(&report)?;
    match failures.len() {
        0 => Ok(()),
        _ => Err(CliError::Message(failures.join("\n"))),
    }
}

/// Checks one file; a valid project becomes `project`, the one later
/// JSONL files are checked against.
fn check(path: &Path, project: &mut Option<Project>) -> Result<String, FileError> {
    if is_folder_project(path) {
        return check_project(path, project);
    }
    let source = read_text(path)?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        return check_jsonl(&source, path, project.as_ref());
    }
    if is_project(&source) {
        // Read again, in chunks: the text of a large project and the
        // project itself are then never in memory together.
        drop(source);
        return check_project(path, project);
    }
    let schema = parse_schema(&source, path)?;
    Ok(format!(
        "schema {:?} with {} labels",
        schema.name,
        schema.labels.len()
    ))
}

/// Checks the project at `path` (either form), which becomes `project`.
fn check_project(path: &Path, project: &mut Option<Project>) -> Result<String, FileError> {
    let loaded = load_project(path)?;
    let stats = loaded.stats();
    let warnings = missing_required(&loaded);
    let mut summary = format!(
        "project with {} documents, {} annotators, {} spans",
        stats.documents,
        stats.annotators.len(),
        stats.spans
    );
    if let Some(first) = warnings.first() {
        let _ = write!(
            summary,
            "; warning: {} spans lack a required attribute, e.g. {}",
            warnings.len(),
            first.message
        );
    }
    *project = Some(loaded);
    Ok(summary)
}

/// A project names its `format` (schemas have no such field), so a project
/// of another format or version is reported as such, not as a bad schema.
fn is_project(source: &str) -> bool {
    source.contains(FORMAT)
        || source
            .lines()
            .any(|line| line.trim_start().starts_with("format:"))
}

/// JSONL, read by the reader `import` uses and checked as `import` would
/// check it into `project` ([`check_records`]), so validate and import
/// give one verdict. Without a project, lines must carry their text and
/// labels are checked by name only.
fn check_jsonl(source: &str, path: &Path, project: Option<&Project>) -> Result<String, FileError> {
    let records = parse_jsonl(source, path)?;
    let summary = check_records(&records, path, project)?;
    let mut report = format!("{} JSON lines, {} spans", records.len(), summary.spans);
    for note in &summary.notes {
        let _ = write!(report, "; {note}");
    }
    Ok(report)
}
