//! Writes a synthetic project for checking `agree` against the reference
//! Python packages (`scripts/reference_agreement.py`): several annotators,
//! some layers absent, some labels swapped.
//!
//! ```text
//! cargo run --example agreement_project -- /tmp/check.ron --documents 40 --annotators 4
//! python3 scripts/reference_agreement.py /tmp/check.ron
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use marginalia::io::save_project;
use marginalia::synthetic::{self, SyntheticConfig};

/// Writes a seeded synthetic project with absent layers and label swaps.
#[derive(Debug, Parser)]
struct Args {
    /// Where to write the project.
    path: PathBuf,
    /// Number of documents.
    #[arg(long, default_value_t = 40)]
    documents: usize,
    /// Text bytes per document.
    #[arg(long, default_value_t = 5_000)]
    bytes_per_document: usize,
    /// Spans per layer and document.
    #[arg(long, default_value_t = 25)]
    spans_per_layer: usize,
    /// Number of annotators.
    #[arg(long, default_value_t = 4)]
    annotators: usize,
    /// Probability that a layer (other than the first annotator's) is absent.
    #[arg(long, default_value_t = 0.25)]
    absent: f64,
    /// Probability that a date or claim span swaps to the other label.
    #[arg(long, default_value_t = 0.1)]
    relabel: f64,
    /// Random seed.
    #[arg(long, default_value_t = 11)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = SyntheticConfig {
        documents: args.documents,
        text_bytes: args.documents * args.bytes_per_document,
        spans: args.documents * args.annotators * args.spans_per_layer,
        annotators: args.annotators,
        seed: args.seed,
    };
    let project = synthetic::agreement_project(&config, args.absent, args.relabel);
    match save_project(&project, &args.path) {
        Ok(()) => {
            eprintln!(
                "wrote {}: {} documents, {} spans",
                args.path.display(),
                project.documents.len(),
                project.stats().spans
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
