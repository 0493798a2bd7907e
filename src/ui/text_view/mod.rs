//! The document view: wrapped text with spans drawn in their label colours
//! (layered fills, stacked underlines per nesting level, label tags),
//! selection by dragging, hit-testing and hover details.
//!
//! Only visible blocks are laid out, and each block's galley is cached by
//! document, wrap width, font size and theme; spans are painted over the
//! cached galleys, so editing spans never re-lays out text.

mod arcs;
mod blocks;
mod geometry;
mod link_arcs;
mod link_drag;
mod link_index;
mod scroll;
mod stacks;

use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{
    Align, Align2, Color32, FontId, Galley, Painter, Pos2, Rect, ScrollArea, Sense, Stroke, Ui,
    Visuals, pos2, vec2,
};

pub use blocks::{Block, block_of, split_blocks};
use geometry::{boundary_at, char_at, char_pos, range_rects};
pub use link_arcs::innermost_index;
use link_arcs::{ArcCache, DrawnArc, Focus, gutter, paint_arcs};
pub use link_drag::is_link_drag;
pub use link_index::{LinkIndex, LinkMark};
pub use scroll::Scroll;
use scroll::ScrollPlace;

use super::theme;
use crate::model::offsets::CharIndex;
use crate::model::span_index::SpanIndex;
use crate::model::tokens::{snap_to_tokens, token_at};
use crate::model::{DocId, Schema, Span, SpanId};
use crate::suggest::Suggestion;
use crate::ui::links::{LinkPreview, LinksShown};
use crate::ui::suggestions::state::is_of;
use crate::ui::widgets::attr_text::shown_attributes;

/// The height of a line of text (taller with label tags above the spans,
/// and with a gutter for the arcs of links above each row when links are
/// drawn).
fn line_height(input: &TextViewInput<'_>) -> f32 {
    (input.font_size * if input.label_tags { 2.5 } else { 1.9 }).round() + gutter(input)
}

/// The height of the rows of `block`: an empty line has no spans to link,
/// so it goes without the gutter (paragraph breaks stay short).
fn block_line_height(input: &TextViewInput<'_>, block: &Block, line_height: f32) -> f32 {
    if block.start == block.end {
        line_height - gutter(input)
    } else {
        line_height
    }
}

/// Space left and right of the text.
const MARGIN: f32 = 16.0;
/// Thickness and spacing of stacked underlines.
const UNDERLINE: (f32, f32) = (2.0, 3.0);
/// Size of the header line's text relative to the document's.
const HEADER_SCALE: f32 = 0.8;

/// One layer to draw.
pub struct LayerView<'a> {
    /// Who the layer belongs to, as shown on hover (e.g. `A · alice`).
    pub name: String,
    /// Spans sorted by start.
    pub spans: &'a [Span],
    /// Index over `spans`.
    pub index: &'a SpanIndex,
    /// The layer's links, when they are drawn (none: not drawn).
    pub links: Option<&'a LinkIndex>,
}

/// Everything the view draws in one frame.
pub struct TextViewInput<'a> {
    /// Document id (part of the galley cache key).
    pub doc_id: &'a DocId,
    /// Document text.
    pub text: &'a str,
    /// Code point index of `text`.
    pub chars: &'a CharIndex,
    /// Blocks of `text`.
    pub blocks: &'a [Block],
    /// Label colours.
    pub schema: &'a Schema,
    /// The current annotator's layer (editable).
    pub layer: LayerView<'a>,
    /// Other annotators' layers shown read-only under the text.
    pub overlays: Vec<LayerView<'a>>,
    /// The text selection, if any.
    pub selection: Option<(usize, usize)>,
    /// The selected span of the current layer.
    pub selected_span: Option<&'a SpanId>,
    /// Find matches, and which is current.
    pub matches: &'a [(usize, usize)],
    /// Index into `matches` of the current match.
    pub current_match: Option<usize>,
    /// Text size in points.
    pub font_size: f32,
    /// Whether label tags are drawn above span starts.
    pub label_tags: bool,
    /// Scroll so that this code point is visible.
    pub scroll_to: Option<usize>,
    /// Disagreement sites to mark (review mode), sorted by start.
    pub sites: &'a [SiteMark],
    /// Pending suggestions to draw.
    pub suggestions: SuggestionMarks<'a>,
    /// Where the document's `date URL` header line ends (0: none); it is
    /// metadata, drawn smaller and dimmed.
    pub header_end: usize,
    /// The candidate target of a link being made (by keyboard, or under a
    /// link drag), outlined: its code-point range.
    pub link_target: Option<(usize, usize)>,
    /// Which links are drawn.
    pub links_shown: LinksShown,
    /// The link being made, drawn as a preview arc.
    pub link_preview: Option<&'a LinkPreview>,
}

