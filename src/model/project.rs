//! The project: a schema and its documents with their layers.

use std::collections::{BTreeMap, BTreeSet};

use super::document::Document;
use super::ids::DocId;
use super::layer::{Layer, Status};
use super::schema::Schema;

/// Everything one project file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The embedded schema (a project opens without its schema file).
    pub schema: Schema,
    /// Documents in project order.
    pub documents: Vec<Document>,
}

/// Span and status counts of one annotator over a project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotatorStats {
    /// Spans in all of the annotator's layers.
    pub spans: usize,
    /// Spans by label (every schema label present, zero when unused).
    pub by_label: BTreeMap<String, usize>,
    /// Layers by status name.
    pub status: BTreeMap<String, usize>,
}

/// Summary counts of a project, as `stats` prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectStats {
    /// Number of documents.
    pub documents: usize,
    /// Code points over all documents.
    pub chars: usize,
    /// Spans over all layers.
    pub spans: usize,
    /// Per-annotator counts, by annotator name.
    pub annotators: BTreeMap<String, AnnotatorStats>,
}

impl Project {
    /// An empty project with `schema`.
    pub fn new(schema: Schema) -> Self {
        Self {
            schema,
            documents: Vec::new(),
        }
    }

    /// The document with id `id`.
    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    /// The document with id `id`, mutably.
    pub fn document_mut(&mut self, id: &DocId) -> Option<&mut Document> {
        self.documents.iter_mut().find(|d| &d.id == id)
    }

    /// Names of every annotator with a layer anywhere, sorted.
    pub fn annotators(&self) -> Vec<String> {
        let names: BTreeSet<&String> = self
            .documents
            .iter()
            .flat_map(|d| d.layers.keys())
            .collect();
        names.into_iter().cloned().collect()
    }

    /// The human annotators (not `gold`, not `model:` layers), sorted: who
    /// review compares and whose spans suggestions remember by default.
    pub fn human_annotators(&self) -> Vec<String> {
        let mut names = self.annotators();
        names.retain(|name| super::layer::is_human_annotator(name));
        names
    }

    /// Puts every layer's spans into canonical order (done before saving so
    /// that the same project always gives the same bytes), the documents
    /// shared out between the cores.
    pub fn canonicalize(&mut self) {
        super::parallel::for_each_mut(&mut self.documents, |doc| {
            doc.layers.values_mut().for_each(Layer::sort);
        });
    }

    /// Counts documents, characters and spans, per annotator, label and status.
    pub fn stats(&self) -> ProjectStats {
        let mut stats = ProjectStats {
            documents: self.documents.len(),
            ..ProjectStats::default()
        };
        for doc in &self.documents {
            stats.chars += super::offsets::char_len(&doc.text);
            for (name, layer) in &doc.layers {
                let entry =
                    stats
                        .annotators
                        .entry(name.clone())
                        .or_insert_with(|| AnnotatorStats {
                            by_label: self
                                .schema
                                .labels
                                .iter()
                                .map(|l| (l.name.clone(), 0))
                                .collect(),
                            status: Status::ALL
                                .iter()
                                .map(|s| (s.as_str().to_owned(), 0))
                                .collect(),
                            ..AnnotatorStats::default()
                        });
                stats.spans += layer.spans.len();
                entry.spans += layer.spans.len();
                *entry
                    .status
                    .entry(layer.status.as_str().to_owned())
                    .or_default() += 1;
                for span in &layer.spans {
                    if let Some(count) = entry.by_label.get_mut(&span.label) {
                        *count += 1;
                    } else {
                        entry.by_label.insert(span.label.clone(), 1);
                    }
                }
            }
        }
        stats
    }
}
