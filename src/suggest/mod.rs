//! Marginalia's own suggestions, as DESIGN.md "Suggestions (`suggest`)"
//! specifies: the string memory (every other token-bounded occurrence of a
//! text the annotators labelled, in any document) and date expressions
//! with their `value` normalised against the document's `meta.date`.
//!
//! Plain Rust, no UI: `marginalia suggest` writes the result as a
//! `model:` layer; the window runs the same memory live ([`LiveMemory`])
//! and lists each document's [`pending()`] suggestions, a model's included.
//!
//! Decisions beyond DESIGN.md:
//! - which candidates are offered is one rule for the CLI and the window
//!   ([`offer::offered`]): none at an extent a source annotator labelled
//!   (any label), none overlapping a span of its label there, and of
//!   nested or crossing candidates of one label only the longest
//!   (leftmost);
//! - a memory suggestion and a date suggestion with the same extent and
//!   label are one suggestion, the date one (its `value` is normalised
//!   against this document's date, where the remembered one was not);
//! - no suggestion (memory or date) is made at an extent rejected in the
//!   window ([`pending::rejected`]), nor in the header line of a `.txt`
//!   document ([`Document::header_range`]);
//! - date suggestions need a `date` label in the schema, and carry `value`
//!   only when that label declares a `value` attribute;
//! - ids are `T1`, `T2`, … in canonical span order per document.

pub mod dates;
pub mod live;
pub mod memory;
pub mod offer;
pub mod pending;

use std::collections::BTreeMap;

pub use dates::{CivilDate, FoundDate, find_dates, normalise_date};
pub use live::LiveMemory;
pub use memory::{Memory, Remembered};
pub use offer::offered;
pub use pending::{Candidates, Origin, Suggestion, pending};

use crate::edit::Edit;
use crate::model::layer::is_valid_annotator;
use crate::model::offsets::CharIndex;
use crate::model::{
    Attrs, DocId, Document, Layer, MODEL_PREFIX, Project, Schema, Span, SpanId, Status,
};

/// The layer `suggest` writes when no `--into` is given.
pub const DEFAULT_LAYER: &str = "model:suggest";

/// The label of date suggestions.
pub const DATE_LABEL: &str = "date";

/// The attribute holding a date's normalised value.
pub const DATE_VALUE: &str = "value";

/// The document's `meta.date`, when it is an ISO date.
pub fn article_date(doc: &Document) -> Option<CivilDate> {
    doc.meta.get("date").and_then(|d| CivilDate::parse_iso(d))
}

/// The date suggestions of one document (ids left empty), in canonical
/// order; none when the schema has no `date` label.
pub fn date_suggestions(schema: &Schema, doc: &Document) -> Vec<Span> {
    let Some(label) = schema.label(DATE_LABEL) else {
        return Vec::new();
    };
    let has_value = label.attributes.iter().any(|a| a.name == DATE_VALUE);
    let index = CharIndex::new(&doc.text);
    find_dates(&doc.text, article_date(doc))
        .into_iter()
        .map(|found| {
            let mut attrs = Attrs::new();
            if let (true, Some(value)) = (has_value, found.value) {
                attrs.insert(DATE_VALUE.to_owned(), value);
            }
            Span {
                id: SpanId(String::new()),
                start: index.byte_to_char(&doc.text, found.start),
                end: index.byte_to_char(&doc.text, found.end),
                label: DATE_LABEL.to_owned(),
                attrs,
            }
        })
        .collect()
}

/// The suggestions of one document from a built `memory`: memory and date
/// suggestions as [`offer::offered`] next to the spans of the `from`
/// annotators, without the extents rejected in the window (see
/// [`pending::rejected`]) and nothing in the header line, numbered `T1…`
/// in canonical order.
pub fn document_suggestions(
    schema: &Schema,
    memory: &Memory,
    doc: &Document,
    from: &[String],
) -> Vec<Span> {
    let remembered = memory.occurrences(&doc.text);
    let dates = date_suggestions(schema, doc);
    let taken = from
        .iter()
        .filter_map(|name| doc.layers.get(name))
        .flat_map(|layer| &layer.spans);
    offered(
        live_suggestions(remembered, &dates, doc),
        |(span, _)| span,
        taken,
    )
    .into_iter()
    .enumerate()
    .map(|(i, (mut span, _))| {
        span.id = SpanId::numbered(i as u64 + 1);
        span
    })
    .collect()
}

