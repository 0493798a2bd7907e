//! Dataset formats, one file each. An exporter is a pure function from the
//! chosen documents ([`ExportDoc`]) to bytes ([`Exported`]); choosing the
//! layer, filtering labels and status, splitting and writing the files
//! atomically happen once, in the caller.

pub mod brat;
pub mod conll;
pub mod hf;
pub mod jsonl;
pub mod prodigy;
pub mod spacy;
pub mod tokens;

use crate::model::{Document, Layer, Span};

/// One document as an export sees it: the chosen layer and the spans kept
/// by the label filter.
#[derive(Debug, Clone)]
pub struct ExportDoc<'a> {
    /// The document (id, title, meta, text).
    pub doc: &'a Document,
    /// Whose layer it is (`gold` for the adjudicated one).
    pub annotator: &'a str,
    /// The whole layer (span references point into it).
    pub layer: &'a Layer,
    /// The layer's spans that are exported, in canonical order.
    pub spans: Vec<&'a Span>,
}

/// What an exporter produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One file's bytes.
    File(Vec<u8>),
    /// Files of a folder: relative names (never containing `/`, `\` or
    /// `..`) and their bytes, in a stable order.
    Folder(Vec<(String, Vec<u8>)>),
}

/// An export's bytes and what the format could not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The bytes to write.
    pub output: Output,
    /// Each thing the format cannot hold, once (e.g. that attributes are
    /// not exported in `CoNLL`), for the user's standard error.
    pub notes: Vec<String>,
}

/// A document id made safe as a file name stem: path separators, `..`,
/// control characters and characters that file systems refuse become `_`;
/// an empty or dot-only id becomes `_`. Two ids may map to the same stem:
/// exporters must refuse that, never overwrite.
pub fn file_stem_for(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = stem.replace("..", "__");
    if stem.is_empty() || stem.chars().all(|c| c == '.') {
        "_".to_owned()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_file_stems_that_cannot_leave_the_folder() {
        assert_eq!(file_stem_for("000_31b7"), "000_31b7");
        assert_eq!(file_stem_for("../../etc/passwd"), "______etc_passwd");
        assert_eq!(file_stem_for("a\\b\u{0}c"), "a_b_c");
        assert_eq!(file_stem_for(".."), "__");
        assert_eq!(file_stem_for("."), "_");
        assert_eq!(file_stem_for(""), "_");
        assert_eq!(
            file_stem_for("Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB}"),
            "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB}"
        );
    }
}
