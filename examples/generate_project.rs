//! Writes a synthetic project, e.g. the one of the load/save performance
//! target, to reproduce the README's figures:
//!
//! ```text
//! cargo run --release --example generate_project -- /tmp/big.ron
//! /usr/bin/time -v target/release/marginalia validate /tmp/big.ron
//! cargo run --release --example generate_project -- --long /tmp/long.ron
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use marginalia::io::save_project;
use marginalia::synthetic::{self, SyntheticConfig};

/// Writes a seeded synthetic Marginalia project (default: 10,000 documents,
/// 50 MB of text, 500,000 spans, 2 annotators).
#[derive(Debug, Parser)]
struct Args {
    /// Where to write the project.
    path: PathBuf,
    /// Number of documents.
    #[arg(long, default_value_t = SyntheticConfig::BENCHMARK.documents)]
    documents: usize,
    /// Total text size in bytes.
    #[arg(long, default_value_t = SyntheticConfig::BENCHMARK.text_bytes)]
    bytes: usize,
    /// Total number of spans.
    #[arg(long, default_value_t = SyntheticConfig::BENCHMARK.spans)]
    spans: usize,
    /// Number of annotators.
    #[arg(long, default_value_t = SyntheticConfig::BENCHMARK.annotators)]
    annotators: usize,
    /// Random seed.
    #[arg(long, default_value_t = SyntheticConfig::BENCHMARK.seed)]
    seed: u64,
    /// Write the GUI target's single long document instead (1 MB, 20,000
    /// spans, one annotator, unless --bytes/--spans say otherwise).
    #[arg(long)]
    long: bool,
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    let started = Instant::now();
    let project = if args.long {
        if args.bytes == SyntheticConfig::BENCHMARK.text_bytes {
            args.bytes = 1_000_000;
        }
        if args.spans == SyntheticConfig::BENCHMARK.spans {
            args.spans = 20_000;
        }
        synthetic::long_document(args.bytes, args.spans, args.seed)
    } else {
        synthetic::project(&SyntheticConfig {
            documents: args.documents,
            text_bytes: args.bytes,
            spans: args.spans,
            annotators: args.annotators,
            seed: args.seed,
        })
    };
    if let Err(err) = save_project(&project, &args.path) {
        eprintln!("{err}");
        return ExitCode::FAILURE;
    }
    let stats = project.stats();
    let size = std::fs::metadata(&args.path).map_or(0, |m| m.len());
    println!(
        "{}: {} documents, {} spans, {} annotators, {:.1} MB, written in {:.2?}",
        args.path.display(),
        stats.documents,
        stats.spans,
        stats.annotators.len(),
        size as f64 / 1e6,
        started.elapsed()
    );
    ExitCode::SUCCESS
}