/// The pending suggestions to draw, unlike real spans: a light fill and a
/// dashed outline in the label's colour, the tag ending in "?".
#[derive(Debug, Clone, Copy, Default)]
pub struct SuggestionMarks<'a> {
    /// The suggestions, in canonical order.
    pub pending: &'a [Suggestion],
    /// The one being decided on (an index into `pending`).
    pub current: Option<usize>,
    /// Only suggestions of this label are drawn (all without one).
    pub only: Option<&'a str>,
    /// The longest suggestion in code points (to find those overlapping a
    /// block without looking at all of them).
    pub longest: usize,
}

impl<'a> SuggestionMarks<'a> {
    /// The marks of `pending` (of label `only`, when given), with `current`
    /// highlighted.
    pub fn new(pending: &'a [Suggestion], current: Option<usize>, only: Option<&'a str>) -> Self {
        let longest = pending
            .iter()
            .map(|s| s.span.end - s.span.start)
            .max()
            .unwrap_or(0);
        Self {
            pending,
            current,
            only,
            longest,
        }
    }

    /// The suggestions shown overlapping `[start, end)`, with their indexes.
    fn overlapping(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, &'a Suggestion)> + 'a {
        let first = self
            .pending
            .partition_point(|s| s.span.start + self.longest <= start);
        let only = self.only;
        self.pending[first..]
            .iter()
            .enumerate()
            .take_while(move |(_, s)| s.span.start < end)
            .filter(move |(_, s)| s.span.end > start && is_of(s, only))
            .map(move |(i, s)| (first + i, s))
    }
}

/// A disagreement site framed in the text in review mode.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteMark {
    /// First code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// Short text drawn beside it (`only A`, `boundary`, …).
    pub tag: String,
    /// The colour of its kind.
    pub color: Color32,
    /// Whether it is decided (drawn faintly).
    pub resolved: bool,
    /// Whether it is the current site (drawn strongly).
    pub current: bool,
}

/// What the user did in the view this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextViewEvent {
    /// The text selection changed (`None`: cleared).
    Select(Option<(usize, usize)>),
    /// A span of the current layer was clicked.
    ClickSpan(SpanId),
    /// A pending suggestion (index into [`TextViewInput::suggestions`])
    /// was clicked where no span of the current layer is.
    ClickSuggestion(usize),
    /// Text outside any span was clicked.
    ClickEmpty,
    /// The pointer is over this code point (or over no text).
    Hover(Option<usize>),
    /// A link drag from span `source` goes on (or, `dropped`, ends), the
    /// pointer over code point `over` (or over no text).
    LinkDrag {
        /// The span the drag started on.
        source: SpanId,
        /// The code point under the pointer.
        over: Option<usize>,
        /// Whether the button was released: the link is dropped there.
        dropped: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    doc: DocId,
    wrap_width: u32,
    font_size: u32,
    line_height: u32,
    dark: bool,
}

/// The view's state between frames: galley cache, block heights, the drag
/// in progress and where blocks were drawn (for hit-testing).
#[derive(Default)]
pub struct TextView {
    key: Option<CacheKey>,
    galleys: HashMap<usize, Arc<Galley>>,
    heights: Vec<f32>,
    drag_anchor: Option<usize>,
    /// The span a link drag started on, while it goes on.
    link_source: Option<SpanId>,
    /// Where the selected span's link handle was drawn in the last frame.
    link_handle: Option<Pos2>,
    drawn: Vec<(usize, Pos2)>,
    /// A keyboard scroll for the next frame.
    scroll: Option<Scroll>,
    /// Where the view stood in the last frame.
    place: Option<ScrollPlace>,
    /// The arcs of the laid-out blocks.
    arcs: ArcCache,
    /// The code point under the pointer in the last frame.
    hovered: Option<usize>,
}

impl TextView {
    /// Number of galleys currently cached (for tests and benchmarks).
    pub fn cached_galleys(&self) -> usize {
        self.galleys.len()
    }

    /// Where code point `pos` was drawn in the last frame (screen
    /// coordinates of its top-left corner and its row height), if visible.
    pub fn screen_rect_of(&self, blocks: &[Block], pos: usize) -> Option<Rect> {
        let block = block_of(blocks, pos);
        let (_, top_left) = self.drawn.iter().find(|(b, _)| *b == block)?;
        let galley = self.galleys.get(&block)?;
        let local = char_pos(galley, pos - blocks[block].start);
        let row_height = galley.rows.first().map_or(0.0, |r| r.rect().height());
        Some(Rect::from_min_size(
            *top_left + local.to_vec2(),
            vec2(1.0, row_height),
        ))
    }

    /// Scrolls the view by `scroll` in its next frame.
    pub fn scroll(&mut self, scroll: Scroll) {
        self.scroll = Some(scroll);
    }

