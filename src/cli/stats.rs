//! `marginalia stats PROJECT.ron [--json]`

use std::fmt::Write;
use std::path::PathBuf;

use serde_json::json;

use super::at_exit::leave_for_exit;
use super::output::{CliError, print};
use crate::io::load_project;
use crate::model::ProjectStats;

/// Arguments of `stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The project.
    pub project: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Prints the counts.
pub fn run(args: &StatsArgs) -> Result<(), CliError> {
    let project = load_project(&args.project)?;
    let stats = project.stats();
    leave_for_exit(project);
    if args.json {
        print(&format!("{}\n", stats_json(&stats)))
    } else {
        print(&stats_table(&stats))
    }
}

/// The `stats --json` object of DESIGN.md.
pub fn stats_json(stats: &ProjectStats) -> serde_json::Value {
    let annotators: serde_json::Map<String, serde_json::Value> = stats
        .annotators
        .iter()
        .map(|(name, a)| {
            (
                name.clone(),
                json!({"spans": a.spans, "by_label": a.by_label, "status": a.status}),
            )
        })
        .collect();
    json!({
        "documents": stats.documents,
        "chars": stats.chars,
        "spans": stats.spans,
        "annotators": annotators,
    })
}

/// A human-readable summary: totals, then one row per annotator.
pub fn stats_table(stats: &ProjectStats) -> String {
    let mut out = format!(
        "{} documents, {} characters, {} spans\n",
        stats.documents, stats.chars, stats.spans
    );
    let labels: Vec<&String> = stats
        .annotators
        .values()
        .flat_map(|a| a.by_label.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let width = stats
        .annotators
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(9)
        .max(9);
    let _ = write!(out, "\n{:<width$} {:>6}", "annotator", "spans");
    for label in &labels {
        let _ = write!(out, " {label:>8}");
    }
    out.push_str("  new/in_progress/done\n");
    for (name, a) in &stats.annotators {
        let _ = write!(out, "{name:<width$} {:>6}", a.spans);
        for label in &labels {
            let _ = write!(out, " {:>8}", a.by_label.get(*label).copied().unwrap_or(0));
        }
        let layers_with = |s: &str| a.status.get(s).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {}/{}/{}",
            layers_with("new"),
            layers_with("in_progress"),
            layers_with("done")
        );
    }
    out
}
