//! The inspector's picker of a span reference's target: a list of the
//! candidates nearest to the span first (same sentence first), each shown
//! by its text and place ("Donald Trump · 174") with a few words around
//! it, filtered as you type; the raw id only on hover.

use egui::{ComboBox, Event, IdSalt, Key, Response, RichText, TextEdit, Ui};

use crate::model::linking::{context_around, covered, nearest_first};
use crate::model::links::caption_covered;
use crate::model::offsets::CharIndex;
use crate::model::{AttrValue, AttributeDef, Span, TargetLabels};
use crate::ui::commands::Action;
use crate::ui::linking::LinkEnd;
use crate::ui::widgets::focus::{list_choice, list_choice_taking_keyboard};

/// How many characters of a target's text its caption shows.
pub const CAPTION_CHARS: usize = 32;
/// Code points of context shown on each side of a candidate.
const CONTEXT_CHARS: usize = 28;
/// The most candidates listed at once (typing narrows them down).
const LISTED: usize = 100;
/// The widest the picker's button gets (narrower when the panel is).
const PICKER_WIDTH: f32 = 170.0;

/// What the picker lists from.
pub struct PickerInput<'a> {
    /// The document's text.
    pub text: &'a str,
    /// Its code point index.
    pub chars: &'a CharIndex,
    /// The layer's spans (the candidates), in canonical order.
    pub spans: &'a [Span],
    /// The span whose attribute is set.
    pub source: &'a Span,
    /// The reference attribute.
    pub attr: &'a AttributeDef,
    /// The labels its targets may carry.
    pub targets: &'a TargetLabels,
}

/// Draws the picker, its button showing `shown`: choosing a candidate
/// links to it (for a `many: true` attribute, choosing a listed one takes
/// it out); for a single reference, "—" clears it.
pub fn target_picker_ui(
    ui: &mut Ui,
    input: &PickerInput<'_>,
    id_salt: IdSalt,
    shown: String,
    actions: &mut Vec<Action>,
) -> Response {
    let filter_id = ui.make_persistent_id(("target_filter", &input.attr.name));
    let current = input.source.attrs.get(&input.attr.name);
    let combo = ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(PICKER_WIDTH.min(ui.available_width()))
        .truncate()
        .show_ui(ui, |ui| {
            let mut filter: String = ui.data_mut(|d| d.get_temp(filter_id)).unwrap_or_default();
            let typed = filter_field_ui(ui, &mut filter);
            ui.data_mut(|d| d.insert_temp(filter_id, filter.clone()));
            if !input.attr.many && list_choice(ui, current.is_none(), "—") && current.is_some() {
                actions.push(Action::SetAttribute {
                    span: input.source.id.clone(),
                    name: input.attr.name.clone(),
                    value: None,
                });
            }
            candidates_ui(ui, input, current, (&filter, typed), actions);
        });
    if combo.inner.is_none() {
        ui.data_mut(|d| d.remove::<String>(filter_id));
    }
    combo.response
}

/// The filter field at the top of the list. Text typed while the list (not
/// the field) has the keyboard goes into it too, so that the arrow keys
/// still move through the list. Returns whether the filter changed from
/// the list (the top match then takes the keyboard, so Enter chooses it)
/// or Enter was pressed in the field.
fn filter_field_ui(ui: &mut Ui, filter: &mut String) -> FilterInput {
    let field = ui.add(
        TextEdit::singleline(filter)
            .hint_text("type to filter")
            .desired_width(PICKER_WIDTH),
    );
    if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        return FilterInput::Submitted;
    }
    if field.has_focus() || field.lost_focus() {
        return FilterInput::Nothing;
    }
    let mut changed = false;
    for event in ui.input(|i| i.events.clone()) {
        match event {
            Event::Text(typed) if !typed.trim().is_empty() => {
                filter.push_str(&typed);
                changed = true;
            }
            Event::Key {
                key: Key::Backspace,
                pressed: true,
                ..
            } => {
                changed |= filter.pop().is_some();
            }
            _ => {}
        }
    }
    if changed {
        FilterInput::Typed
    } else {
        FilterInput::Nothing
    }
}

/// What the filter field did this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FilterInput {
    /// Nothing that moves the keyboard.
    Nothing,
    /// Text typed while the list had the keyboard: the top match takes it.
    Typed,
    /// Enter in the field: the top match is chosen.
    Submitted,
}

/// The candidates matching `filter`, nearest first, each with its context.
fn candidates_ui(
    ui: &mut Ui,
    input: &PickerInput<'_>,
    current: Option<&AttrValue>,
    (filter, typed): (&str, FilterInput),
    actions: &mut Vec<Action>,
) {
    let Some(source) = input.spans.iter().position(|s| s.id == input.source.id) else {
        return;
    };
    let wanted = filter.to_lowercase();
    let matches = |s: &Span| {
        input.targets.allows(&s.label)
            && (wanted.is_empty()
                || covered(input.text, input.chars, s)
                    .to_lowercase()
                    .contains(&wanted))
    };
    let order = nearest_first(input.text, input.chars, input.spans, source, matches);
    if order.is_empty() {
        ui.weak(format!("No {} span matches", input.targets.described()));
    }
    for (n, &i) in order.iter().take(LISTED).enumerate() {
        let candidate = &input.spans[i];
        let listed = current.is_some_and(|v| v.names(candidate.id.as_str()));
        let shown = covered(input.text, input.chars, candidate);
        let text = caption_covered(shown, candidate.start, CAPTION_CHARS);
        let top = n == 0 && typed == FilterInput::Typed;
        let submitted = n == 0 && typed == FilterInput::Submitted;
        if submitted {
            ui.close();
        }
        let chosen = list_choice_taking_keyboard(ui, listed, top, text) || submitted;
        if chosen && (input.attr.many || !listed) {
            actions.push(Action::Link {
                source: input.source.id.clone(),
                attribute: Some(input.attr.name.clone()),
                target: LinkEnd::Span(candidate.id.clone()),
            });
        }
        let context = context_around(input.text, input.chars, candidate, CONTEXT_CHARS);
        ui.label(RichText::new(context).weak().small())
            .on_hover_text(format!("span {}", candidate.id));
    }
    if order.len() > LISTED {
        ui.weak(format!(
            "{} more: type to narrow the list",
            order.len() - LISTED
        ));
    }
}
