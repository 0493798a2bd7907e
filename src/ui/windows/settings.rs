//! File → Settings: annotator name, theme, text size, overlay, tags, what
//! the suggestions' memory learns from and the autosave interval. Like every
//! dialog it holds the keyboard: it opens in the annotator field (selected),
//! Tab walks through its settings, Escape closes it (dropping a name being
//! typed).

use egui::{Context, Grid, Key, Modifiers, Slider, TextEdit, Window};

use crate::model::layer::is_valid_annotator;
use crate::ui::state::Settings;
use crate::ui::theme::FONT_SIZE_RANGE;
use crate::ui::widgets::focus::{focus_selecting_all, hold_keyboard};

/// The settings window and its draft of the annotator name.
#[derive(Debug, Default)]
pub struct SettingsWindow {
    /// Whether the window is shown.
    pub open: bool,
    /// Whether it was shown last frame (opening gives the name field focus).
    shown: bool,
    draft_annotator: Option<String>,
}

impl SettingsWindow {
    /// Draws the window; changes apply to `settings` at once, except the
    /// annotator name, which applies on Enter or when the window is closed
    /// with its × (Escape drops it: a name half typed never becomes the
    /// layer edited).
    pub fn show(&mut self, ctx: &Context, settings: &mut Settings) {
        let opening = self.open && !self.shown;
        let mut open = self.open;
        Window::new("Settings")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                hold_keyboard(ui);
                Grid::new("settings_grid")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("Annotator");
                        let draft = self
                            .draft_annotator
                            .get_or_insert_with(|| settings.annotator.clone());
                        let response = ui.add(TextEdit::singleline(draft).desired_width(180.0));
                        if opening {
                            focus_selecting_all(ui, &response, draft);
                        }
                        let valid = is_valid_annotator(draft.as_str());
                        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                            if valid {
                                settings.annotator.clone_from(draft);
                            }
                            self.draft_annotator = None;
                        }
                        ui.end_row();
                        if !valid {
                            ui.label("");
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                "a name without surrounding spaces",
                            );
                            ui.end_row();
                        }
                        ui.label("Theme");
                        ui.horizontal(|ui| {
                            ui.selectable_value(&mut settings.dark, false, "☀ Light");
                            ui.selectable_value(&mut settings.dark, true, "🌙 Dark");
                        });
                        ui.end_row();
                        ui.label("Text size");
                        ui.add(
                            Slider::new(
                                &mut settings.font_size,
                                FONT_SIZE_RANGE.0..=FONT_SIZE_RANGE.1,
                            )
                            .suffix(" pt"),
                        );
                        ui.end_row();
                        ui.label("Label tags");
                        ui.checkbox(&mut settings.label_tags, "show above spans");
                        ui.end_row();
                        ui.label("Other annotators");
                        ui.checkbox(
                            &mut settings.show_overlay,
                            "show their spans as dashed lines",
                        );
                        ui.end_row();
                        ui.label("Suggestions");
                        ui.checkbox(
                            &mut settings.show_suggestions,
                            "show a model's and the memory's in dashed outlines",
                        );
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(
                            &mut settings.learn_from_everyone,
                            "the memory learns from every annotator, not only from you",
                        )
                        .on_hover_text(
                            "Off, your colleagues' spans stay out of your suggestions, \
                             so agreement figures compare independent work",
                        );
                        ui.end_row();
                        ui.label("Autosave every");
                        ui.add(Slider::new(&mut settings.autosave_seconds, 5..=600).suffix(" s"));
                        ui.end_row();
                    });
            });
        let escaped = open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        if escaped {
            open = false;
        }
        if !open {
            // Closed with ×: the name typed applies; with Escape it is dropped.
            if let Some(draft) = self.draft_annotator.take()
                && !escaped
                && is_valid_annotator(&draft)
            {
                settings.annotator = draft;
            }
        }
        self.open = open;
        self.shown = open;
    }
}
