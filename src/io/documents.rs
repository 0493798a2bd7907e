//! Documents for a new project: `.txt` files (the file stem is the id, the
//! text the file verbatim), folders of them, and `.jsonl` files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::FileError;
use super::import::{ImportOptions, apply_records};
use super::jsonl::parse_jsonl;
use super::read::read_text;
use super::text_docs::{document_from_txt, txt_files_in};
use crate::model::Project;

/// Adds the documents of every path to `project`: `.txt` files, folders
/// of them, and `.jsonl` files (documents with their layers); an id used
/// twice is refused, naming both places.
pub fn project_from_paths(mut project: Project, paths: &[PathBuf]) -> Result<Project, FileError> {
    let mut origin: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in paths {
        if path.extension().is_some_and(|e| e == "jsonl") {
            let records = parse_jsonl(&read_text(path)?, path)?;
            for record in &records {
                check_unique(&mut origin, &record.id, path, Some(record.line))?;
            }
            project = apply_records(&project, &records, &ImportOptions::default(), path)?.0;
            continue;
        }
        if !path.exists() {
            return Err(FileError::new(path, "no such file or folder"));
        }
        for file in txt_files_in(path)? {
            let doc = document_from_txt(&file)?;
            check_unique(&mut origin, doc.id.as_str(), &file, None)?;
            project.documents.push(doc);
        }
    }
    Ok(project)
}

fn check_unique(
    origin: &mut BTreeMap<String, PathBuf>,
    id: &str,
    path: &Path,
    line: Option<usize>,
) -> Result<(), FileError> {
    if let Some(first) = origin.get(id) {
        if first != path || line.is_none() {
            let message = format!("document id {id:?} is also used by {}", first.display());
            return Err(match line {
                Some(line) => FileError::at(path, line, None, message),
                None => FileError::new(path, message),
            });
        }
        return Ok(());
    }
    origin.insert(id.to_owned(), path.to_owned());
    Ok(())
}
