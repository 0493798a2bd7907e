//! Drawing links in the text view: which links a block shows (the shown
//! layer's, the compared annotators' in review mode, the link being made),
//! where their ends are in the block's galley, their arcs laid out once per
//! block and cached, and the painting in each layer's style (solid for the
//! annotator's own or gold's, dashed for A, dotted for B), faded or in full
//! as *View → Links* says.

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::text::cursor::CCursor;
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use super::arcs::{ArcPath, ArcRequest, BlockGeom, End, RowGeom, layout};
use super::geometry::range_rects;
use super::link_index::LinkIndex;
use super::{Block, LayerView, TextViewInput};
use crate::model::Span;
use crate::ui::links::LinksShown;
use crate::ui::theme;

/// Lanes in the gutter above each row.
const LANES: usize = 2;

/// The height of one lane of the gutter, for text of `font_size`.
pub fn lane_height(font_size: f32) -> f32 {
    (font_size * 0.9).round().max(10.0)
}

/// The height of the gutter above each row: room for arcs when the schema
/// has span references and links are shown (or a link is being made, even
/// with links hidden), else none (the text keeps its spacing).
pub fn gutter(input: &TextViewInput<'_>) -> f32 {
    // Room for links whenever the schema has references, linked or not
    // yet: the lines must not move when the first link is made or when a
    // drag starts showing its preview.
    let links = input.links_shown != LinksShown::Hidden
        && crate::model::links::reference_attributes(input.schema)
            .next()
            .is_some();
    if links || input.link_preview.is_some() {
        LANES as f32 * lane_height(input.font_size) + 6.0
    } else {
        0.0
    }
}

/// Who an arc belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArcOwner {
    /// Layer `n` of the view: 0 the shown layer, then the overlays.
    Layer(usize),
    /// The link being made.
    Preview,
}

/// One arc of a block, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArc {
    /// Whose link it is.
    pub owner: ArcOwner,
    /// The source span (index into the owner's spans).
    pub source: usize,
    /// The target span.
    pub target: usize,
    /// The reference attribute.
    pub attribute: String,
    /// Where it runs, relative to the block's galley.
    pub path: ArcPath,
}

/// The link being made, resolved in the shown layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreviewLink {
    /// The source span's index.
    pub source: usize,
    /// The target span's index.
    pub target: usize,
    /// The attribute.
    pub attribute: String,
}

/// What the cached layouts were made for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ArcsKey {
    revisions: Vec<u64>,
    /// The spans (per layer) whose links are drawn, when not all are: those
    /// in focus in *Selected* mode, none in *Hidden* mode (the preview
    /// alone).
    only: Option<Vec<Vec<usize>>>,
    preview: Option<PreviewLink>,
}

/// The arcs of each laid-out block, kept until the links, the galleys or
/// what is shown change.
#[derive(Default)]
pub struct ArcCache {
    key: Option<ArcsKey>,
    blocks: HashMap<usize, Arc<Vec<DrawnArc>>>,
}

/// The spans, per layer of the view, whose links are drawn in full: the
/// selected span and the one under the pointer (and, in the compared
/// layers, their spans over the same text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus {
    /// Span indices, per layer (0 the shown layer, then the overlays).
    pub spans: Vec<Vec<usize>>,
}

