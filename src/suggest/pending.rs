//! The suggestions an annotator still has to decide on in one document,
//! and the edits that accept or reject them.
//!
//! A document's suggestions are the spans of its `model:` layers (a
//! model's predictions, or a saved `marginalia suggest` run) together with
//! what the live string memory and the date finder offer now. A suggestion
//! is pending until the annotator's layer has a span with its extent, or
//! until it is rejected. A rejection is kept in the document's
//! [`DEFAULT_LAYER`] as a [`Layer::reviewed`] region, so it survives a
//! restart, a git merge and a later `marginalia suggest`, and the model
//! layers themselves stay as the model predicted them (for `eval`).

use std::collections::{BTreeMap, HashSet};

use super::memory::Memory;
use super::{DEFAULT_LAYER, live_suggestions};
use crate::edit::Edit;
use crate::model::{Document, Layer, MODEL_PREFIX, Schema, Span};

/// Where a suggestion comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A span of this `model:` layer.
    Layer(String),
    /// The string memory: the text was labelled so elsewhere.
    Memory,
    /// The date finder (its `value` normalised against the article's date).
    Date,
}

impl Origin {
    /// A short description for the inspector and hover text.
    pub fn describe(&self) -> String {
        match self {
            Origin::Layer(name) => format!("predicted by {name}"),
            Origin::Memory => "the string memory (labelled so elsewhere)".to_owned(),
            Origin::Date => "a date, normalised against the article's date".to_owned(),
        }
    }
}

/// One pending suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The suggested span (its id is the source layer's, or empty).
    pub span: Span,
    /// Where it comes from.
    pub origin: Origin,
}

impl Suggestion {
    /// Its extent and label, which identify it within a document.
    pub fn key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.span.label)
    }
}

/// The extents rejected on `doc`: the reviewed regions of its `model:`
/// layers.
pub fn rejected(doc: &Document) -> HashSet<(usize, usize)> {
    doc.layers
        .iter()
        .filter(|(name, _)| name.starts_with(MODEL_PREFIX))
        .flat_map(|(_, layer)| layer.reviewed.iter().copied())
        .collect()
}

/// The suggestions still open for the annotator `target` on `doc`, in
/// canonical order: neither rejected nor at an extent where `target`'s
/// layer already has a span. A suggestion that several sources make is
/// listed once, from the first `model:` layer by name (the memory and
/// the date finder come last).
pub fn pending(schema: &Schema, memory: &Memory, doc: &Document, target: &str) -> Vec<Suggestion> {
    let mut decided = rejected(doc);
    if let Some(layer) = doc.layers.get(target) {
        decided.extend(layer.spans.iter().map(|s| (s.start, s.end)));
    }
    let from_layers = doc
        .layers
        .iter()
        .filter(|(name, _)| name.starts_with(MODEL_PREFIX) && name.as_str() != target)
        .flat_map(|(name, layer)| {
            layer.spans.iter().map(|span| Suggestion {
                span: span.clone(),
                origin: Origin::Layer(name.clone()),
            })
        });
    let live = live_suggestions(schema, memory, doc, &[target.to_owned()])
        .into_iter()
        .map(|(span, origin)| Suggestion { span, origin });
    let mut found: BTreeMap<(usize, usize, String), Suggestion> = BTreeMap::new();
    for suggestion in from_layers.chain(live) {
        if decided.contains(&(suggestion.span.start, suggestion.span.end)) {
            continue;
        }
        let key = (
            suggestion.span.start,
            suggestion.span.end,
            suggestion.span.label.clone(),
        );
        found.entry(key).or_insert(suggestion);
    }
    found.into_values().collect()
}

/// The edit that puts `suggestions` into `target`'s layer of `doc` as new
/// spans (fresh ids, span references left out), as one undo step; `None`
/// when there is nothing to accept.
pub fn accept(
    schema: &Schema,
    doc: &Document,
    target: &str,
    suggestions: &[&Suggestion],
) -> Option<Edit> {
    let layer = doc.layers.get(target);
    let mut next = layer
        .map_or(1, |l| l.next_span_id().number().unwrap_or(1))
        .max(1);
    let edits: Vec<Edit> = suggestions
        .iter()
        .map(|suggestion| {
            let mut span = suggestion.span.clone();
            span.id = crate::model::SpanId::numbered(next);
            span.attrs = schema.without_span_refs(&span.label, &span.attrs);
            next += 1;
            Edit::AddSpan {
                doc: doc.id.clone(),
                annotator: target.to_owned(),
                span,
            }
        })
        .collect();
    match edits.len() {
        0 => None,
        1 => edits.into_iter().next(),
        _ => Some(Edit::Batch(edits)),
    }
}