/// The `dates` and `remembered` suggestions of `doc` (in that order, so
/// that of a date and a remembered span with the same extent and label,
/// [`offer::offered`] keeps the date: its `value` is normalised against
/// this document's date), without rejected extents and without anything
/// overlapping the header line ([`Document::header_range`]), with where
/// each comes from.
fn live_suggestions(remembered: Vec<Span>, dates: &[Span], doc: &Document) -> Vec<(Span, Origin)> {
    let rejected = pending::rejected(doc);
    let header_end = doc.header_range().map_or(0, |header| header.end);
    dates
        .iter()
        .map(|span| (span.clone(), Origin::Date))
        .chain(remembered.into_iter().map(|span| (span, Origin::Memory)))
        .filter(|(span, _)| span.start >= header_end && !rejected.contains(&(span.start, span.end)))
        .collect()
}

/// The suggestions of every document of `project` (in project order, an
/// empty list where there are none), remembering the layers of the
/// annotators `from`.
pub fn suggestions(project: &Project, from: &[String]) -> Vec<(DocId, Vec<Span>)> {
    let memory = Memory::build(project, from);
    project
        .documents
        .iter()
        .map(|doc| {
            (
                doc.id.clone(),
                document_suggestions(&project.schema, &memory, doc, from),
            )
        })
        .collect()
}

/// Whether `name` can be a suggestion layer (`model:NAME`); the reason
/// when it cannot.
pub fn check_layer_name(name: &str) -> Result<(), String> {
    if !name.starts_with(MODEL_PREFIX) || name.len() == MODEL_PREFIX.len() {
        return Err(format!(
            "the suggestion layer must be a model layer named \"{MODEL_PREFIX}NAME\", e.g. \"{DEFAULT_LAYER}\""
        ));
    }
    if !is_valid_annotator(name) {
        return Err(
            "not a valid layer name (no control characters, no surrounding white space)".into(),
        );
    }
    Ok(())
}

