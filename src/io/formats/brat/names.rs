//! Document ids as brat file names and back.
//!
//! brat names a document by its file stem (`ID.txt`, `ID.ann`), so export
//! and import must agree on one reversible mapping: every character a file
//! name cannot hold (`/ \ : * ? " < > |`, control characters), `%` itself
//! and a leading `.` (hidden files, `.` and `..`) are written as `%XX`, one
//! per UTF-8 byte; everything else, Unicode included, stays as it is.
//! Import decodes `%XX` back, so every id round-trips; a file stem whose
//! `%` sequences do not decode to UTF-8 is taken as it is.

use std::borrow::Cow;
use std::fmt::Write;

use percent_encoding::percent_decode_str;

/// The longest file name, in bytes, that common file systems (ext4, APFS,
/// NTFS in UTF-8) accept.
const MAX_FILE_NAME_BYTES: usize = 255;

/// The longest extension export writes beside a stem (`.txt`, `.ann`).
const EXTENSION_BYTES: usize = 4;

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

/// The file stem of the document `id`: its characters, with those a file
/// name cannot hold escaped. Fails, saying why, when the file names would
/// be longer than file systems allow.
pub fn file_stem(id: &str) -> Result<String, String> {
    let mut stem = String::with_capacity(id.len());
    for (index, c) in id.chars().enumerate() {
        if needs_escape(index, c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(stem, "%{byte:02X}");
            }
        } else {
            stem.push(c);
        }
    }
    if stem.len() + EXTENSION_BYTES > MAX_FILE_NAME_BYTES {
        return Err(format!(
            "document {id:?} cannot be a brat file: its file name {stem}.txt would be {} bytes, and file systems allow {MAX_FILE_NAME_BYTES}; shorten the id",
            stem.len() + EXTENSION_BYTES
        ));
    }
    Ok(stem)
}

/// The document id of a brat file stem: `%XX` sequences decoded (the
/// inverse of [`file_stem`]), or the stem itself when they are not UTF-8.
pub fn doc_id(stem: &str) -> String {
    match percent_decode_str(stem).decode_utf8() {
        Ok(Cow::Borrowed(id)) => id.to_owned(),
        Ok(Cow::Owned(id)) => id,
        Err(_) => stem.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_through_its_file_stem() {
        let ids = [
            "esp.train-doc-29",
            "x.1",
            "a*b",
            "a_b",
            "100%",
            "%41",
            "../../etc/passwd",
            ".",
            "..",
            ".hidden",
            "a\\b\u{0}c\u{85}d",
            "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB}.v2.final",
            "q?<\"|>:",
        ];
        for id in ids {
            let stem = file_stem(id).expect("short");
            assert!(
                !stem.contains(['/', '\\', '*', ':']) && !stem.starts_with('.'),
                "{id:?} -> {stem:?}"
            );
            assert_eq!(doc_id(&stem), id, "{id:?} -> {stem:?}");
        }
        assert_eq!(file_stem("a*b").as_deref(), Ok("a%2Ab"));
        assert_eq!(
            file_stem("esp.train-doc-29").as_deref(),
            Ok("esp.train-doc-29")
        );
        assert_eq!(file_stem("Zoë").as_deref(), Ok("Zoë"));
    }

    #[test]
    fn stems_written_by_others_are_taken_as_they_are() {
        assert_eq!(doc_id("esp.train-doc-29"), "esp.train-doc-29");
        assert_eq!(doc_id("50%_off"), "50%_off");
        assert_eq!(doc_id("bad%FF"), "bad%FF");
    }

    #[test]
    fn ids_too_long_for_a_file_name_are_refused_naming_them() {
        let id = "d".repeat(300);
        let err = file_stem(&id).expect_err("too long");
        assert!(
            err.contains(&format!("{id:?}")) && err.contains("304 bytes"),
            "{err}"
        );
        assert!(file_stem(&"d".repeat(251)).is_ok());
        assert!(file_stem(&"*".repeat(84)).is_err());
    }
}
