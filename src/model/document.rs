//! Documents: immutable text with metadata and the annotators' layers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ids::DocId;
use super::layer::Layer;

/// A document: its text never changes once imported; annotations live in
/// per-annotator layers keyed by annotator name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
}
