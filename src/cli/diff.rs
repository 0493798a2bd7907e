//! `marginalia diff PROJECT.ron --a NAME --b NAME [--doc ID] [--json]`

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::output::{CliError, print, print_json};
use crate::io::load_project;
use crate::metrics::{DiffKind, Disagreement, diff_layers};
use crate::model::offsets::CharIndex;
use crate::model::{Attrs, DocId, Document, Span};

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The project.
    pub project: PathBuf,
    /// The first annotator.
    #[arg(long = "a", value_name = "NAME")]
    pub a: String,
    /// The second annotator.
    #[arg(long = "b", value_name = "NAME")]
    pub b: String,
    /// Only this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Print a JSON array instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// A span as the JSONL interchange writes it, with its covered text.
#[derive(Debug, Serialize)]
struct JsonSpan<'a> {
    id: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    attrs: &'a Attrs,
}

/// One `diff --json` entry.
#[derive(Debug, Serialize)]
struct JsonDisagreement<'a> {
    doc: &'a str,
    kind: DiffKind,
    a: Option<JsonSpan<'a>>,
    b: Option<JsonSpan<'a>>,
}

/// One document's text with its code point index, so that the covered
/// text of each of many spans is found without walking the text from its
/// start.
struct IndexedText<'a> {
    doc: &'a Document,
    index: CharIndex,
}

impl<'a> IndexedText<'a> {
    fn new(doc: &'a Document) -> Self {
        Self {
            doc,
            index: CharIndex::new(&doc.text),
        }
    }

    /// The text `span` covers.
    fn covered(&self, span: &Span) -> &'a str {
        let text = &self.doc.text;
        let from = self.index.char_to_byte(text, span.start);
        let to = self.index.char_to_byte(text, span.end);
        &text[from..to.max(from)]
    }
}

fn json_span<'a>(text: &IndexedText<'a>, span: &'a Span) -> JsonSpan<'a> {
    JsonSpan {
        id: span.id.as_str(),
        start: span.start,
        end: span.end,
        label: &span.label,
        text: text.covered(span),
        attrs: &span.attrs,
    }
}

/// Lists the disagreements between two annotators.
pub fn run(args: &DiffArgs) -> Result<(), CliError> {
    let project = load_project(&args.project)?;
    let known = project.annotators();
    for name in [&args.a, &args.b] {
        if !known.contains(name) {
            return Err(CliError::Message(format!(
                "unknown annotator \"{name}\": no document has a layer by it (annotators: {})",
                known.join(", ")
            )));
        }
    }
    let documents: Vec<&Document> = match &args.doc {
        Some(id) => vec![project.document(&DocId::from(id.as_str())).ok_or_else(|| {
            CliError::Message(format!(
                "unknown document \"{id}\" in {}",
                args.project.display()
            ))
        })?],
        None => project.documents.iter().collect(),
    };
    let mut compared = Vec::new();
    let mut skipped = Vec::new();
    for doc in documents {
        match (doc.layers.get(&args.a), doc.layers.get(&args.b)) {
            (Some(a), Some(b)) => compared.push((
                IndexedText::new(doc),
                diff_layers(&a.spans, &b.spans, &project.schema),
            )),
            _ => skipped.push(doc.id.as_str()),
        }
    }
    let found: Vec<(&IndexedText<'_>, Disagreement<'_>)> = compared
        .iter()
        .flat_map(|(text, diff)| diff.iter().map(move |&d| (text, d)))
        .collect();
    if args.json {
        let entries: Vec<JsonDisagreement<'_>> = found
            .iter()
            .map(|(text, d)| JsonDisagreement {
                doc: text.doc.id.as_str(),
                kind: d.kind,
                a: d.a.map(|s| json_span(text, s)),
                b: d.b.map(|s| json_span(text, s)),
            })
            .collect();
        return print_json(&entries, "the diff");
    }
    print(&diff_text(&found, &args.a, &args.b, &skipped))
}

/// One side of a line: `[start, end) label "text" {attrs}`.
fn side(text: &IndexedText<'_>, span: Option<&Span>) -> String {
    let Some(span) = span else {
        return "—".to_owned();
    };
    let text = text.covered(span);
    let mut out = format!(
        "[{}, {}) {} \"{}\"",
        span.start,
        span.end,
        span.label,
        one_line(text)
    );
    if !span.attrs.is_empty() {
        let attrs: Vec<String> = span.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = write!(out, " {{{}}}", attrs.join(", "));
    }
    out
}

/// `text` on one line: control characters (line breaks, tabs) escaped,
/// everything else as it is.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The readable listing: one line per disagreement, then counts per kind.
fn diff_text(
    found: &[(&IndexedText<'_>, Disagreement<'_>)],
    a: &str,
    b: &str,
    skipped: &[&str],
) -> String {
    let mut out = String::new();
    let doc_width = found
        .iter()
        .map(|(text, _)| text.doc.id.as_str().chars().count())
        .max()
        .unwrap_or(0);
    for (text, d) in found {
        let _ = writeln!(
            out,
            "{:<doc_width$}  {:<9}  {a}: {}  |  {b}: {}",
            text.doc.id.as_str(),
            d.kind.as_str(),
            side(text, d.a),
            side(text, d.b),
        );
    }
    let counts: Vec<String> = DiffKind::ALL
        .iter()
        .map(|&k| {
            let n = found.iter().filter(|(_, d)| d.kind == k).count();
            format!("{} {n}", k.as_str())
        })
        .collect();
    let _ = writeln!(
        out,
        "{} disagreements between {a} and {b} ({})",
        found.len(),
        counts.join(", ")
    );
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "{} documents without a layer by both were skipped",
            skipped.len()
        );
    }
    out
}
