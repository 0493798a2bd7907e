//! Making a link by dragging in the text view: a drag that starts on a
//! span able to hold a reference (a claim, a stance) with Ctrl (⌘ on a
//! Mac) held draws a line from that span to the pointer instead of
//! selecting text, and reports where it is over and where it is dropped;
//! plain drags still select (Alt+drag selects exact code points). The
//! candidate target, under the pointer or chosen by keyboard, is outlined.

use egui::{Painter, Pos2, Rect, Stroke, StrokeKind, Ui, Visuals};

use super::{TextView, TextViewEvent, TextViewInput, innermost_span};
use crate::model::SpanId;
use crate::model::linking::reference_attributes_of;

/// Width of the line drawn while dragging a link, and of the outline of
/// the candidate target.
const STROKE_WIDTH: f32 = 2.0;

/// Whether a drag starting with these modifiers makes a link.
pub fn is_link_drag(modifiers: egui::Modifiers) -> bool {
    modifiers.command
}

impl TextView {
    /// Starts a link drag when the press that began the drag was on a span
    /// of the layer that has a reference attribute and the link modifier
    /// is held; returns whether it did.
    pub(super) fn start_link_drag(&mut self, ui: &Ui, input: &TextViewInput<'_>) -> bool {
        let (origin, modifiers) = ui.input(|i| (i.pointer.press_origin(), i.modifiers));
        if !is_link_drag(modifiers) {
            return false;
        }
        let source = origin
            .and_then(|p| self.char_at(input, p))
            .and_then(|c| innermost_span(&input.layer, c))
            .filter(|s| {
                reference_attributes_of(input.schema, &s.label)
                    .next()
                    .is_some()
            });
        self.link_source = source.map(|s| s.id.clone());
        self.link_source.is_some()
    }

    /// While a link drag goes on: reports where the pointer is over (and,
    /// when the button is released, the drop) and draws the line.
    pub(super) fn link_drag_ui(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &TextViewInput<'_>,
        events: &mut Vec<TextViewEvent>,
    ) {
        let Some(source) = self.link_source.clone() else {
            return;
        };
        let pointer = response.interact_pointer_pos();
        let over = pointer.and_then(|p| self.char_at(input, p));
        let dropped = response.drag_stopped();
        if dropped {
            self.link_source = None;
        }
        if let (false, Some(to), Some(from)) = (dropped, pointer, self.span_anchor(input, &source))
        {
            let stroke = Stroke::new(STROKE_WIDTH, ui.visuals().strong_text_color());
            ui.painter().line_segment([from, to], stroke);
            ui.painter()
                .circle_filled(to, STROKE_WIDTH * 2.0, stroke.color);
        }
        events.push(TextViewEvent::LinkDrag {
            source,
            over,
            dropped,
        });
    }

    /// The middle of the top edge of the span's first character, where the
    /// drag line starts.
    fn span_anchor(&self, input: &TextViewInput<'_>, id: &SpanId) -> Option<Pos2> {
        let span = input.layer.spans.iter().find(|s| &s.id == id)?;
        let rect = self.screen_rect_of(input.blocks, span.start)?;
        Some(rect.center_top())
    }
}

/// Outlines the candidate target (`input.link_target`) where it lies in
/// the block: its `rects` (screen rectangles of a code-point range).
pub(super) fn paint_link_target(
    painter: &Painter,
    visuals: &Visuals,
    input: &TextViewInput<'_>,
    block: &super::Block,
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) {
    let Some((start, end)) = input.link_target else {
        return;
    };
    if end <= block.start || start >= block.end {
        return;
    }
    let stroke = Stroke::new(STROKE_WIDTH, visuals.selection.stroke.color);
    for r in rects(start, end) {
        painter.rect_stroke(r.expand(3.0), 3.0, stroke, StrokeKind::Outside);
    }
}
