//! Helpers for UI tests of the window's layout: where the side panels are
//! (from their resize handles), narrowing one to its minimum width by
//! dragging its handle, and checking that every widget of a panel lies
//! inside it, so that nothing is cut at its edge.

use egui::accesskit::Role;
use egui::{Pos2, Rect, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use marginalia::app::MarginaliaApp;

/// The inner margin of a side panel's frame, left and right.
const PANEL_MARGIN: f32 = 8.0;

/// Which side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The document list.
    Left,
    /// The inspector and the span table (or the review panel).
    Right,
}

/// The resize handle of the panel on `side`.
fn handle(harness: &Harness<'_, MarginaliaApp>, side: Side) -> Rect {
    let mut handles: Vec<Rect> = harness
        .get_all_by_role(Role::Splitter)
        .filter(|h| h.accesskit_node().label().as_deref() == Some("Resize panel"))
        .map(|h| h.rect())
        .collect();
    handles.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
    assert_eq!(handles.len(), 2, "two side panels: {handles:?}");
    match side {
        Side::Left => handles[0],
        Side::Right => handles[1],
    }
}

/// The rect of the panel on `side`: from the window's edge to the middle
/// of its resize handle, as high as the handle.
pub fn panel_rect(harness: &Harness<'_, MarginaliaApp>, side: Side) -> Rect {
    let handle = handle(harness, side);
    let window = harness.ctx.content_rect();
    let (left, right) = match side {
        Side::Left => (window.min.x, handle.center().x),
        Side::Right => (handle.center().x, window.max.x),
    };
    Rect::from_x_y_ranges(left..=right, handle.y_range())
}

/// Drags the resize handle of the panel on `side` as far towards the
/// window's edge as it goes: the panel ends at its minimum width.
pub fn narrow_to_minimum(harness: &mut Harness<'_, MarginaliaApp>, side: Side) {
    let from = handle(harness, side).center();
    let window = harness.ctx.content_rect();
    let to = match side {
        Side::Left => pos2(window.min.x + 1.0, from.y),
        Side::Right => pos2(window.max.x - 1.0, from.y),
    };
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.run_steps(1);
    }
    harness.drop_at(to);
    harness.run_steps(3);
}

/// Asserts that every widget drawn in the panel on `side` lies within the
/// panel's width, inside its margin: none runs past its edge and is cut.
/// `marker` is the label of one node of that panel (which tells its pane
/// from the others); `case` names what is checked in the messages. Returns
/// how many widgets were checked.
pub fn assert_panel_content_fits(
    harness: &Harness<'_, MarginaliaApp>,
    side: Side,
    marker: &str,
    case: &str,
) -> usize {
    let panel = panel_rect(harness, side);
    let room = panel.x_range();
    let (left, right) = (room.min, room.max - PANEL_MARGIN);
    // The innermost pane holding the marker: the panel itself.
    let pane = harness
        .get_all_by_role(Role::Pane)
        .filter(|p| {
            p.query_all(By::new().label_contains(marker))
                .next()
                .is_some()
        })
        .min_by_key(|p| p.query_all(By::new()).count())
        .unwrap_or_else(|| panic!("{case}: no panel holds {marker:?}"));
    let mut checked = 0;
    for node in pane.query_all(By::new()) {
        // A text field's text scrolls within the field, which is checked.
        if node.accesskit_node().role() == Role::TextRun {
            continue;
        }
        let Some(bounds) = node.accesskit_node().bounding_box() else {
            continue;
        };
        let rect = Rect::from_min_max(
            Pos2::new(bounds.x0 as f32, bounds.y0 as f32),
            Pos2::new(bounds.x1 as f32, bounds.y1 as f32),
        );
        // Rows scrolled out of view are not drawn; what is drawn is checked.
        if !rect.intersects(panel) || rect.width() == 0.0 {
            continue;
        }
        let name = node
            .accesskit_node()
            .label()
            .or_else(|| node.accesskit_node().value())
            .unwrap_or_default();
        assert!(
            rect.min.x >= left - 0.5 && rect.max.x <= right + 0.5,
            "{case}: {:?} {name:?} at x {:.1}..{:.1} runs past the panel's \
             room {left:.1}..{right:.1}",
            node.accesskit_node().role(),
            rect.min.x,
            rect.max.x,
        );
        checked += 1;
    }
    assert!(checked > 0, "{case}: the panel shows nothing");
    checked
}

/// The window sizes the layout is checked at: the usual laptop window and
/// a small one.
pub const WINDOW_SIZES: [egui::Vec2; 2] = [vec2(1280.0, 800.0), vec2(1024.0, 700.0)];
