//! `marginalia export PROJECT.ron --format jsonl|prodigy|spacy|conll|hf|brat
//! --out PATH [--annotator NAME | --gold] [--labels L,...] [--status done]
//! [--split train=0.8,dev=0.1,test=0.1 --seed N]`
//!
//! The work is [`export_project`]; this file turns the arguments into
//! [`ExportOptions`], shows progress and prints the notes.

use std::path::PathBuf;

use super::output::CliError;
use super::progress::Progress;
use crate::io::export::{ExportError, ExportOptions, LayerChoice, export_project};
pub use crate::io::export::{Format, Split, parse_split, split_documents};
use crate::io::output_guard::refuse_output_over_inputs;
use crate::io::{FileError, load_project};

/// The statuses `--status` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFilter {
    /// Only documents whose exported layer is done.
    Done,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project.
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file (`-` for standard output), or folder for `brat` and `--split`.
    #[arg(long)]
    pub out: PathBuf,
    /// Export this annotator's layers.
    #[arg(long, conflicts_with = "gold")]
    pub annotator: Option<String>,
    /// Export the gold layers.
    #[arg(long)]
    pub gold: bool,
    /// Keep only spans with these labels (comma-separated).
    #[arg(long, value_delimiter = ',', num_args = 1)]
    pub labels: Option<Vec<String>>,
    /// Keep only documents whose exported layer has this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Split documents into named parts, e.g. `train=0.8,dev=0.1,test=0.1`.
    #[arg(long, value_parser = parse_split)]
    pub split: Option<Split>,
    /// Seed of the document shuffle for `--split`.
    #[arg(long, default_value_t = 0, requires = "split")]
    pub seed: u64,
}

impl ExportArgs {
    /// The export options these arguments ask for.
    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            format: self.format,
            layers: if self.gold {
                LayerChoice::Gold
            } else {
                self.annotator
                    .clone()
                    .map_or(LayerChoice::All, LayerChoice::Annotator)
            },
            labels: self.labels.clone(),
            only_done: self.status == Some(StatusFilter::Done),
            split: self.split.clone(),
            seed: self.seed,
        }
    }
}

/// Exports the project; notes and a summary go to standard error.
pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    let options = args.options();
    refuse_output_over_inputs(&args.out, options.output_kind(), &[&args.project])?;
    let progress = Progress::start(format!("loading {}", args.project.display()));
    let project = load_project(&args.project)?;
    progress.step(format!("exporting {}", args.format));
    let report = export_project(&project, &options, &args.out, &progress.callback()).map_err(
        |err| match err {
            ExportError::Project(message) | ExportError::Format(message) => {
                CliError::File(FileError::new(&args.project, message))
            }
            ExportError::Output(err) => CliError::File(err),
            ExportError::Usage(message) => CliError::Message(message),
        },
    )?;
    drop(progress);
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let place = if args.out.as_os_str() == "-" {
        "standard output".to_owned()
    } else {
        args.out.display().to_string()
    };
    eprintln!(
        "exported {} documents, {} spans ({}) to {place}",
        report.documents, report.spans, args.format
    );
    Ok(())
}
