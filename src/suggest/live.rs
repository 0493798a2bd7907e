//! The string memory as the window runs it: kept up to date while the
//! annotators work, re-reading only the documents whose layers changed.

use super::memory::{Contribution, Memory, Tallies, contribution, fingerprints};
use crate::model::{DocId, Document, Project, Schema};

/// Whose layers a [`LiveMemory`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Sources {
    /// Every human annotator's (as `marginalia suggest` without `--from`).
    #[default]
    EveryHuman,
    /// These annotators' only.
    Only(Vec<String>),
}

impl Sources {
    /// The annotators' names in `project`.
    fn names(&self, project: &Project) -> Vec<String> {
        match self {
            Sources::EveryHuman => project.human_annotators(),
            Sources::Only(names) => names.clone(),
        }
    }
}

/// A [`Memory`] of the spans of some annotators' layers that follows edits.
#[derive(Debug, Clone, Default)]
pub struct LiveMemory {
    /// Whose layers are read.
    sources: Sources,
    /// The schema the contributions were read under (it decides which
    /// attributes are span references, left out).
    schema: Option<Schema>,
    /// The documents read, in project order.
    docs: Vec<DocId>,
    /// What each document added to `tallies`, with fingerprints, sorted
    /// by fingerprint.
    contributions: Vec<Vec<(u64, Contribution)>>,
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

    /// Counts what document `i` adds now instead of what it added before:
    /// only the spans whose fingerprints changed are copied and counted.
    fn follow(
        &mut self,
        project: &Project,
        doc: &Document,
        from: &[String],
        i: usize,
    ) -> Vec<(u64, Contribution)> {
        let mut fresh = fingerprints(project, doc, from);
        fresh.sort_unstable_by_key(|(key, _)| *key);
        let old = std::mem::take(&mut self.contributions[i]);
        let mut now = Vec::with_capacity(fresh.len());
        let mut old = old.into_iter().peekable();
        for (key, span) in fresh {
            // Old contributions with smaller fingerprints are gone.
            while let Some((_, gone)) = old.next_if(|(k, _)| *k < key) {
                self.tallies.remove(&gone);
            }
            if let Some(kept) = old.next_if(|(k, _)| *k == key) {
                now.push(kept);
            } else {
                let added = contribution(project, doc, span);
                self.tallies.add(&added);
                now.push((key, added));
            }
        }
        for (_, gone) in old {
            self.tallies.remove(&gone);
        }
        now
    }

