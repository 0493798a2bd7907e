//! The command-line contract of DESIGN.md: one file per subcommand, each
//! turning its arguments into work on the core.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub mod agree;
pub mod at_exit;
pub mod convert;
pub mod diff;
pub mod eval;
pub mod export;
pub mod import;
pub mod merge;
pub mod new;
pub mod output;
pub mod parse;
pub mod progress;
pub mod stats;
pub mod suggest;
pub mod validate;

pub use output::CliError;

/// Marginalia: span annotation with exact offsets and inter-annotator review.
#[derive(Debug, Parser)]
#[command(
    name = "marginalia",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project to open (default: the last project, else the demo project).
    pub project: Option<PathBuf>,
    /// Annotator name for this session (default: the saved one, else $USER).
    #[arg(long)]
    pub annotator: Option<String>,
    /// A subcommand; none opens the project.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a project in the annotation window.
    Open(OpenArgs),
    /// Create a project from documents.
    New(new::NewArgs),
    /// Import spans (and documents) from JSONL or a brat folder into a project.
    Import(import::ImportArgs),
    /// Merge copies of a project: unite layers, three-way with --base, or as a git driver.
    Merge(merge::MergeArgs),
    /// Export a labelled dataset.
    Export(export::ExportArgs),
    /// Check projects, schemas and JSONL files.
    Validate(validate::ValidateArgs),
    /// Print document, span and status counts.
    Stats(stats::StatsArgs),
    /// Inter-annotator agreement: span F1, κ, AC1, α per label and overall.
    Agree(agree::AgreeArgs),
    /// List the disagreements between two annotators' layers.
    Diff(diff::DiffArgs),
    /// Score predicted spans against gold: SemEval-2013 schemes, as nervaluate.
    Eval(eval::EvalArgs),
    /// Write string-memory and date suggestions into a `model:` layer.
    Suggest(suggest::SuggestArgs),
    /// Turn a single project file into a folder project (NAME.marginalia) or back.
    Convert(convert::ConvertArgs),
}

/// Arguments of `open`.
#[derive(Debug, clap::Args)]
pub struct OpenArgs {
    /// Project to open.
    pub project: Option<PathBuf>,
    /// Annotator name for this session.
    #[arg(long)]
    pub annotator: Option<String>,
}

/// Runs a subcommand other than `open`, writing results to standard output.
pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Open(_) => Ok(()),
        Command::New(args) => new::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Agree(args) => agree::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Suggest(args) => suggest::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Convert(args) => convert::run(&args),
    }
}
