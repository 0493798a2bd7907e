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

impl LinksShown {
    /// Every mode, in the order the menu lists them and the key cycles
    /// through them.
    pub const ALL: [LinksShown; 4] = [
        LinksShown::Focus,
        LinksShown::All,
        LinksShown::Selected,
        LinksShown::Hidden,
    ];

    /// The name shown in the menu and the status bar.
    pub fn name(self) -> &'static str {
        match self {
            LinksShown::Focus => "All, the selected span's in full",
            LinksShown::All => "All in full",
            LinksShown::Selected => "Only the selected span's",
            LinksShown::Hidden => "Hidden",
        }
    }

    /// The mode after this one (after *Hidden*, *Focus* again).
    #[must_use]
    pub fn next(self) -> Self {
        let at = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycling_goes_through_every_mode_and_back() {
        let mut mode = LinksShown::default();
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(mode);
            mode = mode.next();
        }
        assert_eq!(seen, LinksShown::ALL);
        assert_eq!(mode, LinksShown::Focus);
    }
}
