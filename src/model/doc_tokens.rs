//! The tokens of a text, fast: exactly the matches of
//! [`model::tokens::TOKEN`](crate::model::tokens::TOKEN), for agreement
//! and for the export formats that need tokens.
//!
//! The regex is exact but slow on ten million tokens, so this module
//! classifies code points with a table built from the very same Unicode
//! classes (parsed by `regex-syntax`, the parser the `regex` crate uses) and
//! walks the text once. A test pins it to the regex on Unicode-heavy text.

use std::sync::LazyLock;

use regex_syntax::hir::{Class, HirKind};

/// A code point inside a token run: `\p{L}`, `\p{M}`, `\p{N}` or `\p{Pc}`.
const WORD: u8 = 1;
/// Any other non-space code point: a token by itself.
const OTHER: u8 = 2;

/// Class of every code point (`0` = white space, [`WORD`], [`OTHER`]).
static CLASSES: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut table = vec![OTHER; 0x11_0000];
    for (class, pattern) in [(0, r"\s"), (WORD, r"[\p{L}\p{M}\p{N}\p{Pc}]")] {
        for (start, end) in class_ranges(pattern) {
            table[start as usize..=end as usize].fill(class);
        }
    }
    table
});

/// The code point ranges of a one-class pattern.
fn class_ranges(pattern: &str) -> Vec<(u32, u32)> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .expect("a valid class pattern");
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        other => panic!("{pattern} is not a Unicode class: {other:?}"),
    }
}

/// The tokens of one text as parallel, increasing code-point offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    /// Start of each token (inclusive).
    pub starts: Vec<usize>,
    /// End of each token (exclusive).
    pub ends: Vec<usize>,
}

impl DocTokens {
    /// The tokens of `text`.
    pub fn new(text: &str) -> Self {
        let mut tokens = Self::default();
        tokens.fill(text);
        tokens
    }

    /// Replaces the tokens with those of `text`, reusing the buffers.
    pub fn fill(&mut self, text: &str) {
        self.starts.clear();
        self.ends.clear();
        let classes = &*CLASSES;
        let mut run: Option<usize> = None;
        let mut at = 0;
        for ch in text.chars() {
            match classes[ch as usize] {
                WORD => {
                    run.get_or_insert(at);
                }
                class => {
                    if let Some(start) = run.take() {
                        self.starts.push(start);
                        self.ends.push(at);
                    }
                    if class == OTHER {
                        self.starts.push(at);
                        self.ends.push(at + 1);
                    }
                }
            }
            at += 1;
        }
        if let Some(start) = run {
            self.starts.push(start);
            self.ends.push(at);
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Indices `from..to` of the tokens that share at least one code point
    /// with `[start, end)` (empty when none does).
    pub fn overlapping(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.ends.partition_point(|&e| e <= start);
        let to = self.starts.partition_point(|&s| s < end);
        (from, to.max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::offsets::CharIndex;
    use crate::model::tokens::tokens;
    use proptest::prelude::*;

    fn regex_tokens(text: &str) -> Vec<(usize, usize)> {
        tokens(text, &CharIndex::new(text))
    }

    fn fast_tokens(text: &str) -> Vec<(usize, usize)> {
        let t = DocTokens::new(text);
        t.starts.into_iter().zip(t.ends).collect()
    }

    #[test]
    fn fast_tokens_equal_the_regex_on_unicode_heavy_text() {
        let text = "Zoe\u{308} said \u{201C}no\u{201D}\u{A0}\u{1F469}\u{200D}\u{1F4BB} x_y 42\r\n\
                    \u{0661}\u{0662} \u{2163} \u{3000}\u{6771}\u{4EAC}\u{3002} e\u{301}t\u{E9} \
                    \u{1F1FA}\u{1F1F8} \u{FE0F} a\u{2060}b \u{2028}\u{85}end";
        assert_eq!(fast_tokens(text), regex_tokens(text));
        assert_eq!(fast_tokens(""), regex_tokens(""));
    }

    proptest! {
        #[test]
        fn fast_tokens_equal_the_regex_on_any_text(text in "\\PC{0,40}|[a-z \u{A0}\u{300}-\u{36F}\u{200D}\u{1F600}-\u{1F64F}.,\r\n_]{0,40}") {
            prop_assert_eq!(fast_tokens(&text), regex_tokens(&text));
        }
    }

    #[test]
    fn overlapping_tokens_need_one_shared_code_point() {
        let t = DocTokens::new("ab cd, ef");
        assert_eq!(t.overlapping(0, 2), (0, 1));
        assert_eq!(t.overlapping(1, 4), (0, 2));
        assert_eq!(t.overlapping(2, 3), (1, 1), "only the space");
        assert_eq!(t.overlapping(5, 9), (2, 4));
        assert_eq!(t.overlapping(9, 9), (4, 4));
    }
}
