//! Right panel, top: the selected span — label, covered text, offsets and
//! attributes (enum as a combo box, text as a field, span reference as a
//! picker plus pick-by-clicking), with missing required attributes flagged.

use egui::{Color32, ComboBox, Grid, Id, RichText, TextEdit, TextWrapMode, Ui};

use crate::model::linking::covered;
use crate::model::links::caption_covered;
use crate::model::offsets::{CharIndex, slice_chars};
use crate::model::{AttrValue, AttributeDef, AttributeKind, Document, Schema, Span, TargetLabels};
use crate::ui::commands::Action;
use crate::ui::linking::LinkEnd;
use crate::ui::panels::target_picker::{CAPTION_CHARS, PickerInput, target_picker_ui};
use crate::ui::state::PickTarget;
use crate::ui::theme;
use crate::ui::widgets::focus::list_choice;
use crate::ui::words;

/// Colour of "required" warnings.
const MISSING: Color32 = Color32::from_rgb(0xd0, 0x30, 0x30);

/// The widest a text attribute's field or a span-reference picker gets
/// (narrower when the panel is).
const FIELD_WIDTH: f32 = 170.0;

/// A heading and, after it (below it when the panel is narrow), its weak
/// details: the first row of the inspector and of the suggestion card.
pub fn heading_ui(ui: &mut Ui, heading: impl Into<RichText>, details: String) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(heading);
        ui.weak(details);
    });
}

/// A grid of name/value rows whose text wraps within the panel's width
/// rather than running past its edge: the fields of the inspector and of
/// the suggestion card.
pub fn fields_grid<R>(ui: &mut Ui, id_salt: &str, add_rows: impl FnOnce(&mut Ui) -> R) -> R {
    Grid::new(id_salt)
        .num_columns(2)
        .min_col_width(72.0)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(TextWrapMode::Wrap);
            add_rows(ui)
        })
        .inner
}

/// What the inspector draws a span against.
pub struct SpanContext<'a> {
    /// Labels and attributes.
    pub schema: &'a Schema,
    /// The document of the span.
    pub doc: &'a Document,
    /// All spans of the current layer (candidates for references).
    pub layer_spans: &'a [Span],
    /// The pick-by-clicking mode in progress, if any.
    pub picking: Option<&'a PickTarget>,
    /// The attribute whose list of values opens now (F4), if any.
    pub open_list: Option<&'a str>,
    /// Code point index of the document's text.
    pub chars: &'a CharIndex,
}

/// Draws the inspector for `span`.
pub fn inspector_ui(
    ui: &mut Ui,
    context: &SpanContext<'_>,
    span: &Span,
    actions: &mut Vec<Action>,
) {
    let SpanContext { schema, doc, .. } = *context;
    heading_ui(
        ui,
        format!("Span {}", span.id),
        format!(
            "[{}, {}) · {} code points",
            span.start,
            span.end,
            span.end - span.start
        ),
    );
    fields_grid(ui, "span_fields", |ui| {
        let name = ui.label("Label").id;
        let color = schema
            .label(&span.label)
            .map_or(ui.visuals().text_color(), theme::label_color);
        ComboBox::from_id_salt("span_label")
            .selected_text(RichText::new(&span.label).color(color).strong())
            .show_ui(ui, |ui| {
                for label in &schema.labels {
                    let text = RichText::new(format!("{}  ({})", label.name, label.key))
                        .color(theme::label_color(label));
                    if list_choice(ui, label.name == span.label, text) && label.name != span.label {
                        actions.push(Action::ApplyLabel(label.name.clone()));
                    }
                }
            })
            .response
            .labelled_by(name);
        ui.end_row();
        ui.label("Text");
        let covered = slice_chars(&doc.text, span.start, span.end).unwrap_or_default();
        ui.add(egui::Label::new(format!("\u{201C}{covered}\u{201D}")).wrap());
        ui.end_row();
        let Some(label) = schema.label(&span.label) else {
            return;
        };
        for attr in &label.attributes {
            let name = attribute_name_ui(ui, attr, span);
            attribute_value_ui(ui, context, attr, span, actions).labelled_by(name);
            ui.end_row();
        }
    });
}

/// Opens the list of the combo box `id_salt` (about to be drawn in `ui`)
/// of `attr` when F4 asked for it. The popup's id is the one egui's
/// `ComboBox` derives from its button's (a UI test pins that it opens).
fn open_list_now(ui: &Ui, context: &SpanContext<'_>, attr: &AttributeDef, id_salt: egui::IdSalt) {
    if context.open_list == Some(attr.name.as_str()) {
        // `ComboBox::from_id_salt` keeps `IdSalt::new` of its salt.
        let button = ui.make_persistent_id(egui::IdSalt::new(id_salt));
        egui::Popup::open_id(ui.ctx(), button.with("popup"));
    }
}

/// The attribute's name (flagged when required and missing); returns the
/// id of the name label, which names the value widget for accessibility.
fn attribute_name_ui(ui: &mut Ui, attr: &AttributeDef, span: &Span) -> Id {
    ui.vertical(|ui| {
        // In a row as high as the value's widget, so that the name lines up
        // with the value's text.
        let id = ui.horizontal_wrapped(|ui| ui.label(&attr.name).id).inner;
        if attr.required && !span.attrs.contains_key(&attr.name) {
            ui.label(RichText::new("⚠ required").color(MISSING).small());
        }
        id
    })
    .inner
}

