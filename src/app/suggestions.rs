//! Suggestions in the app: moving between them, accepting them into the
//! annotator's layer, rejecting them for a document, and writing a
//! suggestion layer over the project in the background.

use egui::Context;

use super::MarginaliaApp;
use super::jobs::Finish;
use crate::model::GOLD;
use crate::suggest::live::Sources;
use crate::suggest::{Suggestion, suggestion_edit, suggestions};
use crate::ui::commands::UiCommand;
use crate::ui::suggestions::card::learning_from;
use crate::ui::suggestions::state::{Focus, is_of};
use crate::ui::suggestions::write_dialog::WriteSuggestionsRequest;

impl MarginaliaApp {
    /// Runs a command of the Suggestions menu; a command that acts on
    /// suggestions first waits for them to be brought up to date.
    pub(super) fn run_suggestion(&mut self, ctx: &Context, command: UiCommand) {
        use UiCommand as C;
        if command.acts_on_suggestions() && self.review.active {
            self.say("Suggestions rest in review mode: press Ctrl+R to leave it");
            return;
        }
        if command.acts_on_suggestions() && !self.settings.show_suggestions {
            self.settings.show_suggestions = true;
        }
        if command.acts_on_suggestions() {
            self.settle_suggestions(ctx);
        }
        match command {
            C::ToggleSuggestions => {
                self.settings.show_suggestions = !self.settings.show_suggestions;
                self.suggestions.current = None;
            }
            C::ToggleOnlyThisLabel => self.toggle_only_this_label(),
            C::ToggleLearnFromEveryone => {
                self.settings.learn_from_everyone = !self.settings.learn_from_everyone;
                self.refresh_suggestions(ctx);
                self.say(format!(
                    "The memory is {}",
                    learning_from(self.settings.learn_from_everyone)
                ));
            }
            C::WriteSuggestions => {
                let sources = self.session.project.human_annotators();
                self.suggestions_dialog.open_with(&sources);
            }
            C::NextSuggestion | C::PreviousSuggestion => {
                self.step_suggestion(ctx, command == C::NextSuggestion);
            }
            C::AcceptSuggestion => self.accept_suggestion(false),
            C::AcceptAllOfLabel => self.accept_suggestion(true),
            C::RejectSuggestion => self.reject_suggestion(),
            _ => {}
        }
    }

    /// Brings the memory and the open document's suggestions towards the
    /// project as it is, in the background: until they arrive, the
    /// previous ones are shown.
    pub(super) fn refresh_suggestions(&mut self, ctx: &Context) {
        self.bring_suggestions(ctx, false);
    }

    /// Brings the memory and the open document's suggestions up to the
    /// project as it is, waiting for the background work (before acting on
    /// a suggestion).
    pub(super) fn settle_suggestions(&mut self, ctx: &Context) {
        self.bring_suggestions(ctx, true);
    }

    /// [`Self::refresh_suggestions`], or with `wait`
    /// [`Self::settle_suggestions`].
    fn bring_suggestions(&mut self, ctx: &Context, wait: bool) {
        if !self.suggestions_shown() {
            return;
        }
        let sources = self.memory_sources();
        let session = &self.session;
        let focus = Focus {
            index: self.view.doc,
            target: &self.settings.annotator,
            sources: &sources,
        };
        let changed_at = |d: &_| session.document_generation(d);
        let (project, generation) = (&session.project, session.generation());
        if wait {
            self.suggestions
                .settle(ctx, project, generation, changed_at, focus);
        } else {
            self.suggestions
                .refresh(ctx, project, generation, changed_at, focus);
        }
    }

    /// Whose layers the live memory learns from: the annotator's own (and
    /// gold while reviewing), or every human annotator's when the setting
    /// says so.
    fn memory_sources(&self) -> Sources {
        if self.settings.learn_from_everyone {
            return Sources::EveryHuman;
        }
        let mut own = vec![self.settings.annotator.clone()];
        if self.review.active {
            own.push(GOLD.to_owned());
        }
        Sources::Only(own)
    }

    /// Makes pending suggestion `index` of the open document the current one.
    pub(super) fn select_suggestion(&mut self, index: usize) {
        if let Some(chosen) = self.suggestions.pending().get(index).cloned() {
            self.make_current(&chosen, false);
        }
    }

    /// The suggestion a decision applies to: the current one, else the one
    /// under the pointer.
    fn decided_suggestion(&self) -> Option<Suggestion> {
        self.suggestions
            .current()
            .or_else(|| {
                let only = self.view.suggestion_label.as_deref();
                self.view
                    .hover
                    .and_then(|pos| self.suggestions.at(pos, only))
            })
            .cloned()
    }

