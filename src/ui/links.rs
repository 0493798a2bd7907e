//! What the window shows of links (span references drawn as arcs) and the
//! link being made: shared by the text view that draws them and the
//! commands that make them.

use crate::model::SpanId;

/// Which links the text view draws (*View → Links*).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LinksShown {
    /// Every link, those of the selected and the hovered span in full and
    /// the others faded (the default: readable at any density).
    #[default]
    Focus,
    /// Every link in full.
    All,
    /// Only the links of the selected (and the hovered) span.
    Selected,
    /// No links.
    Hidden,
}

/// A link shown before it is made (keyboard linking, a drag): drawn as a
/// preview arc from `source` to `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPreview {
    /// The span that will hold the reference.
    pub source: SpanId,
    /// The reference attribute.
    pub attribute: String,
    /// The candidate target span.
    pub target: SpanId,
}