impl Focus {
    /// The focus of `input` with the pointer over code point `hovered`.
    pub fn new(input: &TextViewInput<'_>, hovered: Option<usize>) -> Self {
        let selected = input
            .selected_span
            .and_then(|id| input.layer.spans.iter().find(|s| &s.id == id))
            .map(|s| (s.start, s.end));
        let spans = std::iter::once(&input.layer)
            .chain(&input.overlays)
            .map(|layer| {
                let mut found: Vec<usize> = selected
                    .map(|(s, e)| {
                        layer
                            .index
                            .overlapping(layer.spans, s, e)
                            .filter(|&i| (layer.spans[i].start, layer.spans[i].end) == (s, e))
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(i) = hovered.and_then(|c| innermost_index(layer, c)) {
                    found.push(i);
                }
                found.sort_unstable();
                found.dedup();
                found
            })
            .collect();
        Self { spans }
    }

    fn holds(&self, owner: ArcOwner, arc: &DrawnArc) -> bool {
        match owner {
            ArcOwner::Preview => true,
            ArcOwner::Layer(n) => self
                .spans
                .get(n)
                .is_some_and(|s| s.contains(&arc.source) || s.contains(&arc.target)),
        }
    }
}

/// The index (in the layer's spans) of the shortest span covering `pos`:
/// the span under the pointer, for the linking commands too.
pub fn innermost_index(layer: &LayerView<'_>, pos: usize) -> Option<usize> {
    layer
        .index
        .overlapping(layer.spans, pos, pos + 1)
        .min_by_key(|&i| {
            (
                layer.spans[i].end - layer.spans[i].start,
                layer.spans[i].start,
            )
        })
}

impl ArcCache {
    /// Forgets every layout (the galleys were laid out again).
    pub fn clear(&mut self) {
        self.blocks.clear();
    }

    /// Keeps the layouts only if they were made for the same links, the
    /// same filter and the same preview.
    pub fn refresh(&mut self, input: &TextViewInput<'_>, focus: &Focus) {
        let key = ArcsKey {
            revisions: layers(input)
                .map(|l| l.links.map_or(0, LinkIndex::revision))
                .collect(),
            only: match input.links_shown {
                LinksShown::Selected => Some(focus.spans.clone()),
                LinksShown::Hidden => Some(Vec::new()),
                LinksShown::Focus | LinksShown::All => None,
            },
            preview: preview(input),
        };
        if self.key.as_ref() != Some(&key) {
            self.blocks.clear();
            self.key = Some(key);
        }
    }

    /// The arcs of block `index` (its galley drawn `shift` below the top of
    /// the block, `height` tall), laid out on first use.
    pub fn block(
        &mut self,
        painter: &Painter,
        input: &TextViewInput<'_>,
        index: usize,
        galley: &Galley,
        (shift, height): (f32, f32),
    ) -> Arc<Vec<DrawnArc>> {
        if let Some(found) = self.blocks.get(&index) {
            return found.clone();
        }
        let only = self.key.as_ref().and_then(|k| k.only.as_ref());
        let preview = self.key.as_ref().and_then(|k| k.preview.as_ref());
        let arcs = Arc::new(lay_out_block(
            painter,
            input,
            &input.blocks[index],
            galley,
            (shift, height),
            (only, preview),
        ));
        self.blocks.insert(index, arcs.clone());
        arcs
    }
}

fn layers<'v, 'a>(input: &'v TextViewInput<'a>) -> impl Iterator<Item = &'v LayerView<'a>> {
    std::iter::once(&input.layer).chain(&input.overlays)
}

/// The link being made, if both its spans are in the shown layer.
fn preview(input: &TextViewInput<'_>) -> Option<PreviewLink> {
    let link = input.link_preview?;
    let find = |id| input.layer.spans.iter().position(|s| &s.id == id);
    Some(PreviewLink {
        source: find(&link.source)?,
        target: find(&link.target)?,
        attribute: link.attribute.clone(),
    })
}

/// The font of the attribute names on the arcs.
fn label_font(input: &TextViewInput<'_>) -> FontId {
    FontId::proportional(lane_height(input.font_size) * 0.78)
}

/// Where a span's arc meets it: above the middle of its row nearest the
/// other end (`last`: its last row), as that row and x.
fn anchor(galley: &Galley, block: &Block, span: &Span, last: bool) -> Option<(usize, f32)> {
    let (s, e) = (
        span.start.max(block.start) - block.start,
        span.end.min(block.end).saturating_sub(block.start),
    );
    let rects = range_rects(galley, s, e);
    let rect = if last { rects.last() } else { rects.first() }?;
    let at = if last { e.max(s + 1) - 1 } else { s };
    let row = galley
        .layout_from_cursor(CCursor {
            index: at.into(),
            prefer_next_row: true,
        })
        .row
        .min(galley.rows.len().saturating_sub(1));
    Some((row, rect.center().x))
}

/// Which end of the block a span is on, seen from its arc: the code point
/// the arc meets decides (its last one when `last`).
fn end_of(galley: &Galley, block: &Block, span: &Span, last: bool) -> End {
    let at = if last {
        span.end.max(span.start + 1) - 1
    } else {
        span.start
    };
    if at < block.start {
        End::Before
    } else if at >= block.end {
        End::After
    } else {
        anchor(galley, block, span, last).map_or(End::After, |(row, x)| End::At { row, x })
    }
}

/// The rows of `galley` and its gutters (relative to the galley, which is
/// drawn `shift` below the top of its block of `height`).
fn block_geom(
    input: &TextViewInput<'_>,
    galley: &Galley,
    (shift, height): (f32, f32),
) -> BlockGeom {
    let half_glyph = input.font_size * 0.62;
    let tags = if input.label_tags {
        input.font_size * 0.8 + 2.0
    } else {
        2.0
    };
    BlockGeom {
        rows: galley
            .rows
            .iter()
            .map(|row| {
                let glyph_top = row.rect().center().y - half_glyph;
                RowGeom {
                    lane_base: glyph_top - tags,
                    foot: glyph_top - 1.0,
                }
            })
            .collect(),
        margin_x: -super::MARGIN / 2.0,
        right_x: galley
            .job
            .wrap
            .max_width
            .min(galley.size().x + super::MARGIN)
            + super::MARGIN / 2.0,
        top: -shift,
        bottom: height - shift,
        lane_height: lane_height(input.font_size),
        lanes: LANES,
    }
}

/// Lays out the arcs of one block: the links of each layer touching it
/// (only those of the given spans, in *Selected* mode) and the preview.
fn lay_out_block(
    painter: &Painter,
    input: &TextViewInput<'_>,
    block: &Block,
    galley: &Galley,
    (shift, height): (f32, f32),
    (only, preview): (Option<&Vec<Vec<usize>>>, Option<&PreviewLink>),
) -> Vec<DrawnArc> {
    let font = label_font(input);
    let mut widths: HashMap<String, f32> = HashMap::new();
    let mut width_of = |name: &str| {
        *widths.entry(name.to_owned()).or_insert_with(|| {
            painter
                .layout_no_wrap(name.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    let mut arcs: Vec<DrawnArc> = Vec::new();
    let mut requests: Vec<ArcRequest> = Vec::new();
    let mut add = |owner, spans: &[Span], source: usize, target: usize, attribute: &str| {
        let (s, t) = (&spans[source], &spans[target]);
        let forward = t.start >= s.start;
        let from = end_of(galley, block, s, forward);
        let to = end_of(galley, block, t, false);
        if matches!(
            (from, to),
            (End::Before, End::Before) | (End::After, End::After)
        ) {
            return;
        }
        requests.push(ArcRequest {
            id: arcs.len(),
            from,
            to,
            label_width: width_of(attribute) + 4.0,
        });
        arcs.push(DrawnArc {
            owner,
            source,
            target,
            attribute: attribute.to_owned(),
            path: ArcPath {
                id: 0,
                points: Vec::new(),
                label: None,
                arrow: None,
                lane: 0,
            },
        });
    };
    for (n, layer) in layers(input).enumerate() {
        let Some(links) = layer.links else { continue };
        let wanted = only.map(|o| o.get(n).map_or(&[][..], Vec::as_slice));
        for mark in links.touching(block.start, block.end.max(block.start + 1)) {
            if wanted.is_some_and(|w| !w.contains(&mark.source) && !w.contains(&mark.target)) {
                continue;
            }
            add(
                ArcOwner::Layer(n),
                layer.spans,
                mark.source,
                mark.target,
                links.name(mark),
            );
        }
    }
    if let Some(p) = preview {
        add(
            ArcOwner::Preview,
            input.layer.spans,
            p.source,
            p.target,
            &format!("{}?", p.attribute),
        );
    }
    let geom = block_geom(input, galley, (shift, height));
    for path in layout(&geom, &requests) {
        let id = path.id;
        arcs[id].path = path;
    }
    arcs
}

/// Paints the arcs of a block whose galley is at `top_left`: faded unless
/// in focus (in *Focus* mode), each layer in its own line style, one
/// arrowhead per target, the attribute names on a plain ground.
pub fn paint_arcs(
    painter: &Painter,
    input: &TextViewInput<'_>,
    arcs: &[DrawnArc],
    top_left: Pos2,
    (focus, background): (&Focus, Color32),
) {
    let shift = top_left.to_vec2();
    let font = label_font(input);
    let mut arrows: Vec<(ArcOwner, Pos2)> = Vec::new();
    for arc in arcs {
        let spans = match arc.owner {
            ArcOwner::Layer(0) | ArcOwner::Preview => input.layer.spans,
            ArcOwner::Layer(n) => input.overlays.get(n - 1).map_or(&[][..], |l| l.spans),
        };
        let Some(source) = spans.get(arc.source) else {
            continue;
        };
        let base = input
            .schema
            .label(&source.label)
            .map_or(Color32::GRAY, theme::label_color);
        let faded = input.links_shown == LinksShown::Focus && !focus.holds(arc.owner, arc);
        let color = if faded {
            base.gamma_multiply(0.5)
        } else {
            base
        };
        let width = match arc.owner {
            ArcOwner::Preview => 2.5,
            ArcOwner::Layer(_) if faded => 1.0,
            ArcOwner::Layer(_) => 1.5,
        };
        let stroke = Stroke::new(width, color);
        let points: Vec<Pos2> = arc.path.points.iter().map(|p| *p + shift).collect();
        match dashes(arc.owner) {
            Some((dash, gap)) => {
                painter.extend(Shape::dashed_line(&points, stroke, dash, gap));
            }
            None => {
                painter.add(Shape::line(points, stroke));
            }
        }
        if let Some(tip) = arc.path.arrow.map(|t| t + shift)
            && !arrows.contains(&(arc.owner, tip))
        {
            arrows.push((arc.owner, tip));
            painter.add(arrowhead(tip, vec2(4.0, 7.0), color));
        }
        if let Some(at) = arc.path.label.map(|l| l + shift) {
            let text = painter.layout_no_wrap(arc.attribute.clone(), font.clone(), color);
            let rect = Rect::from_center_size(at, text.size() + vec2(4.0, 0.0));
            painter.rect_filled(rect, 2.0, background);
            painter.galley(rect.min + vec2(2.0, 0.0), text, Color32::PLACEHOLDER);
        }
    }
}

/// The dash pattern of an owner's arcs: the shown layer's solid, the
/// compared layers' as their underlines (dashed, dotted, long dashes), the
/// preview in long dashes.
fn dashes(owner: ArcOwner) -> Option<(f32, f32)> {
    match owner {
        ArcOwner::Layer(0) => None,
        ArcOwner::Layer(n) => Some([(4.0, 2.0), (1.5, 1.5), (8.0, 3.0)][(n - 1) % 3]),
        ArcOwner::Preview => Some((6.0, 3.0)),
    }
}

/// A filled arrowhead pointing down with its tip at `tip`.
fn arrowhead(tip: Pos2, size: Vec2, color: Color32) -> Shape {
    Shape::convex_polygon(
        vec![
            tip,
            pos2(tip.x - size.x, tip.y - size.y),
            pos2(tip.x + size.x, tip.y - size.y),
        ],
        color,
        Stroke::NONE,
    )
}

#[cfg(test)]
mod tests {
    use egui::epaint::text::{LayoutJob, TextFormat};
    use egui::{Context, RawInput, Shape};

    use super::*;
    use crate::model::offsets::CharIndex;
    use crate::model::span_index::SpanIndex;
    use crate::model::{DocId, Schema, SpanId};
    use crate::ui::links::LinkPreview;
    use crate::ui::text_view::{SuggestionMarks, TextView, split_blocks};

    /// Emoji with ZWJ, a combining accent, curly quotes, NBSP and CRLF
    /// before the spans, so that code points, bytes and glyphs all differ.
    const TEXT: &str = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} Jose\u{301}\u{A0}Ruiz said \u{201C}we will sign\u{201D}.\r\nMaria\u{A0}Lopez backed it.";

    fn spans() -> Vec<Span> {
        let at = |needle: &str| {
            let byte = TEXT.find(needle).expect("in text");
            let start = TEXT[..byte].chars().count();
            (start, start + needle.chars().count())
        };
        let (jose, claim, maria, stance) = (
            at("Jose\u{301}\u{A0}Ruiz"),
            at("we will sign"),
            at("Maria\u{A0}Lopez"),
            at("backed it"),
        );
        vec![
            Span::new(SpanId::from("T1"), jose.0, jose.1, "actor"),
            Span::new(SpanId::from("T2"), claim.0, claim.1, "claim")
                .with_attrs(&[("speaker", "T1")]),
            Span::new(SpanId::from("T3"), maria.0, maria.1, "actor"),
            Span::new(SpanId::from("T4"), stance.0, stance.1, "stance")
                .with_attrs(&[("holder", "T1")]),
        ]
    }

    /// The shapes one frame of the view paints, with `shown`, the preview
    /// and the compared layers (`overlay`) given.
    fn paint(
        shown: LinksShown,
        preview: Option<&LinkPreview>,
        overlay: Option<&[Span]>,
    ) -> Vec<Shape> {
        let schema = Schema::builtin();
        let spans = spans();
        let chars = CharIndex::new(TEXT);
        let blocks = split_blocks(TEXT, &chars);
        let index = SpanIndex::new(&spans);
        let links = LinkIndex::new(&schema, &spans);
        let other = overlay.unwrap_or_default();
        let other_index = SpanIndex::new(other);
        let other_links = LinkIndex::new(&schema, other);
        let doc = DocId::from("d");
        let input = TextViewInput {
            doc_id: &doc,
            text: TEXT,
            chars: &chars,
            blocks: &blocks,
            schema: &schema,
            layer: LayerView {
                name: "gold".into(),
                spans: &spans,
                index: &index,
                links: Some(&links),
            },
            overlays: overlay
                .map(|_| LayerView {
                    name: "A".into(),
                    spans: other,
                    index: &other_index,
                    links: Some(&other_links),
                })
                .into_iter()
                .collect(),
            selection: None,
            selected_span: None,
            matches: &[],
            current_match: None,
            font_size: 16.0,
            label_tags: true,
            scroll_to: None,
            sites: &[],
            suggestions: SuggestionMarks::default(),
            header_end: 0,
            links_shown: shown,
            link_preview: preview,
            link_target: None,
        };
        let ctx = Context::default();
        let mut view = TextView::default();
        let mut shapes = Vec::new();
        for _ in 0..2 {
            let raw = RawInput {
                screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 500.0))),
                ..RawInput::default()
            };
            let mut output = ctx.run_ui(raw, |ui| {
                let _ = view.ui(ui, &input);
            });
            output.textures_delta.clear();
            shapes = output.shapes.into_iter().map(|c| c.shape).collect();
        }
        shapes
    }

    fn flat(shapes: Vec<Shape>) -> Vec<Shape> {
        let mut out = Vec::new();
        for shape in shapes {
            if let Shape::Vec(inner) = shape {
                out.extend(flat(inner));
            } else {
                out.push(shape);
            }
        }
        out
    }

    fn arrowheads(shapes: &[Shape]) -> Vec<Pos2> {
        shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Path(p) if p.closed && p.points.len() == 3 => Some(p.points[0]),
                _ => None,
            })
            .collect()
    }

