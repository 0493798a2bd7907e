//! `marginalia import PROJECT.ron FILE.jsonl --annotator NAME [--extend-schema]`

use std::fmt::Write;
use std::path::PathBuf;

use super::output::{CliError, print};
use crate::io::import::{ImportOptions, apply_records};
use crate::io::jsonl::parse_jsonl;
use crate::io::read::read_text;
use crate::io::{load_project, save_project};

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The project to import into (changed only if the whole import succeeds).
    pub project: PathBuf,
    /// JSONL file: ours, or doccano's `label` / `entities` shapes.
    pub input: PathBuf,
    /// Layer to import into (default: each line's own `annotator`).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Add labels the schema lacks as plain labels instead of failing.
    #[arg(long)]
    pub extend_schema: bool,
}

/// Imports the file.
pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    let project = load_project(&args.project)?;
    let records = parse_jsonl(&read_text(&args.input)?, &args.input)?;
    let options = ImportOptions {
        annotator: args.annotator.clone(),
        extend_schema: args.extend_schema,
    };
    let (project, summary) = apply_records(&project, &records, &options, &args.input)?;
    save_project(&project, &args.project)?;
    let mut report = format!(
        "imported {} spans in {} layers; {} new documents\n",
        summary.spans, summary.layers, summary.documents_added
    );
    if !summary.labels_added.is_empty() {
        let _ = writeln!(
            report,
            "added labels to the schema: {}",
            summary.labels_added.join(", ")
        );
    }
    print(&report)
}
