//! Undo/redo history with a marker for the saved state.

use super::{Edit, EditError};
use crate::model::Project;

/// Applied edits (undo stack), undone edits (redo stack), and where the
/// project was last saved, so "unsaved changes" is exact even after undo.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
    /// `done.len()` when last saved; `None` when that state is unreachable.
    saved_at: Option<usize>,
}

impl History {
    /// A history whose current state is the saved one.
    pub fn new() -> Self {
        Self {
            saved_at: Some(0),
            ..Self::default()
        }
    }

    /// Applies `edit` and records it; clears the redo stack. A layer the
    /// edit creates is part of it: undoing it removes the layer again.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let edit = edit.creating_its_layers(project);
        edit.apply(project)?;
        if self.saved_at.is_some_and(|at| at > self.done.len()) {
            self.saved_at = None;
        }
        self.done.push(edit);
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last edit; returns it, or `None` when there is none.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<&Edit>, EditError> {
        let Some(edit) = self.done.pop() else {
            return Ok(None);
        };
        if let Err(err) = edit.inverse().apply(project) {
            self.done.push(edit);
            return Err(err);
        }
        self.undone.push(edit);
        Ok(self.undone.last())
    }

    /// Redoes the last undone edit; returns it, or `None` when there is none.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<&Edit>, EditError> {
        let Some(edit) = self.undone.pop() else {
            return Ok(None);
        };
        if let Err(err) = edit.apply(project) {
            self.undone.push(edit);
            return Err(err);
        }
        self.done.push(edit);
        Ok(self.done.last())
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Records that the current state is saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.done.len());
    }

    /// Whether the project differs from the last saved state.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.done.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{Document, Span, SpanId, Status};

    fn setup() -> (Project, Edit) {
        let mut project = Project::new(ron::from_str(DEFAULT_SCHEMA_RON).expect("schema"));
        project.documents.push(Document::new(
            "d".into(),
            String::new(),
            BTreeMap::new(),
            "abc".into(),
        ));
        let edit = Edit::AddSpan {
            doc: "d".into(),
            annotator: "a".into(),
            span: Span::new(SpanId::from("T1"), 0, 1, "date"),
        };
        (project, edit)
    }

    #[test]
    fn undoing_an_annotators_first_spans_left_an_empty_layer_behind() {
        let (mut project, edit) = setup();
        let original = project.clone();
        let mut history = History::new();
        history.apply(&mut project, edit).expect("apply");
        assert_eq!(project.documents[0].layers["a"].status, Status::InProgress);
        history.undo(&mut project).expect("undo");
        assert_eq!(project, original, "no layer a: the document is new again");
        history.redo(&mut project).expect("redo");
        assert_eq!(project.documents[0].layers["a"].status, Status::InProgress);
        assert_eq!(project.documents[0].layers["a"].spans.len(), 1);
    }

    #[test]
    fn undoing_the_first_span_of_a_new_layer_left_it_in_progress() {
        let (mut project, edit) = setup();
        project.documents[0]
            .layers
            .insert("a".into(), crate::model::Layer::default());
        let original = project.clone();
        let mut history = History::new();
        history.apply(&mut project, edit).expect("apply");
        assert_eq!(project.documents[0].layers["a"].status, Status::InProgress);
        history.undo(&mut project).expect("undo");
        assert_eq!(project, original, "new again");
    }

    #[test]
    fn dirty_follows_the_saved_marker_through_undo_and_redo() {
        let (mut project, edit) = setup();
        let mut history = History::new();
        assert!(!history.is_dirty());
        history.apply(&mut project, edit).expect("apply");
        assert!(history.is_dirty());
        history.undo(&mut project).expect("undo");
        assert!(!history.is_dirty(), "back at the saved state");
        history.redo(&mut project).expect("redo");
        history.mark_saved();
        assert!(!history.is_dirty());
        history.undo(&mut project).expect("undo");
        assert!(history.is_dirty());
        assert!(history.can_redo());
    }

    #[test]
    fn a_new_edit_after_undo_makes_the_saved_state_unreachable() {
        let (mut project, edit) = setup();
        let mut history = History::new();
        history.apply(&mut project, edit.clone()).expect("apply");
        history.mark_saved();
        history.undo(&mut project).expect("undo");
        let other = Edit::AddSpan {
            doc: "d".into(),
            annotator: "a".into(),
            span: Span::new(SpanId::from("T9"), 1, 2, "date"),
        };
        history.apply(&mut project, other).expect("apply");
        assert!(history.is_dirty());
        assert!(!history.can_redo());
        history.undo(&mut project).expect("undo");
        assert!(history.is_dirty(), "the saved state had T1, not nothing");
    }
}
