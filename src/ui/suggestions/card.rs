//! The inspector's card for the suggestion being decided on: what it
//! suggests, where it comes from, and buttons for every decision (each with
//! its key).

use egui::{RichText, Ui};

use crate::model::offsets::slice_chars;
use crate::model::{Document, Schema, Span};
use crate::suggest::{Origin, Suggestion};
use crate::ui::commands::{Action, UiCommand};
use crate::ui::panels::inspector::{fields_grid, heading_ui};
use crate::ui::panels::menu_bar::command_button;
use crate::ui::theme;
use crate::ui::widgets::attr_text::shown_attributes;

/// What the card shows.
pub struct CardInput<'a> {
    /// Labels and their colours.
    pub schema: &'a Schema,
    /// The document text.
    pub text: &'a str,
    /// The current suggestion.
    pub suggestion: &'a Suggestion,
    /// The spans of the layer it comes from (its references' targets).
    pub source_spans: &'a [Span],
    /// The document's pending suggestions.
    pub pending: &'a [Suggestion],
    /// Whether the memory learns from every annotator (else from the
    /// annotator's own layer).
    pub learn_from_everyone: bool,
    /// Whether only this suggestion's label's suggestions are shown.
    pub only_this_label: bool,
}

/// The spans a suggestion's references name: those of the `model:` layer
/// it comes from (the memory and the dates carry no references).
pub fn source_spans<'a>(doc: &'a Document, suggestion: &Suggestion) -> &'a [Span] {
    match &suggestion.origin {
        Origin::Layer(name) => doc.layers.get(name).map_or(&[], |l| &l.spans),
        Origin::Memory | Origin::Date => &[],
    }
}

/// What the live memory learns from, as the window says it.
pub fn learning_from(everyone: bool) -> &'static str {
    if everyone {
        "learning from every annotator"
    } else {
        "learning from your layer"
    }
}

/// Draws the card.
pub fn suggestion_card_ui(ui: &mut Ui, input: &CardInput<'_>, actions: &mut Vec<Action>) {
    let span = &input.suggestion.span;
    heading_ui(
        ui,
        "Suggestion",
        format!(
            "[{}, {}) · {} pending in this document",
            span.start,
            span.end,
            input.pending.len()
        ),
    );
    fields_grid(ui, "suggestion_fields", |ui| {
        ui.label("Label");
        let color = input
            .schema
            .label(&span.label)
            .map_or(ui.visuals().text_color(), theme::label_color);
        ui.label(RichText::new(&span.label).color(color).strong());
        ui.end_row();
        ui.label("Text");
        let covered = slice_chars(input.text, span.start, span.end).unwrap_or_default();
        ui.add(egui::Label::new(format!("\u{201C}{covered}\u{201D}")).wrap());
        ui.end_row();
        for shown in shown_attributes(input.schema, input.text, input.source_spans, span) {
            ui.label(shown.name);
            let value = ui.label(shown.value);
            if let Some(ids) = shown.ids {
                value.on_hover_text(ids);
            }
            ui.end_row();
        }
        ui.label("From");
        ui.weak(input.suggestion.origin.describe());
        ui.end_row();
        ui.label("Memory");
        let toggle = UiCommand::ToggleLearnFromEveryone;
        ui.weak(learning_from(input.learn_from_everyone))
            .on_hover_text(format!(
                "{} ({}) switches it",
                toggle.name(),
                ui.ctx().format_shortcut(&toggle.shortcut())
            ));
        ui.end_row();
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for command in [UiCommand::AcceptSuggestion, UiCommand::RejectSuggestion] {
            if command_button(ui, command, true, None) {
                actions.push(Action::Run(command));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let all = UiCommand::AcceptAllOfLabel;
        let same_label = input
            .pending
            .iter()
            .filter(|s| s.span.label == span.label)
            .count();
        let text = format!("Accept all {same_label} {} here", span.label);
        let shortcut = ui.ctx().format_shortcut(&all.shortcut());
        if ui
            .add(egui::Button::new(text).shortcut_text(shortcut))
            .clicked()
        {
            actions.push(Action::Run(all));
        }
        if command_button(ui, UiCommand::NextSuggestion, true, None) {
            actions.push(Action::Run(UiCommand::NextSuggestion));
        }
    });
    let only = UiCommand::ToggleOnlyThisLabel;
    let mut checked = input.only_this_label;
    let toggle = ui
        .checkbox(&mut checked, format!("Only {} suggestions", span.label))
        .on_hover_text(format!(
            "Hide the other labels' suggestions ({})",
            ui.ctx().format_shortcut(&only.shortcut())
        ));
    if toggle.changed() {
        actions.push(Action::Run(only));
    }
}
