//! UI state: what is persisted between runs ([`Settings`]) and what lives
//! only while the window is open ([`ViewState`]).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::panels::span_table::SortOrder;
use super::theme::DEFAULT_FONT_SIZE;
use crate::model::{SpanId, Status, TargetLabels};
use crate::ui::links::{LinkPreview, LinksShown};

/// Preferences kept between runs (eframe storage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[allow(clippy::struct_excessive_bools)] // one flag per View menu toggle
pub struct Settings {
    /// The annotator name used for new spans.
    pub annotator: String,
    /// Dark theme.
    pub dark: bool,
    /// Text size of the document view.
    pub font_size: f32,
    /// Other annotators' layers drawn under the text.
    pub show_overlay: bool,
    /// Label tags drawn above span starts.
    pub label_tags: bool,
    /// Pending suggestions drawn in the text.
    pub show_suggestions: bool,
    /// The live memory learns from every human annotator's layer, not only
    /// from the annotator's own (off by default, so that annotators stay
    /// independent for agreement studies).
    pub learn_from_everyone: bool,
    /// Seconds between autosaves to the recovery file.
    pub autosave_seconds: u64,
    /// Recently opened projects, most recent first.
    pub recent: Vec<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            annotator: default_annotator(),
            dark: false,
            font_size: DEFAULT_FONT_SIZE,
            show_overlay: true,
            label_tags: true,
            show_suggestions: true,
            learn_from_everyone: false,
            autosave_seconds: 30,
            recent: Vec::new(),
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent list (at most ten entries).
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }
}

/// The operating system's user name, else `annotator`.
pub fn default_annotator() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "annotator".to_owned())
}

/// Which documents the document list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// All documents.
    #[default]
    All,
    /// Only documents whose current layer has this status (no layer = new).
    Only(Status),
}

/// The find bar's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The search text.
    pub query: String,
    /// Matches in the current document, as code-point ranges.
    pub matches: Vec<(usize, usize)>,
    /// The current match.
    pub current: Option<usize>,
    /// Give the search field the keyboard on the next frame.
    pub focus_field: bool,
}

/// A span-reference attribute waiting for the user to click its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickTarget {
    /// The span whose attribute is being set.
    pub span: SpanId,
    /// The attribute.
    pub attribute: String,
    /// The labels the target may have.
    pub label: TargetLabels,
}

/// Runtime state of the annotation view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    /// Index of the open document.
    pub doc: usize,
    /// Text selection in code points.
    pub selection: Option<(usize, usize)>,
    /// Selected span of the current layer.
    pub selected_span: Option<SpanId>,
    /// Code point under the pointer.
    pub hover: Option<usize>,
    /// Scroll the text view to this code point on the next frame.
    pub scroll_to: Option<usize>,
    /// Find bar.
    pub find: FindState,
    /// Document list filter text.
    pub doc_filter: String,
    /// Document list status filter.
    pub status_filter: StatusFilter,
    /// Pick-by-clicking mode of the inspector.
    pub picking: Option<PickTarget>,
    /// Sort order of the span table.
    pub span_sort: SortOrder,
    /// Only this label's suggestions are shown and stepped through (all
    /// without one).
    pub suggestion_label: Option<String>,
    /// The attribute of the selected span whose list of values opens in
    /// the inspector next frame (F4: choosing by keyboard).
    pub open_list: Option<String>,
    /// Which links the text view draws.
    pub links_shown: LinksShown,
    /// A link drawn before it is made (keyboard linking, a drag).
    pub link_preview: Option<LinkPreview>,
}
