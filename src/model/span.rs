//! A span: a labelled range of a document's text with attribute values.

use serde::{Deserialize, Serialize};

use super::attrs::Attrs;
use super::ids::SpanId;

/// A labelled range of code points `[start, end)` with attribute values.
///
/// Attribute values are strings whatever the attribute kind: an enum value,
/// free text, or the id of the referenced span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// Identifier, unique within the layer.
    pub id: SpanId,
    /// First code point (inclusive).
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// Label name from the schema.
    pub label: String,
    /// Attribute values by attribute name.
    #[serde(default, skip_serializing_if = "Attrs::is_empty")]
    pub attrs: Attrs,
}

impl Span {
    /// A span without attributes.
    pub fn new(id: SpanId, start: usize, end: usize, label: impl Into<String>) -> Self {
        Self {
            id,
            start,
            end,
            label: label.into(),
            attrs: Attrs::new(),
        }
    }

    /// The span with these attribute values (name, value) added.
    #[must_use]
    pub fn with_attrs(mut self, attrs: &[(&str, &str)]) -> Self {
        for &(name, value) in attrs {
            self.attrs.insert(name.to_owned(), value.to_owned());
        }
        self
    }

    /// The canonical order of spans in a layer: by start, end, label, id.
    pub fn sort_key(&self) -> (usize, usize, &str, &str) {
        (self.start, self.end, &self.label, self.id.as_str())
    }

    /// Whether the span shares at least one code point with `[start, end)`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }

    /// Whether the span covers code point `pos`.
    pub fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }
}
