//! Review mode's state: which annotators are compared, their disagreement
//! sites (recomputed when the project changes), and the current site.

use crate::model::{DocId, Project};
use crate::review::{ReviewSites, Site, document_sites};

/// Runtime state of review mode.
#[derive(Debug, Clone, Default)]
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

    /// Brings the sites up to date with the project at edit `generation`:
    /// all of them when the compared annotators changed, else only the
    /// documents that changed since (`changed_at` gives the generation of a
    /// document's last change), so deciding stays instant on large projects.
    pub fn refresh(
        &mut self,
        project: &Project,
        generation: u64,
        changed_at: impl Fn(&DocId) -> u64,
    ) {
        let same_annotators = self
            .computed_for
            .as_ref()
            .is_some_and(|(_, names)| *names == self.annotators);
        let since = match &self.computed_for {
            Some((done, _)) if *done == generation && same_annotators => return,
            Some((done, _))
                if same_annotators && self.sites.by_document.len() == project.documents.len() =>
            {
                *done
            }
            _ => {
                self.sites =
                    ReviewSites::compute(&project.schema, &project.documents, &self.annotators);
                self.finish_refresh(generation);
                return;
            }
        };
        for (i, doc) in project.documents.iter().enumerate() {
            if changed_at(&doc.id) > since {
                self.sites.by_document[i] = document_sites(&project.schema, doc, &self.annotators);
            }
        }
        self.finish_refresh(generation);
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
