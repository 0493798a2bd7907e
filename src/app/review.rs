//! Review mode in the app: switching it on, moving between disagreements,
//! and applying the reviewer's decisions to the `gold` layer.

use super::MarginaliaApp;
use crate::edit::Edit;
use crate::model::{DocId, GOLD};
use crate::review::{Decision, LinkChoice, accept_all_agreed, decide, decide_link};
use crate::ui::commands::UiCommand;

impl MarginaliaApp {
    /// Runs a command of the Review menu.
    pub(super) fn run_review(&mut self, command: UiCommand) {
        use UiCommand as C;
        if command.needs_review_mode() && !self.review.active {
            self.start_review();
        }
        if command.needs_review_mode() {
            self.settle_review();
        }
        match command {
            C::ToggleReview => {
                if self.review.active {
                    self.review.active = false;
                    self.view.selected_span = None;
                    self.say(format!(
                        "Review mode off; editing {}'s layer",
                        self.settings.annotator
                    ));
                } else {
                    self.start_review();
                }
            }
            C::NextDisagreement | C::PreviousDisagreement => {
                self.step_site(command == C::NextDisagreement);
            }
            C::AcceptAllVersions => self.decide(Decision::AcceptAll),
            C::RejectAll => self.decide(Decision::Reject),
            C::EditDecision => self.edit_decision(),
            C::NoLink => self.decide_link(0, LinkChoice::Nothing),
            C::AcceptAllAgreed => self.accept_all_agreed(),
            C::Dashboard => self.dashboard.open(),
            _ => {
                if let Some(i) = command.accepted_annotator() {
                    self.decide(Decision::Accept(i));
                } else if let Some(i) = command.kept_target() {
                    self.decide_link(0, LinkChoice::Keep(i));
                }
            }
        }
    }

    /// Brings the disagreement sites up to date with the project.
    pub(super) fn refresh_review(&mut self) {
        self.review
            .refresh(&self.session.project, self.session.generation(), |d| {
                self.session.document_generation(d)
            });
    }

    /// After `edit` was undone or redone (`done` says which) in review
    /// mode: when it recorded a decision, that disagreement becomes the
    /// current one again, so the reviewer is back where the decision was
    /// taken.
    pub(super) fn show_decided_site(&mut self, edit: &Edit, done: &str) {
        let Some((doc_id, (start, end))) = decided_region(edit) else {
            return;
        };
        self.refresh_review();
        let Some(doc) = self
            .session
            .project
            .documents
            .iter()
            .position(|d| d.id == *doc_id)
        else {
            return;
        };
        let site = self.review.sites().by_document.get(doc).and_then(|sites| {
            sites
                .iter()
                .position(|s| (s.start, s.end) == (start, end))
                .or_else(|| sites.iter().position(|s| s.start < end && start < s.end))
        });
        if let Some(site) = site {
            self.goto_site((doc, site));
            if let Some(notice) = &mut self.notice {
                notice.text = format!("{done}; back at: {}", notice.text);
            }
        }
    }