    /// Draws the view and returns what the user did.
    pub fn ui(&mut self, ui: &mut Ui, input: &TextViewInput<'_>) -> Vec<TextViewEvent> {
        let mut events = Vec::new();
        let mut area = ScrollArea::vertical()
            .id_salt("text_view")
            .auto_shrink([false, false]);
        if let (Some(scroll), Some(place)) = (self.scroll.take(), self.place) {
            area = area.vertical_scroll_offset(scroll.offset_from(place, line_height(input)));
        }
        let output = area.show_viewport(ui, |ui, viewport| {
            self.contents_ui(ui, viewport, input, &mut events);
        });
        self.place = Some(ScrollPlace {
            offset: output.state.clamped_offset().y,
            page: output.inner_rect.height(),
            content: output.content_size.y,
        });
        events
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        input: &TextViewInput<'_>,
        events: &mut Vec<TextViewEvent>,
    ) {
        let font_size = input.font_size;
        let line_height = line_height(input);
        let width = ui.available_width();
        let wrap_width = (width - 2.0 * MARGIN).max(60.0);
        self.reset_if_changed(
            CacheKey {
                doc: input.doc_id.clone(),
                wrap_width: wrap_width.round() as u32,
                font_size: (font_size * 10.0) as u32,
                line_height: line_height as u32,
                dark: ui.visuals().dark_mode,
            },
            input,
            wrap_width,
            line_height,
        );
        let total: f32 = self.heights.iter().sum::<f32>() + MARGIN * 2.0;
        let (rect, response) = ui.allocate_exact_size(
            vec2(width, total.max(viewport.height())),
            Sense::click_and_drag(),
        );
        let origin = rect.min + vec2(MARGIN, MARGIN);
        let font = FontId::proportional(font_size);
        let color = ui.visuals().text_color();
        // Each galley is drawn half a gutter down its block: the gutter of
        // its first row is above it, inside the block.
        let gutter = gutter(input);
        let focus = Focus::new(input, self.hovered);
        self.arcs.refresh(input, &focus);
        let arc_style = (&focus, ui.visuals().panel_fill);

        // Visible blocks: lay out (cached) and draw.
        self.drawn.clear();
        let mut y = 0.0;
        let mut first = 0;
        while first < self.heights.len() && y + self.heights[first] < viewport.min.y - MARGIN {
            y += self.heights[first];
            first += 1;
        }
        let painter = ui.painter_at(rect);
        let mut block_index = first;
        while block_index < input.blocks.len() && y < viewport.max.y {
            let galley = self.galley(
                ui,
                input,
                block_index,
                &font,
                color,
                wrap_width,
                line_height,
            );
            let rows = block_line_height(input, &input.blocks[block_index], line_height);
            let height = galley.size().y.max(rows);
            self.heights[block_index] = height;
            // Half the gutter, for blocks that have one.
            let shift = (rows - (line_height - gutter)) * 0.5;
            let top_left = origin + vec2(0.0, y + shift);
            self.drawn.push((block_index, top_left));
            let arcs = if gutter > 0.0 {
                self.arcs
                    .block(&painter, input, block_index, &galley, (shift, height))
            } else {
                Arc::default()
            };
            paint_block(
                &painter,
                ui.visuals(),
                input,
                &input.blocks[block_index],
                &galley,
                top_left,
                (&arcs, arc_style),
            );
            y += height;
            block_index += 1;
        }

        if let Some(target) = input.scroll_to {
            let block = block_of(input.blocks, target);
            let top: f32 = self.heights[..block].iter().sum();
            let within = self
                .galleys
                .get(&block)
                .map_or(0.0, |g| char_pos(g, target - input.blocks[block].start).y);
            let target_rect = Rect::from_min_size(
                origin + vec2(0.0, top + within + gutter / 2.0),
                vec2(1.0, line_height),
            );
            ui.scroll_to_rect(target_rect, Some(Align::Center));
        }
        self.link_handle_ui(ui, &response, input);
        self.interact(ui, &response, input, events);
    }

    fn reset_if_changed(
        &mut self,
        key: CacheKey,
        input: &TextViewInput<'_>,
        wrap_width: f32,
        line_height: f32,
    ) {
        if self.key.as_ref() == Some(&key) && self.heights.len() == input.blocks.len() {
            return;
        }
        let same_doc = self.key.as_ref().is_some_and(|k| k.doc == key.doc);
        self.key = Some(key);
        self.galleys.clear();
        self.arcs.clear();
        if !same_doc {
            self.drag_anchor = None;
            self.link_source = None;
        }
        let char_width = input.font_size * 0.48;
        self.heights = input
            .blocks
            .iter()
            .map(|b| {
                let rows = ((b.end - b.start) as f32 * char_width / wrap_width)
                    .ceil()
                    .max(1.0);
                rows * block_line_height(input, b, line_height)
            })
            .collect();
    }