/// The edit that rejects `suggestions` on `doc` for good: their extents
/// become reviewed regions of the document's [`DEFAULT_LAYER`] (created
/// when missing). `None` when they all are rejected already.
pub fn reject(doc: &Document, suggestions: &[&Suggestion]) -> Option<Edit> {
    let before = doc.layers.get(DEFAULT_LAYER);
    let mut after = before.cloned().unwrap_or_else(Layer::default);
    let mut changed = false;
    for suggestion in suggestions {
        changed |= after.add_reviewed((suggestion.span.start, suggestion.span.end));
    }
    changed.then(|| Edit::SetLayer {
        doc: doc.id.clone(),
        annotator: DEFAULT_LAYER.to_owned(),
        before: before.cloned(),
        after: Some(after),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Project, SpanId, Status};
    use crate::suggest::memory::Memory;

    const TEXT: &str = "Putin met \u{1F469}\u{200D}\u{1F4BB} Xi today. Putin left.";

    fn project() -> Project {
        let mut project = Project::new(Schema::builtin());
        let meta: BTreeMap<String, String> = [("date".to_owned(), "2025-09-08".to_owned())].into();
        let mut doc = Document::new("a".into(), String::new(), meta, TEXT.to_owned());
        let layer = |spans| Layer::with_spans(Status::InProgress, spans);
        doc.layers.insert(
            "alice".into(),
            layer(vec![
                Span::new(SpanId::numbered(4), 0, 5, "actor").with_attrs(&[("kind", "person")]),
            ]),
        );
        doc.layers.insert(
            "model:crf".into(),
            layer(vec![
                Span::new(SpanId::numbered(1), 0, 5, "actor"),
                Span::new(SpanId::numbered(2), 14, 16, "actor"),
            ]),
        );
        project.documents.push(doc);
        project
    }

    fn keys(found: &[Suggestion]) -> Vec<(usize, usize, String, Origin)> {
        found
            .iter()
            .map(|s| {
                (
                    s.span.start,
                    s.span.end,
                    s.span.label.clone(),
                    s.origin.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn pending_joins_model_layers_and_the_memory_without_what_the_annotator_has() {
        let project = project();
        let memory = Memory::build(&project, &["alice".to_owned()]);
        let doc = &project.documents[0];
        let crf = Origin::Layer("model:crf".into());
        assert_eq!(
            keys(&pending(&project.schema, &memory, doc, "alice")),
            [
                (14, 16, "actor".into(), crf),
                (17, 22, "date".into(), Origin::Date),
                (24, 29, "actor".into(), Origin::Memory),
            ]
        );
        let date = &pending(&project.schema, &memory, doc, "alice")[1];
        assert_eq!(
            date.span.attrs.get("value").map(String::as_str),
            Some("2025-09-08")
        );
    }

    #[test]
    fn accepting_adds_fresh_ids_with_attributes_and_rejecting_persists() {
        let mut project = project();
        let memory = Memory::build(&project, &["alice".to_owned()]);
        let found = pending(&project.schema, &memory, &project.documents[0], "alice");
        let remembered = &found[2];
        let edit = accept(
            &project.schema,
            &project.documents[0],
            "alice",
            &[remembered],
        )
        .expect("an edit");
        edit.apply(&mut project).expect("applies");
        let added = project.documents[0].layers["alice"]
            .span(&SpanId::numbered(5))
            .expect("T5");
        assert_eq!((added.start, added.end), (24, 29));
        assert_eq!(added.attrs.get("kind").map(String::as_str), Some("person"));

        let doc = &project.documents[0];
        let left = pending(&project.schema, &memory, doc, "alice");
        assert_eq!(left.len(), 2);
        let edit = reject(doc, &[&left[0]]).expect("an edit");
        edit.apply(&mut project).expect("applies");
        let doc = &project.documents[0];
        assert_eq!(doc.layers[DEFAULT_LAYER].reviewed, [(14, 16)]);
        assert_eq!(
            doc.layers["model:crf"].spans.len(),
            2,
            "the model keeps its prediction"
        );
        let left = pending(&project.schema, &memory, doc, "alice");
        assert_eq!(keys(&left)[0].0, 17);
        assert!(reject(doc, &[&found[0]]).is_none(), "rejected already");
        edit.inverse().apply(&mut project).expect("undoes");
        assert!(!project.documents[0].layers.contains_key(DEFAULT_LAYER));
    }
}
