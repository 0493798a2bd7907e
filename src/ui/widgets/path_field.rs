//! A path typed in a field, with a Browse… button that asks the system
//! file dialog on a background thread (the window never freezes, and the
//! typed path works where no dialog service exists). Tab goes from field to
//! field: Browse… is for the mouse, the keyboard types the path.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Button, Key, KeyboardShortcut, Modifiers, Sense, TextEdit, Ui};

use super::focus::focus_selecting_all;

/// What Browse… asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    /// An existing file with one of these extensions.
    OpenFile(&'static [&'static str]),
    /// A file to write, with this extension.
    SaveFile(&'static str),
    /// A folder.
    Folder,
    /// Several files or folders, one per line (Browse… adds files).
    Many(&'static [&'static str]),
}

/// A path field and its Browse… button.
#[derive(Debug)]
pub struct PathField {
    /// The typed path (for [`PickKind::Many`], one path per line).
    pub text: String,
    kind: PickKind,
    browsing: Option<Receiver<Vec<PathBuf>>>,
    message: Option<String>,
    focus: bool,
}

impl PathField {
    /// An empty field for `kind`.
    pub fn new(kind: PickKind) -> Self {
        Self {
            text: String::new(),
            kind,
            browsing: None,
            message: None,
            focus: false,
        }
    }

    /// Gives the field the keyboard on its next frame (a dialog opening),
    /// with its text selected, so that typing replaces a proposed path.
    pub fn focus(&mut self) {
        self.focus = true;
    }

    /// Draws the field and its button; `hint` shows while it is empty.
    pub fn ui(&mut self, ui: &mut Ui, hint: &str) {
        self.poll();
        ui.horizontal(|ui| {
            let field = if matches!(self.kind, PickKind::Many(_)) {
                // Enter answers the dialog, as in every other field.
                TextEdit::multiline(&mut self.text)
                    .desired_rows(3)
                    .return_key(KeyboardShortcut::new(Modifiers::SHIFT, Key::Enter))
            } else {
                TextEdit::singleline(&mut self.text)
            };
            let response = ui.add(field.desired_width(360.0).hint_text(hint));
            if std::mem::take(&mut self.focus) {
                focus_selecting_all(ui, &response, &self.text);
            }
            let browse = ui.add_enabled(
                self.browsing.is_none(),
                Button::new("Browse…").sense(Sense::CLICK),
            );
            if browse.clicked() {
                self.browse(ui.ctx());
            }
        });
        if self.browsing.is_some() {
            ui.weak("waiting for the system file dialog… (you can also type the path)");
        }
        if let Some(message) = &self.message {
            ui.colored_label(ui.visuals().warn_fg_color, message);
        }
    }

    /// The typed path, if any.
    pub fn path(&self) -> Option<PathBuf> {
        let text = self.text.trim();
        (!text.is_empty()).then(|| PathBuf::from(text))
    }

    /// The typed paths, one per non-empty line.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect()
    }

    fn browse(&mut self, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let (ctx, kind) = (ctx.clone(), self.kind);
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let picked =
                    std::panic::catch_unwind(|| pollster::block_on(pick(kind))).unwrap_or_default();
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.message = None;
                self.browsing = Some(receiver);
            }
            Err(_) => self.message = Some("no system file dialog; type the path".into()),
        }
    }

    fn poll(&mut self) {
        let Some(receiver) = &self.browsing else {
            return;
        };
        match receiver.try_recv() {
            Ok(paths) if !paths.is_empty() => {
                let lines: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                if matches!(self.kind, PickKind::Many(_)) && !self.text.trim().is_empty() {
                    self.text = format!("{}\n{}", self.text.trim_end(), lines.join("\n"));
                } else {
                    self.text = lines.join("\n");
                }
                self.browsing = None;
            }
            Ok(_) | Err(TryRecvError::Disconnected) => {
                self.message =
                    Some("nothing chosen (or no system file dialog here); type the path".into());
                self.browsing = None;
            }
            Err(TryRecvError::Empty) => {}
        }
    }
}

/// Asks the system file dialog.
async fn pick(kind: PickKind) -> Vec<PathBuf> {
    let dialog = rfd::AsyncFileDialog::new();
    let one = |h: Option<rfd::FileHandle>| h.map(|h| h.path().to_owned()).into_iter().collect();
    match kind {
        PickKind::OpenFile(extensions) => {
            one(dialog.add_filter("file", extensions).pick_file().await)
        }
        PickKind::SaveFile(extension) => {
            one(dialog.add_filter("file", &[extension]).save_file().await)
        }
        PickKind::Folder => one(dialog.pick_folder().await),
        PickKind::Many(extensions) => dialog
            .add_filter("documents", extensions)
            .pick_files()
            .await
            .unwrap_or_default()
            .iter()
            .map(|h| h.path().to_owned())
            .collect(),
    }
}
