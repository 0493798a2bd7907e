//! Documents: immutable text with metadata and the annotators' layers.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ids::DocId;
use super::layer::Layer;

/// A document: its text never changes once imported; annotations live in
/// per-annotator layers keyed by annotator name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Unique identifier.
    pub id: DocId,
    /// Display title.
    #[serde(default)]
    pub title: String,
    /// Free metadata such as `date` and `url`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// Lower-case hex SHA-256 of `text`, so a layer can never attach to a
    /// changed text.
    pub sha256: String,
    /// The text, verbatim.
    pub text: String,
    /// Layers by annotator name (including the reserved `gold`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layers: BTreeMap<String, Layer>,
}

impl Document {
    /// A document without layers; computes the checksum.
    pub fn new(id: DocId, title: String, meta: BTreeMap<String, String>, text: String) -> Self {
        Self {
            id,
            title,
            meta,
            sha256: text_sha256(&text),
            text,
            layers: BTreeMap::new(),
        }
    }

    /// Total number of spans over all layers.
    pub fn span_count(&self) -> usize {
        self.layers.values().map(|l| l.spans.len()).sum()
    }

    /// The code-point range (end-exclusive, line break included) of the
    /// header line `date YYYY-MM-DD URL` when the text starts with one, as a
    /// `.txt` import reads it (see [`Header`]). It is part of the text for
    /// offsets but is metadata: nothing is suggested in it, it is drawn
    /// dimmed and Find skips it.
    pub fn header_range(&self) -> Option<Range<usize>> {
        Header::parse(&self.text).map(|header| 0..self.text[..header.byte_len].chars().count())
    }
}

/// The header line `date YYYY-MM-DD URL` that may open a plain-text
/// document (surrounding white space allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// The date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The URL (any run of non-space characters).
    pub url: &'a str,
    /// UTF-8 length of the line including its line break (`\n` or `\r\n`).
    pub byte_len: usize,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(\S+)\s*$").expect("valid regex")
});

impl<'a> Header<'a> {
    /// The header line at the start of `text`, if its first line is one.
    pub fn parse(text: &'a str) -> Option<Self> {
        let (line, byte_len) = match text.find('\n') {
            Some(newline) => (&text[..newline], newline + 1),
            None => (text, text.len()),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.trim_start().starts_with("date") {
            return None;
        }
        let caps = HEADER.captures(line)?;
        Some(Self {
            date: caps.get(1)?.as_str(),
            url: caps.get(2)?.as_str(),
            byte_len,
        })
    }
}

/// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
pub fn text_sha256(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_sha256_of_the_utf8_bytes() {
        assert_eq!(
            text_sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let doc = Document::new(
            "d".into(),
            String::new(),
            BTreeMap::new(),
            "\u{1F600}".into(),
        );
        assert_eq!(doc.sha256, text_sha256("\u{1F600}"));
        assert_eq!(doc.span_count(), 0);
    }

    fn doc(text: &str) -> Document {
        Document::new("d".into(), String::new(), BTreeMap::new(), text.into())
    }

    #[test]
    fn header_range_covers_the_header_line_and_its_line_break_in_code_points() {
        let text = "date 2025-08-15 https://example.org/\u{1F600}\r\nTrump";
        let range = doc(text).header_range().expect("a header");
        assert_eq!(range, 0..39);
        assert_eq!(text.chars().nth(range.end), Some('T'));
        let header = Header::parse(text).expect("a header");
        assert_eq!(header.date, "2025-08-15");
        assert_eq!(header.url, "https://example.org/\u{1F600}");
    }

    #[test]
    fn header_range_of_a_text_that_is_only_the_header_is_the_whole_text() {
        assert_eq!(doc("\u{A0}date 2025-01-01 u ").header_range(), Some(0..19));
    }

    #[test]
    fn texts_without_a_header_line_have_no_header_range() {
        for text in [
            "",
            "Trump met Putin.\ndate 2025-01-01 u",
            "date 2025-1-01 u\n",
            "date 2025-01-01\n",
            "date 2025-01-01 u v\n",
            "\ndate 2025-01-01 u\n",
            "updated 2025-01-01 u\n",
        ] {
            assert_eq!(doc(text).header_range(), None, "{text:?}");
        }
    }
}
