//! The tokens every token-based export shares: DESIGN.md's agreement tokens
//! (see [`crate::model::tokens`]), further split at every boundary of the
//! exported spans, so that every span starts and ends on a token boundary.

use crate::model::Span;
use crate::model::offsets::CharIndex;
use crate::model::tokens::tokens;

/// Code-point ranges of the export tokens of `text` for `spans`, in order.
pub fn export_tokens(text: &str, chars: &CharIndex, spans: &[&Span]) -> Vec<(usize, usize)> {
    let mut cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut next_cut = 0;
    for (start, end) in tokens(text, chars) {
        let mut from = start;
        while next_cut < cuts.len() && cuts[next_cut] <= from {
            next_cut += 1;
        }
        let mut at = next_cut;
        while at < cuts.len() && cuts[at] < end {
            out.push((from, cuts[at]));
            from = cuts[at];
            at += 1;
        }
        out.push((from, end));
        next_cut = at;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    fn words(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let spans: Vec<Span> = spans
            .iter()
            .map(|&(s, e)| Span::new(SpanId::numbered(1), s, e, "actor"))
            .collect();
        let refs: Vec<&Span> = spans.iter().collect();
        export_tokens(text, &CharIndex::new(text), &refs)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect()
    }

    #[test]
    fn tokens_split_at_span_boundaries_inside_words() {
        let text = "Zoe\u{308}'s \u{1F469}\u{200D}\u{1F4BB}\r\nUSA-based";
        assert_eq!(
            words(text, &[]),
            [
                "Zoe\u{308}",
                "'",
                "s",
                "\u{1F469}",
                "\u{200D}",
                "\u{1F4BB}",
                "USA",
                "-",
                "based"
            ]
        );
        // A span "US" inside "USA", and one ending inside "Zoë" before the mark.
        assert_eq!(
            words(text, &[(12, 14), (0, 3)]),
            [
                "Zoe",
                "\u{308}",
                "'",
                "s",
                "\u{1F469}",
                "\u{200D}",
                "\u{1F4BB}",
                "US",
                "A",
                "-",
                "based"
            ]
        );
    }

    #[test]
    fn every_span_starts_and_ends_on_a_token_boundary() {
        let text = "a\u{A0}bc  d\te\u{1F44D}\u{1F3FD}f";
        let n = text.chars().count();
        for s in 0..n {
            for e in s + 1..=n {
                let span = Span::new(SpanId::numbered(1), s, e, "actor");
                let toks = export_tokens(text, &CharIndex::new(text), &[&span]);
                let covered: Vec<&(usize, usize)> =
                    toks.iter().filter(|t| t.0 < e && s < t.1).collect();
                assert!(
                    covered.iter().all(|t| s <= t.0 && t.1 <= e),
                    "{s}..{e}: {toks:?}"
                );
            }
        }
    }
}
