//! Open and Save As: a path field that always works, a Browse… button that
//! asks the system file dialog on a background thread (the UI never
//! freezes), and the recent projects.

use std::path::PathBuf;

use egui::Context;

use super::dialog_buttons::{form_buttons_ui, form_window};
use crate::ui::widgets::path_field::{PathField, PickKind};

use crate::io::folder::{INDEX, is_folder_project, project_root};
use crate::ui::commands::Action;

/// What the dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open a project.
    Open,
    /// Save the project to a new file.
    SaveAs,
    /// Merge another copy of the project into the open one.
    Merge,
}

/// The dialog's state.
#[derive(Debug)]
pub struct FileDialog {
    /// Shown with this purpose, or hidden.
    pub purpose: Option<Purpose>,
    /// The project file.
    path: PathField,
    /// For a merge: the version both copies started from (empty: none).
    base: PathField,
    message: Option<String>,
}

impl Default for FileDialog {
    fn default() -> Self {
        Self {
            purpose: None,
            path: PathField::new(PickKind::OpenFile(&["ron"])),
            base: PathField::new(PickKind::OpenFile(&["ron"])),
            message: None,
        }
    }
}

impl FileDialog {
    /// Shows the dialog for `purpose`, starting from `path` (selected, so
    /// that typing replaces it) with the keyboard in the path field.
    pub fn open(&mut self, purpose: Purpose, path: String) {
        let kind = match purpose {
            Purpose::SaveAs => PickKind::SaveFile("ron"),
            Purpose::Open | Purpose::Merge => PickKind::OpenFile(&["ron"]),
        };
        self.purpose = Some(purpose);
        self.path = PathField::new(kind);
        self.path.text = path;
        self.path.focus();
        self.base = PathField::new(PickKind::OpenFile(&["ron"]));
        self.message = None;
    }

    /// Draws the dialog and pushes the chosen action.
    pub fn show(&mut self, ctx: &Context, recent: &[PathBuf], actions: &mut Vec<Action>) {
        let Some(purpose) = self.purpose else { return };
        let title = match purpose {
            Purpose::Open => "Open project",
            Purpose::SaveAs => "Save project as",
            Purpose::Merge => "Merge another copy",
        };
        let mut keep_open = true;
        let mut chosen = None;
        form_window(title, 120.0).show(ctx, |ui| {
            ui.label(match purpose {
                Purpose::Merge => "Another copy of this project (.ron), e.g. an annotator's",
                Purpose::Open => {
                    "Project file (.ron), or a folder project (NAME.marginalia; Browse\u{2026} \
                     picks its project.ron)"
                }
                Purpose::SaveAs => {
                    "Project file (.ron), or a folder project: a name ending in .marginalia \
                     (one file per document and layer, for git)"
                }
            });
            self.path.ui(ui, "path/to/project.ron");
            if purpose == Purpose::Merge {
                ui.add_space(4.0);
                ui.label("Optional: the version both copies started from (for a three-way merge)");
                self.base
                    .ui(ui, "path/to/base.ron (empty: unite the layers)");
                ui.weak(
                    "Without it, layers are united and a layer that differs between the \
                         copies is a conflict. With it, the side that changed a layer since then \
                         wins.",
                );
            }
            if let Some(message) = &self.message {
                ui.colored_label(ui.visuals().warn_fg_color, message);
            }
            if purpose == Purpose::Open && !recent.is_empty() {
                ui.separator();
                ui.label("Recent");
                for path in recent {
                    if ui.link(path.display().to_string()).clicked() {
                        chosen = Some(path.clone());
                    }
                }
            }
            let verb = match purpose {
                Purpose::Open => "Open",
                Purpose::SaveAs => "Save",
                Purpose::Merge => "Merge",
            };
            match form_buttons_ui(ui, None, verb) {
                Some(true) => chosen = Some(self.path.path().unwrap_or_default()),
                Some(false) => keep_open = false,
                None => {}
            }
        });
        if let Some(path) = chosen.map(|path| project_root(&path)) {
            let base = self.base.path().map(|base| project_root(&base));
            let checked = check_choice(purpose, &path).and_then(|()| match &base {
                Some(base) => check_choice(Purpose::Open, base),
                None => Ok(()),
            });
            match checked {
                Ok(()) => {
                    actions.push(match purpose {
                        Purpose::Open => Action::OpenProject(path),
                        Purpose::SaveAs => Action::SaveAs(path),
                        Purpose::Merge => Action::MergeCopy { path, base },
                    });
                    keep_open = false;
                }
                Err(message) => self.message = Some(message),
            }
        }
        if !keep_open {
            self.purpose = None;
        }
    }
}

fn check_choice(purpose: Purpose, path: &std::path::Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("type a path first".into());
    }
    if path.is_dir() && !is_folder_project(path) {
        return Err(format!(
            "{} is a folder, not a folder project; name a .ron file or NAME.marginalia",
            path.display()
        ));
    }
    if purpose != Purpose::SaveAs && is_folder_project(path) {
        return if path.join(INDEX).is_file() {
            Ok(())
        } else {
            Err(format!(
                "{} is not a folder project: it has no project.ron",
                path.display()
            ))
        };
    }
    if purpose != Purpose::SaveAs && !path.is_file() {
        return Err(format!("{} does not exist", path.display()));
    }
    Ok(())
}