    #[allow(clippy::too_many_arguments)]
    fn galley(
        &mut self,
        ui: &Ui,
        input: &TextViewInput<'_>,
        block: usize,
        font: &FontId,
        color: Color32,
        wrap_width: f32,
        line_height: f32,
    ) -> Arc<Galley> {
        self.galleys
            .entry(block)
            .or_insert_with(|| {
                let header = input.blocks[block].start < input.header_end;
                let (font_id, color) = if header {
                    let smaller = FontId::proportional(font.size * HEADER_SCALE);
                    (smaller, ui.visuals().weak_text_color())
                } else {
                    (font.clone(), color)
                };
                let mut job = LayoutJob::single_section(
                    input.blocks[block].text(input.text).to_owned(),
                    TextFormat {
                        font_id,
                        color,
                        line_height: Some(block_line_height(
                            input,
                            &input.blocks[block],
                            line_height,
                        )),
                        ..TextFormat::default()
                    },
                );
                job.wrap.max_width = wrap_width;
                ui.fonts_mut(|f| f.layout_job(job))
            })
            .clone()
    }

    /// The boundary between code points nearest to `pos`, over all drawn blocks.
    fn boundary_at(&self, input: &TextViewInput<'_>, pos: Pos2) -> Option<usize> {
        let (block, top_left) = self.block_at(pos)?;
        let galley = self.galleys.get(&block)?;
        Some(input.blocks[block].start + boundary_at(galley, pos - top_left))
    }

    /// The code point under `pos` (screen coordinates of the last frame),
    /// if it is on text: for finding the span under the pointer.
    pub fn char_at(&self, input: &TextViewInput<'_>, pos: Pos2) -> Option<usize> {
        let (block, top_left) = self.block_at(pos)?;
        let galley = self.galleys.get(&block)?;
        let local = pos - top_left;
        if local.y < 0.0 || local.y > galley.size().y || local.x > galley.size().x + 1.0 {
            return None;
        }
        let b = &input.blocks[block];
        char_at(galley, b.end - b.start, local).map(|c| b.start + c)
    }

    fn block_at(&self, pos: Pos2) -> Option<(usize, Pos2)> {
        let after = self
            .drawn
            .partition_point(|(_, top_left)| top_left.y <= pos.y);
        self.drawn.get(after.saturating_sub(1)).copied()
    }

    fn interact(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &TextViewInput<'_>,
        events: &mut Vec<TextViewEvent>,
    ) {
        let exact = ui.input(|i| i.modifiers.alt);
        let select = |anchor: usize, here: usize| {
            let (a, b) = (anchor.min(here), anchor.max(here));
            if a == b {
                return None;
            }
            Some(if exact {
                (a, b)
            } else {
                snap_to_tokens(input.text, input.chars, a, b)
            })
        };
        if response.drag_started() && !self.start_link_drag(ui, input) {
            let origin = ui.input(|i| i.pointer.press_origin());
            self.drag_anchor = origin.and_then(|p| self.boundary_at(input, p));
        }
        self.link_drag_ui(ui, response, input, events);
        if let (Some(anchor), Some(pos)) = (self.drag_anchor, response.interact_pointer_pos())
            && (response.dragged() || response.drag_stopped())
            && let Some(here) = self.boundary_at(input, pos)
        {
            events.push(TextViewEvent::Select(select(anchor, here)));
        }
        if response.drag_stopped() {
            self.drag_anchor = None;
        }
        if response.double_clicked() {
            let word = response
                .interact_pointer_pos()
                .and_then(|p| self.char_at(input, p))
                .and_then(|c| token_at(input.text, input.chars, c));
            events.push(TextViewEvent::Select(word));
        } else if response.clicked() {
            let hit = response
                .interact_pointer_pos()
                .and_then(|p| self.char_at(input, p));
            let suggestion = |c: usize| {
                input
                    .suggestions
                    .overlapping(c, c + 1)
                    .min_by_key(|(_, s)| s.span.end - s.span.start)
                    .map(|(i, _)| i)
            };
            let event = match hit {
                Some(c) => match innermost_span(&input.layer, c) {
                    Some(span) => TextViewEvent::ClickSpan(span.id.clone()),
                    None => suggestion(c)
                        .map_or(TextViewEvent::ClickEmpty, TextViewEvent::ClickSuggestion),
                },
                None => TextViewEvent::ClickEmpty,
            };
            events.push(event);
        }
        let hovered = response.hover_pos().and_then(|p| self.char_at(input, p));
        if hovered != self.hovered {
            self.hovered = hovered;
            if input.links_shown != LinksShown::Hidden && input.links_shown != LinksShown::All {
                ui.ctx().request_repaint();
            }
        }
        events.push(TextViewEvent::Hover(hovered));
        if let Some(pos) = hovered {
            let suggested: Vec<(String, &Span)> = input
                .suggestions
                .overlapping(pos, pos + 1)
                .map(|(_, s)| (format!("suggestion · {}", s.origin.describe()), &s.span))
                .collect();
            // A suggestion's references name spans of a layer not drawn
            // here: they show as ids.
            let mut under: Vec<Hovered<'_>> = std::iter::once(&input.layer)
                .chain(&input.overlays)
                .flat_map(|layer| {
                    spans_at(layer, pos).map(move |s| (layer.name.as_str(), s, layer.spans))
                })
                .chain(
                    suggested
                        .iter()
                        .map(|(owner, s)| (owner.as_str(), *s, &[][..])),
                )
                .collect();
            under.sort_by_key(|(_, s, _)| s.end - s.start);
            if !under.is_empty() && self.drag_anchor.is_none() && self.link_source.is_none() {
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| hover_details_ui(ui, input, &under));
            }
        }
    }
}

