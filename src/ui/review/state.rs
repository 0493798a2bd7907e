//! Review mode's state: which annotators are compared, their disagreement
//! sites (recomputed when the project changes), and the current site.
//!
//! Finding every site (turning review on, changing the compared
//! annotators) takes long on a large project, so it runs in the background
//! on a snapshot of the project; the sites of documents changed since are
//! found again when it lands. A decision changes one document, whose sites
//! are found again at once.

use std::sync::Arc;

use egui::Context;

use crate::model::{DocId, Project};
use crate::review::{ReviewSites, Site, document_sites};
use crate::ui::job::{Job, JobState};

/// Every site found in the background, for the project at a generation
/// and the annotators compared.
#[derive(Debug)]
struct Finding {
    generation: u64,
    annotators: Vec<String>,
    job: Job<ReviewSites>,
}

/// Runtime state of review mode.
#[derive(Debug, Default)]
pub struct ReviewState {
    /// Whether review mode is on (the text shows the compared layers and
    /// edits go to the `gold` layer).
    pub active: bool,
    /// The compared annotators, in the order of their letters (A, B, …).
    pub annotators: Vec<String>,
    /// The current site: (document index, site index in that document).
    pub current: Option<(usize, usize)>,
    sites: ReviewSites,
    computed_for: Option<(u64, Vec<String>)>,
    finding: Option<Finding>,
    /// Repainted when a finding lands.
    repaint: Context,
}

impl ReviewState {
    /// Turns review mode on, comparing the default annotators when fewer
    /// than two are chosen.
    pub fn start(&mut self, project: &Project) {
        self.active = true;
        if self.annotators.len() < 2 {
            self.annotators = project.human_annotators();
        }
    }

    /// Compares `annotators` from now on.
    pub fn set_annotators(&mut self, annotators: Vec<String>) {
        if annotators != self.annotators {
            self.annotators = annotators;
            self.current = None;
        }
    }

    /// The window repainted when sites found in the background land.
    pub fn set_repaint_context(&mut self, ctx: &Context) {
        self.repaint = ctx.clone();
    }

    /// Brings the sites up to date with the project at edit `generation`
    /// without waiting: only the documents that changed since
    /// (`changed_at` gives the generation of a document's last change), so
    /// deciding stays instant on large projects; all of them, in the
    /// background, when the compared annotators changed (no sites meanwhile).
    /// Returns whether the sites are those of this state.
    pub fn refresh(
        &mut self,
        project: &Arc<Project>,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) -> bool {
        self.land(None);
        let same_annotators = self
            .computed_for
            .as_ref()
            .is_some_and(|(_, names)| *names == self.annotators);
        let since = match &self.computed_for {
            Some((done, _)) if *done == generation && same_annotators => return true,
            Some((done, _))
                if same_annotators && self.sites.by_document.len() == project.documents.len() =>
            {
                *done
            }
            _ => {
                self.find_all(project, generation);
                return false;
            }
        };
        for (i, doc) in project.documents.iter().enumerate() {
            if changed_at(&doc.id) > since {
                self.sites.by_document[i] = document_sites(&project.schema, doc, &self.annotators);
            }
        }
        self.finish_refresh(generation);
        true
    }

    /// Brings the sites up to date as [`ReviewState::refresh`] does, waiting
    /// for the background work: for what acts on a site (and for tests).
    pub fn settle(
        &mut self,
        project: &Arc<Project>,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) {
        while !self.refresh(project, generation, &changed_at) {
            let Some(finding) = self.finding.take() else {
                return;
            };
            let done = finding.job.wait();
            self.land(Some((finding, done)));
        }
    }

    /// Starts finding every site of `project` at `generation`, unless that
    /// is under way; the sites of other annotators are dropped meanwhile.
    fn find_all(&mut self, project: &Arc<Project>, generation: u64) {
        if self
            .finding
            .as_ref()
            .is_some_and(|f| f.annotators == self.annotators)
        {
            return;
        }
        self.sites = ReviewSites::default();
        self.computed_for = None;
        self.current = None;
        let (snapshot, annotators) = (Arc::clone(project), self.annotators.clone());
        // Without a thread, no sites are found: the next refresh tries again.
        self.finding = Job::spawn("review sites", &self.repaint, move |_| {
            ReviewSites::compute(&snapshot.schema, &snapshot.documents, &annotators)
        })
        .ok()
        .map(|job| Finding {
            generation,
            annotators: self.annotators.clone(),
            job,
        });
    }

    /// Takes the sites found in the background, when they are ready (or
    /// `waited` for): they stand for the project at their generation.
    fn land(&mut self, waited: Option<(Finding, JobState<ReviewSites>)>) {
        let (finding, done) = if let Some(waited) = waited {
            waited
        } else {
            let Some(finding) = &self.finding else { return };
            match finding.job.poll() {
                JobState::Running => return,
                done => (self.finding.take().expect("in flight"), done),
            }
        };
        if let JobState::Done(sites) = done
            && finding.annotators == self.annotators
        {
            self.sites = sites;
            self.computed_for = Some((finding.generation, finding.annotators));
        }
    }

    /// Whether the sites are being found in the background.
    pub fn is_finding(&self) -> bool {
        self.finding.is_some()
    }

    fn finish_refresh(&mut self, generation: u64) {
        self.computed_for = Some((generation, self.annotators.clone()));
        if let Some((doc, site)) = self.current {
            let count = self.sites.by_document.get(doc).map_or(0, Vec::len);
            self.current = (count > 0).then(|| (doc, site.min(count - 1)));
        }
    }

    /// The sites of every document.
    pub fn sites(&self) -> &ReviewSites {
        &self.sites
    }

    /// The current site, if any.
    pub fn current_site(&self) -> Option<&Site> {
        let (doc, site) = self.current?;
        self.sites.by_document.get(doc)?.get(site)
    }

    /// Unresolved sites of document `doc`.
    pub fn remaining_in(&self, doc: usize) -> usize {
        self.sites
            .by_document
            .get(doc)
            .map_or(0, |sites| sites.iter().filter(|s| !s.resolved).count())
    }

    /// Unresolved sites per document, in project order.
    pub fn remaining_by_document(&self) -> Vec<usize> {
        (0..self.sites.by_document.len())
            .map(|d| self.remaining_in(d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn demo() -> Arc<Project> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron");
        Arc::new(crate::io::load_project(&path).expect("demo project loads"))
    }

    #[test]
    fn turning_review_on_finds_the_sites_in_the_background_without_waiting() {
        let project = demo();
        let mut state = ReviewState::default();
        state.start(&project);
        assert!(!state.refresh(&project, 1, |_| 0), "nothing found yet");
        assert!(state.is_finding());
        assert!(state.sites().by_document.is_empty(), "no stale sites");
        state.settle(&project, 1, |_| 0);
        assert!(!state.is_finding());
        let fresh = ReviewSites::compute(&project.schema, &project.documents, &state.annotators);
        assert_eq!(*state.sites(), fresh);
        assert!(state.refresh(&project, 1, |_| 0), "up to date");
    }

    #[test]
    fn sites_of_other_annotators_landing_late_are_dropped() {
        let project = demo();
        let mut state = ReviewState::default();
        state.start(&project);
        assert!(!state.refresh(&project, 1, |_| 0));
        let first_two = state.annotators[..2].to_vec();
        let mut swapped = first_two.clone();
        swapped.reverse();
        state.set_annotators(swapped.clone());
        state.settle(&project, 1, |_| 0);
        let fresh = ReviewSites::compute(&project.schema, &project.documents, &swapped);
        assert_eq!(*state.sites(), fresh);
    }
}
