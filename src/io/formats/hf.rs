//! `export --format hf`: Hugging Face token-classification JSONL, one line
//! per document:
//!
//! ```json
//! {"id": "doc-1", "tokens": ["US", "President"], "ner_tags": ["B-actor", "O"]}
//! ```
//!
//! The tokens and IOB2 tags are those of the `CoNLL` export (see
//! [`super::conll`]), tags as strings, so `datasets.load_dataset("json",
//! data_files=…)` loads it as it is (`ner_tags` a sequence of strings; map
//! them to ids with `ClassLabel` when a model needs integers). Attributes
//! and nested spans cannot be held, as in `CoNLL`; notes say so.

use serde::Serialize;

use super::conll::{Losses, Tag, tag_document};
use super::{ExportDoc, Exported, Output};
use crate::io::formats::ExportError;

/// One example: the document id, its tokens and their tags.
#[derive(Serialize)]
struct Example<'a> {
    id: &'a str,
    tokens: Vec<&'a str>,
    ner_tags: Vec<&'a str>,
}

/// One example per document, one per line.
pub fn export(docs: &[ExportDoc]) -> Result<Exported, ExportError> {
    let size: usize = docs.iter().map(|d| d.doc.text.len() * 3 + 64).sum();
    let mut out = Vec::with_capacity(size);
    let mut losses = Losses::default();
    // `B-label` and `I-label` of each label, made once.
    let mut names: Vec<(&str, String, String)> = Vec::new();
    for doc in docs {
        for span in &doc.spans {
            if !names.iter().any(|(label, ..)| *label == span.label) {
                names.push((
                    &span.label,
                    format!("B-{}", span.label),
                    format!("I-{}", span.label),
                ));
            }
        }
    }
    let name = |tag: &Tag| -> &str {
        let find = |label: &str| {
            names
                .iter()
                .find(|(l, ..)| *l == label)
                .expect("every label was named")
        };
        match *tag {
            Tag::Outside => "O",
            Tag::Begin(label) => &find(label).1,
            Tag::Inside(label) => &find(label).2,
        }
    };
    for doc in docs {
        let text = &doc.doc.text;
        let tagged = tag_document(doc);
        losses.add(tagged.losses);
        let example = Example {
            id: doc.doc.id.as_str(),
            tokens: tagged
                .tokens
                .iter()
                .map(|t| &text[t.byte_start..t.byte_end])
                .collect(),
            ner_tags: tagged.tags.iter().map(name).collect(),
        };
        serde_json::to_writer(&mut out, &example).expect("examples always serialise");
        out.push(b'\n');
    }
    Ok(Exported {
        output: Output::File(out),
        notes: losses.notes("the hf format"),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;
    use crate::model::{Document, Layer, Span, SpanId, Status};

    #[test]
    fn each_document_is_one_line_of_tokens_and_string_tags() {
        let docs: Vec<Document> = ["Donald Trump\r\n\u{1F44D}\u{1F3FD} said", ""]
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Document::new(
                    format!("d{i}").as_str().into(),
                    String::new(),
                    BTreeMap::new(),
                    (*text).into(),
                )
            })
            .collect();
        let layer = Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::numbered(1), 0, 12, "actor").with_attrs(&[("kind", "person")]),
                Span::new(SpanId::numbered(2), 7, 12, "actor"),
            ],
        );
        let empty = Layer::default();
        let exported = export(&[
            ExportDoc {
                doc: &docs[0],
                annotator: "a",
                layer: &layer,
                spans: layer.spans.iter().collect(),
            },
            ExportDoc {
                doc: &docs[1],
                annotator: "a",
                layer: &empty,
                spans: Vec::new(),
            },
        ])
        .expect("exports");
        let Output::File(bytes) = exported.output else {
            panic!("one file")
        };
        let lines: Vec<Value> = String::from_utf8(bytes)
            .expect("UTF-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        assert_eq!(
            lines,
            [
                json!({"id": "d0", "tokens": ["Donald", "Trump", "\u{1F44D}", "\u{1F3FD}", "said"],
                       "ner_tags": ["B-actor", "I-actor", "O", "O", "O"]}),
                json!({"id": "d1", "tokens": [], "ner_tags": []}),
            ]
        );
        assert_eq!(exported.notes.len(), 2, "{:?}", exported.notes);
    }
}
