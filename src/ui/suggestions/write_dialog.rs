//! Suggestions → Write suggestion layer…: the window's `marginalia
//! suggest`, writing the string memory's and the dates' suggestions of every
//! document into a `model:` layer.

use egui::{Context, TextEdit};

use crate::suggest::{DEFAULT_LAYER, check_layer_name};
use crate::ui::commands::Action;
use crate::ui::windows::dialog_buttons::{form_buttons_ui, form_window, settle};

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteSuggestionsRequest {
    /// The annotators whose spans are remembered (`--from`).
    pub from: Vec<String>,
    /// The layer written (`--into`).
    pub into: String,
}

/// The dialog's state.
#[derive(Debug, Default)]
pub struct WriteSuggestionsDialog {
    /// Whether it is shown.
    pub open: bool,
    from: Vec<(String, bool)>,
    into: String,
    message: Option<String>,
}

impl WriteSuggestionsDialog {
    /// Opens the dialog with every human annotator in `sources` chosen.
    pub fn open_with(&mut self, sources: &[String]) {
        self.open = true;
        self.message = None;
        self.from = sources.iter().map(|name| (name.clone(), true)).collect();
        if self.into.is_empty() {
            DEFAULT_LAYER.clone_into(&mut self.into);
        }
    }

    /// Draws the dialog; Write pushes [`Action::WriteSuggestions`].
    pub fn show(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut answer = None;
        form_window("Write suggestion layer", 100.0).show(ctx, |ui| {
            ui.label("Remember the spans of");
            ui.horizontal_wrapped(|ui| {
                for (name, chosen) in &mut self.from {
                    ui.checkbox(chosen, name.as_str());
                }
            });
            if self.from.is_empty() {
                ui.weak("No annotator has labelled anything yet: only dates will be suggested.");
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label("Into the layer");
                ui.add(TextEdit::singleline(&mut self.into).desired_width(180.0))
                    .labelled_by(label.id);
            });
            ui.weak(
                "Every other occurrence of a labelled text, and every date with its value \
                     normalised against the article's date. The layer is replaced (suggestions \
                     rejected in it stay rejected). One undo step.",
            );
            answer = form_buttons_ui(ui, self.message.as_deref(), "Write");
        });
        let request = (answer == Some(true)).then(|| self.request());
        if let Some(request) = settle(answer, request, &mut self.open, &mut self.message) {
            actions.push(Action::WriteSuggestions(request));
        }
    }

    /// The request, or what is wrong.
    fn request(&self) -> Result<WriteSuggestionsRequest, String> {
        let into = self.into.trim();
        check_layer_name(into)?;
        Ok(WriteSuggestionsRequest {
            from: self
                .from
                .iter()
                .filter(|(_, chosen)| *chosen)
                .map(|(name, _)| name.clone())
                .collect(),
            into: into.to_owned(),
        })
    }
}
