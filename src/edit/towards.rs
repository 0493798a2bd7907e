//! The one edit that turns a project into a changed copy of it (after an
//! import or a merge computed on a copy): documents added or removed,
//! layers replaced, the schema replaced. Document texts, titles and
//! metadata are fixed: a copy that changes them is refused.

use std::collections::{BTreeSet, HashMap};

use super::Edit;
use crate::model::{DocId, Document, Project};

/// A part of the project no edit changes, which the copy changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the copy changes {0}")]
pub struct FixedPartChanged(pub String);

/// The edit (one undo step) that turns `project` into `target`; `None`
/// when they are equal.
pub fn edit_towards(project: &Project, target: &Project) -> Result<Option<Edit>, FixedPartChanged> {
    let mut edits = Vec::new();
    if target.schema != project.schema {
        edits.push(Edit::SetSchema {
            before: Box::new(project.schema.clone()),
            after: Box::new(target.schema.clone()),
        });
    }
    let kept: BTreeSet<&DocId> = target.documents.iter().map(|d| &d.id).collect();
    for (index, document) in project.documents.iter().enumerate().rev() {
        if !kept.contains(&document.id) {
            edits.push(Edit::RemoveDocument {
                index,
                document: Box::new(document.clone()),
            });
        }
    }
    let by_id: HashMap<&DocId, &Document> = project.documents.iter().map(|d| (&d.id, d)).collect();
    for (position, document) in target.documents.iter().enumerate() {
        let Some(old) = by_id.get(&document.id) else {
            edits.push(Edit::AddDocument {
                index: position,
                document: Box::new(document.clone()),
            });
            continue;
        };
        if (&old.text, &old.title, &old.meta) != (&document.text, &document.title, &document.meta) {
            return Err(FixedPartChanged(format!("document {}", document.id)));
        }
        let annotators: BTreeSet<&String> =
            old.layers.keys().chain(document.layers.keys()).collect();
        for annotator in annotators {
            let (before, after) = (old.layers.get(annotator), document.layers.get(annotator));
            if before != after {
                edits.push(Edit::SetLayer {
                    doc: document.id.clone(),
                    annotator: annotator.clone(),
                    before: before.cloned(),
                    after: after.cloned(),
                });
            }
        }
    }
    Ok((!edits.is_empty()).then_some(Edit::Batch(edits)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Document, Layer, Schema};

    fn doc(id: &str) -> Document {
        Document::new(
            id.into(),
            String::new(),
            BTreeMap::new(),
            "Zoe\u{308} \u{1F44D}\u{1F3FD}".into(),
        )
    }

    #[test]
    fn one_edit_adds_documents_replaces_layers_and_the_schema_and_undoes_exactly() {
        let mut project = Project::new(Schema::builtin());
        project.documents = vec![doc("a"), doc("b")];
        let mut target = project.clone();
        target.schema.add_plain_label("place");
        target.documents.remove(0);
        target.documents[0]
            .layers
            .insert("x".into(), Layer::default());
        target.documents.push(doc("c"));
        let edit = edit_towards(&project, &target)
            .expect("editable")
            .expect("changes");
        let mut changed = project.clone();
        edit.apply(&mut changed).expect("applies");
        assert_eq!(changed, target);
        edit.inverse().apply(&mut changed).expect("undoes");
        assert_eq!(changed, project);
        assert!(edit_towards(&project, &project).expect("same").is_none());
    }

    #[test]
    fn a_changed_text_is_refused() {
        let mut project = Project::new(Schema::builtin());
        project.documents = vec![doc("a")];
        let mut target = project.clone();
        target.documents[0].title = "other".into();
        assert_eq!(
            edit_towards(&project, &target),
            Err(FixedPartChanged("document a".into()))
        );
    }
}
