//! Keyboard focus in dialogs: a dialog that keeps the keyboard to itself,
//! and a field that takes it with its text selected.

use egui::text::CCursorRange;
use egui::{Response, TextEdit, Ui, WidgetText};

/// Keeps the keyboard in the window `ui` draws in: its layer becomes the
/// modal one, so Tab and Shift+Tab cycle through its fields only (never
/// into the window behind, whose keys rest meanwhile) and a focused button
/// or box keeps the keyboard. Called every frame the dialog is shown.
pub fn hold_keyboard(ui: &Ui) {
    let layer = ui.layer_id();
    ui.memory_mut(|m| m.set_modal_layer(layer));
}

/// Gives the text field of `response` (holding `text`) the keyboard with
/// all its text selected, so that typing replaces a proposed value.
pub fn focus_selecting_all(ui: &Ui, response: &Response, text: &str) {
    response.request_focus();
    let mut state = TextEdit::load_state(ui.ctx(), response.id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(CCursorRange::select_all_str(text)));
    TextEdit::store_state(ui.ctx(), response.id, state);
}

/// One value of an open list (a combo box's popup), `selected` when it is
/// the current one; returns whether it was chosen. The current value takes
/// the keyboard when nothing has it, so the arrow keys move through the
/// list from there, and Enter or Space chooses one and closes the list, as
/// a click does.
pub fn list_choice(ui: &mut Ui, selected: bool, text: impl Into<WidgetText>) -> bool {
    list_choice_taking_keyboard(ui, selected, false, text)
}

/// [`list_choice`] that also takes the keyboard when `take_keyboard` (the
/// first value left after the list was filtered, so that Enter chooses
/// the top match).
pub fn list_choice_taking_keyboard(
    ui: &mut Ui,
    selected: bool,
    take_keyboard: bool,
    text: impl Into<WidgetText>,
) -> bool {
    let choice = ui.selectable_label(selected, text);
    if take_keyboard || (selected && ui.memory(|m| m.focused().is_none())) {
        choice.request_focus();
    }
    if choice.clicked() {
        ui.close();
    }
    choice.clicked()
}