fn spans_at<'a>(layer: &'a LayerView<'_>, pos: usize) -> impl Iterator<Item = &'a Span> + 'a {
    layer
        .index
        .overlapping(layer.spans, pos, pos + 1)
        .map(|i| &layer.spans[i])
}

/// The shortest span of the layer covering `pos`.
fn innermost_span<'a>(layer: &'a LayerView<'_>, pos: usize) -> Option<&'a Span> {
    spans_at(layer, pos).min_by_key(|s| (s.end - s.start, s.start))
}

/// A span under the pointer: who it belongs to, the span, and the spans
/// of its layer (its references' targets).
type Hovered<'a> = (&'a str, &'a Span, &'a [Span]);

fn hover_details_ui(ui: &mut Ui, input: &TextViewInput<'_>, spans: &[Hovered<'_>]) {
    for &(owner, span, layer) in spans {
        let covered: String = input
            .text
            .get(
                input.chars.char_to_byte(input.text, span.start)
                    ..input.chars.char_to_byte(input.text, span.end),
            )
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect();
        ui.horizontal(|ui| {
            if let Some(label) = input.schema.label(&span.label) {
                ui.colored_label(
                    theme::label_color(label),
                    egui::RichText::new(&span.label).strong(),
                );
            } else {
                ui.label(&span.label);
            }
            ui.weak(format!(
                "{} [{}, {}) · {owner}",
                span.id, span.start, span.end
            ));
        });
        ui.label(format!("\u{201C}{covered}\u{201D}"));
        for shown in shown_attributes(input.schema, input.text, layer, span) {
            ui.horizontal(|ui| {
                ui.label(format!("  {}: {}", shown.name, shown.value));
                if let Some(ids) = shown.ids {
                    ui.weak(ids);
                }
            });
        }
        ui.separator();
    }
}

/// Paints one block: fills, find matches, selection, text, underlines,
/// overlays, the arcs of links, tags, outline of the selected span.
/// The find matches' and the selection's fills in `block`.
fn paint_find_and_selection(
    painter: &Painter,
    visuals: &Visuals,
    input: &TextViewInput<'_>,
    block: &Block,
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) {
    for (i, &(s, e)) in input.matches.iter().enumerate() {
        if e > block.start && s < block.end {
            for r in rects(s, e) {
                let current = input.current_match == Some(i);
                painter.rect_filled(r, 2.0, theme::match_fill(current, visuals.dark_mode));
            }
        }
    }
    if let Some((s, e)) = input.selection
        && e > block.start
        && s < block.end
    {
        let fill = visuals.selection.bg_fill.gamma_multiply(0.6);
        for r in rects(s, e) {
            painter.rect_filled(r, 0.0, fill);
        }
    }
}

