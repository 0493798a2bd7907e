//! `export --format doccano`: doccano's relation JSONL, the file a
//! sequence-labelling project with relations imports and exports
//! (doccano's `backend/data_import/pipeline/label.py` reads it, its
//! `data_export/models.py` writes it), one line per document and layer:
//!
//! ```json
//! {"id": 7, "text": "...", "annotator": "alice",
//!  "entities": [{"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"}],
//!  "relations": [{"id": 0, "from_id": 0, "to_id": 2, "type": "foundedBy"}]}
//! ```
//!
//! Offsets are code points, as doccano's (Python `str` indices). Entity
//! ids are integers, as doccano's: a span id `12` (what import makes of
//! doccano's entity id 12, so a doccano file imported and exported keeps
//! its ids) or `T12` gives 12, any other id the next free number. A relation is one target of a span reference, its
//! `type` the attribute's name, numbered from 0 in the line (doccano reads
//! relation ids only to ignore them). A document id made of digits is
//! written as a number. doccano holds no other span attributes, so enum
//! and text attributes are left out, with a note; another note warns when
//! entities overlap, which doccano's import keeps only in a project that
//! allows overlapping spans (its `Spans.clean` drops them otherwise, and
//! then fails on the relations that name them).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{ExportDoc, Exported, Output};
use crate::io::formats::ExportError;
use crate::model::links::reference_attribute;
use crate::model::{Schema, Span};

/// A document id as doccano's integer when it is one, else the string.
#[derive(Serialize)]
#[serde(untagged)]
enum LineId<'a> {
    Number(u64),
    Text(&'a str),
}

/// One entity of a line.
#[derive(Serialize)]
struct Entity<'a> {
    id: u64,
    start_offset: usize,
    end_offset: usize,
    label: &'a str,
}

/// One relation of a line.
#[derive(Serialize)]
struct Relation<'a> {
    id: usize,
    from_id: u64,
    to_id: u64,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// One line.
#[derive(Serialize)]
struct Line<'a> {
    id: LineId<'a>,
    text: &'a str,
    annotator: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<Relation<'a>>,
}

/// One doccano line per document and layer, each ending with `\n`.
pub fn export(schema: &Schema, docs: &[ExportDoc]) -> Result<Exported, ExportError> {
    let size: usize = docs
        .iter()
        .map(|d| d.doc.text.len() + 80 * d.spans.len() + 100)
        .sum();
    let mut out = Vec::with_capacity(size);
    let mut other_attributes = false;
    let mut overlapping = false;
    for doc in docs {
        overlapping |= overlaps(&doc.spans);
        let ids = entity_ids(&doc.spans);
        let entities = doc
            .spans
            .iter()
            .map(|span| Entity {
                id: ids[span.id.as_str()],
                start_offset: span.start,
                end_offset: span.end,
                label: &span.label,
            })
            .collect();
        let mut relations = Vec::new();
        for span in &doc.spans {
            for (name, value) in &span.attrs {
                if reference_attribute(schema, &span.label, name).is_none() {
                    other_attributes = true;
                    continue;
                }
                for target in value.ids() {
                    if let Some(&to_id) = ids.get(target) {
                        relations.push(Relation {
                            id: relations.len(),
                            from_id: ids[span.id.as_str()],
                            to_id,
                            kind: name,
                        });
                    }
                }
            }
        }
        let id = doc.doc.id.as_str();
        let line = Line {
            id: digits(id).map_or(LineId::Text(id), LineId::Number),
            text: &doc.doc.text,
            annotator: doc.annotator,
            entities,
            relations,
        };
        serde_json::to_writer(&mut out, &line).expect("lines always serialise");
        out.push(b'\n');
    }
    let mut notes = Vec::new();
    if other_attributes {
        notes.push("doccano's relation JSONL holds no span attributes but relations: enum and text attributes are left out".to_owned());
    }
    if overlapping {
        notes.push("some entities overlap: doccano keeps them only in a project that allows overlapping spans (else its import drops them and fails on their relations)".to_owned());
    }
    Ok(Exported {
        output: Output::File(out),
        notes,
    })
}

/// Whether two of `spans` (in canonical order, by start) overlap.
fn overlaps(spans: &[&Span]) -> bool {
    let mut end = 0;
    spans.iter().any(|span| {
        let overlap = span.start < end;
        end = end.max(span.end);
        overlap
    })
}

/// `id` as a number when it is one written plainly (no sign, no leading
/// zero), so that it reads back as the same string.
fn digits(id: &str) -> Option<u64> {
    let plain = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && (id == "0" || !id.starts_with('0'));
    plain.then(|| id.parse().ok()).flatten()
}

