//! The toolbar: file and history buttons, one button per label (colour and
//! key shown), find and document status.

use egui::{Button, RichText, Ui};

use crate::model::{Schema, Status};
use crate::ui::commands::{Action, UiCommand};
use crate::ui::theme;

/// What the toolbar needs to know.
pub struct ToolbarState {
    /// Undo possible.
    pub can_undo: bool,
    /// Redo possible.
    pub can_redo: bool,
    /// A selection or a span is selected, so labels apply.
    pub can_label: bool,
    /// Status of the current annotator's layer.
    pub status: Status,
}

/// Draws the toolbar.
pub fn toolbar_ui(ui: &mut Ui, schema: &Schema, state: &ToolbarState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let mut tool = |ui: &mut Ui, text: &str, command: UiCommand, enabled: bool| {
            if tool_button(ui, text, command, enabled) {
                actions.push(Action::Run(command));
            }
        };
        tool(ui, "📂 Open", UiCommand::Open, true);
        tool(ui, "💾 Save", UiCommand::Save, true);
        tool(ui, "⟲ Undo", UiCommand::Undo, state.can_undo);
        tool(ui, "⟳ Redo", UiCommand::Redo, state.can_redo);
        ui.separator();
        let mut labels = Vec::new();
        for label in &schema.labels {
            let fill = theme::label_color(label);
            let text =
                RichText::new(format!("{}  {}", label.key, label.name)).color(theme::text_on(fill));
            let button = Button::new(text).fill(fill);
            let tip = format!("Label the selection as {} (key {})", label.name, label.key);
            if ui
                .add_enabled(state.can_label, button)
                .on_hover_text(tip)
                .clicked()
            {
                labels.push(Action::ApplyLabel(label.name.clone()));
            }
        }
        ui.separator();
        tool(ui, "🔍 Find", UiCommand::Find, true);
        tool(
            ui,
            "🏷 Label all",
            UiCommand::LabelAllOccurrences,
            state.can_label,
        );
        ui.separator();
        if state.status == Status::Done {
            tool(ui, "✏ Reopen", UiCommand::MarkInProgress, true);
        } else {
            tool(ui, "✔ Mark done", UiCommand::MarkDone, true);
        }
        actions.extend(labels);
    });
}

/// A toolbar button for `command` with its shortcut in the tooltip;
/// returns whether it was clicked.
fn tool_button(ui: &mut Ui, text: &str, command: UiCommand, enabled: bool) -> bool {
    let tip = format!(
        "{} ({})",
        command.name(),
        ui.ctx().format_shortcut(&command.shortcut())
    );
    ui.add_enabled(enabled, Button::new(text))
        .on_hover_text(tip)
        .clicked()
}
