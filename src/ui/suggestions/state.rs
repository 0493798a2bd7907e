//! The suggestions' state in the window: the live string memory, the open
//! document's pending suggestions, counts for the document list, and the
//! suggestion the annotator is deciding on.
//!
//! Following an edit costs more than a frame on a long document (the live
//! memory re-reads the document's layers, then its pending suggestions are
//! listed again), so that work runs on a background thread, on a snapshot
//! of the project. Until it is done the window shows the suggestions of the
//! previous state: their extents are still extents of the same text (edits
//! never change a document's text), and anything that acts on a suggestion
//! first waits for the fresh list ([`SuggestionState::settle`]).

use std::collections::HashMap;
use std::sync::Arc;

use egui::Context;

use crate::model::{DocId, Project};
use crate::suggest::live::Sources;
use crate::suggest::{Candidates, LiveMemory, Memory, Suggestion, pending};
use crate::ui::job::{Job, JobState};

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

/// The state of the project the suggestions are brought up to: its
/// generation, the open document, the target layer and whose layers the
/// memory learns from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wanted {
    generation: u64,
    doc: Option<DocId>,
    target: String,
    sources: Sources,
}

impl Wanted {
    /// Whether it describes these inputs (asked every frame, so it copies
    /// nothing).
    fn is(&self, generation: u64, doc: Option<&DocId>, target: &str, sources: &Sources) -> bool {
        self.generation == generation
            && self.doc.as_ref() == doc
            && self.target == target
            && self.sources == *sources
    }
}

/// What the window wants suggestions for: document `index`'s, for the
/// `target` layer, with the memory learning from `sources`.
#[derive(Debug, Clone, Copy)]
pub struct Focus<'a> {
    /// The open document's index in the project.
    pub index: usize,
    /// The layer suggestions are offered to (the annotator's).
    pub target: &'a str,
    /// Whose layers the live memory learns from.
    pub sources: &'a Sources,
}

/// One document's pending suggestions and what they were computed from.
#[derive(Debug, Clone)]
struct Listed {
    doc: DocId,
    fresh: Freshness,
    found: Arc<[Suggestion]>,
}

/// What follows the project from one state to the next: the live memory
/// and what is costly to find in the open document. It is lent to the
/// background work and comes back with its result.
#[derive(Debug, Default)]
struct Follower {
    live: LiveMemory,
    candidates: Candidates,
    /// The open document's last list, kept when neither the document nor
    /// the memory changed.
    open: Option<Listed>,
}

/// What the background work hands back to the window.
#[derive(Debug)]
struct Brought {
    follower: Follower,
    /// The memory, when it changed (the window counts other documents'
    /// suggestions with it).
    memory: Option<(u64, Arc<Memory>)>,
}

/// Everything the background work reads: a snapshot of the project and
/// what it is brought up to.
struct Request {
    project: Arc<Project>,
    wanted: Wanted,
    /// When each document last changed, in project order.
    changed_at: Vec<u64>,
}

impl Follower {
    /// Brings the memory up to `request`'s project, then lists the open
    /// document's pending suggestions when they may have changed.
    fn follow(mut self, request: &Request) -> Brought {
        let project = &request.project;
        let before = self.live.version();
        let position: HashMap<&DocId, usize> = project
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (&d.id, i))
            .collect();
        self.live.refresh(
            project,
            &request.wanted.sources,
            request.wanted.generation,
            |id: &DocId| position.get(id).map_or(0, |&i| request.changed_at[i]),
        );
        let version = self.live.version();
        let memory = (version != before).then(|| (version, Arc::new(self.live.memory().clone())));
        let target = &request.wanted.target;
        let open = (request.wanted.doc.as_ref())
            .and_then(|id| position.get(id))
            .map(|&i| (&project.documents[i], request.changed_at[i]));
        self.open = open.map(|(doc, changed_at)| match self.open.take() {
            Some(listed)
                if listed.doc == doc.id && listed.fresh.is(changed_at, version, target) =>
            {
                listed
            }
            _ => Listed {
                doc: doc.id.clone(),
                fresh: Freshness {
                    changed_at,
                    memory: version,
                    target: target.clone(),
                },
                found: pending(
                    &project.schema,
                    self.live.memory(),
                    doc,
                    target,
                    &mut self.candidates,
                )
                .into(),
            },
        });
        Brought {
            follower: self,
            memory,
        }
    }
}

