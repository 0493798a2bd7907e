//! The `spacy` export: a spaCy v3 `DocBin` file (`.spacy`), the corpus
//! format `python -m spacy train` reads, written without Python.
//!
//! `DocBin().from_disk(PATH).get_docs(nlp.vocab)` gives one `Doc` per
//! document: `doc.text` is the document's text exactly, `doc.spans["sc"]`
//! holds every exported span, `doc.ents` the spans taken by start, longest
//! first, each kept unless it overlaps one already kept (every other token
//! `O`), and `doc.user_data["id"]` is the document id.
//!
//! Tokens are the export tokens
//! ([`export_tokens`](super::tokens::export_tokens)); the white space
//! between them becomes what spaCy's own tokenizer makes of it: one space
//! `' '` right after a token is that token's `whitespace_`, and any other
//! run of white space (the rest of a run, tabs, line breaks, no-break
//! spaces, the text's leading white space) is one white-space token. A run
//! is also cut where a span starts or ends inside it, so that every span
//! covers whole tokens.

pub mod docbin;
pub mod hash;
mod symbols;

use crate::model::Span;
use crate::model::doc_tokens::DocTokens;
use crate::model::offsets::char_len;

use super::{ExportDoc, Exported, Output};
use docbin::{DocBin, Iob, SpanRow, TokenRow};

/// Why a `DocBin` could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SpacyError {
    /// A span's range is not within its document's text.
    #[error(
        "document {doc:?}: span {span} ({start}..{end}) is not within the text ({len} characters)"
    )]
    SpanOutsideText {
        /// Document id.
        doc: String,
        /// Span id.
        span: String,
        /// Span start (code points).
        start: usize,
        /// Span end (code points).
        end: usize,
        /// Length of the text (code points).
        len: usize,
    },
    /// spaCy stores character offsets as 32-bit numbers.
    #[error("document {doc:?} has {len} characters; spaCy holds at most 2147483647")]
    TooLong {
        /// Document id.
        doc: String,
        /// Length of the text (code points).
        len: usize,
    },
    /// A span does not start and end on token boundaries (a bug: tokens are
    /// cut at every span boundary).
    #[error("document {doc:?}: span {span} does not fall on token boundaries")]
    Misaligned {
        /// Document id.
        doc: String,
        /// Span id.
        span: String,
    },
    /// Encoding or compressing the bytes failed.
    #[error("cannot encode the DocBin: {0}")]
    Encode(#[from] std::io::Error),
}

impl From<SpacyError> for String {
    fn from(error: SpacyError) -> Self {
        error.to_string()
    }
}

/// A token of the spaCy `Doc`: code points `start..end` of the text (bytes
/// `start_byte..end_byte`), and whether one space `' '` follows it (its
/// `whitespace_`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpacyToken {
    /// First code point.
    pub start: usize,
    /// End code point (exclusive), the trailing space excluded.
    pub end: usize,
    /// Byte offset of `start`.
    pub start_byte: usize,
    /// Byte offset of `end`.
    pub end_byte: usize,
    /// Whether one space follows (and belongs to) the token.
    pub space: bool,
}

