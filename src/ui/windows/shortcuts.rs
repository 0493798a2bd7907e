//! Help → Shortcuts: the command table, the schema's label keys and the
//! mouse gestures, in one window.

use egui::{Context, Grid, RichText, Window};

use crate::model::Schema;
use crate::ui::commands::{Menu, UiCommand};
use crate::ui::linking::LinkKey;
use crate::ui::theme;

/// Mouse gestures of the text view, for the table.
const MOUSE: [(&str, &str); 8] = [
    ("Drag", "select text, snapped to whole words"),
    ("Alt + drag", "select exact characters"),
    (
        "Ctrl + drag",
        "from a claim or stance to an actor: link them (a suggested actor is accepted)",
    ),
    (
        "Drag the handle",
        "the dot after the selected claim or stance: link it, as Ctrl + drag does",
    ),
    ("Double-click", "select a word"),
    ("Click a span", "select it (innermost when nested)"),
    ("Hover a span", "show label, attributes and offsets"),
    (
        "Label key / button",
        "label the selection, or relabel the selected span",
    ),
];

/// Draws the window while `open`.
pub fn shortcuts_window(ctx: &Context, open: &mut bool, schema: &Schema) {
    Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(true)
        .default_width(460.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                Grid::new("shortcut_table")
                    .striped(true)
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label(RichText::new("Labels").strong());
                        ui.end_row();
                        for label in &schema.labels {
                            ui.monospace(label.key.to_string());
                            ui.colored_label(theme::label_color(label), &label.name);
                            ui.end_row();
                        }
                        for menu in Menu::ALL {
                            ui.label(RichText::new(menu.title()).strong());
                            ui.end_row();
                            for command in UiCommand::ALL.into_iter().filter(|c| c.menu() == menu) {
                                let keys = ctx.format_shortcut(&command.shortcut());
                                let alternative = command
                                    .alternative_shortcut()
                                    .map(|s| format!(" or {}", ctx.format_shortcut(&s)));
                                ui.monospace(format!("{keys}{}", alternative.unwrap_or_default()));
                                ui.label(command.name());
                                ui.end_row();
                            }
                        }
                        ui.label(RichText::new("While linking by keyboard").strong());
                        ui.end_row();
                        for key in LinkKey::ALL {
                            let keys: Vec<String> =
                                key.shortcuts().map(|s| ctx.format_shortcut(&s)).collect();
                            ui.monospace(keys.join(" or "));
                            ui.label(key.name());
                            ui.end_row();
                        }
                        ui.label(RichText::new("Mouse").strong());
                        ui.end_row();
                        for (gesture, meaning) in MOUSE {
                            ui.monospace(gesture);
                            ui.label(meaning);
                            ui.end_row();
                        }
                    });
            });
        });
}
