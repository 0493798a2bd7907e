//! Errors and output shared by the subcommands.

use std::fmt::Write as _;
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

/// Writes `value` as pretty JSON and a line break to standard output;
/// `what` names it in the error (`the report`, `the diff`).
pub fn print_json(value: &impl serde::Serialize, what: &str) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|err| CliError::Message(format!("cannot write {what}: {err}")))?;
    print(&format!("{json}\n"))
}

/// Left-aligned first column, right-aligned others, two spaces apart.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let width = |c: usize| {
        rows.iter()
            .map(|r| r[c].chars().count())
            .chain([header[c].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|&h| h.to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c == 0 {
                let _ = write!(line, "{cell:<w$}", w = widths[0]);
            } else {
                let _ = write!(line, "  {cell:>w$}", w = widths[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
