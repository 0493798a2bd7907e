//! The one error type of file reading and writing: a message that names the
//! file and, where known, the line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with a file, displayed as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    /// The file concerned.
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column in code points, where known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl FileError {
    /// An error about the file as a whole.
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a line (and optionally a column).
    pub fn at(path: &Path, line: usize, column: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line: Some(line),
            column,
            message: message.into(),
        }
    }

    /// An error at byte offset `byte` of `source` (the file's text).
    pub fn at_byte(path: &Path, source: &str, byte: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(source, byte);
        Self::at(path, line, Some(column), message)
    }

    /// The same error with a note appended to the message.
    #[must_use]
    pub fn with_note(mut self, note: &str) -> Self {
        self.message.push_str(note);
        self
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and column (in code points) of byte offset `byte` in `source`.
pub fn line_column(source: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(source.len());
    while !source.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &source[..byte];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let path = Path::new("p.ron");
        assert_eq!(FileError::new(path, "gone").to_string(), "p.ron: gone");
        assert_eq!(
            FileError::at(path, 3, None, "bad").to_string(),
            "p.ron:3: bad"
        );
        let source = "ab\n\u{1F600}x\n";
        let err = FileError::at_byte(path, source, source.find('x').expect("x"), "here");
        assert_eq!(err.to_string(), "p.ron:2:2: here");
    }
}
