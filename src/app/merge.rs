//! *File → Merge another copy…*: the copy (and the base, for a three-way
//! merge) load on a background thread; the merge is then one undoable edit,
//! and conflicts are listed in a window, changing nothing.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::Context;

use super::MarginaliaApp;
use crate::edit::Edit;
use crate::edit::merge_copy::merge_copy_edit;
use crate::io::load_project;
use crate::model::Project;
use crate::ui::windows::dialog_buttons::{DialogButton, dialog_buttons_ui};

/// The other copy and the base, as loaded, or why not.
type Loaded = Result<(Project, Option<Project>), String>;

/// A merge waiting for its files to load.
pub(super) struct MergeJob {
    path: PathBuf,
    receiver: Receiver<Loaded>,
}

impl MarginaliaApp {
    /// Starts loading `path` (and `base`) to merge them into the project.
    pub(super) fn start_merge(&mut self, ctx: &Context, path: PathBuf, base: Option<PathBuf>) {
        let (sender, receiver) = channel();
        let (copy, repaint) = (path.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("merge-load".into())
            .spawn(move || {
                let load = |p: &PathBuf| load_project(p).map_err(|e| e.to_string());
                let loaded = load(&copy).and_then(|other| {
                    let base = base.as_ref().map(load).transpose()?;
                    Ok((other, base))
                });
                let _ = sender.send(loaded);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.say(format!("Loading {} to merge…", path.display()));
                self.merge_job = Some(MergeJob { path, receiver });
            }
            Err(err) => self.complain(format!("cannot start the merge: {err}")),
        }
    }

    /// Whether a merge is loading its files.
    pub fn is_merging(&self) -> bool {
        self.merge_job.is_some()
    }

    /// Merges once the files have loaded.
    pub(super) fn poll_merge(&mut self) {
        let Some(job) = &self.merge_job else { return };
        let loaded = match job.receiver.try_recv() {
            Ok(loaded) => loaded,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("the loading thread stopped".into()),
        };
        let path = job.path.display().to_string();
        self.merge_job = None;
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
