//! `export --format jsonl`: our JSONL interchange (DESIGN.md, "JSONL
//! interchange"), one line per exported (document, layer), which `import`
//! reads back exactly. Holds everything: attributes and span references
//! included, so it never adds a note.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ExportDoc, Exported, Output};
use crate::io::formats::ExportError;
use crate::model::offsets::CharIndex;
use crate::model::{Attrs, Span};

/// One line of our JSONL (also what `io::jsonl::record_line` writes).
#[derive(Serialize)]
pub(crate) struct Record<'a, S: Serialize> {
    pub id: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub meta: &'a BTreeMap<String, String>,
    pub annotator: &'a str,
    pub status: &'static str,
    pub spans: Vec<S>,
}

/// A span of [`Record`].
#[derive(Serialize)]
pub(crate) struct RecordSpan<'a> {
    pub id: &'a str,
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub text: &'a str,
    pub attrs: &'a Attrs,
}

impl<'a> RecordSpan<'a> {
    /// `span` of `text`, whose code points `index` indexes.
    pub fn new(span: &'a Span, text: &'a str, index: &CharIndex) -> Self {
        let from = index.char_to_byte(text, span.start);
        let to = index.char_to_byte(text, span.end);
        Self {
            id: span.id.as_str(),
            start: span.start,
            end: span.end,
            label: &span.label,
            text: &text[from..to],
            attrs: &span.attrs,
        }
    }
}

impl<'a, S: Serialize> Record<'a, S> {
    /// The record of `doc` with these spans.
    pub fn new(doc: &ExportDoc<'a>, spans: Vec<S>) -> Self {
        Self {
            id: doc.doc.id.as_str(),
            title: &doc.doc.title,
            text: &doc.doc.text,
            meta: &doc.doc.meta,
            annotator: doc.annotator,
            status: doc.layer.status.as_str(),
            spans,
        }
    }
}

/// One line per document (its chosen layer and kept spans), each ending
/// with `\n`.
pub fn export(docs: &[ExportDoc]) -> Result<Exported, ExportError> {
    let size: usize = docs.iter().map(|d| d.doc.text.len() + 200).sum();
    let mut out = Vec::with_capacity(size + size / 4);
    for doc in docs {
        let text = &doc.doc.text;
        let index = CharIndex::new(text);
        let spans = doc
            .spans
            .iter()
            .map(|s| RecordSpan::new(s, text, &index))
            .collect();
        serde_json::to_writer(&mut out, &Record::new(doc, spans))
            .expect("records always serialise");
        out.push(b'\n');
    }
    Ok(Exported {
        output: Output::File(out),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::jsonl::record_line;
    use crate::model::{Document, Layer, SpanId, Status};

    #[test]
    fn lines_equal_the_interchange_lines_import_reads() {
        let mut doc = Document::new(
            "d\u{1F600}".into(),
            "T\u{A0}itle".into(),
            BTreeMap::from([("date".to_owned(), "2025-09-08".to_owned())]),
            "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB}\r\n\tUSA\u{A0}said".into(),
        );
        let layer = Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::numbered(1), 0, 4, "actor").with_attrs(&[("kind", "person")]),
                Span::new(SpanId::numbered(2), 5, 8, "actor"),
                Span::new(SpanId::numbered(3), 11, 14, "claim").with_attrs(&[("speaker", "T1")]),
            ],
        );
        doc.layers.insert("alice".into(), layer.clone());
        let export_doc = ExportDoc {
            doc: &doc,
            annotator: "alice",
            layer: &layer,
            spans: layer.spans.iter().collect(),
        };
        let exported = export(&[export_doc.clone(), export_doc]).expect("exports");
        let line = record_line(&doc, "alice", &layer);
        assert_eq!(
            exported.output,
            Output::File(format!("{line}\n{line}\n").into_bytes())
        );
        assert!(exported.notes.is_empty());
    }

    #[test]
    fn only_the_kept_spans_are_written() {
        let doc = Document::new("d".into(), String::new(), BTreeMap::new(), "ab cd".into());
        let layer = Layer::with_spans(
            Status::New,
            vec![
                Span::new(SpanId::numbered(1), 0, 2, "actor"),
                Span::new(SpanId::numbered(2), 3, 5, "date"),
            ],
        );
        let exported = export(&[ExportDoc {
            doc: &doc,
            annotator: "bob",
            layer: &layer,
            spans: vec![&layer.spans[1]],
        }])
        .expect("exports");
        let Output::File(bytes) = exported.output else {
            panic!("one file")
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(value["spans"].as_array().expect("spans").len(), 1);
        assert_eq!(value["spans"][0]["text"], "cd");
        assert_eq!(value["status"], "new");
    }
}
