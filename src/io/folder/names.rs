//! Where a folder project keeps each file: names from ids and annotator
//! names through the reversible escaping of [`crate::io::file_names`].

use std::collections::BTreeMap;

use crate::io::file_names::{MAX_FILE_NAME_BYTES, escape, unescape};
use crate::model::{DocId, Project};

/// The project file inside the folder: schema and documents.
pub const INDEX: &str = "project.ron";

/// The folder of the documents' texts.
pub const TEXTS: &str = "texts";

/// The folder of the layers, one folder per annotator inside.
pub const LAYERS: &str = "layers";

/// The extension of a text file.
const TEXT_EXTENSION: &str = ".txt";

/// The extension of a layer file.
pub const LAYER_EXTENSION: &str = ".ron";

/// The path, relative to the folder and with `/` between its parts, of the
/// text of document `id`.
pub fn text_file(id: &DocId) -> String {
    format!("{TEXTS}/{}{TEXT_EXTENSION}", escape(id.as_str()))
}

/// The path, relative to the folder, of `annotator`'s folder of layers.
pub fn annotator_folder(annotator: &str) -> String {
    format!("{LAYERS}/{}", escape(annotator))
}

/// The path, relative to the folder, of `annotator`'s layer on `id`.
pub fn layer_file(annotator: &str, id: &DocId) -> String {
    format!(
        "{}/{}{LAYER_EXTENSION}",
        annotator_folder(annotator),
        escape(id.as_str())
    )
}

/// The annotator whose folder inside `layers/` is named `folder`, if the
/// name is one [`layer_file`] writes.
pub fn annotator_of(folder: &str) -> Option<String> {
    let name = unescape(folder);
    (escape(&name) == folder).then_some(name)
}

/// The document whose layer file is named `file`, if the name is one
/// [`layer_file`] writes.
pub fn document_of(file: &str) -> Option<DocId> {
    let stem = file.strip_suffix(LAYER_EXTENSION)?;
    let id = unescape(stem);
    (escape(&id) == stem).then(|| DocId::from(id.as_str()))
}

/// Fails, naming both, when two document ids or two annotator names would
/// share a file on a file system that ignores case (macOS, Windows), or
/// when a name is too long for a file name.
pub fn check_names(project: &Project) -> Result<(), String> {
    let mut docs: BTreeMap<String, &str> = BTreeMap::new();
    for doc in &project.documents {
        let id = doc.id.as_str();
        let stem = escape(id);
        if stem.len() + TEXT_EXTENSION.len() > MAX_FILE_NAME_BYTES {
            return Err(format!(
                "document {id:?} cannot be kept in a folder project: its file name {stem}{TEXT_EXTENSION} would be {} bytes, and file systems allow {MAX_FILE_NAME_BYTES}; shorten the id",
                stem.len() + TEXT_EXTENSION.len()
            ));
        }
        if let Some(other) = docs.insert(stem.to_lowercase(), id) {
            return Err(format!(
                "documents {other:?} and {id:?} would share the file {} on file systems that ignore case (macOS, Windows); rename one",
                text_file(&doc.id)
            ));
        }
    }
    let mut annotators: BTreeMap<String, &str> = BTreeMap::new();
    for name in project.documents.iter().flat_map(|d| d.layers.keys()) {
        let folder = escape(name);
        if folder.len() > MAX_FILE_NAME_BYTES {
            return Err(format!(
                "annotator {name:?} cannot be kept in a folder project: the folder name {folder} would be {} bytes, and file systems allow {MAX_FILE_NAME_BYTES}",
                folder.len()
            ));
        }
        if let Some(other) = annotators.insert(folder.to_lowercase(), name)
            && other != name
        {
            return Err(format!(
                "annotators {other:?} and {name:?} would share the folder {LAYERS}/{folder} on file systems that ignore case (macOS, Windows); rename one"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Document, Layer, Schema};

    fn project(ids: &[&str], annotators: &[&str]) -> Project {
        let mut project = Project::new(Schema::builtin());
        for id in ids {
            let mut doc = Document::new((*id).into(), String::new(), BTreeMap::new(), "t".into());
            for name in annotators {
                doc.layers.insert((*name).into(), Layer::default());
            }
            project.documents.push(doc);
        }
        project
    }

    #[test]
    fn names_escape_what_a_file_name_cannot_hold_and_come_back() {
        let id = DocId::from("a/b:c");
        assert_eq!(text_file(&id), "texts/a%2Fb%3Ac.txt");
        assert_eq!(
            layer_file("model:crf", &id),
            "layers/model%3Acrf/a%2Fb%3Ac.ron"
        );
        assert_eq!(annotator_of("model%3Acrf").as_deref(), Some("model:crf"));
        assert_eq!(document_of("a%2Fb%3Ac.ron"), Some(id));
        assert_eq!(document_of("x.txt"), None);
        assert_eq!(annotator_of("a:b"), None, "not a name the folder writes");
        assert_eq!(document_of(".hidden.ron"), None);
    }

    #[test]
    fn names_alike_but_for_case_are_refused_naming_both() {
        let err = check_names(&project(&["Doc", "doc"], &[])).expect_err("alike");
        assert!(err.contains("\"Doc\" and \"doc\""), "{err}");
        let err = check_names(&project(&["a"], &["Ann", "ann"])).expect_err("alike");
        assert!(err.contains("\"Ann\" and \"ann\""), "{err}");
        assert!(check_names(&project(&["a", "b"], &["ann", "bob", "model:x"])).is_ok());
    }

    #[test]
    fn ids_too_long_for_a_file_name_are_refused() {
        let err = check_names(&project(&[&"d".repeat(260)], &[])).expect_err("long");
        assert!(err.contains("264 bytes"), "{err}");
    }
}
