//! The `marginalia` binary: parses the command line, then runs a
//! subcommand or opens the annotation window.

use std::path::PathBuf;
use std::process::ExitCode;

use marginalia::app::{MarginaliaApp, StartOptions};
use marginalia::cli::{self, Command};

/// The project opened when none is named and none was open before.
const DEMO_PROJECT: &str = "projects/diplomacy-demo.ron";

fn main() -> ExitCode {
    let cli = cli::parse::parse_args(std::env::args_os()).unwrap_or_else(|err| err.exit());
    let (project, annotator) = match cli.command {
        Some(Command::Open(args)) => (args.project, args.annotator),
        Some(command) => {
            return match cli::run(command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            };
        }
        None => (cli.project, cli.annotator),
    };
    let options = StartOptions {
        project,
        fallback: demo_project(),
        annotator,
    };
    match open_window(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot open the window: {err}");
            ExitCode::FAILURE
        }
    }
}

fn open_window(options: StartOptions) -> eframe::Result {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 420.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "marginalia",
        native,
        Box::new(move |cc| Ok(Box::new(MarginaliaApp::from_creation_context(cc, options)))),
    )
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
