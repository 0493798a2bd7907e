//! `marginalia agree PROJECT.ron [--annotators A,B,...] [--labels L,...]
//! [--per-document] [--json]`

use std::fmt::Write;
use std::path::PathBuf;

use super::at_exit::leave_for_exit;
use super::output::{CliError, print, print_json, table};
use super::progress::Progress;
use crate::io::load_project;
use crate::metrics::agreement::mean;
use crate::metrics::{AgreementOptions, AgreementReport, LabelAgreement, agreement};

/// Arguments of `agree`.
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// The project.
    pub project: PathBuf,
    /// Annotators to compare (default: all but `gold` and `model:*`).
    #[arg(long, value_delimiter = ',')]
    pub annotators: Option<Vec<String>>,
    /// Labels to compare (default: all of the schema's).
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Also report each document, worst first.
    #[arg(long)]
    pub per_document: bool,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Computes and prints the agreement report.
pub fn run(args: &AgreeArgs) -> Result<(), CliError> {
    let progress = Progress::start(format!("loading {}", args.project.display()));
    let project = load_project(&args.project)?;
    progress.step("computing agreement");
    let options = AgreementOptions {
        annotators: args.annotators.clone(),
        labels: args.labels.clone(),
        per_document: args.per_document,
    };
    let report = agreement(&project, &options).map_err(|err| CliError::Message(err.to_string()))?;
    leave_for_exit(project);
    drop(progress);
    if args.json {
        print_json(&report, "the report")
    } else {
        print(&agreement_table(&report))
    }
}

/// A figure with three decimals, `—` when undefined.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// The pairwise figures of `agreement` averaged over the pairs.
fn mean_pairwise(agreement: &LabelAgreement) -> [Option<f64>; 4] {
    let p = &agreement.pairwise;
    [
        mean(p.iter().map(|x| x.f1_strict)),
        mean(p.iter().map(|x| x.f1_overlap)),
        mean(p.iter().map(|x| x.kappa_token)),
        mean(p.iter().map(|x| x.ac1_token)),
    ]
}

/// The readable report: labels × measures, one block per annotator pair,
/// documents worst first (with `--per-document`), label confusions,
/// attribute agreement and link agreement.
pub fn agreement_table(report: &AgreementReport) -> String {
    let mut out = format!(
        "Agreement of {} on {} documents, {} tokens\n",
        report.annotators.join(", "),
        report.documents,
        report.tokens
    );
    if report.annotators.len() > 2 {
        out.push_str("(F1, κ and AC1: mean over annotator pairs)\n");
    }
    let scopes: Vec<(&str, &LabelAgreement)> = report
        .labels
        .iter()
        .map(|(name, a)| (name.as_str(), a))
        .chain([("overall", &report.overall)])
        .collect();
    out.push('\n');
    out.push_str(&labels_table(&scopes));
    for p in 0..report.overall.pairwise.len() {
        out.push_str(&pair_table(&scopes, p));
    }
    if report.by_document.is_some() {
        out.push_str(&documents_table(report));
    }
    out.push_str(&confusion_table(report));
    out.push_str(&attributes_table(report));
    out.push_str(&links_table(report));
    out
}

/// Labels × measures; pairwise figures averaged over the pairs.
fn labels_table(scopes: &[(&str, &LabelAgreement)]) -> String {
    let rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|(name, a)| {
            let mut row = vec![(*name).to_owned()];
            row.extend(mean_pairwise(a).map(figure));
            row.extend([a.fleiss_kappa_token, a.gwet_ac1_token, a.alpha_token].map(figure));
            row
        })
        .collect();
    table(
        &[
            "label",
            "F1 strict",
            "F1 overlap",
            "κ",
            "AC1",
            "Fleiss κ",
            "multi AC1",
            "α",
        ],
        &rows,
    )
}

