//! Tokens as DESIGN.md defines them (runs of letters, marks, numbers and
//! connector punctuation; every other non-space character alone), word
//! snapping for selections, and text search — all in code points.

use std::sync::LazyLock;

use regex::Regex;

use super::offsets::CharIndex;

/// The token pattern, with the classes written out (not `\w`).
pub static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{M}\p{N}\p{Pc}]+|[^\p{L}\p{M}\p{N}\p{Pc}\s]").expect("valid regex")
});

/// Code-point ranges of the tokens of `text`.
pub fn tokens(text: &str, index: &CharIndex) -> Vec<(usize, usize)> {
    TOKEN
        .find_iter(text)
        .map(|m| {
            (
                index.byte_to_char(text, m.start()),
                index.byte_to_char(text, m.end()),
            )
        })
        .collect()
}

/// Byte range of the lines holding code points `start..end`.
fn line_bytes(text: &str, index: &CharIndex, start: usize, end: usize) -> (usize, usize) {
    let from = index.char_to_byte(text, start);
    let to = index.char_to_byte(text, end);
    let line_start = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[to..].find('\n').map_or(text.len(), |i| to + i);
    (line_start, line_end)
}

/// Widens `start..end` to whole tokens: from the start of the first token
/// it touches to the end of the last. A range touching no token (only
/// white space) is returned unchanged.
pub fn snap_to_tokens(text: &str, index: &CharIndex, start: usize, end: usize) -> (usize, usize) {
    let (from, to) = line_bytes(text, index, start, end);
    let mut snapped: Option<(usize, usize)> = None;
    for m in TOKEN.find_iter(&text[from..to]) {
        let (s, e) = (
            index.byte_to_char(text, from + m.start()),
            index.byte_to_char(text, from + m.end()),
        );
        let touches = if start == end {
            s <= start && start < e
        } else {
            s < end && start < e
        };
        if touches {
            snapped = Some(snapped.map_or((s, e), |(a, _)| (a, e)));
        }
    }
    snapped.unwrap_or((start, end))
}

/// The token containing code point `pos`, if `pos` is inside one.
pub fn token_at(text: &str, index: &CharIndex, pos: usize) -> Option<(usize, usize)> {
    let snapped = snap_to_tokens(text, index, pos, pos);
    (snapped != (pos, pos)).then_some(snapped)
}

/// Every occurrence of `needle` in `text` (case-insensitive when asked), as
/// code-point ranges, left to right and not overlapping.
pub fn find_all(
    text: &str,
    index: &CharIndex,
    needle: &str,
    case_insensitive: bool,
) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let pattern = format!(
        "{}{}",
        if case_insensitive { "(?i)" } else { "" },
        regex::escape(needle)
    );
    let Ok(re) = Regex::new(&pattern) else {
        return Vec::new();
    };
    re.find_iter(text)
        .map(|m| {
            (
                index.byte_to_char(text, m.start()),
                index.byte_to_char(text, m.end()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str, start: usize, end: usize) -> (usize, usize) {
        snap_to_tokens(text, &CharIndex::new(text), start, end)
    }

    #[test]
    fn tokens_keep_marks_and_zwj_emoji_apart_as_specified() {
        let text = "Zoe\u{308} said \u{201C}no\u{201D} \u{1F469}\u{200D}\u{1F4BB} x_y 42";
        let index = CharIndex::new(text);
        let got: Vec<String> = tokens(text, &index)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(
            got,
            [
                "Zoe\u{308}",
                "said",
                "\u{201C}",
                "no",
                "\u{201D}",
                "\u{1F469}",
                "\u{200D}",
                "\u{1F4BB}",
                "x_y",
                "42"
            ]
        );
    }

    #[test]
    fn selections_snap_outward_to_whole_tokens() {
        let text = "US President Donald Trump said";
        assert_eq!(snap(text, 4, 15), (3, 19), "President Donald");
        assert_eq!(snap(text, 12, 13), (12, 13), "only a space");
        assert_eq!(snap("caf\u{E9} \u{1F600}!", 1, 6), (0, 6));
    }

    #[test]
    fn token_at_finds_the_word_under_a_double_click() {
        let text = "a \u{201C}Zo\u{EB}\u{201D}\r\nb";
        let index = CharIndex::new(text);
        assert_eq!(token_at(text, &index, 4), Some((3, 6)));
        assert_eq!(token_at(text, &index, 1), None, "space");
        assert_eq!(token_at(text, &index, 9), Some((9, 10)), "after CRLF");
    }

    #[test]
    fn find_all_reports_code_point_ranges_case_insensitively() {
        let text = "\u{1F600} Putin, PUTIN and putin.";
        let index = CharIndex::new(text);
        assert_eq!(
            find_all(text, &index, "putin", true),
            [(2, 7), (9, 14), (19, 24)]
        );
        assert_eq!(find_all(text, &index, "putin", false), [(19, 24)]);
        assert_eq!(find_all(text, &index, "a.b(", true), Vec::new());
    }
}
