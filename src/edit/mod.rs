//! Edits to a project's annotations, each with an exact inverse, and the
//! undo/redo history that applies them. No UI.

mod history;
pub mod merge_copy;
pub mod towards;

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
    pub fn apply(&self, project: &mut Project) -> Result<(), EditError> {
        if let Edit::Batch(edits) = self {
            for (done, edit) in edits.iter().enumerate() {
                if let Err(err) = edit.apply(project) {
                    for applied in edits[..done].iter().rev() {
                        applied.inverse().apply(project)?;
                    }
                    return Err(err);
                }
            }
            return Ok(());
        }
        match self {
            Edit::AddDocument { index, document } => {
                return add_document(project, *index, document);
            }
            Edit::RemoveDocument { index, document } => {
                return remove_document(project, *index, &document.id);
            }
            Edit::SetLayer {
                doc,
                annotator,
                before,
                after,
            } => return set_layer(project, doc, annotator, before.as_ref(), after.as_ref()),
            Edit::SetSchema { before, after } => {
                if project.schema != **before {
                    return Err(EditError("the schema is not as the edit expects".into()));
                }
                project.schema = (**after).clone();
                return Ok(());
            }
            _ => {}
        }
        let (doc, annotator) = match self {
            Edit::AddSpan { doc, annotator, .. }
            | Edit::RemoveSpan { doc, annotator, .. }
            | Edit::ChangeSpan { doc, annotator, .. }
            | Edit::SetStatus { doc, annotator, .. }
            | Edit::SetReviewed { doc, annotator, .. } => (doc, annotator),
            Edit::Batch(_)
            | Edit::SetLayer { .. }
            | Edit::SetSchema { .. }
            | Edit::AddDocument { .. }
            | Edit::RemoveDocument { .. } => unreachable!("handled above"),
        };
        let document = project
            .document_mut(doc)
            .ok_or_else(|| EditError(format!("no document {doc}")))?;
        let layer = document.layers.entry(annotator.clone()).or_default();
        apply_to_layer(self, layer)
    }
}

fn add_document(project: &mut Project, index: usize, document: &Document) -> Result<(), EditError> {
    if index > project.documents.len() || project.document(&document.id).is_some() {
        return Err(EditError(format!(
            "cannot add document {} at position {index}",
            document.id
        )));
    }
    project.documents.insert(index, document.clone());
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
    project: &mut Project,
    doc: &DocId,
    annotator: &str,
    before: Option<&Layer>,
    after: Option<&Layer>,
) -> Result<(), EditError> {
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError(format!("no document {doc}")))?;
    if document.layers.get(annotator) != before {
        return Err(EditError(format!(
            "layer {annotator} of {doc} is not as the edit expects"
        )));
    }
    match after {
        Some(layer) => document.layers.insert(annotator.to_owned(), layer.clone()),
        None => document.layers.remove(annotator),
    };
    Ok(())
}

fn apply_to_layer(edit: &Edit, layer: &mut Layer) -> Result<(), EditError> {
    let missing = |id: &SpanId| EditError(format!("no span {id}"));
    match edit {
        Edit::AddSpan { span, .. } => {
            if layer.span(&span.id).is_some() {
                return Err(EditError(format!("span {} exists already", span.id)));
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
            layer
                .remove(&before.id)
                .ok_or_else(|| missing(&before.id))?;
            layer.insert(after.clone());
        }
        Edit::SetStatus { after, .. } => layer.status = *after,
        Edit::SetReviewed {
            region, reviewed, ..
        } => {
            let changed = if *reviewed {
                layer.add_reviewed(*region)
            } else {
                layer.remove_reviewed(*region)
            };
            if !changed {
                return Err(EditError(format!(
                    "region [{}, {}) is {} marked reviewed",
                    region.0,
                    region.1,
                    if *reviewed { "already" } else { "not" }
                )));
            }
        }
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
}
