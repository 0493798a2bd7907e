//! Names (document ids, annotator names) as file names and back, one
//! reversible mapping for every file Marginalia names after an id (brat
//! exports, folder projects).
//!
//! Every character a file name cannot hold (`/ \ : * ? " < > |`, control
//! characters), `%` itself and a leading `.` (hidden files, `.` and `..`)
//! are written as `%XX`, one per UTF-8 byte; everything else, Unicode
//! included, stays as it is. [`unescape`] decodes `%XX` back, so every name
//! round-trips; a file stem whose `%` sequences do not decode to UTF-8 is
//! taken as it is.

use std::borrow::Cow;
use std::fmt::Write;

use percent_encoding::percent_decode_str;

/// The longest file name, in bytes, that common file systems (ext4, APFS,
/// NTFS in UTF-8) accept.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Whether `c`, at character position `index` of an id, is written as
/// `%XX` in a file name.
fn needs_escape(index: usize, c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '%' | '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
        )
        || (index == 0 && c == '.')
}

/// `name` with the characters a file name cannot hold escaped as `%XX`.
pub fn escape(name: &str) -> String {
    let mut stem = String::with_capacity(name.len());
    for (index, c) in name.chars().enumerate() {
        if needs_escape(index, c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(stem, "%{byte:02X}");
            }
        } else {
            stem.push(c);
        }
    }
    stem
}

/// The name a file stem stands for: `%XX` sequences decoded (the inverse
/// of [`escape`]), or the stem itself when they are not UTF-8.
pub fn unescape(stem: &str) -> String {
    match percent_decode_str(stem).decode_utf8() {
        Ok(Cow::Borrowed(name)) => name.to_owned(),
        Ok(Cow::Owned(name)) => name,
        Err(_) => stem.to_owned(),
    }
}
