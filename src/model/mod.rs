//! The annotation model: schema, documents, layers, spans, validation and
//! offset conversion. Plain Rust, no UI.

pub mod attr_value;
pub mod attrs;
pub mod doc_tokens;
pub mod document;
pub mod ids;
pub mod layer;
pub mod linking;
pub mod links;
pub mod merge;
pub mod offsets;
pub mod parallel;
pub mod problem;
pub mod project;
pub mod schema;
pub mod span;
pub mod span_index;
pub mod tokens;
pub mod validate;

pub use attr_value::AttrValue;
pub use attrs::Attrs;
pub use document::{Document, text_sha256};
pub use ids::{DocId, SpanId};
pub use layer::{GOLD, Layer, MODEL_PREFIX, Status};
pub use links::Link;
pub use problem::{Place, Problem};
pub use project::{AnnotatorStats, Project, ProjectStats};
pub use schema::{AttributeDef, AttributeKind, LabelDef, Schema, TargetLabels};
pub use span::Span;
