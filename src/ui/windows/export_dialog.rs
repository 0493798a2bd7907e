//! File → Export…: every option of `marginalia export` (format, layer,
//! labels, status, split and seed, output) in one dialog.

use egui::{ComboBox, Context, DragValue, TextEdit};

use super::dialog_buttons::{form_buttons_ui, form_window, settle};
use crate::io::export::{ExportOptions, Format, LayerChoice, parse_split, part_sizes};
use crate::model::{GOLD, Project, Schema};
use crate::ui::commands::Action;
use crate::ui::requests::ExportRequest;
use crate::ui::widgets::path_field::{PathField, PickKind};

/// The dialog's state.
#[derive(Debug)]
pub struct ExportDialog {
    /// Whether it is shown.
    pub open: bool,
    format: Format,
    layer: String,
    /// The layer the user picked here (proposed again while it exists).
    picked_layer: Option<String>,
    labels: Vec<(String, bool)>,
    only_done: bool,
    split: bool,
    split_spec: String,
    seed: u64,
    out: PathField,
    message: Option<String>,
    /// What the chosen options would write, for the options it was made for.
    preview: Option<(ExportOptions, Preview)>,
}

/// How many documents the export would write into each part, shown before
/// it runs; an empty part is a warning (its file would hold nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Preview {
    /// `12 documents` or `train 9 · dev 2 · test 1 documents`.
    sizes: String,
    /// The parts that would get no document.
    empty: Vec<String>,
}

impl Preview {
    fn new(project: &Project, options: &ExportOptions) -> Result<Self, String> {
        let sizes = part_sizes(project, options).map_err(|e| e.to_string())?;
        let list: Vec<String> = sizes
            .iter()
            .map(|(name, n)| match name {
                Some(name) => format!("{name} {n}"),
                None => n.to_string(),
            })
            .collect();
        Ok(Self {
            sizes: format!("{} documents", list.join(" · ")),
            empty: sizes
                .into_iter()
                .filter(|(_, n)| *n == 0)
                .filter_map(|(name, _)| name)
                .collect(),
        })
    }

    /// The warning about empty parts, if any.
    fn warning(&self) -> Option<String> {
        match self.empty.as_slice() {
            [] => None,
            [one] => Some(format!(
                "{one} would get no document: its file would be empty (export more documents, or give it a larger share)"
            )),
            several => Some(format!(
                "{} would get no document: their files would be empty (export more documents, or give them a larger share)",
                several.join(" and ")
            )),
        }
    }
}

/// The layer choice that stands for every layer.
const ALL_LAYERS: &str = "(all layers)";

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Spacy,
            layer: GOLD.to_owned(),
            picked_layer: None,
            labels: Vec::new(),
            only_done: false,
            split: true,
            split_spec: "train=0.8,dev=0.1,test=0.1".to_owned(),
            seed: 0,
            out: PathField::new(PickKind::Folder),
            message: None,
            preview: None,
        }
    }
}

impl ExportDialog {
    /// Opens the dialog for a project with `schema` and `annotators`,
    /// proposing a layer that exists: the one picked here before if it is
    /// still there, else `me`'s, else gold, else the first.
    pub fn open_for(&mut self, schema: &Schema, annotators: &[String], me: &str) {
        self.open = true;
        self.message = None;
        self.preview = None;
        let names: Vec<&String> = schema.labels.iter().map(|l| &l.name).collect();
        if self.labels.iter().map(|(n, _)| n).ne(names.iter().copied()) {
            self.labels = names.into_iter().map(|n| (n.clone(), true)).collect();
        }
        self.picked_layer = self
            .picked_layer
            .take()
            .filter(|picked| annotators.contains(picked) || picked == ALL_LAYERS);
        self.layer = match &self.picked_layer {
            Some(picked) => picked.clone(),
            None => proposed_layer(annotators, me),
        };
        self.refresh_out_kind();
        self.out.focus();
    }

