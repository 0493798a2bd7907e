//! Loading a folder project: `project.ron`, then every text and every
//! layer file read and checked on every core. Each file is checked against
//! the list (a text whose SHA-256 differs, a layer for an unknown document
//! or made against another text) and the first problem, in a fixed order,
//! is the one error, naming its file.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::index::{Entry, Index, locate_entry, parse_index};
use super::layer_file::{LayerFile, parse_layer_file};
use super::names::{INDEX, LAYERS, TEXTS, annotator_of, document_of, layer_file};
use super::stamp::{FileStamp, FolderStamp};
use crate::io::FileError;
use crate::io::atomic::SAVING_SUFFIX;
use crate::io::locate::{locate, locate_in_layer};
use crate::io::read::into_text;
use crate::io::ron_support::check_problems_located;
use crate::model::parallel;
use crate::model::validate::document_layer_problems;
use crate::model::{DocId, Document, Layer, Place, Problem, Project, text_sha256};

/// A layer file found in `layers/`.
struct Found {
    /// Its path relative to the folder.
    file: String,
    annotator: String,
    document: DocId,
}

/// Loads and checks the folder project `dir`, with the stamp of what it
/// read.
pub fn load_folder(dir: &Path) -> Result<(Project, FolderStamp), FileError> {
    if !dir.is_dir() {
        return Err(if dir.exists() {
            FileError::new(
                dir,
                "is a file; a folder project is a folder NAME.marginalia",
            )
        } else {
            FileError::new(dir, "no such folder project")
        });
    }
    let index_path = dir.join(INDEX);
    let (index_text, index_stamp) = read(&index_path).map_err(|err| {
        if index_path.exists() {
            err
        } else {
            FileError::new(
                &index_path,
                "missing: a folder project keeps its schema and documents in project.ron",
            )
        }
    })?;
    let Index { schema, documents } = parse_index(&index_text, &index_path)?;
    let mut stamp = FolderStamp {
        index_stamp: Some(index_stamp),
        indexed: documents.iter().map(|e| e.id.clone()).collect(),
        ..FolderStamp::default()
    };
    let texts = parallel::map(&documents, |entry| read_text_of(dir, entry));
    let mut docs = Vec::with_capacity(documents.len());
    for (entry, text) in documents.into_iter().zip(texts) {
        let (text, file_stamp) = text?;
        stamp.files.insert(entry.file.clone(), file_stamp);
        docs.push(Document {
            id: entry.id,
            title: entry.title,
            meta: entry.meta,
            sha256: entry.sha256,
            text,
            layers: BTreeMap::new(),
        });
    }
    let mut project = Project {
        schema,
        documents: docs,
    };
    read_layers(dir, &mut project, &mut stamp)?;
    super::names::check_names(&project).map_err(|message| FileError::new(dir, message))?;
    check_layers(dir, &project)?;
    project.canonicalize();
    stamp.index = index_text;
    stamp.stamp_folders(dir);
    Ok((project, stamp))
}

/// Reads every layer file of the folder `dir` into the documents of
/// `project` (each checked against its document), noting each file and
/// every leftover of a killed save in `stamp`.
pub(super) fn read_layers(
    dir: &Path,
    project: &mut Project,
    stamp: &mut FolderStamp,
) -> Result<(), FileError> {
    note_strays_in(dir, "", stamp);
    note_strays_in(dir, TEXTS, stamp);
    let found = list_layers(dir, stamp)?;
    let docs = &project.documents;
    let position: HashMap<&DocId, usize> =
        docs.iter().enumerate().map(|(i, d)| (&d.id, i)).collect();
    let layers = parallel::map(&found, |found| {
        let path = dir.join(&found.file);
        let (source, file_stamp) = read(&path)?;
        let file = parse_layer_file(&source, &path)?;
        let doc = check_layer(&path, &source, found, &file, &position, docs, dir)?;
        Ok::<_, FileError>((doc, file.layer, file_stamp))
    });
    let mut placed: Vec<(usize, String, Layer)> = Vec::with_capacity(found.len());
    for (found, layer) in found.into_iter().zip(layers) {
        let (doc, layer, file_stamp) = layer?;
        stamp.files.insert(found.file, file_stamp);
        placed.push((doc, found.annotator, layer));
    }
    for (doc, annotator, layer) in placed {
        project.documents[doc].layers.insert(annotator, layer);
    }
    Ok(())
}

