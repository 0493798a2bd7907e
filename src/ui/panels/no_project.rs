//! What the text area shows while no project is open (the one named on
//! the command line did not load): why, and the ways to open one.

use std::path::PathBuf;

use egui::{Button, RichText, Ui};

use crate::ui::commands::{Action, UiCommand};

/// Draws the reason no project is open, the *Open* and *New project*
/// commands and the recent projects.
pub fn no_project_ui(ui: &mut Ui, reason: &str, recent: &[PathBuf], actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.heading("No project is open");
        ui.add_space(8.0);
        ui.set_max_width(640.0);
        ui.label(RichText::new(reason).color(ui.visuals().error_fg_color));
        ui.add_space(12.0);
        for command in [UiCommand::Open, UiCommand::NewProject] {
            let shortcut = ui.ctx().format_shortcut(&command.shortcut());
            if ui
                .add(Button::new(command.name()).shortcut_text(shortcut))
                .clicked()
            {
                actions.push(Action::Run(command));
            }
        }
        if !recent.is_empty() {
            ui.add_space(12.0);
            ui.weak("Recent projects");
            for path in recent {
                if ui.link(path.display().to_string()).clicked() {
                    actions.push(Action::OpenProject(path.clone()));
                }
            }
        }
    });
}
