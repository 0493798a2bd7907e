//! Why an export wrote nothing: the error every format and the export
//! around them return.

use crate::io::error::FileError;

/// Why an export wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The options do not fit the project: an annotator without layers, a
    /// label the schema lacks, all layers for a one-layer format. The
    /// message does not name the project file; a caller that knows it
    /// puts it in front.
    #[error("{0}")]
    Project(String),
    /// The format cannot write these documents (two ids that become the
    /// same file name, a format not built in).
    #[error("{0}")]
    Format(String),
    /// The output cannot be written where asked; names the path.
    #[error(transparent)]
    Output(#[from] FileError),
    /// Options that contradict each other, e.g. standard output for a
    /// folder or for binary data.
    #[error("{0}")]
    Usage(String),
}
