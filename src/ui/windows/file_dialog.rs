//! Open and Save As: a path field that always works, a Browse… button that
//! asks the system file dialog on a background thread (the UI never
//! freezes), and the recent projects.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Context, TextEdit, Window};

use super::dialog_buttons::{DialogButton, dialog_buttons_ui};

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
#[derive(Debug, Default)]
pub struct FileDialog {
    /// Shown with this purpose, or hidden.
    pub purpose: Option<Purpose>,
    /// The path being typed.
    pub path: String,
    /// For a merge: the version both copies started from (empty: none).
    pub base: String,
    browsing: Option<Receiver<Option<PathBuf>>>,
    message: Option<String>,
}

impl FileDialog {
    /// Shows the dialog for `purpose`, starting from `path`.
    pub fn open(&mut self, purpose: Purpose, path: String) {
        self.purpose = Some(purpose);
        self.path = path;
        self.base.clear();
        self.message = None;
    }

    /// Draws the dialog and pushes the chosen action.
    pub fn show(&mut self, ctx: &Context, recent: &[PathBuf], actions: &mut Vec<Action>) {
        let Some(purpose) = self.purpose else { return };
        self.poll_browse();
        let title = match purpose {
            Purpose::Open => "Open project",
            Purpose::SaveAs => "Save project as",
            Purpose::Merge => "Merge another copy",
        };
        let mut keep_open = true;
        let mut chosen = None;
        Window::new(title)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(if purpose == Purpose::Merge {
                    "Another copy of this project (.ron), e.g. an annotator's"
                } else {
                    "Project file (.ron)"
                });
                ui.horizontal(|ui| {
                    ui.add(
                        TextEdit::singleline(&mut self.path)
                            .desired_width(360.0)
                            .hint_text("path/to/project.ron"),
                    );
                    let browse =
                        ui.add_enabled(self.browsing.is_none(), egui::Button::new("Browse…"));
                    if browse.clicked() {
                        self.browse(ctx, purpose);
                    }
                });
                if purpose == Purpose::Merge {
                    base_field_ui(ui, &mut self.base);
                }
                if self.browsing.is_some() {
                    ui.weak("waiting for the system file dialog… (you can also type the path)");
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
                ui.separator();
                let verb = match purpose {
                    Purpose::Open => "Open",
                    Purpose::SaveAs => "Save",
                    Purpose::Merge => "Merge",
                };
                let buttons = [
                    DialogButton {
                        text: verb,
                        value: true,
                    },
                    DialogButton {
                        text: "Cancel",
                        value: false,
                    },
                ];
                match dialog_buttons_ui(ui, &buttons, 0, Some(false)) {
                    Some(true) => chosen = Some(PathBuf::from(self.path.trim())),
                    Some(false) => keep_open = false,
                    None => {}
                }
            });
        if let Some(path) = chosen {
            let base = Some(PathBuf::from(self.base.trim())).filter(|b| !b.as_os_str().is_empty());
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

    fn browse(&mut self, ctx: &Context, purpose: Purpose) {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let picked = std::panic::catch_unwind(|| {
                    pollster::block_on(async {
                        let dialog =
                            rfd::AsyncFileDialog::new().add_filter("Marginalia project", &["ron"]);
                        let handle = match purpose {
                            Purpose::Open | Purpose::Merge => dialog.pick_file().await,
                            Purpose::SaveAs => dialog.save_file().await,
                        };
                        handle.map(|h| h.path().to_owned())
                    })
                })
                .ok()
                .flatten();
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.browsing = Some(receiver),
            Err(_) => self.message = Some("no system file dialog; type the path".into()),
        }
    }

    fn poll_browse(&mut self) {
        let Some(receiver) = &self.browsing else {
            return;
        };
        match receiver.try_recv() {
            Ok(Some(path)) => {
                self.path = path.display().to_string();
                self.browsing = None;
            }
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.message =
                    Some("no file chosen (or no system file dialog here); type the path".into());
                self.browsing = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
    }
}

/// The optional base of a three-way merge.
fn base_field_ui(ui: &mut egui::Ui, base: &mut String) {
    ui.add_space(4.0);
    ui.label("Optional: the version both copies started from (for a three-way merge)");
    ui.add(
        TextEdit::singleline(base)
            .desired_width(360.0)
            .hint_text("path/to/base.ron (empty: unite the layers)"),
    );
    ui.weak(
        "Without it, layers are united and a layer that differs between the copies is a conflict. \
         With it, the side that changed a layer since then wins.",
    );
}

fn check_choice(purpose: Purpose, path: &std::path::Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("type a path first".into());
    }
    if path.is_dir() {
        return Err(format!("{} is a folder; name a .ron file", path.display()));
    }
    if purpose != Purpose::SaveAs && !path.is_file() {
        return Err(format!("{} does not exist", path.display()));
    }
    Ok(())
}