fn attribute_value_ui(
    ui: &mut Ui,
    context: &SpanContext<'_>,
    attr: &AttributeDef,
    span: &Span,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let current = span.attrs.str(&attr.name);
    let set = |value: Option<String>| Action::SetAttribute {
        span: span.id.clone(),
        name: attr.name.clone(),
        value: value.map(AttrValue::One),
    };
    match &attr.kind {
        AttributeKind::Enum(values) => {
            let id_salt = egui::IdSalt::new(("attr", &attr.name));
            open_list_now(ui, context, attr, id_salt);
            ComboBox::from_id_salt(id_salt)
                .selected_text(current.unwrap_or("—"))
                .show_ui(ui, |ui| {
                    if list_choice(ui, current.is_none(), "—") && current.is_some() {
                        actions.push(set(None));
                    }
                    for value in values {
                        let is_current = current == Some(value.as_str());
                        if list_choice(ui, is_current, value) && !is_current {
                            actions.push(set(Some(value.clone())));
                        }
                    }
                })
                .response
        }
        AttributeKind::Text => wrapped_row(ui, |ui| {
            let response = text_attribute_ui(ui, attr, span, current, &set, actions);
            if current.is_none()
                && let Some(value) = suggested_value(context.doc, attr, span)
            {
                let take = ui
                    .button(format!("Use {value}"))
                    .on_hover_text("The date normalised against the article's date");
                if take.clicked() {
                    actions.push(set(Some(value)));
                }
            }
            response
        }),
        AttributeKind::SpanRef(target) => span_ref_ui(ui, context, attr, target, span, actions),
    }
}

/// A row of widgets in a grid cell, at the cell's top, that goes on in a
/// second line when the panel is too narrow for it (a wrapping row put
/// straight into a cell would centre itself in the row's whole height).
fn wrapped_row<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    ui.vertical(|ui| ui.horizontal_wrapped(add_contents).inner)
        .inner
}

/// The normalised value offered for an empty `value` of a date span.
fn suggested_value(doc: &Document, attr: &AttributeDef, span: &Span) -> Option<String> {
    if span.label != crate::suggest::DATE_LABEL || attr.name != crate::suggest::DATE_VALUE {
        return None;
    }
    let covered = slice_chars(&doc.text, span.start, span.end)?;
    crate::suggest::normalise_date(covered, crate::suggest::article_date(doc))
}

/// A text attribute's field: edits are kept as a draft and set when the
/// field loses the keyboard.
fn text_attribute_ui(
    ui: &mut Ui,
    attr: &AttributeDef,
    span: &Span,
    current: Option<&str>,
    set: &dyn Fn(Option<String>) -> Action,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let id = Id::unique(("attr_draft", span.id.as_str(), &attr.name));
    let field_id = Id::unique(("attr_field", &attr.name));
    let focused = ui.memory(|m| m.has_focus(field_id));
    let mut draft = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .filter(|_| focused)
        .unwrap_or_else(|| current.unwrap_or_default().to_owned());
    let response = ui.add(
        TextEdit::singleline(&mut draft)
            .id(field_id)
            .desired_width(FIELD_WIDTH.min(ui.available_width())),
    );
    ui.data_mut(|d| d.insert_temp(id, draft.clone()));
    if response.lost_focus()
        && Some(draft.as_str()) != current
        && !(draft.is_empty() && current.is_none())
    {
        actions.push(set((!draft.is_empty()).then_some(draft)));
    }
    response
}

/// A span reference: its target as a caption and the picker (for a
/// `many: true` attribute, each target with a remove button and an "add"
/// picker), and *Pick* (click the target in the text).
fn span_ref_ui(
    ui: &mut Ui,
    context: &SpanContext<'_>,
    attr: &AttributeDef,
    targets: &TargetLabels,
    span: &Span,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let SpanContext {
        doc,
        layer_spans,
        picking,
        ..
    } = *context;
    let picker = PickerInput {
        text: &doc.text,
        chars: context.chars,
        spans: layer_spans,
        source: span,
        attr,
        targets,
    };
    // Sliced through the code point index: this runs every frame.
    let named = |id: &str| {
        layer_spans
            .iter()
            .find(|s| s.id.as_str() == id)
            .map_or_else(
                || id.to_owned(),
                |s| caption_covered(covered(&doc.text, context.chars, s), s.start, CAPTION_CHARS),
            )
    };
    let id_salt = egui::IdSalt::new(("ref", &attr.name));
    open_list_now(ui, context, attr, id_salt);
    let current = span.attrs.get(&attr.name);
    ui.vertical(|ui| {
        if attr.many {
            for id in current.into_iter().flat_map(AttrValue::ids) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(named(id)).on_hover_text(format!("span {id}"));
                    let remove = ui
                        .small_button("×")
                        .on_hover_text(format!("Remove the link to {}", named(id)));
                    if remove.clicked() {
                        actions.push(Action::Link {
                            source: span.id.clone(),
                            attribute: Some(attr.name.clone()),
                            target: LinkEnd::Span(id.into()),
                        });
                    }
                });
            }
        }
        ui.horizontal_wrapped(|ui| {
            let shown = match current.and_then(AttrValue::as_str) {
                _ if attr.many => "add…".to_owned(),
                Some(id) => named(id),
                None => "—".to_owned(),
            };
            let hover = match current.and_then(AttrValue::as_str) {
                Some(id) if !attr.many => format!("{shown} (span {id})"),
                _ => format!("Link to {} span", words::a(&targets.described())),
            };
            let response = target_picker_ui(ui, &picker, id_salt, shown, actions);
            let armed = picking.is_some_and(|p| p.span == span.id && p.attribute == attr.name);
            let button = ui.selectable_label(armed, "🖱 Pick").on_hover_text(format!(
                "Then click {} span in the text",
                words::a(&targets.described())
            ));
            if button.clicked() && !armed {
                actions.push(Action::StartPick {
                    span: span.id.clone(),
                    attribute: attr.name.clone(),
                    label: targets.clone(),
                });
            }
            response.on_hover_text(hover)
        })
        .inner
    })
    .inner
}