/// A file's text and stamp; an error names the file.
fn read(path: &Path) -> Result<(String, FileStamp), FileError> {
    let fail = |err: std::io::Error| FileError::new(path, format!("cannot read: {err}"));
    let mut file = fs::File::open(path).map_err(fail)?;
    let metadata = file.metadata().map_err(fail)?;
    if metadata.is_dir() {
        return Err(FileError::new(path, "is a folder, expected a file"));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.read_to_end(&mut bytes).map_err(fail)?;
    Ok((into_text(path, bytes)?, FileStamp::of(&metadata)))
}

/// The text of `entry` in the folder `dir`, checked against its SHA-256.
pub(super) fn read_text_of(dir: &Path, entry: &Entry) -> Result<(String, FileStamp), FileError> {
    let path = dir.join(&entry.file);
    if !path.exists() {
        return Err(FileError::new(
            &path,
            format!(
                "missing: project.ron lists document {:?} with its text in this file",
                entry.id.as_str()
            ),
        ));
    }
    let (text, stamp) = read(&path)?;
    let sha256 = text_sha256(&text);
    if sha256 != entry.sha256 {
        return Err(FileError::new(
            &path,
            format!(
                "the text of document {:?} was changed after annotation: its SHA-256 is {sha256}, project.ron records {}; put the original text back (e.g. `git checkout -- {}`), since every layer's offsets point into it",
                entry.id.as_str(),
                entry.sha256,
                path.display()
            ),
        ));
    }
    Ok((text, stamp))
}

/// Every layer file in `layers/`, in annotator then file order; temporary
/// files of a killed save are noted in `stamp` and skipped, other hidden
/// files skipped, anything else that is not a layer file is an error.
fn list_layers(dir: &Path, stamp: &mut FolderStamp) -> Result<Vec<Found>, FileError> {
    let layers = dir.join(LAYERS);
    let mut found = Vec::new();
    if !layers.exists() {
        return Ok(found);
    }
    for folder in sorted_entries(&layers)? {
        let Some(name) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            return Err(FileError::new(&folder, "is not named in UTF-8"));
        };
        if name.starts_with('.') {
            note_stray(stamp, LAYERS, &name);
            continue;
        }
        if !folder.is_dir() {
            return Err(FileError::new(
                &folder,
                "is not an annotator's folder: layers/ holds one folder per annotator",
            ));
        }
        let annotator = annotator_of(&name).ok_or_else(|| {
            FileError::new(
                &folder,
                format!(
                    "is not a folder name Marginalia writes for an annotator (it would be {:?})",
                    crate::io::file_names::escape(&crate::io::file_names::unescape(&name))
                ),
            )
        })?;
        stamp.annotators.insert(annotator.clone());
        let relative_folder = format!("{LAYERS}/{name}");
        for file in sorted_entries(&folder)? {
            let Some(file_name) = file.file_name().and_then(|n| n.to_str()).map(str::to_owned)
            else {
                return Err(FileError::new(&file, "is not named in UTF-8"));
            };
            if file_name.starts_with('.') {
                note_stray(stamp, &relative_folder, &file_name);
                continue;
            }
            let document = document_of(&file_name).ok_or_else(|| {
                FileError::new(
                    &file,
                    "is not a layer file: an annotator's folder holds one DOCUMENT-ID.ron per document",
                )
            })?;
            found.push(Found {
                file: layer_file(&annotator, &document),
                annotator: annotator.clone(),
                document,
            });
        }
    }
    Ok(found)
}

/// Notes `name` in `folder` as a save's leftover when it is one.
fn note_stray(stamp: &mut FolderStamp, folder: &str, name: &str) {
    if name.starts_with('.') && name.ends_with(SAVING_SUFFIX) {
        stamp.stray.push(if folder.is_empty() {
            name.to_owned()
        } else {
            format!("{folder}/{name}")
        });
    }
}

/// Notes the leftovers of killed saves in `folder` (relative to `dir`).
fn note_strays_in(dir: &Path, folder: &str, stamp: &mut FolderStamp) {
    let Ok(entries) = fs::read_dir(dir.join(folder)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if let Some(name) = entry.file_name().to_str() {
            note_stray(stamp, folder, name);
        }
    }
}

/// The entries of `dir`, sorted by name.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let fail = |err: std::io::Error| FileError::new(dir, format!("cannot list: {err}"));
    let mut entries = fs::read_dir(dir)
        .map_err(fail)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    entries.sort();
    Ok(entries)
}

/// Checks that a layer file (at `path`, its text `source`) belongs where it
/// lies in the folder `dir`: its `document` is the one its name says,
/// listed in `project.ron`, with the same text. Gives the document's index.
fn check_layer(
    path: &Path,
    source: &str,
    found: &Found,
    file: &LayerFile,
    position: &HashMap<&DocId, usize>,
    docs: &[Document],
    dir: &Path,
) -> Result<usize, FileError> {
    let index_path = dir.join(INDEX);
    let at_field = |field: &str, message: String| match source.find(&format!("{field}:")) {
        Some(byte) => FileError::at_byte(path, source, byte, message),
        None => FileError::new(path, message),
    };
    if file.document != found.document {
        return Err(at_field(
            "document",
            format!(
                "names document {:?}, but its file name is that of document {:?}",
                file.document.as_str(),
                found.document.as_str()
            ),
        ));
    }
    let Some(&doc) = position.get(&file.document) else {
        return Err(at_field(
            "document",
            format!(
                "is a layer of document {:?}, which project.ron ({}) does not list; remove the file or add the document",
                file.document.as_str(),
                index_path.display()
            ),
        ));
    };
    if file.sha256 != docs[doc].sha256 {
        let index_text = fs::read_to_string(&index_path).unwrap_or_default();
        let listed = locate_entry(&index_text, &file.document)
            .map(|byte| {
                let (line, _) = crate::io::error::line_column(&index_text, byte);
                format!(" (line {line})")
            })
            .unwrap_or_default();
        return Err(at_field(
            "sha256",
            format!(
                "was made against another text of document {:?}: its sha256 is {}, project.ron{listed} records {}",
                file.document.as_str(),
                file.sha256,
                docs[doc].sha256
            ),
        ));
    }
    Ok(doc)
}

/// Checks every layer against the schema and its text, on every core; the
/// first problem is an error at its place in its layer file.
fn check_layers(dir: &Path, project: &Project) -> Result<(), FileError> {
    let problems: Vec<Problem> = parallel::map(&project.documents, |doc| {
        document_layer_problems(&project.schema, doc)
    })
    .into_iter()
    .flatten()
    .collect();
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let (file, in_layer) = match &first.place {
        Place::Layer { doc, annotator } | Place::Span { doc, annotator, .. } => {
            (dir.join(layer_file(annotator, doc)), true)
        }
        _ => (dir.join(INDEX), false),
    };
    let source = fs::read_to_string(&file).unwrap_or_default();
    let locator = if in_layer { locate_in_layer } else { locate };
    check_problems_located(&source, &file, &problems, locator)
}
