//! `export --format prodigy`: our JSONL (see [`super::jsonl`]) plus the
//! token fields of Prodigy's span tasks, as `ner.manual` and
//! `spans.manual` save them and `prodigy db-in` reads them:
//!
//! - `"tokens": [{"text", "start", "end", "id", "ws"}]`: the export tokens
//!   with code-point offsets, their index, and `ws` (whether white space
//!   follows the token, which Prodigy uses to rebuild the text);
//! - on each span, `token_start` and `token_end`: the indices of its first
//!   and last token (inclusive).
//!
//! Offsets are code points, as Python's `str` indexing. Attributes stay on
//! the spans (Prodigy keeps unknown keys). A span covering only white space
//! has no token, so it is left out, with a note.

use serde::Serialize;

use super::conll::tokens_with_bytes;
use super::jsonl::{Record, RecordSpan};
use super::{ExportDoc, Exported, Output};
use crate::io::export::ExportError;
use crate::model::offsets::CharIndex;

/// A token of a Prodigy task.
#[derive(Serialize)]
struct TaskToken<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

/// A span of a Prodigy task: ours plus its token indices.
#[derive(Serialize)]
struct TaskSpan<'a> {
    #[serde(flatten)]
    span: RecordSpan<'a>,
    token_start: usize,
    token_end: usize,
}

/// Our record with the tokens before the spans, in Prodigy's order.
#[derive(Serialize)]
struct Task<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    meta: &'a std::collections::BTreeMap<String, String>,
    annotator: &'a str,
    status: &'static str,
    tokens: Vec<TaskToken<'a>>,
    spans: Vec<TaskSpan<'a>>,
}

/// One Prodigy task per document, one per line.
pub fn export(docs: &[ExportDoc]) -> Result<Exported, ExportError> {
    let size: usize = docs.iter().map(|d| d.doc.text.len() * 12 + 200).sum();
    let mut out = Vec::with_capacity(size);
    let mut without_tokens = false;
    for doc in docs {
        let text = &doc.doc.text;
        let tokens = tokens_with_bytes(text, &doc.spans);
        let starts: Vec<usize> = tokens.iter().map(|t| t.start).collect();
        let task_tokens = tokens
            .iter()
            .enumerate()
            .map(|(id, t)| TaskToken {
                text: &text[t.byte_start..t.byte_end],
                start: t.start,
                end: t.end,
                id,
                ws: text[t.byte_end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace),
            })
            .collect();
        let index = CharIndex::new(text);
        let mut spans = Vec::with_capacity(doc.spans.len());
        for span in &doc.spans {
            // Tokens are cut at every span boundary: those inside the span
            // run from the first token starting at or after its start.
            let first = starts.partition_point(|&s| s < span.start);
            let after = starts.partition_point(|&s| s < span.end);
            if first == after {
                without_tokens = true;
                continue;
            }
            spans.push(TaskSpan {
                span: RecordSpan::new(span, text, &index),
                token_start: first,
                token_end: after - 1,
            });
        }
        let record = Record::new(doc, spans);
        let task = Task {
            id: record.id,
            title: record.title,
            text: record.text,
            meta: record.meta,
            annotator: record.annotator,
            status: record.status,
            tokens: task_tokens,
            spans: record.spans,
        };
        serde_json::to_writer(&mut out, &task).expect("tasks always serialise");
        out.push(b'\n');
    }
    let notes = if without_tokens {
        vec![
            "prodigy has no token for a span that covers only white space; such spans are not exported"
                .to_owned(),
        ]
    } else {
        Vec::new()
    };
    Ok(Exported {
        output: Output::File(out),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;
    use crate::model::{Document, Layer, Span, SpanId, Status};

    fn task(text: &str, spans: Vec<Span>) -> (Value, Vec<String>) {
        let doc = Document::new("d".into(), "t".into(), BTreeMap::new(), text.into());
        let layer = Layer::with_spans(Status::Done, spans);
        let exported = export(&[ExportDoc {
            doc: &doc,
            annotator: "alice",
            layer: &layer,
            spans: layer.spans.iter().collect(),
        }])
        .expect("exports");
        let Output::File(bytes) = exported.output else {
            panic!("one file")
        };
        assert_eq!(bytes.last(), Some(&b'\n'));
        (
            serde_json::from_slice(&bytes).expect("one JSON line"),
            exported.notes,
        )
    }

    #[test]
    fn tokens_carry_code_point_offsets_and_spans_their_token_range() {
        let (task, notes) = task(
            "\u{1F44D}\u{1F3FD} Zoe\u{308}\u{A0}Smith\r\nsaid",
            vec![
                Span::new(SpanId::numbered(1), 3, 13, "actor").with_attrs(&[("kind", "person")]),
                Span::new(SpanId::numbered(2), 8, 13, "actor"),
            ],
        );
        assert!(notes.is_empty());
        assert_eq!(
            task["tokens"],
            json!([
                {"text": "\u{1F44D}", "start": 0, "end": 1, "id": 0, "ws": false},
                {"text": "\u{1F3FD}", "start": 1, "end": 2, "id": 1, "ws": true},
                {"text": "Zoe\u{308}", "start": 3, "end": 7, "id": 2, "ws": true},
                {"text": "Smith", "start": 8, "end": 13, "id": 3, "ws": true},
                {"text": "said", "start": 15, "end": 19, "id": 4, "ws": false},
            ])
        );
        let spans = task["spans"].as_array().expect("spans");
        assert_eq!(spans[0]["token_start"], 2);
        assert_eq!(spans[0]["token_end"], 3);
        assert_eq!(spans[0]["text"], "Zoe\u{308}\u{A0}Smith");
        assert_eq!(spans[0]["attrs"]["kind"], "person");
        assert_eq!(task["annotator"], "alice");
        let keys: Vec<&String> = task.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "title",
                "text",
                "meta",
                "annotator",
                "status",
                "tokens",
                "spans"
            ]
        );
    }

    #[test]
    fn a_span_inside_a_word_gets_its_own_token() {
        let (task, _) = task(
            "USA-based",
            vec![Span::new(SpanId::numbered(1), 0, 2, "actor")],
        );
        assert_eq!(task["tokens"][0]["text"], "US");
        assert_eq!(task["tokens"][1]["text"], "A");
        assert_eq!(task["spans"][0]["token_end"], 0);
    }

    #[test]
    fn white_space_spans_are_left_out_with_a_note() {
        let (task, notes) = task("a  b", vec![Span::new(SpanId::numbered(1), 1, 3, "actor")]);
        assert_eq!(task["spans"], json!([]));
        assert_eq!(notes.len(), 1);
    }
}