    fn texts(shapes: &[Shape]) -> Vec<String> {
        shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.galley.text().to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_link_is_drawn_with_its_name_and_links_to_one_target_share_an_arrow() {
        let shapes = flat(paint(LinksShown::All, None, None));
        let names = texts(&shapes);
        assert!(names.iter().any(|t| t == "speaker"), "{names:?}");
        assert!(names.iter().any(|t| t == "holder"), "{names:?}");
        // Both links point at T1: the claim on its row, the stance from
        // the next line through the margin; one arrowhead.
        assert_eq!(arrowheads(&shapes).len(), 1);
    }

    #[test]
    fn hidden_draws_no_arc_and_selected_draws_none_without_a_selection() {
        for shown in [LinksShown::Hidden, LinksShown::Selected] {
            let shapes = flat(paint(shown, None, None));
            assert!(arrowheads(&shapes).is_empty(), "{shown:?}");
            assert!(!texts(&shapes).iter().any(|t| t == "speaker"), "{shown:?}");
        }
    }

    #[test]
    fn the_link_being_made_is_drawn_as_a_preview() {
        let preview = LinkPreview {
            source: SpanId::from("T4"),
            attribute: "holder".into(),
            target: SpanId::from("T3"),
        };
        let shapes = flat(paint(LinksShown::Hidden, Some(&preview), None));
        assert!(texts(&shapes).iter().any(|t| t == "holder?"));
        assert_eq!(arrowheads(&shapes).len(), 1, "only the preview is drawn");
    }

    #[test]
    fn a_compared_layer_has_its_own_dashed_arcs() {
        let mut other = spans();
        other[1].attrs = crate::model::Attrs::new();
        let alone = flat(paint(LinksShown::All, None, None));
        let compared = flat(paint(LinksShown::All, None, Some(&other[..])));
        let segments = |shapes: &[Shape]| {
            shapes
                .iter()
                .filter(|s| matches!(s, Shape::LineSegment { .. }))
                .count()
        };
        // The compared layer's one link (the stance's holder) adds dashes
        // (its underlines too) and a second arrowhead at the same target.
        assert!(segments(&compared) > segments(&alone) + 10);
        assert_eq!(arrowheads(&compared).len(), 2);
    }

    #[test]
    fn arcs_meet_spans_at_their_glyphs_despite_emoji_combining_marks_and_crlf() {
        let ctx = Context::default();
        ctx.run_ui(RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let format = TextFormat {
            font_id: FontId::proportional(16.0),
            ..TextFormat::default()
        };
        let width = |text: &str| {
            let job = LayoutJob::single_section(text.to_owned(), format.clone());
            ctx.fonts_mut(|f| f.layout_job(job)).size().x
        };
        let chars = CharIndex::new(TEXT);
        let blocks = split_blocks(TEXT, &chars);
        let first = blocks[0];
        let line = first.text(TEXT);
        let job = LayoutJob::single_section(line.to_owned(), format.clone());
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let spans = spans();
        let jose = &spans[0];
        let (row, x) = anchor(&galley, &first, jose, false).expect("on the first line");
        assert_eq!(row, 0);
        let prefix: String = line.chars().take(jose.start).collect();
        let through: String = line.chars().take(jose.end).collect();
        let expected = f32::midpoint(width(&prefix), width(&through));
        assert!((x - expected).abs() < 1.5, "{x} vs {expected}");
        // The second line starts after the CRLF: Maria is its first word.
        let second = blocks[1];
        assert_eq!(
            second.start,
            TEXT.split('\n').next().unwrap().chars().count() + 1
        );
        assert_eq!(end_of(&galley, &first, &spans[2], false), End::After);
        assert_eq!(end_of(&galley, &second, jose, false), End::Before);
    }
}
