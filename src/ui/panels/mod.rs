//! The fixed parts of the window, one file each.

pub mod doc_list;
pub mod find_bar;
pub mod inspector;
pub mod menu_bar;
pub mod no_project;
pub mod span_table;
pub mod status_bar;
pub mod toolbar;

use egui::{Ui, UiBuilder};

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
