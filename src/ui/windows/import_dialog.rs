//! File → Import annotations…: spans (and documents) from our JSONL, from
//! doccano's JSONL, or from a brat folder, into a chosen annotator's layer;
//! the window's `marginalia import`.

use egui::{ComboBox, Context, TextEdit};

use super::dialog_buttons::{form_buttons_ui, form_window, settle};
use crate::model::layer::is_valid_annotator;
use crate::ui::commands::Action;
use crate::ui::requests::{ImportFormat, ImportRequest};
use crate::ui::widgets::path_field::{PathField, PickKind};

/// Whose layer the import fills.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Each JSONL line's `annotator` field.
    AsInFile,
    /// This annotator.
    Named(String),
}

/// The dialog's state.
#[derive(Debug)]
pub struct ImportDialog {
    /// Whether it is shown.
    pub open: bool,
    format: ImportFormat,
    source: PathField,
    target: Target,
    message: Option<String>,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: ImportFormat::Jsonl,
            source: PathField::new(PickKind::OpenFile(&["jsonl"])),
            target: Target::Named(String::new()),
            message: None,
        }
    }
}

impl ImportDialog {
    /// Opens the dialog, proposing `annotator` as the layer to fill.
    pub fn open_for(&mut self, annotator: &str) {
        self.open = true;
        self.message = None;
        self.source.focus();
        if self.target == Target::Named(String::new()) {
            self.target = Target::Named(annotator.to_owned());
        }
    }

    /// Draws the dialog; Import pushes [`Action::Import`]. `annotators` are
    /// the project's layers, offered as targets.
    pub fn show(
        &mut self,
        ctx: &Context,
        annotators: &[String],
        me: &str,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        let mut answer = None;
        form_window("Import annotations", 100.0).show(ctx, |ui| {
            self.format_ui(ui, me);
            ui.add_space(6.0);
            let (what, hint) = match self.format {
                ImportFormat::Jsonl => ("JSONL file (ours or doccano's)", "path/to/spans.jsonl"),
                ImportFormat::Brat => ("brat folder (ID.txt and ID.ann files)", "path/to/brat/"),
            };
            ui.label(what);
            self.source.ui(ui, hint);
            ui.add_space(6.0);
            self.target_ui(ui, annotators, me);
            ui.weak(
                "Documents the project lacks are added; a layer the file has replaces that \
                     annotator's layer. One undo step.",
            );
            answer = form_buttons_ui(ui, self.message.as_deref(), "Import");
        });
        let request = (answer == Some(true)).then(|| self.request());
        if let Some(request) = settle(answer, request, &mut self.open, &mut self.message) {
            actions.push(Action::Import(request));
        }
    }

    fn format_ui(&mut self, ui: &mut egui::Ui, me: &str) {
        ui.horizontal(|ui| {
            ui.label("Format");
            let before = self.format;
            ui.radio_value(&mut self.format, ImportFormat::Jsonl, "JSONL / doccano");
            ui.radio_value(&mut self.format, ImportFormat::Brat, "brat folder");
            if self.format != before {
                let text = std::mem::take(&mut self.source.text);
                self.source = PathField::new(match self.format {
                    ImportFormat::Jsonl => PickKind::OpenFile(&["jsonl"]),
                    ImportFormat::Brat => PickKind::Folder,
                });
                self.source.text = text;
                if self.format == ImportFormat::Brat && self.target == Target::AsInFile {
                    self.target = Target::Named(me.to_owned());
                }
            }
        });
    }

    /// The layer's name (typed; Tab reaches it straight from the path),
    /// then a box to pick one of the project's layers or each line's own.
    fn target_ui(&mut self, ui: &mut egui::Ui, annotators: &[String], me: &str) {
        ui.horizontal(|ui| {
            let label = ui.label("Into the layer of");
            if let Target::Named(name) = &mut self.target {
                ui.add(
                    TextEdit::singleline(name)
                        .desired_width(140.0)
                        .hint_text("a new or existing name"),
                )
                .labelled_by(label.id);
            }
            let shown = match &self.target {
                Target::AsInFile => "each line's own annotator",
                Target::Named(_) => "or pick",
            };
            ComboBox::from_id_salt("import_target")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if self.format == ImportFormat::Jsonl {
                        ui.selectable_value(
                            &mut self.target,
                            Target::AsInFile,
                            "each line's own annotator",
                        );
                    }
                    let mut names: Vec<&String> = annotators.iter().collect();
                    let me = me.to_owned();
                    if !names.contains(&&me) {
                        names.push(&me);
                    }
                    for name in names {
                        ui.selectable_value(&mut self.target, Target::Named(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    /// The request, or what is missing or wrong.
    fn request(&self) -> Result<ImportRequest, String> {
        let path = self
            .source
            .path()
            .ok_or("name the file or folder to import")?;
        match self.format {
            ImportFormat::Jsonl if !path.is_file() => {
                return Err(format!("{} is not a file", path.display()));
            }
            ImportFormat::Brat if !path.is_dir() => {
                return Err(format!("{} is not a folder", path.display()));
            }
            _ => {}
        }
        let annotator = match &self.target {
            Target::AsInFile => None,
            Target::Named(name) if is_valid_annotator(name) => Some(name.clone()),
            Target::Named(_) => return Err("type an annotator name (no surrounding spaces)".into()),
        };
        Ok(ImportRequest {
            path,
            format: self.format,
            annotator,
            extend_schema: false,
        })
    }
}