    /// Brings the memory of the `sources`' layers up to the project at
    /// `generation`; `changed_at` gives the generation at which a document
    /// last changed. Other sources than last time are read afresh. Returns
    /// whether the memory changed.
    pub fn refresh(
        &mut self,
        project: &Project,
        sources: &Sources,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) -> bool {
        let same_sources = self.sources == *sources;
        if self.generation == Some(generation) && same_sources {
            return false;
        }
        let since = self.generation.filter(|_| same_sources);
        self.generation = Some(generation);
        if !same_sources {
            self.sources = sources.clone();
        }
        let from = sources.names(project);
        let same_documents = self.docs.len() == project.documents.len()
            && self
                .docs
                .iter()
                .zip(&project.documents)
                .all(|(id, doc)| *id == doc.id);
        let mut forgot = false;
        match since {
            // A layer appears or goes only with an edit of its document, so
            // a change in who the human annotators are needs no more than
            // re-reading the changed documents.
            Some(since) if same_documents && self.schema.as_ref() == Some(&project.schema) => {
                for (i, doc) in project.documents.iter().enumerate() {
                    if changed_at(&doc.id) <= since {
                        continue;
                    }
                    let now = self.follow(project, doc, &from, i);
                    self.contributions[i] = now;
                }
            }
            _ => {
                forgot = !self.memory.is_empty();
                self.tallies = Tallies::default();
                self.memory = Memory::default();
                self.contributions = project
                    .documents
                    .iter()
                    .map(|doc| {
                        let mut keyed: Vec<(u64, Contribution)> = fingerprints(project, doc, &from)
                            .into_iter()
                            .map(|(key, span)| (key, contribution(project, doc, span)))
                            .collect();
                        keyed.sort_unstable_by_key(|(key, _)| *key);
                        keyed
                    })
                    .collect();
                for (_, contribution) in self.contributions.iter().flatten() {
                    self.tallies.add(contribution);
                }
                self.docs = project.documents.iter().map(|d| d.id.clone()).collect();
                self.schema = Some(project.schema.clone());
            }
        }
        // A memory read afresh may have forgotten everything, which fresh
        // tallies cannot tell from an unchanged memory.
        let changed = self.tallies.update(&mut self.memory) || forgot;
        if changed {
            self.version += 1;
        }
        changed
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

    fn alice() -> Sources {
        Sources::Only(vec!["alice".to_owned()])
    }

    fn add(project: &mut Project, doc: &str, start: usize, end: usize, label: &str) {
        add_as(project, "alice", doc, (start, end), label);
    }

    fn add_as(
        project: &mut Project,
        who: &str,
        doc: &str,
        (start, end): (usize, usize),
        label: &str,
    ) {
        let id = project
            .document(&doc.into())
            .and_then(|d| d.layers.get(who))
            .map_or(SpanId::numbered(1), crate::model::Layer::next_span_id);
        Edit::AddSpan {
            doc: doc.into(),
            annotator: who.into(),
            span: Span::new(id, start, end, label),
        }
        .apply(project)
        .expect("applies");
    }

    #[test]
    fn other_annotators_are_read_afresh_at_the_same_generation() {
        let mut project = project();
        add(&mut project, "a", 0, 5, "actor");
        add_as(&mut project, "bob", "a", (10, 12), "actor");
        let mut live = LiveMemory::default();
        live.refresh(&project, &alice(), 1, |_| 1);
        assert!(
            live.memory().recall("Xi").is_none(),
            "bob's span is not read"
        );
        assert!(live.refresh(&project, &Sources::EveryHuman, 1, |_| 1));
        assert!(live.memory().recall("Xi").is_some());
        assert!(live.memory().recall("Putin").is_some());
        assert!(live.refresh(&project, &Sources::Only(vec!["bob".to_owned()]), 1, |_| 1));
        assert!(
            live.memory().recall("Putin").is_none(),
            "alice's span is forgotten"
        );
        assert!(live.memory().recall("Xi").is_some());
        let version = live.version();
        assert!(live.refresh(&project, &Sources::Only(vec!["carol".to_owned()]), 1, |_| 1));
        assert!(live.memory().is_empty());
        assert!(
            live.version() > version,
            "forgetting everything is a change"
        );
    }

    #[test]
    fn the_memory_follows_edits_and_matches_a_fresh_build() {
        let mut project = project();
        let mut live = LiveMemory::default();
        let mut changed: BTreeMap<DocId, u64> = BTreeMap::new();
        assert!(
            !live.refresh(&project, &alice(), 0, |_| 0),
            "nothing to remember"
        );
        assert!(live.memory().is_empty());

        add(&mut project, "a", 0, 5, "actor");
        changed.insert("a".into(), 1);
        assert!(live.refresh(&project, &alice(), 1, |d| {
            changed.get(d).copied().unwrap_or(0)
        }));
        assert_eq!(
            live.memory().recall("Putin").map(|r| r.label.as_str()),
            Some("actor")
        );
        assert_eq!(live.memory().occurrences("Xi and Putin.").len(), 1);

        assert!(
            !live.refresh(&project, &alice(), 1, |_| 1),
            "same generation: nothing is read"
        );
        add(&mut project, "b", 7, 12, "claim");
        add(&mut project, "b", 0, 2, "actor");
        changed.insert("b".into(), 2);
        let version = live.version();
        assert!(live.refresh(&project, &alice(), 2, |d| {
            changed.get(d).copied().unwrap_or(0)
        }));
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
        live.refresh(&project, &alice(), 1, |_| 1);
        let span = project.documents[0].layers["alice"].spans[0].clone();
        Edit::RemoveSpan {
            doc: "a".into(),
            annotator: "alice".into(),
            span,
        }
        .apply(&mut project)
        .expect("applies");
        assert!(live.refresh(&project, &alice(), 2, |d| u64::from(d.as_str() == "a") * 2));
        assert!(live.memory().is_empty());
    }

    proptest::proptest! {
        /// Any sequence of added and removed spans leaves the live memory
        /// equal to a memory built from scratch.
        #[test]
        fn the_live_memory_equals_a_fresh_build_after_any_edits(
            steps in proptest::collection::vec((0usize..2, 0usize..4, 0usize..3, proptest::bool::ANY), 1..25)
        ) {
            const WORDS: [(usize, usize); 4] = [(0, 5), (6, 9), (10, 12), (0, 9)];
            const LABELS: [&str; 3] = ["actor", "claim", "date"];
            let mut project = project();
            let mut live = LiveMemory::default();
            let mut changed: BTreeMap<DocId, u64> = BTreeMap::new();
            for (generation, (doc, word, label, remove)) in steps.into_iter().enumerate() {
                let id: DocId = if doc == 0 { "a".into() } else { "b".into() };
                let (start, end) = WORDS[word];
                let existing = project.document(&id).and_then(|d| d.layers.get("alice")).and_then(|l| {
                    l.spans.iter().find(|s| (s.start, s.end) == (start, end)).cloned()
                });
                match (remove, existing) {
                    (true, Some(span)) => Edit::RemoveSpan { doc: id.clone(), annotator: "alice".into(), span }
                        .apply(&mut project)
                        .expect("applies"),
                    _ => add(&mut project, id.as_str(), start, end, LABELS[label]),
                }
                let generation = generation as u64 + 1;
                changed.insert(id, generation);
                live.refresh(&project, &alice(), generation, |d| changed.get(d).copied().unwrap_or(0));
                let fresh = Memory::build(&project, &project.human_annotators());
                proptest::prop_assert_eq!(live.memory().len(), fresh.len());
                for doc in &project.documents {
                    proptest::prop_assert_eq!(live.memory().occurrences(&doc.text), fresh.occurrences(&doc.text));
                }
            }
        }
    }
}
