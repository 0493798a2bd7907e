//! Errors and output shared by the subcommands.

use std::io::Write;

use crate::io::FileError;

/// A user error: bad input, a missing file, a refused operation. The binary
/// prints it on one line and exits with status 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A problem with a file, with its place.
    #[error(transparent)]
    File(#[from] FileError),
    /// Any other user error.
    #[error("{0}")]
    Message(String),
}

/// Writes `text` to standard output (reports, JSON, exported data).
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| CliError::Message(format!("cannot write to standard output: {err}")))
}