/// Writes `docs` as one `DocBin` file.
pub fn export(docs: &[ExportDoc<'_>]) -> Result<Exported, SpacyError> {
    let mut bin = DocBin::new();
    let mut counts = Counts::default();
    for export in docs {
        add_document(&mut bin, export, &mut counts)?;
    }
    // Without counts, so that the parts of a split say each thing once.
    let mut notes = Vec::new();
    if counts.with_attrs > 0 {
        notes.push(
            "spacy: a DocBin holds no span attributes or span references; they are left out"
                .to_owned(),
        );
    }
    if counts.not_entities > 0 {
        notes.push(
            "spacy: spans that overlap a span starting earlier or a longer one are in \
             doc.spans[\"sc\"] only, not in doc.ents"
                .to_owned(),
        );
    }
    Ok(Exported {
        output: Output::File(bin.to_bytes()?),
        notes,
    })
}

/// What the notes of an export count.
#[derive(Debug, Default)]
struct Counts {
    /// Spans with attributes (which a `DocBin` cannot hold).
    with_attrs: usize,
    /// Spans in `doc.spans["sc"]` but not in `doc.ents`.
    not_entities: usize,
}

/// Adds one document to `bin`.
fn add_document<'a>(
    bin: &mut DocBin<'a>,
    export: &ExportDoc<'a>,
    counts: &mut Counts,
) -> Result<(), SpacyError> {
    let text = export.doc.text.as_str();
    let id = export.doc.id.as_str();
    let len = char_len(text);
    // Offsets and token numbers are at most `len`: they fit when it does.
    let small = |n: usize| {
        i32::try_from(n).map_err(|_| SpacyError::TooLong {
            doc: id.to_owned(),
            len,
        })
    };
    small(len)?;
    if let Some(span) = export.spans.iter().find(|s| s.start > s.end || s.end > len) {
        return Err(SpacyError::SpanOutsideText {
            doc: id.to_owned(),
            span: span.id.as_str().to_owned(),
            start: span.start,
            end: span.end,
            len,
        });
    }
    let tokens = spacy_tokens(text, &export.spans);
    let mut rows: Vec<TokenRow> = tokens
        .iter()
        .map(|token| TokenRow {
            orth: bin.intern(&text[token.start_byte..token.end_byte]),
            iob: Iob::Outside,
            ent_type: 0,
            space: token.space,
        })
        .collect();

    let misaligned = |span: &Span| SpacyError::Misaligned {
        doc: id.to_owned(),
        span: span.id.as_str().to_owned(),
    };
    let entities = entity_spans(&export.spans);
    counts.not_entities += export.spans.len() - entities.len();
    for span in entities {
        let (first, end) = token_range(&tokens, span).ok_or_else(|| misaligned(span))?;
        let label = bin.intern(&span.label);
        for (at, row) in rows[first..end].iter_mut().enumerate() {
            row.iob = if at == 0 { Iob::Begin } else { Iob::Inside };
            row.ent_type = label;
        }
    }
    let mut span_rows = Vec::with_capacity(export.spans.len());
    for &span in &export.spans {
        let (first, end) = token_range(&tokens, span).ok_or_else(|| misaligned(span))?;
        if !span.attrs.is_empty() {
            counts.with_attrs += 1;
        }
        span_rows.push(SpanRow {
            label: bin.intern(&span.label),
            start: small(first)?,
            end: small(end)?,
            start_char: small(span.start)?,
            end_char: small(span.end)?,
        });
    }
    bin.add_doc(&rows, &span_rows, id)?;
    Ok(())
}

/// The tokens of the spaCy `Doc` of `text`: the export tokens for `spans`
/// (the same as [`export_tokens`](super::tokens::export_tokens), found in
/// one pass over the text) and the
/// white-space tokens between them, as the module documentation says.
/// Every span starts at a token's start and ends at a token's end.
pub fn spacy_tokens(text: &str, spans: &[&Span]) -> Vec<SpacyToken> {
    let mut cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    // An empty span fits between a word and its trailing space.
    let non_empty = spans.iter().filter(|s| s.start < s.end);
    let mut starts: Vec<usize> = non_empty.clone().map(|s| s.start).collect();
    let mut ends: Vec<usize> = non_empty.map(|s| s.end).collect();
    for list in [&mut starts, &mut ends, &mut cuts] {
        list.sort_unstable();
        list.dedup();
    }
    let mut tokens = Tokens {
        out: Vec::with_capacity(text.len() / 4 + 1),
        bytes: ByteCursor::new(text),
        starts,
        ends,
        cuts,
        next_start: 0,
        next_end: 0,
        next_cut: 0,
    };
    // The matches of `TOKEN`, found by a table walk rather than the regex.
    let words = DocTokens::new(text);
    let mut pos = 0;
    for (&start, &end) in words.starts.iter().zip(&words.ends) {
        tokens.push_gap(pos, start);
        tokens.push_cut(start, end);
        pos = end;
    }
    tokens.push_gap(pos, char_len(text));
    tokens.out
}

