//! The suggestions' state in the window: the live string memory, the open
//! document's pending suggestions, counts for the document list, and the
//! suggestion the annotator is deciding on.

use std::collections::HashMap;

use crate::model::{DocId, Project};
use crate::suggest::live::Sources;
use crate::suggest::{Candidates, LiveMemory, Suggestion, pending};

/// What a document's pending suggestions were computed from: the
/// document's last change, the memory's version and the target layer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Freshness {
    changed_at: u64,
    memory: u64,
    target: String,
}

impl Freshness {
    /// Whether it describes these inputs (asked every frame, so it copies
    /// nothing).
    fn is(&self, changed_at: u64, memory: u64, target: &str) -> bool {
        self.changed_at == changed_at && self.memory == memory && self.target == target
    }
}

/// Runtime state of suggestions.
#[derive(Debug, Default)]
pub struct SuggestionState {
    live: LiveMemory,
    /// The open document's pending suggestions.
    open: Option<(DocId, Freshness, Vec<Suggestion>)>,
    /// What is costly to find in the open document, kept between edits.
    candidates: Candidates,
    /// Pending counts of documents shown in the document list.
    counts: HashMap<DocId, (Freshness, usize)>,
    /// The suggestion being decided on (its extent and label), in the open
    /// document.
    pub current: Option<(usize, usize, String)>,
}

impl SuggestionState {
    /// Brings the memory of the `sources`' layers up to the project at
    /// `generation` (`changed_at`: when a document last changed).
    pub fn refresh(
        &mut self,
        project: &Project,
        sources: &Sources,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) {
        self.live.refresh(project, sources, generation, changed_at);
    }

    /// Makes document `index` the open one and computes its pending
    /// suggestions for `target` when the document, the memory or the target
    /// changed since last asked (see [`SuggestionState::pending`]);
    /// `changed_at` is the document's last change.
    pub fn open_document(
        &mut self,
        project: &Project,
        index: usize,
        target: &str,
        changed_at: u64,
    ) {
        let Some(doc) = project.documents.get(index) else {
            self.open = None;
            return;
        };
        let memory = self.live.version();
        let stale = self
            .open
            .as_ref()
            .is_none_or(|(id, f, _)| *id != doc.id || !f.is(changed_at, memory, target));
        if stale {
            let fresh = Freshness {
                changed_at,
                memory,
                target: target.to_owned(),
            };
            let found = pending(
                &project.schema,
                self.live.memory(),
                doc,
                target,
                &mut self.candidates,
            );
            self.counts
                .insert(doc.id.clone(), (fresh.clone(), found.len()));
            self.open = Some((doc.id.clone(), fresh, found));
        }
    }

    /// The open document's pending suggestions, as last computed.
    pub fn pending(&self) -> &[Suggestion] {
        self.open.as_ref().map_or(&[], |(_, _, found)| found)
    }

    /// How many suggestions are pending on document `index` for `target`
    /// (computed on first ask and whenever the document or the memory
    /// changed).
    pub fn count(
        &mut self,
        project: &Project,
        index: usize,
        target: &str,
        changed_at: u64,
    ) -> usize {
        let Some(doc) = project.documents.get(index) else {
            return 0;
        };
        let memory = self.live.version();
        if let Some((f, n)) = self.counts.get(&doc.id)
            && f.is(changed_at, memory, target)
        {
            return *n;
        }
        let n = pending(
            &project.schema,
            self.live.memory(),
            doc,
            target,
            &mut Candidates::default(),
        )
        .len();
        let fresh = Freshness {
            changed_at,
            memory,
            target: target.to_owned(),
        };
        self.counts.insert(doc.id.clone(), (fresh, n));
        n
    }

    /// The current suggestion, when it is still pending.
    pub fn current(&self) -> Option<&Suggestion> {
        self.current_index().map(|i| &self.pending()[i])
    }

    /// Where the current suggestion is in [`SuggestionState::pending`]
    /// (which is in canonical order, so it is found by bisection).
    pub fn current_index(&self) -> Option<usize> {
        let (start, end, label) = self.current.as_ref()?;
        self.pending()
            .binary_search_by(|s| s.key().cmp(&(*start, *end, label.as_str())))
            .ok()
    }

    /// Makes `suggestion` the current one.
    pub fn set_current(&mut self, suggestion: Option<&Suggestion>) {
        self.current = suggestion.map(|s| (s.span.start, s.span.end, s.span.label.clone()));
    }

    /// The shortest pending suggestion covering code point `pos` (of label
    /// `only`, when given).
    pub fn at(&self, pos: usize, only: Option<&str>) -> Option<&Suggestion> {
        self.pending()
            .iter()
            .filter(|s| s.span.start <= pos && pos < s.span.end && is_of(s, only))
            .min_by_key(|s| (s.span.end - s.span.start, s.span.start))
    }

    /// The first pending suggestion (of label `only`, when given) after
    /// (or, going back, before) the extent `from` in canonical order; from
    /// the start (end) without one.
    pub fn step(
        &self,
        from: Option<(usize, usize, &str)>,
        forward: bool,
        only: Option<&str>,
    ) -> Option<&Suggestion> {
        let mut shown = self.pending().iter().filter(|s| is_of(s, only));
        match (from, forward) {
            (None, true) => shown.next(),
            (None, false) => shown.next_back(),
            (Some(key), true) => shown.find(|s| s.key() > key),
            (Some(key), false) => shown.rev().find(|s| s.key() < key),
        }
    }
}

/// Whether `suggestion` has label `only` (any label without one).
pub fn is_of(suggestion: &Suggestion, only: Option<&str>) -> bool {
    only.is_none_or(|label| suggestion.span.label == label)
}