/// doccano's integer ids for the spans of a layer: the number of a span
/// id `T12` or `12` when no earlier span took it, else the next free
/// number above every one taken.
fn entity_ids<'a>(spans: &[&'a Span]) -> HashMap<&'a str, u64> {
    let number = |id: &str| digits(id.strip_prefix('T').unwrap_or(id));
    let mut taken = HashSet::new();
    let mut ids = HashMap::with_capacity(spans.len());
    for span in spans {
        let id = span.id.as_str();
        if let Some(n) = number(id)
            && taken.insert(n)
        {
            ids.insert(id, n);
        }
    }
    let mut next = taken.iter().max().map_or(0, |n| n.saturating_add(1));
    for span in spans {
        ids.entry(span.id.as_str()).or_insert_with(|| {
            // Past the largest number (wrapping round only for an id of
            // u64::MAX), never one taken.
            while !taken.insert(next) {
                next = next.wrapping_add(1);
            }
            next
        });
    }
    ids
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;
    use crate::model::{AttrValue, Document, Layer, SpanId, Status};

    fn line(schema: &Schema, doc: &Document, layer: &Layer) -> (Value, Vec<String>) {
        let exported = export(
            schema,
            &[ExportDoc {
                doc,
                annotator: "alice",
                layer,
                spans: layer.spans.iter().collect(),
            }],
        )
        .expect("exports");
        let Output::File(bytes) = exported.output else {
            panic!("one file")
        };
        assert_eq!(bytes.split(|&b| b == b'\n').count(), 2);
        (
            serde_json::from_slice(&bytes).expect("one JSON line"),
            exported.notes,
        )
    }

    #[test]
    fn references_become_relations_with_integer_ids_and_code_point_offsets() {
        let mut schema = Schema::builtin();
        schema.labels[2].attributes[0].many = true;
        let text =
            "\u{1F469}\u{200D}\u{1F4BB} Zoe\u{308} and \u{201C}Bo\u{201D} said\r\nno\u{A0}deal";
        let doc = Document::new("42".into(), String::new(), BTreeMap::new(), text.into());
        let mut claim = Span::new(SpanId::from("c"), 20, 31, "claim");
        claim.attrs.insert(
            "speaker".into(),
            AttrValue::Many(vec!["T1".into(), "T5".into()]),
        );
        let layer = Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::from("T1"), 4, 8, "actor").with_attrs(&[("kind", "person")]),
                Span::new(SpanId::from("T5"), 13, 17, "actor"),
                claim,
            ],
        );
        let (line, notes) = line(&schema, &doc, &layer);
        assert_eq!(
            line,
            json!({
                "id": 42,
                "text": text,
                "annotator": "alice",
                "entities": [
                    {"id": 1, "start_offset": 4, "end_offset": 8, "label": "actor"},
                    {"id": 5, "start_offset": 13, "end_offset": 17, "label": "actor"},
                    {"id": 6, "start_offset": 20, "end_offset": 31, "label": "claim"},
                ],
                "relations": [
                    {"id": 0, "from_id": 6, "to_id": 1, "type": "speaker"},
                    {"id": 1, "from_id": 6, "to_id": 5, "type": "speaker"},
                ],
            })
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("enum and text attributes are left out"));
    }

    #[test]
    fn ids_taken_twice_or_not_numbers_get_fresh_numbers() {
        let spans = [
            Span::new(SpanId::from("T3"), 0, 1, "actor"),
            Span::new(SpanId::from("3"), 1, 2, "actor"),
            Span::new(SpanId::from("x"), 2, 3, "actor"),
            Span::new(SpanId::from("T0"), 3, 4, "actor"),
            Span::new(SpanId::from("007"), 4, 5, "actor"),
        ];
        let refs: Vec<&Span> = spans.iter().collect();
        let ids = entity_ids(&refs);
        assert_eq!(
            [ids["T3"], ids["3"], ids["x"], ids["T0"], ids["007"]],
            [3, 4, 5, 0, 6]
        );
        let huge = [
            Span::new(SpanId::from("18446744073709551615"), 0, 1, "actor"),
            Span::new(SpanId::from("x"), 1, 2, "actor"),
        ];
        let ids = entity_ids(&huge.iter().collect::<Vec<_>>());
        assert_eq!((ids["18446744073709551615"], ids["x"]), (u64::MAX, 0));
        assert_eq!(digits("007"), None);
        assert_eq!(digits("0"), Some(0));
        assert_eq!(digits("doc-1"), None);
    }

    #[test]
    fn overlapping_entities_are_noted() {
        let doc = Document::new("d".into(), String::new(), BTreeMap::new(), "ab cd".into());
        let layer = Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::from("T1"), 0, 5, "claim"),
                Span::new(SpanId::from("T2"), 3, 5, "actor"),
            ],
        );
        let (_, notes) = line(&Schema::builtin(), &doc, &layer);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("allows overlapping spans"));
        let side_by_side = [
            Span::new(SpanId::from("T1"), 0, 2, "actor"),
            Span::new(SpanId::from("T2"), 2, 5, "actor"),
        ];
        assert!(!overlaps(&side_by_side.iter().collect::<Vec<_>>()));
    }

    #[test]
    fn a_layer_without_spans_is_a_line_without_entities() {
        let doc = Document::new("d-1".into(), String::new(), BTreeMap::new(), "x".into());
        let (line, notes) = line(&Schema::builtin(), &doc, &Layer::default());
        assert_eq!(line["id"], "d-1");
        assert_eq!(line["entities"], json!([]));
        assert_eq!(line["relations"], json!([]));
        assert!(notes.is_empty());
    }
}
