//! `export --format prodigy`: our JSONL (see [`super::jsonl`]) plus the
//! token fields of Prodigy's span tasks, as `ner.manual` and
//! `spans.manual` save them and `prodigy db-in` reads them:
//!
//! - `"tokens": [{"text", "start", "end", "id", "ws"}]`: the export tokens
//!   with code-point offsets, their index, and `ws` (whether white space
//!   follows the token, which Prodigy uses to rebuild the text);
//! - on each span, `token_start` and `token_end`: the indices of its first
//!   and last token (inclusive);
//! - `"relations": [{"head", "child", "head_span", "child_span", "label"}]`,
//!   one per target of a span reference, as `rel.manual` saves them: `head`
//!   and `child` are the indices of the last tokens of the source and
//!   target spans (what spaCy's relation-extraction scripts look up by
//!   `token_end`), `head_span` and `child_span` those spans as `{"start",
//!   "end", "token_start", "token_end", "label"}`, and `label` the
//!   attribute's name. `import` reads them back, matching the spans by
//!   `start`, `end` and `label`.
//!
//! Offsets are code points, as Python's `str` indexing. Attributes stay on
//! the spans (Prodigy keeps unknown keys). A span covering only white space
//! has no token, so it is left out, with a note.

use serde::Serialize;

use std::collections::HashMap;

use super::conll::tokens_with_bytes;
use super::jsonl::{Record, RecordSpan};
use super::{ExportDoc, Exported, Output};
use crate::io::formats::ExportError;
use crate::model::links::reference_attribute;
use crate::model::offsets::CharIndex;
use crate::model::{Schema, Span};

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

/// A span as a relation's end (`head_span`, `child_span`).
#[derive(Serialize, Clone, Copy)]
struct RelationEnd<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
    label: &'a str,
}

/// One relation, as `rel.manual` saves it.
#[derive(Serialize)]
struct TaskRelation<'a> {
    head: usize,
    child: usize,
    head_span: RelationEnd<'a>,
    child_span: RelationEnd<'a>,
    label: &'a str,
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
    relations: Vec<TaskRelation<'a>>,
}

/// One Prodigy task per document, one per line; `schema` tells which
/// attributes are span references (relations).
pub fn export(schema: &Schema, docs: &[ExportDoc]) -> Result<Exported, ExportError> {
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
        let mut ends: HashMap<&str, RelationEnd> = HashMap::with_capacity(doc.spans.len());
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
            ends.insert(
                span.id.as_str(),
                RelationEnd {
                    start: span.start,
                    end: span.end,
                    token_start: first,
                    token_end: after - 1,
                    label: &span.label,
                },
            );
        }
        let relations = relations(schema, &doc.spans, &ends);
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
            relations,
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

/// The relations of the exported spans: one per target of a span
/// reference whose source and target both have tokens (`ends`), by source
/// in canonical order, then attribute, then target in text order.
fn relations<'a>(
    schema: &Schema,
    spans: &[&'a Span],
    ends: &HashMap<&str, RelationEnd<'a>>,
) -> Vec<TaskRelation<'a>> {
    let mut out = Vec::new();
    for span in spans {
        let Some(&head_span) = ends.get(span.id.as_str()) else {
            continue;
        };
        for (name, value) in &span.attrs {
            if reference_attribute(schema, &span.label, name).is_none() {
                continue;
            }
            for target in value.ids() {
                if let Some(&child_span) = ends.get(target) {
                    out.push(TaskRelation {
                        head: head_span.token_end,
                        child: child_span.token_end,
                        head_span,
                        child_span,
                        label: name,
                    });
                }
            }
        }
    }
    out
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
        let exported = export(
            &Schema::builtin(),
            &[ExportDoc {
                doc: &doc,
                annotator: "alice",
                layer: &layer,
                spans: layer.spans.iter().collect(),
            }],
        )
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
                "spans",
                "relations"
            ]
        );
    }

    #[test]
    fn references_become_relations_between_the_last_tokens_of_their_spans() {
        let (task, _) = task(
            "\u{201C}No,\u{201D} said Zoe\u{308} Smith\r\nand \u{1F469}\u{200D}\u{1F4BB}.",
            vec![
                Span::new(SpanId::numbered(1), 0, 5, "claim").with_attrs(&[("speaker", "T2")]),
                Span::new(SpanId::numbered(2), 11, 21, "actor"),
                Span::new(SpanId::numbered(3), 27, 30, "actor"),
            ],
        );
        let tokens = task["tokens"].as_array().expect("tokens");
        let text_of = |i: &Value| {
            tokens[usize::try_from(i.as_u64().expect("index")).expect("small")]["text"].clone()
        };
        assert_eq!(
            task["relations"],
            json!([{
                "head": 3,
                "child": 6,
                "head_span": {"start": 0, "end": 5, "token_start": 0, "token_end": 3, "label": "claim"},
                "child_span": {"start": 11, "end": 21, "token_start": 5, "token_end": 6, "label": "actor"},
                "label": "speaker",
            }])
        );
        assert_eq!(text_of(&task["relations"][0]["head"]), "\u{201D}");
        assert_eq!(text_of(&task["relations"][0]["child"]), "Smith");
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
