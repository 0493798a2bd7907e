//! Edits to a project's annotations, each with an exact inverse, and the
//! undo/redo history that applies them. No UI.

mod history;
mod layer_run;
pub mod links;
pub mod merge_copy;
pub mod towards;

use std::collections::HashMap;

pub use history::History;

use crate::model::{DocId, Document, Layer, Project, Schema, Span, SpanId, Status};

/// One change to one annotator's layer on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add a span (the layer is created when missing).
    AddSpan {
        /// Document.
        doc: DocId,
        /// Layer.
        annotator: String,
        /// The new span.
        span: Span,
    },
    /// Remove a span.
    RemoveSpan {
        /// Document.
        doc: DocId,
        /// Layer.
        annotator: String,
        /// The span as it was (needed to undo).
        span: Span,
    },
    /// Replace a span by a changed version with the same id (label,
    /// boundaries or attributes).
    ChangeSpan {
        /// Document.
        doc: DocId,
        /// Layer.
        annotator: String,
        /// The span before.
        before: Span,
        /// The span after.
        after: Span,
    },
    /// Change a layer's status.
    SetStatus {
        /// Document.
        doc: DocId,
        /// Layer.
        annotator: String,
        /// Status before.
        before: Status,
        /// Status after.
        after: Status,
    },
    /// Record (or forget) a region of a layer as reviewed by an
    /// adjudicator (see [`Layer::reviewed`]).
    SetReviewed {
        /// Document.
        doc: DocId,
        /// Layer (the `gold` layer in review).
        annotator: String,
        /// The region `[start, end)` in code points.
        region: (usize, usize),
        /// True to record it, false to forget it.
        reviewed: bool,
    },
    /// Replace a whole layer (or create or remove it), as merging another
    /// copy of the project does.
    SetLayer {
        /// Document.
        doc: DocId,
        /// Layer.
        annotator: String,
        /// The layer before (`None`: it did not exist).
        before: Option<Layer>,
        /// The layer after (`None`: it is removed).
        after: Option<Layer>,
    },
    /// Insert a document at position `index` of the project.
    AddDocument {
        /// Where it goes in [`Project::documents`].
        index: usize,
        /// The document, with its layers.
        document: Box<Document>,
    },
    /// Remove the document at position `index`.
    RemoveDocument {
        /// Its position in [`Project::documents`].
        index: usize,
        /// The document as it was (needed to undo).
        document: Box<Document>,
    },
    /// Replace the schema (an import that adds labels).
    SetSchema {
        /// The schema before.
        before: Box<Schema>,
        /// The schema after.
        after: Box<Schema>,
    },
    /// Several edits applied as one undo step, in order.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied (the project no longer matches it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot apply edit: {0}")]
pub struct EditError(pub String);

