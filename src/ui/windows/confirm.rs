//! Modal questions that guard work: unsaved changes before closing or
//! opening another project, restoring an autosaved recovery file,
//! overwriting a project file that changed on disk, and marking a document
//! done while spans lack a required attribute.

use std::path::PathBuf;

use egui::{Context, Id, Modal};

use super::dialog_buttons::{DialogButton, dialog_buttons_ui};

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
    /// Marking a document done while spans of it lack a required
    /// attribute: go to the first of them, mark it done anyway, or cancel.
    IncompleteDone {
        /// How many spans lack a required attribute.
        spans: usize,
        /// The first of them, in text order.
        first: crate::model::SpanId,
        /// What the first one lacks, e.g. `actor “Trump” has no kind`.
        first_lacks: String,
    },
    /// An import uses labels the schema lacks: add them and import, or not.
    ExtendSchema {
        /// The labels to add.
        labels: Vec<String>,
        /// The span references to add for relation types, as `LABEL.NAME`.
        references: Vec<String>,
        /// The import, to run again with the labels added.
        request: crate::ui::requests::ImportRequest,
    },
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
    /// Do nothing (for the recovery question: decide later).
    Cancel,
}

/// Shows `question` as a modal; returns the answer once given. Enter takes
/// the first (default) button, Escape cancels.
pub fn question_modal(ctx: &Context, question: &Question) -> Option<Answer> {
    let mut answer = None;
    Modal::new(Id::unique("question")).show(ctx, |ui| {
        ui.set_width(440.0);
        let (title, body, buttons) = question_text(question);
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(body);
        ui.add_space(10.0);
        let buttons: Vec<DialogButton<'_, Answer>> = buttons
            .iter()
            .map(|&(text, value)| DialogButton { text, value })
            .collect();
        answer = dialog_buttons_ui(ui, &buttons, 0, Some(Answer::Cancel));
    });
    answer
}

/// Title, text and buttons (the default first) of each question.
fn question_text(question: &Question) -> (&'static str, String, &'static [(&'static str, Answer)]) {
    match question {
        Question::Unsaved(_) => (
            "Unsaved changes",
            "This project has changes that are not saved. Save them first?".to_owned(),
            &[
                ("Save", Answer::Yes),
                ("Discard changes", Answer::No),
                ("Cancel", Answer::Cancel),
            ],
        ),
        Question::Recovery(path) => (
            "Recover unsaved work?",
            format!(
                "Marginalia found autosaved changes to {} that were never saved (the app was closed or crashed). \
                 Restore them? \u{201C}Later\u{201D} keeps them, and pauses autosave until you save.",
                path.display()
            ),
            &[
                ("Restore", Answer::Yes),
                ("Discard them", Answer::No),
                ("Later", Answer::Cancel),
            ],
        ),
        Question::ExtendSchema {
            labels,
            references,
            request,
        } => (
            if labels.is_empty() {
                "Add span references to the schema?"
            } else {
                "Add labels to the schema?"
            },
            extend_schema_text(&request.path, labels, references),
            &[("Add and import", Answer::Yes), ("Cancel", Answer::Cancel)],
        ),
        Question::IncompleteDone {
            spans, first_lacks, ..
        } => (
            "Required attributes missing",
            format!(
                "{spans} {} of this document {} a required attribute (the first: {first_lacks}). \
                 A finished dataset should have none. Mark the document done anyway?",
                if *spans == 1 { "span" } else { "spans" },
                if *spans == 1 { "lacks" } else { "lack" },
            ),
            &[
                ("Go to the first", Answer::Yes),
                ("Mark done anyway", Answer::No),
                ("Cancel", Answer::Cancel),
            ],
        ),
        Question::ChangedOnDisk => (
            "File changed on disk",
            "Another program changed the project file since you opened it. Overwriting loses its changes."
                .to_owned(),
            &[
                ("Overwrite", Answer::Yes),
                ("Save as…", Answer::SaveAs),
                ("Cancel", Answer::Cancel),
            ],
        ),
    }
}

/// What the extend-schema question says: the labels and the span
/// references (for relation types) the import would add.
fn extend_schema_text(path: &std::path::Path, labels: &[String], references: &[String]) -> String {
    let mut parts = Vec::new();
    if !labels.is_empty() {
        parts.push(format!(
            "labels this project's schema lacks: {} (added as plain labels: no attributes, an automatic colour and key)",
            labels.join(", ")
        ));
    }
    if !references.is_empty() {
        parts.push(format!(
            "relation types the schema has no span reference for: {} (added as span references that hold several targets)",
            references.join(", ")
        ));
    }
    format!(
        "{} uses {}. Add them and import?",
        path.display(),
        parts.join("; and ")
    )
}
