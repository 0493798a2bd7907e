//! brat standoff: a folder of `ID.txt` (the text) and `ID.ann` (the
//! annotations) per document, with `annotation.conf` describing the types.
//!
//! What brat itself does, read from its source (`server/src/annotation.py`,
//! `annotator.py`), and what follows from it here:
//!
//! - brat reads `.txt` and `.ann` as UTF-8 in binary mode (`codecs.open`
//!   forces `b`), so **no newline translation**: a CRLF counts as two
//!   characters, and offsets are Python `str` indices (code points), the
//!   same as ours. Texts are written and read byte for byte.
//! - brat splits `.ann` files into lines with Python's `str.splitlines`,
//!   which breaks at `\n`, `\r`, `\r\n`, VT, FF, FS, GS, RS, NEL, LS and PS
//!   ([`is_line_break`]). A covered text holding one of them cannot sit on
//!   one line, so brat's UI stores a span across a line break as
//!   fragments split there (`T1<TAB>actor 0 5;6 10<TAB>Jean Dupont`, the
//!   fragments' texts joined by one space). Export does the same
//!   ([`fragments_for`]), and import joins fragments back into one span
//!   when only white space with a line break lies between them; any other
//!   discontinuous span is refused, as Marginalia spans are contiguous.
//! - Text attributes cannot be brat attributes (those are binary or take
//!   one of the values listed in `annotation.conf`), so export writes each
//!   as an `AnnotatorNotes` note holding `NAME="JSON string"`
//!   (`#1<TAB>AnnotatorNotes T2<TAB>value="2025-08-15"`), visible in brat
//!   and read back exactly by import. Free-text notes are refused.
//! - Document ids become file stems by a reversible escaping ([`file_stem`],
//!   [`doc_id`]), so an exported folder imports back under the same ids.
//! - A binary brat attribute (`A1<TAB>Negated T1`) is an enum attribute
//!   with the single value `true`.
//! - A span reference is a relation: one `R` line per target
//!   (`R1<TAB>speaker Arg1:T5 Arg2:T3`, as brat's `BinaryRelationAnnotation`
//!   parses it), written in text order of the targets. Import gathers the
//!   `R` lines of a `many: true` reference into its list; a second target
//!   of a single reference is an error. A relation type whose second
//!   argument may be several types (`Arg2:actor|org`) is a reference to
//!   several labels.

mod ann;
mod conf;
mod export;
mod import;
mod names;

pub use ann::{AnnLine, AnnRecord, parse_ann};
pub use conf::{BratConf, parse_conf};
pub use export::export;
pub use import::import_dir;
pub use names::{doc_id, file_stem};

/// Whether brat (Python's `str.splitlines`) ends an `.ann` line at `c`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The brat fragments of the span `[start, end)` of `chars` (the text's
/// code points): one fragment when the span holds no line break, else the
/// pieces between line breaks, with the white space next to each break
/// left out and empty inner pieces dropped (as brat's own UI splits a
/// span). The first and last fragments keep the span's own start and end,
/// so joining the fragments gives the span back exactly.
pub fn fragments_for(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let span = &chars[start..end];
    if !span.iter().any(|&c| is_line_break(c)) {
        return vec![(start, end)];
    }
    let mut pieces = Vec::new();
    let mut from = start;
    for (i, &c) in span.iter().enumerate() {
        if is_line_break(c) {
            pieces.push((from, start + i));
            from = start + i + 1;
        }
    }
    pieces.push((from, end));
    let last = pieces.len() - 1;
    let mut out = Vec::with_capacity(pieces.len());
    for (i, (mut a, mut b)) in pieces.into_iter().enumerate() {
        if i > 0 {
            while a < b && chars[a].is_whitespace() {
                a += 1;
            }
        }
        if i < last {
            while b > a && chars[b - 1].is_whitespace() {
                b -= 1;
            }
        }
        if i == 0 {
            out.push((start, b.max(start)));
        } else if i == last {
            out.push((a.min(end), end));
        } else if a < b {
            out.push((a, b));
        }
    }
    out
}

/// The text brat expects after a text-bound annotation's offsets: the
/// fragments' texts joined by one space.
pub fn covered_text(chars: &[char], fragments: &[(usize, usize)]) -> String {
    let mut text = String::new();
    for (i, &(a, b)) in fragments.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.extend(&chars[a..b]);
    }
    text
}

/// Why fragments cannot be one Marginalia span, if they cannot: they must
/// be in order and apart, with only white space holding a line break
/// between them.
pub fn joinable(chars: &[char], fragments: &[(usize, usize)]) -> Result<(), String> {
    for pair in fragments.windows(2) {
        let ((_, end), (next, _)) = (pair[0], pair[1]);
        if next < end {
            return Err("its fragments overlap or are out of order".into());
        }
        let gap = &chars[end..next];
        if !gap.iter().all(|&c| c.is_whitespace() || is_line_break(c))
            || !gap.iter().any(|&c| is_line_break(c))
        {
            return Err(format!(
                "{:?} lies between two of its fragments; only fragments split at line breaks are joined into one span",
                gap.iter().collect::<String>()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn spans_without_line_breaks_are_one_fragment() {
        let text = chars("a \u{1F469}\u{200D}\u{1F4BB} b\u{A0}c\td");
        assert_eq!(fragments_for(&text, 0, text.len()), [(0, text.len())]);
    }

    #[test]
    fn line_breaks_split_spans_as_brat_does_and_join_back() {
        let text = chars("Jean \r\n\r\n  Dupont\u{2028}x");
        let fragments = fragments_for(&text, 0, 18);
        assert_eq!(fragments, [(0, 4), (11, 17), (18, 18)]);
        assert_eq!(covered_text(&text, &fragments), "Jean Dupont ");
        assert_eq!(joinable(&text, &fragments), Ok(()));
        let inner = fragments_for(&text, 2, 13);
        assert_eq!(inner, [(2, 4), (11, 13)]);
    }

    #[test]
    fn spans_starting_or_ending_at_a_line_break_keep_their_edges() {
        let text = chars("\nab\n");
        let fragments = fragments_for(&text, 0, 4);
        assert_eq!(fragments, [(0, 0), (1, 3), (4, 4)]);
        assert_eq!(joinable(&text, &fragments), Ok(()));
    }

    #[test]
    fn real_gaps_cannot_be_joined() {
        let text = chars("ab cd\nef");
        assert!(joinable(&text, &[(0, 2), (3, 5)]).is_err());
        assert!(joinable(&text, &[(3, 5), (0, 2)]).is_err());
        assert_eq!(joinable(&text, &[(3, 5), (6, 8)]), Ok(()));
        let text = chars("ab\u{1C}cd");
        assert_eq!(joinable(&text, &[(0, 2), (3, 5)]), Ok(()));
    }
}