impl Edit {
    /// The edit that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Edit {
        match self.clone() {
            Edit::AddSpan {
                doc,
                annotator,
                span,
            } => Edit::RemoveSpan {
                doc,
                annotator,
                span,
            },
            Edit::RemoveSpan {
                doc,
                annotator,
                span,
            } => Edit::AddSpan {
                doc,
                annotator,
                span,
            },
            Edit::ChangeSpan {
                doc,
                annotator,
                before,
                after,
            } => Edit::ChangeSpan {
                doc,
                annotator,
                before: after,
                after: before,
            },
            Edit::SetStatus {
                doc,
                annotator,
                before,
                after,
            } => Edit::SetStatus {
                doc,
                annotator,
                before: after,
                after: before,
            },
            Edit::SetReviewed {
                doc,
                annotator,
                region,
                reviewed,
            } => Edit::SetReviewed {
                doc,
                annotator,
                region,
                reviewed: !reviewed,
            },
            Edit::SetLayer {
                doc,
                annotator,
                before,
                after,
            } => Edit::SetLayer {
                doc,
                annotator,
                before: after,
                after: before,
            },
            Edit::SetSchema { before, after } => Edit::SetSchema {
                before: after,
                after: before,
            },
            Edit::AddDocument { index, document } => Edit::RemoveDocument { index, document },
            Edit::RemoveDocument { index, document } => Edit::AddDocument { index, document },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// This edit, preceded by what its span edits would otherwise do
    /// silently: creating the layer of an annotator's first span in a
    /// document, and marking a new layer in progress when a span is added.
    /// Its inverse then undoes those too, instead of leaving an empty layer
    /// behind (which exports as a document seen and found empty) or a
    /// document in progress that holds nothing.
    #[must_use]
    pub fn creating_its_layers(self, project: &Project) -> Edit {
        // Each layer the edit's span edits touch, once, and whether a span
        // is added to it.
        let mut touched: Vec<(&DocId, &str, bool)> = Vec::new();
        let mut seen: HashMap<(&DocId, &str), usize> = HashMap::new();
        let mut pending = vec![&self];
        while let Some(edit) = pending.pop() {
            if let Edit::Batch(edits) = edit {
                pending.extend(edits.iter().rev());
                continue;
            }
            let Some((doc, annotator)) = layer_run::layer_of(edit) else {
                continue;
            };
            let adds = matches!(edit, Edit::AddSpan { .. });
            if let Some(&i) = seen.get(&(doc, annotator)) {
                touched[i].2 |= adds;
            } else {
                seen.insert((doc, annotator), touched.len());
                touched.push((doc, annotator, adds));
            }
        }
        let mut before: Vec<Edit> = Vec::new();
        for (doc, annotator, adds) in touched {
            let Some(document) = project.documents.iter().find(|d| &d.id == doc) else {
                continue;
            };
            let status = if adds {
                Status::InProgress
            } else {
                Status::New
            };
            match document.layers.get(annotator) {
                None => before.push(Edit::SetLayer {
                    doc: doc.clone(),
                    annotator: annotator.to_owned(),
                    before: None,
                    after: Some(Layer {
                        status,
                        ..Layer::default()
                    }),
                }),
                Some(layer) if adds && layer.status == Status::New => {
                    before.push(Edit::SetStatus {
                        doc: doc.clone(),
                        annotator: annotator.to_owned(),
                        before: Status::New,
                        after: Status::InProgress,
                    });
                }
                Some(_) => {}
            }
        }
        if before.is_empty() {
            return self;
        }
        before.push(self);
        Edit::Batch(before)
    }

    /// The documents the edit changes.
    pub fn documents(&self) -> Vec<&DocId> {
        match self {
            Edit::Batch(edits) => {
                let mut docs: Vec<&DocId> = edits.iter().flat_map(Edit::documents).collect();
                docs.sort_unstable();
                docs.dedup();
                docs
            }
            Edit::AddSpan { doc, .. }
            | Edit::RemoveSpan { doc, .. }
            | Edit::ChangeSpan { doc, .. }
            | Edit::SetStatus { doc, .. }
            | Edit::SetReviewed { doc, .. }
            | Edit::SetLayer { doc, .. } => vec![doc],
            Edit::AddDocument { document, .. } | Edit::RemoveDocument { document, .. } => {
                vec![&document.id]
            }
            Edit::SetSchema { .. } => Vec::new(),
        }
    }

    /// Applies the edit; on failure the project is unchanged.
    ///
    /// A batch applies each run of consecutive span-level edits of one
    /// layer at once (see [`layer_run`]) and finds documents by id through
    /// one index, so a bulk edit and its undo take time linear in its size
    /// and the layers it touches.
    pub fn apply(&self, project: &mut Project) -> Result<(), EditError> {
        match self {
            Edit::Batch(edits) => apply_all(edits, project),
            edit => apply_all(std::slice::from_ref(edit), project),
        }
    }
}

/// Applies `edits` in order; on failure the project is unchanged.
fn apply_all(edits: &[Edit], project: &mut Project) -> Result<(), EditError> {
    let mut positions = Positions::default();
    let mut done = 0;
    while done < edits.len() {
        let rest = &edits[done..];
        let len = match layer_run::layer_of(&rest[0]) {
            Some(key) => rest
                .iter()
                .take_while(|edit| layer_run::layer_of(edit) == Some(key))
                .count(),
            None => 1,
        };
        if let Err(err) = apply_run(&rest[..len], project, &mut positions) {
            if done > 0 {
                Edit::Batch(edits[..done].iter().rev().map(Edit::inverse).collect())
                    .apply(project)?;
            }
            return Err(err);
        }
        done += len;
    }
    Ok(())
}

/// Applies `run`: span-level edits of one layer, or one other edit.
fn apply_run(
    run: &[Edit],
    project: &mut Project,
    positions: &mut Positions,
) -> Result<(), EditError> {
    if let Some((doc, annotator)) = layer_run::layer_of(&run[0]) {
        let at = positions.find(project, doc)?;
        let layers = &mut project.documents[at].layers;
        let created = !layers.contains_key(annotator);
        let result = layer_run::apply_run(run, layers.entry(annotator.to_owned()).or_default());
        if result.is_err() && created {
            layers.remove(annotator);
        }
        return result;
    }
    match &run[0] {
        Edit::AddDocument { index, document } => add_document(project, *index, document, positions),
        Edit::RemoveDocument { index, document } => {
            remove_document(project, *index, &document.id)?;
            positions.forget();
            Ok(())
        }
        Edit::SetLayer {
            doc,
            annotator,
            before,
            after,
        } => {
            let at = positions.find(project, doc)?;
            set_layer(
                &mut project.documents[at],
                annotator,
                before.as_ref(),
                after.as_ref(),
            )
        }
        Edit::SetSchema { before, after } => {
            if project.schema != **before {
                return Err(EditError("the schema is not as the edit expects".into()));
            }
            project.schema = (**after).clone();
            Ok(())
        }
        batch => batch.apply(project),
    }
}

/// Where documents are in [`Project::documents`], by id: the first lookup
/// scans, later ones of the same batch use an index built once.
#[derive(Debug, Default)]
struct Positions {
    lookups: usize,
    index: Option<HashMap<DocId, usize>>,
}

impl Positions {
    /// The position of document `id`.
    fn find(&mut self, project: &Project, id: &DocId) -> Result<usize, EditError> {
        self.lookups += 1;
        let found = if self.lookups == 1 {
            project.documents.iter().position(|d| &d.id == id)
        } else {
            let index = self.index.get_or_insert_with(|| {
                project
                    .documents
                    .iter()
                    .enumerate()
                    .map(|(at, d)| (d.id.clone(), at))
                    .collect()
            });
            index.get(id).copied()
        };
        found.ok_or_else(|| EditError(format!("no document {id}")))
    }

