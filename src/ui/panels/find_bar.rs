//! The find bar above the text: typing highlights matches; Enter selects
//! the next match as the current selection (so a label key right after
//! creates a span on it) and hands the keyboard back to the text.

use egui::{Id, Key, TextEdit, Ui};

use crate::ui::commands::{Action, UiCommand};
use crate::ui::state::FindState;

/// Id of the search field (tests and focus handling use it).
pub fn find_field_id() -> Id {
    Id::unique("find_field")
}

/// Draws the bar.
pub fn find_bar_ui(ui: &mut Ui, find: &mut FindState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Find");
        let mut query = find.query.clone();
        let response = ui.add(
            TextEdit::singleline(&mut query)
                .id(find_field_id())
                .hint_text("text in this document")
                .desired_width(260.0),
        );
        if find.focus_field {
            // Reopening the bar selects the old query, so typing replaces it.
            response.request_focus();
            if let Some(mut state) = egui::text_edit::TextEditState::load(ui.ctx(), find_field_id())
            {
                let all = egui::text_selection::CCursorRange::select_all_str(&query);
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), find_field_id());
            }
            find.focus_field = false;
        }
        if response.changed() {
            actions.push(Action::FindQuery(query));
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            actions.push(Action::Run(UiCommand::FindNext));
        }
        let count = find.matches.len();
        match find.current {
            Some(i) => ui.label(format!("{} of {count}", i + 1)),
            None if find.query.is_empty() => ui.weak("type to search"),
            None => ui.label(format!("{count} matches")),
        };
        if ui
            .button("⏶")
            .on_hover_text("Previous match (Shift+F3)")
            .clicked()
        {
            actions.push(Action::Run(UiCommand::FindPrevious));
        }
        if ui
            .button("⏷")
            .on_hover_text("Next match (Enter, F3)")
            .clicked()
        {
            actions.push(Action::Run(UiCommand::FindNext));
        }
        if ui.button("✖").on_hover_text("Close (Esc)").clicked() {
            actions.push(Action::Run(UiCommand::Escape));
        }
    });
}
