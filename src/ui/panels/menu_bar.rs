//! The menu bar, built from the command table (with shortcuts shown), plus
//! recent projects in the File menu.

use std::path::PathBuf;

use egui::{Button, Ui};

use crate::ui::commands::{Action, Menu, UiCommand};
use crate::ui::links::LinksShown;

/// Toggle states shown as check marks in the View and Review menus, and
/// the way links are shown (*View → Links*).
#[allow(clippy::struct_excessive_bools)] // one flag per check-marked entry
pub struct Toggles {
    /// Dark theme on.
    pub dark: bool,
    /// Overlay on.
    pub overlay: bool,
    /// Label tags on.
    pub label_tags: bool,
    /// Suggestions shown.
    pub suggestions: bool,
    /// Only one label's suggestions are shown.
    pub only_this_label: bool,
    /// The live memory learns from every annotator.
    pub learn_from_everyone: bool,
    /// Review mode on.
    pub review: bool,
    /// Which links are drawn.
    pub links: LinksShown,
}

impl Toggles {
    fn get(&self, command: UiCommand) -> Option<bool> {
        match command {
            UiCommand::ToggleTheme => Some(self.dark),
            UiCommand::ToggleOverlay => Some(self.overlay),
            UiCommand::ToggleLabelTags => Some(self.label_tags),
            UiCommand::ToggleSuggestions => Some(self.suggestions),
            UiCommand::ToggleOnlyThisLabel => Some(self.only_this_label),
            UiCommand::ToggleLearnFromEveryone => Some(self.learn_from_everyone),
            UiCommand::ToggleReview => Some(self.review),
            _ => None,
        }
    }
}

/// A menu entry for `command`; returns whether it was clicked.
pub fn command_button(
    ui: &mut Ui,
    command: UiCommand,
    enabled: bool,
    checked: Option<bool>,
) -> bool {
    let shortcut = ui.ctx().format_shortcut(&command.shortcut());
    let name = match checked {
        Some(true) => format!("☑ {}", command.name()),
        Some(false) => format!("☐ {}", command.name()),
        None => command.name().to_owned(),
    };
    ui.add_enabled(enabled, Button::new(name).shortcut_text(shortcut))
        .clicked()
}

/// Draws the menu bar.
pub fn menu_bar_ui(
    ui: &mut Ui,
    toggles: &Toggles,
    recent: &[PathBuf],
    enabled: impl Fn(UiCommand) -> bool,
    actions: &mut Vec<Action>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.title(), |ui| {
                for command in UiCommand::ALL.into_iter().filter(|c| c.menu() == menu) {
                    if command == UiCommand::CycleLinks {
                        links_menu(ui, toggles.links, actions);
                        continue;
                    }
                    if command_button(ui, command, enabled(command), toggles.get(command)) {
                        actions.push(Action::Run(command));
                    }
                    if command == UiCommand::SaveAs && !recent.is_empty() {
                        ui.separator();
                        ui.menu_button("Recent projects", |ui| {
                            for path in recent {
                                if ui.button(path.display().to_string()).clicked() {
                                    actions.push(Action::OpenProject(path.clone()));
                                }
                            }
                        });
                        ui.separator();
                    }
                }
            });
        }
    });
}

/// *View → Links*: the four ways of showing links, the current one marked,
/// and the key that cycles through them.
fn links_menu(ui: &mut Ui, shown: LinksShown, actions: &mut Vec<Action>) {
    ui.menu_button("Links", |ui| {
        for mode in LinksShown::ALL {
            if ui.radio(mode == shown, mode.name()).clicked() {
                actions.push(Action::ShowLinks(mode));
                ui.close();
            }
        }
        ui.separator();
        if command_button(ui, UiCommand::CycleLinks, true, None) {
            actions.push(Action::Run(UiCommand::CycleLinks));
        }
    });
}
