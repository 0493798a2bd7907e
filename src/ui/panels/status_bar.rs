//! Bottom bar: annotator, document, cursor offset in code points, counts,
//! saved state and the latest notice.

use egui::{Color32, RichText, Ui};

use crate::ui::state::ViewState;
use crate::ui::words::counted;

/// What the status bar shows.
pub struct StatusInfo<'a> {
    /// Current annotator.
    pub annotator: &'a str,
    /// Document id.
    pub doc_id: &'a str,
    /// Position of the document in the project, and the number of documents.
    pub doc_position: (usize, usize),
    /// Spans in the current layer.
    pub layer_spans: usize,
    /// Spans in all layers of the document.
    pub doc_spans: usize,
    /// Unsaved changes.
    pub dirty: bool,
    /// Whether the project has a file.
    pub has_file: bool,
    /// Latest message, and whether it is an error.
    pub notice: Option<(&'a str, bool)>,
    /// A background job: what it does and how far it got (when known).
    pub job: Option<(&'a str, Option<f32>)>,
    /// Autosave is paused to keep an older recovery file.
    pub autosave_paused: bool,
    /// The document's suggestions, when they are shown.
    pub suggestions: Option<SuggestionStatus<'a>>,
}

/// What the status bar says about suggestions.
pub struct SuggestionStatus<'a> {
    /// Pending suggestions in the document.
    pub pending: usize,
    /// What the memory learns from.
    pub learning: &'a str,
    /// The only label whose suggestions are shown, if one is.
    pub only: Option<&'a str>,
}

/// Draws the bar.
pub fn status_bar_ui(ui: &mut Ui, info: &StatusInfo<'_>, state: &ViewState) {
    ui.horizontal(|ui| {
        ui.label(format!("👤 {}", info.annotator));
        ui.separator();
        ui.label(format!(
            "📄 {} ({}/{})",
            info.doc_id, info.doc_position.0, info.doc_position.1
        ));
        ui.separator();
        let position = match (state.selection, state.hover) {
            (Some((s, e)), _) => format!("selection {s}–{e} ({} chars)", e - s),
            (None, Some(p)) => format!("offset {p}"),
            (None, None) => "offset —".to_owned(),
        };
        ui.label(position);
        ui.separator();
        ui.label(format!(
            "{} mine · {} in document",
            counted(info.layer_spans, "span"),
            info.doc_spans
        ));
        if let Some(status) = &info.suggestions {
            ui.separator();
            ui.label(format!("💡 {} suggestions", status.pending)).on_hover_text(
                "Pending suggestions in this document: F6 next, Enter accept, Shift+Backspace reject",
            );
            if let Some(label) = status.only {
                ui.weak(format!("only {label} shown"));
            }
            ui.weak(status.learning).on_hover_text(
                "What the string memory learns from: Suggestions → Learn from every annotator",
            );
        }
        ui.separator();
        if info.dirty {
            ui.label(RichText::new("⚠ unsaved changes").color(Color32::from_rgb(0xe0, 0x8a, 0x00)));
        } else if info.has_file {
            ui.label("✔ saved");
        } else {
            ui.label("not saved yet");
        }
        if info.autosave_paused {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, "autosave paused")
                .on_hover_text(
                    "An older recovery file is kept; autosave resumes after the next save",
                );
        }
        if let Some((label, fraction)) = info.job {
            ui.separator();
            ui.spinner();
            if let Some(f) = fraction {
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(120.0)
                        .show_percentage(),
                );
            }
            ui.add(egui::Label::new(label).wrap());
            return;
        }
        if let Some((text, is_error)) = info.notice {
            ui.separator();
            // A long message wraps in the room left, never off the window.
            let text = if is_error {
                RichText::new(text).color(ui.visuals().error_fg_color)
            } else {
                RichText::new(text).weak()
            };
            ui.add(egui::Label::new(text).wrap());
        }
    });
}
