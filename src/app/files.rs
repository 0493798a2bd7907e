//! Opening and saving with the guards that keep work safe: unsaved-changes
//! questions, recovery of autosaved work, files changed on disk, files that
//! are not projects, and the one place a new session comes in.

use std::path::Path;

use egui::Context;

use super::MarginaliaApp;
use crate::session::{SaveError, Session, recovery_available};
use crate::ui::commands::UiCommand;
use crate::ui::doc_cache::DocCache;
use crate::ui::panels::span_table::RowOrderCache;
use crate::ui::requests::ImportRequest;
use crate::ui::review::state::ReviewState;
use crate::ui::state::ViewState;
use crate::ui::suggestions::state::SuggestionState;
use crate::ui::suggestions::write_dialog::WriteSuggestionsDialog;
use crate::ui::text_view::TextView;
use crate::ui::windows::confirm::{AfterUnsaved, Answer, Question};
use crate::ui::windows::file_dialog::Purpose;

impl MarginaliaApp {
    /// Opens `path` now, replacing the session (the caller has dealt with
    /// unsaved changes); offers to restore autosaved work. A file that
    /// does not open changes nothing: the open project stays, or without
    /// one the window says why none is open.
    pub(super) fn open_now(&mut self, path: &Path) {
        match Session::open(path) {
            Ok(session) => {
                self.install_session(session);
                self.settings.remember(path.to_owned());
                self.say(format!("Opened {}", path.display()));
                if recovery_available(path) {
                    self.question = Some(Question::Recovery(path.to_owned()));
                }
            }
            Err(err) if self.no_project.is_some() => {
                let text = format!("Not opened: {err}");
                self.complain(text.clone());
                self.no_project = Some(text);
            }
            Err(err) => {
                let open = self.session.path().and_then(Path::file_name).map_or_else(
                    || "the open project".to_owned(),
                    |name| name.to_string_lossy().into_owned(),
                );
                self.complain(format!("Not opened: {err} ({open} stays open)"));
            }
        }
    }

    /// Switches to `session`: the one place a project comes in (opening,
    /// restoring autosaved work), so everything that belongs to the old one
    /// is dropped here: the view (document, selection, find), the caches,
    /// the live memory and pending suggestions, review mode and the
    /// dashboard's figures, questions and windows about the old project. A
    /// background job started for it is dropped when it finishes (see
    /// `jobs`), and every generation-keyed cache is stale by construction
    /// (no two sessions share a generation).
    fn install_session(&mut self, session: Session) {
        self.session = session;
        self.no_project = None;
        self.view = ViewState::default();
        self.cache = DocCache::default();
        self.text_view = TextView::default();
        self.span_rows = RowOrderCache::default();
        self.review = ReviewState::default();
        self.dashboard.invalidate();
        self.suggestions = SuggestionState::default();
        self.suggestions_dialog = WriteSuggestionsDialog::default();
        self.merge_conflicts = None;
        self.question = None;
    }

    /// Whether `command` needs a project and none is open; then says so.
    pub(super) fn refused_without_project(&mut self, command: UiCommand) -> bool {
        use UiCommand as C;
        let needs_project = matches!(
            command,
            C::Save
                | C::SaveAs
                | C::MergeCopy
                | C::ImportAnnotations
                | C::Export
                | C::WriteSuggestions
        );
        if needs_project && self.no_project.is_some() {
            self.say("No project is open: open one (Ctrl+O) or create one from documents (Ctrl+N)");
        }
        needs_project && self.no_project.is_some()
    }

    /// Saves to the project file (asking first when it changed on disk).
    pub(super) fn save(&mut self) {
        match self.session.save() {
            Ok(()) => self.saved(),
            Err(SaveError::ChangedOnDisk(_)) => self.question = Some(Question::ChangedOnDisk),
            Err(SaveError::NoPath) => self.file_dialog.open(Purpose::SaveAs, String::new()),
            Err(SaveError::File(err)) => self.complain(format!("not saved: {err}")),
        }
    }

    pub(super) fn save_as(&mut self, path: &Path) {
        match self.session.save_as(path) {
            Ok(()) => self.saved(),
            Err(err) => self.complain(format!("not saved: {err}")),
        }
    }

    fn saved(&mut self) {
        if let Some(path) = self.session.path().map(Path::to_owned) {
            self.say(format!("Saved {}", path.display()));
            self.settings.remember(path);
        }
    }

    /// Shows the Open or Save As dialog, starting from the project's path.
    pub(super) fn open_file_dialog(&mut self, purpose: Purpose) {
        let current = self
            .session
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.file_dialog.open(purpose, current);
    }

    /// Stops the window from closing while there are unsaved changes.
    pub(super) fn guard_close(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.session.is_dirty()
            && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.question = Some(Question::Unsaved(AfterUnsaved::Quit));
        }
    }

    /// Acts on the answer to a modal question.
    pub(super) fn answer(&mut self, ctx: &Context, question: &Question, answer: Answer) {
        match (question, answer) {
            (Question::Unsaved(then), Answer::Yes) => {
                self.save();
                if !self.session.is_dirty() {
                    self.continue_after_unsaved(ctx, then);
                }
            }
            (Question::Unsaved(then), Answer::No) => {
                self.session.discard_recovery();
                self.continue_after_unsaved(ctx, then);
            }
            (Question::Recovery(path), Answer::Yes) => match Session::restore(path) {
                Ok(session) => {
                    self.install_session(session);
                    self.say("Restored the autosaved changes; save to keep them");
                }
                Err(err) => self.complain(format!("cannot restore: {err}")),
            },
            (Question::Recovery(_), Answer::Cancel) => {
                self.session.keep_recovery_for_later();
                self.say("Kept the autosaved changes for later; autosave is paused until you save");
            }
            (Question::Recovery(_), _) => {
                self.session.discard_recovery();
                self.say("Discarded the autosaved changes");
            }
            (Question::ChangedOnDisk, Answer::Yes) => match self.session.save_overwriting() {
                Ok(()) => self.saved(),
                Err(err) => self.complain(format!("not saved: {err}")),
            },
            (Question::ChangedOnDisk, Answer::SaveAs) => self.open_file_dialog(Purpose::SaveAs),
            (Question::ExtendSchema { request, .. }, Answer::Yes) => {
                let request = ImportRequest {
                    extend_schema: true,
                    ..request.clone()
                };
                self.start_import(ctx, request);
            }
            (Question::IncompleteDone { first, .. }, Answer::Yes) => {
                self.select_span(Some(first.clone()), true);
                self.say("Set the missing attribute in the inspector, then mark the document done");
            }
            (Question::IncompleteDone { .. }, Answer::No) => {
                self.set_status_now(crate::model::Status::Done);
            }
            (_, Answer::Cancel | Answer::SaveAs | Answer::No) => {}
        }
    }

    fn continue_after_unsaved(&mut self, ctx: &Context, then: &AfterUnsaved) {
        match then {
            AfterUnsaved::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AfterUnsaved::Open(path) => self.open_now(path),
        }
    }
}
