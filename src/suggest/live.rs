//! The string memory as the window runs it: kept up to date while the
//! annotators work, re-reading only the documents whose layers changed.

use super::default_sources;
use super::memory::{Contribution, Memory, Tallies, contributions};
use crate::model::{DocId, Project};

/// A [`Memory`] of every human annotator's spans that follows edits.
#[derive(Debug, Clone, Default)]
pub struct LiveMemory {
    /// The annotators remembered.
    from: Vec<String>,
    /// The documents read, in project order.
    docs: Vec<DocId>,
    /// What each document added to `tallies`.
    contributions: Vec<Vec<Contribution>>,
    tallies: Tallies,
    memory: Memory,
    /// The project generation the memory reflects.
    generation: Option<u64>,
    version: u64,
}

impl LiveMemory {
    /// The current memory.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// A number that changes whenever the memory does (for caches).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Brings the memory up to the project at `generation`; `changed_at`
    /// gives the generation at which a document last changed. Returns
    /// whether the memory changed.
    pub fn refresh(
        &mut self,
        project: &Project,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) -> bool {
        if self.generation == Some(generation) {
            return false;
        }
        let since = self.generation;
        self.generation = Some(generation);
        let from = default_sources(project);
        let same_documents = self.docs.len() == project.documents.len()
            && self
                .docs
                .iter()
                .zip(&project.documents)
                .all(|(id, doc)| *id == doc.id);
        match since {
            Some(since) if same_documents && from == self.from => {
                let mut changed = false;
                for (i, doc) in project.documents.iter().enumerate() {
                    if changed_at(&doc.id) <= since {
                        continue;
                    }
                    let now = contributions(project, doc, &from);
                    if now == self.contributions[i] {
                        continue;
                    }
                    for old in &self.contributions[i] {
                        self.tallies.remove(old);
                    }
                    for new in &now {
                        self.tallies.add(new);
                    }
                    self.contributions[i] = now;
                    changed = true;
                }
                if !changed {
                    return false;
                }
            }
            _ => {
                self.tallies = Tallies::default();
                self.contributions = project
                    .documents
                    .iter()
                    .map(|doc| contributions(project, doc, &from))
                    .collect();
                for contribution in self.contributions.iter().flatten() {
                    self.tallies.add(contribution);
                }
                self.docs = project.documents.iter().map(|d| d.id.clone()).collect();
                self.from = from;
            }
        }
        self.memory = self.tallies.memory(&self.memory);
        self.version += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::edit::Edit;
    use crate::model::{Document, Schema, Span, SpanId};

    fn project() -> Project {
        let mut project = Project::new(Schema::builtin());
        for (id, text) in [("a", "Putin met Xi."), ("b", "Xi and Putin.")] {
            project.documents.push(Document::new(
                id.into(),
                String::new(),
                BTreeMap::new(),
                text.to_owned(),
            ));
        }
        project
    }

    fn add(project: &mut Project, doc: &str, start: usize, end: usize, label: &str) {
        let id = SpanId::numbered(
            project
                .document(&doc.into())
                .map_or(0, Document::span_count) as u64
                + 1,
        );
        Edit::AddSpan {
            doc: doc.into(),
            annotator: "alice".into(),
            span: Span::new(id, start, end, label),
        }
        .apply(project)
        .expect("applies");
    }

    #[test]
    fn the_memory_follows_edits_and_matches_a_fresh_build() {
        let mut project = project();
        let mut live = LiveMemory::default();
        let mut changed: BTreeMap<DocId, u64> = BTreeMap::new();
        assert!(live.refresh(&project, 0, |_| 0));
        assert!(live.memory().is_empty());
        assert!(!live.refresh(&project, 0, |_| 0), "same generation");

        add(&mut project, "a", 0, 5, "actor");
        changed.insert("a".into(), 1);
        assert!(live.refresh(&project, 1, |d| changed.get(d).copied().unwrap_or(0)));
        assert_eq!(
            live.memory().recall("Putin").map(|r| r.label.as_str()),
            Some("actor")
        );
        assert_eq!(live.memory().occurrences("Xi and Putin.").len(), 1);

        add(&mut project, "b", 7, 12, "claim");
        add(&mut project, "b", 0, 2, "actor");
        changed.insert("b".into(), 2);
        let version = live.version();
        assert!(live.refresh(&project, 2, |d| changed.get(d).copied().unwrap_or(0)));
        assert!(live.version() > version);
        let fresh = Memory::build(&project, &["alice".to_owned()]);
        for text in ["Putin", "Xi"] {
            assert_eq!(live.memory().recall(text), fresh.recall(text), "{text}");
        }
        // A tie between actor and claim goes to the first name.
        assert_eq!(
            live.memory().recall("Putin").map(|r| r.label.as_str()),
            Some("actor")
        );
    }

    #[test]
    fn taking_a_span_back_forgets_its_text() {
        let mut project = project();
        add(&mut project, "a", 0, 5, "actor");
        let mut live = LiveMemory::default();
        live.refresh(&project, 1, |_| 1);
        let span = project.documents[0].layers["alice"].spans[0].clone();
        Edit::RemoveSpan {
            doc: "a".into(),
            annotator: "alice".into(),
            span,
        }
        .apply(&mut project)
        .expect("applies");
        assert!(live.refresh(&project, 2, |d| u64::from(d.as_str() == "a") * 2));
        assert!(live.memory().is_empty());
    }
}
