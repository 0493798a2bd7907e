//! Where a range of code points lies inside a laid-out galley, and which
//! code point lies under a point.

use egui::epaint::text::cursor::CCursor;
use egui::{Galley, Pos2, Rect, Vec2};

/// One rectangle per row covered by code points `start..end` of the galley
/// (relative to the galley's top-left corner).
pub fn range_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    if start >= end || galley.rows.is_empty() {
        return Vec::new();
    }
    let from = CCursor {
        index: start.into(),
        prefer_next_row: true,
    };
    let to = CCursor::new(end);
    let (first, last) = (
        galley.layout_from_cursor(from).row,
        galley.layout_from_cursor(to).row,
    );
    let (x_from, x_to) = (
        galley.pos_from_cursor(from).min.x,
        galley.pos_from_cursor(to).min.x,
    );
    (first..=last.min(galley.rows.len() - 1))
        .map(|row| {
            let rect = galley.rows[row].rect();
            let x0 = if row == first { x_from } else { rect.min.x };
            let x1 = if row == last { x_to } else { rect.max.x };
            Rect::from_x_y_ranges(x0..=x1.max(x0), rect.y_range())
        })
        .filter(|r| r.width() > 0.0)
        .collect()
}

/// The boundary between code points nearest to `pos` (relative to the
/// galley), for selections.
pub fn boundary_at(galley: &Galley, pos: Vec2) -> usize {
    galley.cursor_from_pos(pos).index.into()
}

/// The code point whose glyph is under `pos` (relative to the galley), if
/// the point is on one of its `len` code points.
pub fn char_at(galley: &Galley, len: usize, pos: Vec2) -> Option<usize> {
    let boundary = boundary_at(galley, pos);
    let x = galley.pos_from_cursor(CCursor::new(boundary)).min.x;
    let index = if pos.x < x {
        boundary.checked_sub(1)?
    } else {
        boundary
    };
    (index < len).then_some(index)
}

/// The top-left corner of code point `index` (relative to the galley).
pub fn char_pos(galley: &Galley, index: usize) -> Pos2 {
    galley.pos_from_cursor(CCursor::new(index)).min
}
