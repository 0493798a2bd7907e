//! `marginalia eval GOLD PRED [--annotator NAME] [--json]`: predicted spans
//! scored against gold with nervaluate's SemEval-2013 schemes.
//!
//! Each side is a `.ron` project or a `.jsonl` file. The GOLD side is a
//! project's `gold` layer, or a JSONL file's lines. The PRED side is a
//! project's `--annotator` layer (default `gold`), or a JSONL file's lines,
//! keeping only `--annotator`'s lines when it is given and a line names an
//! annotator. Documents are matched by id; a gold document without
//! predictions counts as predicting nothing, a predicted document absent
//! from GOLD is an error. The two sides are read on two threads.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::output::{CliError, print, print_json, table};
use crate::io::jsonl_spans::parse_jsonl_spans;
use crate::io::read::{read_bytes, utf8_text};
use crate::io::{FileError, load_project};
use crate::metrics::eval::{EvalDocument, EvalReport, EvalSpan, Scheme, TABLE_COLUMNS, evaluate};

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold spans: a `.jsonl` file, or a `.ron` project (its `gold` layer).
    pub gold: PathBuf,
    /// Predicted spans: a `.jsonl` file, or a `.ron` project (the layer of
    /// `--annotator`, default `gold`).
    pub pred: PathBuf,
    /// The predictions' annotator: the layer of a `.ron` PRED, or the lines
    /// of a JSONL PRED that name this annotator.
    #[arg(long)]
    pub annotator: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Spans of each document of one side, with where the document came from
/// (a JSONL line) for messages.
type Side = BTreeMap<String, (Option<usize>, Vec<EvalSpan>)>;

/// Loads both sides, evaluates and prints the report.
pub fn run(args: &EvalArgs) -> Result<(), CliError> {
    let (gold, pred) = std::thread::scope(|scope| {
        let pred = scope.spawn(|| load_side(&args.pred, args.annotator.as_deref()));
        let gold = load_side(&args.gold, None);
        let pred = pred
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (gold, pred)
    });
    let (gold, pred) = (gold?, pred?);
    if let Some((id, (line, _))) = pred.iter().find(|(id, _)| !gold.contains_key(*id)) {
        let place = line.map_or(String::new(), |l| format!(" (line {l})"));
        return Err(CliError::Message(format!(
            "{}: document {id:?}{place} is not in {}",
            args.pred.display(),
            args.gold.display()
        )));
    }
    let mut pred = pred;
    let documents: Vec<EvalDocument> = gold
        .into_iter()
        .map(|(id, (_, gold))| EvalDocument {
            gold,
            pred: pred.remove(&id).map(|(_, spans)| spans).unwrap_or_default(),
        })
        .collect();
    let report = evaluate(&documents);
    if args.json {
        print_json(&report, "the report")
    } else {
        print(&eval_table(&report))
    }
}

/// Reads one side: a project's layer, or a JSONL file's lines.
fn load_side(path: &Path, annotator: Option<&str>) -> Result<Side, CliError> {
    let is_ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        || crate::io::folder::is_folder_project(path);
    if is_ron {
        let layer = annotator.unwrap_or("gold");
        let project = load_project(path)?;
        let mut side = Side::new();
        for doc in &project.documents {
            if let Some(spans) = doc.layers.get(layer) {
                let spans = spans
                    .spans
                    .iter()
                    .map(|s| EvalSpan::new(s.start, s.end, s.label.clone()))
                    .collect();
                side.insert(doc.id.as_str().to_owned(), (None, spans));
            }
        }
        if side.is_empty() {
            return Err(CliError::Message(format!(
                "{}: no document has a {layer:?} layer",
                path.display()
            )));
        }
        return Ok(side);
    }
    let bytes = read_bytes(path)?;
    let records = parse_jsonl_spans(utf8_text(path, &bytes)?, path)?;
    let mut side = Side::new();
    for record in records {
        if let (Some(wanted), Some(own)) = (annotator, &record.annotator)
            && wanted != own
        {
            continue;
        }
        if record.rejected {
            continue;
        }
        let mut spans = Vec::new();
        for (start, end, label) in record.spans.unwrap_or_default() {
            if end <= start {
                return Err(FileError::at(
                    path,
                    record.line,
                    None,
                    format!("span {start}..{end} {label:?} is empty"),
                )
                .into());
            }
            spans.push(EvalSpan::new(start, end, label));
        }
        if let Some((Some(first), _)) = side.get(&record.id) {
            return Err(FileError::at(
                path,
                record.line,
                None,
                format!(
                    "document {:?} is also on line {first} (one line per document; for PRED, --annotator keeps one annotator's lines)",
                    record.id
                ),
            )
            .into());
        }
        side.insert(record.id, (Some(record.line), spans));
    }
    if side.is_empty() {
        return Err(CliError::Message(format!(
            "{}: no line is by annotator {:?}",
            path.display(),
            annotator.unwrap_or_default()
        )));
    }
    Ok(side)
}

/// A figure with three decimals.
fn figure(value: f64) -> String {
    format!("{value:.3}")
}

/// The readable report: overall P/R/F1 per scheme, then one table per
/// scheme with each label, the micro and macro averages and nervaluate's
/// overall figures (which also match spans across labels).
pub fn eval_table(report: &EvalReport) -> String {
    let mut out = format!(
        "Evaluation on {} documents (SemEval-2013 schemes, as nervaluate)\n\n",
        report.documents
    );
    let rows: Vec<Vec<String>> = Scheme::ALL
        .iter()
        .map(|&s| {
            let r = report.overall.get(s);
            vec![
                s.name().to_owned(),
                figure(r.precision),
                figure(r.recall),
                figure(r.f1),
            ]
        })
        .collect();
    out.push_str(&table(&["scheme", "P", "R", "F1"], &rows));
    for scheme in Scheme::ALL {
        let rows: Vec<Vec<String>> = report
            .table_rows(scheme)
            .iter()
            .map(|row| {
                let counts = row.counts.map_or_else(
                    || vec![String::new(); 5],
                    |c| c.iter().map(u64::to_string).collect(),
                );
                std::iter::once(row.name.to_owned())
                    .chain(counts)
                    .chain(row.figures.iter().map(|&f| figure(f)))
                    .collect()
            })
            .collect();
        let _ = write!(out, "\n{}\n", scheme.name());
        let mut titles = vec!["label"];
        titles.extend(TABLE_COLUMNS);
        out.push_str(&table(&titles, &rows));
    }
    out
}
