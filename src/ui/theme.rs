//! Colours and sizes: light and dark themes, label colours from the schema
//! with text contrast kept.

use egui::{Color32, Context, Visuals};

use crate::model::LabelDef;

/// Default text size of the document view, in points.
pub const DEFAULT_FONT_SIZE: f32 = 16.0;
/// Smallest and largest text size reachable with zoom.
pub const FONT_SIZE_RANGE: (f32, f32) = (10.0, 32.0);

/// Applies the light or dark theme.
pub fn apply(ctx: &Context, dark: bool) {
    ctx.set_visuals(if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    });
}

/// The label's colour, opaque.
pub fn label_color(label: &LabelDef) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}

/// The label's colour as a translucent fill behind text: light enough that
/// the text stays readable, stronger in dark mode.
pub fn label_fill(label: &LabelDef, dark: bool) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgba_unmultiplied(r, g, b, if dark { 70 } else { 55 })
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Color32) -> Color32 {
    let [r, g, b, _] = background.to_array();
    let luminance = 0.2126 * f32::from(r) + 0.7152 * f32::from(g) + 0.0722 * f32::from(b);
    if luminance > 140.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Fill of find matches, and of the current match.
pub fn match_fill(current: bool, dark: bool) -> Color32 {
    match (current, dark) {
        (true, _) => Color32::from_rgba_unmultiplied(255, 140, 0, 140),
        (false, false) => Color32::from_rgba_unmultiplied(255, 220, 0, 110),
        (false, true) => Color32::from_rgba_unmultiplied(255, 220, 0, 70),
    }
}