/// The edit (one undo step) that replaces the spans of the layer `layer` of
/// every document with `suggestions` (status `new`), keeping the regions
/// rejected there; a document left with neither loses the layer. `None`
/// when nothing changes.
pub fn suggestion_edit(
    project: &Project,
    layer: &str,
    suggestions: Vec<(DocId, Vec<Span>)>,
) -> Option<Edit> {
    let mut by_doc: BTreeMap<DocId, Vec<Span>> = suggestions.into_iter().collect();
    let edits: Vec<Edit> = project
        .documents
        .iter()
        .filter_map(|doc| {
            let before = doc.layers.get(layer);
            let spans = by_doc.remove(&doc.id).unwrap_or_default();
            let rejected = before.map(|l| l.reviewed.clone()).unwrap_or_default();
            let after = (!spans.is_empty() || !rejected.is_empty()).then(|| {
                let mut written = Layer::with_spans(Status::New, spans);
                written.reviewed = rejected;
                written
            });
            (before != after.as_ref()).then(|| Edit::SetLayer {
                doc: doc.id.clone(),
                annotator: layer.to_owned(),
                before: before.cloned(),
                after,
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::Schema;

    fn doc(id: &str, date: Option<&str>, text: &str, layers: Vec<(&str, Vec<Span>)>) -> Document {
        let meta: BTreeMap<String, String> = date
            .map(|d| ("date".to_owned(), d.to_owned()))
            .into_iter()
            .collect();
        let mut doc = Document::new(id.into(), String::new(), meta, text.to_owned());
        for (name, spans) in layers {
            doc.layers
                .insert(name.to_owned(), Layer::with_spans(Status::Done, spans));
        }
        doc
    }

    fn sp(n: u64, start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId::numbered(n), start, end, label)
    }

    fn summary(spans: &[Span]) -> Vec<(String, usize, usize, String, Option<String>)> {
        spans
            .iter()
            .map(|s| {
                (
                    s.id.to_string(),
                    s.start,
                    s.end,
                    s.label.clone(),
                    s.attrs.str("value").map(str::to_owned),
                )
            })
            .collect()
    }

    #[test]
    fn suggestions_skip_existing_spans_merge_dates_and_number_in_order() {
        let mut project = Project::new(Schema::builtin());
        project.documents.push(doc(
            "a",
            Some("2025-09-08"),
            "Putin met Trump on August 15. Putin left.",
            vec![
                (
                    "alice",
                    vec![
                        sp(1, 0, 5, "actor").with_attrs(&[("kind", "person")]),
                        sp(2, 19, 28, "date").with_attrs(&[("value", "2024-08-15")]),
                    ],
                ),
                ("model:crf", vec![sp(1, 10, 15, "actor")]),
                ("gold", vec![sp(1, 10, 15, "actor")]),
            ],
        ));
        project.documents.push(doc(
            "b",
            Some("2026-01-02"),
            "August 15 and December 30: Putin, Trump.",
            vec![],
        ));
        let from = project.human_annotators();
        assert_eq!(from, ["alice"]);
        let got = suggestions(&project, &from);
        assert_eq!(got[0].0.as_str(), "a");
        let s = |id: &str, a, b, l: &str, v: Option<&str>| {
            (id.to_owned(), a, b, l.to_owned(), v.map(str::to_owned))
        };
        assert_eq!(summary(&got[0].1), [s("T1", 30, 35, "actor", None)]);
        assert_eq!(got[0].1[0].attrs.str("kind"), Some("person"));
        assert_eq!(
            summary(&got[1].1),
            [
                s("T1", 0, 9, "date", Some("2025-08-15")),
                s("T2", 14, 25, "date", Some("2025-12-30")),
                s("T3", 27, 32, "actor", None),
            ]
        );
    }

    #[test]
    fn writing_replaces_the_spans_and_keeps_rejections() {
        let mut project = Project::new(Schema::builtin());
        project.documents.push(doc(
            "a",
            None,
            "today",
            vec![("model:suggest", vec![sp(9, 0, 1, "actor")])],
        ));
        project.documents.push(doc(
            "b",
            None,
            "x",
            vec![("model:suggest", vec![sp(1, 0, 1, "actor")])],
        ));
        project.documents[1]
            .layers
            .get_mut(DEFAULT_LAYER)
            .expect("a layer")
            .add_reviewed((0, 1));
        let found = suggestions(&project, &[]);
        let edit = suggestion_edit(&project, DEFAULT_LAYER, found).expect("changes");
        edit.apply(&mut project).expect("applies");
        let a = &project.documents[0].layers[DEFAULT_LAYER].spans;
        assert_eq!(
            summary(a),
            [("T1".to_owned(), 0, 5, "date".to_owned(), None)]
        );
        let kept = &project.documents[1].layers[DEFAULT_LAYER];
        assert!(kept.spans.is_empty());
        assert_eq!(kept.reviewed, [(0, 1)], "rejections are kept");
        let again = suggestions(&project, &[]);
        assert!(suggestion_edit(&project, DEFAULT_LAYER, again).is_none());
        project.documents[1].layers.remove(DEFAULT_LAYER);
        let found = suggestions(&project, &[]);
        assert!(suggestion_edit(&project, DEFAULT_LAYER, found).is_none());
    }

    #[test]
    fn a_rejected_extent_is_not_suggested_again() {
        let mut project = Project::new(Schema::builtin());
        project
            .documents
            .push(doc("a", Some("2025-01-02"), "today and tomorrow", vec![]));
        let mut rejected = Layer::default();
        rejected.add_reviewed((0, 5));
        project.documents[0]
            .layers
            .insert(DEFAULT_LAYER.to_owned(), rejected);
        let found = suggestions(&project, &[]);
        assert_eq!(
            summary(&found[0].1),
            [(
                "T1".to_owned(),
                10,
                18,
                "date".to_owned(),
                Some("2025-01-03".to_owned())
            )]
        );
    }
}