    /// Turns review mode on: edits go to gold, the compared layers show.
    fn start_review(&mut self) {
        self.review.start(&self.session.project);
        self.refresh_review();
        self.view.selected_span = None;
        let names: Vec<String> = self
            .review
            .annotators
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} {n}", crate::review::sites::annotator_letter(i)))
            .collect();
        self.say(format!(
            "Review mode: comparing {}; decisions go to the gold layer. F8: next disagreement",
            names.join(", ")
        ));
    }

    /// Brings the sites up to the project as it is, waiting for the
    /// background work (before acting on a site).
    pub(super) fn settle_review(&mut self) {
        if self.review.active {
            let session = &self.session;
            self.review
                .settle(&session.project, session.generation(), |d| {
                    session.document_generation(d)
                });
        }
    }

    /// Compares `annotators` from now on.
    pub(super) fn set_review_annotators(&mut self, annotators: Vec<String>) {
        self.review.set_annotators(annotators);
        self.refresh_review();
    }

    /// Opens document `index` in review mode at its first open disagreement.
    pub(super) fn review_document(&mut self, index: usize) {
        if !self.review.active {
            self.start_review();
        }
        self.settle_review();
        self.select_document(index);
        let sites = self.review.sites().by_document.get(index);
        let first = sites
            .and_then(|s| s.iter().position(|site| !site.resolved))
            .or_else(|| sites.filter(|s| !s.is_empty()).map(|_| 0));
        match first {
            Some(site) => self.goto_site((index, site)),
            None => self.say("This document has no disagreements"),
        }
    }

    fn step_site(&mut self, forward: bool) {
        let doc = self.view.doc;
        // From the current site when it is on the open document, else from
        // the start (or end) of the open document.
        let from = match self.review.current.filter(|(d, _)| *d == doc) {
            Some(here) => Some(here),
            None if forward => doc.checked_sub(1).map(|d| (d, usize::MAX)),
            None => Some((doc + 1, 0)),
        };
        match self.review.sites().step(from, forward) {
            Some(at) => self.goto_site(at),
            None => self.say("No disagreements between the compared annotators"),
        }
    }

    fn goto_site(&mut self, (doc, site): (usize, usize)) {
        if doc != self.view.doc {
            self.select_document(doc);
        }
        self.review.current = Some((doc, site));
        self.view.selection = None;
        self.view.selected_span = None;
        if let Some(site) = self.review.current_site() {
            self.view.scroll_to = Some(site.start);
            let left = self.review.sites().remaining();
            // A link disagreement alone says where the links point.
            let link = site
                .links
                .first()
                .filter(|_| site.kind == crate::review::SiteKind::Link)
                .zip(self.document())
                .map(|(link, doc)| format!(" · {}", link.describe(&doc.text)))
                .unwrap_or_default();
            self.say(format!(
                "Disagreement: {} [{}, {}){link} · {left} left",
                site.summary(),
                site.start,
                site.end
            ));
        }
    }

    /// The current site, when it is on the open document.
    fn current_site_here(&self) -> Option<&crate::review::Site> {
        self.review
            .current
            .filter(|(d, _)| *d == self.view.doc)
            .and_then(|_| self.review.current_site())
    }

    pub(super) fn decide(&mut self, decision: Decision) {
        self.settle_review();
        let (Some(site), Some(doc)) = (self.current_site_here(), self.document()) else {
            self.say("No disagreement selected: press F8 to go to the next one");
            return;
        };
        if let Decision::Accept(i) = decision
            && !site.present.get(i).copied().unwrap_or(false)
        {
            self.say("That annotator has no layer on this document");
            return;
        }
        let schema = &self.session.project.schema;
        let edit = decide(schema, doc, &self.review.annotators, site, decision);
        let done = match edit {
            Some(edit) => self.edit(edit),
            None => true,
        };
        if done {
            self.refresh_review();
            if !matches!(decision, Decision::Accept(_) | Decision::AcceptAll)
                || self.review.sites().remaining() > 0
            {
                self.step_site(true);
            }
        }
    }

    /// Decides link `index` of the current disagreement on its own: gold's
    /// source span points where `choice` says (one undo step); on to the
    /// next disagreement when that settled this one.
    pub(super) fn decide_link(&mut self, index: usize, choice: LinkChoice) {
        self.settle_review();
        let (Some(site), Some(doc)) = (self.current_site_here(), self.document()) else {
            self.say("No disagreement selected: press F8 to go to the next one");
            return;
        };
        let Some(link) = site.links.get(index) else {
            self.say("This disagreement has no link to decide");
            return;
        };
        let Some(said) = link.decided(&doc.text, choice) else {
            self.say("That annotator has no such span here to keep the link of");
            return;
        };
        let schema = &self.session.project.schema;
        let Some(edit) = decide_link(schema, doc, &self.review.annotators, site, link, choice)
        else {
            self.say("Gold already links it so");
            return;
        };
        if self.edit(edit) {
            self.refresh_review();
            let settled = self.current_site_here().is_none_or(|s| s.resolved);
            if settled {
                self.step_site(true);
            }
            self.say(format!("{said} (one undo step)"));
        }
    }

    fn edit_decision(&mut self) {
        let Some(site) = self.current_site_here().cloned() else {
            self.say("No disagreement selected: press F8 to go to the next one");
            return;
        };
        let in_gold = |app: &Self| {
            app.document()
                .and_then(|d| d.layers.get(GOLD))
                .and_then(|g| g.spans.iter().find(|s| s.overlaps(site.start, site.end)))
                .map(|s| s.id.clone())
        };
        if in_gold(self).is_none()
            && let Some(first) = (0..site.spans.len()).find(|&i| !site.spans[i].is_empty())
            && let Some(edit) = self.document().and_then(|doc| {
                let schema = &self.session.project.schema;
                decide(
                    schema,
                    doc,
                    &self.review.annotators,
                    &site,
                    Decision::Accept(first),
                )
            })
        {
            self.edit(edit);
        }
        match in_gold(self) {
            Some(id) => {
                self.select_span(Some(id), true);
                self.say("Editing gold: relabel with a label key, move boundaries with Shift+arrows, set attributes in the inspector");
            }
            None => self.say("Gold has nothing here to edit"),
        }
    }

    fn accept_all_agreed(&mut self) {
        let project = &self.session.project;
        match accept_all_agreed(&project.schema, &project.documents, &self.review.annotators) {
            Some(edit) => {
                let added = match &edit {
                    Edit::Batch(edits) => edits.len(),
                    _ => 1,
                };
                if self.edit(edit) {
                    self.say(format!(
                        "Put {added} spans that all compared annotators agree on into gold (one undo step)"
                    ));
                }
            }
            None => self.say("Gold already has every span the compared annotators agree on"),
        }
    }
}

/// The document and region of the decision `edit` records: the region it
/// marks reviewed, else (a link decided on its own) the gold span it
/// changes.
fn decided_region(edit: &Edit) -> Option<(&DocId, (usize, usize))> {
    reviewed_region(edit).or_else(|| changed_gold_span(edit))
}

/// The region `edit` marks reviewed, if it does.
fn reviewed_region(edit: &Edit) -> Option<(&DocId, (usize, usize))> {
    match edit {
        Edit::SetReviewed { doc, region, .. } => Some((doc, *region)),
        Edit::Batch(edits) => edits.iter().find_map(reviewed_region),
        _ => None,
    }
}

/// The extent of the last gold span `edit` changes or adds (the source of
/// a decided link comes after the targets it takes in).
fn changed_gold_span(edit: &Edit) -> Option<(&DocId, (usize, usize))> {
    match edit {
        Edit::ChangeSpan {
            doc,
            annotator,
            after,
            ..
        } if annotator == GOLD => Some((doc, (after.start, after.end))),
        Edit::AddSpan {
            doc,
            annotator,
            span,
        } if annotator == GOLD => Some((doc, (span.start, span.end))),
        Edit::Batch(edits) => edits.iter().rev().find_map(changed_gold_span),
        _ => None,
    }
}