    /// Shows only the current suggestion's label's suggestions (else the
    /// selected span's label's, else the first suggestion's), or every
    /// label's again.
    fn toggle_only_this_label(&mut self) {
        if let Some(label) = self.view.suggestion_label.take() {
            self.say(format!(
                "Showing every label's suggestions again, not only {label}"
            ));
            return;
        }
        let label = self
            .suggestions
            .current()
            .map(|s| &s.span.label)
            .or_else(|| self.selected().map(|s| &s.label))
            .or_else(|| self.suggestions.pending().first().map(|s| &s.span.label))
            .cloned();
        match label {
            Some(label) => {
                let again = UiCommand::ToggleOnlyThisLabel
                    .shortcut()
                    .format(&egui::ModifierNames::NAMES, false);
                self.say(format!(
                    "Showing only {label} suggestions (F6 steps through them in this document; \
                     {again} shows every label)"
                ));
                self.view.suggestion_label = Some(label);
            }
            None => self.say("No suggestion or span to take a label from"),
        }
    }

    fn step_suggestion(&mut self, ctx: &Context, forward: bool) {
        let from = self.suggestions.current().map(Suggestion::key);
        let only = self.view.suggestion_label.clone();
        if let Some(suggestion) = self
            .suggestions
            .step(from, forward, only.as_deref())
            .cloned()
        {
            self.make_current(&suggestion, true);
            return;
        }
        if let Some(label) = only {
            // One label's suggestions are stepped through within the
            // document, round and round.
            if let Some(suggestion) = self.suggestions.step(None, forward, Some(&label)).cloned() {
                self.make_current(&suggestion, true);
            } else {
                self.suggestions.current = None;
                self.say(format!("No {label} suggestions left in this document"));
            }
            return;
        }
        // On to the nearest document (in that direction) with suggestions.
        let count = self.session.project.documents.len();
        let annotator = self.settings.annotator.clone();
        let project = &self.session.project;
        let next = (1..count)
            .map(|k| {
                if forward {
                    (self.view.doc + k) % count
                } else {
                    (self.view.doc + count - k) % count
                }
            })
            .find(|&i| {
                let changed = self.session.document_generation(&project.documents[i].id);
                self.suggestions.count(project, i, &annotator, changed) > 0
            });
        match next {
            Some(doc) => {
                self.select_document(doc);
                self.settle_suggestions(ctx);
                if let Some(suggestion) = self.suggestions.step(None, forward, None).cloned() {
                    self.make_current(&suggestion, true);
                }
            }
            None if self.suggestions.pending().is_empty() => {
                self.suggestions.current = None;
                self.say("No suggestions left in the project");
            }
            None => {
                if let Some(suggestion) = self.suggestions.step(None, forward, None).cloned() {
                    self.make_current(&suggestion, true);
                }
            }
        }
    }

    /// Makes `suggestion` the current one (in view when `scroll`) and says
    /// how to decide on it.
    fn make_current(&mut self, suggestion: &Suggestion, scroll: bool) {
        self.suggestions.set_current(Some(suggestion));
        self.view.selected_span = None;
        self.view.selection = None;
        if scroll {
            self.view.scroll_to = Some(suggestion.span.start);
        }
        let left = self.suggestions.pending().len();
        self.say(format!(
            "Suggestion: {} [{}, {}), {} · Enter accepts, Shift+Backspace rejects, F6 next · {left} here",
            suggestion.span.label,
            suggestion.span.start,
            suggestion.span.end,
            suggestion.origin.describe()
        ));
    }

    /// Accepts the decided suggestion, or every pending one of its label.
    fn accept_suggestion(&mut self, all_of_label: bool) {
        let Some(chosen) = self.decided_suggestion() else {
            self.say("No suggestion selected: press F6 to go to the next one");
            return;
        };
        self.accept(&chosen, all_of_label);
    }

    /// Accepts `chosen` as a `label` span (a label key pressed on it): with
    /// its attributes when the label is its own, else with those `label`
    /// declares.
    pub(super) fn accept_suggestion_as(&mut self, mut chosen: Suggestion, label: &str) {
        if chosen.span.label != label {
            let schema = &self.session.project.schema;
            chosen.span.attrs = schema.attrs_declared_by(label, &chosen.span.attrs);
            label.clone_into(&mut chosen.span.label);
        }
        self.accept(&chosen, false);
    }

    /// Accepts `chosen`, or every pending suggestion of its label.
    fn accept(&mut self, chosen: &Suggestion, all_of_label: bool) {
        let Some(doc) = self.document() else {
            return;
        };
        let pending = self.suggestions.pending();
        let accepted: Vec<&Suggestion> = if all_of_label {
            pending
                .iter()
                .filter(|s| s.span.label == chosen.span.label)
                .collect()
        } else {
            vec![chosen]
        };
        let count = accepted.len();
        let schema = &self.session.project.schema;
        let edit =
            crate::suggest::pending::accept(schema, doc, &self.settings.annotator, &accepted);
        if let Some(edit) = edit
            && self.edit(edit)
        {
            self.after_decision(chosen, all_of_label);
            let what = if all_of_label {
                format!(
                    "Accepted {count} {} suggestions (one undo step)",
                    chosen.span.label
                )
            } else {
                format!(
                    "Accepted {} [{}, {})",
                    chosen.span.label, chosen.span.start, chosen.span.end
                )
            };
            self.say(what);
        }
    }

