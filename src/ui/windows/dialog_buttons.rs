//! The button row every dialog and question shares: the default button
//! looks like one (filled with the accent colour) and Enter presses it;
//! Escape presses the cancelling one.

use egui::{Button, Key, Modifiers, RichText, Ui};

/// One button of a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogButton<'a, T> {
    /// Its text.
    pub text: &'a str,
    /// What pressing it answers.
    pub value: T,
}

/// Draws `buttons` in a row. `default` (an index) is drawn filled and is
/// what Enter answers; `cancel` is what Escape answers. Returns the answer
/// given this frame, by click or key.
pub fn dialog_buttons_ui<T: Copy>(
    ui: &mut Ui,
    buttons: &[DialogButton<'_, T>],
    default: usize,
    cancel: Option<T>,
) -> Option<T> {
    let mut answer = None;
    ui.horizontal(|ui| {
        for (i, button) in buttons.iter().enumerate() {
            let widget = if i == default {
                let visuals = &ui.visuals().selection;
                Button::new(
                    RichText::new(button.text)
                        .strong()
                        .color(visuals.stroke.color),
                )
                .fill(visuals.bg_fill)
            } else {
                Button::new(button.text)
            };
            let response = ui.add(widget);
            if i == default {
                response.clone().on_hover_text("Enter");
            }
            if response.clicked() {
                answer = Some(button.value);
            }
        }
    });
    if answer.is_some() {
        return answer;
    }
    ui.input_mut(|input| {
        if input.consume_key(Modifiers::NONE, Key::Enter) {
            answer = buttons.get(default).map(|b| b.value);
        } else if input.consume_key(Modifiers::NONE, Key::Escape) {
            answer = cancel;
        }
    });
    answer
}
