//! `project.ron` of a folder project: format, version, schema and the list
//! of documents (id, title, meta, SHA-256 of the text, the text's file), in
//! the layout of the single project file, written fast and read fast when
//! it has that layout (else by `ron`, which then gives the errors).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::names::text_file;
use crate::io::FileError;
use crate::io::fast_ron::cursor::{Cursor, Step, Unsupported};
use crate::io::fast_ron::write::{PlainChars, header, meta, string};
use crate::io::locate::locate;
use crate::io::ron_support::{
    check_conflict_markers, check_duplicate_keys, check_problems, ron_error, schema_config,
};
use crate::model::{DocId, Document, Place, Problem, Project, Schema};

/// The `format` of a folder project's `project.ron`.
pub const FOLDER_FORMAT: &str = "marginalia-folder";

/// The version of the folder layout this build writes.
pub const FOLDER_VERSION: u32 = 1;

/// One document as `project.ron` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The document's id.
    pub id: DocId,
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// Its metadata.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// SHA-256 of its text.
    pub sha256: String,
    /// Its text file, relative to the folder.
    pub file: String,
}

/// What `project.ron` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// The project's schema.
    pub schema: Schema,
    /// The documents, in project order.
    pub documents: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    format: String,
    version: u32,
    schema: Schema,
    documents: Vec<Entry>,
}

/// The bytes of `project.ron` for `project`.
pub fn write_index(project: &Project) -> String {
    let plain = &mut PlainChars::default();
    let mut out = String::with_capacity(256 * project.documents.len() + 4096);
    header(
        &mut out,
        FOLDER_FORMAT,
        FOLDER_VERSION,
        &project.schema,
        schema_config(),
        plain,
    );
    if project.documents.is_empty() {
        out.push_str("[],\n");
    } else {
        out.push_str("[\n");
        for doc in &project.documents {
            entry(&mut out, doc, plain);
        }
        out.push_str("  ],\n");
    }
    out.push(')');
    out
}

fn entry(out: &mut String, doc: &Document, plain: &mut PlainChars) {
    out.push_str("    (\n      id: ");
    string(out, doc.id.as_str(), plain);
    out.push_str(",\n      title: ");
    string(out, &doc.title, plain);
    out.push_str(",\n");
    meta(out, &doc.meta, plain);
    out.push_str("      sha256: ");
    string(out, &doc.sha256, plain);
    out.push_str(",\n      file: ");
    string(out, &text_file(&doc.id), plain);
    out.push_str(",\n    ),\n");
}

/// Reads `project.ron` (its text `source`, read from `path`) and checks it:
/// format and version, the schema, unique ids, each document's text file
/// where the folder keeps it.
pub fn parse_index(source: &str, path: &Path) -> Result<Index, FileError> {
    let index = match parse_fast(source) {
        Some(index) => index,
        None => parse_with_ron(source, path)?,
    };
    check_problems(source, path, &index_problems(&index))?;
    Ok(index)
}

fn parse_fast(source: &str) -> Option<Index> {
    let mut cursor = Cursor::new(source);
    let schema = cursor.header_of(FOLDER_FORMAT, FOLDER_VERSION).ok()?;
    let mut documents = Vec::new();
    while cursor.more(b']').ok()? {
        documents.push(cursor.entry().ok()?);
        cursor.separator(b']').ok()?;
    }
    cursor.tail().ok()?;
    Some(Index { schema, documents })
}

impl Cursor<'_> {
    /// One document of `project.ron`.
    fn entry(&mut self) -> Step<Entry> {
        self.eat(b'(')?;
        let mut at = self.field()?;
        let id = self.take(&mut at, "id", Self::string)?.ok_or(Unsupported)?;
        let title = self.take(&mut at, "title", Self::string)?;
        let meta = self.take(&mut at, "meta", Self::string_map)?;
        let sha256 = self.take(&mut at, "sha256", Self::string)?;
        let file = self.take(&mut at, "file", Self::string)?;
        if at.is_some() {
            return Err(Unsupported);
        }
        Ok(Entry {
            id: DocId(id),
            title: title.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            sha256: sha256.ok_or(Unsupported)?,
            file: file.ok_or(Unsupported)?,
        })
    }
}

