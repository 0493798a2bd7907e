//! Data derived from the open document that the view needs every frame:
//! the code point index, the blocks, where the header line ends and the
//! span indexes and the links of each layer.
//! Rebuilt only when the document or the project's edit generation changes.

use std::collections::BTreeMap;

use super::text_view::{Block, LinkIndex, split_blocks};
use crate::model::offsets::CharIndex;
use crate::model::span_index::SpanIndex;
use crate::model::{DocId, Document, Schema};

/// Derived data of one document.
#[derive(Debug, Default)]
pub struct DocCache {
    key: Option<(DocId, u64)>,
    /// Code point index of the text.
    pub chars: CharIndex,
    /// Blocks of the text.
    pub blocks: Vec<Block>,
    /// Where the `date URL` header line ends (line break included; 0 when
    /// the text has none): see [`Document::header_range`].
    pub header_end: usize,
    /// Span index per layer, by annotator.
    pub layers: BTreeMap<String, SpanIndex>,
    /// Links per layer, by annotator.
    pub links: BTreeMap<String, LinkIndex>,
}

impl DocCache {
    /// Brings the cache up to date with `doc` at edit `generation` (the
    /// project's schema says which attributes are links).
    pub fn update(&mut self, doc: &Document, schema: &Schema, generation: u64) {
        let same_doc = self.key.as_ref().is_some_and(|(id, _)| id == &doc.id);
        if same_doc && self.key.as_ref().is_some_and(|(_, g)| *g == generation) {
            return;
        }
        if !same_doc {
            self.chars = CharIndex::new(&doc.text);
            self.blocks = split_blocks(&doc.text, &self.chars);
            self.header_end = doc.header_range().map_or(0, |r| r.end);
        }
        self.layers = doc
            .layers
            .iter()
            .map(|(name, layer)| (name.clone(), SpanIndex::new(&layer.spans)))
            .collect();
        self.links = doc
            .layers
            .iter()
            .map(|(name, layer)| (name.clone(), LinkIndex::new(schema, &layer.spans)))
            .collect();
        self.key = Some((doc.id.clone(), generation));
    }
}
