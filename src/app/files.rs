//! Opening and saving with the guards that keep work safe: unsaved-changes
//! questions, recovery of autosaved work, and files changed on disk.

use std::path::Path;

use egui::Context;

use super::MarginaliaApp;
use crate::session::{SaveError, Session, recovery_available};
use crate::ui::doc_cache::DocCache;
use crate::ui::panels::span_table::RowOrderCache;
use crate::ui::state::ViewState;
use crate::ui::text_view::TextView;
use crate::ui::windows::confirm::{AfterUnsaved, Answer, Question};
use crate::ui::windows::file_dialog::Purpose;
use crate::ui::windows::import_dialog::ImportRequest;

impl MarginaliaApp {
    /// Opens `path` now, replacing the session (the caller has dealt with
    /// unsaved changes); offers to restore autosaved work.
    pub(super) fn open_now(&mut self, path: &Path) {
        match Session::open(path) {
            Ok(session) => {
                self.replace_session(session);
                self.settings.remember(path.to_owned());
                self.say(format!("Opened {}", path.display()));
                if recovery_available(path) {
                    self.question = Some(Question::Recovery(path.to_owned()));
                }
            }
            Err(err) => self.complain(format!("cannot open: {err}")),
        }
    }

    /// Switches to `session`, dropping everything derived from the old one
    /// (another project may reuse document ids and edit generations).
    fn replace_session(&mut self, session: Session) {
        self.session = session;
        self.view = ViewState::default();
        self.cache = DocCache::default();
        self.text_view = TextView::default();
        self.span_rows = RowOrderCache::default();
        self.review.reset();
        self.dashboard.invalidate();
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
                    self.replace_session(session);
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
