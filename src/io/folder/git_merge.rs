//! The files of a folder project merged one at a time, as git's merge
//! driver gets them (`marginalia merge --git %O %A %B %P`): a layer file
//! three-way as the layer it holds, `project.ron` three-way as the schema
//! and the list of documents. The texts are not needed: the parts are
//! merged by the rules of `model::merge`, the project as a whole is
//! checked when it is next loaded.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use super::index::{Index, parse_index, write_index};
use super::layer_file::{LayerFile, parse_layer_file, write_layer_file};
use super::names::{LAYERS, annotator_of};
use crate::io::FileError;
use crate::model::merge::{Conflict, merge_parts};
use crate::model::{Document, Project, Schema};

/// Which file of a folder project a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderFile {
    /// `project.ron`.
    Index,
    /// A layer file.
    Layer,
}

impl FolderFile {
    /// What `source` is, if it is a file of a folder project (git's
    /// temporary names say nothing, so this looks at the content).
    pub fn of(source: &str) -> Option<Self> {
        let body = source.trim_start().strip_prefix('(')?.trim_start();
        if body.starts_with("document:") {
            Some(FolderFile::Layer)
        } else if source.contains(&format!("{:?}", super::FOLDER_FORMAT)) {
            Some(FolderFile::Index)
        } else {
            None
        }
    }
}

/// A three-way merge of one file: the merged text, and what could not be
/// merged (those parts keep OURS' version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMerge {
    /// The merged file.
    pub merged: String,
    /// The conflicts; empty for a clean merge.
    pub conflicts: Vec<Conflict>,
}

/// Merges one file of a folder project: `base` (`None` when both sides
/// added it), `ours` and `theirs` (read from the paths given for errors);
/// `repo_path`, the file's path in the repository, names a layer's
/// annotator.
pub fn merge_folder_file(
    kind: FolderFile,
    base: Option<(&str, &Path)>,
    ours: (&str, &Path),
    theirs: (&str, &Path),
    repo_path: Option<&Path>,
) -> Result<FileMerge, FileError> {
    match kind {
        FolderFile::Index => {
            let read = |(source, path): (&str, &Path)| parse_index(source, path).map(index_project);
            let base = base.map(read).transpose()?.unwrap_or_else(empty);
            let outcome = merge_parts(&base, &read(ours)?, &read(theirs)?);
            Ok(FileMerge {
                merged: write_index(&outcome.project),
                conflicts: outcome.conflicts,
            })
        }
        FolderFile::Layer => {
            let annotator = repo_path
                .and_then(annotator_in)
                .unwrap_or_else(|| "?".to_owned());
            let read = |(source, path): (&str, &Path)| {
                parse_layer_file(source, path).map(|file| layer_project(file, &annotator))
            };
            let base = base.map(read).transpose()?.unwrap_or_else(empty);
            let ours_project = read(ours)?;
            let outcome = merge_parts(&base, &ours_project, &read(theirs)?);
            let merged = outcome
                .project
                .documents
                .iter()
                .find_map(|doc| {
                    doc.layers
                        .get(&annotator)
                        .map(|layer| write_layer_file(doc, layer))
                })
                .unwrap_or_else(|| ours.0.to_owned());
            Ok(FileMerge {
                merged,
                conflicts: outcome.conflicts,
            })
        }
    }
}

/// A project with nothing in it, for a file added on both sides.
fn empty() -> Project {
    Project::new(Schema {
        name: String::new(),
        labels: Vec::new(),
    })
}

/// The documents of `project.ron` as a project without texts or layers.
fn index_project(index: Index) -> Project {
    Project {
        schema: index.schema,
        documents: index
            .documents
            .into_iter()
            .map(|entry| Document {
                id: entry.id,
                title: entry.title,
                meta: entry.meta,
                sha256: entry.sha256,
                text: String::new(),
                layers: BTreeMap::new(),
            })
            .collect(),
    }
}

/// A layer file as a project of its one document with the one layer.
fn layer_project(file: LayerFile, annotator: &str) -> Project {
    let mut project = empty();
    project.documents.push(Document {
        id: file.document,
        title: String::new(),
        meta: BTreeMap::new(),
        sha256: file.sha256,
        text: String::new(),
        layers: BTreeMap::from([(annotator.to_owned(), file.layer)]),
    });
    project
}

/// The annotator of the layer file at `path` (`…/layers/ANNOTATOR/ID.ron`).
fn annotator_in(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        [.., layers, folder, _file] if *layers == LAYERS => annotator_of(folder),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file::tests::sample_project;
    use crate::model::{Span, SpanId, Status};

    fn layer_text(edit: impl FnOnce(&mut crate::model::Layer)) -> String {
        let project = sample_project();
        let doc = &project.documents[0];
        let mut layer = doc.layers["alice"].clone();
        edit(&mut layer);
        write_layer_file(doc, &layer)
    }

    #[test]
    fn a_layer_changed_on_one_side_takes_that_side() {
        let base = layer_text(|_| {});
        let theirs = layer_text(|l| l.status = Status::InProgress);
        let p = Path::new("x");
        let merged = merge_folder_file(
            FolderFile::Layer,
            Some((&base, p)),
            (&base, p),
            (&theirs, p),
            Some(Path::new("c.marginalia/layers/alice/doc-1.ron")),
        )
        .expect("merged");
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.merged, theirs);
        assert_eq!(FolderFile::of(&base), Some(FolderFile::Layer));
    }

    #[test]
    fn a_layer_changed_on_both_sides_names_its_document_and_annotator() {
        let base = layer_text(|_| {});
        let ours = layer_text(|l| l.status = Status::InProgress);
        let theirs = layer_text(|l| l.spans.push(Span::new(SpanId::from("T9"), 0, 2, "date")));
        let p = Path::new("x");
        let merged = merge_folder_file(
            FolderFile::Layer,
            Some((&base, p)),
            (&ours, p),
            (&theirs, p),
            Some(Path::new("c.marginalia/layers/model%3Acrf/doc-1.ron")),
        )
        .expect("merged");
        assert_eq!(
            merged
                .conflicts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["document \"doc-1\", layer \"model:crf\": changed differently on both sides"]
        );
        assert_eq!(merged.merged, ours, "ours is kept");
    }

    #[test]
    fn documents_added_on_both_sides_of_project_ron_are_united() {
        let project = sample_project();
        let base = write_index(&project);
        let with = |id: &str| {
            let mut p = project.clone();
            let mut doc = p.documents[0].clone();
            doc.id = id.into();
            p.documents.push(doc);
            write_index(&p)
        };
        let (ours, theirs) = (with("a"), with("b"));
        let p = Path::new("project.ron");
        assert_eq!(FolderFile::of(&base), Some(FolderFile::Index));
        let merged = merge_folder_file(
            FolderFile::Index,
            Some((&base, p)),
            (&ours, p),
            (&theirs, p),
            None,
        )
        .expect("merged");
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        let ids: Vec<String> = parse_index(&merged.merged, p)
            .expect("index")
            .documents
            .into_iter()
            .map(|e| e.id.as_str().to_owned())
            .collect();
        assert_eq!(ids, ["doc-1", "a", "b"]);
    }
}
