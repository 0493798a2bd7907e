//! File → New project from documents…: `.txt` files, folders of them, or
//! `.jsonl` files, a schema (the built-in one or a file) and where to save
//! the new project; the window's `marginalia new`.

use egui::Context;

use super::dialog_buttons::{form_buttons_ui, form_window, settle};
use crate::io::folder::{EXTENSION, is_folder_project};
use crate::ui::commands::Action;
use crate::ui::requests::NewProjectRequest;
use crate::ui::widgets::path_field::{PathField, PickKind};

/// The dialog's state.
#[derive(Debug)]
pub struct NewProjectDialog {
    /// Whether it is shown.
    pub open: bool,
    docs: PathField,
    builtin_schema: bool,
    schema: PathField,
    target: PathField,
    /// Make a folder project (`NAME.marginalia`).
    folder: bool,
    message: Option<String>,
}

impl Default for NewProjectDialog {
    fn default() -> Self {
        Self {
            open: false,
            docs: PathField::new(PickKind::Many(&["txt", "jsonl"])),
            builtin_schema: true,
            schema: PathField::new(PickKind::OpenFile(&["ron"])),
            target: PathField::new(PickKind::SaveFile("ron")),
            folder: false,
            message: None,
        }
    }
}

impl NewProjectDialog {
    /// Opens the dialog with the keyboard in the documents field.
    pub fn open(&mut self) {
        self.open = true;
        self.message = None;
        self.docs.focus();
    }

    /// Draws the dialog; Create pushes [`Action::NewProject`].
    pub fn show(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut answer = None;
        form_window("New project from documents", 100.0).show(ctx, |ui| {
            ui.label(
                "Documents: .txt files, folders of them, or .jsonl files (one per line; \
                 Shift+Enter starts the next)",
            );
            self.docs.ui(ui, "articles/\nmore/story.txt\nbatch.jsonl");
            // Where to save comes next, so that Tab reaches it at once; the
            // schema (the built-in one unless chosen) comes last.
            ui.add_space(6.0);
            ui.label("Save the new project as");
            self.target.ui(ui, "path/to/project.ron");
            ui.checkbox(
                &mut self.folder,
                "Folder project (NAME.marginalia: one file per document and layer, \
                 for teams sharing it through git)",
            );
            ui.add_space(6.0);
            ui.label("Schema");
            ui.radio_value(
                &mut self.builtin_schema,
                true,
                "Built-in: actors, dates, claims, stances",
            );
            ui.radio_value(&mut self.builtin_schema, false, "From a schema file (.ron)");
            if !self.builtin_schema {
                self.schema.ui(ui, "path/to/schema.ron");
            }
            answer = form_buttons_ui(ui, self.message.as_deref(), "Create");
        });
        let request = (answer == Some(true)).then(|| self.request());
        if let Some(request) = settle(answer, request, &mut self.open, &mut self.message) {
            actions.push(Action::NewProject(request));
        }
    }

    /// The request, or what is missing or wrong.
    fn request(&self) -> Result<NewProjectRequest, String> {
        let docs = self.docs.paths();
        if docs.is_empty() {
            return Err("name at least one document, folder or .jsonl file".into());
        }
        if let Some(missing) = docs.iter().find(|p| !p.exists()) {
            return Err(format!("{} does not exist", missing.display()));
        }
        let schema = if self.builtin_schema {
            None
        } else {
            Some(
                self.schema
                    .path()
                    .filter(|p| p.is_file())
                    .ok_or("name an existing schema file")?,
            )
        };
        let mut path = self
            .target
            .path()
            .ok_or("name the project file to create")?;
        if self.folder && !is_folder_project(&path) {
            path.set_extension(EXTENSION);
        }
        if path.exists() {
            return Err(format!(
                "{} exists already; choose a new file",
                path.display()
            ));
        }
        Ok(NewProjectRequest { docs, schema, path })
    }
}
