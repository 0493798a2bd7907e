//! `export --format conll`: `CoNLL` IOB2, one `token TAG` per line.
//!
//! ```text
//! -DOCSTART- -X- O O
//!
//! US B-actor
//! President O
//! ```
//!
//! Each document starts with the line `-DOCSTART- -X- O O` and a blank
//! line: spaCy's `convert` splits documents at exactly that line, and the
//! Hugging Face `conll2003` script, flair and readers taking the first and
//! last column skip it or read it as an `O` token. Within a document, a
//! blank line stands for each line break of the text (one per run of
//! breaks, and none before the first or after the last token), so readers
//! see the text's lines as sentences. Tokens are the export tokens
//! ([`export_tokens`](super::tokens::export_tokens)): never containing white
//! space, so a line always splits into exactly the token and its tag.
//!
//! IOB2 gives a token one tag, so of nested or overlapping spans only the
//! outermost are tagged ([`outermost_spans`]); attributes and span
//! references are left out. Notes say so when it happens.

use std::fmt;

use super::{ExportDoc, Exported, Output};
use crate::io::formats::ExportError;
use crate::model::Span;
use crate::model::doc_tokens::DocTokens;

/// The line that starts each document.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// The IOB2 tag of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag<'a> {
    /// Outside every tagged span: `O`.
    Outside,
    /// The first token of a span with this label: `B-label`.
    Begin(&'a str),
    /// A later token of a span with this label: `I-label`.
    Inside(&'a str),
}

impl fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::Outside => f.write_str("O"),
            Tag::Begin(label) => write!(f, "B-{label}"),
            Tag::Inside(label) => write!(f, "I-{label}"),
        }
    }
}

impl Tag<'_> {
    /// Appends the tag's text to `out`.
    pub fn push_to(&self, out: &mut Vec<u8>) {
        match self {
            Tag::Outside => out.push(b'O'),
            Tag::Begin(label) => {
                out.extend_from_slice(b"B-");
                out.extend_from_slice(label.as_bytes());
            }
            Tag::Inside(label) => {
                out.extend_from_slice(b"I-");
                out.extend_from_slice(label.as_bytes());
            }
        }
    }
}

/// One export token: code-point and byte ranges in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First code point (inclusive).
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// First byte.
    pub byte_start: usize,
    /// End byte (exclusive).
    pub byte_end: usize,
}

/// The export tokens of `text` for `spans`, with byte ranges: the same
/// ranges as [`export_tokens`](super::tokens::export_tokens) (the tokens
/// split at every span boundary), found in one pass over the text.
pub fn tokens_with_bytes(text: &str, spans: &[&Span]) -> Vec<Token> {
    let words = DocTokens::new(text);
    let mut cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut ranges = Vec::with_capacity(words.len() + cuts.len());
    let mut next_cut = 0;
    for (&start, &end) in words.starts.iter().zip(&words.ends) {
        let mut from = start;
        while next_cut < cuts.len() && cuts[next_cut] <= from {
            next_cut += 1;
        }
        while next_cut < cuts.len() && cuts[next_cut] < end {
            ranges.push((from, cuts[next_cut]));
            from = cuts[next_cut];
            next_cut += 1;
        }
        ranges.push((from, end));
    }
    with_bytes(text, &ranges)
}

/// Adds byte offsets to increasing code-point ranges of `text`.
fn with_bytes(text: &str, ranges: &[(usize, usize)]) -> Vec<Token> {
    if text.is_ascii() {
        return ranges
            .iter()
            .map(|&(start, end)| Token {
                start,
                end,
                byte_start: start,
                byte_end: end,
            })
            .collect();
    }
    let mut out = Vec::with_capacity(ranges.len());
    let mut chars = text.char_indices();
    let mut at_char = 0;
    let mut at_byte = 0;
    let mut seek = |target: usize| {
        while at_char < target {
            let (byte, ch) = chars.next().expect("offsets inside the text");
            at_byte = byte + ch.len_utf8();
            at_char += 1;
        }
        at_byte
    };
    for &(start, end) in ranges {
        let byte_start = seek(start);
        let byte_end = seek(end);
        out.push(Token {
            start,
            end,
            byte_start,
            byte_end,
        });
    }
    out
}

