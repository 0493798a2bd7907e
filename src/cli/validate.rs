//! `marginalia validate FILE...`: checks projects (`.ron` with
//! `format: "marginalia-project"`), schemas (other `.ron`) and JSONL files.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::output::{CliError, print};
use crate::io::FileError;
use crate::io::jsonl::parse_jsonl;
use crate::io::project_file::{FORMAT, load_project, parse_schema};
use crate::io::read::read_text;
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
    for path in &args.files {
        match check(path) {
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

fn check(path: &Path) -> Result<String, FileError> {
    let source = read_text(path)?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        return check_jsonl(&source, path);
    }
    if is_project(&source) {
        // Read again, in chunks: the text of a large project and the
        // project itself are then never in memory together.
        drop(source);
        let project = load_project(path)?;
        let stats = project.stats();
        let warnings = missing_required(&project);
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
        return Ok(summary);
    }
    let schema = parse_schema(&source, path)?;
    Ok(format!(
        "schema {:?} with {} labels",
        schema.name,
        schema.labels.len()
    ))
}

/// A project names its `format` (schemas have no such field), so a project
/// of another format or version is reported as such, not as a bad schema.
fn is_project(source: &str) -> bool {
    source.contains(FORMAT)
        || source
            .lines()
            .any(|line| line.trim_start().starts_with("format:"))
}

/// JSONL without a project: syntax, offsets against the line's own text and
/// covered texts are checked; labels need a project's schema (see `import`).
fn check_jsonl(source: &str, path: &Path) -> Result<String, FileError> {
    let records = parse_jsonl(source, path)?;
    let mut spans = 0;
    for record in &records {
        spans += record.spans.as_ref().map_or(0, Vec::len);
        let Some(text) = &record.text else { continue };
        for span in record.spans.iter().flatten() {
            let fail = |m: String| FileError::at(path, record.line, None, m);
            if span.start >= span.end {
                return Err(fail(format!(
                    "span {}..{} {:?}: start is not before end",
                    span.start, span.end, span.label
                )));
            }
            span.check_covered_text(text).map_err(fail)?;
        }
    }
    Ok(format!("{} JSON lines, {spans} spans", records.len()))
}
