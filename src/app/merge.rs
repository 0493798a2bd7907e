//! *File → Merge another copy…*: the copy (and the base, for a three-way
//! merge) load in a background job; the merge is then one undoable edit,
//! and conflicts are listed in a window, changing nothing.

use std::path::PathBuf;

use egui::Context;

use super::MarginaliaApp;
use crate::edit::Edit;
use crate::edit::merge_copy::merge_copy_edit;
use crate::io::load_project;
use crate::model::Project;
use crate::ui::windows::dialog_buttons::{DialogButton, dialog_buttons_ui};

impl MarginaliaApp {
    /// Loads `path` (and `base`) in the background, then merges them into
    /// the project.
    pub(super) fn start_merge(&mut self, ctx: &Context, path: PathBuf, base: Option<PathBuf>) {
        let label = format!("Loading {} to merge", path.display());
        self.run_job(ctx, &label, move |progress| {
            let load = |p: &PathBuf| load_project(p).map_err(|e| e.to_string());
            progress.set(0, 1 + usize::from(base.is_some()));
            let loaded = load(&path).and_then(|other| {
                progress.set(1, 1 + usize::from(base.is_some()));
                Ok((other, base.as_ref().map(load).transpose()?))
            });
            Box::new(move |app: &mut MarginaliaApp, _: &Context| app.finish_merge(&path, loaded))
        });
    }

    /// Merges the loaded copy as one undoable edit, or lists why not.
    fn finish_merge(
        &mut self,
        path: &std::path::Path,
        loaded: Result<(Project, Option<Project>), String>,
    ) {
        let path = path.display().to_string();
        let merged = loaded.and_then(|(other, base)| {
            merge_copy_edit(&self.session.project, &other, base.as_ref()).map_err(|e| e.to_string())
        });
        match merged {
            Ok(Some(edit)) => {
                let summary = merge_summary(&edit);
                if self.edit(edit) {
                    self.say(format!("Merged {path}: {summary} (one undo step)"));
                }
            }
            Ok(None) => self.say(format!("{path} brings nothing new")),
            Err(err) => {
                self.complain(format!("Not merged: {path} conflicts with this project"));
                self.merge_conflicts = Some((path, err));
            }
        }
    }

    /// The window listing why a merge was refused.
    pub(super) fn merge_conflicts_ui(&mut self, ctx: &Context) {
        let Some((path, message)) = &self.merge_conflicts else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Merge refused")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("{path} was not merged; nothing changed:"));
                for line in message.lines() {
                    ui.colored_label(ui.visuals().warn_fg_color, line);
                }
                ui.weak(
                    "Name the version both copies started from as the base, or make the layer \
                     the same in both copies first.",
                );
                let close_button = [DialogButton {
                    text: "Close",
                    value: (),
                }];
                close = dialog_buttons_ui(ui, &close_button, 0, Some(())).is_some();
            });
        if !open || close {
            self.merge_conflicts = None;
        }
    }
}

/// `2 layers changed, 1 document added`.
fn merge_summary(edit: &Edit) -> String {
    let Edit::Batch(edits) = edit else {
        return "1 change".into();
    };
    let count = |f: fn(&Edit) -> bool| edits.iter().filter(|e| f(e)).count();
    let layers = count(|e| matches!(e, Edit::SetLayer { .. }));
    let added = count(|e| matches!(e, Edit::AddDocument { .. }));
    let removed = count(|e| matches!(e, Edit::RemoveDocument { .. }));
    let mut parts = vec![format!("{layers} layers changed")];
    if added > 0 {
        parts.push(format!("{added} documents added"));
    }
    if removed > 0 {
        parts.push(format!("{removed} documents removed"));
    }
    parts.join(", ")
}
