//! Modal questions that guard work: unsaved changes before closing or
//! opening another project, restoring an autosaved recovery file, and
//! overwriting a project file that changed on disk.

use std::path::PathBuf;

use egui::{Context, Id, Modal, RichText};

/// What to do once unsaved changes are dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterUnsaved {
    /// Close the window.
    Quit,
    /// Open this project.
    Open(PathBuf),
}

/// A question waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Unsaved changes: save, discard or cancel, then continue.
    Unsaved(AfterUnsaved),
    /// A recovery file exists for the opened project: restore or discard.
    Recovery(PathBuf),
    /// The project file changed on disk: overwrite, save elsewhere, or cancel.
    ChangedOnDisk,
}

/// The user's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Save (or restore, or overwrite), then continue.
    Yes,
    /// Discard the changes (or the recovery file), then continue.
    No,
    /// Save elsewhere (changed-on-disk only).
    SaveAs,
    /// Do nothing.
    Cancel,
}

/// Shows `question` as a modal; returns the answer once given.
pub fn question_modal(ctx: &Context, question: &Question) -> Option<Answer> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("question")).show(ctx, |ui| {
        ui.set_width(420.0);
        let (title, body, buttons): (&str, String, &[(&str, Answer)]) = match question {
            Question::Unsaved(_) => (
                "Unsaved changes",
                "This project has changes that are not saved. Save them first?".to_owned(),
                &[("Save", Answer::Yes), ("Discard changes", Answer::No), ("Cancel", Answer::Cancel)],
            ),
            Question::Recovery(path) => (
                "Recover unsaved work?",
                format!(
                    "Marginalia found autosaved changes to {} that were never saved (the app was closed or crashed). Restore them?",
                    path.display()
                ),
                &[("Restore", Answer::Yes), ("Discard them", Answer::No)],
            ),
            Question::ChangedOnDisk => (
                "File changed on disk",
                "Another program changed the project file since you opened it. Overwriting loses its changes.".to_owned(),
                &[("Overwrite", Answer::Yes), ("Save as…", Answer::SaveAs), ("Cancel", Answer::Cancel)],
            ),
        };
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(body);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            for (text, value) in buttons {
                if ui.button(RichText::new(*text).strong()).clicked() {
                    answer = Some(*value);
                }
            }
        });
    });
    if modal.should_close() && answer.is_none() && !matches!(question, Question::Recovery(_)) {
        answer = Some(Answer::Cancel);
    }
    answer
}