    fn reject_suggestion(&mut self) {
        let (Some(chosen), Some(doc)) = (self.decided_suggestion(), self.document()) else {
            self.say("No suggestion selected: press F6 to go to the next one");
            return;
        };
        if let Some(edit) = crate::suggest::pending::reject(doc, &[&chosen])
            && self.edit(edit)
        {
            self.after_decision(&chosen, false);
            self.say(format!(
                "Rejected {} [{}, {}) for this document",
                chosen.span.label, chosen.span.start, chosen.span.end
            ));
        }
    }

    /// Moves on to the next pending suggestion of the document after a
    /// decision on `decided` (and, with `all_of_label`, on every one of its
    /// label). The list is brought up to date in the background, so the
    /// next one is taken from the list the decision was made on, past what
    /// was decided; should the fresh list no longer hold it, no suggestion
    /// is current.
    fn after_decision(&mut self, decided: &Suggestion, all_of_label: bool) {
        let only = self.view.suggestion_label.as_deref();
        let open = |s: &&Suggestion| {
            s.key() != decided.key()
                && !(all_of_label && s.span.label == decided.span.label)
                && is_of(s, only)
        };
        let pending = self.suggestions.pending();
        let next = (pending.iter().filter(open))
            .find(|s| s.key() > decided.key())
            .or_else(|| pending.iter().find(open))
            .cloned();
        match next {
            Some(next) => {
                self.suggestions.set_current(Some(&next));
                self.view.scroll_to = Some(next.span.start);
            }
            None => self.suggestions.current = None,
        }
    }

    /// Computes the suggestions of every document in the background and
    /// writes them into the requested layer as one undoable edit.
    pub(super) fn start_write_suggestions(
        &mut self,
        ctx: &Context,
        request: WriteSuggestionsRequest,
    ) {
        let project = self.session.snapshot();
        let label = format!("Writing suggestions into {}", request.into);
        self.run_job(ctx, &label, move |progress| {
            progress.set(0, 1);
            let found = suggestions(&project, &request.from);
            progress.set(1, 1);
            let written: usize = found.iter().map(|(_, spans)| spans.len()).sum();
            Box::new(move |app: &mut MarginaliaApp, _: &Context| {
                let edit = suggestion_edit(&app.session.project, &request.into, found);
                match edit {
                    Some(edit) => {
                        if app.edit(edit) {
                            app.say(format!(
                                "Wrote {written} suggestions into {} (one undo step)",
                                request.into
                            ));
                        }
                    }
                    None => app.say(format!("{} already holds these suggestions", request.into)),
                }
            }) as Finish
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::edit::Edit;
    use crate::model::{Document, Layer, Project, Schema, Span, SpanId, Status};

    /// "Putin" labelled once by alice, so its second occurrence (after an
    /// emoji and a combining mark) is suggested to her.
    const TEXT: &str = "Putin \u{1F44D}\u{1F3FD} met Zoe\u{308}; Putin left.";
    const SECOND: (usize, usize) = (19, 24);

    fn app(dir: &std::path::Path) -> MarginaliaApp {
        let mut project = Project::new(Schema::builtin());
        let mut doc = Document::new("a".into(), String::new(), BTreeMap::new(), TEXT.into());
        let first = Span::new(SpanId::numbered(1), 0, 5, "actor").with_attrs(&[("kind", "person")]);
        doc.layers.insert(
            "alice".into(),
            Layer::with_spans(Status::InProgress, vec![first]),
        );
        project.documents.push(doc);
        let path = dir.join("p.ron");
        crate::io::save_project(&project, &path).expect("saved");
        MarginaliaApp::with_project(&path, "alice")
    }

    fn frame(app: &mut MarginaliaApp, ctx: &Context) {
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| app.frame(ui));
        output.textures_delta.clear();
    }

    fn extents(app: &MarginaliaApp) -> Vec<(usize, usize)> {
        let pending = app.suggestions.pending().iter();
        pending.map(|s| (s.span.start, s.span.end)).collect()
    }

    #[test]
    fn accepting_a_suggestion_labelled_by_hand_meanwhile_adds_no_second_span() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ctx = Context::default();
        let mut app = app(dir.path());
        frame(&mut app, &ctx);
        app.settle(&ctx);
        assert_eq!(&TEXT[26..31], "Putin", "code points, not bytes");
        assert_eq!(extents(&app), [SECOND]);
        app.select_suggestion(0);
        let by_hand = Span::new(SpanId::numbered(2), SECOND.0, SECOND.1, "actor");
        assert!(app.edit(Edit::AddSpan {
            doc: "a".into(),
            annotator: "alice".into(),
            span: by_hand,
        }));
        app.refresh_suggestions(&ctx);
        assert!(app.suggestions.is_following());
        assert_eq!(extents(&app), [SECOND], "the previous list is still shown");
        assert!(app.suggestions.current().is_some());
        app.run_suggestion(&ctx, UiCommand::AcceptSuggestion);
        let spans = &app.session.project.documents[0].layers["alice"].spans;
        assert_eq!(
            spans.len(),
            2,
            "no second span over the one labelled by hand"
        );
        assert_eq!(extents(&app), []);
    }
}