/// Annotator pair number `p`, label by label.
fn pair_table(scopes: &[(&str, &LabelAgreement)], p: usize) -> String {
    let Some((_, overall)) = scopes.last() else {
        return String::new();
    };
    let pair = &overall.pairwise[p];
    let mut out = format!(
        "\n{} × {}: {} and {} spans\n",
        pair.a, pair.b, pair.spans_a, pair.spans_b
    );
    let rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|(name, a)| {
            let x = &a.pairwise[p];
            vec![
                (*name).to_owned(),
                x.spans_a.to_string(),
                x.spans_b.to_string(),
                figure(x.f1_strict),
                figure(x.f1_overlap),
                figure(x.kappa_token),
                figure(x.ac1_token),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "label",
            &format!("spans {}", pair.a),
            &format!("spans {}", pair.b),
            "F1 strict",
            "F1 overlap",
            "κ",
            "AC1",
        ],
        &rows,
    ));
    out
}

/// Documents, worst first.
fn documents_table(report: &AgreementReport) -> String {
    let rows: Vec<Vec<String>> = report
        .documents_worst_first()
        .into_iter()
        .map(|(id, a)| {
            let [f1, _, kappa, _] = mean_pairwise(a);
            vec![
                id.clone(),
                figure(a.alpha_token),
                figure(a.fleiss_kappa_token),
                figure(kappa),
                figure(f1),
            ]
        })
        .collect();
    format!(
        "\nDocuments, worst first\n{}",
        table(&["document", "α", "Fleiss κ", "κ", "F1 strict"], &rows)
    )
}

/// The pooled confusion table and the label swaps, largest first.
fn confusion_table(report: &AgreementReport) -> String {
    let confusion = &report.confusion;
    let mut out = "\nLabels on the same extent (all annotator pairs both ways; \
                   rows: one annotator, columns: the other)\n"
        .to_owned();
    let rows: Vec<Vec<String>> = confusion
        .labels
        .iter()
        .zip(&confusion.counts)
        .map(|(label, counts)| {
            std::iter::once(label.clone())
                .chain(counts.iter().map(ToString::to_string))
                .collect()
        })
        .collect();
    let mut header = vec![""];
    header.extend(confusion.labels.iter().map(String::as_str));
    out.push_str(&table(&header, &rows));
    let swaps = confusion.swaps();
    if swaps.is_empty() {
        out.push_str("No label swaps.\n");
    }
    for (x, y, n) in swaps {
        let _ = writeln!(out, "{x} ↔ {y}: {n}");
    }
    out
}

/// Attribute agreement of strictly matched spans.
fn attributes_table(report: &AgreementReport) -> String {
    if report.attributes.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = report
        .attributes
        .iter()
        .map(|a| {
            vec![
                format!("{}.{}", a.label, a.attribute),
                a.kind.to_owned(),
                a.matched_spans.to_string(),
                figure(a.exact_match),
                figure(a.kappa),
            ]
        })
        .collect();
    format!(
        "\nAttributes of strictly matched spans\n{}",
        table(&["attribute", "kind", "matched", "exact", "κ"], &rows)
    )
}

/// Link agreement: one row per reference attribute and annotator pair.
fn links_table(report: &AgreementReport) -> String {
    if report.links.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = report
        .links
        .iter()
        .flat_map(|(name, agreement)| {
            agreement.pairwise.iter().map(move |p| {
                vec![
                    name.clone(),
                    format!("{} × {}", p.a, p.b),
                    p.links_a.to_string(),
                    p.links_b.to_string(),
                    figure(p.f1_strict),
                    figure(p.f1_overlap),
                    figure(p.target_agreement),
                    p.sources_matched.to_string(),
                ]
            })
        })
        .collect();
    format!(
        "\nLinks (span references; strict: both ends equal in start, end and label; overlap and targets: ends overlapping, same label)\n{}",
        table(
            &[
                "link",
                "annotators",
                "links a",
                "links b",
                "F1 strict",
                "F1 overlap",
                "targets",
                "sources",
            ],
            &rows,
        )
    )
}