/// The tokens of one text, as they are made.
struct Tokens<'t> {
    out: Vec<SpacyToken>,
    bytes: ByteCursor<'t>,
    /// Starts of the non-empty spans, sorted.
    starts: Vec<usize>,
    /// Ends of the non-empty spans, sorted.
    ends: Vec<usize>,
    /// Span starts and ends, sorted.
    cuts: Vec<usize>,
    /// The first of `starts`, `ends` and `cuts` not before the tokens
    /// pushed so far (they are pushed in order).
    next_start: usize,
    next_end: usize,
    next_cut: usize,
}

impl Tokens<'_> {
    /// Pushes the token `start..end` (after every token before it).
    fn push(&mut self, start: usize, end: usize) {
        let start_byte = self.bytes.byte_of(start);
        let end_byte = self.bytes.byte_of(end);
        self.out.push(SpacyToken {
            start,
            end,
            start_byte,
            end_byte,
            space: false,
        });
    }

    /// Pushes `from..to` cut at every span boundary inside it.
    fn push_cut(&mut self, mut from: usize, to: usize) {
        while self.cuts.get(self.next_cut).is_some_and(|&c| c <= from) {
            self.next_cut += 1;
        }
        while let Some(&cut) = self.cuts.get(self.next_cut)
            && cut < to
        {
            self.push(from, cut);
            from = cut;
            self.next_cut += 1;
        }
        self.push(from, to);
    }

    /// Pushes the tokens of the white space `from..to` that follows the
    /// tokens pushed so far.
    fn push_gap(&mut self, mut from: usize, to: usize) {
        if from == to {
            return;
        }
        // One space after a word is the word's `whitespace_`, unless a span
        // starts at it or ends right after it.
        while self.starts.get(self.next_start).is_some_and(|&s| s < from) {
            self.next_start += 1;
        }
        while self.ends.get(self.next_end).is_some_and(|&e| e <= from) {
            self.next_end += 1;
        }
        let at = self.bytes.byte_of(from);
        if let Some(word) = self.out.last_mut()
            && self.bytes.text.as_bytes()[at] == b' '
            && self.starts.get(self.next_start) != Some(&from)
            && self.ends.get(self.next_end) != Some(&(from + 1))
        {
            word.space = true;
            from += 1;
        }
        if from < to {
            self.push_cut(from, to);
        }
    }
}

/// Byte offsets of code points asked for in increasing order: one pass
/// over the text in all.
struct ByteCursor<'t> {
    text: &'t str,
    ascii: bool,
    /// The last code point asked for, and its byte offset.
    char: usize,
    byte: usize,
}

impl<'t> ByteCursor<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            char: 0,
            byte: 0,
        }
    }

    /// Byte offset of code point `char` (at least the last one asked for;
    /// clamped to the end of the text).
    fn byte_of(&mut self, char: usize) -> usize {
        if self.ascii {
            return char.min(self.text.len());
        }
        debug_assert!(char >= self.char, "code points asked for in order");
        let mut rest = self.text[self.byte..].chars();
        while self.char < char {
            let Some(c) = rest.next() else { break };
            self.byte += c.len_utf8();
            self.char += 1;
        }
        self.byte
    }
}

/// The spans that become `doc.ents`: taken by start, longest first, each
/// kept unless it overlaps one already kept. Empty spans are never kept.
pub fn entity_spans<'s>(spans: &[&'s Span]) -> Vec<&'s Span> {
    let mut by_start: Vec<&Span> = spans.iter().copied().filter(|s| s.start < s.end).collect();
    // Stable: equal ranges keep their canonical (label, id) order.
    by_start.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<&Span> = Vec::new();
    for span in by_start {
        // Kept spans are disjoint and sorted, so the last ends furthest.
        if kept.last().is_none_or(|last| last.end <= span.start) {
            kept.push(span);
        }
    }
    kept
}

/// The tokens `first..end` that `span` covers exactly, if it does.
fn token_range(tokens: &[SpacyToken], span: &Span) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.start < span.start);
    let end = tokens.partition_point(|t| t.end <= span.end);
    let exact = if span.start == span.end {
        first == end
    } else {
        first < end && tokens[first].start == span.start && tokens[end - 1].end == span.end
    };
    exact.then_some((first, end))
}

#[cfg(test)]
mod tests;