    /// Records that document `id` was added at `at`.
    fn added(&mut self, project: &Project, id: &DocId, at: usize) {
        if at + 1 == project.documents.len() {
            if let Some(index) = &mut self.index {
                index.insert(id.clone(), at);
            }
        } else {
            self.forget();
        }
    }

    /// Forgets the index (documents moved).
    fn forget(&mut self) {
        self.index = None;
    }
}

fn add_document(
    project: &mut Project,
    index: usize,
    document: &Document,
    positions: &mut Positions,
) -> Result<(), EditError> {
    if index > project.documents.len() || positions.find(project, &document.id).is_ok() {
        return Err(EditError(format!(
            "cannot add document {} at position {index}",
            document.id
        )));
    }
    project.documents.insert(index, document.clone());
    positions.added(project, &document.id, index);
    Ok(())
}

fn remove_document(project: &mut Project, index: usize, id: &DocId) -> Result<(), EditError> {
    if project.documents.get(index).is_none_or(|d| &d.id != id) {
        return Err(EditError(format!("no document {id} at position {index}")));
    }
    project.documents.remove(index);
    Ok(())
}

fn set_layer(
    document: &mut Document,
    annotator: &str,
    before: Option<&Layer>,
    after: Option<&Layer>,
) -> Result<(), EditError> {
    if document.layers.get(annotator) != before {
        return Err(EditError(format!(
            "layer {annotator} of {} is not as the edit expects",
            document.id
        )));
    }
    match after {
        Some(layer) => document.layers.insert(annotator.to_owned(), layer.clone()),
        None => document.layers.remove(annotator),
    };
    Ok(())
}

/// The error of an edit naming a span the layer does not have.
fn missing(id: &SpanId) -> EditError {
    EditError(format!("no span {id}"))
}

/// The error of an edit adding a span whose id the layer has already.
fn exists_already(id: &SpanId) -> EditError {
    EditError(format!("span {id} exists already"))
}

/// Records (`on`) or forgets the reviewed `region` of `layer`; an error
/// when it already is (or is not) recorded.
fn set_reviewed(layer: &mut Layer, region: (usize, usize), on: bool) -> Result<(), EditError> {
    let changed = if on {
        layer.add_reviewed(region)
    } else {
        layer.remove_reviewed(region)
    };
    if changed {
        return Ok(());
    }
    Err(EditError(format!(
        "region [{}, {}) is {} marked reviewed",
        region.0,
        region.1,
        if on { "already" } else { "not" }
    )))
}

/// Applies one span-level edit to `layer`; on failure the layer is
/// unchanged.
fn apply_to_layer(edit: &Edit, layer: &mut Layer) -> Result<(), EditError> {
    match edit {
        Edit::AddSpan { span, .. } => {
            if layer.span(&span.id).is_some() {
                return Err(exists_already(&span.id));
            }
            layer.insert(span.clone());
            if layer.status == Status::New {
                layer.status = Status::InProgress;
            }
        }
        Edit::RemoveSpan { span, .. } => {
            layer.remove(&span.id).ok_or_else(|| missing(&span.id))?;
        }
        Edit::ChangeSpan { before, after, .. } => {
            if after.id != before.id && layer.span(&after.id).is_some() {
                return Err(exists_already(&after.id));
            }
            layer
                .remove(&before.id)
                .ok_or_else(|| missing(&before.id))?;
            layer.insert(after.clone());
        }
        Edit::SetStatus { after, .. } => layer.status = *after,
        Edit::SetReviewed {
            region, reviewed, ..
        } => set_reviewed(layer, *region, *reviewed)?,
        Edit::Batch(_)
        | Edit::SetLayer { .. }
        | Edit::SetSchema { .. }
        | Edit::AddDocument { .. }
        | Edit::RemoveDocument { .. } => unreachable!("applied to the project, not a layer"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::Document;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    fn project() -> Project {
        let mut project = Project::new(ron::from_str(DEFAULT_SCHEMA_RON).expect("schema"));
        project.documents.push(Document::new(
            "d".into(),
            String::new(),
            BTreeMap::new(),
            "Putin met Trump".into(),
        ));
        project
    }

    fn add(id: &str, start: usize, end: usize) -> Edit {
        Edit::AddSpan {
            doc: "d".into(),
            annotator: "a".into(),
            span: Span::new(SpanId::from(id), start, end, "actor"),
        }
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let original = project();
        let mut p = original.clone();
        add("T1", 0, 5).apply(&mut p).expect("add");
        let before = p.clone();
        let span = Span::new(SpanId::from("T1"), 0, 5, "actor");
        let mut changed = span.clone();
        changed.end = 9;
        changed.label = "claim".into();
        let edits = [
            Edit::ChangeSpan {
                doc: "d".into(),
                annotator: "a".into(),
                before: span.clone(),
                after: changed,
            },
            Edit::SetStatus {
                doc: "d".into(),
                annotator: "a".into(),
                before: Status::InProgress,
                after: Status::Done,
            },
            Edit::Batch(vec![add("T2", 10, 15), add("T3", 6, 9)]),
            Edit::SetReviewed {
                doc: "d".into(),
                annotator: "a".into(),
                region: (0, 9),
                reviewed: true,
            },
            Edit::RemoveSpan {
                doc: "d".into(),
                annotator: "a".into(),
                span,
            },
        ];
        for edit in edits {
            let mut q = before.clone();
            edit.apply(&mut q).expect("applies");
            assert_ne!(q, before, "{edit:?} changed nothing");
            edit.inverse().apply(&mut q).expect("inverse applies");
            assert_eq!(q, before, "{edit:?} not undone");
        }
    }

    #[test]
    fn a_failing_batch_leaves_the_project_unchanged() {
        let mut p = project();
        add("T1", 0, 5).apply(&mut p).expect("add");
        let before = p.clone();
        let batch = Edit::Batch(vec![add("T2", 10, 15), add("T1", 6, 9)]);
        assert!(batch.apply(&mut p).is_err());
        assert_eq!(p, before);
    }

    #[test]
    fn adding_to_a_new_layer_marks_it_in_progress() {
        let mut p = project();
        add("T1", 0, 5).apply(&mut p).expect("add");
        assert_eq!(p.documents[0].layers["a"].status, Status::InProgress);
    }

    #[test]
    fn a_failing_run_on_a_missing_layer_leaves_no_empty_layer() {
        let mut p = project();
        let before = p.clone();
        let remove = |id: &str| Edit::RemoveSpan {
            doc: "d".into(),
            annotator: "b".into(),
            span: Span::new(SpanId::from(id), 0, 1, "actor"),
        };
        assert!(remove("T1").apply(&mut p).is_err());
        assert!(
            Edit::Batch(vec![remove("T1"), remove("T2")])
                .apply(&mut p)
                .is_err()
        );
        assert_eq!(p, before);
    }

    /// A span-level edit of layer `a` (or, for kind 5, of layer `b`) from
    /// generated numbers; the span of an id is always the same, so what a
    /// removal records is what the layer holds.
    fn generated_edit(kind: usize, id: u64, region: usize) -> Edit {
        let span_of = |id: u64| {
            let start = (id % 7) as usize;
            let label = ["actor", "date"][(id % 2) as usize];
            Span::new(
                SpanId::numbered(id),
                start,
                start + 1 + (id % 3) as usize,
                label,
            )
        };
        let span = span_of(id);
        let (doc, annotator) = ("d".into(), "a".to_owned());
        match kind {
            0 | 1 => Edit::AddSpan {
                doc,
                annotator,
                span,
            },
            2 => Edit::RemoveSpan {
                doc,
                annotator,
                span,
            },
            3 => Edit::ChangeSpan {
                doc,
                annotator,
                before: span,
                after: span_of(id + 1),
            },
            4 => Edit::SetReviewed {
                doc,
                annotator,
                region: (region, region + 2),
                reviewed: id.is_multiple_of(2),
            },
            5 => Edit::AddSpan {
                doc,
                annotator: "b".to_owned(),
                span,
            },
            _ => Edit::SetStatus {
                doc,
                annotator,
                before: Status::InProgress,
                after: Status::ALL[region % 3],
            },
        }
    }

    proptest::proptest! {
        #[test]
        fn a_batch_gives_what_its_edits_give_one_by_one(
            setup in proptest::collection::vec((0usize..5, 0u64..12, 0usize..4), 0..12),
            batch in proptest::collection::vec((0usize..7, 0u64..12, 0usize..4), 1..12),
        ) {
            let mut p = project();
            // Layers that exist and are started, so that undoing gives back
            // the project exactly (undoing an edit keeps the layer it made).
            for name in ["a", "b"] {
                let layer = Layer::with_spans(Status::InProgress, Vec::new());
                p.documents[0].layers.insert(name.to_owned(), layer);
            }
            for &(kind, id, region) in &setup {
                let _ = generated_edit(kind, id, region).apply(&mut p);
            }
            let edits: Vec<Edit> = batch.iter().map(|&(k, i, r)| generated_edit(k, i, r)).collect();
            let mut one_by_one = p.clone();
            let mut failed = false;
            for edit in &edits {
                if edit.apply(&mut one_by_one).is_err() {
                    failed = true;
                    break;
                }
            }
            let mut at_once = p.clone();
            let batch = Edit::Batch(edits);
            let result = batch.apply(&mut at_once);
            proptest::prop_assert_eq!(result.is_err(), failed);
            if failed {
                proptest::prop_assert_eq!(&at_once, &p, "a failed batch changes nothing");
            } else {
                proptest::prop_assert_eq!(&at_once, &one_by_one);
                batch.inverse().apply(&mut at_once).expect("the inverse applies");
                proptest::prop_assert_eq!(&at_once, &p, "undone");
            }
        }
    }
}