/// The background work in flight and what it brings the suggestions up to.
#[derive(Debug)]
struct InFlight {
    wanted: Wanted,
    job: Job<Brought>,
}

/// Runtime state of suggestions.
#[derive(Debug, Default)]
pub struct SuggestionState {
    /// The follower, while no background work has it.
    follower: Option<Follower>,
    in_flight: Option<InFlight>,
    /// What the shown suggestions were brought up to.
    shown: Option<Wanted>,
    /// The open document's pending suggestions, as last brought up to date.
    open: Option<Listed>,
    /// The memory as last brought up to date, and its version.
    memory: (u64, Arc<Memory>),
    /// Pending counts of documents shown in the document list.
    counts: HashMap<DocId, (Freshness, usize)>,
    /// The suggestion being decided on (its extent and label), in the open
    /// document.
    pub current: Option<(usize, usize, String)>,
}

impl SuggestionState {
    /// Brings the memory and the pending suggestions of `focus` towards
    /// `project` at `generation` (`changed_at`: when a document last
    /// changed) without waiting: picks up finished background work and
    /// starts more when the shown suggestions are not those of this state.
    /// Returns whether they are.
    pub fn refresh(
        &mut self,
        ctx: &Context,
        project: &Arc<Project>,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
        focus: Focus<'_>,
    ) -> bool {
        let Focus {
            index,
            target,
            sources,
        } = focus;
        if let Some(flight) = &self.in_flight {
            match flight.job.poll() {
                JobState::Running => {}
                done => self.land(done),
            }
        }
        let doc = project.documents.get(index).map(|d| &d.id);
        if self
            .shown
            .as_ref()
            .is_some_and(|w| w.is(generation, doc, target, sources))
        {
            return true;
        }
        if self.in_flight.is_none() {
            let wanted = Wanted {
                generation,
                doc: doc.cloned(),
                target: target.to_owned(),
                sources: sources.clone(),
            };
            let request = Request {
                project: Arc::clone(project),
                wanted: wanted.clone(),
                changed_at: project
                    .documents
                    .iter()
                    .map(|d| changed_at(&d.id))
                    .collect(),
            };
            let follower = self.follower.take().unwrap_or_default();
            match Job::spawn("suggestions", ctx, move |_| follower.follow(&request)) {
                Ok(job) => self.in_flight = Some(InFlight { wanted, job }),
                // Without a thread the suggestions stay as they are; the
                // follower starts over on the next try.
                Err(_) => self.follower = None,
            }
        }
        false
    }

    /// Brings the suggestions up to the state given, waiting for the
    /// background work: for what acts on a suggestion, which must not act
    /// on an outdated one (and for tests and benchmarks).
    pub fn settle(
        &mut self,
        ctx: &Context,
        project: &Arc<Project>,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
        focus: Focus<'_>,
    ) {
        // Work in flight for an older state lands first; then one more
        // round brings it to this one.
        for _ in 0..2 {
            if self.refresh(ctx, project, generation, &changed_at, focus) {
                return;
            }
            if let Some(flight) = &self.in_flight {
                let done = flight.job.wait();
                self.land(done);
            }
        }
    }

    /// Takes the result of the background work in flight.
    fn land(&mut self, done: JobState<Brought>) {
        let Some(flight) = self.in_flight.take() else {
            return;
        };
        match done {
            JobState::Done(brought) => {
                if let Some(memory) = brought.memory {
                    self.memory = memory;
                }
                self.open.clone_from(&brought.follower.open);
                if let Some(listed) = &self.open {
                    self.counts.insert(
                        listed.doc.clone(),
                        (listed.fresh.clone(), listed.found.len()),
                    );
                }
                self.follower = Some(brought.follower);
                self.shown = Some(flight.wanted);
            }
            // The follower is lost with its thread and starts over with the
            // next change; until then nothing is offered, rather than
            // suggestions of an older state.
            JobState::Failed(_) | JobState::Running => {
                self.open = None;
                self.shown = Some(flight.wanted);
            }
        }
    }

