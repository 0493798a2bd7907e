//! Scrolling the text view from the keyboard: by a line, by a page, to the
//! start or the end, with the offset kept inside the text.

/// A keyboard scroll of the text view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scroll {
    /// Up by one line.
    LineUp,
    /// Down by one line.
    LineDown,
    /// Up by a page (the view's height less one line, so a line stays).
    PageUp,
    /// Down by a page.
    PageDown,
    /// To the start of the document.
    Start,
    /// To the end of the document.
    End,
}

/// Where the view stood in its last frame, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ScrollPlace {
    /// Scroll offset from the top of the text.
    pub offset: f32,
    /// Height of the visible part.
    pub page: f32,
    /// Height of the whole text.
    pub content: f32,
}

impl Scroll {
    /// The offset after this scroll from `place`, with lines `line` points
    /// high; never above the start or past the end of the text.
    pub(super) fn offset_from(self, place: ScrollPlace, line: f32) -> f32 {
        let page = (place.page - line).max(line);
        let target = match self {
            Scroll::LineUp => place.offset - line,
            Scroll::LineDown => place.offset + line,
            Scroll::PageUp => place.offset - page,
            Scroll::PageDown => place.offset + page,
            Scroll::Start => 0.0,
            Scroll::End => place.content,
        };
        target.clamp(0.0, (place.content - place.page).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: ScrollPlace = ScrollPlace {
        offset: 500.0,
        page: 400.0,
        content: 10_000.0,
    };

    fn assert_lands(scroll: Scroll, place: ScrollPlace, expected: f32) {
        let offset = scroll.offset_from(place, 20.0);
        assert!(
            (offset - expected).abs() < 1e-3,
            "{scroll:?}: {offset}, not {expected}"
        );
    }

    #[test]
    fn a_page_keeps_one_line_of_the_last_page_in_view() {
        assert_lands(Scroll::PageDown, PLACE, 880.0);
        assert_lands(Scroll::PageUp, PLACE, 120.0);
        assert_lands(Scroll::LineDown, PLACE, 520.0);
        assert_lands(Scroll::LineUp, PLACE, 480.0);
    }

    #[test]
    fn scrolling_stops_at_the_start_and_at_the_end_of_the_text() {
        assert_lands(Scroll::Start, PLACE, 0.0);
        assert_lands(Scroll::End, PLACE, 9_600.0);
        let top = ScrollPlace {
            offset: 0.0,
            ..PLACE
        };
        assert_lands(Scroll::PageUp, top, 0.0);
        let short = ScrollPlace {
            offset: 0.0,
            page: 400.0,
            content: 100.0,
        };
        assert_lands(Scroll::End, short, 0.0);
        assert_lands(Scroll::PageDown, short, 0.0);
    }
}
