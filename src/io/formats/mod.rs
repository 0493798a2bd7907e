//! Dataset formats, one file each. An exporter is a pure function from the
//! chosen documents ([`ExportDoc`]) to bytes ([`Exported`]); choosing the
//! layer, filtering labels and status, splitting and writing the files
//! atomically happen once, in the caller.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod error;
pub mod hf;
pub mod jsonl;
pub mod prodigy;
pub mod spacy;
pub mod tokens;

use crate::model::{Document, Layer, Span};
pub use error::ExportError;

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