/// The spans IOB2 can tag: taken by start, longest first, each kept unless
/// it overlaps one already kept (as spaCy's `doc.ents` in DESIGN.md).
pub fn outermost_spans<'s>(spans: &[&'s Span]) -> Vec<&'s Span> {
    let mut order: Vec<&Span> = spans.to_vec();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<&Span> = Vec::with_capacity(order.len());
    for span in order {
        if kept.last().is_none_or(|last| last.end <= span.start) {
            kept.push(span);
        }
    }
    kept
}

/// What a document's spans lose in a tagging: counted, for the notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Losses {
    /// Spans nested in or overlapping a kept span.
    pub overlapping: usize,
    /// Spans that cover only white space (no token lies inside them).
    pub without_tokens: usize,
    /// Spans with attributes (which tags cannot hold).
    pub with_attributes: usize,
}

impl Losses {
    /// The notes for these losses, naming the format.
    pub fn notes(&self, format: &str) -> Vec<String> {
        let mut notes = Vec::new();
        if self.with_attributes > 0 {
            notes.push(format!(
                "{format} holds labels only: span attributes and span references are not exported"
            ));
        }
        if self.overlapping > 0 {
            notes.push(format!(
                "{format} gives each token one tag: of nested or overlapping spans only the outermost (earliest, then longest) are exported"
            ));
        }
        if self.without_tokens > 0 {
            notes.push(format!(
                "{format} has no token for a span that covers only white space; such spans are not exported"
            ));
        }
        notes
    }

    /// Adds another document's losses.
    pub fn add(&mut self, other: Losses) {
        self.overlapping += other.overlapping;
        self.without_tokens += other.without_tokens;
        self.with_attributes += other.with_attributes;
    }
}

/// A document's export tokens and their IOB2 tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged<'a> {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// One tag per token.
    pub tags: Vec<Tag<'a>>,
    /// What the tags could not hold.
    pub losses: Losses,
}

/// Tags the export tokens of `doc` with its outermost spans (IOB2).
pub fn tag_document<'a>(doc: &ExportDoc<'a>) -> Tagged<'a> {
    let text = &doc.doc.text;
    let tokens = tokens_with_bytes(text, &doc.spans);
    let kept = outermost_spans(&doc.spans);
    let mut losses = Losses {
        overlapping: doc.spans.len() - kept.len(),
        with_attributes: doc.spans.iter().filter(|s| !s.attrs.is_empty()).count(),
        without_tokens: 0,
    };
    let mut tags = Vec::with_capacity(tokens.len());
    let mut next = 0;
    let mut begun = false;
    for token in &tokens {
        while next < kept.len() && kept[next].end <= token.start {
            if !begun {
                losses.without_tokens += 1;
            }
            next += 1;
            begun = false;
        }
        match kept.get(next) {
            Some(span) if span.start <= token.start => {
                tags.push(if begun {
                    Tag::Inside(&span.label)
                } else {
                    Tag::Begin(&span.label)
                });
                begun = true;
            }
            _ => tags.push(Tag::Outside),
        }
    }
    if next < kept.len() {
        losses.without_tokens += kept.len() - next - usize::from(begun);
    }
    Tagged {
        tokens,
        tags,
        losses,
    }
}

