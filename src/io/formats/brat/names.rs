//! Document ids as brat file names and back: the reversible mapping of
//! [`crate::io::file_names`], with brat's own limit on a name's length.

use crate::io::file_names::{MAX_FILE_NAME_BYTES, escape, unescape};

/// The longest extension export writes beside a stem (`.txt`, `.ann`).
const EXTENSION_BYTES: usize = 4;

/// The file stem of the document `id`: its characters, with those a file
/// name cannot hold escaped. Fails, saying why, when the file names would
/// be longer than file systems allow.
pub fn file_stem(id: &str) -> Result<String, String> {
    let stem = escape(id);
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
    unescape(stem)
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