    /// Whether background work is bringing the suggestions up to date.
    pub fn is_following(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The open document's pending suggestions, as last brought up to date.
    pub fn pending(&self) -> &[Suggestion] {
        self.open.as_ref().map_or(&[], |listed| &listed.found)
    }

    /// How many suggestions are pending on document `index` for `target`
    /// with the memory as last brought up to date (computed on first ask
    /// and whenever the document or the memory changed). The open
    /// document's is the length of its list as shown, and one being opened
    /// keeps its last count: those are brought up to date in the
    /// background, never here.
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
        if let Some(listed) = &self.open
            && listed.doc == doc.id
            && listed.fresh.target == target
        {
            return listed.found.len();
        }
        let opening = self.in_flight.as_ref();
        if opening.is_some_and(|f| f.wanted.doc.as_ref() == Some(&doc.id)) {
            return self.counts.get(&doc.id).map_or(0, |(_, n)| *n);
        }
        let (version, memory) = &self.memory;
        if let Some((f, n)) = self.counts.get(&doc.id)
            && f.is(changed_at, *version, target)
        {
            return *n;
        }
        let n = pending(
            &project.schema,
            memory,
            doc,
            target,
            &mut Candidates::default(),
        )
        .len();
        let fresh = Freshness {
            changed_at,
            memory: *version,
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::edit::Edit;
    use crate::model::{Document, Schema, Span, SpanId};

    /// Labelled "Putin" (its second occurrence is then suggested) in
    /// text with a ZWJ sequence and a combining mark before it.
    const TEXT: &str = "Putin \u{1F469}\u{200D}\u{1F4BB} met Zoe\u{308}; Putin left.";

    fn project() -> Project {
        let mut project = Project::new(Schema::builtin());
        let mut doc = Document::new("a".into(), String::new(), BTreeMap::new(), TEXT.into());
        doc.layers.insert(
            "bob".into(),
            crate::model::Layer::with_spans(
                crate::model::Status::InProgress,
                vec![Span::new(SpanId::numbered(1), 0, 5, "actor")],
            ),
        );
        project.documents.push(doc);
        project
    }

    /// The first document, for `target`, learning from every annotator.
    fn focus(target: &str) -> Focus<'_> {
        Focus {
            index: 0,
            target,
            sources: &Sources::EveryHuman,
        }
    }

    fn extents(state: &SuggestionState) -> Vec<(usize, usize)> {
        state
            .pending()
            .iter()
            .map(|s| (s.span.start, s.span.end))
            .collect()
    }

    #[test]
    fn after_an_edit_the_previous_suggestions_show_until_the_fresh_ones_land() {
        let ctx = Context::default();
        let mut project = Arc::new(project());
        let mut state = SuggestionState::default();
        state.settle(&ctx, &project, 1, |_| 1, focus("bob"));
        let second = (20, 25);
        assert_eq!(&TEXT[29..34], "Putin", "code points, not bytes");
        assert_eq!(extents(&state), [second]);
        // Bob labels the second Putin: it is no longer pending for him.
        let held = Arc::clone(&project);
        Edit::AddSpan {
            doc: "a".into(),
            annotator: "bob".into(),
            span: Span::new(SpanId::numbered(2), second.0, second.1, "actor"),
        }
        .apply(Arc::make_mut(&mut project))
        .expect("applies");
        assert_eq!(
            held.documents[0].layers["bob"].spans.len(),
            1,
            "the snapshot is kept"
        );
        assert!(!state.refresh(&ctx, &project, 2, |_| 2, focus("bob")));
        assert!(state.is_following());
        assert_eq!(extents(&state), [second], "the previous list");
        assert_eq!(
            state.count(&project, 0, "bob", 2),
            1,
            "the open document counts the list shown"
        );
        state.settle(&ctx, &project, 2, |_| 2, focus("bob"));
        assert!(!state.is_following());
        assert_eq!(extents(&state), []);
        assert_eq!(state.count(&project, 0, "bob", 2), 0);
    }

    #[test]
    fn settling_lands_work_for_an_older_state_then_brings_the_newest() {
        let ctx = Context::default();
        let project = Arc::new(project());
        let mut state = SuggestionState::default();
        assert!(!state.refresh(&ctx, &project, 1, |_| 1, focus("alice")));
        // The target changes while the first round is in flight.
        state.settle(&ctx, &project, 1, |_| 1, focus("bob"));
        assert_eq!(extents(&state), [(20, 25)]);
        assert!(state.refresh(&ctx, &project, 1, |_| 1, focus("bob")));
    }
}
