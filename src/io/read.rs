//! Reading input files with clear errors for the usual mistakes: a missing
//! file, a directory where a file belongs, bytes that are not UTF-8.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use super::error::{FileError, line_column};

/// Reads `path` as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    into_text(path, read_bytes(path)?)
}

/// The `bytes` read from `path` as UTF-8 text, with [`read_text`]'s message
/// when they are not.
pub fn into_text(path: &Path, bytes: Vec<u8>) -> Result<String, FileError> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        invalid_utf8(path, err.as_bytes(), valid)
    })
}

/// The `bytes` read from `path` as UTF-8 text, borrowed, with
/// [`read_text`]'s message when they are not (checked with SIMD
/// instructions where the processor has them, several times faster than
/// [`std::str::from_utf8`] on text with many non-ASCII characters).
pub fn utf8_text<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, FileError> {
    simdutf8::compat::from_utf8(bytes).map_err(|err| invalid_utf8(path, bytes, err.valid_up_to()))
}

/// The error for `bytes` read from `path`, valid UTF-8 up to byte `valid`.
fn invalid_utf8(path: &Path, bytes: &[u8], valid: usize) -> FileError {
    let prefix = String::from_utf8_lossy(&bytes[..valid]);
    let (line, column) = line_column(&prefix, prefix.len());
    FileError::at(
        path,
        line,
        Some(column),
        format!(
            "invalid UTF-8 (byte 0x{:02x} at byte offset {valid}); the file must be UTF-8 text",
            bytes[valid]
        ),
    )
}

/// Reads `path` as bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, FileError> {
    if path.is_dir() {
        return Err(FileError::new(
            path,
            "is a directory, but a file is expected here",
        ));
    }
    fs::read(path).map_err(|err| match err.kind() {
        ErrorKind::NotFound => FileError::new(path, "no such file"),
        ErrorKind::PermissionDenied => FileError::new(path, "permission denied"),
        _ => FileError::new(path, format!("cannot read: {err}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_directories_and_bad_utf8_get_clear_messages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope.ron");
        assert!(
            read_text(&missing)
                .expect_err("missing")
                .to_string()
                .ends_with("nope.ron: no such file")
        );
        assert!(
            read_text(dir.path())
                .expect_err("dir")
                .message
                .contains("is a directory")
        );
        let bad = dir.path().join("bad.txt");
        fs::write(&bad, b"ok\nab\xffcd").expect("write");
        let err = read_text(&bad).expect_err("bad utf8");
        assert_eq!((err.line, err.column), (Some(2), Some(3)));
        assert!(err.message.contains("invalid UTF-8"));
        let bytes = fs::read(&bad).expect("read");
        let borrowed = utf8_text(&bad, &bytes).expect_err("bad utf8");
        assert_eq!(borrowed.to_string(), err.to_string());
        assert_eq!(utf8_text(&bad, "é 😀 ok".as_bytes()).ok(), Some("é 😀 ok"));
    }
}
