//! Merging another copy of the project into the open one, as one undoable
//! edit: the window's counterpart of `marginalia merge`. Without a base the
//! copies' layers are united (a layer both have with different content is
//! a conflict); with the version both started from (BASE), a side that
//! changed a layer since BASE wins, as in [`merge_three_way`].

use super::Edit;
use super::towards::edit_towards;
use crate::model::Project;
use crate::model::merge::{MergeConflicts, merge_three_way};

/// Why another copy cannot be merged in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeCopyError {
    /// Parts changed differently in the two copies.
    #[error("{0}")]
    Conflicts(MergeConflicts),
    /// The copies' schemas differ and no base says which one changed.
    #[error(
        "the other copy has a different schema; name the version both copies started from (base) to merge it"
    )]
    SchemaDiffers,
    /// The merge would change a document's text, title or metadata, which
    /// the window does not edit.
    #[error("the merge changes {0}; merge the files with `marginalia merge` instead")]
    ChangesFixedParts(String),
}

/// The edit that merges `other` into `project` (three-way against `base`
/// when given); `None` when `other` brings nothing new.
pub fn merge_copy_edit(
    project: &Project,
    other: &Project,
    base: Option<&Project>,
) -> Result<Option<Edit>, MergeCopyError> {
    let empty = Project::new(project.schema.clone());
    let base = match base {
        Some(base) => base,
        None if other.schema != project.schema => return Err(MergeCopyError::SchemaDiffers),
        // Without a base every document and layer counts as added on
        // both sides: equal ones merge, different ones conflict.
        None => &empty,
    };
    let merged = merge_three_way(base, project, other).map_err(MergeCopyError::Conflicts)?;
    edit_towards(project, &merged).map_err(|fixed| MergeCopyError::ChangesFixedParts(fixed.0))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{Document, Layer, Span, SpanId, Status};

    const TEXT: &str = "Zoe\u{308} met \u{201C}\u{1F469}\u{200D}\u{1F4BB}\u{201D}\r\nin\u{A0}Kyiv";

    /// A document id and its layers, each one `date` span: (annotator,
    /// start, end).
    type DocSpec<'a> = (&'a str, &'a [(&'a str, usize, usize)]);

    fn project(docs: &[DocSpec<'_>]) -> Project {
        let mut project = Project::new(ron::from_str(DEFAULT_SCHEMA_RON).expect("schema"));
        for (id, layers) in docs {
            let mut doc = Document::new((*id).into(), String::new(), BTreeMap::new(), TEXT.into());
            for (annotator, start, end) in *layers {
                doc.layers.insert(
                    (*annotator).to_owned(),
                    Layer::with_spans(
                        Status::Done,
                        vec![Span::new(SpanId::numbered(1), *start, *end, "date")],
                    ),
                );
            }
            project.documents.push(doc);
        }
        project
    }

    fn merged(ours: &Project, edit: Option<Edit>) -> Project {
        let mut result = ours.clone();
        if let Some(edit) = edit {
            edit.apply(&mut result).expect("applies");
            let mut undone = result.clone();
            edit.inverse().apply(&mut undone).expect("undoes");
            assert_eq!(&undone, ours, "one undo step restores the project");
        }
        result
    }

    #[test]
    fn without_a_base_the_copies_layers_and_documents_are_united() {
        let ours = project(&[("d1", &[("alice", 0, 4)])]);
        let theirs = project(&[("d1", &[("bob", 9, 16)]), ("d2", &[("bob", 0, 3)])]);
        let result = merged(
            &ours,
            merge_copy_edit(&ours, &theirs, None).expect("merges"),
        );
        assert_eq!(result.annotators(), ["alice", "bob"]);
        assert_eq!(result.documents.len(), 2);
        assert_eq!(result.documents[1].id.as_str(), "d2");
        assert!(
            merge_copy_edit(&result, &theirs, None)
                .expect("merges")
                .is_none()
        );
    }

    #[test]
    fn the_same_layer_different_in_both_copies_is_a_conflict_unless_a_base_decides() {
        let base = project(&[("d1", &[("alice", 0, 4)])]);
        let ours = project(&[("d1", &[("alice", 0, 4), ("bob", 5, 8)])]);
        let theirs = project(&[("d1", &[("alice", 9, 16)])]);
        let err = merge_copy_edit(&ours, &theirs, None).expect_err("conflict");
        assert!(err.to_string().contains("\"alice\""), "{err}");
        let result = merged(
            &ours,
            merge_copy_edit(&ours, &theirs, Some(&base)).expect("merges"),
        );
        let layers = &result.documents[0].layers;
        assert_eq!(layers["alice"].spans[0].start, 9, "theirs changed alice");
        assert_eq!(layers["bob"].spans[0].start, 5, "ours added bob");
    }

    #[test]
    fn a_document_deleted_in_the_other_copy_since_the_base_is_removed() {
        let base = project(&[("d1", &[]), ("d2", &[])]);
        let theirs = project(&[("d2", &[])]);
        let result = merged(
            &base,
            merge_copy_edit(&base, &theirs, Some(&base)).expect("merges"),
        );
        assert_eq!(result.documents.len(), 1);
        assert_eq!(result.documents[0].id.as_str(), "d2");
    }

    #[test]
    fn a_different_schema_needs_a_base() {
        let ours = project(&[("d1", &[])]);
        let mut theirs = ours.clone();
        theirs.schema.add_plain_label("place");
        assert_eq!(
            merge_copy_edit(&ours, &theirs, None),
            Err(MergeCopyError::SchemaDiffers)
        );
    }
}
