//! Making a link by dragging in the text view: a drag that starts on a
//! span able to hold a reference (a claim, a stance) with Ctrl (⌘ on a
//! Mac) held, or on the small handle drawn at the end of the selected
//! such span, draws a line from that span to the pointer instead of
//! selecting text, and reports where it is over and where it is dropped;
//! plain drags still select (Alt+drag selects exact code points). The
//! candidate target, under the pointer or chosen by keyboard, is outlined.

use egui::{CursorIcon, Painter, Pos2, Rect, Stroke, StrokeKind, Ui, Visuals, vec2};

use super::geometry::range_rects;
use super::{TextView, TextViewEvent, TextViewInput, block_of, innermost_span};
use crate::model::linking::reference_attributes_of;
use crate::model::{Schema, Span, SpanId};
use crate::ui::theme;

/// Width of the line drawn while dragging a link, and of the outline of
/// the candidate target.
const STROKE_WIDTH: f32 = 2.0;
/// Radius of the link handle, and how far from its centre a press takes it.
const HANDLE_RADIUS: (f32, f32) = (4.5, 8.0);

/// Whether a span labelled `label` may hold a link (its label has a
/// reference attribute).
fn is_link_source(schema: &Schema, span: &Span) -> bool {
    reference_attributes_of(schema, &span.label)
        .next()
        .is_some()
}

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
        let on_handle = origin
            .zip(self.link_handle)
            .is_some_and(|(o, h)| o.distance(h) <= HANDLE_RADIUS.1);
        let source = if on_handle {
            input.selected_span.cloned()
        } else if is_link_drag(modifiers) {
            origin
                .and_then(|p| self.char_at(input, p))
                .and_then(|c| innermost_span(&input.layer, c))
                .filter(|s| is_link_source(input.schema, s))
                .map(|s| s.id.clone())
        } else {
            None
        };
        self.link_source = source;
        self.link_source.is_some()
    }

    /// Where the selected span's link handle was drawn in the last frame
    /// (none when no span that may hold a link is selected and in view).
    pub fn link_handle(&self) -> Option<Pos2> {
        self.link_handle
    }

    /// Draws the link handle just after the end of the selected span, when
    /// it may hold a link and is in view: dragging from it makes a link
    /// without a modifier.
    pub(super) fn link_handle_ui(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &TextViewInput<'_>,
    ) {
        let span = input
            .selected_span
            .and_then(|id| input.layer.spans.iter().find(|s| &s.id == id))
            .filter(|s| s.end > s.start && is_link_source(input.schema, s));
        self.link_handle = span.and_then(|s| self.span_end(input, s));
        let (Some(at), Some(span)) = (self.link_handle, span) else {
            return;
        };
        let color = input
            .schema
            .label(&span.label)
            .map_or(ui.visuals().strong_text_color(), theme::label_color);
        let painter = ui.painter();
        painter.circle_filled(at, HANDLE_RADIUS.0, color);
        painter.circle_stroke(
            at,
            HANDLE_RADIUS.0,
            Stroke::new(1.0, ui.visuals().panel_fill),
        );
        let over = response
            .hover_pos()
            .is_some_and(|p| p.distance(at) <= HANDLE_RADIUS.1);
        if over && self.link_source.is_none() {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
            response
                .clone()
                .on_hover_text("Drag to an actor to link (or Ctrl+drag from the span)");
        }
    }

    /// Just right of the middle of the span's last character, in screen
    /// coordinates, when its block was drawn in the last frame.
    fn span_end(&self, input: &TextViewInput<'_>, span: &Span) -> Option<Pos2> {
        let block = block_of(input.blocks, span.end - 1);
        let (_, top_left) = self.drawn.iter().find(|(b, _)| *b == block)?;
        let galley = self.galleys.get(&block)?;
        let b = &input.blocks[block];
        let start = span.start.max(b.start) - b.start;
        let last = range_rects(galley, start, span.end - b.start).pop()?;
        Some(*top_left + last.right_center().to_vec2() + vec2(HANDLE_RADIUS.0 + 1.0, 0.0))
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