fn paint_block(
    painter: &Painter,
    visuals: &Visuals,
    input: &TextViewInput<'_>,
    block: &Block,
    galley: &Arc<Galley>,
    top_left: Pos2,
    (arcs, arc_style): (&[DrawnArc], (&Focus, Color32)),
) {
    let dark = visuals.dark_mode;
    let half_glyph = input.font_size * 0.62;
    let rects = |start: usize, end: usize| -> Vec<Rect> {
        let (s, e) = (
            start.max(block.start) - block.start,
            end.min(block.end).saturating_sub(block.start),
        );
        range_rects(galley, s, e)
            .into_iter()
            .map(|r| {
                let center = r.center().y;
                Rect::from_x_y_ranges(r.x_range(), (center - half_glyph)..=(center + half_glyph))
                    .translate(top_left.to_vec2())
            })
            .collect()
    };
    let visible: Vec<&Span> = input
        .layer
        .index
        .overlapping(
            input.layer.spans,
            block.start,
            block.end.max(block.start + 1),
        )
        .map(|i| &input.layer.spans[i])
        .collect();
    for span in &visible {
        if let Some(label) = input.schema.label(&span.label) {
            for r in rects(span.start, span.end) {
                painter.rect_filled(r, 2.0, theme::label_fill(label, dark));
            }
        }
    }
    let suggested: Vec<(usize, &Suggestion)> = input
        .suggestions
        .overlapping(block.start, block.end.max(block.start + 1))
        .collect();
    for (_, suggestion) in &suggested {
        if let Some(label) = input.schema.label(&suggestion.span.label) {
            for r in rects(suggestion.span.start, suggestion.span.end) {
                painter.rect_filled(r, 2.0, theme::label_fill(label, dark).gamma_multiply(0.45));
            }
        }
    }
    paint_find_and_selection(painter, visuals, input, block, &rects);
    painter.galley(top_left, galley.clone(), Color32::PLACEHOLDER);
    let levels = nesting_levels(&visible);
    let overlay_base = levels.iter().map(|(level, _)| level + 1).max().unwrap_or(0);
    for (level, span) in levels {
        let Some(label) = input.schema.label(&span.label) else {
            continue;
        };
        let stroke = Stroke::new(UNDERLINE.0, theme::label_color(label));
        for r in rects(span.start, span.end) {
            let y = r.max.y + 1.0 + UNDERLINE.1 * level as f32;
            painter.line_segment([pos2(r.min.x, y), pos2(r.max.x, y)], stroke);
        }
    }
    paint_overlays(painter, input, block, overlay_base, &rects);
    paint_arcs(painter, input, arcs, top_left, arc_style);
    // The label tags go beside the sites' tags, never on them.
    let mut tags = paint_sites(painter, input, block, half_glyph, &rects);
    paint_suggestions(
        painter,
        input,
        &suggested,
        (half_glyph, visuals.panel_fill),
        &rects,
    );
    if input.label_tags {
        let shelf = (half_glyph, &mut tags);
        paint_tags(painter, input, block, galley, top_left, &visible, shelf);
    }
    link_drag::paint_link_target(painter, visuals, input, block, &rects);
    if let Some(selected) = input
        .selected_span
        .and_then(|id| visible.iter().find(|s| &s.id == id))
    {
        let stroke = Stroke::new(2.0, visuals.strong_text_color());
        for r in rects(selected.start, selected.end) {
            painter.rect_stroke(r.expand(1.5), 3.0, stroke, egui::StrokeKind::Outside);
        }
    }
}

/// Other annotators' spans as dashed underlines below the current layer's
/// underlines (`base_level` and down), one level per annotator.
fn paint_overlays(
    painter: &Painter,
    input: &TextViewInput<'_>,
    block: &Block,
    base_level: usize,
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) {
    for (k, overlay) in input.overlays.iter().enumerate() {
        for i in
            overlay
                .index
                .overlapping(overlay.spans, block.start, block.end.max(block.start + 1))
        {
            let span = &overlay.spans[i];
            let Some(label) = input.schema.label(&span.label) else {
                continue;
            };
            let stroke = Stroke::new(1.5, theme::label_color(label).gamma_multiply(0.7));
            // Each layer its own line style, so who marked what stays
            // readable: dashed, dotted, long dashes, then again.
            let (dash, gap) = [(4.0, 2.0), (1.5, 1.5), (8.0, 3.0)][k % 3];
            for r in rects(span.start, span.end) {
                let y = r.max.y + 1.0 + UNDERLINE.1 * (base_level + k) as f32;
                painter.add(egui::Shape::dashed_line(
                    &[pos2(r.min.x, y), pos2(r.max.x, y)],
                    stroke,
                    dash,
                    gap,
                ));
            }
        }
    }
}

/// Frames the disagreement sites of review mode in their kind's colour,
/// with a tag (`only A`, `boundary`, …) above the site's end; returns the
/// tags' boxes.
fn paint_sites(
    painter: &Painter,
    input: &TextViewInput<'_>,
    block: &Block,
    half_glyph: f32,
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) -> Vec<Rect> {
    let first = input.sites.partition_point(|m| m.end <= block.start);
    let tag_font = FontId::proportional((half_glyph * 0.9).max(8.0));
    let mut placed: Vec<Rect> = Vec::new();
    for mark in input.sites[first..]
        .iter()
        .take_while(|m| m.start < block.end.max(block.start + 1))
    {
        let color = if mark.resolved {
            Color32::GRAY.gamma_multiply(0.7)
        } else {
            mark.color
        };
        let width = if mark.current { 2.5 } else { 1.2 };
        let parts = rects(mark.start, mark.end);
        for r in &parts {
            let frame = r.expand2(vec2(2.0, 2.0));
            if mark.current {
                painter.rect_filled(frame, 3.0, color.gamma_multiply(0.12));
            }
            painter.rect_stroke(
                frame,
                3.0,
                Stroke::new(width, color),
                egui::StrokeKind::Outside,
            );
        }
        if mark.end <= block.end
            && let Some(last) = parts.last()
        {
            let text = if mark.resolved {
                format!("✔ {}", mark.tag)
            } else {
                mark.tag.clone()
            };
            let tag = painter.layout_no_wrap(text, tag_font.clone(), Color32::WHITE);
            let rect = tag_box(
                &tag,
                pos2(last.max.x, last.min.y - 2.0),
                Align2::RIGHT_BOTTOM,
            );
            // A neighbour's tag already there: this one goes beside it, on
            // the side of this site's end.
            let rect = place_tag(&mut placed, rect, Side::Right);
            draw_tag(painter, tag, rect, color, None);
        }
    }
    placed
}