    /// Draws the dialog for `project` (whose layers are `annotators`);
    /// Export pushes [`Action::Export`].
    pub fn show(
        &mut self,
        ctx: &Context,
        project: &Project,
        annotators: &[String],
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        let preview = self.preview(project);
        let mut answer = None;
        form_window("Export a dataset", 80.0).show(ctx, |ui| {
            // The one field to fill comes first (it has the keyboard).
            ui.label(if self.writes_folder() {
                "Into the folder"
            } else {
                "Into the file"
            });
            let hint = if self.writes_folder() {
                "path/to/corpus/"
            } else {
                "path/to/dataset"
            };
            self.out.ui(ui, hint);
            ui.add_space(6.0);
            egui::Grid::new("export_grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    self.format_ui(ui);
                    ui.end_row();
                    self.layer_ui(ui, annotators);
                    ui.end_row();
                    self.labels_ui(ui);
                    ui.end_row();
                    ui.label("Documents");
                    ui.checkbox(&mut self.only_done, "only those whose layer is marked done");
                    ui.end_row();
                    self.split_ui(ui);
                    ui.end_row();
                    ui.label("Writes");
                    match &preview {
                        Ok(preview) => ui.label(&preview.sizes),
                        Err(reason) => ui.colored_label(ui.visuals().warn_fg_color, reason),
                    };
                    ui.end_row();
                });
            if let Some(warning) = preview.as_ref().ok().and_then(Preview::warning) {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!("⚠ {warning}"))
                            .color(ui.visuals().warn_fg_color),
                    )
                    .wrap(),
                );
            }
            answer = form_buttons_ui(ui, self.message.as_deref(), "Export");
        });
        let request = (answer == Some(true)).then(|| self.request());
        if let Some(request) = settle(answer, request, &mut self.open, &mut self.message) {
            actions.push(Action::Export(Box::new(request)));
        }
    }

    /// The preview of the current options, made again when they change.
    fn preview(&mut self, project: &Project) -> Result<Preview, String> {
        let options = self.options()?;
        match &self.preview {
            Some((made_for, preview)) if *made_for == options => Ok(preview.clone()),
            _ => {
                let preview = Preview::new(project, &options)?;
                self.preview = Some((options, preview.clone()));
                Ok(preview)
            }
        }
    }

    fn writes_folder(&self) -> bool {
        self.split || self.format.writes_folder()
    }

    /// Browse… asks for a folder or a file, whichever the export writes.
    fn refresh_out_kind(&mut self) {
        let kind = match self.format.extension() {
            Some(extension) if !self.split => PickKind::SaveFile(extension),
            _ => PickKind::Folder,
        };
        let text = std::mem::take(&mut self.out.text);
        self.out = PathField::new(kind);
        self.out.text = text;
    }

    fn format_ui(&mut self, ui: &mut egui::Ui) {
        let label = ui.label("Format");
        let before = self.format;
        ComboBox::from_id_salt("export_format")
            .selected_text(format_title(self.format))
            .width(320.0)
            .show_ui(ui, |ui| {
                for format in Format::ALL {
                    ui.selectable_value(&mut self.format, format, format_title(format));
                }
            })
            .response
            .labelled_by(label.id);
        if self.format != before {
            self.refresh_out_kind();
        }
    }

    fn layer_ui(&mut self, ui: &mut egui::Ui, annotators: &[String]) {
        let label = ui.label("Layer");
        let before = self.layer.clone();
        ComboBox::from_id_salt("export_layer")
            .selected_text(self.layer.as_str())
            .show_ui(ui, |ui| {
                for name in annotators {
                    ui.selectable_value(&mut self.layer, name.clone(), name);
                }
                ui.selectable_value(&mut self.layer, ALL_LAYERS.to_owned(), ALL_LAYERS);
            })
            .response
            .labelled_by(label.id);
        if self.layer != before {
            self.picked_layer = Some(self.layer.clone());
        }
    }

    fn labels_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Labels");
        ui.horizontal_wrapped(|ui| {
            for (name, keep) in &mut self.labels {
                ui.checkbox(keep, name.as_str());
            }
        });
    }

    fn split_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Split");
        ui.horizontal(|ui| {
            if ui.checkbox(&mut self.split, "into parts").changed() {
                self.refresh_out_kind();
            }
            ui.add_enabled(
                self.split,
                TextEdit::singleline(&mut self.split_spec).desired_width(200.0),
            );
            ui.add_enabled(self.split, egui::Label::new("seed"));
            ui.add_enabled(self.split, DragValue::new(&mut self.seed));
        });
    }

    /// The request, or what is missing or wrong.
    fn request(&self) -> Result<ExportRequest, String> {
        let out = self.out.path().ok_or("name where to write the export")?;
        Ok(ExportRequest {
            options: self.options()?,
            out,
        })
    }

    /// The chosen options, or what is wrong with them.
    fn options(&self) -> Result<ExportOptions, String> {
        let layers = match self.layer.as_str() {
            ALL_LAYERS => LayerChoice::All,
            GOLD => LayerChoice::Gold,
            name => LayerChoice::Annotator(name.to_owned()),
        };
        let kept: Vec<String> = self
            .labels
            .iter()
            .filter(|(_, keep)| *keep)
            .map(|(name, _)| name.clone())
            .collect();
        if kept.is_empty() {
            return Err("keep at least one label".into());
        }
        let labels = (kept.len() < self.labels.len()).then_some(kept);
        let split = if self.split {
            Some(parse_split(&self.split_spec).map_err(|e| format!("split: {e}"))?)
        } else {
            None
        };
        Ok(ExportOptions {
            format: self.format,
            layers,
            labels,
            only_done: self.only_done,
            split,
            seed: self.seed,
        })
    }
}

