//! `marginalia diff PROJECT.ron --a NAME --b NAME [--doc ID] [--json]`
//!
//! An attribute mismatch is listed once per differing attribute, with its
//! name; for a span reference (a link) each side's target comes as a span
//! (`a_target`, `b_target`: a span or `null`, a list of spans for a `many`
//! attribute), and the readable listing names targets by their text and
//! place (`Donald Trump · 174`), never by id.

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::output::{CliError, print, print_json};
use crate::io::load_project;
use crate::metrics::{
    AttributeDifference, DiffKind, Disagreement, attribute_differences, diff_layers,
};
use crate::model::links::{caption_covered, reference_attribute};
use crate::model::offsets::CharIndex;
use crate::model::{AttrValue, Attrs, DocId, Document, Schema, Span};

/// Longest target text shown in a caption, in characters.
const CAPTION_CHARS: usize = 40;

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
    /// The differing attribute of an `attribute` entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    attribute: Option<&'a str>,
    a: Option<JsonSpan<'a>>,
    b: Option<JsonSpan<'a>>,
    /// The first side's target(s) when the attribute is a span reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    a_target: Option<JsonTarget<'a>>,
    /// The second side's target(s) when the attribute is a span reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    b_target: Option<JsonTarget<'a>>,
}

/// What one side of a link points to: a span or `null`, or for a `many`
/// attribute a list of spans (as the attribute's value is an id or a list).
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum JsonTarget<'a> {
    One(Option<JsonSpan<'a>>),
    Many(Vec<JsonSpan<'a>>),
}

/// One listed disagreement: a document's, and for an attribute mismatch
/// the one attribute it is about.
struct Entry<'a> {
    text: &'a IndexedText<'a>,
    /// The two layers' spans, to resolve span references.
    layers: [&'a [Span]; 2],
    disagreement: Disagreement<'a>,
    attribute: Option<AttributeDifference<'a>>,
}

impl Entry<'_> {
    fn kind(&self) -> DiffKind {
        self.disagreement.kind
    }
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

    /// How `span` is named to a person: `Donald Trump · 174`.
    fn caption(&self, span: &Span) -> String {
        caption_covered(self.covered(span), span.start, CAPTION_CHARS)
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
            (Some(a), Some(b)) => compared.push((IndexedText::new(doc), &a.spans, &b.spans)),
            _ => skipped.push(doc.id.as_str()),
        }
    }
    let schema = &project.schema;
    let found: Vec<Entry<'_>> = compared
        .iter()
        .flat_map(|(text, a, b)| {
            diff_layers(a, b, schema)
                .into_iter()
                .flat_map(move |d| entries(text, d, (a, b), schema))
        })
        .collect();
    if args.json {
        let entries: Vec<JsonDisagreement<'_>> =
            found.iter().map(|e| json_entry(e, schema)).collect();
        return print_json(&entries, "the diff");
    }
    print(&diff_text(&found, &args.a, &args.b, &skipped, schema))
}

/// The entries of one disagreement: one per differing attribute of an
/// attribute mismatch, else the disagreement itself.
fn entries<'a>(
    text: &'a IndexedText<'a>,
    disagreement: Disagreement<'a>,
    (a_layer, b_layer): (&'a [Span], &'a [Span]),
    schema: &'a Schema,
) -> Vec<Entry<'a>> {
    let entry = |attribute| Entry {
        text,
        layers: [a_layer, b_layer],
        disagreement,
        attribute,
    };
    let (DiffKind::Attribute, Some(a), Some(b)) =
        (disagreement.kind, disagreement.a, disagreement.b)
    else {
        return vec![entry(None)];
    };
    let differences = attribute_differences((a, a_layer), (b, b_layer), schema);
    if differences.is_empty() {
        return vec![entry(None)];
    }
    differences.into_iter().map(|d| entry(Some(d))).collect()
}

fn json_entry<'a>(entry: &Entry<'a>, schema: &Schema) -> JsonDisagreement<'a> {
    let (text, d) = (entry.text, &entry.disagreement);
    let name = entry.attribute.as_ref().map(|x| x.name);
    let many = match (d.a, name) {
        (Some(source), Some(name)) => {
            reference_attribute(schema, &source.label, name).is_some_and(|attr| attr.many)
        }
        _ => false,
    };
    let target = |side: usize| {
        let targets = entry.attribute.as_ref()?.targets.as_ref()?;
        let spans = targets[side].iter().map(|s| json_span(text, s));
        Some(if many {
            JsonTarget::Many(spans.collect())
        } else {
            JsonTarget::One(spans.into_iter().next())
        })
    };
    JsonDisagreement {
        doc: text.doc.id.as_str(),
        kind: d.kind,
        attribute: name,
        a: d.a.map(|s| json_span(text, s)),
        b: d.b.map(|s| json_span(text, s)),
        a_target: target(0),
        b_target: target(1),
    }
}

/// One side of a line: `[start, end) label "text"`, then the attribute
/// of an attribute entry (`speaker=Donald Trump · 174`), else every
/// attribute (`{kind=person}`), span references named by their targets.
fn side(entry: &Entry<'_>, first: bool, schema: &Schema) -> String {
    let (d, text) = (&entry.disagreement, entry.text);
    let Some(span) = (if first { d.a } else { d.b }) else {
        return "—".to_owned();
    };
    let mut out = format!(
        "[{}, {}) {} \"{}\"",
        span.start,
        span.end,
        span.label,
        one_line(text.covered(span))
    );
    let layer = entry.layers[usize::from(!first)];
    let value = |name: &str, value: &AttrValue| -> String {
        if reference_attribute(schema, &span.label, name).is_none() {
            return one_line(&value.to_string());
        }
        let names: Vec<String> = value
            .ids()
            .map(|id| {
                layer
                    .iter()
                    .find(|s| s.id.as_str() == id)
                    .map_or_else(|| format!("missing span {id}"), |s| text.caption(s))
            })
            .collect();
        names.join(", ")
    };
    match &entry.attribute {
        Some(difference) => {
            let shown = span
                .attrs
                .get(difference.name)
                .map_or_else(|| "—".to_owned(), |v| value(difference.name, v));
            let _ = write!(out, " {}={shown}", difference.name);
        }
        None if !span.attrs.is_empty() => {
            let attrs: Vec<String> = span
                .attrs
                .iter()
                .map(|(k, v)| format!("{k}={}", value(k, v)))
                .collect();
            let _ = write!(out, " {{{}}}", attrs.join(", "));
        }
        None => {}
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
fn diff_text(found: &[Entry<'_>], a: &str, b: &str, skipped: &[&str], schema: &Schema) -> String {
    let mut out = String::new();
    let doc_width = found
        .iter()
        .map(|e| e.text.doc.id.as_str().chars().count())
        .max()
        .unwrap_or(0);
    for entry in found {
        let _ = writeln!(
            out,
            "{:<doc_width$}  {:<9}  {a}: {}  |  {b}: {}",
            entry.text.doc.id.as_str(),
            entry.kind().as_str(),
            side(entry, true, schema),
            side(entry, false, schema),
        );
    }
    let counts: Vec<String> = DiffKind::ALL
        .iter()
        .map(|&k| {
            let n = found.iter().filter(|e| e.kind() == k).count();
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