/// Pending suggestions: a dashed outline in the label's colour (solid and
/// thicker for the current one) and one tag per stack of overlapping
/// suggestions (see [`paint_suggestion_tags`]).
fn paint_suggestions(
    painter: &Painter,
    input: &TextViewInput<'_>,
    marks: &[(usize, &Suggestion)],
    (half_glyph, background): (f32, Color32),
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) {
    for &(index, suggestion) in marks {
        let Some(label) = input.schema.label(&suggestion.span.label) else {
            continue;
        };
        let current = input.suggestions.current == Some(index);
        let color = theme::label_color(label);
        for r in rects(suggestion.span.start, suggestion.span.end) {
            let frame = r.expand(1.0);
            if current {
                painter.rect_stroke(
                    frame.expand(1.0),
                    3.0,
                    Stroke::new(2.5, color),
                    egui::StrokeKind::Outside,
                );
            } else {
                let corners = [
                    frame.left_top(),
                    frame.right_top(),
                    frame.right_bottom(),
                    frame.left_bottom(),
                    frame.left_top(),
                ];
                painter.add(egui::Shape::dashed_line(
                    &corners,
                    Stroke::new(1.3, color),
                    4.0,
                    3.0,
                ));
            }
        }
    }
    if input.label_tags {
        paint_suggestion_tags(painter, input, marks, (half_glyph, background), rects);
    }
}

/// One tag per stack of overlapping suggestions, so nested ones stay
/// readable: the current suggestion's when it is in the stack, else the
/// longest's, at its end, as "label?" and how many more the stack holds.
fn paint_suggestion_tags(
    painter: &Painter,
    input: &TextViewInput<'_>,
    marks: &[(usize, &Suggestion)],
    (half_glyph, background): (f32, Color32),
    rects: &dyn Fn(usize, usize) -> Vec<Rect>,
) {
    let tag_font = FontId::proportional((half_glyph * 0.85).max(8.0));
    let extents: Vec<(usize, usize)> = marks
        .iter()
        .map(|(_, s)| (s.span.start, s.span.end))
        .collect();
    // Tags already drawn: the tag of a stack ending where the previous one's
    // tag is goes to its left instead of on top.
    let mut placed: Vec<Rect> = Vec::new();
    for stack in stacks::stacks(&extents) {
        let members = &marks[stack];
        let Some(&(index, suggestion)) = members
            .iter()
            .find(|(i, _)| input.suggestions.current == Some(*i))
            .or_else(|| {
                members.iter().min_by_key(|(_, s)| {
                    (std::cmp::Reverse(s.span.end - s.span.start), s.span.start)
                })
            })
        else {
            continue;
        };
        let (Some(label), Some(last)) = (
            input.schema.label(&suggestion.span.label),
            rects(suggestion.span.start, suggestion.span.end)
                .last()
                .copied(),
        ) else {
            continue;
        };
        let color = theme::label_color(label);
        let text = match members.len() - 1 {
            0 => format!("{}?", suggestion.span.label),
            more => format!("{}? +{more}", suggestion.span.label),
        };
        let tag = painter.layout_no_wrap(text, tag_font.clone(), color);
        let rect = tag_box(
            &tag,
            pos2(last.max.x, last.min.y - 2.0),
            Align2::RIGHT_BOTTOM,
        );
        let rect = place_tag(&mut placed, rect, Side::Left);
        let current = input.suggestions.current == Some(index);
        let width = if current { 2.0 } else { 1.0 };
        draw_tag(
            painter,
            tag,
            rect,
            background,
            Some(Stroke::new(width, color)),
        );
    }
}