/// The layer proposed for export: `me`'s when it exists, else gold, else
/// the first; every layer when the project has none.
fn proposed_layer(annotators: &[String], me: &str) -> String {
    [me, GOLD]
        .into_iter()
        .find(|name| annotators.iter().any(|a| a == name))
        .or_else(|| annotators.first().map(String::as_str))
        .unwrap_or(ALL_LAYERS)
        .to_owned()
}

/// A format's name and what it is for.
fn format_title(format: Format) -> &'static str {
    match format {
        Format::Jsonl => "JSONL (Marginalia, re-importable)",
        Format::Doccano => "doccano relation JSONL (entities and relations)",
        Format::Prodigy => "Prodigy JSONL (with tokens and relations)",
        Format::Spacy => "spaCy DocBin (.spacy, for spacy train)",
        Format::Conll => "CoNLL IOB2",
        Format::Hf => "Hugging Face token classification JSONL",
        Format::Brat => "brat standoff folder",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|&n| n.to_owned()).collect()
    }

    #[test]
    fn export_proposes_the_annotators_layer_then_gold_then_the_first() {
        let layers = names(&["analyst-a", "analyst-b", GOLD]);
        assert_eq!(proposed_layer(&layers, "analyst-b"), "analyst-b");
        assert_eq!(proposed_layer(&layers, "newcomer"), GOLD);
        assert_eq!(
            proposed_layer(&names(&["analyst-a", "analyst-b"]), "newcomer"),
            "analyst-a"
        );
        assert_eq!(proposed_layer(&[], "newcomer"), ALL_LAYERS);
    }

    #[test]
    fn export_never_proposes_a_layer_the_project_lacks() {
        let mut dialog = ExportDialog::default();
        let schema = Schema::builtin();
        dialog.open_for(&schema, &names(&["analyst-a"]), "newcomer");
        assert_eq!(
            dialog.layer, "analyst-a",
            "gold is the default, but there is none"
        );
        dialog.picked_layer = Some("analyst-b".into());
        dialog.open_for(&schema, &names(&["analyst-a", "analyst-b"]), "newcomer");
        assert_eq!(
            dialog.layer, "analyst-b",
            "a pick that still exists is kept"
        );
        dialog.open_for(&schema, &names(&["analyst-a"]), "newcomer");
        assert_eq!(dialog.layer, "analyst-a", "a pick that is gone is not");
    }
}