/// Whether the text between two tokens holds a line break (as Python's
/// `str.splitlines` counts them).
fn has_line_break(gap: &str) -> bool {
    gap.bytes()
        .any(|b| matches!(b, b'\n' | b'\r' | 0x0b | 0x0c))
        || (!gap.is_ascii()
            && gap
                .chars()
                .any(|c| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')))
}

/// The `CoNLL` file of `docs`.
pub fn export(docs: &[ExportDoc]) -> Result<Exported, ExportError> {
    let size: usize = docs.iter().map(|d| d.doc.text.len() * 2 + 32).sum();
    let mut out = Vec::with_capacity(size);
    let mut losses = Losses::default();
    for doc in docs {
        let text = &doc.doc.text;
        let tagged = tag_document(doc);
        losses.add(tagged.losses);
        out.extend_from_slice(DOCSTART.as_bytes());
        out.extend_from_slice(b"\n\n");
        let mut previous_end = None;
        for (token, tag) in tagged.tokens.iter().zip(&tagged.tags) {
            if let Some(end) = previous_end
                && has_line_break(&text[end..token.byte_start])
            {
                out.push(b'\n');
            }
            out.extend_from_slice(&text.as_bytes()[token.byte_start..token.byte_end]);
            out.push(b' ');
            tag.push_to(&mut out);
            out.push(b'\n');
            previous_end = Some(token.byte_end);
        }
        if previous_end.is_some() {
            out.push(b'\n');
        }
    }
    Ok(Exported {
        output: Output::File(out),
        notes: losses.notes("CoNLL"),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::io::formats::tokens::export_tokens;
    use crate::model::offsets::CharIndex;
    use crate::model::{Document, Layer, SpanId, Status};

    fn doc(text: &str, spans: &[(usize, usize, &str)]) -> (Document, Layer) {
        let doc = Document::new("d".into(), String::new(), BTreeMap::new(), text.into());
        let spans = spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e, l))| Span::new(SpanId::numbered(i as u64 + 1), s, e, l))
            .collect();
        (doc, Layer::with_spans(Status::Done, spans))
    }

    fn conll(doc: &Document, layer: &Layer) -> (String, Vec<String>) {
        let exported = export(&[ExportDoc {
            doc,
            annotator: "a",
            layer,
            spans: layer.spans.iter().collect(),
        }])
        .expect("exports");
        let Output::File(bytes) = exported.output else {
            panic!("one file")
        };
        (String::from_utf8(bytes).expect("UTF-8"), exported.notes)
    }

    #[test]
    fn tokens_equal_the_shared_export_tokens_with_exact_bytes() {
        let text = "Zoe\u{308}'s  \u{1F469}\u{200D}\u{1F4BB}\r\n\tUSA-based\u{A0}\u{1F44D}\u{1F3FD} e\u{301}\u{301}";
        let n = text.chars().count();
        for (s, e) in [(0, 3), (13, 15), (2, 9), (n - 3, n)] {
            let span = Span::new(SpanId::numbered(1), s, e, "actor");
            let tokens = tokens_with_bytes(text, &[&span]);
            let expected = export_tokens(text, &CharIndex::new(text), &[&span]);
            let ranges: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(ranges, expected);
            for t in &tokens {
                let by_chars: String = text.chars().skip(t.start).take(t.end - t.start).collect();
                assert_eq!(&text[t.byte_start..t.byte_end], by_chars);
            }
        }
    }

    #[test]
    fn documents_start_with_docstart_and_lines_become_sentences() {
        let (d, layer) = doc(
            "US President Donald Trump\r\n\r\nsaid: \u{201C}soon\u{201D}.\nOK",
            &[(0, 2, "actor"), (13, 25, "actor")],
        );
        let (text, notes) = conll(&d, &layer);
        assert_eq!(
            text,
            "-DOCSTART- -X- O O\n\nUS B-actor\nPresident O\nDonald B-actor\nTrump I-actor\n\nsaid O\n: O\n\u{201C} O\nsoon O\n\u{201D} O\n. O\n\nOK O\n\n"
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn nested_spans_keep_the_outermost_and_say_so() {
        let (d, layer) = doc(
            "Donald Trump spoke",
            &[(0, 12, "actor"), (7, 12, "actor"), (7, 18, "claim")],
        );
        let (text, notes) = conll(&d, &layer);
        assert_eq!(
            text,
            "-DOCSTART- -X- O O\n\nDonald B-actor\nTrump I-actor\nspoke O\n\n"
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("outermost"));
    }

    #[test]
    fn adjacent_spans_each_begin_and_white_space_spans_are_noted() {
        let (d, layer) = doc(
            "USA-based  group",
            &[(0, 3, "actor"), (3, 9, "date"), (9, 11, "claim")],
        );
        let (text, notes) = conll(&d, &layer);
        assert_eq!(
            text,
            "-DOCSTART- -X- O O\n\nUSA B-actor\n- B-date\nbased I-date\ngroup O\n\n"
        );
        assert!(notes.iter().any(|n| n.contains("white space")), "{notes:?}");
    }

    #[test]
    fn an_empty_document_is_only_its_docstart_line() {
        let (d, layer) = doc(" \r\n ", &[]);
        assert_eq!(conll(&d, &layer).0, "-DOCSTART- -X- O O\n\n");
    }

    #[test]
    fn attributes_are_noted_as_not_exported() {
        let d = Document::new("d".into(), String::new(), BTreeMap::new(), "Bob".into());
        let layer = Layer::with_spans(
            Status::Done,
            vec![Span::new(SpanId::numbered(1), 0, 3, "actor").with_attrs(&[("kind", "person")])],
        );
        let notes = conll(&d, &layer).1;
        assert!(notes[0].contains("attributes"), "{notes:?}");
    }
}
