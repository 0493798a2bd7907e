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

/// The least room the latest notice is given beside the counts; with less,
/// it goes on a row of its own below them.
const NOTICE_MIN_WIDTH: f32 = 360.0;

/// Rows a notice may take before it is cut with "…" (the whole of it on
/// hover): the bar never grows over the text.
const NOTICE_MAX_ROWS: usize = 2;

/// Draws the bar.
pub fn status_bar_ui(ui: &mut Ui, info: &StatusInfo<'_>, state: &ViewState) {
    let beside = ui.horizontal(|ui| {
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
            return true;
        }
        if let Some(notice) = info.notice
            && ui.available_width() >= NOTICE_MIN_WIDTH
        {
            ui.separator();
            notice_ui(ui, notice);
            return true;
        }
        false
    });
    if let Some(notice) = info.notice
        && info.job.is_none()
        && !beside.inner
    {
        notice_ui(ui, notice);
    }
}

/// The latest notice, wrapped in the room given, in at most
/// [`NOTICE_MAX_ROWS`] rows (the rest cut with "…" and shown on hover).
fn notice_ui(ui: &mut Ui, (text, is_error): (&str, bool)) {
    let color = if is_error {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().weak_text_color()
    };
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        egui::TextStyle::Body.resolve(ui.style()),
        color,
        ui.available_width(),
    );
    job.wrap.max_rows = NOTICE_MAX_ROWS;
    let shown = ui.add(egui::Label::new(job).wrap());
    if shown.hovered() {
        shown.on_hover_text(text);
    }
}
