//! The button row every dialog and question shares: the default button
//! looks like one (filled with the accent colour) and Enter presses it
//! (unless a button, box or checkbox has the keyboard: Enter presses that
//! one); Escape presses the cancelling one. A form dialog keeps the
//! keyboard to itself: Tab and Shift+Tab cycle through its fields.

use egui::{Button, Key, Modifiers, RichText, Ui};

use crate::ui::widgets::focus::hold_keyboard;

/// One button of a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogButton<'a, T> {
    /// Its text.
    pub text: &'a str,
    /// What pressing it answers.
    pub value: T,
}

/// Draws `buttons` in a row. `default` (an index) is drawn filled and is
/// what Enter answers while the keyboard is in a text field or nowhere (a
/// focused button, combo box or checkbox takes Enter itself); `cancel` is
/// what Escape answers. Returns the answer given this frame, by click or key.
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
    let widget_has_keyboard = ui.memory(|m| m.focused().is_some()) && !ui.ctx().text_edit_focused();
    ui.input_mut(|input| {
        // Only a plain Enter: egui's key matching lets Shift through, and
        // Shift+Enter starts a new line in a many-line field.
        if !widget_has_keyboard
            && input.modifiers.is_none()
            && input.consume_key(Modifiers::NONE, Key::Enter)
        {
            answer = buttons.get(default).map(|b| b.value);
        } else if input.consume_key(Modifiers::NONE, Key::Escape) {
            answer = cancel;
        }
    });
    answer
}

/// A form dialog's window: centred `top` points below the top of the
/// screen, fixed in size, never folded away.
pub fn form_window(title: impl Into<egui::WidgetText>, top: f32) -> egui::Window<'static> {
    egui::Window::new(title)
        .anchor(egui::Align2::CENTER_TOP, [0.0, top])
        .collapsible(false)
        .resizable(false)
}

/// The end of a form dialog: its warning (if any), a separator, and the
/// `verb` button (the default) beside Cancel. Returns `Some(true)` for the
/// verb, `Some(false)` for Cancel (or Escape).
///
/// It also keeps the keyboard in the dialog ([`hold_keyboard`]).
pub fn form_buttons_ui(ui: &mut Ui, message: Option<&str>, verb: &str) -> Option<bool> {
    hold_keyboard(ui);
    if let Some(message) = message {
        ui.colored_label(ui.visuals().warn_fg_color, message);
    }
    ui.separator();
    let buttons = [
        DialogButton {
            text: verb,
            value: true,
        },
        DialogButton {
            text: "Cancel",
            value: false,
        },
    ];
    dialog_buttons_ui(ui, &buttons, 0, Some(false))
}

/// What a form dialog does with its answer and (for the verb) its request:
/// a built request closes the dialog and is returned; a reason it cannot
/// be built keeps the dialog open showing it; Cancel closes it.
pub fn settle<R>(
    answer: Option<bool>,
    request: Option<Result<R, String>>,
    open: &mut bool,
    message: &mut Option<String>,
) -> Option<R> {
    match (answer, request) {
        (Some(true), Some(Ok(request))) => {
            *open = false;
            Some(request)
        }
        (Some(true), Some(Err(reason))) => {
            *message = Some(reason);
            None
        }
        (Some(false), _) => {
            *open = false;
            None
        }
        _ => None,
    }
}
