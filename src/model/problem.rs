//! Validation problems: what is wrong and where in the model it is, so that
//! a file reader can turn the place into a line and column.

use std::fmt;

use super::ids::{DocId, SpanId};

/// Where in a project a problem lies, from coarse to fine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The project as a whole (format, version).
    Project,
    /// A label of the schema.
    Label {
        /// Label name.
        label: String,
    },
    /// An attribute of a schema label.
    Attribute {
        /// Label name.
        label: String,
        /// Attribute name.
        attribute: String,
    },
    /// A document.
    Document {
        /// Document id.
        doc: DocId,
    },
    /// One annotator's layer on a document.
    Layer {
        /// Document id.
        doc: DocId,
        /// Annotator name.
        annotator: String,
    },
    /// A span, optionally one of its fields (`start`, `label`, an attribute).
    Span {
        /// Document id.
        doc: DocId,
        /// Annotator name.
        annotator: String,
        /// Span id.
        span: SpanId,
        /// Field name, when the problem is in one field.
        field: Option<String>,
    },
}

/// One thing wrong with a schema, document, layer or span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What is wrong, as a sentence for the user.
    pub message: String,
}

impl Problem {
    /// A problem at `place`.
    pub fn new(place: Place, message: impl Into<String>) -> Self {
        Self {
            place,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
