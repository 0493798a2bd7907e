//! The `marginalia` binary: parses the command line and runs a subcommand,
//! or shows the project summary when no subcommand is given.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use marginalia::cli::{self, Cli, CliError, Command};

/// The project opened when none is named.
const DEMO_PROJECT: &str = "projects/diplomacy-demo.ron";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Open(args)) => summary(args.project),
        Some(command) => cli::run(command),
        None => summary(cli.project),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn summary(project: Option<PathBuf>) -> Result<(), CliError> {
    let path = project.unwrap_or_else(demo_project);
    cli::run(Command::Stats(cli::stats::StatsArgs {
        project: path,
        json: false,
    }))
}

/// The demo project, from the working directory or else the source tree.
fn demo_project() -> PathBuf {
    let local = PathBuf::from(DEMO_PROJECT);
    if local.exists() {
        local
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEMO_PROJECT)
    }
}
