//! Finds where in a project file's text a validation problem lies, so that
//! semantic errors get a line and column like syntax errors do.
//!
//! The search follows the problem's place from coarse to fine (document →
//! layer → span → field) through the text, so it works on files written by
//! Marginalia and on reasonably formatted hand-edited ones; when a step is
//! not found it stops at the last place it did find.

use crate::model::Place;

/// Byte offset in `source` best describing `place`, if any part is found.
pub fn locate(source: &str, place: &Place) -> Option<usize> {
    match place {
        Place::Project => Some(0),
        Place::Label { label } => find_label(source, label),
        Place::Attribute { label, attribute } => {
            let at = find_label(source, label)?;
            Some(find_after(source, at, &format!("name: {}", quoted(attribute))).unwrap_or(at))
        }
        Place::Document { doc } => find_document(source, doc.as_str()),
        Place::Layer { doc, annotator } => {
            let at = find_document(source, doc.as_str())?;
            Some(find_layer(source, at, annotator).unwrap_or(at))
        }
        Place::Span {
            doc,
            annotator,
            span,
            field,
        } => {
            let mut at = find_document(source, doc.as_str())?;
            let Some(layer) = find_layer(source, at, annotator) else {
                return Some(at);
            };
            at = layer;
            let Some(span_at) = find_after(source, at, &format!("id: {}", quoted(span.as_str())))
            else {
                return Some(at);
            };
            at = span_at;
            Some(
                field
                    .as_ref()
                    .map_or(at, |field| find_field(source, at, field)),
            )
        }
    }
}

/// Byte offset in the text of a folder project's layer file best
/// describing `place` (a layer, or a span and its field, in it).
pub fn locate_in_layer(source: &str, place: &Place) -> Option<usize> {
    match place {
        Place::Span { span, field, .. } => {
            let Some(at) = find_after(source, 0, &format!("id: {}", quoted(span.as_str()))) else {
                return Some(0);
            };
            Some(
                field
                    .as_ref()
                    .map_or(at, |field| find_field(source, at, field)),
            )
        }
        _ => Some(0),
    }
}

/// `field` of the span whose line starts at `at` (the line's start when
/// it is not found).
fn find_field(source: &str, at: usize, field: &str) -> usize {
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let region = &source[at..line_end];
    let hit = region
        .find(&format!("{field}:"))
        .or_else(|| region.find(&format!("{}:", quoted(field))));
    hit.map_or(at, |i| at + i)
}

fn find_label(source: &str, label: &str) -> Option<usize> {
    source.find(&format!("name: {}", quoted(label)))
}

fn find_document(source: &str, id: &str) -> Option<usize> {
    let documents = source.find("documents:").unwrap_or(0);
    let needle = format!("id: {}", quoted(id));
    let mut from = documents;
    // A document's `id` starts its own line; a span's follows `(`.
    while let Some(at) = find_after(source, from, &needle) {
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        if source[line_start..at].trim().is_empty() {
            return Some(at);
        }
        from = at + needle.len();
    }
    find_after(source, documents, &needle)
}

/// The key of `annotator`'s layer in the document at `doc`: searched after
/// the `sha256` field, past the `meta` map, whose keys look alike.
fn find_layer(source: &str, doc: usize, annotator: &str) -> Option<usize> {
    let from = find_after(source, doc, "sha256:").unwrap_or(doc);
    find_after(source, from, &format!("{}:", quoted(annotator)))
}

fn find_after(source: &str, from: usize, needle: &str) -> Option<usize> {
    source[from..].find(needle).map(|i| from + i)
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, SpanId};

    const SOURCE: &str = "(\n  documents: [\n    (\n      id: \"a\",\n      layers: {\n        \"bob\": (spans: [\n          (id: \"a\", start: 1, end: 2, label: \"x\"),\n        ]),\n      },\n    ),\n  ],\n)";

    #[test]
    fn finds_the_field_of_a_span_whose_id_equals_a_document_id() {
        let place = Place::Span {
            doc: DocId::from("a"),
            annotator: "bob".into(),
            span: SpanId::from("a"),
            field: Some("end".into()),
        };
        let at = locate(SOURCE, &place).expect("found");
        assert!(SOURCE[at..].starts_with("end: 2"));
    }

    #[test]
    fn stops_at_the_last_place_found() {
        let place = Place::Span {
            doc: DocId::from("a"),
            annotator: "carol".into(),
            span: SpanId::from("T1"),
            field: None,
        };
        let at = locate(SOURCE, &place).expect("found");
        assert!(SOURCE[at..].starts_with("id: \"a\",\n      layers"));
        assert_eq!(
            locate(
                SOURCE,
                &Place::Document {
                    doc: DocId::from("zz")
                }
            ),
            None
        );
    }
}
