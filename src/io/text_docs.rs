//! Plain-text documents: a `.txt` file becomes a document whose id is the
//! file stem and whose text is the file, verbatim (offsets map onto the
//! original file). A first line `date YYYY-MM-DD URL` fills `meta.date` and
//! `meta.url`; the title is the first non-empty line after it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::FileError;
use super::read::read_text;
use crate::model::document::Header;
use crate::model::{DocId, Document};

/// Reads one `.txt` file as a document.
pub fn document_from_txt(path: &Path) -> Result<Document, FileError> {
    let text = read_text(path)?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| FileError::new(path, "cannot take a document id from this file name"))?;
    let (title, meta) = title_and_meta(&text);
    Ok(Document::new(DocId(id), title, meta, text))
}

/// Title and metadata read from the start of a text.
pub fn title_and_meta(text: &str) -> (String, BTreeMap<String, String>) {
    let mut meta = BTreeMap::new();
    let mut body = text;
    if let Some(header) = Header::parse(text) {
        meta.insert("date".to_owned(), header.date.to_owned());
        meta.insert("url".to_owned(), header.url.to_owned());
        body = &text[header.byte_len..];
    }
    let title = body
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    (title.to_owned(), meta)
}

/// The `.txt` files a `--docs` path names: the file itself, or the `.txt`
/// files of a folder (recursively), sorted by path.
pub fn txt_files_in(path: &Path) -> Result<Vec<PathBuf>, FileError> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir)
            .map_err(|err| FileError::new(&dir, format!("cannot list folder: {err}")))?;
        for entry in entries {
            let entry =
                entry.map_err(|err| FileError::new(&dir, format!("cannot list folder: {err}")))?;
            let child = entry.path();
            if child.is_dir() {
                pending.push(child);
            } else if child.extension().is_some_and(|e| e == "txt") {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_line_fills_date_and_url_and_title_follows_it() {
        let (title, meta) = title_and_meta(
            " date 2025-09-08 https://example.org/x\n\nTrump Plans \u{201C}Talks\u{201D}\r\n\nBody",
        );
        assert_eq!(title, "Trump Plans \u{201C}Talks\u{201D}");
        assert_eq!(meta.get("date").map(String::as_str), Some("2025-09-08"));
        assert_eq!(
            meta.get("url").map(String::as_str),
            Some("https://example.org/x")
        );
    }

    #[test]
    fn without_header_the_first_non_empty_line_is_the_title() {
        let (title, meta) = title_and_meta("\n  Putin, Trump To Meet\nmore");
        assert_eq!(title, "Putin, Trump To Meet");
        assert!(meta.is_empty());
    }

    #[test]
    fn text_is_kept_byte_for_byte() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a b.txt");
        let text = "date 2025-01-01 u\r\nT\u{A0}itle\r\n\u{1F600}\r\n";
        fs::write(&path, text).expect("write");
        let doc = document_from_txt(&path).expect("reads");
        assert_eq!(doc.id.as_str(), "a b");
        assert_eq!(doc.text, text);
        assert_eq!(doc.title, "T\u{A0}itle");
    }

    #[test]
    fn folders_list_their_txt_files_sorted() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        for name in ["b.txt", "a.txt", "notes.md", "sub/c.txt"] {
            fs::write(dir.path().join(name), "x").expect("write");
        }
        let files = txt_files_in(dir.path()).expect("lists");
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).expect("under"))
            .collect();
        assert_eq!(
            names,
            [
                Path::new("a.txt"),
                Path::new("b.txt"),
                Path::new("sub/c.txt")
            ]
        );
    }
}