fn parse_with_ron(source: &str, path: &Path) -> Result<Index, FileError> {
    if source.trim().is_empty() {
        return Err(FileError::new(
            path,
            "the file is empty, expected the project file of a folder project",
        ));
    }
    check_conflict_markers(source, path)?;
    check_duplicate_keys(source, path)?;
    let file: IndexFile = ron::from_str(source).map_err(|err| {
        let err = ron_error(path, &err);
        if source.contains(&format!("{:?}", crate::io::project_format::FORMAT)) {
            err.with_note(" (this is a single project file, not a folder's project.ron)")
        } else {
            err
        }
    })?;
    let at_field = |field: &str, message: String| match source.find(&format!("{field}:")) {
        Some(byte) => FileError::at_byte(path, source, byte, message),
        None => FileError::new(path, message),
    };
    if file.format != FOLDER_FORMAT {
        return Err(at_field(
            "format",
            format!(
                "format {:?} is not a Marginalia folder project ({FOLDER_FORMAT:?})",
                file.format
            ),
        ));
    }
    if file.version != FOLDER_VERSION {
        return Err(at_field(
            "version",
            format!(
                "folder project version {} is not one this Marginalia understands (it reads {FOLDER_VERSION}){}",
                file.version,
                if file.version > FOLDER_VERSION {
                    "; please upgrade"
                } else {
                    ""
                }
            ),
        ));
    }
    Ok(Index {
        schema: file.schema,
        documents: file.documents,
    })
}

/// Problems of the schema and the list: empty or repeated ids, a text file
/// elsewhere than where the folder keeps the document's text.
fn index_problems(index: &Index) -> Vec<Problem> {
    let mut problems = index.schema.problems();
    let mut seen = BTreeSet::new();
    for entry in &index.documents {
        let place = || Place::Document {
            doc: entry.id.clone(),
        };
        if entry.id.as_str().trim().is_empty() {
            problems.push(Problem::new(place(), "document id is empty"));
        }
        if !seen.insert(&entry.id) {
            problems.push(Problem::new(
                place(),
                format!("document id {:?} is used twice", entry.id.as_str()),
            ));
        }
        let expected = text_file(&entry.id);
        if entry.file != expected {
            problems.push(Problem::new(
                place(),
                format!(
                    "document {:?} has its text in {:?}; a folder project keeps it in {expected:?}",
                    entry.id.as_str(),
                    entry.file
                ),
            ));
        }
    }
    problems
}

/// Where in `project.ron` (its text `source`) the document `id` is listed.
pub fn locate_entry(source: &str, id: &DocId) -> Option<usize> {
    locate(source, &Place::Document { doc: id.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file::tests::sample_project;
    use crate::io::ron_support::pretty_config;

    fn reference(project: &Project) -> String {
        let file = IndexFile {
            format: FOLDER_FORMAT.into(),
            version: FOLDER_VERSION,
            schema: project.schema.clone(),
            documents: project
                .documents
                .iter()
                .map(|doc| Entry {
                    id: doc.id.clone(),
                    title: doc.title.clone(),
                    meta: doc.meta.clone(),
                    sha256: doc.sha256.clone(),
                    file: text_file(&doc.id),
                })
                .collect(),
        };
        ron::ser::to_string_pretty(&file, pretty_config()).expect("serialises")
    }

    #[test]
    fn the_index_is_written_as_ron_writes_it_and_read_back() {
        let mut project = sample_project();
        project.documents[0].meta.insert(
            "\u{201C}q\u{201D}".into(),
            "e\u{301} \u{1F469}\u{200D}\u{1F4BB}".into(),
        );
        for project in [project, Project::new(Schema::builtin())] {
            let text = write_index(&project);
            assert_eq!(text, reference(&project));
            let fast = parse_fast(&text).expect("fast path");
            let slow = parse_with_ron(&text, Path::new("project.ron")).expect("ron reads it");
            assert_eq!(fast, slow);
            assert_eq!(fast.documents.len(), project.documents.len());
        }
    }

    #[test]
    fn a_text_kept_elsewhere_is_an_error_at_its_document() {
        let project = sample_project();
        let text = write_index(&project).replacen("file: \"texts/", "file: \"elsewhere/", 1);
        let err = parse_index(&text, Path::new("p/project.ron")).expect_err("refused");
        assert!(
            err.to_string().contains("a folder project keeps it in"),
            "{err}"
        );
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn a_single_project_file_is_not_an_index() {
        let text = crate::io::project_to_ron(&sample_project());
        let err = parse_index(&text, Path::new("p/project.ron")).expect_err("refused");
        assert!(
            err.to_string().contains("not a folder's project.ron"),
            "{err}"
        );
    }
}
