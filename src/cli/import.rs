//! `marginalia import PROJECT.ron FILE.jsonl [--annotator NAME] [--extend-schema]`
//! and `marginalia import PROJECT.ron DIR --format brat --annotator NAME
//! [--extend-schema]`

use std::fmt::Write;
use std::path::PathBuf;

use super::output::{CliError, print};
use super::progress::Progress;
use crate::io::formats::brat;
use crate::io::import::{ImportOptions, apply_records, missing_required_warning};
use crate::io::jsonl::parse_jsonl;
use crate::io::output_guard::{OutputKind, refuse_output_over_inputs};
use crate::io::read::read_text;
use crate::io::{load_project, save_project};

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The project to import into (changed only if the whole import succeeds).
    pub project: PathBuf,
    /// JSONL file (ours, doccano's `label` / `entities` shapes with its
    /// `relations`, or Prodigy's tasks with theirs), or a brat folder with
    /// `--format brat`.
    pub input: PathBuf,
    /// What the input is.
    #[arg(long, value_enum, default_value_t = ImportFormat::Jsonl)]
    pub format: ImportFormat,
    /// Layer to import into (default: each JSONL line's own `annotator`;
    /// required for brat).
    #[arg(long, required_if_eq("format", "brat"))]
    pub annotator: Option<String>,
    /// Add labels the schema lacks as plain labels, and relation types it
    /// lacks as `many: true` span references, instead of failing.
    #[arg(long)]
    pub extend_schema: bool,
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// JSONL, ours or doccano's.
    Jsonl,
    /// A brat standoff folder: `X.txt` with `X.ann`, in sub-folders too.
    Brat,
}

/// Imports the file or folder.
pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    // The project is rewritten: that is the import's purpose, but what it
    // imports must be something else.
    refuse_output_over_inputs(&args.project, OutputKind::File, &[&args.input])?;
    let progress = Progress::start(format!("loading {}", args.project.display()));
    let project = load_project(&args.project)?;
    progress.step(format!("importing {}", args.input.display()));
    let options = ImportOptions {
        annotator: args.annotator.clone(),
        extend_schema: args.extend_schema,
    };
    let (project, summary) = match args.format {
        ImportFormat::Jsonl => {
            let records = parse_jsonl(&read_text(&args.input)?, &args.input)?;
            apply_records(&project, &records, &options, &args.input)?
        }
        ImportFormat::Brat => brat::import_dir(&project, &args.input, &options)?,
    };
    progress.step(format!("saving {}", args.project.display()));
    save_project(&project, &args.project)?;
    drop(progress);
    for note in &summary.notes {
        eprintln!("note: {note}");
    }
    if let Some(warning) = missing_required_warning(&project, &summary) {
        eprintln!("{warning}");
    }
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
    if !summary.references_added.is_empty() {
        let _ = writeln!(
            report,
            "added span references to the schema (many: true): {}",
            summary.references_added.join(", ")
        );
    }
    print(&report)
}
