//! Reading and writing files: the RON project, schemas, `.txt` documents and
//! JSONL interchange. No UI.

pub mod atomic;
pub mod documents;
pub mod error;
pub mod export;
mod fast_ron;
pub mod file_names;
pub mod folder;
pub mod formats;
pub mod import;
pub mod jsonl;
pub mod jsonl_spans;
pub mod locate;
pub mod output_guard;
pub mod project_file;
pub mod project_format;
pub mod project_store;
pub mod read;
pub mod relations;
mod ron_keys;
pub(crate) mod ron_support;
pub mod text_docs;
pub mod walk;

pub use error::FileError;
pub use project_file::{load_schema, project_to_ron};
pub use project_store::{load_project, save_project};