/// Small label tags above the first character of each span starting here,
/// beside the tags already `placed`.
fn paint_tags(
    painter: &Painter,
    input: &TextViewInput<'_>,
    block: &Block,
    galley: &Galley,
    top_left: Pos2,
    visible: &[&Span],
    (half_glyph, placed): (f32, &mut Vec<Rect>),
) {
    let tag_font = FontId::proportional((half_glyph * 0.95).max(8.0));
    for span in visible.iter().filter(|s| s.start >= block.start) {
        let Some(label) = input.schema.label(&span.label) else {
            continue;
        };
        let rows = range_rects(
            galley,
            span.start - block.start,
            (span.start - block.start + 1).min(block.end - block.start),
        );
        let Some(first) = rows.first() else { continue };
        let fill = theme::label_color(label);
        let tag =
            painter.layout_no_wrap(span.label.clone(), tag_font.clone(), theme::text_on(fill));
        let bottom = first.center().y - half_glyph - 1.0;
        let rect = tag_box(
            &tag,
            pos2(first.min.x, bottom) + top_left.to_vec2(),
            Align2::LEFT_BOTTOM,
        );
        let rect = place_tag(placed, rect, Side::Right);
        draw_tag(painter, tag, rect, fill, None);
    }
}

/// The box of a tag whose text is `tag` (3 points of padding left and
/// right), placed with its `anchor` corner at `at`.
fn tag_box(tag: &Galley, at: Pos2, anchor: Align2) -> Rect {
    anchor.anchor_size(at, tag.size() + vec2(6.0, 0.0))
}

/// Which way a tag moves to clear the tags placed before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// `rect` moved towards `side`, past each tag of `placed` it would cover,
/// until it covers none (tags side by side, never on top of each other);
/// the result is added to `placed`.
fn place_tag(placed: &mut Vec<Rect>, mut rect: Rect, side: Side) -> Rect {
    while let Some(taken) = placed.iter().find(|p| p.intersects(rect)) {
        let shift = match side {
            Side::Left => taken.min.x - 2.0 - rect.max.x,
            Side::Right => taken.max.x + 2.0 - rect.min.x,
        };
        rect = rect.translate(vec2(shift, 0.0));
    }
    placed.push(rect);
    rect
}

/// Draws a tag: its box filled (and outlined, inside, when `outline` is
/// given), then its text.
fn draw_tag(
    painter: &Painter,
    tag: Arc<Galley>,
    rect: Rect,
    fill: Color32,
    outline: Option<Stroke>,
) {
    painter.rect_filled(rect, 3.0, fill);
    if let Some(stroke) = outline {
        painter.rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Inside);
    }
    painter.galley(rect.min + vec2(3.0, 0.0), tag, Color32::PLACEHOLDER);
}

/// Assigns each span the lowest underline level not taken by an overlapping
/// span that starts earlier (outer spans first), so nested and overlapping
/// spans all stay visible.
fn nesting_levels<'a>(spans: &[&'a Span]) -> Vec<(usize, &'a Span)> {
    let mut order: Vec<&Span> = spans.to_vec();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut level_ends: Vec<usize> = Vec::new();
    order
        .into_iter()
        .map(|span| {
            let level = level_ends
                .iter()
                .position(|&end| end <= span.start)
                .unwrap_or(level_ends.len());
            if level == level_ends.len() {
                level_ends.push(span.end);
            } else {
                level_ends[level] = span.end;
            }
            (level, span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_neighbouring_sites_are_placed_side_by_side_not_on_top() {
        let tag = |x: f32| Rect::from_min_size(pos2(x, 10.0), vec2(40.0, 12.0));
        let mut placed = Vec::new();
        let first = place_tag(&mut placed, tag(100.0), Side::Right);
        let second = place_tag(&mut placed, tag(90.0), Side::Right);
        let third = place_tag(&mut placed, tag(95.0), Side::Right);
        assert_eq!(first, tag(100.0), "the first tag stays where it belongs");
        assert!((second.min.x - (first.max.x + 2.0)).abs() < 1e-3);
        assert!((third.min.x - (second.max.x + 2.0)).abs() < 1e-3);
        let leftwards = place_tag(&mut placed, tag(110.0), Side::Left);
        assert!(placed[..3].iter().all(|p| !p.intersects(leftwards)));
        assert!(leftwards.max.x <= first.min.x);
        let other_row = place_tag(
            &mut placed,
            tag(100.0).translate(vec2(0.0, 30.0)),
            Side::Right,
        );
        assert_eq!(
            other_row,
            tag(100.0).translate(vec2(0.0, 30.0)),
            "tags on another line do not move"
        );
    }

    #[test]
    fn nested_and_overlapping_spans_get_distinct_levels() {
        let spans = [
            Span::new(SpanId::from("claim"), 0, 30, "claim"),
            Span::new(SpanId::from("a1"), 0, 5, "actor"),
            Span::new(SpanId::from("a2"), 10, 15, "actor"),
            Span::new(SpanId::from("late"), 31, 40, "date"),
        ];
        let refs: Vec<&Span> = spans.iter().collect();
        let levels: Vec<(usize, &str)> = nesting_levels(&refs)
            .into_iter()
            .map(|(l, s)| (l, s.id.as_str()))
            .collect();
        assert_eq!(levels, [(0, "claim"), (1, "a1"), (1, "a2"), (0, "late")]);
    }
}
