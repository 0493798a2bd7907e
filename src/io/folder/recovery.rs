//! The recovery folder of a folder project: what autosave keeps of the
//! unsaved changes, written the way a save writes (only changed files,
//! each atomically), without copying the project.
//!
//! It is a sparse folder project beside the project: its `project.ron`
//! (schema and documents as they are now), the layers of the documents
//! changed since the last save, the texts the saved folder lacks, and
//! `changed.ron`, the list of those documents. Restoring reads the saved
//! folder and lays the recovery folder over it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::index::parse_index;
use super::load::{load_folder, read_layers, read_text_of};
use super::names::INDEX;
use super::save::{Scope, save_folder};
use super::stamp::FolderStamp;
use crate::io::FileError;
use crate::io::atomic::write_atomic;
use crate::io::read::read_text;
use crate::model::{DocId, Document, Project};

/// The list of documents whose layers the recovery folder holds.
const CHANGED: &str = "changed.ron";

/// Writes the recovery folder `dir` of the saved folder `base` (stamped
/// `base_stamp`): the layers of the documents in `kept` (changed since the
/// save), of which only those `changed` picks are looked at when
/// `previous` stamps the recovery folder as last written.
pub fn save_recovery(
    project: &Project,
    dir: &Path,
    previous: Option<&FolderStamp>,
    base_stamp: &FolderStamp,
    kept: &BTreeSet<DocId>,
    changed: &dyn Fn(&DocId) -> bool,
) -> Result<FolderStamp, FileError> {
    if previous.is_none() && dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|err| FileError::new(dir, format!("cannot replace: {err}")))?;
    }
    let stamp = save_folder(
        project,
        dir,
        previous,
        &Scope {
            changed,
            layers: &|doc| kept.contains(doc),
            text: &|doc| !base_stamp.indexed.contains(doc),
        },
    )?;
    let list =
        ron::to_string(&kept.iter().map(DocId::as_str).collect::<Vec<_>>()).expect("ids serialise");
    write_atomic(&dir.join(CHANGED), list.as_bytes())?;
    Ok(stamp)
}

/// The project as the recovery folder `dir` left it over the saved folder
/// `base`, and the saved folder's stamp.
pub fn load_recovery(dir: &Path, base: &Path) -> Result<(Project, FolderStamp), FileError> {
    let (saved, base_stamp) = load_folder(base)?;
    let changed_path = dir.join(CHANGED);
    let changed: BTreeSet<DocId> = ron::from_str::<Vec<String>>(&read_text(&changed_path)?)
        .map_err(|err| crate::io::ron_support::ron_error(&changed_path, &err))?
        .into_iter()
        .map(|id| DocId::from(id.as_str()))
        .collect();
    let index_path = dir.join(INDEX);
    let index = parse_index(&read_text(&index_path)?, &index_path)?;
    let mut saved_docs: BTreeMap<DocId, Document> = saved
        .documents
        .into_iter()
        .map(|doc| (doc.id.clone(), doc))
        .collect();
    let mut documents = Vec::with_capacity(index.documents.len());
    for entry in index.documents {
        let mut doc = match saved_docs.remove(&entry.id) {
            Some(doc) if doc.sha256 == entry.sha256 => doc,
            _ => {
                let (text, _) = read_text_of(dir, &entry)?;
                Document::new(entry.id.clone(), String::new(), BTreeMap::new(), text)
            }
        };
        doc.title = entry.title;
        doc.meta = entry.meta;
        if changed.contains(&doc.id) {
            doc.layers.clear();
        }
        documents.push(doc);
    }
    let mut project = Project {
        schema: index.schema,
        documents,
    };
    read_layers(dir, &mut project, &mut FolderStamp::default())?;
    project.canonicalize();
    Ok((project, base_stamp))
}

/// Whether the recovery folder `dir` holds changes to the saved folder.
pub fn recovery_differs(dir: &Path, base: &Path) -> bool {
    let changed = fs::read_to_string(dir.join(CHANGED)).unwrap_or_default();
    let (Ok(recovered), saved) = (
        fs::read_to_string(dir.join(INDEX)),
        fs::read_to_string(base.join(INDEX)),
    ) else {
        return false;
    };
    changed.trim() != "[]" || saved.map_or(true, |saved| saved != recovered)
}
