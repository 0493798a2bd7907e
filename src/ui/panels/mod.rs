//! The fixed parts of the window, one file each.

pub mod doc_list;
pub mod find_bar;
pub mod inspector;
pub mod menu_bar;
pub mod no_project;
pub mod span_table;
pub mod status_bar;
pub mod target_picker;
pub mod toolbar;

use egui::{Panel, Ui, UiBuilder};

/// How wide a side panel opens and the least it can be dragged to: every
/// piece of its content stays readable (wrapped or elided, never cut) down
/// to `min`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SideWidth {
    /// The width it opens at, before the user drags it.
    pub default: f32,
    /// The narrowest it can be dragged to.
    pub min: f32,
}

impl SideWidth {
    /// `panel` with these widths.
    pub fn apply(self, panel: Panel) -> Panel {
        panel.default_size(self.default).min_size(self.min)
    }
}

/// The left panel: the document list.
pub const DOCUMENTS_WIDTH: SideWidth = SideWidth {
    default: 250.0,
    min: 180.0,
};

/// The least height of the inspector above the span table (it scrolls
/// when its content needs more): the whole suggestion card, buttons and
/// all, fits in it at the inspector's default width.
pub const INSPECTOR_MIN_HEIGHT: f32 = 320.0;

/// The right panel: the inspector (or the review panel) and the span table.
pub const INSPECTOR_WIDTH: SideWidth = SideWidth {
    default: 340.0,
    min: 280.0,
};

/// Draws `add_contents` into all the room `ui` has left, clipped to it,
/// and takes exactly that room: a side panel keeps the width it was given
/// (or that the user dragged it to, which egui remembers) whatever its
/// content, so the text beside it never re-wraps or jumps and no gap opens
/// between the panels. Content too wide for the room wraps or is cut.
pub fn keep_width<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let room = ui.available_rect_before_wrap();
    let mut content = ui.new_child(UiBuilder::new().id_salt("kept_width").max_rect(room));
    content.shrink_clip_rect(room);
    let inner = add_contents(&mut content);
    ui.advance_cursor_after_rect(room);
    inner
}
